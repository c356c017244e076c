//! Hourly population tables: the shipped samples (see
//! examples/data/population/README.md for the counts checked here), the
//! published layouts' quirks, workbooks and errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use sightline_io::{Encoding, Error, HourlyOptions, HourlyTable, HourlyValue, read_hourly};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/population")
        .join(name)
}

fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// The rows whose value is masked, and whose hour is bad, as the file
/// numbers them.
fn masked_and_bad_hours(table: &HourlyTable) -> (Vec<u32>, Vec<u32>) {
    let masked = (0..table.rows.len())
        .filter(|&i| table.value[i] == HourlyValue::Masked)
        .map(|i| table.rows[i])
        .collect();
    let bad = (0..table.rows.len())
        .filter(|&i| table.hour[i].is_none())
        .map(|i| table.rows[i])
        .collect();
    (masked, bad)
}

#[test]
fn the_goyang_sample_reads_as_its_readme_says() {
    let table = read_hourly(&sample("goyang_hourly.csv"), &HourlyOptions::new()).unwrap();
    assert_eq!(table.encoding, Some(Encoding::Cp949));
    assert_eq!(table.hour_column, "시간대구분");
    assert_eq!(table.value_column, "총생활인구수");
    assert_eq!(table.day_column.as_deref(), Some("기준일ID"));
    assert_eq!(table.code_columns.len(), 1);
    assert_eq!(table.code_columns[0].name, "행정동코드");
    // 39 dong and one code of Seoul.
    assert_eq!(table.code_columns[0].codes.len(), 40);
    assert!(table.code_columns[0].codes.iter().any(|c| c == "11110515"));
    assert_eq!(table.code_columns[0].codes[0], "3110151");
    assert_eq!(table.days, 7);
    assert_eq!(table.rows.len(), 6554);
    assert_eq!(table.rows.first(), Some(&2));
    assert_eq!(table.rows.last(), Some(&6555));
    assert_eq!(table.blank_rows, 0);
    let (masked, bad) = masked_and_bad_hours(&table);
    assert_eq!(masked, [119, 1100, 1971, 3972, 5774]);
    assert_eq!(bad, [6555]);
    assert!(!table.value.contains(&HourlyValue::Bad));
    let unmatched = table.code_columns[0].index[507];
    assert_eq!(table.code_columns[0].codes[unmatched as usize], "11110515");
    assert_eq!(table.rows[507], 509);
    assert_eq!(table.value[507], HourlyValue::Number(5321.1234));
    assert_eq!(table.hour[507], Some(12));
}

#[test]
fn the_hanbit_sample_reads_as_its_readme_says() {
    let table = read_hourly(&sample("hanbit_hourly.csv"), &HourlyOptions::new()).unwrap();
    assert_eq!(table.encoding, Some(Encoding::Cp949));
    assert_eq!(table.days, 2);
    assert_eq!(table.rows.len(), 146);
    assert_eq!(
        table.code_columns[0].codes,
        ["9999901", "9999902", "9999903", "9999999"]
    );
    let (masked, bad) = masked_and_bad_hours(&table);
    assert_eq!(masked, [9, 146]);
    assert_eq!(bad, [147]);
}

#[test]
fn output_area_tables_keep_both_code_columns_and_utf8_works_too() {
    let text = "?기준일ID,시간대구분,행정동코드,집계구코드,총생활인구수,남자0세부터9세생활인구수\n\
                20230101,0,11110515,1101053010001,10.5,*\n\
                20230101,23,11110515,1101053010002,*,*\n\
                ,,,,,\n\
                20230102,7,11110530,1101054010001,abc,1\n";
    let (_dir, path) = file("LOCAL_PEOPLE_20230101.csv", text.as_bytes());
    let table = read_hourly(&path, &HourlyOptions::new()).unwrap();
    assert_eq!(table.encoding, Some(Encoding::Utf8));
    assert_eq!(table.day_column.as_deref(), Some("기준일ID"));
    let names: Vec<&str> = table.code_columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["집계구코드", "행정동코드"]);
    assert_eq!(table.code_columns[0].index, [0, 1, 2]);
    assert_eq!(table.code_columns[1].index, [0, 0, 1]);
    assert_eq!(table.rows, [2, 3, 5]);
    assert_eq!(table.blank_rows, 1);
    assert_eq!(table.hour, [Some(0), Some(23), Some(7)]);
    assert_eq!(
        table.value,
        [HourlyValue::Number(10.5), HourlyValue::Masked, HourlyValue::Bad]
    );
    assert_eq!(table.days, 2);
}

