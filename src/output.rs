//! Writing results: the plan and candidate scores as GeoJSON in the
//! input's coordinate system, the summary as JSON, scores as CSV.
//!
//! Each output is first rendered to bytes ([`plan_geojson`],
//! [`summary_json`], ...), so nothing touches the disk until every file of
//! a run is ready; [`write_files`] then writes the whole set atomically
//! (temporary files, then renames), so a failed run leaves no half-written
//! result behind.

use std::path::{Path, PathBuf};

use geo_types::Coord;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sightline_io::{
    Plane, csv_bytes, json_bytes, points_geojson_bytes, polygons_geojson_bytes, write_files_atomic,
};

use crate::input::LayerSummary;
use crate::{DistrictFigures, Error, Plan, Scenario, SiteScore};

type Properties = Map<String, Value>;

/// One output file: its name within the output folder and its contents.
pub type OutputFile = (&'static str, Vec<u8>);

fn properties(value: Value) -> Properties {
    match value {
        Value::Object(map) => map,
        _ => Properties::new(),
    }
}

/// The chosen sites as a GeoJSON FeatureCollection of Points with
/// properties `rank`, `gain`, `site_id` and `district` (and, with camera
/// types, `camera_type`, `heading_deg` for fixed cameras, and `cost`), in
/// the plane's output system.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
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
/// let bytes = sightline::output::plan_geojson(&plan, &Plane::local(city.origin_lonlat)?)?;
/// let text = String::from_utf8(bytes).unwrap();
/// assert_eq!(text.matches("\"rank\"").count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn plan_geojson(plan: &Plan, plane: &Plane) -> Result<Vec<u8>, Error> {
    let features: Vec<(Coord<f64>, Properties)> = plan
        .chosen
        .iter()
        .map(|site| {
            let mut props = properties(json!({
                "rank": site.rank,
                "gain": site.gain,
                "site_id": site.id,
                "district": site.district,
            }));
            if let Some(kind) = &site.camera_type {
                props.insert("camera_type".to_owned(), json!(kind));
                props.insert("heading_deg".to_owned(), json!(site.heading_deg));
                props.insert("cost".to_owned(), json!(site.cost));
            }
            (site.location, props)
        })
        .collect();
    Ok(points_geojson_bytes(plane, &features)?)
}

impl Plan {
    /// The plan as a GeoJSON FeatureCollection in one call: the chosen
    /// sites as Points, in the plane's output system (see
    /// [`plan_geojson`] for the properties).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a point cannot be converted back to the output
    /// system.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::io::Plane;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let plan = plan(&city.scenario, &PlanRequest::new(3, Circular::new(100.0)?))?;
    /// let geojson = plan.to_geojson(&Plane::local(city.origin_lonlat)?)?;
    /// assert!(geojson.starts_with("{") && geojson.contains("FeatureCollection"));
    /// // Every result type is serde-serialisable too.
    /// let json = serde_json::to_string(&plan).unwrap();
    /// let back: Plan = serde_json::from_str(&json).unwrap();
    /// assert_eq!(back.chosen, plan.chosen);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn to_geojson(&self, plane: &Plane) -> Result<String, Error> {
        let bytes = plan_geojson(self, plane)?;
        Ok(
            String::from_utf8(bytes).map_err(|error| sightline_io::Error::Output {
                path: PathBuf::from("plan.geojson"),
                reason: error.to_string(),
            })?,
        )
    }
}

/// Writes [`plan_geojson`] to `path`, atomically.
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
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("plan.geojson");
/// sightline::output::write_plan_geojson(&path, &plan, &Plane::local(city.origin_lonlat)?)?;
/// assert!(std::fs::read_to_string(&path).unwrap().contains("site_id"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_plan_geojson(path: &Path, plan: &Plan, plane: &Plane) -> Result<(), Error> {
    Ok(write_files_atomic(&[(
        path.to_owned(),
        plan_geojson(plan, plane)?,
    )])?)
}

