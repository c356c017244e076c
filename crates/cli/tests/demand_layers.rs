//! Several demand layers from the command line (`--demand FILE[:WEIGHT]`,
//! repeated) and in a study (`[[layer]] role = "demand"` with
//! `layer_weight`): the two spellings give the same plan, whose total
//! demand is the layers' weighted sum.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{path_str, read_json, run_in, strings};

/// Deogyang's emergency bells (66, weight 2 each) and patrol points (21,
/// weight 0.5 each) as demand, its CCTV sites as candidate sites.
#[test]
fn deogyang_bells_and_patrol_points_as_two_weighted_demand_layers() {
    let Some(data) = sightline_benchmarks::shared_data("Deogyang demand layers") else {
        return;
    };
    let goyang = data.join("goyang");
    let file = |name: &str| path_str(&goyang.join(name)).to_owned();
    let dir = tempfile::tempdir().unwrap();
    let by_flags = dir.path().join("by-flags");
    let bells = format!("{}:2", file("deogyang_emergency_bells.geojson"));
    let patrols = format!("{}:0.5", file("deogyang_patrol_points.geojson"));
    let sites = file("deogyang_cctv.geojson");
    let study = dir.path().join("study.toml");
    run_in(
        dir.path(),
        &strings(&[
            "plan",
            "--demand",
            &bells,
            "--demand",
            &patrols,
            "--sites",
            &sites,
            "--radius",
            "300",
            "--cameras",
            "8",
            "--solver",
            "greedy",
            "--out",
            path_str(&by_flags),
            "--save-study",
            path_str(&study),
        ]),
    );
    let summary = read_json(&by_flags.join("summary.json"));
    let total = summary["total_weight"].as_f64().unwrap();
    assert!((total - (66.0 * 2.0 + 21.0 * 0.5)).abs() < 1e-9, "{total}");
    let objective = summary["objective"].as_f64().unwrap();
    assert!(objective > 0.0 && objective <= total, "{objective}");
    // The report lists both demand layers.
    let report = std::fs::read_to_string(by_flags.join("report.md")).unwrap();
    assert!(report.contains("deogyang_emergency_bells.geojson"), "{report}");
    assert!(report.contains("deogyang_patrol_points.geojson"), "{report}");

    // The saved study holds two demand layers with their weights.
    let saved = std::fs::read_to_string(&study).unwrap();
    assert_eq!(saved.matches("role = \"demand\"").count(), 2, "{saved}");
    assert!(
        saved.contains("layer_weight = 2.0") && saved.contains("layer_weight = 0.5"),
        "{saved}"
    );

    // The same study written by hand, in TOML.
    let by_toml = dir.path().join("by-toml");
    let text = format!(
        r#"[[layer]]
role = "demand"
file = "{}"
layer_weight = 2

[[layer]]
role = "demand"
file = "{}"
layer_weight = 0.5

[[layer]]
role = "sites"
file = "{sites}"

[camera]
radius_m = 300

[objective]
cameras = 8

[solver]
method = "greedy"

[outputs]
folder = "{}"
"#,
        file("deogyang_emergency_bells.geojson"),
        file("deogyang_patrol_points.geojson"),
        path_str(&by_toml),
    );
    let written = dir.path().join("written.toml");
    std::fs::write(&written, text).unwrap();
    run_in(dir.path(), &strings(&["run", path_str(&written)]));
    for name in ["plan.geojson", "summary.json"] {
        assert_eq!(
            read_json(&by_flags.join(name)),
            read_json(&by_toml.join(name)),
            "{name}"
        );
    }
}
