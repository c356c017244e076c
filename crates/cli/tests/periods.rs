//! `sightline plan --population … --period … --periods-objective …` and
//! `--event`: the shipped made-up town through the flags the issue names;
//! the files they write; a study saved from them plans the same.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use common::{path_str, read_json, run_ok, run_ok_stderr, strings};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data")
        .join(path)
}

/// `plan` on the town's records, poles, dong and hourly table, with
/// `extra` flags.
fn plan_args(out: &Path, extra: &[&str]) -> Vec<String> {
    let poles = data("records/poles.csv");
    let mut args = strings(&[
        "plan",
        "--records",
        path_str(&data("records/complaints.csv")),
        "--record-time",
        "접수일시",
        "--record-address",
        "주소",
        "--geocode-with",
        &format!("{}:소재지도로명주소,소재지지번주소", path_str(&poles)),
        "--sites",
        path_str(&poles),
        "--districts",
        path_str(&data("records/dong.geojson")),
        "--population",
        path_str(&data("population/hanbit_hourly.csv")),
        "--district-code",
        "code",
        "--mode",
        "grid",
        "--grid",
        "25",
        "--radius",
        "60",
        "--cameras",
        "5",
        "--out",
        path_str(out),
    ]);
    args.extend(strings(extra));
    args
}

const PERIODS: [&str; 6] = [
    "--period",
    "night:22-06:2",
    "--period",
    "day:06-18",
    "--period",
    "evening:18-22",
];

#[test]
fn the_period_flags_write_periods_csv_hours_svg_and_the_summarys_periods() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut extra = PERIODS.to_vec();
    extra.extend([
        "--periods-objective",
        "worst",
        "--map-period",
        "night",
        "--lang",
        "ko",
    ]);
    let stderr = run_ok_stderr(&plan_args(&out, &extra));
    assert!(
        stderr.contains("population table") && stderr.contains("2 masked"),
        "{stderr}"
    );
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["periods_objective"], "worst");
    let periods = summary["periods"].as_array().unwrap();
    let names: Vec<&str> = periods.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["night", "day", "evening"]);
    for period in periods {
        for key in [
            "hours",
            "population",
            "demand",
            "covered_before",
            "covered_after",
            "fraction",
        ] {
            assert!(!period[key].is_null(), "{key} in {period}");
        }
        let (after, demand) = (
            period["covered_after"].as_f64().unwrap(),
            period["demand"].as_f64().unwrap(),
        );
        assert!((period["fraction"].as_f64().unwrap() - after / demand).abs() < 1e-12);
    }
    assert_eq!(periods[0]["hours"], "22-06");
    // The score of a worst-period plan is its smallest period share.
    let smallest = periods
        .iter()
        .map(|p| p["fraction"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    assert!((summary["score"].as_f64().unwrap() - smallest).abs() < 1e-12);
    assert!(summary["upper_bound"].as_f64().unwrap() >= smallest);
    assert_eq!(summary["hours"].as_array().unwrap().len(), 24);
    // Every row of the table accounted for (examples/data/population/README.md).
    let table = &summary["population"];
    assert_eq!(
        [
            &table["rows"],
            &table["used"],
            &table["masked"],
            &table["bad_hour"],
            &table["bad_value"],
            &table["unmatched_rows"]
        ],
        [146, 142, 2, 1, 0, 1]
    );
    assert_eq!(table["days"], 2);
    let csv = std::fs::read_to_string(out.join("periods.csv")).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("period,hours,weight,population,demand,covered_before,covered_after,fraction")
    );
    assert_eq!(csv.lines().count(), 4);
    let svg = std::fs::read_to_string(out.join("hours.svg")).unwrap();
    assert!(svg.contains("시간대") && svg.contains("night"), "hours.svg");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("## 시간대별 감시") && report.contains("hours.svg"),
        "{report}"
    );
    let map = std::fs::read_to_string(out.join("map.svg")).unwrap();
    assert!(map.contains("(night)"), "map.svg names the period it shows");
}

#[test]
fn without_periods_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let mut args = plan_args(&plain, &[]);
    // No population either: the plan of the records alone, as before.
    let at = args.iter().position(|a| a == "--population").unwrap();
    args.drain(at..at + 4);
    run_ok(&args);
    assert!(!plain.join("periods.csv").exists() && !plain.join("hours.svg").exists());
    let summary = read_json(&plain.join("summary.json"));
    assert!(summary.get("periods").is_none() && summary.get("periods_objective").is_none());
}

#[test]
fn an_event_plan_says_how_much_more_of_the_crowd_it_sees() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let area = dir.path().join("market.geojson");
    // A made-up night market in 가람동, ten times as crowded as the town.
    std::fs::write(
        &area,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.851,37.651],[126.856,37.651],[126.856,37.655],[126.851,37.655],[126.851,37.651]]]}}]}"#,
    )
    .unwrap();
    let poles = data("records/poles.csv");
    let extra = [
        "--existing",
        path_str(&poles),
        "--existing-radius",
        "15",
        "--event",
        path_str(&area),
        "--event-hours",
        "18-23",
        "--event-visitors",
        "40000",
    ];
    run_ok(&plan_args(&out, &extra));
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["periods_objective"], "event");
    let hours = summary["event"]["by_hour"].as_array().unwrap();
    assert_eq!(hours.len(), 5);
    for hour in hours {
        assert!(
            hour["seen_after"].as_f64().unwrap() > hour["seen_before"].as_f64().unwrap(),
            "{hour}"
        );
    }
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("### Event") && report.contains("percentage points"),
        "{report}"
    );
}

#[test]
fn a_study_saved_from_period_flags_plans_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (out, again) = (dir.path().join("out"), dir.path().join("again"));
    let study = dir.path().join("studies").join("study.toml");
    let mut extra = PERIODS.to_vec();
    extra.extend([
        "--periods-objective",
        "worst",
        "--population-columns",
        "행정동코드,시간대구분,총생활인구수",
        "--save-study",
        path_str(&study),
    ]);
    run_ok(&plan_args(&out, &extra));
    let text = std::fs::read_to_string(&study).unwrap();
    assert!(
        text.contains("[[period]]")
            && text.contains("role = \"population\"")
            && text.contains("periods_objective = \"worst\""),
        "{text}"
    );
    let mut edited: toml::Table = toml::from_str(&text).unwrap();
    edited["outputs"]["folder"] = toml::Value::String(path_str(&again).to_owned());
    std::fs::write(&study, toml::to_string(&edited).unwrap()).unwrap();
    run_ok(&strings(&["run", path_str(&study)]));
    let (first, second) = (
        read_json(&out.join("summary.json")),
        read_json(&again.join("summary.json")),
    );
    assert_eq!(first["periods"], second["periods"]);
    assert_eq!(first["score"], second["score"]);
}
