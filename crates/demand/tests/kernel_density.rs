//! Kernel density surfaces (proptest): away from the grid's edge they add
//! up to the number of points within 1%, and moving one point changes the
//! surface only within the kernel's reach of its old and new places.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use geo_types::{Coord, coord};
use proptest::prelude::*;
use sightline_demand::{GridSpec, Kernel, kernel_density};

fn interior_points() -> impl Strategy<Value = Vec<Coord<f64>>> {
    proptest::collection::vec((300.0..700.0f64, 300.0..700.0f64), 1..60)
        .prop_map(|v| v.into_iter().map(|(x, y)| coord! { x: x, y: y }).collect())
}

fn kernels() -> impl Strategy<Value = Kernel> {
    prop_oneof![Just(Kernel::Quartic), Just(Kernel::Gaussian)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_fine_grid_sums_to_the_point_count(points in interior_points(), h in 20.0..70.0f64, kernel in kernels()) {
        let grid = GridSpec::covering(coord! { x: 0.0, y: 0.0 }, coord! { x: 1000.0, y: 1000.0 }, 4.0).unwrap();
        let weights = vec![1.0; points.len()];
        let surface = kernel_density(&grid, &points, &weights, kernel, h).unwrap();
        let n = points.len() as f64;
        prop_assert!((surface.sum() - n).abs() <= 0.01 * n, "{} vs {n}", surface.sum());
    }

    #[test]
    fn moving_one_point_changes_the_surface_locally(
        points in interior_points(),
        to in (300.0..700.0f64, 300.0..700.0f64),
        h in 20.0..70.0f64,
        kernel in kernels(),
    ) {
        let grid = GridSpec::covering(coord! { x: 0.0, y: 0.0 }, coord! { x: 1000.0, y: 1000.0 }, 10.0).unwrap();
        let weights = vec![1.0; points.len()];
        let before = kernel_density(&grid, &points, &weights, kernel, h).unwrap();
        let mut moved = points.clone();
        let from = moved[0];
        moved[0] = coord! { x: to.0, y: to.1 };
        let after = kernel_density(&grid, &moved, &weights, kernel, h).unwrap();
        let reach = kernel.support(h);
        for r in 0..grid.rows {
            for c in 0..grid.columns {
                let centre = grid.centre(r, c);
                let near = |p: Coord<f64>| (p.x - centre.x).hypot(p.y - centre.y) <= reach;
                if !near(from) && !near(moved[0]) {
                    prop_assert!((before[[r, c]] - after[[r, c]]).abs() < 1e-12, "cell {r},{c} changed");
                }
            }
        }
    }
}
