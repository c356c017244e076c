//! Tables of records (complaints, say): rows of cells with, where the row
//! has usable coordinates, a point. Unlike a point layer, a row without a
//! point is kept: its place may be found later (by its address).

use std::path::{Path, PathBuf};

use geo_types::Coord;

use crate::csv_points::{
    HEADER_ROW, SkipReason, Unusable, coordinates, csv_error, decode, detect_delimiter, normalize,
};
use crate::excel::{cell_of, header_index, is_blank, read_sheet};
use crate::read::{Format, Geometry, geojson_rows, read_classified};
use crate::rows::{coordinate_columns, shown_header};
use crate::shp::{read_shapefile, shape_points, shape_type};
use crate::{Cell, Crs, Encoding, Error, Skipped};

pub(crate) mod pieces;

/// Options for [`read_table`] (a consuming builder).
///
/// # Examples
///
/// ```
/// use sightline_io::{Crs, TableOptions};
///
/// let options = TableOptions::new().sheet("민원").keep(["제목", "주소"]).crs(Crs::Epsg(5179));
/// assert_eq!(options.kept(), Some(&["제목".to_string(), "주소".to_string()][..]));
/// ```
#[derive(Clone, Debug, Default)]
pub struct TableOptions {
    sheet: Option<String>,
    encoding: Encoding,
    delimiter: Option<u8>,
    crs: Option<Crs>,
    columns: Option<(String, String)>,
    keep: Option<Vec<String>>,
}

impl From<&crate::PointOptions> for TableOptions {
    /// The options a table shares with a point layer: its sheet, encoding,
    /// delimiter, CRS and coordinate columns (every column kept).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Crs, PointOptions, TableOptions};
    ///
    /// let points = PointOptions::new().sheet("민원").crs(Crs::Epsg(5186)).columns("x", "y");
    /// let table = TableOptions::from(&points).keep(["내용"]);
    /// assert_eq!(table.kept(), Some(&["내용".to_string()][..]));
    /// ```
    fn from(options: &crate::PointOptions) -> Self {
        Self {
            sheet: options.sheet.clone(),
            encoding: options.encoding,
            delimiter: options.delimiter,
            crs: options.crs,
            columns: options.columns.clone(),
            keep: None,
        }
    }
}

impl TableOptions {
    /// Options with every default: the first sheet, the encoding and
    /// delimiter found, coordinate columns recognised, every column kept.
    pub fn new() -> Self {
        Self::default()
    }

    /// The Excel sheet to read (else the first), as
    /// [`PointOptions::sheet`](crate::PointOptions::sheet).
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(name.into());
        self
    }

    /// The encoding of a CSV file (default [`Encoding::Auto`]).
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The field separator of a CSV file (default: found from the header).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// The CRS of the coordinates: for CSV and Excel, of the coordinate
    /// columns (default: longitude/latitude); for GeoJSON, when the file
    /// has no `crs` member; for a Shapefile, instead of its `.prj`.
    pub fn crs(mut self, crs: Crs) -> Self {
        self.crs = Some(crs);
        self
    }

    /// The coordinate columns `(x, y)` of a CSV file or sheet; without it
    /// they are recognised from the header as
    /// [`PointOptions::columns`](crate::PointOptions::columns) says, and a
    /// header without them gives rows without points (not an error).
    pub fn columns(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.columns = Some((x.into(), y.into()));
        self
    }

    /// Keep only these columns (properties, fields), in this order, in
    /// [`Table::cells`]; each must exist. Without it every column is kept.
    pub fn keep<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.keep = Some(columns.into_iter().map(Into::into).collect());
        self
    }

    /// The columns kept, if set (see [`TableOptions::keep`]).
    pub fn kept(&self) -> Option<&[String]> {
        self.keep.as_deref()
    }
}

