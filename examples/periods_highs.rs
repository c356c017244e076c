//! The worst-period plan against HiGHS on Goyang: the shipped synthetic
//! hourly table on the 39 dong's grid cells, four periods, the
//! security-light poles as sites and Deogyang's CCTV as existing cameras.
//! Both solve max min_k f_k (f_k: the covered share of period k's
//! demand) with the same cameras; HiGHS's optimum (or its bound) must lie
//! between our plan's value and our upper bound.
//!
//! ```text
//! cargo run --release --features highs --example periods_highs -- ../shared/data/goyang [GRID_M] [CAMERAS] [SECONDS]
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use sightline::coverage::Circular;
use sightline::index::PointIndex;
use sightline::periods::PeriodObjective;
use sightline::solve::{AcrossPeriods, Method, Periods, highs};
use sightline::study::{DemandMode, DiscCamera, Layer, Objective, PeriodSpec, Role, Study};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(
        args.next()
            .context("usage: periods_highs GOYANG_DATA_FOLDER [GRID_M] [CAMERAS] [SECONDS]")?,
    );
    let grid_m: f64 = args.next().map_or(Ok(100.0), |a| a.parse()).context("GRID_M")?;
    let cameras: usize = args.next().map_or(Ok(50), |a| a.parse()).context("CAMERAS")?;
    let seconds: u64 = args.next().map_or(Ok(120), |a| a.parse()).context("SECONDS")?;

    let checked = study(&folder, grid_m, cameras).validate()?;
    let loaded = checked.load()?;
    let scenario = loaded.scenario();
    let periods = scenario.periods().context("the study has periods")?;
    // The disc coverage of every pole, keeping what existing cameras see.
    let cells: Vec<_> = scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<_> = scenario.sites().iter().map(|s| s.location).collect();
    let coverage =
        Circular::new(50.0)?.build_keeping_covered(&PointIndex::new(&cells), &sites, scenario.existing());
    let seen: Vec<bool> = coverage.existing_counts().iter().map(|&c| c > 0).collect();
    let (matrix, _) = coverage.into_parts();
    let weights: Vec<Vec<f64>> = periods
        .weights
        .iter()
        .map(|w| {
            w.iter()
                .zip(&seen)
                .map(|(&w, &s)| if s { 0.0 } else { w })
                .collect()
        })
        .collect();
    let totals: Vec<f64> = periods.weights.iter().map(|w| w.iter().sum()).collect();
    let before: Vec<f64> = periods
        .weights
        .iter()
        .map(|w| w.iter().zip(&seen).filter(|(_, s)| **s).map(|(w, _)| w).sum())
        .collect();
    let importance = periods.periods.iter().map(|p| p.weight).collect();
    let demand = Periods::new(weights, importance)?
        .totals(totals)?
        .before(before)?;
    println!(
        "Goyang, {} cells of {grid_m} m, {} poles, {} existing cameras, {} periods, {cameras} cameras",
        cells.len(),
        sites.len(),
        scenario.existing().len(),
        demand.len()
    );

    let started = Instant::now();
    let ours = AcrossPeriods::new(cameras, PeriodObjective::Worst)
        .method(Method::Auto)
        .time_limit(Duration::from_secs(seconds))
        .solve(&matrix, &demand)?;
    println!(
        "sightline auto: worst period {:.6}%, upper bound {:.6}%, gap {:.4}%{}, {} rounds, {:.2} s",
        100.0 * ours.value,
        100.0 * ours.upper_bound,
        100.0 * ours.gap,
        if ours.proven_optimal {
            " (proven optimal)"
        } else {
            ""
        },
        ours.rounds,
        started.elapsed().as_secs_f64()
    );
    let theirs = highs::max_min_coverage(&matrix, &demand, cameras, Duration::from_secs(seconds))?;
    println!(
        "HiGHS: worst period {:.6}%, its bound {:.6}%{}, {:.2} s",
        100.0 * theirs.objective,
        100.0 * theirs.bound,
        if theirs.optimal {
            " (optimal)"
        } else {
            " (time limit)"
        },
        theirs.runtime.as_secs_f64()
    );
    let tolerance = 1e-7;
    ensure!(
        theirs.objective <= ours.upper_bound + tolerance,
        "HiGHS found a plan above our upper bound"
    );
    if theirs.optimal {
        ensure!(
            theirs.objective >= ours.value - tolerance,
            "our plan is above HiGHS's optimum"
        );
    }
    println!(
        "HiGHS's plan lies below our bound; ours is within {:.4}% of HiGHS's best",
        100.0 * (theirs.objective - ours.value).max(0.0) / theirs.objective.max(1e-12)
    );
    Ok(())
}

/// Goyang's hourly population on a grid, four periods.
fn study(folder: &Path, grid_m: f64, cameras: usize) -> Study {
    let mut study = Study::default();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/population/goyang_hourly.csv");
    study.layers.push(Layer::new(Role::Population, shipped));
    study.layers.push(Layer::new(
        Role::Sites,
        folder.join("goyang_security_lights_2021_cp949.csv"),
    ));
    study
        .layers
        .push(Layer::new(Role::Existing, folder.join("deogyang_cctv.geojson")));
    study.layers.push(Layer::new(
        Role::Districts,
        folder.join("goyang_dong_2018.geojson"),
    ));
    study.camera = Some(DiscCamera::new(50.0));
    study.demand.mode = Some(DemandMode::Grid);
    study.demand.grid_m = Some(grid_m);
    for (name, hours, weight) in [
        ("night", "22-06", 2.0),
        ("morning", "06-10", 1.0),
        ("day", "10-17", 1.0),
        ("evening", "17-22", 1.0),
    ] {
        let mut spec = PeriodSpec::new(name, hours);
        spec.weight = Some(weight);
        study.periods.push(spec);
    }
    let mut objective = Objective::default();
    objective.cameras = Some(cameras);
    study.objective = Some(objective);
    study
}
