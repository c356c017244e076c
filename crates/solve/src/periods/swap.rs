//! Swap local search on the worst period's fraction itself.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::{CoverageMatrix, SideConstraints};

/// Moves made at most.
const MAX_MOVES: usize = 10_000;

/// Improvements smaller than this (in fractions) do not count: they are
/// rounding.
const TOLERANCE: f64 = 1e-12;

/// No option leaves: the move adds one.
const NONE: usize = usize::MAX;

/// A plan's standing: the smallest period fraction, then their sum.
#[derive(Debug, Clone, Copy)]
struct Standing {
    worst: f64,
    total: f64,
}

impl Standing {
    fn of(fractions: &[f64]) -> Self {
        Self {
            worst: fractions.iter().copied().fold(f64::INFINITY, f64::min),
            total: fractions.iter().sum(),
        }
    }

    /// Better by more than rounding: a larger worst fraction, or the same
    /// and a larger sum.
    fn beats(&self, other: &Standing) -> bool {
        self.worst > other.worst + TOLERANCE
            || (self.worst >= other.worst - TOLERANCE && self.total > other.total + TOLERANCE)
    }

    fn cmp(&self, other: &Standing) -> Ordering {
        self.worst
            .total_cmp(&other.worst)
            .then(self.total.total_cmp(&other.total))
    }
}

/// The periods as the search sees them: option rows over demand groups,
/// each group's share of each period's fraction, and the fractions
/// already covered.
pub(super) struct Landscape<'a> {
    /// Row `o`: the groups option `o` covers (every original option).
    pub rows: &'a CoverageMatrix,
    /// `values[k][g]`: what covering group `g` adds to `f_k`.
    pub values: &'a [Vec<f64>],
    /// `f_k` of the empty plan.
    pub base: &'a [f64],
}

