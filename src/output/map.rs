//! `map.svg`: the plan on a map, for people without GIS software.

use sightline_render::{Camera, District, MapData, Reach, fill};

use super::{ReportContext, percent};
use crate::{Error, Plan, Scenario};

/// `map.svg`: a map a council member can read without GIS software:
/// districts with their names, demand intensity (grid cells when `cell_m`
/// is given, else points), existing cameras and the new ones numbered by
/// rank with their reach, a legend, a scale bar and a north arrow. Drawn
/// in the planning plane (metres, north up).
///
/// # Errors
///
/// [`Error::Render`] for values that cannot be drawn (non-finite weights).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let svg = sightline::output::map_svg(&plan, &city.scenario, None, "Demo city")?;
/// let text = String::from_utf8(svg).unwrap();
/// assert_eq!(text.matches(r#"class="new-camera""#).count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn map_svg(plan: &Plan, scenario: &Scenario, cell_m: Option<f64>, title: &str) -> Result<Vec<u8>, Error> {
    map_svg_with(plan, scenario, cell_m, &ReportContext::new(title))
}

/// [`map_svg`] with the context's title and language (its legend,
/// subtitle and demand label in Korean with
/// [`Lang::Ko`](super::Lang::Ko)).
///
/// # Errors
///
/// As [`map_svg`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::output::{Lang, ReportContext};
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let context = ReportContext::new("예시 도시").lang(Lang::Ko);
/// let svg = sightline::output::map_svg_with(&plan, &city.scenario, None, &context)?;
/// let text = String::from_utf8(svg).unwrap();
/// assert!(text.contains("범례") && text.contains("신규 CCTV 5대"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn map_svg_with(
    plan: &Plan,
    scenario: &Scenario,
    cell_m: Option<f64>,
    context: &ReportContext<'_>,
) -> Result<Vec<u8>, Error> {
    let text = context.lang.text();
    let reach = |view: &crate::CameraView| match (view.heading_deg, view.fov_deg) {
        (Some(heading_deg), Some(fov_deg)) if fov_deg < 360.0 => Reach::Cone {
            radius_m: view.range_m,
            heading_deg,
            fov_deg,
        },
        _ => Reach::Disc {
            radius_m: view.range_m,
        },
    };
    let new_views = plan.views.iter().filter(|v| !v.existing);
    let new_cameras = plan
        .chosen
        .iter()
        .zip(new_views)
        .map(|(site, view)| Camera::new(site.location).reach(reach(view)))
        .collect();
    let existing_views = plan.views.iter().filter(|v| v.existing);
    let existing = scenario
        .existing()
        .iter()
        .zip(existing_views)
        .map(|(&at, view)| Camera::new(at).reach(reach(view)))
        .collect();
    let map = MapData {
        title: context.title.clone(),
        subtitle: fill(
            text.map_subtitle,
            &[
                &text.n_new_cameras.of(plan.chosen.len()),
                &format!("{:.1}", percent(plan.covered_before, plan.total_weight)),
                &format!("{:.1}", percent(plan.objective, plan.total_weight)),
            ],
        ),
        districts: scenario
            .districts()
            .iter()
            .map(|d| District::new(d.name.clone(), d.boundary.clone()))
            .collect(),
        demand: scenario.demand().iter().map(|d| (d.location, d.weight)).collect(),
        cell_size_m: cell_m,
        demand_label: if cell_m.is_some() {
            text.demand_per_cell
        } else {
            text.demand_weight
        }
        .to_owned(),
        existing,
        new_cameras,
        lang: context.lang,
    };
    Ok(sightline_render::map_svg(&map)?)
}
