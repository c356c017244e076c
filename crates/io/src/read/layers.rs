//! What the readers return: a point layer and a polygon layer, with
//! their coordinates still in the layer's own CRS.

use std::path::{Path, PathBuf};

use geo_types::{Coord, MultiPolygon};

use serde_json::{Map, Value};

use super::feature::{FeatureReader, label_of, property_of};
#[cfg(doc)]
use crate::PointOptions;
use crate::{Crs, CsvFormat, Error, InvalidPolygon, PolygonOptions, Skipped};

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
    /// `{id}#{k}`. A CSV row without an id column has its row number
    /// (see [`PointLayer::features`]).
    pub ids: Vec<String>,
    /// Where each point comes from: for GeoJSON the 0-based index of its
    /// feature; for CSV its row as a spreadsheet numbers it (the header
    /// is row 1, the first data row row 2), as errors and notes name it.
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
    /// The field separator of a CSV layer (`b','`, `b';'`, `b'\t'`,
    /// `b'|'`...), as [`PointOptions::delimiter`] gave it or as found
    /// from the header; `None` for GeoJSON.
    pub delimiter: Option<u8>,
    /// With [`PointOptions::properties`], each point's attributes as read
    /// (a GeoJSON feature's properties, a CSV row's cells as text by
    /// column name); empty otherwise.
    pub properties: Vec<serde_json::Map<String, serde_json::Value>>,
    /// The sheet of an Excel layer that was read ([`PointOptions::sheet`],
    /// else the first); `None` for other formats.
    pub sheet: Option<String>,
    /// The row of a CSV file's or Excel sheet's header, as a spreadsheet
    /// numbers it: 1 for CSV; in a sheet the first row holding the columns
    /// the options name (a title and blank rows above it are passed over).
    /// `None` for GeoJSON and Shapefiles.
    pub header_row: Option<usize>,
}

impl PointLayer {
    /// A layer of no points from `path`, in `crs`, to be filled (points
    /// built by a caller, such as the records of a table that have
    /// coordinates).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Crs, PointLayer};
    ///
    /// let mut layer = PointLayer::empty("calls.xlsx", Crs::LonLat);
    /// layer.points.push(sightline_io::geo_types::coord! { x: 126.8, y: 37.6 });
    /// assert!(layer.weights.is_empty() && layer.sheet.is_none());
    /// ```
    pub fn empty(path: impl Into<PathBuf>, crs: Crs) -> Self {
        Self {
            path: path.into(),
            crs,
            points: Vec::new(),
            weights: Vec::new(),
            ids: Vec::new(),
            features: Vec::new(),
            number_lists: Vec::new(),
            format: None,
            skipped: Skipped::default(),
            defaulted_weights: 0,
            delimiter: None,
            properties: Vec::new(),
            sheet: None,
            header_row: None,
        }
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
    /// The [`PolygonOptions::code`] of each polygon, as text (empty
    /// without it).
    pub codes: Vec<String>,
}

impl PolygonLayer {
    /// A layer of no polygons from `path`, in `crs`, with room for
    /// `capacity` features.
    pub(super) fn with_capacity(path: &Path, crs: Crs, capacity: usize) -> Self {
        Self {
            path: path.to_path_buf(),
            crs,
            polygons: Vec::with_capacity(capacity),
            names: Vec::with_capacity(capacity),
            features: Vec::with_capacity(capacity),
            invalid: Vec::new(),
            values: Vec::new(),
            skipped: Vec::new(),
            codes: Vec::new(),
        }
    }

    /// Adds feature `index` of a file whose features have named
    /// properties (a Shapefile's fields, a FlatGeobuf file's columns):
    /// its polygons, its name (the name option's property, else the
    /// property `name_field`, else `district {index}`), and its value and
    /// code as the options ask.
    ///
    /// # Errors
    ///
    /// [`Error::MissingProperty`] or [`Error::Property`] for an unusable
    /// name, value or code, in that order.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_district(
        &mut self,
        reader: &FeatureReader<'_>,
        options: &PolygonOptions,
        index: usize,
        polygons: MultiPolygon<f64>,
        properties: &Map<String, Value>,
        name_field: Option<&str>,
    ) -> Result<(), Error> {
        let name = match (options.name.as_deref(), name_field) {
            (Some(property), _) => reader.label(index, property, Some(properties))?,
            (None, Some(field)) => property_of(Some(properties), field)
                .and_then(label_of)
                .unwrap_or_else(|| format!("district {index}")),
            (None, None) => format!("district {index}"),
        };
        if let Some(property) = options.value.as_deref() {
            self.values
                .push(reader.weight(index, property, Some(properties))?);
        }
        if let Some(property) = options.code.as_deref() {
            self.codes.push(reader.label(index, property, Some(properties))?);
        }
        self.polygons.push(polygons);
        self.names.push(name);
        self.features.push(index);
        Ok(())
    }

    /// Every vertex of every ring (shells and holes), with the index of
    /// its feature, in order.
    pub(crate) fn vertices(&self) -> impl Iterator<Item = (Coord<f64>, usize)> + '_ {
        self.polygons
            .iter()
            .zip(&self.features)
            .flat_map(|(multi, &index)| {
                multi
                    .0
                    .iter()
                    .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
                    .flat_map(|ring| ring.0.iter())
                    .map(move |&c| (c, index))
            })
    }
}
