//! A bounded simplex for the LP relaxations of branch and cut.
//!
//! The LP is `min cᵀx` subject to `row_lo ≤ A x ≤ row_up` and
//! `lo ≤ x ≤ up`. Each row `r` gets a logical variable `s_r` with
//! `A x + s = 0`, so `s_r ∈ [−row_up, −row_lo]`.
//!
//! - The **dual simplex** ([`Simplex::solve`]) starts from any dual
//!   feasible basis: with every structural variable boxed, the logicals'
//!   basis is one once each nonbasic sits at the bound its cost points
//!   to, so no phase 1 is needed. It removes primal infeasibilities one
//!   row at a time (dual steepest-edge row choice, after Forrest and
//!   Goldfarb, with the weights updated through `τ = B⁻¹ρ` and reset to 1
//!   when the basis comes from elsewhere; a bound-flipping ratio test over
//!   the pivot row), and re-solves warm after bounds change (branching),
//!   rows are added (cuts) or a saved basis comes back
//!   ([`Simplex::restore`]). From a dual feasible basis its objective
//!   only rises on the way, so it can stop as soon as it passes a cutoff
//!   ([`Simplex::cutoff`]: a node of branch and cut that cannot beat the
//!   best plan).
//! - The **primal simplex** ([`Simplex::solve_primal`]) starts from a
//!   primal feasible basis given by the caller (a crash basis built on a
//!   known plan), with Devex pricing, a Harris ratio test and, against
//!   degeneracy, the basics' bounds widened a little
//!   ([`Simplex::perturb_bounds`]).
//!
//! The basis is factorised by [`crate::lu`], with product-form updates
//! between rebuilds every [`REFACTOR_EVERY`] pivots. Both loops look at
//! the deadline at every pivot.

use crate::deadline::Deadline;

/// Pivots between two rebuilds of the basis inverse.
const REFACTOR_EVERY: usize = 60;
/// Primal feasibility tolerance (absolute).
const PRIMAL_TOL: f64 = 1e-9;
/// A basic further than this outside its bounds after a rebuild has its
/// bound shifted during the primal simplex (see `Simplex::shift_bounds`).
const SHIFT_TOL: f64 = 1e-6;
/// Dual feasibility tolerance.
const DUAL_TOL: f64 = 1e-9;
/// The value an entry listed as nonzero keeps when it cancels to zero
/// exactly (so that it is never listed twice).
const TINY: f64 = 1e-300;
/// Smallest pivot accepted.
const PIVOT_TOL: f64 = 1e-7;

/// A row: its entries `(column, value)`, then its lower and upper bounds.
pub(crate) type Row = (Vec<(usize, f64)>, f64, f64);

/// Where a variable is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Basic,
    AtLower,
    AtUpper,
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Optimal,
    Infeasible,
    Unbounded,
    IterationLimit,
    /// The dual simplex's objective passed [`Simplex::cutoff`]: the LP's
    /// optimum is above it.
    Cutoff,
}

/// One eta column of the product-form inverse.
#[derive(Debug, Clone)]
struct Eta {
    row: usize,
    pivot: f64,
    /// The other entries `(row, value)`.
    entries: Vec<(usize, f64)>,
}

/// The vectors of one pivot, kept between pivots.
struct Work {
    /// `ρ = B⁻ᵀ e_r` of the pivot row.
    rho: Vec<f64>,
    /// Where `ρ` is nonzero.
    rho_nonzeros: Vec<usize>,
    /// `B⁻¹ρ` (the steepest-edge update), and where it is nonzero.
    tau: Vec<f64>,
    tau_nonzeros: Vec<usize>,
    /// The pivot row `α_r = ρᵀ [A, I]` over all variables, and where it
    /// is nonzero.
    alpha_row: Vec<f64>,
    touched: Vec<usize>,
    in_touched: Vec<bool>,
    /// The entering column `B⁻¹ a_q`, and where it is nonzero.
    alpha_col: Vec<f64>,
    nonzeros: Vec<usize>,
}

impl Work {
    fn new(n: usize, m: usize) -> Self {
        Self {
            rho: vec![0.0; m],
            rho_nonzeros: Vec::new(),
            tau: vec![0.0; m],
            tau_nonzeros: Vec::new(),
            alpha_row: vec![0.0; n + m],
            touched: Vec::new(),
            in_touched: vec![false; n + m],
            alpha_col: vec![0.0; m],
            nonzeros: Vec::new(),
        }
    }

    /// The pivot row of basis position `r`.
    fn pivot_row(&mut self, lp: &Simplex, r: usize) {
        let n = lp.n;
        for &i in &self.rho_nonzeros {
            self.rho[i] = 0.0;
        }
        self.rho[r] = 1.0;
        self.rho_nonzeros.clear();
        self.rho_nonzeros.push(r);
        lp.btran_sparse(&mut self.rho, &mut self.rho_nonzeros);
        for &j in &self.touched {
            self.alpha_row[j] = 0.0;
            self.in_touched[j] = false;
        }
        self.touched.clear();
        for &i in &self.rho_nonzeros {
            let p = self.rho[i];
            if p == 0.0 {
                continue;
            }
            for k in lp.row_start[i]..lp.row_start[i + 1] {
                let j = lp.row_col[k];
                self.alpha_row[j] += p * lp.row_val[k];
                if !self.in_touched[j] {
                    self.in_touched[j] = true;
                    self.touched.push(j);
                }
            }
            self.alpha_row[n + i] = p;
            if !self.in_touched[n + i] {
                self.in_touched[n + i] = true;
                self.touched.push(n + i);
            }
        }
    }

    /// The column of variable `q` through the basis inverse, with values
    /// below 1e-13 dropped.
    fn pivot_column(&mut self, lp: &Simplex, q: usize) {
        self.clear_column();
        for (i, v) in lp.column(q) {
            self.alpha_col[i] = v;
            self.nonzeros.push(i);
        }
        lp.ftran_sparse(&mut self.alpha_col, &mut self.nonzeros);
        let alpha_col = &mut self.alpha_col;
        self.nonzeros.retain(|&i| {
            if alpha_col[i].abs() < 1e-13 {
                alpha_col[i] = 0.0;
                false
            } else {
                true
            }
        });
    }

    /// Zeroes `alpha_col` and its list of nonzeros.
    fn clear_column(&mut self) {
        for &i in &self.nonzeros {
            self.alpha_col[i] = 0.0;
        }
        self.nonzeros.clear();
    }

    /// `τ = B⁻¹ρ` of the last pivot row.
    fn tau(&mut self, lp: &Simplex) {
        for &i in &self.tau_nonzeros {
            self.tau[i] = 0.0;
        }
        self.tau_nonzeros.clear();
        for &i in &self.rho_nonzeros {
            self.tau[i] = self.rho[i];
            self.tau_nonzeros.push(i);
        }
        lp.ftran_sparse(&mut self.tau, &mut self.tau_nonzeros);
    }
}

