//! The `sightline` command end to end: outputs, determinism, bad input.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::{
    DEMO_INPUTS, assert_refused, assert_success, assert_usage_error, collection, demo_inputs, demo_plan_args,
    feature_count, output_files, path_str, point, read_json, remove_flag, run, run_ok, run_ok_stderr,
    set_flag, sightline, strings, write,
};

/// Rewrites the GeoJSON layer at `path`, calling `edit` with the index
/// and the value of each feature.
fn edit_features(path: &Path, mut edit: impl FnMut(usize, &mut serde_json::Value)) {
    let mut layer = read_json(path);
    for (k, feature) in layer["features"].as_array_mut().unwrap().iter_mut().enumerate() {
        edit(k, feature);
    }
    std::fs::write(path, layer.to_string()).unwrap();
}

#[test]
fn demo_writes_inputs_and_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo_inputs(dir.path());
    for file in DEMO_INPUTS.into_iter().chain(output_files()) {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let summary = read_json(&out.join("summary.json"));
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
    let plan = read_json(&out.join("plan.geojson"));
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
        let args = demo_plan_args(&inputs, Path::new("out"));
        let mut command = sightline();
        command.current_dir(&cwd).args(&args).arg("--quiet");
        if let Some(n) = threads {
            command.env("RAYON_NUM_THREADS", n);
        }
        assert_success(&args, &command.output().expect("the binary runs"));
    }
    let first = dir.path().join("a").join("out");
    for (name, _) in &runs[1..] {
        let other = dir.path().join(name).join("out");
        for file in output_files() {
            assert_eq!(
                std::fs::read(first.join(file)).unwrap(),
                std::fs::read(other.join(file)).unwrap(),
                "{file} differs in run {name}"
            );
        }
    }
    // Re-read through GeoJSON and the projection, the plan equals the
    // demo's own plan computed in memory.
    let demo = read_json(&inputs.join("summary.json"));
    let again = read_json(&first.join("summary.json"));
    assert_eq!(demo["objective"], again["objective"]);
    assert_eq!(demo["covered_before"], again["covered_before"]);
}

#[test]
fn score_writes_every_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let out = dir.path().join("scores");
    run_ok(&[
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
    ]);
    let csv = std::fs::read_to_string(out.join("scores.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 400);
    assert_eq!(feature_count(&out.join("scores.geojson")), 400);
}

/// Bad input: exit code 1, one `error:` line on stderr that contains
/// `needle`, no panic, and no output folder.
fn assert_fails<S: AsRef<str>>(dir: &Path, args: &[S], needle: &str) {
    let out = dir.join("never");
    let mut all: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    all.extend(["--out", path_str(&out), "--quiet"]);
    let stderr = assert_refused(&all, &[needle], &out);
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{all:?}: not one line: {stderr}"
    );
}