/// The figures written to `summary.json`. Every figure follows from the
/// inputs, so the same inputs give the same bytes whatever the thread
/// count (on one platform; see ROBUSTNESS.md for the limits); the runtime
/// is left to [`Plan::runtime`].
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
    /// New cameras asked for (`null` for a coverage target).
    pub cameras_requested: Option<usize>,
    /// The coverage target, a fraction of the coverable weight (`null`
    /// when a number of cameras was asked for).
    pub coverage_target: Option<f64>,
    /// The budget on the chosen sites' total cost (`null`: none).
    pub budget: Option<f64>,
    /// The backup weight (`null`: no backup objective).
    pub backup_weight: Option<f64>,
    /// Demand weight seen by two or more existing cameras.
    pub backed_up_before: f64,
    /// Demand weight seen by two or more cameras after the plan.
    pub backed_up_after: f64,
    /// What the solver maximised: `objective + backup_weight ×
    /// backed_up_after`.
    pub score: f64,
    /// Demand weight any camera can cover.
    pub coverable_weight: f64,
    /// Total cost of the chosen sites.
    pub cost: f64,
    /// For a coverage target: no plan reaching it costs less.
    pub cost_lower_bound: Option<f64>,
    /// The solver used.
    pub solver: &'a str,
    /// No plan with this many cameras (within the budget) scores more
    /// (existing included).
    pub upper_bound: f64,
    /// `(upper_bound − score) / upper_bound`.
    pub gap: f64,
    /// True when the plan is proven optimal.
    pub proven_optimal: bool,
    /// Demand groups after merging identical coverage.
    pub reduced_demand: usize,
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
            coverage_target: plan.coverage_target,
            budget: plan.budget,
            backup_weight: plan.backup_weight,
            backed_up_before: plan.backed_up_before,
            backed_up_after: plan.backed_up_after,
            score: plan.score,
            coverable_weight: plan.coverable_weight,
            cost: plan.cost,
            cost_lower_bound: plan.cost_lower_bound,
            solver: &plan.solver,
            upper_bound: plan.upper_bound,
            gap: plan.gap,
            proven_optimal: plan.proven_optimal,
            reduced_demand: plan.reduced_demand,
            demand_outside_districts: plan.demand_outside_districts,
            sites_outside_districts: plan.sites_outside_districts,
            districts: &plan.districts,
        }
    }
}

/// `summary.json` for `plan`: the [`Summary`] as pretty JSON.
///
/// # Errors
///
/// [`Error::Io`] if serialisation fails.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let value: serde_json::Value = serde_json::from_slice(&sightline::output::summary_json(&plan)?).unwrap();
/// assert_eq!(value["cameras"], 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn summary_json(plan: &Plan) -> Result<Vec<u8>, Error> {
    Ok(json_bytes(&Summary::new(plan))?)
}

/// `plan.geojson`, `summary.json` and `coverage.geojson`, ready for
/// [`write_files`].
///
/// # Errors
///
/// As [`plan_geojson`], [`summary_json`] and [`coverage_geojson`].
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
/// let files = sightline::output::plan_files(&plan, &Plane::local(city.origin_lonlat)?)?;
/// let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
/// assert_eq!(names, ["plan.geojson", "summary.json", "coverage.geojson"]);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn plan_files(plan: &Plan, plane: &Plane) -> Result<Vec<OutputFile>, Error> {
    Ok(vec![
        ("plan.geojson", plan_geojson(plan, plane)?),
        ("summary.json", summary_json(plan)?),
        ("coverage.geojson", coverage_geojson(plan, plane)?),
    ])
}

/// The demand left unseen after the plan (`blindspots.geojson`), the most
/// unseen weight first: properties `rank`, `demand` (the point's index),
/// `weight`, `seen` (0 to 1) and `uncovered` (`weight × (1 − seen)`).
/// With `cell_m`, each blind spot is drawn as the square grid cell of that
/// size around its centre (demand on a grid); without it, as a point.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
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
/// let plane = Plane::local(city.origin_lonlat)?;
/// let bytes = sightline::output::blindspots_geojson(&plan, &plane, None)?;
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// let features = value["features"].as_array().unwrap();
/// assert_eq!(features.len(), plan.blind_spots.len());
/// assert_eq!(features[0]["properties"]["rank"], 1);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn blindspots_geojson(plan: &Plan, plane: &Plane, cell_m: Option<f64>) -> Result<Vec<u8>, Error> {
    let props = |rank: usize, spot: &crate::BlindSpot| {
        properties(json!({
            "rank": rank + 1,
            "demand": spot.demand,
            "weight": spot.weight,
            "seen": spot.seen,
            "uncovered": spot.uncovered,
        }))
    };
    let spots = plan.blind_spots.iter().enumerate();
    match cell_m.filter(|c| c.is_finite() && *c > 0.0) {
        None => {
            let features: Vec<(Coord<f64>, Properties)> = spots
                .map(|(rank, spot)| (spot.location, props(rank, spot)))
                .collect();
            Ok(points_geojson_bytes(plane, &features)?)
        }
        Some(cell) => {
            let half = cell / 2.0;
            let polygons: Vec<_> = spots
                .map(|(rank, spot)| {
                    let Coord { x, y } = spot.location;
                    let square = geo_types::Polygon::new(
                        geo_types::LineString::from(vec![
                            (x - half, y - half),
                            (x + half, y - half),
                            (x + half, y + half),
                            (x - half, y + half),
                            (x - half, y - half),
                        ]),
                        vec![],
                    );
                    (geo_types::MultiPolygon(vec![square]), props(rank, spot))
                })
                .collect();
            Ok(polygons_geojson_bytes(plane, &polygons)?)
        }
    }
}

