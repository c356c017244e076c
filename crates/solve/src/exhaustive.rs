//! Exact maximum coverage by enumerating every subset: a reference for
//! small instances, against which the fast solvers are tested.

use crate::{Error, Instance, Solution};

/// The largest number of subsets [`optimum`] will enumerate.
pub const MAX_SUBSETS: u128 = 5_000_000;

/// The best set of at most `count` options, by trying every subset of
/// exactly `min(count, n_options)` options (more options never cover
/// less). Among equally good subsets the lexicographically smallest wins.
///
/// The returned solution's gains are the marginal gains in ascending
/// option order.
///
/// # Errors
///
/// [`Error::TooManyRequested`] if `count` exceeds the number of options;
/// [`Error::TooLargeForExhaustive`] if there are more than
/// [`MAX_SUBSETS`] subsets.
///
/// # Examples
///
/// ```
/// use sightline_solve::{exhaustive, lazy_greedy, CoverageMatrix, Instance};
///
/// // Greedy takes the big middle option first and then can add only 1.
/// let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]])?;
/// let instance = Instance::new(matrix, vec![1.0; 6])?;
/// assert_eq!(lazy_greedy(&instance, 2)?.objective(), 5.0);
/// let best = exhaustive::optimum(&instance, 2)?;
/// assert_eq!(best.chosen(), &[0, 2]);
/// assert_eq!(best.objective(), 6.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn optimum(instance: &Instance, count: usize) -> Result<Solution, Error> {
    let n = instance.n_options();
    if count > n {
        return Err(Error::TooManyRequested {
            requested: count,
            available: n,
        });
    }
    let subsets = binomial(n, count);
    if subsets > MAX_SUBSETS {
        return Err(Error::TooLargeForExhaustive {
            subsets,
            limit: MAX_SUBSETS,
        });
    }
    let mut subset: Vec<u32> = (0..count as u32).collect();
    let mut best = (instance.value(&subset), subset.clone());
    while next_combination(&mut subset, n as u32) {
        let value = instance.value(&subset);
        if value > best.0 {
            best = (value, subset.clone());
        }
    }
    let chosen = best.1;
    let mut gains = Vec::with_capacity(chosen.len());
    let mut before = 0.0;
    for k in 1..=chosen.len() {
        let after = instance.value(&chosen[..k]);
        gains.push(after - before);
        before = after;
    }
    Ok(Solution::new(chosen, gains))
}

/// Advances `subset` (ascending indices below `n`) to the next combination
/// in lexicographic order; false when it was the last.
fn next_combination(subset: &mut [u32], n: u32) -> bool {
    let k = subset.len() as u32;
    for i in (0..subset.len()).rev() {
        if subset[i] < n - k + i as u32 {
            subset[i] += 1;
            for j in i + 1..subset.len() {
                subset[j] = subset[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

fn binomial(n: usize, k: usize) -> u128 {
    let k = k.min(n - k);
    let mut result: u128 = 1;
    for i in 0..k {
        result = result.saturating_mul((n - i) as u128) / (i as u128 + 1);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_all_visited() {
        let mut subset = vec![0, 1];
        let mut count = 1;
        while next_combination(&mut subset, 5) {
            count += 1;
        }
        assert_eq!(count, 10);
        assert_eq!(binomial(5, 2), 10);
        assert_eq!(binomial(40, 20), 137_846_528_820);
    }
}
