//! SVG pictures for analysts: a map of a plan ([`map_svg`]) and a coverage
//! curve ([`curve_svg`]).
//!
//! Inputs are plain data in a metric plane (metres, x east, y north), so
//! the pictures depend on nothing else in Sightline. The SVG text is
//! written by hand: every text and attribute is XML-escaped, coordinates
//! are rounded to 0.1 px, and nothing depends on hashing or timing, so the
//! same input always gives the same bytes. Write the bytes with
//! [`write_atomic`](crate::write_atomic) or
//! [`write_files_atomic`](crate::write_files_atomic).
//!
//! Non-finite numbers (NaN, ±∞) anywhere in the input are an
//! [`Error::Render`], never a broken picture.
//!
//! ```
//! use sightline_io::geo_types::{coord, polygon, MultiPolygon};
//! use sightline_io::svg::{map_svg, Camera, District, MapData};
//!
//! let map = MapData {
//!     title: "Hangdang-dong".to_string(),
//!     districts: vec![District::new(
//!         "행당1동",
//!         MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 900.0, y: 0.0), (x: 900.0, y: 600.0), (x: 0.0, y: 600.0)]]),
//!     )],
//!     new_cameras: vec![Camera::new(coord! { x: 450.0, y: 300.0 })],
//!     ..MapData::default()
//! };
//! let text = String::from_utf8(map_svg(&map).unwrap()).unwrap();
//! assert!(text.starts_with("<svg"));
//! assert!(text.contains("행당1동"));
//! assert!(text.contains(r#"class="new-camera" data-rank="1""#));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use geo::{Area, InteriorPoint};
use geo_types::{Coord, LineString, MultiPolygon};

use crate::Error;

/// The most demand squares or dots [`map_svg`] draws. Above it, demand is
/// merged into a coarser grid of squares (see [`MapData::demand`]).
///
/// # Examples
///
/// ```
/// assert_eq!(sightline_io::svg::MAX_DEMAND_MARKS, 20_000);
/// ```
pub const MAX_DEMAND_MARKS: usize = 20_000;

/// A named district (a dong, a ward) drawn as an outline with a light fill
/// and its name.
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::{polygon, MultiPolygon};
/// use sightline_io::svg::District;
///
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0)]]);
/// let district = District::new("Ilsan", square);
/// assert_eq!(district.name, "Ilsan");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// The name shown on the map (any Unicode; escaped on output).
    pub name: String,
    /// The district's area, in plane metres.
    pub shape: MultiPolygon<f64>,
}

impl District {
    /// A district of this name and shape (plane metres).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::geo_types::MultiPolygon;
    /// use sightline_io::svg::District;
    ///
    /// assert!(District::new("empty", MultiPolygon(vec![])).shape.0.is_empty());
    /// ```
    pub fn new(name: impl Into<String>, shape: MultiPolygon<f64>) -> Self {
        Self {
            name: name.into(),
            shape,
        }
    }
}

/// What a camera covers, drawn as an outline around it.
///
/// # Units
///
/// Metres and degrees; `heading_deg` is a compass heading (0 = north,
/// 90 = east), `fov_deg` the full opening angle.
///
/// # Examples
///
/// ```
/// use sightline_io::svg::Reach;
///
/// let cone = Reach::Cone { radius_m: 40.0, heading_deg: 90.0, fov_deg: 60.0 };
/// assert_ne!(cone, Reach::Disc { radius_m: 40.0 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reach {
    /// Everything within `radius_m`.
    Disc {
        /// The radius, in metres.
        radius_m: f64,
    },
    /// A sector of `fov_deg` degrees centred on `heading_deg`, out to
    /// `radius_m`.
    Cone {
        /// The range, in metres.
        radius_m: f64,
        /// Compass heading of the cone's axis, in degrees (0 = north,
        /// clockwise).
        heading_deg: f64,
        /// Full opening angle, in degrees, in (0, 360].
        fov_deg: f64,
    },
}

impl Reach {
    fn radius_m(&self) -> f64 {
        match *self {
            Reach::Disc { radius_m } | Reach::Cone { radius_m, .. } => radius_m,
        }
    }
}

/// A camera on the map: where it stands and, optionally, what it covers.
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::coord;
/// use sightline_io::svg::{Camera, Reach};
///
/// let camera = Camera::new(coord! { x: 10.0, y: 20.0 }).reach(Reach::Disc { radius_m: 50.0 });
/// assert_eq!(camera.reach, Some(Reach::Disc { radius_m: 50.0 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// The camera's position, in plane metres.
    pub at: Coord<f64>,
    /// What it covers, drawn as a disc or cone outline; `None` draws the
    /// camera alone.
    pub reach: Option<Reach>,
}

impl Camera {
    /// A camera at `at` (plane metres) with no coverage outline.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::geo_types::coord;
    /// use sightline_io::svg::Camera;
    ///
    /// assert_eq!(Camera::new(coord! { x: 1.0, y: 2.0 }).reach, None);
    /// ```
    pub fn new(at: Coord<f64>) -> Self {
        Self { at, reach: None }
    }

