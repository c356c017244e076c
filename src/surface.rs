//! Demand as a surface on a grid, built for a [`Scenario`]: the grid of
//! `sightline-demand` laid over the scenario's districts (or its sites),
//! checked against the [`MemoryLimit`] before it is built, its cells
//! turned into demand points.

use geo_types::Coord;

pub use sightline_demand::{
    Cell, Event, EventCells, GridSpec, Hours, Kernel, MAX_CELLS, SurfaceLayer, SurfaceMode, influence,
    kernel_density, normalised, silverman_bandwidth,
};

use crate::memory::MemoryLimit;
use crate::{DemandPoint, Error, Scenario};

/// Builds grid demand for a scenario.
///
/// The grid covers the districts (cells whose centre lies in no district
/// are left out) or, without districts, the candidate sites and the
/// layers' points. Cells that weigh nothing are left out too. Both counts
/// are reported.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::surface::{DemandSurface, SurfaceLayer};
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small).scenario;
/// let complaints: Vec<_> = city.demand().iter().map(|d| d.location).collect();
/// let weights = city.demand().iter().map(|d| d.weight).collect();
/// let surface = DemandSurface::new(SurfaceMode::Grid, 25.0)
///     .layer(SurfaceLayer::density("complaints", complaints, weights))
///     .build(&city)?;
/// // Kernel density keeps the complaints' total, less what spills over the edge.
/// let total: f64 = surface.demand.iter().map(|d| d.weight).sum();
/// assert!(total > 0.9 * city.total_weight() && total <= city.total_weight() * 1.0001);
/// let plan = plan(&city.with_demand(surface.demand), &PlanRequest::new(10, Circular::new(100.0)?))?;
/// assert!(plan.objective > 0.0);
/// # Ok::<(), sightline::Error>(())
/// ```
///
/// A value per district of the scenario (in its district order), shared
/// by the district's cells:
///
/// ```
/// use sightline::prelude::*;
/// use sightline::surface::SurfaceLayer;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small).scenario;
/// // Four districts of 600 m × 600 m: 36 cells of 100 m each.
/// let people = SurfaceLayer::per_district("population", vec![3600.0, 0.0, 0.0, 0.0]);
/// let surface = DemandSurface::new(SurfaceMode::Grid, 100.0).layer(people).build(&city)?;
/// assert_eq!(surface.demand.len(), 36);
/// assert!(surface.demand.iter().all(|d| (d.weight - 100.0).abs() < 1e-9));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DemandSurface {
    surface: sightline_demand::DemandSurface,
    memory_limit: MemoryLimit,
}

/// A built surface: the cells as demand points, and how it was made.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use geo_types::coord;
///
/// let scenario = Scenario::new(vec![], vec![
///     CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a"),
///     CandidateSite::new(coord! { x: 200.0, y: 100.0 }, "b"),
/// ]);
/// let surface = DemandSurface::new(SurfaceMode::Area, 50.0).build(&scenario)?;
/// assert_eq!(surface.demand.len(), 8);
/// assert!(surface.demand.iter().all(|d| d.weight == 2500.0));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Surface {
    /// One demand point per kept cell, at its centre.
    pub demand: Vec<DemandPoint>,
    /// The grid.
    pub grid: GridSpec,
    /// The bandwidth used for each layer (`None` for influence layers).
    pub bandwidths: Vec<Option<f64>>,
    /// Cells left out because their centre lies in no district.
    pub cells_outside_districts: usize,
    /// Cells left out because they weigh nothing.
    pub empty_cells: usize,
    /// Districts that hold no cell centre (smaller than a cell, or thin):
    /// their per-district values could not be placed.
    pub districts_without_cells: Vec<usize>,
    /// The district of each cell (`None` without districts).
    pub cell_districts: Vec<Option<u32>>,
    /// Each period's weight of each cell ([`DemandSurface::periods`]).
    pub periods: Vec<Vec<f64>>,
    /// Each hour's weight of each cell ([`DemandSurface::by_hour`]).
    pub hours: Vec<Vec<f64>>,
    /// An event's crowd on the cells ([`DemandSurface::event`]).
    pub event: Option<EventCells>,
}

impl From<sightline_demand::Surface> for Surface {
    fn from(surface: sightline_demand::Surface) -> Self {
        let sightline_demand::Surface {
            cells,
            grid,
            bandwidths,
            cells_outside_districts,
            empty_cells,
            districts_without_cells,
            cell_districts,
            periods,
            hours,
            event,
            ..
        } = surface;
        Self {
            demand: cells
                .into_iter()
                .map(|cell| DemandPoint::new(cell.centre, cell.weight))
                .collect(),
            grid,
            bandwidths,
            cells_outside_districts,
            empty_cells,
            districts_without_cells,
            cell_districts,
            periods,
            hours,
            event,
        }
    }
}

