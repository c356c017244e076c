//! Coverage across periods against brute force on small seeded random
//! instances: the bounds hold, the worst-period plan is at least as good
//! (in its worst period) as the weighted plan and every single-period
//! plan, one period is exactly maximum coverage, and bad period data is
//! refused with messages that say where.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use sightline_solve::{
    AcrossPeriods, CoverageMatrix, Error, Instance, MaxCoverage, Method, PeriodObjective, Periods,
    SideConstraints,
};

/// Knuth's MMIX linear congruential generator: the same cases everywhere.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }
}

/// A case: the matrix, the periods and the number of options.
struct Case {
    matrix: CoverageMatrix,
    weights: Vec<Vec<f64>>,
    totals: Vec<f64>,
    before: Vec<f64>,
    importance: Vec<f64>,
    count: usize,
}

impl Case {
    fn random(rng: &mut Lcg) -> Self {
        let n_options = rng.between(8, 12) as usize;
        let n_demand = rng.between(20, 40) as usize;
        let n_periods = rng.between(2, 4) as usize;
        let rows: Vec<Vec<u32>> = (0..n_options)
            .map(|_| {
                (0..rng.between(1, 8))
                    .map(|_| rng.below(n_demand as u64) as u32)
                    .collect()
            })
            .collect();
        let matrix = CoverageMatrix::from_rows(n_demand, rows).unwrap();
        // Integer weights in half the cases, with zeros; fractional in the rest.
        let integral = rng.below(2) == 0;
        let weights: Vec<Vec<f64>> = (0..n_periods)
            .map(|_| {
                (0..n_demand)
                    .map(|_| {
                        let w = rng.below(6) as f64;
                        if integral { w } else { w * 0.37 }
                    })
                    .collect()
            })
            .collect();
        // Existing cover and demand out of reach in half the cases.
        let extra = rng.below(2) == 0;
        let before: Vec<f64> = (0..n_periods)
            .map(|_| if extra { rng.below(20) as f64 } else { 0.0 })
            .collect();
        let totals: Vec<f64> = (0..n_periods)
            .map(|k| {
                let sum: f64 = weights[k].iter().sum();
                let total = sum + before[k] + if extra { rng.below(30) as f64 } else { 0.0 };
                if total > 0.0 { total } else { 1.0 }
            })
            .collect();
        let importance = (0..n_periods).map(|_| rng.between(1, 3) as f64).collect();
        let count = rng.between(1, 4) as usize;
        Self {
            matrix,
            weights,
            totals,
            before,
            importance,
            count,
        }
    }

    fn periods(&self) -> Periods {
        Periods::new(self.weights.clone(), self.importance.clone())
            .unwrap()
            .totals(self.totals.clone())
            .unwrap()
            .before(self.before.clone())
            .unwrap()
    }

    /// Period `k` alone.
    fn single(&self, k: usize) -> Periods {
        Periods::new(vec![self.weights[k].clone()], vec![1.0])
            .unwrap()
            .totals(vec![self.totals[k]])
            .unwrap()
            .before(vec![self.before[k]])
            .unwrap()
    }

    /// The best value of `objective` over every plan of at most `count`
    /// options that follows `rules`.
    fn brute_force(&self, objective: PeriodObjective, rules: Option<&SideConstraints>) -> f64 {
        let periods = self.periods();
        let n = self.matrix.n_options();
        let mut best = f64::NEG_INFINITY;
        for mask in 0u32..(1 << n) {
            let chosen: Vec<u32> = (0..n as u32).filter(|&o| mask & (1 << o) != 0).collect();
            if chosen.len() > self.count || rules.is_some_and(|r| !r.is_feasible(&chosen, self.count)) {
                continue;
            }
            let fractions = periods.fractions(&self.matrix, &chosen);
            best = best.max(periods.value(objective, &fractions));
        }
        best
    }
}

fn smallest(fractions: &[f64]) -> f64 {
    fractions.iter().copied().fold(f64::INFINITY, f64::min)
}

#[test]
fn bounds_hold_and_plans_are_what_they_claim() {
    let mut rng = Lcg(3);
    for case_number in 0..40 {
        let case = Case::random(&mut rng);
        let periods = case.periods();
        for objective in PeriodObjective::ALL {
            let optimum = case.brute_force(objective, None);
            for method in Method::ALL {
                let report = AcrossPeriods::new(case.count, objective)
                    .method(method)
                    .solve(&case.matrix, &periods)
                    .unwrap();
                let chosen = report.solution.chosen();
                let context = format!("case {case_number}, {objective}, {method}");
                assert!(chosen.len() <= case.count, "{context}");
                assert_eq!(
                    report.fractions,
                    periods.fractions(&case.matrix, chosen),
                    "{context}"
                );
                assert_eq!(
                    report.value,
                    periods.value(objective, &report.fractions),
                    "{context}"
                );
                assert!(
                    report.value <= optimum + 1e-9,
                    "{context}: value above the optimum"
                );
                assert!(
                    report.upper_bound >= optimum - 1e-9,
                    "{context}: bound {} below the optimum {optimum}",
                    report.upper_bound
                );
                if report.proven_optimal {
                    assert!(
                        report.value >= optimum - 1e-9,
                        "{context}: proven but not optimal"
                    );
                }
                if matches!(method, Method::Exact | Method::Auto) && objective == PeriodObjective::Weighted {
                    assert!(
                        report.value >= optimum - 1e-9,
                        "{context}: the exact search missed"
                    );
                }
            }
        }
    }
}

