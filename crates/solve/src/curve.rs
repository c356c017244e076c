//! Coverage against the number of options: what the first k options of a
//! plan achieve, what no k options can beat, and where one more option
//! stops paying off (the knee).

use rayon::prelude::*;

use crate::{Error, Instance};

/// One point of a [`coverage_curve`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct CurvePoint {
    /// Number of options, k (1-based).
    pub options: usize,
    /// The objective of the first k options of the order.
    pub value: f64,
    /// No k options score more (see [`coverage_curve`]).
    pub upper_bound: f64,
}

/// The objective of every prefix of `order` (k = 1..=len), and for each k
/// an upper bound on what any k options can score.
///
/// The bound is Nemhauser, Wolsey and Fisher's for monotone submodular
/// functions: for any set S, no k options score more than f(S) plus the k
/// largest marginal gains with respect to S. It is taken at S = every
/// prefix of `order` (the empty one included), and the smallest is kept.
/// The objective with backup weights is submodular too, so it holds there.
/// It ignores side constraints, so it bounds constrained plans as well.
/// Every bound is also capped by the score of all options together, and
/// by the bound for any larger k (the best k options never score more than
/// the best k + 1).
///
/// The cost is one pass over the matrix and its transpose plus, per
/// bounded prefix, a partial sort of the options' gains: O(nnz + len ×
/// n_options) when every prefix is bounded. Past about 20 million such
/// steps only every few prefixes are (evenly spaced, the last always):
/// the bounds stay valid, a little looser, in a fraction of the time.
///
/// # Errors
///
/// [`Error::TooManyRequested`] if an option index is out of range.
///
/// # Examples
///
/// ```
/// use sightline_solve::{coverage_curve, CoverageMatrix, Instance};
///
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![1, 2], vec![3]])?;
/// let instance = Instance::new(matrix, vec![1.0, 1.0, 1.0, 5.0])?;
/// let curve = coverage_curve(&instance, &[2, 0])?;
/// assert_eq!((curve[0].value, curve[1].value), (5.0, 7.0));
/// // One option scores at most 5, two at most 7: both proven here.
/// assert_eq!((curve[0].upper_bound, curve[1].upper_bound), (5.0, 7.0));
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn coverage_curve(instance: &Instance, order: &[u32]) -> Result<Vec<CurvePoint>, Error> {
    curve_within(instance, order, CURVE_WORK)
}

/// [`coverage_curve`] with at most about `work` steps of bounding.
fn curve_within(instance: &Instance, order: &[u32], work: usize) -> Result<Vec<CurvePoint>, Error> {
    let n_options = instance.n_options();
    if let Some(&bad) = order.iter().find(|&&o| o as usize >= n_options) {
        return Err(Error::TooManyRequested {
            requested: bad as usize + 1,
            available: n_options,
        });
    }
    let matrix = instance.matrix();
    let by_demand = instance.columns();
    let mut times = vec![0u32; matrix.n_demand()];
    // Each option's marginal gain with respect to the current prefix:
    // each row summed in order, the rows in parallel.
    let mut gains: Vec<f64> = (0..n_options)
        .into_par_iter()
        .map(|o| {
            matrix
                .row(o)
                .iter()
                .fold(0.0, |t, &d| t + instance.gain_at(d as usize, 0))
        })
        .collect();
    let p = order.len();
    // No k options score more than all of them: `Instance::value` of
    // every option, each point's count read off the transpose.
    let everything = (0..matrix.n_demand()).fold(0.0, |total, d| {
        let times = by_demand.row(d).len();
        let first = if times >= 1 { instance.gain_at(d, 0) } else { 0.0 };
        total + first + if times >= 2 { instance.gain_at(d, 1) } else { 0.0 }
    });
    let mut bounds = vec![everything; p];
    let mut values = Vec::with_capacity(p);
    let mut value = 0.0;
    let mut scratch = Vec::with_capacity(n_options);
    // Each bounded prefix costs a pass over the options' gains: on big
    // instances, bound at every `stride`-th prefix only (and the last),
    // about `work` steps in all. Fewer prefixes give bounds as valid,
    // if looser; the stride depends only on the instance.
    let stride = (p.saturating_mul(n_options) / work.max(1)).max(1);
    // Adds option `next` to the prefix: what it adds, with every other
    // option's gain brought up to date.
    let add = |next: u32, times: &mut [u32], gains: &mut [f64]| -> f64 {
        let mut added = 0.0;
        for &d in matrix.row(next as usize) {
            let d = d as usize;
            let t = times[d];
            let lost = instance.gain_at(d, t) - instance.gain_at(d, t + 1);
            added += instance.gain_at(d, t);
            times[d] = t + 1;
            if lost != 0.0 {
                for &o in by_demand.row(d) {
                    gains[o as usize] -= lost;
                }
            }
        }
        added
    };
    for j in 0..=p {
        if j % stride == 0 || j == p {
            bound_at(value, &gains, p, &mut scratch, &mut bounds);
        }
        let Some(&next) = order.get(j) else { break };
        value += add(next, &mut times, &mut gains);
        values.push(value);
    }
    for k in (1..p).rev() {
        bounds[k - 1] = bounds[k - 1].min(bounds[k]);
    }
    Ok(values
        .into_iter()
        .zip(bounds)
        .enumerate()
        .map(|(k, (value, bound))| CurvePoint {
            options: k + 1,
            value,
            // Float drift in the gains must not put the bound below a value.
            upper_bound: bound.max(value),
        })
        .collect())
}

