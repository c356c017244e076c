//! Demand as a surface on a grid, in the manner of the Korean standard
//! model: kernel density of complaints, influence zones of facilities,
//! combined with user weights; or plain area, to remove blind spots.

use geo_types::{Coord, MultiPolygon, coord};
use rayon::prelude::*;
use sightline_index::DistrictIndex;

use ndarray::Array2;

use crate::event::{Event, EventCells, event_visitors};
use crate::layers::{LayerGrids, Placement, layer_grids};
use crate::{Error, GridSpec, Hours, Kernel, normalised};

/// One layer of a [`DemandSurface`].
///
/// # Examples
///
/// ```
/// use sightline_demand::SurfaceLayer;
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
    /// A value per district (population, say), shared equally by the
    /// district's cells (so the cells add up to it); the points are then
    /// unused.
    pub per_district: Option<Vec<f64>>,
    /// Values per district and hour of the day (an hourly population):
    /// for a set of hours, a district's value is its mean over those
    /// hours, shared equally by its cells; the points are then unused.
    pub per_district_hourly: Option<Vec<[f64; 24]>>,
    /// The hour of the day of each point (density layers), for periods: a
    /// point counts in the periods holding its hour, and in every period
    /// when its hour is `None`.
    pub point_hours: Option<Vec<Option<u8>>>,
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
            per_district_hourly: None,
            point_hours: None,
            layer_weight: 1.0,
        }
    }

    /// A value per district (in the order of the districts the surface is
    /// built over), shared equally by the cells whose centre lies in the
    /// district, so they add up to it: a district's population, as the
    /// Korean grid models use it. A district too small to hold a cell
    /// centre is reported in [`Surface::districts_without_cells`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_demand::{DemandSurface, SurfaceLayer, SurfaceMode};
    /// use geo_types::{MultiPolygon, polygon};
    ///
    /// // One district of 600 m × 600 m: 36 cells of 100 m each.
    /// let district = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 600.0, y: 0.0), (x: 600.0, y: 600.0), (x: 0.0, y: 600.0)]]);
    /// let people = SurfaceLayer::per_district("population", vec![3600.0]);
    /// let surface = DemandSurface::new(SurfaceMode::Grid, 100.0).layer(people).build(vec![district], &[])?;
    /// assert_eq!(surface.cells.len(), 36);
    /// assert!(surface.cells.iter().all(|c| (c.weight - 100.0).abs() < 1e-9));
    /// # Ok::<(), sightline_demand::Error>(())
    /// ```
    pub fn per_district(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            points: Vec::new(),
            weights: Vec::new(),
            influence_m: None,
            per_district: Some(values),
            per_district_hourly: None,
            point_hours: None,
            layer_weight: 1.0,
        }
    }

    /// Values per district (in the order of the districts the surface is
    /// built over) and hour of the day: an hourly population. For a set
    /// of hours a district's value is its mean over those hours, shared
    /// equally by the district's cells; the whole day is the mean over
    /// the 24 hours.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_demand::{DemandSurface, Hours, SurfaceLayer, SurfaceMode};
    /// use geo_types::{MultiPolygon, polygon};
    ///
    /// // One district of 200 m × 100 m: 2 cells of 100 m; 400 people at night, none by day.
    /// let district = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 200.0, y: 0.0), (x: 200.0, y: 100.0), (x: 0.0, y: 100.0)]]);
    /// let mut hours = [0.0; 24];
    /// hours[..6].fill(400.0);
    /// let people = SurfaceLayer::per_district_hourly("population", vec![hours]);
    /// let night: Hours = "00-06".parse().unwrap();
    /// let surface = DemandSurface::new(SurfaceMode::Grid, 100.0)
    ///     .layer(people)
    ///     .periods(vec![night])
    ///     .build(vec![district], &[])?;
    /// // The day's mean is 100 people, 50 a cell; the night's 400, 200 a cell.
    /// assert!(surface.cells.iter().all(|c| (c.weight - 50.0).abs() < 1e-9));
    /// assert_eq!(surface.periods, vec![vec![200.0, 200.0]]);
    /// # Ok::<(), sightline_demand::Error>(())
    /// ```
    pub fn per_district_hourly(name: impl Into<String>, values: Vec<[f64; 24]>) -> Self {
        Self {
            name: name.into(),
            points: Vec::new(),
            weights: Vec::new(),
            influence_m: None,
            per_district: None,
            per_district_hourly: Some(values),
            point_hours: None,
            layer_weight: 1.0,
        }
    }

    /// Gives each point of a density layer its hour of the day (`None`:
    /// unknown, counted at every hour), so that a period's surface counts
    /// only the points of its hours.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_demand::SurfaceLayer;
    /// use geo_types::coord;
    ///
    /// let points = vec![coord! { x: 0.0, y: 0.0 }, coord! { x: 10.0, y: 0.0 }];
    /// let layer = SurfaceLayer::density("complaints", points, vec![1.0, 1.0]).with_hours(vec![Some(23), None]);
    /// assert_eq!(layer.point_hours, Some(vec![Some(23), None]));
    /// ```
    pub fn with_hours(self, hours: Vec<Option<u8>>) -> Self {
        Self {
            point_hours: Some(hours),
            ..self
        }
    }

    /// True when the layer differs by hour of the day.
    pub fn is_timed(&self) -> bool {
        self.per_district_hourly.is_some() || self.point_hours.is_some()
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
            per_district_hourly: None,
            point_hours: None,
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
///
/// # Examples
///
/// ```
/// use sightline_demand::{DemandSurface, SurfaceMode};
/// use geo_types::coord;
///
/// // Area mode needs no layer: every cell weighs its area.
/// let sites = [coord! { x: 0.0, y: 0.0 }, coord! { x: 150.0, y: 50.0 }];
/// let surface = DemandSurface::new(SurfaceMode::Area, 50.0).build(vec![], &sites)?;
/// assert_eq!(surface.cells.len(), 3);
/// assert!(surface.cells.iter().all(|c| c.weight == 2500.0));
/// # Ok::<(), sightline_demand::Error>(())
/// ```
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

/// Builds grid demand over districts, or over the points the grid must
/// span.
///
/// The grid covers the districts (cells whose centre lies in no district
/// are left out) or, without districts, the given sites and the layers'
/// points. Cells that weigh nothing are left out too. Both counts are
/// reported.
///
/// # Examples
///
/// ```
/// use sightline_demand::{DemandSurface, SurfaceLayer, SurfaceMode};
/// use geo_types::coord;
///
/// let complaints = vec![coord! { x: 0.0, y: 0.0 }, coord! { x: 300.0, y: 200.0 }, coord! { x: 310.0, y: 190.0 }];
/// let sites = [coord! { x: -500.0, y: -500.0 }, coord! { x: 800.0, y: 700.0 }];
/// let surface = DemandSurface::new(SurfaceMode::Grid, 10.0)
///     .bandwidth_m(100.0)
///     .layer(SurfaceLayer::density("complaints", complaints, vec![1.0, 2.0, 3.0]))
///     .build(vec![], &sites)?;
/// // Kernel density keeps the complaints' total: the grid reaches past every kernel.
/// let total: f64 = surface.cells.iter().map(|c| c.weight).sum();
/// assert!((total - 6.0).abs() < 0.01);
/// assert_eq!(surface.bandwidths, vec![Some(100.0)]);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DemandSurface {
    mode: SurfaceMode,
    cell_m: f64,
    pub(crate) kernel: Kernel,
    pub(crate) bandwidth_m: Option<f64>,
    layers: Vec<SurfaceLayer>,
    periods: Vec<Hours>,
    by_hour: bool,
    event: Option<Event>,
}

