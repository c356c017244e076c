//! Point and polygon layers from Shapefiles: each shape a feature (0-based,
//! the fid QGIS shows), its DBF record its properties, read with the same
//! rules as GeoJSON properties.

use std::collections::HashMap;
use std::path::Path;

use geo_types::Coord;

use super::feature::{FeatureReader, property_of};
use super::validity::invalid_polygons;
use super::{PointLayer, PointOptions, PolygonLayer, PolygonOptions, check_not_lonlat};
use crate::csv_points::SkipReason;
use crate::shp::{Shapefile, read_shapefile, shape_points, shape_polygons, shape_type};
use crate::{Error, Skipped};

/// Reads a Shapefile point layer: see [`read_points`](crate::read_points).
pub(super) fn read_shp_points(
    path: &Path,
    bytes: &[u8],
    options: &PointOptions,
) -> Result<PointLayer, Error> {
    let file = read_shapefile(path, bytes, options.crs, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: file.crs.is_geographic(),
        expected: "Point or MultiPoint",
    };
    let mut layer = PointLayer {
        path: path.to_path_buf(),
        crs: file.crs,
        points: Vec::new(),
        weights: Vec::new(),
        ids: Vec::new(),
        features: Vec::new(),
        number_lists: vec![Vec::new(); options.number_lists.len()],
        format: None,
        skipped: Skipped::default(),
        defaulted_weights: 0,
        delimiter: None,
        properties: Vec::new(),
        sheet: None,
        header_row: None,
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, shape) in file.shapes.iter().enumerate() {
        let points = shape_points(shape).ok_or_else(|| reader.wrong_type(index, shape_type(shape)))?;
        if points.is_empty() {
            layer.skipped.add(index, SkipReason::Empty);
            continue;
        }
        for point in &points {
            check(&reader, index, *point)?;
        }
        let properties = file.properties(index);
        let weight = match options.weight.as_deref() {
            Some(property) => reader.weight(index, property, Some(&properties))?,
            None => 1.0,
        };
        let id = match options.id.as_deref() {
            Some(property) => reader.label(index, property, Some(&properties))?,
            None => index.to_string(),
        };
        for (column, property) in layer.number_lists.iter_mut().zip(&options.number_lists) {
            let list = reader.number_list(index, property, property_of(Some(&properties), property))?;
            column.extend(std::iter::repeat_n(list, points.len()));
        }
        let ids: Vec<String> = if points.len() > 1 {
            (1..=points.len()).map(|k| format!("{id}#{k}")).collect()
        } else {
            vec![id]
        };
        for id in ids {
            if options.unique_ids {
                if let Some(&first) = seen.get(&id) {
                    return Err(Error::DuplicateId {
                        path: path.to_path_buf(),
                        first,
                        second: index,
                        csv: false,
                        origin: match options.id.as_deref() {
                            Some(property) => format!("property `{property}`"),
                            None => "the feature index".to_owned(),
                        },
                        id,
                    });
                }
                seen.insert(id.clone(), index);
            }
            layer.ids.push(id);
        }
        layer.weights.extend(std::iter::repeat_n(weight, points.len()));
        layer.features.extend(std::iter::repeat_n(index, points.len()));
        if options.properties {
            layer
                .properties
                .extend(std::iter::repeat_n(properties, points.len()));
        }
        layer.points.extend(points);
    }
    layer.skipped.rows = file.shapes.len();
    if layer.points.is_empty() {
        return Err(Error::NoUsableRows {
            path: path.to_path_buf(),
            skipped: Box::new(layer.skipped),
            hint: "; every shape is null".to_owned(),
        });
    }
    check_not_lonlat(path, file.crs, file.crs_from_prj, layer.points.iter().copied())?;
    Ok(layer)
}

/// A point of feature `index`, checked as GeoJSON positions are.
fn check(reader: &FeatureReader<'_>, index: usize, point: Coord<f64>) -> Result<(), Error> {
    reader.check_xy(index, point.x, point.y)
}

/// Reads a Shapefile polygon layer: see [`read_polygons`](crate::read_polygons).
pub(super) fn read_shp_polygons(
    path: &Path,
    bytes: &[u8],
    options: &PolygonOptions,
) -> Result<PolygonLayer, Error> {
    let mut file: Shapefile = read_shapefile(path, bytes, options.crs, options.default_crs())?;
    let reader = FeatureReader {
        path,
        geographic: file.crs.is_geographic(),
        expected: "Polygon or MultiPolygon",
    };
    let mut layer = PolygonLayer::with_capacity(path, file.crs, file.shapes.len());
    // Without a name option, a field called `name` in any case.
    let name_field = options.name.clone().or_else(|| {
        file.fields
            .iter()
            .find(|field| field.eq_ignore_ascii_case("name"))
            .cloned()
    });
    let shapes = std::mem::take(&mut file.shapes);
    for (index, shape) in shapes.into_iter().enumerate() {
        let kind = shape_type(&shape);
        let Some(converted) = shape_polygons(shape) else {
            if options.skip_other_geometries {
                layer.skipped.push((index, kind.to_owned()));
                continue;
            }
            return Err(reader.wrong_type(index, kind));
        };
        let multi = converted.map_err(|reason| reader.invalid(index, reason))?;
        if multi.0.is_empty() {
            return Err(reader.invalid(index, format!("{kind} has no rings")));
        }
        for polygon in &multi.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                if ring.0.len() < 4 {
                    return Err(reader.invalid(
                        index,
                        format!(
                            "{kind} has a ring of {} points, expected at least 4",
                            ring.0.len()
                        ),
                    ));
                }
                for point in &ring.0 {
                    check(&reader, index, *point)?;
                }
            }
        }
        let properties = file.properties(index);
        layer.push_district(&reader, options, index, multi, &properties, name_field.as_deref())?;
    }
    check_not_lonlat(
        path,
        file.crs,
        file.crs_from_prj,
        layer
            .polygons
            .iter()
            .flat_map(|multi| multi.0.iter())
            .flat_map(|polygon| polygon.exterior().0.iter().copied()),
    )?;
    layer.invalid = invalid_polygons(&layer);
    Ok(layer)
}
