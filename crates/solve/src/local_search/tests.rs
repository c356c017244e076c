use super::*;
use crate::constraints::constrained_greedy;
use crate::test_instances::{Lcg, random_conflicts, random_instance};
use crate::{CoverageMatrix, exhaustive, lazy_greedy};

/// Asserts that no single swap (nor an addition while there is room)
/// improves `plan`, by trying them all.
fn assert_locally_optimal(instance: &Instance, plan: &[u32], count: usize) {
    let value = instance.value(plan);
    let slack = 1e-9 * value.abs().max(1.0);
    let unchosen: Vec<u32> = (0..instance.n_options() as u32)
        .filter(|k| !plan.contains(k))
        .collect();
    for &out in plan {
        for &inn in &unchosen {
            let mut swapped: Vec<u32> = plan.iter().copied().filter(|&j| j != out).collect();
            swapped.push(inn);
            assert!(
                instance.value(&swapped) <= value + slack,
                "swap {out} for {inn} improves {plan:?}"
            );
        }
    }
    if plan.len() < count {
        for &inn in &unchosen {
            let mut more = plan.to_vec();
            more.push(inn);
            assert!(
                instance.value(&more) <= value + slack,
                "adding {inn} improves {plan:?}"
            );
        }
    }
}

/// A random small instance, with backup weights in half the cases.
fn small_instance(rng: &mut Lcg) -> Instance {
    let instance = random_instance(rng, 10, 25, 7, |r| r.below(5) as f64);
    match rng.below(4) {
        0 => instance.with_backup_factor(0.5).unwrap(),
        1 => instance.with_backup_factor(1.0).unwrap(),
        _ => instance,
    }
}

/// A city-like instance: demand points on a line, each option covering
/// the points within a random reach of a random centre, random weights
/// (with a fraction part), backup weights if `backup`.
fn line_instance(rng: &mut Lcg, n_options: usize, n_demand: usize, backup: bool) -> Instance {
    let rows: Vec<Vec<u32>> = (0..n_options)
        .map(|_| {
            let centre = rng.below(n_demand as u64) as i64;
            let reach = 5 + rng.below(40) as i64;
            (centre - reach..=centre + reach)
                .filter(|&d| d >= 0 && d < n_demand as i64 && rng.below(3) > 0)
                .map(|d| d as u32)
                .collect()
        })
        .collect();
    let weights = (0..n_demand).map(|_| rng.below(100) as f64 / 8.0).collect();
    let instance = Instance::new(CoverageMatrix::from_rows(n_demand, rows).unwrap(), weights).unwrap();
    if backup {
        instance.with_backup_factor(0.3).unwrap()
    } else {
        instance
    }
}

#[test]
fn never_worse_and_locally_optimal() {
    let mut rng = Lcg::new(5);
    for _ in 0..400 {
        let instance = small_instance(&mut rng);
        let n_options = instance.n_options();
        if n_options < 2 {
            continue;
        }
        let p = 1 + rng.below(n_options as u64 - 1) as usize;
        let greedy = lazy_greedy(&instance, p).unwrap();
        // From greedy's plan, and from a worse one (a prefix of it).
        let prefix = rng.below(greedy.chosen().len() as u64 + 1) as usize;
        for start in [greedy.chosen(), &greedy.chosen()[..prefix]] {
            let improved = incremental::improve(&instance, start, p, &SwapLimits::swaps(1000));
            assert!(improved.converged);
            let value = instance.value(&improved.chosen);
            assert!(value >= instance.value(start));
            assert!(value <= exhaustive::optimum(&instance, p).unwrap().objective());
            assert!(improved.chosen.len() <= p);
            assert_locally_optimal(&instance, &improved.chosen, p);
        }
    }
}

#[test]
fn the_general_search_is_locally_optimal_too() {
    let mut rng = Lcg::new(11);
    for _ in 0..150 {
        let instance = small_instance(&mut rng);
        let n_options = instance.n_options();
        if n_options < 2 {
            continue;
        }
        let p = 1 + rng.below(n_options as u64 - 1) as usize;
        let greedy = lazy_greedy(&instance, p).unwrap();
        let improved = ruled::improve(&instance, greedy.chosen(), p, None, &SwapLimits::swaps(1000));
        assert!(improved.converged);
        assert!(instance.value(&improved.chosen) >= greedy.objective());
        assert_locally_optimal(&instance, &improved.chosen, p);
    }
}

#[test]
fn escapes_the_greedy_trap() {
    // Greedy takes the middle option; the two outer ones are better.
    let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]]).unwrap();
    let instance = Instance::new(matrix, vec![1.0; 6]).unwrap();
    let greedy = lazy_greedy(&instance, 2).unwrap();
    assert_eq!(greedy.objective(), 5.0);
    assert_eq!(improve(&instance, greedy.chosen(), 2, 10, None, None), vec![0, 2]);
}

