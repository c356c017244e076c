//! One study, three spellings, same bytes: `sightline plan FLAGS
//! --save-study study.toml`, `sightline run study.toml` and `sightline run
//! study.json` (the same study through the library's JSON) write the same
//! files, byte for byte, but for the line of `report.md` that quotes the
//! command. And `--save-study` writes the study the flags describe: parsed
//! back, it equals the study built here field by field, also when it is
//! saved into another folder than the working one.
//!
//! Each case plans on the small demo city (seeded: the same layers every
//! time) with a solver that does not depend on time (greedy or local
//! search), from a temporary working folder, with relative file names.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use common::{edit_layer, read_json, run_in, strings, write_views};
use serde_json::{Value, json};
use sightline::Method;
use sightline::coverage::Decay;
use sightline::io::{Crs, Encoding};
use sightline::memory::MemoryLimit;
use sightline::study::{
    CameraTypeSpec, DemandMode, DiscCamera, KernelName, Layer, Objective, Outputs, Role, Study,
};

/// The small demo city's layers in `dir/city`, with a cost per site and a
/// population per district besides the demo's properties.
fn small_city(dir: &Path) {
    run_in(
        dir,
        &strings(&["demo", "--size", "small", "--solver", "greedy", "--out", "city"]),
    );
    let city = dir.join("city");
    edit_layer(&city.join("sites.geojson"), |k, p| {
        p.insert("cost".into(), json!(1.0 + 0.5 * (k % 4) as f64));
    });
    edit_layer(&city.join("districts.geojson"), |k, p| {
        p.insert("population".into(), json!(1000 * (k + 1)));
    });
}

/// The point layer `city/NAME.geojson` as a CP949 CSV `city/NAME.csv`
/// with Korean column names: 가로 (longitude), 세로 (latitude), then
/// `property` as `column`.
fn write_cp949_csv(city: &Path, name: &str, property: &str, column: &str) {
    let layer = read_json(&city.join(format!("{name}.geojson")));
    let mut text = format!("가로,세로,{column}\n");
    for feature in layer["features"].as_array().unwrap() {
        let c = &feature["geometry"]["coordinates"];
        let value = match &feature["properties"][property] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        text.push_str(&format!("{},{},{value}\n", c[0], c[1]));
    }
    let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(&text);
    assert!(!unmappable);
    std::fs::write(city.join(format!("{name}.csv")), bytes).unwrap();
}

/// `plan` on the city's layers (relative names, from the working folder):
/// demand, sites, existing cameras and districts with the demo's
/// properties, 100 m discs, then `extra`.
fn city_flags(extra: &[&str]) -> Vec<String> {
    let mut args = strings(&[
        "plan",
        "--demand",
        "city/demand.geojson",
        "--demand-weight",
        "weight",
        "--sites",
        "city/sites.geojson",
        "--site-id",
        "site_id",
        "--existing",
        "city/existing.geojson",
        "--districts",
        "city/districts.geojson",
        "--district-name",
        "name",
        "--radius",
        "100",
    ]);
    args.extend(strings(extra));
    args
}

/// The study `city_flags` describes, as the library writes it, with
/// `folder` (the city's folder as seen from the study file) and no
/// objective yet.
fn city_study(folder: &str) -> Study {
    let file = |name: &str| PathBuf::from(format!("{folder}/{name}"));
    let demand = Layer::new(Role::Demand, file("demand.geojson")).weight("weight");
    let mut sites = Layer::new(Role::Sites, file("sites.geojson"));
    sites.id = Some("site_id".to_owned());
    let existing = Layer::new(Role::Existing, file("existing.geojson"));
    let mut districts = Layer::new(Role::Districts, file("districts.geojson"));
    districts.name = Some("name".to_owned());
    let mut study = Study::default();
    study.title = Some("Sightline plan".to_owned());
    study.layers = vec![demand, sites, existing, districts];
    study.camera = Some(DiscCamera::new(100.0));
    study
}

fn objective(set: impl FnOnce(&mut Objective)) -> Option<Objective> {
    let mut objective = Objective::default();
    set(&mut objective);
    Some(objective)
}

/// The study with its output folder set to `folder`.
fn with_outputs(mut study: Study, folder: &str) -> Study {
    study.outputs = Some(Outputs::new(folder));
    study
}

