//! Point and polygon layers from FlatGeobuf files: each feature (0-based,
//! in file order) read with the same rules as a GeoJSON feature, its
//! columns its properties. The features are decoded in fixed chunks in
//! parallel and joined in file order.

use std::path::Path;

use flatgeobuf::{Feature, Geometry, GeometryType};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::feature::FeatureReader;
use super::points::{IdOrigin, Points};
use super::validity::invalid_polygons;
use super::{PointLayer, PointOptions, PolygonLayer, PolygonOptions, check_not_lonlat};
use crate::fgb::{
    CHUNK, Cell, FgbFile, broken, decode_properties, feature_columns, json_properties, plain_point,
};
use crate::{Crs, Error};

/// The layer's CRS: the header's EPSG code wins over the option's, as a
/// GeoJSON file's `crs` member does; and whether it came from the file.
fn layer_crs(path: &Path, file: &FgbFile<'_>, option: Option<Crs>) -> Result<(Crs, bool), Error> {
    let (crs, from_file) = match file.crs(path)? {
        Some(crs) => (crs, true),
        None => (option.unwrap_or(Crs::LonLat), false),
    };
    crs.check_known(&path.display().to_string())?;
    Ok((crs, from_file))
}

/// A geometry's type name as GeoJSON names it.
fn type_name(kind: GeometryType) -> String {
    kind.variant_name()
        .map_or_else(|| format!("type {}", kind.0), str::to_owned)
}

/// The geometry's type: the feature's own when the header says
/// `Unknown`.
fn kind_of(header: GeometryType, geometry: &Geometry<'_>) -> GeometryType {
    if header == GeometryType::Unknown {
        geometry.type_()
    } else {
        header
    }
}

/// Reads a FlatGeobuf point layer: see [`read_points`](crate::read_points).
pub(super) fn read_fgb_points(
    path: &Path,
    bytes: &[u8],
    options: &PointOptions,
) -> Result<PointLayer, Error> {
    let file = FgbFile::parse(path, bytes)?;
    let (crs, from_file) = layer_crs(path, &file, options.crs)?;
    let reader = FeatureReader {
        path,
        geographic: crs.is_geographic(),
        expected: "Point or MultiPoint",
    };
    let position = |name: Option<&str>| name.and_then(|n| file.columns.iter().position(|c| c.0 == n));
    let layer = PointReader {
        reader,
        file: &file,
        options,
        weight_column: position(options.weight.as_deref()),
        id_column: position(options.id.as_deref()),
        plain: file.geometry_type() == GeometryType::Point && options.number_lists.is_empty(),
    };
    // Fixed chunks, so that the points and the first error are the same
    // for any thread count.
    let chunks: Vec<Result<Points, Error>> = (0..file.features.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let range = chunk * CHUNK..((chunk + 1) * CHUNK).min(file.features.len());
            let mut out = Points::new(options, range.len());
            let mut cells = Vec::new();
            let mut coords = Vec::new();
            for index in range {
                if !layer.plain_point(&mut out, index, &mut cells) {
                    layer.point(&mut out, index, &mut cells, &mut coords)?;
                }
            }
            Ok(out)
        })
        .collect();
    Points::layer_of_chunks(chunks, path, options, crs, from_file)
}

/// What reading a point layer's features needs.
struct PointReader<'a> {
    reader: FeatureReader<'a>,
    file: &'a FgbFile<'a>,
    options: &'a PointOptions,
    /// The header's columns of the weight and id options.
    weight_column: Option<usize>,
    id_column: Option<usize>,
    /// Whether features may be read by [`PointReader::plain_point`]: a
    /// layer of Points, without lists to read.
    plain: bool,
}

impl<'a> PointReader<'a> {
    /// Reads feature `index` into `out` when it is a plain point with
    /// usable properties (see [`plain_point`]); false when
    /// [`PointReader::point`] must read it (and give its error, if any).
    fn plain_point(&self, out: &mut Points, index: usize, cells: &mut Vec<Option<Cell<'a>>>) -> bool {
        if !self.plain {
            return false;
        }
        let Some(point) = plain_point(self.file.features[index]) else {
            return false;
        };
        let columns = &self.file.columns;
        if decode_properties(point.properties, columns, cells).is_err()
            || self.reader.check_xy(index, point.x, point.y).is_err()
        {
            return false;
        }
        let weight = match (
            self.options.weight.as_deref(),
            self.weight_column.and_then(|c| cells[c]),
        ) {
            (None, _) => 1.0,
            (Some(_), Some(Cell::Float(x))) if x.is_finite() && x >= 0.0 => x,
            (Some(_), Some(Cell::Int(i))) if i >= 0 => i as f64,
            _ => return false,
        };
        let (id, origin) = match (self.options.id.as_deref(), self.id_column.and_then(|c| cells[c])) {
            (None, _) if !out.keep_ids => (String::new(), IdOrigin::Index),
            (None, _) => (index.to_string(), IdOrigin::Index),
            (Some(_), Some(Cell::Text(text))) => (text.to_owned(), IdOrigin::Property),
            (Some(_), Some(Cell::Int(i))) => (i.to_string(), IdOrigin::Property),
            _ => return false,
        };
        let properties = self.options.properties.then(|| json_properties(columns, cells));
        let coord = Coord {
            x: point.x,
            y: point.y,
        };
        out.push(index, [coord], weight, id, origin, Vec::new(), properties);
        true
    }