/// A table as read by [`read_table`]: one entry per row in `rows`,
/// `cells` and `points`.
///
/// # Examples
///
/// ```
/// use sightline_io::{read_table, Cell, TableOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("calls.csv");
/// std::fs::write(&path, "제목,접수일,경도,위도\n가로등 고장,2025-03-04,126.8,37.6\n무서워요,2025-03-05,,\n").unwrap();
/// let table = read_table(&path, &TableOptions::new().keep(["제목"])).unwrap();
/// assert_eq!(table.header, vec!["제목"]);
/// assert_eq!(table.rows, vec![2, 3]);
/// assert_eq!(table.cells[1], vec![Cell::Text("무서워요".into())]);
/// assert!(table.points[0].is_some() && table.points[1].is_none());
/// assert_eq!(table.coordinate_columns, Some(("경도".to_string(), "위도".to_string())));
/// assert!(table.unusable_coordinates.is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct Table {
    /// The file read.
    pub path: PathBuf,
    /// The CRS of `points`.
    pub crs: Crs,
    /// The Excel sheet read; `None` for other formats.
    pub sheet: Option<String>,
    /// The kept columns, in [`TableOptions::keep`] order (else file order).
    pub header: Vec<String>,
    /// Each row's place in the file: for CSV and Excel its row as a
    /// spreadsheet shows it (the header is row 1 in CSV; in Excel the
    /// sheet's own row numbers); for GeoJSON and Shapefiles the 0-based
    /// feature.
    pub rows: Vec<usize>,
    /// Each row's kept cells: `cells[i][k]` is row `i`, column `header[k]`.
    pub cells: Vec<Vec<Cell>>,
    /// Each row's point, in `crs`: `None` where the coordinates are empty
    /// or unusable, or the geometry is null.
    pub points: Vec<Option<Coord<f64>>>,
    /// The coordinate columns of a CSV or Excel table, if any were found.
    pub coordinate_columns: Option<(String, String)>,
    /// The rows whose coordinate cells are present but not usable (not
    /// numbers, out of range): their point is `None`, the rows are kept.
    pub unusable_coordinates: Skipped,
    /// The rows of a CSV file or Excel sheet below the header whose every
    /// cell (kept or not) is empty: skipped, not in `rows`. Callers may say
    /// "N blank rows skipped".
    pub blank_rows: usize,
    /// The row of the header as a spreadsheet numbers it: 1 for CSV; in a
    /// sheet, the first of its first 20 non-blank rows holding every
    /// column the options name ([`TableOptions::keep`],
    /// [`TableOptions::columns`]), or without such names the first where
    /// coordinate columns are recognised, else the first with the most
    /// non-empty cells. Rows above it (a title, blank rows) are passed
    /// over; callers may say so when it is not 1. `None` for GeoJSON and
    /// Shapefiles.
    pub header_row: Option<usize>,
}

/// Reads a table of records from CSV, Excel (`.xlsx`, `.xls`, `.ods`...),
/// GeoJSON (Point features or null geometries) or a Shapefile (points or
/// null shapes), told apart as [`read_points`](crate::read_points) does.
///
/// Only the columns of [`TableOptions::keep`] are read into cells. A row
/// keeps its place even without coordinates.
///
/// # Errors
///
/// As [`read_points`](crate::read_points) for the file and its format;
/// [`Error::MissingColumn`] for a kept or coordinate column that is not
/// there; [`Error::CsvRow`] for a ragged CSV row; [`Error::MissingSheet`];
/// [`Error::InvalidFeature`] or [`Error::GeometryType`] for a MultiPoint
/// or a geometry that is not a point.
///
/// # Examples
///
/// ```
/// use sightline_io::{read_table, Cell, TableOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("calls.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"n": 2, "title": "어두워요"},
///      "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}},
///     {"type": "Feature", "properties": {"n": 1, "title": "쓰레기"}, "geometry": null}
/// ]}"#).unwrap();
/// let table = read_table(&path, &TableOptions::new()).unwrap();
/// assert_eq!(table.header, vec!["n", "title"]);
/// assert_eq!(table.rows, vec![0, 1]);
/// assert_eq!(table.cells[0][0], Cell::Number(2.0));
/// assert_eq!(table.points[1], None);
/// let error = read_table(&path, &TableOptions::new().keep(["address"])).unwrap_err();
/// assert!(error.to_string().contains("no column `address`"), "{error}");
/// ```
pub fn read_table(path: &Path, options: &TableOptions) -> Result<Table, Error> {
    let (format, bytes) = read_classified(path, Geometry::Points)?;
    match format {
        Format::Csv => read_csv_table(path, &bytes, options),
        Format::Excel => read_excel_table(path, &bytes, options),
        Format::GeoJson => read_geojson_table(path, &bytes, options),
        Format::Shapefile => read_shp_table(path, &bytes, options),
        Format::FlatGeobuf => Err(Error::UnsupportedFormat {
            path: path.to_path_buf(),
            format: "a FlatGeobuf file",
            advice: "tables (records, attributes) are read from CSV, Excel, GeoJSON or Shapefiles; convert it (`ogr2ogr -f GeoJSON layer.geojson layer.fgb`)",
        }),
    }
}

