//! What already stands on the canvas: label boxes and leader lines,
//! bucketed on a coarse grid so that a look-up only checks its
//! neighbours (a city map holds thousands), with the intersection tests
//! the layout needs: box/box, segment/box and segment/segment.

use rustc_hash::FxHashMap;

use geo_types::Coord;

/// A box on the canvas, in px: `[left, top, right, bottom]`.
pub(crate) type Box2 = [f64; 4];

/// A straight line on the canvas, in px: from one end to the other.
pub(crate) type Segment = [Coord<f64>; 2];

/// True when two boxes share more than an edge.
pub(crate) fn overlaps(a: &Box2, b: &Box2) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// True when the segment passes through the inside of the box (touching
/// its edge does not count): Liang–Barsky clipping.
pub(crate) fn crosses_box(s: &Segment, b: &Box2) -> bool {
    let [p, q] = *s;
    // Most boxes asked about lie clear of the segment's own box.
    if p.x.max(q.x) <= b[0] || p.x.min(q.x) >= b[2] || p.y.max(q.y) <= b[1] || p.y.min(q.y) >= b[3] {
        return false;
    }
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (delta, lo, hi, at) in [(dx, b[0], b[2], p.x), (dy, b[1], b[3], p.y)] {
        if delta == 0.0 {
            if at <= lo || at >= hi {
                return false;
            }
            continue;
        }
        let (a, c) = ((lo - at) / delta, (hi - at) / delta);
        let (enter, leave) = if a < c { (a, c) } else { (c, a) };
        t0 = t0.max(enter);
        t1 = t1.min(leave);
        if t0 >= t1 {
            return false;
        }
    }
    // A graze of a corner is not a crossing.
    (t1 - t0) * dx.hypot(dy) > 1e-6
}

/// Twice the signed area of the triangle (a, b, c): which side of ab `c`
/// lies on.
fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// True when two segments cross or touch.
pub(crate) fn segments_cross(s: &Segment, t: &Segment) -> bool {
    let (d1, d2) = (orient(t[0], t[1], s[0]), orient(t[0], t[1], s[1]));
    let (d3, d4) = (orient(s[0], s[1], t[0]), orient(s[0], s[1], t[1]));
    if (d1 > 0.0 && d2 < 0.0 || d1 < 0.0 && d2 > 0.0) && (d3 > 0.0 && d4 < 0.0 || d3 < 0.0 && d4 > 0.0) {
        return true;
    }
    // Touching or collinear: an end lies on the other segment.
    let on = |a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: f64| {
        d == 0.0 && c.x >= a.x.min(b.x) && c.x <= a.x.max(b.x) && c.y >= a.y.min(b.y) && c.y <= a.y.max(b.y)
    };
    on(t[0], t[1], s[0], d1)
        || on(t[0], t[1], s[1], d2)
        || on(s[0], s[1], t[0], d3)
        || on(s[0], s[1], t[1], d4)
}

/// The box around a segment.
fn segment_box(s: &Segment) -> Box2 {
    [
        s[0].x.min(s[1].x),
        s[0].y.min(s[1].y),
        s[0].x.max(s[1].x),
        s[0].y.max(s[1].y),
    ]
}

/// One thing on the canvas, by its index in its list.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Box(usize),
    Segment(usize),
}

/// An item as a bucket lists it, with its box (a segment's, for a
/// segment): most tests end at the box, without looking the item up.
#[derive(Clone, Copy)]
struct Listed {
    item: Item,
    bounds: Box2,
}

/// True when `a` and `b` lie clear of each other as [`crosses_box`]
/// first asks (a segment's box against the box).
fn apart(a: &Box2, b: &Box2) -> bool {
    a[2] <= b[0] || a[0] >= b[2] || a[3] <= b[1] || a[1] >= b[3]
}

/// The placed boxes and leader lines.
pub(crate) struct Occupied {
    cell: f64,
    buckets: FxHashMap<(i64, i64), Vec<Listed>>,
    /// Every box placed, in order, removed ones too.
    boxes: Vec<Box2>,
    /// Every segment placed, in order, removed ones too.
    segments: Vec<Segment>,
    /// Per box: taken away again.
    removed_boxes: Vec<bool>,
}

