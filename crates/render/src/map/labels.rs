//! Where names and badges go: district names first (larger districts
//! first), then one numbered badge per new camera in rank order, each on
//! its camera or, when that spot is taken, nearby with a leader line, or
//! left off when no spot near it is free; then the cameras' captions
//! (site labels) where there is room. Nothing placed overlaps anything
//! placed before it, so no badge hides a name or another badge.

use geo::{Area, InteriorPoint};
use geo_types::Coord;

use super::{Camera, District, Frame};
use crate::svg::text_width;

/// A box on the canvas, in px: `[left, top, right, bottom]`.
pub(crate) type Box2 = [f64; 4];

/// True when two boxes share more than an edge.
pub(crate) fn overlaps(a: &Box2, b: &Box2) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The placed boxes, bucketed on a coarse grid so that a look-up only
/// checks its neighbours: a city map holds thousands.
struct Occupied {
    cell: f64,
    buckets: std::collections::HashMap<(i64, i64), Vec<usize>>,
    boxes: Vec<Box2>,
}

impl Occupied {
    fn new() -> Self {
        Self {
            cell: 48.0,
            buckets: std::collections::HashMap::new(),
            boxes: Vec::new(),
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

    fn is_free(&self, b: &Box2) -> bool {
        self.cells(b).all(|key| {
            self.buckets
                .get(&key)
                .is_none_or(|list| list.iter().all(|&i| !overlaps(&self.boxes[i], b)))
        })
    }

    fn add(&mut self, b: Box2) {
        let index = self.boxes.len();
        self.boxes.push(b);
        for key in self.cells(&b).collect::<Vec<_>>() {
            self.buckets.entry(key).or_default().push(index);
        }
    }
}

/// Where everything went.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// District names placed: (district index, x, baseline y), in
    /// district order.
    pub(crate) names: Vec<(usize, f64, f64)>,
    /// The size of district names, px.
    pub(crate) name_size: f64,
    /// Per new camera in rank order: its badge's centre, or `None` when
    /// the camera is off the sheet or its badge was left off.
    pub(crate) badges: Vec<Option<Coord<f64>>>,
    /// The badges' radius, px.
    pub(crate) radius: f64,
    /// Cameras on the sheet whose badge was left off.
    pub(crate) omitted: usize,
    /// Per new camera: where its caption starts (x, baseline y, anchored
    /// at the start or, when `true`, the end), if it was placed.
    pub(crate) captions: Vec<Option<(f64, f64, bool)>>,
    /// The size of captions, px.
    pub(crate) caption_size: f64,
    /// Every placed box (names, badges, captions), for checks.
    pub(crate) boxes: Vec<Box2>,
}

/// The badge radius for `n` cameras over a map of `area_px2` square
/// pixels: 9 px (11 for three-digit ranks) while there is room, shrinking
/// to 5 px as the cameras crowd the sheet.
pub(crate) fn badge_radius(n: usize, area_px2: f64) -> f64 {
    let digits_wide = if n >= 100 { 11.0 } else { 9.0 };
    if n == 0 {
        return digits_wide;
    }
    ((area_px2 / n as f64).sqrt() * 0.12).clamp(5.0, digits_wide)
}

/// The font size of a rank inside a badge of radius `r`.
pub(crate) fn rank_font(r: f64, rank: usize) -> f64 {
    if rank >= 100 { r * 0.82 } else { r * 1.17 }
}

/// Places district names, new-camera badges and (with `captions`) the
/// cameras' labels on the map area `area` (px), clear of each other.
pub(crate) fn layout(
    frame: &Frame,
    area: Box2,
    districts: &[District],
    cameras: &[Camera],
    captions: bool,
) -> Layout {
    let inside = |x: f64, y: f64| x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3];
    let within = |b: &Box2| b[0] >= area[0] && b[1] >= area[1] && b[2] <= area[2] && b[3] <= area[3];
    let sites: Vec<Option<Coord<f64>>> = cameras
        .iter()
        .map(|camera| {
            let (x, y) = (frame.x(camera.at.x), frame.y(camera.at.y));
            inside(x, y).then_some(Coord { x, y })
        })
        .collect();
    let on_sheet = sites.iter().flatten().count();
    let radius = badge_radius(on_sheet, (area[2] - area[0]) * (area[3] - area[1]));
    let dot = 2.5;
    let dots: Vec<Box2> = sites
        .iter()
        .flatten()
        .map(|c| [c.x - dot, c.y - dot, c.x + dot, c.y + dot])
        .collect();

