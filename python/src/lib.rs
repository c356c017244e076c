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
//! raises `KeyboardInterrupt` at once, and raises the solve's stop flag, so
//! the abandoned work ends at the solver's next check. A panic is caught and raised as
//! `SightlineError`, never taking the interpreter down.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use sightline::output::{self, OutputFormat, OutputKind};
use sightline::solve::Stop;
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
            Error::Io(io::Error::Write { .. } | io::Error::Output { .. } | io::Error::Render { .. }) => {
                Kind::Output
            }
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
            // What the settings ask that the layers cannot give: named by
            // the setting (a forced site's id, the missing objective).
            Error::NoObjective => {
                return Failure {
                    kind: Kind::Study,
                    message,
                    field: Some(("objective".to_owned(), error.to_string())),
                };
            }
            Error::UnknownSite { .. } => Kind::Study,
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
    stop: Stop,
) -> Result<Done, Failure> {
    let mut checked = checked_study(&source)?;
    checked.request = checked.request.take().map(|request| request.stop(stop.clone()));
    // After Ctrl-C the caller has gone: the work stops at the next stage,
    // and a plan cut short is never written over the user's outputs.
    let interrupted = || Failure::new(Kind::Internal, "interrupted".to_owned());
    let loaded = checked.load_from(&files)?;
    if stop.raised() {
        return Err(interrupted());
    }
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
            if stop.raised() {
                return Err(interrupted());
            }
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
            if stop.raised() {
                return Err(interrupted());
            }
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
/// letting Python handle signals every 50 ms: Ctrl-C raises
/// `KeyboardInterrupt` here and raises `stop`, which the work's solver
/// checks between its steps, so the abandoned work ends soon after. A
/// panic becomes a [`Failure`].
fn detached<T: Send + 'static>(
    py: Python<'_>,
    stop: &Stop,
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
            Err(RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    stop.raise();
                    return Err(interrupt);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(SightlineError::new_err(
                    "internal error: the work stopped without an answer",
                ));
            }
        }
    }
}

/// A point layer handed over as columns: its name, x and y (little-endian
/// f64 bytes), its CRS (`EPSG:5186`) and its columns as `(name, kind,
/// data)`: kind `f64` or `i64` with little-endian bytes (NaN is a missing
/// value), or `list` with a list of None, bool, int, float or str.
type PointsArgument<'py> = (
    String,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Option<String>,
    Vec<(String, String, Bound<'py, PyAny>)>,
);

/// A point layer's columns, from Python.
fn point_columns(argument: PointsArgument<'_>) -> PyResult<(String, io::PointColumns)> {
    use serde_json::Value;

    let (name, x, y, crs, columns) = argument;
    let crs = crs
        .map(|text| text.parse::<io::Crs>())
        .transpose()
        .map_err(|e| InputError::new_err(format!("{name}: {e}")))?;
    let mut layer = io::PointColumns {
        x: numbers(x.as_bytes(), "x", f64::from_le_bytes)?,
        y: numbers(y.as_bytes(), "y", f64::from_le_bytes)?,
        crs,
        columns: Vec::with_capacity(columns.len()),
    };
    for (column, kind, data) in columns {
        let values: Vec<Value> = match kind.as_str() {
            "f64" => numbers(data.cast::<PyBytes>()?.as_bytes(), &column, f64::from_le_bytes)?
                .into_iter()
                .map(float_value)
                .collect(),
            "i64" => numbers(data.cast::<PyBytes>()?.as_bytes(), &column, i64::from_le_bytes)?
                .into_iter()
                .map(Value::from)
                .collect(),
            "list" => {
                let list = data.cast::<PyList>()?;
                let mut values = Vec::with_capacity(list.len());
                for (row, item) in list.iter().enumerate() {
                    values.push(python_value(&item).ok_or_else(|| {
                        InputError::new_err(format!(
                            "feature {row} in {name}: column `{column}` holds a {}, not a number, text or boolean",
                            item.get_type().name().map_or_else(|_| "value".to_owned(), |n| n.to_string())
                        ))
                    })?);
                }
                values
            }
            other => return Err(SightlineError::new_err(format!("unknown column kind {other:?}"))),
        };
        layer.columns.push((column, values));
    }
    Ok((name, layer))
}

