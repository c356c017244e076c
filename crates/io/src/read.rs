//! Reading point and polygon layers from GeoJSON FeatureCollections.

use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use serde::de::DeserializeSeed;
use serde_json::Value;

use crate::crs::legacy_crs;
use crate::raw::{Context, Coords, RawFeature, RawGeometry, Top, TopSeed, TypeName};
use crate::{Crs, Error};

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
/// assert_eq!(PointOptions::new().default_crs(), Crs::LonLat);
/// ```
#[derive(Clone, Debug, Default)]
pub struct PointOptions {
    weight: Option<String>,
    id: Option<String>,
    crs: Option<Crs>,
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
    pub fn id(mut self, property: impl Into<String>) -> Self {
        self.id = Some(property.into());
        self
    }

    /// The CRS to assume when the file has no legacy `crs` member (default
    /// [`Crs::LonLat`], as RFC 7946 says). A `crs` member in the file wins.
    pub fn crs(mut self, crs: Crs) -> Self {
        self.crs = Some(crs);
        self
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
/// assert_eq!(layer.ids, vec!["0", "0"]);
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
    /// The id of each point (shared by the points of one MultiPoint).
    pub ids: Vec<String>,
    /// The 0-based index of each point's source feature.
    pub features: Vec<usize>,
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
}

/// Reads a point layer from a GeoJSON FeatureCollection of Point and
/// MultiPoint features.
///
/// A MultiPoint gives several points sharing the feature's weight, id and
/// feature index. Coordinates stay in the layer's CRS; longitude/latitude
/// layers are checked to lie in [-180, 180] × [-90, 90].
///
/// # Errors
///
/// Every error names the file, and where it applies the 0-based feature
/// index and the property:
///
/// - [`Error::Read`]: the file is missing or unreadable;
/// - [`Error::Json`]: the file is not valid JSON, or a member has the
///   wrong JSON type (with serde_json's line and column);
/// - [`Error::NotFeatureCollection`], [`Error::NoFeatures`];
/// - [`Error::GeometryType`]: a geometry is null, missing or not a Point
///   or MultiPoint;
/// - [`Error::InvalidFeature`]: malformed or non-finite coordinates,
///   longitude/latitude out of range (with a hint when they look
///   swapped), a `type` member other than `Feature`;
/// - [`Error::Property`]: the weight or id property is missing or
///   unusable (weights must be finite and not negative);
/// - [`Error::LegacyCrs`], [`Error::UnknownEpsg`]: the file's or the
///   option's CRS is not understood.
pub fn read_points(path: &Path, options: &PointOptions) -> Result<PointLayer, Error> {
    let mut wanted = Vec::with_capacity(2);
    let weight_slot = options.weight.as_deref().map(|name| {
        wanted.push(name);
        wanted.len() - 1
    });
    let id_slot = options.id.as_deref().map(|name| {
        wanted.push(name);
        wanted.len() - 1
    });
    let document = parse(path, &wanted, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
    };

    let count = document.features.len();
    let mut layer = PointLayer {
        path: path.to_path_buf(),
        crs: document.crs,
        points: Vec::with_capacity(count),
        weights: Vec::with_capacity(count),
        ids: Vec::with_capacity(count),
        features: Vec::with_capacity(count),
    };
    for (index, feature) in document.features.into_iter().enumerate() {
        reader.check_feature_type(index, &feature)?;
        let weight = match (weight_slot, options.weight.as_deref()) {
            (Some(slot), Some(property)) => {
                reader.weight(index, property, slot_value(&feature, slot))?
            }
            _ => 1.0,
        };
        let id = match (id_slot, options.id.as_deref()) {
            (Some(slot), Some(property)) => {
                reader.label(index, property, slot_value(&feature, slot))?
            }
            _ => match feature.id.as_ref().and_then(label_of) {
                Some(id) => id,
                None => index.to_string(),
            },
        };
        let before = layer.points.len();
        const EXPECTED: &str = "Point or MultiPoint";
        let geometry = reader.geometry(index, &feature, EXPECTED)?;
        match (&geometry.kind, &geometry.coordinates) {
            (Some(TypeName::Point), Some(coords)) => {
                layer.points.push(reader.position(index, coords, "Point")?);
            }
            (Some(TypeName::MultiPoint), Some(Coords::List(items))) => {
                if items.is_empty() {
                    return Err(reader.invalid(index, "MultiPoint has no points".to_string()));
                }
                for item in items {
                    layer
                        .points
                        .push(reader.position(index, item, "MultiPoint")?);
                }
            }
            (Some(TypeName::MultiPoint), Some(_)) => {
                return Err(reader.invalid(
                    index,
                    "MultiPoint coordinates must be an array of positions".to_string(),
                ));
            }
            (Some(kind @ (TypeName::Point | TypeName::MultiPoint)), None) => {
                return Err(reader.no_coordinates(index, kind));
            }
            (kind, _) => return Err(reader.wrong_type(index, kind.as_ref(), EXPECTED)),
        }
        let added = layer.points.len() - before;
        layer.weights.extend(std::iter::repeat_n(weight, added));
        layer.features.extend(std::iter::repeat_n(index, added));
        if added > 1 {
            layer.ids.extend(std::iter::repeat_n(id.clone(), added - 1));
        }
        layer.ids.push(id);
    }
    Ok(layer)
}

/// Reads a polygon layer (districts) from a GeoJSON FeatureCollection of
/// Polygon and MultiPolygon features.
///
/// Rings need at least four positions; a ring that is not closed is
/// closed. Coordinates stay in the layer's CRS; longitude/latitude layers
/// are range-checked.
///
/// # Errors
///
/// As [`read_points`], with [`Error::GeometryType`] for geometries other
/// than Polygon and MultiPolygon, [`Error::InvalidFeature`] for empty
/// polygons and short rings, and [`Error::Property`] when the name
/// property is set but missing or not a string or number.
pub fn read_polygons(path: &Path, options: &PolygonOptions) -> Result<PolygonLayer, Error> {
    let name_property = options.name.as_deref();
    let wanted = [name_property.unwrap_or("name")];
    let document = parse(path, &wanted, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
    };

    let count = document.features.len();
    let mut layer = PolygonLayer {
        path: path.to_path_buf(),
        crs: document.crs,
        polygons: Vec::with_capacity(count),
        names: Vec::with_capacity(count),
        features: Vec::with_capacity(count),
    };
    for (index, feature) in document.features.into_iter().enumerate() {
        reader.check_feature_type(index, &feature)?;
        let name = match name_property {
            Some(property) => reader.label(index, property, slot_value(&feature, 0))?,
            None => feature
                .id
                .as_ref()
                .and_then(label_of)
                .or_else(|| slot_value(&feature, 0).and_then(label_of))
                .unwrap_or_else(|| format!("district {index}")),
        };
        const EXPECTED: &str = "Polygon or MultiPolygon";
        let geometry = reader.geometry(index, &feature, EXPECTED)?;
        let multi = match (&geometry.kind, &geometry.coordinates) {
            (Some(TypeName::Polygon), Some(coords)) => {
                MultiPolygon(vec![reader.polygon(index, coords, "Polygon")?])
            }
            (Some(TypeName::MultiPolygon), Some(Coords::List(items))) => {
                if items.is_empty() {
                    return Err(reader.invalid(index, "MultiPolygon has no polygons".to_string()));
                }
                let polygons = items
                    .iter()
                    .map(|item| reader.polygon(index, item, "MultiPolygon"))
                    .collect::<Result<Vec<_>, _>>()?;
                MultiPolygon(polygons)
            }
            (Some(TypeName::MultiPolygon), Some(_)) => {
                return Err(reader.invalid(
                    index,
                    "MultiPolygon coordinates must be an array of polygons".to_string(),
                ));
            }
            (Some(kind @ (TypeName::Polygon | TypeName::MultiPolygon)), None) => {
                return Err(reader.no_coordinates(index, kind));
            }
            (kind, _) => return Err(reader.wrong_type(index, kind.as_ref(), EXPECTED)),
        };
        layer.polygons.push(multi);
        layer.names.push(name);
        layer.features.push(index);
    }
    Ok(layer)
}

/// A parsed document: its CRS and its features.
struct Document {
    crs: Crs,
    features: Vec<RawFeature>,
}

fn parse(path: &Path, wanted: &[&str], default_crs: Crs) -> Result<Document, Error> {
    let bytes = fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // Files exported on Windows often start with a byte order mark.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let context = Context {
        wanted,
        current: Cell::new(None),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let json_error = |error: serde_json::Error, feature: Option<usize>| {
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        Error::Json {
            path: path.to_path_buf(),
            line: error.line(),
            column: error.column(),
            feature,
            message,
        }
    };
    let top = TopSeed(&context)
        .deserialize(&mut deserializer)
        .map_err(|error| json_error(error, context.current.get()))?;
    deserializer
        .end()
        .map_err(|error| json_error(error, None))?;

    let not_collection = |found: String| Error::NotFeatureCollection {
        path: path.to_path_buf(),
        found,
    };
    let collection = match top {
        Top::Other(found) => return Err(not_collection(found.to_string())),
        Top::Object(collection) => collection,
    };
    match &collection.kind {
        Some(TypeName::FeatureCollection) => {}
        Some(TypeName::Feature) => return Err(not_collection("a Feature".to_string())),
        Some(TypeName::Other(name)) => {
            return Err(not_collection(format!("of type `{name}`")));
        }
        Some(geometry) => {
            return Err(not_collection(format!("a {} geometry", geometry.as_str())));
        }
        None => return Err(not_collection("an object without `type`".to_string())),
    }
    // A FeatureCollection without a `features` member has no features.
    let features = collection.features.unwrap_or_default();
    if features.is_empty() {
        return Err(Error::NoFeatures {
            path: path.to_path_buf(),
        });
    }
    let crs = legacy_crs(collection.crs.as_ref(), path)?.unwrap_or(default_crs);
    crs.check_known(&path.display().to_string())?;
    Ok(Document { crs, features })
}

fn slot_value(feature: &RawFeature, slot: usize) -> Option<&Value> {
    feature.properties.get(slot).and_then(Option::as_ref)
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

/// Turns raw features into checked values, with errors naming the file.
struct FeatureReader<'a> {
    path: &'a Path,
    geographic: bool,
}

impl FeatureReader<'_> {
    fn invalid(&self, index: usize, reason: String) -> Error {
        Error::InvalidFeature {
            path: self.path.to_path_buf(),
            index,
            reason,
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

    fn wrong_type(&self, index: usize, kind: Option<&TypeName>, expected: &'static str) -> Error {
        Error::GeometryType {
            path: self.path.to_path_buf(),
            index,
            found: kind.map_or("without `type`", TypeName::as_str).to_string(),
            expected,
        }
    }

    fn no_coordinates(&self, index: usize, kind: &TypeName) -> Error {
        self.invalid(index, format!("{} has no `coordinates`", kind.as_str()))
    }

    fn check_feature_type(&self, index: usize, feature: &RawFeature) -> Result<(), Error> {
        match &feature.kind {
            Some(TypeName::Feature) => Ok(()),
            Some(other) => Err(self.invalid(
                index,
                format!("`type` is `{}`, expected `Feature`", other.as_str()),
            )),
            None => Err(self.invalid(index, "has no `type` member".to_string())),
        }
    }

    fn geometry<'f>(
        &self,
        index: usize,
        feature: &'f RawFeature,
        expected: &'static str,
    ) -> Result<&'f RawGeometry, Error> {
        let found = match &feature.geometry {
            Some(Some(geometry)) => return Ok(geometry),
            Some(None) => "null",
            None => "missing",
        };
        Err(Error::GeometryType {
            path: self.path.to_path_buf(),
            index,
            found: found.to_string(),
            expected,
        })
    }

