//! Seoul's 2018 dong boundaries hold 3 polygons that are not OGC-valid.
//! They must be reported, and kept: no district may be lost. The demand is
//! Gangnam's CCTV sites weighted by their camera count (a stand-in for
//! "where the city has found cameras worth installing"), the candidates
//! Gangnam's security lights.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use sightline::prelude::*;

#[test]
fn invalid_dong_polygons_are_reported_and_kept() {
    let Some(data) = sightline_benchmarks::shared_data("Seoul invalid polygons") else {
        return;
    };
    let seoul = data.join("seoul");
    let loaded = Inputs::new(
        seoul.join("gangnam_cctv.geojson"),
        seoul.join("gangnam_security_lights.geojson"),
    )
    .demand_weight("count")
    .districts(seoul.join("seoul_dong_2018.geojson"))
    .district_name("name")
    .load()
    .unwrap();
    let districts = loaded.layers.iter().find(|l| l.role == "districts").unwrap();
    assert_eq!(districts.items, 424);
    assert_eq!(
        districts.invalid_polygons.len(),
        3,
        "{:?}",
        districts.invalid_polygons
    );
    assert_eq!(loaded.scenario.districts().len(), 424);
    assert_eq!(loaded.scenario.demand().len(), 1763);
    assert_eq!(loaded.scenario.total_weight(), 4742.0);

    let plan = plan(
        &loaded.scenario,
        &PlanRequest::new(30, Circular::new(50.0).unwrap()),
    )
    .unwrap();
    assert_eq!(plan.chosen.len(), 30);
    let demand: f64 = plan.districts.rows.iter().map(|d| d.demand).sum();
    assert_eq!(demand, 4742.0);
    // Gangnam's CCTV sites lie in Gangnam's dongs (plus a few on a
    // boundary or just outside, which the null row gathers).
    let with_demand = plan
        .districts
        .rows
        .iter()
        .filter(|d| d.name.is_some() && d.demand > 0.0)
        .count();
    assert!(
        (15..=40).contains(&with_demand),
        "{with_demand} dongs with demand"
    );
}
