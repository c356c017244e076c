//! Hourly population tables as cities publish them: one row per area and
//! hour, as in Seoul's living-population files (생활인구). The dong file
//! `LOCAL_PEOPLE_DONG_YYYYMM.csv` has `기준일ID`, `시간대구분`,
//! `행정동코드`, `총생활인구수` and 28 age/sex columns
//! (`남자0세부터9세생활인구수`...); the census-output-area file
//! `LOCAL_PEOPLE_YYYYMMDD.csv` has `집계구코드` after `행정동코드`. Both
//! are CP949 (sometimes with a UTF-8 byte order mark, or a stray `?`,
//! before the first name), every cell quoted, hours `00`–`23`, small
//! values masked as `*`.
//!
//! A CSV file is split on its raw bytes: CP949, like UTF-8, is
//! ASCII-compatible and its trail bytes are never `,`, `"`, `\r` or `\n`,
//! so records and fields are found without decoding, and only the header
//! and the fields read (codes, days) are decoded. A big file is cut into
//! pieces at record boundaries and parsed in parallel. Workbooks go
//! through [`read_table`](crate::read_table).

mod split;

use std::path::{Path, PathBuf};

use crate::read::{Format, Geometry, read_classified};
use crate::rows::shown_header;
use crate::{Cell, Encoding, Error, TableOptions, read_table};

/// Options for [`read_hourly`] (a consuming builder).
///
/// # Examples
///
/// ```
/// use sightline_io::{Encoding, HourlyOptions};
///
/// let options = HourlyOptions::new()
///     .columns("집계구코드", "시간대구분", "총생활인구수")
///     .day("기준일ID")
///     .encoding(Encoding::Cp949);
/// assert_eq!(options.named_columns(), Some(("집계구코드", "시간대구분", "총생활인구수")));
/// ```
#[derive(Clone, Debug, Default)]
pub struct HourlyOptions {
    columns: Option<(String, String, String)>,
    day: Option<String>,
    encoding: Encoding,
    delimiter: Option<u8>,
    sheet: Option<String>,
}

impl HourlyOptions {
    /// Options with every default: columns recognised from the header,
    /// the encoding and delimiter found, the first sheet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The area-code, hour and value columns, by name (compared as the
    /// header's names are: trimmed, without quotes or byte order mark,
    /// ASCII letters in any case). Without it they are recognised, as
    /// [`read_hourly`] says.
    pub fn columns(
        mut self,
        code: impl Into<String>,
        hour: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.columns = Some((code.into(), hour.into(), value.into()));
        self
    }

    /// The column telling the days apart (default: recognised, else the
    /// table is one day).
    pub fn day(mut self, name: impl Into<String>) -> Self {
        self.day = Some(name.into());
        self
    }

    /// The encoding of a CSV file (default [`Encoding::Auto`]: UTF-8 when
    /// the bytes are valid UTF-8, else CP949).
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The field separator of a CSV file (default: found from the header).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// The sheet of a workbook to read (else the first).
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(name.into());
        self
    }

    /// The code, hour and value columns named, if set.
    pub fn named_columns(&self) -> Option<(&str, &str, &str)> {
        self.columns
            .as_ref()
            .map(|(code, hour, value)| (code.as_str(), hour.as_str(), value.as_str()))
    }
}

/// One row's population cell, as read.
///
/// # Examples
///
/// ```
/// use sightline_io::HourlyValue;
///
/// assert_eq!(HourlyValue::parse(" 12.50 "), HourlyValue::Number(12.5));
/// assert_eq!(HourlyValue::parse("*"), HourlyValue::Masked);
/// assert_eq!(HourlyValue::parse(""), HourlyValue::Masked);
/// assert_eq!(HourlyValue::parse("1,234.5"), HourlyValue::Number(1234.5));
/// assert_eq!(HourlyValue::parse("12,34"), HourlyValue::Bad);
/// assert_eq!(HourlyValue::parse("-3"), HourlyValue::Bad);
/// assert_eq!(HourlyValue::parse("n/a"), HourlyValue::Bad);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HourlyValue {
    /// A finite, non-negative number.
    Number(f64),
    /// Masked by the publisher: `*`, `-` or an empty cell.
    Masked,
    /// Anything else: text, a negative or non-finite number.
    Bad,
}

