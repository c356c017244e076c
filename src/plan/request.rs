//! What to plan: [`PlanRequest`] and its [`Goal`].

use std::time::Duration;

use sightline_coverage::CameraModel;

pub use sightline_solve::Method;

use crate::memory::MemoryLimit;
use crate::periods::PeriodObjective;

/// What to plan: how many cameras, and what a camera sees.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
///
/// let request = PlanRequest::new(50, Circular::new(50.0)?);
/// assert_eq!(request.goal(), Goal::Cameras(50));
/// assert_eq!(request.model().max_range_m(), 50.0);
/// # Ok::<(), sightline::coverage::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    pub(crate) goal: Goal,
    pub(crate) model: CameraModel,
    pub(crate) method: Method,
    pub(crate) time_limit: Duration,
    pub(crate) effort: Option<u64>,
    pub(crate) rules: PlanRules,
    pub(crate) backup_weight: Option<f64>,
    pub(crate) min_gain: Option<f64>,
    pub(crate) memory_limit: MemoryLimit,
    pub(crate) periods_objective: Option<PeriodObjective>,
    pub(crate) stop: Option<sightline_solve::Stop>,
}

/// Side constraints of a request, in the scenario's terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct PlanRules {
    pub(crate) min_per_district: usize,
    pub(crate) max_per_district: Option<usize>,
    pub(crate) min_spacing_m: Option<f64>,
    pub(crate) force_in: Vec<String>,
    pub(crate) force_out: Vec<String>,
    pub(crate) budget: Option<f64>,
}

impl PlanRules {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl PlanRequest {
    /// Place up to `cameras` new cameras, each seeing what `model` says:
    /// a disc ([`Circular`](crate::coverage::Circular)), or camera types
    /// with view cones, headings, distance decay and costs, of which each
    /// site takes at most one camera, of one type, at one heading.
    /// Defaults: [`Method::Auto`] (the proven optimum when found within the
    /// time limit, else the best plan with its gap) and a 10 s limit.
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
    /// let request = PlanRequest::new(10, CameraModel::types(vec![fixed], 10)?).method(Method::Greedy);
    /// let plan = plan(&city.scenario, &request)?;
    /// assert!(plan.chosen.iter().all(|c| c.heading_deg.is_some()));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn new(cameras: usize, model: impl Into<CameraModel>) -> Self {
        Self {
            goal: Goal::Cameras(cameras),
            model: model.into(),
            method: Method::Auto,
            time_limit: Duration::from_secs(10),
            effort: Some(sightline_solve::DEFAULT_EFFORT),
            rules: PlanRules::default(),
            backup_weight: None,
            min_gain: None,
            memory_limit: MemoryLimit::Auto,
            periods_objective: None,
            stop: None,
        }
    }

