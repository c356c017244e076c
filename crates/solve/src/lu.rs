//! Sparse LU factorisation of a simplex basis: column singletons, then
//! row singletons (no fill: the unit and singleton columns that make up
//! most of a coverage LP's basis), then right-looking Gaussian
//! elimination of the kernel (the basic options and tight rows) with
//! Markowitz pivot choice and threshold partial pivoting. A singular
//! basis comes back as the rows and columns left without a pivot, for the
//! simplex to repair. Solves with a sparse right-hand side visit only the
//! pivots it reaches (Gilbert and Peierls), unless recent answers were
//! dense.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A pivot is accepted when at least this fraction of its column's
/// largest active entry.
const THRESHOLD: f64 = 0.1;
/// Columns of smallest count searched for a pivot at each step.
const SEARCH_COLUMNS: usize = 4;

/// `B = L U` up to permutations: the pivots in elimination order, each
/// with its L multipliers and its U row, stored flat (one array each, with
/// the start of every pivot's part). Built only by [`Lu::factor`] (the
/// default value has no starts and is only a placeholder).
#[derive(Debug, Clone, Default)]
pub(crate) struct Lu {
    m: usize,
    /// Pivot `k`: row `rows[k]`, column `cols[k]`, value `diagonal[k]`.
    rows: Vec<usize>,
    cols: Vec<usize>,
    diagonal: Vec<f64>,
    /// Where each pivot's L multipliers start in `lower` (and one past
    /// the last pivot's end).
    lower_start: Vec<usize>,
    /// L multipliers of pivot k: `(row, l)`, in
    /// `lower[lower_start[k]..lower_start[k + 1]]`.
    lower: Vec<(usize, f64)>,
    /// Where each pivot's U row starts in `upper`.
    upper_start: Vec<usize>,
    /// U row of pivot k without the diagonal: `(column, value)`.
    upper: Vec<(usize, f64)>,
    /// Where each pivot's list starts in `upper_cols`.
    upper_cols_start: Vec<usize>,
    /// U by columns: for pivot k (column `cols[k]`), the earlier pivots
    /// whose U rows hold that column, `(pivot, value)`.
    upper_cols: Vec<(usize, f64)>,
    /// Where each row's list starts in `lower_rows`.
    lower_rows_start: Vec<usize>,
    /// L by rows: for row i, the pivots whose multipliers name it,
    /// `(pivot, l)`.
    lower_rows: Vec<(usize, f64)>,
    /// The pivot of each row and of each column.
    pivot_of_row: Vec<usize>,
    pivot_of_col: Vec<usize>,
}

/// The rows and the columns a singular matrix left without a pivot (see
/// [`Lu::factor`]).
#[derive(Debug, Clone)]
pub(crate) struct Singular {
    pub rows: Vec<usize>,
    pub columns: Vec<usize>,
}

/// Work space for the sparse solves, kept between calls: all `false`
/// and zero between calls.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    mark: Vec<bool>,
    stack: Vec<usize>,
    reach: Vec<usize>,
    values: Vec<f64>,
    /// The recent answers' share of nonzeros, of `solve_sparse` and of
    /// `solve_transposed_sparse` (a moving average): past
    /// `1 / DENSE_SHARE` the dense passes run at once.
    density: [f64; 2],
}

impl Scratch {
    /// After a dense solve through `values`: `values` zeroed again and
    /// `nonzeros` listing the answer's nonzeros.
    fn listed_after_dense(&mut self, answer: &[f64], nonzeros: &mut Vec<usize>) {
        self.values.iter_mut().for_each(|v| *v = 0.0);
        nonzeros.clear();
        nonzeros.extend((0..answer.len()).filter(|&i| answer[i] != 0.0));
    }

    /// Whether solves of `kind` have been dense lately.
    fn dense(&self, kind: usize) -> bool {
        self.density[kind] * DENSE_SHARE as f64 > 1.0
    }