    /// The same camera with a coverage outline.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::geo_types::coord;
    /// use sightline_io::svg::{Camera, Reach};
    ///
    /// let camera = Camera::new(coord! { x: 1.0, y: 2.0 }).reach(Reach::Disc { radius_m: 30.0 });
    /// assert!(camera.reach.is_some());
    /// ```
    #[must_use]
    pub fn reach(mut self, reach: Reach) -> Self {
        self.reach = Some(reach);
        self
    }
}

/// Everything [`map_svg`] draws. Start from `MapData::default()` and fill
/// in what you have; empty layers are left out of the map and the legend.
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::coord;
/// use sightline_io::svg::MapData;
///
/// let map = MapData {
///     title: "Goyang".to_string(),
///     subtitle: "12 new cameras · coverage 63.1% → 78.4%".to_string(),
///     demand: vec![(coord! { x: 50.0, y: 50.0 }, 3.0), (coord! { x: 150.0, y: 50.0 }, 1.0)],
///     cell_size_m: Some(100.0),
///     ..MapData::default()
/// };
/// assert!(sightline_io::svg::map_svg(&map).is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapData {
    /// The title, on top.
    pub title: String,
    /// A line under the title, e.g. `12 new cameras · coverage 63.1% → 78.4%`.
    pub subtitle: String,
    /// Districts, drawn as outlines with a light fill and their names.
    /// Names that would overlap an already placed name are left out of
    /// the map (larger districts are placed first); every district keeps
    /// its name as a tooltip.
    pub districts: Vec<District>,
    /// Demand: positions (plane metres) and weights, which must be finite
    /// and not negative; zero weights are not drawn. Coloured from light
    /// yellow to dark red by quantile class of weight. With
    /// [`cell_size_m`](Self::cell_size_m) each is a grid cell centre drawn
    /// as a square, else a point drawn as a dot. With more than
    /// [`MAX_DEMAND_MARKS`] positive weights, demand is merged into a
    /// coarser grid of squares (an integer multiple of the cell size, or a
    /// size chosen from the extent for points) whose weights are the sums
    /// of their members, so that the file stays small; the legend says so.
    pub demand: Vec<(Coord<f64>, f64)>,
    /// The side of a demand grid cell, in metres; `None` for points.
    pub cell_size_m: Option<f64>,
    /// What the demand weight is, for the legend (e.g. `Incidents per
    /// cell`); empty gives `Demand (weight)`.
    pub demand_label: String,
    /// Cameras already installed: small grey circles.
    pub existing: Vec<Camera>,
    /// New cameras in rank order: the first is rank 1. Each is one
    /// `<g class="new-camera" data-rank="k">` holding a numbered dark
    /// circle; outlines of their reach are drawn underneath all markers.
    pub new_cameras: Vec<Camera>,
}

/// A coverage curve for [`curve_svg`]: coverage against the number of new
/// cameras k = 1..p.
///
/// # The knee
///
/// With [`knee_share`](Self::knee_share) = `s`, the chart marks the knee
/// given by [`knee`]: the smallest k after which one more camera adds less
/// than `s` times what the first camera added.
///
/// # Examples
///
/// ```
/// use sightline_io::svg::CurveData;
///
/// let curve = CurveData {
///     title: "Coverage by number of new cameras".to_string(),
///     y_label: "Covered demand (%)".to_string(),
///     covered: vec![70.0, 74.0, 76.0, 77.0],
///     upper_bound: vec![Some(72.0), None, Some(78.0), Some(78.5)],
///     baseline: Some(63.1),
///     knee_share: Some(0.25),
///     ..CurveData::default()
/// };
/// assert!(sightline_io::svg::curve_svg(&curve).is_ok());
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
    /// Mark the knee (see [`knee`]) for this share, e.g. `0.25`; in (0, 1].
    pub knee_share: Option<f64>,
}

/// The knee of a coverage curve: the smallest k (1-based) such that camera
/// k + 1 adds less than `share` times what camera 1 added, or `None` when
/// no camera does (or camera 1 added nothing).
///
/// Camera 1's gain is `covered[0] - baseline`, measured from 0 without a
/// baseline; camera k's gain is `covered[k-1] - covered[k-2]`.
///
/// # Examples
///
/// ```
/// use sightline_io::svg::knee;
///
/// // Gains: 10, 6, 2 (< 25% of 10), 1.
/// let covered = [60.0, 66.0, 68.0, 69.0];
/// assert_eq!(knee(&covered, Some(50.0), 0.25), Some(2));
/// assert_eq!(knee(&covered, Some(50.0), 0.05), None);
/// ```
pub fn knee(covered: &[f64], baseline: Option<f64>, share: f64) -> Option<usize> {
    let first_gain = covered.first()? - baseline.unwrap_or(0.0);
    if first_gain.is_nan() || first_gain <= 0.0 {
        return None;
    }
    covered
        .windows(2)
        .position(|pair| pair[1] - pair[0] < share * first_gain)
        .map(|index| index + 1)
}

// ---------------------------------------------------------------------------
// The writer.

/// Fonts tried in order: Latin first, then common Korean fonts, so that
/// Hangul names render wherever a Korean font exists.
const FONTS: &str =
    "DejaVu Sans, Noto Sans, NanumGothic, Noto Sans CJK KR, Malgun Gothic, Apple SD Gothic Neo, sans-serif";

