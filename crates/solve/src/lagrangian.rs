//! Lagrangian relaxation of maximum coverage: upper bounds.
//!
//! Maximum coverage with `p` options is
//! `max Σ w_i y_i` subject to `y_i ≤ Σ_{j covers i} x_j`, `Σ x_j ≤ p`,
//! `x, y ∈ {0, 1}`. Relaxing the coverage constraints with multipliers
//! `0 ≤ λ_i ≤ w_i` leaves
//!
//! ```text
//! L(λ) = Σ_i (w_i − λ_i) + (sum of the p largest v_j),   v_j = Σ_{i covered by j} λ_i,
//! ```
//!
//! an upper bound on the optimum for every such `λ`. Subgradient
//! optimisation drives `L` down (from a dual-ascent start, accelerated
//! steps on a smoothed `L` do it faster: see [`smoothed`](crate::smoothed));
//! its minimum equals the LP relaxation's value (the subproblem has the
//! integrality property). The same
//! machinery, with some options fixed in or out, bounds the nodes of the
//! branch and bound.
//!
//! Two extensions keep the same shape:
//!
//! - Backup weights `b_i ≤ w_i`: a group holds two covers `y_i1, y_i2`
//!   worth `w_i` and `b_i`, relaxed as `y_i1 + y_i2 ≤ Σ x_j`; its term
//!   becomes `(w_i − λ_i) + max(0, b_i − λ_i)`.
//! - A budget `Σ c_j x_j ≤ B`: the options' part becomes the smaller of
//!   two relaxations, the `p` largest `v_j`
//!   and the fractional knapsack of the `v_j` with costs `c_j` and
//!   capacity `B`. Both are upper bounds of the subproblem, so the smaller
//!   is too.

use crate::deadline::Deadline;
use std::borrow::Cow;

use rayon::prelude::*;

use crate::{CoverageMatrix, Instance, SideConstraints, smoothed};

/// A maximum-coverage model as the bounds see it: the options, the
/// demand's weights and backup weights, how many options, and the costs
/// and budget if there is one.
#[derive(Clone, Copy)]
pub(crate) struct Model<'a> {
    /// The instance, for its shared transpose.
    pub instance: &'a Instance,
    pub rows: &'a CoverageMatrix,
    pub weights: &'a [f64],
    pub backup: Option<&'a [f64]>,
    pub count: usize,
    /// Option costs and the budget.
    pub budget: Option<(&'a [f64], f64)>,
}

impl<'a> Model<'a> {
    pub fn new(instance: &'a Instance, count: usize, rules: Option<&'a SideConstraints>) -> Self {
        Self {
            instance,
            rows: instance.matrix(),
            weights: instance.weights(),
            backup: instance.backup(),
            count,
            budget: rules.and_then(SideConstraints::costs_and_budget),
        }
    }

    /// True when a bound certifying a plan starts from dual-ascent
    /// multipliers (without backup weights or a budget; see
    /// [`dual_ascent`](crate::dual_ascent)).
    pub fn warm_starts(&self) -> bool {
        self.backup.is_none() && self.budget.is_none()
    }

    /// The passes over the entries a bound certifying a plan takes before
    /// its steps, as the effort counts them: the dual-ascent sweeps and the
    /// first evaluation, or that evaluation alone without the warm start.
    pub fn start_passes(&self) -> u64 {
        if self.warm_starts() { WARM_START_PASSES } else { 1 }
    }

    /// [`integer_slack`] over the weights and backup weights.
    pub fn integer_slack(&self) -> Option<f64> {
        let backup_integral = self.backup.is_none_or(|b| b.iter().all(|w| w.fract() == 0.0));
        integer_slack(self.weights).filter(|_| backup_integral)
    }
}

/// The passes of the dual-ascent start: its sweeps (see
/// [`dual_ascent`](crate::dual_ascent), six) and the first evaluation.
const WARM_START_PASSES: u64 = 7;

/// Evaluations of the subproblem split over threads only above this many
/// free options (below it one thread is faster).
const PARALLEL_MIN_OPTIONS: usize = 4096;

