//! Branch and cut for maximum coverage (no backup weights): the compact
//! LP (`max Σ w_g z_g`, `z_g ≤ Σ_{j ∈ N(g)} y_j`, `Σ y ≤ p`,
//! `0 ≤ y, z ≤ 1`), with a row per side constraint (the budget, each
//! district's quota, each clique of conflicting options) and the forced
//! options' bounds fixed, solved by the simplex of [`crate::simplex`],
//! tightened by odd-cycle cuts ([`crate::cuts`]), with reduced-cost
//! fixing and depth-first branching on the options.
//!
//! Every bound it reports is the Lagrangian of the LP's duals (see
//! [`Certificate`]), valid for any multipliers: a simplex that stopped
//! early or drifted numerically gives a weaker bound, never a wrong one.

use std::collections::BTreeSet;

use crate::cuts::{OddCycleCut, odd_cycle_cuts};
use crate::deadline::Deadline;
use crate::incumbent::Incumbent;
use crate::lagrangian::{improvement_threshold, integer_slack};
use crate::simplex::{Basis, Outcome as LpOutcome, Row, Simplex};
use crate::{Instance, SideConstraints};

/// Pivots of the root's primal simplex between two resets of its Devex
/// weights (the simplex looks at the clock at every pivot). On the seven
/// hard cases of `sightline::synthetic::HARD_CASES` every one of 500,
/// 1,000 and 2,000 took fewer pivots and less work than 200 (the demo
/// city's root: 13,136 pivots at 200, 9,727 at 1,000, from the same
/// plan); between 1,000 and 2,000 neither won on every case.
const DEVEX_RESET: usize = 1_000;
/// Cut rounds at the root at most.
const ROOT_ROUNDS: usize = 50;
/// Cut rounds at the other nodes at most.
const NODE_ROUNDS: usize = 5;
/// A round of cuts that lowers the bound by less than this ends the
/// rounds.
const MIN_ROUND_GAIN: f64 = 0.02;
/// Violation a cut must have to be added.
const MIN_VIOLATION: f64 = 1e-3;
/// Values within this of 0 or 1 count as integral.
const INTEGRAL: f64 = 1e-6;

/// What the search found and proved.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// The best plan found, ascending.
    pub chosen: Vec<u32>,
    /// Its coverage.
    pub objective: f64,
    /// An upper bound on the optimum.
    pub upper_bound: f64,
    /// True when the search finished: `chosen` is optimal.
    pub proven: bool,
    /// Nodes solved.
    pub nodes: u64,
    /// The simplex's work (see [`branch_and_cut`]'s `max_work`).
    pub work: u64,
}

/// A valid upper bound from the LP's row duals: with `λ_g ≥ 0` on the
/// coverage rows, `ν_c ≥ 0` on the cuts, and the options kept in their
/// bounds and the count,
/// `Σ_g (w_g − λ_g − Σ_{c ∋ g} ν_c)⁺ + Σ_c ν_c r_c + max_y Σ_j v_j y_j`
/// with `v_j = Σ_{g ∈ J(j)} λ_g + Σ_c ν_c a_cj`.
struct Certificate {
    bound: f64,
    /// `v_j` of each option.
    v: Vec<f64>,
    /// The free options' values in the optimal `y` of the last term:
    /// the smallest value taken and the largest one left out.
    last_in: f64,
    first_out: f64,
}

/// A side constraint's row: `lower ≤ Σ a_j y_j ≤ upper` (either side
/// may be infinite).
struct SideRow {
    entries: Vec<(usize, f64)>,
    lower: f64,
    upper: f64,
}

/// The rows of `rules` over `n` options: the budget, each district's
/// quota (where it binds), a clique of conflicting options (see
/// [`conflict_cliques`]).
fn side_rows(rules: &SideConstraints, n: usize) -> Vec<SideRow> {
    let mut rows = Vec::new();
    if let Some((costs, budget)) = rules.costs_and_budget() {
        rows.push(SideRow {
            entries: (0..n)
                .filter(|&j| costs[j] != 0.0)
                .map(|j| (j, costs[j]))
                .collect(),
            lower: f64::NEG_INFINITY,
            upper: budget,
        });
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); rules.n_districts()];
    for j in 0..n {
        if let Some(d) = rules.district_of(j as u32) {
            members[d as usize].push(j);
        }
    }
    for (d, options) in members.into_iter().enumerate() {
        let (min, max) = (rules.min_of(d as u32), rules.max_of(d as u32));
        let lower = if min > 0 { min as f64 } else { f64::NEG_INFINITY };
        let upper = if max < options.len() {
            max as f64
        } else {
            f64::INFINITY
        };
        if lower.is_finite() || upper.is_finite() {
            rows.push(SideRow {
                entries: options.into_iter().map(|j| (j, 1.0)).collect(),
                lower,
                upper,
            });
        }
    }
    rows.extend(conflict_cliques(rules, n).into_iter().map(|clique| SideRow {
        entries: clique.into_iter().map(|j| (j, 1.0)).collect(),
        lower: f64::NEG_INFINITY,
        upper: 1.0,
    }));
    rows
}

