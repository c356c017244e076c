//! Several demand layers, each with its own weight: with points as the
//! demand, every layer's points are demand, each weighing its weight
//! times its layer's; on a grid, a demand layer is a density layer of
//! its weight, exactly as a `density` layer (`--layer FILE:WEIGHT`) is.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

use serde_json::{Value, json};
use sightline::prelude::*;

fn point(x: f64, y: f64, properties: Value) -> Value {
    json!({"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}})
}

/// Three small layers in planar metres: complaints with a `count`,
/// bells (no weight property, a CSV file) and patrol points; and sites.
fn write_layers(dir: &Path) {
    let crs = json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}});
    let layer = |name: &str, features: Vec<Value>| {
        let text = json!({"type": "FeatureCollection", "crs": crs, "features": features});
        std::fs::write(dir.join(name), text.to_string()).unwrap();
    };
    let base = (185_000.0, 562_000.0);
    let at = |dx: f64, dy: f64, props: Value| point(base.0 + dx, base.1 + dy, props);
    layer(
        "complaints.geojson",
        vec![
            at(0.0, 0.0, json!({"count": 3})),
            at(40.0, 0.0, json!({"count": "2"})),
            at(400.0, 0.0, json!({"count": 1})),
        ],
    );
    std::fs::write(
        dir.join("bells.csv"),
        format!(
            "name,x,y\nA,{},{}\nB,{},{}\n",
            base.0 + 400.0,
            base.1 + 30.0,
            base.0 + 800.0,
            base.1
        ),
    )
    .unwrap();
    layer(
        "patrols.geojson",
        vec![at(800.0, 40.0, json!({})), at(1200.0, 0.0, json!({}))],
    );
    layer(
        "sites.geojson",
        (0..7)
            .map(|k| at(200.0 * k as f64, 10.0, json!({"id": format!("s{k}")})))
            .collect(),
    );
}

const STUDY: &str = r#"
[[layer]]
role = "demand"
file = "complaints.geojson"
weight = "count"

[[layer]]
role = "demand"
file = "bells.csv"
crs = "EPSG:5186"
layer_weight = 2.5

[[layer]]
role = "demand"
file = "patrols.geojson"
layer_weight = 0.5

[[layer]]
role = "sites"
file = "sites.geojson"
id = "id"

[camera]
radius_m = 60

[objective]
cameras = 2

[solver]
method = "exact"
"#;

fn checked(text: &str, dir: &Path) -> CheckedStudy {
    Study::from_toml(text)
        .unwrap()
        .resolve_paths(dir)
        .validate()
        .unwrap()
}

#[test]
fn points_of_every_demand_layer_weigh_their_weight_times_their_layers() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path());
    let study = checked(STUDY, dir.path());
    assert_eq!(study.layers.demand.len(), 3);
    let loaded = study.load().unwrap();
    let weights: Vec<f64> = loaded.scenario().demand().iter().map(|d| d.weight).collect();
    // Complaints by their count; bells 1 × 2.5 each; patrols 1 × 0.5.
    assert_eq!(weights, vec![3.0, 2.0, 1.0, 2.5, 2.5, 0.5, 0.5]);
    let demand: Vec<_> = loaded
        .loaded
        .layers
        .iter()
        .filter(|l| l.role == "demand")
        .collect();
    assert_eq!(demand.len(), 3);
    assert_eq!(
        demand.iter().map(|l| l.layer_weight).collect::<Vec<_>>(),
        vec![None, Some(2.5), Some(0.5)]
    );
    assert_eq!(demand[1].format.as_deref(), Some("generic CSV"));

    let plan = study.plan(&loaded).unwrap();
    assert_eq!(plan.total_weight, 12.0);
    // The best two sites: s0 (complaints 3 + 2, at 10 m and 41 m) and
    // s2 (a complaint, 1, and a bell, 2.5), not s4 (a bell, 2.5, and a
    // patrol point, 0.5).
    let chosen: Vec<(&str, f64)> = plan.chosen.iter().map(|c| (c.id.as_str(), c.gain)).collect();
    assert_eq!(chosen, vec![("s0", 5.0), ("s2", 3.5)]);
    assert_eq!(plan.objective, 8.5);
}

#[test]
fn on_a_grid_a_demand_layer_is_a_density_layer_of_its_weight() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path());
    let grid = "[demand]\nmode = \"grid\"\ngrid_m = 50\nbandwidth_m = 100\n";
    let as_demand = checked(&format!("{STUDY}{grid}"), dir.path());
    // The same layers, the second and third as density layers.
    let as_density = STUDY
        .replacen(
            "role = \"demand\"\nfile = \"bells.csv\"",
            "role = \"density\"\nfile = \"bells.csv\"",
            1,
        )
        .replacen(
            "role = \"demand\"\nfile = \"patrols.geojson\"",
            "role = \"density\"\nfile = \"patrols.geojson\"",
            1,
        );
    let as_density = checked(&format!("{as_density}{grid}"), dir.path());
    assert_eq!(as_density.layers.demand.len(), 1);
    let cells = |study: &CheckedStudy| {
        let loaded = study.load().unwrap();
        loaded
            .scenario()
            .demand()
            .iter()
            .map(|d| (d.location.x, d.location.y, d.weight))
            .collect::<Vec<_>>()
    };
    let (a, b) = (cells(&as_demand), cells(&as_density));
    assert!(!a.is_empty());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((x.0, x.1), (y.0, y.1));
        assert!((x.2 - y.2).abs() <= 1e-12 * y.2.abs().max(1.0), "{x:?} {y:?}");
    }
}

#[test]
fn inputs_add_demand_layers_too() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path());
    let file = |name: &str| dir.path().join(name);
    let loaded = Inputs::new(file("complaints.geojson"), file("sites.geojson"))
        .demand_weight("count")
        .demand_layer(file("patrols.geojson"), None, 0.5)
        .crs(sightline::io::Crs::Epsg(5186))
        .load()
        .unwrap();
    let total: f64 = loaded.scenario.demand().iter().map(|d| d.weight).sum();
    assert_eq!(total, 6.0 + 1.0);
    let roles: Vec<&str> = loaded.layers.iter().map(|l| l.role).collect();
    assert_eq!(roles, vec!["demand", "demand", "sites"]);
    // A points study with a weightless demand layer is refused before
    // anything is read.
    let mut study = Study::from_toml(STUDY).unwrap();
    study.layers[2].layer_weight = Some(0.0);
    assert_eq!(
        study.validate().unwrap_err().path.to_string(),
        "layer[2].layer_weight"
    );
}
