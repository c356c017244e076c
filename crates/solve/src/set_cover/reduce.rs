//! Exact reductions of a covering problem before the search: identical
//! demand rows merged, dominated rows and columns dropped, forced columns
//! fixed. None of them can remove every optimal cover.

use std::collections::HashMap;

use crate::{CoverageMatrix, Error, Instance};

/// The reduced problem the search works on: rows are (merged) demand
/// points that must or may be covered, columns are the options left.
#[derive(Debug)]
pub(super) struct Core {
    /// Column → its rows, ascending.
    pub(super) col_rows: CoverageMatrix,
    /// Row → its columns, ascending.
    pub(super) row_cols: CoverageMatrix,
    /// Cost of each column.
    pub(super) cost: Vec<f64>,
    /// Weight of each row (the sum over the demand points merged into it).
    pub(super) weight: Vec<f64>,
    /// `None`: every row must be covered. `Some(w)`: covered row weight must reach `w`.
    pub(super) need: Option<f64>,
    /// Column → original option index.
    pub(super) option: Vec<u32>,
}

/// What the reductions leave.
#[derive(Debug)]
pub(super) struct Reduced {
    pub(super) core: Core,
    /// Options every optimal cover (of the reduced problem) contains.
    pub(super) forced: Vec<u32>,
}

