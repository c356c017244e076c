//! Writing GeoJSON, JSON and CSV, atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Crs, Error, Plane};

/// Writes points (plane metres) as a GeoJSON FeatureCollection of Points in
/// the plane's output CRS, one feature per point, with the given
/// properties.
///
/// EPSG output carries the legacy member
/// `"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}}`;
/// longitude/latitude and planar output carry none. Coordinates keep full
/// `f64` precision; the same input always gives the same bytes.
///
/// # Errors
///
/// [`Error::Convert`] when a point cannot be converted to the output CRS;
/// [`Error::Write`] when the file cannot be written (e.g. a missing
/// directory). Nothing is left behind on error.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, read_points, write_points_geojson, Crs, Plane, PointOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("sites.geojson");
/// let plane = Plane::new(Crs::Planar, None).unwrap();
/// let mut properties = serde_json::Map::new();
/// properties.insert("rank".to_string(), 1.into());
/// write_points_geojson(&path, &plane, &[(coord! { x: 10.0, y: 20.0 }, properties)]).unwrap();
/// let layer = read_points(&path, &PointOptions::new().crs(Crs::Planar)).unwrap();
/// assert_eq!(layer.points, vec![coord! { x: 10.0, y: 20.0 }]);
/// ```
pub fn write_points_geojson(
    path: &Path,
    plane: &Plane,
    points: &[(Coord<f64>, Map<String, Value>)],
) -> Result<(), Error> {
    let features = points
        .iter()
        .map(|(point, properties)| {
            let c = plane.to_output(*point)?;
            Ok(feature(GeometryValue::new_point([c.x, c.y]), properties))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    write_collection(path, plane.output_crs(), features)
}

/// Writes multipolygons (plane metres) as a GeoJSON FeatureCollection of
/// MultiPolygons in the plane's output CRS, as [`write_points_geojson`]
/// does for points.
///
/// # Errors
///
/// As [`write_points_geojson`].
pub fn write_polygons_geojson(
    path: &Path,
    plane: &Plane,
    polygons: &[(MultiPolygon<f64>, Map<String, Value>)],
) -> Result<(), Error> {
    let ring = |line: &LineString<f64>| -> Result<LineString<f64>, Error> {
        line.0
            .iter()
            .map(|&c| plane.to_output(c))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString)
    };
    let features = polygons
        .iter()
        .map(|(multi, properties)| {
            let output = multi
                .0
                .iter()
                .map(|polygon| {
                    let interiors = polygon
                        .interiors()
                        .iter()
                        .map(ring)
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(Polygon::new(ring(polygon.exterior())?, interiors))
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(feature(GeometryValue::from(&MultiPolygon(output)), properties))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    write_collection(path, plane.output_crs(), features)
}

fn feature(value: GeometryValue, properties: &Map<String, Value>) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(value)),
        id: None,
        properties: Some(properties.clone()),
        foreign_members: None,
    }
}

fn write_collection(path: &Path, crs: Crs, features: Vec<Feature>) -> Result<(), Error> {
    let foreign_members = match crs {
        Crs::Epsg(code) => {
            let mut members = JsonObject::new();
            members.insert(
                "crs".to_string(),
                serde_json::json!({
                    "type": "name",
                    "properties": {"name": format!("urn:ogc:def:crs:EPSG::{code}")}
                }),
            );
            Some(members)
        }
        Crs::LonLat | Crs::Planar => None,
    };
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members,
    };
    let mut bytes = serde_json::to_vec(&collection).map_err(|error| Error::Output {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    bytes.push(b'\n');
    write_atomic(path, &bytes)
}

/// Writes a value as pretty-printed JSON with a trailing newline.
///
/// # Errors
///
/// [`Error::Output`] when the value cannot be serialised (e.g. a map with
/// non-string keys); [`Error::Write`] when the file cannot be written.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("summary.json");
/// sightline_io::write_json(&path, &serde_json::json!({"cameras": 3})).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\n  \"cameras\": 3\n}\n");
/// ```
pub fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), Error> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|error| Error::Output {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    bytes.push(b'\n');
    write_atomic(path, &bytes)
}

/// Writes a CSV file: a header row, then rows of fields (quoted as
/// needed).
///
/// # Errors
///
/// [`Error::Output`] when a row has a different number of fields than the
/// header; [`Error::Write`] when the file cannot be written.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("sites.csv");
/// let rows = vec![vec!["a1".to_string(), "3, north".to_string()]];
/// sightline_io::write_csv(&path, &["id", "note"], &rows).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "id,note\na1,\"3, north\"\n");
/// ```
pub fn write_csv<R: AsRef<[String]>>(path: &Path, header: &[&str], rows: &[R]) -> Result<(), Error> {
    let output_error = |reason: String| Error::Output {
        path: path.to_path_buf(),
        reason,
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(header)
        .map_err(|error| output_error(error.to_string()))?;
    for (index, row) in rows.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != header.len() {
            return Err(output_error(format!(
                "row {index} has {} fields, the header has {}",
                row.len(),
                header.len()
            )));
        }
        writer
            .write_record(row)
            .map_err(|error| output_error(format!("row {index}: {error}")))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| output_error(error.to_string()))?;
    write_atomic(path, &bytes)
}

/// Writes serde-serialisable records (structs with named fields) as CSV,
/// with a header row taken from the field names. No records give an empty
/// file.
///
/// # Errors
///
/// [`Error::Output`] when a record cannot be written as a CSV row (nested
/// structs or sequences); [`Error::Write`] when the file cannot be written.
///
/// # Examples
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Site { id: &'static str, covered: f64 }
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("sites.csv");
/// sightline_io::write_csv_records(&path, &[Site { id: "s1", covered: 0.5 }]).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "id,covered\ns1,0.5\n");
/// ```
pub fn write_csv_records<T: Serialize>(path: &Path, records: &[T]) -> Result<(), Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (index, record) in records.iter().enumerate() {
        writer.serialize(record).map_err(|error| Error::Output {
            path: path.to_path_buf(),
            reason: format!("record {index}: {error}"),
        })?;
    }
    let bytes = writer.into_inner().map_err(|error| Error::Output {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    write_atomic(path, &bytes)
}

/// Writes bytes to a file atomically: they go to a temporary file in the
/// same directory, which is flushed to disk and then renamed over `path`.
/// Readers see the old file or the new one, never a part; on error the
/// temporary file is removed and `path` is untouched.
///
/// # Errors
///
/// [`Error::Write`] when the directory does not exist or is not writable,
/// or `path` names a directory.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// sightline_io::write_atomic(&path, b"hello").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
/// assert!(sightline_io::write_atomic(&dir.path().join("missing/out.txt"), b"x").is_err());
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let write_error = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let name = path.file_name().ok_or_else(|| {
        write_error(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path does not name a file",
        ))
    })?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (temporary, mut file) = create_temporary(directory, &name.to_string_lossy()).map_err(write_error)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temporary, path)
        });
    if let Err(error) = result {
        // Best effort: the temporary file may already be gone.
        let _ = fs::remove_file(&temporary);
        return Err(write_error(error));
    }
    Ok(())
}

/// Creates a new, uniquely named hidden file next to the target.
fn create_temporary(directory: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut attempts = 0;
    loop {
        let serial = COUNTER.fetch_add(1, Ordering::Relaxed);
        let candidate = directory.join(format!(".{name}.{}.{serial}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(file) => return Ok((candidate, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => {
                attempts += 1;
            }
            Err(error) => return Err(error),
        }
    }
}
