//! `report.html`: one self-contained page to explore a plan in a browser
//! ([`report_html`]).
//!
//! Rust checks the data and writes it once, as JSON with integer
//! coordinates, into the page; the page's script (`page.js`, `place.js`
//! and `panel.js`, plain ES2018) builds the map with the vendored Leaflet
//! 1.9.4 and the side panel from it. Big layers (demand, blind spots, records, existing
//! cameras) are drawn on canvases from flat arrays, never as one DOM node
//! per feature.

mod data;
mod demand;
mod encode;
#[cfg(test)]
mod tests;
mod text;

use geo_types::{Coord, MultiPolygon, Polygon};

use crate::svg::escape_attribute_into;
use crate::{Error, Lang};

/// The most demand marks `report.html` draws: above it, demand is merged
/// into coarser squares (sums of weights), as `map.svg` does above
/// [`MAX_DEMAND_MARKS`](crate::MAX_DEMAND_MARKS), and the legend says so.
///
/// # Examples
///
/// ```
/// assert_eq!(sightline_render::MAX_PAGE_DEMAND_MARKS, 50_000);
/// ```
pub const MAX_PAGE_DEMAND_MARKS: usize = 50_000;

/// Leaflet 1.9.4 (BSD-2-Clause), vendored unchanged.
const LEAFLET_JS: &str = include_str!("../../vendor/leaflet-1.9.4/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../vendor/leaflet-1.9.4/leaflet.css");
/// The page's script, in three files that make one function (the map;
/// names, badges and the first view; the side panel and the test hook).
const PAGE_JS: &str = include_str!("page.js");
const PLACE_JS: &str = include_str!("place.js");
const PANEL_JS: &str = include_str!("panel.js");
const PAGE_CSS: &str = include_str!("page.css");

/// Catches every script error and unhandled rejection from the start, for
/// the test hook (`?test`) to report.
const ERROR_CAPTURE: &str = "window.__slErrors=[];\
window.addEventListener('error',function(e){window.__slErrors.push(String(e.message||e.type))});\
window.addEventListener('unhandledrejection',function(e){window.__slErrors.push('unhandled rejection: '+String(e.reason))});";

/// A district on the page: its outline, name and figures (shown when it is
/// clicked).
#[derive(Debug, Clone, PartialEq)]
pub struct PageDistrict {
    /// The name shown on the map.
    pub name: String,
    /// The district's area (see [`PageData::lonlat`] for the units).
    pub shape: MultiPolygon<f64>,
    /// Demand points (or cells) in it.
    pub demand_points: usize,
    /// Its demand weight.
    pub demand: f64,
    /// Of it, what the existing cameras cover.
    pub covered_before: f64,
    /// Of it, what is covered with the plan.
    pub covered_after: f64,
    /// New cameras placed in it.
    pub cameras_added: usize,
}

/// A camera on the page: a new one (rank ≥ 1) or an existing one (rank 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageCamera {
    /// Where it stands.
    pub at: Coord<f64>,
    /// 1 for the first new camera chosen, 2 for the next...; 0 for an
    /// existing camera.
    pub rank: usize,
    /// The site's id (empty for an existing camera).
    pub site_id: String,
    /// The site's label (a pole's name), if any.
    pub label: Option<String>,
    /// The district it lies in, if any.
    pub district: Option<String>,
    /// The demand weight it newly covered when it was chosen.
    pub gain: f64,
    /// Its camera type, with camera types.
    pub camera_type: Option<String>,
    /// Compass heading of a fixed camera, degrees clockwise from north.
    pub heading_deg: Option<f64>,
    /// What it sees: its view disc or cone cut by buildings; `None` draws
    /// the camera alone.
    pub reach: Option<Polygon<f64>>,
}

/// One period of the day on the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PagePeriod {
    /// Its name (`night`).
    pub name: String,
    /// Its hours, as written (`22-06`).
    pub hours: String,
    /// Its importance weight.
    pub weight: f64,
    /// Its demand.
    pub demand: f64,
    /// Of it, what the existing cameras cover.
    pub covered_before: f64,
    /// Of it, what is covered with the plan.
    pub covered_after: f64,
    /// Each demand point's weight in the period, in the order of
    /// [`PageData::demand`]; empty when the period has no layer of its own.
    pub weights: Vec<f64>,
}