/// Appends `text` XML-escaped; characters XML 1.0 forbids become U+FFFD,
/// and line breaks and tabs become spaces.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A pixel coordinate: rounded to 0.1, without a trailing `.0` or `-0`.
fn px(value: f64) -> String {
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// SVG text under construction.
struct Svg {
    out: String,
}

impl Svg {
    fn new() -> Self {
        Self { out: String::new() }
    }

    fn tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.tag(name, attributes);
        self.out.push_str(">\n");
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.tag(name, attributes);
        self.out.push_str("/>\n");
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element holding only text.
    fn text(&mut self, name: &str, attributes: &[(&str, &str)], content: &str) {
        self.tag(name, attributes);
        self.out.push('>');
        escape_into(&mut self.out, content);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// A `<text>` at (x, y) with the given size and further attributes.
    fn label(&mut self, x: f64, y: f64, size: f64, attributes: &[(&str, &str)], content: &str) {
        let (x, y, size) = (px(x), px(y), px(size));
        let mut all: Vec<(&str, &str)> = vec![("x", &x), ("y", &y), ("font-size", &size)];
        all.extend_from_slice(attributes);
        self.text("text", &all, content);
    }

    /// The document: a white canvas of this size around `body`.
    fn document(width: f64, height: f64, title: &str, body: &str) -> Vec<u8> {
        let mut svg = Svg::new();
        let (w, h) = (px(width), px(height));
        let view_box = format!("0 0 {w} {h}");
        svg.open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("width", &w),
                ("height", &h),
                ("viewBox", &view_box),
                ("font-family", FONTS),
            ],
        );
        svg.text("title", &[], title);
        svg.empty("rect", &[("width", &w), ("height", &h), ("fill", "#ffffff")]);
        svg.out.push_str(body);
        svg.close("svg");
        svg.out.into_bytes()
    }
}

/// About how wide `text` is at this font size: Hangul and other wide
/// characters take a full em, the rest about 0.62 em (DejaVu Sans).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x11FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 => 1.0,
            _ => 0.62,
        })
        .sum::<f64>()
        * size
}

/// The font size, at most `size`, at which `text` fits in `width`.
fn fitted_size(text: &str, size: f64, width: f64, min: f64) -> f64 {
    let needed = text_width(text, size);
    if needed <= width {
        size
    } else {
        (size * width / needed).max(min)
    }
}

/// The largest of 1, 2, 5 × 10^n that is at most `limit` (> 0).
fn round_down_125(limit: f64) -> f64 {
    let exponent = limit.log10().floor() as i32;
    let power = 10f64.powi(exponent);
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&value| value <= limit * (1.0 + 1e-9))
        .unwrap_or(power)
}

/// The smallest of 1, 2, 5 × 10^n that is at least `limit` (> 0).
fn round_up_125(limit: f64) -> f64 {
    let exponent = limit.log10().floor() as i32;
    let power = 10f64.powi(exponent);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&value| value >= limit * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// Decimals needed to show multiples of `step` exactly.
fn decimals_for(step: f64) -> usize {
    (-step.log10().floor()).max(0.0) as usize
}

/// A number for people: thousands separated, about 3 significant digits,
/// no trailing zeros.
fn readable(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1000.0 {
        return crate::group_thousands(&format!("{value:.0}"));
    }
    let decimals = if magnitude == 0.0 {
        0
    } else {
        (2 - magnitude.log10().floor() as i32).clamp(0, 6) as usize
    };
    trim_zeros(format!("{value:.decimals$}"))
}

fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

fn render_error(reason: String) -> Error {
    Error::Render { reason }
}

fn check_finite(value: f64, what: impl FnOnce() -> String) -> Result<(), Error> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(render_error(format!(
            "{} is {value}, not a finite number",
            what()
        )))
    }
}

fn check_coord(at: Coord<f64>, what: impl Fn() -> String) -> Result<(), Error> {
    if at.x.is_finite() && at.y.is_finite() {
        Ok(())
    } else {
        Err(render_error(format!(
            "{}: coordinate ({:?}, {:?}) is not finite",
            what(),
            at.x,
            at.y
        )))
    }
}

// ---------------------------------------------------------------------------
// The map.

/// The ramp of demand colours, light yellow to dark red (ColorBrewer YlOrRd).
const RAMP: [&str; 7] = [
    "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
];
const DISTRICT_FILL: &str = "#f3f1ec";
const DISTRICT_STROKE: &str = "#5f5f5f";
const EXISTING_FILL: &str = "#9aa5b4";
const EXISTING_STROKE: &str = "#3e4c5e";
const NEW_FILL: &str = "#1f2a7a";

const WIDTH: f64 = 1000.0;
const MARGIN: f64 = 24.0;
const HEADER: f64 = 84.0;
const MAP_WIDTH: f64 = 700.0;
const MAP_MAX_HEIGHT: f64 = 820.0;
const LEGEND_X: f64 = MARGIN + MAP_WIDTH + 24.0;
const LEGEND_WIDTH: f64 = WIDTH - MARGIN - LEGEND_X;
const SCALE_MAX_PX: f64 = 160.0;