impl HourlyValue {
    /// A cell's text as a value (surrounding white space ignored).
    pub fn parse(text: &str) -> Self {
        value_of(text.as_bytes())
    }
}

/// A column of area codes, its codes numbered.
///
/// # Examples
///
/// ```
/// use sightline_io::CodeColumn;
///
/// let column = CodeColumn { name: "행정동코드".into(), codes: vec!["11110515".into()], index: vec![0, 0] };
/// assert_eq!(column.code(1), "11110515");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CodeColumn {
    /// The column's name as the header writes it (trimmed).
    pub name: String,
    /// Its distinct codes, in order of first appearance, normalised:
    /// trimmed, without quotes, without a trailing `.0` (an Excel number).
    pub codes: Vec<String>,
    /// Each row's code: `codes[index[i]]` is row `i`'s.
    pub index: Vec<u32>,
}

impl CodeColumn {
    /// Row `i`'s code.
    ///
    /// # Panics
    ///
    /// When `i` is not a row.
    pub fn code(&self, i: usize) -> &str {
        &self.codes[self.index[i] as usize]
    }
}

/// An hourly population table as read by [`read_hourly`]: one entry per
/// data row in `rows`, `hour`, `value` and each code column's `index`.
///
/// # Examples
///
/// ```
/// use sightline_io::{read_hourly, HourlyOptions, HourlyValue};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("LOCAL_PEOPLE_DONG_202301.csv");
/// std::fs::write(&path, "\u{feff}\"기준일ID\",\"시간대구분\",\"행정동코드\",\"총생활인구수\"\n\
///     \"20230101\",\"00\",\"11110515\",\"12.50\"\n\
///     \"20230101\",\"1\",\"11110515\",\"*\"\n\
///     \"20230102\",\"24\",\"11110530.0\",\"-1\"\n").unwrap();
/// let table = read_hourly(&path, &HourlyOptions::new()).unwrap();
/// assert_eq!((table.hour_column.as_str(), table.value_column.as_str()), ("시간대구분", "총생활인구수"));
/// assert_eq!(table.day_column.as_deref(), Some("기준일ID"));
/// assert_eq!(table.days, 2);
/// assert_eq!(table.rows, vec![2, 3, 4]);
/// assert_eq!(table.hour, vec![Some(0), Some(1), None]);
/// assert_eq!(table.value, vec![HourlyValue::Number(12.5), HourlyValue::Masked, HourlyValue::Bad]);
/// assert_eq!(table.code_columns[0].codes, vec!["11110515", "11110530"]);
/// assert_eq!(table.code_columns[0].index, vec![0, 0, 1]);
/// ```
#[derive(Clone, Debug)]
pub struct HourlyTable {
    /// The file read.
    pub path: PathBuf,
    /// The encoding a CSV file was read in (found, or as given); `None`
    /// for a workbook.
    pub encoding: Option<Encoding>,
    /// The sheet of a workbook read; `None` for CSV.
    pub sheet: Option<String>,
    /// The hour column's name as the header writes it.
    pub hour_column: String,
    /// The value (population) column's name.
    pub value_column: String,
    /// The day column's name, if there is one.
    pub day_column: Option<String>,
    /// The code columns: the one named by [`HourlyOptions::columns`]; or,
    /// recognised, each of `집계구코드` and `행정동코드` present (in that
    /// order), else the first of `행정동_코드`, `adm_cd`, `code`.
    pub code_columns: Vec<CodeColumn>,
    /// The number of distinct texts of the day column over all data rows
    /// (1 without a day column, or without rows).
    pub days: usize,
    /// Each row's hour: `Some(0..=23)`, or `None` when the cell is not a
    /// whole number from 0 to 23. `24` is `None` too: the tables write
    /// `00`–`23`, and a 24 could mean the next day's midnight, another
    /// day; it is counted as bad rather than guessed.
    pub hour: Vec<Option<u8>>,
    /// Each row's value.
    pub value: Vec<HourlyValue>,
    /// Each row's place: for CSV its row as a spreadsheet numbers it (the
    /// header is row 1); in a workbook the sheet's row number.
    pub rows: Vec<u32>,
    /// Rows below the header whose every cell is empty: skipped, not in
    /// `rows`.
    pub blank_rows: usize,
}

