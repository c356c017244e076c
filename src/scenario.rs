use std::collections::HashMap;

use geo_types::{Coord, MultiPolygon};
use sightline_coverage::ExistingCamera;

use crate::Error;
use crate::periods::DemandPeriods;

/// A place that needs watching, with how much it matters.
///
/// # Examples
///
/// ```
/// use sightline::DemandPoint;
/// use geo_types::coord;
///
/// let complaint = DemandPoint::new(coord! { x: 10.0, y: 20.0 }, 2.0);
/// assert_eq!(complaint.weight, 2.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemandPoint {
    /// Position in planar metres.
    pub location: Coord<f64>,
    /// Weight (finite, not negative).
    pub weight: f64,
}

impl DemandPoint {
    /// A demand point at `location` (metres) with `weight`.
    pub fn new(location: Coord<f64>, weight: f64) -> Self {
        Self { location, weight }
    }
}

/// A place where a camera could be mounted (a pole, a security light).
///
/// # Examples
///
/// ```
/// use sightline::CandidateSite;
/// use geo_types::coord;
///
/// let pole = CandidateSite::new(coord! { x: 0.0, y: 0.0 }, "P-17").with_label("주엽로 12 앞");
/// assert_eq!(pole.id, "P-17");
/// assert_eq!(pole.label.as_deref(), Some("주엽로 12 앞"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateSite {
    /// Position in planar metres.
    pub location: Coord<f64>,
    /// Identifier, unique within the scenario.
    pub id: String,
    /// What installing a camera here costs (finite, greater than 0;
    /// default 1). Used by budgets and minimum-cost covering; with camera
    /// types, multiplied by the type's cost.
    pub cost: f64,
    /// The compass headings (degrees clockwise from north) a fixed camera
    /// may take here; `None`: each camera type's own headings.
    pub headings: Option<Vec<f64>>,
    /// What people call the site (a pole's name, an address), shown beside
    /// its id in reports and maps; need not be unique.
    pub label: Option<String>,
    /// The site's own attributes as read (a GeoJSON feature's properties,
    /// a CSV row's cells): written with the site in `plan.geojson` and
    /// `scores.geojson`.
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl CandidateSite {
    /// A candidate site at `location` (metres) named `id`, cost 1.
    pub fn new(location: Coord<f64>, id: impl Into<String>) -> Self {
        Self {
            location,
            id: id.into(),
            cost: 1.0,
            headings: None,
            label: None,
            properties: serde_json::Map::new(),
        }
    }

    /// Names the site for people (see [`label`](Self::label)).
    pub fn with_label(self, label: impl Into<String>) -> Self {
        Self {
            label: Some(label.into()),
            ..self
        }
    }

    /// Gives the site its attributes as read.
    pub fn with_properties(self, properties: serde_json::Map<String, serde_json::Value>) -> Self {
        Self { properties, ..self }
    }

    /// Sets the site's cost.
    pub fn with_cost(self, cost: f64) -> Self {
        Self { cost, ..self }
    }

    /// Restricts fixed cameras here to these compass headings (degrees).
    pub fn with_headings(self, headings: Vec<f64>) -> Self {
        Self {
            headings: Some(headings),
            ..self
        }
    }
}

/// An administrative area; results are reported per district.
///
/// # Examples
///
/// ```
/// use sightline::District;
/// use geo_types::{polygon, MultiPolygon};
///
/// let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
/// let district = District::new("Juyeop 1-dong", MultiPolygon(vec![square]));
/// assert_eq!(district.name, "Juyeop 1-dong");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// Name shown in reports.
    pub name: String,
    /// Boundary in planar metres.
    pub boundary: MultiPolygon<f64>,
}

impl District {
    /// A district called `name` with `boundary` (metres).
    pub fn new(name: impl Into<String>, boundary: MultiPolygon<f64>) -> Self {
        Self {
            name: name.into(),
            boundary,
        }
    }
}

/// The layers of a study, all in one planar metric system.
///
/// # Examples
///
/// ```
/// use sightline::{CandidateSite, DemandPoint, Scenario};
/// use geo_types::coord;
///
/// let scenario = Scenario::new(
///     vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0)],
///     vec![CandidateSite::new(coord! { x: 5.0, y: 5.0 }, "a")],
/// )
/// .with_existing(vec![coord! { x: 100.0, y: 0.0 }]);
/// assert_eq!(scenario.demand().len(), 1);
/// assert_eq!(scenario.existing().len(), 1);
/// assert!(scenario.districts().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scenario {
    demand: Vec<DemandPoint>,
    sites: Vec<CandidateSite>,
    existing: Vec<Coord<f64>>,
    /// Heading and field of view of each existing camera (`None`: a disc),
    /// or empty: all discs.
    existing_views: Vec<Option<(f64, f64)>>,
    districts: Vec<District>,
    buildings: Vec<MultiPolygon<f64>>,
    periods: Option<Box<DemandPeriods>>,
}

