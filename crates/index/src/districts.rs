use geo::{BoundingRect, Intersects};
use geo_types::{Coord, MultiPolygon, Rect};
use rayon::prelude::*;
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

    /// The district of each of `points`, as [`locate`](Self::locate)
    /// answers, in parallel. A raster over the districts answers the
    /// points of cells no district boundary crosses at once; only points
    /// of boundary cells are tested against the polygons.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_index::DistrictIndex;
    /// use geo_types::{coord, polygon, MultiPolygon};
    ///
    /// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)]]);
    /// let index = DistrictIndex::new(vec![square]);
    /// let points = [coord! { x: 5.0, y: 5.0 }, coord! { x: 10.0, y: 3.0 }, coord! { x: 11.0, y: 3.0 }];
    /// assert_eq!(index.locate_all(&points), vec![Some(0), Some(0), None]);
    /// ```
    pub fn locate_all(&self, points: &[Coord<f64>]) -> Vec<Option<u32>> {
        if self.is_empty() {
            return vec![None; points.len()];
        }
        let raster = Raster::new(self, points.len());
        points
            .par_iter()
            .map(|&p| match raster.as_ref().and_then(|r| r.cell(p)) {
                Some(Cell::Inside(district)) => district,
                _ => self.locate(p),
            })
            .collect()
    }
}

/// What a raster cell says of the points in it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    /// No boundary comes near: every point has this answer.
    Inside(Option<u32>),
    /// A boundary crosses the cell (or comes close): test each point.
    Boundary,
}

/// A grid over the districts' bounding box, each cell answered once.
struct Raster {
    origin: Coord<f64>,
    width: f64,
    columns: usize,
    rows: usize,
    cells: Vec<Cell>,
}

