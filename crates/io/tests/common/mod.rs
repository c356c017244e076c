//! Helpers shared by the io crate's test files.

use std::path::PathBuf;

use sightline_io::geo_types::Coord;
use sightline_io::{Crs, PointLayer};

/// A point layer named `name` in `crs`, weights 1, ids 0, 1, ...
pub fn layer(name: &str, crs: Crs, points: Vec<Coord<f64>>) -> PointLayer {
    let n = points.len();
    PointLayer {
        path: PathBuf::from(name),
        crs,
        points,
        weights: vec![1.0; n],
        ids: (0..n).map(|i| i.to_string()).collect(),
        features: (0..n).collect(),
        number_lists: vec![],
        format: None,
        skipped: Default::default(),
        defaulted_weights: 0,
        delimiter: None,
        properties: Vec::new(),
        sheet: None,
        header_row: None,
    }
}
