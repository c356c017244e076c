//! Side constraints on which options may be chosen together.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::{Error, Instance, Solution};

/// Rules a plan must follow besides its size: options forced in or out,
/// pairs of options that exclude each other (two headings of one camera
/// site, or two sites closer than a minimum spacing), per-district
/// minimum and maximum counts, and a budget on the total cost of the
/// chosen options.
///
/// Every solver honours them; the upper bounds relax them (they stay valid
/// but can be looser).
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method, SideConstraints};
///
/// // Options 0 and 1 cover the most together, but they conflict.
/// let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![3, 4, 5], vec![0, 3]])?;
/// let instance = Instance::new(matrix, vec![1.0; 6])?;
/// let rules = SideConstraints::new(3).conflict(0, 1)?;
/// let report = MaxCoverage::new(2).method(Method::Exact).constraints(rules).solve(&instance)?;
/// assert_eq!(report.solution.objective(), 4.0);
/// assert!(report.proven_optimal);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SideConstraints {
    n_options: usize,
    forced_in: Vec<bool>,
    forced_out: Vec<bool>,
    /// For each option, the options it excludes, ascending.
    conflicts: Vec<Vec<u32>>,
    /// District of each option, if any.
    district: Vec<Option<u32>>,
    min_per_district: Vec<usize>,
    max_per_district: Vec<usize>,
    /// Cost of each option and the budget, if any.
    costs: Option<Vec<f64>>,
    budget: f64,
    /// District names for messages (empty: districts are named by index).
    district_names: Vec<String>,
}

impl SideConstraints {
    /// No constraints yet, over `n_options` options.
    pub fn new(n_options: usize) -> Self {
        Self {
            n_options,
            forced_in: vec![false; n_options],
            forced_out: vec![false; n_options],
            conflicts: vec![Vec::new(); n_options],
            district: vec![None; n_options],
            min_per_district: Vec::new(),
            max_per_district: Vec::new(),
            costs: None,
            budget: f64::INFINITY,
            district_names: Vec::new(),
        }
    }

    fn check(&self, option: u32) -> Result<usize, Error> {
        let o = option as usize;
        if o < self.n_options {
            Ok(o)
        } else {
            Err(Error::UnknownOption {
                option: o,
                n_options: self.n_options,
            })
        }
    }

    /// Option `option` must be chosen.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownOption`] for an index out of range.
    pub fn force_in(mut self, option: u32) -> Result<Self, Error> {
        let o = self.check(option)?;
        self.forced_in[o] = true;
        Ok(self)
    }

    /// Option `option` must not be chosen.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownOption`] for an index out of range.
    pub fn force_out(mut self, option: u32) -> Result<Self, Error> {
        let o = self.check(option)?;
        self.forced_out[o] = true;
        Ok(self)
    }

    /// Options `a` and `b` must not both be chosen.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownOption`] for an index out of range.
    pub fn conflict(mut self, a: u32, b: u32) -> Result<Self, Error> {
        let (ia, ib) = (self.check(a)?, self.check(b)?);
        if ia != ib {
            for (from, to) in [(ia, b), (ib, a)] {
                if let Err(at) = self.conflicts[from].binary_search(&to) {
                    self.conflicts[from].insert(at, to);
                }
            }
        }
        Ok(self)
    }

    /// Assigns options to districts (`None`: no district) and bounds how
    /// many options each district gets: at least `min[d]`, at most
    /// `max[d]`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownOption`] unless there is one entry per option;
    /// [`Error::Infeasible`] if `min` and `max` differ in length from each
    /// other, a district index has no bounds, or a minimum exceeds its
    /// maximum.
    pub fn districts(
        mut self,
        district: Vec<Option<u32>>,
        min: Vec<usize>,
        max: Vec<usize>,
    ) -> Result<Self, Error> {
        if district.len() != self.n_options {
            return Err(Error::UnknownOption {
                option: district.len(),
                n_options: self.n_options,
            });
        }
        let infeasible = |reason: String| Err(Error::Infeasible { reason });
        if min.len() != max.len() {
            return infeasible(format!(
                "{} district minimums but {} maximums",
                min.len(),
                max.len()
            ));
        }
        if let Some(d) = district.iter().flatten().find(|&&d| d as usize >= min.len()) {
            return infeasible(format!("district {d} has no bounds"));
        }
        if let Some(d) = (0..min.len()).find(|&d| min[d] > max[d]) {
            return infeasible(format!(
                "district {d} needs at least {} but at most {}",
                min[d], max[d]
            ));
        }
        self.district = district;
        self.min_per_district = min;
        self.max_per_district = max;
        Ok(self)
    }

