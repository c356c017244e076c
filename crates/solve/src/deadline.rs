//! When a solve must stop: at a time, when another thread raises a flag
//! (the Python package's Ctrl-C), either, or never.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A stop flag another thread may raise to end a solve early, between two
/// steps, as if its time limit had passed: the plan and the bound found so
/// far stay valid. Cloning shares the flag.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method, Stop};
///
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![1, 2, 3], vec![3]])?;
/// let instance = Instance::new(matrix, vec![1.0, 2.0, 1.0, 5.0])?;
/// let stop = Stop::new();
/// stop.raise(); // raised before the solve: it stops at its first check
/// let report = MaxCoverage::new(1).method(Method::Exact).stop(stop.clone()).solve(&instance)?;
/// assert!(stop.raised() && report.time_limit_reached);
/// assert!(report.upper_bound >= report.solution.objective());
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// A flag not raised.
    pub fn new() -> Self {
        Self::default()
    }

    /// Raises the flag: every solve holding it stops at its next check.
    pub fn raise(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the flag was raised.
    pub fn raised(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Two stops are equal when they are the same flag.
impl PartialEq for Stop {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A time limit and a stop flag, checked together.
#[derive(Debug, Clone, Default)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    stop: Option<Stop>,
    /// A second flag (one search telling another that it has finished).
    also: Option<Stop>,
}

impl Deadline {
    /// Stop at `at` (never when None), or when `stop` is raised.
    pub fn new(at: Option<Instant>, stop: Option<Stop>) -> Self {
        Self { at, stop, also: None }
    }

    /// No time limit, no flag.
    pub fn never() -> Self {
        Self::default()
    }

    /// Only a time.
    #[cfg(test)]
    pub fn at(at: Option<Instant>) -> Self {
        Self {
            at,
            stop: None,
            also: None,
        }
    }

    /// The same flag, another time.
    pub fn until(&self, at: Option<Instant>) -> Self {
        Self {
            at,
            stop: self.stop.clone(),
            also: self.also.clone(),
        }
    }

    /// This deadline, passed too once `also` is raised.
    pub fn or_when(&self, also: &Stop) -> Self {
        Self {
            at: self.at,
            stop: self.stop.clone(),
            also: Some(also.clone()),
        }
    }

    /// The time left at `now` (all the time there is without a time).
    pub fn left(&self, now: Instant) -> Duration {
        self.at
            .map_or(Duration::MAX, |at| at.saturating_duration_since(now))
    }

    /// Whether the time has passed or the flag was raised.
    pub fn passed(&self) -> bool {
        self.stop.as_ref().is_some_and(Stop::raised)
            || self.also.as_ref().is_some_and(Stop::raised)
            || self.at.is_some_and(|d| Instant::now() >= d)
    }
}
