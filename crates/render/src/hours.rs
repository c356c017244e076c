//! The chart of coverage by hour of the day ([`hours_svg`]): the covered
//! share of each hour's demand before and with the plan, the named periods
//! as bands under the axis, an event's hours shaded, and optionally each
//! hour's demand as light bars.

use std::fmt::Write as _;

use crate::curve::{BASELINE_COLOUR, COVERED_COLOUR, y_axis};
use crate::error::check_finite;
use crate::svg::{MARGIN, Svg, decimals_for, fitted_size, header, px, readable, text_width, trim_zeros};
use crate::{Error, Lang, fill};

/// What the chart of coverage by hour of the day ([`hours_svg`]) draws.
///
/// Hour `h` stands for the hour from h:00 to h+1:00; index `h` of each
/// array is that hour.
///
/// # Examples
///
/// ```
/// use sightline_render::{hours_svg, HoursData, Lang};
///
/// let mut before = [Some(0.4); 24];
/// before[3] = None; // no demand at 03:00
/// let hours = HoursData {
///     title: "Coverage by hour".to_string(),
///     before,
///     after: before.map(|share| share.map(|s| s + 0.3)),
///     periods: vec![("night".to_string(), vec![22, 23, 0, 1, 2, 3, 4, 5])],
///     event_hours: vec![18, 19, 20],
///     lang: Lang::En,
///     ..HoursData::default()
/// };
/// let text = String::from_utf8(hours_svg(&hours).unwrap()).unwrap();
/// assert!(text.contains(">With the plan</text>"));
/// assert!(text.contains("night 22–06"));
/// // Hour 3 has no demand, so it has no point on either line.
/// assert_eq!(text.matches(r#"class="after-point""#).count(), 23);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HoursData {
    /// The title, on top.
    pub title: String,
    /// A line under the title (may be empty).
    pub subtitle: String,
    /// The covered share of each hour's demand before the plan (existing
    /// cameras), 0 to 1; `None` for an hour without demand, drawn as a gap.
    pub before: [Option<f64>; 24],
    /// The same with the plan.
    pub after: [Option<f64>; 24],
    /// Named periods to mark under the axis as labelled bands: a name and
    /// its hours, 0 to 23 in any order, which may wrap midnight (`22, 23,
    /// 0, …, 5`). Periods may overlap: overlapping bands are stacked.
    pub periods: Vec<(String, Vec<u8>)>,
    /// The hours of an event, shaded in the plot (empty: none).
    pub event_hours: Vec<u8>,
    /// Each hour's demand relative to the busiest hour's, 0 to 1, drawn as
    /// light bars behind the lines, the busiest reaching the top of the
    /// plot; `None` draws no bars.
    pub demand: Option<[f64; 24]>,
    /// The language of the axes and the legend (English by default); the
    /// title, subtitle and period names are drawn as given.
    pub lang: Lang,
}

const HOURS: usize = 24;
const WIDTH: f64 = 900.0;
const PLOT_LEFT: f64 = 96.0;
const PLOT_TOP: f64 = 88.0;
const PLOT_WIDTH: f64 = 576.0;
const PLOT_HEIGHT: f64 = 320.0;
/// The width of one hour on the x axis.
const SLOT: f64 = PLOT_WIDTH / HOURS as f64;
/// The top of the first lane of period bands, under the axis title.
const BANDS_TOP: f64 = PLOT_TOP + PLOT_HEIGHT + 58.0;
const LANE: f64 = 22.0;
const BAND_HEIGHT: f64 = 18.0;
const LABEL_SIZE: f64 = 11.0;
const EVENT_COLOUR: &str = "#f8c98f";
const EVENT_OPACITY: &str = "0.45";
const DEMAND_COLOUR: &str = "#dfe5ee";
/// Period band fills and their label colours, taken in turn.
const PERIOD_COLOURS: [(&str, &str); 6] = [
    ("#d9e2f3", "#1f2a7a"),
    ("#f5dfc4", "#8a4b08"),
    ("#d8eed4", "#2d6a24"),
    ("#e8daf0", "#5b2c6f"),
    ("#f3d6d6", "#922b21"),
    ("#e3e3e3", "#333333"),
];
/// Shares may exceed 0..=1 by this much (rounding in the caller's sums).
const SHARE_TOLERANCE: f64 = 1e-9;