impl Occupied {
    pub(crate) fn new() -> Self {
        Self {
            cell: 24.0,
            buckets: FxHashMap::default(),
            boxes: Vec::new(),
            segments: Vec::new(),
            removed_boxes: Vec::new(),
        }
    }

    fn cells(&self, b: &Box2) -> impl Iterator<Item = (i64, i64)> + use<> {
        let (x0, y0) = (
            (b[0] / self.cell).floor() as i64,
            (b[1] / self.cell).floor() as i64,
        );
        let (x1, y1) = (
            (b[2] / self.cell).floor() as i64,
            (b[3] / self.cell).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// The items listed in the cells `near` touches, an item spanning
    /// several cells once per cell: for tests that hold for all of them
    /// (no allocation: this runs for every spot of every badge).
    fn near_repeated<'a>(&'a self, near: &Box2) -> impl Iterator<Item = Listed> + 'a {
        self.cells(near)
            .filter_map(|key| self.buckets.get(&key))
            .flat_map(|list| list.iter().copied())
    }

    /// The items listed in the cells `near` touches, once each: an item
    /// is taken in the first cell (lowest column, then row) that both it
    /// and `near` touch, so that nothing is collected, sorted or
    /// allocated (the names and badges ask this of every spot they try).
    fn near<'a>(&'a self, near: &Box2) -> impl Iterator<Item = Item> + 'a {
        let (x0, y0) = self.cell_of(near[0], near[1]);
        self.cells(near).flat_map(move |key| {
            self.buckets
                .get(&key)
                .into_iter()
                .flat_map(|list| list.iter().copied())
                .filter(move |listed| {
                    let b = listed.bounds;
                    let (ix, iy) = self.cell_of(b[0], b[1]);
                    key == (ix.max(x0), iy.max(y0))
                })
                .map(|listed| listed.item)
        })
    }

    fn cell_of(&self, x: f64, y: f64) -> (i64, i64) {
        ((x / self.cell).floor() as i64, (y / self.cell).floor() as i64)
    }

    /// True when no box overlaps `b` and no segment crosses it.
    pub(crate) fn is_free(&self, b: &Box2) -> bool {
        self.near_repeated(b).all(|listed| match listed.item {
            Item::Box(_) => !overlaps(&listed.bounds, b),
            Item::Segment(i) => apart(&listed.bounds, b) || !crosses_box(&self.segments[i], b),
        })
    }

    /// True when no box overlaps `b` (segments aside).
    pub(crate) fn boxes_free(&self, b: &Box2) -> bool {
        self.near_repeated(b).all(|listed| match listed.item {
            Item::Box(_) => !overlaps(&listed.bounds, b),
            Item::Segment(_) => true,
        })
    }

    /// True when the segment crosses no box and no other segment.
    pub(crate) fn is_clear(&self, s: &Segment) -> bool {
        let own = segment_box(s);
        self.near_repeated(&own).all(|listed| match listed.item {
            Item::Box(_) => apart(&own, &listed.bounds) || !crosses_box(s, &listed.bounds),
            Item::Segment(i) => !segments_cross(s, &self.segments[i]),
        })
    }

    /// How many boxes the segment crosses.
    pub(crate) fn boxes_crossed(&self, s: &Segment) -> usize {
        self.near(&segment_box(s))
            .filter(|item| matches!(*item, Item::Box(i) if crosses_box(s, &self.boxes[i])))
            .count()
    }

    /// The boxes overlapping `b`.
    pub(crate) fn overlapping<'a>(&'a self, b: &'a Box2) -> impl Iterator<Item = Box2> + 'a {
        self.near(b).filter_map(move |item| match item {
            Item::Box(i) if overlaps(&self.boxes[i], b) => Some(self.boxes[i]),
            _ => None,
        })
    }

    /// Places a box; returns its number, for [`Occupied::remove`].
    pub(crate) fn add(&mut self, b: Box2) -> usize {
        let index = self.boxes.len();
        self.boxes.push(b);
        self.removed_boxes.push(false);
        let listed = Listed {
            item: Item::Box(index),
            bounds: b,
        };
        for key in self.cells(&b).collect::<Vec<_>>() {
            self.buckets.entry(key).or_default().push(listed);
        }
        index
    }

    /// Places a segment; returns its number, for
    /// [`Occupied::remove_segment`].
    pub(crate) fn add_segment(&mut self, s: Segment) -> usize {
        let index = self.segments.len();
        self.segments.push(s);
        let listed = Listed {
            item: Item::Segment(index),
            bounds: segment_box(&s),
        };
        for key in self.cells(&listed.bounds).collect::<Vec<_>>() {
            self.buckets.entry(key).or_default().push(listed);
        }
        index
    }

    /// Takes the box of this number away.
    pub(crate) fn remove(&mut self, index: usize) {
        self.removed_boxes[index] = true;
        self.unlist(&self.boxes[index].clone(), Item::Box(index));
    }

    /// Takes the segment of this number away.
    pub(crate) fn remove_segment(&mut self, index: usize) {
        self.unlist(&segment_box(&self.segments[index]), Item::Segment(index));
    }

    /// Takes `item` out of the buckets of `b`.
    fn unlist(&mut self, b: &Box2, item: Item) {
        for key in self.cells(b).collect::<Vec<_>>() {
            if let Some(list) = self.buckets.get_mut(&key) {
                list.retain(|other| other.item != item);
            }
        }
    }

    /// The boxes placed and not taken away, in order.
    pub(crate) fn boxes(&self) -> Vec<Box2> {
        self.boxes
            .iter()
            .zip(&self.removed_boxes)
            .filter(|(_, removed)| !**removed)
            .map(|(b, _)| *b)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(x0: f64, y0: f64, x1: f64, y1: f64) -> Segment {
        [Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }]
    }

    #[test]
    fn segments_and_boxes() {
        let b = [0.0, 0.0, 10.0, 10.0];
        assert!(crosses_box(&seg(-5.0, 5.0, 15.0, 5.0), &b));
        assert!(crosses_box(&seg(5.0, 5.0, 6.0, 6.0), &b), "inside");
        assert!(!crosses_box(&seg(-5.0, 10.0, 15.0, 10.0), &b), "along an edge");
        assert!(!crosses_box(&seg(-5.0, 5.0, -1.0, 5.0), &b));
        assert!(!crosses_box(&seg(-5.0, 5.0, 5.0, -5.0), &b), "through the corner");
        assert!(crosses_box(&seg(-5.0, 6.0, 6.0, -5.0), &b));
    }

    #[test]
    fn segments_crossing() {
        assert!(segments_cross(
            &seg(0.0, 0.0, 10.0, 10.0),
            &seg(0.0, 10.0, 10.0, 0.0)
        ));
        assert!(!segments_cross(
            &seg(0.0, 0.0, 10.0, 0.0),
            &seg(0.0, 1.0, 10.0, 1.0)
        ));
        assert!(
            segments_cross(&seg(0.0, 0.0, 10.0, 0.0), &seg(5.0, 0.0, 5.0, 5.0)),
            "touching"
        );
        assert!(
            segments_cross(&seg(0.0, 0.0, 10.0, 0.0), &seg(5.0, 0.0, 15.0, 0.0)),
            "collinear"
        );
        assert!(!segments_cross(
            &seg(0.0, 0.0, 10.0, 0.0),
            &seg(11.0, 0.0, 15.0, 0.0)
        ));
    }

    #[test]
    fn occupied_sees_segments() {
        let mut occupied = Occupied::new();
        occupied.add_segment(seg(0.0, 0.0, 100.0, 100.0));
        assert!(!occupied.is_free(&[40.0, 40.0, 60.0, 60.0]));
        assert!(occupied.boxes_free(&[40.0, 40.0, 60.0, 60.0]));
        assert!(!occupied.is_clear(&seg(0.0, 100.0, 100.0, 0.0)));
        occupied.add([200.0, 0.0, 210.0, 10.0]);
        assert!(!occupied.is_clear(&seg(190.0, 5.0, 220.0, 5.0)));
        assert_eq!(occupied.boxes_crossed(&seg(190.0, 5.0, 220.0, 5.0)), 1);
        assert!(occupied.is_clear(&seg(190.0, 20.0, 220.0, 20.0)));
        let index = occupied.add([300.0, 0.0, 310.0, 10.0]);
        assert!(!occupied.is_free(&[305.0, 5.0, 306.0, 6.0]));
        occupied.remove(index);
        assert!(occupied.is_free(&[305.0, 5.0, 306.0, 6.0]));
        assert_eq!(occupied.boxes(), [[200.0, 0.0, 210.0, 10.0]]);
    }
}