/// From plane metres to canvas pixels, north up.
struct Frame {
    min: Coord<f64>,
    max: Coord<f64>,
    scale: f64,
    left: f64,
    top: f64,
}

impl Frame {
    fn new(min: Coord<f64>, max: Coord<f64>) -> Self {
        let (dx, dy) = (max.x - min.x, max.y - min.y);
        let scale = (MAP_WIDTH / dx).min(MAP_MAX_HEIGHT / dy);
        Self {
            min,
            max,
            scale,
            left: MARGIN + (MAP_WIDTH - dx * scale) / 2.0,
            top: HEADER,
        }
    }

    fn x(&self, x: f64) -> f64 {
        self.left + (x - self.min.x) * self.scale
    }

    fn y(&self, y: f64) -> f64 {
        self.top + (self.max.y - y) * self.scale
    }

    fn width(&self) -> f64 {
        (self.max.x - self.min.x) * self.scale
    }

    fn height(&self) -> f64 {
        (self.max.y - self.min.y) * self.scale
    }
}

/// A drawn demand mark: a square of `size` metres or a dot.
struct Mark {
    at: Coord<f64>,
    weight: f64,
}

/// Renders a map of districts, demand, existing and new cameras as SVG,
/// north up, fitted to a canvas 1000 px wide with the legend, a scale bar
/// and a north arrow in a column to the right of the map.
///
/// See [`MapData`] for what is drawn and how; large demand layers are
/// merged into at most about [`MAX_DEMAND_MARKS`] squares.
///
/// # Errors
///
/// [`Error::Render`] when a coordinate, weight, radius or angle is NaN or
/// infinite, a weight is negative, the cell size or a radius is not
/// positive, or a field of view is outside (0, 360].
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::coord;
/// use sightline_io::svg::{map_svg, Camera, MapData, Reach};
///
/// let map = MapData {
///     title: "Two new cameras".to_string(),
///     existing: vec![Camera::new(coord! { x: 0.0, y: 0.0 }).reach(Reach::Disc { radius_m: 50.0 })],
///     new_cameras: vec![
///         Camera::new(coord! { x: 300.0, y: 100.0 }),
///         Camera::new(coord! { x: 100.0, y: 400.0 }),
///     ],
///     ..MapData::default()
/// };
/// let text = String::from_utf8(map_svg(&map).unwrap()).unwrap();
/// assert_eq!(text.matches(r#"class="new-camera""#).count(), 2);
///
/// let broken = MapData { new_cameras: vec![Camera::new(coord! { x: f64::NAN, y: 0.0 })], ..MapData::default() };
/// assert!(map_svg(&broken).is_err());
/// ```
pub fn map_svg(map: &MapData) -> Result<Vec<u8>, Error> {
    check_map(map)?;
    let frame = Frame::new_for(map);
    let (marks, mark_size_m) = demand_marks(map);
    let classes = Classes::new(&marks);

    let mut body = Svg::new();
    header(&mut body, &map.title, &map.subtitle, WIDTH - 2.0 * MARGIN);

    let (fw, fh) = (px(frame.width()), px(frame.height()));
    let (fl, ft) = (px(frame.left), px(frame.top));
    body.empty(
        "rect",
        &[
            ("class", "map-frame"),
            ("x", &fl),
            ("y", &ft),
            ("width", &fw),
            ("height", &fh),
            ("fill", "#fbfbfa"),
            ("stroke", "#c8c8c8"),
        ],
    );

    // District fills under the demand, outlines over it.
    let paths: Vec<String> = map
        .districts
        .iter()
        .map(|district| multipolygon_path(&frame, &district.shape))
        .collect();
    body.open(
        "g",
        &[
            ("class", "districts"),
            ("fill", DISTRICT_FILL),
            ("fill-rule", "evenodd"),
        ],
    );
    for (district, path) in map.districts.iter().zip(&paths) {
        if path.is_empty() {
            continue;
        }
        body.open("path", &[("class", "district"), ("d", path)]);
        body.text("title", &[], &district.name);
        body.close("path");
    }
    body.close("g");

    draw_demand(&mut body, &frame, &marks, mark_size_m, &classes);

    body.open(
        "g",
        &[
            ("class", "district-outlines"),
            ("fill", "none"),
            ("stroke", DISTRICT_STROKE),
            ("stroke-width", "1.2"),
            ("stroke-linejoin", "round"),
        ],
    );
    for path in paths.iter().filter(|path| !path.is_empty()) {
        body.empty("path", &[("d", path)]);
    }
    body.close("g");

    draw_reaches(
        &mut body,
        &frame,
        &map.existing,
        "existing-reach",
        "#4f6f9f",
        "0.8",
    );
    body.open(
        "g",
        &[
            ("class", "existing-cameras"),
            ("fill", EXISTING_FILL),
            ("stroke", EXISTING_STROKE),
            ("stroke-width", "1"),
        ],
    );
    for camera in &map.existing {
        let (cx, cy) = (px(frame.x(camera.at.x)), px(frame.y(camera.at.y)));
        body.empty(
            "circle",
            &[
                ("class", "existing-camera"),
                ("cx", &cx),
                ("cy", &cy),
                ("r", "3.5"),
            ],
        );
    }
    body.close("g");

    draw_district_names(&mut body, &frame, &map.districts, &map.new_cameras);

    draw_reaches(&mut body, &frame, &map.new_cameras, "new-reach", NEW_FILL, "1.4");
    draw_new_cameras(&mut body, &frame, &map.new_cameras);

    let legend_bottom = draw_legend(&mut body, map, &frame, &classes, mark_size_m);

    let height = (frame.top + frame.height()).max(legend_bottom) + MARGIN;
    Ok(Svg::document(WIDTH, height, &map.title, &body.out))
}