/// Whether the steps on `instance` keep to one thread (too few options
/// and groups to split): another search can then use a second core.
pub(crate) fn runs_on_one_thread(instance: &Instance) -> bool {
    instance.n_options() < PARALLEL_MIN_OPTIONS && instance.matrix().n_demand() <= CHUNK
}

/// Groups per piece of the sums over demand groups: the pieces are summed
/// in parallel, then their sums in order, so a sum is the same float
/// whatever the thread count.
const CHUNK: usize = 1 << 14;

/// `init + Σ term(g)` over groups `0..n`, in fixed pieces of [`CHUNK`]
/// (one piece, summed in order from `init`, below that).
fn chunked_sum(init: f64, n: usize, term: impl Fn(usize) -> f64 + Sync) -> f64 {
    if n <= CHUNK {
        return (0..n).fold(init, |total, g| total + term(g));
    }
    let pieces: Vec<f64> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| (c * CHUNK..((c + 1) * CHUNK).min(n)).fold(0.0, |total, g| total + term(g)))
        .collect();
    pieces.into_iter().fold(init, |total, piece| total + piece)
}

/// The relative allowance for rounding when costs are summed.
fn budget_slack(budget: f64) -> f64 {
    1e-9 * budget.max(1.0)
}

/// A maximum-coverage (sub)problem: the options still free, the demand
/// still open, the options and money left.
pub(crate) struct Subproblem<'a> {
    rows: &'a CoverageMatrix,
    /// Demand groups still to win, ascending: with value left (not yet
    /// covered, or covered once and with a backup weight), and coverable
    /// by a free option.
    open: Vec<u32>,
    /// Whether each group is open.
    is_open: Vec<bool>,
    /// The open groups each free option covers, in the order of `free`:
    /// those of `free[k]` are `entries[offsets[k]..offsets[k + 1]]` (rows
    /// filtered once per subproblem, not once per subgradient step;
    /// borrowed when nothing is filtered out).
    offsets: Cow<'a, [usize]>,
    entries: Cow<'a, [u32]>,
    /// What the next cover of each group adds, and the one after.
    first: Vec<f64>,
    second: Vec<f64>,
    /// Options that may still be chosen (and are affordable), ascending.
    pub free: Vec<u32>,
    /// Value already won by the options fixed in.
    pub constant: f64,
    /// Options left to choose.
    pub budget: usize,
    /// Money left, and the option costs, under a budget.
    money: Option<(&'a [f64], f64)>,
    /// False when the options fixed in already break the count or the
    /// budget.
    pub feasible: bool,
    /// The first step's Polyak factor, and the steps without progress
    /// after which it is halved.
    step_factor: f64,
    stall_limit: usize,
}

/// The Lagrangian subproblem solved for one `λ`.
#[derive(Clone, Debug)]
pub(crate) struct Dual {
    /// `L(λ)`, an upper bound on the subproblem's optimum.
    pub value: f64,
    /// The chosen free options (of the relaxation that gave `value`):
    /// ascending.
    pub chosen: Vec<u32>,
    /// `v_j` of every free option, in the order of [`Subproblem::free`].
    pub values: Vec<f64>,
    /// `value` less the options' part.
    base: f64,
    /// The count relaxation: the `budget` largest `v_j`, their sum, the
    /// smallest chosen and the largest not chosen.
    top: f64,
    last_in: f64,
    first_out: f64,
    /// The budget relaxation (a fractional knapsack): its value and the
    /// critical ratio `v_j / c_j`.
    knapsack: Option<(f64, f64)>,
}

impl Dual {
    /// The smallest `v_j` among the chosen options (the threshold `μ`).
    pub fn last_in(&self) -> f64 {
        self.last_in
    }

