//! `report.html`: the plan as one page to explore in a browser.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sightline_io::Plane;
use sightline_render::{PageCamera, PageCurvePoint, PageData, PageDistrict, PagePeriod};

use super::{ReportContext, percent, report};
use crate::{Error, Plan, Scenario};

/// `report.html`: one self-contained page (no server, nothing fetched)
/// that anyone can open by double-clicking. An interactive map (pan and
/// zoom by mouse, touch or keyboard) with layers that switch on and off:
/// the districts with their names, demand intensity, existing cameras
/// with their reach, the new cameras numbered by rank with their view
/// (click one: its rank, site id, district, gain, camera type and
/// heading), the blind spots, the complaint records by category and the
/// demand of each period of the day; click a district for its demand,
/// its coverage before and after and the cameras added. Beside the map:
/// the summary figures, the coverage curve, the district table (sortable)
/// and coverage by period. In the context's language; the same plan
/// gives the same bytes.
///
/// The map is drawn in the planning plane (metres, north up) with no
/// background, unless the context has a
/// [`basemap`](ReportContext::basemap): then everything is converted to
/// longitude and latitude with `plane` and drawn over the tiles. `cell_m`
/// is the demand grid's cell size, when the demand is a grid.
///
/// # Errors
///
/// [`Error::Render`] for values that cannot be drawn (non-finite
/// weights); [`Error::Io`] when a point cannot be converted to
/// longitude and latitude for a basemap.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::output::ReportContext;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let plane = Plane::local(city.origin_lonlat)?;
/// let html = sightline::output::report_html(&plan, &city.scenario, &plane, None, &ReportContext::new("Demo"))?;
/// let text = String::from_utf8(html).unwrap();
/// assert!(text.starts_with("<!doctype html>"));
/// assert!(text.contains("Demo"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn report_html(
    plan: &Plan,
    scenario: &Scenario,
    plane: &Plane,
    cell_m: Option<f64>,
    context: &ReportContext<'_>,
) -> Result<Vec<u8>, Error> {
    let page = page_data(plan, scenario, cell_m, context)?;
    let page = match &context.basemap {
        Some(_) => {
            check_basemap_plane(plane)?;
            to_lonlat(page, plane)?
        }
        None => page,
    };
    Ok(sightline_render::report_html(&page)?)
}

/// True when `url` is a tile URL template `report.html` can draw under
/// its map: `https://` or `http://`, with `{z}`, `{x}` and `{y}`
/// (`{s}` and `{r}` are allowed too).
///
/// # Examples
///
/// ```
/// use sightline::output::is_tile_template;
///
/// assert!(is_tile_template("https://tile.openstreetmap.org/{z}/{x}/{y}.png"));
/// assert!(!is_tile_template("https://tile.openstreetmap.org/"));
/// assert!(!is_tile_template("tiles/{z}/{x}/{y}.png"));
/// ```
pub fn is_tile_template(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p))
        && !url.chars().any(char::is_whitespace)
}

/// Checks that `plane` can be drawn over a basemap: that its points
/// convert to longitude and latitude.
///
/// # Errors
///
/// [`Error::BasemapNotGeographic`] for a plane without a geographic
/// reference (planar coordinates).
///
/// # Examples
///
/// ```
/// use sightline::io::{Crs, Plane};
/// use sightline::output::check_basemap_plane;
/// use geo_types::coord;
///
/// assert!(check_basemap_plane(&Plane::local(coord! { x: 126.8, y: 37.6 })?).is_ok());
/// assert!(check_basemap_plane(&Plane::new(Crs::Planar, None)?).is_err());
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn check_basemap_plane(plane: &Plane) -> Result<(), Error> {
    let at = plane.reference().unwrap_or_default();
    match plane.to_lonlat(at) {
        Ok(_) => Ok(()),
        Err(error) => Err(Error::BasemapNotGeographic {
            reason: error.to_string(),
        }),
    }
}

