//! Datum shifts: the default build refuses them clearly, and the `proj`
//! feature's PROJ backend agrees with proj4rs where both are exact.
//!
//! Measured on the 5,734 Goyang security lights (PROJ 9.6, bundled):
//! proj4rs and PROJ agree to 1.5 nm for EPSG:5186 and EPSG:5179. For
//! EPSG:5174 (Korean 1985, Bessel) the PROJ answer lies 359-361 m from the
//! no-shift answer (Bessel tmerc, datum ignored), 4 cm from the widely used
//! `+towgs84=-115.80,474.99,674.11,1.16,-2.31,-1.63,6.43` (crs-definitions
//! has no `+towgs84` for EPSG:5174 at all) and 2e-8 m from the Helmert
//! equivalent to EPSG's Molodensky-Badekas parameters. PROJ's own way back
//! from WGS 84 is 5.5 mm off its way there; the plane's is exact. The
//! figures are printed by the tests (`--nocapture`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::layer;

use std::path::Path;

use sightline_io::geo_types::{Coord, coord};
use sightline_io::{Crs, Plane, PointOptions, read_points};

/// A Goyang point (WGS 84 degrees).
const GOYANG: Coord<f64> = coord! { x: 126.832, y: 37.658 };

/// A point layer in EPSG:5174 with a legacy `crs` member.
fn write_5174(path: &Path, points: &[Coord<f64>]) {
    let features: Vec<String> = points
        .iter()
        .map(|p| {
            format!(
                r#"{{"type": "Feature", "properties": {{}}, "geometry": {{"type": "Point", "coordinates": [{:?}, {:?}]}}}}"#,
                p.x, p.y
            )
        })
        .collect();
    let text = format!(
        r#"{{"type": "FeatureCollection", "crs": {{"type": "name", "properties": {{"name": "urn:ogc:def:crs:EPSG::5174"}}}}, "features": [{}]}}"#,
        features.join(",\n")
    );
    std::fs::write(path, text).unwrap();
}

#[cfg(not(feature = "proj"))]
mod default_build {
    use super::*;
    use sightline_io::Error;

    const MESSAGE: &str = "EPSG:5174 needs a datum shift (Bessel 1841, Korean 1985) which the default \
                           build cannot do exactly; rebuild with `--features proj`";

    #[test]
    fn epsg_5174_is_refused_clearly() {
        let error = Plane::new(Crs::Epsg(5174), None).unwrap_err();
        assert!(matches!(
            error,
            Error::DatumShift {
                crs: Crs::Epsg(5174),
                ..
            }
        ));
        assert_eq!(error.to_string(), format!("primary CRS: {MESSAGE}"));

        // An input layer names its file, whether primary or not.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lights_5174.geojson");
        write_5174(&path, &[coord! { x: 185_106.0, y: 461_749.0 }]);
        let lights = read_points(&path, &PointOptions::new()).unwrap();
        assert_eq!(lights.crs, Crs::Epsg(5174));
        let demand = layer("demand.geojson", Crs::LonLat, vec![GOYANG]);
        for layers in [vec![&lights, &demand], vec![&demand, &lights]] {
            let message = Plane::for_layers(&layers, &[]).unwrap_err().to_string();
            assert_eq!(message, format!("{}: {MESSAGE}", path.display()));
        }
        // A plane built otherwise refuses to bring the layer in.
        let plane = Plane::local(GOYANG).unwrap();
        let mut lights = lights;
        let message = plane.project_points(&mut lights).unwrap_err().to_string();
        assert_eq!(message, format!("{}: {MESSAGE}", path.display()));

        // Outputs too.
        let message = plane.with_output_crs(Crs::Epsg(5174)).unwrap_err().to_string();
        assert_eq!(message, format!("output CRS: {MESSAGE}"));
        for code in [5173, 5175, 5176, 2097, 4162] {
            let message = Plane::new(Crs::Epsg(code), Some(GOYANG)).unwrap_err().to_string();
            assert!(message.contains(&format!(
                "EPSG:{code} needs a datum shift (Bessel 1841, Korean 1985)"
            )));
        }
    }
}

