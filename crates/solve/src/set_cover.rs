//! Exact minimum-cost covering: the cheapest set of options whose covered
//! demand weight reaches a target.
//!
//! The method is the classic one for set covering (Beasley 1990; Caprara,
//! Fischetti and Toth 1999):
//!
//! 1. **Reductions** (exact): demand no option covers is set aside and
//!    counted; demand points covered by the same options are merged; a
//!    column whose rows lie within a no-dearer column's rows is dropped.
//!    For [`Target::All`] also: a row whose options include all of another
//!    row's options is dropped (covering the other covers it), and a row
//!    with a single option forces that option.
//! 2. **Lower bound**: Lagrangian relaxation of the covering constraints,
//!    maximised by subgradient optimisation (Polyak steps towards the
//!    incumbent, step factor halved on stagnation). Partial targets
//!    ([`Target::Weight`], [`Target::Fraction`]) relax `y_i ≤ Σ_{j ∋ i} x_j`
//!    in the model `Σ w_i y_i ≥ W`; the `y` part is solved as a continuous
//!    knapsack, so the bound is valid though weaker than for full covers.
//! 3. **Upper bound**: a Lagrangian heuristic (columns of negative reduced
//!    cost, completed greedily, redundant columns removed) run along the
//!    subgradient iterations.
//! 4. **Exact search**: depth-first branch and bound on columns, the
//!    Lagrangian bound at every node with multipliers warm-started from the
//!    parent, and reduced-cost fixing. On the time limit the best cover is
//!    returned with the proven global lower bound.
//!
//! Everything is sequential and free of randomness: the same input gives the
//! same cover (the time limit aside).

mod reduce;
mod search;

use std::time::{Duration, Instant};

use crate::{Error, Instance};

/// How much demand a cover must reach.
///
/// Demand points of weight zero never count, and demand no option covers
/// is left out (and reported in [`CoverReport::uncoverable`]).
///
/// # Examples
///
/// ```
/// use sightline_solve::set_cover::Target;
///
/// assert_eq!(Target::default(), Target::All);
/// assert_ne!(Target::Fraction(0.9), Target::Weight(0.9));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Target {
    /// Every demand point of positive weight that some option covers:
    /// 100% of the coverable demand.
    #[default]
    All,
    /// At least this much demand weight (finite, not negative, and at most
    /// the coverable weight).
    Weight(f64),
    /// At least this fraction of the coverable weight, in `(0, 1]`.
    Fraction(f64),
}

/// Minimum-cost covering: choose options of least total cost so that the
/// covered demand weight reaches a [`Target`].
///
/// A consuming builder: [`SetCover::new`] takes the one required input,
/// the cost of each option; the target and time limit have defaults.
///
/// # Examples
///
/// ```
/// use sightline_solve::set_cover::{SetCover, Target};
/// use sightline_solve::{CoverageMatrix, Instance};
///
/// // Four demand points; option 3 covers everything but costs more than 0 and 1 together.
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![2, 3], vec![1, 2], vec![0, 1, 2, 3]])?;
/// let instance = Instance::new(matrix, vec![1.0, 1.0, 1.0, 5.0])?;
/// let report = SetCover::new(vec![2.0, 2.0, 1.0, 5.0]).solve(&instance)?;
/// assert_eq!(report.chosen, [0, 1]);
/// assert_eq!(report.cost, 4.0);
/// assert!(report.proven_optimal);
///
/// // Half the weight (4 of 8) is reached by option 1 alone, which covers demand 3.
/// let half = SetCover::new(vec![2.0, 2.0, 1.0, 5.0]).target(Target::Fraction(0.5)).solve(&instance)?;
/// assert_eq!(half.chosen, [1]);
/// assert_eq!(half.covered_weight, 6.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SetCover {
    costs: Vec<f64>,
    target: Target,
    time_limit: Duration,
    stop: Option<crate::Stop>,
}

