//! Demand on the page: merged into a coarser grid (sums) above
//! [`MAX_PAGE_DEMAND_MARKS`] marks, with each period's weights merged the
//! same way, and classed by quantile as `map.svg` classes it.

use geo_types::Coord;

use super::{MAX_PAGE_DEMAND_MARKS, PageData};
use crate::bins::Bins;

/// The demand marks to draw: centres, weights and each period's weights.
pub(super) struct DemandMarks {
    /// Where each mark is (data coordinates).
    pub(super) at: Vec<Coord<f64>>,
    /// The demand weight of each mark.
    pub(super) weights: Vec<f64>,
    /// For each period with a layer, its weight of each mark.
    pub(super) periods: Vec<Option<Vec<f64>>>,
    /// The side of a square mark in metres; `None` draws dots.
    pub(super) size_m: Option<f64>,
    /// Whether marks are merged demand.
    pub(super) merged: bool,
}

/// Metres east and north of a centre: the identity for plane metres, an
/// equirectangular approximation for longitude and latitude (good to a
/// fraction of a percent over a city).
struct Local {
    centre: Coord<f64>,
    scale: Coord<f64>,
}

impl Local {
    fn new(lonlat: bool, centre: Coord<f64>) -> Self {
        let scale = if lonlat {
            Coord {
                x: 111_320.0 * centre.y.to_radians().cos(),
                y: 110_574.0,
            }
        } else {
            Coord { x: 1.0, y: 1.0 }
        };
        Self { centre, scale }
    }

    fn metres(&self, at: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (at.x - self.centre.x) * self.scale.x,
            y: (at.y - self.centre.y) * self.scale.y,
        }
    }

    fn back(&self, m: Coord<f64>) -> Coord<f64> {
        Coord {
            x: self.centre.x + m.x / self.scale.x,
            y: self.centre.y + m.y / self.scale.y,
        }
    }
}

/// The period weights that make a layer: as many as there are demand points.
fn period_layers(page: &PageData) -> Vec<Option<&[f64]>> {
    page.periods
        .iter()
        .map(|period| {
            (!period.weights.is_empty() && period.weights.len() == page.demand.len())
                .then_some(period.weights.as_slice())
        })
        .collect()
}

/// The marks of the page's demand (see the module docs).
pub(super) fn demand_marks(page: &PageData) -> DemandMarks {
    let layers = period_layers(page);
    let shown: Vec<usize> = (0..page.demand.len())
        .filter(|&i| page.demand[i].1 > 0.0 || layers.iter().flatten().any(|w| w[i] > 0.0))
        .collect();
    let periods_of = |pick: &dyn Fn(&[f64]) -> Vec<f64>| -> Vec<Option<Vec<f64>>> {
        layers.iter().map(|layer| layer.map(pick)).collect()
    };
    if shown.len() <= MAX_PAGE_DEMAND_MARKS {
        return DemandMarks {
            at: shown.iter().map(|&i| page.demand[i].0).collect(),
            weights: shown.iter().map(|&i| page.demand[i].1).collect(),
            periods: periods_of(&|w| shown.iter().map(|&i| w[i]).collect()),
            size_m: page.cell_size_m,
            merged: false,
        };
    }
    let (mut min, mut max) = (page.demand[shown[0]].0, page.demand[shown[0]].0);
    for &i in &shown {
        let at = page.demand[i].0;
        min = Coord {
            x: min.x.min(at.x),
            y: min.y.min(at.y),
        };
        max = Coord {
            x: max.x.max(at.x),
            y: max.y.max(at.y),
        };
    }
    let local = Local::new(
        page.lonlat,
        Coord {
            x: (min.x + max.x) / 2.0,
            y: (min.y + max.y) / 2.0,
        },
    );
    let metres: Vec<Coord<f64>> = shown.iter().map(|&i| local.metres(page.demand[i].0)).collect();
    let (lo, hi) = (local.metres(min), local.metres(max));
    // Cells merge f × f at a time on a grid aligned with their edges;
    // points go into squares of a size from the extent.
    let (origin, base) = match page.cell_size_m {
        Some(cell) => (
            Coord {
                x: lo.x - cell / 2.0,
                y: lo.y - cell / 2.0,
            },
            cell,
        ),
        None => (lo, ((hi.x - lo.x).max(hi.y - lo.y) / 1000.0).max(1e-6)),
    };
    let mut factor = ((shown.len() as f64 / MAX_PAGE_DEMAND_MARKS as f64).sqrt().floor() as u64).max(2);
    loop {
        let size = base * factor as f64;
        let keys: Vec<(i64, i64)> = metres
            .iter()
            .map(|m| {
                (
                    ((m.x - origin.x) / size).floor() as i64,
                    ((m.y - origin.y) / size).floor() as i64,
                )
            })
            .collect();
        let Some(bins) = Bins::new(&keys, MAX_PAGE_DEMAND_MARKS) else {
            factor += 1;
            continue;
        };
        let bin_of = bins.of;
        let sum = |w: &dyn Fn(usize) -> f64| {
            let mut sums = vec![0.0; bins.keys.len()];
            for (k, &i) in shown.iter().enumerate() {
                sums[bin_of[k]] += w(i);
            }
            sums
        };
        let at = bins
            .keys
            .iter()
            .map(|&(i, j)| {
                local.back(Coord {
                    x: origin.x + (i as f64 + 0.5) * size,
                    y: origin.y + (j as f64 + 0.5) * size,
                })
            })
            .collect();
        return DemandMarks {
            at,
            weights: sum(&|i| page.demand[i].1),
            periods: periods_of(&|w| sum(&|i| w[i])),
            size_m: Some(size),
            merged: true,
        };
    }
}

