//! Exact maximum coverage and set cover as mixed-integer programs, solved
//! by [HiGHS](https://highs.dev) (the `highs` feature: builds the C++
//! library, which needs cmake, a C++ compiler and libclang at build time).
//!
//! Before the model is built, demand points covered by exactly the same
//! options are merged into one (their weights summed), and demand no
//! option covers (or of weight zero) is dropped. On geometric instances
//! this shrinks the model several-fold and HiGHS solves it much faster:
//! BDS10000 at radius 4 with p = 10 goes from 10,000 demand rows to 1,043
//! and from 62 s to 1 s (release build, one core).
//!
//! `time_limit` bounds HiGHS's own run; building the model is not counted.
//!
//! HiGHS runs on one thread with a fixed random seed, so a run is
//! repeatable up to the time limit, and with relative gap tolerance zero,
//! so [`HighsSolution::optimal`] means proven optimal (to HiGHS's absolute
//! gap tolerance of 1e-6), not within HiGHS's default 0.01 %.
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//!
//! use sightline_solve::{CoverageMatrix, Instance, highs};
//!
//! // Greedy would take option 1 and then add only 1.
//! let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]])?;
//! let instance = Instance::new(matrix, vec![1.0; 6])?;
//! let best = highs::max_coverage(&instance, 2, Duration::from_secs(10))?;
//! assert_eq!(best.chosen, [0, 2]);
//! assert_eq!(best.objective, 6.0);
//! assert!(best.optimal);
//! # Ok::<(), sightline_solve::Error>(())
//! ```

use std::collections::HashMap;
use std::time::{Duration, Instant};

use highs::{ColProblem, HighsModelStatus, Model, Sense, SolvedModel};

use crate::reduce::Grouping;
use crate::{CoverageMatrix, Error, Instance, PeriodObjective, Periods};

/// The answer of a HiGHS run: the chosen options, their value, and how
/// close to optimal they are known to be.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use sightline_solve::{CoverageMatrix, Instance, highs};
///
/// let matrix = CoverageMatrix::from_rows(3, [vec![0], vec![1, 2]])?;
/// let instance = Instance::new(matrix, vec![5.0, 1.0, 1.0])?;
/// let solution = highs::max_coverage(&instance, 1, Duration::from_secs(10))?;
/// assert_eq!(solution.chosen, [0]);
/// assert!(solution.optimal);
/// // Proven optimal: the bound meets the objective.
/// assert!((solution.bound - solution.objective).abs() < 1e-6);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HighsSolution {
    /// The chosen options, ascending.
    pub chosen: Vec<u32>,
    /// The objective of `chosen`, recomputed from the instance rather than
    /// taken from HiGHS: the covered weight for maximum coverage, the total
    /// cost for set cover.
    pub objective: f64,
    /// Whether HiGHS proved `chosen` optimal (false when it stopped at the
    /// time limit or another limit first).
    pub optimal: bool,
    /// HiGHS's best bound on the optimum: no choice covers more than this
    /// (maximum coverage) or costs less than this (set cover). Equal to
    /// `objective`, up to tolerance, when `optimal`.
    pub bound: f64,
    /// Wall-clock time of the whole call, model building included.
    pub runtime: Duration,
}

impl HighsSolution {
    /// No option at all, optimal: when there is nothing to cover, or
    /// nothing to cover it with.
    fn nothing(start: Instant) -> Self {
        Self {
            chosen: Vec::new(),
            objective: 0.0,
            optimal: true,
            bound: 0.0,
            runtime: start.elapsed(),
        }
    }
}