/// `districts.csv`: one row per district (and a last row named
/// `(outside every district)` when demand or cameras lie outside them),
/// with `district`, `demand_points`, `demand`, `covered_before`,
/// `covered_after`, their shares of the district's demand
/// (`covered_before_pct`, `covered_after_pct`), `cameras_added`,
/// `cost_added` and `budget_share_pct` (the district's share of the
/// money spent, or of the budget when there is one).
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be rendered.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = String::from_utf8(sightline::output::districts_csv(&plan)?).unwrap();
/// assert!(text.starts_with("district,demand_points,demand,covered_before,"));
/// assert_eq!(text.lines().count(), 1 + plan.districts.len());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn districts_csv(plan: &Plan) -> Result<Vec<u8>, Error> {
    let header = [
        "district",
        "demand_points",
        "demand",
        "covered_before",
        "covered_after",
        "covered_before_pct",
        "covered_after_pct",
        "cameras_added",
        "cost_added",
        "budget_share_pct",
    ];
    let spend = plan.budget.unwrap_or(plan.cost);
    let rows: Vec<Vec<String>> = plan
        .districts
        .iter()
        .map(|d| {
            vec![
                district_label(d),
                d.demand_points.to_string(),
                d.demand.to_string(),
                d.covered_before.to_string(),
                d.covered_after.to_string(),
                format!("{:.2}", percent(d.covered_before, d.demand)),
                format!("{:.2}", percent(d.covered_after, d.demand)),
                d.cameras_added.to_string(),
                d.cost_added.to_string(),
                format!("{:.2}", percent(d.cost_added, spend)),
            ]
        })
        .collect();
    Ok(csv_bytes(&header, &rows)?)
}

fn district_label(d: &DistrictFigures) -> String {
    d.name
        .clone()
        .unwrap_or_else(|| "(outside every district)".to_owned())
}

/// `100 × part / whole`, 0 when `whole` is 0.
fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { 100.0 * part / whole } else { 0.0 }
}

/// `curve.csv`: the plan's coverage curve ([`Plan::curve`]), one row per
/// number of cameras: `cameras`, `score`, `score_pct` (score as a share
/// of all demand; the covered share, or more than it with a backup
/// weight, whose score counts backed-up demand again), `marginal_gain`
/// (what the k-th camera adds), `upper_bound` and `upper_bound_pct`.
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be rendered.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = String::from_utf8(sightline::output::curve_csv(&plan)?).unwrap();
/// assert_eq!(text.lines().count(), 6);
/// assert!(text.starts_with("cameras,score,score_pct,marginal_gain,upper_bound,upper_bound_pct\n1,"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn curve_csv(plan: &Plan) -> Result<Vec<u8>, Error> {
    let header = [
        "cameras",
        "score",
        "score_pct",
        "marginal_gain",
        "upper_bound",
        "upper_bound_pct",
    ];
    let mut previous = curve_base(plan);
    let rows: Vec<Vec<String>> = plan
        .curve
        .iter()
        .map(|step| {
            let row = vec![
                step.cameras.to_string(),
                step.score.to_string(),
                format!("{:.3}", percent(step.score, plan.total_weight)),
                (step.score - previous).to_string(),
                step.upper_bound.to_string(),
                format!("{:.3}", percent(step.upper_bound, plan.total_weight)),
            ];
            previous = step.score;
            row
        })
        .collect();
    Ok(csv_bytes(&header, &rows)?)
}

