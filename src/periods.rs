//! Demand by time of day: periods of the day, the hours, and an event.
//!
//! A scenario can carry its demand by period ([`DemandPeriods`], given
//! with [`Scenario::with_periods`](crate::Scenario::with_periods)): one
//! weight per demand point for each named period (`night`, 22–06, weight
//! 2), and, for the chart of coverage by hour, for each hour of the day.
//! A study builds them from an hourly population table, the complaint
//! records' times and the grid's other layers; a caller of the library
//! can give them directly.
//!
//! With periods, [`plan`](crate::plan) chooses the plan for
//! [`PlanRequest::periods_objective`](crate::PlanRequest::periods_objective):
//! the importance-weighted mean of the periods' covered fractions, or the
//! worst period's fraction (see [`PeriodObjective`] for the method and its
//! bound). With an event ([`EventDemand`]), the plan is for the event's
//! period alone, whose weights a study makes the demand of the event's
//! hours inside its area: temporary cameras that add most to what the
//! permanent ones see of its crowd. [`Plan::periods`](crate::Plan::periods) holds
//! the figures of every period, hour and event hour.

use serde::{Deserialize, Deserializer, Serialize};

pub use sightline_demand::{Hours, Period};
pub use sightline_solve::PeriodObjective;

use crate::Error;

/// Demand by period of the day, on a scenario's demand points.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::periods::{DemandPeriods, Period};
/// use geo_types::coord;
///
/// // Two places: one busy by day, one by night.
/// let demand = vec![
///     DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0),
///     DemandPoint::new(coord! { x: 1000.0, y: 0.0 }, 1.0),
/// ];
/// let sites = vec![
///     CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a"),
///     CandidateSite::new(coord! { x: 1000.0, y: 0.0 }, "b"),
/// ];
/// let periods = DemandPeriods::new(
///     vec![
///         Period::parse("day:06-22:1").unwrap(),
///         Period::parse("night:22-06:3").unwrap(),
///     ],
///     vec![vec![9.0, 1.0], vec![1.0, 9.0]],
/// );
/// let scenario = Scenario::new(demand, sites).with_periods(periods);
/// let plan = plan(&scenario, &PlanRequest::new(1, Circular::new(50.0)?))?;
/// // Night matters three times as much: the night place wins.
/// assert_eq!(plan.chosen[0].id, "b");
/// let periods = plan.periods.as_ref().unwrap();
/// assert_eq!(periods.rows[1].fraction, 0.9);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DemandPeriods {
    /// The periods: name, hours, importance weight.
    pub periods: Vec<Period>,
    /// Each period's weight of each demand point.
    pub weights: Vec<Vec<f64>>,
    /// Each period's population (the hourly table's people summed over
    /// its hours), when there is a population table.
    pub population: Vec<Option<f64>>,
    /// Each hour's weight of each demand point, hours 0 to 23 (empty: no
    /// chart by hour).
    pub hours: Vec<Vec<f64>>,
    /// The population of each hour, when there is a population table.
    pub hour_population: Option<[f64; 24]>,
    /// An event's crowd: the plan is then for the event's period.
    pub event: Option<EventDemand>,
}

/// An event's crowd on the demand points (grid cells).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventDemand {
    /// The event's period, an index into [`DemandPeriods::periods`].
    pub period: usize,
    /// Visitors at each of the event's hours.
    pub visitors: f64,
    /// Visitors on each demand point.
    pub at: Vec<f64>,
    /// For each of the event's hours, the people of the hourly table on
    /// each demand point of the area (visitors left out).
    pub residents: Vec<(u8, Vec<f64>)>,
    /// Whether each demand point lies in the event's area.
    pub in_area: Vec<bool>,
    /// True when the visitors were spread evenly over the area.
    pub spread_evenly: bool,
}

