use std::time::{Duration, Instant};

pub use sightline_solve::Method;

use geo_types::Coord;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sightline_coverage::{CameraType, Circular, visible_area};
use sightline_index::PointIndex;
use sightline_solve::set_cover::{SetCover, Target};
use sightline_solve::{MaxCoverage, SideConstraints, Solution, coverage_curve, in_greedy_order};

use crate::memory::MemoryLimit;
use crate::problem::Problem;
use crate::{Error, Scenario};

/// What to plan: how many cameras, and what a camera sees.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
///
/// let request = PlanRequest::new(50, Circular::new(50.0)?);
/// assert_eq!(request.goal(), Goal::Cameras(50));
/// assert_eq!(request.model().radius_m(), 50.0);
/// # Ok::<(), sightline::coverage::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    goal: Goal,
    model: Circular,
    method: Method,
    time_limit: Duration,
    rules: PlanRules,
    backup_weight: Option<f64>,
    camera_types: Vec<CameraType>,
    quality_levels: u32,
    memory_limit: MemoryLimit,
}

/// Side constraints of a request, in the scenario's terms.
#[derive(Debug, Clone, PartialEq, Default)]
struct PlanRules {
    min_per_district: usize,
    max_per_district: Option<usize>,
    min_spacing_m: Option<f64>,
    force_in: Vec<String>,
    force_out: Vec<String>,
    budget: Option<f64>,
}

impl PlanRules {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl PlanRequest {
    /// Place up to `cameras` new cameras, each seeing what `model` says.
    /// Defaults: [`Method::Auto`] (the proven optimum when found within the
    /// time limit, else the best plan with its gap) and a 10 s limit.
    pub fn new(cameras: usize, model: Circular) -> Self {
        Self {
            goal: Goal::Cameras(cameras),
            model,
            method: Method::Auto,
            time_limit: Duration::from_secs(10),
            rules: PlanRules::default(),
            backup_weight: None,
            camera_types: Vec::new(),
            quality_levels: 10,
            memory_limit: MemoryLimit::Auto,
        }
    }

    /// Camera types with view cones, headings, distance decay and costs
    /// instead of the disc: each site takes at most one camera, of one
    /// type, at one heading. The request's disc model then only gives the
    /// existing cameras' range (and, with no types but buildings in the
    /// scenario, the range of a 360° camera).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::coverage::CameraType;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let fixed = CameraType::new("fixed", 100.0, 90.0)?.headings(8)?;
    /// let request = PlanRequest::new(10, Circular::new(100.0)?).camera_types(vec![fixed]).method(Method::Greedy);
    /// let plan = plan(&city.scenario, &request)?;
    /// assert!(plan.chosen.iter().all(|c| c.heading_deg.is_some()));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn camera_types(self, types: Vec<CameraType>) -> Self {
        Self {
            camera_types: types,
            ..self
        }
    }

    /// Quality levels for partial coverage (default 10): a camera's
    /// quality is rounded down to a multiple of `1 / levels`. Exact for
    /// step decay.
    pub fn quality_levels(self, levels: u32) -> Self {
        Self {
            quality_levels: levels.max(1),
            ..self
        }
    }

