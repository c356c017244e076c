//! The one metric plane every layer is brought into, and the way back out.

use std::fmt;
use std::path::{Path, PathBuf};

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use proj4rs::Proj;

use crate::crs::LONLAT_PROJ4;
use crate::{Crs, Error, PointLayer, PolygonLayer};

/// The one metric plane every layer is brought into, and the way back out.
///
/// The plane depends on the primary CRS (that of the demand layer, in
/// which outputs are written):
///
/// - [`Crs::Planar`]: the identity; every layer must be planar too;
/// - a projected [`Crs::Epsg`] in metres (e.g. EPSG:5186): that system is
///   the plane, and layers in other systems are transformed into it;
/// - [`Crs::LonLat`] or a geographic EPSG system: a local transverse
///   Mercator (WGS 84 ellipsoid, scale 1, origin at the centre of the data),
///   whose scale error is below 1e-6 within 10 km of the centre.
///
/// Transformations use proj4rs with definitions from crs-definitions.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, Crs, Plane};
///
/// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
/// assert_eq!(plane.output_crs(), Crs::LonLat);
/// let metres = plane.from_lonlat(coord! { x: 126.832, y: 37.659 }).unwrap();
/// assert!(metres.x.abs() < 1e-6 && (metres.y - 110.99).abs() < 0.01);
/// let back = plane.to_output(metres).unwrap();
/// assert!((back.y - 37.659).abs() < 1e-12);
/// ```
#[derive(Clone)]
pub struct Plane {
    primary: Crs,
    kind: Kind,
    /// The primary layer's file, for error messages, when known.
    primary_path: Option<PathBuf>,
}

#[derive(Clone)]
enum Kind {
    /// Planar metres in, planar metres out.
    Identity,
    /// A projected EPSG system in metres is the plane.
    Projected {
        code: u32,
        plane: Box<Proj>,
        lonlat: Box<Proj>,
    },
    /// A local transverse Mercator around `center`.
    Local {
        center: Coord<f64>,
        plane: Box<Proj>,
        lonlat: Box<Proj>,
        /// The geographic primary system, for output.
        output: Box<Proj>,
    },
}

impl fmt::Debug for Plane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Plane");
        debug.field("primary", &self.primary);
        match &self.kind {
            Kind::Identity => debug.field("kind", &"identity"),
            Kind::Projected { code, .. } => debug.field("kind", &format!("EPSG:{code}")),
            Kind::Local { center, .. } => debug
                .field("kind", &"local transverse Mercator")
                .field("center", center),
        };
        debug.field("primary_path", &self.primary_path).finish()
    }
}

impl Plane {
    /// Chooses the working plane for a primary CRS (see [`Plane`]).
    /// `center_lonlat` (WGS 84 degrees, x = longitude) is required for a
    /// geographic primary and ignored otherwise; [`lonlat_center`] computes
    /// it from layers.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEpsg`] for codes not in the EPSG table;
    /// [`Error::BadCenter`] when a geographic primary has no valid centre;
    /// [`Error::Projection`] for systems that cannot serve as a plane
    /// (geocentric, or not in metres).
    pub fn new(primary: Crs, center_lonlat: Option<Coord<f64>>) -> Result<Plane, Error> {
        let kind = match primary {
            Crs::Planar => Kind::Identity,
            Crs::LonLat | Crs::Epsg(_) => {
                let definition = definition(primary, "primary CRS")?;
                let proj = Box::new(build(definition, &primary.to_string())?);
                let lonlat = Box::new(build(LONLAT_PROJ4, "lonlat")?);
                if proj.is_geocent() {
                    return Err(Error::Projection {
                        crs: primary.to_string(),
                        reason: "a geocentric system cannot be a plane".to_string(),
                    });
                }
                if proj.is_latlong() {
                    let center = valid_center(primary, center_lonlat)?;
                    let tmerc = format!(
                        "+proj=tmerc +lat_0={} +lon_0={} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                        center.y, center.x
                    );
                    Kind::Local {
                        center,
                        plane: Box::new(build(&tmerc, &tmerc)?),
                        lonlat,
                        output: proj,
                    }
                } else {
                    if proj.to_meter() != 1.0 {
                        return Err(Error::Projection {
                            crs: primary.to_string(),
                            reason: format!(
                                "its unit is {}, not metres; reproject the layers to a metric system",
                                proj.units()
                            ),
                        });
                    }
                    // Only EPSG systems reach here: `LonLat` is geographic.
                    let Crs::Epsg(code) = primary else {
                        return Err(Error::Projection {
                            crs: primary.to_string(),
                            reason: "not a projected system".to_string(),
                        });
                    };
                    Kind::Projected {
                        code,
                        plane: proj,
                        lonlat,
                    }
                }
            }
        };
        Ok(Plane {
            primary,
            kind,
            primary_path: None,
        })
    }

