//! [`Study::validate`]: every check that needs no data, once, into the
//! checked form the pipeline takes.

use std::path::PathBuf;
use std::time::Duration;

use sightline_coverage::{CameraModel, CameraType, Decay};
use sightline_io::{Crs, Plane};

use super::error::{FieldPath, Problem, StudyError};
use super::spec::{CameraTypeSpec, DemandMode, Format, KernelName, Layer, Role, Study};
use crate::memory::MemoryLimit;
use crate::output::OutputKind;
use crate::plan::{Goal, PlanRequest};
use crate::solve::Method;

/// The layers of a checked study, by role.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CheckedLayers {
    /// The demand layers and the records layer, in study order: at least
    /// one. With points as the demand, their points together are the
    /// demand, each weighing its weight times its layer's `layer_weight`
    /// (a record: its weight from [`RecordsSpec`](super::RecordsSpec)).
    pub demand: Vec<Layer>,
    /// The candidate sites.
    pub sites: Layer,
    /// Existing cameras, if any.
    pub existing: Option<Layer>,
    /// District boundaries, if any.
    pub districts: Option<Layer>,
    /// Building footprints, if any.
    pub buildings: Option<Layer>,
    /// Density and influence layers of a demand grid, in study order.
    pub extra: Vec<Layer>,
    /// The hourly population table, if any.
    pub population: Option<Layer>,
    /// Coordinate system of layers that name none.
    pub crs: Option<Crs>,
    /// Coordinate system of the outputs.
    pub out_crs: Option<Crs>,
}

/// What the demand is, checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DemandModel {
    /// The demand points themselves.
    Points,
    /// Cells of `cell_m` metres weighted by kernel density (and the extra
    /// layers).
    Grid {
        /// Cell size, metres.
        cell_m: f64,
        /// The kernel.
        kernel: KernelName,
        /// A fixed bandwidth, metres (`None`: Silverman's rule).
        bandwidth_m: Option<f64>,
    },
    /// Cells of `cell_m` metres weighted by their area.
    Area {
        /// Cell size, metres.
        cell_m: f64,
    },
}

impl DemandModel {
    /// The cell size of a grid, `None` for points.
    pub fn cell_m(&self) -> Option<f64> {
        match *self {
            DemandModel::Points => None,
            DemandModel::Grid { cell_m, .. } | DemandModel::Area { cell_m } => Some(cell_m),
        }
    }
}

/// A study that passed [`Study::validate`]: what the pipeline takes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CheckedStudy {
    /// The study as given.
    pub study: Study,
    /// Its layers, by role.
    pub layers: CheckedLayers,
    /// What the demand is.
    pub demand: DemandModel,
    /// What new and existing cameras see: the disc, or the camera types
    /// with their quality levels; existing cameras see as far as the
    /// study says, or as the disc (with camera types only: the longest
    /// type).
    pub camera: CameraModel,
    /// The most memory the grid and coverage may take.
    pub memory_limit: MemoryLimit,
    /// What to plan, if the study has an objective.
    pub request: Option<PlanRequest>,
    /// The output folder and files, if the study names them.
    pub outputs: Option<(PathBuf, Vec<OutputKind>)>,
    /// The records layer's settings, if the study has one.
    pub records: Option<super::CheckedRecords>,
    /// The periods, hourly population and event.
    pub periods: super::CheckedPeriods,
}

impl CheckedStudy {
    /// What the study asks for, if it has an objective.
    pub fn goal(&self) -> Option<Goal> {
        self.request.as_ref().map(PlanRequest::goal)
    }
}

type Checked<T> = Result<T, StudyError>;

/// The camera model and solver settings of a study, checked.
struct Settings {
    camera: CameraModel,
    memory_limit: MemoryLimit,
    method: Method,
    time_limit: Duration,
    effort: Option<u64>,
}

fn layer_path(k: usize) -> FieldPath {
    FieldPath::key("layer").index(k)
}

