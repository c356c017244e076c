//! `report.html` in a real browser: headless Chromium opens the page from
//! a file URL with its test hook (`?test=...`) and the page reports what
//! it did. Skipped (with a message) when no Chromium is found, unless
//! `SIGHTLINE_REQUIRE_BROWSER=1`. Pages and screenshots are kept in
//! `target/artefacts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;
use sightline_render::geo_types::{Coord, MultiPolygon, Polygon, coord, polygon};
use sightline_render::{Lang, PageCamera, PageCurvePoint, PageData, PageDistrict, PagePeriod, report_html};

/// One browser at a time: the machine is small.
static BROWSER: Mutex<()> = Mutex::new(());

/// A small plan in plane metres: two districts, demand cells, an existing
/// camera, three new ones, blind spots, records and a period.
fn sample() -> PageData {
    let square = |x0: f64, name: &str, after: f64| PageDistrict {
        name: name.to_string(),
        shape: MultiPolygon(vec![
            polygon![(x: x0, y: 0.0), (x: x0 + 500.0, y: 0.0), (x: x0 + 500.0, y: 500.0), (x: x0, y: 500.0)],
        ]),
        demand_points: 50,
        demand: 1250.0,
        covered_before: 250.0,
        covered_after: after,
        cameras_added: if x0 == 0.0 { 2 } else { 1 },
    };
    let demand: Vec<(Coord<f64>, f64)> = (0..200)
        .map(|i| {
            (
                coord! { x: 25.0 + (i % 20) as f64 * 50.0, y: 25.0 + (i / 20) as f64 * 50.0 },
                ((i * 7) % 11) as f64,
            )
        })
        .collect();
    let camera = |rank: usize, x: f64, y: f64, district: &str| PageCamera {
        at: coord! { x: x, y: y },
        rank,
        site_id: format!("S{}", 40 + rank),
        label: Some(format!("pole {rank}")),
        district: Some(district.to_string()),
        gain: 1234.5678 / rank as f64,
        camera_type: Some("dome".to_string()),
        heading_deg: (rank == 2).then_some(90.0),
        reach: Some(disc(coord! { x: x, y: y }, 60.0)),
    };
    PageData {
        title: "Test town".to_string(),
        subtitle: "3 new cameras, coverage 20% → 52%".to_string(),
        figures: vec![
            ("New cameras".to_string(), "3".to_string()),
            ("Covered before".to_string(), "20.0%".to_string()),
            ("Covered after".to_string(), "52.0%".to_string()),
        ],
        districts: vec![square(0.0, "West", 768.75), square(500.0, "East", 612.5)],
        demand: demand.clone(),
        cell_size_m: Some(50.0),
        demand_label: "Complaints per cell".to_string(),
        existing: vec![PageCamera {
            at: coord! { x: 700.0, y: 100.0 },
            reach: Some(disc(coord! { x: 700.0, y: 100.0 }, 50.0)),
            ..PageCamera::default()
        }],
        new_cameras: vec![
            camera(1, 120.0, 150.0, "West"),
            camera(2, 380.0, 330.0, "West"),
            camera(3, 760.0, 400.0, "East"),
        ],
        blind_spots: vec![
            (coord! { x: 900.0, y: 400.0 }, 2.0),
            (coord! { x: 950.0, y: 450.0 }, 5.0),
        ],
        records: vec![
            (coord! { x: 300.0, y: 300.0 }, Some(0)),
            (coord! { x: 310.0, y: 310.0 }, Some(1)),
            (coord! { x: 320.0, y: 200.0 }, None),
        ],
        record_categories: vec!["noise".to_string(), "theft".to_string()],
        periods: vec![PagePeriod {
            name: "night".to_string(),
            hours: "22-06".to_string(),
            weight: 2.0,
            demand: 600.0,
            covered_before: 100.0,
            covered_after: 330.0,
            weights: demand.iter().map(|d| d.1 / 2.0).collect(),
        }],
        curve: (0..=3)
            .map(|k| PageCurvePoint {
                cameras: k,
                covered_pct: 20.0 + 11.0 * k as f64,
                bound_pct: 20.0 + 13.5 * k as f64,
            })
            .collect(),
        outside: Some(PageDistrict {
            name: String::new(),
            shape: MultiPolygon(vec![]),
            demand_points: 3,
            demand: 7.5,
            covered_before: 0.0,
            covered_after: 2.5,
            cameras_added: 0,
        }),
        ..PageData::default()
    }
}