    /// A plane with a longitude/latitude primary, centred on `center_lonlat`
    /// (WGS 84 degrees): metres east and north of that point. Used to build
    /// synthetic data in metres around a real place.
    ///
    /// # Errors
    ///
    /// [`Error::BadCenter`] when the centre is not finite or out of range.
    pub fn local(center_lonlat: Coord<f64>) -> Result<Plane, Error> {
        Plane::new(Crs::LonLat, Some(center_lonlat))
    }

    /// Chooses the plane for a set of layers: the primary CRS is that of
    /// `points[0]`, or of `polygons[0]` when there are no point layers; the
    /// centre of a local plane is the centre of the longitude/latitude
    /// bounding box of all geographic layers.
    ///
    /// # Errors
    ///
    /// [`Error::NoLayers`] when both slices are empty;
    /// [`Error::MixedCrs`] when planar and georeferenced layers are mixed
    /// (naming both files); [`Error::UnknownEpsg`] naming the code and the
    /// file; the errors of [`Plane::new`].
    pub fn for_layers(points: &[&PointLayer], polygons: &[&PolygonLayer]) -> Result<Plane, Error> {
        let layers: Vec<(&Path, Crs)> = points
            .iter()
            .map(|layer| (layer.path.as_path(), layer.crs))
            .chain(polygons.iter().map(|layer| (layer.path.as_path(), layer.crs)))
            .collect();
        let Some(&(primary_path, primary)) = layers.first() else {
            return Err(Error::NoLayers);
        };
        for &(path, crs) in &layers {
            crs.check_known(&path.display().to_string())?;
            if (crs == Crs::Planar) != (primary == Crs::Planar) {
                let (planar, other, other_crs) = if crs == Crs::Planar {
                    (path, primary_path, primary)
                } else {
                    (primary_path, path, crs)
                };
                return Err(Error::MixedCrs {
                    planar: planar.display().to_string(),
                    other: other.display().to_string(),
                    other_crs,
                });
            }
        }
        let center = if primary.is_geographic() {
            lonlat_center(points, polygons)?
        } else {
            None
        };
        let mut plane = Plane::new(primary, center)?;
        plane.primary_path = Some(primary_path.to_path_buf());
        Ok(plane)
    }

    /// The CRS outputs are written in: the primary CRS.
    pub fn output_crs(&self) -> Crs {
        self.primary
    }

    /// The CRS of coordinates in the plane: the EPSG system when it is the
    /// plane, else [`Crs::Planar`] (plane metres). Projected layers carry
    /// this CRS.
    pub fn plane_crs(&self) -> Crs {
        match self.kind {
            Kind::Projected { code, .. } => Crs::Epsg(code),
            Kind::Identity | Kind::Local { .. } => Crs::Planar,
        }
    }

    /// The centre of a local plane (WGS 84 degrees), `None` for the others.
    pub fn center(&self) -> Option<Coord<f64>> {
        match self.kind {
            Kind::Local { center, .. } => Some(center),
            _ => None,
        }
    }

    /// Brings a point layer into the plane, in place: its points become
    /// plane metres and its `crs` becomes [`Plane::plane_crs`]. A layer
    /// already in an EPSG plane's system is left alone; nothing changes when
    /// an error is returned.
    ///
    /// # Errors
    ///
    /// [`Error::MixedCrs`] when exactly one of the plane and the layer is
    /// planar (a layer projected into a local plane is planar: do not
    /// project it twice); [`Error::UnknownEpsg`] naming the code and the
    /// file; [`Error::Transform`] naming the file and the feature.
    pub fn project_points(&self, layer: &mut PointLayer) -> Result<(), Error> {
        let Some(transform) = self.layer_transform(&layer.path, layer.crs)? else {
            return Ok(());
        };
        let points = layer
            .points
            .iter()
            .zip(&layer.features)
            .map(|(&point, &index)| transform.apply(point, index))
            .collect::<Result<Vec<_>, _>>()?;
        layer.points = points;
        layer.crs = self.plane_crs();
        Ok(())
    }

