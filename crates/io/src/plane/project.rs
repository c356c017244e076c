//! Bringing point and polygon layers into the plane.

use std::path::Path;

use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::{Kind, Plane};
use crate::system::System;
use crate::{Crs, Error, PointLayer, PolygonLayer};

impl Plane {
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
    ///     delimiter: None,
    ///     properties: Vec::new(),
    ///     sheet: None,
    ///     header_row: None,
    /// };
    /// let message = plane.project_points(&mut lights).unwrap_err().to_string();
    /// assert!(message.starts_with("feature 1 in lights.geojson lies 13,158 km"), "{message}");
    /// lights.points.pop();
    /// plane.project_points(&mut lights).unwrap();
    /// assert!((lights.points[0].x - 882.0).abs() < 1.0);
    /// assert_eq!(lights.crs, Crs::Planar);
    /// ```
    pub fn project_points(&self, layer: &mut PointLayer) -> Result<(), Error> {
        use rayon::prelude::*;

        let transform = self.layer_transform(&layer.path, layer.crs)?;
        let place = |(&point, &index): (&Coord<f64>, &usize)| {
            self.place(transform.as_ref(), &layer.path, point, index)
        };
        // In parallel; at a fault, again in order, so that the error is the
        // first point's that fails.
        let points = match layer
            .points
            .par_iter()
            .zip(&layer.features)
            .map(place)
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(points) => points,
            Err(_) => layer
                .points
                .iter()
                .zip(&layer.features)
                .map(place)
                .collect::<Result<Vec<_>, _>>()?,
        };
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
    ///     codes: vec![],
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

    /// How to bring a layer in `crs` into the plane; `None` when it is
    /// already there.
    pub(super) fn layer_transform<'p>(
        &'p self,
        path: &'p Path,
        crs: Crs,
    ) -> Result<Option<LayerTransform<'p>>, Error> {
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

/// The transformation of one layer into a plane.
pub(super) struct LayerTransform<'p> {
    source: System,
    target: &'p System,
    /// Whether the source is WGS 84 longitude/latitude already.
    is_lonlat: bool,
    path: &'p Path,
    crs: Crs,
    target_name: String,
}

impl LayerTransform<'_> {
    pub(super) fn apply(&self, point: Coord<f64>, index: usize) -> Result<Coord<f64>, Error> {
        self.source
            .convert_to(self.target, point)
            .map_err(|reason| self.error(point, index, reason, None))
    }

    /// The point in WGS 84 longitude/latitude degrees.
    pub(super) fn lonlat(&self, point: Coord<f64>, index: usize) -> Result<Coord<f64>, Error> {
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
