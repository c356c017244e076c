//! Golden outputs: the plans and figures the `sightline` command gave
//! before the study-spec restructuring (commit f6fd9bb), kept in
//! `tests/golden/CASE/`, must come out again, figure for figure.
//!
//! Each case runs one command on the built-in synthetic city (or on the
//! Goyang public data in `../shared/data`, skipped with a notice when it
//! is absent) with a solver that does not depend on time, then compares
//! `plan.geojson` (every feature, coordinate and property the golden file
//! has) and `summary.json` (every field the golden file has) with the
//! golden files; new properties and fields may be added. Numbers are compared to a relative 1e-9,
//! so that a last-bit difference of a platform's libm cannot fail a case
//! while any real change does.
//!
//! `SIGHTLINE_BLESS_GOLDEN=1 cargo test -p sightline-cli --test golden`
//! writes the golden files of cases that have none yet; existing ones are
//! never overwritten (delete a case's folder on purpose to re-record it).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use common::{edit_layer, path_str, read_json, run_in, strings, write_views};
use serde_json::{Value, json};

fn golden_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(case)
}

/// Where `actual` differs from `golden`: numbers beyond a relative 1e-9,
/// anything else exactly. With `extra_keys`, objects in `actual` may hold
/// keys the golden one has not (new fields).
fn differences(golden: &Value, actual: &Value, at: &str, extra_keys: bool, found: &mut Vec<String>) {
    match (golden, actual) {
        (Value::Number(g), Value::Number(a)) => {
            let (g, a) = (g.as_f64().unwrap(), a.as_f64().unwrap());
            if (g - a).abs() > 1e-9 * g.abs().max(a.abs()).max(1.0) {
                found.push(format!("{at}: {g} became {a}"));
            }
        }
        (Value::Object(g), Value::Object(a)) => {
            for (key, value) in g {
                match a.get(key) {
                    Some(other) => differences(value, other, &format!("{at}.{key}"), extra_keys, found),
                    None => found.push(format!("{at}.{key}: missing")),
                }
            }
            if !extra_keys {
                for key in a.keys().filter(|k| !g.contains_key(*k)) {
                    found.push(format!("{at}.{key}: new"));
                }
            }
        }
        (Value::Array(g), Value::Array(a)) => {
            if g.len() != a.len() {
                found.push(format!("{at}: {} items became {}", g.len(), a.len()));
            }
            for (k, (g, a)) in g.iter().zip(a).enumerate() {
                differences(g, a, &format!("{at}[{k}]"), extra_keys, found);
            }
        }
        (g, a) if g == a => {}
        (g, a) => found.push(format!("{at}: {g} became {a}")),
    }
}