    /// As many new cameras as `budget` pays for (each site costs its
    /// [`cost`](crate::CandidateSite::cost)), covering as much demand as
    /// possible: maximum coverage within a budget.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let request = PlanRequest::within_budget(12.5, Circular::new(100.0)?).method(Method::LocalSearch);
    /// let plan = plan(&city.scenario, &request)?;
    /// assert!(plan.cost <= 12.5);
    /// assert_eq!(plan.budget, Some(12.5));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn within_budget(budget: f64, model: Circular) -> Self {
        let mut request = Self::new(0, model);
        request.goal = Goal::Budget(budget);
        request.rules.budget = Some(budget);
        request
    }

    /// The chosen sites' costs add up to at most `budget`, besides the
    /// number of cameras.
    pub fn budget(mut self, budget: f64) -> Self {
        self.rules.budget = Some(budget);
        self
    }

    /// Demand seen by two or more cameras (existing ones included) counts
    /// again, `weight` times its own weight: backup coverage, for demand
    /// that stays watched when one camera fails or is blocked. `weight`
    /// lies in `[0, 1]`: a second camera is worth at most the first.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let request = PlanRequest::new(10, Circular::new(100.0)?).backup_weight(0.5).method(Method::LocalSearch);
    /// let plan = plan(&city.scenario, &request)?;
    /// assert!(plan.backed_up_after >= plan.backed_up_before);
    /// assert_eq!(plan.score, plan.objective + 0.5 * plan.backed_up_after);
    /// assert!(plan.score <= plan.upper_bound);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn backup_weight(mut self, weight: f64) -> Self {
        self.backup_weight = Some(weight);
        self
    }

    /// Every district gets at least `n` new cameras.
    pub fn min_per_district(mut self, n: usize) -> Self {
        self.rules.min_per_district = n;
        self
    }

    /// No district gets more than `n` new cameras.
    pub fn max_per_district(mut self, n: usize) -> Self {
        self.rules.max_per_district = Some(n);
        self
    }

    /// New cameras stand at least `metres` apart.
    ///
    /// # Units
    ///
    /// Metres.
    pub fn min_spacing_m(mut self, metres: f64) -> Self {
        self.rules.min_spacing_m = Some(metres);
        self
    }

    /// These sites (by id) must be among the new cameras.
    pub fn force_in(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.rules.force_in = ids.into_iter().map(Into::into).collect();
        self
    }

    /// These sites (by id) must not be used.
    pub fn force_out(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.rules.force_out = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The solver: greedy, local search, exact or auto.
    pub fn method(self, method: Method) -> Self {
        Self { method, ..self }
    }

    /// Wall-clock limit for the exact search.
    pub fn time_limit(self, time_limit: Duration) -> Self {
        Self { time_limit, ..self }
    }

    /// The most memory the coverage may take (default
    /// [`MemoryLimit::Auto`], half of the machine's): [`plan`] estimates it
    /// before building and stops with [`Error::MemoryLimit`] past the limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::memory::MemoryLimit;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let request = PlanRequest::new(5, Circular::new(300.0)?).memory_limit(MemoryLimit::Bytes(64 * 1024));
    /// let err = plan(&city.scenario, &request).unwrap_err();
    /// assert!(matches!(err, Error::MemoryLimit { .. }));
    /// assert!(err.to_string().contains("smaller camera range"));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn memory_limit(self, memory_limit: MemoryLimit) -> Self {
        Self { memory_limit, ..self }
    }

    /// The fewest cameras (the least total site cost) that cover at least
    /// `fraction` of the coverable demand weight, existing cameras
    /// included: minimum-cost set covering. `1.0` asks for every demand
    /// point that some camera can see.
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
    /// assert!(plan.objective >= 0.6 * plan.coverable_weight - 1e-9);
    /// assert!(plan.proven_optimal);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn coverage_target(fraction: f64, model: Circular) -> Self {
        Self {
            goal: Goal::Coverage(fraction),
            ..Self::new(0, model)
        }
    }

    /// What is asked for.
    pub fn goal(&self) -> Goal {
        self.goal
    }

    /// The camera model as the coverage builder sees it.
    pub(crate) fn coverage_model(&self) -> crate::memory::Model<'_> {
        crate::memory::Model {
            disc: &self.model,
            types: &self.camera_types,
            levels: self.quality_levels,
        }
    }

    /// The camera model.
    pub fn model(&self) -> &Circular {
        &self.model
    }
}

