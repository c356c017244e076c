//! Cameras on the map: the outlines of what they reach, and the numbered
//! markers of the new ones.

use geo_types::Coord;

use super::labels::{Layout, leader, rank_font};
use super::{Camera, Frame, NEW_FILL, Reach};
use crate::svg::{Svg, px};

/// SVG path data for a reach around a camera at (x, y) px.
fn reach_path(frame: &Frame, x: f64, y: f64, reach: Reach) -> String {
    let r = reach.radius_m() * frame.scale;
    match reach {
        Reach::Cone {
            heading_deg, fov_deg, ..
        } if fov_deg < 360.0 => {
            let point = |bearing_deg: f64| {
                let b = bearing_deg.to_radians();
                (x + r * b.sin(), y - r * b.cos())
            };
            let (x1, y1) = point(heading_deg - fov_deg / 2.0);
            let (x2, y2) = point(heading_deg + fov_deg / 2.0);
            let large = u8::from(fov_deg > 180.0);
            format!(
                "M{} {}L{} {}A{} {} 0 {large} 1 {} {}Z",
                px(x),
                px(y),
                px(x1),
                px(y1),
                px(r),
                px(r),
                px(x2),
                px(y2)
            )
        }
        _ => format!(
            "M{} {}a{} {} 0 1 0 {} 0a{} {} 0 1 0 -{} 0z",
            px(x - r),
            px(y),
            px(r),
            px(r),
            px(2.0 * r),
            px(r),
            px(r),
            px(2.0 * r)
        ),
    }
}

pub(super) fn draw_reaches(
    body: &mut Svg,
    frame: &Frame,
    cameras: &[Camera],
    class: &str,
    colour: &str,
    width: &str,
    clipped: bool,
) {
    if cameras.iter().all(|camera| camera.reach.is_none()) {
        return;
    }
    body.open(
        "g",
        &[
            ("class", class),
            ("fill", colour),
            ("fill-opacity", "0.08"),
            ("stroke", colour),
            ("stroke-opacity", "0.7"),
            ("stroke-width", width),
        ],
    );
    // On a district sheet, outlines wholly outside the frame would be cut
    // away: they are left out (a cone lies within its disc's box).
    let (min, max) = (frame.min, frame.max);
    let shown = |at: geo_types::Coord<f64>, r: f64| {
        !clipped || (at.x + r >= min.x && at.x - r <= max.x && at.y + r >= min.y && at.y - r <= max.y)
    };
    for camera in cameras {
        if let Some(reach) = camera.reach
            && shown(camera.at, reach.radius_m())
        {
            let d = reach_path(frame, frame.x(camera.at.x), frame.y(camera.at.y), reach);
            body.empty("path", &[("d", &d)]);
        }
    }
    body.close("g");
}

/// A numbered badge of radius `r` centred at (x, y).
pub(super) fn badge(body: &mut Svg, x: f64, y: f64, r: f64, rank: usize) {
    let rank_text = rank.to_string();
    let font = rank_font(r, rank);
    let (cx, cy, rr) = (px(x), px(y), px(r));
    body.empty(
        "circle",
        &[
            ("class", "badge"),
            ("cx", &cx),
            ("cy", &cy),
            ("r", &rr),
            ("fill", NEW_FILL),
            ("stroke", "#ffffff"),
            ("stroke-width", "1.5"),
        ],
    );
    body.label(
        x,
        y + font * 0.36,
        font,
        &[
            ("text-anchor", "middle"),
            ("font-weight", "bold"),
            ("fill", "#ffffff"),
        ],
        &rank_text,
    );
}

/// The legend's sample badge.
pub(super) fn new_camera_marker(body: &mut Svg, x: f64, y: f64, r: f64) {
    body.open("g", &[("class", "legend-new-camera"), ("data-rank", "1")]);
    badge(body, x, y, r, 1);
    body.close("g");
}

/// Draws each new camera on the sheet as the layout placed it: its badge
/// on it; or a dot on it, a leader line and the badge nearby; or the dot
/// alone when the badge was left off. Captions (labels) go beside their
/// badges.
pub(super) fn draw_new_cameras(body: &mut Svg, frame: &Frame, cameras: &[Camera], placed: &Layout) {
    if placed.badges.iter().all(Option::is_none) && placed.omitted == 0 {
        return;
    }
    let r = placed.radius;
    body.open("g", &[("class", "new-cameras")]);
    // The highest rank first, so that rank 1 ends up on top.
    for (index, camera) in cameras.iter().enumerate().rev() {
        let (x, y) = (frame.x(camera.at.x), frame.y(camera.at.y));
        let on_sheet = x >= frame.left
            && x <= frame.left + frame.width()
            && y >= frame.top
            && y <= frame.top + frame.height();
        if !on_sheet {
            continue;
        }
        let rank = index + 1;
        let rank_text = rank.to_string();
        let badge_at = placed.badges[index];
        let mut attributes = vec![("class", "new-camera"), ("data-rank", rank_text.as_str())];
        if badge_at.is_none() {
            attributes.push(("data-omitted", "true"));
        }
        body.open("g", &attributes);
        let centred = badge_at.is_some_and(|c| c.x == x && c.y == y);
        if !centred {
            let (cx, cy) = (px(x), px(y));
            body.empty(
                "circle",
                &[
                    ("class", "site-dot"),
                    ("cx", &cx),
                    ("cy", &cy),
                    ("r", "2.5"),
                    ("fill", NEW_FILL),
                ],
            );
        }
        if let Some(c) = badge_at {
            if !centred {
                let [_, end] = leader(Coord { x, y }, c, r);
                let (x1, y1, x2, y2) = (px(x), px(y), px(end.x), px(end.y));
                body.empty(
                    "line",
                    &[
                        ("class", "leader"),
                        ("x1", &x1),
                        ("y1", &y1),
                        ("x2", &x2),
                        ("y2", &y2),
                        ("stroke", NEW_FILL),
                        ("stroke-width", "1"),
                    ],
                );
            }
            badge(body, c.x, c.y, r, rank);
        }
        if let (Some((cx, cy, at_end)), Some(label)) = (placed.captions[index], camera.label.as_deref()) {
            let anchor = if at_end { "end" } else { "start" };
            body.label(
                cx,
                cy,
                placed.caption_size,
                &[
                    ("class", "caption"),
                    ("text-anchor", anchor),
                    ("fill", "#1d1d1d"),
                    ("stroke", "#ffffff"),
                    ("stroke-width", "3"),
                    ("paint-order", "stroke"),
                ],
                label,
            );
        }
        body.close("g");
    }
    body.close("g");
}
