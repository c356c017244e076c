//! The São José dos Campos and BDS readers against the real files in
//! `../shared/data/benchmarks`, and the SJC reader against the published
//! optima (skipped with a notice when the shared data is absent).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use sightline_benchmarks::bds::read_bds;
use sightline_benchmarks::sjc::{SjcOptimum, read_sjc, read_sjc_optima};
use sightline_solve::exhaustive;

fn sjc_dir(test: &str) -> Option<PathBuf> {
    sightline_benchmarks::shared_data(test).map(|data| data.join("benchmarks/sjc"))
}

fn optima(dir: &std::path::Path) -> Vec<SjcOptimum> {
    read_sjc_optima(&dir.join("optima.csv")).unwrap()
}

#[test]
fn sjc324_has_324_nodes() {
    let Some(dir) = sjc_dir("sjc324_has_324_nodes") else {
        return;
    };
    let nodes = read_sjc(&dir.join("SJC324.txt")).unwrap();
    assert_eq!(nodes.x.len(), 324);
    assert_eq!(nodes.y.len(), 324);
    assert_eq!(nodes.demand.len(), 324);
    assert_eq!(
        (nodes.x[0], nodes.y[0], nodes.demand[0]),
        (409154.0, 435528.0, 50.0)
    );
}

#[test]
fn every_sjc_file_reads() {
    let Some(dir) = sjc_dir("every_sjc_file_reads") else {
        return;
    };
    for n in [324, 402, 500, 708, 818] {
        let nodes = read_sjc(&dir.join(format!("SJC{n}.txt"))).unwrap();
        assert_eq!(nodes.x.len(), n);
        // Every node covers at least itself.
        let instance = nodes.instance(800.0).unwrap();
        assert!(instance.matrix().rows().all(|row| !row.is_empty()));
    }
}

#[test]
fn sjc_optima_match_the_files() {
    let Some(dir) = sjc_dir("sjc_optima_match_the_files") else {
        return;
    };
    let optima = optima(&dir);
    assert_eq!(optima.len(), 29);
    for row in &optima {
        let nodes = read_sjc(&dir.join(format!("{}.txt", row.instance))).unwrap();
        assert_eq!(nodes.x.len(), row.n, "{}", row.instance);
        let total: f64 = nodes.demand.iter().sum();
        assert_eq!(total, row.total_demand, "{}", row.instance);
        assert!(row.optimum <= row.total_demand);
    }
}

/// The reader (and the coverage rule `distance <= S`) reproduce the
/// published optima where exhaustive search is cheap.
#[test]
fn sjc324_exhaustive_optima_match_the_published_ones() {
    let Some(dir) = sjc_dir("sjc324_exhaustive_optima_match_the_published_ones") else {
        return;
    };
    let nodes = read_sjc(&dir.join("SJC324.txt")).unwrap();
    let instance = nodes.instance(800.0).unwrap();
    let published = optima(&dir);
    for p in [1, 2] {
        let row = published
            .iter()
            .find(|row| row.instance == "SJC324" && row.service_distance == 800.0 && row.p == p)
            .unwrap();
        let best = exhaustive::optimum(&instance, p).unwrap();
        assert_eq!(best.objective(), row.optimum, "p = {p}");
    }
}

#[test]
fn bds10000_counts_and_demand() {
    let Some(data) = sightline_benchmarks::shared_data("bds10000_counts_and_demand") else {
        return;
    };
    let bds = read_bds(&data.join("benchmarks/bds/BDS10000.txt")).unwrap();
    assert_eq!(bds.facility_x.len(), 100);
    assert_eq!(bds.facility_y.len(), 100);
    assert_eq!(bds.customer_x.len(), 10_000);
    assert_eq!(bds.demand.len(), 10_000);
    assert_eq!(bds.demand.iter().sum::<f64>(), 502_399.0);
    let instance = bds.instance(4.0).unwrap();
    assert_eq!(instance.n_options(), 100);
    assert_eq!(instance.weights().len(), 10_000);
    // All 100 facilities together cover at most everything.
    let all: Vec<u32> = (0..100).collect();
    assert!(instance.covered_weight(&all) <= 502_399.0);
}

#[test]
fn every_bds_file_reads() {
    let Some(data) = sightline_benchmarks::shared_data("every_bds_file_reads") else {
        return;
    };
    for n in [1_000, 10_000, 100_000] {
        let bds = read_bds(&data.join(format!("benchmarks/bds/BDS{n}.txt"))).unwrap();
        assert_eq!(bds.facility_x.len(), 100);
        assert_eq!(bds.customer_x.len(), n);
    }
}

#[test]
fn malformed_files_are_format_errors() {
    use sightline_benchmarks::Error;
    let dir = std::env::temp_dir().join("sightline-benchmarks-readers-test");
    std::fs::create_dir_all(&dir).unwrap();

    let path = dir.join("short.txt");
    std::fs::write(&path, "3\t9999\tp\tS\n1\t2\t3\n4\t5\t6\n").unwrap();
    assert!(matches!(read_sjc(&path), Err(Error::Format { line: 0, .. })));
    std::fs::write(&path, "2\t9999\tp\tS\n1\t2\t3\n\n4\t5\tNaN\n").unwrap();
    assert!(matches!(read_sjc(&path), Err(Error::Format { line: 4, .. })));

    let path = dir.join("bds.txt");
    std::fs::write(&path, "1\t1\nF\t0\t0\t0\t1\nC\t1\t0\t0\t5\n").unwrap();
    assert!(matches!(read_bds(&path), Err(Error::Format { line: 3, .. })));
    std::fs::write(&path, "1\t1\nF\t0\t0\t0\t1\nX\t0\t0\t0\t5\n").unwrap();
    assert!(matches!(read_bds(&path), Err(Error::Format { line: 3, .. })));

    assert!(matches!(
        read_sjc(&dir.join("absent.txt")),
        Err(Error::Read { .. })
    ));
    assert!(matches!(
        read_sjc_optima(&dir.join("absent.csv")),
        Err(Error::Read { .. })
    ));
}
