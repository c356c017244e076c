//! Complaint records as demand, through the study API, on the synthetic
//! export the repository ships (`examples/data/records`): the Excel and
//! the CP949 CSV export give the same plan; the plan's coverage
//! recomputed from `records.geojson` and `plan.geojson` is
//! `summary.json`'s; the counts add up; no record's text, name or phone
//! number reaches any output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sightline::output::OutputFile;
use sightline::study::{
    AddressTable, CategorySource, DemandMode, DiscCamera, Layer, Objective, Outputs, RecordsSpec, Role,
    Study, StudyOutcome, run,
};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/records")
}

const RADIUS_M: f64 = 60.0;

/// The sample study: the records in `file`, the poles as sites and
/// address table, the three dong.
fn study(file: &str) -> Study {
    let data = data();
    let mut study = Study::default();
    let mut records = Layer::new(Role::Records, data.join(file));
    records.text = Some(vec!["제목".to_owned(), "내용".to_owned()]);
    records.time = Some("접수일시".to_owned());
    records.address = Some("주소".to_owned());
    let mut poles = Layer::new(Role::Sites, data.join("poles.csv"));
    poles.label = Some("보안등위치명".to_owned());
    let mut dong = Layer::new(Role::Districts, data.join("dong.geojson"));
    dong.name = Some("name".to_owned());
    study.layers = vec![records, poles, dong];
    let mut spec = RecordsSpec::default();
    spec.categories = Some(CategorySource::Default);
    spec.half_life_days = Some(365.0);
    spec.geocode_with = vec![AddressTable::new(data.join("poles.csv"))];
    study.records = Some(spec);
    study.camera = Some(DiscCamera::new(RADIUS_M));
    let mut objective = Objective::default();
    objective.cameras = Some(8);
    study.objective = Some(objective);
    study.outputs = Some(Outputs::new("unused"));
    study
}

fn outcome(study: &Study) -> StudyOutcome {
    run(&study.validate().expect("a valid study"), "test").expect("the study runs")
}

fn file<'a>(files: &'a [OutputFile], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} among the outputs"))
        .1
}

fn json(files: &[OutputFile], name: &str) -> Value {
    serde_json::from_slice(file(files, name)).expect("valid JSON")
}

#[test]
fn the_excel_and_the_cp949_csv_export_give_the_same_plan() {
    let excel = outcome(&study("complaints.xlsx"));
    let csv = outcome(&study("complaints.csv"));
    let ids = |o: &StudyOutcome| o.plan.chosen.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&excel), ids(&csv));
    assert!(!ids(&excel).is_empty());
    assert_eq!(excel.plan.objective, csv.plan.objective);
    assert_eq!(excel.plan.total_weight, csv.plan.total_weight);
    let records = |o: &StudyOutcome| json(&o.files, "summary.json")["records"].clone();
    assert_eq!(records(&excel), records(&csv));
    assert_eq!(
        file(&excel.files, "records.geojson"),
        file(&csv.files, "records.geojson")
    );
    assert_eq!(
        file(&excel.files, "records_not_located.csv"),
        file(&csv.files, "records_not_located.csv")
    );
}

/// Great-circle distance in metres (mean Earth radius): far closer than
/// the 0.5 m band the test leaves at the camera's range.
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// A GeoJSON feature's point and properties.
type Feature<'a> = ((f64, f64), &'a serde_json::Map<String, Value>);

fn points(value: &Value) -> Vec<Feature<'_>> {
    value["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            let point = (c[0].as_f64().expect("x"), c[1].as_f64().expect("y"));
            (point, f["properties"].as_object().expect("properties"))
        })
        .collect()
}

#[test]
fn the_coverage_recomputed_from_the_output_files_is_the_summarys() {
    let outcome = outcome(&study("complaints.xlsx"));
    let records_file = json(&outcome.files, "records.geojson");
    let plan_file = json(&outcome.files, "plan.geojson");
    let summary = json(&outcome.files, "summary.json");
    let records = points(&records_file);
    let cameras: Vec<(f64, f64)> = points(&plan_file).into_iter().map(|(p, _)| p).collect();
    assert_eq!(cameras.len(), 8);
    let mut total = 0.0;
    let mut covered = 0.0;
    for (point, properties) in &records {
        let weight = properties["weight"].as_f64().expect("weight");
        assert!(weight > 0.0, "records.geojson holds only demand");
        total += weight;
        let nearest = cameras
            .iter()
            .map(|c| metres(*c, *point))
            .fold(f64::INFINITY, f64::min);
        assert!(
            (nearest - RADIUS_M).abs() > 0.5,
            "a record {nearest} m from a camera is too close to call"
        );
        if nearest <= RADIUS_M {
            covered += weight;
        }
    }
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(
        close(total, summary["total_weight"].as_f64().expect("total")),
        "{total} vs {summary}"
    );
    assert!(
        close(covered, summary["objective"].as_f64().expect("objective")),
        "{covered} vs {summary}"
    );
    assert_eq!(
        records.len() as u64,
        summary["records"]["used"].as_u64().expect("used")
    );
}