/// What a plan aims at.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
///
/// let request = PlanRequest::new(50, Circular::new(50.0)?);
/// assert_eq!(request.goal(), Goal::Cameras(50));
/// # Ok::<(), sightline::coverage::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    /// Cover as much demand as possible with this many new cameras.
    Cameras(usize),
    /// Reach this fraction of the coverable demand at the least cost.
    Coverage(f64),
    /// Cover as much demand as possible with sites costing at most this
    /// in total.
    Budget(f64),
}

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
    /// Index of the site in [`Scenario::sites`].
    pub site: usize,
    /// The site's id.
    pub id: String,
    /// Position in planar metres.
    pub location: Coord<f64>,
    /// Demand weight this site newly covered when it was chosen.
    pub gain: f64,
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
    /// [`Scenario::existing`] as text.
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlindSpot {
    /// Index of the demand point (or cell) in [`Scenario::demand`].
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
/// let centre: &DistrictFigures = &plan.districts[0];
/// assert_eq!(centre.name.as_deref(), Some("centre"));
/// assert_eq!((centre.demand, centre.covered_after, centre.cameras_added), (2.0, 2.0, 1));
/// // The point at x = 50 lies in no district and gets a row of its own.
/// assert_eq!(plan.districts[1].name, None);
/// assert_eq!(plan.districts[1].demand, 1.0);
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
    fn empty(name: Option<String>) -> Self {
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

/// The chosen sites and what they achieve.
///
/// `objective` is the total demand weight covered after the plan, existing
/// cameras included, as in the coverage literature and spopt.
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
    /// How many cameras were asked for (`None` for a coverage target or
    /// a budget alone). Fewer are chosen when the rest would cover nothing
    /// new.
    pub cameras_requested: Option<usize>,
    /// The budget on the chosen sites' total cost, if any.
    pub budget: Option<f64>,
    /// The backup weight: demand seen by two or more cameras counts again
    /// this many times its weight (`None`: no backup objective).
    pub backup_weight: Option<f64>,
    /// Demand weight seen by two or more existing cameras.
    pub backed_up_before: f64,
    /// Demand weight seen by two or more cameras after the plan, existing
    /// ones included.
    pub backed_up_after: f64,
    /// What the solver maximised: `objective`, plus `backup_weight ×
    /// backed_up_after` with a backup weight.
    pub score: f64,
    /// The coverage target, a fraction of the coverable weight (`None`
    /// when a number of cameras was asked for).
    pub coverage_target: Option<f64>,
    /// Demand weight that existing or candidate cameras can cover at all.
    pub coverable_weight: f64,
    /// Total cost of the chosen sites.
    pub cost: f64,
    /// For a coverage target: no plan reaching it costs less than this.
    pub cost_lower_bound: Option<f64>,
    /// The solver that produced the plan: `greedy`, `local`, `exact` or
    /// `auto`.
    pub solver: String,
    /// No plan with this many cameras (within this budget) scores more
    /// than this (existing cameras included). For a coverage target, equal
    /// to `objective`: the bound that matters there is `cost_lower_bound`.
    pub upper_bound: f64,
    /// How far the plan can be from the best possible one, at most:
    /// `(upper_bound − score) / upper_bound` for a number of cameras or a
    /// budget, `(cost − cost_lower_bound) / cost` for a coverage target.
    pub gap: f64,
    /// True when the plan is proven optimal.
    pub proven_optimal: bool,
    /// Demand groups the solver worked on, after merging demand points
    /// covered by exactly the same sites and dropping demand no new site
    /// can cover.
    pub reduced_demand: usize,
    /// Figures per district in the scenario's district order, followed,
    /// when anything lies outside every district, by a row named `None`.
    /// Empty when the scenario has no districts.
    pub districts: Vec<DistrictFigures>,
    /// Demand points lying in no district (0 when there are no districts).
    pub demand_outside_districts: usize,
    /// Candidate sites lying in no district (0 when there are no districts).
    pub sites_outside_districts: usize,
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
    /// Wall-clock time spent planning.
    pub runtime: Duration,
}

/// What a coverage target cannot be combined with.
fn unsupported_with_target() -> Error {
    Error::Unsupported {
        what: "district quotas, spacing, forced sites, budgets or several headings per site with a coverage target"
            .to_owned(),
    }
}

/// Chooses camera sites for `scenario`: builds the coverage of every
/// candidate site (after existing cameras), then picks sites with the
/// request's [`Method`], and certifies the plan with an upper bound.
///
/// The result is the same for any number of threads, unless the exact
/// search is cut short by its time limit (the bound and gap then say how
/// good the plan is).
///
/// # Errors
///
/// Anything [`Scenario::validate`] reports; [`Error::NoCameras`] for zero
/// cameras; [`Error::TooManyCameras`] when more cameras than candidate
/// sites are asked for; [`Error::MemoryLimit`] when the coverage would not
/// fit the request's [`memory_limit`](PlanRequest::memory_limit).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(10, Circular::new(100.0)?))?;
/// assert_eq!(plan.chosen.len(), 10);
/// assert!(plan.objective > plan.covered_before);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn plan(scenario: &Scenario, request: &PlanRequest) -> Result<Plan, Error> {
    let started = Instant::now();
    scenario.validate()?;
    match request.goal {
        Goal::Cameras(0) => return Err(Error::NoCameras),
        Goal::Cameras(cameras) if cameras > scenario.sites().len() => {
            return Err(Error::TooManyCameras {
                requested: cameras,
                sites: scenario.sites().len(),
            });
        }
        Goal::Coverage(fraction) if !(fraction > 0.0 && fraction <= 1.0) => {
            return Err(Error::BadTarget { fraction });
        }
        _ => {}
    }
    if let Some(weight) = request.backup_weight {
        if !(0.0..=1.0).contains(&weight) {
            return Err(Error::BadBackupWeight { weight });
        }
        if matches!(request.goal, Goal::Coverage(_)) {
            return Err(Error::Unsupported {
                what: "a backup weight with a coverage target".to_owned(),
            });
        }
    }
    // Known before any coverage is built.
    if matches!(request.goal, Goal::Coverage(_))
        && (!request.rules.is_empty() || request.coverage_model().several_per_site(scenario))
    {
        return Err(unsupported_with_target());
    }
    let backup = request.backup_weight.unwrap_or(0.0);
    let problem = Problem::new(
        scenario,
        &request.model,
        &request.camera_types,
        request.quality_levels,
        request.backup_weight,
        request.memory_limit,
    )?;
    let instance = &problem.instance;
    if let Some(budget) = request.rules.budget {
        let cheapest = problem
            .options
            .iter()
            .min_by(|a, b| a.cost.total_cmp(&b.cost).then(a.site.cmp(&b.site)));
        if let Some(option) = cheapest.filter(|o| o.cost > budget) {
            return Err(Error::BudgetBelowCheapest {
                budget,
                cheapest: option.cost,
                site: scenario.sites()[option.site as usize].id.clone(),
            });
        }
    }
    let weights: Vec<f64> = scenario.demand().iter().map(|d| d.weight).collect();
    // Σ weight × f(point), in point order.
    let weighted =
        |f: &dyn Fn(usize) -> f64| -> f64 { (0..weights.len()).fold(0.0, |t, d| t + weights[d] * f(d)) };
    let covered_before_weight = weighted(&|d| problem.before[d][0]);
    let backed_up_before = weighted(&|d| problem.before[d][1]);
    let coverable_weight = weighted(&|d| problem.reachable[d]);
    let time_limit = request.time_limit.saturating_sub(started.elapsed());
    let needs_rules = !request.rules.is_empty() || problem.several_per_site;
    let solved = match request.goal {
        Goal::Cameras(_) | Goal::Budget(_) => {
            let cameras = match request.goal {
                Goal::Cameras(cameras) => cameras,
                _ => scenario.sites().len(),
            };
            let mut solver = MaxCoverage::new(cameras.min(problem.options.len()))
                .method(request.method)
                .time_limit(time_limit);
            if needs_rules {
                solver = solver.constraints(side_constraints(scenario, &request.rules, &problem)?);
            }
            let report = solver.solve(instance)?;
            // What the existing cameras score before any new one.
            let base = covered_before_weight + backup * backed_up_before;
            Solved {
                upper_bound: Some(base + report.upper_bound),
                cost_lower_bound: None,
                proven_optimal: report.proven_optimal,
                reduced_demand: report.reduction.demand_after,
                solution: report.solution,
            }
        }
        Goal::Coverage(_) if needs_rules => return Err(unsupported_with_target()),
        Goal::Coverage(fraction) => {
            // The new cameras must add what the existing ones leave short.
            let needed = fraction * coverable_weight - covered_before_weight;
            let target = if fraction >= 1.0 {
                Target::All
            } else {
                Target::Weight(needed.max(0.0))
            };
            let costs = problem.options.iter().map(|o| o.cost).collect();
            let report = if needed <= 0.0 {
                None
            } else {
                Some(
                    SetCover::new(costs)
                        .target(target)
                        .time_limit(time_limit)
                        .solve(instance)?,
                )
            };
            let chosen = report.as_ref().map(|r| r.chosen.clone()).unwrap_or_default();
            Solved {
                upper_bound: None,
                cost_lower_bound: Some(report.as_ref().map_or(0.0, |r| r.lower_bound)),
                proven_optimal: report.as_ref().is_none_or(|r| r.proven_optimal),
                // The same merge the coverage solver reports (the set-cover
                // solver merges the same way but does not report it).
                reduced_demand: sightline_solve::reduce(instance, false).demand_after,
                solution: in_greedy_order(instance, &chosen)?,
            }
        }
    };
    let solution = &solved.solution;
    let after = problem.after(solution.chosen());
    let backed_up_after = weighted(&|d| after[d][1]);
    let (demand_district, site_district) = (&problem.demand_district, &problem.site_district);
    let district_name =
        |district: Option<u32>| district.map(|i| scenario.districts()[i as usize].name.clone());
    let chosen: Vec<ChosenSite> = solution
        .chosen()
        .iter()
        .zip(solution.gains())
        .enumerate()
        .map(|(k, (&option, &gain))| {
            let info = problem.options[option as usize];
            let site = info.site as usize;
            ChosenSite {
                rank: k + 1,
                site,
                id: scenario.sites()[site].id.clone(),
                location: scenario.sites()[site].location,
                gain,
                district: district_name(site_district[site]),
                heading_deg: info.heading_deg,
                camera_type: info.camera_type.map(|t| {
                    request
                        .camera_types
                        .get(t as usize)
                        .map_or("disc", |c| c.name())
                        .to_owned()
                }),
                cost: info.cost,
            }
        })
        .collect();

    let total_weight = scenario.total_weight();
    let objective = weighted(&|d| after[d][0]);
    let score = objective + backup * backed_up_after;
    let upper_bound = solved.upper_bound.map_or(score, |b| b.max(score));
    let cost = chosen.iter().fold(0.0, |total, c| total + c.cost);
    let gap = match solved.cost_lower_bound {
        Some(lower) if cost > 0.0 => ((cost - lower) / cost).max(0.0),
        Some(_) => 0.0,
        None if upper_bound > 0.0 => ((upper_bound - score) / upper_bound).max(0.0),
        None => 0.0,
    };
    let before_quality: Vec<f64> = problem.before.iter().map(|b| b[0]).collect();
    let after_quality: Vec<f64> = after.iter().map(|b| b[0]).collect();
    let districts = district_figures(
        scenario,
        demand_district,
        site_district,
        &before_quality,
        &after_quality,
        &chosen,
    );
    let views = camera_views(scenario, request, &problem, &chosen);
    let base = covered_before_weight + backup * backed_up_before;
    let mut curve: Vec<CurveStep> = coverage_curve(instance, solution.chosen())?
        .into_iter()
        .map(|point| CurveStep {
            cameras: point.options,
            score: base + point.value,
            // The solver's bound (none for a coverage target, whose
            // solver bounds the cost instead) also bounds the plan's size.
            upper_bound: match solved.upper_bound {
                Some(bound) if point.options == chosen.len() => (base + point.upper_bound)
                    .min(bound.max(score))
                    .max(point.value + base),
                _ => base + point.upper_bound,
            },
        })
        .collect();
    // The best k cameras never score more than the best k + 1.
    for k in (1..curve.len()).rev() {
        curve[k - 1].upper_bound = curve[k - 1]
            .upper_bound
            .min(curve[k].upper_bound)
            .max(curve[k - 1].score);
    }
    let blind_spots = blind_spots(scenario, &after_quality);
    let count_outside = |flags: &[Option<u32>]| {
        if scenario.districts().is_empty() {
            0
        } else {
            flags.iter().filter(|d| d.is_none()).count()
        }
    };
    Ok(Plan {
        objective,
        covered_before: covered_before_weight,
        total_weight,
        covered_fraction: if total_weight > 0.0 {
            objective / total_weight
        } else {
            0.0
        },
        cameras_requested: match request.goal {
            Goal::Cameras(cameras) => Some(cameras),
            Goal::Coverage(_) | Goal::Budget(_) => None,
        },
        budget: request.rules.budget,
        backup_weight: request.backup_weight,
        backed_up_before,
        backed_up_after,
        score,
        coverage_target: match request.goal {
            Goal::Coverage(fraction) => Some(fraction),
            Goal::Cameras(_) | Goal::Budget(_) => None,
        },
        coverable_weight,
        cost,
        cost_lower_bound: solved.cost_lower_bound,
        solver: match request.goal {
            Goal::Cameras(_) | Goal::Budget(_) => request.method.to_string(),
            Goal::Coverage(_) => "set-cover".to_owned(),
        },
        upper_bound,
        gap,
        proven_optimal: solved.proven_optimal,
        reduced_demand: solved.reduced_demand,
        districts,
        demand_outside_districts: count_outside(demand_district),
        sites_outside_districts: count_outside(site_district),
        chosen,
        views,
        curve,
        blind_spots,
        runtime: started.elapsed(),
    })
}

