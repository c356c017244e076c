//! A catalogue of bad inputs: each is refused with exit code 1, an error
//! that names the file and the feature or row (or the flag or key) at
//! fault, no panic, and no output folder. The few inputs that are not
//! errors (a CSV with a byte order mark, invalid district polygons) are
//! checked to be read correctly or reported.
//!
//! Each numbered case is a test of its own, `case_NN_…`, so that one
//! failing case hides no other.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::PathBuf;

use common::{
    assert_refused, assert_usage_error, collection, feature_count, path_str, point, remove_flag, run_ok,
    run_ok_stderr, set_flag, strings, write,
};

/// A folder with good demand and site layers, where each case adds its
/// one bad file.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        let case = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        case.write(
            "demand.geojson",
            collection(&[
                point(126.83, 37.65, r#""w":"2""#),
                point(126.831, 37.651, r#""w":"1""#),
            ]),
        );
        case.write(
            "sites.geojson",
            collection(&[
                point(126.8301, 37.6501, r#""id":"a","cost":"3""#),
                point(126.84, 37.66, r#""id":"b","cost":"4""#),
            ]),
        );
        case
    }

    fn path(&self, name: &str) -> String {
        path_str(&self.dir.path().join(name)).to_owned()
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        write(self.dir.path(), name, contents)
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// `plan` on the good layers, with `extra` flags; a `--demand` or
    /// `--sites` in `extra` replaces the good layer.
    fn plan(&self, extra: &[&str]) -> Vec<String> {
        let mut extra = strings(extra);
        let demand = remove_flag(&mut extra, "--demand").unwrap_or_else(|| self.path("demand.geojson"));
        let sites = remove_flag(&mut extra, "--sites").unwrap_or_else(|| self.path("sites.geojson"));
        let mut args = strings(&[
            "plan", "--demand", &demand, "--sites", &sites, "--radius", "50", "--solver", "local",
        ]);
        if !extra.iter().any(|a| a == "--cameras" || a == "--budget") {
            args.extend(strings(&["--cameras", "1"]));
        }
        args.extend(extra);
        args.extend(strings(&["--out", path_str(&self.out())]));
        args
    }

    /// Runs `args` and checks the refusal: exit code 1, every needle in
    /// the message, no panic, no output folder.
    fn refused(&self, args: &[String], needles: &[&str]) {
        assert_refused(args, needles, &self.out());
    }

    /// Runs `args` and checks the usage error: exit code 2, `needle` in
    /// the message, no output folder.
    fn usage_error(&self, args: &[String], needle: &str) {
        assert_usage_error(args, needle, &self.out());
    }
}

/// A catalogue case: a test named `$name` that runs its body on a fresh
/// [`Case`].
macro_rules! case {
    ($name:ident, |$case:ident| $body:expr) => {
        #[test]
        fn $name() {
            let $case = Case::new();
            $body
        }
    };
}

#[test]
fn the_good_case_plans() {
    let case = Case::new();
    run_ok(&case.plan(&[]));
    assert_eq!(feature_count(&case.out().join("plan.geojson")), 1);
}

// Files that are not what they should be.

// 1. A missing file.
case!(case_01_missing_file, |case| {
    let missing = case.path("missing.geojson");
    case.refused(&case.plan(&["--demand", &missing]), &["missing.geojson"]);
});

// 2. Truncated JSON.
case!(case_02_truncated_json, |case| {
    let truncated = case.write(
        "truncated.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Fea"#,
    );
    case.refused(
        &case.plan(&["--demand", &truncated]),
        &["truncated.geojson", "line 1"],
    );
});

// 3. The wrong top-level type.
case!(case_03_wrong_top_level_type, |case| {
    let feature = case.write("feature.geojson", point(126.83, 37.65, ""));
    case.refused(
        &case.plan(&["--demand", &feature]),
        &["feature.geojson", "Feature", "FeatureCollection"],
    );
});

// 4. Not JSON at all.
case!(case_04_not_json, |case| {
    let text = case.write("text.geojson", "lon,lat\n126.8,37.6\n");
    case.refused(&case.plan(&["--demand", &text]), &["text.geojson"]);
});

// 5. A geometry of the wrong kind in a point layer.
case!(case_05_polygon_in_a_point_layer, |case| {
    let polygon = case.write(
        "polygon.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.8,37.6],[126.9,37.6],[126.9,37.7],[126.8,37.6]]]}}]}"#,
    );
    case.refused(
        &case.plan(&["--sites", &polygon]),
        &["polygon.geojson", "feature 0", "Polygon"],
    );
});

// 6. An empty demand layer.
case!(case_06_empty_demand_layer, |case| {
    let empty = case.write("empty.geojson", collection(&[]));
    case.refused(
        &case.plan(&["--demand", &empty]),
        &["empty.geojson", "no features"],
    );
});

// 7. An empty site layer.
case!(case_07_empty_site_layer, |case| {
    let empty = case.write("empty.geojson", collection(&[]));
    case.refused(
        &case.plan(&["--sites", &empty]),
        &["empty.geojson", "no features"],
    );
});

// 8. A district file with no polygons.
case!(case_08_districts_without_polygons, |case| {
    let districts = case.path("demand.geojson");
    case.refused(
        &case.plan(&["--districts", &districts]),
        &["demand.geojson", "feature 0", "Polygon"],
    );
});

// 9. A missing geometry.
case!(case_09_missing_geometry, |case| {
    let no_geometry = case.write(
        "no_geometry.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#,
    );
    case.refused(
        &case.plan(&["--demand", &no_geometry]),
        &["no_geometry.geojson", "feature 0"],
    );
});

// Coordinates that cannot be right.

/// Writes a demand layer `name` of a good point and then `bad`.
fn good_then(case: &Case, name: &str, bad: String) -> String {
    case.write(name, collection(&[point(126.83, 37.65, ""), bad]))
}

// 10. NaN (not even JSON).
case!(case_10_nan_coordinate, |case| {
    let nan = good_then(
        &case,
        "nan.geojson",
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN,37.6]}}"#
            .to_owned(),
    );
    case.refused(&case.plan(&["--demand", &nan]), &["nan.geojson"]);
});

// 11. Infinite (a number too large for a double).
case!(case_11_infinite_coordinate, |case| {
    let infinite = good_then(
        &case,
        "infinite.geojson",
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999,37.6]}}"#
            .to_owned(),
    );
    case.refused(
        &case.plan(&["--demand", &infinite]),
        &["infinite.geojson", "feature 1"],
    );
});

// 12. Out of range.
case!(case_12_latitude_out_of_range, |case| {
    let far = good_then(&case, "far.geojson", point(126.83, 95.0, ""));
    case.refused(&case.plan(&["--demand", &far]), &["far.geojson", "feature 1"]);
});

// 13. Latitude and longitude swapped (a Korean point read as lat 127).
case!(case_13_swapped_lat_lon, |case| {
    let swapped = good_then(&case, "swapped.geojson", point(37.65, 126.83, ""));
    case.refused(
        &case.plan(&["--demand", &swapped]),
        &["swapped.geojson", "feature 1", "swapped"],
    );
});

// 14. Layers in systems that cannot be brought together: planar
// metres beside longitude/latitude.
case!(case_14_planar_metres_beside_lon_lat, |case| {
    let planar = case.write(
        "planar.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5186"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[126.83,37.65]}}]}"#,
    );
    case.refused(
        &case.plan(&["--sites", &planar]),
        &["planar.geojson", "longitude/latitude"],
    );
});

// 15. A layer in a system far from the others (EPSG:5186 metres of a
// place 300 km away).
case!(case_15_layer_far_from_the_others, |case| {
    let elsewhere = case.write(
        "elsewhere.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5186"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[385000.0,262000.0]}}]}"#,
    );
    case.refused(
        &case.plan(&["--sites", &elsewhere]),
        &["elsewhere.geojson", "feature 0"],
    );
});

