//! Lagrangian bounds, a Lagrangian heuristic and depth-first branch and
//! bound over the reduced problem.
//!
//! The covering constraints `Σ_{j ∋ i} x_j ≥ y_i` are relaxed with
//! multipliers `u_i ≥ 0`. With every row required (`y_i = 1`) the
//! relaxation is `L(u) = Σ u_i + Σ_j min(0, c_j − Σ_{i ∈ S_j} u_i)`. With a
//! partial target the `y` part is `min Σ u_i y_i` subject to
//! `Σ w_i y_i ≥ W`, `0 ≤ y ≤ 1` (the continuous knapsack, itself a
//! relaxation of the binary one, so the bound stays valid).

use crate::deadline::Deadline;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::reduce::Core;

const FREE: i8 = 0;
const ONE: i8 = 1;
const ZERO: i8 = -1;

/// What the search found on the reduced problem.
#[derive(Debug)]
pub(super) struct Outcome {
    /// Core columns of the best cover, ascending.
    pub(super) chosen: Vec<u32>,
    /// Lower bound on the reduced problem's optimal cost.
    pub(super) lower_bound: f64,
    /// Whether the search finished, proving `chosen` optimal.
    pub(super) proven: bool,
    /// Nodes evaluated.
    pub(super) nodes: u64,
}

/// Subgradient settings.
struct Schedule {
    step_factor: f64,
    patience: u32,
    min_step_factor: f64,
    max_iterations: u32,
    heuristic_every: u32,
}

const ROOT: Schedule = Schedule {
    step_factor: 2.0,
    patience: 20,
    min_step_factor: 0.005,
    max_iterations: 5000,
    heuristic_every: 10,
};

const NODE: Schedule = Schedule {
    step_factor: 0.25,
    patience: 8,
    min_step_factor: 0.01,
    max_iterations: 300,
    heuristic_every: 40,
};

/// One open subproblem: column states and where to start the multipliers.
struct Node {
    state: Vec<i8>,
    multipliers: Vec<f64>,
    bound: f64,
}

/// A subproblem after propagation.
struct View {
    /// Rows not yet covered by fixed columns (with a free column, for partial targets).
    active: Vec<u32>,
    /// Free columns covering an active row.
    free: Vec<u32>,
    /// Cost of the columns fixed to one.
    fixed_cost: f64,
    /// Weight still to cover (partial targets).
    need_left: f64,
}

enum Prepared {
    Infeasible,
    Covered(f64),
    Open(View),
}

struct Search<'a> {
    core: &'a Core,
    integral: bool,
    deadline: Deadline,
    upper_bound: f64,
    best: Vec<u32>,
    nodes: u64,
    timed_out: bool,
    tolerance: f64,
}

/// Solves the reduced problem to optimality, or until `deadline`.
/// `integral`: every cost is an integer, so bounds may be rounded up.
pub(super) fn solve(core: &Core, integral: bool, deadline: Deadline) -> Outcome {
    let total_weight: f64 = core.weight.iter().sum();
    let mut search = Search {
        core,
        integral,
        deadline,
        upper_bound: f64::INFINITY,
        best: Vec::new(),
        nodes: 0,
        timed_out: false,
        tolerance: 1e-9 * total_weight.max(1.0),
    };
    let n_cols = core.cost.len();
    let n_rows = core.weight.len();
    // Start: greedy on the true costs, multipliers from the cheapest cover of each row.
    search.heuristic(&vec![FREE; n_cols], &core.cost);
    let mut multipliers = vec![0.0; n_rows];
    for (row, u) in multipliers.iter_mut().enumerate() {
        let per_weight = core
            .row_cols
            .row(row)
            .iter()
            .map(|&c| core.cost[c as usize] / column_weight(core, c as usize))
            .fold(f64::INFINITY, f64::min);
        *u = if core.need.is_none() {
            core.row_cols
                .row(row)
                .iter()
                .map(|&c| core.cost[c as usize] / core.col_rows.row(c as usize).len() as f64)
                .fold(f64::INFINITY, f64::min)
        } else {
            per_weight * core.weight[row]
        };
        if !u.is_finite() {
            *u = 0.0;
        }
    }

    let mut stack = vec![Node {
        state: vec![FREE; n_cols],
        multipliers,
        bound: 0.0,
    }];
    let mut schedule = &ROOT;
    while let Some(node) = stack.pop() {
        if search.cannot_improve(node.bound) {
            continue;
        }
        if search.out_of_time() {
            stack.push(node);
            break;
        }
        search.nodes += 1;
        let children = search.evaluate(node, schedule, &mut stack);
        schedule = &NODE;
        stack.extend(children);
        if search.timed_out {
            break;
        }
    }

    let proven = stack.is_empty() && !search.timed_out;
    let lower_bound = if proven {
        search.upper_bound
    } else {
        let open = stack.iter().map(|n| n.bound).fold(search.upper_bound, f64::min);
        search.round_up(open).min(search.upper_bound)
    };
    let mut chosen = search.best;
    chosen.sort_unstable();
    Outcome {
        chosen,
        lower_bound,
        proven,
        nodes: search.nodes,
    }
}

