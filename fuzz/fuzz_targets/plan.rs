//! The whole planning pipeline on small scenes built from arbitrary bytes:
//! coordinates (NaN, infinite, huge, repeated), weights, costs, headings,
//! existing cameras and their views, districts, buildings, camera types
//! and every kind of request. Errors are fine; a panic is a bug, and so is
//! a plan that breaks its own invariants (checked below).
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use libfuzzer_sys::fuzz_target;
use sightline::coverage::{CameraModel, CameraType, Circular};
use sightline::memory::MemoryLimit;
use sightline::prelude::*;

#[derive(Debug, Arbitrary)]
struct Scene {
    demand: Vec<((i16, i16), u8)>,
    sites: Vec<((i16, i16), u8, Option<Vec<i16>>)>,
    existing: Vec<((i16, i16), Option<(i16, u8)>)>,
    districts: Vec<Vec<(i16, i16)>>,
    buildings: Vec<Vec<(i16, i16)>>,
    /// Replaces one demand coordinate with a special value.
    special: Option<(u8, Special)>,
    radius: u16,
    types: Vec<(u16, u16, u8, u8)>,
    goal: Goal_,
    method: u8,
    backup: Option<u8>,
    rules: (Option<u8>, Option<u8>, Option<u16>, Vec<u8>, Vec<u8>),
    levels: u8,
}

#[derive(Debug, Arbitrary)]
enum Special {
    Nan,
    Infinite,
    Huge,
    Tiny,
}

#[derive(Debug, Arbitrary)]
#[allow(non_camel_case_types)]
enum Goal_ {
    Cameras(u8),
    Budget(u16),
    CamerasAndBudget(u8, u16),
    Coverage(u8),
}

fn coord((x, y): (i16, i16)) -> Coord<f64> {
    Coord { x: f64::from(x), y: f64::from(y) }
}

fn ring(points: &[(i16, i16)]) -> MultiPolygon<f64> {
    let ring: Vec<Coord<f64>> = points.iter().take(12).map(|&p| coord(p)).collect();
    MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])])
}

fuzz_target!(|scene: Scene| {
    let mut demand: Vec<DemandPoint> = scene
        .demand
        .iter()
        .take(64)
        .map(|&(p, w)| DemandPoint::new(coord(p), f64::from(w) / 4.0))
        .collect();
    if let (Some((which, special)), false) = (&scene.special, demand.is_empty()) {
        let i = usize::from(*which) % demand.len();
        demand[i].location.x = match special {
            Special::Nan => f64::NAN,
            Special::Infinite => f64::INFINITY,
            Special::Huge => 1e300,
            Special::Tiny => 1e-300,
        };
    }
    let sites: Vec<CandidateSite> = scene
        .sites
        .iter()
        .take(16)
        .enumerate()
        .map(|(i, (p, cost, headings))| {
            let site = CandidateSite::new(coord(*p), format!("s{i}")).with_cost(f64::from(*cost));
            match headings {
                Some(h) => site.with_headings(h.iter().take(8).map(|&d| f64::from(d)).collect()),
                None => site,
            }
        })
        .collect();
    let existing: Vec<Coord<f64>> = scene.existing.iter().take(8).map(|(p, _)| coord(*p)).collect();
    let views: Vec<Option<(f64, f64)>> = scene
        .existing
        .iter()
        .take(8)
        .map(|(_, v)| v.map(|(h, f)| (f64::from(h), f64::from(f) * 2.0)))
        .collect();
    let districts: Vec<District> = scene
        .districts
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, r)| District::new(format!("d{i}"), ring(r)))
        .collect();
    let buildings: Vec<MultiPolygon<f64>> = scene.buildings.iter().take(6).map(|r| ring(r)).collect();
    let scenario = Scenario::new(demand, sites)
        .with_existing(existing)
        .with_existing_views(views)
        .with_districts(districts)
        .with_buildings(buildings);

    let Ok(disc) = Circular::new(f64::from(scene.radius) / 10.0) else {
        return;
    };
    let types: Vec<CameraType> = scene
        .types
        .iter()
        .take(3)
        .enumerate()
        .filter_map(|(i, &(range, fov, headings, cost))| {
            CameraType::new(format!("t{i}"), f64::from(range) / 10.0, f64::from(fov % 400))
                .and_then(|t| t.headings(u32::from(headings % 10)))
                .and_then(|t| t.cost(f64::from(cost) / 8.0))
                .ok()
        })
        .collect();
    // Camera types see through view cones; the disc's radius is then the
    // existing cameras' range.
    let model = if types.is_empty() {
        CameraModel::from(disc)
    } else {
        match CameraModel::types(types, u32::from(scene.levels % 12).max(1))
            .and_then(|m| m.with_existing_range_m(disc.existing_radius_m()))
        {
            Ok(model) => model,
            Err(_) => return,
        }
    };
    let request = match scene.goal {
        Goal_::Cameras(p) => PlanRequest::new(usize::from(p % 8), model),
        Goal_::Budget(b) => PlanRequest::within_budget(f64::from(b) / 4.0, model),
        Goal_::CamerasAndBudget(p, b) => PlanRequest::new(usize::from(p % 8), model).budget(f64::from(b) / 4.0),
        Goal_::Coverage(f) => PlanRequest::coverage_target(f64::from(f) / 200.0, model),
    };
    let method = match scene.method % 4 {
        0 => Method::Greedy,
        1 => Method::LocalSearch,
        2 => Method::Exact,
        _ => Method::Auto,
    };
    // A fixed limit: the same on every machine, and no reading of the
    // machine's memory for every input. The guard itself is fuzzed too.
    let mut request = request
        .memory_limit(MemoryLimit::Bytes(64 << 20))
        .method(method)
        .time_limit(Duration::from_millis(200));
    if let Some(b) = scene.backup {
        request = request.backup_weight(f64::from(b) / 128.0);
    }
    let (min, max, spacing, force_in, force_out) = &scene.rules;
    if let Some(n) = min {
        request = request.min_per_district(usize::from(n % 3));
    }
    if let Some(n) = max {
        request = request.max_per_district(usize::from(n % 3));
    }
    if let Some(m) = spacing {
        request = request.min_spacing_m(f64::from(*m) / 10.0);
    }
    request = request
        .force_in(force_in.iter().take(2).map(|i| format!("s{}", i % 20)))
        .force_out(force_out.iter().take(2).map(|i| format!("s{}", i % 20)));

    let Ok(plan) = sightline::plan(&scenario, &request) else {
        return;
    };
    let slack = 1e-6 * plan.total_weight.max(1.0);
    assert!(plan.objective <= plan.total_weight + slack, "{plan:?}");
    assert!(plan.objective + slack >= plan.covered_before, "{plan:?}");
    if plan.outcome.target().is_none() {
        assert!(plan.score <= plan.outcome.upper_bound().unwrap_or(plan.score) + slack, "score above its bound: {plan:?}");
    }
    assert!(plan.outcome.gap() >= -1e-9 && plan.outcome.gap().is_finite(), "{plan:?}");
    if let Some(p) = plan.outcome.cameras() {
        assert!(plan.chosen.len() <= p);
    }
    if let Some(budget) = plan.outcome.budget() {
        assert!(plan.cost <= budget + 1e-9, "{plan:?}");
    }
    for step in &plan.curve {
        assert!(step.score <= step.upper_bound + slack, "{step:?}");
    }
});
