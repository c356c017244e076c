//! Reading point layers from CSV files, as Korean public data portals
//! publish them: UTF-8 or CP949, coordinates in `위도`/`경도` or
//! lon/lat/x/y columns, many rows without coordinates.
//!
//! The bytes are decoded first (see [`Encoding`]), then split by the `csv`
//! crate. Rows whose coordinates cannot be used are skipped and counted in
//! [`Skipped`], never dropped silently; rows of the wrong shape, and
//! property values named by the options that are unusable, are errors.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use encoding_rs::EUC_KR;

use crate::read::PointOptions;
use crate::rows::{PointRows, RowSource};
use crate::{Error, PointLayer};

/// The character encoding of a CSV file (see [`PointOptions::encoding`]).
///
/// Parses, ignoring case and surrounding white space, from `auto`,
/// `utf-8` or `utf8`, and `cp949`, `euc-kr` or `euckr`.
///
/// # Examples
///
/// ```
/// use sightline_io::Encoding;
///
/// assert_eq!("EUC-KR".parse::<Encoding>().unwrap(), Encoding::Cp949);
/// assert_eq!(" utf8 ".parse::<Encoding>().unwrap(), Encoding::Utf8);
/// assert_eq!(Encoding::default(), Encoding::Auto);
/// assert_eq!(Encoding::Cp949.to_string(), "cp949");
/// assert!("latin1".parse::<Encoding>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 when the bytes are valid UTF-8, else CP949.
    #[default]
    Auto,
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// CP949 (windows-949, the WHATWG `euc-kr` encoding), a superset of
    /// EUC-KR: what Korean public data portals publish.
    Cp949,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Cp949 => "cp949",
        })
    }
}

impl FromStr for Encoding {
    type Err = Error;

    /// Parses `auto`, `utf-8`/`utf8` or `cp949`/`euc-kr`/`euckr`, ignoring
    /// case and surrounding white space.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        match input.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "cp949" | "euc-kr" | "euckr" => Ok(Encoding::Cp949),
            _ => Err(Error::ParseEncoding {
                input: input.to_string(),
            }),
        }
    }
}

/// The layout of a CSV point layer, recognised from its header.
///
/// The national standard formats of data.go.kr are recognised by these
/// columns (others may be present too):
///
/// - [`CsvFormat::NationalCctv`] (전국CCTV표준데이터): `설치목적구분`,
///   `카메라대수`, `위도`, `경도`;
/// - [`CsvFormat::NationalSecurityLight`] (보안등정보): `보안등위치명`,
///   `설치개수`, `위도`, `경도`.
///
/// In these formats, without [`PointOptions::weight`], each point's weight
/// is its count column (see [`CsvFormat::count_column`]).
///
/// # Examples
///
/// ```
/// use sightline_io::{read_points, CsvFormat, PointOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("lights.csv");
/// std::fs::write(&path, "보안등위치명,설치개수,위도,경도\n정문,2,37.6,126.8\n").unwrap();
/// let layer = read_points(&path, &PointOptions::new()).unwrap();
/// assert_eq!(layer.format, Some(CsvFormat::NationalSecurityLight));
/// assert_eq!(layer.weights, vec![2.0]);
/// assert_eq!(CsvFormat::NationalCctv.count_column(), Some("카메라대수"));
/// assert_eq!(CsvFormat::Generic.count_column(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvFormat {
    /// Any other CSV with coordinate columns.
    Generic,
    /// 전국CCTV표준데이터, the national standard CCTV data.
    NationalCctv,
    /// 보안등정보, the national standard security-light data.
    NationalSecurityLight,
}

impl CsvFormat {
    /// The column counting the cameras or lights at each row's place,
    /// used as the default weight: `카메라대수` for CCTV, `설치개수` for
    /// security lights, none for [`CsvFormat::Generic`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::CsvFormat;
    ///
    /// assert_eq!(CsvFormat::NationalSecurityLight.count_column(), Some("설치개수"));
    /// ```
    pub fn count_column(self) -> Option<&'static str> {
        match self {
            CsvFormat::Generic => None,
            CsvFormat::NationalCctv => Some("카메라대수"),
            CsvFormat::NationalSecurityLight => Some("설치개수"),
        }
    }

    /// The format of a header (names as normalised by [`normalize`]).
    pub(crate) fn of(header: &[String]) -> Self {
        let has_all = |names: &[&str]| names.iter().all(|name| header.iter().any(|h| h == name));
        if has_all(&["설치목적구분", "카메라대수", "위도", "경도"]) {
            CsvFormat::NationalCctv
        } else if has_all(&["보안등위치명", "설치개수", "위도", "경도"]) {
            CsvFormat::NationalSecurityLight
        } else {
            CsvFormat::Generic
        }
    }
}

