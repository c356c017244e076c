//! The HiGHS models against brute force on small random instances, and
//! against the published São José dos Campos optima when the shared data
//! is present. Runs with `cargo test -p sightline-solve --features highs`.
#![cfg(feature = "highs")]
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use proptest::prelude::*;
use sightline_benchmarks::sjc::{read_sjc, read_sjc_optima};
use sightline_solve::{CoverageMatrix, Instance, exhaustive, highs};

const LIMIT: Duration = Duration::from_secs(60);

/// A small instance: up to 8 options over up to 12 demand points, each
/// pair covered with probability 1/3, integer and fractional weights
/// (some zero).
fn small_instance() -> impl Strategy<Value = Instance> {
    (1usize..=8, 1usize..=12).prop_flat_map(|(n_options, n_demand)| {
        (
            prop::collection::vec(
                prop::collection::vec(prop::bool::weighted(1.0 / 3.0), n_demand),
                n_options,
            ),
            prop::collection::vec(
                prop_oneof![Just(0.0), 1.0..10.0, (1u8..10).prop_map(f64::from)],
                n_demand,
            ),
        )
            .prop_map(move |(covers, weights)| {
                let rows = covers.iter().map(|row| {
                    row.iter()
                        .enumerate()
                        .filter(|(_, c)| **c)
                        .map(|(d, _)| d as u32)
                        .collect::<Vec<u32>>()
                });
                Instance::new(CoverageMatrix::from_rows(n_demand, rows).unwrap(), weights).unwrap()
            })
    })
}