    /// An upper bound on the subproblem with free option `j` (position
    /// `k` in `free`, cost `cost`) forced out.
    pub fn bound_without(&self, k: usize, cost: f64) -> f64 {
        let v = self.values[k];
        let by_count = self.top - (v - self.first_out).max(0.0);
        let by_budget = self.knapsack.map_or(f64::INFINITY, |(value, ratio)| {
            value - (v - ratio * cost).max(0.0)
        });
        self.base + by_count.min(by_budget)
    }

    /// An upper bound on the subproblem with free option `j` (position
    /// `k` in `free`, cost `cost`) forced in.
    pub fn bound_with(&self, k: usize, cost: f64) -> f64 {
        let v = self.values[k];
        let by_count = self.top - (self.last_in - v).max(0.0);
        let by_budget = self.knapsack.map_or(f64::INFINITY, |(value, ratio)| {
            value - (ratio * cost - v).max(0.0)
        });
        self.base + by_count.min(by_budget)
    }
}

/// The best of a run of subgradient steps.
pub(crate) struct Optimised {
    /// The lowest `L(λ)` seen, with its subproblem solution.
    pub dual: Dual,
    /// The best primal solution among the subproblem solutions seen that
    /// keep to the count and the budget: its true value (constant
    /// included) and its free options.
    pub primal: Option<(f64, Vec<u32>)>,
    /// Subgradient steps taken (each one evaluation of the subproblem).
    pub steps: u64,
}

impl<'a> Subproblem<'a> {
    /// The subproblem with `fixed_in` chosen and `fixed_out` forbidden.
    /// `columns` is the transpose of the model's rows.
    pub fn new(model: &Model<'a>, columns: &CoverageMatrix, fixed_in: &[u32], fixed_out: &[bool]) -> Self {
        let rows = model.rows;
        let mut times = vec![0u8; rows.n_demand()];
        for &j in fixed_in {
            for &g in rows.row(j as usize) {
                times[g as usize] = times[g as usize].saturating_add(1);
            }
        }
        let mut is_in = vec![false; rows.n_options()];
        for &j in fixed_in {
            is_in[j as usize] = true;
        }
        let money = model.budget.map(|(costs, budget)| {
            let spent = fixed_in.iter().fold(0.0, |t, &j| t + costs[j as usize]);
            (costs, budget - spent)
        });
        let affordable =
            |j: u32| money.is_none_or(|(costs, left)| costs[j as usize] <= left + budget_slack(left.abs()));
        let free: Vec<u32> = (0..rows.n_options() as u32)
            .filter(|&j| !is_in[j as usize] && !fixed_out[j as usize] && affordable(j))
            .collect();
        let mut is_free = vec![false; rows.n_options()];
        for &j in &free {
            is_free[j as usize] = true;
        }
        let backup = |g: usize| model.backup.map_or(0.0, |b| b[g]);
        let (first, second): (Vec<f64>, Vec<f64>) = (0..rows.n_demand())
            .map(|g| match times[g] {
                0 => (model.weights[g], backup(g)),
                1 => (backup(g), 0.0),
                _ => (0.0, 0.0),
            })
            .unzip();
        let active: Vec<bool> = (0..rows.n_demand())
            .map(|g| first[g] > 0.0 && columns.row(g).iter().any(|&j| is_free[j as usize]))
            .collect();
        let open: Vec<u32> = (0..rows.n_demand() as u32)
            .filter(|&g| active[g as usize])
            .collect();
        let (offsets, entries) = if free.len() == rows.n_options() && open.len() == rows.n_demand() {
            let (offsets, entries) = rows.csr();
            (Cow::Borrowed(offsets), Cow::Borrowed(entries))
        } else {
            let mut offsets = Vec::with_capacity(free.len() + 1);
            offsets.push(0);
            let mut entries = Vec::new();
            for &j in &free {
                entries.extend(rows.row(j as usize).iter().filter(|&&g| active[g as usize]));
                offsets.push(entries.len());
            }
            (Cow::Owned(offsets), Cow::Owned(entries))
        };
        let constant = (0..rows.n_demand()).fold(0.0, |total, g| {
            total
                + match times[g] {
                    0 => 0.0,
                    1 => model.weights[g],
                    _ => model.weights[g] + backup(g),
                }
        });
        let feasible = fixed_in.len() <= model.count
            && money.is_none_or(|(_, left)| left >= -budget_slack(model.budget.map_or(0.0, |b| b.1)));
        Self {
            rows,
            open,
            is_open: active,
            offsets,
            entries,
            first,
            second,
            free,
            constant,
            budget: model.count.saturating_sub(fixed_in.len()),
            money,
            feasible,
            step_factor: 2.0,
            stall_limit: 50,
        }
    }

