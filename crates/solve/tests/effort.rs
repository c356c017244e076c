//! The effort limit: work counted, not time, so that a solve that stops
//! at its effort gives the same plan and bound on any machine and with
//! any number of threads; and whatever the effort, the plan is a plan and
//! the bound is above the optimum.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::time::Duration;

use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method, exhaustive};

/// A deterministic, spatially clustered instance: `n_options` discs over
/// `n_demand` points on a line-like city, weights 1 to 3.
fn city(n_options: u32, n_demand: u32, seed: u64) -> Instance {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as f64 / f64::from(1u32 << 31)
    };
    let points: Vec<(f64, f64)> = (0..n_demand).map(|_| (next() * 100.0, next() * 10.0)).collect();
    let sites: Vec<(f64, f64)> = (0..n_options).map(|_| (next() * 100.0, next() * 10.0)).collect();
    let rows: Vec<Vec<u32>> = sites
        .iter()
        .map(|&(x, y)| {
            (0..n_demand)
                .filter(|&d| {
                    let (px, py) = points[d as usize];
                    (px - x).powi(2) + (py - y).powi(2) <= 4.0
                })
                .collect()
        })
        .collect();
    let weights = (0..n_demand).map(|d| f64::from(1 + d % 3)).collect();
    Instance::new(
        CoverageMatrix::from_rows(n_demand as usize, rows).unwrap(),
        weights,
    )
    .unwrap()
}

fn solve(
    instance: &Instance,
    p: usize,
    method: Method,
    effort: u64,
    threads: usize,
) -> sightline_solve::CoverageReport {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        MaxCoverage::new(p)
            .method(method)
            .effort(effort)
            // A ceiling far away: only the effort stops these solves.
            .time_limit(Duration::from_secs(600))
            .solve(instance)
            .unwrap()
    })
}

#[test]
fn the_same_effort_gives_the_same_plan_with_one_thread_or_two() {
    let instance = city(800, 10_000, 3);
    let nnz = instance.matrix().nnz() as u64;
    for method in [Method::LocalSearch, Method::Auto, Method::Exact] {
        for effort in [nnz, 20 * nnz, 400 * nnz] {
            let one = solve(&instance, 25, method, effort, 1);
            let two = solve(&instance, 25, method, effort, 2);
            assert_eq!(one.solution, two.solution, "{method} effort {effort}");
            assert_eq!(
                one.upper_bound.to_bits(),
                two.upper_bound.to_bits(),
                "{method} effort {effort}"
            );
            assert_eq!(
                (one.work, one.nodes),
                (two.work, two.nodes),
                "{method} effort {effort}"
            );
            assert!(!one.time_limit_reached && !two.time_limit_reached);
            assert!(one.solution.objective() <= one.upper_bound);
        }
    }
}

#[test]
fn more_effort_never_hurts_and_little_effort_still_certifies() {
    let instance = city(800, 10_000, 5);
    let nnz = instance.matrix().nnz() as u64;
    let little = solve(&instance, 25, Method::LocalSearch, 1, 2);
    let more = solve(&instance, 25, Method::LocalSearch, 1000 * nnz, 2);
    assert!(little.work < more.work);
    // With no effort left after greedy, local search makes no move: the
    // greedy plan, with a bound from the starting multipliers alone.
    let greedy = MaxCoverage::new(25)
        .method(Method::Greedy)
        .solve(&instance)
        .unwrap();
    assert_eq!(little.solution.objective(), greedy.solution.objective());
    assert!(more.solution.objective() >= little.solution.objective());
    assert!(more.upper_bound <= little.upper_bound);
    assert!(more.gap <= little.gap);
}

#[test]
fn every_effort_keeps_the_bound_above_the_optimum() {
    for seed in 0..40 {
        let instance = city(12, 60, seed);
        for p in 1..=4 {
            let best = exhaustive::optimum(&instance, p).unwrap().objective();
            for effort in [1, 50, 5_000, 1_000_000] {
                for method in [Method::Greedy, Method::LocalSearch, Method::Auto, Method::Exact] {
                    let report = solve(&instance, p, method, effort, 2);
                    assert!(
                        report.upper_bound >= best - 1e-9,
                        "seed {seed} p {p} {method} effort {effort}"
                    );
                    assert!(report.solution.objective() <= best + 1e-9);
                    assert_eq!(
                        report.solution.chosen().len(),
                        p.min(report.solution.chosen().len())
                    );
                }
            }
        }
    }
}

/// A city whose LP is too big for `auto`'s branch and cut (options plus
/// twice the demand groups above 30,000): `auto` runs the window search
/// after local search, in parallel, and still gives the same plan, bound
/// and work on one thread or two; its plan is better than local
/// search's at the same effort, its work more (the windows' allowance on
/// top).
#[test]
fn auto_with_windows_gives_the_same_plan_with_one_thread_or_two() {
    let instance = city(3000, 30_000, 11);
    let nnz = instance.matrix().nnz() as u64;
    let effort = 1000 * nnz;
    let one = solve(&instance, 60, Method::Auto, effort, 1);
    let two = solve(&instance, 60, Method::Auto, effort, 2);
    let reduction = &one.reduction;
    assert!(
        reduction.options_after + 2 * reduction.demand_after > 30_000,
        "{reduction:?}"
    );
    assert_eq!(one.solution, two.solution);
    assert_eq!(one.upper_bound.to_bits(), two.upper_bound.to_bits());
    assert_eq!((one.work, one.nodes), (two.work, two.nodes));
    let local = solve(&instance, 60, Method::LocalSearch, effort, 2);
    assert!(one.solution.objective() > local.solution.objective());
    assert!(one.work > local.work);
    assert!(one.solution.objective() <= one.upper_bound);
}
