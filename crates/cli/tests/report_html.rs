//! The demo's `report.html` in headless Chromium, opened from a file URL
//! with no network: no console error, every new camera on the map, and
//! every camera's and district's popup showing the figures of
//! `plan.geojson` and `districts.csv`; a layer's checkbox hides it. The
//! screenshot of the page is kept as `target/artefacts/report-demo.png`.
//! The same checks run in headless Firefox. Skipped (with a message)
//! without the browser, unless `SIGHTLINE_REQUIRE_BROWSER=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

#[path = "../../render/tests/common/mod.rs"]
mod browser;
mod common;

use std::path::Path;

use serde_json::Value;

use common::{path_str, read_json, run_ok};

/// `sightline demo` into `out`, with `extra` flags.
fn demo(out: &Path, extra: &[&str]) {
    let mut args = vec!["demo", "--out", path_str(out)];
    args.extend(extra);
    run_ok(&args);
}

/// The page's rows under these labels: (rank, site, district, gain).
struct Labels {
    rank: &'static str,
    site: &'static str,
    district: &'static str,
    gain: &'static str,
    demand: &'static str,
    added: &'static str,
}

const ENGLISH: Labels = Labels {
    rank: "Rank",
    site: "Site",
    district: "District",
    gain: "Gain",
    demand: "Demand",
    added: "Cameras added",
};

const KOREAN: Labels = Labels {
    rank: "순위",
    site: "후보지",
    district: "행정구역",
    gain: "추가 감시 수요",
    demand: "수요",
    added: "추가 CCTV",
};

/// Every new camera's popup shows its `plan.geojson` rank, site id,
/// district and gain; every district's popup its `districts.csv` demand
/// and cameras added.
fn assert_popups_match(run: &browser::Run, out: &Path, labels: &Labels) {
    let plan = read_json(&out.join("plan.geojson"));
    let features = plan["features"].as_array().unwrap();
    let popups = run.result["popups"].as_array().unwrap();
    assert_eq!(popups.len(), features.len());
    for (feature, popup) in features.iter().zip(popups) {
        let p = &feature["properties"];
        let (_, rows) = browser::popup_rows(popup.as_str().unwrap());
        assert_eq!(rows[labels.rank], p["rank"].to_string(), "{popup}");
        assert_eq!(rows[labels.site], p["site_id"].as_str().unwrap(), "{popup}");
        match p["district"].as_str() {
            Some(district) => assert_eq!(rows[labels.district], district, "{popup}"),
            None => assert!(!rows.contains_key(labels.district), "{popup}"),
        }
        let gain = p["gain"].as_f64().unwrap();
        assert!(browser::shows(&rows[labels.gain], gain), "gain {gain}: {popup}");
    }
    let csv = std::fs::read_to_string(out.join("districts.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (demand, added) = (column("demand"), column("cameras_added"));
    let districts = run.result["district_popups"].as_array().unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    assert!(districts.len() >= 4, "{districts:?}");
    for (popup, row) in districts.iter().zip(&rows) {
        let text = popup.as_str().unwrap();
        let (heading, shown) = browser::popup_rows(text);
        assert_eq!(heading, row[0], "{text}");
        assert!(
            browser::shows(&shown[labels.demand], row[demand].parse().unwrap()),
            "{text}"
        );
        assert_eq!(shown[labels.added], row[added], "{text}");
    }
}

#[test]
fn the_demo_page_shows_every_camera_with_the_plan_figures() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    demo(&out, &[]);
    let page = out.join("report.html");
    let run = browser::run_test_hook(&chromium, &page, "click:all,district:all,toggle:new");
    assert_eq!(run.result["errors"], Value::Array(vec![]), "{}", run.result);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    let summary = read_json(&out.join("summary.json"));
    let cameras = read_json(&out.join("plan.geojson"))["features"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(cameras, 20, "{summary}");
    assert_eq!(run.result["new_cameras"], cameras);
    assert_popups_match(&run, &out, &ENGLISH);
    assert_eq!(run.result["toggle"]["layer"], "new");
    assert_eq!(run.result["toggle"]["visible_before"], true);
    assert_eq!(run.result["toggle"]["visible_after"], false);

    // The picture a person looks at.
    let png = browser::artefacts().join("report-demo.png");
    browser::screenshot(&chromium, &page, &png, 1280, 900);
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{} bytes",
        bytes.len()
    );
    std::fs::copy(&page, browser::artefacts().join("report-demo.html")).unwrap();
}

#[test]
fn the_korean_demo_page_speaks_korean_and_hides_blind_spots_on_request() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    demo(&out, &["--lang", "ko", "--size", "medium"]);
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(r#"<html lang="ko""#), "the page says its language");
    // Blind spots start hidden; the toggle shows them, a second hides them.
    let run = browser::run_test_hook(
        &chromium,
        &page,
        "click:all,district:all,toggle:blind,toggle:blind",
    );
    assert_eq!(run.result["errors"], Value::Array(vec![]), "{}", run.result);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    assert_eq!(run.result["new_cameras"], 100);
    assert_popups_match(&run, &out, &KOREAN);
    assert_eq!(run.result["toggle"]["layer"], "blind");
    assert_eq!(run.result["toggle"]["visible_before"], true);
    assert_eq!(run.result["toggle"]["visible_after"], false);
}

#[test]
fn the_demo_page_works_in_firefox_too() {
    let Some(firefox) = browser::firefox() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    demo(&out, &[]);
    let run = browser::run_test_hook_firefox(
        &firefox,
        &out.join("report.html"),
        "click:all,district:all,toggle:new",
    );
    assert_eq!(run.result["errors"], Value::Array(vec![]), "{}", run.result);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    assert_eq!(run.result["new_cameras"], 20);
    assert_popups_match(&run, &out, &ENGLISH);
    assert_eq!(run.result["toggle"]["visible_before"], true);
    assert_eq!(run.result["toggle"]["visible_after"], false);
}
