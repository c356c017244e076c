//! Writing a reduced maximum-coverage instance for the outside solvers
//! (`examples/peers/lp_bound.py`, `mip_highs.py`, `branch_and_cut_highs.py`).
//!
//! Layout (little-endian): options `u64`, groups `u64`, the weight the
//! existing cameras already cover `f64`, one `f64` weight per group, then
//! per option its number of groups `u32` and the groups `u32`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use sightline::solve::{Instance, reduce};

/// Reduces `instance` (see `sightline::solve::reduce`), writes it to
/// `path` with `covered_already` in the header, and returns the reduced
/// instance.
pub fn write_reduced(instance: &Instance, covered_already: f64, path: &Path) -> Result<Instance> {
    let reduced = reduce(instance, true).instance;
    let matrix = reduced.matrix();
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(path).with_context(|| path.display().to_string())?);
    file.write_all(&(matrix.n_options() as u64).to_le_bytes())?;
    file.write_all(&(matrix.n_demand() as u64).to_le_bytes())?;
    file.write_all(&covered_already.to_le_bytes())?;
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
    Ok(reduced)
}