    let mut placed = Occupied::new();
    let name_size = if captions { 14.0 } else { 12.0 };
    let names = place_names(frame, districts, name_size, &dots, &within, &mut placed);

    let mut badges = vec![None; cameras.len()];
    let mut omitted = 0;
    let mut dot_boxes = Occupied::new();
    for b in &dots {
        dot_boxes.add(*b);
    }
    for (index, site) in sites.iter().enumerate() {
        let Some(site) = *site else { continue };
        let own = [site.x - dot, site.y - dot, site.x + dot, site.y + dot];
        // Other cameras' dots must stay visible; a badge centred on its
        // own camera covers only its own dot.
        let clear_of_dots = |b: &Box2, centred: bool| {
            dot_boxes.is_free(b) || centred && dot_boxes_overlapping(&dot_boxes, b).all(|d| d == own)
        };
        let spot = candidates(site, radius).find(|&(c, centred)| {
            let b = [c.x - radius, c.y - radius, c.x + radius, c.y + radius];
            within(&b) && placed.is_free(&b) && clear_of_dots(&b, centred)
        });
        match spot {
            Some((c, _)) => {
                placed.add([c.x - radius, c.y - radius, c.x + radius, c.y + radius]);
                badges[index] = Some(c);
            }
            None => omitted += 1,
        }
    }

    let caption_size = 11.0;
    let mut caption_spots = vec![None; cameras.len()];
    if captions {
        for (index, camera) in cameras.iter().enumerate() {
            let (Some(label), Some(c)) = (camera.label.as_deref(), badges[index]) else {
                continue;
            };
            if label.trim().is_empty() {
                continue;
            }
            let width = text_width(label, caption_size);
            let baseline = c.y + caption_size * 0.36;
            let (top, bottom) = (baseline - caption_size * 0.85, baseline + caption_size * 0.3);
            let right = [c.x + radius + 3.0, top, c.x + radius + 3.0 + width, bottom];
            let left = [c.x - radius - 3.0 - width, top, c.x - radius - 3.0, bottom];
            for (b, at_end) in [(right, false), (left, true)] {
                if within(&b) && placed.is_free(&b) && dot_boxes.is_free(&b) {
                    placed.add(b);
                    let x = if at_end { b[2] } else { b[0] };
                    caption_spots[index] = Some((x, baseline, at_end));
                    break;
                }
            }
        }
    }

    Layout {
        names,
        name_size,
        badges,
        radius,
        omitted,
        captions: caption_spots,
        caption_size,
        boxes: placed.boxes,
    }
}

/// The dots a box overlaps.
fn dot_boxes_overlapping<'a>(dots: &'a Occupied, b: &'a Box2) -> impl Iterator<Item = Box2> + 'a {
    dots.boxes.iter().copied().filter(move |d| overlaps(d, b))
}

/// Badge centres to try, nearest first: on the camera, then rings of
/// eight spots ever further out (a leader line joins them). The flag
/// says the spot is the camera's own.
fn candidates(site: Coord<f64>, r: f64) -> impl Iterator<Item = (Coord<f64>, bool)> {
    let rings = [2.4, 3.6, 5.0, 6.6];
    std::iter::once((site, true)).chain(rings.into_iter().flat_map(move |ring| {
        (0..8).map(move |k| {
            // North-east first, then clockwise.
            let angle = (45.0 + 45.0 * f64::from(k)).to_radians();
            (
                Coord {
                    x: site.x + ring * r * angle.sin(),
                    y: site.y - ring * r * angle.cos(),
                },
                false,
            )
        })
    }))
}

