//! `sightline plan --records …`: the complaint export the repository
//! ships, through the flags the issue names; `sightline init --categories`;
//! a study saved from those flags plans the same; nothing a record says
//! reaches the terminal.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use common::{path_str, read_json, run, run_ok, strings};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/records")
}

/// `plan` on the sample export `file`, with `extra` flags.
fn plan_args(file: &str, out: &Path, extra: &[&str]) -> Vec<String> {
    let data = data();
    let poles = data.join("poles.csv");
    let mut args = strings(&[
        "plan",
        "--records",
        path_str(&data.join(file)),
        "--record-text",
        "제목,내용",
        "--record-time",
        "접수일시",
        "--record-address",
        "주소",
        "--geocode-with",
        &format!("{}:소재지도로명주소,소재지지번주소", path_str(&poles)),
        "--sites",
        path_str(&poles),
        "--site-label",
        "보안등위치명",
        "--districts",
        path_str(&data.join("dong.geojson")),
        "--radius",
        "60",
        "--cameras",
        "6",
        "--solver",
        "local",
        "--out",
        path_str(out),
    ]);
    args.extend(strings(extra));
    args
}

#[test]
fn the_record_flags_plan_and_write_the_records_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = plan_args(
        "complaints.csv",
        &out,
        &["--categories", "default", "--half-life-days", "365"],
    );
    let output = run(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    for file in [
        "records.geojson",
        "records_not_located.csv",
        "summary.json",
        "report.md",
        "plan.geojson",
    ] {
        assert!(out.join(file).is_file(), "{file} missing; {stderr}");
    }
    let summary = read_json(&out.join("summary.json"));
    let records = &summary["records"];
    assert_eq!(records["read"], 300);
    assert!(records["located_by_address"].as_u64().unwrap() > 50, "{records}");
    assert!(stderr.contains("300 records read"), "{stderr}");
    assert_eq!(summary["cameras"], 6);

    // Nothing a record says, nor who said it, reaches the terminal.
    let bytes = std::fs::read(data().join("complaints.csv")).unwrap();
    let (text, _, _) = encoding_rs::EUC_KR.decode(&bytes);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let said = String::from_utf8_lossy(&output.stdout).into_owned() + &stderr;
    for row in reader.records() {
        let row = row.unwrap();
        for column in [2, 3, 7, 8] {
            assert!(
                !said.contains(&row[column]),
                "the terminal shows `{}`",
                &row[column]
            );
        }
    }
}

#[test]
fn init_writes_the_built_in_categories_which_plan_as_default_does() {
    let dir = tempfile::tempdir().unwrap();
    let categories = dir.path().join("categories.toml");
    run_ok(&strings(&["init", "--categories", path_str(&categories)]));
    assert!(!dir.path().join("scenario.toml").exists());
    let text = std::fs::read_to_string(&categories).unwrap();
    assert!(
        text.contains("[[category]]") && text.contains("keywords"),
        "{text}"
    );
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run_ok(&plan_args("complaints.csv", &a, &["--categories", "default"]));
    run_ok(&plan_args(
        "complaints.csv",
        &b,
        &["--categories", path_str(&categories)],
    ));
    for file in ["summary.json", "records.geojson", "plan.geojson"] {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
    // A second time, without --force, it refuses.
    let again = run(&strings(&["init", "--categories", path_str(&categories)]));
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn a_study_saved_from_record_flags_plans_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (out, again) = (dir.path().join("out"), dir.path().join("again"));
    // In a folder of its own: the study's file names are relative to it.
    let study = dir.path().join("studies").join("study.toml");
    let categories = dir.path().join("categories.toml");
    run_ok(&strings(&["init", "--categories", path_str(&categories)]));
    let flags = [
        "--categories",
        path_str(&categories),
        "--records-from",
        "2024-07-01",
        "--records-to",
        "2025.06.30",
        "--half-life-days",
        "180",
        "--as-of",
        "2025-07-01",
        "--save-study",
        path_str(&study),
    ];
    run_ok(&plan_args("complaints.xlsx", &out, &flags));
    let text = std::fs::read_to_string(&study).unwrap();
    assert!(
        text.contains("[records]") && text.contains("half_life_days = 180"),
        "{text}"
    );
    let mut edited: toml::Table = toml::from_str(&text).unwrap();
    edited["outputs"]["folder"] = toml::Value::String(path_str(&again).to_owned());
    std::fs::write(&study, toml::to_string(&edited).unwrap()).unwrap();
    run_ok(&strings(&["run", path_str(&study)]));
    let first = read_json(&out.join("summary.json"));
    let second = read_json(&again.join("summary.json"));
    assert_eq!(first["records"], second["records"]);
    assert_eq!(first["objective"], second["objective"]);
    assert!(first["records"]["outside_dates"].as_u64().unwrap() > 0);
}