    /// The coverage entries one evaluation reads.
    pub fn entries(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing more can be won: no options left to choose, or
    /// no open demand.
    pub fn is_settled(&self) -> bool {
        self.budget == 0 || self.free.is_empty() || self.open.is_empty()
    }

    /// What the next cover of each group adds: the upper end of its
    /// multiplier's range.
    pub fn ceilings(&self) -> &[f64] {
        &self.first
    }

    /// Whether each group is open.
    pub fn open_mask(&self) -> &[bool] {
        &self.is_open
    }

    /// The cost of option `j` (0 without a budget).
    pub fn cost_of(&self, j: u32) -> f64 {
        self.money.map_or(0.0, |(costs, _)| costs[j as usize])
    }

    /// Solves the Lagrangian subproblem for `lambda`.
    pub fn evaluate(&self, lambda: &[f64]) -> Dual {
        let values: Vec<f64> = (0..self.free.len())
            .into_par_iter()
            .with_min_len(PARALLEL_MIN_OPTIONS)
            .map(|k| {
                self.entries[self.offsets[k]..self.offsets[k + 1]]
                    .iter()
                    .fold(0.0, |total, &g| total + lambda[g as usize])
            })
            .collect();
        let open = chunked_sum(0.0, lambda.len(), |g| {
            if self.is_open[g] {
                (self.first[g] - lambda[g]) + (self.second[g] - lambda[g]).max(0.0)
            } else {
                0.0
            }
        });
        // Positions in `free`, best first: larger v, then lower index.
        let mut order: Vec<usize> = (0..self.free.len()).collect();
        let better = |a: &usize, b: &usize| values[*b].total_cmp(&values[*a]).then(a.cmp(b));
        let take = self.budget.min(order.len());
        if take > 0 && take < order.len() {
            order.select_nth_unstable_by(take - 1, better);
        }
        let (chosen_positions, rest) = order.split_at(take);
        let last_in = chosen_positions
            .iter()
            .map(|&k| values[k])
            .fold(f64::INFINITY, f64::min);
        let first_out = rest.iter().map(|&k| values[k]).fold(0.0, f64::max);
        let top: f64 = chosen_positions.iter().fold(0.0, |total, &k| total + values[k]);
        let mut chosen: Vec<u32> = chosen_positions.iter().map(|&k| self.free[k]).collect();
        let mut knapsack = None;
        if let Some((costs, left)) = self.money {
            // The fractional knapsack: best ratio first, the first option
            // that does not fit taken in part.
            let ratio = |k: usize| values[k] / costs[self.free[k] as usize];
            let mut by_ratio: Vec<usize> = (0..self.free.len()).filter(|&k| values[k] > 0.0).collect();
            by_ratio.sort_unstable_by(|&a, &b| ratio(b).total_cmp(&ratio(a)).then(a.cmp(&b)));
            let (mut room, mut value, mut critical) = (left.max(0.0), 0.0, 0.0);
            let mut taken = Vec::new();
            for &k in &by_ratio {
                let cost = costs[self.free[k] as usize];
                if cost <= room {
                    room -= cost;
                    value += values[k];
                    taken.push(self.free[k]);
                } else {
                    value += values[k] * room / cost;
                    critical = ratio(k);
                    break;
                }
            }
            if value < top {
                chosen = taken;
            }
            knapsack = Some((value, critical));
        }
        chosen.sort_unstable();
        let base = self.constant + open;
        let relaxed = knapsack.map_or(top, |(value, _)| value.min(top));
        Dual {
            value: base + relaxed,
            chosen,
            values,
            base,
            top,
            last_in: if last_in.is_finite() { last_in } else { 0.0 },
            first_out,
            knapsack,
        }
    }

    /// The true value of `free_chosen` (constant included), and how often
    /// each open group is covered; `None` when they break the count or
    /// the budget.
    fn coverage(&self, free_chosen: &[u32], counts: &mut [u32]) -> Option<f64> {
        counts.par_iter_mut().for_each(|c| *c = 0);
        for &j in free_chosen {
            let k = self.free.binary_search(&j).expect("chosen options are free");
            for &g in &self.entries[self.offsets[k]..self.offsets[k + 1]] {
                counts[g as usize] += 1;
            }
        }
        let counts = &*counts;
        let value = chunked_sum(self.constant, counts.len(), |g| {
            match (self.is_open[g], counts[g]) {
                (false, _) | (_, 0) => 0.0,
                (true, 1) => self.first[g],
                (true, _) => self.first[g] + self.second[g],
            }
        });
        let spent = free_chosen.iter().fold(0.0, |t, &j| t + self.cost_of(j));
        let fits = free_chosen.len() <= self.budget
            && self
                .money
                .is_none_or(|(_, left)| spent <= left + budget_slack(left.abs()));
        fits.then_some(value)
    }

    /// The step direction at `lambda` into `direction` (per group): the
    /// subgradient of `L` (times covered, as `counts` says, less the
    /// covers the relaxation wants) plus `deflection` times the previous
    /// direction, with the components that would push `λ` out of its range
    /// dropped. Returns its squared norm and whether the subgradient is 0.
    fn direction(
        &self,
        lambda: &[f64],
        counts: &[u32],
        direction: &mut [f64],
        deflection: f64,
    ) -> (f64, bool) {
        let pieces: Vec<(f64, bool)> = direction
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(c, piece)| {
                let mut norm_2 = 0.0;
                let mut exact = true;
                for (i, d) in piece.iter_mut().enumerate() {
                    let g = c * CHUNK + i;
                    if !self.is_open[g] {
                        continue;
                    }
                    // How many covers the relaxation wants for g at λ_g.
                    let wanted = 1.0 + if self.second[g] > lambda[g] { 1.0 } else { 0.0 };
                    let s = f64::from(counts[g]) - wanted;
                    exact &= s == 0.0;
                    let next = s + deflection * *d;
                    let blocked =
                        (next > 0.0 && lambda[g] <= 0.0) || (next < 0.0 && lambda[g] >= self.first[g]);
                    *d = if blocked { 0.0 } else { next };
                    norm_2 += *d * *d;
                }
                (norm_2, exact)
            })
            .collect();
        pieces
            .into_iter()
            .fold((0.0, true), |(norm_2, exact), (n, e)| (norm_2 + n, exact && e))
    }

