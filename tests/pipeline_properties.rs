//! Properties of the whole pipeline (scenario → coverage → exact solver →
//! plan) on small random planar scenes:
//!
//! - moving or turning the scene does not change the optimum;
//! - another camera, new or existing, never lowers coverage;
//! - a demand point split into two of half the weight at the same place
//!   does not change the optimum.
//!
//! Coordinates are whole metres and no distance is exactly the radius
//! (nor a target exactly on a view cone's edge), so that the rounding of a
//! turned or moved scene cannot put a point on the other side of a
//! boundary: the properties are about the model, not about ties.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use geo_types::{Coord, coord};
use proptest::prelude::*;
use sightline::coverage::CameraType;
use sightline::prelude::*;

/// A small scene in whole metres.
#[derive(Debug, Clone)]
struct Scene {
    demand: Vec<(Coord<f64>, f64)>,
    sites: Vec<Coord<f64>>,
    existing: Vec<Coord<f64>>,
    radius: f64,
    cameras: usize,
}

impl Scene {
    fn scenario(&self) -> Scenario {
        let demand = self.demand.iter().map(|&(c, w)| DemandPoint::new(c, w)).collect();
        let sites = self
            .sites
            .iter()
            .enumerate()
            .map(|(i, &c)| CandidateSite::new(c, format!("s{i}")))
            .collect();
        Scenario::new(demand, sites).with_existing(self.existing.clone())
    }

    /// The scene with every coordinate mapped by `f`.
    fn mapped(&self, f: impl Fn(Coord<f64>) -> Coord<f64>) -> Scene {
        Scene {
            demand: self.demand.iter().map(|&(c, w)| (f(c), w)).collect(),
            sites: self.sites.iter().map(|&c| f(c)).collect(),
            existing: self.existing.iter().map(|&c| f(c)).collect(),
            ..self.clone()
        }
    }

    /// True when no camera–demand distance is exactly the radius, and (for
    /// view cones facing the compass points) no target lies on a cone's
    /// edge.
    fn clear_of_boundaries(&self) -> bool {
        let r2 = self.radius * self.radius;
        self.sites.iter().chain(&self.existing).all(|s| {
            self.demand.iter().all(|(d, _)| {
                let (dx, dy) = (d.x - s.x, d.y - s.y);
                dx * dx + dy * dy != r2 && (dx == 0.0 && dy == 0.0 || dx.abs() != dy.abs())
            })
        })
    }
}

fn whole(range: std::ops::Range<i32>) -> impl Strategy<Value = f64> {
    range.prop_map(f64::from)
}

fn point() -> impl Strategy<Value = Coord<f64>> {
    (whole(0..300), whole(0..300)).prop_map(|(x, y)| coord! { x: x, y: y })
}

fn scene() -> impl Strategy<Value = Scene> {
    (
        prop::collection::vec((point(), whole(1..10)), 1..14),
        prop::collection::vec(point(), 2..8),
        prop::collection::vec(point(), 0..3),
        whole(30..150),
        1usize..4,
    )
        .prop_map(|(demand, sites, existing, radius, cameras)| {
            let cameras = cameras.min(sites.len());
            Scene {
                demand,
                sites,
                existing,
                radius,
                cameras,
            }
        })
        .prop_filter("a distance on a boundary", Scene::clear_of_boundaries)
}

/// The proven optimum of `request` on `scene`.
fn optimum(scene: &Scene, request: &PlanRequest) -> f64 {
    let plan = plan(&scene.scenario(), request).unwrap();
    assert!(plan.solver.proven_optimal, "the exact search did not finish");
    plan.objective
}

fn disc(scene: &Scene, cameras: usize) -> PlanRequest {
    PlanRequest::new(cameras, Circular::new(scene.radius).unwrap()).method(Method::Exact)
}

