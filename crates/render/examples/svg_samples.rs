//! Writes sample pictures from synthetic data, to look at:
//! `cargo run -p sightline-render --example svg_samples -- OUT_DIR`.
//!
//! A 6 × 4 km town of six districts, about 10,000 demand cells of 50 m,
//! 50 existing cameras and 20 new ones; a 100,000-cell variant (merged on
//! output); and a coverage curve for 20 cameras.

use std::path::PathBuf;

use sightline_render::geo_types::{Coord, LineString, MultiPolygon, Polygon, coord};
use sightline_render::{Camera, CurveData, District, MapData, Reach, curve_svg, map_svg};
use sightline_solve::knee;

/// A small deterministic generator (no dependency needed for samples).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The x of the wavy border `i` (0..=3) at height y.
fn border_x(i: usize, y: f64) -> f64 {
    let base = 2000.0 * i as f64;
    if i == 0 || i == 3 {
        base
    } else {
        base + 180.0 * (y / 450.0 + i as f64).sin()
    }
}

fn districts() -> Vec<District> {
    let names = [
        "행당1동",
        "행당2동",
        "Wangsimni <&> \"Doseon\"",
        "마장동",
        "사근동",
        "성수1가1동",
    ];
    let mut out = Vec::new();
    for row in 0..2 {
        for col in 0..3 {
            let (y0, y1) = (2000.0 * row as f64, 2000.0 * (row + 1) as f64);
            let steps = 20;
            let mut ring: Vec<Coord<f64>> = Vec::new();
            for s in 0..=steps {
                let y = y0 + (y1 - y0) * s as f64 / steps as f64;
                ring.push(coord! { x: border_x(col + 1, y), y: y });
            }
            for s in (0..=steps).rev() {
                let y = y0 + (y1 - y0) * s as f64 / steps as f64;
                ring.push(coord! { x: border_x(col, y), y: y });
            }
            let mut polygons = Vec::new();
            let mut interiors = Vec::new();
            if row == 0 && col == 1 {
                // A park with a hole in the district.
                interiors.push(LineString::from(vec![
                    (2700.0, 700.0),
                    (3300.0, 700.0),
                    (3300.0, 1200.0),
                    (2700.0, 1200.0),
                    (2700.0, 700.0),
                ]));
            }
            polygons.push(Polygon::new(LineString(ring), interiors));
            if row == 1 && col == 2 {
                // An island belonging to the district, beyond the edge.
                polygons.push(Polygon::new(
                    LineString::from(vec![
                        (6200.0, 3000.0),
                        (6500.0, 3100.0),
                        (6400.0, 3500.0),
                        (6200.0, 3000.0),
                    ]),
                    vec![],
                ));
            }
            out.push(District::new(names[row * 3 + col], MultiPolygon(polygons)));
        }
    }
    out
}

fn demand(cell: f64, random: &mut Lcg) -> Vec<(Coord<f64>, f64)> {
    let hotspots = [
        (1200.0, 2900.0, 500.0, 30.0),
        (3500.0, 1800.0, 700.0, 22.0),
        (5200.0, 600.0, 400.0, 40.0),
    ];
    let mut out = Vec::new();
    let (nx, ny) = ((6000.0 / cell) as usize, (4000.0 / cell) as usize);
    for j in 0..ny {
        for i in 0..nx {
            let at = coord! { x: (i as f64 + 0.5) * cell, y: (j as f64 + 0.5) * cell };
            let mut weight: f64 = hotspots
                .iter()
                .map(|&(x, y, s, w)| w * (-((at.x - x).powi(2) + (at.y - y).powi(2)) / (2.0 * s * s)).exp())
                .sum();
            weight += 3.0 * random.next();
            if random.next() < 0.15 {
                weight = 0.0;
            }
            out.push((at, (weight * 10.0).round() / 10.0));
        }
    }
    out
}