    /// Subgradient optimisation from `lambda` (updated in place), with
    /// Polyak steps towards `target` (the best known objective) along a
    /// deflected subgradient (the subgradient plus `deflection` times the
    /// previous direction, which damps the zig-zag between steps; 0 gives
    /// plain subgradient steps), for at most `iterations` steps. Stops early once the bound reaches
    /// `stop_at`, the step size collapses, or the `deadline` passes (the
    /// bound found so far is still valid).
    pub fn optimise(
        &self,
        lambda: &mut [f64],
        target: f64,
        stop_at: f64,
        iterations: usize,
        deadline: &Deadline,
        deflection: f64,
    ) -> Optimised {
        // The multipliers of a group range over [0, what its next cover adds].
        for &g in &self.open {
            let g = g as usize;
            lambda[g] = lambda[g].clamp(0.0, self.first[g]);
        }
        let mut counts = vec![0u32; self.rows.n_demand()];
        let mut best = self.evaluate(lambda);
        let mut primal: Option<(f64, Vec<u32>)> = None;
        let mut step_factor = self.step_factor;
        let mut stalled = 0;
        let mut current = best.clone();
        // The previous step's direction, per group.
        let mut direction = vec![0.0; counts.len()];
        let mut steps = 0u64;
        for _ in 0..iterations {
            let value = self.coverage(&current.chosen, &mut counts);
            if let Some(value) = value
                && primal.as_ref().is_none_or(|(v, _)| value > *v)
            {
                primal = Some((value, current.chosen.clone()));
            }
            if best.value <= stop_at || deadline.passed() {
                break;
            }
            // The subgradient of L at λ is (times covered − covers wanted)
            // per open group; components pushing λ out of its range are
            // dropped.
            let (mut norm_2, exact) = self.direction(lambda, &counts, &mut direction, deflection);
            if exact {
                // Every open group is covered as the relaxation wants: L
                // equals the primal value, so this λ is optimal.
                break;
            }
            if norm_2 == 0.0 {
                // The deflected direction is blocked everywhere: restart
                // from the plain subgradient.
                norm_2 = self.direction(lambda, &counts, &mut direction, 0.0).0;
                if norm_2 == 0.0 {
                    // λ cannot move.
                    break;
                }
            }
            let goal = target.min(current.value);
            let step = step_factor * (current.value - goal).max(1e-9 * current.value.abs().max(1.0)) / norm_2;
            lambda
                .par_iter_mut()
                .zip(&direction)
                .zip(&self.first)
                .with_min_len(CHUNK)
                .for_each(|((l, d), first)| {
                    if *d != 0.0 {
                        *l = (*l - step * d).clamp(0.0, *first);
                    }
                });
            current = self.evaluate(lambda);
            steps += 1;
            if current.value < best.value - 1e-12 * best.value.abs().max(1.0) {
                best = current.clone();
                stalled = 0;
            } else {
                stalled += 1;
                if stalled >= self.stall_limit {
                    step_factor /= 2.0;
                    stalled = 0;
                    if step_factor < 1e-7 {
                        break;
                    }
                }
            }
        }
        if let Some(value) = self.coverage(&best.chosen, &mut counts)
            && primal.as_ref().is_none_or(|(v, _)| value > *v)
        {
            primal = Some((value, best.chosen.clone()));
        }
        Optimised {
            dual: best,
            primal,
            steps,
        }
    }
}

