//! A catalogue of bad inputs: each is refused with exit code 1, an error
//! that names the file and the feature or row (or the flag or key) at
//! fault, no panic, and no output folder. The few inputs that are not
//! errors (a CSV with a byte order mark, invalid district polygons) are
//! checked to be read correctly or reported.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sightline(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// One point feature.
fn point(x: f64, y: f64, properties: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{{properties}}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// A folder with good demand and site layers, where each case adds its
/// one bad file.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let demand = collection(&[
            point(126.83, 37.65, r#""w":"2""#),
            point(126.831, 37.651, r#""w":"1""#),
        ]);
        let sites = collection(&[
            point(126.8301, 37.6501, r#""id":"a","cost":"3""#),
            point(126.84, 37.66, r#""id":"b","cost":"4""#),
        ]);
        std::fs::write(dir.path().join("demand.geojson"), demand).unwrap();
        std::fs::write(dir.path().join("sites.geojson"), sites).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_owned()
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        std::fs::write(self.dir.path().join(name), bytes).unwrap();
        self.path(name)
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// `plan` on the good layers, with `extra` flags; a `--demand` or
    /// `--sites` in `extra` replaces the good layer.
    fn plan(&self, extra: &[&str]) -> Vec<String> {
        let given = |flag: &str| {
            extra
                .iter()
                .position(|a| *a == flag)
                .map(|i| extra[i + 1].to_owned())
        };
        let mut extra: Vec<&str> = extra.to_vec();
        for flag in ["--demand", "--sites"] {
            if let Some(i) = extra.iter().position(|a| *a == flag) {
                extra.drain(i..i + 2);
            }
        }
        let mut args: Vec<String> = vec![
            "plan".into(),
            "--demand".into(),
            given("--demand").unwrap_or_else(|| self.path("demand.geojson")),
            "--sites".into(),
            given("--sites").unwrap_or_else(|| self.path("sites.geojson")),
            "--radius".into(),
            "50".into(),
            "--solver".into(),
            "local".into(),
        ];
        if !extra.contains(&"--cameras") && !extra.contains(&"--budget") {
            args.extend(["--cameras".into(), "1".into()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(["--out".into(), self.out().to_str().unwrap().into()]);
        args
    }

    /// Runs `args` and checks the refusal: exit code 1, every needle in
    /// the message, no panic, no output folder.
    fn refused(&self, args: &[String], needles: &[&str]) {
        let output = sightline(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        for needle in needles {
            assert!(stderr.contains(needle), "{stderr:?} does not mention {needle:?}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!self.out().exists(), "{args:?} wrote output: {stderr}");
    }
}

fn features_of(path: &Path) -> usize {
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    value["features"].as_array().unwrap().len()
}

#[test]
fn the_good_case_plans() {
    let case = Case::new();
    let output = sightline(&case.plan(&[]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(features_of(&case.out().join("plan.geojson")), 1);
}

#[test]
fn files_that_are_not_what_they_should_be() {
    let case = Case::new();
    // 1. A missing file.
    let missing = case.path("missing.geojson");
    case.refused(&case.plan(&["--demand", &missing]), &["missing.geojson"]);
    // 2. Truncated JSON.
    let truncated = case.write(
        "truncated.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Fea"#,
    );
    case.refused(
        &case.plan(&["--demand", &truncated]),
        &["truncated.geojson", "line 1"],
    );
    // 3. The wrong top-level type.
    let feature = case.write("feature.geojson", point(126.83, 37.65, ""));
    case.refused(
        &case.plan(&["--demand", &feature]),
        &["feature.geojson", "Feature", "FeatureCollection"],
    );
    // 4. Not JSON at all.
    let text = case.write("text.geojson", "lon,lat\n126.8,37.6\n");
    case.refused(&case.plan(&["--demand", &text]), &["text.geojson"]);
    // 5. A geometry of the wrong kind in a point layer.
    let polygon = case.write(
        "polygon.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.8,37.6],[126.9,37.6],[126.9,37.7],[126.8,37.6]]]}}]}"#,
    );
    case.refused(
        &case.plan(&["--sites", &polygon]),
        &["polygon.geojson", "feature 0", "Polygon"],
    );
    // 6. An empty demand layer.
    let empty = case.write("empty.geojson", collection(&[]));
    case.refused(
        &case.plan(&["--demand", &empty]),
        &["empty.geojson", "no features"],
    );
    // 7. An empty site layer.
    case.refused(
        &case.plan(&["--sites", &empty]),
        &["empty.geojson", "no features"],
    );
    // 8. A district file with no polygons.
    let districts = case.path("demand.geojson");
    case.refused(
        &case.plan(&["--districts", &districts]),
        &["demand.geojson", "feature 0", "Polygon"],
    );
    // 9. A missing geometry.
    let no_geometry = case.write(
        "no_geometry.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#,
    );
    case.refused(
        &case.plan(&["--demand", &no_geometry]),
        &["no_geometry.geojson", "feature 0"],
    );
}

#[test]
fn coordinates_that_cannot_be_right() {
    let case = Case::new();
    let good = point(126.83, 37.65, "");
    // 10. NaN (not even JSON).
    let nan = case.write(
        "nan.geojson",
        collection(&[
            good.clone(),
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN,37.6]}}"#
                .to_owned(),
        ]),
    );
    case.refused(&case.plan(&["--demand", &nan]), &["nan.geojson"]);
    // 11. Infinite (a number too large for a double).
    let infinite = case.write(
        "infinite.geojson",
        collection(&[
            good.clone(),
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999,37.6]}}"#
                .to_owned(),
        ]),
    );
    case.refused(
        &case.plan(&["--demand", &infinite]),
        &["infinite.geojson", "feature 1"],
    );
    // 12. Out of range.
    let far = case.write(
        "far.geojson",
        collection(&[good.clone(), point(126.83, 95.0, "")]),
    );
    case.refused(&case.plan(&["--demand", &far]), &["far.geojson", "feature 1"]);
    // 13. Latitude and longitude swapped (a Korean point read as lat 127).
    let swapped = case.write(
        "swapped.geojson",
        collection(&[good.clone(), point(37.65, 126.83, "")]),
    );
    case.refused(
        &case.plan(&["--demand", &swapped]),
        &["swapped.geojson", "feature 1", "swapped"],
    );
    // 14. Layers in systems that cannot be brought together: planar
    // metres beside longitude/latitude.
    let planar = case.write(
        "planar.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5186"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[126.83,37.65]}}]}"#,
    );
    case.refused(
        &case.plan(&["--sites", &planar]),
        &["planar.geojson", "longitude/latitude"],
    );
    // 15. A layer in a system far from the others (EPSG:5186 metres of a
    // place 300 km away).
    let elsewhere = case.write(
        "elsewhere.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5186"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[385000.0,262000.0]}}]}"#,
    );
    case.refused(
        &case.plan(&["--sites", &elsewhere]),
        &["elsewhere.geojson", "feature 0"],
    );
    // 16. An unknown EPSG code.
    case.refused(&case.plan(&["--crs", "EPSG:99999"]), &["EPSG:99999"]);
}

