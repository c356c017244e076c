//! The flags of `sightline plan` and `sightline score`, and the study
//! they build: flags are one way of writing a [`Study`], like a TOML or
//! JSON file. Every check is the library's ([`Study::validate`]); this
//! module only parses flag syntax and names a study field's flag.

use std::path::PathBuf;

use crate::period_flags::PeriodArgs;
use crate::record_flags::RecordArgs;
use clap::Args;
use sightline::Method;
use sightline::io::{Crs, Encoding};
use sightline::memory::MemoryLimit;
use sightline::output::{Lang, OutputFormat};
use sightline::study::{
    CameraTypeSpec, DemandMode, DiscCamera, FieldPath, KernelName, Layer, Objective, Outputs, Role, Segment,
    Study,
};

/// The input layers and the camera range, shared by `plan` and `score`.
#[derive(Debug, Args)]
pub struct LayerArgs {
    /// Demand points (complaints, requests, emergency bells): GeoJSON (a FeatureCollection of Points or MultiPoints, lon/lat unless it or --crs says otherwise), a Shapefile of points (.shp, its .prj and .cpg read), Excel (.xlsx, .xls: the first sheet, read as CSV is) or CSV (.csv: UTF-8 or CP949, detected or --encoding; separated by , ; tab or |; coordinates in columns 경도/위도, lon/lat, lng/lat, longitude/latitude or x/y, or --csv-columns; the national standard CCTV and security-light files are recognised). Repeat the flag for several layers, each FILE or FILE:WEIGHT: a layer's points weigh their own weight times WEIGHT (default 1), e.g. --demand bells.geojson:2 --demand patrols.geojson:0.5. A name with ':' and no number after it is a file name.
    #[arg(long, value_name = "FILE[:WEIGHT]", required_unless_present_any = ["records", "population"], value_parser = parse_demand)]
    pub demand: Vec<Layer>,
    #[command(flatten)]
    pub records: RecordArgs,
    #[command(flatten)]
    pub periods: PeriodArgs,
    /// Property holding each demand point's weight, in every --demand layer (numbers or numeric strings; default 1).
    #[arg(long, value_name = "FIELD")]
    pub demand_weight: Option<String>,
    /// Candidate sites (poles, security lights): GeoJSON, a Shapefile, Excel or CSV, as --demand.
    #[arg(long, value_name = "FILE")]
    pub sites: PathBuf,
    /// Property (or CSV column) holding each site's id (default: the feature id, else its index from 0; in a CSV, its row as a spreadsheet numbers it, the header being row 1).
    #[arg(long, value_name = "FIELD")]
    pub site_id: Option<String>,
    /// Property holding each site's cost (numbers or numeric strings; default 1), used with --target-coverage and --budget.
    #[arg(long, value_name = "FIELD")]
    pub site_cost: Option<String>,
    /// Property (or CSV column) naming each site for people, such as a pole's 보안등위치명 or an address: shown with the site id in report.md, the maps, plan.geojson and the tables (need not be unique). Every property of a site is written to plan.geojson and scores.geojson either way.
    #[arg(long, value_name = "FIELD")]
    pub site_label: Option<String>,
    /// Existing cameras: GeoJSON, a Shapefile, Excel or CSV, as --demand. Demand they cover counts as covered already.
    #[arg(long, value_name = "FILE")]
    pub existing: Option<PathBuf>,
    /// Range of existing cameras in metres (default: --radius).
    #[arg(
        long,
        value_name = "METRES",
        allow_negative_numbers = true,
        requires = "existing"
    )]
    pub existing_radius: Option<f64>,
    /// District boundaries: GeoJSON (a FeatureCollection of Polygons or MultiPolygons) or a Shapefile of polygons (.shp; its .prj names the coordinate system, its .cpg the DBF's encoding, else UTF-8 or CP949 is detected).
    #[arg(long, value_name = "FILE")]
    pub districts: Option<PathBuf>,
    /// Property holding each district's name.
    #[arg(long, value_name = "FIELD", requires = "districts")]
    pub district_name: Option<String>,
    /// Property of --sites listing the compass headings (degrees) a fixed camera may take there, e.g. "90, 270"; sites without it take each camera type's headings.
    #[arg(long, value_name = "FIELD")]
    pub site_headings: Option<String>,
    /// Properties of --existing holding each camera's heading and field of view in degrees, as HEADING_FIELD,FOV_FIELD; cameras missing either are discs.
    #[arg(long, value_name = "HEADING_FIELD,FOV_FIELD", requires = "existing", value_parser = parse_pair)]
    pub existing_view: Option<(String, String)>,
    /// Building footprints: GeoJSON or a Shapefile of Polygons or MultiPolygons (other geometries are skipped and counted). A building between a camera and a point hides the point.
    #[arg(long, value_name = "FILE")]
    pub buildings: Option<PathBuf>,
    /// Camera range in metres: a camera covers demand within this distance.
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    pub radius: f64,
    /// Coordinate system of inputs that do not name one: lonlat (RFC 7946, the default), planar (metres, no named system) or EPSG:CODE.
    #[arg(long, value_name = "CRS")]
    pub crs: Option<Crs>,
    /// Character encoding of CSV point layers: auto (UTF-8 when valid, else CP949; the default), utf-8 or cp949 (also euc-kr).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
    /// Coordinate columns of CSV and Excel point layers, as X_COLUMN,Y_COLUMN (longitude or easting first); default: recognised from the header (경도/위도, lon/lat, longitude/latitude, x/y).
    #[arg(long, value_name = "X_COLUMN,Y_COLUMN", value_parser = parse_pair)]
    pub csv_columns: Option<(String, String)>,
    /// Field separator of CSV point layers: one character, e.g. ';', '|' or tab (also written \t); default: found from each file's header line (of , ; tab |, the one giving the most fields).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<char>,
    /// Coordinate system of the outputs: lonlat or EPSG:CODE (default: that of --demand).
    #[arg(long, value_name = "CRS")]
    pub out_crs: Option<Crs>,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// The camera model and the demand surface, shared by `plan` and `score`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A camera type: NAME:range=M,fov=DEG,headings=N,cost=C[,decay=step|linear:FULL_M|logistic:MID_M:WIDTH_M] (repeatable; e.g. fixed:range=50,fov=90,headings=8 and ptz:range=30,fov=360,cost=3). Each site then takes at most one camera, of one type, at one heading. Without it a camera sees a disc of --radius.
    #[arg(long = "camera", value_name = "SPEC", value_parser = parse_camera)]
    pub camera_types: Vec<CameraTypeSpec>,
    /// Quality levels for cameras whose quality decays with distance: quality is rounded down to a multiple of 1/N (default 10).
    #[arg(long, value_name = "N")]
    pub quality_levels: Option<u32>,
    /// The most memory the demand grid and the coverage may take, estimated before they are built: a size such as 8G or 512MiB, auto (half of the machine's memory; the default) or none. Past it the command stops and says what to change.
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<MemoryLimit>,
    /// What the demand is: the points themselves (points, the default); a grid of --grid cells weighted by kernel density of the demand points (and any --layer); or area: every cell weighs its area, so the plan removes the most blind-spot area.
    #[arg(long, value_name = "MODE")]
    pub mode: Option<ModeArg>,
    /// Cell size of --mode grid or area, metres (default 100).
    #[arg(long = "grid", value_name = "METRES", allow_negative_numbers = true)]
    pub grid_m: Option<f64>,
    /// Kernel density bandwidth, metres (default: Silverman's rule for each layer).
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    pub kde_bandwidth: Option<f64>,
    /// Kernel density kernel: quartic (the default) or gaussian.
    #[arg(long, value_name = "KERNEL")]
    pub kernel: Option<KernelArg>,
    /// Another point layer (GeoJSON or CSV, as --demand) for --mode grid: FILE:WEIGHT (kernel density, e.g. crimes.geojson:0.5) or FILE:WEIGHT:RADIUS_M (points within the radius of a cell count, e.g. schools.geojson:0.3:300); with layers, each is normalised to a maximum of 1 and summed with its weight.
    #[arg(long = "layer", value_name = "FILE:WEIGHT[:RADIUS_M]", value_parser = parse_layer)]
    pub extra_layers: Vec<Layer>,
    /// For --mode grid: a number per district from this property of --districts (population, say), spread evenly over each district's area, as a layer of the given weight: FIELD:WEIGHT.
    #[arg(long, value_name = "FIELD:WEIGHT", value_parser = parse_field_weight, requires = "districts")]
    pub district_value: Option<(String, f64)>,
}