#[test]
fn unknown_and_planar_outputs_are_refused() {
    let plane = Plane::local(GOYANG).unwrap();
    let message = plane
        .clone()
        .with_output_crs(Crs::Epsg(99999))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "output CRS: EPSG:99999 is not a known coordinate reference system"
    );
    assert!(plane.with_output_crs(Crs::Planar).is_err());
    let planar = Plane::new(Crs::Planar, None).unwrap();
    assert!(planar.clone().with_output_crs(Crs::Epsg(5186)).is_err());
    assert_eq!(
        planar.with_output_crs(Crs::Planar).unwrap().output_crs(),
        Crs::Planar
    );
}

#[test]
fn outputs_in_another_system_name_it() {
    let plane = Plane::local(GOYANG)
        .unwrap()
        .with_output_crs(Crs::Epsg(5179))
        .unwrap();
    let bytes =
        sightline_io::points_geojson_bytes(&plane, &[(coord! { x: 0.0, y: 0.0 }, Default::default())])
            .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("urn:ogc:def:crs:EPSG::5179"), "{text}");
    assert!(text.contains("941079.72414"), "{text}");
    // Back to the primary's longitude/latitude: no member.
    let plane = plane.with_output_crs(Crs::LonLat).unwrap();
    let bytes =
        sightline_io::points_geojson_bytes(&plane, &[(coord! { x: 0.0, y: 0.0 }, Default::default())])
            .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains("\"crs\""), "{text}");
    assert!(text.contains("[126.832,37.658]"), "{text}");
}

#[test]
fn planes_are_clone_send_and_sync() {
    fn check<T: Clone + Send + Sync>() {}
    check::<Plane>();
}

#[cfg(feature = "proj")]
mod with_proj {
    use super::*;

    fn goyang_lights() -> Option<Vec<Coord<f64>>> {
        let data = sightline_benchmarks::shared_data("io PROJ agreement")?;
        let path = data.join("goyang/goyang_security_lights.geojson");
        let layer = read_points(&path, &PointOptions::new()).unwrap();
        assert_eq!(layer.crs, Crs::LonLat);
        assert_eq!(layer.points.len(), 5734);
        Some(layer.points)
    }

    fn distance(a: Coord<f64>, b: Coord<f64>) -> f64 {
        (a.x - b.x).hypot(a.y - b.y)
    }

    /// Metres between two nearby longitude/latitude points (at Goyang's
    /// latitude; plenty for millimetre tolerances).
    fn ground_distance(a: Coord<f64>, b: Coord<f64>) -> f64 {
        let dx = (a.x - b.x) * 111_320.0 * b.y.to_radians().cos();
        let dy = (a.y - b.y) * 110_950.0;
        dx.hypot(dy)
    }

    fn pj(from: &str, to: &str) -> proj::Proj {
        proj::Proj::new_known_crs(from, to, None).unwrap()
    }

    fn pj_convert(transformation: &proj::Proj, c: Coord<f64>) -> Coord<f64> {
        let (x, y) = transformation.convert((c.x, c.y)).unwrap();
        coord! { x: x, y: y }
    }

    /// proj4rs from WGS 84 degrees to a proj4 definition.
    fn proj4rs_from_lonlat(definition: &str, c: Coord<f64>) -> Coord<f64> {
        let source = proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs").unwrap();
        let target = proj4rs::Proj::from_proj_string(definition).unwrap();
        let mut point = (c.x.to_radians(), c.y.to_radians(), 0.0);
        proj4rs::transform::transform(&source, &target, &mut point).unwrap();
        coord! { x: point.0, y: point.1 }
    }

    /// proj4rs from a proj4 definition to WGS 84 degrees.
    fn proj4rs_to_lonlat(definition: &str, c: Coord<f64>) -> Coord<f64> {
        let source = proj4rs::Proj::from_proj_string(definition).unwrap();
        let target = proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs").unwrap();
        let mut point = (c.x, c.y, 0.0);
        proj4rs::transform::transform(&source, &target, &mut point).unwrap();
        coord! { x: point.0.to_degrees(), y: point.1.to_degrees() }
    }

