//! The `sightline` command: plan CCTV camera sites from GeoJSON layers.
//!
//! A thin layer over the `sightline` library: it parses flags, calls the
//! facade, shows progress and writes files. The binary is [`main`]; the
//! library target exists so the scenario parser can be fuzzed
//! ([`check_scenario`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sightline::input::LayerSummary;
use sightline::io::Plane;
use sightline::memory::MemoryLimit;
use sightline::output;
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

mod progress;

/// `println!` that ignores a closed standard output (`sightline … | head`)
/// instead of panicking: the files are written either way.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

use progress::Stage;

mod camera_spec;
mod scenario_file;

/// Decide where a city should install CCTV cameras.
#[derive(Debug, Parser)]
#[command(name = "sightline", version, about, long_about = None)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Choose camera sites and write plan.geojson and summary.json.
    Plan(Box<PlanArgs>),
    /// Score every candidate site on its own; write scores.csv and scores.geojson.
    Score(Box<ScoreArgs>),
    /// Generate the built-in synthetic city, plan on it, and write inputs and results.
    Demo(DemoArgs),
    /// Run a whole study described in a scenario file (TOML; see `sightline init`).
    Run(RunArgs),
    /// Write a commented scenario template to fill in.
    Init(InitArgs),
}

/// `sightline run`'s arguments.
#[derive(Debug, Args)]
struct RunArgs {
    /// The scenario file.
    #[arg(value_name = "SCENARIO.toml")]
    scenario: PathBuf,
}

