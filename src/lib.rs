//! Sightline decides where a city should install CCTV cameras.
//!
//! It reads layers (demand points such as complaints, candidate sites such
//! as poles, existing cameras, district boundaries), turns them into a
//! coverage problem in a local metric plane, picks camera sites, and reports
//! what the plan covers, district by district.
//!
//! This crate is the facade: [`Scenario`] holds the layers in metres,
//! [`plan`] chooses sites, [`score_sites`] ranks every candidate on its
//! own, [`input`] loads GeoJSON files into a scenario, [`study`] describes
//! a whole study once and runs it in stages, [`surface`] turns layers into
//! demand on a grid (with [`demand`]), [`output`] renders and writes
//! results (one module per kind of file, named by [`output::OutputKind`];
//! maps and charts drawn by [`render`]), and [`synthetic`] generates a
//! sample city.
//!
//! # Examples
//!
//! ```
//! use sightline::prelude::*;
//! use geo_types::coord;
//!
//! let demand = vec![
//!     DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 3.0),
//!     DemandPoint::new(coord! { x: 40.0, y: 0.0 }, 1.0),
//!     DemandPoint::new(coord! { x: 500.0, y: 0.0 }, 2.0),
//! ];
//! let sites = vec![
//!     CandidateSite::new(coord! { x: 20.0, y: 0.0 }, "pole-1"),
//!     CandidateSite::new(coord! { x: 480.0, y: 0.0 }, "pole-2"),
//! ];
//! let scenario = Scenario::new(demand, sites);
//! let request = PlanRequest::new(1, Circular::new(50.0)?);
//! let plan = plan(&scenario, &request)?;
//! assert_eq!(plan.chosen[0].id, "pole-1");
//! assert_eq!(plan.objective, 4.0);
//! # Ok::<(), sightline::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod error;
pub mod input;
pub mod memory;
pub mod output;
pub mod periods;
mod plan;
mod problem;
pub mod records;
mod scenario;
mod scoring;
pub mod study;
pub mod surface;
pub mod synthetic;

pub use error::Error;
pub use plan::{
    BlindSpot, CameraView, ChosenSite, CoverageModel, CurveStep, DistrictFigures, DistrictReport, Goal,
    Method, NearestSite, Outcome, Plan, PlanRequest, Shortfall, Solved, SolverReport, plan,
};
pub use scenario::{CandidateSite, DemandPoint, District, Scenario};
pub use scoring::{SiteScore, score_sites, score_sites_with};

pub use sightline_coverage as coverage;
pub use sightline_demand as demand;
pub use sightline_index as index;
pub use sightline_io as io;
pub use sightline_render as render;
pub use sightline_solve as solve;

/// The README's code, compiled as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The types and functions most programs need, in one `use`.
pub mod prelude {
    pub use crate::input::{Inputs, LoadedScenario};
    pub use crate::study::{CheckedStudy, Study, StudyError};
    pub use crate::surface::{DemandSurface, SurfaceLayer, SurfaceMode};
    pub use crate::{
        BlindSpot, CandidateSite, ChosenSite, CoverageModel, CurveStep, DemandPoint, District,
        DistrictFigures, Error, Goal, Method, Outcome, Plan, PlanRequest, Scenario, SiteScore, plan,
        score_sites,
    };
    pub use sightline_coverage::{CameraModel, Circular};
    pub use sightline_io::Crs;
}