impl EventDemand {
    /// The event of period `period` (an index into
    /// [`DemandPeriods::periods`], whose weights should be the demand of
    /// the event's hours inside its area: the plan is chosen for them):
    /// `visitors` at each hour, `at` each demand point; `in_area` marks
    /// the demand points of the area. Without an hourly table the
    /// residents are none.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::periods::EventDemand;
    ///
    /// let event = EventDemand::new(0, 100.0, vec![100.0, 0.0], vec![true, false]);
    /// assert_eq!(event.residents.len(), 0);
    /// ```
    pub fn new(period: usize, visitors: f64, at: Vec<f64>, in_area: Vec<bool>) -> Self {
        Self {
            period,
            visitors,
            at,
            residents: Vec::new(),
            in_area,
            spread_evenly: true,
        }
    }

    /// For each of the event's hours, the hourly table's people on each
    /// demand point of the area (visitors left out).
    pub fn with_residents(self, residents: Vec<(u8, Vec<f64>)>) -> Self {
        Self { residents, ..self }
    }
}

impl DemandPeriods {
    /// Periods with each one's weight of each demand point.
    pub fn new(periods: Vec<Period>, weights: Vec<Vec<f64>>) -> Self {
        let population = vec![None; periods.len()];
        Self {
            periods,
            weights,
            population,
            hours: Vec::new(),
            hour_population: None,
            event: None,
        }
    }

    /// Each period's population, in period order.
    pub fn with_population(self, population: Vec<Option<f64>>, by_hour: Option<[f64; 24]>) -> Self {
        Self {
            population,
            hour_population: by_hour,
            ..self
        }
    }

    /// Each hour's weight of each demand point (24 vectors).
    pub fn with_hours(self, hours: Vec<Vec<f64>>) -> Self {
        Self { hours, ..self }
    }

    /// The event.
    pub fn with_event(self, event: EventDemand) -> Self {
        Self {
            event: Some(event),
            ..self
        }
    }

    /// Checks the vectors against `n_demand` points.
    pub(crate) fn check(&self, n_demand: usize) -> Result<(), Error> {
        let bad = |what: String, found: usize| Error::PeriodsMismatch {
            what,
            found,
            expected: n_demand,
        };
        if self.weights.len() != self.periods.len() {
            return Err(Error::PeriodsMismatch {
                what: "period weight vectors".to_owned(),
                found: self.weights.len(),
                expected: self.periods.len(),
            });
        }
        for (period, weights) in self.periods.iter().zip(&self.weights) {
            if weights.len() != n_demand {
                return Err(bad(format!("weights of period `{}`", period.name), weights.len()));
            }
            if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
                return Err(Error::BadPeriodWeight {
                    period: period.name.clone(),
                    weight: *w,
                });
            }
        }
        if !self.hours.is_empty() && self.hours.len() != 24 {
            return Err(Error::PeriodsMismatch {
                what: "hour weight vectors".to_owned(),
                found: self.hours.len(),
                expected: 24,
            });
        }
        if let Some(hour) = self.hours.iter().find(|h| h.len() != n_demand) {
            return Err(bad("weights of an hour".to_owned(), hour.len()));
        }
        if let Some(event) = &self.event {
            if event.period >= self.periods.len() {
                return Err(Error::PeriodsMismatch {
                    what: "the event's period index".to_owned(),
                    found: event.period,
                    expected: self.periods.len(),
                });
            }
            if event.at.len() != n_demand || event.in_area.len() != n_demand {
                return Err(bad("the event's visitors".to_owned(), event.at.len()));
            }
        }
        Ok(())
    }
}

/// What a plan covers in each period, each hour and each event hour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanPeriods {
    /// What the plan was chosen for (`None` for an event plan, chosen for
    /// the event's period alone).
    #[serde(serialize_with = "objective_text", deserialize_with = "objective_parsed")]
    pub objective: Option<PeriodObjective>,
    /// The value of what the plan was chosen for (the objective's, or the
    /// event period's covered fraction), when it was chosen across
    /// periods: the plan's `score`, `upper_bound` and `gap` are then in
    /// these terms.
    pub value: Option<f64>,
    /// One row per period.
    pub rows: Vec<PeriodFigures>,
    /// One row per hour of the day (empty without hours).
    pub hours: Vec<HourFigures>,
    /// The event's crowd, hour by hour.
    pub event: Option<EventFigures>,
}