/// What `report.md` says about the run besides the plan itself.
///
/// # Examples
///
/// ```
/// let study = sightline::output::Study::new("Deogyang-gu 2027").command("sightline run goyang.toml");
/// assert_eq!(study.title, "Deogyang-gu 2027");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Study<'a> {
    /// The report's title.
    pub title: String,
    /// The input layers, with their row counts and skipped rows.
    pub layers: &'a [LayerSummary],
    /// The command (or scenario file) that produced the run.
    pub command: Option<String>,
    /// Notes to list under the inputs (grid size, model, ...).
    pub notes: Vec<String>,
}

impl<'a> Study<'a> {
    /// A study with a title and nothing else.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// The input layers.
    pub fn layers(mut self, layers: &'a [LayerSummary]) -> Self {
        self.layers = layers;
        self
    }

    /// The command or scenario file that produced the run.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// A note for the inputs section.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// `report.md`: the study in plain Markdown for people who do not read
/// JSON: the result (coverage before and after, cameras, cost, objective,
/// upper bound, gap, solver), the new cameras in rank order, the
/// table of districts, where extra cameras stop paying off (from the
/// curve), the largest blind spots, and the inputs with their row counts
/// and skipped rows. Like `summary.json` it holds no runtime, so the same
/// study gives the same bytes.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::output::Study;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = sightline::output::report_md(&plan, &Study::new("Demo city"));
/// assert!(text.starts_with("# Demo city\n"));
/// assert!(text.contains("| Upper bound |"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn report_md(plan: &Plan, study: &Study<'_>) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    let total = plan.total_weight;
    let pct = |w: f64| percent(w, total);
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let _ = writeln!(md, "# {}\n", study.title);
    if let Some(command) = &study.command {
        let _ = writeln!(md, "Produced by `{}`.\n", command.replace('`', "'"));
    }
    let _ = writeln!(md, "## Result\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| New cameras | {} |", plan.chosen.len());
    if let Some(requested) = plan.cameras_requested {
        let _ = writeln!(md, "| Cameras asked for | {requested} |");
    }
    if let Some(budget) = plan.budget {
        let _ = writeln!(md, "| Budget | {} |", number(budget));
    }
    if let Some(target) = plan.coverage_target {
        let _ = writeln!(
            md,
            "| Coverage target | {:.1}% of the coverable demand |",
            100.0 * target
        );
    }
    let _ = writeln!(md, "| Cost | {} |", number(plan.cost));
    let _ = writeln!(md, "| Total demand | {} |", number(total));
    let _ = writeln!(
        md,
        "| Covered before (existing cameras) | {} ({:.1}%) |",
        number(plan.covered_before),
        pct(plan.covered_before)
    );
    let _ = writeln!(
        md,
        "| Covered after | {} ({:.1}%) |",
        number(plan.objective),
        pct(plan.objective)
    );
    if let Some(weight) = plan.backup_weight {
        let _ = writeln!(
            md,
            "| Seen by two or more cameras | {:.1}% (before: {:.1}%), backup weight {weight} |",
            pct(plan.backed_up_after),
            pct(plan.backed_up_before)
        );
    }
    let _ = writeln!(md, "| Objective (score) | {} |", number(plan.score));
    match plan.cost_lower_bound {
        Some(lower) => {
            let _ = writeln!(md, "| Lower bound on the cost | {} |", number(lower));
        }
        None => {
            let _ = writeln!(
                md,
                "| Upper bound | {} ({:.1}%) |",
                number(plan.upper_bound),
                pct(plan.upper_bound)
            );
        }
    }
    let _ = writeln!(
        md,
        "| Gap | {:.3}%{} |",
        100.0 * plan.gap,
        if plan.proven_optimal {
            " (proven optimal)"
        } else {
            ""
        }
    );
    let _ = writeln!(md, "| Solver | {} |", plan.solver);
    let _ = writeln!(md, "| Demand groups solved | {} |\n", plan.reduced_demand);

