//! District names: each at the most open spot of its district that is
//! free. The spots tried are the district's most open points (the points
//! farthest from its edge, a pole of inaccessibility first), a little
//! around each, at the full size and then a little smaller; failing all,
//! just outside the district. A name stays clear of other names and, when
//! it can, of the cameras' dots; districts that have least room are named
//! first. A name with no free spot is left off and counted.

use std::cell::OnceCell;

use geo_types::{Coord, MultiPolygon};

use super::occupied::{Box2, Occupied};
use super::{District, Frame};
use crate::svg::text_width;

/// Where a district's name went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PlacedName {
    /// The district's index.
    pub(crate) district: usize,
    /// The name's centre, px.
    pub(crate) x: f64,
    /// The name's baseline, px.
    pub(crate) y: f64,
    /// Its font size, px.
    pub(crate) size: f64,
}

/// The sizes a name may take, as fractions of the full size.
const SHRINK: [f64; 3] = [1.0, 0.86, 0.74];

/// How many of a district's most open points are tried.
const ANCHORS: usize = 24;

/// A polygon in px: its exterior, then its holes.
type Rings = Vec<Vec<Coord<f64>>>;

/// A district's polygons in px, dropping vertices within a pixel of the
/// previous one (the map cannot show them, and tests run faster).
fn to_px(frame: &Frame, shape: &MultiPolygon<f64>) -> Vec<Rings> {
    shape
        .0
        .iter()
        .map(|polygon| {
            std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .map(|ring| {
                    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
                    for c in &ring.0 {
                        let p = Coord {
                            x: frame.x(c.x),
                            y: frame.y(c.y),
                        };
                        if out.last().is_none_or(|q| (p.x - q.x).hypot(p.y - q.y) >= 1.0) {
                            out.push(p);
                        }
                    }
                    out
                })
                .filter(|ring| ring.len() >= 3)
                .collect::<Rings>()
        })
        .filter(|rings| !rings.is_empty())
        .collect()
}

/// The edges of a polygon, closing each ring.
fn edges(rings: &Rings) -> impl Iterator<Item = (Coord<f64>, Coord<f64>)> + '_ {
    rings.iter().flat_map(|ring| {
        ring.iter()
            .zip(ring.iter().cycle().skip(1))
            .map(|(&a, &b)| (a, b))
    })
}

/// True when `p` is inside the polygon (even-odd over its rings).
fn contains(rings: &Rings, p: Coord<f64>) -> bool {
    let mut inside = false;
    for (a, b) in edges(rings) {
        if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) {
            inside = !inside;
        }
    }
    inside
}

