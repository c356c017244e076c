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

/// Camera types at many sites: 1,100 sites along a street with 4
/// headings each (4,400 options, more than the search keeps to one thread
/// for), the headings of a site in conflict. Each heading sees a point of
/// its own and the site's point; heading 0 also sees the point between
/// the site and the next one, which the next site's heading 1 sees too.
/// The optimum, by dynamic programming along the street: `exact` runs the
/// branch and cut (a row per site for its conflicts) beside the search,
/// each pruning against the other's plans, and proves it.
#[test]
#[allow(clippy::needless_range_loop)] // sites, headings and counts index several tables each
fn exact_proves_camera_types_at_many_sites() {
    let (sites, headings, count) = (1100usize, 4usize, 60usize);
    let mut state = 12_345u64;
    let mut next = |below: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % below) as f64
    };
    let site: Vec<f64> = (0..sites).map(|_| next(20)).collect();
    let own: Vec<Vec<f64>> = (0..sites)
        .map(|_| (0..headings).map(|_| next(30)).collect())
        .collect();
    let link: Vec<f64> = (0..sites - 1).map(|_| next(40)).collect();
    // Points: sites, then links, then one per option.
    let mut weights = site.clone();
    weights.extend(&link);
    let mut rows = Vec::new();
    let mut rules = SideConstraints::new(sites * headings);
    for s in 0..sites {
        for h in 0..headings {
            let mut row = vec![s as u32];
            if h == 0 && s + 1 < sites {
                row.push((sites + s) as u32);
            }
            if h == 1 && s > 0 {
                row.push((sites + s - 1) as u32);
            }
            row.push(weights.len() as u32);
            weights.push(own[s][h]);
            rows.push(row);
            for other in 0..h {
                rules = rules
                    .conflict((s * headings + other) as u32, (s * headings + h) as u32)
                    .unwrap();
            }
        }
    }
    // best[k][h]: the most seen by the sites so far with k cameras, the
    // last site's heading h (`headings` for none).
    let none = headings;
    let mut best = vec![vec![f64::NEG_INFINITY; headings + 1]; count + 1];
    best[0][none] = 0.0;
    for s in 0..sites {
        let mut next_best = vec![vec![f64::NEG_INFINITY; headings + 1]; count + 1];
        for k in 0..=count {
            for previous in 0..=headings {
                let value = best[k][previous];
                if value == f64::NEG_INFINITY {
                    continue;
                }
                next_best[k][none] = next_best[k][none].max(value);
                if k == count {
                    continue;
                }
                for h in 0..headings {
                    let mut gain = site[s] + own[s][h];
                    if h == 0 && s + 1 < sites {
                        gain += link[s];
                    }
                    if h == 1 && s > 0 && previous != 0 {
                        gain += link[s - 1];
                    }
                    next_best[k + 1][h] = next_best[k + 1][h].max(value + gain);
                }
            }
        }
        best = next_best;
    }
    let optimum = best.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    let instance = Instance::new(CoverageMatrix::from_rows(weights.len(), rows).unwrap(), weights).unwrap();
    let report = MaxCoverage::new(count)
        .method(Method::Exact)
        .constraints(rules.clone())
        .time_limit(std::time::Duration::from_secs(120))
        .solve(&instance)
        .unwrap();
    assert!(rules.is_feasible(report.solution.chosen(), count));
    assert_eq!(report.solution.objective(), optimum);
    assert!(report.proven_optimal, "bound {}", report.upper_bound);
}
