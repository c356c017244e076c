//! Reading complaint tables with `read_table`, on generated files: a CSV of
//! 1,000,000 complaints (a 100-character Korean text, a date, an address,
//! longitude/latitude empty on 30% of rows; about 400 MB) and an XLSX of
//! 100,000 complaints written with rust_xlsxwriter. The floors: the
//! CSV read (then categorised and weighted) in under 2 s, the XLSX read in
//! under 3 s, on a 2-core machine.
//!
//! `cargo bench -p sightline-io --bench table`

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use sightline_io::{TableOptions, read_table};

/// Rows of the CSV file.
const CSV_ROWS: usize = 1_000_000;
/// Rows of the XLSX file.
const XLSX_ROWS: usize = 100_000;

/// Words a complaint is made of.
const WORDS: [&str; 12] = [
    "가로등이",
    "너무",
    "어두워서",
    "밤에",
    "다니기가",
    "무서워요",
    "쓰레기",
    "무단투기가",
    "계속",
    "됩니다",
    "불법주차",
    "차량이",
];

/// The text of complaint `i`: 100 Korean characters (with spaces).
fn text(i: usize) -> String {
    let mut text = String::new();
    let mut k = i;
    while text.chars().count() < 100 {
        text.push_str(WORDS[k % WORDS.len()]);
        text.push(' ');
        k = k / 3 + 7;
    }
    text.chars().take(100).collect()
}

fn complaint(i: usize) -> (String, String, String, Option<(f64, f64)>) {
    let date = format!(
        "2025-{:02}-{:02} {:02}:{:02}",
        i % 12 + 1,
        i % 28 + 1,
        i % 24,
        i % 60
    );
    let address = format!("경기도 고양시 일산동구 중앙로 {}번길 {}", i % 300 + 1, i % 50 + 1);
    let place = (i % 10 >= 3).then_some({
        (
            126.7 + (i % 1000) as f64 * 0.0003,
            37.55 + (i / 1000 % 300) as f64 * 0.001,
        )
    });
    (text(i), date, address, place)
}

fn write_csv(path: &Path) {
    let mut out = String::from("번호,제목,접수일시,주소,경도,위도\n");
    for i in 0..CSV_ROWS {
        let (text, date, address, place) = complaint(i);
        let (lon, lat) = place.map_or((String::new(), String::new()), |(x, y)| {
            (format!("{x:.7}"), format!("{y:.7}"))
        });
        writeln!(out, "{i},{text},{date},{address},{lon},{lat}").expect("writing to a String does not fail");
    }
    std::fs::write(path, out).expect("the CSV is written");
}

fn write_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in ["번호", "제목", "접수일시", "주소", "경도", "위도"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, name).expect("a header cell");
    }
    for i in 0..XLSX_ROWS {
        let row = i as u32 + 1;
        let (text, date, address, place) = complaint(i);
        sheet.write_number(row, 0, i as f64).expect("a cell");
        sheet.write_string(row, 1, &text).expect("a cell");
        sheet.write_string(row, 2, &date).expect("a cell");
        sheet.write_string(row, 3, &address).expect("a cell");
        if let Some((x, y)) = place {
            sheet.write_number(row, 4, x).expect("a cell");
            sheet.write_number(row, 5, y).expect("a cell");
        }
    }
    book.save(path).expect("the XLSX is written");
}

fn table(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv = dir.path().join("complaints.csv");
    let xlsx = dir.path().join("complaints.xlsx");
    write_csv(&csv);
    write_xlsx(&xlsx);
    let options = TableOptions::new().keep(["제목", "접수일시", "주소"]);
    let read = read_table(&csv, &options).expect("the CSV reads");
    assert_eq!(read.rows.len(), CSV_ROWS);
    assert_eq!(
        read.points.iter().filter(|p| p.is_some()).count(),
        CSV_ROWS * 7 / 10
    );
    let read = read_table(&xlsx, &options).expect("the XLSX reads");
    assert_eq!(read.rows.len(), XLSX_ROWS);

    let mut group = c.benchmark_group("table");
    group.sample_size(10);
    group.bench_function("read_table/csv_1m_rows", |b| {
        b.iter(|| read_table(black_box(&csv), &options))
    });
    group.bench_function("read_table/xlsx_100k_rows", |b| {
        b.iter(|| read_table(black_box(&xlsx), &options))
    });
    group.finish();
}

criterion_group!(benches, table);
criterion_main!(benches);
