//! The layers of a demand surface built on its grid: once, or by hour of
//! the day.

use ndarray::Array2;

use crate::surface::{DemandSurface, SurfaceLayer, surface_error};
use crate::{Error, GridSpec, Hours, influence, kernel_density, silverman_bandwidth};

/// Where a surface's cells are: what spreading a value per district needs.
pub(crate) struct Placement<'a> {
    pub(crate) grid: &'a GridSpec,
    /// (row, column) of every cell, row by row.
    pub(crate) cells: &'a [(usize, usize)],
    pub(crate) cell_district: &'a [Option<u32>],
    /// Cells whose centre lies in each district.
    pub(crate) cells_in: &'a [usize],
}

impl Placement<'_> {
    /// `values` per district, each shared equally by its district's cells.
    pub(crate) fn spread(&self, values: impl Fn(usize) -> f64) -> Array2<f64> {
        let mut spread = self.grid.zeros();
        for (&(r, c), district) in self.cells.iter().zip(self.cell_district) {
            if let Some(d) = district {
                let d = *d as usize;
                spread[[r, c]] = values(d) / self.cells_in[d] as f64;
            }
        }
        spread
    }
}

/// A layer built on the grid: once, or by hour of the day.
pub(crate) enum LayerGrids {
    /// The same at every hour.
    Fixed(Array2<f64>),
    /// A density of points with hours: of all the points, and (when
    /// periods or hours need them apart) of the points of each hour, then
    /// of those of no hour.
    Points {
        all: Array2<f64>,
        bins: Vec<Array2<f64>>,
    },
    /// Values by hour (24 grids).
    Hourly(Vec<Array2<f64>>),
}

impl LayerGrids {
    /// The layer for `hours` (`None`: the whole day): an hourly layer's
    /// mean over the hours, the points of the hours (and of no hour).
    pub(crate) fn for_hours(&self, hours: Option<Hours>) -> std::borrow::Cow<'_, Array2<f64>> {
        use std::borrow::Cow;
        match self {
            LayerGrids::Fixed(grid) => Cow::Borrowed(grid),
            LayerGrids::Points { all, bins } => match hours {
                Some(hours) if hours != Hours::ALL && !bins.is_empty() => Cow::Owned(
                    hours
                        .iter()
                        .fold(bins[24].clone(), |total, h| total + &bins[usize::from(h)]),
                ),
                _ => Cow::Borrowed(all),
            },
            LayerGrids::Hourly(grids) => {
                let hours = hours.unwrap_or(Hours::ALL);
                let sum = hours.iter().fold(Array2::zeros(grids[0].raw_dim()), |total, h| {
                    total + &grids[usize::from(h)]
                });
                Cow::Owned(sum / hours.len().max(1) as f64)
            }
        }
    }
}

/// Builds one layer, with its bandwidth (density layers).
pub(crate) fn layer_grids(
    surface: &DemandSurface,
    layer: &SurfaceLayer,
    place: &Placement<'_>,
    n_districts: usize,
    apart: bool,
) -> Result<(LayerGrids, Option<f64>), Error> {
    let grid = place.grid;
    let check_values = |count: usize, bad: Option<f64>| -> Result<(), Error> {
        if count != n_districts {
            return Err(surface_error(format!(
                "layer `{}` has {count} values for {n_districts} districts",
                layer.name,
            )));
        }
        if let Some(v) = bad {
            return Err(surface_error(format!(
                "layer `{}` has the value {v}; values must be finite and not negative",
                layer.name
            )));
        }
        Ok(())
    };
    let good = |v: &f64| v.is_finite() && *v >= 0.0;
    if let Some(values) = &layer.per_district_hourly {
        check_values(values.len(), values.iter().flatten().find(|v| !good(v)).copied())?;
        let grids = (0..24).map(|h| place.spread(|d| values[d][h])).collect();
        return Ok((LayerGrids::Hourly(grids), None));
    }
    if let Some(values) = &layer.per_district {
        check_values(values.len(), values.iter().find(|v| !good(v)).copied())?;
        return Ok((LayerGrids::Fixed(place.spread(|d| values[d])), None));
    }
    if let Some(radius) = layer.influence_m {
        if !(radius.is_finite() && radius > 0.0) {
            return Err(surface_error(format!(
                "layer `{}` has influence radius {radius} m; it must be a finite number greater than 0",
                layer.name
            )));
        }
        return Ok((LayerGrids::Fixed(influence(grid, &layer.points, radius)), None));
    }
    let h = match surface.bandwidth_m {
        Some(h) => h,
        None => silverman_bandwidth(&layer.points, surface.kernel).ok_or_else(|| {
            surface_error(format!(
                "layer `{}` has too few distinct points for Silverman's bandwidth; give one",
                layer.name
            ))
        })?,
    };
    let named = |e: Error| match e {
        Error::BadGrid { reason } => surface_error(format!("layer `{}`: {reason}", layer.name)),
        other => other,
    };
    let all = kernel_density(grid, &layer.points, &layer.weights, surface.kernel, h).map_err(named)?;
    let made = match &layer.point_hours {
        Some(hours) if apart => {
            if hours.len() != layer.points.len() {
                return Err(surface_error(format!(
                    "layer `{}` has {} hours for {} points",
                    layer.name,
                    hours.len(),
                    layer.points.len()
                )));
            }
            if let Some(hour) = hours.iter().flatten().find(|&&h| h >= 24) {
                return Err(surface_error(format!(
                    "layer `{}` has a point at hour {hour}; hours run from 0 to 23",
                    layer.name
                )));
            }
            let bins: Vec<u8> = hours.iter().map(|h| h.unwrap_or(24)).collect();
            let bins = crate::density::kernel_density_binned(
                grid,
                &layer.points,
                &layer.weights,
                &bins,
                25,
                surface.kernel,
                h,
            )
            .map_err(named)?;
            LayerGrids::Points { all, bins }
        }
        Some(_) => LayerGrids::Points {
            all,
            bins: Vec::new(),
        },
        None => LayerGrids::Fixed(all),
    };
    Ok((made, Some(h)))
}
