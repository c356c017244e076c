//! End to end on the national standard CSV files as published (CP949):
//! Goyang's and Gangnam's security lights as candidate sites, read by
//! encoding detection and header recognition, planned on, and written out
//! as every analyst output, the SVGs included.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::path::Path;

use sightline::output::{self, ReportContext};
use sightline::prelude::*;

const RADIUS_M: f64 = 50.0;
const CAMERAS: usize = 30;

/// Every output of a plan, checked: the SVGs are XML, the map has one
/// marker per new camera ranked 1..n, the tables have one row per
/// district and per camera.
fn check_outputs(loaded: &LoadedScenario, plan: &Plan) {
    let context = ReportContext::new("Korean CSV end to end").layers(&loaded.layers);
    let report = output::report_md(plan, &context);
    assert!(report.contains("| sites |"), "{report}");
    let districts = String::from_utf8(output::districts_csv(plan).unwrap()).unwrap();
    assert_eq!(districts.lines().count(), 1 + plan.districts.rows.len());
    let curve = String::from_utf8(output::curve_csv(plan).unwrap()).unwrap();
    assert_eq!(curve.lines().count(), 1 + plan.chosen.len());

    let map = String::from_utf8(output::map_svg(plan, &loaded.scenario, None, "map").unwrap()).unwrap();
    let document = roxmltree::Document::parse(&map).unwrap();
    let mut ranks: Vec<usize> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("new-camera"))
        .map(|n| n.attribute("data-rank").unwrap().parse().unwrap())
        .collect();
    // Drawn last rank first, so that rank 1 lies on top.
    ranks.sort_unstable();
    assert_eq!(ranks, (1..=plan.chosen.len()).collect::<Vec<_>>());
    let chart = String::from_utf8(output::curve_svg(plan, "curve").unwrap()).unwrap();
    let document = roxmltree::Document::parse(&chart).unwrap();
    let points = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("covered-point"))
        .count();
    assert_eq!(points, plan.chosen.len());

    let blind = output::blindspots_geojson(plan, &loaded.plane, None).unwrap();
    let blind: serde_json::Value = serde_json::from_slice(&blind).unwrap();
    assert_eq!(
        blind["features"].as_array().unwrap().len(),
        plan.blind_spots.len()
    );
    let unseen: f64 = plan.blind_spots.iter().map(|b| b.uncovered).sum();
    assert!((unseen - (plan.total_weight - plan.objective)).abs() < 1e-6);
}

/// Invariants of any plan: distinct candidate sites, gains that add up,
/// district rows that add up, a curve that ends at the plan, bounds above.
fn check_plan(scenario: &Scenario, plan: &Plan) {
    assert_eq!(plan.chosen.len(), CAMERAS);
    let mut seen = HashSet::new();
    for site in &plan.chosen {
        assert_eq!(scenario.sites()[site.site].location, site.location);
        assert!(seen.insert(site.site), "site {} chosen twice", site.id);
    }
    let gains: f64 = plan.chosen.iter().map(|s| s.gain).sum();
    assert!((plan.covered_before + gains - plan.objective).abs() < 1e-6);
    assert!(plan.objective <= plan.outcome.upper_bound().expect("a bound on the score") + 1e-9);
    let sum = |f: fn(&DistrictFigures) -> f64| plan.districts.rows.iter().map(f).sum::<f64>();
    assert!((sum(|d| d.demand) - plan.total_weight).abs() < 1e-6);
    assert!((sum(|d| d.covered_after) - plan.objective).abs() < 1e-6);
    assert_eq!(
        plan.districts.rows.iter().map(|d| d.cameras_added).sum::<usize>(),
        CAMERAS
    );
    let last = plan.curve.last().unwrap();
    assert!((last.score - plan.objective).abs() < 1e-6);
    for pair in plan.curve.windows(2) {
        assert!(pair[0].score <= pair[1].score + 1e-9);
        assert!(pair[0].upper_bound <= pair[1].upper_bound + 1e-9);
    }
    assert!(plan.curve.iter().all(|s| s.score <= s.upper_bound + 1e-9));
}

fn summary<'a>(loaded: &'a LoadedScenario, role: &str) -> &'a sightline::input::LayerSummary {
    loaded.layers.iter().find(|l| l.role == role).unwrap()
}

fn request() -> PlanRequest {
    PlanRequest::new(CAMERAS, Circular::new(RADIUS_M).unwrap()).method(Method::LocalSearch)
}

