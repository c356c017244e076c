//! Choosing one plan across periods: the weighted objective as one
//! weighted maximum coverage, the worst-period objective by a Lagrangian
//! over the period weights.

use std::time::{Duration, Instant};

use super::swap::{Landscape, improve_worst};
use super::{PeriodObjective, Periods, bad_all};
use crate::deadline::Deadline;
use crate::max_coverage::relative_gap;
use crate::reduce::{Grouping, Reduction};
use crate::{
    CoverageMatrix, Error, Instance, MaxCoverage, Method, ReductionSummary, SideConstraints, Solution,
    in_greedy_order,
};

/// Mirror-descent rounds of the worst-period objective, after the
/// importance-weighted and single-period sub-problems.
const MIRROR_ROUNDS: usize = 20;

/// The first mirror step moves the weight of the best-covered period
/// against the worst-covered one's by a factor `e^MIRROR_STEP`; later
/// steps shrink as `1/√t`. (20 rounds of step 3 close the gap of the
/// `periods_speed` example at 50 m to 0.007 %; 8 rounds of step 1 left
/// 1.2 %.)
const MIRROR_STEP: f64 = 3.0;

/// One plan for several periods, solved by a [`Method`] and certified by
/// an upper bound, for a [`PeriodObjective`].
///
/// - [`PeriodObjective::Weighted`] is one weighted maximum coverage
///   ([`MaxCoverage`], with this builder's method, limits and rules) with
///   element weights `c_d = Σ_k (w_k / Σw) w_kd / D_k`; its bound is the
///   solver's bound plus `Σ_k (w_k / Σw) E_k / D_k`. One period is solved
///   on its weights `w_1` unchanged: the plan [`MaxCoverage`] gives.
/// - [`PeriodObjective::Worst`] maximises `min_k f_k` by a Lagrangian
///   over the period weights. For any `μ` in the simplex,
///   `max_S min_k f_k(S) ≤ max_S Σ_k μ_k f_k(S)`, a weighted maximum
///   coverage whose solver bound (plus `Σ_k μ_k E_k / D_k`) bounds the
///   worst-period optimum; the bound reported is the least over every
///   `μ` tried. The `μ` tried are the importance weights, each period
///   alone (`μ = e_k`, solved on `w_k` unchanged, as a one-period solve
///   would), then 20 steps of mirror descent on the dual (exponentiated
///   subgradient: the subgradient at `μ` is the fraction vector of the
///   plan found for `μ`; with [`Method::Exact`] and [`Method::Auto`]
///   these rounds are solved by local search with its Lagrangian bound,
///   without branching, as they need a bound and a good plan rather than
///   a proof). Every sub-problem's plan
///   is a candidate, so the worst-period plan's smallest fraction is at
///   least the weighted plan's and every single-period plan's. The best
///   candidate (by smallest fraction, then their sum) is then improved by
///   swap local search on the smallest fraction itself.
///
/// Demand is merged once for all sub-problems (and, without side
/// constraints, dominated options dropped); each sub-problem re-weights
/// the merged instance. The sub-problems and the local search share the
/// time limit: the importance-weighted and single-period sub-problems
/// first, each with an equal share of the time left and one share kept
/// back for the mirror rounds and the local search, which split it the
/// same way. With [`Method::Auto`] and no clock cut the plan is the same
/// on any machine and thread count; a sub-problem cut short by its share
/// may differ from the standalone solve it stands for.
///
/// # Examples
///
/// ```
/// use sightline_solve::{AcrossPeriods, CoverageMatrix, PeriodObjective, Periods};
///
/// // Option 0 serves the day, option 1 the night, option 2 some of both.
/// let matrix = CoverageMatrix::from_rows(4, [vec![0], vec![1], vec![2, 3]])?;
/// let periods = Periods::new(vec![vec![6.0, 0.0, 2.0, 2.0], vec![0.0, 6.0, 2.0, 2.0]], vec![2.0, 1.0])?;
/// let weighted = AcrossPeriods::new(1, PeriodObjective::Weighted).solve(&matrix, &periods)?;
/// assert_eq!(weighted.solution.chosen(), &[0]); // the day matters more
/// let worst = AcrossPeriods::new(1, PeriodObjective::Worst).solve(&matrix, &periods)?;
/// assert_eq!(worst.solution.chosen(), &[2]); // 40 % of each period
/// assert!((worst.value - 0.4).abs() < 1e-12);
/// assert!(worst.proven_optimal && worst.upper_bound >= worst.value);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AcrossPeriods {
    objective: PeriodObjective,
    /// The settings every sub-problem is solved with.
    solver: MaxCoverage,
}

