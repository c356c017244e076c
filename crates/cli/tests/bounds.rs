//! Bounds that never overstate and time limits that hold, end to end.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{path_str, read_json, run_ok};

/// The case: the Goyang security lights as demand and as sites,
/// 5 km cameras, 10 asked. Eight cover every light; the bound is what can
/// be covered, the gap 0 and the plan proven, for every solver.
#[test]
fn covering_everything_coverable_is_proven_at_once_by_every_solver() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang radius 5000") else {
        return;
    };
    let lights = data.join("goyang/goyang_security_lights.geojson");
    let dir = tempfile::tempdir().unwrap();
    for solver in ["greedy", "local", "exact", "auto"] {
        let out = dir.path().join(solver);
        run_ok(&[
            "--quiet",
            "plan",
            "--demand",
            path_str(&lights),
            "--sites",
            path_str(&lights),
            "--radius",
            "5000",
            "--cameras",
            "10",
            "--solver",
            solver,
            "--out",
            path_str(&out),
        ]);
        let summary = read_json(&out.join("summary.json"));
        let total = summary["total_weight"].as_f64().unwrap();
        assert_eq!(total, 5734.0);
        assert_eq!(summary["objective"].as_f64(), Some(total), "{solver}");
        assert_eq!(summary["upper_bound"].as_f64(), Some(total), "{solver}");
        assert_eq!(summary["gap"].as_f64(), Some(0.0), "{solver}");
        assert_eq!(summary["proven_optimal"].as_bool(), Some(true), "{solver}");
        let report = std::fs::read_to_string(out.join("report.md")).unwrap();
        assert!(!report.contains("(102."), "{solver}: {report}");
    }
}
