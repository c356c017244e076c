//! `periods.csv` and `hours.svg`: what a plan covers period by period and
//! hour by hour.

use sightline_io::csv_bytes;
use sightline_render::HoursData;

use super::ReportContext;
use crate::periods::PopulationTable;
use crate::{Error, Plan};

/// `periods.csv`: one row per period (the event's last), with columns
/// `period`, `hours`, `weight`, `population` (the hourly table's people
/// summed over the period's hours; empty without a table), `demand`,
/// `covered_before`, `covered_after` and `fraction` (`covered_after /
/// demand`). `None` for a plan without periods.
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be written.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::periods::{DemandPeriods, Period};
/// use geo_types::coord;
///
/// let demand = vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0), DemandPoint::new(coord! { x: 900.0, y: 0.0 }, 1.0)];
/// let sites = vec![CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a"), CandidateSite::new(coord! { x: 900.0, y: 0.0 }, "b")];
/// let periods = DemandPeriods::new(vec![Period::parse("night:22-06:2").unwrap()], vec![vec![1.0, 3.0]]);
/// let scenario = Scenario::new(demand, sites).with_periods(periods);
/// let plan = plan(&scenario, &PlanRequest::new(1, Circular::new(50.0)?))?;
/// let csv = String::from_utf8(sightline::output::periods_csv(&plan)?.unwrap()).unwrap();
/// assert_eq!(csv.lines().next(), Some("period,hours,weight,population,demand,covered_before,covered_after,fraction"));
/// assert_eq!(csv.lines().nth(1), Some("night,22-06,2,,4,0,3,0.75"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn periods_csv(plan: &Plan) -> Result<Option<Vec<u8>>, Error> {
    let Some(periods) = plan.periods.as_ref().filter(|p| !p.rows.is_empty()) else {
        return Ok(None);
    };
    let header = [
        "period",
        "hours",
        "weight",
        "population",
        "demand",
        "covered_before",
        "covered_after",
        "fraction",
    ];
    let rows: Vec<Vec<String>> = periods
        .rows
        .iter()
        .map(|row| {
            vec![
                row.name.clone(),
                row.hours.to_string(),
                row.weight.to_string(),
                row.population.map(|p| p.to_string()).unwrap_or_default(),
                row.demand.to_string(),
                row.covered_before.to_string(),
                row.covered_after.to_string(),
                row.fraction.to_string(),
            ]
        })
        .collect();
    Ok(Some(csv_bytes(&header, &rows)?))
}

/// `hours.svg`: the covered share of each hour's demand before and with
/// the plan, the periods marked under the hours and the event's hours
/// shaded. `None` for a plan without demand by hour.
///
/// # Errors
///
/// [`Error::Render`](sightline_render::Error) for shares that cannot be
/// drawn.
pub fn hours_svg(plan: &Plan, context: &ReportContext<'_>) -> Result<Option<Vec<u8>>, Error> {
    let Some(periods) = plan.periods.as_ref().filter(|p| p.hours.len() == 24) else {
        return Ok(None);
    };
    let share = |part: f64, whole: f64| (whole > 0.0).then(|| (part / whole).clamp(0.0, 1.0));
    let mut before = [None; 24];
    let mut after = [None; 24];
    let mut demand = [0.0; 24];
    for row in &periods.hours {
        let h = usize::from(row.hour);
        before[h] = share(row.covered_before, row.demand);
        after[h] = share(row.covered_after, row.demand);
        demand[h] = row.demand;
    }
    let busiest = demand.iter().copied().fold(0.0, f64::max);
    let event_name = periods.event.as_ref().map(|e| e.period.as_str());
    let data = HoursData {
        title: context.title.clone(),
        subtitle: words(context.lang).hours_subtitle.to_owned(),
        before,
        after,
        periods: periods
            .rows
            .iter()
            .filter(|row| Some(row.name.as_str()) != event_name)
            .map(|row| (row.name.clone(), row.hours.iter().collect()))
            .collect(),
        event_hours: periods
            .event
            .as_ref()
            .map(|e| e.hours.iter().collect())
            .unwrap_or_default(),
        demand: (busiest > 0.0).then(|| demand.map(|d| d / busiest)),
        lang: context.lang,
    };
    Ok(Some(sightline_render::hours_svg(&data)?))
}

