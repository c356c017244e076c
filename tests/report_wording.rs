//! `report.md` in plain, correct words: a coverage target's gap is a
//! cost, a target the existing cameras meet is not "fewer than asked",
//! no negative zero, points called points and cells cells, the curve's
//! bound named for the plan's own size (and the budget), no empty
//! district column, one-line titles.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use geo_types::{Coord, MultiPolygon, coord, polygon};
use sightline::output::{Lang, ReportContext, report_md};
use sightline::prelude::*;

fn at(x: f64) -> Coord<f64> {
    coord! { x: x, y: 0.0 }
}

/// Demand at 0, 100 and 1000 m along a line, sites at 0, 100 and 200 m:
/// the point at 1000 m has no site within reach.
fn line(existing: &[f64]) -> Scenario {
    let demand = [0.0, 100.0, 1000.0]
        .map(|x| DemandPoint::new(at(x), 1.0))
        .to_vec();
    let sites = [0.0, 100.0, 200.0]
        .iter()
        .map(|&x| CandidateSite::new(at(x), format!("s{x}")).with_cost(2.5))
        .collect();
    Scenario::new(demand, sites).with_existing(existing.iter().map(|&x| at(x)).collect())
}

fn disc() -> Circular {
    Circular::new(10.0).unwrap()
}

fn report(plan: &Plan, context: ReportContext<'_>) -> String {
    let text = report_md(plan, &context);
    assert!(!text.contains("-0"), "no negative zero: {text}");
    text
}

#[test]
fn a_target_met_by_existing_cameras_is_worded_as_such() {
    // Existing cameras see the two coverable points: the target is met.
    let scenario = Scenario::new(
        vec![DemandPoint::new(at(0.0), 1.0), DemandPoint::new(at(5.0), 1.0)],
        vec![CandidateSite::new(at(50.0), "a")],
    )
    .with_existing(vec![at(0.0)]);
    let request = PlanRequest::coverage_target(0.5, disc()).method(Method::Greedy);
    let plan = plan(&scenario, &request).unwrap();
    assert!(plan.chosen.is_empty());

    let text = report(&plan, ReportContext::new("Target"));
    assert!(
        text.contains("**Why no new camera:** The existing cameras"),
        "{text}"
    );
    assert!(!text.contains("Why fewer"), "{text}");
    assert!(
        text.contains("| Gap: the plan costs at most this much more than the cheapest | 0.000%"),
        "{text}"
    );
    assert!(!text.contains("far below the best"), "{text}");
    assert!(
        text.contains("## Blind spots\n\nEvery demand point is fully seen.\n"),
        "{text}"
    );
    assert!(
        text.contains("A coverage target is always solved by set covering"),
        "{text}"
    );

    let korean = report(&plan, ReportContext::new("목표").lang(Lang::Ko));
    assert!(korean.contains("**신규 CCTV를 배치하지 않은 이유:**"), "{korean}");
    assert!(korean.contains("격차: 최소 비용 계획보다"), "{korean}");
    assert!(korean.contains("모든 수요 지점이 완전히 감시됩니다."), "{korean}");
    assert!(korean.contains("집합 덮개"), "{korean}");
}

#[test]
fn blind_spots_are_points_or_cells_and_the_curve_bound_is_for_the_plans_size() {
    // Three cameras asked for; two suffice for what any site can see.
    let plan = plan(&line(&[]), &PlanRequest::new(3, disc()).method(Method::Exact)).unwrap();
    assert_eq!(plan.chosen.len(), 2);
    let text = report(&plan, ReportContext::new("Line"));
    assert!(
        text.contains("| Upper bound: the most any plan of 3 cameras can reach |"),
        "the table bounds the asked count: {text}"
    );
    assert!(
        text.contains("No plan of 2 cameras (as many as this plan places; 3 were asked for) that keeps"),
        "the curve bounds the plan's size: {text}"
    );
    assert!(
        text.contains("1 demand point is not fully seen after the plan, holding 1 of the demand (33.3%)"),
        "{text}"
    );
    assert!(!text.contains("or cells"), "{text}");
    assert!(!text.contains("| District |"), "no districts, no column: {text}");

    let grid = report(&plan, ReportContext::new("Grid").grid(true));
    assert!(grid.contains("1 cell is not fully seen"), "{grid}");
    let korean = report(&plan, ReportContext::new("격자").grid(true).lang(Lang::Ko));
    assert!(
        korean.contains("격자 셀 1곳이 완전히 감시되지 않으며"),
        "{korean}"
    );
    assert!(!korean.contains("또는"), "{korean}");
    assert!(
        korean.contains("카메라 2대(이 계획이 배치한 대수, 요청은 3대)"),
        "{korean}"
    );
}

#[test]
fn the_curve_bound_of_a_budget_plan_names_the_budget() {
    let plan = plan(
        &line(&[]),
        &PlanRequest::within_budget(5.0, disc()).method(Method::Exact),
    )
    .unwrap();
    assert_eq!(plan.chosen.len(), 2);
    let text = report(&plan, ReportContext::new("Budget"));
    assert!(
        text.contains(
            "No plan of 2 cameras (as many as this plan places) that stays within the budget of 5 and keeps"
        ),
        "{text}"
    );
    assert!(text.contains("| Cost | 5 |"), "{text}");
}

#[test]
fn the_district_column_is_shown_when_districts_were_given() {
    let square: MultiPolygon<f64> = polygon![
        (x: -50.0, y: -50.0), (x: 150.0, y: -50.0), (x: 150.0, y: 50.0), (x: -50.0, y: 50.0),
    ]
    .into();
    let scenario = line(&[]).with_districts(vec![District::new("West", square)]);
    let plan = plan(&scenario, &PlanRequest::new(2, disc()).method(Method::Exact)).unwrap();
    let text = report(&plan, ReportContext::new("Districts"));
    assert!(text.contains("| Rank | Site | District | Gain |"), "{text}");
    assert!(text.contains("| West |"), "{text}");
}

#[test]
fn every_demand_point_seen_is_said_plainly() {
    let scenario = line(&[1000.0]);
    let plan = plan(&scenario, &PlanRequest::new(2, disc()).method(Method::Exact)).unwrap();
    assert!(plan.blind_spots.is_empty());
    let text = report(&plan, ReportContext::new("All seen"));
    assert!(text.contains("Every demand point is fully seen."), "{text}");
    assert!(!text.contains("holding"), "{text}");
    let grid = report(&plan, ReportContext::new("All seen").grid(true));
    assert!(grid.contains("Every cell is fully seen."), "{grid}");
}

#[test]
fn titles_are_one_line_and_commands_are_quoted_as_they_are() {
    let plan = plan(&line(&[]), &PlanRequest::new(1, disc())).unwrap();
    let context = ReportContext::new("Deogyang\n2027").command("sightline plan --title 'a`b'");
    let text = report(&plan, context);
    assert!(text.starts_with("# Deogyang 2027\n\n"), "{text}");
    assert!(
        text.contains("Produced by `` sightline plan --title 'a`b' ``."),
        "{text}"
    );
}