    /// The chosen options' costs may add up to at most `budget`.
    ///
    /// # Errors
    ///
    /// [`Error::CostCount`] unless there is one cost per option;
    /// [`Error::BadCost`] for a cost that is not finite and positive;
    /// [`Error::BadBudget`] for a budget that is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method, SideConstraints};
    ///
    /// // Option 1 covers the most but costs too much.
    /// let matrix = CoverageMatrix::from_rows(5, [vec![0, 1], vec![1, 2, 3, 4], vec![2, 3]])?;
    /// let instance = Instance::new(matrix, vec![1.0; 5])?;
    /// let rules = SideConstraints::new(3).budget(vec![1.0, 3.0, 1.0], 2.0)?;
    /// let report = MaxCoverage::new(3).method(Method::Exact).constraints(rules).solve(&instance)?;
    /// assert_eq!(report.solution.chosen().len(), 2);
    /// assert_eq!(report.solution.objective(), 4.0);
    /// assert!(report.proven_optimal);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn budget(mut self, costs: Vec<f64>, budget: f64) -> Result<Self, Error> {
        if costs.len() != self.n_options {
            return Err(Error::CostCount {
                costs: costs.len(),
                n_options: self.n_options,
            });
        }
        if let Some((option, &cost)) = costs
            .iter()
            .enumerate()
            .find(|(_, c)| !(c.is_finite() && **c > 0.0))
        {
            return Err(Error::BadCost { option, cost });
        }
        if !(budget.is_finite() && budget >= 0.0) {
            return Err(Error::BadBudget { budget });
        }
        self.costs = Some(costs);
        self.budget = budget;
        Ok(self)
    }

    /// Names the districts in error messages (`district 3 ("Ilsan-dong")`
    /// rather than `district 3`).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, SideConstraints};
    ///
    /// let matrix = CoverageMatrix::from_rows(1, [vec![0], vec![0]])?;
    /// let rules = SideConstraints::new(2)
    ///     .districts(vec![Some(0), Some(0)], vec![3], vec![3])?
    ///     .district_names(vec!["Juyeop-dong".into()]);
    /// let error = MaxCoverage::new(2).constraints(rules).solve(&Instance::new(matrix, vec![1.0])?).unwrap_err();
    /// assert!(error.to_string().contains("district 0 (Juyeop-dong) needs at least 3"));
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn district_names(self, names: Vec<String>) -> Self {
        Self {
            district_names: names,
            ..self
        }
    }

    /// `district d`, with its name when known.
    fn label(&self, district: usize) -> String {
        match self.district_names.get(district) {
            Some(name) => format!("district {district} ({name})"),
            None => format!("district {district}"),
        }
    }

    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.costs.is_none()
            && !self.forced_in.iter().any(|&f| f)
            && !self.forced_out.iter().any(|&f| f)
            && self.conflicts.iter().all(Vec::is_empty)
            && self.min_per_district.iter().all(|&m| m == 0)
            && self.max_per_district.iter().all(|&m| m >= self.n_options)
    }

    /// True when `chosen` (distinct options) follows every rule and has
    /// at most `count` options.
    pub fn is_feasible(&self, chosen: &[u32], count: usize) -> bool {
        if chosen.len() > count {
            return false;
        }
        let mut flag = vec![false; self.n_options];
        for &o in chosen {
            flag[o as usize] = true;
        }
        let forced = (0..self.n_options).all(|o| !self.forced_in[o] || flag[o]);
        let excluded = chosen.iter().any(|&o| self.forced_out[o as usize]);
        let clash = chosen
            .iter()
            .any(|&o| self.conflicts[o as usize].iter().any(|&c| flag[c as usize]));
        let counts = self.district_counts(chosen);
        let quotas = (0..self.min_per_district.len())
            .all(|d| counts[d] >= self.min_per_district[d] && counts[d] <= self.max_per_district[d]);
        let spent = chosen.iter().fold(0.0, |total, &o| total + self.cost_of(o));
        forced && !excluded && !clash && quotas && self.within_budget(spent)
    }

    /// The cost of `option` (0 without a budget).
    pub(crate) fn cost_of(&self, option: u32) -> f64 {
        self.costs.as_ref().map_or(0.0, |c| c[option as usize])
    }

    /// The option costs and the budget, if there is a budget.
    pub(crate) fn costs_and_budget(&self) -> Option<(&[f64], f64)> {
        self.costs.as_deref().map(|c| (c, self.budget))
    }

    /// Whether spending `spent` keeps within the budget (with a relative
    /// 1e-9 allowance for rounding in the sum).
    pub(crate) fn within_budget(&self, spent: f64) -> bool {
        spent <= self.budget + 1e-9 * self.budget.max(1.0)
    }

    fn district_counts(&self, chosen: &[u32]) -> Vec<usize> {
        let mut counts = vec![0; self.min_per_district.len()];
        for &o in chosen {
            if let Some(d) = self.district[o as usize] {
                counts[d as usize] += 1;
            }
        }
        counts
    }

    /// The options forced in, ascending.
    pub(crate) fn forced_in(&self) -> Vec<u32> {
        (0..self.n_options as u32)
            .filter(|&o| self.forced_in[o as usize])
            .collect()
    }

    pub(crate) fn is_forced_in(&self, option: u32) -> bool {
        self.forced_in[option as usize]
    }

    pub(crate) fn is_forced_out(&self, option: u32) -> bool {
        self.forced_out[option as usize]
    }

    pub(crate) fn conflicts_of(&self, option: u32) -> &[u32] {
        &self.conflicts[option as usize]
    }

    pub(crate) fn district_of(&self, option: u32) -> Option<u32> {
        self.district[option as usize]
    }

    pub(crate) fn min_of(&self, district: u32) -> usize {
        self.min_per_district[district as usize]
    }

    pub(crate) fn max_of(&self, district: u32) -> usize {
        self.max_per_district[district as usize]
    }

    pub(crate) fn n_options(&self) -> usize {
        self.n_options
    }

    pub(crate) fn n_districts(&self) -> usize {
        self.min_per_district.len()
    }

    /// Whether the rules only forbid pairs of options and force options
    /// in or out (camera types, spacing): no budget, and no district
    /// quota that a plan of `count` options could meet or break. Such
    /// rules hold for a plan when they hold for each part of it and
    /// between the parts.
    pub(crate) fn only_pairs(&self, count: usize) -> bool {
        self.costs.is_none()
            && (0..self.n_districts() as u32).all(|d| self.min_of(d) == 0 && self.max_of(d) >= count)
    }

    /// Whether `option` can join `chosen` (flags, district counts and
    /// their total cost `spent`) without breaking a conflict, an
    /// exclusion, a maximum or the budget.
    pub(crate) fn can_add(&self, option: u32, chosen: &[bool], counts: &[usize], spent: f64) -> bool {
        let o = option as usize;
        self.within_budget(spent + self.cost_of(option))
            && !chosen[o]
            && !self.forced_out[o]
            && !self.conflicts[o].iter().any(|&c| chosen[c as usize])
            && self.district[o].is_none_or(|d| counts[d as usize] < self.max_per_district[d as usize])
    }

    /// Whether chosen option `out` may leave for unchosen option `inn`
    /// given the current district `counts` and cost `spent`, conflicts
    /// aside: `out` is not forced in, the budget holds after the swap, and
    /// no district leaves its bounds.
    pub(crate) fn can_swap(&self, out: u32, inn: u32, counts: &[usize], spent: f64) -> bool {
        if self.is_forced_in(out) || !self.within_budget(spent - self.cost_of(out) + self.cost_of(inn)) {
            return false;
        }
        let (d_out, d_in) = (self.district_of(out), self.district_of(inn));
        d_out == d_in
            || (d_in.is_none_or(|d| counts[d as usize] < self.max_of(d))
                && d_out.is_none_or(|d| counts[d as usize] > self.min_of(d)))
    }

    /// Checks what can be checked before solving: forced options that
    /// clash, minimums that cannot fit in `count` or in their district.
    pub(crate) fn precheck(&self, count: usize) -> Result<(), Error> {
        let infeasible = |reason: String| Err(Error::Infeasible { reason });
        let forced = self.forced_in();
        if let Some(&o) = forced.iter().find(|&&o| self.forced_out[o as usize]) {
            return infeasible(format!("option {o} is forced both in and out"));
        }
        for &o in &forced {
            if let Some(&c) = self.conflicts[o as usize]
                .iter()
                .find(|&&c| self.forced_in[c as usize])
            {
                return infeasible(format!(
                    "options {o} and {c} are both forced in but exclude each other"
                ));
            }
        }
        let forced_cost = forced.iter().fold(0.0, |total, &o| total + self.cost_of(o));
        if !self.within_budget(forced_cost) {
            return infeasible(format!(
                "the options forced in cost {forced_cost}, more than the budget {}",
                self.budget
            ));
        }
        let counts = self.district_counts(&forced);
        let mut needed = forced.len();
        for (d, &forced_here) in counts.iter().enumerate() {
            if forced_here > self.max_per_district[d] {
                return infeasible(format!(
                    "{} has {forced_here} options forced in, more than its maximum {}",
                    self.label(d),
                    self.max_per_district[d]
                ));
            }
            let available = (0..self.n_options)
                .filter(|&o| self.district[o] == Some(d as u32) && !self.forced_out[o])
                .count();
            if available < self.min_per_district[d] {
                return infeasible(format!(
                    "{} needs at least {} options but has only {available}",
                    self.label(d),
                    self.min_per_district[d]
                ));
            }
            needed += self.min_per_district[d].saturating_sub(forced_here);
        }
        if needed > count {
            return infeasible(format!(
                "the forced options and district minimums need {needed} options, more than {count}"
            ));
        }
        Ok(())
    }
}