/// What `--mode` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// The demand points.
    Points,
    /// Kernel density on a grid.
    Grid,
    /// Blind-spot area on a grid.
    Area,
}

/// `--kernel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KernelArg {
    /// Quartic (biweight).
    Quartic,
    /// Gaussian.
    Gaussian,
}

/// How to choose sites.
#[derive(Debug, Args)]
pub struct SolverArgs {
    /// The solver: greedy, local (greedy then swaps; also written local-search), exact (branch and bound to a proven optimum), or auto (the default: the same search within a work budget; see the README).
    #[arg(long, value_name = "METHOD")]
    pub solver: Option<Method>,
    /// Seconds the whole run may take after reading the layers (default 10): building the coverage, solving, evaluating and writing, for every solver; when the search stops early the plan is the best found, with its bound and gap.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// The solver's work limit, in coverage entries read (local-search evaluations, bound steps, search nodes): the same plan on every machine and with any number of threads. Default: a fixed effort (about 2 s of solving for a million demand points on a 2-core laptop) when --time-limit is not given either; with --time-limit alone, the search uses the time it is given. summary.json's time_limit_reached says whether the time limit cut the search.
    #[arg(long, value_name = "N")]
    pub effort: Option<u64>,
}

/// The outputs' language and title, shared by `plan`, `run` and `demo`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Language of report.md, report.html, map.svg and curve.svg: en (English, the default) or ko (Korean); overrides a study's [outputs] lang.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Title of every output (report.md, report.html, map.svg, curve.svg, the district maps), on one line (line breaks become spaces); overrides a study's title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// A tile URL template for report.html's map, for readers who are online (https://tile.openstreetmap.org/{z}/{x}/{y}.png: mind the tile server's usage policy and attribution); without it the page fetches nothing and the districts are the map. Overrides a study's [outputs] basemap.
    #[arg(long, value_name = "URL", value_parser = tile_template)]
    pub basemap: Option<String>,
    /// The basemap tiles' credit, shown in the map's corner as the tile server's terms ask (default: "© OpenStreetMap contributors" for tile.openstreetmap.org, else the server's host name).
    #[arg(long, value_name = "TEXT", requires = "basemap")]
    pub basemap_attribution: Option<String>,
    /// Format of the outputs that hold geometries (plan, coverage, blindspots, records; the demo's layers too): geojson or flatgeobuf (.fgb, with a spatial index, for big layers). Default: flatgeobuf when --demand (or, without one, --sites) is a .fgb file, else geojson; overrides a study's [outputs] format.
    #[arg(long, value_name = "FORMAT")]
    pub out_format: Option<OutputFormat>,
}