// 16. An unknown EPSG code.
case!(case_16_unknown_epsg_code, |case| {
    case.refused(&case.plan(&["--crs", "EPSG:99999"]), &["EPSG:99999"]);
});

// Properties that cannot be used.

/// Writes a demand layer `name` whose second point weighs `weight` (a
/// JSON value) in `w`, and returns the flags that plan on it by `w`.
fn weighted(case: &Case, name: &str, weight: &str) -> Vec<String> {
    let path = case.write(
        name,
        collection(&[
            point(126.83, 37.65, r#""w":"1""#),
            point(126.831, 37.651, &format!(r#""w":{weight}"#)),
        ]),
    );
    case.plan(&["--demand", &path, "--demand-weight", "w"])
}

// 17. A non-numeric weight.
case!(case_17_non_numeric_weight, |case| {
    case.refused(
        &weighted(&case, "words.geojson", r#""many""#),
        &["words.geojson", "feature 1", "`w`"],
    );
});

// 18. A negative weight.
case!(case_18_negative_weight, |case| {
    case.refused(
        &weighted(&case, "negative.geojson", "-3"),
        &["negative.geojson", "feature 1", "`w`"],
    );
});

// 19. A NaN weight, as a string.
case!(case_19_nan_weight, |case| {
    case.refused(
        &weighted(&case, "nan_weight.geojson", r#""NaN""#),
        &["nan_weight.geojson", "feature 1", "`w`"],
    );
});

// 20. A weight property that is missing: the message lists the
// properties the feature has, as a CSV error lists the header.
case!(case_20_missing_weight_property, |case| {
    case.refused(
        &case.plan(&["--demand-weight", "count"]),
        &[
            "demand.geojson",
            "feature 0",
            "no property `count`",
            "the feature's properties are `w`",
        ],
    );
});

// 73. A missing property on a feature with many: the first 20, sorted,
// then how many more.
case!(case_73_missing_property_lists_at_most_twenty, |case| {
    let properties: Vec<String> = (0..25).map(|k| format!(r#""p{k:02}":{k}"#)).collect();
    let many = case.write(
        "many.geojson",
        collection(&[point(126.83, 37.65, &properties.join(","))]),
    );
    case.refused(
        &case.plan(&["--demand", &many, "--demand-weight", "POP"]),
        &[
            "many.geojson",
            "feature 0",
            "no property `POP`",
            "`p00`, `p01`",
            "`p19` and 5 more",
        ],
    );
});

// 21. Duplicate site ids.
case!(case_21_duplicate_site_ids, |case| {
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
});

// 39. A site that costs nothing (the reader takes 0; a cost must be
// more than 0), in GeoJSON and in CSV.
case!(case_39_site_that_costs_nothing, |case| {
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
        &["free.csv", "row 3", "column `cost`"],
    );
});

/// Writes a layer `name` of existing cameras whose second one looks to
/// `heading` through `fov` (JSON values), and returns the flags that plan
/// with it, its views read from `h` and `f`.
fn existing_views(case: &Case, name: &str, heading: &str, fov: &str) -> Vec<String> {
    let path = case.write(
        name,
        collection(&[
            point(126.8302, 37.6502, r#""h":0,"f":90"#),
            point(126.84, 37.66, &format!(r#""h":{heading},"f":{fov}"#)),
        ]),
    );
    case.plan(&["--existing", &path, "--existing-view", "h,f"])
}

// 40. Existing cameras whose field of view is 0, 400 or negative.
case!(case_40_existing_field_of_view_out_of_range, |case| {
    for (name, fov) in [
        ("fov0.geojson", "0"),
        ("fov400.geojson", "400"),
        ("fovneg.geojson", "-10"),
    ] {
        case.refused(
            &existing_views(&case, name, "0", fov),
            &[name, "feature 1", "`f`", "field of view"],
        );
    }
});

// 41. Two headings (or fields of view) for one existing camera: not
// silently cut to the first.
case!(case_41_two_headings_or_fields_of_view, |case| {
    case.refused(
        &existing_views(&case, "two_headings.geojson", r#""90, 180""#, "90"),
        &["two_headings.geojson", "feature 1", "`h`", "one heading"],
    );
    case.refused(
        &existing_views(&case, "two_fovs.geojson", "0", "[90, 120]"),
        &["two_fovs.geojson", "feature 1", "`f`"],
    );
});

// Requests that cannot be met.

// 22. p = 0 (named by its flag).
case!(case_22_zero_cameras, |case| {
    case.refused(&case.plan(&["--cameras", "0"]), &["--cameras", "camera"]);
});

// 23. p larger than the sites.
case!(case_23_more_cameras_than_sites, |case| {
    case.refused(&case.plan(&["--cameras", "3"]), &["3", "2"]);
});

// 24. A negative radius.
case!(case_24_negative_radius, |case| {
    let mut args = case.plan(&[]);
    set_flag(&mut args, "--radius", "-5");
    case.refused(&args, &["--radius", "-5"]);
});

// 25. A zero field of view (a usage error: exit code 2, no output).
case!(case_25_zero_field_of_view, |case| {
    case.usage_error(
        &case.plan(&["--camera", "fixed:range=50,fov=0"]),
        "field of view is 0",
    );
});

// 26. A budget below the cheapest site.
case!(case_26_budget_below_the_cheapest_site, |case| {
    case.refused(
        &case.plan(&["--budget", "2", "--site-cost", "cost", "--site-id", "id"]),
        &["budget 2", "`a`", "costs 3"],
    );
});

// 27. A site forced in that does not exist.
case!(case_27_unknown_site_forced_in, |case| {
    case.refused(&case.plan(&["--force-in", "zz"]), &["`zz`"]);
});

// 44. A camera range beyond the globe: refused by the flag before the
// layers are read, not by a projection failure while writing.
case!(case_44_camera_range_beyond_the_globe, |case| {
    let mut args = case.plan(&[]);
    set_flag(&mut args, "--radius", "1e8");
    case.refused(&args, &["--radius", "100000000 m", "at most 250000 m"]);
    // A camera type that cannot be is a usage error, as a field of view
    // of 500° is.
    case.usage_error(
        &case.plan(&["--camera", "far:range=1e8,fov=90"]),
        "--camera far:range=1e8,fov=90: is 100000000 m; it must be at most 250000 m",
    );
    let existing = case.path("sites.geojson");
    case.refused(
        &case.plan(&["--existing", &existing, "--existing-radius", "1e308"]),
        &["--existing-radius", "1e308 m"],
    );
});

// 45. Zero quality levels (was quietly taken as 1).
case!(case_45_zero_quality_levels, |case| {
    case.refused(
        &case.plan(&["--quality-levels", "0"]),
        &["--quality-levels", "at least 1"],
    );
});

// 46. Objective and rule values out of range, named by their flag.
case!(case_46_objective_and_rule_values_out_of_range, |case| {
    let no_cameras = |extra: &[&str]| {
        // A budget keeps `--cameras` out; then it makes way for `extra`.
        let mut args = case.plan(&["--budget", "1"]);
        remove_flag(&mut args, "--budget");
        args.extend(strings(extra));
        args
    };
    case.refused(
        &no_cameras(&["--target-coverage", "1.5"]),
        &["--target-coverage", "1.5"],
    );
    case.refused(&no_cameras(&["--budget", "NaN"]), &["--budget", "NaN"]);
    case.refused(&case.plan(&["--backup-weight", "2"]), &["--backup-weight", "2"]);
    case.refused(&case.plan(&["--min-spacing", "-1"]), &["--min-spacing", "-1"]);
});

// 47. One site both forced in and forced out: named by its id.
case!(case_47_site_forced_in_and_out, |case| {
    case.refused(
        &case.plan(&["--site-id", "id", "--force-in", "a", "--force-out", "b,a"]),
        &["--force-in", "site `a`", "forced out"],
    );
});

/// Writes two districts, `west` around site `a` and `east` around site
/// `b`, and returns their path.
fn west_and_east(case: &Case) -> String {
    case.write(
        "districts.geojson",
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"west"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.835,37.64],[126.835,37.655],[126.82,37.655],[126.82,37.64]]]}},
            {"type":"Feature","properties":{"name":"east"},"geometry":{"type":"Polygon","coordinates":[[[126.835,37.655],[126.85,37.655],[126.85,37.67],[126.835,37.67],[126.835,37.655]]]}}
        ]}"#,
    )
}

// 48. District quotas that cannot be met: named by district and
// flag, not by a district index and the site count.
case!(case_48_district_quotas_that_cannot_be_met, |case| {
    let districts = west_and_east(&case);
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
});

// 53. Rules that leave no site at all: refused, not a plan of no
// camera called optimal.
case!(case_53_rules_that_leave_no_site, |case| {
    case.refused(
        &case.plan(&["--site-id", "id", "--force-out", "a,b"]),
        &["every candidate site is forced out"],
    );
    let districts = west_and_east(&case);
    case.refused(
        &case.plan(&["--districts", &districts, "--max-per-district", "0"]),
        &["no district may get a new camera"],
    );
});

// 55. A camera key given twice (the last one was kept): a usage
// error.
case!(case_55_camera_key_given_twice, |case| {
    case.usage_error(
        &case.plan(&["--camera", "fixed:range=50,fov=90,range=60"]),
        "range is given twice",
    );
});

// 56. A layer that only shapes the demand grid, outside grid mode:
// read and then ignored, it was data silently dropped.
case!(case_56_grid_layer_outside_grid_mode, |case| {
    let extra = format!("{}:0.5", case.path("demand.geojson"));
    case.refused(
        &case.plan(&["--layer", &extra]),
        &["--layer", "demand.geojson", "--mode grid"],
    );
});

// 57. A district value without districts (was ignored): a usage error.
case!(case_57_district_value_without_districts, |case| {
    case.usage_error(
        &case.plan(&["--mode", "grid", "--district-value", "pop:1"]),
        "--districts",
    );
});

// 58. The demo's camera range beyond the globe, and no camera.
case!(case_58_demo_range_beyond_the_globe_or_no_camera, |case| {
    let demo = |extra: &[&str]| {
        let mut args = strings(&["demo", "--out", path_str(&case.out())]);
        args.extend(strings(extra));
        args
    };
    case.refused(&demo(&["--radius", "1e8"]), &["--radius", "at most 250000 m"]);
    case.refused(&demo(&["--cameras", "0"]), &["--cameras"]);
});

// Demand that weighs nothing.

// 49. Every demand weight 0: no "0 cameras, proven optimal" plan.
case!(case_49_all_demand_weighs_zero, |case| {
    let zero = case.write(
        "zero.geojson",
        collection(&[
            point(126.83, 37.65, r#""w":0"#),
            point(126.831, 37.651, r#""w":"0""#),
        ]),
    );
    case.refused(
        &case.plan(&["--demand", &zero, "--demand-weight", "w"]),
        &["zero.geojson", "weighs 0", "nothing to cover"],
    );
});

// 50. A demand grid that keeps no cell (demand far from the
// districts): said as such, not "the scenario has no demand points".
case!(case_50_demand_grid_keeps_no_cell, |case| {
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
});

// Plans too large for memory stop before building.

// 35. Coverage over the memory limit: the estimate, the limit and what
// to change, and no output.
case!(case_35_coverage_over_the_memory_limit, |case| {
    case.refused(
        &case.plan(&["--memory-limit", "100"]),
        &[
            "the coverage of about",
            "more than the memory limit (100 B as set)",
            "smaller camera range",
            "--memory-limit",
        ],
    );
});

// 36. A demand grid over the limit: 1 m cells over the layers.
case!(case_36_demand_grid_over_the_memory_limit, |case| {
    case.refused(
        &case.plan(&["--mode", "grid", "--grid", "1", "--memory-limit", "1M"]),
        &["demand grid of", "cells of 1 m", "use larger cells"],
    );
});

// 37. A limit that is not a size (a usage error: exit code 2).
case!(case_37_memory_limit_not_a_size, |case| {
    case.usage_error(&case.plan(&["--memory-limit", "lots"]), "memory limit `lots`");
});

// The same request under a generous limit plans.
#[test]
fn a_generous_memory_limit_plans() {
    let case = Case::new();
    run_ok(&case.plan(&["--memory-limit", "1G"]));
}

// CSV files with defects.

// 28. CP949 read as UTF-8.
case!(case_28_cp949_read_as_utf8, |case| {
    let (cp949, _, _) = encoding_rs::EUC_KR.encode("이름,경도,위도\n가,126.8301,37.6501\n나,126.84,37.66\n");
    let korean = case.write("korean.csv", &cp949);
    case.refused(
        &case.plan(&["--sites", &korean, "--encoding", "utf-8"]),
        &["korean.csv", "line 1", "cp949"],
    );
});

// 70. A bad CSV row is named by its row as a spreadsheet shows it (the
// header is row 1), even after a record whose quoted field spans two
// lines: the bad weight is on row 4, which starts on file line 5.
case!(case_70_bad_csv_row_is_the_spreadsheet_row, |case| {
    let calls = case.write(
        "calls.csv",
        "memo,lon,lat,w\n\"two\nlines\",126.83,37.65,1\nb,126.831,37.651,2\nc,126.832,37.652,many\n",
    );
    case.refused(
        &case.plan(&["--demand", &calls, "--demand-weight", "w"]),
        &["calls.csv", "row 4 (line 5)", "column `w`", "\"many\""],
    );
    // A row without coordinates is skipped under the same number.
    let gap = case.write("gap.csv", "id,lon,lat\na,126.8301,37.6501\nb,,\nc,126.84,37.66\n");
    let stderr = run_ok_stderr(&case.plan(&["--sites", &gap, "--site-id", "id"]));
    assert!(
        stderr.contains("gap.csv: skipped 1 of 3 rows") && stderr.contains("first rows: 3)"),
        "{stderr}"
    );
});

// 71. A demand layer's weight that is not a positive number: refused by
// the study check, naming the flag as typed.
case!(case_71_demand_layer_weight_not_positive, |case| {
    let demand = case.path("demand.geojson");
    let negative = format!("{demand}:-1");
    case.refused(
        &case.plan(&["--demand", &negative]),
        &["--demand", "demand.geojson:-1", "greater than 0"],
    );
    let zero = format!("{demand}:0");
    case.refused(
        &case.plan(&["--demand", &zero]),
        &["demand.geojson:0", "greater than 0"],
    );
});

// 72. A weight suffix that is not a number, when no file of that whole
// name exists: a usage error saying so, not "cannot read".
case!(case_72_demand_layer_weight_not_a_number, |case| {
    let demand = case.path("demand.geojson");
    let words = format!("{demand}:abc");
    case.usage_error(
        &case.plan(&["--demand", &words]),
        "the layer weight `abc` is not a number",
    );
    // A file whose name holds ':' with no number after it is a file.
    let colon = case.write(
        "calls:2024.geojson",
        collection(&[point(126.83, 37.65, r#""w":"2""#)]),
    );
    run_ok(&case.plan(&["--demand", &colon]));
});

// 74. Projected coordinates in a file read as longitude/latitude: the
// message says they look projected and names the Korean system whose
// ranges they fit (EPSG:5179 UTM-K, EPSG:5186 Central Belt), or none.
case!(case_74_projected_coordinates_read_as_lonlat, |case| {
    let utm_k = case.write(
        "utm_k.geojson",
        collection(&[point(941_079.7, 1_963_598.0, r#""w":"1""#)]),
    );
    case.refused(
        &case.plan(&["--demand", &utm_k]),
        &[
            "utm_k.geojson",
            "feature 0",
            "latitude 1963598.0",
            "look projected",
            "--crs EPSG:5179",
        ],
    );
    let central = case.write(
        "central.csv",
        "id,x,y\na,185175.9,562053.6\nb,185275.9,562053.6\n",
    );
    case.refused(
        &case.plan(&["--sites", &central]),
        &[
            "central.csv",
            "first rows: 2, 3",
            "(185175.9, 562053.6)",
            "--crs EPSG:5186",
        ],
    );
    let elsewhere = case.write("utm52.geojson", collection(&[point(308_763.1, 4_170_081.6, "")]));
    case.refused(
        &case.plan(&["--sites", &elsewhere]),
        &[
            "utm52.geojson",
            "feature 0",
            "look projected (metres)",
            "--crs EPSG:CODE",
        ],
    );
});

// 75. A CSV separated by ';' or tabs is read with that separator, found
// from its header and said on standard error; --delimiter forces one,
// and a separator that cannot be one is refused.
case!(case_75_csv_separated_by_semicolons_or_tabs, |case| {
    let semicolons = case.write(
        "semicolons.csv",
        "id;lon;lat\n\"a, north\";126.8301;37.6501\nb;126.84;37.66\n",
    );
    let stderr = run_ok_stderr(&case.plan(&["--sites", &semicolons, "--site-id", "id"]));
    assert!(
        stderr.contains("semicolons.csv: fields separated by `;`"),
        "{stderr}"
    );
    let tabs = case.write("tabs.csv", "id\tlon\tlat\na\t126.8301\t37.6501\n");
    let stderr = run_ok_stderr(&case.plan(&["--sites", &tabs]));
    assert!(stderr.contains("tabs.csv: fields separated by tab"), "{stderr}");
    std::fs::remove_dir_all(case.out()).unwrap();
    // Forced to commas, the semicolon file has no coordinate columns.
    case.refused(
        &case.plan(&["--sites", &semicolons, "--delimiter", ","]),
        &["semicolons.csv", "no column", "id;lon;lat"],
    );
    case.refused(
        &case.plan(&["--sites", &semicolons, "--delimiter", "\""]),
        &["--delimiter", "one ASCII character other than a quote"],
    );
    case.usage_error(
        &case.plan(&["--sites", &semicolons, "--delimiter", ";;"]),
        "not one character",
    );
});

// 76. A broken Shapefile or Excel workbook, by name or by first bytes, is
// named as such rather than "invalid JSON at line 1".
case!(case_76_shapefile_or_excel_named_as_such, |case| {
    let shp = case.write("dong.shp", [0x00, 0x00, 0x27, 0x0a, 0x00, 0x00, 0x00, 0x00]);
    case.refused(
        &case.plan(&["--districts", &shp]),
        &["dong.shp: not a readable Shapefile"],
    );
    let renamed = case.write("dong.geojson", [0x00, 0x00, 0x27, 0x0a, 0x00, 0x00]);
    case.refused(
        &case.plan(&["--districts", &renamed]),
        &["dong.geojson: not a readable Shapefile"],
    );
    let xlsx = case.write("calls.xlsx", b"PK\x03\x04 [Content_Types].xml xl/workbook.xml");
    case.refused(
        &case.plan(&["--demand", &xlsx]),
        &["calls.xlsx: cannot read the workbook"],
    );
    let xls = case.write("poles.csv", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    case.refused(
        &case.plan(&["--sites", &xls]),
        &["poles.csv: cannot read the workbook"],
    );
});

// 77. An unknown solver: a usage error listing the names.
case!(case_77_unknown_solver, |case| {
    let mut args = case.plan(&[]);
    set_flag(&mut args, "--solver", "fastest");
    case.usage_error(
        &args,
        "unknown solver `fastest`; expected one of greedy, local, exact, auto",
    );
});

// 78. A site label property no site has: the file, the property, the
// flag and the properties there are.
case!(case_78_unknown_site_label, |case| {
    case.refused(
        &case.plan(&["--site-label", "보안등위치명"]),
        &["sites.geojson", "`보안등위치명`", "--site-label", "`cost`, `id`"],
    );
});

// 80. KML and GeoPackage files, by name or by first bytes, are named as
// such with how to convert them, rather than "invalid JSON at line 1".
case!(case_80_kml_or_geopackage_named_as_such, |case| {
    let kml = case.write(
        "bells.kml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document/></kml>\n",
    );
    case.refused(
        &case.plan(&["--demand", &kml]),
        &[
            "bells.kml is a KML file",
            "ogr2ogr -f GeoJSON layer.geojson layer.kml",
            "QGIS: Export",
        ],
    );
    let renamed = case.write(
        "bells.geojson",
        "<kml xmlns=\"http://www.opengis.net/kml/2.2\"></kml>",
    );
    case.refused(
        &case.plan(&["--demand", &renamed]),
        &["bells.geojson is a KML file"],
    );
    let gpkg = case.write("dong.data", b"SQLite format 3\0\x10\0\x01\x01");
    case.refused(
        &case.plan(&["--districts", &gpkg]),
        &["dong.data is a GeoPackage", "ogr2ogr -f GeoJSON", "QGIS: Export"],
    );
});

// 81. The advice for a workbook or a ZIP depends on the layer: districts
// must be polygons; a zipped Shapefile is unzipped and its .shp given.
case!(case_81_advice_depends_on_the_layer, |case| {
    let xlsx = case.write("dong.xlsx", b"PK\x03\x04 [Content_Types].xml xl/workbook.xml");
    case.refused(
        &case.plan(&["--districts", &xlsx]),
        &[
            "dong.xlsx is an Excel workbook",
            "must be polygons (GeoJSON or a Shapefile)",
        ],
    );
    let zipped = case.write("dong.zip", b"PK\x03\x04\x14\0\0\0 dong.shp PK\x03\x04 dong.dbf");
    case.refused(
        &case.plan(&["--districts", &zipped]),
        &[
            "dong.zip is a zipped Shapefile",
            "unzip it and give the .shp file",
        ],
    );
    let other = case.write("poles.zip", b"PK\x03\x04\x14\0\0\0 poles.geojson");
    case.refused(
        &case.plan(&["--sites", &other]),
        &["poles.zip is a ZIP archive", "CSV, an Excel workbook"],
    );
});

// 82. A CSV row with a quote opened and never closed: the row runs to
// the end of the file, and the message says so (with "1 field", not
// "1 fields").
case!(case_82_unclosed_csv_quote, |case| {
    let quoted = case.write(
        "quoted.csv",
        "id,lon,lat\na,126.8301,37.6501\n\"b,126.84,37.66\nc,126.85,37.67\n",
    );
    case.refused(
        &case.plan(&["--sites", &quoted]),
        &[
            "quoted.csv",
            "row 3 (line 3)",
            "has 1 field, but the header has 3 fields",
            "a quote (\") is opened and never closed",
        ],
    );
    let short = case.write("short.csv", "id,lon,lat\na,126.8301,37.6501\nb,126.84\n");
    let stderr = assert_refused(
        &case.plan(&["--sites", &short]),
        &["short.csv", "has 2 fields, but the header has 3 fields"],
        &case.out(),
    );
    assert!(!stderr.contains("quote"), "{stderr}");
});

/// Writes a one-square polygon Shapefile `name.shp` (EPSG:5186 metres
/// near Goyang) with a `.dbf` of one CP949 text field `이름`, and returns
/// the `.shp` path.
fn square_shapefile(case: &Case, name: &str) -> String {
    let (x, y) = (185_000.0_f64, 562_000.0_f64);
    let ring = [
        (x, y),
        (x, y + 500.0),
        (x + 500.0, y + 500.0),
        (x + 500.0, y),
        (x, y),
    ];
    let mut content = 5_i32.to_le_bytes().to_vec();
    for v in [x, y, x + 500.0, y + 500.0] {
        content.extend(v.to_le_bytes());
    }
    content.extend(1_i32.to_le_bytes());
    content.extend((ring.len() as i32).to_le_bytes());
    content.extend(0_i32.to_le_bytes());
    for (px, py) in ring {
        content.extend(px.to_le_bytes());
        content.extend(py.to_le_bytes());
    }
    let mut shp = 9994_i32.to_be_bytes().to_vec();
    shp.extend([0; 20]);
    shp.extend(((100 + 8 + content.len()) as i32 / 2).to_be_bytes());
    shp.extend(1000_i32.to_le_bytes());
    shp.extend(5_i32.to_le_bytes());
    shp.extend([0; 64]);
    shp.extend(1_i32.to_be_bytes());
    shp.extend((content.len() as i32 / 2).to_be_bytes());
    shp.extend(content);
    let path = case.write(&format!("{name}.shp"), shp);
    case.write(&format!("{name}.dbf"), dbf(&[("이름", b'C', 10)], &[&["주교동"]]));
    path
}

/// A dBase III file, text in CP949: fields `(name, type, length)`.
fn dbf(fields: &[(&str, u8, u8)], records: &[&[&str]]) -> Vec<u8> {
    let encode = |text: &str| encoding_rs::EUC_KR.encode(text).0.into_owned();
    let record_len: usize = 1 + fields.iter().map(|f| usize::from(f.2)).sum::<usize>();
    let mut bytes = vec![0x03, 125, 1, 1];
    bytes.extend((records.len() as u32).to_le_bytes());
    bytes.extend(((32 + 32 * fields.len() + 1) as u16).to_le_bytes());
    bytes.extend((record_len as u16).to_le_bytes());
    bytes.resize(32, 0);
    for &(name, kind, length) in fields {
        let mut descriptor = encode(name);
        descriptor.resize(11, 0);
        descriptor.push(kind);
        descriptor.resize(16, 0);
        descriptor.push(length);
        descriptor.resize(32, 0);
        bytes.extend(descriptor);
    }
    bytes.push(0x0D);
    for record in records {
        bytes.push(b' ');
        for (&(_, _, length), value) in fields.iter().zip(record.iter()) {
            let mut encoded = encode(value);
            encoded.resize(usize::from(length), b' ');
            bytes.extend(encoded);
        }
    }
    bytes
}

// 83. A Shapefile whose .prj names a system Sightline does not know: the
// .prj, the system's name, and how to give the CRS.
case!(case_83_unrecognised_prj, |case| {
    let shp = square_shapefile(&case, "dong");
    case.write("dong.prj", r#"PROJCS["Mars_Polar_Grid",GEOGCS["GCS_Mars_2000"]]"#);
    case.refused(
        &case.plan(&["--districts", &shp]),
        &[
            "dong.prj",
            "the coordinate system `Mars_Polar_Grid`",
            "--crs EPSG:CODE",
        ],
    );
});

// 84. The .dbf (or .shx) of a Shapefile given instead of its .shp.
case!(case_84_shapefile_part_given, |case| {
    square_shapefile(&case, "dong");
    let dbf = case.path("dong.dbf");
    case.refused(
        &case.plan(&["--districts", &dbf]),
        &[
            "dong.dbf is the attribute table (.dbf) of a Shapefile",
            "give its .shp file",
            "dong.shp",
        ],
    );
    let shx = case.write("dong.shx", [0x00, 0x00, 0x27, 0x0a]);
    case.refused(
        &case.plan(&["--districts", &shx]),
        &["dong.shx is the index (.shx)"],
    );
});

// 85. A malformed attribute table: a number field that is not a number
// names the feature and field; a truncated file says so.
case!(case_85_bad_dbf, |case| {
    let shp = square_shapefile(&case, "dong");
    case.write("dong.dbf", dbf(&[("인구", b'N', 6)], &[&["12a"]]));
    case.refused(
        &case.plan(&["--districts", &shp]),
        &["feature 0 in ", "dong.dbf, field `인구`", "`12a` is not a number"],
    );
    let mut short = dbf(&[("이름", b'C', 10)], &[&["주교동"]]);
    short.truncate(short.len() - 4);
    case.write("dong.dbf", short);
    case.refused(
        &case.plan(&["--districts", &shp]),
        &["dong.dbf", "the header says 1 records, but the file holds only 0"],
    );
});

// 86. A .cpg naming an encoding that is not understood.
case!(case_86_unknown_code_page, |case| {
    let shp = square_shapefile(&case, "dong");
    case.write("dong.cpg", "EBCDIC-KR");
    case.refused(
        &case.plan(&["--districts", &shp]),
        &["dong.cpg", "the code page `EBCDIC-KR` is not understood"],
    );
});

// 87. A Shapefile of polygons given as points, and of points as
// districts: the feature and the geometry found.
case!(case_87_shapefile_of_the_wrong_geometry, |case| {
    let shp = square_shapefile(&case, "dong");
    case.refused(
        &case.plan(&["--sites", &shp]),
        &[
            "feature 0 in ",
            "dong.shp",
            "geometry is Polygon, expected Point or MultiPoint",
        ],
    );
});

// 88. An Excel cell that is not a number in the weight column: the sheet,
// the row as Excel shows it, the column and the cell.
case!(case_88_excel_weight_not_a_number, |case| {
    let path = case.path("calls.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("민원").unwrap();
    for (col, name) in ["건수", "경도", "위도"].into_iter().enumerate() {
        sheet.write_string(0, col as u16, name).unwrap();
    }
    sheet.write_number(1, 0, 2.0).unwrap();
    sheet.write_number(1, 1, 126.8301).unwrap();
    sheet.write_number(1, 2, 37.6501).unwrap();
    sheet.write_string(2, 0, "많음").unwrap();
    sheet.write_number(2, 1, 126.84).unwrap();
    sheet.write_number(2, 2, 37.66).unwrap();
    book.save(&path).unwrap();
    case.refused(
        &case.plan(&["--demand", &path, "--demand-weight", "건수"]),
        &[
            "row 3 of sheet `민원` in ",
            "calls.xlsx",
            "column `건수` is \"많음\", expected a number",
        ],
    );
});

/// A records export of two rows, UTF-8, with coordinates near the good
/// sites: `제목`, `내용`, `접수일시`, `주소`, `lon`, `lat`.
fn calls(case: &Case) -> String {
    case.write(
        "calls.csv",
        "제목,내용,접수일시,주소,lon,lat\n가로등 고장,밤길이 어두워 무서워요,2025-03-04 21:15,새빛로 12,126.8301,37.6501\n쓰레기,무단투기 단속 부탁,2025.03.05,,126.84,37.66\n",
    )
}

// 89. A records column the file lacks: the file and the column.
case!(case_89_record_column_missing, |case| {
    let calls = calls(&case);
    case.refused(
        &case.plan(&["--records", &calls, "--record-text", "민원내용"]),
        &["calls.csv", "민원내용"],
    );
});

// 90. A category file that is not TOML: the file and the line.
case!(case_90_category_file_not_toml, |case| {
    let calls = calls(&case);
    let cats = case.write("cats.toml", "[[category]\nname = \"a\"\n");
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-text",
            "내용",
            "--categories",
            &cats,
        ]),
        &["cats.toml", "line 1"],
    );
});

// 91. A category without keywords: the file and the category.
case!(case_91_category_without_keywords, |case| {
    let calls = calls(&case);
    let cats = case.write(
        "cats.toml",
        "[[category]]\nname = \"방범\"\nweight = 1\nkeywords = []\n",
    );
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-text",
            "내용",
            "--categories",
            &cats,
        ]),
        &["cats.toml", "방범", "keywords"],
    );
});

// 92. A date that does not exist: the flag and the date.
case!(case_92_records_from_no_such_date, |case| {
    let calls = calls(&case);
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-time",
            "접수일시",
            "--records-from",
            "2025-13-01",
        ]),
        &["--records-from", "2025-13-01"],
    );
});

// 93. A half-life of 0 days.
case!(case_93_half_life_of_zero, |case| {
    let calls = calls(&case);
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-time",
            "접수일시",
            "--half-life-days",
            "0",
        ]),
        &["--half-life-days", "greater than 0"],
    );
});

// 94. An address table without the address column named: the file, the
// column, and the columns it has.
case!(case_94_geocode_table_without_the_column, |case| {
    let calls = calls(&case);
    let lights = case.write(
        "lights.csv",
        "보안등위치명,주소,lon,lat\nA,새빛로 12,126.8301,37.6501\n",
    );
    let with = format!("{lights}:소재지도로명주소");
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-address",
            "주소",
            "--geocode-with",
            &with,
        ]),
        &["lights.csv", "`소재지도로명주소`", "`보안등위치명`"],
    );
});