    fn weight(&self, index: usize, property: &str, value: Option<&Value>) -> Result<f64, Error> {
        let value = value.ok_or_else(|| self.property_error(index, property, None, "a number"))?;
        let weight = number_of(value)
            .ok_or_else(|| self.property_error(index, property, Some(value), "a number"))?;
        if !weight.is_finite() || weight < 0.0 {
            return Err(self.property_error(
                index,
                property,
                Some(value),
                "a finite, non-negative number",
            ));
        }
        Ok(weight)
    }

    fn label(&self, index: usize, property: &str, value: Option<&Value>) -> Result<String, Error> {
        value
            .and_then(label_of)
            .ok_or_else(|| self.property_error(index, property, value, "a string or a number"))
    }

    fn position(&self, index: usize, coords: &Coords, kind: &str) -> Result<Coord<f64>, Error> {
        let Coords::Position(x, y) = *coords else {
            return Err(self.invalid(
                index,
                format!("{kind} coordinates must be positions [x, y]"),
            ));
        };
        if !x.is_finite() || !y.is_finite() {
            return Err(self.invalid(index, format!("coordinate ({x:?}, {y:?}) is not finite")));
        }
        if self.geographic {
            check_lonlat(x, y).map_err(|reason| self.invalid(index, reason))?;
        }
        Ok(Coord { x, y })
    }

    fn ring(&self, index: usize, coords: &Coords, kind: &str) -> Result<LineString<f64>, Error> {
        let Coords::List(items) = coords else {
            return Err(self.invalid(index, format!("{kind} rings must be arrays of positions")));
        };
        if items.len() < 4 {
            return Err(self.invalid(
                index,
                format!(
                    "{kind} has a ring of {} positions, expected at least 4",
                    items.len()
                ),
            ));
        }
        let points = items
            .iter()
            .map(|item| self.position(index, item, kind))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LineString(points))
    }

    fn polygon(&self, index: usize, coords: &Coords, kind: &str) -> Result<Polygon<f64>, Error> {
        let Coords::List(rings) = coords else {
            return Err(self.invalid(index, format!("{kind} coordinates must be arrays of rings")));
        };
        let Some((exterior, interiors)) = rings.split_first() else {
            return Err(self.invalid(index, format!("{kind} has a polygon without rings")));
        };
        let exterior = self.ring(index, exterior, kind)?;
        let interiors = interiors
            .iter()
            .map(|ring| self.ring(index, ring, kind))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Polygon::new(exterior, interiors))
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
