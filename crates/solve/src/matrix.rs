use rayon::prelude::*;

use crate::Error;

/// How many chunks of options [`CoverageMatrix::transpose`] sorts in
/// parallel.
const TRANSPOSE_CHUNKS: usize = 16;

/// How many demand points wide a window of [`CoverageMatrix::transpose`]
/// is: its stretch of the result (a few dozen options per point at 4
/// bytes, and an offset each) stays in a core's L2 cache.
const TRANSPOSE_WINDOW: usize = 16_384;

/// One entry of a matrix on its way to the transpose: an option and a
/// demand point, counted from the start of its window.
#[derive(Clone, Copy, Default)]
struct Entry {
    within: u32,
    option: u32,
}

/// Which demand points each option covers, as compressed sparse rows.
///
/// Row `o` lists, in ascending order and without repeats, the indices of
/// the demand points option `o` covers. Indices are `u32`, so one matrix
/// holds up to about four billion demand points; the weights live
/// separately, in an [`Instance`](crate::Instance).
///
/// # Examples
///
/// ```
/// use sightline_solve::CoverageMatrix;
///
/// let matrix = CoverageMatrix::from_rows(5, [vec![4, 0, 4], vec![], vec![2]])?;
/// assert_eq!(matrix.n_options(), 3);
/// assert_eq!(matrix.row(0), &[0, 4]); // sorted, repeats removed
/// assert_eq!(matrix.nnz(), 3);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageMatrix {
    n_demand: usize,
    offsets: Vec<usize>,
    demand: Vec<u32>,
}

