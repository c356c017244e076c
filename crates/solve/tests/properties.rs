//! Invariants of the maximum-coverage solvers on small random instances
//! (proptest): every bound is above the optimum, greedy ≤ local search ≤
//! exact, exact equals exhaustive search (and HiGHS, with the `highs`
//! feature), with and without backup weights; no bound is above what all
//! options together cover, and a plan that reaches that is proven; under a budget no plan
//! costs more than the budget and exact equals brute force.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::time::Duration;

use proptest::prelude::*;
use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method, SideConstraints, exhaustive};

/// Random instances, a third of them with backup weights (half or full).
fn instances() -> impl Strategy<Value = (Instance, usize)> {
    (plain_instances(), 0u8..3).prop_map(|((instance, p), backup)| match backup {
        0 => (instance, p),
        k => (instance.with_backup_factor(f64::from(k) / 2.0).unwrap(), p),
    })
}

fn plain_instances() -> impl Strategy<Value = (Instance, usize)> {
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
        let auto = solve(Method::Auto);
        let tolerance = 1e-9 * optimum.max(1.0);
        let coverable = ceiling(&instance);
        for report in [&greedy, &local, &exact, &auto] {
            prop_assert!(report.solution.objective() <= report.upper_bound + tolerance);
            prop_assert!(report.upper_bound <= coverable + tolerance, "bound {} > coverable {coverable}", report.upper_bound);
            if report.solution.objective() >= coverable - tolerance {
                prop_assert!(report.proven_optimal && report.gap == 0.0);
            }
            prop_assert!(report.upper_bound >= optimum - tolerance, "bound {} < optimum {optimum}", report.upper_bound);
            prop_assert!(report.solution.chosen().len() <= p);
            prop_assert!((instance.value(report.solution.chosen()) - report.solution.objective()).abs() <= tolerance);
            prop_assert!(report.gap >= 0.0 && report.gap <= 1.0);
        }
        prop_assert!(greedy.solution.objective() <= local.solution.objective() + tolerance);
        prop_assert!(local.solution.objective() <= exact.solution.objective() + tolerance);
        prop_assert!((exact.solution.objective() - optimum).abs() <= tolerance);
        prop_assert!(exact.proven_optimal);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// A time limit that has passed before the solve starts still gives a
    /// full plan (greedy always finishes) and a bound that holds.
    #[test]
    fn an_exhausted_time_limit_still_gives_a_plan_and_a_valid_bound((instance, p) in instances()) {
        let optimum = exhaustive::optimum(&instance, p).unwrap().objective();
        let greedy = MaxCoverage::new(p).method(Method::Greedy).solve(&instance).unwrap();
        let tolerance = 1e-9 * optimum.max(1.0);
        for method in [Method::Greedy, Method::LocalSearch, Method::Exact, Method::Auto] {
            let report = MaxCoverage::new(p).method(method).time_limit(Duration::ZERO).solve(&instance).unwrap();
            prop_assert!(report.solution.objective() >= greedy.solution.objective() - tolerance, "{method}");
            prop_assert!(report.upper_bound >= optimum - tolerance, "{method}: bound {} < optimum {optimum}", report.upper_bound);
            prop_assert!(report.upper_bound <= ceiling(&instance) + tolerance);
            prop_assert!(!report.proven_optimal || (report.solution.objective() - optimum).abs() <= tolerance);
        }
    }
}

/// What every option together scores: what can be covered at all
/// (with backup weights, covered twice where two options reach).
fn ceiling(instance: &Instance) -> f64 {
    let everything: Vec<u32> = (0..instance.n_options() as u32).collect();
    instance.value(&everything)
}

/// The best value of at most `p` options costing at most `budget`, by
/// trying every subset.
fn brute_force_within_budget(instance: &Instance, p: usize, costs: &[f64], budget: f64) -> f64 {
    let n = instance.n_options();
    (0u32..1 << n)
        .filter(|mask| mask.count_ones() as usize <= p)
        .map(|mask| {
            (0..n as u32)
                .filter(|o| mask & (1 << o) != 0)
                .collect::<Vec<u32>>()
        })
        .filter(|set| set.iter().map(|&o| costs[o as usize]).sum::<f64>() <= budget + 1e-9)
        .map(|set| instance.value(&set))
        .fold(0.0, f64::max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn budgets_are_kept_and_exact_is_optimal(
        (instance, p) in instances(),
        costs in proptest::collection::vec(1u8..6, 14),
        budget in 0u8..15,
        limit_count in any::<bool>(),
    ) {
        let n = instance.n_options();
        let costs: Vec<f64> = costs[..n].iter().map(|&c| f64::from(c)).collect();
        let budget = f64::from(budget);
        // With or without a limit on the count besides the budget.
        let p = if limit_count { p } else { n };
        let optimum = brute_force_within_budget(&instance, p, &costs, budget);
        let rules = SideConstraints::new(n).budget(costs.clone(), budget).unwrap();
        let solve = |method| {
            MaxCoverage::new(p).method(method).constraints(rules.clone()).solve(&instance).unwrap()
        };
        let (greedy, local, exact) = (solve(Method::Greedy), solve(Method::LocalSearch), solve(Method::Exact));
        let auto = solve(Method::Auto);
        let tolerance = 1e-9 * optimum.max(1.0);
        let coverable = ceiling(&instance);
        for report in [&greedy, &local, &exact, &auto] {
            prop_assert!(report.upper_bound <= coverable + tolerance, "bound {} > coverable {coverable}", report.upper_bound);
            let chosen = report.solution.chosen();
            let cost: f64 = chosen.iter().map(|&o| costs[o as usize]).sum();
            prop_assert!(cost <= budget + 1e-9, "cost {cost} > budget {budget}");
            prop_assert!(chosen.len() <= p);
            prop_assert!(report.upper_bound >= optimum - tolerance, "bound {} < optimum {optimum}", report.upper_bound);
            prop_assert!((instance.value(chosen) - report.solution.objective()).abs() <= tolerance);
        }
        prop_assert!(greedy.solution.objective() <= local.solution.objective() + tolerance);
        prop_assert!(local.solution.objective() <= exact.solution.objective() + tolerance);
        prop_assert!((exact.solution.objective() - optimum).abs() <= tolerance, "exact {} vs {optimum}", exact.solution.objective());
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

    #[test]
    fn exact_equals_highs_within_a_budget(
        (instance, p) in instances(),
        costs in proptest::collection::vec(1u8..6, 14),
        budget in 0u8..15,
    ) {
        let n = instance.n_options();
        let costs: Vec<f64> = costs[..n].iter().map(|&c| f64::from(c)).collect();
        let budget = f64::from(budget);
        let rules = SideConstraints::new(n).budget(costs.clone(), budget).unwrap();
        let exact = MaxCoverage::new(p).method(Method::Exact).constraints(rules).solve(&instance).unwrap();
        let limit = std::time::Duration::from_secs(30);
        let highs = sightline_solve::highs::max_coverage_within_budget(&instance, p, &costs, budget, limit).unwrap();
        prop_assert!(highs.optimal);
        prop_assert!((exact.solution.objective() - highs.objective).abs() <= 1e-6 * highs.objective.max(1.0));
    }
}
