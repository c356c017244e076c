use rayon::prelude::*;

use crate::Error;

/// How many parts of the demand range [`CoverageMatrix::transpose`]
/// transposes in parallel.
const TRANSPOSE_PARTS: usize = 8;

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
        // The demand range is cut into parts, each transposed on its own
        // into its own stretch of the result: the rows are sorted, so a
        // part's entries of a row are found by binary search. The result
        // does not depend on how the range is cut.
        let n = self.n_demand;
        let parts = TRANSPOSE_PARTS.min(n.max(1));
        let bounds: Vec<usize> = (0..=parts).map(|k| k * n / parts).collect();
        let pieces: Vec<(Vec<usize>, Vec<u32>)> = (0..parts)
            .into_par_iter()
            .map(|k| {
                let (lo, hi) = (bounds[k] as u32, bounds[k + 1] as u32);
                let part_of = |row: &[u32]| {
                    let start = row.partition_point(|&d| d < lo);
                    let end = start + row[start..].partition_point(|&d| d < hi);
                    (start, end)
                };
                let width = (hi - lo) as usize;
                let mut offsets = vec![0usize; width + 1];
                for row in self.rows() {
                    let (start, end) = part_of(row);
                    for &d in &row[start..end] {
                        offsets[(d - lo) as usize + 1] += 1;
                    }
                }
                for d in 0..width {
                    offsets[d + 1] += offsets[d];
                }
                let mut next = offsets.clone();
                let mut options = vec![0u32; offsets[width]];
                // Options are visited in ascending order, so each new row
                // comes out sorted.
                for (option, row) in self.rows().enumerate() {
                    let (start, end) = part_of(row);
                    for &d in &row[start..end] {
                        let slot = &mut next[(d - lo) as usize];
                        options[*slot] = option as u32;
                        *slot += 1;
                    }
                }
                (offsets, options)
            })
            .collect();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut options = Vec::with_capacity(self.demand.len());
        for (part_offsets, part_options) in pieces {
            let base = options.len();
            offsets.extend(part_offsets[1..].iter().map(|&o| base + o));
            options.extend_from_slice(&part_options);
        }
        CoverageMatrix {
            n_demand: self.n_options(),
            offsets,
            demand: options,
        }
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
