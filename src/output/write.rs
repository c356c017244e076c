//! Writing a set of output files into a folder, atomically.

use std::path::{Path, PathBuf};

use sightline_io::write_files_atomic;

use crate::Error;

/// Writes `files` ([`OutputFile`](super::OutputFile)s, or any name and bytes) into the
/// folder `dir` as one set: the folder is created
/// if missing, every file goes to a temporary name first and is renamed
/// into place only when all were written. On failure nothing new is left:
/// no temporary files, and no folder if this call created it.
///
/// # Errors
///
/// [`Error::Io`] naming the folder or file that could not be written.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let out = dir.path().join("result");
/// sightline::output::write_files(&out, vec![("a.txt", b"a".to_vec()), ("b.txt", b"b".to_vec())])?;
/// assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"b");
///
/// // A folder in the way of the second file: neither file appears.
/// let blocked = dir.path().join("blocked");
/// std::fs::create_dir_all(blocked.join("b.txt")).unwrap();
/// assert!(sightline::output::write_files(&blocked, vec![("a.txt", vec![]), ("b.txt", vec![])]).is_err());
/// assert!(!blocked.join("a.txt").exists());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_files<N: AsRef<str>>(dir: &Path, files: Vec<(N, Vec<u8>)>) -> Result<(), Error> {
    let created = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|source| sightline_io::Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| (dir.join(name.as_ref()), bytes))
        .collect();
    let result = write_files_atomic(&files);
    if result.is_err() && created {
        // Only succeeds when empty: never removes anything that was there.
        let _ = std::fs::remove_dir(dir);
    }
    Ok(result?)
}

/// Removes from `dir` the outputs of the `wanted` kinds that this run did
/// not write (`written`: the names it wrote), so that a folder written
/// again holds no file left over from an earlier plan: a `curve.svg` when
/// the new plan has no curve, a `map_<district>.svg` for a district that
/// now has no camera. Only names of those kinds are touched (the fixed
/// names, and `map_*.svg` when district maps are wanted); returns what
/// was removed.
///
/// # Errors
///
/// [`Error::Io`] naming a file that could not be removed or the folder
/// that could not be read.
///
/// # Examples
///
/// ```
/// use sightline::output::{remove_stale, OutputKind};
///
/// let dir = tempfile::tempdir().unwrap();
/// for name in ["curve.svg", "map_A.svg", "map_B.svg", "notes.txt"] {
///     std::fs::write(dir.path().join(name), b"old").unwrap();
/// }
/// let wanted = [OutputKind::CurveSvg, OutputKind::DistrictMaps];
/// let removed = remove_stale(dir.path(), &wanted, &["map_A.svg"])?;
/// assert_eq!(removed, ["curve.svg", "map_B.svg"]);
/// assert!(dir.path().join("map_A.svg").exists() && dir.path().join("notes.txt").exists());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn remove_stale<N: AsRef<str>>(
    dir: &Path,
    wanted: &[super::OutputKind],
    written: &[N],
) -> Result<Vec<String>, Error> {
    let written = |name: &str| written.iter().any(|w| w.as_ref() == name);
    let io_error = |path: PathBuf, source| sightline_io::Error::Write { path, source };
    let mut names: Vec<String> = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| io_error(dir.to_owned(), source))?;
    for entry in entries {
        let entry = entry.map_err(|source| io_error(dir.to_owned(), source))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let ours = wanted.iter().any(|kind| kind.matches(&name));
        if ours && !written(&name) && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    for name in &names {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|source| io_error(path, source))?;
    }
    Ok(names)
}
