use geo_types::Coord;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sightline_coverage::CameraModel;

use crate::memory::MemoryLimit;
use crate::problem::Problem;
use crate::{Error, Scenario};

/// What one candidate site would achieve on its own.
///
/// # Examples
///
/// ```
/// # use sightline::prelude::*;
/// # use geo_types::coord;
/// # let scenario = Scenario::new(
/// #     vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 2.0)],
/// #     vec![CandidateSite::new(coord! { x: 1.0, y: 0.0 }, "p1")],
/// # );
/// let scores = score_sites(&scenario, &CameraModel::disc(10.0)?)?;
/// let first: &SiteScore = &scores[0];
/// assert_eq!((first.new_demand, first.new_points), (2.0, 1));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SiteScore {
    /// Index of the site in [`Scenario::sites`].
    pub site: usize,
    /// The site's id.
    pub id: String,
    /// The site's label (see [`CandidateSite::label`](crate::CandidateSite::label)).
    pub label: Option<String>,
    /// The site's attributes as read (see
    /// [`CandidateSite::properties`](crate::CandidateSite::properties)).
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Position in planar metres.
    pub location: Coord<f64>,
    /// Demand weight the site would cover that no existing camera covers
    /// (with camera types: the weight times the quality it adds, at its
    /// best camera type and heading).
    pub new_demand: f64,
    /// Number of demand points it would see better than the existing
    /// cameras do.
    pub new_points: usize,
    /// The district the site lies in, if any.
    pub district: Option<String>,
    /// The best heading (with camera types, for a fixed camera).
    pub heading_deg: Option<f64>,
    /// The best camera type's name (with camera types).
    pub camera_type: Option<String>,
    /// Blind-spot area the site would remove, square metres, when scored
    /// on a grid (the CLI fills it for `--mode grid`: each site at its
    /// best heading for area, which may differ from its best heading for
    /// demand).
    pub new_area_m2: Option<f64>,
}

/// Scores every candidate site on its own: the demand it would newly cover
/// (beyond the existing cameras) and its district. Computed in parallel;
/// the result is in site order and independent of the thread count.
///
/// # Errors
///
/// Anything [`Scenario::validate`] reports; [`Error::MemoryLimit`] when
/// the coverage would take more than half of the machine's memory (see
/// [`score_sites_with`] to set the limit).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use geo_types::coord;
///
/// let scenario = Scenario::new(
///     vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 2.0), DemandPoint::new(coord! { x: 30.0, y: 0.0 }, 1.0)],
///     vec![CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "a"), CandidateSite::new(coord! { x: 15.0, y: 0.0 }, "b")],
/// );
/// let scores = score_sites(&scenario, &Circular::new(20.0)?.into())?;
/// assert_eq!(scores[0].new_demand, 2.0);
/// assert_eq!(scores[1].new_demand, 3.0);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn score_sites(scenario: &Scenario, model: &CameraModel) -> Result<Vec<SiteScore>, Error> {
    score_sites_with(scenario, model, MemoryLimit::Auto)
}

/// As [`score_sites`], within `memory_limit` (see
/// [`PlanRequest::memory_limit`](crate::PlanRequest::memory_limit)). With
/// camera types (or the scenario's buildings) each site is scored at its
/// best camera type and heading, with quality rounded down to the model's
/// quality levels.
///
/// # Errors
///
/// Anything [`Scenario::validate`] reports, or [`Error::MemoryLimit`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::coverage::CameraType;
/// use sightline::memory::MemoryLimit;
/// use geo_types::coord;
///
/// let scenario = Scenario::new(
///     vec![DemandPoint::new(coord! { x: 0.0, y: 10.0 }, 1.0), DemandPoint::new(coord! { x: 10.0, y: 0.0 }, 5.0)],
///     vec![CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "pole")],
/// );
/// let fixed = CameraType::new("fixed", 20.0, 60.0)?.headings(4)?;
/// let model = CameraModel::types(vec![fixed], 10)?;
/// let scores = sightline::score_sites_with(&scenario, &model, MemoryLimit::Auto)?;
/// // Facing east (90°) sees the heavier point.
/// assert_eq!((scores[0].heading_deg, scores[0].new_demand), (Some(90.0), 5.0));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn score_sites_with(
    scenario: &Scenario,
    model: &CameraModel,
    memory_limit: MemoryLimit,
) -> Result<Vec<SiteScore>, Error> {
    scenario.validate()?;
    let problem = Problem::new(scenario, model, None, memory_limit)?;
    let matrix = problem.instance.matrix();
    let weights = problem.instance.weights();
    // Each option's gain on its own, in parallel; then the best per site.
    let gains: Vec<f64> = (0..problem.options.len())
        .into_par_iter()
        .map(|o| matrix.row(o).iter().fold(0.0, |t, &r| t + weights[r as usize]))
        .collect();
    let mut best: Vec<Option<usize>> = vec![None; scenario.sites().len()];
    for (o, info) in problem.options.iter().enumerate() {
        let slot = &mut best[info.site as usize];
        if slot.is_none_or(|b| gains[o] > gains[b]) {
            *slot = Some(o);
        }
    }
    Ok(scenario
        .sites()
        .iter()
        .enumerate()
        .map(|(s, site)| {
            let option = best[s];
            let info = option.map(|o| problem.options[o]);
            SiteScore {
                site: s,
                id: site.id.clone(),
                label: site.label.clone(),
                properties: site.properties.clone(),
                location: site.location,
                new_demand: option.map_or(0.0, |o| gains[o]),
                new_points: option.map_or(0, |o| problem.improved_points(o)),
                district: problem.site_district[s].map(|i| scenario.districts()[i as usize].name.clone()),
                heading_deg: info.and_then(|i| i.heading_deg),
                camera_type: info.and_then(|i| i.camera_type).map(|t| {
                    model
                        .camera_types()
                        .get(t as usize)
                        .map_or("disc", |c| c.name())
                        .to_owned()
                }),
                new_area_m2: None,
            }
        })
        .collect())
}
