//! Reading a large GeoJSON point layer, on a generated file of 20,000
//! street lights (about 4 MB, each feature with five properties):
//! `read_points` with a weight and an id property, projecting the layer
//! into the plane, and for comparison geojson's own `FeatureCollection`
//! parse of the same bytes.
//!
//! With `SIGHTLINE_BIG_GEOJSON` naming a file (weight property
//! `SIGHTLINE_BIG_WEIGHT`, default `weight`), `read_points` on that file
//! too:
//!
//! `SIGHTLINE_BIG_GEOJSON=/tmp/demo-large/demand.geojson cargo bench -p sightline-io --bench big_file`

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sightline_io::{Plane, PointOptions, read_points};

/// Street lights in the generated file.
const POINTS: u32 = 20_000;

/// A FeatureCollection of `count` street lights on a grid of 1,000
/// columns near Goyang, as a national export would list them.
fn street_lights(count: u32) -> String {
    let mut text = String::from(r#"{"type": "FeatureCollection", "features": ["#);
    for i in 0..count {
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
        .expect("writing to a String does not fail");
    }
    text.push_str("]}");
    text
}

fn big_file(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("lights.geojson");
    std::fs::write(&path, street_lights(POINTS)).expect("the generated file is written");
    let options = PointOptions::new().weight("count").id("code");
    let layer = read_points(&path, &options).expect("the generated file reads");
    assert_eq!(layer.points.len(), POINTS as usize);

    let mut group = c.benchmark_group("big_file");
    group.sample_size(10);
    group.bench_function("read_points/20k_points", |b| {
        b.iter(|| read_points(black_box(&path), &options))
    });
    group.bench_function("project/20k_points", |b| {
        b.iter_batched(
            || layer.clone(),
            |mut layer| {
                let plane = Plane::for_layers(&[&layer], &[])?;
                plane.project_points(&mut layer).map(|()| layer)
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("geojson_from_slice/20k_points", |b| {
        b.iter(|| {
            let bytes = std::fs::read(&path).expect("the generated file reads");
            serde_json::from_slice::<geojson::FeatureCollection>(&bytes)
        })
    });
    if let Some(named) = std::env::var_os("SIGHTLINE_BIG_GEOJSON") {
        let named = PathBuf::from(named);
        let weight = std::env::var("SIGHTLINE_BIG_WEIGHT").unwrap_or_else(|_| "weight".to_owned());
        let options = PointOptions::new().weight(weight.as_str());
        group.bench_function(format!("read_points/{}", named.display()), |b| {
            b.iter(|| read_points(black_box(&named), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, big_file);
criterion_main!(benches);
