//! The one metric plane every layer is brought into, and the way back out.

use std::fmt;
use std::path::{Path, PathBuf};

use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use crate::system::{NOT_FINITE, System, build, definition};
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
                    let center = valid_center(primary, center_lonlat)?;
                    let tmerc = format!(
                        "+proj=tmerc +lat_0={} +lon_0={} +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                        center.y, center.x
                    );
                    output = Some(Output {
                        system,
                        geographic: true,
                    });
                    Kind::Local {
                        center,
                        plane: System::Proj4rs(Box::new(build(&tmerc, &tmerc)?)),
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
            let mut coords = Vec::new();
            match points.first() {
                Some(layer) => {
                    let transform = plane.layer_transform(&layer.path, layer.crs)?;
                    for (&point, &index) in layer.points.iter().zip(&layer.features) {
                        coords.push(match &transform {
                            Some(transform) => transform.apply(point, index)?,
                            None => point,
                        });
                    }
                }
                None => {
                    for layer in polygons {
                        let transform = plane.layer_transform(&layer.path, layer.crs)?;
                        for (point, index) in polygon_vertices(layer) {
                            coords.push(match &transform {
                                Some(transform) => transform.apply(point, index)?,
                                None => point,
                            });
                        }
                    }
                }
            }
            plane.reference = median(&coords);
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

    /// Brings a point layer into the plane, in place: its points become
    /// plane metres and its `crs` becomes [`Plane::plane_crs`]. A layer
    /// already in an EPSG plane's system keeps its coordinates; nothing
    /// changes when an error is returned.
    ///
    /// Every point must lie within [`Plane::MAX_DISTANCE_M`] of the centre
    /// of the study area ([`Plane::reference`], when the plane has one):
    /// the great-circle distance for a layer that is transformed, the
    /// distance in the plane for one already in it.
    ///
    /// # Errors
    ///
    /// [`Error::MixedCrs`] when exactly one of the plane and the layer is
    /// planar (a layer projected into a local plane is planar: do not
    /// project it twice); [`Error::UnknownEpsg`] naming the code and the
    /// file; [`Error::Transform`] naming the file and the feature;
    /// [`Error::TooFar`] naming the file and the feature of the first
    /// point farther than [`Plane::MAX_DISTANCE_M`] from the centre.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::{geo_types::coord, Crs, Plane, PointLayer};
    ///
    /// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    /// let mut lights = PointLayer {
    ///     path: "lights.geojson".into(),
    ///     crs: Crs::LonLat,
    ///     points: vec![coord! { x: 126.842, y: 37.658 }, coord! { x: 0.0, y: 0.0 }],
    ///     weights: vec![1.0, 1.0],
    ///     ids: vec!["a".into(), "b".into()],
    ///     features: vec![0, 1],
    ///     number_lists: vec![],
    ///     format: None,
    ///     skipped: Default::default(),
    ///     defaulted_weights: 0,
    /// };
    /// let message = plane.project_points(&mut lights).unwrap_err().to_string();
    /// assert!(message.starts_with("feature 1 in lights.geojson lies 13,158 km"), "{message}");
    /// lights.points.pop();
    /// plane.project_points(&mut lights).unwrap();
    /// assert!((lights.points[0].x - 882.0).abs() < 1.0);
    /// assert_eq!(lights.crs, Crs::Planar);
    /// ```
    pub fn project_points(&self, layer: &mut PointLayer) -> Result<(), Error> {
        let transform = self.layer_transform(&layer.path, layer.crs)?;
        let points = layer
            .points
            .iter()
            .zip(&layer.features)
            .map(|(&point, &index)| self.place(transform.as_ref(), &layer.path, point, index))
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
    /// As [`Plane::project_points`], for every vertex.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::geo_types::{coord, polygon, MultiPolygon};
    /// use sightline_io::{Crs, Plane, PolygonLayer};
    ///
    /// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
    /// let square = polygon![(x: 126.832, y: 37.658), (x: 126.842, y: 37.658), (x: 126.842, y: 37.668)];
    /// let mut districts = PolygonLayer {
    ///     path: "dong.geojson".into(),
    ///     crs: Crs::LonLat,
    ///     polygons: vec![MultiPolygon(vec![square])],
    ///     names: vec!["a".into()],
    ///     features: vec![0],
    ///     invalid: vec![],
    ///     skipped: vec![],
    ///     values: vec![],
    /// };
    /// plane.project_polygons(&mut districts).unwrap();
    /// assert_eq!(districts.crs, Crs::Planar);
    /// assert!(districts.polygons[0].0[0].exterior().0[0].x.abs() < 1e-6);
    /// ```
    pub fn project_polygons(&self, layer: &mut PolygonLayer) -> Result<(), Error> {
        let transform = self.layer_transform(&layer.path, layer.crs)?;
        let path = layer.path.as_path();
        let ring = |line: &LineString<f64>, index: usize| -> Result<LineString<f64>, Error> {
            line.0
                .iter()
                .map(|&point| self.place(transform.as_ref(), path, point, index))
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

    /// A point of a layer in the plane: transformed (when `transform` is
    /// given) and checked against the reference point.
    fn place(
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
        let source = System::for_crs(crs, &path.display().to_string())?;
        Ok(Some(LayerTransform {
            source,
            target: plane,
            is_lonlat: crs == Crs::LonLat,
            path,
            crs,
            target_name: self.describe(),
        }))
    }
}

const PLANAR: &str = "a planar plane has no geographic reference";

/// The transformation of one layer into a plane.
struct LayerTransform<'p> {
    source: System,
    target: &'p System,
    /// Whether the source is WGS 84 longitude/latitude already.
    is_lonlat: bool,
    path: &'p Path,
    crs: Crs,
    target_name: String,
}

impl LayerTransform<'_> {
    fn apply(&self, point: Coord<f64>, index: usize) -> Result<Coord<f64>, Error> {
        self.source
            .convert_to(self.target, point)
            .map_err(|reason| self.error(point, index, reason, None))
    }

    /// The point in WGS 84 longitude/latitude degrees.
    fn lonlat(&self, point: Coord<f64>, index: usize) -> Result<Coord<f64>, Error> {
        if self.is_lonlat {
            return Ok(point);
        }
        self.source
            .to_wgs84(point)
            .map_err(|reason| self.error(point, index, reason, Some("lonlat")))
    }

    fn error(&self, point: Coord<f64>, index: usize, reason: String, to: Option<&str>) -> Error {
        Error::Transform {
            path: self.path.to_path_buf(),
            index,
            x: point.x,
            y: point.y,
            from: self.crs,
            to: to.map_or_else(|| self.target_name.clone(), str::to_string),
            reason,
        }
    }
}

/// The centre of the study area in WGS 84 longitude/latitude degrees: the
/// component-wise median longitude and latitude of the first point layer
/// (the demand layer), or of all the polygon layers' vertices when there
/// are no point layers. Medians are robust: a few stray points (a failed
/// geocode at (0, 0)) do not move the centre. Layers in an EPSG system are
/// converted to WGS 84 first; `None` when the layers are planar or empty.
///
/// # Errors
///
/// [`Error::Transform`] when a coordinate cannot be converted to WGS 84;
/// [`Error::UnknownEpsg`] for unknown codes; [`Error::DatumShift`]
/// (default build) for systems that need a datum shift.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, lonlat_center, Crs, PointLayer};
///
/// let layer = PointLayer {
///     path: "a.geojson".into(),
///     crs: Crs::LonLat,
///     points: vec![
///         coord! { x: 126.0, y: 37.0 },
///         coord! { x: 127.0, y: 38.0 },
///         coord! { x: 126.5, y: 37.2 },
///         coord! { x: 0.0, y: 0.0 }, // a failed geocode
///         coord! { x: 126.7, y: 37.9 },
///     ],
///     weights: vec![1.0; 5],
///     ids: (0..5).map(|i| i.to_string()).collect(),
///     features: (0..5).collect(),
///     number_lists: vec![],
///     format: None,
///     skipped: Default::default(),
///     defaulted_weights: 0,
/// };
/// assert_eq!(lonlat_center(&[&layer], &[]).unwrap(), Some(coord! { x: 126.5, y: 37.2 }));
/// ```
pub fn lonlat_center(
    points: &[&PointLayer],
    polygons: &[&PolygonLayer],
) -> Result<Option<Coord<f64>>, Error> {
    let mut coords = Vec::new();
    match points.first() {
        Some(layer) => {
            let vertices = layer.points.iter().copied().zip(layer.features.iter().copied());
            push_lonlat(&mut coords, &layer.path, layer.crs, vertices)?;
        }
        None => {
            for layer in polygons {
                push_lonlat(&mut coords, &layer.path, layer.crs, polygon_vertices(layer))?;
            }
        }
    }
    Ok(median(&coords))
}

/// Appends a layer's coordinates (with their feature indices) to `coords`,
/// converted to WGS 84 longitude/latitude; planar layers are skipped.
fn push_lonlat(
    coords: &mut Vec<Coord<f64>>,
    path: &Path,
    crs: Crs,
    vertices: impl Iterator<Item = (Coord<f64>, usize)>,
) -> Result<(), Error> {
    match crs {
        Crs::Planar => {}
        Crs::LonLat => coords.extend(vertices.map(|(c, _)| c)),
        Crs::Epsg(_) => {
            let context = path.display().to_string();
            let source = System::for_crs(crs, &context)?;
            for (c, index) in vertices {
                let lonlat = source.to_wgs84(c).map_err(|reason| Error::Transform {
                    path: path.to_path_buf(),
                    index,
                    x: c.x,
                    y: c.y,
                    from: crs,
                    to: "lonlat".to_string(),
                    reason,
                })?;
                coords.push(lonlat);
            }
        }
    }
    Ok(())
}

/// Every vertex of a polygon layer (exteriors and holes), with the index
/// of its feature.
fn polygon_vertices(layer: &PolygonLayer) -> impl Iterator<Item = (Coord<f64>, usize)> + '_ {
    layer
        .polygons
        .iter()
        .zip(&layer.features)
        .flat_map(|(multi, &index)| {
            multi
                .0
                .iter()
                .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
                .flat_map(|ring| ring.0.iter())
                .map(move |&c| (c, index))
        })
}

/// The component-wise median (the mean of the two middle values for an
/// even count); `None` for no coordinates.
fn median(coords: &[Coord<f64>]) -> Option<Coord<f64>> {
    if coords.is_empty() {
        return None;
    }
    let mut xs: Vec<f64> = coords.iter().map(|c| c.x).collect();
    let mut ys: Vec<f64> = coords.iter().map(|c| c.y).collect();
    Some(Coord {
        x: median_of(&mut xs),
        y: median_of(&mut ys),
    })
}

fn median_of(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    match (values.get(n / 2), n % 2) {
        (Some(&upper), 1) => upper,
        (Some(&upper), _) => values
            .get(n / 2 - 1)
            .map_or(upper, |&lower| (lower + upper) / 2.0),
        (None, _) => f64::NAN,
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

/// Rounds degrees to 9 decimal places (0.1 mm on the ground).
fn round_degrees(value: f64) -> f64 {
    let scaled = (value * 1e9).round();
    if scaled.is_finite() { scaled / 1e9 } else { value }
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