/// Quantile classes of positive weights, over a ramp of `colours`
/// colours (the demand ramp has 7, blind spot sizes 3).
pub(super) struct Classes {
    /// Upper bound of each class, increasing; the last is the maximum.
    uppers: Vec<f64>,
    /// The smallest weight in each class.
    lowers: Vec<f64>,
    colours: usize,
}

impl Classes {
    /// The classes of the positive values of `weights`.
    pub(super) fn new(weights: &[f64], colours: usize) -> Self {
        let mut sorted: Vec<f64> = weights.iter().copied().filter(|&w| w > 0.0).collect();
        sorted.sort_by(f64::total_cmp);
        let mut uppers: Vec<f64> = Vec::new();
        let n = sorted.len();
        if n > 0 {
            for i in 1..=colours {
                let upper = sorted[(i * n).div_ceil(colours) - 1];
                if uppers.last() != Some(&upper) {
                    uppers.push(upper);
                }
            }
        }
        let mut below = f64::NEG_INFINITY;
        let lowers = uppers
            .iter()
            .map(|&upper| {
                let lower = sorted[sorted.partition_point(|&w| w <= below)];
                below = upper;
                lower
            })
            .collect();
        Self {
            uppers,
            lowers,
            colours,
        }
    }

    /// The colour of each class, spread over the ramp.
    fn colour(&self, class: usize) -> usize {
        let n = self.uppers.len();
        if n <= 1 {
            // Uniform demand (area mode, say) is a backdrop, not a hot spot.
            return 1.min(self.colours - 1);
        }
        (class * (self.colours - 1) + (n - 1) / 2) / (n - 1)
    }

    /// One character per weight: its colour's digit, or `.` for none.
    pub(super) fn codes(&self, weights: &[f64]) -> String {
        weights
            .iter()
            .map(|&w| {
                if w > 0.0 {
                    let class = self
                        .uppers
                        .iter()
                        .position(|&upper| w <= upper)
                        .unwrap_or(self.uppers.len().saturating_sub(1));
                    char::from(b'0' + self.colour(class) as u8)
                } else {
                    '.'
                }
            })
            .collect()
    }

    /// The legend's rows: colour, lowest and highest weight of each class
    /// (equal when a class holds one value, as integer weights often do).
    pub(super) fn rows(&self) -> Vec<(usize, f64, f64)> {
        self.uppers
            .iter()
            .zip(&self.lowers)
            .enumerate()
            .map(|(class, (&upper, &lower))| (self.colour(class), lower, upper))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PagePeriod;

    #[test]
    fn classes_spread_over_the_ramp() {
        let weights: Vec<f64> = (0..70).map(f64::from).collect();
        let classes = Classes::new(&weights, 7);
        let codes = classes.codes(&weights);
        assert_eq!(&codes[..3], ".00");
        assert!(codes.ends_with('6'));
        let rows = classes.rows();
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0], (0, 1.0, 10.0));
        assert_eq!(rows[1], (1, 11.0, 20.0));
        assert_eq!(rows[6].2, 69.0);
        // A class of one value says so: 1, 2, then 3 – 4.
        let small = [1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 4.0];
        let rows = Classes::new(&small, 3).rows();
        let bounds: Vec<(f64, f64)> = rows.iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(bounds, vec![(1.0, 1.0), (2.0, 2.0), (3.0, 4.0)]);
        let uniform = Classes::new(&[2.0, 2.0], 7);
        assert_eq!(uniform.codes(&[2.0, 0.0]), "1.");
    }

    #[test]
    fn demand_above_the_cap_is_merged_with_its_periods() {
        let n = MAX_PAGE_DEMAND_MARKS + 10_000;
        let demand: Vec<(Coord<f64>, f64)> = (0..n)
            .map(|i| {
                (
                    Coord {
                        x: (i % 300) as f64 * 10.0,
                        y: (i / 300) as f64 * 10.0,
                    },
                    1.0,
                )
            })
            .collect();
        let page = PageData {
            demand,
            cell_size_m: Some(10.0),
            periods: vec![PagePeriod {
                weights: vec![0.5; n],
                ..PagePeriod::default()
            }],
            ..PageData::default()
        };
        let marks = demand_marks(&page);
        assert!(marks.merged);
        assert!(marks.at.len() <= MAX_PAGE_DEMAND_MARKS, "{}", marks.at.len());
        assert_eq!(marks.size_m, Some(20.0));
        assert!((marks.weights.iter().sum::<f64>() - n as f64).abs() < 1e-6);
        let period = marks.periods[0].as_ref().unwrap();
        assert!((period.iter().sum::<f64>() - n as f64 / 2.0).abs() < 1e-6);
        // A 20 m square holds 4 cells of 10 m, aligned on their edges.
        assert_eq!(marks.weights[0], 4.0);
        assert_eq!(marks.at[0], Coord { x: 5.0, y: 5.0 });
    }

    #[test]
    fn small_demand_is_kept_as_it_is() {
        let page = PageData {
            demand: vec![(Coord { x: 1.0, y: 2.0 }, 3.0), (Coord { x: 4.0, y: 5.0 }, 0.0)],
            ..PageData::default()
        };
        let marks = demand_marks(&page);
        assert!(!marks.merged);
        assert_eq!(marks.at, vec![Coord { x: 1.0, y: 2.0 }]);
        assert_eq!(marks.size_m, None);
    }
}
