//! Shapefiles written by GDAL (`tests/data/gdal`, see its README): the
//! districts in EPSG:5186 with a CP949 DBF, with and without a `.cpg`,
//! and points in EPSG:5179 with a UTF-8 DBF, read as the GeoJSON and CSV
//! they were written from; a study with the Shapefile districts plans as
//! with the GeoJSON.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use sightline::io::{Crs, Plane, PointOptions, PolygonOptions, read_points, read_polygons};
use sightline::study::{DiscCamera, Layer, Objective, Outputs, Role, Study, run};

fn gdal(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/gdal")
        .join(name)
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data/records")
        .join(name)
}

#[test]
fn districts_from_a_gdal_shapefile_are_those_of_the_geojson() {
    let geojson = read_polygons(&sample("dong.geojson"), &PolygonOptions::new().name("name")).unwrap();
    for file in ["dong_5186_cp949.shp", "dong_5186_no_cpg.shp"] {
        // The study's CRS does not undo the `.prj`.
        let options = PolygonOptions::new().name("name").crs(Crs::LonLat);
        let mut shapefile = read_polygons(&gdal(file), &options).unwrap();
        assert_eq!(shapefile.crs, Crs::Epsg(5186), "{file}");
        assert_eq!(shapefile.names, geojson.names, "{file}");
        assert_eq!(shapefile.names, ["가람동", "누리동", "솔빛동"]);
        let plane = Plane::for_layers(&[], &[&geojson]).unwrap();
        plane.project_polygons(&mut shapefile).unwrap();
        let mut ours = geojson.clone();
        plane.project_polygons(&mut ours).unwrap();
        for (a, b) in shapefile.polygons.iter().zip(&ours.polygons) {
            let (a, b) = (&a.0[0], &b.0[0]);
            // A Shapefile's outer rings run clockwise, GeoJSON's the other
            // way: the same vertices, in another order.
            assert_eq!(a.exterior().0.len(), b.exterior().0.len());
            for p in &a.exterior().0 {
                let d = b
                    .exterior()
                    .0
                    .iter()
                    .map(|q| ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt())
                    .fold(f64::INFINITY, f64::min);
                assert!(d < 0.001, "{file}: a vertex {d} m from the GeoJSON's nearest");
            }
        }
    }
}

#[test]
fn points_from_a_gdal_shapefile_are_those_of_the_csv() {
    let csv = read_points(
        &sample("poles.csv"),
        &PointOptions::new().count_weight(false).properties(true),
    )
    .unwrap();
    let mut shapefile = read_points(
        &gdal("poles_5179_utf8.shp"),
        &PointOptions::new().properties(true),
    )
    .unwrap();
    assert_eq!(shapefile.crs, Crs::Epsg(5179));
    assert_eq!(shapefile.points.len(), csv.points.len());
    let names: Vec<&str> = shapefile
        .properties
        .iter()
        .map(|p| p["이름"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = csv
        .properties
        .iter()
        .map(|p| p["보안등위치명"].as_str().unwrap())
        .collect();
    assert_eq!(names, expected);
    assert_eq!(shapefile.features, (0..csv.points.len()).collect::<Vec<_>>());
    let plane = Plane::for_layers(&[&csv], &[]).unwrap();
    let mut ours = csv.clone();
    plane.project_points(&mut ours).unwrap();
    plane.project_points(&mut shapefile).unwrap();
    for (p, q) in shapefile.points.iter().zip(&ours.points) {
        let d = ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
        assert!(d < 0.001, "a pole {d} m away");
    }
}

#[test]
fn a_study_with_shapefile_districts_plans_as_with_the_geojson() {
    let study = |districts: PathBuf, sites: PathBuf| {
        let mut study = Study::default();
        let mut dong = Layer::new(Role::Districts, districts);
        dong.name = Some("name".to_owned());
        study.layers = vec![
            Layer::new(Role::Demand, sample("poles.csv")),
            Layer::new(Role::Sites, sites),
            dong,
        ];
        study.camera = Some(DiscCamera::new(80.0));
        let mut objective = Objective::default();
        objective.cameras = Some(6);
        study.objective = Some(objective);
        study.outputs = Some(Outputs::new("unused"));
        run(&study.validate().unwrap(), "test").unwrap()
    };
    let geojson = study(sample("dong.geojson"), sample("poles.csv"));
    let shapefile = study(gdal("dong_5186_cp949.shp"), gdal("poles_5179_utf8.shp"));
    assert_eq!(geojson.plan.objective, shapefile.plan.objective);
    assert_eq!(geojson.plan.districts, shapefile.plan.districts);
    let sites = |o: &sightline::study::StudyOutcome| o.plan.chosen.iter().map(|c| c.site).collect::<Vec<_>>();
    assert_eq!(sites(&geojson), sites(&shapefile));
}
