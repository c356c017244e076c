//! The flags of demand by time of day (`--population`, `--period`,
//! `--event` and their companions), and the study fields they set.

use std::path::PathBuf;

use clap::Args;
use sightline::study::{EventSpec, Layer, PeriodSpec, Role, Study};

/// Demand by time of day: an hourly population table, periods of the
/// day, an event.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// An hourly population table (--mode grid): one row per area and hour of the day, as Seoul's 생활인구 files publish it (CSV in CP949 or UTF-8, or Excel). The columns 시간대구분 (hour 0–23), 행정동코드 or 집계구코드 (area code) and 총생활인구수 (people) are recognised, or named with --population-columns; several days (기준일ID) are averaged; masked cells (`*`) and rows of areas outside --districts are counted and reported. Each area's people are spread evenly over its district's grid cells, as a layer of the demand grid. Needs --districts, joined by --district-code.
    #[arg(long, value_name = "FILE")]
    pub population: Option<PathBuf>,
    /// The --population table's area-code, hour and population columns: CODE,HOUR,VALUE.
    #[arg(long, value_name = "CODE,HOUR,VALUE", requires = "population", value_parser = parse_columns)]
    pub population_columns: Option<(String, String, String)>,
    /// Property of --districts holding the code the --population table's areas are joined on (default `code`, as in the KOSTAT boundaries). A table code matches a district whose code it equals, or begins with (a 13-digit 집계구코드 within its 7-digit dong), or equals once padded with zeros.
    #[arg(long, value_name = "FIELD", requires = "population")]
    pub district_code: Option<String>,
    /// A period of the day, NAME:HOURS[:WEIGHT] (--mode grid), e.g. --period night:22-06:2 --period day:06-22:1 (22-06 runs from 22:00 to 06:00; 07-09,17-19 joins two spans). Each period's demand is the population of its hours (their mean), the --records received in its hours, and the other layers, each normalised as grid layers are. Repeatable; the plan is chosen across them (--periods-objective).
    #[arg(long = "period", value_name = "NAME:HOURS[:WEIGHT]", value_parser = parse_period)]
    pub periods: Vec<PeriodSpec>,
    /// An event's area (--mode grid): a GeoJSON file or Shapefile of polygons. Its --event-visitors are added at --event-hours, spread over the area's cells by the demand's density (or evenly without demand points), and the plan places --cameras temporary cameras given the permanent ones (--existing; a permanent plan's plan.geojson can be given there).
    #[arg(long, value_name = "AREA.geojson", requires_all = ["event_hours", "event_visitors"])]
    pub event: Option<PathBuf>,
    /// The event's hours, e.g. 18-23 (18:00 to 23:00).
    #[arg(long, value_name = "HOURS", requires = "event", value_parser = parse_hours)]
    pub event_hours: Option<String>,
    /// Visitors in the event's area at each of its hours.
    #[arg(long, value_name = "N", allow_negative_numbers = true, requires = "event")]
    pub event_visitors: Option<f64>,
    /// map.svg shows this period's demand (a --period name, or `event`) instead of the whole day's.
    #[arg(long, value_name = "NAME")]
    pub map_period: Option<String>,
}

fn parse_columns(value: &str) -> Result<(String, String, String), String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    match parts[..] {
        [code, hour, value] if !code.is_empty() && !hour.is_empty() && !value.is_empty() => {
            Ok((code.to_owned(), hour.to_owned(), value.to_owned()))
        }
        _ => Err(format!(
            "expected three column names, CODE,HOUR,VALUE, such as 행정동코드,시간대구분,총생활인구수; got `{value}`"
        )),
    }
}

fn parse_hours(value: &str) -> Result<String, String> {
    // Checked in full by the study; here only read, as --period's are.
    sightline::periods::Hours::parse(value)
        .map(|hours| hours.to_string())
        .map_err(|e| e.to_string())
}

fn parse_period(value: &str) -> Result<PeriodSpec, String> {
    // Checked in full by the study; here only split.
    let period = sightline::periods::Period::parse(value).map_err(|e| e.to_string())?;
    let mut spec = PeriodSpec::new(period.name, period.hours.to_string());
    spec.weight = Some(period.weight);
    Ok(spec)
}

impl PeriodArgs {
    /// The population layer, if any.
    pub fn layer(&self) -> Option<Layer> {
        let file = self.population.as_ref()?;
        let mut layer = Layer::new(Role::Population, file);
        if let Some((code, hour, value)) = &self.population_columns {
            layer.code = Some(code.clone());
            layer.hour = Some(hour.clone());
            layer.value = Some(value.clone());
        }
        layer.district_code = self.district_code.clone();
        Some(layer)
    }

    /// The periods, event and map period these flags set, into `study`.
    pub fn fill(&self, study: &mut Study) {
        study.periods = self.periods.clone();
        if let (Some(area), Some(hours), Some(visitors)) =
            (&self.event, &self.event_hours, self.event_visitors)
        {
            study.event = Some(EventSpec::new(area, hours.clone(), visitors));
        }
        if let Some(outputs) = study.outputs.as_mut() {
            outputs.map_period = self.map_period.clone();
        }
    }

    /// The flag that sets a key of the population layer.
    pub fn layer_flag_for(key: &str) -> &'static str {
        match key {
            "code" | "hour" | "value" => "--population-columns",
            "district_code" => "--district-code",
            _ => "--population",
        }
    }

    /// The flag that sets a key of `[[period]]` or `[event]`.
    pub fn flag_for(table: &str, key: &str) -> &'static str {
        match (table, key) {
            ("period", _) => "--period",
            ("event", "hours") => "--event-hours",
            ("event", "visitors") => "--event-visitors",
            ("event", _) => "--event",
            _ => "--period",
        }
    }
}
