//! How far from the study area a layer may lie: every projected point is
//! checked against [`Plane::MAX_DISTANCE_M`].

use std::path::Path;

use geo_types::Coord;

use super::Plane;
use super::project::LayerTransform;
use crate::Error;

impl Plane {
    /// How far (in plane units, metres) a projected point or polygon vertex
    /// may lie from the centre of the study area (see [`Plane::reference`])
    /// before [`Plane::project_points`] and [`Plane::project_polygons`]
    /// refuse it: 250 km.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(sightline_io::Plane::MAX_DISTANCE_M, 250_000.0);
    /// ```
    pub const MAX_DISTANCE_M: f64 = 250_000.0;

    /// A point of a layer in the plane: transformed (when `transform` is
    /// given) and checked against the reference point.
    pub(super) fn place(
        &self,
        transform: Option<&LayerTransform<'_>>,
        path: &Path,
        point: Coord<f64>,
        index: usize,
    ) -> Result<Coord<f64>, Error> {
        let too_far = |distance_m: f64| Error::TooFar {
            path: path.to_path_buf(),
            index,
            distance_m,
            limit_m: Plane::MAX_DISTANCE_M,
        };
        match transform {
            Some(transform) => {
                if let Some(reference) = self.reference_lonlat {
                    let lonlat = transform.lonlat(point, index)?;
                    let distance = great_circle(reference, lonlat);
                    if distance > Plane::MAX_DISTANCE_M {
                        return Err(too_far(distance));
                    }
                    return transform.apply(point, index);
                }
                let placed = transform.apply(point, index)?;
                self.check_plane_distance(placed).map_err(too_far)?;
                Ok(placed)
            }
            None => {
                self.check_plane_distance(point).map_err(too_far)?;
                Ok(point)
            }
        }
    }

    /// Fails with the distance when `point` (plane coordinates) is farther
    /// than [`Plane::MAX_DISTANCE_M`] from the reference point.
    fn check_plane_distance(&self, point: Coord<f64>) -> Result<(), f64> {
        let Some(reference) = self.reference else {
            return Ok(());
        };
        let distance = (point.x - reference.x).hypot(point.y - reference.y);
        // NaN distances are not "farther": non-finite input is refused
        // elsewhere.
        if distance > Plane::MAX_DISTANCE_M {
            return Err(distance);
        }
        Ok(())
    }
}

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle (haversine) distance between two WGS 84
/// longitude/latitude points, in metres on the mean sphere.
fn great_circle(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (lat1, lat2) = (a.y.to_radians(), b.y.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.x - a.x).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}
