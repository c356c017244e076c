//! Districts on the map: their outlines as path data, and their names
//! placed clear of each other and of the new cameras.

use geo::{Area, InteriorPoint};
use geo_types::{Coord, LineString, MultiPolygon};

use super::cameras::marker_radius;
use super::{Camera, District, Frame};
use crate::svg::{Svg, px, text_width};

/// SVG path data for a multipolygon, skipping vertices that fall on the
/// previous one at 0.1 px.
pub(super) fn multipolygon_path(frame: &Frame, shape: &MultiPolygon<f64>) -> String {
    let mut d = String::new();
    let mut ring = |line: &LineString<f64>| {
        let mut last = String::new();
        let mut count = 0;
        for (i, c) in line.0.iter().enumerate() {
            let point = format!("{} {}", px(frame.x(c.x)), px(frame.y(c.y)));
            if point == last {
                continue;
            }
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&point);
            last = point;
            count += 1;
        }
        if count > 0 {
            d.push('Z');
        }
    };
    for polygon in &shape.0 {
        ring(polygon.exterior());
        for interior in polygon.interiors() {
            ring(interior);
        }
    }
    d
}

/// Names districts at an interior point of their largest polygon, moved
/// up or down a line to stay clear of other names and of new-camera
/// markers; a name that cannot be placed clear of other names is left out.
pub(super) fn draw_district_names(
    body: &mut Svg,
    frame: &Frame,
    districts: &[District],
    new_cameras: &[Camera],
) {
    let size = 12.0;
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
    let markers: Vec<[f64; 4]> = new_cameras
        .iter()
        .enumerate()
        .map(|(index, camera)| {
            let (x, y, r) = (
                frame.x(camera.at.x),
                frame.y(camera.at.y),
                marker_radius(index + 1),
            );
            [x - r, y - r, x + r, y + r]
        })
        .collect();
    let clear = |b: &[f64; 4], others: &[[f64; 4]]| {
        others
            .iter()
            .all(|o| b[2] < o[0] || o[2] < b[0] || b[3] < o[1] || o[3] < b[1])
    };
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut names: Vec<(usize, f64, f64)> = Vec::new();
    for (index, _, at) in order {
        let (x, y) = (frame.x(at.x), frame.y(at.y));
        let half = text_width(&districts[index].name, size) / 2.0 + 2.0;
        let candidates: Vec<(f64, [f64; 4])> = [0.0, 1.4, -1.4, 2.8, -2.8]
            .into_iter()
            .map(|shift| {
                let y = y + shift * size;
                (y, [x - half, y - size * 0.85, x + half, y + size * 0.3])
            })
            .collect();
        let spot = candidates
            .iter()
            .find(|(_, b)| clear(b, &placed) && clear(b, &markers))
            .or_else(|| candidates.iter().find(|(_, b)| clear(b, &placed)))
            .copied();
        if let Some((y, box_)) = spot {
            placed.push(box_);
            names.push((index, x, y));
        }
    }
    if names.is_empty() {
        return;
    }
    // Drawn in input order, so that the output does not depend on sorting
    // details beyond the placement.
    names.sort_by_key(|name| name.0);
    body.open(
        "g",
        &[
            ("class", "district-names"),
            ("text-anchor", "middle"),
            ("fill", "#2b2b2b"),
            ("stroke", "#ffffff"),
            ("stroke-width", "3"),
            ("stroke-linejoin", "round"),
            ("paint-order", "stroke"),
        ],
    );
    for (index, x, y) in names {
        body.label(x, y, size, &[("class", "district-name")], &districts[index].name);
    }
    body.close("g");
}