/// A point layer; every point weighs 2 in `w`.
fn points(coords: &[[f64; 2]]) -> String {
    let features: Vec<String> = coords.iter().map(|&[x, y]| point(x, y, r#""w":"2""#)).collect();
    collection(&features)
}

#[test]
fn bad_input_is_refused_with_a_clear_line_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let demand = write(d, "demand.geojson", points(&[[126.83, 37.65], [126.831, 37.651]]));
    let sites = write(
        d,
        "sites.geojson",
        points(&[[126.8301, 37.6501], [126.84, 37.66]]),
    );
    let with = |demand: &str, cameras: &str, radius: &str, extra: &[&str]| -> Vec<String> {
        let mut args = strings(&[
            "plan",
            "--demand",
            demand,
            "--sites",
            &sites,
            "--cameras",
            cameras,
            "--radius",
            radius,
        ]);
        args.extend(strings(extra));
        args
    };
    let plan = |demand: &str, extra: &[&str]| with(demand, "1", "50", extra);
    let check = |args: Vec<String>, needle: &str| assert_fails(d, &args, needle);

    // The good case works, so each failure below is down to its one defect.
    let ok_out = d.join("ok");
    let mut ok = plan(&demand, &[]);
    ok.extend(strings(&["--solver", "exact", "--out", path_str(&ok_out)]));
    run_ok(&ok);
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
        collection(&[point(126.83, 37.65, r#""w":"many""#)]),
    );
    check(plan(&words, &["--demand-weight", "w"]), "`w`");
    let nan = write(
        d,
        "nan.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN,37.65]}}]}"#,
    );
    check(plan(&nan, &[]), "nan.geojson");
    let swapped = write(d, "swapped.geojson", points(&[[37.65, 126.83]]));
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
    let stray = write(d, "stray.geojson", points(&[[126.8301, 37.6501], [0.0, 0.0]]));
    check(
        strings(&[
            "plan",
            "--demand",
            &demand,
            "--sites",
            &stray,
            "--cameras",
            "1",
            "--radius",
            "50",
        ]),
        "feature 1 in",
    );
    // Two sites with the same id property ("w" is "2" on every feature).
    check(plan(&demand, &["--site-id", "w"]), "features 0 and 1");
}

#[test]
fn an_unknown_solver_is_a_usage_error() {
    let out = Path::new("/nonexistent/never");
    assert_usage_error(
        &["demo", "--solver", "fastest", "--out", path_str(out)],
        "unknown solver `fastest`",
        out,
    );
}

#[test]
fn a_failed_write_leaves_no_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let out = dir.path().join("blocked");
    // A folder where summary.json should go: plan.geojson must not appear either.
    std::fs::create_dir_all(out.join("summary.json")).unwrap();
    let output = run(&demo_plan_args(&inputs, &out));
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
    let demand = write(d, "demand.geojson", points(&[[126.83, 37.65], [126.84, 37.66]]));
    let sites = write(
        d,
        "sites.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pole":"A"},"geometry":{"type":"MultiPoint","coordinates":[[126.8301,37.6501],[126.8401,37.6601]]}}]}"#,
    );
    let out = d.join("out");
    run_ok(&[
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
    ]);
    let plan = read_json(&out.join("plan.geojson"));
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
    let plan = |extra: &[&str], out: &Path| {
        let mut args = demo_plan_args(&inputs, out);
        // Drop `--cameras 20` when a budget alone is asked for.
        if extra.contains(&"--budget") && !extra.contains(&"--cameras") {
            remove_flag(&mut args, "--cameras");
        }
        args.extend(strings(extra));
        run_ok(&args);
        read_json(&out.join("summary.json"))
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
    let mut args = demo_plan_args(&inputs, &dir.path().join("both"));
    remove_flag(&mut args, "--cameras");
    args.extend(strings(&["--budget", "5", "--target-coverage", "0.5"]));
    assert_eq!(run(&args).status.code(), Some(2));
}

