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
    /// Another ZIP archive.
    Zip,
}

impl Unsupported {
    /// The format of a file, if it is one of these.
    fn of(path: &Path, bytes: &[u8]) -> Option<Self> {
        const SHAPEFILE: &[u8] = &[0x00, 0x00, 0x27, 0x0a];
        const ZIP: &[u8] = b"PK\x03\x04";
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if matches!(extension.as_str(), "shp" | "dbf" | "shx") || bytes.starts_with(SHAPEFILE) {
            return Some(Unsupported::Shapefile);
        }
        // Only a ZIP is searched for the workbook's folder.
        let zip_of_workbook = || bytes.starts_with(ZIP) && bytes.windows(3).any(|w| w == b"xl/");
        if matches!(extension.as_str(), "xlsx" | "xls") || bytes.starts_with(OLE) || zip_of_workbook() {
            return Some(Unsupported::Excel);
        }
        bytes.starts_with(ZIP).then_some(Unsupported::Zip)
    }

    /// What the file is, and what to do instead.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Unsupported::Shapefile => (
                "a Shapefile",
                "reading Shapefiles is not supported yet; convert it to GeoJSON (QGIS: Export > Save Features As… > GeoJSON; or `ogr2ogr -f GeoJSON layer.geojson layer.shp`)",
            ),
            Unsupported::Excel => (
                "an Excel workbook",
                "save the sheet as CSV (UTF-8 or CP949; Excel: File > Save As > CSV) and give that file",
            ),
            Unsupported::Zip => (
                "a ZIP archive",
                "extract the layer (GeoJSON or CSV) from it and give that file",
            ),
        }
    }
}

/// [`Error::UnsupportedFormat`] when `path` (holding `bytes`) is a
/// Shapefile, an Excel workbook or a ZIP archive.
pub(crate) fn refuse_unsupported(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    match Unsupported::of(path, bytes) {
        None => Ok(()),
        Some(format) => {
            let (format, advice) = format.describe();
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
            of("layers.geojson", b"PK\x03\x04....dong.shp"),
            Some(Unsupported::Zip)
        );
        assert_eq!(of("calls.csv", b"lon,lat\n"), None);
        assert_eq!(of("dong.geojson", b"{\"type\""), None);
    }
}
