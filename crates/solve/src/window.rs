//! Window search: a plan improved by solving small windows of it exactly.
//!
//! Swap local search stops at a plan that no single swap improves. A
//! window frees a few chosen options that lie close together (a chosen
//! option and the chosen options nearest it through shared demand), keeps
//! the rest of the plan fixed, and places the freed number again, anywhere
//! among the options that share demand with a freed one, to cover the most
//! of the demand the fixed options leave: a maximum-coverage instance of a
//! few hundred options, solved by the branch and cut (after a Lagrangian
//! bound that rules most windows out cheaply). Moving several cameras at
//! once escapes the swaps' local optimum.
//!
//! Windows grow from three freed options to six, each size passing over
//! the plan until a pass improves nothing. Then windows of three and four
//! free one more chosen option, wherever it lies: one of those that cover
//! least on their own. A window of neighbours keeps its number of
//! cameras, and a swap moves one camera without moving the others; these
//! move a camera from where it covers least into a neighbourhood
//! rearranged around it (on the large demo city's reduced instance, from
//! local search's 96,933 new coverage: 97,144 with the windows of
//! neighbours, 97,176 with these too). Windows are solved in parallel, a
//! batch at a time against the same plan, and their answers applied in a
//! fixed order (an answer whose demand an earlier one in the batch changed
//! waits for the next pass), so the plan does not depend on the thread
//! count.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashSet, FxHasher};

use crate::branch_and_cut::branch_and_cut;
use crate::deadline::Deadline;
use crate::lagrangian::{Model, improvement_threshold, integer_slack, upper_bound};
use crate::reduce::merge_demand;
use crate::{CoverageMatrix, Instance, SideConstraints};

/// The stages, in order: chosen options freed by a window, and whether a
/// far one (see [`Around::far`]) is freed beside them.
const STAGES: [(usize, bool); 6] = [
    (3, false),
    (4, false),
    (5, false),
    (6, false),
    (3, true),
    (4, true),
];
/// Passes of the Lagrangian bound that screens a window before its branch
/// and cut: a window whose bound leaves no room for a better plan is done.
const SCREEN_PASSES: usize = 100;
/// The branch and cut's work on one window at most (its best plan so far
/// counts when it stops there).
const WINDOW_WORK: u64 = 200_000_000;
/// Windows solved at once against the same plan.
const BATCH: usize = 8;

/// What [`window_search`] did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Windowed {
    /// The plan, ascending.
    pub chosen: Vec<u32>,
    /// Work: entries of the matrix read to build the windows, to find the
    /// options that cover least and by the windows' bounds, plus the
    /// branch and cut's simplex work (see [`branch_and_cut`]).
    pub work: u64,
    /// Windows that improved the plan.
    pub improved: u64,
    /// Whether the deadline stopped it (the plan then depends on the
    /// machine's speed).
    pub timed_out: bool,
}

/// Improves `start` (a plan of `instance`, which has no backup weights,
/// that follows `rules`, which only forbid pairs and force options in or
/// out: see [`SideConstraints::only_pairs`]) by windows (see the module's
/// doc) until no window improves it, the deadline passes or the work
/// reaches `max_work` (checked between two batches, so the plan is the
/// same on every machine that stops at the work limit). Never worse than
/// `start`, never more options, and it follows `rules`: an option forced
/// in is never freed, and a window leaves out the options forced out and
/// those in conflict with the options it keeps.
pub(crate) fn window_search(
    instance: &Instance,
    start: &[u32],
    rules: Option<&SideConstraints>,
    deadline: &Deadline,
    max_work: u64,
) -> Windowed {
    search_in_stages(instance, start, rules, deadline, max_work, &STAGES)
}