/// With integer weights the optimum is an integer, so a bound below
/// `incumbent + 1` proves nothing better exists. The bound is a float sum
/// of one term per demand group, though, and its rounding error grows with
/// the total weight: this is the slack to allow, or `None` when the weights
/// are not integers (or too large for the rule to be safe), in which case
/// only relative comparisons are made.
pub(crate) fn integer_slack(weights: &[f64]) -> Option<f64> {
    let total = weights.iter().fold(0.0, |t, w| t + w);
    if !weights.iter().all(|w| w.fract() == 0.0) || total >= 2f64.powi(52) {
        return None;
    }
    let slack = (8.0 * weights.len() as f64 * f64::EPSILON * total).max(1e-6);
    (slack < 0.25).then_some(slack)
}

/// The bound a better plan than `best` needs, with the weights' `slack`
/// (see [`integer_slack`]): `best + 1` less the slack with integer
/// weights, `best` and a relative hair above it otherwise.
pub(crate) fn improvement_threshold(best: f64, slack: Option<f64>) -> f64 {
    match slack {
        // Integer weights: a better plan is at least 1 better.
        Some(slack) => best + 1.0 - slack,
        None => best * (1.0 + 1e-9) + 1e-9,
    }
}

/// A plan met on the way to a bound (the relaxation's choice of options)
/// and its value.
pub(crate) type Primal = (f64, Vec<u32>);

