//! `sightline init` and `sightline run scenario.toml`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::{
    assert_refused, demo_inputs, demo_plan_args, feature_count, output_files, path_str, read_json, run,
    run_ok, run_ok_stderr, set_flag,
};

/// The template filled in with the demo's layers (file names only, plus
/// the demo's weight and id properties).
fn filled_template(dir: &Path) -> String {
    demo_inputs(dir);
    run_ok(&["init", path_str(&dir.join("scenario.toml"))]);
    std::fs::read_to_string(dir.join("scenario.toml"))
        .unwrap()
        .replace("\"complaints.geojson\"", "\"demo/demand.geojson\"")
        .replace("# weight = \"count\"", "weight = \"weight\"")
        .replace("\"security_lights.csv\"", "\"demo/sites.geojson\"")
        .replace("# id = \"pole_id\"", "id = \"site_id\"")
        .replace("\"cctv.geojson\"", "\"demo/existing.geojson\"")
        .replace("\"dong.geojson\"", "\"demo/districts.geojson\"")
        .replace("method = \"auto\"", "method = \"local\"")
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.toml");
    run_ok(&["init", path_str(&path)]);
    let template = std::fs::read_to_string(&path).unwrap();
    assert!(template.contains("[[layer]]") && template.contains("[objective]"));
    std::fs::write(&path, "mine").unwrap();
    let output = run(&["init", path_str(&path)]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    run_ok(&["init", "--force", path_str(&path)]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), template);
}

/// The template's commented `label` and `lang` keys, uncommented, run:
/// the plan names each site and the report is in Korean.
#[test]
fn the_template_shows_the_label_and_language_keys() {
    let dir = tempfile::tempdir().unwrap();
    let text = filled_template(dir.path());
    assert!(text.contains("# label = \"보안등위치명\""), "{text}");
    assert!(text.contains("# lang = \"ko\""), "{text}");
    let text = text
        .replace("# label = \"보안등위치명\"", "label = \"site_id\"")
        .replace("# lang = \"ko\"", "lang = \"ko\"");
    let scenario = dir.path().join("study.toml");
    std::fs::write(&scenario, &text).unwrap();
    run_ok(&["run", path_str(&scenario)]);
    let out = dir.path().join("sightline-output");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("## 결과"), "{report}");
    assert!(report.contains("| 이름 |"), "the label column: {report}");
}

