use geo_types::Coord;
use rayon::prelude::*;
use serde::Serialize;
use sightline_coverage::Circular;

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
/// let scores = score_sites(&scenario, &Circular::new(10.0)?)?;
/// let first: &SiteScore = &scores[0];
/// assert_eq!((first.new_demand, first.new_points), (2.0, 1));
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SiteScore {
    /// Index of the site in [`Scenario::sites`].
    pub site: usize,
    /// The site's id.
    pub id: String,
    /// Position in planar metres.
    #[serde(skip)]
    pub location: Coord<f64>,
    /// Demand weight the site would cover that no existing camera covers.
    pub new_demand: f64,
    /// Number of such demand points.
    pub new_points: usize,
    /// The district the site lies in, if any.
    pub district: Option<String>,
}

/// Scores every candidate site on its own: the demand it would newly cover
/// (beyond the existing cameras) and its district. Computed in parallel;
/// the result is in site order and independent of the thread count.
///
/// # Errors
///
/// Anything [`Scenario::validate`] reports.
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
/// let scores = score_sites(&scenario, &Circular::new(20.0)?)?;
/// assert_eq!(scores[0].new_demand, 2.0);
/// assert_eq!(scores[1].new_demand, 3.0);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn score_sites(scenario: &Scenario, model: &Circular) -> Result<Vec<SiteScore>, Error> {
    scenario.validate()?;
    let problem = Problem::new(scenario, model, &[], 1, None)?;
    let matrix = problem.instance.matrix();
    let demand = scenario.demand();
    Ok(scenario
        .sites()
        .par_iter()
        .enumerate()
        .map(|(s, site)| {
            // The demand it sees that no existing camera covers.
            let row: Vec<u32> = matrix
                .row(s)
                .iter()
                .copied()
                .filter(|&d| problem.before[d as usize][0] == 0.0)
                .collect();
            SiteScore {
                site: s,
                id: site.id.clone(),
                location: site.location,
                new_demand: row
                    .iter()
                    .fold(0.0, |total, &d| total + demand[d as usize].weight),
                new_points: row.len(),
                district: problem.site_district[s].map(|i| scenario.districts()[i as usize].name.clone()),
            }
        })
        .collect())
}
