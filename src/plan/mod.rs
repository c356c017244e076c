//! Planning in stages: [`CoverageModel::build`] turns a scenario and a
//! [`PlanRequest`] into a coverage problem (the model), [`CoverageModel::solve`]
//! chooses sites (the solve), and [`CoverageModel::evaluate`] works out
//! every figure of the [`Plan`] (the evaluation). [`plan`] runs all three.

mod evaluate;
mod request;
mod result;
mod rules;
mod shortfall;

use std::time::{Duration, Instant};

use sightline_solve::set_cover::{SetCover, Target};
use sightline_solve::{AcrossPeriods, MaxCoverage, Periods, Solution, coverage_curve, in_greedy_order};

pub(crate) use request::PlanRules;
pub use request::{Goal, Method, PlanRequest};
pub use result::{
    BlindSpot, CameraView, ChosenSite, CurveStep, DistrictFigures, DistrictReport, NearestSite, Outcome,
    Plan, SolverReport,
};
pub use shortfall::Shortfall;

use crate::periods::{DemandPeriods, PeriodObjective, PlanPeriods};
use crate::problem::Problem;
use crate::{Error, Scenario};
use evaluate::{blind_spots, camera_views, district_figures};
use rules::side_constraints;

/// Chooses camera sites for `scenario`: builds the coverage of every
/// candidate site (after existing cameras), then picks sites with the
/// request's [`Method`], and certifies the plan with a bound. The three
/// stages, [`CoverageModel::build`], [`CoverageModel::solve`] and
/// [`CoverageModel::evaluate`], can also be run one at a time.
///
/// The request's time limit counts from the start of
/// [`CoverageModel::build`] to the end of evaluating, and leaves time for
/// writing the files: the solver gets what building leaves, less a
/// reserve of six times the build time (at most half the limit). A plan
/// cut short by it is the best found, with its bound and gap.
///
/// The result is the same for any number of threads, unless a solver is
/// cut short by the time limit (the bound and gap then say how good the
/// plan is).
///
/// # Errors
///
/// What [`CoverageModel::build`] and [`CoverageModel::solve`] refuse.
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
    let model = CoverageModel::build(scenario, request)?;
    let solved = model.solve()?;
    model.evaluate(&solved)
}

/// Evaluating a plan and writing its files take about as long as building
/// its coverage did, a few times over (each is a pass or two over the
/// demand and the coverage): the solver stops this many build times before
/// the time limit, so that the whole run keeps to it.
const AFTER_SOLVE: u32 = 6;

/// What the solver may take of `limit` once building took `built`: the
/// rest, less [`AFTER_SOLVE`] times `built` (at most half the limit) for
/// evaluating and writing.
fn solver_time(limit: Duration, built: Duration) -> Duration {
    let reserve = built.saturating_mul(AFTER_SOLVE).min(limit / 2);
    limit.saturating_sub(built).saturating_sub(reserve)
}

/// A scenario and a request turned into a coverage problem: which demand
/// each camera option sees, what the existing cameras already see, and
/// the request's rules in the solver's terms. The first stage of [`plan`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let request = PlanRequest::new(10, Circular::new(100.0)?).method(Method::Greedy);
/// let model = CoverageModel::build(&city.scenario, &request)?;
/// assert_eq!(model.options(), city.scenario.sites().len());
/// let solved = model.solve()?;
/// assert_eq!(solved.options().len(), 10);
/// let plan = model.evaluate(&solved)?;
/// let direct = sightline::plan(&city.scenario, &request)?;
/// assert_eq!((plan.chosen, plan.objective), (direct.chosen, direct.objective));
/// # Ok::<(), sightline::Error>(())
/// ```
pub struct CoverageModel<'a> {
    scenario: &'a Scenario,
    request: &'a PlanRequest,
    problem: Problem,
    started: Instant,
    /// Weight covered by the existing cameras, and seen twice by them.
    covered_before: f64,
    backed_up_before: f64,
    /// Weight some camera, existing or new, can see.
    coverable_weight: f64,
}

/// What the solver chose and proved: the second stage of [`plan`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let request = PlanRequest::new(5, Circular::new(100.0)?).method(Method::Exact);
/// let solved = CoverageModel::build(&city.scenario, &request)?.solve()?;
/// assert_eq!(solved.options().len(), 5);
/// assert!(solved.proven_optimal());
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    solution: Solution,
    bound: Bound,
    proven_optimal: bool,
    reduced_demand: usize,
    /// The gain of the first camera the minimum gain cut off, if any.
    cut_gain: Option<f64>,
    /// The solver's work, and whether the time limit was reached.
    work: u64,
    time_limit_reached: bool,
}

