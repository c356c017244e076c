//! District quotas, spacing and forced sites, end to end on the synthetic
//! city: every plan keeps them.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

#[test]
fn quotas_and_spacing_are_kept_by_every_method() {
    let city = SyntheticCity::generate(CitySize::Small);
    let model = Circular::new(100.0).unwrap();
    let free = plan(
        &city.scenario,
        &PlanRequest::new(20, model).method(Method::LocalSearch),
    )
    .unwrap();
    for method in [Method::Greedy, Method::LocalSearch, Method::Exact] {
        let request = PlanRequest::new(20, model)
            .method(method)
            .time_limit(std::time::Duration::from_secs(3))
            .min_per_district(4)
            .max_per_district(6)
            .min_spacing_m(150.0)
            .force_in(["P00001"])
            .force_out(["P00155"]);
        let plan = plan(&city.scenario, &request).unwrap();
        assert_eq!(plan.chosen.len(), 20, "{method}");
        for district in &plan.districts.rows {
            assert!(
                (4..=6).contains(&district.cameras_added),
                "{method}: {district:?}"
            );
        }
        for (i, a) in plan.chosen.iter().enumerate() {
            for b in &plan.chosen[i + 1..] {
                let d = (a.location.x - b.location.x).hypot(a.location.y - b.location.y);
                assert!(d >= 150.0, "{method}: {} and {} are {d:.1} m apart", a.id, b.id);
            }
        }
        assert!(plan.chosen.iter().any(|s| s.id == "P00001"), "{method}");
        assert!(plan.chosen.iter().all(|s| s.id != "P00155"), "{method}");
        assert!(plan.outcome.upper_bound().expect("a bound on the score") >= plan.objective);
        // The rules can only cost coverage: no constrained plan beats the
        // unconstrained bound.
        assert!(
            plan.objective <= free.outcome.upper_bound().expect("a bound on the score"),
            "{method}"
        );
    }
}

#[test]
fn impossible_rules_are_refused() {
    let city = SyntheticCity::generate(CitySize::Small);
    let model = Circular::new(100.0).unwrap();
    // Four districts, at least six cameras each: 24 > 20.
    let request = PlanRequest::new(20, model).min_per_district(6);
    let err = plan(&city.scenario, &request).unwrap_err();
    assert!(err.to_string().contains("cannot all be met"), "{err}");
    let unknown = PlanRequest::new(5, model).force_in(["no-such-pole"]);
    assert!(matches!(
        plan(&city.scenario, &unknown),
        Err(Error::UnknownSite { .. })
    ));
    let target = PlanRequest::coverage_target(0.5, model).max_per_district(3);
    assert!(matches!(
        plan(&city.scenario, &target),
        Err(Error::TargetWithRules)
    ));
}
