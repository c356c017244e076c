//! `sightline run study.toml` (or `study.json`): a whole study in one
//! file, errors that name the file's line, and the commented template
//! `sightline init` writes.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sightline::study::{CategorySource, CheckedStudy, FieldPath, Problem, Segment, Study, StudyError};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The commented template `sightline init` writes.
pub const TEMPLATE: &str = include_str!("template.toml");

/// A study file read and checked.
#[derive(Debug)]
pub struct StudyFile {
    /// The study, its file names resolved against the file's folder.
    pub checked: CheckedStudy,
}

/// Reads `path` (TOML, or JSON for a `.json` file) into a checked study.
/// Relative file names in it are taken from the file's folder; a study
/// without a title takes the file's name.
pub fn read(path: &Path) -> Result<StudyFile> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&text, path)
}

/// True for a file read as JSON (by its `.json` extension).
fn is_json(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Parses and checks a study file's `text`, read from `path` (which names
/// it in errors and anchors its relative file names). Reads no other
/// file.
pub fn parse(text: &str, path: &Path) -> Result<StudyFile> {
    let study = if is_json(path) {
        Study::from_json(text).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?
    } else {
        Study::from_toml(text).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut study = study.resolve_paths(base);
    if study.title.is_none() {
        study.title = Some(path.file_stem().map_or_else(
            || "Sightline study".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        ));
    }
    let checked = study
        .validate()
        .map_err(|error| anyhow::anyhow!("{}", located(&error, &study, text, path)))?;
    Ok(StudyFile { checked })
}

/// "study.toml line 12: [camera] radius_m is -5 m; …" for a TOML file,
/// "study.json: camera.radius_m is -5 m; …" for a JSON one.
pub fn located(error: &StudyError, study: &Study, text: &str, path: &Path) -> String {
    if is_json(path) {
        return format!("{}: {error}", path.display());
    }
    let place = match line_of_path(text, &error.path) {
        Some(line) => format!("{} line {line}", path.display()),
        None => path.display().to_string(),
    };
    let name = toml_field(&error.path, study);
    match &error.problem {
        // The other place, as the file names it.
        Problem::SetTwice { other } => {
            let there = line_of_path(text, other)
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            format!(
                "{place}: {name} is also set by {}{there}; keep one",
                toml_field(other, study)
            )
        }
        problem => format!("{place}: {name} {problem}"),
    }
}

/// A field as a reader of the TOML file knows it: `[camera] radius_m`,
/// `radius_m of the existing layer`, `the density layer`.
fn toml_field(path: &FieldPath, study: &Study) -> String {
    let layer = path.layer().and_then(|k| study.layers.get(k));
    match (layer, path.last_key()) {
        (Some(layer), Some(key)) if path.0.len() > 2 && key != "role" => {
            format!("{key} of the {} layer", layer.role)
        }
        (Some(layer), _) => format!("the {} layer", layer.role),
        _ => toml_name(path),
    }
}

/// A field as a TOML file names it: `[camera] radius_m`, `[[layer]]
/// weight`, `crs`.
fn toml_name(path: &FieldPath) -> String {
    let keys: Vec<&str> = path
        .0
        .iter()
        .filter_map(|segment| match segment {
            Segment::Key(key) => Some(*key),
            Segment::Index(_) => None,
        })
        .collect();
    let array = matches!(path.0.get(1), Some(Segment::Index(_)));
    match keys.as_slice() {
        [] => String::new(),
        [table] if array || matches!(*table, "layer" | "camera_type") => format!("[[{table}]]"),
        [key] if matches!(*key, "title" | "crs" | "out_crs") => (*key).to_owned(),
        [table] => format!("[{table}]"),
        [table, rest @ ..] if array => format!("[[{table}]] {}", rest.join(".")),
        [table, rest @ ..] => format!("[{table}] {}", rest.join(".")),
    }
}

/// The 1-based line of the field at `path` in the TOML `text`, or of the
/// nearest enclosing table that is there.
fn line_of_path(text: &str, path: &FieldPath) -> Option<usize> {
    let document = DeTable::parse(text).ok()?;
    let mut span: Option<Range<usize>> = None;
    let mut table: Option<&DeTable<'_>> = Some(document.get_ref());
    let mut value: Option<&Spanned<DeValue<'_>>> = None;
    for segment in &path.0 {
        let next = match (segment, table, value) {
            (Segment::Key(key), Some(t), _) => t.get(*key),
            (Segment::Index(i), _, Some(v)) => v.get_ref().as_array().and_then(|a| a.get(*i)),
            _ => None,
        };
        let Some(next) = next else { break };
        span = Some(next.span());
        table = next.get_ref().as_table();
        value = Some(next);
    }
    let offset = span?.start;
    Some(
        1 + text.as_bytes()[..offset.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    )
}

/// Writes `study` as TOML to `path`, with its file names relative to the
/// folder of `path` (as `sightline run` will read them), atomically.
pub fn save(study: &Study, path: &Path) -> Result<()> {
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut saved = study.clone();
    for layer in &mut saved.layers {
        layer.file = relative_to(&layer.file, folder)?;
    }
    if let Some(outputs) = &mut saved.outputs {
        outputs.folder = relative_to(&outputs.folder, folder)?;
    }
    if let Some(records) = &mut saved.records {
        if let Some(CategorySource::File(file)) = &mut records.categories {
            *file = relative_to(file, folder)?;
        }
        for table in &mut records.geocode_with {
            table.file = relative_to(&table.file, folder)?;
        }
    }
    if let Some(event) = &mut saved.event {
        event.area = relative_to(&event.area, folder)?;
    }
    if !folder.as_os_str().is_empty() {
        std::fs::create_dir_all(folder).with_context(|| format!("--save-study {}", path.display()))?;
    }
    sightline::io::write_atomic(path, saved.to_toml().as_bytes())
        .with_context(|| format!("--save-study {}", path.display()))?;
    Ok(())
}

/// `path` (relative to the working folder, or absolute) as seen from
/// `folder`: unchanged when `folder` is the working folder.
fn relative_to(path: &Path, folder: &Path) -> Result<PathBuf> {
    if folder.as_os_str().is_empty() || folder == Path::new(".") || path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let absolute = std::path::absolute(path)?;
    let base = std::path::absolute(folder)?;
    let (a, b): (Vec<_>, Vec<_>) = (absolute.components().collect(), base.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut relative = PathBuf::new();
    for _ in common..b.len() {
        relative.push("..");
    }
    for part in &a[common..] {
        relative.push(part);
    }
    Ok(relative)
}
