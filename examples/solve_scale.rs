//! The solvers alone at scale: builds the coverage of a demo city once,
//! then runs each solver on it (as `sightline demo --size SIZE --solver
//! METHOD --time-limit SECONDS` would, without reading and writing files)
//! and prints, per solver, its time, the plan's coverage, the certified
//! upper bound and the gap, both on the instance (what new cameras add)
//! and on the plan (existing cameras' coverage included, as
//! `summary.json` reports it).
//!
//! ```text
//! cargo run --release --example solve_scale -- [SIZE] [SOLVER,SOLVER] [SECONDS] [EFFORT]
//! ```
//!
//! SIZE defaults to `xlarge`, the solvers to greedy and local, SECONDS
//! (each solver's time limit) to 10, EFFORT (the work limit in coverage
//! entries, `default` for the library's default) to none.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sightline::prelude::*;
use sightline::solve::MaxCoverage;
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let size: CitySize = args
        .next()
        .map_or(Ok(CitySize::XLarge), |s| s.parse())
        .map_err(anyhow::Error::msg)?;
    let solvers: Vec<Method> = match args.next() {
        Some(list) => list
            .split(',')
            .map(|s| s.parse().map_err(anyhow::Error::msg))
            .collect::<Result<_>>()?,
        None => vec![Method::Greedy, Method::LocalSearch],
    };
    let seconds: f64 = args
        .next()
        .map_or(Ok(10.0), |s| s.parse())
        .context("SECONDS is not a number")?;
    let effort: Option<u64> = match args.next().as_deref() {
        None => None,
        Some("default") => Some(sightline::solve::DEFAULT_EFFORT),
        Some(n) => Some(n.parse().context("EFFORT is not a number")?),
    };

    let started = Instant::now();
    let city = SyntheticCity::generate(size);
    let generated = started.elapsed();
    let cameras = size.default_cameras();
    let request = PlanRequest::new(cameras, Circular::new(size.default_radius_m())?);
    let started = Instant::now();
    let model = CoverageModel::build(&city.scenario, &request)?;
    let built = started.elapsed();
    let instance = model.instance();
    let remaining: f64 = instance.weights().iter().sum();
    // Without a backup weight, what existing cameras cover weighs 0 in the
    // instance: the plan's score is this base plus the instance's value.
    let base = city.scenario.total_weight() - remaining;
    println!(
        "{size} city: {} demand points, {} options, {} coverage entries, {cameras} cameras; \
         generated in {:.2} s, coverage built in {:.2} s",
        instance.matrix().n_demand(),
        instance.n_options(),
        instance.matrix().nnz(),
        generated.as_secs_f64(),
        built.as_secs_f64()
    );
    println!(
        "{:<7} {:>8} {:>11} {:>11} {:>9} {:>9} {:>7} {:>8} {:>14} {:>9}",
        "solver", "time s", "value", "bound", "gap", "plan gap", "proven", "nodes", "work", "timed out"
    );
    for method in solvers {
        let started = Instant::now();
        let mut solver = MaxCoverage::new(cameras)
            .method(method)
            .time_limit(Duration::from_secs_f64(seconds));
        if let Some(effort) = effort {
            solver = solver.effort(effort);
        }
        let report = solver.solve(instance)?;
        let elapsed = started.elapsed();
        let value = report.solution.objective();
        let plan_gap = (report.upper_bound - value) / (base + report.upper_bound);
        println!(
            "{:<7} {:>8.2} {:>11.0} {:>11.0} {:>8.3}% {:>8.3}% {:>7} {:>8} {:>14} {:>9}",
            method.to_string(),
            elapsed.as_secs_f64(),
            value,
            report.upper_bound,
            100.0 * report.gap,
            100.0 * plan_gap,
            report.proven_optimal,
            report.nodes,
            report.work,
            report.time_limit_reached
        );
    }
    Ok(())
}
