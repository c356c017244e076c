//! The most coverage a budget buys when sites cost different amounts: a
//! pole that needs a new power line costs more than one beside a street
//! light. Compares the budget plan with the plan that ignores costs.
//!
//! `cargo run --release --example budget [BUDGET]` (default 40)

use anyhow::{Context, Result};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let budget: f64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().with_context(|| format!("`{arg}` is not a number"))?,
        None => 40.0,
    };
    let city = SyntheticCity::generate(CitySize::Small);
    // Costs of 1 to 4 by site, from the site's position in the list: a
    // stand-in for a real cost column (`Inputs::site_cost`).
    let sites: Vec<CandidateSite> = city
        .scenario
        .sites()
        .iter()
        .enumerate()
        .map(|(i, site)| site.clone().with_cost(1.0 + (i * 7 % 4) as f64))
        .collect();
    let scenario = Scenario::new(city.scenario.demand().to_vec(), sites)
        .with_existing(city.scenario.existing().to_vec())
        .with_districts(city.scenario.districts().to_vec());
    let model = Circular::new(100.0)?;

    let within = plan(&scenario, &PlanRequest::within_budget(budget, model))?;
    println!(
        "budget {budget}: {} cameras costing {}, demand covered {:.1}% (existing alone {:.1}%), gap {:.2}%{}",
        within.chosen.len(),
        within.cost,
        100.0 * within.covered_fraction,
        100.0 * within.covered_before / within.total_weight,
        100.0 * within.outcome.gap(),
        if within.solver.proven_optimal {
            " (proven optimal)"
        } else {
            ""
        }
    );
    // The same number of cameras, costs ignored: better coverage, but it
    // would cost more than the budget.
    let same_count = plan(&scenario, &PlanRequest::new(within.chosen.len(), model))?;
    println!(
        "ignoring costs, {} cameras cover {:.1}% but cost {}",
        same_count.chosen.len(),
        100.0 * same_count.covered_fraction,
        same_count.cost
    );
    for district in &within.districts.rows {
        println!(
            "  {:<12} {} cameras, {:.1}% of the budget",
            district.name.as_deref().unwrap_or("(outside)"),
            district.cameras_added,
            100.0 * district.cost_added / budget
        );
    }
    Ok(())
}