/// `sightline init`'s arguments.
#[derive(Debug, Args)]
struct InitArgs {
    /// Where to write the template.
    #[arg(value_name = "FILE", default_value = "scenario.toml")]
    path: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

/// The input layers and the camera range, shared by `plan` and `score`.
#[derive(Debug, Args)]
struct LayerArgs {
    /// Demand points (complaints, requests): GeoJSON Points or MultiPoints.
    #[arg(long, value_name = "FILE")]
    demand: PathBuf,
    /// Property holding each demand point's weight (numbers or numeric strings; default 1).
    #[arg(long, value_name = "FIELD")]
    demand_weight: Option<String>,
    /// Candidate sites (poles, security lights): GeoJSON Points.
    #[arg(long, value_name = "FILE")]
    sites: PathBuf,
    /// Property holding each site's id (default: the feature id, else its index).
    #[arg(long, value_name = "FIELD")]
    site_id: Option<String>,
    /// Property holding each site's cost (numbers or numeric strings; default 1), used with --target-coverage and --budget.
    #[arg(long, value_name = "FIELD")]
    site_cost: Option<String>,
    /// Existing cameras: GeoJSON Points. Demand they cover counts as covered already.
    #[arg(long, value_name = "FILE")]
    existing: Option<PathBuf>,
    /// Range of existing cameras in metres (default: --radius).
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    existing_radius: Option<f64>,
    /// District boundaries: GeoJSON Polygons or MultiPolygons.
    #[arg(long, value_name = "FILE")]
    districts: Option<PathBuf>,
    /// Property holding each district's name.
    #[arg(long, value_name = "FIELD", requires = "districts")]
    district_name: Option<String>,
    /// Property of --sites listing the compass headings (degrees) a fixed camera may take there, e.g. "90, 270"; sites without it take each camera type's headings.
    #[arg(long, value_name = "FIELD")]
    site_headings: Option<String>,
    /// Properties of --existing holding each camera's heading and field of view in degrees, as HEADING_FIELD,FOV_FIELD; cameras missing either are discs.
    #[arg(long, value_name = "HEADING_FIELD,FOV_FIELD", requires = "existing")]
    existing_view: Option<String>,
    /// Building footprints (Polygons or MultiPolygons; other geometries are skipped and counted): a building between a camera and a point hides the point.
    #[arg(long, value_name = "FILE")]
    buildings: Option<PathBuf>,
    /// Camera range in metres: a camera covers demand within this distance.
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    radius: f64,
    /// Coordinate system of inputs that do not name one: lonlat (RFC 7946, the default), planar (metres, no named system) or EPSG:CODE.
    #[arg(long, value_name = "CRS")]
    crs: Option<Crs>,
    /// Character encoding of CSV point layers: auto (UTF-8 when valid, else CP949), utf-8 or cp949 (also euc-kr).
    #[arg(long, value_name = "ENCODING", default_value = "auto")]
    encoding: sightline::io::Encoding,
    /// Coordinate columns of CSV point layers, as X_COLUMN,Y_COLUMN (longitude or easting first); default: recognised from the header (경도/위도, lon/lat, longitude/latitude, x/y).
    #[arg(long, value_name = "X_COLUMN,Y_COLUMN")]
    csv_columns: Option<String>,
    /// Per-file CSV settings (scenario files only).
    #[arg(skip)]
    csv_files: Vec<CsvFileArg>,
    /// Coordinate system of the outputs: lonlat or EPSG:CODE (default: that of --demand).
    #[arg(long, value_name = "CRS")]
    out_crs: Option<Crs>,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// One CSV file's own encoding and coordinate columns (scenario files).
#[derive(Debug, Clone, Default)]
struct CsvFileArg {
    path: PathBuf,
    encoding: Option<sightline::io::Encoding>,
    columns: Option<(String, String)>,
}

/// How to choose sites.
#[derive(Debug, Args)]
struct SolverArgs {
    /// greedy, local (greedy then swaps), exact (branch and bound to a proven optimum), or auto (exact within the time limit, else the best plan and its gap).
    #[arg(long, value_name = "METHOD", default_value = "auto")]
    solver: Method,
    /// Seconds the exact search may run; when it stops early the plan comes with its proven gap.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    time_limit: f64,
}

impl SolverArgs {
    fn apply(&self, request: PlanRequest) -> Result<PlanRequest> {
        let limit = Duration::try_from_secs_f64(self.time_limit)
            .ok()
            .filter(|_| self.time_limit > 0.0)
            .with_context(|| {
                format!(
                    "--time-limit is {}; it must be a positive number of seconds",
                    number(self.time_limit)
                )
            })?;
        Ok(request.method(self.solver).time_limit(limit))
    }
}

/// The camera model and the demand surface, shared by `plan` and `score`.
#[derive(Debug, Args)]
struct ModelArgs {
    /// A camera type: NAME:range=M,fov=DEG,headings=N,cost=C[,decay=step|linear:FULL_M|logistic:MID_M:WIDTH_M] (repeatable; e.g. fixed:range=50,fov=90,headings=8 and ptz:range=30,fov=360,cost=3). Each site then takes at most one camera, of one type, at one heading. Without it a camera sees a disc of --radius.
    #[arg(long = "camera", value_name = "SPEC", value_parser = camera_spec::parse)]
    cameras_types: Vec<sightline::coverage::CameraType>,
    /// Quality levels for cameras whose quality decays with distance: quality is rounded down to a multiple of 1/N.
    #[arg(long, value_name = "N", default_value_t = 10)]
    quality_levels: u32,
    /// The most memory the demand grid and the coverage may take, estimated before they are built: a size such as 8G or 512MiB, auto (half of the machine's memory) or none. Past it the command stops and says what to change.
    #[arg(long, value_name = "SIZE", default_value = "auto")]
    memory_limit: MemoryLimit,
    /// What the demand is: the points themselves (default); a grid of --grid cells weighted by kernel density of the demand points (and any --layer); or area: every cell weighs its area, so the plan removes the most blind-spot area.
    #[arg(long, value_name = "MODE", default_value = "points")]
    mode: DemandMode,
    /// Cell size of --mode grid or area, metres.
    #[arg(
        long = "grid",
        value_name = "METRES",
        default_value_t = 100.0,
        allow_negative_numbers = true
    )]
    grid_m: f64,
    /// Kernel density bandwidth, metres (default: Silverman's rule for each layer).
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    kde_bandwidth: Option<f64>,
    /// Kernel density kernel: quartic (default) or gaussian.
    #[arg(long, value_name = "KERNEL", default_value = "quartic")]
    kernel: KernelArg,
    /// Another point layer for --mode grid: FILE:WEIGHT (kernel density, e.g. crimes.geojson:0.5) or FILE:WEIGHT:RADIUS_M (points within the radius of a cell count, e.g. schools.geojson:0.3:300); with layers, each is normalised to a maximum of 1 and summed with its weight.
    #[arg(long = "layer", value_name = "FILE:WEIGHT[:RADIUS_M]", value_parser = parse_layer)]
    layers_extra: Vec<LayerArg>,
    /// For --mode grid: a number per district from this property of --districts (population, say), spread evenly over each district's area, as a layer of the given weight: FIELD:WEIGHT.
    #[arg(long, value_name = "FIELD:WEIGHT", value_parser = parse_field_weight, requires = "districts")]
    district_value: Option<(String, f64)>,
}

/// `sightline score`'s arguments.
#[derive(Debug, Args)]
struct ScoreArgs {
    #[command(flatten)]
    layers: LayerArgs,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Debug, Args)]
