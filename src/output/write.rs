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
