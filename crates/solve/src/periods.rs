//! PLACEHOLDER: replaced by the helper's periods.rs at merge.
#![allow(missing_docs, unused_variables)]
use std::time::Duration;

use crate::{CoverageMatrix, Error, Method, ReductionSummary, SideConstraints, Solution};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodObjective {
    Weighted,
    Worst,
}
impl std::fmt::Display for PeriodObjective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PeriodObjective::Weighted => "weighted",
            PeriodObjective::Worst => "worst",
        })
    }
}
impl std::str::FromStr for PeriodObjective {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "weighted" => Ok(Self::Weighted),
            "worst" => Ok(Self::Worst),
            _ => Err(format!("unknown `{s}`")),
        }
    }
}
pub struct Periods;
impl Periods {
    pub fn new(weights: Vec<Vec<f64>>, importance: Vec<f64>) -> Result<Self, Error> {
        todo!()
    }
    pub fn totals(self, totals: Vec<f64>) -> Result<Self, Error> {
        todo!()
    }
    pub fn before(self, before: Vec<f64>) -> Result<Self, Error> {
        todo!()
    }
}
pub struct AcrossPeriods;
impl AcrossPeriods {
    pub fn new(count: usize, objective: PeriodObjective) -> Self {
        todo!()
    }
    pub fn method(self, m: Method) -> Self {
        self
    }
    pub fn time_limit(self, d: Duration) -> Self {
        self
    }
    pub fn constraints(self, rules: SideConstraints) -> Self {
        self
    }
    pub fn solve(&self, matrix: &CoverageMatrix, periods: &Periods) -> Result<PeriodsReport, Error> {
        todo!()
    }
}
pub struct PeriodsReport {
    pub solution: Solution,
    pub fractions: Vec<f64>,
    pub value: f64,
    pub upper_bound: f64,
    pub gap: f64,
    pub proven_optimal: bool,
    pub rounds: usize,
    pub reduction: ReductionSummary,
}
