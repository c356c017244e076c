//! Maximum coverage against optima computed by others: the São José dos
//! Campos instances (Lorena & Pereira; every optimum in `sjc/optima.csv`),
//! BDS10000 (Cordeau, Furini & Ljubić) and spopt's San Francisco fixture.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashMap;
use std::time::Duration;

use sightline_benchmarks::bds::read_bds;
use sightline_benchmarks::sjc::{read_sjc, read_sjc_optima};
use sightline_benchmarks::spopt::read_distance_table;
use sightline_solve::{Instance, MaxCoverage, Method};

#[test]
fn sjc_optima_are_found_and_proven_and_local_search_is_within_half_a_percent() {
    let Some(data) = sightline_benchmarks::shared_data("SJC optima") else {
        return;
    };
    let sjc = data.join("benchmarks/sjc");
    let optima = read_sjc_optima(&sjc.join("optima.csv")).unwrap();
    assert_eq!(optima.len(), 29);
    let mut instances: HashMap<(String, u64), Instance> = HashMap::new();
    let mut worst_local: f64 = 0.0;
    let mut worst_greedy: f64 = 0.0;
    for case in &optima {
        let key = (case.instance.clone(), case.service_distance as u64);
        let instance = instances.entry(key).or_insert_with(|| {
            let nodes = read_sjc(&sjc.join(format!("{}.txt", case.instance))).unwrap();
            nodes.instance(case.service_distance).unwrap()
        });
        let label = format!("{} S = {} p = {}", case.instance, case.service_distance, case.p);
        let exact = MaxCoverage::new(case.p)
            .method(Method::Exact)
            .time_limit(Duration::from_secs(120))
            .solve(instance)
            .unwrap();
        assert_eq!(exact.solution.objective(), case.optimum, "{label}");
        assert!(
            exact.proven_optimal,
            "{label}: not proven (bound {})",
            exact.upper_bound
        );
        assert_eq!(
            instance.covered_weight(exact.solution.chosen()),
            case.optimum,
            "{label}"
        );

        let greedy = MaxCoverage::new(case.p)
            .method(Method::Greedy)
            .solve(instance)
            .unwrap();
        let local = MaxCoverage::new(case.p)
            .method(Method::LocalSearch)
            .solve(instance)
            .unwrap();
        for report in [&greedy, &local] {
            assert!(report.solution.objective() <= case.optimum, "{label}");
            assert!(
                report.upper_bound >= case.optimum,
                "{label}: bound {} below the optimum",
                report.upper_bound
            );
        }
        assert!(
            greedy.solution.objective() <= local.solution.objective(),
            "{label}"
        );
        let shortfall = |value: f64| (case.optimum - value) / case.optimum;
        worst_greedy = worst_greedy.max(shortfall(greedy.solution.objective()));
        worst_local = worst_local.max(shortfall(local.solution.objective()));
        assert!(
            shortfall(local.solution.objective()) <= 0.005,
            "{label}: local search {}",
            local.solution.objective()
        );
    }
    eprintln!(
        "SJC: greedy at worst {:.2}% below the optimum, local search {:.3}%",
        100.0 * worst_greedy,
        100.0 * worst_local
    );
}

#[test]
fn bds10000_optima_are_proven() {
    let Some(data) = sightline_benchmarks::shared_data("BDS10000") else {
        return;
    };
    let bds = read_bds(&data.join("benchmarks/bds/BDS10000.txt")).unwrap();
    let instance = bds.instance(4.0).unwrap();
    for (p, optimum) in [(5, 148_143.0), (10, 282_836.0), (20, 457_626.0)] {
        let report = MaxCoverage::new(p)
            .method(Method::Exact)
            .time_limit(Duration::from_secs(120))
            .solve(&instance)
            .unwrap();
        assert_eq!(report.solution.objective(), optimum, "p = {p}");
        assert!(report.proven_optimal, "p = {p}");
        assert_eq!(report.gap, 0.0);
        // Merging demand covered by the same facilities: 10,000 → about 1,000.
        assert!(report.reduction.demand_after < 1_100, "{:?}", report.reduction);
    }
    // The greedy values published with the instances.
    let greedy = |p| {
        MaxCoverage::new(p)
            .method(Method::Greedy)
            .solve(&instance)
            .unwrap()
            .solution
            .objective()
    };
    assert_eq!(greedy(10), 282_527.0);
    assert_eq!(greedy(20), 439_087.0);
}

#[test]
fn spopt_san_francisco_exact_p4() {
    let Some(data) = sightline_benchmarks::shared_data("spopt San Francisco fixture") else {
        return;
    };
    let path = data.join("benchmarks/spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv");
    let table = read_distance_table(&path, 5000.0).unwrap();
    let report = MaxCoverage::new(4)
        .method(Method::Exact)
        .solve(&table.instance)
        .unwrap();
    assert_eq!(report.solution.objective(), 875_247.0);
    assert!(report.proven_optimal);
    let tracts = Instance::new(table.instance.matrix().clone(), vec![1.0; 205]).unwrap();
    assert_eq!(tracts.covered_weight(report.solution.chosen()), 184.0);
}

/// `auto` works to budgets that depend only on the instance (the search's
/// nodes, the branch and cut's simplex work): it proves BDS10000's
/// optima within them, with the same plan, bound, nodes and work when
/// solved again on a single thread.
#[test]
fn auto_proves_bds_optima_within_deterministic_budgets() {
    let Some(data) = sightline_benchmarks::shared_data("BDS10000 auto") else {
        return;
    };
    let bds = read_bds(&data.join("benchmarks/bds/BDS10000.txt")).unwrap();
    let instance = bds.instance(4.0).unwrap();
    for (p, optimum) in [(5, 148_143.0), (20, 457_626.0)] {
        let solve = || {
            MaxCoverage::new(p)
                .method(Method::Auto)
                .time_limit(Duration::from_secs(3600))
                .solve(&instance)
                .unwrap()
        };
        let auto = solve();
        assert_eq!(auto.solution.objective(), optimum, "p = {p}");
        assert!(auto.proven_optimal, "p = {p}");
        assert!(!auto.time_limit_reached);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(solve);
        assert_eq!(one.solution, auto.solution, "p = {p}");
        assert_eq!(one.upper_bound.to_bits(), auto.upper_bound.to_bits(), "p = {p}");
        assert_eq!((one.nodes, one.work), (auto.nodes, auto.work), "p = {p}");
    }
    // A budget of one node leaves a harder plan unproven, on any machine.
    let one = MaxCoverage::new(40)
        .method(Method::Auto)
        .node_limit(1)
        .time_limit(Duration::from_secs(3600))
        .solve(&instance)
        .unwrap();
    assert!(one.nodes <= 1);
}