/// Peak bytes per grid cell of a build: the cell list, its district, the
/// total and the cell made of it. Calibrated with the facade's
/// `examples/memory_estimate.rs` (BENCHMARKS.md): with one layer, measured
/// peaks were 70–87 bytes per cell.
const BYTES_PER_CELL: u64 = 80;
/// Peak bytes per grid cell and layer: the layer's grid and its scaled
/// copy.
const BYTES_PER_CELL_AND_LAYER: u64 = 16;

/// One kept cell of a [`Surface`]: its centre and what it weighs.
///
/// # Examples
///
/// ```
/// use sightline_demand::Cell;
/// use geo_types::coord;
///
/// let cell = Cell { centre: coord! { x: 50.0, y: 50.0 }, weight: 2.0 };
/// assert_eq!(cell.weight, 2.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The cell's centre, planar metres.
    pub centre: Coord<f64>,
    /// What the cell weighs (greater than 0).
    pub weight: f64,
}

/// A built surface: the kept cells, and how it was made.
///
/// # Examples
///
/// ```
/// use sightline_demand::{DemandSurface, SurfaceLayer, SurfaceMode};
/// use geo_types::coord;
///
/// let schools = vec![coord! { x: 0.0, y: 0.0 }];
/// let sites = [coord! { x: -100.0, y: -100.0 }, coord! { x: 100.0, y: 100.0 }];
/// let surface = DemandSurface::new(SurfaceMode::Grid, 50.0)
///     .layer(SurfaceLayer::influence("schools", schools, 60.0))
///     .build(vec![], &sites)?;
/// // A 4 × 4 grid; the four cells around the school have their centre within 60 m of it.
/// assert_eq!((surface.grid.rows, surface.grid.columns), (4, 4));
/// assert_eq!((surface.cells.len(), surface.empty_cells), (4, 12));
/// assert_eq!(surface.bandwidths, vec![None]);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Surface {
    /// One cell per kept grid cell, row by row from the south-west.
    pub cells: Vec<Cell>,
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
    /// The district of each kept cell (`None` without districts).
    pub cell_districts: Vec<Option<u32>>,
    /// Each period's weight of each kept cell, in the order of
    /// [`DemandSurface::periods`].
    pub periods: Vec<Vec<f64>>,
    /// Each hour's weight of each kept cell, hours 0 to 23 (empty unless
    /// [`DemandSurface::by_hour`]).
    pub hours: Vec<Vec<f64>>,
    /// The event's crowd, with [`DemandSurface::event`].
    pub event: Option<EventCells>,
}

