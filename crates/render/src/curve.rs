//! The coverage curve chart ([`curve_svg`]): coverage against the number
//! of new cameras, with upper bounds, a baseline and the knee.

use std::fmt::Write as _;

use crate::error::check_finite;
use crate::svg::{
    MARGIN, Svg, decimals_for, fitted_size, group_thousands, header, px, readable, round_up_125, text_width,
    trim_zeros,
};
use crate::{Error, Lang, fill};

/// A coverage curve for [`curve_svg`]: coverage against the number of new
/// cameras k = 1..p.
///
/// # The knee
///
/// The chart marks the knee it is given in [`knee`](Self::knee); it does
/// not look for one. The usual knee is the smallest k after which one more
/// camera adds less than a share `s` of what the first camera added
/// (`sightline_solve::knee(&covered, baseline, s)`); give that share in
/// [`knee_share`](Self::knee_share) and the legend explains the knee in
/// those words.
///
/// # Examples
///
/// ```
/// use sightline_render::CurveData;
///
/// let curve = CurveData {
///     title: "Coverage by number of new cameras".to_string(),
///     y_label: "Covered demand (%)".to_string(),
///     covered: vec![70.0, 74.0, 76.0, 77.0],
///     upper_bound: vec![Some(72.0), None, Some(78.0), Some(78.5)],
///     baseline: Some(63.1),
///     // Gains 6.9, 4, 2, 1: camera 4 adds less than a quarter of camera 1.
///     knee: Some(3),
///     knee_share: Some(0.25),
///     ..CurveData::default()
/// };
/// let text = String::from_utf8(sightline_render::curve_svg(&curve).unwrap()).unwrap();
/// assert!(text.contains(r#"<g class="knee" data-k="3">"#));
/// assert!(text.contains("adds &lt; 25% of what"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CurveData {
    /// The title, on top.
    pub title: String,
    /// A line under the title (may be empty).
    pub subtitle: String,
    /// The y axis title, e.g. `Covered demand (%)`; empty gives `Coverage`.
    pub y_label: String,
    /// Coverage with k new cameras, k = 1..p (index 0 is k = 1), in any
    /// unit (percent, weight). Must not be empty.
    pub covered: Vec<f64>,
    /// An upper bound on the best coverage with k cameras, where known:
    /// empty, or one entry per k. Drawn as a dashed line over consecutive
    /// known values, with a mark at each.
    pub upper_bound: Vec<Option<f64>>,
    /// Coverage before any new camera, drawn as a horizontal line; the
    /// covered series then starts from it at k = 0.
    pub baseline: Option<f64>,
    /// The knee to mark, a k in 1..=p (see [the knee](Self#the-knee)):
    /// a vertical line at k, a ring around its point, and a legend entry.
    /// `None` marks no knee.
    pub knee: Option<usize>,
    /// The share the knee was found with, e.g. `0.25`, in (0, 1]: the
    /// legend then says that after the knee one more camera adds less than
    /// this share of what the first one added. `None` leaves that out.
    pub knee_share: Option<f64>,
    /// The language of the axes and the legend (English by default); the
    /// title, subtitle and y label are drawn as given.
    pub lang: Lang,
}

const CURVE_WIDTH: f64 = 900.0;
const CURVE_HEIGHT: f64 = 540.0;
const PLOT_LEFT: f64 = 96.0;
const PLOT_TOP: f64 = 88.0;
const PLOT_WIDTH: f64 = 548.0;
const PLOT_HEIGHT: f64 = 380.0;
pub(crate) const COVERED_COLOUR: &str = "#1f2a7a";
const BOUND_COLOUR: &str = "#c0392b";
pub(crate) const BASELINE_COLOUR: &str = "#7f8c8d";