fn column_weight(core: &Core, col: usize) -> f64 {
    core.col_rows
        .row(col)
        .iter()
        .map(|&r| core.weight[r as usize])
        .sum()
}

impl Search<'_> {
    /// Whether no cover below the incumbent can have cost `>= bound`.
    fn cannot_improve(&self, bound: f64) -> bool {
        if !self.upper_bound.is_finite() {
            return false;
        }
        let eps = 1e-9 * self.upper_bound.abs().max(1.0);
        if self.integral {
            bound - eps > self.upper_bound - 1.0
        } else {
            bound >= self.upper_bound - eps
        }
    }

    fn round_up(&self, bound: f64) -> f64 {
        if self.integral {
            let eps = 1e-9 * bound.abs().max(1.0);
            (bound - eps).ceil()
        } else {
            bound
        }
    }

    fn out_of_time(&mut self) -> bool {
        if self.deadline.passed() {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// Evaluates one node; returns its children. On time-out the node goes
    /// back on `stack` with the best bound found so far.
    fn evaluate(&mut self, mut node: Node, schedule: &Schedule, stack: &mut Vec<Node>) -> Vec<Node> {
        let mut rounds = 0;
        loop {
            let view = match self.prepare(&mut node.state) {
                Prepared::Infeasible => return Vec::new(),
                Prepared::Covered(cost) => {
                    if cost < self.upper_bound {
                        self.record(&node.state);
                    }
                    return Vec::new();
                }
                Prepared::Open(view) => view,
            };
            let schedule = if rounds == 0 { schedule } else { &NODE };
            let (bound, reduced) = self.lagrangian(&node.state, &view, &mut node.multipliers, schedule);
            node.bound = node.bound.max(bound);
            if self.timed_out {
                stack.push(node);
                return Vec::new();
            }
            if self.cannot_improve(node.bound) {
                return Vec::new();
            }
            self.heuristic(&node.state, &reduced);
            if self.cannot_improve(node.bound) {
                return Vec::new();
            }
            // Reduced-cost fixing: `bound + r_j` bounds every cover with x_j = 1
            // (r_j ≥ 0), `bound − r_j` every cover with x_j = 0 (r_j < 0).
            let mut fixed = 0;
            for &c in &view.free {
                let r = reduced[c as usize];
                if r >= 0.0 && self.cannot_improve(bound + r) {
                    node.state[c as usize] = ZERO;
                    fixed += 1;
                } else if r < 0.0 && self.cannot_improve(bound - r) {
                    node.state[c as usize] = ONE;
                    fixed += 1;
                }
            }
            rounds += 1;
            if fixed > 0 && rounds < 4 {
                continue;
            }
            if fixed > 0 {
                match self.prepare(&mut node.state) {
                    Prepared::Infeasible => return Vec::new(),
                    Prepared::Covered(_) => {
                        self.record(&node.state);
                        return Vec::new();
                    }
                    Prepared::Open(_) => {}
                }
            }
            let Some(branch) = self.branch_column(&node.state, &view, &node.multipliers, &reduced) else {
                return Vec::new();
            };
            let mut without = node.state.clone();
            without[branch] = ZERO;
            let mut with = node.state;
            with[branch] = ONE;
            // The stack is last in, first out: the x_j = 1 child is explored first.
            return vec![
                Node {
                    state: without,
                    multipliers: node.multipliers.clone(),
                    bound: node.bound,
                },
                Node {
                    state: with,
                    multipliers: node.multipliers,
                    bound: node.bound,
                },
            ];
        }
    }

    /// Propagates forced columns and drops useless ones; decides easy nodes.
    fn prepare(&self, state: &mut [i8]) -> Prepared {
        let core = self.core;
        let n_rows = core.weight.len();
        loop {
            let mut covered = vec![false; n_rows];
            let mut fixed_cost = 0.0;
            for (c, &s) in state.iter().enumerate() {
                if s == ONE {
                    fixed_cost += core.cost[c];
                    for &r in core.col_rows.row(c) {
                        covered[r as usize] = true;
                    }
                }
            }
            let mut active = Vec::new();
            let mut forced = false;
            let mut need_left = 0.0;
            let mut open_weight = 0.0;
            for r in 0..n_rows {
                if covered[r] {
                    continue;
                }
                let mut free = core
                    .row_cols
                    .row(r)
                    .iter()
                    .filter(|&&c| state[c as usize] == FREE);
                let first = free.next().copied();
                let second = free.next();
                match core.need {
                    None => match (first, second) {
                        (None, _) => return Prepared::Infeasible,
                        (Some(only), None) => {
                            // Mark its rows now: a later row it covers must not count it as missing.
                            state[only as usize] = ONE;
                            for &covered_row in core.col_rows.row(only as usize) {
                                covered[covered_row as usize] = true;
                            }
                            forced = true;
                        }
                        _ => active.push(r as u32),
                    },
                    Some(_) => {
                        if first.is_some() {
                            active.push(r as u32);
                            open_weight += core.weight[r];
                        }
                    }
                }
            }
            if forced {
                continue;
            }
            if let Some(need) = core.need {
                let covered_weight: f64 = (0..n_rows).filter(|&r| covered[r]).map(|r| core.weight[r]).sum();
                need_left = need - covered_weight;
                if need_left <= self.tolerance {
                    return Prepared::Covered(fixed_cost);
                }
                if open_weight < need_left - self.tolerance {
                    return Prepared::Infeasible;
                }
            } else if active.is_empty() {
                return Prepared::Covered(fixed_cost);
            }
            let mut is_active = vec![false; n_rows];
            for &r in &active {
                is_active[r as usize] = true;
            }
            let mut free = Vec::new();
            for (c, s) in state.iter_mut().enumerate() {
                if *s != FREE {
                    continue;
                }
                if core.col_rows.row(c).iter().any(|&r| is_active[r as usize]) {
                    free.push(c as u32);
                } else {
                    *s = ZERO;
                }
            }
            return Prepared::Open(View {
                active,
                free,
                fixed_cost,
                need_left,
            });
        }
    }

    /// Subgradient optimisation from `multipliers` (left at the best point
    /// found). Returns the best bound and the reduced costs at that point.
    fn lagrangian(
        &mut self,
        state: &[i8],
        view: &View,
        multipliers: &mut [f64],
        schedule: &Schedule,
    ) -> (f64, Vec<f64>) {
        let core = self.core;
        let n_rows = core.weight.len();
        let mut u = vec![0.0; n_rows];
        for &r in &view.active {
            u[r as usize] = multipliers[r as usize].max(0.0);
        }
        let mut reduced = core.cost.clone();
        let mut best_reduced = reduced.clone();
        let mut best_bound = f64::NEG_INFINITY;
        let mut subgradient = vec![0.0; n_rows];
        let mut take = vec![0.0; n_rows];
        let mut order: Vec<u32> = view.active.clone();
        let mut factor = schedule.step_factor;
        let mut stall = 0;
        for iteration in 0..schedule.max_iterations {
            if iteration % 16 == 0 && self.out_of_time() {
                break;
            }
            let mut bound = view.fixed_cost;
            for &c in &view.free {
                let c = c as usize;
                let r = core
                    .col_rows
                    .row(c)
                    .iter()
                    .fold(core.cost[c], |acc, &i| acc - u[i as usize]);
                reduced[c] = r;
                if r < 0.0 {
                    bound += r;
                }
            }
            match core.need {
                None => {
                    for &r in &view.active {
                        bound += u[r as usize];
                        take[r as usize] = 1.0;
                    }
                }
                Some(_) => {
                    // Cheapest continuous knapsack cover of the remaining weight.
                    // By multiplier per unit of weight, as a key: comparing
                    // cross products instead is not a total order once a
                    // weight is zero, and the sort may panic.
                    let per_weight = |r: usize| {
                        if core.weight[r] > 0.0 {
                            u[r] / core.weight[r]
                        } else {
                            f64::INFINITY
                        }
                    };
                    order.sort_by(|&a, &b| {
                        let (a, b) = (a as usize, b as usize);
                        per_weight(a).total_cmp(&per_weight(b)).then(a.cmp(&b))
                    });
                    let mut left = view.need_left;
                    for &r in &order {
                        let r = r as usize;
                        let part = if left <= 0.0 {
                            0.0
                        } else if core.weight[r] <= left {
                            1.0
                        } else {
                            left / core.weight[r]
                        };
                        left -= part * core.weight[r];
                        take[r] = part;
                        bound += part * u[r];
                    }
                }
            }
            if bound > best_bound {
                best_bound = bound;
                multipliers.copy_from_slice(&u);
                best_reduced.copy_from_slice(&reduced);
                stall = 0;
            } else {
                stall += 1;
                if stall >= schedule.patience {
                    factor /= 2.0;
                    stall = 0;
                }
            }
            if self.cannot_improve(best_bound) || factor < schedule.min_step_factor {
                break;
            }
            if schedule.heuristic_every > 0
                && iteration % schedule.heuristic_every == schedule.heuristic_every - 1
            {
                self.heuristic(state, &reduced);
                if self.cannot_improve(best_bound) {
                    break;
                }
            }

            for &r in &view.active {
                subgradient[r as usize] = take[r as usize];
            }
            for &c in &view.free {
                if reduced[c as usize] < 0.0 {
                    for &r in core.col_rows.row(c as usize) {
                        subgradient[r as usize] -= 1.0;
                    }
                }
            }
            let mut norm_2 = 0.0;
            for &r in &view.active {
                let r = r as usize;
                if u[r] <= 0.0 && subgradient[r] < 0.0 {
                    subgradient[r] = 0.0;
                }
                norm_2 += subgradient[r] * subgradient[r];
            }
            if norm_2 <= 0.0 {
                // The relaxed solution is feasible and complementary: the node is solved.
                if core.need.is_none() {
                    let mut ones = state.to_vec();
                    for &c in &view.free {
                        if reduced[c as usize] < 0.0 {
                            ones[c as usize] = ONE;
                        }
                    }
                    self.record(&ones);
                }
                break;
            }
            let target = if self.upper_bound.is_finite() {
                self.upper_bound
            } else {
                bound.abs().max(1.0) * 2.0
            };
            let step = factor * (target - bound).max(1e-9 * target.abs().max(1.0)) / norm_2;
            for &r in &view.active {
                let r = r as usize;
                u[r] = (u[r] + step * subgradient[r]).max(0.0);
            }
        }
        if best_bound == f64::NEG_INFINITY {
            best_bound = view.fixed_cost;
            best_reduced = reduced;
        }
        (best_bound, best_reduced)
    }

    /// The column to branch on: for full covers, the cheapest (in reduced
    /// cost) column of the active row with fewest free columns; for partial
    /// targets, the free column of least reduced cost.
    fn branch_column(
        &self,
        state: &[i8],
        view: &View,
        multipliers: &[f64],
        reduced: &[f64],
    ) -> Option<usize> {
        let core = self.core;
        let cheapest = |cols: &mut dyn Iterator<Item = u32>| {
            cols.filter(|&c| state[c as usize] == FREE)
                .min_by(|&a, &b| {
                    reduced[a as usize]
                        .total_cmp(&reduced[b as usize])
                        .then(a.cmp(&b))
                })
                .map(|c| c as usize)
        };
        match core.need {
            None => {
                let mut best: Option<(usize, f64, u32)> = None;
                for &r in &view.active {
                    let free = core
                        .row_cols
                        .row(r as usize)
                        .iter()
                        .filter(|&&c| state[c as usize] == FREE)
                        .count();
                    if free == 0 {
                        continue;
                    }
                    let u = multipliers[r as usize];
                    let better = best.is_none_or(|(f, bu, _)| free < f || (free == f && u > bu));
                    if better {
                        best = Some((free, u, r));
                    }
                }
                let (_, _, row) = best?;
                cheapest(&mut core.row_cols.row(row as usize).iter().copied())
            }
            Some(_) => cheapest(&mut view.free.iter().copied()),
        }
    }

    /// Builds a cover from the columns fixed to one and the free columns of
    /// negative reduced cost, completes it greedily (cost per newly covered
    /// weight, with reduced cost as a tie-break), drops redundant columns and
    /// keeps it if it beats the incumbent.
    fn heuristic(&mut self, state: &[i8], reduced: &[f64]) {
        let core = self.core;
        let n_rows = core.weight.len();
        let mut chosen: Vec<u32> = Vec::new();
        let mut count = vec![0u32; n_rows];
        let mut covered_weight = 0.0;
        for (c, &s) in state.iter().enumerate() {
            if s == ONE || (s == FREE && reduced[c] < 0.0) {
                chosen.push(c as u32);
                for &r in core.col_rows.row(c) {
                    if count[r as usize] == 0 {
                        covered_weight += core.weight[r as usize];
                    }
                    count[r as usize] += 1;
                }
            }
        }
        let need = core.need.unwrap_or(f64::INFINITY);
        let done = |covered_weight: f64, count: &[u32]| match core.need {
            None => count.iter().all(|&k| k > 0),
            Some(_) => covered_weight >= need - self.tolerance,
        };
        let gain = |c: usize, count: &[u32]| -> f64 {
            core.col_rows
                .row(c)
                .iter()
                .filter(|&&r| count[r as usize] == 0)
                .map(|&r| match core.need {
                    None => 1.0,
                    Some(_) => core.weight[r as usize],
                })
                .sum()
        };
        if !done(covered_weight, &count) {
            // Lazy greedy: a column's ratio only grows as coverage grows.
            let mut queue: BinaryHeap<Ratio> = BinaryHeap::new();
            for (c, &s) in state.iter().enumerate() {
                if s == FREE && reduced[c] >= 0.0 {
                    let g = gain(c, &count);
                    if g > 0.0 {
                        queue.push(Ratio {
                            ratio: core.cost[c] / g,
                            col: c as u32,
                        });
                    }
                }
            }
            while !done(covered_weight, &count) {
                let Some(top) = queue.pop() else {
                    return;
                };
                let c = top.col as usize;
                let g = gain(c, &count);
                if g <= 0.0 {
                    continue;
                }
                let ratio = core.cost[c] / g;
                if queue.peek().is_some_and(|next| ratio > next.ratio) {
                    queue.push(Ratio { ratio, col: top.col });
                    continue;
                }
                chosen.push(top.col);
                for &r in core.col_rows.row(c) {
                    if count[r as usize] == 0 {
                        covered_weight += core.weight[r as usize];
                    }
                    count[r as usize] += 1;
                }
            }
        }
        // Drop redundant columns, dearest first.
        chosen.sort_by(|&a, &b| {
            core.cost[b as usize]
                .total_cmp(&core.cost[a as usize])
                .then(b.cmp(&a))
        });
        let mut kept = Vec::with_capacity(chosen.len());
        for &c in &chosen {
            let rows = core.col_rows.row(c as usize);
            let alone: f64 = rows
                .iter()
                .filter(|&&r| count[r as usize] == 1)
                .map(|&r| core.weight[r as usize])
                .sum();
            let redundant = match core.need {
                None => rows.iter().all(|&r| count[r as usize] >= 2),
                Some(_) => covered_weight - alone >= need - self.tolerance,
            };
            if redundant {
                covered_weight -= alone;
                for &r in rows {
                    count[r as usize] -= 1;
                }
            } else {
                kept.push(c);
            }
        }
        let cost: f64 = kept.iter().map(|&c| core.cost[c as usize]).sum();
        if cost < self.upper_bound {
            self.upper_bound = cost;
            self.best = kept;
        }
    }

    /// Records the columns fixed to one as a cover (after dropping redundant ones).
    fn record(&mut self, state: &[i8]) {
        let zero = vec![0.0; state.len()];
        let only_ones: Vec<i8> = state.iter().map(|&s| if s == ONE { ONE } else { ZERO }).collect();
        self.heuristic(&only_ones, &zero);
    }
}

/// A column in the greedy queue, smallest ratio (then lowest index) first.
#[derive(PartialEq)]
struct Ratio {
    ratio: f64,
    col: u32,
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        other.ratio.total_cmp(&self.ratio).then(other.col.cmp(&self.col))
    }
}
