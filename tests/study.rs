//! The study API without the command: what the CLI used to check itself,
//! the library refuses, naming the field (`objective.cameras`,
//! `layer[1].weight`); what only the data can tell (demand that weighs
//! nothing, a grid outside the districts, quotas no plan can keep) is
//! refused by the load and plan stages; and each layer may name its own
//! coordinate system.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

use geo_types::{Coord, coord};
use serde_json::{Value, json};
use sightline::memory::MemoryLimit;
use sightline::prelude::*;
use sightline::study::{
    CameraTypeSpec, DemandMode, DiscCamera, FieldPath, Layer, Objective, Outputs, Problem, Role,
};
use sightline::synthetic::{CitySize, SyntheticCity};

/// A study that passes: demand and sites, 100 m discs, five cameras.
fn valid() -> Study {
    let mut study = Study::default();
    study.layers = vec![
        Layer::new(Role::Demand, "demand.geojson").weight("weight"),
        Layer::new(Role::Sites, "sites.geojson"),
    ];
    study.camera = Some(DiscCamera::new(100.0));
    let mut objective = Objective::default();
    objective.cameras = Some(5);
    study.objective = Some(objective);
    study.outputs = Some(Outputs::new("result"));
    study
}

/// The valid study, changed by `change`.
fn changed(change: impl FnOnce(&mut Study)) -> Study {
    let mut study = valid();
    change(&mut study);
    study
}

fn objective(study: &mut Study) -> &mut Objective {
    study.objective.as_mut().unwrap()
}

/// `study` is refused at `path`; returns the error.
fn refused_at(study: &Study, path: &str) -> StudyError {
    let error = study.validate().unwrap_err();
    assert_eq!(error.path.to_string(), path, "{error}");
    assert!(error.to_string().starts_with(path), "{error}");
    error
}

/// The study in TOML `text` is refused at `path`.
fn toml_refused_at(text: &str, path: &str) -> StudyError {
    refused_at(&Study::from_toml(text).unwrap(), path)
}

fn with_layer(study: &mut Study, layer: Layer) -> usize {
    study.layers.push(layer);
    study.layers.len() - 1
}

fn districts_layer() -> Layer {
    let mut districts = Layer::new(Role::Districts, "districts.geojson");
    districts.name = Some("name".to_owned());
    districts
}

#[test]
fn the_base_study_passes() {
    let checked = valid().validate().unwrap();
    assert_eq!(checked.goal(), Some(Goal::Cameras(5)));
}

#[test]
fn objective_refusals_name_their_field() {
    refused_at(&changed(|s| objective(s).cameras = Some(0)), "objective.cameras");
    let target = changed(|s| {
        s.objective = Some(Objective::default());
        objective(s).target_coverage = Some(1.5);
    });
    let error = refused_at(&target, "objective.target_coverage");
    assert!(
        matches!(&error.problem, Problem::Value { found, .. } if found == "1.5"),
        "{error:?}"
    );
    refused_at(
        &changed(|s| objective(s).backup_weight = Some(2.0)),
        "objective.backup_weight",
    );
    refused_at(&changed(|s| objective(s).budget = Some(-1.0)), "objective.budget");
    // Not a single objective.
    refused_at(
        &changed(|s| s.objective = Some(Objective::default())),
        "objective",
    );
}

