//! Files in formats these readers do not read (yet), told by their name
//! or their first bytes, so that a Shapefile or an Excel workbook is
//! named as such rather than reported as invalid JSON. Kept in one place:
//! a reader for one of them replaces its refusal here.

use std::path::Path;

use crate::Error;

/// A format told from a file's name or first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unsupported {
    /// An ESRI Shapefile (`.shp`, `.dbf`, `.shx`, or the main file's
    /// code 9994 = 0x0000270a at offset 0).
    Shapefile,
    /// An Excel workbook: `.xlsx`/`.xls`, a ZIP holding `xl/` (XLSX), or
    /// an OLE compound file (XLS).
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

/// What a layer holds, which decides the advice: points may come as CSV,
/// polygons only as GeoJSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Geometry {
    /// Demand, sites, existing cameras: GeoJSON or CSV.
    Points,
    /// Districts, buildings: GeoJSON only.
    Polygons,
}

impl Unsupported {
    /// The format of a file, if it is one of these.
    fn of(path: &Path, bytes: &[u8]) -> Option<Self> {
        const SHAPEFILE: &[u8] = &[0x00, 0x00, 0x27, 0x0a];
        const ZIP: &[u8] = b"PK\x03\x04";
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
        const SQLITE: &[u8] = b"SQLite format 3\0";
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if matches!(extension.as_str(), "shp" | "dbf" | "shx") || bytes.starts_with(SHAPEFILE) {
            return Some(Unsupported::Shapefile);
        }
        if extension == "gpkg" || bytes.starts_with(SQLITE) {
            return Some(Unsupported::GeoPackage);
        }
        if extension == "kml" || starts_kml(bytes) {
            return Some(Unsupported::Kml);
        }
        let zip = bytes.starts_with(ZIP);
        // Only a ZIP is searched for the workbook's folder or a layer's name.
        let holds = |name: &[u8]| zip && bytes.windows(name.len()).any(|w| w.eq_ignore_ascii_case(name));
        if matches!(extension.as_str(), "xlsx" | "xls") || bytes.starts_with(OLE) || holds(b"xl/") {
            return Some(Unsupported::Excel);
        }
        if holds(b".shp") {
            return Some(Unsupported::ZippedShapefile);
        }
        zip.then_some(Unsupported::Zip)
    }

    /// What the file is, and what to do instead for a layer of `geometry`.
    fn describe(self, geometry: Geometry) -> (&'static str, &'static str) {
        match (self, geometry) {
            (Unsupported::Shapefile, _) => (
                "a Shapefile",
                "reading Shapefiles is not supported yet; convert it to GeoJSON (QGIS: Export > Save Features As… > GeoJSON; or `ogr2ogr -f GeoJSON layer.geojson layer.shp`)",
            ),
            (Unsupported::Excel, Geometry::Points) => (
                "an Excel workbook",
                "save the sheet as CSV (UTF-8 or CP949; Excel: File > Save As > CSV) and give that file",
            ),
            (Unsupported::Excel, Geometry::Polygons) => (
                "an Excel workbook",
                "this layer must be polygons in GeoJSON, which a sheet cannot hold; export the boundaries from a GIS as GeoJSON (QGIS: Export > Save Features As… > GeoJSON; or `ogr2ogr -f GeoJSON layer.geojson layer.shp`)",
            ),
            (Unsupported::ZippedShapefile, Geometry::Points) => (
                "a zipped Shapefile",
                "unzip it, then convert the .shp to GeoJSON (`ogr2ogr -f GeoJSON layer.geojson layer.shp`, or QGIS: Export > Save Features As… > GeoJSON); a point layer may also be given as CSV",
            ),
            (Unsupported::ZippedShapefile, Geometry::Polygons) => (
                "a zipped Shapefile",
                "unzip it, then convert the .shp to GeoJSON (`ogr2ogr -f GeoJSON layer.geojson layer.shp`, or QGIS: Export > Save Features As… > GeoJSON)",
            ),
            (Unsupported::Zip, Geometry::Points) => (
                "a ZIP archive",
                "unzip it and give the layer inside (GeoJSON or CSV; a Shapefile converted to GeoJSON first)",
            ),
            (Unsupported::Zip, Geometry::Polygons) => (
                "a ZIP archive",
                "unzip it and give the layer inside as GeoJSON (a Shapefile converted first: `ogr2ogr -f GeoJSON layer.geojson layer.shp`)",
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

/// [`Error::UnsupportedFormat`] when `path` (holding `bytes`) is a
/// Shapefile, an Excel workbook, a ZIP archive, KML or a GeoPackage, with
/// the advice for a layer of `geometry`.
pub(crate) fn refuse_unsupported(path: &Path, bytes: &[u8], geometry: Geometry) -> Result<(), Error> {
    match Unsupported::of(path, bytes) {
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
        assert_eq!(of("dong.SHP", b""), Some(Unsupported::Shapefile));
        assert_eq!(of("dong.dbf", b"\x03"), Some(Unsupported::Shapefile));
        assert_eq!(
            of("dong.geojson", &[0, 0, 0x27, 0x0a, 0, 0]),
            Some(Unsupported::Shapefile)
        );
        assert_eq!(of("calls.xlsx", b""), Some(Unsupported::Excel));
        assert_eq!(
            of("calls.csv", b"PK\x03\x04....xl/workbook.xml"),
            Some(Unsupported::Excel)
        );
        assert_eq!(
            of("calls.csv", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1]),
            Some(Unsupported::Excel)
        );
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
        assert!(advice(Unsupported::Excel, Geometry::Points).contains("save the sheet as CSV"));
        let districts = advice(Unsupported::Excel, Geometry::Polygons);
        assert!(districts.contains("polygons in GeoJSON") && !districts.contains("CSV"));
        assert!(advice(Unsupported::ZippedShapefile, Geometry::Points).contains("may also be given as CSV"));
        assert!(!advice(Unsupported::ZippedShapefile, Geometry::Polygons).contains("CSV"));
        assert!(
            advice(Unsupported::Kml, Geometry::Points).contains("ogr2ogr -f GeoJSON layer.geojson layer.kml")
        );
    }
}
