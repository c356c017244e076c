//! Polygon validity: why a district polygon is not valid by the OGC
//! Simple Features rules, checked with geo's `Validation` and confirmed
//! with exact predicates.

use geo::Validation;
use geo::algorithm::line_intersection::{LineIntersection, line_intersection};
use geo::algorithm::validation::{InvalidMultiPolygon, InvalidPolygon as GeoInvalidPolygon, RingRole};
use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo_types::{Coord, Line, LineString, MultiPolygon, Polygon};

use crate::PolygonLayer;

/// A polygon of a [`PolygonLayer`] that is not valid by the OGC Simple
/// Features rules (checked with geo's `Validation`).
///
/// # Examples
///
/// ```
/// use sightline_io::{read_polygons, PolygonOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("bowtie.geojson");
/// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "properties": {"name": "bow tie"},
///      "geometry": {"type": "Polygon",
///                   "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}}
/// ]}"#).unwrap();
/// let layer = read_polygons(&path, &PolygonOptions::new()).unwrap();
/// assert_eq!(layer.polygons.len(), 1);
/// assert_eq!(layer.invalid.len(), 1);
/// assert_eq!(layer.invalid[0].feature, 0);
/// assert_eq!(layer.invalid[0].name, "bow tie");
/// assert_eq!(layer.invalid[0].reason, "exterior ring has a self-intersection at (1.0, 1.0)");
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InvalidPolygon {
    /// The 0-based index of the feature.
    pub feature: usize,
    /// The district's name, as in [`PolygonLayer::names`].
    pub name: String,
    /// Why it is not valid (every reason found, separated by `; `).
    pub reason: String,
}

/// The polygons of a layer read so far that are not OGC-valid, in feature
/// order, with their feature and name: [`PolygonLayer::invalid`].
pub(super) fn invalid_polygons(layer: &PolygonLayer) -> Vec<InvalidPolygon> {
    layer
        .polygons
        .iter()
        .zip(&layer.names)
        .zip(&layer.features)
        .filter_map(|((multi, name), &feature)| {
            invalid_reason(multi).map(|reason| InvalidPolygon {
                feature,
                name: name.clone(),
                reason,
            })
        })
        .collect()
}

/// Why a multipolygon is not OGC-valid, or `None` when it is. A
/// one-member multipolygon is reported as a polygon.
///
/// geo reports a self-intersection when a segment passes within rounding
/// error of a vertex; such reports are checked again with exact
/// predicates, located, and dropped when the ring does not in fact meet
/// itself.
fn invalid_reason(multi: &MultiPolygon<f64>) -> Option<String> {
    let mut reasons: Vec<String> = match multi.0.as_slice() {
        [polygon] => polygon
            .validation_errors()
            .iter()
            .filter_map(|error| polygon_reason(polygon, error))
            .collect(),
        polygons => multi
            .validation_errors()
            .iter()
            .filter_map(|error| match error {
                InvalidMultiPolygon::InvalidPolygon(index, inner) => match polygons.get(index.0) {
                    Some(polygon) => {
                        polygon_reason(polygon, inner).map(|reason| format!("polygon {}: {reason}", index.0))
                    }
                    None => Some(error.to_string()),
                },
                other => Some(other.to_string()),
            })
            .collect(),
    };
    // A sliver: a ring whose points (nearly) lie on one line. geo does not
    // report it, but such a district holds nothing.
    for (index, polygon) in multi.0.iter().enumerate() {
        if is_sliver(polygon.exterior()) {
            let reason = "exterior ring has no area (its points lie on one line)";
            reasons.push(if multi.0.len() == 1 {
                reason.to_owned()
            } else {
                format!("polygon {index}: {reason}")
            });
        }
    }
    if reasons.is_empty() {
        None
    } else {
        Some(reasons.join("; "))
    }
}