/// [`window_search`] through the given `stages` (see [`STAGES`]).
fn search_in_stages(
    instance: &Instance,
    start: &[u32],
    rules: Option<&SideConstraints>,
    deadline: &Deadline,
    max_work: u64,
    stages: &[(usize, bool)],
) -> Windowed {
    let (n, m) = (instance.n_options(), instance.matrix().n_demand());
    let mut plan = Plan::new(instance, start);
    let mut outcome = Windowed::default();
    // Windows whose answer was the plan they started from.
    let mut settled: FxHashSet<Key> = FxHashSet::default();
    // Demand groups an answer of the batch changed.
    let mut changed = vec![false; m];
    'stages: for &(size, far) in stages {
        loop {
            let improved_before = outcome.improved;
            // Seeds in a scattered order, so that a batch's windows seldom
            // share demand.
            let mut seeds = plan.chosen();
            seeds.sort_by_key(|&j| (scatter(j), j));
            for batch in seeds.chunks(BATCH) {
                // The chosen options whose loss is smallest, one per window
                // of the batch, freed beside its neighbours.
                let weakest = match far {
                    true => plan.weakest(instance, rules, BATCH, &mut outcome.work),
                    false => Vec::new(),
                };
                if outcome.work >= max_work {
                    break 'stages;
                }
                if deadline.passed() {
                    outcome.timed_out = true;
                    break 'stages;
                }
                // Each window's branch and cut to its share of the work
                // left, so that a batch ends near `max_work`.
                let cap = WINDOW_WORK.min((max_work - outcome.work) / BATCH as u64).max(1);
                let answers: Vec<Answer> = batch
                    .par_iter()
                    .enumerate()
                    .map_init(
                        || Scratch::new(n, m),
                        |scratch, (i, &seed)| {
                            let around = Around {
                                plan: &plan,
                                seed,
                                size,
                                cap,
                                far: &weakest,
                                turn: i,
                            };
                            solve_window(instance, rules, &around, scratch, &settled, deadline)
                        },
                    )
                    .collect();
                let mut touched = Vec::new();
                for answer in answers {
                    outcome.work = outcome.work.saturating_add(answer.work);
                    let Some(key) = answer.key else { continue };
                    let Some(better) = answer.better else {
                        settled.insert(key);
                        continue;
                    };
                    let matrix = instance.matrix();
                    let stale = answer
                        .options
                        .iter()
                        .any(|&k| matrix.row(k as usize).iter().any(|&g| changed[g as usize]));
                    // An option it takes in conflict with one an earlier
                    // answer of the batch took.
                    let clashes = rules.is_some_and(|r| {
                        better.iter().any(|&k| {
                            r.conflicts_of(k)
                                .iter()
                                .any(|&c| plan.in_plan[c as usize] && answer.freed.binary_search(&c).is_err())
                        })
                    });
                    if stale || clashes {
                        continue;
                    }
                    for &j in answer.freed.iter().chain(&better) {
                        for &g in matrix.row(j as usize) {
                            if !changed[g as usize] {
                                changed[g as usize] = true;
                                touched.push(g);
                            }
                        }
                    }
                    for &j in &answer.freed {
                        plan.toggle(instance, j, false);
                    }
                    for &j in &better {
                        plan.toggle(instance, j, true);
                    }
                    outcome.improved += 1;
                }
                for g in touched {
                    changed[g as usize] = false;
                }
            }
            if outcome.improved == improved_before {
                break;
            }
        }
    }
    outcome.chosen = plan.chosen();
    outcome
}

/// A fixed shuffle of option indices (a multiplicative hash).
fn scatter(j: u32) -> u32 {
    j.wrapping_mul(0x9E37_79B1).rotate_left(16)
}

/// A window's fingerprint (see [`Window::key`]).
type Key = (u64, u64);

/// One window's answer.
struct Answer {
    /// The freed options.
    freed: Vec<u32>,
    /// The window's options.
    options: Vec<u32>,
    /// What determines the window's answer (None: no window, or one
    /// settled before).
    key: Option<Key>,
    /// The options to take instead of `freed`, when they cover more.
    better: Option<Vec<u32>>,
    work: u64,
}

/// Where a window lies: the `size` free chosen options nearest `seed` in
/// `plan`, and one of `far` beside them if there are any; and its branch
/// and cut's work at most.
struct Around<'a> {
    plan: &'a Plan,
    seed: u32,
    size: usize,
    cap: u64,
    /// Options to free one of beside them, wherever it lies (those whose
    /// loss is smallest, or none): the window can then take it from where it
    /// covers least to where a camera more, with its neighbours moved,
    /// covers more, which neither a swap nor a window of neighbours can.
    far: &'a [u32],
    /// Where in `far` this window starts looking for one it does not
    /// free already (the windows of a batch start at different ones).
    turn: usize,
}