/// A basis saved by [`Simplex::basis`].
#[derive(Debug, Clone)]
pub(crate) struct Basis {
    basic: Vec<usize>,
    status: Vec<Status>,
}

/// The LP and its simplex state.
#[derive(Debug, Clone)]
pub(crate) struct Simplex {
    n: usize,
    m: usize,
    /// `A` by columns (structurals only).
    col_start: Vec<usize>,
    col_row: Vec<usize>,
    col_val: Vec<f64>,
    /// `A` by rows.
    row_start: Vec<usize>,
    row_col: Vec<usize>,
    row_val: Vec<f64>,
    /// Costs, bounds of all `n + m` variables (structurals then logicals).
    cost: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// Values, statuses, reduced costs of all variables.
    x: Vec<f64>,
    status: Vec<Status>,
    d: Vec<f64>,
    /// The basic variable of each basis position (row).
    basic: Vec<usize>,
    etas: Vec<Eta>,
    /// The basis factorised at the last rebuild (the etas are the pivots
    /// since); `None` when the product form holds the whole inverse.
    lu: Option<crate::lu::Lu>,
    /// A work vector of length m for the LU solves.
    scratch: std::cell::RefCell<Vec<f64>>,
    /// Work space for the LU's sparse solves.
    sparse: std::cell::RefCell<crate::lu::Scratch>,
    since_refactor: usize,
    pub iterations: usize,
    /// The work of the pivots so far: each counts the columns and rows of
    /// the LP (what a full pricing pass reads; the primal simplex prices
    /// a shorter list of candidates, and counts the same), plus the
    /// entries of the factors and of the etas its solves read (see
    /// [`work_limit`](Self::work_limit)). The same on every machine.
    pub work: u64,
    /// The solves return [`Outcome::IterationLimit`] once `work` reaches
    /// this.
    pub work_limit: u64,
    /// How many times the values and reduced costs were computed from
    /// scratch (the primal simplex's pricing list is rebuilt then).
    recomputed: u64,
    /// The dual simplex stops with [`Outcome::Cutoff`] once its
    /// objective `cᵀx` is above this. From a dual feasible basis (the
    /// dual simplex keeps one, up to its tolerance) that objective only
    /// rises on the way and is a lower bound on the optimum at every
    /// pivot; callers that close a node on it confirm with a bound of
    /// their own (the branch and cut's certificate).
    pub cutoff: f64,
    /// The variables with a nonzero cost (the objective's terms).
    costed: Vec<usize>,
    /// Entries of the LU factors, and of the etas since.
    lu_entries: usize,
    eta_entries: usize,
    /// Nonbasics stay where they are at a rebuild (primal simplex).
    keep_statuses: bool,
    /// The squared primal infeasibility of each basis position (the dual
    /// simplex's row choice); empty when stale.
    infeasibility: Vec<f64>,
    /// The dual steepest-edge weight `‖eᵣᵀB⁻¹‖²` of each basis position
    /// (approximate: 1 from a fresh start); empty when reset.
    edge: Vec<f64>,
    /// The bounds are perturbed ([`Simplex::perturb_bounds`]): the primal
    /// simplex may widen them further where a rebuild finds a basic
    /// outside them.
    shifting: bool,
}

impl Simplex {
    /// The LP `min cᵀx`, `row_lo ≤ A x ≤ row_up`, `lo ≤ x ≤ up` (finite
    /// structural bounds), with `A` given by rows of `(column, value)`.
    pub fn new(cost: Vec<f64>, lower: Vec<f64>, upper: Vec<f64>, rows: &[Row]) -> Self {
        let n = cost.len();
        let m = rows.len();
        let mut lp = Self {
            n,
            m: 0,
            col_start: vec![0; n + 1],
            col_row: Vec::new(),
            col_val: Vec::new(),
            row_start: vec![0],
            row_col: Vec::new(),
            row_val: Vec::new(),
            cost,
            lower,
            upper,
            x: vec![0.0; n],
            status: vec![Status::AtLower; n],
            d: Vec::new(),
            basic: Vec::new(),
            etas: Vec::new(),
            lu: None,
            scratch: std::cell::RefCell::new(Vec::new()),
            sparse: std::cell::RefCell::new(crate::lu::Scratch::default()),
            since_refactor: 0,
            iterations: 0,
            work: 0,
            work_limit: u64::MAX,
            cutoff: f64::INFINITY,
            costed: Vec::new(),
            recomputed: 0,
            lu_entries: 0,
            eta_entries: 0,
            keep_statuses: false,
            infeasibility: Vec::new(),
            edge: Vec::new(),
            shifting: false,
        };
        lp.costed = (0..n).filter(|&j| lp.cost[j] != 0.0).collect();
        lp.add_rows(rows);
        debug_assert_eq!(lp.m, m);
        lp
    }

    /// Appends rows `(entries, row_lo, row_up)`, their logicals basic.
    pub fn add_rows(&mut self, rows: &[Row]) {
        for (entries, lo, up) in rows {
            for &(j, v) in entries {
                self.row_col.push(j);
                self.row_val.push(v);
            }
            self.row_start.push(self.row_col.len());
            self.cost.push(0.0);
            self.lower.push(-up);
            self.upper.push(-lo);
            self.x.push(0.0);
            self.status.push(Status::Basic);
            self.basic.push(self.n + self.m);
            if !self.edge.is_empty() {
                self.edge.push(1.0);
            }
            self.m += 1;
        }
        self.rebuild_columns();
        // Nonbasic structurals at the bound their reduced cost points to
        // (the first time: the cost), then the basics from them.
        self.refactor();
    }