impl AcrossPeriods {
    /// Choose at most `count` options for `objective`. Defaults as
    /// [`MaxCoverage`]: [`Method::Auto`], a 10 s time limit, no node limit.
    pub fn new(count: usize, objective: PeriodObjective) -> Self {
        Self {
            objective,
            solver: MaxCoverage::new(count),
        }
    }

    /// The method of every sub-problem.
    pub fn method(self, method: Method) -> Self {
        Self {
            solver: self.solver.method(method),
            ..self
        }
    }

    /// Wall-clock limit for the whole solve, shared by the sub-problems
    /// and the local search.
    pub fn time_limit(self, time_limit: Duration) -> Self {
        Self {
            solver: self.solver.time_limit(time_limit),
            ..self
        }
    }

    /// Limit on branch-and-bound nodes of each sub-problem.
    pub fn node_limit(self, nodes: u64) -> Self {
        Self {
            solver: self.solver.node_limit(nodes),
            ..self
        }
    }

    /// A flag another thread may raise to end the solve early (see
    /// [`Stop`](crate::Stop)): the plan and bound found so far stay valid.
    pub fn stop(self, stop: crate::Stop) -> Self {
        Self {
            solver: self.solver.stop(stop),
            ..self
        }
    }

    /// Side constraints every plan must follow.
    pub fn constraints(self, rules: SideConstraints) -> Self {
        Self {
            solver: self.solver.constraints(rules),
            ..self
        }
    }

    /// Solves `periods` over `matrix`.
    ///
    /// # Errors
    ///
    /// [`Error::BadPeriods`] if the periods weigh another number of demand
    /// elements than the matrix has; [`Error::TooManyRequested`] if
    /// `count` exceeds the number of options; [`Error::UnknownOption`] if
    /// the side constraints are over another number of options; what
    /// [`MaxCoverage::solve`] returns for infeasible side constraints.
    pub fn solve(&self, matrix: &CoverageMatrix, periods: &Periods) -> Result<PeriodsReport, Error> {
        let started = Instant::now();
        if periods.n_demand() != matrix.n_demand() {
            return Err(bad_all(format!(
                "the periods weigh {} demand elements but the coverage matrix has {}",
                periods.n_demand(),
                matrix.n_demand()
            )));
        }
        let count = self.solver.count();
        if count > matrix.n_options() {
            return Err(Error::TooManyRequested {
                requested: count,
                available: matrix.n_options(),
            });
        }
        if let Some(rules) = self.solver.rules()
            && rules.n_options() != matrix.n_options()
        {
            return Err(Error::UnknownOption {
                option: rules.n_options(),
                n_options: matrix.n_options(),
            });
        }
        let mut run = Run::new(&self.solver, matrix, periods, started);
        let one = periods.len() == 1;
        let best = match self.objective {
            _ if one => run.vertex(0)?,
            PeriodObjective::Weighted => run.mix(&periods.shares())?,
            PeriodObjective::Worst => run.worst()?,
        };
        let shares = periods.shares();
        let combined: Vec<f64> = if one {
            periods.weights(0).to_vec()
        } else {
            (0..matrix.n_demand())
                .map(|d| {
                    (0..periods.len()).fold(0.0, |t, k| {
                        t + shares[k] * periods.scale(k) * periods.weights[k][d]
                    })
                })
                .collect()
        };
        let solution = in_greedy_order(&Instance::new(matrix.clone(), combined)?, &best.chosen)?;
        let fractions = best.fractions;
        let value = periods.value(self.objective, &fractions);
        let upper_bound = run.bound.max(value);
        Ok(PeriodsReport {
            solution,
            value,
            upper_bound,
            gap: relative_gap(upper_bound, value),
            proven_optimal: value >= upper_bound - 1e-9 * upper_bound.max(1.0),
            fractions,
            rounds: run.rounds,
            reduction: run.summary(),
        })
    }
}

