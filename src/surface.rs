//! Demand as a surface on a grid, in the manner of the Korean standard
//! model: kernel density of complaints, influence zones of facilities,
//! combined with user weights; or plain area, to remove blind spots.

use geo_types::{Coord, coord};
use rayon::prelude::*;
use sightline_coverage::{GridSpec, Kernel, influence, kernel_density, normalised, silverman_bandwidth};
use sightline_index::DistrictIndex;

use crate::memory::MemoryLimit;
use crate::{DemandPoint, Error, Scenario};

/// One layer of a [`DemandSurface`].
///
/// # Examples
///
/// ```
/// use sightline::surface::SurfaceLayer;
/// use geo_types::coord;
///
/// let schools = SurfaceLayer::influence("schools", vec![coord! { x: 0.0, y: 0.0 }], 300.0).weight(0.5);
/// assert_eq!(schools.name, "schools");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SurfaceLayer {
    /// A label for reports.
    pub name: String,
    /// The points, planar metres.
    pub points: Vec<Coord<f64>>,
    /// Their weights (kernel density only).
    pub weights: Vec<f64>,
    /// `Some(radius)`: an influence layer, counting the points within the
    /// radius of each cell; `None`: a kernel density of the points.
    pub influence_m: Option<f64>,
    /// A value per district of the scenario (population, say), shared
    /// equally by the district's cells (so the cells add up to it); the
    /// points are then unused.
    pub per_district: Option<Vec<f64>>,
    /// The layer's weight in the composite index.
    pub layer_weight: f64,
}

impl SurfaceLayer {
    /// A kernel density layer of weighted points (complaints, crimes).
    pub fn density(name: impl Into<String>, points: Vec<Coord<f64>>, weights: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            points,
            weights,
            influence_m: None,
            per_district: None,
            layer_weight: 1.0,
        }
    }

    /// A value per district (in the scenario's district order), shared
    /// equally by the cells whose centre lies in the district, so they add
    /// up to it: a district's population, as the Korean grid models use
    /// it. A district too small to hold a cell centre is reported in
    /// [`Surface::districts_without_cells`].
    ///
    /// # Examples
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
    pub fn per_district(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            points: Vec::new(),
            weights: Vec::new(),
            influence_m: None,
            per_district: Some(values),
            layer_weight: 1.0,
        }
    }

    /// An influence layer: each cell counts the points within `radius_m`
    /// (schools, bars, parks).
    pub fn influence(name: impl Into<String>, points: Vec<Coord<f64>>, radius_m: f64) -> Self {
        let n = points.len();
        Self {
            name: name.into(),
            points,
            weights: vec![1.0; n],
            influence_m: Some(radius_m),
            per_district: None,
            layer_weight: 1.0,
        }
    }

    /// The layer's weight in the composite index (default 1).
    pub fn weight(self, weight: f64) -> Self {
        Self {
            layer_weight: weight,
            ..self
        }
    }
}

/// What each cell weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurfaceMode {
    /// The layers: one layer as it is (kernel density: expected complaints
    /// per cell); several normalised to a maximum of 1 each and summed
    /// with their weights, a composite index.
    Grid,
    /// Every cell weighs its area in square metres: the objective is the
    /// blind-spot area removed.
    Area,
}

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
#[derive(Debug, Clone, PartialEq)]
pub struct DemandSurface {
    mode: SurfaceMode,
    cell_m: f64,
    kernel: Kernel,
    bandwidth_m: Option<f64>,
    layers: Vec<SurfaceLayer>,
    memory_limit: MemoryLimit,
}

/// Peak bytes per grid cell of [`DemandSurface::build`]: the cell list,
/// its district, the total and the demand point made of it. Calibrated
/// with `examples/memory_estimate.rs` (BENCHMARKS.md): with one layer,
/// measured peaks were 70–87 bytes per cell.
const BYTES_PER_CELL: u64 = 80;
/// Peak bytes per grid cell and layer: the layer's grid and its scaled
/// copy.
const BYTES_PER_CELL_AND_LAYER: u64 = 16;

/// A built surface: the cells as demand points, and how it was made.
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
}