#[test]
fn grid_demand_camera_types_and_buildings_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
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
        let mut args = demo_plan_args(&inputs, &out);
        args.extend(strings(extra));
        let output = run(&args);
        assert_success(&args, &output);
        let text =
            String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
        (read_json(&out.join("summary.json")), text)
    };
    let (grid, said) = run_plan(&["--mode", "grid", "--grid", "50"], "grid");
    assert!(said.contains("demand grid:"), "{said}");
    assert!(grid["objective"].as_f64().unwrap() > 0.0);
    let (area, _) = run_plan(&["--mode", "area", "--grid", "50"], "area");
    // A population per district, spread over each district's area.
    edit_features(&inputs.join("districts.geojson"), |k, feature| {
        feature["properties"]["pop"] = serde_json::json!(1000 * (k + 1));
    });
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
    run_ok(&[
        "score",
        "--demand",
        path_str(&inputs.join("demand.geojson")),
        "--sites",
        path_str(&inputs.join("sites.geojson")),
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
    ]);
    let csv = std::fs::read_to_string(scored.join("scores.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("site_id,"), "{header}");
    assert!(
        header.ends_with(",camera_type,heading_deg,new_area_m2"),
        "{header}"
    );
    let rows: Vec<Vec<String>> = lines.map(|l| l.split(',').map(String::from).collect()).collect();
    // Area scores are whole cells of 100 m × 100 m (the default --grid).
    assert!(
        rows.iter()
            .all(|r| r[8].parse::<f64>().unwrap() % 10_000.0 == 0.0)
    );
    assert!(rows.iter().any(|r| r[8].parse::<f64>().unwrap() > 0.0));
    let headings: HashSet<String> = rows.iter().map(|r| r[7].clone()).collect();
    assert!(
        headings
            .iter()
            .all(|h| ["0", "90", "180", "270"].contains(&h.as_str())),
        "{headings:?}"
    );
    // A bad camera spec is a usage error naming the problem.
    let bad = dir.path().join("bad");
    let mut args = demo_plan_args(&inputs, &bad);
    args.extend(strings(&["--camera", "fixed:range=50,fov=500"]));
    assert_usage_error(&args, "field of view", &bad);
}

#[test]
fn site_headings_and_existing_views_come_from_properties() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    // Every pole may only look east; every existing camera looks north
    // through 60°.
    let with_property = |name: &str, add: serde_json::Value| {
        edit_features(&inputs.join(name), |_, feature| {
            for (key, value) in add.as_object().unwrap() {
                feature["properties"][key] = value.clone();
            }
        });
    };
    with_property("sites.geojson", serde_json::json!({ "look": "90" }));
    with_property("existing.geojson", serde_json::json!({ "dir": 0, "fov": "60" }));
    let discs = dir.path().join("discs");
    run_ok(&demo_plan_args(&inputs, &discs));
    let cones = dir.path().join("cones");
    let mut args = demo_plan_args(&inputs, &cones);
    args.extend(strings(&[
        "--camera",
        "fixed:range=100,fov=90,headings=8",
        "--site-headings",
        "look",
        "--existing-view",
        "dir,fov",
    ]));
    run_ok(&args);
    let plan = read_json(&cones.join("plan.geojson"));
    for feature in plan["features"].as_array().unwrap() {
        assert_eq!(feature["properties"]["heading_deg"], 90.0);
    }
    // Existing cameras that see a 60° cone cover less than discs.
    let covered_before = |out: &Path| {
        read_json(&out.join("summary.json"))["covered_before"]
            .as_f64()
            .unwrap()
    };
    let (before_cones, before_discs) = (covered_before(&cones), covered_before(&discs));
    assert!(before_cones < before_discs, "{before_cones} vs {before_discs}");
    // A heading that is not a number is refused, naming the property.
    with_property("sites.geojson", serde_json::json!({ "look": "east" }));
    let output = run(&args);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("look"));
}

/// CSV point layers from the command line: detected encodings, columns
/// by header or by flag, skipped rows reported, and clear errors.
#[test]
fn csv_layers_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    // The demo's sites as a CP949 CSV with Korean headers, one row without
    // coordinates.
    let sites = read_json(&inputs.join("sites.geojson"));
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
    let demand = inputs.join("demand.geojson");
    let out = dir.path().join("from-csv");
    let args = [
        "plan",
        "--demand",
        path_str(&demand),
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
    ];
    let stderr = run_ok_stderr(&args);
    assert!(
        stderr.contains("skipped 1 of 401 rows without usable coordinates (empty: 1; first rows: 402)"),
        "{stderr}"
    );
    let plan = read_json(&out.join("plan.geojson"));
    assert_eq!(plan["features"].as_array().unwrap().len(), 5);
    assert!(
        plan["features"][0]["properties"]["site_id"]
            .as_str()
            .unwrap()
            .starts_with('P')
    );

    let base = [
        "plan",
        "--demand",
        path_str(&demand),
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
    let output = run(&unknown);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("latin-9"));
}

