//! Solvers on the large synthetic city's coverage matrix (20,000 options,
//! 200,000 demand points, radius 100 m, 500 cameras), and the exact search
//! on BDS10000 (radius 4, p = 10; from `../shared/data`, skipped when it is
//! absent).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::Coord;
use sightline::coverage::Circular;
use sightline::solve::{Instance, MaxCoverage, Method, lazy_greedy};
use sightline::synthetic::{CitySize, SyntheticCity};
use sightline_benchmarks::bds::read_bds;

fn city_instance(size: CitySize) -> Instance {
    let city = SyntheticCity::generate(size);
    let demand: Vec<Coord<f64>> = city.scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<Coord<f64>> = city.scenario.sites().iter().map(|s| s.location).collect();
    let model = Circular::new(100.0).expect("a valid radius");
    let (matrix, _) = model
        .build(&demand, &sites, city.scenario.existing())
        .into_parts();
    let weights = city.scenario.demand().iter().map(|d| d.weight).collect();
    Instance::new(matrix, weights).expect("valid weights")
}

fn solve(c: &mut Criterion) {
    let large = city_instance(CitySize::Large);
    let mut group = c.benchmark_group("solve");
    group.sample_size(10);
    group.bench_function("lazy_greedy/large_p500", |b| {
        b.iter(|| lazy_greedy(black_box(&large), 500))
    });
    group.bench_function("local_search_with_bound/large_p500", |b| {
        b.iter(|| {
            MaxCoverage::new(500)
                .method(Method::LocalSearch)
                .solve(black_box(&large))
        })
    });
    if let Some(data) = sightline_benchmarks::shared_data("BDS10000 bench") {
        let bds = read_bds(&data.join("benchmarks/bds/BDS10000.txt")).expect("BDS10000 reads");
        let instance = bds.instance(4.0).expect("a valid instance");
        group.bench_function("exact/bds10000_r4_p10", |b| {
            b.iter(|| {
                let report = MaxCoverage::new(10)
                    .method(Method::Exact)
                    .time_limit(Duration::from_secs(60))
                    .solve(black_box(&instance))
                    .expect("solves");
                assert!(report.proven_optimal);
                report
            })
        });
    }
    group.finish();
}

criterion_group!(benches, solve);
criterion_main!(benches);
