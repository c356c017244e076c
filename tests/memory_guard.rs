//! The memory guard's counts against the coverage actually built: with no
//! more than `SAMPLED_DEMAND` demand points every point is looked at, so
//! the estimate's pairs and matrix entries must be exact (buildings
//! aside, which only hide pairs).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use sightline::coverage::{CameraType, Decay, ExistingCamera, Site, ViewModel};
use sightline::index::PointIndex;
use sightline::memory::{MemoryLimit, SAMPLED_DEMAND, estimate_coverage};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

#[test]
fn disc_pairs_are_counted_exactly() {
    let city = SyntheticCity::generate(CitySize::Small);
    let scenario = &city.scenario;
    assert!(scenario.demand().len() <= SAMPLED_DEMAND);
    let demand: Vec<_> = scenario.demand().iter().map(|d| d.location).collect();
    let index = PointIndex::new(&demand);
    for radius in [30.0, 100.0, 250.0] {
        let estimate = estimate_coverage(scenario, &PlanRequest::new(5, Circular::new(radius).unwrap()));
        let exact: u64 = scenario
            .sites()
            .iter()
            .map(|s| index.within(s.location, radius).count() as u64)
            .sum();
        assert_eq!(
            (estimate.pairs, estimate.entries),
            (exact, exact),
            "radius {radius}"
        );
        assert_eq!(estimate.options, scenario.sites().len());
    }
}

#[test]
fn view_cone_entries_are_counted_exactly_with_levels_and_existing_cameras() {
    let city = SyntheticCity::generate(CitySize::Small);
    let scenario = &city.scenario;
    let demand: Vec<_> = scenario.demand().iter().map(|d| d.location).collect();
    let index = PointIndex::new(&demand);
    let sites: Vec<Site> = scenario.sites().iter().map(|s| Site::new(s.location)).collect();
    let types = vec![
        CameraType::new("fixed", 120.0, 90.0)
            .unwrap()
            .headings(8)
            .unwrap()
            .decay(Decay::Linear { full_m: 20.0 })
            .unwrap(),
        CameraType::new("dome", 60.0, 360.0).unwrap(),
    ];
    for levels in [1, 10, 37] {
        let model = CameraModel::types(types.clone(), levels)
            .unwrap()
            .with_existing_range_m(80.0)
            .unwrap();
        let request = PlanRequest::new(5, model.clone());
        let estimate = estimate_coverage(scenario, &request);
        let existing: Vec<ExistingCamera> = scenario
            .existing()
            .iter()
            .map(|&e| ExistingCamera::disc(e, model.existing_range_m()))
            .collect();
        let view = ViewModel::new(types.clone())
            .unwrap()
            .build(&index, &sites, &existing, None);
        let pairs: u64 = (0..view.options().len())
            .map(|o| view.seen_by(o).len() as u64)
            .sum();
        let entries = view.leveled(levels).matrix.nnz() as u64;
        assert_eq!(estimate.options, view.options().len(), "levels {levels}");
        assert_eq!(
            (estimate.pairs, estimate.entries),
            (pairs, entries),
            "levels {levels}"
        );
    }
}

#[test]
fn the_guard_refuses_before_building_and_names_what_to_change() {
    let city = SyntheticCity::generate(CitySize::Small);
    let request = PlanRequest::new(5, Circular::new(300.0).unwrap());
    let needed = estimate_coverage(&city.scenario, &request).bytes;
    let refused = plan(
        &city.scenario,
        &request.clone().memory_limit(MemoryLimit::Bytes(needed - 1)),
    )
    .unwrap_err();
    match &refused {
        Error::MemoryLimit { needed: n, limit, .. } => assert_eq!((*n, *limit), (needed, needed - 1)),
        other => panic!("expected the memory guard, got {other}"),
    }
    assert!(refused.to_string().contains("smaller camera range"), "{refused}");
    plan(&city.scenario, &request.memory_limit(MemoryLimit::Bytes(needed))).unwrap();
}

#[test]
fn far_more_than_the_machine_has_is_refused_under_the_default_limit() {
    // A 20 km camera over the large city (9.6 km × 7.5 km): every site sees
    // every demand point, 200,000 × 20,000 pairs, at least 14 bytes each.
    let Some(total) = sightline::memory::physical_memory() else {
        println!("skipping: the machine's memory is unknown here");
        return;
    };
    let city = SyntheticCity::generate(CitySize::Large);
    let pairs = (city.scenario.demand().len() * city.scenario.sites().len()) as u64;
    if pairs * 14 <= total / 2 {
        println!("skipping: this machine has {total} bytes, enough for {pairs} pairs");
        return;
    }
    let refused = plan(
        &city.scenario,
        &PlanRequest::new(5, Circular::new(20_000.0).unwrap()),
    )
    .unwrap_err();
    assert!(matches!(refused, Error::MemoryLimit { .. }), "{refused}");
    assert!(refused.to_string().contains("would need at least"), "{refused}");
}

#[test]
fn what_cannot_be_asked_is_said_before_anything_is_counted() {
    // A coverage target with several headings per site is not supported:
    // said at once, even where the coverage would not fit.
    let city = SyntheticCity::generate(CitySize::Small);
    let fixed = CameraType::new("fixed", 300.0, 90.0)
        .unwrap()
        .headings(8)
        .unwrap();
    let request = PlanRequest::coverage_target(0.5, CameraModel::types(vec![fixed], 10).unwrap())
        .memory_limit(MemoryLimit::Bytes(1));
    let err = plan(&city.scenario, &request).unwrap_err();
    assert!(matches!(err, Error::TargetWithChoices), "{err}");
}