#[test]
fn a_filled_template_runs_and_equals_the_same_plan_from_flags() {
    let dir = tempfile::tempdir().unwrap();
    let text = filled_template(dir.path());
    let scenario = dir.path().join("study.toml");
    std::fs::write(&scenario, &text).unwrap();
    run_ok(&["run", path_str(&scenario)]);
    let out = dir.path().join("sightline-output");
    for file in output_files() {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.starts_with("# Where to add CCTV cameras\n"), "{report}");
    assert!(report.contains("| demand | "), "{report}");
    let curve = std::fs::read_to_string(out.join("curve.csv")).unwrap();
    assert_eq!(curve.lines().count(), 1 + 20);

    // The same study from flags gives the same plan: every file but those
    // that carry the study's title (the scenario's; for flags, a default).
    let flags = dir.path().join("flags");
    let mut args = demo_plan_args(&dir.path().join("demo"), &flags);
    set_flag(&mut args, "--radius", "50");
    run_ok(&args);
    for file in output_files() {
        if ["report.md", "report.html", "curve.svg", "map.svg"].contains(&file) {
            continue;
        }
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            std::fs::read(flags.join(file)).unwrap(),
            "{file} differs"
        );
    }

    // Outputs in another coordinate system, from the scenario file.
    let projected = text
        .replace("# out_crs = \"EPSG:5186\"", "out_crs = \"EPSG:5186\"")
        .replace("folder = \"sightline-output\"", "folder = \"projected\"");
    std::fs::write(&scenario, projected).unwrap();
    run_ok(&["run", path_str(&scenario)]);
    let plan = read_json(&dir.path().join("projected/plan.geojson"));
    assert_eq!(plan["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::5186");
    let x = plan["features"][0]["geometry"]["coordinates"][0]
        .as_f64()
        .unwrap();
    assert!(x > 1000.0, "EPSG:5186 eastings are metres, not degrees: {x}");

    // Only the files asked for.
    let only = text.replace(
        "# files = [\"plan.geojson\", \"summary.json\", \"coverage.geojson\", \"blindspots.geojson\",",
        "files = [\"plan.geojson\", \"report.md\"]\n#",
    );
    let only = only.replace("folder = \"sightline-output\"", "folder = \"only\"");
    std::fs::write(&scenario, only).unwrap();
    run_ok(&["run", path_str(&scenario)]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("only"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["plan.geojson", "report.md"]);
}

/// Runs a broken scenario: exit code 1, `needles` in the message, and no
/// output folder.
fn assert_scenario_refused(dir: &Path, text: &str, needles: &[&str]) {
    let scenario = dir.join("broken.toml");
    std::fs::write(&scenario, text).unwrap();
    assert_refused(
        &["run", path_str(&scenario)],
        needles,
        &dir.join("sightline-output"),
    );
}

#[test]
fn broken_scenarios_name_the_key_and_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = filled_template(dir.path());
    let line_of = |needle: &str| 1 + text.lines().position(|l| l.starts_with(needle)).unwrap();

    let typo = text.replace("time_limit_s = 10", "time_limt_s = 10");
    let line = format!("line {}", line_of("time_limit_s"));
    assert_scenario_refused(dir.path(), &typo, &["broken.toml", "time_limt_s", &line]);

    let misplaced = text.replace("name = \"name\" ", "nme = \"name\" ");
    assert_scenario_refused(dir.path(), &misplaced, &["unknown field `nme`"]);

    let wrong_role = text.replace("role = \"sites\" ", "role = \"sites\"\nweight = \"w\"\n");
    let line = format!(
        "line {}",
        1 + wrong_role.lines().position(|l| l == "weight = \"w\"").unwrap()
    );
    assert_scenario_refused(
        dir.path(),
        &wrong_role,
        &[
            &line,
            "weight of the sites layer does not apply (a sites layer takes role, file",
        ],
    );

    let missing = text.replace("demo/districts.geojson", "demo/nowhere.geojson");
    assert_scenario_refused(dir.path(), &missing, &["nowhere.geojson"]);

    let no_goal = text.replace("cameras = 20 ", "# cameras = 20 ");
    assert_scenario_refused(
        dir.path(),
        &no_goal,
        &["[objective] needs cameras, budget or target_coverage"],
    );

    let two_sites = format!("{text}\n[[layer]]\nrole = \"sites\"\nfile = \"x.geojson\"\n");
    assert_scenario_refused(dir.path(), &two_sites, &["a second sites layer"]);
    let weightless =
        format!("{text}\n[[layer]]\nrole = \"demand\"\nfile = \"x.geojson\"\nlayer_weight = 0\n");
    assert_scenario_refused(dir.path(), &weightless, &["layer_weight", "greater than 0"]);

    let bad_output = text.replace(
        "# files = [\"plan.geojson\", \"summary.json\", \"coverage.geojson\", \"blindspots.geojson\",",
        "files = [\"plan.geojsn\"]\n#",
    );
    assert_scenario_refused(dir.path(), &bad_output, &["unknown output file `plan.geojsn`"]);

    let negative = text.replace("radius_m = 50\n", "radius_m = -5\n");
    let line = format!("line {}", line_of("radius_m = 50"));
    assert_scenario_refused(dir.path(), &negative, &["[camera] radius_m is -5", &line]);

    let no_time = text.replace("time_limit_s = 10", "time_limit_s = 0");
    assert_scenario_refused(dir.path(), &no_time, &["[solver] time_limit_s is 0"]);

    let density = format!("{text}\n[[layer]]\nrole = \"density\"\nfile = \"demo/demand.geojson\"\n");
    assert_scenario_refused(
        dir.path(),
        &density,
        &["the density layer shapes the demand grid only"],
    );

    let csv_keys = text.replace(
        "role = \"existing\" ",
        "role = \"existing\"\nencoding = \"cp949\"\n",
    );
    assert_scenario_refused(
        dir.path(),
        &csv_keys,
        &["encoding of the existing layer applies to CSV files only"],
    );

    let twice = text
        .replace("# existing_radius_m = 50", "existing_radius_m = 50")
        .replace(
            "# radius_m = 50               # range of existing",
            "radius_m = 40 # range of existing",
        );
    assert_scenario_refused(
        dir.path(),
        &twice,
        &["[camera] existing_radius_m is also set by radius_m of the existing layer (line"],
    );

    let bad_crs = text.replace("crs = \"lonlat\"", "crs = \"EPSG:abc\"");
    let line = format!("line {}", line_of("crs = "));
    assert_scenario_refused(
        dir.path(),
        &bad_crs,
        &["is not a coordinate reference system", &line],
    );

    let not_toml = text.replace("[objective]", "[objective");
    assert_scenario_refused(dir.path(), &not_toml, &["broken.toml", "TOML parse error"]);
}

