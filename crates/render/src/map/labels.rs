//! Where names and badges go: district names first (see
//! [`NameSpots`]), then one numbered badge per new camera in rank order,
//! each on its camera or, when that spot is taken, nearby with a leader
//! line (the nearest free spot on a spiral of rings whose line crosses no
//! name, badge or other line), or left off when no spot near it is free;
//! then the cameras' captions (site labels) where there is room. Nothing
//! placed overlaps anything placed before it or crosses a leader line, so
//! no badge hides a name or another badge.

use geo_types::Coord;

use super::names::{NameSpots, PlacedName};
use super::occupied::{Box2, Occupied, Segment, crosses_box, overlaps};
use super::{Camera, District, Frame};
use crate::svg::text_width;

/// Where everything went.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// District names placed, in district order.
    pub(crate) names: Vec<PlacedName>,
    /// Districts on the sheet whose name was left off (no free spot in
    /// or next to them).
    pub(crate) names_omitted: usize,
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
    /// The leader lines drawn: the camera's index and the line.
    pub(crate) leaders: Vec<(usize, Segment)>,
}

/// The leader line from a camera at `site` to the rim of its badge of
/// radius `r` centred at `badge` (px).
pub(crate) fn leader(site: Coord<f64>, badge: Coord<f64>, r: f64) -> Segment {
    let (dx, dy) = (badge.x - site.x, badge.y - site.y);
    let length = dx.hypot(dy);
    [
        site,
        Coord {
            x: badge.x - dx / length * r,
            y: badge.y - dy / length * r,
        },
    ]
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
/// When some badges find no spot, smaller badges (down to 5 px) are
/// tried, and kept if fewer are left off.
pub(crate) fn layout(
    frame: &Frame,
    area: Box2,
    districts: &[District],
    cameras: &[Camera],
    captions: bool,
) -> Layout {
    let at = |shrink: f64| layout_at(frame, area, districts, cameras, captions, shrink);
    let mut best = at(1.0);
    if best.omitted == 0 || best.radius <= 5.0 {
        return best;
    }
    // Both smaller sizes are tried side by side: the second is needed
    // unless the first places every badge. When the first is already at
    // 5 px, the second would be the same layout again.
    let (smaller, smallest) = if best.radius * 0.85 <= 5.0 {
        (at(0.85), None)
    } else {
        let (smaller, smallest) = rayon::join(|| at(0.85), || at(0.72));
        (smaller, Some(smallest))
    };
    for next in std::iter::once(smaller).chain(smallest) {
        if best.omitted == 0 || best.radius <= 5.0 {
            break;
        }
        if next.omitted < best.omitted {
            best = next;
        }
    }
    best
}

/// [`layout`] with badges `shrink` times their usual size (at least
/// 5 px).
fn layout_at(
    frame: &Frame,
    area: Box2,
    districts: &[District],
    cameras: &[Camera],
    captions: bool,
    shrink: f64,
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
    let radius = (badge_radius(on_sheet, (area[2] - area[0]) * (area[3] - area[1])) * shrink).max(5.0);
    let spiral = spiral(radius);
    let mut dots = Occupied::new();
    for c in sites.iter().flatten() {
        dots.add(dot_box(*c));
    }

    let name_size = if captions { 14.0 } else { 12.0 };
    let spots = NameSpots::new(frame, area, districts, name_size, radius);
    let mut sheet = Sheet {
        names: Vec::with_capacity(spots.len()),
        leaders: Vec::new(),
        placed: Occupied::new(),
        bare: Occupied::new(),
        spiral,
    };
    for k in 0..spots.len() {
        let spot = spots.best(k, &dots, &sheet.placed);
        let placed = spot.map(|spot| {
            let number = sheet.placed.add(spot.2);
            (spot, number)
        });
        sheet.names.push(placed);
    }

    let mut badges = vec![None; cameras.len()];
    let mut omitted = 0;
    for (index, site) in sites.iter().enumerate() {
        let Some(site) = *site else { continue };
        let free = badge_spots(
            site,
            radius,
            &sheet.spiral,
            &within,
            &dots,
            &sheet.placed,
            &|_, _| 0.0,
        );
        let spot = match free.first() {
            Some(&(_, c)) => {
                let _ = sheet.add_badge(index, site, c, radius);
                Some(c)
            }
            None => sheet.make_room(index, site, radius, &within, &dots, &spots),
        };
        match spot {
            Some(c) => badges[index] = Some(c),
            None => omitted += 1,
        }
    }
    let Sheet {
        names,
        leaders,
        mut placed,
        ..
    } = sheet;

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
                if within(&b) && placed.is_free(&b) && dots.boxes_free(&b) {
                    placed.add(b);
                    let x = if at_end { b[2] } else { b[0] };
                    caption_spots[index] = Some((x, baseline, at_end));
                    break;
                }
            }
        }
    }

    let names_omitted = names.iter().filter(|name| name.is_none()).count();
    let mut names: Vec<PlacedName> = names.into_iter().flatten().map(|((_, at, _), _)| at).collect();
    // In district order, so that the output does not depend on the
    // placing order beyond the spots.
    names.sort_by_key(|name| name.district);
    Layout {
        names,
        names_omitted,
        badges,
        radius,
        omitted,
        captions: caption_spots,
        caption_size,
        boxes: placed.boxes(),
        leaders,
    }
}

