//! How much memory a coverage problem takes, estimated before it is built,
//! beside the model that builds it so the two cannot drift apart.

use geo_types::Coord;
use rayon::prelude::*;
use sightline_index::PointIndex;

use crate::{CameraModel, ExistingCamera, Site, quantise};

/// What building a coverage problem (and solving it) is expected to take:
/// see [`CameraModel::estimate_memory`].
///
/// # Examples
///
/// ```
/// use sightline_coverage::{CameraModel, Site};
/// use geo_types::coord;
///
/// let demand = [coord! { x: 0.0, y: 0.0 }, coord! { x: 30.0, y: 0.0 }];
/// let sites = [Site::new(coord! { x: 10.0, y: 0.0 })];
/// let estimate = CameraModel::disc(25.0)?.estimate_memory(&demand, &sites, &[], None);
/// assert_eq!((estimate.options, estimate.pairs, estimate.entries), (1, 2, 2));
/// assert!(estimate.bytes > 0 && !estimate.partial);
/// # Ok::<(), sightline_coverage::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MemoryEstimate {
    /// Demand points.
    pub demand_points: usize,
    /// Camera options: one per site, or one per site, camera type and
    /// heading in the view-cone model. Counted, not estimated.
    pub options: usize,
    /// (option, demand point) pairs in sight, estimated from a sample of
    /// up to [`SAMPLED_DEMAND`] demand points (buildings are not looked
    /// at: they can only hide pairs).
    pub pairs: u64,
    /// Entries of the solver's matrix: a pair of the view-cone model with
    /// quality levels counts once per level it reaches among the levels
    /// at that point; otherwise one per pair.
    pub entries: u64,
    /// Bytes at the peak of building and solving.
    pub bytes: u64,
    /// True when counting stopped part way because what was counted
    /// already came to more than the limit: the figures are then lower
    /// bounds of the estimate.
    pub partial: bool,
}

/// Demand points whose surroundings are looked at to estimate the pairs;
/// with more points, an evenly spaced sample of this many.
pub const SAMPLED_DEMAND: usize = 4096;

/// Peak bytes per (option, demand point) pair of the disc model: the rows
/// as built and concatenated, the instance and the copies the solver works
/// on. All these constants are calibrated on the large synthetic city with
/// the facade's `examples/memory_estimate.rs` (BENCHMARKS.md), rounded up:
/// peaks measured 11–13 bytes per pair here.
const DISC_BYTES_PER_PAIR: u64 = 14;
/// Per pair of the view-cone model: the quality seen, and the pair again
/// while it is sorted by demand point.
const VIEW_BYTES_PER_PAIR: u64 = 32;
/// Per matrix entry of the view-cone model: the leveled matrix, its
/// transpose and the solver's copies.
const VIEW_BYTES_PER_ENTRY: u64 = 28;
/// Per pair of an existing camera in the view-cone model (its quality,
/// held until each point's best two are known).
const EXISTING_BYTES_PER_PAIR: u64 = 16;
/// Bytes per demand point: location, weight, index, districts, what is
/// covered before and after, the solver's weights and rows (160–175
/// measured, more for a coverage target).
const BYTES_PER_DEMAND: u64 = 200;
/// Bytes per camera option of the disc model: row offsets, costs, gains.
const DISC_BYTES_PER_OPTION: u64 = 160;
/// Bytes per camera option of the view-cone model, whose rows are built
/// one by one.
const VIEW_BYTES_PER_OPTION: u64 = 400;

/// What one sampled demand point brings: (pairs, entries, existing pairs).
type Counts = (u64, u64, u64);