/// Names recognised for the hour column, in order of preference.
pub const HOUR_COLUMNS: &[&str] = &["시간대구분", "시간대", "시간", "hour"];
/// Names recognised for the value column.
pub const VALUE_COLUMNS: &[&str] = &["총생활인구수", "생활인구수", "생활인구", "population"];
/// Names recognised for the day column.
pub const DAY_COLUMNS: &[&str] = &["기준일ID", "기준일", "일자", "date", "day"];
/// Code columns all kept when present, in this order.
pub const CODE_COLUMNS: &[&str] = &["집계구코드", "행정동코드"];
/// Code columns recognised when none of [`CODE_COLUMNS`] is present, the
/// first found kept.
pub const OTHER_CODE_COLUMNS: &[&str] = &["행정동_코드", "adm_cd", "code"];

/// Reads an hourly population table from CSV (a name ending in `.csv`,
/// or any file that is not JSON, an Excel workbook or a Shapefile) or a
/// workbook sheet.
///
/// Columns are found by the names of [`HourlyOptions::columns`] and
/// [`HourlyOptions::day`], else recognised: the hour from
/// [`HOUR_COLUMNS`], the value from [`VALUE_COLUMNS`], the day from
/// [`DAY_COLUMNS`] (none: the table is one day), the codes as
/// [`HourlyTable::code_columns`] says. Names are compared trimmed,
/// without quotes, byte order mark or leading `?`, ASCII letters in any
/// case.
///
/// Nothing in a row is an error: hours and values that cannot be used are
/// kept as `None` and [`HourlyValue::Bad`] for the caller to count.
/// Blank rows are skipped and counted.
///
/// In a CSV file only the header and the code and day fields are decoded;
/// a CP949 file's other fields are not checked to be valid CP949.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be read; [`Error::MissingColumn`]
/// naming what was looked for and the header found; [`Error::Decode`]
/// for a header not in the encoding; [`Error::CsvRow`] for a CSV row with
/// another number of fields than the header, or broken quoting; the
/// workbook errors of [`read_table`].
pub fn read_hourly(path: &Path, options: &HourlyOptions) -> Result<HourlyTable, Error> {
    let (format, bytes) = read_classified(path, Geometry::Points)?;
    let csv = match format {
        Format::Csv => true,
        // Not told otherwise, and not JSON: a table with another ending.
        Format::GeoJson => bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&bytes)
            .trim_ascii_start()
            .first()
            .is_none_or(|&b| b != b'{'),
        Format::Excel | Format::Shapefile | Format::FlatGeobuf => false,
    };
    if csv {
        split::read_csv(path, &bytes, options, rayon::current_num_threads())
    } else {
        read_workbook(path, options)
    }
}

/// A header name as compared: trimmed, without quotes, byte order marks
/// or leading `?` (a byte order mark lost in a conversion), ASCII letters
/// in lower case.
pub(crate) fn normalize_name(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '\u{feff}' || c == '?')
        .to_ascii_lowercase()
}

/// The columns of a table, found in its header.
#[derive(Debug)]
pub(crate) struct Columns {
    pub(crate) codes: Vec<usize>,
    pub(crate) hour: usize,
    pub(crate) value: usize,
    pub(crate) day: Option<usize>,
}

