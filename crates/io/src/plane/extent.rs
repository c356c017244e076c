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
                    if !surely_near(reference, lonlat, Plane::MAX_DISTANCE_M) {
                        let distance = great_circle(reference, lonlat);
                        if distance > Plane::MAX_DISTANCE_M {
                            return Err(too_far(distance));
                        }
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

/// Whether `b` lies surely within `limit_m` of `a` (WGS 84
/// longitude/latitude), without the trigonometry of [`great_circle`]:
/// the great circle is no longer than the path along a meridian and then
/// a parallel, which is no longer than R·(|Δlatitude| + |Δlongitude|), in
/// radians. A margin covers rounding; near the limit, and for non-finite
/// coordinates, the answer is false and the distance is computed.
fn surely_near(a: Coord<f64>, b: Coord<f64>, limit_m: f64) -> bool {
    let bound_m = EARTH_RADIUS_M * ((b.y - a.y).abs() + (b.x - a.x).abs()).to_radians();
    bound_m < 0.999 * limit_m
}

/// The great-circle (haversine) distance between two WGS 84
/// longitude/latitude points, in metres on the mean sphere.
fn great_circle(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (lat1, lat2) = (a.y.to_radians(), b.y.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.x - a.x).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use geo_types::coord;

    use super::*;

    #[test]
    fn surely_near_points_are_near() {
        let goyang = coord! { x: 126.832, y: 37.658 };
        for (dx, dy) in [
            (0.0, 0.0),
            (1.0, 1.0),
            (-1.2, 0.9),
            (2.0, 0.2),
            (0.0, -2.2),
            (2.5, 0.0),
        ] {
            let b = coord! { x: goyang.x + dx, y: goyang.y + dy };
            let near = surely_near(goyang, b, Plane::MAX_DISTANCE_M);
            assert!(
                !near || great_circle(goyang, b) < Plane::MAX_DISTANCE_M,
                "{dx} {dy}"
            );
        }
        assert!(surely_near(
            goyang,
            coord! { x: 127.8, y: 38.5 },
            Plane::MAX_DISTANCE_M
        ));
        assert!(!surely_near(
            goyang,
            coord! { x: 129.8, y: 37.6 },
            Plane::MAX_DISTANCE_M
        ));
        assert!(!surely_near(
            goyang,
            coord! { x: f64::NAN, y: 37.6 },
            Plane::MAX_DISTANCE_M
        ));
    }
}
