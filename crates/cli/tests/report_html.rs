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

use browser::{ENGLISH, KOREAN, assert_popups_match};
use common::{path_str, read_json, run_ok};

/// `sightline demo` into `out`, with `extra` flags.
fn demo(out: &Path, extra: &[&str]) {
    let mut args = vec!["demo", "--out", path_str(out)];
    args.extend(extra);
    run_ok(&args);
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
    browser::keep_screenshot(&chromium, &page, "report-demo");
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