/// Cliques of the conflict graph of `rules` over `n` options that cover
/// its every edge, each ascending: at most one option of a clique can be
/// chosen, a row at least as strong as the clique's pairs and fewer rows
/// (the options of one site, a camera type at a heading each, conflict
/// pairwise: one row instead of one per pair). Greedy: for each edge not
/// yet covered, in order of its lower end `a`, the clique grows from the
/// edge by the other options conflicting with `a`, ascending, that
/// conflict with every member so far.
pub(crate) fn conflict_cliques(rules: &SideConstraints, n: usize) -> Vec<Vec<usize>> {
    let conflicts = |j: usize| rules.conflicts_of(j as u32);
    let adjacent = |u: usize, v: usize| conflicts(u).binary_search(&(v as u32)).is_ok();
    let mut covered: Vec<Vec<bool>> = (0..n).map(|j| vec![false; conflicts(j).len()]).collect();
    let mut cliques = Vec::new();
    for a in 0..n {
        for (k, &b) in conflicts(a).iter().enumerate() {
            let b = b as usize;
            if b < a || covered[a][k] {
                continue;
            }
            let mut clique = vec![a, b];
            for &c in conflicts(a) {
                let c = c as usize;
                if c != b && clique[1..].iter().all(|&m| adjacent(m, c)) {
                    clique.push(c);
                }
            }
            clique.sort_unstable();
            for &u in &clique {
                for &v in &clique {
                    if let Ok(at) = conflicts(u).binary_search(&(v as u32)) {
                        covered[u][at] = true;
                    }
                }
            }
            cliques.push(clique);
        }
    }
    cliques
}

/// The search's state.
struct Search<'a> {
    instance: &'a Instance,
    rules: Option<&'a SideConstraints>,
    /// The side constraints' rows, after the count's in the LP.
    side: Vec<SideRow>,
    count: usize,
    n: usize,
    m: usize,
    lp: Simplex,
    cuts: Vec<OddCycleCut>,
    pool: BTreeSet<Vec<u32>>,
    /// Options fixed for the whole search (reduced-cost fixing at the
    /// root): `Some(true)` in, `Some(false)` out.
    fixed: Vec<Option<bool>>,
    best: Vec<u32>,
    best_value: f64,
    slack: Option<f64>,
    deadline: Deadline,
    stopped: bool,
    /// The best plan shared with a search racing this one, if any.
    shared: Option<&'a Incumbent>,
    /// The value of the last shared plan offered: a plan the other search
    /// valued a little higher than [`Instance::value`] does is not offered
    /// again.
    shared_seen: f64,
}

