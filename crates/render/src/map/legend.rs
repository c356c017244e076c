//! The right-hand column of the map: the legend, a scale bar and a north
//! arrow.

use super::cameras::new_camera_marker;
use super::demand::Classes;
use super::labels::Layout;
use super::{
    DISTRICT_FILL, DISTRICT_STROKE, EXISTING_FILL, EXISTING_STROKE, Frame, HEADER, LEGEND_WIDTH, LEGEND_X,
    MapData, SCALE_MAX_PX,
};
use crate::fill;
use crate::svg::{Svg, decimals_for, fitted_size, px, readable, round_down_125, trim_zeros};

/// Draws the legend, scale bar and north arrow in the right-hand column;
/// returns the y of its bottom.
pub(super) fn draw_legend(
    body: &mut Svg,
    map: &MapData,
    frame: &Frame,
    classes: &Classes,
    mark_size_m: Option<f64>,
    placed: &Layout,
) -> f64 {
    let text = map.lang.text();
    let x = LEGEND_X;
    let mut y = HEADER + 4.0;
    let text_x = x + 30.0;
    let width = LEGEND_WIDTH - 30.0;
    body.open("g", &[("class", "legend"), ("fill", "#222222")]);
    body.label(x, y + 12.0, 14.0, &[("font-weight", "bold")], text.legend);
    y += 30.0;
    let entry = |body: &mut Svg, y: f64, text: &str| {
        let size = fitted_size(text, 12.0, width, 8.0);
        body.label(text_x, y + 4.0, size, &[], text);
    };

    if !map.districts.is_empty() {
        let (rx, ry) = (px(x), px(y - 7.0));
        body.empty(
            "rect",
            &[
                ("x", &rx),
                ("y", &ry),
                ("width", "20"),
                ("height", "14"),
                ("fill", DISTRICT_FILL),
                ("stroke", DISTRICT_STROKE),
                ("stroke-width", "1.2"),
            ],
        );
        entry(body, y, text.district);
        y += 26.0;
        if placed.names_omitted > 0 {
            y = omitted_note(
                body,
                x,
                y,
                "names-omitted-note",
                &text.names_omitted.of(placed.names_omitted),
            );
        }
    }

    if !classes.uppers.is_empty() {
        let label = if map.demand_label.trim().is_empty() {
            text.demand_weight
        } else {
            map.demand_label.as_str()
        };
        let size = fitted_size(label, 12.0, LEGEND_WIDTH, 8.0);
        body.label(x, y + 4.0, size, &[("font-weight", "bold")], label);
        y += 20.0;
        let mut lower = classes.min;
        for (class, &upper) in classes.uppers.iter().enumerate() {
            let (rx, ry) = (px(x), px(y - 7.0));
            body.empty(
                "rect",
                &[
                    ("class", "ramp-swatch"),
                    ("x", &rx),
                    ("y", &ry),
                    ("width", "20"),
                    ("height", "14"),
                    ("fill", classes.colour(class)),
                    ("stroke", "#999999"),
                    ("stroke-width", "0.5"),
                ],
            );
            let range = if lower == upper || class == 0 && classes.uppers.len() == 1 {
                readable(upper)
            } else if class == 0 {
                format!("{} – {}", readable(lower), readable(upper))
            } else {
                format!("> {} – {}", readable(lower), readable(upper))
            };
            entry(body, y, &range);
            lower = upper;
            y += 17.0;
        }
        let note = match (map.cell_size_m, mark_size_m) {
            (_, Some(size)) if map.cell_size_m != mark_size_m => {
                let what = if map.cell_size_m.is_some() {
                    text.cells
                } else {
                    text.points
                };
                Some(fill(text.merged_into, &[&what, &length_text(size)]))
            }
            _ => None,
        };
        body.label(x, y + 4.0, 10.0, &[("fill", "#666666")], text.colour_classes);
        y += 15.0;
        if let Some(note) = note {
            let size = fitted_size(&note, 10.0, LEGEND_WIDTH, 7.0);
            body.label(
                x,
                y + 4.0,
                size,
                &[("class", "merge-note"), ("fill", "#666666")],
                &note,
            );
            y += 15.0;
        }
        y += 10.0;
    }

    if !map.existing.is_empty() {
        let (cx, cy) = (px(x + 10.0), px(y));
        body.empty(
            "circle",
            &[
                ("cx", &cx),
                ("cy", &cy),
                ("r", "3.5"),
                ("fill", EXISTING_FILL),
                ("stroke", EXISTING_STROKE),
            ],
        );
        let what = if map.existing.iter().any(|camera| camera.reach.is_some()) {
            text.existing_camera_reach
        } else {
            text.existing_camera
        };
        entry(body, y, what);
        y += 26.0;
    }

    if !map.new_cameras.is_empty() {
        new_camera_marker(body, x + 10.0, y, placed.radius);
        let what = if map.new_cameras.iter().any(|camera| camera.reach.is_some()) {
            text.new_camera_reach
        } else {
            text.new_camera
        };
        entry(body, y, what);
        y += 28.0;
        if placed.omitted > 0 {
            y = omitted_note(
                body,
                x,
                y,
                "omitted-note",
                &text.labels_omitted.of(placed.omitted),
            );
        }
    }
    body.close("g");

    // The north arrow's letter stands 28 px above its centre.
    y += 36.0;
    draw_scale_bar(body, frame, x, y);
    draw_north_arrow(body, x + LEGEND_WIDTH - 24.0, y + 4.0, text.north);
    y + 40.0
}

