//! The San Francisco fixture of the Python library spopt: 205 census
//! tracts, 16 candidate stores, network distances. Known results (from
//! spopt's own tests): maximal covering with a 5000 m service distance and
//! p = 4 covers 875,247 of 955,113 people (184 of 205 tracts), with
//! Store_2, Store_11, Store_12 and Store_15.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use sightline::solve::{Instance, exhaustive, lazy_greedy};
use sightline_benchmarks::spopt::{DistanceTable, read_distance_table};

const KNOWN_OPTIMUM: f64 = 875_247.0;

fn table() -> Option<DistanceTable> {
    let data = sightline_benchmarks::shared_data("spopt San Francisco fixture")?;
    let path = data.join("benchmarks/spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv");
    Some(read_distance_table(&path, 5000.0).unwrap())
}

#[test]
fn the_fixture_reads_as_published() {
    let Some(table) = table() else { return };
    assert_eq!(table.sites.len(), 16);
    assert_eq!(table.demand.len(), 205);
    assert_eq!(table.instance.weights().iter().sum::<f64>(), 955_113.0);
}

#[test]
fn greedy_lies_between_the_guarantee_and_the_optimum() {
    let Some(table) = table() else { return };
    let greedy = lazy_greedy(&table.instance, 4).unwrap();
    let guarantee = (1.0 - (-1.0f64).exp()) * KNOWN_OPTIMUM;
    let names: Vec<&str> = greedy
        .chosen()
        .iter()
        .map(|&s| table.sites[s as usize].as_str())
        .collect();
    eprintln!("greedy p = 4: {} with {names:?}", greedy.objective());
    assert!(
        greedy.objective() >= guarantee,
        "{} < {guarantee}",
        greedy.objective()
    );
    assert!(greedy.objective() <= KNOWN_OPTIMUM);
    assert_eq!(table.instance.covered_weight(greedy.chosen()), greedy.objective());
}

#[test]
fn exhaustive_search_finds_the_published_optimum() {
    let Some(table) = table() else { return };
    let best = exhaustive::optimum(&table.instance, 4).unwrap();
    assert_eq!(best.objective(), KNOWN_OPTIMUM);
    let mut names: Vec<&str> = best
        .chosen()
        .iter()
        .map(|&s| table.sites[s as usize].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Store_11", "Store_12", "Store_15", "Store_2"]);
    let unweighted = Instance::new(table.instance.matrix().clone(), vec![1.0; 205]).unwrap();
    assert_eq!(unweighted.covered_weight(best.chosen()), 184.0);
}
