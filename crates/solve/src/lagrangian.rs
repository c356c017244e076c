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
//! optimisation drives `L` down; its minimum equals the LP relaxation's
//! value (the subproblem has the integrality property). The same
//! machinery, with some options fixed in or out, bounds the nodes of the
//! branch and bound.

use std::time::Instant;

use rayon::prelude::*;

use crate::CoverageMatrix;

/// A maximum-coverage (sub)problem: the options still free, the demand
/// still open, the budget left.
pub(crate) struct Subproblem<'a> {
    rows: &'a CoverageMatrix,
    weights: &'a [f64],
    /// Demand groups still to win: not covered by a fixed option, and
    /// coverable by a free one.
    active: Vec<bool>,
    /// Options that may still be chosen, ascending.
    pub free: Vec<u32>,
    /// Weight already covered by the options fixed in.
    pub constant: f64,
    /// Options left to choose.
    pub budget: usize,
}

/// The Lagrangian subproblem solved for one `λ`.
#[derive(Clone, Debug)]
pub(crate) struct Dual {
    /// `L(λ)`, an upper bound on the subproblem's optimum.
    pub value: f64,
    /// The chosen free options: the `budget` largest `v_j`, ties to the
    /// lower index. Ascending.
    pub chosen: Vec<u32>,
    /// `v_j` of every free option, in the order of [`Subproblem::free`].
    pub values: Vec<f64>,
    /// The smallest `v_j` chosen (0 when nothing is chosen).
    pub last_in: f64,
    /// The largest `v_j` not chosen (0 when every free option is chosen).
    pub first_out: f64,
}

/// The best of a run of subgradient steps.
pub(crate) struct Optimised {
    /// The lowest `L(λ)` seen, with its subproblem solution.
    pub dual: Dual,
    /// The best primal solution among the subproblem solutions seen: its
    /// true covered weight (constant included) and its free options.
    pub primal: Option<(f64, Vec<u32>)>,
}

impl<'a> Subproblem<'a> {
    /// The subproblem with `fixed_in` chosen and `fixed_out` forbidden.
    /// `columns` is the transpose of `rows`.
    pub fn new(
        rows: &'a CoverageMatrix,
        columns: &CoverageMatrix,
        weights: &'a [f64],
        count: usize,
        fixed_in: &[u32],
        fixed_out: &[bool],
    ) -> Self {
        let mut covered = vec![false; rows.n_demand()];
        for &j in fixed_in {
            for &g in rows.row(j as usize) {
                covered[g as usize] = true;
            }
        }
        let mut is_in = vec![false; rows.n_options()];
        for &j in fixed_in {
            is_in[j as usize] = true;
        }
        let free: Vec<u32> = (0..rows.n_options() as u32)
            .filter(|&j| !is_in[j as usize] && !fixed_out[j as usize])
            .collect();
        let active: Vec<bool> = (0..rows.n_demand())
            .map(|g| {
                !covered[g]
                    && columns
                        .row(g)
                        .iter()
                        .any(|&j| !is_in[j as usize] && !fixed_out[j as usize])
            })
            .collect();
        let constant = covered
            .iter()
            .zip(weights)
            .filter(|(c, _)| **c)
            .fold(0.0, |total, (_, w)| total + w);
        Self {
            rows,
            weights,
            active,
            free,
            constant,
            budget: count.saturating_sub(fixed_in.len()),
        }
    }

    /// True when nothing more can be won: no budget, or no open demand.
    pub fn is_settled(&self) -> bool {
        self.budget == 0 || self.free.is_empty() || !self.active.iter().any(|&a| a)
    }

    /// Solves the Lagrangian subproblem for `lambda`.
    pub fn evaluate(&self, lambda: &[f64]) -> Dual {
        let values: Vec<f64> = self
            .free
            .par_iter()
            // Small subproblems are faster on one thread than split up.
            .with_min_len(1024)
            .map(|&j| {
                self.rows
                    .row(j as usize)
                    .iter()
                    .filter(|&&g| self.active[g as usize])
                    .fold(0.0, |total, &g| total + lambda[g as usize])
            })
            .collect();
        let open: f64 = self
            .active
            .iter()
            .zip(self.weights.iter().zip(lambda))
            .filter(|(a, _)| **a)
            .fold(0.0, |total, (_, (w, l))| total + (w - l));
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
        chosen.sort_unstable();
        Dual {
            value: self.constant + open + top,
            chosen,
            values,
            last_in: if last_in.is_finite() { last_in } else { 0.0 },
            first_out,
        }
    }