/// What a plan covers in one period: a row of `periods.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PeriodFigures {
    /// The period's name.
    pub name: String,
    /// Its hours (`22-06`).
    #[serde(serialize_with = "hours_text", deserialize_with = "parsed")]
    pub hours: Hours,
    /// Its importance weight.
    pub weight: f64,
    /// The hourly table's people summed over its hours, each hour the sum
    /// of its usable rows divided by the table's days (`None` without a
    /// table); for an event, its crowd: the table's people in the area and
    /// the visitors, summed over the event's hours.
    pub population: Option<f64>,
    /// The period's demand: what its cells weigh.
    pub demand: f64,
    /// Of it, what the existing cameras cover.
    pub covered_before: f64,
    /// Of it, what is covered with the plan.
    pub covered_after: f64,
    /// `covered_after / demand`.
    pub fraction: f64,
}

/// What a plan covers in one hour of the day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HourFigures {
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The hour's demand.
    pub demand: f64,
    /// Of it, what the existing cameras cover.
    pub covered_before: f64,
    /// Of it, what is covered with the plan.
    pub covered_after: f64,
}

/// What a plan sees of an event's crowd.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventFigures {
    /// The event's period name.
    pub period: String,
    /// Its hours.
    #[serde(serialize_with = "hours_text", deserialize_with = "parsed")]
    pub hours: Hours,
    /// Visitors at each hour.
    pub visitors: f64,
    /// Demand points (cells) in the area.
    pub cells: usize,
    /// True when the visitors were spread evenly over the area.
    pub spread_evenly: bool,
    /// Hour by hour.
    pub by_hour: Vec<EventHour>,
}

/// What a plan sees of an event's crowd at one hour: people in the area
/// (residents of the hourly table and visitors).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventHour {
    /// The hour.
    pub hour: u8,
    /// People in the area: the hourly table's and the visitors.
    pub crowd: f64,
    /// Of them, seen by the permanent cameras alone.
    pub seen_before: f64,
    /// Of them, seen with the plan's temporary cameras too.
    pub seen_after: f64,
    /// Visitors seen by the permanent cameras alone.
    pub visitors_seen_before: f64,
    /// Visitors seen with the temporary cameras too.
    pub visitors_seen_after: f64,
}

fn objective_text<S: serde::Serializer>(
    objective: &Option<PeriodObjective>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match objective {
        Some(objective) => serializer.collect_str(objective),
        None => serializer.serialize_none(),
    }
}

fn objective_parsed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<PeriodObjective>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| text.parse().map_err(serde::de::Error::custom))
        .transpose()
}

fn parsed<'de, D: Deserializer<'de>, T>(deserializer: D) -> Result<T, D::Error>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    String::deserialize(deserializer)?
        .parse()
        .map_err(serde::de::Error::custom)
}

fn hours_text<S: serde::Serializer>(hours: &Hours, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(hours)
}

/// Σ weight × quality.
fn seen(weights: &[f64], quality: &[f64]) -> f64 {
    weights
        .iter()
        .zip(quality)
        .fold(0.0, |total, (w, q)| total + w * q)
}

fn total(weights: &[f64]) -> f64 {
    weights.iter().fold(0.0, |total, w| total + w)
}

