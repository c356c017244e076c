//! `sightline run scenario.toml`: a whole study in one TOML file, and the
//! commented template `sightline init` writes.
//!
//! The file is read into the same arguments the `plan` flags fill, so a
//! scenario and the equivalent command line give the same plan.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use sightline::output::OutputKind;
use toml::Spanned;

use crate::{
    CsvFileArg, DemandMode, KernelArg, LayerArg, LayerArgs, ModelArgs, PlanArgs, SolverArgs, camera_spec,
};

/// The whole file. Unknown keys anywhere are errors (with their line).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    /// The report's title.
    title: Option<String>,
    /// Coordinate system of layers that do not name one.
    crs: Option<Spanned<String>>,
    /// Coordinate system of the outputs.
    out_crs: Option<Spanned<String>>,
    #[serde(default)]
    layer: Vec<Spanned<Layer>>,
    camera: Option<Spanned<Camera>>,
    #[serde(default)]
    camera_type: Vec<Spanned<CameraTypeTable>>,
    #[serde(default)]
    demand: DemandTable,
    objective: Spanned<Objective>,
    #[serde(default)]
    constraints: Constraints,
    solver: Option<Spanned<SolverTable>>,
    outputs: Spanned<Outputs>,
}

/// What a layer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Role {
    Demand,
    Sites,
    Existing,
    Districts,
    Buildings,
    Density,
    Influence,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Demand => "demand",
            Role::Sites => "sites",
            Role::Existing => "existing",
            Role::Districts => "districts",
            Role::Buildings => "buildings",
            Role::Density => "density",
            Role::Influence => "influence",
        }
    }

    /// The keys a layer of this role may have besides `role` and `file`.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Role::Demand => &["format", "encoding", "x", "y", "weight"],
            Role::Sites => &["format", "encoding", "x", "y", "id", "cost", "headings"],
            Role::Existing => &["format", "encoding", "x", "y", "heading", "fov", "radius_m"],
            Role::Districts => &["name", "value", "value_weight"],
            Role::Buildings => &[],
            Role::Density => &["format", "encoding", "x", "y", "layer_weight"],
            Role::Influence => &["format", "encoding", "x", "y", "layer_weight", "radius_m"],
        }
    }
}

/// One `[[layer]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Layer {
    role: Role,
    file: PathBuf,
    /// `geojson` or `csv` (default: from the extension).
    format: Option<String>,
    /// CSV: `auto`, `utf-8` or `cp949`.
    encoding: Option<String>,
    /// CSV: the x (longitude) column.
    x: Option<String>,
    /// CSV: the y (latitude) column.
    y: Option<String>,
    /// Demand: the weight property.
    weight: Option<String>,
    /// Sites: the id property.
    id: Option<String>,
    /// Sites: the cost property.
    cost: Option<String>,
    /// Sites: the property listing allowed headings.
    headings: Option<String>,
    /// Existing: the heading property.
    heading: Option<String>,
    /// Existing: the field-of-view property.
    fov: Option<String>,
    /// Existing: range in metres; influence: radius in metres.
    radius_m: Option<f64>,
    /// Districts: the name property.
    name: Option<String>,
    /// Districts: a per-district value property (population...).
    value: Option<String>,
    /// Districts: the weight of that value in the demand surface.
    value_weight: Option<f64>,
    /// Density and influence layers: their weight in the demand surface.
    layer_weight: Option<f64>,
}

impl Layer {
    /// The keys set on this layer besides `role` and `file`.
    fn set_keys(&self) -> Vec<&'static str> {
        let flags = [
            ("format", self.format.is_some()),
            ("encoding", self.encoding.is_some()),
            ("x", self.x.is_some()),
            ("y", self.y.is_some()),
            ("weight", self.weight.is_some()),
            ("id", self.id.is_some()),
            ("cost", self.cost.is_some()),
            ("headings", self.headings.is_some()),
            ("heading", self.heading.is_some()),
            ("fov", self.fov.is_some()),
            ("radius_m", self.radius_m.is_some()),
            ("name", self.name.is_some()),
            ("value", self.value.is_some()),
            ("value_weight", self.value_weight.is_some()),
            ("layer_weight", self.layer_weight.is_some()),
        ];
        flags
            .iter()
            .filter(|(_, set)| *set)
            .map(|(key, _)| *key)
            .collect()
    }
}

