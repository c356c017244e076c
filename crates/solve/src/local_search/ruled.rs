//! The general swap search: every move evaluated by one pass over the
//! matrix, under any side constraints.

use rayon::prelude::*;

use super::{Improved, SwapLimits, Work, tolerance, two_owners};
use crate::{Instance, SideConstraints};

/// Improves `start` (distinct option indices, a plan that follows
/// `rules`) by best-improvement moves until none adds value or `limits`
/// says stop (checked between two moves). A move swaps one chosen option
/// for one unchosen option, or, while fewer than `count` are chosen, adds
/// one. Returns the improved set, ascending, with the work done. With
/// `rules`, only moves that keep the plan feasible are made: forced
/// options stay, excluded and conflicting ones stay out, district counts
/// stay within their bounds, the cost within the budget.
///
/// Bookkeeping is incremental: for each demand point the number of chosen
/// options covering it and the sum of their indices (and, with backup
/// weights, of their squares), which name the covering options when there
/// are one or two of them. Evaluating every move costs one pass over the
/// matrix. Candidates are evaluated in parallel and the best move is
/// chosen by (gain, lower incoming index, lower outgoing index), so the
/// result does not depend on the thread count.
pub(super) fn improve(
    instance: &Instance,
    start: &[u32],
    count: usize,
    rules: Option<&SideConstraints>,
    limits: &SwapLimits,
) -> Improved {
    let matrix = instance.matrix();
    let weights = instance.weights();
    let backup = instance.backup().is_some();
    let n_options = matrix.n_options();
    let mut state = State {
        chosen: vec![false; n_options],
        times: vec![0; matrix.n_demand()],
        owner_sum: vec![0; matrix.n_demand()],
        owner_squares: vec![0; if backup { matrix.n_demand() } else { 0 }],
        spent: 0.0,
        size: 0,
    };
    for &j in start {
        state.toggle(instance, rules, j as usize, true);
    }
    let tolerance = tolerance(instance);
    /// No option leaves: the move adds one.
    const NONE: usize = usize::MAX;

    let mut work = Work::default();
    let mut converged = false;
    loop {
        // Every swap improves the plan: stopping between two keeps a plan
        // at least as good as the start.
        if limits.reached(&work) {
            break;
        }
        let State {
            chosen: chosen_flag_now,
            times,
            owner_sum,
            owner_squares,
            spent,
            size,
        } = &state;
        let (spent, size) = (*spent, *size);
        // What each chosen option alone contributes: lost if it leaves.
        let mut loss = vec![0.0; n_options];
        for j in (0..n_options).filter(|&j| chosen_flag_now[j]) {
            loss[j] = matrix.row(j).iter().fold(0.0, |t, &d| {
                t + instance.gain_at(d as usize, times[d as usize] - 1)
            });
        }
        let mut by_loss: Vec<usize> = (0..n_options).filter(|&j| chosen_flag_now[j]).collect();
        by_loss.sort_by(|&a, &b| loss[a].total_cmp(&loss[b]).then(a.cmp(&b)));
        let room = size < count;
        if by_loss.is_empty() && !room {
            converged = true;
            break;
        }
        // One pass over every chosen and every candidate row.
        work.evaluations += n_options as u64;
        work.entries += matrix.nnz() as u64;

        let mut district_count = vec![0usize; rules.map_or(0, |r| r.n_districts())];
        if let Some(rules) = rules {
            for j in (0..n_options).filter(|&j| chosen_flag_now[j]) {
                if let Some(d) = rules.district_of(j as u32) {
                    district_count[d as usize] += 1;
                }
            }
        }
        // May `j` leave for `k` under the rules (conflicts aside)?
        let swap_allowed = |j: usize, k: usize| -> bool {
            rules.is_none_or(|r| r.can_swap(j as u32, k as u32, &district_count, spent))
        };
        let add_allowed = |k: usize| -> bool {
            room && rules.is_none_or(|r| r.can_add(k as u32, chosen_flag_now, &district_count, spent))
        };

        let best = (0..n_options)
            .into_par_iter()
            .filter(|&k| !chosen_flag_now[k] && rules.is_none_or(|r| !r.is_forced_out(k as u32)))
            .map_init(Vec::<(usize, f64)>::new, |touched, k| {
                // A chosen option that k excludes must be the one to leave;
                // two of them, and k cannot come in at all.
                let mut must_leave = None;
                if let Some(rules) = rules {
                    let mut clashing = rules
                        .conflicts_of(k as u32)
                        .iter()
                        .filter(|&&c| chosen_flag_now[c as usize]);
                    must_leave = clashing.next().map(|&c| c as usize);
                    if clashing.next().is_some() {
                        return None;
                    }
                }
                touched.clear();
                let mut gain = 0.0;
                for &d in matrix.row(k) {
                    let d = d as usize;
                    gain += instance.gain_at(d, times[d]);
                    // Demand k shares with a chosen option j: k's gain and
                    // j's loss there were both counted against the current
                    // cover, but a swap leaves the count unchanged.
                    match times[d] {
                        1 => touched.push((owner_sum[d] as usize, weights[d] - instance.gain_at(d, 1))),
                        2 if backup => {
                            let correction = instance.gain_at(d, 1);
                            let (a, b) = two_owners(owner_sum[d], owner_squares[d]);
                            touched.push((a, correction));
                            touched.push((b, correction));
                        }
                        _ => {}
                    }
                }
                touched.sort_unstable_by_key(|&(j, _)| j);
                let mut best_out: Option<(f64, usize)> = None;
                let mut consider = |delta: f64, j: usize| {
                    if best_out.is_none_or(|(b, bj)| delta > b || (delta == b && j < bj)) {
                        best_out = Some((delta, j));
                    }
                };
                let permitted = |j: usize| must_leave.is_none_or(|m| m == j) && swap_allowed(j, k);
                let mut start = 0;
                while start < touched.len() {
                    let j = touched[start].0;
                    let mut shared = 0.0;
                    let mut end = start;
                    while end < touched.len() && touched[end].0 == j {
                        shared += touched[end].1;
                        end += 1;
                    }
                    if permitted(j) {
                        consider(gain + shared - loss[j], j);
                    }
                    start = end;
                }
                // The cheapest option to give up that shares nothing with k.
                let untouched = |j: &&usize| touched.binary_search_by_key(*j, |&(o, _)| o).is_err();
                if let Some(&j) = by_loss.iter().filter(untouched).find(|&&j| permitted(j)) {
                    consider(gain - loss[j], j);
                }
                if must_leave.is_none() && add_allowed(k) {
                    consider(gain, NONE);
                }
                best_out.map(|(delta, j)| (delta, k, j))
            })
            .flatten()
            .reduce_with(|a, b| {
                let a_better = a.0 > b.0 || (a.0 == b.0 && (a.1, a.2) < (b.1, b.2));
                if a_better { a } else { b }
            });

        let Some((_, k, j)) = best.filter(|&(delta, _, _)| delta > tolerance) else {
            converged = true;
            break;
        };
        work.moves += 1;
        if j != NONE {
            state.toggle(instance, rules, j, false);
        }
        state.toggle(instance, rules, k, true);
    }
    Improved {
        chosen: (0..n_options as u32)
            .filter(|&j| state.chosen[j as usize])
            .collect(),
        work,
        converged,
    }
}