/// A [`DemandSurface`] checked and laid over its area: the grid is known,
/// nothing is built yet. What [`bytes_needed`](Self::bytes_needed) says
/// lets a caller refuse a grid too large for its memory before
/// [`build`](Self::build) spends it.
///
/// # Examples
///
/// ```
/// use sightline_demand::{DemandSurface, SurfaceMode};
/// use geo_types::coord;
///
/// let sites = [coord! { x: 0.0, y: 0.0 }, coord! { x: 1000.0, y: 500.0 }];
/// let surface = DemandSurface::new(SurfaceMode::Area, 10.0);
/// let checked = surface.check(vec![], &sites)?;
/// assert_eq!((checked.grid().columns, checked.grid().rows), (100, 50));
/// assert_eq!(checked.bytes_needed(), 5000 * 80);
/// assert_eq!(checked.build()?.cells.len(), 5000);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSurface<'a> {
    surface: &'a DemandSurface,
    districts: Vec<MultiPolygon<f64>>,
    grid: GridSpec,
}

pub(crate) fn surface_error(reason: String) -> Error {
    Error::BadSurface { reason }
}

impl DemandSurface {
    /// A surface of `cell_m` cells (the Korean models use 100 m), quartic
    /// kernel, Silverman's bandwidth.
    ///
    /// # Units
    ///
    /// `cell_m`: metres.
    pub fn new(mode: SurfaceMode, cell_m: f64) -> Self {
        Self {
            mode,
            cell_m,
            kernel: Kernel::Quartic,
            bandwidth_m: None,
            layers: Vec::new(),
            periods: Vec::new(),
            by_hour: false,
            event: None,
        }
    }

    /// The periods to weigh every kept cell for, besides the whole day
    /// ([`Surface::periods`]): each period's layers are built for its
    /// hours (an hourly layer's mean over them, a timed density layer's
    /// points of those hours and those of no hour) and combined as the
    /// whole day's are.
    pub fn periods(self, periods: Vec<Hours>) -> Self {
        Self { periods, ..self }
    }