/// An empty table, to fill.
fn table(path: &Path, crs: Crs, header: Vec<String>) -> Table {
    Table {
        path: path.to_path_buf(),
        crs,
        sheet: None,
        header,
        rows: Vec::new(),
        cells: Vec::new(),
        points: Vec::new(),
        coordinate_columns: None,
        unusable_coordinates: Skipped::default(),
        blank_rows: 0,
        header_row: None,
    }
}

/// The columns to keep: their indices in `header` (names as in the file),
/// and their names.
fn kept_columns(
    path: &Path,
    header: &[String],
    keep: Option<&[String]>,
) -> Result<(Vec<usize>, Vec<String>), Error> {
    let Some(keep) = keep else {
        return Ok(((0..header.len()).collect(), header.to_vec()));
    };
    let normalized: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let indices = keep
        .iter()
        .map(|name| {
            let wanted = normalize(name);
            normalized
                .iter()
                .position(|h| *h == wanted)
                .ok_or_else(|| Error::MissingColumn {
                    path: path.to_path_buf(),
                    looked_for: format!("`{name}`"),
                    header: shown_header(header),
                })
        })
        .collect::<Result<Vec<usize>, Error>>()?;
    let names = indices.iter().map(|&i| header[i].clone()).collect();
    Ok((indices, names))
}

/// The coordinate columns and the table's CRS, for CSV and Excel.
fn coordinate_setup(
    path: &Path,
    header: &[String],
    options: &TableOptions,
) -> Result<(Option<(usize, usize)>, Crs), Error> {
    let normalized: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let found =
        coordinate_columns(&normalized, options.columns.as_ref()).map_err(|name| Error::MissingColumn {
            path: path.to_path_buf(),
            looked_for: format!("`{name}`"),
            header: shown_header(header),
        })?;
    let crs = match (options.crs, found) {
        (Some(crs), _) => crs,
        _ => Crs::LonLat,
    };
    crs.check_known(&path.display().to_string())?;
    Ok((found.map(|(x, y, _)| (x, y)), crs))
}

/// A row's point from its coordinate cells' text, counting unusable ones.
fn point_of(x: &str, y: &str, geographic: bool, row: usize, unusable: &mut Skipped) -> Option<Coord<f64>> {
    unusable.rows += 1;
    match coordinates(x, y, geographic) {
        Ok((x, y)) => Some(Coord { x, y }),
        Err(Unusable::Skip(SkipReason::Empty)) => None,
        Err(Unusable::Skip(reason)) => {
            unusable.add(row, reason);
            None
        }
        Err(Unusable::Swapped(_)) => {
            unusable.add(row, SkipReason::OutOfRange);
            None
        }
    }
}

fn read_csv_table(path: &Path, bytes: &[u8], options: &TableOptions) -> Result<Table, Error> {
    read_csv_table_in(path, bytes, options, rayon::current_num_threads())
}

