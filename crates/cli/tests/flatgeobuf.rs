//! FlatGeobuf through the command line: the demo's layers written as
//! `.fgb`, a plan on them writing `.fgb` outputs (and `--out-format
//! geojson` writing GeoJSON, removing the old `.fgb` files), and the
//! outputs read back by GDAL through pyogrio when `SIGHTLINE_PYTHON`
//! names a Python that has it (skipped with a notice otherwise; a failure
//! when `SIGHTLINE_REQUIRE_PYTHON=1`).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::Path;
use std::process::Command;

use common::{demo_plan_args, path_str, read_json, run_ok, run_ok_stderr, set_flag};
use sightline::io::{PointOptions, read_points};

/// The demo, its layers and outputs as FlatGeobuf, in `dir/demo`.
fn fgb_demo(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("demo");
    run_ok(&[
        "demo",
        "--solver",
        "local",
        "--out-format",
        "flatgeobuf",
        "--out",
        path_str(&out),
    ]);
    out
}

/// `plan` on the demo's `.fgb` layers.
fn fgb_plan_args(inputs: &Path, out: &Path) -> Vec<String> {
    let mut args = demo_plan_args(inputs, out);
    for flag in ["--demand", "--sites", "--existing", "--districts"] {
        let position = args.iter().position(|a| a == flag).unwrap();
        let fgb = args[position + 1].replace(".geojson", ".fgb");
        set_flag(&mut args, flag, &fgb);
    }
    args
}

#[test]
fn a_plan_on_flatgeobuf_layers_writes_flatgeobuf() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = fgb_demo(dir.path());
    for name in [
        "demand.fgb",
        "sites.fgb",
        "existing.fgb",
        "districts.fgb",
        "plan.fgb",
        "blindspots.fgb",
    ] {
        assert!(inputs.join(name).is_file(), "{name}");
    }
    assert!(!inputs.join("plan.geojson").exists());
    let out = dir.path().join("again");
    run_ok(&fgb_plan_args(&inputs, &out));
    for name in [
        "plan.fgb",
        "coverage.fgb",
        "blindspots.fgb",
        "summary.json",
        "map.svg",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    // The plan read back: as many cameras as asked, with their ranks.
    let plan = read_points(
        &out.join("plan.fgb"),
        &PointOptions::new().id("site_id").properties(true),
    )
    .unwrap();
    assert_eq!(plan.points.len(), 20);
    let mut ranks: Vec<u64> = plan
        .properties
        .iter()
        .map(|p| p["rank"].as_u64().unwrap())
        .collect();
    ranks.sort_unstable();
    assert_eq!(ranks, (1..=20).collect::<Vec<u64>>());
    // The same city: the same demand, and (the layers being stored in
    // Hilbert order, local search may end elsewhere) a plan within the
    // demo's proven bound.
    let demo = read_json(&inputs.join("summary.json"));
    let again = read_json(&out.join("summary.json"));
    assert_eq!(demo["total_weight"], again["total_weight"]);
    let (value, bound) = (
        again["objective"].as_f64().unwrap(),
        demo["upper_bound"].as_f64().unwrap(),
    );
    assert!(value <= bound + 1e-9 && value >= 0.97 * bound, "{value} {bound}");

    // --out-format geojson: GeoJSON outputs, the old .fgb ones removed.
    let mut args = fgb_plan_args(&inputs, &out);
    args.extend(["--out-format".to_owned(), "geojson".to_owned()]);
    let stderr = run_ok_stderr(&args);
    assert!(out.join("plan.geojson").is_file() && out.join("blindspots.geojson").is_file());
    assert!(
        !out.join("plan.fgb").exists() && !out.join("coverage.fgb").exists(),
        "{stderr}"
    );
    let plan = read_json(&out.join("plan.geojson"));
    assert_eq!(plan["features"].as_array().unwrap().len(), 20);
}