    /// Weighs every kept cell for each hour of the day too
    /// ([`Surface::hours`]).
    pub fn by_hour(self, by_hour: bool) -> Self {
        Self { by_hour, ..self }
    }

    /// Adds an event's visitors to the hourly layer (the first layer made
    /// by [`SurfaceLayer::per_district_hourly`]) at the event's hours, or,
    /// without one, as a layer of their own (`event visitors`) present at
    /// those hours only.
    pub fn event(self, event: Event) -> Self {
        Self {
            event: Some(event),
            ..self
        }
    }

    /// The kernel (default quartic).
    pub fn kernel(self, kernel: Kernel) -> Self {
        Self { kernel, ..self }
    }

    /// A fixed bandwidth for every density layer (default: Silverman's
    /// rule per layer, [`silverman_bandwidth`]).
    ///
    /// # Units
    ///
    /// Metres.
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

    /// The side of a cell, metres.
    pub fn cell_m(&self) -> f64 {
        self.cell_m
    }

    /// Checks the layers and lays the grid over `districts` (their
    /// boundaries, planar metres) or, when there are none, over `sites`
    /// and the layers' points. Nothing is built yet.
    ///
    /// # Errors
    ///
    /// [`Error::BadSurface`] for no layer in grid mode, a point or layer
    /// weight that is negative or not finite, or nothing to lay a grid
    /// over; [`Error::BadGrid`] for a grid that cannot be laid (bad cell
    /// size, too many cells).
    pub fn check(
        &self,
        districts: Vec<MultiPolygon<f64>>,
        sites: &[Coord<f64>],
    ) -> Result<CheckedSurface<'_>, Error> {
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
        let extent: Vec<Coord<f64>> = if districts.is_empty() {
            sites
                .iter()
                .copied()
                .chain(self.layers.iter().flat_map(|l| l.points.iter().copied()))
                .collect()
        } else {
            districts
                .iter()
                .flat_map(|d| d.0.iter().flat_map(|p| p.exterior().0.iter().copied()))
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
        Ok(CheckedSurface {
            surface: self,
            districts,
            grid,
        })
    }

    /// Checks and builds the cells in one step: [`check`](Self::check),
    /// then [`CheckedSurface::build`].
    ///
    /// # Errors
    ///
    /// As [`check`](Self::check) and [`CheckedSurface::build`].
    pub fn build(&self, districts: Vec<MultiPolygon<f64>>, sites: &[Coord<f64>]) -> Result<Surface, Error> {
        self.check(districts, sites)?.build()
    }
}