fn main() {
    let out_dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_string()));
    let mut random = Lcg(7);
    let existing: Vec<Camera> = (0..50)
        .map(|_| {
            Camera::new(coord! { x: 200.0 + 5600.0 * random.next(), y: 200.0 + 3600.0 * random.next() })
                .reach(Reach::Disc { radius_m: 50.0 })
        })
        .collect();
    let new_cameras: Vec<Camera> = (0..20)
        .map(|i| {
            let at = coord! { x: 300.0 + 5400.0 * random.next(), y: 300.0 + 3400.0 * random.next() };
            let camera = Camera::new(at);
            if i % 3 == 0 {
                camera.reach(Reach::Cone {
                    radius_m: 120.0,
                    heading_deg: 360.0 * random.next(),
                    fov_deg: 90.0,
                })
            } else {
                camera.reach(Reach::Disc { radius_m: 80.0 })
            }
        })
        .collect();
    let map = MapData {
        title: "Seongdong-gu: 20 new cameras".to_string(),
        subtitle: "20 new cameras · coverage 63.1% → 78.4%".to_string(),
        districts: districts(),
        demand: demand(50.0, &mut random),
        cell_size_m: Some(50.0),
        demand_label: "Incidents per cell".to_string(),
        existing: existing.clone(),
        new_cameras: new_cameras.clone(),
        lang: Default::default(),
        focus: None,
    };
    let big = MapData {
        title: "100,000 cells of 15 m, merged".to_string(),
        demand: demand(15.0, &mut random),
        cell_size_m: Some(15.0),
        ..map.clone()
    };
    let points = MapData {
        title: "Demand as points, no districts".to_string(),
        subtitle: String::new(),
        districts: vec![],
        demand: demand(100.0, &mut random),
        cell_size_m: None,
        existing: existing.iter().map(|c| Camera::new(c.at)).collect(),
        new_cameras: new_cameras.iter().map(|c| Camera::new(c.at)).collect(),
        ..map.clone()
    };
    let tall = MapData {
        title: "A long corridor along the river, with a title long enough that it has to shrink to fit the canvas".to_string(),
        subtitle: "3 new cameras · coverage 12.0% → 31.5%".to_string(),
        districts: vec![District::new(
            "한강 corridor",
            MultiPolygon(vec![Polygon::new(
                LineString::from(vec![(0.0, 0.0), (400.0, 0.0), (600.0, 5000.0), (200.0, 5000.0), (0.0, 0.0)]),
                vec![],
            )]),
        )],
        demand: vec![],
        existing: vec![Camera::new(coord! { x: 200.0, y: 1000.0 }).reach(Reach::Disc { radius_m: 50.0 })],
        new_cameras: [(200.0, 500.0), (300.0, 2500.0), (450.0, 4500.0)]
            .iter()
            .map(|&(x, y)| Camera::new(coord! { x: x, y: y }).reach(Reach::Cone { radius_m: 300.0, heading_deg: 20.0, fov_deg: 200.0 }))
            .collect(),
        ..map.clone()
    };
    let long_covered: Vec<f64> = (1..=100).map(|k| 12_000.0 * (k as f64).sqrt()).collect();
    let long_curve = CurveData {
        title: "100 cameras, no baseline".to_string(),
        y_label: "Covered weight".to_string(),
        knee: knee(&long_covered, None, 0.1),
        covered: long_covered,
        knee_share: Some(0.1),
        ..CurveData::default()
    };
    let covered: Vec<f64> = (1..=20)
        .map(|k| 63.1 + 15.3 * (1.0 - (-(k as f64) / 5.0).exp()))
        .collect();
    let curve = CurveData {
        title: "Coverage by number of new cameras".to_string(),
        subtitle: "Seongdong-gu, greedy plan with upper bounds".to_string(),
        y_label: "Covered demand (%)".to_string(),
        upper_bound: (1..=20)
            .map(|k| (k % 7 != 3).then(|| covered[k - 1] + 1.5 + 0.05 * k as f64))
            .collect(),
        knee: knee(&covered, Some(63.1), 0.25),
        covered,
        baseline: Some(63.1),
        knee_share: Some(0.25),
        lang: Default::default(),
    };
    for (name, bytes) in [
        ("map.svg", map_svg(&map)),
        ("map_big.svg", map_svg(&big)),
        ("map_points.svg", map_svg(&points)),
        ("curve.svg", curve_svg(&curve)),
        ("map_tall.svg", map_svg(&tall)),
        ("curve_long.svg", curve_svg(&long_curve)),
    ] {
        let bytes = bytes.expect("sample data are valid");
        let path = out_dir.join(name);
        std::fs::write(&path, &bytes).expect("the output directory is writable");
        println!("{}: {} bytes", path.display(), bytes.len());
    }
}
