//! `plan.geojson`: the chosen sites as GeoJSON Points.

use std::path::{Path, PathBuf};

use geo_types::Coord;
use serde_json::json;
use sightline_io::{Plane, write_files_atomic};

use super::{OutputFormat, Properties, properties, with_site_attributes};
use crate::{Error, Plan};

/// The chosen sites as a GeoJSON FeatureCollection of Points with
/// properties `rank`, `gain`, `site_id`, `district` (and, with camera
/// types, `camera_type`, `heading_deg` for fixed cameras, and `cost`) and
/// `new_points` (the demand points each is the first to see), then the
/// site's `label` when it has one and every attribute the site had in its
/// input file (a name Sightline writes itself is prefixed `input_`), in
/// the plane's output system.
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
/// let bytes = sightline::output::plan_geojson(&plan, &Plane::local(city.origin_lonlat)?)?;
/// let text = String::from_utf8(bytes).unwrap();
/// assert_eq!(text.matches("\"rank\"").count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn plan_geojson(plan: &Plan, plane: &Plane) -> Result<Vec<u8>, Error> {
    layer(plan, plane, OutputFormat::GeoJson)
}

/// [`plan_geojson`]'s features in `format`.
pub(super) fn layer(plan: &Plan, plane: &Plane, format: OutputFormat) -> Result<Vec<u8>, Error> {
    let features: Vec<(Coord<f64>, Properties)> = plan
        .chosen
        .iter()
        .map(|site| {
            let mut props = properties(json!({
                "rank": site.rank,
                "gain": site.gain,
                "site_id": site.id,
                "district": site.district,
            }));
            if let Some(kind) = &site.camera_type {
                props.insert("camera_type".to_owned(), json!(kind));
                props.insert("heading_deg".to_owned(), json!(site.heading_deg));
                props.insert("cost".to_owned(), json!(site.cost));
            }
            props.insert("new_points".to_owned(), json!(site.new_points));
            (
                site.location,
                with_site_attributes(props, site.label.as_deref(), &site.properties),
            )
        })
        .collect();
    format.points(plane, &features)
}

impl Plan {
    /// The plan as a GeoJSON FeatureCollection in one call: the chosen
    /// sites as Points, in the plane's output system (see
    /// [`plan_geojson`] for the properties).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a point cannot be converted back to the output
    /// system.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::io::Plane;
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let plan = plan(&city.scenario, &PlanRequest::new(3, Circular::new(100.0)?))?;
    /// let geojson = plan.to_geojson(&Plane::local(city.origin_lonlat)?)?;
    /// assert!(geojson.starts_with("{") && geojson.contains("FeatureCollection"));
    /// // Every result type is serde-serialisable too.
    /// let json = serde_json::to_string(&plan).unwrap();
    /// let back: Plan = serde_json::from_str(&json).unwrap();
    /// assert_eq!(back.chosen, plan.chosen);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn to_geojson(&self, plane: &Plane) -> Result<String, Error> {
        let bytes = plan_geojson(self, plane)?;
        Ok(
            String::from_utf8(bytes).map_err(|error| sightline_io::Error::Output {
                path: PathBuf::from("plan.geojson"),
                reason: error.to_string(),
            })?,
        )
    }
}

/// Writes [`plan_geojson`] to `path`, atomically.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be written.
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
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("plan.geojson");
/// sightline::output::write_plan_geojson(&path, &plan, &Plane::local(city.origin_lonlat)?)?;
/// assert!(std::fs::read_to_string(&path).unwrap().contains("site_id"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn write_plan_geojson(path: &Path, plan: &Plan, plane: &Plane) -> Result<(), Error> {
    Ok(write_files_atomic(&[(
        path.to_owned(),
        plan_geojson(plan, plane)?,
    )])?)
}
