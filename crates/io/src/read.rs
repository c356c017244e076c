//! Reading point and polygon layers from GeoJSON FeatureCollections (and
//! handing CSV point layers to [`crate::csv_points`]).
//!
//! The file is split into its features (kept as raw JSON text, which also
//! checks that the whole file is well-formed JSON), and each feature is
//! read with the `geojson` crate, checked, and converted into geo-types
//! with geojson's conversions. When geojson rejects a feature, the reason
//! is given in this reader's own terms where it can be (a wrong `type`, a
//! missing geometry, coordinates of the wrong depth), else as serde_json's
//! message with the line and column in the file and the feature index.

mod columns;
mod document;
mod fast;
mod feature;
mod fgb;
mod layers;
mod options;
mod points;
mod records;
mod shapes;
mod unsupported;
mod validity;

use std::fs;
use std::path::Path;

use geo_types::MultiPolygon;
use geojson::{GeometryValue, JsonObject};

#[cfg(doc)]
use crate::CsvFormat;
use crate::Error;
#[cfg(doc)]
use crate::Skipped;
use crate::csv_points::read_csv_points;
use document::Document;
use feature::{FeatureReader, id_label, label_of, property_of};
use points::{IdOrigin, Points, Unique};
use validity::invalid_polygons;

pub use columns::{PointColumns, read_point_columns};
pub(crate) use document::check_not_lonlat;
pub use feature::listed;
pub(crate) use feature::projected_hint;
pub use layers::{PointLayer, PolygonLayer};
pub use options::{PointOptions, PolygonOptions};
pub(crate) use records::geojson_rows;
pub(crate) use unsupported::{Format, Geometry};
pub use validity::InvalidPolygon;

