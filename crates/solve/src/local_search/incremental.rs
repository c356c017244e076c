//! Swap local search without side constraints, with every option's gain
//! kept up to date, so that it converges at scale.
//!
//! For an unchosen option `k` the search keeps `marginal[k]`, what adding
//! it adds, and `shelter[k]`, the most that any one swap partner's loss
//! can be offset by `k` covering the same demand; for a chosen option `j`,
//! `marginal[j]`, what removing it loses. Swapping `j` out for `k` adds
//! `marginal[k] − marginal[j] + shared(j, k)`, where `shared(j, k)` is
//! what `j` alone (or, with backup weights, `j` as one of two) covers that
//! `k` covers too. It is zero unless `j` and `k` share demand, so `k`'s
//! best partner is either an option it shares demand with, found from
//! `k`'s row, or the chosen option of least loss, kept in an ordered set.
//! As `shared(j, k) ≤ min(marginal[j], shelter[k])`, no swap bringing `k`
//! in adds more than `marginal[k] − max(0, least loss − shelter[k])`:
//! candidates whose bound is below the tolerance are passed over without
//! reading their row.
//!
//! After a move only the demand whose cover count changed matters: its
//! column of the transposed matrix (computed once) names the options
//! whose figures change.
//!
//! Candidates are taken in rounds, in batches of consecutive option
//! indices (spatially close when the options are spatially ordered). A
//! batch is evaluated in parallel against one state; its improving
//! candidates are then taken best first, each one re-evaluated against
//! the state its predecessors left, and made when it still improves. A
//! round without a move ends the search at a local optimum. Every figure
//! is computed sequentially, and parallel results are collected in
//! order, so the plan does not depend on the thread count.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::{Improved, SwapLimits, Work, tolerance, two_owners};
use crate::{CoverageMatrix, Instance};

/// Candidates evaluated together (in parallel) against one state. Large
/// batches make the search nearly best-improvement (which found slightly
/// better plans than smaller ones on the synthetic cities); the limits
/// are checked between batches and between moves.
const BATCH: usize = 1 << 14;

/// No option leaves: the move adds one.
const NONE: u32 = u32::MAX;

/// A move: `inn` comes in, `out` (or [`NONE`]) leaves, adding `delta`.
#[derive(Debug, Clone, Copy)]
struct Move {
    delta: f64,
    inn: u32,
    out: u32,
}

/// Improves `start` (distinct option indices, at most `count`) by swaps
/// and, while fewer than `count` are chosen, additions, until none adds
/// more than rounding or `limits` says stop. See the module's
/// documentation.
pub(super) fn improve(instance: &Instance, start: &[u32], count: usize, limits: &SwapLimits) -> Improved {
    let mut search = Search::new(instance, start);
    let tolerance = tolerance(instance);
    let n_options = instance.n_options();
    let mut touched = Vec::new();
    let mut converged = false;
    'rounds: loop {
        let mut moved = false;
        for first in (0..n_options).step_by(BATCH) {
            if limits.reached(&search.work) {
                break 'rounds;
            }
            let last = (first + BATCH).min(n_options);
            let room = search.size < count;
            let evaluated: Vec<(Option<Move>, u64)> = (first as u32..last as u32)
                .into_par_iter()
                .map_init(Vec::new, |touched, k| {
                    search.evaluate(k, room, tolerance, touched)
                })
                .collect();
            let mut found = Vec::new();
            for (candidate, entries) in evaluated {
                search.work.evaluations += u64::from(entries > 0);
                search.work.entries += entries;
                found.extend(candidate);
            }
            found.sort_by(|a, b| b.delta.total_cmp(&a.delta).then(a.inn.cmp(&b.inn)));
            let mut batch_moved = false;
            for stale in found {
                let fresh = if batch_moved {
                    let room = search.size < count;
                    let (fresh, entries) = search.evaluate(stale.inn, room, tolerance, &mut touched);
                    search.work.evaluations += u64::from(entries > 0);
                    search.work.entries += entries;
                    match fresh {
                        Some(fresh) => fresh,
                        None => continue,
                    }
                } else {
                    stale
                };
                if limits.reached(&search.work) {
                    break 'rounds;
                }
                search.make(fresh);
                batch_moved = true;
            }
            moved |= batch_moved;
        }
        if !moved {
            converged = true;
            break;
        }
    }
    Improved {
        chosen: (0..n_options as u32)
            .filter(|&o| search.chosen[o as usize])
            .collect(),
        work: search.work,
        converged,
    }
}