/// A grey note of what was left off the map at (x, y); returns the y of
/// the next entry.
fn omitted_note(body: &mut Svg, x: f64, y: f64, class: &str, note: &str) -> f64 {
    let size = fitted_size(note, 11.0, LEGEND_WIDTH, 7.0);
    body.label(x, y + 4.0, size, &[("class", class), ("fill", "#666666")], note);
    y + 22.0
}

/// A length for people: `500 m`, `2 km`, `0.5 m`.
fn length_text(metres: f64) -> String {
    if metres >= 1000.0 {
        format!("{} km", readable(metres / 1000.0))
    } else {
        format!("{} m", readable(metres))
    }
}

fn draw_scale_bar(body: &mut Svg, frame: &Frame, x: f64, y: f64) {
    let length_m = round_down_125(SCALE_MAX_PX / frame.scale);
    let length_px = length_m * frame.scale;
    let metres = trim_zeros(format!("{length_m:.*}", decimals_for(length_m)));
    body.open("g", &[("class", "scale-bar"), ("data-length-m", &metres)]);
    let (bx, by, bw, half) = (px(x), px(y), px(length_px), px(length_px / 2.0));
    body.empty(
        "rect",
        &[
            ("class", "scale-bar-length"),
            ("x", &bx),
            ("y", &by),
            ("width", &bw),
            ("height", "6"),
            ("fill", "#ffffff"),
            ("stroke", "#222222"),
            ("stroke-width", "1"),
        ],
    );
    body.empty(
        "rect",
        &[
            ("x", &bx),
            ("y", &by),
            ("width", &half),
            ("height", "6"),
            ("fill", "#222222"),
        ],
    );
    body.label(
        x,
        y + 20.0,
        11.0,
        &[("text-anchor", "start"), ("fill", "#222222")],
        "0",
    );
    body.label(
        x + length_px,
        y + 20.0,
        11.0,
        &[
            ("class", "scale-bar-label"),
            ("text-anchor", "middle"),
            ("fill", "#222222"),
        ],
        &length_text(length_m),
    );
    body.close("g");
}

fn draw_north_arrow(body: &mut Svg, x: f64, y: f64, letter: &str) {
    let d = format!(
        "M{} {}L{} {}L{} {}L{} {}Z",
        px(x),
        px(y - 12.0),
        px(x + 7.0),
        px(y + 10.0),
        px(x),
        px(y + 5.0),
        px(x - 7.0),
        px(y + 10.0)
    );
    body.open("g", &[("class", "north-arrow")]);
    body.empty("path", &[("d", &d), ("fill", "#222222")]);
    body.label(
        x,
        y - 16.0,
        12.0,
        &[
            ("text-anchor", "middle"),
            ("font-weight", "bold"),
            ("fill", "#222222"),
        ],
        letter,
    );
    body.close("g");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_for_people() {
        assert_eq!(length_text(2000.0), "2 km");
        assert_eq!(length_text(500.0), "500 m");
        assert_eq!(length_text(0.5), "0.5 m");
    }
}
