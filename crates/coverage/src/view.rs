//! View cones, headings, quality decay and building occlusion, turned into
//! camera options with the quality each sees every demand point at.

use geo_types::Coord;
use rayon::prelude::*;
use sightline_index::{BuildingIndex, PointIndex};
use sightline_solve::CoverageMatrix;

use crate::{CameraType, Error, ExistingCamera};

/// Demand points an option sees, with the quality.
type Seen = Vec<(u32, f64)>;

/// A place a camera can be mounted, with the headings allowed there
/// (`None`: each camera type's own headings).
///
/// # Examples
///
/// ```
/// use sightline_coverage::Site;
/// use geo_types::coord;
///
/// // A pole on a wall: it can only look south-east or south-west.
/// let site = Site::new(coord! { x: 0.0, y: 0.0 }).with_headings(vec![135.0, 225.0]);
/// assert_eq!(site.headings.as_deref(), Some(&[135.0, 225.0][..]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Where, in planar metres.
    pub location: Coord<f64>,
    /// Allowed headings, compass degrees.
    pub headings: Option<Vec<f64>>,
}

impl Site {
    /// A site where every camera type may take its own headings.
    pub fn new(location: Coord<f64>) -> Self {
        Self {
            location,
            headings: None,
        }
    }

    /// Restricts fixed cameras here to these headings.
    pub fn with_headings(self, headings: Vec<f64>) -> Self {
        Self {
            headings: Some(headings),
            ..self
        }
    }
}

/// One way to use a site: a camera type and, for a fixed camera, its
/// heading. At most one option per site may be chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameraOption {
    /// Index of the site.
    pub site: u32,
    /// Index of the camera type.
    pub camera_type: u32,
    /// Compass heading in degrees; `None` for a 360° camera.
    pub heading_deg: Option<f64>,
}

/// Camera types seen through buildings: builds a [`ViewCoverage`].
///
/// # Examples
///
/// ```
/// use sightline_coverage::{CameraType, Site, ViewModel};
/// use sightline_index::PointIndex;
/// use geo_types::coord;
///
/// let demand = PointIndex::new(&[coord! { x: 0.0, y: 20.0 }, coord! { x: 0.0, y: -20.0 }]);
/// let fixed = CameraType::new("fixed", 50.0, 90.0)?.headings(4)?;
/// let view = ViewModel::new(vec![fixed])?.build(&demand, &[Site::new(coord! { x: 0.0, y: 0.0 })], &[], None);
/// assert_eq!(view.options().len(), 4); // north, east, south, west
/// assert_eq!(view.seen_by(0), &[(0, 1.0)]); // facing north: the point to the north
/// assert_eq!(view.seen_by(2), &[(1, 1.0)]); // facing south
/// assert!(view.seen_by(1).is_empty());
/// # Ok::<(), sightline_coverage::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ViewModel {
    types: Vec<CameraType>,
}

impl ViewModel {
    /// The camera types a site may take (one camera per site).
    ///
    /// # Errors
    ///
    /// [`Error::BadCamera`] when there is no camera type, or two share a
    /// name (plans and maps name the type).
    pub fn new(types: Vec<CameraType>) -> Result<Self, Error> {
        if types.is_empty() {
            return Err(Error::BadCamera {
                reason: "at least one camera type is needed".to_owned(),
            });
        }
        if let Some((k, t)) = types
            .iter()
            .enumerate()
            .find(|(k, t)| types[..*k].iter().any(|u| u.name() == t.name()))
        {
            return Err(Error::BadCamera {
                reason: format!(
                    "camera types {k} and an earlier one are both named `{}`",
                    t.name()
                ),
            });
        }
        Ok(Self { types })
    }

    /// The camera types.
    pub fn types(&self) -> &[CameraType] {
        &self.types
    }

