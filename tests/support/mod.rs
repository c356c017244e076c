//! Helpers shared by the integration tests: where the shared data lives,
//! and readers for benchmark formats that are not part of the public API.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The folder of real test data (`../shared/data` beside the repository,
/// or `$SIGHTLINE_SHARED_DATA`). `None` with a printed notice when it is
/// absent, unless `SIGHTLINE_REQUIRE_SHARED_DATA` is set (CI sets it), in
/// which case a missing folder fails the test.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("SIGHTLINE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if path.is_dir() {
        return Some(path);
    }
    if std::env::var_os("SIGHTLINE_REQUIRE_SHARED_DATA").is_some() {
        panic!(
            "{test}: shared data not found at {} and SIGHTLINE_REQUIRE_SHARED_DATA is set",
            path.display()
        );
    }
    // Written to the real stderr, past the test harness's capture, so the
    // skip shows in a plain `cargo test` run.
    let notice = format!("skipping {test}: shared data not found at {}\n", path.display());
    let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
    None
}

/// A coverage instance read from a distance table: which candidate covers
/// which demand point, with demand weights.
pub struct DistanceTable {
    pub sites: Vec<String>,
    pub demand: Vec<String>,
    pub weights: Vec<f64>,
    /// For each site, the demand indices within the service distance.
    pub covers: Vec<Vec<u32>>,
}

/// Reads spopt's San Francisco network-distance table
/// (`distance,name,DestinationName,demand`, one row per site and tract);
/// a tract is covered by a site when the distance is `<= service_m`.
/// Sites and tracts are numbered in order of first appearance.
pub fn read_spopt_distance_table(path: &Path, service_m: f64) -> DistanceTable {
    let mut reader = csv::Reader::from_path(path).expect("open the distance table");
    let mut sites: Vec<String> = Vec::new();
    let mut site_index: HashMap<String, usize> = HashMap::new();
    let mut demand: Vec<String> = Vec::new();
    let mut demand_index: HashMap<String, usize> = HashMap::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut covers: Vec<Vec<u32>> = Vec::new();
    for record in reader.records() {
        let record = record.expect("a CSV record");
        let distance: f64 = record[0].parse().expect("distance is a number");
        let site = record[1].to_owned();
        let tract = record[2].to_owned();
        let weight: f64 = record[3].parse().expect("demand is a number");
        let s = *site_index.entry(site.clone()).or_insert_with(|| {
            sites.push(site);
            covers.push(Vec::new());
            sites.len() - 1
        });
        let d = *demand_index.entry(tract.clone()).or_insert_with(|| {
            demand.push(tract);
            weights.push(weight);
            demand.len() - 1
        });
        assert_eq!(weights[d], weight, "a tract's demand is the same on every row");
        if distance <= service_m {
            covers[s].push(d as u32);
        }
    }
    DistanceTable {
        sites,
        demand,
        weights,
        covers,
    }
}