fn disc(at: Coord<f64>, r: f64) -> Polygon<f64> {
    Polygon::new(
        (0..=32)
            .map(|i| {
                let a = f64::from(i) * std::f64::consts::TAU / 32.0;
                coord! { x: at.x + r * a.cos(), y: at.y + r * a.sin() }
            })
            .collect(),
        vec![],
    )
}

fn write_page(page: &PageData, name: &str) -> PathBuf {
    let path = common::artefacts().join(name);
    std::fs::write(&path, report_html(page).unwrap()).unwrap();
    path
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("not a string: {value}"))
}

/// The page reported no script error and the browser logged no console
/// message.
fn assert_clean(run: &common::Run) {
    assert_eq!(run.result["errors"], Value::Array(vec![]), "{}", run.result);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
}

fn open(browser: &Path, page: &Path, actions: &str) -> common::Run {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    common::run_test_hook(browser, page, actions)
}

#[test]
fn a_camera_and_a_district_show_their_figures() {
    let Some(browser) = common::chromium() else { return };
    let page = write_page(&sample(), "report-sample.html");
    let run = open(&browser, &page, "click:2,district:1,toggle:demand,zoom:4");
    assert_clean(&run);
    let r = &run.result;
    assert_eq!(r["new_cameras"], 3);
    let popup = text(&r["popup"]);
    let lines: Vec<&str> = popup.lines().collect();
    assert_eq!(
        lines,
        [
            "New camera 2",
            "Rank: 2",
            "Site: S42",
            "Label: pole 2",
            "District: West",
            "Gain: 617.28",
            "Camera type: dome",
            "Heading: 90°"
        ],
        "{popup}"
    );
    let district = text(&r["district_popup"]);
    assert_eq!(
        district.lines().collect::<Vec<_>>(),
        [
            "East",
            "Demand: 1,250",
            "Demand points: 50",
            "Covered before: 20.0% (250)",
            "Covered after: 49.0% (612.5)",
            "Cameras added: 1"
        ],
        "{district}"
    );
    assert_eq!(
        r["district_click"], "dom",
        "the click reached the district's outline"
    );
    assert_eq!(r["toggle"]["layer"], "demand");
    assert_eq!(r["toggle"]["visible_before"], true);
    assert_eq!(r["toggle"]["visible_after"], false);
    assert_eq!(r["zoom_ms"].as_array().map(Vec::len), Some(4));
    // The district table: both districts, then what lies outside them.
    let rows = r["district_rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0][0], "West");
    assert_eq!(
        rows[2],
        serde_json::json!(["(outside every district)", "3", "7.5", "0.0%", "33.3%", "0"])
    );
    assert!(r["load_ms"].as_f64().is_some_and(|ms| ms > 0.0));
}

#[test]
fn a_hidden_layer_shows_and_a_camera_without_heading_has_no_heading_row() {
    let Some(browser) = common::chromium() else { return };
    let page = write_page(&sample(), "report-sample-toggle.html");
    let run = open(&browser, &page, "click:3,toggle:blind");
    assert_clean(&run);
    let popup = text(&run.result["popup"]);
    assert!(
        popup.contains("Site: S43") && popup.contains("District: East"),
        "{popup}"
    );
    assert!(!popup.contains("Heading"), "{popup}");
    assert_eq!(run.result["toggle"]["visible_before"], false);
    assert_eq!(run.result["toggle"]["visible_after"], true);
}

#[test]
fn korean_labels_and_a_hostile_name_stay_text() {
    let Some(browser) = common::chromium() else { return };
    let mut data = sample();
    data.lang = Lang::Ko;
    data.districts[1].name = "<img src=x onerror=alert(1)>".to_string();
    data.record_categories[0] = "<b>소음</b>".to_string();
    let page = write_page(&data, "report-hostile-ko.html");
    let run = open(&browser, &page, "click:1,district:1,toggle:records-0");
    assert_clean(&run);
    let district = text(&run.result["district_popup"]);
    assert!(
        district.starts_with("<img src=x onerror=alert(1)>\n"),
        "{district}"
    );
    assert!(district.contains("추가 CCTV: 1"), "{district}");
    let popup = text(&run.result["popup"]);
    assert!(popup.starts_with("신규 CCTV 1\n순위: 1\n후보지: S41"), "{popup}");
    assert!(popup.contains("추가 감시 수요: 1,234.57"), "{popup}");
    assert_eq!(run.result["toggle"]["visible_after"], true);
}

#[test]
fn a_lonlat_page_with_an_unreachable_basemap_loads() {
    let Some(browser) = common::chromium() else { return };
    let mut data = sample();
    // About 1 km around Goyang city hall, in degrees.
    let to_lonlat = |c: Coord<f64>| coord! { x: 126.832 + c.x / 88_000.0, y: 37.658 + c.y / 110_900.0 };
    use geo::MapCoords;
    for d in &mut data.districts {
        d.shape = d.shape.map_coords(to_lonlat);
    }
    for c in data.new_cameras.iter_mut().chain(&mut data.existing) {
        c.at = to_lonlat(c.at);
        c.reach = c.reach.as_ref().map(|r| r.map_coords(to_lonlat));
    }
    for d in &mut data.demand {
        d.0 = to_lonlat(d.0);
    }
    for b in &mut data.blind_spots {
        b.0 = to_lonlat(b.0);
    }
    for r in &mut data.records {
        r.0 = to_lonlat(r.0);
    }
    data.lonlat = true;
    // Tiles from a folder that does not exist: every tile fails to load.
    let folder = common::file_url(&common::artefacts(), "");
    data.basemap = Some(format!("{folder}/no-such-tiles/{{z}}/{{x}}/{{y}}.png"));
    let page = write_page(&data, "report-lonlat.html");
    let run = open(&browser, &page, "click:1,district:0,zoom:2");
    assert_eq!(run.result["errors"], Value::Array(vec![]), "{}", run.result);
    // Missing tiles may be logged as failed loads, nothing else.
    for line in &run.console {
        assert!(
            line.contains("ERR_FILE_NOT_FOUND") || line.contains("Failed to load"),
            "{line}"
        );
    }
    assert_eq!(run.result["new_cameras"], 3);
    assert!(text(&run.result["popup"]).contains("Site: S41"));
    assert!(text(&run.result["district_popup"]).starts_with("West\n"));
}

#[test]
fn a_screenshot_of_the_sample_page() {
    let Some(browser) = common::chromium() else { return };
    let page = write_page(&sample(), "report-sample-shot.html");
    for (name, width, height) in [
        ("report-sample.png", 1280, 900),
        ("report-sample-phone.png", 375, 812),
    ] {
        let png = common::artefacts().join(name);
        {
            let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
            common::screenshot(&browser, &page, &png, width, height);
        }
        let bytes = std::fs::read(&png).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{name} is a PNG");
        assert!(
            bytes.len() > 20_000,
            "{name}: {} bytes is too plain to be the page",
            bytes.len()
        );
        println!("screenshot: {}", png.display());
    }
}

/// A client box `[left, top, right, bottom]` from the test hook.
fn client_box(value: &Value) -> [f64; 4] {
    let v: Vec<f64> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    [v[0], v[1], v[2], v[3]]
}

/// Whether two boxes overlap by more than half a pixel each way.
fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] + 0.5 < b[2] && b[0] + 0.5 < a[2] && a[1] + 0.5 < b[3] && b[1] + 0.5 < a[3]
}

