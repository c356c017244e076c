//! A uniform grid over points, for many radius queries of one radius: the
//! points sorted by cell (a counting sort), their coordinates stored in
//! that order, so that a query reads a few contiguous runs of memory.

use geo_types::Coord;
use rayon::prelude::*;

/// Points bucketed in square cells, for radius queries.
///
/// Built once in `O(n)`; a query of radius `r` visits the cells its
/// bounding box touches. Cells are about the query radius wide, so a
/// query reads about `(2r + cell)² / cell²` cells' points. Results are the
/// same points as [`PointIndex::within`](crate::PointIndex::within) finds
/// (distance squared at most the radius squared, computed the same way),
/// each list ascending.
///
/// # Examples
///
/// ```
/// use geo_types::coord;
/// use sightline_index::PointGrid;
///
/// let points = [coord! { x: 0.0, y: 0.0 }, coord! { x: 30.0, y: 40.0 }, coord! { x: 300.0, y: 0.0 }];
/// let grid = PointGrid::new(&points, 50.0);
/// let mut found = Vec::new();
/// grid.within(coord! { x: 0.0, y: 0.0 }, 50.0, &mut found);
/// assert_eq!(found, vec![0, 1]); // (30, 40) is exactly 50 away
/// let (offsets, entries) = grid.rows_within(&[coord! { x: 300.0, y: 10.0 }, coord! { x: 1e6, y: 0.0 }], 50.0);
/// assert_eq!((offsets, entries), (vec![0, 1, 1], vec![2]));
/// ```
#[derive(Debug, Clone)]
pub struct PointGrid {
    /// The south-west corner of cell (0, 0).
    origin: Coord<f64>,
    /// Cell width, metres.
    cell: f64,
    columns: usize,
    rows: usize,
    /// Cell `c`'s points are `order[starts[c]..starts[c + 1]]`, ascending.
    starts: Vec<u32>,
    order: Vec<u32>,
    /// The coordinates of `order`'s points, in that order.
    coords: Vec<[f64; 2]>,
}

/// Centres per parallel task of [`PointGrid::rows_within`]: fixed, so the
/// result does not depend on the thread count.
const CHUNK: usize = 512;

/// At most this many cells per point: a grid over a few far-apart points
/// gets wider cells instead of millions of empty ones.
const CELLS_PER_POINT: f64 = 4.0;

