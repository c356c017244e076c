//! Dual ascent: good Lagrangian multipliers for maximum coverage in a few
//! sweeps, as the warm start of the smoothed steps
//! ([`smoothed`](crate::smoothed)).
//!
//! For a threshold `μ`, any `λ` with `0 ≤ λ_i ≤ w_i` and every
//! `v_j = Σ_{i covered by j} λ_i ≤ μ` bounds the optimum by
//! `Σ (w_i − λ_i) + p μ` (the Lagrangian bound with the `p` largest `v_j`
//! replaced by `p μ`, which is no smaller), and the best such `λ` for the
//! best `μ` reaches the LP relaxation's value. Erlenkotter's dual ascent
//! for facility location (the same problem with opening cost `μ`) builds
//! a good one in one sweep: raise each `λ_i` in turn as far as its
//! options' slack allows. The order follows the plan being certified
//! (complementary slackness wants `λ_i = w_i` on demand it leaves
//! uncovered and `λ_i = 0` on demand it covers twice): uncovered demand
//! first, then demand covered once, then the rest, each class by how few
//! options cover it (a group covered by few options uses up the slack of
//! few). The exact Lagrangian bound of the result is what counts, and
//! `μ` is chosen by a search, two sweeps at a time, around the best gain
//! the plan leaves on the table (for a greedy plan, its next gain), each
//! sweep's bound read from its slack (no second pass).
//!
//! Every sweep is sequential: the same multipliers whatever the thread
//! count.

use rayon::prelude::*;

use crate::CoverageMatrix;
use crate::lagrangian::Model;

/// Rounds of the search for `μ`, two sweeps each.
const ROUNDS: usize = 3;
/// The search interval for `μ`, relative to the best gain the plan leaves.
const LOW: f64 = 0.8;
const HIGH: f64 = 1.6;

/// Multipliers for `model` warm-started from `plan` (options of the
/// model), with their Lagrangian bound (up to rounding: the caller
/// evaluates it afresh); `None` with backup weights or a
/// budget (the caller then starts from `λ = w`). `columns` is the
/// transpose of the model's rows.
pub(crate) fn warm_start(
    model: &Model<'_>,
    columns: &CoverageMatrix,
    plan: &[u32],
) -> Option<(f64, Vec<f64>)> {
    if !model.warm_starts() || model.count == 0 {
        return None;
    }
    let rows = model.rows;
    let weights = model.weights;
    // How often the plan covers each group: 0, 1, or 2 for more.
    let mut times = vec![0u8; rows.n_demand()];
    for &j in plan {
        for &g in rows.row(j as usize) {
            times[g as usize] = (times[g as usize] + 1).min(2);
        }
    }
    let order = ascent_order(columns, &times);
    // The best gain of an option outside the plan.
    let left = (0..rows.n_options())
        .into_par_iter()
        .map(|j| {
            rows.row(j)
                .iter()
                .filter(|&&g| times[g as usize] == 0)
                .fold(0.0, |total, &g| total + weights[g as usize])
        })
        .reduce(|| 0.0, f64::max);
    let centre = if left > 0.0 {
        left
    } else {
        weights.iter().sum::<f64>() / model.count as f64
    };
    let ascend_at = |mu: f64| ascend(columns, rows.n_options(), weights, model.count, mu, &order);
    // A search on the (roughly convex) bound as a function of μ, two
    // sweeps at a time (one per core): the thirds of the interval first,
    // then the midpoints either side of the best point so far, halving the
    // interval around it. The comparisons, not the threads, decide: the
    // same μ and multipliers whatever the thread count.
    let (mut low, mut high) = (LOW * centre, HIGH * centre);
    let (a, b) = (low + (high - low) / 3.0, low + 2.0 * (high - low) / 3.0);
    let (at_a, at_b) = rayon::join(|| ascend_at(a), || ascend_at(b));
    let (mut mu, mut best) = if at_a.0 <= at_b.0 {
        high = b;
        (a, at_a)
    } else {
        low = a;
        (b, at_b)
    };
    for _ in 1..ROUNDS {
        let (a, b) = ((low + mu) / 2.0, (mu + high) / 2.0);
        let (at_a, at_b) = rayon::join(|| ascend_at(a), || ascend_at(b));
        let half = (high - low) / 4.0;
        if at_a.0 < best.0 && at_a.0 <= at_b.0 {
            (mu, best) = (a, at_a);
        } else if at_b.0 < best.0 {
            (mu, best) = (b, at_b);
        }
        (low, high) = (mu - half, mu + half);
    }
    Some(best)
}

