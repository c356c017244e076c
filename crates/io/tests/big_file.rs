//! Timing of `read_points` on a generated 200,000-point, ~41 MB file.
//!
//! `cargo test --release -p sightline-io --test big_file -- --ignored --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::time::Instant;

use sightline_io::{Plane, PointOptions, read_points};

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn read_200k_points() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.geojson");
    let mut text = String::from(r#"{"type": "FeatureCollection", "features": ["#);
    for i in 0..200_000u32 {
        if i > 0 {
            text.push_str(", ");
        }
        let lon = 126.7 + f64::from(i % 1000) * 0.0003;
        let lat = 37.55 + f64::from(i / 1000) * 0.0011;
        write!(
            text,
            r#"{{"type": "Feature", "properties": {{"name": "light {i}", "count": "{}", "code": {i}, "year": "2021", "phone": "031-8075-5335"}}, "geometry": {{"type": "Point", "coordinates": [{lon:.7}, {lat:.8}]}}}}"#,
            i % 3 + 1
        )
        .unwrap();
    }
    text.push_str("]}");
    std::fs::write(&path, &text).unwrap();
    let megabytes = text.len() as f64 / 1e6;

    let start = Instant::now();
    let mut layer = read_points(&path, &PointOptions::new().weight("count").id("code")).unwrap();
    let read = start.elapsed();
    assert_eq!(layer.points.len(), 200_000);

    let start = Instant::now();
    let plane = Plane::for_layers(&[&layer], &[]).unwrap();
    plane.project_points(&mut layer).unwrap();
    let project = start.elapsed();

    let start = Instant::now();
    let collection: geojson::FeatureCollection =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let geojson_parse = start.elapsed();
    assert_eq!(collection.features.len(), 200_000);

    println!(
        "{megabytes:.1} MB: read_points {read:?}, project {project:?}; geojson::FeatureCollection from_slice {geojson_parse:?}"
    );
}

/// Times `read_points` on the file named by `SIGHTLINE_BIG_GEOJSON` (with
/// the weight property `SIGHTLINE_BIG_WEIGHT`, default `weight`); skipped
/// when the variable is unset.
///
/// `SIGHTLINE_BIG_GEOJSON=/tmp/demo-large/demand.geojson cargo test --release
/// -p sightline-io --test big_file -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn read_file_from_env() {
    let Some(path) = std::env::var_os("SIGHTLINE_BIG_GEOJSON") else {
        eprintln!("skipping: SIGHTLINE_BIG_GEOJSON is not set");
        return;
    };
    let weight = std::env::var("SIGHTLINE_BIG_WEIGHT").unwrap_or_else(|_| "weight".to_string());
    let path = std::path::PathBuf::from(path);
    let megabytes = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
    let mut times = Vec::new();
    let mut points = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let layer = read_points(&path, &PointOptions::new().weight(weight.as_str())).unwrap();
        times.push(start.elapsed());
        points = layer.points.len();
    }
    println!(
        "{}: {megabytes:.1} MB, {points} points, read_points with weight `{weight}`: {times:?} (best {:?})",
        path.display(),
        times.iter().min().unwrap()
    );
}