    #[test]
    fn new_known_crs_is_in_lonlat_and_easting_northing_order() {
        let forward = pj_convert(&pj("EPSG:4326", "EPSG:5186"), GOYANG);
        assert!(
            distance(forward, coord! { x: 185175.877923, y: 562053.588425 }) < 1e-6,
            "{forward:?}"
        );
        let back = pj_convert(&pj("EPSG:5186", "EPSG:4326"), forward);
        assert!(distance(back, GOYANG) < 1e-11, "{back:?}");
    }

    /// proj4rs (the plane's backend for GRS 1980 systems) and PROJ agree on
    /// every Goyang light, and both round-trip.
    #[test]
    fn goyang_5186_and_5179_agree_with_proj() {
        let Some(lights) = goyang_lights() else { return };
        for code in [5186, 5179] {
            let plane = Plane::new(Crs::Epsg(code), None).unwrap();
            let forward = pj("EPSG:4326", &format!("EPSG:{code}"));
            let inverse = pj(&format!("EPSG:{code}"), "EPSG:4326");
            let (mut max_diff, mut max_round_trip) = (0.0_f64, 0.0_f64);
            for &light in &lights {
                let ours = plane.from_lonlat(light).unwrap();
                let theirs = pj_convert(&forward, light);
                max_diff = max_diff.max(distance(ours, theirs));
                let back = plane.to_lonlat(ours).unwrap();
                let back_pj = pj_convert(&inverse, theirs);
                max_round_trip = max_round_trip
                    .max(ground_distance(back, light))
                    .max(ground_distance(back_pj, light));
            }
            println!(
                "EPSG:{code}: proj4rs vs PROJ max {max_diff:.3e} m, round trip max {max_round_trip:.3e} m"
            );
            assert!(max_diff < 1e-3, "EPSG:{code}: {max_diff} m");
            assert!(max_round_trip < 1e-3, "EPSG:{code}: {max_round_trip} m");
        }
    }

