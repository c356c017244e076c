//! District sheets drawn from one map: what lies near each district is
//! taken through a grid of the demand built once for all the sheets, not
//! by scanning every demand point per sheet.

use geo_types::{Coord, MultiPolygon};

use super::{Camera, District, Frame, MapData, map_svg_checked};
use crate::Error;

/// The district sheets of one map ([`MapData::focus`]), sharing what
/// they need: the demand binned by position once, so that each sheet
/// looks only at the demand near its district. Each sheet is the same as
/// [`district_sheet_svg`](crate::district_sheet_svg) draws.
///
/// # Examples
///
/// ```
/// use geo_types::{coord, polygon, MultiPolygon};
/// use sightline_render::{Camera, District, DistrictSheets, MapData, district_sheet_svg};
///
/// let square = |x: f64| MultiPolygon(vec![polygon![(x: x, y: 0.0), (x: x + 100.0, y: 0.0), (x: x + 100.0, y: 100.0), (x: x, y: 100.0)]]);
/// let map = MapData {
///     districts: vec![District::new("West", square(0.0)), District::new("East", square(100.0))],
///     demand: vec![(coord! { x: 20.0, y: 50.0 }, 2.0), (coord! { x: 150.0, y: 50.0 }, 1.0)],
///     new_cameras: vec![Camera::new(coord! { x: 150.0, y: 50.0 })],
///     ..MapData::default()
/// };
/// let sheets = DistrictSheets::new(&map);
/// assert_eq!(sheets.svg(1, "East")?, district_sheet_svg(&map, 1, "East")?);
/// assert!(sheets.svg(2, "").is_err());
/// # Ok::<(), sightline_render::Error>(())
/// ```
pub struct DistrictSheets<'a> {
    map: &'a MapData,
    grid: DemandGrid,
}

impl<'a> DistrictSheets<'a> {
    /// Bins `map`'s demand for its sheets.
    pub fn new(map: &'a MapData) -> Self {
        Self {
            map,
            grid: DemandGrid::new(&map.demand),
        }
    }

    /// The sheet of district `district` with this subtitle.
    ///
    /// # Errors
    ///
    /// As [`district_sheet_svg`](crate::district_sheet_svg).
    pub fn svg(&self, district: usize, subtitle: impl Into<String>) -> Result<Vec<u8>, Error> {
        let map = self.map;
        let Some(shown) = map.districts.get(district) else {
            return Err(Error::FocusOutOfRange {
                index: district,
                districts: map.districts.len(),
            });
        };
        let mut sheet = near(map, &Frame::around(&shown.shape), Some(&self.grid));
        sheet.focus = Some(district);
        sheet.subtitle = subtitle.into();
        map_svg_checked(&sheet)
    }
}

/// Demand point numbers grouped by the cell of a `SIDE` by `SIDE` grid
/// over the demand's extent, increasing within each cell.
pub(super) struct DemandGrid {
    min: Coord<f64>,
    /// Cells per metre, along x and y.
    per_m: Coord<f64>,
    /// Per cell, where its numbers start in `order` (one more at the end).
    starts: Vec<usize>,
    order: Vec<u32>,
}

const SIDE: usize = 128;

impl DemandGrid {
    fn new(demand: &[(Coord<f64>, f64)]) -> Self {
        let (mut min, mut max) = (
            Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        );
        for (at, _) in demand
            .iter()
            .filter(|(at, _)| at.x.is_finite() && at.y.is_finite())
        {
            min = Coord {
                x: min.x.min(at.x),
                y: min.y.min(at.y),
            };
            max = Coord {
                x: max.x.max(at.x),
                y: max.y.max(at.y),
            };
        }
        let per = |lo: f64, hi: f64| {
            let per = SIDE as f64 / (hi - lo);
            if per.is_finite() { per } else { 0.0 }
        };
        let mut grid = Self {
            min,
            per_m: Coord {
                x: per(min.x, max.x),
                y: per(min.y, max.y),
            },
            starts: vec![0; SIDE * SIDE + 1],
            order: Vec::new(),
        };
        if !min.x.is_finite() || demand.len() > u32::MAX as usize {
            grid.per_m = Coord { x: 0.0, y: 0.0 };
        }
        let cells: Vec<u32> = demand.iter().map(|(at, _)| grid.cell(*at) as u32).collect();
        for &c in &cells {
            grid.starts[c as usize + 1] += 1;
        }
        for k in 1..grid.starts.len() {
            grid.starts[k] += grid.starts[k - 1];
        }
        let mut next = grid.starts.clone();
        grid.order = vec![0; demand.len()];
        for (n, &c) in cells.iter().enumerate() {
            grid.order[next[c as usize]] = n as u32;
            next[c as usize] += 1;
        }
        grid
    }

    /// The column or row of `v` along an axis (clamped to the grid; NaN
    /// and points off a degenerate grid fall in the first).
    fn index(v: f64, lo: f64, per_m: f64) -> usize {
        (((v - lo) * per_m).floor() as usize).min(SIDE - 1)
    }

