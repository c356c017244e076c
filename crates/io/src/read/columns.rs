//! A point layer a program holds as columns (a GeoDataFrame's x, y and
//! properties), read with the rules of a GeoJSON file: each row is a
//! feature (0-based), its columns its properties.

use std::path::Path;

use geo_types::Coord;
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::feature::FeatureReader;
use super::points::{IdOrigin, Points};
use super::{PointLayer, PointOptions};
use crate::fgb::CHUNK;
use crate::{Crs, Error};

/// A point layer held as columns: one point per row, at (`x[k]`, `y[k]`),
/// with the row's value of each named column as its properties (`Null`
/// where a row has none). A GeoDataFrame of points handed over from
/// Python is one.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use serde_json::json;
/// use sightline_io::{Crs, PointColumns, PointOptions, read_point_columns};
///
/// let layer = PointColumns {
///     x: vec![126.80, 126.81],
///     y: vec![37.60, 37.61],
///     crs: Some(Crs::LonLat),
///     columns: vec![("count".to_owned(), vec![json!(3.0), json!(-1.0)])],
/// };
/// let name = Path::new("demand GeoDataFrame");
/// let error = read_point_columns(name, &layer, &PointOptions::new().weight("count")).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "feature 1 in demand GeoDataFrame: property `count` is -1.0, expected a finite, non-negative number"
/// );
/// let read = read_point_columns(name, &layer, &PointOptions::new()).unwrap();
/// assert_eq!(read.points.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointColumns {
    /// Each row's x (longitude or easting).
    pub x: Vec<f64>,
    /// Each row's y (latitude or northing).
    pub y: Vec<f64>,
    /// The coordinate system (None: the options', else longitude/latitude).
    pub crs: Option<Crs>,
    /// The property columns: a name and one value per row.
    pub columns: Vec<(String, Vec<Value>)>,
}

/// Reads a point layer held as columns, with the rules and errors of
/// [`read_points`](crate::read_points) for a GeoJSON file (`path` names the
/// layer in errors): coordinates checked, weights, ids and lists of
/// numbers read from the named columns, ids checked unique when asked.
///
/// # Errors
///
/// [`Error::NoFeatures`] for no rows; [`Error::InvalidFeature`] for
/// columns not as long as `x`; otherwise as [`read_points`](crate::read_points) for a GeoJSON
/// file.
pub fn read_point_columns(
    path: &Path,
    layer: &PointColumns,
    options: &PointOptions,
) -> Result<PointLayer, Error> {
    let rows = layer.x.len();
    if rows == 0 {
        return Err(Error::NoFeatures {
            path: path.to_path_buf(),
        });
    }
    let short = std::iter::once(("y", layer.y.len()))
        .chain(
            layer
                .columns
                .iter()
                .map(|(name, values)| (name.as_str(), values.len())),
        )
        .find(|(_, len)| *len != rows);
    if let Some((name, len)) = short {
        return Err(Error::InvalidFeature {
            path: path.to_path_buf(),
            index: len.min(rows),
            reason: format!("column `{name}` has {len} rows, the coordinates {rows}"),
        });
    }
    let crs = layer.crs.or(options.crs).unwrap_or(Crs::LonLat);
    crs.check_known(&path.display().to_string())?;
    let reader = FeatureReader {
        path,
        geographic: crs.is_geographic(),
        expected: "Point or MultiPoint",
    };
    let chunks: Vec<Result<Points, Error>> = (0..rows.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let range = chunk * CHUNK..((chunk + 1) * CHUNK).min(rows);
            let mut out = Points::new(options, range.len());
            for index in range {
                row(&reader, layer, options, index, &mut out)?;
            }
            Ok(out)
        })
        .collect();
    Points::layer_of_chunks(chunks, path, options, crs, layer.crs.is_some())
}

/// Reads row `index` into `out`.
fn row(
    reader: &FeatureReader<'_>,
    layer: &PointColumns,
    options: &PointOptions,
    index: usize,
    out: &mut Points,
) -> Result<(), Error> {
    let (x, y) = (layer.x[index], layer.y[index]);
    reader.check_xy(index, x, y)?;
    let properties: Map<String, Value> = layer
        .columns
        .iter()
        .map(|(name, values)| (name.clone(), values[index].clone()))
        .collect();
    let weight = match options.weight.as_deref() {
        None => 1.0,
        Some(property) => reader.weight(index, property, Some(&properties))?,
    };
    let (id, origin) = match options.id.as_deref() {
        None if !out.keep_ids => (String::new(), IdOrigin::Index),
        None => (index.to_string(), IdOrigin::Index),
        Some(property) => (
            reader.label(index, property, Some(&properties))?,
            IdOrigin::Property,
        ),
    };
    let lists = options
        .number_lists
        .iter()
        .map(|property| reader.number_list(index, property, properties.get(property)))
        .collect::<Result<Vec<_>, Error>>()?;
    let properties = options.properties.then_some(properties);
    out.push(index, [Coord { x, y }], weight, id, origin, lists, properties);
    Ok(())
}