impl DemandSurface {
    /// A surface of `cell_m` cells (the Korean models use 100 m), quartic
    /// kernel, Silverman's bandwidth.
    pub fn new(mode: SurfaceMode, cell_m: f64) -> Self {
        Self {
            mode,
            cell_m,
            kernel: Kernel::Quartic,
            bandwidth_m: None,
            layers: Vec::new(),
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
        Self { kernel, ..self }
    }

    /// A fixed bandwidth for every density layer (default: Silverman's
    /// rule per layer, [`silverman_bandwidth`]).
    pub fn bandwidth_m(self, bandwidth_m: f64) -> Self {
        Self {
            bandwidth_m: Some(bandwidth_m),
            ..self
        }
    }

    /// Adds a layer.
    pub fn layer(mut self, layer: SurfaceLayer) -> Self {
        self.layers.push(layer);
        self
    }

    /// Builds the cells for `scenario`'s districts and sites.
    ///
    /// # Errors
    ///
    /// [`Error::Coverage`] for a grid that cannot be built (bad cell size,
    /// too many cells); [`Error::Surface`] for a density layer whose bandwidth cannot be found
    /// (fewer than two distinct points and no fixed bandwidth), no layer
    /// in grid mode, or a layer weight that is negative or not finite;
    /// [`Error::MemoryLimit`] for a grid over the memory limit.
    pub fn build(&self, scenario: &Scenario) -> Result<Surface, Error> {
        let surface_error = |reason: String| Error::Surface { reason };
        if self.mode == SurfaceMode::Grid && self.layers.is_empty() {
            return Err(surface_error(
                "a grid surface needs at least one layer".to_owned(),
            ));
        }
        if let Some((layer, w)) = self.layers.iter().find_map(|l| {
            l.weights
                .iter()
                .find(|w| !(w.is_finite() && **w >= 0.0))
                .map(|w| (l, w))
        }) {
            return Err(surface_error(format!(
                "layer `{}` has a point of weight {w}; weights must be finite and not negative",
                layer.name
            )));
        }
        if let Some(layer) = self
            .layers
            .iter()
            .find(|l| !(l.layer_weight.is_finite() && l.layer_weight >= 0.0))
        {
            return Err(surface_error(format!(
                "layer `{}` has weight {}; weights must be finite and not negative",
                layer.name, layer.layer_weight
            )));
        }
        let extent: Vec<Coord<f64>> = if scenario.districts().is_empty() {
            scenario
                .sites()
                .iter()
                .map(|s| s.location)
                .chain(self.layers.iter().flat_map(|l| l.points.iter().copied()))
                .collect()
        } else {
            scenario
                .districts()
                .iter()
                .flat_map(|d| d.boundary.0.iter().flat_map(|p| p.exterior().0.iter().copied()))
                .collect()
        };
        if extent.is_empty() {
            return Err(surface_error(
                "nothing to lay a grid over: no districts, no candidate sites and no layer points".to_owned(),
            ));
        }
        let (min, max) = extent.iter().fold(
            (
                coord! { x: f64::INFINITY, y: f64::INFINITY },
                coord! { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY },
            ),
            |(lo, hi), c| {
                (
                    coord! { x: lo.x.min(c.x), y: lo.y.min(c.y) },
                    coord! { x: hi.x.max(c.x), y: hi.y.max(c.y) },
                )
            },
        );
        let grid = GridSpec::covering(min, max, self.cell_m)?;
        let cells = grid.rows as u64 * grid.columns as u64;
        let per_cell = BYTES_PER_CELL + BYTES_PER_CELL_AND_LAYER * self.layers.len() as u64;
        self.memory_limit.check(
            (cells.saturating_mul(per_cell), false),
            || {
                format!(
                    "the demand grid of {} × {} cells of {} m",
                    grid.columns, grid.rows, self.cell_m
                )
            },
            "use larger cells, or raise the memory limit",
        )?;
        let districts = DistrictIndex::new(scenario.districts().iter().map(|d| d.boundary.clone()).collect());
        let cells: Vec<(usize, usize)> = (0..grid.rows)
            .flat_map(|r| (0..grid.columns).map(move |c| (r, c)))
            .collect();
        let cell_district: Vec<Option<u32>> = cells
            .par_iter()
            .map(|&(r, c)| districts.locate(grid.centre(r, c)))
            .collect();
        let mut cells_in = vec![0usize; scenario.districts().len()];
        for d in cell_district.iter().flatten() {
            cells_in[*d as usize] += 1;
        }
        let districts_without_cells: Vec<usize> = (0..cells_in.len()).filter(|&d| cells_in[d] == 0).collect();
        let mut bandwidths = Vec::new();
        let mut surfaces = Vec::new();
        // Area mode weighs cells by area alone: the layers are not built.
        let layers: &[SurfaceLayer] = if self.mode == SurfaceMode::Area {
            &[]
        } else {
            &self.layers
        };
        for layer in layers {
            if let Some(values) = &layer.per_district {
                if values.len() != scenario.districts().len() {
                    return Err(surface_error(format!(
                        "layer `{}` has {} values for {} districts",
                        layer.name,
                        values.len(),
                        scenario.districts().len()
                    )));
                }
                if let Some(v) = values.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                    return Err(surface_error(format!(
                        "layer `{}` has the value {v}; values must be finite and not negative",
                        layer.name
                    )));
                }
                let mut spread = grid.zeros();
                for (&(r, c), district) in cells.iter().zip(&cell_district) {
                    if let Some(d) = district {
                        let d = *d as usize;
                        spread[[r, c]] = values[d] / cells_in[d] as f64;
                    }
                }
                bandwidths.push(None);
                surfaces.push(spread);
                continue;
            }
            match layer.influence_m {
                Some(radius) => {
                    if !(radius.is_finite() && radius > 0.0) {
                        return Err(surface_error(format!(
                            "layer `{}` has influence radius {radius} m; it must be a finite number greater than 0",
                            layer.name
                        )));
                    }
                    bandwidths.push(None);
                    surfaces.push(influence(&grid, &layer.points, radius));
                }
                None => {
                    let h = match self.bandwidth_m {
                        Some(h) => h,
                        None => silverman_bandwidth(&layer.points, self.kernel).ok_or_else(|| {
                            surface_error(format!(
                                "layer `{}` has too few distinct points for Silverman's bandwidth; give one",
                                layer.name
                            ))
                        })?,
                    };
                    bandwidths.push(Some(h));
                    let density = kernel_density(&grid, &layer.points, &layer.weights, self.kernel, h)
                        .map_err(|e| match e {
                            sightline_coverage::Error::BadGrid { reason } => {
                                surface_error(format!("layer `{}`: {reason}", layer.name))
                            }
                            other => other.into(),
                        })?;
                    surfaces.push(density);
                }
            }
        }
        let combined = match (self.mode, surfaces.as_slice()) {
            (SurfaceMode::Area, _) => grid.zeros() + grid.cell_area_m2(),
            (SurfaceMode::Grid, [one]) => one * self.layers[0].layer_weight,
            (SurfaceMode::Grid, _) => surfaces
                .iter()
                .zip(&self.layers)
                .fold(grid.zeros(), |total, (s, l)| {
                    total + normalised(s) * l.layer_weight
                }),
        };
        let inside: Vec<bool> = cell_district
            .iter()
            .map(|d| districts.is_empty() || d.is_some())
            .collect();
        let mut demand = Vec::new();
        let (mut outside, mut empty) = (0, 0);
        for (&(r, c), &kept) in cells.iter().zip(&inside) {
            let weight = combined[[r, c]];
            if !kept {
                outside += 1;
            } else if weight > 0.0 {
                demand.push(DemandPoint::new(grid.centre(r, c), weight));
            } else {
                empty += 1;
            }
        }
        Ok(Surface {
            demand,
            grid,
            bandwidths,
            cells_outside_districts: outside,
            empty_cells: empty,
            districts_without_cells,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CandidateSite, District};
    use geo_types::{MultiPolygon, polygon};

    fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + side, y: y), (x: x + side, y: y + side), (x: x, y: y + side)],
        ])
    }

    #[test]
    fn district_values_add_up_and_tiny_districts_are_reported() {
        // A 150 m district on a 100 m grid, and one too small for a cell centre.
        let scenario = Scenario::new(vec![], vec![CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a")])
            .with_districts(vec![
                District::new("big", square(0.0, 0.0, 150.0)),
                District::new("tiny", square(160.0, 160.0, 20.0)),
            ]);
        let surface = DemandSurface::new(SurfaceMode::Grid, 100.0)
            .layer(SurfaceLayer::per_district("people", vec![1000.0, 500.0]))
            .build(&scenario)
            .unwrap();
        let total: f64 = surface.demand.iter().map(|d| d.weight).sum();
        assert!((total - 1000.0).abs() < 1e-9, "{total}");
        assert_eq!(surface.districts_without_cells, vec![1]);
    }

    #[test]
    fn bad_weights_and_empty_scenes_are_refused() {
        let scenario = Scenario::new(vec![], vec![CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a")]);
        let layer = SurfaceLayer::density("bad", vec![coord! { x: 0.0, y: 0.0 }], vec![f64::NAN]);
        let err = DemandSurface::new(SurfaceMode::Grid, 10.0)
            .layer(layer)
            .build(&scenario)
            .unwrap_err();
        assert!(err.to_string().contains("weight NaN"), "{err}");
        let empty = Scenario::new(vec![], vec![]);
        let err = DemandSurface::new(SurfaceMode::Area, 10.0)
            .build(&empty)
            .unwrap_err();
        assert!(err.to_string().contains("nothing to lay a grid over"), "{err}");
    }
}