    /// Every option of every site (sites in order; within a site, types in
    /// order; within a type, headings in order) with the quality at which
    /// it sees each demand point, and what the existing cameras see.
    /// A point counts as seen when it is within range, within the view
    /// cone, at quality above 0, and no building blocks the sight line
    /// ([`BuildingIndex::blocks`] says which rule applies on walls and
    /// inside footprints). Sites run in parallel; the result does not
    /// depend on the thread count.
    pub fn build(
        &self,
        demand: &PointIndex,
        sites: &[Site],
        existing: &[ExistingCamera],
        buildings: Option<&BuildingIndex>,
    ) -> ViewCoverage {
        let max_range = self.types.iter().map(CameraType::range_m).fold(0.0, f64::max);
        let per_site: Vec<Vec<(CameraOption, Seen)>> = sites
            .par_iter()
            .enumerate()
            .map(|(s, site)| {
                let visible = visible_points(demand, site.location, max_range, buildings);
                let mut options = Vec::new();
                for (t, camera) in self.types.iter().enumerate() {
                    let headings = camera.headings_at(site.headings.as_deref());
                    for heading in headings {
                        let seen: Vec<(u32, f64)> = visible
                            .iter()
                            .filter_map(|&(d, target)| {
                                let q = camera.quality(site.location, heading.unwrap_or(0.0), target);
                                (q > 0.0).then_some((d, q))
                            })
                            .collect();
                        let option = CameraOption {
                            site: s as u32,
                            camera_type: t as u32,
                            heading_deg: heading,
                        };
                        options.push((option, seen));
                    }
                }
                options
            })
            .collect();
        let mut options = Vec::new();
        let mut offsets = vec![0];
        let mut entries = Vec::new();
        for (option, seen) in per_site.into_iter().flatten() {
            options.push(option);
            entries.extend(seen);
            offsets.push(entries.len());
        }
        let seen_by_existing: Vec<Vec<(u32, f64)>> = existing
            .par_iter()
            .map(|camera| {
                visible_points(demand, camera.location, camera.range_m, buildings)
                    .into_iter()
                    .filter_map(|(d, target)| {
                        let q = camera.quality(target);
                        (q > 0.0).then_some((d, q))
                    })
                    .collect()
            })
            .collect();
        let mut existing_best = vec![[0.0; 2]; demand.len()];
        for (d, q) in seen_by_existing.into_iter().flatten() {
            let best = &mut existing_best[d as usize];
            if q > best[0] {
                *best = [q, best[0]];
            } else if q > best[1] {
                best[1] = q;
            }
        }
        ViewCoverage {
            n_demand: demand.len(),
            options,
            offsets,
            entries,
            existing_best,
        }
    }
}

/// The demand points within `range_m` of `from` that no building hides,
/// ascending, with their positions.
fn visible_points(
    demand: &PointIndex,
    from: Coord<f64>,
    range_m: f64,
    buildings: Option<&BuildingIndex>,
) -> Vec<(u32, Coord<f64>)> {
    let own = buildings.map(|b| b.containing(from)).unwrap_or_default();
    let mut points: Vec<(u32, Coord<f64>)> = demand
        .within_located(from, range_m)
        .filter(|&(_, target)| buildings.is_none_or(|b| !b.blocks_from(from, &own, target)))
        .collect();
    points.sort_unstable_by_key(|&(d, _)| d);
    points
}

/// What every camera option sees, at what quality, and what the existing
/// cameras already see.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewCoverage {
    n_demand: usize,
    options: Vec<CameraOption>,
    offsets: Vec<usize>,
    entries: Vec<(u32, f64)>,
    /// Best and second-best existing quality per demand point.
    existing_best: Vec<[f64; 2]>,
}

impl ViewCoverage {
    /// The options, in build order.
    pub fn options(&self) -> &[CameraOption] {
        &self.options
    }

    /// The demand points option `option` sees, ascending, with quality.
    pub fn seen_by(&self, option: usize) -> &[(u32, f64)] {
        &self.entries[self.offsets[option]..self.offsets[option + 1]]
    }

    /// Number of demand points.
    pub fn n_demand(&self) -> usize {
        self.n_demand
    }

    /// The best quality any existing camera sees each demand point at (0:
    /// unseen).
    pub fn existing_quality(&self) -> Vec<f64> {
        self.existing_best.iter().map(|b| b[0]).collect()
    }

    /// The best and second-best quality existing cameras see each demand
    /// point at.
    pub fn existing_qualities(&self) -> &[[f64; 2]] {
        &self.existing_best
    }

