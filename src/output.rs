//! Writing results: the plan and candidate scores as GeoJSON in the
//! input's coordinate system, the summary as JSON, scores as CSV.
//!
//! Every file is written atomically (a temporary file, then a rename), so
//! a failed run never leaves a half-written result behind.

use std::path::Path;

use geo_types::Coord;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sightline_io::{Plane, write_csv, write_json, write_points_geojson, write_polygons_geojson};

use crate::{DistrictFigures, Error, Plan, Scenario, SiteScore};

type Properties = Map<String, Value>;

fn properties(value: Value) -> Properties {
    match value {
        Value::Object(map) => map,
        _ => Properties::new(),
    }
}

/// Writes the chosen sites as GeoJSON Points with properties `rank`,
/// `gain`, `site_id` and `district`, in the plane's output system.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be written or a point cannot be
/// converted back.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("plan.geojson");
/// sightline::output::write_plan_geojson(&path, &plan, &Plane::local(city.origin_lonlat)?)?;
/// let text = std::fs::read_to_string(&path).unwrap();
/// assert_eq!(text.matches("\"rank\"").count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_plan_geojson(path: &Path, plan: &Plan, plane: &Plane) -> Result<(), Error> {
    let features: Vec<(Coord<f64>, Properties)> = plan
        .chosen
        .iter()
        .map(|site| {
            let props = json!({
                "rank": site.rank,
                "gain": site.gain,
                "site_id": site.id,
                "district": site.district,
            });
            (site.location, properties(props))
        })
        .collect();
    Ok(write_points_geojson(path, plane, &features)?)
}

/// The figures written to `summary.json`.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::output::Summary;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let summary = Summary::new(&plan);
/// assert_eq!(summary.cameras, 5);
/// assert_eq!(summary.objective, plan.objective);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Summary<'a> {
    /// Demand weight covered after the plan, existing cameras included.
    pub objective: f64,
    /// Demand weight covered by the existing cameras alone.
    pub covered_before: f64,
    /// Total demand weight.
    pub total_weight: f64,
    /// `objective / total_weight`.
    pub covered_fraction: f64,
    /// New cameras placed.
    pub cameras: usize,
    /// New cameras asked for.
    pub cameras_requested: usize,
    /// The solver used.
    pub solver: &'a str,
    /// Seconds spent planning (coverage and solving; reading and writing
    /// files excluded).
    pub runtime_s: f64,
    /// Demand points in no district.
    pub demand_outside_districts: usize,
    /// Candidate sites in no district.
    pub sites_outside_districts: usize,
    /// Per-district figures; a `null` name gathers what lies outside
    /// every district.
    pub districts: &'a [DistrictFigures],
}

impl<'a> Summary<'a> {
    /// The summary of `plan`.
    pub fn new(plan: &'a Plan) -> Self {
        Self {
            objective: plan.objective,
            covered_before: plan.covered_before,
            total_weight: plan.total_weight,
            covered_fraction: plan.covered_fraction,
            cameras: plan.chosen.len(),
            cameras_requested: plan.cameras_requested,
            solver: &plan.solver,
            runtime_s: plan.runtime.as_secs_f64(),
            demand_outside_districts: plan.demand_outside_districts,
            sites_outside_districts: plan.sites_outside_districts,
            districts: &plan.districts,
        }
    }
}

/// Writes `summary.json` for `plan`.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be written.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let dir = tempfile::tempdir().unwrap();
/// sightline::output::write_summary(&dir.path().join("summary.json"), &plan)?;
/// let text = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
/// let value: serde_json::Value = serde_json::from_str(&text).unwrap();
/// assert_eq!(value["cameras"], 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_summary(path: &Path, plan: &Plan) -> Result<(), Error> {
    Ok(write_json(path, &Summary::new(plan))?)
}

