//! Beasley's OR-Library set covering instances (`scp41.txt` … `scpd5.txt`).
//!
//! The format is a stream of whitespace-separated integers, wrapped across
//! lines anywhere: `m n`, then the `n` column costs, then for each of the
//! `m` rows the number `k` of columns covering it followed by those `k`
//! column numbers (1-based).

use std::path::Path;

use sightline_solve::{CoverageMatrix, Instance};

use crate::{Error, read_text};

/// A set covering instance: options are the columns, demand points the
/// rows, each of weight 1.
#[derive(Debug, Clone)]
pub struct ScpInstance {
    /// Cost of each column (option).
    pub costs: Vec<f64>,
    /// Columns × rows, every row of weight 1.
    pub instance: Instance,
}

/// Reads an OR-Library set covering file.
///
/// # Errors
///
/// [`Error::Read`] if the file cannot be read; [`Error::Format`] (with the
/// line) for a token that is not a number, a missing number, a column
/// number out of range, or trailing numbers.
///
/// # Examples
///
/// ```
/// use sightline_benchmarks::orlib::read_scp;
///
/// let dir = std::env::temp_dir().join("sightline-orlib-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("tiny.txt");
/// // 2 rows, 3 columns; row 1 is covered by columns 1 and 3, row 2 by column 2.
/// std::fs::write(&path, " 2 3\n 5 1\n 2 \n 2 1 3\n 1 2\n").unwrap();
/// let scp = read_scp(&path).unwrap();
/// assert_eq!(scp.costs, [5.0, 1.0, 2.0]);
/// assert_eq!(scp.instance.matrix().row(0), &[0]);
/// assert_eq!(scp.instance.matrix().row(1), &[1]);
/// assert_eq!(scp.instance.matrix().row(2), &[0]);
/// assert_eq!(scp.instance.weights(), &[1.0, 1.0]);
/// ```
pub fn read_scp(path: &Path) -> Result<ScpInstance, Error> {
    let text = read_text(path)?;
    let format = |line: usize, reason: String| Error::Format {
        path: path.to_owned(),
        line,
        reason,
    };
    let mut tokens = text
        .lines()
        .enumerate()
        .flat_map(|(i, line)| line.split_whitespace().map(move |t| (i + 1, t)));
    let last_line = text.lines().count();
    let mut next = |what: &str| -> Result<(usize, u64), Error> {
        let (line, token) = tokens
            .next()
            .ok_or_else(|| format(last_line, format!("file ends before {what}")))?;
        let value = token
            .parse::<u64>()
            .map_err(|_| format(line, format!("`{token}` is not a whole number ({what})")))?;
        Ok((line, value))
    };
    let (_, m) = next("the number of rows")?;
    let (_, n) = next("the number of columns")?;
    let mut costs = Vec::with_capacity(n as usize);
    for j in 0..n {
        let (_, cost) = next(&format!("the cost of column {}", j + 1))?;
        costs.push(cost as f64);
    }
    let mut columns: Vec<Vec<u32>> = vec![Vec::new(); n as usize];
    for row in 0..m {
        let (_, k) = next(&format!("the size of row {}", row + 1))?;
        for _ in 0..k {
            let (line, column) = next(&format!("a column of row {}", row + 1))?;
            if column == 0 || column > n {
                return Err(format(
                    line,
                    format!("row {} names column {column}, expected 1 to {n}", row + 1),
                ));
            }
            columns[(column - 1) as usize].push(row as u32);
        }
    }
    if let Ok((line, _)) = next("") {
        return Err(format(line, format!("numbers after the {m} rows")));
    }
    let instance = CoverageMatrix::from_rows(m as usize, &columns)
        .and_then(|matrix| Instance::new(matrix, vec![1.0; m as usize]))
        .map_err(|source| Error::Instance {
            path: path.to_owned(),
            source,
        })?;
    Ok(ScpInstance { costs, instance })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn bad_column_names_its_line() {
        let dir = std::env::temp_dir().join("sightline-orlib-test");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.txt");
        std::fs::write(&path, "1 2\n1 1\n1\n3\n").unwrap();
        let err = read_scp(&path).unwrap_err();
        assert!(matches!(err, Error::Format { line: 4, .. }), "{err}");
        std::fs::write(&path, "1 2\n1 1\n").unwrap();
        assert!(matches!(read_scp(&path).unwrap_err(), Error::Format { .. }));
    }
}