/// Renders a coverage curve as an SVG line chart (900 × 540 px): coverage
/// against k = 1..p with a point per k, the upper bound as a dashed line
/// where known, the baseline as a horizontal line, nice ticks, axis titles,
/// a legend to the right, and the knee given in [`CurveData::knee`], if
/// any, marked with a vertical line.
///
/// The y axis starts at 0 when the lowest value is at most half the
/// highest, else just below the lowest value.
///
/// # Errors
///
/// [`Error::EmptyCurve`] when `covered` is empty;
/// [`Error::UpperBoundCount`] when `upper_bound` is neither empty nor as
/// long as `covered`; [`Error::NotFinite`] when a value is NaN or
/// infinite; [`Error::KneeOutOfRange`] when `knee` is not in 1..=p;
/// [`Error::BadKneeShare`] when `knee_share` is outside (0, 1].
///
/// # Examples
///
/// ```
/// use sightline_render::{curve_svg, CurveData};
///
/// let curve = CurveData {
///     title: "Coverage".to_string(),
///     covered: vec![10.0, 18.0, 22.0],
///     ..CurveData::default()
/// };
/// let text = String::from_utf8(curve_svg(&curve).unwrap()).unwrap();
/// assert_eq!(text.matches(r#"class="covered-point""#).count(), 3);
///
/// let broken = CurveData { covered: vec![f64::INFINITY], ..CurveData::default() };
/// assert!(curve_svg(&broken).is_err());
/// ```
pub fn curve_svg(curve: &CurveData) -> Result<Vec<u8>, Error> {
    check_curve(curve)?;
    let text = curve.lang.text();
    let p = curve.covered.len();
    let bounds = |k: usize| curve.upper_bound.get(k).copied().flatten();

    // Axes.
    let mut values: Vec<f64> = curve.covered.clone();
    values.extend(curve.upper_bound.iter().flatten());
    values.extend(curve.baseline);
    let lowest = values.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (y_min, y_max, y_step) = y_axis(lowest, highest);
    let x_step = round_up_125(p as f64 / 10.0).max(1.0);
    let x_of = |k: f64| PLOT_LEFT + k / p as f64 * PLOT_WIDTH;
    let y_of = |v: f64| PLOT_TOP + (y_max - v) / (y_max - y_min) * PLOT_HEIGHT;

    let mut body = Svg::new();
    header(
        &mut body,
        &curve.title,
        &curve.subtitle,
        CURVE_WIDTH - 2.0 * MARGIN,
    );

    // Grid and ticks.
    body.open("g", &[("class", "axes"), ("fill", "#333333")]);
    let tick_decimals = decimals_for(y_step);
    let count = ((y_max - y_min) / y_step).round() as i64;
    let mut widest_tick: f64 = 0.0;
    for i in 0..=count {
        let value = y_min + i as f64 * y_step;
        let y = y_of(value);
        let (x1, x2, yy) = (px(PLOT_LEFT), px(PLOT_LEFT + PLOT_WIDTH), px(y));
        body.empty(
            "line",
            &[
                ("x1", &x1),
                ("x2", &x2),
                ("y1", &yy),
                ("y2", &yy),
                ("stroke", "#e3e3e3"),
            ],
        );
        let text = group_thousands(&trim_zeros(format!("{value:.tick_decimals$}")));
        widest_tick = widest_tick.max(text_width(&text, 12.0));
        body.label(
            PLOT_LEFT - 8.0,
            y + 4.0,
            12.0,
            &[("class", "y-tick"), ("text-anchor", "end")],
            &text,
        );
    }
    let x_count = (p as f64 / x_step).floor() as i64;
    for i in 0..=x_count {
        let k = i as f64 * x_step;
        let x = x_of(k);
        let (xx, y1, y2) = (
            px(x),
            px(PLOT_TOP + PLOT_HEIGHT),
            px(PLOT_TOP + PLOT_HEIGHT + 5.0),
        );
        body.empty(
            "line",
            &[
                ("x1", &xx),
                ("x2", &xx),
                ("y1", &y1),
                ("y2", &y2),
                ("stroke", "#333333"),
            ],
        );
        body.label(
            x,
            PLOT_TOP + PLOT_HEIGHT + 20.0,
            12.0,
            &[("class", "x-tick"), ("text-anchor", "middle")],
            &format!("{k:.0}"),
        );
    }
    let axis = format!(
        "M{} {}V{}H{}",
        px(PLOT_LEFT),
        px(PLOT_TOP),
        px(PLOT_TOP + PLOT_HEIGHT),
        px(PLOT_LEFT + PLOT_WIDTH)
    );
    body.empty("path", &[("d", &axis), ("fill", "none"), ("stroke", "#333333")]);
    body.label(
        PLOT_LEFT + PLOT_WIDTH / 2.0,
        PLOT_TOP + PLOT_HEIGHT + 44.0,
        13.0,
        &[("class", "x-title"), ("text-anchor", "middle")],
        text.curve_x,
    );
    let y_label = if curve.y_label.trim().is_empty() {
        text.curve_y_default
    } else {
        &curve.y_label
    };
    // Clear of the widest tick label, but on the canvas.
    let y_title_x = px((PLOT_LEFT - 8.0 - widest_tick - 10.0).max(18.0));
    let y_title_y = px(PLOT_TOP + PLOT_HEIGHT / 2.0);
    let rotate = format!("rotate(-90 {y_title_x} {y_title_y})");
    let size = px(fitted_size(y_label, 13.0, PLOT_HEIGHT, 8.0));
    body.text(
        "text",
        &[
            ("class", "y-title"),
            ("x", &y_title_x),
            ("y", &y_title_y),
            ("font-size", &size),
            ("text-anchor", "middle"),
            ("transform", &rotate),
        ],
        y_label,
    );
    body.close("g");

    // Baseline.
    if let Some(baseline) = curve.baseline {
        let (x1, x2, y) = (px(x_of(0.0)), px(x_of(p as f64)), px(y_of(baseline)));
        body.empty(
            "line",
            &[
                ("class", "baseline"),
                ("x1", &x1),
                ("x2", &x2),
                ("y1", &y),
                ("y2", &y),
                ("stroke", BASELINE_COLOUR),
                ("stroke-width", "1.5"),
                ("stroke-dasharray", "8 3 2 3"),
            ],
        );
    }

    // Upper bound: dashed over each run of known values.
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    for k in 0..p {
        if let Some(value) = bounds(k) {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|&(last, _)| last + 1 == k) => run.push((k, value)),
                _ => runs.push(vec![(k, value)]),
            }
        }
    }
    let radius = if p <= 60 {
        3.5
    } else if p <= 200 {
        2.2
    } else {
        1.2
    };
    if !runs.is_empty() {
        body.open("g", &[("class", "upper-bound"), ("stroke", BOUND_COLOUR)]);
        for run in runs.iter().filter(|run| run.len() > 1) {
            let points = polyline(run.iter().map(|&(k, v)| (x_of(k as f64 + 1.0), y_of(v))));
            body.empty(
                "polyline",
                &[
                    ("points", &points),
                    ("fill", "none"),
                    ("stroke-width", "1.5"),
                    ("stroke-dasharray", "6 4"),
                ],
            );
        }
        for &(k, value) in runs.iter().flatten() {
            point_mark(
                &mut body,
                "upper-bound-point",
                k + 1,
                x_of(k as f64 + 1.0),
                y_of(value),
                radius * 0.8,
                value,
                "#ffffff",
            );
        }
        body.close("g");
    }

    // Covered.
    let start = curve.baseline.map(|b| (x_of(0.0), y_of(b)));
    let points = polyline(
        start.into_iter().chain(
            curve
                .covered
                .iter()
                .enumerate()
                .map(|(k, &v)| (x_of(k as f64 + 1.0), y_of(v))),
        ),
    );
    body.open("g", &[("class", "covered"), ("stroke", COVERED_COLOUR)]);
    body.empty(
        "polyline",
        &[("points", &points), ("fill", "none"), ("stroke-width", "2")],
    );
    for (k, &value) in curve.covered.iter().enumerate() {
        point_mark(
            &mut body,
            "covered-point",
            k + 1,
            x_of(k as f64 + 1.0),
            y_of(value),
            radius,
            value,
            COVERED_COLOUR,
        );
    }
    body.close("g");

    // Knee.
    if let Some(k) = curve.knee {
        let x = x_of(k as f64);
        let (xx, y1, y2) = (px(x), px(PLOT_TOP), px(PLOT_TOP + PLOT_HEIGHT));
        let k_text = k.to_string();
        body.open("g", &[("class", "knee"), ("data-k", &k_text)]);
        body.empty(
            "line",
            &[
                ("x1", &xx),
                ("x2", &xx),
                ("y1", &y1),
                ("y2", &y2),
                ("stroke", "#e67e22"),
                ("stroke-width", "1.5"),
                ("stroke-dasharray", "2 3"),
            ],
        );
        let (cx, cy) = (px(x), px(y_of(curve.covered[k - 1])));
        body.empty(
            "circle",
            &[
                ("cx", &cx),
                ("cy", &cy),
                ("r", &px(radius + 4.0)),
                ("fill", "none"),
                ("stroke", "#e67e22"),
                ("stroke-width", "2"),
            ],
        );
        // The label goes on the side of the line with more room.
        let (anchor, dx) = if x > PLOT_LEFT + PLOT_WIDTH * 0.7 {
            ("end", -6.0)
        } else {
            ("start", 6.0)
        };
        body.label(
            x + dx,
            PLOT_TOP + PLOT_HEIGHT - 10.0,
            12.0,
            &[("text-anchor", anchor), ("fill", "#b35806")],
            &fill(text.knee_label, &[&k]),
        );
        body.close("g");
    }

    // Legend.
    let lx = PLOT_LEFT + PLOT_WIDTH + 28.0;
    let mut ly = PLOT_TOP + 6.0;
    let lw = CURVE_WIDTH - MARGIN - lx - 34.0;
    body.open("g", &[("class", "legend"), ("fill", "#222222")]);
    let line_entry = |body: &mut Svg, ly: f64, colour: &str, dash: &str, text: &str| {
        let (x1, x2, y) = (px(lx), px(lx + 26.0), px(ly));
        let mut attributes = vec![
            ("x1", x1.as_str()),
            ("x2", x2.as_str()),
            ("y1", y.as_str()),
            ("y2", y.as_str()),
            ("stroke", colour),
            ("stroke-width", "2"),
        ];
        if !dash.is_empty() {
            attributes.push(("stroke-dasharray", dash));
        }
        body.empty("line", &attributes);
        let size = fitted_size(text, 12.0, lw, 8.0);
        body.label(lx + 34.0, ly + 4.0, size, &[], text);
    };
    line_entry(&mut body, ly, COVERED_COLOUR, "", text.curve_covered);
    ly += 22.0;
    if !runs.is_empty() {
        line_entry(&mut body, ly, BOUND_COLOUR, "6 4", text.upper_bound);
        ly += 22.0;
    }
    if curve.baseline.is_some() {
        line_entry(&mut body, ly, BASELINE_COLOUR, "8 3 2 3", text.curve_before);
        ly += 22.0;
    }
    if let Some(k) = curve.knee {
        line_entry(&mut body, ly, "#e67e22", "2 3", &fill(text.knee_legend, &[&k]));
        ly += 18.0;
        if let Some(share) = curve.knee_share {
            let percent = readable(share * 100.0);
            for line in text.knee_explained.map(|line| fill(line, &[&k, &percent])) {
                body.label(lx + 34.0, ly + 4.0, 10.5, &[("fill", "#555555")], &line);
                ly += 14.0;
            }
        }
    }
    body.close("g");

    Ok(Svg::document(CURVE_WIDTH, CURVE_HEIGHT, &curve.title, &body.out))
}