/// `--min-gain`: the plan leaves out the cameras that would add less than
/// the minimum each, the rest are the same cameras, the bound still holds
/// for the asked size, and the value is checked and saved like any other.
#[test]
fn min_gain_leaves_out_cameras_that_hardly_pay() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let plan = |extra: &[&str], out: &str| {
        let out = dir.path().join(out);
        let mut args = demo_plan_args(&inputs, &out);
        common::set_flag(&mut args, "--cameras", "60");
        args.extend(strings(extra));
        run_ok(&args);
        (
            read_json(&out.join("summary.json")),
            read_json(&out.join("plan.geojson")),
        )
    };
    let gains = |plan: &serde_json::Value| -> Vec<f64> {
        plan["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["gain"].as_f64().unwrap())
            .collect()
    };
    let (all, all_plan) = plan(&[], "all");
    let (some, some_plan) = plan(
        &[
            "--min-gain",
            "15",
            "--save-study",
            path_str(&dir.path().join("s.toml")),
        ],
        "some",
    );
    let (all_gains, some_gains) = (gains(&all_plan), gains(&some_plan));
    assert!(all_gains.iter().any(|&g| g < 15.0), "{all_gains:?}");
    assert!(
        !some_gains.is_empty() && some_gains.iter().all(|&g| g >= 15.0),
        "{some_gains:?}"
    );
    assert_eq!(some_gains[..], all_gains[..some_gains.len()]);
    assert_eq!(some["cameras"].as_u64().unwrap() as usize, some_gains.len());
    assert_eq!(some["cameras_requested"], 60);
    assert!(some["objective"].as_f64().unwrap() <= all["objective"].as_f64().unwrap());
    assert!(some["upper_bound"].as_f64().unwrap() >= all["objective"].as_f64().unwrap() - 1e-9);
    let saved = std::fs::read_to_string(dir.path().join("s.toml")).unwrap();
    assert!(saved.contains("min_gain = 15"), "{saved}");
    // Checked, and named by its flag.
    let out = dir.path().join("refused");
    let mut args = demo_plan_args(&inputs, &out);
    args.extend(strings(&["--min-gain", "-1"]));
    assert_refused(&args, &["--min-gain is -1", "0 or more"], &out);
    let mut args = demo_plan_args(&inputs, &out);
    args.extend(strings(&["--min-gain", "5", "--force-in", "P00001"]));
    assert_refused(
        &args,
        &["--min-gain cannot be combined with", "forced sites"],
        &out,
    );
}