#[test]
fn every_record_is_counted_once() {
    let outcome = outcome(&study("complaints.csv"));
    let r = &json(&outcome.files, "summary.json")["records"];
    let n = |key: &str| r[key].as_u64().unwrap_or_else(|| panic!("{key} in {r}"));
    assert_eq!(n("read"), 300);
    let inside = n("located_by_coordinates") + n("located_by_address") + n("not_located");
    assert_eq!(n("read"), n("skipped") + n("outside_dates") + inside);
    let by_category: u64 = r["by_category"]
        .as_object()
        .expect("by_category")
        .values()
        .map(|c| c["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(
        by_category + r["unmatched"]["count"].as_u64().expect("unmatched"),
        inside
    );
    assert!(n("located_by_address") > 50, "{r}");
    assert!(n("located_by_coordinates") > 50, "{r}");
    // The sample's made-up numbers on 새빛로 beyond its end, its blank
    // addresses and its mountain lot shared by poles far apart.
    let reasons = &r["not_located_by_reason"];
    assert!(reasons["no match"].as_u64().unwrap_or(0) > 0, "{r}");
    assert!(reasons["no address"].as_u64().unwrap_or(0) > 0, "{r}");
    assert!(reasons["ambiguous"].as_u64().unwrap_or(0) > 0, "{r}");
    let not_located = std::str::from_utf8(file(&outcome.files, "records_not_located.csv")).expect("UTF-8");
    assert_eq!(not_located.lines().count() as u64, 1 + n("not_located"));
    assert!(not_located.starts_with("row,address,reason\n"));
}

#[test]
fn no_text_name_or_phone_number_of_a_record_reaches_an_output() {
    let outcome = outcome(&study("complaints.xlsx"));
    // The CSV export holds the same rows; read it as text.
    let bytes = std::fs::read(data().join("complaints.csv")).expect("the sample");
    let (text, _, _) = encoding_rs::EUC_KR.decode(&bytes);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name).expect("column");
    let (title, body, name, phone) = (column("제목"), column("내용"), column("민원인"), column("연락처"));
    let mut secrets: Vec<String> = Vec::new();
    for row in reader.records() {
        let row = row.expect("row");
        secrets.extend([&row[title], &row[body], &row[name], &row[phone]].map(str::to_owned));
        // A phone number written inside the text.
        if let Some(at) = row[body].find("010-") {
            secrets.push(row[body][at..at + 13].to_owned());
        }
    }
    secrets.sort();
    secrets.dedup();
    assert!(secrets.len() > 300);
    for (name, bytes) in &outcome.files {
        let text = String::from_utf8_lossy(bytes);
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{name} holds `{secret}`");
        }
    }
    let report = String::from_utf8_lossy(file(&outcome.files, "report.md")).into_owned();
    assert!(report.contains("## Complaints"), "{report}");
}

#[test]
fn a_date_window_keeps_the_records_inside_it() {
    let mut windowed = study("complaints.csv");
    let spec = windowed.records.as_mut().expect("records");
    spec.from = Some("2025-01-01".to_owned());
    spec.to = Some("2025.06.30".to_owned());
    let outcome = outcome(&windowed);
    let r = &json(&outcome.files, "summary.json")["records"];
    // Every form the sample writes starts with the year and month.
    let bytes = std::fs::read(data().join("complaints.csv")).expect("the sample");
    let (text, _, _) = encoding_rs::EUC_KR.decode(&bytes);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let inside = reader
        .records()
        .filter(|row| {
            let time = row.as_ref().expect("row")[1].replace(['.', '-'], "");
            ("202501".."202507").contains(&&time[..6])
        })
        .count() as u64;
    assert_eq!(r["read"].as_u64(), Some(300));
    assert_eq!(r["outside_dates"].as_u64(), Some(300 - inside), "{r}");
    let months: Vec<String> = outcome
        .loaded
        .loaded
        .records
        .as_ref()
        .expect("records")
        .summary
        .by_month
        .iter()
        .map(|(month, _)| month.clone())
        .collect();
    assert_eq!(months.first().map(String::as_str), Some("2025-01"));
    assert_eq!(months.last().map(String::as_str), Some("2025-06"));
}