#[test]
fn rule_refusals_name_their_field() {
    let spacing = changed(|s| s.constraints.min_spacing_m = Some(-5.0));
    let error = refused_at(&spacing, "constraints.min_spacing_m");
    assert!(error.to_string().contains("-5 m"), "{error}");

    let quotas = changed(|s| {
        with_layer(s, districts_layer());
        s.constraints.min_per_district = Some(3);
        s.constraints.max_per_district = Some(2);
    });
    refused_at(&quotas, "constraints.min_per_district");

    let forced = changed(|s| {
        s.constraints.force_in = vec!["a".to_owned(), "b".to_owned()];
        s.constraints.force_out = vec!["c".to_owned(), "a".to_owned()];
    });
    let error = refused_at(&forced, "constraints.force_in[0]");
    assert!(matches!(error.problem, Problem::Infeasible { .. }), "{error:?}");
    let second = changed(|s| {
        s.constraints.force_in = vec!["a".to_owned(), "b".to_owned()];
        s.constraints.force_out = vec!["b".to_owned()];
    });
    refused_at(&second, "constraints.force_in[1]");

    // Quotas without a districts layer.
    for (key, set) in [
        ("min_per_district", (Some(1), None)),
        ("max_per_district", (None, Some(4))),
    ] {
        let study = changed(|s| (s.constraints.min_per_district, s.constraints.max_per_district) = set);
        let error = refused_at(&study, &format!("constraints.{key}"));
        assert!(
            matches!(error.problem, Problem::Needs { what } if what.contains("districts")),
            "{error:?}"
        );
    }
}

#[test]
fn grid_only_settings_are_refused_outside_grid_mode() {
    let mut density = Layer::new(Role::Density, "crimes.geojson");
    density.layer_weight = Some(0.5);
    let mut k = 0;
    let study = changed(|s| k = with_layer(s, density.clone()));
    let error = refused_at(&study, &format!("layer[{k}].role"));
    assert_eq!(error.problem, Problem::GridOnly);
    // The same layer in grid mode passes.
    let mut grid = study.clone();
    grid.demand.mode = Some(DemandMode::Grid);
    grid.validate().unwrap();

    let mut districts = districts_layer();
    districts.value = Some("population".to_owned());
    let study = changed(|s| k = with_layer(s, districts.clone()));
    let error = refused_at(&study, &format!("layer[{k}].value"));
    assert_eq!(error.problem, Problem::GridOnly);
    // Area mode is no kernel-density grid either.
    let mut area = study.clone();
    area.demand.mode = Some(DemandMode::Area);
    refused_at(&area, &format!("layer[{k}].value"));
}

#[test]
fn camera_refusals_name_their_field() {
    refused_at(
        &changed(|s| s.demand.quality_levels = Some(0)),
        "demand.quality_levels",
    );
    let error = refused_at(
        &changed(|s| s.camera = Some(DiscCamera::new(1e8))),
        "camera.radius_m",
    );
    assert!(error.to_string().contains("is 100000000 m"), "{error}");
    let far = changed(|s| {
        s.camera = None;
        s.camera_types = vec![CameraTypeSpec::new("far", 1e8)];
    });
    refused_at(&far, "camera_type[0].range_m");
    let wide = changed(|s| {
        let mut fixed = CameraTypeSpec::new("fixed", 50.0);
        fixed.fov_deg = Some(500.0);
        s.camera_types = vec![CameraTypeSpec::new("ptz", 30.0), fixed];
    });
    let error = refused_at(&wide, "camera_type[1].fov_deg");
    assert!(matches!(error.problem, Problem::Camera { .. }), "{error:?}");
    let first = toml_refused_at(
        r#"
        [[layer]]
        role = "demand"
        file = "d.geojson"
        [[layer]]
        role = "sites"
        file = "s.geojson"
        [[camera_type]]
        name = "fixed"
        range_m = 50
        fov_deg = 500
        [objective]
        cameras = 3
        "#,
        "camera_type[0].fov_deg",
    );
    assert!(first.to_string().contains("camera_type[0].fov_deg"), "{first}");
    // No camera model at all.
    refused_at(&changed(|s| s.camera = None), "camera");
}

