//! The SVG pictures: well-formed XML, one marker per new camera, a scale
//! bar that tells the truth, escaping, determinism, and bad input refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use roxmltree::{Document, Node};
use sightline_render::geo_types::{Coord, MultiPolygon, coord, polygon};
use sightline_render::{Camera, CurveData, District, Error, MapData, Reach, curve_svg, map_svg};

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("SVG is UTF-8")
}

fn parse(bytes: &[u8]) -> Document<'_> {
    Document::parse(text(bytes)).unwrap_or_else(|error| panic!("not XML: {error}"))
}

fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|node| node.attribute("class") == Some(class))
        .collect()
}

fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: x0, y: y0),
        (x: x0 + side, y: y0),
        (x: x0 + side, y: y0 + side),
        (x: x0, y: y0 + side),
    ]])
}

/// A small town: two districts, a grid of demand cells, cameras.
fn town(new: usize) -> MapData {
    let demand = (0..40)
        .flat_map(|i| {
            (0..30).map(move |j| {
                let at = coord! { x: 25.0 + 50.0 * i as f64, y: 25.0 + 50.0 * j as f64 };
                (at, ((i * 7 + j * 13) % 11) as f64)
            })
        })
        .collect();
    MapData {
        title: "Town".to_string(),
        subtitle: "3 new cameras · coverage 63.1% → 78.4%".to_string(),
        districts: vec![
            District::new("West", square(0.0, 0.0, 1000.0)),
            District::new("East", square(1000.0, 0.0, 1000.0)),
        ],
        demand,
        cell_size_m: Some(50.0),
        existing: (0..5)
            .map(|i| {
                Camera::new(coord! { x: 100.0 + 300.0 * i as f64, y: 700.0 })
                    .reach(Reach::Disc { radius_m: 50.0 })
            })
            .collect(),
        new_cameras: (0..new)
            .map(|i| {
                Camera::new(coord! { x: 150.0 + 90.0 * i as f64, y: 300.0 + 40.0 * (i % 5) as f64 }).reach(
                    Reach::Cone {
                        radius_m: 80.0,
                        heading_deg: 30.0 * i as f64,
                        fov_deg: 90.0,
                    },
                )
            })
            .collect(),
        ..MapData::default()
    }
}

#[test]
fn one_marker_per_new_camera_with_ranks_in_order() {
    for n in [0, 1, 3, 20] {
        let bytes = map_svg(&town(n)).unwrap();
        let doc = parse(&bytes);
        let markers = with_class(&doc, "new-camera");
        assert_eq!(markers.len(), n);
        let mut ranks: Vec<usize> = markers
            .iter()
            .map(|node| node.attribute("data-rank").unwrap().parse().unwrap())
            .collect();
        ranks.sort_unstable();
        assert_eq!(ranks, (1..=n).collect::<Vec<_>>());
        for marker in &markers {
            let number = marker
                .descendants()
                .find(|node| node.has_tag_name("text"))
                .unwrap();
            assert_eq!(number.text(), marker.attribute("data-rank"));
            assert_eq!(
                marker
                    .children()
                    .filter(|node| node.has_tag_name("circle"))
                    .count(),
                1
            );
        }
    }
}

/// The numbers of SVG path data.
fn path_numbers(d: &str) -> Vec<f64> {
    d.split(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == ',')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().unwrap())
        .collect()
}

