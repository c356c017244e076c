use geo::{BoundingRect, Intersects};
use geo_types::{Coord, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

type IndexedBox = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Which district polygon holds a point.
///
/// A bounding-box R*-tree narrows the candidates; an exact test with `geo`
/// decides. A point on a boundary shared by two districts belongs to the
/// one with the lower index, so every point gets exactly one answer.
///
/// # Examples
///
/// ```
/// use sightline_index::DistrictIndex;
/// use geo_types::{coord, polygon, MultiPolygon};
///
/// let west = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)]]);
/// let east = MultiPolygon(vec![polygon![(x: 10.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 10.0), (x: 10.0, y: 10.0)]]);
/// let index = DistrictIndex::new(vec![west, east]);
/// assert_eq!(index.locate(coord! { x: 15.0, y: 5.0 }), Some(1));
/// assert_eq!(index.locate(coord! { x: 10.0, y: 5.0 }), Some(0)); // shared edge: lower index
/// assert_eq!(index.locate(coord! { x: 25.0, y: 5.0 }), None);
/// ```
#[derive(Debug, Clone)]
pub struct DistrictIndex {
    polygons: Vec<MultiPolygon<f64>>,
    boxes: RTree<IndexedBox>,
}

impl DistrictIndex {
    /// Builds the index over the district polygons, in their given order.
    ///
    /// # Panics
    ///
    /// If there are more than `u32::MAX` districts.
    pub fn new(polygons: Vec<MultiPolygon<f64>>) -> Self {
        let boxes = polygons
            .iter()
            .enumerate()
            .filter_map(|(i, polygon)| {
                let rect = polygon.bounding_rect()?;
                let id = u32::try_from(i).expect("at most u32::MAX districts");
                let corners =
                    Rectangle::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
                Some(GeomWithData::new(corners, id))
            })
            .collect();
        Self {
            polygons,
            boxes: RTree::bulk_load(boxes),
        }
    }

    /// Number of districts.
    pub fn len(&self) -> usize {
        self.polygons.len()
    }

    /// True when there are no districts.
    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty()
    }

    /// The district polygons, in index order.
    pub fn polygons(&self) -> &[MultiPolygon<f64>] {
        &self.polygons
    }

    /// The index of the district holding `point` (boundary included), or
    /// `None` when it lies in no district.
    pub fn locate(&self, point: Coord<f64>) -> Option<u32> {
        let probe = AABB::from_point([point.x, point.y]);
        self.boxes
            .locate_in_envelope_intersecting(&probe)
            .map(|entry| entry.data)
            .filter(|&i| self.polygons[i as usize].intersects(&point))
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{coord, polygon};

    #[test]
    fn holes_are_outside() {
        let ring = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 4.0, y: 4.0), (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0)]],
        );
        let index = DistrictIndex::new(vec![MultiPolygon(vec![ring])]);
        assert_eq!(index.locate(coord! { x: 5.0, y: 5.0 }), None);
        assert_eq!(index.locate(coord! { x: 2.0, y: 5.0 }), Some(0));
    }

    #[test]
    fn overlapping_boxes_are_resolved_exactly() {
        // Two triangles whose bounding boxes coincide.
        let lower = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0)];
        let upper = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let index = DistrictIndex::new(vec![MultiPolygon(vec![lower]), MultiPolygon(vec![upper])]);
        assert_eq!(index.locate(coord! { x: 8.0, y: 1.0 }), Some(0));
        assert_eq!(index.locate(coord! { x: 1.0, y: 8.0 }), Some(1));
        assert_eq!(index.locate(coord! { x: 5.0, y: 5.0 }), Some(0));
    }

    #[test]
    fn empty_district_list() {
        let index = DistrictIndex::new(vec![MultiPolygon(vec![])]);
        assert_eq!(index.len(), 1);
        assert_eq!(index.locate(coord! { x: 0.0, y: 0.0 }), None);
    }
}