    /// Brings a polygon layer into the plane, in place, as
    /// [`Plane::project_points`] does.
    ///
    /// # Errors
    ///
    /// As [`Plane::project_points`].
    pub fn project_polygons(&self, layer: &mut PolygonLayer) -> Result<(), Error> {
        let Some(transform) = self.layer_transform(&layer.path, layer.crs)? else {
            return Ok(());
        };
        let ring = |line: &LineString<f64>, index: usize| -> Result<LineString<f64>, Error> {
            line.0
                .iter()
                .map(|&point| transform.apply(point, index))
                .collect::<Result<Vec<_>, _>>()
                .map(LineString)
        };
        let polygons = layer
            .polygons
            .iter()
            .zip(&layer.features)
            .map(|(multi, &index)| {
                multi
                    .0
                    .iter()
                    .map(|polygon| {
                        let exterior = ring(polygon.exterior(), index)?;
                        let interiors = polygon
                            .interiors()
                            .iter()
                            .map(|line| ring(line, index))
                            .collect::<Result<Vec<_>, _>>()?;
                        Ok(Polygon::new(exterior, interiors))
                    })
                    .collect::<Result<Vec<_>, Error>>()
                    .map(MultiPolygon)
            })
            .collect::<Result<Vec<_>, _>>()?;
        layer.polygons = polygons;
        layer.crs = self.plane_crs();
        Ok(())
    }

    /// Converts plane metres to the output CRS: longitude/latitude degrees
    /// for a local plane (or the geographic EPSG system's own degrees), the
    /// EPSG system's own x/y for an EPSG plane, unchanged for a planar one.
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] when the coordinate is not finite or the inverse
    /// projection fails.
    pub fn to_output(&self, coord: Coord<f64>) -> Result<Coord<f64>, Error> {
        match &self.kind {
            Kind::Identity | Kind::Projected { .. } => {
                if coord.x.is_finite() && coord.y.is_finite() {
                    Ok(coord)
                } else {
                    Err(self.convert_error(coord, "plane", self.primary.to_string(), NOT_FINITE))
                }
            }
            Kind::Local { plane, output, .. } => convert(plane, output, coord)
                .map_err(|reason| self.convert_error(coord, "plane", self.primary.to_string(), reason)),
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
            } => convert(wgs84, plane, lonlat)
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
            Kind::Projected { plane, lonlat, .. } | Kind::Local { plane, lonlat, .. } => {
                convert(plane, lonlat, coord)
                    .map_err(|reason| self.convert_error(coord, "plane", "lonlat".into(), reason))
            }
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

    /// A short description of the plane for messages.
    fn describe(&self) -> String {
        match &self.kind {
            Kind::Identity => "the planar plane".to_string(),
            Kind::Projected { code, .. } => format!("EPSG:{code}"),
            Kind::Local { center, .. } => {
                format!("the local plane at ({:?}, {:?})", center.x, center.y)
            }
        }
    }

    fn primary_label(&self) -> String {
        match &self.primary_path {
            Some(path) => path.display().to_string(),
            None => "the primary layer".to_string(),
        }
    }

    /// How to bring a layer in `crs` into the plane; `None` when it is
    /// already there.
    fn layer_transform<'p>(&'p self, path: &'p Path, crs: Crs) -> Result<Option<LayerTransform<'p>>, Error> {
        let plane = match &self.kind {
            Kind::Identity => {
                if crs == Crs::Planar {
                    return Ok(None);
                }
                return Err(Error::MixedCrs {
                    planar: self.primary_label(),
                    other: path.display().to_string(),
                    other_crs: crs,
                });
            }
            Kind::Projected { code, .. } if crs == Crs::Epsg(*code) => return Ok(None),
            Kind::Projected { plane, .. } | Kind::Local { plane, .. } => plane,
        };
        if crs == Crs::Planar {
            return Err(Error::MixedCrs {
                planar: path.display().to_string(),
                other: self.primary_label(),
                other_crs: self.primary,
            });
        }
        let source = build(definition(crs, &path.display().to_string())?, &crs.to_string())?;
        Ok(Some(LayerTransform {
            source,
            target: plane,
            path,
            crs,
            target_name: self.describe(),
        }))
    }
}

const NOT_FINITE: &str = "the coordinate is not finite";
const PLANAR: &str = "a planar plane has no geographic reference";

/// The transformation of one layer into a plane.
struct LayerTransform<'p> {
    source: Proj,
    target: &'p Proj,
    path: &'p Path,
    crs: Crs,
    target_name: String,
}

impl LayerTransform<'_> {
    fn apply(&self, point: Coord<f64>, index: usize) -> Result<Coord<f64>, Error> {
        convert(&self.source, self.target, point).map_err(|reason| Error::Transform {
            path: self.path.to_path_buf(),
            index,
            x: point.x,
            y: point.y,
            from: self.crs,
            to: self.target_name.clone(),
            reason,
        })
    }
}

