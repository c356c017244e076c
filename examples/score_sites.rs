//! Score every candidate site on its own, before choosing any: the demand
//! each would newly cover beyond the existing cameras, best first, and the
//! scores written as CSV and GeoJSON for a GIS.
//!
//! `cargo run --release --example score_sites [OUT_DIR]`

use anyhow::Result;
use sightline::io::Plane;
use sightline::output;
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "score-sites-output".to_owned());
    let city = SyntheticCity::generate(CitySize::Small);
    let model = CameraModel::disc(100.0)?;
    let mut scores = score_sites(&city.scenario, &model)?;
    println!(
        "scored {} candidate sites against {} demand points ({} existing cameras)",
        scores.len(),
        city.scenario.demand().len(),
        city.scenario.existing().len()
    );
    // Best first; ties in site order, so the list is the same on every run.
    scores.sort_by(|a, b| b.new_demand.total_cmp(&a.new_demand).then(a.site.cmp(&b.site)));
    println!(
        "{:>4}  {:<8} {:<12} {:>10} {:>7}",
        "rank", "site", "district", "new demand", "points"
    );
    for (rank, score) in scores.iter().take(10).enumerate() {
        println!(
            "{:>4}  {:<8} {:<12} {:>10} {:>7}",
            rank + 1,
            score.id,
            score.district.as_deref().unwrap_or("-"),
            score.new_demand,
            score.new_points
        );
    }
    let useless = scores.iter().filter(|s| s.new_demand == 0.0).count();
    println!("{useless} sites would add nothing the existing cameras do not already see");

    let plane = Plane::local(city.origin_lonlat)?;
    let files = vec![
        ("scores.csv", output::scores_csv(&scores, &plane)?),
        ("scores.geojson", output::scores_geojson(&scores, &plane)?),
    ];
    output::write_files(out.as_ref(), files)?;
    println!("wrote {out}/scores.csv and {out}/scores.geojson");
    Ok(())
}