impl CheckedSurface<'_> {
    /// The grid the surface will be built on.
    pub fn grid(&self) -> GridSpec {
        self.grid
    }

    /// About how many bytes [`build`](Self::build) will take at its peak.
    pub fn bytes_needed(&self) -> u64 {
        let cells = self.grid.rows as u64 * self.grid.columns as u64;
        let per_cell = BYTES_PER_CELL + BYTES_PER_CELL_AND_LAYER * self.surface.layers.len() as u64;
        cells.saturating_mul(per_cell)
    }

    /// Builds the cells.
    ///
    /// # Errors
    ///
    /// [`Error::BadSurface`] for a per-district layer whose values do not
    /// match the districts or are negative or not finite, an influence
    /// radius that is not finite and positive, a density layer whose
    /// bandwidth cannot be found (fewer than two distinct points and no
    /// fixed bandwidth) or is not finite and positive.
    pub fn build(self) -> Result<Surface, Error> {
        let Self {
            surface,
            districts,
            grid,
        } = self;
        let districts = DistrictIndex::new(districts);
        let cells: Vec<(usize, usize)> = (0..grid.rows)
            .flat_map(|r| (0..grid.columns).map(move |c| (r, c)))
            .collect();
        let cell_district: Vec<Option<u32>> = cells
            .par_iter()
            .map(|&(r, c)| districts.locate(grid.centre(r, c)))
            .collect();
        let mut cells_in = vec![0usize; districts.len()];
        for d in cell_district.iter().flatten() {
            cells_in[*d as usize] += 1;
        }
        let districts_without_cells: Vec<usize> = (0..cells_in.len()).filter(|&d| cells_in[d] == 0).collect();
        let place = Placement {
            grid: &grid,
            cells: &cells,
            cell_district: &cell_district,
            cells_in: &cells_in,
        };
        // Area mode weighs cells by area alone: the layers are not built.
        let layers: &[SurfaceLayer] = if surface.mode == SurfaceMode::Area {
            &[]
        } else {
            &surface.layers
        };
        // Timed layers need their hours apart only for periods other than
        // the whole day, and for the hours.
        let apart = surface.by_hour || surface.periods.iter().any(|&h| h != Hours::ALL);
        let mut bandwidths = Vec::new();
        let mut built = Vec::with_capacity(layers.len() + 1);
        let mut layer_weights = Vec::with_capacity(layers.len() + 1);
        for layer in layers {
            let (grids, bandwidth) = layer_grids(surface, layer, &place, districts.len(), apart)?;
            bandwidths.push(bandwidth);
            built.push(grids);
            layer_weights.push(layer.layer_weight);
        }
        let inside: Vec<bool> = cell_district
            .iter()
            .map(|d| districts.is_empty() || d.is_some())
            .collect();
        let mut residents = None;
        let mut visitors_grid = None;
        let mut spread_evenly = true;
        let mut area_mask = None;
        let mut cells_outside = 0;
        if let (Some(event), SurfaceMode::Grid) = (&surface.event, surface.mode) {
            let (visitors, in_area, outside, evenly) = event_visitors(event, &built, &place, &inside)?;
            cells_outside = outside;
            spread_evenly = evenly;
            let mut mask = grid.zeros();
            for &k in &in_area {
                let (r, c) = cells[k];
                mask[[r, c]] = 1.0;
            }
            let hourly = built.iter().position(|g| matches!(g, LayerGrids::Hourly(_)));
            residents = Some(
                event
                    .hours
                    .iter()
                    .map(|h| {
                        let people = match hourly.map(|k| &built[k]) {
                            Some(LayerGrids::Hourly(grids)) => &grids[usize::from(h)] * &mask,
                            _ => grid.zeros(),
                        };
                        (h, people)
                    })
                    .collect::<Vec<_>>(),
            );
            match hourly {
                Some(k) => {
                    if let LayerGrids::Hourly(grids) = &mut built[k] {
                        for h in event.hours.iter() {
                            grids[usize::from(h)] += &visitors;
                        }
                    }
                }
                None => {
                    let grids = (0..24u8)
                        .map(|h| {
                            if event.hours.contains(h) {
                                visitors.clone()
                            } else {
                                grid.zeros()
                            }
                        })
                        .collect();
                    built.push(LayerGrids::Hourly(grids));
                    layer_weights.push(1.0);
                    bandwidths.push(None);
                }
            }
            visitors_grid = Some(visitors);
            area_mask = Some(mask);
        }
        let combine = |hours: Option<Hours>| -> Array2<f64> {
            match (surface.mode, built.as_slice()) {
                (SurfaceMode::Area, _) => grid.zeros() + grid.cell_area_m2(),
                (SurfaceMode::Grid, [one]) => &*one.for_hours(hours) * layer_weights[0],
                (SurfaceMode::Grid, _) => built
                    .iter()
                    .zip(&layer_weights)
                    .fold(grid.zeros(), |total, (g, w)| {
                        total + normalised(&g.for_hours(hours)) * *w
                    }),
            }
        };
        let combined = combine(None);
        let mut kept = Vec::new();
        let mut kept_at = Vec::new();
        let (mut outside, mut empty) = (0, 0);
        for (k, (&(r, c), &inside)) in cells.iter().zip(&inside).enumerate() {
            let weight = combined[[r, c]];
            if !inside {
                outside += 1;
            } else if weight > 0.0 {
                kept.push(Cell {
                    centre: grid.centre(r, c),
                    weight,
                });
                kept_at.push(k);
            } else {
                empty += 1;
            }
        }
        let sample = |values: &Array2<f64>| -> Vec<f64> {
            kept_at
                .iter()
                .map(|&k| {
                    let (r, c) = cells[k];
                    values[[r, c]]
                })
                .collect()
        };
        let periods = surface
            .periods
            .iter()
            .map(|&hours| sample(&combine(Some(hours))))
            .collect();
        let hours = if surface.by_hour {
            (0..24)
                .map(|h| sample(&combine(Some(Hours::single(h)))))
                .collect()
        } else {
            Vec::new()
        };
        let event = match (visitors_grid, residents, area_mask) {
            (Some(visitors), Some(residents), Some(mask)) => Some(EventCells {
                visitors: sample(&visitors),
                residents: residents.into_iter().map(|(h, g)| (h, sample(&g))).collect(),
                in_area: sample(&mask).into_iter().map(|m| m > 0.0).collect(),
                cells_outside,
                spread_evenly,
            }),
            _ => None,
        };
        Ok(Surface {
            cell_districts: kept_at.iter().map(|&k| cell_district[k]).collect(),
            cells: kept,
            grid,
            bandwidths,
            cells_outside_districts: outside,
            empty_cells: empty,
            districts_without_cells,
            periods,
            hours,
            event,
        })
    }
}