    if !plan.chosen.is_empty() {
        let _ = writeln!(md, "## New cameras\n");
        let _ = writeln!(
            md,
            "| Rank | Site | District | Gain | Cost |\n|---:|---|---|---:|---:|"
        );
        for site in &plan.chosen {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                site.rank,
                cell(&site.id),
                cell(site.district.as_deref().unwrap_or("")),
                number(site.gain),
                number(site.cost)
            );
        }
        md.push('\n');
    }

    if !plan.districts.is_empty() {
        let spend = plan.budget.unwrap_or(plan.cost);
        let _ = writeln!(md, "## Districts\n");
        let _ = writeln!(
            md,
            "| District | Demand | Covered before | Covered after | Cameras added | Share of the {} |\n|---|---:|---:|---:|---:|---:|",
            if plan.budget.is_some() {
                "budget"
            } else {
                "spending"
            }
        );
        for d in &plan.districts {
            let _ = writeln!(
                md,
                "| {} | {} | {:.1}% | {:.1}% | {} | {:.1}% |",
                cell(&district_label(d)),
                number(d.demand),
                percent(d.covered_before, d.demand),
                percent(d.covered_after, d.demand),
                d.cameras_added,
                percent(d.cost_added, spend)
            );
        }
        md.push('\n');
    }

    if let (Some(first), Some(last)) = (plan.curve.first(), plan.curve.last()) {
        let base = curve_base(plan);
        let first_gain = first.score - base;
        let _ = writeln!(md, "## Coverage curve\n");
        let _ = writeln!(
            md,
            "The first camera adds {:.2}% of all demand; all {} together add {:.2}% (`curve.csv`, `curve.svg`).",
            pct(first_gain),
            last.cameras,
            pct(last.score - base)
        );
        let scores: Vec<f64> = plan.curve.iter().map(|step| step.score).collect();
        if let Some(knee) = sightline_solve::knee(&scores, Some(base), KNEE_SHARE) {
            let _ = writeln!(
                md,
                "Camera {} is the first to add less than a quarter of what the first one did (the knee in `curve.svg`).",
                knee + 1
            );
        }
        let _ = writeln!(
            md,
            "No plan of {} cameras that keeps the request's rules (budget, quotas, spacing, forced sites, if any) can score more than {} ({:.1}% of demand).\n",
            last.cameras,
            number(last.upper_bound),
            pct(last.upper_bound)
        );
    }

    if plan.curve.is_empty() {
        let _ = writeln!(
            md,
            "## Coverage curve\n\nNo new camera was needed, so there is no curve (no `curve.svg`).\n"
        );
    }

    let unseen: f64 = plan.blind_spots.iter().map(|b| b.uncovered).sum();
    let _ = writeln!(md, "## Blind spots\n");
    let _ = writeln!(
        md,
        "{} demand points or cells are not fully seen after the plan, holding {} of the demand ({:.1}%); `blindspots.geojson` lists them, the largest first.\n",
        plan.blind_spots.len(),
        number(unseen),
        pct(unseen)
    );

    let _ = writeln!(md, "## Inputs\n");
    if study.layers.is_empty() {
        let _ = writeln!(md, "Built in memory (no files read).\n");
    } else {
        let _ = writeln!(
            md,
            "| Role | File | Features | Kept | CRS | Skipped |\n|---|---|---:|---:|---|---|"
        );
        for layer in study.layers {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                layer.role,
                cell(&layer.path.display().to_string()),
                layer.features,
                layer.items,
                layer.crs,
                cell(&layer_skipped(layer)),
            );
        }
        md.push('\n');
    }
    if plan.demand_outside_districts > 0 || plan.sites_outside_districts > 0 {
        let _ = writeln!(
            md,
            "- {} demand points and {} candidate sites lie in no district.",
            plan.demand_outside_districts, plan.sites_outside_districts
        );
    }
    for note in &study.notes {
        let _ = writeln!(md, "- {note}");
    }
    md
}

/// A figure for people: whole numbers as they are, others to four
/// significant digits or one decimal, whichever is more.
fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        let digits = (3 - x.abs().log10().floor() as i32).clamp(1, 9) as usize;
        format!("{x:.digits$}")
    }
}

/// What a layer's reader skipped, in words ("none" when nothing was).
fn layer_skipped(layer: &LayerSummary) -> String {
    let mut parts = Vec::new();
    if let Some(note) = &layer.skipped_note {
        parts.push(note.clone());
    }
    if layer.defaulted_weights > 0 {
        parts.push(format!(
            "{} rows without a usable count weigh 1",
            layer.defaulted_weights
        ));
    }
    if !layer.skipped.is_empty() {
        parts.push(format!("{} features that are not polygons", layer.skipped.len()));
    }
    if !layer.invalid_polygons.is_empty() {
        parts.push(format!(
            "{} invalid polygons kept as they are",
            layer.invalid_polygons.len()
        ));
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join("; ")
    }
}