impl Scenario {
    /// A scenario with demand and candidate sites, no existing cameras and
    /// no districts.
    pub fn new(demand: Vec<DemandPoint>, sites: Vec<CandidateSite>) -> Self {
        Self {
            demand,
            sites,
            ..Self::default()
        }
    }

    /// Sets the existing cameras (positions in metres).
    pub fn with_existing(self, existing: Vec<Coord<f64>>) -> Self {
        Self { existing, ..self }
    }

    /// Replaces the demand points (with grid cells, say), and drops the
    /// demand by period, which was given per point.
    pub fn with_demand(self, demand: Vec<DemandPoint>) -> Self {
        Self {
            demand,
            periods: None,
            ..self
        }
    }

    /// Gives the demand by period of the day (one weight per demand point
    /// and period; see [`DemandPeriods`]): plans are then chosen for the
    /// request's [`periods_objective`](crate::PlanRequest::periods_objective)
    /// and report every period's coverage.
    pub fn with_periods(self, periods: DemandPeriods) -> Self {
        Self {
            periods: Some(Box::new(periods)),
            ..self
        }
    }

    /// The demand by period, if any.
    pub fn periods(&self) -> Option<&DemandPeriods> {
        self.periods.as_deref()
    }

    /// Sets the districts.
    pub fn with_districts(self, districts: Vec<District>) -> Self {
        Self { districts, ..self }
    }

    /// Gives existing cameras a heading and field of view (degrees), one
    /// entry per existing camera; `None` keeps a camera a disc. Only the
    /// view-cone model ([`CameraModel::types`](crate::coverage::CameraModel::types),
    /// or buildings) uses them.
    pub fn with_existing_views(self, views: Vec<Option<(f64, f64)>>) -> Self {
        Self {
            existing_views: views,
            ..self
        }
    }

    /// Sets the building footprints that block sight lines.
    pub fn with_buildings(self, buildings: Vec<MultiPolygon<f64>>) -> Self {
        Self { buildings, ..self }
    }

    /// Heading and field of view of each existing camera (empty: all
    /// discs).
    pub fn existing_views(&self) -> &[Option<(f64, f64)>] {
        &self.existing_views
    }

    /// Existing camera `i` seeing `range_m`: a disc, or the cone of its
    /// view.
    pub(crate) fn existing_camera(&self, i: usize, range_m: f64) -> ExistingCamera {
        let camera = ExistingCamera::disc(self.existing[i], range_m);
        match self.existing_views.get(i).copied().flatten() {
            Some((heading, fov)) => camera.facing(heading, fov),
            None => camera,
        }
    }

    /// The building footprints.
    pub fn buildings(&self) -> &[MultiPolygon<f64>] {
        &self.buildings
    }

    /// The demand points.
    pub fn demand(&self) -> &[DemandPoint] {
        &self.demand
    }

    /// The candidate sites.
    pub fn sites(&self) -> &[CandidateSite] {
        &self.sites
    }

    /// The existing cameras.
    pub fn existing(&self) -> &[Coord<f64>] {
        &self.existing
    }

    /// The districts.
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// Total demand weight.
    pub fn total_weight(&self) -> f64 {
        // fold from +0.0: `Sum` for floats starts at -0.0, which would be
        // written out as "-0.0" for an empty or weightless layer.
        self.demand.iter().fold(0.0, |total, d| total + d.weight)
    }