/// The words of the periods section, in one language.
struct Words {
    heading: &'static str,
    weighted: &'static str,
    worst: &'static str,
    event_goal: &'static str,
    chosen_for: &'static str,
    columns: [&'static str; 9],
    chart: &'static str,
    event: &'static str,
    event_intro: &'static str,
    evenly: &'static str,
    by_density: &'static str,
    event_columns: [&'static str; 7],
    event_gain: &'static str,
    hours_subtitle: &'static str,
    population_note: &'static str,
    table: &'static str,
}

const EN: Words = Words {
    heading: "Coverage by period of the day",
    weighted: "the importance-weighted mean of the periods' covered shares",
    worst: "the worst period's covered share",
    event_goal: "the event's covered share",
    chosen_for: "The plan was chosen for {0}: {1}% (no plan keeping the rules reaches more than {2}%; gap {3}%).",
    columns: [
        "Period",
        "Hours",
        "Weight",
        "Population",
        "Demand",
        "Covered before",
        "Covered after",
        "Share before",
        "Share after",
    ],
    chart: "Coverage by hour of the day, before and with the plan",
    event: "Event",
    event_intro: "{0} visitors at each hour of {1}, spread {2} over {3} cells of the area; the new cameras are temporary, the existing ones permanent.",
    evenly: "evenly",
    by_density: "by the demand's density",
    event_columns: [
        "Hour",
        "Crowd in the area",
        "Seen by the permanent cameras",
        "Seen with the temporary ones",
        "Added",
        "Visitors seen before",
        "Visitors seen after",
    ],
    event_gain: "Over the event's hours, the temporary cameras see {0} more people an hour on average than the permanent cameras alone: {1}% of the crowd instead of {2}% (+{3} percentage points).",
    hours_subtitle: "Covered share of each hour's demand, before and with the plan",
    table: "Hourly population table `{0}`: {1} rows, {2} used over {3} days; {4} masked, {5} with an hour not 0–23, {6} with a value that is not a number of people, {7} of {8} areas that match no district (left out).",
    population_note: "Population: the hourly table's people summed over the period's hours (a day's mean over the table's days), before any normalisation; demand: the period's grid, its layers normalised and weighted.",
};

const KO: Words = Words {
    heading: "시간대별 감시",
    weighted: "시간대별 감시 비율의 가중 평균",
    worst: "가장 낮은 시간대의 감시 비율",
    event_goal: "행사 시간대의 감시 비율",
    chosen_for: "이 계획은 {0}을 최대화하도록 골랐습니다: {1}% (조건을 지키는 어떤 계획도 {2}%를 넘지 못함, 격차 {3}%).",
    columns: [
        "시간대",
        "시간",
        "가중치",
        "생활인구",
        "수요",
        "기존 감시",
        "계획 후 감시",
        "기존 비율",
        "계획 후 비율",
    ],
    chart: "시간대별 감시 비율 (기존, 계획 후)",
    event: "행사",
    event_intro: "{1}시에 매시간 방문객 {0}명, 행사 구역의 {3}개 격자에 {2} 배분; 새 CCTV는 임시, 기존 CCTV는 상설입니다.",
    evenly: "고르게",
    by_density: "수요 밀도에 따라",
    event_columns: [
        "시",
        "구역 내 인파",
        "상설 CCTV 감시",
        "임시 CCTV 포함 감시",
        "증가",
        "방문객 (기존)",
        "방문객 (계획 후)",
    ],
    event_gain: "행사 시간 동안 임시 CCTV는 상설 CCTV만 있을 때보다 시간당 평균 {0}명을 더 감시합니다: 인파의 {2}% 대신 {1}% (+{3}%p).",
    hours_subtitle: "시간대 수요 중 감시 비율 (기존, 계획 후)",
    table: "시간대별 생활인구 표 `{0}`: {1}행 중 {2}행 사용 ({3}일 평균); 가려진 값 {4}행, 0–23이 아닌 시간 {5}행, 인구가 아닌 값 {6}행, 어느 행정구역과도 맞지 않는 {8}개 지역의 {7}행 (제외).",
    population_note: "생활인구: 시간대에 속한 각 시간의 생활인구 합 (표의 날짜 평균), 정규화 전; 수요: 시간대 격자 수요 (레이어별 정규화·가중).",
};

fn words(lang: sightline_render::Lang) -> &'static Words {
    if lang == sightline_render::Lang::Ko {
        &KO
    } else {
        &EN
    }
}

/// What a plan chosen across periods maximised, in words.
pub(super) fn objective_words(plan: &Plan, lang: sightline_render::Lang) -> &'static str {
    let w = words(lang);
    match plan.periods.as_ref().and_then(|p| p.objective) {
        Some(crate::periods::PeriodObjective::Worst) => w.worst,
        Some(_) => w.weighted,
        None => w.event_goal,
    }
}

