//! What a plan holds: the chosen sites and every figure about them.

use std::time::Duration;

use super::Shortfall;
use geo_types::Coord;
use serde::{Deserialize, Serialize};

/// A chosen camera site.
///
/// # Examples
///
/// ```
/// # use sightline::prelude::*;
/// # use geo_types::coord;
/// # let scenario = Scenario::new(
/// #     vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 2.0)],
/// #     vec![CandidateSite::new(coord! { x: 1.0, y: 0.0 }, "p1")],
/// # );
/// let plan = plan(&scenario, &PlanRequest::new(1, Circular::new(10.0)?))?;
/// let first: &ChosenSite = &plan.chosen[0];
/// assert_eq!((first.rank, first.site, first.gain), (1, 0, 2.0));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChosenSite {
    /// 1 for the first site chosen, 2 for the next, and so on.
    pub rank: usize,
    /// Index of the site in [`Scenario::sites`](crate::Scenario::sites).
    pub site: usize,
    /// The site's id.
    pub id: String,
    /// The site's label (see [`CandidateSite::label`](crate::CandidateSite::label)).
    pub label: Option<String>,
    /// The site's attributes as read (see
    /// [`CandidateSite::properties`](crate::CandidateSite::properties)).
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Position in planar metres.
    pub location: Coord<f64>,
    /// Demand weight this site newly covered when it was chosen.
    pub gain: f64,
    /// Demand points this camera is the first to see (seen by no existing
    /// camera and no camera ranked before it).
    pub new_points: usize,
    /// The district the site lies in, if any.
    pub district: Option<String>,
    /// Compass heading of a fixed camera (degrees clockwise from north);
    /// `None` for a disc or a 360° camera.
    pub heading_deg: Option<f64>,
    /// The camera type's name, with camera types.
    pub camera_type: Option<String>,
    /// What this camera costs: the site's cost, times the type's.
    pub cost: f64,
}

/// What one camera sees, for maps: its view cone (or disc) cut short by
/// buildings, approximated by a ray every degree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CameraView {
    /// `false` for a new camera of the plan, `true` for an existing one.
    pub existing: bool,
    /// The site's id (new cameras) or the camera's index in
    /// [`Scenario::existing`](crate::Scenario::existing) as text.
    pub id: String,
    /// The camera type's name, with camera types.
    pub camera_type: Option<String>,
    /// Compass heading, degrees, for a cone.
    pub heading_deg: Option<f64>,
    /// Field of view, degrees, for a cone.
    pub fov_deg: Option<f64>,
    /// Range, metres.
    pub range_m: f64,
    /// The visible area, planar metres.
    pub area: geo_types::Polygon<f64>,
}

/// One step of a plan's coverage curve: what its first `cameras` cameras
/// (in rank order) achieve, and what no plan with that many cameras can
/// beat.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let last: &CurveStep = plan.curve.last().unwrap();
/// assert_eq!(last.cameras, 5);
/// assert!((last.score - plan.score).abs() < 1e-6);
/// assert!(plan.curve.iter().all(|step| step.upper_bound >= step.score));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CurveStep {
    /// Number of new cameras, k.
    pub cameras: usize,
    /// What the plan's first k cameras score (existing cameras included):
    /// covered demand weight, plus the backup weight times backed-up
    /// demand with a backup objective.
    pub score: f64,
    /// No k new cameras that meet the request's rules (budget, quotas,
    /// spacing...) score more (existing cameras included). The best of
    /// two bounds: Nemhauser, Wolsey and Fisher's (the score of a prefix
    /// of the plan plus the k largest gains any site still offers; it
    /// ignores the rules, so it bounds any k cameras), and the solver's
    /// bound for the plan's own size, which also bounds every smaller
    /// plan that meets the rules (a plan may always have fewer cameras
    /// than asked for). No bound is above the bound for more cameras.
    pub upper_bound: f64,
}

