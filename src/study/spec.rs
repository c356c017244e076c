//! The study as users write it: one serde value, the same in TOML, JSON
//! and from command-line flags. Nothing here is checked; [`Study::validate`]
//! does that, once.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sightline_io::Crs;

pub use super::layer_spec::Layer;
pub use super::periods_spec::{EventSpec, EventSpread, PeriodSpec};
pub use super::records_spec::{AddressTable, CategorySource, RecordsSpec};
use super::text;
use crate::memory::MemoryLimit;
use crate::output::{Lang, OutputFormat, OutputKind};
use crate::periods::PeriodObjective;
use crate::solve::Method;

/// A whole study: the layers and what each is, the camera model, the
/// demand model, the objective, the rules, the solver and the outputs.
///
/// A TOML scenario file (`sightline run study.toml`) is this type in TOML,
/// a `study.json` the same in JSON, and `sightline plan` flags build the
/// same value. Relative file names are taken from the folder of the file
/// the study was read from ([`Study::resolve_paths`]).
///
/// # Examples
///
/// ```
/// use sightline::study::{Role, Study};
///
/// let study: Study = toml::from_str(r#"
///     [[layer]]
///     role = "demand"
///     file = "complaints.geojson"
///     weight = "count"
///
///     [[layer]]
///     role = "sites"
///     file = "poles.csv"
///
///     [camera]
///     radius_m = 50
///
///     [objective]
///     cameras = 20
///
///     [outputs]
///     folder = "result"
/// "#).unwrap();
/// assert_eq!(study.layers[0].role, Role::Demand);
/// assert_eq!(study.objective.as_ref().and_then(|o| o.cameras), Some(20));
/// let checked = study.validate()?;
/// assert_eq!(checked.goal(), Some(sightline::Goal::Cameras(20)));
/// # Ok::<(), sightline::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Study {
    /// The title of every output (`report.md`, `map.svg`, `curve.svg`);
    /// default: the language's (`Sightline plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Coordinate system of layers that name none (no `crs` of their own,
    /// no legacy `crs` member): default longitude/latitude.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub crs: Option<Crs>,
    /// Coordinate system of the outputs (default: the demand layer's).
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub out_crs: Option<Crs>,
    /// The input layers (`[[layer]]` in TOML).
    #[serde(default, rename = "layer", skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
    /// The disc model: every camera sees a disc (`[camera]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera: Option<DiscCamera>,
    /// Camera types with view cones, instead of the disc
    /// (`[[camera_type]]`).
    #[serde(default, rename = "camera_type", skip_serializing_if = "Vec::is_empty")]
    pub camera_types: Vec<CameraTypeSpec>,
    /// What the demand is (`[demand]`).
    #[serde(default, skip_serializing_if = "DemandSpec::is_default")]
    pub demand: DemandSpec,
    /// How complaint records become demand (`[records]`): categories,
    /// dates, address tables. Needs a `records` layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordsSpec>,
    /// Periods of the day (`[[period]]`): named sets of hours with an
    /// importance weight; each period's demand is judged, and the plan
    /// chosen across them (see [`Objective::periods_objective`]).
    #[serde(default, rename = "period", skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodSpec>,
    /// An event (`[event]`): visitors in an area at some hours; the plan
    /// places temporary cameras for it, given the permanent ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventSpec>,
    /// What to achieve (`[objective]`); a study that only scores sites
    /// has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// Rules every plan keeps (`[constraints]`).
    #[serde(default, skip_serializing_if = "Constraints::is_default")]
    pub constraints: Constraints,
    /// How to solve (`[solver]`).
    #[serde(default, skip_serializing_if = "SolverSpec::is_default")]
    pub solver: SolverSpec,
    /// What to write, where (`[outputs]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Outputs>,
}

