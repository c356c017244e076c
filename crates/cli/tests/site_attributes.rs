//! A plan names each pole as its owner does: the candidate sites' own
//! attributes in plan.geojson and scores.geojson, and a label
//! (`--site-label`) in the report, the maps and the tables.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::{collection, path_str, point, read_json, run_ok, write};

/// Demand near two poles, planar metres; the poles carry a name, an
/// address and a `rank` of their own (a name Sightline writes too).
fn write_layers(dir: &Path) -> (String, String) {
    let demand = write(
        dir,
        "demand.geojson",
        collection(&[
            point(200_000.0, 500_000.0, r#""w":2"#),
            point(201_000.0, 500_000.0, r#""w":3"#),
            // Out of every pole's reach: a blind spot 100 m from P-3.
            point(209_000.0, 500_100.0, r#""w":1"#),
        ]),
    );
    let sites = write(
        dir,
        "poles.geojson",
        collection(&[
            point(
                200_010.0,
                500_000.0,
                r#""id":"P-1","이름":"주엽로 12 앞","주소":"고양시 일산서구 주엽동 1","rank":"A","height_m":8"#,
            ),
            point(201_010.0, 500_000.0, r#""id":"P-2","이름":"중앙로 3","rank":"B""#),
            point(209_000.0, 500_000.0, r#""id":"P-3","rank":"C""#),
        ]),
    );
    (demand, sites)
}

fn features_by_id(path: &Path) -> Vec<(String, serde_json::Value)> {
    read_json(path)["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["properties"]["site_id"].as_str().unwrap().to_owned(),
                f["properties"].clone(),
            )
        })
        .collect()
}

#[test]
fn plans_and_scores_carry_the_sites_attributes_and_label() {
    let dir = tempfile::tempdir().unwrap();
    let (demand, sites) = write_layers(dir.path());
    let out = dir.path().join("out");
    let common = [
        "--demand",
        &demand,
        "--demand-weight",
        "w",
        "--sites",
        &sites,
        "--site-id",
        "id",
        "--site-label",
        "이름",
        "--crs",
        "EPSG:5186",
        "--radius",
        "50",
    ];
    let mut args = vec!["plan"];
    args.extend(common);
    args.extend(["--cameras", "2", "--out", path_str(&out)]);
    run_ok(&args);
    let plan = features_by_id(&out.join("plan.geojson"));
    assert_eq!(plan.len(), 2);
    let (_, first) = plan.iter().find(|(id, _)| id == "P-2").unwrap();
    assert_eq!(first["rank"], 1);
    assert_eq!(first["label"], "중앙로 3");
    assert_eq!(first["이름"], "중앙로 3");
    // The site's own `rank` is kept under another name.
    assert_eq!(first["input_rank"], "B");
    let (_, second) = plan.iter().find(|(id, _)| id == "P-1").unwrap();
    assert_eq!(second["주소"], "고양시 일산서구 주엽동 1");
    assert_eq!(second["height_m"], 8);
    let blind = read_json(&out.join("blindspots.geojson"));
    let blind = &blind["features"].as_array().unwrap()[0]["properties"];
    assert_eq!(blind["nearest_site_id"], "P-3");
    assert_eq!(blind["nearest_site_m"], 100.0);
    assert!(blind.get("nearest_site_label").is_none());
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("| 1 | P-2 | 중앙로 3 |"), "{report}");
    assert!(report.contains("| 2 | P-1 | 주엽로 12 앞 |"), "{report}");

    let scored = dir.path().join("scored");
    let mut args = vec!["score"];
    args.extend(common);
    args.extend(["--out", path_str(&scored)]);
    run_ok(&args);
    let scores = features_by_id(&scored.join("scores.geojson"));
    assert_eq!(scores.len(), 3);
    let (_, unnamed) = scores.iter().find(|(id, _)| id == "P-3").unwrap();
    assert!(unnamed.get("label").is_none());
    // scores.geojson writes no `rank` of its own: the site's keeps its name.
    assert_eq!(unnamed["rank"], "C");
    let csv = std::fs::read_to_string(scored.join("scores.csv")).unwrap();
    assert!(csv.starts_with("site_id,label,x,y,"), "{csv}");
    assert!(csv.contains("P-1,주엽로 12 앞,"), "{csv}");
}

/// The issue's check on the Goyang files: the security-light CSV (CP949)
/// as sites labelled by 보안등위치명, in Korean. Every chosen pole is
/// named in plan.geojson, report.md and a district sheet, with its
/// managing office from the CSV.
#[test]
fn goyang_poles_are_named_in_the_plan_the_report_and_the_maps() {
    let Some(data) = sightline_benchmarks::shared_data("Goyang site labels") else {
        return;
    };
    let goyang = data.join("goyang");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_ok(&[
        "plan",
        "--demand",
        path_str(&goyang.join("goyang_security_lights.geojson")),
        "--sites",
        path_str(&goyang.join("goyang_security_lights_2021_cp949.csv")),
        "--site-label",
        "보안등위치명",
        "--existing",
        path_str(&goyang.join("deogyang_cctv.geojson")),
        "--districts",
        path_str(&goyang.join("goyang_dong_2018.geojson")),
        "--district-name",
        "name",
        "--radius",
        "50",
        "--cameras",
        "20",
        "--lang",
        "ko",
        "--out",
        path_str(&out),
    ]);
    let plan = features_by_id(&out.join("plan.geojson"));
    assert_eq!(plan.len(), 20);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("## 신규 CCTV"), "{report}");
    // The inputs table names the layers' roles in Korean too.
    assert!(
        report.contains("| 수요 | ") && report.contains("| 설치 후보지 | "),
        "{report}"
    );
    // Counts grouped as Korean readers expect, in the table and the note;
    // row numbers as a spreadsheet shows them.
    assert!(
        report.contains("| 12,108 | 5,734 | lonlat | 좌표를 쓸 수 없는 6,374행 제외 (전체 12,108행; 빈 값: 6,374; 처음 행: 5, 6, 7,"),
        "{report}"
    );
    // The new cameras' table keeps its district column: districts were given.
    assert!(report.contains("| 행정구역 | 새로 감시하는 수요 |"), "{report}");
    let sheets: String = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().unwrap().to_str().unwrap().starts_with("map_"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    for (id, properties) in &plan {
        let label = properties["label"]
            .as_str()
            .unwrap_or_else(|| panic!("site {id} has no label"));
        assert_eq!(properties["보안등위치명"].as_str(), Some(label));
        assert!(
            properties["관리기관명"].as_str().unwrap().contains("고양시"),
            "{properties}"
        );
        assert!(
            report.contains(&format!("| {id} | {label} |")),
            "{id} {label} not in report.md"
        );
        let escaped = label
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(sheets.contains(&escaped), "{label} is on no district sheet");
    }
}

/// Blind spots are named as the input numbers them: a CSV demand row as
/// a spreadsheet shows it (header = row 1), a GeoJSON feature's index,
/// and the file, with several demand layers.
#[test]
fn blind_spots_name_their_row_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let calls = write(
        dir.path(),
        "calls.csv",
        "x,y,w\n200000,500000,1\n230000,500000,5\n",
    );
    let bells = write(
        dir.path(),
        "bells.geojson",
        collection(&[
            point(240_000.0, 500_000.0, r#""w":1"#),
            point(200_000.0, 500_010.0, r#""w":1"#),
        ]),
    );
    let sites = write(
        dir.path(),
        "poles.geojson",
        collection(&[point(200_005.0, 500_000.0, r#""id":"P-1""#)]),
    );
    let out = dir.path().join("out");
    run_ok(&[
        "plan",
        "--demand",
        &calls,
        "--demand",
        &bells,
        "--demand-weight",
        "w",
        "--sites",
        &sites,
        "--site-id",
        "id",
        "--crs",
        "EPSG:5186",
        "--radius",
        "50",
        "--cameras",
        "1",
        "--out",
        path_str(&out),
    ]);
    let blind = read_json(&out.join("blindspots.geojson"));
    let spots: Vec<(i64, String)> = blind["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["demand"].as_i64().unwrap(),
                p["demand_file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The CSV's second data row (spreadsheet row 3, weight 5) first, then
    // the bells' feature 0.
    assert_eq!(
        spots,
        [(3, "calls.csv".to_owned()), (0, "bells.geojson".to_owned())]
    );
}