#[test]
fn solver_and_output_refusals_name_their_field() {
    refused_at(
        &changed(|s| s.solver.time_limit_s = Some(0.0)),
        "solver.time_limit_s",
    );
    refused_at(
        &changed(|s| s.solver.memory_limit = Some(MemoryLimit::Bytes(0))),
        "solver.memory_limit",
    );
    // As a scenario file writes it: a number of bytes is refused by
    // `validate`, a size of none by the parser, at the key.
    let base = valid().to_toml();
    let limit = |value: &str| format!("{base}\n[solver]\nmemory_limit = {value}\n");
    toml_refused_at(&limit("0"), "solver.memory_limit");
    for value in ["\"0\"", "\"0G\""] {
        let error = Study::from_toml(&limit(value)).unwrap_err();
        assert!(error.to_string().contains("less than one byte"), "{error}");
        assert!(error.to_string().contains("memory_limit"), "{error}");
    }
    refused_at(&changed(|s| s.outputs = Some(Outputs::new(""))), "outputs.folder");
    let none = changed(|s| s.outputs.as_mut().unwrap().files = Some(Vec::new()));
    refused_at(&none, "outputs.files");
    let text = base.replace("folder = \"result\"", "folder = \"result\"\nfiles = []");
    toml_refused_at(&text, "outputs.files");
}

#[test]
fn layer_refusals_name_their_field() {
    // CSV keys on a GeoJSON layer.
    let geojson = changed(|s| {
        s.layers[0].encoding = Some(sightline::io::Encoding::Cp949);
    });
    let error = refused_at(&geojson, "layer[0].encoding");
    assert!(matches!(error.problem, Problem::CsvOnly { .. }), "{error:?}");
    let columns = changed(|s| {
        let mut existing = Layer::new(Role::Existing, "existing.geojson");
        existing.x = Some("lon".to_owned());
        existing.y = Some("lat".to_owned());
        s.layers.push(existing);
    });
    refused_at(&columns, "layer[2].x");

    // A second sites layer (a second demand layer is more demand).
    let second = changed(|s| {
        s.layers.push(districts_layer());
        s.layers.push(Layer::new(Role::Sites, "more.geojson"));
    });
    let error = refused_at(&second, "layer[3].role");
    assert_eq!(
        error.problem,
        Problem::SecondLayer {
            role: Role::Sites,
            first: 1
        }
    );
    // A demand layer weighing nothing, or less.
    for weight in [0.0, -1.0, f64::NAN] {
        let weightless = changed(|s| {
            let mut more = Layer::new(Role::Demand, "more.geojson");
            more.layer_weight = Some(weight);
            s.layers.push(more);
        });
        let error = refused_at(&weightless, "layer[2].layer_weight");
        assert!(error.to_string().contains("greater than 0"), "{error}");
    }

    // A key of another role: a weight on the sites.
    let weight = changed(|s| s.layers[1].weight = Some("weight".to_owned()));
    let error = refused_at(&weight, "layer[1].weight");
    assert!(
        matches!(
            error.problem,
            Problem::NotForRole {
                role: Role::Sites,
                ..
            }
        ),
        "{error:?}"
    );
    toml_refused_at(
        r#"
        [[layer]]
        role = "demand"
        file = "d.geojson"
        [[layer]]
        role = "sites"
        file = "s.geojson"
        weight = "w"
        [camera]
        radius_m = 50
        [objective]
        cameras = 3
        "#,
        "layer[1].weight",
    );

    // An influence layer without its radius.
    let influence = changed(|s| {
        s.demand.mode = Some(DemandMode::Grid);
        let mut schools = Layer::new(Role::Influence, "schools.geojson");
        schools.layer_weight = Some(0.3);
        s.layers.push(schools);
    });
    refused_at(&influence, "layer[2].radius_m");

    // The existing cameras' range, set on the camera and on the layer.
    let twice = changed(|s| {
        let mut existing = Layer::new(Role::Existing, "existing.geojson");
        existing.radius_m = Some(60.0);
        s.layers.push(existing);
        s.camera.as_mut().unwrap().existing_radius_m = Some(80.0);
    });
    let error = refused_at(&twice, "camera.existing_radius_m");
    match &error.problem {
        Problem::SetTwice { other } => assert_eq!(other.to_string(), "layer[2].radius_m"),
        other => panic!("{other:?}"),
    }
    // Either one alone passes.
    let mut once = twice.clone();
    once.camera.as_mut().unwrap().existing_radius_m = None;
    once.validate().unwrap();
}