/// The demand left unseen after a plan, the most weight unseen first.
fn blind_spots(scenario: &Scenario, seen: &[f64]) -> Vec<BlindSpot> {
    let mut spots: Vec<BlindSpot> = scenario
        .demand()
        .iter()
        .zip(seen)
        .enumerate()
        .filter(|(_, (point, seen))| **seen < 1.0 && point.weight > 0.0)
        .map(|(demand, (point, &seen))| BlindSpot {
            demand,
            location: point.location,
            weight: point.weight,
            seen,
            uncovered: point.weight * (1.0 - seen),
        })
        .collect();
    spots.sort_by(|a, b| b.uncovered.total_cmp(&a.uncovered).then(a.demand.cmp(&b.demand)));
    spots
}

/// The visible area of every new and existing camera.
fn camera_views(
    scenario: &Scenario,
    request: &PlanRequest,
    problem: &Problem,
    chosen: &[ChosenSite],
) -> Vec<CameraView> {
    let buildings = problem.buildings.as_ref();
    let new = chosen.par_iter().map(|c| {
        let camera = c
            .camera_type
            .as_deref()
            .and_then(|name| request.camera_types.iter().find(|t| t.name() == name));
        let (range_m, view) = match camera {
            Some(t) => (t.range_m(), c.heading_deg.map(|h| (h, t.fov_deg()))),
            None => (request.model.radius_m(), None),
        };
        CameraView {
            existing: false,
            id: c.id.clone(),
            camera_type: c.camera_type.clone(),
            heading_deg: view.map(|v| v.0),
            fov_deg: view.map(|v| v.1),
            range_m,
            area: visible_area(c.location, range_m, view, buildings, 1.0),
        }
    });
    let existing = scenario.existing().par_iter().enumerate().map(|(i, &location)| {
        // The disc model counts existing cameras as discs: draw them so.
        let view = scenario
            .existing_views()
            .get(i)
            .copied()
            .flatten()
            .filter(|_| problem.views);
        let range_m = request.model.existing_radius_m();
        CameraView {
            existing: true,
            id: i.to_string(),
            camera_type: None,
            heading_deg: view.map(|v| v.0),
            fov_deg: view.map(|v| v.1),
            range_m,
            area: visible_area(location, range_m, view, buildings, 1.0),
        }
    });
    new.chain(existing).collect()
}

