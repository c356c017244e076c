use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::line_intersection::{LineIntersection, line_intersection};
use geo::{BoundingRect, Contains, Relate};
use geo_types::{Coord, Line, LineString, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

type IndexedEdge = GeomWithData<Line<f64>, u32>;
type Envelope = AABB<geo_types::Point<f64>>;
type IndexedBox = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Which building footprints block a line of sight.
///
/// Every edge of every footprint (exterior rings and holes) goes into an
/// R*-tree. A sight line from `from` to `to` is blocked when it passes
/// through the interior of a building; the test is exact, with `geo`'s
/// robust predicates, not sampled:
///
/// - an edge the sight line crosses properly (each passes through the
///   other's interior) means the line enters that building: blocked;
/// - a line that only touches a building's outline (grazes a corner, runs
///   along a wall) is not blocked by that touch, but one that enters
///   through a corner and leaves through another is: when a line touches
///   a building without crossing an edge properly, the DE-9IM relation of
///   line and footprint decides (interiors meet: blocked).
///
/// **Own buildings.** A building that holds an end of the line strictly
/// inside its footprint does not block it: a camera inside a footprint is
/// taken to be mounted on that building's roof and to look out over it,
/// and a demand point geocoded to an address inside a footprint counts as
/// seen when the line reaches its building without crossing another one.
/// An end exactly on an outline (a camera on a wall) gets no exception: it
/// sees outwards, and its own wall hides what lies behind it.
///
/// All coordinates are planar metres.
///
/// # Examples
///
/// ```
/// use sightline_index::BuildingIndex;
/// use geo_types::{coord, polygon, MultiPolygon};
///
/// let block = MultiPolygon(vec![polygon![(x: 10.0, y: -5.0), (x: 20.0, y: -5.0), (x: 20.0, y: 5.0), (x: 10.0, y: 5.0)]]);
/// let buildings = BuildingIndex::new(vec![block]);
/// let camera = coord! { x: 0.0, y: 0.0 };
/// assert!(buildings.blocks(camera, coord! { x: 30.0, y: 0.0 })); // straight through
/// assert!(!buildings.blocks(camera, coord! { x: 30.0, y: 20.0 })); // passes above it
/// assert!(!buildings.blocks(camera, coord! { x: 10.0, y: 5.0 })); // reaches the near corner
/// assert!(buildings.blocks(camera, coord! { x: 20.0, y: 5.0 })); // the far corner: through the block
/// assert!(!buildings.blocks(camera, coord! { x: 15.0, y: 0.0 })); // the point is inside: its own building
/// // A camera on the west wall sees west, not through its building.
/// let on_wall = coord! { x: 10.0, y: 0.0 };
/// assert!(!buildings.blocks(on_wall, coord! { x: 0.0, y: 0.0 }));
/// assert!(buildings.blocks(on_wall, coord! { x: 30.0, y: 0.0 }));
/// ```
#[derive(Debug, Clone)]
pub struct BuildingIndex {
    footprints: Vec<MultiPolygon<f64>>,
    edges: RTree<IndexedEdge>,
    boxes: RTree<IndexedBox>,
}

impl BuildingIndex {
    /// Builds the index over building footprints, in their given order.
    ///
    /// # Panics
    ///
    /// If there are more than `u32::MAX` buildings.
    pub fn new(footprints: Vec<MultiPolygon<f64>>) -> Self {
        let mut edges = Vec::new();
        let mut boxes = Vec::new();
        for (i, footprint) in footprints.iter().enumerate() {
            let id = u32::try_from(i).expect("at most u32::MAX buildings");
            for polygon in &footprint.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    edges.extend(
                        ring.lines()
                            .filter(|line| line.start != line.end)
                            .map(|line| GeomWithData::new(line, id)),
                    );
                }
            }
            if let Some(rect) = footprint.bounding_rect() {
                let corners =
                    Rectangle::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
                boxes.push(GeomWithData::new(corners, id));
            }
        }
        Self {
            footprints,
            edges: RTree::bulk_load(edges),
            boxes: RTree::bulk_load(boxes),
        }
    }

    /// Number of buildings.
    pub fn len(&self) -> usize {
        self.footprints.len()
    }

    /// True when there are no buildings.
    pub fn is_empty(&self) -> bool {
        self.footprints.is_empty()
    }

    /// The footprints, in index order.
    pub fn footprints(&self) -> &[MultiPolygon<f64>] {
        &self.footprints
    }

    /// The buildings that hold `point` strictly inside their footprint
    /// (not on the outline), ascending: the buildings a sight line from or
    /// to `point` ignores.
    pub fn containing(&self, point: Coord<f64>) -> Vec<u32> {
        let probe = AABB::from_point([point.x, point.y]);
        let mut found: Vec<u32> = self
            .boxes
            .locate_in_envelope_intersecting(&probe)
            .map(|entry| entry.data)
            .filter(|&i| self.footprints[i as usize].contains(&point))
            .collect();
        found.sort_unstable();
        found
    }

    /// True when a building other than the ends' own blocks the sight line
    /// from `from` to `to` (see the type's documentation for the rule).
    pub fn blocks(&self, from: Coord<f64>, to: Coord<f64>) -> bool {
        let own = self.own_buildings(from, to);
        self.blocks_except(from, to, &own)
    }

    /// As [`blocks`](Self::blocks), with the buildings that hold `from`
    /// already known (ascending, as [`containing`](Self::containing) gives
    /// them): a camera's own buildings are looked up once for all its
    /// sight lines.
    pub fn blocks_from(&self, from: Coord<f64>, from_buildings: &[u32], to: Coord<f64>) -> bool {
        let mut own = self.containing(to);
        own.extend_from_slice(from_buildings);
        own.sort_unstable();
        own.dedup();
        self.blocks_except(from, to, &own)
    }

    /// How far along the segment from `from` to `to` (as a fraction in
    /// `[0, 1]`) the first building edge lies, ignoring the buildings
    /// `own` (ascending) and anything at `from` itself; 1 when nothing is
    /// hit. Used to draw what a camera sees (rays cast from it), not to
    /// decide coverage: a ray that only grazes a corner stops there.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_index::BuildingIndex;
    /// use geo_types::{coord, polygon, MultiPolygon};
    ///
    /// let block = MultiPolygon(vec![polygon![(x: 10.0, y: -5.0), (x: 20.0, y: -5.0), (x: 20.0, y: 5.0), (x: 10.0, y: 5.0)]]);
    /// let buildings = BuildingIndex::new(vec![block]);
    /// let reach = buildings.first_hit(coord! { x: 0.0, y: 0.0 }, &[], coord! { x: 40.0, y: 0.0 });
    /// assert_eq!(reach, 0.25);
    /// ```
    pub fn first_hit(&self, from: Coord<f64>, own: &[u32], to: Coord<f64>) -> f64 {
        if from == to {
            return 1.0;
        }
        let sight = Line::new(from, to);
        let envelope: Envelope = AABB::from_corners(
            geo_types::Point::new(from.x.min(to.x), from.y.min(to.y)),
            geo_types::Point::new(from.x.max(to.x), from.y.max(to.y)),
        );
        let length = (to.x - from.x).hypot(to.y - from.y);
        let along = |c: Coord<f64>| (c.x - from.x).hypot(c.y - from.y) / length;
        let mut nearest: f64 = 1.0;
        for edge in self.edges.locate_in_envelope_intersecting(&envelope) {
            if own.binary_search(&edge.data).is_ok() {
                continue;
            }
            let t = match line_intersection(sight, *edge.geom()) {
                None => continue,
                Some(LineIntersection::SinglePoint { intersection, .. }) => along(intersection),
                Some(LineIntersection::Collinear { intersection }) => {
                    along(intersection.start).min(along(intersection.end))
                }
            };
            if t > 0.0 {
                nearest = nearest.min(t);
            }
        }
        nearest
    }

    fn own_buildings(&self, from: Coord<f64>, to: Coord<f64>) -> Vec<u32> {
        let mut own = self.containing(from);
        own.extend(self.containing(to));
        own.sort_unstable();
        own.dedup();
        own
    }

    fn blocks_except(&self, from: Coord<f64>, to: Coord<f64>, own: &[u32]) -> bool {
        if from == to {
            return false;
        }
        let sight = Line::new(from, to);
        let envelope: Envelope = AABB::from_corners(
            geo_types::Point::new(from.x.min(to.x), from.y.min(to.y)),
            geo_types::Point::new(from.x.max(to.x), from.y.max(to.y)),
        );
        // Buildings the line touches without a proper crossing: decided
        // exactly afterwards.
        let mut touched: Vec<u32> = Vec::new();
        for edge in self.edges.locate_in_envelope_intersecting(&envelope) {
            if own.binary_search(&edge.data).is_ok() {
                continue;
            }
            match line_intersection(sight, *edge.geom()) {
                None => {}
                Some(LineIntersection::SinglePoint { is_proper: true, .. }) => return true,
                Some(_) => touched.push(edge.data),
            }
        }
        touched.sort_unstable();
        touched.dedup();
        touched
            .into_iter()
            .any(|b| interiors_meet(&sight, &self.footprints[b as usize]))
    }
}

