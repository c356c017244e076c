//! Layers a program holds in memory, read as if they were files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sightline_io::{
    PointLayer, PointOptions, PolygonLayer, PolygonOptions, read_points, read_points_from, read_polygons,
    read_polygons_from,
};

/// The bytes of layers a program holds in memory (a GeoDataFrame written
/// to FlatGeobuf, a GeoJSON mapping), by the file name a study's layer
/// gives them: [`CheckedStudy::load_from`](super::CheckedStudy::load_from)
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
    files: HashMap<PathBuf, Vec<u8>>,
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
        self.files.insert(name.into(), bytes);
    }

    /// The bytes held as `name`, if any.
    pub fn get(&self, name: &Path) -> Option<&[u8]> {
        self.files.get(name).map(Vec::as_slice)
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
        match self.get(path) {
            Some(bytes) => read_points_from(path, bytes, options),
            None => read_points(path, options),
        }
    }

    /// Reads a polygon layer: from memory when held, else from disk.
    pub(crate) fn read_polygons(
        &self,
        path: &Path,
        options: &PolygonOptions,
    ) -> Result<PolygonLayer, sightline_io::Error> {
        match self.get(path) {
            Some(bytes) => read_polygons_from(path, bytes, options),
            None => read_polygons(path, options),
        }
    }
}