#[test]
fn a_half_life_weighs_older_records_less() {
    let halved = outcome(&study("complaints.csv"));
    let mut flat = study("complaints.csv");
    flat.records.as_mut().expect("records").half_life_days = None;
    let flat = outcome(&flat);
    let weights = |o: &StudyOutcome| -> HashMap<u64, f64> {
        points(&json(&o.files, "records.geojson"))
            .into_iter()
            .map(|(_, p)| {
                (
                    p["row"].as_u64().expect("row"),
                    p["weight"].as_f64().expect("weight"),
                )
            })
            .collect()
    };
    let (halved, flat) = (weights(&halved), weights(&flat));
    assert_eq!(halved.len(), flat.len());
    let mut lighter = 0;
    for (row, weight) in &halved {
        let full = flat[row];
        assert!(
            *weight <= full && *weight >= full * 0.25,
            "row {row}: {weight} of {full}"
        );
        lighter += usize::from(*weight < full);
    }
    // Only the newest record keeps its whole weight.
    assert!(lighter + 1 >= halved.len(), "{lighter} of {}", halved.len());
}

#[test]
fn records_are_a_density_layer_on_a_grid() {
    let mut grid = study("complaints.csv");
    grid.demand.mode = Some(DemandMode::Grid);
    grid.demand.grid_m = Some(50.0);
    let outcome = outcome(&grid);
    assert_eq!(outcome.plan.chosen.len(), 8);
    assert!(outcome.plan.objective > 0.0);
    assert!(json(&outcome.files, "summary.json")["records"]["used"].as_u64() > Some(100));
}

#[test]
fn records_beside_a_demand_layer_add_to_it() {
    let mut both = study("complaints.csv");
    both.layers
        .push(Layer::new(Role::Demand, data().join("poles.csv")));
    let both = outcome(&both);
    let alone = outcome(&study("complaints.csv"));
    let lights = 228.0 + 0.0;
    assert!(both.plan.total_weight > alone.plan.total_weight + lights * 0.9);
}

#[test]
fn checks_that_need_no_file_name_the_key() {
    let path = |study: &Study| study.validate().map(|_| ()).unwrap_err().path.to_string();
    let mut no_layer = study("complaints.csv");
    no_layer.layers.remove(0);
    no_layer.layers.push(Layer::new(Role::Demand, "d.geojson"));
    assert_eq!(path(&no_layer), "records");
    let mut no_text = study("complaints.csv");
    no_text.layers[0].text = None;
    assert_eq!(path(&no_text), "records.categories");
    let mut no_time = study("complaints.csv");
    no_time.layers[0].time = None;
    assert_eq!(path(&no_time), "records.half_life_days");
    let mut bad_date = study("complaints.csv");
    bad_date.records.as_mut().expect("records").from = Some("2025-13-01".to_owned());
    assert_eq!(path(&bad_date), "records.from");
    let mut reversed = study("complaints.csv");
    let spec = reversed.records.as_mut().expect("records");
    spec.from = Some("2025-06-01".to_owned());
    spec.to = Some("2025-01-01".to_owned());
    assert_eq!(path(&reversed), "records.to");
    let mut zero = study("complaints.csv");
    zero.records.as_mut().expect("records").half_life_days = Some(0.0);
    assert_eq!(path(&zero), "records.half_life_days");
    let mut sheet = study("complaints.csv");
    sheet.layers[0].sheet = Some("민원목록".to_owned());
    assert_eq!(path(&sheet), "layer[0].sheet");
}

#[test]
fn a_missing_column_names_the_file_and_the_column() {
    let mut study = study("complaints.xlsx");
    study.layers[0].address = Some("발생주소".to_owned());
    let error = run(&study.validate().expect("valid"), "test")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("complaints.xlsx") && error.contains("발생주소"),
        "{error}"
    );
}

/// A small export in a temporary folder, with the sample's poles as sites
/// and address table.
fn small(csv: &str) -> (tempfile::TempDir, Study) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("calls.csv");
    std::fs::write(&file, csv).expect("the export is written");
    let mut study = study("complaints.csv");
    study.layers[0].file = file;
    (dir, study)
}

#[test]
fn an_excel_serial_written_as_text_is_a_time() {
    // 45720.885 is 2025-03-04 21:14:24; a bare year is not a date.
    let (_dir, study) = small(
        "제목,내용,접수일시,주소,위도,경도\n가로등,어두워요,45720.885,,37.6522594,126.8504538\n가로등,어두워요,2025,,37.6522594,126.8504538\n",
    );
    let outcome = outcome(&study);
    let records = outcome.loaded.loaded.records.as_ref().expect("records");
    assert_eq!(
        records.time[0].map(|t| t.to_string()),
        Some("2025-03-04T21:14:24".to_owned())
    );
    assert_eq!(records.time[1], None);
    // The half-life needs the time: the row without one is skipped.
    assert_eq!(records.summary.skipped, 1);
}

