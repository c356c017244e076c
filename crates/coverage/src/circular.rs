use geo_types::Coord;
use rayon::prelude::*;
use sightline_index::{PointGrid, PointIndex};
use sightline_solve::CoverageMatrix;

use crate::Error;

/// The disc camera model: a camera covers every demand point within its
/// range, in every direction.
///
/// Existing cameras may have a range of their own (the Korean standard
/// model uses 50 m for existing cameras); by default they share the new
/// cameras' range.
///
/// # Examples
///
/// ```
/// use sightline_coverage::Circular;
///
/// let model = Circular::new(100.0)?.with_existing_radius_m(50.0)?;
/// assert_eq!(model.radius_m(), 100.0);
/// assert_eq!(model.existing_radius_m(), 50.0);
/// # Ok::<(), sightline_coverage::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circular {
    radius_m: f64,
    existing_radius_m: f64,
}

impl Circular {
    /// A disc of `radius_m` for new and existing cameras alike.
    ///
    /// # Units
    ///
    /// Metres.
    ///
    /// # Errors
    ///
    /// [`Error::BadRadius`] unless `radius_m` is finite and positive.
    pub fn new(radius_m: f64) -> Result<Self, Error> {
        check_radius("camera radius", radius_m)?;
        Ok(Self {
            radius_m,
            existing_radius_m: radius_m,
        })
    }

    /// Sets a separate range for existing cameras.
    ///
    /// # Units
    ///
    /// Metres.
    ///
    /// # Errors
    ///
    /// [`Error::BadRadius`] unless `radius_m` is finite and positive.
    pub fn with_existing_radius_m(self, radius_m: f64) -> Result<Self, Error> {
        check_radius("existing-camera radius", radius_m)?;
        Ok(Self {
            existing_radius_m: radius_m,
            ..self
        })
    }

    /// The range of new cameras, in metres.
    pub fn radius_m(&self) -> f64 {
        self.radius_m
    }

    /// The range of existing cameras, in metres.
    pub fn existing_radius_m(&self) -> f64 {
        self.existing_radius_m
    }

    /// Builds the coverage of `sites` over `demand`, after `existing`
    /// cameras have covered what they reach.
    ///
    /// Row `s` of the matrix lists the demand points within range of site
    /// `s` that no existing camera covers, ascending. Rows are computed in
    /// parallel; the result does not depend on the thread count.
    pub fn build(&self, demand: &[Coord<f64>], sites: &[Coord<f64>], existing: &[Coord<f64>]) -> Coverage {
        let grid = PointGrid::new(demand, self.radius_m);
        self.build_rows(Demand::Grid(&grid), sites, existing, false)
    }

    /// As [`build`](Self::build), reusing an index over the demand points.
    pub fn build_with_index(
        &self,
        demand: &PointIndex,
        sites: &[Coord<f64>],
        existing: &[Coord<f64>],
    ) -> Coverage {
        self.build_rows(Demand::Tree(demand), sites, existing, false)
    }

    /// As [`build_with_index`](Self::build_with_index), but rows keep the
    /// demand existing cameras cover: for objectives that count a second
    /// camera (backup coverage), with
    /// [`existing_counts`](Coverage::existing_counts) saying how many
    /// existing cameras see each point.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::Circular;
    /// use sightline_index::{PointGrid, PointIndex};
    /// use geo_types::coord;
    ///
    /// let demand = PointIndex::new(&[coord! { x: 0.0, y: 0.0 }]);
    /// let here = coord! { x: 1.0, y: 0.0 };
    /// let coverage = Circular::new(10.0)?.build_keeping_covered(&demand, &[here], &[here, here]);
    /// assert_eq!(coverage.matrix().row(0), &[0]);
    /// assert_eq!(coverage.existing_counts(), &[2]);
    /// # Ok::<(), sightline_coverage::Error>(())
    /// ```
    pub fn build_keeping_covered(
        &self,
        demand: &PointIndex,
        sites: &[Coord<f64>],
        existing: &[Coord<f64>],
    ) -> Coverage {
        self.build_rows(Demand::Tree(demand), sites, existing, true)
    }

    /// As [`build_keeping_covered`](Self::build_keeping_covered), over a
    /// grid of the demand points (see [`PointGrid`]): the same coverage,
    /// found faster when many sites query one radius. The grid's cells
    /// are best about [`radius_m`](Self::radius_m) wide.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::Circular;
    /// use sightline_index::{PointGrid, PointIndex};
    /// use geo_types::coord;
    ///
    /// let points = [coord! { x: 0.0, y: 0.0 }, coord! { x: 8.0, y: 0.0 }, coord! { x: 30.0, y: 0.0 }];
    /// let (sites, existing) = ([coord! { x: 1.0, y: 0.0 }], [coord! { x: 0.0, y: 2.0 }]);
    /// let model = Circular::new(10.0)?;
    /// let grid = model.build_keeping_covered_on_grid(&PointGrid::new(&points, 10.0), &sites, &existing);
    /// let tree = model.build_keeping_covered(&PointIndex::new(&points), &sites, &existing);
    /// assert_eq!(grid.matrix().row(0), &[0, 1]);
    /// assert_eq!(grid.existing_counts(), &[1, 1, 0]);
    /// assert_eq!(grid, tree);
    /// # Ok::<(), sightline_coverage::Error>(())
    /// ```
    pub fn build_keeping_covered_on_grid(
        &self,
        demand: &PointGrid,
        sites: &[Coord<f64>],
        existing: &[Coord<f64>],
    ) -> Coverage {
        self.build_rows(Demand::Grid(demand), sites, existing, true)
    }

