//! The one error type of this crate.

use std::io;
use std::path::PathBuf;

use crate::{Crs, Skipped};

/// Everything that can go wrong while reading, projecting or writing layers.
///
/// Messages name the file, the feature or row and the property or value
/// at fault, so that they can be shown to a user as they are. A GeoJSON
/// feature is named by its 0-based index in the `features` array
/// (`feature 0` is the first: the number `jq '.features[0]'` takes and
/// the fid QGIS shows for a GeoJSON file without ids); a CSV row by its
/// row as a spreadsheet numbers it (the header is row 1, the first data
/// row is row 2), with the file line where the row starts.
///
/// # Examples
///
/// ```
/// use std::path::PathBuf;
/// use sightline_io::Error;
///
/// let error = Error::Property {
///     path: PathBuf::from("poles.geojson"),
///     index: 12,
///     property: "weight".to_string(),
///     found: "\"abc\"".to_string(),
///     expected: "a number",
/// };
/// assert_eq!(
///     error.to_string(),
///     "feature 12 in poles.geojson: property `weight` is \"abc\", expected a number",
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read (missing, unreadable, a directory, ...).
    /// The operating system's reason is the error's
    /// [`source`](std::error::Error::source), not part of its message.
    #[error("cannot read {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },

    /// A file could not be written (missing directory, permissions, a
    /// directory in the way, ...). The operating system's reason is the
    /// error's [`source`](std::error::Error::source), not part of its
    /// message.
    #[error("cannot write {}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },

    /// The file is not well-formed JSON, or a GeoJSON member has the wrong
    /// JSON type (serde_json's message, with its line and column).
    #[error(
        "{}: invalid JSON at line {line}, column {column}{}: {message}",
        .path.display(),
        in_feature(.feature)
    )]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The feature being read when the problem was found, if any.
        feature: Option<usize>,
        /// serde_json's description.
        message: String,
    },

    /// The file is in a format the readers do not read: a ZIP archive,
    /// KML or a GeoPackage (or an Excel workbook given for polygons), told
    /// by its name or its first bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, Error, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("calls.csv");
    /// std::fs::write(&path, b"PK\x03\x04 calls.csv").unwrap();
    /// let error = read_points(&path, &PointOptions::new()).unwrap_err();
    /// assert!(matches!(error, Error::UnsupportedFormat { .. }));
    /// assert!(error.to_string().contains("calls.csv is a ZIP archive; unzip it"), "{error}");
    /// ```
    #[error("{} is {format}; {advice}", .path.display())]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
        /// What it is: `a ZIP archive`, `a KML file`...
        format: &'static str,
        /// What to do instead.
        advice: &'static str,
    },

    /// The top-level GeoJSON object is not a `FeatureCollection`.
    #[error("{}: the top-level GeoJSON object is {found}, expected a FeatureCollection", .path.display())]
    NotFeatureCollection {
        /// The file.
        path: PathBuf,
        /// What was found instead, e.g. `a Feature` or `an array`.
        found: String,
    },

    /// The `FeatureCollection` holds no features.
    #[error("{} has no features", .path.display())]
    NoFeatures {
        /// The file.
        path: PathBuf,
    },

    /// A feature's geometry has a type this reader does not accept (or is
    /// null or missing).
    #[error("feature {index} in {}: geometry is {found}, expected {expected}", .path.display())]
    GeometryType {
        /// The file.
        path: PathBuf,
        /// 0-based index of the feature.
        index: usize,
        /// The geometry type found, or `null` / `missing`.
        found: String,
        /// The geometry types accepted.
        expected: &'static str,
    },

    /// A feature is malformed: bad coordinates, non-finite or out-of-range
    /// values, rings that are too short, a wrong `type` member.
    #[error("feature {index} in {}: {reason}", .path.display())]
    InvalidFeature {
        /// The file.
        path: PathBuf,
        /// 0-based index of the feature.
        index: usize,
        /// What is wrong.
        reason: String,
    },

    /// A property named by the options is missing or has an unusable value.
    #[error(
        "feature {index} in {}: property `{property}` is {found}, expected {expected}",
        .path.display()
    )]
    Property {
        /// The file.
        path: PathBuf,
        /// 0-based index of the feature.
        index: usize,
        /// The property name.
        property: String,
        /// The value found, as JSON (`"abc"`, `-1`, `null`), or `missing`.
        found: String,
        /// What was expected, e.g. `a number`.
        expected: &'static str,
    },

    /// A property named by the options is not among a feature's
    /// properties: the message lists those it has (sorted, at most 20,
    /// then `and N more`), as [`Error::MissingColumn`] lists a CSV header.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, Error, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("blocks.geojson");
    /// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
    ///     {"type": "Feature", "properties": {"pop_2020": 12, "name": "a"},
    ///      "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}}
    /// ]}"#).unwrap();
    /// let error = read_points(&path, &PointOptions::new().weight("POP")).unwrap_err();
    /// assert!(matches!(error, Error::MissingProperty { index: 0, .. }));
    /// assert!(error.to_string().starts_with("feature 0 in "), "{error}");
    /// assert!(error.to_string().ends_with(
    ///     "no property `POP` (expected a number); the feature's properties are `name`, `pop_2020`"
    /// ), "{error}");
    /// ```
    #[error(
        "feature {index} in {}: no property `{property}` (expected {expected}); the feature's properties are {properties}",
        .path.display()
    )]
    MissingProperty {
        /// The file.
        path: PathBuf,
        /// 0-based index of the feature.
        index: usize,
        /// The property looked for.
        property: String,
        /// What it should have held, e.g. `a number`.
        expected: &'static str,
        /// The feature's properties, as listed: `` `name`, `pop_2020` ``,
        /// or `none`.
        properties: String,
    },

    /// The file's legacy `crs` member could not be understood.
    #[error("{}: {reason}", .path.display())]
    LegacyCrs {
        /// The file.
        path: PathBuf,
        /// What is wrong with the member.
        reason: String,
    },

    /// A string that should name a coordinate reference system does not.
    #[error("`{input}` is not a coordinate reference system; expected `lonlat`, `planar` or `EPSG:<code>`")]
    ParseCrs {
        /// The string given.
        input: String,
    },

    /// An EPSG code that is not in the table of known systems
    /// (crs-definitions).
    #[error("{context}: EPSG:{code} is not a known coordinate reference system")]
    UnknownEpsg {
        /// The code.
        code: u32,
        /// Where it was met: a file name, or `primary CRS`.
        context: String,
    },

    /// A system that needs a datum shift to reach WGS 84 (see
    /// [`Crs::needs_datum_shift`]), met by the default build, which would
    /// only transform it approximately (hundreds of metres off for the
    /// Bessel-based Korean systems). Built with the `proj` feature, PROJ
    /// does the shift instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Crs, Error, Plane};
    ///
    /// # #[cfg(not(feature = "proj"))]
    /// # {
    /// let error = Plane::new(Crs::Epsg(5174), None).unwrap_err();
    /// assert!(matches!(error, Error::DatumShift { .. }));
    /// assert_eq!(
    ///     error.to_string(),
    ///     "primary CRS: EPSG:5174 needs a datum shift (Bessel 1841, Korean 1985) which the \
    ///      default build cannot do exactly; rebuild with `--features proj`",
    /// );
    /// # }
    /// ```
    #[error(
        "{context}: {crs} needs a datum shift ({datum}) which the default build cannot do exactly; rebuild with `--features proj`"
    )]
    DatumShift {
        /// The system.
        crs: Crs,
        /// Its ellipsoid and geodetic system, e.g. `Bessel 1841, Korean 1985`.
        datum: String,
        /// Where it was met: a file name, `primary CRS` or `output CRS`.
        context: String,
    },

    /// A planar (unreferenced metres) layer mixed with a georeferenced one.
    #[error(
        "cannot mix planar metres with {other_crs} coordinates: {planar} is planar, {other} is {other_crs}"
    )]
    MixedCrs {
        /// The planar layer (a file name, or a description).
        planar: String,
        /// The georeferenced layer.
        other: String,
        /// The georeferenced layer's CRS.
        other_crs: Crs,
    },

    /// A projection could not be set up, or is unsuitable as a plane.
    #[error("cannot use {crs} as a projection: {reason}")]
    Projection {
        /// The CRS or projection string.
        crs: String,
        /// What went wrong.
        reason: String,
    },

    /// A coordinate of a layer could not be transformed.
    #[error(
        "{} in {}: cannot transform ({x:?}, {y:?}) from {from} to {to}: {reason}",
        item(.path, *.index),
        .path.display()
    )]
    Transform {
        /// The file.
        path: PathBuf,
        /// The feature (0-based) or, in a CSV file (a name ending in
        /// `.csv`, as [`read_points`](crate::read_points) tells), the row
        /// as a spreadsheet numbers it.
        index: usize,
        /// The coordinate in the layer's CRS.
        x: f64,
        /// The coordinate in the layer's CRS.
        y: f64,
        /// The layer's CRS.
        from: Crs,
        /// The target plane.
        to: String,
        /// What went wrong.
        reason: String,
    },

    /// A single coordinate could not be converted into or out of a plane.
    #[error("cannot convert ({x:?}, {y:?}) from {from} to {to}: {reason}")]
    Convert {
        /// The coordinate given.
        x: f64,
        /// The coordinate given.
        y: f64,
        /// The source system.
        from: String,
        /// The target system.
        to: String,
        /// What went wrong.
        reason: String,
    },

    /// [`Plane::for_layers`](crate::Plane::for_layers) was given no layers.
    #[error("no layers given: need at least one point or polygon layer")]
    NoLayers,

    /// A geographic primary CRS needs the centre of the data to build its
    /// local plane, and none (or an invalid one) was given.
    #[error("a {crs} plane needs a valid centre longitude/latitude, got {center}")]
    BadCenter {
        /// The primary CRS.
        crs: Crs,
        /// The centre given, or `none`.
        center: String,
    },

    /// Data could not be turned into the output format.
    #[error("cannot write {}: {reason}", .path.display())]
    Output {
        /// The file.
        path: PathBuf,
        /// What went wrong, e.g. `feature 3: coordinate (NaN, 1.0) is not finite`.
        reason: String,
    },

    /// A layer read in a projected EPSG system (or as planar, within a box
    /// smaller than 10 × 10 units) whose coordinates all lie within
    /// longitude/latitude bounds: almost certainly longitude/latitude data
    /// read with the wrong CRS.
    #[error(
        "{}: every coordinate lies within longitude/latitude bounds{}, but the layer is read as {crs} ({}); is it longitude/latitude?",
        .path.display(),
        if *.crs == Crs::Planar { " in a box smaller than 10 × 10 units" } else { "" },
        if *.from_member { "from its crs member" } else { "from the crs option, --crs" }
    )]
    LooksLikeLonLat {
        /// The file.
        path: PathBuf,
        /// The CRS the layer is read in.
        crs: Crs,
        /// Whether that CRS came from the file's legacy `crs` member (else
        /// from the reader's `crs` option).
        from_member: bool,
    },

    /// A point or polygon vertex lies farther than
    /// [`Plane::MAX_DISTANCE_M`](crate::Plane::MAX_DISTANCE_M) from the
    /// centre of the study area.
    #[error(
        "{} in {} lies {} km from the centre of the study area (more than {} km): a failed geocode, or a layer in another coordinate system?",
        item(.path, *.index),
        .path.display(),
        thousands(*.distance_m / 1000.0),
        thousands(*.limit_m / 1000.0)
    )]
    TooFar {
        /// The file.
        path: PathBuf,
        /// The feature (0-based) or, in a CSV file (a name ending in
        /// `.csv`, as [`read_points`](crate::read_points) tells), the row
        /// as a spreadsheet numbers it.
        index: usize,
        /// Its distance from the centre, in plane units (metres).
        distance_m: f64,
        /// The limit, [`Plane::MAX_DISTANCE_M`](crate::Plane::MAX_DISTANCE_M).
        limit_m: f64,
    },

    /// Two features of a layer read with
    /// [`PointOptions::unique_ids`](crate::PointOptions::unique_ids) have
    /// the same id.
    #[error(
        "{} {first} and {second} in {}: {origin} has the same value {id:?}; ids must be unique",
        if *.csv { "rows" } else { "features" },
        .path.display()
    )]
    DuplicateId {
        /// The file.
        path: PathBuf,
        /// Where the id first occurs: the 0-based feature index, or for a
        /// CSV file the row as a spreadsheet numbers it (the header is
        /// row 1).
        first: usize,
        /// Where it occurs again, numbered as `first`.
        second: usize,
        /// Whether the file is a CSV file (rows, not features).
        csv: bool,
        /// Where the ids come from: ``property `pole_id` ``, `the feature
        /// id member`, ...
        origin: String,
        /// The id.
        id: String,
    },

    /// A string that should name a CSV encoding does not.
    #[error("`{input}` is not an encoding; expected `auto`, `utf-8` or `cp949` (`euc-kr`)")]
    ParseEncoding {
        /// The string given.
        input: String,
    },

    /// A CSV file's bytes cannot be decoded in the encoding asked for
    /// (with [`Encoding::Auto`](crate::Encoding::Auto): in neither UTF-8
    /// nor CP949).
    #[error("{}, line {line}: {reason}", .path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the first byte that cannot be decoded.
        line: usize,
        /// What is wrong, with a hint at the encoding to use if one fits.
        reason: String,
    },

    /// A CSV file has no column of a name the options give, or no
    /// recognised coordinate columns.
    #[error("{}: no column {looked_for}; the header is {header}", .path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column, or the columns looked for.
        looked_for: String,
        /// The header found, as normalised for matching: `` `name`, `lon` ``.
        header: String,
    },

    /// A CSV header names a column the reader uses (coordinates, id,
    /// weight, a list) more than once, so which one is meant is unclear.
    #[error(
        "{}: the header has two columns named `{column}` (columns {first} and {second}); rename one",
        .path.display()
    )]
    DuplicateColumn {
        /// The file.
        path: PathBuf,
        /// The column name, as normalised for matching.
        column: String,
        /// 1-based position of the first column of that name.
        first: usize,
        /// 1-based position of the second.
        second: usize,
    },

    /// A CSV row is malformed: a different number of fields than the
    /// header, longitude and latitude that look swapped, a CSV syntax
    /// error.
    #[error("row {row} (line {line}) in {}: {reason}", .path.display())]
    CsvRow {
        /// The file.
        path: PathBuf,
        /// The row as a spreadsheet numbers it: the header is row 1, the
        /// first data row row 2.
        row: usize,
        /// The 1-based line of the file where the row starts.
        line: u64,
        /// What is wrong.
        reason: String,
    },

    /// A CSV cell named by the options (weight, list) has an unusable
    /// value.
    #[error(
        "row {row} (line {line}) in {}: column `{column}` is {found:?}, expected {expected}",
        .path.display()
    )]
    CsvValue {
        /// The file.
        path: PathBuf,
        /// The row as a spreadsheet numbers it: the header is row 1, the
        /// first data row row 2.
        row: usize,
        /// The 1-based line of the file where the row starts.
        line: u64,
        /// The column, as the options name it.
        column: String,
        /// The cell's text.
        found: String,
        /// What was expected, e.g. `a number`.
        expected: &'static str,
    },

    /// No row of a CSV file has usable coordinates (or it has no rows).
    #[error("{}: {}{hint}", .path.display(), no_usable_rows(.skipped))]
    NoUsableRows {
        /// The file.
        path: PathBuf,
        /// The rows skipped, and why.
        skipped: Box<Skipped>,
        /// A hint at the cause, starting with `; `, or empty.
        hint: String,
    },

    /// A part of a Shapefile other than the `.shp` was given as a layer.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_polygons, Error, PolygonOptions};
    ///
    /// let error = read_polygons("dong.dbf".as_ref(), &PolygonOptions::new()).unwrap_err();
    /// assert!(matches!(error, Error::ShapefilePart { .. }));
    /// assert_eq!(
    ///     error.to_string(),
    ///     "dong.dbf is the attribute table (.dbf) of a Shapefile; give its .shp file: dong.shp",
    /// );
    /// ```
    #[error("{} is {part} of a Shapefile; give its .shp file: {}", .path.display(), .shp.display())]
    ShapefilePart {
        /// The file given.
        path: PathBuf,
        /// Which part it is: `the attribute table (.dbf)`...
        part: &'static str,
        /// The `.shp` to give instead.
        shp: PathBuf,
    },

    /// A `.shp` file that the `shapefile` crate cannot read.
    #[error("{}: not a readable Shapefile: {reason}", .path.display())]
    Shapefile {
        /// The `.shp` file.
        path: PathBuf,
        /// The `shapefile` crate's reason.
        reason: String,
    },

    /// A `.fgb` file that is not a readable FlatGeobuf file: other bytes
    /// than FlatGeobuf's, a truncated header, index or feature, a feature
    /// or properties that do not decode.
    #[error(
        "{}{}: not a readable FlatGeobuf file: {reason}",
        .feature.map_or_else(String::new, |f| format!("feature {f} in ")),
        .path.display()
    )]
    FlatGeobuf {
        /// The file.
        path: PathBuf,
        /// The 0-based feature at fault (in file order), if one is.
        feature: Option<usize>,
        /// What is wrong.
        reason: String,
    },

    /// A Shapefile's attribute table (`.dbf`) or code page (`.cpg`) is
    /// malformed: a header that does not fit, a truncated file, text not
    /// in its encoding, a number or date field that is not one.
    #[error(
        "{}{}: {reason}",
        .record.map_or_else(String::new, |r| format!("feature {r} in ")),
        dbf_place(.path, .field)
    )]
    Dbf {
        /// The `.dbf` (or `.cpg`) file.
        path: PathBuf,
        /// The 0-based record (= feature), if one is at fault.
        record: Option<usize>,
        /// The field, if one is at fault.
        field: Option<String>,
        /// What is wrong.
        reason: String,
    },

    /// A Shapefile's `.prj` names a coordinate system that is not
    /// recognised (see [`read_polygons`](crate::read_polygons)).
    #[error(
        "{}: the coordinate system `{name}` is not one Sightline recognises; give the layer's CRS (`--crs EPSG:CODE`, or `crs` for the layer in a study)",
        .path.display()
    )]
    UnknownPrj {
        /// The `.prj` file.
        path: PathBuf,
        /// The name the WKT gives the system (or the start of the text
        /// when it is not WKT).
        name: String,
    },

    /// An Excel workbook (or OpenDocument spreadsheet) cannot be read.
    #[error("{}: cannot read the workbook: {reason}", .path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// calamine's reason.
        reason: String,
    },

    /// The sheet asked for is not in the workbook.
    #[error("{}: no sheet `{sheet}`; the sheets are {sheets}", .path.display())]
    MissingSheet {
        /// The file.
        path: PathBuf,
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheets, as [`listed`](crate::listed) shows them.
        sheets: String,
    },

    /// A cell of an Excel sheet named by the options (weight, list) has an
    /// unusable value, or a row's coordinates look swapped.
    #[error("row {row} of sheet `{sheet}` in {}: {reason}", .path.display())]
    SheetRow {
        /// The file.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// The row as Excel numbers it.
        row: usize,
        /// What is wrong, naming the column.
        reason: String,
    },

    /// Data could not be rendered into an output format (before any file is
    /// involved; the `write_*` functions report this as
    /// [`Error::Output`] naming the file).
    #[error("cannot render the output: {reason}")]
    Render {
        /// What went wrong.
        reason: String,
    },
}

