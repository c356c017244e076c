use geo_types::Coord;
use rstar::RTree;
use rstar::primitives::GeomWithData;

type IndexedPoint = GeomWithData<[f64; 2], u32>;

/// An R*-tree over points, answering "which points lie within `r` metres".
///
/// Points are identified by their position in the slice the index was
/// built from.
///
/// # Examples
///
/// ```
/// use sightline_index::PointIndex;
/// use geo_types::coord;
///
/// let points: Vec<_> = (0..10).map(|i| coord! { x: 10.0 * f64::from(i), y: 0.0 }).collect();
/// let index = PointIndex::new(&points);
/// assert_eq!(index.len(), 10);
/// let mut found: Vec<u32> = index.within(coord! { x: 42.0, y: 0.0 }, 15.0).collect();
/// found.sort();
/// assert_eq!(found, vec![3, 4, 5]);
/// ```
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<IndexedPoint>,
}

impl PointIndex {
    /// Builds the index with bulk loading.
    ///
    /// # Panics
    ///
    /// If there are more than `u32::MAX` points.
    pub fn new(points: &[Coord<f64>]) -> Self {
        let entries = points
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let id = u32::try_from(i).expect("at most u32::MAX points");
                GeomWithData::new([c.x, c.y], id)
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Number of points in the index.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// True when the index holds no points.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The indices of the points at distance `<= radius_m` from `center`,
    /// in no particular order.
    ///
    /// # Units
    ///
    /// `radius_m` is in metres, like the coordinates.
    pub fn within(&self, center: Coord<f64>, radius_m: f64) -> impl Iterator<Item = u32> + '_ {
        self.tree
            .locate_within_distance([center.x, center.y], radius_m * radius_m)
            .map(|p| p.data)
    }

    /// As [`within`](Self::within), with each point's position.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_index::PointIndex;
    /// use geo_types::coord;
    ///
    /// let index = PointIndex::new(&[coord! { x: 3.0, y: 4.0 }]);
    /// let found: Vec<_> = index.within_located(coord! { x: 0.0, y: 0.0 }, 5.0).collect();
    /// assert_eq!(found, vec![(0, coord! { x: 3.0, y: 4.0 })]);
    /// ```
    pub fn within_located(
        &self,
        center: Coord<f64>,
        radius_m: f64,
    ) -> impl Iterator<Item = (u32, Coord<f64>)> + '_ {
        self.tree
            .locate_within_distance([center.x, center.y], radius_m * radius_m)
            .map(|p| {
                let [x, y] = *p.geom();
                (p.data, Coord { x, y })
            })
    }

    /// The point nearest to `center` and its distance (metres), `None`
    /// for an empty index. Of points at the same distance, the lowest
    /// index: the answer does not depend on how the tree was built.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_index::PointIndex;
    /// use geo_types::coord;
    ///
    /// let index = PointIndex::new(&[coord! { x: 10.0, y: 0.0 }, coord! { x: -3.0, y: 4.0 }, coord! { x: 0.0, y: -5.0 }]);
    /// assert_eq!(index.nearest(coord! { x: 0.0, y: 0.0 }), Some((1, 5.0)));
    /// assert_eq!(PointIndex::new(&[]).nearest(coord! { x: 0.0, y: 0.0 }), None);
    /// ```
    pub fn nearest(&self, center: Coord<f64>) -> Option<(u32, f64)> {
        let mut found = self
            .tree
            .nearest_neighbor_iter_with_distance_2(&[center.x, center.y]);
        let (first, closest) = found.next()?;
        let index = found
            .take_while(|&(_, d2)| d2 == closest)
            .map(|(p, _)| p.data)
            .fold(first.data, u32::min);
        Some((index, closest.sqrt()))
    }

    /// True when at least one point lies at distance `<= radius_m` from
    /// `center`.
    ///
    /// # Units
    ///
    /// `radius_m` is in metres.
    pub fn any_within(&self, center: Coord<f64>, radius_m: f64) -> bool {
        self.within(center, radius_m).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    #[test]
    fn nearest_matches_brute_force_with_ties_to_the_lowest_index() {
        // A grid with repeated points: many ties, at distance 0 too.
        let points: Vec<Coord<f64>> = (0..400u32)
            .map(|i| coord! { x: f64::from(i % 20 / 2) * 10.0, y: f64::from(i / 20) * 10.0 })
            .collect();
        let index = PointIndex::new(&points);
        for k in 0..300u32 {
            let t = f64::from(k);
            let center = coord! { x: (t * 7.31).sin() * 120.0 + 40.0, y: (t * 3.17).cos() * 120.0 + 90.0 };
            let center = if k % 3 == 0 { points[k as usize] } else { center };
            let distance = |p: &Coord<f64>| (p.x - center.x).powi(2) + (p.y - center.y).powi(2);
            let best = points.iter().map(distance).fold(f64::INFINITY, f64::min);
            let expected = points.iter().position(|p| distance(p) == best).unwrap() as u32;
            assert_eq!(
                index.nearest(center),
                Some((expected, best.sqrt())),
                "at {center:?}"
            );
        }
    }

    #[test]
    fn radius_query_matches_brute_force() {
        // A deterministic scatter, no RNG needed.
        let points: Vec<Coord<f64>> = (0..2000u32)
            .map(|i| {
                let t = f64::from(i);
                coord! { x: (t * 7.31).sin() * 500.0, y: (t * 3.17).cos() * 500.0 }
            })
            .collect();
        let index = PointIndex::new(&points);
        for (k, center) in points.iter().step_by(97).enumerate() {
            let radius = 20.0 + 10.0 * k as f64;
            let mut found: Vec<u32> = index.within(*center, radius).collect();
            found.sort_unstable();
            let expected: Vec<u32> = points
                .iter()
                .enumerate()
                .filter(|(_, p)| (p.x - center.x).hypot(p.y - center.y) <= radius)
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn empty_index_finds_nothing() {
        let index = PointIndex::new(&[]);
        assert!(index.is_empty());
        assert!(!index.any_within(coord! { x: 0.0, y: 0.0 }, 1e9));
    }
}
