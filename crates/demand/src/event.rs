//! An event's visitors on a demand surface: where they are, when, and
//! how they spread over the area's cells.

use geo_types::MultiPolygon;
use ndarray::Array2;
use rayon::prelude::*;
use sightline_index::DistrictIndex;

use crate::layers::{LayerGrids, Placement};
use crate::surface::surface_error;
use crate::{Error, Hours};

/// Visitors of an event, added to the population of its hours over its
/// area (see [`DemandSurface::event`](crate::DemandSurface::event)).
///
/// # Examples
///
/// ```
/// use sightline_demand::{Event, Hours};
/// use geo_types::{MultiPolygon, polygon};
///
/// let area = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)]]);
/// let event = Event::new(area, "18-23".parse::<Hours>().unwrap(), 5000.0);
/// assert_eq!(event.hours.len(), 5);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// Where the visitors are, planar metres.
    pub area: MultiPolygon<f64>,
    /// When: the visitors are there at each of these hours.
    pub hours: Hours,
    /// How many visitors are there at each of the hours.
    pub visitors: f64,
    /// The layer (its index among the surface's layers) whose whole-day
    /// grid spreads the visitors over the area's cells; `None`: evenly.
    pub spread_by: Option<usize>,
}

impl Event {
    /// `visitors` at each of `hours`, spread evenly over `area`.
    pub fn new(area: MultiPolygon<f64>, hours: Hours, visitors: f64) -> Self {
        Self {
            area,
            hours,
            visitors,
            spread_by: None,
        }
    }

    /// Spreads the visitors over the area's cells in proportion to layer
    /// `layer`'s whole-day grid (evenly where it is 0 throughout the area).
    pub fn spread_by(self, layer: usize) -> Self {
        Self {
            spread_by: Some(layer),
            ..self
        }
    }
}

/// An event's crowd on the kept cells of a [`Surface`](crate::Surface).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventCells {
    /// Visitors on each kept cell, at each of the event's hours.
    pub visitors: Vec<f64>,
    /// For each of the event's hours (in order), the hourly layer's
    /// people on each kept cell of the area, visitors left out (all
    /// zeros without an hourly layer).
    pub residents: Vec<(u8, Vec<f64>)>,
    /// For each kept cell, whether its centre lies in the area.
    pub in_area: Vec<bool>,
    /// Cells of the area outside every district: the visitors are spread
    /// over the area's cells inside the districts only.
    pub cells_outside: usize,
    /// True when the visitors were spread evenly (asked for, or the
    /// spreading layer is 0 throughout the area).
    pub spread_evenly: bool,
}

/// The event's visitors on the grid: on the cells (inside the districts)
/// whose centre lies in its area, evenly or by a layer's whole-day grid;
/// those cells (indices into the cell list); how many of the area's cells
/// lie outside the districts (left out); and whether the visitors were
/// spread evenly.
pub(crate) fn event_visitors(
    event: &Event,
    built: &[LayerGrids],
    place: &Placement<'_>,
    inside: &[bool],
) -> Result<(Array2<f64>, Vec<usize>, usize, bool), Error> {
    if !(event.visitors.is_finite() && event.visitors >= 0.0) {
        return Err(surface_error(format!(
            "the event has {} visitors; it must be a finite number, not negative",
            event.visitors
        )));
    }
    if event.hours.is_empty() {
        return Err(surface_error("the event has no hours".to_owned()));
    }
    let area = DistrictIndex::new(vec![event.area.clone()]);
    let grid = place.grid;
    let (in_area, outside): (Vec<usize>, Vec<usize>) = place
        .cells
        .par_iter()
        .enumerate()
        .filter(|&(_, &(r, c))| area.locate(grid.centre(r, c)).is_some())
        .map(|(k, _)| k)
        .partition(|&k| inside[k]);
    if in_area.is_empty() {
        return Err(surface_error(format!(
            "the event area holds no cell centre of the {} m grid inside the districts; use smaller cells or check the area",
            grid.cell_m
        )));
    }
    let by_layer = match event.spread_by {
        Some(k) => {
            let layer = built.get(k).ok_or_else(|| {
                surface_error(format!(
                    "the event is spread by layer {k}, but there are {} layers",
                    built.len()
                ))
            })?;
            let whole = layer.for_hours(None);
            let shares: Vec<f64> = in_area
                .iter()
                .map(|&k| {
                    let (r, c) = place.cells[k];
                    whole[[r, c]]
                })
                .collect();
            let total = shares.iter().sum::<f64>();
            (total > 0.0).then(|| shares.into_iter().map(|s| s / total).collect::<Vec<f64>>())
        }
        None => None,
    };
    let mut visitors = grid.zeros();
    let evenly = by_layer.is_none();
    for (n, &k) in in_area.iter().enumerate() {
        let (r, c) = place.cells[k];
        let share = match &by_layer {
            Some(shares) => shares[n],
            None => 1.0 / in_area.len() as f64,
        };
        visitors[[r, c]] = event.visitors * share;
    }
    Ok((visitors, in_area, outside.len(), evenly))
}
