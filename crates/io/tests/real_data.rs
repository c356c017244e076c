//! The Goyang layers from ../shared/data, when present.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_io::{Plane, PointOptions, PolygonOptions, read_points, read_polygons};

#[test]
fn goyang_security_lights() {
    let Some(data) = sightline_benchmarks::shared_data("io real data") else {
        return;
    };
    let path = data.join("goyang/goyang_security_lights.geojson");
    let mut layer = read_points(&path, &PointOptions::new()).unwrap();
    assert_eq!(layer.points.len(), 5734);
    assert_eq!(layer.weights, vec![1.0; 5734]);
    assert_eq!(layer.ids[5733], "5733");
    for point in &layer.points {
        assert!((126.6..127.0).contains(&point.x), "{point:?}");
        assert!((37.5..37.8).contains(&point.y), "{point:?}");
    }
    // `설치개수` (number installed) is a numeric string.
    let weighted = read_points(&path, &PointOptions::new().weight("설치개수")).unwrap();
    assert!(weighted.weights.iter().all(|w| *w >= 1.0));

    let plane = Plane::for_layers(&[&layer], &[]).unwrap();
    plane.project_points(&mut layer).unwrap();
    for point in &layer.points {
        assert!(point.x.abs() < 30_000.0 && point.y.abs() < 30_000.0, "{point:?}");
    }
}

#[test]
fn goyang_districts() {
    let Some(data) = sightline_benchmarks::shared_data("io real data") else {
        return;
    };
    let path = data.join("goyang/goyang_dong_2018.geojson");
    let mut layer = read_polygons(&path, &PolygonOptions::new().name("name")).unwrap();
    assert_eq!(layer.polygons.len(), 39);
    assert_eq!(layer.names.len(), 39);
    assert!(layer.names.iter().all(|name| !name.is_empty()));
    let defaults = read_polygons(&path, &PolygonOptions::new()).unwrap();
    assert_eq!(defaults.names, layer.names);

    let plane = Plane::for_layers(&[], &[&layer]).unwrap();
    plane.project_polygons(&mut layer).unwrap();
    assert!(layer.polygons.iter().all(|multi| !multi.0.is_empty()));
}

#[test]
fn seoul_districts_three_are_not_valid() {
    let Some(data) = sightline_benchmarks::shared_data("io real data") else {
        return;
    };
    let path = data.join("seoul/seoul_dong_2018.geojson");
    let mut layer = read_polygons(&path, &PolygonOptions::new().name("name")).unwrap();
    assert_eq!(layer.polygons.len(), 424);
    assert_eq!(layer.invalid.len(), 3, "{:#?}", layer.invalid);
    for invalid in &layer.invalid {
        assert_eq!(layer.names[invalid.feature], invalid.name);
        assert!(!invalid.reason.is_empty());
        eprintln!(
            "feature {} `{}`: {}",
            invalid.feature, invalid.name, invalid.reason
        );
    }
    // They are kept, and projected like the others.
    let plane = Plane::for_layers(&[], &[&layer]).unwrap();
    plane.project_polygons(&mut layer).unwrap();
    assert_eq!(layer.polygons.len(), 424);
}