/// `--basemap`'s value: a tile URL template.
fn tile_template(url: &str) -> Result<String, String> {
    if sightline::output::is_tile_template(url) {
        Ok(url.to_owned())
    } else {
        Err("expected a tile URL template starting with https:// or http:// with {z}, {x} and {y}, such as https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned())
    }
}

impl OutputArgs {
    /// True when a flag was given.
    pub fn any(&self) -> bool {
        self.lang.is_some() || self.title.is_some() || self.basemap.is_some() || self.out_format.is_some()
    }

    /// Sets the study's title and its outputs' language, where given.
    pub fn apply(&self, study: &mut Study) {
        if let Some(title) = &self.title {
            study.title = Some(title.clone());
        }
        if let (Some(lang), Some(outputs)) = (self.lang, study.outputs.as_mut()) {
            outputs.lang = Some(lang);
        }
        if let (Some(format), Some(outputs)) = (self.out_format, study.outputs.as_mut()) {
            outputs.format = Some(format);
        }
        if let (Some(url), Some(outputs)) = (&self.basemap, study.outputs.as_mut()) {
            outputs.basemap = Some(url.clone());
            outputs.basemap_attribution = self.basemap_attribution.clone();
        }
    }
}

/// `sightline plan`'s flags.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub layers: LayerArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Number of new cameras to place (at most, with --budget).
    #[arg(long, value_name = "N", required_unless_present_any = ["target_coverage", "budget"])]
    pub cameras: Option<usize>,
    /// Instead of --cameras: the fewest cameras (least total --site-cost) covering this fraction of the coverable demand, existing cameras included (1 = all of it).
    #[arg(long, value_name = "FRACTION", conflicts_with_all = ["cameras", "budget", "backup_weight"])]
    pub target_coverage: Option<f64>,
    /// The chosen sites' costs (--site-cost) add up to at most this: the most coverage this money buys (with --cameras, also at most that many).
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub budget: Option<f64>,
    /// Demand seen by two or more cameras (existing ones included) counts again, W times its weight (0 to 1): backup coverage.
    #[arg(long, value_name = "W", allow_negative_numbers = true)]
    pub backup_weight: Option<f64>,
    /// Leave out the plan's cameras that would add less than W demand weight each (in rank order, as `gain` in plan.geojson): fewer cameras where more would hardly pay.
    #[arg(long, value_name = "W", allow_negative_numbers = true)]
    pub min_gain: Option<f64>,
    /// With --period: what the plan maximises across the periods. `weighted` (the default): the weighted mean of the periods' covered shares (Σ w·f / Σ w); `worst`: the smallest covered share, so that no period is left behind (a Lagrangian over the period weights; the plan comes with an upper bound and gap like every plan).
    #[arg(long, value_name = "weighted|worst")]
    pub periods_objective: Option<sightline::periods::PeriodObjective>,
    /// Site ids that must be among the new cameras (repeat the flag or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub force_in: Vec<String>,
    /// Site ids that must not be used (repeat the flag or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub force_out: Vec<String>,
    /// Every district gets at least N new cameras (needs --districts).
    #[arg(long, value_name = "N", requires = "districts")]
    pub min_per_district: Option<usize>,
    /// No district gets more than N new cameras (needs --districts).
    #[arg(long, value_name = "N", requires = "districts")]
    pub max_per_district: Option<usize>,
    /// New cameras stand at least this far apart.
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    pub min_spacing: Option<f64>,
    #[command(flatten)]
    pub solver: SolverArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Also write the study these flags describe, as TOML, to FILE: `sightline run FILE` plans the same again.
    #[arg(long, value_name = "FILE")]
    pub save_study: Option<PathBuf>,
}

