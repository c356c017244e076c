//! End to end on real Goyang data: the 39 dong as districts, the 5,734
//! security lights as candidate sites, the 825 Deogyang CCTV as existing
//! cameras. The complaints are SYNTHETIC: seeded points scattered around
//! the real emergency bells and patrol points, written to a temporary
//! GeoJSON file and read back like any user's layer.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::path::Path;

use geo_types::Coord;
use serde_json::json;
use sightline::prelude::*;

const RADIUS_M: f64 = 50.0;
const CAMERAS: usize = 50;

/// Writes the synthetic complaint layer: 30 complaints around each anchor,
/// normally scattered with a 150 m standard deviation, weights 1 to 3.
fn write_synthetic_complaints(anchors: &[Coord<f64>], path: &Path) {
    let mut state: u64 = 2018;
    let mut next = || {
        // SplitMix64, so the layer is the same on every run.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut features = Vec::new();
    for anchor in anchors {
        let metres_per_degree_lon = 111_320.0 * anchor.y.to_radians().cos();
        for _ in 0..30 {
            let (u1, u2) = (1.0 - next(), next());
            let r = 150.0 * (-2.0 * u1.ln()).sqrt();
            let angle = std::f64::consts::TAU * u2;
            let lon = anchor.x + r * angle.cos() / metres_per_degree_lon;
            let lat = anchor.y + r * angle.sin() / 110_950.0;
            let weight = 1 + (next() * 3.0) as u32;
            features.push(json!({
                "type": "Feature",
                // Korean public data stores numbers as strings; so do we.
                "properties": { "weight": weight.to_string(), "source": "synthetic" },
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
            }));
        }
    }
    let collection = json!({ "type": "FeatureCollection", "features": features });
    std::fs::write(path, collection.to_string()).unwrap();
}

fn point_coords(path: &Path) -> Vec<Coord<f64>> {
    sightline::io::read_points(path, &sightline::io::PointOptions::new())
        .unwrap()
        .points
}

#[test]
fn goyang_plan_keeps_its_invariants() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang end to end") else {
        return;
    };
    let goyang = data.join("goyang");
    let mut anchors = point_coords(&goyang.join("deogyang_emergency_bells.geojson"));
    anchors.extend(point_coords(&goyang.join("deogyang_patrol_points.geojson")));
    assert_eq!(anchors.len(), 66 + 21);
    let dir = tempfile::tempdir().unwrap();
    let complaints = dir.path().join("synthetic_complaints.geojson");
    write_synthetic_complaints(&anchors, &complaints);

    let loaded = Inputs::new(&complaints, goyang.join("goyang_security_lights.geojson"))
        .demand_weight("weight")
        .existing(goyang.join("deogyang_cctv.geojson"))
        .districts(goyang.join("goyang_dong_2018.geojson"))
        .district_name("name")
        .load()
        .unwrap();
    let scenario = &loaded.scenario;
    assert_eq!(scenario.demand().len(), 87 * 30);
    assert_eq!(scenario.sites().len(), 5734);
    assert_eq!(scenario.existing().len(), 825);
    assert_eq!(scenario.districts().len(), 39);

    let plan = plan(
        scenario,
        &PlanRequest::new(CAMERAS, Circular::new(RADIUS_M).unwrap()),
    )
    .unwrap();
    assert_eq!(plan.chosen.len(), CAMERAS);

    // Every chosen site is a candidate, none twice.
    let mut seen = HashSet::new();
    for site in &plan.chosen {
        let candidate = &scenario.sites()[site.site];
        assert_eq!(candidate.id, site.id);
        assert_eq!(candidate.location, site.location);
        assert!(seen.insert(site.site), "site {} chosen twice", site.id);
    }

    // The objective, recomputed from scratch with plain distances.
    let within = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).hypot(a.y - b.y) <= RADIUS_M;
    let mut before = 0.0;
    let mut after = 0.0;
    for point in scenario.demand() {
        let by_existing = scenario.existing().iter().any(|&e| within(e, point.location));
        let by_new = plan.chosen.iter().any(|s| within(s.location, point.location));
        if by_existing {
            before += point.weight;
        }
        if by_existing || by_new {
            after += point.weight;
        }
    }
    assert!(
        (plan.covered_before - before).abs() < 1e-6,
        "{} vs {before}",
        plan.covered_before
    );
    assert!(
        (plan.objective - after).abs() < 1e-6,
        "{} vs {after}",
        plan.objective
    );
    let gains: f64 = plan.chosen.iter().map(|s| s.gain).sum();
    assert!((plan.covered_before + gains - plan.objective).abs() < 1e-6);
    assert!(plan.objective > plan.covered_before);

    // Per-district figures add up to the totals.
    let sum = |f: fn(&DistrictFigures) -> f64| plan.districts.rows.iter().map(f).sum::<f64>();
    assert!((sum(|d| d.demand) - plan.total_weight).abs() < 1e-6);
    assert!((sum(|d| d.covered_before) - plan.covered_before).abs() < 1e-6);
    assert!((sum(|d| d.covered_after) - plan.objective).abs() < 1e-6);
    let cameras: usize = plan.districts.rows.iter().map(|d| d.cameras_added).sum();
    assert_eq!(cameras, CAMERAS);
    let points: usize = plan.districts.rows.iter().map(|d| d.demand_points).sum();
    assert_eq!(points, scenario.demand().len());
    // The synthetic complaints sit around Deogyang's bells and patrol
    // points, so most of the demand falls in Deogyang's dongs.
    let named = plan
        .districts
        .rows
        .iter()
        .filter(|d| d.name.is_some() && d.demand > 0.0)
        .count();
    assert!(named >= 5, "demand spread over only {named} dongs");
    eprintln!(
        "Goyang: {} demand points, covered before {before}, after {after} of {}; {} outside districts",
        scenario.demand().len(),
        plan.total_weight,
        plan.districts.demand_outside
    );
}