/// A plan across periods with its certificate.
///
/// # Examples
///
/// ```
/// use sightline_solve::{AcrossPeriods, CoverageMatrix, Method, PeriodObjective, Periods};
///
/// let matrix = CoverageMatrix::from_rows(3, [vec![0], vec![1, 2]])?;
/// let periods = Periods::new(vec![vec![1.0, 1.0, 1.0], vec![3.0, 0.0, 1.0]], vec![1.0, 1.0])?;
/// let report = AcrossPeriods::new(1, PeriodObjective::Worst).method(Method::Greedy).solve(&matrix, &periods)?;
/// assert_eq!(report.fractions.len(), 2);
/// assert!(report.value <= report.upper_bound);
/// assert!(report.rounds >= 3); // the weighted plan and each period alone
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PeriodsReport {
    /// The chosen options (original indices), in the order greedy would
    /// pick them on the importance-weighted element weights
    /// `Σ_k (w_k / Σw) w_kd / D_k` (for one period, on its weights `w_1`),
    /// with their gains in those units.
    pub solution: Solution,
    /// `f_k` of the plan, one per period.
    pub fractions: Vec<f64>,
    /// The objective's value of the plan ([`Periods::value`]).
    pub value: f64,
    /// No plan that keeps to the count and the rules has a larger value.
    pub upper_bound: f64,
    /// `(upper_bound − value) / upper_bound`, 0 when `upper_bound` is 0.
    pub gap: f64,
    /// True when `value ≥ upper_bound − 1e-9·max(1, upper_bound)`.
    pub proven_optimal: bool,
    /// Weighted maximum-coverage sub-problems solved.
    pub rounds: usize,
    /// What the demand merging (and option dropping) did.
    pub reduction: ReductionSummary,
}

/// A candidate plan: original options, ascending, with its fractions
/// recomputed from scratch.
struct Candidate {
    chosen: Vec<u32>,
    fractions: Vec<f64>,
}

impl Candidate {
    /// Smallest fraction, then the sum: the worst-period order.
    fn key(&self) -> (f64, f64) {
        let worst = self.fractions.iter().copied().fold(f64::INFINITY, f64::min);
        (worst, self.fractions.iter().sum())
    }

    fn beats(&self, other: &Candidate) -> bool {
        let (a, b) = (self.key(), other.key());
        a.0 > b.0 || (a.0 == b.0 && a.1 > b.1)
    }
}

/// One solve across periods in progress.
struct Run<'a> {
    solver: &'a MaxCoverage,
    matrix: &'a CoverageMatrix,
    periods: &'a Periods,
    /// The time limit, with the caller's stop flag.
    deadline: Deadline,
    /// Demand merged once, on the union of the periods' supports.
    grouping: Grouping<'static>,
    /// `Σ_{d in g} w_kd` per period and group.
    sums: Vec<Vec<f64>>,
    /// The reduction every mixed sub-problem re-weights (built at the
    /// first).
    base: Option<Reduction>,
    /// The summary of the last reduction used.
    last_summary: Option<ReductionSummary>,
    /// Sub-problems still planned, the one running included, and shares of
    /// the time kept back for the local search.
    planned: usize,
    reserve: usize,
    /// True during the mirror rounds (after the candidates every
    /// standalone solve would give).
    searching: bool,
    /// The least bound on the objective so far.
    bound: f64,
    rounds: usize,
}