/// Checks that the worst-period plan's smallest fraction is at least the
/// weighted plan's and every single-period plan's, for every method.
fn check_worst_dominates(case: &Case, rules: Option<&SideConstraints>, context: &str) {
    let periods = case.periods();
    let build = |objective| {
        let across = AcrossPeriods::new(case.count, objective);
        match rules {
            Some(rules) => across.constraints(rules.clone()),
            None => across,
        }
    };
    for method in Method::ALL {
        let worst = build(PeriodObjective::Worst)
            .method(method)
            .solve(&case.matrix, &periods);
        // Greedy can paint itself into a corner under district minimums
        // and a budget (as it does for MaxCoverage); the exact methods
        // must find a plan.
        let worst = match worst {
            Err(Error::Infeasible { .. }) if matches!(method, Method::Greedy | Method::LocalSearch) => {
                continue;
            }
            other => other.unwrap(),
        };
        if let Some(rules) = rules {
            assert!(
                rules.is_feasible(worst.solution.chosen(), case.count),
                "{context}"
            );
        }
        let weighted = build(PeriodObjective::Weighted)
            .method(method)
            .solve(&case.matrix, &periods)
            .unwrap();
        assert!(
            worst.value >= smallest(&weighted.fractions),
            "{context}, {method}: worst {} < weighted plan's {}",
            worst.value,
            smallest(&weighted.fractions)
        );
        if method == Method::Exact {
            // Optimal for its own objective, so no worse there than the worst-period plan.
            let other = periods.value(PeriodObjective::Weighted, &worst.fractions);
            assert!(weighted.value >= other - 1e-9, "{context}");
        }
        for k in 0..periods.len() {
            let Ok(single) = build(PeriodObjective::Worst)
                .method(method)
                .solve(&case.matrix, &case.single(k))
            else {
                // The worst-period solve found this one's plan, or it
                // would have failed too.
                panic!("{context}, {method}: period {k} alone failed where all periods did not");
            };
            let fractions = periods.fractions(&case.matrix, single.solution.chosen());
            assert!(
                worst.value >= smallest(&fractions),
                "{context}, {method}: worst {} < period {k}'s plan's {}",
                worst.value,
                smallest(&fractions)
            );
        }
    }
}

#[test]
fn the_worst_period_plan_beats_the_weighted_and_single_period_plans() {
    let mut rng = Lcg(17);
    for case_number in 0..25 {
        let case = Case::random(&mut rng);
        check_worst_dominates(&case, None, &format!("case {case_number}"));
    }
}

#[test]
fn side_constraints_keep_working_across_periods() {
    let mut rng = Lcg(29);
    let mut checked = 0;
    while checked < 15 {
        let mut case = Case::random(&mut rng);
        case.count += 1;
        let n = case.matrix.n_options();
        // Two districts of alternating options, at least one each; costs
        // 1 to 3 and a budget for about `count` average options.
        let districts = (0..n).map(|o| Some((o % 2) as u32)).collect();
        let costs: Vec<f64> = (0..n).map(|_| rng.between(1, 3) as f64).collect();
        let budget = 2.0 * case.count as f64;
        let rules = SideConstraints::new(n)
            .districts(districts, vec![1, 1], vec![case.count, case.count])
            .unwrap()
            .budget(costs, budget)
            .unwrap()
            .conflict(0, 1)
            .unwrap();
        if case.brute_force(PeriodObjective::Worst, Some(&rules)) == f64::NEG_INFINITY {
            continue;
        }
        check_worst_dominates(&case, Some(&rules), &format!("constrained case {checked}"));
        let optimum = case.brute_force(PeriodObjective::Worst, Some(&rules));
        let report = AcrossPeriods::new(case.count, PeriodObjective::Worst)
            .method(Method::Auto)
            .constraints(rules.clone())
            .solve(&case.matrix, &case.periods())
            .unwrap();
        assert!(report.value <= optimum + 1e-9 && report.upper_bound >= optimum - 1e-9);
        checked += 1;
    }
}