struct PlanArgs {
    #[command(flatten)]
    layers: LayerArgs,
    #[command(flatten)]
    model: ModelArgs,
    /// Number of new cameras to place (at most, with --budget).
    #[arg(long, value_name = "N", required_unless_present_any = ["target_coverage", "budget"])]
    cameras: Option<usize>,
    /// Instead of --cameras: the fewest cameras (least total --site-cost) covering this fraction of the coverable demand, existing cameras included (1 = all of it).
    #[arg(long, value_name = "FRACTION", conflicts_with_all = ["cameras", "budget", "backup_weight"])]
    target_coverage: Option<f64>,
    /// The chosen sites' costs (--site-cost) add up to at most this: the most coverage this money buys (with --cameras, also at most that many).
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    budget: Option<f64>,
    /// Demand seen by two or more cameras (existing ones included) counts again, W times its weight (0 to 1): backup coverage.
    #[arg(long, value_name = "W", allow_negative_numbers = true)]
    backup_weight: Option<f64>,
    /// Site ids that must be among the new cameras (repeat the flag or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    force_in: Vec<String>,
    /// Site ids that must not be used (repeat the flag or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    force_out: Vec<String>,
    /// Every district gets at least N new cameras (needs --districts).
    #[arg(long, value_name = "N", requires = "districts")]
    min_per_district: Option<usize>,
    /// No district gets more than N new cameras (needs --districts).
    #[arg(long, value_name = "N", requires = "districts")]
    max_per_district: Option<usize>,
    /// New cameras stand at least this far apart.
    #[arg(long, value_name = "METRES", allow_negative_numbers = true)]
    min_spacing: Option<f64>,
    #[command(flatten)]
    solver: SolverArgs,
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// City size: small (2,000 complaints), medium (20,000) or large (200,000).
    #[arg(long, default_value = "small")]
    size: CitySize,
    /// Number of new cameras (default: 20, 100 or 500 by size).
    #[arg(long, value_name = "N")]
    cameras: Option<usize>,
    /// Camera range in metres.
    #[arg(
        long,
        value_name = "METRES",
        default_value_t = 100.0,
        allow_negative_numbers = true
    )]
    radius: f64,
    /// Coordinate system of the written layers and plan: lonlat (the default) or EPSG:CODE.
    #[arg(long, value_name = "CRS")]
    out_crs: Option<Crs>,
    /// The most memory the coverage may take: a size such as 8G, auto (half of the machine's memory) or none.
    #[arg(long, value_name = "SIZE", default_value = "auto")]
    memory_limit: MemoryLimit,
    #[command(flatten)]
    solver: SolverArgs,
}

/// Runs the `sightline` command with the process's arguments: what the
/// binary's `main` does. Errors are printed as `error: ...` and give exit
/// code 1; usage errors are clap's (exit code 2).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            let memory = err
                .chain()
                .any(|e| matches!(e.downcast_ref(), Some(sightline::Error::MemoryLimit { .. })));
            if memory {
                eprintln!(
                    "(the limit is --memory-limit SIZE, or memory_limit in a scenario's [solver] table)"
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// Parses and checks a scenario file's text as `sightline run` would,
/// without reading the layers it names or planning: the scenario parser's
/// whole surface, for fuzzing and for editors that want to validate a file.
/// `path` names the file in errors and anchors its relative file names.
///
/// ```
/// use std::path::Path;
/// let err = sightline_cli::check_scenario("[outputs]\nfolder = 1\n", Path::new("study.toml")).unwrap_err();
/// assert!(err.to_string().starts_with("study.toml"));
/// ```
pub fn check_scenario(text: &str, path: &Path) -> Result<()> {
    scenario_file::parse(text, path).map(|_| ())
}

fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Plan(args) => plan_command(args, cli.quiet),
        Command::Score(args) => score_command(args, cli.quiet),
        Command::Demo(args) => demo_command(args, cli.quiet),
        Command::Run(args) => run_command(args, cli.quiet),
        Command::Init(args) => init_command(args, cli.quiet),
    }
}

/// `x` for a message: as Rust writes it, but 1e300 as `1e300`, not three
/// hundred digits.
pub(crate) fn number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// A camera range no longer than [`Plane::MAX_DISTANCE_M`]: every layer
/// lies within that distance of the study area's centre, so a longer range
/// sees everything, and the discs of the outputs could not be drawn on the
/// globe. `name` says where the range comes from, `what` what it is.
fn check_range(name: &str, what: &str, metres: f64) -> Result<()> {
    let longest = Plane::MAX_DISTANCE_M;
    if metres > longest {
        anyhow::bail!(
            "{name}: {what} is {} m; it must be at most {longest} m, the farthest any layer may lie from the centre of the study area",
            number(metres)
        );
    }
    Ok(())
}

/// Checks the camera model and demand settings that the library would
/// refuse only after reading every layer, or would quietly change;
/// `name` says where a setting comes from (`--radius`, or a scenario
/// file's line and key).
fn check_model(layers: &LayerArgs, model: &ModelArgs, name: &dyn Fn(&str) -> String) -> Result<()> {
    let range = |flag: &str, what: String, metres: f64| check_range(&name(flag), &what, metres);
    range("--radius", "the camera range".to_owned(), layers.radius)?;
    if let Some(r) = layers.existing_radius {
        if !(r.is_finite() && r > 0.0) {
            anyhow::bail!(
                "{}: the existing cameras' range is {} m; it must be a finite number greater than 0",
                name("--existing-radius"),
                number(r)
            );
        }
        range("--existing-radius", "the existing cameras' range".to_owned(), r)?;
    }
    for camera in &model.cameras_types {
        range(
            "--camera",
            format!("the range of camera type `{}`", camera.name()),
            camera.range_m(),
        )?;
    }
    // Read, then ignored, they would be data silently dropped.
    if model.mode != DemandMode::Grid {
        if let Some(layer) = model.layers_extra.first() {
            anyhow::bail!(
                "{} {}: another layer shapes the demand grid only; add --mode grid or remove it",
                name("--layer"),
                layer.path.display()
            );
        }
        if model.district_value.is_some() {
            anyhow::bail!(
                "{}: a district value shapes the demand grid only; add --mode grid or remove it",
                name("--district-value")
            );
        }
    }
    if model.quality_levels == 0 {
        anyhow::bail!(
            "{}: quality levels is 0; it must be at least 1",
            name("--quality-levels")
        );
    }
    Ok(())
}