/// The plan being improved, with every option's figures.
struct Search<'a> {
    instance: &'a Instance,
    /// The transposed matrix: which options cover each demand point.
    columns: &'a CoverageMatrix,
    chosen: Vec<bool>,
    size: usize,
    /// How many chosen options cover each demand point.
    times: Vec<u32>,
    /// The sum of their indices.
    owner_sum: Vec<u64>,
    /// The sum of their squared indices (with backup weights only).
    owner_squares: Vec<u128>,
    /// Unchosen: what adding the option adds. Chosen: what removing it loses.
    marginal: Vec<f64>,
    /// Unchosen: the most that one swap partner's loss can be offset (see
    /// [`shelter_at`]). Chosen: 0.
    shelter: Vec<f64>,
    /// The chosen options by (loss, index).
    by_loss: BTreeSet<(u64, u32)>,
    work: Work,
}

impl<'a> Search<'a> {
    fn new(instance: &'a Instance, start: &[u32]) -> Self {
        let matrix = instance.matrix();
        let n_demand = matrix.n_demand();
        let backup = instance.backup().is_some();
        let mut chosen = vec![false; matrix.n_options()];
        let mut times = vec![0u32; n_demand];
        let mut owner_sum = vec![0u64; n_demand];
        let mut owner_squares = vec![0u128; if backup { n_demand } else { 0 }];
        for &j in start {
            chosen[j as usize] = true;
            for &d in matrix.row(j as usize) {
                let d = d as usize;
                times[d] += 1;
                owner_sum[d] += u64::from(j);
                if backup {
                    owner_squares[d] += u128::from(j) * u128::from(j);
                }
            }
        }
        let figures: Vec<(f64, f64)> = (0..matrix.n_options())
            .into_par_iter()
            .map(|o| {
                let row = matrix.row(o);
                if chosen[o] {
                    let loss = row
                        .iter()
                        .fold(0.0, |t, &d| t + loss_at(instance, d, times[d as usize]));
                    (loss, 0.0)
                } else {
                    row.iter().fold((0.0, 0.0), |(gain, shelter), &d| {
                        let t = times[d as usize];
                        (
                            gain + instance.gain_at(d as usize, t),
                            shelter + shelter_at(instance, d, t),
                        )
                    })
                }
            })
            .collect();
        let (marginal, shelter): (Vec<f64>, Vec<f64>) = figures.into_iter().unzip();
        let by_loss = start.iter().map(|&j| (key(marginal[j as usize]), j)).collect();
        Self {
            instance,
            columns: instance.columns(),
            chosen,
            size: start.len(),
            times,
            owner_sum,
            owner_squares,
            marginal,
            shelter,
            by_loss,
            work: Work {
                entries: 2 * matrix.nnz() as u64,
                ..Work::default()
            },
        }
    }

    /// The best move bringing `k` in, if it adds more than `tolerance`,
    /// and the coverage entries read to find it. `touched` is scratch.
    fn evaluate(
        &self,
        k: u32,
        room: bool,
        tolerance: f64,
        touched: &mut Vec<(u32, f64)>,
    ) -> (Option<Move>, u64) {
        let ku = k as usize;
        if self.chosen[ku] {
            return (None, 0);
        }
        let gain = self.marginal[ku];
        // No swap adds more than the addition itself.
        if room {
            let add = Move {
                delta: gain,
                inn: k,
                out: NONE,
            };
            return ((gain > tolerance).then_some(add), 0);
        }
        let Some(&(least, _)) = self.by_loss.first() else {
            return (None, 0);
        };
        if gain - (f64::from_bits(least) - self.shelter[ku]).max(0.0) <= tolerance {
            return (None, 0);
        }
        let instance = self.instance;
        let weights = instance.weights();
        let row = instance.matrix().row(ku);
        touched.clear();
        for &d in row {
            let d = d as usize;
            match self.times[d] {
                1 => touched.push((self.owner_sum[d] as u32, weights[d] - instance.gain_at(d, 1))),
                2 if !self.owner_squares.is_empty() => {
                    let share = instance.gain_at(d, 1);
                    let (a, b) = two_owners(self.owner_sum[d], self.owner_squares[d]);
                    touched.push((a as u32, share));
                    touched.push((b as u32, share));
                }
                _ => {}
            }
        }
        touched.sort_unstable_by_key(|&(j, _)| j);
        let mut best: Option<(f64, u32)> = None;
        let mut consider = |delta: f64, j: u32| {
            if best.is_none_or(|(b, bj)| delta > b || (delta == b && j < bj)) {
                best = Some((delta, j));
            }
        };
        for group in touched.chunk_by(|a, b| a.0 == b.0) {
            let j = group[0].0;
            let shared = group.iter().fold(0.0, |t, &(_, s)| t + s);
            consider(gain + shared - self.marginal[j as usize], j);
        }
        // The cheapest option to give up among those sharing nothing with k.
        if let Some(&(_, j)) = self
            .by_loss
            .iter()
            .find(|&&(_, j)| touched.binary_search_by_key(&j, |&(o, _)| o).is_err())
        {
            consider(gain - self.marginal[j as usize], j);
        }
        let best = best
            .filter(|&(delta, _)| delta > tolerance)
            .map(|(delta, out)| Move { delta, inn: k, out });
        (best, row.len() as u64)
    }