    /// Records an answer of `kind` with `nonzeros` of `m`.
    fn observe(&mut self, kind: usize, nonzeros: usize, m: usize) {
        self.density[kind] = 0.9 * self.density[kind] + 0.1 * nonzeros as f64 / m.max(1) as f64;
    }

    fn fit(&mut self, m: usize) {
        if self.mark.len() != m {
            self.mark = vec![false; m];
            self.values = vec![0.0; m];
        }
    }
}

/// `m` lists of `(index, value)` (list `k` is `entries[start[k]..start[k +
/// 1]]`) regrouped by `key(index)` into `m` lists of `(k, value)`, each in
/// ascending `k`, keeping the entries whose value `keep` accepts: the
/// lists' starts (`m + 1` of them) and their entries (a counting sort).
fn transpose(
    m: usize,
    start: &[usize],
    entries: &[(usize, f64)],
    key: impl Fn(usize) -> usize,
    keep: impl Fn(f64) -> bool,
) -> (Vec<usize>, Vec<(usize, f64)>) {
    let list = |k: usize| entries[start[k]..start[k + 1]].iter().filter(|e| keep(e.1));
    let mut begin = vec![0usize; m + 1];
    for k in 0..m {
        for &(i, _) in list(k) {
            begin[key(i) + 1] += 1;
        }
    }
    for t in 0..m {
        begin[t + 1] += begin[t];
    }
    let mut out = vec![(0usize, 0.0f64); begin[m]];
    let mut next = begin.clone();
    for k in 0..m {
        for &(i, v) in list(k) {
            out[next[key(i)]] = (k, v);
            next[key(i)] += 1;
        }
    }
    (begin, out)
}

/// A right-hand side with more nonzeros than `m / DENSE_SHARE` is solved
/// by the dense passes, and so is one whose reach grows past that.
const DENSE_SHARE: usize = 8;

impl Lu {
    /// Records pivot `(row, column, value)` with its L multipliers and its
    /// U row.
    fn push(
        &mut self,
        (row, col, pivot): (usize, usize, f64),
        lower: impl IntoIterator<Item = (usize, f64)>,
        upper: impl IntoIterator<Item = (usize, f64)>,
    ) {
        self.rows.push(row);
        self.cols.push(col);
        self.diagonal.push(pivot);
        self.lower.extend(lower);
        self.lower_start.push(self.lower.len());
        self.upper.extend(upper);
        self.upper_start.push(self.upper.len());
    }

    /// The L multipliers of pivot `k`.
    fn lower_of(&self, k: usize) -> &[(usize, f64)] {
        &self.lower[self.lower_start[k]..self.lower_start[k + 1]]
    }

    /// The U row of pivot `k`.
    fn upper_of(&self, k: usize) -> &[(usize, f64)] {
        &self.upper[self.upper_start[k]..self.upper_start[k + 1]]
    }

    /// The earlier pivots whose U rows hold pivot `k`'s column.
    fn upper_col(&self, k: usize) -> &[(usize, f64)] {
        &self.upper_cols[self.upper_cols_start[k]..self.upper_cols_start[k + 1]]
    }

    /// The pivots whose multipliers name row `i`.
    fn lower_row(&self, i: usize) -> &[(usize, f64)] {
        &self.lower_rows[self.lower_rows_start[i]..self.lower_rows_start[i + 1]]
    }

    /// The factors' entries: the diagonal, the L multipliers and the U
    /// rows (what a dense solve reads).
    pub fn entries(&self) -> usize {
        self.m + self.lower.len() + self.upper.len()
    }