/// The request's rules in the solver's terms: site indices, district
/// indices, conflict pairs.
fn side_constraints(
    scenario: &Scenario,
    rules: &PlanRules,
    problem: &Problem,
) -> Result<SideConstraints, Error> {
    let sites = scenario.sites();
    let options = &problem.options;
    let mut constraints = SideConstraints::new(options.len());
    // The options of each site (consecutive, in site order).
    let mut of_site: Vec<Vec<u32>> = vec![Vec::new(); sites.len()];
    for (o, info) in options.iter().enumerate() {
        of_site[info.site as usize].push(o as u32);
    }
    // At most one camera per site.
    for group in &of_site {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                constraints = constraints.conflict(a, b)?;
            }
        }
    }
    let index_of = |id: &str| {
        sites
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| Error::UnknownSite { id: id.to_owned() })
    };
    for id in &rules.force_in {
        match of_site[index_of(id)?].as_slice() {
            [only] => constraints = constraints.force_in(*only)?,
            [] => {
                return Err(Error::Unsupported {
                    what: format!("forcing in site `{id}`, which no camera type can use"),
                });
            }
            _ => {
                return Err(Error::Unsupported {
                    what: format!(
                        "forcing in site `{id}`, which has several headings or camera types to choose from"
                    ),
                });
            }
        }
    }
    for id in &rules.force_out {
        if rules.force_in.contains(id) {
            return Err(Error::Solve(sightline_solve::Error::Infeasible {
                reason: format!("site `{id}` is both forced in and forced out"),
            }));
        }
        for &o in &of_site[index_of(id)?] {
            constraints = constraints.force_out(o)?;
        }
    }
    // Not a plan of no camera, "proven optimal".
    if !sites.is_empty() && sites.iter().all(|site| rules.force_out.contains(&site.id)) {
        return Err(Error::Solve(sightline_solve::Error::Infeasible {
            reason: "every candidate site is forced out".to_owned(),
        }));
    }
    if let Some(spacing) = rules.min_spacing_m {
        if !(spacing.is_finite() && spacing >= 0.0) {
            return Err(Error::BadSpacing { spacing_m: spacing });
        }
        let locations: Vec<Coord<f64>> = sites.iter().map(|s| s.location).collect();
        let index = PointIndex::new(&locations);
        for (a, &here) in locations.iter().enumerate() {
            for b in index.within(here, spacing) {
                let there = locations[b as usize];
                if (b as usize) > a && (here.x - there.x).hypot(here.y - there.y) < spacing {
                    for &oa in &of_site[a] {
                        for &ob in &of_site[b as usize] {
                            constraints = constraints.conflict(oa, ob)?;
                        }
                    }
                }
            }
        }
    }
    if let Some(budget) = rules.budget {
        let costs = options.iter().map(|o| o.cost).collect();
        constraints = constraints.budget(costs, budget)?;
    }
    let n_districts = scenario.districts().len();
    if rules.min_per_district > 0 || rules.max_per_district.is_some() {
        if n_districts == 0 {
            return Err(Error::Unsupported {
                what: "district quotas without a district layer".to_owned(),
            });
        }
        // Without a maximum, none that a minimum could exceed: the
        // districts' own sites then bound the minimum, by name.
        let max = rules
            .max_per_district
            .unwrap_or(sites.len().max(rules.min_per_district));
        if max == 0 && problem.site_district.iter().all(Option::is_some) {
            return Err(Error::Solve(sightline_solve::Error::Infeasible {
                reason: "no district may get a new camera, and every candidate site lies in a district"
                    .to_owned(),
            }));
        }
        if rules.min_per_district > max {
            return Err(Error::Solve(sightline_solve::Error::Infeasible {
                reason: format!(
                    "every district needs at least {} new cameras but may have at most {max}",
                    rules.min_per_district
                ),
            }));
        }
        constraints = constraints
            .districts(
                options
                    .iter()
                    .map(|o| problem.site_district[o.site as usize])
                    .collect(),
                vec![rules.min_per_district; n_districts],
                vec![max; n_districts],
            )?
            .district_names(scenario.districts().iter().map(|d| d.name.clone()).collect());
    }
    Ok(constraints)
}

