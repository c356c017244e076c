use thiserror::Error as ThisError;

/// A demand surface that cannot be built as asked.
///
/// # Examples
///
/// ```
/// use sightline_demand::{Error, GridSpec};
/// use geo_types::coord;
///
/// let origin = coord! { x: 0.0, y: 0.0 };
/// let err = GridSpec::covering(origin, origin, 0.0).unwrap_err();
/// assert!(matches!(err, Error::BadGrid { .. }));
/// assert!(err.to_string().starts_with("bad demand surface: cell size is 0 m"));
/// ```
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// A grid cannot be laid as asked (cell size, area, too many cells),
    /// or a density cannot be computed on it (bandwidth, weights).
    #[error("bad demand surface: {reason}")]
    BadGrid {
        /// What is wrong.
        reason: String,
    },
    /// A surface's layers, or the area it is laid over, do not allow
    /// building it: no layer, a weight that is negative or not finite, a
    /// bandwidth that cannot be found, nothing to lay a grid over.
    #[error("demand surface: {reason}")]
    BadSurface {
        /// What is wrong.
        reason: String,
    },
}
