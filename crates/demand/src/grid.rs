//! The regular grid of square cells that demand surfaces are laid on.

use geo_types::{Coord, coord};
use ndarray::Array2;
use rayon::prelude::*;

use crate::Error;

/// A regular grid of square cells: `rows × columns` cells of `cell_m`
/// metres, row 0 at the south, column 0 at the west.
///
/// # Examples
///
/// ```
/// use sightline_demand::GridSpec;
/// use geo_types::coord;
///
/// let grid = GridSpec::covering(coord! { x: 0.0, y: 0.0 }, coord! { x: 250.0, y: 120.0 }, 100.0)?;
/// assert_eq!((grid.rows, grid.columns), (2, 3));
/// assert_eq!(grid.centre(1, 2), coord! { x: 250.0, y: 150.0 });
/// assert_eq!(grid.cell_area_m2(), 10_000.0);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridSpec {
    /// South-west corner of cell (0, 0), metres.
    pub origin: Coord<f64>,
    /// Side of a cell, metres.
    pub cell_m: f64,
    /// Number of rows (south to north).
    pub rows: usize,
    /// Number of columns (west to east).
    pub columns: usize,
}

/// More cells than this is refused: 10⁸ cells of `f64` alone take 800 MB.
pub const MAX_CELLS: usize = 100_000_000;

impl GridSpec {
    /// The smallest grid of `cell_m` cells, starting at `min`, that covers
    /// the box from `min` to `max` (at least one cell).
    ///
    /// # Errors
    ///
    /// [`Error::BadGrid`] for a cell size that is not finite and positive,
    /// a box that is not finite, or more than [`MAX_CELLS`] cells.
    pub fn covering(min: Coord<f64>, max: Coord<f64>, cell_m: f64) -> Result<Self, Error> {
        if !(cell_m.is_finite() && cell_m > 0.0) {
            return Err(Error::BadGrid {
                reason: format!("cell size is {cell_m} m; it must be a finite number greater than 0"),
            });
        }
        let finite = [min.x, min.y, max.x, max.y].iter().all(|v| v.is_finite());
        if !finite || max.x < min.x || max.y < min.y {
            return Err(Error::BadGrid {
                reason: format!("the area ({min:?} to {max:?}) is not a finite box"),
            });
        }
        let count = |span: f64| ((span / cell_m).ceil() as usize).max(1);
        let (columns, rows) = (count(max.x - min.x), count(max.y - min.y));
        if columns.saturating_mul(rows) > MAX_CELLS {
            return Err(Error::BadGrid {
                reason: format!(
                    "{columns} × {rows} cells of {cell_m} m is more than {MAX_CELLS}; use larger cells"
                ),
            });
        }
        Ok(Self {
            origin: min,
            cell_m,
            rows,
            columns,
        })
    }

    /// Centre of the cell in `row`, `column`.
    pub fn centre(&self, row: usize, column: usize) -> Coord<f64> {
        coord! {
            x: self.origin.x + (column as f64 + 0.5) * self.cell_m,
            y: self.origin.y + (row as f64 + 0.5) * self.cell_m,
        }
    }

    /// Area of one cell, square metres.
    pub fn cell_area_m2(&self) -> f64 {
        self.cell_m * self.cell_m
    }

    /// An array of zeros of the grid's shape (`rows × columns`).
    pub fn zeros(&self) -> Array2<f64> {
        Array2::zeros((self.rows, self.columns))
    }

    /// Fills a grid-shaped array with `f(cell centre)`, rows in parallel.
    pub(crate) fn fill(&self, f: impl Fn(Coord<f64>) -> f64 + Sync) -> Array2<f64> {
        let values: Vec<f64> = (0..self.rows)
            .into_par_iter()
            .flat_map_iter(|r| (0..self.columns).map(move |c| (r, c)))
            .map(|(r, c)| f(self.centre(r, c)))
            .collect();
        Array2::from_shape_vec((self.rows, self.columns), values).expect("one value per cell")
    }
}