    /// What a plan over a scenario with periods
    /// ([`Scenario::with_periods`](crate::Scenario::with_periods))
    /// maximises: [`PeriodObjective::Weighted`] (the default), the
    /// importance-weighted mean of the periods' covered fractions, or
    /// [`PeriodObjective::Worst`], the smallest of them (the robust plan).
    /// The plan's `score`, `upper_bound` and `gap` are then in those terms
    /// (fractions).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::periods::{DemandPeriods, Period, PeriodObjective};
    /// use geo_types::coord;
    ///
    /// // A day place, a night place and one busy at both: one camera.
    /// let demand: Vec<_> = [0.0, 1000.0, 2000.0].iter().map(|&x| DemandPoint::new(coord! { x: x, y: 0.0 }, 1.0)).collect();
    /// let sites: Vec<_> = [0.0, 1000.0, 2000.0].iter().map(|&x| CandidateSite::new(coord! { x: x, y: 0.0 }, format!("s{x}"))).collect();
    /// let periods = DemandPeriods::new(
    ///     vec![Period::parse("day:06-22").unwrap(), Period::parse("night:22-06").unwrap()],
    ///     vec![vec![10.0, 0.0, 4.0], vec![0.0, 10.0, 4.0]],
    /// );
    /// let scenario = Scenario::new(demand, sites).with_periods(periods);
    /// let request = PlanRequest::new(1, Circular::new(50.0)?).periods_objective(PeriodObjective::Worst);
    /// let plan = plan(&scenario, &request)?;
    /// // The site busy at both periods leaves no period blind.
    /// assert_eq!(plan.chosen[0].id, "s2000");
    /// assert!((plan.score - 4.0 / 14.0).abs() < 1e-12);
    /// assert!(plan.outcome.upper_bound().unwrap() >= plan.score);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn periods_objective(self, objective: PeriodObjective) -> Self {
        Self {
            periods_objective: Some(objective),
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
    /// assert_eq!(plan.outcome.budget(), Some(12.5));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn within_budget(budget: f64, model: impl Into<CameraModel>) -> Self {
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
    /// assert!(plan.score <= plan.outcome.upper_bound().unwrap());
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn backup_weight(mut self, weight: f64) -> Self {
        self.backup_weight = Some(weight);
        self
    }

    /// Leave out the cameras that would add less than `weight` each, in
    /// rank order: a plan of fewer cameras where more would hardly pay.
    /// The bound still holds for any plan of the asked size, so the gap
    /// says what leaving them out costs.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let request = PlanRequest::new(60, Circular::new(100.0)?).method(Method::Greedy);
    /// let all = plan(&city.scenario, &request)?;
    /// let worth_it = plan(&city.scenario, &request.min_gain(20.0))?;
    /// assert!(worth_it.chosen.len() < all.chosen.len());
    /// assert!(worth_it.chosen.iter().all(|c| c.gain >= 20.0));
    /// assert_eq!(worth_it.chosen[..], all.chosen[..worth_it.chosen.len()]);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn min_gain(mut self, weight: f64) -> Self {
        self.min_gain = Some(weight);
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

    /// A flag another thread may raise to end the solve early, as if the
    /// time limit had passed (see [`Stop`](crate::solve::Stop)): the plan
    /// and the bound found so far stay valid, and the plan's
    /// [`SolverReport::time_limit_reached`](crate::SolverReport::time_limit_reached)
    /// is true. The Python package raises it on Ctrl-C.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::solve::Stop;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let stop = Stop::new();
    /// stop.raise();
    /// let request = PlanRequest::new(10, Circular::new(100.0)?).method(Method::Exact).stop(stop);
    /// let plan = plan(&city.scenario, &request)?;
    /// assert_eq!(plan.chosen.len(), 10); // greedy's plan, never cut short
    /// assert!(plan.solver.time_limit_reached);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn stop(self, stop: sightline_solve::Stop) -> Self {
        Self {
            stop: Some(stop),
            ..self
        }
    }

    /// Wall-clock limit for planning: building the coverage, solving and
    /// evaluating, with time left for writing the files (see
    /// [`plan`](crate::plan)). Default 10 s.
    pub fn time_limit(self, time_limit: Duration) -> Self {
        Self { time_limit, ..self }
    }

    /// Limit on the solver's work, counted in coverage entries read (see
    /// [`MaxCoverage::effort`](crate::solve::MaxCoverage::effort)): a plan
    /// that stops at its effort is the same on every machine. Default
    /// [`DEFAULT_EFFORT`](crate::solve::DEFAULT_EFFORT); the time limit
    /// stays a ceiling, and the plan's
    /// [`SolverReport::time_limit_reached`](crate::SolverReport::time_limit_reached)
    /// says when it was reached. `None`: no limit but the time limit
    /// (work until it, as far as a machine gets).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let request = PlanRequest::new(10, Circular::new(100.0)?).method(Method::LocalSearch).effort(Some(2_000_000));
    /// let (a, b) = (plan(&city.scenario, &request)?, plan(&city.scenario, &request)?);
    /// assert_eq!(a.chosen, b.chosen);
    /// assert!(a.solver.work > 0 && !a.solver.time_limit_reached);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn effort(self, effort: Option<u64>) -> Self {
        Self { effort, ..self }
    }

    /// The most memory the coverage may take (default
    /// [`MemoryLimit::Auto`], half of the machine's): [`plan`](fn@crate::plan)
    /// estimates it before building and stops with
    /// [`Error::MemoryLimit`](crate::Error::MemoryLimit) past the limit.
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
    /// assert!(plan.solver.proven_optimal);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn coverage_target(fraction: f64, model: impl Into<CameraModel>) -> Self {
        Self {
            goal: Goal::Coverage(fraction),
            ..Self::new(0, model)
        }
    }

    /// The time limit (see [`time_limit`](Self::time_limit)).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use sightline::prelude::*;
    ///
    /// let request = PlanRequest::new(5, Circular::new(100.0)?).time_limit(Duration::from_secs(3));
    /// assert_eq!(request.limit(), Duration::from_secs(3));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn limit(&self) -> Duration {
        self.time_limit
    }

    /// What is asked for.
    pub fn goal(&self) -> Goal {
        self.goal
    }

    /// The camera model.
    pub fn model(&self) -> &CameraModel {
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
