//! View cones, headings, decay and occlusion on random scenes (proptest):
//! a 360° step camera is the disc model; headings that tile the circle see
//! what a disc sees; buildings never add coverage; a camera type more
//! never lowers the optimum; quality levels add up to the best quality.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use geo_types::{Coord, MultiPolygon, coord, polygon};
use proptest::prelude::*;
use sightline_coverage::{CameraType, Circular, Decay, ExistingCamera, Site, ViewModel};
use sightline_index::{BuildingIndex, PointIndex};
use sightline_solve::{Instance, MaxCoverage, Method, SideConstraints};

fn points(max: usize) -> impl Strategy<Value = Vec<Coord<f64>>> {
    proptest::collection::vec((0.0..200.0f64, 0.0..200.0f64), 1..max)
        .prop_map(|v| v.into_iter().map(|(x, y)| coord! { x: x, y: y }).collect())
}

/// Axis-aligned boxes as building footprints.
fn boxes() -> impl Strategy<Value = Vec<MultiPolygon<f64>>> {
    proptest::collection::vec((0.0..190.0f64, 0.0..190.0f64, 2.0..25.0f64, 2.0..25.0f64), 0..8).prop_map(
        |v| {
            v.into_iter()
                .map(|(x, y, w, h)| {
                    MultiPolygon(vec![
                        polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + h), (x: x, y: y + h)],
                    ])
                })
                .collect()
        },
    )
}

fn seen_sets(view: &sightline_coverage::ViewCoverage) -> Vec<Vec<u32>> {
    (0..view.options().len())
        .map(|o| view.seen_by(o).iter().map(|&(d, _)| d).collect())
        .collect()
}