/// Demand left unseen, or seen only partly, after a plan: a blind spot.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let worst: &BlindSpot = &plan.blind_spots[0];
/// assert!(plan.blind_spots.iter().all(|b| b.uncovered <= worst.uncovered));
/// let unseen: f64 = plan.blind_spots.iter().map(|b| b.uncovered).sum();
/// assert!((unseen - (plan.total_weight - plan.objective)).abs() < 1e-6);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlindSpot {
    /// Index of the demand point (or cell) in [`Scenario::demand`](crate::Scenario::demand).
    pub demand: usize,
    /// Where it is, planar metres.
    pub location: Coord<f64>,
    /// Its demand weight.
    pub weight: f64,
    /// How well it is seen after the plan, 0 (not at all) to 1 (fully;
    /// less than 1 only with cameras whose quality decays).
    pub seen: f64,
    /// The weight left unseen: `weight × (1 − seen)`.
    pub uncovered: f64,
    /// The candidate site nearest to it, where a camera could go; `None`
    /// without sites.
    pub nearest_site: Option<NearestSite>,
}

/// The candidate site nearest to a blind spot.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let spot = &plan.blind_spots[0];
/// let nearest = spot.nearest_site.as_ref().unwrap();
/// let site = &city.scenario.sites()[nearest.site];
/// assert_eq!(site.id, nearest.id);
/// let (dx, dy) = (site.location.x - spot.location.x, site.location.y - spot.location.y);
/// assert!((dx.hypot(dy) - nearest.distance_m).abs() < 1e-9);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NearestSite {
    /// Index of the site in [`Scenario::sites`](crate::Scenario::sites).
    pub site: usize,
    /// The site's id.
    pub id: String,
    /// The site's label, if it has one.
    pub label: Option<String>,
    /// How far it is, metres.
    pub distance_m: f64,
}

/// Demand and coverage within one district.
///
/// # Examples
///
/// ```
/// # use sightline::prelude::*;
/// # use geo_types::{coord, polygon, MultiPolygon};
/// # let square = polygon![(x: -5.0, y: -5.0), (x: 5.0, y: -5.0), (x: 5.0, y: 5.0), (x: -5.0, y: 5.0)];
/// # let scenario = Scenario::new(
/// #     vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 2.0), DemandPoint::new(coord! { x: 50.0, y: 0.0 }, 1.0)],
/// #     vec![CandidateSite::new(coord! { x: 1.0, y: 0.0 }, "p1")],
/// # ).with_districts(vec![District::new("centre", MultiPolygon(vec![square]))]);
/// let plan = plan(&scenario, &PlanRequest::new(1, Circular::new(10.0)?))?;
/// let centre: &DistrictFigures = &plan.districts.rows[0];
/// assert_eq!(centre.name.as_deref(), Some("centre"));
/// assert_eq!((centre.demand, centre.covered_after, centre.cameras_added), (2.0, 2.0, 1));
/// // The point at x = 50 lies in no district and gets a row of its own.
/// assert_eq!(plan.districts.rows[1].name, None);
/// assert_eq!(plan.districts.rows[1].demand, 1.0);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DistrictFigures {
    /// District name; `None` for the row that gathers what lies outside
    /// every district.
    pub name: Option<String>,
    /// Number of demand points in the district.
    pub demand_points: usize,
    /// Total demand weight in the district.
    pub demand: f64,
    /// Weight covered by existing cameras.
    pub covered_before: f64,
    /// Weight covered after the plan (existing cameras included).
    pub covered_after: f64,
    /// New cameras placed in the district.
    pub cameras_added: usize,
    /// What the district's new cameras cost (see [`ChosenSite::cost`]).
    pub cost_added: f64,
}

impl DistrictFigures {
    pub(crate) fn empty(name: Option<String>) -> Self {
        Self {
            name,
            demand_points: 0,
            demand: 0.0,
            covered_before: 0.0,
            covered_after: 0.0,
            cameras_added: 0,
            cost_added: 0.0,
        }
    }
}

