//! Complaint records as demand: a city's complaint export, row by row,
//! sorted into categories by its text, weighed by its count and its age,
//! and placed by its coordinates or by its address.
//!
//! A study's `records` layer goes through [`Records::build`] when the
//! study is loaded; the outcome is in
//! [`LoadedScenario::records`](crate::input::LoadedScenario::records) and
//! is written as `records.geojson`, `records_not_located.csv`, the
//! `records` object of `summary.json` and a section of `report.md`.
//!
//! No text, name or phone number of a record is kept past its category:
//! the texts may hold personal data. What is kept per record is its row,
//! category, time, weight and place, and the address of a record that
//! could not be placed (for `records_not_located.csv`).

mod build;
mod words;

use std::path::PathBuf;

use geo_types::Coord;
pub use sightline_demand::records::{
    Categories, CategoryError, DEFAULT_CATEGORIES, Geocoder, Located, normalize,
};

pub use build::RecordColumns;

/// A date and time as records give it (no time zone: local time).
pub type DateTime = jiff::civil::DateTime;
/// A calendar date.
pub type Date = jiff::civil::Date;

/// The hour of the day a record was received, from its time: `None` for
/// a date alone (midnight exactly), which gives no hour.
pub(crate) fn hour_received(time: DateTime) -> Option<u8> {
    (time.time() != jiff::civil::Time::midnight()).then(|| time.hour() as u8)
}

/// How records become demand, checked: what [`Study::validate`](crate::study::Study::validate)
/// makes of a study's `[records]` table (the category file is read when
/// the study is loaded).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RecordSettings {
    /// The categories; without them every record weighs its count.
    pub categories: Option<Categories>,
    /// Keep records received on or after this date.
    pub from: Option<Date>,
    /// Keep records received on or before this date (the whole day).
    pub to: Option<Date>,
    /// A record weighs 0.5^(age / half_life_days).
    pub half_life_days: Option<f64>,
    /// Ages count back from this day's end (default: the newest record).
    pub as_of: Option<Date>,
}

impl RecordSettings {
    /// True when a record's time is needed: a date window or a
    /// half-life.
    pub fn needs_time(&self) -> bool {
        self.from.is_some() || self.to.is_some() || self.half_life_days.is_some()
    }
}

/// How a used record was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocatedBy {
    /// By its own coordinates.
    Coordinates,
    /// By its address, against the address tables.
    Address,
}

impl LocatedBy {
    /// `coordinates` or `address`, as `records.geojson` writes it.
    pub fn name(self) -> &'static str {
        match self {
            LocatedBy::Coordinates => "coordinates",
            LocatedBy::Address => "address",
        }
    }
}

/// Why a record inside the dates was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NotLocated {
    /// No coordinates and no address.
    NoAddress,
    /// The address matches no row of the address tables (or there are
    /// none: [`Records::address_tables`]), or reads as no place.
    NoMatch,
    /// The address matches rows more than 50 m apart.
    Ambiguous,
    /// Placed outside every district.
    OutsideStudyArea,
}

impl NotLocated {
    /// The reason as `records_not_located.csv` writes it.
    pub fn name(self) -> &'static str {
        match self {
            NotLocated::NoAddress => "no address",
            NotLocated::NoMatch => "no match",
            NotLocated::Ambiguous => "ambiguous",
            NotLocated::OutsideStudyArea => "outside the study area",
        }
    }
}

/// What became of one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Placed at `point` (plane metres). It is demand when its weight is
    /// more than 0.
    Located {
        /// How.
        by: LocatedBy,
        /// Where, in plane metres.
        point: Coord<f64>,
    },
    /// Inside the dates but not placed.
    NotLocated {
        /// Why.
        reason: NotLocated,
        /// The address as written (empty when there is none).
        address: String,
    },
    /// Received outside the date window.
    OutsideDates,
    /// Its time could not be read, and the date window or the half-life
    /// needs it.
    TimeUnreadable,
}

