//! ESRI Shapefiles: the geometry (`.shp`, read with the `shapefile` crate),
//! the attribute table (`.dbf`, decoded as the `.cpg` file says, else as
//! its language driver byte says, else detected as UTF-8 or CP949) and the
//! coordinate system (`.prj`).

mod dbf;
mod prj;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use shapefile::Shape;

use crate::{Cell, Crs, Error};

/// A Shapefile's parts, read.
pub(crate) struct Shapefile {
    /// The shapes, in file order (feature `i` is `shapes[i]`).
    pub(crate) shapes: Vec<Shape>,
    /// The DBF field names (empty without a `.dbf`).
    pub(crate) fields: Vec<String>,
    /// Each shape's attributes, one cell per field (empty rows without a
    /// `.dbf`).
    pub(crate) records: Vec<Vec<Cell>>,
    /// The layer's CRS.
    pub(crate) crs: Crs,
    /// Whether `crs` came from the `.prj` file.
    pub(crate) crs_from_prj: bool,
}

impl Shapefile {
    /// Feature `index`'s attributes as GeoJSON-like properties.
    pub(crate) fn properties(&self, index: usize) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .zip(self.records.get(index).into_iter().flatten())
            .map(|(name, cell)| (name.clone(), cell.to_json()))
            .collect()
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// [`Error::ShapefilePart`] for a `.dbf`, `.shx`, `.prj` or `.cpg` path.
pub(crate) fn refuse_part(path: &Path) -> Result<(), Error> {
    let part = match extension(path).as_str() {
        "dbf" => "the attribute table (.dbf)",
        "shx" => "the index (.shx)",
        "prj" => "the coordinate system (.prj)",
        "cpg" => "the code page (.cpg)",
        _ => return Ok(()),
    };
    Err(Error::ShapefilePart {
        path: path.to_path_buf(),
        part,
        shp: sibling(path, "shp").unwrap_or_else(|| path.with_extension("shp")),
    })
}

/// The file beside `path` with this extension, in lower or upper case, if
/// it exists.
fn sibling(path: &Path, extension: &str) -> Option<PathBuf> {
    [extension.to_owned(), extension.to_ascii_uppercase()]
        .into_iter()
        .map(|e| path.with_extension(e))
        .find(|p| p.is_file())
}

fn read_sibling(path: &Path, extension: &str) -> Result<Option<(PathBuf, Vec<u8>)>, Error> {
    let Some(found) = sibling(path, extension) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&found).map_err(|source| Error::Read {
        path: found.clone(),
        source,
    })?;
    Ok(Some((found, bytes)))
}