    /// Factorises the `m × m` matrix given by columns: column `j`'s
    /// entries `(row, value)` are `entries[start[j]..start[j + 1]]`. When
    /// it is singular (no acceptable pivot left), the rows and the columns
    /// left without a pivot, as many of each: replacing those columns by
    /// the unit columns of those rows gives a matrix this factorises.
    pub fn factor(m: usize, start: &[usize], entries: &[(usize, f64)]) -> Result<Self, Singular> {
        debug_assert_eq!(start.len(), m + 1);
        // The matrix by columns (nonzeros only) and by rows, flat; the
        // active entries are those whose row and column have no pivot yet.
        let column = |j: usize| entries[start[j]..start[j + 1]].iter().filter(|e| e.1 != 0.0);
        let mut col_count: Vec<usize> = (0..m).map(|j| column(j).count()).collect();
        let (row_start, by_row) = transpose(m, start, entries, |i| i, |v| v != 0.0);
        let mut row_count: Vec<usize> = (0..m).map(|i| row_start[i + 1] - row_start[i]).collect();
        let mut row_done = vec![false; m];
        let mut col_done = vec![false; m];
        let mut lu = Lu {
            m,
            lower_start: vec![0],
            upper_start: vec![0],
            ..Lu::default()
        };
        // Column singletons first (no fill, no multipliers), as long as
        // they last: each one retires a row, which may leave others.
        let mut singletons: Vec<usize> = (0..m).filter(|&j| col_count[j] == 1).collect();
        while let Some(q) = singletons.pop() {
            if col_done[q] || col_count[q] != 1 {
                continue;
            }
            let Some(&(p, pivot)) = column(q).find(|e| !row_done[e.0]) else {
                continue;
            };
            if pivot.abs() < 1e-11 {
                continue;
            }
            let row = &by_row[row_start[p]..row_start[p + 1]];
            for &(j, _) in row {
                if j != q && !col_done[j] {
                    col_count[j] -= 1;
                    if col_count[j] == 1 {
                        singletons.push(j);
                    }
                }
            }
            (row_done[p], col_done[q]) = (true, true);
            lu.push(
                (p, q, pivot),
                [],
                row.iter().copied().filter(|e| e.0 != q && !col_done[e.0]),
            );
        }
        // Then row singletons (no fill, no U row), when stable enough.
        let mut singletons: Vec<usize> = (0..m).filter(|&i| !row_done[i] && row_count[i] == 1).collect();
        while let Some(p) = singletons.pop() {
            if row_done[p] || row_count[p] != 1 {
                continue;
            }
            let Some(&(q, pivot)) = by_row[row_start[p]..row_start[p + 1]]
                .iter()
                .find(|e| !col_done[e.0])
            else {
                continue;
            };
            let active = || column(q).filter(|e| !row_done[e.0]);
            let largest = active().map(|e| e.1.abs()).fold(0.0, f64::max);
            if pivot.abs() < THRESHOLD * largest || pivot.abs() < 1e-11 {
                continue;
            }
            for &(i, _) in active() {
                if i != p {
                    row_count[i] -= 1;
                    if row_count[i] == 1 {
                        singletons.push(i);
                    }
                }
            }
            let multipliers: Vec<(usize, f64)> = active()
                .filter(|e| e.0 != p)
                .map(|&(i, a)| (i, a / pivot))
                .collect();
            (row_done[p], col_done[q]) = (true, true);
            lu.push((p, q, pivot), multipliers, []);
        }
        // The kernel left, as lists that the elimination changes: its
        // rows' entries and its columns' rows.
        let mut row_entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m];
        let mut col_rows: Vec<Vec<usize>> = vec![Vec::new(); m];
        for j in (0..m).filter(|&j| !col_done[j]) {
            for &(i, v) in column(j) {
                if !row_done[i] {
                    row_entries[i].push((j, v));
                    col_rows[j].push(i);
                }
            }
        }
        let value = |row_entries: &Vec<Vec<(usize, f64)>>, i: usize, j: usize| {
            row_entries[i].iter().find(|e| e.0 == j).map_or(0.0, |e| e.1)
        };
        // The kernel: Markowitz over the columns left, by count, smallest
        // first (stale heap entries skipped).
        let mut heap: BinaryHeap<Reverse<(usize, usize)>> = (0..m)
            .filter(|&j| !col_done[j])
            .map(|j| Reverse((col_rows[j].len(), j)))
            .collect();
        for _ in lu.rows.len()..m {
            // Candidate columns: the active ones of smallest count, more
            // of them when none holds an acceptable pivot.
            let mut order: Vec<(usize, usize)> = Vec::with_capacity(SEARCH_COLUMNS);
            let mut wanted = SEARCH_COLUMNS;
            let mut best: Option<(usize, usize, usize, f64)> = None; // (cost, row, col, value)
            let mut searched = 0;
            loop {
                while order.len() < wanted {
                    let Some(Reverse((count, j))) = heap.pop() else {
                        break;
                    };
                    if col_done[j] || count != col_rows[j].len() || order.iter().any(|&(_, k)| k == j) {
                        continue;
                    }
                    order.push((count, j));
                    if count <= 1 && wanted == SEARCH_COLUMNS {
                        // A column singleton: no fill, the best pivot there is.
                        break;
                    }
                }
                for &(count, j) in &order[searched..] {
                    let largest = col_rows[j]
                        .iter()
                        .map(|&i| value(&row_entries, i, j).abs())
                        .fold(0.0, f64::max);
                    for &i in &col_rows[j] {
                        let v = value(&row_entries, i, j);
                        if v.abs() < THRESHOLD * largest || v.abs() < 1e-11 {
                            continue;
                        }
                        let cost = (row_entries[i].len() - 1) * count.saturating_sub(1);
                        if best.is_none_or(|(c, bi, bj, _)| (cost, i, j) < (c, bi, bj)) {
                            best = Some((cost, i, j, v));
                        }
                    }
                }
                searched = order.len();
                if best.is_some() || heap.is_empty() {
                    break;
                }
                wanted = order.len() + 4 * SEARCH_COLUMNS;
            }
            let Some((_, p, q, pivot)) = best else {
                return Err(Singular {
                    rows: (0..m).filter(|&i| !row_done[i]).collect(),
                    columns: (0..m).filter(|&j| !col_done[j]).collect(),
                });
            };
            for &(count, j) in &order {
                if j != q {
                    heap.push(Reverse((count, j)));
                }
            }
            // Eliminate column q from the other rows.
            let pivot_row: Vec<(usize, f64)> = row_entries[p].iter().copied().filter(|e| e.0 != q).collect();
            let mut multipliers = Vec::new();
            let mut touched: Vec<usize> = Vec::new();
            let others: Vec<usize> = col_rows[q].iter().copied().filter(|&i| i != p).collect();
            for i in others {
                let a = value(&row_entries, i, q);
                let l = a / pivot;
                multipliers.push((i, l));
                row_entries[i].retain(|e| e.0 != q);
                for &(j, u) in &pivot_row {
                    if let Some(e) = row_entries[i].iter_mut().find(|e| e.0 == j) {
                        e.1 -= l * u;
                    } else {
                        row_entries[i].push((j, -l * u));
                        col_rows[j].push(i);
                        touched.push(j);
                    }
                }
            }
            // Retire the pivot row and column.
            for &(j, _) in &pivot_row {
                col_rows[j].retain(|&i| i != p);
                touched.push(j);
            }
            touched.sort_unstable();
            touched.dedup();
            for j in touched {
                if !col_done[j] && j != q {
                    heap.push(Reverse((col_rows[j].len(), j)));
                }
            }
            col_rows[q].clear();
            row_entries[p].clear();
            (row_done[p], col_done[q]) = (true, true);
            lu.push((p, q, pivot), multipliers, pivot_row);
        }
        // The transposed orientations, for solves that skip zeros.
        let mut pivot_of_col = vec![0usize; m];
        for (k, &q) in lu.cols.iter().enumerate() {
            pivot_of_col[q] = k;
        }
        lu.pivot_of_row = vec![0usize; m];
        for (k, &p) in lu.rows.iter().enumerate() {
            lu.pivot_of_row[p] = k;
        }
        (lu.upper_cols_start, lu.upper_cols) =
            transpose(m, &lu.upper_start, &lu.upper, |j| pivot_of_col[j], |_| true);
        (lu.lower_rows_start, lu.lower_rows) = transpose(m, &lu.lower_start, &lu.lower, |i| i, |_| true);
        lu.pivot_of_col = pivot_of_col;
        Ok(lu)
    }

    /// The pivots reachable from `start` along `next` (each pivot once),
    /// sorted ascending, in `scratch.reach`; `false` (and nothing marked)
    /// when they would be more than `limit`.
    fn reach(
        &self,
        start: impl IntoIterator<Item = usize>,
        next: impl Fn(usize, &mut Vec<usize>),
        limit: usize,
        scratch: &mut Scratch,
    ) -> bool {
        let Scratch {
            mark, stack, reach, ..
        } = scratch;
        reach.clear();
        stack.clear();
        for k in start {
            if !mark[k] {
                mark[k] = true;
                reach.push(k);
                stack.push(k);
            }
        }
        let mut found = Vec::new();
        while let Some(k) = stack.pop() {
            if reach.len() > limit {
                break;
            }
            found.clear();
            next(k, &mut found);
            for &e in &found {
                if !mark[e] {
                    mark[e] = true;
                    reach.push(e);
                    stack.push(e);
                }
            }
        }
        if reach.len() > limit {
            for &k in reach.iter() {
                mark[k] = false;
            }
            reach.clear();
            return false;
        }
        for &k in reach.iter() {
            mark[k] = false;
        }
        reach.sort_unstable();
        true
    }

    /// [`solve`](Self::solve) for a sparse `b`: `nonzeros` lists the rows
    /// where `b` may be nonzero (each once) and comes back listing the
    /// columns where `x` may be. Only the pivots `b` reaches are visited
    /// (Gilbert and Peierls), unless `b` or its reach is dense.
    pub fn solve_sparse(&self, b: &mut [f64], nonzeros: &mut Vec<usize>, scratch: &mut Scratch) {
        self.solve_sparse_inner(b, nonzeros, scratch);
        scratch.observe(0, nonzeros.len(), self.m);
    }

    fn solve_sparse_inner(&self, b: &mut [f64], nonzeros: &mut Vec<usize>, scratch: &mut Scratch) {
        let m = self.m;
        scratch.fit(m);
        let limit = if scratch.dense(0) { 0 } else { m / DENSE_SHARE };
        // L: pivot k feeds the pivots of the rows its multipliers name.
        let lower_reach = nonzeros.len() <= limit
            && self.reach(
                nonzeros.iter().map(|&i| self.pivot_of_row[i]),
                |k, out| out.extend(self.lower_of(k).iter().map(|&(i, _)| self.pivot_of_row[i])),
                limit,
                scratch,
            );
        if !lower_reach {
            self.solve(b, &mut scratch.values);
            return scratch.listed_after_dense(b, nonzeros);
        }
        for &k in &scratch.reach {
            let t = b[self.rows[k]];
            if t != 0.0 {
                for &(i, l) in self.lower_of(k) {
                    b[i] -= l * t;
                }
            }
        }
        // U, backwards: pivot k feeds the earlier pivots whose U rows
        // hold its column.
        let start = std::mem::take(&mut scratch.reach);
        let upper_reach = self.reach(
            start.iter().copied(),
            |k, out| out.extend(self.upper_col(k).iter().map(|&(e, _)| e)),
            limit,
            scratch,
        );
        scratch.stack = start;
        if !upper_reach {
            self.solve_upper(b, &mut scratch.values);
            return scratch.listed_after_dense(b, nonzeros);
        }
        for &k in scratch.reach.iter().rev() {
            let x = b[self.rows[k]] / self.diagonal[k];
            b[self.rows[k]] = 0.0;
            scratch.values[k] = x;
            if x != 0.0 {
                for &(earlier, u) in self.upper_col(k) {
                    b[self.rows[earlier]] -= u * x;
                }
            }
        }
        nonzeros.clear();
        for &k in &scratch.reach {
            let x = std::mem::take(&mut scratch.values[k]);
            if x != 0.0 {
                b[self.cols[k]] = x;
                nonzeros.push(self.cols[k]);
            }
        }
    }

    /// [`solve_transposed`](Self::solve_transposed) for a sparse `c`:
    /// `nonzeros` lists the columns where `c` may be nonzero (each once)
    /// and comes back listing the rows where `y` may be.
    pub fn solve_transposed_sparse(&self, c: &mut [f64], nonzeros: &mut Vec<usize>, scratch: &mut Scratch) {
        self.solve_transposed_sparse_inner(c, nonzeros, scratch);
        scratch.observe(1, nonzeros.len(), self.m);
    }

    fn solve_transposed_sparse_inner(&self, c: &mut [f64], nonzeros: &mut Vec<usize>, scratch: &mut Scratch) {
        let m = self.m;
        scratch.fit(m);
        let limit = if scratch.dense(1) { 0 } else { m / DENSE_SHARE };
        let dense = |c: &mut [f64], nonzeros: &mut Vec<usize>, scratch: &mut Scratch| {
            self.solve_transposed(c, &mut scratch.values);
            scratch.listed_after_dense(c, nonzeros);
        };
        // Uᵀ, forwards: pivot k feeds the pivots of its U row's columns.
        let upper_reach = nonzeros.len() <= limit
            && self.reach(
                nonzeros.iter().map(|&j| self.pivot_of_col[j]),
                |k, out| out.extend(self.upper_of(k).iter().map(|&(j, _)| self.pivot_of_col[j])),
                limit,
                scratch,
            );
        if !upper_reach {
            return dense(c, nonzeros, scratch);
        }
        // w by row, in scratch.values.
        for &k in &scratch.reach {
            let w = c[self.cols[k]] / self.diagonal[k];
            c[self.cols[k]] = 0.0;
            scratch.values[self.rows[k]] = w;
            if w != 0.0 {
                for &(j, u) in self.upper_of(k) {
                    c[j] -= u * w;
                }
            }
        }
        // Lᵀ, backwards: pivot k feeds the earlier pivots whose
        // multipliers name its row.
        let start = std::mem::take(&mut scratch.reach);
        let lower_reach = self.reach(
            start.iter().copied(),
            |k, out| {
                out.extend(
                    self.lower_row(self.rows[k])
                        .iter()
                        .filter(|&&(earlier, _)| earlier < k)
                        .map(|&(earlier, _)| earlier),
                )
            },
            limit,
            scratch,
        );
        if !lower_reach {
            // Put c back together from w (by row) and finish densely:
            // y = L⁻ᵀ w.
            for &k in &start {
                let row = self.rows[k];
                let w = std::mem::take(&mut scratch.values[row]);
                c[row] = w;
            }
            scratch.stack = start;
            for k in (0..m).rev() {
                let row = self.rows[k];
                let y = c[row];
                if y != 0.0 {
                    for &(earlier, l) in self.lower_row(row) {
                        if earlier < k {
                            c[self.rows[earlier]] -= l * y;
                        }
                    }
                }
            }
            nonzeros.clear();
            nonzeros.extend((0..m).filter(|&i| c[i] != 0.0));
            return;
        }
        scratch.stack = start;
        for &k in scratch.reach.iter().rev() {
            let row = self.rows[k];
            let y = scratch.values[row];
            if y != 0.0 {
                for &(earlier, l) in self.lower_row(row) {
                    if earlier < k {
                        scratch.values[self.rows[earlier]] -= l * y;
                    }
                }
            }
        }
        nonzeros.clear();
        for &k in &scratch.reach {
            let row = self.rows[k];
            let y = std::mem::take(&mut scratch.values[row]);
            if y != 0.0 {
                c[row] = y;
                nonzeros.push(row);
            }
        }
    }

    /// Solves `B x = b`: `b` indexed by row in, `x` indexed by column out
    /// (in place, through `work`).
    pub fn solve(&self, b: &mut [f64], work: &mut [f64]) {
        for k in 0..self.m {
            let t = b[self.rows[k]];
            if t != 0.0 {
                for &(i, l) in self.lower_of(k) {
                    b[i] -= l * t;
                }
            }
        }
        self.solve_upper(b, work);
    }

    /// The U half of [`solve`](Self::solve).
    fn solve_upper(&self, b: &mut [f64], work: &mut [f64]) {
        for k in (0..self.m).rev() {
            let x = b[self.rows[k]] / self.diagonal[k];
            work[self.cols[k]] = x;
            if x != 0.0 {
                for &(earlier, u) in self.upper_col(k) {
                    b[self.rows[earlier]] -= u * x;
                }
            }
        }
        b.copy_from_slice(work);
    }

    /// Solves `Bᵀ y = c`: `c` indexed by column in, `y` indexed by row out
    /// (in place, through `work`).
    pub fn solve_transposed(&self, c: &mut [f64], work: &mut [f64]) {
        // Uᵀ (forward in pivot order), then Lᵀ (backward).
        for k in 0..self.m {
            let w = c[self.cols[k]] / self.diagonal[k];
            work[self.rows[k]] = w;
            if w != 0.0 {
                for &(j, u) in self.upper_of(k) {
                    c[j] -= u * w;
                }
            }
        }
        for k in (0..self.m).rev() {
            let row = self.rows[k];
            let y = work[row];
            if y != 0.0 {
                // Row `row` is final: it feeds the rows of earlier pivots
                // whose multipliers name it.
                for &(earlier, l) in self.lower_row(row) {
                    if earlier < k {
                        work[self.rows[earlier]] -= l * y;
                    }
                }
            }
        }
        c.copy_from_slice(work);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_instances::Lcg;

    fn factor_columns(m: usize, columns: &[Vec<(usize, f64)>]) -> Result<Lu, Singular> {
        let mut start = vec![0];
        let mut entries = Vec::new();
        for column in columns {
            entries.extend_from_slice(column);
            start.push(entries.len());
        }
        Lu::factor(m, &start, &entries)
    }

    fn random_matrix(rng: &mut Lcg, m: usize) -> Vec<Vec<(usize, f64)>> {
        // A permuted diagonal (nonsingular) plus random entries.
        (0..m)
            .map(|j| {
                let mut column = vec![((j * 7 + 3) % m, 1.0 + rng.below(5) as f64)];
                for _ in 0..rng.below(4) {
                    let i = rng.below(m as u64) as usize;
                    if column.iter().all(|e| e.0 != i) {
                        column.push((i, rng.below(9) as f64 - 4.0));
                    }
                }
                column
            })
            .collect()
    }

    #[test]
    fn solves_match_the_matrix() {
        let mut rng = Lcg::new(9);
        let mut factored = 0;
        for _ in 0..200 {
            let m = 1 + rng.below(30) as usize;
            let columns = random_matrix(&mut rng, m);
            let Ok(lu) = factor_columns(m, &columns) else {
                continue;
            };
            factored += 1;
            let x: Vec<f64> = (0..m).map(|_| rng.below(11) as f64 - 5.0).collect();
            // b = B x.
            let mut b = vec![0.0; m];
            for (j, column) in columns.iter().enumerate() {
                for &(i, v) in column {
                    b[i] += v * x[j];
                }
            }
            let mut work = vec![0.0; m];
            let mut solved = b.clone();
            lu.solve(&mut solved, &mut work);
            for j in 0..m {
                assert!(
                    (solved[j] - x[j]).abs() < 1e-6 * (1.0 + x[j].abs()),
                    "{solved:?} vs {x:?}"
                );
            }
            // c = Bᵀ y.
            let y: Vec<f64> = (0..m).map(|_| rng.below(11) as f64 - 5.0).collect();
            let mut c: Vec<f64> = columns
                .iter()
                .map(|col| col.iter().map(|&(i, v)| v * y[i]).sum())
                .collect();
            lu.solve_transposed(&mut c, &mut work);
            for i in 0..m {
                assert!((c[i] - y[i]).abs() < 1e-6 * (1.0 + y[i].abs()), "{c:?} vs {y:?}");
            }
        }
        assert!(factored > 150, "{factored}");
    }

    /// A singular matrix (a column repeated, or a zero column) names as
    /// many rows as columns left without a pivot, and those columns
    /// replaced by those rows' unit columns factorise.
    #[test]
    fn a_singular_matrix_names_what_to_replace() {
        let mut rng = Lcg::new(5);
        let mut repaired = 0;
        for case in 0..200 {
            let m = 2 + rng.below(30) as usize;
            let mut columns = random_matrix(&mut rng, m);
            let (a, b) = (rng.below(m as u64) as usize, rng.below(m as u64) as usize);
            if a == b {
                columns[a].clear();
            } else {
                columns[b] = columns[a].clone();
            }
            let singular = factor_columns(m, &columns).expect_err("singular");
            assert_eq!(singular.rows.len(), singular.columns.len(), "case {case}");
            assert!(!singular.rows.is_empty(), "case {case}");
            for (&column, &row) in singular.columns.iter().zip(&singular.rows) {
                columns[column] = vec![(row, 1.0)];
            }
            assert!(factor_columns(m, &columns).is_ok(), "case {case}");
            repaired += 1;
        }
        assert_eq!(repaired, 200);
    }

    /// The sparse solves give the dense solves' answers, and list every
    /// nonzero they return, for right-hand sides from one nonzero to
    /// dense (so both the sparse passes and the fallbacks run).
    #[test]
    fn sparse_solves_match_the_dense_ones() {
        let mut rng = Lcg::new(21);
        let mut scratch = Scratch::default();
        let (mut sparse, mut dense) = (0, 0);
        for case in 0..300 {
            let m = 1 + rng.below(if case % 3 == 0 { 400 } else { 40 }) as usize;
            let columns = random_matrix(&mut rng, m);
            let Ok(lu) = factor_columns(m, &columns) else {
                continue;
            };
            for _ in 0..4 {
                if case % 2 == 1 {
                    // No history: the sparse passes are tried whatever
                    // the last answers were.
                    scratch = Scratch::default();
                }
                let most = if rng.below(2) == 0 { 3 } else { m as u64 };
                let count = 1 + rng.below(most) as usize;
                let mut rhs = vec![0.0; m];
                for _ in 0..count {
                    rhs[rng.below(m as u64) as usize] = rng.below(9) as f64 - 4.0;
                }
                if count <= m / DENSE_SHARE {
                    sparse += 1;
                } else {
                    dense += 1;
                }
                let listed = |v: &[f64]| (0..m).filter(|&i| v[i] != 0.0).collect::<Vec<_>>();
                let mut work = vec![0.0; m];
                // B x = b.
                let (mut expected, mut got) = (rhs.clone(), rhs.clone());
                lu.solve(&mut expected, &mut work);
                let mut nonzeros = listed(&got);
                lu.solve_sparse(&mut got, &mut nonzeros, &mut scratch);
                check(&expected, &got, &nonzeros, case);
                // Bᵀ y = c.
                let (mut expected, mut got) = (rhs.clone(), rhs.clone());
                lu.solve_transposed(&mut expected, &mut work);
                let mut nonzeros = listed(&got);
                lu.solve_transposed_sparse(&mut got, &mut nonzeros, &mut scratch);
                check(&expected, &got, &nonzeros, case);
                assert!(scratch.values.iter().all(|&v| v == 0.0) && scratch.mark.iter().all(|&b| !b));
            }
        }
        assert!(sparse > 200 && dense > 200, "{sparse} sparse, {dense} dense");
    }

    fn check(expected: &[f64], got: &[f64], nonzeros: &[usize], case: usize) {
        for (i, (&e, &g)) in expected.iter().zip(got).enumerate() {
            assert!(
                (e - g).abs() <= 1e-9 * (1.0 + e.abs()),
                "case {case}: {i}: {g} vs {e}"
            );
            assert!(g == 0.0 || nonzeros.contains(&i), "case {case}: {i} not listed");
        }
        let mut sorted = nonzeros.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), nonzeros.len(), "case {case}: listed twice");
    }
}
