//! The native part of the `sightline` Python package (`sightline._sightline`).
//!
//! It is deliberately small: the Python code (`python/sightline/`) builds a
//! study (the library's [`Study`], as JSON) and hands over the layers it
//! holds in memory (GeoDataFrames written to FlatGeobuf, mappings written to
//! GeoJSON) as [`MemoryFiles`]; this module checks the study, loads, plans
//! or scores, and renders the outputs with the library's own stages, and
//! gives the files back as bytes. Every rule and every message is the
//! library's: the Python package is not a second implementation.
//!
//! The work runs on a thread of its own while the calling thread waits
//! without the GIL, waking every 50 ms to let Python handle signals: Ctrl-C
//! raises `KeyboardInterrupt` at once. A panic is caught and raised as
//! `SightlineError`, never taking the interpreter down.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use sightline::output::{self, OutputFormat, OutputKind};
use sightline::study::{CheckedStudy, MemoryFiles, Notice, Outputs, Study, parse_study_file};
use sightline::{Error, io};

create_exception!(
    _sightline,
    SightlineError,
    PyException,
    "Everything Sightline refuses: the base of its exceptions."
);
create_exception!(
    _sightline,
    InputError,
    SightlineError,
    "A layer that cannot be read or used: the message names the file (or the GeoDataFrame), the feature or row, and the property."
);
create_exception!(
    _sightline,
    StudyError,
    SightlineError,
    "A study refused before any layer is read: the message names the field (or the keyword argument, or the study file's line)."
);
create_exception!(
    _sightline,
    PlanError,
    SightlineError,
    "Layers that were read but cannot be planned as asked (more cameras than sites, nothing to cover, a budget below the cheapest site)."
);
create_exception!(
    _sightline,
    MemoryLimitError,
    PlanError,
    "The demand grid or the coverage would not fit the memory limit."
);
create_exception!(
    _sightline,
    OutputError,
    SightlineError,
    "An output that cannot be rendered or written."
);

/// Where the study comes from.
enum Source {
    /// A study as JSON text (a Python mapping, dumped).
    Json(String),
    /// A study file, TOML or JSON (by its `.json` extension).
    File(PathBuf),
}

/// What to do with the loaded study.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Task {
    /// Plan: `plan.*`, `summary.json`, `blindspots.*` and `districts.csv`.
    Plan,
    /// Score every candidate site: `scores.csv` and `scores.*`.
    Score,
}

/// A failure, with the Python exception it becomes.
struct Failure {
    kind: Kind,
    message: String,
    /// For a study error: the field's path (`objective.cameras`) and what
    /// is wrong with it, said of the field.
    field: Option<(String, String)>,
}

#[derive(Clone, Copy)]
enum Kind {
    Input,
    Study,
    Plan,
    MemoryLimit,
    Output,
    Internal,
}

impl Failure {
    fn new(kind: Kind, message: String) -> Self {
        Self {
            kind,
            message,
            field: None,
        }
    }

    fn into_py(self, py: Python<'_>) -> PyErr {
        let error = match self.kind {
            Kind::Input => InputError::new_err(self.message),
            Kind::Study => StudyError::new_err(self.message),
            Kind::Plan => PlanError::new_err(self.message),
            Kind::MemoryLimit => MemoryLimitError::new_err(self.message),
            Kind::Output => OutputError::new_err(self.message),
            Kind::Internal => SightlineError::new_err(self.message),
        };
        let value = error.value(py);
        let (field, problem) = match self.field {
            Some((field, problem)) => (Some(field), Some(problem)),
            None => (None, None),
        };
        // Setting attributes on a fresh exception object cannot fail in
        // practice; if it did, the exception still carries its message.
        let _ = value.setattr("field", field);
        let _ = value.setattr("problem", problem);
        error
    }
}

/// The error and its causes, joined with ": ", as the command line prints
/// them.
fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let message = chain(&error);
        let kind = match &error {
            Error::Io(io::Error::Write { .. }) => Kind::Output,
            Error::Io(_)
            | Error::LayerValue { .. }
            | Error::UnknownLabel { .. }
            | Error::MissingRecordColumn { .. }
            | Error::NoAddressColumn { .. }
            | Error::Categories { .. }
            | Error::DuplicateSiteId { .. }
            | Error::BadCoordinate { .. }
            | Error::BadWeight { .. }
            | Error::BadCost { .. }
            | Error::BadExistingView { .. }
            | Error::BadSiteHeadings { .. }
            | Error::ExistingViewsMismatch { .. } => Kind::Input,
            Error::Study(study) => {
                return Failure {
                    kind: Kind::Study,
                    message,
                    field: Some((study.path.to_string(), study.problem.to_string())),
                };
            }
            Error::StudyFile { .. } => Kind::Study,
            Error::MemoryLimit { .. } => Kind::MemoryLimit,
            Error::Render(_) | Error::UnknownOutputFile { .. } | Error::BasemapNotGeographic { .. } => {
                Kind::Output
            }
            _ => Kind::Plan,
        };
        Failure::new(kind, message)
    }
}