/// Issue 4's Goyang check: blind-spot area on a 50 m grid clipped to the
/// 39 dong, 50 new cameras on the security lights, once as 50 m discs and
/// once as fixed cameras (90°, 50 m, 8 headings). A cone sees a quarter of
/// a disc, so the cone plan removes less blind area per camera; both
/// plans come with their proven gap.
#[test]
fn goyang_cones_cover_less_area_per_camera_than_discs() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang view cones") else {
        return;
    };
    let goyang = data.join("goyang");
    let loaded = Inputs::new(
        goyang.join("deogyang_emergency_bells.geojson"),
        goyang.join("goyang_security_lights.geojson"),
    )
    .existing(goyang.join("deogyang_cctv.geojson"))
    .districts(goyang.join("goyang_dong_2018.geojson"))
    .district_name("name")
    .load()
    .unwrap();
    let surface = DemandSurface::new(SurfaceMode::Area, 50.0)
        .build(&loaded.scenario)
        .unwrap();
    let cells = surface.demand.len();
    let scenario = loaded.scenario.clone().with_demand(surface.demand);
    let model = Circular::new(RADIUS_M).unwrap();
    let solve = |request: PlanRequest| plan(&scenario, &request.method(Method::LocalSearch)).unwrap();
    let disc = solve(PlanRequest::new(CAMERAS, model));
    let fixed = sightline::coverage::CameraType::new("fixed", RADIUS_M, 90.0)
        .unwrap()
        .headings(8)
        .unwrap();
    let cones = solve(PlanRequest::new(
        CAMERAS,
        CameraModel::types(vec![fixed], 10).unwrap(),
    ));
    let per_camera = |p: &Plan| (p.objective - p.covered_before) / p.chosen.len() as f64;
    eprintln!(
        "Goyang area mode: {cells} cells of 50 m; discs remove {:.0} m² per camera (gap {:.2}%), cones {:.0} m² (gap {:.2}%)",
        per_camera(&disc),
        100.0 * disc.outcome.gap(),
        per_camera(&cones),
        100.0 * cones.outcome.gap()
    );
    assert!(cells > 50_000, "{cells} cells");
    assert!(per_camera(&cones) < per_camera(&disc));
    for p in [&disc, &cones] {
        assert_eq!(p.chosen.len(), CAMERAS);
        assert!(
            p.outcome.upper_bound().expect("a bound on the score") >= p.score
                && p.outcome.gap().is_finite()
                && (0.0..1.0).contains(&p.outcome.gap())
        );
    }
    // One camera per light.
    let lights: HashSet<usize> = cones.chosen.iter().map(|c| c.site).collect();
    assert_eq!(lights.len(), CAMERAS);
}