#[test]
fn records_of_no_category_say_why_nothing_is_demand() {
    let rows: String = (0..4)
        .map(|k| {
            format!(
                "의자,버스 정류장 의자 파손,2025-03-0{},새빛로 {},,\n",
                k + 1,
                2 * k + 1
            )
        })
        .collect();
    let (_dir, study) = small(&format!("제목,내용,접수일시,주소,위도,경도\n{rows}"));
    let error = run(&study.validate().expect("valid"), "test")
        .unwrap_err()
        .to_string();
    assert!(error.contains("no record is demand"), "{error}");
    assert!(error.contains("of those placed are in no category"), "{error}");
    assert!(error.contains("파손 (4)"), "{error}");
    assert!(!error.contains("버스 정류장 의자 파손"), "{error}");
}

#[test]
fn unusable_coordinates_are_said_and_the_address_places_the_record() {
    let (_dir, study) = small(
        "제목,내용,접수일시,주소,위도,경도\n가로등,어두워요,2025-03-04,새빛로 1,북쪽,126.85\n가로등,어두워요,2025-03-04,,37.6522594,126.8504538\n",
    );
    let loaded = study.validate().expect("valid").load().expect("loads");
    let records = loaded.loaded.records.as_ref().expect("records");
    assert_eq!(records.unusable_coordinates.count, 1);
    assert_eq!(records.unusable_coordinates.first_rows, vec![2]);
    assert_eq!(records.summary.located_by_address, 1);
    let notes: Vec<String> = loaded.notices.iter().map(|n| format!("{n:?}")).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 rows have coordinates that cannot be used")),
        "{notes:?}"
    );
}

#[test]
fn an_excel_export_with_a_title_and_blank_rows_is_read_from_its_header() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("민원.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "2025년 민원 접수 현황").expect("a cell");
    for (col, name) in ["제목", "내용", "접수일시", "주소", "위도", "경도"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(2, col as u16, name).expect("a cell");
    }
    let rows = [
        (3, "가로등", "밤길이 어두워 무서워요"),
        (5, "쓰레기", "무단투기 단속 부탁"),
    ];
    for (row, title, body) in rows {
        sheet.write_string(row, 0, title).expect("a cell");
        sheet.write_string(row, 1, body).expect("a cell");
        sheet.write_string(row, 2, "2025-03-04 21:15").expect("a cell");
        sheet.write_number(row, 4, 37.6522594).expect("a cell");
        sheet.write_number(row, 5, 126.8504538).expect("a cell");
    }
    book.save(&path).expect("the workbook is written");
    let mut study = study("complaints.csv");
    study.layers[0].file = path;
    let loaded = study.validate().expect("valid").load().expect("loads");
    let records = loaded.loaded.records.as_ref().expect("records");
    // Excel rows 4 and 6, the header on row 3, the blank row 5 skipped.
    assert_eq!(records.rows, vec![4, 6]);
    assert_eq!((records.header_row, records.blank_rows), (Some(3), 1));
    let notes = format!("{:?}", loaded.notices);
    assert!(
        notes.contains("the header is row 3") && notes.contains("1 blank rows skipped"),
        "{notes}"
    );
}

#[test]
fn a_sites_layer_reads_the_sheet_its_study_names() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("poles.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("안내")
        .expect("a name")
        .write_string(0, 0, "poles are on the next sheet")
        .expect("a cell");
    let sheet = book.add_worksheet().set_name("보안등").expect("a name");
    for (col, name) in ["이름", "위도", "경도"].into_iter().enumerate() {
        sheet.write_string(0, col as u16, name).expect("a cell");
    }
    for k in 0..40u32 {
        sheet.write_string(k + 1, 0, format!("pole {k}")).expect("a cell");
        sheet
            .write_number(k + 1, 1, 37.651 + f64::from(k) * 0.0002)
            .expect("a cell");
        sheet
            .write_number(k + 1, 2, 126.851 + f64::from(k) * 0.0005)
            .expect("a cell");
    }
    book.save(&path).expect("the workbook is written");
    let mut study = study("complaints.csv");
    study.layers[1].file = path;
    study.layers[1].sheet = Some("보안등".to_owned());
    study.layers[1].label = Some("이름".to_owned());
    let outcome = outcome(&study);
    assert_eq!(outcome.loaded.loaded.scenario.sites().len(), 40);
    assert!(
        outcome
            .plan
            .chosen
            .iter()
            .all(|c| c.label.as_deref().is_some_and(|l| l.starts_with("pole ")))
    );
    // Without the sheet, the first one holds no coordinates: an error.
    study.layers[1].sheet = None;
    assert!(run(&study.validate().expect("valid"), "test").is_err());
}
