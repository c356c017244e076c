//! The checks of a study's periods, hourly population layer and event.

use std::path::PathBuf;

use sightline_io::Crs;

use super::check::DemandModel;
use super::error::{FieldPath, Problem, StudyError};
use super::spec::{EventSpread, Layer, Role, Study};
use crate::periods::{Hours, Period, PeriodObjective};

/// A study's demand by time of day, checked: what
/// [`Study::validate`] makes of its `[[period]]` tables, `population`
/// layer, `[event]` table and periods objective.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CheckedPeriods {
    /// The periods, in study order.
    pub periods: Vec<Period>,
    /// What the plan maximises across them (`None` without periods, or
    /// for an event plan).
    pub objective: Option<PeriodObjective>,
    /// The hourly population table.
    pub population: Option<Layer>,
    /// The event.
    pub event: Option<CheckedEvent>,
    /// The period `map.svg` shows.
    pub map_period: Option<String>,
}

/// An event, checked.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CheckedEvent {
    /// Its name (default `event`).
    pub name: String,
    /// The area's file.
    pub area: PathBuf,
    /// The area file's coordinate system, when it names none.
    pub crs: Option<Crs>,
    /// Its hours.
    pub hours: Hours,
    /// Visitors at each hour.
    pub visitors: f64,
    /// How the visitors spread (`None`: by density when the study has a
    /// demand layer of points, else evenly).
    pub spread: Option<EventSpread>,
}

impl CheckedPeriods {
    /// True when the demand differs by hour: periods, a population table
    /// or an event.
    pub fn timed(&self) -> bool {
        !self.periods.is_empty() || self.population.is_some() || self.event.is_some()
    }

    /// Every period, the event's last.
    pub fn all_periods(&self) -> Vec<Period> {
        let mut all = self.periods.clone();
        if let Some(event) = &self.event {
            all.push(Period {
                name: event.name.clone(),
                hours: event.hours,
                weight: 1.0,
            });
        }
        all
    }
}

type Checked<T> = Result<T, StudyError>;

fn hours_of(path: FieldPath, text: &str) -> Checked<Hours> {
    Hours::parse(text).map_err(|error| {
        StudyError::new(
            path,
            Problem::Value {
                found: format!("{text:?}"),
                expected: format!(
                    "hours such as \"22-06\" (22:00 to 06:00), \"07-09,17-19\" or \"00-24\" ({error})"
                ),
            },
        )
    })
}