/// [`check_model`], and the objective and rules of a plan.
pub(crate) fn check_request(args: &PlanArgs, name: &dyn Fn(&str) -> String) -> Result<()> {
    check_model(&args.layers, &args.model, name)?;
    if args.cameras == Some(0) {
        return Err(anyhow::Error::new(sightline::Error::NoCameras).context(name("--cameras")));
    }
    if let Some(fraction) = args.target_coverage
        && !(fraction > 0.0 && fraction <= 1.0)
    {
        return Err(
            anyhow::Error::new(sightline::Error::BadTarget { fraction }).context(name("--target-coverage"))
        );
    }
    if let Some(weight) = args.backup_weight
        && !(0.0..=1.0).contains(&weight)
    {
        return Err(
            anyhow::Error::new(sightline::Error::BadBackupWeight { weight }).context(name("--backup-weight"))
        );
    }
    if let Some(budget) = args.budget
        && !(budget.is_finite() && budget >= 0.0)
    {
        anyhow::bail!(
            "{}: the budget is {}; it must be a finite amount, 0 or more",
            name("--budget"),
            number(budget)
        );
    }
    if let Some(spacing_m) = args.min_spacing
        && !(spacing_m.is_finite() && spacing_m >= 0.0)
    {
        return Err(
            anyhow::Error::new(sightline::Error::BadSpacing { spacing_m }).context(name("--min-spacing"))
        );
    }
    if let (Some(min), Some(max)) = (args.min_per_district, args.max_per_district)
        && min > max
    {
        anyhow::bail!(
            "{} is {min}, more than the most a district may get ({max})",
            name("--min-per-district")
        );
    }
    if let Some(id) = args.force_in.iter().find(|id| args.force_out.contains(id)) {
        anyhow::bail!("{}: site `{id}` is also forced out", name("--force-in"));
    }
    Ok(())
}

fn camera_model(args: &LayerArgs) -> Result<Circular> {
    let model = Circular::new(args.radius).context("--radius")?;
    Ok(match args.existing_radius {
        Some(r) => model.with_existing_radius_m(r).context("--existing-radius")?,
        None => model,
    })
}

fn load(args: &LayerArgs, model: Option<&ModelArgs>, quiet: bool) -> Result<LoadedScenario> {
    let mut inputs = Inputs::new(&args.demand, &args.sites);
    let extra = model.map_or(&[][..], |m| &m.layers_extra[..]);
    if let Some((field, _)) = model.and_then(|m| m.district_value.as_ref()) {
        inputs = inputs.district_value(field);
    }
    for layer in extra {
        inputs = inputs.extra_layer(&layer.path);
    }
    if let Some(field) = &args.demand_weight {
        inputs = inputs.demand_weight(field);
    }
    if let Some(field) = &args.site_id {
        inputs = inputs.site_id(field);
    }
    if let Some(field) = &args.site_cost {
        inputs = inputs.site_cost(field);
    }
    if let Some(path) = &args.existing {
        inputs = inputs.existing(path);
    }
    if let Some(path) = &args.districts {
        inputs = inputs.districts(path);
    }
    if let Some(field) = &args.district_name {
        inputs = inputs.district_name(field);
    }
    if let Some(path) = &args.buildings {
        inputs = inputs.buildings(path);
    }
    if let Some(field) = &args.site_headings {
        inputs = inputs.site_headings(field);
    }
    if let Some(fields) = &args.existing_view {
        let (heading, fov) = fields
            .split_once(',')
            .with_context(|| format!("--existing-view {fields}: expected HEADING_FIELD,FOV_FIELD"))?;
        inputs = inputs.existing_view(heading.trim(), fov.trim());
    }
    if let Some(crs) = args.crs {
        inputs = inputs.crs(crs);
    }
    inputs = inputs.encoding(args.encoding);
    if let Some(columns) = &args.csv_columns {
        let (x, y) = columns
            .split_once(',')
            .with_context(|| format!("--csv-columns {columns}: expected X_COLUMN,Y_COLUMN"))?;
        inputs = inputs.csv_columns(x.trim(), y.trim());
    }
    for file in &args.csv_files {
        inputs = inputs.csv_file(&file.path, file.encoding, file.columns.clone());
    }
    if let Some(crs) = args.out_crs {
        inputs = inputs.output_crs(crs);
    }
    let stage = Stage::start("reading layers", quiet);
    let loaded = inputs.load()?;
    stage.finish();
    if !quiet {
        if let Some(note) = args
            .districts
            .as_deref()
            .and_then(|path| shared_names_note(path, &loaded))
        {
            eprintln!("note: {note}");
        }
        for layer in &loaded.layers {
            if let Some(note) = invalid_polygon_note(layer) {
                eprintln!("note: {note}");
            }
            if let Some(note) = &layer.skipped_note {
                eprintln!("note: {}: {note}", layer.path.display());
            }
            if layer.defaulted_weights > 0 {
                eprintln!(
                    "note: {}: {} rows have no usable count in their count column and weigh 1",
                    layer.path.display(),
                    layer.defaulted_weights
                );
            }
            if !layer.skipped.is_empty() {
                let kinds: Vec<String> = layer
                    .skipped
                    .iter()
                    .take(5)
                    .map(|(feature, kind)| format!("feature {feature} ({kind})"))
                    .collect();
                eprintln!(
                    "note: {}: skipped {} features that are not polygons: {}{}",
                    layer.path.display(),
                    layer.skipped.len(),
                    kinds.join(", "),
                    if layer.skipped.len() > 5 { ", ..." } else { "" }
                );
            }
        }
    }
    Ok(loaded)
}