impl PlanPeriods {
    /// The figures of `periods` with each demand point's coverage quality
    /// before and after the plan.
    pub(crate) fn new(
        periods: &DemandPeriods,
        objective: Option<PeriodObjective>,
        value: Option<f64>,
        before: &[f64],
        after: &[f64],
    ) -> Self {
        let rows = periods
            .periods
            .iter()
            .zip(&periods.weights)
            .zip(&periods.population)
            .map(|((period, weights), population)| {
                let demand = total(weights);
                let covered_after = seen(weights, after);
                PeriodFigures {
                    name: period.name.clone(),
                    hours: period.hours,
                    weight: period.weight,
                    population: *population,
                    demand,
                    covered_before: seen(weights, before),
                    covered_after,
                    fraction: if demand > 0.0 { covered_after / demand } else { 0.0 },
                }
            })
            .collect();
        let hours = periods
            .hours
            .iter()
            .enumerate()
            .map(|(hour, weights)| HourFigures {
                hour: hour as u8,
                demand: total(weights),
                covered_before: seen(weights, before),
                covered_after: seen(weights, after),
            })
            .collect();
        let event = periods.event.as_ref().map(|event| {
            let in_area = |quality: &[f64]| -> Vec<f64> {
                quality
                    .iter()
                    .zip(&event.in_area)
                    .map(|(q, inside)| if *inside { *q } else { 0.0 })
                    .collect()
            };
            let (area_before, area_after) = (in_area(before), in_area(after));
            let ones: Vec<f64> = event
                .in_area
                .iter()
                .map(|&inside| f64::from(u8::from(inside)))
                .collect();
            let visitors = total(&event.at);
            EventFigures {
                period: periods.periods[event.period].name.clone(),
                hours: periods.periods[event.period].hours,
                visitors: event.visitors,
                cells: event.in_area.iter().filter(|&&inside| inside).count(),
                spread_evenly: event.spread_evenly,
                by_hour: event
                    .residents
                    .iter()
                    .map(|(hour, residents)| {
                        let crowd: Vec<f64> = residents.iter().zip(&event.at).map(|(r, v)| r + v).collect();
                        EventHour {
                            hour: *hour,
                            crowd: seen(&crowd, &ones),
                            seen_before: seen(&crowd, &area_before),
                            seen_after: seen(&crowd, &area_after),
                            visitors_seen_before: seen(&event.at, &area_before).min(visitors),
                            visitors_seen_after: seen(&event.at, &area_after).min(visitors),
                        }
                    })
                    .collect(),
            }
        });
        Self {
            objective,
            value,
            rows,
            hours,
            event,
        }
    }
}

/// An hourly population table, read and joined to the districts.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PopulationTable {
    /// The file read.
    pub path: std::path::PathBuf,
    /// The hour column.
    pub hour_column: String,
    /// The population column.
    pub value_column: String,
    /// The day column, if any.
    pub day_column: Option<String>,
    /// The districts' property the codes were joined on.
    pub district_code: String,
    /// Population by district and hour, and what became of the rows.
    pub population: sightline_demand::Population,
}