/// The best value of at most `p` options, at most one per site, by
/// exact search with one-per-site conflicts.
fn optimum(view: &sightline_coverage::ViewCoverage, weights: &[f64], p: usize) -> f64 {
    let leveled = view.leveled(10);
    let row_weights: Vec<f64> = leveled
        .rows
        .iter()
        .map(|r| {
            if r.existing > 0 {
                0.0
            } else {
                weights[r.demand as usize] * r.fraction
            }
        })
        .collect();
    let instance = Instance::new(leveled.matrix.clone(), row_weights).unwrap();
    let n = view.options().len();
    let mut rules = SideConstraints::new(n);
    for a in 0..n {
        for b in a + 1..n {
            if view.options()[a].site == view.options()[b].site {
                rules = rules.conflict(a as u32, b as u32).unwrap();
            }
        }
    }
    let report = MaxCoverage::new(p.min(n))
        .method(Method::Exact)
        .constraints(rules)
        .solve(&instance)
        .unwrap();
    assert!(report.proven_optimal);
    report.solution.objective()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_full_circle_step_camera_is_the_disc(demand in points(60), sites in points(8), range in 10.0..80.0f64) {
        let index = PointIndex::new(&demand);
        let dome = CameraType::new("dome", range, 360.0).unwrap();
        let view = ViewModel::new(vec![dome]).unwrap().build(
            &index,
            &sites.iter().map(|&s| Site::new(s)).collect::<Vec<_>>(),
            &[],
            None,
        );
        let disc = Circular::new(range).unwrap().build(&demand, &sites, &[]);
        let rows: Vec<Vec<u32>> = disc.matrix().rows().map(<[u32]>::to_vec).collect();
        prop_assert_eq!(seen_sets(&view), rows);
    }

    #[test]
    fn headings_that_tile_the_circle_see_the_disc(demand in points(60), site in points(2), headings in 1u32..9) {
        // n headings with a 360/n° view each: together, the whole disc.
        let index = PointIndex::new(&demand);
        let fixed = CameraType::new("fixed", 60.0, 360.0 / f64::from(headings)).unwrap().headings(headings).unwrap();
        let view = ViewModel::new(vec![fixed]).unwrap().build(&index, &[Site::new(site[0])], &[], None);
        let mut union: Vec<u32> = seen_sets(&view).concat();
        union.sort_unstable();
        union.dedup();
        let mut disc: Vec<u32> = index.within(site[0], 60.0).collect();
        disc.sort_unstable();
        prop_assert_eq!(union, disc);
    }

    #[test]
    fn buildings_never_add_coverage(demand in points(50), sites in points(6), buildings in boxes()) {
        let index = PointIndex::new(&demand);
        let fixed = CameraType::new("fixed", 70.0, 90.0).unwrap().headings(4).unwrap();
        let model = ViewModel::new(vec![fixed]).unwrap();
        let sites: Vec<Site> = sites.iter().map(|&s| Site::new(s)).collect();
        let open = seen_sets(&model.build(&index, &sites, &[], None));
        let blocked = seen_sets(&model.build(&index, &sites, &[], Some(&BuildingIndex::new(buildings))));
        for (with, without) in blocked.iter().zip(&open) {
            prop_assert!(with.iter().all(|d| without.binary_search(d).is_ok()));
        }
    }

    #[test]
    fn another_camera_type_never_lowers_the_optimum(
        demand in points(30),
        sites in points(5),
        p in 1usize..4,
    ) {
        let index = PointIndex::new(&demand);
        let weights: Vec<f64> = (0..demand.len()).map(|d| 1.0 + (d % 3) as f64).collect();
        let fixed = CameraType::new("fixed", 60.0, 90.0).unwrap().headings(4).unwrap();
        let dome = CameraType::new("dome", 35.0, 360.0)
            .unwrap()
            .decay(Decay::Linear { full_m: 15.0 })
            .unwrap();
        let sites: Vec<Site> = sites.iter().map(|&s| Site::new(s)).collect();
        let one = ViewModel::new(vec![fixed.clone()]).unwrap().build(&index, &sites, &[], None);
        let two = ViewModel::new(vec![fixed, dome]).unwrap().build(&index, &sites, &[], None);
        let (a, b) = (optimum(&one, &weights, p), optimum(&two, &weights, p));
        prop_assert!(b >= a - 1e-9, "{b} < {a}");
    }

    #[test]
    fn quality_levels_add_up_to_the_best_quality(
        demand in points(40),
        sites in points(6),
        existing in points(3),
        chosen_mask in 0u32..(1 << 12),
    ) {
        let index = PointIndex::new(&demand);
        let dome = CameraType::new("dome", 60.0, 360.0).unwrap().decay(Decay::Linear { full_m: 10.0 }).unwrap();
        let fixed = CameraType::new("fixed", 80.0, 120.0)
            .unwrap()
            .headings(3)
            .unwrap()
            .decay(Decay::Logistic { midpoint_m: 40.0, width_m: 8.0 })
            .unwrap();
        let sites: Vec<Site> = sites.iter().map(|&s| Site::new(s)).collect();
        let existing: Vec<ExistingCamera> = existing
            .iter()
            .map(|&e| ExistingCamera::disc(e, 40.0).facing(90.0, 180.0))
            .collect();
        let view = ViewModel::new(vec![dome, fixed]).unwrap().build(&index, &sites, &existing, None);
        let levels = 10;
        let leveled = view.leveled(levels);
        let chosen: Vec<u32> = (0..view.options().len() as u32).filter(|o| o < &12 && chosen_mask & (1 << o) != 0).collect();
        // Directly: the best quantised quality among the chosen options and
        // the existing cameras, minus what the existing cameras had.
        let quantise = |q: f64| (q * f64::from(levels) + 1e-9).floor() / f64::from(levels);
        let before = view.existing_quality();
        let mut direct = 0.0;
        for (d, &had) in before.iter().enumerate() {
            let best = chosen
                .iter()
                .flat_map(|&o| view.seen_by(o as usize).iter().filter(move |(dd, _)| *dd as usize == d))
                .map(|&(_, q)| quantise(q))
                .fold(quantise(had), f64::max);
            direct += best - quantise(had);
        }
        // Through the rows: the rows not covered already that a chosen
        // option covers.
        let mut covered = vec![false; leveled.rows.len()];
        for &o in &chosen {
            for &r in leveled.matrix.row(o as usize) {
                covered[r as usize] = true;
            }
        }
        let through_rows: f64 = leveled
            .rows
            .iter()
            .zip(&covered)
            .filter(|(r, c)| **c && r.existing == 0)
            .map(|(r, _)| r.fraction)
            .sum();
        prop_assert!((direct - through_rows).abs() < 1e-9, "direct {direct} vs rows {through_rows}");
    }
}