/// Reads a point layer from a GeoJSON FeatureCollection of Point and
/// MultiPoint features, a CSV file (a name ending in `.csv`, in any case),
/// an Excel workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, or told
/// by its bytes: a ZIP holding `xl/`, an OLE file) or a Shapefile (`.shp`,
/// or told by its bytes).
///
/// A MultiPoint gives several points sharing the feature's weight and
/// feature index; their ids are numbered (see [`PointOptions::id`]).
/// Coordinates stay in the layer's CRS; longitude/latitude layers are
/// checked to lie in [-180, 180] × [-90, 90].
///
/// A layer read in a projected EPSG system whose every coordinate lies
/// within [-180, 180] × [-90, 90] is refused as longitude/latitude read
/// with the wrong CRS; so is a planar layer whose coordinates also fit in a
/// box smaller than 10 × 10 units.
///
/// # CSV files
///
/// A CSV file is decoded as [`PointOptions::encoding`] says (UTF-8 or
/// CP949, found by default), and needs a header row. Each data row is a
/// point: its x and y come from [`PointOptions::columns`] or from columns
/// recognised by name (`경도`/`위도`, `longitude`/`latitude`,
/// `lon`/`lat`, `lng`/`lat`, `x`/`y`); columns recognised by a
/// longitude/latitude name make the layer longitude/latitude unless
/// [`PointOptions::crs`] is set. The weight, id and list options name
/// columns, read as GeoJSON string properties are (an empty weight cell is
/// an error); without an id column the id is the row number, which is
/// also each point's entry in [`PointLayer::features`].
///
/// # Excel workbooks
///
/// A sheet ([`PointOptions::sheet`], else the first) is read as a CSV file
/// is, by the same rules: its first used row is the header; cells are
/// read as text (numbers as a person reads them, `12` not `12.0`; dates
/// as `2025-03-04` or `2025-03-04 21:15:00`; booleans `true`/`false`; an
/// error cell such as `#N/A` as empty). Rows are numbered as Excel shows
/// them (a sheet whose used range starts on row 3 has its header on row
/// 3), and [`PointLayer::sheet`] names the sheet read.
///
/// # Shapefiles
///
/// The `.shp` is given; its `.dbf`, `.prj` and `.cpg` are read from beside
/// it (a `.dbf` or `.shx` given instead is refused, naming the `.shp`).
/// Point, MultiPoint, PointZ and PointM shapes are read as GeoJSON Point
/// and MultiPoint features, numbered from 0 (the fid QGIS shows); null
/// shapes are skipped and counted in [`PointLayer::skipped`]. The DBF
/// fields are the properties (text as strings, numbers as numbers,
/// logicals as booleans, dates as `YYYY-MM-DD`, empty fields as null),
/// decoded as the `.cpg` says (`UTF-8`, `CP949`, `949`, `EUC-KR`...),
/// else as the DBF's language driver says (0x79: Korean), else as UTF-8
/// when every text field is valid UTF-8, else CP949. The `.prj` gives the
/// CRS when it names a known EPSG code, a known name (ESRI's or EPSG's,
/// for WGS 84, Korea 2000 belts and UTM-K, Korean 1985, UTM 51N/52N) or
/// the parameters of a Korea 2000 Transverse Mercator, and then wins
/// over [`PointOptions::crs`] as a GeoJSON file's `crs` member does. The
/// option's CRS serves a Shapefile without a `.prj`, or one whose `.prj`
/// is not recognised (without the option, that is an error).
///
/// # Rows and features
///
/// One numbering everywhere: a CSV row is numbered as a spreadsheet shows
/// it (the header is row 1, the first data row is row 2; a record with a
/// quoted field spanning lines is still one row), in errors, skip notes
/// ([`Skipped::first_rows`]), default ids and [`PointLayer::features`].
/// A GeoJSON feature is numbered by its 0-based index in the `features`
/// array (`feature 0` is the first: `jq '.features[0]'`, and the fid QGIS
/// shows for a file without ids).
///
/// Rows whose coordinates are empty, not finite numbers, or (longitude/
/// latitude layers) out of range are skipped and counted in
/// [`PointLayer::skipped`]; their other cells are not read. The national
/// standard formats ([`CsvFormat`]) are recorded in [`PointLayer::format`]
/// and, without a weight option, take their count column as the weights
/// (empty or unusable counts weigh 1.0 and are counted in
/// [`PointLayer::defaulted_weights`]).
///
/// # Errors
///
/// Every error names the file, and where it applies the feature and the
/// property (for CSV: the row, the file line and the column):
///
/// - [`Error::Read`]: the file is missing or unreadable;
/// - [`Error::UnsupportedFormat`]: the file is a ZIP archive, KML or a
///   GeoPackage (told by its name or first bytes);
/// - Excel only: [`Error::Workbook`] (not a readable workbook),
///   [`Error::MissingSheet`], [`Error::SheetRow`] (an unusable weight or
///   list cell, swapped coordinates), and the CSV errors below that concern
///   the header;
/// - Shapefiles only: [`Error::ShapefilePart`], [`Error::Shapefile`] (a
///   `.shp` that cannot be read), [`Error::Dbf`] (a malformed `.dbf` or an
///   unknown `.cpg`), [`Error::UnknownPrj`];
/// - [`Error::Json`]: the file is not valid JSON, or a feature is not
///   valid GeoJSON to the `geojson` crate (a member of the wrong JSON
///   type, an `id` that is neither a string nor a number...), with
///   serde_json's message, the line and column, and the feature index;
/// - [`Error::NotFeatureCollection`], [`Error::NoFeatures`];
/// - [`Error::GeometryType`]: a geometry is null, missing or not a Point
///   or MultiPoint;
/// - [`Error::InvalidFeature`]: malformed or non-finite coordinates,
///   longitude/latitude out of range (with a hint when they look
///   swapped), a `type` member other than `Feature`;
/// - [`Error::MissingProperty`]: a feature lacks the weight or id
///   property (the message lists those it has);
/// - [`Error::Property`]: the weight or id property is unusable (weights
///   must be finite and not negative);
/// - [`Error::LegacyCrs`], [`Error::UnknownEpsg`]: the file's or the
///   option's CRS is not understood;
/// - [`Error::LooksLikeLonLat`]: a projected or planar layer whose
///   coordinates all look like longitude/latitude (see above), saying
///   whether the CRS came from the file's `crs` member or the option;
/// - [`Error::DuplicateId`]: with [`PointOptions::unique_ids`], two points
///   have the same id (for CSV, named by their rows);
/// - CSV only: [`Error::Decode`] (the bytes are not in the encoding asked
///   for; a forced UTF-8 read of CP949 bytes says so), [`Error::MissingColumn`]
///   (no coordinate columns, or a column named by the options is absent),
///   [`Error::CsvRow`] (a row with another number of fields than the
///   header, or longitude and latitude that look swapped),
///   [`Error::CsvValue`] (an unusable weight or list cell), and
///   [`Error::NoUsableRows`] (no row has usable coordinates).
///
/// # Examples
///
/// ```
/// use sightline_io::{read_points, Crs, PointOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("poles.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"pole_id": "A"},
///      "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}},
///     {"type": "Feature", "properties": {"pole_id": "A"},
///      "geometry": {"type": "Point", "coordinates": [126.9, 37.7]}}
/// ]}"#).unwrap();
/// let options = PointOptions::new().id("pole_id");
/// assert_eq!(read_points(&path, &options).unwrap().ids, vec!["A", "A"]);
/// let error = read_points(&path, &options.clone().unique_ids(true)).unwrap_err();
/// assert!(error.to_string().starts_with("features 0 and 1 in "), "{error}");
/// // Longitude/latitude read as EPSG:5186 metres.
/// let error = read_points(&path, &PointOptions::new().crs(Crs::Epsg(5186))).unwrap_err();
/// assert!(error.to_string().contains("is it longitude/latitude?"), "{error}");
///
/// // A CSV file, with a row without coordinates.
/// let path = dir.path().join("poles.CSV");
/// std::fs::write(&path, "pole_id,lat,lon\nA,37.6,126.8\nB,,\nC,37.7,126.9\n").unwrap();
/// let layer = read_points(&path, &options).unwrap();
/// assert_eq!(layer.ids, vec!["A", "C"]);
/// assert_eq!(layer.features, vec![2, 4]);
/// assert_eq!(layer.skipped.first_rows, vec![3]);
/// ```
pub fn read_points(path: &Path, options: &PointOptions) -> Result<PointLayer, Error> {
    let bytes = read_file(path)?;
    read_points_from(path, &bytes, options)
}