/// The centre of the longitude/latitude bounding box (WGS 84 degrees) of
/// all geographic layers among those given; `None` when none is
/// geographic. Geographic EPSG layers are converted to WGS 84 first.
///
/// # Errors
///
/// [`Error::Transform`] when a geographic EPSG layer's bounding box cannot
/// be converted; [`Error::UnknownEpsg`] for unknown codes.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, lonlat_center, Crs, PointLayer};
///
/// let layer = PointLayer {
///     path: "a.geojson".into(),
///     crs: Crs::LonLat,
///     points: vec![coord! { x: 126.0, y: 37.0 }, coord! { x: 127.0, y: 38.0 }],
///     weights: vec![1.0, 1.0],
///     ids: vec!["a".into(), "b".into()],
///     features: vec![0, 1],
/// };
/// assert_eq!(lonlat_center(&[&layer], &[]).unwrap(), Some(coord! { x: 126.5, y: 37.5 }));
/// ```
pub fn lonlat_center(
    points: &[&PointLayer],
    polygons: &[&PolygonLayer],
) -> Result<Option<Coord<f64>>, Error> {
    let mut bounds: Option<Bounds> = None;
    let layers = points
        .iter()
        .map(|layer| (layer.path.as_path(), layer.crs, layer_bounds(layer.points.iter())))
        .chain(polygons.iter().map(|layer| {
            let coords = layer
                .polygons
                .iter()
                .flat_map(|multi| multi.0.iter())
                .flat_map(|polygon| polygon.exterior().0.iter());
            (layer.path.as_path(), layer.crs, layer_bounds(coords))
        }));
    for (path, crs, layer) in layers {
        let Some(layer) = layer else { continue };
        if !crs.is_geographic() {
            continue;
        }
        let layer = if crs == Crs::LonLat {
            layer
        } else {
            let context = path.display().to_string();
            let source = build(definition(crs, &context)?, &crs.to_string())?;
            let target = build(LONLAT_PROJ4, "lonlat")?;
            let corner = |c: Coord<f64>| {
                convert(&source, &target, c).map_err(|reason| Error::Transform {
                    path: path.to_path_buf(),
                    index: 0,
                    x: c.x,
                    y: c.y,
                    from: crs,
                    to: "lonlat".to_string(),
                    reason,
                })
            };
            let min = corner(layer.min)?;
            let max = corner(layer.max)?;
            Bounds { min, max }
        };
        bounds = Some(match bounds {
            None => layer,
            Some(b) => b.union(&layer),
        });
    }
    Ok(bounds.map(|b| Coord {
        x: (b.min.x + b.max.x) / 2.0,
        y: (b.min.y + b.max.y) / 2.0,
    }))
}

#[derive(Clone, Copy)]
struct Bounds {
    min: Coord<f64>,
    max: Coord<f64>,
}

impl Bounds {
    fn union(&self, other: &Bounds) -> Bounds {
        Bounds {
            min: Coord {
                x: self.min.x.min(other.min.x),
                y: self.min.y.min(other.min.y),
            },
            max: Coord {
                x: self.max.x.max(other.max.x),
                y: self.max.y.max(other.max.y),
            },
        }
    }
}

fn layer_bounds<'a>(coords: impl Iterator<Item = &'a Coord<f64>>) -> Option<Bounds> {
    coords.fold(None, |bounds, &c| {
        let point = Bounds { min: c, max: c };
        Some(match bounds {
            None => point,
            Some(b) => b.union(&point),
        })
    })
}

fn definition(crs: Crs, context: &str) -> Result<&'static str, Error> {
    crs.check_known(context)?;
    crs.proj4().ok_or_else(|| Error::Projection {
        crs: crs.to_string(),
        reason: "planar coordinates have no projection".to_string(),
    })
}

fn build(definition: &str, name: &str) -> Result<Proj, Error> {
    Proj::from_proj_string(definition).map_err(|error| Error::Projection {
        crs: name.to_string(),
        reason: error.to_string(),
    })
}

fn valid_center(primary: Crs, center: Option<Coord<f64>>) -> Result<Coord<f64>, Error> {
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

/// Converts one coordinate between two proj4rs systems, in degrees for
/// geographic systems (proj4rs itself takes radians).
fn convert(source: &Proj, target: &Proj, coord: Coord<f64>) -> Result<Coord<f64>, String> {
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
    if x.is_finite() && y.is_finite() {
        Ok(Coord { x, y })
    } else {
        Err("the result is not finite".to_string())
    }
}