/// The work (option gains looked at) the curve's bounds may take: above
/// it, only every few prefixes are bounded (see [`coverage_curve`]).
const CURVE_WORK: usize = 20_000_000;

/// Lowers `bounds[k - 1]` to f(S) + the k largest of `gains` (those of
/// S's complement, w.r.t. S, whose value is `value`), for every k ≤ `p`
/// at once.
///
/// The gains are ranked by their bits: for numbers of one sign (negative
/// gains count as 0, and so does -0) those order as the numbers do, and
/// integers compare faster.
fn bound_at(value: f64, gains: &[f64], p: usize, scratch: &mut Vec<u64>, bounds: &mut [f64]) {
    scratch.clear();
    scratch.extend(gains.iter().map(|&g| if g > 0.0 { g.to_bits() } else { 0 }));
    let top = p.min(scratch.len());
    if top > 0 && top < scratch.len() {
        scratch.select_nth_unstable_by(top - 1, |a, b| b.cmp(a));
    }
    scratch.truncate(top);
    scratch.sort_unstable_by(|a, b| b.cmp(a));
    let mut sum = value;
    for (k, bound) in bounds.iter_mut().enumerate() {
        sum += scratch.get(k).map_or(0.0, |&bits| f64::from_bits(bits));
        *bound = bound.min(sum);
    }
}

