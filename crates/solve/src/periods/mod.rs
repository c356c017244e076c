//! Coverage across periods: one plan judged by the fraction of each
//! period's demand it covers, chosen for the importance-weighted mean
//! fraction or for the worst period's.
//!
//! A period `k` weighs the demand elements of one [`CoverageMatrix`] by
//! `w_k`, has a whole demand `D_k` (which may include demand no option
//! can cover) and a part `E_k` of it that existing cameras already cover.
//! A plan `S` covers the fraction
//!
//! ```text
//! f_k(S) = (E_k + Σ_{d covered by S} w_kd) / D_k
//! ```
//!
//! of period `k`. [`AcrossPeriods`] chooses the plan.

mod across;
mod swap;

use std::fmt;
use std::str::FromStr;

pub use across::{AcrossPeriods, PeriodsReport};

use crate::{CoverageMatrix, Error};

/// What a plan across periods maximises: `weighted` (the
/// importance-weighted mean of the period fractions) or `worst` (the
/// smallest period fraction: no period left behind).
///
/// Its [`Display`](fmt::Display) and [`FromStr`] forms (case-insensitive)
/// are the CLI's `--periods-objective` values.
///
/// # Examples
///
/// ```
/// use sightline_solve::PeriodObjective;
///
/// assert_eq!("Worst".parse::<PeriodObjective>(), Ok(PeriodObjective::Worst));
/// assert_eq!(PeriodObjective::Weighted.to_string(), "weighted");
/// assert!("best".parse::<PeriodObjective>().unwrap_err().contains("weighted, worst"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodObjective {
    /// Maximise `Σ_k w_k f_k / Σ_k w_k`, `w_k` the periods' importance.
    Weighted,
    /// Maximise `min_k f_k`.
    Worst,
}

impl PeriodObjective {
    /// Both objectives, in the order their names are listed.
    pub const ALL: [PeriodObjective; 2] = [PeriodObjective::Weighted, PeriodObjective::Worst];
}

impl fmt::Display for PeriodObjective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PeriodObjective::Weighted => "weighted",
            PeriodObjective::Worst => "worst",
        })
    }
}

impl FromStr for PeriodObjective {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "weighted" => Ok(PeriodObjective::Weighted),
            "worst" => Ok(PeriodObjective::Worst),
            other => Err(format!(
                "unknown periods objective `{other}`; expected one of weighted, worst"
            )),
        }
    }
}

/// The demand of each period: a weight per demand element, the period's
/// whole demand `D_k` and what existing cameras already cover `E_k`,
/// with an importance weight per period.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, PeriodObjective, Periods};
///
/// // Day demand sits on element 0, night demand on element 2.
/// let matrix = CoverageMatrix::from_rows(3, [vec![0, 1], vec![2]])?;
/// let periods = Periods::new(vec![vec![3.0, 1.0, 0.0], vec![0.0, 1.0, 4.0]], vec![1.0, 2.0])?
///     .totals(vec![4.0, 10.0])?
///     .before(vec![0.0, 5.0])?;
/// let fractions = periods.fractions(&matrix, &[0]);
/// assert_eq!(fractions, vec![1.0, 0.6]); // (0 + 4) / 4 and (5 + 1) / 10
/// assert_eq!(periods.value(PeriodObjective::Worst, &fractions), 0.6);
/// assert!((periods.value(PeriodObjective::Weighted, &fractions) - 2.2 / 3.0).abs() < 1e-12);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Periods {
    weights: Vec<Vec<f64>>,
    importance: Vec<f64>,
    /// `D_k`.
    totals: Vec<f64>,
    /// `E_k`.
    before: Vec<f64>,
    /// `Σ_d w_kd`.
    sums: Vec<f64>,
}

/// A `BadPeriods` error about one period.
fn bad(period: usize, reason: String) -> Error {
    Error::BadPeriods {
        period: Some(period),
        reason,
    }
}

/// A `BadPeriods` error about the periods as a whole.
fn bad_all(reason: String) -> Error {
    Error::BadPeriods { period: None, reason }
}