/// Checks the periods, the population layer, the event and the periods
/// objective of `study`, whose demand is `demand`.
pub(super) fn check_periods(study: &Study, demand: DemandModel) -> Checked<CheckedPeriods> {
    let grid = matches!(demand, DemandModel::Grid { .. });
    let population = study
        .layers
        .iter()
        .enumerate()
        .find(|(_, l)| l.role == Role::Population);
    if let Some((k, layer)) = population {
        let path = || FieldPath::key("layer").index(k);
        let text_table = layer
            .file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("txt"));
        if !(layer.file_format().is_table() || text_table && layer.format.is_none()) {
            return Err(StudyError::new(
                path().then("file"),
                Problem::Value {
                    found: layer.file.display().to_string(),
                    expected: "a CSV or Excel table (.csv, .xlsx, .xls, .ods) of population by area and hour"
                        .to_owned(),
                },
            ));
        }
        if !grid {
            return Err(StudyError::new(path().then("role"), Problem::GridOnly));
        }
        if !study.layers.iter().any(|l| l.role == Role::Districts) {
            return Err(StudyError::new(
                path().then("role"),
                Problem::Needs {
                    what: "a districts layer: the table's areas are joined to the districts by code (--districts FILE, --district-code FIELD)",
                },
            ));
        }
        let named = [&layer.code, &layer.hour, &layer.value];
        if named.iter().any(|c| c.is_some()) && !named.iter().all(|c| c.is_some()) {
            let key = ["code", "hour", "value"]
                .into_iter()
                .zip(named)
                .find(|(_, c)| c.is_some())
                .map_or("code", |(k, _)| k);
            return Err(StudyError::new(
                path().then(key),
                Problem::Needs {
                    what: "code, hour and value together: the table's area-code, hour and population columns (--population-columns CODE,HOUR,VALUE)",
                },
            ));
        }
        if let Some(weight) = layer.layer_weight
            && !(weight.is_finite() && weight > 0.0)
        {
            return Err(StudyError::number(
                path().then("layer_weight"),
                weight,
                "a finite weight greater than 0",
            ));
        }
    }
    let mut periods = Vec::with_capacity(study.periods.len());
    for (k, spec) in study.periods.iter().enumerate() {
        let path = || FieldPath::key("period").index(k);
        if !grid {
            return Err(StudyError::new(path(), Problem::GridOnly));
        }
        if spec.name.trim().is_empty() || spec.name.contains(':') {
            return Err(StudyError::new(
                path().then("name"),
                Problem::Value {
                    found: format!("{:?}", spec.name),
                    expected: "a name such as \"night\", not empty and without `:`".to_owned(),
                },
            ));
        }
        if let Some(j) = periods.iter().position(|p: &Period| p.name == spec.name) {
            return Err(StudyError::new(
                path().then("name"),
                Problem::Value {
                    found: format!("{:?}", spec.name),
                    expected: format!("a name of its own (period {} has it)", j + 1),
                },
            ));
        }
        let hours = hours_of(path().then("hours"), &spec.hours)?;
        let weight = spec.weight.unwrap_or(1.0);
        if !(weight.is_finite() && weight > 0.0) {
            return Err(StudyError::number(
                path().then("weight"),
                weight,
                "a finite weight greater than 0",
            ));
        }
        periods.push(Period {
            name: spec.name.clone(),
            hours,
            weight,
        });
    }
    let event = match &study.event {
        None => None,
        Some(spec) => {
            let path = |key| FieldPath::key("event").then(key);
            if !grid {
                return Err(StudyError::new(FieldPath::key("event"), Problem::GridOnly));
            }
            let hours = hours_of(path("hours"), &spec.hours)?;
            if !(spec.visitors.is_finite() && spec.visitors >= 0.0) {
                return Err(StudyError::number(
                    path("visitors"),
                    spec.visitors,
                    "a finite number of people, 0 or more",
                ));
            }
            let name = spec.name.clone().unwrap_or_else(|| "event".to_owned());
            if name.trim().is_empty() || periods.iter().any(|p| p.name == name) {
                return Err(StudyError::new(
                    path("name"),
                    Problem::Value {
                        found: format!("{name:?}"),
                        expected:
                            "a name no period has: rename the period (or, in a study file, set [event] name)"
                                .to_owned(),
                    },
                ));
            }
            if spec.area.as_os_str().is_empty() {
                return Err(StudyError::new(
                    path("area"),
                    Problem::Empty {
                        consequence: "the event has no area",
                    },
                ));
            }
            Some(CheckedEvent {
                name,
                area: spec.area.clone(),
                crs: spec.crs,
                hours,
                visitors: spec.visitors,
                spread: spec.spread,
            })
        }
    };
    let objective_path = || FieldPath::key("objective").then("periods_objective");
    let asked = study.objective.as_ref().and_then(|o| o.periods_objective);
    if asked.is_some() && periods.is_empty() {
        return Err(StudyError::new(
            objective_path(),
            Problem::Needs {
                what: "periods ([[period]] tables, or --period NAME:HOURS[:WEIGHT])",
            },
        ));
    }
    if asked.is_some() && event.is_some() {
        return Err(StudyError::new(
            objective_path(),
            Problem::Excludes {
                others: "an event: an event plan covers the event's hours (remove one)",
            },
        ));
    }
    if (!periods.is_empty() || event.is_some())
        && let Some(objective) = &study.objective
    {
        let path = |key| FieldPath::key("objective").then(key);
        for (key, set) in [
            ("target_coverage", objective.target_coverage.is_some()),
            ("backup_weight", objective.backup_weight.is_some()),
            ("min_gain", objective.min_gain.is_some()),
        ] {
            if set {
                return Err(StudyError::new(
                    path(key),
                    Problem::Excludes {
                        others: "periods or an event (plans across periods maximise coverage with a number of cameras or a budget)",
                    },
                ));
            }
        }
    }
    let map_period = study.outputs.as_ref().and_then(|o| o.map_period.clone());
    if let Some(name) = &map_period {
        let known = periods
            .iter()
            .map(|p| p.name.as_str())
            .chain(event.as_ref().map(|e| e.name.as_str()))
            .any(|n| n == name);
        if !known {
            let names: Vec<&str> = periods
                .iter()
                .map(|p| p.name.as_str())
                .chain(event.as_ref().map(|e| e.name.as_str()))
                .collect();
            return Err(StudyError::new(
                FieldPath::key("outputs").then("map_period"),
                Problem::Value {
                    found: format!("{name:?}"),
                    expected: if names.is_empty() {
                        "the name of a period, and the study has none".to_owned()
                    } else {
                        format!("the name of a period: {}", names.join(", "))
                    },
                },
            ));
        }
    }
    let objective = match (&event, periods.is_empty()) {
        (None, false) => Some(asked.unwrap_or(PeriodObjective::Weighted)),
        _ => None,
    };
    Ok(CheckedPeriods {
        periods,
        objective,
        population: population.map(|(_, l)| l.clone()),
        event,
        map_period,
    })
}