    fn build_rows(
        &self,
        demand: Demand<'_>,
        sites: &[Coord<f64>],
        existing: &[Coord<f64>],
        keep_covered: bool,
    ) -> Coverage {
        let existing_counts = covered_by(demand, existing, self.existing_radius_m);
        let covered_before: Vec<bool> = existing_counts.iter().map(|&c| c > 0).collect();
        let (mut offsets, mut entries) = demand.rows(sites, self.radius_m);
        if !keep_covered && covered_before.iter().any(|&c| c) {
            // Drop what existing cameras cover, row by row, in place.
            let mut kept = 0;
            for site in 0..sites.len() {
                let (start, end) = (offsets[site], offsets[site + 1]);
                offsets[site] = kept;
                for k in start..end {
                    let d = entries[k];
                    if !covered_before[d as usize] {
                        entries[kept] = d;
                        kept += 1;
                    }
                }
            }
            offsets[sites.len()] = kept;
            entries.truncate(kept);
        }
        let matrix = CoverageMatrix::from_csr(demand.len(), offsets, entries)
            .expect("rows built from the demand index are sorted and in range");
        Coverage {
            matrix,
            covered_before,
            existing_counts,
        }
    }
}

/// The demand points, indexed one way or the other.
#[derive(Clone, Copy)]
enum Demand<'a> {
    Tree(&'a PointIndex),
    Grid(&'a PointGrid),
}

impl Demand<'_> {
    fn len(self) -> usize {
        match self {
            Demand::Tree(index) => index.len(),
            Demand::Grid(grid) => grid.len(),
        }
    }

    /// The points within `radius_m` of each centre, ascending, as
    /// compressed rows; in parallel, the same whatever the thread count.
    fn rows(self, centres: &[Coord<f64>], radius_m: f64) -> (Vec<usize>, Vec<u32>) {
        match self {
            Demand::Grid(grid) => grid.rows_within(centres, radius_m),
            Demand::Tree(index) => {
                let rows: Vec<Vec<u32>> = centres
                    .par_iter()
                    .map(|&centre| {
                        let mut row: Vec<u32> = index.within(centre, radius_m).collect();
                        row.sort_unstable();
                        row
                    })
                    .collect();
                let offsets = std::iter::once(0)
                    .chain(rows.iter().scan(0, |end, row| {
                        *end += row.len();
                        Some(*end)
                    }))
                    .collect();
                (offsets, rows.concat())
            }
        }
    }
}

/// How many of `cameras` lie within `radius_m` of each demand point.
fn covered_by(demand: Demand<'_>, cameras: &[Coord<f64>], radius_m: f64) -> Vec<u32> {
    let (_, hits) = demand.rows(cameras, radius_m);
    let mut counts = vec![0u32; demand.len()];
    for d in hits {
        counts[d as usize] += 1;
    }
    counts
}

fn check_radius(what: &'static str, radius_m: f64) -> Result<(), Error> {
    if radius_m.is_finite() && radius_m > 0.0 {
        Ok(())
    } else {
        Err(Error::BadRadius { what, radius_m })
    }
}

/// The result of a coverage build: which still-uncovered demand each site
/// would cover, and which demand existing cameras already cover.
///
/// # Examples
///
/// ```
/// use sightline_coverage::Circular;
/// use geo_types::coord;
///
/// let coverage = Circular::new(10.0)?.build(&[coord! { x: 0.0, y: 0.0 }], &[coord! { x: 5.0, y: 0.0 }], &[]);
/// assert_eq!(coverage.matrix().n_options(), 1);
/// assert_eq!(coverage.covered_before(), &[false]);
/// # Ok::<(), sightline_coverage::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    matrix: CoverageMatrix,
    covered_before: Vec<bool>,
    existing_counts: Vec<u32>,
}

impl Coverage {
    /// Site → still-uncovered demand points it covers.
    pub fn matrix(&self) -> &CoverageMatrix {
        &self.matrix
    }

    /// For each demand point, whether an existing camera covers it.
    pub fn covered_before(&self) -> &[bool] {
        &self.covered_before
    }

    /// For each demand point, how many existing cameras cover it.
    pub fn existing_counts(&self) -> &[u32] {
        &self.existing_counts
    }

    /// Splits into the matrix and the covered-before flags.
    pub fn into_parts(self) -> (CoverageMatrix, Vec<bool>) {
        (self.matrix, self.covered_before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_points::scatter;

    #[test]
    fn matches_brute_force_distances() {
        let demand = scatter(3000, 1000.0, 0.0);
        let sites = scatter(200, 1000.0, 0.5);
        let existing = scatter(20, 1000.0, 0.25);
        let model = Circular::new(80.0).unwrap().with_existing_radius_m(40.0).unwrap();
        let coverage = model.build(&demand, &sites, &existing);
        let dist = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).hypot(a.y - b.y);
        for (d, &point) in demand.iter().enumerate() {
            let expected = existing.iter().any(|&e| dist(e, point) <= 40.0);
            assert_eq!(coverage.covered_before()[d], expected);
        }
        for (s, &site) in sites.iter().enumerate() {
            let expected: Vec<u32> = (0..demand.len() as u32)
                .filter(|&d| dist(site, demand[d as usize]) <= 80.0 && !coverage.covered_before()[d as usize])
                .collect();
            assert_eq!(coverage.matrix().row(s), expected.as_slice());
        }
    }

    #[test]
    fn bad_radii_are_rejected() {
        for radius in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(Circular::new(radius).is_err());
            assert!(
                Circular::new(10.0)
                    .unwrap()
                    .with_existing_radius_m(radius)
                    .is_err()
            );
        }
    }
}