    /// EPSG:5174 through PROJ: round trips, and where it lies against the
    /// answers without PROJ.
    #[test]
    fn goyang_5174_through_proj() {
        let Some(lights) = goyang_lights() else { return };
        let plane = Plane::new(Crs::Epsg(5174), None).unwrap();
        let direct = pj("EPSG:4326", "EPSG:5174");
        let no_shift = Crs::Epsg(5174).proj4().unwrap();
        assert!(
            !no_shift.contains("towgs84"),
            "crs-definitions now has {no_shift}"
        );
        // The Korean 1985 to WGS 84 parameters found in many Korean GIS
        // set-ups (position-vector Helmert).
        let common = format!("{no_shift} +towgs84=-115.80,474.99,674.11,1.16,-2.31,-1.63,6.43");
        // EPSG's own "Korean 1985 to WGS 84 (1)", which PROJ applies, is a
        // Molodensky-Badekas transformation (coordinate frame, pivot
        // P = (-3159521.31, 4068151.32, 3748113.85)); the equivalent Helmert
        // about the geocentre has T' = T + P - (1 + s) M P and the opposite
        // rotation signs.
        let equivalent = format!("{no_shift} +towgs84={}", equivalent_towgs84());
        let inverse = pj("EPSG:5174", "EPSG:4326");
        let mut max = [0.0_f64; 4];
        let mut max_defined = 0.0_f64;
        let mut min_no_shift = f64::INFINITY;
        for &light in &lights {
            let ours = plane.from_lonlat(light).unwrap();
            let theirs = pj_convert(&direct, light);
            max[0] = max[0].max(distance(ours, theirs));
            let back = plane.to_lonlat(ours).unwrap();
            max[1] = max[1].max(ground_distance(back, light));
            max_defined = max_defined.max(ground_distance(back, pj_convert(&inverse, ours)));
            let off = distance(ours, proj4rs_from_lonlat(no_shift, light));
            max[2] = max[2].max(off);
            min_no_shift = min_no_shift.min(off);
            max[3] = max[3].max(distance(ours, proj4rs_from_lonlat(&common, light)));
        }
        // In EPSG's direction: proj4rs's way back reverses the Helmert
        // approximately, as PROJ's does.
        let mut max_equivalent = 0.0_f64;
        for &light in &lights {
            let ours = plane.from_lonlat(light).unwrap();
            let lonlat = plane.to_lonlat(ours).unwrap();
            max_equivalent =
                max_equivalent.max(ground_distance(proj4rs_to_lonlat(&equivalent, ours), lonlat));
        }
        println!(
            "EPSG:5174: to WGS 84, plane vs PROJ {max_defined:.3e} m; from WGS 84, plane vs PROJ's reverse {:.3e} m; \
             round trip {:.3e} m; vs no shift {min_no_shift:.1}..{:.1} m; vs the common +towgs84 {:.3} m; \
             vs the equivalent Helmert {max_equivalent:.3e} m",
            max[0], max[1], max[2], max[3]
        );
        // EPSG's direction is PROJ's, exactly.
        assert!(max_defined < 1e-6, "{max_defined}");
        // The other is PROJ's exact inverse, where PROJ reverses the
        // parameters' signs (millimetres apart).
        assert!(max[0] < 0.01, "{}", max[0]);
        assert!(max[1] < 1e-6, "{}", max[1]);
        // Ignoring the shift moves points by hundreds of metres.
        assert!(
            min_no_shift > 300.0 && max[2] < 420.0,
            "{min_no_shift}..{}",
            max[2]
        );
        // The common parameters are the same shift published to 0.01 m
        // and 0.01": rounding a rotation by 0.005" moves a point 6,400 km
        // from the geocentre by up to 0.16 m, so three of them by 0.5 m.
        assert!(max[3] < 0.5, "{}", max[3]);
        // The equivalent Helmert drops second-order terms only (s R P:
        // 6e-6 × 1e-5 × 6e6 m, below a millimetre; measured 2e-8 m).
        assert!(max_equivalent < 1e-3, "{max_equivalent}");
    }

    /// The Helmert about the geocentre (position vector, as `+towgs84`)
    /// equivalent to EPSG's Korean 1985 to WGS 84 (1).
    fn equivalent_towgs84() -> String {
        let arc_second = std::f64::consts::PI / 180.0 / 3600.0;
        let t = [-145.907, 505.034, 685.756];
        let (rx, ry, rz) = (-1.162 * arc_second, 2.347 * arc_second, 1.592 * arc_second);
        let s = 6.342e-6;
        let p = [-3_159_521.31, 4_068_151.32, 3_748_113.85];
        let m = [[1.0, rz, -ry], [-rz, 1.0, rx], [ry, -rx, 1.0]];
        let t2: Vec<f64> = (0..3)
            .map(|i| p[i] + t[i] - (1.0 + s) * (0..3).map(|j| m[i][j] * p[j]).sum::<f64>())
            .collect();
        format!("{},{},{},1.162,-2.347,-1.592,6.342", t2[0], t2[1], t2[2])
    }

