//! The centre of the study area: the component-wise median of the first
//! layer, robust to a few stray points.

use std::path::Path;

use geo_types::Coord;

use super::Plane;
use crate::system::System;
use crate::{Crs, Error, PointLayer, PolygonLayer};

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
///     delimiter: None,
///     properties: Vec::new(),
///     sheet: None,
///     header_row: None,
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
                push_lonlat(&mut coords, &layer.path, layer.crs, layer.vertices())?;
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

/// The median of `values` (reordered), as sorting them would give it:
/// a selection, not a sort, for layers of millions of points.
fn median_of(values: &mut [f64]) -> f64 {
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    let (lower, &mut upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return upper;
    }
    // The largest below the middle is the sorted order's previous value.
    lower
        .iter()
        .copied()
        .max_by(f64::total_cmp)
        .map_or(upper, |lower| (lower + upper) / 2.0)
}

impl Plane {
    /// The median of the first point layer (or of the polygon layers'
    /// vertices when there are no point layers) in plane coordinates;
    /// `None` when there are no coordinates.
    pub(super) fn median_in_plane(
        &self,
        points: &[&PointLayer],
        polygons: &[&PolygonLayer],
    ) -> Result<Option<Coord<f64>>, Error> {
        let mut coords = Vec::new();
        match points.first() {
            Some(layer) => {
                let transform = self.layer_transform(&layer.path, layer.crs)?;
                for (&point, &index) in layer.points.iter().zip(&layer.features) {
                    coords.push(match &transform {
                        Some(transform) => transform.apply(point, index)?,
                        None => point,
                    });
                }
            }
            None => {
                for layer in polygons {
                    let transform = self.layer_transform(&layer.path, layer.crs)?;
                    for (point, index) in layer.vertices() {
                        coords.push(match &transform {
                            Some(transform) => transform.apply(point, index)?,
                            None => point,
                        });
                    }
                }
            }
        }
        Ok(median(&coords))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_sorted_middle() {
        for values in [
            vec![3.0, 1.0, 2.0],
            vec![4.0, -1.0, 9.0, 2.0],
            vec![5.0, 5.0, 1.0, 7.0, 7.0, 0.5],
        ] {
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let n = sorted.len();
            let expected = if n % 2 == 1 {
                sorted[n / 2]
            } else {
                (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
            };
            assert_eq!(median_of(&mut values.clone()), expected, "{values:?}");
        }
        assert_eq!(median_of(&mut [4.0, -1.0, 9.0, 2.0]), 3.0);
        assert!(median_of(&mut []).is_nan());
    }
}