/// What either solver produced, in the facade's terms.
struct Solved {
    solution: Solution,
    /// Coverage bound, existing cameras included (maximum coverage).
    upper_bound: Option<f64>,
    /// Cost bound (coverage target).
    cost_lower_bound: Option<f64>,
    proven_optimal: bool,
    reduced_demand: usize,
}

fn district_figures(
    scenario: &Scenario,
    demand_district: &[Option<u32>],
    site_district: &[Option<u32>],
    covered_before: &[f64],
    covered_after: &[f64],
    chosen: &[ChosenSite],
) -> Vec<DistrictFigures> {
    if scenario.districts().is_empty() {
        return Vec::new();
    }
    let n = scenario.districts().len();
    // Slot n gathers whatever lies outside every district.
    let mut rows: Vec<DistrictFigures> = scenario
        .districts()
        .iter()
        .map(|d| DistrictFigures::empty(Some(d.name.clone())))
        .chain(std::iter::once(DistrictFigures::empty(None)))
        .collect();
    let slot = |district: Option<u32>| district.map_or(n, |i| i as usize);
    for (d, point) in scenario.demand().iter().enumerate() {
        let row = &mut rows[slot(demand_district[d])];
        row.demand_points += 1;
        row.demand += point.weight;
        row.covered_before += point.weight * covered_before[d];
        row.covered_after += point.weight * covered_after[d];
    }
    for site in chosen {
        let row = &mut rows[slot(site_district[site.site])];
        row.cameras_added += 1;
        row.cost_added += site.cost;
    }
    let outside = &rows[n];
    if outside.demand_points == 0 && outside.cameras_added == 0 {
        rows.pop();
    }
    rows
}