/// The `population` object of `summary.json`: the table and what became
/// of its rows (each row in exactly one of `used`, `masked`, `bad_hour`,
/// `bad_value` and `unmatched_rows`).
pub(super) fn population_summary(table: &PopulationTable) -> serde_json::Value {
    let p = &table.population;
    let c = &p.counts;
    serde_json::json!({
        "file": table.path.display().to_string(),
        "code_column": p.code_column,
        "hour_column": table.hour_column,
        "value_column": table.value_column,
        "day_column": table.day_column,
        "district_code": table.district_code,
        "days": p.days,
        "rows": c.rows,
        "used": c.used,
        "masked": c.masked,
        "bad_hour": c.bad_hour,
        "bad_value": c.bad_value,
        "unmatched_rows": c.unmatched_rows,
        "unmatched_codes": c.unmatched_codes,
        "unmatched_population": c.unmatched_population,
        "by_prefix": c.by_prefix,
        "by_hour": p.by_hour,
    })
}

/// The periods section of `report.md`.
pub(super) fn periods_section(
    plan: &Plan,
    table: Option<&PopulationTable>,
    lang: sightline_render::Lang,
) -> String {
    use std::fmt::Write as _;

    let w = words(lang);
    let mut md = String::new();
    let number = |x: f64| lang.number(x);
    let pct = |part: f64, whole: f64| format!("{:.1}%", super::percent(part, whole));
    let _ = writeln!(md, "## {}\n", w.heading);
    if let Some(table) = table {
        let c = &table.population.counts;
        let name = table.path.file_name().map_or_else(
            || table.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let _ = writeln!(
            md,
            "{}\n",
            sightline_render::fill(
                w.table,
                &[
                    &name,
                    &c.rows,
                    &c.used,
                    &table.population.days,
                    &c.masked,
                    &c.bad_hour,
                    &c.bad_value,
                    &c.unmatched_rows,
                    &c.unmatched_codes,
                ],
            )
        );
    }
    let Some(periods) = &plan.periods else {
        return md;
    };
    if let Some(value) = periods.value {
        let _ = writeln!(
            md,
            "{}\n",
            sightline_render::fill(
                w.chosen_for,
                &[
                    &objective_words(plan, lang),
                    &format!("{:.2}", 100.0 * value),
                    &format!("{:.2}", 100.0 * plan.outcome.upper_bound().unwrap_or(value)),
                    &format!("{:.3}", 100.0 * plan.outcome.gap()),
                ],
            )
        );
    }
    if !periods.rows.is_empty() {
        let _ = writeln!(md, "| {} |", w.columns.join(" | "));
        let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for row in &periods.rows {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                row.name.replace('|', "\\|"),
                row.hours,
                number(row.weight),
                row.population.map(number).unwrap_or_else(|| "–".to_owned()),
                number(row.demand),
                number(row.covered_before),
                number(row.covered_after),
                pct(row.covered_before, row.demand),
                pct(row.covered_after, row.demand),
            );
        }
        if periods.rows.iter().any(|r| r.population.is_some()) {
            let _ = writeln!(md, "\n{}", w.population_note);
        }
        md.push('\n');
    }
    if periods.hours.len() == 24 {
        let _ = writeln!(md, "![{}](hours.svg)\n", w.chart);
    }
    if let Some(event) = &periods.event {
        let _ = writeln!(md, "### {}\n", w.event);
        let _ = writeln!(
            md,
            "{}\n",
            sightline_render::fill(
                w.event_intro,
                &[
                    &number(event.visitors),
                    &event.hours.to_string(),
                    &if event.spread_evenly {
                        w.evenly
                    } else {
                        w.by_density
                    },
                    &event.cells,
                ],
            )
        );
        let _ = writeln!(md, "| {} |", w.event_columns.join(" | "));
        let _ = writeln!(md, "|---:|---:|---:|---:|---:|---:|---:|");
        let (mut crowd, mut before, mut after) = (0.0, 0.0, 0.0);
        for hour in &event.by_hour {
            crowd += hour.crowd;
            before += hour.seen_before;
            after += hour.seen_after;
            let _ = writeln!(
                md,
                "| {:02} | {} | {} ({}) | {} ({}) | +{} | {} | {} |",
                hour.hour,
                number(hour.crowd),
                number(hour.seen_before),
                pct(hour.seen_before, hour.crowd),
                number(hour.seen_after),
                pct(hour.seen_after, hour.crowd),
                number(hour.seen_after - hour.seen_before),
                number(hour.visitors_seen_before),
                number(hour.visitors_seen_after),
            );
        }
        let hours = event.by_hour.len().max(1) as f64;
        let _ = writeln!(
            md,
            "\n{}\n",
            sightline_render::fill(
                w.event_gain,
                &[
                    &number((after - before) / hours),
                    &format!("{:.1}", super::percent(after, crowd)),
                    &format!("{:.1}", super::percent(before, crowd)),
                    &format!(
                        "{:.1}",
                        super::percent(after, crowd) - super::percent(before, crowd)
                    ),
                ],
            )
        );
    }
    md
}
