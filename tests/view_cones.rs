//! View cones, camera types and buildings end to end: plans keep one
//! camera per site, their figures match plain geometry, a 360° step camera
//! plans like the disc, and buildings only take coverage away.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::time::Duration;

use geo_types::{MultiPolygon, polygon};
use sightline::coverage::{CameraType, in_view};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

fn city() -> Scenario {
    SyntheticCity::generate(CitySize::Small).scenario
}

#[test]
fn cone_plans_keep_one_camera_per_site_and_match_geometry() {
    let scenario = city();
    let fixed = CameraType::new("fixed", 100.0, 90.0)
        .unwrap()
        .headings(8)
        .unwrap();
    let ptz = CameraType::new("ptz", 60.0, 360.0).unwrap().cost(3.0).unwrap();
    let mut objectives = Vec::new();
    for method in [Method::Greedy, Method::LocalSearch, Method::Exact] {
        let model = CameraModel::types(vec![fixed.clone(), ptz.clone()], 10).unwrap();
        let request = PlanRequest::new(15, model)
            .method(method)
            .time_limit(Duration::from_secs(20));
        let plan = plan(&scenario, &request).unwrap();
        let sites: HashSet<usize> = plan.chosen.iter().map(|c| c.site).collect();
        assert_eq!(
            sites.len(),
            plan.chosen.len(),
            "{method}: two cameras at one site"
        );
        // Recompute from plain geometry: a point counts when an existing
        // camera (a 100 m disc) or a chosen camera sees it.
        let seen = |d: &DemandPoint| {
            scenario
                .existing()
                .iter()
                .any(|e| (e.x - d.location.x).hypot(e.y - d.location.y) <= 100.0)
                || plan.chosen.iter().any(|c| {
                    let distance = (c.location.x - d.location.x).hypot(c.location.y - d.location.y);
                    match c.camera_type.as_deref() {
                        Some("fixed") => {
                            distance <= 100.0 && in_view(c.location, c.heading_deg.unwrap(), 90.0, d.location)
                        }
                        Some("ptz") => distance <= 60.0,
                        other => panic!("unexpected camera type {other:?}"),
                    }
                })
        };
        let objective: f64 = scenario
            .demand()
            .iter()
            .filter(|d| seen(d))
            .map(|d| d.weight)
            .sum();
        assert!(
            (objective - plan.objective).abs() < 1e-6,
            "{method}: {objective} vs {}",
            plan.objective
        );
        assert!(plan.outcome.upper_bound().expect("a bound on the score") >= plan.objective);
        for c in &plan.chosen {
            match c.camera_type.as_deref() {
                Some("fixed") => assert!(c.heading_deg.is_some() && c.cost == 1.0),
                _ => assert!(c.heading_deg.is_none() && c.cost == 3.0),
            }
        }
        objectives.push(plan.objective);
    }
    assert!(
        objectives[0] <= objectives[1] && objectives[1] <= objectives[2],
        "{objectives:?}"
    );
}

#[test]
fn a_full_circle_step_camera_plans_like_the_disc() {
    let scenario = city();
    let model = Circular::new(100.0).unwrap();
    let disc = plan(&scenario, &PlanRequest::new(12, model).method(Method::Exact)).unwrap();
    let dome = CameraType::new("dome", 100.0, 360.0).unwrap();
    let cones = plan(
        &scenario,
        &PlanRequest::new(12, CameraModel::types(vec![dome], 10).unwrap()).method(Method::Exact),
    )
    .unwrap();
    assert!(disc.solver.proven_optimal && cones.solver.proven_optimal);
    assert_eq!(disc.objective, cones.objective);
    assert_eq!(disc.covered_before, cones.covered_before);
}

#[test]
fn buildings_only_take_coverage_away() {
    let scenario = city();
    // A row of 40 m blocks across the city.
    let blocks: Vec<MultiPolygon<f64>> = (0..30)
        .flat_map(|i| {
            (0..30).map(move |j| {
                let (x, y) = (f64::from(i) * 120.0 + 30.0, f64::from(j) * 120.0 + 30.0);
                MultiPolygon(vec![polygon![(x: x, y: y), (x: x + 40.0, y: y), (x: x + 40.0, y: y + 40.0), (x: x, y: y + 40.0)]])
            })
        })
        .collect();
    let fixed = CameraType::new("fixed", 100.0, 120.0)
        .unwrap()
        .headings(6)
        .unwrap();
    let model = CameraModel::types(vec![fixed], 10).unwrap();
    let request = PlanRequest::new(15, model).method(Method::LocalSearch);
    let open = plan(&scenario, &request).unwrap();
    let built = plan(&scenario.clone().with_buildings(blocks), &request).unwrap();
    // The bound of the open city bounds every plan of the built-up one.
    assert!(built.objective <= open.outcome.upper_bound().unwrap() + 1e-9);
    assert!(built.covered_before <= open.covered_before + 1e-9);
    // What the cameras see, for maps: every view of the built-up plan is
    // no larger than the same camera's view in the open city.
    use geo::Area;
    let cone_area = std::f64::consts::PI * 100.0 * 100.0 * 120.0 / 360.0;
    assert_eq!(built.views.len(), 15 + scenario.existing().len());
    for view in built.views.iter().filter(|v| !v.existing) {
        let area = view.area.unsigned_area();
        assert!(area <= cone_area * 1.001, "{}: {area} > {cone_area}", view.id);
    }
    let shrunk = built
        .views
        .iter()
        .filter(|v| !v.existing && v.area.unsigned_area() < 0.99 * cone_area)
        .count();
    assert!(shrunk > 0, "no view was cut by a building");
    eprintln!(
        "15 fixed cameras: open city {} (bound {}), with 900 blocks {} (bound {})",
        open.objective,
        open.outcome.upper_bound().unwrap(),
        built.objective,
        built.outcome.upper_bound().unwrap()
    );
}

#[test]
fn several_headings_per_site_are_refused_where_unsupported() {
    let scenario = city();
    let fixed = CameraType::new("fixed", 100.0, 90.0)
        .unwrap()
        .headings(4)
        .unwrap();
    let model = CameraModel::types(vec![fixed], 10).unwrap();
    let target = PlanRequest::coverage_target(0.5, model.clone());
    assert!(matches!(plan(&scenario, &target), Err(Error::TargetWithChoices)));
    let forced = PlanRequest::new(5, model).force_in(["P00001"]);
    let err = plan(&scenario, &forced).unwrap_err();
    assert!(err.to_string().contains("several headings"), "{err}");
}