    /// Checks what the solvers rely on: some demand, some sites, finite
    /// coordinates, valid weights, unique site ids.
    ///
    /// # Errors
    ///
    /// [`Error::NoDemand`], [`Error::NoSites`], [`Error::BadCoordinate`],
    /// [`Error::BadWeight`], [`Error::TotalWeightOverflow`] or
    /// [`Error::DuplicateSiteId`].
    pub fn validate(&self) -> Result<(), Error> {
        if self.demand.is_empty() {
            return Err(Error::NoDemand);
        }
        if self.sites.is_empty() {
            return Err(Error::NoSites);
        }
        if let Some(periods) = &self.periods {
            periods.check(self.demand.len())?;
        }
        let located = self
            .demand
            .iter()
            .map(|d| ("demand point", d.location))
            .enumerate()
            .chain(
                self.sites
                    .iter()
                    .map(|s| ("candidate site", s.location))
                    .enumerate(),
            )
            .chain(self.existing.iter().map(|&e| ("existing camera", e)).enumerate());
        for (index, (layer, c)) in located {
            if !(c.x.is_finite() && c.y.is_finite()) {
                return Err(Error::BadCoordinate {
                    layer,
                    index,
                    x: c.x,
                    y: c.y,
                });
            }
        }
        if let Some((index, d)) = self
            .demand
            .iter()
            .enumerate()
            .find(|(_, d)| !d.weight.is_finite() || d.weight < 0.0)
        {
            return Err(Error::BadWeight {
                index,
                weight: d.weight,
            });
        }
        if let Some((index, site)) = self
            .sites
            .iter()
            .enumerate()
            .find(|(_, s)| !s.cost.is_finite() || s.cost <= 0.0)
        {
            return Err(Error::BadCost {
                index,
                id: site.id.clone(),
                cost: site.cost,
            });
        }
        if !self.existing_views.is_empty() && self.existing_views.len() != self.existing.len() {
            return Err(Error::ExistingViewsMismatch {
                views: self.existing_views.len(),
                cameras: self.existing.len(),
            });
        }
        if let Some((index, (heading, fov))) = self.existing_views.iter().enumerate().find_map(|(i, v)| {
            v.filter(|(h, f)| !(h.is_finite() && *f > 0.0 && *f <= 360.0))
                .map(|v| (i, v))
        }) {
            return Err(Error::BadExistingView { index, heading, fov });
        }
        if let Some((index, site)) = self.sites.iter().enumerate().find(|(_, s)| {
            s.headings
                .as_ref()
                .is_some_and(|h| h.is_empty() || h.iter().any(|x| !x.is_finite()))
        }) {
            return Err(Error::BadSiteHeadings {
                index,
                id: site.id.clone(),
            });
        }
        let total = self.total_weight();
        if !total.is_finite() {
            return Err(Error::TotalWeightOverflow { total });
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(self.sites.len());
        for (second, site) in self.sites.iter().enumerate() {
            if let Some(&first) = seen.get(site.id.as_str()) {
                return Err(Error::DuplicateSiteId {
                    id: site.id.clone(),
                    first,
                    second,
                });
            }
            seen.insert(&site.id, second);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    fn site(id: &str) -> CandidateSite {
        CandidateSite::new(coord! { x: 0.0, y: 0.0 }, id)
    }

    #[test]
    fn validation_catches_each_problem() {
        let point = DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0);
        let ok = Scenario::new(vec![point], vec![site("a")]);
        assert!(ok.validate().is_ok());
        assert!(matches!(
            Scenario::new(vec![], vec![site("a")]).validate(),
            Err(Error::NoDemand)
        ));
        assert!(matches!(
            Scenario::new(vec![point], vec![]).validate(),
            Err(Error::NoSites)
        ));
        let nan = DemandPoint::new(coord! { x: f64::NAN, y: 0.0 }, 1.0);
        assert!(matches!(
            Scenario::new(vec![point, nan], vec![site("a")]).validate(),
            Err(Error::BadCoordinate {
                layer: "demand point",
                index: 1,
                ..
            })
        ));
        let heavy = DemandPoint::new(coord! { x: 0.0, y: 0.0 }, -1.0);
        assert!(matches!(
            Scenario::new(vec![heavy], vec![site("a")]).validate(),
            Err(Error::BadWeight { index: 0, .. })
        ));
        let twice = Scenario::new(vec![point], vec![site("a"), site("b"), site("a")]);
        assert!(matches!(
            twice.validate(),
            Err(Error::DuplicateSiteId {
                first: 0,
                second: 2,
                ..
            })
        ));
        let huge = DemandPoint::new(coord! { x: 0.0, y: 0.0 }, f64::MAX);
        assert!(matches!(
            Scenario::new(vec![huge, huge], vec![site("a")]).validate(),
            Err(Error::TotalWeightOverflow { .. })
        ));
        let bad_camera = ok
            .clone()
            .with_existing(vec![coord! { x: 0.0, y: f64::INFINITY }]);
        assert!(matches!(
            bad_camera.validate(),
            Err(Error::BadCoordinate {
                layer: "existing camera",
                index: 0,
                ..
            })
        ));
    }
}