/// Names districts at an interior point of their largest polygon, moved
/// a little to stay clear of other names and of the cameras' dots; a name
/// that cannot be placed clear of other names is left out (it stays the
/// district's tooltip).
fn place_names(
    frame: &Frame,
    districts: &[District],
    size: f64,
    dots: &[Box2],
    within: &dyn Fn(&Box2) -> bool,
    placed: &mut Occupied,
) -> Vec<(usize, f64, f64)> {
    // Larger districts are named first; ties keep the input order.
    let mut order: Vec<(usize, f64, Coord<f64>)> = districts
        .iter()
        .enumerate()
        .filter(|(_, district)| !district.name.trim().is_empty())
        .filter_map(|(index, district)| {
            let largest = district
                .shape
                .0
                .iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
            let at = largest.interior_point()?;
            Some((index, district.shape.unsigned_area(), at.0))
        })
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let clear_of_dots = |b: &Box2| dots.iter().all(|d| !overlaps(d, b));
    let mut names = Vec::new();
    for (index, _, at) in order {
        let (x, y) = (frame.x(at.x), frame.y(at.y));
        let half = text_width(&districts[index].name, size) / 2.0 + 2.0;
        let spots: Vec<(f64, f64, Box2)> = [
            (0.0, 0.0),
            (0.0, 1.4),
            (0.0, -1.4),
            (0.0, 2.8),
            (0.0, -2.8),
            (1.0, 0.0),
            (-1.0, 0.0),
        ]
        .into_iter()
        .map(|(dx, dy)| {
            let (x, y) = (x + dx * half, y + dy * size);
            (x, y, [x - half, y - size * 0.85, x + half, y + size * 0.3])
        })
        .filter(|(_, _, b)| within(b))
        .collect();
        let spot = spots
            .iter()
            .find(|(_, _, b)| placed.is_free(b) && clear_of_dots(b))
            .or_else(|| spots.iter().find(|(_, _, b)| placed.is_free(b)));
        if let Some(&(x, y, b)) = spot {
            placed.add(b);
            names.push((index, x, y));
        }
    }
    // In input order, so that the output does not depend on sorting
    // details beyond the placement.
    names.sort_by_key(|name| name.0);
    names
}

#[cfg(test)]
mod tests {
    use geo_types::{MultiPolygon, polygon};

    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x0, y: y0),
            (x: x0 + side, y: y0),
            (x: x0 + side, y: y0 + side),
            (x: x0, y: y0 + side),
        ]])
    }

    #[test]
    fn nothing_placed_overlaps_even_with_hundreds_of_cameras() {
        let districts: Vec<District> = (0..16)
            .map(|k| {
                District::new(
                    format!("행정동 {k}"),
                    square(1000.0 * (k % 4) as f64, 1000.0 * (k / 4) as f64, 1000.0),
                )
            })
            .collect();
        // 600 cameras, clustered so that many compete for the same spots.
        let mut state: u64 = 7;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let cameras: Vec<Camera> = (0..600)
            .map(|_| {
                let (cx, cy) = ((next() * 4.0).floor(), (next() * 4.0).floor());
                Camera::new(Coord {
                    x: 1000.0 * cx + 500.0 + 300.0 * (next() - 0.5),
                    y: 1000.0 * cy + 500.0 + 300.0 * (next() - 0.5),
                })
                .label("보안등 1234")
            })
            .collect();
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 4000.0, y: 4000.0 });
        let area = [
            frame.left,
            frame.top,
            frame.left + frame.width(),
            frame.top + frame.height(),
        ];
        for captions in [false, true] {
            let layout = layout(&frame, area, &districts, &cameras, captions);
            for (i, a) in layout.boxes.iter().enumerate() {
                for b in &layout.boxes[..i] {
                    assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
                }
            }
            assert_eq!(layout.names.len(), 16, "every name has room");
            let placed = layout.badges.iter().flatten().count();
            assert_eq!(placed + layout.omitted, 600);
            assert!(placed > 100 && layout.omitted > 0, "{placed} placed");
            assert!(layout.radius < 9.0, "badges shrink: {}", layout.radius);
        }
    }

    #[test]
    fn a_lone_camera_keeps_its_badge_on_it() {
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1000.0, y: 1000.0 });
        let area = [
            frame.left,
            frame.top,
            frame.left + frame.width(),
            frame.top + frame.height(),
        ];
        let cameras = [Camera::new(Coord { x: 500.0, y: 500.0 })];
        let layout = layout(&frame, area, &[], &cameras, false);
        let c = layout.badges[0].unwrap_or(Coord { x: 0.0, y: 0.0 });
        assert_eq!((c.x, c.y), (frame.x(500.0), frame.y(500.0)));
        assert_eq!((layout.radius, layout.omitted), (9.0, 0));
    }
}
