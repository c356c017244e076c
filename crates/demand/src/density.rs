//! Kernel density of weighted points and influence zones of facilities,
//! on a grid; normalising layers so they can be combined.

use geo_types::Coord;
use ndarray::Array2;
use rayon::prelude::*;
use sightline_index::PointIndex;

use crate::{Error, GridSpec};

/// The kernel of a kernel density estimate.
///
/// # Examples
///
/// ```
/// use sightline_demand::Kernel;
///
/// // The quartic kernel reaches as far as the bandwidth, the Gaussian four times as far.
/// assert_eq!(Kernel::Quartic.support(50.0), 50.0);
/// assert_eq!(Kernel::Gaussian.support(50.0), 200.0);
/// assert_eq!(Kernel::Quartic.density(60.0, 50.0), 0.0);
/// assert!(Kernel::Gaussian.density(60.0, 50.0) > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// `3 / (π h²) · (1 − (d/h)²)²` for `d < h`: the quartic (biweight)
    /// kernel of crime-mapping tools (ArcGIS, CrimeStat). Zero beyond the
    /// bandwidth.
    Quartic,
    /// `1 / (2π h²) · exp(−d² / 2h²)`, cut off at `4h` (the mass beyond,
    /// 0.03%, is dropped).
    Gaussian,
}

impl Kernel {
    /// The kernel's density at distance `d` for bandwidth `h`.
    pub fn density(self, d: f64, h: f64) -> f64 {
        match self {
            Kernel::Quartic => {
                let u = d / h;
                if u < 1.0 {
                    3.0 / (std::f64::consts::PI * h * h) * (1.0 - u * u).powi(2)
                } else {
                    0.0
                }
            }
            Kernel::Gaussian => {
                if d <= 4.0 * h {
                    (-(d * d) / (2.0 * h * h)).exp() / (2.0 * std::f64::consts::PI * h * h)
                } else {
                    0.0
                }
            }
        }
    }

    /// How far from a point the kernel reaches.
    pub fn support(self, h: f64) -> f64 {
        match self {
            Kernel::Quartic => h,
            Kernel::Gaussian => 4.0 * h,
        }
    }
}

/// Silverman's rule of thumb for a bivariate kernel density (Silverman
/// 1986, eq. 4.14 and table 4.1): `h = A(K) · σ · n^(−1/6)`, with `σ` the
/// root mean of the two coordinate variances and `A(K)` 1 for the Gaussian
/// kernel and 2.78 for the quartic (biweight) one. `None` for fewer than
/// two points or points that do not spread.
///
/// # Examples
///
/// ```
/// use sightline_demand::{silverman_bandwidth, Kernel};
/// use geo_types::coord;
///
/// let points: Vec<_> = (0..100).map(|i| coord! { x: f64::from(i % 10) * 10.0, y: f64::from(i / 10) * 10.0 }).collect();
/// let h = silverman_bandwidth(&points, Kernel::Gaussian).unwrap();
/// // Each coordinate has sample variance 825 × 100 / 99: σ = 28.87 m.
/// let sigma = (825.0f64 * 100.0 / 99.0).sqrt();
/// assert!((h - sigma * 100f64.powf(-1.0 / 6.0)).abs() < 1e-9);
/// assert!(silverman_bandwidth(&points[..1], Kernel::Quartic).is_none());
/// ```
pub fn silverman_bandwidth(points: &[Coord<f64>], kernel: Kernel) -> Option<f64> {
    let n = points.len();
    if n < 2 {
        return None;
    }
    let mean = |f: fn(&Coord<f64>) -> f64| points.iter().map(f).sum::<f64>() / n as f64;
    let (mx, my) = (mean(|c| c.x), mean(|c| c.y));
    let variance = points
        .iter()
        .map(|c| ((c.x - mx).powi(2) + (c.y - my).powi(2)) / 2.0)
        .sum::<f64>()
        / (n - 1) as f64;
    let sigma = variance.sqrt();
    let factor = match kernel {
        Kernel::Gaussian => 1.0,
        Kernel::Quartic => 2.78,
    };
    let h = factor * sigma * (n as f64).powf(-1.0 / 6.0);
    (h.is_finite() && h > 0.0).then_some(h)
}