/// [`read_points`] of a file's bytes already in memory (a layer a program
/// holds, such as a GeoDataFrame written to FlatGeobuf): the format is
/// told from `path`'s extension and the bytes, and `path` names the layer
/// in errors. A Shapefile's `.dbf`, `.prj` and `.cpg` are still read from
/// beside `path`.
///
/// # Errors
///
/// As [`read_points`], but for the file's reading.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use sightline_io::{read_points_from, PointOptions};
///
/// let bytes = br#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"n": 2},
///      "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}}]}"#;
/// let name = Path::new("the demand GeoDataFrame");
/// let layer = read_points_from(name, bytes, &PointOptions::new().weight("n")).unwrap();
/// assert_eq!(layer.weights, vec![2.0]);
/// let error = read_points_from(name, bytes, &PointOptions::new().weight("w")).unwrap_err();
/// assert!(error.to_string().contains("the demand GeoDataFrame"), "{error}");
/// ```
pub fn read_points_from(path: &Path, bytes: &[u8], options: &PointOptions) -> Result<PointLayer, Error> {
    let format = file_format(path, bytes, unsupported::Geometry::Points)?;
    let table = match format {
        Format::Csv => Some(read_csv_points(path, bytes, options)),
        Format::Excel => Some(crate::excel::read_excel_points(path, bytes, options)),
        Format::Shapefile => Some(shapes::read_shp_points(path, bytes, options)),
        Format::FlatGeobuf => return fgb::read_fgb_points(path, bytes, options),
        Format::GeoJson => None,
    };
    if let Some(read) = table {
        // These readers keep every id; the option is honoured here.
        return read.map(|mut layer| {
            if !options.keeps_ids() {
                layer.ids = Vec::new();
            }
            layer
        });
    }
    if let Some(layer) = fused_points(path, bytes, options) {
        return Ok(layer);
    }
    let document = Document::parse(path, bytes, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
        expected: POINT_TYPES,
    };
    // Features are read in parallel, in fixed chunks; any fault sends the
    // whole file to the sequential reader, whose errors (the first in
    // file order, a JSON fault anywhere first) are the reader's contract.
    let points = match parallel_points(&document, &reader, options) {
        Some(points) => {
            if options.unique_ids {
                points.check_unique(path, options)?;
            }
            points
        }
        None => sequential_points(&document, &reader, options)?,
    };
    let layer = points.into_layer(path, document.crs);
    document.check_not_lonlat(layer.points.iter().copied())?;
    Ok(layer)
}

