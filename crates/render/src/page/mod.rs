//! `report.html`: one self-contained page to explore a plan in a browser
//! ([`report_html`]).

use geo_types::{Coord, MultiPolygon, Polygon};

use crate::{Error, Lang};

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
/// # Errors
///
/// [`Error::NotFinite`] and [`Error::NotFiniteCoordinate`] for numbers
/// that are NaN or infinite.
pub fn report_html(page: &PageData) -> Result<Vec<u8>, Error> {
    let _ = page;
    Ok(b"<!doctype html><html><body>report.html is being built</body></html>".to_vec())
}