/// A study with every key set, in TOML and in JSON, comes back equal:
/// every value written as text (a coordinate system, an encoding, a
/// decay, a memory limit, an output file) reads back as itself.
#[test]
fn every_key_survives_toml_and_json() {
    use sightline::coverage::Decay;
    use sightline::io::Encoding;
    use sightline::output::OutputKind;
    use sightline::study::{Format, KernelName};

    for (memory_limit, decay, encoding) in [
        (MemoryLimit::Auto, Decay::Step, Encoding::Utf8),
        (
            MemoryLimit::Unlimited,
            Decay::Linear { full_m: 12.5 },
            Encoding::Cp949,
        ),
        (
            MemoryLimit::Bytes(3 << 30),
            Decay::Logistic {
                midpoint_m: 40.0,
                width_m: 7.5,
            },
            Encoding::Auto,
        ),
    ] {
        let mut study = valid();
        study.title = Some("Every \"key\"".to_owned());
        study.crs = Some(Crs::Planar);
        study.out_crs = Some(Crs::Epsg(5179));
        let demand = &mut study.layers[0];
        demand.file = "demand.csv".into();
        demand.format = Some(Format::Csv);
        demand.encoding = Some(encoding);
        demand.crs = Some(Crs::LonLat);
        demand.x = Some("경도".to_owned());
        demand.y = Some("위도".to_owned());
        demand.delimiter = Some('\t');
        demand.layer_weight = Some(1.5);
        let sites = &mut study.layers[1];
        sites.id = Some("id".to_owned());
        sites.cost = Some("cost".to_owned());
        sites.headings = Some("headings".to_owned());
        let mut existing = Layer::new(Role::Existing, "existing.geojson");
        existing.heading = Some("heading".to_owned());
        existing.fov = Some("fov".to_owned());
        existing.radius_m = Some(70.0);
        let mut districts = districts_layer();
        districts.value = Some("population".to_owned());
        districts.value_weight = Some(0.25);
        let mut schools = Layer::new(Role::Influence, "schools.geojson");
        schools.layer_weight = Some(0.3);
        schools.radius_m = Some(300.0);
        study.layers.extend([
            existing,
            districts,
            Layer::new(Role::Buildings, "b.geojson"),
            schools,
        ]);
        let mut fixed = CameraTypeSpec::new("fixed", 60.0);
        fixed.fov_deg = Some(90.0);
        fixed.headings = Some(12);
        fixed.cost = Some(2.5);
        fixed.decay = Some(decay);
        study.camera_types = vec![fixed];
        study.demand.mode = Some(DemandMode::Grid);
        study.demand.grid_m = Some(25.0);
        study.demand.kernel = Some(KernelName::Gaussian);
        study.demand.bandwidth_m = Some(150.0);
        study.demand.quality_levels = Some(5);
        objective(&mut study).budget = Some(40.0);
        objective(&mut study).backup_weight = Some(0.5);
        study.constraints.min_per_district = Some(1);
        study.constraints.max_per_district = Some(5);
        study.constraints.min_spacing_m = Some(80.0);
        study.constraints.force_in = vec!["P1".to_owned()];
        study.constraints.force_out = vec!["P2".to_owned(), "P3".to_owned()];
        study.solver.method = Some(Method::LocalSearch);
        study.solver.time_limit_s = Some(2.5);
        study.solver.memory_limit = Some(memory_limit);
        study.outputs.as_mut().unwrap().files = Some(vec![OutputKind::Plan, OutputKind::Map]);
        study.validate().unwrap();
        let toml = study.to_toml();
        assert_eq!(Study::from_toml(&toml).unwrap(), study, "{toml}");
        let json = study.to_json();
        assert_eq!(Study::from_json(&json).unwrap(), study, "{json}");
        // A study read from JSON writes the same TOML.
        assert_eq!(Study::from_json(&json).unwrap().to_toml(), toml);
    }
}