/// The files of the output folder `out`: name and bytes, by name.
fn output_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (name, std::fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// True for the line of `report.md` that quotes the command.
fn is_command_line(line: &str) -> bool {
    line.starts_with("Produced by `") && line.ends_with("`.")
}

/// Compares the output folders `a` and `b`: the same file names, and the
/// same bytes but for the lines of `report.md` that `may_differ` accepts.
/// The command line (`Produced by …`) must differ when `commands_differ`
/// (two study files, say), and must be the same otherwise.
fn assert_same_outputs(a: &Path, b: &Path, commands_differ: bool, may_differ: impl Fn(&str, &str) -> bool) {
    let (files_a, files_b) = (output_files(a), output_files(b));
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let mut expected: Vec<String> = common::output_files().iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    // Beside the district maps (`map_<district>.svg`), the same in both.
    let single = |files: &[(String, Vec<u8>)]| {
        let mut names = names(files);
        names.retain(|name| !sightline::output::OutputKind::DistrictMaps.matches(name));
        names
    };
    assert_eq!(single(&files_a), expected, "{}", a.display());
    assert_eq!(
        names(&files_a),
        names(&files_b),
        "{} and {}",
        a.display(),
        b.display()
    );
    for ((name, bytes_a), (_, bytes_b)) in files_a.iter().zip(&files_b) {
        if name != "report.md" {
            assert!(
                bytes_a == bytes_b,
                "{name} differs between {} and {}",
                a.display(),
                b.display()
            );
            continue;
        }
        let (text_a, text_b) = (
            String::from_utf8(bytes_a.clone()).unwrap(),
            String::from_utf8(bytes_b.clone()).unwrap(),
        );
        let (lines_a, lines_b): (Vec<&str>, Vec<&str>) = (text_a.lines().collect(), text_b.lines().collect());
        assert_eq!(
            lines_a.len(),
            lines_b.len(),
            "report.md:\n{text_a}\n---\n{text_b}"
        );
        let commands = |lines: &[&str]| lines.iter().filter(|l| is_command_line(l)).count();
        assert_eq!(commands(&lines_a), 1, "{text_a}");
        assert_eq!(commands(&lines_b), 1, "{text_b}");
        let mut command_differs = false;
        for (la, lb) in lines_a.iter().zip(&lines_b) {
            if is_command_line(la) {
                assert!(is_command_line(lb), "{la:?} against {lb:?}");
                command_differs = la != lb;
            } else if la != lb {
                assert!(may_differ(la, lb), "report.md line {la:?} became {lb:?}");
            }
        }
        assert_eq!(command_differs, commands_differ, "{text_a}\n---\n{text_b}");
        // Removing the command line leaves the same text (same bytes, when
        // nothing else may differ).
        let without = |text: &str| {
            text.lines()
                .filter(|l| !is_command_line(l))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        };
        if lines_a
            .iter()
            .zip(&lines_b)
            .all(|(la, lb)| la == lb || is_command_line(la))
        {
            assert_eq!(without(&text_a), without(&text_b));
        }
    }
}

/// The one spelling of the `[outputs]` folder in the saved `text`,
/// replaced by `folder`.
fn rewrite_folder(text: &str, from: &str, to: &str) -> String {
    let old = format!("folder = \"{from}\"\n");
    assert_eq!(text.matches(&old).count(), 1, "{text}");
    text.replace(&old, &format!("folder = \"{to}\"\n"))
}

/// The saved TOML at `path`, parsed, checked against `expected` (as TOML
/// text and as a value); returns its text.
fn assert_saved(path: &Path, expected: &Study) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let parsed = Study::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()));
    assert_eq!(parsed.to_toml(), expected.to_toml(), "saved:\n{text}");
    assert_eq!(&parsed, expected);
    assert_eq!(text, expected.to_toml(), "the saved file is the library's TOML");
    text
}