/// The knee of a coverage curve, where one more option stops paying off:
/// the smallest k (1-based) such that option k + 1 adds less than `share`
/// times what option 1 added, or `None` when no option does (or option 1
/// added nothing).
///
/// `covered[k-1]` is what the first k options cover (a
/// [`CurvePoint::value`], in any unit: weight or percent). Option 1's gain
/// is `covered[0] - baseline`, measured from 0 without a baseline (what
/// was covered before any option, e.g. by existing cameras); option k's
/// gain is `covered[k-1] - covered[k-2]`.
///
/// # Examples
///
/// ```
/// use sightline_solve::knee;
///
/// // Gains: 10, 6, 2 (< 25% of 10), 1.
/// let covered = [60.0, 66.0, 68.0, 69.0];
/// assert_eq!(knee(&covered, Some(50.0), 0.25), Some(2));
/// assert_eq!(knee(&covered, Some(50.0), 0.05), None);
/// ```
pub fn knee(covered: &[f64], baseline: Option<f64>, share: f64) -> Option<usize> {
    let first_gain = covered.first()? - baseline.unwrap_or(0.0);
    if first_gain.is_nan() || first_gain <= 0.0 {
        return None;
    }
    covered
        .windows(2)
        .position(|pair| pair[1] - pair[0] < share * first_gain)
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CoverageMatrix, exhaustive};
    use proptest::prelude::*;

    fn instance() -> impl Strategy<Value = (Instance, Vec<u32>)> {
        (2usize..12, 1usize..9).prop_flat_map(|(n_demand, n_options)| {
            (
                proptest::collection::vec(
                    proptest::collection::btree_set(0..n_demand as u32, 0..5),
                    n_options,
                ),
                proptest::collection::vec(0u32..10, n_demand),
                proptest::collection::vec(0u32..=2, n_demand),
                Just(n_options),
            )
                .prop_flat_map(|(rows, weights, backup, n_options)| {
                    let order = Just((0..n_options as u32).collect::<Vec<_>>()).prop_shuffle();
                    (Just((rows, weights, backup)), order)
                })
                .prop_map(move |((rows, weights, backup), order)| {
                    let matrix = CoverageMatrix::from_rows(
                        n_demand,
                        rows.into_iter().map(|r| r.into_iter().collect::<Vec<_>>()),
                    )
                    .expect("valid rows");
                    let weights: Vec<f64> = weights.into_iter().map(f64::from).collect();
                    let backup: Vec<f64> = backup
                        .iter()
                        .zip(&weights)
                        .map(|(&b, &w)| (f64::from(b) * 0.5 * w).min(w))
                        .collect();
                    let instance = Instance::new(matrix, weights)
                        .and_then(|i| i.with_backup(backup))
                        .expect("valid instance");
                    (instance, order)
                })
        })
    }

    proptest! {
        #[test]
        fn values_are_prefix_values_and_bounds_hold((instance, order) in instance()) {
            let curve = coverage_curve(&instance, &order).unwrap();
            prop_assert_eq!(curve.len(), order.len());
            for point in &curve {
                let k = point.options;
                prop_assert!((point.value - instance.value(&order[..k])).abs() < 1e-9);
                let best = exhaustive::optimum(&instance, k).unwrap().objective();
                prop_assert!(point.upper_bound + 1e-9 >= best, "k {} bound {} best {}", k, point.upper_bound, best);
                prop_assert!(point.upper_bound >= point.value);
            }
        }

        /// Bounding only every few prefixes keeps the values and gives
        /// bounds that still hold, never tighter than bounding them all.
        #[test]
        fn fewer_bounded_prefixes_keep_valid_bounds((instance, order) in instance(), work in 1usize..40) {
            let all = coverage_curve(&instance, &order).unwrap();
            let few = curve_within(&instance, &order, work).unwrap();
            for (point, full) in few.iter().zip(&all) {
                let k = point.options;
                prop_assert!((point.value - full.value).abs() < 1e-9);
                let best = exhaustive::optimum(&instance, k).unwrap().objective();
                prop_assert!(point.upper_bound + 1e-9 >= best, "k {} bound {} best {}", k, point.upper_bound, best);
                prop_assert!(point.upper_bound + 1e-9 >= full.upper_bound);
            }
        }
    }

    #[test]
    fn knee_needs_a_first_gain() {
        assert_eq!(knee(&[], None, 0.25), None);
        // Camera 1 added nothing, or less than nothing.
        assert_eq!(knee(&[5.0, 6.0], Some(5.0), 0.25), None);
        assert_eq!(knee(&[4.0, 6.0], Some(5.0), 0.25), None);
        assert_eq!(knee(&[f64::NAN, 6.0], None, 0.25), None);
        // Without a baseline, camera 1's gain is measured from 0.
        assert_eq!(knee(&[10.0, 12.0, 12.5], None, 0.25), Some(1));
        // Gains 6.9, 4, 2, 1 (< 25% of 6.9): the knee is after camera 3.
        assert_eq!(knee(&[70.0, 74.0, 76.0, 77.0, 77.5], Some(63.1), 0.25), Some(3));
    }

    #[test]
    fn out_of_range_option_is_refused() {
        let matrix = CoverageMatrix::from_rows(1, [vec![0]]).unwrap();
        let instance = Instance::new(matrix, vec![1.0]).unwrap();
        assert!(coverage_curve(&instance, &[1]).is_err());
    }
}
