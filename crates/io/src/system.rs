//! One coordinate system as the plane reaches it: through proj4rs, or
//! through PROJ when the system needs a datum shift and the `proj` feature
//! is on.

use std::sync::LazyLock;

use geo_types::Coord;
use proj4rs::Proj;

use crate::crs::LONLAT_PROJ4;
use crate::{Crs, Error};

/// A coordinate system the plane converts from or to.
///
/// proj4rs (with definitions from crs-definitions) serves every system it
/// transforms exactly: WGS 84, GRS 1980 systems such as Korea 2000
/// (EPSG:5186, EPSG:5179, which agree with PROJ to a micrometre) and the
/// local transverse Mercator planes. PROJ serves only the systems that need
/// a datum shift ([`Crs::needs_datum_shift`]), and only with the `proj`
/// feature: it picks the EPSG transformation to WGS 84 from its database,
/// where crs-definitions often has none (EPSG:5174 has no `+towgs84` at
/// all). Keeping proj4rs for the rest means the two builds write the same
/// bytes for the same inputs in every system both can do, and that the
/// hot per-coordinate path stays in Rust.
#[derive(Clone)]
pub(crate) enum System {
    /// proj4rs, degrees in and out for geographic systems.
    Proj4rs(Box<Proj>),
    /// PROJ, between this EPSG code and WGS 84 longitude/latitude.
    #[cfg(feature = "proj")]
    Pj(u32),
}

/// WGS 84 longitude/latitude for proj4rs; `None` only if proj4rs could not
/// parse its own WGS 84 definition.
static WGS84: LazyLock<Option<Proj>> = LazyLock::new(|| Proj::from_proj_string(LONLAT_PROJ4).ok());

impl System {
    /// The system of `crs`, checked: known, and (in the default build)
    /// needing no datum shift. `context` names where the system was met
    /// (a file, `primary CRS`, `output CRS`).
    pub(crate) fn for_crs(crs: Crs, context: &str) -> Result<System, Error> {
        let definition = definition(crs, context)?;
        crs.check_exact(context)?;
        #[cfg(feature = "proj")]
        if let Crs::Epsg(code) = crs
            && crs.needs_datum_shift()
        {
            pj::check(code).map_err(|reason| Error::Projection {
                crs: crs.to_string(),
                reason,
            })?;
            return Ok(System::Pj(code));
        }
        build(definition, &crs.to_string()).map(|proj| System::Proj4rs(Box::new(proj)))
    }

    /// WGS 84 longitude/latitude.
    pub(crate) fn wgs84() -> Result<System, Error> {
        build(LONLAT_PROJ4, "lonlat").map(|proj| System::Proj4rs(Box::new(proj)))
    }

    /// Converts from this system to WGS 84 longitude/latitude degrees.
    pub(crate) fn to_wgs84(&self, coord: Coord<f64>) -> Result<Coord<f64>, String> {
        match self {
            System::Proj4rs(proj) => convert(proj, wgs84()?, coord),
            #[cfg(feature = "proj")]
            System::Pj(code) => pj::convert(*code, pj::Direction::ToWgs84, coord),
        }
    }

    /// Converts from WGS 84 longitude/latitude degrees to this system.
    // Only the PROJ backend goes through WGS 84 on the way in.
    #[cfg_attr(not(feature = "proj"), allow(dead_code))]
    pub(crate) fn wgs84_to(&self, coord: Coord<f64>) -> Result<Coord<f64>, String> {
        match self {
            System::Proj4rs(proj) => convert(wgs84()?, proj, coord),
            #[cfg(feature = "proj")]
            System::Pj(code) => pj::convert(*code, pj::Direction::FromWgs84, coord),
        }
    }

    /// Converts from this system to `target`: directly when proj4rs serves
    /// both, else through WGS 84 longitude/latitude.
    pub(crate) fn convert_to(&self, target: &System, coord: Coord<f64>) -> Result<Coord<f64>, String> {
        match (self, target) {
            (System::Proj4rs(source), System::Proj4rs(target)) => convert(source, target, coord),
            #[cfg(feature = "proj")]
            _ => target.wgs84_to(self.to_wgs84(coord)?),
        }
    }

    /// The proj4rs projection, when proj4rs serves this system.
    pub(crate) fn proj4rs(&self) -> Option<&Proj> {
        match self {
            System::Proj4rs(proj) => Some(proj),
            #[cfg(feature = "proj")]
            System::Pj(_) => None,
        }
    }
}

fn wgs84() -> Result<&'static Proj, String> {
    WGS84
        .as_ref()
        .ok_or_else(|| "proj4rs cannot parse WGS 84".to_string())
}

pub(crate) const NOT_FINITE: &str = "the coordinate is not finite";

/// The proj4 definition of a known, georeferenced system.
pub(crate) fn definition(crs: Crs, context: &str) -> Result<&'static str, Error> {
    crs.check_known(context)?;
    crs.proj4().ok_or_else(|| Error::Projection {
        crs: crs.to_string(),
        reason: "planar coordinates have no projection".to_string(),
    })
}

/// A proj4rs projection from a proj4 definition.
pub(crate) fn build(definition: &str, name: &str) -> Result<Proj, Error> {
    Proj::from_proj_string(definition).map_err(|error| Error::Projection {
        crs: name.to_string(),
        reason: error.to_string(),
    })
}

