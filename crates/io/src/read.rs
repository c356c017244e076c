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

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use geo::algorithm::line_intersection::{LineIntersection, line_intersection};
use geo::algorithm::validation::{InvalidMultiPolygon, InvalidPolygon as GeoInvalidPolygon, RingRole};
use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Validation, coord};
use geo_types::{Coord, Line, LineString, MultiPolygon, Polygon};
use geojson::feature::Id;
use geojson::{Feature, Geometry, GeometryValue, JsonObject, Position};
use serde::Deserialize;
use serde::de::{self, IgnoredAny, Unexpected};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::crs::legacy_crs;
use crate::csv_points::read_csv_points;
use crate::{Crs, CsvFormat, Encoding, Error, Skipped};

/// Options for reading a point layer with [`read_points`] (a consuming
/// builder).
///
/// # Examples
///
/// ```
/// use sightline_io::{Crs, PointOptions};
///
/// let options = PointOptions::new().weight("population").id("code").crs(Crs::Epsg(5186));
/// assert_eq!(options.weight_property(), Some("population"));
/// assert_eq!(options.id_property(), Some("code"));
/// assert_eq!(options.default_crs(), Crs::Epsg(5186));
/// assert!(!options.requires_unique_ids());
/// assert_eq!(PointOptions::new().default_crs(), Crs::LonLat);
/// ```
#[derive(Clone, Debug)]
pub struct PointOptions {
    pub(crate) weight: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) crs: Option<Crs>,
    pub(crate) unique_ids: bool,
    pub(crate) number_lists: Vec<String>,
    pub(crate) encoding: Encoding,
    pub(crate) columns: Option<(String, String)>,
    pub(crate) count_weight: bool,
}

impl Default for PointOptions {
    fn default() -> Self {
        Self {
            weight: None,
            id: None,
            crs: None,
            unique_ids: false,
            number_lists: Vec::new(),
            encoding: Encoding::Auto,
            columns: None,
            count_weight: true,
        }
    }
}

impl PointOptions {
    /// Options with every default: weight 1.0, ids from the features,
    /// longitude/latitude unless the file says otherwise.
    pub fn new() -> Self {
        Self::default()
    }

    /// Read each point's weight from this property: a JSON number or a
    /// numeric string (`"12"`, `" 3.5 "`). It must be present on every
    /// feature, finite and not negative. Without it every weight is 1.0.
    pub fn weight(mut self, property: impl Into<String>) -> Self {
        self.weight = Some(property.into());
        self
    }

    /// Read each point's id from this property (a string, or a number
    /// turned into a string). It must be present on every feature. Without
    /// it the id is the feature's `id` member if it has one, else the
    /// 0-based feature index.
    ///
    /// The k-th point (1-based) of a MultiPoint with more than one point
    /// gets the id `{id}#{k}`; a one-point MultiPoint keeps `{id}`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::PointOptions;
    ///
    /// assert_eq!(PointOptions::new().id("pole_id").id_property(), Some("pole_id"));
    /// ```
    pub fn id(mut self, property: impl Into<String>) -> Self {
        self.id = Some(property.into());
        self
    }

    /// Also read this optional property as a list of numbers: a JSON
    /// number, an array of numbers, or a string of numbers separated by
    /// commas or spaces (`"45, 135"`). Missing, `null` or `""`: no list.
    /// Anything else is an error naming the feature and the property.
    /// The lists come back in [`PointLayer::number_lists`], one vector per
    /// property in the order added. Used for a site's allowed headings and
    /// an existing camera's heading and field of view.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("poles.geojson");
    /// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
    ///     {"type": "Feature", "properties": {"look": "90, 270"}, "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}},
    ///     {"type": "Feature", "properties": {"look": 45}, "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}},
    ///     {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}}
    /// ]}"#).unwrap();
    /// let layer = read_points(&path, &PointOptions::new().number_list("look")).unwrap();
    /// assert_eq!(layer.number_lists[0], vec![Some(vec![90.0, 270.0]), Some(vec![45.0]), None]);
    /// ```
    pub fn number_list(mut self, property: impl Into<String>) -> Self {
        self.number_lists.push(property.into());
        self
    }

    /// Whether every point must have its own id (default `false`): with
    /// `true`, [`read_points`] fails with [`Error::DuplicateId`] at the
    /// second occurrence of an id, naming both features. Candidate sites
    /// need this.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::PointOptions;
    ///
    /// assert!(PointOptions::new().unique_ids(true).requires_unique_ids());
    /// ```
    pub fn unique_ids(mut self, unique: bool) -> Self {
        self.unique_ids = unique;
        self
    }

    /// The CRS to assume when the file has no legacy `crs` member (default
    /// [`Crs::LonLat`], as RFC 7946 says). A `crs` member in the file wins.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Crs, PointOptions};
    ///
    /// assert_eq!(PointOptions::new().crs(Crs::Planar).default_crs(), Crs::Planar);
    /// ```
    pub fn crs(mut self, crs: Crs) -> Self {
        self.crs = Some(crs);
        self
    }

    /// The character encoding of a CSV file (default [`Encoding::Auto`]:
    /// UTF-8 when the bytes are valid UTF-8, else CP949). GeoJSON is always
    /// read as UTF-8 (RFC 7946) and ignores this.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, Encoding, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("lights.csv");
    /// let (bytes, _, _) = encoding_rs::EUC_KR.encode("이름,경도,위도\n정문,126.8,37.6\n");
    /// std::fs::write(&path, &bytes).unwrap();
    /// let error = read_points(&path, &PointOptions::new().encoding(Encoding::Utf8)).unwrap_err();
    /// assert!(error.to_string().contains("line 1: not valid UTF-8"), "{error}");
    /// assert!(error.to_string().contains("`cp949`"), "{error}");
    /// let layer = read_points(&path, &PointOptions::new().encoding(Encoding::Cp949)).unwrap();
    /// assert_eq!(layer.points.len(), 1);
    /// ```
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The columns of a CSV file holding x (longitude or easting) and y
    /// (latitude or northing), matched like header names are: ignoring
    /// surrounding white space and quotes, and the case of ASCII letters.
    /// Without it the columns are recognised by name: `경도`/`위도`,
    /// `longitude`/`latitude`, `lon`/`lat`, `lng`/`lat`, then `x`/`y`.
    /// GeoJSON ignores this.
    ///
    /// The named columns are read in the layer's CRS ([`PointOptions::crs`],
    /// longitude/latitude by default); so are `x`/`y`, while columns
    /// recognised by a longitude/latitude name are longitude/latitude
    /// unless [`PointOptions::crs`] says otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, Crs, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("poles.csv");
    /// std::fs::write(&path, "id,E,N\nA,185175.9,562053.6\n").unwrap();
    /// let options = PointOptions::new().columns("e", "n").crs(Crs::Epsg(5186)).id("id");
    /// let layer = read_points(&path, &options).unwrap();
    /// assert_eq!((layer.points[0].x, layer.points[0].y), (185175.9, 562053.6));
    /// assert_eq!(options.csv_columns(), Some(("e", "n")));
    /// ```
    pub fn columns(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.columns = Some((x.into(), y.into()));
        self
    }

