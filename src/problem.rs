//! The coverage problem `plan` hands the solver, under either camera
//! model, and how to read the solver's answer back in demand terms.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use geo_types::Coord;
use rayon::prelude::*;
use sightline_coverage::{CameraModel, ExistingCamera, Site, ViewCoverage, quantise};
use sightline_index::{BuildingIndex, DistrictIndex, PointGrid, PointIndex};
use sightline_solve::{CoverageMatrix, Instance};

use crate::memory::{self, MemoryLimit};
use crate::{Error, Scenario};

/// From this many demand points on, the disc model numbers them for the
/// solver in the grid's order ([`PointGrid::into_ordered`]): each site's
/// row is then a few runs of nearby numbers, and every pass over the
/// coverage (the transpose, the reduction, the bound) reads memory in
/// runs, about a tenth faster end to end at a million points (and at
/// 200,000). Below it the points keep their own order, so that a plan
/// does not move when a file's coordinates are rounded (an order by cells
/// changes when a point crosses a cell's edge), and the plans of smaller
/// studies stay as they were: the order changes which local optimum local
/// search reaches (the large city, 200,000 points, ends 0.26% from its
/// bound in its own order, 0.29% in the grid's). The line is where an
/// array of one `f64` per point outgrows a core's 2 MiB L2 cache.
const GRID_ORDER_FROM: usize = 1 << 18;

/// What an option of the solver stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OptionInfo {
    /// Index of the candidate site.
    pub site: u32,
    /// Compass heading, for a fixed camera of the view-cone model.
    pub heading_deg: Option<f64>,
    /// Index of the camera type, in the view-cone model.
    pub camera_type: Option<u32>,
    /// The site's cost, times the camera type's.
    pub cost: f64,
}

/// Which demand points each option sees, and how well.
enum Sight {
    /// Disc model: the instance's rows are demand points, seen at quality 1.
    Disc,
    /// View-cone model: qualities from the view coverage, rounded down to
    /// the quality levels.
    View(Box<ViewCoverage>, u32),
}

/// A scenario turned into a solver instance.
pub(crate) struct Problem {
    /// What the solver maximises: what new cameras add (see `plan`).
    pub instance: Instance,
    /// One entry per option of `instance`.
    pub options: Vec<OptionInfo>,
    sight: Sight,
    /// Best and second-best quality each demand point has before.
    pub before: Vec<[f64; 2]>,
    /// The best quality each demand point can have (before, or from some
    /// option).
    pub reachable: Vec<f64>,
    /// District of each demand point and of each site.
    pub demand_district: Vec<Option<u32>>,
    pub site_district: Vec<Option<u32>>,
    /// True when some site has more than one option (the solver must then
    /// choose at most one per site).
    pub several_per_site: bool,
    /// The buildings, indexed, when there are any.
    pub buildings: Option<BuildingIndex>,
    /// True for the view-cone model (existing cameras' views count).
    pub views: bool,
    /// Each row of `instance`: its demand point, the share of the point's
    /// weight it carries, and how many existing cameras already reach it
    /// (at most 2).
    elements: Vec<(u32, f64, u8)>,
}

/// The model the coverage of `scenario` is built with: buildings block
/// sight lines, which only the view-cone model follows (see
/// [`CameraModel::among_buildings`]).
pub(crate) fn coverage_model<'a>(scenario: &Scenario, model: &'a CameraModel) -> Cow<'a, CameraModel> {
    if scenario.buildings().is_empty() {
        Cow::Borrowed(model)
    } else {
        model.among_buildings()
    }
}

/// The layers of a scenario as the coverage crate takes them.
pub(crate) struct CoverageInputs {
    /// Where the demand points are.
    pub demand: Vec<Coord<f64>>,
    /// The candidate sites, with their allowed headings.
    pub sites: Vec<Site>,
    /// The existing cameras, seeing as far as the model says.
    pub existing: Vec<ExistingCamera>,
}

impl CoverageInputs {
    /// The layers of `scenario`, existing cameras seeing as far as
    /// `model` says.
    pub fn new(scenario: &Scenario, model: &CameraModel) -> Self {
        Self {
            demand: scenario.demand().iter().map(|d| d.location).collect(),
            sites: camera_sites(scenario),
            existing: (0..scenario.existing().len())
                .map(|i| scenario.existing_camera(i, model.existing_range_m()))
                .collect(),
        }
    }
}