/// The heart of the file: `flags` (a `plan` command without `--out`) run
/// in `dir` three ways, which must write the same files; the study saved
/// by the flags must be `expected` (whose output folder is `out-flags`).
fn three_spellings(dir: &Path, flags: &[String], expected: &Study) {
    let mut args = flags.to_vec();
    args.extend(strings(&["--save-study", "study.toml", "--out", "out-flags"]));
    run_in(dir, &args);
    let saved = assert_saved(
        &dir.join("study.toml"),
        &with_outputs(expected.clone(), "out-flags"),
    );

    // (b) The saved file, its output folder rewritten.
    let toml = rewrite_folder(&saved, "out-flags", "out-toml");
    std::fs::write(dir.join("study.toml"), &toml).unwrap();
    run_in(dir, &strings(&["run", "study.toml"]));

    // (c) The same study in JSON, through the library.
    let mut study = Study::from_toml(&toml).unwrap();
    study.outputs.as_mut().unwrap().folder = PathBuf::from("out-json");
    let json = study.to_json();
    assert_eq!(Study::from_json(&json).unwrap(), study, "{json}");
    std::fs::write(dir.join("study.json"), json).unwrap();
    run_in(dir, &strings(&["run", "study.json"]));

    let none_else = |_: &str, _: &str| false;
    // The flags' report quotes the saved study's command: the same bytes.
    assert_same_outputs(&dir.join("out-flags"), &dir.join("out-toml"), false, none_else);
    assert_same_outputs(&dir.join("out-flags"), &dir.join("out-json"), true, none_else);
    assert_eq!(
        output_files(&dir.join("out-flags")),
        output_files(&dir.join("out-toml"))
    );
    let report = std::fs::read_to_string(dir.join("out-json/report.md")).unwrap();
    assert!(
        report.contains("Produced by `sightline run study.json`."),
        "{report}"
    );
    let report = std::fs::read_to_string(dir.join("out-toml/report.md")).unwrap();
    assert!(
        report.contains("Produced by `sightline run study.toml`."),
        "{report}"
    );
}

/// (i) Discs, existing cameras, districts; outputs in EPSG:5186 and a
/// memory limit.
#[test]
fn discs_with_existing_cameras_and_districts() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    let flags = city_flags(&[
        "--cameras",
        "20",
        "--solver",
        "local",
        "--out-crs",
        "EPSG:5186",
        "--memory-limit",
        "2G",
    ]);
    let mut expected = city_study("city");
    expected.out_crs = Some(Crs::Epsg(5186));
    expected.objective = objective(|o| o.cameras = Some(20));
    expected.solver.method = Some(Method::LocalSearch);
    expected.solver.memory_limit = Some(MemoryLimit::Bytes(2 * 1024 * 1024 * 1024));
    three_spellings(dir.path(), &flags, &expected);
}

/// (ii) Two camera types, one whose quality decays, with buildings,
/// headings per site, existing cameras with their own views and range, and
/// quality levels.
#[test]
fn camera_types_buildings_headings_and_existing_views() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    let city = dir.path().join("city");
    write_views(&city);
    let flags = city_flags(&[
        "--buildings",
        "city/buildings.geojson",
        "--site-headings",
        "headings",
        "--existing-view",
        "heading,fov",
        "--existing-radius",
        "80",
        "--camera",
        "fixed:range=100,fov=90,headings=8",
        "--camera",
        "ptz:range=60,fov=360,cost=3,decay=linear:30",
        "--quality-levels",
        "4",
        "--cameras",
        "15",
        "--solver",
        "local",
    ]);
    let mut expected = city_study("city");
    expected.layers[1].headings = Some("headings".to_owned());
    expected.layers[2].heading = Some("heading".to_owned());
    expected.layers[2].fov = Some("fov".to_owned());
    expected
        .layers
        .push(Layer::new(Role::Buildings, "city/buildings.geojson"));
    expected.camera.as_mut().unwrap().existing_radius_m = Some(80.0);
    let mut fixed = CameraTypeSpec::new("fixed", 100.0);
    fixed.fov_deg = Some(90.0);
    fixed.headings = Some(8);
    let mut ptz = CameraTypeSpec::new("ptz", 60.0);
    ptz.fov_deg = Some(360.0);
    ptz.cost = Some(3.0);
    ptz.decay = Some(Decay::Linear { full_m: 30.0 });
    expected.camera_types = vec![fixed, ptz];
    expected.demand.quality_levels = Some(4);
    expected.objective = objective(|o| o.cameras = Some(15));
    expected.solver.method = Some(Method::LocalSearch);
    three_spellings(dir.path(), &flags, &expected);
}