/// The result of [`SetCover::solve`]: the best cover found and how far from
/// optimal it can be.
///
/// # Examples
///
/// ```
/// use sightline_solve::set_cover::SetCover;
/// use sightline_solve::{CoverageMatrix, Instance};
///
/// // Demand point 2 is covered by no option.
/// let matrix = CoverageMatrix::from_rows(3, [vec![0], vec![0, 1]])?;
/// let instance = Instance::new(matrix, vec![1.0; 3])?;
/// let report = SetCover::new(vec![1.0, 3.0]).solve(&instance)?;
/// assert_eq!(report.chosen, [1]);
/// assert_eq!(report.uncoverable, 1);
/// assert_eq!((report.lower_bound, report.gap), (3.0, 0.0));
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CoverReport {
    /// Option indices of the best cover found, ascending.
    pub chosen: Vec<u32>,
    /// Total cost of `chosen`.
    pub cost: f64,
    /// Demand weight covered by `chosen` (each point counted once).
    pub covered_weight: f64,
    /// A proven lower bound on the optimal cost (rounded up when every cost
    /// is an integer); equal to `cost` when the cover is proven optimal.
    pub lower_bound: f64,
    /// `(cost − lower_bound) / cost`, 0 when proven optimal or when the cover is empty.
    pub gap: f64,
    /// Whether `chosen` is proven optimal (the search finished, or the
    /// bound met the cost).
    pub proven_optimal: bool,
    /// Branch-and-bound nodes evaluated, the root included.
    pub nodes: u64,
    /// Demand points that no option covers (excluded from every target).
    pub uncoverable: usize,
}