/// What `--mode` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DemandMode {
    Points,
    Grid,
    Area,
}

/// `--kernel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum KernelArg {
    Quartic,
    Gaussian,
}

/// One `--layer`.
#[derive(Debug, Clone, PartialEq)]
struct LayerArg {
    path: PathBuf,
    weight: f64,
    radius_m: Option<f64>,
}

fn parse_field_weight(value: &str) -> Result<(String, f64)> {
    let (field, weight) = value
        .rsplit_once(':')
        .with_context(|| format!("{value}: expected FIELD:WEIGHT"))?;
    let weight = weight
        .parse::<f64>()
        .with_context(|| format!("{value}: the weight is `{weight}`, not a number"))?;
    Ok((field.to_owned(), weight))
}

fn parse_layer(value: &str) -> Result<LayerArg> {
    let parts: Vec<&str> = value.rsplitn(3, ':').collect();
    let number = |s: &str, what: &str| -> Result<f64> {
        s.parse::<f64>()
            .with_context(|| format!("--layer {value}: {what} is `{s}`, not a number"))
    };
    match parts.as_slice() {
        [radius, weight, path] if radius.parse::<f64>().is_ok() && weight.parse::<f64>().is_ok() => {
            Ok(LayerArg {
                path: PathBuf::from(path),
                weight: number(weight, "the weight")?,
                radius_m: Some(number(radius, "the radius")?),
            })
        }
        [weight, rest @ ..] if !rest.is_empty() => Ok(LayerArg {
            path: PathBuf::from(rest.iter().rev().copied().collect::<Vec<_>>().join(":")),
            weight: number(weight, "the weight")?,
            radius_m: None,
        }),
        _ => anyhow::bail!("--layer {value}: expected FILE:WEIGHT or FILE:WEIGHT:RADIUS_M"),
    }
}

/// Replaces the demand points with grid cells, for `--mode grid|area`.
fn demand_surface(args: &ModelArgs, demand: &Path, loaded: &mut LoadedScenario, quiet: bool) -> Result<()> {
    let mode = match args.mode {
        DemandMode::Points => {
            // A plan over demand that weighs nothing places no camera and
            // calls that optimal: say so instead.
            if loaded.scenario.demand().iter().all(|d| d.weight == 0.0) {
                anyhow::bail!(
                    "{}: every demand point weighs 0, so there is nothing to cover",
                    demand.display()
                );
            }
            return Ok(());
        }
        DemandMode::Grid => SurfaceMode::Grid,
        DemandMode::Area => SurfaceMode::Area,
    };
    let built = build_surface(args, demand, loaded, mode)?;
    if built.demand.is_empty() {
        anyhow::bail!(
            "the demand grid of {} m cells keeps no cell: {} lie outside every district and {} weigh nothing{}",
            args.grid_m,
            built.cells_outside_districts,
            built.empty_cells,
            if built.cells_outside_districts > 0 {
                " (do the demand points lie in the districts?)"
            } else {
                ""
            }
        );
    }
    if !quiet {
        let bandwidths: Vec<String> = built
            .bandwidths
            .iter()
            .flatten()
            .map(|h| format!("{h:.1} m"))
            .collect();
        say!(
            "demand grid: {} cells of {} m kept ({} outside every district, {} weighing nothing){}",
            built.demand.len(),
            args.grid_m,
            built.cells_outside_districts,
            built.empty_cells,
            if bandwidths.is_empty() || mode == SurfaceMode::Area {
                String::new()
            } else {
                format!("; kernel bandwidth {}", bandwidths.join(", "))
            }
        );
        if args.district_value.is_some() && !built.districts_without_cells.is_empty() {
            eprintln!(
                "note: {} districts hold no cell centre at --grid {} m, so their --district-value is not placed (districts {:?})",
                built.districts_without_cells.len(),
                args.grid_m,
                built.districts_without_cells
            );
        }
    }
    loaded.scenario = loaded.scenario.clone().with_demand(built.demand);
    Ok(())
}

