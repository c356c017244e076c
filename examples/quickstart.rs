//! Plan cameras for the built-in synthetic city and print the result.
//!
//! `cargo run --release --example quickstart [small|medium|large]`

use anyhow::Result;
use geo_types::Coord;
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let size: CitySize = match std::env::args().nth(1) {
        Some(arg) => arg.parse().map_err(anyhow::Error::msg)?,
        None => CitySize::Small,
    };
    let city = SyntheticCity::generate(size);
    let model = Circular::new(size.default_radius_m())?;

    let demand: Vec<Coord<f64>> = city.scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<Coord<f64>> = city.scenario.sites().iter().map(|s| s.location).collect();
    let coverage = model.build(&demand, &sites, city.scenario.existing());
    println!(
        "{size} city: {} demand points, {} sites, {} existing cameras; coverage matrix {} x {} with {} entries",
        demand.len(),
        sites.len(),
        city.scenario.existing().len(),
        coverage.matrix().n_options(),
        coverage.matrix().n_demand(),
        coverage.matrix().nnz()
    );

    let plan = plan(&city.scenario, &PlanRequest::new(size.default_cameras(), model))?;
    println!(
        "{} cameras: covered {:.1}% of demand (existing cameras alone {:.1}%), planned in {:.3} s",
        plan.chosen.len(),
        100.0 * plan.covered_fraction,
        100.0 * plan.covered_before / plan.total_weight,
        plan.runtime.as_secs_f64()
    );
    for site in plan.chosen.iter().take(5) {
        println!(
            "  #{} {} in {}: +{}",
            site.rank,
            site.id,
            site.district.as_deref().unwrap_or("-"),
            site.gain
        );
    }
    for district in &plan.districts.rows {
        println!(
            "  {:<12} demand {:>8} covered {:>8} -> {:>8}, {} new cameras",
            district.name.as_deref().unwrap_or("(outside)"),
            district.demand,
            district.covered_before,
            district.covered_after,
            district.cameras_added
        );
    }
    Ok(())
}