/// The geometries a point layer's features may have, as errors name them.
const POINT_TYPES: &str = "Point or MultiPoint";

/// Features per chunk of the parallel reader.
const CHUNK: usize = 8192;

/// The properties the fast path looks at for `options`.
fn wanted(options: &PointOptions) -> fast::Wanted<'_> {
    let mut names: Vec<&str> = Vec::new();
    names.extend(options.weight.as_deref());
    names.extend(options.id.as_deref());
    names.extend(options.number_lists.iter().map(String::as_str));
    fast::Wanted {
        names,
        keep_all: options.properties,
    }
}

/// A large file of common point features (see [`fast`]) read in one pass:
/// its features cut apart in parallel ([`document::pieces`]) and each
/// read by the fast path, which also checks that the piece is one whole
/// JSON value, the check [`Document::parse`] would otherwise make first.
/// `None` at anything else (a feature the fast path leaves to the full
/// reader, a fault anywhere): the caller then reads the file the usual
/// way, which gives the same layer or the file's first error.
fn fused_points(path: &Path, bytes: &[u8], options: &PointOptions) -> Option<PointLayer> {
    let pieces = document::pieces(path, bytes, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: pieces.crs.is_geographic(),
        expected: POINT_TYPES,
    };
    let wanted = wanted(options);
    let points = read_chunked(&pieces.pieces, options, |points, index, piece| {
        if document::split::too_deep(piece) {
            return None;
        }
        let text = std::str::from_utf8(piece).ok()?;
        fast_feature(points, &reader, options, &wanted, index, text).then_some(())
    })?;
    if options.unique_ids {
        points.check_unique(path, options).ok()?;
    }
    let layer = points.into_layer(path, pieces.crs);
    document::check_not_lonlat(
        path,
        pieces.crs,
        pieces.crs_from_member,
        layer.points.iter().copied(),
    )
    .ok()?;
    Some(layer)
}

/// A feature's weight, id property and lists, as the options ask.
type FeatureProperties = (f64, Option<String>, Vec<Option<Vec<f64>>>);

fn feature_properties(
    reader: &FeatureReader<'_>,
    options: &PointOptions,
    index: usize,
    properties: Option<&JsonObject>,
) -> Result<FeatureProperties, Error> {
    let weight = match options.weight.as_deref() {
        Some(property) => reader.weight(index, property, properties)?,
        None => 1.0,
    };
    let id = match options.id.as_deref() {
        Some(property) => Some(reader.label(index, property, properties)?),
        None => None,
    };
    let lists = options
        .number_lists
        .iter()
        .map(|property| reader.number_list(index, property, property_of(properties, property)))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((weight, id, lists))
}

/// A feature's id and where it came from.
fn feature_id(
    index: usize,
    property: Option<String>,
    member: Option<&geojson::feature::Id>,
) -> (String, IdOrigin) {
    match (property, member) {
        (Some(id), _) => (id, IdOrigin::Property),
        (None, Some(member)) => (id_label(member), IdOrigin::Member),
        (None, None) => (index.to_string(), IdOrigin::Index),
    }
}

/// Reads one feature the full way (with geojson) into `points`.
fn full_feature(
    points: &mut Points,
    reader: &FeatureReader<'_>,
    options: &PointOptions,
    index: usize,
    feature: geojson::Feature,
    raw: &serde_json::value::RawValue,
) -> Result<(), Error> {
    let (weight, id, lists) = feature_properties(reader, options, index, feature.properties.as_ref())?;
    let (id, origin) = feature_id(index, id, feature.id.as_ref());
    let geometry = reader.geometry(index, feature.geometry.as_ref(), raw)?;
    let coords: Vec<geo_types::Coord<f64>> = match geometry {
        GeometryValue::Point { coordinates } => {
            reader.check_position(index, coordinates, "Point")?;
            let point = geo_types::Point::<f64>::try_from(geometry)
                .map_err(|error| reader.invalid(index, error.to_string()))?;
            vec![point.0]
        }
        GeometryValue::MultiPoint { coordinates } => {
            if coordinates.is_empty() {
                return Err(reader.invalid(index, "MultiPoint has no points".to_string()));
            }
            for position in coordinates {
                reader.check_position(index, position, "MultiPoint")?;
            }
            let multi = geo_types::MultiPoint::<f64>::try_from(geometry)
                .map_err(|error| reader.invalid(index, error.to_string()))?;
            multi.into_iter().map(|point| point.0).collect()
        }
        other => return Err(reader.wrong_type(index, other.type_name())),
    };
    let properties = options
        .properties
        .then(|| feature.properties.clone().unwrap_or_default());
    points.push(index, coords, weight, id, origin, lists, properties);
    Ok(())
}

