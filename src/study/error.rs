//! What [`Study::validate`](super::Study::validate) refuses, and where:
//! the path of the offending field, which a program turns into a flag
//! name or a line of the file the study came from.

use std::fmt;

use super::spec::Role;

/// One step of a [`FieldPath`]: a key, or an index into a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a table (`objective`, `cameras`).
    Key(&'static str),
    /// An item of a list (`layer[2]`), 0-based.
    Index(usize),
}

/// Where a field sits in a study: `objective.cameras`, `layer[2].weight`,
/// `camera_type[0].range_m`.
///
/// # Examples
///
/// ```
/// use sightline::study::FieldPath;
///
/// let path = FieldPath::key("layer").index(2).then("weight");
/// assert_eq!(path.to_string(), "layer[2].weight");
/// assert_eq!(path.layer(), Some(2));
/// assert_eq!(path.last_key(), Some("weight"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The path of a top-level key.
    pub fn key(key: &'static str) -> Self {
        Self(vec![Segment::Key(key)])
    }

    /// This path, then `key`.
    pub fn then(mut self, key: &'static str) -> Self {
        self.0.push(Segment::Key(key));
        self
    }

    /// This path, then item `index`.
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Segment::Index(index));
        self
    }

    /// The layer the path points into (`layer[k]…`), if any.
    pub fn layer(&self) -> Option<usize> {
        match self.0.as_slice() {
            [Segment::Key("layer"), Segment::Index(k), ..] => Some(*k),
            _ => None,
        }
    }

    /// The first key of the path (`objective` in `objective.cameras`).
    pub fn first_key(&self) -> Option<&'static str> {
        match self.0.first() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// The last key of the path (`weight` in `layer[2].weight`).
    pub fn last_key(&self) -> Option<&'static str> {
        self.0.iter().rev().find_map(|s| match s {
            Segment::Key(key) => Some(*key),
            Segment::Index(_) => None,
        })
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if k == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// What is wrong with a field, said of the field: a [`StudyError`] reads
/// "`path` `problem`" ("objective.cameras is 0; ...").
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// A number outside its range: "is -5; it must be ...".
    Value {
        /// The value given, as written.
        found: String,
        /// What it must be ("a finite number of metres greater than 0").
        expected: String,
    },
    /// A study without a required part.
    Missing {
        /// What is missing, said of the field ("has none with role =
        /// \"demand\"", "is missing: …").
        what: String,
    },
    /// A key that does not apply to a layer of this role.
    NotForRole {
        /// The layer's role.
        role: Role,
        /// The keys such a layer takes.
        allowed: &'static [&'static str],
    },
    /// A second layer of a role that takes one.
    SecondLayer {
        /// The role.
        role: Role,
        /// The index of the first layer of that role.
        first: usize,
    },
    /// A key that applies to CSV files only, on another file.
    CsvOnly {
        /// The file, as given.
        file: String,
    },
    /// A key that applies to CSV and Excel files only (coordinate
    /// columns), on another file.
    TableOnly {
        /// The file, as given.
        file: String,
    },
    /// A key that applies to Excel workbooks only (the sheet), on
    /// another file.
    ExcelOnly {
        /// The file, as given.
        file: String,
    },
    /// A format that the file's extension contradicts.
    FormatAgainstExtension {
        /// The file, as given.
        file: String,
    },
    /// One of two keys that go together, without the other.
    Pair {
        /// The other key.
        other: &'static str,
    },
    /// The same setting given twice, in two places.
    SetTwice {
        /// The other place.
        other: FieldPath,
    },
    /// A setting that needs another one.
    Needs {
        /// What it needs ("a districts layer").
        what: &'static str,
    },
    /// Settings that exclude each other.
    Excludes {
        /// What it cannot be combined with.
        others: &'static str,
    },
    /// Something that shapes a demand grid only (a density layer, a
    /// district value), outside grid mode.
    GridOnly,
    /// A camera type that cannot exist.
    Camera {
        /// Why (from the camera model).
        reason: String,
    },
    /// A list that would leave nothing to do.
    Empty {
        /// What would happen ("nothing would be written").
        consequence: &'static str,
    },
    /// Rules that no plan can keep.
    Infeasible {
        /// Why.
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Value { found, expected } => write!(f, "is {found}; it must be {expected}"),
            Problem::Missing { what } => f.write_str(what),
            Problem::NotForRole { role, allowed } => write!(
                f,
                "does not apply (a {role} layer takes role, file{}{})",
                if allowed.is_empty() { "" } else { ", " },
                allowed.join(", ")
            ),
            Problem::SecondLayer { role, first } => {
                write!(f, "is a second {role} layer (the first is layer {})", first + 1)
            }
            Problem::CsvOnly { file } => {
                write!(f, "applies to CSV files only, and {file} is not one (.csv)")
            }
            Problem::TableOnly { file } => write!(
                f,
                "applies to CSV and Excel files only, and {file} is neither (.csv, .xlsx, .xlsm, .xls)"
            ),
            Problem::ExcelOnly { file } => write!(
                f,
                "applies to Excel workbooks only, and {file} is not one (.xlsx, .xlsm, .xls)"
            ),
            Problem::FormatAgainstExtension { file } => write!(
                f,
                "contradicts the file {file}, which is read by its extension (.csv for CSV; .xlsx, .xlsm or .xls for Excel; .shp for a Shapefile; anything else as GeoJSON); rename it"
            ),
            Problem::Pair { other } => write!(f, "is given without {other}: give both, or neither"),
            Problem::SetTwice { other } => write!(f, "is also set by {other}; keep one"),
            Problem::Needs { what } => write!(f, "needs {what}"),
            Problem::Excludes { others } => write!(f, "cannot be combined with {others}"),
            Problem::GridOnly => f.write_str(
                "shapes the demand grid only; set the demand mode to grid (--mode grid, or mode = \"grid\" in [demand]) or remove it",
            ),
            Problem::Camera { reason } => write!(f, "cannot be: {reason}"),
            Problem::Empty { consequence } => write!(f, "is empty, so {consequence}"),
            Problem::Infeasible { reason } => write!(f, "cannot be met: {reason}"),
        }
    }
}