/// The best set of at most `p` options, found by HiGHS: the standard
/// maximal covering MIP,
///
/// ```text
/// max Σ w_i y_i   s.t.   y_i ≤ Σ_{j covers i} x_j,   Σ_j x_j ≤ p,   x_j ∈ {0, 1},   0 ≤ y_i ≤ 1
/// ```
///
/// over merged demand points (see the [module docs](self)). With backup
/// weights `b_i` each group gets a second cover `z_i` worth `b_i`, and its
/// row becomes `y_i + z_i ≤ Σ_{j covers i} x_j` (with `b_i ≤ w_i` the
/// first cover is always taken first). When HiGHS stops at `time_limit`,
/// the best choice it has found is returned with `optimal` false (at
/// worst, no option at all).
///
/// # Errors
///
/// [`Error::TooManyRequested`] if `p` exceeds the number of options;
/// [`Error::Highs`] if HiGHS rejects the model or fails while solving it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use sightline_solve::{CoverageMatrix, Instance, exhaustive, highs};
///
/// let matrix = CoverageMatrix::from_rows(5, [vec![0, 1], vec![1, 2, 3], vec![3, 4], vec![0, 4]])?;
/// let instance = Instance::new(matrix, vec![4.0, 1.0, 2.0, 1.0, 3.0])?;
/// let solution = highs::max_coverage(&instance, 2, Duration::from_secs(10))?;
/// assert_eq!(solution.objective, exhaustive::optimum(&instance, 2)?.objective());
/// assert_eq!(solution.objective, instance.covered_weight(&solution.chosen));
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn max_coverage(instance: &Instance, p: usize, time_limit: Duration) -> Result<HighsSolution, Error> {
    max_coverage_model(instance, p, None, time_limit)
}

/// As [`max_coverage`], with a budget: the chosen options' `costs` add up
/// to at most `budget` (`Σ_j c_j x_j ≤ B`).
///
/// # Errors
///
/// As [`max_coverage`]; [`Error::CostCount`] unless there is one cost
/// per option.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use sightline_solve::{CoverageMatrix, Instance, highs};
///
/// let matrix = CoverageMatrix::from_rows(5, [vec![0, 1], vec![1, 2, 3, 4], vec![2, 3]])?;
/// let instance = Instance::new(matrix, vec![1.0; 5])?;
/// let solution = highs::max_coverage_within_budget(&instance, 3, &[1.0, 3.0, 1.0], 2.0, Duration::from_secs(10))?;
/// assert_eq!(solution.chosen, [0, 2]);
/// assert_eq!(solution.objective, 4.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn max_coverage_within_budget(
    instance: &Instance,
    p: usize,
    costs: &[f64],
    budget: f64,
    time_limit: Duration,
) -> Result<HighsSolution, Error> {
    if costs.len() != instance.n_options() {
        return Err(Error::CostCount {
            costs: costs.len(),
            n_options: instance.n_options(),
        });
    }
    max_coverage_model(instance, p, Some((costs, budget)), time_limit)
}

fn max_coverage_model(
    instance: &Instance,
    p: usize,
    budget: Option<(&[f64], f64)>,
    time_limit: Duration,
) -> Result<HighsSolution, Error> {
    let start = Instant::now();
    let n_options = instance.n_options();
    if p > n_options {
        return Err(Error::TooManyRequested {
            requested: p,
            available: n_options,
        });
    }
    let groups = MergedDemand::new(instance);
    if groups.len() == 0 || p == 0 {
        // Nothing that could be covered, or nothing to cover it with.
        return Ok(HighsSolution::nothing(start));
    }

    let mut problem = ColProblem::new();
    // Row g: y_g − Σ_{j covers g} x_j ≤ 0.
    let group_rows: Vec<_> = (0..groups.len()).map(|_| problem.add_row(..=0.0)).collect();
    let count_row = problem.add_row(..=p as f64);
    let budget_row = budget.map(|(_, b)| problem.add_row(..=b));
    for (j, groups_of_option) in groups.by_option(n_options).into_iter().enumerate() {
        let cost = budget.map(|(costs, _)| costs[j]);
        let factors = groups_of_option
            .iter()
            .map(|&g| (group_rows[g], -1.0))
            .chain([(count_row, 1.0)])
            .chain(budget_row.zip(cost));
        problem.add_integer_column(0.0, 0.0..=1.0, factors);
    }
    for (&row, &weight) in group_rows.iter().zip(&groups.weights) {
        problem.add_column(weight, 0.0..=1.0, [(row, 1.0)]);
    }
    if let Some(backup) = &groups.backup {
        for (&row, &weight) in group_rows.iter().zip(backup) {
            problem.add_column(weight, 0.0..=1.0, [(row, 1.0)]);
        }
    }

    let solved = solve(problem, n_options, Sense::Maximise, time_limit)?;
    let chosen = solved.chosen;
    Ok(HighsSolution {
        objective: instance.value(&chosen),
        chosen,
        optimal: solved.optimal,
        bound: solved.bound,
        runtime: start.elapsed(),
    })
}

