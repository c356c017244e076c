//! Pictures for people, for Sightline: a map of a plan ([`map_svg`]), a
//! coverage curve chart ([`curve_svg`]) and a chart of coverage by hour of
//! the day ([`hours_svg`]), as SVG.
//!
//! Inputs are plain data in a metric plane (metres, x east, y north), so
//! the pictures depend on nothing else in Sightline: the caller projects,
//! solves and finds the curve's knee, and this crate draws. The SVG text is
//! written by hand: every text and attribute is XML-escaped, coordinates
//! are rounded to 0.1 px, and nothing depends on hashing or timing, so the
//! same input always gives the same bytes.
//!
//! Non-finite numbers (NaN, ±∞) anywhere in the input are an [`Error`],
//! never a broken picture.
//!
//! # Examples
//!
//! ```
//! use sightline_render::geo_types::{coord, polygon, MultiPolygon};
//! use sightline_render::{map_svg, Camera, District, MapData};
//!
//! let map = MapData {
//!     title: "Hangdang-dong".to_string(),
//!     districts: vec![District::new(
//!         "행당1동",
//!         MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 900.0, y: 0.0), (x: 900.0, y: 600.0), (x: 0.0, y: 600.0)]]),
//!     )],
//!     new_cameras: vec![Camera::new(coord! { x: 450.0, y: 300.0 })],
//!     ..MapData::default()
//! };
//! let text = String::from_utf8(map_svg(&map).unwrap()).unwrap();
//! assert!(text.starts_with("<svg"));
//! assert!(text.contains("행당1동"));
//! assert!(text.contains(r#"class="new-camera" data-rank="1""#));
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod bins;
mod curve;
mod error;
mod hours;
mod lang;
mod map;
mod page;
mod svg;

pub use geo_types;

pub use curve::{CurveData, curve_svg};
pub use error::Error;
pub use hours::{HoursData, hours_svg};
pub use lang::{Lang, Plural, Text, fill};
pub use map::{
    Camera, District, DistrictSheets, MAX_DEMAND_MARKS, MapData, Reach, district_sheet_svg, map_svg,
};
pub use page::{
    MAX_PAGE_DEMAND_MARKS, PageCamera, PageCurvePoint, PageData, PageDistrict, PagePeriod, report_html,
};