/// Improves `start` (a plan that follows `rules`, at most `count`
/// options) by best-improvement moves on (smallest period fraction, sum
/// of the fractions): swap a chosen option for an unchosen one, or add one
/// while fewer than `count` are chosen. Ties go to the lower incoming,
/// then outgoing, index, so the result does not depend on the thread
/// count. Stops between two moves at `deadline`. Returns the plan,
/// ascending.
pub(super) fn improve_worst(
    landscape: &Landscape<'_>,
    start: &[u32],
    count: usize,
    rules: Option<&SideConstraints>,
    deadline: &crate::deadline::Deadline,
) -> Vec<u32> {
    let rows = landscape.rows;
    let n_options = rows.n_options();
    let n_periods = landscape.base.len();
    let mut chosen = vec![false; n_options];
    let mut times = vec![0u32; rows.n_demand()];
    let mut owner_sum = vec![0u64; rows.n_demand()];
    let toggle = |chosen: &mut [bool], times: &mut [u32], owner_sum: &mut [u64], j: usize, on: bool| {
        chosen[j] = on;
        for &g in rows.row(j) {
            let g = g as usize;
            if on {
                times[g] += 1;
                owner_sum[g] += j as u64;
            } else {
                times[g] -= 1;
                owner_sum[g] -= j as u64;
            }
        }
    };
    for &j in start {
        toggle(&mut chosen, &mut times, &mut owner_sum, j as usize, true);
    }

    for _ in 0..MAX_MOVES {
        if deadline.passed() {
            break;
        }
        let members: Vec<usize> = (0..n_options).filter(|&j| chosen[j]).collect();
        let room = members.len() < count;
        let mut current = landscape.base.to_vec();
        for (g, &t) in times.iter().enumerate() {
            if t > 0 {
                for (c, v) in current.iter_mut().zip(landscape.values) {
                    *c += v[g];
                }
            }
        }
        let standing = Standing::of(&current);
        // What each chosen option alone contributes: lost if it leaves.
        let mut loss = vec![vec![0.0; n_periods]; members.len()];
        for (slot, &j) in members.iter().enumerate() {
            for &g in rows.row(j) {
                if times[g as usize] == 1 {
                    for (l, v) in loss[slot].iter_mut().zip(landscape.values) {
                        *l += v[g as usize];
                    }
                }
            }
        }
        let mut district_count = vec![0usize; rules.map_or(0, |r| r.n_districts())];
        let mut spent = 0.0;
        if let Some(rules) = rules {
            for &j in &members {
                if let Some(d) = rules.district_of(j as u32) {
                    district_count[d as usize] += 1;
                }
                spent += rules.cost_of(j as u32);
            }
        }
        let chosen_now = &chosen;
        let (times_now, owner_now) = (&times, &owner_sum);
        let best = (0..n_options)
            .into_par_iter()
            .filter(|&i| !chosen_now[i] && rules.is_none_or(|r| !r.is_forced_out(i as u32)))
            .map_init(
                || {
                    (
                        vec![0.0; n_periods],
                        Vec::<(usize, usize)>::new(),
                        vec![0.0; n_periods],
                    )
                },
                |(gain, touched, trial), i| {
                    // A chosen option that i excludes must be the one to
                    // leave; two of them, and i cannot come in at all.
                    let mut must_leave = None;
                    if let Some(rules) = rules {
                        let mut clashing = rules
                            .conflicts_of(i as u32)
                            .iter()
                            .filter(|&&c| chosen_now[c as usize]);
                        must_leave = clashing.next().map(|&c| c as usize);
                        if clashing.next().is_some() {
                            return None;
                        }
                    }
                    gain.fill(0.0);
                    touched.clear();
                    for &g in rows.row(i) {
                        let g = g as usize;
                        match times_now[g] {
                            0 => {
                                for (a, v) in gain.iter_mut().zip(landscape.values) {
                                    *a += v[g];
                                }
                            }
                            // Lost if its one owner leaves, unless i comes in.
                            1 => touched.push((owner_now[g] as usize, g)),
                            _ => {}
                        }
                    }
                    touched.sort_unstable();
                    let mut best_out: Option<(Standing, usize)> = None;
                    let mut consider = |fractions: &[f64], j: usize| {
                        let s = Standing::of(fractions);
                        if best_out.is_none_or(|(b, bj)| s.cmp(&b).then(bj.cmp(&j)) == Ordering::Greater) {
                            best_out = Some((s, j));
                        }
                    };
                    for (slot, &j) in members.iter().enumerate() {
                        if must_leave.is_some_and(|m| m != j)
                            || rules.is_some_and(|r| !r.can_swap(j as u32, i as u32, &district_count, spent))
                        {
                            continue;
                        }
                        for k in 0..n_periods {
                            trial[k] = current[k] + gain[k] - loss[slot][k];
                        }
                        let from = touched.partition_point(|&(o, _)| o < j);
                        for &(_, g) in touched[from..].iter().take_while(|&&(o, _)| o == j) {
                            for (t, v) in trial.iter_mut().zip(landscape.values) {
                                *t += v[g];
                            }
                        }
                        consider(trial, j);
                    }
                    let may_add = room
                        && must_leave.is_none()
                        && rules.is_none_or(|r| r.can_add(i as u32, chosen_now, &district_count, spent));
                    if may_add {
                        for k in 0..n_periods {
                            trial[k] = current[k] + gain[k];
                        }
                        consider(trial, NONE);
                    }
                    best_out.map(|(s, j)| (s, i, j))
                },
            )
            .flatten()
            .reduce_with(|a, b| {
                let a_better = match a.0.cmp(&b.0) {
                    Ordering::Greater => true,
                    Ordering::Less => false,
                    Ordering::Equal => (a.1, a.2) < (b.1, b.2),
                };
                if a_better { a } else { b }
            });
        let Some((after, i, j)) = best else { break };
        if !after.beats(&standing) {
            break;
        }
        if j != NONE {
            toggle(&mut chosen, &mut times, &mut owner_sum, j, false);
        }
        toggle(&mut chosen, &mut times, &mut owner_sum, i, true);
    }
    (0..n_options as u32).filter(|&j| chosen[j as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_two_periods() {
        // Option 0 serves the day, 1 the night, 2 a little of both.
        let rows = CoverageMatrix::from_rows(3, [vec![0], vec![1], vec![0, 1, 2]]).unwrap();
        let values = vec![vec![0.6, 0.0, 0.1], vec![0.0, 0.6, 0.1]];
        let base = vec![0.1, 0.0];
        let landscape = Landscape {
            rows: &rows,
            values: &values,
            base: &base,
        };
        // From option 0 alone (worst fraction 0.0), one swap to option 2
        // (0.8, 0.7) beats option 1 (0.1, 0.6).
        assert_eq!(
            improve_worst(&landscape, &[0], 1, None, &crate::deadline::Deadline::never()),
            vec![2]
        );
        // From nothing, with room for two: option 2 covers every group,
        // and then no option adds anything.
        assert_eq!(
            improve_worst(&landscape, &[], 2, None, &crate::deadline::Deadline::never()),
            vec![2]
        );
        // With option 2 forced out, option 1 is the best single swap.
        let rules = SideConstraints::new(3).force_out(2).unwrap();
        assert_eq!(
            improve_worst(
                &landscape,
                &[0],
                1,
                Some(&rules),
                &crate::deadline::Deadline::never()
            ),
            vec![1]
        );
    }
}
