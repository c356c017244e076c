//! Reading a records layer and its address tables: the part of the load
//! stage that turns a complaint export into demand.

use std::path::Path;

use geo_types::Coord;
use sightline_index::DistrictIndex;
use sightline_io::{Crs, Plane, PointLayer, TableOptions, read_points, read_table};

use super::check_records::CheckedRecords;
use super::load::point_options;
use super::spec::{AddressTable, CategorySource, Layer, Role};
use crate::Error;
use crate::records::{Categories, Geocoder, RecordInput, RecordSettings, Records};

/// Address columns recognised by name in an address table, in order of
/// preference; every one present is used.
pub(crate) const ADDRESS_COLUMNS: &[&str] = &[
    "소재지도로명주소",
    "소재지지번주소",
    "도로명주소",
    "지번주소",
    "주소",
    "address",
];

/// A records layer as read, before the plane is known.
pub(crate) struct ReadRecords {
    /// The layer.
    pub(crate) layer: Layer,
    /// The table of records.
    pub(crate) table: sightline_io::Table,
    /// The records with coordinates, as a point layer in the table's
    /// coordinate system (their ids are their table indices), for the
    /// plane.
    pub(crate) located: PointLayer,
}

/// Reads a records layer's table, keeping the columns the records need.
pub(crate) fn read_records(
    layer: &Layer,
    crs: Option<Crs>,
    records: &CheckedRecords,
) -> Result<ReadRecords, Error> {
    let options = TableOptions::from(&point_options(layer, crs)).keep(records.columns.names());
    let table = read_table(&layer.file, &options)?;
    let mut located = PointLayer::empty(&layer.file, table.crs);
    for (k, point) in table.points.iter().enumerate() {
        if let Some(point) = point {
            located.points.push(*point);
            located.weights.push(1.0);
            located.ids.push(k.to_string());
            located.features.push(table.rows[k]);
        }
    }
    Ok(ReadRecords {
        layer: layer.clone(),
        table,
        located,
    })
}

/// Reads the address tables (each a point layer with its addresses),
/// before the plane is known.
pub(crate) fn read_address_tables(
    tables: &[AddressTable],
    crs: Option<Crs>,
) -> Result<Vec<(PointLayer, Vec<String>)>, Error> {
    tables
        .iter()
        .map(|table| {
            // Read as a point layer of its own, with its own columns.
            let mut as_layer = Layer::new(Role::Demand, &table.file);
            as_layer.encoding = table.encoding;
            as_layer.crs = table.crs;
            as_layer.x = table.x.clone();
            as_layer.y = table.y.clone();
            as_layer.sheet = table.sheet.clone();
            let options = point_options(&as_layer, crs).count_weight(false).properties(true);
            let layer = read_points(&table.file, &options)?;
            let columns = address_columns(&table.file, table.address.as_deref(), &layer)?;
            Ok((layer, columns))
        })
        .collect()
}

/// The address columns of an address table: those named (each must be
/// a property of some row), else those recognised by name.
fn address_columns(file: &Path, named: Option<&[String]>, layer: &PointLayer) -> Result<Vec<String>, Error> {
    let has = |name: &str| layer.properties.iter().any(|p| p.contains_key(name));
    let properties = || {
        let mut names: Vec<&str> = layer
            .properties
            .iter()
            .flat_map(|p| p.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        sightline_io::listed(&names)
    };
    match named {
        Some(named) => {
            if let Some(missing) = named.iter().find(|name| !has(name)) {
                return Err(Error::NoAddressColumn {
                    file: file.to_path_buf(),
                    looked_for: format!("`{missing}`"),
                    properties: properties(),
                });
            }
            Ok(named.to_vec())
        }
        None => {
            let found: Vec<String> = ADDRESS_COLUMNS
                .iter()
                .filter(|name| has(name))
                .map(|name| (*name).to_owned())
                .collect();
            if found.is_empty() {
                let looked_for: Vec<String> = ADDRESS_COLUMNS.iter().map(|n| format!("`{n}`")).collect();
                return Err(Error::NoAddressColumn {
                    file: file.to_path_buf(),
                    looked_for: looked_for.join(", "),
                    properties: properties(),
                });
            }
            Ok(found)
        }
    }
}

/// The categories a study names, read.
pub(crate) fn categories(source: &CategorySource) -> Result<Categories, Error> {
    match source {
        CategorySource::Default => Ok(Categories::default_korean()),
        CategorySource::File(file) => {
            let text = std::fs::read_to_string(file).map_err(|source| {
                Error::Io(sightline_io::Error::Read {
                    path: file.clone(),
                    source,
                })
            })?;
            Categories::from_toml(&text).map_err(|source| Error::Categories {
                file: file.clone(),
                source,
            })
        }
    }
}

/// Sorts, weighs and places the records, in the plane.
pub(crate) fn finish_records(
    read: &mut ReadRecords,
    plane: &Plane,
    records: &CheckedRecords,
    tables: &mut [(PointLayer, Vec<String>)],
    districts: Option<&DistrictIndex>,
) -> Result<Records, Error> {
    plane.project_points(&mut read.located)?;
    let mut points: Vec<Option<Coord<f64>>> = vec![None; read.table.rows.len()];
    for (id, point) in read.located.ids.iter().zip(&read.located.points) {
        if let Ok(k) = id.parse::<usize>() {
            points[k] = Some(*point);
        }
    }
    let geocoder = if tables.is_empty() {
        None
    } else {
        let mut reference: Vec<(String, Coord<f64>)> = Vec::new();
        for (layer, columns) in tables.iter_mut() {
            plane.project_points(layer)?;
            for (properties, point) in layer.properties.iter().zip(&layer.points) {
                for column in columns.iter() {
                    if let Some(serde_json::Value::String(address)) = properties.get(column)
                        && !address.trim().is_empty()
                    {
                        reference.push((address.clone(), *point));
                    }
                }
            }
        }
        Some(Geocoder::new(reference))
    };
    let settings = RecordSettings {
        categories: records.categories.as_ref().map(categories).transpose()?,
        from: records.from,
        to: records.to,
        half_life_days: records.half_life_days,
        as_of: records.as_of,
    };
    let inside = |point: Coord<f64>| districts.is_none_or(|d| d.locate(point).is_some());
    let input = RecordInput {
        columns: &records.columns,
        points: &points,
        settings: &settings,
        geocoder: geocoder.as_ref(),
        inside: &inside,
    };
    Records::build(&read.layer.file, &read.table, &input)
}
