//! Reading point and polygon layers: values and every error case.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use sightline_io::geo_types::coord;
use sightline_io::{Crs, Error, PointOptions, PolygonOptions, read_points, read_polygons};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn collection(features: &[&str]) -> String {
    format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    )
}

fn point(properties: &str, x: f64, y: f64) -> String {
    format!(
        r#"{{"type": "Feature", "properties": {properties}, "geometry": {{"type": "Point", "coordinates": [{x}, {y}]}}}}"#
    )
}

/// Reads `features` as points and returns the error message.
fn point_error(features: &[&str], options: &PointOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "poles.geojson", &collection(features));
    let error = read_points(&path, options).expect_err("expected an error");
    error.to_string()
}

#[test]
fn points_and_multipoints_with_weights_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let text = collection(&[
        &point(r#"{"w": 2, "code": "a"}"#, 126.8, 37.6),
        r#"{"type": "Feature", "id": "m", "properties": {"w": " 3.5 ", "code": 17},
            "geometry": {"type": "MultiPoint", "coordinates": [[126.81, 37.61, 12.0], [126.82, 37.62]]}}"#,
        &point(r#"{"w": "12", "code": 1.5}"#, 126.9, 37.7),
    ]);
    let path = write(dir.path(), "poles.geojson", &text);
    let layer = read_points(&path, &PointOptions::new().weight("w").id("code")).unwrap();
    assert_eq!(layer.path, path);
    assert_eq!(layer.crs, Crs::LonLat);
    assert_eq!(
        layer.points,
        vec![
            coord! { x: 126.8, y: 37.6 },
            coord! { x: 126.81, y: 37.61 },
            coord! { x: 126.82, y: 37.62 },
            coord! { x: 126.9, y: 37.7 },
        ]
    );
    assert_eq!(layer.weights, vec![2.0, 3.5, 3.5, 12.0]);
    assert_eq!(layer.ids, vec!["a", "17#1", "17#2", "1.5"]);
    assert_eq!(layer.features, vec![0, 1, 1, 2]);

    // Without options: weight 1, id from the `id` member, else the index.
    let layer = read_points(&path, &PointOptions::new()).unwrap();
    assert_eq!(layer.weights, vec![1.0; 4]);
    assert_eq!(layer.ids, vec!["0", "m#1", "m#2", "2"]);
}

#[test]
fn numeric_ids_and_null_properties() {
    let dir = tempfile::tempdir().unwrap();
    let text = collection(&[
        r#"{"type": "Feature", "id": 42, "properties": null, "geometry": {"type": "Point", "coordinates": [1, 2]}}"#,
    ]);
    let path = write(dir.path(), "a.geojson", &text);
    let layer = read_points(&path, &PointOptions::new()).unwrap();
    assert_eq!(layer.ids, vec!["42"]);
    assert_eq!(layer.points, vec![coord! { x: 1.0, y: 2.0 }]);
}

#[test]
fn byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("\u{feff}{}", collection(&[&point("{}", 1.0, 2.0)]));
    let path = write(dir.path(), "bom.geojson", &text);
    assert_eq!(read_points(&path, &PointOptions::new()).unwrap().points.len(), 1);
}

