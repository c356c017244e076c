use std::path::PathBuf;

use thiserror::Error as ThisError;

/// A benchmark file that cannot be read.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::Error;
///
/// let err = Error::Format { path: "x.txt".into(), line: 3, reason: "expected 3 numbers".into() };
/// assert_eq!(err.to_string(), "x.txt line 3: expected 3 numbers");
/// ```
#[derive(Debug, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// The file cannot be opened or read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file does not follow its format.
    #[error("{path} line {line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number (0 when not known).
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The instance it describes is rejected by the solver crate.
    #[error("{path}: {source}")]
    Instance {
        /// The file.
        path: PathBuf,
        /// The solver crate's reason.
        source: sightline_solve::Error,
    },
}