#[test]
fn one_period_is_maximum_coverage() {
    let mut rng = Lcg(41);
    for case_number in 0..30 {
        let case = Case::random(&mut rng);
        let periods = case.single(0);
        let instance = Instance::new(case.matrix.clone(), case.weights[0].clone()).unwrap();
        let rules = (case_number % 3 == 0).then(|| {
            let n = case.matrix.n_options();
            SideConstraints::new(n)
                .conflict(0, 1)
                .unwrap()
                .force_out(2)
                .unwrap()
        });
        for method in Method::ALL {
            let mut plain = MaxCoverage::new(case.count).method(method);
            if let Some(rules) = &rules {
                plain = plain.constraints(rules.clone());
            }
            let expected = plain.solve(&instance).unwrap();
            for objective in PeriodObjective::ALL {
                let mut across = AcrossPeriods::new(case.count, objective).method(method);
                if let Some(rules) = &rules {
                    across = across.constraints(rules.clone());
                }
                let report = across.solve(&case.matrix, &periods).unwrap();
                assert_eq!(
                    report.solution, expected.solution,
                    "case {case_number}, {method}, {objective}"
                );
                assert_eq!(report.rounds, 1);
                let d = case.totals[0];
                let scaled = (case.before[0] + expected.upper_bound) / d;
                assert!(
                    (report.upper_bound - scaled).abs() <= 1e-9,
                    "case {case_number}, {method}"
                );
            }
        }
    }
}

#[test]
fn bad_period_data_is_refused_with_where() {
    let message = |e: Error| e.to_string();
    let nan = Periods::new(vec![vec![1.0, 2.0], vec![1.0, f64::NAN]], vec![1.0, 1.0]).unwrap_err();
    assert!(matches!(nan, Error::BadPeriods { period: Some(1), .. }));
    assert!(message(nan).contains("period 1, demand element 1: weight NaN"));
    let negative = Periods::new(vec![vec![-1.0, 2.0]], vec![1.0]).unwrap_err();
    assert!(message(negative).contains("period 0, demand element 0: weight -1"));
    let short = Periods::new(vec![vec![1.0, 2.0], vec![1.0]], vec![1.0, 1.0]).unwrap_err();
    assert!(message(short).contains("period 1 has 1 demand weights but period 0 has 2"));
    let importance = Periods::new(vec![vec![1.0], vec![1.0]], vec![1.0]).unwrap_err();
    assert!(message(importance).contains("1 importance weights were given for 2 periods"));
    let zero = Periods::new(vec![vec![1.0]], vec![0.0]).unwrap_err();
    assert!(message(zero).contains("period 0 has importance 0"));
    assert!(message(Periods::new(vec![], vec![]).unwrap_err()).contains("no periods"));
    let periods = Periods::new(vec![vec![1.0, 2.0], vec![3.0, 0.0]], vec![1.0, 1.0]).unwrap();
    let total = periods.clone().totals(vec![5.0, 0.0]).unwrap_err();
    assert!(message(total).contains("period 1 has total demand 0"));
    let small = periods.clone().totals(vec![5.0, 2.0]).unwrap_err();
    assert!(
        message(small)
            .contains("period 1: 0 covered before plus 3 coverable demand exceeds the total demand 2")
    );
    let over = periods
        .clone()
        .totals(vec![5.0, 4.0])
        .unwrap()
        .before(vec![3.0, 0.5])
        .unwrap_err();
    assert!(
        message(over)
            .contains("period 0: 3 covered before plus 3 coverable demand exceeds the total demand 5")
    );
    let matrix = CoverageMatrix::from_rows(3, [vec![0]]).unwrap();
    let mismatch = AcrossPeriods::new(1, PeriodObjective::Worst)
        .solve(&matrix, &periods)
        .unwrap_err();
    assert!(message(mismatch).contains("the periods weigh 2 demand elements but the coverage matrix has 3"));
}

#[cfg(feature = "highs")]
#[test]
fn highs_agrees_on_medium_instances() {
    use std::time::Duration;

    use sightline_solve::highs;

    let mut rng = Lcg(101);
    for case_number in 0..3 {
        let (n_options, n_demand, n_periods) = (40, 300, 3);
        let rows: Vec<Vec<u32>> = (0..n_options)
            .map(|_| {
                (0..rng.between(10, 40))
                    .map(|_| rng.below(n_demand) as u32)
                    .collect()
            })
            .collect();
        let matrix = CoverageMatrix::from_rows(n_demand as usize, rows).unwrap();
        let weights: Vec<Vec<f64>> = (0..n_periods)
            .map(|_| (0..n_demand).map(|_| rng.below(10) as f64 * 0.5).collect())
            .collect();
        let totals: Vec<f64> = weights.iter().map(|w| w.iter().sum::<f64>() + 50.0).collect();
        let periods = Periods::new(weights, vec![1.0, 2.0, 1.0])
            .unwrap()
            .totals(totals)
            .unwrap()
            .before(vec![10.0, 0.0, 20.0])
            .unwrap();
        let ours = AcrossPeriods::new(5, PeriodObjective::Worst)
            .solve(&matrix, &periods)
            .unwrap();
        let exact = highs::max_min_coverage(&matrix, &periods, 5, Duration::from_secs(60)).unwrap();
        assert!(exact.optimal, "case {case_number}");
        assert!(
            exact.objective <= ours.upper_bound + 1e-6,
            "case {case_number}: HiGHS above our bound"
        );
        assert!(
            exact.objective >= ours.value - 1e-6,
            "case {case_number}: HiGHS below our plan"
        );
        let fractions = periods.fractions(&matrix, &exact.chosen);
        assert!((periods.value(PeriodObjective::Worst, &fractions) - exact.objective).abs() < 1e-12);
    }
}