/// Greedy under side constraints: the forced options first, then the
/// best options of each district below its minimum, then the best of the
/// rest, skipping any option that would break a rule. A stale-gain queue
/// serves the last phase: an option that cannot be added now never can
/// later (conflicts, maximums and the budget only tighten), so it is
/// dropped.
///
/// Under a budget the last phase runs twice, once by gain per unit of cost
/// and once by gain, and the better plan is returned (ratio greedy alone
/// can be arbitrarily bad when one expensive option is worth the most).
pub(crate) fn constrained_greedy(
    instance: &Instance,
    count: usize,
    rules: &SideConstraints,
) -> Result<Solution, Error> {
    rules.precheck(count)?;
    let matrix = instance.matrix();
    let n = matrix.n_options();
    let mut state = GreedyState {
        instance,
        times: vec![0; matrix.n_demand()],
        flags: vec![false; n],
        counts: vec![0; rules.n_districts()],
        spent: 0.0,
        chosen: Vec::new(),
        gains: Vec::new(),
    };
    for o in rules.forced_in() {
        state.take(o, rules);
    }
    for d in 0..rules.n_districts() as u32 {
        while state.counts[d as usize] < rules.min_of(d) {
            let best = (0..n as u32)
                .filter(|&o| rules.district_of(o) == Some(d) && state.can_add(o, rules))
                .map(|o| (state.gain(o), o))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            let Some((_, o)) = best else {
                return Err(Error::Infeasible {
                    reason: format!(
                        "{} cannot reach its minimum of {} options",
                        rules.label(d as usize),
                        rules.min_of(d)
                    ),
                });
            };
            state.take(o, rules);
        }
    }
    if rules.costs_and_budget().is_none() {
        return Ok(state.fill(count, rules, false));
    }
    let by_ratio = state.clone().fill(count, rules, true);
    let by_gain = state.fill(count, rules, false);
    Ok(if by_gain.objective() > by_ratio.objective() {
        by_gain
    } else {
        by_ratio
    })
}