/// `map.svg`: a map a council member can read without GIS software:
/// districts with their names, demand intensity (grid cells when `cell_m`
/// is given, else points), existing cameras and the new ones numbered by
/// rank with their reach, a legend, a scale bar and a north arrow. Drawn
/// in the planning plane (metres, north up).
///
/// # Errors
///
/// [`Error::Render`] for values that cannot be drawn (non-finite weights).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let svg = sightline::output::map_svg(&plan, &city.scenario, None, "Demo city")?;
/// let text = String::from_utf8(svg).unwrap();
/// assert_eq!(text.matches(r#"class="new-camera""#).count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn map_svg(plan: &Plan, scenario: &Scenario, cell_m: Option<f64>, title: &str) -> Result<Vec<u8>, Error> {
    use sightline_render::{Camera, District, MapData, Reach};
    let reach = |view: &crate::CameraView| match (view.heading_deg, view.fov_deg) {
        (Some(heading_deg), Some(fov_deg)) if fov_deg < 360.0 => Reach::Cone {
            radius_m: view.range_m,
            heading_deg,
            fov_deg,
        },
        _ => Reach::Disc {
            radius_m: view.range_m,
        },
    };
    let new_views = plan.views.iter().filter(|v| !v.existing);
    let new_cameras = plan
        .chosen
        .iter()
        .zip(new_views)
        .map(|(site, view)| Camera::new(site.location).reach(reach(view)))
        .collect();
    let existing_views = plan.views.iter().filter(|v| v.existing);
    let existing = scenario
        .existing()
        .iter()
        .zip(existing_views)
        .map(|(&at, view)| Camera::new(at).reach(reach(view)))
        .collect();
    let map = MapData {
        title: title.to_owned(),
        subtitle: format!(
            "{} new cameras · demand covered {:.1}% → {:.1}%",
            plan.chosen.len(),
            percent(plan.covered_before, plan.total_weight),
            percent(plan.objective, plan.total_weight)
        ),
        districts: scenario
            .districts()
            .iter()
            .map(|d| District::new(d.name.clone(), d.boundary.clone()))
            .collect(),
        demand: scenario.demand().iter().map(|d| (d.location, d.weight)).collect(),
        cell_size_m: cell_m,
        demand_label: if cell_m.is_some() {
            "Demand per cell".to_owned()
        } else {
            "Demand (weight)".to_owned()
        },
        existing,
        new_cameras,
    };
    Ok(sightline_render::map_svg(&map)?)
}

/// The share of the first camera's gain below which the next camera is
/// said to stop paying off (`curve.svg`'s knee and `report.md`).
const KNEE_SHARE: f64 = 0.25;

/// `curve.svg`: the plan's coverage curve ([`Plan::curve`]) as a chart:
/// demand covered (% of all demand) against the number of new cameras,
/// the upper bound per number of cameras dashed, the existing cameras'
/// coverage as a baseline, and the knee: where one more camera first adds
/// less than a quarter of what the first one did
/// ([`knee`](sightline_solve::knee)).
///
/// # Errors
///
/// [`Error::Render`] for a plan without cameras (no curve to draw).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = String::from_utf8(sightline::output::curve_svg(&plan, "Demo city")?).unwrap();
/// assert_eq!(text.matches(r#"class="covered-point""#).count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn curve_svg(plan: &Plan, title: &str) -> Result<Vec<u8>, Error> {
    let total = plan.total_weight;
    let base = curve_base(plan);
    let covered: Vec<f64> = plan.curve.iter().map(|s| percent(s.score, total)).collect();
    let baseline = Some(percent(base, total));
    let curve = sightline_render::CurveData {
        title: title.to_owned(),
        subtitle: format!(
            "What the plan's first k cameras cover, and what no k cameras keeping the rules can beat{}",
            if plan.backup_weight.is_some() {
                " (score, backup included)"
            } else {
                ""
            }
        ),
        y_label: "Demand covered (%)".to_owned(),
        knee: sightline_solve::knee(&covered, baseline, KNEE_SHARE),
        covered,
        upper_bound: plan
            .curve
            .iter()
            .map(|s| Some(percent(s.upper_bound, total)))
            .collect(),
        baseline,
        knee_share: Some(KNEE_SHARE),
    };
    Ok(sightline_render::curve_svg(&curve)?)
}