/// Reads one feature by the fast path into `points`; false when the full
/// reader must read it.
fn fast_feature(
    points: &mut Points,
    reader: &FeatureReader<'_>,
    options: &PointOptions,
    wanted: &fast::Wanted<'_>,
    index: usize,
    raw: &str,
) -> bool {
    let Some(feature) = fast::fast_point(raw, wanted) else {
        return false;
    };
    if reader.check_xy(index, feature.x, feature.y).is_err() {
        return false;
    }
    let mut values = feature.values.iter();
    let mut next = || values.next().and_then(Option::as_ref);
    let weight = match options.weight.as_deref() {
        Some(_) => match next().and_then(feature::number_of) {
            Some(weight) if weight.is_finite() && weight >= 0.0 => weight,
            _ => return false,
        },
        None => 1.0,
    };
    let id = match options.id.as_deref() {
        Some(_) => match next().and_then(label_of) {
            Some(id) => Some(id),
            None => return false,
        },
        None => None,
    };
    let mut lists = Vec::with_capacity(options.number_lists.len());
    for property in &options.number_lists {
        match reader.number_list(index, property, next()) {
            Ok(list) => lists.push(list),
            Err(_) => return false,
        }
    }
    let member = match feature
        .id
        .map(|raw| serde_json::from_str::<geojson::feature::Id>(raw.get()))
    {
        Some(Ok(member)) => Some(member),
        Some(Err(_)) => return false,
        None => None,
    };
    let (id, origin) = if points.keep_ids {
        feature_id(index, id, member.as_ref())
    } else {
        (String::new(), IdOrigin::Index)
    };
    let coord = geo_types::coord! { x: feature.x, y: feature.y };
    points.push(index, [coord], weight, id, origin, lists, feature.all);
    true
}

/// Every feature read in parallel chunks, the common ones by the fast
/// path; `None` at the first feature that cannot be read.
fn parallel_points(
    document: &Document<'_>,
    reader: &FeatureReader<'_>,
    options: &PointOptions,
) -> Option<Points> {
    let wanted = wanted(options);
    read_chunked(&document.features, options, |points, index, raw| {
        if fast_feature(points, reader, options, &wanted, index, raw.get()) {
            return Some(());
        }
        let feature = serde_json::from_str::<geojson::Feature>(raw.get()).ok()?;
        full_feature(points, reader, options, index, feature, raw).ok()
    })
}

/// `items` (features, by index) read in parallel, in fixed chunks of
/// [`CHUNK`], each by `read` into its chunk's points, the chunks joined in
/// order; `None` as soon as `read` gives `None`.
fn read_chunked<T: Sync>(
    items: &[T],
    options: &PointOptions,
    read: impl Fn(&mut Points, usize, &T) -> Option<()> + Sync,
) -> Option<Points> {
    use rayon::prelude::*;

    let chunks: Vec<Points> = items
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut points = Points::new(options, chunk.len());
            for (k, item) in chunk.iter().enumerate() {
                read(&mut points, c * CHUNK + k, item)?;
            }
            Some(points)
        })
        .collect::<Option<Vec<Points>>>()?;
    Some(Points::joined(options, chunks))
}

