//! Times an hourly population table read and joined to districts as a
//! study does it ([`PopulationTable::read`]): the table written by
//! `cargo run --release -p sightline-io --example hourly_speed -- 1000000
//! FILE` (1,000,000 CP949 rows in the census-output-area layout), joined
//! to its dong (8-digit 행정동코드, which every 13-digit 집계구코드 begins
//! with), by hour.
//!
//! ```text
//! cargo run --release --example population_speed -- FILE
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use sightline::io::{HourlyOptions, read_hourly};
use sightline::periods::{Hours, PopulationTable};

fn main() -> Result<()> {
    let path = PathBuf::from(std::env::args().nth(1).context("usage: population_speed FILE")?);
    // The dong codes, as a districts layer would hold them (read apart,
    // not timed).
    let table = read_hourly(&path, &HourlyOptions::new())?;
    let dong = table
        .code_columns
        .iter()
        .find(|c| c.name == "행정동코드")
        .context("a 행정동코드 column")?
        .codes
        .clone();
    drop(table);
    let started = Instant::now();
    let joined = PopulationTable::read(&path, &HourlyOptions::new(), "adm_cd", &dong)?;
    let seconds = started.elapsed().as_secs_f64();
    let counts = &joined.population.counts;
    println!(
        "{}: {} rows read and joined to {} dong in {seconds:.3} s (by {}; {} used, {} masked); night 22-06: {:.0} people summed over its hours",
        path.display(),
        counts.rows,
        dong.len(),
        joined.population.code_column,
        counts.used,
        counts.masked,
        joined.population.total(Hours::parse("22-06")?),
    );
    Ok(())
}
