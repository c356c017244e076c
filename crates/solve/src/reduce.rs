//! Exact reductions before solving: merge demand points covered by the
//! same options, drop what cannot matter.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use crate::{CoverageMatrix, Instance};

/// What [`reduce`] did to an instance.
///
/// # Examples
///
/// ```
/// use sightline_solve::{reduce, CoverageMatrix, Instance};
///
/// // Demand 0 and 1 are covered by the same options: they merge.
/// // Demand 3 is covered by nothing. Option 2 covers a subset of option 1.
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![0, 1, 2], vec![2]])?;
/// let reduction = reduce(&Instance::new(matrix, vec![1.0, 2.0, 4.0, 8.0])?, true);
/// assert_eq!(reduction.demand_after, 2);
/// assert_eq!(reduction.uncoverable_demand, 1);
/// assert_eq!(reduction.dominated_options, 2); // both 0 and 2 lie inside option 1
/// assert_eq!(reduction.options, vec![1]);
/// assert_eq!(reduction.instance.weights(), &[3.0, 4.0]);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Reduction {
    /// The reduced instance: options are the kept options, demand points
    /// are the merged groups.
    pub instance: Instance,
    /// For each reduced option, the original option index.
    pub options: Vec<u32>,
    /// Demand points before reducing.
    pub demand_before: usize,
    /// Demand groups after merging.
    pub demand_after: usize,
    /// Demand points no option covers, or of weight zero: they cannot
    /// change any objective.
    pub uncoverable_demand: usize,
    /// Options that cover no demand of positive weight.
    pub empty_options: usize,
    /// Options whose coverage lies inside another kept option's.
    pub dominated_options: usize,
}

/// Reduces `instance` without changing the optimum of maximum coverage:
///
/// 1. demand points of weight zero or covered by no option are dropped;
/// 2. demand points covered by exactly the same options merge into one,
///    with the sum of their weights;
/// 3. options that then cover nothing are dropped;
/// 4. with `remove_dominated`, an option whose demand is a subset of
///    another's is dropped (of options with identical coverage the lowest
///    index stays). Safe for maximum coverage with a count of options; not
///    with side constraints that could forbid the dominating option, and
///    never done for an instance with backup weights (there the smaller
///    option can add a second cover next to the bigger one).
///
/// Backup weights merge like weights.
///
/// Group order follows the first demand point of each group, so the result
/// is deterministic.
pub fn reduce(instance: &Instance, remove_dominated: bool) -> Reduction {
    reduce_with(instance, remove_dominated, false)
}

/// Merges demand only: every option is kept, in its place, so option
/// indices (and side constraints on them) stay valid.
pub(crate) fn merge_demand(instance: &Instance) -> Reduction {
    reduce_with(instance, false, true)
}

fn reduce_with(instance: &Instance, remove_dominated: bool, keep_options: bool) -> Reduction {
    let weights = instance.weights();
    let grouping = Grouping::with_columns(Cow::Borrowed(instance.columns()), |d| weights[d] > 0.0);
    let backup = instance.backup().map(|b| grouping.sums(b));
    grouping.reduction(
        grouping.sums(weights),
        backup,
        None,
        remove_dominated,
        keep_options,
    )
}

/// Demand points merged by the options that cover them, once, whatever
/// the weights: the points some weighting gives a positive weight and some
/// option covers, grouped by their column. Several weightings of one
/// matrix (the periods of a day) share one grouping and get their
/// reductions from it by [`reduction`](Self::reduction), with no second
/// pass over the matrix.
pub(crate) struct Grouping<'a> {
    /// Row `d`: the options covering demand point `d`.
    columns: Cow<'a, CoverageMatrix>,
    /// The group of each demand point (`u32::MAX`: in none).
    group_of: Vec<u32>,
    /// The first demand point of each group: groups are numbered in the
    /// order of their first points.
    first: Vec<u32>,
    /// Demand points in no group.
    outside: usize,
}

/// A hasher for keys that are hashes already: it keeps the `u64`.
#[derive(Default)]
struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed (by `write_u64`); anything else folds in.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// Marks a demand point in no group.
const NO_GROUP: u32 = u32::MAX;