/// The window `around`, bounded, and solved when its bound leaves room
/// for a better plan.
fn solve_window(
    instance: &Instance,
    rules: Option<&SideConstraints>,
    around: &Around<'_>,
    scratch: &mut Scratch,
    settled: &FxHashSet<Key>,
    deadline: &Deadline,
) -> Answer {
    let mut work = 0;
    let plan = around.plan;
    let free = |j: u32| plan.in_plan[j as usize] && rules.is_none_or(|r| !r.is_forced_in(j));
    let mut freed = scratch.nearest_chosen(instance, free, around.seed, around.size, &mut work);
    let far = around.far.iter().cycle().skip(around.turn).take(around.far.len());
    if let Some((at, &far)) = far
        .filter_map(|j| freed.binary_search(j).err().map(|at| (at, j)))
        .next()
    {
        freed.insert(at, far);
    }
    let window = Window::build(instance, plan, rules, &freed, scratch, &mut work);
    let mut answer = Answer {
        freed,
        options: Vec::new(),
        key: None,
        better: None,
        work,
    };
    let Some(window) = window else {
        return answer;
    };
    let key = window.key();
    if settled.contains(&key) {
        return answer;
    }
    let before = window.instance.value(&window.start);
    let threshold = improvement_threshold(before, integer_slack(window.instance.weights()));
    // The bound relaxes the window's conflicts (it stays valid).
    let model = Model::new(&window.instance, answer.freed.len(), None);
    let (bound, _) = upper_bound(&model, threshold, Some(&window.start), SCREEN_PASSES, deadline);
    answer.work += (SCREEN_PASSES as u64 + model.start_passes()) * window.instance.matrix().nnz() as u64;
    if bound > threshold {
        let found = branch_and_cut(
            &window.instance,
            answer.freed.len(),
            window.rules.as_ref(),
            &window.start,
            deadline.clone(),
            around.cap,
            None,
        );
        answer.work = answer.work.saturating_add(found.work);
        if found.objective > before + 1e-9 * before.abs().max(1.0) {
            answer.better = Some(found.chosen.iter().map(|&k| window.options[k as usize]).collect());
        }
    }
    answer.options = window.options;
    answer.key = Some(key);
    answer
}

/// The plan being improved: which options it takes and how many of them
/// cover each demand group.
struct Plan {
    in_plan: Vec<bool>,
    times: Vec<u32>,
}

impl Plan {
    fn new(instance: &Instance, start: &[u32]) -> Self {
        let mut plan = Self {
            in_plan: vec![false; instance.n_options()],
            times: vec![0; instance.matrix().n_demand()],
        };
        for &j in start {
            plan.toggle(instance, j, true);
        }
        plan
    }

    fn toggle(&mut self, instance: &Instance, option: u32, take: bool) {
        if self.in_plan[option as usize] == take {
            return;
        }
        self.in_plan[option as usize] = take;
        for &g in instance.matrix().row(option as usize) {
            if take {
                self.times[g as usize] += 1;
            } else {
                self.times[g as usize] -= 1;
            }
        }
    }

    /// The `k` free chosen options (not forced in) whose loss (the weight
    /// only they cover) is smallest, the smallest first (ties by index).
    fn weakest(
        &self,
        instance: &Instance,
        rules: Option<&SideConstraints>,
        k: usize,
        work: &mut u64,
    ) -> Vec<u32> {
        let (matrix, weights) = (instance.matrix(), instance.weights());
        let mut losses: Vec<(f64, u32)> = self
            .chosen()
            .into_iter()
            .filter(|&j| rules.is_none_or(|r| !r.is_forced_in(j)))
            .map(|j| {
                let row = matrix.row(j as usize);
                *work += row.len() as u64;
                let loss = row
                    .iter()
                    .filter(|&&g| self.times[g as usize] == 1)
                    .map(|&g| weights[g as usize])
                    .sum::<f64>();
                (loss, j)
            })
            .collect();
        losses.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        losses.into_iter().take(k).map(|(_, j)| j).collect()
    }

    fn chosen(&self) -> Vec<u32> {
        (0..self.in_plan.len() as u32)
            .filter(|&j| self.in_plan[j as usize])
            .collect()
    }
}

/// Marks reused from window to window (each cleared through the list of
/// what was set).
struct Scratch {
    seen: Vec<bool>,
    touched: Vec<u32>,
    /// The window's index of a demand group, or `u32::MAX`.
    local: Vec<u32>,
    /// How many freed options cover each demand group.
    freed_times: Vec<u32>,
    groups: Vec<u32>,
}

impl Scratch {
    fn new(n: usize, m: usize) -> Self {
        Self {
            seen: vec![false; n],
            touched: Vec::new(),
            local: vec![u32::MAX; m],
            freed_times: vec![0; m],
            groups: Vec::new(),
        }
    }