/// `sightline score`'s flags.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub layers: LayerArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Format of the scores layer: geojson (scores.geojson) or flatgeobuf (scores.fgb, with a spatial index, for big layers). Default: flatgeobuf when --demand (or, without one, --sites) is a .fgb file, else geojson.
    #[arg(long, value_name = "FORMAT")]
    pub out_format: Option<OutputFormat>,
}

fn parse_pair(value: &str) -> Result<(String, String), String> {
    value
        .split_once(',')
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .ok_or_else(|| format!("{value}: expected two names separated by a comma"))
}

/// `--delimiter`: one character, `tab` or `\t` for a tab (checked by the
/// study: ASCII, not a quote).
fn parse_delimiter(value: &str) -> Result<char, String> {
    match value {
        "tab" | "\\t" | "\t" => Ok('\t'),
        _ => {
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(one), None) => Ok(one),
                _ => Err(format!(
                    "`{value}` is not one character (write a tab as tab or \\t)"
                )),
            }
        }
    }
}

fn parse_camera(value: &str) -> Result<CameraTypeSpec, String> {
    let spec: CameraTypeSpec = value.parse().map_err(|e| format!("--camera {value}: {e}"))?;
    // Checked here too, so that an impossible type is a usage error.
    spec.camera_type()
        .map_err(|e| format!("--camera {value}: {}", e.problem))?;
    Ok(spec)
}