#[test]
fn field_paths_are_built_as_shown() {
    let path = FieldPath::key("constraints").then("force_in").index(0);
    assert_eq!(path.to_string(), "constraints.force_in[0]");
    assert_eq!(path.layer(), None);
    assert_eq!(path.last_key(), Some("force_in"));
}

// The refusals that only the data can tell.

fn point(x: f64, y: f64, properties: Value) -> Value {
    json!({"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}})
}

fn write_collection(path: &Path, features: Vec<Value>) {
    let layer = json!({"type": "FeatureCollection", "features": features});
    std::fs::write(path, layer.to_string()).unwrap();
}

/// A study of the TOML `text`, its file names taken from `dir`, checked.
fn checked(text: &str, dir: &Path) -> CheckedStudy {
    Study::from_toml(text)
        .unwrap()
        .resolve_paths(dir)
        .validate()
        .unwrap()
}

const POINTS_STUDY: &str = r#"
[[layer]]
role = "demand"
file = "demand.geojson"
weight = "weight"

[[layer]]
role = "sites"
file = "sites.geojson"

[camera]
radius_m = 100

[objective]
cameras = 1

[solver]
method = "greedy"
"#;

#[test]
fn plan_refuses_demand_that_weighs_nothing() {
    let scenario = Scenario::new(
        vec![
            DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 0.0),
            DemandPoint::new(coord! { x: 10.0, y: 0.0 }, 0.0),
        ],
        vec![CandidateSite::new(coord! { x: 5.0, y: 0.0 }, "a")],
    );
    let request = PlanRequest::new(1, Circular::new(50.0).unwrap());
    let error = plan(&scenario, &request).unwrap_err();
    assert!(matches!(error, Error::NothingToCover { file: None }), "{error:?}");
    // One point of weight 1 is something to cover.
    let scenario = scenario.with_demand(vec![
        DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 0.0),
        DemandPoint::new(coord! { x: 10.0, y: 0.0 }, 1.0),
    ]);
    assert_eq!(plan(&scenario, &request).unwrap().objective, 1.0);
}

#[test]
fn load_refuses_a_demand_file_that_weighs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let demand = dir.path().join("demand.geojson");
    write_collection(
        &demand,
        vec![
            point(126.9, 37.6, json!({"weight": 0})),
            point(126.901, 37.6, json!({"weight": 0.0})),
        ],
    );
    write_collection(
        &dir.path().join("sites.geojson"),
        vec![point(126.9005, 37.6, json!({}))],
    );
    let study = checked(POINTS_STUDY, dir.path());
    let error = study.load().unwrap_err();
    match &error {
        Error::NothingToCover { file: Some(file) } => assert_eq!(file, &demand),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("demand.geojson"), "{error}");
}

#[test]
fn load_refuses_a_grid_whose_cells_all_lie_outside_the_districts() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(
        &dir.path().join("demand.geojson"),
        (0..5)
            .map(|k| point(126.9 + 0.0005 * f64::from(k), 37.6, json!({"weight": 1})))
            .collect(),
    );
    write_collection(
        &dir.path().join("sites.geojson"),
        vec![point(126.901, 37.6, json!({}))],
    );
    // One district about 5 km east of the demand.
    let (x, y) = (126.96, 37.6);
    let square = json!([[
        [x, y],
        [x + 0.005, y],
        [x + 0.005, y + 0.005],
        [x, y + 0.005],
        [x, y]
    ]]);
    let district = json!({"type": "Feature", "properties": {"name": "far"}, "geometry": {"type": "Polygon", "coordinates": square}});
    write_collection(&dir.path().join("districts.geojson"), vec![district]);
    let text = format!(
        "{POINTS_STUDY}\n[[layer]]\nrole = \"districts\"\nfile = \"districts.geojson\"\nname = \"name\"\n\n[demand]\nmode = \"grid\"\ngrid_m = 50\nbandwidth_m = 100\n"
    );
    let study = checked(&text, dir.path());
    let error = study.load().unwrap_err();
    assert!(
        matches!(error, Error::EmptyGrid { cell_m, outside, .. } if cell_m == 50.0 && outside > 0),
        "{error:?}"
    );
    // Without the districts, the same grid has cells to cover.
    let text = format!("{POINTS_STUDY}\n[demand]\nmode = \"grid\"\ngrid_m = 50\nbandwidth_m = 100\n");
    let loaded = checked(&text, dir.path()).load().unwrap();
    assert!(!loaded.scenario().demand().is_empty());
}