/// A range in metres: finite, positive, and no longer than any layer may
/// lie from the study area's centre.
fn check_range(path: FieldPath, metres: f64) -> Checked<()> {
    if !(metres.is_finite() && metres > 0.0) {
        return Err(StudyError::metres(
            path,
            metres,
            "a finite number of metres greater than 0",
        ));
    }
    if metres > Plane::MAX_DISTANCE_M {
        return Err(StudyError::metres(
            path,
            metres,
            "at most 250000 m, the farthest any layer may lie from the centre of the study area",
        ));
    }
    Ok(())
}

fn check_positive(path: FieldPath, value: Option<f64>, expected: &'static str) -> Checked<()> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0) => Err(StudyError::metres(path, v, expected)),
        _ => Ok(()),
    }
}

fn check_weight(path: FieldPath, value: Option<f64>) -> Checked<()> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => {
            Err(StudyError::number(path, v, "a finite weight, 0 or more"))
        }
        _ => Ok(()),
    }
}

/// The checks of one layer on its own.
fn check_layer(k: usize, layer: &Layer) -> Checked<()> {
    let path = || layer_path(k);
    let allowed = Layer::keys_for(layer.role);
    if let Some(key) = layer.set_keys().into_iter().find(|key| !allowed.contains(key)) {
        return Err(StudyError::new(
            path().then(key),
            Problem::NotForRole {
                role: layer.role,
                allowed,
            },
        ));
    }
    let file = layer.file.display().to_string();
    if let Some(format) = layer.format
        && format != Format::of_path(&layer.file)
    {
        return Err(StudyError::new(
            path().then("format"),
            Problem::FormatAgainstExtension { file },
        ));
    }
    let format = layer.file_format();
    for (key, set, allowed, problem) in [
        (
            "encoding",
            layer.encoding.is_some(),
            format == Format::Csv,
            Problem::CsvOnly { file: file.clone() },
        ),
        (
            "x",
            layer.x.is_some(),
            format.is_table(),
            Problem::TableOnly { file: file.clone() },
        ),
        (
            "y",
            layer.y.is_some(),
            format.is_table(),
            Problem::TableOnly { file: file.clone() },
        ),
        (
            "delimiter",
            layer.delimiter.is_some(),
            format == Format::Csv,
            Problem::CsvOnly { file: file.clone() },
        ),
        (
            "sheet",
            layer.sheet.is_some(),
            format == Format::Excel,
            Problem::ExcelOnly { file: file.clone() },
        ),
    ] {
        if set && !allowed {
            return Err(StudyError::new(path().then(key), problem));
        }
    }
    if let Some(delimiter) = layer.delimiter
        && (!delimiter.is_ascii() || matches!(delimiter, '"' | '\n' | '\r'))
    {
        return Err(StudyError::new(
            path().then("delimiter"),
            Problem::Value {
                found: format!("{delimiter:?}"),
                expected: "one ASCII character other than a quote or a line break, such as \";\" or \"\\t\""
                    .to_owned(),
            },
        ));
    }
    for (a, b, set_a, set_b) in [
        ("x", "y", layer.x.is_some(), layer.y.is_some()),
        ("heading", "fov", layer.heading.is_some(), layer.fov.is_some()),
    ] {
        match (set_a, set_b) {
            (true, false) => return Err(StudyError::new(path().then(a), Problem::Pair { other: b })),
            (false, true) => return Err(StudyError::new(path().then(b), Problem::Pair { other: a })),
            _ => {}
        }
    }
    if layer.role == Role::Influence && layer.radius_m.is_none() {
        return Err(StudyError::new(
            path().then("radius_m"),
            Problem::Missing {
                what: "is missing: an influence layer needs the radius of the surroundings that count"
                    .to_owned(),
            },
        ));
    }
    if let Some(radius) = layer.radius_m {
        check_range(path().then("radius_m"), radius)?;
    }
    if layer.value_weight.is_some() && layer.value.is_none() {
        return Err(StudyError::new(
            path().then("value_weight"),
            Problem::Needs { what: "value" },
        ));
    }
    check_weight(path().then("value_weight"), layer.value_weight)?;
    if matches!(layer.role, Role::Demand | Role::Records)
        && let Some(weight) = layer.layer_weight
        && !(weight.is_finite() && weight > 0.0)
    {
        // A demand layer weighing 0 is no demand: leave the layer out.
        return Err(StudyError::number(
            path().then("layer_weight"),
            weight,
            "a finite weight greater than 0",
        ));
    }
    check_weight(path().then("layer_weight"), layer.layer_weight)?;
    Ok(())
}

