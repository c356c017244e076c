//! Local search for maximum coverage: swap one chosen option for one
//! unchosen option while that covers more.

use std::time::Instant;

use rayon::prelude::*;

use crate::{Instance, SideConstraints};

/// Improves `start` (distinct option indices, a plan that follows
/// `rules`) by best-improvement moves until none adds value or `max_swaps`
/// moves were made. A move swaps one chosen option for one unchosen
/// option, or, while fewer than `count` are chosen, adds one; it stops
/// early, between two moves, once `deadline` has passed. Returns the
/// improved set, ascending. With `rules`, only moves that keep the plan
/// feasible are made: forced options stay, excluded and conflicting ones
/// stay out, district counts stay within their bounds, the cost within
/// the budget.
///
/// Bookkeeping is incremental: for each demand point the number of chosen
/// options covering it and the sum of their indices (and, with backup
/// weights, of their squares), which name the covering options when there
/// are one or two of them. Evaluating every move costs one pass over the
/// matrix. Candidates are evaluated in parallel and the best move is
/// chosen by (gain, lower incoming index, lower outgoing index), so the
/// result does not depend on the thread count.
pub(crate) fn improve(
    instance: &Instance,
    start: &[u32],
    count: usize,
    max_swaps: usize,
    rules: Option<&SideConstraints>,
    deadline: Option<Instant>,
) -> Vec<u32> {
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
    let integral = weights.iter().all(|w| w.fract() == 0.0)
        && instance
            .backup()
            .is_none_or(|b| b.iter().all(|w| w.fract() == 0.0));
    let tolerance = if integral {
        0.5
    } else {
        1e-9 * weights.iter().fold(0.0, |t, w| t + w).max(1.0)
    };
    /// No option leaves: the move adds one.
    const NONE: usize = usize::MAX;

    for _ in 0..max_swaps {
        // Every swap improves the plan: stopping between two keeps a plan
        // at least as good as the start.
        if deadline.is_some_and(|d| Instant::now() >= d) {
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
            break;
        }

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

        let Some((delta, k, j)) = best else { break };
        if delta <= tolerance {
            break;
        }
        if j != NONE {
            state.toggle(instance, rules, j, false);
        }
        state.toggle(instance, rules, k, true);
    }
    (0..n_options as u32)
        .filter(|&j| state.chosen[j as usize])
        .collect()
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

/// The two options `a ≤ b` with `a + b = sum` and `a² + b² = squares`.
fn two_owners(sum: u64, squares: u128) -> (usize, usize) {
    // (b − a)² = 2(a² + b²) − (a + b)²
    let difference_squared = 2 * squares - u128::from(sum) * u128::from(sum);
    let mut difference = (difference_squared as f64).sqrt() as u128;
    while difference * difference > difference_squared {
        difference -= 1;
    }
    while (difference + 1) * (difference + 1) <= difference_squared {
        difference += 1;
    }
    let a = (u128::from(sum) - difference) / 2;
    (a as usize, (a + difference) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_instances::{Lcg, random_instance};
    use crate::{CoverageMatrix, exhaustive, lazy_greedy};

    #[test]
    fn never_worse_and_locally_optimal() {
        let mut rng = Lcg::new(5);
        for _ in 0..300 {
            let instance = random_instance(&mut rng, 10, 25, 7, |r| r.below(5) as f64);
            // Second covers count in half the cases, at half or full weight.
            let instance = match rng.below(4) {
                0 => instance.with_backup_factor(0.5).unwrap(),
                1 => instance.with_backup_factor(1.0).unwrap(),
                _ => instance,
            };
            let n_options = instance.n_options();
            if n_options < 2 {
                continue;
            }
            let p = 1 + rng.below(n_options as u64 - 1) as usize;
            let greedy = lazy_greedy(&instance, p).unwrap();
            let improved = improve(&instance, greedy.chosen(), p, 1000, None, None);
            let value = instance.value(&improved);
            assert!(value >= greedy.objective());
            assert!(value <= exhaustive::optimum(&instance, p).unwrap().objective());
            // No single swap improves it.
            for &out in &improved {
                for inn in (0..n_options as u32).filter(|k| !improved.contains(k)) {
                    let mut swapped: Vec<u32> = improved.iter().copied().filter(|&j| j != out).collect();
                    swapped.push(inn);
                    assert!(instance.value(&swapped) <= value + 1e-9);
                }
            }
            // Nor does adding one, while there is room.
            if improved.len() < p {
                for inn in (0..n_options as u32).filter(|k| !improved.contains(k)) {
                    let mut more = improved.clone();
                    more.push(inn);
                    assert!(instance.value(&more) <= value + 1e-9);
                }
            }
        }
    }

    #[test]
    fn escapes_the_greedy_trap() {
        // Greedy takes the middle option; the two outer ones are better.
        let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]]).unwrap();
        let instance = Instance::new(matrix, vec![1.0; 6]).unwrap();
        let greedy = lazy_greedy(&instance, 2).unwrap();
        assert_eq!(greedy.objective(), 5.0);
        assert_eq!(improve(&instance, greedy.chosen(), 2, 10, None, None), vec![0, 2]);
    }
}