    /// Whether a national standard CSV (see [`CsvFormat`]) read without
    /// [`PointOptions::weight`] takes its count column as the weights
    /// (default `true`). With `false` every weight is 1.0; candidate
    /// sites read their cost through the weight and want this off.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("lights.csv");
    /// std::fs::write(&path, "보안등위치명,설치개수,위도,경도\n정문,3,37.6,126.8\n").unwrap();
    /// assert_eq!(read_points(&path, &PointOptions::new()).unwrap().weights, vec![3.0]);
    /// let plain = PointOptions::new().count_weight(false);
    /// assert_eq!(read_points(&path, &plain).unwrap().weights, vec![1.0]);
    /// ```
    pub fn count_weight(mut self, count_weight: bool) -> Self {
        self.count_weight = count_weight;
        self
    }

    /// The CSV encoding (see [`PointOptions::encoding`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Encoding, PointOptions};
    ///
    /// assert_eq!(PointOptions::new().csv_encoding(), Encoding::Auto);
    /// ```
    pub fn csv_encoding(&self) -> Encoding {
        self.encoding
    }

    /// The CSV coordinate columns `(x, y)`, if set (see
    /// [`PointOptions::columns`]).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(sightline_io::PointOptions::new().csv_columns(), None);
    /// ```
    pub fn csv_columns(&self) -> Option<(&str, &str)> {
        self.columns.as_ref().map(|(x, y)| (x.as_str(), y.as_str()))
    }

    /// Whether ids must be unique (see [`PointOptions::unique_ids`]).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!sightline_io::PointOptions::new().requires_unique_ids());
    /// ```
    pub fn requires_unique_ids(&self) -> bool {
        self.unique_ids
    }

    /// The weight property, if set.
    pub fn weight_property(&self) -> Option<&str> {
        self.weight.as_deref()
    }

    /// The id property, if set.
    pub fn id_property(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The CRS assumed when the file has no `crs` member.
    pub fn default_crs(&self) -> Crs {
        self.crs.unwrap_or(Crs::LonLat)
    }
}

/// A point layer as read: coordinates still in the layer's own CRS.
///
/// The vectors `points`, `weights`, `ids` and `features` have one entry
/// per point. After [`Plane::project_points`](crate::Plane::project_points)
/// the points are plane metres and `crs` is the plane's
/// [`Plane::plane_crs`](crate::Plane::plane_crs).
///
/// # Examples
///
/// ```
/// use sightline_io::{read_points, Crs, PointOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("poles.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"w": "2"},
///      "geometry": {"type": "MultiPoint", "coordinates": [[126.8, 37.6], [126.9, 37.7]]}}
/// ]}"#).unwrap();
/// let layer = read_points(&path, &PointOptions::new().weight("w")).unwrap();
/// assert_eq!(layer.crs, Crs::LonLat);
/// assert_eq!(layer.points.len(), 2);
/// assert_eq!(layer.weights, vec![2.0, 2.0]);
/// assert_eq!(layer.ids, vec!["0#1", "0#2"]);
/// assert_eq!(layer.features, vec![0, 0]);
/// ```
#[derive(Clone, Debug)]
pub struct PointLayer {
    /// The file read.
    pub path: PathBuf,
    /// The CRS of `points`: the file's legacy `crs` member if present, else
    /// the option's.
    pub crs: Crs,
    /// The points (x = longitude or easting, y = latitude or northing).
    pub points: Vec<Coord<f64>>,
    /// The weight of each point (1.0 without a weight property).
    pub weights: Vec<f64>,
    /// The id of each point: see [`PointOptions::id`]. The k-th point
    /// (1-based) of a MultiPoint with more than one point has the id
    /// `{id}#{k}`. A CSV row without an id column has its 0-based row
    /// index.
    pub ids: Vec<String>,
    /// The 0-based index of each point's source feature (for CSV: its
    /// data row, 0 being the first row after the header).
    pub features: Vec<usize>,
    /// For each [`PointOptions::number_list`] property, each point's list
    /// (`None` where the property is missing or empty).
    pub number_lists: Vec<Vec<Option<Vec<f64>>>>,
    /// The layout of a CSV layer, recognised from its header; `None` for
    /// GeoJSON.
    pub format: Option<CsvFormat>,
    /// The CSV rows skipped for want of usable coordinates (empty for
    /// GeoJSON). Callers should tell the user, e.g. with
    /// [`Skipped::describe`].
    pub skipped: Skipped,
    /// How many points of a national standard CSV read without
    /// [`PointOptions::weight`] had an empty or unusable count (not a
    /// finite, non-negative number) and were given the weight 1.0 (0 for
    /// GeoJSON). Callers should tell the user when it is not 0.
    pub defaulted_weights: usize,
}

/// Options for reading a polygon layer with [`read_polygons`] (a consuming
/// builder).
///
/// # Examples
///
/// ```
/// use sightline_io::{Crs, PolygonOptions};
///
/// let options = PolygonOptions::new().name("dong").crs(Crs::Epsg(5179));
/// assert_eq!(options.name_property(), Some("dong"));
/// assert_eq!(options.default_crs(), Crs::Epsg(5179));
/// ```
#[derive(Clone, Debug, Default)]
pub struct PolygonOptions {
    name: Option<String>,
    crs: Option<Crs>,
    skip_other_geometries: bool,
    value: Option<String>,
}

impl PolygonOptions {
    /// Options with every default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Read each district's name from this property (a string, or a number
    /// turned into a string); it must be present on every feature. Without
    /// it the name is the feature's `id` member, else its `name` property,
    /// else `district {index}`.
    pub fn name(mut self, property: impl Into<String>) -> Self {
        self.name = Some(property.into());
        self
    }