#[cfg(test)]
mod tests {
    use geo_types::polygon;

    use super::*;

    fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + side, y: y), (x: x + side, y: y + side), (x: x, y: y + side)],
        ])
    }

    #[test]
    fn district_values_add_up_and_tiny_districts_are_reported() {
        // A 150 m district on a 100 m grid, and one too small for a cell centre.
        let districts = vec![square(0.0, 0.0, 150.0), square(160.0, 160.0, 20.0)];
        let surface = DemandSurface::new(SurfaceMode::Grid, 100.0)
            .layer(SurfaceLayer::per_district("people", vec![1000.0, 500.0]))
            .build(districts, &[coord! { x: 0.0, y: 0.0 }])
            .unwrap();
        let total: f64 = surface.cells.iter().map(|c| c.weight).sum();
        assert!((total - 1000.0).abs() < 1e-9, "{total}");
        assert_eq!(surface.districts_without_cells, vec![1]);
    }

    #[test]
    fn bad_weights_and_empty_scenes_are_refused() {
        let layer = SurfaceLayer::density("bad", vec![coord! { x: 0.0, y: 0.0 }], vec![f64::NAN]);
        let err = DemandSurface::new(SurfaceMode::Grid, 10.0)
            .layer(layer)
            .build(vec![], &[coord! { x: 0.0, y: 0.0 }])
            .unwrap_err();
        assert!(err.to_string().contains("weight NaN"), "{err}");
        let err = DemandSurface::new(SurfaceMode::Area, 10.0)
            .build(vec![], &[])
            .unwrap_err();
        assert!(err.to_string().contains("nothing to lay a grid over"), "{err}");
    }

    #[test]
    fn a_bad_bandwidth_names_its_layer() {
        let points = vec![coord! { x: 0.0, y: 0.0 }];
        let err = DemandSurface::new(SurfaceMode::Grid, 10.0)
            .bandwidth_m(-1.0)
            .layer(SurfaceLayer::density("crimes", points, vec![1.0]))
            .build(vec![], &[])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "demand surface: layer `crimes`: the bandwidth is -1 m; it must be a finite number greater than 0"
        );
    }

    #[test]
    fn the_estimate_counts_cells_and_layers() {
        let points = vec![coord! { x: 0.0, y: 0.0 }, coord! { x: 95.0, y: 45.0 }];
        let surface = DemandSurface::new(SurfaceMode::Grid, 10.0)
            .layer(SurfaceLayer::density("a", points.clone(), vec![1.0, 1.0]))
            .layer(SurfaceLayer::influence("b", points, 20.0));
        let checked = surface.check(vec![], &[]).unwrap();
        assert_eq!((checked.grid().columns, checked.grid().rows), (10, 5));
        assert_eq!(checked.bytes_needed(), 50 * (80 + 2 * 16));
    }
}