impl fmt::Display for CsvFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CsvFormat::Generic => "generic CSV",
            CsvFormat::NationalCctv => "national standard CCTV data (전국CCTV표준데이터)",
            CsvFormat::NationalSecurityLight => "national standard security-light data (보안등정보)",
        })
    }
}

/// The rows of a CSV layer skipped for want of usable coordinates: either
/// coordinate empty, not a number, not finite, or (longitude/latitude
/// layers) outside [-180, 180] × [-90, 90]. GeoJSON layers skip nothing.
///
/// Rows are numbered as a spreadsheet shows them: the header is row 1, the
/// first data row is row 2, and a record with a quoted field spanning
/// several lines is still one row (its file line can then be larger).
///
/// # Examples
///
/// ```
/// use sightline_io::{read_points, PointOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("poles.csv");
/// std::fs::write(&path, "name,lon,lat\na,126.8,37.6\nb,,\nc,abc,37.6\nd,126.9,37.7\n").unwrap();
/// let layer = read_points(&path, &PointOptions::new()).unwrap();
/// assert_eq!(layer.points.len(), 2);
/// assert_eq!((layer.skipped.count, layer.skipped.empty, layer.skipped.invalid), (2, 1, 1));
/// assert_eq!(layer.skipped.first_rows, vec![3, 4]);
/// assert_eq!(
///     layer.skipped.to_string(),
///     "skipped 2 of 4 rows without usable coordinates (empty: 1; invalid: 1; first rows: 3, 4)",
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    /// Data rows read in all, skipped or not (0 for GeoJSON).
    pub rows: usize,
    /// Rows skipped: `empty + invalid + out_of_range`.
    pub count: usize,
    /// Rows with an empty (or blank) coordinate.
    pub empty: usize,
    /// Rows with a coordinate that is not a finite number.
    pub invalid: usize,
    /// Rows of a longitude/latitude layer outside [-180, 180] × [-90, 90]
    /// (but not merely swapped: that is an error).
    pub out_of_range: usize,
    /// The first [`Skipped::FIRST_ROWS`] rows skipped, numbered as a
    /// spreadsheet shows them (the header is row 1, the first data row is
    /// row 2).
    pub first_rows: Vec<usize>,
    /// Rows of a CSV file or Excel sheet below the header whose every
    /// cell is empty: skipped, and counted neither in `rows` nor in
    /// `count`. Callers may say "N blank rows skipped".
    #[serde(default)]
    pub blank_rows: usize,
}

impl Skipped {
    /// How many skipped rows [`Skipped::first_rows`] lists at most.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(sightline_io::Skipped::FIRST_ROWS, 10);
    /// ```
    pub const FIRST_ROWS: usize = 10;

    /// Whether no row was skipped.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(sightline_io::Skipped::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// A one-line message for a user, or `None` when nothing was skipped
    /// (the [`Display`](fmt::Display) form says `no rows skipped`).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::Skipped;
    ///
    /// assert_eq!(Skipped::default().describe(), None);
    /// let skipped = Skipped { rows: 12, count: 1, empty: 1, first_rows: vec![4], ..Skipped::default() };
    /// assert_eq!(
    ///     skipped.describe().unwrap(),
    ///     "skipped 1 of 12 rows without usable coordinates (empty: 1; first rows: 4)",
    /// );
    /// ```
    pub fn describe(&self) -> Option<String> {
        (!self.is_empty()).then(|| self.to_string())
    }

    pub(crate) fn add(&mut self, row: usize, reason: SkipReason) {
        self.count += 1;
        match reason {
            SkipReason::Empty => self.empty += 1,
            SkipReason::Invalid => self.invalid += 1,
            SkipReason::OutOfRange => self.out_of_range += 1,
        }
        if self.first_rows.len() < Self::FIRST_ROWS {
            self.first_rows.push(row);
        }
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("no rows skipped");
        }
        write!(
            f,
            "skipped {} of {} rows without usable coordinates (",
            self.count, self.rows
        )?;
        let reasons = [
            ("empty", self.empty),
            ("invalid", self.invalid),
            ("out of range", self.out_of_range),
        ];
        for (name, count) in reasons {
            if count > 0 {
                write!(f, "{name}: {count}; ")?;
            }
        }
        let rows: Vec<String> = self.first_rows.iter().map(usize::to_string).collect();
        let more = if self.count > self.first_rows.len() {
            ", ..."
        } else {
            ""
        };
        write!(f, "first rows: {}{more})", rows.join(", "))
    }
}

