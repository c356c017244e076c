//! The map at city scale: with a hundred new cameras nothing placed on
//! `map.svg` overlaps (names, badges, captions), and one district sheet is
//! written per district with new cameras, and none for the others.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use geo::Intersects;
use sightline::io::Plane;
use sightline::output::{self, OutputKind, ReportContext};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

/// About how wide text is: Hangul a full em, the rest 0.62 em (the
/// renderer's own estimate).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if ('가'..='힣').contains(&c) { 1.0 } else { 0.62 })
        .sum::<f64>()
        * size
}

fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).unwrap().parse().unwrap()
}

/// A placed label on a map: what it is, its box in px, and for a badge
/// the rank of its camera.
struct Placed {
    what: String,
    rank: Option<String>,
    bounds: [f64; 4],
}

/// A leader line: the rank of its camera and its ends, px.
struct Leader {
    rank: String,
    ends: [(f64, f64); 2],
}

/// The boxes of every placed name and badge on a map, and its leader
/// lines.
fn placed_labels(svg: &str) -> (Vec<Placed>, Vec<Leader>) {
    let document = roxmltree::Document::parse(svg).unwrap();
    let mut boxes = Vec::new();
    let mut leaders = Vec::new();
    for node in document.descendants() {
        let parent = node
            .parent()
            .filter(|p| p.attribute("class") == Some("new-camera"));
        let rank = parent.and_then(|p| p.attribute("data-rank")).map(str::to_owned);
        match node.attribute("class") {
            // The legend's sample badge stands outside the map.
            Some("badge") if rank.is_some() => {
                let (x, y, r) = (number(node, "cx"), number(node, "cy"), number(node, "r"));
                boxes.push(Placed {
                    what: format!("badge at {x},{y}"),
                    rank,
                    bounds: [x - r, y - r, x + r, y + r],
                });
            }
            Some("district-name") => {
                let (x, y, size) = (number(node, "x"), number(node, "y"), number(node, "font-size"));
                let half = text_width(node.text().unwrap(), size) / 2.0;
                boxes.push(Placed {
                    what: format!("name {}", node.text().unwrap()),
                    rank: None,
                    bounds: [x - half, y - 0.85 * size, x + half, y + 0.3 * size],
                });
            }
            Some("leader") => leaders.push(Leader {
                rank: rank.unwrap(),
                ends: [
                    (number(node, "x1"), number(node, "y1")),
                    (number(node, "x2"), number(node, "y2")),
                ],
            }),
            _ => {}
        }
    }
    (boxes, leaders)
}

/// True when the segment passes through the box shrunk by `slack` px.
fn crosses(ends: &[(f64, f64); 2], b: &[f64; 4], slack: f64) -> bool {
    let b = [b[0] + slack, b[1] + slack, b[2] - slack, b[3] - slack];
    let [(x0, y0), (x1, y1)] = *ends;
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (delta, lo, hi, at) in [(x1 - x0, b[0], b[2], x0), (y1 - y0, b[1], b[3], y0)] {
        if delta == 0.0 {
            if at <= lo || at >= hi {
                return false;
            }
            continue;
        }
        let (a, c) = ((lo - at) / delta, (hi - at) / delta);
        t0 = t0.max(a.min(c));
        t1 = t1.min(a.max(c));
    }
    t0 < t1
}

/// True when two segments cross (at a point strictly inside both).
fn segments_cross(s: &[(f64, f64); 2], t: &[(f64, f64); 2]) -> bool {
    let orient =
        |a: (f64, f64), b: (f64, f64), c: (f64, f64)| (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
    let (d1, d2) = (orient(t[0], t[1], s[0]), orient(t[0], t[1], s[1]));
    let (d3, d4) = (orient(s[0], s[1], t[0]), orient(s[0], s[1], t[1]));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// No two placed boxes overlap; no leader line crosses a name, a badge
/// other than its own, or another leader line. Coordinates are written
/// to 0.1 px, hence a little slack.
fn assert_readable(svg: &str) {
    let (boxes, leaders) = placed_labels(svg);
    let overlap = |a: &[f64; 4], b: &[f64; 4]| {
        a[0] + 0.2 < b[2] && b[0] + 0.2 < a[2] && a[1] + 0.2 < b[3] && b[1] + 0.2 < a[3]
    };
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[..i] {
            assert!(
                !overlap(&a.bounds, &b.bounds),
                "{} {:?} overlaps {} {:?}",
                a.what,
                a.bounds,
                b.what,
                b.bounds
            );
        }
    }
    for (i, leader) in leaders.iter().enumerate() {
        for placed in boxes.iter().filter(|b| b.rank.as_ref() != Some(&leader.rank)) {
            assert!(
                !crosses(&leader.ends, &placed.bounds, 0.2),
                "the leader of rank {} crosses {}",
                leader.rank,
                placed.what
            );
        }
        for other in &leaders[..i] {
            assert!(
                !segments_cross(&leader.ends, &other.ends),
                "the leaders of ranks {} and {} cross",
                leader.rank,
                other.rank
            );
        }
    }
}

#[test]
fn a_hundred_and_sixty_cameras_leave_every_label_clear() {
    let city = SyntheticCity::generate(CitySize::Medium);
    let plan = plan(
        &city.scenario,
        &PlanRequest::new(160, Circular::new(100.0).unwrap()),
    )
    .unwrap();
    assert_eq!(plan.chosen.len(), 160);
    let svg = output::map_svg(&plan, &city.scenario, None, "Medium city").unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert_readable(&svg);
    let (boxes, leaders) = placed_labels(&svg);
    let badges = boxes.iter().filter(|b| b.rank.is_some()).count();
    assert!(badges > 60, "{badges} badges placed");
    assert!(!leaders.is_empty());
    let names = boxes.iter().filter(|b| b.what.starts_with("name")).count();
    assert_eq!(names, city.scenario.districts().len(), "every district is named");
    let document = roxmltree::Document::parse(&svg).unwrap();
    let cameras: Vec<_> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("new-camera"))
        .collect();
    assert_eq!(cameras.len(), 160, "every camera is on the map");
    let omitted = cameras
        .iter()
        .filter(|n| n.attribute("data-omitted").is_some())
        .count();
    assert_eq!(omitted + badges, 160);
    if omitted > 0 {
        assert!(svg.contains(&format!("{omitted} labels omitted")) || omitted == 1);
    }
}

