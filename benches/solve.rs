//! Solvers on the large synthetic city's coverage matrix (20,000 options,
//! 200,000 demand points, radius 100 m, 500 cameras), the exact search
//! on BDS10000 (radius 4, p = 10; from `../shared/data`, skipped when it is
//! absent), and local search with a budget and with backup weights on the
//! medium city (3,000 options, 20,000 demand points).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::Coord;
use sightline::coverage::Circular;
use sightline::solve::{Instance, MaxCoverage, Method, SideConstraints, coverage_curve, lazy_greedy};
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
    let order = lazy_greedy(&large, 500).expect("greedy plans").chosen().to_vec();
    group.bench_function("coverage_curve/large_p500", |b| {
        b.iter(|| coverage_curve(black_box(&large), &order))
    });
    group.bench_function("local_search_with_bound/large_p500", |b| {
        b.iter(|| {
            MaxCoverage::new(500)
                .method(Method::LocalSearch)
                .solve(black_box(&large))
        })
    });
    let medium = city_instance(CitySize::Medium);
    // Sites cost 1, 1.5 and 2.5 in turn; 150 buys about 90 of them.
    let costs: Vec<f64> = (0..medium.n_options()).map(|k| [1.0, 1.5, 2.5][k % 3]).collect();
    let rules = SideConstraints::new(medium.n_options())
        .budget(costs, 150.0)
        .expect("valid costs");
    group.bench_function("local_search_budget/medium_b150", |b| {
        b.iter(|| {
            MaxCoverage::new(medium.n_options())
                .method(Method::LocalSearch)
                .constraints(rules.clone())
                .solve(black_box(&medium))
        })
    });
    let backup = medium.clone().with_backup_factor(0.5).expect("a valid factor");
    group.bench_function("local_search_backup/medium_p100_w05", |b| {
        b.iter(|| {
            MaxCoverage::new(100)
                .method(Method::LocalSearch)
                .solve(black_box(&backup))
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
