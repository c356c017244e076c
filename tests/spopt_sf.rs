//! The San Francisco fixture of the Python library spopt: 205 census
//! tracts, 16 candidate stores, network distances. Known results (from
//! spopt's own tests): maximal covering with a 5000 m service distance and
//! p = 4 covers 875,247 of 955,113 people (184 of 205 tracts), with
//! Store_2, Store_11, Store_12 and Store_15.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use sightline::solve::{CoverageMatrix, Instance, exhaustive, lazy_greedy};

const KNOWN_OPTIMUM: f64 = 875_247.0;

fn instance() -> Option<(support::DistanceTable, Instance)> {
    let data = support::shared_data("spopt San Francisco fixture")?;
    let path = data.join("benchmarks/spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv");
    let table = support::read_spopt_distance_table(&path, 5000.0);
    let matrix = CoverageMatrix::from_rows(table.demand.len(), &table.covers).unwrap();
    let instance = Instance::new(matrix, table.weights.clone()).unwrap();
    Some((table, instance))
}

#[test]
fn the_fixture_reads_as_published() {
    let Some((table, _)) = instance() else { return };
    assert_eq!(table.sites.len(), 16);
    assert_eq!(table.demand.len(), 205);
    assert_eq!(table.weights.iter().sum::<f64>(), 955_113.0);
}

#[test]
fn greedy_lies_between_the_guarantee_and_the_optimum() {
    let Some((table, instance)) = instance() else {
        return;
    };
    let greedy = lazy_greedy(&instance, 4).unwrap();
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
    assert_eq!(instance.covered_weight(greedy.chosen()), greedy.objective());
}

#[test]
fn exhaustive_search_finds_the_published_optimum() {
    let Some((table, instance)) = instance() else {
        return;
    };
    let best = exhaustive::optimum(&instance, 4).unwrap();
    assert_eq!(best.objective(), KNOWN_OPTIMUM);
    let mut names: Vec<&str> = best
        .chosen()
        .iter()
        .map(|&s| table.sites[s as usize].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Store_11", "Store_12", "Store_15", "Store_2"]);
    let unweighted = Instance::new(instance.matrix().clone(), vec![1.0; 205]).unwrap();
    assert_eq!(unweighted.covered_weight(best.chosen()), 184.0);
}
