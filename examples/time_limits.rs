//! Time limits that hold at city scale. The metropolis demo city
//! (1,000,000 demand points, 100,000 candidate sites, 2,500 existing
//! cameras, 25 districts) is written to GeoJSON files, then planned from
//! them with 2,000 cameras of 100 m by each solver under a time limit, as
//! `sightline plan ... --time-limit SECONDS` would. For each solver it
//! prints how long reading the files took, how long everything after
//! reading took (building, solving, evaluating, rendering and writing:
//! what the limit covers), the whole run, and the plan's coverage, bound
//! and gap.
//!
//! ```text
//! cargo run --release --example time_limits -- [SECONDS] [SIZE] [SOLVER,SOLVER]
//! ```
//!
//! SECONDS defaults to 10, SIZE to `metropolis` (any demo size), the
//! solvers to all four.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sightline::io::Plane;
use sightline::output;
use sightline::prelude::*;
use sightline::study::{DiscCamera, Event, Layer, Objective, Outputs, Role, Stage, Study};
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args
        .next()
        .map_or(Ok(10.0), |s| s.parse())
        .context("SECONDS is not a number")?;
    let size: CitySize = args
        .next()
        .map_or(Ok(CitySize::Metropolis), |s| s.parse())
        .map_err(anyhow::Error::msg)?;
    let solvers: Vec<Method> = match args.next() {
        Some(list) => list
            .split(',')
            .map(|s| s.parse().map_err(anyhow::Error::msg))
            .collect::<Result<_>>()?,
        None => vec![Method::Greedy, Method::LocalSearch, Method::Exact, Method::Auto],
    };

    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let city = SyntheticCity::generate(size);
    let plane = Plane::local(city.origin_lonlat)?;
    output::write_files(dir.path(), output::scenario_layers(&city.scenario, &plane)?)?;
    println!(
        "{size} city: {} demand points, {} sites, {} existing cameras; files written in {:.1} s",
        city.scenario.demand().len(),
        city.scenario.sites().len(),
        city.scenario.existing().len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "{:<7} {:>7} {:>7} {:>9} {:>8} {:>13} {:>8} {:>9} {:>9} {:>8} {:>7}",
        "solver",
        "read s",
        "plan s",
        "render s",
        "write s",
        "after read s",
        "total s",
        "covered",
        "bound",
        "gap",
        "proven"
    );
    for method in solvers {
        let file = |name: &str| dir.path().join(name);
        let mut study = Study::default();
        let mut sites = Layer::new(Role::Sites, file("sites.geojson"));
        sites.id = Some("site_id".to_owned());
        let mut districts = Layer::new(Role::Districts, file("districts.geojson"));
        districts.name = Some("name".to_owned());
        study.layers = vec![
            Layer::new(Role::Demand, file("demand.geojson")).weight("weight"),
            sites,
            Layer::new(Role::Existing, file("existing.geojson")),
            districts,
        ];
        study.camera = Some(DiscCamera::new(size.default_radius_m()));
        let mut objective = Objective::default();
        objective.cameras = Some(size.default_cameras());
        study.objective = Some(objective);
        study.solver.method = Some(method);
        study.solver.time_limit_s = Some(seconds);
        let out = dir.path().join(format!("out-{method}"));
        study.outputs = Some(Outputs::new(&out));
        let checked = study.validate()?;

        let started = Instant::now();
        // When each stage ended, from the start.
        let mut ended = [Duration::ZERO; 3];
        let outcome = sightline::study::run_with(&checked, "time_limits", &mut |event| match event {
            Event::Finished(Stage::Load) => ended[0] = started.elapsed(),
            Event::Finished(Stage::Plan) => ended[1] = started.elapsed(),
            Event::Finished(Stage::Render) => ended[2] = started.elapsed(),
            _ => {}
        })?;
        output::write_files(&out, outcome.files)?;
        let total = started.elapsed();
        let read = ended[0];
        let plan = &outcome.plan;
        let percent = |w: f64| 100.0 * w / plan.total_weight;
        println!(
            "{:<7} {:>7.2} {:>7.2} {:>9.2} {:>8.2} {:>13.2} {:>8.2} {:>8.2}% {:>8.2}% {:>7.2}% {:>7}",
            method.to_string(),
            read.as_secs_f64(),
            (ended[1] - ended[0]).as_secs_f64(),
            (ended[2] - ended[1]).as_secs_f64(),
            (total - ended[2]).as_secs_f64(),
            (total - read).as_secs_f64(),
            total.as_secs_f64(),
            percent(plan.score),
            percent(plan.outcome.upper_bound().unwrap_or(plan.score)),
            100.0 * plan.outcome.gap(),
            plan.solver.proven_optimal
        );
        std::fs::remove_dir_all(&out)?;
    }
    Ok(())
}
