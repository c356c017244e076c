//! The whole pipeline on the large synthetic city (200,000 demand points,
//! 20,000 sites, 500 existing cameras, 16 districts, radius 100 m,
//! 500 cameras):
//!
//! - `plan/large_p500`: `sightline::plan` in memory (coverage matrix,
//!   district look-ups, lazy greedy, per-district figures);
//! - `files/large_p500`: the same from GeoJSON files (26 MB, written once
//!   by the demo writer) to `plan.geojson` and `summary.json`, reading,
//!   projection and writing included: what `sightline plan` does, less
//!   process start-up;
//! - `reports/large_p500`: every analyst output of the in-memory plan
//!   rendered to bytes: `blindspots.geojson` (about 100,000 points),
//!   `districts.csv`, `report.md`, `curve.csv`, `curve.svg` and `map.svg`
//!   (200,000 demand points merged into at most 20,000 squares);
//! - `plan/xlarge_p2000` and `files/xlarge_p2000`: the same two on the
//!   xlarge city (1,000,000 demand points, 100,000 sites, 2,500 existing
//!   cameras, 36 districts, 2,000 cameras, about 15.5 million (site,
//!   point) pairs; 130 MB of GeoJSON), greedy.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sightline::io::Plane;
use sightline::output;
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

/// The city's layers written as the demo writes them, and the inputs
/// that read them back.
fn written(city: &SyntheticCity) -> (tempfile::TempDir, Inputs) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let plane = Plane::local(city.origin_lonlat).expect("a local plane");
    let layers = output::scenario_layers(&city.scenario, &plane).expect("demo layers rendered");
    output::write_files(dir.path(), layers).expect("demo layers written");
    let inputs = Inputs::new(
        dir.path().join("demand.geojson"),
        dir.path().join("sites.geojson"),
    )
    .demand_weight("weight")
    .site_id("site_id")
    .existing(dir.path().join("existing.geojson"))
    .districts(dir.path().join("districts.geojson"))
    .district_name("name");
    (dir, inputs)
}

fn end_to_end(c: &mut Criterion) {
    let city = SyntheticCity::generate(CitySize::Large);
    // Greedy, as the figures in BENCHMARKS.md say (the default is `auto`,
    // which would spend its 10 s time limit here).
    let request = PlanRequest::new(500, Circular::new(100.0).expect("a valid radius")).method(Method::Greedy);
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    group.bench_function("plan/large_p500", |b| {
        b.iter(|| plan(black_box(&city.scenario), &request))
    });
    let planned = plan(&city.scenario, &request).expect("the large city plans");
    let local = Plane::local(city.origin_lonlat).expect("a local plane");
    group.bench_function("reports/large_p500", |b| {
        b.iter(|| -> Result<usize, sightline::Error> {
            let context = output::ReportContext::new("large city");
            let bytes = output::blindspots_geojson(black_box(&planned), &local, None)?.len()
                + output::districts_csv(&planned)?.len()
                + output::report_md(&planned, &context).len()
                + output::curve_csv(&planned)?.len()
                + output::curve_svg(&planned, "large city")?.len()
                + output::map_svg(&planned, &city.scenario, None, "large city")?.len();
            Ok(bytes)
        })
    });

    let (dir, inputs) = written(&city);
    let out = dir.path().join("out");
    group.bench_function("files/large_p500", |b| {
        b.iter(|| -> Result<(), sightline::Error> {
            let loaded = inputs.load()?;
            let plan = plan(&loaded.scenario, &request)?;
            output::write_files(&out, output::plan_files(&plan, &loaded.plane)?)
        })
    });
    group.finish();
}

/// The xlarge city, in memory and from its GeoJSON files (greedy).
fn end_to_end_xlarge(c: &mut Criterion) {
    let size = CitySize::XLarge;
    let city = SyntheticCity::generate(size);
    let radius = Circular::new(size.default_radius_m()).expect("a valid radius");
    let request = PlanRequest::new(size.default_cameras(), radius).method(Method::Greedy);
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    group.bench_function("plan/xlarge_p2000", |b| {
        b.iter(|| plan(black_box(&city.scenario), &request))
    });
    let (dir, inputs) = written(&city);
    let out = dir.path().join("out");
    group.bench_function("files/xlarge_p2000", |b| {
        b.iter(|| -> Result<(), sightline::Error> {
            let loaded = inputs.load()?;
            let plan = plan(&loaded.scenario, &request)?;
            output::write_files(&out, output::plan_files(&plan, &loaded.plane)?)
        })
    });
    group.finish();
}

criterion_group!(benches, end_to_end, end_to_end_xlarge);
criterion_main!(benches);