/// `[camera]`: the disc model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Camera {
    radius_m: f64,
    existing_radius_m: Option<f64>,
}

/// One `[[camera_type]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CameraTypeTable {
    name: String,
    range_m: f64,
    fov_deg: Option<f64>,
    headings: Option<u32>,
    cost: Option<f64>,
    decay: Option<String>,
}

/// `[demand]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemandTable {
    mode: Option<String>,
    grid_m: Option<f64>,
    kernel: Option<String>,
    bandwidth_m: Option<f64>,
    quality_levels: Option<u32>,
}

/// `[objective]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Objective {
    cameras: Option<usize>,
    budget: Option<f64>,
    target_coverage: Option<f64>,
    backup_weight: Option<f64>,
}

/// `[constraints]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Constraints {
    min_per_district: Option<usize>,
    max_per_district: Option<usize>,
    min_spacing_m: Option<f64>,
    #[serde(default)]
    force_in: Vec<String>,
    #[serde(default)]
    force_out: Vec<String>,
}

/// `[solver]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SolverTable {
    method: Option<String>,
    time_limit_s: Option<f64>,
    memory_limit: Option<Spanned<Size>>,
}

/// A size: text such as "8G", or a whole number of bytes.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Text(String),
    Bytes(u64),
}

/// `[outputs]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outputs {
    folder: PathBuf,
    files: Option<Vec<String>>,
}

/// A scenario file read and checked: the plan arguments, and what the
/// `run` command needs besides.
#[derive(Debug)]
pub struct Study {
    /// The arguments `plan` would get from flags.
    pub args: PlanArgs,
    /// The report's title.
    pub title: String,
    /// The output files to write.
    pub files: Vec<OutputKind>,
}

/// The 1-based line of a byte offset in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Reads `path` into a [`Study`]. Relative file names in it are taken
/// from the scenario file's folder.
pub fn read(path: &Path) -> Result<Study> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&text, path)
}

