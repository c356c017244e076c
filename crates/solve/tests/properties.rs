//! Invariants of the maximum-coverage solvers on small random instances
//! (proptest): every bound is above the optimum, greedy ≤ local search ≤
//! exact, exact equals exhaustive search (and HiGHS, with the `highs`
//! feature).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use proptest::prelude::*;
use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method, exhaustive};

fn instances() -> impl Strategy<Value = (Instance, usize)> {
    (1usize..14, 1usize..40).prop_flat_map(|(n_options, n_demand)| {
        let rows = proptest::collection::vec(proptest::collection::vec(0..n_demand as u32, 0..10), n_options);
        // Integer weights make ties (and the integral pruning rule) common;
        // every fourth instance gets fractional weights instead.
        let weights = proptest::collection::vec(0u16..1000, n_demand);
        (rows, weights, 1..=n_options.min(6), any::<bool>()).prop_map(
            move |(rows, weights, p, fractional)| {
                let weights = weights
                    .into_iter()
                    .map(|w| {
                        if fractional {
                            f64::from(w) / 97.0
                        } else {
                            f64::from(w % 7)
                        }
                    })
                    .collect();
                (
                    Instance::new(CoverageMatrix::from_rows(n_demand, rows).unwrap(), weights).unwrap(),
                    p,
                )
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn bounds_hold_and_methods_are_ordered((instance, p) in instances()) {
        let optimum = exhaustive::optimum(&instance, p).unwrap().objective();
        let solve = |method| MaxCoverage::new(p).method(method).solve(&instance).unwrap();
        let (greedy, local, exact) = (solve(Method::Greedy), solve(Method::LocalSearch), solve(Method::Exact));
        let tolerance = 1e-9 * optimum.max(1.0);
        for report in [&greedy, &local, &exact] {
            prop_assert!(report.solution.objective() <= report.upper_bound + tolerance);
            prop_assert!(report.upper_bound >= optimum - tolerance, "bound {} < optimum {optimum}", report.upper_bound);
            prop_assert!(report.solution.chosen().len() <= p);
            prop_assert!((instance.covered_weight(report.solution.chosen()) - report.solution.objective()).abs() <= tolerance);
            prop_assert!(report.gap >= 0.0 && report.gap <= 1.0);
        }
        prop_assert!(greedy.solution.objective() <= local.solution.objective() + tolerance);
        prop_assert!(local.solution.objective() <= exact.solution.objective() + tolerance);
        prop_assert!((exact.solution.objective() - optimum).abs() <= tolerance);
        prop_assert!(exact.proven_optimal);
    }
}

#[cfg(feature = "highs")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn exact_equals_highs((instance, p) in instances()) {
        let exact = MaxCoverage::new(p).method(Method::Exact).solve(&instance).unwrap();
        let highs = sightline_solve::highs::max_coverage(&instance, p, std::time::Duration::from_secs(30)).unwrap();
        prop_assert!(highs.optimal);
        prop_assert!((exact.solution.objective() - highs.objective).abs() <= 1e-6 * highs.objective.max(1.0));
    }
}
