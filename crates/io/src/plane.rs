//! The one metric plane every layer is brought into, and the way back out.
//!
//! This module holds the [`Plane`] type and its construction; the jobs it
//! does live beside it: `project` brings layers in, `extent` checks that
//! they lie near the study area, `convert` converts single coordinates in
//! and out, `center` finds the centre of the study area, and `local` builds
//! the local transverse Mercator.

mod center;
mod convert;
mod extent;
mod local;
mod project;

use std::fmt;
use std::path::{Path, PathBuf};

use geo_types::Coord;

use crate::system::{System, build, definition};
use crate::{Crs, Error, PointLayer, PolygonLayer};

pub use center::lonlat_center;

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
/// Outputs are written in the primary CRS unless
/// [`Plane::with_output_crs`] chooses another.
///
/// Transformations use proj4rs with definitions from crs-definitions.
/// Systems that need a datum shift to WGS 84 ([`Crs::needs_datum_shift`],
/// such as the Bessel-based Korean 1985 systems, EPSG:5174) are refused
/// with [`Error::DatumShift`] by the default build, and transformed with
/// PROJ when the `proj` feature is on. PROJ serves only those systems, so
/// that both builds write the same coordinates for every other system
/// (proj4rs agrees with PROJ to nanometres on them). A plane is
/// `Clone + Send + Sync` with or without the feature.
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
    /// The centre of the study area in plane coordinates, against which
    /// projected layers are checked; `None` disables the check.
    reference: Option<Coord<f64>>,
    /// The same point in WGS 84 longitude/latitude, when the plane is
    /// georeferenced.
    reference_lonlat: Option<Coord<f64>>,
    /// The CRS outputs are written in.
    output_crs: Crs,
    /// How to reach it from the plane; `None` when outputs are plane
    /// coordinates (a planar plane, or an EPSG plane written in its own
    /// system).
    output: Option<Output>,
}

/// The system outputs are written in, when it is not the plane's own.
#[derive(Clone)]
struct Output {
    system: System,
    /// Whether outputs are degrees (rounded to 9 decimal places).
    geographic: bool,
}

#[derive(Clone)]
enum Kind {
    /// Planar metres in, planar metres out.
    Identity,
    /// A projected EPSG system in metres is the plane.
    Projected {
        code: u32,
        plane: System,
        lonlat: System,
    },
    /// A local transverse Mercator around `center`.
    Local {
        center: Coord<f64>,
        plane: System,
        lonlat: System,
    },
}