/// Every feature read one by one, stopping at the first error.
fn sequential_points(
    document: &Document<'_>,
    reader: &FeatureReader<'_>,
    options: &PointOptions,
) -> Result<Points, Error> {
    let mut points = Points::new(options, document.features.len());
    // Duplicates are errors in file order, among the others.
    let mut unique = Unique::default();
    document.read(
        |index, feature, raw| {
            let before = points.ids.len();
            full_feature(&mut points, reader, options, index, feature, raw)?;
            if !options.unique_ids {
                return Ok(());
            }
            unique.check(
                reader.path,
                options,
                &points.ids[before..],
                &points.features[before..],
                &points.origins[before..],
            )
        },
        |index, value| {
            reader.diagnose(
                index,
                value,
                |props| feature_properties(reader, options, index, props).map(drop),
                &["Point", "MultiPoint"],
            )
        },
    )?;
    Ok(points)
}

/// Reads a polygon layer (districts) from a GeoJSON FeatureCollection of
/// Polygon and MultiPolygon features, or from a Shapefile of Polygon,
/// PolygonZ or PolygonM shapes (see [`read_points`] for how its parts,
/// attributes, encoding and `.prj` are read; a recognised `.prj` wins over
/// [`PolygonOptions::crs`], which serves when there is none or it is not
/// recognised). A shape's rings become polygons with holes;
/// a null shape is an error naming the feature unless
/// [`PolygonOptions::skip_other_geometries`]. A Shapefile district's name
/// is the name option's field, else a field called `name` (in any case),
/// else `district {index}`.
///
/// Rings need at least four positions; a ring that is not closed is
/// closed. Coordinates stay in the layer's CRS; longitude/latitude layers
/// are range-checked, and projected or planar layers that look like
/// longitude/latitude are refused, as by [`read_points`].
///
/// Polygons that are not valid by the OGC Simple Features rules
/// (self-intersecting rings...) are kept as they are and listed in
/// [`PolygonLayer::invalid`].
///
/// # Errors
///
/// As [`read_points`], with [`Error::GeometryType`] for geometries other
/// than Polygon and MultiPolygon, [`Error::InvalidFeature`] for empty
/// polygons and short rings, and [`Error::Property`] when the name
/// property is set but missing or not a string or number.
///
/// # Examples
///
/// ```
/// use sightline_io::{read_polygons, Crs, PolygonOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("dong.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "id": "d1",
///      "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1000, 0], [1000, 1000], [0, 0]]]}}
/// ]}"#).unwrap();
/// let layer = read_polygons(&path, &PolygonOptions::new().crs(Crs::Planar)).unwrap();
/// assert_eq!(layer.names, vec!["d1"]);
/// assert!(layer.invalid.is_empty());
/// ```
pub fn read_polygons(path: &Path, options: &PolygonOptions) -> Result<PolygonLayer, Error> {
    let bytes = read_file(path)?;
    read_polygons_from(path, &bytes, options)
}