/// What the existing cameras score before any new one.
fn curve_base(plan: &Plan) -> f64 {
    plan.covered_before + plan.backup_weight.unwrap_or(0.0) * plan.backed_up_before
}

/// The names of the files [`all_files`] renders, in its order.
pub const ALL_FILES: &[&str] = &[
    "plan.geojson",
    "summary.json",
    "coverage.geojson",
    "blindspots.geojson",
    "districts.csv",
    "report.md",
    "curve.csv",
    "curve.svg",
    "map.svg",
];

/// Every output of a study, ready for [`write_files`]: [`plan_files`],
/// then `blindspots.geojson`, `districts.csv`, `report.md`, `curve.csv`,
/// `curve.svg` and `map.svg` (named as in [`ALL_FILES`]). `cell_m` is the
/// demand grid's cell size, when the demand is a grid. A plan with no new
/// camera (a coverage target the existing cameras meet) has no curve to
/// draw, so no `curve.svg`; `report.md` says why.
///
/// # Errors
///
/// As the functions that render each file.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::output::{self, Study};
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let plane = Plane::local(city.origin_lonlat)?;
/// let files = output::all_files(&plan, &city.scenario, &plane, &Study::new("Demo"), None)?;
/// let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
/// assert_eq!(names, output::ALL_FILES);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn all_files(
    plan: &Plan,
    scenario: &Scenario,
    plane: &Plane,
    study: &Study<'_>,
    cell_m: Option<f64>,
) -> Result<Vec<OutputFile>, Error> {
    let mut files = plan_files(plan, plane)?;
    files.push(("blindspots.geojson", blindspots_geojson(plan, plane, cell_m)?));
    files.push(("districts.csv", districts_csv(plan)?));
    files.push(("report.md", report_md(plan, study).into_bytes()));
    files.push(("curve.csv", curve_csv(plan)?));
    if !plan.curve.is_empty() {
        files.push(("curve.svg", curve_svg(plan, &study.title)?));
    }
    files.push(("map.svg", map_svg(plan, scenario, cell_m, &study.title)?));
    Ok(files)
}

/// What every camera sees, as polygons (`coverage.geojson`): new cameras
/// then existing ones, with properties `existing`, `id` (site id, or the
/// existing camera's index), `camera_type`, `heading_deg` and `range_m`.
/// Each polygon is the camera's view cone or disc cut short by buildings,
/// drawn with a ray every degree.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
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
/// let bytes = sightline::output::coverage_geojson(&plan, &Plane::local(city.origin_lonlat)?)?;
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// // 5 new cameras and the city's 8 existing ones.
/// assert_eq!(value["features"].as_array().unwrap().len(), 13);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn coverage_geojson(plan: &Plan, plane: &Plane) -> Result<Vec<u8>, Error> {
    let polygons: Vec<_> = plan
        .views
        .iter()
        .map(|v| {
            let props = properties(json!({
                "existing": v.existing,
                "id": v.id,
                "camera_type": v.camera_type,
                "heading_deg": v.heading_deg,
                "fov_deg": v.fov_deg,
                "range_m": v.range_m,
            }));
            (geo_types::MultiPolygon(vec![v.area.clone()]), props)
        })
        .collect();
    Ok(polygons_geojson_bytes(plane, &polygons)?)
}

/// One CSV row per candidate site: `site`, `site_id`, its coordinates in
/// the output system (`lon`/`lat` when geographic, else `x`/`y`),
/// `new_demand`, `new_points`, `district`, the best `camera_type` and
/// `heading_deg` (empty for the disc model), and `new_area_m2` (empty
/// unless scored on a grid).
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
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
/// let text = String::from_utf8(sightline::output::scores_csv(&scores, &Plane::local(city.origin_lonlat)?)?).unwrap();
/// assert_eq!(text.lines().count(), 1 + scores.len());
/// assert!(text.starts_with("site,site_id,lon,lat,"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scores_csv(scores: &[SiteScore], plane: &Plane) -> Result<Vec<u8>, Error> {
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
        "camera_type",
        "heading_deg",
        "new_area_m2",
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
                score.camera_type.clone().unwrap_or_default(),
                score.heading_deg.map(|h| h.to_string()).unwrap_or_default(),
                score.new_area_m2.map(|a| a.to_string()).unwrap_or_default(),
            ])
        })
        .collect::<Result<Vec<_>, sightline_io::Error>>()?;
    Ok(csv_bytes(&header, &rows)?)
}