/// The check: the template from `sightline init`, with only the
/// file names filled in with the Goyang files, runs unchanged: the
/// security-light CSV (CP949, national standard) as sites, the Deogyang
/// CCTV as existing cameras, the 39 dong as districts, and the lights'
/// GeoJSON as demand (lit streets; there is no public complaint layer).
#[test]
fn the_template_filled_in_with_the_goyang_files_runs_unchanged() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang scenario file") else {
        return;
    };
    let goyang = data.join("goyang");
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("goyang.toml");
    run_ok(&["init", path_str(&scenario)]);
    let file = |name: &str| format!("\"{}\"", path_str(&goyang.join(name)));
    let text = std::fs::read_to_string(&scenario)
        .unwrap()
        .replace("\"complaints.geojson\"", &file("goyang_security_lights.geojson"))
        .replace(
            "\"security_lights.csv\"",
            &file("goyang_security_lights_2021_cp949.csv"),
        )
        .replace("\"cctv.geojson\"", &file("deogyang_cctv.geojson"))
        .replace("\"dong.geojson\"", &file("goyang_dong_2018.geojson"));
    std::fs::write(&scenario, text).unwrap();
    // Not quiet: the skipped rows must be reported on the way.
    let stderr = run_ok_stderr(&["run", path_str(&scenario)]);
    assert!(
        stderr.contains("skipped 6374 of 12108 rows without usable coordinates"),
        "{stderr}"
    );
    let out = dir.path().join("sightline-output");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("| sites |"), "{report}");
    assert!(report.contains("| 12108 | 5734 |"), "{report}");
    assert!(report.contains("skipped 6374 of 12108 rows"), "{report}");
    let cameras = feature_count(&out.join("plan.geojson"));
    assert_eq!(cameras, 20);
    for name in ["map.svg", "curve.svg"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let document = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(document.root_element().tag_name().name(), "svg");
    }
    let map = std::fs::read_to_string(out.join("map.svg")).unwrap();
    let document = roxmltree::Document::parse(&map).unwrap();
    let markers = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("new-camera"))
        .count();
    assert_eq!(markers, cameras);
    // 39 dong, then the lights that fall outside the generalised
    // boundaries; every dong name is on the map or in its tooltip.
    let districts = std::fs::read_to_string(out.join("districts.csv")).unwrap();
    assert_eq!(districts.lines().count(), 1 + 39 + 1, "{districts}");
    assert!(
        districts
            .lines()
            .last()
            .unwrap()
            .starts_with("(outside every district),")
    );
    assert!(map.contains("관산동"));
}
