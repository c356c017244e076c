//! Writes a synthetic city's reduced maximum-coverage instance (what the
//! solvers and the bound work on) to a small binary file, for an outside
//! LP solver to check the bound against:
//! `cargo run --release --example reduced_instance -- xlarge /tmp/xl.bin`,
//! then `python examples/peers/lp_bound.py /tmp/xl.bin 2000`.
//!
//! Layout (little-endian): options `u64`, groups `u64`, the weight the
//! existing cameras already cover `f64`, one `f64` weight per group, then
//! per option its number of groups `u32` and the groups `u32`.

use std::io::Write;

use anyhow::{Context, Result};
use sightline::coverage::Circular;
use sightline::solve::reduce;
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
    let reduced = reduce(instance, true).instance;
    let matrix = reduced.matrix();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out).with_context(|| out.clone())?);
    file.write_all(&(matrix.n_options() as u64).to_le_bytes())?;
    file.write_all(&(matrix.n_demand() as u64).to_le_bytes())?;
    file.write_all(&base.to_le_bytes())?;
    for weight in reduced.weights() {
        file.write_all(&weight.to_le_bytes())?;
    }
    for option in 0..matrix.n_options() {
        let row = matrix.row(option);
        file.write_all(&(row.len() as u32).to_le_bytes())?;
        for &group in row {
            file.write_all(&group.to_le_bytes())?;
        }
    }
    file.flush()?;
    println!(
        "{size} city: {} options, {} demand groups, {} entries, {} cameras, covered already {base}: {out}",
        matrix.n_options(),
        matrix.n_demand(),
        matrix.nnz(),
        size.default_cameras()
    );
    Ok(())
}
