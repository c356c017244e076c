//! A study read from a file (`sightline run study.toml`): errors that
//! name the file and, in TOML, the line of the offending field.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{CheckedStudy, FieldPath, Problem, Segment, Study, StudyError};
use crate::Error;

/// True for a file read as JSON (by its `.json` extension).
fn is_json(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Parses and checks a study file's `text`, read from `path`: TOML, or
/// JSON for a `.json` file. `path` names the file in errors (with the
/// line of the offending field in TOML) and anchors its relative file
/// names; a study without a title takes the file's name. Reads no other
/// file. This is what `sightline run FILE` does before it plans.
///
/// # Errors
///
/// [`Error::StudyFile`]: the text is not a study, or the study is
/// refused; the message names the file and, in TOML, the line.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use sightline::study::parse_study_file;
///
/// let text = "[[layer]]\nrole = \"demand\"\nfile = \"d.geojson\"\n\n[[layer]]\nrole = \"sites\"\nfile = \"s.geojson\"\n\n[camera]\nradius_m = -5\n";
/// let error = parse_study_file(text, Path::new("city/study.toml")).unwrap_err();
/// assert!(error.to_string().starts_with("city/study.toml line 10: [camera] radius_m"), "{error}");
/// let checked = parse_study_file(&text.replace("-5", "50"), Path::new("city/study.toml"))?;
/// assert_eq!(checked.study.layers[0].file, Path::new("city/d.geojson"));
/// assert_eq!(checked.study.title.as_deref(), Some("study"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn parse_study_file(text: &str, path: &Path) -> Result<CheckedStudy, Error> {
    let study = if is_json(path) {
        Study::from_json(text).map_err(|error| unreadable(path, &error))?
    } else {
        Study::from_toml(text).map_err(|error| unreadable(path, &error))?
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut study = study.resolve_paths(base);
    if study.title.is_none() {
        study.title = Some(path.file_stem().map_or_else(
            || "Sightline study".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        ));
    }
    study.validate().map_err(|error| Error::StudyFile {
        message: located(&error, &study, text, path),
    })
}

fn unreadable(path: &Path, error: &dyn std::fmt::Display) -> Error {
    Error::StudyFile {
        message: format!("{}: {error}", path.display()),
    }
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
