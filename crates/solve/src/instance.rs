use std::fmt;
use std::sync::OnceLock;

use crate::{CoverageMatrix, Error};

/// A weighted maximum-coverage instance: a [`CoverageMatrix`] and one
/// non-negative weight per demand point.
///
/// Demand that is already covered (by existing cameras, say) should simply
/// not appear in any row, or carry weight zero: the solvers count only what
/// the chosen options add.
///
/// With [`with_backup`](Self::with_backup) a demand point covered by two or
/// more chosen options counts again, with its backup weight: backup
/// coverage (Hogan and ReVelle's BACOP), for demand that should still be
/// seen when one camera fails or is blocked.
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
#[derive(Clone)]
pub struct Instance {
    matrix: CoverageMatrix,
    weights: Vec<f64>,
    /// Extra value of a second cover, per demand point (`None`: none).
    backup: Option<Vec<f64>>,
    /// The transposed matrix, built on first use and shared by every
    /// stage that needs it (reductions, bounds, the coverage curve).
    columns: OnceLock<CoverageMatrix>,
}

impl PartialEq for Instance {
    /// Equal matrices, weights and backup weights (whether the transpose
    /// was built yet does not matter).
    fn eq(&self, other: &Self) -> bool {
        self.matrix == other.matrix && self.weights == other.weights && self.backup == other.backup
    }
}

impl fmt::Debug for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instance")
            .field("matrix", &self.matrix)
            .field("weights", &self.weights)
            .field("backup", &self.backup)
            .finish_non_exhaustive()
    }
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
        Ok(Self {
            matrix,
            weights,
            backup: None,
            columns: OnceLock::new(),
        })
    }

    /// Gives each demand point a backup weight: what it adds when a second
    /// chosen option covers it. A point's backup weight may not exceed its
    /// weight (a second camera is worth no more than the first; this keeps
    /// the objective submodular, which greedy's guarantee and the bounds
    /// rely on).
    ///
    /// # Errors
    ///
    /// [`Error::WeightCount`] unless there is one backup weight per demand
    /// point; [`Error::BadBackup`] for one that is negative, not finite or
    /// above its point's weight.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::{CoverageMatrix, Instance};
    ///
    /// let matrix = CoverageMatrix::from_rows(2, [vec![0, 1], vec![1]])?;
    /// let instance = Instance::new(matrix, vec![4.0, 2.0])?.with_backup(vec![2.0, 1.0])?;
    /// // Point 1 is seen twice: 4 + 2, plus its backup weight 1.
    /// assert_eq!(instance.value(&[0, 1]), 7.0);
    /// assert_eq!(instance.covered_weight(&[0, 1]), 6.0);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn with_backup(self, backup: Vec<f64>) -> Result<Self, Error> {
        if backup.len() != self.weights.len() {
            return Err(Error::WeightCount {
                weights: backup.len(),
                n_demand: self.weights.len(),
            });
        }
        if let Some(demand) = (0..backup.len())
            .find(|&d| !(backup[d].is_finite() && backup[d] >= 0.0 && backup[d] <= self.weights[d]))
        {
            return Err(Error::BadBackup {
                demand,
                backup: backup[demand],
                weight: self.weights[demand],
            });
        }
        Ok(Self {
            backup: Some(backup),
            ..self
        })
    }

    /// Backup weights that are `factor` times the weights: a second cover
    /// is worth `factor` of the first.
    ///
    /// # Errors
    ///
    /// [`Error::BadBackupFactor`] unless `0 ≤ factor ≤ 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::{CoverageMatrix, Instance};
    ///
    /// let matrix = CoverageMatrix::from_rows(1, [vec![0], vec![0]])?;
    /// let instance = Instance::new(matrix, vec![10.0])?.with_backup_factor(0.5)?;
    /// assert_eq!(instance.value(&[0, 1]), 15.0);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn with_backup_factor(self, factor: f64) -> Result<Self, Error> {
        if !(0.0..=1.0).contains(&factor) {
            return Err(Error::BadBackupFactor { factor });
        }
        let backup = self.weights.iter().map(|w| factor * w).collect();
        self.with_backup(backup)
    }

    /// The backup weights, if any.
    pub fn backup(&self) -> Option<&[f64]> {
        self.backup.as_deref()
    }

    /// What covering demand point `d` once more adds when `times` chosen
    /// options already cover it.
    pub(crate) fn gain_at(&self, d: usize, times: u32) -> f64 {
        match times {
            0 => self.weights[d],
            1 => self.backup.as_ref().map_or(0.0, |b| b[d]),
            _ => 0.0,
        }
    }

    /// The coverage matrix.
    pub fn matrix(&self) -> &CoverageMatrix {
        &self.matrix
    }

    /// The transposed matrix: row `d` lists the options covering demand
    /// point `d`, ascending. Built on the first call (in parallel) and
    /// kept: every later call, from any stage, shares it.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::{CoverageMatrix, Instance};
    ///
    /// let matrix = CoverageMatrix::from_rows(3, [vec![0, 1], vec![1, 2]])?;
    /// let instance = Instance::new(matrix, vec![1.0; 3])?;
    /// assert_eq!(instance.columns().row(1), &[0, 1]);
    /// assert!(std::ptr::eq(instance.columns(), instance.columns()));
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn columns(&self) -> &CoverageMatrix {
        self.columns.get_or_init(|| self.matrix.transpose())
    }

    /// The instance with its transpose given (`columns`, which must be
    /// the matrix's transpose), for a builder that has it already.
    pub(crate) fn with_columns(self, columns: CoverageMatrix) -> Self {
        debug_assert!(columns == self.matrix.transpose());
        // A cell of a value just built is empty: the set succeeds.
        let _ = self.columns.set(columns);
        self
    }

    /// The demand weights, one per demand point.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Number of options.
    pub fn n_options(&self) -> usize {
        self.matrix.n_options()
    }

    /// The objective of choosing `options`, recomputed from scratch: the
    /// [`covered_weight`](Self::covered_weight) plus, with backup weights,
    /// the backup weight of every point covered at least twice.
    ///
    /// # Panics
    ///
    /// If an option index is out of range.
    pub fn value(&self, options: &[u32]) -> f64 {
        let mut times = vec![0u32; self.matrix.n_demand()];
        for &option in options {
            for &d in self.matrix.row(option as usize) {
                times[d as usize] += 1;
            }
        }
        (0..times.len()).fold(0.0, |total, d| {
            let first = if times[d] >= 1 { self.weights[d] } else { 0.0 };
            total + first + if times[d] >= 2 { self.gain_at(d, 1) } else { 0.0 }
        })
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