    /// The true covered weight of `free_chosen` (constant included), and
    /// how often each open group is covered.
    fn coverage(&self, free_chosen: &[u32], counts: &mut [u32]) -> f64 {
        counts.iter_mut().for_each(|c| *c = 0);
        for &j in free_chosen {
            for &g in self.rows.row(j as usize) {
                if self.active[g as usize] {
                    counts[g as usize] += 1;
                }
            }
        }
        self.constant
            + counts
                .iter()
                .zip(self.weights)
                .filter(|(c, _)| **c > 0)
                .fold(0.0, |total, (_, w)| total + w)
    }

    /// Subgradient optimisation from `lambda` (updated in place), with
    /// Polyak steps towards `target` (the best known objective), for at
    /// most `iterations` steps. Stops early once the bound reaches
    /// `stop_at`, the step size collapses, or the `deadline` passes (the
    /// bound found so far is still valid).
    pub fn optimise(
        &self,
        lambda: &mut [f64],
        target: f64,
        stop_at: f64,
        iterations: usize,
        deadline: Option<Instant>,
    ) -> Optimised {
        let mut counts = vec![0u32; self.rows.n_demand()];
        let mut best = self.evaluate(lambda);
        let mut primal: Option<(f64, Vec<u32>)> = None;
        let mut step_factor = 2.0;
        let mut stalled = 0;
        let mut current = best.clone();
        for _ in 0..iterations {
            let value = self.coverage(&current.chosen, &mut counts);
            if primal.as_ref().is_none_or(|(v, _)| value > *v) {
                primal = Some((value, current.chosen.clone()));
            }
            if best.value <= stop_at || deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            // The subgradient of L at λ is (times covered − 1) per open group.
            let mut norm_2 = 0.0;
            for g in 0..counts.len() {
                if !self.active[g] {
                    continue;
                }
                let s = f64::from(counts[g]) - 1.0;
                let blocked = (s > 0.0 && lambda[g] <= 0.0) || (s < 0.0 && lambda[g] >= self.weights[g]);
                if !blocked {
                    norm_2 += s * s;
                }
            }
            if norm_2 == 0.0 {
                // Every open group is covered exactly once: L equals the
                // primal value, so this λ is optimal.
                break;
            }
            let goal = target.min(current.value);
            let step = step_factor * (current.value - goal).max(1e-9 * current.value.abs().max(1.0)) / norm_2;
            for g in 0..counts.len() {
                if self.active[g] {
                    let s = f64::from(counts[g]) - 1.0;
                    lambda[g] = (lambda[g] - step * s).clamp(0.0, self.weights[g]);
                }
            }
            current = self.evaluate(lambda);
            if current.value < best.value - 1e-12 * best.value.abs().max(1.0) {
                best = current.clone();
                stalled = 0;
            } else {
                stalled += 1;
                if stalled >= 50 {
                    step_factor /= 2.0;
                    stalled = 0;
                    if step_factor < 1e-7 {
                        break;
                    }
                }
            }
        }
        let value = self.coverage(&best.chosen, &mut counts);
        if primal.as_ref().is_none_or(|(v, _)| value > *v) {
            primal = Some((value, best.chosen.clone()));
        }
        Optimised { dual: best, primal }
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

/// An upper bound on maximum coverage with `count` options: the lowest
/// Lagrangian bound found in `iterations` subgradient steps, aiming at the
/// known objective `incumbent`. Never below the true optimum. Also returns
/// the best primal solution met on the way (the subproblem's choices), a
/// good start for local search.
pub(crate) fn upper_bound(
    rows: &CoverageMatrix,
    weights: &[f64],
    count: usize,
    incumbent: f64,
    iterations: usize,
    deadline: Option<Instant>,
) -> (f64, Option<(f64, Vec<u32>)>) {
    let columns = rows.transpose();
    let fixed_out = vec![false; rows.n_options()];
    let subproblem = Subproblem::new(rows, &columns, weights, count, &[], &fixed_out);
    if subproblem.is_settled() {
        return (subproblem.constant, None);
    }
    let mut lambda = weights.to_vec();
    let optimised = subproblem.optimise(&mut lambda, incumbent, incumbent, iterations, deadline);
    (optimised.dual.value.max(incumbent), optimised.primal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive;
    use crate::test_instances::{Lcg, random_instance};

    #[test]
    fn the_bound_is_never_below_the_optimum() {
        let mut rng = Lcg::new(11);
        for _ in 0..300 {
            let instance = random_instance(&mut rng, 9, 20, 7, |r| r.below(5) as f64);
            let (matrix, weights) = (instance.matrix(), instance.weights());
            let n_options = matrix.n_options();
            for p in 1..=n_options.min(4) {
                let best = exhaustive::optimum(&instance, p).unwrap().objective();
                let (bound, _) = upper_bound(matrix, weights, p, 0.0, 300, None);
                assert!(bound >= best - 1e-9, "bound {bound} < optimum {best}");
            }
        }
    }
}
