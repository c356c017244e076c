//! `scores.csv` and `scores.geojson`: every candidate site on its own.

use geo_types::Coord;
use serde_json::json;
use sightline_io::{Plane, csv_bytes, points_geojson_bytes};

use super::{Properties, properties, with_site_attributes};
use crate::{Error, SiteScore};

/// One CSV row per candidate site: `site_id` (the id `plan.geojson`
/// gives it: its id property, else its feature index in a GeoJSON file or
/// its row in a CSV file, as a spreadsheet numbers it), its `label` when
/// any site has one (`--site-label`), its coordinates in
/// the output system (`lon`/`lat` when geographic, else `x`/`y`),
/// `new_demand`, `new_points`, `district`, the best `camera_type` and
/// `heading_deg` (empty for the disc model), and `new_area_m2` (empty
/// unless scored on a grid).
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
/// let scores = score_sites(&city.scenario, &CameraModel::disc(100.0)?)?;
/// let text = String::from_utf8(sightline::output::scores_csv(&scores, &Plane::local(city.origin_lonlat)?)?).unwrap();
/// assert_eq!(text.lines().count(), 1 + scores.len());
/// assert!(text.starts_with("site_id,lon,lat,"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scores_csv(scores: &[SiteScore], plane: &Plane) -> Result<Vec<u8>, Error> {
    let (x_name, y_name) = if plane.output_crs().is_geographic() {
        ("lon", "lat")
    } else {
        ("x", "y")
    };
    let labelled = scores.iter().any(|score| score.label.is_some());
    let mut header = vec![
        "site_id",
        x_name,
        y_name,
        "new_demand",
        "new_points",
        "district",
        "camera_type",
        "heading_deg",
        "new_area_m2",
    ];
    if labelled {
        header.insert(1, "label");
    }
    let rows = scores
        .iter()
        .map(|score| {
            let at = plane.to_output(score.location)?;
            let mut row = vec![
                score.id.clone(),
                at.x.to_string(),
                at.y.to_string(),
                score.new_demand.to_string(),
                score.new_points.to_string(),
                score.district.clone().unwrap_or_default(),
                score.camera_type.clone().unwrap_or_default(),
                score.heading_deg.map(|h| h.to_string()).unwrap_or_default(),
                score.new_area_m2.map(|a| a.to_string()).unwrap_or_default(),
            ];
            if labelled {
                row.insert(1, score.label.clone().unwrap_or_default());
            }
            Ok(row)
        })
        .collect::<Result<Vec<_>, sightline_io::Error>>()?;
    Ok(csv_bytes(&header, &rows)?)
}

/// Every candidate site as a GeoJSON Point with its score, under the
/// names of [`scores_csv`]'s columns, then its `label` when it has one and
/// every attribute it had in its input file (a name Sightline writes
/// itself is prefixed `input_`).
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
/// let scores = score_sites(&city.scenario, &CameraModel::disc(100.0)?)?;
/// let bytes = sightline::output::scores_geojson(&scores, &Plane::local(city.origin_lonlat)?)?;
/// assert!(String::from_utf8(bytes).unwrap().contains("new_demand"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scores_geojson(scores: &[SiteScore], plane: &Plane) -> Result<Vec<u8>, Error> {
    Ok(points_geojson_bytes(plane, &features(scores))?)
}

/// The scores as a point layer in `format`: [`scores_geojson`]'s, or the
/// same features as FlatGeobuf (`scores.fgb`, with a spatial index, for
/// the hundred thousand poles of a metropolis).
///
/// # Errors
///
/// As [`scores_geojson`].
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::output::OutputFormat;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let scores = score_sites(&city.scenario, &CameraModel::disc(100.0)?)?;
/// let plane = Plane::local(city.origin_lonlat)?;
/// let fgb = sightline::output::scores_layer(&scores, &plane, OutputFormat::FlatGeobuf)?;
/// assert!(fgb.starts_with(b"fgb"));
/// let geojson = sightline::output::scores_layer(&scores, &plane, OutputFormat::GeoJson)?;
/// assert_eq!(geojson, sightline::output::scores_geojson(&scores, &plane)?);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn scores_layer(
    scores: &[SiteScore],
    plane: &Plane,
    format: super::OutputFormat,
) -> Result<Vec<u8>, Error> {
    format.points(plane, &features(scores))
}

/// Each site's point and its score's properties.
fn features(scores: &[SiteScore]) -> Vec<(Coord<f64>, Properties)> {
    scores
        .iter()
        .map(|score| {
            let props = json!({
                "site_id": score.id,
                "new_demand": score.new_demand,
                "new_points": score.new_points,
                "district": score.district,
                "camera_type": score.camera_type,
                "heading_deg": score.heading_deg,
                "new_area_m2": score.new_area_m2,
            });
            (
                score.location,
                with_site_attributes(properties(props), score.label.as_deref(), &score.properties),
            )
        })
        .collect()
}
