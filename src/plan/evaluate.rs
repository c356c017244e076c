//! The figures of a solved plan: blind spots, what each camera sees,
//! district by district.

use rayon::prelude::*;
use sightline_coverage::visible_area;

use geo_types::Coord;
use sightline_index::PointGrid;

use super::{BlindSpot, CameraView, ChosenSite, DistrictFigures, NearestSite, PlanRequest};
use crate::problem::Problem;
use crate::{DemandPoint, Scenario};

/// The demand left unseen after a plan, the most weight unseen first.
pub(super) fn blind_spots(scenario: &Scenario, seen: &[f64]) -> Vec<BlindSpot> {
    let sites = scenario.sites();
    let locations: Vec<_> = sites.iter().map(|s| s.location).collect();
    let index = PointGrid::new(&locations, typical_spacing(&locations));
    let demand = scenario.demand();
    // The order is worked out on small keys (unique: the demand number
    // breaks ties), then each blind spot is built in its place: sorting
    // the blind spots themselves moved every one of them many times.
    let mut order: Vec<(f64, usize)> = demand
        .par_iter()
        .zip(seen)
        .enumerate()
        .filter(|(_, (point, seen))| **seen < 1.0 && point.weight > 0.0)
        .map(|(d, (point, &seen))| (point.weight * (1.0 - seen), d))
        .collect();
    order.par_sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    order
        .par_iter()
        .map(|&(uncovered, d)| {
            let point: &DemandPoint = &demand[d];
            BlindSpot {
                demand: d,
                location: point.location,
                weight: point.weight,
                seen: seen[d],
                uncovered,
                nearest_site: index.nearest(point.location).map(|(site, distance_m)| {
                    let site = site as usize;
                    NearestSite {
                        site,
                        id: sites[site].id.clone(),
                        label: sites[site].label.clone(),
                        distance_m,
                    }
                }),
            }
        })
        .collect()
}

/// About how far apart `points` lie: the side of the square each would
/// have if they shared their bounding box evenly (1 m at least).
fn typical_spacing(points: &[Coord<f64>]) -> f64 {
    let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in points {
        low = [low[0].min(p.x), low[1].min(p.y)];
        high = [high[0].max(p.x), high[1].max(p.y)];
    }
    let area = (high[0] - low[0]).max(1.0) * (high[1] - low[1]).max(1.0);
    (area / points.len().max(1) as f64).sqrt().max(1.0)
}

/// How far apart the rays that draw a camera's visible area are, in
/// degrees. Among buildings, 1° (each ray finds what it hits first).
/// Without, the outline is an arc: its polygon stays within 10 cm of the
/// true circle (2 acos(1 − 0.1 / r)), between 1° and 5° (72 sides for a
/// 100 m disc rather than 360: five times fewer points to convert and
/// write at a million points, no difference a map can show).
fn ray_step_deg(range_m: f64, buildings: bool) -> f64 {
    if buildings || range_m.is_nan() || range_m <= 0.1 {
        return 1.0;
    }
    let step = 2.0 * (1.0 - 0.1 / range_m).acos().to_degrees();
    // Whole divisions of 360° keep the ring's vertices at round bearings.
    let divisions = (360.0 / step.clamp(1.0, 5.0)).ceil();
    360.0 / divisions
}

/// The visible area of every new and existing camera.
pub(super) fn camera_views(
    scenario: &Scenario,
    request: &PlanRequest,
    problem: &Problem,
    chosen: &[ChosenSite],
) -> Vec<CameraView> {
    let buildings = problem.buildings.as_ref();
    let new = chosen.par_iter().map(|c| {
        let camera = c
            .camera_type
            .as_deref()
            .and_then(|name| request.model.camera_types().iter().find(|t| t.name() == name));
        let (range_m, view) = match camera {
            Some(t) => (t.range_m(), c.heading_deg.map(|h| (h, t.fov_deg()))),
            None => (request.model.max_range_m(), None),
        };
        CameraView {
            existing: false,
            id: c.id.clone(),
            camera_type: c.camera_type.clone(),
            heading_deg: view.map(|v| v.0),
            fov_deg: view.map(|v| v.1),
            range_m,
            area: visible_area(
                c.location,
                range_m,
                view,
                buildings,
                ray_step_deg(range_m, buildings.is_some()),
            ),
        }
    });
    let existing = scenario.existing().par_iter().enumerate().map(|(i, &location)| {
        // The disc model counts existing cameras as discs: draw them so.
        let view = scenario
            .existing_views()
            .get(i)
            .copied()
            .flatten()
            .filter(|_| problem.views);
        let range_m = request.model.existing_range_m();
        CameraView {
            existing: true,
            id: i.to_string(),
            camera_type: None,
            heading_deg: view.map(|v| v.0),
            fov_deg: view.map(|v| v.1),
            range_m,
            area: visible_area(
                location,
                range_m,
                view,
                buildings,
                ray_step_deg(range_m, buildings.is_some()),
            ),
        }
    });
    new.chain(existing).collect()
}

pub(super) fn district_figures(
    scenario: &Scenario,
    demand_district: &[Option<u32>],
    site_district: &[Option<u32>],
    covered_before: &[f64],
    covered_after: &[f64],
    chosen: &[ChosenSite],
) -> Vec<DistrictFigures> {
    if scenario.districts().is_empty() {
        return Vec::new();
    }
    let n = scenario.districts().len();
    // Slot n gathers whatever lies outside every district.
    let mut rows: Vec<DistrictFigures> = scenario
        .districts()
        .iter()
        .map(|d| DistrictFigures::empty(Some(d.name.clone())))
        .chain(std::iter::once(DistrictFigures::empty(None)))
        .collect();
    let slot = |district: Option<u32>| district.map_or(n, |i| i as usize);
    for (d, point) in scenario.demand().iter().enumerate() {
        let row = &mut rows[slot(demand_district[d])];
        row.demand_points += 1;
        row.demand += point.weight;
        row.covered_before += point.weight * covered_before[d];
        row.covered_after += point.weight * covered_after[d];
    }
    for site in chosen {
        let row = &mut rows[slot(site_district[site.site])];
        row.cameras_added += 1;
        row.cost_added += site.cost;
    }
    let outside = &rows[n];
    if outside.demand_points == 0 && outside.cameras_added == 0 {
        rows.pop();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_stay_within_ten_centimetres() {
        assert_eq!(ray_step_deg(100.0, true), 1.0);
        assert_eq!(ray_step_deg(100.0, false), 5.0);
        assert_eq!(ray_step_deg(0.05, false), 1.0);
        for range in [1.0, 30.0, 100.0, 250.0, 1000.0, 5000.0] {
            let step = ray_step_deg(range, false);
            assert!((1.0..=5.0).contains(&step), "{range}: {step}");
            assert_eq!((360.0 / step).round() * step, 360.0);
            // The most a chord strays inward from its arc.
            let sagitta = range * (1.0 - (step.to_radians() / 2.0).cos());
            assert!(sagitta <= 0.1 + 1e-9 || step == 1.0, "{range}: {sagitta}");
        }
    }
}
