//! Layers in different coordinate systems end in one plane, and results
//! go back out in the demand layer's system.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

use serde_json::{Value, json};
use sightline::prelude::*;

/// The Goyang reference point of DEPENDENCIES.md: (126.832 E, 37.658 N) is
/// (185175.877923, 562053.588425) in EPSG:5186, as PROJ 9.6.2 computes it.
const LONLAT: [f64; 2] = [126.832, 37.658];
const EPSG_5186: [f64; 2] = [185_175.877_923, 562_053.588_425];

fn collection(points: &[[f64; 2]], crs: Option<&str>) -> Value {
    let features: Vec<Value> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "type": "Feature",
                "properties": { "name": format!("f{i}") },
                "geometry": { "type": "Point", "coordinates": p },
            })
        })
        .collect();
    let mut value = json!({ "type": "FeatureCollection", "features": features });
    if let Some(name) = crs {
        value["crs"] = json!({ "type": "name", "properties": { "name": name } });
    }
    value
}

fn write(path: &Path, value: &Value) {
    std::fs::write(path, value.to_string()).unwrap();
}

#[test]
fn lonlat_sites_join_an_epsg_5186_demand_layer_and_come_back_in_5186() {
    let dir = tempfile::tempdir().unwrap();
    let demand = dir.path().join("demand.geojson");
    let sites = dir.path().join("sites.geojson");
    // Demand 10 m east and 20 m north of the reference point, in 5186.
    let near = [EPSG_5186[0] + 10.0, EPSG_5186[1] + 20.0];
    write(&demand, &collection(&[near], Some("urn:ogc:def:crs:EPSG::5186")));
    // One site at the reference point (lon/lat), one far away.
    write(&sites, &collection(&[LONLAT, [126.9, 37.7]], None));

    let loaded = Inputs::new(&demand, &sites).site_id("name").load().unwrap();
    let site = loaded.scenario.sites()[0].location;
    assert!((site.x - EPSG_5186[0]).abs() < 1e-3, "{site:?}");
    assert!((site.y - EPSG_5186[1]).abs() < 1e-3, "{site:?}");

    let plan = plan(
        &loaded.scenario,
        &PlanRequest::new(1, Circular::new(25.0).unwrap()),
    )
    .unwrap();
    assert_eq!(plan.chosen[0].id, "f0");
    assert_eq!(plan.objective, 1.0);

    let out = dir.path().join("plan.geojson");
    sightline::output::write_plan_geojson(&out, &plan, &loaded.plane).unwrap();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::5186");
    let xy = &written["features"][0]["geometry"]["coordinates"];
    assert!((xy[0].as_f64().unwrap() - EPSG_5186[0]).abs() < 1e-3, "{xy}");
    assert!((xy[1].as_f64().unwrap() - EPSG_5186[1]).abs() < 1e-3, "{xy}");
}

#[test]
fn planar_layers_stay_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let demand = dir.path().join("demand.geojson");
    let sites = dir.path().join("sites.geojson");
    write(&demand, &collection(&[[1000.0, 2000.0], [1030.0, 2040.0]], None));
    write(&sites, &collection(&[[1000.0, 2010.0], [5000.0, 5000.0]], None));
    let loaded = Inputs::new(&demand, &sites).crs(Crs::Planar).load().unwrap();
    assert_eq!(loaded.scenario.demand()[1].location.x, 1030.0);
    let plan = plan(
        &loaded.scenario,
        &PlanRequest::new(1, Circular::new(40.0).unwrap()),
    )
    .unwrap();
    // (1030, 2040) is sqrt(30² + 30²) ≈ 42.4 m from the site: outside 40 m.
    assert_eq!(plan.objective, 1.0);
    let out = dir.path().join("plan.geojson");
    sightline::output::write_plan_geojson(&out, &plan, &loaded.plane).unwrap();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(written.get("crs").is_none());
    assert_eq!(
        written["features"][0]["geometry"]["coordinates"],
        json!([1000.0, 2010.0])
    );
}

#[test]
fn planar_and_lonlat_layers_do_not_mix() {
    let dir = tempfile::tempdir().unwrap();
    let demand = dir.path().join("demand.geojson");
    let sites = dir.path().join("sites.geojson");
    write(&demand, &collection(&[[1000.0, 2000.0]], None));
    write(
        &sites,
        &collection(&[LONLAT], Some("urn:ogc:def:crs:OGC:1.3:CRS84")),
    );
    let err = Inputs::new(&demand, &sites).crs(Crs::Planar).load().unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("demand.geojson") && message.contains("sites.geojson"),
        "{message}"
    );
}