fn check_curve(curve: &CurveData) -> Result<(), Error> {
    if curve.covered.is_empty() {
        return Err(Error::EmptyCurve);
    }
    for (k, &value) in curve.covered.iter().enumerate() {
        check_finite(value, || format!("covered at k = {}", k + 1))?;
    }
    if !curve.upper_bound.is_empty() && curve.upper_bound.len() != curve.covered.len() {
        return Err(Error::UpperBoundCount {
            bounds: curve.upper_bound.len(),
            values: curve.covered.len(),
        });
    }
    for (k, value) in curve.upper_bound.iter().enumerate() {
        if let Some(value) = value {
            check_finite(*value, || format!("the upper bound at k = {}", k + 1))?;
        }
    }
    if let Some(baseline) = curve.baseline {
        check_finite(baseline, || "the baseline".to_string())?;
    }
    if let Some(k) = curve.knee
        && !(1..=curve.covered.len()).contains(&k)
    {
        return Err(Error::KneeOutOfRange {
            k,
            cameras: curve.covered.len(),
        });
    }
    if let Some(share) = curve.knee_share
        && !(share > 0.0 && share <= 1.0)
    {
        return Err(Error::BadKneeShare { share });
    }
    Ok(())
}

/// The y axis: (min, max, step) with nice ticks.
pub(crate) fn y_axis(lowest: f64, highest: f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (lowest, highest);
    if lo >= 0.0 && lo <= hi / 2.0 {
        lo = 0.0;
    }
    if hi - lo <= 0.0 {
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let step = round_up_125((hi - lo) / 6.0);
    let min = (lo / step).floor() * step;
    let mut max = (hi / step).ceil() * step;
    if max - min < step {
        max = min + step;
    }
    (min, max, step)
}

fn polyline(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut out = String::new();
    for (x, y) in points {
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", px(x), px(y));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn point_mark(body: &mut Svg, class: &str, k: usize, x: f64, y: f64, r: f64, value: f64, fill: &str) {
    let (k_text, cx, cy, rr) = (k.to_string(), px(x), px(y), px(r));
    body.open(
        "circle",
        &[
            ("class", class),
            ("data-k", &k_text),
            ("cx", &cx),
            ("cy", &cy),
            ("r", &rr),
            ("fill", fill),
            ("stroke-width", "1.5"),
        ],
    );
    body.text("title", &[], &format!("k = {k}: {}", readable(value)));
    body.close("circle");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_axis_includes_zero_for_wide_ranges() {
        assert_eq!(y_axis(10.0, 80.0), (0.0, 80.0, 20.0));
        let (min, max, step) = y_axis(63.1, 78.4);
        assert!(min <= 63.1 && max >= 78.4 && step > 0.0, "{min} {max} {step}");
        let (min, max, _) = y_axis(5.0, 5.0);
        assert!(min < 5.0 && max > 5.0);
    }
}