/// The radius of a camera's dot, px.
const DOT: f64 = 2.5;

/// The box of a camera's dot at `c`.
fn dot_box(c: Coord<f64>) -> Box2 {
    [c.x - DOT, c.y - DOT, c.x + DOT, c.y + DOT]
}

/// The box of a badge of radius `r` centred at `c`.
fn square(c: Coord<f64>, r: f64) -> Box2 {
    [c.x - r, c.y - r, c.x + r, c.y + r]
}

/// A district name's spot: its cost, where it is, its box.
type NameSpot = (f64, PlacedName, Box2);

/// What stands on the sheet while badges are placed.
struct Sheet {
    /// Per district to name, in placing order: its spot and the spot's
    /// number in `placed`, if it has one.
    names: Vec<Option<(NameSpot, usize)>>,
    /// The leader lines drawn: the camera's index and the line.
    leaders: Vec<(usize, Segment)>,
    /// The names, badges and leader lines placed.
    placed: Occupied,
    /// The badges and leader lines alone (names aside), kept as they
    /// are placed: [`Sheet::make_room`] looks for spots among them,
    /// and building them afresh for every crowded camera was quadratic.
    bare: Occupied,
    /// Where badges are tried around a camera ([`spiral`]).
    spiral: Vec<(Coord<f64>, f64)>,
}

/// The numbers of a badge's box and leader line in [`Sheet::placed`] and
/// in [`Sheet::bare`].
type BadgeNumbers = [(usize, Option<usize>); 2];

impl Sheet {
    /// Adds camera `index`'s badge at `c` (and its leader line when off
    /// the camera at `site`); returns the numbers of the box and the line
    /// in `placed`.
    fn add_badge(&mut self, index: usize, site: Coord<f64>, c: Coord<f64>, r: f64) -> BadgeNumbers {
        let line = (c != site).then(|| {
            let line = leader(site, c, r);
            self.leaders.push((index, line));
            (self.placed.add_segment(line), self.bare.add_segment(line))
        });
        [
            (self.placed.add(square(c, r)), line.map(|l| l.0)),
            (self.bare.add(square(c, r)), line.map(|l| l.1)),
        ]
    }

    /// Takes back the badge [`Sheet::add_badge`] added last.
    fn undo_badge(&mut self, [(number, line), (bare_number, bare_line)]: BadgeNumbers) {
        self.placed.remove(number);
        self.bare.remove(bare_number);
        if let (Some(line), Some(bare_line)) = (line, bare_line) {
            self.placed.remove_segment(line);
            self.bare.remove_segment(bare_line);
            self.leaders.pop();
        }
    }