impl DemandSurface {
    /// A surface of `cell_m` cells (the Korean models use 100 m), quartic
    /// kernel, Silverman's bandwidth.
    pub fn new(mode: SurfaceMode, cell_m: f64) -> Self {
        Self {
            surface: sightline_demand::DemandSurface::new(mode, cell_m),
            memory_limit: MemoryLimit::Auto,
        }
    }

    /// The most memory the grid may take (default [`MemoryLimit::Auto`],
    /// half of the machine's): [`build`](Self::build) counts the cells
    /// first and stops with [`Error::MemoryLimit`] past the limit.
    pub fn memory_limit(self, memory_limit: MemoryLimit) -> Self {
        Self { memory_limit, ..self }
    }

    /// The kernel (default quartic).
    pub fn kernel(self, kernel: Kernel) -> Self {
        Self {
            surface: self.surface.kernel(kernel),
            ..self
        }
    }

    /// A fixed bandwidth for every density layer (default: Silverman's
    /// rule per layer, [`silverman_bandwidth`]).
    pub fn bandwidth_m(self, bandwidth_m: f64) -> Self {
        Self {
            surface: self.surface.bandwidth_m(bandwidth_m),
            ..self
        }
    }

    /// Adds a layer.
    pub fn layer(self, layer: SurfaceLayer) -> Self {
        Self {
            surface: self.surface.layer(layer),
            ..self
        }
    }

    /// Weighs every cell for each of these periods too
    /// ([`Surface::periods`]; see
    /// [`sightline_demand::DemandSurface::periods`]).
    pub fn periods(self, periods: Vec<Hours>) -> Self {
        Self {
            surface: self.surface.periods(periods),
            ..self
        }
    }

    /// Weighs every cell for each hour of the day too ([`Surface::hours`]).
    pub fn by_hour(self, by_hour: bool) -> Self {
        Self {
            surface: self.surface.by_hour(by_hour),
            ..self
        }
    }

    /// Adds an event's visitors (see
    /// [`sightline_demand::DemandSurface::event`]).
    pub fn event(self, event: Event) -> Self {
        Self {
            surface: self.surface.event(event),
            ..self
        }
    }

    /// Builds the cells for `scenario`'s districts and sites.
    ///
    /// # Errors
    ///
    /// [`Error::Demand`] for a grid that cannot be built (bad cell size,
    /// too many cells), a density layer whose bandwidth cannot be found
    /// (fewer than two distinct points and no fixed bandwidth), no layer
    /// in grid mode, or a layer weight that is negative or not finite;
    /// [`Error::MemoryLimit`] for a grid over the memory limit.
    pub fn build(&self, scenario: &Scenario) -> Result<Surface, Error> {
        let districts = scenario.districts().iter().map(|d| d.boundary.clone()).collect();
        let sites: Vec<Coord<f64>> = scenario.sites().iter().map(|s| s.location).collect();
        let checked = self.surface.check(districts, &sites)?;
        let grid = checked.grid();
        self.memory_limit.check(
            (checked.bytes_needed(), false),
            || {
                format!(
                    "the demand grid of {} × {} cells of {} m",
                    grid.columns,
                    grid.rows,
                    self.surface.cell_m()
                )
            },
            "use larger cells, or raise the memory limit",
        )?;
        Ok(checked.build()?.into())
    }
}

#[cfg(test)]
mod tests {
    use geo_types::coord;

    use super::*;
    use crate::CandidateSite;

    #[test]
    fn a_grid_over_the_limit_is_refused_before_it_is_built() {
        let scenario = Scenario::new(
            vec![],
            vec![
                CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a"),
                CandidateSite::new(coord! { x: 1000.0, y: 500.0 }, "b"),
            ],
        );
        let err = DemandSurface::new(SurfaceMode::Area, 10.0)
            .memory_limit(MemoryLimit::Bytes(1000))
            .build(&scenario)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the demand grid of 100 × 50 cells of 10 m would need about 390.6 KiB, more than the memory limit (1000 B as set); use larger cells, or raise the memory limit"
        );
    }

    #[test]
    fn demand_errors_keep_their_words() {
        let scenario = Scenario::new(vec![], vec![CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a")]);
        let err = DemandSurface::new(SurfaceMode::Area, 0.0)
            .build(&scenario)
            .unwrap_err();
        assert!(matches!(err, Error::Demand(_)));
        assert_eq!(
            err.to_string(),
            "bad demand surface: cell size is 0 m; it must be a finite number greater than 0"
        );
        let err = DemandSurface::new(SurfaceMode::Grid, 10.0)
            .build(&scenario)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "demand surface: a grid surface needs at least one layer"
        );
    }
}