impl fmt::Debug for Plane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Plane");
        debug
            .field("primary", &self.primary)
            .field("output_crs", &self.output_crs);
        match &self.kind {
            Kind::Identity => debug.field("kind", &"identity"),
            Kind::Projected { code, .. } => debug.field("kind", &format!("EPSG:{code}")),
            Kind::Local { center, .. } => debug
                .field("kind", &"local transverse Mercator")
                .field("center", center),
        };
        debug
            .field("primary_path", &self.primary_path)
            .field("reference", &self.reference)
            .finish()
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
    /// [`Error::DatumShift`] (default build) for systems that need a datum
    /// shift; [`Error::BadCenter`] when a geographic primary has no valid centre;
    /// [`Error::Projection`] for systems that cannot serve as a plane
    /// (geocentric, or not in metres).
    ///
    /// A local plane's reference point (see [`Plane::reference`]) is its
    /// centre; planar and EPSG planes made here have none, so layers
    /// projected into them are not checked for outliers (those made by
    /// [`Plane::for_layers`] are).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Crs, Plane};
    ///
    /// let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    /// assert_eq!(plane.plane_crs(), Crs::Epsg(5186));
    /// assert_eq!(plane.reference(), None);
    /// assert!(Plane::new(Crs::LonLat, None).is_err());
    /// ```
    pub fn new(primary: Crs, center_lonlat: Option<Coord<f64>>) -> Result<Plane, Error> {
        let mut output = None;
        let kind = match primary {
            Crs::Planar => Kind::Identity,
            Crs::LonLat | Crs::Epsg(_) => {
                let definition = definition(primary, "primary CRS")?;
                let system = System::for_crs(primary, "primary CRS")?;
                // proj4rs reads the definition's kind and units even when
                // PROJ transforms.
                let proj = build(definition, &primary.to_string())?;
                let lonlat = System::wgs84()?;
                if proj.is_geocent() {
                    return Err(Error::Projection {
                        crs: primary.to_string(),
                        reason: "a geocentric system cannot be a plane".to_string(),
                    });
                }
                if proj.is_latlong() {
                    let center = local::valid_center(primary, center_lonlat)?;
                    output = Some(Output {
                        system,
                        geographic: true,
                    });
                    Kind::Local {
                        center,
                        plane: local::transverse_mercator(center)?,
                        lonlat,
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
                        plane: system,
                        lonlat,
                    }
                }
            }
        };
        let (reference, reference_lonlat) = match &kind {
            Kind::Local { center, .. } => (Some(Coord { x: 0.0, y: 0.0 }), Some(*center)),
            Kind::Identity | Kind::Projected { .. } => (None, None),
        };
        Ok(Plane {
            primary,
            kind,
            primary_path: None,
            reference,
            reference_lonlat,
            output_crs: primary,
            output,
        })
    }

    /// A plane with a longitude/latitude primary, centred on `center_lonlat`
    /// (WGS 84 degrees): metres east and north of that point. Used to build
    /// synthetic data in metres around a real place.
    ///
    /// # Errors
    ///
    /// [`Error::BadCenter`] when the centre is not finite or out of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{geo_types::coord, Plane};
    ///
    /// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    /// assert_eq!(plane.center(), Some(coord! { x: 126.832, y: 37.658 }));
    /// assert!(Plane::local(coord! { x: 200.0, y: 0.0 }).is_err());
    /// ```
    pub fn local(center_lonlat: Coord<f64>) -> Result<Plane, Error> {
        Plane::new(Crs::LonLat, Some(center_lonlat))
    }

    /// Chooses the plane for a set of layers: the primary CRS is that of
    /// `points[0]`, or of `polygons[0]` when there are no point layers.
    ///
    /// The centre of the study area is the component-wise median of the
    /// first point layer (the demand layer), or of the polygon layers'
    /// vertices when there are no point layers, so that a few stray points
    /// (failed geocodes at (0, 0)) do not move it: a local plane is centred
    /// there (see [`lonlat_center`]), and an EPSG or planar plane keeps it as
    /// its [`Plane::reference`]. Every layer later projected with
    /// [`Plane::project_points`] or [`Plane::project_polygons`] must lie
    /// within [`Plane::MAX_DISTANCE_M`] of it.
    ///
    /// # Errors
    ///
    /// [`Error::NoLayers`] when both slices are empty;
    /// [`Error::MixedCrs`] when planar and georeferenced layers are mixed
    /// (naming both files); [`Error::UnknownEpsg`] naming the code and the
    /// file; the errors of [`Plane::new`]; [`Error::Transform`] when the
    /// first layer cannot be converted to find the centre.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{geo_types::coord, Crs, Plane, PointLayer};
    ///
    /// let layer = PointLayer {
    ///     path: "demand.geojson".into(),
    ///     crs: Crs::Epsg(5186),
    ///     points: vec![
    ///         coord! { x: 185_000.0, y: 562_000.0 },
    ///         coord! { x: 186_000.0, y: 563_000.0 },
    ///         coord! { x: 0.0, y: 0.0 }, // a stray point
    ///     ],
    ///     weights: vec![1.0; 3],
    ///     ids: vec!["a".into(), "b".into(), "c".into()],
    ///     features: vec![0, 1, 2],
    ///     number_lists: vec![],
    ///     format: None,
    ///     skipped: Default::default(),
    ///     defaulted_weights: 0,
    ///     delimiter: None,
    ///     properties: Vec::new(),
    ///     sheet: None,
    ///     header_row: None,
    /// };
    /// let plane = Plane::for_layers(&[&layer], &[]).unwrap();
    /// assert_eq!(plane.reference(), Some(coord! { x: 185_000.0, y: 562_000.0 }));
    /// let mut demand = layer.clone();
    /// let message = plane.project_points(&mut demand).unwrap_err().to_string();
    /// assert!(message.starts_with("feature 2 in demand.geojson lies 592 km"), "{message}");
    /// ```
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
            crs.check_exact(&path.display().to_string())?;
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
        if plane.reference.is_none() {
            // An EPSG or planar plane: the median of the first layer(s) in
            // plane coordinates.
            plane.reference = plane.median_in_plane(points, polygons)?;
            plane.reference_lonlat = match (&plane.kind, plane.reference) {
                (Kind::Projected { .. }, Some(reference)) => plane.to_lonlat(reference).ok(),
                _ => None,
            };
        }
        Ok(plane)
    }

    /// The centre of the study area in plane coordinates, against which
    /// projected layers are checked (see [`Plane::MAX_DISTANCE_M`]): (0, 0)
    /// for a local plane, the median of the first layer for an EPSG or
    /// planar plane made by [`Plane::for_layers`], `None` (no check) for
    /// one made by [`Plane::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{geo_types::coord, Plane};
    ///
    /// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    /// assert_eq!(plane.reference(), Some(coord! { x: 0.0, y: 0.0 }));
    /// ```
    pub fn reference(&self) -> Option<Coord<f64>> {
        self.reference
    }

    /// The CRS outputs are written in: the primary CRS, unless
    /// [`Plane::with_output_crs`] chose another.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{Crs, Plane};
    ///
    /// let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    /// assert_eq!(plane.output_crs(), Crs::Epsg(5186));
    /// let plane = plane.with_output_crs(Crs::LonLat).unwrap();
    /// assert_eq!(plane.output_crs(), Crs::LonLat);
    /// ```
    pub fn output_crs(&self) -> Crs {
        self.output_crs
    }

    /// The same plane, writing its outputs ([`Plane::to_output`], and the
    /// GeoJSON and CSV writers) in `crs` instead of the primary CRS: any
    /// EPSG system, or [`Crs::LonLat`]. Degrees are rounded to 9 decimal
    /// places as [`Plane::to_output`] says; projected coordinates are not
    /// rounded.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownEpsg`] for codes not in the EPSG table;
    /// [`Error::DatumShift`] (default build) for systems that need a datum
    /// shift; [`Error::Projection`] for a planar plane given a
    /// georeferenced output, or a georeferenced plane given
    /// [`Crs::Planar`], or a geocentric system.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{geo_types::coord, Crs, Plane};
    ///
    /// let plane = Plane::local(coord! { x: 126.832, y: 37.658 })
    ///     .unwrap()
    ///     .with_output_crs(Crs::Epsg(5186))
    ///     .unwrap();
    /// let out = plane.to_output(coord! { x: 0.0, y: 0.0 }).unwrap();
    /// // The Goyang point in Korea 2000 / Central Belt 2010.
    /// assert!((out.x - 185_175.878).abs() < 0.001 && (out.y - 562_053.588).abs() < 0.001);
    /// assert!(Plane::new(Crs::Planar, None).unwrap().with_output_crs(Crs::LonLat).is_err());
    /// assert!(plane.with_output_crs(Crs::Epsg(99999)).is_err());
    /// ```
    pub fn with_output_crs(self, crs: Crs) -> Result<Plane, Error> {
        let refuse = |reason: &str| Error::Projection {
            crs: crs.to_string(),
            reason: reason.to_string(),
        };
        let output = match (&self.kind, crs) {
            (Kind::Identity, Crs::Planar) => None,
            (Kind::Identity, _) => {
                crs.check_known("output CRS")?;
                return Err(refuse(
                    "the layers are planar metres with no geographic reference; outputs stay planar",
                ));
            }
            (_, Crs::Planar) => {
                return Err(refuse(
                    "the layers are georeferenced; choose lonlat or an EPSG system for the outputs",
                ));
            }
            (Kind::Projected { code, .. }, Crs::Epsg(output)) if *code == output => None,
            _ => {
                let system = System::for_crs(crs, "output CRS")?;
                if system.proj4rs().is_some_and(proj4rs::Proj::is_geocent) {
                    return Err(refuse("a geocentric system cannot hold map coordinates"));
                }
                Some(Output {
                    system,
                    geographic: crs.is_geographic(),
                })
            }
        };
        Ok(Plane {
            output_crs: crs,
            output,
            ..self
        })
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
}