/// Renders the covered share of each hour's demand, before and with the
/// plan, as an SVG line chart (900 px wide; taller with each lane of
/// period bands).
///
/// The x axis has the 24 hours, each labelled `00` to `23` under its
/// middle; the y axis is the covered share in percent, from 0 % when the
/// lowest share is at most half the highest, else from just below the
/// lowest, which the legend then says (and a break mark on the axis
/// shows); it never goes past 100 %. Before is a grey dashed line with
/// hollow marks, with the plan the curve chart's dark blue with filled
/// marks; an hour without demand (`None`) is a gap in its line. Event hours
/// are shaded across the plot, relative demand is drawn as light bars
/// behind the lines, and each period is a band under the axis titled with
/// its name and hours (`night 22–06`); a period that wraps midnight is
/// drawn in two pieces, labelled once.
///
/// # Errors
///
/// [`Error::NotFinite`] when a share or a demand is NaN or infinite;
/// [`Error::ShareOutOfRange`] when one is outside 0 to 1;
/// [`Error::HourOutOfRange`] when a period's or the event's hour is above
/// 23; [`Error::EmptyPeriod`] when a period has no hours.
///
/// # Examples
///
/// ```
/// use sightline_render::{hours_svg, HoursData, Lang};
///
/// let hours = HoursData {
///     title: "시간대별 감시 비율".to_string(),
///     before: [Some(0.3); 24],
///     after: [Some(0.6); 24],
///     demand: Some([0.5; 24]),
///     lang: Lang::Ko,
///     ..HoursData::default()
/// };
/// let text = String::from_utf8(hours_svg(&hours).unwrap()).unwrap();
/// assert!(text.contains(">시간대</text>"));
/// assert!(text.contains(">계획 후</text>") && text.contains(">기존</text>"));
/// assert_eq!(text.matches(r#"class="x-tick""#).count(), 24);
/// assert!(text.contains(">23</text>"));
///
/// let broken = HoursData { after: [Some(1.5); 24], ..HoursData::default() };
/// assert!(hours_svg(&broken).is_err());
/// ```
pub fn hours_svg(data: &HoursData) -> Result<Vec<u8>, Error> {
    check_hours(data)?;
    let text = data.lang.text();

    let shares: Vec<f64> = data
        .before
        .iter()
        .chain(&data.after)
        .flatten()
        .map(|&s| s * 100.0)
        .collect();
    let (y_min, y_max, y_step) = percent_axis(&shares);
    let x_of = |slot: f64| PLOT_LEFT + slot * SLOT;
    let y_of = |percent: f64| PLOT_TOP + (y_max - percent) / (y_max - y_min) * PLOT_HEIGHT;

    let bands = layout_bands(&data.periods);
    let lanes = bands.iter().map(|band| band.lane + 1).max().unwrap_or(0);
    let height = (BANDS_TOP + lanes as f64 * LANE).max(PLOT_TOP + PLOT_HEIGHT + 50.0) + MARGIN;

    let mut body = Svg::new();
    header(&mut body, &data.title, &data.subtitle, WIDTH - 2.0 * MARGIN);

    // Behind the lines: the demand, then the event's hours.
    let event = hour_set(&data.event_hours);
    if let Some(demand) = &data.demand {
        body.open("g", &[("class", "demand"), ("fill", DEMAND_COLOUR)]);
        for (hour, &relative) in demand.iter().enumerate() {
            let bar = relative.clamp(0.0, 1.0) * PLOT_HEIGHT;
            let (x, y, w, h) = (
                px(x_of(hour as f64 + 0.15)),
                px(PLOT_TOP + PLOT_HEIGHT - bar),
                px(SLOT * 0.7),
                px(bar),
            );
            let hour_text = format!("{hour:02}");
            body.open(
                "rect",
                &[
                    ("class", "demand-bar"),
                    ("data-hour", &hour_text),
                    ("x", &x),
                    ("y", &y),
                    ("width", &w),
                    ("height", &h),
                ],
            );
            let title = format!(
                "{} {hour_text}: {}%",
                text.hours_demand,
                readable(relative * 100.0)
            );
            body.text("title", &[], &title);
            body.close("rect");
        }
        body.close("g");
    }

    // Over the demand bars, so that both show.
    if event.iter().any(|&e| e) {
        body.open(
            "g",
            &[
                ("class", "event"),
                ("fill", EVENT_COLOUR),
                ("fill-opacity", EVENT_OPACITY),
            ],
        );
        for (start, end) in runs(&event) {
            let (x, y, w, h) = (
                px(x_of(start as f64)),
                px(PLOT_TOP),
                px((end - start) as f64 * SLOT),
                px(PLOT_HEIGHT),
            );
            body.empty("rect", &[("x", &x), ("y", &y), ("width", &w), ("height", &h)]);
        }
        body.close("g");
    }
    // Grid, ticks and axis titles.
    body.open("g", &[("class", "axes"), ("fill", "#333333")]);
    let tick_decimals = decimals_for(y_step);
    let count = ((y_max - y_min) / y_step).round() as i64;
    let mut widest_tick: f64 = 0.0;
    for i in 0..=count {
        let value = y_min + i as f64 * y_step;
        let y = px(y_of(value));
        let (x1, x2) = (px(PLOT_LEFT), px(PLOT_LEFT + PLOT_WIDTH));
        body.empty(
            "line",
            &[
                ("x1", &x1),
                ("x2", &x2),
                ("y1", &y),
                ("y2", &y),
                ("stroke", "#e3e3e3"),
            ],
        );
        let label = format!("{}%", trim_zeros(format!("{value:.tick_decimals$}")));
        widest_tick = widest_tick.max(text_width(&label, 12.0));
        body.label(
            PLOT_LEFT - 8.0,
            y_of(value) + 4.0,
            12.0,
            &[("class", "y-tick"), ("text-anchor", "end")],
            &label,
        );
    }
    for hour in 0..HOURS {
        let x = x_of(hour as f64 + 0.5);
        let (xx, y1, y2) = (
            px(x),
            px(PLOT_TOP + PLOT_HEIGHT),
            px(PLOT_TOP + PLOT_HEIGHT + 4.0),
        );
        body.empty(
            "line",
            &[
                ("class", "x-tick"),
                ("x1", &xx),
                ("x2", &xx),
                ("y1", &y1),
                ("y2", &y2),
                ("stroke", "#333333"),
            ],
        );
        body.label(
            x,
            PLOT_TOP + PLOT_HEIGHT + 18.0,
            11.0,
            &[("class", "x-tick-label"), ("text-anchor", "middle")],
            &format!("{hour:02}"),
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
    if y_min > 0.0 {
        // A break in the y axis: it does not start at 0.
        let (x, y) = (PLOT_LEFT, PLOT_TOP + PLOT_HEIGHT - 10.0);
        let zigzag = format!("M{} {}l6 -3l-12 -6l6 -3", px(x), px(y + 6.0),);
        body.empty(
            "path",
            &[
                ("class", "axis-break"),
                ("d", &zigzag),
                ("fill", "#ffffff"),
                ("stroke", "#333333"),
            ],
        );
    }
    body.label(
        PLOT_LEFT + PLOT_WIDTH / 2.0,
        PLOT_TOP + PLOT_HEIGHT + 40.0,
        13.0,
        &[("class", "x-title"), ("text-anchor", "middle")],
        text.hours_x,
    );
    let y_title_x = px((PLOT_LEFT - 8.0 - widest_tick - 10.0).max(18.0));
    let y_title_y = px(PLOT_TOP + PLOT_HEIGHT / 2.0);
    let rotate = format!("rotate(-90 {y_title_x} {y_title_y})");
    let size = px(fitted_size(text.hours_y, 13.0, PLOT_HEIGHT, 8.0));
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
        text.hours_y,
    );
    body.close("g");

    // The lines: before under after.
    let line = |body: &mut Svg, which: &str, shares: &[Option<f64>; 24], colour: &str, label: &str| {
        let after = which == "after";
        let points: Vec<Option<(f64, f64)>> = shares
            .iter()
            .enumerate()
            .map(|(hour, share)| share.map(|s| (x_of(hour as f64 + 0.5), y_of(s.clamp(0.0, 1.0) * 100.0))))
            .collect();
        body.open("g", &[("class", which), ("stroke", colour)]);
        let d = gapped_path(&points);
        if !d.is_empty() {
            let class = format!("{which}-line");
            let mut attributes = vec![
                ("class", class.as_str()),
                ("d", d.as_str()),
                ("fill", "none"),
                ("stroke-width", "2"),
            ];
            if !after {
                attributes.push(("stroke-dasharray", "6 4"));
            }
            body.empty("path", &attributes);
        }
        let class = format!("{which}-point");
        for (hour, point) in points.iter().enumerate() {
            let (Some((x, y)), Some(share)) = (point, shares[hour]) else {
                continue;
            };
            let (hour_text, cx, cy) = (format!("{hour:02}"), px(*x), px(*y));
            let (r, fill) = if after {
                ("3.5", colour)
            } else {
                ("4.5", "#ffffff")
            };
            body.open(
                "circle",
                &[
                    ("class", &class),
                    ("data-hour", &hour_text),
                    ("cx", &cx),
                    ("cy", &cy),
                    ("r", r),
                    ("fill", fill),
                    ("stroke-width", "1.5"),
                ],
            );
            body.text(
                "title",
                &[],
                &format!("{label} {hour_text}: {}%", readable(share * 100.0)),
            );
            body.close("circle");
        }
        body.close("g");
    };
    line(
        &mut body,
        "before",
        &data.before,
        BASELINE_COLOUR,
        text.hours_before,
    );
    line(&mut body, "after", &data.after, COVERED_COLOUR, text.hours_after);

    draw_bands(&mut body, &bands);

    // Legend.
    let lx = PLOT_LEFT + PLOT_WIDTH + 28.0;
    let lw = WIDTH - MARGIN - lx - 34.0;
    let mut ly = PLOT_TOP + 6.0;
    body.open("g", &[("class", "legend"), ("fill", "#222222")]);
    let entry = |body: &mut Svg, ly: f64, words: &str| {
        let size = fitted_size(words, 12.0, lw, 8.0);
        body.label(lx + 34.0, ly + 4.0, size, &[], words);
    };
    for (colour, dash, mark_fill, words) in [
        (COVERED_COLOUR, "", COVERED_COLOUR, text.hours_after),
        (BASELINE_COLOUR, "6 4", "#ffffff", text.hours_before),
    ] {
        let (x1, x2, xm, y) = (px(lx), px(lx + 26.0), px(lx + 13.0), px(ly));
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
        body.empty(
            "circle",
            &[
                ("cx", &xm),
                ("cy", &y),
                ("r", "3.5"),
                ("fill", mark_fill),
                ("stroke", colour),
                ("stroke-width", "1.5"),
            ],
        );
        entry(&mut body, ly, words);
        ly += 22.0;
    }
    let swatch = |body: &mut Svg, ly: &mut f64, colour: &str, opacity: &str, words: &str| {
        let (x, y) = (px(lx + 4.0), px(*ly - 7.0));
        body.empty(
            "rect",
            &[
                ("x", &x),
                ("y", &y),
                ("width", "18"),
                ("height", "14"),
                ("fill", colour),
                ("fill-opacity", opacity),
            ],
        );
        entry(body, *ly, words);
        *ly += 22.0;
    };
    if event.iter().any(|&e| e) {
        swatch(&mut body, &mut ly, EVENT_COLOUR, EVENT_OPACITY, text.hours_event);
    }
    if data.demand.is_some() {
        swatch(&mut body, &mut ly, DEMAND_COLOUR, "1", text.hours_demand);
    }
    let notes = [
        (
            data.before.iter().chain(&data.after).any(Option::is_none),
            text.hours_gap.to_string(),
        ),
        (
            y_min > 0.0,
            fill(
                text.hours_axis_from,
                &[&trim_zeros(format!("{y_min:.tick_decimals$}"))],
            ),
        ),
    ];
    for (_, note) in notes.iter().filter(|(shown, _)| *shown) {
        let size = fitted_size(note, 10.5, lw + 34.0, 8.0);
        body.label(
            lx,
            ly + 4.0,
            size,
            &[("class", "note"), ("fill", "#555555")],
            note,
        );
        ly += 16.0;
    }
    body.close("g");

    Ok(Svg::document(WIDTH, height, &data.title, &body.out))
}

fn check_hours(data: &HoursData) -> Result<(), Error> {
    let share = |value: f64, what: &dyn Fn() -> String| -> Result<(), Error> {
        check_finite(value, what)?;
        if !(-SHARE_TOLERANCE..=1.0 + SHARE_TOLERANCE).contains(&value) {
            return Err(Error::ShareOutOfRange { what: what(), value });
        }
        Ok(())
    };
    for hour in 0..HOURS {
        if let Some(value) = data.before[hour] {
            share(value, &|| {
                format!("the share covered before the plan at hour {hour:02}")
            })?;
        }
        if let Some(value) = data.after[hour] {
            share(value, &|| {
                format!("the share covered with the plan at hour {hour:02}")
            })?;
        }
        if let Some(demand) = &data.demand {
            share(demand[hour], &|| format!("the relative demand at hour {hour:02}"))?;
        }
    }
    for (name, hours) in &data.periods {
        if hours.is_empty() {
            return Err(Error::EmptyPeriod { name: name.clone() });
        }
        check_hour_list(hours, || format!("the period `{name}`"))?;
    }
    check_hour_list(&data.event_hours, || "the event".to_string())
}

fn check_hour_list(hours: &[u8], what: impl FnOnce() -> String) -> Result<(), Error> {
    match hours.iter().find(|&&hour| usize::from(hour) >= HOURS) {
        Some(&hour) => Err(Error::HourOutOfRange { what: what(), hour }),
        None => Ok(()),
    }
}

/// The y axis in percent, (min, max, step): as the curve chart's, within
/// 0 to 100; the whole 0 to 100 when there is nothing to draw or every
/// share is the same.
fn percent_axis(percents: &[f64]) -> (f64, f64, f64) {
    let lowest = percents.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = percents.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if percents.is_empty() || highest - lowest < 1e-9 {
        return (0.0, 100.0, 20.0);
    }
    let (min, max, step) = y_axis(lowest.max(0.0), highest.min(100.0));
    (min.max(0.0), max.min(100.0), step)
}

/// Which of the 24 hours are in `hours` (checked to be below 24).
fn hour_set(hours: &[u8]) -> [bool; HOURS] {
    let mut set = [false; HOURS];
    for &hour in hours {
        set[usize::from(hour)] = true;
    }
    set
}

/// The runs of consecutive hours in `set`, as `[start, end)` on the axis
/// from 0 to 24 (a run across midnight is two).
fn runs(set: &[bool; HOURS]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for hour in (0..HOURS).filter(|&hour| set[hour]) {
        match runs.last_mut() {
            Some((_, end)) if *end == hour => *end = hour + 1,
            _ => runs.push((hour, hour + 1)),
        }
    }
    runs
}

/// The hours of `set` as people write them, ends exclusive, a run across
/// midnight in one piece: `22–06`, `07–09, 17–19`, `00–24`.
fn hours_text(set: &[bool; HOURS]) -> String {
    let mut pieces = runs(set);
    if pieces.len() > 1 && pieces[0].0 == 0 && pieces[pieces.len() - 1].1 == HOURS {
        let (_, first_end) = pieces.remove(0);
        if let Some(last) = pieces.last_mut() {
            last.1 = first_end;
        }
    }
    pieces
        .iter()
        .map(|(start, end)| format!("{start:02}–{end:02}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A path through the points with a gap at each missing one: one `M…L…`
/// piece per run of two or more points (a lone point shows by its mark).
fn gapped_path(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    for run in points.split(|point| point.is_none()) {
        if run.len() < 2 {
            continue;
        }
        for (i, &(x, y)) in run.iter().flatten().enumerate() {
            let _ = write!(d, "{}{} {}", if i == 0 { 'M' } else { 'L' }, px(x), px(y));
        }
    }
    d
}

/// A period laid out under the axis.
struct Band<'a> {
    name: &'a str,
    hours: String,
    pieces: Vec<(usize, usize)>,
    colour: usize,
    lane: usize,
    labels: Vec<Label>,
}

/// Where a band's label goes.
struct Label {
    words: String,
    x: f64,
    anchor: &'static str,
    size: f64,
}

/// The bands of the periods, each in the first lane where neither it nor
/// its label meets another's.
fn layout_bands(periods: &[(String, Vec<u8>)]) -> Vec<Band<'_>> {
    let mut lanes: Vec<[bool; HOURS]> = Vec::new();
    let mut bands = Vec::with_capacity(periods.len());
    for (index, (name, hours)) in periods.iter().enumerate() {
        let set = hour_set(hours);
        let pieces = runs(&set);
        let hours = hours_text(&set);
        let (labels, taken) = place_labels(name, &hours, &pieces, set);
        let lane = match lanes
            .iter()
            .position(|lane| (0..HOURS).all(|h| !(lane[h] && taken[h])))
        {
            Some(lane) => lane,
            None => {
                lanes.push([false; HOURS]);
                lanes.len() - 1
            }
        };
        for (slot, used) in lanes[lane].iter_mut().zip(taken) {
            *slot |= used;
        }
        bands.push(Band {
            name,
            hours,
            pieces,
            colour: index % PERIOD_COLOURS.len(),
            lane,
            labels,
        });
    }
    bands
}

/// The labels of a band with these pieces, and the hours the band and
/// its labels take in a lane. The widest piece has the name and hours
/// inside when they fit (else the name alone, else the name and hours
/// beside it, where no piece of the band is); each other piece has the
/// name when it fits, except the half of a period across midnight that
/// continues the labelled one.
fn place_labels(
    name: &str,
    hours: &str,
    pieces: &[(usize, usize)],
    set: [bool; HOURS],
) -> (Vec<Label>, [bool; HOURS]) {
    let full = if name.trim().is_empty() {
        hours.to_string()
    } else {
        format!("{name} {hours}")
    };
    let inside = |(start, end): (usize, usize), words: &str| {
        let room = (end - start) as f64 * SLOT - 8.0;
        let size = fitted_size(words, LABEL_SIZE, room, 9.0);
        (!words.trim().is_empty() && text_width(words, size) <= room).then(|| Label {
            words: words.to_string(),
            x: PLOT_LEFT + (start + end) as f64 / 2.0 * SLOT,
            anchor: "middle",
            size,
        })
    };
    // The widest piece, the first of equals.
    let widest = pieces.iter().copied().fold((0, 0), |best, piece| {
        if piece.1 - piece.0 > best.1 - best.0 {
            piece
        } else {
            best
        }
    });
    let mut taken = set;
    let mut labels = Vec::with_capacity(pieces.len());
    match inside(widest, &full).or_else(|| inside(widest, name)) {
        Some(label) => labels.push(label),
        None => {
            let slots = ((text_width(&full, LABEL_SIZE) + 8.0) / SLOT).ceil() as usize;
            let (start, end) = widest;
            let right =
                (end + slots <= HOURS).then_some((end, end + slots, "start", end as f64 * SLOT + 4.0));
            let left = (slots <= start).then(|| (start - slots, start, "end", start as f64 * SLOT - 4.0));
            let beside = [right, left]
                .into_iter()
                .flatten()
                .find(|&(from, to, _, _)| !set[from..to].iter().any(|&h| h));
            match beside {
                Some((from, to, anchor, x)) => {
                    taken[from..to].iter_mut().for_each(|slot| *slot = true);
                    labels.push(Label {
                        words: full,
                        x: PLOT_LEFT + x,
                        anchor,
                        size: LABEL_SIZE,
                    });
                }
                // No room anywhere: as small as may be, on the piece.
                None => labels.push(Label {
                    size: fitted_size(&full, LABEL_SIZE, (end - start) as f64 * SLOT - 4.0, 7.0),
                    words: full,
                    x: PLOT_LEFT + (start + end) as f64 / 2.0 * SLOT,
                    anchor: "middle",
                }),
            }
        }
    }
    let wraps = set[0] && set[HOURS - 1];
    for &piece in pieces {
        let continues = wraps && (piece.0 == 0 || piece.1 == HOURS) && (widest.0 == 0 || widest.1 == HOURS);
        if piece != widest && !continues {
            labels.extend(inside(piece, name));
        }
    }
    (labels, taken)
}

fn draw_bands(body: &mut Svg, bands: &[Band<'_>]) {
    if bands.is_empty() {
        return;
    }
    body.open("g", &[("class", "periods")]);
    for band in bands {
        let (fill_colour, text_colour) = PERIOD_COLOURS[band.colour];
        let top = BANDS_TOP + band.lane as f64 * LANE;
        body.open("g", &[("class", "period"), ("data-name", band.name)]);
        body.text("title", &[], format!("{} {}", band.name, band.hours).trim());
        for &(start, end) in &band.pieces {
            let (x, y, w) = (
                px(PLOT_LEFT + start as f64 * SLOT + 0.5),
                px(top),
                px((end - start) as f64 * SLOT - 1.0),
            );
            body.empty(
                "rect",
                &[
                    ("class", "period-band"),
                    ("x", &x),
                    ("y", &y),
                    ("width", &w),
                    ("height", &px(BAND_HEIGHT)),
                    ("rx", "3"),
                    ("fill", fill_colour),
                ],
            );
        }
        for label in &band.labels {
            body.label(
                label.x,
                top + BAND_HEIGHT / 2.0 + label.size * 0.36,
                label.size,
                &[
                    ("class", "period-label"),
                    ("text-anchor", label.anchor),
                    ("fill", text_colour),
                ],
                &label.words,
            );
        }
        body.close("g");
    }
    body.close("g");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg_text(data: &HoursData) -> String {
        String::from_utf8(hours_svg(data).unwrap()).unwrap()
    }

    fn day() -> HoursData {
        HoursData {
            title: "Coverage by hour".to_string(),
            before: std::array::from_fn(|h| Some(0.2 + h as f64 / 100.0)),
            after: std::array::from_fn(|h| Some(0.5 + h as f64 / 100.0)),
            ..HoursData::default()
        }
    }

    #[test]
    fn a_period_across_midnight_is_two_pieces_labelled_once() {
        let data = HoursData {
            periods: vec![
                ("night".to_string(), vec![22, 23, 0, 1, 2, 3, 4, 5]),
                ("day".to_string(), (6..22).collect()),
            ],
            ..day()
        };
        let text = svg_text(&data);
        let document = roxmltree::Document::parse(&text).unwrap();
        let night = document
            .descendants()
            .find(|node| node.attribute("data-name") == Some("night"))
            .unwrap();
        let pieces: Vec<(f64, f64)> = night
            .children()
            .filter(|node| node.attribute("class") == Some("period-band"))
            .map(|node| {
                let x: f64 = node.attribute("x").unwrap().parse().unwrap();
                let w: f64 = node.attribute("width").unwrap().parse().unwrap();
                (x, x + w)
            })
            .collect();
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        // 00–06 from the left of the plot, 22–24 to its right end.
        assert!(
            (pieces[0].0 - PLOT_LEFT).abs() < 1.0 && (pieces[0].1 - (PLOT_LEFT + 6.0 * SLOT)).abs() < 1.0
        );
        assert!((pieces[1].0 - (PLOT_LEFT + 22.0 * SLOT)).abs() < 1.0);
        assert!((pieces[1].1 - (PLOT_LEFT + PLOT_WIDTH)).abs() < 1.0);
        assert_eq!(
            text.matches("night 22–06").count(),
            2,
            "the label and the hover title"
        );
        assert_eq!(text.matches(r#"class="period-label""#).count(), 2);
        assert!(text.contains(">day 06–22</text>"));
        // Day and night do not overlap, so they share one lane.
        let lane_tops: Vec<&str> = document
            .descendants()
            .filter(|node| node.attribute("class") == Some("period-band"))
            .map(|node| node.attribute("y").unwrap())
            .collect();
        assert!(lane_tops.iter().all(|&y| y == lane_tops[0]), "{lane_tops:?}");
    }

    #[test]
    fn overlapping_periods_are_stacked() {
        let data = HoursData {
            periods: vec![
                ("evening".to_string(), (18..23).collect()),
                ("rush".to_string(), vec![17, 18, 19]),
                ("night".to_string(), vec![23, 0, 1]),
            ],
            ..day()
        };
        let bands = layout_bands(&data.periods);
        assert_eq!(bands.iter().map(|band| band.lane).collect::<Vec<_>>(), [0, 1, 0]);
        let tall = svg_text(&data);
        let flat = svg_text(&HoursData {
            periods: vec![("evening".to_string(), (18..23).collect())],
            ..day()
        });
        let height = |text: &str| {
            let document = roxmltree::Document::parse(text).unwrap();
            document
                .root_element()
                .attribute("height")
                .unwrap()
                .parse::<f64>()
                .unwrap()
        };
        assert_eq!(height(&tall) - height(&flat), LANE);
    }

    #[test]
    fn each_piece_of_a_period_with_gaps_has_its_name() {
        let periods = [("commute".to_string(), vec![7, 8, 17, 18])];
        let bands = layout_bands(&periods);
        let words: Vec<&str> = bands[0].labels.iter().map(|label| label.words.as_str()).collect();
        assert_eq!(words, ["commute", "commute"]);
        assert_eq!(bands[0].hours, "07–09, 17–19");
    }

    #[test]
    fn a_narrow_period_is_labelled_beside_its_band() {
        let periods = [("late evening".to_string(), vec![21])];
        let bands = layout_bands(&periods);
        let label = &bands[0].labels[0];
        assert_eq!(label.words, "late evening 21–22");
        assert_eq!(label.anchor, "end", "no room right of 22:00");
        assert!(label.x < PLOT_LEFT + 21.0 * SLOT);
    }

    #[test]
    fn hours_without_demand_are_gaps() {
        let mut data = day();
        for hour in [0, 5, 6, 12] {
            data.after[hour] = None;
        }
        data.before[12] = None;
        let text = svg_text(&data);
        let document = roxmltree::Document::parse(&text).unwrap();
        let path = |class: &str| {
            document
                .descendants()
                .find(|node| node.attribute("class") == Some(class))
                .unwrap()
                .attribute("d")
                .unwrap()
                .to_string()
        };
        // After: 1–4, 7–11, 13–23 (0 and the runs between are gaps).
        assert_eq!(path("after-line").matches('M').count(), 3);
        assert_eq!(path("before-line").matches('M').count(), 2);
        assert_eq!(text.matches(r#"class="after-point""#).count(), 20);
        assert_eq!(text.matches(r#"class="before-point""#).count(), 23);
        assert!(!text.contains(r#"class="after-point" data-hour="05""#));
        assert!(text.contains(">Gaps: hours without demand</text>"));
        // A lone hour keeps its mark but draws no line.
        assert_eq!(
            gapped_path(&[Some((1.0, 1.0)), None, Some((2.0, 2.0)), Some((3.0, 3.0))]),
            "M2 2L3 3"
        );
        assert!(!svg_text(&day()).contains("Gaps"));
    }

    #[test]
    fn texts_follow_the_language() {
        let data = HoursData {
            event_hours: vec![19, 20],
            demand: Some([1.0; 24]),
            ..day()
        };
        let english = svg_text(&data);
        for words in [
            "Hour of day",
            "Covered share of the hour&apos;s demand",
            ">Before<",
            ">With the plan<",
            ">Event<",
            ">Demand (relative)<",
        ] {
            assert!(english.contains(words), "{words}");
        }
        let korean = svg_text(&HoursData {
            lang: Lang::Ko,
            ..data
        });
        for words in [
            ">시간대<",
            "시간대 수요 중 감시 비율",
            ">기존<",
            ">계획 후<",
            ">행사<",
            ">수요(상대)<",
        ] {
            assert!(korean.contains(words), "{words}");
        }
        assert!(!korean.contains("Hour of day"));
    }

    #[test]
    fn the_y_axis_says_where_it_starts() {
        // 20 % to 73 %: from 0.
        let text = svg_text(&day());
        assert!(text.contains(">0%</text>") && !text.contains("axis-break"));
        // 60 % to 95 %: a tighter axis, said so.
        let data = HoursData {
            before: [Some(0.6); 24],
            after: [Some(0.95); 24],
            ..HoursData::default()
        };
        let text = svg_text(&data);
        assert!(text.contains("axis-break"));
        assert!(text.contains(">The axis starts at 60%</text>"), "{text}");
        assert!(text.contains(">100%</text>") && !text.contains(">0%</text>"));
        assert_eq!(percent_axis(&[]), (0.0, 100.0, 20.0));
        assert_eq!(percent_axis(&[100.0, 100.0]), (0.0, 100.0, 20.0));
        let (min, max, _) = percent_axis(&[99.0, 100.0]);
        assert!(min > 0.0 && min <= 99.0 && max == 100.0);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let data = HoursData {
            periods: vec![("night".to_string(), vec![22, 23, 0, 1, 2, 3, 4, 5])],
            event_hours: vec![18, 19, 20, 21],
            demand: Some(std::array::from_fn(|h| h as f64 / 23.0)),
            ..day()
        };
        assert_eq!(hours_svg(&data).unwrap(), hours_svg(&data.clone()).unwrap());
    }

    #[test]
    fn bad_values_are_refused() {
        let mut data = day();
        data.after[7] = Some(f64::NAN);
        let err = hours_svg(&data).unwrap_err();
        assert!(matches!(err, Error::NotFinite { .. }));
        assert!(err.to_string().contains("with the plan at hour 07"), "{err}");

        let mut data = day();
        data.before[23] = Some(1.2);
        assert_eq!(
            hours_svg(&data).unwrap_err().to_string(),
            "cannot render the output: the share covered before the plan at hour 23 is 1.2, expected 0 to 1"
        );
        let mut data = day();
        data.after[0] = Some(1.0 + 1e-12);
        assert!(hours_svg(&data).is_ok(), "rounding is forgiven");

        let mut demand = [0.5; 24];
        demand[3] = -0.1;
        let data = HoursData {
            demand: Some(demand),
            ..day()
        };
        assert!(matches!(hours_svg(&data), Err(Error::ShareOutOfRange { .. })));

        let data = HoursData {
            periods: vec![("night".to_string(), vec![22, 24])],
            ..day()
        };
        assert_eq!(
            hours_svg(&data).unwrap_err(),
            Error::HourOutOfRange {
                what: "the period `night`".to_string(),
                hour: 24
            }
        );
        let data = HoursData {
            periods: vec![("none".to_string(), vec![])],
            ..day()
        };
        assert!(matches!(hours_svg(&data), Err(Error::EmptyPeriod { .. })));
        let data = HoursData {
            event_hours: vec![30],
            ..day()
        };
        assert!(
            hours_svg(&data)
                .unwrap_err()
                .to_string()
                .contains("the event has hour 30")
        );
    }

    #[test]
    fn hours_are_written_with_exclusive_ends() {
        assert_eq!(hours_text(&hour_set(&[22, 23, 0, 1, 2, 3, 4, 5])), "22–06");
        assert_eq!(hours_text(&hour_set(&[7, 8, 17, 18])), "07–09, 17–19");
        assert_eq!(hours_text(&hour_set(&(0..24).collect::<Vec<_>>())), "00–24");
        assert_eq!(hours_text(&hour_set(&[18, 19, 20, 21, 22, 23])), "18–24");
    }

    /// Writes the Korean and English examples for a look:
    /// `cargo test -p sightline-render hours::tests::write_examples -- --ignored`.
    #[test]
    #[ignore = "writes /tmp/hours_ko.svg and /tmp/hours_en.svg for a person to look at"]
    fn write_examples() {
        let night = |h: usize| !(6..22).contains(&h);
        let mut data = HoursData {
            title: "Coverage by hour of day".to_string(),
            subtitle: "Goyang (synthetic hourly table), 100 new cameras".to_string(),
            before: std::array::from_fn(|h| {
                Some(if night(h) { 0.31 } else { 0.46 } + (h % 5) as f64 / 100.0)
            }),
            after: std::array::from_fn(|h| Some(if night(h) { 0.58 } else { 0.71 } + (h % 4) as f64 / 100.0)),
            periods: vec![
                ("night".to_string(), vec![22, 23, 0, 1, 2, 3, 4, 5]),
                ("day".to_string(), (6..22).collect()),
                ("commute".to_string(), vec![7, 8, 17, 18]),
                ("late".to_string(), vec![23]),
            ],
            event_hours: (18..23).collect(),
            demand: Some(std::array::from_fn(|h| {
                if night(h) {
                    0.2 + h as f64 / 200.0
                } else {
                    0.5 + (h as f64 - 6.0) / 32.0
                }
            })),
            lang: Lang::En,
        };
        data.before[4] = None;
        data.after[4] = None;
        if let Some(demand) = &mut data.demand {
            demand[4] = 0.0;
        }
        std::fs::write("/tmp/hours_en.svg", hours_svg(&data).unwrap()).unwrap();
        data.lang = Lang::Ko;
        data.title = "시간대별 감시 비율".to_string();
        data.subtitle = "고양시 (가상 시간대 자료), 신규 CCTV 100대".to_string();
        data.periods = vec![
            ("야간".to_string(), vec![22, 23, 0, 1, 2, 3, 4, 5]),
            ("주간".to_string(), (6..22).collect()),
            ("출퇴근".to_string(), vec![7, 8, 17, 18]),
            ("심야".to_string(), vec![23]),
        ];
        std::fs::write("/tmp/hours_ko.svg", hours_svg(&data).unwrap()).unwrap();
        data.before = data.before.map(|share| share.map(|s| s / 2.0 + 0.5));
        data.after = data.after.map(|share| share.map(|s| s / 4.0 + 0.75));
        std::fs::write("/tmp/hours_tight.svg", hours_svg(&data).unwrap()).unwrap();
    }
}