/// How far `p` is from the polygon's edge, px.
fn clearance(rings: &Rings, p: Coord<f64>) -> f64 {
    edges(rings)
        .map(|(a, b)| {
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let length_2 = dx * dx + dy * dy;
            let t = if length_2 > 0.0 {
                (((p.x - a.x) * dx + (p.y - a.y) * dy) / length_2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (p.x - a.x - t * dx).hypot(p.y - a.y - t * dy)
        })
        .fold(f64::INFINITY, f64::min)
}

/// The area inside a ring, px².
fn ring_area(ring: &[Coord<f64>]) -> f64 {
    let twice: f64 = ring
        .iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.x * b.y - b.x * a.y)
        .sum();
    twice.abs() / 2.0
}

/// The box of some polygons' exteriors.
fn bounds(polygons: &[Rings]) -> Box2 {
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for c in polygons.iter().flat_map(|rings| &rings[0]) {
        b = [b[0].min(c.x), b[1].min(c.y), b[2].max(c.x), b[3].max(c.y)];
    }
    b
}

/// The district's most open points on the map area: a grid of samples
/// inside it, the farthest from its edge (and the area's) first, spread
/// apart.
fn anchors(polygons: &[Rings], area: &Box2) -> Vec<Coord<f64>> {
    let mut samples: Vec<(Coord<f64>, f64)> = Vec::new();
    let mut spread: f64 = 0.0;
    for rings in polygons {
        let b = bounds(std::slice::from_ref(rings));
        let b = [
            b[0].max(area[0]),
            b[1].max(area[1]),
            b[2].min(area[2]),
            b[3].min(area[3]),
        ];
        if b[0] >= b[2] || b[1] >= b[3] {
            continue;
        }
        let step = ((b[2] - b[0]).max(b[3] - b[1]) / 24.0).max(1.0);
        spread = spread.max(2.5 * step);
        let (nx, ny) = (
            ((b[2] - b[0]) / step).ceil() as usize,
            ((b[3] - b[1]) / step).ceil() as usize,
        );
        for j in 0..ny {
            for i in 0..nx {
                let p = Coord {
                    x: b[0] + (i as f64 + 0.5) * step,
                    y: b[1] + (j as f64 + 0.5) * step,
                };
                if p.x > b[2] || p.y > b[3] || !contains(rings, p) {
                    continue;
                }
                let to_area = (p.x - area[0])
                    .min(area[2] - p.x)
                    .min(p.y - area[1])
                    .min(area[3] - p.y);
                samples.push((p, clearance(rings, p).min(to_area)));
            }
        }
    }
    // Stable: ties keep the grid order.
    samples.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut chosen: Vec<Coord<f64>> = Vec::new();
    for (p, _) in samples {
        if chosen.iter().all(|q| (p.x - q.x).hypot(p.y - q.y) >= spread) {
            chosen.push(p);
            if chosen.len() == ANCHORS {
                break;
            }
        }
    }
    chosen
}

/// The box of a name `half` px wide either side of `x`, on baseline `y`.
fn name_box(x: f64, y: f64, half: f64, size: f64) -> Box2 {
    [x - half, y - size * 0.85, x + half, y + size * 0.3]
}

/// The cost of a name just outside its district: more than any spot
/// inside.
pub(crate) const OUTSIDE: f64 = 100.0;

/// A district to name, ready for placing.
struct Wanted {
    /// The district's index.
    index: usize,
    /// Its polygons, px.
    polygons: Vec<Rings>,
    /// Its most open points, px.
    open: Vec<Coord<f64>>,
    /// Every spot for its name with its cost, cheapest first, once asked
    /// for.
    spots: OnceCell<Vec<(f64, PlacedName, Box2)>>,
}

/// The districts to name on a sheet, in the order they are placed (least
/// room first: a large district has spots to spare), and how to find a
/// spot for each.
pub(crate) struct NameSpots<'a> {
    districts: &'a [District],
    area: Box2,
    size: f64,
    /// How far around a camera its badge would like to stand, px.
    badge: f64,
    wanted: Vec<Wanted>,
}

