//! Writing: round trips through the readers, atomicity, errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Map, Value, json};
use sightline_io::geo_types::{MultiPolygon, Polygon, coord, line_string};
use sightline_io::{
    Crs, Error, Plane, PointOptions, PolygonOptions, csv_bytes, json_bytes, points_geojson_bytes,
    polygons_geojson_bytes, read_points, read_polygons, write_atomic, write_csv, write_files_atomic,
    write_json, write_points_geojson, write_polygons_geojson,
};

fn properties(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn local_plane_points_round_trip_as_lonlat() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sites.geojson");
    let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    let sites = [
        (
            coord! { x: 0.0, y: 0.0 },
            properties(&[("id", json!("s1")), ("score", json!(2.5))]),
        ),
        (
            coord! { x: 1500.0, y: -800.0 },
            properties(&[("id", json!("s2")), ("score", json!("7"))]),
        ),
    ];
    write_points_geojson(&path, &plane, &sites).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("\"crs\""), "{text}");
    assert!(text.ends_with('\n'));

    let layer = read_points(&path, &PointOptions::new().weight("score").id("id")).unwrap();
    assert_eq!(layer.crs, Crs::LonLat);
    assert_eq!(layer.ids, vec!["s1", "s2"]);
    assert_eq!(layer.weights, vec![2.5, 7.0]);
    for (point, (metres, _)) in layer.points.iter().zip(&sites) {
        let back = plane.from_lonlat(*point).unwrap();
        // Output degrees are rounded to 9 decimals (0.1 mm).
        assert!(
            (back.x - metres.x).abs() < 1e-3 && (back.y - metres.y).abs() < 1e-3,
            "{back:?}"
        );
    }

    // Deterministic bytes.
    let again = dir.path().join("again.geojson");
    write_points_geojson(&again, &plane, &sites).unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), text.as_bytes());
}

#[test]
fn epsg_output_carries_a_crs_member() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sites.geojson");
    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    let point = coord! { x: 185175.877923, y: 562053.588425 };
    write_points_geojson(&path, &plane, &[(point, Map::new())]).unwrap();
    let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        value["crs"],
        json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}})
    );
    let layer = read_points(&path, &PointOptions::new()).unwrap();
    assert_eq!(layer.crs, Crs::Epsg(5186));
    assert_eq!(layer.points, vec![point]);
}

#[test]
fn polygons_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("districts.geojson");
    let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    let square = Polygon::new(
        line_string![(x: 0.0, y: 0.0), (x: 1000.0, y: 0.0), (x: 1000.0, y: 1000.0), (x: 0.0, y: 1000.0), (x: 0.0, y: 0.0)],
        vec![
            line_string![(x: 100.0, y: 100.0), (x: 200.0, y: 100.0), (x: 200.0, y: 200.0), (x: 100.0, y: 100.0)],
        ],
    );
    let districts = [(
        MultiPolygon(vec![square]),
        properties(&[("name", json!("north"))]),
    )];
    write_polygons_geojson(&path, &plane, &districts).unwrap();
    let mut layer = read_polygons(&path, &PolygonOptions::new()).unwrap();
    assert_eq!(layer.names, vec!["north"]);
    plane.project_polygons(&mut layer).unwrap();
    let polygon = &layer.polygons[0].0[0];
    assert_eq!(polygon.interiors().len(), 1);
    for (a, b) in polygon.exterior().0.iter().zip(&districts[0].0.0[0].exterior().0) {
        // Output degrees are rounded to 9 decimals (0.1 mm).
        assert!(
            (a.x - b.x).abs() < 1e-3 && (a.y - b.y).abs() < 1e-3,
            "{a:?} {b:?}"
        );
    }
}

#[test]
fn non_finite_points_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sites.geojson");
    let plane = Plane::new(Crs::Planar, None).unwrap();
    let error = write_points_geojson(&path, &plane, &[(coord! { x: f64::NAN, y: 0.0 }, Map::new())]);
    assert!(matches!(error, Err(Error::Convert { .. })));
    assert!(file_names(dir.path()).is_empty());
}

#[test]
fn atomic_writes_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    write_json(&path, &json!({"a": [1, 2]})).unwrap();
    write_json(&path, &json!({"b": 1})).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\n  \"b\": 1\n}\n");
    write_atomic(&dir.path().join("raw.bin"), b"\x00\x01").unwrap();
    assert_eq!(file_names(dir.path()), vec!["out.json", "raw.bin"]);

    // Writing over a directory fails and cleans up after itself.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/inner"), b"x").unwrap();
    let error = write_atomic(&dir.path().join("sub"), b"data").unwrap_err();
    assert!(error.to_string().contains("sub"), "{error}");
    assert_eq!(file_names(dir.path()), vec!["out.json", "raw.bin", "sub"]);
}

#[test]
fn writing_into_a_missing_directory_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("out.json");
    let error = write_json(&path, &json!(1)).unwrap_err();
    assert!(matches!(error, Error::Write { .. }));
    assert!(error.to_string().contains("missing"), "{error}");
    let plane = Plane::new(Crs::Planar, None).unwrap();
    assert!(write_points_geojson(&path, &plane, &[]).is_err());
    assert!(write_csv::<Vec<String>>(&path, &["a"], &[]).is_err());
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn csv_rows_must_match_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    let rows = vec![vec!["1".to_string(), "x".to_string()], vec!["2".to_string()]];
    let message = write_csv(&path, &["id", "name"], &rows).unwrap_err().to_string();
    assert!(
        message.contains("t.csv") && message.contains("row 1 has 1 fields"),
        "{message}"
    );
    assert!(!path.exists());
    let rows = [["1".to_string(), "a \"b\"".to_string()]];
    write_csv(&path, &["id", "name"], &rows).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "id,name\n1,\"a \"\"b\"\"\"\n"
    );
}

