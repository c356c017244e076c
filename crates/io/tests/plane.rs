//! Projection reference values and the local transverse Mercator plane.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::layer;

use std::path::PathBuf;

use sightline_io::geo_types::{Coord, LineString, MultiPolygon, Polygon, coord};
use sightline_io::{Crs, Error, Plane, PolygonLayer, lonlat_center};

/// Goyang reference point and its coordinates from PROJ 9.6.2
/// (../shared/design/DEPENDENCIES.md).
const GOYANG: Coord<f64> = coord! { x: 126.832, y: 37.658 };
const GOYANG_5186: Coord<f64> = coord! { x: 185175.877923, y: 562053.588425 };
const GOYANG_5179: Coord<f64> = coord! { x: 941079.724147, y: 1962265.341615 };
const GOYANG_32652: Coord<f64> = coord! { x: 308763.144150, y: 4170081.568831 };

fn assert_close(actual: Coord<f64>, expected: Coord<f64>, tolerance: f64) {
    let error = (actual.x - expected.x).hypot(actual.y - expected.y);
    assert!(error < tolerance, "{actual:?} vs {expected:?}: off by {error}");
}

#[test]
fn lonlat_into_epsg_planes_matches_proj() {
    for (code, expected) in [(5186, GOYANG_5186), (5179, GOYANG_5179), (32652, GOYANG_32652)] {
        let plane = Plane::new(Crs::Epsg(code), None).unwrap();
        assert_eq!(plane.plane_crs(), Crs::Epsg(code));
        assert_eq!(plane.output_crs(), Crs::Epsg(code));
        let mut points = layer("demand.geojson", Crs::LonLat, vec![GOYANG]);
        plane.project_points(&mut points).unwrap();
        assert_eq!(points.crs, Crs::Epsg(code));
        assert_close(points.points[0], expected, 1e-3);
        // An EPSG plane outputs its own coordinates.
        assert_eq!(plane.to_output(points.points[0]).unwrap(), points.points[0]);
        assert_close(plane.to_lonlat(points.points[0]).unwrap(), GOYANG, 1e-9);
        assert_close(plane.from_lonlat(GOYANG).unwrap(), expected, 1e-3);
    }
}

#[test]
fn epsg_into_other_epsg_plane() {
    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    for (code, source) in [(5179, GOYANG_5179), (32652, GOYANG_32652)] {
        let mut points = layer("cctv.geojson", Crs::Epsg(code), vec![source]);
        plane.project_points(&mut points).unwrap();
        assert_close(points.points[0], GOYANG_5186, 1e-3);
    }
    // Already in the plane: unchanged.
    let mut points = layer("cctv.geojson", Crs::Epsg(5186), vec![GOYANG_5186]);
    plane.project_points(&mut points).unwrap();
    assert_eq!(points.points[0], GOYANG_5186);
}

#[test]
fn polygons_are_projected_ring_by_ring() {
    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    let exterior = LineString::from(vec![
        (126.832, 37.658),
        (126.842, 37.658),
        (126.842, 37.668),
        (126.832, 37.658),
    ]);
    let hole = LineString::from(vec![
        (126.834, 37.659),
        (126.835, 37.659),
        (126.835, 37.660),
        (126.834, 37.659),
    ]);
    let mut districts = PolygonLayer {
        path: PathBuf::from("dong.geojson"),
        crs: Crs::LonLat,
        polygons: vec![MultiPolygon(vec![Polygon::new(exterior, vec![hole])])],
        names: vec!["a".into()],
        features: vec![0],
        invalid: vec![],
        skipped: vec![],
        codes: vec![],
        values: vec![],
    };
    plane.project_polygons(&mut districts).unwrap();
    assert_eq!(districts.crs, Crs::Epsg(5186));
    let polygon = &districts.polygons[0].0[0];
    assert_close(polygon.exterior().0[0], GOYANG_5186, 1e-3);
    assert_eq!(polygon.interiors().len(), 1);
    assert!(polygon.interiors()[0].0[0].x > GOYANG_5186.x);
}

