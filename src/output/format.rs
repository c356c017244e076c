//! The format of the geometry outputs: GeoJSON or FlatGeobuf.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use geo_types::{Coord, MultiPolygon};
use serde::{Deserialize, Serialize};
use sightline_io::Plane;

use super::Properties;
use crate::Error;

/// The format of the outputs that hold geometries (`plan`, `coverage`,
/// `blindspots`, `records` and the demo's layers): GeoJSON (`.geojson`,
/// the default) or FlatGeobuf (`.fgb`, with a spatial index, for big
/// layers). The other outputs (CSV, SVG, Markdown, HTML, JSON) do not
/// change. Written and read as `geojson` or `flatgeobuf`.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use sightline::output::{OutputFormat, OutputKind};
///
/// let format: OutputFormat = "flatgeobuf".parse().unwrap();
/// assert_eq!(format, OutputFormat::FlatGeobuf);
/// assert_eq!(format.to_string(), "flatgeobuf");
/// assert_eq!(OutputKind::Plan.file_name_in(format), "plan.fgb");
/// assert_eq!(OutputFormat::of_layer(Path::new("demand.FGB")), OutputFormat::FlatGeobuf);
/// assert_eq!(OutputFormat::of_layer(Path::new("demand.csv")), OutputFormat::GeoJson);
/// assert!("shp".parse::<OutputFormat>().is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum OutputFormat {
    /// GeoJSON (RFC 7946), `.geojson`.
    #[default]
    GeoJson,
    /// FlatGeobuf, `.fgb`: with a packed Hilbert R-tree index.
    FlatGeobuf,
}

impl OutputFormat {
    /// The outputs' format that follows an input layer's: FlatGeobuf for
    /// a `.fgb` file (any case), GeoJSON for anything else.
    pub fn of_layer(path: &Path) -> OutputFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(extension) if extension.eq_ignore_ascii_case("fgb") => OutputFormat::FlatGeobuf,
            _ => OutputFormat::GeoJson,
        }
    }

    /// The file name extension, without the dot: `geojson` or `fgb`.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::GeoJson => "geojson",
            OutputFormat::FlatGeobuf => "fgb",
        }
    }

    /// Points (plane metres) and their properties as a layer in this
    /// format, in the plane's output CRS.
    pub(crate) fn points(self, plane: &Plane, points: &[(Coord<f64>, Properties)]) -> Result<Vec<u8>, Error> {
        Ok(match self {
            OutputFormat::GeoJson => sightline_io::points_geojson_bytes(plane, points)?,
            OutputFormat::FlatGeobuf => sightline_io::points_fgb_bytes(plane, points)?,
        })
    }

    /// Multipolygons (plane metres) and their properties as a layer in
    /// this format.
    pub(crate) fn polygons(
        self,
        plane: &Plane,
        polygons: &[(MultiPolygon<f64>, Properties)],
    ) -> Result<Vec<u8>, Error> {
        Ok(match self {
            OutputFormat::GeoJson => sightline_io::polygons_geojson_bytes(plane, polygons)?,
            OutputFormat::FlatGeobuf => sightline_io::polygons_fgb_bytes(plane, polygons)?,
        })
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutputFormat::GeoJson => "geojson",
            OutputFormat::FlatGeobuf => "flatgeobuf",
        })
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    /// `geojson` or `flatgeobuf` (any case; `fgb` too).
    ///
    /// # Errors
    ///
    /// A message naming the value and the valid ones.
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "geojson" => Ok(OutputFormat::GeoJson),
            "flatgeobuf" | "fgb" => Ok(OutputFormat::FlatGeobuf),
            _ => Err(format!(
                "unknown output format `{text}`; expected geojson or flatgeobuf"
            )),
        }
    }
}
