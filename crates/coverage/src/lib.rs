//! What a camera at a site sees, turned into a sparse coverage matrix.
//!
//! For now the camera model is a disc: a demand point is covered when it
//! lies within the camera's range ([`Circular`]). Existing cameras are
//! applied first, so the matrix lists only demand that is still uncovered.
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

mod circular;
mod error;

pub use circular::{Circular, Coverage};
pub use error::Error;
