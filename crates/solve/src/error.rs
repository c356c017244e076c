use thiserror::Error as ThisError;

/// Everything that can go wrong when building or solving an instance.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Error};
///
/// let err = CoverageMatrix::from_rows(2, [vec![0, 5]]).unwrap_err();
/// assert!(matches!(err, Error::DemandOutOfRange { option: 0, demand: 5, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// An option lists a demand index that does not exist.
    #[error("option {option} covers demand point {demand}, but there are only {n_demand} demand points")]
    DemandOutOfRange {
        /// The option (row) index.
        option: usize,
        /// The offending demand index.
        demand: u32,
        /// How many demand points the matrix has.
        n_demand: usize,
    },
    /// The compressed rows are malformed.
    #[error("malformed coverage matrix: {reason}")]
    MalformedMatrix {
        /// What is wrong.
        reason: String,
    },
    /// More demand points than a `u32` index can name.
    #[error("{n_demand} demand points is more than the {max} a coverage matrix can index")]
    TooManyDemandPoints {
        /// How many were given.
        n_demand: usize,
        /// The largest number supported.
        max: usize,
    },
    /// The weight vector does not match the matrix.
    #[error("{weights} weights were given for {n_demand} demand points")]
    WeightCount {
        /// Length of the weight vector.
        weights: usize,
        /// Number of demand points in the matrix.
        n_demand: usize,
    },
    /// A weight is negative, NaN or infinite.
    #[error("demand point {demand} has weight {weight}; weights must be finite and not negative")]
    BadWeight {
        /// The demand index.
        demand: usize,
        /// The weight found.
        weight: f64,
    },
    /// A backup weight is negative, not finite, or above its point's
    /// weight.
    #[error(
        "demand point {demand} has backup weight {backup} with weight {weight}; a backup weight must be finite, not negative and at most the weight"
    )]
    BadBackup {
        /// The demand index.
        demand: usize,
        /// The backup weight found.
        backup: f64,
        /// The point's weight.
        weight: f64,
    },
    /// A backup factor is outside `[0, 1]`.
    #[error("backup factor {factor} is outside [0, 1]: a second cover is worth at most the first")]
    BadBackupFactor {
        /// The factor given.
        factor: f64,
    },
    /// More options were asked for than exist.
    #[error("{requested} options were requested but the instance has only {available}")]
    TooManyRequested {
        /// How many were asked for.
        requested: usize,
        /// How many options exist.
        available: usize,
    },
    /// The exhaustive solver was given an instance too large to enumerate.
    #[error("exhaustive search over {subsets} subsets is too large (limit {limit})")]
    TooLargeForExhaustive {
        /// Number of subsets to enumerate (saturating).
        subsets: u128,
        /// The limit.
        limit: u128,
    },
    /// The cost vector does not match the options.
    #[error("{costs} costs were given for {n_options} options")]
    CostCount {
        /// Length of the cost vector.
        costs: usize,
        /// Number of options in the instance.
        n_options: usize,
    },
    /// A vector of values (a point of the LP relaxation) does not have one
    /// value per option or per demand group.
    #[error("{got} {what} were given; the instance has {expected}")]
    LengthMismatch {
        /// What the values are of, e.g. "option values".
        what: &'static str,
        /// How many the instance needs.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// A value of a point of the LP relaxation is NaN or infinite.
    #[error("{what}[{index}] is {value}; it must be a finite number")]
    BadPointValue {
        /// What the values are of, e.g. "option values".
        what: &'static str,
        /// The position of the bad value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// An option's cost is zero, negative, NaN or infinite.
    #[error("option {option} has cost {cost}; costs must be finite and positive")]
    BadCost {
        /// The option index.
        option: usize,
        /// The cost found.
        cost: f64,
    },
    /// A budget is negative or not finite.
    #[error("budget {budget} must be finite and not negative")]
    BadBudget {
        /// The budget given.
        budget: f64,
    },
    /// A coverage target is out of range.
    #[error(
        "coverage target {kind} {value} is out of range (weights must be finite and not negative, fractions in (0, 1])"
    )]
    BadTarget {
        /// `"weight"` or `"fraction"`.
        kind: &'static str,
        /// The value given.
        value: f64,
    },
    /// A coverage target asks for more weight than all options together cover.
    #[error("coverage target {target} exceeds the {coverable} weight that the options can cover")]
    TargetUnreachable {
        /// The weight asked for.
        target: f64,
        /// The weight all options together cover.
        coverable: f64,
    },
    /// The side constraints cannot all be met.
    #[error("the side constraints cannot all be met: {reason}")]
    Infeasible {
        /// Which ones clash.
        reason: String,
    },
    /// A side constraint names an option that does not exist.
    #[error("a side constraint names option {option}, but there are only {n_options} options")]
    UnknownOption {
        /// The option index.
        option: usize,
        /// How many options the instance has.
        n_options: usize,
    },
    /// Period data (one weighting of the demand per period, see
    /// [`Periods`](crate::Periods)) are missing, of mismatched lengths or
    /// out of range.
    #[error("bad period data: {reason}")]
    BadPeriods {
        /// The period at fault (counting from 0), when one is.
        period: Option<usize>,
        /// What is wrong, naming the period and the demand element.
        reason: String,
    },
    /// HiGHS reported an error or ended in a state with no usable answer
    /// (only with the `highs` feature).
    #[error("HiGHS failed: {reason}")]
    Highs {
        /// HiGHS's status, and the step that returned it.
        reason: String,
    },
}