#[test]
fn scale_bar_label_matches_drawn_length() {
    for side in [2.5, 37.0, 1000.0, 8000.0, 123_456.0] {
        let map = MapData {
            districts: vec![District::new("d", square(500.0, -200.0, side))],
            ..MapData::default()
        };
        let bytes = map_svg(&map).unwrap();
        let doc = parse(&bytes);
        let district = &with_class(&doc, "district")[0];
        let xs: Vec<f64> = path_numbers(district.attribute("d").unwrap())
            .into_iter()
            .step_by(2)
            .collect();
        let span_px = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            - xs.iter().copied().fold(f64::INFINITY, f64::min);
        let px_per_m = span_px / side;

        let bar = &with_class(&doc, "scale-bar-length")[0];
        let bar_px: f64 = bar.attribute("width").unwrap().parse().unwrap();
        let label = with_class(&doc, "scale-bar-label")[0].text().unwrap().to_string();
        let (number, unit) = label.split_once(' ').unwrap();
        let labelled_m = number.parse::<f64>().unwrap() * if unit == "km" { 1000.0 } else { 1.0 };
        assert_eq!(unit, if labelled_m >= 1000.0 { "km" } else { "m" }, "{label}");
        let drawn_m = bar_px / px_per_m;
        assert!(
            (drawn_m - labelled_m).abs() <= 0.01 * labelled_m,
            "side {side}: {label} drawn as {drawn_m} m"
        );
        // 1, 2 or 5 × 10^n, and a sensible length on screen.
        let mantissa = labelled_m / 10f64.powf(labelled_m.log10().floor());
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-6),
            "{label}"
        );
        assert!((60.0..=160.5).contains(&bar_px), "{bar_px}");
        let data_m: f64 = with_class(&doc, "scale-bar")[0]
            .attribute("data-length-m")
            .unwrap()
            .parse()
            .unwrap();
        assert!((data_m - labelled_m).abs() < 1e-9 * labelled_m.max(1.0));
    }
}

#[test]
fn empty_layers_give_a_valid_map() {
    let bytes = map_svg(&MapData::default()).unwrap();
    let doc = parse(&bytes);
    assert!(with_class(&doc, "new-camera").is_empty());
    assert!(with_class(&doc, "district").is_empty());
    assert_eq!(with_class(&doc, "scale-bar").len(), 1);

    // One camera alone, and zero-weight demand only.
    let map = MapData {
        existing: vec![Camera::new(coord! { x: 10.0, y: 10.0 })],
        demand: vec![(coord! { x: 0.0, y: 0.0 }, 0.0)],
        districts: vec![District::new("nothing", MultiPolygon(vec![]))],
        ..MapData::default()
    };
    let bytes = map_svg(&map).unwrap();
    let doc = parse(&bytes);
    assert_eq!(with_class(&doc, "existing-camera").len(), 1);
    assert!(with_class(&doc, "demand cells").is_empty() && with_class(&doc, "demand points").is_empty());
}