#[test]
fn weight_errors_name_file_feature_and_property() {
    let options = PointOptions::new().weight("weight");
    let good = point(r#"{"weight": 1}"#, 1.0, 2.0);
    let cases = [
        (
            r#"{"weight": "abc"}"#,
            r#"property `weight` is "abc", expected a number"#,
        ),
        (
            r#"{"weight": -1}"#,
            "property `weight` is -1, expected a finite, non-negative number",
        ),
        (
            r#"{"weight": "-0.5"}"#,
            r#"property `weight` is "-0.5", expected a finite"#,
        ),
        (
            r#"{"weight": "NaN"}"#,
            r#"property `weight` is "NaN", expected a finite"#,
        ),
        (
            r#"{"weight": "inf"}"#,
            r#"property `weight` is "inf", expected a finite"#,
        ),
        (
            r#"{"weight": true}"#,
            "property `weight` is true, expected a number",
        ),
        (
            r#"{"weight": null}"#,
            "property `weight` is null, expected a number",
        ),
        (
            r#"{"other": 1}"#,
            "no property `weight` (expected a number); the feature's properties are `other`",
        ),
        (
            "null",
            "no property `weight` (expected a number); the feature's properties are none",
        ),
    ];
    for (properties, expected) in cases {
        let bad = point(properties, 1.0, 2.0);
        let message = point_error(&[&good, &bad], &options);
        assert!(message.starts_with("feature 1 in "), "{message}");
        assert!(message.contains("poles.geojson"), "{message}");
        assert!(message.contains(expected), "{message} should contain {expected}");
    }
    // The exact shape of the message.
    let message = point_error(&[&point(r#"{"weight": "abc"}"#, 1.0, 2.0)], &options);
    assert!(
        message.ends_with(r#"poles.geojson: property `weight` is "abc", expected a number"#),
        "{message}"
    );
}

#[test]
fn id_errors() {
    let options = PointOptions::new().id("code");
    let message = point_error(
        &[&point(r#"{"code": "a"}"#, 1.0, 2.0), &point("{}", 1.0, 2.0)],
        &options,
    );
    assert!(message.contains("feature 1 in"), "{message}");
    assert!(message.contains("no property `code`"), "{message}");
    let message = point_error(&[&point(r#"{"code": [1]}"#, 1.0, 2.0)], &options);
    assert!(message.contains("feature 0 in"), "{message}");
    assert!(
        message.contains("property `code` is [1], expected a string or a number"),
        "{message}"
    );
}

#[test]
fn geometry_errors() {
    let options = PointOptions::new();
    let good = point("{}", 1.0, 2.0);
    let polygon = r#"{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}"#;
    let cases = [
        (
            polygon,
            "feature 1 in",
            "geometry is Polygon, expected Point or MultiPoint",
        ),
        (
            r#"{"type": "Feature", "properties": {}, "geometry": null}"#,
            "feature 1 in",
            "geometry is null, expected Point or MultiPoint",
        ),
        (
            r#"{"type": "Feature", "properties": {}}"#,
            "feature 1 in",
            "geometry is missing, expected Point or MultiPoint",
        ),
        (
            r#"{"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": []}}"#,
            "feature 1 in",
            "geometry is GeometryCollection",
        ),
        (
            r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [[1, 2]]}}"#,
            "feature 1 in",
            "Point coordinates must be positions",
        ),
        (
            r#"{"type": "Feature", "geometry": {"type": "Point"}}"#,
            "feature 1 in",
            "Point has no `coordinates`",
        ),
        (
            r#"{"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": []}}"#,
            "feature 1 in",
            "MultiPoint has no points",
        ),
        (
            r#"{"type": "Thing", "geometry": {"type": "Point", "coordinates": [1, 2]}}"#,
            "feature 1 in",
            "`type` is `Thing`, expected `Feature`",
        ),
        (
            &point("{}", 37.658, 126.832),
            "feature 1 in",
            "latitude 126.832 is outside [-90, 90]; are longitude and latitude swapped?",
        ),
        (
            &point("{}", 127.0, 127.0),
            "feature 1 in",
            "latitude 127.0 is outside [-90, 90]",
        ),
        (
            &point("{}", 200.0, 37.0),
            "feature 1 in",
            "longitude 200.0 is outside [-180, 180]",
        ),
    ];
    for (feature, location, expected) in cases {
        let message = point_error(&[&good, feature], &options);
        assert!(message.starts_with(location), "{message}");
        assert!(message.contains("poles.geojson"), "{message}");
        assert!(message.contains(expected), "{message} should contain {expected}");
    }
    // No swap hint when swapping could not help.
    let message = point_error(&[&point("{}", 127.0, 127.0)], &options);
    assert!(!message.contains("swapped"), "{message}");
}

#[test]
fn planar_layers_are_not_range_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "m.geojson",
        &collection(&[&point("{}", 185175.9, 562053.6)]),
    );
    let layer = read_points(&path, &PointOptions::new().crs(Crs::Planar)).unwrap();
    assert_eq!(layer.crs, Crs::Planar);
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(matches!(error, Error::InvalidFeature { index: 0, .. }), "{error}");
}

#[test]
fn document_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "empty.geojson",
            r#"{"type": "FeatureCollection", "features": []}"#,
            "has no features",
        ),
        (
            "nofeatures.geojson",
            r#"{"type": "FeatureCollection"}"#,
            "has no features",
        ),
        (
            "feature.geojson",
            r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}"#,
            "the top-level GeoJSON object is a Feature, expected a FeatureCollection",
        ),
        (
            "geometry.geojson",
            r#"{"type": "Point", "coordinates": [1, 2]}"#,
            "is a Point geometry, expected a FeatureCollection",
        ),
        (
            "array.geojson",
            "[1, 2]",
            "is an array, expected a FeatureCollection",
        ),
        (
            "notype.geojson",
            r#"{"features": []}"#,
            "an object without `type`",
        ),
        (
            "broken.geojson",
            "{\"type\": \"FeatureCollection\",\n \"features\": [}",
            "invalid JSON at line 2, column",
        ),
        (
            "trailing.geojson",
            r#"{"type": "FeatureCollection", "features": []} x"#,
            "invalid JSON at line 1",
        ),
        ("empty-file.geojson", "", "invalid JSON at line 1, column 0"),
    ];
    for (name, text, expected) in cases {
        let path = write(dir.path(), name, text);
        let message = read_points(&path, &PointOptions::new()).unwrap_err().to_string();
        assert!(message.contains(name), "{message}");
        assert!(message.contains(expected), "{message} should contain {expected}");
    }
}

#[test]
fn json_errors_inside_features_name_the_feature() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"type\": \"FeatureCollection\", \"features\": [\n".to_string()
        + &point("{}", 1.0, 2.0)
        + ",\n{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, \"x\"]}}]}";
    let path = write(dir.path(), "bad.geojson", &text);
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    let Error::Json { line, feature, .. } = &error else {
        panic!("unexpected {error}");
    };
    assert_eq!((*line, *feature), (3, Some(1)));
    let message = error.to_string();
    assert!(
        message.contains("bad.geojson: invalid JSON at line 3"),
        "{message}"
    );
    assert!(message.contains("(in feature 1)"), "{message}");
}

#[test]
fn missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.geojson");
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(matches!(error, Error::Read { .. }));
    assert!(error.to_string().contains("nowhere.geojson"), "{error}");
    let error = read_polygons(&path, &PolygonOptions::new()).unwrap_err();
    assert!(error.to_string().contains("nowhere.geojson"), "{error}");
}

