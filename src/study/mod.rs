//! One description of a study, checked once.
//!
//! A [`Study`] is one serde value: the layers (role, file, format, field
//! mapping, coordinate system), the camera model, the demand model, the
//! objective, the rules, the solver and the outputs. A TOML scenario file
//! is this value in TOML ([`Study::from_toml`]), a `study.json` the same
//! in JSON ([`Study::from_json`]), and the `sightline plan` flags build it
//! too. [`Study::validate`] checks everything that needs no data, once,
//! and returns a [`CheckedStudy`] or a [`StudyError`] carrying the path of
//! the offending field (`objective.cameras`, `layer[2].weight`), which a
//! program turns into a flag name or a file line.
//!
//! A checked study runs in stages a caller can also take one at a time:
//! [`CheckedStudy::load`] (read the layers, model the demand),
//! [`CheckedStudy::plan`] (build the coverage, solve, evaluate; see
//! [`plan`](crate::plan)) and [`CheckedStudy::output_files`]; or all at
//! once with [`run`].
//!
//! # Examples
//!
//! ```
//! use sightline::study::Study;
//! use sightline::synthetic::{CitySize, SyntheticCity};
//!
//! // The demo city's layers as files, and a study of them in TOML.
//! let city = SyntheticCity::generate(CitySize::Small);
//! let dir = tempfile::tempdir().unwrap();
//! let plane = sightline::io::Plane::local(city.origin_lonlat)?;
//! sightline::output::write_files(dir.path(), sightline::output::scenario_layers(&city.scenario, &plane)?)?;
//! let text = r#"
//!     [[layer]]
//!     role = "demand"
//!     file = "demand.geojson"
//!     weight = "weight"
//!
//!     [[layer]]
//!     role = "sites"
//!     file = "sites.geojson"
//!     id = "site_id"
//!
//!     [camera]
//!     radius_m = 100
//!
//!     [objective]
//!     cameras = 5
//!
//!     [solver]
//!     method = "greedy"
//!
//!     [outputs]
//!     folder = "result"
//! "#;
//! let study = Study::from_toml(text)?.resolve_paths(dir.path());
//! let outcome = sightline::study::run(&study.validate()?, "example")?;
//! assert_eq!(outcome.plan.chosen.len(), 5);
//! assert!(outcome.files.iter().any(|(name, _)| name == "plan.geojson"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod check_periods;
mod check_records;
mod error;
mod file;
mod layer_spec;
mod load;
mod load_records;
mod memory_files;
mod periods_spec;
mod records_spec;
mod run;
mod spec;
mod text;

use std::path::{Path, PathBuf};

pub(crate) use check::check_layers;
pub use check::{CheckedLayers, CheckedStudy, DemandModel};
pub use check_periods::{CheckedEvent, CheckedPeriods};
pub use check_records::CheckedRecords;
pub use error::{FieldPath, Problem, Segment, StudyError};
pub use file::parse_study_file;
pub(crate) use load::load_layers;
pub use memory_files::MemoryFiles;
pub use run::{LoadedStudy, Notice};
pub use spec::{
    AddressTable, CameraTypeSpec, CategorySource, Constraints, DemandMode, DemandSpec, DiscCamera, EventSpec,
    EventSpread, Format, KernelName, Layer, Objective, Outputs, PeriodSpec, RecordsSpec, Role, SolverSpec,
    Study,
};

use crate::output::OutputFile;
use crate::{Error, Plan};

/// A study run from end to end: what [`run`] returns.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StudyOutcome {
    /// The layers as read and the demand as modelled.
    pub loaded: LoadedStudy,
    /// The plan.
    pub plan: Plan,
    /// The output files the study asks for, rendered (not written).
    pub files: Vec<OutputFile>,
}

/// A stage of [`run_with`], for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Reading the layers and modelling the demand ([`CheckedStudy::load`]).
    Load,
    /// Building the coverage, solving, evaluating ([`CheckedStudy::plan`]).
    Plan,
    /// Rendering the output files ([`CheckedStudy::output_files`]).
    Render,
}

impl Stage {
    /// What the stage does, for a person watching: "reading layers".
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Load => "reading layers",
            Stage::Plan => "building coverage and choosing sites",
            Stage::Render => "writing the plan and the report",
        }
    }
}