    /// The problem in quality levels, for the solver: quality is rounded
    /// down to a multiple of `1 / levels` (exact for step decay), and each
    /// demand point becomes one row per quality threshold some camera
    /// reaches there. Row `(d, t)` is covered by the options that see `d`
    /// at quality `t` or better and is worth `t − (the threshold below)`
    /// of `d`'s weight, so covering rows adds up to the best quality among
    /// the chosen cameras: partial coverage as plain maximum coverage.
    ///
    /// Rows keep how many existing cameras reach their threshold (0, 1 or
    /// 2 for two or more), so the caller can drop what is already covered
    /// or count second covers.
    ///
    /// # Panics
    ///
    /// If `levels` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::{CameraType, Decay, Site, ViewModel};
    /// use sightline_index::PointIndex;
    /// use geo_types::coord;
    ///
    /// let demand = PointIndex::new(&[coord! { x: 0.0, y: 30.0 }]);
    /// let camera = CameraType::new("dome", 40.0, 360.0)?.decay(Decay::Linear { full_m: 20.0 })?;
    /// let sites = [Site::new(coord! { x: 0.0, y: 0.0 }), Site::new(coord! { x: 0.0, y: 25.0 })];
    /// let view = ViewModel::new(vec![camera])?.build(&demand, &sites, &[], None);
    /// // Site 0 sees the point at quality 0.5 (30 m), site 1 at 1 (5 m).
    /// let leveled = view.leveled(10);
    /// assert_eq!(leveled.rows.len(), 2);
    /// assert_eq!(leveled.matrix.row(0), &[0]); // site 0 reaches the 0.5 threshold only
    /// assert_eq!(leveled.matrix.row(1), &[0, 1]);
    /// assert_eq!((leveled.rows[0].threshold, leveled.rows[0].fraction), (0.5, 0.5));
    /// assert_eq!((leveled.rows[1].threshold, leveled.rows[1].fraction), (1.0, 0.5));
    /// # Ok::<(), sightline_coverage::Error>(())
    /// ```
    pub fn leveled(&self, levels: u32) -> Leveled {
        assert!(levels > 0, "at least one quality level");
        let k = f64::from(levels);
        let level = |q: f64| level_of(q, levels);
        // For each demand point, the (option, level) pairs that see it.
        let mut by_demand: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.n_demand];
        for option in 0..self.options.len() {
            for &(d, q) in self.seen_by(option) {
                let l = level(q);
                if l > 0 {
                    by_demand[d as usize].push((option as u32, l));
                }
            }
        }
        let mut rows = Vec::new();
        let mut option_rows: Vec<Vec<u32>> = vec![Vec::new(); self.options.len()];
        for (d, seen) in by_demand.iter().enumerate() {
            if seen.is_empty() {
                continue;
            }
            let [best, second] = self.existing_best[d].map(level);
            let mut thresholds: Vec<u32> = seen.iter().map(|&(_, l)| l).chain([best, second]).collect();
            thresholds.retain(|&l| l > 0);
            thresholds.sort_unstable();
            thresholds.dedup();
            let top = seen.iter().map(|&(_, l)| l).max().unwrap_or(0);
            let mut below = 0;
            for &t in &thresholds {
                // Above every option's level no row can be covered.
                if t <= top {
                    let row = rows.len() as u32;
                    for &(option, l) in seen {
                        if l >= t {
                            option_rows[option as usize].push(row);
                        }
                    }
                    rows.push(LevelRow {
                        demand: d as u32,
                        threshold: f64::from(t) / k,
                        fraction: f64::from(t - below) / k,
                        existing: u8::from(best >= t) + u8::from(second >= t),
                    });
                }
                below = t;
            }
        }
        let matrix = CoverageMatrix::from_rows(rows.len(), option_rows)
            .expect("rows are numbered as they are made, and fit the demand count");
        Leveled { matrix, rows }
    }
}

/// The quality level of `quality` with `levels` levels: `⌊quality ×
/// levels⌋` (with a 1e-9 allowance, so 0.3 × 10 is level 3).
fn level_of(quality: f64, levels: u32) -> u32 {
    let k = f64::from(levels);
    (quality * k + 1e-9).floor().clamp(0.0, k) as u32
}

/// `quality` rounded down to a multiple of `1 / levels`: what the leveled
/// problem counts.
///
/// # Examples
///
/// ```
/// assert_eq!(sightline_coverage::quantise(0.349, 10), 0.3);
/// assert_eq!(sightline_coverage::quantise(1.0, 10), 1.0);
/// assert_eq!(sightline_coverage::quantise(0.09, 10), 0.0);
/// ```
pub fn quantise(quality: f64, levels: u32) -> f64 {
    f64::from(level_of(quality, levels)) / f64::from(levels)
}

/// A demand point at one quality threshold: a row of the leveled problem.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelRow {
    /// The demand point.
    pub demand: u32,
    /// The quality threshold, in `(0, 1]`.
    pub threshold: f64,
    /// The share of the point's weight this row is worth.
    pub fraction: f64,
    /// Existing cameras reaching the threshold: 0, 1, or 2 for two or more.
    pub existing: u8,
}

/// Partial coverage as plain coverage: see [`ViewCoverage::leveled`].
#[derive(Debug, Clone, PartialEq)]
pub struct Leveled {
    /// Option → the rows it covers.
    pub matrix: CoverageMatrix,
    /// What each row stands for.
    pub rows: Vec<LevelRow>,
}