/// A float as JSON: NaN (a missing value) as null, an infinity as the
/// text `inf` or `-inf`, which every reader refuses as a number by name.
fn float_value(v: f64) -> serde_json::Value {
    match serde_json::Number::from_f64(v) {
        Some(number) => serde_json::Value::Number(number),
        None if v.is_nan() => serde_json::Value::Null,
        None => serde_json::Value::String(if v > 0.0 { "inf" } else { "-inf" }.to_owned()),
    }
}

/// A Python value as JSON: None, bool, int, float (NaN as null) or str.
fn python_value(item: &Bound<'_, PyAny>) -> Option<serde_json::Value> {
    use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
    use serde_json::Value;

    if item.is_none() {
        Some(Value::Null)
    } else if let Ok(b) = item.cast::<PyBool>() {
        Some(Value::Bool(b.is_true()))
    } else if let Ok(i) = item.cast::<PyInt>() {
        match i.extract::<i64>() {
            Ok(v) => Some(Value::from(v)),
            // Beyond 64 bits: as text, never a rounded number.
            Err(_) => i.str().ok().map(|text| Value::String(text.to_string())),
        }
    } else if let Ok(f) = item.cast::<PyFloat>() {
        Some(float_value(f.value()))
    } else if let Ok(s) = item.cast::<PyString>() {
        s.extract::<String>().ok().map(Value::String)
    } else {
        None
    }
}

