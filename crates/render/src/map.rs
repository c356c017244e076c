//! The map of a plan ([`map_svg`]): districts, demand, existing and new
//! cameras with their reach, a legend, a scale bar and a north arrow.

mod cameras;
mod demand;
mod districts;
mod labels;
mod legend;
mod names;
mod occupied;
mod sheets;

use geo_types::{Coord, MultiPolygon};

use crate::error::{check_coord, check_demand, check_finite, check_polygon};
use crate::svg::{MARGIN, Svg, header, px};
use crate::{Error, Lang};

use cameras::{draw_new_cameras, draw_reaches};
use demand::{Classes, demand_marks, draw_demand};
use districts::{draw_district_names, multipolygon_path};
use labels::layout;
use legend::draw_legend;
pub use sheets::DistrictSheets;
use sheets::near;

/// The most demand squares or dots [`map_svg`] draws. Above it, demand is
/// merged into a coarser grid of squares (see [`MapData::demand`]).
///
/// # Examples
///
/// ```
/// assert_eq!(sightline_render::MAX_DEMAND_MARKS, 20_000);
/// ```
pub const MAX_DEMAND_MARKS: usize = 20_000;

/// A named district (a dong, a ward) drawn as an outline with a light fill
/// and its name.
///
/// # Examples
///
/// ```
/// use sightline_render::geo_types::{polygon, MultiPolygon};
/// use sightline_render::District;
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
    /// use sightline_render::geo_types::MultiPolygon;
    /// use sightline_render::District;
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
/// use sightline_render::Reach;
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

/// A camera on the map: where it stands and, optionally, what it covers
/// and a label.
///
/// # Examples
///
/// ```
/// use sightline_render::geo_types::coord;
/// use sightline_render::{Camera, Reach};
///
/// let camera = Camera::new(coord! { x: 10.0, y: 20.0 }).reach(Reach::Disc { radius_m: 50.0 }).label("보안등 17");
/// assert_eq!(camera.reach, Some(Reach::Disc { radius_m: 50.0 }));
/// assert_eq!(camera.label.as_deref(), Some("보안등 17"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Camera {
    /// The camera's position, in plane metres.
    pub at: Coord<f64>,
    /// What it covers, drawn as a disc or cone outline; `None` draws the
    /// camera alone.
    pub reach: Option<Reach>,
    /// A label for a new camera (a site's name, such as a pole's
    /// 보안등위치명), shown beside its badge on a district sheet
    /// ([`MapData::focus`]) where there is room; `None` shows the rank
    /// alone.
    pub label: Option<String>,
}

impl Camera {
    /// A camera at `at` (plane metres) with no coverage outline.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_render::geo_types::coord;
    /// use sightline_render::Camera;
    ///
    /// assert_eq!(Camera::new(coord! { x: 1.0, y: 2.0 }).reach, None);
    /// ```
    pub fn new(at: Coord<f64>) -> Self {
        Self {
            at,
            reach: None,
            label: None,
        }
    }

    /// The same camera with a coverage outline.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_render::geo_types::coord;
    /// use sightline_render::{Camera, Reach};
    ///
    /// let camera = Camera::new(coord! { x: 1.0, y: 2.0 }).reach(Reach::Disc { radius_m: 30.0 });
    /// assert!(camera.reach.is_some());
    /// ```
    #[must_use]
    pub fn reach(mut self, reach: Reach) -> Self {
        self.reach = Some(reach);
        self
    }