/// Records of one category (or of none), counted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CategoryCount {
    /// The category's name.
    pub name: String,
    /// Records inside the dates.
    pub count: usize,
    /// Of those, the records placed.
    pub located: usize,
    /// The demand they make: the placed records' weights summed.
    pub weight: f64,
}

/// What a records layer gave, counted: `summary.json`'s `records`.
///
/// `read = skipped + outside_dates + located_by_coordinates +
/// located_by_address + not_located`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct RecordsSummary {
    /// Rows read.
    pub read: usize,
    /// Rows not used because their time could not be read and the date
    /// window or the half-life needs it.
    pub skipped: usize,
    /// Rows whose time could not be read (skipped or not).
    pub unreadable_times: usize,
    /// Rows received outside the date window.
    pub outside_dates: usize,
    /// Records inside the dates, by category, in the category file's
    /// order (empty without categories).
    pub by_category: Vec<CategoryCount>,
    /// Records inside the dates in no category (all of them without
    /// categories).
    pub unmatched: CategoryCount,
    /// Records placed by their coordinates.
    pub located_by_coordinates: usize,
    /// Records placed by their address.
    pub located_by_address: usize,
    /// Records not placed, by reason.
    pub not_located_by_reason: Vec<(NotLocated, usize)>,
    /// Records not placed.
    pub not_located: usize,
    /// Records that are demand: placed and weighing more than 0.
    pub used: usize,
    /// Their weights summed (before the layer weight).
    pub used_weight: f64,
    /// Records inside the dates by month received (`2025-03`), in order.
    pub by_month: Vec<(String, usize)>,
    /// Records inside the dates by hour of the day received (records
    /// giving a date only are not counted).
    pub by_hour: [usize; 24],
    /// The most frequent words of the records in no category, with the
    /// number of records holding each: only words found in at least
    /// [`words::MIN_RECORDS`] records, without digits, so that no
    /// single complaint's wording is repeated.
    pub unmatched_words: Vec<(String, usize)>,
}

/// A records layer, record by record: what [`Records::build`] makes of
/// it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Records {
    /// The file read.
    pub path: PathBuf,
    /// Whether address tables were given to place records by address.
    pub address_tables: bool,
    /// The rows whose coordinate cells are filled but cannot be used
    /// (not numbers, out of range): placed by address where possible.
    pub unusable_coordinates: sightline_io::Skipped,
    /// Rows under the header whose every cell is empty: not records.
    pub blank_rows: usize,
    /// The header's row of a CSV or Excel file, as a spreadsheet numbers
    /// it (below a title, in an Excel export); `None` for GeoJSON and
    /// Shapefiles.
    pub header_row: Option<usize>,
    /// The category names, in file order (empty without categories).
    pub category_names: Vec<String>,
    /// Each record's row in its file: a spreadsheet row for CSV and
    /// Excel (the header is row 1), a feature index for GeoJSON and
    /// Shapefiles.
    pub rows: Vec<usize>,
    /// Each record's category.
    pub category: Vec<Option<usize>>,
    /// Each record's time, when readable.
    pub time: Vec<Option<DateTime>>,
    /// Each record's weight: category weight × count × recency (before
    /// the layer weight).
    pub weight: Vec<f64>,
    /// What became of each record.
    pub fate: Vec<Fate>,
    /// The counts.
    pub summary: RecordsSummary,
}

impl Records {
    /// The indices of the records that are demand (placed, weighing
    /// more than 0), in row order, with their place.
    pub fn used(&self) -> impl Iterator<Item = (usize, LocatedBy, Coord<f64>)> + '_ {
        self.fate.iter().enumerate().filter_map(|(k, fate)| match fate {
            Fate::Located { by, point } if self.weight[k] > 0.0 => Some((k, *by, *point)),
            _ => None,
        })
    }

    /// The category name of record `k` (`None` for no category).
    pub fn category_name(&self, k: usize) -> Option<&str> {
        self.category[k].map(|c| self.category_names[c].as_str())
    }
}

pub use build::RecordInput;
pub(crate) use words::MIN_RECORDS;
