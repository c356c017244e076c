//! Layers a program holds in memory, read as if they were files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sightline_io::{
    PointColumns, PointLayer, PointOptions, PolygonLayer, PolygonOptions, read_point_columns, read_points,
    read_points_from, read_polygons, read_polygons_from,
};

/// Layers a program holds in memory, by the file name a study's layer
/// gives them: a file's bytes (a GeoDataFrame written to FlatGeobuf, a
/// GeoJSON mapping) or a point layer's columns ([`PointColumns`], a
/// GeoDataFrame of points): [`CheckedStudy::load_from`](super::CheckedStudy::load_from)
/// reads a point or polygon layer whose `file` is one of these names from
/// its bytes, with the same rules and the same errors as a file on disk,
/// the name standing for the file in messages. Other layers are read from
/// disk.
///
/// # Examples
///
/// ```
/// use sightline::study::{MemoryFiles, Study};
///
/// let demand = br#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"n": 3},
///      "geometry": {"type": "Point", "coordinates": [126.800, 37.600]}},
///     {"type": "Feature", "properties": {"n": 1},
///      "geometry": {"type": "Point", "coordinates": [126.8005, 37.600]}}]}"#;
/// let sites = br#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"pole": "P-1"},
///      "geometry": {"type": "Point", "coordinates": [126.8003, 37.600]}}]}"#;
/// let mut files = MemoryFiles::new();
/// files.insert("demand mapping", demand.to_vec());
/// files.insert("sites mapping", sites.to_vec());
/// let study = Study::from_toml(r#"
///     [[layer]]
///     role = "demand"
///     file = "demand mapping"
///     weight = "n"
///
///     [[layer]]
///     role = "sites"
///     file = "sites mapping"
///     id = "pole"
///
///     [camera]
///     radius_m = 50
///
///     [objective]
///     cameras = 1
/// "#)?.validate()?;
/// let loaded = study.load_from(&files)?;
/// let plan = study.plan(&loaded)?;
/// assert_eq!(plan.chosen[0].id, "P-1");
/// assert_eq!(plan.objective, 4.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    files: HashMap<PathBuf, Held>,
}

/// One layer held.
#[derive(Debug, Clone)]
enum Held {
    Bytes(Vec<u8>),
    Points(PointColumns),
}

impl MemoryFiles {
    /// No layer in memory: every layer is read from disk.
    pub fn new() -> Self {
        Self::default()
    }

    /// Holds `bytes` as the file `name` (replacing any bytes of that
    /// name). The format is told from the bytes (FlatGeobuf by its magic
    /// number, GeoJSON otherwise) and from the name's extension.
    pub fn insert(&mut self, name: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.files.insert(name.into(), Held::Bytes(bytes));
    }

    /// Holds a point layer's columns as the file `name` (replacing what
    /// was held under that name), read with the rules of a GeoJSON file
    /// (see [`read_point_columns`]).
    pub fn insert_points(&mut self, name: impl Into<PathBuf>, layer: PointColumns) {
        self.files.insert(name.into(), Held::Points(layer));
    }

    /// The bytes held as `name`, if bytes are held under that name.
    pub fn get(&self, name: &Path) -> Option<&[u8]> {
        match self.files.get(name) {
            Some(Held::Bytes(bytes)) => Some(bytes),
            _ => None,
        }
    }

    /// Whether a layer is held as `name`.
    pub fn holds(&self, name: &Path) -> bool {
        self.files.contains_key(name)
    }

    /// How many layers are held.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no layer is held.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads a point layer: from memory when held, else from disk.
    pub(crate) fn read_points(
        &self,
        path: &Path,
        options: &PointOptions,
    ) -> Result<PointLayer, sightline_io::Error> {
        match self.files.get(path) {
            Some(Held::Bytes(bytes)) => read_points_from(path, bytes, options),
            Some(Held::Points(layer)) => read_point_columns(path, layer, options),
            None => read_points(path, options),
        }
    }

    /// Reads a polygon layer: from memory when held, else from disk.
    pub(crate) fn read_polygons(
        &self,
        path: &Path,
        options: &PolygonOptions,
    ) -> Result<PolygonLayer, sightline_io::Error> {
        match self.files.get(path) {
            Some(Held::Bytes(bytes)) => read_polygons_from(path, bytes, options),
            Some(Held::Points(layer)) if layer.x.is_empty() => Err(sightline_io::Error::NoFeatures {
                path: path.to_path_buf(),
            }),
            Some(Held::Points(_)) => Err(sightline_io::Error::GeometryType {
                path: path.to_path_buf(),
                index: 0,
                found: "Point".to_owned(),
                expected: "Polygon or MultiPolygon",
            }),
            None => read_polygons(path, options),
        }
    }
}
