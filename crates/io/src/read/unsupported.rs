//! Which reader a file goes to, told by its name or its first bytes
//! ([`Format`]), and the formats these readers do not read (KML,
//! GeoPackage, ZIP archives), refused with advice rather than reported as
//! invalid JSON. Kept in one place: a reader for one of them replaces its
//! refusal here.

use std::path::Path;

use crate::Error;

/// The format of a file the readers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// GeoJSON (anything not told otherwise).
    GeoJson,
    /// CSV: a name ending in `.csv`.
    Csv,
    /// An ESRI Shapefile: `.shp`, or the main file's code 9994 =
    /// 0x0000270a at offset 0.
    Shapefile,
    /// An Excel workbook or OpenDocument spreadsheet: `.xlsx`, `.xlsm`,
    /// `.xlsb`, `.xls`, `.ods`, a ZIP holding `xl/` (XLSX), or an OLE
    /// compound file (XLS).
    Excel,
    /// FlatGeobuf: `.fgb`, or its magic bytes.
    FlatGeobuf,
}

const SHAPEFILE: &[u8] = &[0x00, 0x00, 0x27, 0x0a];
const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Whether a ZIP's bytes hold `name` (in any case) among its names.
fn zip_holds(bytes: &[u8], name: &[u8]) -> bool {
    bytes.starts_with(ZIP) && bytes.windows(name.len()).any(|w| w.eq_ignore_ascii_case(name))
}

impl Format {
    /// The format of a file the readers read (after [`refuse_unsupported`]).
    pub(crate) fn of(path: &Path, bytes: &[u8]) -> Self {
        let extension = extension(path);
        if extension == "fgb" || crate::fgb::is_fgb(bytes) {
            return Format::FlatGeobuf;
        }
        if extension == "shp" || bytes.starts_with(SHAPEFILE) {
            return Format::Shapefile;
        }
        if matches!(extension.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
            || bytes.starts_with(OLE)
            || zip_holds(bytes, b"xl/")
        {
            return Format::Excel;
        }
        if extension == "csv" {
            return Format::Csv;
        }
        Format::GeoJson
    }
}

/// A format told from a file's name or first bytes that the readers do
/// not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unsupported {
    /// An Excel workbook given for a polygon layer.
    Excel,
    /// A ZIP archive holding a Shapefile (a `.shp` among its names).
    ZippedShapefile,
    /// Another ZIP archive.
    Zip,
    /// KML (Google Earth): `.kml`, or XML whose first element is
    /// `<kml`.
    Kml,
    /// A GeoPackage (an SQLite database): `.gpkg`, or the bytes
    /// `SQLite format 3\0` at offset 0.
    GeoPackage,
}

/// What a layer holds, which decides the advice: points may come as CSV
/// or Excel, polygons only as GeoJSON or Shapefiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Geometry {
    /// Demand, sites, existing cameras: GeoJSON, CSV, Excel, Shapefile.
    Points,
    /// Districts, buildings: GeoJSON or Shapefile.
    Polygons,
}

impl Unsupported {
    /// The format of a file, if it is one of these.
    fn of(path: &Path, bytes: &[u8]) -> Option<Self> {
        const SQLITE: &[u8] = b"SQLite format 3\0";
        let extension = extension(path);
        if extension == "gpkg" || bytes.starts_with(SQLITE) {
            return Some(Unsupported::GeoPackage);
        }
        if extension == "kml" || starts_kml(bytes) {
            return Some(Unsupported::Kml);
        }
        if matches!(
            Format::of(path, bytes),
            Format::Shapefile | Format::Excel | Format::FlatGeobuf
        ) {
            return None;
        }
        if zip_holds(bytes, b".shp") {
            return Some(Unsupported::ZippedShapefile);
        }
        bytes.starts_with(ZIP).then_some(Unsupported::Zip)
    }

    /// What the file is, and what to do instead for a layer of `geometry`.
    fn describe(self, geometry: Geometry) -> (&'static str, &'static str) {
        match (self, geometry) {
            (Unsupported::Excel, _) => (
                "an Excel workbook",
                "this layer must be polygons (GeoJSON or a Shapefile), which a sheet cannot hold; export the boundaries from a GIS (QGIS: Export > Save Features As… > GeoJSON)",
            ),
            (Unsupported::ZippedShapefile, _) => (
                "a zipped Shapefile",
                "unzip it and give the .shp file (with its .dbf, .shx, .prj and .cpg beside it)",
            ),
            (Unsupported::Zip, Geometry::Points) => (
                "a ZIP archive",
                "unzip it and give the layer inside (GeoJSON, CSV, an Excel workbook or a Shapefile's .shp)",
            ),
            (Unsupported::Zip, Geometry::Polygons) => (
                "a ZIP archive",
                "unzip it and give the layer inside (GeoJSON, or a Shapefile's .shp)",
            ),
            (Unsupported::Kml, _) => (
                "a KML file",
                "reading KML is not supported; convert it to GeoJSON (`ogr2ogr -f GeoJSON layer.geojson layer.kml`, or QGIS: Export > Save Features As… > GeoJSON)",
            ),
            (Unsupported::GeoPackage, _) => (
                "a GeoPackage",
                "reading GeoPackages is not supported; convert the layer to GeoJSON (`ogr2ogr -f GeoJSON layer.geojson layer.gpkg LAYER_NAME`, or QGIS: Export > Save Features As… > GeoJSON)",
            ),
        }
    }
}