impl PopulationTable {
    /// Reads `path` with `options` and joins its rows to districts whose
    /// codes (the districts' `district_code` property) are `codes`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] for a table that cannot be read (a missing column
    /// names what was looked for and the header found);
    /// [`Error::NoPopulationJoined`] when no row joins a district.
    pub fn read(
        path: &std::path::Path,
        options: &sightline_io::HourlyOptions,
        district_code: &str,
        codes: &[String],
    ) -> Result<Self, Error> {
        let table = sightline_io::read_hourly(path, options)?;
        let value: Vec<sightline_demand::RowValue> = table
            .value
            .iter()
            .map(|v| match *v {
                sightline_io::HourlyValue::Number(x) => sightline_demand::RowValue::Number(x),
                sightline_io::HourlyValue::Masked => sightline_demand::RowValue::Masked,
                sightline_io::HourlyValue::Bad => sightline_demand::RowValue::Bad,
            })
            .collect();
        let rows = sightline_demand::HourlyRows {
            days: table.days,
            code_columns: table
                .code_columns
                .iter()
                .map(|c| (c.name.as_str(), c.codes.as_slice(), c.index.as_slice()))
                .collect(),
            hour: &table.hour,
            value: &value,
            rows: &table.rows,
        };
        let population = sightline_demand::join_population(&rows, codes);
        let c = &population.counts;
        if c.rows == 0 {
            return Err(Error::NoPopulationJoined {
                file: path.to_path_buf(),
                why: "the table has a header but no data rows".to_owned(),
            });
        }
        if c.used == 0 {
            let examples = |codes: &[String]| codes.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            return Err(Error::NoPopulationJoined {
                file: path.to_path_buf(),
                why: format!(
                    "of {} rows, {} have a bad hour, {} are masked, {} have a bad value and {} match no district by `{}` (table codes such as {}; district codes such as {}){}",
                    c.rows,
                    c.bad_hour,
                    c.masked,
                    c.bad_value,
                    c.unmatched_rows,
                    district_code,
                    examples(&c.unmatched_examples),
                    examples(codes),
                    if c.unmatched_rows > 0 {
                        numbering_hint(district_code)
                    } else {
                        String::new()
                    },
                ),
            });
        }
        Ok(Self {
            path: path.to_path_buf(),
            hour_column: table.hour_column,
            value_column: table.value_column,
            day_column: table.day_column,
            district_code: district_code.to_owned(),
            population,
        })
    }

    /// True when many of the rows that could be used match no district
    /// (a tenth or more): the codes may be of another numbering.
    pub fn mostly_unmatched(&self) -> bool {
        let c = &self.population.counts;
        10 * c.unmatched_rows >= c.unmatched_rows + c.used
    }

    /// What became of the table's rows, in words (never a row's content
    /// beyond codes, which name areas).
    pub fn note(&self) -> String {
        let c = &self.population.counts;
        let mut parts = vec![format!(
            "{} rows, {} used over {} day{} (joined by {} to the districts' `{}`{})",
            c.rows,
            c.used,
            self.population.days,
            if self.population.days == 1 { "" } else { "s" },
            self.population.code_column,
            self.district_code,
            if c.by_prefix > 0 {
                format!(", {} rows by code prefix", c.by_prefix)
            } else {
                String::new()
            }
        )];
        let first = |row: Option<u32>| row.map(|r| format!(" (first: row {r})")).unwrap_or_default();
        if c.masked > 0 {
            parts.push(format!("{} masked{}", c.masked, first(c.first_masked)));
        }
        if c.bad_hour > 0 {
            parts.push(format!(
                "{} with an hour not 0–23{}",
                c.bad_hour,
                first(c.first_bad_hour)
            ));
        }
        if c.bad_value > 0 {
            parts.push(format!(
                "{} with a value that is not a number of people{}",
                c.bad_value,
                first(c.first_bad_value)
            ));
        }
        if c.unmatched_rows > 0 {
            parts.push(format!(
                "{} matching no district ({} code{} such as {}; {:.1} people left out, summed over their hours, a day){}",
                c.unmatched_rows,
                c.unmatched_codes,
                if c.unmatched_codes == 1 { "" } else { "s" },
                c.unmatched_examples.join(", "),
                c.unmatched_population,
                first(c.first_unmatched)
            ));
        }
        format!(
            "population table {}: {}{}",
            self.path.display(),
            parts.join("; "),
            if self.mostly_unmatched() {
                numbering_hint(&self.district_code)
            } else {
                String::new()
            }
        )
    }
}

/// Why codes may match no district: two numberings.
fn numbering_hint(district_code: &str) -> String {
    format!(
        ". Table codes must be the districts' own numbering: published 행정동코드 (8 digits, 행정안전부) are not the KOSTAT codes of census boundaries (7 digits), and no rule turns one into the other; give the districts a property holding the table's codes (--district-code, now `{district_code}`), or a table of census output areas (13-digit 집계구코드, which begin with their KOSTAT dong code)"
    )
}