fn parse_field_weight(value: &str) -> Result<(String, f64), String> {
    let (field, weight) = value
        .rsplit_once(':')
        .ok_or_else(|| format!("{value}: expected FIELD:WEIGHT"))?;
    let weight = weight
        .parse::<f64>()
        .map_err(|_| format!("{value}: the weight is `{weight}`, not a number"))?;
    Ok((field.to_owned(), weight))
}

/// One `--demand`: FILE, or FILE:WEIGHT with a layer weight. A name whose
/// part after its last ':' is not a number is a file name (`C:\x.csv`),
/// unless the part before it is a file or names one we read
/// (`a.geojson:abc`): then the weight is wrong, and that is said.
fn parse_demand(value: &str) -> Result<Layer, String> {
    let whole = std::path::Path::new(value);
    let mut layer = Layer::new(Role::Demand, value);
    let Some((path, weight)) = value.rsplit_once(':') else {
        return Ok(layer);
    };
    let head = std::path::Path::new(path);
    match weight.trim().parse::<f64>() {
        // `name:2` is the file `name:2` only if that exists and `name` does not.
        Ok(_) if whole.exists() && !head.exists() => Ok(layer),
        Ok(number) => {
            layer.file = head.to_path_buf();
            layer.layer_weight = Some(number);
            Ok(layer)
        }
        Err(_) => {
            let readable = head.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["geojson", "json", "csv", "xlsx", "xlsm", "xls", "ods", "shp"]
                    .contains(&e.to_ascii_lowercase().as_str())
            });
            if !whole.exists() && !weight.contains(['/', '\\']) && (head.is_file() || readable) {
                return Err(format!(
                    "the layer weight `{weight}` is not a number (FILE:WEIGHT, e.g. {path}:2), and no file {value} exists"
                ));
            }
            layer.file = whole.to_path_buf();
            Ok(layer)
        }
    }
}

/// One `--layer`: a density layer (FILE:WEIGHT) or an influence layer
/// (FILE:WEIGHT:RADIUS_M).
fn parse_layer(value: &str) -> Result<Layer, String> {
    let parts: Vec<&str> = value.rsplitn(3, ':').collect();
    let number = |s: &str, what: &str| -> Result<f64, String> {
        s.parse::<f64>()
            .map_err(|_| format!("--layer {value}: {what} is `{s}`, not a number"))
    };
    let (path, weight, radius) = match parts.as_slice() {
        [radius, weight, path] if radius.parse::<f64>().is_ok() && weight.parse::<f64>().is_ok() => (
            (*path).to_owned(),
            number(weight, "the weight")?,
            Some(number(radius, "the radius")?),
        ),
        [weight, rest @ ..] if !rest.is_empty() => (
            rest.iter().rev().copied().collect::<Vec<_>>().join(":"),
            number(weight, "the weight")?,
            None,
        ),
        _ => {
            return Err(format!(
                "--layer {value}: expected FILE:WEIGHT or FILE:WEIGHT:RADIUS_M"
            ));
        }
    };
    let role = if radius.is_some() {
        Role::Influence
    } else {
        Role::Density
    };
    let mut layer = Layer::new(role, path);
    layer.layer_weight = Some(weight);
    layer.radius_m = radius;
    Ok(layer)
}

