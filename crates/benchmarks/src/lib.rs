//! Readers for the benchmark instances in `../shared/data/benchmarks`, for
//! Sightline's tests and benches only (this crate is not published).
//!
//! Each reader turns a file into a [`sightline_solve::Instance`] (and costs
//! or names where the format has them), so the solvers are checked against
//! optima computed by others, with no geometry involved.
//!
//! # Examples
//!
//! ```
//! // None (with a printed notice) where the shared data is absent.
//! if let Some(data) = sightline_benchmarks::shared_data("doc example") {
//!     assert!(data.join("benchmarks").is_dir());
//! }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod bds;
mod error;
pub mod orlib;
pub mod sjc;
pub mod spopt;

use std::path::{Path, PathBuf};

pub use error::Error;

/// The folder of real test data: `$SIGHTLINE_SHARED_DATA`, else
/// `../shared/data` beside the repository. `None` with a notice on
/// standard error when it is absent, unless `SIGHTLINE_REQUIRE_SHARED_DATA`
/// is set (CI sets it), in which case a missing folder panics, failing the
/// test that asked.
///
/// # Panics
///
/// When the folder is absent and `SIGHTLINE_REQUIRE_SHARED_DATA` is set.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("SIGHTLINE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if path.is_dir() {
        return Some(path);
    }
    if std::env::var_os("SIGHTLINE_REQUIRE_SHARED_DATA").is_some() {
        panic!(
            "{test}: shared data not found at {} and SIGHTLINE_REQUIRE_SHARED_DATA is set",
            path.display()
        );
    }
    // Written to the real stderr, past the test harness's capture, so the
    // skip shows in a plain `cargo test` run.
    let notice = format!("skipping {test}: shared data not found at {}\n", path.display());
    let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
    None
}

/// The text of `path`, or [`Error::Read`] naming it.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

/// The lines of `text` that are not blank, trimmed, with their 1-based
/// line numbers (for error messages).
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
}

/// Coverage by distance, the rule every geometric benchmark here uses:
/// the site at `(site_x[j], site_y[j])` covers demand point `d` when their
/// Euclidean distance is at most `radius` (a distance exactly equal
/// covers). Checks every pair: fine at benchmark sizes.
///
/// # Errors
///
/// [`sightline_solve::Error::WeightCount`] if the demand coordinates and
/// weights differ in length; the solver crate's errors for bad weights.
pub(crate) fn disc_instance(
    site_x: &[f64],
    site_y: &[f64],
    demand_x: &[f64],
    demand_y: &[f64],
    weights: &[f64],
    radius: f64,
) -> Result<sightline_solve::Instance, sightline_solve::Error> {
    let n_demand = demand_x.len();
    if demand_y.len() != n_demand || weights.len() != n_demand {
        return Err(sightline_solve::Error::WeightCount {
            weights: if weights.len() != n_demand {
                weights.len()
            } else {
                demand_y.len()
            },
            n_demand,
        });
    }
    let rows = site_x.iter().zip(site_y).map(|(&sx, &sy)| {
        demand_x
            .iter()
            .zip(demand_y)
            .enumerate()
            .filter(|(_, (dx, dy))| {
                let (ex, ey) = (*dx - sx, *dy - sy);
                (ex * ex + ey * ey).sqrt() <= radius
            })
            .map(|(d, _)| d as u32)
            .collect::<Vec<u32>>()
    });
    let matrix = sightline_solve::CoverageMatrix::from_rows(n_demand, rows)?;
    sightline_solve::Instance::new(matrix, weights.to_vec())
}
