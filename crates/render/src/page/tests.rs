//! Unit tests of `report.html`: bytes, escaping, errors, merging, size.

use geo_types::{Coord, MultiPolygon, coord, polygon};

use super::*;

/// A small plan: two districts, demand cells, an existing camera, three
/// new ones, blind spots, records and a period.
pub(crate) fn sample() -> PageData {
    let square = |x0: f64, name: &str| PageDistrict {
        name: name.to_string(),
        shape: MultiPolygon(vec![
            polygon![(x: x0, y: 0.0), (x: x0 + 500.0, y: 0.0), (x: x0 + 500.0, y: 500.0), (x: x0, y: 500.0)],
        ]),
        demand_points: 25,
        demand: 100.0,
        covered_before: 20.0,
        covered_after: 61.5,
        cameras_added: 2,
    };
    let demand: Vec<(Coord<f64>, f64)> = (0..100)
        .map(|i| {
            (
                coord! { x: 50.0 + (i % 10) as f64 * 100.0, y: 25.0 + (i / 10) as f64 * 50.0 },
                (i % 7) as f64,
            )
        })
        .collect();
    let camera = |rank: usize, x: f64| PageCamera {
        at: coord! { x: x, y: 250.0 },
        rank,
        site_id: format!("S{rank}"),
        label: Some(format!("pole {rank}")),
        district: Some("West".to_string()),
        gain: 1234.5678 / rank as f64,
        camera_type: Some("dome".to_string()),
        heading_deg: (rank == 2).then_some(90.0),
        reach: Some(polygon![(x: x - 30.0, y: 220.0), (x: x + 30.0, y: 220.0), (x: x, y: 280.0)]),
    };
    PageData {
        title: "Test town".to_string(),
        subtitle: "3 new cameras".to_string(),
        figures: vec![("New cameras".to_string(), "3".to_string())],
        districts: vec![square(0.0, "West"), square(500.0, "East")],
        demand: demand.clone(),
        cell_size_m: Some(50.0),
        demand_label: "Demand per cell".to_string(),
        existing: vec![PageCamera {
            at: coord! { x: 700.0, y: 100.0 },
            ..PageCamera::default()
        }],
        new_cameras: vec![camera(1, 120.0), camera(2, 380.0), camera(3, 760.0)],
        blind_spots: vec![
            (coord! { x: 900.0, y: 400.0 }, 2.0),
            (coord! { x: 950.0, y: 450.0 }, 5.0),
        ],
        records: vec![
            (coord! { x: 300.0, y: 300.0 }, Some(0)),
            (coord! { x: 310.0, y: 310.0 }, None),
        ],
        record_categories: vec!["noise".to_string()],
        periods: vec![PagePeriod {
            name: "night".to_string(),
            hours: "22-06".to_string(),
            weight: 2.0,
            demand: 50.0,
            covered_before: 10.0,
            covered_after: 30.0,
            weights: demand.iter().map(|d| d.1 / 2.0).collect(),
        }],
        curve: (0..=3)
            .map(|k| PageCurvePoint {
                cameras: k,
                covered_pct: 20.0 + 10.0 * k as f64,
                bound_pct: 25.0 + 10.0 * k as f64,
            })
            .collect(),
        ..PageData::default()
    }
}

fn html(page: &PageData) -> String {
    String::from_utf8(report_html(page).unwrap()).unwrap()
}