/// `--help` names every format an input flag takes and every solver.
/// report.md quotes the command line as a shell reads it back: pasted
/// into `sh`, it plans the same study again. A title is one line.
#[test]
fn the_quoted_command_runs_again_when_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let spaced = dir.path().join("sp ace");
    std::fs::create_dir(&spaced).unwrap();
    std::fs::copy(inputs.join("demand.geojson"), spaced.join("b x.geojson")).unwrap();
    let out = dir.path().join("out");
    let mut args = demo_plan_args(&inputs, &out);
    set_flag(&mut args, "--demand", path_str(&spaced.join("b x.geojson")));
    args.extend(strings(&["--title", "두 단어\nof it's"]));
    run_ok(&args);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.starts_with("# 두 단어 of it's\n"), "{report}");
    assert!(
        report.contains("/sp ace/b x.geojson' --demand-weight weight"),
        "{report}"
    );
    assert!(report.contains(r#"--title '두 단어"#), "{report}");
    assert!(report.contains(r#"of it'\''s' --quiet"#), "{report}");
    let command = report
        .split("Produced by `")
        .nth(1)
        .and_then(|rest| rest.split("`.").next())
        .unwrap();
    let first = std::fs::read(out.join("plan.geojson")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let pasted = std::process::Command::new("sh")
        .args(["-c", command])
        .output()
        .unwrap();
    assert!(
        pasted.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&pasted.stderr)
    );
    assert_eq!(std::fs::read(out.join("plan.geojson")).unwrap(), first);
    assert_eq!(std::fs::read_to_string(out.join("report.md")).unwrap(), report);
}

/// `--solver` does not choose how a coverage target is solved: the console
/// and report.md say so rather than ignore it silently.
#[test]
fn a_solver_given_with_a_coverage_target_is_said_to_be_unused() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let out = dir.path().join("out");
    let mut args = demo_plan_args(&inputs, &out);
    let at = args.iter().position(|a| a == "--cameras").unwrap();
    args.splice(at..at + 2, strings(&["--target-coverage", "0.5"]));
    set_flag(&mut args, "--solver", "greedy");
    let stderr = run_ok_stderr(&args);
    assert!(
        stderr.contains("note: a coverage target is always solved by set covering")
            && stderr.contains("`--solver greedy` is not used"),
        "{stderr}"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("| Solver | set-cover |"), "{report}");
    assert!(
        report.contains("whatever `--solver` or `[solver] method` says"),
        "{report}"
    );
    assert!(
        report.contains("| Gap: the plan costs at most this much more than the cheapest |"),
        "{report}"
    );
}

#[test]
fn the_time_limit_help_covers_the_whole_run() {
    let output = sightline().args(["plan", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    let start = help.find("--time-limit <").unwrap();
    let text = &help[start..];
    let text = &text[..text.find("\n  -").unwrap_or(text.len())];
    assert!(!text.contains("exact search may run"), "{text}");
    for stage in ["building", "solving", "evaluating", "writing", "every solver"] {
        assert!(text.contains(stage), "--time-limit help lacks {stage}: {text}");
    }
}

#[test]
fn help_names_the_formats_of_every_input_and_the_solvers() {
    for command in ["plan", "score"] {
        let output = sightline().args([command, "--help"]).output().unwrap();
        assert!(output.status.success());
        let help = String::from_utf8(output.stdout).unwrap();
        // Each input flag's help, up to the next flag.
        let flag_help = |flag: &str| {
            let start = help
                .find(&format!("{flag} <"))
                .unwrap_or_else(|| panic!("{flag} in {help}"));
            let rest = &help[start + flag.len()..];
            rest[..rest.find("\n  -").unwrap_or(rest.len())].to_owned()
        };
        let demand = flag_help("--demand");
        for word in [
            "GeoJSON",
            "CSV",
            "UTF-8",
            "CP949",
            "경도/위도",
            "lon/lat",
            "x/y",
            "tab",
        ] {
            assert!(demand.contains(word), "--demand help lacks {word}: {demand}");
        }
        for flag in ["--sites", "--existing", "--layer"] {
            let text = flag_help(flag);
            assert!(text.contains("GeoJSON") && text.contains("CSV"), "{flag}: {text}");
        }
        for flag in ["--districts", "--buildings"] {
            assert!(flag_help(flag).contains("GeoJSON"), "{flag}");
        }
        if command == "plan" {
            let solver = flag_help("--solver");
            for name in ["greedy", "local", "exact", "auto", "local-search"] {
                assert!(solver.contains(name), "--solver help lacks {name}: {solver}");
            }
        }
    }
}

/// `--solver local-search` is `local`: the same name in summary.json as
/// `--solver local` gives.
#[test]
fn the_solver_has_one_name_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let out = dir.path().join("alias");
    let mut args = demo_plan_args(&inputs, &out);
    let at = args.iter().position(|a| a == "--solver").unwrap();
    args[at + 1] = "local-search".to_owned();
    run_ok(&args);
    assert_eq!(read_json(&out.join("summary.json"))["solver"], "local");
}

#[test]
fn the_effort_is_counted_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path());
    let summary = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = demo_plan_args(&inputs, &out);
        set_flag(&mut args, "--solver", "local");
        args.extend(strings(extra));
        run_ok(&args);
        read_json(&out.join("summary.json"))
    };
    // The default: a fixed effort, which a small city does not use up.
    let default = summary("default", &[]);
    assert_eq!(default["time_limit_reached"], false);
    let work = default["solver_work"].as_u64().unwrap();
    assert!(work > 0);
    // A smaller effort stops sooner, at the same place every time.
    let small = format!("{}", work / 4);
    let (a, b) = (
        summary("a", &["--effort", &small]),
        summary("b", &["--effort", &small]),
    );
    assert!(a["solver_work"].as_u64().unwrap() < work);
    assert_eq!(a, b);
    assert!(a["objective"].as_f64().unwrap() <= default["objective"].as_f64().unwrap() + 1e-9);
}
