//! Planning: [`plan`] builds the coverage of a scenario under a
//! [`PlanRequest`], solves it, and evaluates the [`Plan`].

mod evaluate;
mod request;
mod result;
mod rules;

use std::time::Instant;

use sightline_solve::set_cover::{SetCover, Target};
use sightline_solve::{MaxCoverage, Solution, coverage_curve, in_greedy_order};

pub(crate) use request::PlanRules;
pub use request::{Goal, Method, PlanRequest};
pub use result::{BlindSpot, CameraView, ChosenSite, CurveStep, DistrictFigures, Plan};

use crate::problem::Problem;
use crate::{Error, Scenario};
use evaluate::{blind_spots, camera_views, district_figures};
use rules::side_constraints;

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
/// Anything [`Scenario::validate`] reports; [`Error::NothingToCover`] when
/// every demand point weighs 0; [`Error::NoCameras`] for zero
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
            return Err(Error::Unsupported {
                what: "a backup weight with a coverage target".to_owned(),
            });
        }
    }
    // Known before any coverage is built.
    if matches!(request.goal, Goal::Coverage(_))
        && (!request.rules.is_empty() || crate::problem::several_per_site(scenario, &request.model))
    {
        return Err(unsupported_with_target());
    }
    let backup = request.backup_weight.unwrap_or(0.0);
    let problem = Problem::new(
        scenario,
        &request.model,
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