/// Whether `bytes` are XML whose first element is `<kml`: after a byte
/// order mark, white space, an XML declaration and comments.
fn starts_kml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        let skip = |open: &[u8], close: &[u8]| {
            rest.starts_with(open)
                .then(|| rest.windows(close.len()).position(|w| w == close))
                .flatten()
                .map(|at| at + close.len())
        };
        match skip(b"<?", b"?>").or_else(|| skip(b"<!--", b"-->")) {
            Some(end) => rest = &rest[end..],
            None => break,
        }
    }
    rest.get(..4).is_some_and(|tag| tag.eq_ignore_ascii_case(b"<kml"))
}

/// [`Error::UnsupportedFormat`] when `path` (holding `bytes`) is a ZIP
/// archive, KML or a GeoPackage, with
/// the advice for a layer of `geometry`.
pub(crate) fn refuse_unsupported(path: &Path, bytes: &[u8], geometry: Geometry) -> Result<(), Error> {
    let excel_polygons = geometry == Geometry::Polygons && Format::of(path, bytes) == Format::Excel;
    match Unsupported::of(path, bytes).or(excel_polygons.then_some(Unsupported::Excel)) {
        None => Ok(()),
        Some(format) => {
            let (format, advice) = format.describe(geometry);
            Err(Error::UnsupportedFormat {
                path: path.to_path_buf(),
                format,
                advice,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_name_or_first_bytes() {
        let of = |name: &str, bytes: &[u8]| Unsupported::of(Path::new(name), bytes);
        let format = |name: &str, bytes: &[u8]| Format::of(Path::new(name), bytes);
        assert_eq!(format("dong.SHP", b""), Format::Shapefile);
        assert_eq!(
            format("dong.geojson", &[0, 0, 0x27, 0x0a, 0, 0]),
            Format::Shapefile
        );
        assert_eq!(format("calls.xlsx", b""), Format::Excel);
        assert_eq!(
            format("calls.csv", b"PK\x03\x04....xl/workbook.xml"),
            Format::Excel
        );
        assert_eq!(
            format("calls.csv", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1]),
            Format::Excel
        );
        assert_eq!(format("calls.CSV", b"lon,lat\n"), Format::Csv);
        assert_eq!(of("calls.xlsx", b""), None);
        assert_eq!(
            of("layers.geojson", b"PK\x03\x04....dong.SHP"),
            Some(Unsupported::ZippedShapefile)
        );
        assert_eq!(
            of("layers.geojson", b"PK\x03\x04....dong.geojson"),
            Some(Unsupported::Zip)
        );
        assert_eq!(of("bells.KML", b""), Some(Unsupported::Kml));
        assert_eq!(
            of(
                "bells.geojson",
                b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<kml xmlns=\"\">"
            ),
            Some(Unsupported::Kml)
        );
        assert_eq!(of("bells.xml", b"<?xml version=\"1.0\"?><gpx>"), None);
        assert_eq!(of("dong.gpkg", b""), Some(Unsupported::GeoPackage));
        assert_eq!(
            of("dong.geojson", b"SQLite format 3\0\x10\0"),
            Some(Unsupported::GeoPackage)
        );
        assert_eq!(of("calls.csv", b"lon,lat\n"), None);
        assert_eq!(of("dong.geojson", b"{\"type\""), None);
        assert_eq!(of("dong.geojson", b"<"), None);
    }

    #[test]
    fn the_advice_depends_on_the_layer() {
        let advice = |format: Unsupported, geometry| format.describe(geometry).1;
        let districts = advice(Unsupported::Excel, Geometry::Polygons);
        assert!(districts.contains("must be polygons") && !districts.contains("CSV"));
        assert!(advice(Unsupported::Zip, Geometry::Points).contains("CSV"));
        assert!(!advice(Unsupported::Zip, Geometry::Polygons).contains("CSV"));
        assert!(advice(Unsupported::ZippedShapefile, Geometry::Points).contains("give the .shp file"));
        assert!(
            advice(Unsupported::Kml, Geometry::Points).contains("ogr2ogr -f GeoJSON layer.geojson layer.kml")
        );
    }
}