    /// When no spot near a camera is free, moves the district names that
    /// stand in the way of its best spots elsewhere in their districts, if
    /// they all find a spot as good as before (or at least clear of the
    /// cameras and inside their districts); places the badge then.
    fn make_room(
        &mut self,
        index: usize,
        site: Coord<f64>,
        r: f64,
        within: &dyn Fn(&Box2) -> bool,
        dots: &Occupied,
        spots: &NameSpots<'_>,
    ) -> Option<Coord<f64>> {
        // The names near enough to matter.
        let reach = 12.0 * r;
        let near = [site.x - reach, site.y - reach, site.x + reach, site.y + reach];
        let nearby: Vec<(usize, Box2)> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(k, spot)| spot.as_ref().map(|((_, _, b), _)| (k, *b)))
            .filter(|(_, b)| overlaps(b, &near))
            .collect();
        if nearby.is_empty() {
            return None;
        }
        let in_the_way = |b: &Box2, line: Option<&Segment>| -> Vec<usize> {
            nearby
                .iter()
                .filter(|(_, name)| overlaps(name, b) || line.is_some_and(|line| crosses_box(line, name)))
                .map(|&(k, _)| k)
                .collect()
        };
        let spots_without_names = badge_spots(site, r, &self.spiral, within, dots, &self.bare, &|b, line| {
            in_the_way(b, line).len() as f64 * 4.0 * r
        });
        for &(_, c) in spots_without_names.iter().take(8) {
            let line = (c != site).then(|| leader(site, c, r));
            let moving = in_the_way(&square(c, r), line.as_ref());
            let mut taken = Vec::new();
            for &k in &moving {
                if let Some((spot, number)) = self.names[k].take() {
                    self.placed.remove(number);
                    taken.push((k, spot));
                }
            }
            let badge = self.add_badge(index, site, c, r);
            let mut moved = Vec::new();
            for &(k, (before, _, _)) in &taken {
                match spots.best(k, dots, &self.placed) {
                    Some(spot) if spot.0 <= before.max(59.0) => {
                        let number = self.placed.add(spot.2);
                        moved.push((k, number));
                        self.names[k] = Some((spot, number));
                    }
                    _ => break,
                }
            }
            if moved.len() == taken.len() {
                return Some(c);
            }
            // Put everything back as it was.
            for (k, number) in moved {
                self.placed.remove(number);
                self.names[k] = None;
            }
            self.undo_badge(badge);
            for (k, spot) in taken {
                let number = self.placed.add(spot.2);
                self.names[k] = Some((spot, number));
            }
        }
        None
    }
}

/// The free spots for the badge of radius `r` of a camera at `site`
/// (px), best first, with their cost: the distance from the camera, more
/// for a leader line over other cameras' dots, plus `penalty` of the
/// badge's box and its leader line (if any). A badge on its camera covers
/// no other camera's dot; one off it covers none, and its leader line
/// crosses nothing placed. Only spots as good as the best are kept, and
/// a few more.
fn badge_spots(
    site: Coord<f64>,
    r: f64,
    spiral: &[(Coord<f64>, f64)],
    within: &dyn Fn(&Box2) -> bool,
    dots: &Occupied,
    placed: &Occupied,
    penalty: &dyn Fn(&Box2, Option<&Segment>) -> f64,
) -> Vec<(f64, Coord<f64>)> {
    let own = dot_box(site);
    let mut found: Vec<(f64, Coord<f64>)> = Vec::new();
    for (c, distance) in candidates(site, spiral) {
        // Spots come nearest first, and costs are at least the distance.
        if found.iter().any(|&(cost, _)| cost <= distance) && found.len() >= 3 {
            break;
        }
        let b = square(c, r);
        if !within(&b) || !placed.is_free(&b) {
            continue;
        }
        let cost = if distance == 0.0 {
            // Other cameras' dots must stay visible.
            if !dots.overlapping(&b).all(|d| d == own) {
                continue;
            }
            penalty(&b, None)
        } else {
            let line = leader(site, c, r);
            if !dots.boxes_free(&b) || !placed.is_clear(&line) {
                continue;
            }
            // A line over other cameras' dots reads as theirs.
            let crossed = dots.boxes_crossed(&line).saturating_sub(1);
            distance + crossed as f64 * 2.0 * r + penalty(&b, Some(&line))
        };
        found.push((cost, c));
    }
    // Stable: ties keep the nearer, earlier spot.
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found
}