/// Finds the columns in `header` (names as written).
pub(crate) fn find_columns(
    path: &Path,
    header: &[String],
    options: &HourlyOptions,
) -> Result<Columns, Error> {
    let normalized: Vec<String> = header.iter().map(|h| normalize_name(h)).collect();
    let find = |name: &str| {
        let name = normalize_name(name);
        normalized.iter().position(|h| *h == name)
    };
    let missing = |looked_for: String| Error::MissingColumn {
        path: path.to_path_buf(),
        looked_for,
        header: shown_header(header),
    };
    let listed = |names: &[&str]| {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    };
    let recognised = |what: &str, names: &[&str]| {
        names.iter().find_map(|name| find(name)).ok_or_else(|| {
            missing(format!(
                "for the {what}: looked for {} (name the columns to use others)",
                listed(names)
            ))
        })
    };
    let named = |name: &str| find(name).ok_or_else(|| missing(format!("`{name}`")));
    let (codes, hour, value) = match &options.columns {
        Some((code, hour, value)) => (vec![named(code)?], named(hour)?, named(value)?),
        None => {
            let mut codes: Vec<usize> = CODE_COLUMNS.iter().filter_map(|name| find(name)).collect();
            if codes.is_empty() {
                let all: Vec<&str> = CODE_COLUMNS.iter().chain(OTHER_CODE_COLUMNS).copied().collect();
                codes.push(recognised("area code", &all)?);
            }
            (
                codes,
                recognised("hour", HOUR_COLUMNS)?,
                recognised("population", VALUE_COLUMNS)?,
            )
        }
    };
    let day = match &options.day {
        Some(name) => Some(named(name)?),
        None => DAY_COLUMNS.iter().find_map(|name| find(name)),
    };
    Ok(Columns {
        codes,
        hour,
        value,
        day,
    })
}

/// An hour cell's bytes: a whole number 0–23 (`7`, `07`, `7.0`).
pub(crate) fn hour_of(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.trim_ascii();
    let bytes = bytes.strip_suffix(b".0").unwrap_or(bytes);
    if bytes.is_empty() || bytes.len() > 2 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let hour = bytes.iter().fold(0u8, |h, &d| h * 10 + (d - b'0'));
    (hour < 24).then_some(hour)
}

/// A value cell's bytes as a value.
pub(crate) fn value_of(bytes: &[u8]) -> HourlyValue {
    match bytes.trim_ascii() {
        b"" | b"*" | b"-" => HourlyValue::Masked,
        text => std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse::<f64>().ok().or_else(|| grouped(t)))
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map_or(HourlyValue::Bad, HourlyValue::Number),
    }
}

/// A number written with thousands separators (`1,234.56`, `12,345`):
/// groups of three digits after the first, a decimal point at most once.
fn grouped(text: &str) -> Option<f64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let rest: Vec<&str> = groups.collect();
    let well_formed = digits(first)
        && first.len() <= 3
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g))
        && fraction.is_none_or(digits);
    if !well_formed {
        return None;
    }
    let mut plain: String = whole.chars().filter(|&c| c != ',').collect();
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    plain.parse().ok()
}

/// A code cell's bytes, normalised: trimmed, without quotes, without a
/// trailing `.0`.
pub(crate) fn code_of(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.trim_ascii();
    let bytes = bytes
        .strip_prefix(b"\"")
        .or_else(|| bytes.strip_prefix(b"'"))
        .unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\"").unwrap_or(bytes);
    let bytes = bytes.trim_ascii();
    bytes.strip_suffix(b".0").unwrap_or(bytes)
}