#[test]
fn properties_that_cannot_be_used() {
    let case = Case::new();
    let weighted = |name: &str, weight: &str| {
        case.write(
            name,
            collection(&[
                point(126.83, 37.65, r#""w":"1""#),
                point(126.831, 37.651, &format!(r#""w":{weight}"#)),
            ]),
        )
    };
    // 17. A non-numeric weight.
    let words = weighted("words.geojson", r#""many""#);
    case.refused(
        &case.plan(&["--demand", &words, "--demand-weight", "w"]),
        &["words.geojson", "feature 1", "`w`"],
    );
    // 18. A negative weight.
    let negative = weighted("negative.geojson", "-3");
    case.refused(
        &case.plan(&["--demand", &negative, "--demand-weight", "w"]),
        &["negative.geojson", "feature 1", "`w`"],
    );
    // 19. A NaN weight, as a string.
    let nan = weighted("nan_weight.geojson", r#""NaN""#);
    case.refused(
        &case.plan(&["--demand", &nan, "--demand-weight", "w"]),
        &["nan_weight.geojson", "feature 1", "`w`"],
    );
    // 20. A weight property that is missing.
    case.refused(
        &case.plan(&["--demand-weight", "count"]),
        &["demand.geojson", "feature 0", "`count`"],
    );
    // 21. Duplicate site ids.
    let duplicate = case.write(
        "duplicate.geojson",
        collection(&[
            point(126.83, 37.65, r#""id":"x""#),
            point(126.84, 37.66, r#""id":"x""#),
        ]),
    );
    case.refused(
        &case.plan(&["--sites", &duplicate, "--site-id", "id"]),
        &["duplicate.geojson", "features 0 and 1", "\"x\""],
    );
    // 39. A site that costs nothing (the reader takes 0; a cost must be
    // more than 0), in GeoJSON and in CSV.
    let free = case.write(
        "free.geojson",
        collection(&[
            point(126.8301, 37.6501, r#""id":"a","cost":3"#),
            point(126.84, 37.66, r#""id":"b","cost":0"#),
        ]),
    );
    case.refused(
        &case.plan(&["--sites", &free, "--site-cost", "cost", "--budget", "5"]),
        &["free.geojson", "feature 1", "`cost` is 0", "greater than 0"],
    );
    let free_csv = case.write(
        "free.csv",
        "id,lon,lat,cost\na,126.8301,37.6501,3\nb,126.84,37.66,0\n",
    );
    case.refused(
        &case.plan(&["--sites", &free_csv, "--site-cost", "cost", "--budget", "5"]),
        &["free.csv", "row 2", "column `cost`"],
    );
    // 40. Existing cameras whose field of view is 0, 400 or negative.
    let existing = |name: &str, heading: &str, fov: &str| {
        case.write(
            name,
            collection(&[
                point(126.8302, 37.6502, r#""h":0,"f":90"#),
                point(126.84, 37.66, &format!(r#""h":{heading},"f":{fov}"#)),
            ]),
        )
    };
    for (name, fov) in [
        ("fov0.geojson", "0"),
        ("fov400.geojson", "400"),
        ("fovneg.geojson", "-10"),
    ] {
        let path = existing(name, "0", fov);
        case.refused(
            &case.plan(&["--existing", &path, "--existing-view", "h,f"]),
            &[name, "feature 1", "`f`", "field of view"],
        );
    }
    // 41. Two headings (or fields of view) for one existing camera: not
    // silently cut to the first.
    let two = existing("two_headings.geojson", r#""90, 180""#, "90");
    case.refused(
        &case.plan(&["--existing", &two, "--existing-view", "h,f"]),
        &["two_headings.geojson", "feature 1", "`h`", "one heading"],
    );
    let two = existing("two_fovs.geojson", "0", "[90, 120]");
    case.refused(
        &case.plan(&["--existing", &two, "--existing-view", "h,f"]),
        &["two_fovs.geojson", "feature 1", "`f`"],
    );
}

#[test]
fn requests_that_cannot_be_met() {
    let case = Case::new();
    // 22. p = 0 (named by its flag).
    case.refused(&case.plan(&["--cameras", "0"]), &["--cameras", "camera"]);
    // 23. p larger than the sites.
    case.refused(&case.plan(&["--cameras", "3"]), &["3", "2"]);
    // 24. A negative radius.
    let mut args = case.plan(&[]);
    let at = args.iter().position(|a| a == "--radius").unwrap();
    args[at + 1] = "-5".into();
    case.refused(&args, &["--radius", "-5"]);
    // 25. A zero field of view (a usage error: exit code 2, no output).
    let output = sightline(&case.plan(&["--camera", "fixed:range=50,fov=0"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("field of view is 0"), "{stderr}");
    assert!(!case.out().exists());
    // 55. A camera key given twice (the last one was kept): a usage
    // error.
    let output = sightline(&case.plan(&["--camera", "fixed:range=50,fov=90,range=60"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("range is given twice"), "{stderr}");
    assert!(!case.out().exists());
    // 58. The demo's camera range beyond the globe, and no camera.
    let demo = |extra: &[&str]| {
        let mut args: Vec<String> = vec!["demo".into(), "--out".into(), case.out().to_str().unwrap().into()];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    case.refused(&demo(&["--radius", "1e8"]), &["--radius", "at most 250000 m"]);
    case.refused(&demo(&["--cameras", "0"]), &["--cameras"]);
    // 56. A layer that only shapes the demand grid, outside grid mode:
    // read and then ignored, it was data silently dropped.
    let extra = format!("{}:0.5", case.path("demand.geojson"));
    case.refused(
        &case.plan(&["--layer", &extra]),
        &["--layer", "demand.geojson", "--mode grid"],
    );
    // 57. A district value without districts (was ignored): a usage error.
    let output = sightline(&case.plan(&["--mode", "grid", "--district-value", "pop:1"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--districts"), "{stderr}");
    assert!(!case.out().exists());
    // 26. A budget below the cheapest site.
    case.refused(
        &case.plan(&["--budget", "2", "--site-cost", "cost", "--site-id", "id"]),
        &["budget 2", "`a`", "costs 3"],
    );
    // 27. A site forced in that does not exist.
    case.refused(&case.plan(&["--force-in", "zz"]), &["`zz`"]);
    // 44. A camera range beyond the globe: refused by the flag before the
    // layers are read, not by a projection failure while writing.
    let mut args = case.plan(&[]);
    args[at + 1] = "1e8".into();
    case.refused(&args, &["--radius", "100000000 m", "at most 250000 m"]);
    case.refused(
        &case.plan(&["--camera", "far:range=1e8,fov=90"]),
        &["--camera", "camera type `far`", "at most 250000 m"],
    );
    let existing = case.path("sites.geojson");
    case.refused(
        &case.plan(&["--existing", &existing, "--existing-radius", "1e308"]),
        &["--existing-radius", "1e308 m"],
    );
    // 45. Zero quality levels (was quietly taken as 1).
    case.refused(
        &case.plan(&["--quality-levels", "0"]),
        &["--quality-levels", "at least 1"],
    );
    // 46. Objective and rule values out of range, named by their flag.
    let no_cameras = |extra: &[&str]| {
        let mut args = case.plan(&["--budget", "1"]);
        let at = args.iter().position(|a| a == "--budget").unwrap();
        args.drain(at..at + 2);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    case.refused(
        &no_cameras(&["--target-coverage", "1.5"]),
        &["--target-coverage", "1.5"],
    );
    case.refused(&no_cameras(&["--budget", "NaN"]), &["--budget", "NaN"]);
    case.refused(&case.plan(&["--backup-weight", "2"]), &["--backup-weight", "2"]);
    case.refused(&case.plan(&["--min-spacing", "-1"]), &["--min-spacing", "-1"]);
    // 47. One site both forced in and forced out: named by its id.
    case.refused(
        &case.plan(&["--site-id", "id", "--force-in", "a", "--force-out", "b,a"]),
        &["--force-in", "site `a`", "forced out"],
    );
    // 48. District quotas that cannot be met: named by district and
    // flag, not by a district index and the site count.
    let districts = case.write(
        "districts.geojson",
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"west"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.835,37.64],[126.835,37.655],[126.82,37.655],[126.82,37.64]]]}},
            {"type":"Feature","properties":{"name":"east"},"geometry":{"type":"Polygon","coordinates":[[[126.835,37.655],[126.85,37.655],[126.85,37.67],[126.835,37.67],[126.835,37.655]]]}}
        ]}"#,
    );
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--district-name",
            "name",
            "--min-per-district",
            "5",
        ]),
        &["(west) needs at least 5", "has only 1"],
    );
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--min-per-district",
            "1",
            "--max-per-district",
            "0",
        ]),
        &["--min-per-district is 1", "(0)"],
    );
    // 53. Rules that leave no site at all: refused, not a plan of no
    // camera called optimal.
    case.refused(
        &case.plan(&["--site-id", "id", "--force-out", "a,b"]),
        &["every candidate site is forced out"],
    );
    case.refused(
        &case.plan(&["--districts", &districts, "--max-per-district", "0"]),
        &["no district may get a new camera"],
    );
}

#[test]
fn demand_that_weighs_nothing() {
    let case = Case::new();
    let zero = case.write(
        "zero.geojson",
        collection(&[
            point(126.83, 37.65, r#""w":0"#),
            point(126.831, 37.651, r#""w":"0""#),
        ]),
    );
    // 49. Every demand weight 0: no "0 cameras, proven optimal" plan.
    case.refused(
        &case.plan(&["--demand", &zero, "--demand-weight", "w"]),
        &["zero.geojson", "weighs 0", "nothing to cover"],
    );
    // 50. A demand grid that keeps no cell (demand far from the
    // districts): said as such, not "the scenario has no demand points".
    let far = case.write(
        "far.geojson",
        collection(&[point(127.5, 37.65, ""), point(127.5, 37.66, "")]),
    );
    let districts = case.write(
        "districts.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.85,37.64],[126.85,37.67],[126.82,37.67],[126.82,37.64]]]}}]}"#,
    );
    case.refused(
        &case.plan(&["--demand", &far, "--districts", &districts, "--mode", "grid"]),
        &["demand grid", "keeps no cell", "outside every district"],
    );
}

#[test]
fn plans_too_large_for_memory_stop_before_building() {
    let case = Case::new();
    // 35. Coverage over the memory limit: the estimate, the limit and what
    // to change, and no output.
    case.refused(
        &case.plan(&["--memory-limit", "100"]),
        &[
            "the coverage of about",
            "more than the memory limit (100 B as set)",
            "smaller camera range",
            "--memory-limit",
        ],
    );
    // 36. A demand grid over the limit: 1 m cells over the layers.
    case.refused(
        &case.plan(&["--mode", "grid", "--grid", "1", "--memory-limit", "1M"]),
        &["demand grid of", "cells of 1 m", "use larger cells"],
    );
    // 37. A limit that is not a size (a usage error: exit code 2).
    let output = sightline(&case.plan(&["--memory-limit", "lots"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("memory limit `lots`"), "{stderr}");
    assert!(!case.out().exists());
    // The same request under a generous limit plans.
    let output = sightline(&case.plan(&["--memory-limit", "1G"]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn csv_files_with_defects() {
    let case = Case::new();
    // 28. CP949 read as UTF-8.
    let (cp949, _, _) = encoding_rs::EUC_KR.encode("이름,경도,위도\n가,126.8301,37.6501\n나,126.84,37.66\n");
    let korean = case.write("korean.csv", &cp949);
    case.refused(
        &case.plan(&["--sites", &korean, "--encoding", "utf-8"]),
        &["korean.csv", "line 1", "cp949"],
    );
    // 29. A missing coordinate column.
    let no_lat = case.write("no_lat.csv", "id,lon\na,126.83\n");
    case.refused(&case.plan(&["--sites", &no_lat]), &["no_lat.csv", "lon"]);
    // 30. A row with a field too many.
    let ragged = case.write(
        "ragged.csv",
        "id,lon,lat\na,126.8301,37.6501\nb,126.84,37.66,extra\n",
    );
    case.refused(
        &case.plan(&["--sites", &ragged]),
        &["ragged.csv", "row 2", "line 3"],
    );
    // 31. No row with coordinates.
    let blank = case.write("blank.csv", "id,lon,lat\na,,\nb,,\n");
    case.refused(&case.plan(&["--sites", &blank]), &["blank.csv"]);
    // 42. Duplicate ids in a CSV are named by their rows (1-based, as in
    // every other CSV message), not by 0-based feature indices.
    let duplicate = case.write(
        "duplicate.csv",
        "id,lon,lat\na,126.8301,37.6501\na,126.84,37.66\n",
    );
    case.refused(
        &case.plan(&["--sites", &duplicate, "--site-id", "id"]),
        &["duplicate.csv", "rows 1 and 2", "column `id`", "\"a\""],
    );
    // 43. A header naming a used column twice: which one is meant?
    let two_lat = case.write(
        "two_lat.csv",
        "id,lon,lat,LAT\na,126.8301,37.6501,0\nb,126.84,37.66,0\n",
    );
    case.refused(
        &case.plan(&["--sites", &two_lat]),
        &["two_lat.csv", "two columns named `lat`", "columns 3 and 4"],
    );
    // A repeated column that is not used is no defect.
    let notes = case.write(
        "notes.csv",
        "id,lon,lat,note,note\na,126.8301,37.6501,x,y\nb,126.84,37.66,x,y\n",
    );
    let output = sightline(&case.plan(&["--sites", &notes, "--site-id", "id"]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::remove_dir_all(case.out()).unwrap();
    // 32. A byte order mark is not a defect: the header still reads.
    let bom = case.write(
        "bom.csv",
        "\u{feff}id,lon,lat\na,126.8301,37.6501\nb,126.84,37.66\n",
    );
    let output = sightline(&case.plan(&["--sites", &bom, "--site-id", "id"]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan = std::fs::read_to_string(case.out().join("plan.geojson")).unwrap();
    assert!(plan.contains(r#""site_id":"a""#), "{plan}");
}

#[test]
fn scenario_files_with_defects() {
    let case = Case::new();
    let scenario = |body: &str| {
        case.write(
            "study.toml",
            format!(
                "[[layer]]\nrole = \"demand\"\nfile = \"demand.geojson\"\n\n[[layer]]\nrole = \"sites\"\nfile = \"sites.geojson\"\n\n[camera]\nradius_m = 50\n\n[objective]\ncameras = 1\n{body}\n[outputs]\nfolder = \"out\"\n"
            ),
        )
    };
    let run = |path: String| vec!["run".to_owned(), path];
    // 33. An unknown key.
    case.refused(
        &run(scenario("colour = \"red\"\n")),
        &["study.toml", "line 14", "unknown field `colour`"],
    );
    // 38. A memory limit that is not a size.
    case.refused(
        &run(scenario("[solver]\nmemory_limit = \"lots\"\n")),
        &["study.toml", "line 15", "memory limit `lots`"],
    );
    // 51. Values the library refuses only after reading the layers are
    // named by their line and key.
    let target = scenario("");
    let text = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, text.replace("cameras = 1\n", "target_coverage = 1.5\n")).unwrap();
    case.refused(
        &run(target),
        &["study.toml", "line 12", "[objective] target_coverage", "1.5"],
    );
    case.refused(
        &run(scenario("[constraints]\nmin_spacing_m = -1\n")),
        &["study.toml", "[constraints] min_spacing_m"],
    );
    case.refused(
        &run(scenario("[demand]\nquality_levels = 0\n")),
        &["study.toml", "[demand] quality_levels"],
    );
    let existing = std::fs::read_to_string(scenario("")).unwrap().replace(
        "[camera]\nradius_m = 50\n",
        "[[layer]]\nrole = \"existing\"\nfile = \"sites.geojson\"\nradius_m = -5\n\n[camera]\nradius_m = 50\n",
    );
    std::fs::write(case.path("study.toml"), existing).unwrap();
    case.refused(
        &run(case.path("study.toml")),
        &["study.toml", "line 9", "radius_m of the existing layer", "-5 m"],
    );
    // 52. No output folder, or no output file: not the scenario's own
    // folder, not an empty folder and exit code 0.
    let folder = std::fs::read_to_string(scenario(""))
        .unwrap()
        .replace("folder = \"out\"", "folder = \"\"");
    std::fs::write(case.path("study.toml"), folder).unwrap();
    case.refused(
        &run(case.path("study.toml")),
        &["study.toml", "[outputs] folder is empty"],
    );
    assert!(!case.dir.path().join("plan.geojson").exists());
    let files = std::fs::read_to_string(scenario(""))
        .unwrap()
        .replace("folder = \"out\"\n", "folder = \"out\"\nfiles = []\n");
    std::fs::write(case.path("study.toml"), files).unwrap();
    case.refused(
        &run(case.path("study.toml")),
        &["study.toml", "[outputs] files is empty"],
    );
    // 34. A missing file.
    let missing = scenario("");
    let text = std::fs::read_to_string(&missing).unwrap();
    std::fs::write(&missing, text.replace("sites.geojson", "nowhere.geojson")).unwrap();
    case.refused(&run(missing), &["nowhere.geojson"]);
}

#[test]
fn invalid_district_polygons_are_reported_not_lost() {
    let case = Case::new();
    // A bow tie (self-intersecting), a sliver (a ring of collinear points,
    // no area) and a good square: all kept, the bow tie and the sliver
    // named on standard error.
    let districts = case.write(
        "districts.geojson",
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"bow tie"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.84,37.66],[126.84,37.64],[126.82,37.66],[126.82,37.64]]]}},
            {"type":"Feature","properties":{"name":"sliver"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.83,37.65],[126.84,37.66],[126.82,37.64]]]}},
            {"type":"Feature","properties":{"name":"square"},"geometry":{"type":"Polygon","coordinates":[[[126.835,37.655],[126.85,37.655],[126.85,37.67],[126.835,37.67],[126.835,37.655]]]}}
        ]}"#,
    );
    let output = sightline(&case.plan(&["--districts", &districts, "--district-name", "name"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("feature 0 `bow tie`"), "{stderr}");
    assert!(stderr.contains("feature 1 `sliver`"), "{stderr}");
    let districts_csv = std::fs::read_to_string(case.out().join("districts.csv")).unwrap();
    assert!(districts_csv.contains("bow tie,"), "{districts_csv}");
    assert!(districts_csv.contains("square,"), "{districts_csv}");
    assert!(districts_csv.contains("sliver,"), "{districts_csv}");
}

#[test]
fn districts_sharing_a_name_are_reported() {
    let case = Case::new();
    // 54. Two district features with one name (a district in two parts,
    // or a copy): kept as two districts, and said so on standard error,
    // since districts.csv and the quotas then show the name twice.
    let districts = case.write(
        "districts.geojson",
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.835,37.64],[126.835,37.655],[126.82,37.655],[126.82,37.64]]]}},
            {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":[[[126.85,37.64],[126.86,37.64],[126.86,37.65],[126.85,37.65],[126.85,37.64]]]}},
            {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[126.835,37.655],[126.85,37.655],[126.85,37.67],[126.835,37.67],[126.835,37.655]]]}}
        ]}"#,
    );
    let output = sightline(&case.plan(&["--districts", &districts, "--district-name", "name"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("districts.geojson: 1 district shares a name")
            && stderr.contains("features 0 and 2, `A`"),
        "{stderr}"
    );
    let districts_csv = std::fs::read_to_string(case.out().join("districts.csv")).unwrap();
    assert_eq!(
        districts_csv.lines().filter(|l| l.starts_with("A,")).count(),
        2,
        "{districts_csv}"
    );
}