    /// The CRS to assume when the file has no legacy `crs` member (default
    /// [`Crs::LonLat`]). A `crs` member in the file wins.
    pub fn crs(mut self, crs: Crs) -> Self {
        self.crs = Some(crs);
        self
    }

    /// Also read this property as a number per polygon (a JSON number or a
    /// numeric string, finite and not negative, present on every feature):
    /// a district's population, say. It comes back in
    /// [`PolygonLayer::values`].
    pub fn value(mut self, property: impl Into<String>) -> Self {
        self.value = Some(property.into());
        self
    }

    /// Skip features whose geometry is not a Polygon or MultiPolygon
    /// (building files often carry points of interest too), listing them
    /// in [`PolygonLayer::skipped`] instead of failing. Default: fail.
    pub fn skip_other_geometries(mut self, skip: bool) -> Self {
        self.skip_other_geometries = skip;
        self
    }

    /// The name property, if set.
    pub fn name_property(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The CRS assumed when the file has no `crs` member.
    pub fn default_crs(&self) -> Crs {
        self.crs.unwrap_or(Crs::LonLat)
    }
}

/// A polygon layer (districts) as read: coordinates still in the layer's
/// own CRS. One entry per feature in each vector.
///
/// # Examples
///
/// ```
/// use sightline_io::{read_polygons, PolygonOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("districts.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"name": "Jugyo-dong"},
///      "geometry": {"type": "Polygon",
///                   "coordinates": [[[126.8, 37.6], [126.9, 37.6], [126.9, 37.7], [126.8, 37.6]]]}}
/// ]}"#).unwrap();
/// let layer = read_polygons(&path, &PolygonOptions::new()).unwrap();
/// assert_eq!(layer.names, vec!["Jugyo-dong"]);
/// assert_eq!(layer.polygons[0].0.len(), 1);
/// assert_eq!(layer.features, vec![0]);
/// assert!(layer.invalid.is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct PolygonLayer {
    /// The file read.
    pub path: PathBuf,
    /// The CRS of `polygons`: the file's legacy `crs` member if present,
    /// else the option's.
    pub crs: Crs,
    /// One multipolygon per feature (a Polygon becomes a one-member
    /// MultiPolygon).
    pub polygons: Vec<MultiPolygon<f64>>,
    /// The name of each district.
    pub names: Vec<String>,
    /// The 0-based index of each polygon's source feature.
    pub features: Vec<usize>,
    /// The polygons that are not valid by the OGC Simple Features rules
    /// (self-intersecting rings, holes outside the shell, overlapping
    /// members...), in feature order. They are kept in `polygons` and used
    /// as they are; callers should tell the user.
    pub invalid: Vec<InvalidPolygon>,
    /// The [`PolygonOptions::value`] of each polygon (empty without it).
    pub values: Vec<f64>,
    /// Features skipped because their geometry is not a Polygon or
    /// MultiPolygon (only with
    /// [`PolygonOptions::skip_other_geometries`]): `(feature index,
    /// geometry type)`, in feature order. Callers should tell the user.
    pub skipped: Vec<(usize, String)>,
}

/// A polygon of a [`PolygonLayer`] that is not valid by the OGC Simple
/// Features rules (checked with geo's `Validation`).
///
/// # Examples
///
/// ```
/// use sightline_io::{read_polygons, PolygonOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("bowtie.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"name": "bow tie"},
///      "geometry": {"type": "Polygon",
///                   "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}}
/// ]}"#).unwrap();
/// let layer = read_polygons(&path, &PolygonOptions::new()).unwrap();
/// assert_eq!(layer.polygons.len(), 1);
/// assert_eq!(layer.invalid.len(), 1);
/// assert_eq!(layer.invalid[0].feature, 0);
/// assert_eq!(layer.invalid[0].name, "bow tie");
/// assert_eq!(layer.invalid[0].reason, "exterior ring has a self-intersection at (1.0, 1.0)");
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InvalidPolygon {
    /// The 0-based index of the feature.
    pub feature: usize,
    /// The district's name, as in [`PolygonLayer::names`].
    pub name: String,
    /// Why it is not valid (every reason found, separated by `; `).
    pub reason: String,
}

/// Reads a point layer from a GeoJSON FeatureCollection of Point and
/// MultiPoint features, or from a CSV file (a name ending in `.csv`, in
/// any case).
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
/// an error); without an id column the id is the 0-based row index, which
/// is also each point's entry in [`PointLayer::features`].
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
/// Every error names the file, and where it applies the 0-based feature
/// index and the property (for CSV: the 1-based data row, the file line
/// and the column):
///
/// - [`Error::Read`]: the file is missing or unreadable;
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
/// - [`Error::Property`]: the weight or id property is missing or
///   unusable (weights must be finite and not negative);
/// - [`Error::LegacyCrs`], [`Error::UnknownEpsg`]: the file's or the
///   option's CRS is not understood;
/// - [`Error::LooksLikeLonLat`]: a projected or planar layer whose
///   coordinates all look like longitude/latitude (see above), saying
///   whether the CRS came from the file's `crs` member or the option;
/// - [`Error::DuplicateId`]: with [`PointOptions::unique_ids`], two points
///   have the same id (for CSV, the "features" are 0-based row indexes);
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
/// assert_eq!(layer.features, vec![0, 2]);
/// assert_eq!(layer.skipped.first_rows, vec![2]);
/// ```
pub fn read_points(path: &Path, options: &PointOptions) -> Result<PointLayer, Error> {
    const EXPECTED: &str = "Point or MultiPoint";
    let bytes = read_file(path)?;
    if path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
    {
        return read_csv_points(path, &bytes, options);
    }
    let document = Document::parse(path, &bytes, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
        expected: EXPECTED,
    };

    let count = document.features.len();
    let mut layer = PointLayer {
        path: path.to_path_buf(),
        crs: document.crs,
        points: Vec::with_capacity(count),
        weights: Vec::with_capacity(count),
        ids: Vec::with_capacity(count),
        features: Vec::with_capacity(count),
        number_lists: vec![Vec::with_capacity(count); options.number_lists.len()],
        format: None,
        skipped: Skipped::default(),
        defaulted_weights: 0,
    };
    // Where each id was first seen: the feature, and whether the id came
    // from the feature's `id` member.
    let mut seen: HashMap<String, (usize, IdOrigin)> = HashMap::new();
    let mut duplicate = |id: &str, index: usize, origin: IdOrigin| -> Result<(), Error> {
        if !options.unique_ids {
            return Ok(());
        }
        match seen.get(id) {
            Some(&(first, first_origin)) => Err(Error::DuplicateId {
                path: path.to_path_buf(),
                first,
                second: index,
                csv: false,
                origin: first_origin.describe(origin, options.id.as_deref()),
                id: id.to_string(),
            }),
            None => {
                seen.insert(id.to_string(), (index, origin));
                Ok(())
            }
        }
    };
    // The weight, and the id when read from a property.
    let properties = |index: usize, properties: Option<&JsonObject>| {
        let weight = match options.weight.as_deref() {
            Some(property) => reader.weight(index, property, property_of(properties, property))?,
            None => 1.0,
        };
        let id = match options.id.as_deref() {
            Some(property) => Some(reader.label(index, property, property_of(properties, property))?),
            None => None,
        };
        let lists = options
            .number_lists
            .iter()
            .map(|property| reader.number_list(index, property, property_of(properties, property)))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok::<_, Error>((weight, id, lists))
    };
    document.read(
        |index, feature, raw| {
            let (weight, id, lists) = properties(index, feature.properties.as_ref())?;
            let (id, origin) = match (id, feature.id.as_ref(), options.id.as_deref()) {
                (Some(id), _, Some(_)) => (id, IdOrigin::Property),
                (_, Some(member), _) => (id_label(member), IdOrigin::Member),
                _ => (index.to_string(), IdOrigin::Index),
            };
            let geometry = reader.geometry(index, feature.geometry.as_ref(), raw)?;
            let before = layer.points.len();
            match geometry {
                GeometryValue::Point { coordinates } => {
                    reader.check_position(index, coordinates, "Point")?;
                    let point = geo_types::Point::<f64>::try_from(geometry)
                        .map_err(|error| reader.invalid(index, error.to_string()))?;
                    layer.points.push(point.0);
                }
                GeometryValue::MultiPoint { coordinates } => {
                    if coordinates.is_empty() {
                        return Err(reader.invalid(index, "MultiPoint has no points".to_string()));
                    }
                    for position in coordinates {
                        reader.check_position(index, position, "MultiPoint")?;
                    }
                    let points = geo_types::MultiPoint::<f64>::try_from(geometry)
                        .map_err(|error| reader.invalid(index, error.to_string()))?;
                    layer.points.extend(points.into_iter().map(|point| point.0));
                }
                other => return Err(reader.wrong_type(index, other.type_name())),
            }
            let added = layer.points.len() - before;
            layer.weights.extend(std::iter::repeat_n(weight, added));
            for (column, list) in layer.number_lists.iter_mut().zip(lists) {
                column.extend(std::iter::repeat_n(list, added));
            }
            layer.features.extend(std::iter::repeat_n(index, added));
            if added > 1 {
                for k in 1..=added {
                    let numbered = format!("{id}#{k}");
                    duplicate(&numbered, index, origin)?;
                    layer.ids.push(numbered);
                }
            } else {
                duplicate(&id, index, origin)?;
                layer.ids.push(id);
            }
            Ok(())
        },
        |index, value| {
            reader.diagnose(
                index,
                value,
                |props| properties(index, props).map(drop),
                &["Point", "MultiPoint"],
            )
        },
    )?;
    document.check_not_lonlat(layer.points.iter().copied())?;
    Ok(layer)
}

/// Where a point's id came from, for [`Error::DuplicateId`].
#[derive(Clone, Copy, PartialEq)]
enum IdOrigin {
    /// The id property of the options.
    Property,
    Member,
    Index,
}

impl IdOrigin {
    /// How the ids of two features with the same id were found.
    fn describe(self, other: Self, property: Option<&str>) -> String {
        match (self, other, property) {
            (IdOrigin::Property, _, Some(property)) => format!("property `{property}`"),
            (IdOrigin::Property, _, None) => "the id property".to_string(),
            (IdOrigin::Member, IdOrigin::Member, _) => "the feature id member".to_string(),
            (IdOrigin::Index, IdOrigin::Index, _) => "the feature index".to_string(),
            _ => "the feature id member (or, without one, the feature index)".to_string(),
        }
    }
}

/// Reads a polygon layer (districts) from a GeoJSON FeatureCollection of
/// Polygon and MultiPolygon features.
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
    const EXPECTED: &str = "Polygon or MultiPolygon";
    let bytes = read_file(path)?;
    let document = Document::parse(path, &bytes, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
        expected: EXPECTED,
    };