/// The candidate sites of `scenario`, with their allowed headings.
fn camera_sites(scenario: &Scenario) -> Vec<Site> {
    scenario
        .sites()
        .iter()
        .map(|s| match &s.headings {
            Some(h) => Site::new(s.location).with_headings(h.clone()),
            None => Site::new(s.location),
        })
        .collect()
}

/// True when some site of `scenario` offers more than one option under
/// `model` (known before any coverage is built).
pub(crate) fn several_per_site(scenario: &Scenario, model: &CameraModel) -> bool {
    coverage_model(scenario, model).several_per_site(&camera_sites(scenario))
}

impl Problem {
    /// Builds the problem. `backup`: the backup weight, if any. With
    /// camera types (or buildings in the scenario) the view-cone model is
    /// used; otherwise the disc. Stops with [`Error::MemoryLimit`] before
    /// building when the estimate is over `limit`.
    pub fn new(
        scenario: &Scenario,
        model: &CameraModel,
        backup: Option<f64>,
        limit: MemoryLimit,
    ) -> Result<Self, Error> {
        let in_grid_order = scenario.demand().len() >= GRID_ORDER_FROM;
        Self::build(scenario, model, backup, limit, in_grid_order)
    }

    /// [`new`](Self::new), the disc model's demand points numbered in the
    /// grid's order or in their own.
    fn build(
        scenario: &Scenario,
        model: &CameraModel,
        backup: Option<f64>,
        limit: MemoryLimit,
        in_grid_order: bool,
    ) -> Result<Self, Error> {
        // Buildings alone take a 360° camera of the disc's range.
        let model = coverage_model(scenario, model);
        let CoverageInputs {
            demand,
            sites: view_sites,
            existing,
        } = CoverageInputs::new(scenario, &model);
        memory::check_coverage(&model, &demand, &view_sites, &existing, limit)?;
        let sites: Vec<Coord<f64>> = scenario.sites().iter().map(|s| s.location).collect();
        let districts = DistrictIndex::new(scenario.districts().iter().map(|d| d.boundary.clone()).collect());
        let demand_district = districts.locate_all(&demand);
        let site_district = districts.locate_all(&sites);
        let weights: Vec<f64> = scenario.demand().iter().map(|d| d.weight).collect();
        let split = |fraction: f64, weight: f64, existing: u8| -> (f64, f64) {
            // What one more camera adds to a row existing cameras reach
            // `existing` times: the row itself if none does; with a backup
            // weight, its backup share if one does; nothing otherwise.
            match (existing, backup) {
                (0, Some(b)) => (weight * fraction, b * weight * fraction),
                (0, None) => (weight * fraction, 0.0),
                (1, Some(b)) => (b * weight * fraction, 0.0),
                _ => (0.0, 0.0),
            }
        };
        let finish = |instance: Instance, second: Vec<f64>| -> Result<Instance, Error> {
            Ok(if backup.is_some() {
                instance.with_backup(second)?
            } else {
                instance
            })
        };
        if let Some(disc) = model.circular() {
            // Rows keep the demand existing cameras cover, at weight 0
            // without a backup weight: the solver drops it, and the plan
            // still learns which new cameras see it again.
            // Many demand points are renumbered for the solver in the
            // grid's order (cell by cell, see GRID_ORDER_FROM); `elements`
            // maps each back to its point.
            let grid = PointGrid::new(&demand, disc.radius_m());
            let (grid, order) = if in_grid_order {
                grid.into_ordered()
            } else {
                (grid, (0..demand.len() as u32).collect())
            };
            let coverage = disc.build_keeping_covered_on_grid(&grid, &sites, scenario.existing());
            let counts = coverage.existing_counts().to_vec();
            let (matrix, _) = coverage.into_parts();
            let (first, second): (Vec<f64>, Vec<f64>) = order
                .par_iter()
                .zip(&counts)
                .with_min_len(1 << 14)
                .map(|(&d, &c)| split(1.0, weights[d as usize], c.min(2) as u8))
                .unzip();
            let seen = reached(&matrix, &counts);
            let mut before = vec![[0.0; 2]; demand.len()];
            let mut reachable = vec![0.0; demand.len()];
            for ((&d, &c), &seen) in order.iter().zip(&counts).zip(&seen) {
                before[d as usize] = [f64::from(u8::from(c >= 1)), f64::from(u8::from(c >= 2))];
                reachable[d as usize] = f64::from(u8::from(seen));
            }
            let instance = finish(Instance::new(matrix, first)?, second)?;
            let elements = order
                .par_iter()
                .zip(&counts)
                .with_min_len(1 << 14)
                .map(|(&d, &c)| (d, 1.0, c.min(2) as u8))
                .collect();
            let options = scenario
                .sites()
                .iter()
                .enumerate()
                .map(|(s, site)| OptionInfo {
                    site: s as u32,
                    heading_deg: None,
                    camera_type: None,
                    cost: site.cost,
                })
                .collect();
            return Ok(Self {
                instance,
                options,
                sight: Sight::Disc,
                before,
                reachable,
                demand_district,
                site_district,
                several_per_site: false,
                buildings: None,
                views: false,
                elements,
            });
        }
        // The view-cone model.
        let view_model = model
            .view_model()
            .expect("a camera model is either a disc or camera types");
        let types = view_model.types();
        let levels = model.quality_levels();
        let buildings =
            (!scenario.buildings().is_empty()).then(|| BuildingIndex::new(scenario.buildings().to_vec()));
        let index = PointIndex::new(&demand);
        let view = view_model.build(&index, &view_sites, &existing, buildings.as_ref());
        let leveled = view.leveled(levels);
        let (first, second): (Vec<f64>, Vec<f64>) = leveled
            .rows
            .iter()
            .map(|r| split(r.fraction, weights[r.demand as usize], r.existing))
            .unzip();
        let before: Vec<[f64; 2]> = view
            .existing_qualities()
            .iter()
            .map(|q| q.map(|x| quantise(x, levels)))
            .collect();
        let mut reachable: Vec<f64> = before.iter().map(|b| b[0]).collect();
        for option in 0..view.options().len() {
            for &(d, q) in view.seen_by(option) {
                let r = &mut reachable[d as usize];
                *r = r.max(quantise(q, levels));
            }
        }
        let options: Vec<OptionInfo> = view
            .options()
            .iter()
            .map(|o| OptionInfo {
                site: o.site,
                heading_deg: o.heading_deg,
                camera_type: Some(o.camera_type),
                cost: scenario.sites()[o.site as usize].cost * types[o.camera_type as usize].unit_cost(),
            })
            .collect();
        let several_per_site = options.windows(2).any(|w| w[0].site == w[1].site);
        let elements = leveled
            .rows
            .iter()
            .map(|r| (r.demand, r.fraction, r.existing))
            .collect();
        let instance = finish(Instance::new(leveled.matrix, first)?, second)?;
        Ok(Self {
            instance,
            options,
            sight: Sight::View(Box::new(view), levels),
            before,
            reachable,
            demand_district,
            site_district,
            several_per_site,
            buildings,
            views: true,
            elements,
        })
    }