    /// Reads feature `index` into `out` the general way.
    fn point(
        &self,
        out: &mut Points,
        index: usize,
        cells: &mut Vec<Option<Cell<'a>>>,
        coords: &mut Vec<Coord<f64>>,
    ) -> Result<(), Error> {
        let (reader, file, options, path) = (&self.reader, self.file, self.options, self.reader.path);
        let feature = file.feature(path, index)?;
        let own = feature_columns(&feature, &file.columns);
        let columns = own.as_deref().unwrap_or(&file.columns);
        let (weight_column, id_column) = match own {
            Some(_) => (None, None),
            None => (self.weight_column, self.id_column),
        };
        decode_properties(
            feature.properties().map_or(&[][..], |p| p.bytes()),
            columns,
            cells,
        )
        .map_err(|reason| broken(path, Some(index), reason))?;
        let all = || json_properties(columns, cells);
        let weight = match (options.weight.as_deref(), weight_column.and_then(|c| cells[c])) {
            (None, _) => 1.0,
            (Some(_), Some(Cell::Float(x))) if x.is_finite() && x >= 0.0 => x,
            (Some(_), Some(Cell::Int(i))) if i >= 0 => i as f64,
            (Some(property), _) => reader.weight(index, property, Some(&all()))?,
        };
        let (id, origin) = match (options.id.as_deref(), id_column.and_then(|c| cells[c])) {
            (None, _) if !out.keep_ids => (String::new(), IdOrigin::Index),
            (None, _) => (index.to_string(), IdOrigin::Index),
            (Some(_), Some(Cell::Text(text))) => (text.to_owned(), IdOrigin::Property),
            (Some(_), Some(Cell::Int(i))) => (i.to_string(), IdOrigin::Property),
            (Some(property), _) => (reader.label(index, property, Some(&all()))?, IdOrigin::Property),
        };
        let lists = options
            .number_lists
            .iter()
            .map(|property| {
                let value = columns
                    .iter()
                    .position(|c| c.0 == property)
                    .and_then(|c| cells[c])
                    .map(Cell::to_json);
                reader.number_list(index, property, value.as_ref())
            })
            .collect::<Result<Vec<_>, Error>>()?;
        feature_points(reader, file, &feature, index, coords)?;
        let properties = options.properties.then(all);
        out.push(index, coords.drain(..), weight, id, origin, lists, properties);
        Ok(())
    }
}

/// The points of a Point or MultiPoint feature, checked.
fn feature_points(
    reader: &FeatureReader<'_>,
    file: &FgbFile<'_>,
    feature: &Feature<'_>,
    index: usize,
    points: &mut Vec<Coord<f64>>,
) -> Result<(), Error> {
    let Some(geometry) = feature.geometry() else {
        return Err(reader.wrong_type(index, "null"));
    };
    let kind = kind_of(file.geometry_type(), &geometry);
    let xy = geometry.xy();
    let xy = xy.as_ref().map(|xy| xy.bytes()).unwrap_or_default();
    let name = match kind {
        GeometryType::Point => "Point",
        GeometryType::MultiPoint => "MultiPoint",
        other => return Err(reader.wrong_type(index, &type_name(other))),
    };
    let mut coords = xy.chunks_exact(16).map(|pair| {
        let x = f64::from_le_bytes(pair[..8].try_into().unwrap_or_default());
        let y = f64::from_le_bytes(pair[8..].try_into().unwrap_or_default());
        Coord { x, y }
    });
    if kind == GeometryType::Point {
        let point = coords
            .next()
            .ok_or_else(|| reader.invalid(index, "Point has no coordinates".to_owned()))?;
        reader.check_xy(index, point.x, point.y)?;
        points.push(point);
        return Ok(());
    }
    let before = points.len();
    for point in coords {
        reader.check_xy(index, point.x, point.y)?;
        points.push(point);
    }
    if points.len() == before {
        return Err(reader.invalid(index, format!("{name} has no points")));
    }
    Ok(())
}