    let count = document.features.len();
    let mut layer = PolygonLayer {
        path: path.to_path_buf(),
        crs: document.crs,
        polygons: Vec::with_capacity(count),
        names: Vec::with_capacity(count),
        features: Vec::with_capacity(count),
        invalid: Vec::new(),
        skipped: Vec::new(),
        values: Vec::new(),
    };
    let name_property = options.name.as_deref();
    // The name, when read from the name property.
    let named = |index: usize, properties: Option<&JsonObject>| match name_property {
        Some(property) => reader
            .label(index, property, property_of(properties, property))
            .map(Some),
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
                let value = reader.weight(
                    index,
                    property,
                    property_of(feature.properties.as_ref(), property),
                )?;
                layer.values.push(value);
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
    document.check_not_lonlat(
        layer
            .polygons
            .iter()
            .flat_map(|multi| multi.0.iter())
            .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
            .flat_map(|ring| ring.0.iter().copied()),
    )?;
    layer.invalid = layer
        .polygons
        .iter()
        .zip(&layer.names)
        .zip(&layer.features)
        .filter_map(|((multi, name), &feature)| {
            invalid_reason(multi).map(|reason| InvalidPolygon {
                feature,
                name: name.clone(),
                reason,
            })
        })
        .collect();
    Ok(layer)
}

/// Why a multipolygon is not OGC-valid, or `None` when it is. A
/// one-member multipolygon is reported as a polygon.
///
/// geo reports a self-intersection when a segment passes within rounding
/// error of a vertex; such reports are checked again with exact
/// predicates, located, and dropped when the ring does not in fact meet
/// itself.
fn invalid_reason(multi: &MultiPolygon<f64>) -> Option<String> {
    let mut reasons: Vec<String> = match multi.0.as_slice() {
        [polygon] => polygon
            .validation_errors()
            .iter()
            .filter_map(|error| polygon_reason(polygon, error))
            .collect(),
        polygons => multi
            .validation_errors()
            .iter()
            .filter_map(|error| match error {
                InvalidMultiPolygon::InvalidPolygon(index, inner) => match polygons.get(index.0) {
                    Some(polygon) => {
                        polygon_reason(polygon, inner).map(|reason| format!("polygon {}: {reason}", index.0))
                    }
                    None => Some(error.to_string()),
                },
                other => Some(other.to_string()),
            })
            .collect(),
    };
    // A sliver: a ring whose points (nearly) lie on one line. geo does not
    // report it, but such a district holds nothing.
    for (index, polygon) in multi.0.iter().enumerate() {
        if is_sliver(polygon.exterior()) {
            let reason = "exterior ring has no area (its points lie on one line)";
            reasons.push(if multi.0.len() == 1 {
                reason.to_owned()
            } else {
                format!("polygon {index}: {reason}")
            });
        }
    }
    if reasons.is_empty() {
        None
    } else {
        Some(reasons.join("; "))
    }
}

/// True for a ring with extent whose points all lie on one line (to a
/// billionth of its length): it encloses nothing.
fn is_sliver(ring: &geo_types::LineString<f64>) -> bool {
    let Some(&first) = ring.0.first() else {
        return false;
    };
    let away = |p: &Coord<f64>| (p.x - first.x, p.y - first.y);
    let far = ring
        .0
        .iter()
        .map(away)
        .fold((0.0, 0.0), |best: (f64, f64), (x, y)| {
            if x * x + y * y > best.0 * best.0 + best.1 * best.1 {
                (x, y)
            } else {
                best
            }
        });
    let length2 = far.0 * far.0 + far.1 * far.1;
    length2 > 0.0
        && ring
            .0
            .iter()
            .map(away)
            .all(|(x, y)| (x * far.1 - y * far.0).abs() <= 1e-9 * length2)
}

/// geo's reason, with the place of a self-intersection; `None` for a
/// self-intersection that exact predicates do not confirm.
fn polygon_reason(polygon: &Polygon<f64>, error: &GeoInvalidPolygon) -> Option<String> {
    if let GeoInvalidPolygon::SelfIntersection(role) = error {
        let ring = match role {
            RingRole::Exterior => Some(polygon.exterior()),
            RingRole::Interior(i) => polygon.interiors().get(*i),
        };
        if let Some(ring) = ring {
            return self_intersection(ring).map(|at| format!("{error} at ({:?}, {:?})", at.x, at.y));
        }
    }
    Some(error.to_string())
}

/// The first place where a closed ring meets itself, by exact
/// predicates: two non-consecutive segments that cross or touch, or two
/// consecutive segments that fold back over each other (a spike).
/// Repeated points are skipped.
fn self_intersection(ring: &LineString<f64>) -> Option<Coord<f64>> {
    let segments: Vec<Line<f64>> = ring.lines().filter(|line| line.start != line.end).collect();
    let n = segments.len();
    for (i, &first) in segments.iter().enumerate() {
        for (j, &second) in segments.iter().enumerate().skip(i + 1) {
            let adjacent = j == i + 1 || (i == 0 && j + 1 == n);
            if adjacent {
                // Sharing a vertex is fine; folding back along it is not.
                let (shared, a, b) = if j == i + 1 {
                    (first.end, first.start, second.end)
                } else {
                    (first.start, first.end, second.start)
                };
                let collinear = RobustKernel::orient2d(a, shared, b) == Orientation::Collinear;
                if collinear && (on_segment(a, shared, b) || on_segment(shared, b, a)) {
                    return Some(shared);
                }
            } else if let Some(at) = segments_meet(first, second) {
                return Some(at);
            }
        }
    }
    None
}

/// Whether `c`, collinear with `a` and `b`, lies on the segment `a`–`b`.
fn on_segment(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    a.x.min(b.x) <= c.x && c.x <= a.x.max(b.x) && a.y.min(b.y) <= c.y && c.y <= a.y.max(b.y)
}

/// Where two segments meet, by exact orientation tests: a touching
/// endpoint, or the (rounded) crossing point.
fn segments_meet(p: Line<f64>, q: Line<f64>) -> Option<Coord<f64>> {
    let o1 = RobustKernel::orient2d(p.start, p.end, q.start);
    let o2 = RobustKernel::orient2d(p.start, p.end, q.end);
    let o3 = RobustKernel::orient2d(q.start, q.end, p.start);
    let o4 = RobustKernel::orient2d(q.start, q.end, p.end);
    let collinear = Orientation::Collinear;
    let touches = [
        (o1, p.start, p.end, q.start),
        (o2, p.start, p.end, q.end),
        (o3, q.start, q.end, p.start),
        (o4, q.start, q.end, p.end),
    ];
    for (orientation, a, b, c) in touches {
        if orientation == collinear && on_segment(a, b, c) {
            return Some(c);
        }
    }
    if o1 != o2 && o3 != o4 {
        return Some(match line_intersection(p, q) {
            Some(LineIntersection::SinglePoint { intersection, .. }) => intersection,
            Some(LineIntersection::Collinear { intersection }) => intersection.start,
            None => q.start,
        });
    }
    None
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The members of the top-level object that matter; the others are
/// skipped. The features are kept as JSON text, to be read one by one.
#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Vec<&'a RawValue>,
    #[serde(default)]
    crs: Option<Value>,
}

/// A FeatureCollection split into its features.
struct Document<'a> {
    path: &'a Path,
    /// The file's text after any byte order mark (for error positions).
    text: &'a [u8],
    crs: Crs,
    /// Whether `crs` came from the file's legacy `crs` member.
    crs_from_member: bool,
    /// Each feature's JSON text, a slice of `text`.
    features: Vec<&'a RawValue>,
}