/// The layers, one per role but for demand, density and influence layers.
pub(crate) fn check_layers(study: &Study) -> Checked<CheckedLayers> {
    let mut first: Vec<(Role, usize)> = Vec::new();
    for (k, layer) in study.layers.iter().enumerate() {
        check_layer(k, layer)?;
        if !layer.role.repeatable()
            && let Some(&(_, j)) = first.iter().find(|(role, _)| *role == layer.role)
        {
            return Err(StudyError::new(
                layer_path(k).then("role"),
                Problem::SecondLayer {
                    role: layer.role,
                    first: j,
                },
            ));
        }
        first.push((layer.role, k));
    }
    let find = |role: Role| study.layers.iter().find(|l| l.role == role).cloned();
    let required = |role: Role| {
        find(role).ok_or_else(|| {
            StudyError::new(
                FieldPath::key("layer"),
                Problem::Missing {
                    what: format!("has none with role = \"{role}\""),
                },
            )
        })
    };
    if !study
        .layers
        .iter()
        .any(|l| matches!(l.role, Role::Demand | Role::Records | Role::Population))
    {
        return Err(StudyError::new(
            FieldPath::key("layer"),
            Problem::Missing {
                what: "has none with role = \"demand\", role = \"records\" or role = \"population\""
                    .to_owned(),
            },
        ));
    }
    Ok(CheckedLayers {
        demand: study
            .layers
            .iter()
            .filter(|l| matches!(l.role, Role::Demand | Role::Records))
            .cloned()
            .collect(),
        sites: required(Role::Sites)?,
        existing: find(Role::Existing),
        districts: find(Role::Districts),
        buildings: find(Role::Buildings),
        extra: study
            .layers
            .iter()
            .filter(|l| l.role.shapes_grid())
            .cloned()
            .collect(),
        population: find(Role::Population),
        crs: study.crs,
        out_crs: study.out_crs,
    })
}

impl CameraTypeSpec {
    /// The camera type this spec describes, checked: a range of at most
    /// 250 km, a field of view in (0°, 360°], at least one heading, a
    /// positive cost, a decay that fits the range.
    ///
    /// # Errors
    ///
    /// [`StudyError`] whose path is the offending key (`fov_deg`).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::study::CameraTypeSpec;
    ///
    /// let spec: CameraTypeSpec = "fixed:range=50,fov=90".parse().unwrap();
    /// assert_eq!(spec.camera_type()?.heading_list().len(), 8);
    /// let wide: CameraTypeSpec = "fixed:range=50,fov=500".parse().unwrap();
    /// assert_eq!(wide.camera_type().unwrap_err().path.to_string(), "fov_deg");
    /// # Ok::<(), sightline::study::StudyError>(())
    /// ```
    pub fn camera_type(&self) -> Result<CameraType, StudyError> {
        let path = FieldPath::key;
        let bad = |key, error: sightline_coverage::Error| {
            let reason = match error {
                sightline_coverage::Error::BadCamera { reason } => reason,
                other => other.to_string(),
            };
            StudyError::new(path(key), Problem::Camera { reason })
        };
        check_range(path("range_m"), self.range_m)?;
        let fov = self.fov_deg.unwrap_or(360.0);
        let headings = self.headings.unwrap_or(if fov >= 360.0 { 1 } else { 8 });
        CameraType::new(self.name.clone(), self.range_m, fov)
            .map_err(|e| bad("fov_deg", e))?
            .headings(headings)
            .map_err(|e| bad("headings", e))?
            .cost(self.cost.unwrap_or(1.0))
            .map_err(|e| bad("cost", e))?
            .decay(self.decay.unwrap_or(Decay::Step))
            .map_err(|e| bad("decay", e))
    }
}

