//! The study's demand by time of day as users write it: `[[period]]`
//! tables and an `[event]` table (the hourly population is a layer, see
//! [`Role::Population`](super::Role::Population)). Checked by
//! [`Study::validate`](super::Study::validate).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sightline_io::Crs;

use super::text;

/// A period of the day (`[[period]]`).
///
/// # Examples
///
/// ```
/// use sightline::study::Study;
///
/// let study: Study = toml::from_str(r#"
///     [[period]]
///     name = "night"
///     hours = "22-06"
///     weight = 2
/// "#).unwrap();
/// assert_eq!(study.periods[0].hours, "22-06");
/// assert_eq!(study.periods[0].weight, Some(2.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PeriodSpec {
    /// Its name (`night`), unique among the periods.
    pub name: String,
    /// Its hours: `22-06` (22:00 to 06:00), `07-09,17-19`, `00-24`.
    pub hours: String,
    /// Its importance weight (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

impl PeriodSpec {
    /// A period of `hours`, weight 1.
    pub fn new(name: impl Into<String>, hours: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            hours: hours.into(),
            weight: None,
        }
    }
}

/// An event (`[event]`): visitors in an area at some hours.
///
/// # Examples
///
/// ```
/// use sightline::study::Study;
///
/// let study: Study = toml::from_str(r#"
///     [event]
///     area = "festival.geojson"
///     hours = "18-23"
///     visitors = 20000
/// "#).unwrap();
/// assert_eq!(study.event.unwrap().visitors, 20000.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EventSpec {
    /// The event's area: a GeoJSON file or Shapefile of polygons.
    pub area: PathBuf,
    /// Its hours (`18-23`: 18:00 to 23:00).
    pub hours: String,
    /// Visitors there at each of its hours, besides the hourly table's
    /// people.
    pub visitors: f64,
    /// Its name in the outputs (default `event`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The area file's coordinate system, when it names none (default:
    /// the study's).
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub crs: Option<Crs>,
    /// How the visitors spread over the area's cells: `density` (by the
    /// study's demand layers' density, the default when there is one) or
    /// `even`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<EventSpread>,
}

impl EventSpec {
    /// `visitors` in `area` at `hours`.
    pub fn new(area: impl Into<PathBuf>, hours: impl Into<String>, visitors: f64) -> Self {
        Self {
            area: area.into(),
            hours: hours.into(),
            visitors,
            name: None,
            crs: None,
            spread: None,
        }
    }
}

/// How an event's visitors spread over its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventSpread {
    /// Evenly over the area's cells.
    Even,
    /// In proportion to the demand layers' density.
    Density,
}
