//! The `sightline` command end to end: outputs, determinism, bad input.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sightline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
}

fn run(args: &[&str], threads: Option<&str>) -> Output {
    let mut command = sightline();
    command.args(args).arg("--quiet");
    if let Some(n) = threads {
        command.env("RAYON_NUM_THREADS", n);
    }
    command.output().expect("the binary runs")
}

/// As [`run`], from the folder `cwd`.
fn run_in(cwd: &Path, args: &[&str], threads: Option<&str>) -> Output {
    let mut command = sightline();
    command.current_dir(cwd).args(args).arg("--quiet");
    if let Some(n) = threads {
        command.env("RAYON_NUM_THREADS", n);
    }
    command.output().expect("the binary runs")
}

/// Runs the command and fails the test, showing its stderr, unless it succeeds.
fn run_ok(args: &[&str], threads: Option<&str>) {
    let output = run(args, threads);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The demo's input layers, written once per test into `dir`.
fn demo_inputs(dir: &Path) -> PathBuf {
    let out = dir.join("demo");
    // Local search: the tests run unoptimised builds, where the exact
    // search could meet its time limit and stop at a machine-dependent point.
    run_ok(&["demo", "--solver", "local", "--out", path_str(&out)], None);
    out
}

fn plan_args<'a>(inputs: &'a str, out: &'a str) -> Vec<String> {
    [
        "plan",
        "--demand",
        &format!("{inputs}/demand.geojson"),
        "--demand-weight",
        "weight",
        "--sites",
        &format!("{inputs}/sites.geojson"),
        "--site-id",
        "site_id",
        "--existing",
        &format!("{inputs}/existing.geojson"),
        "--districts",
        &format!("{inputs}/districts.geojson"),
        "--district-name",
        "name",
        "--cameras",
        "20",
        "--radius",
        "100",
        "--solver",
        "local",
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn demo_writes_inputs_and_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo_inputs(dir.path());
    for file in [
        "demand.geojson",
        "sites.geojson",
        "existing.geojson",
        "districts.geojson",
        "plan.geojson",
        "summary.json",
        "coverage.geojson",
        "blindspots.geojson",
        "districts.csv",
        "report.md",
        "curve.csv",
        "curve.svg",
        "map.svg",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["cameras"], 20);
    assert_eq!(summary["solver"], "local");
    let (objective, bound) = (
        summary["objective"].as_f64().unwrap(),
        summary["upper_bound"].as_f64().unwrap(),
    );
    assert!(objective <= bound, "{objective} > {bound}");
    assert!(summary["gap"].as_f64().unwrap() >= 0.0);
    assert!(summary["reduced_demand"].as_u64().unwrap() > 0);
    assert_eq!(summary["districts"].as_array().unwrap().len(), 4);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.geojson")).unwrap()).unwrap();
    let features = plan["features"].as_array().unwrap();
    assert_eq!(features.len(), 20);
    for (k, feature) in features.iter().enumerate() {
        assert_eq!(feature["properties"]["rank"], k + 1);
        assert!(
            feature["properties"]["site_id"]
                .as_str()
                .unwrap()
                .starts_with('P')
        );
        let lon = feature["geometry"]["coordinates"][0].as_f64().unwrap();
        let lat = feature["geometry"]["coordinates"][1].as_f64().unwrap();
        assert!(
            (126.8..127.1).contains(&lon) && (37.5..37.7).contains(&lat),
            "({lon}, {lat})"
        );
    }
}

#[test]
fn plan_on_the_demo_files_matches_the_demo_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let inputs = path_str(&inputs);
    let runs = [
        ("a", None),
        ("b", None),
        ("one-thread", Some("1")),
        ("two-threads", Some("2")),
        ("eight-threads", Some("8")),
    ];
    // Each run in a folder of its own, writing to the same relative
    // `out`, so that even the command line in report.md is the same.
    for (name, threads) in runs {
        let cwd = dir.path().join(name);
        std::fs::create_dir(&cwd).unwrap();
        let args = plan_args(inputs, "out");
        let output = run_in(
            &cwd,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            threads,
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let first = dir.path().join("a").join("out");
    for (name, _) in &runs[1..] {
        let other = dir.path().join(name).join("out");
        for file in sightline::output::OutputKind::ALL
            .iter()
            .map(|kind| kind.file_name())
        {
            assert_eq!(
                std::fs::read(first.join(file)).unwrap(),
                std::fs::read(other.join(file)).unwrap(),
                "{file} differs in run {name}"
            );
        }
    }
    // Re-read through GeoJSON and the projection, the plan equals the
    // demo's own plan computed in memory.
    let demo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(Path::new(inputs).join("summary.json")).unwrap()).unwrap();
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("summary.json")).unwrap()).unwrap();
    assert_eq!(demo["objective"], again["objective"]);
    assert_eq!(demo["covered_before"], again["covered_before"]);
}