/// [`read_polygons`] of a file's bytes already in memory: see
/// [`read_points_from`].
///
/// # Errors
///
/// As [`read_polygons`], but for the file's reading.
pub fn read_polygons_from(
    path: &Path,
    bytes: &[u8],
    options: &PolygonOptions,
) -> Result<PolygonLayer, Error> {
    const EXPECTED: &str = "Polygon or MultiPolygon";
    let format = file_format(path, bytes, unsupported::Geometry::Polygons)?;
    match format {
        Format::Shapefile => return shapes::read_shp_polygons(path, bytes, options),
        Format::FlatGeobuf => return fgb::read_fgb_polygons(path, bytes, options),
        _ => {}
    }
    let document = Document::parse(path, bytes, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
        expected: EXPECTED,
    };

    let count = document.features.len();
    let mut layer = PolygonLayer::with_capacity(path, document.crs, count);
    let name_property = options.name.as_deref();
    // The name, when read from the name property.
    let named = |index: usize, properties: Option<&JsonObject>| match name_property {
        Some(property) => reader.label(index, property, properties).map(Some),
        None => Ok(None),
    };
    document.read(
        |index, feature, raw| {
            if options.skip_other_geometries {
                let kind = feature.geometry.as_ref().map_or("null", |g| g.value.type_name());
                if !matches!(kind, "Polygon" | "MultiPolygon") {
                    layer.skipped.push((index, kind.to_owned()));
                    return Ok(());
                }
            }
            let properties = feature.properties.as_ref();
            let name = match named(index, properties)? {
                Some(name) => name,
                None => feature
                    .id
                    .as_ref()
                    .map(id_label)
                    .or_else(|| property_of(properties, "name").and_then(label_of))
                    .unwrap_or_else(|| format!("district {index}")),
            };
            let geometry = reader.geometry(index, feature.geometry.as_ref(), raw)?;
            let multi = match geometry {
                GeometryValue::Polygon { coordinates } => {
                    reader.check_polygon(index, coordinates, "Polygon")?;
                    let polygon = geo_types::Polygon::<f64>::try_from(geometry)
                        .map_err(|error| reader.invalid(index, error.to_string()))?;
                    MultiPolygon(vec![polygon])
                }
                GeometryValue::MultiPolygon { coordinates } => {
                    if coordinates.is_empty() {
                        return Err(reader.invalid(index, "MultiPolygon has no polygons".to_string()));
                    }
                    for polygon in coordinates {
                        reader.check_polygon(index, polygon, "MultiPolygon")?;
                    }
                    MultiPolygon::<f64>::try_from(geometry)
                        .map_err(|error| reader.invalid(index, error.to_string()))?
                }
                other => return Err(reader.wrong_type(index, other.type_name())),
            };
            layer.polygons.push(multi);
            layer.names.push(name);
            if let Some(property) = options.value.as_deref() {
                let value = reader.weight(index, property, feature.properties.as_ref())?;
                layer.values.push(value);
            }
            if let Some(property) = options.code.as_deref() {
                let code = reader.label(index, property, feature.properties.as_ref())?;
                layer.codes.push(code);
            }
            layer.features.push(index);
            Ok(())
        },
        |index, value| {
            reader.diagnose(
                index,
                value,
                |props| named(index, props).map(drop),
                &["Polygon", "MultiPolygon"],
            )
        },
    )?;
    document.check_not_lonlat(layer.vertices().map(|(c, _)| c))?;
    layer.invalid = invalid_polygons(&layer);
    Ok(layer)
}

/// Whether a file is read as CSV: its name ends in `.csv`, in any case.
pub(crate) fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
}

/// The whole file, as [`fs::read`] gives it; a big one (on Unix) read in
/// pieces of [`FILE_PIECE`](crate::FILE_PIECE) at their offsets in
/// parallel. A file that changes length while it is read is read again
/// plainly.
fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;

        let file = fs::File::open(path)?;
        let length = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
        if length > 2 * crate::FILE_PIECE && length < usize::MAX {
            let mut bytes = vec![0u8; length];
            let read = bytes
                .par_chunks_mut(crate::FILE_PIECE)
                .enumerate()
                .try_for_each(|(k, piece)| file.read_exact_at(piece, (k * crate::FILE_PIECE) as u64));
            // Nothing past the end: the file did not grow meanwhile.
            if read.is_ok() && file.read_at(&mut [0u8; 1], length as u64)? == 0 {
                return Ok(bytes);
            }
        }
    }
    fs::read(path)
}

/// The file's bytes; a part of a Shapefile other than the `.shp` is
/// refused.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    crate::shp::refuse_part(path)?;
    read_whole(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The file's format and bytes, refused when they are in a format these
/// readers do not read (KML, a GeoPackage, a ZIP archive), with advice for
/// a layer of `geometry`, or are a part of a Shapefile other than the
/// `.shp`.
pub(crate) fn read_classified(
    path: &Path,
    geometry: unsupported::Geometry,
) -> Result<(Format, Vec<u8>), Error> {
    let bytes = read_file(path)?;
    Ok((file_format(path, &bytes, geometry)?, bytes))
}

/// The format of a file's bytes, after refusing the formats not read.
fn file_format(path: &Path, bytes: &[u8], geometry: unsupported::Geometry) -> Result<Format, Error> {
    unsupported::refuse_unsupported(path, bytes, geometry)?;
    Ok(Format::of(path, bytes))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_big_file_read_in_pieces_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let bytes = crate::noise(2 * crate::FILE_PIECE + 4_321, 5);
        fs::write(&path, &bytes).unwrap();
        assert!(read_whole(&path).unwrap() == bytes);
        let small = dir.path().join("small.bin");
        fs::write(&small, b"abc").unwrap();
        assert_eq!(read_whole(&small).unwrap(), b"abc");
        assert!(read_whole(&dir.path().join("missing.bin")).is_err());
    }
}