// 95. A sheet the workbook lacks: the file, the sheet, and its sheets.
case!(case_95_records_sheet_missing, |case| {
    let path = case.path("calls.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("민원목록").unwrap();
    for (col, name) in ["내용", "lon", "lat"].into_iter().enumerate() {
        sheet.write_string(0, col as u16, name).unwrap();
    }
    sheet.write_string(1, 0, "가로등 고장").unwrap();
    sheet.write_number(1, 1, 126.8301).unwrap();
    sheet.write_number(1, 2, 37.6501).unwrap();
    book.save(&path).unwrap();
    case.refused(
        &case.plan(&["--records", &path, "--sheet", "Sheet1"]),
        &["calls.xlsx", "Sheet1", "민원목록"],
    );
});

// 96. Categories without the text they sort by.
case!(case_96_categories_without_text_columns, |case| {
    let calls = calls(&case);
    case.refused(
        &case.plan(&["--records", &calls, "--categories", "default"]),
        &["--categories", "--record-text"],
    );
});

// 97. A window that ends before it starts.
case!(case_97_records_to_before_from, |case| {
    let calls = calls(&case);
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-time",
            "접수일시",
            "--records-from",
            "2025-06-01",
            "--records-to",
            "2025-01-01",
        ]),
        &["--records-to", "2025-01-01", "2025-06-01"],
    );
});