/// What a layer is for.
///
/// # Examples
///
/// ```
/// use sightline::study::Role;
///
/// assert_eq!("influence".parse::<Role>(), Ok(Role::Influence));
/// assert_eq!(Role::Sites.to_string(), "sites");
/// assert!(Role::Density.repeatable() && Role::Demand.repeatable() && !Role::Sites.repeatable());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Where cameras are wanted: complaints, requests, emergency bells
    /// (one layer or several, each with its `layer_weight`).
    Demand,
    /// Candidate mounting points: poles, security lights (one layer).
    Sites,
    /// Cameras already installed (at most one layer).
    Existing,
    /// District boundaries (at most one layer).
    Districts,
    /// Building footprints that hide what lies behind them (at most one).
    Buildings,
    /// Another point layer whose kernel density adds to a demand grid.
    Density,
    /// Points whose surroundings add to a demand grid (schools within
    /// 300 m).
    Influence,
    /// Complaint records as a city exports them, one row per complaint
    /// (at most one layer): demand, weighed by their text's category,
    /// their count and their age, placed by coordinates or by address
    /// (see [`RecordsSpec`]).
    Records,
    /// An hourly population table (at most one): people per area and
    /// hour of the day, as in Seoul's 생활인구 files, joined to the
    /// districts by code and spread over their grid cells.
    Population,
}

impl Role {
    /// Every role, in the order studies list them.
    pub const ALL: [Role; 9] = [
        Role::Demand,
        Role::Records,
        Role::Population,
        Role::Sites,
        Role::Existing,
        Role::Districts,
        Role::Buildings,
        Role::Density,
        Role::Influence,
    ];

    /// The role's name, as written in a study.
    pub fn name(self) -> &'static str {
        match self {
            Role::Demand => "demand",
            Role::Sites => "sites",
            Role::Existing => "existing",
            Role::Districts => "districts",
            Role::Buildings => "buildings",
            Role::Density => "density",
            Role::Influence => "influence",
            Role::Records => "records",
            Role::Population => "population",
        }
    }

    /// True for roles a study may give several layers of.
    pub fn repeatable(self) -> bool {
        matches!(self, Role::Demand | Role::Density | Role::Influence)
    }

    /// True for the roles that only shape a demand grid (density and
    /// influence layers).
    pub fn shapes_grid(self) -> bool {
        matches!(self, Role::Density | Role::Influence)
    }

    /// True for roles whose layers hold points (and may be CSV files).
    pub fn holds_points(self) -> bool {
        !matches!(self, Role::Districts | Role::Buildings | Role::Population)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|role| role.name() == text)
            .ok_or_else(|| {
                format!("unknown role `{text}`; expected demand, records, population, sites, existing, districts, buildings, density or influence")
            })
    }
}

/// A layer's file format.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use sightline::study::Format;
///
/// assert_eq!(Format::of_path(Path::new("민원.XLSX")), Format::Excel);
/// assert_eq!(Format::of_path(Path::new("dong.shp")), Format::Shapefile);
/// assert_eq!(Format::of_path(Path::new("poles.json")), Format::Geojson);
/// assert!(Format::Excel.is_table() && !Format::Shapefile.is_table());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// GeoJSON (RFC 7946).
    Geojson,
    /// CSV with coordinate columns (UTF-8 or CP949).
    Csv,
    /// A spreadsheet (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`): a sheet with a
    /// header row, read like CSV.
    Excel,
    /// An ESRI Shapefile (`.shp`, with its `.dbf`, `.prj` and `.cpg`).
    Shapefile,
    /// FlatGeobuf (`.fgb`).
    Flatgeobuf,
}

impl Format {
    /// The format a file is read in by its extension (any case): `.csv`
    /// CSV; `.xlsx`, `.xlsm`, `.xls` Excel; `.shp` Shapefile; `.fgb`
    /// FlatGeobuf; anything else GeoJSON.
    pub fn of_path(path: &std::path::Path) -> Format {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match extension.as_str() {
            "csv" => Format::Csv,
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Excel,
            "shp" => Format::Shapefile,
            "fgb" => Format::Flatgeobuf,
            _ => Format::Geojson,
        }
    }

    /// True for the formats of rows and columns (CSV and Excel), whose
    /// coordinates come from named columns.
    pub fn is_table(self) -> bool {
        matches!(self, Format::Csv | Format::Excel)
    }

    /// The format's name as a study writes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Geojson => "geojson",
            Format::Csv => "csv",
            Format::Excel => "excel",
            Format::Shapefile => "shapefile",
            Format::Flatgeobuf => "flatgeobuf",
        }
    }
}

/// The disc model (`[camera]`): every new camera sees a disc.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DiscCamera {
    /// The range of a new camera, metres.
    pub radius_m: f64,
    /// The range of existing cameras (default: `radius_m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_radius_m: Option<f64>,
}

impl DiscCamera {
    /// Cameras seeing a disc of `radius_m` metres.
    pub fn new(radius_m: f64) -> Self {
        Self {
            radius_m,
            existing_radius_m: None,
        }
    }
}