/// The cheapest set of options covering every demand point that some
/// option covers, found by HiGHS:
///
/// ```text
/// min Σ c_j x_j   s.t.   Σ_{j covers i} x_j ≥ 1 for every coverable i,   x_j ∈ {0, 1}
/// ```
///
/// Demand points that no option covers cannot be covered and are ignored,
/// and so are demand points of weight zero (the [`Instance`] convention
/// for demand that is already covered). Identical constraints are merged.
/// When HiGHS stops at `time_limit` before finding any cover, every option
/// that covers a demand point to be covered is returned, with `optimal`
/// false: a valid, if expensive, cover.
///
/// # Errors
///
/// [`Error::CostCount`] if there is not exactly one cost per option;
/// [`Error::BadCost`] for a cost that is zero, negative, NaN or infinite;
/// [`Error::Highs`] if HiGHS rejects the model or fails while solving it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use sightline_solve::{CoverageMatrix, Instance, highs};
///
/// // Option 1 alone covers everything but costs more than 0 and 2 together.
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![0, 1, 2, 3], vec![2, 3]])?;
/// let instance = Instance::new(matrix, vec![1.0; 4])?;
/// let cover = highs::set_cover(&instance, &[1.0, 5.0, 2.0], Duration::from_secs(10))?;
/// assert_eq!(cover.chosen, [0, 2]);
/// assert_eq!(cover.objective, 3.0);
/// assert!(cover.optimal);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn set_cover(instance: &Instance, costs: &[f64], time_limit: Duration) -> Result<HighsSolution, Error> {
    let start = Instant::now();
    let n_options = instance.n_options();
    if costs.len() != n_options {
        return Err(Error::CostCount {
            costs: costs.len(),
            n_options,
        });
    }
    if let Some((option, &cost)) = costs
        .iter()
        .enumerate()
        .find(|(_, c)| !c.is_finite() || **c <= 0.0)
    {
        return Err(Error::BadCost { option, cost });
    }
    let groups = MergedDemand::new(instance);
    let by_option = groups.by_option(n_options);
    let total_cost = |chosen: &[u32]| chosen.iter().fold(0.0, |total, &j| total + costs[j as usize]);
    if groups.len() == 0 {
        return Ok(HighsSolution::nothing(start));
    }

    let mut problem = ColProblem::new();
    // Row g: Σ_{j covers g} x_j ≥ 1.
    let group_rows: Vec<_> = (0..groups.len()).map(|_| problem.add_row(1.0..)).collect();
    for (groups_of_option, &cost) in by_option.iter().zip(costs) {
        let factors = groups_of_option.iter().map(|&g| (group_rows[g], 1.0));
        problem.add_integer_column(cost, 0.0..=1.0, factors);
    }

    let solved = solve(problem, n_options, Sense::Minimise, time_limit)?;
    let chosen = if solved.found {
        solved.chosen
    } else {
        (0..n_options as u32)
            .filter(|&j| !by_option[j as usize].is_empty())
            .collect()
    };
    Ok(HighsSolution {
        objective: total_cost(&chosen),
        chosen,
        optimal: solved.optimal,
        bound: solved.bound,
        runtime: start.elapsed(),
    })
}

