//! A scenario's own layers as GeoJSON (the demo's inputs).

use geo_types::Coord;
use serde_json::json;
use sightline_io::Plane;

use super::{OutputFile, OutputFormat, Properties, properties};
use crate::{Error, Scenario};

/// A scenario's layers as GeoJSON: `demand.geojson` (property `weight`),
/// `sites.geojson` (`site_id`), `existing.geojson` and `districts.geojson`
/// (`name`). The demo writes them so its inputs can be opened in a GIS and
/// planned on again.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
///
/// # Examples
///
/// ```
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let files = sightline::output::scenario_layers(&city.scenario, &Plane::local(city.origin_lonlat)?)?;
/// assert_eq!(files.len(), 4);
/// assert_eq!(files[3].0, "districts.geojson");
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scenario_layers(scenario: &Scenario, plane: &Plane) -> Result<Vec<OutputFile>, Error> {
    scenario_layers_in(scenario, plane, OutputFormat::GeoJson)
}

/// [`scenario_layers`] in `format`: `demand.fgb`, `sites.fgb`,
/// `existing.fgb` and `districts.fgb` for FlatGeobuf.
///
/// # Errors
///
/// As [`scenario_layers`].
///
/// # Examples
///
/// ```
/// use sightline::io::Plane;
/// use sightline::output::OutputFormat;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plane = Plane::local(city.origin_lonlat)?;
/// let files = sightline::output::scenario_layers_in(&city.scenario, &plane, OutputFormat::FlatGeobuf)?;
/// assert_eq!(files[0].0, "demand.fgb");
/// assert!(files[0].1.starts_with(b"fgb"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scenario_layers_in(
    scenario: &Scenario,
    plane: &Plane,
    format: OutputFormat,
) -> Result<Vec<OutputFile>, Error> {
    let demand: Vec<(Coord<f64>, Properties)> = scenario
        .demand()
        .iter()
        .map(|d| (d.location, properties(json!({ "weight": d.weight }))))
        .collect();
    let sites: Vec<(Coord<f64>, Properties)> = scenario
        .sites()
        .iter()
        .map(|s| (s.location, properties(json!({ "site_id": s.id }))))
        .collect();
    let existing: Vec<(Coord<f64>, Properties)> = scenario
        .existing()
        .iter()
        .map(|&e| (e, Properties::new()))
        .collect();
    let districts: Vec<_> = scenario
        .districts()
        .iter()
        .map(|d| (d.boundary.clone(), properties(json!({ "name": d.name }))))
        .collect();
    let name = |stem: &str| format!("{stem}.{}", format.extension());
    Ok(vec![
        (name("demand"), format.points(plane, &demand)?),
        (name("sites"), format.points(plane, &sites)?),
        (name("existing"), format.points(plane, &existing)?),
        (name("districts"), format.polygons(plane, &districts)?),
    ])
}