#[test]
fn goyang_cp949_csv_gives_the_same_plan_as_the_geojson_of_the_same_lights() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang CP949 CSV") else {
        return;
    };
    let goyang = data.join("goyang");
    let load = |sites: &Path| {
        Inputs::new(goyang.join("goyang_security_lights.geojson"), sites)
            .existing(goyang.join("deogyang_cctv.geojson"))
            .districts(goyang.join("goyang_dong_2018.geojson"))
            .district_name("name")
            .load()
            .unwrap()
    };
    let csv = load(&goyang.join("goyang_security_lights_2021_cp949.csv"));
    let sites = summary(&csv, "sites");
    assert_eq!(
        (sites.features, sites.items, sites.skipped_rows),
        (12_108, 5_734, 6_374)
    );
    assert_eq!(
        sites.format.as_deref(),
        Some("national standard security-light data (보안등정보)")
    );
    let note = sites.skipped_note.as_deref().unwrap();
    assert!(note.starts_with("skipped 6374 of 12108 rows"), "{note}");
    // Rows as a spreadsheet numbers them: the header is row 1.
    assert!(note.contains("first rows: 5, 6, 7, 9, 10"), "{note}");

    let plan_csv = plan(&csv.scenario, &request()).unwrap();
    check_plan(&csv.scenario, &plan_csv);
    check_outputs(&csv, &plan_csv);

    // The same 5,734 lights from the GeoJSON file give the same plan.
    let geojson = load(&goyang.join("goyang_security_lights.geojson"));
    let plan_geojson = plan(&geojson.scenario, &request()).unwrap();
    assert_eq!(plan_csv.objective, plan_geojson.objective);
    let at = |p: &Plan| {
        p.chosen
            .iter()
            .map(|c| (c.location.x.to_bits(), c.location.y.to_bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&plan_csv), at(&plan_geojson));
    eprintln!(
        "Goyang CSV: {} of {} rows kept; {} cameras cover {:.2}% of the lights (existing {:.2}%), gap {:.3}%",
        sites.items,
        sites.features,
        plan_csv.chosen.len(),
        100.0 * plan_csv.covered_fraction,
        100.0 * plan_csv.covered_before / plan_csv.total_weight,
        100.0 * plan_csv.outcome.gap()
    );
}

#[test]
fn gangnam_cp949_csv_plans_against_seoul_dong_with_invalid_polygons() {
    let Some(data) = sightline_benchmarks::shared_data("Gangnam CP949 CSV") else {
        return;
    };
    let seoul = data.join("seoul");
    let loaded = Inputs::new(
        seoul.join("gangnam_security_lights.geojson"),
        seoul.join("gangnam_security_lights_2021_cp949.csv"),
    )
    .existing(seoul.join("gangnam_cctv.geojson"))
    .districts(seoul.join("seoul_dong_2018.geojson"))
    .district_name("name")
    .load()
    .unwrap();
    let sites = summary(&loaded, "sites");
    assert_eq!(
        (sites.features, sites.items, sites.skipped_rows),
        (10_210, 10_210, 0)
    );
    assert_eq!(sites.skipped_note, None);
    let districts = summary(&loaded, "districts");
    assert_eq!((districts.items, districts.invalid_polygons.len()), (424, 3));
    assert_eq!(summary(&loaded, "demand").items, 10_209);
    assert_eq!(summary(&loaded, "existing").items, 1_763);

    let plan = plan(&loaded.scenario, &request()).unwrap();
    check_plan(&loaded.scenario, &plan);
    check_outputs(&loaded, &plan);
    // Every new camera stands in a Gangnam dong (the lights are all there).
    let gangnam_dong: HashSet<&str> = plan
        .districts
        .rows
        .iter()
        .filter(|d| d.demand > 0.0)
        .filter_map(|d| d.name.as_deref())
        .collect();
    for site in &plan.chosen {
        assert!(
            gangnam_dong.contains(site.district.as_deref().unwrap_or("")),
            "{} in {:?}",
            site.id,
            site.district
        );
    }
    eprintln!(
        "Gangnam CSV: {} rows; {} cameras cover {:.2}% of the lights (existing {:.2}%), gap {:.3}%, {} dong with lights",
        sites.features,
        plan.chosen.len(),
        100.0 * plan.covered_fraction,
        100.0 * plan.covered_before / plan.total_weight,
        100.0 * plan.outcome.gap(),
        gangnam_dong.len()
    );
}