/// The view-cone model of `types` (made from `specs`, in order, each
/// checked on its own): what is left to check is that no two share a name.
fn camera_model_of_types(
    specs: &[CameraTypeSpec],
    types: Vec<CameraType>,
    quality_levels: u32,
) -> Checked<CameraModel> {
    let repeated = specs
        .iter()
        .enumerate()
        .find(|(k, spec)| specs[..*k].iter().any(|earlier| earlier.name == spec.name))
        .map(|(k, _)| k);
    CameraModel::types(types, quality_levels).map_err(|error| {
        let reason = match error {
            sightline_coverage::Error::BadCamera { reason } => reason,
            other => other.to_string(),
        };
        let path = match repeated {
            Some(k) => FieldPath::key("camera_type").index(k).then("name"),
            None => FieldPath::key("camera_type"),
        };
        StudyError::new(path, Problem::Camera { reason })
    })
}

impl Study {
    /// Checks everything that can be checked without reading a file, and
    /// returns the checked form the pipeline takes.
    ///
    /// # Errors
    ///
    /// [`StudyError`] with the path of the first offending field: a layer
    /// key that does not apply to its role, a second sites layer, a
    /// camera range that is not a positive number of metres, zero
    /// cameras, a coverage target outside (0, 1], quotas with no district
    /// layer, an output file that does not exist, and so on.
    pub fn validate(&self) -> Result<CheckedStudy, StudyError> {
        let layers = check_layers(self)?;
        let records = super::check_records::check_records(self)?;
        let demand_spec = &self.demand;
        let mode = demand_spec.mode.unwrap_or_default();
        // Layers that only shape a kernel-density grid would be read and
        // then ignored in the other modes.
        if mode != DemandMode::Grid {
            for (k, layer) in self.layers.iter().enumerate() {
                let key = match layer.role {
                    Role::Density | Role::Influence => "role",
                    Role::Districts if layer.value.is_some() => "value",
                    _ => continue,
                };
                return Err(StudyError::new(layer_path(k).then(key), Problem::GridOnly));
            }
        }
        let demand_path = |key| FieldPath::key("demand").then(key);
        check_positive(
            demand_path("grid_m"),
            demand_spec.grid_m,
            "a finite number of metres greater than 0",
        )?;
        check_positive(
            demand_path("bandwidth_m"),
            demand_spec.bandwidth_m,
            "a finite number of metres greater than 0",
        )?;
        let cell_m = demand_spec.grid_m.unwrap_or(100.0);
        let demand = match mode {
            DemandMode::Points => DemandModel::Points,
            DemandMode::Grid => DemandModel::Grid {
                cell_m,
                kernel: demand_spec.kernel.unwrap_or_default(),
                bandwidth_m: demand_spec.bandwidth_m,
            },
            DemandMode::Area => DemandModel::Area { cell_m },
        };

        let periods = super::check_periods::check_periods(self, demand)?;
        let settings = self.settings()?;
        let request = match &self.objective {
            Some(_) => Some(self.request(&settings)?),
            None => None,
        };
        let request = request.map(|r| match periods.objective {
            Some(objective) => r.periods_objective(objective),
            None => r,
        });
        let outputs = match &self.outputs {
            None => None,
            Some(outputs) => {
                let path = |key| FieldPath::key("outputs").then(key);
                if outputs.folder.as_os_str().is_empty() {
                    return Err(StudyError::new(
                        path("folder"),
                        Problem::Empty {
                            consequence: "there is nowhere to write the results",
                        },
                    ));
                }
                let files = match &outputs.files {
                    None => OutputKind::ALL.to_vec(),
                    Some(files) if files.is_empty() => {
                        return Err(StudyError::new(
                            path("files"),
                            Problem::Empty {
                                consequence: "nothing would be written (remove the key to write every file)",
                            },
                        ));
                    }
                    Some(files) => files.clone(),
                };
                if let Some(url) = &outputs.basemap
                    && !crate::output::is_tile_template(url)
                {
                    return Err(StudyError::new(
                            path("basemap"),
                            Problem::Value {
                                found: url.clone(),
                                expected: "a tile URL template starting with https:// or http:// with {z}, {x} and {y}, such as https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
                            },
                    ));
                }
                if outputs.basemap_attribution.is_some() && outputs.basemap.is_none() {
                    return Err(StudyError::new(
                        path("basemap_attribution"),
                        Problem::Missing {
                            what: "is given without a basemap to credit: add `basemap`, or remove it"
                                .to_owned(),
                        },
                    ));
                }
                Some((outputs.folder.clone(), files))
            }
        };
        Ok(CheckedStudy {
            study: self.clone(),
            layers,
            demand,
            camera: settings.camera,
            memory_limit: settings.memory_limit,
            request,
            outputs,
            records,
            periods,
        })
    }