/// The flags and study of a demand grid with a density layer, an influence
/// layer and a value per district, the layers seen from `folder`.
fn grid_case(folder: &str) -> (Vec<String>, Study) {
    let flags = city_flags(&[
        "--mode",
        "grid",
        "--grid",
        "50",
        "--kernel",
        "gaussian",
        "--kde-bandwidth",
        "200",
        "--layer",
        "city/existing.geojson:0.5",
        "--layer",
        "city/sites.geojson:0.3:200",
        "--district-value",
        "population:0.2",
        "--cameras",
        "12",
        "--solver",
        "greedy",
    ]);
    let mut expected = city_study(folder);
    expected.layers[3].value = Some("population".to_owned());
    expected.layers[3].value_weight = Some(0.2);
    let mut density = Layer::new(Role::Density, format!("{folder}/existing.geojson"));
    density.layer_weight = Some(0.5);
    let mut influence = Layer::new(Role::Influence, format!("{folder}/sites.geojson"));
    influence.layer_weight = Some(0.3);
    influence.radius_m = Some(200.0);
    expected.layers.extend([density, influence]);
    expected.demand.mode = Some(DemandMode::Grid);
    expected.demand.grid_m = Some(50.0);
    expected.demand.kernel = Some(KernelName::Gaussian);
    expected.demand.bandwidth_m = Some(200.0);
    expected.objective = objective(|o| o.cameras = Some(12));
    expected.solver.method = Some(Method::Greedy);
    (flags, expected)
}

/// (iii) A kernel-density grid with a density layer, an influence layer
/// and a district value.
#[test]
fn grid_with_density_influence_and_district_value() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    let (flags, expected) = grid_case("city");
    three_spellings(dir.path(), &flags, &expected);
}

/// (iv) A budget over priced sites, with backup coverage, district quotas,
/// spacing and forced sites.
#[test]
fn budget_with_backup_quotas_spacing_and_forced_sites() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    let flags = city_flags(&[
        "--site-cost",
        "cost",
        "--budget",
        "20",
        "--backup-weight",
        "0.5",
        "--min-per-district",
        "1",
        "--max-per-district",
        "6",
        "--min-spacing",
        "120",
        "--force-in",
        "P00001,P00007",
        "--force-out",
        "P00002",
        "--solver",
        "local",
    ]);
    let mut expected = city_study("city");
    expected.layers[1].cost = Some("cost".to_owned());
    expected.objective = objective(|o| {
        o.budget = Some(20.0);
        o.backup_weight = Some(0.5);
    });
    let rules = &mut expected.constraints;
    rules.min_per_district = Some(1);
    rules.max_per_district = Some(6);
    rules.min_spacing_m = Some(120.0);
    rules.force_in = vec!["P00001".to_owned(), "P00007".to_owned()];
    rules.force_out = vec!["P00002".to_owned()];
    expected.solver.method = Some(Method::LocalSearch);
    three_spellings(dir.path(), &flags, &expected);
    let plan = read_json(&dir.path().join("out-json/plan.geojson"));
    let ids: Vec<&str> = plan["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["site_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"P00001") && ids.contains(&"P00007") && !ids.contains(&"P00002"),
        "{ids:?}"
    );
}

/// (v) The cheapest plan covering 80% of the coverable demand.
#[test]
fn coverage_target() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    let flags = city_flags(&[
        "--site-cost",
        "cost",
        "--target-coverage",
        "0.8",
        "--solver",
        "greedy",
    ]);
    let mut expected = city_study("city");
    expected.layers[1].cost = Some("cost".to_owned());
    expected.objective = objective(|o| o.target_coverage = Some(0.8));
    expected.solver.method = Some(Method::Greedy);
    three_spellings(dir.path(), &flags, &expected);
}