#[derive(Clone, Copy)]
pub(crate) enum SkipReason {
    Empty,
    Invalid,
    OutOfRange,
}

/// The row of a CSV file's header, as a spreadsheet numbers it: data rows
/// follow from row 2.
pub(crate) const HEADER_ROW: usize = 1;

/// Coordinate column pairs recognised by header, in order of preference:
/// `(x, y, longitude/latitude)`.
pub(crate) const COORDINATE_COLUMNS: &[(&str, &str, bool)] = &[
    ("경도", "위도", true),
    ("longitude", "latitude", true),
    ("lon", "lat", true),
    ("lng", "lat", true),
    ("x", "y", false),
];

/// A header name as matched: without surrounding white space, quotes or
/// byte order mark, ASCII letters in lower case.
pub(crate) fn normalize(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '\u{feff}')
        .to_ascii_lowercase()
}

/// Reads a CSV point layer: see [`read_points`](crate::read_points).
pub(crate) fn read_csv_points(
    path: &Path,
    bytes: &[u8],
    options: &PointOptions,
) -> Result<PointLayer, Error> {
    let text = decode(path, bytes, options.encoding)?;
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| csv_error(path, HEADER_ROW, &error))?
        .iter()
        .map(normalize)
        .collect();
    let mut rows = PointRows::new(path, header, options, RowSource::Csv)?;
    rows.layer.delimiter = Some(delimiter);
    rows.layer.header_row = Some(HEADER_ROW);
    let mut record = csv::StringRecord::new();
    loop {
        let row = HEADER_ROW + 1 + rows.records;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(csv_error(path, row, &error)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() != rows.header.len() {
            let fields = |n: usize| {
                if n == 1 {
                    "1 field".to_owned()
                } else {
                    format!("{n} fields")
                }
            };
            let start = record.position().map_or(0, |p| p.byte() as usize);
            // An unclosed quote swallows the rest of the file into one field:
            // the quotes from this row on are then odd in number.
            let unclosed = text
                .get(start..)
                .is_some_and(|rest| rest.matches('"').count() % 2 == 1);
            return Err(Error::CsvRow {
                path: path.to_path_buf(),
                row,
                line,
                reason: format!(
                    "has {}, but the header has {}{}",
                    fields(record.len()),
                    fields(rows.header.len()),
                    if unclosed {
                        ": a quote (\") is opened and never closed, so the row runs to the end of the file"
                    } else {
                        ""
                    }
                ),
            });
        }
        rows.push(row, line, &record)?;
    }
    rows.finish()
}

/// The field separators [`detect_delimiter`] chooses from, the default
/// first.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The field separator of a CSV text: of [`DELIMITERS`], the one that
/// splits the header record into the most fields (quotes respected), the
/// first of them on a tie.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let fields = |delimiter: u8| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => record.len(),
            _ => 0,
        }
    };
    let mut best = (DELIMITERS[0], fields(DELIMITERS[0]));
    for delimiter in &DELIMITERS[1..] {
        let count = fields(*delimiter);
        if count > best.1 {
            best = (*delimiter, count);
        }
    }
    best.0
}

/// Why a row's coordinates cannot be used.
pub(crate) enum Unusable {
    /// Skip the row.
    Skip(SkipReason),
    /// Longitude and latitude look swapped: an error, with this reason.
    Swapped(String),
}

/// A row's coordinates, checked.
pub(crate) fn coordinates(x: &str, y: &str, geographic: bool) -> Result<(f64, f64), Unusable> {
    let (x, y) = (x.trim(), y.trim());
    if x.is_empty() || y.is_empty() {
        return Err(Unusable::Skip(SkipReason::Empty));
    }
    let (Some(x), Some(y)) = (number(x), number(y)) else {
        return Err(Unusable::Skip(SkipReason::Invalid));
    };
    if geographic {
        if !(-90.0..=90.0).contains(&y) {
            if x.abs() <= 90.0 && y.abs() <= 180.0 {
                return Err(Unusable::Swapped(format!(
                    "latitude {y:?} is outside [-90, 90]; are longitude and latitude swapped?"
                )));
            }
            return Err(Unusable::Skip(SkipReason::OutOfRange));
        }
        if !(-180.0..=180.0).contains(&x) {
            return Err(Unusable::Skip(SkipReason::OutOfRange));
        }
    }
    Ok((x, y))
}