// 98. A count column that holds text: the row and the column, and not the
// text, which may be personal.
case!(case_98_record_count_is_text, |case| {
    let calls = calls(&case);
    let stderr = assert_refused(
        &case.plan(&["--records", &calls, "--record-weight", "내용"]),
        &["row 2", "calls.csv", "`내용`", "not shown"],
        &case.out(),
    );
    assert!(!stderr.contains("무서워요"), "{stderr}");
});

// 99. An address table with no column recognised as an address.
case!(case_99_geocode_table_without_an_address_column, |case| {
    let calls = calls(&case);
    let poles = case.write("poles.csv", "id,lon,lat\nA,126.8301,37.6501\n");
    case.refused(
        &case.plan(&[
            "--records",
            &calls,
            "--record-address",
            "주소",
            "--geocode-with",
            &poles,
        ]),
        &["poles.csv", "`소재지도로명주소`", "`id`"],
    );
});

// 100. A CSV of sites whose rows are all blank: said so, not "no row has
// usable coordinates".
case!(case_100_sites_only_blank_rows, |case| {
    let blank = case.write("blank_rows.csv", "id,lon,lat\n,,\n , ,\n");
    case.refused(
        &case.plan(&["--sites", &blank]),
        &["blank_rows.csv", "no data rows, only 2 blank rows"],
    );
});

