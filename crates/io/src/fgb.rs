//! FlatGeobuf (`.fgb`) in and out: the file's parts (magic bytes, header,
//! packed R-tree, size-prefixed features), the properties as typed
//! columns, and the layers read from and written to them.
//!
//! Reading walks the features' size prefixes once, then decodes them in
//! fixed chunks in parallel with the generated flatbuffer accessors (no
//! per-feature processor), the chunks' results joined in file order, so
//! a layer and its first error are the same for any thread count.

mod plain;
mod write;

use std::path::Path;

use flatgeobuf::{Column, ColumnType, Feature, GeometryType, Header};
use serde_json::{Map, Value};

use crate::{Crs, Error};

pub(crate) use plain::plain_point;
pub use write::{FgbProperties, FgbType, points_fgb_bytes, points_fgb_with, polygons_fgb_bytes};

/// Whether `bytes` start with FlatGeobuf's magic bytes (`fgb`, the major
/// version, `fgb`, the patch version).
pub(crate) fn is_fgb(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && &bytes[0..3] == b"fgb" && &bytes[4..7] == b"fgb"
}

/// How many features a chunk decodes in one task.
pub(crate) const CHUNK: usize = 16_384;

/// A FlatGeobuf file split into its parts.
pub(crate) struct FgbFile<'a> {
    pub(crate) header: Header<'a>,
    /// The header's columns: name and type.
    pub(crate) columns: Vec<(&'a str, ColumnType)>,
    /// Each feature's flatbuffer with its size prefix, in file order.
    pub(crate) features: Vec<&'a [u8]>,
}

/// [`Error::FlatGeobuf`] for `path`.
pub(crate) fn broken(path: &Path, feature: Option<usize>, reason: impl Into<String>) -> Error {
    Error::FlatGeobuf {
        path: path.to_path_buf(),
        feature,
        reason: reason.into(),
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let word: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(word) as usize)
}

impl<'a> FgbFile<'a> {
    /// Checks the magic bytes and the header, skips the index and splits
    /// off the features (their flatbuffers are checked when decoded).
    pub(crate) fn parse(path: &Path, bytes: &'a [u8]) -> Result<Self, Error> {
        const NODE_BYTES: usize = 40;
        if !is_fgb(bytes) {
            return Err(broken(
                path,
                None,
                "it does not start with FlatGeobuf's magic bytes",
            ));
        }
        if bytes[3] != 3 {
            return Err(broken(
                path,
                None,
                format!("version {} is not supported (version 3 is)", bytes[3]),
            ));
        }
        let header_len = u32_at(bytes, 8).ok_or_else(|| broken(path, None, "the header is truncated"))?;
        // Flatbuffers are aligned from their size prefix.
        let header_bytes = bytes
            .get(8..12 + header_len)
            .ok_or_else(|| broken(path, None, "the header is truncated"))?;
        let header = flatgeobuf::size_prefixed_root_as_header(header_bytes)
            .map_err(|error| broken(path, None, format!("the header is not valid: {error}")))?;
        let columns = header.columns().map(column_list).unwrap_or_default();
        let count = usize::try_from(header.features_count()).unwrap_or(usize::MAX);
        let mut offset = 12 + header_len;
        match header.index_node_size() {
            0 => {}
            1 => return Err(broken(path, None, "the index node size is 1 (at least 2)")),
            _ if count == 0 => {}
            // Each feature takes at least one index node.
            _ if count > (bytes.len() - offset) / NODE_BYTES => {
                return Err(broken(
                    path,
                    None,
                    format!("the header counts {count} features, more than the file can hold"),
                ));
            }
            node_size => {
                offset += flatgeobuf::packed_r_tree::PackedRTree::index_size(count, node_size);
            }
        }
        if offset > bytes.len() {
            return Err(broken(path, None, "the spatial index is truncated"));
        }
        let mut features = Vec::with_capacity(count.min(bytes.len() / 8));
        while offset < bytes.len() {
            let index = features.len();
            let feature = u32_at(bytes, offset)
                .and_then(|len| bytes.get(offset..(offset + 4).checked_add(len)?))
                .ok_or_else(|| broken(path, Some(index), "the feature is truncated"))?;
            features.push(feature);
            offset += feature.len();
        }
        if count != 0 && features.len() != count {
            return Err(broken(
                path,
                None,
                format!(
                    "the header counts {count} features, the file holds {}",
                    features.len()
                ),
            ));
        }
        if features.is_empty() {
            return Err(Error::NoFeatures {
                path: path.to_path_buf(),
            });
        }
        Ok(FgbFile {
            header,
            columns,
            features,
        })
    }