    /// The camera model, quality levels and solver settings, checked.
    fn settings(&self) -> Checked<Settings> {
        let quality_levels = self.demand.quality_levels.unwrap_or(10);
        if quality_levels == 0 {
            return Err(StudyError::count(
                FieldPath::key("demand").then("quality_levels"),
                0,
                "at least 1",
            ));
        }
        let camera_types = self
            .camera_types
            .iter()
            .enumerate()
            .map(|(k, spec)| {
                spec.camera_type()
                    .map_err(|e| e.under(FieldPath::key("camera_type").index(k)))
            })
            .collect::<Checked<Vec<_>>>()?;
        // With camera types, a [camera] table only gives the existing
        // cameras' range.
        let radius_m = match &self.camera {
            Some(camera) => {
                check_range(FieldPath::key("camera").then("radius_m"), camera.radius_m)?;
                Some(camera.radius_m)
            }
            None if camera_types.is_empty() => {
                return Err(StudyError::new(
                    FieldPath::key("camera"),
                    Problem::Missing {
                        what: "is missing: give a [camera] table with radius_m, or one or more [[camera_type]] tables"
                            .to_owned(),
                    },
                ));
            }
            None => None,
        };
        let existing_layer = self.layers.iter().position(|l| l.role == Role::Existing);
        let camera_existing = self.camera.as_ref().and_then(|c| c.existing_radius_m);
        let existing_path = FieldPath::key("camera").then("existing_radius_m");
        if let Some(r) = camera_existing {
            check_range(existing_path.clone(), r)?;
            match existing_layer {
                None => {
                    return Err(StudyError::new(
                        existing_path,
                        Problem::Needs {
                            what: "an existing layer",
                        },
                    ));
                }
                Some(k) if self.layers[k].radius_m.is_some() => {
                    return Err(StudyError::new(
                        existing_path,
                        Problem::SetTwice {
                            other: layer_path(k).then("radius_m"),
                        },
                    ));
                }
                Some(_) => {}
            }
        }
        let existing_radius = camera_existing.or(self
            .layers
            .iter()
            .find(|l| l.role == Role::Existing)
            .and_then(|e| e.radius_m));
        let camera = match radius_m {
            Some(radius_m) if camera_types.is_empty() => {
                CameraModel::disc(radius_m).expect("the radius was checked")
            }
            _ => camera_model_of_types(&self.camera_types, camera_types, quality_levels)?,
        };
        // Existing cameras see as far as the study says, else as far as
        // the disc (with camera types only: the longest type).
        let camera = match existing_radius.or(radius_m) {
            Some(r) => camera.with_existing_range_m(r).expect("the range was checked"),
            None => camera,
        };

        let solver = &self.solver;
        let time_limit_s = solver.time_limit_s.unwrap_or(10.0);
        let time_limit = Duration::try_from_secs_f64(time_limit_s)
            .ok()
            .filter(|_| time_limit_s > 0.0)
            .ok_or_else(|| {
                StudyError::number(
                    FieldPath::key("solver").then("time_limit_s"),
                    time_limit_s,
                    "a positive number of seconds",
                )
            })?;
        let memory_limit = solver.memory_limit.unwrap_or_default();
        if memory_limit == MemoryLimit::Bytes(0) {
            return Err(StudyError::count(
                FieldPath::key("solver").then("memory_limit"),
                "0 bytes",
                "a size such as \"8G\", a number of bytes greater than 0, \"auto\" or \"none\"",
            ));
        }

        if solver.effort == Some(0) {
            return Err(StudyError::count(
                FieldPath::key("solver").then("effort"),
                "0",
                "a number of coverage entries greater than 0",
            ));
        }
        // A time limit alone asks for work until it; without either, the
        // default effort keeps the plan the same on every machine.
        let effort = match (solver.effort, solver.time_limit_s) {
            (Some(effort), _) => Some(effort),
            (None, Some(_)) => None,
            (None, None) => Some(crate::solve::DEFAULT_EFFORT),
        };
        Ok(Settings {
            camera,
            memory_limit,
            method: solver.method.unwrap_or(Method::Auto),
            time_limit,
            effort,
        })
    }