impl Periods {
    /// `weights[k]`: one weight per demand element in period `k` (finite,
    /// not negative; every period over the same elements), and the
    /// periods' `importance` (finite, positive). `D_k` defaults to
    /// `Σ_d w_kd`, `E_k` to 0. A period whose total is 0 (no demand at
    /// all) counts as fully covered, `f_k = 1`.
    ///
    /// # Errors
    ///
    /// [`Error::BadPeriods`] for no periods, an importance weight per
    /// period missing or not finite and positive, a period with a number
    /// of weights other than period 0's, or a weight that is negative,
    /// NaN or infinite (naming the period and the element).
    pub fn new(weights: Vec<Vec<f64>>, importance: Vec<f64>) -> Result<Self, Error> {
        if weights.is_empty() {
            return Err(bad_all("there are no periods".into()));
        }
        if importance.len() != weights.len() {
            return Err(bad_all(format!(
                "{} importance weights were given for {} periods",
                importance.len(),
                weights.len()
            )));
        }
        if let Some((k, w)) = importance
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w > 0.0))
        {
            return Err(bad(
                k,
                format!("period {k} has importance {w}; importance must be finite and positive"),
            ));
        }
        let n = weights[0].len();
        for (k, period) in weights.iter().enumerate() {
            if period.len() != n {
                return Err(bad(
                    k,
                    format!(
                        "period {k} has {} demand weights but period 0 has {n}",
                        period.len()
                    ),
                ));
            }
            if let Some((d, w)) = period
                .iter()
                .enumerate()
                .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
            {
                return Err(bad(
                    k,
                    format!(
                        "period {k}, demand element {d}: weight {w}; weights must be finite and not negative"
                    ),
                ));
            }
        }
        let sums: Vec<f64> = weights.iter().map(|w| w.iter().sum()).collect();
        Ok(Self {
            totals: sums.clone(),
            before: vec![0.0; weights.len()],
            weights,
            importance,
            sums,
        })
    }

    /// Sets each period's whole demand `D_k` (finite, positive, at least
    /// `E_k + Σ_d w_kd`).
    ///
    /// # Errors
    ///
    /// [`Error::BadPeriods`] unless there is one total per period, each
    /// finite and positive and not below what the period's weights and
    /// `E_k` add up to (with a relative 1e-9 allowance for rounding).
    pub fn totals(self, totals: Vec<f64>) -> Result<Self, Error> {
        if totals.len() != self.len() {
            return Err(bad_all(format!(
                "{} totals were given for {} periods",
                totals.len(),
                self.len()
            )));
        }
        if let Some((k, t)) = totals
            .iter()
            .enumerate()
            .find(|(_, t)| !(t.is_finite() && **t > 0.0))
        {
            return Err(bad(
                k,
                format!("period {k} has total demand {t}; a total must be finite and positive"),
            ));
        }
        Self { totals, ..self }.consistent()
    }

    /// Sets what existing cameras already cover in each period, `E_k`
    /// (finite, not negative, with `E_k + Σ_d w_kd ≤ D_k`).
    ///
    /// # Errors
    ///
    /// [`Error::BadPeriods`] unless there is one value per period, each
    /// finite and not negative, and within the period's total.
    pub fn before(self, before: Vec<f64>) -> Result<Self, Error> {
        if before.len() != self.len() {
            return Err(bad_all(format!(
                "{} covered-before values were given for {} periods",
                before.len(),
                self.len()
            )));
        }
        if let Some((k, e)) = before
            .iter()
            .enumerate()
            .find(|(_, e)| !(e.is_finite() && **e >= 0.0))
        {
            return Err(bad(
                k,
                format!("period {k} has {e} covered before; it must be finite and not negative"),
            ));
        }
        Self { before, ..self }.consistent()
    }

    /// Checks `E_k + Σ_d w_kd ≤ D_k`.
    fn consistent(self) -> Result<Self, Error> {
        for k in 0..self.len() {
            let (e, sum, total) = (self.before[k], self.sums[k], self.totals[k]);
            if e + sum > total * (1.0 + 1e-9) {
                return Err(bad(
                    k,
                    format!(
                        "period {k}: {e} covered before plus {sum} coverable demand exceeds the total demand {total}"
                    ),
                ));
            }
        }
        Ok(self)
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when there are no periods (never, for a [`Periods`] built by
    /// [`new`](Self::new)).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Number of demand elements each period weighs.
    pub fn n_demand(&self) -> usize {
        self.weights[0].len()
    }

    /// The weights of period `k`, one per demand element.
    pub fn weights(&self, k: usize) -> &[f64] {
        &self.weights[k]
    }

    /// The periods' importance weights.
    pub fn importance(&self) -> &[f64] {
        &self.importance
    }

    /// `D_k`, each period's whole demand.
    pub fn total_demand(&self) -> &[f64] {
        &self.totals
    }

    /// `E_k`, what existing cameras already cover in each period.
    pub fn covered_before(&self) -> &[f64] {
        &self.before
    }

    /// The importance weights scaled to sum to 1.
    fn shares(&self) -> Vec<f64> {
        let sum: f64 = self.importance.iter().sum();
        self.importance.iter().map(|w| w / sum).collect()
    }

    /// `f_k` of the plan `chosen` (original option indices), recomputed
    /// from scratch: each covered element counted once.
    ///
    /// # Panics
    ///
    /// If `matrix` has another number of demand elements than the
    /// periods, or an option index is out of range.
    pub fn fractions(&self, matrix: &CoverageMatrix, chosen: &[u32]) -> Vec<f64> {
        assert_eq!(
            matrix.n_demand(),
            self.n_demand(),
            "one weight per demand element"
        );
        let mut covered = vec![false; matrix.n_demand()];
        for &option in chosen {
            for &d in matrix.row(option as usize) {
                covered[d as usize] = true;
            }
        }
        (0..self.len())
            .map(|k| {
                let seen = covered
                    .iter()
                    .zip(&self.weights[k])
                    .filter(|(c, _)| **c)
                    .fold(0.0, |t, (_, w)| t + w);
                self.fraction(k, seen)
            })
            .collect()
    }

    /// `f_k` when the plan's options cover `seen` of period `k`'s
    /// weight: 1 for a period without demand (nothing is left uncovered).
    fn fraction(&self, k: usize, seen: f64) -> f64 {
        if self.totals[k] > 0.0 {
            (self.before[k] + seen) / self.totals[k]
        } else {
            1.0
        }
    }

    /// `1 / D_k`, or 0 for a period without demand.
    fn scale(&self, k: usize) -> f64 {
        if self.totals[k] > 0.0 {
            1.0 / self.totals[k]
        } else {
            0.0
        }
    }

    /// The value of a plan with period fractions `fractions`: for
    /// [`PeriodObjective::Weighted`] `Σ_k w_k f_k / Σ_k w_k` (`w_k` the
    /// importance), for [`PeriodObjective::Worst`] `min_k f_k`.
    pub fn value(&self, objective: PeriodObjective, fractions: &[f64]) -> f64 {
        match objective {
            PeriodObjective::Weighted => {
                let sum: f64 = self.importance.iter().sum();
                self.importance
                    .iter()
                    .zip(fractions)
                    .fold(0.0, |t, (w, f)| t + w * f)
                    / sum
            }
            PeriodObjective::Worst => fractions.iter().copied().fold(f64::INFINITY, f64::min),
        }
    }
}