/// The geometry types, as named in [`Error::NotFeatureCollection`].
const GEOMETRY_TYPES: &[&str] = &[
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

impl<'a> Document<'a> {
    /// Checks the whole file, the top-level object and its CRS, and splits
    /// off the features.
    fn parse(path: &'a Path, bytes: &'a [u8], default_crs: Crs) -> Result<Self, Error> {
        // Files exported on Windows often start with a byte order mark.
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let not_collection = |found: String| Error::NotFeatureCollection {
            path: path.to_path_buf(),
            found,
        };
        let first = text
            .iter()
            .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
        if first != Some(&b'{') {
            // Well-formed JSON that is not an object, or malformed JSON.
            serde_json::from_slice::<IgnoredAny>(text)
                .map_err(|error| json_error(path, &error, None, (0, 0)))?;
            let found = match first {
                Some(b'[') => "an array",
                Some(b'"') => "a string",
                Some(b't' | b'f') => "a boolean",
                Some(b'n') => "null",
                _ => "a number",
            };
            return Err(not_collection(found.to_string()));
        }
        let top: TopLevel<'a> =
            serde_json::from_slice(text).map_err(|error| json_error(path, &error, None, (0, 0)))?;
        match top.kind.as_deref() {
            Some("FeatureCollection") => {}
            Some("Feature") => return Err(not_collection("a Feature".to_string())),
            Some(name) if GEOMETRY_TYPES.contains(&name) => {
                return Err(not_collection(format!("a {name} geometry")));
            }
            Some(name) => return Err(not_collection(format!("of type `{name}`"))),
            None => return Err(not_collection("an object without `type`".to_string())),
        }
        // A FeatureCollection without a `features` member has no features.
        if top.features.is_empty() {
            return Err(Error::NoFeatures {
                path: path.to_path_buf(),
            });
        }
        let member = legacy_crs(top.crs.as_ref(), path)?;
        let crs = member.unwrap_or(default_crs);
        crs.check_known(&path.display().to_string())?;
        Ok(Document {
            path,
            text,
            crs,
            crs_from_member: member.is_some(),
            features: top.features,
        })
    }

    /// Refuses a layer read in a projected EPSG system whose every
    /// coordinate lies within longitude/latitude bounds, or a planar one
    /// that also fits in a box smaller than 10 × 10 units.
    fn check_not_lonlat(&self, coords: impl Iterator<Item = Coord<f64>>) -> Result<(), Error> {
        check_not_lonlat(self.path, self.crs, self.crs_from_member, coords)
    }

    /// Reads each feature with geojson and hands it to `each`, in order,
    /// stopping at the first error. `diagnose` explains, where it can, a
    /// feature geojson rejected (given as a JSON value).
    ///
    /// A JSON fault (an [`Error::Json`]) anywhere in the file is reported
    /// before the errors found in earlier features, so that a broken file
    /// is reported as such.
    fn read(
        &self,
        mut each: impl FnMut(usize, Feature, &RawValue) -> Result<(), Error>,
        diagnose: impl Fn(usize, &Value) -> Option<Error>,
    ) -> Result<(), Error> {
        for (index, raw) in self.features.iter().copied().enumerate() {
            let result = self
                .feature(index, raw, &diagnose)
                .and_then(|feature| each(index, feature, raw));
            let Err(error) = result else { continue };
            if !matches!(error, Error::Json { .. }) {
                let later = self.features.iter().copied().enumerate().skip(index + 1);
                for (later, raw) in later {
                    if let Err(json @ Error::Json { .. }) = self.feature(later, raw, &diagnose) {
                        return Err(json);
                    }
                }
            }
            return Err(error);
        }
        Ok(())
    }

    /// One feature, read with geojson.
    fn feature(
        &self,
        index: usize,
        raw: &RawValue,
        diagnose: &impl Fn(usize, &Value) -> Option<Error>,
    ) -> Result<Feature, Error> {
        serde_json::from_str(raw.get()).map_err(|error| {
            let value = serde_json::from_str::<Value>(raw.get()).ok();
            if let Some(reason) = value.as_ref().and_then(|value| diagnose(index, value)) {
                return reason;
            }
            let error = value.as_ref().and_then(not_an_object).unwrap_or(error);
            json_error(self.path, &error, Some(index), self.start_of(raw))
        })
    }

    /// The 0-based line and column in the file where `raw` starts.
    fn start_of(&self, raw: &RawValue) -> (usize, usize) {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let before = self.text.get(..offset).unwrap_or_default();
        let line = before.iter().filter(|byte| **byte == b'\n').count();
        let column = before.iter().rev().take_while(|byte| **byte != b'\n').count();
        (line, column)
    }
}

/// Refuses a layer read in a projected EPSG system whose every coordinate
/// lies within longitude/latitude bounds, or a planar one that also fits
/// in a box smaller than 10 × 10 units. `from_member`: whether `crs` came
/// from the file's legacy `crs` member.
pub(crate) fn check_not_lonlat(
    path: &Path,
    crs: Crs,
    from_member: bool,
    coords: impl Iterator<Item = Coord<f64>>,
) -> Result<(), Error> {
    const PLANAR_EXTENT: f64 = 10.0;
    if crs.is_geographic() {
        return Ok(());
    }
    let mut min = coord! { x: f64::INFINITY, y: f64::INFINITY };
    let mut max = coord! { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
    for c in coords {
        if !((-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y)) {
            return Ok(());
        }
        min = coord! { x: min.x.min(c.x), y: min.y.min(c.y) };
        max = coord! { x: max.x.max(c.x), y: max.y.max(c.y) };
    }
    if min.x > max.x {
        // No coordinates.
        return Ok(());
    }
    if crs == Crs::Planar && (max.x - min.x >= PLANAR_EXTENT || max.y - min.y >= PLANAR_EXTENT) {
        return Ok(());
    }
    Err(Error::LooksLikeLonLat {
        path: path.to_path_buf(),
        crs,
        from_member,
    })
}

/// serde_json's error as an [`Error::Json`]. `start` is the 0-based line
/// and column where the text serde_json read begins in the file.
fn json_error(
    path: &Path,
    error: &serde_json::Error,
    feature: Option<usize>,
    start: (usize, usize),
) -> Error {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let (line, column) = match error.line() {
        // No position: the start of the text.
        0 => (start.0 + 1, start.1 + 1),
        1 => (start.0 + 1, start.1 + error.column()),
        line => (start.0 + line, error.column()),
    };
    Error::Json {
        path: path.to_path_buf(),
        line,
        column,
        feature,
        message,
    }
}

fn property_of<'p>(properties: Option<&'p JsonObject>, name: &str) -> Option<&'p Value> {
    properties.and_then(|properties| properties.get(name))
}

