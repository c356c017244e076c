//! Demand by time of day through a study, on the shipped made-up town:
//! its hourly population table (`examples/data/population/hanbit_hourly.csv`),
//! its complaint records (with times), periods, the two objectives
//! across them, and an event.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sightline::study::{
    self, AddressTable, DemandMode, DiscCamera, EventSpec, Layer, Objective, Outputs, PeriodSpec,
    RecordsSpec, Role, Study,
};
use sightline::{Method, Plan};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(path)
}

/// The made-up town: records placed by address, poles as sites, its
/// three dong as districts and its hourly table, on a 25 m grid.
fn town(cameras: usize) -> Study {
    let mut study = Study::default();
    let mut records = Layer::new(Role::Records, data("records/complaints.csv"));
    records.time = Some("접수일시".to_owned());
    records.address = Some("주소".to_owned());
    study.layers.push(records);
    let mut spec = RecordsSpec::default();
    spec.geocode_with = vec![
        "examples/data/records/poles.csv:소재지도로명주소,소재지지번주소"
            .parse::<AddressTable>()
            .unwrap(),
    ];
    spec.geocode_with[0].file = data("records/poles.csv");
    study.records = Some(spec);
    let mut sites = Layer::new(Role::Sites, data("records/poles.csv"));
    sites.label = Some("보안등위치명".to_owned());
    study.layers.push(sites);
    study
        .layers
        .push(Layer::new(Role::Districts, data("records/dong.geojson")));
    study
        .layers
        .push(Layer::new(Role::Population, data("population/hanbit_hourly.csv")));
    study.camera = Some(DiscCamera::new(60.0));
    study.demand.mode = Some(DemandMode::Grid);
    study.demand.grid_m = Some(25.0);
    let mut objective = Objective::default();
    objective.cameras = Some(cameras);
    study.objective = Some(objective);
    study.solver.method = Some(Method::Auto);
    study.solver.time_limit_s = Some(60.0);
    study
}

fn period(name: &str, hours: &str, weight: f64) -> PeriodSpec {
    let mut spec = PeriodSpec::new(name, hours);
    spec.weight = Some(weight);
    spec
}

fn run(study: &Study) -> Plan {
    let checked = study.validate().unwrap();
    study::run(&checked, "test").unwrap().plan
}

fn min_fraction(plan: &Plan) -> f64 {
    let periods = plan.periods.as_ref().unwrap();
    periods
        .rows
        .iter()
        .map(|r| r.fraction)
        .fold(f64::INFINITY, f64::min)
}

fn ids(plan: &Plan) -> Vec<String> {
    plan.chosen.iter().map(|c| c.id.clone()).collect()
}

/// Hour → people summed over the usable rows of the town's three dong,
/// divided by the days: read with a parser of our own (csv and
/// encoding_rs), not the library's.
fn table_by_hour() -> [f64; 24] {
    let bytes = std::fs::read(data("population/hanbit_hourly.csv")).unwrap();
    let (text, _, _) = encoding_rs::EUC_KR.decode(&bytes);
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|c| c.trim_matches('"').to_owned())
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (day, hour, code, value) = (
        col("기준일ID"),
        col("시간대구분"),
        col("행정동코드"),
        col("총생활인구수"),
    );
    let mut days = std::collections::HashSet::new();
    let mut sums = [0.0; 24];
    for line in lines {
        let cells: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
        days.insert(cells[day].to_owned());
        let Ok(h) = cells[hour].parse::<usize>() else {
            continue;
        };
        if h > 23 || !["9999901", "9999902", "9999903"].contains(&cells[code]) {
            continue;
        }
        if let Ok(v) = cells[value].parse::<f64>() {
            sums[h] += v;
        }
    }
    sums.map(|s| s / days.len() as f64)
}