/// One camera type (`[[camera_type]]`), as written: checked into a
/// [`CameraType`](crate::coverage::CameraType) by [`Study::validate`].
///
/// # Examples
///
/// ```
/// use sightline::study::CameraTypeSpec;
///
/// let fixed: CameraTypeSpec = "fixed:range=50,fov=90,headings=8".parse().unwrap();
/// assert_eq!((fixed.range_m, fixed.fov_deg, fixed.headings), (50.0, Some(90.0), Some(8)));
/// assert_eq!(fixed.to_string(), "fixed:range=50,fov=90,headings=8");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CameraTypeSpec {
    /// The type's name, shown in outputs.
    pub name: String,
    /// Range, metres.
    pub range_m: f64,
    /// Field of view, degrees (default 360).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fov_deg: Option<f64>,
    /// How many headings, evenly spaced from north (default 8 for a
    /// camera narrower than 360°).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headings: Option<u32>,
    /// The cost of one camera, times its site's (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// How quality falls with distance: `step` (default),
    /// `linear:FULL_M` or `logistic:MIDPOINT_M:WIDTH_M`.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub decay: Option<crate::coverage::Decay>,
}

impl CameraTypeSpec {
    /// A type named `name` seeing `range_m` metres, every other key unset.
    pub fn new(name: impl Into<String>, range_m: f64) -> Self {
        Self {
            name: name.into(),
            range_m,
            fov_deg: None,
            headings: None,
            cost: None,
            decay: None,
        }
    }
}

impl std::str::FromStr for CameraTypeSpec {
    type Err = String;

    /// Parses `NAME:key=value,...` (the `--camera` flag): keys `range`
    /// (metres, required), `fov` (degrees), `headings` (how many), `cost`
    /// and `decay` (`step`, `linear:FULL_M`, `logistic:MIDPOINT_M:WIDTH_M`).
    /// Only the syntax is checked here; the values are checked by
    /// [`CameraTypeSpec::camera_type`] and [`Study::validate`].
    fn from_str(spec: &str) -> Result<Self, String> {
        let (name, rest) = spec
            .split_once(':')
            .ok_or_else(|| "expected NAME:range=..,fov=..".to_owned())?;
        if name.is_empty() {
            return Err("the camera type needs a name before ':'".to_owned());
        }
        let mut parsed = CameraTypeSpec::new(name, f64::NAN);
        let (mut range, mut seen) = (None, Vec::new());
        for pair in rest.split(',').filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not key=value"))?;
            // `range=50,range=60` would quietly keep the last.
            if seen.contains(&key) {
                return Err(format!("{key} is given twice"));
            }
            seen.push(key);
            let number = |v: &str| {
                v.parse::<f64>()
                    .map_err(|_| format!("{key} is `{v}`, not a number"))
            };
            match key {
                "range" => range = Some(number(value)?),
                "fov" => parsed.fov_deg = Some(number(value)?),
                "cost" => parsed.cost = Some(number(value)?),
                "headings" => {
                    parsed.headings = Some(
                        value
                            .parse::<u32>()
                            .map_err(|_| format!("headings is `{value}`, not a whole number"))?,
                    )
                }
                "decay" => parsed.decay = Some(value.parse()?),
                other => {
                    return Err(format!(
                        "unknown key `{other}`; expected range, fov, headings, cost or decay"
                    ));
                }
            }
        }
        parsed.range_m = range.ok_or_else(|| "range=METRES is required".to_owned())?;
        Ok(parsed)
    }
}

impl std::fmt::Display for CameraTypeSpec {
    /// The `--camera` form, `NAME:range=50,fov=90,headings=8`, with the
    /// keys that are set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:range={}", self.name, self.range_m)?;
        if let Some(fov) = self.fov_deg {
            write!(f, ",fov={fov}")?;
        }
        if let Some(n) = self.headings {
            write!(f, ",headings={n}")?;
        }
        if let Some(cost) = self.cost {
            write!(f, ",cost={cost}")?;
        }
        if let Some(decay) = self.decay {
            write!(f, ",decay={decay}")?;
        }
        Ok(())
    }
}