    /// A layer given in EPSG:5174 is read, brought into a longitude/latitude
    /// study's plane, and written back within a millimetre of where PROJ
    /// puts it; a 5174 primary writes 5174 by default and lon/lat on request.
    #[test]
    fn a_5174_layer_comes_back_in_lonlat() {
        // A grid of 5174 points around Goyang, and where PROJ puts them in
        // WGS 84 (EPSG's direction of the shift; see the round trip below
        // for the other).
        let in_5174: Vec<Coord<f64>> = (0..25)
            .map(|i| coord! { x: 183_000.0 + 350.0 * f64::from(i % 5), y: 460_000.0 + 450.0 * f64::from(i / 5) })
            .collect();
        let inverse = pj("EPSG:5174", "EPSG:4326");
        let originals: Vec<Coord<f64>> = in_5174.iter().map(|&c| pj_convert(&inverse, c)).collect();
        // PROJ's own way back is approximate by a few millimetres; the
        // plane's is exact.
        let forward = pj("EPSG:4326", "EPSG:5174");
        let pj_round_trip = originals
            .iter()
            .zip(&in_5174)
            .map(|(&a, &b)| distance(pj_convert(&forward, a), b))
            .fold(0.0, f64::max);
        let plane = Plane::new(Crs::Epsg(5174), None).unwrap();
        let plane_round_trip = originals
            .iter()
            .zip(&in_5174)
            .map(|(&a, &b)| distance(plane.from_lonlat(a).unwrap(), b))
            .fold(0.0, f64::max);
        println!("EPSG:5174 round trip: PROJ {pj_round_trip:.3e} m, the plane {plane_round_trip:.3e} m");
        assert!(plane_round_trip < 1e-6, "{plane_round_trip}");
        assert!(pj_round_trip < 0.01, "{pj_round_trip}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lights_5174.geojson");
        write_5174(&path, &in_5174);

        // A lon/lat demand layer is primary: a local plane.
        let mut lights = read_points(&path, &PointOptions::new()).unwrap();
        assert_eq!(lights.crs, Crs::Epsg(5174));
        let demand = layer("demand.geojson", Crs::LonLat, originals.clone());
        let plane = Plane::for_layers(&[&demand, &lights], &[]).unwrap();
        plane.project_points(&mut lights).unwrap();
        let out = dir.path().join("out.geojson");
        let features: Vec<_> = lights.points.iter().map(|&p| (p, Default::default())).collect();
        sightline_io::write_points_geojson(&out, &plane, &features).unwrap();
        let back = read_points(&out, &PointOptions::new()).unwrap();
        assert_eq!(back.crs, Crs::LonLat);
        let worst = back
            .points
            .iter()
            .zip(&originals)
            .map(|(&a, &b)| ground_distance(a, b))
            .fold(0.0, f64::max);
        println!("EPSG:5174 layer through a local plane and back: {worst:.3e} m");
        assert!(worst < 1e-3, "{worst}");

        // The 5174 layer is primary: outputs in 5174, or lon/lat on request.
        let mut lights = read_points(&path, &PointOptions::new()).unwrap();
        let plane = Plane::for_layers(&[&lights], &[]).unwrap();
        assert_eq!(plane.plane_crs(), Crs::Epsg(5174));
        plane.project_points(&mut lights).unwrap();
        assert_eq!(lights.points, in_5174);
        let text =
            String::from_utf8(sightline_io::points_geojson_bytes(&plane, &features[..1]).unwrap()).unwrap();
        assert!(text.contains("urn:ogc:def:crs:EPSG::5174"), "{text}");
        let lonlat = plane.with_output_crs(Crs::LonLat).unwrap();
        for (&p, &original) in lights.points.iter().zip(&originals) {
            let out = lonlat.to_output(p).unwrap();
            assert!(ground_distance(out, original) < 1e-3, "{out:?} vs {original:?}");
        }
    }

    /// PROJ objects are not `Send`: each thread builds its own, and the
    /// answers do not depend on the thread.
    #[test]
    fn a_proj_plane_works_from_many_threads() {
        let plane = Plane::local(GOYANG)
            .unwrap()
            .with_output_crs(Crs::Epsg(5174))
            .unwrap();
        let expected = plane.to_output(coord! { x: 100.0, y: 200.0 }).unwrap();
        std::thread::scope(|scope| {
            for i in 0..4 {
                let plane = plane.clone();
                scope.spawn(move || {
                    for _ in 0..100 {
                        assert_eq!(
                            plane.to_output(coord! { x: 100.0, y: 200.0 }).unwrap(),
                            expected,
                            "thread {i}"
                        );
                    }
                });
            }
        });
        assert!(plane.to_output(coord! { x: f64::NAN, y: 0.0 }).is_err());
    }
}
