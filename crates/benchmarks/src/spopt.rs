//! spopt's San Francisco fixture: a long-format network-distance table
//! (`distance,name,DestinationName,demand`, one row per store and tract).

use std::collections::HashMap;
use std::path::Path;

use sightline_solve::{CoverageMatrix, Instance};

use crate::Error;

/// A coverage instance read from a distance table, with the names behind
/// the indices.
#[derive(Debug, Clone)]
pub struct DistanceTable {
    /// Candidate names (options), in order of first appearance.
    pub sites: Vec<String>,
    /// Demand names (tracts), in order of first appearance.
    pub demand: Vec<String>,
    /// Options × demand, covered when the distance is within the service distance.
    pub instance: Instance,
}

/// Reads the table; tract `d` is covered by store `s` when their distance
/// is `<= service_m`.
///
/// # Errors
///
/// [`Error::Read`], or [`Error::Format`] for a malformed row or a tract
/// whose demand differs between rows.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::spopt::read_distance_table;
///
/// let dir = std::env::temp_dir().join("sightline-spopt-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("table.csv");
/// std::fs::write(&path, "distance,name,DestinationName,demand\n10,A,t1,5\n9000,A,t2,7\n20,B,t2,7\n").unwrap();
/// let table = read_distance_table(&path, 5000.0).unwrap();
/// assert_eq!(table.sites, ["A", "B"]);
/// assert_eq!(table.instance.weights(), &[5.0, 7.0]);
/// assert_eq!(table.instance.matrix().row(0), &[0]);
/// ```
pub fn read_distance_table(path: &Path, service_m: f64) -> Result<DistanceTable, Error> {
    let format = |line: usize, reason: String| Error::Format {
        path: path.to_owned(),
        line,
        reason,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| format(0, e.to_string()))?;
    let mut sites: Vec<String> = Vec::new();
    let mut site_index: HashMap<String, usize> = HashMap::new();
    let mut demand: Vec<String> = Vec::new();
    let mut demand_index: HashMap<String, usize> = HashMap::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut covers: Vec<Vec<u32>> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| format(line, e.to_string()))?;
        if record.len() < 4 {
            return Err(format(line, format!("{} fields, expected 4", record.len())));
        }
        let number = |field: &str| -> Result<f64, Error> {
            field
                .trim()
                .parse()
                .map_err(|_| format(line, format!("`{field}` is not a number")))
        };
        let distance = number(&record[0])?;
        let weight = number(&record[3])?;
        let s = *site_index.entry(record[1].to_owned()).or_insert_with(|| {
            sites.push(record[1].to_owned());
            covers.push(Vec::new());
            sites.len() - 1
        });
        let d = *demand_index.entry(record[2].to_owned()).or_insert_with(|| {
            demand.push(record[2].to_owned());
            weights.push(weight);
            demand.len() - 1
        });
        if weights[d] != weight {
            return Err(format(
                line,
                format!(
                    "tract {} has demand {weight} here and {} before",
                    record[2].to_owned(),
                    weights[d]
                ),
            ));
        }
        if distance <= service_m {
            covers[s].push(d as u32);
        }
    }
    let instance = CoverageMatrix::from_rows(demand.len(), &covers)
        .and_then(|matrix| Instance::new(matrix, weights))
        .map_err(|source| Error::Instance {
            path: path.to_owned(),
            source,
        })?;
    Ok(DistanceTable {
        sites,
        demand,
        instance,
    })
}