/// Meridian arc length from the equator to `lat` degrees on WGS 84
/// (Helmert's series, accurate to well below a millimetre).
fn meridian_arc(lat: f64) -> f64 {
    let a = 6378137.0;
    let f = 1.0 / 298.257223563;
    let n = f / (2.0 - f);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    let phi = lat.to_radians();
    a / (1.0 + n)
        * ((1.0 + n2 / 4.0 + n4 / 64.0) * phi - 1.5 * (n - n3 / 8.0) * (2.0 * phi).sin()
            + 15.0 / 16.0 * (n2 - n4 / 4.0) * (4.0 * phi).sin()
            - 35.0 / 48.0 * n3 * (6.0 * phi).sin()
            + 315.0 / 512.0 * n4 * (8.0 * phi).sin())
}

#[test]
fn local_plane_round_trips_and_keeps_scale() {
    let center = coord! { x: 126.978, y: 37.566 }; // Seoul City Hall
    let plane = Plane::local(center).unwrap();
    assert_eq!(plane.output_crs(), Crs::LonLat);
    assert_eq!(plane.plane_crs(), Crs::Planar);
    assert_eq!(plane.center(), Some(center));
    assert_close(
        plane.from_lonlat(center).unwrap(),
        coord! { x: 0.0, y: 0.0 },
        1e-6,
    );

    for (dx, dy) in [(0.0, 0.0), (0.05, 0.03), (-0.1, 0.08), (0.12, -0.07)] {
        let lonlat = coord! { x: center.x + dx, y: center.y + dy };
        let metres = plane.from_lonlat(lonlat).unwrap();
        let back = plane.to_output(metres).unwrap();
        assert!(
            (back.x - lonlat.x).abs() < 1e-9 && (back.y - lonlat.y).abs() < 1e-9,
            "{back:?}"
        );
        // Output degrees are rounded to 9 decimals; to_lonlat is not.
        assert_close(plane.to_lonlat(metres).unwrap(), back, 1e-9);
        assert_close(back, lonlat, 1e-9);
    }

    // Along the central meridian the plane's northing is the meridian arc
    // (scale 1): 0.001 degrees of latitude is about 110.99 m here.
    for dlat in [0.001, 0.01, -0.02] {
        let north = plane
            .from_lonlat(coord! { x: center.x, y: center.y + dlat })
            .unwrap();
        let expected = meridian_arc(center.y + dlat) - meridian_arc(center.y);
        assert!((north.y - expected).abs() < 1e-3, "{} vs {expected}", north.y);
        assert!(north.x.abs() < 1e-6);
    }
    let step = plane
        .from_lonlat(coord! { x: center.x, y: center.y + 0.001 })
        .unwrap()
        .y;
    assert!((step - 110.99).abs() < 0.01, "{step}");

    // East-west, a parallel arc at the centre: N cos(phi) dlambda, and the
    // transverse Mercator scale error within 2 km is below 1e-7.
    let a = 6378137.0_f64;
    let e2 = (1.0 / 298.257223563) * (2.0 - 1.0 / 298.257223563);
    let phi = center.y.to_radians();
    let prime_vertical = a / (1.0 - e2 * phi.sin().powi(2)).sqrt();
    let dlon = 0.01_f64;
    let expected = prime_vertical * phi.cos() * dlon.to_radians();
    let east = plane
        .from_lonlat(coord! { x: center.x + dlon, y: center.y })
        .unwrap();
    assert!(
        ((east.x - expected) / expected).abs() < 1e-7,
        "{} vs {expected}",
        east.x
    );
}

#[test]
fn for_layers_centres_a_local_plane_on_the_data() {
    let demand = layer(
        "demand.geojson",
        Crs::LonLat,
        vec![coord! { x: 126.8, y: 37.6 }, coord! { x: 127.0, y: 37.7 }],
    );
    let sites = layer("sites.geojson", Crs::Epsg(5186), vec![GOYANG_5186]);
    let plane = Plane::for_layers(&[&demand, &sites], &[]).unwrap();
    assert_eq!(plane.output_crs(), Crs::LonLat);
    let center = plane.center().unwrap();
    assert_close(center, coord! { x: 126.9, y: 37.65 }, 1e-12);

    let mut sites = sites;
    plane.project_points(&mut sites).unwrap();
    assert_eq!(sites.crs, Crs::Planar);
    let expected = plane.from_lonlat(GOYANG).unwrap();
    assert_close(sites.points[0], expected, 1e-3);
    // Projecting twice is refused rather than silently wrong.
    let error = plane.project_points(&mut sites).unwrap_err();
    assert!(matches!(error, Error::MixedCrs { .. }), "{error}");

    // Only the first point layer counts; a geographic EPSG layer is
    // converted to WGS 84 (KGD2002 and WGS 84 agree to well below 1e-6°).
    let kgd = layer("kgd.geojson", Crs::Epsg(4737), vec![coord! { x: 126.0, y: 37.0 }]);
    let center = lonlat_center(&[&kgd, &demand], &[]).unwrap().unwrap();
    assert_close(center, coord! { x: 126.0, y: 37.0 }, 1e-6);
    assert_eq!(lonlat_center(&[], &[]).unwrap(), None);
}