/// Reduces `instance` for the target: `need == None` asks for every
/// coverable demand point of positive weight, `Some(w)` for covered weight
/// at least `w`. Demand no option covers, and demand of weight zero, is left
/// out. Row dominance and forced columns are only exact when every row must
/// be covered, so partial targets get merging and column dominance only.
///
/// The error cannot happen (row indices are in range by construction); it
/// is passed on rather than unwrapped.
pub(super) fn reduce(instance: &Instance, costs: &[f64], need: Option<f64>) -> Result<Reduced, Error> {
    let all = need.is_none();
    let by_demand = instance.matrix().transpose();
    let weights = instance.weights();

    // Merge demand points covered by exactly the same options.
    let mut row_of: HashMap<&[u32], usize> = HashMap::new();
    let mut rows: Vec<&[u32]> = Vec::new();
    let mut row_weight: Vec<f64> = Vec::new();
    for (d, options) in by_demand.rows().enumerate() {
        if options.is_empty() || weights[d] <= 0.0 {
            continue;
        }
        let next = rows.len();
        let r = *row_of.entry(options).or_insert(next);
        if r == next {
            rows.push(options);
            row_weight.push(0.0);
        }
        row_weight[r] += weights[d];
    }

    let n_cols = costs.len();
    let n_rows = rows.len();
    let mut col_rows: Vec<Vec<u32>> = vec![Vec::new(); n_cols];
    for (r, options) in rows.iter().enumerate() {
        for &o in *options {
            col_rows[o as usize].push(r as u32);
        }
    }
    let mut row_alive = vec![true; n_rows];
    let mut col_alive: Vec<bool> = col_rows.iter().map(|rows| !rows.is_empty()).collect();
    let mut forced: Vec<u32> = Vec::new();
    let mut marker = vec![0u32; n_rows.max(n_cols)];
    let mut stamp = 0u32;

    loop {
        let mut changed = false;
        if all {
            // A row with one column left forces that column.
            for r in 0..n_rows {
                if !row_alive[r] {
                    continue;
                }
                let mut alive_cols = rows[r].iter().filter(|&&c| col_alive[c as usize]);
                let (Some(&only), None) = (alive_cols.next(), alive_cols.next()) else {
                    continue;
                };
                forced.push(only);
                col_alive[only as usize] = false;
                for &covered in &col_rows[only as usize] {
                    row_alive[covered as usize] = false;
                }
                changed = true;
            }

            // Row i whose columns include all of row k's is covered whenever k is.
            let cols_len: Vec<usize> = (0..n_rows)
                .map(|r| rows[r].iter().filter(|&&c| col_alive[c as usize]).count())
                .collect();
            for k in 0..n_rows {
                if !row_alive[k] {
                    continue;
                }
                stamp = next_stamp(&mut marker, stamp);
                let mut rarest: Option<(usize, u32)> = None;
                for &c in rows[k].iter().filter(|&&c| col_alive[c as usize]) {
                    marker[c as usize] = stamp;
                    let len = col_rows[c as usize].len();
                    if rarest.is_none_or(|(best, _)| len < best) {
                        rarest = Some((len, c));
                    }
                }
                let Some((_, pivot)) = rarest else { continue };
                for &i in &col_rows[pivot as usize] {
                    let i = i as usize;
                    if i == k || !row_alive[i] || cols_len[i] < cols_len[k] {
                        continue;
                    }
                    let shared = rows[i]
                        .iter()
                        .filter(|&&c| col_alive[c as usize] && marker[c as usize] == stamp)
                        .count();
                    if shared == cols_len[k] && (cols_len[i] > cols_len[k] || i > k) {
                        row_alive[i] = false;
                        changed = true;
                    }
                }
            }
        }

        // Column j whose rows all lie in column k's, at no lower cost, is never needed.
        let rows_len: Vec<usize> = (0..n_cols)
            .map(|c| col_rows[c].iter().filter(|&&r| row_alive[r as usize]).count())
            .collect();
        for j in 0..n_cols {
            if !col_alive[j] {
                continue;
            }
            if rows_len[j] == 0 {
                col_alive[j] = false;
                changed = true;
                continue;
            }
            stamp = next_stamp(&mut marker, stamp);
            let mut rarest: Option<(usize, u32)> = None;
            for &r in col_rows[j].iter().filter(|&&r| row_alive[r as usize]) {
                marker[r as usize] = stamp;
                let len = rows[r as usize].len();
                if rarest.is_none_or(|(best, _)| len < best) {
                    rarest = Some((len, r));
                }
            }
            let Some((_, pivot)) = rarest else { continue };
            for &k in rows[pivot as usize] {
                let k = k as usize;
                if k == j || !col_alive[k] || rows_len[k] < rows_len[j] || costs[k] > costs[j] {
                    continue;
                }
                let dominates = costs[k] < costs[j] || rows_len[k] > rows_len[j] || k < j;
                if !dominates {
                    continue;
                }
                let shared = col_rows[k]
                    .iter()
                    .filter(|&&r| row_alive[r as usize] && marker[r as usize] == stamp)
                    .count();
                if shared == rows_len[j] {
                    col_alive[j] = false;
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }

    // Renumber what is left.
    let mut new_row = vec![u32::MAX; n_rows];
    let mut weight = Vec::new();
    for r in (0..n_rows).filter(|&r| row_alive[r]) {
        new_row[r] = weight.len() as u32;
        weight.push(row_weight[r]);
    }
    let mut option = Vec::new();
    let mut cost = Vec::new();
    let mut core_rows: Vec<Vec<u32>> = Vec::new();
    for c in (0..n_cols).filter(|&c| col_alive[c]) {
        let kept: Vec<u32> = col_rows[c]
            .iter()
            .filter(|&&r| row_alive[r as usize])
            .map(|&r| new_row[r as usize])
            .collect();
        if kept.is_empty() {
            continue;
        }
        option.push(c as u32);
        cost.push(costs[c]);
        core_rows.push(kept);
    }
    let col_rows = CoverageMatrix::from_rows(weight.len(), &core_rows)?;
    let row_cols = col_rows.transpose();
    forced.sort_unstable();
    Ok(Reduced {
        core: Core {
            col_rows,
            row_cols,
            cost,
            weight,
            need,
            option,
        },
        forced,
    })
}

/// Advances the marker stamp, clearing the markers when it wraps.
fn next_stamp(marker: &mut [u32], stamp: u32) -> u32 {
    if stamp == u32::MAX {
        marker.fill(0);
        1
    } else {
        stamp + 1
    }
}
