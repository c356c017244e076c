//! Local search for maximum coverage: swap one chosen option for one
//! unchosen option while that covers more.

use rayon::prelude::*;

use crate::{Instance, SideConstraints};

/// Improves `start` (distinct option indices) by best-improvement swaps
/// until no swap of one chosen option for one unchosen option adds weight,
/// or `max_swaps` swaps were made. Returns the improved set, ascending.
/// With `rules`, only swaps that keep a feasible plan feasible are made:
/// forced options stay, excluded and conflicting ones stay out, district
/// counts stay within their bounds.
///
/// Bookkeeping is incremental: for each demand point the number of chosen
/// options covering it and, when that number is one, which option (the
/// sum of the covering options' indices is then that option). Evaluating
/// every swap costs one pass over the matrix. Candidates are evaluated in
/// parallel and the best swap is chosen by (gain, lower incoming index,
/// lower outgoing index), so the result does not depend on the thread
/// count.
pub(crate) fn improve(
    instance: &Instance,
    start: &[u32],
    max_swaps: usize,
    rules: Option<&SideConstraints>,
) -> Vec<u32> {
    let matrix = instance.matrix();
    let weights = instance.weights();
    let n_options = matrix.n_options();
    let mut chosen_flag = vec![false; n_options];
    let mut count = vec![0u32; matrix.n_demand()];
    let mut owner_sum = vec![0u64; matrix.n_demand()];
    for &j in start {
        chosen_flag[j as usize] = true;
        for &d in matrix.row(j as usize) {
            count[d as usize] += 1;
            owner_sum[d as usize] += u64::from(j);
        }
    }
    let integral = weights.iter().all(|w| w.fract() == 0.0);
    let tolerance = if integral {
        0.5
    } else {
        1e-9 * weights.iter().fold(0.0, |t, w| t + w).max(1.0)
    };

    for _ in 0..max_swaps {
        // What each chosen option alone covers: lost if it is swapped out.
        let mut loss = vec![0.0; n_options];
        for j in (0..n_options).filter(|&j| chosen_flag[j]) {
            loss[j] = matrix
                .row(j)
                .iter()
                .filter(|&&d| count[d as usize] == 1)
                .fold(0.0, |t, &d| t + weights[d as usize]);
        }
        let mut by_loss: Vec<usize> = (0..n_options).filter(|&j| chosen_flag[j]).collect();
        by_loss.sort_by(|&a, &b| loss[a].total_cmp(&loss[b]).then(a.cmp(&b)));
        if by_loss.is_empty() {
            break;
        }

        let mut district_count = vec![0usize; rules.map_or(0, |r| r.n_districts())];
        if let Some(rules) = rules {
            for j in (0..n_options).filter(|&j| chosen_flag[j]) {
                if let Some(d) = rules.district_of(j as u32) {
                    district_count[d as usize] += 1;
                }
            }
        }
        // May `j` leave for `k` under the rules (conflicts aside)?
        let swap_allowed = |j: usize, k: usize| -> bool {
            let Some(rules) = rules else { return true };
            if rules.is_forced_in(j as u32) {
                return false;
            }
            let (dj, dk) = (rules.district_of(j as u32), rules.district_of(k as u32));
            dj == dk
                || (dk.is_none_or(|d| district_count[d as usize] < rules.max_of(d))
                    && dj.is_none_or(|d| district_count[d as usize] > rules.min_of(d)))
        };

        let best = (0..n_options)
            .into_par_iter()
            .filter(|&k| !chosen_flag[k] && rules.is_none_or(|r| !r.is_forced_out(k as u32)))
            .map_init(Vec::<(usize, f64)>::new, |touched, k| {
                // A chosen option that k excludes must be the one to leave;
                // two of them, and k cannot come in at all.
                let mut must_leave = None;
                if let Some(rules) = rules {
                    let mut clashing = rules
                        .conflicts_of(k as u32)
                        .iter()
                        .filter(|&&c| chosen_flag[c as usize]);
                    must_leave = clashing.next().map(|&c| c as usize);
                    if clashing.next().is_some() {
                        return None;
                    }
                }
                touched.clear();
                let mut gain = 0.0;
                for &d in matrix.row(k) {
                    let d = d as usize;
                    match count[d] {
                        0 => gain += weights[d],
                        1 => touched.push((owner_sum[d] as usize, weights[d])),
                        _ => {}
                    }
                }
                // Swapping out j also gives back the demand k shares with j alone.
                touched.sort_unstable_by_key(|&(j, _)| j);
                let mut best_out: Option<(f64, usize)> = None;
                let mut consider = |delta: f64, j: usize| {
                    let permitted = must_leave.is_none_or(|m| m == j) && swap_allowed(j, k);
                    if permitted && best_out.is_none_or(|(b, bj)| delta > b || (delta == b && j < bj)) {
                        best_out = Some((delta, j));
                    }
                };
                let mut start = 0;
                while start < touched.len() {
                    let j = touched[start].0;
                    let mut shared = 0.0;
                    let mut end = start;
                    while end < touched.len() && touched[end].0 == j {
                        shared += touched[end].1;
                        end += 1;
                    }
                    consider(gain + shared - loss[j], j);
                    start = end;
                }
                // The cheapest option to give up that shares nothing with k.
                let untouched = |j: &&usize| touched.binary_search_by_key(*j, |&(o, _)| o).is_err();
                if let Some(&j) = by_loss
                    .iter()
                    .filter(untouched)
                    .find(|&&j| must_leave.is_none_or(|m| m == j) && swap_allowed(j, k))
                {
                    consider(gain - loss[j], j);
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
        chosen_flag[j] = false;
        for &d in matrix.row(j) {
            count[d as usize] -= 1;
            owner_sum[d as usize] -= j as u64;
        }
        chosen_flag[k] = true;
        for &d in matrix.row(k) {
            count[d as usize] += 1;
            owner_sum[d as usize] += k as u64;
        }
    }
    (0..n_options as u32)
        .filter(|&j| chosen_flag[j as usize])
        .collect()
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
            let n_options = instance.n_options();
            if n_options < 2 {
                continue;
            }
            let p = 1 + rng.below(n_options as u64 - 1) as usize;
            let greedy = lazy_greedy(&instance, p).unwrap();
            let improved = improve(&instance, greedy.chosen(), 1000, None);
            let value = instance.covered_weight(&improved);
            assert!(value >= greedy.objective());
            assert!(value <= exhaustive::optimum(&instance, p).unwrap().objective());
            // No single swap improves it.
            for &out in &improved {
                for inn in (0..n_options as u32).filter(|k| !improved.contains(k)) {
                    let mut swapped: Vec<u32> = improved.iter().copied().filter(|&j| j != out).collect();
                    swapped.push(inn);
                    assert!(instance.covered_weight(&swapped) <= value + 1e-9);
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
        assert_eq!(improve(&instance, greedy.chosen(), 10, None), vec![0, 2]);
    }
}