#[test]
fn named_columns_and_semicolons() {
    let text = "date;area;h;people;note\n2025-01-01;A1;0;3;x\n2025-01-01;A2;1;4;y\n";
    let (_dir, path) = file("people.txt", text.as_bytes());
    let options = HourlyOptions::new().columns("AREA", "h", "people");
    let table = read_hourly(&path, &options).unwrap();
    assert_eq!(table.code_columns[0].codes, ["A1", "A2"]);
    assert_eq!(table.hour, [Some(0), Some(1)]);
    assert_eq!(table.days, 1);
    assert_eq!(table.day_column.as_deref(), Some("date"));
    // Without a day column the table is one day.
    let text = "code,hour,population\n1,0,3\n";
    let (_dir, path) = file("one.csv", text.as_bytes());
    let table = read_hourly(&path, &HourlyOptions::new()).unwrap();
    assert_eq!((table.days, table.day_column.clone()), (1, None));
}

#[test]
fn a_missing_column_names_the_file_what_was_looked_for_and_the_header() {
    let (_dir, path) = file(
        "t.csv",
        "기준일ID,행정동코드,총생활인구수\n20230101,1,2\n".as_bytes(),
    );
    let error = read_hourly(&path, &HourlyOptions::new()).unwrap_err();
    assert!(matches!(error, Error::MissingColumn { .. }));
    let message = error.to_string();
    assert!(message.contains("t.csv: no column for the hour"), "{message}");
    assert!(
        message.contains("`시간대구분`, `시간대`, `시간` or `hour`"),
        "{message}"
    );
    assert!(
        message.contains("the header is `기준일ID`, `행정동코드`, `총생활인구수`"),
        "{message}"
    );
    let options = HourlyOptions::new().columns("코드", "시간", "값");
    let message = read_hourly(&path, &options).unwrap_err().to_string();
    assert!(message.contains("no column `코드`"), "{message}");
    let (_dir, path) = file("t.csv", "시간대구분,총생활인구수\n1,2\n".as_bytes());
    let message = read_hourly(&path, &HourlyOptions::new()).unwrap_err().to_string();
    assert!(
        message.contains("for the area code: looked for `집계구코드`, `행정동코드`"),
        "{message}"
    );
}

#[test]
fn a_ragged_row_is_an_error_naming_it() {
    let (_dir, path) = file("t.csv", b"hour,code,population\n1,2,3\n4,5\n");
    let message = read_hourly(&path, &HourlyOptions::new()).unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "row 3 (line 3) in {}: has 2 fields, but the header has 3",
            path.display()
        )
    );
}

#[test]
fn workbooks_are_read_through_their_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hourly.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("생활인구").unwrap();
    for (c, name) in ["기준일ID", "시간대구분", "행정동코드", "총생활인구수"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    sheet.write_number(1, 0, 20230101.0).unwrap();
    sheet.write_number(1, 1, 7.0).unwrap();
    sheet.write_number(1, 2, 3110151.0).unwrap();
    sheet.write_number(1, 3, 12.25).unwrap();
    sheet.write_number(2, 0, 20230101.0).unwrap();
    sheet.write_number(2, 1, 24.0).unwrap();
    sheet.write_string(2, 2, "3110152").unwrap();
    sheet.write_string(2, 3, "*").unwrap();
    workbook.save(&path).unwrap();
    let table = read_hourly(&path, &HourlyOptions::new()).unwrap();
    assert_eq!(table.encoding, None);
    assert_eq!(table.sheet.as_deref(), Some("생활인구"));
    assert_eq!(table.rows, [2, 3]);
    assert_eq!(table.hour, [Some(7), None]);
    assert_eq!(table.value, [HourlyValue::Number(12.25), HourlyValue::Masked]);
    assert_eq!(table.code_columns[0].codes, ["3110151", "3110152"]);
    assert_eq!(table.days, 1);
}
