//! `map.svg`: the plan on a map, for people without GIS software.

use geo::Intersects;
use rayon::prelude::*;
use sightline_render::{Camera, District, DistrictSheets, MapData, Reach, fill};

use super::{OutputFile, ReportContext, percent};
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
    Ok(sightline_render::map_svg(&map_data(
        plan, scenario, cell_m, context,
    ))?)
}

/// What the map of a plan draws, in the context's language.
fn map_data(plan: &Plan, scenario: &Scenario, cell_m: Option<f64>, context: &ReportContext<'_>) -> MapData {
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
        .map(|(site, view)| {
            let camera = Camera::new(site.location).reach(reach(view));
            match site.label.as_deref().filter(|label| !label.trim().is_empty()) {
                Some(label) => camera.label(label),
                None => camera,
            }
        })
        .collect();
    let existing_views = plan.views.iter().filter(|v| v.existing);
    let existing = scenario
        .existing()
        .iter()
        .zip(existing_views)
        .map(|(&at, view)| Camera::new(at).reach(reach(view)))
        .collect();
    MapData {
        title: context.title.clone(),
        subtitle: subtitle(plan, context.lang),
        districts: scenario
            .districts()
            .iter()
            .map(|d| District::new(d.name.clone(), d.boundary.clone()))
            .collect(),
        demand: match &context.map_period {
            Some((_, weights)) if weights.len() == scenario.demand().len() => scenario
                .demand()
                .iter()
                .zip(weights.iter())
                .map(|(d, &w)| (d.location, w))
                .collect(),
            _ => scenario.demand().iter().map(|d| (d.location, d.weight)).collect(),
        },
        cell_size_m: cell_m,
        demand_label: {
            let label = if cell_m.is_some() {
                text.demand_per_cell
            } else {
                text.demand_weight
            };
            match &context.map_period {
                Some((name, _)) => format!("{label} ({name})"),
                None => label.to_owned(),
            }
        },
        existing,
        new_cameras,
        lang: context.lang,
        focus: None,
    }
}

/// The line under the title of the map and of report.html: the new
/// cameras, and coverage before and after.
pub(super) fn subtitle(plan: &Plan, lang: super::Lang) -> String {
    let text = lang.text();
    fill(
        text.map_subtitle,
        &[
            &text.n_new_cameras.of(plan.chosen.len()),
            &format!("{:.1}", percent(plan.covered_before, plan.total_weight)),
            &format!("{:.1}", percent(plan.objective, plan.total_weight)),
        ],
    )
}

/// One map per district with new cameras, `map_<district>.svg`: the map
/// of [`map_svg_with`] zoomed to the district, its outline bold, with
/// its cameras' badges and, where there is room, their labels
/// ([`ChosenSite::label`](crate::ChosenSite::label)). A camera belongs to the districts
/// its site lies in or on. File names keep the district name's letters
/// and digits (Hangul included) and turn anything else into `_`
/// (`행당1동` → `map_행당1동.svg`, `Ilsan West` → `map_Ilsan_West.svg`);
/// a name given twice gets `_2`, `_3`, … and a district without a name is
/// `district_K` (K counted from 1, in the layer's order). Files come in
/// the districts' order.
///
/// # Errors
///
/// As [`map_svg`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::output::ReportContext;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let sheets = sightline::output::district_maps(&plan, &city.scenario, None, &ReportContext::new("Demo"))?;
/// assert!(!sheets.is_empty());
/// assert!(sheets.iter().all(|(name, _)| name.starts_with("map_") && name.ends_with(".svg")));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn district_maps(
    plan: &Plan,
    scenario: &Scenario,
    cell_m: Option<f64>,
    context: &ReportContext<'_>,
) -> Result<Vec<OutputFile>, Error> {
    let districts = scenario.districts();
    let map = map_data(plan, scenario, cell_m, context);
    let text = context.lang.text();
    let names = sheet_names(districts.iter().map(|d| d.name.as_str()));
    let sheets: Vec<(usize, String, usize)> = districts
        .iter()
        .zip(names)
        .enumerate()
        .filter_map(|(k, (district, name))| {
            let cameras = plan
                .chosen
                .iter()
                .filter(|site| district.boundary.intersects(&geo_types::Point(site.location)))
                .count();
            (cameras > 0).then_some((k, name, cameras))
        })
        .collect();
    // Drawn in parallel, each from what lies near its district.
    let shared = DistrictSheets::new(&map);
    let files = sheets
        .into_par_iter()
        .map(|(k, name, cameras)| {
            let subtitle = fill(
                text.inset_subtitle,
                &[&text.n_new_cameras.of(cameras), &districts[k].name],
            );
            Ok((name, shared.svg(k, subtitle)?))
        })
        .collect::<Result<Vec<OutputFile>, Error>>()?;
    Ok(files)
}

/// `map_<name>.svg` for each district name, in order: letters and digits
/// kept, anything else `_`; repeated names numbered; empty ones
/// `district_K`.
pub(super) fn sheet_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    names
        .enumerate()
        .map(|(k, name)| {
            let clean: String = name
                .trim()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            let stem = if clean.chars().all(|c| c == '_') {
                format!("district_{}", k + 1)
            } else {
                clean
            };
            let mut file = format!("map_{stem}.svg");
            let mut n = 1;
            while !taken.insert(file.to_lowercase()) {
                n += 1;
                file = format!("map_{stem}_{n}.svg");
            }
            file
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_keep_letters_and_tell_duplicates_apart() {
        let names = sheet_names(["행당1동", "Ilsan West", "행당1동", "", "a/b", "A/B"].into_iter());
        assert_eq!(
            names,
            [
                "map_행당1동.svg",
                "map_Ilsan_West.svg",
                "map_행당1동_2.svg",
                "map_district_4.svg",
                "map_a_b.svg",
                "map_A_B_2.svg",
            ]
        );
    }
}