#[test]
fn one_sheet_per_district_with_cameras() {
    let city = SyntheticCity::generate(CitySize::Small);
    // Few cameras, so that some districts get none.
    let plan = plan(
        &city.scenario,
        &PlanRequest::new(2, Circular::new(100.0).unwrap()),
    )
    .unwrap();
    let plane = Plane::local(city.origin_lonlat).unwrap();
    let files = output::all_files(&plan, &city.scenario, &plane, &ReportContext::new("Two"), None).unwrap();
    let sheets: Vec<&str> = files
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| OutputKind::DistrictMaps.matches(name))
        .collect();
    let expected: Vec<String> = city
        .scenario
        .districts()
        .iter()
        .filter(|d| {
            plan.chosen
                .iter()
                .any(|s| d.boundary.intersects(&geo_types::Point(s.location)))
        })
        .map(|d| format!("map_{}.svg", d.name.replace(' ', "_")))
        .collect();
    assert!(!expected.is_empty() && expected.len() < city.scenario.districts().len());
    assert_eq!(sheets, expected);
    let report = files.iter().find(|(name, _)| name == "report.md").unwrap();
    let report = std::str::from_utf8(&report.1).unwrap();
    for sheet in &sheets {
        assert!(report.contains(&format!("[{sheet}]({sheet})")), "{report}");
        let svg = &files.iter().find(|(name, _)| name == sheet).unwrap().1;
        let text = std::str::from_utf8(svg).unwrap();
        assert!(text.contains(r#"class="focus-outline""#));
    }
    // The same input, the same bytes.
    let again = output::all_files(&plan, &city.scenario, &plane, &ReportContext::new("Two"), None).unwrap();
    assert_eq!(files, again);
}

/// The reviewer's case: Goyang's 39 dong, 50 new cameras among the
/// security lights, the existing cameras of Deogyang. Every dong is named
/// and no leader line crosses a name, a badge or another line. With
/// `SIGHTLINE_MAP_PNG` set to a file name, the map is also drawn there
/// (with the system's fonts) for a person to look at.
#[test]
fn goyang_map_names_every_dong() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang map labels") else {
        return;
    };
    let goyang = data.join("goyang");
    let loaded = Inputs::new(
        goyang.join("goyang_security_lights.geojson"),
        goyang.join("goyang_security_lights_2021_cp949.csv"),
    )
    .existing(goyang.join("deogyang_cctv.geojson"))
    .districts(goyang.join("goyang_dong_2018.geojson"))
    .district_name("name")
    .load()
    .unwrap();
    assert_eq!(loaded.scenario.districts().len(), 39);
    let plan = plan(
        &loaded.scenario,
        &PlanRequest::new(50, Circular::new(300.0).unwrap()),
    )
    .unwrap();
    let context = ReportContext::new("고양시 신규 CCTV").lang(output::Lang::Ko);
    let svg = output::map_svg_with(&plan, &loaded.scenario, None, &context).unwrap();
    let text = String::from_utf8(svg.clone()).unwrap();
    if let Some(png) = std::env::var_os("SIGHTLINE_MAP_PNG") {
        use resvg::usvg;
        let mut options = usvg::Options::default();
        options.fontdb_mut().load_system_fonts();
        let tree = usvg::Tree::from_str(&text, &options).unwrap();
        let size = tree.size().to_int_size();
        let scale = 2.0;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(
            (size.width() as f32 * scale) as u32,
            (size.height() as f32 * scale) as u32,
        )
        .unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.save_png(png).unwrap();
    }
    assert_readable(&text);
    let (boxes, leaders) = placed_labels(&text);
    let names = boxes.iter().filter(|b| b.what.starts_with("name")).count();
    assert_eq!(names, 39, "every dong is named");
    assert!(!text.contains("names-omitted-note"));
    let badges = boxes.iter().filter(|b| b.rank.is_some()).count();
    // The reviewer found 3 left off (and lines across names).
    assert!(
        badges >= 48,
        "{badges} of 50 badges placed, {} leaders",
        leaders.len()
    );
    // The same input, the same bytes.
    assert_eq!(
        svg,
        output::map_svg_with(&plan, &loaded.scenario, None, &context).unwrap()
    );
}