/// True for a ring with extent whose points all lie on one line (to a
/// billionth of its length): it encloses nothing.
fn is_sliver(ring: &geo_types::LineString<f64>) -> bool {
    let Some(&first) = ring.0.first() else {
        return false;
    };
    let away = |p: &Coord<f64>| (p.x - first.x, p.y - first.y);
    let far = ring
        .0
        .iter()
        .map(away)
        .fold((0.0, 0.0), |best: (f64, f64), (x, y)| {
            if x * x + y * y > best.0 * best.0 + best.1 * best.1 {
                (x, y)
            } else {
                best
            }
        });
    let length2 = far.0 * far.0 + far.1 * far.1;
    length2 > 0.0
        && ring
            .0
            .iter()
            .map(away)
            .all(|(x, y)| (x * far.1 - y * far.0).abs() <= 1e-9 * length2)
}

/// geo's reason, with the place of a self-intersection; `None` for a
/// self-intersection that exact predicates do not confirm.
fn polygon_reason(polygon: &Polygon<f64>, error: &GeoInvalidPolygon) -> Option<String> {
    if let GeoInvalidPolygon::SelfIntersection(role) = error {
        let ring = match role {
            RingRole::Exterior => Some(polygon.exterior()),
            RingRole::Interior(i) => polygon.interiors().get(*i),
        };
        if let Some(ring) = ring {
            return self_intersection(ring).map(|at| format!("{error} at ({:?}, {:?})", at.x, at.y));
        }
    }
    Some(error.to_string())
}

/// The first place where a closed ring meets itself, by exact
/// predicates: two non-consecutive segments that cross or touch, or two
/// consecutive segments that fold back over each other (a spike).
/// Repeated points are skipped.
fn self_intersection(ring: &LineString<f64>) -> Option<Coord<f64>> {
    let segments: Vec<Line<f64>> = ring.lines().filter(|line| line.start != line.end).collect();
    let n = segments.len();
    for (i, &first) in segments.iter().enumerate() {
        for (j, &second) in segments.iter().enumerate().skip(i + 1) {
            let adjacent = j == i + 1 || (i == 0 && j + 1 == n);
            if adjacent {
                // Sharing a vertex is fine; folding back along it is not.
                let (shared, a, b) = if j == i + 1 {
                    (first.end, first.start, second.end)
                } else {
                    (first.start, first.end, second.start)
                };
                let collinear = RobustKernel::orient2d(a, shared, b) == Orientation::Collinear;
                if collinear && (on_segment(a, shared, b) || on_segment(shared, b, a)) {
                    return Some(shared);
                }
            } else if let Some(at) = segments_meet(first, second) {
                return Some(at);
            }
        }
    }
    None
}

/// Whether `c`, collinear with `a` and `b`, lies on the segment `a`–`b`.
fn on_segment(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    a.x.min(b.x) <= c.x && c.x <= a.x.max(b.x) && a.y.min(b.y) <= c.y && c.y <= a.y.max(b.y)
}

/// Where two segments meet, by exact orientation tests: a touching
/// endpoint, or the (rounded) crossing point.
fn segments_meet(p: Line<f64>, q: Line<f64>) -> Option<Coord<f64>> {
    let o1 = RobustKernel::orient2d(p.start, p.end, q.start);
    let o2 = RobustKernel::orient2d(p.start, p.end, q.end);
    let o3 = RobustKernel::orient2d(q.start, q.end, p.start);
    let o4 = RobustKernel::orient2d(q.start, q.end, p.end);
    let collinear = Orientation::Collinear;
    let touches = [
        (o1, p.start, p.end, q.start),
        (o2, p.start, p.end, q.end),
        (o3, q.start, q.end, p.start),
        (o4, q.start, q.end, p.end),
    ];
    for (orientation, a, b, c) in touches {
        if orientation == collinear && on_segment(a, b, c) {
            return Some(c);
        }
    }
    if o1 != o2 && o3 != o4 {
        return Some(match line_intersection(p, q) {
            Some(LineIntersection::SinglePoint { intersection, .. }) => intersection,
            Some(LineIntersection::Collinear { intersection }) => intersection.start,
            None => q.start,
        });
    }
    None
}
