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

/// The boxes of every placed name, badge and caption on a map, in px.
fn placed_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
    let document = roxmltree::Document::parse(svg).unwrap();
    let mut boxes = Vec::new();
    for node in document.descendants() {
        match node.attribute("class") {
            // The legend's sample badge stands outside the map.
            Some("badge") if node.parent().and_then(|p| p.attribute("class")) == Some("new-camera") => {
                let (x, y, r) = (number(node, "cx"), number(node, "cy"), number(node, "r"));
                boxes.push((format!("badge at {x},{y}"), [x - r, y - r, x + r, y + r]));
            }
            Some("district-name") => {
                let (x, y, size) = (number(node, "x"), number(node, "y"), number(node, "font-size"));
                let half = text_width(node.text().unwrap(), size) / 2.0;
                boxes.push((
                    format!("name {}", node.text().unwrap()),
                    [x - half, y - 0.85 * size, x + half, y + 0.3 * size],
                ));
            }
            _ => {}
        }
    }
    boxes
}

#[test]
fn a_hundred_cameras_leave_every_label_clear() {
    let city = SyntheticCity::generate(CitySize::Medium);
    let plan = plan(
        &city.scenario,
        &PlanRequest::new(120, Circular::new(100.0).unwrap()),
    )
    .unwrap();
    assert_eq!(plan.chosen.len(), 120);
    let svg = output::map_svg(&plan, &city.scenario, None, "Medium city").unwrap();
    let svg = String::from_utf8(svg).unwrap();
    let boxes = placed_boxes(&svg);
    let badges = boxes.iter().filter(|(what, _)| what.starts_with("badge")).count();
    assert!(badges > 60, "{badges} badges placed");
    // 0.2 px of slack: coordinates are written to 0.1 px.
    let overlap = |a: &[f64; 4], b: &[f64; 4]| {
        a[0] + 0.2 < b[2] && b[0] + 0.2 < a[2] && a[1] + 0.2 < b[3] && b[1] + 0.2 < a[3]
    };
    for (i, (what_a, a)) in boxes.iter().enumerate() {
        for (what_b, b) in &boxes[..i] {
            assert!(!overlap(a, b), "{what_a} {a:?} overlaps {what_b} {b:?}");
        }
    }
    let document = roxmltree::Document::parse(&svg).unwrap();
    let cameras: Vec<_> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("new-camera"))
        .collect();
    assert_eq!(cameras.len(), 120, "every camera is on the map");
    let omitted = cameras
        .iter()
        .filter(|n| n.attribute("data-omitted").is_some())
        .count();
    assert_eq!(omitted + badges, 120);
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
