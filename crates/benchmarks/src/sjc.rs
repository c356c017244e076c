//! The São José dos Campos maximal covering instances (Lorena and
//! Pereira): `SJC324.txt` … `SJC818.txt`, with their published optima in
//! `optima.csv`.
//!
//! A file's first line is `n 9999 p S`: the node count, then placeholders.
//! Each further line is `x y demand`, tab-separated, in planar metres, with
//! a trailing tab and Windows line endings. Every node is both a demand
//! point and a candidate site.

use std::path::Path;

use sightline_solve::Instance;

use crate::{Error, content_lines, read_text};

/// The nodes of one São José dos Campos instance, in file order.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::sjc::SjcNodes;
///
/// let nodes = SjcNodes { x: vec![0.0, 300.0, 900.0], y: vec![0.0; 3], demand: vec![5.0, 2.0, 7.0] };
/// let instance = nodes.instance(600.0)?;
/// assert_eq!(instance.matrix().row(1), &[0, 1, 2]);
/// assert_eq!(instance.covered_weight(&[0]), 7.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SjcNodes {
    /// Easting of each node, in metres.
    pub x: Vec<f64>,
    /// Northing of each node, in metres.
    pub y: Vec<f64>,
    /// Demand (population) of each node.
    pub demand: Vec<f64>,
}

impl SjcNodes {
    /// The maximal covering instance: one option per node (a camera there),
    /// one demand point per node, node `i` covered by site `j` when their
    /// Euclidean distance is `<= service_distance`.
    ///
    /// The coverage is found by checking every pair (at most 818² here).
    /// A NaN distance covers nothing.
    ///
    /// # Units
    ///
    /// `service_distance` in metres, like the coordinates.
    ///
    /// # Errors
    ///
    /// [`sightline_solve::Error::BadWeight`] for a negative demand (the
    /// reader rejects non-finite ones), or
    /// [`sightline_solve::Error::WeightCount`] if `y` or `demand` is not as
    /// long as `x`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_benchmarks::sjc::SjcNodes;
    ///
    /// let nodes = SjcNodes { x: vec![0.0, 3.0], y: vec![0.0, 4.0], demand: vec![1.0, 1.0] };
    /// assert_eq!(nodes.instance(5.0)?.matrix().nnz(), 4); // exactly 5 m apart: covered
    /// assert_eq!(nodes.instance(4.9)?.matrix().nnz(), 2); // each covers only itself
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn instance(&self, service_distance: f64) -> Result<Instance, sightline_solve::Error> {
        // Every node is both a site and a demand point.
        crate::disc_instance(&self.x, &self.y, &self.x, &self.y, &self.demand, service_distance)
    }
}

/// Reads an `SJC*.txt` file.
///
/// Blank lines, trailing tabs and `\r` are ignored; every other line after
/// the header must hold exactly three finite numbers, and their count must
/// match the header's `n`.
///
/// # Errors
///
/// [`Error::Read`] if the file cannot be read; [`Error::Format`] for a
/// missing or malformed header, a malformed node line, or a node count
/// different from the header's.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::sjc::read_sjc;
///
/// let dir = std::env::temp_dir().join("sightline-sjc-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("SJC2.txt");
/// std::fs::write(&path, "2\t9999\tp\tS\r\n100\t200\t5\t\r\n100\t900\t7\t\r\n").unwrap();
/// let nodes = read_sjc(&path).unwrap();
/// assert_eq!(nodes.y, [200.0, 900.0]);
/// assert_eq!(nodes.demand, [5.0, 7.0]);
/// ```
pub fn read_sjc(path: &Path) -> Result<SjcNodes, Error> {
    let format = |line: usize, reason: String| Error::Format {
        path: path.to_owned(),
        line,
        reason,
    };
    let text = read_text(path)?;
    let mut lines = content_lines(&text);
    let (header_line, header) = lines
        .next()
        .ok_or_else(|| format(1, "the file is empty".into()))?;
    let expected: usize = header
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            format(
                header_line,
                format!("header `{header}` does not start with a node count"),
            )
        })?;
    let mut nodes = SjcNodes {
        x: Vec::with_capacity(expected),
        y: Vec::with_capacity(expected),
        demand: Vec::with_capacity(expected),
    };
    for (line, content) in lines {
        let fields: Vec<&str> = content.split_whitespace().collect();
        let [x, y, demand] = fields[..] else {
            return Err(format(
                line,
                format!("{} fields, expected x y demand", fields.len()),
            ));
        };
        let number = |field: &str| -> Result<f64, Error> {
            field
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite())
                .ok_or_else(|| format(line, format!("`{field}` is not a finite number")))
        };
        nodes.x.push(number(x)?);
        nodes.y.push(number(y)?);
        nodes.demand.push(number(demand)?);
    }
    if nodes.x.len() != expected {
        return Err(format(
            0,
            format!(
                "the header announces {expected} nodes but {} follow",
                nodes.x.len()
            ),
        ));
    }
    Ok(nodes)
}

