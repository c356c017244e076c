//! The Goyang example's `report.html` (the example's own code, run on the
//! public files in `../shared/data/goyang`) in headless Chromium, offline:
//! no console error, every new camera on the map, every camera's popup
//! showing `plan.geojson`'s rank, site id, district and gain, every
//! district's popup its demand and cameras added; the screenshot is kept as
//! `target/artefacts/report-goyang.png` for a person to look at. Skipped
//! (with a message) without the data or without Chromium, unless
//! `SIGHTLINE_REQUIRE_SHARED_DATA=1` / `SIGHTLINE_REQUIRE_BROWSER=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

#[path = "../crates/render/tests/common/mod.rs"]
mod browser;
#[allow(dead_code)] // the example's `main` is not called here
#[path = "../examples/goyang.rs"]
mod goyang_example;

use serde_json::Value;

#[test]
fn the_goyang_page_shows_every_camera_with_the_plan_figures() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang report.html") else {
        return;
    };
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("goyang");
    let plan = goyang_example::run(&data.join("goyang"), &out, 50).unwrap();
    assert_eq!(plan.chosen.len(), 50);

    let page = out.join("report.html");
    let run = browser::run_test_hook(&chromium, &page, "click:all,district:all,toggle:districts,zoom:4");
    assert_eq!(run.result["errors"], Value::Array(vec![]), "{}", run.result);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    assert_eq!(run.result["new_cameras"], 50);

    // Every camera's and dong's popup against plan.geojson and
    // districts.csv (the example's own files).
    assert_eq!(run.result["popups"].as_array().map(Vec::len), Some(50));
    assert_eq!(run.result["district_popups"].as_array().map(Vec::len), Some(39));
    browser::assert_popups_match(&run, &out, &browser::ENGLISH);
    let added: usize = plan.districts.rows.iter().map(|row| row.cameras_added).sum();
    assert_eq!(added, 50, "every camera stands in a dong");
    assert_eq!(run.result["toggle"]["visible_before"], true);
    assert_eq!(run.result["toggle"]["visible_after"], false);

    browser::keep_screenshot(&chromium, &page, "report-goyang");
}
