//! Writes a synthetic city's reduced maximum-coverage instance (what the
//! solvers and the bound work on) to a small binary file, for an outside
//! LP solver to check the bound against:
//! `cargo run --release --example reduced_instance -- xlarge /tmp/xl.bin`,
//! then `python examples/peers/lp_bound.py /tmp/xl.bin 2000`.
//!
//! Layout: see `examples/common/reduced.rs`.

#[path = "common/reduced.rs"]
mod reduced;

use std::path::Path;

use anyhow::{Context, Result};
use reduced::write_reduced;
use sightline::coverage::Circular;
use sightline::synthetic::{CitySize, SyntheticCity};
use sightline::{CoverageModel, PlanRequest};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let size: CitySize = args
        .next()
        .unwrap_or_else(|| "small".into())
        .parse()
        .map_err(anyhow::Error::msg)?;
    let out = args.next().context("usage: reduced_instance SIZE OUT")?;
    let city = SyntheticCity::generate(size);
    let request = PlanRequest::new(size.default_cameras(), Circular::new(size.default_radius_m())?);
    let model = CoverageModel::build(&city.scenario, &request)?;
    let instance = model.instance();
    let base = city.scenario.total_weight() - instance.weights().iter().sum::<f64>();
    let reduced = write_reduced(instance, base, Path::new(&out))?;
    let matrix = reduced.matrix();
    println!(
        "{size} city: {} options, {} demand groups, {} entries, {} cameras, covered already {base}: {out}",
        matrix.n_options(),
        matrix.n_demand(),
        matrix.nnz(),
        size.default_cameras()
    );
    Ok(())
}