impl CoverageMatrix {
    /// Builds a matrix from one list of covered demand indices per option.
    ///
    /// Each row is sorted and de-duplicated.
    ///
    /// # Errors
    ///
    /// [`Error::DemandOutOfRange`] if a row names a demand index
    /// `>= n_demand`; [`Error::TooManyDemandPoints`] if `n_demand` does not
    /// fit a `u32` index.
    pub fn from_rows<I, R>(n_demand: usize, rows: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[u32]>,
    {
        check_demand_count(n_demand)?;
        let mut offsets = vec![0];
        let mut demand = Vec::new();
        let mut row_buffer = Vec::new();
        for (option, row) in rows.into_iter().enumerate() {
            row_buffer.clear();
            row_buffer.extend_from_slice(row.as_ref());
            row_buffer.sort_unstable();
            row_buffer.dedup();
            check_row_range(option, &row_buffer, n_demand)?;
            demand.extend_from_slice(&row_buffer);
            offsets.push(demand.len());
        }
        Ok(Self {
            n_demand,
            offsets,
            demand,
        })
    }

    /// Builds a matrix from its compressed form: row `o` is
    /// `demand[offsets[o]..offsets[o + 1]]`.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedMatrix`] if `offsets` does not start at 0, is not
    /// non-decreasing or does not end at `demand.len()`, or if a row is not
    /// strictly increasing; [`Error::DemandOutOfRange`] for an index
    /// `>= n_demand`.
    pub fn from_csr(n_demand: usize, offsets: Vec<usize>, demand: Vec<u32>) -> Result<Self, Error> {
        check_demand_count(n_demand)?;
        let malformed = |reason: String| Err(Error::MalformedMatrix { reason });
        if offsets.first() != Some(&0) {
            return malformed("offsets must start with 0".into());
        }
        if offsets.last() != Some(&demand.len()) {
            return malformed(format!(
                "offsets end at {:?} but there are {} entries",
                offsets.last(),
                demand.len()
            ));
        }
        for (option, pair) in offsets.windows(2).enumerate() {
            if pair[0] > pair[1] {
                return malformed(format!("offsets decrease at option {option}"));
            }
            let row = &demand[pair[0]..pair[1]];
            if row.windows(2).any(|w| w[0] >= w[1]) {
                return malformed(format!("row {option} is not strictly increasing"));
            }
            check_row_range(option, row, n_demand)?;
        }
        Ok(Self {
            n_demand,
            offsets,
            demand,
        })
    }

    /// As [`from_csr`](Self::from_csr), for rows the caller built sorted
    /// and in range (checked in debug builds only).
    pub(crate) fn from_sorted_csr(n_demand: usize, offsets: Vec<usize>, demand: Vec<u32>) -> Self {
        debug_assert!(Self::from_csr(n_demand, offsets.clone(), demand.clone()).is_ok());
        Self {
            n_demand,
            offsets,
            demand,
        }
    }

    /// A matrix of `lengths.len()` rows over `n_demand` points, row `o`
    /// of `lengths[o]` entries written by `fill(o, row)` (ascending, in
    /// range: the caller's promise, checked in debug builds). The rows are
    /// filled in parallel, in fixed runs: the same matrix whatever the
    /// thread count.
    pub(crate) fn filled(
        n_demand: usize,
        lengths: &[usize],
        fill: impl Fn(usize, &mut [u32]) + Sync,
    ) -> Self {
        const RUN: usize = 2048;
        let mut offsets = Vec::with_capacity(lengths.len() + 1);
        offsets.push(0);
        for &length in lengths {
            offsets.push(offsets[offsets.len() - 1] + length);
        }
        let mut demand = vec![0u32; offsets[lengths.len()]];
        let mut runs = Vec::with_capacity(lengths.len().div_ceil(RUN));
        let mut rest = demand.as_mut_slice();
        for first in (0..lengths.len()).step_by(RUN) {
            let last = (first + RUN).min(lengths.len());
            let (run, tail) = std::mem::take(&mut rest).split_at_mut(offsets[last] - offsets[first]);
            runs.push((first..last, run));
            rest = tail;
        }
        runs.into_par_iter().for_each(|(rows, run)| {
            let base = offsets[rows.start];
            for o in rows {
                fill(o, &mut run[offsets[o] - base..offsets[o + 1] - base]);
            }
        });
        Self::from_sorted_csr(n_demand, offsets, demand)
    }

    /// Number of options (rows).
    pub fn n_options(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of demand points (columns).
    pub fn n_demand(&self) -> usize {
        self.n_demand
    }

    /// The row offsets and the demand of every row, concatenated: row
    /// `j` is `demand[offsets[j]..offsets[j + 1]]`.
    pub(crate) fn csr(&self) -> (&[usize], &[u32]) {
        (&self.offsets, &self.demand)
    }

    /// Number of (option, demand point) pairs stored.
    pub fn nnz(&self) -> usize {
        self.demand.len()
    }

    /// The demand points covered by `option`, ascending.
    ///
    /// # Panics
    ///
    /// If `option >= self.n_options()`.
    pub fn row(&self, option: usize) -> &[u32] {
        &self.demand[self.offsets[option]..self.offsets[option + 1]]
    }

    /// The transposed matrix: row `d` lists the options covering demand
    /// point `d`, ascending. Its `n_demand` is this matrix's number of
    /// options.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::CoverageMatrix;
    ///
    /// let m = CoverageMatrix::from_rows(3, [vec![0, 2], vec![2]])?;
    /// let t = m.transpose();
    /// assert_eq!((t.n_options(), t.n_demand()), (3, 2));
    /// assert_eq!(t.row(0), &[0]);
    /// assert_eq!(t.row(1), &[] as &[u32]);
    /// assert_eq!(t.row(2), &[0, 1]);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn transpose(&self) -> CoverageMatrix {
        // Two streaming passes instead of one random scatter over the
        // whole result: (1) each chunk of options sorts its entries by
        // the window of demand points they fall in (a counting sort into
        // a few dozen streams); (2) each window gathers its entries from
        // every chunk, in chunk order, and scatters them into its own
        // stretch of the result, small enough to stay in cache. Options
        // are visited in ascending order in both passes, so each new row
        // comes out sorted; the result does not depend on the chunking.
        let n = self.n_demand;
        let windows = n.div_ceil(TRANSPOSE_WINDOW).max(1);
        let n_options = self.n_options();
        let chunk = n_options.div_ceil(TRANSPOSE_CHUNKS).max(1);
        let sorted: Vec<(Vec<usize>, Vec<Entry>)> = (0..n_options)
            .step_by(chunk)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|first| {
                let options = first..(first + chunk).min(n_options);
                let entries = &self.demand[self.offsets[options.start]..self.offsets[options.end]];
                let mut starts = vec![0usize; windows + 1];
                for &d in entries {
                    starts[d as usize / TRANSPOSE_WINDOW + 1] += 1;
                }
                for w in 0..windows {
                    starts[w + 1] += starts[w];
                }
                let mut next = starts.clone();
                let mut by_window = vec![Entry::default(); entries.len()];
                for option in options {
                    for &d in self.row(option) {
                        let slot = &mut next[d as usize / TRANSPOSE_WINDOW];
                        by_window[*slot] = Entry {
                            within: (d as usize % TRANSPOSE_WINDOW) as u32,
                            option: option as u32,
                        };
                        *slot += 1;
                    }
                }
                (starts, by_window)
            })
            .collect();
        let in_window = |w: usize| {
            sorted
                .iter()
                .flat_map(move |(starts, e)| &e[starts[w]..starts[w + 1]])
        };
        let mut options = vec![0u32; self.demand.len()];
        let mut stretches = Vec::with_capacity(windows);
        let mut rest = options.as_mut_slice();
        for w in 0..windows {
            let size = sorted.iter().map(|(starts, _)| starts[w + 1] - starts[w]).sum();
            let (stretch, tail) = rest.split_at_mut(size);
            stretches.push(stretch);
            rest = tail;
        }
        let counts: Vec<Vec<usize>> = stretches
            .into_par_iter()
            .enumerate()
            .map(|(w, stretch)| {
                let width = (n - w * TRANSPOSE_WINDOW).min(TRANSPOSE_WINDOW);
                let mut counts = vec![0usize; width + 1];
                for entry in in_window(w) {
                    counts[entry.within as usize + 1] += 1;
                }
                for d in 0..width {
                    counts[d + 1] += counts[d];
                }
                let mut next = counts.clone();
                for entry in in_window(w) {
                    let slot = &mut next[entry.within as usize];
                    stretch[*slot] = entry.option;
                    *slot += 1;
                }
                counts
            })
            .collect();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for window in &counts {
            let base = offsets[offsets.len() - 1];
            offsets.extend(window[1..].iter().map(|&o| base + o));
        }
        CoverageMatrix {
            n_demand: n_options,
            offsets,
            demand: options,
        }
    }