    fn mark(&mut self, option: u32) -> bool {
        let new = !self.seen[option as usize];
        if new {
            self.seen[option as usize] = true;
            self.touched.push(option);
        }
        new
    }

    fn clear_seen(&mut self) {
        for &j in &self.touched {
            self.seen[j as usize] = false;
        }
        self.touched.clear();
    }

    /// The `free` options nearest `seed` (itself included), `size` at
    /// most, ascending, by a breadth-first walk from `seed` over options
    /// that share demand.
    fn nearest_chosen(
        &mut self,
        instance: &Instance,
        free: impl Fn(u32) -> bool,
        seed: u32,
        size: usize,
        work: &mut u64,
    ) -> Vec<u32> {
        let (matrix, columns) = (instance.matrix(), instance.columns());
        let mut freed = Vec::with_capacity(size);
        let mut queue = VecDeque::from([seed]);
        self.mark(seed);
        while let Some(j) = queue.pop_front() {
            if free(j) {
                freed.push(j);
                if freed.len() == size {
                    break;
                }
            }
            for &g in matrix.row(j as usize) {
                let sharing = columns.row(g as usize);
                *work += 1 + sharing.len() as u64;
                for &k in sharing {
                    if self.mark(k) {
                        queue.push_back(k);
                    }
                }
            }
        }
        self.clear_seen();
        freed.sort_unstable();
        freed
    }
}

/// A window as an instance of its own.
struct Window {
    /// The options sharing demand with a freed option (the freed ones
    /// included, the fixed ones not), ascending: the window's options in
    /// this order.
    options: Vec<u32>,
    /// Maximum coverage of the demand no fixed option covers, over
    /// `options`, demand merged.
    instance: Instance,
    /// The freed options, as window indices.
    start: Vec<u32>,
    /// The conflicts among `options`, in window indices (None without).
    rules: Option<SideConstraints>,
}

impl Window {
    /// The window of `freed` in `plan`, or None when the freed options
    /// cover nothing the fixed ones leave.
    fn build(
        instance: &Instance,
        plan: &Plan,
        rules: Option<&SideConstraints>,
        freed: &[u32],
        scratch: &mut Scratch,
        work: &mut u64,
    ) -> Option<Self> {
        let (matrix, columns) = (instance.matrix(), instance.columns());
        let weights = instance.weights();
        // Options sharing demand with a freed one, other than the fixed,
        // those forced out and those in conflict with a fixed one.
        let fixed = |k: u32| plan.in_plan[k as usize] && freed.binary_search(&k).is_err();
        let barred = |k: u32| {
            fixed(k)
                || rules.is_some_and(|r| r.is_forced_out(k) || r.conflicts_of(k).iter().any(|&c| fixed(c)))
        };
        let mut options = Vec::new();
        for &j in freed {
            for &g in matrix.row(j as usize) {
                scratch.freed_times[g as usize] += 1;
                let sharing = columns.row(g as usize);
                *work += 1 + sharing.len() as u64;
                for &k in sharing {
                    if scratch.mark(k) && !barred(k) {
                        options.push(k);
                    }
                }
            }
        }
        scratch.clear_seen();
        options.sort_unstable();
        // The groups no fixed option covers, numbered as the options meet
        // them.
        let mut group_weights = Vec::new();
        let mut rows = Vec::with_capacity(options.len());
        for &k in &options {
            let row = matrix.row(k as usize);
            *work += row.len() as u64;
            let mut window_row = Vec::new();
            for &g in row {
                let g = g as usize;
                if plan.times[g] > scratch.freed_times[g] {
                    continue;
                }
                if scratch.local[g] == u32::MAX {
                    scratch.local[g] = group_weights.len() as u32;
                    scratch.groups.push(g as u32);
                    group_weights.push(weights[g]);
                }
                window_row.push(scratch.local[g]);
            }
            rows.push(window_row);
        }
        for &g in &scratch.groups {
            scratch.local[g as usize] = u32::MAX;
        }
        scratch.groups.clear();
        for &j in freed {
            for &g in matrix.row(j as usize) {
                scratch.freed_times[g as usize] = 0;
            }
        }
        if group_weights.is_empty() {
            return None;
        }
        // The rows hold distinct groups in range and the weights are the
        // instance's: neither step can fail.
        let window = Instance::new(
            CoverageMatrix::from_rows(group_weights.len(), rows).ok()?,
            group_weights,
        )
        .ok()?;
        let start = options
            .iter()
            .enumerate()
            .filter(|(_, k)| freed.binary_search(k).is_ok())
            .map(|(i, _)| i as u32)
            .collect();
        let mut pairs = Vec::new();
        for (a, &k) in options.iter().enumerate() {
            for &c in rules.map_or(&[][..], |r| r.conflicts_of(k)) {
                if let Ok(b) = options.binary_search(&c)
                    && b > a
                {
                    pairs.push((a as u32, b as u32));
                }
            }
        }
        // (Distinct indices in range: the conflicts cannot be refused.)
        let window_rules = match pairs.is_empty() {
            true => None,
            false => Some(
                pairs
                    .into_iter()
                    .try_fold(SideConstraints::new(options.len()), |r, (a, b)| r.conflict(a, b))
                    .ok()?,
            ),
        };
        Some(Self {
            options,
            instance: merge_demand(&window).instance,
            start,
            rules: window_rules,
        })
    }