    /// The layer's CRS from the header's EPSG code (4326 is
    /// longitude/latitude), or `None` when the header has none.
    pub(crate) fn crs(&self, path: &Path) -> Result<Option<Crs>, Error> {
        let Some(crs) = self.header.crs() else {
            return Ok(None);
        };
        let org = crs.org().unwrap_or("EPSG");
        let code = match (crs.code(), crs.code_string()) {
            (0, Some(text)) => text.trim().parse().unwrap_or(0),
            (code, _) => code,
        };
        if code <= 0 {
            return Ok(None);
        }
        if !org.eq_ignore_ascii_case("EPSG") {
            return Err(broken(
                path,
                None,
                format!("the header's CRS is {org}:{code}, not an EPSG code"),
            ));
        }
        Ok(Some(match code {
            4326 => Crs::LonLat,
            code => Crs::Epsg(code.unsigned_abs()),
        }))
    }

    /// Feature `index`'s flatbuffer, checked.
    pub(crate) fn feature(&self, path: &Path, index: usize) -> Result<Feature<'a>, Error> {
        flatgeobuf::size_prefixed_root_as_feature(self.features[index])
            .map_err(|error| broken(path, Some(index), format!("the feature is not valid: {error}")))
    }

    /// The header's geometry type, `Unknown` when features say theirs.
    pub(crate) fn geometry_type(&self) -> GeometryType {
        self.header.geometry_type()
    }
}

fn column_list<'a>(
    columns: flatbuffers::Vector<'a, flatbuffers::ForwardsUOffset<Column<'a>>>,
) -> Vec<(&'a str, ColumnType)> {
    columns.iter().map(|c| (c.name(), c.type_())).collect()
}

/// A feature's own columns when it has them, else the header's.
pub(crate) fn feature_columns<'a>(
    feature: &Feature<'a>,
    header: &[(&'a str, ColumnType)],
) -> Option<Vec<(&'a str, ColumnType)>> {
    let own = feature.columns()?;
    (!own.is_empty() || header.is_empty()).then(|| column_list(own))
}

/// One property value as stored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(&'a str),
    Json(&'a str),
    Binary,
}

impl Cell<'_> {
    /// As a GeoJSON property value: JSON columns parsed (kept as text
    /// when they do not parse), non-finite numbers and binary as null.
    pub(crate) fn to_json(self) -> Value {
        match self {
            Cell::Bool(b) => Value::Bool(b),
            Cell::Int(i) => Value::from(i),
            Cell::UInt(u) => Value::from(u),
            Cell::Float(x) => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
            Cell::Text(s) => Value::String(s.to_owned()),
            Cell::Json(s) => serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_owned())),
            Cell::Binary => Value::Null,
        }
    }
}