/// A feature's `id` member as a label.
fn id_label(id: &Id) -> String {
    match id {
        Id::String(s) => s.clone(),
        Id::Number(n) => n.to_string(),
    }
}

/// A string or number as a label; `None` for other JSON types.
fn label_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON number or a numeric string.
fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Checks features, with errors naming the file.
struct FeatureReader<'a> {
    path: &'a Path,
    geographic: bool,
    /// The geometry types accepted, for [`Error::GeometryType`].
    expected: &'static str,
}

impl FeatureReader<'_> {
    fn invalid(&self, index: usize, reason: String) -> Error {
        Error::InvalidFeature {
            path: self.path.to_path_buf(),
            index,
            reason,
        }
    }

    /// An optional list of numbers: see [`PointOptions::number_list`].
    fn number_list(
        &self,
        index: usize,
        property: &str,
        value: Option<&Value>,
    ) -> Result<Option<Vec<f64>>, Error> {
        const EXPECTED: &str = "a number, a list of numbers, or numbers separated by commas";
        let bad = || self.property_error(index, property, value, EXPECTED);
        let finite = |x: f64| if x.is_finite() { Ok(x) } else { Err(bad()) };
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(vec![finite(n.as_f64().ok_or_else(bad)?)?])),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_f64().ok_or_else(bad).and_then(finite))
                .collect::<Result<Vec<f64>, Error>>()
                .map(|v| (!v.is_empty()).then_some(v)),
            Some(Value::String(text)) => crate::csv_points::number_list(text).ok_or_else(bad),
            Some(_) => Err(bad()),
        }
    }

    fn property_error(
        &self,
        index: usize,
        property: &str,
        found: Option<&Value>,
        expected: &'static str,
    ) -> Error {
        Error::Property {
            path: self.path.to_path_buf(),
            index,
            property: property.to_string(),
            found: found.map_or_else(|| "missing".to_string(), Value::to_string),
            expected,
        }
    }

    fn wrong_type(&self, index: usize, found: &str) -> Error {
        Error::GeometryType {
            path: self.path.to_path_buf(),
            index,
            found: found.to_string(),
            expected: self.expected,
        }
    }

    /// The feature's geometry, or an error telling a null geometry from a
    /// missing one (which geojson does not).
    fn geometry<'g>(
        &self,
        index: usize,
        geometry: Option<&'g Geometry>,
        raw: &RawValue,
    ) -> Result<&'g GeometryValue, Error> {
        if let Some(geometry) = geometry {
            return Ok(&geometry.value);
        }
        let present = serde_json::from_str::<JsonObject>(raw.get())
            .is_ok_and(|feature| feature.contains_key("geometry"));
        Err(self.wrong_type(index, if present { "null" } else { "missing" }))
    }

    fn weight(&self, index: usize, property: &str, value: Option<&Value>) -> Result<f64, Error> {
        let value = value.ok_or_else(|| self.property_error(index, property, None, "a number"))?;
        let weight =
            number_of(value).ok_or_else(|| self.property_error(index, property, Some(value), "a number"))?;
        if !weight.is_finite() || weight < 0.0 {
            return Err(self.property_error(index, property, Some(value), "a finite, non-negative number"));
        }
        Ok(weight)
    }

    fn label(&self, index: usize, property: &str, value: Option<&Value>) -> Result<String, Error> {
        value
            .and_then(label_of)
            .ok_or_else(|| self.property_error(index, property, value, "a string or a number"))
    }

    /// Checks that a position has x and y, finite and (for geographic
    /// layers) in range.
    fn check_position(&self, index: usize, position: &Position, kind: &str) -> Result<(), Error> {
        let &[x, y, ..] = position.as_slice() else {
            let count = position.len();
            let numbers = if count == 1 { "number" } else { "numbers" };
            return Err(self.invalid(
                index,
                format!("{kind} has a position of {count} {numbers}, expected at least 2"),
            ));
        };
        if !x.is_finite() || !y.is_finite() {
            return Err(self.invalid(index, format!("coordinate ({x:?}, {y:?}) is not finite")));
        }
        if self.geographic {
            check_lonlat(x, y).map_err(|reason| self.invalid(index, reason))?;
        }
        Ok(())
    }

    /// Checks a polygon: at least one ring, rings of at least four
    /// positions, valid positions.
    fn check_polygon(&self, index: usize, rings: &[Vec<Position>], kind: &str) -> Result<(), Error> {
        if rings.is_empty() {
            return Err(self.invalid(index, format!("{kind} has a polygon without rings")));
        }
        for ring in rings {
            if ring.len() < 4 {
                return Err(self.invalid(
                    index,
                    format!(
                        "{kind} has a ring of {} positions, expected at least 4",
                        ring.len()
                    ),
                ));
            }
            for position in ring {
                self.check_position(index, position, kind)?;
            }
        }
        Ok(())
    }

    /// Why geojson rejected a feature, in this reader's terms, or `None`
    /// when the fault is at the JSON level (a member of the wrong JSON
    /// type, a position that is not numbers, an `id` that is neither a
    /// string nor a number...), which is then reported as an
    /// [`Error::Json`].
    ///
    /// The reasons found are a wrong `type` member, and a geometry that is
    /// missing, null, of another type than `kinds`, without coordinates or
    /// with coordinates nested too deep or too shallow. As when reading a
    /// feature, the properties (checked by `properties`) come before the
    /// geometry.
    fn diagnose(
        &self,
        index: usize,
        value: &Value,
        properties: impl FnOnce(Option<&JsonObject>) -> Result<(), Error>,
        kinds: &[&str],
    ) -> Option<Error> {
        let feature = value.as_object()?;
        match feature.get("type") {
            None => return Some(self.invalid(index, "has no `type` member".to_string())),
            Some(Value::String(kind)) if kind == "Feature" => {}
            Some(Value::String(kind)) => {
                return Some(self.invalid(index, format!("`type` is `{kind}`, expected `Feature`")));
            }
            Some(other) => {
                return Some(self.invalid(index, format!("`type` is {other}, expected `Feature`")));
            }
        }
        let props = match feature.get("properties") {
            None | Some(Value::Null) => None,
            Some(Value::Object(props)) => Some(props),
            Some(_) => return None,
        };
        let reason = self.diagnose_geometry(index, feature.get("geometry"), kinds)?;
        Some(properties(props).err().unwrap_or(reason))
    }

    /// Why geojson rejected a feature's `geometry` member, if this reader
    /// can tell (see [`FeatureReader::diagnose`]).
    fn diagnose_geometry(&self, index: usize, geometry: Option<&Value>, kinds: &[&str]) -> Option<Error> {
        let geometry = match geometry {
            None => return Some(self.wrong_type(index, "missing")),
            Some(Value::Null) => return Some(self.wrong_type(index, "null")),
            Some(Value::Object(geometry)) => geometry,
            Some(_) => return None,
        };
        let kind = match geometry.get("type") {
            None => return Some(self.wrong_type(index, "without `type`")),
            Some(Value::String(kind)) => kind.as_str(),
            Some(_) => return None,
        };
        if !kinds.contains(&kind) {
            return Some(self.wrong_type(index, kind));
        }
        let Some(coordinates) = geometry.get("coordinates") else {
            return Some(self.invalid(index, format!("{kind} has no `coordinates`")));
        };
        shape_error(kind, coordinates).map(|reason| self.invalid(index, reason))
    }
}