// 101. A records column missing from a sheet with a title above its
// header: the columns listed are the header's, not the title's.
case!(case_101_records_column_missing_below_a_title, |case| {
    let path = case.path("calls.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("민원목록").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            2,
            "2025년 민원 접수 현황",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    for (col, name) in ["제목", "lon", "lat"].into_iter().enumerate() {
        sheet.write_string(2, col as u16, name).unwrap();
    }
    sheet.write_string(3, 0, "가로등 고장").unwrap();
    sheet.write_number(3, 1, 126.8301).unwrap();
    sheet.write_number(3, 2, 37.6501).unwrap();
    book.save(&path).unwrap();
    let stderr = assert_refused(
        &case.plan(&["--records", &path, "--record-text", "내용"]),
        &["calls.xlsx", "`내용`", "`제목`, `lon`, `lat`"],
        &case.out(),
    );
    assert!(!stderr.contains("2025년"), "{stderr}");
});

// 29. A missing coordinate column.
case!(case_29_missing_coordinate_column, |case| {
    let no_lat = case.write("no_lat.csv", "id,lon\na,126.83\n");
    case.refused(&case.plan(&["--sites", &no_lat]), &["no_lat.csv", "lon"]);
});

// 30. A row with a field too many.
case!(case_30_row_with_a_field_too_many, |case| {
    let ragged = case.write(
        "ragged.csv",
        "id,lon,lat\na,126.8301,37.6501\nb,126.84,37.66,extra\n",
    );
    case.refused(
        &case.plan(&["--sites", &ragged]),
        &["ragged.csv", "row 3", "line 3"],
    );
});

// 31. No row with coordinates.
case!(case_31_no_row_with_coordinates, |case| {
    let blank = case.write("blank.csv", "id,lon,lat\na,,\nb,,\n");
    case.refused(&case.plan(&["--sites", &blank]), &["blank.csv"]);
});

// 42. Duplicate ids in a CSV are named by their rows (as a spreadsheet
// numbers them, the header being row 1, as in every other CSV message),
// not by 0-based feature indices.
case!(case_42_duplicate_csv_ids_named_by_rows, |case| {
    let duplicate = case.write(
        "duplicate.csv",
        "id,lon,lat\na,126.8301,37.6501\na,126.84,37.66\n",
    );
    case.refused(
        &case.plan(&["--sites", &duplicate, "--site-id", "id"]),
        &["duplicate.csv", "rows 2 and 3", "column `id`", "\"a\""],
    );
});

// 43. A header naming a used column twice: which one is meant?
case!(case_43_used_csv_column_named_twice, |case| {
    let two_lat = case.write(
        "two_lat.csv",
        "id,lon,lat,LAT\na,126.8301,37.6501,0\nb,126.84,37.66,0\n",
    );
    case.refused(
        &case.plan(&["--sites", &two_lat]),
        &["two_lat.csv", "two columns named `lat`", "columns 3 and 4"],
    );
});

// A repeated column that is not used is no defect.
#[test]
fn a_repeated_csv_column_that_is_not_used_plans() {
    let case = Case::new();
    let notes = case.write(
        "notes.csv",
        "id,lon,lat,note,note\na,126.8301,37.6501,x,y\nb,126.84,37.66,x,y\n",
    );
    run_ok(&case.plan(&["--sites", &notes, "--site-id", "id"]));
}

// 32. A byte order mark is not a defect: the header still reads.
case!(case_32_byte_order_mark_is_read, |case| {
    let bom = case.write(
        "bom.csv",
        "\u{feff}id,lon,lat\na,126.8301,37.6501\nb,126.84,37.66\n",
    );
    run_ok(&case.plan(&["--sites", &bom, "--site-id", "id"]));
    let plan = std::fs::read_to_string(case.out().join("plan.geojson")).unwrap();
    assert!(plan.contains(r#""site_id":"a""#), "{plan}");
});

// Scenario files with defects.

/// A scenario on the good layers, one camera of 50 m, with `body` after
/// its `[objective]` table, writing to `out`.
fn study(body: &str) -> String {
    format!(
        "[[layer]]\nrole = \"demand\"\nfile = \"demand.geojson\"\n\n[[layer]]\nrole = \"sites\"\nfile = \"sites.geojson\"\n\n[camera]\nradius_m = 50\n\n[objective]\ncameras = 1\n{body}\n[outputs]\nfolder = \"out\"\n"
    )
}

/// `sightline run` on the scenario `text`, written to `study.toml`.
fn run_study(case: &Case, text: &str) -> Vec<String> {
    strings(&["run", &case.write("study.toml", text)])
}

// 33. An unknown key.
case!(case_33_unknown_scenario_key, |case| {
    case.refused(
        &run_study(&case, &study("colour = \"red\"\n")),
        &["study.toml", "line 14", "unknown field `colour`"],
    );
});

// 34. A missing file.
case!(case_34_scenario_names_a_missing_file, |case| {
    let missing = study("").replace("sites.geojson", "nowhere.geojson");
    case.refused(&run_study(&case, &missing), &["nowhere.geojson"]);
});

// 38. A memory limit that is not a size.
case!(case_38_scenario_memory_limit_not_a_size, |case| {
    case.refused(
        &run_study(&case, &study("[solver]\nmemory_limit = \"lots\"\n")),
        &["study.toml", "line 15", "memory limit `lots`"],
    );
});

// 51. Values the library refuses only after reading the layers are
// named by their line and key.
case!(case_51_scenario_values_refused_after_reading, |case| {
    let target = study("").replace("cameras = 1\n", "target_coverage = 1.5\n");
    case.refused(
        &run_study(&case, &target),
        &["study.toml", "line 13", "[objective] target_coverage", "1.5"],
    );
    case.refused(
        &run_study(&case, &study("[constraints]\nmin_spacing_m = -1\n")),
        &["study.toml", "[constraints] min_spacing_m"],
    );
    case.refused(
        &run_study(&case, &study("[demand]\nquality_levels = 0\n")),
        &["study.toml", "[demand] quality_levels"],
    );
    let existing = study("").replace(
        "[camera]\nradius_m = 50\n",
        "[[layer]]\nrole = \"existing\"\nfile = \"sites.geojson\"\nradius_m = -5\n\n[camera]\nradius_m = 50\n",
    );
    case.refused(
        &run_study(&case, &existing),
        &["study.toml", "line 12", "radius_m of the existing layer", "-5 m"],
    );
});

// 52. No output folder, or no output file: not the scenario's own
// folder, not an empty folder and exit code 0.
case!(case_52_no_output_folder_or_file, |case| {
    let folder = study("").replace("folder = \"out\"", "folder = \"\"");
    case.refused(
        &run_study(&case, &folder),
        &["study.toml", "[outputs] folder is empty"],
    );
    assert!(!case.dir.path().join("plan.geojson").exists());
    let files = study("").replace("folder = \"out\"\n", "folder = \"out\"\nfiles = []\n");
    case.refused(
        &run_study(&case, &files),
        &["study.toml", "[outputs] files is empty"],
    );
});

// Districts that are read but not as they should be: kept, and said.

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
    let stderr = run_ok_stderr(&case.plan(&["--districts", &districts, "--district-name", "name"]));
    assert!(stderr.contains("feature 0 `bow tie`"), "{stderr}");
    assert!(stderr.contains("feature 1 `sliver`"), "{stderr}");
    let districts_csv = std::fs::read_to_string(case.out().join("districts.csv")).unwrap();
    assert!(districts_csv.contains("bow tie,"), "{districts_csv}");
    assert!(districts_csv.contains("square,"), "{districts_csv}");
    assert!(districts_csv.contains("sliver,"), "{districts_csv}");
}

// 54. Two district features with one name (a district in two parts,
// or a copy): kept as two districts, and said so on standard error,
// since districts.csv and the quotas then show the name twice.
case!(case_54_districts_sharing_a_name, |case| {
    let districts = case.write(
        "districts.geojson",
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.835,37.64],[126.835,37.655],[126.82,37.655],[126.82,37.64]]]}},
            {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":[[[126.85,37.64],[126.86,37.64],[126.86,37.65],[126.85,37.65],[126.85,37.64]]]}},
            {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[126.835,37.655],[126.85,37.655],[126.85,37.67],[126.835,37.67],[126.835,37.655]]]}}
        ]}"#,
    );
    let stderr = run_ok_stderr(&case.plan(&["--districts", &districts, "--district-name", "name"]));
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
});