/// An upper bound on the model's optimum, from about `iterations` passes
/// over the entries, aiming at the known objective `incumbent` of `plan`.
/// With a plan and without backup weights or a budget: multipliers built
/// by dual ascent around it (see [`dual_ascent`](crate::dual_ascent)),
/// then accelerated steps on the smoothed bound (see
/// [`smoothed`](crate::smoothed), two passes a step), no primal solution
/// returned. Otherwise subgradient steps from `λ = w` (one pass a step),
/// which also return the best primal solution met on the way (the
/// subproblem's choices), a good start for local search. Never below the
/// true optimum, and the same whatever the thread count (the deadline
/// only cuts the steps short).
pub(crate) fn upper_bound(
    model: &Model<'_>,
    incumbent: f64,
    plan: Option<&[u32]>,
    iterations: usize,
    deadline: &Deadline,
) -> (f64, Option<Primal>) {
    let columns = model.instance.columns();
    let fixed_out = vec![false; model.rows.n_options()];
    let subproblem = Subproblem::new(model, columns, &[], &fixed_out);
    if subproblem.is_settled() {
        return (subproblem.constant, None);
    }
    if let Some((_, lambda)) = plan.and_then(|plan| crate::dual_ascent::warm_start(model, columns, plan)) {
        // From the warm start, accelerated steps on the smoothed bound (two
        // passes each).
        let steps = iterations / smoothed::PASSES_PER_STEP as usize;
        let (bound, chosen) = smoothed::descend(&subproblem, columns, &lambda, steps, incumbent, deadline);
        let value = model.instance.value(&chosen);
        return (bound.max(incumbent), Some((value, chosen)));
    }
    let mut lambda = model.weights.to_vec();
    let optimised = subproblem.optimise(&mut lambda, incumbent, incumbent, iterations, deadline, 0.0);
    (optimised.dual.value.max(incumbent), optimised.primal)
}

/// The bound of [`upper_bound`] started from `plan`'s dual-ascent
/// multipliers, with the relaxation's choice of options at the best
/// multipliers (a start for local search away from `plan`); `None`
/// (nothing computed) where that start does not apply (backup weights, a
/// budget). Never below the true optimum.
pub(crate) fn warm_upper_bound(
    model: &Model<'_>,
    incumbent: f64,
    plan: &[u32],
    iterations: usize,
    deadline: &Deadline,
) -> Option<(f64, Option<Primal>)> {
    if !model.warm_starts() {
        return None;
    }
    Some(upper_bound(model, incumbent, Some(plan), iterations, deadline))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive;
    use crate::test_instances::{Lcg, random_instance};

    #[test]
    fn only_a_warm_start_that_runs_is_charged() {
        let mut rng = Lcg::new(3);
        let instance = random_instance(&mut rng, 9, 20, 7, |r| 1.0 + r.below(5) as f64);
        assert_eq!(Model::new(&instance, 2, None).start_passes(), WARM_START_PASSES);
        let backup = instance.with_backup_factor(0.5).unwrap();
        let model = Model::new(&backup, 2, None);
        assert_eq!(model.start_passes(), 1);
        assert!(warm_upper_bound(&model, 0.0, &[0, 1], 10, &Deadline::never()).is_none());
    }

    #[test]
    fn the_bound_is_never_below_the_optimum() {
        let mut rng = Lcg::new(11);
        for _ in 0..300 {
            let instance = random_instance(&mut rng, 9, 20, 7, |r| r.below(5) as f64);
            let instance = if rng.below(2) == 0 {
                instance.with_backup_factor(0.5).unwrap()
            } else {
                instance
            };
            let n_options = instance.n_options();
            for p in 1..=n_options.min(4) {
                let best = exhaustive::optimum(&instance, p).unwrap().objective();
                // Warm-started from no plan and from greedy's (with
                // backup weights, from λ = w), with many steps and few.
                let greedy = crate::lazy_greedy(&instance, p).unwrap();
                for (plan, steps) in [
                    (None, 300),
                    (Some(&[][..]), 300),
                    (Some(greedy.chosen()), 300),
                    (Some(greedy.chosen()), 3),
                ] {
                    let model = Model::new(&instance, p, None);
                    let (bound, _) = upper_bound(&model, greedy.objective(), plan, steps, &Deadline::never());
                    assert!(bound >= best - 1e-9, "bound {bound} < optimum {best}");
                }
            }
        }
    }
}