/// serde_json's error for a feature that is not a JSON object (geojson's
/// own message names an internal type).
fn not_an_object(value: &Value) -> Option<serde_json::Error> {
    let unexpected = match value {
        Value::Object(_) => return None,
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
    };
    Some(de::Error::invalid_type(unexpected, &"a GeoJSON Feature object"))
}

/// Why `coordinates` do not nest as deep as a geometry of type `kind`
/// needs; `None` when they do, or when it cannot be told from the first
/// elements (an empty array).
fn shape_error(kind: &str, coordinates: &Value) -> Option<String> {
    if kind == "Point" {
        // A position: an array of numbers.
        return match coordinates {
            Value::Array(items) if items.first().is_some_and(|first| !first.is_array()) => None,
            _ => Some("Point coordinates must be positions [x, y]".to_string()),
        };
    }
    let expected = match kind {
        "MultiPoint" => 2,
        "Polygon" => 3,
        "MultiPolygon" => 4,
        _ => return None,
    };
    let depth = depth(coordinates)?;
    let what = match (kind, depth) {
        (_, depth) if depth == expected => return None,
        (_, depth) if depth > expected => "coordinates must be positions [x, y]",
        ("MultiPoint", _) => "coordinates must be an array of positions",
        ("Polygon", 2) | ("MultiPolygon", 3) => "rings must be arrays of positions",
        ("Polygon", _) | ("MultiPolygon", 2) => "coordinates must be arrays of rings",
        _ => "coordinates must be an array of polygons",
    };
    Some(format!("{kind} {what}"))
}