/// The plan of at most `p` options whose worst period is best, found by
/// HiGHS: with `f_k` as in [`Periods`],
///
/// ```text
/// max t   s.t.   (E_k + Σ_d w_kd y_d) / D_k ≥ t for every period k,
///                y_d ≤ Σ_{j covers d} x_j,   Σ_j x_j ≤ p,   x_j ∈ {0, 1},   0 ≤ y_d ≤ 1
/// ```
///
/// over demand merged once for all periods (elements with the same
/// covering options share one `y`). The objective is recomputed as
/// `min_k f_k` of the chosen options; `bound` is HiGHS's bound on it.
///
/// # Errors
///
/// [`Error::BadPeriods`] if the periods weigh another number of demand
/// elements than the matrix has; [`Error::TooManyRequested`] if `p`
/// exceeds the number of options; [`Error::Highs`] if HiGHS fails.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use sightline_solve::{CoverageMatrix, Periods, highs};
///
/// let matrix = CoverageMatrix::from_rows(4, [vec![0], vec![1], vec![2, 3]])?;
/// let periods = Periods::new(vec![vec![6.0, 0.0, 2.0, 2.0], vec![0.0, 6.0, 2.0, 2.0]], vec![1.0, 1.0])?;
/// let best = highs::max_min_coverage(&matrix, &periods, 1, Duration::from_secs(10))?;
/// assert_eq!(best.chosen, [2]);
/// assert!((best.objective - 0.4).abs() < 1e-12);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn max_min_coverage(
    matrix: &CoverageMatrix,
    periods: &Periods,
    p: usize,
    time_limit: Duration,
) -> Result<HighsSolution, Error> {
    let start = Instant::now();
    if periods.n_demand() != matrix.n_demand() {
        return Err(Error::BadPeriods {
            period: None,
            reason: format!(
                "the periods weigh {} demand elements but the coverage matrix has {}",
                periods.n_demand(),
                matrix.n_demand()
            ),
        });
    }
    let n_options = matrix.n_options();
    if p > n_options {
        return Err(Error::TooManyRequested {
            requested: p,
            available: n_options,
        });
    }
    let worst_of = |chosen: &[u32]| periods.value(PeriodObjective::Worst, &periods.fractions(matrix, chosen));
    let n_periods = periods.len();
    let grouping = Grouping::new(matrix, |d| (0..n_periods).any(|k| periods.weights(k)[d] > 0.0));
    if grouping.len() == 0 || p == 0 {
        let objective = worst_of(&[]);
        return Ok(HighsSolution {
            chosen: Vec::new(),
            objective,
            optimal: true,
            bound: objective,
            runtime: start.elapsed(),
        });
    }
    let (totals, before) = (periods.total_demand(), periods.covered_before());
    // f_k = shift_k + Σ_g scale_k S_kg y_g (a period without demand is covered).
    let scale: Vec<f64> = totals
        .iter()
        .map(|&t| if t > 0.0 { 1.0 / t } else { 0.0 })
        .collect();
    let shift: Vec<f64> = (0..n_periods)
        .map(|k| {
            if totals[k] > 0.0 {
                before[k] / totals[k]
            } else {
                1.0
            }
        })
        .collect();
    let sums: Vec<Vec<f64>> = (0..n_periods)
        .map(|k| grouping.sums(periods.weights(k)))
        .collect();

    let mut problem = ColProblem::new();
    // Row g: y_g − Σ_{j covers g} x_j ≤ 0.
    let group_rows: Vec<_> = (0..grouping.len()).map(|_| problem.add_row(..=0.0)).collect();
    let count_row = problem.add_row(..=p as f64);
    // Row k: Σ_g scale_k S_kg y_g − t ≥ −shift_k.
    let period_rows: Vec<_> = shift.iter().map(|&s| problem.add_row(-s..)).collect();
    let mut by_option = vec![Vec::new(); n_options];
    for g in 0..grouping.len() {
        for &o in grouping.options_of(g) {
            by_option[o as usize].push(g);
        }
    }
    for groups in &by_option {
        let factors = groups
            .iter()
            .map(|&g| (group_rows[g], -1.0))
            .chain([(count_row, 1.0)]);
        problem.add_integer_column(0.0, 0.0..=1.0, factors);
    }
    for (g, &row) in group_rows.iter().enumerate() {
        let factors = (0..n_periods)
            .filter(|&k| sums[k][g] > 0.0)
            .map(|k| (period_rows[k], scale[k] * sums[k][g]));
        problem.add_column(0.0, 0.0..=1.0, [(row, 1.0)].into_iter().chain(factors));
    }
    problem.add_column(1.0, 0.0..=1.0, period_rows.iter().map(|&row| (row, -1.0)));

    let solved = solve(problem, n_options, Sense::Maximise, time_limit)?;
    Ok(HighsSolution {
        objective: worst_of(&solved.chosen),
        chosen: solved.chosen,
        optimal: solved.optimal,
        bound: solved.bound,
        runtime: start.elapsed(),
    })
}