#[derive(Clone)]
struct GreedyState<'a> {
    instance: &'a Instance,
    /// How many chosen options cover each demand point (saturating).
    times: Vec<u8>,
    flags: Vec<bool>,
    counts: Vec<usize>,
    spent: f64,
    chosen: Vec<u32>,
    gains: Vec<f64>,
}

impl GreedyState<'_> {
    fn gain(&self, option: u32) -> f64 {
        self.instance
            .matrix()
            .row(option as usize)
            .iter()
            .fold(0.0, |t, &d| {
                t + self
                    .instance
                    .gain_at(d as usize, u32::from(self.times[d as usize]))
            })
    }

    fn can_add(&self, option: u32, rules: &SideConstraints) -> bool {
        rules.can_add(option, &self.flags, &self.counts, self.spent)
    }

    fn take(&mut self, option: u32, rules: &SideConstraints) {
        let gain = self.gain(option);
        for &d in self.instance.matrix().row(option as usize) {
            self.times[d as usize] = self.times[d as usize].saturating_add(1);
        }
        self.flags[option as usize] = true;
        if let Some(d) = rules.district_of(option) {
            self.counts[d as usize] += 1;
        }
        self.spent += rules.cost_of(option);
        self.chosen.push(option);
        self.gains.push(gain);
    }

    /// The last phase: adds the best option (by gain, or by gain per unit
    /// of cost) while one fits and adds something, up to `count` options.
    fn fill(mut self, count: usize, rules: &SideConstraints, by_ratio: bool) -> Solution {
        let key = |gain: f64, option: u32| {
            if by_ratio {
                gain / rules.cost_of(option)
            } else {
                gain
            }
        };
        let n = self.instance.n_options() as u32;
        let mut queue: BinaryHeap<(OrderedGain, Reverse<u32>, usize)> = (0..n)
            .filter(|&o| self.can_add(o, rules))
            .map(|o| (self.gain(o), o))
            .filter(|&(g, _)| g > 0.0)
            .map(|(g, o)| (OrderedGain(key(g, o)), Reverse(o), usize::MAX))
            .collect();
        while self.chosen.len() < count {
            let Some((_, Reverse(o), seen)) = queue.pop() else {
                break;
            };
            if !self.can_add(o, rules) {
                continue;
            }
            let round = self.chosen.len();
            if seen == round {
                self.take(o, rules);
                continue;
            }
            let gain = self.gain(o);
            if gain > 0.0 {
                queue.push((OrderedGain(key(gain, o)), Reverse(o), round));
            }
        }
        Solution::new(self.chosen, self.gains)
    }
}

/// An `f64` ordered by `total_cmp`, for the queue.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedGain(f64);

impl Eq for OrderedGain {}

impl PartialOrd for OrderedGain {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedGain {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}
