//! Why a plan places fewer cameras than asked, or none at all.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{CoverageModel, Goal, Solved};
use sightline_render::{Lang, fill};

/// Why a plan has fewer new cameras than its request asked for (or none,
/// for a coverage target): what a district office asks first when a plan
/// comes back short.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::Shortfall;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// // More cameras than the 400 poles can usefully hold at 100 m.
/// let plan = plan(&city.scenario, &PlanRequest::new(400, Circular::new(100.0)?).method(Method::Greedy))?;
/// let Some(Shortfall::AllCoverableSeen { unseen_points, reach_m, .. }) = plan.shortfall else {
///     panic!("expected the plan to see everything it can");
/// };
/// assert_eq!(reach_m, Some(100.0));
/// assert!(plan.chosen.len() < 400);
/// let text = plan.shortfall.unwrap().to_string();
/// assert!(text.contains(&format!("the {unseen_points} demand points still unseen")) || unseen_points <= 1);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Shortfall {
    /// Every demand point a candidate site can see is seen: another
    /// camera would add nothing.
    AllCoverableSeen {
        /// Demand points (of positive weight) no candidate site sees.
        unseen_points: usize,
        /// Their weight.
        unseen_weight: f64,
        /// The cameras' reach in metres when they are discs without
        /// buildings in the way (then "no candidate site within R m" is
        /// the whole reason).
        reach_m: Option<f64>,
    },
    /// The rest of the cameras would each add less than the minimum gain.
    BelowMinGain {
        /// The minimum gain asked for.
        min_gain: f64,
        /// What the next camera would have added.
        next_gain: f64,
    },
    /// Fewer candidate camera options than cameras asked for.
    FewerSites {
        /// The candidate options there are.
        options: usize,
    },
    /// The budget is spent: what is left buys no camera that adds
    /// coverage.
    Budget {
        /// What is left of the budget.
        left: f64,
        /// The cheapest camera that would add coverage.
        cheapest: f64,
    },
    /// Every camera that would add coverage stands in a district that has
    /// its most cameras already.
    DistrictQuota {
        /// The most cameras per district.
        max: usize,
    },
    /// Every camera that would add coverage stands too close to a chosen
    /// one.
    Spacing {
        /// The minimum spacing, metres.
        spacing_m: f64,
    },
    /// Every camera that would add coverage stands at an excluded site.
    Excluded,
    /// The request's rules together (budget, district quotas, spacing,
    /// excluded sites) allow no further camera that adds anything.
    Rules,
    /// A coverage target the existing cameras already meet.
    TargetMetByExisting {
        /// The target, as a fraction of the coverable demand.
        target: f64,
        /// What the existing cameras cover, as a fraction of it.
        covered: f64,
    },
}

impl Shortfall {
    /// The reason in words, in `lang`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::Shortfall;
    /// use sightline::output::Lang;
    ///
    /// let few = Shortfall::FewerSites { options: 12 };
    /// assert_eq!(few.describe(Lang::En), "There are only 12 candidate camera options.");
    /// assert_eq!(few.describe(Lang::Ko), "후보 설치 위치가 12곳뿐입니다.");
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        let text = lang.text();
        match *self {
            Shortfall::AllCoverableSeen { unseen_points: 0, .. } => text.shortfall_all_seen.to_owned(),
            Shortfall::AllCoverableSeen {
                unseen_points,
                unseen_weight,
                reach_m,
            } => {
                let count = lang.number(unseen_points as f64);
                let points = text.n_unseen.with(unseen_points, &count);
                let points = fill(&points, &[&count, &lang.number(unseen_weight)]);
                let reason = match reach_m {
                    Some(reach) => fill(text.within_m, &[&lang.number(reach)]),
                    None => text.that_sees.to_owned(),
                };
                fill(text.shortfall_unseen, &[&points, &reason])
            }
            Shortfall::BelowMinGain { min_gain, next_gain } => fill(
                text.shortfall_min_gain,
                &[&lang.number(next_gain), &lang.number(min_gain)],
            ),
            Shortfall::FewerSites { options } => fill(text.shortfall_fewer_sites, &[&options]),
            Shortfall::Budget { left, cheapest } => fill(
                text.shortfall_budget,
                &[&lang.number(left), &lang.number(cheapest)],
            ),
            Shortfall::DistrictQuota { max } => fill(text.shortfall_quota, &[&max]),
            Shortfall::Spacing { spacing_m } => fill(text.shortfall_spacing, &[&lang.number(spacing_m)]),
            Shortfall::Excluded => text.shortfall_excluded.to_owned(),
            Shortfall::Rules => text.shortfall_rules.to_owned(),
            Shortfall::TargetMetByExisting { target, covered } => fill(
                text.shortfall_target_met,
                &[
                    &format!("{:.1}", 100.0 * covered),
                    &format!("{:.1}", 100.0 * target),
                ],
            ),
        }
    }
}

impl fmt::Display for Shortfall {
    /// [`describe`](Self::describe) in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl CoverageModel<'_> {
    /// Why `solved` has fewer cameras than asked, given the quality each
    /// demand point is seen with after it (`after`).
    pub(super) fn shortfall(&self, solved: &Solved, after: &[f64]) -> Option<Shortfall> {
        let chosen = solved.options().len();
        match self.request.goal {
            Goal::Coverage(target) => {
                let meets = chosen == 0 && self.covered_before >= target * self.coverable_weight;
                meets.then(|| Shortfall::TargetMetByExisting {
                    target,
                    covered: if self.coverable_weight > 0.0 {
                        self.covered_before / self.coverable_weight
                    } else {
                        1.0
                    },
                })
            }
            // A budget left unspent while cameras that would add coverage
            // remain: the budget is why.
            Goal::Budget(_) => match self.why_short(solved, after) {
                reason @ Shortfall::Budget { .. } => Some(reason),
                _ => None,
            },
            Goal::Cameras(asked) if chosen >= asked => None,
            Goal::Cameras(_) => Some(self.why_short(solved, after)),
        }
    }