impl From<sightline::study::StudyError> for Failure {
    fn from(error: sightline::study::StudyError) -> Self {
        Error::Study(error).into()
    }
}

/// What a task gives back: files by name, the notices, and the names of
/// the files written to the study's output folder.
struct Done {
    files: Vec<(String, Vec<u8>)>,
    notes: Vec<String>,
    infos: Vec<String>,
    written: Vec<String>,
}

/// Reads and checks the study.
fn checked_study(source: &Source) -> Result<CheckedStudy, Failure> {
    match source {
        Source::Json(text) => {
            // The field that failed, by its path (`objective.cameras`): a
            // line and column mean nothing in a Python mapping.
            let mut reader = serde_json::Deserializer::from_str(text);
            let study: Study = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
                let field = e.path().to_string();
                let mut problem = e.into_inner().to_string();
                if let Some(at) = problem.find(" at line ") {
                    problem.truncate(at);
                }
                Failure {
                    kind: Kind::Study,
                    message: format!("{field}: {problem}"),
                    field: Some((field, problem)),
                }
            })?;
            Ok(study.validate()?)
        }
        Source::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::new(Kind::Input, format!("cannot read {}: {e}", path.display())))?;
            Ok(parse_study_file(&text, path)?)
        }
    }
}

/// `study` rendering only `kinds`, geometry layers in `format`.
fn rendering(study: &CheckedStudy, kinds: Vec<OutputKind>, format: Option<OutputFormat>) -> CheckedStudy {
    let mut study = study.clone();
    let folder = study
        .outputs
        .as_ref()
        .map_or_else(|| PathBuf::from("."), |(folder, _)| folder.clone());
    let outputs = study
        .study
        .outputs
        .get_or_insert_with(|| Outputs::new(folder.clone()));
    if format.is_some() {
        outputs.format = format;
    }
    outputs.files = Some(kinds.clone());
    study.outputs = Some((folder, kinds));
    study
}

/// Runs a task from end to end (on the worker thread).
fn perform(
    source: Source,
    files: MemoryFiles,
    task: Task,
    format: Option<OutputFormat>,
    write: bool,
    command: &str,
) -> Result<Done, Failure> {
    let checked = checked_study(&source)?;
    let loaded = checked.load_from(&files)?;
    let mut notes = Vec::new();
    let mut infos = Vec::new();
    for notice in &loaded.notices {
        match notice {
            Notice::Note(note) => notes.push(note.clone()),
            Notice::Info(info) => infos.push(info.clone()),
            _ => {}
        }
    }
    let mut written = Vec::new();
    let returned = match task {
        Task::Plan => {
            let plan = checked.plan(&loaded)?;
            if write && let Some((folder, wanted)) = &checked.outputs {
                let rendered = checked.output_files(&loaded, &plan, command)?;
                written = rendered.iter().map(|(name, _)| name.clone()).collect();
                output::write_files(folder, rendered)?;
                output::remove_stale(folder, wanted, &written)?;
            }
            let kinds = vec![
                OutputKind::Plan,
                OutputKind::Summary,
                OutputKind::BlindSpots,
                OutputKind::Districts,
            ];
            rendering(&checked, kinds, format).output_files(&loaded, &plan, command)?
        }
        Task::Score => {
            let scores = checked.score(&loaded)?;
            let plane = &loaded.loaded.plane;
            let csv = output::scores_csv(&scores, plane)?;
            if write && let Some((folder, _)) = &checked.outputs {
                let own = checked.output_format();
                let layer = format!("scores.{}", own.extension());
                let rendered = vec![
                    ("scores.csv".to_owned(), csv.clone()),
                    (layer.clone(), output::scores_layer(&scores, plane, own)?),
                ];
                written = vec!["scores.csv".to_owned(), layer];
                output::write_files(folder, rendered)?;
            }
            let format = format.unwrap_or_else(|| checked.output_format());
            vec![
                ("scores.csv".to_owned(), csv),
                (
                    format!("scores.{}", format.extension()),
                    output::scores_layer(&scores, plane, format)?,
                ),
            ]
        }
    };
    Ok(Done {
        files: returned,
        notes,
        infos,
        written,
    })
}