#[test]
fn legacy_crs_member_wins_over_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}},
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [185175.9, 562053.6]}}]}"#;
    let path = write(dir.path(), "tm.geojson", text);
    let layer = read_points(&path, &PointOptions::new().crs(Crs::LonLat)).unwrap();
    assert_eq!(layer.crs, Crs::Epsg(5186));

    let text = r#"{"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}}]}"#;
    let path = write(dir.path(), "crs84.geojson", text);
    let layer = read_points(&path, &PointOptions::new().crs(Crs::Epsg(5186))).unwrap();
    assert_eq!(layer.crs, Crs::LonLat);

    let text = r#"{"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:99999"}},
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}]}"#;
    let path = write(dir.path(), "unknown.geojson", text);
    let message = read_points(&path, &PointOptions::new()).unwrap_err().to_string();
    assert!(
        message.contains("unknown.geojson") && message.contains("EPSG:99999"),
        "{message}"
    );

    // A geographic EPSG layer is range-checked.
    let text = r#"{"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4737"}},
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 126.8]}}]}"#;
    let path = write(dir.path(), "kgd.geojson", text);
    let message = read_points(&path, &PointOptions::new()).unwrap_err().to_string();
    assert!(message.contains("swapped"), "{message}");
}

fn polygon_feature(properties: &str, geometry: &str) -> String {
    format!(r#"{{"type": "Feature", "properties": {properties}, "geometry": {geometry}}}"#)
}

const SQUARE: &str = r#"{"type": "Polygon", "coordinates": [[[126.8, 37.6], [126.9, 37.6], [126.9, 37.7], [126.8, 37.7], [126.8, 37.6]],
    [[126.82, 37.62], [126.83, 37.62], [126.83, 37.63], [126.82, 37.62]]]}"#;