    /// The weight of each row of the instance for demand points weighing
    /// `weights` (a period's, say): what a new camera adds there, without
    /// backup coverage.
    pub fn element_weights(&self, weights: &[f64]) -> Vec<f64> {
        self.elements
            .iter()
            .map(|&(d, fraction, existing)| {
                if existing == 0 {
                    weights[d as usize] * fraction
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// The demand point of element `e` (a row of the instance).
    fn point(&self, e: u32) -> usize {
        self.elements[e as usize].0 as usize
    }

    /// The demand points option `option` would see better than the
    /// existing cameras do: their count.
    pub fn improved_points(&self, option: usize) -> usize {
        match &self.sight {
            Sight::Disc => self
                .instance
                .matrix()
                .row(option)
                .iter()
                .filter(|&&e| self.before[self.point(e)][0] < 1.0)
                .count(),
            Sight::View(view, levels) => view
                .seen_by(option)
                .iter()
                .filter(|&&(d, q)| quantise(q, *levels) > self.before[d as usize][0])
                .count(),
        }
    }

    /// For each of `chosen` (option indices, in rank order), how many
    /// demand points it is the first to see: seen by no existing camera
    /// and no camera ranked before it.
    pub fn newly_seen(&self, chosen: &[u32]) -> Vec<usize> {
        let mut seen: Vec<bool> = self.before.iter().map(|b| b[0] > 0.0).collect();
        let mut first = |d: u32, q: f64| q > 0.0 && !std::mem::replace(&mut seen[d as usize], true);
        chosen
            .iter()
            .map(|&option| match &self.sight {
                Sight::Disc => self
                    .instance
                    .matrix()
                    .row(option as usize)
                    .iter()
                    .filter(|&&e| first(self.point(e) as u32, 1.0))
                    .count(),
                Sight::View(view, levels) => view
                    .seen_by(option as usize)
                    .iter()
                    .filter(|&&(d, q)| first(d, quantise(q, *levels)))
                    .count(),
            })
            .collect()
    }

    /// Best and second-best quality of each demand point once `chosen`
    /// (option indices) are installed.
    pub fn after(&self, chosen: &[u32]) -> Vec<[f64; 2]> {
        let mut top = self.before.clone();
        let mut see = |d: u32, q: f64| {
            let t = &mut top[d as usize];
            if q > t[0] {
                *t = [q, t[0]];
            } else if q > t[1] {
                t[1] = q;
            }
        };
        for &option in chosen {
            match &self.sight {
                Sight::Disc => {
                    for &e in self.instance.matrix().row(option as usize) {
                        see(self.point(e) as u32, 1.0);
                    }
                }
                Sight::View(view, levels) => {
                    for &(d, q) in view.seen_by(option as usize) {
                        see(d, quantise(q, *levels));
                    }
                }
            }
        }
        top
    }
}

/// For each element (an entry of the rows of `matrix`), whether it is
/// seen: by an existing camera (`counts`, per element) or by some row.
/// The rows are marked in parallel (marks only ever set, so the result
/// does not depend on the thread count).
fn reached(matrix: &CoverageMatrix, counts: &[u32]) -> Vec<bool> {
    let seen: Vec<AtomicBool> = counts.iter().map(|&c| AtomicBool::new(c >= 1)).collect();
    (0..matrix.n_options())
        .into_par_iter()
        .with_min_len(1024)
        .for_each(|option| {
            for &e in matrix.row(option) {
                // Reading first keeps the cache line shared until a store
                // is needed.
                let mark = &seen[e as usize];
                if !mark.load(Ordering::Relaxed) {
                    mark.store(true, Ordering::Relaxed);
                }
            }
        });
    seen.into_iter().map(AtomicBool::into_inner).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::synthetic::{CitySize, SyntheticCity};
    use sightline_coverage::Circular;

    #[test]
    fn the_grid_order_changes_no_figure_of_a_plan() {
        let city = SyntheticCity::generate(CitySize::Medium);
        let scenario = &city.scenario;
        assert!(
            !scenario.existing().is_empty(),
            "existing cameras make counts to map back"
        );
        let model = CameraModel::from(Circular::new(100.0).unwrap());
        let build =
            |ordered| Problem::build(scenario, &model, Some(0.5), MemoryLimit::Unlimited, ordered).unwrap();
        let (own, grid) = (build(false), build(true));
        assert_ne!(
            own.elements.iter().map(|e| e.0).collect::<Vec<_>>(),
            grid.elements.iter().map(|e| e.0).collect::<Vec<_>>(),
            "the grid's order is another order"
        );
        assert_eq!((&own.before, &own.reachable), (&grid.before, &grid.reachable));
        // Whole weights: greedy's gains are exact sums, whatever the order.
        let plan = sightline_solve::lazy_greedy(&own.instance, 40).unwrap();
        let again = sightline_solve::lazy_greedy(&grid.instance, 40).unwrap();
        assert_eq!(plan.chosen(), again.chosen());
        assert_eq!(plan.objective(), again.objective());
        assert_eq!(own.after(plan.chosen()), grid.after(plan.chosen()));
        assert_eq!(own.newly_seen(plan.chosen()), grid.newly_seen(plan.chosen()));
        let improved = |p: &Problem| {
            (0..p.options.len())
                .map(|o| p.improved_points(o))
                .collect::<Vec<_>>()
        };
        assert_eq!(improved(&own), improved(&grid));
        let weights: Vec<f64> = (0..scenario.demand().len()).map(|d| (d % 3) as f64).collect();
        let mapped = |p: &Problem| {
            let mut by_point = vec![0.0; scenario.demand().len()];
            for (&(d, _, _), w) in p.elements.iter().zip(p.element_weights(&weights)) {
                by_point[d as usize] = w;
            }
            by_point
        };
        assert_eq!(mapped(&own), mapped(&grid));
    }
}