/// Writes one row per candidate site: `site`, `site_id`, its coordinates
/// in the output system (`lon`/`lat` when geographic, else `x`/`y`),
/// `new_demand`, `new_points` and `district`.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be written.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let scores = score_sites(&city.scenario, &Circular::new(100.0)?)?;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("scores.csv");
/// sightline::output::write_scores_csv(&path, &scores, &Plane::local(city.origin_lonlat)?)?;
/// let text = std::fs::read_to_string(&path).unwrap();
/// assert_eq!(text.lines().count(), 1 + scores.len());
/// assert!(text.starts_with("site,site_id,lon,lat,"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_scores_csv(path: &Path, scores: &[SiteScore], plane: &Plane) -> Result<(), Error> {
    let (x_name, y_name) = if plane.output_crs().is_geographic() {
        ("lon", "lat")
    } else {
        ("x", "y")
    };
    let header = [
        "site",
        "site_id",
        x_name,
        y_name,
        "new_demand",
        "new_points",
        "district",
    ];
    let rows = scores
        .iter()
        .map(|score| {
            let at = plane.to_output(score.location)?;
            Ok(vec![
                score.site.to_string(),
                score.id.clone(),
                at.x.to_string(),
                at.y.to_string(),
                score.new_demand.to_string(),
                score.new_points.to_string(),
                score.district.clone().unwrap_or_default(),
            ])
        })
        .collect::<Result<Vec<_>, sightline_io::Error>>()?;
    Ok(write_csv(path, &header, &rows)?)
}

/// Writes every candidate site as a GeoJSON Point with its score.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be written.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let scores = score_sites(&city.scenario, &Circular::new(100.0)?)?;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("scores.geojson");
/// sightline::output::write_scores_geojson(&path, &scores, &Plane::local(city.origin_lonlat)?)?;
/// assert!(std::fs::read_to_string(&path).unwrap().contains("new_demand"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_scores_geojson(path: &Path, scores: &[SiteScore], plane: &Plane) -> Result<(), Error> {
    let features: Vec<(Coord<f64>, Properties)> = scores
        .iter()
        .map(|score| {
            let props = json!({
                "site": score.site,
                "site_id": score.id,
                "new_demand": score.new_demand,
                "new_points": score.new_points,
                "district": score.district,
            });
            (score.location, properties(props))
        })
        .collect();
    Ok(write_points_geojson(path, plane, &features)?)
}

/// Writes a scenario's layers as GeoJSON into `dir`: `demand.geojson`
/// (property `weight`), `sites.geojson` (`site_id`), `existing.geojson`
/// and `districts.geojson` (`name`). The demo uses it so its inputs can be
/// opened in a GIS and planned on again.
///
/// # Errors
///
/// [`Error::Io`] if a file cannot be written.
///
/// # Examples
///
/// ```
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let dir = tempfile::tempdir().unwrap();
/// sightline::output::write_scenario_layers(dir.path(), &city.scenario, &Plane::local(city.origin_lonlat)?)?;
/// assert!(dir.path().join("districts.geojson").exists());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_scenario_layers(dir: &Path, scenario: &Scenario, plane: &Plane) -> Result<(), Error> {
    let demand: Vec<(Coord<f64>, Properties)> = scenario
        .demand()
        .iter()
        .map(|d| (d.location, properties(json!({ "weight": d.weight }))))
        .collect();
    write_points_geojson(&dir.join("demand.geojson"), plane, &demand)?;
    let sites: Vec<(Coord<f64>, Properties)> = scenario
        .sites()
        .iter()
        .map(|s| (s.location, properties(json!({ "site_id": s.id }))))
        .collect();
    write_points_geojson(&dir.join("sites.geojson"), plane, &sites)?;
    let existing: Vec<(Coord<f64>, Properties)> = scenario
        .existing()
        .iter()
        .map(|&e| (e, Properties::new()))
        .collect();
    write_points_geojson(&dir.join("existing.geojson"), plane, &existing)?;
    let districts: Vec<_> = scenario
        .districts()
        .iter()
        .map(|d| (d.boundary.clone(), properties(json!({ "name": d.name }))))
        .collect();
    write_polygons_geojson(&dir.join("districts.geojson"), plane, &districts)?;
    Ok(())
}