/// [`read_csv_table`] with up to `threads` readers: a body of
/// [`pieces::PARALLEL_BYTES`] or more is cut into pieces parsed in
/// parallel, with the same result as one reader's, whatever `threads`.
fn read_csv_table_in(
    path: &Path,
    bytes: &[u8],
    options: &TableOptions,
    threads: usize,
) -> Result<Table, Error> {
    let text = decode_bytes(path, bytes, options.encoding, threads)?;
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(first_lines(&text)));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&text[..]);
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| csv_error(path, HEADER_ROW, &error))?
        .iter()
        .map(|name| {
            name.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\u{feff}')
                .to_owned()
        })
        .collect();
    let (kept, names) = kept_columns(path, &header, options.keep.as_deref())?;
    let (xy, crs) = coordinate_setup(path, &header, options)?;
    let geographic = crs.is_geographic();
    let mut table = table(path, crs, names);
    table.header_row = Some(HEADER_ROW);
    table.coordinate_columns = xy.map(|(x, y)| (header[x].clone(), header[y].clone()));
    let body = &text[reader.position().byte() as usize..];
    if threads > 1 && body.len() >= pieces::PARALLEL_BYTES {
        let cuts = pieces::cuts(body, threads * 4);
        if let Some(parsed) = pieces::parse(body, &cuts, delimiter, header.len(), &kept, xy, geographic) {
            let mut records = 0;
            for piece in parsed {
                let first = HEADER_ROW + 1 + records;
                if xy.is_some() {
                    table.unusable_coordinates.rows += piece.cells.len();
                }
                for (k, reason) in piece.unusable {
                    table.unusable_coordinates.add(first + k, reason);
                }
                table.blank_rows += piece.records - piece.rows.len();
                records += piece.records;
                table.rows.extend(piece.rows.iter().map(|k| first + k));
                table.cells.extend(piece.cells);
                table.points.extend(piece.points);
            }
            return Ok(table);
        }
    }
    // Byte records: the text is valid UTF-8 already, and only the kept
    // cells are turned into text (fields split at ASCII delimiters and
    // quotes, so every field is whole characters).
    let mut record = csv::ByteRecord::new();
    let field = |bytes: &[u8]| std::str::from_utf8(bytes).unwrap_or_default().to_owned();
    for records in 0.. {
        let row = HEADER_ROW + 1 + records;
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(csv_error(path, row, &error)),
        }
        if record.len() != header.len() {
            return Err(Error::CsvRow {
                path: path.to_path_buf(),
                row,
                line: record.position().map_or(0, csv::Position::line),
                reason: format!("has {} fields, but the header has {}", record.len(), header.len()),
            });
        }
        if pieces::is_blank(&record) {
            table.blank_rows += 1;
            continue;
        }
        let cells = kept
            .iter()
            .map(|&i| match &record[i] {
                b"" => Cell::Empty,
                bytes => Cell::Text(field(bytes)),
            })
            .collect();
        let point = xy.and_then(|(x, y)| {
            let text = |i: usize| std::str::from_utf8(&record[i]).unwrap_or_default();
            point_of(text(x), text(y), geographic, row, &mut table.unusable_coordinates)
        });
        table.rows.push(row);
        table.cells.push(cells);
        table.points.push(point);
    }
    Ok(table)
}

/// The file's bytes as UTF-8, checked: a UTF-8 file as it is (without
/// its byte order mark; a big one checked in `threads` parallel pieces),
/// anything else decoded as [`decode`] does, with its errors.
fn decode_bytes<'a>(
    path: &Path,
    bytes: &'a [u8],
    encoding: Encoding,
    threads: usize,
) -> Result<std::borrow::Cow<'a, [u8]>, Error> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if matches!(encoding, Encoding::Auto | Encoding::Utf8) && is_utf8(without_bom, threads) {
        return Ok(without_bom.into());
    }
    Ok(match decode(path, bytes, encoding)? {
        std::borrow::Cow::Borrowed(text) => text.as_bytes().into(),
        std::borrow::Cow::Owned(text) => text.into_bytes().into(),
    })
}