/// The solver's bound, in the facade's terms.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    /// On the score, existing cameras included (maximum coverage).
    Score(f64),
    /// On the cost (a coverage target).
    Cost(f64),
    /// On the periods objective, with the plan's value of it.
    Periods { value: f64, upper: f64 },
}

impl Solved {
    /// The chosen camera options, in the order chosen (indices into the
    /// model's options).
    pub fn options(&self) -> &[u32] {
        self.solution.chosen()
    }

    /// True when the choice is proven optimal.
    pub fn proven_optimal(&self) -> bool {
        self.proven_optimal
    }
}

impl<'a> CoverageModel<'a> {
    /// Checks the request against the scenario and builds the coverage
    /// problem, within the request's memory limit.
    ///
    /// # Errors
    ///
    /// Anything [`Scenario::validate`] reports; [`Error::NothingToCover`]
    /// when every demand point weighs 0; [`Error::NoCameras`] for zero
    /// cameras; [`Error::TooManyCameras`] when more cameras than candidate
    /// sites are asked for; [`Error::BadTarget`], [`Error::BadBackupWeight`];
    /// [`Error::TargetWithBackup`], [`Error::TargetWithRules`] and
    /// [`Error::TargetWithChoices`] for what a coverage target cannot be
    /// combined with; [`Error::MemoryLimit`] when the coverage would not fit
    /// the request's [`memory_limit`](PlanRequest::memory_limit);
    /// [`Error::BudgetBelowCheapest`].
    pub fn build(scenario: &'a Scenario, request: &'a PlanRequest) -> Result<Self, Error> {
        let started = Instant::now();
        scenario.validate()?;
        // A plan over demand that weighs nothing places no camera and would
        // call that optimal: say so instead.
        if scenario.demand().iter().all(|d| d.weight == 0.0) {
            return Err(Error::NothingToCover { file: None });
        }
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
                return Err(Error::TargetWithBackup);
            }
        }
        // Known before any coverage is built.
        if matches!(request.goal, Goal::Coverage(_)) {
            if !request.rules.is_empty() {
                return Err(Error::TargetWithRules);
            }
            if crate::problem::several_per_site(scenario, &request.model) {
                return Err(Error::TargetWithChoices);
            }
        }
        check_periods(scenario, request)?;
        let problem = Problem::new(
            scenario,
            &request.model,
            request.backup_weight,
            request.memory_limit,
        )?;
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
        let mut model = Self {
            scenario,
            request,
            problem,
            started,
            covered_before: 0.0,
            backed_up_before: 0.0,
            coverable_weight: 0.0,
        };
        model.covered_before = model.weighted(|d| model.problem.before[d][0]);
        model.backed_up_before = model.weighted(|d| model.problem.before[d][1]);
        model.coverable_weight = model.weighted(|d| model.problem.reachable[d]);
        Ok(model)
    }

    /// The camera options the solver chooses among: one per site, or one
    /// per site, camera type and heading.
    pub fn options(&self) -> usize {
        self.problem.options.len()
    }

    /// The coverage instance the solver sees: one row per camera option,
    /// one column per demand element (for the disc, a demand point, the
    /// points numbered cell by cell of a grid as
    /// [`PointGrid::order`](sightline_index::PointGrid::order) gives them; for
    /// view cones a point at a quality level), each weighing what a new
    /// cover adds there (0 where existing cameras already see it, without
    /// a backup weight). For running a solver of
    /// [`sightline_solve`](crate::solve) directly.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::solve::MaxCoverage;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let request = PlanRequest::new(10, Circular::new(100.0)?).method(Method::Greedy);
    /// let model = CoverageModel::build(&city.scenario, &request)?;
    /// assert_eq!(model.instance().n_options(), model.options());
    /// let report = MaxCoverage::new(10).method(Method::Greedy).solve(model.instance())?;
    /// assert!(report.solution.objective() <= report.upper_bound);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn instance(&self) -> &sightline_solve::Instance {
        &self.problem.instance
    }

    /// Σ weight × f(point), in point order.
    fn weighted(&self, f: impl Fn(usize) -> f64) -> f64 {
        self.scenario
            .demand()
            .iter()
            .enumerate()
            .fold(0.0, |total, (d, point)| total + point.weight * f(d))
    }

    /// What the existing cameras score before any new one.
    fn base(&self) -> f64 {
        self.covered_before + self.request.backup_weight.unwrap_or(0.0) * self.backed_up_before
    }

    /// Chooses sites with the request's method, within what is left of its
    /// time limit since [`build`](Self::build) started.
    ///
    /// # Errors
    ///
    /// [`Error::Solve`] for rules that cannot all be met; the rules'
    /// own errors ([`Error::UnknownSite`], [`Error::ForcedSiteUnusable`],
    /// [`Error::ForcedSiteAmbiguous`], [`Error::QuotasWithoutDistricts`]).
    pub fn solve(&self) -> Result<Solved, Error> {
        let (scenario, request, problem) = (self.scenario, self.request, &self.problem);
        let instance = &problem.instance;
        let time_limit = solver_time(request.time_limit, self.started.elapsed());
        let needs_rules = !request.rules.is_empty() || problem.several_per_site;
        match request.goal {
            Goal::Cameras(_) | Goal::Budget(_) => {
                let cameras = match request.goal {
                    Goal::Cameras(cameras) => cameras,
                    _ => scenario.sites().len(),
                };
                if let Some(periods) = scenario.periods().filter(|p| !p.periods.is_empty()) {
                    return self.solve_periods(periods, cameras, time_limit, needs_rules);
                }
                let mut solver = MaxCoverage::new(cameras.min(problem.options.len()))
                    .method(request.method)
                    .time_limit(time_limit);
                if let Some(stop) = &request.stop {
                    solver = solver.stop(stop.clone());
                }
                if let Some(effort) = request.effort {
                    solver = solver.effort(effort);
                }
                if needs_rules {
                    solver = solver.constraints(side_constraints(scenario, &request.rules, problem)?);
                }
                let report = solver.solve(instance)?;
                let (mut solution, mut proven_optimal) = (report.solution, report.proven_optimal);
                let mut cut_gain = None;
                // Gains fall along the rank order (coverage is submodular):
                // what falls below the minimum is a tail.
                if let Some(min_gain) = request.min_gain {
                    let keep = solution.gains().iter().take_while(|&&g| g >= min_gain).count();
                    if keep < solution.chosen().len() {
                        cut_gain = Some(solution.gains()[keep]);
                        solution = in_greedy_order(instance, &solution.chosen()[..keep])?;
                        proven_optimal = false;
                    }
                }
                Ok(Solved {
                    bound: Bound::Score(self.base() + report.upper_bound),
                    proven_optimal,
                    reduced_demand: report.reduction.demand_after,
                    solution,
                    cut_gain,
                    work: report.work,
                    time_limit_reached: report.time_limit_reached,
                })
            }
            Goal::Coverage(_) if needs_rules => Err(Error::TargetWithChoices),
            Goal::Coverage(fraction) => {
                // The new cameras must add what the existing ones leave short.
                let needed = fraction * self.coverable_weight - self.covered_before;
                let target = if fraction >= 1.0 {
                    Target::All
                } else {
                    Target::Weight(needed.max(0.0))
                };
                let costs = problem.options.iter().map(|o| o.cost).collect();
                let report = if needed <= 0.0 {
                    None
                } else {
                    let mut solver = SetCover::new(costs).target(target).time_limit(time_limit);
                    if let Some(stop) = &request.stop {
                        solver = solver.stop(stop.clone());
                    }
                    Some(solver.solve(instance)?)
                };
                let chosen = report.as_ref().map(|r| r.chosen.clone()).unwrap_or_default();
                Ok(Solved {
                    bound: Bound::Cost(report.as_ref().map_or(0.0, |r| r.lower_bound)),
                    proven_optimal: report.as_ref().is_none_or(|r| r.proven_optimal),
                    // The same merge the coverage solver reports (the set-cover
                    // solver merges the same way but does not report it).
                    reduced_demand: sightline_solve::reduce(instance, false).demand_after,
                    solution: in_greedy_order(instance, &chosen)?,
                    cut_gain: None,
                    work: 0,
                    time_limit_reached: false,
                })
            }
        }
    }

    /// Chooses sites for the periods objective (an event's period alone
    /// for an event plan).
    fn solve_periods(
        &self,
        periods: &DemandPeriods,
        cameras: usize,
        time_limit: Duration,
        needs_rules: bool,
    ) -> Result<Solved, Error> {
        let (scenario, request, problem) = (self.scenario, self.request, &self.problem);
        let targets: Vec<usize> = match &periods.event {
            Some(event) => vec![event.period],
            None => (0..periods.periods.len()).collect(),
        };
        let objective = request.periods_objective.unwrap_or(PeriodObjective::Weighted);
        let before_quality: Vec<f64> = problem.before.iter().map(|b| b[0]).collect();
        let dot = |w: &[f64], q: &[f64]| w.iter().zip(q).fold(0.0, |t, (w, q)| t + w * q);
        let weights = targets
            .iter()
            .map(|&k| problem.element_weights(&periods.weights[k]))
            .collect();
        let totals = targets
            .iter()
            .map(|&k| periods.weights[k].iter().fold(0.0, |t, w| t + w))
            .collect();
        let before = targets
            .iter()
            .map(|&k| dot(&periods.weights[k], &before_quality))
            .collect();
        let importance = targets.iter().map(|&k| periods.periods[k].weight).collect();
        let demand = Periods::new(weights, importance)?
            .totals(totals)?
            .before(before)?;
        let mut solver = AcrossPeriods::new(cameras.min(problem.options.len()), objective)
            .method(request.method)
            .time_limit(time_limit);
        if let Some(stop) = &request.stop {
            solver = solver.stop(stop.clone());
        }
        if needs_rules {
            solver = solver.constraints(side_constraints(scenario, &request.rules, problem)?);
        }
        let report = solver.solve(problem.instance.matrix(), &demand)?;
        Ok(Solved {
            bound: Bound::Periods {
                value: report.value,
                // Proven within the solver's tolerance: the plan is the bound.
                upper: if report.proven_optimal {
                    report.value
                } else {
                    report.upper_bound
                },
            },
            proven_optimal: report.proven_optimal,
            reduced_demand: report.reduction.demand_after,
            // In the order greedy would pick them for the whole day's
            // demand, with what each adds to it.
            solution: in_greedy_order(&problem.instance, report.solution.chosen())?,
            cut_gain: None,
            work: 0,
            time_limit_reached: false,
        })
    }

    /// Works out every figure of the plan `solved` describes: coverage
    /// before and after, cost, the bound and gap for the request's goal,
    /// districts, what each camera sees, the coverage curve, blind spots.
    ///
    /// # Errors
    ///
    /// [`Error::Solve`] when `solved` names options this model does not
    /// have.
    pub fn evaluate(&self, solved: &Solved) -> Result<Plan, Error> {
        let (scenario, request, problem) = (self.scenario, self.request, &self.problem);
        let instance = &problem.instance;
        let backup = request.backup_weight.unwrap_or(0.0);
        let solution = &solved.solution;
        let after = problem.after(solution.chosen());
        let backed_up_after = self.weighted(|d| after[d][1]);
        let (demand_district, site_district) = (&problem.demand_district, &problem.site_district);
        let district_name =
            |district: Option<u32>| district.map(|i| scenario.districts()[i as usize].name.clone());
        let newly_seen = problem.newly_seen(solution.chosen());
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
                    label: scenario.sites()[site].label.clone(),
                    properties: scenario.sites()[site].properties.clone(),
                    location: scenario.sites()[site].location,
                    gain,
                    new_points: newly_seen[k],
                    district: district_name(site_district[site]),
                    heading_deg: info.heading_deg,
                    camera_type: info.camera_type.map(|t| {
                        request
                            .model
                            .camera_types()
                            .get(t as usize)
                            .map_or("disc", |c| c.name())
                            .to_owned()
                    }),
                    cost: info.cost,
                }
            })
            .collect();

        let total_weight = scenario.total_weight();
        let objective = self.weighted(|d| after[d][0]);
        let score = match solved.bound {
            Bound::Periods { value, .. } => value,
            _ => objective + backup * backed_up_after,
        };
        let cost = chosen.iter().fold(0.0, |total, c| total + c.cost);
        let outcome = match (solved.bound, request.goal) {
            (Bound::Cost(lower), Goal::Coverage(target)) => Outcome::CoverageTarget {
                target,
                cost_lower_bound: lower,
                gap: if cost > 0.0 {
                    ((cost - lower) / cost).max(0.0)
                } else {
                    0.0
                },
            },
            (bound, goal) => {
                let upper_bound = match bound {
                    Bound::Score(b) | Bound::Periods { upper: b, .. } => b.max(score),
                    Bound::Cost(_) => score,
                };
                Outcome::MaxCoverage {
                    cameras: match goal {
                        Goal::Cameras(cameras) => Some(cameras),
                        Goal::Coverage(_) | Goal::Budget(_) => None,
                    },
                    budget: request.rules.budget,
                    backup_weight: request.backup_weight,
                    upper_bound,
                    gap: if upper_bound > 0.0 {
                        ((upper_bound - score) / upper_bound).max(0.0)
                    } else {
                        0.0
                    },
                }
            }
        };
        let before_quality: Vec<f64> = problem.before.iter().map(|b| b[0]).collect();
        let after_quality: Vec<f64> = after.iter().map(|b| b[0]).collect();
        let count_outside = |flags: &[Option<u32>]| {
            if scenario.districts().is_empty() {
                0
            } else {
                flags.iter().filter(|d| d.is_none()).count()
            }
        };
        // The curve is one long sequential pass over the coverage: it runs
        // beside the other figures, each the same whatever the threads.
        let (curve_points, (rows, (views, blind_spots))) = rayon::join(
            || coverage_curve(instance, solution.chosen()),
            || {
                rayon::join(
                    || {
                        district_figures(
                            scenario,
                            demand_district,
                            site_district,
                            &before_quality,
                            &after_quality,
                            &chosen,
                        )
                    },
                    || {
                        rayon::join(
                            || camera_views(scenario, request, problem, &chosen),
                            || blind_spots(scenario, &after_quality),
                        )
                    },
                )
            },
        );
        let districts = DistrictReport {
            rows,
            demand_outside: count_outside(demand_district),
            sites_outside: count_outside(site_district),
        };
        let base = self.base();
        // A periods plan's bound is on its objective, not on the whole
        // day's coverage the curve shows.
        let solver_bound = match solved.bound {
            Bound::Periods { .. } => None,
            _ => outcome.upper_bound(),
        };
        let mut curve: Vec<CurveStep> = curve_points?
            .into_iter()
            .map(|point| CurveStep {
                cameras: point.options,
                score: base + point.value,
                // The solver's bound (none for a coverage target, whose
                // solver bounds the cost instead) also bounds the plan's size.
                upper_bound: match solver_bound {
                    Some(bound) if point.options == chosen.len() => {
                        (base + point.upper_bound).min(bound).max(point.value + base)
                    }
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
        let shortfall = self.shortfall(solved, &after_quality);
        let periods = scenario.periods().map(|periods| {
            let objective = match (&periods.event, periods.periods.is_empty()) {
                (None, false) => Some(request.periods_objective.unwrap_or(PeriodObjective::Weighted)),
                _ => None,
            };
            let value = match solved.bound {
                Bound::Periods { value, .. } => Some(value),
                _ => None,
            };
            PlanPeriods::new(periods, objective, value, &before_quality, &after_quality)
        });
        Ok(Plan {
            objective,
            covered_before: self.covered_before,
            total_weight,
            covered_fraction: if total_weight > 0.0 {
                objective / total_weight
            } else {
                0.0
            },
            coverable_weight: self.coverable_weight,
            backed_up_before: self.backed_up_before,
            backed_up_after,
            score,
            cost,
            outcome,
            solver: SolverReport {
                method: match request.goal {
                    Goal::Cameras(_) | Goal::Budget(_) => request.method.to_string(),
                    Goal::Coverage(_) => "set-cover".to_owned(),
                },
                proven_optimal: solved.proven_optimal,
                reduced_demand: solved.reduced_demand,
                work: solved.work,
                time_limit_reached: solved.time_limit_reached,
            },
            districts,
            chosen,
            views,
            curve,
            blind_spots,
            shortfall,
            periods,
            runtime: self.started.elapsed(),
        })
    }
}

/// What periods cannot be combined with, and periods without demand.
fn check_periods(scenario: &Scenario, request: &PlanRequest) -> Result<(), Error> {
    let periods = scenario.periods().filter(|p| !p.periods.is_empty());
    let Some(periods) = periods else {
        return match request.periods_objective {
            Some(_) => Err(Error::PeriodsObjectiveWithoutPeriods),
            None => Ok(()),
        };
    };
    if matches!(request.goal, Goal::Coverage(_)) {
        return Err(Error::PeriodsWith {
            what: "a coverage target",
        });
    }
    if request.backup_weight.is_some() {
        return Err(Error::PeriodsWith {
            what: "a backup weight",
        });
    }
    if request.min_gain.is_some() {
        return Err(Error::PeriodsWith {
            what: "a minimum gain",
        });
    }
    periods.check(scenario.demand().len())?;
    for (period, weights) in periods.periods.iter().zip(&periods.weights) {
        if weights.iter().all(|&w| w == 0.0) {
            return Err(Error::NoPeriodDemand {
                period: period.name.clone(),
                hours: period.hours.to_string(),
            });
        }
    }
    Ok(())
}
