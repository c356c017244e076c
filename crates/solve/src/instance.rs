use crate::{CoverageMatrix, Error};

/// A weighted maximum-coverage instance: a [`CoverageMatrix`] and one
/// non-negative weight per demand point.
///
/// Demand that is already covered (by existing cameras, say) should simply
/// not appear in any row, or carry weight zero: the solvers count only what
/// the chosen options add.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Instance};
///
/// let matrix = CoverageMatrix::from_rows(3, [vec![0, 1], vec![1, 2]])?;
/// let instance = Instance::new(matrix, vec![2.0, 1.0, 4.0])?;
/// assert_eq!(instance.covered_weight(&[0, 1]), 7.0);
/// assert_eq!(instance.covered_weight(&[1]), 5.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    matrix: CoverageMatrix,
    weights: Vec<f64>,
}

impl Instance {
    /// Bundles a matrix with its demand weights.
    ///
    /// # Errors
    ///
    /// [`Error::WeightCount`] if there is not exactly one weight per demand
    /// point; [`Error::BadWeight`] for a negative, NaN or infinite weight.
    pub fn new(matrix: CoverageMatrix, weights: Vec<f64>) -> Result<Self, Error> {
        if weights.len() != matrix.n_demand() {
            return Err(Error::WeightCount {
                weights: weights.len(),
                n_demand: matrix.n_demand(),
            });
        }
        if let Some((demand, &weight)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !w.is_finite() || **w < 0.0)
        {
            return Err(Error::BadWeight { demand, weight });
        }
        Ok(Self { matrix, weights })
    }

    /// The coverage matrix.
    pub fn matrix(&self) -> &CoverageMatrix {
        &self.matrix
    }

    /// The demand weights, one per demand point.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Number of options.
    pub fn n_options(&self) -> usize {
        self.matrix.n_options()
    }

    /// Total weight of the demand points covered by at least one of
    /// `options`, recomputed from scratch (each point counted once).
    ///
    /// # Panics
    ///
    /// If an option index is out of range.
    pub fn covered_weight(&self, options: &[u32]) -> f64 {
        let mut covered = vec![false; self.matrix.n_demand()];
        for &option in options {
            for &d in self.matrix.row(option as usize) {
                covered[d as usize] = true;
            }
        }
        covered
            .iter()
            .zip(&self.weights)
            .filter(|(c, _)| **c)
            .fold(0.0, |total, (_, w)| total + w)
    }
}
