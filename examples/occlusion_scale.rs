//! View cones with occlusion at the scale of issue 4's speed floor, with
//! the counts behind the criterion figure: the large synthetic city's
//! 20,000 sites, a fixed 90° 50 m camera at 8 headings each, over a grid of
//! 1,000,000 cells, with 50,000 buildings.
//!
//! `cargo run --release --example occlusion_scale`

use std::time::Instant;

use sightline::coverage::{CameraType, Site, ViewModel};
use sightline::index::{BuildingIndex, PointIndex};
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> anyhow::Result<()> {
    let city = SyntheticCity::generate(CitySize::Large);
    let sites: Vec<Site> = city
        .scenario
        .sites()
        .iter()
        .map(|s| Site::new(s.location))
        .collect();
    let started = Instant::now();
    let cells = PointIndex::new(&city.grid_cells(1000, 1000));
    let buildings = BuildingIndex::new(city.buildings());
    println!(
        "indexes: {} cells, {} buildings in {:.2} s",
        cells.len(),
        buildings.len(),
        started.elapsed().as_secs_f64()
    );
    let fixed = CameraType::new("fixed", 50.0, 90.0)?.headings(8)?;
    let model = ViewModel::new(vec![fixed])?;
    for (label, blocking) in [("without buildings", None), ("with buildings", Some(&buildings))] {
        let started = Instant::now();
        let view = model.build(&cells, &sites, &[], blocking);
        let entries: usize = (0..view.options().len()).map(|o| view.seen_by(o).len()).sum();
        println!(
            "{label}: {} options, {entries} (option, cell) pairs seen, in {:.2} s",
            view.options().len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