/// The plan being improved, with its incremental bookkeeping.
struct State {
    chosen: Vec<bool>,
    /// How many chosen options cover each demand point.
    times: Vec<u32>,
    /// The sum of their indices.
    owner_sum: Vec<u64>,
    /// The sum of their squared indices (with backup weights only).
    owner_squares: Vec<u128>,
    spent: f64,
    size: usize,
}

impl State {
    /// Adds (`on`) or removes option `j`.
    fn toggle(&mut self, instance: &Instance, rules: Option<&SideConstraints>, j: usize, on: bool) {
        self.chosen[j] = on;
        let cost = rules.map_or(0.0, |r| r.cost_of(j as u32));
        let squares = !self.owner_squares.is_empty();
        let (j64, j128) = (j as u64, (j as u128) * (j as u128));
        if on {
            self.spent += cost;
            self.size += 1;
        } else {
            self.spent -= cost;
            self.size -= 1;
        }
        for &d in instance.matrix().row(j) {
            let d = d as usize;
            if on {
                self.times[d] += 1;
                self.owner_sum[d] += j64;
                if squares {
                    self.owner_squares[d] += j128;
                }
            } else {
                self.times[d] -= 1;
                self.owner_sum[d] -= j64;
                if squares {
                    self.owner_squares[d] -= j128;
                }
            }
        }
    }
}
