//! Side constraints (forced options, conflicts, district quotas, budgets)
//! against brute force on small random instances, with and without backup
//! weights: every plan is feasible, bounds stay above the constrained
//! optimum, and the exact search finds it.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use proptest::prelude::*;
use sightline_solve::{CoverageMatrix, Error, Instance, MaxCoverage, Method, SideConstraints};

/// The best feasible plan with at most `count` options, by enumeration.
fn brute_force(instance: &Instance, count: usize, rules: &SideConstraints) -> Option<f64> {
    let n = instance.n_options();
    let mut best: Option<f64> = None;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<u32> = (0..n as u32).filter(|&o| mask & (1 << o) != 0).collect();
        if chosen.len() <= count && rules.is_feasible(&chosen, count) {
            let value = instance.value(&chosen);
            best = Some(best.map_or(value, |b: f64| b.max(value)));
        }
    }
    best
}

type Case = (Instance, usize, SideConstraints);

fn cases() -> impl Strategy<Value = Case> {
    (2usize..10, 1usize..25).prop_flat_map(|(n_options, n_demand)| {
        let rows = proptest::collection::vec(proptest::collection::vec(0..n_demand as u32, 0..8), n_options);
        let weights = proptest::collection::vec(0u8..6, n_demand);
        let conflicts = proptest::collection::vec((0..n_options as u32, 0..n_options as u32), 0..4);
        let forced = proptest::collection::vec((0..n_options as u32, any::<bool>()), 0..2);
        let districts = proptest::collection::vec(proptest::option::of(0u32..2), n_options);
        let quotas = proptest::collection::vec((0usize..2, 0usize..3), 2);
        // A budget in half the cases; backup weights in a third.
        let budget = proptest::option::of((proptest::collection::vec(1u8..4, n_options), 0u8..10));
        (
            (rows, weights, 0u8..3),
            conflicts,
            forced,
            districts,
            quotas,
            1..=n_options.min(5),
            budget,
        )
            .prop_map(
                move |((rows, weights, backup), conflicts, forced, districts, quotas, count, budget)| {
                    let instance = Instance::new(
                        CoverageMatrix::from_rows(n_demand, rows).unwrap(),
                        weights.into_iter().map(f64::from).collect(),
                    )
                    .unwrap();
                    let instance = match backup {
                        0 => instance.with_backup_factor(0.5).unwrap(),
                        _ => instance,
                    };
                    let mut rules = SideConstraints::new(n_options);
                    for (a, b) in conflicts {
                        rules = rules.conflict(a, b).unwrap();
                    }
                    for (o, inside) in forced {
                        rules = if inside {
                            rules.force_in(o).unwrap()
                        } else {
                            rules.force_out(o).unwrap()
                        };
                    }
                    let (min, max): (Vec<usize>, Vec<usize>) =
                        quotas.into_iter().map(|(lo, extra)| (lo, lo + extra)).unzip();
                    rules = rules.districts(districts, min, max).unwrap();
                    if let Some((costs, budget)) = budget {
                        let costs = costs.into_iter().map(f64::from).collect();
                        rules = rules.budget(costs, f64::from(budget)).unwrap();
                    }
                    (instance, count, rules)
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn constrained_plans_are_feasible_and_exact_is_optimal((instance, count, rules) in cases()) {
        let optimum = brute_force(&instance, count, &rules);
        let solve = |method| MaxCoverage::new(count).method(method).constraints(rules.clone()).solve(&instance);
        match optimum {
            None => {
                let infeasible = matches!(solve(Method::Exact), Err(Error::Infeasible { .. }));
                prop_assert!(infeasible, "brute force finds no feasible plan");
            }
            Some(optimum) => {
                let exact = solve(Method::Exact).unwrap();
                prop_assert!(exact.proven_optimal);
                prop_assert_eq!(exact.solution.objective(), optimum);
                prop_assert!(rules.is_feasible(exact.solution.chosen(), count));
                for method in [Method::Greedy, Method::LocalSearch] {
                    // Greedy may corner itself into an infeasible start; when it
                    // does not, its plan must be feasible and bounded.
                    if let Ok(report) = solve(method) {
                        prop_assert!(rules.is_feasible(report.solution.chosen(), count));
                        prop_assert!(report.solution.objective() <= optimum);
                        prop_assert!(report.upper_bound >= optimum);
                    }
                }
            }
        }
    }
}