impl<'a> Run<'a> {
    fn new(
        solver: &'a MaxCoverage,
        matrix: &'a CoverageMatrix,
        periods: &'a Periods,
        started: Instant,
    ) -> Self {
        let grouping = Grouping::new(matrix, |d| {
            (0..periods.len()).any(|k| periods.weights[k][d] > 0.0)
        });
        let sums = periods.weights.iter().map(|w| grouping.sums(w)).collect();
        Self {
            solver,
            matrix,
            periods,
            deadline: Deadline::new(Some(started + solver.limit()), solver.stop_flag().cloned()),
            grouping,
            sums,
            base: None,
            last_summary: None,
            planned: 1,
            reserve: 0,
            searching: false,
            bound: f64::INFINITY,
            rounds: 0,
        }
    }

    fn summary(&self) -> ReductionSummary {
        self.base
            .as_ref()
            .map(ReductionSummary::from)
            .or(self.last_summary)
            .expect("a sub-problem was solved")
    }

    /// What a sub-problem's value plus `shift` bounds: `Σ_k μ_k E_k / D_k`
    /// (a period without demand counts as covered).
    fn shift(&self, mu: &[f64]) -> f64 {
        let p = self.periods;
        (0..p.len()).fold(0.0, |t, k| {
            let f = if p.totals[k] > 0.0 {
                p.before[k] / p.totals[k]
            } else {
                1.0
            };
            t + mu[k] * f
        })
    }

    /// Solves a reduced sub-problem in the time it is due; returns the
    /// plan (original options, ascending) and the solver's bound.
    fn solve(&mut self, reduced: &Instance, options: &[u32]) -> Result<(Vec<u32>, f64), Error> {
        let now = Instant::now();
        let left = self.deadline.left(now);
        let share = left / (self.planned + self.reserve).max(1) as u32;
        self.planned = self.planned.saturating_sub(1).max(1);
        let solver = self.solver.clone().time_limit(share);
        let raw = if self.searching && matches!(solver.chosen_method(), Method::Exact | Method::Auto) {
            // A mirror round wants a bound and a good plan, not a proof:
            // local search and its Lagrangian bound, without branching
            // (unless greedy paints itself into a corner of the rules).
            match solver
                .clone()
                .method(Method::LocalSearch)
                .solve_reduced(reduced, now)
            {
                Err(Error::Infeasible { .. }) => solver.solve_reduced(reduced, now)?,
                other => other?,
            }
        } else {
            solver.solve_reduced(reduced, now)?
        };
        let certificate = raw.certify(reduced.value(&raw.chosen));
        let mut chosen: Vec<u32> = raw.chosen.iter().map(|&o| options[o as usize]).collect();
        chosen.sort_unstable();
        self.rounds += 1;
        Ok((chosen, certificate.upper_bound))
    }

    fn candidate(&self, chosen: Vec<u32>) -> Candidate {
        Candidate {
            fractions: self.periods.fractions(self.matrix, &chosen),
            chosen,
        }
    }

    /// Period `k` alone, on its weights unchanged, reduced exactly as
    /// [`MaxCoverage`] would reduce them.
    fn vertex(&mut self, k: usize) -> Result<Candidate, Error> {
        let rules = self.solver.rules().is_some();
        let order = self.grouping.first_positive(&self.periods.weights[k]);
        let reduction = self
            .grouping
            .reduction(self.sums[k].clone(), None, Some(&order), !rules, rules);
        let (chosen, upper) = self.solve(&reduction.instance, &reduction.options)?;
        self.last_summary = Some(ReductionSummary::from(&reduction));
        let mut mu = vec![0.0; self.periods.len()];
        mu[k] = 1.0;
        let bound = self.shift(&mu) + upper * self.periods.scale(k);
        self.bound = self.bound.min(bound);
        Ok(self.candidate(chosen))
    }