// Demand by time of day.

/// A district around the good layers, coded 1111051, and an hourly
/// table of it.
fn town_with_population(case: &Case, table: &str) -> (String, String) {
    let districts = case.write(
        "dong.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"가동","code":"1111051"},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.85,37.64],[126.85,37.67],[126.82,37.67],[126.82,37.64]]]}}]}"#,
    );
    let population = case.write("people.csv", table);
    (districts, population)
}

const TABLE: &str =
    "기준일ID,시간대구분,행정동코드,총생활인구수\n20250301,0,1111051,10\n20250301,13,1111051,30\n";

// 102. An hourly population table in points mode.
case!(case_102_population_in_points_mode, |case| {
    let (districts, population) = town_with_population(&case, TABLE);
    case.refused(
        &case.plan(&["--districts", &districts, "--population", &population]),
        &["--population", "demand grid only"],
    );
});

// 103. An hourly population table without districts to join it to.
case!(case_103_population_without_districts, |case| {
    let (_, population) = town_with_population(&case, TABLE);
    case.refused(
        &case.plan(&["--population", &population, "--mode", "grid"]),
        &["--population", "needs a districts layer"],
    );
});

// 104. A population table without an hour column.
case!(case_104_population_without_an_hour_column, |case| {
    let (districts, population) = town_with_population(&case, "행정동코드,총생활인구수\n1111051,10\n");
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--mode",
            "grid",
        ]),
        &["people.csv", "시간대구분"],
    );
});

