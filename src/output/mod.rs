//! Writing results: the plan, its figures, report, curve and map, and
//! candidate scores, in the files a person opens.
//!
//! One module per kind of file: the plan as GeoJSON in the input's
//! coordinate system ([`plan_geojson`]), the figures as JSON
//! ([`summary_json`]), what the cameras see ([`coverage_geojson`]), the
//! blind spots ([`blindspots_geojson`]), the districts as CSV
//! ([`districts_csv`]), the report ([`report_md`]) and the page to
//! explore in a browser ([`report_html`]), the coverage curve
//! ([`curve_csv`], [`curve_svg`]), the map ([`map_svg`], drawn by
//! `sightline-render`), candidate scores ([`scores_csv`],
//! [`scores_geojson`]) and a scenario's own layers ([`scenario_layers`]).
//! [`OutputKind`] names the files [`all_files`] renders for a plan.
//!
//! Each output is first rendered to bytes, so nothing touches the disk
//! until every file of a run is ready; [`write_files`] then writes the
//! whole set atomically (temporary files, then renames), so a failed run
//! leaves no half-written result behind.

mod blindspots;
mod coverage;
mod curve;
mod districts;
mod format;
mod kind;
mod layers;
mod map;
mod page;
mod periods;
mod plan;
mod records;
mod report;
mod scores;
mod summary;
mod write;

use rayon::prelude::*;
use serde_json::{Map, Value};
use sightline_io::Plane;

use crate::{Error, Plan, Scenario};

pub use blindspots::blindspots_geojson;
pub use coverage::coverage_geojson;
pub use curve::{curve_csv, curve_svg, curve_svg_with};
pub use districts::districts_csv;
pub use format::OutputFormat;
pub use kind::OutputKind;
pub(crate) use kind::file_names;
pub use layers::{scenario_layers, scenario_layers_in};
pub use map::{district_maps, map_svg, map_svg_with};
pub use page::{check_basemap_plane, is_tile_template, report_html};
pub use periods::{hours_svg, periods_csv};
pub use plan::{plan_geojson, write_plan_geojson};
pub use records::{records_geojson, records_not_located_csv, records_section, records_summary};
pub use report::{DemandRows, ReportContext, report_md};
pub use scores::{scores_csv, scores_geojson, scores_layer};
pub use sightline_render::Lang;
pub use summary::{Summary, summary_json};
pub use write::{remove_stale, write_files};

pub(super) type Properties = Map<String, Value>;

/// One output file: its name within the output folder and its contents.
pub type OutputFile = (String, Vec<u8>);

fn properties(value: Value) -> Properties {
    match value {
        Value::Object(map) => map,
        _ => Properties::new(),
    }
}

/// A site's own attributes after Sightline's (`ours`): its `label`, then
/// every property as read under its own name, or, when Sightline writes a
/// different value under that name itself, under the first free name of
/// `input_NAME`, `input_2_NAME`, `input_3_NAME`, … (free of Sightline's
/// names and of the site's own), so that no value is lost. The same value
/// under the same name is written once.
fn with_site_attributes(mut ours: Properties, label: Option<&str>, input: &Properties) -> Properties {
    if let Some(label) = label {
        ours.insert("label".to_owned(), Value::String(label.to_owned()));
    }
    let mut renamed = Vec::new();
    for (name, value) in input {
        match ours.get(name) {
            // The same value under the same name (a `site_id` column read
            // as the id): nothing to add.
            Some(mine) if same_value(mine, value) => {}
            Some(_) => renamed.push((name, value)),
            None => {
                ours.insert(name.clone(), value.clone());
            }
        }
    }
    // Every property kept under its own name is in `ours` by now, so a
    // name free there is free of both.
    for (name, value) in renamed {
        let free = (1..)
            .map(|n| match n {
                1 => format!("input_{name}"),
                n => format!("input_{n}_{name}"),
            })
            .find(|candidate| !ours.contains_key(candidate))
            .expect("a finite map leaves some name free");
        ours.insert(free, value.clone());
    }
    ours
}

/// Equal, or the same number written as text and as a number.
fn same_value(a: &Value, b: &Value) -> bool {
    a == b
        || match (a, b) {
            (Value::String(text), Value::Number(number)) | (Value::Number(number), Value::String(text)) => {
                text.parse::<f64>().ok() == number.as_f64()
            }
            _ => false,
        }
}

/// `100 × part / whole`, 0 when `whole` is 0.
fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { 100.0 * part / whole } else { 0.0 }
}

