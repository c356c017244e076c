//! Lazy greedy maximum coverage.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::{Error, Instance, Solution};

/// Chooses up to `count` options greedily: each step takes the option that
/// adds the most still-uncovered weight (with backup weights: the most
/// value, second covers included), the lowest index among equals.
///
/// Gains only shrink as coverage grows (the objective is submodular), so a
/// gain computed in an earlier step is an upper bound on the current one.
/// The queue holds such stale bounds and recomputes only the option at its
/// top: the answer is the same as recomputing every gain at every step,
/// and usually far cheaper. The initial gains are computed in parallel;
/// each is a sequential sum over its row, so the result does not depend on
/// the thread count.
///
/// The search stops early when no option adds positive weight: a camera
/// that covers nothing new is not placed. The result's
/// [`objective`](Solution::objective) is at least `1 − 1/e` of the optimum.
///
/// # Errors
///
/// [`Error::TooManyRequested`] if `count` exceeds the number of options.
///
/// # Examples
///
/// ```
/// use sightline_solve::{lazy_greedy, CoverageMatrix, Instance};
///
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![2, 3], vec![1, 2]])?;
/// let instance = Instance::new(matrix, vec![1.0; 4])?;
/// let solution = lazy_greedy(&instance, 2)?;
/// assert_eq!(solution.chosen(), &[0, 1]); // option 2 ties with 0 but has the higher index
/// assert_eq!(solution.objective(), 4.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn lazy_greedy(instance: &Instance, count: usize) -> Result<Solution, Error> {
    let n_options = instance.n_options();
    if count > n_options {
        return Err(Error::TooManyRequested {
            requested: count,
            available: n_options,
        });
    }
    let matrix = instance.matrix();
    // How many chosen options cover each point (saturating: only 0, 1 and
    // "two or more" matter).
    let mut covered = vec![0u8; matrix.n_demand()];
    let gain_of = |option: usize, covered: &[u8]| -> f64 {
        matrix.row(option).iter().fold(0.0, |total, &d| {
            total + instance.gain_at(d as usize, u32::from(covered[d as usize]))
        })
    };

    let initial: Vec<f64> = (0..n_options)
        .into_par_iter()
        .map(|option| gain_of(option, &covered))
        .collect();
    let mut queue: BinaryHeap<Candidate> = initial
        .into_iter()
        .enumerate()
        .filter(|&(_, gain)| gain > 0.0)
        .map(|(option, gain)| Candidate {
            gain,
            option: option as u32,
            round: 0,
        })
        .collect();

    let mut chosen = Vec::with_capacity(count);
    let mut gains = Vec::with_capacity(count);
    while chosen.len() < count {
        let Some(top) = queue.pop() else { break };
        let round = chosen.len();
        if top.round == round {
            for &d in matrix.row(top.option as usize) {
                covered[d as usize] = covered[d as usize].saturating_add(1);
            }
            chosen.push(top.option);
            gains.push(top.gain);
            continue;
        }
        let gain = gain_of(top.option as usize, &covered);
        if gain > 0.0 {
            queue.push(Candidate {
                gain,
                option: top.option,
                round,
            });
        }
    }
    Ok(Solution::new(chosen, gains))
}

/// A queue entry: an option and its gain as of step `round`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    gain: f64,
    option: u32,
    round: usize,
}

impl Ord for Candidate {
    /// Larger gain first; among equal gains the lower option index first.
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then_with(|| other.option.cmp(&self.option))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CoverageMatrix, exhaustive};
    use proptest::prelude::*;

    /// Greedy the slow way: recompute every gain at every step, as a
    /// difference of objectives recomputed from scratch.
    fn plain_greedy(instance: &Instance, count: usize) -> Solution {
        let mut chosen: Vec<u32> = Vec::new();
        let mut gains = Vec::new();
        for _ in 0..count {
            let before = instance.value(&chosen);
            let mut best: Option<(f64, u32)> = None;
            for option in 0..instance.n_options() as u32 {
                if chosen.contains(&option) {
                    continue;
                }
                chosen.push(option);
                let gain = instance.value(&chosen) - before;
                chosen.pop();
                if gain > 0.0 && best.is_none_or(|(b, _)| gain > b) {
                    best = Some((gain, option));
                }
            }
            let Some((gain, option)) = best else { break };
            chosen.push(option);
            gains.push(gain);
        }
        Solution::new(chosen, gains)
    }

    fn instance_strategy() -> impl Strategy<Value = (Instance, usize)> {
        (1usize..12, 1usize..30).prop_flat_map(|(n_options, n_demand)| {
            let rows =
                proptest::collection::vec(proptest::collection::vec(0..n_demand as u32, 0..8), n_options);
            // Small integer weights make exact ties common.
            let weights = proptest::collection::vec(0u8..5, n_demand);
            // Backup factor 0 (none), 0.5 or 1 (a second cover is worth the first).
            (rows, weights, 0..=n_options, 0u8..4).prop_map(move |(rows, weights, count, backup)| {
                let matrix = CoverageMatrix::from_rows(n_demand, rows).unwrap();
                let weights = weights.into_iter().map(f64::from).collect();
                let instance = Instance::new(matrix, weights).unwrap();
                let instance = match backup {
                    0 => instance,
                    factor => instance.with_backup_factor(f64::from(factor - 1) / 2.0).unwrap(),
                };
                (instance, count)
            })
        })
    }

    proptest! {
        #[test]
        fn lazy_equals_plain_greedy((instance, count) in instance_strategy()) {
            let lazy = lazy_greedy(&instance, count).unwrap();
            let plain = plain_greedy(&instance, count);
            prop_assert_eq!(lazy, plain);
        }

        #[test]
        fn greedy_is_bounded_by_the_optimum((instance, count) in instance_strategy()) {
            let greedy = lazy_greedy(&instance, count).unwrap();
            let best = exhaustive::optimum(&instance, count).unwrap();
            prop_assert!(greedy.objective() <= best.objective() + 1e-9);
            let bound = (1.0 - (-1.0f64).exp()) * best.objective();
            prop_assert!(greedy.objective() >= bound - 1e-9);
            prop_assert!((instance.value(greedy.chosen()) - greedy.objective()).abs() < 1e-9);
        }
    }

    #[test]
    fn too_many_is_an_error() {
        let matrix = CoverageMatrix::from_rows(1, [vec![0]]).unwrap();
        let instance = Instance::new(matrix, vec![1.0]).unwrap();
        assert_eq!(
            lazy_greedy(&instance, 2),
            Err(Error::TooManyRequested {
                requested: 2,
                available: 1
            })
        );
    }

    #[test]
    fn stops_when_nothing_is_left_to_cover() {
        let matrix = CoverageMatrix::from_rows(2, [vec![0, 1], vec![0], vec![1]]).unwrap();
        let instance = Instance::new(matrix, vec![1.0, 1.0]).unwrap();
        let solution = lazy_greedy(&instance, 3).unwrap();
        assert_eq!(solution.chosen(), &[0]);
    }

    #[test]
    fn same_answer_on_one_thread() {
        let rows: Vec<Vec<u32>> = (0..200u32)
            .map(|o| (0..50).map(|k| (o * 7 + k * 13) % 1000).collect())
            .collect();
        let matrix = CoverageMatrix::from_rows(1000, rows).unwrap();
        let weights = (0..1000).map(|d| f64::from(d % 17) * 0.1).collect();
        let instance = Instance::new(matrix, weights).unwrap();
        let default = lazy_greedy(&instance, 30).unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let single = pool.install(|| lazy_greedy(&instance, 30).unwrap());
        assert_eq!(default, single);
    }
}