#[test]
fn scores_of_flatgeobuf_layers_are_flatgeobuf() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = fgb_demo(dir.path());
    let out = dir.path().join("scores");
    let (demand, sites) = (inputs.join("demand.fgb"), inputs.join("sites.fgb"));
    let score = |extra: &[&str]| {
        let mut args = vec![
            "score",
            "--demand",
            path_str(&demand),
            "--demand-weight",
            "weight",
            "--sites",
            path_str(&sites),
            "--site-id",
            "site_id",
            "--radius",
            "100",
            "--out",
            path_str(&out),
        ];
        args.extend_from_slice(extra);
        run_ok(&args);
    };
    score(&[]);
    assert!(!out.join("scores.geojson").exists());
    let layer = read_points(
        &out.join("scores.fgb"),
        &PointOptions::new().id("site_id").properties(true),
    )
    .unwrap();
    assert_eq!(layer.points.len(), 400);
    let csv = std::fs::read_to_string(out.join("scores.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 400);
    // The best site of scores.csv (its first row) is in the layer with
    // the same new demand.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|&h| h == name).unwrap();
    let k = layer
        .ids
        .iter()
        .position(|id| id == first[column("site_id")])
        .unwrap();
    let demand: f64 = first[column("new_demand")].parse().unwrap();
    assert_eq!(layer.properties[k]["new_demand"].as_f64().unwrap(), demand);
    // --out-format geojson: GeoJSON, the .fgb of the earlier run removed.
    score(&["--out-format", "geojson"]);
    assert!(out.join("scores.geojson").is_file() && !out.join("scores.fgb").exists());
    let scores = read_json(&out.join("scores.geojson"));
    assert_eq!(scores["features"].as_array().unwrap().len(), 400);
}

#[test]
fn a_study_key_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = common::demo_inputs(dir.path());
    let out = dir.path().join("fgb");
    let mut args = demo_plan_args(&inputs, &out);
    args.extend(["--out-format".to_owned(), "flatgeobuf".to_owned()]);
    run_ok(&args);
    assert!(out.join("plan.fgb").is_file() && !out.join("plan.geojson").exists());
    // `--save-study`-free check of the key: a study file with the format.
    let layer = |name: &str| path_str(&inputs.join(name)).to_owned();
    let study = format!(
        "[[layer]]\nrole = \"demand\"\nfile = \"{}\"\nweight = \"weight\"\n\n[[layer]]\nrole = \"sites\"\nfile = \"{}\"\nid = \"site_id\"\n\n[camera]\nradius_m = 100\n\n[objective]\ncameras = 5\n\n[solver]\nmethod = \"greedy\"\n\n[outputs]\nfolder = \"{}\"\nformat = \"flatgeobuf\"\nfiles = [\"plan.geojson\", \"summary.json\"]\n",
        layer("demand.geojson"),
        layer("sites.geojson"),
        path_str(&dir.path().join("study_out")),
    );
    let file = dir.path().join("study.toml");
    std::fs::write(&file, study).unwrap();
    run_ok(&["run", path_str(&file)]);
    assert!(dir.path().join("study_out/plan.fgb").is_file());
}

/// The Python named by `SIGHTLINE_PYTHON`, if it imports pyogrio.
fn python() -> Option<String> {
    let required = std::env::var("SIGHTLINE_REQUIRE_PYTHON").is_ok_and(|v| v == "1");
    let python = std::env::var("SIGHTLINE_PYTHON").ok().filter(|p| {
        Command::new(p)
            .args(["-c", "import pyogrio"])
            .status()
            .is_ok_and(|s| s.success())
    });
    if python.is_none() {
        assert!(
            !required,
            "SIGHTLINE_REQUIRE_PYTHON=1 but SIGHTLINE_PYTHON names no Python with pyogrio"
        );
        eprintln!("skipped: set SIGHTLINE_PYTHON to a Python with pyogrio to read the outputs with GDAL");
    }
    python
}

#[test]
fn gdal_reads_the_flatgeobuf_outputs() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let inputs = fgb_demo(dir.path());
    let out = dir.path().join("again");
    run_ok(&fgb_plan_args(&inputs, &out));
    let plan = read_points(&out.join("plan.fgb"), &PointOptions::new().id("site_id")).unwrap();
    let (site, at) = (&plan.ids[0], plan.points[0]);
    let script = format!(
        r#"
import sys, struct
from pyogrio.raw import read
from pyogrio import read_info
for name in ["plan.fgb", "blindspots.fgb", "coverage.fgb"]:
    info = read_info(sys.argv[1] + "/" + name)
    print(name, info["features"], info["crs"], info["geometry_type"])
meta, fids, geometry, fields = read(sys.argv[1] + "/plan.fgb")
ids = list(fields[list(meta["fields"]).index("site_id")])
k = ids.index({site:?})
x, y = struct.unpack("<dd", geometry[k][5:21])
print("site", ids[k], repr(x), repr(y))
meta, fids, geometry, fields = read(sys.argv[1] + "/blindspots.fgb")
print("ranks", sorted(int(r) for r in fields[list(meta["fields"]).index("rank")])[:3])
"#
    );
    let output = Command::new(&python)
        .args(["-c", &script, path_str(&out)])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let blind = read_points(&out.join("blindspots.fgb"), &PointOptions::new()).unwrap();
    assert!(text.contains("plan.fgb 20 EPSG:4326 Point"), "{text}");
    let line = format!("blindspots.fgb {} EPSG:4326 Point", blind.points.len());
    assert!(text.contains(&line), "{line}: {text}");
    assert!(
        text.contains("coverage.fgb ") && text.contains("MultiPolygon"),
        "{text}"
    );
    let site_line = text.lines().find(|l| l.starts_with("site ")).unwrap();
    let numbers: Vec<f64> = site_line.split(' ').skip(2).map(|v| v.parse().unwrap()).collect();
    assert!(
        (numbers[0] - at.x).abs() < 1e-9 && (numbers[1] - at.y).abs() < 1e-9,
        "{site_line} {at:?}"
    );
    assert!(text.contains("ranks [1, 2, 3]"), "{text}");
}