/// Decodes a feature's properties into `cells` (one per column, `None`
/// when absent).
///
/// # Errors
///
/// The reason, when the bytes end inside a value, name an unknown
/// column or hold text that is not UTF-8.
pub(crate) fn decode_properties<'a>(
    bytes: &'a [u8],
    columns: &[(&str, ColumnType)],
    cells: &mut Vec<Option<Cell<'a>>>,
) -> Result<(), String> {
    cells.clear();
    cells.resize(columns.len(), None);
    let mut at = 0;
    while at < bytes.len() {
        let column = u16::from_le_bytes(take(bytes, &mut at)?) as usize;
        let Some(&(name, kind)) = columns.get(column) else {
            return Err(format!(
                "the properties name column {column}, the file has {}",
                columns.len()
            ));
        };
        let cell = match kind {
            ColumnType::Bool => Cell::Bool(take::<1>(bytes, &mut at)?[0] != 0),
            ColumnType::Byte => Cell::Int(i64::from(i8::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::UByte => Cell::Int(i64::from(u8::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::Short => Cell::Int(i64::from(i16::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::UShort => Cell::Int(i64::from(u16::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::Int => Cell::Int(i64::from(i32::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::UInt => Cell::Int(i64::from(u32::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::Float => Cell::Float(f64::from(f32::from_le_bytes(take(bytes, &mut at)?))),
            ColumnType::Long => Cell::Int(i64::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::ULong => Cell::UInt(u64::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::Double => Cell::Float(f64::from_le_bytes(take(bytes, &mut at)?)),
            ColumnType::String | ColumnType::Json | ColumnType::DateTime | ColumnType::Binary => {
                let len = u32::from_le_bytes(take(bytes, &mut at)?) as usize;
                let raw = bytes.get(at..at.saturating_add(len)).ok_or_else(truncated)?;
                at += len;
                if kind == ColumnType::Binary {
                    Cell::Binary
                } else {
                    let text = std::str::from_utf8(raw)
                        .map_err(|_| format!("column `{name}` holds text that is not UTF-8"))?;
                    if kind == ColumnType::Json {
                        Cell::Json(text)
                    } else {
                        Cell::Text(text)
                    }
                }
            }
            other => return Err(format!("column `{name}` has an unknown type ({})", other.0)),
        };
        cells[column] = Some(cell);
    }
    Ok(())
}

fn truncated() -> String {
    "the properties are truncated".to_owned()
}

/// The next `N` bytes at `at`, moving past them.
fn take<const N: usize>(bytes: &[u8], at: &mut usize) -> Result<[u8; N], String> {
    let word = bytes
        .get(*at..*at + N)
        .and_then(|slice| slice.try_into().ok())
        .ok_or_else(truncated)?;
    *at += N;
    Ok(word)
}

/// The cells as a GeoJSON properties object (absent cells left out).
pub(crate) fn json_properties(
    columns: &[(&str, ColumnType)],
    cells: &[Option<Cell<'_>>],
) -> Map<String, Value> {
    columns
        .iter()
        .zip(cells)
        .filter_map(|(&(name, _), cell)| cell.map(|cell| (name.to_owned(), cell.to_json())))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn properties_decode_by_column_type() {
        let columns = [
            ("n", ColumnType::Double),
            ("name", ColumnType::String),
            ("k", ColumnType::Int),
        ];
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&2u16.to_le_bytes());
        bytes.extend_from_slice(&(-7i32).to_le_bytes());
        bytes.extend_from_slice(&0u16.to_le_bytes());
        bytes.extend_from_slice(&2.5f64.to_le_bytes());
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&3u32.to_le_bytes());
        bytes.extend_from_slice("동a".as_bytes()[..3].as_ref());
        let mut cells = Vec::new();
        decode_properties(&bytes, &columns, &mut cells).unwrap();
        assert_eq!(
            cells,
            vec![
                Some(Cell::Float(2.5)),
                Some(Cell::Text("동")),
                Some(Cell::Int(-7))
            ]
        );
        let error = decode_properties(&bytes[..bytes.len() - 1], &columns, &mut cells).unwrap_err();
        assert_eq!(error, "the properties are truncated");
        let error = decode_properties(&[9, 0, 0], &columns, &mut cells).unwrap_err();
        assert!(error.contains("column 9"), "{error}");
    }
}
