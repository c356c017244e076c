//! Line of sight through the Brussels buildings of `../shared/data`
//! (58 OpenStreetMap footprints around Place Saint-Jean): the indexed test
//! agrees with a brute-force test against every building edge, for every
//! pair of points on a 5 m grid within 60 m of each other.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use geo::line_intersection::{LineIntersection, line_intersection};
use geo::{BoundingRect, Contains, Relate};
use geo_types::{Coord, Line, LineString, MultiPolygon, Polygon, coord};
use rayon::prelude::*;
use sightline::index::BuildingIndex;

/// The footprints in local metres (an equirectangular approximation
/// around the data: the test compares two visibility tests on the same
/// planar geometry, so the projection's accuracy does not matter).
fn footprints() -> Option<Vec<MultiPolygon<f64>>> {
    let data = sightline_benchmarks::shared_data("Brussels buildings")?;
    let text = std::fs::read_to_string(data.join("buildings/brussels_place_saint_jean.geojson")).unwrap();
    let collection: geojson::FeatureCollection = text.parse().unwrap();
    let (lon0, lat0) = (4.355f64, 50.845f64);
    let metres = |c: Coord<f64>| {
        let k = 6_371_000.0f64.to_radians();
        coord! { x: (c.x - lon0) * k * lat0.to_radians().cos(), y: (c.y - lat0) * k }
    };
    let mut out = Vec::new();
    for feature in collection.features {
        let Some(geometry) = feature.geometry else {
            continue;
        };
        let value = &geometry.value;
        let shapes: Vec<Polygon<f64>> = match value {
            geojson::GeometryValue::Polygon { .. } => vec![Polygon::try_from(value).unwrap()],
            geojson::GeometryValue::MultiPolygon { .. } => MultiPolygon::try_from(value).unwrap().0,
            _ => continue,
        };
        let projected = shapes
            .into_iter()
            .map(|p| {
                let ring = |r: &LineString<f64>| {
                    LineString::from(r.coords().map(|&c| metres(c)).collect::<Vec<_>>())
                };
                Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect())
            })
            .collect();
        out.push(MultiPolygon(projected));
    }
    Some(out)
}

/// Every edge of every building, no index, the same rule: a proper
/// crossing blocks; a touch is decided by whether the interiors meet.
/// Buildings that hold either end strictly inside do not block.
fn blocks_brute_force(
    footprints: &[MultiPolygon<f64>],
    edges: &[(Line<f64>, usize)],
    from: Coord<f64>,
    to: Coord<f64>,
) -> bool {
    if from == to {
        return false;
    }
    let own: Vec<bool> = footprints
        .iter()
        .map(|f| f.contains(&from) || f.contains(&to))
        .collect();
    let sight = Line::new(from, to);
    let (lo, hi) = (
        coord! { x: from.x.min(to.x), y: from.y.min(to.y) },
        coord! { x: from.x.max(to.x), y: from.y.max(to.y) },
    );
    let mut touched = vec![false; footprints.len()];
    for &(edge, b) in edges {
        // Edges whose boxes miss the line's box cannot meet it (a plain
        // comparison, not an index).
        let apart = edge.start.x.max(edge.end.x) < lo.x
            || edge.start.x.min(edge.end.x) > hi.x
            || edge.start.y.max(edge.end.y) < lo.y
            || edge.start.y.min(edge.end.y) > hi.y;
        if apart || own[b] {
            continue;
        }
        match line_intersection(sight, edge) {
            None => {}
            Some(LineIntersection::SinglePoint { is_proper: true, .. }) => return true,
            Some(_) => touched[b] = true,
        }
    }
    let line = LineString::from(vec![from, to]);
    (0..footprints.len()).any(|b| {
        touched[b]
            && line.relate(&footprints[b]).get(
                geo::coordinate_position::CoordPos::Inside,
                geo::coordinate_position::CoordPos::Inside,
            ) != geo::dimensions::Dimensions::Empty
    })
}

#[test]
fn indexed_sight_lines_match_brute_force_on_a_5_m_grid() {
    let Some(footprints) = footprints() else { return };
    assert_eq!(footprints.len(), 58);
    let edges: Vec<(Line<f64>, usize)> = footprints
        .iter()
        .enumerate()
        .flat_map(|(b, f)| {
            f.0.iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|r| r.lines().collect::<Vec<_>>())
                .map(move |l| (l, b))
        })
        .collect();
    let index = BuildingIndex::new(footprints.clone());
    let bounds = MultiPolygon(footprints.iter().flat_map(|f| f.0.clone()).collect())
        .bounding_rect()
        .unwrap();
    let grid: Vec<Coord<f64>> = {
        let mut points = Vec::new();
        let mut y = bounds.min().y;
        while y <= bounds.max().y {
            let mut x = bounds.min().x;
            while x <= bounds.max().x {
                points.push(coord! { x: x, y: y });
                x += 5.0;
            }
            y += 5.0;
        }
        points
    };
    let range = 60.0;
    let (pairs, blocked, mismatches) = grid
        .par_iter()
        .map(|&camera| {
            let mut counts = (0usize, 0usize, Vec::new());
            for &target in &grid {
                if (target.x - camera.x).hypot(target.y - camera.y) > range {
                    continue;
                }
                let indexed = index.blocks(camera, target);
                let brute = blocks_brute_force(&footprints, &edges, camera, target);
                counts.0 += 1;
                counts.1 += usize::from(indexed);
                if indexed != brute {
                    counts.2.push((camera, target, indexed));
                }
            }
            counts
        })
        .reduce(
            || (0, 0, Vec::new()),
            |mut a, b| {
                a.0 += b.0;
                a.1 += b.1;
                a.2.extend(b.2);
                a
            },
        );
    eprintln!(
        "{} grid points, {pairs} sight lines of at most {range} m, {blocked} blocked, {} mismatches",
        grid.len(),
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "first mismatches: {:?}",
        &mismatches[..mismatches.len().min(5)]
    );
    // The scene is dense: a good share of the lines must be blocked, and
    // not all of them.
    assert!(blocked > pairs / 10 && blocked < pairs, "{blocked} of {pairs}");
}