#[test]
fn geographic_output_has_no_crs_member_and_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("demand.geojson");
    std::fs::write(
        &input,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [126.832, 37.658]}}]}"#,
    )
    .unwrap();
    for crs in [Crs::LonLat, Crs::Epsg(4326)] {
        let mut layer = read_points(&input, &PointOptions::new().crs(crs)).unwrap();
        let plane = Plane::for_layers(&[&layer], &[]).unwrap();
        assert_eq!(plane.output_crs(), crs);
        plane.project_points(&mut layer).unwrap();
        let bytes = points_geojson_bytes(&plane, &[(layer.points[0], Map::new())]).unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert!(value.get("crs").is_none(), "{value}");
        assert_eq!(
            value["features"][0]["geometry"]["coordinates"],
            json!([126.832, 37.658])
        );
    }
    // A projected system keeps its member.
    let plane = Plane::new(Crs::Epsg(5179), None).unwrap();
    let bytes = points_geojson_bytes(&plane, &[(coord! { x: 1.0, y: 2.0 }, Map::new())]).unwrap();
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains("urn:ogc:def:crs:EPSG::5179")
    );
}

#[test]
fn rendering_matches_writing() {
    let dir = tempfile::tempdir().unwrap();
    let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    let points = [(coord! { x: 10.0, y: 20.0 }, properties(&[("id", json!("s1"))]))];
    let path = dir.path().join("sites.geojson");
    write_points_geojson(&path, &plane, &points).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        points_geojson_bytes(&plane, &points).unwrap()
    );

    let square = Polygon::new(
        line_string![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 0.0)],
        vec![],
    );
    let polygons = [(MultiPolygon(vec![square]), Map::new())];
    let path = dir.path().join("districts.geojson");
    write_polygons_geojson(&path, &plane, &polygons).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        polygons_geojson_bytes(&plane, &polygons).unwrap()
    );

    let value = json!({"a": 1});
    let path = dir.path().join("summary.json");
    write_json(&path, &value).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), json_bytes(&value).unwrap());

    let rows = vec![vec!["1".to_string(), "x".to_string()]];
    let path = dir.path().join("rows.csv");
    write_csv(&path, &["a", "b"], &rows).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        csv_bytes(&["a", "b"], &rows).unwrap()
    );
    // Rendering errors name no file; writing names it.
    let short = vec![vec!["1".to_string()]];
    assert!(matches!(
        csv_bytes(&["a", "b"], &short),
        Err(Error::Render { .. })
    ));
    let error = write_csv(&path, &["a", "b"], &short).unwrap_err();
    assert!(
        matches!(error, Error::Output { .. }) && error.to_string().contains("rows.csv"),
        "{error}"
    );
}

#[test]
fn several_files_are_written_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.geojson");
    let summary = dir.path().join("summary.json");
    let files = vec![
        (plan.clone(), b"plan".to_vec()),
        (summary.clone(), b"summary".to_vec()),
    ];

    // A directory in the way of the second file.
    std::fs::create_dir(&summary).unwrap();
    let error = write_files_atomic(&files).unwrap_err();
    assert!(matches!(error, Error::Write { .. }), "{error}");
    assert!(error.to_string().contains("summary.json"), "{error}");
    assert!(!plan.exists());
    assert_eq!(file_names(dir.path()), vec!["summary.json"]);
    std::fs::remove_dir(&summary).unwrap();

    // A missing directory for the second file: the first temporary file is
    // removed again.
    let nowhere = vec![
        (plan.clone(), b"plan".to_vec()),
        (dir.path().join("missing/summary.json"), b"summary".to_vec()),
    ];
    let error = write_files_atomic(&nowhere).unwrap_err();
    assert!(error.to_string().contains("missing/summary.json"), "{error}");
    assert!(file_names(dir.path()).is_empty(), "{:?}", file_names(dir.path()));

    // Success: both in place, old contents replaced, no temporary files.
    std::fs::write(&plan, b"old").unwrap();
    write_files_atomic(&files).unwrap();
    assert_eq!(std::fs::read(&plan).unwrap(), b"plan");
    assert_eq!(std::fs::read(&summary).unwrap(), b"summary");
    assert_eq!(file_names(dir.path()), vec!["plan.geojson", "summary.json"]);
    write_files_atomic(&[]).unwrap();
}

#[test]
fn os_reasons_are_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let error = read_points(dir.path(), &PointOptions::new()).unwrap_err();
    let message = error.to_string();
    assert_eq!(message, format!("cannot read {}", dir.path().display()));
    let source = std::error::Error::source(&error).unwrap().to_string();
    assert!(
        !source.is_empty() && !message.contains(&source),
        "{message} / {source}"
    );
    let error = write_atomic(&dir.path().join("missing/x.json"), b"x").unwrap_err();
    assert!(error.to_string().starts_with("cannot write ") && !error.to_string().contains("os error"));
}