    fn rebuild_columns(&mut self) {
        let (n, m) = (self.n, self.m);
        let mut count = vec![0usize; n + 1];
        for &j in &self.row_col {
            count[j + 1] += 1;
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        self.col_start = count.clone();
        self.col_row = vec![0; self.row_col.len()];
        self.col_val = vec![0.0; self.row_col.len()];
        let mut next = count;
        for r in 0..m {
            for k in self.row_start[r]..self.row_start[r + 1] {
                let j = self.row_col[k];
                self.col_row[next[j]] = r;
                self.col_val[next[j]] = self.row_val[k];
                next[j] += 1;
            }
        }
    }

    /// Column `j` of `[A, I]` as `(row, value)` pairs.
    fn column(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (range, unit) = if j < self.n {
            (self.col_start[j]..self.col_start[j + 1], None)
        } else {
            (0..0, Some((j - self.n, 1.0)))
        };
        range.map(|k| (self.col_row[k], self.col_val[k])).chain(unit)
    }

    /// `B⁻¹ a` in place (a dense vector of length m).
    fn ftran(&self, a: &mut [f64]) {
        if let Some(lu) = &self.lu {
            let mut work = self.scratch.borrow_mut();
            work.resize(a.len(), 0.0);
            lu.solve(a, &mut work);
        }
        self.apply_etas(a, |_| {});
    }

    /// The product-form part of [`ftran`](Self::ftran): each eta in
    /// turn; `filled(i)` for each entry that was zero and is written.
    fn apply_etas(&self, a: &mut [f64], mut filled: impl FnMut(usize)) {
        for eta in &self.etas {
            let t = a[eta.row];
            if t == 0.0 {
                continue;
            }
            let t = t / eta.pivot;
            a[eta.row] = t;
            for &(i, v) in &eta.entries {
                if a[i] == 0.0 {
                    filled(i);
                }
                a[i] -= v * t;
                if a[i] == 0.0 {
                    // Listed already: kept nonzero so as not to be
                    // listed twice.
                    a[i] = TINY;
                }
            }
        }
    }

    /// [`ftran`](Self::ftran) for a sparse `a`: `nonzeros` lists where
    /// `a` may be nonzero (each once), and comes back listing where the
    /// answer may be.
    fn ftran_sparse(&self, a: &mut [f64], nonzeros: &mut Vec<usize>) {
        if let Some(lu) = &self.lu {
            lu.solve_sparse(a, nonzeros, &mut self.sparse.borrow_mut());
        }
        self.apply_etas(a, |i| nonzeros.push(i));
    }

    /// [`btran`](Self::btran) for a sparse `e`, with its nonzeros listed
    /// as in [`ftran_sparse`](Self::ftran_sparse).
    fn btran_sparse(&self, e: &mut [f64], nonzeros: &mut Vec<usize>) {
        for eta in self.etas.iter().rev() {
            let mut s = e[eta.row];
            for &(i, v) in &eta.entries {
                s -= v * e[i];
            }
            if e[eta.row] == 0.0 {
                if s == 0.0 {
                    continue;
                }
                nonzeros.push(eta.row);
            }
            e[eta.row] = if s == 0.0 { TINY } else { s / eta.pivot };
        }
        if let Some(lu) = &self.lu {
            lu.solve_transposed_sparse(e, nonzeros, &mut self.sparse.borrow_mut());
        }
    }

    /// `B⁻ᵀ e` in place.
    fn btran(&self, e: &mut [f64]) {
        for eta in self.etas.iter().rev() {
            let mut s = e[eta.row];
            for &(i, v) in &eta.entries {
                s -= v * e[i];
            }
            e[eta.row] = s / eta.pivot;
        }
        if let Some(lu) = &self.lu {
            let mut work = self.scratch.borrow_mut();
            work.resize(e.len(), 0.0);
            lu.solve_transposed(e, &mut work);
        }
    }

    /// `want` for nonbasic `j`, or its other side when `want`'s bound is
    /// infinite.
    fn finite_side(&self, j: usize, want: Status) -> Status {
        match want {
            Status::AtUpper if self.upper[j].is_infinite() => Status::AtLower,
            Status::AtLower if self.lower[j].is_infinite() => Status::AtUpper,
            s => s,
        }
    }

    /// A singular basis (numerical drift let a near-zero pivot in): the
    /// basics that found no pivot leave, at the bound nearest their value,
    /// and the logicals of the rows left enter in their places.
    fn repair(&mut self, singular: &crate::lu::Singular) {
        for (&position, &row) in singular.columns.iter().zip(&singular.rows) {
            let leaving = self.basic[position];
            let nearest = if self.x[leaving] - self.lower[leaving] <= self.upper[leaving] - self.x[leaving] {
                Status::AtLower
            } else {
                Status::AtUpper
            };
            self.status[leaving] = self.finite_side(leaving, nearest);
            let entering = self.n + row;
            self.status[entering] = Status::Basic;
            self.basic[position] = entering;
        }
        self.edge.clear();
        self.infeasibility.clear();
    }

    /// Rebuilds the inverse from the basic columns, then the values of
    /// the basics and the reduced costs.
    fn refactor(&mut self) {
        let m = self.m;
        self.etas.clear();
        self.lu = None;
        (self.lu_entries, self.eta_entries) = (0, 0);
        for _ in 0..3 {
            let mut start = Vec::with_capacity(m + 1);
            start.push(0);
            let mut entries = Vec::new();
            for &v in &self.basic {
                entries.extend(self.column(v));
                start.push(entries.len());
            }
            match crate::lu::Lu::factor(m, &start, &entries) {
                Ok(lu) => {
                    self.lu_entries = lu.entries();
                    self.lu = Some(lu);
                    self.since_refactor = 0;
                    self.recompute();
                    return;
                }
                Err(singular) => self.repair(&singular),
            }
        }
        let mut assigned = vec![false; m];
        let mut new_basic = vec![usize::MAX; m];
        // Logicals first: unit columns at their own rows (no eta).
        let mut structurals = Vec::new();
        for &v in &self.basic {
            if v >= self.n {
                assigned[v - self.n] = true;
                new_basic[v - self.n] = v;
            } else {
                structurals.push(v);
            }
        }
        // Then structurals, shortest first, each pivoted on its largest
        // entry among the rows not yet taken.
        structurals.sort_by_key(|&j| (self.col_start[j + 1] - self.col_start[j], j));
        let mut work = vec![0.0; m];
        let mut dropped = Vec::new();
        for &j in &structurals {
            for (i, v) in self.column(j) {
                work[i] = v;
            }
            self.ftran(&mut work);
            let mut best: Option<(usize, f64)> = None;
            for (i, &v) in work.iter().enumerate() {
                if !assigned[i] && v.abs() > PIVOT_TOL && best.is_none_or(|(_, b)| v.abs() > b.abs()) {
                    best = Some((i, v));
                }
            }
            match best {
                Some((row, pivot)) => {
                    let entries: Vec<(usize, f64)> = work
                        .iter()
                        .enumerate()
                        .filter(|&(i, &v)| i != row && v != 0.0)
                        .map(|(i, &v)| (i, v))
                        .collect();
                    self.eta_entries += entries.len();
                    self.etas.push(Eta { row, pivot, entries });
                    assigned[row] = true;
                    new_basic[row] = j;
                }
                None => dropped.push(j),
            }
            work.iter_mut().for_each(|v| *v = 0.0);
        }
        // A singular basis: the rows left get their logicals back.
        for j in dropped {
            self.status[j] = if self.d_of(j) >= 0.0 {
                Status::AtLower
            } else {
                Status::AtUpper
            };
        }
        for r in 0..m {
            if !assigned[r] {
                let v = self.n + r;
                self.status[v] = Status::Basic;
                new_basic[r] = v;
            }
        }
        self.basic = new_basic;
        self.edge.clear();
        self.since_refactor = 0;
        self.recompute();
    }

    /// The squared primal infeasibility of the basic at position `r`.
    fn infeasibility_of(&self, r: usize) -> f64 {
        let v = self.basic[r];
        let e = if self.x[v] < self.lower[v] - PRIMAL_TOL {
            self.lower[v] - self.x[v]
        } else if self.x[v] > self.upper[v] + PRIMAL_TOL {
            self.x[v] - self.upper[v]
        } else {
            0.0
        };
        e * e
    }

    /// A reduced cost that may not be computed yet (the cost then).
    fn d_of(&self, j: usize) -> f64 {
        self.d.get(j).copied().unwrap_or(self.cost[j])
    }

    /// Values of the basics from the nonbasics (`B x_B = −N x_N`), duals
    /// `y = B⁻ᵀ c_B`, reduced costs `d = c − [A, I]ᵀ y`; nonbasics placed
    /// at the bound their reduced cost points to.
    fn recompute(&mut self) {
        let (n, m) = (self.n, self.m);
        self.recomputed += 1;
        let mut y: Vec<f64> = self.basic.iter().map(|&v| self.cost[v]).collect();
        self.btran(&mut y);
        self.d = vec![0.0; n + m];
        for j in 0..n {
            let dot: f64 = (self.col_start[j]..self.col_start[j + 1])
                .map(|k| self.col_val[k] * y[self.col_row[k]])
                .sum();
            self.d[j] = self.cost[j] - dot;
        }
        for (r, &yr) in y.iter().enumerate() {
            self.d[n + r] = self.cost[n + r] - yr;
        }
        for j in 0..n + m {
            if self.status[j] == Status::Basic {
                self.d[j] = 0.0;
                continue;
            }
            if self.keep_statuses {
                self.x[j] = if self.status[j] == Status::AtLower {
                    self.lower[j]
                } else {
                    self.upper[j]
                };
                continue;
            }
            // Keep dual feasibility: a boxed variable goes to the bound
            // its reduced cost points to.
            let want = if self.d[j] > DUAL_TOL {
                Status::AtLower
            } else if self.d[j] < -DUAL_TOL {
                Status::AtUpper
            } else {
                self.status[j]
            };
            let want = self.finite_side(j, want);
            self.status[j] = want;
            self.x[j] = if want == Status::AtLower {
                self.lower[j]
            } else {
                self.upper[j]
            };
        }
        let mut rhs = vec![0.0; m];
        for j in 0..n + m {
            if self.status[j] == Status::Basic || self.x[j] == 0.0 {
                continue;
            }
            for (i, v) in self.column(j) {
                rhs[i] -= v * self.x[j];
            }
        }
        self.ftran(&mut rhs);
        for (r, &value) in rhs.iter().enumerate() {
            self.x[self.basic[r]] = value;
        }
        self.infeasibility.clear();
    }

    /// Starts from the basis `basic` (one variable per row, structurals
    /// and logicals numbered as in the reduced costs), with the nonbasics
    /// in `at_upper` at their upper bounds and the others at their lower
    /// ones, for [`solve_primal`](Self::solve_primal).
    pub fn set_basis(&mut self, basic: &[usize], at_upper: &[usize]) {
        assert_eq!(basic.len(), self.m);
        self.status.iter_mut().for_each(|s| *s = Status::AtLower);
        for &j in at_upper {
            self.status[j] = Status::AtUpper;
        }
        for &j in basic {
            self.status[j] = Status::Basic;
        }
        self.basic = basic.to_vec();
        self.edge.clear();
        self.keep_statuses = true;
        self.refactor();
    }

    /// The current basis, for [`restore`](Self::restore) later (rows
    /// added since come back with their logicals basic).
    pub fn basis(&self) -> Basis {
        Basis {
            basic: self.basic.clone(),
            status: self.status.clone(),
        }
    }

    /// Goes back to a basis from [`basis`](Self::basis) with the
    /// structurals' `bounds` set anew: the rows added since with their
    /// logicals basic, the nonbasics at the bound their reduced costs
    /// point to (a dual feasible start when `basis` was optimal and only
    /// bounds and new rows changed since). The steepest-edge weights start
    /// again from 1.
    pub fn restore(&mut self, basis: &Basis, bounds: impl IntoIterator<Item = (usize, f64, f64)>) {
        for (j, lower, upper) in bounds {
            self.lower[j] = lower;
            self.upper[j] = upper;
        }
        let rows = basis.basic.len();
        debug_assert!(rows <= self.m);
        self.basic.clear();
        self.basic.extend_from_slice(&basis.basic);
        self.basic.extend(self.n + rows..self.n + self.m);
        self.edge.clear();
        self.status.clear();
        self.status.extend_from_slice(&basis.status);
        self.status.resize(self.n + self.m, Status::Basic);
        self.keep_statuses = false;
        self.infeasibility.clear();
        self.refactor();
    }

    /// Widens the basics' finite bounds by up to `scale · (1 + |bound|)`
    /// (against primal degeneracy; the values stay feasible), returning the original bounds for
    /// [`restore_bounds`](Self::restore_bounds). Until then the primal
    /// simplex also widens the bounds of basics a rebuild finds outside
    /// them.
    pub fn perturb_bounds(&mut self, scale: f64) -> (Vec<f64>, Vec<f64>) {
        let saved = (self.lower.clone(), self.upper.clone());
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut draw = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            0.5 + (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for j in 0..self.n + self.m {
            // Only the basics' bounds widen: the nonbasics stay put, and
            // so do the basics' values.
            if self.lower[j] == self.upper[j] || self.status[j] != Status::Basic {
                continue;
            }
            if self.lower[j].is_finite() {
                self.lower[j] -= scale * (1.0 + self.lower[j].abs()) * draw();
            }
            if self.upper[j].is_finite() {
                self.upper[j] += scale * (1.0 + self.upper[j].abs()) * draw();
            }
        }
        self.keep_statuses = true;
        self.shifting = true;
        self.recompute();
        saved
    }

    /// Puts the bounds back (see [`perturb_bounds`](Self::perturb_bounds)).
    pub fn restore_bounds(&mut self, saved: (Vec<f64>, Vec<f64>)) {
        (self.lower, self.upper) = saved;
        self.shifting = false;
        self.keep_statuses = true;
        self.recompute();
        self.keep_statuses = false;
    }

    /// Primal simplex pivots (Devex pricing from fresh reference weights,
    /// Harris ratio test, the entering variable's own bound flip) from a primal feasible basis
    /// until optimal or `max_iterations` more pivots.
    pub fn solve_primal(&mut self, max_iterations: usize, deadline: &Deadline) -> Outcome {
        let (n, m) = (self.n, self.m);
        self.keep_statuses = true;
        self.infeasibility.clear();
        self.edge.clear();
        let limit = self.iterations.saturating_add(max_iterations);
        let mut work = Work::new(n, m);
        let mut gamma = vec![1.0; n + m];
        // The nonbasics that may price favourably (all those that do, and
        // some that no longer do): rebuilt after each recomputation of the
        // reduced costs, extended by those a pivot changes.
        let mut candidates: Vec<usize> = Vec::new();
        let mut listed = vec![false; n + m];
        let mut listed_at = None;
        loop {
            if listed_at != Some(self.recomputed) {
                candidates.iter().for_each(|&j| listed[j] = false);
                candidates.clear();
                for (j, on_list) in listed.iter_mut().enumerate() {
                    if self.primal_gain(j) > 0.0 {
                        *on_list = true;
                        candidates.push(j);
                    }
                }
                listed_at = Some(self.recomputed);
            }
            // The largest gain² / weight, the lowest index on a tie.
            let mut enter: Option<(usize, f64)> = None;
            let mut k = 0;
            while k < candidates.len() {
                let j = candidates[k];
                let gain = self.primal_gain(j);
                if gain == 0.0 {
                    listed[j] = false;
                    candidates.swap_remove(k);
                    continue;
                }
                let score = gain * gain / gamma[j];
                if enter.is_none_or(|(i, b)| score > b || (score == b && j < i)) {
                    enter = Some((j, score));
                }
                k += 1;
            }
            let Some((q, _)) = enter else {
                self.keep_statuses = false;
                return Outcome::Optimal;
            };
            if self.iterations >= limit || self.work >= self.work_limit || deadline.passed() {
                return Outcome::IterationLimit;
            }
            let dir = if self.status[q] == Status::AtLower {
                1.0
            } else {
                -1.0
            };
            work.pivot_column(self, q);
            // x_B moves by −dir·t·α as x_q moves by dir·t. Harris: the
            // largest step with bounds relaxed by the tolerance, then the
            // largest |α| among the rows blocking within it.
            let rate = |i: usize| -dir * work.alpha_col[i];
            let mut relaxed = self.upper[q] - self.lower[q];
            for &i in &work.nonzeros {
                let (v, a) = (self.basic[i], rate(i));
                if a.abs() <= PIVOT_TOL {
                    continue;
                }
                let room = if a < 0.0 {
                    (self.x[v] - self.lower[v] + PRIMAL_TOL) / -a
                } else {
                    (self.upper[v] - self.x[v] + PRIMAL_TOL) / a
                };
                relaxed = relaxed.min(room);
            }
            if relaxed.is_infinite() {
                return Outcome::Unbounded;
            }
            let mut leave: Option<(usize, f64)> = None;
            for &i in &work.nonzeros {
                let (v, a) = (self.basic[i], rate(i));
                if a.abs() <= PIVOT_TOL {
                    continue;
                }
                let room = if a < 0.0 {
                    (self.x[v] - self.lower[v]) / -a
                } else {
                    (self.upper[v] - self.x[v]) / a
                };
                if room <= relaxed && leave.is_none_or(|(_, b)| a.abs() > b) {
                    leave = Some((i, a.abs()));
                }
            }
            let own = self.upper[q] - self.lower[q];
            let Some((r, _)) = leave.filter(|_| own > relaxed || own.is_infinite()) else {
                // The entering variable reaches its other bound first.
                let t = own;
                for &i in &work.nonzeros {
                    self.x[self.basic[i]] -= dir * t * work.alpha_col[i];
                }
                self.x[q] += dir * t;
                self.status[q] = if dir > 0.0 {
                    Status::AtUpper
                } else {
                    Status::AtLower
                };
                self.count_pivot();
                continue;
            };
            let leaving = self.basic[r];
            let a = rate(r);
            let to_lower = a < 0.0;
            let target = if to_lower {
                self.lower[leaving]
            } else {
                self.upper[leaving]
            };
            let t = ((self.x[leaving] - target) / (dir * work.alpha_col[r])).max(0.0);
            // The pivot row, for the reduced costs.
            work.pivot_row(self, r);
            let pivot = work.alpha_col[r];
            let theta = self.d[q] / pivot;
            {
                let gq = gamma[q];
                for &j in &work.touched {
                    if self.status[j] != Status::Basic && work.alpha_row[j] != 0.0 {
                        let ratio = work.alpha_row[j] / pivot;
                        gamma[j] = gamma[j].max(ratio * ratio * gq);
                    }
                }
                gamma[leaving] = (gq / (pivot * pivot)).max(1.0);
                if gamma[leaving] > 1e6 {
                    gamma.iter_mut().for_each(|g| *g = 1.0);
                }
            }
            for &i in &work.nonzeros {
                self.x[self.basic[i]] -= dir * t * work.alpha_col[i];
            }
            self.x[q] += dir * t;
            self.x[leaving] = target;
            self.exchange(&work, r, q, to_lower, theta);
            for &j in work.touched.iter().chain([&leaving]) {
                if !listed[j] && self.primal_gain(j) > 0.0 {
                    listed[j] = true;
                    candidates.push(j);
                }
            }
            self.after_pivot();
            if self.since_refactor == 0 && self.shifting {
                self.shift_bounds();
            }
        }
    }

    /// How much nonbasic `j`'s reduced cost says the objective falls per
    /// unit it moves away from its bound (0 when basic, fixed, or not
    /// favourable): the primal simplex's pricing.
    fn primal_gain(&self, j: usize) -> f64 {
        match self.status[j] {
            Status::AtLower if self.d[j] < -DUAL_TOL && self.upper[j] > self.lower[j] => -self.d[j],
            Status::AtUpper if self.d[j] > DUAL_TOL && self.upper[j] > self.lower[j] => self.d[j],
            _ => 0.0,
        }
    }

    /// Widens the bounds of the basics a rebuild found outside them to
    /// their values (drift of the updates between rebuilds), so that the
    /// primal simplex goes on from a feasible point; the caller's
    /// [`restore_bounds`](Self::restore_bounds) puts them back.
    fn shift_bounds(&mut self) {
        for &v in &self.basic {
            if self.x[v] < self.lower[v] - SHIFT_TOL {
                self.lower[v] = self.x[v];
            } else if self.x[v] > self.upper[v] + SHIFT_TOL {
                self.upper[v] = self.x[v];
            }
        }
        self.infeasibility.clear();
    }

    /// The basis change of a pivot (the values already moved): `q`
    /// enters at position `r`, whose variable leaves at its lower bound
    /// or its upper one, and the reduced costs move by `θ` times the pivot
    /// row; the eta column of the change is kept.
    fn exchange(&mut self, work: &Work, r: usize, q: usize, to_lower: bool, theta: f64) {
        let leaving = self.basic[r];
        for &j in &work.touched {
            if self.status[j] != Status::Basic && work.alpha_row[j] != 0.0 {
                self.d[j] -= theta * work.alpha_row[j];
            }
        }
        self.d[q] = 0.0;
        self.d[leaving] = -theta;
        self.status[leaving] = if to_lower {
            Status::AtLower
        } else {
            Status::AtUpper
        };
        self.status[q] = Status::Basic;
        self.basic[r] = q;
        let entries: Vec<(usize, f64)> = work
            .nonzeros
            .iter()
            .filter(|&&i| i != r)
            .map(|&i| (i, work.alpha_col[i]))
            .collect();
        self.eta_entries += entries.len();
        self.etas.push(Eta {
            row: r,
            pivot: work.alpha_col[r],
            entries,
        });
    }

    /// Counts a pivot and its work.
    fn count_pivot(&mut self) {
        self.iterations += 1;
        self.work = self
            .work
            .saturating_add((self.n + self.m + self.lu_entries + self.eta_entries) as u64);
    }

    /// Counts a pivot; rebuilds the factors every [`REFACTOR_EVERY`].
    fn after_pivot(&mut self) {
        self.count_pivot();
        self.since_refactor += 1;
        if self.since_refactor >= REFACTOR_EVERY {
            self.refactor();
        }
    }

    /// Runs dual simplex pivots until optimal, infeasible, or
    /// `max_iterations` more pivots.
    pub fn solve(&mut self, max_iterations: usize, deadline: &Deadline) -> Outcome {
        let (n, m) = (self.n, self.m);
        let limit = self.iterations.saturating_add(max_iterations);
        let mut work = Work::new(n, m);
        loop {
            // The leaving row: the largest primal infeasibility, squared,
            // over its steepest-edge weight.
            if self.infeasibility.len() != m {
                self.infeasibility = (0..m).map(|r| self.infeasibility_of(r)).collect();
            }
            if self.edge.len() != m {
                self.edge = vec![1.0; m];
            }
            let mut leave: Option<(usize, f64)> = None;
            let mut largest = 0.0;
            for (r, (&infeasibility, &weight)) in self.infeasibility.iter().zip(&self.edge).enumerate() {
                let score = infeasibility / weight;
                if score > largest {
                    largest = score;
                    leave = Some((r, score));
                }
            }
            let Some((r, _)) = leave else {
                return Outcome::Optimal;
            };
            if self.iterations >= limit || self.work >= self.work_limit || deadline.passed() {
                return Outcome::IterationLimit;
            }
            if self.cutoff < f64::INFINITY && self.objective() > self.cutoff {
                return Outcome::Cutoff;
            }
            let leaving = self.basic[r];
            let to_lower = self.x[leaving] < self.lower[leaving];
            // The pivot row: ρ = B⁻ᵀ e_r, α_rj = ρ · a_j.
            work.pivot_row(self, r);
            // The ratio test over the eligible nonbasics, with bound
            // flipping: boxed candidates whose breakpoint comes before the
            // slope (the leaving row's infeasibility) is used up flip to
            // their other bound instead of entering.
            let mut candidates: Vec<(f64, usize)> = Vec::new();
            for &j in &work.touched {
                let a = work.alpha_row[j];
                if self.status[j] == Status::Basic || a.abs() <= PIVOT_TOL || self.lower[j] == self.upper[j] {
                    continue;
                }
                let at_lower = self.status[j] == Status::AtLower;
                let eligible = if to_lower {
                    (at_lower && a < 0.0) || (!at_lower && a > 0.0)
                } else {
                    (at_lower && a > 0.0) || (!at_lower && a < 0.0)
                };
                if eligible {
                    candidates.push(((self.d[j] / a).abs(), j));
                }
            }
            candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut slope = if to_lower {
                self.lower[leaving] - self.x[leaving]
            } else {
                self.x[leaving] - self.upper[leaving]
            };
            let mut flips: Vec<usize> = Vec::new();
            let mut enter: Option<usize> = None;
            for &(_, j) in &candidates {
                let range = self.upper[j] - self.lower[j];
                let used = work.alpha_row[j].abs() * range;
                if range.is_finite() && slope - used > PRIMAL_TOL {
                    slope -= used;
                    flips.push(j);
                } else {
                    enter = Some(j);
                    break;
                }
            }
            let Some(q) = enter.or_else(|| flips.pop()) else {
                return Outcome::Infeasible;
            };
            if !flips.is_empty() {
                // x_B moves by −B⁻¹ Σ a_j Δ_j.
                work.clear_column();
                for &j in &flips {
                    let (to, status) = if self.status[j] == Status::AtLower {
                        (self.upper[j], Status::AtUpper)
                    } else {
                        (self.lower[j], Status::AtLower)
                    };
                    let step = to - self.x[j];
                    self.x[j] = to;
                    self.status[j] = status;
                    for (i, v) in self.column(j) {
                        work.alpha_col[i] += v * step;
                        work.nonzeros.push(i);
                    }
                }
                work.nonzeros.sort_unstable();
                work.nonzeros.dedup();
                self.ftran_sparse(&mut work.alpha_col, &mut work.nonzeros);
                for &i in &work.nonzeros {
                    let step = work.alpha_col[i];
                    if step != 0.0 {
                        self.x[self.basic[i]] -= step;
                        self.infeasibility[i] = self.infeasibility_of(i);
                    }
                }
            }
            // The entering column.
            work.pivot_column(self, q);
            let pivot = work.alpha_col[r];
            if pivot.abs() <= PIVOT_TOL {
                self.refactor();
                continue;
            }
            // Primal step.
            let target = if to_lower {
                self.lower[leaving]
            } else {
                self.upper[leaving]
            };
            let delta = (self.x[leaving] - target) / pivot;
            for &i in &work.nonzeros {
                self.x[self.basic[i]] -= delta * work.alpha_col[i];
            }
            self.x[q] += delta;
            self.x[leaving] = target;
            // The steepest-edge weights: ‖ρ‖² exactly for the leaving
            // row, the others through τ = B⁻¹ρ.
            let rho_norm: f64 = work.rho_nonzeros.iter().map(|&i| work.rho[i] * work.rho[i]).sum();
            work.tau(self);
            for &i in &work.nonzeros {
                if i == r {
                    continue;
                }
                let ratio = work.alpha_col[i] / pivot;
                let updated = self.edge[i] + ratio * (ratio * rho_norm - 2.0 * work.tau[i]);
                self.edge[i] = updated.max(1e-4);
            }
            self.edge[r] = (rho_norm / (pivot * pivot)).max(1e-4);
            // Dual step.
            let theta = self.d[q] / work.alpha_row[q];
            self.exchange(&work, r, q, to_lower, theta);
            for &i in &work.nonzeros {
                self.infeasibility[i] = self.infeasibility_of(i);
            }
            self.infeasibility[r] = self.infeasibility_of(r);
            self.after_pivot();
        }
    }

    /// The objective `cᵀx` (over the structurals with a cost: the
    /// logicals have none).
    pub fn objective(&self) -> f64 {
        self.costed.iter().map(|&j| self.cost[j] * self.x[j]).sum()
    }

    /// The structurals' values.
    pub fn values(&self) -> &[f64] {
        &self.x[..self.n]
    }

    /// The rows' duals `π = B⁻ᵀ c_B` (for a row `≤ up` that binds, `π ≤ 0`:
    /// `c − Aᵀπ` are the reduced costs).
    pub fn duals(&self) -> Vec<f64> {
        let mut y: Vec<f64> = self.basic.iter().map(|&v| self.cost[v]).collect();
        self.btran(&mut y);
        y
    }

    /// Sets the bounds of many structurals at once (one rebuild of the
    /// values).
    pub fn set_many_bounds(&mut self, bounds: impl IntoIterator<Item = (usize, f64, f64)>) {
        for (j, lower, upper) in bounds {
            self.lower[j] = lower;
            self.upper[j] = upper;
        }
        self.recompute();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_lp() {
        // max x0 + 2 x1 (min −x0 − 2 x1) s.t. x0 + x1 ≤ 1.5, x0 − x1 = 0,
        // 0 ≤ x ≤ 1: x = (0.75, 0.75), −2.25.
        let mut lp = Simplex::new(
            vec![-1.0, -2.0],
            vec![0.0; 2],
            vec![1.0; 2],
            &[
                (vec![(0, 1.0), (1, 1.0)], f64::NEG_INFINITY, 1.5),
                (vec![(0, 1.0), (1, -1.0)], 0.0, 0.0),
            ],
        );
        assert_eq!(lp.solve(100, &Deadline::never()), Outcome::Optimal);
        assert!((lp.objective() + 2.25).abs() < 1e-9, "{}", lp.objective());
        assert!((lp.values()[0] - 0.75).abs() < 1e-9);
        // Branch: x1 ≤ 0.5 → x0 = 0.5 too: −1.5.
        lp.set_many_bounds([(1, 0.0, 0.5)]);
        assert_eq!(lp.solve(100, &Deadline::never()), Outcome::Optimal);
        assert!((lp.objective() + 1.5).abs() < 1e-9, "{}", lp.objective());
        // A cut x0 ≤ 0.25 → x1 = 0.25: −0.75.
        lp.add_rows(&[(vec![(0, 1.0)], f64::NEG_INFINITY, 0.25)]);
        assert_eq!(lp.solve(100, &Deadline::never()), Outcome::Optimal);
        assert!((lp.objective() + 0.75).abs() < 1e-9, "{}", lp.objective());
        // Infeasible: x0 ≥ 0.5 with x0 ≤ 0.25.
        lp.set_many_bounds([(0, 0.5, 1.0)]);
        assert_eq!(lp.solve(100, &Deadline::never()), Outcome::Infeasible);
    }
}

#[cfg(test)]
mod optimality_tests {
    use super::*;
    use crate::test_instances::Lcg;

    /// Random boxed LPs with `≤`, `≥` and `=` rows: whatever the dual
    /// simplex or the primal simplex (from the logicals' basis, when it
    /// is feasible) returns as optimal meets the optimality conditions,
    /// checked from scratch: the point within every bound and row, and
    /// the reduced costs `c − Aᵀπ` of the returned duals with the signs
    /// the statuses need. Infeasible answers are checked against a
    /// feasible point planted in half of the LPs.
    #[test]
    fn answers_meet_the_optimality_conditions() {
        let mut rng = Lcg::new(7);
        let (mut optimal, mut infeasible) = (0, 0);
        for case in 0..600 {
            let (cost, upper, rows, planted) = random_lp(&mut rng, case);
            let n = cost.len();
            let mut lp = Simplex::new(cost.clone(), vec![0.0; n], upper.clone(), &rows);
            let outcome = lp.solve(10_000, &Deadline::never());
            match outcome {
                Outcome::Optimal => {
                    check_optimal(&lp, &cost, &rows, case);
                    optimal += 1;
                }
                Outcome::Infeasible => {
                    assert!(planted.is_none(), "case {case}: a feasible LP called infeasible");
                    infeasible += 1;
                }
                other => panic!("case {case}: {other:?}"),
            }
        }
        assert!(
            optimal > 300 && infeasible > 50,
            "{optimal} optimal, {infeasible} infeasible"
        );
    }

    /// A random LP `(cost, upper, rows, planted)` over `0 ≤ x ≤ upper`:
    /// for even `case`s, rows built around a planted feasible point.
    #[allow(clippy::type_complexity)]
    fn random_lp(rng: &mut Lcg, case: usize) -> (Vec<f64>, Vec<f64>, Vec<Row>, Option<Vec<f64>>) {
        let n = 2 + rng.below(8) as usize;
        let m = 1 + rng.below(6) as usize;
        let cost: Vec<f64> = (0..n).map(|_| rng.below(21) as f64 - 10.0).collect();
        let upper: Vec<f64> = (0..n).map(|_| 1.0 + rng.below(3) as f64).collect();
        let planted: Option<Vec<f64>> = case.is_multiple_of(2).then(|| {
            upper
                .iter()
                .map(|&u| (rng.below(101) as f64 / 100.0) * u)
                .collect()
        });
        let rows: Vec<Row> = (0..m)
            .map(|_| {
                let mut entries: Vec<(usize, f64)> = Vec::new();
                for j in 0..n {
                    let v = rng.below(9) as f64 - 4.0;
                    if rng.below(2) == 0 && v != 0.0 {
                        entries.push((j, v));
                    }
                }
                let at = planted.as_ref().map_or(rng.below(6) as f64 - 1.0, |x| {
                    entries.iter().map(|&(j, v)| v * x[j]).sum()
                });
                match rng.below(3) {
                    0 => (entries, f64::NEG_INFINITY, at + rng.below(2) as f64),
                    1 => (entries, at - rng.below(2) as f64, f64::INFINITY),
                    _ => (entries, at, at),
                }
            })
            .collect();
        (cost, upper, rows, planted)
    }

    /// After other bounds and a new row, `restore` with the first bounds
    /// gives back the first optimum, in few pivots.
    #[test]
    fn a_restored_basis_solves_the_first_lp_again() {
        let mut rng = Lcg::new(11);
        let mut checked = 0;
        for case in 0..400 {
            let (cost, upper, rows, _) = random_lp(&mut rng, case);
            let n = cost.len();
            let mut lp = Simplex::new(cost.clone(), vec![0.0; n], upper.clone(), &rows);
            if lp.solve(10_000, &Deadline::never()) != Outcome::Optimal {
                continue;
            }
            let first = lp.objective();
            let basis = lp.basis();
            // Other bounds: every variable fixed at a random value in its
            // range, then solved (optimal or infeasible, either will do).
            lp.set_many_bounds((0..n).map(|j| {
                let v = rng.below(3) as f64 / 2.0 * upper[j];
                (j, v, v)
            }));
            let _ = lp.solve(10_000, &Deadline::never());
            // A row no point of the first LP violates.
            let total: f64 = upper.iter().sum();
            lp.add_rows(&[((0..n).map(|j| (j, 1.0)).collect(), f64::NEG_INFINITY, total + 1.0)]);
            lp.restore(&basis, (0..n).map(|j| (j, 0.0, upper[j])));
            let before = lp.iterations;
            assert_eq!(
                lp.solve(10_000, &Deadline::never()),
                Outcome::Optimal,
                "case {case}"
            );
            assert!(
                lp.iterations - before <= 1,
                "case {case}: {} pivots",
                lp.iterations - before
            );
            assert!(
                (lp.objective() - first).abs() <= 1e-7 * (1.0 + first.abs()),
                "case {case}"
            );
            let mut all_rows = rows.clone();
            all_rows.push(((0..n).map(|j| (j, 1.0)).collect(), f64::NEG_INFINITY, total + 1.0));
            check_optimal(&lp, &cost, &all_rows, case);
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn the_work_limit_stops_the_same_pivot_every_time() {
        let mut rng = Lcg::new(23);
        let mut stopped = 0;
        for case in 0..300 {
            let (cost, upper, rows, _) = random_lp(&mut rng, case);
            let n = cost.len();
            let fresh = || Simplex::new(cost.clone(), vec![0.0; n], upper.clone(), &rows);
            let mut full = fresh();
            if full.solve(10_000, &Deadline::never()) != Outcome::Optimal || full.iterations < 2 {
                continue;
            }
            // Every pivot counts at least the columns and rows it prices.
            assert!(
                full.work >= (full.iterations * (full.n + full.m)) as u64,
                "case {case}"
            );
            let limit = full.work / 2;
            let run = || {
                let mut lp = fresh();
                lp.work_limit = limit;
                (lp.solve(10_000, &Deadline::never()), lp.iterations, lp.work)
            };
            let (outcome, iterations, work) = run();
            assert_eq!(run(), (outcome, iterations, work), "case {case}");
            if outcome == Outcome::Optimal {
                // The pivot that crossed the limit was the last one.
                assert_eq!(iterations, full.iterations, "case {case}");
                continue;
            }
            assert_eq!(outcome, Outcome::IterationLimit, "case {case}");
            assert!(work >= limit && iterations < full.iterations, "case {case}");
            stopped += 1;
        }
        assert!(stopped > 50, "{stopped}");
    }

    /// With a cutoff the dual simplex stops early only on LPs whose
    /// optimum is above it (or that are infeasible), and otherwise
    /// returns the optimum as before.
    #[test]
    fn a_cutoff_stops_only_above_the_optimum() {
        let mut rng = Lcg::new(17);
        let (mut cut_off, mut solved) = (0, 0);
        for case in 0..600 {
            let (cost, upper, rows, _) = random_lp(&mut rng, case);
            let n = cost.len();
            let mut full = Simplex::new(cost.clone(), vec![0.0; n], upper.clone(), &rows);
            let optimum = match full.solve(10_000, &Deadline::never()) {
                Outcome::Optimal => full.objective(),
                Outcome::Infeasible => f64::INFINITY,
                other => panic!("case {case}: {other:?}"),
            };
            let mut lp = Simplex::new(cost, vec![0.0; n], upper, &rows);
            let start = lp.objective();
            let reference = if optimum.is_finite() { optimum } else { start + 1.0 };
            // Between where the dual simplex starts and a little past the
            // optimum.
            lp.cutoff = start + (reference - start) * rng.below(120) as f64 / 100.0;
            match lp.solve(10_000, &Deadline::never()) {
                Outcome::Cutoff => {
                    assert!(
                        optimum > lp.cutoff - 1e-9,
                        "case {case}: {optimum} below {}",
                        lp.cutoff
                    );
                    cut_off += 1;
                }
                Outcome::Optimal => {
                    assert!(
                        (lp.objective() - optimum).abs() < 1e-7 * (1.0 + optimum.abs()),
                        "case {case}"
                    );
                    solved += 1;
                }
                Outcome::Infeasible => assert!(optimum.is_infinite(), "case {case}"),
                other => panic!("case {case}: {other:?}"),
            }
        }
        assert!(
            cut_off > 100 && solved > 100,
            "{cut_off} cut off, {solved} solved"
        );
    }

    fn check_optimal(lp: &Simplex, cost: &[f64], rows: &[Row], case: usize) {
        let tol = 1e-7;
        let x = lp.values();
        for (j, &v) in x.iter().enumerate() {
            assert!(
                v >= lp.lower[j] - tol && v <= lp.upper[j] + tol,
                "case {case}: x{j} = {v}"
            );
        }
        let pi = lp.duals();
        let mut d: Vec<f64> = cost.to_vec();
        for (r, (entries, lo, hi)) in rows.iter().enumerate() {
            let a: f64 = entries.iter().map(|&(j, v)| v * x[j]).sum();
            assert!(
                a >= lo - tol && a <= hi + tol,
                "case {case}: row {r} = {a} not in [{lo}, {hi}]"
            );
            for &(j, v) in entries {
                d[j] -= v * pi[r];
            }
            // The logical s_r = −a_r: cost 0, column e_r.
            d.push(-pi[r]);
        }
        for (j, &dj) in d.iter().enumerate() {
            match lp.status[j] {
                Status::Basic => assert!(dj.abs() <= tol, "case {case}: basic {j} has d = {dj}"),
                Status::AtLower if lp.lower[j] < lp.upper[j] => {
                    assert!(dj >= -tol, "case {case}: {j} at lower with d = {dj}")
                }
                Status::AtUpper if lp.lower[j] < lp.upper[j] => {
                    assert!(dj <= tol, "case {case}: {j} at upper with d = {dj}")
                }
                _ => {}
            }
        }
    }
}