/// What was asked, and how far from the best the plan can be: one
/// variant per goal, each with the bound that matters for it.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let request = PlanRequest::coverage_target(0.6, Circular::new(100.0)?).method(Method::Exact);
/// let plan = plan(&city.scenario, &request)?;
/// match plan.outcome {
///     Outcome::CoverageTarget { target, cost_lower_bound, .. } => {
///         assert_eq!(target, 0.6);
///         assert!(cost_lower_bound <= plan.cost);
///     }
///     Outcome::MaxCoverage { .. } => unreachable!("a coverage target was asked for"),
/// }
/// assert_eq!(plan.outcome.upper_bound(), None);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// The most coverage with at most this many new cameras, within this
    /// budget (at least one of the two is set), with backup coverage
    /// counted at this weight.
    #[non_exhaustive]
    MaxCoverage {
        /// New cameras asked for (`None` for a budget alone). Fewer are
        /// chosen when the rest would cover nothing new.
        cameras: Option<usize>,
        /// The most the chosen cameras may cost, if any.
        budget: Option<f64>,
        /// Demand seen by two or more cameras counts again this many
        /// times its weight (`None`: no backup objective).
        backup_weight: Option<f64>,
        /// No plan keeping the request's rules scores more (existing
        /// cameras included).
        upper_bound: f64,
        /// `(upper_bound − score) / upper_bound`: how far from the best
        /// possible plan this one can be, at most.
        gap: f64,
    },
    /// The cheapest plan covering this share of the coverable demand.
    #[non_exhaustive]
    CoverageTarget {
        /// The share of the coverable demand weight asked for, in (0, 1].
        target: f64,
        /// No plan reaching the target costs less than this.
        cost_lower_bound: f64,
        /// `(cost − cost_lower_bound) / cost`: how much cheaper a plan
        /// could be, at most.
        gap: f64,
    },
}

impl Outcome {
    /// How far from the best the plan can be, as a fraction: of the score
    /// for maximum coverage, of the cost for a coverage target.
    pub fn gap(&self) -> f64 {
        match *self {
            Outcome::MaxCoverage { gap, .. } | Outcome::CoverageTarget { gap, .. } => gap,
        }
    }

    /// The upper bound on the score, for maximum coverage.
    pub fn upper_bound(&self) -> Option<f64> {
        match *self {
            Outcome::MaxCoverage { upper_bound, .. } => Some(upper_bound),
            Outcome::CoverageTarget { .. } => None,
        }
    }

    /// The lower bound on the cost, for a coverage target.
    pub fn cost_lower_bound(&self) -> Option<f64> {
        match *self {
            Outcome::CoverageTarget { cost_lower_bound, .. } => Some(cost_lower_bound),
            Outcome::MaxCoverage { .. } => None,
        }
    }

    /// The number of new cameras asked for, for maximum coverage with a
    /// number of cameras.
    pub fn cameras(&self) -> Option<usize> {
        match *self {
            Outcome::MaxCoverage { cameras, .. } => cameras,
            Outcome::CoverageTarget { .. } => None,
        }
    }

    /// The budget, for maximum coverage within one.
    pub fn budget(&self) -> Option<f64> {
        match *self {
            Outcome::MaxCoverage { budget, .. } => budget,
            Outcome::CoverageTarget { .. } => None,
        }
    }

    /// The share of the coverable demand asked for, for a coverage target.
    pub fn target(&self) -> Option<f64> {
        match *self {
            Outcome::CoverageTarget { target, .. } => Some(target),
            Outcome::MaxCoverage { .. } => None,
        }
    }

    /// The backup weight, when backup coverage counts.
    pub fn backup_weight(&self) -> Option<f64> {
        match *self {
            Outcome::MaxCoverage { backup_weight, .. } => backup_weight,
            Outcome::CoverageTarget { .. } => None,
        }
    }
}

/// How the plan was found.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?).method(Method::Greedy))?;
/// assert_eq!(plan.solver.method, "greedy");
/// assert!(plan.solver.reduced_demand <= city.scenario.demand().len());
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SolverReport {
    /// `greedy`, `local`, `exact` or `auto` for maximum coverage,
    /// `set-cover` for a coverage target.
    pub method: String,
    /// True when the plan is proven optimal.
    pub proven_optimal: bool,
    /// Demand groups the solver worked on, after merging demand points
    /// covered by exactly the same sites and dropping demand no new site
    /// can cover.
    pub reduced_demand: usize,
    /// The solver's work, in coverage entries read (see
    /// [`PlanRequest::effort`](crate::PlanRequest::effort)); 0 for a
    /// coverage target and a plan across periods, whose solvers do not
    /// count it.
    #[serde(default)]
    pub work: u64,
    /// True when the time limit was reached while solving: a stage may
    /// have stopped at a point that depends on the machine's speed, so
    /// another machine may give another plan. False: the plan depends only
    /// on the inputs and the effort.
    #[serde(default)]
    pub time_limit_reached: bool,
}