/// Kernel density of weighted points on `grid`, as expected weight per
/// cell: the density at each cell's centre times the cell's area. On a
/// grid fine against the bandwidth, the cells add up to the total weight,
/// less what falls outside the grid.
///
/// # Errors
///
/// [`Error::BadGrid`] for a bandwidth that is not finite and positive, or
/// weights that do not match the points.
///
/// # Examples
///
/// ```
/// use sightline_demand::{kernel_density, GridSpec, Kernel};
/// use geo_types::coord;
///
/// let grid = GridSpec::covering(coord! { x: -200.0, y: -200.0 }, coord! { x: 200.0, y: 200.0 }, 5.0)?;
/// let surface = kernel_density(&grid, &[coord! { x: 0.0, y: 0.0 }], &[3.0], Kernel::Quartic, 50.0)?;
/// assert!((surface.sum() - 3.0).abs() < 0.01);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
pub fn kernel_density(
    grid: &GridSpec,
    points: &[Coord<f64>],
    weights: &[f64],
    kernel: Kernel,
    bandwidth_m: f64,
) -> Result<Array2<f64>, Error> {
    if !(bandwidth_m.is_finite() && bandwidth_m > 0.0) {
        return Err(Error::BadGrid {
            reason: format!("the bandwidth is {bandwidth_m} m; it must be a finite number greater than 0"),
        });
    }
    if weights.len() != points.len() {
        return Err(Error::BadGrid {
            reason: format!("{} weights for {} points", weights.len(), points.len()),
        });
    }
    let index = PointIndex::new(points);
    let reach = kernel.support(bandwidth_m);
    let area = grid.cell_area_m2();
    Ok(grid.fill(|centre| {
        // Sum in point order, so the result does not depend on the tree.
        let mut near: Vec<(u32, Coord<f64>)> = index.within_located(centre, reach).collect();
        near.sort_unstable_by_key(|&(i, _)| i);
        near.iter().fold(0.0, |total, &(i, p)| {
            let d = (p.x - centre.x).hypot(p.y - centre.y);
            total + weights[i as usize] * kernel.density(d, bandwidth_m) * area
        })
    }))
}

/// Kernel density of weighted points sorted into `n_bins` bins (the hour
/// of the day a complaint was received, say): one grid per bin, each the
/// [`kernel_density`] of that bin's points, computed in one pass over the
/// cells. Summed over the bins, the grids give the density of every point
/// (up to rounding).
///
/// # Errors
///
/// As [`kernel_density`]; [`Error::BadGrid`] for bins that do not match
/// the points or a bin number of `n_bins` or more.
///
/// # Examples
///
/// ```
/// use sightline_demand::{kernel_density_binned, GridSpec, Kernel};
/// use geo_types::coord;
///
/// let grid = GridSpec::covering(coord! { x: -200.0, y: -200.0 }, coord! { x: 200.0, y: 200.0 }, 5.0)?;
/// let points = [coord! { x: 0.0, y: 0.0 }, coord! { x: 50.0, y: 0.0 }];
/// let bins = kernel_density_binned(&grid, &points, &[3.0, 1.0], &[0, 2], 3, Kernel::Quartic, 50.0)?;
/// assert_eq!(bins.len(), 3);
/// assert!((bins[0].sum() - 3.0).abs() < 0.01 && bins[1].sum() == 0.0);
/// assert!((bins[2].sum() - 1.0).abs() < 0.01);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
pub fn kernel_density_binned(
    grid: &GridSpec,
    points: &[Coord<f64>],
    weights: &[f64],
    bins: &[u8],
    n_bins: usize,
    kernel: Kernel,
    bandwidth_m: f64,
) -> Result<Vec<Array2<f64>>, Error> {
    if !(bandwidth_m.is_finite() && bandwidth_m > 0.0) {
        return Err(Error::BadGrid {
            reason: format!("the bandwidth is {bandwidth_m} m; it must be a finite number greater than 0"),
        });
    }
    if weights.len() != points.len() || bins.len() != points.len() {
        return Err(Error::BadGrid {
            reason: format!(
                "{} weights and {} bins for {} points",
                weights.len(),
                bins.len(),
                points.len()
            ),
        });
    }
    if let Some(bin) = bins.iter().find(|&&b| usize::from(b) >= n_bins) {
        return Err(Error::BadGrid {
            reason: format!("bin {bin} of {n_bins}"),
        });
    }
    let index = PointIndex::new(points);
    let reach = kernel.support(bandwidth_m);
    let area = grid.cell_area_m2();
    let cells: Vec<Vec<f64>> = (0..grid.rows)
        .into_par_iter()
        .flat_map_iter(|r| (0..grid.columns).map(move |c| (r, c)))
        .map(|(r, c)| {
            let centre = grid.centre(r, c);
            let mut near: Vec<(u32, Coord<f64>)> = index.within_located(centre, reach).collect();
            near.sort_unstable_by_key(|&(i, _)| i);
            let mut sums = vec![0.0; n_bins];
            for &(i, p) in &near {
                let d = (p.x - centre.x).hypot(p.y - centre.y);
                sums[usize::from(bins[i as usize])] +=
                    weights[i as usize] * kernel.density(d, bandwidth_m) * area;
            }
            sums
        })
        .collect();
    Ok((0..n_bins)
        .map(|b| {
            Array2::from_shape_vec((grid.rows, grid.columns), cells.iter().map(|s| s[b]).collect())
                .expect("one value per cell")
        })
        .collect())
}