impl<'a> Grouping<'a> {
    /// Groups the demand points of `matrix` for which `active` holds and
    /// that some option covers.
    pub fn new(matrix: &CoverageMatrix, active: impl Fn(usize) -> bool + Sync) -> Self {
        Self::with_columns(Cow::Owned(matrix.transpose()), active)
    }

    /// As [`new`](Self::new), given the matrix's transpose.
    pub fn with_columns(columns: Cow<'a, CoverageMatrix>, active: impl Fn(usize) -> bool + Sync) -> Self {
        let n = columns.n_options();
        // Each grouped column's hash, in parallel; then one pass in demand
        // order numbers the groups, comparing a column with the group its
        // hash names (columns whose hashes collide go to a map by value).
        let hashes: Vec<Option<u64>> = (0..n)
            .into_par_iter()
            .with_min_len(4096)
            .map(|d| {
                let options = columns.row(d);
                (!options.is_empty() && active(d)).then(|| {
                    let mut hasher = FxHasher::default();
                    options.hash(&mut hasher);
                    hasher.finish()
                })
            })
            .collect();
        let mut group_of = vec![NO_GROUP; n];
        let mut first: Vec<u32> = Vec::new();
        let mut outside = 0;
        {
            let mut group_of_hash: HashMap<u64, u32, BuildHasherDefault<Hashed>> =
                HashMap::with_capacity_and_hasher(n / 2, BuildHasherDefault::default());
            let mut collided: FxHashMap<&[u32], u32> = FxHashMap::default();
            for (d, hash) in hashes.into_iter().enumerate() {
                let Some(hash) = hash else {
                    outside += 1;
                    continue;
                };
                let options = columns.row(d);
                let next = first.len() as u32;
                let group = match group_of_hash.entry(hash) {
                    Entry::Vacant(slot) => *slot.insert(next),
                    Entry::Occupied(slot) if columns.row(first[*slot.get() as usize] as usize) == options => {
                        *slot.get()
                    }
                    Entry::Occupied(_) => *collided.entry(options).or_insert(next),
                };
                if group == next {
                    first.push(d as u32);
                }
                group_of[d] = group;
            }
        }
        Self {
            columns,
            group_of,
            first,
            outside,
        }
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Number of options of the matrix.
    pub fn n_options(&self) -> usize {
        self.columns.n_demand()
    }

    /// The options covering group `g`, ascending.
    pub fn options_of(&self, g: usize) -> &[u32] {
        self.columns.row(self.first[g] as usize)
    }

    /// The sum of `values` (one per demand point) over each group, added
    /// in demand order: for a weighting that is zero outside some groups'
    /// points, exactly the sums a grouping of its own support would give.
    pub fn sums(&self, values: &[f64]) -> Vec<f64> {
        let mut sums = vec![0.0; self.len()];
        for (&g, &v) in self.group_of.iter().zip(values) {
            if g != NO_GROUP {
                sums[g as usize] += v;
            }
        }
        sums
    }

    /// The first demand point of each group where `values` is positive
    /// (`u32::MAX` where none is).
    pub fn first_positive(&self, values: &[f64]) -> Vec<u32> {
        let mut first = vec![u32::MAX; self.len()];
        for (d, (&g, &v)) in self.group_of.iter().zip(values).enumerate() {
            if g != NO_GROUP && v > 0.0 && first[g as usize] == u32::MAX {
                first[g as usize] = d as u32;
            }
        }
        first
    }

    /// The reduction for group weights `weights` (and backup weights):
    /// groups of weight zero are dropped, the others are renumbered in
    /// the order of `order` (a key per group, e.g. [`first_positive`](Self::first_positive);
    /// `None`: group order), and options are dropped as [`reduce`] says.
    /// `outside` counts as uncoverable with the dropped groups' points.
    pub fn reduction(
        &self,
        weights: Vec<f64>,
        backup: Option<Vec<f64>>,
        order: Option<&[u32]>,
        remove_dominated: bool,
        keep_options: bool,
    ) -> Reduction {
        let n_options = self.n_options();
        let remove_dominated = remove_dominated && backup.is_none();
        let mut kept: Vec<usize> = (0..self.len()).filter(|&g| weights[g] > 0.0).collect();
        if let Some(order) = order {
            kept.sort_by_key(|&g| order[g]);
        }
        let dropped_points = if kept.len() == self.len() {
            0
        } else {
            let mut is_kept = vec![false; self.len()];
            for &g in &kept {
                is_kept[g] = true;
            }
            self.group_of
                .iter()
                .filter(|&&g| g != NO_GROUP && !is_kept[g as usize])
                .count()
        };
        let group_options: Vec<&[u32]> = kept.iter().map(|&g| self.options_of(g)).collect();
        let group_weights: Vec<f64> = kept.iter().map(|&g| weights[g]).collect();
        let group_backup: Option<Vec<f64>> = backup.map(|b| kept.iter().map(|&g| b[g]).collect());

        // The kept groups of each option: the transpose of the kept
        // groups' options.
        let lengths: Vec<usize> = group_options.iter().map(|o| o.len()).collect();
        let grouped = CoverageMatrix::filled(n_options, &lengths, |g, row| {
            row.copy_from_slice(group_options[g])
        });
        let by_option = grouped.transpose();
        let rows = Rows {
            offsets: by_option.offsets(),
            entries: by_option.entries(),
        };
        let empty_options = if keep_options {
            0
        } else {
            (0..n_options).filter(|&o| rows.row(o).is_empty()).count()
        };
        let mut keep: Vec<bool> = (0..n_options)
            .map(|o| keep_options || !rows.row(o).is_empty())
            .collect();
        let mut dominated_options = 0;
        if remove_dominated {
            // Each option's test reads only the rows: in parallel, same result.
            let dominated: Vec<bool> = (0..n_options)
                .into_par_iter()
                .map(|option| keep[option] && is_dominated(option, rows, &group_options))
                .collect();
            for (kept, dominated) in keep.iter_mut().zip(dominated) {
                if dominated {
                    *kept = false;
                    dominated_options += 1;
                }
            }
        }
        let options: Vec<u32> = (0..n_options as u32).filter(|&o| keep[o as usize]).collect();
        let demand_after = group_weights.len();
        // The reduced instance's transpose is the kept groups' options,
        // renumbered: no second transpose.
        let (columns, matrix) = if options.len() == n_options {
            (grouped, by_option)
        } else {
            let mut renumbered = vec![u32::MAX; n_options];
            for (new, &old) in options.iter().enumerate() {
                renumbered[old as usize] = new as u32;
            }
            let renumbered = &renumbered;
            let grouped = &grouped;
            let kept = move |g: usize| {
                grouped
                    .row(g)
                    .iter()
                    .filter(move |&&o| renumbered[o as usize] != u32::MAX)
            };
            let lengths: Vec<usize> = (0..grouped.n_options())
                .into_par_iter()
                .with_min_len(4096)
                .map(|g| kept(g).count())
                .collect();
            let columns = CoverageMatrix::filled(options.len(), &lengths, |g, row| {
                for (slot, &o) in row.iter_mut().zip(kept(g)) {
                    *slot = renumbered[o as usize];
                }
            });
            let lengths: Vec<usize> = options.iter().map(|&o| rows.row(o as usize).len()).collect();
            let matrix = CoverageMatrix::filled(demand_after, &lengths, |k, row| {
                row.copy_from_slice(rows.row(options[k] as usize));
            });
            (columns, matrix)
        };
        let reduced = Instance::new(matrix, group_weights)
            .and_then(|i| match group_backup {
                Some(b) => i.with_backup(b),
                None => Ok(i),
            })
            .expect("groups are in range and their weights are sums of valid weights")
            .with_columns(columns);
        Reduction {
            instance: reduced,
            options,
            demand_before: self.group_of.len(),
            demand_after,
            uncoverable_demand: self.outside + dropped_points,
            empty_options,
            dominated_options,
        }
    }
}

/// True when another option covers a superset of `option`'s groups (a
/// strict superset, or the same set with a lower index).
///
/// Whether the dominating option is itself dominated does not matter: the
/// relation is a preorder, so every chain ends in a kept option.
fn is_dominated(option: usize, rows: Rows<'_>, group_options: &[&[u32]]) -> bool {
    let row = rows.row(option);
    let Some(rarest) = row.iter().min_by_key(|&&g| (group_options[g as usize].len(), g)) else {
        return false;
    };
    group_options[*rarest as usize].iter().any(|&other| {
        let other = other as usize;
        if other == option {
            return false;
        }
        let bigger = rows.row(other);
        let superset = bigger.len() >= row.len() && is_subset(row, bigger);
        superset && (bigger.len() > row.len() || other < option)
    })
}

/// Each option's kept groups, as compressed rows.
#[derive(Clone, Copy)]
struct Rows<'a> {
    offsets: &'a [usize],
    entries: &'a [u32],
}