/// What the demand is (`[demand]`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DemandSpec {
    /// `points` (default), `grid` or `area`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<DemandMode>,
    /// Cell size of `grid` and `area`, metres (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_m: Option<f64>,
    /// Kernel of the density: `quartic` (default) or `gaussian`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel: Option<KernelName>,
    /// Kernel bandwidth, metres (default: Silverman's rule per layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_m: Option<f64>,
    /// Quality levels for cameras whose quality decays (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_levels: Option<u32>,
}

impl DemandSpec {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// What the demand is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DemandMode {
    /// The demand points themselves.
    #[default]
    Points,
    /// Grid cells weighted by kernel density of the demand points (and
    /// any density, influence or district-value layers).
    Grid,
    /// Grid cells weighted by their area: the plan removes the most
    /// blind-spot area.
    Area,
}

/// A kernel, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KernelName {
    /// The quartic (biweight) kernel.
    #[default]
    Quartic,
    /// The Gaussian kernel.
    Gaussian,
}

/// What to achieve (`[objective]`): exactly one of a number of cameras, a
/// budget (either or both), or a coverage target.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Objective {
    /// New cameras to place (at most, with a budget).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameras: Option<usize>,
    /// The chosen cameras' costs add up to at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// The cheapest plan covering this share of the coverable demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_coverage: Option<f64>,
    /// Demand seen twice counts again, times this (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_weight: Option<f64>,
    /// Leave out the plan's cameras that would add less than this much
    /// demand weight each (counted in rank order, as `gain` in
    /// `plan.geojson`): fewer cameras where more would hardly pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_gain: Option<f64>,
    /// With periods: `weighted` (the default) maximises the
    /// importance-weighted mean of the periods' covered fractions, `worst`
    /// the smallest of them.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub periods_objective: Option<PeriodObjective>,
}

/// Rules every plan keeps (`[constraints]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Constraints {
    /// Every district gets at least this many new cameras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_per_district: Option<usize>,
    /// No district gets more than this many new cameras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_district: Option<usize>,
    /// New cameras stand at least this far apart, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_spacing_m: Option<f64>,
    /// Site ids that must be among the new cameras.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub force_in: Vec<String>,
    /// Site ids that must not be used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub force_out: Vec<String>,
}

impl Constraints {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// How to solve (`[solver]`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SolverSpec {
    /// `greedy`, `local`, `exact` or `auto` (default).
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// Seconds planning may take after reading: building, solving,
    /// evaluating and writing (default 10; see `--time-limit`): a ceiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_s: Option<f64>,
    /// The solver's work limit, in coverage entries read (see `--effort`):
    /// the same plan on every machine. Default: the library's
    /// [`DEFAULT_EFFORT`](crate::solve::DEFAULT_EFFORT) when no time
    /// limit is set either; with only a time limit, none (work until it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<u64>,
    /// The most memory the demand grid and the coverage may take: a size
    /// such as `"8G"`, a number of bytes, `"auto"` (default) or `"none"`.
    #[serde(default, with = "text::memory_limit", skip_serializing_if = "Option::is_none")]
    pub memory_limit: Option<MemoryLimit>,
}

impl SolverSpec {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// What to write, where (`[outputs]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Outputs {
    /// The output folder (created if missing).
    pub folder: PathBuf,
    /// Which files to write (default: all).
    #[serde(
        default,
        with = "text::optional_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub files: Option<Vec<OutputKind>>,
    /// The language of `report.md`, `map.svg` and `curve.svg`: `en`
    /// (the default) or `ko` (Korean).
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// `map.svg` shows this period's demand (a `[[period]]` name, or the
    /// event's) instead of the whole day's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_period: Option<String>,
    /// A tile URL template with `{z}`, `{x}` and `{y}`
    /// (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`) that
    /// `report.html` draws under its map for readers who are online. None
    /// by default: the page fetches nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basemap: Option<String>,
    /// The tiles' credit shown in the map's corner (`© OpenStreetMap
    /// contributors`), as the tile server's terms ask; for
    /// `tile.openstreetmap.org` that credit is the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basemap_attribution: Option<String>,
    /// The format of the geometry outputs: `geojson` or `flatgeobuf`
    /// (default: FlatGeobuf when the demand layer, or without one the
    /// sites layer, is a `.fgb` file, else GeoJSON).
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub format: Option<OutputFormat>,
}

impl Outputs {
    /// Every output file, in `folder`, in English.
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        Self {
            folder: folder.into(),
            files: None,
            lang: None,
            map_period: None,
            basemap: None,
            basemap_attribution: None,
            format: None,
        }
    }
}