#[test]
fn planar_layers_do_not_mix() {
    let planar = layer(
        "synthetic.geojson",
        Crs::Planar,
        vec![coord! { x: 10.0, y: 20.0 }],
    );
    let lonlat = layer("real.geojson", Crs::LonLat, vec![GOYANG]);

    let message = Plane::for_layers(&[&planar, &lonlat], &[])
        .unwrap_err()
        .to_string();
    assert!(message.contains("synthetic.geojson is planar"), "{message}");
    assert!(message.contains("real.geojson is lonlat"), "{message}");
    let message = Plane::for_layers(&[&lonlat, &planar], &[])
        .unwrap_err()
        .to_string();
    assert!(message.contains("synthetic.geojson is planar"), "{message}");
    assert!(message.contains("real.geojson is lonlat"), "{message}");

    let plane = Plane::for_layers(&[&planar], &[]).unwrap();
    assert_eq!(plane.output_crs(), Crs::Planar);
    let mut same = planar.clone();
    plane.project_points(&mut same).unwrap();
    assert_eq!(same.points, planar.points);
    assert_eq!(
        plane.to_output(coord! { x: 1.0, y: 2.0 }).unwrap(),
        coord! { x: 1.0, y: 2.0 }
    );
    let mut other = lonlat.clone();
    let message = plane.project_points(&mut other).unwrap_err().to_string();
    assert!(
        message.contains("synthetic.geojson") && message.contains("real.geojson"),
        "{message}"
    );
    assert!(plane.from_lonlat(GOYANG).is_err());

    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    let mut same = planar.clone();
    let message = plane.project_points(&mut same).unwrap_err().to_string();
    assert!(message.contains("synthetic.geojson is planar"), "{message}");
}

#[test]
fn bad_planes_and_codes() {
    assert!(matches!(
        Plane::new(Crs::LonLat, None),
        Err(Error::BadCenter { .. })
    ));
    assert!(matches!(
        Plane::new(Crs::Epsg(4326), None),
        Err(Error::BadCenter { .. })
    ));
    assert!(Plane::local(coord! { x: f64::NAN, y: 37.0 }).is_err());
    assert!(Plane::local(coord! { x: 200.0, y: 37.0 }).is_err());
    let message = Plane::new(Crs::Epsg(99999), None).unwrap_err().to_string();
    assert!(message.contains("EPSG:99999"), "{message}");
    // EPSG:2263 (New York Long Island, US feet) is not a metric plane.
    let message = Plane::new(Crs::Epsg(2263), None).unwrap_err().to_string();
    assert!(message.contains("not metres"), "{message}");
    assert!(matches!(Plane::for_layers(&[], &[]), Err(Error::NoLayers)));

    let unknown = layer("odd.geojson", Crs::Epsg(99999), vec![coord! { x: 1.0, y: 2.0 }]);
    let demand = layer("demand.geojson", Crs::Epsg(5186), vec![GOYANG_5186]);
    let message = Plane::for_layers(&[&demand, &unknown], &[])
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("odd.geojson") && message.contains("EPSG:99999"),
        "{message}"
    );
    let plane = Plane::for_layers(&[&demand], &[]).unwrap();
    let mut unknown = unknown;
    let message = plane.project_points(&mut unknown).unwrap_err().to_string();
    assert!(
        message.contains("odd.geojson") && message.contains("EPSG:99999"),
        "{message}"
    );

    // Transformation failures name the file and feature, and change nothing.
    let mut broken = layer(
        "broken.geojson",
        Crs::LonLat,
        vec![GOYANG, coord! { x: f64::NAN, y: 1.0 }],
    );
    let message = plane.project_points(&mut broken).unwrap_err().to_string();
    assert!(message.starts_with("feature 1 in broken.geojson"), "{message}");
    assert_eq!(broken.crs, Crs::LonLat);
    assert_eq!(broken.points[0], GOYANG);
}