/// Reads a Shapefile whose `.shp` holds `bytes`. Its `.prj` names its
/// CRS, as a GeoJSON file's `crs` member does; `crs`, the option's CRS,
/// serves a Shapefile without a `.prj` or with one that is not
/// recognised; without either, `default`.
pub(crate) fn read_shapefile(
    path: &Path,
    bytes: &[u8],
    crs: Option<Crs>,
    default: Crs,
) -> Result<Shapefile, Error> {
    let broken = |reason: String| Error::Shapefile {
        path: path.to_path_buf(),
        reason,
    };
    let shapes = shapefile::ShapeReader::new(Cursor::new(bytes))
        .and_then(shapefile::ShapeReader::read)
        .map_err(|error| broken(error.to_string()))?;

    let (crs, crs_from_prj) = match (crs, read_sibling(path, "prj")?) {
        (option, Some((prj, bytes))) => {
            let text = String::from_utf8_lossy(&bytes);
            match (prj::crs_of_prj(&text), option) {
                (Ok(crs), _) => (crs, true),
                (Err(_), Some(crs)) => (crs, false),
                (Err(name), None) => return Err(Error::UnknownPrj { path: prj, name }),
            }
        }
        (Some(crs), None) => (crs, false),
        (None, None) => (default, false),
    };
    crs.check_known(&path.display().to_string())?;

    let (fields, records) = match read_sibling(path, "dbf")? {
        None => (Vec::new(), vec![Vec::new(); shapes.len()]),
        Some((dbf_path, dbf_bytes)) => {
            let encoding = match read_sibling(path, "cpg")? {
                None => None,
                Some((cpg, bytes)) => {
                    let text = String::from_utf8_lossy(&bytes);
                    Some(dbf::cpg_encoding(&text).ok_or_else(|| Error::Dbf {
                        path: cpg,
                        record: None,
                        field: None,
                        reason: format!(
                            "the code page `{}` is not understood; expected UTF-8 or CP949 (949, EUC-KR)",
                            text.trim()
                        ),
                    })?)
                }
            };
            let table = dbf::read_dbf(&dbf_path, &dbf_bytes, encoding)?;
            if table.records.len() != shapes.len() {
                return Err(Error::Dbf {
                    path: dbf_path,
                    record: None,
                    field: None,
                    reason: format!(
                        "{} records, but {} holds {} shapes: the files are not of one Shapefile",
                        table.records.len(),
                        path.display(),
                        shapes.len()
                    ),
                });
            }
            (table.fields, table.records)
        }
    };
    Ok(Shapefile {
        shapes,
        fields,
        records,
        crs,
        crs_from_prj,
    })
}

/// The name of a shape's type, for messages.
pub(crate) fn shape_type(shape: &Shape) -> &'static str {
    match shape {
        Shape::NullShape => "null",
        Shape::Point(_) => "Point",
        Shape::PointM(_) => "PointM",
        Shape::PointZ(_) => "PointZ",
        Shape::Polyline(_) => "Polyline",
        Shape::PolylineM(_) => "PolylineM",
        Shape::PolylineZ(_) => "PolylineZ",
        Shape::Polygon(_) => "Polygon",
        Shape::PolygonM(_) => "PolygonM",
        Shape::PolygonZ(_) => "PolygonZ",
        Shape::Multipoint(_) => "MultiPoint",
        Shape::MultipointM(_) => "MultiPointM",
        Shape::MultipointZ(_) => "MultiPointZ",
        Shape::Multipatch(_) => "MultiPatch",
    }
}

/// A point shape's coordinates: one for a point, several for a
/// MultiPoint, none for a null shape; `None` for other shapes.
pub(crate) fn shape_points(shape: &Shape) -> Option<Vec<geo_types::Coord<f64>>> {
    use geo_types::Coord;
    Some(match shape {
        Shape::NullShape => Vec::new(),
        Shape::Point(p) => vec![Coord { x: p.x, y: p.y }],
        Shape::PointM(p) => vec![Coord { x: p.x, y: p.y }],
        Shape::PointZ(p) => vec![Coord { x: p.x, y: p.y }],
        Shape::Multipoint(m) => m.points().iter().map(|p| Coord { x: p.x, y: p.y }).collect(),
        Shape::MultipointM(m) => m.points().iter().map(|p| Coord { x: p.x, y: p.y }).collect(),
        Shape::MultipointZ(m) => m.points().iter().map(|p| Coord { x: p.x, y: p.y }).collect(),
        _ => return None,
    })
}

/// A polygon shape as a multipolygon (rings after an outer ring are its
/// holes); `None` for other shapes, `Err` for a hole before any outer ring.
pub(crate) fn shape_polygons(shape: Shape) -> Option<Result<geo_types::MultiPolygon<f64>, String>> {
    let converted = match shape {
        Shape::Polygon(p) => geo_types::MultiPolygon::try_from(p),
        Shape::PolygonM(p) => geo_types::MultiPolygon::try_from(p),
        Shape::PolygonZ(p) => geo_types::MultiPolygon::try_from(p),
        _ => return None,
    };
    Some(converted.map_err(|error| error.to_string()))
}
