//! The fewest cameras that cover a share of the demand: minimum-cost set
//! covering, with a lower bound that says how far the answer can be from
//! the cheapest possible plan.
//!
//! `cargo run --release --example min_cameras [FRACTION]` (default 0.9)

use anyhow::{Context, Result};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let fraction: f64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().with_context(|| format!("`{arg}` is not a number"))?,
        None => 0.9,
    };
    let city = SyntheticCity::generate(CitySize::Small);
    let request = PlanRequest::coverage_target(fraction, Circular::new(100.0)?);
    let plan = plan(&city.scenario, &request)?;
    println!(
        "{} cameras cover {:.1}% of the demand any camera can reach (target {:.1}%; {:.1}% of all demand, existing cameras alone {:.1}%)",
        plan.chosen.len(),
        100.0 * plan.objective / plan.coverable_weight,
        100.0 * fraction,
        100.0 * plan.covered_fraction,
        100.0 * plan.covered_before / plan.total_weight
    );
    match plan.outcome.cost_lower_bound() {
        Some(lower) if plan.solver.proven_optimal => {
            println!("proven: no plan reaching the target uses fewer than {lower} cameras")
        }
        Some(lower) => println!(
            "no plan reaching the target uses fewer than {lower} cameras (gap {:.1}%)",
            100.0 * plan.outcome.gap()
        ),
        None => {}
    }
    // Where the money stops paying off: what each camera of the plan adds.
    for step in plan.curve.iter().step_by(5) {
        println!(
            "  {:>3} cameras: {:.1}% of demand (no {} cameras can exceed {:.1}%)",
            step.cameras,
            100.0 * step.score / plan.total_weight,
            step.cameras,
            100.0 * step.upper_bound / plan.total_weight
        );
    }
    Ok(())
}