fn read_workbook(path: &Path, options: &HourlyOptions) -> Result<HourlyTable, Error> {
    let mut table_options = TableOptions::new();
    if let Some(sheet) = &options.sheet {
        table_options = table_options.sheet(sheet.clone());
    }
    let table = read_table(path, &table_options)?;
    let columns = find_columns(path, &table.header, options)?;
    let mut hourly = empty(path, &table.header, &columns);
    hourly.sheet = table.sheet.clone();
    hourly.blank_rows = table.blank_rows;
    let mut codes: Vec<rustc_hash::FxHashMap<String, u32>> = vec![Default::default(); columns.codes.len()];
    let mut days = rustc_hash::FxHashSet::default();
    for (row, cells) in table.rows.iter().zip(&table.cells) {
        hourly.rows.push(u32::try_from(*row).unwrap_or(u32::MAX));
        hourly.hour.push(match &cells[columns.hour] {
            Cell::Number(h) if h.fract() == 0.0 && (0.0..24.0).contains(h) => Some(*h as u8),
            Cell::Number(_) => None,
            cell => hour_of(cell.as_text().as_bytes()),
        });
        hourly.value.push(match &cells[columns.value] {
            Cell::Number(v) if v.is_finite() && *v >= 0.0 => HourlyValue::Number(*v),
            Cell::Number(_) => HourlyValue::Bad,
            cell => value_of(cell.as_text().as_bytes()),
        });
        for (k, &c) in columns.codes.iter().enumerate() {
            let text = cells[c].as_text();
            let code = String::from_utf8_lossy(code_of(text.as_bytes())).into_owned();
            let column = &mut hourly.code_columns[k];
            let next = column.codes.len() as u32;
            let index = *codes[k].entry(code).or_insert_with_key(|code| {
                column.codes.push(code.clone());
                next
            });
            column.index.push(index);
        }
        if let Some(d) = columns.day {
            days.insert(cells[d].as_text().trim().to_owned());
        }
    }
    hourly.days = days.len().max(1);
    Ok(hourly)
}

/// A table without rows, its columns named from `header`.
pub(crate) fn empty(path: &Path, header: &[String], columns: &Columns) -> HourlyTable {
    HourlyTable {
        path: path.to_path_buf(),
        encoding: None,
        sheet: None,
        hour_column: header[columns.hour].clone(),
        value_column: header[columns.value].clone(),
        day_column: columns.day.map(|d| header[d].clone()),
        code_columns: columns
            .codes
            .iter()
            .map(|&c| CodeColumn {
                name: header[c].clone(),
                codes: Vec::new(),
                index: Vec::new(),
            })
            .collect(),
        days: 1,
        hour: Vec::new(),
        value: Vec::new(),
        rows: Vec::new(),
        blank_rows: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_whole_numbers_below_24() {
        assert_eq!(hour_of(b"00"), Some(0));
        assert_eq!(hour_of(b" 7 "), Some(7));
        assert_eq!(hour_of(b"23"), Some(23));
        assert_eq!(hour_of(b"7.0"), Some(7));
        assert_eq!(hour_of(b"24"), None);
        assert_eq!(hour_of(b"-1"), None);
        assert_eq!(hour_of(b"007"), None);
        assert_eq!(hour_of(b"7.5"), None);
        assert_eq!(hour_of(b""), None);
        assert_eq!(hour_of("시".as_bytes()), None);
    }

    #[test]
    fn values_are_numbers_masks_or_bad() {
        assert_eq!(value_of(b"0"), HourlyValue::Number(0.0));
        assert_eq!(value_of(b"1234.56"), HourlyValue::Number(1234.56));
        assert_eq!(value_of(b" - "), HourlyValue::Masked);
        assert_eq!(value_of(b"inf"), HourlyValue::Bad);
        assert_eq!(value_of(b"NaN"), HourlyValue::Bad);
        assert_eq!(value_of(b"-0.5"), HourlyValue::Bad);
    }

    #[test]
    fn codes_are_normalised() {
        assert_eq!(code_of(b" 3110151.0 "), b"3110151");
        assert_eq!(code_of(b"\"1111051500000\""), b"1111051500000");
        assert_eq!(code_of(b"'11110515"), b"11110515");
    }

    #[test]
    fn header_names_lose_marks_and_case() {
        assert_eq!(normalize_name("?\"기준일ID\""), "기준일id");
        assert_eq!(normalize_name("\u{feff}기준일ID"), "기준일id");
        assert_eq!(normalize_name(" Hour "), "hour");
    }
}