    fn cell(&self, at: Coord<f64>) -> usize {
        Self::index(at.x, self.min.x, self.per_m.x) * SIDE + Self::index(at.y, self.min.y, self.per_m.y)
    }

    /// The numbers of the points `keep` accepts among those in the cells
    /// that meet the box from `lo` to `hi`, in increasing order; `keep`
    /// accepts nothing outside the box.
    fn within(&self, lo: Coord<f64>, hi: Coord<f64>, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let columns =
            Self::index(lo.x, self.min.x, self.per_m.x)..=Self::index(hi.x, self.min.x, self.per_m.x);
        let rows = Self::index(lo.y, self.min.y, self.per_m.y)..=Self::index(hi.y, self.min.y, self.per_m.y);
        let mut found: Vec<usize> = Vec::new();
        for i in columns {
            for j in rows.clone() {
                let cell = i * SIDE + j;
                let numbers = &self.order[self.starts[cell]..self.starts[cell + 1]];
                found.extend(numbers.iter().map(|&n| n as usize).filter(|&n| keep(n)));
            }
        }
        // The demand's own order, as a scan would give it.
        found.sort_unstable();
        found
    }
}

/// The part of `map` a district sheet of this frame shows: demand, other
/// districts and existing cameras near the frame (the new cameras all
/// stay, so that their ranks do; those off the sheet are not drawn).
/// With a `grid` of the demand, only the demand in its cells near the
/// frame is looked at.
pub(super) fn near(map: &MapData, frame: &Frame, grid: Option<&DemandGrid>) -> MapData {
    let pad = map.cell_size_m.unwrap_or(0.0);
    let (min, max) = (frame.min, frame.max);
    let close =
        |c: Coord<f64>, r: f64| c.x >= min.x - r && c.x <= max.x + r && c.y >= min.y - r && c.y <= max.y + r;
    let reach = |camera: &Camera| camera.reach.map_or(0.0, |r| r.radius_m());
    let demand = match grid {
        Some(grid) if pad.is_finite() && pad >= 0.0 => {
            let (lo, hi) = (
                Coord {
                    x: min.x - pad,
                    y: min.y - pad,
                },
                Coord {
                    x: max.x + pad,
                    y: max.y + pad,
                },
            );
            grid.within(lo, hi, |n| close(map.demand[n].0, pad))
                .into_iter()
                .map(|n| map.demand[n])
                .collect()
        }
        _ => map
            .demand
            .iter()
            .copied()
            .filter(|&(at, _)| close(at, pad))
            .collect(),
    };
    MapData {
        districts: map
            .districts
            .iter()
            .map(|district| {
                let crosses = geo::BoundingRect::bounding_rect(&district.shape).is_some_and(|b| {
                    b.min().x <= max.x && b.max().x >= min.x && b.min().y <= max.y && b.max().y >= min.y
                });
                if crosses {
                    district.clone()
                } else {
                    // Kept as an empty shape, so that indices still match.
                    District::new(district.name.clone(), MultiPolygon(vec![]))
                }
            })
            .collect(),
        demand,
        existing: map
            .existing
            .iter()
            .filter(|camera| close(camera.at, reach(camera)))
            .cloned()
            .collect(),
        // Field by field: `..map.clone()` would copy all the demand first.
        title: map.title.clone(),
        subtitle: map.subtitle.clone(),
        cell_size_m: map.cell_size_m,
        demand_label: map.demand_label.clone(),
        new_cameras: map.new_cameras.clone(),
        focus: map.focus,
        lang: map.lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_finds_what_a_scan_finds_in_the_same_order() {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut demand: Vec<(Coord<f64>, f64)> = (0..5000)
            .map(|_| {
                (
                    Coord {
                        x: next() * 3000.0,
                        y: next() * 2000.0 - 500.0,
                    },
                    next(),
                )
            })
            .collect();
        demand.push((Coord { x: f64::NAN, y: 0.0 }, 1.0));
        demand.push((Coord { x: 3000.0, y: 1500.0 }, 1.0));
        let grid = DemandGrid::new(&demand);
        for (lo, hi) in [
            ((100.0, 0.0), (900.0, 700.0)),
            ((-50.0, -900.0), (3000.0, 1500.0)),
            ((2999.0, 1400.0), (4000.0, 1600.0)),
        ] {
            let (lo, hi) = (Coord { x: lo.0, y: lo.1 }, Coord { x: hi.0, y: hi.1 });
            let inside = |at: Coord<f64>| at.x >= lo.x && at.x <= hi.x && at.y >= lo.y && at.y <= hi.y;
            let scan: Vec<usize> = (0..demand.len()).filter(|&n| inside(demand[n].0)).collect();
            assert!(!scan.is_empty());
            assert_eq!(grid.within(lo, hi, |n| inside(demand[n].0)), scan);
        }
    }
}
