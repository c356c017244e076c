//! FlatGeobuf layers: written then read back (same coordinates and
//! properties), files written by GDAL (through pyogrio) read, and the
//! errors of broken or unexpected files.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use sightline_io::geo_types::{Coord, LineString, MultiPolygon, Polygon, coord};
use sightline_io::{
    Crs, Error, Plane, PointLayer, PointOptions, PolygonOptions, points_fgb_bytes, polygons_fgb_bytes,
    read_points, read_polygons,
};

fn props(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Coordinates in `crs` brought into the plane.
fn to_plane(plane: &Plane, crs: Crs, coords: Vec<Coord<f64>>) -> Vec<Coord<f64>> {
    let mut layer = PointLayer::empty("given", crs);
    layer.features = (0..coords.len()).collect();
    layer.points = coords;
    plane.project_points(&mut layer).unwrap();
    layer.points
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Points around Goyang, with weights, ids, headings and a label.
fn points() -> Vec<(Coord<f64>, Map<String, Value>)> {
    (0..100u32)
        .map(|k| {
            let c = coord! { x: 126.8 + 0.000_37 * f64::from(k), y: 37.6 + 0.000_53 * f64::from(k % 17) };
            let p = props(json!({
                "weight": 0.5 + f64::from(k),
                "site_id": format!("s{k}"),
                "headings": if k.is_multiple_of(2) { json!("0, 90") } else { json!(null) },
                "rank": k,
            }));
            (c, p)
        })
        .collect()
}

#[test]
fn points_round_trip_to_a_billionth_of_a_degree() {
    let dir = tempfile::tempdir().unwrap();
    let plane = Plane::local(coord! { x: 126.82, y: 37.61 }).unwrap();
    let given = points();
    // The writer takes plane metres.
    let coords = to_plane(&plane, Crs::LonLat, given.iter().map(|(c, _)| *c).collect());
    let projected: Vec<(Coord<f64>, Map<String, Value>)> = coords
        .into_iter()
        .zip(given.iter().map(|(_, p)| p.clone()))
        .collect();
    let path = write(
        dir.path(),
        "demand.fgb",
        &points_fgb_bytes(&plane, &projected).unwrap(),
    );
    let options = PointOptions::new()
        .weight("weight")
        .id("site_id")
        .number_list("headings")
        .properties(true);
    let layer = read_points(&path, &options).unwrap();
    assert_eq!(layer.crs, Crs::LonLat);
    assert_eq!(layer.points.len(), given.len());
    // Stored in Hilbert order: matched up by id.
    for (k, id) in layer.ids.iter().enumerate() {
        let n: usize = id[1..].parse().unwrap();
        let (c, p) = &given[n];
        assert!(
            (layer.points[k].x - c.x).abs() < 1e-9,
            "{id}: {:?} {c:?}",
            layer.points[k]
        );
        assert!((layer.points[k].y - c.y).abs() < 1e-9, "{id}");
        assert_eq!(layer.weights[k], p["weight"].as_f64().unwrap());
        let headings = layer.number_lists[0][k].clone();
        assert_eq!(headings, n.is_multiple_of(2).then(|| vec![0.0, 90.0]), "{id}");
        assert_eq!(layer.properties[k]["rank"], json!(n));
        assert_eq!(layer.properties[k].get("headings").is_some(), n.is_multiple_of(2));
    }
    assert_ne!(layer.ids[0], "s0", "the features are in Hilbert order");
    // The same bytes whatever the order of the work.
    assert_eq!(
        points_fgb_bytes(&plane, &projected).unwrap(),
        std::fs::read(&path).unwrap()
    );
}

#[test]
fn polygons_with_holes_round_trip_in_a_projected_crs() {
    let dir = tempfile::tempdir().unwrap();
    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    let ring = |x: f64, y: f64, size: f64| {
        LineString::from(vec![
            (x, y),
            (x + size, y),
            (x + size, y + size),
            (x, y + size),
            (x, y),
        ])
    };
    let origin = to_plane(
        &plane,
        Crs::Epsg(5186),
        vec![coord! { x: 185_000.0, y: 562_000.0 }],
    )[0];
    let (x, y) = (origin.x, origin.y);
    let holed = Polygon::new(ring(x, y, 100.0), vec![ring(x + 10.0, y + 10.0, 20.0)]);
    let second = Polygon::new(ring(x + 200.0, y, 50.0), vec![]);
    let districts = vec![
        (
            MultiPolygon(vec![holed.clone(), second]),
            props(json!({"name": "행신1동", "pop": 1200})),
        ),
        (
            MultiPolygon(vec![holed]),
            props(json!({"name": "화정2동", "pop": 800.5})),
        ),
    ];
    let path = write(
        dir.path(),
        "dong.fgb",
        &polygons_fgb_bytes(&plane, &districts).unwrap(),
    );
    let layer = read_polygons(&path, &PolygonOptions::new().value("pop")).unwrap();
    assert_eq!(layer.crs, Crs::Epsg(5186), "the header's EPSG code");
    let first = layer.names.iter().position(|n| n == "행신1동").unwrap();
    let multi = &layer.polygons[first];
    assert_eq!(multi.0.len(), 2);
    assert_eq!(multi.0[0].interiors().len(), 1);
    assert_eq!(multi.0[0].exterior().0[1], coord! { x: 185_100.0, y: 562_000.0 });
    assert_eq!(layer.values[first], 1200.0);
    assert!(layer.names.contains(&"화정2동".to_owned()));
}

#[test]
fn a_planar_layer_has_no_crs_in_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let plane = Plane::new(Crs::Planar, None).unwrap();
    let given = vec![
        (coord! { x: 10.0, y: 20.0 }, props(json!({"w": 2}))),
        (coord! { x: 5000.0, y: 3000.0 }, props(json!({"w": "3.5"}))),
    ];
    let path = write(
        dir.path(),
        "planar.fgb",
        &points_fgb_bytes(&plane, &given).unwrap(),
    );
    // No CRS in the file: the option's.
    let layer = read_points(&path, &PointOptions::new().weight("w").crs(Crs::Planar)).unwrap();
    assert_eq!(layer.crs, Crs::Planar);
    let mut weights = layer.weights.clone();
    weights.sort_by(f64::total_cmp);
    // A string column read as GeoJSON reads a string number.
    assert_eq!(weights, vec![2.0, 3.5]);
    // Without the option, longitude/latitude: 5000 is out of range.
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(
        error.to_string().contains("latitude 3000.0 is outside [-90, 90]"),
        "{error}"
    );
}

#[test]
fn files_written_by_gdal_are_read() {
    let layer = read_points(
        &data("points.fgb"),
        &PointOptions::new().weight("weight").id("name"),
    )
    .unwrap();
    assert_eq!(layer.crs, Crs::LonLat);
    // GDAL stores them in Hilbert order too.
    assert_eq!(layer.ids, vec!["c", "b", "a"]);
    assert_eq!(layer.weights, vec![7.0, 2.0, 1.5]);
    assert_eq!(layer.points[1], coord! { x: 126.81, y: 37.62 });
    let layer = read_polygons(
        &data("polygons.fgb"),
        &PolygonOptions::new().name("dong").value("pop"),
    )
    .unwrap();
    assert_eq!(layer.names, vec!["north", "south"]);
    assert_eq!(layer.values, vec![1000.0, 2500.0]);
    assert_eq!(layer.polygons[1].0[0].interiors().len(), 1);
    assert_eq!(
        layer.polygons[0].0[0].exterior().0[0],
        coord! { x: 126.8, y: 37.65 }
    );
}

#[test]
fn broken_and_unexpected_files_are_refused_by_feature_and_property() {
    let dir = tempfile::tempdir().unwrap();
    let plane = Plane::local(coord! { x: 126.85, y: 37.65 }).unwrap();
    let lonlat = |x: f64, y: f64| to_plane(&plane, Crs::LonLat, vec![coord! { x: x, y: y }])[0];
    let given = vec![
        (lonlat(126.8, 37.6), props(json!({"w": 1, "label": "x"}))),
        (lonlat(126.9, 37.7), props(json!({"w": "abc", "label": "y"}))),
    ];
    let bytes = points_fgb_bytes(&plane, &given).unwrap();
    let path = write(dir.path(), "calls.fgb", &bytes);
    let message = |result: Result<sightline_io::PointLayer, Error>| result.unwrap_err().to_string();

    let weight = message(read_points(&path, &PointOptions::new().weight("w")));
    assert!(
        weight.contains("calls.fgb") && weight.contains("property `w` is \"abc\""),
        "{weight}"
    );
    assert!(weight.starts_with("feature "), "{weight}");
    let missing = message(read_points(&path, &PointOptions::new().weight("count")));
    assert!(
        missing.contains("`count`") && missing.contains("`label`, `w`"),
        "{missing}"
    );

    for cut in [5, 20, bytes.len() - 3] {
        let truncated = write(dir.path(), "truncated.fgb", &bytes[..cut]);
        let error = message(read_points(&truncated, &PointOptions::new()));
        assert!(
            error.contains("truncated.fgb") && error.contains("not a readable FlatGeobuf file"),
            "{cut}: {error}"
        );
    }
    let not_fgb = write(dir.path(), "text.fgb", b"lon,lat\n126.8,37.6\n");
    assert!(message(read_points(&not_fgb, &PointOptions::new())).contains("magic bytes"));

    // Polygons read as points, and points as polygons.
    let square = MultiPolygon(vec![Polygon::new(
        LineString::from(vec![
            lonlat(126.8, 37.6),
            lonlat(126.9, 37.6),
            lonlat(126.9, 37.7),
            lonlat(126.8, 37.6),
        ]),
        vec![],
    )]);
    let dong = write(
        dir.path(),
        "dong.fgb",
        &polygons_fgb_bytes(&plane, &[(square, Map::new())]).unwrap(),
    );
    let error = message(read_points(&dong, &PointOptions::new()));
    assert!(
        error.contains("feature 0 in") && error.contains("MultiPolygon"),
        "{error}"
    );
    let error = read_polygons(&path, &PolygonOptions::new())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("Point") && error.contains("Polygon or MultiPolygon"),
        "{error}"
    );
}