#[test]
fn score_writes_every_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let out = dir.path().join("scores");
    run_ok(
        &[
            "score",
            "--demand",
            path_str(&inputs.join("demand.geojson")),
            "--demand-weight",
            "weight",
            "--sites",
            path_str(&inputs.join("sites.geojson")),
            "--radius",
            "100",
            "--out",
            path_str(&out),
        ],
        None,
    );
    let csv = std::fs::read_to_string(out.join("scores.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 400);
    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("scores.geojson")).unwrap()).unwrap();
    assert_eq!(geojson["features"].as_array().unwrap().len(), 400);
}

/// Bad input: a non-zero exit, one line on stderr that contains `needle`,
/// and no output folder.
fn assert_fails(dir: &Path, args: &[&str], needle: &str) {
    let out = dir.join("never");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", path_str(&out)]);
    let output = run(&all, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?} succeeded");
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{args:?}: not one line: {stderr}"
    );
    assert!(
        stderr.contains(needle),
        "{args:?}: {stderr:?} does not mention {needle:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "{args:?} created output");
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path_str(&path).to_owned()
}

fn points(coords: &[[f64; 2]]) -> String {
    let features: Vec<String> = coords
        .iter()
        .map(|[x, y]| format!(r#"{{"type":"Feature","properties":{{"w":"2"}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#))
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn bad_input_is_refused_with_a_clear_line_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let demand = write(
        d,
        "demand.geojson",
        &points(&[[126.83, 37.65], [126.831, 37.651]]),
    );
    let sites = write(
        d,
        "sites.geojson",
        &points(&[[126.8301, 37.6501], [126.84, 37.66]]),
    );
    let with = |demand: &str, cameras: &str, radius: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "plan",
            "--demand",
            demand,
            "--sites",
            &sites,
            "--cameras",
            cameras,
            "--radius",
            radius,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let plan = |demand: &str, extra: &[&str]| with(demand, "1", "50", extra);
    let check = |args: Vec<String>, needle: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_fails(d, &args, needle);
    };

    // The good case works, so each failure below is down to its one defect.
    let ok_out = d.join("ok");
    let mut ok: Vec<String> = plan(&demand, &[]);
    ok.extend([
        "--solver".into(),
        "exact".into(),
        "--out".into(),
        path_str(&ok_out).into(),
    ]);
    let ok: Vec<&str> = ok.iter().map(String::as_str).collect();
    run_ok(&ok, None);
    // No existing cameras: zero is written as 0.0, never as -0.0.
    let summary = std::fs::read_to_string(ok_out.join("summary.json")).unwrap();
    assert!(summary.contains("\"covered_before\": 0.0"), "{summary}");
    assert!(!summary.contains("-0.0"), "{summary}");
    assert!(summary.contains("\"proven_optimal\": true"), "{summary}");

    check(plan(path_str(&d.join("missing.geojson")), &[]), "missing.geojson");
    let broken = write(
        d,
        "broken.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"#,
    );
    check(plan(&broken, &[]), "broken.geojson");
    let polygon = write(
        d,
        "polygon.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.8,37.6],[126.9,37.6],[126.9,37.7],[126.8,37.6]]]}}]}"#,
    );
    check(plan(&polygon, &[]), "Polygon");
    let words = write(
        d,
        "words.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"w":"many"},"geometry":{"type":"Point","coordinates":[126.83,37.65]}}]}"#,
    );
    check(plan(&words, &["--demand-weight", "w"]), "`w`");
    let nan = write(
        d,
        "nan.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN,37.65]}}]}"#,
    );
    check(plan(&nan, &[]), "nan.geojson");
    let swapped = write(d, "swapped.geojson", &points(&[[37.65, 126.83]]));
    check(plan(&swapped, &[]), "swapped");
    check(with(&demand, "1", "0", &[]), "radius");
    check(with(&demand, "1", "-50", &[]), "radius");
    check(with(&demand, "1", "NaN", &[]), "radius");
    check(with(&demand, "3", "50", &[]), "3 cameras");
    check(with(&demand, "0", "50", &[]), "at least 1");
    check(plan(&demand, &["--time-limit", "0"]), "--time-limit");

    // Longitude/latitude files declared as EPSG:5186 metres.
    check(plan(&demand, &["--crs", "EPSG:5186"]), "longitude/latitude");
    // A candidate site at (0, 0), a typical failed geocode.
    let stray = write(d, "stray.geojson", &points(&[[126.8301, 37.6501], [0.0, 0.0]]));
    check(
        vec![
            "plan",
            "--demand",
            &demand,
            "--sites",
            &stray,
            "--cameras",
            "1",
            "--radius",
            "50",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "feature 1 in",
    );
    // Two sites with the same id property ("w" is "2" on every feature).
    check(plan(&demand, &["--site-id", "w"]), "features 0 and 1");
}

#[test]
fn an_unknown_solver_is_a_usage_error() {
    let output = run(
        &["demo", "--solver", "fastest", "--out", "/nonexistent/never"],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown solver `fastest`"));
}

#[test]
fn a_failed_write_leaves_no_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let out = dir.path().join("blocked");
    // A folder where summary.json should go: plan.geojson must not appear either.
    std::fs::create_dir_all(out.join("summary.json")).unwrap();
    let args = plan_args(path_str(&inputs), path_str(&out));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("summary.json"), "{stderr}");
    assert!(!out.join("plan.geojson").exists());
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(left.len(), 1, "only the blocking folder remains: {left:?}");
}

#[test]
fn multipoint_sites_get_one_id_per_point() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let demand = write(d, "demand.geojson", &points(&[[126.83, 37.65], [126.84, 37.66]]));
    let sites = write(
        d,
        "sites.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pole":"A"},"geometry":{"type":"MultiPoint","coordinates":[[126.8301,37.6501],[126.8401,37.6601]]}}]}"#,
    );
    let out = d.join("out");
    run_ok(
        &[
            "plan",
            "--demand",
            &demand,
            "--sites",
            &sites,
            "--site-id",
            "pole",
            "--cameras",
            "2",
            "--radius",
            "50",
            "--out",
            path_str(&out),
        ],
        None,
    );
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.geojson")).unwrap()).unwrap();
    let mut ids: Vec<&str> = plan["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["site_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["A#1", "A#2"]);
}