/// How many of `facilities` lie within `radius_m` of each cell's centre
/// (schools, bars, parks: places whose surroundings matter).
///
/// # Examples
///
/// ```
/// use sightline_demand::{influence, GridSpec};
/// use geo_types::coord;
///
/// let grid = GridSpec::covering(coord! { x: 0.0, y: 0.0 }, coord! { x: 300.0, y: 0.0 }, 100.0)?;
/// let zone = influence(&grid, &[coord! { x: 50.0, y: 50.0 }], 120.0);
/// assert_eq!(zone.row(0).to_vec(), vec![1.0, 1.0, 0.0]);
/// # Ok::<(), sightline_demand::Error>(())
/// ```
pub fn influence(grid: &GridSpec, facilities: &[Coord<f64>], radius_m: f64) -> Array2<f64> {
    let index = PointIndex::new(facilities);
    grid.fill(|centre| index.within(centre, radius_m).count() as f64)
}

/// `values` divided by their largest value (all zeros stay zeros), so
/// layers of different units can be combined.
pub fn normalised(values: &Array2<f64>) -> Array2<f64> {
    let max = values.iter().copied().fold(0.0, f64::max);
    if max > 0.0 { values / max } else { values.clone() }
}

#[cfg(test)]
mod tests {
    use geo_types::coord;

    use super::*;

    #[test]
    fn kernels_integrate_to_one() {
        for kernel in [Kernel::Quartic, Kernel::Gaussian] {
            let h = 40.0;
            let grid = GridSpec::covering(
                coord! { x: -200.0, y: -200.0 },
                coord! { x: 200.0, y: 200.0 },
                2.0,
            )
            .unwrap();
            let surface = kernel_density(&grid, &[coord! { x: 0.0, y: 0.0 }], &[1.0], kernel, h).unwrap();
            assert!(
                (surface.sum() - 1.0).abs() < 0.005,
                "{kernel:?}: {}",
                surface.sum()
            );
        }
    }

    #[test]
    fn bad_grids_are_refused() {
        let o = coord! { x: 0.0, y: 0.0 };
        assert!(GridSpec::covering(o, o, 0.0).is_err());
        assert!(GridSpec::covering(o, coord! { x: 1e9, y: 1e9 }, 1.0).is_err());
        assert!(GridSpec::covering(coord! { x: f64::NAN, y: 0.0 }, o, 1.0).is_err());
        let grid = GridSpec::covering(o, o, 1.0).unwrap();
        assert!(kernel_density(&grid, &[o], &[1.0], Kernel::Quartic, 0.0).is_err());
        assert!(kernel_density(&grid, &[o], &[], Kernel::Quartic, 1.0).is_err());
    }
}