#[test]
fn a_periods_population_is_the_tables_sum_for_its_hours_less_what_was_left_out() {
    let mut study = town(4);
    study.periods = vec![period("night", "22-06", 2.0), period("day", "06-22", 1.0)];
    let plan = run(&study);
    let by_hour = table_by_hour();
    let expected: HashMap<&str, f64> = [
        (
            "night",
            [22, 23, 0, 1, 2, 3, 4, 5].iter().map(|&h| by_hour[h]).sum(),
        ),
        ("day", (6..22).map(|h| by_hour[h]).sum()),
    ]
    .into_iter()
    .collect();
    let rows = &plan.periods.as_ref().unwrap().rows;
    assert_eq!(rows.len(), 2);
    for row in rows {
        let want = expected[row.name.as_str()];
        let got = row.population.unwrap();
        assert!((got - want).abs() < 1e-6 * want, "{}: {got} vs {want}", row.name);
        assert!(row.demand > 0.0 && row.covered_after >= row.covered_before);
        assert!((row.fraction - row.covered_after / row.demand).abs() < 1e-12);
    }
}

#[test]
fn one_period_of_all_24_hours_gives_the_plan_without_periods() {
    let plain = run(&town(5));
    let mut study = town(5);
    study.periods = vec![period("all", "00-24", 1.0)];
    let one = run(&study);
    assert_eq!(ids(&one), ids(&plain));
    assert_eq!(one.objective, plain.objective);
    let row = &one.periods.as_ref().unwrap().rows[0];
    assert_eq!(row.demand, plain.total_weight);
    assert_eq!(row.covered_after, plain.objective);
    // The plan's score is then the covered share.
    assert!((one.score - plain.covered_fraction).abs() < 1e-12);
}

#[test]
fn the_worst_period_plan_leaves_no_period_further_behind_than_the_others() {
    let periods = vec![
        period("night", "22-06", 2.0),
        period("day", "06-18", 1.0),
        period("evening", "18-22", 1.0),
    ];
    let mut weighted = town(3);
    weighted.periods = periods.clone();
    let mut worst = weighted.clone();
    worst.objective.as_mut().unwrap().periods_objective = Some(sightline::periods::PeriodObjective::Worst);
    let weighted = run(&weighted);
    let worst = run(&worst);
    let floor = min_fraction(&worst);
    assert!(
        floor >= min_fraction(&weighted) - 1e-12,
        "{floor} vs weighted {}",
        min_fraction(&weighted)
    );
    assert!(worst.score <= worst.outcome.upper_bound().unwrap() + 1e-12);
    assert!((worst.score - floor).abs() < 1e-12);
    for one in &periods {
        let mut single = town(3);
        single.periods = vec![one.clone()];
        let single = run(&single);
        // The single-period plan, judged in every period.
        let mut judged = town(3);
        judged.periods = periods.clone();
        let chosen = ids(&single);
        judged.constraints.force_in = chosen.clone();
        let judged = run(&judged);
        assert_eq!(ids(&judged).len(), chosen.len());
        assert!(
            floor >= min_fraction(&judged) - 1e-12,
            "{}: {floor} vs {}",
            one.name,
            min_fraction(&judged)
        );
    }
}