/// The cheapest cover of every demand point of positive weight that some
/// option covers, by trying every subset of options.
fn brute_force_cover_cost(instance: &Instance, costs: &[f64]) -> f64 {
    let n = instance.n_options();
    let matrix = instance.matrix();
    let need: Vec<bool> = matrix
        .transpose()
        .rows()
        .zip(instance.weights())
        .map(|(options, &w)| !options.is_empty() && w > 0.0)
        .collect();
    let mut best = f64::INFINITY;
    for mask in 0u32..(1 << n) {
        let mut covered = vec![false; matrix.n_demand()];
        let mut cost = 0.0;
        for j in (0..n).filter(|j| mask & (1 << j) != 0) {
            cost += costs[j];
            for &d in matrix.row(j) {
                covered[d as usize] = true;
            }
        }
        if need.iter().zip(&covered).all(|(n, c)| !n || *c) && cost < best {
            best = cost;
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn max_coverage_matches_exhaustive(instance in small_instance(), p_seed in 0usize..100) {
        let p = p_seed % (instance.n_options() + 1);
        let exact = exhaustive::optimum(&instance, p).unwrap();
        let solution = highs::max_coverage(&instance, p, LIMIT).unwrap();
        prop_assert!(solution.optimal);
        prop_assert!(solution.chosen.len() <= p);
        prop_assert!(solution.chosen.windows(2).all(|w| w[0] < w[1]));
        prop_assert!((solution.objective - exact.objective()).abs() <= 1e-6,
            "HiGHS {} vs exhaustive {}", solution.objective, exact.objective());
        prop_assert_eq!(solution.objective, instance.covered_weight(&solution.chosen));
        prop_assert!(solution.bound >= solution.objective - 1e-6);
    }

    #[test]
    fn set_cover_matches_brute_force(
        instance in small_instance(),
        cost_seed in prop::collection::vec(1u8..=10, 8),
    ) {
        let costs: Vec<f64> = cost_seed[..instance.n_options()].iter().map(|&c| f64::from(c)).collect();
        let exact = brute_force_cover_cost(&instance, &costs);
        let cover = highs::set_cover(&instance, &costs, LIMIT).unwrap();
        prop_assert!(cover.optimal);
        prop_assert!((cover.objective - exact).abs() <= 1e-6, "HiGHS {} vs brute force {exact}", cover.objective);
        // A real cover: everything coverable of positive weight is covered.
        let all: Vec<u32> = (0..instance.n_options() as u32).collect();
        prop_assert_eq!(instance.covered_weight(&cover.chosen), instance.covered_weight(&all));
        prop_assert!(cover.bound <= cover.objective + 1e-6);
    }
}

#[test]
fn degenerate_cases() {
    let matrix = CoverageMatrix::from_rows(3, [vec![], vec![1]]).unwrap();
    let instance = Instance::new(matrix, vec![4.0, 0.0, 1.0]).unwrap();
    // Nothing of positive weight can be covered: no model is built.
    let none = highs::max_coverage(&instance, 2, LIMIT).unwrap();
    assert_eq!(
        (none.chosen.as_slice(), none.objective, none.optimal),
        (&[][..], 0.0, true)
    );
    let cover = highs::set_cover(&instance, &[1.0, 1.0], LIMIT).unwrap();
    assert!(cover.chosen.is_empty());
    assert!(matches!(
        highs::max_coverage(&instance, 3, LIMIT),
        Err(sightline_solve::Error::TooManyRequested {
            requested: 3,
            available: 2
        })
    ));
    assert!(matches!(
        highs::set_cover(&instance, &[1.0], LIMIT),
        Err(sightline_solve::Error::CostCount {
            costs: 1,
            n_options: 2
        })
    ));
    assert!(matches!(
        highs::set_cover(&instance, &[1.0, f64::NAN], LIMIT),
        Err(sightline_solve::Error::BadCost { option: 1, .. })
    ));
}

#[test]
fn a_zero_time_limit_still_answers() {
    let rows: Vec<Vec<u32>> = (0..30u32).map(|j| (j..j + 5).collect()).collect();
    let instance = Instance::new(CoverageMatrix::from_rows(34, &rows).unwrap(), vec![1.0; 34]).unwrap();
    let solution = highs::max_coverage(&instance, 4, Duration::ZERO).unwrap();
    assert!(solution.chosen.len() <= 4);
    assert_eq!(solution.objective, instance.covered_weight(&solution.chosen));
    let cover = highs::set_cover(&instance, &[1.0; 30], Duration::ZERO).unwrap();
    assert_eq!(instance.covered_weight(&cover.chosen), 34.0);
}

#[test]
fn sjc324_p3_matches_the_published_optimum() {
    let Some(data) = sightline_benchmarks::shared_data("sjc324_p3_matches_the_published_optimum") else {
        return;
    };
    let dir = data.join("benchmarks/sjc");
    let published = read_sjc_optima(&dir.join("optima.csv"))
        .unwrap()
        .into_iter()
        .find(|row| row.instance == "SJC324" && row.service_distance == 800.0 && row.p == 3)
        .unwrap();
    let instance = read_sjc(&dir.join("SJC324.txt"))
        .unwrap()
        .instance(800.0)
        .unwrap();
    let solution = highs::max_coverage(&instance, 3, LIMIT).unwrap();
    assert!(solution.optimal);
    assert_eq!(solution.objective, published.optimum);
    assert!((solution.bound - published.optimum).abs() < 1e-6);
}

#[test]
fn every_published_sjc_optimum() {
    let Some(data) = sightline_benchmarks::shared_data("every_published_sjc_optimum") else {
        return;
    };
    let dir = data.join("benchmarks/sjc");
    for row in read_sjc_optima(&dir.join("optima.csv")).unwrap() {
        let instance = read_sjc(&dir.join(format!("{}.txt", row.instance)))
            .unwrap()
            .instance(row.service_distance)
            .unwrap();
        let solution = highs::max_coverage(&instance, row.p, LIMIT).unwrap();
        println!(
            "{} S={} p={}: {:?}",
            row.instance, row.service_distance, row.p, solution.runtime
        );
        assert!(solution.optimal);
        assert_eq!(solution.objective, row.optimum, "{row:?}");
    }
}