/// The groups in the order dual ascent raises them: by `class` (0
/// first), then fewest covering options first, then by index (a counting
/// sort).
fn ascent_order(columns: &CoverageMatrix, class: &[u8]) -> Vec<u32> {
    let stride = columns.n_demand() + 1;
    let key = |g: usize| columns.row(g).len() + stride * usize::from(class[g]);
    let n_groups = columns.n_options();
    let mut starts = vec![0usize; 3 * stride + 1];
    for g in 0..n_groups {
        starts[key(g) + 1] += 1;
    }
    for k in 0..3 * stride {
        starts[k + 1] += starts[k];
    }
    let mut order = vec![0u32; n_groups];
    for g in 0..n_groups {
        let slot = &mut starts[key(g)];
        order[*slot] = g as u32;
        *slot += 1;
    }
    order
}

/// Multipliers from one dual-ascent sweep at threshold `mu` over the
/// groups in `order`, and (up to rounding) their Lagrangian bound for
/// `count` options.
fn ascend(
    columns: &CoverageMatrix,
    n_options: usize,
    weights: &[f64],
    count: usize,
    mu: f64,
    order: &[u32],
) -> (f64, Vec<f64>) {
    let mut slack = vec![mu; n_options];
    let mut lambda = vec![0.0; weights.len()];
    for &g in order {
        let g = g as usize;
        let options = columns.row(g);
        let room = options
            .iter()
            .fold(weights[g], |room, &j| room.min(slack[j as usize]))
            .max(0.0);
        if room > 0.0 {
            for &j in options {
                slack[j as usize] -= room;
            }
        }
        lambda[g] = room;
    }
    // The option values are what the slack lost: `μ − slack`. Rounding
    // makes this an estimate, good enough to choose `μ`; the bound that
    // certifies is computed afresh from `λ` by the smoothed steps.
    let open = weights
        .iter()
        .zip(&lambda)
        .fold(0.0, |total, (w, l)| total + (w - l));
    for v in &mut slack {
        *v = mu - *v;
    }
    let take = count.min(n_options);
    if take > 0 && take < n_options {
        slack.select_nth_unstable_by(take - 1, |a, b| b.total_cmp(a));
    }
    let top = slack[..take].iter().fold(0.0, |total, v| total + v);
    (open + top, lambda)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive;
    use crate::test_instances::{Lcg, random_instance};

    #[test]
    fn warm_bounds_are_never_below_the_optimum() {
        let mut rng = Lcg::new(23);
        for _ in 0..300 {
            let instance = random_instance(&mut rng, 9, 20, 7, |r| r.below(5) as f64);
            let columns = instance.matrix().transpose();
            for p in 1..=instance.n_options().min(4) {
                let optimum = exhaustive::optimum(&instance, p).unwrap();
                let model = Model::new(&instance, p, None);
                // From the optimal plan and from an arbitrary one.
                let arbitrary: Vec<u32> = (0..p as u32).collect();
                for plan in [optimum.chosen(), &arbitrary[..]] {
                    let (bound, lambda) = warm_start(&model, &columns, plan).unwrap();
                    assert!(
                        bound >= optimum.objective() - 1e-9,
                        "bound {bound} < optimum {}",
                        optimum.objective()
                    );
                    assert!(
                        lambda
                            .iter()
                            .zip(instance.weights())
                            .all(|(l, w)| (0.0..=*w).contains(l))
                    );
                }
            }
        }
    }

    #[test]
    fn backup_weights_and_budgets_are_left_to_the_plain_start() {
        let mut rng = Lcg::new(5);
        let instance = random_instance(&mut rng, 9, 20, 7, |r| r.below(5) as f64);
        let columns = instance.matrix().transpose();
        let backup = instance.clone().with_backup_factor(0.5).unwrap();
        assert!(warm_start(&Model::new(&backup, 1, None), &columns, &[0]).is_none());
        assert!(warm_start(&Model::new(&instance, 1, None), &columns, &[0]).is_some());
    }

    #[test]
    fn the_ascent_leaves_no_option_above_the_threshold() {
        let mut rng = Lcg::new(7);
        for _ in 0..100 {
            let instance = random_instance(&mut rng, 9, 20, 7, |r| 1.0 + r.below(5) as f64);
            let columns = instance.matrix().transpose();
            let order = ascent_order(&columns, &vec![0; instance.matrix().n_demand()]);
            let (bound, lambda) = ascend(&columns, instance.n_options(), instance.weights(), 1, 3.0, &order);
            for row in instance.matrix().rows() {
                let v: f64 = row.iter().map(|&g| lambda[g as usize]).sum();
                assert!(v <= 3.0 + 1e-9, "v = {v}");
            }
            let total: f64 = instance.weights().iter().sum::<f64>() - lambda.iter().sum::<f64>();
            assert!(bound <= total + 3.0 + 1e-9);
        }
    }
}
