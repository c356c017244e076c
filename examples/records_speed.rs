//! How fast complaint records become demand, stage by stage, on generated
//! files: 1,000,000 complaints in a CSV (a 100-character Korean text, a
//! date and time, an address; longitude/latitude on 70% of rows; about
//! 400 MB) read, categorised with the built-in categories and weighed with
//! a half-life (the issue's floor: under 2 s on 2 cores); 100,000 of them
//! placed by address against 1,000,000 reference addresses (floor: 3 s);
//! and 100,000 rows of an Excel workbook read (floor: 3 s). Each stage is
//! run three times; the best and the median are printed.
//!
//! ```text
//! cargo run --release --example records_speed [ROWS] [KEEP_DIR]
//! ```
//!
//! With `KEEP_DIR`, the generated files are written there and kept (for
//! the pandas peer, `examples/peers/records_pandas.py`).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use sightline::io::geo_types::Coord;
use sightline::io::{TableOptions, read_table};
use sightline::records::{Categories, Geocoder, RecordColumns, RecordInput, RecordSettings, Records};

/// Words the generated complaints are made of.
const WORDS: [&str; 16] = [
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
    "아이들",
    "통학로에",
    "CCTV",
    "설치해주세요",
];

/// The text of complaint `i`: 100 characters of Korean words.
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

/// Road address `i` of a made-up city.
fn address(i: usize) -> String {
    format!("경기도 한빛시 새솔구 새빛로{}번길 {}", i % 997 + 1, i / 997 + 1)
}

fn write_csv(path: &Path, rows: usize) -> Result<()> {
    let mut out = String::from("번호,내용,접수일시,주소,경도,위도\n");
    for i in 0..rows {
        let (lon, lat) = if i % 10 >= 3 {
            (
                format!("{:.7}", 126.7 + (i % 1000) as f64 * 0.0003),
                format!("{:.7}", 37.55 + (i / 1000 % 300) as f64 * 0.001),
            )
        } else {
            (String::new(), String::new())
        };
        let time = format!(
            "2025-{:02}-{:02} {:02}:{:02}",
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60
        );
        writeln!(out, "{i},{},{time},{},{lon},{lat}", text(i), address(i))?;
    }
    std::fs::write(path, out).context("writing the CSV")
}

fn write_xlsx(path: &Path, rows: usize) -> Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in ["번호", "내용", "접수일시", "주소"].into_iter().enumerate() {
        sheet.write_string(0, col as u16, name)?;
    }
    for i in 0..rows {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, i as f64)?;
        sheet.write_string(row, 1, text(i))?;
        sheet.write_string(row, 2, format!("2025-{:02}-{:02}", i % 12 + 1, i % 28 + 1))?;
        sheet.write_string(row, 3, address(i))?;
    }
    book.save(path)?;
    Ok(())
}

/// Runs `stage` three times; prints the best and the median seconds.
fn time<T>(name: &str, mut stage: impl FnMut() -> Result<T>) -> Result<T> {
    let mut seconds = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let result = stage()?;
        seconds.push(start.elapsed().as_secs_f64());
        // The previous run's result is freed here, outside the timing.
        last = Some(result);
    }
    seconds.sort_by(f64::total_cmp);
    println!("{name:<58} best {:.3} s, median {:.3} s", seconds[0], seconds[1]);
    last.context("three runs")
}

fn main() -> Result<()> {
    let rows: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().with_context(|| format!("ROWS is `{n}`"))?,
        None => 1_000_000,
    };
    println!("{} threads; {rows} records", rayon::current_num_threads());
    let temporary = tempfile::tempdir()?;
    let dir = match std::env::args().nth(2) {
        Some(keep) => {
            std::fs::create_dir_all(&keep)?;
            std::path::PathBuf::from(keep)
        }
        None => temporary.path().to_path_buf(),
    };
    let csv = dir.join("complaints.csv");
    write_csv(&csv, rows)?;
    let xlsx = dir.join("complaints.xlsx");
    write_xlsx(&xlsx, rows / 10)?;
    println!(
        "CSV {:.0} MB, XLSX {:.1} MB",
        std::fs::metadata(&csv)?.len() as f64 / 1e6,
        std::fs::metadata(&xlsx)?.len() as f64 / 1e6
    );

    let columns = {
        let mut columns = RecordColumns::default();
        columns.text = vec!["내용".to_owned()];
        columns.time = Some("접수일시".to_owned());
        columns.address = Some("주소".to_owned());
        columns
    };
    let options = TableOptions::new().keep(columns.names());
    let mut settings = RecordSettings::default();
    settings.categories = Some(Categories::default_korean());
    settings.half_life_days = Some(180.0);
    let everywhere = |_: Coord<f64>| true;
    // Coordinates stand as they are: placing is not what is timed here.
    let build = |table: &sightline::io::Table| {
        let points: Vec<Option<Coord<f64>>> = table.points.clone();
        let input = RecordInput {
            columns: &columns,
            points: &points,
            settings: &settings,
            geocoder: None,
            inside: &everywhere,
        };
        Records::build(&csv, table, &input).context("building the records")
    };
    time("  of which: the file's bytes (std::fs::read)", || {
        Ok(std::fs::read(&csv)?.len())
    })?;
    let table = time("read the CSV (read_table)", || Ok(read_table(&csv, &options)?))?;
    let records = time("categorise and weigh (Records::build, no address table)", || {
        build(&table)
    })?;
    time("read, categorise and weigh: the issue's 2 s floor", || {
        let table = read_table(&csv, &options)?;
        build(&table)
    })?;
    println!(
        "  {} records, {} categorised, {} used; unmatched {}; {}",
        records.summary.read,
        records.category.iter().filter(|c| c.is_some()).count(),
        records.summary.used,
        records.summary.unmatched.count,
        records
            .summary
            .by_category
            .iter()
            .map(|c| format!("{} {}", c.name, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Addresses: 1,000,000 references, 100,000 records among them (and
    // written as people write them: no province, another spacing).
    let references: Vec<(String, Coord<f64>)> = (0..rows)
        .map(|i| {
            (
                address(i),
                Coord {
                    x: (i % 997) as f64 * 30.0,
                    y: (i / 997) as f64 * 30.0,
                },
            )
        })
        .collect();
    let queries: Vec<String> = (0..rows / 10)
        .map(|k| {
            let i = k * 7 % rows;
            address(i).replace("경기도 ", "").replace("번길 ", "번길")
        })
        .collect();
    let located = time("place 100,000 addresses among 1,000,000 (index included)", || {
        let geocoder = Geocoder::new(references.iter().cloned());
        Ok(geocoder.locate_all(&queries))
    })?;
    println!(
        "  {} of {} placed",
        located.iter().filter(|l| l.point().is_some()).count(),
        queries.len()
    );
    let sheet_options = TableOptions::new().keep(["내용", "접수일시", "주소"]);
    let sheet = time("read 100,000 rows of an XLSX (read_table)", || {
        Ok(read_table(&xlsx, &sheet_options)?)
    })?;
    println!("  {} rows", sheet.rows.len());
    Ok(())
}