/// The `--mode` surface over the loaded layers, in `mode`.
fn build_surface(
    args: &ModelArgs,
    demand: &Path,
    loaded: &LoadedScenario,
    mode: SurfaceMode,
) -> Result<sightline::surface::Surface> {
    let scenario = &loaded.scenario;
    let mut surface = DemandSurface::new(mode, args.grid_m)
        .kernel(match args.kernel {
            KernelArg::Quartic => sightline::coverage::Kernel::Quartic,
            KernelArg::Gaussian => sightline::coverage::Kernel::Gaussian,
        })
        .memory_limit(args.memory_limit);
    if let Some(h) = args.kde_bandwidth {
        surface = surface.bandwidth_m(h);
    }
    let points = scenario.demand().iter().map(|d| d.location).collect();
    let weights = scenario.demand().iter().map(|d| d.weight).collect();
    surface = surface.layer(SurfaceLayer::density(
        demand.display().to_string(),
        points,
        weights,
    ));
    if let (Some((field, weight)), Some(values)) = (&args.district_value, &loaded.district_values) {
        surface = surface.layer(SurfaceLayer::per_district(field.clone(), values.clone()).weight(*weight));
    }
    for (layer, points) in args.layers_extra.iter().zip(&loaded.extra_layers) {
        let name = layer.path.display().to_string();
        let n = points.len();
        let made = match layer.radius_m {
            Some(r) => SurfaceLayer::influence(name, points.clone(), r),
            None => SurfaceLayer::density(name, points.clone(), vec![1.0; n]),
        };
        surface = surface.layer(made.weight(layer.weight));
    }
    Ok(surface.build(scenario)?)
}

fn plan_command(args: &PlanArgs, quiet: bool) -> Result<()> {
    let command: Vec<String> = std::env::args().collect();
    let run = Run {
        title: "Sightline plan".to_owned(),
        command: command.join(" "),
        files: output::OutputKind::ALL.to_vec(),
    };
    execute_plan(args, &run, quiet)
}

fn run_command(args: &RunArgs, quiet: bool) -> Result<()> {
    let study = scenario_file::read(&args.scenario)?;
    let run = Run {
        title: study.title,
        command: format!("sightline run {}", args.scenario.display()),
        files: study.files,
    };
    execute_plan(&study.args, &run, quiet)
}

fn init_command(args: &InitArgs, quiet: bool) -> Result<()> {
    if args.path.exists() && !args.force {
        anyhow::bail!("{} exists; pass --force to replace it", args.path.display());
    }
    sightline::io::write_atomic(&args.path, scenario_file::TEMPLATE.as_bytes())?;
    if !quiet {
        say!(
            "wrote {}: fill in the file names, then run `sightline run {}`",
            args.path.display(),
            args.path.display()
        );
    }
    Ok(())
}

/// What a planning run writes besides the plan's own figures.
struct Run {
    /// The report's title.
    title: String,
    /// The command line or scenario file, for the report.
    command: String,
    /// The output files to write.
    files: Vec<output::OutputKind>,
}

/// The request `args` describe.
fn plan_request(args: &PlanArgs) -> Result<PlanRequest> {
    check_request(args, &|flag| flag.to_owned())?;
    let model = camera_model(&args.layers)?;
    let request = match (args.cameras, args.target_coverage, args.budget) {
        (_, Some(fraction), _) => PlanRequest::coverage_target(fraction, model),
        (Some(cameras), None, budget) => {
            let request = PlanRequest::new(cameras, model);
            match budget {
                Some(budget) => request.budget(budget),
                None => request,
            }
        }
        (None, None, Some(budget)) => PlanRequest::within_budget(budget, model),
        (None, None, None) => {
            anyhow::bail!("give --cameras N, --budget AMOUNT or --target-coverage FRACTION")
        }
    };
    let mut request = args.solver.apply(request)?;
    if let Some(weight) = args.backup_weight {
        request = request.backup_weight(weight);
    }
    if !args.model.cameras_types.is_empty() {
        request = request.camera_types(args.model.cameras_types.clone());
    }
    request = request
        .quality_levels(args.model.quality_levels)
        .memory_limit(args.model.memory_limit);
    if !args.force_in.is_empty() {
        request = request.force_in(args.force_in.iter().cloned());
    }
    if !args.force_out.is_empty() {
        request = request.force_out(args.force_out.iter().cloned());
    }
    if let Some(n) = args.min_per_district {
        request = request.min_per_district(n);
    }
    if let Some(n) = args.max_per_district {
        request = request.max_per_district(n);
    }
    if let Some(metres) = args.min_spacing {
        request = request.min_spacing_m(metres);
    }
    Ok(request)
}

fn execute_plan(args: &PlanArgs, run: &Run, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let request = plan_request(args)?;
    let mut loaded = load(&args.layers, Some(&args.model), quiet)?;
    demand_surface(&args.model, &args.layers.demand, &mut loaded, quiet)?;
    let stage = Stage::start("building coverage and choosing sites", quiet);
    let plan = sightline::plan(&loaded.scenario, &request)?;
    stage.finish();
    let stage = Stage::start("writing the plan and the report", quiet);
    let cell_m = match args.model.mode {
        DemandMode::Points => None,
        DemandMode::Grid | DemandMode::Area => Some(args.model.grid_m),
    };
    let mut context = output::ReportContext::new(run.title.clone())
        .layers(&loaded.layers)
        .command(run.command.clone());
    if let Some(cell) = cell_m {
        context = context.note(format!(
            "Demand is a grid of {cell} m cells ({} mode).",
            if args.model.mode == DemandMode::Area {
                "area"
            } else {
                "kernel density"
            }
        ));
    }
    let files = output::all_files(&plan, &loaded.scenario, &loaded.plane, &context, cell_m)?
        .into_iter()
        .filter(|(name, _)| run.files.iter().any(|kind| kind.file_name() == *name))
        .collect();
    output::write_files(&args.layers.out, files)?;
    stage.finish();
    report(&plan, &args.layers.out, started, quiet);
    Ok(())
}

