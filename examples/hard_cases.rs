//! Maximal covering cases whose LP relaxation has a real integrality gap
//! (see [`sightline::synthetic::HARD_CASES`]): each solved by `exact`
//! and by the default `auto`, with the time each took, and written as a
//! reduced instance for the peers (HiGHS through highspy):
//!
//! ```text
//! cargo run --release --example hard_cases -- --time-limit 10 --write /tmp/hard
//! python examples/peers/mip_highs.py /tmp/hard/medium-s0-r100-p100.bin 100 150
//! ```
//!
//! Arguments: `--time-limit SECONDS` (default 10), `--write FOLDER`
//! (one `NAME.bin` per case, in `reduced_instance`'s layout, with 0 as the
//! weight existing cameras already cover), and case names (default: all),
//! or `SIZE:SEED:RADIUS:CAMERAS` (e.g. `medium:7:90:100`) for a city not in
//! the set.

#[path = "common/reduced.rs"]
mod reduced;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use reduced::write_reduced;
use sightline::solve::{Instance, MaxCoverage, Method};
use sightline::synthetic::{CitySize, HARD_CASES, HardCase};
use sightline::{CoverageModel, PlanRequest};

fn main() -> Result<()> {
    let mut limit = Duration::from_secs(10);
    let mut write: Option<PathBuf> = None;
    let mut cases: Vec<HardCase> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time-limit" => {
                let seconds: f64 = args.next().context("--time-limit SECONDS")?.parse()?;
                limit = Duration::from_secs_f64(seconds);
            }
            "--write" => write = Some(args.next().context("--write FOLDER")?.into()),
            "--help" | "-h" => {
                println!(
                    "usage: hard_cases [--time-limit SECONDS] [--write FOLDER] [CASE ...]\n\
                     CASE: one of {} or SIZE:SEED:RADIUS:CAMERAS (e.g. medium:7:90:100); default: all",
                    HARD_CASES
                        .iter()
                        .map(HardCase::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return Ok(());
            }
            spec => cases.push(parse_case(spec)?),
        }
    }
    if cases.is_empty() {
        cases = HARD_CASES.to_vec();
    }
    if let Some(folder) = &write {
        std::fs::create_dir_all(folder).with_context(|| folder.display().to_string())?;
    }
    for case in &cases {
        let city = case.city();
        let request: PlanRequest = case.request()?;
        let model = CoverageModel::build(&city.scenario, &request)?;
        let instance = model.instance();
        if let Some(folder) = &write {
            let path = folder.join(format!("{}.bin", case.name()));
            write_case(instance, case.cameras, &path)?;
        }
        for method in [Method::Exact, Method::Auto] {
            let started = Instant::now();
            let report = MaxCoverage::new(case.cameras)
                .method(method)
                .time_limit(limit)
                .solve(instance)?;
            println!(
                "{:<22} {method:>5}: {} bound {} gap {:.3}% proven {} nodes {} in {:.2} s",
                case.name(),
                report.solution.objective(),
                report.upper_bound,
                100.0 * report.gap,
                report.proven_optimal,
                report.nodes,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// A case by name, or `SIZE:SEED:RADIUS:CAMERAS`.
fn parse_case(spec: &str) -> Result<HardCase> {
    if let Some(case) = HARD_CASES.iter().find(|c| c.name() == spec) {
        return Ok(*case);
    }
    let parts: Vec<&str> = spec.split(':').collect();
    let [size, seed, radius, cameras] = parts[..] else {
        bail!("unknown case `{spec}`: give a name of HARD_CASES or SIZE:SEED:RADIUS:CAMERAS");
    };
    let size: CitySize = size.parse().map_err(anyhow::Error::msg)?;
    Ok(HardCase {
        size,
        seed: seed.parse()?,
        radius_m: radius.parse()?,
        cameras: cameras.parse()?,
    })
}

/// Writes the reduced instance (see `examples/common/reduced.rs`), with 0
/// as the weight existing cameras already cover (the objectives count new
/// coverage only).
fn write_case(instance: &Instance, cameras: usize, path: &Path) -> Result<()> {
    let reduced = write_reduced(instance, 0.0, path)?;
    let matrix = reduced.matrix();
    println!(
        "{}: {} options, {} demand groups, {} entries, p = {cameras}",
        path.display(),
        matrix.n_options(),
        matrix.n_demand(),
        matrix.nnz()
    );
    Ok(())
}
