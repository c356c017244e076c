//! Exact maximum coverage: depth-first branch and bound on options, with
//! Lagrangian bounds at every node and reduced-cost fixing.

use std::time::Instant;

use crate::CoverageMatrix;
use crate::lagrangian::Subproblem;

/// Subgradient steps at the root and at every other node.
const ROOT_ITERATIONS: usize = 10000;
const NODE_ITERATIONS: usize = 60;

/// Limits on the search.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub deadline: Option<Instant>,
    pub max_nodes: Option<u64>,
}

/// What the search proved.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// The best set of options found, ascending.
    pub chosen: Vec<u32>,
    /// An upper bound on the optimum (equal to `objective` when proven).
    pub upper_bound: f64,
    /// True when the search finished: `chosen` is optimal.
    pub proven: bool,
    /// Nodes evaluated.
    pub nodes: u64,
}

struct Node {
    fixed_in: Vec<u32>,
    fixed_out: Vec<bool>,
    /// An upper bound inherited from the parent.
    bound: f64,
}

/// Searches for the best `count` options of `rows`, starting from the
/// feasible `start` (e.g. a local-search plan) with value `start_value`.
pub(crate) fn search(
    rows: &CoverageMatrix,
    weights: &[f64],
    count: usize,
    start: Vec<u32>,
    start_value: f64,
    limits: Limits,
) -> Outcome {
    let columns = rows.transpose();
    let integral = weights.iter().all(|w| w.fract() == 0.0) && weights.iter().sum::<f64>() < 2f64.powi(52);
    // A node is pruned when its bound cannot beat the incumbent: with
    // integer weights, when it is below the incumbent plus one.
    let cannot_improve = |bound: f64, incumbent: f64| {
        if integral {
            bound < incumbent + 1.0 - 1e-6
        } else {
            bound <= incumbent + 1e-9 * incumbent.abs().max(1.0)
        }
    };
    let mut best = (start_value, start);
    let mut lambda = weights.to_vec();
    let mut stack = vec![Node {
        fixed_in: Vec::new(),
        fixed_out: vec![false; rows.n_options()],
        bound: f64::INFINITY,
    }];
    let mut nodes = 0u64;
    let mut root_bound = f64::INFINITY;
    let mut stopped = false;

    while let Some(mut node) = stack.pop() {
        if cannot_improve(node.bound, best.0) {
            continue;
        }
        let out_of_time = limits.deadline.is_some_and(|d| Instant::now() >= d);
        if out_of_time || limits.max_nodes.is_some_and(|m| nodes >= m) {
            stack.push(node);
            stopped = true;
            break;
        }
        nodes += 1;
        let subproblem = Subproblem::new(rows, &columns, weights, count, &node.fixed_in, &node.fixed_out);
        if subproblem.is_settled() {
            if subproblem.constant > best.0 {
                let mut chosen = node.fixed_in.clone();
                chosen.sort_unstable();
                best = (subproblem.constant, chosen);
            }
            continue;
        }
        let iterations = if nodes == 1 {
            ROOT_ITERATIONS
        } else {
            NODE_ITERATIONS
        };
        let stop_at = if integral { best.0 + 1.0 - 1e-6 } else { best.0 };
        let optimised = subproblem.optimise(&mut lambda, best.0, stop_at, iterations, limits.deadline);
        if let Some((value, free_chosen)) = optimised.primal
            && value > best.0
        {
            let mut chosen = node.fixed_in.clone();
            chosen.extend(free_chosen);
            chosen.sort_unstable();
            best = (value, chosen);
        }
        let dual = optimised.dual;
        let bound = node.bound.min(dual.value);
        if nodes == 1 {
            root_bound = bound;
        }
        if cannot_improve(bound, best.0) {
            continue;
        }

        // Reduced-cost fixing: forcing an option in (out) changes the
        // subproblem's value by exactly the swap with the weakest chosen
        // (strongest unchosen) option.
        let mut fixed_any = false;
        for (k, &j) in subproblem.free.iter().enumerate() {
            let v = dual.values[k];
            if dual.chosen.binary_search(&j).is_ok() {
                if cannot_improve(dual.value - v + dual.first_out, best.0) {
                    node.fixed_in.push(j);
                    fixed_any = true;
                }
            } else if cannot_improve(dual.value - dual.last_in + v, best.0) {
                node.fixed_out[j as usize] = true;
                fixed_any = true;
            }
        }
        node.bound = bound;
        if fixed_any {
            stack.push(node);
            continue;
        }

        // Branch on the chosen free option with the largest value: first
        // with it (a dive towards a good plan), then without.
        let branch = dual
            .chosen
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let va = dual.values[subproblem.free.binary_search(&a).unwrap_or(0)];
                let vb = dual.values[subproblem.free.binary_search(&b).unwrap_or(0)];
                va.total_cmp(&vb).then(b.cmp(&a))
            })
            .unwrap_or(subproblem.free[0]);
        let mut without = Node {
            fixed_in: node.fixed_in.clone(),
            fixed_out: node.fixed_out.clone(),
            bound,
        };
        without.fixed_out[branch as usize] = true;
        stack.push(without);
        node.fixed_in.push(branch);
        stack.push(node);
    }

    let open_bound = stack.iter().map(|n| n.bound).fold(f64::NEG_INFINITY, f64::max);
    let proven = !stopped;
    let upper_bound = if proven {
        best.0
    } else {
        open_bound.min(root_bound).max(best.0)
    };
    Outcome {
        chosen: best.1,
        upper_bound,
        proven,
        nodes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive;
    use crate::test_instances::{Lcg, random_instance};

    #[test]
    fn equals_exhaustive_search_on_small_instances() {
        let mut rng = Lcg::new(3);
        for case in 0..300 {
            // Fractional weights in half the cases, to exercise both pruning rules.
            let weight = |r: &mut Lcg| {
                if case % 2 == 0 {
                    r.below(6) as f64
                } else {
                    r.below(600) as f64 / 97.0
                }
            };
            let instance = random_instance(&mut rng, 12, 30, 8, weight);
            let (matrix, weights) = (instance.matrix(), instance.weights());
            let n_options = matrix.n_options();
            for p in 1..=n_options.min(5) {
                let best = exhaustive::optimum(&instance, p).unwrap().objective();
                let limits = Limits {
                    deadline: None,
                    max_nodes: None,
                };
                let outcome = search(matrix, weights, p, Vec::new(), 0.0, limits);
                assert!(outcome.proven);
                let objective = instance.covered_weight(&outcome.chosen);
                assert!(
                    (objective - best).abs() < 1e-9,
                    "case {case} p {p}: {objective} vs {best}"
                );
                assert!((outcome.upper_bound - best).abs() < 1e-9);
                assert!(outcome.chosen.len() <= p);
            }
        }
    }
}