    /// The same camera with a label (see [`Camera::label`](Self#structfield.label)).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_render::geo_types::coord;
    /// use sightline_render::Camera;
    ///
    /// assert!(Camera::new(coord! { x: 1.0, y: 2.0 }).label("P-17").label.is_some());
    /// ```
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// Everything [`map_svg`] draws. Start from `MapData::default()` and fill
/// in what you have; empty layers are left out of the map and the legend.
///
/// # Examples
///
/// ```
/// use sightline_render::geo_types::coord;
/// use sightline_render::MapData;
///
/// let map = MapData {
///     title: "Goyang".to_string(),
///     subtitle: "12 new cameras · coverage 63.1% → 78.4%".to_string(),
///     demand: vec![(coord! { x: 50.0, y: 50.0 }, 3.0), (coord! { x: 150.0, y: 50.0 }, 1.0)],
///     cell_size_m: Some(100.0),
///     ..MapData::default()
/// };
/// assert!(sightline_render::map_svg(&map).is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapData {
    /// The title, on top.
    pub title: String,
    /// A line under the title, e.g. `12 new cameras · coverage 63.1% → 78.4%`.
    pub subtitle: String,
    /// Districts, drawn as outlines with a light fill and their names.
    /// Each name goes at an open spot of its district (moved, or a little
    /// smaller, to stay clear of other names and the new cameras), or
    /// just outside it; a name with no free spot is left off and the
    /// legend counts it. Every district keeps its name as a tooltip.
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
    /// New cameras in rank order: the first is rank 1. Each on the sheet
    /// is one `<g class="new-camera" data-rank="k">` holding a numbered
    /// dark badge on the camera, or a dot on the camera and the badge
    /// nearby with a leader line when the camera's spot is taken, or only
    /// the dot when no spot nearby is free (the legend counts those).
    /// Badges shrink as the cameras crowd the sheet; no badge overlaps
    /// another or a district name, and no leader line crosses a name, a
    /// badge or another leader line. Outlines of their reach are drawn
    /// underneath all markers.
    pub new_cameras: Vec<Camera>,
    /// Draw a district sheet: the map zoomed to the district of this
    /// index in [`districts`](Self::districts), its outline drawn bold,
    /// whatever lies around it cut at the frame, and the new cameras'
    /// labels beside their badges where there is room. `None` draws
    /// everything.
    pub focus: Option<usize>,
    /// The language of the legend (English by default); the title,
    /// subtitle and demand label are drawn as given.
    pub lang: Lang,
}

const DISTRICT_FILL: &str = "#f3f1ec";
const DISTRICT_STROKE: &str = "#5f5f5f";
const EXISTING_FILL: &str = "#9aa5b4";
const EXISTING_STROKE: &str = "#3e4c5e";
const NEW_FILL: &str = "#1f2a7a";

const WIDTH: f64 = 1000.0;
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

/// Renders a map of districts, demand, existing and new cameras as SVG,
/// north up, fitted to a canvas 1000 px wide with the legend, a scale bar
/// and a north arrow in a column to the right of the map.
///
/// See [`MapData`] for what is drawn and how; large demand layers are
/// merged into at most about [`MAX_DEMAND_MARKS`] squares.
///
/// # Errors
///
/// [`Error::NotFiniteCoordinate`] when a coordinate is NaN or infinite;
/// [`Error::NotFinite`] when a weight or a heading is;
/// [`Error::NegativeWeight`] for a negative weight; [`Error::BadCellSize`]
/// or [`Error::BadRadius`] when the cell size or a radius is not a
/// positive number; [`Error::BadFieldOfView`] for a field of view outside
/// (0, 360].
///
/// # Examples
///
/// ```
/// use sightline_render::geo_types::coord;
/// use sightline_render::{map_svg, Camera, MapData, Reach};
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
    map_svg_checked(map)
}

/// The sheet of district `district`: [`map_svg`] of `map` with that
/// [`focus`](MapData::focus) and `subtitle`, without copying the whole
/// map first (only what lies near the district is taken).
///
/// # Errors
///
/// As [`map_svg`]; [`Error::FocusOutOfRange`] for a district `map` does
/// not have.
///
/// # Examples
///
/// ```
/// use geo_types::{coord, polygon, MultiPolygon};
/// use sightline_render::{district_sheet_svg, Camera, District, MapData};
///
/// let square = |x: f64| MultiPolygon(vec![polygon![(x: x, y: 0.0), (x: x + 100.0, y: 0.0), (x: x + 100.0, y: 100.0), (x: x, y: 100.0)]]);
/// let map = MapData {
///     districts: vec![District::new("West", square(0.0)), District::new("East", square(100.0))],
///     new_cameras: vec![Camera::new(coord! { x: 150.0, y: 50.0 })],
///     ..MapData::default()
/// };
/// let text = String::from_utf8(district_sheet_svg(&map, 1, "East: 1 new camera")?).unwrap();
/// assert!(text.contains("East: 1 new camera"));
/// assert!(district_sheet_svg(&map, 2, "").is_err());
/// # Ok::<(), sightline_render::Error>(())
/// ```
pub fn district_sheet_svg(
    map: &MapData,
    district: usize,
    subtitle: impl Into<String>,
) -> Result<Vec<u8>, Error> {
    let Some(shown) = map.districts.get(district) else {
        return Err(Error::FocusOutOfRange {
            index: district,
            districts: map.districts.len(),
        });
    };
    let mut sheet = near(map, &Frame::around(&shown.shape), None);
    sheet.focus = Some(district);
    sheet.subtitle = subtitle.into();
    map_svg_checked(&sheet)
}

