//! A request's rules in the solver's terms.

use geo_types::Coord;
use sightline_index::PointIndex;
use sightline_solve::SideConstraints;

use super::PlanRules;
use crate::problem::Problem;
use crate::{Error, Scenario};

/// The request's rules in the solver's terms: site indices, district
/// indices, conflict pairs.
pub(super) fn side_constraints(
    scenario: &Scenario,
    rules: &PlanRules,
    problem: &Problem,
) -> Result<SideConstraints, Error> {
    let sites = scenario.sites();
    let options = &problem.options;
    let mut constraints = SideConstraints::new(options.len());
    // The options of each site (consecutive, in site order).
    let mut of_site: Vec<Vec<u32>> = vec![Vec::new(); sites.len()];
    for (o, info) in options.iter().enumerate() {
        of_site[info.site as usize].push(o as u32);
    }
    // At most one camera per site.
    for group in &of_site {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                constraints = constraints.conflict(a, b)?;
            }
        }
    }
    let index_of = |id: &str| {
        sites
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| Error::UnknownSite { id: id.to_owned() })
    };
    for id in &rules.force_in {
        match of_site[index_of(id)?].as_slice() {
            [only] => constraints = constraints.force_in(*only)?,
            [] => return Err(Error::ForcedSiteUnusable { id: id.clone() }),
            _ => return Err(Error::ForcedSiteAmbiguous { id: id.clone() }),
        }
    }
    for id in &rules.force_out {
        if rules.force_in.contains(id) {
            return Err(Error::Solve(sightline_solve::Error::Infeasible {
                reason: format!("site `{id}` is both forced in and forced out"),
            }));
        }
        for &o in &of_site[index_of(id)?] {
            constraints = constraints.force_out(o)?;
        }
    }
    // Not a plan of no camera, "proven optimal".
    if !sites.is_empty() && sites.iter().all(|site| rules.force_out.contains(&site.id)) {
        return Err(Error::Solve(sightline_solve::Error::Infeasible {
            reason: "every candidate site is forced out".to_owned(),
        }));
    }
    if let Some(spacing) = rules.min_spacing_m {
        if !(spacing.is_finite() && spacing >= 0.0) {
            return Err(Error::BadSpacing { spacing_m: spacing });
        }
        let locations: Vec<Coord<f64>> = sites.iter().map(|s| s.location).collect();
        let index = PointIndex::new(&locations);
        for (a, &here) in locations.iter().enumerate() {
            for b in index.within(here, spacing) {
                let there = locations[b as usize];
                if (b as usize) > a && (here.x - there.x).hypot(here.y - there.y) < spacing {
                    for &oa in &of_site[a] {
                        for &ob in &of_site[b as usize] {
                            constraints = constraints.conflict(oa, ob)?;
                        }
                    }
                }
            }
        }
    }
    if let Some(budget) = rules.budget {
        let costs = options.iter().map(|o| o.cost).collect();
        constraints = constraints.budget(costs, budget)?;
    }
    let n_districts = scenario.districts().len();
    if rules.min_per_district > 0 || rules.max_per_district.is_some() {
        if n_districts == 0 {
            return Err(Error::QuotasWithoutDistricts);
        }
        // Without a maximum, none that a minimum could exceed: the
        // districts' own sites then bound the minimum, by name.
        let max = rules
            .max_per_district
            .unwrap_or(sites.len().max(rules.min_per_district));
        if max == 0 && problem.site_district.iter().all(Option::is_some) {
            return Err(Error::Solve(sightline_solve::Error::Infeasible {
                reason: "no district may get a new camera, and every candidate site lies in a district"
                    .to_owned(),
            }));
        }
        if rules.min_per_district > max {
            return Err(Error::Solve(sightline_solve::Error::Infeasible {
                reason: format!(
                    "every district needs at least {} new cameras but may have at most {max}",
                    rules.min_per_district
                ),
            }));
        }
        constraints = constraints
            .districts(
                options
                    .iter()
                    .map(|o| problem.site_district[o.site as usize])
                    .collect(),
                vec![rules.min_per_district; n_districts],
                vec![max; n_districts],
            )?
            .district_names(scenario.districts().iter().map(|d| d.name.clone()).collect());
    }
    Ok(constraints)
}
