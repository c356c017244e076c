//! `summary.json`: every figure of a plan.

use serde::Serialize;
use sightline_io::json_bytes;

use crate::Shortfall;
use crate::{DistrictFigures, Error, Plan};

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
    /// The solver's work, in coverage entries read.
    pub solver_work: u64,
    /// True when the time limit was reached while solving (the plan may
    /// then differ on a faster or slower machine).
    pub time_limit_reached: bool,
    /// Demand points in no district.
    pub demand_outside_districts: usize,
    /// Candidate sites in no district.
    pub sites_outside_districts: usize,
    /// Per-district figures; a `null` name gathers what lies outside
    /// every district.
    pub districts: &'a [DistrictFigures],
    /// Why fewer cameras were placed than asked (absent when none are
    /// missing): a `reason` with its figures, and the `message` in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<ShortfallSummary<'a>>,
    /// With periods: what the plan maximised across them, `weighted` or
    /// `worst`, or `event` for an event plan (absent without periods).
    /// `score`, `upper_bound` and `gap` are then in its terms: a share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periods_objective: Option<String>,
    /// With periods: one object per period (the event's last) with
    /// `name`, `hours`, `weight`, `population` (the hourly table's people
    /// summed over its hours, before any normalisation; `null` without a
    /// table), `demand`, `covered_before`, `covered_after` and `fraction`
    /// (`covered_after / demand`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periods: Option<&'a [crate::periods::PeriodFigures]>,
    /// With demand by hour: one object per hour of the day with `hour`,
    /// `demand`, `covered_before` and `covered_after`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<&'a [crate::periods::HourFigures]>,
    /// With an event: its visitors and what the plan sees of its crowd,
    /// hour by hour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<&'a crate::periods::EventFigures>,
}

/// A [`Shortfall`] with its sentence, as `summary.json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortfallSummary<'a> {
    /// The reason and its figures.
    #[serde(flatten)]
    pub reason: &'a Shortfall,
    /// The reason in words.
    pub message: String,
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
            cameras_requested: plan.outcome.cameras(),
            coverage_target: plan.outcome.target(),
            budget: plan.outcome.budget(),
            backup_weight: plan.outcome.backup_weight(),
            backed_up_before: plan.backed_up_before,
            backed_up_after: plan.backed_up_after,
            score: plan.score,
            coverable_weight: plan.coverable_weight,
            cost: plan.cost,
            cost_lower_bound: plan.outcome.cost_lower_bound(),
            solver: &plan.solver.method,
            upper_bound: plan.outcome.upper_bound().unwrap_or(plan.score),
            gap: plan.outcome.gap(),
            proven_optimal: plan.solver.proven_optimal,
            reduced_demand: plan.solver.reduced_demand,
            solver_work: plan.solver.work,
            time_limit_reached: plan.solver.time_limit_reached,
            demand_outside_districts: plan.districts.demand_outside,
            sites_outside_districts: plan.districts.sites_outside,
            districts: &plan.districts.rows,
            shortfall: plan.shortfall.as_ref().map(|reason| ShortfallSummary {
                reason,
                message: reason.to_string(),
            }),
            periods_objective: plan.periods.as_ref().and_then(|p| match (p.objective, &p.event) {
                (Some(objective), _) => Some(objective.to_string()),
                (None, Some(_)) => Some("event".to_owned()),
                (None, None) => None,
            }),
            periods: plan
                .periods
                .as_ref()
                .map(|p| p.rows.as_slice())
                .filter(|rows| !rows.is_empty()),
            hours: plan
                .periods
                .as_ref()
                .map(|p| p.hours.as_slice())
                .filter(|hours| !hours.is_empty()),
            event: plan.periods.as_ref().and_then(|p| p.event.as_ref()),
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

/// [`summary_json`] with more objects after the plan's figures: a
/// `records` object (see [`records_summary`](super::records_summary)), a
/// `population` object.
pub(super) fn with_objects(plan: &Plan, objects: Vec<(&str, serde_json::Value)>) -> Result<Vec<u8>, Error> {
    let mut value = serde_json::to_value(Summary::new(plan)).map_err(|error| {
        Error::Io(sightline_io::Error::Render {
            reason: error.to_string(),
        })
    })?;
    if let serde_json::Value::Object(map) = &mut value {
        for (key, object) in objects {
            map.insert(key.to_owned(), object);
        }
    }
    Ok(json_bytes(&value)?)
}