impl CameraModel {
    /// Estimates the memory of the coverage problem of `sites` over
    /// `demand` after `existing` cameras, as this model builds it and a
    /// solver then works on it, by looking at the sites (and existing
    /// cameras) within range of a sample of the demand points. Stops
    /// early, with a [`partial`](MemoryEstimate::partial) estimate, once
    /// it is sure to come to more than `stop_above` bytes.
    ///
    /// Buildings are not looked at (they only hide pairs): where they
    /// block sight lines, estimate with
    /// [`among_buildings`](Self::among_buildings), as coverage is built.
    /// The result does not depend on the thread count.
    pub fn estimate_memory(
        &self,
        demand: &[Coord<f64>],
        sites: &[Site],
        existing: &[ExistingCamera],
        stop_above: Option<u64>,
    ) -> MemoryEstimate {
        let types = self.camera_types();
        let views = self.view_model().is_some();
        let options = self.option_count(sites) as u64;
        let sample: Vec<usize> = if demand.len() <= SAMPLED_DEMAND {
            (0..demand.len()).collect()
        } else {
            (0..SAMPLED_DEMAND as u64)
                .map(|i| (i * demand.len() as u64 / SAMPLED_DEMAND as u64) as usize)
                .collect()
        };
        let site_points: Vec<Coord<f64>> = sites.iter().map(|s| s.location).collect();
        let site_index = PointIndex::new(&site_points);
        let existing_points: Vec<Coord<f64>> = existing.iter().map(|e| e.location).collect();
        let existing_index = PointIndex::new(&existing_points);
        let existing_range = existing.iter().map(|e| e.range_m).fold(0.0, f64::max);
        let levels = self.quality_levels();
        let level = |q: f64| (quantise(q, levels) * f64::from(levels)).round() as u32;
        let max_range = self.max_range_m();
        let per_point = |d: usize| -> Counts {
            let at = demand[d];
            if !views {
                let pairs = site_index.within(at, max_range).count() as u64;
                return (pairs, pairs, 0);
            }
            // The level of every option that sees the point, as the leveled
            // matrix will: one row per distinct level (existing cameras' best
            // two included) up to the best option's, and each option in every
            // row at or below its level.
            let mut seen: Vec<u32> = Vec::new();
            for (s, location) in site_index.within_located(at, max_range) {
                for t in types {
                    for heading in t.headings_at(sites[s as usize].headings.as_deref()) {
                        let q = t.quality(location, heading.unwrap_or(0.0), at);
                        if q > 0.0 {
                            seen.push(level(q));
                        }
                    }
                }
            }
            let pairs = seen.len() as u64;
            let mut best = [0u32; 2];
            let mut existing_pairs = 0;
            for e in existing_index.within(at, existing_range) {
                let q = existing[e as usize].quality(at);
                if q > 0.0 {
                    existing_pairs += 1;
                    let l = level(q);
                    if l > best[0] {
                        best = [l, best[0]];
                    } else if l > best[1] {
                        best[1] = l;
                    }
                }
            }
            seen.retain(|&l| l > 0);
            let mut thresholds: Vec<u32> = seen.iter().copied().chain(best).filter(|&l| l > 0).collect();
            thresholds.sort_unstable();
            thresholds.dedup();
            let entries = seen
                .iter()
                .map(|&l| thresholds.partition_point(|&t| t <= l) as u64)
                .sum();
            (pairs, entries, existing_pairs)
        };
        let n = demand.len() as u64;
        let scale = |count: u64| -> u64 {
            if sample.is_empty() {
                0
            } else {
                (count as f64 * demand.len() as f64 / sample.len() as f64).round() as u64
            }
        };
        let bytes_of = |pairs: u64, entries: u64, existing_pairs: u64| -> u64 {
            if views {
                pairs
                    .saturating_mul(VIEW_BYTES_PER_PAIR)
                    .saturating_add(entries.saturating_mul(VIEW_BYTES_PER_ENTRY))
                    .saturating_add(existing_pairs.saturating_mul(EXISTING_BYTES_PER_PAIR))
                    .saturating_add(options.saturating_mul(VIEW_BYTES_PER_OPTION))
            } else {
                pairs
                    .saturating_mul(DISC_BYTES_PER_PAIR)
                    .saturating_add(options.saturating_mul(DISC_BYTES_PER_OPTION))
            }
            .saturating_add(n.saturating_mul(BYTES_PER_DEMAND))
        };
        // Chunk by chunk, summed in sample order so that the estimate does not
        // depend on threads. Counts only grow, so once the part counted is over
        // `stop_above` the whole would be too.
        let (mut sums, mut partial) = ((0u64, 0u64, 0u64), false);
        for chunk in sample.chunks(512) {
            let counted: Vec<Counts> = chunk.par_iter().map(|&d| per_point(d)).collect();
            sums = counted
                .iter()
                .fold(sums, |(p, e, x), &(a, b, c)| (p + a, e + b, x + c));
            if stop_above.is_some_and(|limit| bytes_of(scale(sums.0), scale(sums.1), scale(sums.2)) > limit) {
                partial = chunk.as_ptr_range().end != sample.as_ptr_range().end;
                break;
            }
        }
        let (pairs, entries, existing_pairs) = (scale(sums.0), scale(sums.1), scale(sums.2));
        let bytes = bytes_of(pairs, entries, existing_pairs);
        MemoryEstimate {
            demand_points: demand.len(),
            options: options as usize,
            pairs,
            entries,
            bytes,
            partial,
        }
    }

