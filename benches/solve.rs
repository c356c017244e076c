//! Lazy greedy on the large synthetic city's coverage matrix (20,000
//! options, 200,000 demand points, radius 100 m), picking 500 cameras.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::Coord;
use sightline::coverage::Circular;
use sightline::solve::{Instance, lazy_greedy};
use sightline::synthetic::{CitySize, SyntheticCity};

fn solve(c: &mut Criterion) {
    let city = SyntheticCity::generate(CitySize::Large);
    let demand: Vec<Coord<f64>> = city.scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<Coord<f64>> = city.scenario.sites().iter().map(|s| s.location).collect();
    let model = Circular::new(100.0).expect("a valid radius");
    let (matrix, _) = model
        .build(&demand, &sites, city.scenario.existing())
        .into_parts();
    let weights = city.scenario.demand().iter().map(|d| d.weight).collect();
    let instance = Instance::new(matrix, weights).expect("valid weights");
    let mut group = c.benchmark_group("solve");
    group.sample_size(20);
    group.bench_function("lazy_greedy/large_p500", |b| {
        b.iter(|| lazy_greedy(black_box(&instance), 500))
    });
    group.finish();
}

criterion_group!(benches, solve);
criterion_main!(benches);
