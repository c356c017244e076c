//! Coverage matrix for the large synthetic city: 200,000 demand points,
//! 20,000 candidate sites, 500 existing cameras, radius 100 m; and the
//! same with no existing cameras, so that every demand point stays in.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::Coord;
use sightline::coverage::Circular;
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

criterion_group!(benches, coverage);
criterion_main!(benches);
