//! The work `plan` and `score_sites` share: validation, the demand index,
//! district membership, and the coverage build.

use geo_types::Coord;
use rayon::prelude::*;
use sightline_coverage::{Circular, Coverage};
use sightline_index::{DistrictIndex, PointIndex};

use crate::Scenario;

/// A validated scenario with its indexes and coverage built.
pub(crate) struct Prepared {
    pub coverage: Coverage,
    /// District index of each demand point, `None` outside every district.
    pub demand_district: Vec<Option<u32>>,
    /// District index of each candidate site.
    pub site_district: Vec<Option<u32>>,
}

impl Prepared {
    /// Expects a scenario that passed [`Scenario::validate`]. With
    /// `keep_covered`, coverage rows keep the demand existing cameras
    /// already see (for backup coverage).
    pub fn new(scenario: &Scenario, model: &Circular, keep_covered: bool) -> Self {
        let demand: Vec<Coord<f64>> = scenario.demand().iter().map(|d| d.location).collect();
        let sites: Vec<Coord<f64>> = scenario.sites().iter().map(|s| s.location).collect();
        let index = PointIndex::new(&demand);
        let coverage = if keep_covered {
            model.build_keeping_covered(&index, &sites, scenario.existing())
        } else {
            model.build_with_index(&index, &sites, scenario.existing())
        };
        let districts = DistrictIndex::new(scenario.districts().iter().map(|d| d.boundary.clone()).collect());
        Self {
            coverage,
            demand_district: locate_all(&districts, &demand),
            site_district: locate_all(&districts, &sites),
        }
    }
}

fn locate_all(districts: &DistrictIndex, points: &[Coord<f64>]) -> Vec<Option<u32>> {
    if districts.is_empty() {
        return vec![None; points.len()];
    }
    points.par_iter().map(|&p| districts.locate(p)).collect()
}