/// Whether the sight line passes through the interior of `footprint`.
fn interiors_meet(sight: &Line<f64>, footprint: &MultiPolygon<f64>) -> bool {
    let line = LineString::from(vec![sight.start, sight.end]);
    line.relate(footprint).get(CoordPos::Inside, CoordPos::Inside) != Dimensions::Empty
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{coord, polygon};

    fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x0, y: y0),
            (x: x0 + side, y: y0),
            (x: x0 + side, y: y0 + side),
            (x: x0, y: y0 + side),
        ]])
    }

    #[test]
    fn corner_to_corner_through_the_interior_is_blocked() {
        // The line enters at one corner and leaves at the opposite one:
        // no edge is crossed properly, yet it runs through the building.
        let index = BuildingIndex::new(vec![square(10.0, 10.0, 10.0)]);
        assert!(index.blocks(coord! { x: 0.0, y: 0.0 }, coord! { x: 30.0, y: 30.0 }));
        // Along a wall: not blocked.
        assert!(!index.blocks(coord! { x: 0.0, y: 10.0 }, coord! { x: 30.0, y: 10.0 }));
    }

    #[test]
    fn courtyards_do_not_block() {
        let ring = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 30.0, y: 0.0), (x: 30.0, y: 30.0), (x: 0.0, y: 30.0)],
            interiors: [[(x: 10.0, y: 10.0), (x: 20.0, y: 10.0), (x: 20.0, y: 20.0), (x: 10.0, y: 20.0)]],
        );
        let index = BuildingIndex::new(vec![MultiPolygon(vec![ring])]);
        // Both ends in the courtyard: the open court is not the building.
        assert!(!index.blocks(coord! { x: 12.0, y: 12.0 }, coord! { x: 18.0, y: 18.0 }));
        // From the courtyard out through the building: blocked.
        assert!(index.blocks(coord! { x: 15.0, y: 15.0 }, coord! { x: 45.0, y: 15.0 }));
    }

    #[test]
    fn a_point_sees_itself() {
        let index = BuildingIndex::new(vec![square(0.0, 0.0, 10.0)]);
        let p = coord! { x: 20.0, y: 20.0 };
        assert!(!index.blocks(p, p));
    }
}