#[test]
fn quotas_that_no_plan_can_keep_are_refused_by_the_plan_stage() {
    let city = SyntheticCity::generate(CitySize::Small);
    assert_eq!(city.scenario.districts().len(), 4);
    let dir = tempfile::tempdir().unwrap();
    let plane = sightline::io::Plane::local(city.origin_lonlat).unwrap();
    sightline::output::write_files(
        dir.path(),
        sightline::output::scenario_layers(&city.scenario, &plane).unwrap(),
    )
    .unwrap();
    let text = |cameras: usize| {
        format!(
            r#"
            [[layer]]
            role = "demand"
            file = "demand.geojson"
            weight = "weight"

            [[layer]]
            role = "sites"
            file = "sites.geojson"
            id = "site_id"

            [[layer]]
            role = "districts"
            file = "districts.geojson"
            name = "name"

            [camera]
            radius_m = 100

            [objective]
            cameras = {cameras}

            [constraints]
            min_per_district = 1

            [solver]
            method = "greedy"
            "#
        )
    };
    // Three cameras cannot give each of four districts one.
    let study = checked(&text(3), dir.path());
    let loaded = study.load().unwrap();
    let error = study.plan(&loaded).unwrap_err();
    assert!(
        matches!(error, Error::Solve(sightline::solve::Error::Infeasible { .. })),
        "{error:?}"
    );
    assert!(error.to_string().contains("cannot all be met"), "{error}");
    // Four can.
    let study = checked(&text(4), dir.path());
    let plan = study.plan(&study.load().unwrap()).unwrap();
    assert!(
        plan.districts.rows.iter().all(|d| d.cameras_added == 1),
        "{:?}",
        plan.districts
    );
}

// A coordinate system per layer.

/// The Goyang reference point: (126.832 E, 37.658 N) is (185175.877923,
/// 562053.588425) in EPSG:5186 (proj4rs and PROJ agree to 1 µm).
const LONLAT: [f64; 2] = [126.832, 37.658];
const EPSG_5186: [f64; 2] = [185_175.877_923, 562_053.588_425];

/// A lon/lat CSV demand layer (the reference point, and one 0.001° NE of
/// it), and sites in EPSG:5186 metres (the reference point, and one 300 m
/// east): as GeoJSON without a `crs` member, or as CSV with x/y columns.
fn write_mixed_layers(dir: &Path, sites_csv: bool) -> &'static str {
    let demand = format!(
        "lon,lat,weight\n{},{},1\n{},{},2\n",
        LONLAT[0],
        LONLAT[1],
        LONLAT[0] + 0.001,
        LONLAT[1] + 0.001
    );
    std::fs::write(dir.join("demand.csv"), demand).unwrap();
    let sites = [
        (EPSG_5186[0], EPSG_5186[1], "at"),
        (EPSG_5186[0] + 300.0, EPSG_5186[1], "east"),
    ];
    if sites_csv {
        let mut text = "x,y,id\n".to_owned();
        for (x, y, id) in sites {
            text.push_str(&format!("{x},{y},{id}\n"));
        }
        std::fs::write(dir.join("sites.csv"), text).unwrap();
        "sites.csv"
    } else {
        let features = sites
            .iter()
            .map(|(x, y, id)| point(*x, *y, json!({"id": id})))
            .collect();
        write_collection(&dir.join("sites.geojson"), features);
        "sites.geojson"
    }
}