/// The plan district by district.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let added: usize = plan.districts.rows.iter().map(|d| d.cameras_added).sum();
/// assert_eq!(added, 5);
/// assert_eq!(plan.districts.demand_outside, 0);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DistrictReport {
    /// Figures per district in the scenario's district order, followed,
    /// when anything lies outside every district, by a row named `None`.
    /// Empty when the scenario has no districts.
    pub rows: Vec<DistrictFigures>,
    /// Demand points lying in no district (0 when there are no districts).
    pub demand_outside: usize,
    /// Candidate sites lying in no district (0 when there are no districts).
    pub sites_outside: usize,
}

/// The chosen sites and what they achieve.
///
/// `objective` is the total demand weight covered after the plan, existing
/// cameras included, as in the coverage literature and spopt. What was
/// asked and the bound that says how good the plan is are in
/// [`outcome`](Plan::outcome), one variant per goal.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use geo_types::coord;
///
/// let scenario = Scenario::new(
///     vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0), DemandPoint::new(coord! { x: 100.0, y: 0.0 }, 1.0)],
///     vec![CandidateSite::new(coord! { x: 100.0, y: 0.0 }, "p1")],
/// )
/// .with_existing(vec![coord! { x: 0.0, y: 0.0 }]);
/// let plan = plan(&scenario, &PlanRequest::new(1, Circular::new(10.0)?))?;
/// assert_eq!(plan.covered_before, 1.0);
/// assert_eq!(plan.objective, 2.0);
/// assert_eq!(plan.covered_fraction, 1.0);
/// assert_eq!(plan.outcome.upper_bound(), Some(2.0));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The chosen sites, in the order they were chosen.
    pub chosen: Vec<ChosenSite>,
    /// Total weight covered after the plan, existing cameras included.
    pub objective: f64,
    /// Weight covered by the existing cameras alone.
    pub covered_before: f64,
    /// Total demand weight.
    pub total_weight: f64,
    /// `objective / total_weight` (0 when there is no weight).
    pub covered_fraction: f64,
    /// Demand weight that existing or candidate cameras can cover at all.
    pub coverable_weight: f64,
    /// Demand weight seen by two or more existing cameras.
    pub backed_up_before: f64,
    /// Demand weight seen by two or more cameras after the plan, existing
    /// ones included.
    pub backed_up_after: f64,
    /// What the solver maximised: `objective`, plus the backup weight ×
    /// `backed_up_after` with a backup objective.
    pub score: f64,
    /// Total cost of the chosen sites.
    pub cost: f64,
    /// What was asked, with the bound and gap that fit it.
    pub outcome: Outcome,
    /// How the plan was found.
    pub solver: SolverReport,
    /// The plan district by district.
    pub districts: DistrictReport,
    /// What each camera sees: the new ones in rank order, then the
    /// existing ones ([`output::coverage_geojson`](crate::output::coverage_geojson)
    /// writes them).
    pub views: Vec<CameraView>,
    /// The coverage curve: one step per camera of the plan, in rank
    /// order ([`output::curve_csv`](crate::output::curve_csv) writes it).
    pub curve: Vec<CurveStep>,
    /// Demand not fully seen after the plan, the most weight unseen
    /// first (ties in demand order).
    pub blind_spots: Vec<BlindSpot>,
    /// Why the plan has fewer new cameras than asked (or none), if it has.
    pub shortfall: Option<Shortfall>,
    /// What the plan covers in each period of the day, each hour and each
    /// hour of an event, when the scenario has demand by period
    /// ([`Scenario::with_periods`](crate::Scenario::with_periods)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<crate::periods::PlanPeriods>,
    /// Wall-clock time spent planning.
    pub runtime: Duration,
}