#[test]
fn polygons_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let multi = r#"{"type": "MultiPolygon", "coordinates": [
        [[[126.8, 37.6], [126.9, 37.6], [126.9, 37.7], [126.8, 37.6]]],
        [[[127.0, 37.6], [127.1, 37.6], [127.1, 37.7], [127.0, 37.6]]]]}"#;
    let text = collection(&[
        &polygon_feature(r#"{"name": "A-dong", "code": 3110151}"#, SQUARE),
        &polygon_feature(r#"{"code": 2}"#, multi),
        &format!(r#"{{"type": "Feature", "id": "x", "properties": {{"name": "B"}}, "geometry": {SQUARE}}}"#),
    ]);
    let path = write(dir.path(), "dong.geojson", &text);
    let layer = read_polygons(&path, &PolygonOptions::new()).unwrap();
    assert_eq!(layer.names, vec!["A-dong", "district 1", "x"]);
    assert_eq!(layer.features, vec![0, 1, 2]);
    assert_eq!(layer.polygons[0].0.len(), 1);
    assert_eq!(layer.polygons[0].0[0].interiors().len(), 1);
    assert_eq!(layer.polygons[0].0[0].exterior().0.len(), 5);
    assert_eq!(layer.polygons[1].0.len(), 2);

    let layer = read_polygons(&path, &PolygonOptions::new().name("code").crs(Crs::LonLat));
    let message = layer.unwrap_err().to_string();
    assert!(
        message.contains("feature 2 in") && message.contains("no property `code`"),
        "{message}"
    );
}

#[test]
fn polygon_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = polygon_feature("{}", SQUARE);
    let cases = [
        (
            polygon_feature("{}", r#"{"type": "Point", "coordinates": [1, 2]}"#),
            "geometry is Point, expected Polygon or MultiPolygon",
        ),
        (
            polygon_feature("{}", "null"),
            "geometry is null, expected Polygon or MultiPolygon",
        ),
        (
            polygon_feature(
                "{}",
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#,
            ),
            "Polygon has a ring of 3 positions, expected at least 4",
        ),
        (
            polygon_feature("{}", r#"{"type": "Polygon", "coordinates": []}"#),
            "Polygon has a polygon without rings",
        ),
        (
            polygon_feature("{}", r#"{"type": "MultiPolygon", "coordinates": []}"#),
            "MultiPolygon has no polygons",
        ),
        (
            polygon_feature(
                "{}",
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 100], [0, 0]]]}"#,
            ),
            "latitude 100.0 is outside [-90, 90]",
        ),
        (
            polygon_feature(
                "{}",
                r#"{"type": "Polygon", "coordinates": [[0, 0], [1, 0], [1, 1], [0, 0]]}"#,
            ),
            "Polygon rings must be arrays of positions",
        ),
    ];
    for (index, (feature, expected)) in cases.iter().enumerate() {
        let name = format!("districts{index}.geojson");
        let path = write(dir.path(), &name, &collection(&[&good, feature]));
        let message = read_polygons(&path, &PolygonOptions::new())
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("feature 1 in"), "{message}");
        assert!(message.contains(&name), "{message}");
        assert!(message.contains(expected), "{message} should contain {expected}");
    }
    let path = write(
        dir.path(),
        "none.geojson",
        r#"{"type": "FeatureCollection", "features": []}"#,
    );
    let message = read_polygons(&path, &PolygonOptions::new())
        .unwrap_err()
        .to_string();
    assert!(message.contains("none.geojson has no features"), "{message}");
}

#[test]
fn json_faults_come_before_errors_in_earlier_features() {
    let options = PointOptions::new().weight("w");
    let bad_weight = point(r#"{"w": "a"}"#, 1.0, 2.0);
    let bad_json = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, "x"]}}"#;
    let message = point_error(&[&bad_weight, bad_json], &options);
    assert!(
        message.contains("invalid JSON") && message.contains("(in feature 1)"),
        "{message}"
    );
    // Without a JSON fault the first feature's error is reported.
    let thing = r#"{"type": "Thing", "geometry": {"type": "Point", "coordinates": [1, 2]}}"#;
    let message = point_error(&[&bad_weight, thing], &options);
    assert!(message.starts_with("feature 0 in"), "{message}");
    assert!(message.contains("property `w` is \"a\""), "{message}");
}