/// A non-negative number rounded to an integer, with thousands separated by
/// commas: `13972.4` gives `13,972`.
fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return format!("{value}");
    }
    // Not three hundred digits for a coordinate of 1e308.
    if value.abs() >= 1e15 {
        return format!("{value:.1e}");
    }
    let digits = format!("{:.0}", value.abs());
    let sign = if value < 0.0 && digits != "0" { "-" } else { "" };
    format!("{sign}{}", crate::group_thousands(&digits))
}

fn no_usable_rows(skipped: &Skipped) -> String {
    if skipped.rows == 0 && skipped.blank_rows > 0 {
        let rows = if skipped.blank_rows == 1 { "row" } else { "rows" };
        format!("no data rows, only {} blank {rows}", skipped.blank_rows)
    } else if skipped.rows == 0 {
        "no data rows".to_string()
    } else {
        format!("no row has usable coordinates ({skipped})")
    }
}

/// A feature or a CSV row, as messages name it: `feature 3`, `row 5`.
fn item(path: &std::path::Path, index: usize) -> String {
    if crate::read::is_csv(path) {
        format!("row {index}")
    } else {
        format!("feature {index}")
    }
}

/// `{path}` or `{path}, field `{field}``.
fn dbf_place(path: &std::path::Path, field: &Option<String>) -> String {
    match field {
        Some(field) => format!("{}, field `{field}`", path.display()),
        None => path.display().to_string(),
    }
}

fn in_feature(feature: &Option<usize>) -> String {
    match feature {
        Some(index) => format!(" (in feature {index})"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0.4), "0");
        assert_eq!(thousands(999.6), "1,000");
        assert_eq!(thousands(13_972.4), "13,972");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(thousands(-2500.0), "-2,500");
        assert_eq!(thousands(7.07e304), "7.1e304");
    }
}