/// One point of the coverage curve.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageCurvePoint {
    /// Number of new cameras, k.
    pub cameras: usize,
    /// Percent of the demand the first k cameras cover (existing cameras
    /// included).
    pub covered_pct: f64,
    /// Percent no k cameras can beat.
    pub bound_pct: f64,
}

/// Everything [`report_html`] shows. Start from `PageData::default()`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageData {
    /// The title.
    pub title: String,
    /// A line under it.
    pub subtitle: String,
    /// The page's language.
    pub lang: Lang,
    /// `false`: coordinates are plane metres (x east, y north), drawn with
    /// no background. `true`: longitude and latitude in degrees (x = lon),
    /// drawn in Web Mercator, over [`basemap`](Self::basemap) tiles when
    /// given.
    pub lonlat: bool,
    /// A tile URL template (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`)
    /// drawn under the map; only with [`lonlat`](Self::lonlat).
    pub basemap: Option<String>,
    /// The basemap tiles' credit, shown as text in the map's corner (the
    /// tile server's terms usually ask for one, e.g. `© OpenStreetMap
    /// contributors`); only with [`basemap`](Self::basemap).
    pub basemap_attribution: Option<String>,
    /// What lies outside every district: a last row of the district table
    /// (its name and shape are not used); `None` when nothing does.
    pub outside: Option<PageDistrict>,
    /// The summary figures, label and value, as shown.
    pub figures: Vec<(String, String)>,
    /// The districts.
    pub districts: Vec<PageDistrict>,
    /// Demand: positions and weights (finite, ≥ 0).
    pub demand: Vec<(Coord<f64>, f64)>,
    /// The side of a demand grid cell, in metres; `None` for points.
    pub cell_size_m: Option<f64>,
    /// What the demand weight is, for the legend.
    pub demand_label: String,
    /// Cameras already installed.
    pub existing: Vec<PageCamera>,
    /// New cameras, in rank order.
    pub new_cameras: Vec<PageCamera>,
    /// Blind spots: positions and the weight left unseen.
    pub blind_spots: Vec<(Coord<f64>, f64)>,
    /// Complaint records: positions and category (an index into
    /// [`record_categories`](Self::record_categories)).
    pub records: Vec<(Coord<f64>, Option<usize>)>,
    /// The records' category names.
    pub record_categories: Vec<String>,
    /// Periods of the day (empty without periods).
    pub periods: Vec<PagePeriod>,
    /// The coverage curve.
    pub curve: Vec<PageCurvePoint>,
}