    /// Makes `m`.
    fn make(&mut self, m: Move) {
        if m.out != NONE {
            self.toggle(m.out, false);
        }
        self.toggle(m.inn, true);
        self.work.moves += 1;
    }

    /// Adds (`on`) or removes option `j`, updating the figures of every
    /// option that covers demand whose cover count changes.
    fn toggle(&mut self, j: u32, on: bool) {
        let instance = self.instance;
        let ju = j as usize;
        if !on {
            self.by_loss.remove(&(key(self.marginal[ju]), j));
        }
        self.chosen[ju] = on;
        if on {
            self.size += 1;
        } else {
            self.size -= 1;
        }
        let squares = !self.owner_squares.is_empty();
        let row = instance.matrix().row(ju);
        for &d in row {
            let du = d as usize;
            let before = self.times[du];
            let after = if on { before + 1 } else { before - 1 };
            self.times[du] = after;
            if on {
                self.owner_sum[du] += u64::from(j);
            } else {
                self.owner_sum[du] -= u64::from(j);
            }
            if squares {
                let j2 = u128::from(j) * u128::from(j);
                if on {
                    self.owner_squares[du] += j2;
                } else {
                    self.owner_squares[du] -= j2;
                }
            }
            let gain = instance.gain_at(du, after) - instance.gain_at(du, before);
            let loss = loss_at(instance, d, after) - loss_at(instance, d, before);
            let shelter = shelter_at(instance, d, after) - shelter_at(instance, d, before);
            if gain == 0.0 && loss == 0.0 && shelter == 0.0 {
                continue;
            }
            let column = self.columns.row(du);
            self.work.entries += column.len() as u64;
            for &o in column {
                let ou = o as usize;
                if o == j {
                    continue;
                }
                if self.chosen[ou] {
                    if loss != 0.0 {
                        self.by_loss.remove(&(key(self.marginal[ou]), o));
                        self.marginal[ou] += loss;
                        self.by_loss.insert((key(self.marginal[ou]), o));
                    }
                } else {
                    self.marginal[ou] += gain;
                    self.shelter[ou] += shelter;
                }
            }
        }
        // The option itself changed sides: its figures from scratch.
        self.work.entries += row.len() as u64;
        if on {
            let times = &self.times;
            self.marginal[ju] = row
                .iter()
                .fold(0.0, |t, &d| t + loss_at(instance, d, times[d as usize]));
            self.shelter[ju] = 0.0;
            self.by_loss.insert((key(self.marginal[ju]), j));
        } else {
            let (gain, shelter) = row.iter().fold((0.0, 0.0), |(gain, shelter), &d| {
                let t = self.times[d as usize];
                (
                    gain + instance.gain_at(d as usize, t),
                    shelter + shelter_at(instance, d, t),
                )
            });
            self.marginal[ju] = gain;
            self.shelter[ju] = shelter;
        }
    }
}

/// What a chosen option covering demand point `d` loses there by leaving,
/// when `times` chosen options (itself included) cover it.
fn loss_at(instance: &Instance, d: u32, times: u32) -> f64 {
    match times {
        0 => 0.0,
        t => instance.gain_at(d as usize, t - 1),
    }
}

/// The most that an option newly covering `d` offsets of one chosen
/// option's loss in a swap, when `times` chosen options cover `d`: the
/// leaver's loss there minus what the newcomer would have added.
fn shelter_at(instance: &Instance, d: u32, times: u32) -> f64 {
    match times {
        0 => 0.0,
        t => loss_at(instance, d, t) - instance.gain_at(d as usize, t),
    }
}

/// An ordering key for a loss: non-negative floats order as their bits
/// (a loss a hair below 0 from rounding counts as 0).
fn key(loss: f64) -> u64 {
    if loss > 0.0 { loss.to_bits() } else { 0 }
}