/// One row of `optima.csv`: the published optimum of one instance.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::sjc::SjcOptimum;
///
/// let row = SjcOptimum {
///     instance: "SJC324".into(),
///     n: 324,
///     service_distance: 800.0,
///     p: 1,
///     optimum: 5461.0,
///     total_demand: 12152.0,
/// };
/// assert!(row.optimum <= row.total_demand);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SjcOptimum {
    /// The instance's name, such as `SJC324` (its file is `SJC324.txt`).
    pub instance: String,
    /// Number of nodes.
    pub n: usize,
    /// The service distance `S`, in metres.
    pub service_distance: f64,
    /// Number of sites to open.
    pub p: usize,
    /// The optimal covered demand.
    pub optimum: f64,
    /// The instance's total demand.
    pub total_demand: f64,
}

/// Reads `optima.csv` (header
/// `instance,n,S,p,optimal_covered_demand,total_demand`).
///
/// # Errors
///
/// [`Error::Format`] if the file cannot be opened or parsed, its header
/// differs, or a field is not a number (an unreadable file is reported as
/// [`Error::Read`] when the cause is an I/O error).
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::sjc::read_sjc_optima;
///
/// let dir = std::env::temp_dir().join("sightline-sjc-optima-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("optima.csv");
/// std::fs::write(
///     &path,
///     "instance,n,S,p,optimal_covered_demand,total_demand\nSJC324,324,800,2,8790,12152\n",
/// )
/// .unwrap();
/// let optima = read_sjc_optima(&path).unwrap();
/// assert_eq!(optima.len(), 1);
/// assert_eq!((optima[0].p, optima[0].service_distance, optima[0].optimum), (2, 800.0, 8790.0));
/// ```
pub fn read_sjc_optima(path: &Path) -> Result<Vec<SjcOptimum>, Error> {
    const HEADER: [&str; 6] = [
        "instance",
        "n",
        "S",
        "p",
        "optimal_covered_demand",
        "total_demand",
    ];
    let format = |line: usize, reason: String| Error::Format {
        path: path.to_owned(),
        line,
        reason,
    };
    let csv_error = |line: usize, error: csv::Error| match error.into_kind() {
        csv::ErrorKind::Io(source) => Error::Read {
            path: path.to_owned(),
            source,
        },
        kind => format(line, format!("{kind:?}")),
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(0, e))?;
    let header = reader.headers().map_err(|e| csv_error(1, e))?;
    if header.iter().map(str::trim).ne(HEADER) {
        return Err(format(
            1,
            format!("header is {header:?}, expected {}", HEADER.join(",")),
        ));
    }
    let mut optima = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| csv_error(line, e))?;
        if record.len() != HEADER.len() {
            return Err(format(
                line,
                format!("{} fields, expected {}", record.len(), HEADER.len()),
            ));
        }
        let integer = |index: usize| -> Result<usize, Error> {
            let field = record[index].trim();
            field
                .parse()
                .map_err(|_| format(line, format!("{} `{field}` is not a count", HEADER[index])))
        };
        let real = |index: usize| -> Result<f64, Error> {
            let field = record[index].trim();
            field
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite())
                .ok_or_else(|| {
                    format(
                        line,
                        format!("{} `{field}` is not a finite number", HEADER[index]),
                    )
                })
        };
        optima.push(SjcOptimum {
            instance: record[0].trim().to_owned(),
            n: integer(1)?,
            service_distance: real(2)?,
            p: integer(3)?,
            optimum: real(4)?,
            total_demand: real(5)?,
        });
    }
    Ok(optima)
}