/// Whether `bytes` are UTF-8: checked in pieces in parallel when big, each
/// piece starting at a character's first byte.
pub(crate) fn is_utf8(bytes: &[u8], threads: usize) -> bool {
    use rayon::prelude::*;
    if threads < 2 || bytes.len() < pieces::PARALLEL_BYTES {
        return std::str::from_utf8(bytes).is_ok();
    }
    let pieces = threads * 4;
    let mut starts: Vec<usize> = (0..pieces)
        .map(|k| {
            let mut at = bytes.len() * k / pieces;
            // A continuation byte (10xxxxxx) is no character's start.
            while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
                at += 1;
            }
            at
        })
        .collect();
    starts.push(bytes.len());
    starts.dedup();
    starts
        .par_windows(2)
        .all(|w| std::str::from_utf8(&bytes[w[0]..w[1]]).is_ok())
}

/// The start of a CSV text, whole lines of it, for finding the delimiter
/// from the header: up to 64 KiB, cut after a line break.
fn first_lines(text: &[u8]) -> &str {
    let end = text.len().min(1 << 16);
    let end = match text[..end].iter().rposition(|&b| b == b'\n') {
        Some(at) if end < text.len() => at + 1,
        _ => end,
    };
    std::str::from_utf8(&text[..end]).unwrap_or_default()
}

fn read_excel_table(path: &Path, bytes: &[u8], options: &TableOptions) -> Result<Table, Error> {
    let sheet = read_sheet(path, bytes, options.sheet.as_deref())?;
    let wanted: Vec<String> = options
        .keep
        .iter()
        .flatten()
        .chain(options.columns.iter().flat_map(|(x, y)| [x, y]))
        .cloned()
        .collect();
    let at = header_index(&sheet.range, &wanted);
    let mut rows = sheet.range.rows().skip(at);
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|data| cell_of(data).as_text().trim().to_owned())
        .collect();
    let (kept, names) = kept_columns(path, &header, options.keep.as_deref())?;
    let (xy, crs) = coordinate_setup(path, &header, options)?;
    let geographic = crs.is_geographic();
    let mut table = table(path, crs, names);
    table.sheet = Some(sheet.name.clone());
    table.header_row = Some(sheet.row_number(at));
    table.coordinate_columns = xy.map(|(x, y)| (header[x].clone(), header[y].clone()));
    for (i, data) in rows.enumerate() {
        if is_blank(data) {
            table.blank_rows += 1;
            continue;
        }
        let row = sheet.row_number(at + i + 1);
        let cell = |k: usize| data.get(k).map_or(Cell::Empty, cell_of);
        let point = xy.and_then(|(x, y)| {
            point_of(
                &cell(x).as_text(),
                &cell(y).as_text(),
                geographic,
                row,
                &mut table.unusable_coordinates,
            )
        });
        table.rows.push(row);
        table.cells.push(kept.iter().map(|&k| cell(k)).collect());
        table.points.push(point);
    }
    Ok(table)
}

/// A JSON property as a cell.
fn json_cell(value: Option<&serde_json::Value>) -> Cell {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(text)) if text.is_empty() => Cell::Empty,
        Some(Value::String(text)) => Cell::Text(text.clone()),
        Some(Value::Number(n)) => n.as_f64().map_or_else(|| Cell::Text(n.to_string()), Cell::Number),
        Some(Value::Bool(b)) => Cell::Bool(*b),
        Some(other) => Cell::Text(other.to_string()),
    }
}

