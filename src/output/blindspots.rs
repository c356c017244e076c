//! `blindspots.geojson`: the demand left unseen after the plan.

use geo_types::Coord;
use rayon::prelude::*;
use serde_json::json;
use sightline_io::Plane;

use super::{DemandRows, OutputFormat, Properties, properties};
use crate::{Error, Plan};

/// The demand left unseen after the plan (`blindspots.geojson`), the most
/// unseen weight first: properties `rank`, `demand` (the point's index in
/// the scenario; written from a study, its row in its file as the input
/// numbers it: a CSV row as a spreadsheet shows it, a GeoJSON feature's
/// index, with `demand_file` naming the file when there are several),
/// `weight`, `seen` (0 to 1), `uncovered` (`weight × (1 − seen)`) and the
/// nearest candidate site, where a camera could go: `nearest_site_id`,
/// `nearest_site_label` (when it has a label) and `nearest_site_m`
/// (metres, to 0.1 m).
/// With `cell_m`, each blind spot is drawn as the square grid cell of that
/// size around its centre (demand on a grid); without it, as a point.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
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
/// let plane = Plane::local(city.origin_lonlat)?;
/// let bytes = sightline::output::blindspots_geojson(&plan, &plane, None)?;
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// let features = value["features"].as_array().unwrap();
/// assert_eq!(features.len(), plan.blind_spots.len());
/// assert_eq!(features[0]["properties"]["rank"], 1);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn blindspots_geojson(plan: &Plan, plane: &Plane, cell_m: Option<f64>) -> Result<Vec<u8>, Error> {
    layer(plan, plane, cell_m, &DemandRows::default(), OutputFormat::GeoJson)
}

/// [`blindspots_geojson`] in `format`, each blind spot's `demand` its
/// row in its file when `rows` knows it (and `demand_file` its file,
/// with several).
pub(super) fn layer(
    plan: &Plan,
    plane: &Plane,
    cell_m: Option<f64>,
    rows: &DemandRows<'_>,
    format: OutputFormat,
) -> Result<Vec<u8>, Error> {
    let props = |rank: usize, spot: &crate::BlindSpot| {
        let (demand, file) = rows.source(spot.demand).unwrap_or((spot.demand, None));
        let mut props = properties(json!({
            "rank": rank + 1,
            "demand": demand,
            "weight": spot.weight,
            "seen": spot.seen,
            "uncovered": spot.uncovered,
        }));
        if let Some(file) = file {
            props.insert("demand_file".to_owned(), json!(file));
        }
        if let Some(site) = &spot.nearest_site {
            props.insert("nearest_site_id".to_owned(), json!(site.id));
            if let Some(label) = &site.label {
                props.insert("nearest_site_label".to_owned(), json!(label));
            }
            props.insert(
                "nearest_site_m".to_owned(),
                json!((site.distance_m * 10.0).round() / 10.0),
            );
        }
        props
    };
    let spots = plan.blind_spots.par_iter().enumerate();
    match cell_m.filter(|c| c.is_finite() && *c > 0.0) {
        None => {
            let features: Vec<(Coord<f64>, Properties)> = spots
                .map(|(rank, spot)| (spot.location, props(rank, spot)))
                .collect();
            format.points(plane, &features)
        }
        Some(cell) => {
            let half = cell / 2.0;
            let polygons: Vec<_> = spots
                .map(|(rank, spot)| {
                    let Coord { x, y } = spot.location;
                    let square = geo_types::Polygon::new(
                        geo_types::LineString::from(vec![
                            (x - half, y - half),
                            (x + half, y - half),
                            (x + half, y + half),
                            (x - half, y + half),
                            (x - half, y - half),
                        ]),
                        vec![],
                    );
                    (geo_types::MultiPolygon(vec![square]), props(rank, spot))
                })
                .collect();
            format.polygons(plane, &polygons)
        }
    }
}
