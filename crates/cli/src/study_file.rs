//! `sightline run study.toml` (or `study.json`): a whole study in one
//! file, errors that name the file's line, and the commented template
//! `sightline init` writes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sightline::study::{CategorySource, CheckedStudy, Study};

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

/// Parses and checks a study file's `text`, read from `path` (see
/// [`sightline::study::parse_study_file`]).
pub fn parse(text: &str, path: &Path) -> Result<StudyFile> {
    Ok(StudyFile {
        checked: sightline::study::parse_study_file(text, path)?,
    })
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