/// A cell as a finite number, as GeoJSON numeric strings are read.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A text (a CSV cell, a GeoJSON string property) as a list of finite
/// numbers separated by commas or white space: `Some(None)` when blank,
/// `None` when not numbers.
pub(crate) fn number_list(text: &str) -> Option<Option<Vec<f64>>> {
    let numbers = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(number)
        .collect::<Option<Vec<f64>>>()?;
    Some((!numbers.is_empty()).then_some(numbers))
}

pub(crate) fn csv_error(path: &Path, row: usize, error: &csv::Error) -> Error {
    Error::CsvRow {
        path: path.to_path_buf(),
        row,
        line: error.position().map_or(0, csv::Position::line),
        reason: error.to_string(),
    }
}

/// The file's text, decoded as `encoding` says; a UTF-8 byte order mark is
/// dropped.
pub(crate) fn decode<'a>(
    path: &Path,
    bytes: &'a [u8],
    encoding: Encoding,
) -> Result<std::borrow::Cow<'a, str>, Error> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = std::str::from_utf8(without_bom);
    let cp949 = || EUC_KR.decode_without_bom_handling_and_without_replacement(bytes);
    let error = |line: usize, reason: String| Error::Decode {
        path: path.to_path_buf(),
        line,
        reason,
    };
    // A byte order mark says UTF-8: a bad byte after it is not CP949.
    let has_bom = without_bom.len() < bytes.len();
    match (encoding, utf8) {
        (Encoding::Auto | Encoding::Utf8, Ok(text)) => Ok(text.into()),
        (Encoding::Auto, Err(utf8_error)) if has_bom => Err(error(
            line_at(without_bom, utf8_error.valid_up_to()),
            "not valid UTF-8, though it starts with a UTF-8 byte order mark".to_owned(),
        )),
        (Encoding::Utf8, Err(utf8_error)) => {
            let line = line_at(without_bom, utf8_error.valid_up_to());
            let hint = if cp949().is_some() {
                "; the file looks like CP949 (EUC-KR): read it with the encoding `cp949`"
            } else {
                ""
            };
            Err(error(line, format!("not valid UTF-8{hint}")))
        }
        (Encoding::Auto | Encoding::Cp949, _) => cp949().ok_or_else(|| {
            // Where decoding first failed: the first replacement character.
            let (replaced, _) = EUC_KR.decode_without_bom_handling(bytes);
            let line = replaced
                .find('\u{fffd}')
                .map_or(1, |at| line_at(replaced.as_bytes(), at));
            match utf8 {
                Err(utf8_error) if encoding == Encoding::Auto => error(
                    line,
                    format!(
                        "the file is neither UTF-8 (first bad byte on line {}) nor CP949 (EUC-KR)",
                        line_at(without_bom, utf8_error.valid_up_to())
                    ),
                ),
                _ => error(line, "the file is not valid CP949 (EUC-KR)".to_owned()),
            }
        }),
    }
}

/// The 1-based line of a byte offset.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    1 + bytes
        .get(..offset)
        .unwrap_or(bytes)
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_splits_the_header_into_the_most_fields() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("경도;위도;\"이름, 별칭\"\n"), b';');
        assert_eq!(detect_delimiter("lon\tlat\tname\n"), b'\t');
        assert_eq!(detect_delimiter("lon|lat\n"), b'|');
        // A tie goes to the comma; a single column is comma-separated.
        assert_eq!(detect_delimiter("a,b;c\n"), b',');
        assert_eq!(detect_delimiter("name\n"), b',');
        assert_eq!(detect_delimiter(""), b',');
    }

    #[test]
    fn headers_are_normalised() {
        assert_eq!(normalize(" \"Lon\" "), "lon");
        assert_eq!(normalize("\u{feff}위도"), "위도");
    }

    #[test]
    fn number_lists_parse_like_geojson_strings() {
        assert_eq!(number_list("45, 135"), Some(Some(vec![45.0, 135.0])));
        assert_eq!(number_list("  "), Some(None));
        assert_eq!(number_list("north"), None);
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_at(b"a\nb\nc", 0), 1);
        assert_eq!(line_at(b"a\nb\nc", 2), 2);
        assert_eq!(line_at(b"a\nb\nc", 99), 3);
    }
}
