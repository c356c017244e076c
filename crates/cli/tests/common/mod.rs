//! What the CLI's integration tests share: running the `sightline` binary,
//! its arguments, the demo's layers, small GeoJSON layers, and the checks
//! of a success or a refusal.
#![allow(dead_code)] // each test binary uses its own share

use std::ffi::OsStr;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `sightline` binary built for these tests.
pub fn sightline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
}

/// Runs `sightline` with `args` as given.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    sightline().args(args).output().expect("the binary runs")
}

/// Runs `sightline` with `args` and `--quiet`, and fails the test unless
/// it succeeds.
pub fn run_ok<S: AsRef<OsStr> + Debug>(args: &[S]) {
    let output = sightline()
        .args(args)
        .arg("--quiet")
        .output()
        .expect("the binary runs");
    assert_success(args, &output);
}

/// Runs `sightline` with `args` as given, fails the test unless it
/// succeeds, and returns what it said on standard error.
pub fn run_ok_stderr<S: AsRef<OsStr> + Debug>(args: &[S]) -> String {
    let output = run(args);
    assert_success(args, &output);
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails the test, showing `args` and the standard error, unless `output`
/// is a success.
pub fn assert_success<S: Debug>(args: &[S], output: &Output) {
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `args` and checks the refusal: exit code 1, an `error:` message
/// that mentions every one of `needles`, no panic, and nothing written at
/// `out`. Returns the standard error.
pub fn assert_refused<S: AsRef<OsStr> + Debug>(args: &[S], needles: &[&str], out: &Path) -> String {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{stderr:?} does not mention {needle:?}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "{args:?} wrote output: {stderr}");
    stderr
}

/// Runs `args` and checks the usage error: exit code 2, a message that
/// mentions `needle`, and nothing written at `out`.
pub fn assert_usage_error<S: AsRef<OsStr> + Debug>(args: &[S], needle: &str, out: &Path) {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{stderr:?} does not mention {needle:?}");
    assert!(!out.exists(), "{args:?} wrote output: {stderr}");
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// `args` as owned strings, to be extended and edited.
pub fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

/// Removes `flag` and the value after it from `args`; returns the value,
/// or `None` when `flag` is not there.
pub fn remove_flag(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let at = args.iter().position(|a| a == flag)?;
    args.drain(at..at + 2).nth(1)
}

/// Gives `flag` the value `value` in `args`, where `flag` already is.
pub fn set_flag(args: &mut [String], flag: &str, value: &str) {
    let at = args
        .iter()
        .position(|a| a == flag)
        .unwrap_or_else(|| panic!("{flag} is not in {args:?}"));
    args[at + 1] = value.to_owned();
}

/// Every output file a plan without complaint records or periods writes,
/// named by the library (the district maps, `map_<district>.svg`, aside).
pub fn output_files() -> Vec<&'static str> {
    use sightline::output::OutputKind;
    OutputKind::ALL
        .iter()
        .filter(|&&kind| {
            !matches!(
                kind,
                OutputKind::DistrictMaps
                    | OutputKind::Records
                    | OutputKind::RecordsNotLocated
                    | OutputKind::Periods
                    | OutputKind::Hours
            )
        })
        .map(|kind| kind.file_name())
        .collect()
}

/// The demo's input layers, beside its results in its folder.
pub const DEMO_INPUTS: [&str; 4] = [
    "demand.geojson",
    "sites.geojson",
    "existing.geojson",
    "districts.geojson",
];

/// Runs the demo into `dir/demo` and returns that folder: the demo's input
/// layers and its results.
pub fn demo_inputs(dir: &Path) -> PathBuf {
    let out = dir.join("demo");
    // Local search: the tests run unoptimised builds, where the exact
    // search could meet its time limit and stop at a machine-dependent point.
    run_ok(&["demo", "--solver", "local", "--out", path_str(&out)]);
    out
}

/// `plan` on the demo's layers in `inputs`, with the demo's weight, id and
/// district name properties: 20 cameras of 100 m, local search, into `out`.
pub fn demo_plan_args(inputs: &Path, out: &Path) -> Vec<String> {
    let layer = |name: &str| path_str(&inputs.join(name)).to_owned();
    strings(&[
        "plan",
        "--demand",
        &layer("demand.geojson"),
        "--demand-weight",
        "weight",
        "--sites",
        &layer("sites.geojson"),
        "--site-id",
        "site_id",
        "--existing",
        &layer("existing.geojson"),
        "--districts",
        &layer("districts.geojson"),
        "--district-name",
        "name",
        "--cameras",
        "20",
        "--radius",
        "100",
        "--solver",
        "local",
        "--out",
        path_str(out),
    ])
}

/// One point feature; `properties` is the inside of its properties object.
pub fn point(x: f64, y: f64, properties: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{{properties}}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#
    )
}