impl Raster {
    /// About one cell per 32 points, at most 256 a side; `None` when the
    /// districts have no finite extent.
    fn new(index: &DistrictIndex, points: usize) -> Option<Self> {
        let rects: Vec<Rect<f64>> = index.polygons.iter().filter_map(|p| p.bounding_rect()).collect();
        let min = rects.iter().fold(
            Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            |m, r| Coord {
                x: m.x.min(r.min().x),
                y: m.y.min(r.min().y),
            },
        );
        let max = rects.iter().fold(
            Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
            |m, r| Coord {
                x: m.x.max(r.max().x),
                y: m.y.max(r.max().y),
            },
        );
        let (span_x, span_y) = (max.x - min.x, max.y - min.y);
        let side = ((points as f64 / 32.0).sqrt().ceil() as usize).clamp(1, 256);
        let width = span_x.max(span_y) / side as f64;
        if !(width.is_finite() && width > 0.0) {
            return None;
        }
        let columns = ((span_x / width) as usize + 1).min(side + 1);
        let rows = ((span_y / width) as usize + 1).min(side + 1);
        let mut raster = Self {
            origin: min,
            width,
            columns,
            rows,
            cells: vec![Cell::Inside(None); columns * rows],
        };
        // Cells are widened by a margin when tested against edges, so a
        // point rounded into a cell still lies in its widened square.
        let margin = width * 1e-6;
        let mut boundary = vec![false; columns * rows];
        let edges = index
            .polygons
            .iter()
            .flat_map(|m| &m.0)
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| ring.lines());
        for edge in edges {
            let (c0, r0) = raster.clamped(Coord {
                x: edge.start.x.min(edge.end.x) - margin,
                y: edge.start.y.min(edge.end.y) - margin,
            });
            let (c1, r1) = raster.clamped(Coord {
                x: edge.start.x.max(edge.end.x) + margin,
                y: edge.start.y.max(edge.end.y) + margin,
            });
            for row in r0..=r1 {
                for column in c0..=c1 {
                    if !boundary[row * columns + column]
                        && raster.square(column, row, margin).intersects(&edge)
                    {
                        boundary[row * columns + column] = true;
                    }
                }
            }
        }
        raster.cells = boundary
            .par_iter()
            .enumerate()
            .map(|(k, &crossed)| {
                if crossed {
                    return Cell::Boundary;
                }
                let square = raster.square(k % columns, k / columns, 0.0);
                Cell::Inside(index.locate(square.center()))
            })
            .collect();
        Some(raster)
    }

    /// Cell (column, row) widened by `margin` on every side.
    fn square(&self, column: usize, row: usize, margin: f64) -> Rect<f64> {
        let x = self.origin.x + column as f64 * self.width;
        let y = self.origin.y + row as f64 * self.width;
        Rect::new(
            Coord {
                x: x - margin,
                y: y - margin,
            },
            Coord {
                x: x + self.width + margin,
                y: y + self.width + margin,
            },
        )
    }

    /// The cell holding `p`, clamped to the raster (`p` finite).
    fn clamped(&self, p: Coord<f64>) -> (usize, usize) {
        let column = ((p.x - self.origin.x) / self.width).floor();
        let row = ((p.y - self.origin.y) / self.width).floor();
        (
            column.clamp(0.0, (self.columns - 1) as f64) as usize,
            row.clamp(0.0, (self.rows - 1) as f64) as usize,
        )
    }

    /// What the cell holding `p` says, `None` outside the raster.
    fn cell(&self, p: Coord<f64>) -> Option<Cell> {
        let column = ((p.x - self.origin.x) / self.width).floor();
        let row = ((p.y - self.origin.y) / self.width).floor();
        let inside = column >= 0.0 && row >= 0.0 && column < self.columns as f64 && row < self.rows as f64;
        inside.then(|| self.cells[row as usize * self.columns + column as usize])
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
    fn the_raster_answers_as_the_polygons_do() {
        // Triangles, a hole, a shared edge, and points on edges and
        // corners as well as scattered ones.
        let ring = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)],
            interiors: [[(x: 40.0, y: 40.0), (x: 60.0, y: 40.0), (x: 60.0, y: 60.0), (x: 40.0, y: 60.0)]],
        );
        let lower = polygon![(x: 100.0, y: 0.0), (x: 230.0, y: 0.0), (x: 230.0, y: 70.0)];
        let upper = polygon![(x: 100.0, y: 0.0), (x: 230.0, y: 70.0), (x: 110.0, y: 100.0)];
        let hole = polygon![(x: 45.0, y: 45.0), (x: 55.0, y: 45.0), (x: 50.0, y: 57.0)];
        let index = DistrictIndex::new(
            [ring, lower, upper, hole]
                .into_iter()
                .map(|p| MultiPolygon(vec![p]))
                .collect(),
        );
        let mut points: Vec<Coord<f64>> = (0..20_000u32)
            .map(|i| {
                let t = f64::from(i);
                coord! { x: 115.0 + (t * 7.31).sin() * 125.0, y: 50.0 + (t * 3.17).cos() * 60.0 }
            })
            .collect();
        for k in 0..=230 {
            let t = f64::from(k);
            points.extend([
                coord! { x: t, y: 0.0 },
                coord! { x: t, y: 100.0 },
                coord! { x: 100.0, y: t / 2.3 },
                coord! { x: 100.0 + t * 130.0 / 230.0, y: t * 70.0 / 230.0 },
            ]);
        }
        points.push(coord! { x: f64::NAN, y: 1.0 });
        let expected: Vec<Option<u32>> = points.iter().map(|&p| index.locate(p)).collect();
        assert_eq!(index.locate_all(&points), expected);
        for district in 0..4 {
            assert!(expected.contains(&Some(district)));
        }
    }

    #[test]
    fn empty_district_list() {
        let index = DistrictIndex::new(vec![MultiPolygon(vec![])]);
        assert_eq!(index.len(), 1);
        assert_eq!(index.locate(coord! { x: 0.0, y: 0.0 }), None);
    }
}
