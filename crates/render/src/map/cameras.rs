//! Cameras on the map: the outlines of what they reach, and the numbered
//! markers of the new ones.

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
    for camera in cameras {
        if let Some(reach) = camera.reach {
            let d = reach_path(frame, frame.x(camera.at.x), frame.y(camera.at.y), reach);
            body.empty("path", &[("d", &d)]);
        }
    }
    body.close("g");
}

/// The radius of a new-camera marker for a rank of this many digits.
pub(super) fn marker_radius(rank: usize) -> f64 {
    if rank >= 100 { 11.0 } else { 9.0 }
}

pub(super) fn new_camera_marker(body: &mut Svg, x: f64, y: f64, rank: usize, class: &str) {
    let rank_text = rank.to_string();
    let r = marker_radius(rank);
    let font = if rank >= 100 { 9.0 } else { 10.5 };
    body.open("g", &[("class", class), ("data-rank", &rank_text)]);
    let (cx, cy, rr) = (px(x), px(y), px(r));
    body.empty(
        "circle",
        &[
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
    body.close("g");
}

pub(super) fn draw_new_cameras(body: &mut Svg, frame: &Frame, cameras: &[Camera]) {
    if cameras.is_empty() {
        return;
    }
    body.open("g", &[("class", "new-cameras")]);
    // The highest rank first, so that rank 1 ends up on top.
    for (index, camera) in cameras.iter().enumerate().rev() {
        new_camera_marker(
            body,
            frame.x(camera.at.x),
            frame.y(camera.at.y),
            index + 1,
            "new-camera",
        );
    }
    body.close("g");
}