/// Every candidate site as a GeoJSON Point with its score.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
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
/// let bytes = sightline::output::scores_geojson(&scores, &Plane::local(city.origin_lonlat)?)?;
/// assert!(String::from_utf8(bytes).unwrap().contains("new_demand"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scores_geojson(scores: &[SiteScore], plane: &Plane) -> Result<Vec<u8>, Error> {
    let features: Vec<(Coord<f64>, Properties)> = scores
        .iter()
        .map(|score| {
            let props = json!({
                "site": score.site,
                "site_id": score.id,
                "new_demand": score.new_demand,
                "new_points": score.new_points,
                "district": score.district,
                "camera_type": score.camera_type,
                "heading_deg": score.heading_deg,
                "new_area_m2": score.new_area_m2,
            });
            (score.location, properties(props))
        })
        .collect();
    Ok(points_geojson_bytes(plane, &features)?)
}

/// A scenario's layers as GeoJSON: `demand.geojson` (property `weight`),
/// `sites.geojson` (`site_id`), `existing.geojson` and `districts.geojson`
/// (`name`). The demo writes them so its inputs can be opened in a GIS and
/// planned on again.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
///
/// # Examples
///
/// ```
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let files = sightline::output::scenario_layers(&city.scenario, &Plane::local(city.origin_lonlat)?)?;
/// assert_eq!(files.len(), 4);
/// assert_eq!(files[3].0, "districts.geojson");
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scenario_layers(scenario: &Scenario, plane: &Plane) -> Result<Vec<OutputFile>, Error> {
    let demand: Vec<(Coord<f64>, Properties)> = scenario
        .demand()
        .iter()
        .map(|d| (d.location, properties(json!({ "weight": d.weight }))))
        .collect();
    let sites: Vec<(Coord<f64>, Properties)> = scenario
        .sites()
        .iter()
        .map(|s| (s.location, properties(json!({ "site_id": s.id }))))
        .collect();
    let existing: Vec<(Coord<f64>, Properties)> = scenario
        .existing()
        .iter()
        .map(|&e| (e, Properties::new()))
        .collect();
    let districts: Vec<_> = scenario
        .districts()
        .iter()
        .map(|d| (d.boundary.clone(), properties(json!({ "name": d.name }))))
        .collect();
    Ok(vec![
        ("demand.geojson", points_geojson_bytes(plane, &demand)?),
        ("sites.geojson", points_geojson_bytes(plane, &sites)?),
        ("existing.geojson", points_geojson_bytes(plane, &existing)?),
        ("districts.geojson", polygons_geojson_bytes(plane, &districts)?),
    ])
}

/// Writes `files` into the folder `dir` as one set: the folder is created
/// if missing, every file goes to a temporary name first and is renamed
/// into place only when all were written. On failure nothing new is left:
/// no temporary files, and no folder if this call created it.
///
/// # Errors
///
/// [`Error::Io`] naming the folder or file that could not be written.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let out = dir.path().join("result");
/// sightline::output::write_files(&out, vec![("a.txt", b"a".to_vec()), ("b.txt", b"b".to_vec())])?;
/// assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"b");
///
/// // A folder in the way of the second file: neither file appears.
/// let blocked = dir.path().join("blocked");
/// std::fs::create_dir_all(blocked.join("b.txt")).unwrap();
/// assert!(sightline::output::write_files(&blocked, vec![("a.txt", vec![]), ("b.txt", vec![])]).is_err());
/// assert!(!blocked.join("a.txt").exists());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_files(dir: &Path, files: Vec<OutputFile>) -> Result<(), Error> {
    let created = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|source| sightline_io::Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| (dir.join(name), bytes))
        .collect();
    let result = write_files_atomic(&files);
    if result.is_err() && created {
        // Only succeeds when empty: never removes anything that was there.
        let _ = std::fs::remove_dir(dir);
    }
    Ok(result?)
}