impl PointGrid {
    /// Buckets `points` (finite coordinates) in cells about `cell_m` wide
    /// (wider when the points are few and far apart).
    ///
    /// # Panics
    ///
    /// If there are more than `u32::MAX` points.
    pub fn new(points: &[Coord<f64>], cell_m: f64) -> Self {
        assert!(u32::try_from(points.len()).is_ok(), "at most u32::MAX points");
        // Minima and maxima are exact: in parallel, the same extent.
        let (mut min, mut max) = points
            .par_iter()
            .with_min_len(1 << 14)
            .filter(|p| p.x.is_finite() && p.y.is_finite())
            .fold(
                || ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]),
                |(min, max), p| {
                    (
                        [min[0].min(p.x), min[1].min(p.y)],
                        [max[0].max(p.x), max[1].max(p.y)],
                    )
                },
            )
            .reduce(
                || ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]),
                |(a, b), (c, d)| ([a[0].min(c[0]), a[1].min(c[1])], [b[0].max(d[0]), b[1].max(d[1])]),
            );
        if min[0] > max[0] {
            (min, max) = ([0.0; 2], [0.0; 2]);
        }
        let (width, height) = (max[0] - min[0], max[1] - min[1]);
        let mut cell = if cell_m.is_finite() && cell_m > 0.0 {
            cell_m
        } else {
            1.0
        };
        let budget = (points.len() as f64 * CELLS_PER_POINT).max(1.0);
        while ((width / cell).floor() + 1.0) * ((height / cell).floor() + 1.0) > budget {
            cell *= 2.0;
        }
        let columns = (width / cell) as usize + 1;
        let rows = (height / cell) as usize + 1;
        let origin = Coord { x: min[0], y: min[1] };
        let mut grid = Self {
            origin,
            cell,
            columns,
            rows,
            starts: Vec::new(),
            order: Vec::new(),
            coords: Vec::new(),
        };
        let cells: Vec<u32> = points
            .par_iter()
            .with_min_len(1 << 14)
            .map(|p| grid.cell_of(*p) as u32)
            .collect();
        let mut starts = vec![0u32; columns * rows + 1];
        for &c in &cells {
            starts[c as usize + 1] += 1;
        }
        for c in 0..columns * rows {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; points.len()];
        for (i, &c) in cells.iter().enumerate() {
            let slot = &mut next[c as usize];
            order[*slot as usize] = i as u32;
            *slot += 1;
        }
        grid.coords = order
            .par_iter()
            .with_min_len(1 << 14)
            .map(|&i| [points[i as usize].x, points[i as usize].y])
            .collect();
        grid.starts = starts;
        grid.order = order;
        grid
    }

    /// The points' indices in the grid's order: cell by cell, the rows of
    /// cells from south to north, each row from west to east, and each
    /// cell's points ascending. Points near each other are mostly near
    /// each other in this order: a layer renumbered in it keeps the work
    /// of a radius query (and of every pass over its results) within a few
    /// runs of memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use geo_types::coord;
    /// use sightline_index::PointGrid;
    ///
    /// let points = [
    ///     coord! { x: 120.0, y: 10.0 },
    ///     coord! { x: 10.0, y: 60.0 },
    ///     coord! { x: 10.0, y: 10.0 },
    ///     coord! { x: 60.0, y: 10.0 },
    /// ];
    /// // Cells 50 m wide: the southern row west to east, then the next.
    /// let grid = PointGrid::new(&points, 50.0);
    /// assert_eq!(grid.order(), &[2, 3, 0, 1]);
    /// ```
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// The same grid with its points renumbered in [`order`](Self::order)
    /// (point `k` of the new grid is point `order[k]` of this one), and
    /// that order: what a radius query of the new grid finds is runs of
    /// consecutive numbers.
    ///
    /// # Examples
    ///
    /// ```
    /// use geo_types::coord;
    /// use sightline_index::PointGrid;
    ///
    /// let points = [
    ///     coord! { x: 120.0, y: 10.0 },
    ///     coord! { x: 10.0, y: 60.0 },
    ///     coord! { x: 10.0, y: 10.0 },
    ///     coord! { x: 60.0, y: 10.0 },
    /// ];
    /// let (grid, order) = PointGrid::new(&points, 50.0).into_ordered();
    /// assert_eq!(order, vec![2, 3, 0, 1]);
    /// let mut found = Vec::new();
    /// grid.within(coord! { x: 0.0, y: 0.0 }, 70.0, &mut found);
    /// // (10, 10), (60, 10) and (10, 60): points 2, 3 and 1, now 0, 1 and 3.
    /// assert_eq!(found, vec![0, 1, 3]);
    /// let (offsets, entries) = grid.rows_within(&[coord! { x: 0.0, y: 0.0 }], 70.0);
    /// assert_eq!((offsets, entries), (vec![0, 3], vec![0, 1, 3]));
    /// ```
    pub fn into_ordered(mut self) -> (Self, Vec<u32>) {
        let ordered = (0..self.order.len() as u32).collect();
        let order = std::mem::replace(&mut self.order, ordered);
        (self, order)
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The cell holding `p` (clamped to the grid).
    fn cell_of(&self, p: Coord<f64>) -> usize {
        let (column, row) = self.cell_xy(p);
        row * self.columns + column
    }

    fn cell_xy(&self, p: Coord<f64>) -> (usize, usize) {
        let column = ((p.x - self.origin.x) / self.cell).floor();
        let row = ((p.y - self.origin.y) / self.cell).floor();
        (
            column.clamp(0.0, (self.columns - 1) as f64) as usize,
            row.clamp(0.0, (self.rows - 1) as f64) as usize,
        )
    }

    /// Appends to `out` the points within `radius_m` of `center`
    /// (distance at most the radius), ascending; `out` is cleared first.
    pub fn within(&self, center: Coord<f64>, radius_m: f64, out: &mut Vec<u32>) {
        out.clear();
        self.append_within(center, radius_m, out);
    }

    /// The cells a query of `radius_m` around `center` reads, `None` when
    /// it can find nothing.
    fn block(&self, center: Coord<f64>, radius_m: f64) -> Option<Block> {
        let usable = radius_m >= 0.0 && center.x.is_finite() && center.y.is_finite();
        if self.order.is_empty() || !usable {
            return None;
        }
        let low = Coord {
            x: center.x - radius_m,
            y: center.y - radius_m,
        };
        let high = Coord {
            x: center.x + radius_m,
            y: center.y + radius_m,
        };
        // A query box wholly outside the grid finds nothing (clamping would
        // send it to the border cells, which is still correct, only slower).
        let far = self.origin.x + self.columns as f64 * self.cell;
        let top = self.origin.y + self.rows as f64 * self.cell;
        if high.x < self.origin.x || high.y < self.origin.y || low.x > far || low.y > top {
            return None;
        }
        let (c0, r0) = self.cell_xy(low);
        let (c1, r1) = self.cell_xy(high);
        Some(Block { r0, c0, r1, c1 })
    }

    /// As [`within`](Self::within), appending to what `out` holds; the
    /// appended part is ascending.
    fn append_within(&self, center: Coord<f64>, radius_m: f64, out: &mut Vec<u32>) {
        let start = out.len();
        let Some(block) = self.block(center, radius_m) else {
            return;
        };
        let r2 = radius_m * radius_m;
        for row in block.r0..=block.r1 {
            let first = self.starts[row * self.columns + block.c0] as usize;
            let last = self.starts[row * self.columns + block.c1 + 1] as usize;
            // The cells of one grid row are contiguous in `order`.
            for k in first..last {
                let [x, y] = self.coords[k];
                let (dx, dy) = (x - center.x, y - center.y);
                if dx * dx + dy * dy <= r2 {
                    out.push(self.order[k]);
                }
            }
        }
        out[start..].sort_unstable();
    }

    /// The points of `block`'s cells, ascending, each as its index (high
    /// half) and its position in `order` (low half): the cells' runs,
    /// each already ascending, merged pairwise.
    fn merged(&self, block: Block, out: &mut Vec<u64>, scratch: &mut Vec<u64>, bounds: &mut Vec<usize>) {
        out.clear();
        bounds.clear();
        bounds.push(0);
        for row in block.r0..=block.r1 {
            for cell in row * self.columns + block.c0..=row * self.columns + block.c1 {
                let (first, last) = (self.starts[cell] as usize, self.starts[cell + 1] as usize);
                out.extend((first..last).map(|k| (u64::from(self.order[k]) << 32) | k as u64));
                if last > first {
                    bounds.push(out.len());
                }
            }
        }
        // Runs that follow each other in order (a grid renumbered in its
        // own order, see `into_ordered`) are merged already.
        let inner = bounds.get(1..bounds.len().saturating_sub(1)).unwrap_or_default();
        if inner.iter().all(|&b| out[b - 1] < out[b]) {
            return;
        }
        while bounds.len() > 2 {
            scratch.clear();
            let mut next = 1;
            for pair in (1..bounds.len()).step_by(2) {
                let (start, middle) = (bounds[pair - 1], bounds[pair]);
                let end = bounds.get(pair + 1).copied().unwrap_or(middle);
                merge_into(&out[start..middle], &out[middle..end], scratch);
                bounds[next] = end;
                next += 1;
            }
            bounds.truncate(next);
            std::mem::swap(out, scratch);
        }
    }

    /// The point nearest `center` and its distance; among points equally
    /// near, the lowest index (as [`PointIndex::nearest`](crate::PointIndex::nearest)
    /// answers). `None` without points.
    ///
    /// # Examples
    ///
    /// ```
    /// use geo_types::coord;
    /// use sightline_index::PointGrid;
    ///
    /// let points = [coord! { x: 10.0, y: 0.0 }, coord! { x: 0.0, y: 5.0 }, coord! { x: -5.0, y: 0.0 }];
    /// let grid = PointGrid::new(&points, 1.0);
    /// assert_eq!(grid.nearest(coord! { x: 0.0, y: 0.0 }), Some((1, 5.0))); // 1 and 2 tie
    /// assert_eq!(grid.nearest(coord! { x: 1e6, y: 0.0 }), Some((0, 1e6 - 10.0)));
    /// ```
    pub fn nearest(&self, center: Coord<f64>) -> Option<(u32, f64)> {
        if self.order.is_empty() || !center.x.is_finite() || !center.y.is_finite() {
            return None;
        }
        let (cx, cy) = self.cell_xy(center);
        let (cx, cy) = (cx as isize, cy as isize);
        let mut best: Option<(f64, u32)> = None;
        let reach = self.columns.max(self.rows) as isize;
        for ring in 0..=reach {
            // Points of this ring lie at least (ring − 1) cells away.
            if let Some((d2, _)) = best
                && ring >= 1
                && d2.sqrt() < (ring - 1) as f64 * self.cell
            {
                break;
            }
            for row in (cy - ring).max(0)..=(cy + ring).min(self.rows as isize - 1) {
                // The whole row of the ring at its top and bottom, its two
                // ends in between.
                let edge = row == cy - ring || row == cy + ring;
                let step = if edge || ring == 0 { 1 } else { (2 * ring) as usize };
                let columns = (cx - ring..=cx + ring)
                    .step_by(step)
                    .filter(|&c| c >= 0 && c < self.columns as isize);
                for column in columns {
                    let cell = row as usize * self.columns + column as usize;
                    for k in self.starts[cell] as usize..self.starts[cell + 1] as usize {
                        let [x, y] = self.coords[k];
                        let (dx, dy) = (x - center.x, y - center.y);
                        let candidate = (dx * dx + dy * dy, self.order[k]);
                        if best.is_none_or(|b| candidate.0 < b.0 || (candidate.0 == b.0 && candidate.1 < b.1))
                        {
                            best = Some(candidate);
                        }
                    }
                }
            }
        }
        best.map(|(d2, index)| (index, d2.sqrt()))
    }

    /// For each of `centres`, the points within `radius_m`, ascending, as
    /// compressed rows: centre `k`'s are `entries[offsets[k]..offsets[k + 1]]`.
    /// Computed in parallel, in fixed chunks: the same result whatever the
    /// thread count.
    pub fn rows_within(&self, centres: &[Coord<f64>], radius_m: f64) -> (Vec<usize>, Vec<u32>) {
        let r2 = radius_m * radius_m;
        // Centres that read the same cells share one merged, ascending
        // list of their points, so no row needs a sort: the centres are
        // taken in the order of their cells.
        let mut queue: Vec<(Block, u32)> = centres
            .par_iter()
            .enumerate()
            .filter_map(|(k, &centre)| Some((self.block(centre, radius_m)?, k as u32)))
            .collect();
        queue.par_sort_unstable();
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = queue
            .par_chunks(CHUNK)
            .map(|chunk| {
                let (mut merged, mut scratch, mut bounds) = (Vec::new(), Vec::new(), Vec::new());
                // The current block's points, ascending: indices and
                // coordinates side by side.
                let (mut indices, mut coords) = (Vec::new(), Vec::new());
                let mut row = Vec::new();
                let mut current = None;
                let mut lengths = Vec::with_capacity(chunk.len());
                let mut entries = Vec::new();
                for &(block, k) in chunk {
                    if current != Some(block) {
                        self.merged(block, &mut merged, &mut scratch, &mut bounds);
                        indices.clear();
                        indices.extend(merged.iter().map(|&key| (key >> 32) as u32));
                        coords.clear();
                        coords.extend(
                            merged
                                .iter()
                                .map(|&key| self.coords[(key & u64::from(u32::MAX)) as usize]),
                        );
                        row.resize(indices.len(), 0);
                        current = Some(block);
                    }
                    let centre = centres[k as usize];
                    // Written unconditionally, kept when near: no branch
                    // to mispredict.
                    let mut found = 0;
                    for (&index, &[x, y]) in indices.iter().zip(&coords) {
                        let (dx, dy) = (x - centre.x, y - centre.y);
                        row[found] = index;
                        found += usize::from(dx * dx + dy * dy <= r2);
                    }
                    let before = entries.len();
                    entries.extend_from_slice(&row[..found]);
                    lengths.push((entries.len() - before) as u32);
                }
                (lengths, entries)
            })
            .collect();
        // Where each centre's row lies among the chunks, then the rows
        // copied in centre order, in parallel over fixed runs of centres.
        let mut source = vec![(0u32, 0usize, 0usize); centres.len()];
        for (c, ((lengths, _), queued)) in chunks.iter().zip(queue.chunks(CHUNK)).enumerate() {
            let mut start = 0;
            for (&length, &(_, k)) in lengths.iter().zip(queued) {
                source[k as usize] = (c as u32, start, length as usize);
                start += length as usize;
            }
        }
        let mut offsets = Vec::with_capacity(centres.len() + 1);
        offsets.push(0);
        for &(_, _, length) in &source {
            offsets.push(offsets[offsets.len() - 1] + length);
        }
        let mut entries = vec![0u32; offsets[centres.len()]];
        let mut pieces = Vec::new();
        let mut rest = entries.as_mut_slice();
        for first in (0..centres.len()).step_by(CHUNK) {
            let last = (first + CHUNK).min(centres.len());
            let (piece, tail) = std::mem::take(&mut rest).split_at_mut(offsets[last] - offsets[first]);
            pieces.push((first..last, piece));
            rest = tail;
        }
        pieces.into_par_iter().for_each(|(range, piece)| {
            let mut at = 0;
            // Centres that find nothing may have no chunk at all.
            for &(c, start, length) in source[range].iter().filter(|s| s.2 > 0) {
                piece[at..at + length].copy_from_slice(&chunks[c as usize].1[start..start + length]);
                at += length;
            }
        });
        (offsets, entries)
    }
}