impl Search<'_> {
    /// The bound a node needs to leave room for a better plan (see
    /// [`promising`](Self::promising)).
    fn threshold(&self) -> f64 {
        improvement_threshold(self.best_value, self.slack)
    }

    /// Whether a bound leaves room for a better plan: at least the
    /// threshold with integer weights, above it otherwise.
    fn promising(&self, bound: f64) -> bool {
        match self.slack {
            Some(_) => bound >= self.threshold(),
            None => bound > self.threshold(),
        }
    }

    /// Runs the dual simplex until optimal, infeasible, the deadline or
    /// the work limit.
    fn resolve(&mut self) -> LpOutcome {
        let outcome = self.lp.solve(usize::MAX, &self.deadline);
        if outcome == LpOutcome::IterationLimit {
            self.stopped = true;
        }
        outcome
    }

    /// [`resolve`](Self::resolve) at a node whose options are held in
    /// `lower..=upper`, stopping early with [`LpOutcome::Cutoff`] when the
    /// certificate of the duals on the way leaves no room for a better
    /// plan (the dual simplex's objective tells when to look).
    fn resolve_node(&mut self, lower: &[f64], upper: &[f64]) -> LpOutcome {
        // The LP's objective is −(coverage): a node is closed once its
        // bound is below the threshold.
        let threshold = self.threshold();
        self.lp.cutoff = -threshold + 1e-7 * (1.0 + threshold.abs());
        let outcome = self.resolve();
        self.lp.cutoff = f64::INFINITY;
        if outcome != LpOutcome::Cutoff {
            return outcome;
        }
        if !self.promising(self.certificate(lower, upper).bound) {
            return LpOutcome::Cutoff;
        }
        self.resolve()
    }

    /// The options' bounds of a node: the search's fixings, then `fixes`.
    fn bounds(&self, fixes: &[(u32, bool)], lower: &mut [f64], upper: &mut [f64]) {
        for j in 0..self.n {
            (lower[j], upper[j]) = match self.fixed[j] {
                Some(true) => (1.0, 1.0),
                Some(false) => (0.0, 0.0),
                None => (0.0, 1.0),
            };
        }
        for &(j, value) in fixes {
            let v = if value { 1.0 } else { 0.0 };
            (lower[j as usize], upper[j as usize]) = (v, v);
        }
    }

    /// The Lagrangian bound of the current duals with the options held
    /// in `lower..=upper`.
    fn certificate(&self, lower: &[f64], upper: &[f64]) -> Certificate {
        let (n, m) = (self.n, self.m);
        let pi = self.lp.duals();
        let lambda = |g: usize| (-pi[g]).max(0.0);
        let first_cut = m + 1 + self.side.len();
        let nu: Vec<f64> = (0..self.cuts.len())
            .map(|c| (-pi[first_cut + c]).max(0.0))
            .collect();
        let mut group_cut = vec![0.0; m];
        let mut v = vec![0.0; n];
        let mut bound = 0.0;
        // A side row's multiplier `u`: for its upper side when positive,
        // its lower side when negative (none for an infinite side).
        for (r, row) in self.side.iter().enumerate() {
            let u = -pi[m + 1 + r];
            let rhs = if u > 0.0 { row.upper } else { row.lower };
            if u == 0.0 || !u.is_finite() || rhs.is_infinite() {
                continue;
            }
            bound += u * rhs;
            for &(j, a) in &row.entries {
                v[j] -= u * a;
            }
        }
        for (c, cut) in self.cuts.iter().enumerate() {
            if nu[c] == 0.0 {
                continue;
            }
            for &g in cut.groups() {
                group_cut[g as usize] += nu[c];
            }
            for &(j, a) in cut.options() {
                v[j as usize] += nu[c] * a as f64;
            }
            bound += nu[c] * cut.rhs() as f64;
        }
        let weights = self.instance.weights();
        for g in 0..m {
            bound += (weights[g] - lambda(g) - group_cut[g]).max(0.0);
        }
        for (j, row) in self.instance.matrix().rows().enumerate() {
            v[j] += row.iter().map(|&g| lambda(g as usize)).sum::<f64>();
        }
        // max Σ v_j y_j over l ≤ y ≤ u, Σ y ≤ p: the options held at 1,
        // then the best free ones with positive value.
        let mut forced = 0;
        let mut free: Vec<f64> = Vec::new();
        for j in 0..n {
            if lower[j] > 0.5 {
                forced += 1;
                bound += v[j];
            } else if upper[j] > 0.5 {
                free.push(v[j]);
            }
        }
        if forced > self.count {
            return Certificate {
                bound: f64::NEG_INFINITY,
                v,
                last_in: f64::INFINITY,
                first_out: 0.0,
            };
        }
        let room = self.count - forced;
        free.sort_by(|a, b| b.total_cmp(a));
        let taken = free.iter().take(room).take_while(|&&x| x > 0.0).count();
        bound += free[..taken].iter().sum::<f64>();
        Certificate {
            bound,
            last_in: if taken == room && taken > 0 {
                free[taken - 1]
            } else {
                0.0
            },
            first_out: free.get(taken).copied().unwrap_or(0.0).max(0.0),
            v,
        }
    }

    /// Tries a plan; keeps it when better and it follows the rules.
    fn offer(&mut self, mut plan: Vec<u32>) {
        plan.sort_unstable();
        plan.dedup();
        let mut value = self.instance.value(&plan);
        if (value > self.best_value || self.rules.is_some()) && plan.len() < self.count {
            // Fewer options than asked for (an LP with few positive
            // values, or the rules' choice): the rest by greedy, which can
            // only add (and may bring a district to its minimum).
            let more = self.filled(plan.clone());
            let more_value = self.instance.value(&more);
            if more_value >= value {
                (plan, value) = (more, more_value);
            }
        }
        if self.rules.is_some_and(|r| !r.is_feasible(&plan, self.count)) {
            return;
        }
        if value > self.best_value {
            if let Some(shared) = self.shared {
                shared.publish(value, &plan);
            }
            self.best_value = value;
            self.best = plan;
        }
    }

    /// Takes the shared plan when it is better than this search's best.
    fn adopt_shared(&mut self) {
        let seen = self.best_value.max(self.shared_seen);
        if let Some((value, plan)) = self.shared.and_then(|s| s.better_than(seen)) {
            self.shared_seen = value;
            self.offer(plan);
        }
    }

    /// `plan` with options added by greedy up to `count` (the largest
    /// newly covered weight first, ties by index; among those the rules
    /// allow), ascending.
    fn filled(&self, mut plan: Vec<u32>) -> Vec<u32> {
        let weights = self.instance.weights();
        let mut covered = vec![false; self.m];
        let mut tally = Tally::new(self.n, self.rules);
        for &j in &plan {
            tally.take(j as usize, self.rules);
            for &g in self.instance.matrix().row(j as usize) {
                covered[g as usize] = true;
            }
        }
        while plan.len() < self.count {
            let gain = |j: usize| -> f64 {
                self.instance
                    .matrix()
                    .row(j)
                    .iter()
                    .filter(|&&g| !covered[g as usize])
                    .map(|&g| weights[g as usize])
                    .sum()
            };
            let Some(best) = (0..self.n)
                .filter(|&j| tally.allows(j, self.rules))
                .map(|j| (gain(j), j))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            else {
                break;
            };
            tally.take(best.1, self.rules);
            for &g in self.instance.matrix().row(best.1) {
                covered[g as usize] = true;
            }
            plan.push(best.1 as u32);
        }
        plan.sort_unstable();
        plan
    }

    /// The LP's options rounded: the `count` largest `y` (ties by index;
    /// under rules, each when the rules allow it beside those before).
    fn rounded(&self) -> Vec<u32> {
        let y = &self.lp.values()[..self.n];
        let mut order: Vec<usize> = (0..self.n).filter(|&j| y[j] > INTEGRAL).collect();
        order.sort_by(|&a, &b| y[b].total_cmp(&y[a]).then(a.cmp(&b)));
        if self.rules.is_none() {
            order.truncate(self.count);
            return order.into_iter().map(|j| j as u32).collect();
        }
        let mut plan = Vec::new();
        let mut tally = Tally::new(self.n, self.rules);
        for j in order {
            if plan.len() == self.count {
                break;
            }
            if tally.allows(j, self.rules) {
                tally.take(j, self.rules);
                plan.push(j as u32);
            }
        }
        plan
    }

    /// Adds the odd-cycle cuts the LP point violates; how many.
    fn separate(&mut self) -> usize {
        let x = self.lp.values();
        let (y, z) = (&x[..self.n], &x[self.n..self.n + self.m]);
        let Ok(found) = odd_cycle_cuts(self.instance, y, z, MIN_VIOLATION) else {
            return 0;
        };
        let mut rows = Vec::new();
        for cut in found {
            if !self.pool.insert(cut.groups().to_vec()) {
                continue;
            }
            let mut entries: Vec<(usize, f64)> =
                cut.groups().iter().map(|&g| (self.n + g as usize, 1.0)).collect();
            entries.extend(cut.options().iter().map(|&(j, a)| (j as usize, -(a as f64))));
            rows.push((entries, f64::NEG_INFINITY, cut.rhs() as f64));
            self.cuts.push(cut);
        }
        let added = rows.len();
        if added > 0 {
            self.lp.add_rows(&rows);
        }
        added
    }

    /// The options `certificate`'s reduced costs fix (`true`: in), among
    /// those free in `lower..=upper`.
    fn reduced_cost_fixes(
        &self,
        certificate: &Certificate,
        lower: &[f64],
        upper: &[f64],
    ) -> Vec<(u32, bool)> {
        let mut fixes = Vec::new();
        for j in 0..self.n {
            if lower[j] == upper[j] {
                continue;
            }
            let v = certificate.v[j];
            // Forced in: the smallest value taken makes room for v.
            let with = certificate.bound - certificate.last_in + v;
            // Forced out: the largest value left out takes its place.
            let without = certificate.bound - v.max(0.0) + certificate.first_out;
            if v < certificate.last_in && !self.promising(with) {
                fixes.push((j as u32, false));
            } else if v > certificate.first_out && !self.promising(without) {
                fixes.push((j as u32, true));
            }
        }
        fixes
    }

    /// Fixes options for the rest of the search by their reduced costs
    /// in `certificate` (root bounds).
    fn fix_by_reduced_costs(&mut self, certificate: &Certificate) {
        let (mut lower, mut upper) = (vec![0.0; self.n], vec![1.0; self.n]);
        self.bounds(&[], &mut lower, &mut upper);
        for (j, value) in self.reduced_cost_fixes(certificate, &lower, &upper) {
            self.fixed[j as usize] = Some(value);
        }
    }
}