fn read_geojson_table(path: &Path, bytes: &[u8], options: &TableOptions) -> Result<Table, Error> {
    let (crs, features) = geojson_rows(path, bytes, options.crs.unwrap_or(Crs::LonLat))?;
    // Every property name, in the order first met.
    let mut header: Vec<String> = Vec::new();
    for (_, properties) in &features {
        for name in properties.keys() {
            if !header.contains(name) {
                header.push(name.clone());
            }
        }
    }
    let (_, names) = kept_columns(path, &header, options.keep.as_deref())?;
    let mut table = table(path, crs, names);
    for (index, (point, properties)) in features.into_iter().enumerate() {
        table.rows.push(index);
        table.cells.push(
            table
                .header
                .iter()
                .map(|name| json_cell(properties.get(name)))
                .collect(),
        );
        table.points.push(point);
    }
    table.unusable_coordinates.rows = table.rows.len();
    Ok(table)
}

fn read_shp_table(path: &Path, bytes: &[u8], options: &TableOptions) -> Result<Table, Error> {
    let file = read_shapefile(path, bytes, options.crs, Crs::LonLat)?;
    let (kept, names) = kept_columns(path, &file.fields, options.keep.as_deref())?;
    let mut table = table(path, file.crs, names);
    for (index, shape) in file.shapes.iter().enumerate() {
        let invalid = |reason: String| Error::InvalidFeature {
            path: path.to_path_buf(),
            index,
            reason,
        };
        let point = match shape_points(shape).as_deref() {
            None => {
                return Err(Error::GeometryType {
                    path: path.to_path_buf(),
                    index,
                    found: shape_type(shape).to_owned(),
                    expected: "Point (or null)",
                });
            }
            Some([]) => None,
            Some([point]) => Some(*point),
            Some(_) => {
                return Err(invalid(
                    "geometry is MultiPoint; a table row has one place".to_owned(),
                ));
            }
        };
        let record = &file.records[index];
        table.rows.push(index);
        table.cells.push(
            kept.iter()
                .map(|&k| record.get(k).cloned().unwrap_or(Cell::Empty))
                .collect(),
        );
        table.points.push(point);
    }
    table.unusable_coordinates.rows = table.rows.len();
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_csv_read_in_pieces_is_the_csv_read_by_one_reader() {
        let mut text = String::from("번호,내용,경도,위도\n");
        let (mut i, mut blank) = (0, 0);
        while text.len() < pieces::PARALLEL_BYTES + (1 << 20) {
            let (lon, lat) = match i % 7 {
                0 => (String::new(), String::new()),
                1 => ("x".to_owned(), "37.5".to_owned()),
                2 => ("200".to_owned(), "37.5".to_owned()),
                _ => (format!("126.{i}"), "37.5".to_owned()),
            };
            text.push_str(&format!(
                "{i},\"밤길이 어두워요, \"\"무서워요\"\"\n두 줄 {i}\",{lon},{lat}\n"
            ));
            if i % 11 == 5 {
                text.push_str(", ,,\n");
                blank += 1;
            }
            i += 1;
        }
        let path = Path::new("big.csv");
        let options = TableOptions::new().keep(["내용", "번호"]);
        let one = read_csv_table_in(path, text.as_bytes(), &options, 1).unwrap();
        let many = read_csv_table_in(path, text.as_bytes(), &options, 3).unwrap();
        assert_eq!(one.rows.len(), i);
        assert_eq!(one.rows, many.rows);
        assert_eq!(one.cells, many.cells);
        assert_eq!(one.points, many.points);
        assert_eq!(one.unusable_coordinates, many.unusable_coordinates);
        assert_eq!(one.unusable_coordinates.invalid, i.div_ceil(7));
        assert_eq!((one.blank_rows, many.blank_rows), (blank, blank));
        // Record 5 is row 7; the blank row after it, row 8, is skipped.
        assert_eq!(&one.rows[5..7], &[7, 9]);
        // A broken row deep in the file: the pieces give way to one
        // reader, which names it.
        let broken = format!("{text}{i},\"too\",many,fields,here\n");
        let error = read_csv_table_in(path, broken.as_bytes(), &options, 3).unwrap_err();
        assert!(
            error.to_string().contains(&format!("row {}", i + blank + 2)),
            "{error}"
        );
    }
}