    /// Where each row starts in [`entries`](Self::entries), and where the
    /// last one ends.
    pub(crate) fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// Every row's entries, one row after the other.
    pub(crate) fn entries(&self) -> &[u32] {
        &self.demand
    }

    /// Iterates over the rows in option order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        self.offsets.windows(2).map(|w| &self.demand[w[0]..w[1]])
    }
}

/// Checks the last (largest) index of a sorted row.
fn check_row_range(option: usize, sorted_row: &[u32], n_demand: usize) -> Result<(), Error> {
    match sorted_row.last() {
        Some(&last) if last as usize >= n_demand => Err(Error::DemandOutOfRange {
            option,
            demand: last,
            n_demand,
        }),
        _ => Ok(()),
    }
}

fn check_demand_count(n_demand: usize) -> Result<(), Error> {
    let max = u32::MAX as usize;
    if n_demand > max {
        return Err(Error::TooManyDemandPoints { n_demand, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_deduplicated() {
        let m = CoverageMatrix::from_rows(10, [vec![3, 1, 3, 2], vec![9, 0]]).unwrap();
        assert_eq!(m.row(0), &[1, 2, 3]);
        assert_eq!(m.row(1), &[0, 9]);
        assert_eq!(m.rows().count(), 2);
    }

    #[test]
    fn rows_filled_in_parallel_runs_are_the_rows() {
        // More rows than a few runs, empty ones among them.
        let rows: Vec<Vec<u32>> = (0..5_000u32)
            .map(|o| (0..o % 11).map(|k| (o + 7 * k) % 90).collect::<Vec<u32>>())
            .map(|mut row| {
                row.sort_unstable();
                row.dedup();
                row
            })
            .collect();
        let lengths: Vec<usize> = rows.iter().map(Vec::len).collect();
        let filled = CoverageMatrix::filled(90, &lengths, |o, row| row.copy_from_slice(&rows[o]));
        assert_eq!(filled, CoverageMatrix::from_rows(90, &rows).unwrap());
    }

    #[test]
    fn transpose_twice_is_the_identity() {
        let m = CoverageMatrix::from_rows(6, [vec![5, 1], vec![], vec![0, 1, 2, 3, 4, 5], vec![3]]).unwrap();
        let t = m.transpose();
        assert_eq!(t.nnz(), m.nnz());
        assert_eq!(t.transpose(), m);
    }

    #[test]
    fn transpose_matches_a_plain_scatter() {
        // Sizes around the number of parts, empty rows and columns.
        for n_demand in [0usize, 1, 3, 7, 8, 9, 50] {
            let rows: Vec<Vec<u32>> = (0..13u32)
                .map(|o| (0..n_demand as u32).filter(|d| (d * 7 + o * 3) % 5 < 2).collect())
                .collect();
            let m = CoverageMatrix::from_rows(n_demand, &rows).unwrap();
            let t = m.transpose();
            assert_eq!((t.n_options(), t.n_demand(), t.nnz()), (n_demand, 13, m.nnz()));
            for d in 0..n_demand {
                let expected: Vec<u32> = (0..13u32)
                    .filter(|&o| rows[o as usize].contains(&(d as u32)))
                    .collect();
                assert_eq!(t.row(d), expected.as_slice());
            }
        }
    }

    #[test]
    fn transpose_across_windows_and_chunks() {
        // More demand points than two windows, more options than chunks.
        let n_demand = 2 * TRANSPOSE_WINDOW + 77;
        let mut state = 7u64;
        let rows: Vec<Vec<u32>> = (0..3 * TRANSPOSE_CHUNKS + 5)
            .map(|o| {
                (0..o * 13)
                    .map(|_| {
                        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        ((state >> 33) % n_demand as u64) as u32
                    })
                    .collect()
            })
            .collect();
        let m = CoverageMatrix::from_rows(n_demand, &rows).unwrap();
        let mut expected = vec![Vec::new(); n_demand];
        for (o, row) in m.rows().enumerate() {
            for &d in row {
                expected[d as usize].push(o as u32);
            }
        }
        assert_eq!(
            m.transpose(),
            CoverageMatrix::from_rows(rows.len(), &expected).unwrap()
        );
    }

    #[test]
    fn out_of_range_is_an_error() {
        let err = CoverageMatrix::from_rows(3, [vec![0], vec![3]]).unwrap_err();
        assert_eq!(
            err,
            Error::DemandOutOfRange {
                option: 1,
                demand: 3,
                n_demand: 3
            }
        );
    }

    #[test]
    fn csr_is_validated() {
        assert!(CoverageMatrix::from_csr(3, vec![0, 2], vec![0, 2]).is_ok());
        assert!(CoverageMatrix::from_csr(3, vec![1, 2], vec![0, 2]).is_err());
        assert!(CoverageMatrix::from_csr(3, vec![0, 2], vec![2, 0]).is_err());
        assert!(CoverageMatrix::from_csr(3, vec![0, 3], vec![0, 2]).is_err());
        assert!(CoverageMatrix::from_csr(2, vec![0, 2], vec![0, 2]).is_err());
    }
}