/// How deep arrays nest, following first elements: 0 for a number, 1 for
/// a position, 2 for an array of positions...; `None` at an empty array.
fn depth(value: &Value) -> Option<usize> {
    match value {
        Value::Array(items) => depth(items.first()?).map(|depth| depth + 1),
        _ => Some(0),
    }
}

/// Checks a longitude/latitude pair, with a hint when it looks swapped.
fn check_lonlat(lon: f64, lat: f64) -> Result<(), String> {
    if !(-90.0..=90.0).contains(&lat) {
        let hint = if lon.abs() <= 90.0 && lat.abs() <= 180.0 {
            "; are longitude and latitude swapped?"
        } else {
            ""
        };
        return Err(format!("latitude {lat:?} is outside [-90, 90]{hint}"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon:?} is outside [-180, 180]"));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_name_the_level_at_fault() {
        let cases = [
            ("Point", json!([1, 2]), None),
            ("Point", json!([1, 2, 3]), None),
            (
                "Point",
                json!([]),
                Some("Point coordinates must be positions [x, y]"),
            ),
            (
                "Point",
                json!(3),
                Some("Point coordinates must be positions [x, y]"),
            ),
            (
                "Point",
                json!([[1, 2]]),
                Some("Point coordinates must be positions [x, y]"),
            ),
            ("MultiPoint", json!([[1, 2]]), None),
            ("MultiPoint", json!([]), None),
            (
                "MultiPoint",
                json!([1, 2]),
                Some("MultiPoint coordinates must be an array of positions"),
            ),
            (
                "MultiPoint",
                json!([[[1, 2]]]),
                Some("MultiPoint coordinates must be positions [x, y]"),
            ),
            ("Polygon", json!([[[0, 0], [1, 0], [1, 1], [0, 0]]]), None),
            ("Polygon", json!([[]]), None),
            (
                "Polygon",
                json!([[0, 0], [1, 0]]),
                Some("Polygon rings must be arrays of positions"),
            ),
            (
                "Polygon",
                json!([0, 0]),
                Some("Polygon coordinates must be arrays of rings"),
            ),
            (
                "Polygon",
                json!([[[[0, 0]]]]),
                Some("Polygon coordinates must be positions [x, y]"),
            ),
            ("MultiPolygon", json!([[[[0, 0]]]]), None),
            (
                "MultiPolygon",
                json!([[[0, 0]]]),
                Some("MultiPolygon rings must be arrays of positions"),
            ),
            (
                "MultiPolygon",
                json!([[0, 0]]),
                Some("MultiPolygon coordinates must be arrays of rings"),
            ),
            (
                "MultiPolygon",
                json!([0, 0]),
                Some("MultiPolygon coordinates must be an array of polygons"),
            ),
            (
                "MultiPolygon",
                json!(0),
                Some("MultiPolygon coordinates must be an array of polygons"),
            ),
        ];
        for (kind, coordinates, expected) in cases {
            assert_eq!(
                shape_error(kind, &coordinates).as_deref(),
                expected,
                "{kind} {coordinates}"
            );
        }
    }

    #[test]
    fn json_errors_are_placed_in_the_file() {
        let path = Path::new("x.geojson");
        let text =
            b"{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": \"Feature\",\n \"id\": [1]}]}";
        let document = Document::parse(path, text, Crs::LonLat).unwrap();
        let raw = document.features[0];
        assert_eq!(document.start_of(raw), (1, 2));
        let error = serde_json::from_str::<Feature>(raw.get()).unwrap_err();
        let Error::Json {
            line,
            column,
            feature,
            ..
        } = json_error(path, &error, Some(0), document.start_of(raw))
        else {
            panic!("not a JSON error");
        };
        assert_eq!((line, feature), (3, Some(0)));
        assert_eq!(column, error.column());
        // On the feature's first line, columns count from the line's start.
        let error = serde_json::from_str::<Feature>("{\"x\": }").unwrap_err();
        let Error::Json { line, column, .. } = json_error(path, &error, Some(0), (1, 2)) else {
            panic!("not a JSON error");
        };
        assert_eq!((line, column), (2, 2 + error.column()));
    }
}
