//! Writing GeoJSON, JSON and CSV, atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use geo_types::{Coord, LineString, MultiPolygon};
use geojson::JsonObject;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Crs, Error, Plane};

/// Renders points (plane metres) as a GeoJSON FeatureCollection of Points
/// in the plane's output CRS, one feature per point, with the given
/// properties, followed by a newline. Nothing is written to disk.
///
/// Projected EPSG output carries the legacy member
/// `"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}}`;
/// longitude/latitude (including EPSG:4326) and planar output carry none
/// (RFC 7946: longitude/latitude is the default, and the EPSG:4326 URN
/// would officially mean latitude first). Other geographic EPSG systems
/// (e.g. EPSG:4737) keep their member, the only way to name their datum.
/// Geographic coordinates are rounded to 9 decimal places by
/// [`Plane::to_output`]; projected and planar ones keep full `f64`
/// precision. The same input always gives the same bytes.
///
/// # Errors
///
/// [`Error::Convert`] when a point cannot be converted to the output CRS;
/// [`Error::Render`] when the collection cannot be serialised.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, points_geojson_bytes, Plane};
///
/// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
/// let bytes = points_geojson_bytes(&plane, &[(coord! { x: 0.0, y: 0.0 }, serde_json::Map::new())]).unwrap();
/// let text = String::from_utf8(bytes).unwrap();
/// assert!(text.contains("[126.832,37.658]"), "{text}");
/// assert!(!text.contains("crs"));
/// ```
pub fn points_geojson_bytes(
    plane: &Plane,
    points: &[(Coord<f64>, Map<String, Value>)],
) -> Result<Vec<u8>, Error> {
    // Features are written straight to bytes in fixed chunks, in
    // parallel, then the chunks are joined in order: a million points
    // take a fraction of a second, with the same bytes for any thread
    // count.
    let chunks = points
        .par_chunks(FEATURES_PER_CHUNK)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 160);
            for (point, properties) in chunk {
                let c = plane.to_output(*point)?;
                out.extend_from_slice(br#"{"type":"Feature","geometry":{"type":"Point","coordinates":["#);
                push_f64(&mut out, c.x);
                out.push(b',');
                push_f64(&mut out, c.y);
                out.extend_from_slice(br#"]},"properties":"#);
                serde_json::to_writer(&mut out, properties).map_err(render_error)?;
                out.extend_from_slice(b"},");
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<u8>>, Error>>()?;
    collection_from_chunks(plane.output_crs(), CrsAt::Start, &chunks)
}

/// [`points_geojson_bytes`] for `count` points given one by one, without a
/// `serde_json::Map` per point (a blind-spot layer holds a million):
/// `location(k)` is point `k` (plane metres), and `properties(k, out)`
/// appends its properties to `out` as one JSON object. The bytes are
/// those of [`points_geojson_bytes`] for the same points and objects.
///
/// # Errors
///
/// [`Error::Convert`] when a point cannot be converted to the output CRS;
/// [`Error::Render`] when the collection cannot be serialised.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, points_geojson_bytes, points_geojson_with, Plane};
///
/// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
/// let at = |k: usize| coord! { x: 10.0 * k as f64, y: 0.0 };
/// let bytes = points_geojson_with(&plane, 2, at, |k, out| {
///     out.extend_from_slice(format!("{{\"rank\":{}}}", k + 1).as_bytes());
/// })
/// .unwrap();
/// let features: Vec<_> = (0..2)
///     .map(|k| (at(k), serde_json::json!({ "rank": k + 1 }).as_object().unwrap().clone()))
///     .collect();
/// assert_eq!(bytes, points_geojson_bytes(&plane, &features).unwrap());
/// ```
pub fn points_geojson_with<L, P>(
    plane: &Plane,
    count: usize,
    location: L,
    properties: P,
) -> Result<Vec<u8>, Error>
where
    L: Fn(usize) -> Coord<f64> + Sync,
    P: Fn(usize, &mut Vec<u8>) + Sync,
{
    let chunks = (0..count.div_ceil(FEATURES_PER_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let range = chunk * FEATURES_PER_CHUNK..((chunk + 1) * FEATURES_PER_CHUNK).min(count);
            let mut out = Vec::with_capacity(range.len() * 200);
            for k in range {
                let c = plane.to_output(location(k))?;
                out.extend_from_slice(br#"{"type":"Feature","geometry":{"type":"Point","coordinates":["#);
                push_f64(&mut out, c.x);
                out.push(b',');
                push_f64(&mut out, c.y);
                out.extend_from_slice(br#"]},"properties":"#);
                properties(k, &mut out);
                out.extend_from_slice(b"},");
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<u8>>, Error>>()?;
    collection_from_chunks(plane.output_crs(), CrsAt::Start, &chunks)
}

/// Features written per parallel task by the GeoJSON writers.
const FEATURES_PER_CHUNK: usize = 1_024;

/// Appends `value` as serde_json writes an `f64`: its shortest
/// round-trip form, `null` when it is not finite.
fn push_f64(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        // Writing to a `Vec` cannot fail.
        let _ = serde_json::ser::Formatter::write_f64(&mut serde_json::ser::CompactFormatter, out, value);
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Where a collection's `crs` member goes: point layers have always
/// written it before the features, polygon layers (once written by the
/// `geojson` crate) after them; both stay as they were so that files do
/// not change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CrsAt {
    Start,
    End,
}

/// A FeatureCollection (with its `crs` member, if it needs one) of the
/// features in `chunks`, each feature followed by a comma, and a newline.
fn collection_from_chunks(crs: Crs, at: CrsAt, chunks: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    let member = match crs_member(crs) {
        Some(members) => {
            let member = serde_json::to_vec(&members).map_err(render_error)?;
            // The object's inside: `"crs":{...}`.
            member[1..member.len() - 1].to_vec()
        }
        None => Vec::new(),
    };
    let mut bytes = Vec::with_capacity(chunks.iter().map(Vec::len).sum::<usize>() + member.len() + 64);
    bytes.extend_from_slice(br#"{"type":"FeatureCollection","#);
    if at == CrsAt::Start && !member.is_empty() {
        bytes.extend_from_slice(&member);
        bytes.push(b',');
    }
    bytes.extend_from_slice(br#""features":["#);
    for chunk in chunks {
        bytes.extend_from_slice(chunk);
    }
    // The last feature's comma closes the list.
    if bytes.last() == Some(&b',') {
        bytes.pop();
    }
    bytes.push(b']');
    if at == CrsAt::End && !member.is_empty() {
        bytes.push(b',');
        bytes.extend_from_slice(&member);
    }
    bytes.extend_from_slice(b"}\n");
    Ok(bytes)
}

/// Renders multipolygons (plane metres) as a GeoJSON FeatureCollection of
/// MultiPolygons in the plane's output CRS, as [`points_geojson_bytes`]
/// does for points.
///
/// # Errors
///
/// As [`points_geojson_bytes`].
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::{polygon, MultiPolygon};
/// use sightline_io::{polygons_geojson_bytes, Crs, Plane};
///
/// let plane = Plane::new(Crs::Planar, None).unwrap();
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0)]]);
/// let bytes = polygons_geojson_bytes(&plane, &[(square, serde_json::Map::new())]).unwrap();
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// assert_eq!(value["features"][0]["geometry"]["type"], "MultiPolygon");
/// ```
pub fn polygons_geojson_bytes(
    plane: &Plane,
    polygons: &[(MultiPolygon<f64>, Map<String, Value>)],
) -> Result<Vec<u8>, Error> {
    // As for points: each coordinate converted once, straight into the
    // bytes, in fixed chunks of features joined in order.
    let ring = |out: &mut Vec<u8>, line: &LineString<f64>| -> Result<(), Error> {
        out.push(b'[');
        for (k, &point) in line.0.iter().enumerate() {
            let c = plane.to_output(point)?;
            if k > 0 {
                out.push(b',');
            }
            out.push(b'[');
            push_f64(out, c.x);
            out.push(b',');
            push_f64(out, c.y);
            out.push(b']');
        }
        out.push(b']');
        Ok(())
    };
    let chunks = polygons
        .par_chunks(POLYGONS_PER_CHUNK)
        .map(|chunk| {
            let mut out = Vec::new();
            for (multi, properties) in chunk {
                out.extend_from_slice(
                    br#"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":["#,
                );
                for (p, polygon) in multi.0.iter().enumerate() {
                    if p > 0 {
                        out.push(b',');
                    }
                    out.push(b'[');
                    ring(&mut out, polygon.exterior())?;
                    for interior in polygon.interiors() {
                        out.push(b',');
                        ring(&mut out, interior)?;
                    }
                    out.push(b']');
                }
                out.extend_from_slice(br#"]},"properties":"#);
                serde_json::to_writer(&mut out, properties).map_err(render_error)?;
                out.extend_from_slice(b"},");
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<u8>>, Error>>()?;
    collection_from_chunks(plane.output_crs(), CrsAt::End, &chunks)
}

/// Polygon features written per parallel task (a camera's view has
/// hundreds of vertices).
const POLYGONS_PER_CHUNK: usize = 16;

/// Writes points (plane metres) as a GeoJSON FeatureCollection of Points in
/// the plane's output CRS: [`points_geojson_bytes`], written with
/// [`write_atomic`].
///
/// # Errors
///
/// [`Error::Convert`] when a point cannot be converted to the output CRS;
/// [`Error::Output`] when it cannot be serialised; [`Error::Write`] when
/// the file cannot be written (e.g. a missing directory). Nothing is left
/// behind on error.
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
/// write_points_geojson(&path, &plane, &[(coord! { x: 1000.0, y: 2000.0 }, properties)]).unwrap();
/// let layer = read_points(&path, &PointOptions::new().crs(Crs::Planar)).unwrap();
/// assert_eq!(layer.points, vec![coord! { x: 1000.0, y: 2000.0 }]);
/// ```
pub fn write_points_geojson(
    path: &Path,
    plane: &Plane,
    points: &[(Coord<f64>, Map<String, Value>)],
) -> Result<(), Error> {
    let bytes = points_geojson_bytes(plane, points).map_err(|error| at_path(error, path))?;
    write_atomic(path, &bytes)
}

/// Writes multipolygons (plane metres) as a GeoJSON FeatureCollection of
/// MultiPolygons in the plane's output CRS: [`polygons_geojson_bytes`],
/// written with [`write_atomic`].
///
/// # Errors
///
/// As [`write_points_geojson`].
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::{polygon, MultiPolygon};
/// use sightline_io::{write_polygons_geojson, Crs, Plane};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("districts.geojson");
/// let plane = Plane::new(Crs::Planar, None).unwrap();
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0)]]);
/// write_polygons_geojson(&path, &plane, &[(square, serde_json::Map::new())]).unwrap();
/// assert!(std::fs::read_to_string(&path).unwrap().contains("MultiPolygon"));
/// ```
pub fn write_polygons_geojson(
    path: &Path,
    plane: &Plane,
    polygons: &[(MultiPolygon<f64>, Map<String, Value>)],
) -> Result<(), Error> {
    let bytes = polygons_geojson_bytes(plane, polygons).map_err(|error| at_path(error, path))?;
    write_atomic(path, &bytes)
}

/// A rendering error as an [`Error::Output`] naming the file.
fn at_path(error: Error, path: &Path) -> Error {
    match error {
        Error::Render { reason } => Error::Output {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    }
}

fn render_error(reason: impl ToString) -> Error {
    Error::Render {
        reason: reason.to_string(),
    }
}

/// The legacy `crs` member of a collection in `crs`, if it needs one.
fn crs_member(crs: Crs) -> Option<JsonObject> {
    match crs {
        // Longitude/latitude is the GeoJSON default; the EPSG:4326 URN
        // officially means latitude first.
        Crs::Epsg(4326) | Crs::LonLat | Crs::Planar => None,
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
    }
}

/// Renders a value as pretty-printed JSON with a trailing newline.
///
/// # Errors
///
/// [`Error::Render`] when the value cannot be serialised (e.g. a map with
/// non-string keys).
///
/// # Examples
///
/// ```
/// let bytes = sightline_io::json_bytes(&serde_json::json!({"cameras": 3})).unwrap();
/// assert_eq!(bytes, b"{\n  \"cameras\": 3\n}\n");
/// ```
pub fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(render_error)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Writes a value as pretty-printed JSON with a trailing newline:
/// [`json_bytes`], written with [`write_atomic`].
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
    let bytes = json_bytes(value).map_err(|error| at_path(error, path))?;
    write_atomic(path, &bytes)
}

/// Renders a CSV file: a header row, then rows of fields (quoted as
/// needed).
///
/// # Errors
///
/// [`Error::Render`] when a row has a different number of fields than the
/// header.
///
/// # Examples
///
/// ```
/// let rows = vec![vec!["a1".to_string(), "3, north".to_string()]];
/// let bytes = sightline_io::csv_bytes(&["id", "note"], &rows).unwrap();
/// assert_eq!(bytes, b"id,note\na1,\"3, north\"\n");
/// ```
pub fn csv_bytes<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> Result<Vec<u8>, Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(render_error)?;
    for (index, row) in rows.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != header.len() {
            return Err(render_error(format!(
                "row {index} has {} fields, the header has {}",
                row.len(),
                header.len()
            )));
        }
        writer
            .write_record(row)
            .map_err(|error| render_error(format!("row {index}: {error}")))?;
    }
    writer.into_inner().map_err(render_error)
}

/// Writes a CSV file: a header row, then rows of fields (quoted as
/// needed): [`csv_bytes`], written with [`write_atomic`].
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
    let bytes = csv_bytes(header, rows).map_err(|error| at_path(error, path))?;
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

/// Writes several files as one: either every file is in place afterwards,
/// or (as far as the file system allows) none of them is changed.
///
/// 1. If any target exists and is a directory, nothing is written.
/// 2. Every file is written to a temporary file beside its target and
///    flushed to disk; if one fails, every temporary file is removed.
/// 3. The temporary files are renamed over their targets, in order; if a
///    rename fails, the remaining temporary files are removed (targets
///    already renamed stay in place: a rename cannot be undone).
///
/// # Errors
///
/// [`Error::Write`] naming the file at fault: a target that is a
/// directory, a directory that does not exist or is not writable, a failed
/// rename.
///
/// # Examples
///
/// ```
/// use std::path::PathBuf;
///
/// let dir = tempfile::tempdir().unwrap();
/// let plan = dir.path().join("plan.geojson");
/// let summary = dir.path().join("summary.json");
/// let files = vec![(plan.clone(), b"{}\n".to_vec()), (summary.clone(), b"[]\n".to_vec())];
/// sightline_io::write_files_atomic(&files).unwrap();
/// assert_eq!(std::fs::read(&summary).unwrap(), b"[]\n");
///
/// // A directory in the way of the second file: the first is not written.
/// std::fs::remove_file(&plan).unwrap();
/// std::fs::remove_file(&summary).unwrap();
/// std::fs::create_dir(&summary).unwrap();
/// let error = sightline_io::write_files_atomic(&files).unwrap_err();
/// assert!(error.to_string().contains("summary.json"), "{error}");
/// assert!(!plan.exists());
/// ```
pub fn write_files_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    let write_error = |path: &Path, source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    for (path, _) in files {
        if path.is_dir() {
            return Err(write_error(
                path,
                io::Error::new(io::ErrorKind::IsADirectory, "a directory is in the way"),
            ));
        }
    }
    let remove_all = |temporaries: &[PathBuf]| {
        for temporary in temporaries {
            // Best effort: the temporary file may already be gone.
            let _ = fs::remove_file(temporary);
        }
    };
    // The files are written (and flushed to disk) in parallel; if any
    // fails, every temporary is removed and the first failure in order is
    // the error.
    let written: Vec<io::Result<PathBuf>> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|(path, bytes)| write_temporary(path, bytes))
            .collect()
    };
    let temporaries: Vec<PathBuf> = written.iter().filter_map(|w| w.as_ref().ok().cloned()).collect();
    if let Some(k) = written.iter().position(Result::is_err) {
        remove_all(&temporaries);
        let (path, _) = &files[k];
        let source = match written.into_iter().nth(k) {
            Some(Err(source)) => source,
            _ => io::Error::other("writing failed"),
        };
        return Err(write_error(path, source));
    }
    for (index, ((path, _), temporary)) in files.iter().zip(&temporaries).enumerate() {
        if let Err(source) = fs::rename(temporary, path) {
            remove_all(temporaries.get(index..).unwrap_or_default());
            return Err(write_error(path, source));
        }
    }
    Ok(())
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
    let temporary = write_temporary(path, bytes).map_err(write_error)?;
    if let Err(error) = fs::rename(&temporary, path) {
        // Best effort: the temporary file may already be gone.
        let _ = fs::remove_file(&temporary);
        return Err(write_error(error));
    }
    Ok(())
}

