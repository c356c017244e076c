//! Budgets and backup coverage end to end on the synthetic city: plans
//! keep the budget, scores are recomputed from plain distances, and the
//! methods are ordered greedy ≤ local search ≤ exact.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::time::Duration;

use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

/// The small city with site costs 1, 2 and 3 in turn.
fn priced_city() -> Scenario {
    let city = SyntheticCity::generate(CitySize::Small).scenario;
    let sites = city
        .sites()
        .iter()
        .enumerate()
        .map(|(k, s)| s.clone().with_cost(1.0 + (k % 3) as f64))
        .collect();
    Scenario::new(city.demand().to_vec(), sites)
        .with_existing(city.existing().to_vec())
        .with_districts(city.districts().to_vec())
}

#[test]
fn budgets_are_kept_and_spent_well() {
    let scenario = priced_city();
    let model = Circular::new(100.0).unwrap();
    let budget = 25.0;
    let solve = |method| {
        let request = PlanRequest::within_budget(budget, model)
            .method(method)
            .time_limit(Duration::from_secs(20));
        plan(&scenario, &request).unwrap()
    };
    let (greedy, local, exact) = (
        solve(Method::Greedy),
        solve(Method::LocalSearch),
        solve(Method::Exact),
    );
    for plan in [&greedy, &local, &exact] {
        let cost: f64 = plan.chosen.iter().map(|c| scenario.sites()[c.site].cost).sum();
        assert!(cost <= budget + 1e-9, "{}: cost {cost}", plan.solver.method);
        assert_eq!(plan.cost, cost);
        assert_eq!(plan.outcome.budget(), Some(budget));
        assert_eq!(plan.outcome.cameras(), None);
        assert!(plan.outcome.upper_bound().expect("a bound on the score") >= plan.score - 1e-9);
        assert_eq!(plan.score, plan.objective);
    }
    assert!(greedy.objective <= local.objective);
    assert!(local.objective <= exact.objective);
    // The budget buys 25 of the cheapest sites at most; the cost-blind
    // plan with as many cameras is a bound no budget plan can beat.
    let cheapest_count = plan(&scenario, &PlanRequest::new(25, model).method(Method::Exact)).unwrap();
    assert!(exact.objective <= cheapest_count.outcome.upper_bound().unwrap());
    eprintln!(
        "budget {budget}: greedy {} / local {} / exact {} (bound {}, proven {}, {} cameras)",
        greedy.objective,
        local.objective,
        exact.objective,
        exact.outcome.upper_bound().expect("a bound on the score"),
        exact.solver.proven_optimal,
        exact.chosen.len()
    );
    // A cap on the count as well.
    let capped = plan(
        &scenario,
        &PlanRequest::new(5, model).budget(budget).method(Method::Exact),
    )
    .unwrap();
    assert!(capped.chosen.len() <= 5);
    assert!(capped.cost <= budget);
}

/// How many cameras (existing within `existing_m`, chosen within
/// `radius_m`) see each demand point, from plain distances.
fn times_seen(scenario: &Scenario, plan: &Plan, radius_m: f64, existing_m: f64) -> Vec<usize> {
    let near = |a: geo_types::Coord<f64>, b: geo_types::Coord<f64>, r: f64| (a.x - b.x).hypot(a.y - b.y) <= r;
    scenario
        .demand()
        .iter()
        .map(|d| {
            scenario
                .existing()
                .iter()
                .filter(|&&e| near(d.location, e, existing_m))
                .count()
                + plan
                    .chosen
                    .iter()
                    .filter(|c| near(d.location, c.location, radius_m))
                    .count()
        })
        .collect()
}

#[test]
fn backup_scores_match_plain_distances_and_trade_coverage_for_backup() {
    let city = SyntheticCity::generate(CitySize::Small).scenario;
    let model = Circular::new(100.0).unwrap();
    let solve = |method, backup: Option<f64>| {
        let mut request = PlanRequest::new(15, model)
            .method(method)
            .time_limit(Duration::from_secs(20));
        if let Some(w) = backup {
            request = request.backup_weight(w);
        }
        plan(&city, &request).unwrap()
    };
    let weight_where = |times: &[usize], at_least: usize| -> f64 {
        city.demand()
            .iter()
            .zip(times)
            .filter(|(_, t)| **t >= at_least)
            .map(|(d, _)| d.weight)
            .sum()
    };
    let mut scores = Vec::new();
    for method in [Method::Greedy, Method::LocalSearch, Method::Exact] {
        let plan = solve(method, Some(0.5));
        let times = times_seen(&city, &plan, 100.0, 100.0);
        assert!((plan.objective - weight_where(&times, 1)).abs() < 1e-6);
        assert!((plan.backed_up_after - weight_where(&times, 2)).abs() < 1e-6);
        assert!((plan.score - (plan.objective + 0.5 * plan.backed_up_after)).abs() < 1e-9);
        assert!(plan.outcome.upper_bound().expect("a bound on the score") >= plan.score - 1e-9);
        assert_eq!(plan.outcome.backup_weight(), Some(0.5));
        scores.push(plan.score);
    }
    assert!(scores[0] <= scores[1] && scores[1] <= scores[2], "{scores:?}");
    // Plain maximum coverage covers at least as much; backup coverage
    // backs up at least as much.
    let plain = solve(Method::Exact, None);
    let backup = solve(Method::Exact, Some(0.5));
    assert!(plain.solver.proven_optimal && backup.solver.proven_optimal);
    let plain_times = times_seen(&city, &plain, 100.0, 100.0);
    assert!(plain.objective >= backup.objective);
    assert!(weight_where(&plain_times, 2) <= backup.backed_up_after);
    eprintln!(
        "15 cameras: plain covers {} (backed up {}), backup 0.5 covers {} (backed up {})",
        plain.objective,
        weight_where(&plain_times, 2),
        backup.objective,
        backup.backed_up_after
    );
    // Backup weight 0 is plain maximum coverage.
    let zero = solve(Method::Exact, Some(0.0));
    assert_eq!(zero.objective, plain.objective);
}

#[test]
fn bad_budgets_and_backup_weights_are_refused() {
    let city = SyntheticCity::generate(CitySize::Small).scenario;
    let model = Circular::new(100.0).unwrap();
    for budget in [-1.0, f64::NAN, f64::INFINITY] {
        let err = plan(&city, &PlanRequest::within_budget(budget, model)).unwrap_err();
        assert!(err.to_string().contains("budget"), "{err}");
    }
    for weight in [-0.1, 1.5, f64::NAN] {
        let err = plan(&city, &PlanRequest::new(5, model).backup_weight(weight)).unwrap_err();
        assert!(matches!(err, Error::BadBackupWeight { .. }), "{err}");
    }
    let err = plan(
        &city,
        &PlanRequest::coverage_target(0.5, model).backup_weight(0.5),
    )
    .unwrap_err();
    assert!(matches!(err, Error::TargetWithBackup), "{err}");
}
