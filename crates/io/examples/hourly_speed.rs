//! Times `read_hourly` on a 1,000,000-row CP949 table in the
//! census-output-area layout of Seoul's living-population files
//! (`LOCAL_PEOPLE_YYYYMMDD.csv`: 33 columns, every cell quoted, a UTF-8
//! byte order mark before CP949 text, ~2% of values masked as `*`).
//!
//! ```text
//! cargo run --release -p sightline-io --example hourly_speed [ROWS] [KEEP_AS]
//! ```
//!
//! With `KEEP_AS`, the table is also written there, for a peer to read
//! (`examples/peers/hourly_pandas.py`).

use std::time::Instant;

use sightline_io::{HourlyOptions, HourlyValue, read_hourly};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 1_000_000,
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("LOCAL_PEOPLE_20230101.csv");
    let mut header = String::from("기준일ID,시간대구분,행정동코드,집계구코드,총생활인구수");
    for sex in ["남자", "여자"] {
        for ages in [
            "0세부터9세",
            "10세부터14세",
            "15세부터19세",
            "20세부터24세",
            "25세부터29세",
            "30세부터34세",
            "35세부터39세",
            "40세부터44세",
            "45세부터49세",
            "50세부터54세",
            "55세부터59세",
            "60세부터64세",
            "65세부터69세",
            "70세이상",
        ] {
            header.push_str(&format!(",{sex}{ages}생활인구수"));
        }
    }
    let header: Vec<String> = header.split(',').map(|name| format!("\"{name}\"")).collect();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&encoding_rs::EUC_KR.encode(&header.join(",")).0);
    bytes.extend_from_slice(b"\r\n");
    // A small linear congruential generator: the same file every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        state >> 33
    };
    let areas = rows.div_ceil(24);
    for i in 0..rows {
        let area = i / 24;
        let dong = 11_110_515 + (area / 45) as u64;
        let value = next() % 100_000;
        let total = if next() % 50 == 0 {
            "*".to_owned()
        } else {
            format!("{}.{:02}", value / 100, value % 100)
        };
        let line = format!(
            "\"20230101\",\"{:02}\",\"{dong}\",\"{dong}{:05}\",\"{total}\"",
            i % 24,
            10_001 + area % 45
        );
        bytes.extend_from_slice(line.as_bytes());
        for _ in 0..28 {
            let v = next() % 10_000;
            bytes.extend_from_slice(format!(",\"{}.{:02}\"", v / 100, v % 100).as_bytes());
        }
        bytes.extend_from_slice(b"\r\n");
    }
    std::fs::write(&path, &bytes)?;
    if let Some(keep) = std::env::args().nth(2) {
        std::fs::write(keep, &bytes)?;
    }
    let start = Instant::now();
    let table = read_hourly(&path, &HourlyOptions::new())?;
    let seconds = start.elapsed().as_secs_f64();
    let masked = table.value.iter().filter(|v| **v == HourlyValue::Masked).count();
    println!(
        "read {} rows ({} areas, {} MB, {:?}) in {seconds:.3} s; {} output areas, {} dong, {masked} masked",
        table.rows.len(),
        areas,
        bytes.len() >> 20,
        table.encoding,
        table.code_columns[0].codes.len(),
        table.code_columns[1].codes.len(),
    );
    Ok(())
}