    /// What each demand point weighs in what the plan was chosen for: the
    /// periods' weights summed for a plan across periods (the event's
    /// alone for an event plan), else its own.
    fn chosen_for(&self) -> Option<Vec<f64>> {
        let periods = self.scenario.periods().filter(|p| !p.periods.is_empty())?;
        let targets: Vec<usize> = match &periods.event {
            Some(event) => vec![event.period],
            None => (0..periods.periods.len()).collect(),
        };
        let mut weights = vec![0.0; self.scenario.demand().len()];
        for k in targets {
            for (total, w) in weights.iter_mut().zip(&periods.weights[k]) {
                *total += w;
            }
        }
        Some(weights)
    }

    /// The options not chosen that would add coverage to `chosen`, for
    /// demand points weighing `periods` (what a plan across periods was
    /// chosen for), else the instance's own weights.
    fn useful_options(&self, chosen: &[u32], periods: Option<&[f64]>) -> Vec<u32> {
        let instance = &self.problem.instance;
        let matrix = instance.matrix();
        let periods = periods.map(|w| self.problem.element_weights(w));
        let mut times = vec![0u8; matrix.n_demand()];
        for &option in chosen {
            for &d in matrix.row(option as usize) {
                times[d as usize] = times[d as usize].saturating_add(1);
            }
        }
        let (weights, backup) = (
            periods.as_deref().unwrap_or(instance.weights()),
            instance.backup(),
        );
        let mut is_chosen = vec![false; matrix.n_options()];
        for &option in chosen {
            is_chosen[option as usize] = true;
        }
        (0..matrix.n_options() as u32)
            .filter(|&o| !is_chosen[o as usize])
            .filter(|&o| {
                matrix.row(o as usize).iter().any(|&d| match times[d as usize] {
                    0 => weights[d as usize] > 0.0,
                    1 => backup.is_some_and(|b| b[d as usize] > 0.0),
                    _ => false,
                })
            })
            .collect()
    }

    /// Which rule keeps out every camera that would add coverage, when
    /// one does alone.
    fn binding_rule(&self, solved: &Solved, useful: &[u32]) -> Shortfall {
        let (rules, problem) = (&self.request.rules, &self.problem);
        let sites = self.scenario.sites();
        let site_of = |o: u32| problem.options[o as usize].site as usize;
        let chosen: Vec<usize> = solved.options().iter().map(|&o| site_of(o)).collect();
        if let Some(budget) = rules.budget {
            let spent: f64 = solved
                .options()
                .iter()
                .map(|&o| problem.options[o as usize].cost)
                .sum();
            let cheapest = useful
                .iter()
                .map(|&o| problem.options[o as usize].cost)
                .fold(f64::INFINITY, f64::min);
            if cheapest > budget - spent + 1e-9 * budget.abs().max(1.0) {
                return Shortfall::Budget {
                    left: (budget - spent).max(0.0),
                    cheapest,
                };
            }
        }
        if !rules.force_out.is_empty()
            && useful
                .iter()
                .all(|&o| rules.force_out.contains(&sites[site_of(o)].id))
        {
            return Shortfall::Excluded;
        }
        if let Some(max) = rules.max_per_district {
            let full = |site: usize| {
                problem.site_district[site].is_some_and(|district| {
                    chosen
                        .iter()
                        .filter(|&&c| problem.site_district[c] == Some(district))
                        .count()
                        >= max
                })
            };
            if useful.iter().all(|&o| full(site_of(o))) {
                return Shortfall::DistrictQuota { max };
            }
        }
        if let Some(spacing_m) = rules.min_spacing_m {
            let crowded = |site: usize| {
                let at = sites[site].location;
                chosen.iter().any(|&c| {
                    let other = sites[c].location;
                    (other.x - at.x).hypot(other.y - at.y) < spacing_m
                })
            };
            if useful.iter().all(|&o| crowded(site_of(o))) {
                return Shortfall::Spacing { spacing_m };
            }
        }
        Shortfall::Rules
    }

    fn why_short(&self, solved: &Solved, after: &[f64]) -> Shortfall {
        if let (Some(min_gain), Some(next_gain)) = (self.request.min_gain, solved.cut_gain) {
            return Shortfall::BelowMinGain { min_gain, next_gain };
        }
        let periods = self.chosen_for();
        let useful = self.useful_options(solved.options(), periods.as_deref());
        let weights: Vec<f64> =
            periods.unwrap_or_else(|| self.scenario.demand().iter().map(|d| d.weight).collect());
        let reachable = &self.problem.reachable;
        let all_seen = useful.is_empty()
            || weights
                .iter()
                .enumerate()
                .all(|(d, &weight)| weight <= 0.0 || after[d] >= reachable[d] - 1e-12);
        if all_seen {
            let unseen: Vec<f64> = weights
                .iter()
                .enumerate()
                .filter(|&(d, &weight)| weight > 0.0 && after[d] <= 0.0)
                .map(|(_, &weight)| weight)
                .collect();
            let plain_discs = self.problem.buildings.is_none() && self.request.model.circular().is_some();
            return Shortfall::AllCoverableSeen {
                unseen_points: unseen.len(),
                unseen_weight: unseen.iter().sum(),
                reach_m: plain_discs.then(|| self.request.model.max_range_m()),
            };
        }
        if solved.options().len() >= self.options() {
            return Shortfall::FewerSites {
                options: self.options(),
            };
        }
        self.binding_rule(solved, &useful)
    }
}