    /// What to plan, checked, without the layers: the camera model, the
    /// objective, the rules and the solver. [`Study::validate`] checks
    /// these too; this serves a program that brings its own scenario (a
    /// synthetic city, say) and only wants the request.
    ///
    /// # Errors
    ///
    /// [`StudyError`] with the path of the first offending field.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::study::{DiscCamera, Objective, Study};
    ///
    /// let mut objective = Objective::default();
    /// objective.cameras = Some(10);
    /// let mut study = Study::default();
    /// study.camera = Some(DiscCamera::new(100.0));
    /// study.objective = Some(objective);
    /// assert_eq!(study.plan_request()?.goal(), sightline::Goal::Cameras(10));
    /// study.camera = Some(DiscCamera::new(-1.0));
    /// assert_eq!(study.plan_request().unwrap_err().path.to_string(), "camera.radius_m");
    /// # Ok::<(), sightline::study::StudyError>(())
    /// ```
    pub fn plan_request(&self) -> Result<PlanRequest, StudyError> {
        let settings = self.settings()?;
        self.request(&settings)
    }

    /// The objective and rules, checked, as a request.
    fn request(&self, settings: &Settings) -> Checked<PlanRequest> {
        let camera = settings.camera.clone();
        let has_districts = self.layers.iter().any(|l| l.role == Role::Districts);
        let Some(objective) = self.objective else {
            return Err(StudyError::new(
                FieldPath::key("objective"),
                Problem::Missing {
                    what: "is missing: a plan needs cameras, budget or target_coverage".to_owned(),
                },
            ));
        };
        let path = |key| FieldPath::key("objective").then(key);
        if objective.cameras.is_none() && objective.budget.is_none() && objective.target_coverage.is_none() {
            return Err(StudyError::new(
                FieldPath::key("objective"),
                Problem::Missing {
                    what: "needs cameras, budget or target_coverage".to_owned(),
                },
            ));
        }
        if let Some(fraction) = objective.target_coverage {
            if objective.cameras.is_some() || objective.budget.is_some() || objective.backup_weight.is_some()
            {
                return Err(StudyError::new(
                    path("target_coverage"),
                    Problem::Excludes {
                        others: "cameras, budget or backup_weight",
                    },
                ));
            }
            if !(fraction > 0.0 && fraction <= 1.0) {
                return Err(StudyError::number(
                    path("target_coverage"),
                    fraction,
                    "a fraction greater than 0 and at most 1",
                ));
            }
        }
        if objective.cameras == Some(0) {
            return Err(StudyError::count(path("cameras"), 0, "at least 1"));
        }
        if let Some(weight) = objective.backup_weight
            && !(0.0..=1.0).contains(&weight)
        {
            return Err(StudyError::number(
                path("backup_weight"),
                weight,
                "between 0 and 1 (a second camera counts at most as much as the first)",
            ));
        }
        if let Some(gain) = objective.min_gain {
            if !(gain.is_finite() && gain >= 0.0) {
                return Err(StudyError::number(
                    path("min_gain"),
                    gain,
                    "a finite weight, 0 or more",
                ));
            }
            // Leaving cameras out could break a target, a forced site or a
            // district's minimum.
            let rules = &self.constraints;
            if objective.target_coverage.is_some()
                || !rules.force_in.is_empty()
                || rules.min_per_district.is_some()
            {
                return Err(StudyError::new(
                    path("min_gain"),
                    Problem::Excludes {
                        others: "a coverage target, forced sites or a minimum per district",
                    },
                ));
            }
        }
        if let Some(budget) = objective.budget
            && !(budget.is_finite() && budget >= 0.0)
        {
            return Err(StudyError::number(
                path("budget"),
                budget,
                "a finite amount, 0 or more",
            ));
        }
        let rules = &self.constraints;
        let rule = |key| FieldPath::key("constraints").then(key);
        if let Some(spacing) = rules.min_spacing_m
            && !(spacing.is_finite() && spacing >= 0.0)
        {
            return Err(StudyError::metres(
                rule("min_spacing_m"),
                spacing,
                "a finite number of metres, 0 or more",
            ));
        }
        for (key, set) in [
            ("min_per_district", rules.min_per_district.is_some()),
            ("max_per_district", rules.max_per_district.is_some()),
        ] {
            if set && !has_districts {
                return Err(StudyError::new(
                    rule(key),
                    Problem::Needs {
                        what: "a districts layer",
                    },
                ));
            }
        }
        if let (Some(min), Some(max)) = (rules.min_per_district, rules.max_per_district)
            && min > max
        {
            return Err(StudyError::count(
                rule("min_per_district"),
                min,
                format!("at most the most a district may get ({max})"),
            ));
        }
        if let Some((k, id)) = rules
            .force_in
            .iter()
            .enumerate()
            .find(|(_, id)| rules.force_out.contains(id))
        {
            return Err(StudyError::new(
                rule("force_in").index(k),
                Problem::Infeasible {
                    reason: format!("site `{id}` is also forced out"),
                },
            ));
        }
        let mut request = match (objective.cameras, objective.target_coverage, objective.budget) {
            (_, Some(fraction), _) => PlanRequest::coverage_target(fraction, camera),
            (Some(cameras), None, Some(budget)) => PlanRequest::new(cameras, camera).budget(budget),
            (Some(cameras), None, None) => PlanRequest::new(cameras, camera),
            (None, None, Some(budget)) => PlanRequest::within_budget(budget, camera),
            (None, None, None) => unreachable!("checked above"),
        };
        if objective.target_coverage.is_some() && *rules != super::spec::Constraints::default() {
            return Err(StudyError::new(
                FieldPath::key("constraints"),
                Problem::Excludes {
                    others: "a coverage target (district quotas, spacing and forced sites need cameras or a budget)",
                },
            ));
        }
        if let Some(gain) = objective.min_gain {
            request = request.min_gain(gain);
        }
        if let Some(weight) = objective.backup_weight {
            request = request.backup_weight(weight);
        }
        request = request
            .memory_limit(settings.memory_limit)
            .method(settings.method)
            .time_limit(settings.time_limit)
            .effort(settings.effort);
        if !rules.force_in.is_empty() {
            request = request.force_in(rules.force_in.iter().cloned());
        }
        if !rules.force_out.is_empty() {
            request = request.force_out(rules.force_out.iter().cloned());
        }
        if let Some(n) = rules.min_per_district {
            request = request.min_per_district(n);
        }
        if let Some(n) = rules.max_per_district {
            request = request.max_per_district(n);
        }
        if let Some(metres) = rules.min_spacing_m {
            request = request.min_spacing_m(metres);
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::{DiscCamera, Objective};

    fn study(camera: Option<f64>, types: &[&str]) -> Study {
        Study {
            camera: camera.map(DiscCamera::new),
            camera_types: types.iter().map(|t| t.parse().unwrap()).collect(),
            objective: Some(Objective {
                cameras: Some(5),
                ..Objective::default()
            }),
            ..Study::default()
        }
    }

    #[test]
    fn existing_cameras_see_as_far_as_the_disc_or_the_longest_type() {
        let model = |s: Study| s.plan_request().unwrap().model().clone();
        let disc = model(study(Some(40.0), &[]));
        assert_eq!((disc.max_range_m(), disc.existing_range_m()), (40.0, 40.0));
        let types = model(study(None, &["a:range=30,fov=90", "b:range=70"]));
        assert_eq!(types.camera_types().len(), 2);
        assert_eq!(types.existing_range_m(), 70.0);
        let both = model(study(Some(40.0), &["a:range=30,fov=90", "b:range=70"]));
        assert_eq!((both.max_range_m(), both.existing_range_m()), (70.0, 40.0));
    }

    #[test]
    fn camera_types_sharing_a_name_are_refused_at_the_later_one() {
        let err = study(None, &["a:range=30,fov=90", "b:range=50", "a:range=70"])
            .plan_request()
            .unwrap_err();
        assert_eq!(err.path.to_string(), "camera_type[2].name");
        assert!(err.to_string().contains("both named `a`"), "{err}");
    }
}
