//! Goyang, end to end on real public data: the national standard
//! security-light CSV (CP949, 12,108 rows of which 6,374 have no
//! coordinates) as candidate sites, the Deogyang CCTV as existing cameras,
//! the 39 dong as districts. There is no public complaint layer, so the
//! demand is a stand-in: the kernel density of the security lights on a
//! 50 m grid (lights mark the streets people walk at night). Writes every
//! output a council would get, map and chart included.
//!
//! ```text
//! cargo run --release --example goyang -- ../shared/data/goyang [OUT_DIR] [CAMERAS]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use sightline::output::{self, ReportContext};
use sightline::prelude::*;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(args.next().context(
        "usage: goyang GOYANG_DATA_FOLDER [OUT_DIR] [CAMERAS]  (the folder holding goyang_security_lights_2021_cp949.csv)",
    )?);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "goyang-output".to_owned()));
    let cameras: usize = match args.next() {
        Some(n) => n
            .parse()
            .with_context(|| format!("CAMERAS is `{n}`, not a whole number"))?,
        None => 50,
    };
    run(&folder, &out, cameras)?;
    Ok(())
}

/// Plans `cameras` cameras for Goyang from the files in `folder` and writes
/// every output to `out`; the plan. (The test of `report.html` runs this
/// very function.)
pub fn run(folder: &Path, out: &Path, cameras: usize) -> Result<Plan> {
    let started = Instant::now();

    // The lights are read as demand too: their density becomes the grid
    // below.
    let lights = folder.join("goyang_security_lights_2021_cp949.csv");
    let loaded = Inputs::new(&lights, &lights)
        .existing(folder.join("deogyang_cctv.geojson"))
        .districts(folder.join("goyang_dong_2018.geojson"))
        .district_name("name")
        .load()?;
    for layer in &loaded.layers {
        println!(
            "{:<9} {}: {} kept of {} {}{}",
            layer.role,
            layer.path.display(),
            layer.items,
            layer.features,
            if layer.format.is_some() {
                "rows"
            } else {
                "features"
            },
            layer
                .skipped_note
                .as_deref()
                .map(|note| format!(" ({note})"))
                .unwrap_or_default()
        );
    }

    let cell_m = 50.0;
    let lights_demand = &loaded.scenario.demand();
    let surface = DemandSurface::new(SurfaceMode::Grid, cell_m)
        .layer(SurfaceLayer::density(
            "security lights",
            lights_demand.iter().map(|d| d.location).collect(),
            lights_demand.iter().map(|d| d.weight).collect(),
        ))
        .build(&loaded.scenario)?;
    println!(
        "demand: {} cells of {cell_m} m inside the dong ({} cells outside left out)",
        surface.demand.len(),
        surface.cells_outside_districts
    );
    let scenario = loaded.scenario.clone().with_demand(surface.demand);
    let request = PlanRequest::new(cameras, Circular::new(50.0)?).method(Method::LocalSearch);
    let plan = plan(&scenario, &request)?;
    println!(
        "{} cameras on security-light poles: demand covered {:.1}% -> {:.1}% ({:.2}% gap to the best possible plan{}), {:.2} s",
        plan.chosen.len(),
        100.0 * plan.covered_before / plan.total_weight,
        100.0 * plan.covered_fraction,
        100.0 * plan.outcome.gap(),
        if plan.solver.proven_optimal {
            ", proven optimal"
        } else {
            ""
        },
        started.elapsed().as_secs_f64()
    );

    let title = "Goyang: new cameras where lit streets lack CCTV";
    let context = ReportContext::new(title)
        .layers(&loaded.layers)
        .command("cargo run --release --example goyang")
        .note(format!(
            "Demand is a stand-in: the kernel density of the security lights on {cell_m} m cells inside the 39 dong (bandwidth by Silverman's rule)."
        ));
    let plane = &loaded.plane;
    let files = output::all_files(&plan, &scenario, plane, &context, Some(cell_m))?;
    output::write_files(out, files)?;
    println!(
        "wrote {}/ (report.md, report.html, map.svg, curve.svg, ...)",
        out.display()
    );
    Ok(plan)
}