#[test]
fn text_is_escaped_and_korean_kept() {
    let title = r#"Plan <draft> & "final" 's"#;
    let map = MapData {
        title: title.to_string(),
        subtitle: "행당1동 · 왕십리 → <b>".to_string(),
        districts: vec![
            District::new("행당1동", square(0.0, 0.0, 1000.0)),
            District::new(r#"A<&">B"#, square(2000.0, 0.0, 1000.0)),
        ],
        new_cameras: vec![Camera::new(coord! { x: 500.0, y: 500.0 })],
        ..MapData::default()
    };
    let bytes = map_svg(&map).unwrap();
    assert!(
        text(&bytes).contains("행당1동"),
        "Hangul is written as is, not as character references"
    );
    let doc = parse(&bytes);
    let root_title = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(root_title.text(), Some(title));
    assert_eq!(with_class(&doc, "title")[0].text(), Some(title));
    assert_eq!(
        with_class(&doc, "subtitle")[0].text(),
        Some("행당1동 · 왕십리 → <b>")
    );
    let names: Vec<&str> = with_class(&doc, "district-name")
        .iter()
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(names, ["행당1동", r#"A<&">B"#]);
    let tooltips: Vec<&str> = with_class(&doc, "district")
        .iter()
        .map(|n| {
            n.children()
                .find(|c| c.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(tooltips, ["행당1동", r#"A<&">B"#]);

    // Control characters, forbidden in XML 1.0, do not break the document.
    let map = MapData {
        title: "bell\u{7}\u{0}".to_string(),
        ..MapData::default()
    };
    parse(&map_svg(&map).unwrap());
}

#[test]
fn same_input_same_bytes() {
    let map = town(12);
    assert_eq!(map_svg(&map).unwrap(), map_svg(&map.clone()).unwrap());
    let curve = sample_curve();
    assert_eq!(curve_svg(&curve).unwrap(), curve_svg(&curve.clone()).unwrap());
}

#[test]
fn large_demand_is_merged() {
    let demand: Vec<(Coord<f64>, f64)> = (0..400)
        .flat_map(|i| {
            (0..250).map(move |j| {
                (
                    coord! { x: 5.0 + 10.0 * i as f64, y: 5.0 + 10.0 * j as f64 },
                    1.0 + ((i + j) % 9) as f64,
                )
            })
        })
        .collect();
    assert_eq!(demand.len(), 100_000);
    let map = MapData {
        demand,
        cell_size_m: Some(10.0),
        ..MapData::default()
    };
    let bytes = map_svg(&map).unwrap();
    assert!(bytes.len() < 1_500_000, "{} bytes", bytes.len());
    let doc = parse(&bytes);
    let squares: usize = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("demand-class-"))
        })
        .map(|n| n.attribute("d").unwrap().matches('M').count())
        .sum();
    assert!(
        (1..=sightline_render::MAX_DEMAND_MARKS).contains(&squares),
        "{squares}"
    );
    let note = with_class(&doc, "merge-note")[0].text().unwrap();
    assert!(note.contains("30 m"), "{note}"); // 400 × 250 cells, 3 × 3 at a time
    // A small layer is drawn as it is.
    let bytes = map_svg(&town(1)).unwrap();
    assert!(with_class(&parse(&bytes), "merge-note").is_empty());
}

#[test]
fn non_finite_map_input_is_an_error() {
    let bad_maps = [
        MapData {
            demand: vec![(coord! { x: f64::NAN, y: 0.0 }, 1.0)],
            ..MapData::default()
        },
        MapData {
            demand: vec![(coord! { x: 0.0, y: 0.0 }, f64::INFINITY)],
            ..MapData::default()
        },
        MapData {
            demand: vec![(coord! { x: 0.0, y: 0.0 }, -1.0)],
            ..MapData::default()
        },
        MapData {
            cell_size_m: Some(f64::NAN),
            ..MapData::default()
        },
        MapData {
            districts: vec![District::new("x", square(0.0, f64::NEG_INFINITY, 1.0))],
            ..MapData::default()
        },
        MapData {
            existing: vec![Camera::new(coord! { x: 0.0, y: f64::NAN })],
            ..MapData::default()
        },
        MapData {
            new_cameras: vec![Camera::new(coord! { x: 0.0, y: 0.0 }).reach(Reach::Disc {
                radius_m: f64::INFINITY,
            })],
            ..MapData::default()
        },
        MapData {
            new_cameras: vec![Camera::new(coord! { x: 0.0, y: 0.0 }).reach(Reach::Cone {
                radius_m: 10.0,
                heading_deg: f64::NAN,
                fov_deg: 90.0,
            })],
            ..MapData::default()
        },
    ];
    // The messages sightline-io gave when it drew the pictures.
    let messages = [
        "demand 0: coordinate (NaN, 0.0) is not finite",
        "demand 0: the weight is inf, not a finite number",
        "demand 0: the weight is -1, expected ≥ 0",
        "the cell size is NaN m, expected a positive number",
        "district 0 (x): coordinate (0.0, -inf) is not finite",
        "existing camera 0: coordinate (0.0, NaN) is not finite",
        "new camera 0: the radius is inf m, expected a positive number",
        "new camera 0: the heading is NaN, not a finite number",
    ];
    assert_eq!(bad_maps.len(), messages.len());
    for (map, message) in bad_maps.iter().zip(messages) {
        match map_svg(map) {
            Err(error) => assert_eq!(error.to_string(), format!("cannot render the output: {message}")),
            other => panic!("{map:?} gave {other:?}"),
        }
    }
}

fn sample_curve() -> CurveData {
    let covered = vec![70.0, 74.0, 76.0, 77.0, 77.5, 77.8];
    let baseline = Some(63.1);
    CurveData {
        title: "Coverage <by k>".to_string(),
        y_label: "Covered demand (%)".to_string(),
        knee: sightline_solve::knee(&covered, baseline, 0.25),
        covered,
        upper_bound: vec![Some(71.0), None, Some(78.0), Some(78.5), None, Some(79.0)],
        baseline,
        knee_share: Some(0.25),
        ..CurveData::default()
    }
}

fn data_ks(doc: &Document<'_>, class: &str) -> Vec<usize> {
    with_class(doc, class)
        .iter()
        .map(|n| n.attribute("data-k").unwrap().parse().unwrap())
        .collect()
}

#[test]
fn curve_has_a_point_per_k_and_bounds_where_given() {
    let curve = sample_curve();
    let bytes = curve_svg(&curve).unwrap();
    let doc = parse(&bytes);
    assert_eq!(data_ks(&doc, "covered-point"), [1, 2, 3, 4, 5, 6]);
    assert_eq!(data_ks(&doc, "upper-bound-point"), [1, 3, 4, 6]);
    // Dashed lines only over runs of known bounds: k = 3..4.
    let bound_lines: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("polyline") && n.parent().unwrap().attribute("class") == Some("upper-bound")
        })
        .collect();
    assert_eq!(bound_lines.len(), 1);
    assert_eq!(bound_lines[0].attribute("points").unwrap().split(' ').count(), 2);
    assert_eq!(with_class(&doc, "baseline").len(), 1);
    // Gains 6.9, 4, 2, 1 (< 25% of 6.9): the knee is after camera 3.
    assert_eq!(curve.knee, Some(3));
    assert_eq!(with_class(&doc, "knee")[0].attribute("data-k"), Some("3"));
    let legend = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>();
    assert!(legend.contains(&"Knee (k = 3)"), "{legend:?}");
    assert!(legend.contains(&"adds < 25% of what"), "{legend:?}");

    // A knee without its share: marked, without the legend's explanation.
    let bare = CurveData {
        knee_share: None,
        ..curve.clone()
    };
    let bytes = curve_svg(&bare).unwrap();
    let bare_doc = parse(&bytes);
    assert_eq!(with_class(&bare_doc, "knee")[0].attribute("data-k"), Some("3"));
    assert!(!text(&bytes).contains("the first one added"));
    assert_eq!(
        doc.root_element()
            .children()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text(),
        Some("Coverage <by k>")
    );

    // Without bounds, baseline or knee.
    let plain = CurveData {
        covered: vec![5.0],
        ..CurveData::default()
    };
    let bytes = curve_svg(&plain).unwrap();
    let doc = parse(&bytes);
    assert_eq!(data_ks(&doc, "covered-point"), [1]);
    assert!(with_class(&doc, "upper-bound").is_empty());
    assert!(with_class(&doc, "baseline").is_empty());
    assert!(with_class(&doc, "knee").is_empty());

    // A long curve: ticks stay few.
    let long = CurveData {
        covered: (1..=500).map(|k| (k as f64).ln()).collect(),
        ..CurveData::default()
    };
    let doc_bytes = curve_svg(&long).unwrap();
    let doc = parse(&doc_bytes);
    assert_eq!(with_class(&doc, "covered-point").len(), 500);
    assert!(with_class(&doc, "x-tick").len() <= 12);
}

#[test]
fn bad_curve_input_is_an_error() {
    let bad = [
        CurveData::default(),
        CurveData {
            covered: vec![1.0, f64::NAN],
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0, 2.0],
            upper_bound: vec![Some(f64::INFINITY), None],
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0, 2.0],
            upper_bound: vec![Some(3.0)],
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0],
            baseline: Some(f64::NEG_INFINITY),
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0],
            knee_share: Some(f64::NAN),
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0],
            knee_share: Some(0.0),
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0],
            knee: Some(0),
            ..CurveData::default()
        },
        CurveData {
            covered: vec![1.0, 2.0],
            knee: Some(3),
            ..CurveData::default()
        },
    ];
    let messages = [
        "the coverage curve has no values",
        "covered at k = 2 is NaN, not a finite number",
        "the upper bound at k = 1 is inf, not a finite number",
        "1 upper bounds for 2 coverage values; expected none or one per k",
        "the baseline is -inf, not a finite number",
        "the knee share is NaN, expected (0, 1]",
        "the knee share is 0, expected (0, 1]",
        "the knee is at k = 0, expected 1 to 1",
        "the knee is at k = 3, expected 1 to 2",
    ];
    assert_eq!(bad.len(), messages.len());
    for (curve, message) in bad.iter().zip(messages) {
        match curve_svg(curve) {
            Err(error) => assert_eq!(error.to_string(), format!("cannot render the output: {message}")),
            other => panic!("{curve:?} gave {other:?}"),
        }
    }
    assert!(matches!(
        curve_svg(&bad[7]),
        Err(Error::KneeOutOfRange { k: 0, cameras: 1 })
    ));
}