/// The cells a query reads: rows `r0..=r1`, columns `c0..=c1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Block {
    r0: usize,
    c0: usize,
    r1: usize,
    c1: usize,
}

/// Appends to `out` the ascending merge of ascending `a` and `b`.
fn merge_into(a: &[u64], b: &[u64], out: &mut Vec<u64>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let first = a[i] <= b[j];
        out.push(if first { a[i] } else { b[j] });
        i += usize::from(first);
        j += usize::from(!first);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::PointIndex;
    use geo_types::coord;

    fn scatter(n: u32, spread: f64) -> Vec<Coord<f64>> {
        (0..n)
            .map(|i| {
                let t = f64::from(i);
                coord! { x: (t * 7.31).sin() * spread, y: (t * 3.17).cos() * spread }
            })
            .collect()
    }

    #[test]
    fn the_grid_finds_what_the_tree_finds() {
        let points = scatter(5000, 700.0);
        let index = PointIndex::new(&points);
        for cell in [10.0, 50.0, 100.0, 1e5] {
            let grid = PointGrid::new(&points, cell);
            let mut found = Vec::new();
            for (k, centre) in scatter(300, 900.0).iter().enumerate() {
                let radius = 5.0 + 3.0 * k as f64;
                let mut expected: Vec<u32> = index.within(*centre, radius).collect();
                expected.sort_unstable();
                grid.within(*centre, radius, &mut found);
                assert_eq!(found, expected, "cell {cell} radius {radius}");
            }
            // On the points themselves, where distances are exactly 0.
            for centre in points.iter().step_by(37) {
                let mut expected: Vec<u32> = index.within(*centre, 60.0).collect();
                expected.sort_unstable();
                grid.within(*centre, 60.0, &mut found);
                assert_eq!(found, expected);
            }
        }
    }

    #[test]
    fn nearest_matches_the_tree() {
        // Repeated points make ties, at distance 0 too.
        let mut points = scatter(3000, 800.0);
        points.extend(scatter(500, 800.0));
        let index = PointIndex::new(&points);
        for cell in [5.0, 40.0, 300.0] {
            let grid = PointGrid::new(&points, cell);
            for centre in scatter(400, 1500.0).iter().chain(points.iter().step_by(23)) {
                assert_eq!(
                    grid.nearest(*centre),
                    index.nearest(*centre),
                    "cell {cell} at {centre:?}"
                );
            }
        }
    }

    #[test]
    fn rows_are_the_single_queries() {
        let points = scatter(3000, 500.0);
        let grid = PointGrid::new(&points, 40.0);
        // Far centres too, and repeated ones (which share their cells).
        let mut centres = scatter(2000, 600.0);
        centres.extend(scatter(300, 600.0));
        centres.push(coord! { x: 1e6, y: 0.0 });
        centres.push(coord! { x: f64::NAN, y: 0.0 });
        for radius in [10.0, 40.0, 130.0] {
            let (offsets, entries) = grid.rows_within(&centres, radius);
            assert_eq!(offsets.len(), centres.len() + 1);
            assert!(!entries.is_empty(), "radius {radius}");
            let mut found = Vec::new();
            for (k, centre) in centres.iter().enumerate() {
                grid.within(*centre, radius, &mut found);
                assert_eq!(
                    &entries[offsets[k]..offsets[k + 1]],
                    found.as_slice(),
                    "radius {radius}"
                );
            }
        }
    }

    #[test]
    fn a_grid_in_its_own_order_finds_the_same_points_renumbered() {
        let points = scatter(3000, 500.0);
        let grid = PointGrid::new(&points, 40.0);
        let (ordered, order) = grid.clone().into_ordered();
        assert_eq!(order, grid.order());
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..3000).collect::<Vec<u32>>(), "a permutation");
        let centres = scatter(500, 600.0);
        for radius in [10.0, 40.0, 130.0] {
            let (offsets, entries) = grid.rows_within(&centres, radius);
            let (new_offsets, new_entries) = ordered.rows_within(&centres, radius);
            assert_eq!(offsets, new_offsets);
            for k in 0..centres.len() {
                let row = &new_entries[offsets[k]..offsets[k + 1]];
                assert!(row.windows(2).all(|w| w[0] < w[1]), "ascending");
                let mut back: Vec<u32> = row.iter().map(|&e| order[e as usize]).collect();
                back.sort_unstable();
                assert_eq!(back, &entries[offsets[k]..offsets[k + 1]], "radius {radius}");
            }
        }
    }

    #[test]
    fn few_far_points_and_no_points() {
        let points = [coord! { x: -1e7, y: 0.0 }, coord! { x: 1e7, y: 5e6 }];
        let grid = PointGrid::new(&points, 1.0);
        let mut found = Vec::new();
        grid.within(coord! { x: 1e7, y: 5e6 }, 1.0, &mut found);
        assert_eq!(found, vec![1]);
        let empty = PointGrid::new(&[], 10.0);
        assert!(empty.is_empty());
        empty.within(coord! { x: 0.0, y: 0.0 }, 10.0, &mut found);
        assert!(found.is_empty());
        let nowhere = [coord! { x: 0.0, y: 0.0 }, coord! { x: 5.0, y: 5.0 }];
        assert_eq!(empty.rows_within(&nowhere, 10.0), (vec![0, 0, 0], vec![]));
    }
}
