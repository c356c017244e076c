//! Our solvers against HiGHS on a synthetic city, each with the same time
//! limit: `cargo run --release --features highs --example highs_compare -- medium 60`.
//!
//! Objectives count the demand newly covered (existing cameras' coverage
//! left out), so the gaps here are relative to that part alone.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sightline::coverage::Circular;
use sightline::solve::{Instance, MaxCoverage, Method};
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let size: CitySize = args
        .next()
        .unwrap_or_else(|| "small".into())
        .parse()
        .map_err(anyhow::Error::msg)?;
    let seconds: u64 = args
        .next()
        .unwrap_or_else(|| "60".into())
        .parse()
        .context("time limit in seconds")?;
    let limit = Duration::from_secs(seconds);

    let city = SyntheticCity::generate(size);
    let demand: Vec<_> = city.scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<_> = city.scenario.sites().iter().map(|s| s.location).collect();
    let (matrix, _) = Circular::new(size.default_radius_m())?
        .build(&demand, &sites, city.scenario.existing())
        .into_parts();
    let instance = Instance::new(matrix, city.scenario.demand().iter().map(|d| d.weight).collect())?;
    let cameras = size.default_cameras();

    for method in [Method::Greedy, Method::LocalSearch, Method::Exact] {
        let started = Instant::now();
        let report = MaxCoverage::new(cameras)
            .method(method)
            .time_limit(limit)
            .solve(&instance)?;
        println!(
            "{size} {method:>6}: {} (bound {}, gap {:.3}%, proven {}, {} nodes) in {:.2} s",
            report.solution.objective(),
            report.upper_bound,
            100.0 * report.gap,
            report.proven_optimal,
            report.nodes,
            started.elapsed().as_secs_f64()
        );
    }
    let started = Instant::now();
    let highs = sightline::solve::highs::max_coverage(&instance, cameras, limit)?;
    println!(
        "{size}  HiGHS: {} (bound {}, optimal {}) in {:.2} s",
        highs.objective,
        highs.bound,
        highs.optimal,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