impl LayerArgs {
    /// The layers, the camera's range and the coordinate systems, into
    /// `study`.
    fn fill(&self, study: &mut Study, model: &ModelArgs) {
        study.layers = self
            .demand
            .iter()
            .map(|layer| {
                let mut demand = layer.clone();
                demand.weight = self.demand_weight.clone();
                demand
            })
            .collect();
        study.layers.extend(self.records.layer());
        self.records.fill(study);
        study.layers.extend(self.periods.layer());
        let mut sites = Layer::new(Role::Sites, &self.sites);
        sites.id = self.site_id.clone();
        sites.cost = self.site_cost.clone();
        sites.label = self.site_label.clone();
        sites.headings = self.site_headings.clone();
        study.layers.push(sites);
        if let Some(file) = &self.existing {
            let mut existing = Layer::new(Role::Existing, file);
            if let Some((heading, fov)) = &self.existing_view {
                existing.heading = Some(heading.clone());
                existing.fov = Some(fov.clone());
            }
            study.layers.push(existing);
        }
        if let Some(file) = &self.districts {
            let mut districts = Layer::new(Role::Districts, file);
            districts.name = self.district_name.clone();
            if let Some((field, weight)) = &model.district_value {
                districts.value = Some(field.clone());
                districts.value_weight = Some(*weight);
            }
            study.layers.push(districts);
        }
        if let Some(file) = &self.buildings {
            study.layers.push(Layer::new(Role::Buildings, file));
        }
        study.layers.extend(model.extra_layers.iter().cloned());
        // The CSV flags apply to every CSV point layer, the columns to
        // Excel ones too.
        for layer in &mut study.layers {
            if !layer.role.holds_points() {
                continue;
            }
            if layer.is_csv() {
                layer.encoding = self.encoding.filter(|e| *e != Encoding::Auto);
                layer.delimiter = self.delimiter;
            }
            if layer.file_format().is_table()
                && let Some((x, y)) = &self.csv_columns
            {
                layer.x = Some(x.clone());
                layer.y = Some(y.clone());
            }
        }
        study.crs = self.crs;
        study.out_crs = self.out_crs;
        let mut camera = DiscCamera::new(self.radius);
        camera.existing_radius_m = self.existing_radius;
        study.camera = Some(camera);
        study.outputs = Some(Outputs::new(&self.out));
        self.periods.fill(study);
    }
}

impl ModelArgs {
    fn fill(&self, study: &mut Study) {
        study.camera_types = self.camera_types.clone();
        let demand = &mut study.demand;
        demand.mode = self.mode.map(|mode| match mode {
            ModeArg::Points => DemandMode::Points,
            ModeArg::Grid => DemandMode::Grid,
            ModeArg::Area => DemandMode::Area,
        });
        demand.grid_m = self.grid_m;
        demand.kernel = self.kernel.map(|kernel| match kernel {
            KernelArg::Quartic => KernelName::Quartic,
            KernelArg::Gaussian => KernelName::Gaussian,
        });
        demand.bandwidth_m = self.kde_bandwidth;
        demand.quality_levels = self.quality_levels;
        study.solver.memory_limit = self.memory_limit;
    }
}

impl ScoreArgs {
    /// The study these flags describe (no objective: sites are scored).
    pub fn study(&self) -> Study {
        let mut study = Study::default();
        self.layers.fill(&mut study, &self.model);
        self.model.fill(&mut study);
        if let (Some(format), Some(outputs)) = (self.out_format, study.outputs.as_mut()) {
            outputs.format = Some(format);
        }
        study
    }
}

impl PlanArgs {
    /// The study these flags describe.
    pub fn study(&self) -> Study {
        let mut study = Study::default();
        self.layers.fill(&mut study, &self.model);
        self.model.fill(&mut study);
        let mut objective = Objective::default();
        objective.cameras = self.cameras;
        objective.budget = self.budget;
        objective.target_coverage = self.target_coverage;
        objective.backup_weight = self.backup_weight;
        objective.min_gain = self.min_gain;
        objective.periods_objective = self.periods_objective;
        study.objective = Some(objective);
        let rules = &mut study.constraints;
        rules.min_per_district = self.min_per_district;
        rules.max_per_district = self.max_per_district;
        rules.min_spacing_m = self.min_spacing;
        rules.force_in = self.force_in.clone();
        rules.force_out = self.force_out.clone();
        study.solver.method = self.solver.solver;
        study.solver.time_limit_s = self.solver.time_limit;
        study.solver.effort = self.solver.effort;
        self.output.apply(&mut study);
        study
    }
}