/// Converts one coordinate between two proj4rs systems, in degrees for
/// geographic systems (proj4rs itself takes radians).
pub(crate) fn convert(source: &Proj, target: &Proj, coord: Coord<f64>) -> Result<Coord<f64>, String> {
    if !coord.x.is_finite() || !coord.y.is_finite() {
        return Err(NOT_FINITE.to_string());
    }
    let mut point = if source.is_latlong() {
        (coord.x.to_radians(), coord.y.to_radians(), 0.0)
    } else {
        (coord.x, coord.y, 0.0)
    };
    proj4rs::transform::transform(source, target, &mut point).map_err(|error| error.to_string())?;
    let (x, y) = if target.is_latlong() {
        (point.0.to_degrees(), point.1.to_degrees())
    } else {
        (point.0, point.1)
    };
    finite(x, y)
}

fn finite(x: f64, y: f64) -> Result<Coord<f64>, String> {
    if x.is_finite() && y.is_finite() {
        Ok(Coord { x, y })
    } else {
        Err("the result is not finite".to_string())
    }
}

/// The PROJ backend. PROJ objects hold raw pointers to a PROJ context and
/// are neither `Send` nor `Sync`, while a [`Plane`](crate::Plane) is cloned
/// into rayon threads: the plane stores only EPSG codes, and each thread
/// keeps its own PROJ transformations, built on first use.
#[cfg(feature = "proj")]
mod pj {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use geo_types::Coord;

    use super::{NOT_FINITE, finite};

    /// Which way a transformation goes.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    pub(crate) enum Direction {
        ToWgs84,
        FromWgs84,
    }

    thread_local! {
        static TRANSFORMATIONS: RefCell<HashMap<(u32, Direction), proj::Proj>> = RefCell::new(HashMap::new());
    }

    /// `EPSG:<code>` ↔ EPSG:4326, with axes in longitude/latitude and
    /// easting/northing order (`new_known_crs` normalises them for
    /// visualisation).
    fn create(code: u32, direction: Direction) -> Result<proj::Proj, String> {
        let system = format!("EPSG:{code}");
        let (from, to) = match direction {
            Direction::ToWgs84 => (system.as_str(), "EPSG:4326"),
            Direction::FromWgs84 => ("EPSG:4326", system.as_str()),
        };
        proj::Proj::new_known_crs(from, to, None).map_err(|error| format!("PROJ: {error}"))
    }

    /// Builds both transformations of `code` once, to fail early.
    pub(crate) fn check(code: u32) -> Result<(), String> {
        for direction in [Direction::ToWgs84, Direction::FromWgs84] {
            with(code, direction, |_| Ok(()))?;
        }
        Ok(())
    }

    fn with<T>(
        code: u32,
        direction: Direction,
        action: impl FnOnce(&proj::Proj) -> Result<T, String>,
    ) -> Result<T, String> {
        TRANSFORMATIONS.with(|cell| {
            let mut cache = cell.borrow_mut();
            let transformation = match cache.entry((code, direction)) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => entry.insert(create(code, direction)?),
            };
            action(transformation)
        })
    }

    /// Converts one coordinate between `EPSG:<code>` and WGS 84 degrees.
    ///
    /// EPSG defines a datum shift in one direction (Korean 1985 to WGS 84,
    /// say), and PROJ runs the other by reversing the parameters' signs,
    /// which is approximate: for EPSG:5174 (a Molodensky-Badekas
    /// transformation) the round trip misses by up to 5.5 mm around Goyang.
    /// So that layers come back where they were read, the way from WGS 84
    /// refines PROJ's answer into the exact inverse of the way to it
    /// (x ← x + g(t) − g(f(x)), with f the defined direction and g PROJ's
    /// reverse; one step reaches a micrometre).
    pub(crate) fn convert(code: u32, direction: Direction, coord: Coord<f64>) -> Result<Coord<f64>, String> {
        if !coord.x.is_finite() || !coord.y.is_finite() {
            return Err(NOT_FINITE.to_string());
        }
        let guess = raw(code, direction, coord)?;
        if direction == Direction::ToWgs84 {
            return Ok(guess);
        }
        let mut x = guess;
        for _ in 0..4 {
            let Ok(reached) = raw(code, Direction::ToWgs84, x) else {
                break;
            };
            // 1e-12 degrees is 0.1 µm on the ground.
            if (reached.x - coord.x).abs() < 1e-12 && (reached.y - coord.y).abs() < 1e-12 {
                break;
            }
            let Ok(back) = raw(code, Direction::FromWgs84, reached) else {
                break;
            };
            x = Coord {
                x: x.x + guess.x - back.x,
                y: x.y + guess.y - back.y,
            };
        }
        finite(x.x, x.y)
    }

    /// One PROJ transformation of one coordinate.
    fn raw(code: u32, direction: Direction, coord: Coord<f64>) -> Result<Coord<f64>, String> {
        let (x, y) = with(code, direction, |transformation| {
            transformation
                .convert((coord.x, coord.y))
                .map_err(|error| format!("PROJ: {error}"))
        })?;
        finite(x, y)
    }
}