#[test]
fn crowded_badges_move_aside_and_cover_neither_each_other_nor_a_name() {
    let Some(browser) = common::chromium() else { return };
    // Twelve cameras within 40 m of each other, on the West district's
    // name: at the first view they are a few pixels apart.
    let mut data = sample();
    data.new_cameras = (1..=12)
        .map(|rank| PageCamera {
            at: coord! { x: 230.0 + (rank % 4) as f64 * 12.0, y: 230.0 + (rank / 4) as f64 * 12.0 },
            rank,
            site_id: format!("S{rank}"),
            ..PageCamera::default()
        })
        .collect();
    let page = write_page(&data, "report-crowded.html");
    let run = open(&browser, &page, "layout,click:12");
    assert_clean(&run);
    assert!(text(&run.result["popup"]).contains("Site: S12"));
    let badges = run.result["badges"].as_array().unwrap();
    assert_eq!(badges.len(), 12);
    let ranks: Vec<u64> = badges.iter().map(|b| b["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, (1..=12).collect::<Vec<u64>>());
    let shown: Vec<[f64; 4]> = badges
        .iter()
        .filter(|b| b["small"] == false)
        .map(|b| client_box(&b["box"]))
        .collect();
    assert_eq!(shown.len(), 12, "every number has room nearby: {badges:?}");
    assert!(
        badges.iter().filter(|b| b["moved"] == true).count() >= 10,
        "{badges:?}"
    );
    let names: Vec<[f64; 4]> = run.result["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(client_box)
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    for (i, a) in shown.iter().enumerate() {
        assert!(a[2] - a[0] >= 20.0, "a badge, not a dot: {a:?}");
        for b in &shown[..i] {
            assert!(!overlap(*a, *b), "badges {a:?} and {b:?} overlap");
        }
        for name in &names {
            assert!(!overlap(*a, *name), "badge {a:?} covers the name at {name:?}");
        }
    }
}

/// A large synthetic city made from a seeded formula: 200,000 demand
/// points, 100,000 blind spots, 3,000 existing and 500 new cameras with
/// reach discs, 20,000 records, 60 districts.
fn large_city() -> PageData {
    let spot = |i: usize, salt: usize| {
        let h = (i.wrapping_mul(2_654_435_761).wrapping_add(salt * 97_531)) % 1_000_003;
        coord! { x: 200_000.0 + (h % 1000) as f64 * 20.0 + (i % 7) as f64, y: 450_000.0 + (h / 1000) as f64 * 20.0 }
    };
    let camera = |i: usize, rank: usize| PageCamera {
        at: spot(i, 7),
        rank,
        site_id: format!("site-{i}"),
        district: Some(format!("District {}", i % 60)),
        gain: (i % 1000) as f64 * 0.37 + 1.0,
        reach: Some(disc(spot(i, 7), 80.0)),
        ..PageCamera::default()
    };
    let districts = (0..60)
        .map(|d| {
            let (x, y) = (200_000.0 + (d % 10) as f64 * 2000.0, 450_000.0 + (d / 10) as f64 * 2000.0 * 10.0 / 6.0);
            PageDistrict {
                name: format!("District {d}"),
                shape: MultiPolygon(vec![polygon![(x: x, y: y), (x: x + 2000.0, y: y), (x: x + 2000.0, y: y + 3333.3), (x: x, y: y + 3333.3)]]),
                demand_points: 3000,
                demand: 1000.0 + d as f64,
                covered_before: 300.0,
                covered_after: 500.0,
                cameras_added: 8,
            }
        })
        .collect();
    PageData {
        title: "Large synthetic city".to_string(),
        districts,
        demand: (0..200_000)
            .map(|i| (spot(i, 1), (i % 13) as f64 * 0.5))
            .collect(),
        blind_spots: (0..100_000).map(|i| (spot(i, 3), (i % 5) as f64 + 1.0)).collect(),
        existing: (0..3000).map(|i| camera(i, 0)).collect(),
        new_cameras: (1..=500).map(|i| camera(i * 13 + 5000, i)).collect(),
        records: (0..20_000).map(|i| (spot(i, 11), Some(i % 3))).collect(),
        record_categories: vec!["noise".to_string(), "theft".to_string(), "traffic".to_string()],
        curve: (0..=500)
            .map(|k| PageCurvePoint {
                cameras: k,
                covered_pct: 30.0 + 40.0 * (k as f64 / 500.0).sqrt(),
                bound_pct: 31.0 + 42.0 * (k as f64 / 500.0).sqrt(),
            })
            .collect(),
        ..PageData::default()
    }
}

#[test]
fn a_large_city_stays_small_and_loads() {
    let data = large_city();
    let bytes = report_html(&data).unwrap();
    println!("large city: report.html is {} bytes", bytes.len());
    assert!(bytes.len() < 30_000_000, "{} bytes", bytes.len());
    let Some(browser) = common::chromium() else { return };
    let page = common::artefacts().join("report-large.html");
    std::fs::write(&page, &bytes).unwrap();
    let run = open(&browser, &page, "click:250,toggle:blind,zoom:6");
    assert_clean(&run);
    assert_eq!(run.result["new_cameras"], 500);
    assert!(text(&run.result["popup"]).contains(&format!("Site: site-{}", 250 * 13 + 5000)));
    assert_eq!(run.result["toggle"]["visible_after"], true);
    println!(
        "large city: load_ms {} zoom_ms {}",
        run.result["load_ms"], run.result["zoom_ms"]
    );
    {
        let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
        common::screenshot(
            &browser,
            &page,
            &common::artefacts().join("report-large.png"),
            1280,
            900,
        );
    }
}