    /// Bytes the coverage problem of `sites` over `demand_points` demand
    /// points after `existing_cameras` cameras takes at most, with every
    /// option seeing every point at every quality level and every
    /// existing camera seeing every point: never below
    /// [`estimate_memory`](Self::estimate_memory), and free to compute.
    /// When it fits a limit there is nothing to estimate.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::{CameraModel, Site};
    /// use geo_types::coord;
    ///
    /// let demand = [coord! { x: 0.0, y: 0.0 }, coord! { x: 30.0, y: 0.0 }];
    /// let sites = [Site::new(coord! { x: 10.0, y: 0.0 })];
    /// let model = CameraModel::disc(25.0)?;
    /// let estimate = model.estimate_memory(&demand, &sites, &[], None);
    /// assert!(model.worst_case_bytes(demand.len(), &sites, 0) >= estimate.bytes);
    /// # Ok::<(), sightline_coverage::Error>(())
    /// ```
    pub fn worst_case_bytes(&self, demand_points: usize, sites: &[Site], existing_cameras: usize) -> u64 {
        let n = demand_points as u64;
        let options = self.option_count(sites) as u64;
        let existing = existing_cameras as u64;
        n.saturating_mul(options)
            .saturating_mul(VIEW_BYTES_PER_PAIR + VIEW_BYTES_PER_ENTRY * u64::from(self.quality_levels()))
            .saturating_add(n.saturating_mul(existing).saturating_mul(EXISTING_BYTES_PER_PAIR))
            .saturating_add(n.saturating_mul(BYTES_PER_DEMAND))
            .saturating_add(options.saturating_mul(VIEW_BYTES_PER_OPTION))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_points::scatter;
    use crate::{CameraType, Decay, ViewModel};

    #[test]
    fn view_counts_match_the_leveled_matrix() {
        let demand = scatter(1500, 400.0, 0.0);
        let sites: Vec<Site> = scatter(60, 400.0, 0.5).into_iter().map(Site::new).collect();
        let existing: Vec<ExistingCamera> = scatter(15, 400.0, 0.25)
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let camera = ExistingCamera::disc(e, 40.0);
                if i % 2 == 0 {
                    camera.facing(90.0, 120.0)
                } else {
                    camera
                }
            })
            .collect();
        let types = vec![
            CameraType::new("fixed", 90.0, 90.0)
                .unwrap()
                .headings(4)
                .unwrap()
                .decay(Decay::Linear { full_m: 20.0 })
                .unwrap(),
            CameraType::new("dome", 50.0, 360.0).unwrap(),
        ];
        for levels in [1, 7] {
            let model = CameraModel::types(types.clone(), levels).unwrap();
            let estimate = model.estimate_memory(&demand, &sites, &existing, None);
            let view = ViewModel::new(types.clone()).unwrap().build(
                &PointIndex::new(&demand),
                &sites,
                &existing,
                None,
            );
            let pairs: u64 = (0..view.options().len())
                .map(|o| view.seen_by(o).len() as u64)
                .sum();
            let entries = view.leveled(levels).matrix.nnz() as u64;
            assert_eq!(estimate.options, view.options().len());
            assert_eq!(
                (estimate.pairs, estimate.entries),
                (pairs, entries),
                "levels {levels}"
            );
            assert!(model.worst_case_bytes(demand.len(), &sites, existing.len()) >= estimate.bytes);
        }
    }

    #[test]
    fn counting_stops_once_over_the_limit() {
        let demand = scatter(5000, 400.0, 0.0);
        let sites: Vec<Site> = scatter(200, 400.0, 0.5).into_iter().map(Site::new).collect();
        let model = CameraModel::disc(200.0).unwrap();
        let whole = model.estimate_memory(&demand, &sites, &[], None);
        assert!(!whole.partial);
        let stopped = model.estimate_memory(&demand, &sites, &[], Some(whole.bytes / 4));
        assert!(stopped.partial && stopped.bytes > whole.bytes / 4);
        assert!(stopped.pairs < whole.pairs);
    }
}
