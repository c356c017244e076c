//! Minimum cameras for a coverage target, end to end on the synthetic
//! city: the target is met, and the plan is minimal.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

#[test]
fn the_fewest_cameras_reach_the_target() {
    let city = SyntheticCity::generate(CitySize::Small);
    let model = Circular::new(100.0).unwrap();
    for fraction in [0.5, 0.8, 0.9] {
        let request = PlanRequest::coverage_target(fraction, model).method(Method::Exact);
        let plan = plan(&city.scenario, &request).unwrap();
        assert!(plan.solver.proven_optimal, "target {fraction}");
        assert!(
            plan.objective >= fraction * plan.coverable_weight - 1e-9,
            "target {fraction}"
        );
        assert_eq!(plan.cost, plan.chosen.len() as f64);
        assert_eq!(plan.outcome.cost_lower_bound(), Some(plan.cost));
        // Proven minimal: the best plan with one camera fewer falls short.
        let fewer = PlanRequest::new(plan.chosen.len() - 1, model).method(Method::Exact);
        let best_fewer = sightline::plan(&city.scenario, &fewer).unwrap();
        assert!(best_fewer.solver.proven_optimal);
        assert!(
            best_fewer.objective < fraction * plan.coverable_weight - 1e-9,
            "target {fraction}: {} cameras would do",
            plan.chosen.len() - 1
        );
    }
}

#[test]
fn full_coverage_reaches_every_coverable_point() {
    let city = SyntheticCity::generate(CitySize::Small);
    let request = PlanRequest::coverage_target(1.0, Circular::new(100.0).unwrap())
        .time_limit(std::time::Duration::from_secs(3));
    let plan = plan(&city.scenario, &request).unwrap();
    assert_eq!(plan.objective, plan.coverable_weight);
    let lower = plan.outcome.cost_lower_bound().unwrap();
    assert!(lower <= plan.cost);
    assert!((plan.outcome.gap() - (plan.cost - lower) / plan.cost).abs() < 1e-12);
}

#[test]
fn targets_outside_the_unit_interval_are_refused() {
    let city = SyntheticCity::generate(CitySize::Small);
    for fraction in [0.0, -0.5, 1.5, f64::NAN] {
        let request = PlanRequest::coverage_target(fraction, Circular::new(100.0).unwrap());
        assert!(
            matches!(plan(&city.scenario, &request), Err(Error::BadTarget { .. })),
            "{fraction}"
        );
    }
}

/// A cheap site that covers little meets a low target; the curve must not
/// claim that no single camera covers more (a dear site covers 9 times as
/// much). A coverage target's solver bounds the cost, not the coverage.
#[test]
fn a_coverage_target_curve_bounds_every_camera_not_just_the_plan() {
    use geo_types::coord;
    let mut demand = vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0)];
    for i in 0..9 {
        demand.push(DemandPoint::new(coord! { x: 1000.0 + i as f64, y: 0.0 }, 1.0));
    }
    let sites = vec![
        CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "A").with_cost(1.0),
        CandidateSite::new(coord! { x: 1004.0, y: 0.0 }, "B").with_cost(5.0),
    ];
    let scenario = Scenario::new(demand, sites);
    let plan = plan(
        &scenario,
        &PlanRequest::coverage_target(0.1, Circular::new(10.0).unwrap()),
    )
    .unwrap();
    assert_eq!(plan.chosen[0].id, "A");
    let step = plan.curve[0];
    assert_eq!(step.score, 1.0);
    assert!(step.upper_bound >= 9.0, "{step:?}");
}