fn check_map(map: &MapData) -> Result<(), Error> {
    for (index, district) in map.districts.iter().enumerate() {
        for polygon in &district.shape.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for &c in &ring.0 {
                    check_coord(c, || format!("district {index} ({})", district.name))?;
                }
            }
        }
    }
    for (index, &(at, weight)) in map.demand.iter().enumerate() {
        check_coord(at, || format!("demand {index}"))?;
        check_finite(weight, || format!("demand {index}: the weight"))?;
        if weight < 0.0 {
            return Err(render_error(format!(
                "demand {index}: the weight is {weight}, expected ≥ 0"
            )));
        }
    }
    if let Some(size) = map.cell_size_m
        && !(size.is_finite() && size > 0.0)
    {
        return Err(render_error(format!(
            "the cell size is {size} m, expected a positive number"
        )));
    }
    for (layer, cameras) in [
        ("existing camera", &map.existing),
        ("new camera", &map.new_cameras),
    ] {
        for (index, camera) in cameras.iter().enumerate() {
            let what = || format!("{layer} {index}");
            check_coord(camera.at, what)?;
            let Some(reach) = camera.reach else { continue };
            let radius = reach.radius_m();
            if !(radius.is_finite() && radius > 0.0) {
                return Err(render_error(format!(
                    "{}: the radius is {radius} m, expected a positive number",
                    what()
                )));
            }
            if let Reach::Cone {
                heading_deg, fov_deg, ..
            } = reach
            {
                check_finite(heading_deg, || format!("{}: the heading", what()))?;
                if !(fov_deg > 0.0 && fov_deg <= 360.0) {
                    return Err(render_error(format!(
                        "{}: the field of view is {fov_deg}°, expected (0, 360]",
                        what()
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The smallest box holding some points, each with a margin.
struct Bounds {
    min: Coord<f64>,
    max: Coord<f64>,
}

impl Bounds {
    /// Holds nothing yet (infinite corners).
    fn empty() -> Self {
        Self {
            min: Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            max: Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        }
    }

    /// Grows to hold the square of half-side `r` around `c`.
    fn add(&mut self, c: Coord<f64>, r: f64) {
        self.min.x = self.min.x.min(c.x - r);
        self.min.y = self.min.y.min(c.y - r);
        self.max.x = self.max.x.max(c.x + r);
        self.max.y = self.max.y.max(c.y + r);
    }
}

impl Frame {
    /// The frame around everything drawn, padded by 3%; a 1 km square
    /// around the data (or the origin) when it has no extent.
    fn new_for(map: &MapData) -> Self {
        let mut bounds = Bounds::empty();
        let mut add = |c: Coord<f64>, r: f64| bounds.add(c, r);
        for district in &map.districts {
            for polygon in &district.shape.0 {
                for &c in &polygon.exterior().0 {
                    add(c, 0.0);
                }
            }
        }
        let half_cell = map.cell_size_m.unwrap_or(0.0) / 2.0;
        for &(at, weight) in &map.demand {
            if weight > 0.0 {
                add(at, half_cell);
            }
        }
        for camera in map.existing.iter().chain(&map.new_cameras) {
            add(camera.at, camera.reach.map_or(0.0, |r| r.radius_m()));
        }
        let Bounds { mut min, mut max } = bounds;
        if !min.x.is_finite() {
            min = Coord { x: 0.0, y: 0.0 };
            max = min;
        }
        let (dx, dy) = (max.x - min.x, max.y - min.y);
        // Very thin extents (a row of cameras) get at least a fifth of the
        // longer side across, so that the map is not a sliver.
        let floor = (dx.max(dy) / 5.0).max(1.0);
        let grow = |lo: &mut f64, hi: &mut f64, span: f64| {
            let wanted = if span < floor { floor } else { span * 1.06 };
            let middle = (*lo + *hi) / 2.0;
            *lo = middle - wanted / 2.0;
            *hi = middle + wanted / 2.0;
        };
        if dx.max(dy) <= 0.0 {
            let middle = min;
            min = Coord {
                x: middle.x - 500.0,
                y: middle.y - 500.0,
            };
            max = Coord {
                x: middle.x + 500.0,
                y: middle.y + 500.0,
            };
        } else {
            grow(&mut min.x, &mut max.x, dx);
            grow(&mut min.y, &mut max.y, dy);
        }
        Frame::new(min, max)
    }
}

fn header(body: &mut Svg, title: &str, subtitle: &str, width: f64) {
    if !title.is_empty() {
        let size = fitted_size(title, 22.0, width, 11.0);
        body.label(
            MARGIN,
            MARGIN + 18.0,
            size,
            &[("class", "title"), ("font-weight", "bold"), ("fill", "#1d1d1d")],
            title,
        );
    }
    if !subtitle.is_empty() {
        let size = fitted_size(subtitle, 15.0, width, 9.0);
        body.label(
            MARGIN,
            MARGIN + 44.0,
            size,
            &[("class", "subtitle"), ("fill", "#555555")],
            subtitle,
        );
    }
}

/// SVG path data for a multipolygon, skipping vertices that fall on the
/// previous one at 0.1 px.
fn multipolygon_path(frame: &Frame, shape: &MultiPolygon<f64>) -> String {
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

/// The demand marks to draw and, for squares, their side in metres.
fn demand_marks(map: &MapData) -> (Vec<Mark>, Option<f64>) {
    let positive: Vec<Mark> = map
        .demand
        .iter()
        .filter(|(_, weight)| *weight > 0.0)
        .map(|&(at, weight)| Mark { at, weight })
        .collect();
    if positive.len() <= MAX_DEMAND_MARKS {
        return (positive, map.cell_size_m);
    }
    let mut bounds = Bounds::empty();
    for mark in &positive {
        bounds.add(mark.at, 0.0);
    }
    let Bounds { min, max } = bounds;
    // Cells merge f × f at a time on a grid aligned with their edges (for
    // a regular grid); points go into squares of a size from the extent.
    let (origin, base) = match map.cell_size_m {
        Some(cell) => (
            Coord {
                x: min.x - cell / 2.0,
                y: min.y - cell / 2.0,
            },
            cell,
        ),
        None => (min, ((max.x - min.x).max(max.y - min.y) / 1000.0).max(1e-9)),
    };
    let mut factor = ((positive.len() as f64 / MAX_DEMAND_MARKS as f64).sqrt().floor() as u64).max(2);
    loop {
        let size = base * factor as f64;
        let mut bins: BTreeMap<(i64, i64), f64> = BTreeMap::new();
        for mark in &positive {
            let key = (
                ((mark.at.x - origin.x) / size).floor() as i64,
                ((mark.at.y - origin.y) / size).floor() as i64,
            );
            *bins.entry(key).or_insert(0.0) += mark.weight;
        }
        if bins.len() <= MAX_DEMAND_MARKS {
            let marks = bins
                .into_iter()
                .map(|((i, j), weight)| Mark {
                    at: Coord {
                        x: origin.x + (i as f64 + 0.5) * size,
                        y: origin.y + (j as f64 + 0.5) * size,
                    },
                    weight,
                })
                .collect();
            return (marks, Some(size));
        }
        factor += 1;
    }
}

/// Quantile classes of the drawn weights.
struct Classes {
    /// Upper bound of each class, increasing; the last is the maximum.
    uppers: Vec<f64>,
    /// The smallest weight.
    min: f64,
}

impl Classes {
    fn new(marks: &[Mark]) -> Self {
        let mut weights: Vec<f64> = marks.iter().map(|mark| mark.weight).collect();
        weights.sort_by(f64::total_cmp);
        let mut uppers: Vec<f64> = Vec::new();
        if let Some(&min) = weights.first() {
            let n = weights.len();
            for i in 1..=RAMP.len() {
                let upper = weights[(i * n).div_ceil(RAMP.len()) - 1];
                if uppers.last() != Some(&upper) {
                    uppers.push(upper);
                }
            }
            return Self { uppers, min };
        }
        Self { uppers, min: 0.0 }
    }

    fn class_of(&self, weight: f64) -> usize {
        self.uppers
            .iter()
            .position(|&upper| weight <= upper)
            .unwrap_or(self.uppers.len().saturating_sub(1))
    }

    /// The ramp colour of a class, spread over the whole ramp.
    fn colour(&self, class: usize) -> &'static str {
        let n = self.uppers.len();
        if n <= 1 {
            // Uniform demand (area mode, say) is a backdrop, not a hot spot.
            return RAMP[1];
        }
        RAMP[(class * (RAMP.len() - 1) + (n - 1) / 2) / (n - 1)]
    }
}

fn draw_demand(body: &mut Svg, frame: &Frame, marks: &[Mark], size_m: Option<f64>, classes: &Classes) {
    if marks.is_empty() {
        return;
    }
    let mut paths = vec![String::new(); classes.uppers.len()];
    for mark in marks {
        let d = &mut paths[classes.class_of(mark.weight)];
        let (x, y) = (frame.x(mark.at.x), frame.y(mark.at.y));
        match size_m {
            Some(size) => {
                let side = (size * frame.scale).max(1.0);
                let _ = write!(
                    d,
                    "M{} {}h{}v{}h-{}z",
                    px(x - side / 2.0),
                    px(y - side / 2.0),
                    px(side),
                    px(side),
                    px(side)
                );
            }
            None => {
                let r = 2.2;
                let _ = write!(
                    d,
                    "M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 -{} 0z",
                    px(x - r),
                    px(y),
                    px(2.0 * r),
                    px(2.0 * r)
                );
            }
        }
    }
    let kind = if size_m.is_some() {
        "demand cells"
    } else {
        "demand points"
    };
    let mut group: Vec<(&str, &str)> = vec![("class", kind)];
    if size_m.is_some() {
        group.push(("shape-rendering", "crispEdges"));
    } else {
        // The palest dots would vanish on the light background.
        group.extend_from_slice(&[
            ("stroke", "#8c7b4f"),
            ("stroke-opacity", "0.45"),
            ("stroke-width", "0.5"),
        ]);
    }
    body.open("g", &group);
    for (class, d) in paths.iter().enumerate() {
        if !d.is_empty() {
            let name = format!("demand-class-{}", class + 1);
            body.empty(
                "path",
                &[("class", &name), ("fill", classes.colour(class)), ("d", d)],
            );
        }
    }
    body.close("g");
}

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

fn draw_reaches(body: &mut Svg, frame: &Frame, cameras: &[Camera], class: &str, colour: &str, width: &str) {
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
fn marker_radius(rank: usize) -> f64 {
    if rank >= 100 { 11.0 } else { 9.0 }
}

fn new_camera_marker(body: &mut Svg, x: f64, y: f64, rank: usize, class: &str) {
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

fn draw_new_cameras(body: &mut Svg, frame: &Frame, cameras: &[Camera]) {
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

/// Names districts at an interior point of their largest polygon, moved
/// up or down a line to stay clear of other names and of new-camera
/// markers; a name that cannot be placed clear of other names is left out.
fn draw_district_names(body: &mut Svg, frame: &Frame, districts: &[District], new_cameras: &[Camera]) {
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

/// Draws the legend, scale bar and north arrow in the right-hand column;
/// returns the y of its bottom.
fn draw_legend(
    body: &mut Svg,
    map: &MapData,
    frame: &Frame,
    classes: &Classes,
    mark_size_m: Option<f64>,
) -> f64 {
    let x = LEGEND_X;
    let mut y = HEADER + 4.0;
    let text_x = x + 30.0;
    let width = LEGEND_WIDTH - 30.0;
    body.open("g", &[("class", "legend"), ("fill", "#222222")]);
    body.label(x, y + 12.0, 14.0, &[("font-weight", "bold")], "Legend");
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
        entry(body, y, "District");
        y += 26.0;
    }

    if !classes.uppers.is_empty() {
        let label = if map.demand_label.trim().is_empty() {
            "Demand (weight)"
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
            let text = if lower == upper || class == 0 && classes.uppers.len() == 1 {
                readable(upper)
            } else if class == 0 {
                format!("{} – {}", readable(lower), readable(upper))
            } else {
                format!("> {} – {}", readable(lower), readable(upper))
            };
            entry(body, y, &text);
            lower = upper;
            y += 17.0;
        }
        let note = match (map.cell_size_m, mark_size_m) {
            (_, Some(size)) if map.cell_size_m != mark_size_m => {
                let what = if map.cell_size_m.is_some() {
                    "cells"
                } else {
                    "points"
                };
                Some(format!("{what} merged into {} squares", length_text(size)))
            }
            _ => None,
        };
        let quantiles = "colour classes: quantiles";
        body.label(x, y + 4.0, 10.0, &[("fill", "#666666")], quantiles);
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
        let text = if map.existing.iter().any(|camera| camera.reach.is_some()) {
            "Existing camera + reach"
        } else {
            "Existing camera"
        };
        entry(body, y, text);
        y += 26.0;
    }

    if !map.new_cameras.is_empty() {
        new_camera_marker(body, x + 10.0, y, 1, "legend-new-camera");
        let text = if map.new_cameras.iter().any(|camera| camera.reach.is_some()) {
            "New camera (rank) + reach"
        } else {
            "New camera (rank)"
        };
        entry(body, y, text);
        y += 28.0;
    }
    body.close("g");

    // The north arrow's letter stands 28 px above its centre.
    y += 36.0;
    draw_scale_bar(body, frame, x, y);
    draw_north_arrow(body, x + LEGEND_WIDTH - 24.0, y + 4.0);
    y + 40.0
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

fn draw_north_arrow(body: &mut Svg, x: f64, y: f64) {
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
        "N",
    );
    body.close("g");
}

// ---------------------------------------------------------------------------
// The curve.

const CURVE_WIDTH: f64 = 900.0;
const CURVE_HEIGHT: f64 = 540.0;
const PLOT_LEFT: f64 = 96.0;
const PLOT_TOP: f64 = 88.0;
const PLOT_WIDTH: f64 = 548.0;
const PLOT_HEIGHT: f64 = 380.0;
const COVERED_COLOUR: &str = "#1f2a7a";
const BOUND_COLOUR: &str = "#c0392b";
const BASELINE_COLOUR: &str = "#7f8c8d";

/// Renders a coverage curve as an SVG line chart (900 × 540 px): coverage
/// against k = 1..p with a point per k, the upper bound as a dashed line
/// where known, the baseline as a horizontal line, nice ticks, axis titles,
/// a legend to the right, and the knee (see [`knee`]) marked with a
/// vertical line when [`CurveData::knee_share`] is set and a knee exists.
///
/// The y axis starts at 0 when the lowest value is at most half the
/// highest, else just below the lowest value.
///
/// # Errors
///
/// [`Error::Render`] when `covered` is empty, `upper_bound` is neither
/// empty nor as long as `covered`, a value is NaN or infinite, or
/// `knee_share` is outside (0, 1].
///
/// # Examples
///
/// ```
/// use sightline_io::svg::{curve_svg, CurveData};
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
        let text = crate::group_thousands(&trim_zeros(format!("{value:.tick_decimals$}")));
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
        "Number of new cameras (k)",
    );
    let y_label = if curve.y_label.trim().is_empty() {
        "Coverage"
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
    let knee_at = curve
        .knee_share
        .and_then(|share| knee(&curve.covered, curve.baseline, share));
    if let Some(k) = knee_at {
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
            &format!("knee: k = {k}"),
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
    line_entry(&mut body, ly, COVERED_COLOUR, "", "Covered (plan)");
    ly += 22.0;
    if !runs.is_empty() {
        line_entry(&mut body, ly, BOUND_COLOUR, "6 4", "Upper bound");
        ly += 22.0;
    }
    if curve.baseline.is_some() {
        line_entry(&mut body, ly, BASELINE_COLOUR, "8 3 2 3", "Before new cameras");
        ly += 22.0;
    }
    if let (Some(k), Some(share)) = (knee_at, curve.knee_share) {
        line_entry(&mut body, ly, "#e67e22", "2 3", &format!("Knee (k = {k})"));
        ly += 18.0;
        let percent = readable(share * 100.0);
        for line in [
            format!("after k = {k}, one more camera"),
            format!("adds < {percent}% of what"),
            "the first one added".to_string(),
        ] {
            body.label(lx + 34.0, ly + 4.0, 10.5, &[("fill", "#555555")], &line);
            ly += 14.0;
        }
    }
    body.close("g");

    Ok(Svg::document(CURVE_WIDTH, CURVE_HEIGHT, &curve.title, &body.out))
}

fn check_curve(curve: &CurveData) -> Result<(), Error> {
    if curve.covered.is_empty() {
        return Err(render_error("the coverage curve has no values".to_string()));
    }
    for (k, &value) in curve.covered.iter().enumerate() {
        check_finite(value, || format!("covered at k = {}", k + 1))?;
    }
    if !curve.upper_bound.is_empty() && curve.upper_bound.len() != curve.covered.len() {
        return Err(render_error(format!(
            "{} upper bounds for {} coverage values; expected none or one per k",
            curve.upper_bound.len(),
            curve.covered.len()
        )));
    }
    for (k, value) in curve.upper_bound.iter().enumerate() {
        if let Some(value) = value {
            check_finite(*value, || format!("the upper bound at k = {}", k + 1))?;
        }
    }
    if let Some(baseline) = curve.baseline {
        check_finite(baseline, || "the baseline".to_string())?;
    }
    if let Some(share) = curve.knee_share
        && !(share > 0.0 && share <= 1.0)
    {
        return Err(render_error(format!(
            "the knee share is {share}, expected (0, 1]"
        )));
    }
    Ok(())
}

/// The y axis: (min, max, step) with nice ticks.
fn y_axis(lowest: f64, highest: f64) -> (f64, f64, f64) {
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
    fn escaping_covers_markup_and_control_characters() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"c'\u{1}\n행당");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD} 행당");
    }

    #[test]
    fn pixels_are_short() {
        assert_eq!(px(1.0), "1");
        assert_eq!(px(1.04), "1");
        assert_eq!(px(-0.01), "0");
        assert_eq!(px(12.345), "12.3");
    }

    #[test]
    fn round_lengths() {
        assert_eq!(round_down_125(160.0), 100.0);
        assert_eq!(round_down_125(499.0), 200.0);
        assert_eq!(round_down_125(500.0), 500.0);
        assert_eq!(round_down_125(0.3), 0.2);
        assert_eq!(round_up_125(0.3), 0.5);
        assert_eq!(round_up_125(7.0), 10.0);
        assert_eq!(length_text(2000.0), "2 km");
        assert_eq!(length_text(500.0), "500 m");
        assert_eq!(length_text(0.5), "0.5 m");
    }

    #[test]
    fn readable_numbers() {
        assert_eq!(readable(12345.6), "12,346");
        assert_eq!(readable(0.012345), "0.0123");
        assert_eq!(readable(3.0), "3");
        assert_eq!(readable(63.14), "63.1");
        assert_eq!(readable(-2500.0), "-2,500");
        assert_eq!(crate::group_thousands("-1234567.25"), "-1,234,567.25");
        assert_eq!(crate::group_thousands("999"), "999");
    }

    #[test]
    fn y_axis_includes_zero_for_wide_ranges() {
        assert_eq!(y_axis(10.0, 80.0), (0.0, 80.0, 20.0));
        let (min, max, step) = y_axis(63.1, 78.4);
        assert!(min <= 63.1 && max >= 78.4 && step > 0.0, "{min} {max} {step}");
        let (min, max, _) = y_axis(5.0, 5.0);
        assert!(min < 5.0 && max > 5.0);
    }
}