impl Rows<'_> {
    fn row(&self, option: usize) -> &[u32] {
        &self.entries[self.offsets[option]..self.offsets[option + 1]]
    }
}

/// `small ⊆ big` for ascending slices.
fn is_subset(small: &[u32], big: &[u32]) -> bool {
    let mut rest = big.iter();
    small.iter().all(|x| rest.by_ref().any(|y| y == x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive;
    use crate::test_instances::{Lcg, random_instance};

    #[test]
    fn subsets() {
        assert!(is_subset(&[1, 3], &[0, 1, 2, 3]));
        assert!(!is_subset(&[1, 4], &[0, 1, 2, 3]));
        assert!(is_subset(&[], &[0]));
    }

    #[test]
    fn identical_options_keep_the_lowest_index() {
        let matrix = CoverageMatrix::from_rows(2, [vec![0, 1], vec![0, 1], vec![1]]).unwrap();
        let reduction = reduce(&Instance::new(matrix, vec![1.0, 1.0]).unwrap(), true);
        assert_eq!(reduction.options, vec![0]);
        assert_eq!(reduction.dominated_options, 2);
    }

    #[test]
    fn one_grouping_serves_every_weighting_as_reduce_would() {
        let mut rng = Lcg::new(23);
        for _ in 0..300 {
            let instance = random_instance(&mut rng, 10, 20, 6, |r| r.below(3) as f64);
            let n = instance.matrix().n_demand();
            let other: Vec<f64> = (0..n).map(|_| rng.below(3) as f64 * 0.5).collect();
            let weightings = [instance.weights().to_vec(), other];
            let grouping = Grouping::new(instance.matrix(), |d| weightings.iter().any(|w| w[d] > 0.0));
            for weights in &weightings {
                let alone = Instance::new(instance.matrix().clone(), weights.clone()).unwrap();
                for (dominated, keep) in [(true, false), (false, true)] {
                    let direct = reduce_with(&alone, dominated, keep);
                    let order = grouping.first_positive(weights);
                    let shared =
                        grouping.reduction(grouping.sums(weights), None, Some(&order), dominated, keep);
                    assert_eq!(shared.instance, direct.instance);
                    assert_eq!(shared.options, direct.options);
                    assert_eq!(
                        (shared.empty_options, shared.dominated_options),
                        (direct.empty_options, direct.dominated_options)
                    );
                }
            }
        }
    }

    #[test]
    fn the_optimum_survives_reduction() {
        let mut rng = Lcg::new(7);
        for _ in 0..200 {
            let instance = random_instance(&mut rng, 8, 15, 6, |r| r.below(4) as f64);
            // Every third instance counts second covers at half weight.
            let instance = if rng.below(3) == 0 {
                instance.with_backup_factor(0.5).unwrap()
            } else {
                instance
            };
            let n_options = instance.n_options();
            for dominated in [false, true] {
                let reduction = reduce(&instance, dominated);
                for p in 0..=n_options.min(4) {
                    let full = exhaustive::optimum(&instance, p).unwrap().objective();
                    let small_p = p.min(reduction.options.len());
                    let reduced = exhaustive::optimum(&reduction.instance, small_p).unwrap();
                    assert_eq!(full, reduced.objective(), "p = {p}, dominated = {dominated}");
                    let original: Vec<u32> = reduced
                        .chosen()
                        .iter()
                        .map(|&o| reduction.options[o as usize])
                        .collect();
                    assert_eq!(instance.value(&original), full);
                }
            }
        }
    }
}