impl<'a> NameSpots<'a> {
    /// The named districts with some part on the map area `area` (px),
    /// to be named at `size` px, leaving room for badges of radius
    /// `badge` around the cameras where possible.
    pub(crate) fn new(frame: &Frame, area: Box2, districts: &'a [District], size: f64, badge: f64) -> Self {
        let mut wanted: Vec<(f64, Wanted)> = districts
            .iter()
            .enumerate()
            .filter(|(_, district)| !district.name.trim().is_empty())
            .filter_map(|(index, district)| {
                let polygons = to_px(frame, &district.shape);
                let b = bounds(&polygons);
                let visible = b[0] < area[2] && b[2] > area[0] && b[1] < area[3] && b[3] > area[1];
                if polygons.is_empty() || !visible {
                    return None;
                }
                // The district's area over the name's.
                let room =
                    polygons.iter().map(area_of).sum::<f64>() / (text_width(&district.name, size) * size);
                let open = anchors(&polygons, &area);
                Some((
                    room,
                    Wanted {
                        index,
                        polygons,
                        open,
                        spots: OnceCell::new(),
                    },
                ))
            })
            .collect();
        wanted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.index.cmp(&b.1.index)));
        Self {
            districts,
            area,
            size,
            badge,
            wanted: wanted.into_iter().map(|(_, wanted)| wanted).collect(),
        }
    }

    /// How many districts are to be named.
    pub(crate) fn len(&self) -> usize {
        self.wanted.len()
    }

    /// The best free spot for the `k`th district's name: its cost, where
    /// it goes and its box; `None` when no spot in or next to the
    /// district is free of `placed`. Of the spots of least cost, the
    /// first tried. `dots` must be the same at every call: the spots
    /// and their costs (which do not depend on `placed`) are worked out
    /// at the first call for a district and kept, as names are placed
    /// again and again while badges make room.
    pub(crate) fn best(
        &self,
        k: usize,
        dots: &Occupied,
        placed: &Occupied,
    ) -> Option<(f64, PlacedName, Box2)> {
        let spots = self.wanted[k].spots.get_or_init(|| self.spots(k, dots));
        spots.iter().find(|(_, _, bx)| placed.is_free(bx)).copied()
    }

    /// Every spot on the area for the `k`th district's name with its
    /// cost, cheapest first (ties in the order they are tried).
    fn spots(&self, k: usize, dots: &Occupied) -> Vec<(f64, PlacedName, Box2)> {
        let Wanted {
            index,
            polygons,
            open,
            ..
        } = &self.wanted[k];
        let area = &self.area;
        let within = |b: &Box2| b[0] >= area[0] && b[1] >= area[1] && b[2] <= area[2] && b[3] <= area[3];
        let name = &self.districts[*index].name;
        let inside = |p: Coord<f64>| polygons.iter().any(|rings| contains(rings, p));
        let b = bounds(polygons);
        let (mid_x, mid_y) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        let mut found: Vec<(f64, PlacedName, Box2)> = Vec::new();
        for (level, shrink) in SHRINK.iter().enumerate() {
            let size = self.size * shrink;
            let half = text_width(name, size) / 2.0 + 2.0;
            // The baseline that centres the box on a point.
            let lift = size * 0.275;
            let around = [
                (0.0, 0.0),
                (0.0, -0.7 * size),
                (0.0, 0.7 * size),
                (-0.5 * half, 0.0),
                (0.5 * half, 0.0),
                (0.0, -1.4 * size),
                (0.0, 1.4 * size),
            ];
            let inner = open.iter().enumerate().flat_map(|(rank, p)| {
                around
                    .iter()
                    .enumerate()
                    .map(move |(k, (dx, dy))| (p.x + dx, p.y + dy, rank as f64 * 0.2 + k as f64 * 0.5))
            });
            // Just outside the district, when nothing inside is free.
            let (above, below) = (b[1] - 0.7 * size, b[3] + 0.7 * size);
            let outer = [
                (mid_x, above),
                (mid_x, below),
                (b[0] - half, mid_y),
                (b[2] + half, mid_y),
                (b[0], above),
                (b[2], above),
                (b[0], below),
                (b[2], below),
            ]
            .into_iter()
            .map(|(x, y)| (x, y, OUTSIDE));
            for (x, centre_y, order) in inner.chain(outer) {
                let y = centre_y + lift;
                let bx = name_box(x, y, half, size);
                if !within(&bx) {
                    continue;
                }
                let cost_so_far = level as f64 * 10.0 + order;
                let (mx, my) = ((bx[0] + bx[2]) / 2.0, (bx[1] + bx[3]) / 2.0);
                let outside = [bx[0], mx, bx[2]]
                    .into_iter()
                    .flat_map(|px| [bx[1], my, bx[3]].map(|py| Coord { x: px, y: py }))
                    .filter(|&p| !inside(p))
                    .count();
                // A name over a camera's dot leaves the camera no room
                // for its badge, nor for a leader line; one near it takes
                // the spot its badge would like best.
                let on_dots = if dots.boxes_free(&bx) { 0.0 } else { 150.0 };
                let badge = self.badge;
                let grown = [bx[0] - badge, bx[1] - badge, bx[2] + badge, bx[3] + badge];
                let near_dots = (dots.overlapping(&grown).count() as f64 * 6.0).min(24.0);
                let cost = cost_so_far + outside as f64 * 3.0 + on_dots + near_dots;
                let at = PlacedName {
                    district: *index,
                    x,
                    y,
                    size,
                };
                found.push((cost, at, bx));
            }
        }
        // Stable: of equal costs, the first tried comes first.
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found
    }
}

/// A polygon's area less its holes', px².
fn area_of(rings: &Rings) -> f64 {
    ring_area(&rings[0]) - rings[1..].iter().map(|hole| ring_area(hole)).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use geo_types::polygon;

    use super::*;

    #[test]
    fn open_points_lie_deep_inside() {
        // An L: the most open point is in the corner square's middle, not
        // at the bounding box's centre (outside the L).
        let l = MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 300.0, y: 0.0), (x: 300.0, y: 100.0),
            (x: 100.0, y: 100.0), (x: 100.0, y: 300.0), (x: 0.0, y: 300.0),
        ]]);
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 300.0, y: 300.0 });
        let polygons = to_px(&frame, &l);
        let area = [
            frame.left,
            frame.top,
            frame.left + frame.width(),
            frame.top + frame.height(),
        ];
        let open = anchors(&polygons, &area);
        assert_eq!(open.len(), ANCHORS);
        for p in &open {
            assert!(contains(&polygons[0], *p));
        }
        let first = open[0];
        let (x, y) = (
            (first.x - frame.left) / frame.scale,
            300.0 - (first.y - frame.top) / frame.scale,
        );
        assert!(x < 100.0 && y < 100.0, "({x}, {y})");
    }
}