/// Renders `report.html`: one self-contained page (Leaflet and the page's
/// script and styles inlined; nothing fetched) to explore a plan.
///
/// The page shows a map (pan and zoom by mouse, touch and keyboard; a
/// metric scale bar; a layer list that is also the legend, each layer
/// switched by a checkbox) and, beside it on wide screens and below it on
/// phones, the title, the summary figures, the coverage curve, the
/// district table (sorted by clicking a column heading) and coverage by
/// period. Plane metres are drawn with `L.CRS.Simple` (1 unit = 1 m, no
/// background); longitude and latitude in Web Mercator, over
/// [`PageData::basemap`] tiles when given (the only request the page may
/// make). Every text from the data is set as text, never parsed as HTML.
///
/// The same data gives the same bytes. Demand above
/// [`MAX_PAGE_DEMAND_MARKS`] positive points or cells is merged into
/// coarser squares (the periods' weights with it). A period's layer is
/// drawn when its [`weights`](PagePeriod::weights) has one weight per
/// demand point (otherwise only its row in the table). A record whose
/// category is `None` or out of range is drawn with the uncategorized ones.
///
/// # Test hook
///
/// Opened with a query `?test=ACTIONS` (comma-separated; e.g.
/// `report.html?test=click:3,district:2,toggle:blind,zoom:6`), the page
/// performs real DOM events after it loads, then writes one JSON object
/// into `<pre id="sightline-test-result">`:
///
/// - `errors`: messages of script errors and unhandled rejections since
///   the page began (captured by the first script in `<head>`);
/// - `load_ms`: `performance.now()` at the end of the page's setup;
/// - `new_cameras`: the number of `.sl-new-camera` badges on the map;
/// - `click:N` → `popup`: the text of the popup that a click on the badge
///   of rank N opens, one `label: value` line per row, the heading first;
///   `click:all` clicks every badge in rank order; `popups` lists the text
///   of every click's popup, in order;
/// - `district:K` → `district_popup`: the same for district K (0-based),
///   opened by a click at a point inside it; `district:all` clicks every
///   district, and `district_popups` lists them;
/// - `toggle:KEY` → `toggle`: `{"layer", "visible_before",
///   "visible_after"}` around a click on the layer's checkbox; visible
///   means on the map and its canvas or markers in the document. Keys:
///   `districts`, `demand`, `existing`, `new`, `blind`, `records-I` and
///   `period-I` (0-based);
/// - `log`: the result is also written to the console
///   (`console.log("sightline-test-result {…}")`), for a browser that
///   cannot hand back the page (Firefox headless prints the console on
///   stdout with the preference `devtools.console.stdout.content`);
/// - `zoom:N` → `zoom_ms`: the time of each of N synchronous zooms (in,
///   out, in, …) that redraw every layer;
/// - `layout` → `badges`: for each new camera in rank order, `{"rank",
///   "small", "moved", "box"}` (shrunk to a dot; moved off its camera to
///   a free spot, with a leader line; its client box `[left, top, right,
///   bottom]` in pixels), and `names`: the client boxes of the district
///   names shown.
///
/// # Errors
///
/// [`Error::NotFinite`] and [`Error::NotFiniteCoordinate`] for numbers
/// that are NaN or infinite (naming the item: `new camera 2: the gain`);
/// [`Error::NegativeWeight`] for a negative demand weight;
/// [`Error::BadCellSize`] for a cell size that is not positive.
///
/// # Examples
///
/// ```
/// use sightline_render::geo_types::coord;
/// use sightline_render::{report_html, PageCamera, PageData};
///
/// let page = PageData {
///     title: "Hangdang-dong".to_string(),
///     new_cameras: vec![PageCamera {
///         at: coord! { x: 450.0, y: 300.0 },
///         rank: 1,
///         site_id: "S7".to_string(),
///         gain: 12.5,
///         ..PageCamera::default()
///     }],
///     ..PageData::default()
/// };
/// let html = String::from_utf8(report_html(&page).unwrap()).unwrap();
/// assert!(html.starts_with("<!doctype html>"));
/// assert!(html.contains("<title>Hangdang-dong</title>"));
/// assert!(html.contains(r#""site":"S7""#));
/// ```
pub fn report_html(page: &PageData) -> Result<Vec<u8>, Error> {
    data::check(page)?;
    let json = data::data_json(page);
    let leaflet_js = LEAFLET_JS
        .trim_end()
        .trim_end_matches("//# sourceMappingURL=leaflet.js.map")
        .trim_end();
    let mut out = String::with_capacity(json.len() + LEAFLET_JS.len() + LEAFLET_CSS.len() + 65_536);
    out.push_str("<!doctype html>\n<html lang=\"");
    out.push_str(page.lang.code());
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    escape_attribute_into(&mut out, &page.title);
    out.push_str("</title>\n<script>");
    out.push_str(ERROR_CAPTURE);
    out.push_str("</script>\n<style>\n");
    out.push_str(&offline_css(LEAFLET_CSS));
    out.push_str("</style>\n<style>\n");
    out.push_str(PAGE_CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str("<div id=\"sl-app\"><div id=\"sl-map\"></div><main id=\"sl-panel\"></main></div>\n");
    out.push_str("<noscript><p>");
    escape_attribute_into(&mut out, text::label(page.lang, "no_script"));
    out.push_str("</p></noscript>\n<script type=\"application/json\" id=\"sightline-data\">");
    out.push_str(&json);
    out.push_str("</script>\n<script>\n");
    out.push_str(leaflet_js);
    out.push_str("\n</script>\n<script>\n");
    out.push_str(PAGE_JS);
    out.push_str(PLACE_JS);
    out.push_str(PANEL_JS);
    out.push_str("</script>\n</body>\n</html>\n");
    Ok(out.into_bytes())
}

/// Leaflet's CSS with its background images (`url(images/…)`: marker
/// icons, the layers button) replaced by `none`, so nothing is fetched.
fn offline_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(images/") {
        out.push_str(&rest[..at]);
        out.push_str("none");
        let after = &rest[at..];
        rest = &after[after.find(')').map_or(after.len(), |end| end + 1)..];
    }
    out.push_str(rest);
    out
}
