use geo_types::{Coord, Polygon};
use thiserror::Error as ThisError;

/// Why a picture cannot be drawn: a value in the input that has no place
/// on a canvas. Every message starts with `cannot render the output:` and
/// names the value (`new camera 3: the radius is NaN m, ...`).
///
/// # Examples
///
/// ```
/// use sightline_render::{curve_svg, CurveData, Error};
///
/// let err = curve_svg(&CurveData::default()).unwrap_err();
/// assert!(matches!(err, Error::EmptyCurve));
/// assert_eq!(err.to_string(), "cannot render the output: the coverage curve has no values");
/// ```
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// A number is NaN or infinite.
    #[error("cannot render the output: {what} is {value}, not a finite number")]
    NotFinite {
        /// Which number (`demand 4: the weight`, `covered at k = 2`).
        what: String,
        /// The number found.
        value: f64,
    },
    /// A coordinate is NaN or infinite.
    #[error("cannot render the output: {what}: coordinate ({x:?}, {y:?}) is not finite")]
    NotFiniteCoordinate {
        /// Whose coordinate (`district 2 (Ilsan)`, `new camera 0`).
        what: String,
        /// The x found.
        x: f64,
        /// The y found.
        y: f64,
    },
    /// A demand weight is negative.
    #[error("cannot render the output: demand {index}: the weight is {weight}, expected ≥ 0")]
    NegativeWeight {
        /// The index of the demand in [`MapData::demand`](crate::MapData::demand).
        index: usize,
        /// The weight found.
        weight: f64,
    },
    /// The demand grid's cell size is not a positive number.
    #[error("cannot render the output: the cell size is {size_m} m, expected a positive number")]
    BadCellSize {
        /// The size found, in metres.
        size_m: f64,
    },
    /// A camera's reach has a radius that is not a positive number.
    #[error("cannot render the output: {what}: the radius is {radius_m} m, expected a positive number")]
    BadRadius {
        /// Which camera (`existing camera 3`).
        what: String,
        /// The radius found, in metres.
        radius_m: f64,
    },
    /// A camera's field of view is outside (0, 360].
    #[error("cannot render the output: {what}: the field of view is {fov_deg}°, expected (0, 360]")]
    BadFieldOfView {
        /// Which camera (`new camera 0`).
        what: String,
        /// The field of view found, in degrees.
        fov_deg: f64,
    },
    /// A coverage curve without values.
    #[error("cannot render the output: the coverage curve has no values")]
    EmptyCurve,
    /// A coverage curve whose upper bounds do not match its values.
    #[error(
        "cannot render the output: {bounds} upper bounds for {values} coverage values; expected none or one per k"
    )]
    UpperBoundCount {
        /// The number of upper bounds given.
        bounds: usize,
        /// The number of coverage values given.
        values: usize,
    },
    /// A knee share outside (0, 1].
    #[error("cannot render the output: the knee share is {share}, expected (0, 1]")]
    BadKneeShare {
        /// The share found.
        share: f64,
    },
    /// A district sheet of a district the map does not have.
    #[error(
        "cannot render the output: the sheet is of district {index}, but the map has {districts} districts"
    )]
    FocusOutOfRange {
        /// The [`MapData::focus`](crate::MapData::focus) given.
        index: usize,
        /// The number of districts.
        districts: usize,
    },
    /// A knee at a number of cameras the curve does not have.
    #[error("cannot render the output: the knee is at k = {k}, expected 1 to {cameras}")]
    KneeOutOfRange {
        /// The knee given.
        k: usize,
        /// The number of values on the curve.
        cameras: usize,
    },
    /// A share that should be 0 to 1 (an hour's covered share, an hour's
    /// demand relative to the busiest) is outside it.
    #[error("cannot render the output: {what} is {value}, expected 0 to 1")]
    ShareOutOfRange {
        /// Which share (`the share covered with the plan at hour 07`).
        what: String,
        /// The share found.
        value: f64,
    },
    /// An hour of the day above 23.
    #[error("cannot render the output: {what} has hour {hour}, expected 0 to 23")]
    HourOutOfRange {
        /// Whose hour (`the period `night``, `the event`).
        what: String,
        /// The hour found.
        hour: u8,
    },
    /// A period to mark without any hour.
    #[error("cannot render the output: the period `{name}` has no hours")]
    EmptyPeriod {
        /// The period's name.
        name: String,
    },
}

/// `Ok` when both of `at`'s coordinates are finite, else
/// [`Error::NotFiniteCoordinate`] naming whose they are.
pub(crate) fn check_coord(at: Coord<f64>, what: impl Fn() -> String) -> Result<(), Error> {
    if at.x.is_finite() && at.y.is_finite() {
        Ok(())
    } else {
        Err(Error::NotFiniteCoordinate {
            what: what(),
            x: at.x,
            y: at.y,
        })
    }
}

/// `Ok` when every coordinate of `polygon` is finite, else
/// [`Error::NotFiniteCoordinate`] naming whose it is.
pub(crate) fn check_polygon(polygon: &Polygon<f64>, what: &dyn Fn() -> String) -> Result<(), Error> {
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        for &c in &ring.0 {
            check_coord(c, what)?;
        }
    }
    Ok(())
}

/// Checks demand as a map or page draws it: finite positions and
/// weights, no negative weight, and a positive cell size when there is
/// one.
pub(crate) fn check_demand(demand: &[(Coord<f64>, f64)], cell_size_m: Option<f64>) -> Result<(), Error> {
    for (index, &(at, weight)) in demand.iter().enumerate() {
        check_coord(at, || format!("demand {index}"))?;
        check_finite(weight, || format!("demand {index}: the weight"))?;
        if weight < 0.0 {
            return Err(Error::NegativeWeight { index, weight });
        }
    }
    match cell_size_m {
        Some(size) if !(size.is_finite() && size > 0.0) => Err(Error::BadCellSize { size_m: size }),
        _ => Ok(()),
    }
}

/// `Ok` when `value` is finite, else [`Error::NotFinite`] naming it.
pub(crate) fn check_finite(value: f64, what: impl FnOnce() -> String) -> Result<(), Error> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::NotFinite { what: what(), value })
    }
}