/// The JSON between the data script's tags.
fn data_of(html: &str) -> &str {
    let start = html.find(r#"id="sightline-data">"#).unwrap() + r#"id="sightline-data">"#.len();
    &html[start..start + html[start..].find("</script>").unwrap()]
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let page = sample();
    assert_eq!(report_html(&page).unwrap(), report_html(&page).unwrap());
    assert_eq!(report_html(&page).unwrap(), report_html(&page.clone()).unwrap());
}

#[test]
fn the_page_is_one_offline_file() {
    let text = html(&sample());
    assert!(text.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(text.contains(r#"<meta charset="utf-8">"#));
    assert!(text.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#));
    assert!(text.contains("<title>Test town</title>"));
    assert!(text.contains("window.__slErrors"));
    assert!(!text.contains("url(images/"), "Leaflet's images would be fetched");
    assert!(!text.contains("sourceMappingURL"));
    assert!(!text.contains("http://") || !text.contains("src=\"http"));
    assert_eq!(text.matches("<script").count(), 4);
    assert!(text.contains("L.CRS.Simple"));
    // The data is embedded once.
    assert_eq!(text.matches("\"site\":\"S2\"").count(), 1);
    for script in [PAGE_JS, PLACE_JS, PANEL_JS] {
        assert!(!script.contains("</script"));
        assert!(!script.contains("innerHTML"));
        assert!(!script.contains("toLocaleString"));
    }
    // Nothing is logged but the test hook's result, and that only when
    // the hook's `log` step asks for it.
    assert!(!PAGE_JS.contains("console.") && !PLACE_JS.contains("console."));
    let logs: Vec<&str> = PANEL_JS
        .lines()
        .filter(|line| line.contains("console.") && !line.trim_start().starts_with("//"))
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert!(
        logs[0].contains("indexOf('log') >= 0) console.log("),
        "{}",
        logs[0]
    );
    assert!(!PAGE_CSS.contains("</style"));
    let ko = html(&PageData {
        lang: Lang::Ko,
        ..sample()
    });
    assert!(ko.starts_with("<!doctype html>\n<html lang=\"ko\">"));
    assert!(ko.contains("\"blind\":\"사각지대\""));
}

#[test]
fn names_cannot_break_out_of_the_data() {
    let mut page = sample();
    page.districts[0].name = "</script><img src=x onerror=alert(1)>".to_string();
    page.title = "<b>& title</b>".to_string();
    page.record_categories = vec!["<i>noise</i>".to_string()];
    let text = html(&page);
    assert_eq!(
        text.matches("</script>").count(),
        4,
        "only the page's own scripts close"
    );
    assert!(!text.contains("<img src=x"));
    assert!(text.contains(r"\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e"));
    assert!(text.contains("<title>&lt;b&gt;&amp; title&lt;/b&gt;</title>"));
    assert!(data_of(&text).contains(r"\u003ci\u003enoise\u003c/i\u003e"));
}

#[test]
fn non_finite_numbers_are_errors_naming_the_item() {
    let mut page = sample();
    page.new_cameras[1].gain = f64::NAN;
    let err = report_html(&page).unwrap_err();
    assert!(
        matches!(&err, Error::NotFinite { what, .. } if what == "new camera 1: the gain"),
        "{err}"
    );

    let mut page = sample();
    page.districts[1].shape.0[0].exterior_mut(|ring| ring.0[2].x = f64::INFINITY);
    let err = report_html(&page).unwrap_err();
    assert!(
        matches!(&err, Error::NotFiniteCoordinate { what, .. } if what == "district 1 (East)"),
        "{err}"
    );

    let mut page = sample();
    page.blind_spots[1].0.y = f64::NAN;
    let err = report_html(&page).unwrap_err();
    assert!(
        matches!(&err, Error::NotFiniteCoordinate { what, .. } if what == "blind spot 1"),
        "{err}"
    );

    let mut page = sample();
    page.periods[0].weights[3] = f64::INFINITY;
    let err = report_html(&page).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot render the output: period `night`: demand 3's weight is inf, not a finite number"
    );

    let mut page = sample();
    page.new_cameras[0].reach = Some(polygon![(x: 0.0, y: 0.0), (x: f64::NAN, y: 1.0), (x: 1.0, y: 1.0)]);
    let err = report_html(&page).unwrap_err();
    assert!(
        matches!(&err, Error::NotFiniteCoordinate { what, .. } if what == "new camera 0: its reach"),
        "{err}"
    );

    let mut page = sample();
    page.demand[5].1 = -1.0;
    assert!(matches!(
        report_html(&page),
        Err(Error::NegativeWeight { index: 5, .. })
    ));
    let mut page = sample();
    page.cell_size_m = Some(0.0);
    assert!(matches!(report_html(&page), Err(Error::BadCellSize { .. })));
    let mut page = sample();
    page.curve[2].bound_pct = f64::NAN;
    assert!(report_html(&page).is_err());
}

#[test]
fn demand_above_the_cap_is_merged_and_the_legend_says_so() {
    let small = html(&sample());
    assert!(data_of(&small).contains("\"merged\":false"));
    let n = MAX_PAGE_DEMAND_MARKS + 1;
    let page = PageData {
        demand: (0..n)
            .map(|i| {
                (
                    coord! { x: (i % 400) as f64 * 5.0, y: (i / 400) as f64 * 5.0 },
                    1.0,
                )
            })
            .collect(),
        ..PageData::default()
    };
    let text = html(&page);
    let data = data_of(&text);
    assert!(data.contains("\"merged\":true"));
    let codes_at = data.find("\"codes\":\"").unwrap() + 9;
    let codes = &data[codes_at..codes_at + data[codes_at..].find('"').unwrap()];
    assert!(
        codes.len() <= MAX_PAGE_DEMAND_MARKS && codes.len() > 1000,
        "{}",
        codes.len()
    );
}

#[test]
fn a_large_city_stays_small() {
    // 200,000 demand points, 100,000 blind spots, 3,000 existing and 500
    // new cameras with 48-vertex reach discs, in a 20 km city.
    let disc = |at: Coord<f64>, r: f64| {
        geo_types::Polygon::new(
            (0..=48)
                .map(|i| {
                    let a = f64::from(i) * std::f64::consts::TAU / 48.0;
                    coord! { x: at.x + r * a.cos(), y: at.y + r * a.sin() }
                })
                .collect(),
            vec![],
        )
    };
    let spot = |i: usize, salt: usize| {
        let h = (i * 2_654_435_761 + salt) % 1_000_003;
        coord! { x: 200_000.0 + (h % 1000) as f64 * 20.0 + (i % 7) as f64, y: 450_000.0 + (h / 1000) as f64 * 20.0 }
    };
    let camera = |i: usize, rank: usize| PageCamera {
        at: spot(i, 7),
        rank,
        site_id: format!("site-{i}"),
        gain: i as f64 * 0.37,
        reach: Some(disc(spot(i, 7), 60.0)),
        ..PageCamera::default()
    };
    let page = PageData {
        demand: (0..200_000)
            .map(|i| (spot(i, 1), (i % 13) as f64 * 0.5))
            .collect(),
        blind_spots: (0..100_000).map(|i| (spot(i, 3), (i % 5) as f64)).collect(),
        existing: (0..3000).map(|i| camera(i, 0)).collect(),
        new_cameras: (1..=500).map(|i| camera(i + 5000, i)).collect(),
        ..PageData::default()
    };
    let bytes = report_html(&page).unwrap();
    assert!(bytes.len() < 30_000_000, "{} bytes", bytes.len());
    assert!(bytes.len() > 1_000_000);
}