impl SetCover {
    /// A solver for the given cost of each option (finite and positive,
    /// checked by [`solve`](Self::solve)), with target [`Target::All`] and a
    /// 60 second time limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::set_cover::SetCover;
    /// use sightline_solve::{CoverageMatrix, Instance};
    ///
    /// let instance = Instance::new(CoverageMatrix::from_rows(1, [vec![0], vec![0]])?, vec![1.0])?;
    /// let report = SetCover::new(vec![2.0, 1.0]).solve(&instance)?;
    /// assert_eq!(report.chosen, [1]);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn new(costs: Vec<f64>) -> Self {
        Self {
            costs,
            target: Target::All,
            time_limit: Duration::from_secs(60),
            stop: None,
        }
    }

    /// A flag another thread may raise to end the search early (see
    /// [`Stop`](crate::Stop)): the cover and the bound found so far stay
    /// valid.
    pub fn stop(mut self, stop: crate::Stop) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Sets how much demand the cover must reach (default [`Target::All`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::set_cover::{SetCover, Target};
    /// use sightline_solve::{CoverageMatrix, Instance};
    ///
    /// let matrix = CoverageMatrix::from_rows(2, [vec![0], vec![1]])?;
    /// let instance = Instance::new(matrix, vec![3.0, 1.0])?;
    /// let report = SetCover::new(vec![1.0, 1.0]).target(Target::Weight(2.0)).solve(&instance)?;
    /// assert_eq!(report.chosen, [0]);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn target(self, target: Target) -> Self {
        Self { target, ..self }
    }

    /// Sets the wall-clock limit of the search (default 60 s). When it is
    /// reached, [`solve`](Self::solve) returns the best cover found with the
    /// lower bound proven so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use sightline_solve::set_cover::SetCover;
    /// use sightline_solve::{CoverageMatrix, Instance};
    ///
    /// let instance = Instance::new(CoverageMatrix::from_rows(1, [vec![0]])?, vec![1.0])?;
    /// let report = SetCover::new(vec![1.0]).time_limit(Duration::from_secs(1)).solve(&instance)?;
    /// assert!(report.lower_bound <= report.cost);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn time_limit(self, limit: Duration) -> Self {
        Self {
            time_limit: limit,
            ..self
        }
    }

    /// Finds a minimum-cost cover of the target.
    ///
    /// # Errors
    ///
    /// [`Error::CostCount`] if there is not one cost per option;
    /// [`Error::BadCost`] for a cost that is not finite and positive;
    /// [`Error::BadTarget`] for a weight that is negative or not finite, or
    /// a fraction outside `(0, 1]`; [`Error::TargetUnreachable`] for a
    /// weight above what all options together cover.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::set_cover::{SetCover, Target};
    /// use sightline_solve::{CoverageMatrix, Error, Instance};
    ///
    /// let instance = Instance::new(CoverageMatrix::from_rows(1, [vec![0]])?, vec![1.0])?;
    /// let err = SetCover::new(vec![1.0]).target(Target::Weight(2.0)).solve(&instance).unwrap_err();
    /// assert!(matches!(err, Error::TargetUnreachable { .. }));
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn solve(&self, instance: &Instance) -> Result<CoverReport, Error> {
        let deadline =
            crate::deadline::Deadline::new(Instant::now().checked_add(self.time_limit), self.stop.clone());
        let n_options = instance.n_options();
        if self.costs.len() != n_options {
            return Err(Error::CostCount {
                costs: self.costs.len(),
                n_options,
            });
        }
        if let Some((option, &cost)) = self
            .costs
            .iter()
            .enumerate()
            .find(|(_, c)| !c.is_finite() || **c <= 0.0)
        {
            return Err(Error::BadCost { option, cost });
        }

        let matrix = instance.matrix();
        let mut coverable = vec![false; matrix.n_demand()];
        for row in matrix.rows() {
            for &d in row {
                coverable[d as usize] = true;
            }
        }
        let uncoverable = coverable.iter().filter(|&&c| !c).count();
        let coverable_weight = coverable
            .iter()
            .zip(instance.weights())
            .filter(|(c, _)| **c)
            .fold(0.0, |total, (_, w)| total + w);
        let tolerance = 1e-9 * coverable_weight.max(1.0);
        let need = match self.target {
            Target::All => None,
            Target::Weight(w) if w.is_finite() && w >= 0.0 => {
                if w > coverable_weight + tolerance {
                    return Err(Error::TargetUnreachable {
                        target: w,
                        coverable: coverable_weight,
                    });
                }
                Some(w)
            }
            Target::Fraction(f) if f > 0.0 && f <= 1.0 => Some(f * coverable_weight),
            Target::Weight(value) => {
                return Err(Error::BadTarget {
                    kind: "weight",
                    value,
                });
            }
            Target::Fraction(value) => {
                return Err(Error::BadTarget {
                    kind: "fraction",
                    value,
                });
            }
        };
        // A target at the coverable weight is a full cover, which reduces further.
        let need = need.filter(|&w| w < coverable_weight - tolerance);

        let reduced = reduce::reduce(instance, &self.costs, need)?;
        let integral = self.costs.iter().all(|c| c.fract() == 0.0 && *c < 2f64.powi(52));
        let outcome = search::solve(&reduced.core, integral, deadline);

        let mut chosen: Vec<u32> = reduced.forced.clone();
        chosen.extend(outcome.chosen.iter().map(|&c| reduced.core.option[c as usize]));
        chosen.sort_unstable();
        let cost = chosen
            .iter()
            .fold(0.0, |total, &o| total + self.costs[o as usize]);
        let forced_cost = reduced
            .forced
            .iter()
            .fold(0.0, |total, &o| total + self.costs[o as usize]);
        let lower_bound = if outcome.proven {
            cost
        } else {
            (forced_cost + outcome.lower_bound).min(cost)
        };
        let proven_optimal = outcome.proven || lower_bound >= cost;
        let gap = if proven_optimal || cost <= 0.0 {
            0.0
        } else {
            (cost - lower_bound) / cost
        };
        Ok(CoverReport {
            covered_weight: instance.covered_weight(&chosen),
            chosen,
            cost,
            lower_bound,
            gap,
            proven_optimal,
            nodes: outcome.nodes,
            uncoverable,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::CoverageMatrix;

    /// SplitMix64: a tiny seeded generator, enough for test instances.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// A random instance: `n_options` options over `n_demand` points, each
    /// covering each point with probability `density_pct`%, integer costs
    /// (or fractional ones), integer weights from 0 to 4.
    fn random_instance(
        seed: u64,
        n_options: usize,
        n_demand: usize,
        density_pct: u64,
    ) -> (Instance, Vec<f64>) {
        let mut rng = SplitMix64(seed);
        let rows: Vec<Vec<u32>> = (0..n_options)
            .map(|_| {
                (0..n_demand as u32)
                    .filter(|_| rng.below(100) < density_pct)
                    .collect()
            })
            .collect();
        let weights = (0..n_demand).map(|_| rng.below(5) as f64).collect();
        let integral = seed.is_multiple_of(2);
        let costs = (0..n_options)
            .map(|_| {
                if integral {
                    1.0 + rng.below(9) as f64
                } else {
                    0.5 + rng.below(1000) as f64 / 137.0
                }
            })
            .collect();
        let matrix = CoverageMatrix::from_rows(n_demand, &rows).unwrap();
        (Instance::new(matrix, weights).unwrap(), costs)
    }

    /// The cheapest subset of options covering at least `need` weight, by
    /// enumeration (`None`: every coverable point of positive weight).
    fn brute_force(instance: &Instance, costs: &[f64], need: Option<f64>) -> f64 {
        let n = instance.n_options();
        let coverable_positive = {
            let matrix = instance.matrix();
            let mut covered = vec![false; matrix.n_demand()];
            for row in matrix.rows() {
                for &d in row {
                    covered[d as usize] = instance.weights()[d as usize] > 0.0;
                }
            }
            covered
        };
        let mut best = f64::INFINITY;
        for mask in 0u32..(1 << n) {
            let chosen: Vec<u32> = (0..n as u32).filter(|&o| mask >> o & 1 == 1).collect();
            let cost: f64 = chosen.iter().map(|&o| costs[o as usize]).sum();
            if cost >= best {
                continue;
            }
            let ok = match need {
                Some(w) => instance.covered_weight(&chosen) >= w - 1e-9,
                None => {
                    let mut covered = vec![false; instance.matrix().n_demand()];
                    for &o in &chosen {
                        for &d in instance.matrix().row(o as usize) {
                            covered[d as usize] = true;
                        }
                    }
                    coverable_positive
                        .iter()
                        .zip(&covered)
                        .all(|(need, got)| !need || *got)
                }
            };
            if ok {
                best = cost;
            }
        }
        best
    }

    fn check(seed: u64, target: Target) {
        let (instance, costs) = random_instance(seed, 12, 10 + (seed % 7) as usize, 15 + seed % 30);
        let coverable: f64 = {
            let all: Vec<u32> = (0..instance.n_options() as u32).collect();
            instance.covered_weight(&all)
        };
        let need = match target {
            Target::All => None,
            Target::Weight(w) => Some(w),
            Target::Fraction(f) => Some(f * coverable),
        };
        if need.is_some_and(|w| w > coverable) {
            let err = SetCover::new(costs).target(target).solve(&instance).unwrap_err();
            assert!(matches!(err, Error::TargetUnreachable { .. }));
            return;
        }
        let report = SetCover::new(costs.clone())
            .target(target)
            .solve(&instance)
            .unwrap();
        let optimum = brute_force(&instance, &costs, need);
        let tolerance = 1e-9 * optimum.max(1.0);
        assert!(report.proven_optimal, "seed {seed} {target:?}");
        assert!(
            (report.cost - optimum).abs() <= tolerance,
            "seed {seed} {target:?}: {report:?} vs {optimum}"
        );
        assert!(report.lower_bound <= optimum + tolerance, "seed {seed}");
        let cost: f64 = report.chosen.iter().map(|&o| costs[o as usize]).sum();
        assert!((cost - report.cost).abs() <= tolerance);
        assert!(report.chosen.windows(2).all(|w| w[0] < w[1]));
        let covered = instance.covered_weight(&report.chosen);
        assert_eq!(covered, report.covered_weight);
        match need {
            Some(w) => assert!(covered >= w - 1e-9, "seed {seed}: covered {covered} < {w}"),
            None => assert_eq!(covered, coverable, "seed {seed}"),
        }
    }

    #[test]
    fn full_covers_match_brute_force() {
        for seed in 0..300 {
            check(seed, Target::All);
        }
    }

    #[test]
    fn partial_covers_match_brute_force() {
        for seed in 0..200 {
            check(
                seed,
                Target::Fraction([0.3, 0.5, 0.8, 0.95, 1.0][seed as usize % 5]),
            );
            check(seed, Target::Weight((seed % 11) as f64));
        }
    }
}