/// A feature collection of `features`.
pub fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// Writes `contents` to `dir/name` and returns that path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("the test folder is writable");
    path_str(&path).to_owned()
}

/// A JSON file (GeoJSON, summary.json), parsed.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// How many features the GeoJSON file at `path` holds.
pub fn feature_count(path: &Path) -> usize {
    read_json(path)["features"]
        .as_array()
        .expect("a feature collection")
        .len()
}

/// Runs `sightline ARGS --quiet` in `cwd` and fails the test unless it
/// succeeds.
pub fn run_in<S: AsRef<OsStr> + Debug>(cwd: &Path, args: &[S]) {
    let output = sightline()
        .current_dir(cwd)
        .args(args)
        .arg("--quiet")
        .output()
        .expect("the binary runs");
    assert_success(args, &output);
}

/// Rewrites the GeoJSON layer at `path`, setting properties feature by
/// feature (`set(k, properties)`).
pub fn edit_layer(path: &Path, set: impl Fn(usize, &mut serde_json::Map<String, serde_json::Value>)) {
    let mut layer = read_json(path);
    for (k, feature) in layer["features"].as_array_mut().unwrap().iter_mut().enumerate() {
        if !feature["properties"].is_object() {
            feature["properties"] = serde_json::json!({});
        }
        set(k, feature["properties"].as_object_mut().unwrap());
    }
    std::fs::write(path, layer.to_string()).unwrap();
}

/// Squares of 16 m beside every sixth site of the city, as building
/// footprints (lon/lat, about 25 m east of the site).
pub fn write_buildings(city: &Path) {
    let sites = read_json(&city.join("sites.geojson"));
    let (dx, side) = (0.000_28, 0.000_18); // ~25 m and ~16 m at 37.6° N
    let features: Vec<serde_json::Value> = sites["features"]
        .as_array()
        .unwrap()
        .iter()
        .step_by(6)
        .map(|site| {
            let c = &site["geometry"]["coordinates"];
            let (x, y) = (c[0].as_f64().unwrap() + dx, c[1].as_f64().unwrap() - side / 2.0);
            serde_json::json!({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
                [x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]
            ]]}})
        })
        .collect();
    let layer = serde_json::json!({"type": "FeatureCollection", "features": features});
    std::fs::write(city.join("buildings.geojson"), layer.to_string()).unwrap();
}

/// The demo city in `city` made for view cones: buildings
/// ([`write_buildings`]), allowed headings "90, 270" on every fifth site
/// (property `headings`), and a 90° view on every other existing camera
/// (properties `heading`, `fov`).
pub fn write_views(city: &Path) {
    use serde_json::json;
    write_buildings(city);
    edit_layer(&city.join("sites.geojson"), |k, p| {
        if k % 5 == 0 {
            p.insert("headings".into(), json!("90, 270"));
        }
    });
    edit_layer(&city.join("existing.geojson"), |k, p| {
        if k % 2 == 0 {
            p.insert("heading".into(), json!((k * 45) % 360));
            p.insert("fov".into(), json!(90));
        }
    });
}
