//! A smoothed Lagrangian bound minimised by accelerated projected
//! gradient steps.
//!
//! The Lagrangian bound of maximum coverage (see
//! [`lagrangian`](crate::lagrangian)) is
//! `L(λ) = Σ_i (w_i − λ_i) + (sum of the p largest v_j)`, a piecewise-linear
//! function: subgradient steps on it crawl. Replacing the sum of the `p`
//! largest `v_j` by its entropy-smoothed form
//!
//! ```text
//! max { Σ x_j v_j + τ Σ_j H(x_j) : 0 ≤ x ≤ 1, Σ x_j = p } = p μ + τ Σ_j ln(1 + e^{(v_j − μ)/τ}),
//! ```
//!
//! (`H` the binary entropy, `μ` the root of `Σ_j σ((v_j − μ)/τ) = p`)
//! gives a smooth function within `τ n ln 2` above `L`, whose gradient is
//! `−1 + Σ_{j covers i} x_j`, `x_j = σ((v_j − μ)/τ)`. Accelerated projected
//! gradient steps (Nesterov's, restarted when the momentum points uphill)
//! on it, with `τ` shrinking over the run, drive `L` down much faster than
//! subgradient steps. Only the exact `L` of the points visited is kept as
//! the bound: the smoothing only chooses where to look.
//!
//! Each step reads the entries twice: once for the `v_j` (and the exact
//! bound), once for the gradient (over the transpose, a gather per group).
//! Both are split in fixed pieces, so the multipliers are the same whatever
//! the thread count.

use crate::deadline::Deadline;

use rayon::prelude::*;

use crate::CoverageMatrix;
use crate::lagrangian::Subproblem;

/// Groups per piece of the per-group work (the gradient's gather, the
/// steps' sums): the same pieces whatever the thread count.
const CHUNK: usize = 1 << 14;

/// The passes over the entries one step reads.
pub(crate) const PASSES_PER_STEP: u64 = 2;

/// Steps from which a run aims at the LP relaxation's value (see
/// [`Schedule::for_steps`]).
pub(crate) const PRECISE_STEPS: usize = 400;

/// Tuning of a run, from its number of steps (never from the clock).
#[derive(Clone, Copy, Debug)]
struct Schedule {
    /// `τ` at the first and the last step, relative to the threshold `μ`
    /// of the start.
    first_tau: f64,
    last_tau: f64,
}

impl Schedule {
    /// Longer runs end with a smaller `τ` (a tighter approximation, which
    /// short runs cannot exploit): from [`PRECISE_STEPS`] on, forty times
    /// smaller, which brings the bound within a few units of the LP
    /// relaxation's on the large demo city (200,000 points) where the
    /// shorter runs' `τ` stalls tens of units above it.
    fn for_steps(steps: usize) -> Self {
        Self {
            first_tau: 0.1,
            last_tau: if steps <= 20 {
                0.01
            } else if steps < PRECISE_STEPS {
                0.002
            } else {
                0.00005
            },
        }
    }
}

/// The first step's length, times `τ` (the smoothed bound's curvature
/// grows as `1/τ`); later steps take [`SECANT`] times the inverse of the
/// curvature measured between the last two points (a Barzilai–Borwein
/// length), which adapts to the instance.
const FIRST_STEP: f64 = 0.015;
const SECANT: f64 = 0.5;