/// `disc(scene, cameras)` with a fixed 90° camera facing north, east,
/// south or west instead of the disc.
fn cones(scene: &Scene, cameras: usize) -> PlanRequest {
    let fixed = CameraType::new("fixed", scene.radius, 90.0)
        .unwrap()
        .headings(4)
        .unwrap();
    of_types(cameras, vec![fixed])
}

/// `disc(scene, cameras)` with camera types instead of the disc (the
/// existing cameras see as far as the longest type).
fn of_types(cameras: usize, types: Vec<CameraType>) -> PlanRequest {
    PlanRequest::new(cameras, CameraModel::types(types, 10).unwrap()).method(Method::Exact)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn moving_and_turning_the_scene_keeps_the_optimum(
        scene in scene(),
        dx in -1.0e6f64..1.0e6,
        dy in -1.0e6f64..1.0e6,
        angle in 0.0f64..std::f64::consts::TAU,
    ) {
        let base = optimum(&scene, &disc(&scene, scene.cameras));
        let (sin, cos) = angle.sin_cos();
        let turned = scene.mapped(|c| coord! { x: c.x * cos - c.y * sin + dx, y: c.x * sin + c.y * cos + dy });
        let moved = optimum(&turned, &disc(&turned, turned.cameras));
        prop_assert!(close(base, moved), "optimum {} became {} after turning by {} rad and moving", base, moved, angle);
    }

    #[test]
    fn view_cones_keep_the_optimum_when_the_scene_turns_a_quarter(
        scene in scene(),
        quarters in 1u8..4,
        dx in -1000i32..1000,
    ) {
        let base = optimum(&scene, &cones(&scene, scene.cameras));
        // A quarter turn clockwise: north becomes east, so the four
        // headings map onto each other.
        let turned = scene.mapped(|c| {
            let mut c = c;
            for _ in 0..quarters {
                c = coord! { x: c.y, y: -c.x };
            }
            coord! { x: c.x + f64::from(dx), y: c.y }
        });
        let moved = optimum(&turned, &cones(&turned, turned.cameras));
        prop_assert!(close(base, moved), "optimum {} became {} after {} quarter turns", base, moved, quarters);
    }

    #[test]
    fn one_more_camera_never_lowers_the_optimum(scene in scene()) {
        prop_assume!(scene.cameras < scene.sites.len());
        let p = optimum(&scene, &disc(&scene, scene.cameras));
        let p_plus_one = optimum(&scene, &disc(&scene, scene.cameras + 1));
        prop_assert!(p_plus_one >= p - 1e-9, "{} cameras cover {}, {} cover {}", scene.cameras, p, scene.cameras + 1, p_plus_one);
    }

    #[test]
    fn one_more_existing_camera_never_lowers_the_optimum(scene in scene(), extra in point()) {
        let before = optimum(&scene, &disc(&scene, scene.cameras));
        let mut more = scene.clone();
        more.existing.push(extra);
        let after = optimum(&more, &disc(&more, more.cameras));
        prop_assert!(after >= before - 1e-9, "an existing camera at {:?} lowered the optimum from {} to {}", extra, before, after);
    }

    #[test]
    fn adding_a_camera_to_a_plan_never_lowers_its_coverage(scene in scene(), with_cones in any::<bool>()) {
        // The first k sites as a plan, then the first k + 1: the plan's
        // coverage as the pipeline evaluates it (forced sites; a forced
        // site must have one option, so the cone faces north only).
        let evaluate = |k: usize| -> f64 {
            let ids = (0..k).map(|i| format!("s{i}"));
            let north = CameraType::new("north", scene.radius, 90.0).unwrap();
            let request = if with_cones { of_types(k, vec![north]) } else { disc(&scene, k) };
            plan(&scene.scenario(), &request.force_in(ids)).unwrap().objective
        };
        for k in 1..scene.sites.len() {
            let (smaller, larger) = (evaluate(k), evaluate(k + 1));
            prop_assert!(larger >= smaller - 1e-9, "sites 0..{} cover {}, sites 0..{} cover {}", k, smaller, k + 1, larger);
        }
    }

    #[test]
    fn a_demand_point_split_in_two_halves_keeps_the_optimum(scene in scene(), which in any::<prop::sample::Index>(), with_cones in any::<bool>()) {
        let request = |s: &Scene| if with_cones { cones(s, s.cameras) } else { disc(s, s.cameras) };
        let base = optimum(&scene, &request(&scene));
        let mut split = scene.clone();
        let i = which.index(split.demand.len());
        let (at, weight) = split.demand[i];
        split.demand[i] = (at, weight / 2.0);
        split.demand.push((at, weight / 2.0));
        let after = optimum(&split, &request(&split));
        prop_assert!(close(base, after), "splitting demand point {} changed the optimum from {} to {}", i, base, after);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The property: on every solver and objective (cameras,
    /// backup weight, cones), no bound the plan states — its own, or any
    /// point of its curve — is above what every site together would score;
    /// a plan that scores that is proven optimal with gap 0.
    #[test]
    fn no_bound_exceeds_what_every_site_together_scores(
        scene in scene(),
        method in prop::sample::select(vec![Method::Greedy, Method::LocalSearch, Method::Exact, Method::Auto]),
        backup in prop::sample::select(vec![None, Some(0.5), Some(1.0)]),
        with_cones in any::<bool>(),
    ) {
        let request = |cameras: usize| {
            let request = if with_cones { cones(&scene, cameras) } else { disc(&scene, cameras) }.method(method);
            match backup {
                Some(weight) => request.backup_weight(weight),
                None => request,
            }
        };
        let planned = plan(&scene.scenario(), &request(scene.cameras)).unwrap();
        // What can be seen at all, counted twice with a full backup weight.
        let ceiling = planned.coverable_weight * (1.0 + backup.unwrap_or(0.0));
        let slack = 1e-9 * ceiling.abs().max(1.0);
        let bound = planned.outcome.upper_bound().unwrap();
        prop_assert!(bound <= ceiling + slack, "bound {} > {} (coverable)", bound, ceiling);
        prop_assert!(bound >= planned.score - slack);
        for step in &planned.curve {
            prop_assert!(step.upper_bound <= ceiling + slack, "curve bound {} at {} cameras > {}", step.upper_bound, step.cameras, ceiling);
        }
        // With discs every site together is a plan, the best there is: a
        // plan that scores as much is proven.
        if !with_cones {
            let everything = plan(&scene.scenario(), &request(scene.sites.len()).method(Method::Exact)).unwrap();
            prop_assert!(bound <= everything.score + slack, "bound {} > {} (every site)", bound, everything.score);
            if planned.score >= everything.score - slack {
                prop_assert!(planned.solver.proven_optimal);
                prop_assert_eq!(planned.outcome.gap(), 0.0);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Each new camera's `new_points` counts the demand points it is the
    /// first to see: together, every point a new camera sees and no
    /// existing camera does, counted once (brute force on discs).
    #[test]
    fn new_points_count_each_newly_seen_point_once(scene in scene(), method in prop::sample::select(vec![Method::Greedy, Method::Exact])) {
        let planned = plan(&scene.scenario(), &disc(&scene, scene.cameras).method(method)).unwrap();
        let within = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).hypot(a.y - b.y) <= scene.radius;
        let newly = scene
            .demand
            .iter()
            .filter(|(point, _)| {
                !scene.existing.iter().any(|&camera| within(*point, camera))
                    && planned.chosen.iter().any(|site| within(*point, site.location))
            })
            .count();
        prop_assert_eq!(planned.chosen.iter().map(|c| c.new_points).sum::<usize>(), newly);
        // The first camera's new points are all the points it sees that the
        // existing cameras do not.
        if let Some(first) = planned.chosen.first() {
            let own = scene
                .demand
                .iter()
                .filter(|(point, _)| within(*point, first.location) && !scene.existing.iter().any(|&c| within(*point, c)))
                .count();
            prop_assert_eq!(first.new_points, own);
        }
    }
}
