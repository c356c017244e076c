//! Coverage matrix for the large synthetic city: 200,000 demand points,
//! 20,000 candidate sites, 500 existing cameras, radius 100 m; and the
//! same with no existing cameras, so that every demand point stays in.
//!
//! And view cones with occlusion at the scale: the large city's
//! 20,000 sites, each with a fixed 90° 50 m camera at 8 headings, over a
//! grid of 1,000,000 demand cells, with 50,000 buildings in the scene.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::Coord;
use sightline::coverage::{CameraType, Circular, Site, ViewModel};
use sightline::index::{BuildingIndex, PointIndex};
use sightline::synthetic::{CitySize, SyntheticCity};

fn coverage(c: &mut Criterion) {
    let city = SyntheticCity::generate(CitySize::Large);
    let demand: Vec<Coord<f64>> = city.scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<Coord<f64>> = city.scenario.sites().iter().map(|s| s.location).collect();
    let model = Circular::new(100.0).expect("a valid radius");
    let mut group = c.benchmark_group("coverage");
    group.sample_size(20);
    group.bench_function("circular/large_r100", |b| {
        b.iter(|| model.build(black_box(&demand), black_box(&sites), city.scenario.existing()))
    });
    // The worst case: no demand removed by existing cameras.
    group.bench_function("circular/large_r100_no_existing", |b| {
        b.iter(|| model.build(black_box(&demand), black_box(&sites), &[]))
    });
    group.finish();
}

fn occlusion(c: &mut Criterion) {
    let city = SyntheticCity::generate(CitySize::Large);
    let sites: Vec<Site> = city
        .scenario
        .sites()
        .iter()
        .map(|s| Site::new(s.location))
        .collect();
    let cells = PointIndex::new(&city.grid_cells(1000, 1000));
    let buildings = BuildingIndex::new(city.buildings());
    let fixed = CameraType::new("fixed", 50.0, 90.0)
        .and_then(|c| c.headings(8))
        .expect("a valid camera");
    let model = ViewModel::new(vec![fixed]).expect("one type");
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    group.bench_function("view/20k_sites_8_headings_1m_cells_50k_buildings", |b| {
        b.iter(|| model.build(black_box(&cells), black_box(&sites), &[], Some(&buildings)))
    });
    group.finish();
}

criterion_group!(benches, coverage, occlusion);
criterion_main!(benches);
