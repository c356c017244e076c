//! Local search for maximum coverage: swap one chosen option for one
//! unchosen option while that covers more.
//!
//! Two searches reach the same kind of plan (no single swap, nor an
//! addition while there is room, improves it):
//!
//! - without side constraints, on instances of more than
//!   [`INCREMENTAL_FROM`] entries, [`incremental`]: each option's gain (or
//!   loss) is kept up to date through the transposed matrix, candidates
//!   are screened by a bound and only the promising ones are evaluated,
//!   so a move costs about the demand it changes, not a pass over the
//!   matrix. It converges at 100,000 options and 15 million entries in
//!   seconds.
//! - under side constraints (forced, excluded, conflicting options,
//!   district quotas, a budget), and on smaller instances, [`ruled`]:
//!   the single best move is found by one pass over the matrix, with each
//!   rule checked on the swap.
//!
//! Both handle backup weights, stop at a deadline, after a number of
//! moves or after an amount of work, and count that work.

use crate::deadline::Deadline;
use crate::{Instance, SideConstraints};

mod incremental;
mod ruled;

/// Where a local search stops, besides at a local optimum.
#[derive(Debug, Clone)]
pub(crate) struct SwapLimits {
    /// Moves made at most.
    pub max_swaps: usize,
    /// Wall-clock deadline (the only limit that depends on the machine)
    /// and the caller's stop flag.
    pub deadline: Deadline,
    /// Work at most, in [`Work::entries`]: checked between batches of
    /// candidates, so the search stops at the same place on any machine
    /// and with any number of threads, a little past the limit.
    pub max_work: Option<u64>,
}

impl SwapLimits {
    /// No limit but `max_swaps` moves.
    pub fn swaps(max_swaps: usize) -> Self {
        Self {
            max_swaps,
            deadline: Deadline::never(),
            max_work: None,
        }
    }

    /// Whether a search that did `work` must stop.
    fn reached(&self, work: &Work) -> bool {
        work.moves >= self.max_swaps as u64
            || self.max_work.is_some_and(|limit| work.entries >= limit)
            || self.deadline.passed()
    }
}

/// The work a local search did: the same on every machine and with any
/// number of threads for a search that no deadline cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Work {
    /// Moves made.
    pub moves: u64,
    /// Candidate options evaluated (each one's best swap looked for).
    pub evaluations: u64,
    /// Coverage entries read: rows of evaluated candidates, and columns
    /// of the demand whose cover changed.
    pub entries: u64,
}

/// A local search's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Improved {
    /// The plan, ascending.
    pub chosen: Vec<u32>,
    /// The work done (the solve's effort counts it).
    pub work: Work,
    /// True at a local optimum, false when a limit stopped the search.
    #[cfg_attr(not(test), allow(dead_code))]
    pub converged: bool,
}

/// Improves `start` (distinct option indices, a plan that follows
/// `rules`) by swaps until none adds value or `max_swaps` moves were
/// made, stopping early, between two moves, once `deadline` has passed.
/// Returns the improved set, ascending: see [`improve_with`].
#[cfg(test)]
pub(crate) fn improve(
    instance: &Instance,
    start: &[u32],
    count: usize,
    max_swaps: usize,
    rules: Option<&SideConstraints>,
    deadline: Option<std::time::Instant>,
) -> Vec<u32> {
    let limits = SwapLimits {
        deadline: Deadline::at(deadline),
        ..SwapLimits::swaps(max_swaps)
    };
    improve_with(instance, start, count, rules, &limits).chosen
}

/// Improves `start` (distinct option indices, a plan that follows
/// `rules`, at most `count` options) by moves that each add value: swap
/// one chosen option for one unchosen option, or, while fewer than
/// `count` are chosen, add one. Stops at a local optimum (no such move
/// adds value) or at `limits`; every move improves the plan, so the
/// result is never worse than `start`. With `rules`, only moves that keep
/// the plan feasible are made: forced options stay, excluded and
/// conflicting ones stay out, district counts stay within their bounds,
/// the cost within the budget.
///
/// Without rules, on instances of more than [`INCREMENTAL_FROM`] entries,
/// the [`incremental`] search runs; otherwise the [`ruled`] one (pure
/// best-improvement, a pass over the matrix per move). Either gives the
/// same plan whatever the number of threads.
pub(crate) fn improve_with(
    instance: &Instance,
    start: &[u32],
    count: usize,
    rules: Option<&SideConstraints>,
    limits: &SwapLimits,
) -> Improved {
    match rules {
        None if instance.matrix().nnz() > INCREMENTAL_FROM => {
            incremental::improve(instance, start, count, limits)
        }
        _ => ruled::improve(instance, start, count, rules, limits),
    }
}

/// Coverage entries above which the incremental search runs. Below, a
/// pass over the matrix per move costs little, and the general search,
/// which takes the single best move each time, keeps the plans it always
/// gave (the two searches reach local optima of the same quality on
/// average, but not always the same ones): the medium demo city has
/// about 117,000 entries, the large one 1.7 million.
const INCREMENTAL_FROM: usize = 500_000;

/// The smallest improvement that counts: half a unit with integer
/// weights, else a relative 1e-9 of the total weight (rounding).
fn tolerance(instance: &Instance) -> f64 {
    let weights = instance.weights();
    let integral = weights.iter().all(|w| w.fract() == 0.0)
        && instance
            .backup()
            .is_none_or(|b| b.iter().all(|w| w.fract() == 0.0));
    if integral {
        0.5
    } else {
        1e-9 * weights.iter().fold(0.0, |t, w| t + w).max(1.0)
    }
}

/// The two options `a ≤ b` with `a + b = sum` and `a² + b² = squares`.
fn two_owners(sum: u64, squares: u128) -> (usize, usize) {
    // (b − a)² = 2(a² + b²) − (a + b)²
    let difference_squared = 2 * squares - u128::from(sum) * u128::from(sum);
    let mut difference = (difference_squared as f64).sqrt() as u128;
    while difference * difference > difference_squared {
        difference -= 1;
    }
    while (difference + 1) * (difference + 1) <= difference_squared {
        difference += 1;
    }
    let a = (u128::from(sum) - difference) / 2;
    (a as usize, (a + difference) as usize)
}

#[cfg(test)]
mod tests;
