//! GeoJSON features as table rows: for [`read_table`](crate::read_table).

use std::path::Path;

use geo_types::Coord;
use geojson::{GeometryValue, JsonObject};

use super::document::Document;
use super::feature::FeatureReader;
use crate::{Crs, Error};

/// A GeoJSON file's features: the CRS, and each feature's point (`None`
/// for a null geometry) and properties.
pub(crate) type FeatureRows = (Crs, Vec<(Option<Coord<f64>>, JsonObject)>);

/// Reads a GeoJSON FeatureCollection of Point features (or null
/// geometries) as rows.
pub(crate) fn geojson_rows(path: &Path, bytes: &[u8], default_crs: Crs) -> Result<FeatureRows, Error> {
    let document = Document::parse(path, bytes, default_crs)?;
    let reader = FeatureReader {
        path,
        geographic: document.crs.is_geographic(),
        expected: "Point (or null)",
    };
    let mut rows = Vec::with_capacity(document.features.len());
    document.read(
        |index, feature, _| {
            let point = match feature.geometry.as_ref().map(|g| &g.value) {
                None => None,
                Some(GeometryValue::Point { coordinates }) => {
                    reader.check_position(index, coordinates, "Point")?;
                    Some(Coord {
                        x: coordinates[0],
                        y: coordinates[1],
                    })
                }
                Some(GeometryValue::MultiPoint { .. }) => {
                    return Err(reader.invalid(
                        index,
                        "geometry is MultiPoint; a table row has one place: split it into Points (QGIS: Vector > Geometry Tools > Multipart to Singleparts)".to_owned(),
                    ));
                }
                Some(other) => return Err(reader.wrong_type(index, other.type_name())),
            };
            rows.push((point, feature.properties.unwrap_or_default()));
            Ok(())
        },
        |_, _| None,
    )?;
    Ok((document.crs, rows))
}
