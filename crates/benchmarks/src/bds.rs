//! The `BDS1000.txt`, `BDS10000.txt` and `BDS100000.txt` maximal covering
//! instances: 100 facilities and 1,000 to 100,000 customers in the plane.
//!
//! The first line is `nfacilities ncustomers`; then one
//! `F index x y 1` line per facility and one `C index x y demand` line per
//! customer, tab-separated, with Windows line endings. A customer is
//! covered by a facility within the radius (4 in the usual experiments).

use std::path::Path;

use sightline_solve::Instance;

use crate::{Error, content_lines, read_text};

/// The facilities (candidate sites) and customers (demand) of one file,
/// each in index order.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::bds::BdsInstance;
///
/// let bds = BdsInstance {
///     facility_x: vec![0.0, 10.0],
///     facility_y: vec![0.0, 0.0],
///     customer_x: vec![1.0, 9.0, 5.0],
///     customer_y: vec![0.0, 0.0, 0.0],
///     demand: vec![3.0, 4.0, 8.0],
/// };
/// let instance = bds.instance(4.0)?;
/// assert_eq!(instance.n_options(), 2);
/// assert_eq!(instance.covered_weight(&[0, 1]), 7.0); // the middle customer is out of reach
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BdsInstance {
    /// x coordinate of each facility.
    pub facility_x: Vec<f64>,
    /// y coordinate of each facility.
    pub facility_y: Vec<f64>,
    /// x coordinate of each customer.
    pub customer_x: Vec<f64>,
    /// y coordinate of each customer.
    pub customer_y: Vec<f64>,
    /// Demand of each customer.
    pub demand: Vec<f64>,
}

impl BdsInstance {
    /// The maximal covering instance: one option per facility, one demand
    /// point per customer, covered when their Euclidean distance is
    /// `<= radius`.
    ///
    /// Every facility–customer pair is checked: 10 million pairs for the
    /// largest file, about 0.1 s. A NaN radius covers nothing.
    ///
    /// # Units
    ///
    /// `radius` in the file's coordinate units (unitless in these files).
    ///
    /// # Errors
    ///
    /// [`sightline_solve::Error::BadWeight`] for a negative demand (the
    /// reader rejects non-finite ones), or
    /// [`sightline_solve::Error::WeightCount`] if the customer vectors
    /// differ in length.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_benchmarks::bds::BdsInstance;
    ///
    /// let bds = BdsInstance {
    ///     facility_x: vec![0.0],
    ///     facility_y: vec![0.0],
    ///     customer_x: vec![3.0],
    ///     customer_y: vec![4.0],
    ///     demand: vec![2.0],
    /// };
    /// assert_eq!(bds.instance(5.0)?.matrix().nnz(), 1);
    /// assert_eq!(bds.instance(4.0)?.matrix().nnz(), 0);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn instance(&self, radius: f64) -> Result<Instance, sightline_solve::Error> {
        crate::disc_instance(
            &self.facility_x,
            &self.facility_y,
            &self.customer_x,
            &self.customer_y,
            &self.demand,
            radius,
        )
    }
}

/// Reads a `BDS*.txt` file.
///
/// Facility and customer lines may come in any order, but each kind's
/// indices must run 0, 1, 2, … and their counts must match the header.
/// Blank lines, trailing tabs and `\r` are ignored. The facilities' last
/// field (always 1) is not kept.
///
/// # Errors
///
/// [`Error::Read`] if the file cannot be read; [`Error::Format`] for a
/// malformed header or line, an index out of sequence, a non-finite
/// number, or counts that differ from the header's.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::bds::read_bds;
///
/// let dir = std::env::temp_dir().join("sightline-bds-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("BDS2.txt");
/// std::fs::write(&path, "1\t2\t\r\nF\t0\t1.5\t2.5\t1\r\nC\t0\t1.0\t2.0\t40\r\nC\t1\t9.0\t9.0\t2\r\n").unwrap();
/// let bds = read_bds(&path).unwrap();
/// assert_eq!((bds.facility_x[0], bds.facility_y[0]), (1.5, 2.5));
/// assert_eq!(bds.demand, [40.0, 2.0]);
/// ```
pub fn read_bds(path: &Path) -> Result<BdsInstance, Error> {
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
    let counts: Vec<usize> = header
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format(header_line, format!("header `{header}` is not two counts")))?;
    let [n_facilities, n_customers] = counts[..] else {
        return Err(format(
            header_line,
            format!("header `{header}` is not two counts"),
        ));
    };
    let mut bds = BdsInstance {
        facility_x: Vec::with_capacity(n_facilities),
        facility_y: Vec::with_capacity(n_facilities),
        customer_x: Vec::with_capacity(n_customers),
        customer_y: Vec::with_capacity(n_customers),
        demand: Vec::with_capacity(n_customers),
    };
    for (line, content) in lines {
        let fields: Vec<&str> = content.split_whitespace().collect();
        let [kind, index, x, y, last] = fields[..] else {
            return Err(format(
                line,
                format!("{} fields, expected kind index x y demand", fields.len()),
            ));
        };
        let number = |field: &str| -> Result<f64, Error> {
            field
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite())
                .ok_or_else(|| format(line, format!("`{field}` is not a finite number")))
        };
        let expected_index = match kind {
            "F" => bds.facility_x.len(),
            "C" => bds.customer_x.len(),
            _ => return Err(format(line, format!("kind `{kind}` is neither F nor C"))),
        };
        if index.parse::<usize>().ok() != Some(expected_index) {
            return Err(format(
                line,
                format!("{kind} index `{index}` out of sequence, expected {expected_index}"),
            ));
        }
        let (x, y, last) = (number(x)?, number(y)?, number(last)?);
        if kind == "F" {
            bds.facility_x.push(x);
            bds.facility_y.push(y);
        } else {
            bds.customer_x.push(x);
            bds.customer_y.push(y);
            bds.demand.push(last);
        }
    }
    let found = (bds.facility_x.len(), bds.customer_x.len());
    if found != (n_facilities, n_customers) {
        return Err(format(
            0,
            format!(
                "the header announces {n_facilities} facilities and {n_customers} customers, \
                 the file has {} and {}",
                found.0, found.1
            ),
        ));
    }
    Ok(bds)
}