/// The flag that sets the study field at `path`, as the user would type
/// it: `--cameras`, `--demand-weight`, `--camera fixed:range=50,fov=500`.
pub fn flag_for(path: &FieldPath, study: &Study) -> String {
    let key = path.last_key().unwrap_or_default();
    if let Some(k) = path.layer() {
        let Some(layer) = study.layers.get(k) else {
            return "--demand".to_owned();
        };
        let flag = match (layer.role, key) {
            (_, "encoding") => "--encoding",
            (_, "x" | "y") => "--csv-columns",
            (_, "delimiter") => "--delimiter",
            (_, "crs") => "--crs",
            (Role::Demand, "weight") => "--demand-weight",
            (Role::Demand, "layer_weight") => {
                let weight = layer.layer_weight.map(|w| format!(":{w}")).unwrap_or_default();
                return format!("--demand {}{weight}", layer.file.display());
            }
            (Role::Demand, _) => "--demand",
            (Role::Records, "layer_weight") => "--records",
            (Role::Records, key) => RecordArgs::layer_flag_for(key),
            (Role::Sites, "id") => "--site-id",
            (Role::Sites, "cost") => "--site-cost",
            (Role::Sites, "label") => "--site-label",
            (Role::Sites, "headings") => "--site-headings",
            (Role::Sites, _) => "--sites",
            (Role::Existing, "heading" | "fov") => "--existing-view",
            (Role::Existing, "radius_m") => "--existing-radius",
            (Role::Existing, _) => "--existing",
            (Role::Districts, "name") => "--district-name",
            (Role::Districts, "value" | "value_weight") => "--district-value",
            (Role::Districts, _) => "--districts",
            (Role::Buildings, _) => "--buildings",
            (Role::Population, "layer_weight") => "--population",
            (Role::Population, key) => PeriodArgs::layer_flag_for(key),
            (Role::Density | Role::Influence, _) => {
                return format!("--layer {}", layer.file.display());
            }
        };
        return flag.to_owned();
    }
    if path.first_key() == Some("camera_type")
        && let Some(Segment::Index(k)) = path.0.get(1)
        && let Some(spec) = study.camera_types.get(*k)
    {
        return format!("--camera {spec}");
    }
    if path.first_key() == Some("records") {
        return RecordArgs::flag_for(key).to_owned();
    }
    if let Some(table @ ("period" | "event")) = path.first_key() {
        return PeriodArgs::flag_for(table, key).to_owned();
    }
    match (path.first_key().unwrap_or_default(), key) {
        ("camera", "existing_radius_m") => "--existing-radius",
        ("camera", _) => "--radius",
        ("demand", "mode") => "--mode",
        ("demand", "grid_m") => "--grid",
        ("demand", "kernel") => "--kernel",
        ("demand", "bandwidth_m") => "--kde-bandwidth",
        ("demand", "quality_levels") => "--quality-levels",
        ("objective", "cameras" | "objective") => "--cameras",
        ("objective", "budget") => "--budget",
        ("objective", "target_coverage") => "--target-coverage",
        ("objective", "backup_weight") => "--backup-weight",
        ("objective", "min_gain") => "--min-gain",
        ("objective", "periods_objective") => "--periods-objective",
        ("outputs", "map_period") => "--map-period",
        ("outputs", "basemap") => "--basemap",
        ("outputs", "basemap_attribution") => "--basemap-attribution",
        ("outputs", "format") => "--out-format",
        ("constraints", "min_per_district") => "--min-per-district",
        ("constraints", "max_per_district") => "--max-per-district",
        ("constraints", "min_spacing_m") => "--min-spacing",
        ("constraints", "force_out") => "--force-out",
        ("constraints", _) => "--force-in",
        ("solver", "method") => "--solver",
        ("solver", "time_limit_s") => "--time-limit",
        ("solver", "effort") => "--effort",
        ("solver", "memory_limit") => "--memory-limit",
        ("outputs", _) => "--out",
        ("out_crs", _) => "--out-crs",
        ("crs", _) => "--crs",
        _ => "--demand",
    }
    .to_owned()
}