/// Runs a study: `study` is JSON text, or with `path` set, the study file
/// at that path (TOML, or JSON by its extension). `layers` are the layers
/// held in memory, as `(name, bytes)`: a study layer whose `file` is
/// `name` is read from `bytes`; `points` are point layers held as columns
/// (see `PointsArgument`), read the same way. `task` is `"plan"` or `"score"`; `format`
/// (`"geojson"` or `"flatgeobuf"`) is the format of the geometry files
/// given back (default: the study's). With `write`, the files the study's
/// `[outputs]` name are also written to its folder, as `sightline run`
/// writes them.
///
/// Returns a dict: `files` (file name to bytes), `notes` (what the user
/// should know: rows skipped and why), `infos`, `written`.
#[pyfunction]
#[pyo3(signature = (study, layers, *, points=Vec::new(), path=None, task="plan", format=None, write=false, command=""))]
#[allow(clippy::too_many_arguments)]
fn run_study<'py>(
    py: Python<'py>,
    study: Option<String>,
    layers: Vec<(String, Bound<'py, PyBytes>)>,
    points: Vec<PointsArgument<'py>>,
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
    for argument in points {
        let (name, columns) = point_columns(argument)?;
        files.insert_points(name, columns);
    }
    let command = command.to_owned();
    let stop = Stop::new();
    let flag = stop.clone();
    let done = detached(py, &stop, move || {
        perform(source, files, task, format, write, &command, flag)
    })?
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

/// Little-endian numbers from bytes (numpy's `tobytes()` on this
/// machine's byte order, which Python checks before calling).
fn numbers<const N: usize, T>(bytes: &[u8], what: &str, from: fn([u8; N]) -> T) -> PyResult<Vec<T>> {
    if !bytes.len().is_multiple_of(N) {
        return Err(InputError::new_err(format!(
            "{what}: {} bytes is not a whole number of {N}-byte values",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(N)
        .map(|chunk| {
            let mut array = [0u8; N];
            array.copy_from_slice(chunk);
            from(array)
        })
        .collect())
}

/// Solves weighted maximal covering on a set system given as arrays:
/// `weights` (n demand points, f64), and the pairs (`sites[k]`,
/// `demand[k]`) (u32 each) saying site `sites[k]` covers demand point
/// `demand[k]`, for `n_sites` sites; chooses `p` of them with the library's
/// solvers (`method`: `auto`, `greedy`, `local`, `exact`). With neither a
/// time limit nor an effort, the library's default effort (the same answer
/// on every machine); with only a time limit, work until it.
///
/// Returns a dict: `chosen` (site indices, in greedy order), `gains`,
/// `objective`, `upper_bound`, `gap`, `proven_optimal`, `work`,
/// `time_limit_reached`.
#[pyfunction]
#[pyo3(signature = (weights, sites, demand, n_sites, p, *, method="auto", time_limit=None, effort=None))]
#[allow(clippy::too_many_arguments)]
fn solve_cover<'py>(
    py: Python<'py>,
    weights: &[u8],
    sites: &[u8],
    demand: &[u8],
    n_sites: usize,
    p: usize,
    method: &str,
    time_limit: Option<f64>,
    effort: Option<u64>,
) -> PyResult<Bound<'py, PyDict>> {
    use sightline::solve::{CoverageMatrix, DEFAULT_EFFORT, Instance, MaxCoverage, Method};

    let weights: Vec<f64> = numbers(weights, "weights", f64::from_le_bytes)?;
    let sites: Vec<u32> = numbers(sites, "sites", u32::from_le_bytes)?;
    let demand: Vec<u32> = numbers(demand, "demand", u32::from_le_bytes)?;
    let method: Method = method
        .parse()
        .map_err(|e: String| StudyError::new_err(format!("solver {e}")))?;
    if let Some(limit) = time_limit
        && !(limit.is_finite() && limit > 0.0)
    {
        return Err(StudyError::new_err(format!(
            "time_limit is {limit}; it must be a number of seconds greater than 0"
        )));
    }
    if sites.len() != demand.len() {
        return Err(InputError::new_err(format!(
            "{} sites but {} demand points in the pairs: one of each per pair",
            sites.len(),
            demand.len()
        )));
    }
    if let Some(k) = sites.iter().position(|&s| s as usize >= n_sites) {
        return Err(InputError::new_err(format!(
            "pair {k}: site {} is not below the number of sites, {n_sites}",
            sites[k]
        )));
    }
    if let Some(k) = demand.iter().position(|&d| d as usize >= weights.len()) {
        return Err(InputError::new_err(format!(
            "pair {k}: demand point {} is not below the number of demand points, {}",
            demand[k],
            weights.len()
        )));
    }
    let stop = Stop::new();
    let flag = stop.clone();
    let work = move || -> Result<_, Failure> {
        let plan_error = |e: sightline::solve::Error| Failure::new(Kind::Plan, e.to_string());
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); n_sites];
        for (&site, &point) in sites.iter().zip(&demand) {
            rows[site as usize].push(point);
        }
        for row in &mut rows {
            row.sort_unstable();
            row.dedup();
        }
        let matrix = CoverageMatrix::from_rows(weights.len(), rows).map_err(plan_error)?;
        let instance =
            Instance::new(matrix, weights).map_err(|e| Failure::new(Kind::Input, e.to_string()))?;
        let mut solver = MaxCoverage::new(p).method(method).stop(flag);
        if let Some(limit) = time_limit {
            solver = solver.time_limit(Duration::from_secs_f64(limit));
        }
        match (effort, time_limit) {
            (Some(work), _) => solver = solver.effort(work),
            (None, None) => solver = solver.effort(DEFAULT_EFFORT),
            (None, Some(_)) => {}
        }
        solver.solve(&instance).map_err(plan_error)
    };
    let report = detached(py, &stop, work)?.map_err(|failure| failure.into_py(py))?;
    let result = PyDict::new(py);
    result.set_item("chosen", report.solution.chosen().to_vec())?;
    result.set_item("gains", report.solution.gains().to_vec())?;
    result.set_item("objective", report.solution.objective())?;
    result.set_item("upper_bound", report.upper_bound)?;
    result.set_item("gap", report.gap)?;
    result.set_item("proven_optimal", report.proven_optimal)?;
    result.set_item("work", report.work)?;
    result.set_item("time_limit_reached", report.time_limit_reached)?;
    Ok(result)
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
    m.add_function(wrap_pyfunction!(solve_cover, m)?)?;
    Ok(())
}
