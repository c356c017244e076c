//! The local transverse Mercator: the plane of a geographic primary CRS,
//! centred on the study area.

use geo_types::Coord;

use crate::system::{System, build};
use crate::{Crs, Error};

/// The transverse Mercator on the WGS 84 ellipsoid, scale 1, with its
/// origin at `center` (WGS 84 degrees, x = longitude): metres east and
/// north of that point.
pub(super) fn transverse_mercator(center: Coord<f64>) -> Result<System, Error> {
    let tmerc = format!(
        "+proj=tmerc +lat_0={} +lon_0={} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
        center.y, center.x
    );
    Ok(System::Proj4rs(Box::new(build(&tmerc, &tmerc)?)))
}

/// The centre of a local plane for a geographic `primary`, checked: finite,
/// a longitude from -180 to 180 and a latitude less than 89 degrees from
/// the equator.
pub(super) fn valid_center(primary: Crs, center: Option<Coord<f64>>) -> Result<Coord<f64>, Error> {
    match center {
        Some(c)
            if c.x.is_finite() && c.y.is_finite() && (-180.0..=180.0).contains(&c.x) && c.y.abs() < 89.0 =>
        {
            Ok(c)
        }
        other => Err(Error::BadCenter {
            crs: primary,
            center: other.map_or_else(|| "none".to_string(), |c| format!("({:?}, {:?})", c.x, c.y)),
        }),
    }
}