/// Writes `bytes` to a new temporary file beside `path`, flushed to disk;
/// the temporary file is removed again on error.
fn write_temporary(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file"))?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (temporary, mut file) = create_temporary(directory, &name.to_string_lossy())?;
    let result = write_bytes(&mut file, bytes).and_then(|()| file.sync_all());
    drop(file);
    match result {
        Ok(()) => Ok(temporary),
        Err(error) => {
            // Best effort: the temporary file may already be gone.
            let _ = fs::remove_file(&temporary);
            Err(error)
        }
    }
}

/// Writes `bytes` to the start of the empty `file`: a big file in pieces
/// of [`FILE_PIECE`](crate::FILE_PIECE) at their offsets, in parallel (on
/// Unix).
fn write_bytes(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    #[cfg(unix)]
    if bytes.len() > 2 * crate::FILE_PIECE {
        use std::os::unix::fs::FileExt;
        let file = &*file;
        return bytes
            .par_chunks(crate::FILE_PIECE)
            .enumerate()
            .try_for_each(|(k, piece)| file.write_all_at(piece, (k * crate::FILE_PIECE) as u64));
    }
    file.write_all(bytes)
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

#[cfg(test)]
mod tests {
    use geo::MapCoords;
    use geo_types::{Polygon, coord, polygon};
    use geojson::{Feature, FeatureCollection, Geometry, GeometryValue};
    use serde_json::json;

    use super::*;

    #[test]
    fn a_big_file_written_in_pieces_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        std::fs::write(&path, b"old").unwrap();
        let bytes = crate::noise(2 * crate::FILE_PIECE + 12_345, 3);
        write_files_atomic(&[(path.clone(), bytes.clone())]).unwrap();
        assert!(std::fs::read(&path).unwrap() == bytes);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
    }

    /// The collection as the `geojson` crate writes it: what the direct
    /// writers must match byte for byte.
    fn reference(crs: Crs, features: Vec<Feature>) -> Vec<u8> {
        let collection = FeatureCollection {
            bbox: None,
            features,
            foreign_members: crs_member(crs),
        };
        let mut bytes = serde_json::to_vec(&collection).unwrap();
        bytes.push(b'\n');
        bytes
    }

    /// [`reference`] with the `crs` member first, as the point writer
    /// has always put it.
    fn reference_crs_first(crs: Crs, features: Vec<Feature>) -> Vec<u8> {
        let bytes = reference(Crs::Planar, features);
        let Some(members) = crs_member(crs) else {
            return bytes;
        };
        let member = serde_json::to_string(&members).unwrap();
        let head = br#"{"type":"FeatureCollection","#.len();
        [
            &bytes[..head],
            &member.as_bytes()[1..member.len() - 1],
            b",",
            &bytes[head..],
        ]
        .concat()
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

    fn planes() -> Vec<Plane> {
        let origin = coord! { x: 126.832, y: 37.658 };
        vec![
            Plane::new(Crs::Planar, None).unwrap(),
            Plane::local(origin).unwrap(),
            Plane::new(Crs::Epsg(5186), None).unwrap(),
            Plane::new(Crs::Epsg(5186), None)
                .unwrap()
                .with_output_crs(Crs::LonLat)
                .unwrap(),
        ]
    }

    fn props(k: usize) -> Map<String, Value> {
        match json!({
            "rank": k + 1,
            "weight": 0.1 * k as f64,
            "seen": f64::NAN,
            "name": format!("site \"{k}\"\u{e9}\n"),
            "existing": k.is_multiple_of(2),
            "nested": [1, {"a": null}],
        }) {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn points_match_the_geojson_crate() {
        for plane in planes() {
            for n in [0, 1, 3, 2_500] {
                let points: Vec<_> = (0..n)
                    .map(|k| {
                        let t = k as f64;
                        (
                            coord! { x: 185_000.0 + 37.123_456_789 * t, y: 562_000.0 - 0.001 * t * t },
                            props(k),
                        )
                    })
                    .collect();
                let features = points
                    .iter()
                    .map(|(p, m)| {
                        feature(
                            GeometryValue::from(&geo_types::Point(plane.to_output(*p).unwrap())),
                            m,
                        )
                    })
                    .collect();
                let got = points_geojson_bytes(&plane, &points).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(reference_crs_first(plane.output_crs(), features)).unwrap()
                );
            }
        }
    }

    #[test]
    fn polygons_match_the_geojson_crate() {
        let square = |x: f64, y: f64, d: f64| polygon![(x: x, y: y), (x: x + d, y: y), (x: x + d, y: y + d), (x: x, y: y + d)];
        for plane in planes() {
            for n in [0, 1, 40] {
                let polygons: Vec<_> = (0..n)
                    .map(|k| {
                        let t = 185_000.0 + 101.3 * k as f64;
                        let holed = Polygon::new(
                            square(t, 562_000.0, 50.0).exterior().clone(),
                            vec![
                                square(t + 10.0, 562_010.0, 5.0).exterior().clone(),
                                square(t + 20.0, 562_020.0, 5.0).exterior().clone(),
                            ],
                        );
                        let parts = match k % 3 {
                            0 => vec![holed],
                            1 => vec![square(t, 562_000.0, 1.5), square(t, 563_000.0, 2.5)],
                            _ => vec![],
                        };
                        (MultiPolygon(parts), props(k))
                    })
                    .collect();
                let features = polygons
                    .iter()
                    .map(|(multi, m)| {
                        let output = multi.map_coords(|c| plane.to_output(c).unwrap());
                        feature(GeometryValue::from(&output), m)
                    })
                    .collect();
                let got = polygons_geojson_bytes(&plane, &polygons).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(reference(plane.output_crs(), features)).unwrap()
                );
            }
        }
    }

    #[test]
    fn a_point_that_cannot_be_converted_fails() {
        let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
        let points = vec![
            (coord! { x: 0.0, y: 0.0 }, Map::new()),
            (coord! { x: f64::NAN, y: 0.0 }, Map::new()),
        ];
        assert!(points_geojson_bytes(&plane, &points).is_err());
        let multi = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: f64::INFINITY, y: 0.0), (x: 1.0, y: 1.0)],
        ]);
        assert!(polygons_geojson_bytes(&plane, &[(multi, Map::new())]).is_err());
    }
}
