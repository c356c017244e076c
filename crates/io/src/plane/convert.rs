//! Single coordinates in and out of the plane: WGS 84 longitude/latitude
//! both ways, and the output CRS.

use geo_types::Coord;

use super::{Kind, Plane};
use crate::Error;
use crate::system::{NOT_FINITE, System};

impl Plane {
    /// Converts plane metres to the output CRS ([`Plane::output_crs`]):
    /// longitude/latitude degrees for a geographic one (a local plane's
    /// primary, say), rounded to 9 decimal places (0.1 mm) so that input
    /// coordinates come back as they were written; a projected system's
    /// own x/y, unrounded; unchanged for a planar plane.
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] when the coordinate is not finite or the inverse
    /// projection fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{geo_types::coord, Crs, Plane};
    ///
    /// let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    /// let metres = coord! { x: 185_175.877923, y: 562_053.588425 };
    /// assert_eq!(plane.to_output(metres).unwrap(), metres);
    /// let lonlat = plane.with_output_crs(Crs::LonLat).unwrap().to_output(metres).unwrap();
    /// assert_eq!(lonlat, coord! { x: 126.832, y: 37.658 });
    /// assert!(Plane::new(Crs::Planar, None).unwrap().to_output(coord! { x: f64::NAN, y: 0.0 }).is_err());
    /// ```
    pub fn to_output(&self, coord: Coord<f64>) -> Result<Coord<f64>, Error> {
        let output_name = || self.output_crs.to_string();
        let (Some(output), Some(plane)) = (&self.output, self.plane_system()) else {
            return if coord.x.is_finite() && coord.y.is_finite() {
                Ok(coord)
            } else {
                Err(self.convert_error(coord, "plane", output_name(), NOT_FINITE))
            };
        };
        plane
            .convert_to(&output.system, coord)
            .map(|c| {
                if output.geographic {
                    Coord {
                        x: round_degrees(c.x),
                        y: round_degrees(c.y),
                    }
                } else {
                    c
                }
            })
            .map_err(|reason| self.convert_error(coord, "plane", output_name(), reason))
    }

    /// The plane's own system, when it is georeferenced.
    fn plane_system(&self) -> Option<&System> {
        match &self.kind {
            Kind::Identity => None,
            Kind::Projected { plane, .. } | Kind::Local { plane, .. } => Some(plane),
        }
    }

    /// Converts WGS 84 longitude/latitude degrees to plane metres.
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] for a planar plane (it has no geographic
    /// reference), a non-finite coordinate or a failed projection.
    pub fn from_lonlat(&self, lonlat: Coord<f64>) -> Result<Coord<f64>, Error> {
        match &self.kind {
            Kind::Identity => Err(self.convert_error(lonlat, "lonlat", "plane".into(), PLANAR)),
            Kind::Projected {
                plane, lonlat: wgs84, ..
            }
            | Kind::Local {
                plane, lonlat: wgs84, ..
            } => wgs84
                .convert_to(plane, lonlat)
                .map_err(|reason| self.convert_error(lonlat, "lonlat", "plane".into(), reason)),
        }
    }

    /// Converts plane metres to WGS 84 longitude/latitude degrees.
    ///
    /// # Errors
    ///
    /// As [`Plane::from_lonlat`].
    pub fn to_lonlat(&self, coord: Coord<f64>) -> Result<Coord<f64>, Error> {
        match &self.kind {
            Kind::Identity => Err(self.convert_error(coord, "plane", "lonlat".into(), PLANAR)),
            Kind::Projected { plane, lonlat, .. } | Kind::Local { plane, lonlat, .. } => plane
                .convert_to(lonlat, coord)
                .map_err(|reason| self.convert_error(coord, "plane", "lonlat".into(), reason)),
        }
    }

    fn convert_error(&self, coord: Coord<f64>, from: &str, to: String, reason: impl Into<String>) -> Error {
        let name = |side: &str| match side {
            "plane" => self.describe(),
            other => other.to_string(),
        };
        Error::Convert {
            x: coord.x,
            y: coord.y,
            from: name(from),
            to: name(&to),
            reason: reason.into(),
        }
    }
}

const PLANAR: &str = "a planar plane has no geographic reference";

/// Rounds degrees to 9 decimal places (0.1 mm on the ground).
fn round_degrees(value: f64) -> f64 {
    let scaled = (value * 1e9).round();
    if scaled.is_finite() { scaled / 1e9 } else { value }
}
