//! GeoJSON, FlatGeobuf and CSV in and out for Sightline: point and polygon layers,
//! property mapping, coordinate reference systems, validation, the one
//! metric [`Plane`] every layer is brought into, and files written
//! atomically. Pictures (maps, charts) are `sightline-render`'s job.
//!
//! ```
//! use sightline_io::{read_points, Plane, PointOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("demand.geojson");
//! std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
//!     {"type": "Feature", "properties": {"n": 3},
//!      "geometry": {"type": "Point", "coordinates": [126.832, 37.658]}},
//!     {"type": "Feature", "properties": {"n": "2"},
//!      "geometry": {"type": "Point", "coordinates": [126.842, 37.658]}}
//! ]}"#).unwrap();
//!
//! let mut demand = read_points(&path, &PointOptions::new().weight("n")).unwrap();
//! let plane = Plane::for_layers(&[&demand], &[]).unwrap();
//! plane.project_points(&mut demand).unwrap();
//! // 0.01 degrees of longitude at 37.658 N is about 882 m.
//! let dx = demand.points[1].x - demand.points[0].x;
//! assert!((dx - 882.0).abs() < 1.0, "{dx}");
//! assert_eq!(demand.weights, vec![3.0, 2.0]);
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod cell;
mod crs;
mod csv_points;
mod error;
mod excel;
mod fgb;
mod hourly;
mod plane;
mod read;
mod rows;
mod shp;
mod system;
mod table;
mod write;

pub use geo_types;

/// Pieces a big file is read or written in, side by side (positional
/// reads and writes on Unix): copying 100 MB out of or into the page
/// cache, with the new pages' faults, takes a core about a tenth of a
/// second, and two cores halve it.
#[cfg_attr(not(unix), allow(dead_code))]
const FILE_PIECE: usize = 8 << 20;

/// `len` pseudo-random bytes (a linear congruential sequence from
/// `seed`), for tests of big files.
#[cfg(test)]
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (state >> 56) as u8
        })
        .collect()
}

pub use cell::Cell;
pub use crs::Crs;
pub use csv_points::{CsvFormat, Encoding, Skipped};
pub use error::Error;
pub use fgb::{FgbProperties, FgbType, points_fgb_bytes, points_fgb_with, polygons_fgb_bytes};
pub use hourly::{
    CODE_COLUMNS, CodeColumn, DAY_COLUMNS, HOUR_COLUMNS, HourlyOptions, HourlyTable, HourlyValue,
    OTHER_CODE_COLUMNS, VALUE_COLUMNS, read_hourly,
};
pub use plane::{Plane, lonlat_center};
pub use read::{
    InvalidPolygon, PointColumns, PointLayer, PointOptions, PolygonLayer, PolygonOptions, listed,
    read_point_columns, read_points, read_points_from, read_polygons, read_polygons_from,
};
pub use table::{Table, TableOptions, read_table};
pub use write::{
    csv_bytes, json_bytes, points_geojson_bytes, points_geojson_with, polygons_geojson_bytes, write_atomic,
    write_csv, write_csv_records, write_files_atomic, write_json, write_points_geojson,
    write_polygons_geojson,
};

/// A number written out (`"120000.5"`, `"-2500"`) with commas between the
/// thousands of its integer part: `120,000.5`, `-2,500`.
///
/// # Examples
///
/// ```
/// assert_eq!(sightline_io::group_thousands("1934000123"), "1,934,000,123");
/// assert_eq!(sightline_io::group_thousands("-120000.5"), "-120,000.5");
/// assert_eq!(sightline_io::group_thousands("999"), "999");
/// ```
pub fn group_thousands(text: &str) -> String {
    thousands::Separable::separate_with_commas(text)
}
