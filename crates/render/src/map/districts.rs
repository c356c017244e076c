//! Districts on the map: their outlines as path data, and their names
//! where the layout placed them.

use geo_types::{LineString, MultiPolygon};

use super::labels::Layout;
use super::{District, Frame};
use crate::svg::{Svg, px};

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

/// Draws the district names where [`layout`](super::labels::layout) put
/// them.
pub(super) fn draw_district_names(body: &mut Svg, districts: &[District], placed: &Layout) {
    if placed.names.is_empty() {
        return;
    }
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
    for name in &placed.names {
        body.label(
            name.x,
            name.y,
            name.size,
            &[("class", "district-name")],
            &districts[name.district].name,
        );
    }
    body.close("g");
}
