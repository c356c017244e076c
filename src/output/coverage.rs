//! `coverage.geojson`: what every camera sees, as polygons.

use serde_json::json;
use sightline_io::Plane;

use super::{OutputFormat, properties};
use crate::{Error, Plan};

/// What every camera sees, as polygons (`coverage.geojson`): new cameras
/// then existing ones, with properties `existing`, `id` (site id, or the
/// existing camera's index), `camera_type`, `heading_deg` and `range_m`.
/// Each polygon is the camera's view cone or disc cut short by buildings,
/// drawn with a ray every degree.
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
/// let bytes = sightline::output::coverage_geojson(&plan, &Plane::local(city.origin_lonlat)?)?;
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// // 5 new cameras and the city's 8 existing ones.
/// assert_eq!(value["features"].as_array().unwrap().len(), 13);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn coverage_geojson(plan: &Plan, plane: &Plane) -> Result<Vec<u8>, Error> {
    layer(plan, plane, OutputFormat::GeoJson)
}

/// [`coverage_geojson`]'s features in `format`.
pub(super) fn layer(plan: &Plan, plane: &Plane, format: OutputFormat) -> Result<Vec<u8>, Error> {
    let polygons: Vec<_> = plan
        .views
        .iter()
        .map(|v| {
            let props = properties(json!({
                "existing": v.existing,
                "id": v.id,
                "camera_type": v.camera_type,
                "heading_deg": v.heading_deg,
                "fov_deg": v.fov_deg,
                "range_m": v.range_m,
            }));
            (geo_types::MultiPolygon(vec![v.area.clone()]), props)
        })
        .collect();
    format.polygons(plane, &polygons)
}
