//! Spatial index: bulk loading 200,000 demand points, and 20,000 radius
//! queries (the large synthetic city, radius 100 m).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::Coord;
use sightline::index::PointIndex;
use sightline::synthetic::{CitySize, SyntheticCity};

fn index(c: &mut Criterion) {
    let city = SyntheticCity::generate(CitySize::Large);
    let demand: Vec<Coord<f64>> = city.scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<Coord<f64>> = city.scenario.sites().iter().map(|s| s.location).collect();
    let mut group = c.benchmark_group("index");
    group.sample_size(20);
    group.bench_function("bulk_load/200k_points", |b| {
        b.iter(|| PointIndex::new(black_box(&demand)))
    });
    let tree = PointIndex::new(&demand);
    group.bench_function("within_100m/20k_queries", |b| {
        b.iter(|| {
            sites
                .iter()
                .map(|&s| tree.within(s, 100.0).count())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, index);
criterion_main!(benches);