/// Where badge centres of radius `r` are tried around a camera, nearest
/// first, as offsets from the camera with their distance (px): on the
/// camera, then a spiral of rings ever further out, out to nine radii,
/// with spots about a radius apart along each ring (north-east first,
/// then clockwise). The same for every camera: worked out once per
/// radius.
fn spiral(r: f64) -> Vec<(Coord<f64>, f64)> {
    let rings = (0..12).map(move |k| (2.2 + 0.6 * f64::from(k)) * r);
    std::iter::once((Coord { x: 0.0, y: 0.0 }, 0.0))
        .chain(rings.enumerate().flat_map(move |(k, ring)| {
            // A multiple of eight spots; odd rings turn half a step, so
            // that spots of neighbouring rings interleave.
            let count = 8 * ((std::f64::consts::TAU * ring / (1.1 * r)) / 8.0).ceil() as usize;
            let step = 360.0 / count as f64;
            let turn = if k % 2 == 1 { step / 2.0 } else { 0.0 };
            (0..count).map(move |i| {
                let angle = (45.0 + turn + step * i as f64).to_radians();
                (
                    Coord {
                        x: ring * angle.sin(),
                        y: ring * angle.cos(),
                    },
                    ring,
                )
            })
        }))
        .collect()
}

/// Badge centres to try around a camera at `site`, nearest first, with
/// their distance from it (px): the `spiral` of offsets.
fn candidates(
    site: Coord<f64>,
    spiral: &[(Coord<f64>, f64)],
) -> impl Iterator<Item = (Coord<f64>, f64)> + '_ {
    spiral.iter().map(move |&(offset, distance)| {
        if distance == 0.0 {
            (site, 0.0)
        } else {
            (
                Coord {
                    x: site.x + offset.x,
                    y: site.y - offset.y,
                },
                distance,
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use geo_types::MultiPolygon;

    use super::super::occupied::{crosses_box, overlaps, segments_cross};
    use super::*;

    /// A seeded stream of numbers in [0, 1).
    fn stream(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn whole(frame: &Frame) -> Box2 {
        [
            frame.left,
            frame.top,
            frame.left + frame.width(),
            frame.top + frame.height(),
        ]
    }

    /// An `n` by `n` tiling of a square of `side` metres into irregular
    /// quadrilaterals (a jittered grid), named `name(k)`.
    fn tiles(n: usize, side: f64, name: impl Fn(usize) -> String) -> Vec<District> {
        let mut next = stream(11);
        let cell = side / n as f64;
        let corners: Vec<Vec<(f64, f64)>> = (0..=n)
            .map(|j| {
                (0..=n)
                    .map(|i| {
                        let jitter = |edge: bool, r: f64| if edge { 0.0 } else { (r - 0.5) * 0.5 * cell };
                        let (rx, ry) = (next(), next());
                        (
                            i as f64 * cell + jitter(i == 0 || i == n, rx),
                            j as f64 * cell + jitter(j == 0 || j == n, ry),
                        )
                    })
                    .collect()
            })
            .collect();
        (0..n * n)
            .map(|k| {
                let (i, j) = (k % n, k / n);
                let c = |a: usize, b: usize| Coord {
                    x: corners[b][a].0,
                    y: corners[b][a].1,
                };
                let ring = vec![c(i, j), c(i + 1, j), c(i + 1, j + 1), c(i, j + 1), c(i, j)];
                let shape = MultiPolygon(vec![geo_types::Polygon::new(ring.into(), vec![])]);
                District::new(name(k), shape)
            })
            .collect()
    }

    /// `count` cameras in clusters around the centres of a 4 by 4 grid
    /// over a square of `side` metres, so that many compete for spots.
    fn clustered(count: usize, side: f64, seed: u64) -> Vec<Camera> {
        let mut next = stream(seed);
        let cell = side / 4.0;
        (0..count)
            .map(|_| {
                let (cx, cy) = ((next() * 4.0).floor(), (next() * 4.0).floor());
                Camera::new(Coord {
                    x: cell * (cx + 0.5 + 0.3 * (next() - 0.5)),
                    y: cell * (cy + 0.5 + 0.3 * (next() - 0.5)),
                })
                .label("보안등 1234")
            })
            .collect()
    }

    /// No two placed boxes overlap, no leader line crosses a box (its own
    /// badge aside) or another leader line, and every camera and every
    /// named district is accounted for.
    fn assert_readable(layout: &Layout, districts: usize, cameras: usize) {
        for (i, a) in layout.boxes.iter().enumerate() {
            for b in &layout.boxes[..i] {
                assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
            }
        }
        for (k, (index, line)) in layout.leaders.iter().enumerate() {
            let own = layout.badges[*index].map(|c| {
                let r = layout.radius;
                [c.x - r, c.y - r, c.x + r, c.y + r]
            });
            for b in layout.boxes.iter().filter(|b| Some(**b) != own) {
                assert!(!crosses_box(line, b), "leader of {index} crosses {b:?}");
            }
            for (other, second) in &layout.leaders[..k] {
                assert!(
                    !segments_cross(line, second),
                    "leaders of {index} and {other} cross"
                );
            }
        }
        assert_eq!(layout.names.len() + layout.names_omitted, districts);
        let placed = layout.badges.iter().flatten().count();
        assert_eq!(placed + layout.omitted, cameras);
    }

    #[test]
    fn nothing_placed_overlaps_even_with_hundreds_of_cameras() {
        let districts = tiles(4, 4000.0, |k| format!("행정동 {k}"));
        let cameras = clustered(600, 4000.0, 7);
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 4000.0, y: 4000.0 });
        for captions in [false, true] {
            let layout = layout(&frame, whole(&frame), &districts, &cameras, captions);
            assert_readable(&layout, 16, 600);
            assert_eq!(layout.names.len(), 16, "every name has room");
            let placed = layout.badges.iter().flatten().count();
            assert!(placed > 150 && layout.omitted > 0, "{placed} placed");
            assert!(!layout.leaders.is_empty());
            assert!(layout.radius < 9.0, "badges shrink: {}", layout.radius);
            // The same input, the same layout.
            assert_eq!(
                layout,
                super::layout(&frame, whole(&frame), &districts, &cameras, captions)
            );
        }
    }

    #[test]
    fn every_small_district_is_named() {
        // 144 dong in a 12 by 12 jittered grid (about 58 px each), with
        // 200 cameras.
        let districts = tiles(12, 6000.0, |k| format!("성사{}동", k % 10));
        let cameras = clustered(200, 6000.0, 3);
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 6000.0, y: 6000.0 });
        let layout = layout(&frame, whole(&frame), &districts, &cameras, false);
        assert_readable(&layout, 144, 200);
        assert_eq!(layout.names_omitted, 0);
        let placed = layout.badges.iter().flatten().count();
        assert!(placed >= 150, "{placed} of 200 badges placed");
    }

    #[test]
    fn names_that_cannot_fit_are_counted() {
        // 400 districts of 35 px with names twice as wide: not all fit.
        let districts = tiles(20, 4000.0, |k| format!("행정동 일산{k}"));
        let cameras = clustered(150, 4000.0, 5);
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 4000.0, y: 4000.0 });
        let layout = layout(&frame, whole(&frame), &districts, &cameras, false);
        assert_readable(&layout, 400, 150);
        assert!(layout.names_omitted > 0);
        assert!(layout.names.len() > 100, "{} names placed", layout.names.len());
    }

    #[test]
    fn a_lone_camera_keeps_its_badge_on_it() {
        let frame = Frame::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1000.0, y: 1000.0 });
        let cameras = [Camera::new(Coord { x: 500.0, y: 500.0 })];
        let layout = layout(&frame, whole(&frame), &[], &cameras, false);
        let c = layout.badges[0].unwrap_or(Coord { x: 0.0, y: 0.0 });
        assert_eq!((c.x, c.y), (frame.x(500.0), frame.y(500.0)));
        assert_eq!((layout.radius, layout.omitted), (9.0, 0));
    }
}