/// Parses and checks a scenario file's `text`, read from `path` (which
/// names it in errors and anchors its relative file names). Reads no
/// other file.
pub fn parse(text: &str, path: &Path) -> Result<Study> {
    let file: ScenarioFile =
        toml::from_str(text).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let resolve = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };
    let at = |span: std::ops::Range<usize>| format!("{} line {}", path.display(), line_of(text, span.start));

    // One layer per role, but any number of density and influence layers.
    let mut by_role: Vec<(Role, &Spanned<Layer>)> = Vec::new();
    for layer in &file.layer {
        let inner = layer.get_ref();
        let allowed = inner.role.keys();
        if let Some(key) = inner.set_keys().into_iter().find(|k| !allowed.contains(k)) {
            bail!(
                "{}: key `{key}` does not apply to a {} layer (it takes {})",
                at(layer.span()),
                inner.role.name(),
                if allowed.is_empty() {
                    "only role and file".to_owned()
                } else {
                    format!("role, file, {}", allowed.join(", "))
                }
            );
        }
        let repeatable = matches!(inner.role, Role::Density | Role::Influence);
        if let Some((_, first)) = by_role.iter().find(|(r, _)| !repeatable && *r == inner.role) {
            bail!(
                "{}: a second {} layer (the first is at line {})",
                at(layer.span()),
                inner.role.name(),
                line_of(text, first.span().start)
            );
        }
        if let Some(format) = &inner.format {
            let by_extension = inner
                .file
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let wanted = format.to_ascii_lowercase();
            if !matches!(wanted.as_str(), "geojson" | "csv") {
                bail!(
                    "{}: format is `{format}`; expected geojson or csv",
                    at(layer.span())
                );
            }
            let matches_extension = match by_extension.as_deref() {
                Some("csv") => wanted == "csv",
                _ => wanted == "geojson",
            };
            if !matches_extension {
                bail!(
                    "{}: format is `{format}` but the file {} is read by its extension (.csv for CSV, anything else as GeoJSON); rename it",
                    at(layer.span()),
                    inner.file.display()
                );
            }
        }
        let is_csv = inner
            .file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if !is_csv && (inner.encoding.is_some() || inner.x.is_some() || inner.y.is_some()) {
            bail!(
                "{}: encoding, x and y apply to CSV files only, and {} is not one (.csv)",
                at(layer.span()),
                inner.file.display()
            );
        }
        if inner.role == Role::Influence && inner.radius_m.is_none() {
            bail!("{}: an influence layer needs radius_m", at(layer.span()));
        }
        by_role.push((inner.role, layer));
    }
    let find = |role: Role| by_role.iter().find(|(r, _)| *r == role).map(|(_, l)| l.get_ref());
    let demand = find(Role::Demand)
        .with_context(|| format!("{}: no [[layer]] with role = \"demand\"", path.display()))?;
    let sites = find(Role::Sites)
        .with_context(|| format!("{}: no [[layer]] with role = \"sites\"", path.display()))?;
    let existing = find(Role::Existing);
    let districts = find(Role::Districts);
    let buildings = find(Role::Buildings);

    let radius = match (&file.camera, file.camera_type.is_empty()) {
        (Some(camera), _) => {
            let r = camera.get_ref().radius_m;
            if !(r.is_finite() && r > 0.0) {
                bail!(
                    "{}: [camera] radius_m is {r}; it must be a positive number of metres",
                    at(camera.span())
                );
            }
            r
        }
        // With camera types only, the disc radius is unused but required
        // by the model: take the longest range.
        (None, false) => file
            .camera_type
            .iter()
            .map(|c| c.get_ref().range_m)
            .fold(f64::NEG_INFINITY, f64::max),
        (None, true) => bail!(
            "{}: give a [camera] table with radius_m, or one or more [[camera_type]] tables",
            path.display()
        ),
    };
    let camera_existing = file.camera.as_ref().and_then(|c| c.get_ref().existing_radius_m);
    if let Some(camera) = &file.camera {
        match (camera_existing, existing) {
            (Some(_), None) => bail!(
                "{}: [camera] existing_radius_m is set but there is no existing layer",
                at(camera.span())
            ),
            (Some(_), Some(layer)) if layer.radius_m.is_some() => bail!(
                "{}: the existing cameras' range is set twice: [camera] existing_radius_m and radius_m on the existing layer; keep one",
                at(camera.span())
            ),
            _ => {}
        }
    }
    let existing_radius = camera_existing.or(existing.and_then(|e| e.radius_m));
    let existing_view = match existing.map(|e| (&e.heading, &e.fov)) {
        Some((Some(h), Some(f))) => Some(format!("{h},{f}")),
        Some((None, None)) | None => None,
        Some(_) => bail!(
            "{}: the existing layer needs both heading and fov, or neither",
            path.display()
        ),
    };
    let parse_crs = |value: &Option<Spanned<String>>, key: &str| {
        value
            .as_ref()
            .map(|c| {
                c.get_ref()
                    .parse()
                    .map_err(|e| anyhow::anyhow!("{}: {key}: {e}", at(c.span())))
            })
            .transpose()
    };
    let out_crs = parse_crs(&file.out_crs, "out_crs")?;
    let crs = parse_crs(&file.crs, "crs")?;

    let mut csv_files = Vec::new();
    for (_, layer) in &by_role {
        let l = layer.get_ref();
        let encoding = l
            .encoding
            .as_deref()
            .map(|e| {
                e.parse()
                    .map_err(|err| anyhow::anyhow!("{}: encoding: {err}", at(layer.span())))
            })
            .transpose()?;
        let columns = match (&l.x, &l.y) {
            (Some(x), Some(y)) => Some((x.clone(), y.clone())),
            (None, None) => None,
            _ => bail!("{}: give both x and y columns, or neither", at(layer.span())),
        };
        if encoding.is_some() || columns.is_some() {
            csv_files.push(CsvFileArg {
                path: resolve(&l.file),
                encoding,
                columns,
            });
        }
    }
    let layers = LayerArgs {
        demand: resolve(&demand.file),
        demand_weight: demand.weight.clone(),
        sites: resolve(&sites.file),
        site_id: sites.id.clone(),
        site_cost: sites.cost.clone(),
        existing: existing.map(|e| resolve(&e.file)),
        existing_radius,
        districts: districts.map(|d| resolve(&d.file)),
        district_name: districts.and_then(|d| d.name.clone()),
        site_headings: sites.headings.clone(),
        existing_view,
        buildings: buildings.map(|b| resolve(&b.file)),
        radius,
        crs,
        encoding: sightline::io::Encoding::Auto,
        csv_columns: None,
        csv_files,
        out_crs,
        out: resolve(&file.outputs.get_ref().folder),
    };

    let mut camera_types = Vec::new();
    for table in &file.camera_type {
        let c = table.get_ref();
        let mut spec = format!("{}:range={}", c.name, c.range_m);
        if let Some(fov) = c.fov_deg {
            spec.push_str(&format!(",fov={fov}"));
        }
        if let Some(n) = c.headings {
            spec.push_str(&format!(",headings={n}"));
        }
        if let Some(cost) = c.cost {
            spec.push_str(&format!(",cost={cost}"));
        }
        if let Some(decay) = &c.decay {
            spec.push_str(&format!(",decay={decay}"));
        }
        let parsed = camera_spec::parse(&spec)
            .map_err(|e| anyhow::anyhow!("{}: camera_type: {e:#}", at(table.span())))?;
        camera_types.push(parsed);
    }
    let demand_table = &file.demand;
    let mode = match demand_table.mode.as_deref().unwrap_or("points") {
        "points" => DemandMode::Points,
        "grid" => DemandMode::Grid,
        "area" => DemandMode::Area,
        other => bail!(
            "{}: [demand] mode is `{other}`; expected points, grid or area",
            path.display()
        ),
    };
    let kernel = match demand_table.kernel.as_deref().unwrap_or("quartic") {
        "quartic" => KernelArg::Quartic,
        "gaussian" => KernelArg::Gaussian,
        other => bail!(
            "{}: [demand] kernel is `{other}`; expected quartic or gaussian",
            path.display()
        ),
    };
    // Layers that only shape a kernel-density grid would be read and then
    // ignored in the other modes: refuse them.
    for (role, layer) in &by_role {
        let l = layer.get_ref();
        if l.value_weight.is_some() && l.value.is_none() {
            bail!("{}: value_weight is set without value", at(layer.span()));
        }
        let grid_only = match role {
            Role::Density | Role::Influence => Some(format!("a {} layer", role.name())),
            Role::Districts if l.value.is_some() => Some("a district value".to_owned()),
            _ => None,
        };
        if let (Some(what), false) = (grid_only, mode == DemandMode::Grid) {
            bail!(
                "{}: {what} shapes the demand grid only; set mode = \"grid\" in [demand] or remove it",
                at(layer.span())
            );
        }
    }
    let layers_extra = by_role
        .iter()
        .filter(|(role, _)| matches!(role, Role::Density | Role::Influence))
        .map(|(_, layer)| {
            let l = layer.get_ref();
            LayerArg {
                path: resolve(&l.file),
                weight: l.layer_weight.unwrap_or(1.0),
                radius_m: l.radius_m,
            }
        })
        .collect();
    let district_value = districts.and_then(|d| d.value.clone().map(|v| (v, d.value_weight.unwrap_or(1.0))));
    let memory_limit = match file
        .solver
        .as_ref()
        .and_then(|t| t.get_ref().memory_limit.as_ref())
    {
        Some(size) => match size.get_ref() {
            Size::Text(text) => text
                .parse()
                .map_err(|e| anyhow::anyhow!("{}: [solver] {e}", at(size.span())))?,
            Size::Bytes(0) => bail!("{}: [solver] memory_limit is 0 bytes", at(size.span())),
            Size::Bytes(bytes) => sightline::memory::MemoryLimit::Bytes(*bytes),
        },
        None => sightline::memory::MemoryLimit::Auto,
    };
    let model = ModelArgs {
        cameras_types: camera_types,
        memory_limit,
        quality_levels: demand_table.quality_levels.unwrap_or(10),
        mode,
        grid_m: demand_table.grid_m.unwrap_or(100.0),
        kde_bandwidth: demand_table.bandwidth_m,
        kernel,
        layers_extra,
        district_value,
    };

    let objective = file.objective.get_ref();
    if objective.cameras.is_none() && objective.budget.is_none() && objective.target_coverage.is_none() {
        bail!(
            "{}: [objective] needs cameras, budget or target_coverage",
            at(file.objective.span())
        );
    }
    if objective.target_coverage.is_some()
        && (objective.cameras.is_some() || objective.budget.is_some() || objective.backup_weight.is_some())
    {
        bail!(
            "{}: [objective] target_coverage cannot be combined with cameras, budget or backup_weight",
            at(file.objective.span())
        );
    }
    let solver_at = file.solver.as_ref().map(|t| at(t.span()));
    let solver = file.solver.as_ref().map(|t| t.get_ref());
    let method = match solver.and_then(|t| t.method.as_ref()) {
        Some(m) => m.parse().map_err(|e| {
            anyhow::anyhow!("{}: [solver] method: {e}", solver_at.clone().unwrap_or_default())
        })?,
        None => sightline::Method::Auto,
    };
    let time_limit = solver.and_then(|t| t.time_limit_s).unwrap_or(10.0);
    if !(time_limit.is_finite() && time_limit > 0.0)
        || std::time::Duration::try_from_secs_f64(time_limit).is_err()
    {
        bail!(
            "{}: [solver] time_limit_s is {}; it must be a positive number of seconds",
            solver_at.unwrap_or_default(),
            crate::number(time_limit)
        );
    }
    let constraints = &file.constraints;
    let args = PlanArgs {
        layers,
        model,
        cameras: objective.cameras,
        target_coverage: objective.target_coverage,
        budget: objective.budget,
        backup_weight: objective.backup_weight,
        force_in: constraints.force_in.clone(),
        force_out: constraints.force_out.clone(),
        min_per_district: constraints.min_per_district,
        max_per_district: constraints.max_per_district,
        min_spacing: constraints.min_spacing_m,
        solver: SolverArgs {
            solver: method,
            time_limit,
        },
    };
    if (args.min_per_district.is_some() || args.max_per_district.is_some()) && districts.is_none() {
        bail!("{}: district quotas need a districts layer", path.display());
    }
    // The settings the library would refuse only after reading the
    // layers, named by their place in this file.
    let camera_at = file.camera.as_ref().map(|c| at(c.span()));
    let existing_at = by_role
        .iter()
        .find(|(role, _)| *role == Role::Existing)
        .map(|(_, layer)| at(layer.span()));
    let objective_at = at(file.objective.span());
    let shown = path.display();
    let name = |flag: &str| match (flag, &camera_at) {
        ("--radius", Some(camera)) => format!("{camera}: [camera] radius_m"),
        ("--radius" | "--camera", _) => format!("{shown}: [[camera_type]] range_m"),
        ("--existing-radius", Some(camera)) if camera_existing.is_some() => {
            format!("{camera}: [camera] existing_radius_m")
        }
        ("--existing-radius", _) => format!(
            "{}: radius_m of the existing layer",
            existing_at.clone().unwrap_or_else(|| shown.to_string())
        ),
        ("--quality-levels", _) => format!("{shown}: [demand] quality_levels"),
        ("--cameras" | "--target-coverage" | "--backup-weight" | "--budget", _) => {
            format!("{objective_at}: [objective] {}", flag[2..].replace('-', "_"))
        }
        ("--min-spacing", _) => format!("{shown}: [constraints] min_spacing_m"),
        (other, _) => format!("{shown}: [constraints] {}", other[2..].replace('-', "_")),
    };
    crate::check_request(&args, &name)?;
    let output_folder = &file.outputs.get_ref().folder;
    if output_folder.as_os_str().is_empty() {
        bail!(
            "{}: [outputs] folder is empty; name a folder for the results",
            at(file.outputs.span())
        );
    }
    let all_names = || {
        OutputKind::ALL
            .iter()
            .map(|kind| kind.file_name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let files = match &file.outputs.get_ref().files {
        None => OutputKind::ALL.to_vec(),
        Some(files) => {
            if files.is_empty() {
                bail!(
                    "{}: [outputs] files is empty, so nothing would be written; list some of {} or remove the key to write them all",
                    at(file.outputs.span()),
                    all_names()
                );
            }
            files
                .iter()
                .map(|name| {
                    name.parse::<OutputKind>().map_err(|_| {
                        anyhow::anyhow!(
                            "{}: [outputs] files: unknown file `{name}`; expected some of {}",
                            at(file.outputs.span()),
                            all_names()
                        )
                    })
                })
                .collect::<Result<_>>()?
        }
    };
    Ok(Study {
        args,
        title: file.title.clone().unwrap_or_else(|| {
            path.file_stem().map_or_else(
                || "Sightline study".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            )
        }),
        files,
    })
}

/// The commented template `sightline init` writes.
pub const TEMPLATE: &str = include_str!("template.toml");
