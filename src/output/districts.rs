//! `districts.csv`: the plan's figures district by district.

use sightline_io::csv_bytes;

use super::percent;
use crate::{DistrictFigures, Error, Plan};

/// `districts.csv`: one row per district (and a last row named
/// `(outside every district)` when demand or cameras lie outside them),
/// with `district`, `demand_points`, `demand`, `covered_before`,
/// `covered_after`, their shares of the district's demand
/// (`covered_before_pct`, `covered_after_pct`), `cameras_added`,
/// `cost_added` and `budget_share_pct` (the district's share of the
/// money spent, or of the budget when there is one).
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be rendered.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = String::from_utf8(sightline::output::districts_csv(&plan)?).unwrap();
/// assert!(text.starts_with("district,demand_points,demand,covered_before,"));
/// assert_eq!(text.lines().count(), 1 + plan.districts.rows.len());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn districts_csv(plan: &Plan) -> Result<Vec<u8>, Error> {
    let header = [
        "district",
        "demand_points",
        "demand",
        "covered_before",
        "covered_after",
        "covered_before_pct",
        "covered_after_pct",
        "cameras_added",
        "cost_added",
        "budget_share_pct",
    ];
    let spend = plan.outcome.budget().unwrap_or(plan.cost);
    let rows: Vec<Vec<String>> = plan
        .districts
        .rows
        .iter()
        .map(|d| {
            vec![
                district_label(d),
                d.demand_points.to_string(),
                d.demand.to_string(),
                d.covered_before.to_string(),
                d.covered_after.to_string(),
                format!("{:.2}", percent(d.covered_before, d.demand)),
                format!("{:.2}", percent(d.covered_after, d.demand)),
                d.cameras_added.to_string(),
                d.cost_added.to_string(),
                format!("{:.2}", percent(d.cost_added, spend)),
            ]
        })
        .collect();
    Ok(csv_bytes(&header, &rows)?)
}

pub(super) fn district_label(d: &DistrictFigures) -> String {
    d.name
        .clone()
        .unwrap_or_else(|| "(outside every district)".to_owned())
}