/// `plan.geojson`, `summary.json` and `coverage.geojson`, ready for
/// [`write_files`].
///
/// # Errors
///
/// As [`plan_geojson`], [`summary_json`] and [`coverage_geojson`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let files = sightline::output::plan_files(&plan, &Plane::local(city.origin_lonlat)?)?;
/// let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
/// assert_eq!(names, ["plan.geojson", "summary.json", "coverage.geojson"]);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn plan_files(plan: &Plan, plane: &Plane) -> Result<Vec<OutputFile>, Error> {
    Ok(vec![
        (
            OutputKind::Plan.file_name().to_owned(),
            plan_geojson(plan, plane)?,
        ),
        (OutputKind::Summary.file_name().to_owned(), summary_json(plan)?),
        (
            OutputKind::Coverage.file_name().to_owned(),
            coverage_geojson(plan, plane)?,
        ),
    ])
}

/// Every output of a study, ready for [`write_files`]: one file per
/// [`OutputKind`], in the order of [`OutputKind::ALL`] ([`plan_files`],
/// then `blindspots.geojson`, `districts.csv`, `report.md`, `report.html`, `curve.csv`,
/// `curve.svg`, `map.svg` and the [`district_maps`], which `report.md`
/// links; with complaint records in the context, `records.geojson` and
/// `records_not_located.csv`). `cell_m` is the demand grid's cell size,
/// when the demand is a grid. A plan with no new camera (a coverage target
/// the existing cameras meet) has no curve to draw, so no `curve.svg`;
/// `report.md` says why.
///
/// # Errors
///
/// As the functions that render each file.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::output::{self, OutputKind, ReportContext};
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let plane = Plane::local(city.origin_lonlat)?;
/// let files = output::all_files(&plan, &city.scenario, &plane, &ReportContext::new("Demo"), None)?;
/// let kinds: Vec<OutputKind> = files
///     .iter()
///     .filter_map(|(name, _)| OutputKind::ALL.iter().copied().find(|kind| kind.matches(name)))
///     .collect();
/// let mut unique = kinds.clone();
/// unique.dedup();
/// // The records' files come with a records layer only, the periods'
/// // with demand by time of day.
/// let without_records: Vec<OutputKind> = OutputKind::ALL
///     .iter()
///     .copied()
///     .filter(|k| {
///         !matches!(
///             k,
///             OutputKind::Records | OutputKind::RecordsNotLocated | OutputKind::Periods | OutputKind::Hours
///         )
///     })
///     .collect();
/// assert_eq!(unique, without_records);
/// assert_eq!(kinds.len(), files.len(), "every file is of a kind");
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn all_files(
    plan: &Plan,
    scenario: &Scenario,
    plane: &Plane,
    context: &ReportContext<'_>,
    cell_m: Option<f64>,
) -> Result<Vec<OutputFile>, Error> {
    files(plan, scenario, plane, context, cell_m, OutputKind::ALL)
}