/// `μ` with `Σ_j σ((v_j − μ)/τ) = count`: Newton steps kept inside a
/// bracket (bisection when a step leaves it), from `start`.
fn threshold(values: &[f64], count: usize, tau: f64, start: f64) -> f64 {
    let target = count as f64;
    let (mut low, mut high) = (f64::NEG_INFINITY, f64::INFINITY);
    let mut mu = start;
    for _ in 0..60 {
        // In fixed pieces, summed in order: the same whatever the threads.
        let pieces: Vec<(f64, f64)> = values
            .par_chunks(CHUNK)
            .map(|piece| {
                piece.iter().fold((0.0, 0.0), |(total, slope), &v| {
                    let x = sigmoid((v - mu) / tau);
                    (total + x, slope + x * (1.0 - x))
                })
            })
            .collect();
        let (total, slope) = pieces
            .into_iter()
            .fold((0.0, 0.0), |(total, slope), (t, s)| (total + t, slope + s));
        let excess = total - target;
        if excess.abs() <= 1e-9 * target.max(1.0) {
            break;
        }
        // The sum falls as μ rises.
        if excess > 0.0 {
            low = mu;
        } else {
            high = mu;
        }
        let newton = mu + tau * excess / slope.max(1e-300);
        mu = if newton > low && newton < high {
            newton
        } else if low.is_finite() && high.is_finite() {
            0.5 * (low + high)
        } else if low.is_finite() {
            low + tau * excess.abs().max(1.0)
        } else {
            high - tau * excess.abs().max(1.0)
        };
    }
    mu
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The lowest Lagrangian bound `L(λ)` met in at most `steps` accelerated
/// projected gradient steps on the smoothed bound of `sub` from `lambda`
/// (every option free: `columns`, the transpose of the model's rows, maps
/// groups to options), with the relaxation's choice of options there;
/// stops early once the bound reaches `stop_at` or the `deadline` passes. Without backup weights or a budget only (the
/// groups' second covers are worth nothing).
pub(crate) fn descend(
    sub: &Subproblem<'_>,
    columns: &CoverageMatrix,
    lambda: &[f64],
    steps: usize,
    stop_at: f64,
    deadline: &Deadline,
) -> (f64, Vec<u32>) {
    let schedule = Schedule::for_steps(steps);
    let ceiling = sub.ceilings();
    let is_open = sub.open_mask();
    let count = sub.budget;
    let n = lambda.len();
    // The projection onto the multipliers' box: group g's between 0 and
    // its ceiling, 0 where it is closed.
    let project = |g: usize, l: f64| if is_open[g] { l.clamp(0.0, ceiling[g]) } else { 0.0 };
    let clamp = |l: &mut [f64]| {
        l.par_chunks_mut(CHUNK).enumerate().for_each(|(c, piece)| {
            for (i, l) in piece.iter_mut().enumerate() {
                *l = project(c * CHUNK + i, *l);
            }
        });
    };
    // `current` is the last point of the projected steps, `y` the point
    // ahead of it (with the momentum) where the gradient is taken.
    let mut current = lambda.to_vec();
    clamp(&mut current);
    let mut y = current.clone();
    let mut dual = sub.evaluate(&y);
    let mut best = dual.value;
    let mut best_chosen = dual.chosen.clone();
    let scale = dual.last_in().max(1e-9);
    let mut mu = dual.last_in();
    let mut gradient = vec![0.0; n];
    // The last step's y and gradient (none before the first step).
    let mut previous: Option<(Vec<f64>, Vec<f64>)> = None;
    let mut momentum = 1.0f64;
    for step in 0..steps {
        if best <= stop_at || count >= dual.values.len() || deadline.passed() {
            break;
        }
        let progress = if steps > 1 {
            step as f64 / (steps - 1) as f64
        } else {
            0.0
        };
        let tau = scale * schedule.first_tau * (schedule.last_tau / schedule.first_tau).powf(progress);
        // x_j at y (whose v_j `dual` holds), then the gradient, gathered
        // per group.
        mu = threshold(&dual.values, count, tau, mu);
        let x: Vec<f32> = dual
            .values
            .par_iter()
            .with_min_len(CHUNK)
            .map(|&v| sigmoid((v - mu) / tau) as f32)
            .collect();
        // The gradient, gathered per group; in the same pass (piece by
        // piece, each summed in order, the pieces in order) how far y
        // moved and the gradient turned since the last step, and the
        // last step's y and gradient brought up to date.
        let first = previous.is_none();
        let (last_y, last_gradient) = previous.get_or_insert_with(|| (vec![0.0; n], vec![0.0; n]));
        let pieces: Vec<(f64, f64)> = gradient
            .par_chunks_mut(CHUNK)
            .zip(last_y.par_chunks_mut(CHUNK))
            .zip(last_gradient.par_chunks_mut(CHUNK))
            .enumerate()
            .map(|(c, ((piece, last_y), last_gradient))| {
                let (mut moved, mut turned) = (0.0, 0.0);
                for (i, d) in piece.iter_mut().enumerate() {
                    let g = c * CHUNK + i;
                    *d = if is_open[g] {
                        columns
                            .row(g)
                            .iter()
                            .fold(-1.0, |total, &j| total + f64::from(x[j as usize]))
                    } else {
                        0.0
                    };
                    moved += (y[g] - last_y[i]).powi(2);
                    turned += (*d - last_gradient[i]).powi(2);
                    last_y[i] = y[g];
                    last_gradient[i] = *d;
                }
                (moved, turned)
            })
            .collect();
        let mut length = FIRST_STEP * tau;
        if !first {
            let (moved_2, turned_2) = pieces
                .into_iter()
                .fold((0.0, 0.0), |(m, t), (moved, turned)| (m + moved, t + turned));
            if moved_2 > 0.0 && turned_2 > 0.0 {
                length = SECANT * (moved_2 / turned_2).sqrt();
            }
        }
        // A projected step from y (and, in the same pass, whether it goes
        // against the momentum), then the momentum (restarted when it
        // does).
        let mut next = vec![0.0; n];
        let against: Vec<f64> = next
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(c, piece)| {
                let mut dot = 0.0;
                for (i, l) in piece.iter_mut().enumerate() {
                    let g = c * CHUNK + i;
                    *l = project(g, y[g] - length * gradient[g]);
                    dot += gradient[g] * (*l - current[g]);
                }
                dot
            })
            .collect();
        if against.into_iter().fold(0.0, |total, piece| total + piece) > 0.0 {
            momentum = 1.0;
        }
        let following = (1.0 + (1.0 + 4.0 * momentum * momentum).sqrt()) / 2.0;
        let beta = (momentum - 1.0) / following;
        momentum = following;
        y.par_chunks_mut(CHUNK).enumerate().for_each(|(c, piece)| {
            for (i, l) in piece.iter_mut().enumerate() {
                let g = c * CHUNK + i;
                *l = project(g, next[g] + beta * (next[g] - current[g]));
            }
        });
        current = next;
        dual = sub.evaluate(&y);
        if dual.value < best {
            best = dual.value;
            best_chosen.clone_from(&dual.chosen);
        }
    }
    (best, best_chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive;
    use crate::lagrangian::Model;
    use crate::test_instances::{Lcg, random_instance};

    /// The descent from `plan`'s dual-ascent start, with its start's bound.
    fn run(instance: &crate::Instance, p: usize, plan: &[u32], steps: usize) -> (f64, f64) {
        let model = Model::new(instance, p, None);
        let columns = instance.columns();
        let sub = Subproblem::new(&model, columns, &[], &vec![false; instance.n_options()]);
        let (_, lambda) = crate::dual_ascent::warm_start(&model, columns, plan).unwrap();
        let start = sub.evaluate(&lambda).value;
        (
            start,
            descend(
                &sub,
                columns,
                &lambda,
                steps,
                f64::NEG_INFINITY,
                &Deadline::never(),
            )
            .0,
        )
    }

    #[test]
    fn the_descent_never_passes_the_optimum_nor_its_start() {
        let mut rng = Lcg::new(29);
        for _ in 0..200 {
            let instance = random_instance(&mut rng, 9, 20, 7, |r| r.below(5) as f64);
            for p in 1..=instance.n_options().min(4) {
                let optimum = exhaustive::optimum(&instance, p).unwrap().objective();
                let greedy = crate::lazy_greedy(&instance, p).unwrap();
                for steps in [1, 5, 40, PRECISE_STEPS] {
                    let (start, bound) = run(&instance, p, greedy.chosen(), steps);
                    assert!(bound >= optimum - 1e-9, "bound {bound} < optimum {optimum}");
                    assert!(bound <= start, "bound {bound} above its start {start}");
                }
            }
        }
    }

    /// The LP relaxation's value of maximum coverage of `p` options, by
    /// the simplex.
    fn lp_value(instance: &crate::Instance, p: usize) -> f64 {
        use crate::simplex::{Outcome, Row, Simplex};
        let (n, m) = (instance.n_options(), instance.matrix().n_demand());
        let mut cost = vec![0.0; n];
        cost.extend(instance.weights().iter().map(|w| -w));
        let columns = instance.columns();
        // y_g ≤ Σ_{j covers g} x_j, Σ x_j = p, 0 ≤ x, y ≤ 1.
        let mut rows: Vec<Row> = (0..m)
            .map(|g| {
                let mut entries: Vec<(usize, f64)> =
                    columns.row(g).iter().map(|&j| (j as usize, -1.0)).collect();
                entries.push((n + g, 1.0));
                (entries, f64::NEG_INFINITY, 0.0)
            })
            .collect();
        rows.push(((0..n).map(|j| (j, 1.0)).collect(), p as f64, p as f64));
        let mut lp = Simplex::new(cost, vec![0.0; n + m], vec![1.0; n + m], &rows);
        assert_eq!(lp.solve(usize::MAX, &Deadline::never()), Outcome::Optimal);
        -lp.objective()
    }

    /// Discs over a strip of points, weights 1 to 3: an LP relaxation with
    /// fractional optima, as in a city.
    fn strip(n_options: usize, n_demand: usize, rng: &mut Lcg) -> crate::Instance {
        let mut at = |scale: f64| rng.below(1 << 30) as f64 / f64::from(1u32 << 30) * scale;
        let points: Vec<(f64, f64)> = (0..n_demand).map(|_| (at(100.0), at(10.0))).collect();
        let rows: Vec<Vec<u32>> = (0..n_options)
            .map(|_| {
                let (x, y) = (at(100.0), at(10.0));
                (0..n_demand as u32)
                    .filter(|&d| {
                        let (px, py) = points[d as usize];
                        (px - x).powi(2) + (py - y).powi(2) <= 4.0
                    })
                    .collect()
            })
            .collect();
        let weights = (0..n_demand).map(|d| (1 + d % 3) as f64).collect();
        crate::Instance::new(CoverageMatrix::from_rows(n_demand, rows).unwrap(), weights).unwrap()
    }

    #[test]
    fn a_long_descent_comes_close_to_the_lp_relaxation() {
        let mut rng = Lcg::new(37);
        for _ in 0..3 {
            let instance = strip(600, 4000, &mut rng);
            let p = 40;
            let lp = lp_value(&instance, p);
            let greedy = crate::lazy_greedy(&instance, p).unwrap();
            let (_, short) = run(&instance, p, greedy.chosen(), 150);
            let (_, long) = run(&instance, p, greedy.chosen(), PRECISE_STEPS + 200);
            println!(
                "LP {lp:.3}, 150 steps {short:.3}, {} steps {long:.3}",
                PRECISE_STEPS + 200
            );
            assert!(long >= lp - 1e-6 * lp, "{long} below the LP's {lp}");
            assert!(long - lp <= 2e-4 * lp, "{long} too far above the LP's {lp}");
            assert!(
                long - lp < (short - lp) / 2.0,
                "{long} not much closer to {lp} than {short}"
            );
        }
    }

    #[test]
    fn the_descent_is_the_same_whatever_the_thread_count() {
        // Enough groups for several pieces of CHUNK.
        let mut rng = Lcg::new(31);
        let n_demand = 3 * CHUNK + 100;
        let rows: Vec<Vec<u32>> = (0..2000)
            .map(|_| (0..40).map(|_| rng.below(n_demand as u64) as u32).collect())
            .collect();
        let weights = (0..n_demand).map(|_| 1.0 + rng.below(3) as f64).collect();
        let matrix = CoverageMatrix::from_rows(n_demand, rows).unwrap();
        let instance = crate::Instance::new(matrix, weights).unwrap();
        let greedy = crate::lazy_greedy(&instance, 50).unwrap();
        let bounds: Vec<(f64, f64)> = [1, 2]
            .into_iter()
            .map(|threads| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| run(&instance, 50, greedy.chosen(), 8))
            })
            .collect();
        assert_eq!(bounds[0].1.to_bits(), bounds[1].1.to_bits());
        // The steps never loosen the start's bound, and tighten a poor
        // start's (multipliers built around an arbitrary plan).
        assert!(bounds[0].1 <= bounds[0].0, "{:?}", bounds[0]);
        let arbitrary: Vec<u32> = (0..50).collect();
        let (start, descended) = run(&instance, 50, &arbitrary, 8);
        assert!(descended < start, "{descended} from {start}");
    }
}