/// Reads a FlatGeobuf polygon layer: see
/// [`read_polygons`](crate::read_polygons).
pub(super) fn read_fgb_polygons(
    path: &Path,
    bytes: &[u8],
    options: &PolygonOptions,
) -> Result<PolygonLayer, Error> {
    let file = FgbFile::parse(path, bytes)?;
    let (crs, from_file) = layer_crs(path, &file, options.crs)?;
    let reader = FeatureReader {
        path,
        geographic: crs.is_geographic(),
        expected: "Polygon or MultiPolygon",
    };
    type Read = Option<(MultiPolygon<f64>, Map<String, Value>)>;
    // Each feature's polygons and properties; `None` for a skipped one.
    let read: Vec<Result<Read, Error>> = (0..file.features.len())
        .into_par_iter()
        .with_min_len(64)
        .map(|index| {
            let feature = file.feature(path, index)?;
            let own = feature_columns(&feature, &file.columns);
            let columns = own.as_deref().unwrap_or(&file.columns);
            let mut cells = Vec::new();
            decode_properties(
                feature.properties().map_or(&[][..], |p| p.bytes()),
                columns,
                &mut cells,
            )
            .map_err(|reason| broken(path, Some(index), reason))?;
            let properties = json_properties(columns, &cells);
            match feature_polygons(&reader, &file, &feature, index) {
                Ok(multi) => Ok(Some((multi, properties))),
                Err(Error::GeometryType { .. }) if options.skip_other_geometries => Ok(None),
                Err(error) => Err(error),
            }
        })
        .collect();
    let mut layer = PolygonLayer::with_capacity(path, crs, read.len());
    for (index, result) in read.into_iter().enumerate() {
        let Some((multi, properties)) = result? else {
            let kind = file.feature(path, index)?.geometry().map_or_else(
                || "null".to_owned(),
                |g| type_name(kind_of(file.geometry_type(), &g)),
            );
            layer.skipped.push((index, kind));
            continue;
        };
        layer.push_district(&reader, options, index, multi, &properties, Some("name"))?;
    }
    check_not_lonlat(path, crs, from_file, layer.vertices().map(|(c, _)| c))?;
    layer.invalid = invalid_polygons(&layer);
    Ok(layer)
}

/// A Polygon or MultiPolygon feature's polygons, checked as GeoJSON
/// polygons are (rings of at least four points; a ring not closed is
/// closed).
fn feature_polygons(
    reader: &FeatureReader<'_>,
    file: &FgbFile<'_>,
    feature: &Feature<'_>,
    index: usize,
) -> Result<MultiPolygon<f64>, Error> {
    let Some(geometry) = feature.geometry() else {
        return Err(reader.wrong_type(index, "null"));
    };
    match kind_of(file.geometry_type(), &geometry) {
        GeometryType::Polygon => Ok(MultiPolygon(vec![polygon(reader, &geometry, index, "Polygon")?])),
        GeometryType::MultiPolygon => {
            let parts = geometry.parts();
            let polygons = match parts {
                Some(parts) => parts
                    .iter()
                    .map(|part| polygon(reader, &part, index, "MultiPolygon"))
                    .collect::<Result<Vec<_>, Error>>()?,
                // A MultiPolygon of one polygon may be stored flat.
                None => vec![polygon(reader, &geometry, index, "MultiPolygon")?],
            };
            if polygons.is_empty() {
                return Err(reader.invalid(index, "MultiPolygon has no polygons".to_owned()));
            }
            Ok(MultiPolygon(polygons))
        }
        other => Err(reader.wrong_type(index, &type_name(other))),
    }
}

/// One polygon: its rings split at `ends` (one ring without them).
fn polygon(
    reader: &FeatureReader<'_>,
    geometry: &Geometry<'_>,
    index: usize,
    kind: &str,
) -> Result<Polygon<f64>, Error> {
    let xy = geometry.xy();
    let xy = xy.as_ref().map(|xy| xy.bytes()).unwrap_or_default();
    let coords: Vec<Coord<f64>> = xy
        .chunks_exact(16)
        .map(|pair| Coord {
            x: f64::from_le_bytes(pair[..8].try_into().unwrap_or_default()),
            y: f64::from_le_bytes(pair[8..].try_into().unwrap_or_default()),
        })
        .collect();
    if coords.is_empty() {
        return Err(reader.invalid(index, format!("{kind} has a polygon without rings")));
    }
    let ends: Vec<usize> = match geometry.ends() {
        Some(ends) if !ends.is_empty() => ends.iter().map(|end| end as usize).collect(),
        _ => vec![coords.len()],
    };
    let mut rings = Vec::with_capacity(ends.len());
    let mut start = 0;
    for end in ends {
        let ring = coords.get(start..end).ok_or_else(|| {
            reader.invalid(
                index,
                format!("{kind} has ring ends ({end}) past its {} points", coords.len()),
            )
        })?;
        if ring.len() < 4 {
            return Err(reader.invalid(
                index,
                format!(
                    "{kind} has a ring of {} positions, expected at least 4",
                    ring.len()
                ),
            ));
        }
        for c in ring {
            reader.check_xy(index, c.x, c.y)?;
        }
        rings.push(LineString(ring.to_vec()));
        start = end;
    }
    let mut rings = rings.into_iter();
    let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
    Ok(Polygon::new(exterior, rings.collect()))
}