/// Runs `work` on a thread of its own and waits for it without the GIL,
/// letting Python handle signals every 50 ms (Ctrl-C raises
/// `KeyboardInterrupt` here; the abandoned work ends on its own, within
/// the study's time limit). A panic becomes a [`Failure`].
fn detached<T: Send + 'static>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> PyResult<Result<T, Failure>> {
    let (sender, receiver) = channel();
    std::thread::Builder::new()
        .name("sightline".to_owned())
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_owned());
                Err(Failure::new(
                    Kind::Internal,
                    format!("internal error (please report it): {what}"),
                ))
            });
            // The caller may have stopped waiting (Ctrl-C): nothing to do.
            let _ = sender.send(result);
        })
        .map_err(|e| SightlineError::new_err(format!("cannot start a thread: {e}")))?;
    let mut receiver = receiver;
    loop {
        // The receiver is not `Sync`: it goes into the detached closure and
        // comes back out.
        let (answer, back) = py.detach(move || (receiver.recv_timeout(Duration::from_millis(50)), receiver));
        receiver = back;
        match answer {
            Ok(result) => return Ok(result),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(SightlineError::new_err(
                    "internal error: the work stopped without an answer",
                ));
            }
        }
    }
}

/// Runs a study: `study` is JSON text, or with `path` set, the study file
/// at that path (TOML, or JSON by its extension). `layers` are the layers
/// held in memory, as `(name, bytes)`: a study layer whose `file` is
/// `name` is read from `bytes`. `task` is `"plan"` or `"score"`; `format`
/// (`"geojson"` or `"flatgeobuf"`) is the format of the geometry files
/// given back (default: the study's). With `write`, the files the study's
/// `[outputs]` name are also written to its folder, as `sightline run`
/// writes them.
///
/// Returns a dict: `files` (file name to bytes), `notes` (what the user
/// should know: rows skipped and why), `infos`, `written`.
#[pyfunction]
#[pyo3(signature = (study, layers, *, path=None, task="plan", format=None, write=false, command=""))]
#[allow(clippy::too_many_arguments)]
fn run_study<'py>(
    py: Python<'py>,
    study: Option<String>,
    layers: Vec<(String, Bound<'py, PyBytes>)>,
    path: Option<PathBuf>,
    task: &str,
    format: Option<&str>,
    write: bool,
    command: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let source = match (study, path) {
        (_, Some(path)) => Source::File(path),
        (Some(text), None) => Source::Json(text),
        (None, None) => return Err(StudyError::new_err("no study: give its JSON text or its path")),
    };
    let task = match task {
        "plan" => Task::Plan,
        "score" => Task::Score,
        other => return Err(SightlineError::new_err(format!("unknown task {other:?}"))),
    };
    let format = match format {
        None => None,
        Some("geojson") => Some(OutputFormat::GeoJson),
        Some("flatgeobuf") => Some(OutputFormat::FlatGeobuf),
        Some(other) => {
            return Err(StudyError::new_err(format!(
                "format {other:?}: it must be \"geojson\" or \"flatgeobuf\""
            )));
        }
    };
    let mut files = MemoryFiles::new();
    for (name, bytes) in &layers {
        files.insert(name, bytes.as_bytes().to_vec());
    }
    drop(layers);
    let command = command.to_owned();
    let done = detached(py, move || perform(source, files, task, format, write, &command))?
        .map_err(|failure| failure.into_py(py))?;
    let result = PyDict::new(py);
    let returned = PyDict::new(py);
    for (name, bytes) in &done.files {
        returned.set_item(name, PyBytes::new(py, bytes))?;
    }
    result.set_item("files", returned)?;
    result.set_item("notes", PyList::new(py, &done.notes)?)?;
    result.set_item("infos", PyList::new(py, &done.infos)?)?;
    result.set_item("written", PyList::new(py, &done.written)?)?;
    Ok(result)
}

/// Checks a study without reading any layer: `study` is JSON text, or
/// with `path` set, a study file. Returns the checked study as JSON (file
/// names resolved), or raises `StudyError`.
#[pyfunction]
#[pyo3(signature = (study, *, path=None))]
fn check_study(py: Python<'_>, study: Option<String>, path: Option<PathBuf>) -> PyResult<String> {
    let source = match (study, path) {
        (_, Some(path)) => Source::File(path),
        (Some(text), None) => Source::Json(text),
        (None, None) => return Err(StudyError::new_err("no study: give its JSON text or its path")),
    };
    checked_study(&source)
        .map(|checked| checked.study.to_json())
        .map_err(|failure| failure.into_py(py))
}

/// Whether `path` names a file Sightline reads as FlatGeobuf.
#[pyfunction]
fn output_format_of(path: PathBuf) -> &'static str {
    match OutputFormat::of_layer(Path::new(&path)) {
        OutputFormat::FlatGeobuf => "flatgeobuf",
        _ => "geojson",
    }
}

/// The native module: `sightline._sightline`.
#[pymodule]
fn _sightline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SightlineError", py.get_type::<SightlineError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("StudyError", py.get_type::<StudyError>())?;
    m.add("PlanError", py.get_type::<PlanError>())?;
    m.add("MemoryLimitError", py.get_type::<MemoryLimitError>())?;
    m.add("OutputError", py.get_type::<OutputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(run_study, m)?)?;
    m.add_function(wrap_pyfunction!(check_study, m)?)?;
    m.add_function(wrap_pyfunction!(output_format_of, m)?)?;
    Ok(())
}