/// Compares `out`'s plan and summary with the case's golden files, or
/// records them when blessing a case that has none.
fn check_against_golden(case: &str, out: &Path) {
    let golden = golden_dir(case);
    // New properties and fields may be added to both (issue 13 gave each
    // chosen site its own attributes and `new_points`).
    let files = [("plan.geojson", true), ("summary.json", true)];
    if !golden.exists() && std::env::var_os("SIGHTLINE_BLESS_GOLDEN").is_some() {
        std::fs::create_dir_all(&golden).unwrap();
        for (file, _) in files {
            std::fs::copy(out.join(file), golden.join(file)).unwrap();
        }
        eprintln!("recorded golden files of {case} in {}", golden.display());
        return;
    }
    let mut found = Vec::new();
    for (file, extra_keys) in files {
        let expected = read_json(&golden.join(file));
        let actual = read_json(&out.join(file));
        differences(&expected, &actual, file, extra_keys, &mut found);
    }
    assert!(
        found.is_empty(),
        "{case}: {} differences from the golden files, first ones:\n{}",
        found.len(),
        found.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The small demo city's layers in `dir/city` (the demo is seeded: the
/// same files every time).
fn small_city(dir: &Path) -> PathBuf {
    let city = dir.join("city");
    run_in(
        dir,
        &strings(&[
            "demo",
            "--size",
            "small",
            "--solver",
            "greedy",
            "--out",
            path_str(&city),
        ]),
    );
    city
}

/// `plan` on the small city's layers with a 100 m range, plus `extra`.
fn plan_on_city(city: &Path, out: &Path, extra: &[&str]) -> Vec<String> {
    let layer = |name: &str| path_str(&city.join(name)).to_owned();
    let mut args = vec![
        "plan".to_owned(),
        "--demand".to_owned(),
        layer("demand.geojson"),
        "--demand-weight".to_owned(),
        "weight".to_owned(),
        "--sites".to_owned(),
        layer("sites.geojson"),
        "--site-id".to_owned(),
        "site_id".to_owned(),
        "--existing".to_owned(),
        layer("existing.geojson"),
        "--districts".to_owned(),
        layer("districts.geojson"),
        "--district-name".to_owned(),
        "name".to_owned(),
        "--radius".to_owned(),
        "100".to_owned(),
        "--out".to_owned(),
        path_str(out).to_owned(),
    ];
    args.extend(strings(extra));
    args
}

fn demo_case(case: &str, size: &str, solver: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_in(
        dir.path(),
        &strings(&[
            "demo",
            "--size",
            size,
            "--solver",
            solver,
            "--out",
            path_str(&out),
        ]),
    );
    check_against_golden(case, &out);
}

#[test]
fn demo_small_greedy() {
    demo_case("demo-small-greedy", "small", "greedy");
}

#[test]
fn demo_small_local() {
    demo_case("demo-small-local", "small", "local");
}

#[test]
fn demo_medium_greedy() {
    demo_case("demo-medium-greedy", "medium", "greedy");
}

#[test]
fn demo_medium_local() {
    demo_case("demo-medium-local", "medium", "local");
}

/// A scenario file: view cones of two camera types (one with distance
/// decay), per-site headings, existing cameras with their own cones, and
/// buildings that hide what lies behind them.
#[test]
fn scenario_with_view_cones_and_buildings() {
    let dir = tempfile::tempdir().unwrap();
    let city = small_city(dir.path());
    write_views(&city);
    let scenario = city.join("cones.toml");
    std::fs::write(
        &scenario,
        r#"title = "Golden: view cones and buildings"

[[layer]]
role = "demand"
file = "demand.geojson"
weight = "weight"

[[layer]]
role = "sites"
file = "sites.geojson"
id = "site_id"
headings = "headings"

[[layer]]
role = "existing"
file = "existing.geojson"
heading = "heading"
fov = "fov"
radius_m = 80

[[layer]]
role = "districts"
file = "districts.geojson"
name = "name"

[[layer]]
role = "buildings"
file = "buildings.geojson"

[[camera_type]]
name = "fixed"
range_m = 100
fov_deg = 90
headings = 8

[[camera_type]]
name = "ptz"
range_m = 60
fov_deg = 360
cost = 3
decay = "linear:30"

[demand]
quality_levels = 4

[objective]
cameras = 15

[solver]
method = "local"

[outputs]
folder = "cones-out"
"#,
    )
    .unwrap();
    run_in(dir.path(), &strings(&["run", path_str(&scenario)]));
    check_against_golden("scenario-cones-buildings", &city.join("cones-out"));
}

/// The fewest cameras covering 80% of the coverable demand, with its
/// lower bound on the cost.
#[test]
fn coverage_target() {
    let dir = tempfile::tempdir().unwrap();
    let city = small_city(dir.path());
    let out = dir.path().join("out");
    run_in(
        dir.path(),
        &plan_on_city(&city, &out, &["--target-coverage", "0.8"]),
    );
    check_against_golden("coverage-target", &out);
}

/// A budget over sites of different costs, with backup coverage.
#[test]
fn budget_with_backup() {
    let dir = tempfile::tempdir().unwrap();
    let city = small_city(dir.path());
    edit_layer(&city.join("sites.geojson"), |k, p| {
        p.insert("cost".into(), json!(1.0 + 0.5 * (k % 4) as f64));
    });
    let out = dir.path().join("out");
    run_in(
        dir.path(),
        &plan_on_city(
            &city,
            &out,
            &[
                "--site-cost",
                "cost",
                "--budget",
                "20",
                "--backup-weight",
                "0.5",
                "--solver",
                "local",
            ],
        ),
    );
    check_against_golden("budget-backup", &out);
}

/// District quotas, spacing and forced sites, on a kernel-density grid
/// with an influence layer.
#[test]
fn rules_on_a_density_grid() {
    let dir = tempfile::tempdir().unwrap();
    let city = small_city(dir.path());
    let out = dir.path().join("out");
    let influence = format!("{}:0.5:200", path_str(&city.join("existing.geojson")));
    run_in(
        dir.path(),
        &plan_on_city(
            &city,
            &out,
            &[
                "--cameras",
                "16",
                "--mode",
                "grid",
                "--grid",
                "50",
                "--layer",
                &influence,
                "--min-per-district",
                "2",
                "--max-per-district",
                "6",
                "--min-spacing",
                "150",
                "--force-in",
                "P00001",
                "--force-out",
                "P00002",
                "--solver",
                "greedy",
            ],
        ),
    );
    check_against_golden("rules-grid", &out);
}

/// Goyang from the public files, as the `goyang` example plans it (the
/// CP949 security-light CSV as sites and, through its density on a grid,
/// as demand; Deogyang's CCTV; the 39 dong), at 100 m cells.
#[test]
fn goyang() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang golden outputs") else {
        return;
    };
    let goyang = data.join("goyang");
    let file = |name: &str| path_str(&goyang.join(name)).to_owned();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lights = file("goyang_security_lights_2021_cp949.csv");
    let mut args = strings(&["plan", "--demand"]);
    args.extend([lights.clone(), "--sites".to_owned(), lights]);
    args.extend(strings(&["--existing"]));
    args.push(file("deogyang_cctv.geojson"));
    args.push("--districts".to_owned());
    args.push(file("goyang_dong_2018.geojson"));
    args.extend(strings(&[
        "--district-name",
        "name",
        "--mode",
        "grid",
        "--grid",
        "100",
        "--radius",
        "100",
        "--cameras",
        "30",
        "--solver",
        "local",
        "--out",
        path_str(&out),
    ]));
    run_in(dir.path(), &args);
    check_against_golden("goyang", &out);
}