fn map_svg_checked(map: &MapData) -> Result<Vec<u8>, Error> {
    check_map(map)?;
    let (frame, nearby);
    let map = match map.focus {
        Some(k) => {
            frame = Frame::around(&map.districts[k].shape);
            nearby = near(map, &frame, None);
            &nearby
        }
        None => {
            frame = Frame::new_for(map);
            map
        }
    };
    let area = [
        frame.left,
        frame.top,
        frame.left + frame.width(),
        frame.top + frame.height(),
    ];
    // Placing the labels and merging the demand take about as long as
    // each other on a city map: side by side.
    let (placed, ((marks, mark_size_m), paths)) = rayon::join(
        || {
            layout(
                &frame,
                area,
                &map.districts,
                &map.new_cameras,
                map.focus.is_some(),
            )
        },
        || {
            let paths: Vec<String> = map
                .districts
                .iter()
                .map(|district| multipolygon_path(&frame, &district.shape))
                .collect();
            (demand_marks(map), paths)
        },
    );
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
    // A district sheet cuts what lies around the district at its frame.
    if map.focus.is_some() {
        body.open("clipPath", &[("id", "sheet")]);
        body.empty("rect", &[("x", &fl), ("y", &ft), ("width", &fw), ("height", &fh)]);
        body.close("clipPath");
        body.open("g", &[("clip-path", "url(#sheet)")]);
    }

    // District fills under the demand, outlines over it.
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
    if let Some(k) = map.focus {
        body.empty(
            "path",
            &[
                ("class", "focus-outline"),
                ("d", &paths[k]),
                ("fill", "none"),
                ("stroke", "#222222"),
                ("stroke-width", "2.6"),
                ("stroke-linejoin", "round"),
            ],
        );
    }

    draw_reaches(
        &mut body,
        &frame,
        &map.existing,
        "existing-reach",
        "#4f6f9f",
        "0.8",
        map.focus.is_some(),
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

    draw_reaches(
        &mut body,
        &frame,
        &map.new_cameras,
        "new-reach",
        NEW_FILL,
        "1.4",
        map.focus.is_some(),
    );
    if map.focus.is_some() {
        body.close("g");
    }
    draw_district_names(&mut body, &map.districts, &placed);
    draw_new_cameras(&mut body, &frame, &map.new_cameras, &placed);

    let legend_bottom = draw_legend(&mut body, map, &frame, &classes, mark_size_m, &placed);

    let height = (frame.top + frame.height()).max(legend_bottom) + MARGIN;
    Ok(Svg::document(WIDTH, height, &map.title, &body.out))
}

fn check_map(map: &MapData) -> Result<(), Error> {
    if let Some(index) = map.focus
        && index >= map.districts.len()
    {
        return Err(Error::FocusOutOfRange {
            index,
            districts: map.districts.len(),
        });
    }
    for (index, district) in map.districts.iter().enumerate() {
        for polygon in &district.shape.0 {
            check_polygon(polygon, &|| format!("district {index} ({})", district.name))?;
        }
    }
    check_demand(&map.demand, map.cell_size_m)?;
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
                return Err(Error::BadRadius {
                    what: what(),
                    radius_m: radius,
                });
            }
            if let Reach::Cone {
                heading_deg, fov_deg, ..
            } = reach
            {
                check_finite(heading_deg, || format!("{}: the heading", what()))?;
                if !(fov_deg > 0.0 && fov_deg <= 360.0) {
                    return Err(Error::BadFieldOfView {
                        what: what(),
                        fov_deg,
                    });
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
    /// The frame around a district, padded by 3%.
    fn around(shape: &MultiPolygon<f64>) -> Self {
        let mut bounds = Bounds::empty();
        for polygon in &shape.0 {
            for &c in &polygon.exterior().0 {
                bounds.add(c, 0.0);
            }
        }
        Self::padded(bounds)
    }

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
        Self::padded(bounds)
    }

    /// `bounds` padded by 3% on each side; thin extents widened, and a
    /// 1 km square when there is no extent.
    fn padded(bounds: Bounds) -> Self {
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