#[test]
fn an_event_plan_sees_more_of_the_crowd_than_the_permanent_cameras_alone() {
    let dir = tempfile::tempdir().unwrap();
    // A made-up festival ground over the middle of the town.
    let dong: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data("records/dong.geojson")).unwrap()).unwrap();
    let ring = &dong["features"][1]["geometry"]["coordinates"][0];
    let xs: Vec<f64> = ring
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_f64().unwrap())
        .collect();
    let ys: Vec<f64> = ring
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_f64().unwrap())
        .collect();
    let (cx, cy) = (
        xs.iter().sum::<f64>() / xs.len() as f64,
        ys.iter().sum::<f64>() / ys.len() as f64,
    );
    let (dx, dy) = (0.002, 0.0015);
    let area = serde_json::json!({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[cx - dx, cy - dy], [cx + dx, cy - dy], [cx + dx, cy + dy], [cx - dx, cy + dy], [cx - dx, cy - dy]]]}}]});
    let area_file = dir.path().join("festival.geojson");
    std::fs::write(&area_file, area.to_string()).unwrap();
    let mut study = town(3);
    study
        .layers
        .push(Layer::new(Role::Existing, data("records/poles.csv")));
    study.camera = Some({
        let mut camera = DiscCamera::new(60.0);
        camera.existing_radius_m = Some(1.0);
        camera
    });
    study.event = Some(EventSpec::new(&area_file, "18-23", 5000.0));
    study.outputs = Some(Outputs::new(dir.path().join("out")));
    let checked = study.validate().unwrap();
    let outcome = study::run(&checked, "test").unwrap();
    let event = outcome.plan.periods.as_ref().unwrap().event.as_ref().unwrap();
    assert_eq!(event.by_hour.len(), 5);
    let before: f64 = event.by_hour.iter().map(|h| h.seen_before).sum();
    let after: f64 = event.by_hour.iter().map(|h| h.seen_after).sum();
    assert!(after > before, "{after} vs {before}");
    for hour in &event.by_hour {
        assert!(hour.crowd >= 5000.0 - 1e-6 && hour.seen_after <= hour.crowd + 1e-6);
    }
    let report = outcome
        .files
        .iter()
        .find(|(name, _)| name == "report.md")
        .map(|(_, bytes)| String::from_utf8(bytes.clone()).unwrap())
        .unwrap();
    assert!(report.contains("more people an hour on average"), "{report}");
    let summary: serde_json::Value = serde_json::from_slice(
        &outcome
            .files
            .iter()
            .find(|(name, _)| name == "summary.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(summary["periods_objective"], "event");
    assert_eq!(summary["periods"][0]["name"], "event");
}

#[test]
fn periods_and_population_are_refused_where_they_cannot_apply() {
    let mut points = town(3);
    points.demand.mode = None;
    let error = points.validate().unwrap_err().to_string();
    assert!(
        error.contains("layer[3].role") && error.contains("demand grid only"),
        "{error}"
    );
    let mut study = town(3);
    study.objective.as_mut().unwrap().periods_objective = Some(sightline::periods::PeriodObjective::Worst);
    let error = study.validate().unwrap_err().to_string();
    assert!(
        error.contains("objective.periods_objective needs periods"),
        "{error}"
    );
    let mut study = town(3);
    study.periods = vec![period("night", "22-26", 1.0)];
    let error = study.validate().unwrap_err().to_string();
    assert!(error.contains("period[0].hours is \"22-26\""), "{error}");
    let mut study = town(3);
    study.periods = vec![period("night", "22-06", 1.0)];
    let mut outputs = Outputs::new("out");
    outputs.map_period = Some("noon".to_owned());
    study.outputs = Some(outputs);
    let error = study.validate().unwrap_err().to_string();
    assert!(error.contains("the name of a period: night"), "{error}");
}

#[test]
fn camera_types_quotas_and_budgets_keep_working_across_periods() {
    use sightline::study::CameraTypeSpec;
    let mut study = town(4);
    study.periods = vec![period("night", "22-06", 2.0), period("day", "06-22", 1.0)];
    study.camera_types = vec![
        "fixed:range=60,fov=90,headings=4,decay=linear:30"
            .parse::<CameraTypeSpec>()
            .unwrap(),
        "ptz:range=40,cost=2".parse::<CameraTypeSpec>().unwrap(),
    ];
    study.constraints.min_per_district = Some(1);
    study.objective.as_mut().unwrap().budget = Some(6.0);
    for objective in [
        sightline::periods::PeriodObjective::Weighted,
        sightline::periods::PeriodObjective::Worst,
    ] {
        for method in [Method::Greedy, Method::LocalSearch, Method::Auto] {
            let mut this = study.clone();
            this.objective.as_mut().unwrap().periods_objective = Some(objective);
            this.solver.method = Some(method);
            let plan = run(&this);
            let label = format!("{objective} {method}");
            assert!(plan.cost <= 6.0 + 1e-9, "{label}: cost {}", plan.cost);
            assert!(plan.chosen.len() <= 4, "{label}");
            let mut districts: Vec<&str> = plan.chosen.iter().filter_map(|c| c.district.as_deref()).collect();
            districts.sort_unstable();
            districts.dedup();
            assert_eq!(
                districts.len(),
                3,
                "{label}: one camera in each of the three dong at least"
            );
            let rows = &plan.periods.as_ref().unwrap().rows;
            let value = match objective {
                sightline::periods::PeriodObjective::Worst => min_fraction(&plan),
                _ => (2.0 * rows[0].fraction + rows[1].fraction) / 3.0,
            };
            // The score is the plan's value, recomputed from the figures
            // (qualities below 1 included), and never above the bound.
            assert!(
                (plan.score - value).abs() < 1e-9,
                "{label}: {} vs {value}",
                plan.score
            );
            assert!(
                plan.score <= plan.outcome.upper_bound().unwrap() + 1e-12,
                "{label}"
            );
        }
    }
}