/// What the page shows, in plane metres.
fn page_data(
    plan: &Plan,
    scenario: &Scenario,
    cell_m: Option<f64>,
    context: &ReportContext<'_>,
) -> Result<PageData, Error> {
    let lang = context.lang;
    let text = lang.text();
    let new_views = plan.views.iter().filter(|v| !v.existing);
    let new_cameras = plan
        .chosen
        .iter()
        .zip(new_views)
        .map(|(site, view)| PageCamera {
            at: site.location,
            rank: site.rank,
            site_id: site.id.clone(),
            label: site.label.clone().filter(|label| !label.trim().is_empty()),
            district: site.district.clone(),
            gain: site.gain,
            camera_type: site.camera_type.clone(),
            heading_deg: site.heading_deg,
            reach: Some(view.area.clone()),
        })
        .collect();
    let existing_views = plan.views.iter().filter(|v| v.existing);
    let existing = scenario
        .existing()
        .iter()
        .zip(existing_views)
        .map(|(&at, view)| PageCamera {
            at,
            heading_deg: view.heading_deg,
            camera_type: view.camera_type.clone(),
            reach: Some(view.area.clone()),
            ..PageCamera::default()
        })
        .collect();
    let districts = scenario
        .districts()
        .iter()
        .enumerate()
        .map(|(k, district)| {
            let figures = plan
                .districts
                .rows
                .get(k)
                .filter(|row| row.name.as_deref() == Some(district.name.as_str()));
            PageDistrict {
                name: district.name.clone(),
                shape: district.boundary.clone(),
                demand_points: figures.map_or(0, |f| f.demand_points),
                demand: figures.map_or(0.0, |f| f.demand),
                covered_before: figures.map_or(0.0, |f| f.covered_before),
                covered_after: figures.map_or(0.0, |f| f.covered_after),
                cameras_added: figures.map_or(0, |f| f.cameras_added),
            }
        })
        .collect();
    // The row of what lies outside every district, when there is one.
    let outside = plan
        .districts
        .rows
        .iter()
        .find(|row| row.name.is_none())
        .map(|row| PageDistrict {
            name: String::new(),
            shape: MultiPolygon(Vec::new()),
            demand_points: row.demand_points,
            demand: row.demand,
            covered_before: row.covered_before,
            covered_after: row.covered_after,
            cameras_added: row.cameras_added,
        });
    let (records, record_categories) = match context.records {
        Some((records, _)) => (
            records
                .used()
                .map(|(k, _, point)| (point, records.category[k]))
                .collect(),
            records.category_names.clone(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let demand = scenario.demand();
    let periods = match &plan.periods {
        Some(figures) => {
            let weights = scenario.periods();
            figures
                .rows
                .iter()
                .map(|row| PagePeriod {
                    name: row.name.clone(),
                    hours: row.hours.to_string(),
                    weight: row.weight,
                    demand: row.demand,
                    covered_before: row.covered_before,
                    covered_after: row.covered_after,
                    weights: weights
                        .and_then(|p| {
                            let k = p.periods.iter().position(|period| period.name == row.name)?;
                            p.weights.get(k).filter(|w| w.len() == demand.len()).cloned()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    // The curve starts where the existing cameras leave it: k = 0.
    let before = percent(plan.covered_before, plan.total_weight);
    let curve = std::iter::once(PageCurvePoint {
        cameras: 0,
        covered_pct: before,
        bound_pct: before,
    })
    .chain(plan.curve.iter().map(|step| PageCurvePoint {
        cameras: step.cameras,
        covered_pct: percent(step.score, plan.total_weight),
        bound_pct: percent(step.upper_bound, plan.total_weight),
    }))
    .filter(|_| !plan.curve.is_empty())
    .collect();
    Ok(PageData {
        title: context.title.clone(),
        subtitle: super::map::subtitle(plan, lang),
        lang,
        lonlat: false,
        basemap: context.basemap.clone(),
        basemap_attribution: context.basemap.as_deref().map(|url| {
            context.basemap_attribution.clone().unwrap_or_else(|| {
                let host = url.split("://").nth(1).unwrap_or(url);
                let host = host.split('/').next().unwrap_or(host);
                if host.ends_with("tile.openstreetmap.org") {
                    "© OpenStreetMap contributors".to_owned()
                } else {
                    host.to_owned()
                }
            })
        }),
        outside,
        figures: report::result_rows(plan, lang),
        districts,
        demand: demand.iter().map(|d| (d.location, d.weight)).collect(),
        cell_size_m: cell_m,
        demand_label: if cell_m.is_some() {
            text.demand_per_cell
        } else {
            text.demand_weight
        }
        .to_owned(),
        existing,
        new_cameras,
        blind_spots: plan
            .blind_spots
            .iter()
            .map(|spot| (spot.location, spot.uncovered))
            .collect(),
        records,
        record_categories,
        periods,
        curve,
    })
}

/// The page with every coordinate in longitude and latitude.
fn to_lonlat(mut page: PageData, plane: &Plane) -> Result<PageData, Error> {
    let point = |c: Coord<f64>| -> Result<Coord<f64>, Error> { Ok(plane.to_lonlat(c)?) };
    let ring = |line: &LineString<f64>| -> Result<LineString<f64>, Error> {
        line.0
            .iter()
            .map(|&c| point(c))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString)
    };
    let polygon = |p: &Polygon<f64>| -> Result<Polygon<f64>, Error> {
        Ok(Polygon::new(
            ring(p.exterior())?,
            p.interiors().iter().map(ring).collect::<Result<_, _>>()?,
        ))
    };
    for district in &mut page.districts {
        district.shape = MultiPolygon(district.shape.0.iter().map(polygon).collect::<Result<_, _>>()?);
    }
    for camera in page.existing.iter_mut().chain(page.new_cameras.iter_mut()) {
        camera.at = point(camera.at)?;
        camera.reach = camera.reach.as_ref().map(polygon).transpose()?;
    }
    for (at, _) in &mut page.demand {
        *at = point(*at)?;
    }
    for (at, _) in &mut page.blind_spots {
        *at = point(*at)?;
    }
    for (at, _) in &mut page.records {
        *at = point(*at)?;
    }
    page.lonlat = true;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::synthetic::{CitySize, SyntheticCity};

    fn small() -> (SyntheticCity, Plan) {
        let city = SyntheticCity::generate(CitySize::Small);
        let request = PlanRequest::new(5, Circular::new(100.0).unwrap_or_else(|_| unreachable!()));
        let plan = plan(&city.scenario, &request).unwrap_or_else(|e| panic!("{e}"));
        (city, plan)
    }

    #[test]
    fn the_page_shows_the_plan_figures() {
        let (city, plan) = small();
        let page = page_data(&plan, &city.scenario, None, &ReportContext::new("t"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.new_cameras.len(), 5);
        for (camera, site) in page.new_cameras.iter().zip(&plan.chosen) {
            assert_eq!(
                (camera.rank, &camera.site_id, camera.gain),
                (site.rank, &site.id, site.gain)
            );
            assert_eq!(camera.district, site.district);
        }
        assert_eq!(page.existing.len(), city.scenario.existing().len());
        assert_eq!(page.districts.len(), city.scenario.districts().len());
        for (district, row) in page.districts.iter().zip(&plan.districts.rows) {
            assert_eq!(Some(district.name.as_str()), row.name.as_deref());
            assert_eq!(
                (district.demand, district.covered_after, district.cameras_added),
                (row.demand, row.covered_after, row.cameras_added)
            );
        }
        let added: usize = page.districts.iter().map(|d| d.cameras_added).sum();
        assert!(added <= 5);
        assert_eq!(page.blind_spots.len(), plan.blind_spots.len());
        assert_eq!(page.curve.len(), plan.curve.len() + 1, "k = 0 first");
        assert_eq!(page.curve[0].cameras, 0);
        assert!(!page.lonlat);
    }

    #[test]
    fn with_a_basemap_every_coordinate_is_longitude_and_latitude() {
        let (city, plan) = small();
        let plane = Plane::local(city.origin_lonlat).unwrap_or_else(|e| panic!("{e}"));
        let page = page_data(&plan, &city.scenario, None, &ReportContext::new("t"))
            .unwrap_or_else(|e| panic!("{e}"));
        let lonlat = to_lonlat(page.clone(), &plane).unwrap_or_else(|e| panic!("{e}"));
        assert!(lonlat.lonlat);
        let near = |c: Coord<f64>| {
            (c.x - city.origin_lonlat.x).abs() < 0.2 && (c.y - city.origin_lonlat.y).abs() < 0.2
        };
        assert!(lonlat.new_cameras.iter().all(|c| near(c.at)));
        assert!(lonlat.demand.iter().all(|(c, _)| near(*c)));
        assert!(
            lonlat.districts.iter().flat_map(|d| d.shape.0.iter()).all(|p| p
                .exterior()
                .0
                .iter()
                .all(|&c| near(c)))
        );
        // Converted back, a camera is where it was.
        let back = plane
            .from_lonlat(lonlat.new_cameras[0].at)
            .unwrap_or_else(|e| panic!("{e}"));
        let at = page.new_cameras[0].at;
        assert!(
            (back.x - at.x).abs() < 1e-3 && (back.y - at.y).abs() < 1e-3,
            "{back:?} vs {at:?}"
        );
    }
}
