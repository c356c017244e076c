use thiserror::Error as ThisError;

/// Invalid camera-model parameters.
///
/// # Examples
///
/// ```
/// use sightline_coverage::{Circular, Error};
///
/// assert!(matches!(Circular::new(-5.0), Err(Error::BadRadius { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// A radius is zero, negative, NaN or infinite.
    #[error("{what} is {radius_m} m; it must be a finite number greater than 0")]
    BadRadius {
        /// Which radius (e.g. "camera radius").
        what: &'static str,
        /// The value given, in metres.
        radius_m: f64,
    },
    /// A camera type (or the set of them) makes no sense.
    #[error("bad camera: {reason}")]
    BadCamera {
        /// What is wrong.
        reason: String,
    },
}