#[test]
fn matches_the_general_search_on_average() {
    let mut rng = Lcg::new(17);
    // Per start (greedy's plan, a random plan): the start's, the general
    // (best-improvement) search's and the incremental search's values,
    // and the entries each search read.
    let mut totals = [[0.0; 5]; 2];
    let (mut better, mut worse) = (0, 0);
    for round in 0..30 {
        let instance = line_instance(&mut rng, 1500, 10_000, round % 4 == 0);
        let p = 40 + rng.below(60) as usize;
        let greedy = lazy_greedy(&instance, p).unwrap();
        let random: Vec<u32> = (0..p as u32).map(|i| i * (1500 / p as u32)).collect();
        for (total, start) in totals.iter_mut().zip([greedy.chosen(), &random[..]]) {
            let limits = SwapLimits::swaps(100_000);
            let a = ruled::improve(&instance, start, p, None, &limits);
            let b = incremental::improve(&instance, start, p, &limits);
            assert!(a.converged && b.converged);
            let (va, vb) = (instance.value(&a.chosen), instance.value(&b.chosen));
            better += usize::from(vb > va + 1e-9);
            worse += usize::from(vb < va - 1e-9);
            for (t, x) in total.iter_mut().zip([
                instance.value(start),
                va,
                vb,
                a.work.entries as f64,
                b.work.entries as f64,
            ]) {
                *t += x;
            }
        }
    }
    eprintln!(
        "[start, best-improvement, incremental, entries read by each] from greedy {:?}, \
         from a spread plan {:?}; incremental better on {better}, worse on {worse} of 60",
        totals[0], totals[1]
    );
    for total in totals {
        assert!(total[2] >= total[1] * (1.0 - 1e-3));
    }
    // Many moves from a spread plan: no pass over the matrix per move.
    assert!(totals[1][4] * 4.0 < totals[1][3]);
}

#[test]
fn the_same_plan_with_one_thread_or_two() {
    let mut rng = Lcg::new(23);
    for backup in [false, true] {
        let instance = line_instance(&mut rng, 3000, 20_000, backup);
        let greedy = lazy_greedy(&instance, 150).unwrap();
        // A poor start (every tenth option) makes many moves.
        let poor: Vec<u32> = (0..150).map(|i| 10 * i).collect();
        for start in [greedy.chosen(), &poor[..]] {
            let run = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| incremental::improve(&instance, start, 150, &SwapLimits::swaps(100_000)))
            };
            let (one, two) = (run(1), run(2));
            assert!(one.converged);
            assert!(one.work.moves > 0);
            assert_eq!(one, two);
        }
    }
}

#[test]
fn a_work_limit_cuts_the_same_run_short() {
    let mut rng = Lcg::new(29);
    let instance = line_instance(&mut rng, 2000, 10_000, false);
    let poor: Vec<u32> = (0..100).map(|i| 20 * i).collect();
    let full = incremental::improve(&instance, &poor, 100, &SwapLimits::swaps(100_000));
    assert!(full.converged);
    let mut last = (instance.value(&poor), 0);
    for fraction in [0.1, 0.3, 0.6, 0.9] {
        let limits = SwapLimits {
            max_work: Some((full.work.entries as f64 * fraction) as u64),
            ..SwapLimits::swaps(100_000)
        };
        let cut = incremental::improve(&instance, &poor, 100, &limits);
        assert!(!cut.converged);
        assert!(cut.work.entries < full.work.entries);
        // The moves are a prefix of the full run's: more work, more value.
        let value = instance.value(&cut.chosen);
        assert!(value >= last.0 && cut.work.moves >= last.1);
        assert!(value <= instance.value(&full.chosen));
        last = (value, cut.work.moves);
    }
    let few = incremental::improve(&instance, &poor, 100, &SwapLimits::swaps(3));
    assert_eq!(few.work.moves, 3);
    assert!(!few.converged);
}

#[test]
fn rules_are_kept() {
    let mut rng = Lcg::new(31);
    for _ in 0..200 {
        let instance = small_instance(&mut rng);
        let n = instance.n_options();
        if n < 3 {
            continue;
        }
        let mut rules = random_conflicts(&mut rng, n, 4);
        if rng.below(2) == 0 {
            rules = rules.force_out(rng.below(n as u64) as u32).unwrap();
        }
        if rng.below(2) == 0 {
            let costs = (0..n).map(|_| 1.0 + rng.below(3) as f64).collect();
            rules = rules.budget(costs, 2.0 + rng.below(6) as f64).unwrap();
        }
        let p = 1 + rng.below(n as u64 - 1) as usize;
        let Ok(start) = constrained_greedy(&instance, p, &rules) else {
            continue;
        };
        let improved = improve_with(
            &instance,
            start.chosen(),
            p,
            Some(&rules),
            &SwapLimits::swaps(1000),
        );
        assert!(rules.is_feasible(&improved.chosen, p));
        assert!(instance.value(&improved.chosen) >= start.objective() - 1e-9);
    }
}