    /// A fingerprint of what determines the window's answer: its options,
    /// its start, its demand (each option's groups, each group's weight),
    /// hashed twice with different seeds (a collision would only skip a
    /// window, never spoil a plan).
    fn key(&self) -> Key {
        let mut hashers = [FxHasher::default(), FxHasher::default()];
        hashers[1].write_u64(0x5EED);
        for hasher in &mut hashers {
            self.options.hash(hasher);
            self.start.hash(hasher);
            for row in self.instance.matrix().rows() {
                row.hash(hasher);
            }
            for w in self.instance.weights() {
                hasher.write_u64(w.to_bits());
            }
            if let Some(rules) = &self.rules {
                for j in 0..self.options.len() as u32 {
                    rules.conflicts_of(j).hash(hasher);
                }
            }
        }
        (hashers[0].finish(), hashers[1].finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive::optimum;
    use crate::lazy_greedy;
    use crate::local_search::{SwapLimits, improve_with};
    use crate::test_instances::{Lcg, random_conflicts, random_instance};

    #[test]
    fn never_worse_keeps_the_count_and_escapes_local_optima() {
        let mut rng = Lcg::new(23);
        let (mut escaped, mut optimal) = (0, 0);
        for case in 0..600 {
            let instance = random_instance(&mut rng, 14, 30, 8, |rng| rng.below(6) as f64);
            let n = instance.n_options();
            let count = (1 + rng.below(5) as usize).min(n);
            // From a swap local optimum (greedy, then swaps) in half the
            // cases, from the first options in the other half.
            let start: Vec<u32> = if case % 2 == 0 {
                let greedy = lazy_greedy(&instance, count).unwrap();
                improve_with(&instance, greedy.chosen(), count, None, &SwapLimits::swaps(1000)).chosen
            } else {
                (0..count as u32).collect()
            };
            let found = window_search(&instance, &start, None, &Deadline::never(), u64::MAX);
            let (before, after) = (instance.value(&start), instance.value(&found.chosen));
            assert_eq!(found.chosen.len(), start.len(), "case {case}");
            assert!(found.chosen.windows(2).all(|w| w[0] < w[1]), "case {case}");
            assert!(after >= before, "case {case}: {before} -> {after}");
            assert_eq!(after > before, found.improved > 0, "case {case}");
            let best = optimum(&instance, count).unwrap().objective();
            assert!(after <= best, "case {case}");
            if case % 2 == 0 && after > before {
                escaped += 1;
            }
            if after == best {
                optimal += 1;
            }
        }
        // Local optima that windows improve exist among these; most plans
        // end optimal.
        assert!(
            escaped > 0 && optimal > 450,
            "{escaped} escaped, {optimal} optimal"
        );
    }

    #[test]
    fn far_windows_move_cameras_between_neighbourhoods() {
        // Two neighbourhoods that share no demand. In A, options 0 and 1
        // cover a group of 9 each; in B, groups of 5 on a line, option 2
        // covering the middle two, 3 and 4 the left and right pairs. The
        // plan {0, 1, 2} covers 28; {0, 3, 4} covers 29. No swap improves
        // the plan (taking 0 or 1 out loses 9 for 5), and windows of
        // neighbours keep one camera in B; freeing 0 or 1 (those that
        // cover least on their own) beside 2 moves it to B.
        let matrix =
            CoverageMatrix::from_rows(6, [vec![0], vec![1], vec![3, 4], vec![2, 3], vec![4, 5]]).unwrap();
        let instance = Instance::new(matrix, vec![9.0, 9.0, 5.0, 5.0, 5.0, 5.0]).unwrap();
        let start = [0, 1, 2];
        let swapped = improve_with(&instance, &start, 3, None, &SwapLimits::swaps(1000)).chosen;
        assert_eq!(instance.value(&swapped), 28.0);
        let near: Vec<(usize, bool)> = STAGES.iter().copied().filter(|&(_, far)| !far).collect();
        let found = search_in_stages(&instance, &start, None, &Deadline::never(), u64::MAX, &near);
        assert_eq!(instance.value(&found.chosen), 28.0);
        let found = window_search(&instance, &start, None, &Deadline::never(), u64::MAX);
        // (0 or 1 in A, as the batch's order pairs them.)
        assert_eq!(found.chosen.len(), 3);
        assert_eq!(found.chosen[1..], [3, 4]);
        assert_eq!(instance.value(&found.chosen), 29.0);
        assert_eq!(optimum(&instance, 3).unwrap().objective(), 29.0);
    }

    #[test]
    fn keeps_conflicts_and_forced_options() {
        let mut rng = Lcg::new(41);
        let mut improved = 0;
        for case in 0..400 {
            let instance = random_instance(&mut rng, 12, 30, 8, |rng| rng.below(6) as f64);
            let n = instance.n_options();
            let count = (1 + rng.below(4) as usize).min(n);
            let mut rules = random_conflicts(&mut rng, n, 6);
            if case % 3 == 0 {
                rules = rules.force_out(rng.below(n as u64) as u32).unwrap();
            }
            if case % 5 == 0 {
                rules = rules.force_in(rng.below(n as u64) as u32).unwrap();
            }
            let Ok(start) = crate::constraints::constrained_greedy(&instance, count, &rules) else {
                continue;
            };
            let start = start.chosen().to_vec();
            if !rules.is_feasible(&start, count) {
                continue;
            }
            let found = window_search(&instance, &start, Some(&rules), &Deadline::never(), u64::MAX);
            let (before, after) = (instance.value(&start), instance.value(&found.chosen));
            assert!(
                rules.is_feasible(&found.chosen, count),
                "case {case}: {:?}",
                found.chosen
            );
            assert!(
                found.chosen.len() <= start.len() && after >= before,
                "case {case}"
            );
            // No feasible plan is better than the optimum by enumeration.
            let best = (0u32..1 << n)
                .map(|mask| {
                    (0..n as u32)
                        .filter(|&j| mask & (1 << j) != 0)
                        .collect::<Vec<_>>()
                })
                .filter(|plan| plan.len() <= count && rules.is_feasible(plan, count))
                .map(|plan| instance.value(&plan))
                .fold(f64::NEG_INFINITY, f64::max);
            assert!(after <= best, "case {case}");
            improved += usize::from(after > before);
        }
        assert!(improved > 5, "{improved} improved");
    }

    #[test]
    fn the_same_plan_and_work_on_one_thread_and_on_four() {
        let mut rng = Lcg::new(5);
        let rows: Vec<Vec<u32>> = (0..400)
            .map(|j| {
                (0..25)
                    .map(|_| ((j * 5 + rng.below(60) as usize) % 2000) as u32)
                    .collect()
            })
            .collect();
        let weights = (0..2000).map(|_| rng.below(9) as f64).collect();
        let instance = Instance::new(CoverageMatrix::from_rows(2000, rows).unwrap(), weights).unwrap();
        let start: Vec<u32> = (0..40).map(|j| j * 10).collect();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| window_search(&instance, &start, None, &Deadline::never(), u64::MAX))
        };
        let (one, four) = (run(1), run(4));
        assert!(one.improved > 0);
        assert!(instance.value(&one.chosen) > instance.value(&start));
        assert_eq!(one.chosen, four.chosen);
        assert_eq!(one.work, four.work);
        // A work limit stops it between batches, at the same plan too.
        let limited = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| window_search(&instance, &start, None, &Deadline::never(), one.work / 3))
        };
        let (a, b) = (limited(1), limited(4));
        assert_eq!(a.chosen, b.chosen);
        assert!(a.work < one.work && instance.value(&a.chosen) <= instance.value(&one.chosen));
    }
}