/// Demand points merged by the set of options that cover them, without
/// the points no option covers or of weight zero.
struct MergedDemand {
    /// Row `d`: the options covering demand point `d`.
    by_demand: CoverageMatrix,
    /// One demand point of each merged group.
    representative: Vec<usize>,
    /// The summed weight of each group (always positive).
    weights: Vec<f64>,
    /// The summed backup weight of each group, with backup weights.
    backup: Option<Vec<f64>>,
}

impl MergedDemand {
    fn new(instance: &Instance) -> Self {
        let by_demand = instance.matrix().transpose();
        let mut group_of: HashMap<&[u32], usize> = HashMap::new();
        let mut representative = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        let mut backup: Vec<f64> = Vec::new();
        for (demand, (options, &weight)) in by_demand.rows().zip(instance.weights()).enumerate() {
            if options.is_empty() || weight <= 0.0 {
                continue;
            }
            let next = weights.len();
            let group = *group_of.entry(options).or_insert(next);
            if group == next {
                representative.push(demand);
                weights.push(0.0);
                backup.push(0.0);
            }
            weights[group] += weight;
            backup[group] += instance.backup().map_or(0.0, |b| b[demand]);
        }
        drop(group_of);
        Self {
            by_demand,
            representative,
            weights,
            backup: instance.backup().map(|_| backup),
        }
    }

    /// Number of groups.
    fn len(&self) -> usize {
        self.representative.len()
    }

    /// For each option, the groups it covers, ascending.
    fn by_option(&self, n_options: usize) -> Vec<Vec<usize>> {
        let mut by_option = vec![Vec::new(); n_options];
        for (group, &demand) in self.representative.iter().enumerate() {
            for &option in self.by_demand.row(demand) {
                by_option[option as usize].push(group);
            }
        }
        by_option
    }
}

/// What [`solve`] extracts from a HiGHS run.
struct Solved {
    /// Options with `x_j = 1` in HiGHS's incumbent (empty if none).
    chosen: Vec<u32>,
    /// Whether HiGHS had a feasible incumbent.
    found: bool,
    /// Whether HiGHS proved it optimal.
    optimal: bool,
    /// HiGHS's dual bound.
    bound: f64,
}

/// Runs HiGHS quietly on one thread; the first `n_options` columns are
/// the options' `x_j`.
fn solve(problem: ColProblem, n_options: usize, sense: Sense, time_limit: Duration) -> Result<Solved, Error> {
    let highs_error = |step: &str, status: String| Error::Highs {
        reason: format!("{step}: {status}"),
    };
    let mut model: Model = problem
        .try_optimise(sense)
        .map_err(|status| highs_error("loading the model", format!("{status:?}")))?;
    let seconds = time_limit.as_secs_f64();
    let options: [(&str, OptionValue); 6] = [
        ("output_flag", OptionValue::Bool(false)),
        ("threads", OptionValue::Int(1)),
        ("random_seed", OptionValue::Int(0)),
        ("time_limit", OptionValue::Real(seconds)),
        ("mip_rel_gap", OptionValue::Real(0.0)),
        ("mip_abs_gap", OptionValue::Real(1e-6)),
    ];
    for (name, value) in options {
        let set = match value {
            OptionValue::Bool(v) => model.try_set_option(name, v),
            OptionValue::Int(v) => model.try_set_option(name, v),
            OptionValue::Real(v) => model.try_set_option(name, v),
        };
        set.map_err(|_| highs_error("setting an option", format!("{name} = {value:?} was refused")))?;
    }
    let solved: SolvedModel = model
        .try_solve()
        .map_err(|status| highs_error("solving", format!("{status:?}")))?;
    let status = solved.status();
    let optimal = match status {
        HighsModelStatus::Optimal => true,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt => false,
        other => return Err(highs_error("solving", format!("model status {other:?}"))),
    };
    let found = optimal || solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .map_err(|status| highs_error("reading the bound", format!("{status:?}")))?;
    let chosen = if found {
        let solution = solved.get_solution();
        solution.columns()[..n_options.min(solution.columns().len())]
            .iter()
            .enumerate()
            .filter(|(_, x)| **x > 0.5)
            .map(|(j, _)| j as u32)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Solved {
        chosen,
        found,
        optimal,
        bound,
    })
}

/// An option value of one of the types HiGHS takes.
#[derive(Debug, Clone, Copy)]
enum OptionValue {
    Bool(bool),
    Int(i32),
    Real(f64),
}