/// The options a plan being built has taken, with what `rules` (if any)
/// need to know to add more: each district's count and the cost so far.
struct Tally {
    taken: Vec<bool>,
    counts: Vec<usize>,
    spent: f64,
}

impl Tally {
    /// Nothing taken yet, of `n` options.
    fn new(n: usize, rules: Option<&SideConstraints>) -> Self {
        Self {
            taken: vec![false; n],
            counts: vec![0; rules.map_or(0, SideConstraints::n_districts)],
            spent: 0.0,
        }
    }

    /// Whether option `j` may join: not taken yet, and allowed by the
    /// rules (conflicts, exclusions, maximums, the budget).
    fn allows(&self, j: usize, rules: Option<&SideConstraints>) -> bool {
        !self.taken[j] && rules.is_none_or(|r| r.can_add(j as u32, &self.taken, &self.counts, self.spent))
    }

    /// Takes option `j`.
    fn take(&mut self, j: usize, rules: Option<&SideConstraints>) {
        self.taken[j] = true;
        if let Some(rules) = rules {
            if let Some(d) = rules.district_of(j as u32) {
                self.counts[d as usize] += 1;
            }
            self.spent += rules.cost_of(j as u32);
        }
    }
}

/// Branch and cut from the plan `incumbent` (which follows `rules`),
/// until the optimum is proven, the deadline passes or the simplex's work
/// (see [`Simplex::work`]) reaches `max_work`. The work is counted the same way
/// on every machine, so a search that stops at its work limit returns the
/// same plan and bound everywhere. With `shared`, it publishes its better
/// plans there and takes the better ones it finds there (from a search
/// racing it on the same instance under the same rules).
pub(crate) fn branch_and_cut(
    instance: &Instance,
    count: usize,
    rules: Option<&SideConstraints>,
    incumbent: &[u32],
    deadline: Deadline,
    max_work: u64,
    shared: Option<&Incumbent>,
) -> Outcome {
    let n = instance.n_options();
    let m = instance.matrix().n_demand();
    let count = count.min(n);
    let weights = instance.weights();
    let columns = instance.columns();
    // Columns: y (n) then z (m). Rows: z_g − Σ y ≤ 0, then Σ y ≤ count.
    let mut rows: Vec<Row> = (0..m)
        .map(|g| {
            let mut entries = vec![(n + g, 1.0)];
            entries.extend(columns.row(g).iter().map(|&j| (j as usize, -1.0)));
            (entries, f64::NEG_INFINITY, 0.0)
        })
        .collect();
    rows.push((
        (0..n).map(|j| (j, 1.0)).collect(),
        f64::NEG_INFINITY,
        count as f64,
    ));
    let side = rules.map_or_else(Vec::new, |r| side_rows(r, n));
    rows.extend(side.iter().map(|row| (row.entries.clone(), row.lower, row.upper)));
    let fixed: Vec<Option<bool>> = (0..n as u32)
        .map(|j| match rules {
            Some(r) if r.is_forced_in(j) => Some(true),
            Some(r) if r.is_forced_out(j) => Some(false),
            _ => None,
        })
        .collect();
    let cost: Vec<f64> = std::iter::repeat_n(0.0, n)
        .chain(weights.iter().map(|w| -w))
        .collect();
    let mut lower = vec![0.0; n + m];
    let mut upper = vec![1.0; n + m];
    for (j, fix) in fixed.iter().enumerate() {
        match fix {
            Some(true) => lower[j] = 1.0,
            Some(false) => upper[j] = 0.0,
            None => {}
        }
    }
    let mut lp = Simplex::new(cost, lower, upper, &rows);
    // The first basis: the incumbent's options at 1; a covered group's z
    // at 1 with its row's logical basic, an uncovered group's z basic (0).
    let mut in_plan = vec![false; n];
    for &j in incumbent {
        in_plan[j as usize] = true;
    }
    let total = n + m;
    let mut basic = Vec::with_capacity(m + 1 + side.len());
    let mut at_upper: Vec<usize> = incumbent.iter().map(|&j| j as usize).collect();
    for g in 0..m {
        if columns.row(g).iter().any(|&j| in_plan[j as usize]) {
            basic.push(total + g);
            at_upper.push(n + g);
        } else {
            basic.push(n + g);
        }
    }
    basic.extend((0..=side.len()).map(|r| total + m + r));
    lp.set_basis(&basic, &at_upper);
    lp.work_limit = max_work;
    let mut search = Search {
        instance,
        rules,
        side,
        count,
        n,
        m,
        lp,
        cuts: Vec::new(),
        pool: BTreeSet::new(),
        fixed,
        best: Vec::new(),
        best_value: f64::NEG_INFINITY,
        slack: integer_slack(weights),
        deadline,
        stopped: false,
        shared,
        shared_seen: f64::NEG_INFINITY,
    };
    search.offer(incumbent.to_vec());
    // The root LP: primal simplex from the incumbent with the basics'
    // bounds widened a little (against degeneracy), then the dual simplex
    // on the true bounds.
    let saved = search.lp.perturb_bounds(1e-6);
    loop {
        let outcome = search.lp.solve_primal(DEVEX_RESET, &search.deadline);
        if outcome != LpOutcome::IterationLimit {
            break;
        }
        if search.deadline.passed() || search.lp.work >= max_work {
            search.stopped = true;
            break;
        }
    }
    search.lp.restore_bounds(saved);
    let (mut root_lower, mut root_upper) = (vec![0.0; n], vec![1.0; n]);
    search.bounds(&[], &mut root_lower, &mut root_upper);
    let fallback = |search: &Search<'_>| Outcome {
        chosen: search.best.clone(),
        objective: search.best_value,
        upper_bound: f64::INFINITY,
        proven: false,
        nodes: 0,
        work: search.lp.work,
    };
    if search.stopped || search.resolve() != LpOutcome::Optimal {
        return fallback(&search);
    }
    let mut root = search.certificate(&root_lower, &root_upper);
    search.offer(search.rounded());
    for _ in 0..ROOT_ROUNDS {
        if !search.promising(root.bound) || search.separate() == 0 {
            break;
        }
        if search.resolve() != LpOutcome::Optimal {
            break;
        }
        let next = search.certificate(&root_lower, &root_upper);
        let gain = root.bound - next.bound;
        if next.bound < root.bound {
            root = next;
        }
        search.offer(search.rounded());
        if gain < MIN_ROUND_GAIN {
            break;
        }
    }
    let root_bound = root.bound;
    search.adopt_shared();
    search.fix_by_reduced_costs(&root);
    let mut fixed_at = search.best_value;
    // Depth-first search over the free options.
    struct Node {
        fixes: Vec<(u32, bool)>,
        bound: f64,
        /// The parent's optimal basis, when the LP has moved since.
        basis: Option<Basis>,
    }
    let mut stack = vec![Node {
        fixes: Vec::new(),
        bound: root_bound,
        basis: None,
    }];
    let mut nodes = 0u64;
    let mut open_bound = f64::NEG_INFINITY;
    // The largest bound of the nodes that could be neither closed nor
    // split (see `closed` below).
    let mut unresolved = f64::NEG_INFINITY;
    // The largest bound of the nodes left open when the search stops:
    // `node` (stopped in) and those on the stack.
    let still_open = |node: &Node, stack: &[Node]| stack.iter().fold(node.bound, |b, node| b.max(node.bound));
    let mut lower = vec![0.0; n];
    let mut upper = vec![1.0; n];
    while let Some(node) = stack.pop() {
        if !search.promising(node.bound) {
            continue;
        }
        if search.stopped || search.deadline.passed() {
            search.stopped = true;
            open_bound = still_open(&node, &stack);
            break;
        }
        nodes += 1;
        search.adopt_shared();
        if search.best_value > fixed_at {
            // A better plan: the root's reduced costs fix more.
            search.fix_by_reduced_costs(&root);
            fixed_at = search.best_value;
        }
        search.bounds(&node.fixes, &mut lower, &mut upper);
        if let Some(basis) = &node.basis {
            search.lp.restore(basis, (0..n).map(|j| (j, lower[j], upper[j])));
        } else {
            search.lp.set_many_bounds((0..n).map(|j| (j, lower[j], upper[j])));
        }
        match search.resolve_node(&lower, &upper) {
            LpOutcome::Optimal => {}
            LpOutcome::Infeasible | LpOutcome::Cutoff => continue,
            _ => {
                // Stopped inside the LP: the node stays open.
                open_bound = still_open(&node, &stack);
                break;
            }
        }
        let mut certificate = search.certificate(&lower, &upper);
        let mut stopped_inside = false;
        for _ in 0..NODE_ROUNDS {
            if !search.promising(certificate.bound) || search.separate() == 0 {
                break;
            }
            match search.resolve_node(&lower, &upper) {
                LpOutcome::Optimal => {}
                LpOutcome::Infeasible | LpOutcome::Cutoff => {
                    certificate.bound = f64::NEG_INFINITY;
                    break;
                }
                _ => {
                    stopped_inside = true;
                    break;
                }
            }
            let next = search.certificate(&lower, &upper);
            let gain = certificate.bound - next.bound;
            certificate = next;
            if gain < MIN_ROUND_GAIN {
                break;
            }
        }
        if stopped_inside {
            open_bound = still_open(&node, &stack);
            break;
        }
        let bound = certificate.bound.min(node.bound);
        if !search.promising(bound) {
            continue;
        }
        // The node's reduced costs fix options for its subtree.
        let mut fixes = node.fixes;
        fixes.extend(search.reduced_cost_fixes(&certificate, &lower, &upper));
        let y = &search.lp.values()[..n];
        let fractional = (0..n)
            .filter(|&j| y[j] > INTEGRAL && y[j] < 1.0 - INTEGRAL)
            .max_by(|&a, &b| y[a].total_cmp(&y[b]).then(b.cmp(&a)));
        let support: Vec<u32> = (0..n as u32).filter(|&j| y[j as usize] > 0.5).collect();
        // The free option of the support with the largest value, for when
        // the rounding does not take the LP's plan.
        let skipped = (0..n)
            .filter(|&j| y[j] > 0.5 && lower[j] < upper[j])
            .max_by(|&a, &b| y[a].total_cmp(&y[b]).then(b.cmp(&a)));
        let mut plan = search.rounded();
        plan.sort_unstable();
        // An integral LP optimum is the best plan of its subtree when the
        // rounding takes it. Under rules it may not: an option at
        // 1 − 1e-7 that the budget refuses (its allowance is 1e-9 of
        // it), and then the subtree stays open.
        let closed = fractional.is_none()
            && search
                .rules
                .is_none_or(|rules| plan == support && rules.is_feasible(&support, count));
        search.offer(plan);
        let Some(j) = fractional.or(if closed { None } else { skipped }) else {
            if !closed {
                // Nothing left to branch on: the node's bound stays.
                unresolved = unresolved.max(bound);
            }
            continue;
        };
        if fixes.iter().any(|&(k, _)| k as usize == j) {
            // Fixed by its reduced cost: the node again, with the fixes.
            stack.push(Node {
                fixes,
                bound,
                basis: None,
            });
            continue;
        }
        let mut down = fixes.clone();
        down.push((j as u32, false));
        let mut up = fixes;
        up.push((j as u32, true));
        // The down branch comes back to this LP after the whole up
        // subtree: it starts again from this node's optimal basis.
        let basis = Some(search.lp.basis());
        stack.push(Node {
            fixes: down,
            bound,
            basis,
        });
        stack.push(Node {
            fixes: up,
            bound,
            basis: None,
        });
    }
    let proven = !search.stopped && unresolved == f64::NEG_INFINITY;
    let upper_bound = if proven {
        search.best_value
    } else {
        open_bound.max(unresolved).max(search.best_value)
    };
    Outcome {
        chosen: search.best.clone(),
        objective: search.best_value,
        upper_bound: upper_bound.min(root_bound.max(search.best_value)),
        proven,
        nodes,
        work: search.lp.work,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exhaustive::optimum;
    use crate::test_instances::{Lcg, random_conflicts, random_instance};

    #[test]
    fn takes_a_shared_plan_and_publishes_its_own() {
        let mut rng = Lcg::new(29);
        let mut took = 0;
        for case in 0..400 {
            let instance = random_instance(&mut rng, 20, 30, 10, |rng| 1.0 + rng.below(5) as f64);
            let count = (2 + rng.below(5) as usize).min(instance.n_options());
            let greedy = crate::lazy_greedy(&instance, count).unwrap();
            let best = optimum(&instance, count).unwrap();
            let run = |shared: &Incumbent| {
                let never = Deadline::never();
                branch_and_cut(
                    &instance,
                    count,
                    None,
                    greedy.chosen(),
                    never,
                    u64::MAX,
                    Some(shared),
                )
            };
            // Alone: it publishes the optimum it proves.
            let published = Incumbent::new();
            let alone = run(&published);
            assert!(alone.proven, "case {case}");
            assert_eq!(published.value(), best.objective(), "case {case}");
            // Given the optimum by the other search: it returns that plan,
            // proven, in no more nodes.
            let given = Incumbent::new();
            given.publish(best.objective(), best.chosen());
            let helped = run(&given);
            assert!(helped.proven, "case {case}");
            assert_eq!(helped.objective, best.objective(), "case {case}");
            assert!(helped.nodes <= alone.nodes, "case {case}");
            took += usize::from(
                helped.chosen == best.chosen() && alone.objective > instance.value(greedy.chosen()),
            );
        }
        assert!(
            took > 10,
            "{took} took the shared plan where greedy was not optimal"
        );
    }

    #[test]
    fn matches_exhaustive_search_on_small_instances() {
        let mut rng = Lcg::new(19);
        let mut gaps = 0;
        for case in 0..3000 {
            let integer = case % 2 == 0;
            let instance = random_instance(&mut rng, 20, 30, 10, |rng| {
                if integer {
                    1.0 + rng.below(5) as f64
                } else {
                    0.1 + rng.below(1000) as f64 / 97.0
                }
            });
            let count = (2 + rng.below(7) as usize).min(instance.n_options());
            let greedy = crate::lazy_greedy(&instance, count).unwrap();
            let outcome = branch_and_cut(
                &instance,
                count,
                None,
                greedy.chosen(),
                Deadline::never(),
                u64::MAX,
                None,
            );
            let best = optimum(&instance, count).unwrap().objective();
            assert!(outcome.proven, "case {case}");
            assert!(
                (outcome.objective - best).abs() <= 1e-9 * best.max(1.0),
                "case {case}: {} vs {best}",
                outcome.objective
            );
            assert_eq!(instance.value(&outcome.chosen), outcome.objective, "case {case}");
            // A plan of `count` options, as asked (every instance has at
            // least that many).
            assert_eq!(outcome.chosen.len(), count, "case {case}");
            assert!(outcome.upper_bound >= best - 1e-6 * best.max(1.0), "case {case}");
            if outcome.nodes > 1 {
                gaps += 1;
            }
        }
        // The instances exercise the branching, not only the root.
        assert!(gaps > 20, "{gaps} of the instances branched");
    }

    /// The best plan of at most `count` options that follows `rules`, by
    /// trying every subset: its value, or `None` when none follows them.
    fn brute_force(instance: &Instance, count: usize, rules: &SideConstraints) -> Option<f64> {
        let n = instance.n_options();
        (0u32..1 << n)
            .filter(|mask| mask.count_ones() as usize <= count)
            .map(|mask| {
                (0..n as u32)
                    .filter(|&j| mask >> j & 1 == 1)
                    .collect::<Vec<u32>>()
            })
            .filter(|plan| rules.is_feasible(plan, count))
            .map(|plan| instance.value(&plan))
            .max_by(f64::total_cmp)
    }

    /// An option the LP takes at 1 − 1e-7 that the budget refuses (it is
    /// over by 4e-6): the node is not closed on the rounding that skips
    /// it.
    #[test]
    fn a_budget_that_refuses_an_almost_integral_option_keeps_the_node_open() {
        let matrix = crate::CoverageMatrix::from_rows(5, (0..5).map(|j| vec![j])).unwrap();
        let instance = Instance::new(matrix, vec![10.0, 10.0, 4.9, 4.9, 6.0]).unwrap();
        let rules = SideConstraints::new(5)
            .budget(vec![5.0, 5.000004, 2.5, 2.5, 4.0], 10.0)
            .unwrap();
        let outcome = branch_and_cut(
            &instance,
            3,
            Some(&rules),
            &[0],
            Deadline::never(),
            u64::MAX,
            None,
        );
        let best = brute_force(&instance, 3, &rules).unwrap();
        assert!((best - 19.8).abs() < 1e-9);
        assert!(outcome.upper_bound >= best - 1e-9);
        if outcome.proven {
            assert!((outcome.objective - best).abs() < 1e-9, "{}", outcome.objective);
        }
        assert!(rules.is_feasible(&outcome.chosen, 3));
    }

    #[test]
    fn conflict_cliques_cover_every_conflict() {
        // A site of four options, a path 3-4-5, a triangle 5-6-7.
        let mut rules = SideConstraints::new(9);
        let edges = [
            (0, 1),
            (0, 2),
            (0, 3),
            (1, 2),
            (1, 3),
            (2, 3),
            (3, 4),
            (4, 5),
            (5, 6),
            (5, 7),
            (6, 7),
        ];
        for (a, b) in edges {
            rules = rules.conflict(b, a).unwrap();
        }
        let cliques = conflict_cliques(&rules, 9);
        assert_eq!(
            cliques,
            vec![vec![0, 1, 2, 3], vec![3, 4], vec![4, 5], vec![5, 6, 7]]
        );
        for clique in &cliques {
            for (k, &a) in clique.iter().enumerate() {
                for &b in &clique[k + 1..] {
                    assert!(rules.conflicts_of(a as u32).contains(&(b as u32)), "{a} {b}");
                }
            }
        }
        assert!(conflict_cliques(&SideConstraints::new(3), 3).is_empty());
    }

    #[test]
    fn matches_brute_force_under_side_constraints() {
        let mut rng = Lcg::new(31);
        let (mut checked, mut branched) = (0, 0);
        for case in 0..1500 {
            let instance = random_instance(&mut rng, 12, 30, 10, |rng| 1.0 + rng.below(5) as f64);
            let n = instance.n_options();
            let count = (1 + rng.below(5) as usize).min(n);
            let mut rules = random_conflicts(&mut rng, n, 5);
            // A site's camera types: four options in conflict pairwise.
            if case % 3 == 0 && n >= 4 {
                let first = rng.below((n - 3) as u64) as u32;
                for a in first..first + 4 {
                    for b in a + 1..first + 4 {
                        rules = rules.conflict(a, b).unwrap();
                    }
                }
            }
            rules = match case % 4 {
                0 => {
                    let costs: Vec<f64> = (0..n).map(|_| 1.0 + rng.below(4) as f64).collect();
                    rules.budget(costs, 2.0 + rng.below(8) as f64).unwrap()
                }
                1 => {
                    let district = (0..n).map(|_| Some(rng.below(2) as u32)).collect();
                    let min = vec![rng.below(2) as usize, rng.below(2) as usize];
                    let max = vec![1 + rng.below(3) as usize, 1 + rng.below(3) as usize];
                    match rules.clone().districts(district, min, max) {
                        Ok(rules) => rules,
                        Err(_) => rules,
                    }
                }
                2 => rules
                    .force_in(rng.below(n as u64) as u32)
                    .unwrap()
                    .force_out(rng.below(n as u64) as u32)
                    .unwrap(),
                _ => rules,
            };
            let Some(best) = brute_force(&instance, count, &rules) else {
                continue;
            };
            let Ok(start) = crate::constraints::constrained_greedy(&instance, count, &rules) else {
                continue;
            };
            let outcome = branch_and_cut(
                &instance,
                count,
                Some(&rules),
                start.chosen(),
                Deadline::never(),
                u64::MAX,
                None,
            );
            assert!(outcome.proven, "case {case}");
            assert_eq!(outcome.objective, best, "case {case}");
            assert!(rules.is_feasible(&outcome.chosen, count), "case {case}");
            assert_eq!(instance.value(&outcome.chosen), best, "case {case}");
            assert!(outcome.upper_bound >= best - 1e-9, "case {case}");
            checked += 1;
            if outcome.nodes > 1 {
                branched += 1;
            }
        }
        assert!(
            checked > 800 && branched > 20,
            "{checked} checked, {branched} branched"
        );
    }
}