// 105. A population table whose codes match no district.
case!(case_105_population_codes_match_no_district, |case| {
    let (districts, population) = town_with_population(
        &case,
        "기준일ID,시간대구분,행정동코드,총생활인구수\n20250301,0,4113551,10\n",
    );
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--mode",
            "grid",
        ]),
        &[
            "people.csv",
            "no row of the population table joins a district",
            "4113551",
            "1111051",
        ],
    );
});

// 106. Districts without the code property the table joins on.
case!(case_106_districts_without_the_code_property, |case| {
    let (districts, population) = town_with_population(&case, TABLE);
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--district-code",
            "adm_cd",
            "--mode",
            "grid",
        ]),
        &["dong.geojson", "adm_cd"],
    );
});

// 107. A period whose hours run past 24.
case!(case_107_period_hours_past_24, |case| {
    case.usage_error(
        &case.plan(&["--mode", "grid", "--period", "night:22-26"]),
        "hour 26 is past 24",
    );
});

// 108. Two periods of one name.
case!(case_108_two_periods_of_one_name, |case| {
    case.refused(
        &case.plan(&[
            "--mode",
            "grid",
            "--period",
            "night:22-06",
            "--period",
            "night:00-05",
        ]),
        &["--period", "night", "period 1 has it"],
    );
});

// 109. A periods objective without periods.
case!(case_109_periods_objective_without_periods, |case| {
    case.refused(
        &case.plan(&["--mode", "grid", "--periods-objective", "worst"]),
        &["--periods-objective", "needs periods"],
    );
});

// 110. An event area that holds no cell of the grid.
case!(case_110_event_area_without_a_cell, |case| {
    let area = case.write(
        "festival.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[127.5,37.0],[127.5001,37.0],[127.5001,37.0001],[127.5,37.0]]]}}]}"#,
    );
    case.refused(
        &case.plan(&[
            "--mode",
            "grid",
            "--event",
            &area,
            "--event-hours",
            "18-23",
            "--event-visitors",
            "5000",
        ]),
        &["event area holds no cell centre"],
    );
});

// 111. An event with a backup weight.
case!(case_111_event_with_a_backup_weight, |case| {
    let area = case.write(
        "festival.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.85,37.64],[126.85,37.67],[126.82,37.64]]]}}]}"#,
    );
    case.refused(
        &case.plan(&[
            "--mode",
            "grid",
            "--backup-weight",
            "0.5",
            "--event",
            &area,
            "--event-hours",
            "18-23",
            "--event-visitors",
            "5000",
        ]),
        &["--backup-weight", "cannot be combined with periods or an event"],
    );
});

// 112. A map period that names no period.
case!(case_112_map_period_names_no_period, |case| {
    case.refused(
        &case.plan(&[
            "--mode",
            "grid",
            "--period",
            "night:22-06",
            "--map-period",
            "noon",
        ]),
        &["--map-period", "\"noon\"", "night"],
    );
});

