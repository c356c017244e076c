//! One cell of a table (a CSV field, an Excel cell, a DBF field, a GeoJSON
//! property), and how it reads as text.

use std::borrow::Cow;
use std::fmt::Write;

/// A cell of a table read with [`read_table`](crate::read_table).
///
/// CSV cells are [`Cell::Text`] (an empty field is [`Cell::Empty`]);
/// Excel cells keep their type; GeoJSON strings, numbers and booleans map
/// to `Text`, `Number` and `Bool` (null to `Empty`, arrays and objects to
/// `Text` of their JSON); Shapefile (DBF) fields are `Text`, `Number`,
/// `Bool` or `DateTime`.
///
/// # Examples
///
/// ```
/// use sightline_io::Cell;
///
/// assert_eq!(Cell::Number(12.0).as_text(), "12");
/// assert_eq!(Cell::Number(126.123456789).as_text(), "126.123456789");
/// // 2025-03-04 21:15 as an Excel serial date (days since 1899-12-30).
/// let serial = 45720.0 + (21.0 * 60.0 + 15.0) / 1440.0;
/// assert_eq!(Cell::DateTime(serial).as_text(), "2025-03-04 21:15:00");
/// assert_eq!(Cell::DateTime(45720.0).as_text(), "2025-03-04");
/// assert_eq!(Cell::Bool(true).as_text(), "true");
/// assert!(Cell::Empty.is_empty() && Cell::Text(" ".into()).is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No value (an empty field, a blank cell, a DBF null, an Excel error
    /// such as `#N/A`).
    Empty,
    /// Text, as written.
    Text(String),
    /// A number.
    Number(f64),
    /// A date or date-time as an Excel serial number in the 1900 date
    /// system: days since 1899-12-30, the fraction being the time of day
    /// (workbooks in the 1904 system are converted).
    DateTime(f64),
    /// A boolean.
    Bool(bool),
}

impl Cell {
    /// The cell as a person reads it: text as is; numbers in the shortest
    /// form that reads back the same, without a trailing `.0` (`12`,
    /// `126.123456789`); dates as `YYYY-MM-DD`, date-times as
    /// `YYYY-MM-DD HH:MM:SS`; booleans as `true`/`false`; `Empty` as `""`.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Number(x) => Cow::Owned(format_number(*x)),
            Cell::DateTime(serial) => Cow::Owned(format_serial(*serial)),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }

    /// Whether the cell is empty or blank text.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a JSON value, as [`PointLayer::properties`](crate::PointLayer::properties)
    /// holds Shapefile attributes: `Empty` is null, numbers are numbers
    /// (integers without a fraction), dates are text.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Empty => Value::Null,
            Cell::Text(text) => Value::String(text.clone()),
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Value::from(*x as i64),
            Cell::Number(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Cell::DateTime(_) => Value::String(self.as_text().into_owned()),
            Cell::Bool(b) => Value::Bool(*b),
        }
    }
}

/// A number as a person reads it: Rust's shortest round-trip form, without
/// a trailing `.0`.
pub(crate) fn format_number(x: f64) -> String {
    let mut text = String::new();
    let _ = write!(text, "{x}");
    if let Some(integer) = text.strip_suffix(".0") {
        text.truncate(integer.len());
    }
    text
}

/// Days from 1970-01-01 to 1899-12-30, the day of serial 0.
const SERIAL_EPOCH_DAYS: i64 = -25_569;

/// An Excel serial date-time (1900 system) as ISO text: `YYYY-MM-DD`, with
/// ` HH:MM:SS` unless the time is midnight.
pub(crate) fn format_serial(serial: f64) -> String {
    if !serial.is_finite() || serial.abs() > 3.0e6 {
        return format_number(serial);
    }
    let seconds = (serial * 86_400.0).round() as i64;
    let (days, time) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days + SERIAL_EPOCH_DAYS);
    if time == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        let (h, m, s) = (time / 3600, time / 60 % 60, time % 60);
        format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}")
    }
}

/// The Excel serial (1900 system) of a calendar date.
pub(crate) fn serial_of_date(year: i64, month: u32, day: u32) -> f64 {
    (days_from_civil(year, month, day) - SERIAL_EPOCH_DAYS) as f64
}

/// The civil date of a day count from 1970-01-01 (Howard Hinnant's
/// algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days from 1970-01-01 to a civil date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-0.5), "-0.5");
        assert_eq!(format_number(126.123456789), "126.123456789");
        assert_eq!(format_number(1e21), "1000000000000000000000");
    }

    #[test]
    fn serial_dates_round_trip() {
        assert_eq!(serial_of_date(2025, 3, 4), 45720.0);
        assert_eq!(serial_of_date(1900, 3, 1), 61.0);
        assert_eq!(format_serial(61.0), "1900-03-01");
        assert_eq!(format_serial(45720.5), "2025-03-04 12:00:00");
        assert_eq!(format_serial(serial_of_date(2000, 2, 29)), "2000-02-29");
    }
}