/// A study refused before any file is read: the offending field's path
/// and what is wrong with it.
///
/// # Examples
///
/// ```
/// use sightline::study::{Objective, Study};
///
/// let mut objective = Objective::default();
/// objective.cameras = Some(0);
/// let mut study = Study::default();
/// study.objective = Some(objective);
/// let error = study.validate().unwrap_err();
/// // The first thing wrong: no demand layer.
/// assert_eq!(error.path.to_string(), "layer");
/// assert!(error.to_string().contains("role = \"demand\""), "{error}");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path} {problem}")]
#[non_exhaustive]
pub struct StudyError {
    /// Where.
    pub path: FieldPath,
    /// What.
    pub problem: Problem,
}

impl StudyError {
    /// `problem` at `path`.
    pub fn new(path: FieldPath, problem: Problem) -> Self {
        Self { path, problem }
    }

    /// The same error, its path put under `prefix`.
    pub fn under(self, prefix: FieldPath) -> Self {
        let mut path = prefix;
        path.0.extend(self.path.0);
        Self { path, ..self }
    }

    /// A number outside its range (huge ones written as `1e308`).
    pub(crate) fn number(path: FieldPath, found: f64, expected: impl Into<String>) -> Self {
        Self::new(
            path,
            Problem::Value {
                found: shown(found),
                expected: expected.into(),
            },
        )
    }

    /// A distance outside its range: "is -5 m; …".
    pub(crate) fn metres(path: FieldPath, found: f64, expected: &'static str) -> Self {
        Self::new(
            path,
            Problem::Value {
                found: format!("{} m", shown(found)),
                expected: expected.to_owned(),
            },
        )
    }

    /// A whole number outside its range.
    pub(crate) fn count(path: FieldPath, found: impl fmt::Display, expected: impl Into<String>) -> Self {
        Self::new(
            path,
            Problem::Value {
                found: found.to_string(),
                expected: expected.into(),
            },
        )
    }
}

/// `x` for a message: as Rust writes it, but 1e300 as `1e300`, not three
/// hundred digits.
fn shown(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}