#[test]
fn geographic_epsg_primary_outputs_its_own_degrees() {
    let demand = layer("kgd.geojson", Crs::Epsg(4737), vec![GOYANG]);
    let plane = Plane::for_layers(&[&demand], &[]).unwrap();
    assert_eq!(plane.output_crs(), Crs::Epsg(4737));
    let mut projected = demand.clone();
    plane.project_points(&mut projected).unwrap();
    assert_close(plane.to_output(projected.points[0]).unwrap(), GOYANG, 1e-9);
}

#[test]
fn a_stray_point_does_not_move_the_centre_and_is_refused() {
    let mut points: Vec<Coord<f64>> = (0..9)
        .map(|i| coord! { x: 126.83 + 0.001 * f64::from(i), y: 37.65 + 0.001 * f64::from(i) })
        .collect();
    points.push(coord! { x: 0.0, y: 0.0 }); // a failed geocode
    let demand = layer("lights.geojson", Crs::LonLat, points);
    let plane = Plane::for_layers(&[&demand], &[]).unwrap();
    // The median of ten values (the stray one the lowest): the mean of the
    // 5th and 6th.
    assert_close(plane.center().unwrap(), coord! { x: 126.8335, y: 37.6535 }, 1e-9);
    assert_eq!(plane.reference(), Some(coord! { x: 0.0, y: 0.0 }));
    let mut projected = demand.clone();
    let error = plane.project_points(&mut projected).unwrap_err();
    assert!(matches!(error, Error::TooFar { index: 9, .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.starts_with("feature 9 in lights.geojson lies 13,1")
            && message.ends_with(
                " km from the centre of the study area (more than 250 km): a failed geocode, or a layer in another coordinate system?"
            ),
        "{message}"
    );
    // Nothing changed.
    assert_eq!(projected.crs, Crs::LonLat);
    assert_eq!(projected.points, demand.points);

    // Polygon vertices are checked too, naming the feature.
    let far = Polygon::new(
        LineString::from(vec![
            (126.83, 37.65),
            (126.84, 37.65),
            (130.0, 37.66),
            (126.83, 37.65),
        ]),
        vec![],
    );
    let near = Polygon::new(
        LineString::from(vec![
            (126.83, 37.65),
            (126.84, 37.65),
            (126.84, 37.66),
            (126.83, 37.65),
        ]),
        vec![],
    );
    let mut districts = PolygonLayer {
        path: PathBuf::from("dong.geojson"),
        crs: Crs::LonLat,
        polygons: vec![MultiPolygon(vec![near]), MultiPolygon(vec![far])],
        names: vec!["a".into(), "b".into()],
        features: vec![0, 3],
        invalid: vec![],
        skipped: vec![],
        codes: vec![],
        values: vec![],
    };
    let message = plane.project_polygons(&mut districts).unwrap_err().to_string();
    assert!(
        message.starts_with("feature 3 in dong.geojson lies 27"),
        "{message}"
    );
}

#[test]
fn the_centre_comes_from_the_first_point_layer_or_the_polygons() {
    let demand = layer(
        "demand.geojson",
        Crs::LonLat,
        vec![GOYANG, GOYANG, coord! { x: 127.5, y: 38.0 }],
    );
    let sites = layer("sites.geojson", Crs::LonLat, vec![coord! { x: 127.0, y: 37.0 }]);
    assert_eq!(lonlat_center(&[&demand, &sites], &[]).unwrap(), Some(GOYANG));
    let ring = LineString::from(vec![(126.0, 37.0), (127.0, 37.0), (127.0, 38.0), (126.0, 37.0)]);
    let districts = PolygonLayer {
        path: PathBuf::from("dong.geojson"),
        crs: Crs::LonLat,
        polygons: vec![MultiPolygon(vec![Polygon::new(ring, vec![])])],
        names: vec!["a".into()],
        features: vec![0],
        invalid: vec![],
        skipped: vec![],
        codes: vec![],
        values: vec![],
    };
    // Vertices 126, 127, 127, 126 and 37, 37, 38, 37.
    assert_eq!(
        lonlat_center(&[], &[&districts]).unwrap(),
        Some(coord! { x: 126.5, y: 37.0 })
    );
    assert_eq!(lonlat_center(&[&demand], &[&districts]).unwrap(), Some(GOYANG));
    // A planar layer has no longitude/latitude centre.
    let planar = layer("p.geojson", Crs::Planar, vec![coord! { x: 1.0, y: 2.0 }]);
    assert_eq!(lonlat_center(&[&planar], &[]).unwrap(), None);
}

#[test]
fn lonlat_read_as_epsg_next_to_a_real_epsg_layer_is_refused() {
    let demand = layer(
        "demand.geojson",
        Crs::Epsg(5186),
        vec![GOYANG_5186, coord! { x: GOYANG_5186.x + 500.0, y: GOYANG_5186.y }],
    );
    let plane = Plane::for_layers(&[&demand], &[]).unwrap();
    assert_close(
        plane.reference().unwrap(),
        coord! { x: GOYANG_5186.x + 250.0, y: GOYANG_5186.y },
        1e-9,
    );
    let mut same = demand.clone();
    plane.project_points(&mut same).unwrap();
    assert_eq!(same.points, demand.points);
    // Longitude/latitude read as EPSG:5186 metres: ~590 km away.
    let mut sites = layer("sites.geojson", Crs::Epsg(5186), vec![GOYANG]);
    let message = plane.project_points(&mut sites).unwrap_err().to_string();
    assert!(
        message.starts_with("feature 0 in sites.geojson lies 59"),
        "{message}"
    );
    // Real longitude/latitude is checked by great-circle distance.
    let mut lonlat = layer(
        "cctv.geojson",
        Crs::LonLat,
        vec![GOYANG, coord! { x: 0.0, y: 0.0 }],
    );
    let message = plane.project_points(&mut lonlat).unwrap_err().to_string();
    assert!(
        message.starts_with("feature 1 in cctv.geojson lies 13,1"),
        "{message}"
    );
    lonlat.points.pop();
    plane.project_points(&mut lonlat).unwrap();
    assert_close(lonlat.points[0], GOYANG_5186, 1e-3);

    // Planar planes use the median of the first layer too.
    let planar = layer(
        "bench.geojson",
        Crs::Planar,
        vec![
            coord! { x: 0.0, y: 0.0 },
            coord! { x: 30.0, y: 30.0 },
            coord! { x: 10.0, y: 20.0 },
        ],
    );
    let plane = Plane::for_layers(&[&planar], &[]).unwrap();
    assert_eq!(plane.reference(), Some(coord! { x: 10.0, y: 20.0 }));
    let mut far = layer("far.geojson", Crs::Planar, vec![coord! { x: 300_000.0, y: 20.0 }]);
    let message = plane.project_points(&mut far).unwrap_err().to_string();
    assert!(
        message.starts_with("feature 0 in far.geojson lies 300 km"),
        "{message}"
    );
    // Planes made by Plane::new have no reference and check nothing.
    let plane = Plane::new(Crs::Planar, None).unwrap();
    plane.project_points(&mut far).unwrap();
}

#[test]
fn output_degrees_are_rounded_to_nine_decimals() {
    let demand = layer(
        "demand.geojson",
        Crs::LonLat,
        vec![GOYANG, coord! { x: 126.9, y: 37.7 }],
    );
    let plane = Plane::for_layers(&[&demand], &[]).unwrap();
    let mut projected = demand.clone();
    plane.project_points(&mut projected).unwrap();
    assert_eq!(plane.to_output(projected.points[0]).unwrap(), GOYANG);
    assert_eq!(
        plane.to_output(projected.points[1]).unwrap(),
        coord! { x: 126.9, y: 37.7 }
    );
    // EPSG output is not rounded.
    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    let point = coord! { x: 185_175.877_923_456, y: 562_053.588_425_123 };
    assert_eq!(plane.to_output(point).unwrap(), point);
}
