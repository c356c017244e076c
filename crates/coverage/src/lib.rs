//! What a camera at a site sees, turned into a sparse coverage matrix.
//!
//! [`CameraModel`] says what new and existing cameras see, checked once:
//! discs, or camera types with their quality levels. It counts the
//! camera options at a set of sites and estimates the memory of the
//! coverage before it is built ([`CameraModel::estimate_memory`]). The
//! coverage itself is built by one of two builders:
//!
//! - [`Circular`]: a disc. A demand point is covered when it lies within
//!   the camera's range. Existing cameras are applied first, so the matrix
//!   lists only demand that is still uncovered.
//! - [`ViewModel`]: camera types ([`CameraType`]) with a range, a view
//!   cone, headings, a quality that decays with distance ([`Decay`]) and a
//!   cost; building footprints block sight lines. It yields options (site,
//!   type, heading) with the quality each sees every demand point at
//!   ([`ViewCoverage`]), and turns partial coverage into plain coverage
//!   over quality levels ([`ViewCoverage::leveled`]).
//!
//! Demand surfaces on a grid (kernel density, influence zones) are made
//! in `sightline-demand`: this crate takes demand as points.
//!
//! All coordinates and distances are planar metres.
//!
//! # Examples
//!
//! ```
//! use sightline_coverage::Circular;
//! use geo_types::coord;
//!
//! let demand = [coord! { x: 0.0, y: 0.0 }, coord! { x: 100.0, y: 0.0 }, coord! { x: 300.0, y: 0.0 }];
//! let sites = [coord! { x: 90.0, y: 0.0 }, coord! { x: 290.0, y: 0.0 }];
//! let existing = [coord! { x: 0.0, y: 10.0 }];
//! let coverage = Circular::new(50.0)?.build(&demand, &sites, &existing);
//! assert_eq!(coverage.covered_before(), &[true, false, false]);
//! assert_eq!(coverage.matrix().row(0), &[1]);
//! assert_eq!(coverage.matrix().row(1), &[2]);
//! # Ok::<(), sightline_coverage::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod camera;
mod circular;
mod error;
mod memory;
mod model;
mod view;

pub use camera::{CameraType, Decay, EDGE_TOLERANCE_DEG, ExistingCamera, in_view, visible_area};
pub use circular::{Circular, Coverage};
pub use error::Error;
pub use memory::{MemoryEstimate, SAMPLED_DEMAND};
pub use model::CameraModel;
pub use view::{CameraOption, LevelRow, Leveled, Site, ViewCoverage, ViewModel, quantise};

/// Points for unit tests: `n` points scattered over a square of side
/// `2 × scale` around the origin, deterministically.
#[cfg(test)]
pub(crate) mod test_points {
    use geo_types::{Coord, coord};

    pub(crate) fn scatter(n: u32, scale: f64, phase: f64) -> Vec<Coord<f64>> {
        (0..n)
            .map(|i| {
                let t = f64::from(i) + phase;
                coord! { x: (t * 1.618).sin() * scale, y: (t * 2.417).cos() * scale }
            })
            .collect()
    }
}
