//! Branch and cut for plain maximum coverage (no side constraints, no
//! budget, no backup weights): the compact LP (`max Σ w_g z_g`,
//! `z_g ≤ Σ_{j ∈ N(g)} y_j`, `Σ y ≤ p`, `0 ≤ y, z ≤ 1`) solved by the
//! simplex of [`crate::simplex`], tightened at the root by odd-cycle cuts
//! ([`crate::cuts`]), with reduced-cost fixing and depth-first branching
//! on the options.
//!
//! Every bound it reports is the Lagrangian of the LP's duals (see
//! [`Certificate`]), valid for any multipliers: a simplex that stopped
//! early or drifted numerically gives a weaker bound, never a wrong one.

use std::collections::BTreeSet;

use crate::Instance;
use crate::cuts::{OddCycleCut, odd_cycle_cuts};
use crate::deadline::Deadline;
use crate::lagrangian::integer_slack;
use crate::simplex::{Basis, Outcome as LpOutcome, Row, Simplex};

/// Pivots of the root's primal simplex between two resets of its Devex
/// weights (the simplex looks at the clock at every pivot).
const DEVEX_RESET: usize = 200;
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

/// The search's state.
struct Search<'a> {
    instance: &'a Instance,
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
}

impl Search<'_> {
    /// Whether a bound leaves room for a better plan.
    fn promising(&self, bound: f64) -> bool {
        match self.slack {
            // Integer weights: a better plan is at least 1 better.
            Some(slack) => bound >= self.best_value + 1.0 - slack,
            None => bound > self.best_value * (1.0 + 1e-9) + 1e-9,
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
        let nu: Vec<f64> = (0..self.cuts.len()).map(|c| (-pi[m + 1 + c]).max(0.0)).collect();
        let mut group_cut = vec![0.0; m];
        let mut v = vec![0.0; n];
        let mut bound = 0.0;
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

    /// Tries a plan; keeps it when better.
    fn offer(&mut self, mut plan: Vec<u32>) {
        plan.sort_unstable();
        plan.dedup();
        let mut value = self.instance.value(&plan);
        if value > self.best_value && plan.len() < self.count {
            // Fewer options than asked for (an LP with few positive
            // values): the rest by greedy, which can only add.
            plan = self.filled(plan);
            value = self.instance.value(&plan).max(value);
        }
        if value > self.best_value {
            self.best_value = value;
            self.best = plan;
        }
    }

    /// `plan` with options added by greedy up to `count` (the largest
    /// newly covered weight first, ties by index), ascending.
    fn filled(&self, mut plan: Vec<u32>) -> Vec<u32> {
        let weights = self.instance.weights();
        let mut covered = vec![false; self.m];
        let mut taken = vec![false; self.n];
        for &j in &plan {
            taken[j as usize] = true;
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
                .filter(|&j| !taken[j])
                .map(|j| (gain(j), j))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            else {
                break;
            };
            taken[best.1] = true;
            for &g in self.instance.matrix().row(best.1) {
                covered[g as usize] = true;
            }
            plan.push(best.1 as u32);
        }
        plan.sort_unstable();
        plan
    }

    /// The LP's options rounded: the `count` largest `y` (ties by index).
    fn rounded(&self) -> Vec<u32> {
        let y = &self.lp.values()[..self.n];
        let mut order: Vec<usize> = (0..self.n).filter(|&j| y[j] > INTEGRAL).collect();
        order.sort_by(|&a, &b| y[b].total_cmp(&y[a]).then(a.cmp(&b)));
        order.truncate(self.count);
        order.into_iter().map(|j| j as u32).collect()
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

/// Branch and cut from the plan `incumbent`, until the optimum is
/// proven, the deadline passes or the simplex's work (see
/// [`Simplex::work`]) reaches `max_work`. The work is counted the same way
/// on every machine, so a search that stops at its work limit returns the
/// same plan and bound everywhere.
pub(crate) fn branch_and_cut(
    instance: &Instance,
    count: usize,
    incumbent: &[u32],
    deadline: Deadline,
    max_work: u64,
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
    let cost: Vec<f64> = std::iter::repeat_n(0.0, n)
        .chain(weights.iter().map(|w| -w))
        .collect();
    let mut lp = Simplex::new(cost, vec![0.0; n + m], vec![1.0; n + m], &rows);
    // The first basis: the incumbent's options at 1; a covered group's z
    // at 1 with its row's logical basic, an uncovered group's z basic (0).
    let mut in_plan = vec![false; n];
    for &j in incumbent {
        in_plan[j as usize] = true;
    }
    let total = n + m;
    let mut basic = Vec::with_capacity(m + 1);
    let mut at_upper: Vec<usize> = incumbent.iter().map(|&j| j as usize).collect();
    for g in 0..m {
        if columns.row(g).iter().any(|&j| in_plan[j as usize]) {
            basic.push(total + g);
            at_upper.push(n + g);
        } else {
            basic.push(n + g);
        }
    }
    basic.push(total + m);
    lp.set_basis(&basic, &at_upper);
    lp.work_limit = max_work;
    let mut search = Search {
        instance,
        count,
        n,
        m,
        lp,
        cuts: Vec::new(),
        pool: BTreeSet::new(),
        fixed: vec![None; n],
        best: Vec::new(),
        best_value: f64::NEG_INFINITY,
        slack: integer_slack(weights),
        deadline,
        stopped: false,
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
    let ones = vec![1.0; n];
    let zeros = vec![0.0; n];
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
    let mut root = search.certificate(&zeros, &ones);
    search.offer(search.rounded());
    for _ in 0..ROOT_ROUNDS {
        if !search.promising(root.bound) || search.separate() == 0 {
            break;
        }
        if search.resolve() != LpOutcome::Optimal {
            break;
        }
        let next = search.certificate(&zeros, &ones);
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
        match search.resolve() {
            LpOutcome::Optimal => {}
            LpOutcome::Infeasible => continue,
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
            match search.resolve() {
                LpOutcome::Optimal => {}
                LpOutcome::Infeasible => {
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
        let plan = search.rounded();
        search.offer(plan);
        let Some(j) = fractional else {
            // An integral LP optimum: the best plan of this subtree (the
            // rounding above took it).
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
    let proven = !search.stopped;
    let upper_bound = if proven {
        search.best_value
    } else {
        open_bound.max(search.best_value)
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
    use crate::test_instances::{Lcg, random_instance};

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
            let outcome = branch_and_cut(&instance, count, greedy.chosen(), Deadline::never(), u64::MAX);
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
}
