//! The options of the two readers: consuming builders for a point layer
//! ([`PointOptions`]) and a polygon layer ([`PolygonOptions`]).

use crate::{Crs, Encoding};
#[cfg(doc)]
use crate::{CsvFormat, Error, PointLayer, PolygonLayer, read_points, read_polygons};

/// Options for reading a point layer with [`read_points`] (a consuming
/// builder).
///
/// Rows and features are numbered one way everywhere (errors, skip notes,
/// default ids, [`PointLayer::features`]): a CSV row as a spreadsheet
/// shows it (the header is row 1, the first data row is row 2), a GeoJSON
/// feature by its 0-based index in the `features` array.
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
    pub(crate) delimiter: Option<u8>,
    pub(crate) properties: bool,
    pub(crate) ids: bool,
    pub(crate) sheet: Option<String>,
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
            delimiter: None,
            properties: false,
            ids: true,
            sheet: None,
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
    /// 0-based feature index (for a CSV file: the row as a spreadsheet
    /// numbers it, the header being row 1).
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

    /// Whether to keep each point's id in
    /// [`PointLayer::ids`](crate::PointLayer::ids) (default `true`). A
    /// layer nobody names point by point (demand: a million complaint
    /// points or grid cells) reads faster without: `ids` is then empty.
    /// Ids are always kept when they must be unique
    /// ([`unique_ids`](Self::unique_ids)).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("demand.geojson");
    /// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
    ///     {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}}
    /// ]}"#).unwrap();
    /// let layer = read_points(&path, &PointOptions::new().ids(false)).unwrap();
    /// assert_eq!((layer.points.len(), layer.ids.len()), (1, 0));
    /// let layer = read_points(&path, &PointOptions::new()).unwrap();
    /// assert_eq!(layer.ids, vec!["0"]);
    /// ```
    pub fn ids(mut self, keep: bool) -> Self {
        self.ids = keep;
        self
    }

    /// Whether ids are kept: asked for, or needed to check that they are
    /// unique.
    pub(crate) fn keeps_ids(&self) -> bool {
        self.ids || self.unique_ids
    }

    /// Whether to keep each point's attributes in
    /// [`PointLayer::properties`](crate::PointLayer::properties) (default
    /// `false`): a GeoJSON feature's properties as they are, a CSV row's
    /// cells as text under their column names. Candidate sites keep them,
    /// so that a plan names each pole as its owner does.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("poles.csv");
    /// std::fs::write(&path, "보안등위치명,경도,위도\n주엽로 12,126.76,37.67\n").unwrap();
    /// let layer = read_points(&path, &PointOptions::new().properties(true)).unwrap();
    /// assert_eq!(layer.properties[0]["보안등위치명"], "주엽로 12");
    /// assert!(read_points(&path, &PointOptions::new()).unwrap().properties.is_empty());
    /// ```
    pub fn properties(mut self, keep: bool) -> Self {
        self.properties = keep;
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

    /// The field separator of a CSV file, an ASCII character such as
    /// `b';'` or `b'\t'`. Without it the separator is found from the
    /// header line: of `,` `;` tab and `|`, the one that splits it into
    /// the most fields (`,` on a tie). GeoJSON ignores this.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("calls.csv");
    /// std::fs::write(&path, "name;lon;lat\n\"a, b\";126.8;37.6\n").unwrap();
    /// let layer = read_points(&path, &PointOptions::new().id("name")).unwrap();
    /// assert_eq!((layer.delimiter, layer.ids[0].as_str()), (Some(b';'), "a, b"));
    /// let forced = PointOptions::new().delimiter(b',');
    /// assert!(read_points(&path, &forced).is_err()); // no coordinate columns then
    /// assert_eq!(forced.csv_delimiter(), Some(b','));
    /// ```
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// The sheet of an Excel workbook to read, by name (an exact match
    /// first, else ignoring case and surrounding white space); without it
    /// the first sheet. Other formats ignore this.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{read_points, PointOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("calls.xlsx");
    /// let mut book = rust_xlsxwriter::Workbook::new();
    /// book.add_worksheet().set_name("notes").unwrap();
    /// let sheet = book.add_worksheet().set_name("민원").unwrap();
    /// for (col, name) in ["id", "경도", "위도"].into_iter().enumerate() {
    ///     sheet.write_string(0, col as u16, name).unwrap();
    /// }
    /// sheet.write_string(1, 0, "A").unwrap();
    /// sheet.write_number(1, 1, 126.8).unwrap();
    /// sheet.write_number(1, 2, 37.6).unwrap();
    /// book.save(&path).unwrap();
    ///
    /// let layer = read_points(&path, &PointOptions::new().sheet("민원").id("id")).unwrap();
    /// assert_eq!((layer.ids[0].as_str(), layer.features[0]), ("A", 2));
    /// assert_eq!(layer.sheet.as_deref(), Some("민원"));
    /// let error = read_points(&path, &PointOptions::new().sheet("calls")).unwrap_err();
    /// assert!(error.to_string().ends_with("no sheet `calls`; the sheets are `notes`, `민원`"), "{error}");
    /// ```
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(name.into());
        self
    }

    /// The Excel sheet to read, if set (see [`PointOptions::sheet`]).
    pub fn sheet_name(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The CSV field separator, if set (see [`PointOptions::delimiter`]).
    pub fn csv_delimiter(&self) -> Option<u8> {
        self.delimiter
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
    pub(crate) name: Option<String>,
    pub(crate) crs: Option<Crs>,
    pub(crate) skip_other_geometries: bool,
    pub(crate) value: Option<String>,
    pub(crate) code: Option<String>,
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

    /// Also read this property as text per polygon (a JSON string or
    /// number, a Shapefile field): a district's code, which tables join
    /// on ([`PolygonLayer::codes`](crate::PolygonLayer::codes)). A polygon
    /// without it is an error naming the feature and the property.
    pub fn code(mut self, property: impl Into<String>) -> Self {
        self.code = Some(property.into());
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
