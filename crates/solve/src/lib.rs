//! Weighted maximum coverage over a sparse set system.
//!
//! This crate knows no geometry. It sees a [`CoverageMatrix`] (which demand
//! points each option covers) and the demand weights, bundled as an
//! [`Instance`], and chooses options. That keeps the solvers testable on the
//! classic benchmark instances with no coordinates at all.
//!
//! - [`lazy_greedy`]: the greedy algorithm with a priority queue of stale
//!   gains; `(1 − 1/e)`-optimal for maximum coverage.
//! - [`cuts`]: cutting planes (odd-cycle inequalities) for the compact
//!   model's LP relaxation.
//! - [`exhaustive`]: every subset, for small instances only; the reference
//!   the other solvers are tested against.
//! - [`AcrossPeriods`]: one plan for several periods of demand (hours of
//!   the day), for the importance-weighted mean or the worst period's
//!   covered fraction.
//! - [`coverage_curve`]: what the first k options of a plan cover, with
//!   an upper bound on what any k options can cover; [`knee`]: where one
//!   more option stops paying off.
//!
//! # Examples
//!
//! ```
//! use sightline_solve::{lazy_greedy, CoverageMatrix, Instance};
//!
//! // Three options over four demand points.
//! let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![1, 2, 3], vec![3]])?;
//! let instance = Instance::new(matrix, vec![1.0, 2.0, 1.0, 5.0])?;
//! let solution = lazy_greedy(&instance, 1)?;
//! assert_eq!(solution.chosen(), &[1]);
//! assert_eq!(solution.objective(), 8.0);
//! # Ok::<(), sightline_solve::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod branch_and_bound;
mod branch_and_cut;
mod constraints;
mod curve;
pub mod cuts;
mod deadline;
mod dual_ascent;
mod error;
pub mod exhaustive;
mod greedy;
#[cfg(feature = "highs")]
pub mod highs;
mod incumbent;
mod instance;
mod lagrangian;
mod local_search;
mod lu;
mod matrix;
mod max_coverage;
mod periods;
mod reduce;
pub mod set_cover;
mod simplex;
mod smoothed;
mod solution;
#[cfg(test)]
mod test_instances;
mod window;

pub use constraints::SideConstraints;
pub use curve::{CurvePoint, coverage_curve, knee};
pub use deadline::Stop;
pub use error::Error;
pub use greedy::lazy_greedy;
pub use instance::Instance;
pub use matrix::CoverageMatrix;
pub use max_coverage::{
    AUTO_CUT_WORK, AUTO_FINAL_BOUND_WORK, AUTO_WINDOW_WORK, AUTO_WORK, CoverageReport, DEFAULT_EFFORT,
    MaxCoverage, Method, ReductionSummary, in_greedy_order,
};
pub use periods::{AcrossPeriods, PeriodObjective, Periods, PeriodsReport};
pub use reduce::{Reduction, reduce};
pub use solution::Solution;
