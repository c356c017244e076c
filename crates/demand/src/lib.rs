//! How much each place matters: demand as a surface on a grid.
//!
//! A [`DemandSurface`] lays a grid ([`GridSpec`]) over district
//! boundaries, or over the points it must span, and weighs each cell by
//! its layers ([`SurfaceLayer`]): kernel density of complaint points
//! ([`kernel_density`], with [`silverman_bandwidth`]), influence zones of
//! facilities ([`influence`]), values per district; several layers are
//! normalised ([`normalised`]) and combined with their weights, as the
//! Korean grid-scoring models do. Or every cell weighs its area, to remove
//! blind spots ([`SurfaceMode::Area`]).
//!
//! [`DemandSurface::check`] lays the grid and says how much memory the
//! build will take ([`CheckedSurface::bytes_needed`]) before anything is
//! built, so a caller can refuse a grid its machine cannot hold.
//!
//! Complaint records as cities hold them are read into demand by
//! [`records`]: categories from their text, their dates and recency, and
//! their addresses located against reference points.
//!
//! Demand by time of day: [`Hours`] and named [`Period`]s of them, and
//! an hourly population table joined to districts by code
//! ([`join_population`] gives a [`Population`] by district and hour).
//!
//! All coordinates and distances are planar metres.
//!
//! # Examples
//!
//! ```
//! use sightline_demand::{DemandSurface, SurfaceLayer, SurfaceMode};
//! use geo_types::coord;
//!
//! let schools = vec![coord! { x: 50.0, y: 50.0 }];
//! let sites = [coord! { x: 0.0, y: 0.0 }, coord! { x: 300.0, y: 100.0 }];
//! let surface = DemandSurface::new(SurfaceMode::Grid, 100.0)
//!     .layer(SurfaceLayer::influence("schools", schools, 120.0))
//!     .build(vec![], &sites)?;
//! // Three columns, one row: the school is within 120 m of the first two centres.
//! assert_eq!(surface.cells.len(), 2);
//! assert_eq!(surface.empty_cells, 1);
//! # Ok::<(), sightline_demand::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod density;
mod error;
mod event;
mod grid;
mod hours;
mod layers;
mod population;
pub mod records;
mod surface;

pub use density::{
    Kernel, influence, kernel_density, kernel_density_binned, normalised, silverman_bandwidth,
};
pub use error::Error;
pub use event::{Event, EventCells};
pub use grid::{GridSpec, MAX_CELLS};
pub use hours::{Hours, HoursError, Period, check_periods};
pub use population::{HourlyRows, Population, PopulationCounts, RowValue, join_population};
pub use surface::{Cell, CheckedSurface, DemandSurface, Surface, SurfaceLayer, SurfaceMode};
