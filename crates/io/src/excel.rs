//! Excel workbooks (and OpenDocument spreadsheets), read with calamine:
//! a sheet as rows of [`Cell`]s numbered as Excel shows them.
//!
//! The header is the first row holding every column the options name
//! (see [`header_index`]), so a title and blank rows above it are passed
//! over; a blank row below it (every cell empty) is skipped and counted
//! in [`Skipped::blank_rows`](crate::Skipped::blank_rows).
//!
//! Cells keep their type (text, number, date-time, boolean); an error
//! cell (`#N/A`, `#DIV/0!`...) reads as [`Cell::Empty`], so a coordinate
//! that is an error skips its row as an empty one would (counted in
//! [`Skipped::empty`](crate::Skipped::empty)).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader};

use crate::cell::serial_of_date;
use crate::csv_points::normalize;
use crate::read::PointOptions;
use crate::rows::{PointRows, RowSource, coordinate_columns};
use crate::{Cell, Error, PointLayer, listed};

/// A sheet of a workbook, read.
pub(crate) struct Sheet {
    /// The sheet's name.
    pub(crate) name: String,
    /// The used range: its first row is the header.
    pub(crate) range: Range<Data>,
}

impl Sheet {
    /// The row Excel shows for the range's `i`-th row (0 = its first).
    pub(crate) fn row_number(&self, i: usize) -> usize {
        self.range.start().map_or(1, |(row, _)| row as usize + 1) + i
    }
}

/// Opens a workbook and reads `sheet` (else the first sheet).
pub(crate) fn read_sheet(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, Error> {
    let broken = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|error| broken(error.to_string()))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|name| name.as_str() == wanted)
            .or_else(|| {
                names
                    .iter()
                    .find(|name| name.trim().eq_ignore_ascii_case(wanted.trim()))
            })
            .cloned()
            .ok_or_else(|| {
                let shown: Vec<&str> = names.iter().map(String::as_str).collect();
                Error::MissingSheet {
                    path: path.to_path_buf(),
                    sheet: wanted.to_owned(),
                    sheets: listed(&shown),
                }
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| broken("the workbook has no sheets".to_owned()))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|error| broken(format!("sheet `{name}`: {error}")))?;
    Ok(Sheet { name, range })
}

/// How many non-blank rows at the top of a sheet may hold its header.
pub(crate) const HEADER_SEARCH_ROWS: usize = 20;

/// Whether every cell of a row is empty (or blank text).
pub(crate) fn is_blank(row: &[Data]) -> bool {
    row.iter().all(|data| cell_of(data).is_empty())
}

/// The index in the sheet's range of its header row, found among its
/// first [`HEADER_SEARCH_ROWS`] non-blank rows (names compared as
/// [`normalize`] leaves them):
///
/// - with columns `wanted` (named by the options), the first row holding
///   them all; when no row does, the row holding the most of them (then
///   the most cells), for the error that lists its columns;
/// - else, the first row where a coordinate pair is recognised (see
///   [`PointOptions::columns`](crate::PointOptions::columns));
/// - else, the first row with the most non-empty cells.
///
/// A government export's title (a merged cell in A1) and the blank row
/// under it are so passed over.
pub(crate) fn header_index(range: &Range<Data>, wanted: &[String]) -> usize {
    let wanted: Vec<String> = wanted.iter().map(|name| normalize(name)).collect();
    let candidates: Vec<(usize, Vec<String>)> = range
        .rows()
        .enumerate()
        .filter(|(_, row)| !is_blank(row))
        .take(HEADER_SEARCH_ROWS)
        .map(|(i, row)| {
            let names = row
                .iter()
                .map(|data| normalize(&cell_of(data).as_text()))
                .collect();
            (i, names)
        })
        .collect();
    let filled = |names: &[String]| names.iter().filter(|name| !name.is_empty()).count();
    // The first candidate with the greatest score.
    let best = |score: &dyn Fn(&[String]) -> (usize, usize)| {
        candidates
            .iter()
            .rev()
            .max_by_key(|(_, names)| score(names))
            .map_or(0, |(i, _)| *i)
    };
    if !wanted.is_empty() {
        let held = |names: &[String]| wanted.iter().filter(|w| names.contains(w)).count();
        return candidates
            .iter()
            .find(|(_, names)| held(names) == wanted.len())
            .map_or_else(|| best(&|names| (held(names), filled(names))), |(i, _)| *i);
    }
    candidates
        .iter()
        .find(|(_, names)| matches!(coordinate_columns(names, None), Ok(Some(_))))
        .map_or_else(|| best(&|names| (filled(names), 0)), |(i, _)| *i)
}

/// A calamine cell as a [`Cell`].
pub(crate) fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(text) if text.is_empty() => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(datetime) if datetime.is_duration() => Cell::Number(datetime.as_f64()),
        Data::DateTime(datetime) => {
            let (year, month, day, hour, minute, second, milli) = datetime.to_ymd_hms_milli();
            let date = serial_of_date(i64::from(year), u32::from(month), u32::from(day));
            let time = f64::from(hour) * 3600.0
                + f64::from(minute) * 60.0
                + f64::from(second)
                + f64::from(milli) / 1000.0;
            Cell::DateTime(date + time / 86_400.0)
        }
    }
}

/// Reads an Excel point layer: see [`read_points`](crate::read_points).
pub(crate) fn read_excel_points(
    path: &Path,
    bytes: &[u8],
    options: &PointOptions,
) -> Result<PointLayer, Error> {
    let sheet = read_sheet(path, bytes, options.sheet.as_deref())?;
    let wanted: Vec<String> = options
        .columns
        .iter()
        .flat_map(|(x, y)| [x, y])
        .chain(&options.weight)
        .chain(&options.id)
        .chain(&options.number_lists)
        .cloned()
        .collect();
    let at = header_index(&sheet.range, &wanted);
    let mut rows = sheet.range.rows().skip(at);
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|data| normalize(&cell_of(data).as_text()))
        .collect();
    let mut points = PointRows::new(path, header, options, RowSource::Sheet(&sheet.name))?;
    points.layer.header_row = Some(sheet.row_number(at));
    let mut record = csv::StringRecord::new();
    for (i, row) in rows.enumerate() {
        record.clear();
        for data in row {
            record.push_field(&cell_of(data).as_text());
        }
        points.push(sheet.row_number(at + i + 1), 0, &record)?;
    }
    points.finish()
}