/// A study of the mixed layers; `sites_crs` is the sites layer's own
/// `crs` line (or nothing), `study_crs` the study's.
fn mixed_study(sites: &str, sites_crs: &str, demand_crs: &str, study_crs: &str) -> String {
    format!(
        r#"{study_crs}

[[layer]]
role = "demand"
file = "demand.csv"
weight = "weight"
{demand_crs}

[[layer]]
role = "sites"
file = "{sites}"
id = "id"
{sites_crs}

[camera]
radius_m = 50

[objective]
cameras = 1

[solver]
method = "greedy"
"#
    )
}

fn distance(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// The loaded study's first demand point and its sites, in the plane.
fn first_demand_and_sites(study: &CheckedStudy) -> (Coord<f64>, Vec<Coord<f64>>) {
    let loaded = study.load().unwrap();
    let scenario = loaded.scenario();
    (
        scenario.demand()[0].location,
        scenario.sites().iter().map(|s| s.location).collect(),
    )
}

#[test]
fn a_sites_layer_in_epsg_5186_meets_a_lonlat_csv_demand_layer() {
    for sites_csv in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let sites = write_mixed_layers(dir.path(), sites_csv);
        let text = mixed_study(sites, "crs = \"EPSG:5186\"", "", "");
        let study = Study::from_toml(&text).unwrap();
        assert_eq!(study.layers[1].crs, Some(Crs::Epsg(5186)));
        // The per-layer system survives TOML and JSON.
        assert_eq!(Study::from_toml(&study.to_toml()).unwrap(), study);
        assert_eq!(Study::from_json(&study.to_json()).unwrap(), study);
        let study = checked(&text, dir.path());
        let (demand, sites) = first_demand_and_sites(&study);
        let gap = distance(demand, sites[0]);
        assert!(
            gap < 0.05,
            "{sites_csv}: the site lies {gap} m from the demand point"
        );
        let east = distance(sites[0], sites[1]);
        assert!((east - 300.0).abs() < 1.0, "{sites_csv}: {east} m");
        // And it plans: the site at the point covers it.
        let plan = study.plan(&study.load().unwrap()).unwrap();
        assert_eq!(plan.chosen[0].id, "at");
        assert_eq!(plan.objective, 1.0);
    }
}

#[test]
fn a_lonlat_layer_in_a_study_of_epsg_5186() {
    // The reverse: the study's system is EPSG:5186, and the demand layer
    // says it is lon/lat.
    let dir = tempfile::tempdir().unwrap();
    let sites = write_mixed_layers(dir.path(), true);
    let text = mixed_study(sites, "", "crs = \"lonlat\"", "crs = \"EPSG:5186\"");
    let (demand, sites) = first_demand_and_sites(&checked(&text, dir.path()));
    let gap = distance(demand, sites[0]);
    assert!(gap < 0.05, "the site lies {gap} m from the demand point");
}

#[test]
fn without_the_layer_crs_the_same_files_do_not_meet() {
    for sites_csv in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let sites = write_mixed_layers(dir.path(), sites_csv);
        let study = checked(&mixed_study(sites, "", "", ""), dir.path());
        match study.load() {
            // 185175 is no longitude.
            Err(error) => assert!(error.to_string().contains(sites), "{error}"),
            Ok(loaded) => {
                let scenario = loaded.scenario();
                let gap = distance(scenario.demand()[0].location, scenario.sites()[0].location);
                assert!(gap > 1000.0, "{sites_csv}: {gap} m");
            }
        }
        // With the study's system for every layer, the lon/lat demand is
        // read as metres: refused, or far away too.
        let text = mixed_study(sites, "", "", "crs = \"EPSG:5186\"");
        match checked(&text, dir.path()).load() {
            Err(error) => assert!(error.to_string().contains("demand.csv"), "{error}"),
            Ok(loaded) => {
                let scenario = loaded.scenario();
                let gap = distance(scenario.demand()[0].location, scenario.sites()[0].location);
                assert!(gap > 1000.0, "{sites_csv}: {gap} m");
            }
        }
    }
}
