//! Complaint records as cities hold them: what a complaint is about (its
//! text's [`Categories`]), when it was made ([`parse_time`],
//! [`DateWindow`], [`Recency`]) and where ([`Geocoder`], which locates an
//! address against reference tables of addressed points).
//!
//! Times are [`jiff`] civil (local) dates and date-times.
//!
//! Pure logic: the readers of Excel, Shapefile and CSV files are in
//! `sightline-io`. No record's text or address is ever put into an error
//! or a `Debug` output: complaint texts may hold personal data.

mod address;
mod categories;
mod geocoder;
mod normalize;
mod time;

pub use categories::{Categories, CategoryError, DEFAULT_CATEGORIES};
pub use geocoder::{Geocoder, Located, MAX_SPREAD_M};
pub use normalize::normalize;
pub use time::{DateWindow, Recency, TimeError, from_excel_serial, parse_date, parse_time};