#[test]
fn budget_backup_and_forced_sites_reach_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let inputs = path_str(&inputs);
    let summary = |out: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
    };
    let plan = |extra: &[&str], out: &Path| {
        let mut args = plan_args(inputs, path_str(out));
        // Drop `--cameras 20` when a budget alone is asked for.
        if extra.contains(&"--budget") && !extra.contains(&"--cameras") {
            let at = args.iter().position(|a| a == "--cameras").unwrap();
            args.drain(at..at + 2);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_ok(&args, None);
        summary(out)
    };
    let budget = plan(&["--budget", "12"], &dir.path().join("budget"));
    assert_eq!(budget["budget"], 12.0);
    assert!(budget["cost"].as_f64().unwrap() <= 12.0);
    assert_eq!(budget["cameras_requested"], serde_json::Value::Null);

    let backup = plan(&["--backup-weight", "0.5"], &dir.path().join("backup"));
    assert_eq!(backup["backup_weight"], 0.5);
    let (objective, backed_up) = (
        backup["objective"].as_f64().unwrap(),
        backup["backed_up_after"].as_f64().unwrap(),
    );
    assert_eq!(backup["score"].as_f64().unwrap(), objective + 0.5 * backed_up);
    assert!(backed_up >= backup["backed_up_before"].as_f64().unwrap());

    let forced_dir = dir.path().join("forced");
    let forced = plan(
        &["--force-in", "P00001,P00002", "--force-out", "P00003"],
        &forced_dir,
    );
    assert_eq!(forced["cameras"], 20);
    let chosen = std::fs::read_to_string(forced_dir.join("plan.geojson")).unwrap();
    assert!(chosen.contains("\"P00001\"") && chosen.contains("\"P00002\""));
    assert!(!chosen.contains("\"P00003\""));

    // A budget and a coverage target exclude each other: a usage error.
    let mut args = plan_args(inputs, path_str(&dir.path().join("both")));
    let at = args.iter().position(|a| a == "--cameras").unwrap();
    args.drain(at..at + 2);
    args.extend(["--budget", "5", "--target-coverage", "0.5"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(run(&args, None).status.code(), Some(2));
}

#[test]
fn grid_demand_camera_types_and_buildings_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let inputs = path_str(&inputs);
    // A building file with one block and one point of interest (skipped).
    let buildings = write(
        dir.path(),
        "buildings.geojson",
        r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
             "coordinates": [[[126.9040, 37.6040], [126.9050, 37.6040], [126.9050, 37.6050], [126.9040, 37.6050], [126.9040, 37.6040]]]}},
            {"type": "Feature", "properties": {"name": "kiosk"}, "geometry": {"type": "Point", "coordinates": [126.9045, 37.6045]}}
        ]}"#,
    );
    let run_plan = |extra: &[&str], out: &str| -> (serde_json::Value, String) {
        let out = dir.path().join(out);
        let mut args = plan_args(inputs, path_str(&out));
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut command = sightline();
        let output = command.args(&args).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let summary =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
        let text =
            String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
        (summary, text)
    };
    let (grid, said) = run_plan(&["--mode", "grid", "--grid", "50"], "grid");
    assert!(said.contains("demand grid:"), "{said}");
    assert!(grid["objective"].as_f64().unwrap() > 0.0);
    let (area, _) = run_plan(&["--mode", "area", "--grid", "50"], "area");
    // A population per district, spread over each district's area.
    {
        let path = Path::new(inputs).join("districts.geojson");
        let mut layer: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (k, feature) in layer["features"].as_array_mut().unwrap().iter_mut().enumerate() {
            feature["properties"]["pop"] = serde_json::json!(1000 * (k + 1));
        }
        std::fs::write(&path, layer.to_string()).unwrap();
    }
    let (people, said) = run_plan(
        &["--mode", "grid", "--grid", "50", "--district-value", "pop:0.5"],
        "people",
    );
    assert!(said.contains("demand grid:"), "{said}");
    assert!(people["total_weight"].as_f64().unwrap() > 0.0);
    // Area mode: every kept cell weighs 2,500 m².
    assert_eq!(area["total_weight"].as_f64().unwrap() % 2500.0, 0.0);
    let (cones, said) = run_plan(
        &[
            "--camera",
            "fixed:range=100,fov=90,headings=8",
            "--camera",
            "ptz:range=60,fov=360,cost=3",
            "--buildings",
            &buildings,
        ],
        "cones",
    );
    assert!(
        said.contains("skipped 1 features that are not polygons"),
        "{said}"
    );
    let plan_text = std::fs::read_to_string(dir.path().join("cones/plan.geojson")).unwrap();
    assert!(plan_text.contains("\"camera_type\""));
    // Every cone lies inside the 100 m disc of its site and buildings only
    // hide: the disc plan's bound bounds the cone plan.
    let (disc, _) = run_plan(&[], "disc");
    assert!(cones["objective"].as_f64().unwrap() <= disc["upper_bound"].as_f64().unwrap());
    // Scores at each site's best heading, on the grid.
    let scored = dir.path().join("scores");
    run_ok(
        &[
            "score",
            "--demand",
            &format!("{inputs}/demand.geojson"),
            "--sites",
            &format!("{inputs}/sites.geojson"),
            "--site-id",
            "site_id",
            "--radius",
            "100",
            "--camera",
            "fixed:range=100,fov=90,headings=4",
            "--mode",
            "grid",
            "--out",
            path_str(&scored),
        ],
        None,
    );
    let csv = std::fs::read_to_string(scored.join("scores.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",camera_type,heading_deg,new_area_m2")
    );
    let rows: Vec<Vec<String>> = lines.map(|l| l.split(',').map(String::from).collect()).collect();
    // Area scores are whole cells of 100 m × 100 m (the default --grid).
    assert!(
        rows.iter()
            .all(|r| r[9].parse::<f64>().unwrap() % 10_000.0 == 0.0)
    );
    assert!(rows.iter().any(|r| r[9].parse::<f64>().unwrap() > 0.0));
    let headings: HashSet<String> = rows.iter().map(|r| r[8].clone()).collect();
    assert!(
        headings
            .iter()
            .all(|h| ["0", "90", "180", "270"].contains(&h.as_str())),
        "{headings:?}"
    );
    // A bad camera spec is a usage error naming the problem.
    let mut args = plan_args(inputs, path_str(&dir.path().join("bad")));
    args.extend(["--camera", "fixed:range=50,fov=500"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("field of view"));
}

#[test]
fn site_headings_and_existing_views_come_from_properties() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    // Every pole may only look east; every existing camera looks north
    // through 60°.
    let with_property = |name: &str, add: serde_json::Value| {
        let path = inputs.join(name);
        let mut layer: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for feature in layer["features"].as_array_mut().unwrap() {
            for (key, value) in add.as_object().unwrap() {
                feature["properties"][key] = value.clone();
            }
        }
        std::fs::write(&path, layer.to_string()).unwrap();
    };
    with_property("sites.geojson", serde_json::json!({ "look": "90" }));
    with_property("existing.geojson", serde_json::json!({ "dir": 0, "fov": "60" }));
    let inputs = path_str(&inputs);
    let summary = |out: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
    };
    let discs = dir.path().join("discs");
    let args = plan_args(inputs, path_str(&discs));
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>(), None);
    let cones = dir.path().join("cones");
    let mut args = plan_args(inputs, path_str(&cones));
    args.extend(
        [
            "--camera",
            "fixed:range=100,fov=90,headings=8",
            "--site-headings",
            "look",
            "--existing-view",
            "dir,fov",
        ]
        .map(String::from),
    );
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>(), None);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(cones.join("plan.geojson")).unwrap()).unwrap();
    for feature in plan["features"].as_array().unwrap() {
        assert_eq!(feature["properties"]["heading_deg"], 90.0);
    }
    // Existing cameras that see a 60° cone cover less than discs.
    let (before_cones, before_discs) = (
        summary(&cones)["covered_before"].as_f64().unwrap(),
        summary(&discs)["covered_before"].as_f64().unwrap(),
    );
    assert!(before_cones < before_discs, "{before_cones} vs {before_discs}");
    // A heading that is not a number is refused, naming the property.
    with_property("sites.geojson", serde_json::json!({ "look": "east" }));
    let output = run(&args.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("look"));
}