// 113. An event whose hours cannot be read: a flag syntax error, as a
// period's.
case!(case_113_event_hours_unreadable, |case| {
    let area = case.write(
        "festival.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[126.82,37.64],[126.85,37.64],[126.85,37.67],[126.82,37.64]]]}}]}"#,
    );
    case.usage_error(
        &case.plan(&[
            "--mode",
            "grid",
            "--event",
            &area,
            "--event-hours",
            "evening",
            "--event-visitors",
            "5000",
        ]),
        "evening",
    );
});

// 114. An unknown periods objective.
case!(case_114_unknown_periods_objective, |case| {
    case.usage_error(
        &case.plan(&[
            "--mode",
            "grid",
            "--period",
            "night:22-06",
            "--periods-objective",
            "best",
        ]),
        "best",
    );
});

// 115. A dong file's 8-digit 행정동코드 (행정안전부) against KOSTAT's
// 7-digit codes: not joined by a prefix, and the two numberings named.
case!(case_115_population_codes_of_another_numbering, |case| {
    let (districts, population) = town_with_population(
        &case,
        "기준일ID,시간대구분,행정동코드,총생활인구수\n20250301,0,11110515,10\n20250301,1,11110515,12\n",
    );
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--mode",
            "grid",
        ]),
        &[
            "people.csv",
            "11110515",
            "1111051",
            "행정안전부",
            "--district-code",
        ],
    );
});

// 116. A population table with a header and no rows.
case!(case_116_population_table_without_rows, |case| {
    let (districts, population) =
        town_with_population(&case, "기준일ID,시간대구분,행정동코드,총생활인구수\n");
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--mode",
            "grid",
        ]),
        &["people.csv", "no data rows"],
    );
});

// 117. A quote left open in a population table: the row named, not the
// rest of the file swallowed.
case!(case_117_population_quote_left_open, |case| {
    let (districts, population) = town_with_population(
        &case,
        "기준일ID,시간대구분,행정동코드,총생활인구수\n20250301,0,1111051,10\n20250301,1,\"1111051,12\n20250301,2,1111051,14\n20250301,3,1111051,16\n",
    );
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--mode",
            "grid",
        ]),
        &["people.csv", "row 3", "not closed on its line"],
    );
});

// 118. A UTF-8 population table with one stray byte: its line named.
case!(case_118_population_stray_byte, |case| {
    let mut table = "기준일ID,시간대구분,행정동코드,총생활인구수\n20250301,0,1111051,10\n"
        .as_bytes()
        .to_vec();
    table.extend_from_slice(b"20250301,1,1111051,1\xff2\n");
    let (districts, population) = town_with_population(&case, "x");
    std::fs::write(&population, table).unwrap();
    case.refused(
        &case.plan(&[
            "--districts",
            &districts,
            "--population",
            &population,
            "--mode",
            "grid",
        ]),
        &["people.csv", "line 3", "not UTF-8"],
    );
});

// 119. A --basemap that is not a tile URL template: a usage error naming
// the flag and what it takes.
case!(case_119_basemap_flag_not_a_tile_template, |case| {
    case.usage_error(
        &case.plan(&["--basemap", "tile.openstreetmap.org"]),
        "{z}, {x} and {y}",
    );
});

// 120. A study's basemap without {z}/{x}/{y}: the key named.
case!(case_120_study_basemap_not_a_tile_template, |case| {
    let text = study("").replace(
        "folder = \"out\"\n",
        "folder = \"out\"\nbasemap = \"https://tiles.example.org/{z}/{x}.png\"\n",
    );
    case.refused(
        &run_study(&case, &text),
        &["study.toml", "[outputs] basemap", "{z}, {x} and {y}"],
    );
});

// 121. A basemap on planar layers: refused before planning, naming the
// option and what to do.
case!(case_121_basemap_on_planar_layers, |case| {
    let demand = case.write(
        "planar_demand.geojson",
        collection(&[
            point(100.0, 100.0, r#""w":"2""#),
            point(160.0, 130.0, r#""w":"1""#),
        ]),
    );
    let sites = case.write(
        "planar_sites.geojson",
        collection(&[
            point(110.0, 100.0, r#""id":"a""#),
            point(900.0, 900.0, r#""id":"b""#),
        ]),
    );
    case.refused(
        &case.plan(&[
            "--demand",
            &demand,
            "--sites",
            &sites,
            "--crs",
            "planar",
            "--basemap",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        ]),
        &["--basemap", "no geographic coordinate system", "--crs EPSG"],
    );
});

/// A FlatGeobuf layer of points (longitude/latitude) with property `w`.
fn fgb_points(points: &[(f64, f64)]) -> Vec<u8> {
    use sightline::io::geo_types::coord;
    use sightline::io::{Crs, Plane, PointLayer};
    let plane = Plane::local(coord! { x: 126.83, y: 37.65 }).unwrap();
    let mut layer = PointLayer::empty("given", Crs::LonLat);
    layer.points = points.iter().map(|&(x, y)| coord! { x: x, y: y }).collect();
    layer.features = (0..points.len()).collect();
    plane.project_points(&mut layer).unwrap();
    let features: Vec<_> = layer
        .points
        .iter()
        .map(|&c| {
            let mut properties = serde_json::Map::new();
            properties.insert("w".to_owned(), serde_json::json!(2));
            (c, properties)
        })
        .collect();
    sightline::io::points_fgb_bytes(&plane, &features).unwrap()
}

// 122. A truncated FlatGeobuf file: the file and the feature named.
case!(case_122_truncated_flatgeobuf, |case| {
    let bytes = fgb_points(&[(126.83, 37.65), (126.831, 37.651)]);
    let truncated = case.write("truncated.fgb", &bytes[..bytes.len() - 10]);
    case.refused(
        &case.plan(&["--demand", &truncated]),
        &[
            "truncated.fgb",
            "feature 1",
            "not a readable FlatGeobuf file",
            "truncated",
        ],
    );
});

// 123. A file named .fgb that is not FlatGeobuf.
case!(case_123_not_flatgeobuf, |case| {
    let text = case.write("demand.fgb", collection(&[point(126.83, 37.65, "")]));
    case.refused(
        &case.plan(&["--demand", &text]),
        &["demand.fgb", "not a readable FlatGeobuf file", "magic bytes"],
    );
});

// 124. Districts given as FlatGeobuf points: the geometry type named.
case!(case_124_flatgeobuf_points_as_districts, |case| {
    let points = case.write("dong.fgb", fgb_points(&[(126.83, 37.65)]));
    case.refused(
        &case.plan(&["--districts", &points]),
        &["dong.fgb", "feature 0", "Point", "Polygon or MultiPolygon"],
    );
});

// 125. A FlatGeobuf weight property that is missing: the properties it
// has listed.
case!(case_125_flatgeobuf_missing_weight, |case| {
    let demand = case.write("calls.fgb", fgb_points(&[(126.83, 37.65), (126.831, 37.651)]));
    case.refused(
        &case.plan(&["--demand", &demand, "--demand-weight", "count"]),
        &["calls.fgb", "`count`", "`w`"],
    );
});

// 126. An --out-format that is neither geojson nor flatgeobuf.
case!(case_126_out_format_flag, |case| {
    case.usage_error(&case.plan(&["--out-format", "shp"]), "geojson or flatgeobuf");
});

// 127. A study's [outputs] format that is not a format: the key named.
case!(case_127_study_output_format, |case| {
    let text = study("").replace("folder = \"out\"\n", "folder = \"out\"\nformat = \"gpkg\"\n");
    case.refused(
        &run_study(&case, &text),
        &["study.toml", "format", "unknown output format `gpkg`"],
    );
});

// 128. An --effort of 0: the flag named, and what it takes.
case!(case_128_zero_effort, |case| {
    case.refused(&case.plan(&["--effort", "0"]), &["--effort", "greater than 0"]);
});

// 129. A study's [solver] effort of 0: the key named.
case!(case_129_study_zero_effort, |case| {
    let text = study("\n[solver]\neffort = 0\n");
    case.refused(
        &run_study(&case, &text),
        &["study.toml", "effort", "greater than 0"],
    );
});