    /// The sub-problem `max Σ_k μ_k f_k` (`μ` in the simplex).
    fn mix(&mut self, mu: &[f64]) -> Result<Candidate, Error> {
        let mut nonzero = (0..mu.len()).filter(|&k| mu[k] > 0.0);
        if let (Some(k), None) = (nonzero.next(), nonzero.next()) {
            return self.vertex(k);
        }
        let base = match self.base.take() {
            Some(base) => base,
            None => {
                let rules = self.solver.rules().is_some();
                let total: Vec<f64> = (0..self.grouping.len())
                    .map(|g| self.sums.iter().fold(0.0, |t, s| t + s[g]))
                    .collect();
                self.grouping.reduction(total, None, None, !rules, rules)
            }
        };
        // Every group of the union support has positive total weight, so
        // the base keeps them all, in group order.
        let scales: Vec<f64> = (0..mu.len()).map(|k| mu[k] * self.periods.scale(k)).collect();
        let weights: Vec<f64> = (0..self.grouping.len())
            .map(|g| (0..mu.len()).fold(0.0, |t, k| t + scales[k] * self.sums[k][g]))
            .collect();
        let reweighted = Instance::new(base.instance.matrix().clone(), weights)?;
        let solved = self.solve(&reweighted, &base.options);
        self.base = Some(base);
        let (chosen, upper) = solved?;
        self.bound = self.bound.min(self.shift(mu) + upper);
        Ok(self.candidate(chosen))
    }

    /// The worst-period objective (two periods or more).
    fn worst(&mut self) -> Result<Candidate, Error> {
        let n_periods = self.periods.len();
        // The candidates first: each gets an equal share of what is left,
        // keeping one share back for the mirror rounds and the local
        // search together.
        self.planned = 1 + n_periods;
        self.reserve = 1;
        let shares = self.periods.shares();
        let weighted = self.mix(&shares)?;
        let mut subgradient = weighted.fractions.clone();
        let mut best = weighted;
        for k in 0..n_periods {
            let single = self.vertex(k)?;
            if single.beats(&best) {
                best = single;
            }
        }
        let mut mu = shares;
        self.searching = true;
        self.planned = MIRROR_ROUNDS;
        for round in 0..MIRROR_ROUNDS {
            let (worst, _) = best.key();
            if worst >= self.bound - 1e-9 * self.bound.max(1.0) || self.deadline.passed() {
                break;
            }
            let low = subgradient.iter().copied().fold(f64::INFINITY, f64::min);
            let high = subgradient.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if high - low <= 1e-12 {
                // Every period equally covered: the weights stay put.
                break;
            }
            let eta = MIRROR_STEP / ((high - low) * ((round + 1) as f64).sqrt());
            for (m, f) in mu.iter_mut().zip(&subgradient) {
                *m *= (-eta * (f - low)).exp();
            }
            let sum: f64 = mu.iter().sum();
            mu.iter_mut().for_each(|m| *m /= sum);
            let next = match self.mix(&mu) {
                Ok(next) => next,
                // Greedy painted itself into a corner of the rules with
                // these weights: the candidates so far stand.
                Err(Error::Infeasible { .. }) => break,
                Err(error) => return Err(error),
            };
            subgradient.clone_from(&next.fractions);
            if next.beats(&best) {
                best = next;
            }
        }
        if best.key().0 >= self.bound - 1e-9 * self.bound.max(1.0) {
            return Ok(best);
        }
        // The swap search sees every option (a single-period plan may hold
        // one the merged base dropped).
        let rules = self.solver.rules();
        let total: Vec<f64> = (0..self.grouping.len())
            .map(|g| self.sums.iter().fold(0.0, |t, s| t + s[g]))
            .collect();
        let everything = self.grouping.reduction(total, None, None, false, true);
        let values: Vec<Vec<f64>> = (0..n_periods)
            .map(|k| self.sums[k].iter().map(|s| s * self.periods.scale(k)).collect())
            .collect();
        let base: Vec<f64> = (0..n_periods)
            .map(|k| {
                let mut mu = vec![0.0; n_periods];
                mu[k] = 1.0;
                self.shift(&mu)
            })
            .collect();
        let landscape = Landscape {
            rows: everything.instance.matrix(),
            values: &values,
            base: &base,
        };
        let improved = improve_worst(
            &landscape,
            &best.chosen,
            self.solver.count(),
            rules,
            &self.deadline,
        );
        let improved = self.candidate(improved);
        Ok(if improved.beats(&best) { improved } else { best })
    }
}