#[test]
fn features_that_are_not_objects() {
    let message = point_error(&["1"], &PointOptions::new());
    assert!(
        message.contains("(in feature 0): invalid type: integer `1`, expected a GeoJSON Feature object"),
        "{message}"
    );
    let message = point_error(
        &[r#"{"type": 3, "geometry": {"type": "Point", "coordinates": [1, 2]}}"#],
        &PointOptions::new(),
    );
    assert!(
        message.contains("feature 0 in") && message.contains("`type` is 3"),
        "{message}"
    );
}

#[test]
fn positions_need_two_numbers() {
    let multi = r#"{"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[1, 2], [1]]}}"#;
    let message = point_error(&[multi], &PointOptions::new());
    assert!(
        message.contains("feature 0 in") && message.contains("MultiPoint has a position of 1 number"),
        "{message}"
    );
    let point = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1]}}"#;
    let message = point_error(&[point], &PointOptions::new());
    assert!(
        message.contains("invalid JSON") && message.contains("(in feature 0)"),
        "{message}"
    );
}

fn multipoint(properties: &str, id: Option<&str>, points: &[[f64; 2]]) -> String {
    let id = id.map(|id| format!(r#""id": "{id}", "#)).unwrap_or_default();
    let coordinates: Vec<String> = points.iter().map(|[x, y]| format!("[{x}, {y}]")).collect();
    format!(
        r#"{{"type": "Feature", {id}"properties": {properties}, "geometry": {{"type": "MultiPoint", "coordinates": [{}]}}}}"#,
        coordinates.join(", ")
    )
}

#[test]
fn multipoint_ids_are_numbered_and_a_one_point_multipoint_keeps_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let text = collection(&[
        &multipoint(r#"{"pole_id": "A"}"#, None, &[[126.8, 37.6]]),
        &multipoint(
            r#"{"pole_id": "B"}"#,
            None,
            &[[126.8, 37.6], [126.9, 37.7], [126.9, 37.6]],
        ),
    ]);
    let path = write(dir.path(), "sites.geojson", &text);
    let options = PointOptions::new().id("pole_id").unique_ids(true);
    let layer = read_points(&path, &options).unwrap();
    assert_eq!(layer.ids, vec!["A", "B#1", "B#2", "B#3"]);
    assert_eq!(layer.features, vec![0, 1, 1, 1]);
}

#[test]
fn duplicate_ids_are_refused_only_when_asked() {
    let unique = PointOptions::new().id("pole_id").unique_ids(true);
    let features = [
        point(r#"{"pole_id": "A"}"#, 126.8, 37.6),
        point(r#"{"pole_id": "B"}"#, 126.8, 37.6),
        point(r#"{"pole_id": "A"}"#, 126.8, 37.6),
    ];
    let refs: Vec<&str> = features.iter().map(String::as_str).collect();
    let message = point_error(&refs, &unique);
    assert!(message.ends_with("; ids must be unique"), "{message}");
    assert!(
        message.starts_with("features 0 and 2 in ") && message.contains("poles.geojson:"),
        "{message}"
    );
    assert!(
        message.contains("property `pole_id` has the same value \"A\""),
        "{message}"
    );
    // Numbers and strings are the same id once read.
    let message = point_error(
        &[
            &point(r#"{"pole_id": 7}"#, 126.8, 37.6),
            &point(r#"{"pole_id": "7"}"#, 126.8, 37.6),
        ],
        &unique,
    );
    assert!(message.starts_with("features 0 and 1 in "), "{message}");

    // Without the option duplicates are kept.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "poles.geojson", &collection(&refs));
    let layer = read_points(&path, &PointOptions::new().id("pole_id")).unwrap();
    assert_eq!(layer.ids, vec!["A", "B", "A"]);

    // Ids from the feature `id` member, and from the member and the index.
    let member = |id: &str| {
        format!(
            r#"{{"type": "Feature", "id": "{id}", "geometry": {{"type": "Point", "coordinates": [126.8, 37.6]}}}}"#
        )
    };
    let unique = PointOptions::new().unique_ids(true);
    let message = point_error(&[&member("x"), &member("y"), &member("x")], &unique);
    assert!(message.starts_with("features 0 and 2 in "), "{message}");
    assert!(
        message.contains("the feature id member has the same value \"x\""),
        "{message}"
    );
    let message = point_error(&[&member("1"), &point("{}", 126.8, 37.6)], &unique);
    assert!(message.starts_with("features 0 and 1 in "), "{message}");
    assert!(message.contains("the feature index"), "{message}");
    // A numbered MultiPoint id can meet another feature's id.
    let message = point_error(
        &[
            &multipoint(r#"{"pole_id": "B"}"#, None, &[[126.8, 37.6], [126.9, 37.7]]),
            &point(r#"{"pole_id": "B#2"}"#, 126.8, 37.6),
        ],
        &PointOptions::new().id("pole_id").unique_ids(true),
    );
    assert!(message.starts_with("features 0 and 1 in "), "{message}");
    assert!(message.contains("\"B#2\""), "{message}");
}

#[test]
fn lonlat_read_as_projected_or_planar_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let points = collection(&[&point("{}", 126.832, 37.658), &point("{}", 126.842, 37.668)]);
    let path = write(dir.path(), "poles.geojson", &points);

    let error = read_points(&path, &PointOptions::new().crs(Crs::Epsg(5186))).unwrap_err();
    assert!(
        matches!(
            error,
            Error::LooksLikeLonLat {
                from_member: false,
                ..
            }
        ),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.ends_with(
            "poles.geojson: every coordinate lies within longitude/latitude bounds, but the layer \
             is read as EPSG:5186 (from the crs option, --crs); is it longitude/latitude?"
        ),
        "{message}"
    );
    // Read as longitude/latitude it is fine.
    read_points(&path, &PointOptions::new()).unwrap();

    // From the file's crs member.
    let text = points.replacen(
        "{",
        r#"{"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}}, "#,
        1,
    );
    let member = write(dir.path(), "member.geojson", &text);
    let message = read_points(&member, &PointOptions::new())
        .unwrap_err()
        .to_string();
    assert!(message.contains("member.geojson: every coordinate"), "{message}");
    assert!(
        message.contains("as EPSG:5186 (from its crs member)"),
        "{message}"
    );

    // Planar: only within a box smaller than 10 × 10 units.
    let message = read_points(&path, &PointOptions::new().crs(Crs::Planar))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("in a box smaller than 10 × 10 units"),
        "{message}"
    );
    assert!(
        message.contains("read as planar (from the crs option, --crs)"),
        "{message}"
    );
    let benchmark = write(
        dir.path(),
        "bench.geojson",
        &collection(&[&point("{}", 0.0, 0.0), &point("{}", 30.0, 5.0)]),
    );
    read_points(&benchmark, &PointOptions::new().crs(Crs::Planar)).unwrap();
    // One coordinate outside longitude/latitude bounds is enough.
    let projected = write(
        dir.path(),
        "tm.geojson",
        &collection(&[&point("{}", 126.8, 37.6), &point("{}", 185175.9, 562053.6)]),
    );
    read_points(&projected, &PointOptions::new().crs(Crs::Epsg(5186))).unwrap();

    // Polygons too, every vertex counted.
    let square = r#"{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[126.8, 37.6], [126.9, 37.6], [126.9, 37.7], [126.8, 37.6]]]}}"#;
    let dong = write(dir.path(), "dong.geojson", &collection(&[square]));
    let message = read_polygons(&dong, &PolygonOptions::new().crs(Crs::Epsg(5179)))
        .unwrap_err()
        .to_string();
    assert!(message.contains("dong.geojson: every coordinate"), "{message}");
    assert!(message.contains("read as EPSG:5179"), "{message}");
    read_polygons(&dong, &PolygonOptions::new()).unwrap();
}

#[test]
fn invalid_polygons_are_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let bowtie = r#"{"type": "Feature", "properties": {"name": "bow tie"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [20, 20], [20, 0], [0, 20], [0, 0]]]}}"#;
    let square = r#"{"type": "Feature", "properties": {"name": "square"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]]]}}"#;
    let overlapping = r#"{"type": "Feature", "properties": {"name": "overlap"}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[0, 0], [20, 0], [20, 20], [0, 0]]], [[[5, 1], [25, 1], [25, 21], [5, 1]]]]}}"#;
    let path = write(
        dir.path(),
        "dong.geojson",
        &collection(&[square, bowtie, overlapping]),
    );
    let layer = read_polygons(&path, &PolygonOptions::new().crs(Crs::Planar)).unwrap();
    assert_eq!(layer.polygons.len(), 3);
    assert_eq!(layer.invalid.len(), 2);
    assert_eq!(
        layer.invalid[0],
        sightline_io::InvalidPolygon {
            feature: 1,
            name: "bow tie".to_string(),
            reason: "exterior ring has a self-intersection at (10.0, 10.0)".to_string(),
        }
    );
    assert_eq!(layer.invalid[1].feature, 2);
    assert_eq!(layer.invalid[1].name, "overlap");
    assert!(
        layer.invalid[1].reason.contains("overlap"),
        "{:?}",
        layer.invalid[1]
    );
}

/// A big layer (read in parallel chunks) reads as the features say, with
/// the odd feature (a MultiPoint, members in another order, a string
/// weight, a feature id, properties kept) read the full way among them.
#[test]
fn big_layers_read_in_parallel_as_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let n = 30_000;
    let mut features: Vec<String> = (0..n)
        .map(|k| {
            let (x, y) = (126.0 + k as f64 * 1e-5, 37.0 + (k % 97) as f64 * 1e-4);
            match k % 1000 {
                7 => format!(
                    r#"{{"type": "Feature", "properties": {{"w": "{}", "code": "c{k}"}}, "geometry": {{"type": "MultiPoint", "coordinates": [[{x}, {y}], [{x}, 37.5]]}}}}"#,
                    k % 5
                ),
                11 => format!(
                    r#"{{"geometry": {{"coordinates": [{x}, {y}, 12.5], "type": "Point"}}, "id": "m{k}", "properties": {{"code": "c{k}", "w": {}}}, "type": "Feature"}}"#,
                    k % 5
                ),
                13 => format!(
                    r#"{{"type": "Feature", "bbox": [{x}, {y}, {x}, {y}], "properties": {{"w": {}, "code": "c{k}"}}, "geometry": {{"type": "Point", "coordinates": [{x}, {y}]}}}}"#,
                    k % 5
                ),
                _ => point(&format!(r#"{{"w": {}, "code": "c{k}", "more": [1, {{"a": null}}]}}"#, k % 5), x, y),
            }
        })
        .collect();
    let refs: Vec<&str> = features.iter().map(String::as_str).collect();
    let path = write(dir.path(), "big.geojson", &collection(&refs));
    let options = PointOptions::new()
        .weight("w")
        .id("code")
        .properties(true)
        .unique_ids(true);
    let layer = read_points(&path, &options).unwrap();
    let multi = (0..n).filter(|k| k % 1000 == 7).count();
    assert_eq!(layer.points.len(), n + multi);
    let mut k = 0;
    for feature in 0..n {
        let copies = if feature % 1000 == 7 { 2 } else { 1 };
        for copy in 1..=copies {
            assert_eq!(layer.features[k], feature);
            assert_eq!(layer.weights[k], (feature % 5) as f64);
            let id = if copies == 2 {
                format!("c{feature}#{copy}")
            } else {
                format!("c{feature}")
            };
            assert_eq!(layer.ids[k], id);
            assert_eq!(layer.properties[k]["code"], format!("c{feature}"));
            assert!((layer.points[k].x - (126.0 + feature as f64 * 1e-5)).abs() < 1e-12);
            k += 1;
        }
    }
    // Without an id property: the feature id member where there is one,
    // else the index.
    let layer = read_points(&path, &PointOptions::new()).unwrap();
    // (Point 12 is feature 11: feature 7 has two points.)
    assert_eq!((layer.features[12], layer.ids[12].as_str()), (11, "m11"));
    assert_eq!((layer.features[13], layer.ids[13].as_str()), (12, "12"));
    assert!(layer.properties.is_empty());

    // The first error in file order, whichever chunk it is in.
    features[25_001] = point(r#"{"w": -1, "code": "x"}"#, 126.5, 37.5);
    features[29_000] = point(r#"{"w": "many", "code": "y"}"#, 126.5, 37.5);
    let refs: Vec<&str> = features.iter().map(String::as_str).collect();
    let message = point_error(&refs, &options);
    assert!(message.contains("feature 25001"), "{message}");
    assert!(message.contains("`w`"), "{message}");
    // A JSON fault anywhere comes first.
    features[29_500] =
        r#"{"type": "Feature", "id": [1], "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}"#
            .to_owned();
    let refs: Vec<&str> = features.iter().map(String::as_str).collect();
    let message = point_error(&refs, &options);
    assert!(message.contains("feature 29500"), "{message}");

    // Duplicate ids across chunks: the first repeat, with both features.
    let mut features: Vec<String> = (0..n)
        .map(|k| point(&format!(r#"{{"code": "c{k}"}}"#), 126.0, 37.0))
        .collect();
    features[20_000] = point(r#"{"code": "c3"}"#, 126.0, 37.0);
    features[21_000] = point(r#"{"code": "c4"}"#, 126.0, 37.0);
    let refs: Vec<&str> = features.iter().map(String::as_str).collect();
    let message = point_error(&refs, &PointOptions::new().id("code").unique_ids(true));
    assert!(message.starts_with("features 3 and 20000 in "), "{message}");
}

/// A big layer of common point features (read in one pass, each feature
/// checked as it is read) reads as the features say; a string that looks
/// like a boundary between features, a bad weight and a repeated id are
/// read, or refused, as one by one.
#[test]
fn big_layers_of_common_points_read_in_one_pass_as_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let n = 60_000;
    let at = |k: usize| (126.0 + k as f64 * 1e-5, 37.0 + (k % 89) as f64 * 1e-4);
    let mut features: Vec<String> = (0..n)
        .map(|k| {
            let (x, y) = at(k);
            point(&format!(r#"{{"w": {}, "code": "c{k}"}}"#, k % 7), x, y)
        })
        .collect();
    let read = |features: &[String], options: &PointOptions| {
        let refs: Vec<&str> = features.iter().map(String::as_str).collect();
        let text = collection(&refs);
        assert!(text.len() > 4 << 20, "big enough to be cut in parallel");
        let path = write(dir.path(), "common.geojson", &text);
        read_points(&path, options)
    };
    let options = PointOptions::new().weight("w").id("code").unique_ids(true);
    let check = |layer: &sightline_io::PointLayer, ids: bool| {
        assert_eq!(layer.points.len(), n);
        for (k, point) in layer.points.iter().enumerate() {
            let (x, y) = at(k);
            assert_eq!((point.x, point.y, layer.weights[k]), (x, y, (k % 7) as f64));
            assert_eq!(layer.features[k], k);
        }
        if ids {
            assert!(layer.ids.iter().enumerate().all(|(k, id)| *id == format!("c{k}")));
        } else {
            assert!(layer.ids.is_empty());
        }
    };
    check(&read(&features, &options).unwrap(), true);
    check(
        &read(&features, &PointOptions::new().weight("w").ids(false)).unwrap(),
        false,
    );

    // A cut inside a string: the pieces around it are not whole values.
    let (x, y) = at(40_000);
    let note = r#""note": "a}, {\"type\": \"Feature\"""#;
    features[40_000] = point(
        &format!(r#"{{"w": {}, "code": "c40000", {note}}}"#, 40_000 % 7),
        x,
        y,
    );
    let layer = read(&features, &options.clone().properties(true)).unwrap();
    check(&layer, true);
    assert_eq!(layer.properties[40_000]["note"], r#"a}, {"type": "Feature""#);

    let mut bad = features.clone();
    bad[45_000] = point(r#"{"w": -2, "code": "c45000"}"#, 126.5, 37.5);
    let message = read(&bad, &options).unwrap_err().to_string();
    assert!(
        message.contains("feature 45000") && message.contains("`w`"),
        "{message}"
    );
    features[50_000] = point(r#"{"w": 1, "code": "c10"}"#, 126.5, 37.5);
    let message = read(&features, &options).unwrap_err().to_string();
    assert!(message.starts_with("features 10 and 50000 in "), "{message}");
}
