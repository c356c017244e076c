//! Spatial look-ups for Sightline.
//!
//! - [`PointIndex`]: which points lie within a radius of a place
//!   (an R*-tree built once with bulk loading).
//! - [`DistrictIndex`]: which district polygon holds a point (bounding-box
//!   prefilter in an R*-tree, then an exact point-in-polygon test).
//! - [`BuildingIndex`]: whether building footprints block a line of sight
//!   (building edges in an R*-tree, exact robust segment tests).
//!
//! All coordinates are planar metres.
//!
//! # Examples
//!
//! ```
//! use sightline_index::PointIndex;
//! use geo_types::coord;
//!
//! let index = PointIndex::new(&[coord! { x: 0.0, y: 0.0 }, coord! { x: 30.0, y: 40.0 }]);
//! let mut near: Vec<u32> = index.within(coord! { x: 0.0, y: 0.0 }, 50.0).collect();
//! near.sort();
//! assert_eq!(near, vec![0, 1]); // the second point is exactly 50 m away
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod buildings;
mod districts;
mod grid;
mod points;

pub use buildings::BuildingIndex;
pub use districts::DistrictIndex;
pub use grid::PointGrid;
pub use points::PointIndex;
