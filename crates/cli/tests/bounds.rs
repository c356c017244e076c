//! Bounds that never overstate, and plans that say why they place fewer
//! cameras than asked, end to end.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::{assert_success, collection, path_str, point, read_json, run, run_ok, write};

/// Runs `sightline ARGS`, fails unless it succeeds, and returns what it
/// printed on standard output (the plan's summary lines).
fn run_ok_stdout(args: &[&str]) -> String {
    let output = run(args);
    assert_success(args, &output);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Three demand points 1 km apart, two sites: one next to the first
/// point, one next to the second. The third point has no site within
/// 50 m. Planar metres (EPSG:5186).
fn write_layers(dir: &Path) -> (String, String, String) {
    let demand = write(
        dir,
        "demand.geojson",
        collection(&[
            point(200_000.0, 500_000.0, r#""w":2"#),
            point(201_000.0, 500_000.0, r#""w":3"#),
            point(202_000.0, 500_000.0, r#""w":4"#),
        ]),
    );
    let sites = write(
        dir,
        "sites.geojson",
        collection(&[
            point(200_010.0, 500_000.0, r#""id":"a""#),
            point(201_010.0, 500_000.0, r#""id":"b""#),
        ]),
    );
    let existing = write(
        dir,
        "existing.geojson",
        collection(&[point(200_000.0, 500_020.0, "")]),
    );
    (demand, sites, existing)
}

fn plan_args<'a>(demand: &'a str, sites: &'a str, out: &'a Path) -> Vec<&'a str> {
    vec![
        "plan",
        "--demand",
        demand,
        "--demand-weight",
        "w",
        "--sites",
        sites,
        "--site-id",
        "id",
        "--crs",
        "EPSG:5186",
        "--radius",
        "50",
        "--out",
        path_str(out),
    ]
}

/// The issue's case: the Goyang security lights as demand and as sites,
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

/// Asked for 5 cameras, the plan places 2: the console, the summary and
/// the report say the third point has no site within 50 m.
#[test]
fn fewer_cameras_than_asked_says_what_is_left_unseen_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (demand, sites, _) = write_layers(dir.path());
    let out = dir.path().join("out");
    let mut args = plan_args(&demand, &sites, &out);
    args.extend(["--cameras", "2"]);
    // Two sites, two cameras asked: nothing missing, nothing to explain.
    let stdout = run_ok_stdout(&args);
    assert!(!stdout.contains("why:"), "{stdout}");
    assert!(read_json(&out.join("summary.json")).get("shortfall").is_none());
    // Both sites cover one point each; the third point is out of reach.
    // With min gain 3 only the site adding 3 stays.
    args.extend(["--min-gain", "3"]);
    let stdout = run_ok_stdout(&args);
    assert!(
        stdout.contains("why: The next camera would add 2, less than the minimum gain 3."),
        "{stdout}"
    );
    let shortfall = &read_json(&out.join("summary.json"))["shortfall"];
    assert_eq!(shortfall["reason"], "below_min_gain");
    assert_eq!(shortfall["next_gain"].as_f64(), Some(2.0));
}

#[test]
fn a_plan_that_sees_all_it_can_names_the_demand_out_of_reach() {
    let dir = tempfile::tempdir().unwrap();
    let (demand, sites, _) = write_layers(dir.path());
    let out = dir.path().join("out");
    // More cameras than sites is refused; a site added far from any
    // demand makes three sites, of which only two can add anything.
    let far = write(
        dir.path(),
        "three_sites.geojson",
        collection(&[
            point(200_010.0, 500_000.0, r#""id":"a""#),
            point(201_010.0, 500_000.0, r#""id":"b""#),
            point(205_000.0, 500_000.0, r#""id":"c""#),
        ]),
    );
    drop(sites);
    let mut args = plan_args(&demand, &far, &out);
    args.extend(["--cameras", "3"]);
    let stdout = run_ok_stdout(&args);
    assert!(
        stdout.contains("the 1 demand point still unseen (weight 4) has no candidate site within 50 m"),
        "{stdout}"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("**Why fewer cameras than asked:** Every demand point"),
        "{report}"
    );
    // In Korean too.
    args.extend(["--lang", "ko"]);
    run_ok(&args);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("아직 감시되지 않는 수요 지점 1곳(가중치 4)은 반경 50 m 이내에 후보지가 없습니다."),
        "{report}"
    );
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["cameras"], 2);
    assert_eq!(summary["shortfall"]["reason"], "all_coverable_seen");
    assert_eq!(summary["shortfall"]["unseen_points"], 1);
    assert_eq!(summary["proven_optimal"], true);
}

#[test]
fn a_target_the_existing_cameras_meet_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (demand, sites, existing) = write_layers(dir.path());
    let out = dir.path().join("out");
    // A plan with cameras first, into the same folder: its curve.svg must
    // not outlive it.
    let mut first = plan_args(&demand, &sites, &out);
    first.extend(["--cameras", "1"]);
    run_ok(&first);
    assert!(out.join("curve.svg").exists());
    let mut args = plan_args(&demand, &sites, &out);
    // The existing camera sees the first point: 2 of the 5 coverable.
    args.extend(["--existing", &existing, "--target-coverage", "0.4"]);
    let stdout = run_ok_stdout(&args);
    assert!(!out.join("curve.svg").exists(), "a stale curve.svg is left");
    assert!(stdout.contains("curve.csv and map.svg\n"), "{stdout}");
    assert!(
        stdout.contains("why: The existing cameras already cover 40.0% of the coverable demand, which meets the target of 40.0%"),
        "{stdout}"
    );
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["cameras"], 0);
    assert_eq!(summary["shortfall"]["reason"], "target_met_by_existing");
}

/// A rule that keeps out every camera that would add coverage is named:
/// the budget, the spacing, the excluded sites.
#[test]
fn the_rule_that_stops_a_plan_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (demand, _, _) = write_layers(dir.path());
    let sites = write(
        dir.path(),
        "priced.geojson",
        collection(&[
            point(200_010.0, 500_000.0, r#""id":"a","c":1"#),
            point(201_010.0, 500_000.0, r#""id":"b","c":2"#),
        ]),
    );
    let out = dir.path().join("out");
    for (extra, reason, message) in [
        (
            vec!["--cameras", "2", "--budget", "2", "--site-cost", "c"],
            "budget",
            "why: The budget is spent: 0 is left, and the cheapest camera that would add coverage costs 1.",
        ),
        (
            vec!["--cameras", "2", "--min-spacing", "2000"],
            "spacing",
            "why: Every camera that would add coverage stands closer than 2000 m to a chosen one.",
        ),
        (
            vec!["--cameras", "2", "--force-out", "a"],
            "excluded",
            "why: Every camera that would add coverage stands at an excluded site.",
        ),
    ] {
        let mut args = plan_args(&demand, &sites, &out);
        args.extend(extra);
        let stdout = run_ok_stdout(&args);
        assert!(stdout.contains(message), "{reason}: {stdout}");
        let summary = read_json(&out.join("summary.json"));
        assert_eq!(summary["cameras"], 1, "{reason}");
        assert_eq!(summary["shortfall"]["reason"], reason);
    }
}