/// The outputs of the `wanted` kinds, as [`all_files`] renders them (in
/// the order of [`OutputKind::ALL`]), and only those: a study that asks
/// for `plan.geojson` alone does not draw maps. The files are rendered in
/// parallel; the bytes do not depend on the thread count. `report.md`
/// links the district sheets only when they are written. The geometry
/// outputs are in the context's [`OutputFormat`]
/// ([`ReportContext::format`]): `plan.fgb`... for FlatGeobuf.
///
/// # Errors
///
/// As the functions that render each file.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::output::{self, OutputKind, ReportContext};
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let plane = Plane::local(city.origin_lonlat)?;
/// let wanted = [OutputKind::Summary, OutputKind::Plan];
/// let files = output::files(&plan, &city.scenario, &plane, &ReportContext::new("Demo"), None, &wanted)?;
/// let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
/// assert_eq!(names, ["plan.geojson", "summary.json"]);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn files(
    plan: &Plan,
    scenario: &Scenario,
    plane: &Plane,
    context: &ReportContext<'_>,
    cell_m: Option<f64>,
    wanted: &[OutputKind],
) -> Result<Vec<OutputFile>, Error> {
    let format = context.format;
    let render = |kind: OutputKind| -> Result<Option<Vec<u8>>, Error> {
        Ok(Some(match kind {
            OutputKind::Plan => plan::layer(plan, plane, format)?,
            OutputKind::Summary => {
                let mut objects = Vec::new();
                if let Some((records, _)) = context.records {
                    objects.push(("records", records_summary(&records.summary)));
                }
                if let Some(table) = context.population {
                    objects.push(("population", periods::population_summary(table)));
                }
                if objects.is_empty() {
                    summary_json(plan)?
                } else {
                    summary::with_objects(plan, objects)?
                }
            }
            OutputKind::Coverage => coverage::layer(plan, plane, format)?,
            OutputKind::Records => match context.records {
                Some((records, layer_weight)) => records::layer(records, plane, layer_weight, format)?,
                None => return Ok(None),
            },
            OutputKind::RecordsNotLocated => match context.records {
                Some((records, _)) => records_not_located_csv(records)?,
                None => return Ok(None),
            },
            OutputKind::Periods => match periods_csv(plan)? {
                Some(bytes) => bytes,
                None => return Ok(None),
            },
            OutputKind::Hours => match hours_svg(plan, context)? {
                Some(bytes) => bytes,
                None => return Ok(None),
            },
            OutputKind::BlindSpots => blindspots::layer(plan, plane, cell_m, &context.demand_rows, format)?,
            OutputKind::Districts => districts_csv(plan)?,
            OutputKind::CurveCsv => curve_csv(plan)?,
            OutputKind::CurveSvg if plan.curve.is_empty() => return Ok(None),
            OutputKind::CurveSvg => curve_svg_with(plan, context)?,
            OutputKind::Map => map_svg_with(plan, scenario, cell_m, context)?,
            OutputKind::ReportHtml => report_html(plan, scenario, plane, cell_m, context)?,
            // The report links the sheets: drawn once they are.
            OutputKind::Report | OutputKind::DistrictMaps => return Ok(None),
        }))
    };
    let kinds: Vec<OutputKind> = OutputKind::ALL
        .iter()
        .copied()
        .filter(|kind| wanted.contains(kind))
        .collect();
    // map.svg is the longest single job: it starts at once on this
    // thread; the sheets and every other output fill the other core (and
    // this one, once the map is drawn).
    let (map, (sheets, rendered)) = rayon::join(
        || kinds.contains(&OutputKind::Map).then(|| render(OutputKind::Map)),
        || {
            rayon::join(
                || {
                    if kinds.contains(&OutputKind::DistrictMaps) {
                        district_maps(plan, scenario, cell_m, context)
                    } else {
                        Ok(Vec::new())
                    }
                },
                || {
                    kinds
                        .par_iter()
                        .map(|&kind| match kind {
                            OutputKind::Map => Ok(None),
                            _ => render(kind),
                        })
                        .collect::<Result<Vec<_>, Error>>()
                },
            )
        },
    );
    let map = map.transpose()?.flatten();
    let (sheets, mut rendered) = (sheets?, rendered?);
    if let Some(at) = kinds.iter().position(|&kind| kind == OutputKind::Map) {
        rendered[at] = map;
    }
    let mut files = Vec::with_capacity(kinds.len() + sheets.len());
    for (kind, bytes) in kinds.into_iter().zip(rendered) {
        let bytes = match (kind, bytes) {
            (OutputKind::Report, _) => {
                let sheet_names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
                report::report_with_sheets(plan, context, &sheet_names).into_bytes()
            }
            (_, Some(bytes)) => bytes,
            (_, None) => continue,
        };
        files.push((kind.file_name_in(format).to_owned(), bytes));
    }
    files.extend(sheets);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties(value: Value) -> Properties {
        match value {
            Value::Object(map) => map,
            _ => unreachable!("an object"),
        }
    }

    #[test]
    fn a_site_attribute_under_a_taken_name_takes_the_first_free_one() {
        let ours = properties(serde_json::json!({ "rank": 1, "site_id": "a" }));
        let input = properties(serde_json::json!({
            "rank": "r0",
            "input_rank": "zz",
            "input_2_rank": "yy",
            "site_id": "a",
            "name": "pole 7",
        }));
        let out = with_site_attributes(ours, Some("pole 7"), &input);
        assert_eq!(out["rank"], 1);
        assert_eq!(out["input_rank"], "zz");
        assert_eq!(out["input_2_rank"], "yy");
        assert_eq!(out["input_3_rank"], "r0", "{out:?}");
        assert_eq!(out["site_id"], "a");
        assert_eq!(out["name"], "pole 7");
        assert_eq!(out["label"], "pole 7");
        assert_eq!(out.len(), 7, "nothing lost, nothing twice: {out:?}");
    }

    #[test]
    fn the_same_value_under_the_same_name_is_written_once() {
        let ours = properties(serde_json::json!({ "site_id": "3", "rank": 2 }));
        let input = properties(serde_json::json!({ "site_id": 3, "rank": "2" }));
        let out = with_site_attributes(ours, None, &input);
        assert_eq!(out.len(), 2, "{out:?}");
    }
}