/// What [`run_with`] reports along the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A stage starts.
    Started(Stage),
    /// A stage ended.
    Finished(Stage),
    /// Something the user should hear, as soon as it is known.
    Notice(&'a Notice),
}

/// Runs a checked study: load, plan, render. `command` is quoted in
/// `report.md`. Nothing is written: [`output::write_files`](crate::output::write_files)
/// writes the files, all or none.
///
/// # Errors
///
/// What each stage refuses: [`CheckedStudy::load`], [`CheckedStudy::plan`],
/// [`CheckedStudy::output_files`].
pub fn run(study: &CheckedStudy, command: &str) -> Result<StudyOutcome, Error> {
    run_with(study, command, &mut |_| {})
}

/// [`run`], telling `on` when each [`Stage`] starts and ends and each
/// [`Notice`] as soon as it is known: what a program that shows progress
/// calls.
///
/// # Errors
///
/// As [`run`].
///
/// # Examples
///
/// ```no_run
/// use sightline::study::{Event, Study, run_with};
///
/// let study = Study::from_toml(&std::fs::read_to_string("study.toml")?)?.resolve_paths("".as_ref());
/// let outcome = run_with(&study.validate()?, "sightline run study.toml", &mut |event| {
///     if let Event::Started(stage) = event {
///         eprintln!("{}...", stage.describe());
///     }
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_with(
    study: &CheckedStudy,
    command: &str,
    on: &mut dyn FnMut(Event<'_>),
) -> Result<StudyOutcome, Error> {
    on(Event::Started(Stage::Load));
    let loaded = study.load()?;
    on(Event::Finished(Stage::Load));
    for notice in &loaded.notices {
        on(Event::Notice(notice));
    }
    on(Event::Started(Stage::Plan));
    let plan = study.plan(&loaded)?;
    on(Event::Finished(Stage::Plan));
    on(Event::Started(Stage::Render));
    let files = study.output_files(&loaded, &plan, command)?;
    on(Event::Finished(Stage::Render));
    Ok(StudyOutcome { loaded, plan, files })
}

impl Study {
    /// A study from TOML text (a scenario file).
    ///
    /// # Errors
    ///
    /// The TOML error: a key that does not exist, a value of the wrong
    /// type, with its line and column.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// A study from JSON text (`study.json`).
    ///
    /// # Errors
    ///
    /// The JSON error, with its line and column.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The study as TOML, as a scenario file holds it.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::study::{DiscCamera, Layer, Objective, Outputs, Role, Study};
    ///
    /// let mut study = Study::default();
    /// study.layers = vec![Layer::new(Role::Demand, "d.geojson"), Layer::new(Role::Sites, "s.geojson")];
    /// study.camera = Some(DiscCamera::new(50.0));
    /// let mut objective = Objective::default();
    /// objective.cameras = Some(20);
    /// study.objective = Some(objective);
    /// study.outputs = Some(Outputs::new("result"));
    /// let text = study.to_toml();
    /// assert!(text.contains("[[layer]]") && text.contains("cameras = 20"), "{text}");
    /// assert_eq!(Study::from_toml(&text).unwrap(), study);
    /// ```
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a study is a table of tables, numbers and strings")
    }

    /// The study as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a study is made of maps, numbers and strings")
    }

    /// The study with every relative file name (layers, output folder)
    /// taken from `base`, the folder of the file it was read from.
    pub fn resolve_paths(mut self, base: &Path) -> Self {
        let resolve = |path: &mut PathBuf| {
            if path.is_relative() && !path.as_os_str().is_empty() {
                *path = base.join(&*path);
            }
        };
        for layer in &mut self.layers {
            resolve(&mut layer.file);
        }
        if let Some(records) = &mut self.records {
            if let Some(CategorySource::File(file)) = &mut records.categories {
                resolve(file);
            }
            for table in &mut records.geocode_with {
                resolve(&mut table.file);
            }
        }
        if let Some(event) = &mut self.event {
            resolve(&mut event.area);
        }
        if let Some(outputs) = &mut self.outputs {
            resolve(&mut outputs.folder);
        }
        self
    }
}