/// CSV point layers from the command line: detected encodings, columns
/// by header or by flag, skipped rows reported, and clear errors.
#[test]
fn csv_layers_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let inputs = path_str(&inputs);
    // The demo's sites as a CP949 CSV with Korean headers, one row without
    // coordinates.
    let sites: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{inputs}/sites.geojson")).unwrap()).unwrap();
    let mut text = String::from("번호,위도,경도\n");
    for feature in sites["features"].as_array().unwrap() {
        let c = &feature["geometry"]["coordinates"];
        text.push_str(&format!(
            "{},{},{}\n",
            feature["properties"]["site_id"].as_str().unwrap(),
            c[1],
            c[0]
        ));
    }
    text.push_str("P-none,,\n");
    let (cp949, _, _) = encoding_rs::EUC_KR.encode(&text);
    let csv = dir.path().join("sites.csv");
    std::fs::write(&csv, &cp949).unwrap();
    let out = dir.path().join("from-csv");
    let output = sightline()
        .args([
            "plan",
            "--demand",
            &format!("{inputs}/demand.geojson"),
            "--demand-weight",
            "weight",
            "--sites",
            path_str(&csv),
            "--site-id",
            "번호",
            "--cameras",
            "5",
            "--radius",
            "100",
            "--solver",
            "local",
            "--out",
            path_str(&out),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped 1 of 401 rows without usable coordinates (empty: 1; first rows: 401)"),
        "{stderr}"
    );
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.geojson")).unwrap()).unwrap();
    assert_eq!(plan["features"].as_array().unwrap().len(), 5);
    assert!(
        plan["features"][0]["properties"]["site_id"]
            .as_str()
            .unwrap()
            .starts_with('P')
    );

    let demand = format!("{inputs}/demand.geojson");
    let base = [
        "plan",
        "--demand",
        demand.as_str(),
        "--sites",
        path_str(&csv),
        "--cameras",
        "5",
        "--radius",
        "100",
    ];
    // CP949 forced to be read as UTF-8.
    let mut forced = base.to_vec();
    forced.extend(["--encoding", "utf-8"]);
    assert_fails(dir.path(), &forced, "sites.csv");
    // Columns named that the file does not have.
    let mut columns = base.to_vec();
    columns.extend(["--csv-columns", "lon,lat"]);
    assert_fails(dir.path(), &columns, "lon");
    // An unknown encoding is a usage error.
    let mut unknown = base.to_vec();
    unknown.extend(["--encoding", "latin-9"]);
    let output = run(&unknown, None);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("latin-9"));
}