fn score_command(args: &ScoreArgs, quiet: bool) -> Result<()> {
    check_model(&args.layers, &args.model, &|flag| flag.to_owned())?;
    let model = camera_model(&args.layers)?;
    let mut loaded = load(&args.layers, Some(&args.model), quiet)?;
    // On a density grid, sites are also scored by the blind-spot area they
    // would remove, on the same grid.
    let area = if args.model.mode == DemandMode::Grid {
        let cells = build_surface(&args.model, &args.layers.demand, &loaded, SurfaceMode::Area)?;
        let scenario = loaded.scenario.clone().with_demand(cells.demand);
        Some(sightline::score_sites_with(
            &scenario,
            &model,
            &args.model.cameras_types,
            args.model.quality_levels,
            args.model.memory_limit,
        )?)
    } else {
        None
    };
    demand_surface(&args.model, &args.layers.demand, &mut loaded, quiet)?;
    let stage = Stage::start("scoring candidate sites", quiet);
    let mut scores = sightline::score_sites_with(
        &loaded.scenario,
        &model,
        &args.model.cameras_types,
        args.model.quality_levels,
        args.model.memory_limit,
    )?;
    if let Some(area) = area {
        for (score, by_area) in scores.iter_mut().zip(area) {
            score.new_area_m2 = Some(by_area.new_demand);
        }
    }
    stage.finish();
    let stage = Stage::start("writing scores", quiet);
    let files = vec![
        ("scores.csv", output::scores_csv(&scores, &loaded.plane)?),
        ("scores.geojson", output::scores_geojson(&scores, &loaded.plane)?),
    ];
    output::write_files(&args.layers.out, files)?;
    stage.finish();
    if !quiet {
        say!(
            "scored {} candidate sites -> {}",
            scores.len(),
            args.layers.out.join("scores.csv").display()
        );
    }
    Ok(())
}

fn demo_command(args: &DemoArgs, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let model = Circular::new(args.radius).context("--radius")?;
    check_range("--radius", "the camera range", args.radius)?;
    let cameras = args.cameras.unwrap_or(args.size.default_cameras());
    if cameras == 0 {
        return Err(anyhow::Error::new(sightline::Error::NoCameras).context("--cameras"));
    }
    let stage = Stage::start("generating the synthetic city", quiet);
    let city = SyntheticCity::generate(args.size);
    stage.finish();
    let stage = Stage::start("building coverage and choosing sites", quiet);
    let request = args
        .solver
        .apply(PlanRequest::new(cameras, model).memory_limit(args.memory_limit))?;
    let plan = sightline::plan(&city.scenario, &request)?;
    stage.finish();
    let plane = Plane::local(city.origin_lonlat)?;
    let plane = match args.out_crs {
        Some(crs) => plane.with_output_crs(crs)?,
        None => plane,
    };
    let stage = Stage::start("writing the city's layers and the plan", quiet);
    let mut files = output::scenario_layers(&city.scenario, &plane)?;
    let context = output::ReportContext::new(format!("Sightline demo: the {} synthetic city", args.size))
        .command(std::env::args().collect::<Vec<_>>().join(" "))
        .note("The demand, sites, existing cameras and districts are synthetic (demand.geojson, sites.geojson, existing.geojson, districts.geojson).");
    files.extend(output::all_files(&plan, &city.scenario, &plane, &context, None)?);
    output::write_files(&args.out, files)?;
    stage.finish();
    report(&plan, &args.out, started, quiet);
    if !quiet {
        let out = args.out.display();
        say!(
            "inputs written to {out}/ (a synthetic city); plan on them again with:\n  \
             sightline plan --demand {out}/demand.geojson --demand-weight weight --sites {out}/sites.geojson \
             --site-id site_id --existing {out}/existing.geojson --districts {out}/districts.geojson \
             --district-name name --cameras {cameras} --radius {} --out {out}/again",
            args.radius
        );
    }
    Ok(())
}

/// "dong.geojson: 1 district shares its name with an earlier one
/// (features 0 and 3, `A`); ...", or `None` when names are unique.
fn shared_names_note(path: &Path, loaded: &LoadedScenario) -> Option<String> {
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut shared = Vec::new();
    // A district layer keeps every feature, so district k is feature k.
    for (k, district) in loaded.scenario.districts().iter().enumerate() {
        match first.get(district.name.as_str()) {
            Some(&j) => shared.push(format!("features {j} and {k}, `{}`", district.name)),
            None => {
                first.insert(&district.name, k);
            }
        }
    }
    if shared.is_empty() {
        return None;
    }
    let n = shared.len();
    Some(format!(
        "{}: {n} {} a name with an earlier one ({}{}); each counts as a district of its own in districts.csv, summary.json and district quotas",
        path.display(),
        if n == 1 {
            "district shares"
        } else {
            "districts share"
        },
        shared.iter().take(5).cloned().collect::<Vec<_>>().join("; "),
        if n > 5 { "; ..." } else { "" }
    ))
}