/// (vi) CSV point layers in CP949 with Korean column names, read with
/// `--encoding` and `--csv-columns` (which apply to every CSV layer).
#[test]
fn csv_layers_with_encoding_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    let city = dir.path().join("city");
    write_cp949_csv(&city, "demand", "weight", "건수");
    write_cp949_csv(&city, "sites", "site_id", "번호");
    let flags = strings(&[
        "plan",
        "--demand",
        "city/demand.csv",
        "--demand-weight",
        "건수",
        "--sites",
        "city/sites.csv",
        "--site-id",
        "번호",
        "--districts",
        "city/districts.geojson",
        "--district-name",
        "name",
        "--encoding",
        "cp949",
        "--csv-columns",
        "가로,세로",
        "--radius",
        "100",
        "--cameras",
        "10",
        "--solver",
        "greedy",
    ]);
    let csv = |role, file: &str| {
        let mut layer = Layer::new(role, file);
        layer.encoding = Some(Encoding::Cp949);
        layer.x = Some("가로".to_owned());
        layer.y = Some("세로".to_owned());
        layer
    };
    let demand = csv(Role::Demand, "city/demand.csv").weight("건수");
    let mut sites = csv(Role::Sites, "city/sites.csv");
    sites.id = Some("번호".to_owned());
    let mut districts = Layer::new(Role::Districts, "city/districts.geojson");
    districts.name = Some("name".to_owned());
    let mut expected = Study::default();
    expected.title = Some("Sightline plan".to_owned());
    expected.layers = vec![demand, sites, districts];
    expected.camera = Some(DiscCamera::new(100.0));
    expected.objective = objective(|o| o.cameras = Some(10));
    expected.solver.method = Some(Method::Greedy);
    three_spellings(dir.path(), &flags, &expected);
    // The CSV layers hold the demo's GeoJSON layers: the same plan.
    let mut geojson = flags.clone();
    for (csv, json) in [
        ("city/demand.csv", "city/demand.geojson"),
        ("city/sites.csv", "city/sites.geojson"),
        ("건수", "weight"),
        ("번호", "site_id"),
    ] {
        let at = geojson.iter().position(|a| a == csv).unwrap();
        geojson[at] = json.to_owned();
    }
    let at = geojson.iter().position(|a| a == "--encoding").unwrap();
    geojson.drain(at..at + 4); // --encoding and --csv-columns
    geojson.extend(strings(&["--out", "out-geojson"]));
    run_in(dir.path(), &geojson);
    // The same plan: coordinates and Sightline's own properties (each
    // file also carries its sites' own columns or properties).
    let plan = |out: &str| {
        let mut plan = read_json(&dir.path().join(out).join("plan.geojson"));
        for feature in plan["features"].as_array_mut().unwrap() {
            let own = ["rank", "gain", "site_id", "district", "new_points"];
            feature["properties"]
                .as_object_mut()
                .unwrap()
                .retain(|name, _| own.contains(&name.as_str()));
        }
        plan
    };
    assert_eq!(plan("out-flags")["features"].as_array().unwrap().len(), 10);
    assert_eq!(plan("out-flags"), plan("out-geojson"));
}

/// A study saved into another folder than the working one: its file
/// names are written relative to that folder, parse back into the study
/// the flags describe, and `sightline run` from the working folder finds
/// the layers and writes the same files (`report.md` then names the layers
/// by another spelling of the same paths).
#[test]
fn study_saved_into_another_folder_resolves_its_file_names() {
    let dir = tempfile::tempdir().unwrap();
    small_city(dir.path());
    std::fs::create_dir(dir.path().join("saved")).unwrap();
    let (mut flags, expected) = grid_case("../city");
    flags.extend(strings(&[
        "--save-study",
        "saved/study.toml",
        "--out",
        "out-flags",
    ]));
    run_in(dir.path(), &flags);
    let saved = assert_saved(
        &dir.path().join("saved/study.toml"),
        &with_outputs(expected, "../out-flags"),
    );
    // Relative to the study file's folder, as `sightline run` reads it.
    let toml = rewrite_folder(&saved, "../out-flags", "../out-toml");
    std::fs::write(dir.path().join("saved/study.toml"), toml).unwrap();
    run_in(dir.path(), &strings(&["run", "saved/study.toml"]));

    // Input table rows may name a layer by another path to the same file.
    let same_file = |a: &str, b: &str| {
        let (cells_a, cells_b): (Vec<&str>, Vec<&str>) = (a.split('|').collect(), b.split('|').collect());
        cells_a.len() == 8
            && cells_a.len() == cells_b.len()
            && (0..cells_a.len()).all(|k| k == 2 || cells_a[k] == cells_b[k])
            && {
                let path = |cell: &str| dir.path().join(cell.trim()).canonicalize().unwrap();
                path(cells_a[2]) == path(cells_b[2])
            }
    };
    assert_same_outputs(
        &dir.path().join("out-flags"),
        &dir.path().join("out-toml"),
        false,
        same_file,
    );
    assert!(
        !dir.path().join("saved/out-toml").exists() && !dir.path().join("saved/out-flags").exists(),
        "the output folder was not taken from the study file's folder"
    );
    // Run from the study file's own folder: the same plan.
    let saved = std::fs::read_to_string(dir.path().join("saved/study.toml")).unwrap();
    let toml = rewrite_folder(&saved, "../out-toml", "../out-there");
    std::fs::write(dir.path().join("saved/study.toml"), toml).unwrap();
    run_in(&dir.path().join("saved"), &strings(&["run", "study.toml"]));
    let plan = |out: &str| std::fs::read(dir.path().join(out).join("plan.geojson")).unwrap();
    assert!(plan("out-flags") == plan("out-there"));
}