/// "3 of 424 polygons in dong.geojson are not valid (...); they are used as they are".
fn invalid_polygon_note(layer: &LayerSummary) -> Option<String> {
    if layer.invalid_polygons.is_empty() {
        return None;
    }
    let details: Vec<String> = layer
        .invalid_polygons
        .iter()
        .map(|p| format!("feature {} `{}`: {}", p.feature, p.name, p.reason))
        .collect();
    Some(format!(
        "{} of {} polygons in {} are not valid ({}); they are used as they are",
        layer.invalid_polygons.len(),
        layer.items,
        layer.path.display(),
        details.join("; ")
    ))
}

fn report(plan: &Plan, out: &Path, started: Instant, quiet: bool) {
    if quiet {
        return;
    }
    let percent = |w: f64| {
        if plan.total_weight > 0.0 {
            100.0 * w / plan.total_weight
        } else {
            0.0
        }
    };
    match (plan.cameras_requested, plan.coverage_target, plan.budget) {
        (Some(requested), _, _) => say!(
            "placed {} of {} cameras{}: demand covered {:.1}% (existing cameras alone: {:.1}%) in {:.2} s",
            plan.chosen.len(),
            requested,
            plan.budget
                .map(|b| format!(" (cost {} of budget {b})", plan.cost))
                .unwrap_or_default(),
            percent(plan.objective),
            percent(plan.covered_before),
            started.elapsed().as_secs_f64()
        ),
        (None, None, Some(budget)) => say!(
            "placed {} cameras costing {} of budget {budget}: demand covered {:.1}% (existing cameras alone: {:.1}%) in {:.2} s",
            plan.chosen.len(),
            plan.cost,
            percent(plan.objective),
            percent(plan.covered_before),
            started.elapsed().as_secs_f64()
        ),
        (None, target, _) => say!(
            "placed {} cameras (cost {}) to cover {:.1}% of the coverable demand (target {:.1}%): {:.1}% of all demand (existing cameras alone: {:.1}%) in {:.2} s",
            plan.chosen.len(),
            plan.cost,
            if plan.coverable_weight > 0.0 {
                100.0 * plan.objective / plan.coverable_weight
            } else {
                0.0
            },
            100.0 * target.unwrap_or(0.0),
            percent(plan.objective),
            percent(plan.covered_before),
            started.elapsed().as_secs_f64()
        ),
    }
    if let Some(weight) = plan.backup_weight {
        say!(
            "backup: demand seen by two or more cameras {:.1}% (existing cameras alone: {:.1}%); score {} = covered + {weight} x backed up",
            percent(plan.backed_up_after),
            percent(plan.backed_up_before),
            plan.score
        );
    }
    if plan.proven_optimal {
        say!("solver {}: proven optimal", plan.solver);
    } else {
        match plan.cost_lower_bound {
            Some(lower) => say!(
                "solver {}: cost within {:.2}% of the cheapest possible plan (lower bound {lower})",
                plan.solver,
                100.0 * plan.gap
            ),
            None if plan.backup_weight.is_some() => say!(
                "solver {}: within {:.2}% of the best possible plan (upper bound on the score {:.1})",
                plan.solver,
                100.0 * plan.gap,
                plan.upper_bound
            ),
            None => say!(
                "solver {}: within {:.2}% of the best possible plan (upper bound {:.1}% of demand)",
                plan.solver,
                100.0 * plan.gap,
                percent(plan.upper_bound)
            ),
        }
    }
    match plan.demand_outside_districts {
        0 => {}
        1 => say!(
            "note: 1 demand point lies in no district; summary.json reports it in a district row named null"
        ),
        n => say!(
            "note: {n} demand points lie in no district; summary.json reports them in a district row named null"
        ),
    }
    match plan.sites_outside_districts {
        0 => {}
        1 => say!("note: 1 candidate site lies in no district"),
        n => say!("note: {n} candidate sites lie in no district"),
    }
    say!(
        "wrote {}/: plan.geojson, summary.json, coverage.geojson (what each camera sees), blindspots.geojson, districts.csv, report.md, curve.csv, curve.svg and map.svg (those asked for)",
        out.display()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn crs_flag_parses() {
        let cli = Cli::try_parse_from([
            "sightline",
            "score",
            "--demand",
            "d.geojson",
            "--sites",
            "s.geojson",
            "--radius",
            "50",
            "--crs",
            "EPSG:5186",
            "--out-crs",
            "lonlat",
            "--out",
            "o",
        ])
        .unwrap();
        let Command::Score(args) = cli.command else {
            panic!("expected score")
        };
        assert_eq!(args.layers.crs, Some(Crs::Epsg(5186)));
        assert_eq!(args.layers.out_crs, Some(Crs::LonLat));
    }
}
