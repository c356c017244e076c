//! Rows of text cells (a CSV file's, an Excel sheet's) becoming a point
//! layer: one set of rules for every tabular format (see
//! [`read_points`](crate::read_points)).

use std::collections::HashMap;
use std::path::Path;

use geo_types::coord;

use crate::csv_points::{
    COORDINATE_COLUMNS, CsvFormat, SkipReason, Unusable, coordinates, normalize, number, number_list,
};
use crate::read::{PointOptions, check_not_lonlat, projected_hint};
use crate::{Crs, Error, PointLayer, Skipped};

/// Where the rows of a [`PointRows`] come from, which decides how errors
/// name a row.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RowSource<'a> {
    /// A CSV file: rows are named with their file line.
    Csv,
    /// An Excel sheet, by name.
    Sheet(&'a str),
}

/// The coordinate columns of a header (names as normalised by
/// [`normalize`]): the columns named by `columns`, else a recognised pair.
/// `Ok(None)` when no pair is recognised; `Err(name)` when a named column
/// is absent. The flag says the columns were recognised by a
/// longitude/latitude name.
pub(crate) fn coordinate_columns<'n>(
    header: &[String],
    columns: Option<&'n (String, String)>,
) -> Result<Option<(usize, usize, bool)>, &'n str> {
    let find = |name: &str| {
        let name = normalize(name);
        header.iter().position(|h| *h == name)
    };
    match columns {
        Some((x, y)) => Ok(Some((
            find(x).ok_or(x.as_str())?,
            find(y).ok_or(y.as_str())?,
            false,
        ))),
        None => Ok(COORDINATE_COLUMNS
            .iter()
            .find_map(|&(x, y, lonlat)| Some((find(x)?, find(y)?, lonlat)))),
    }
}

/// The header as listed in [`Error::MissingColumn`].
pub(crate) fn shown_header(header: &[String]) -> String {
    let names: Vec<String> = header.iter().map(|name| format!("`{name}`")).collect();
    if names.is_empty() {
        "empty".to_string()
    } else {
        names.join(", ")
    }
}

/// Rows of text cells (a CSV file's, an Excel sheet's) becoming a point
/// layer: one set of rules for every tabular format.
pub(crate) struct PointRows<'a> {
    path: &'a Path,
    options: &'a PointOptions,
    source: RowSource<'a>,
    /// The header, as normalised by [`normalize`].
    pub(crate) header: Vec<String>,
    x_column: usize,
    y_column: usize,
    geographic: bool,
    weight_column: Option<(usize, String)>,
    weight_is_default: bool,
    id_column: Option<(usize, String)>,
    list_columns: Vec<(usize, String)>,
    seen: HashMap<String, usize>,
    /// The first coordinates out of longitude/latitude range, for a hint.
    first_out_of_range: Option<(f64, f64)>,
    /// Data rows read so far, blank ones too.
    pub(crate) records: usize,
    pub(crate) layer: PointLayer,
}

impl<'a> PointRows<'a> {
    /// Checks a header (names as normalised by [`normalize`]) against the
    /// options.
    pub(crate) fn new(
        path: &'a Path,
        header: Vec<String>,
        options: &'a PointOptions,
        source: RowSource<'a>,
    ) -> Result<Self, Error> {
        let missing = |looked_for: String| Error::MissingColumn {
            path: path.to_path_buf(),
            looked_for,
            header: shown_header(&header),
        };
        let find = |name: &str| {
            let name = normalize(name);
            header.iter().position(|h| *h == name)
        };
        let column = |name: &str| find(name).ok_or_else(|| missing(format!("`{name}`")));

        let format = CsvFormat::of(&header);
        let (x_column, y_column, lonlat_names) = coordinate_columns(&header, options.columns.as_ref())
            .map_err(|name| missing(format!("`{name}`")))?
            .ok_or_else(|| {
                let pairs: Vec<String> = COORDINATE_COLUMNS
                    .iter()
                    .map(|(x, y, _)| format!("`{x}`/`{y}`"))
                    .collect();
                missing(format!(
                    "for coordinates: looked for {} (x/longitude first; set the columns to use others)",
                    pairs.join(", ")
                ))
            })?;
        let crs = match options.crs {
            Some(crs) => crs,
            None if lonlat_names => Crs::LonLat,
            None => options.default_crs(),
        };
        crs.check_known(&path.display().to_string())?;

        let (weight_column, weight_is_default) = match (&options.weight, format.count_column()) {
            (Some(name), _) => (Some((column(name)?, name.clone())), false),
            (None, Some(name)) if options.count_weight => (find(name).map(|i| (i, name.to_string())), true),
            _ => (None, false),
        };
        let id_column = options
            .id
            .as_ref()
            .map(|name| column(name).map(|i| (i, name.clone())))
            .transpose()?;
        let list_columns = options
            .number_lists
            .iter()
            .map(|name| column(name).map(|i| (i, name.clone())))
            .collect::<Result<Vec<_>, Error>>()?;
        // A column used under a name the header repeats: which one is meant?
        let used = [x_column, y_column]
            .into_iter()
            .chain(weight_column.iter().map(|(i, _)| *i))
            .chain(id_column.iter().map(|(i, _)| *i))
            .chain(list_columns.iter().map(|(i, _)| *i));
        for i in used {
            if let Some(j) = (0..header.len()).find(|&j| j != i && header[j] == header[i]) {
                return Err(Error::DuplicateColumn {
                    path: path.to_path_buf(),
                    column: header[i].clone(),
                    first: i.min(j) + 1,
                    second: i.max(j) + 1,
                });
            }
        }
        let layer = PointLayer {
            path: path.to_path_buf(),
            crs,
            points: Vec::new(),
            weights: Vec::new(),
            ids: Vec::new(),
            features: Vec::new(),
            number_lists: vec![Vec::new(); list_columns.len()],
            format: Some(format),
            skipped: Skipped::default(),
            defaulted_weights: 0,
            delimiter: None,
            properties: Vec::new(),
            header_row: None,
            sheet: match source {
                RowSource::Csv => None,
                RowSource::Sheet(name) => Some(name.to_owned()),
            },
        };
        Ok(Self {
            path,
            options,
            source,
            header,
            x_column,
            y_column,
            geographic: crs.is_geographic(),
            weight_column,
            weight_is_default,
            id_column,
            list_columns,
            seen: HashMap::new(),
            first_out_of_range: None,
            records: 0,
            layer,
        })
    }

    /// An error about a row: `line` is the file line of a CSV row.
    fn row_error(&self, row: usize, line: u64, reason: String) -> Error {
        match self.source {
            RowSource::Csv => Error::CsvRow {
                path: self.path.to_path_buf(),
                row,
                line,
                reason,
            },
            RowSource::Sheet(sheet) => Error::SheetRow {
                path: self.path.to_path_buf(),
                sheet: sheet.to_owned(),
                row,
                reason,
            },
        }
    }

    fn value_error(&self, row: usize, line: u64, column: &str, found: &str, expected: &'static str) -> Error {
        match self.source {
            RowSource::Csv => Error::CsvValue {
                path: self.path.to_path_buf(),
                row,
                line,
                column: column.to_string(),
                found: found.to_string(),
                expected,
            },
            RowSource::Sheet(_) => self.row_error(
                row,
                line,
                format!("column `{column}` is {found:?}, expected {expected}"),
            ),
        }
    }

    /// Reads one data row, numbered `row` as a spreadsheet shows it
    /// (`line`: its file line, for CSV), with one cell per header column.
    pub(crate) fn push(&mut self, row: usize, line: u64, record: &csv::StringRecord) -> Result<(), Error> {
        self.records += 1;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            self.layer.skipped.blank_rows += 1;
            return Ok(());
        }
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let (x, y) = match coordinates(cell(self.x_column), cell(self.y_column), self.geographic) {
            Ok(point) => point,
            Err(Unusable::Skip(reason)) => {
                if matches!(reason, SkipReason::OutOfRange) && self.first_out_of_range.is_none() {
                    self.first_out_of_range = number(cell(self.x_column)).zip(number(cell(self.y_column)));
                }
                self.layer.skipped.add(row, reason);
                return Ok(());
            }
            Err(Unusable::Swapped(reason)) => {
                let x_name = &self.header[self.x_column];
                let y_name = &self.header[self.y_column];
                return Err(self.row_error(
                    row,
                    line,
                    format!("{reason} (longitude from column `{x_name}`, latitude from `{y_name}`)"),
                ));
            }
        };

        let weight = match &self.weight_column {
            None => 1.0,
            Some((i, name)) => match (number(cell(*i)), self.weight_is_default) {
                (Some(weight), _) if weight >= 0.0 => weight,
                (_, true) => {
                    self.layer.defaulted_weights += 1;
                    1.0
                }
                (Some(_), false) => {
                    return Err(self.value_error(row, line, name, cell(*i), "a finite, non-negative number"));
                }
                (None, false) => return Err(self.value_error(row, line, name, cell(*i), "a number")),
            },
        };
        let id = match &self.id_column {
            Some((i, _)) => cell(*i).to_string(),
            None => row.to_string(),
        };
        if self.options.unique_ids {
            if let Some(&first) = self.seen.get(&id) {
                let origin = match &self.id_column {
                    Some((_, name)) => format!("column `{name}`"),
                    None => "the row number".to_string(),
                };
                return Err(Error::DuplicateId {
                    path: self.path.to_path_buf(),
                    first,
                    second: row,
                    csv: true,
                    origin,
                    id,
                });
            }
            self.seen.insert(id.clone(), row);
        }
        for (k, (i, name)) in self.list_columns.iter().enumerate() {
            let list = number_list(cell(*i)).ok_or_else(|| {
                self.value_error(row, line, name, cell(*i), "numbers separated by commas or spaces")
            })?;
            self.layer.number_lists[k].push(list);
        }
        self.layer.points.push(coord! { x: x, y: y });
        self.layer.weights.push(weight);
        self.layer.ids.push(id);
        self.layer.features.push(row);
        if self.options.properties {
            let cells = self.header.iter().zip(record.iter());
            self.layer.properties.push(
                cells
                    .map(|(name, value)| (name.clone(), serde_json::Value::String(value.to_owned())))
                    .collect(),
            );
        }
        Ok(())
    }

    /// The layer, once every row is read.
    pub(crate) fn finish(mut self) -> Result<PointLayer, Error> {
        self.layer.skipped.rows = self.records - self.layer.skipped.blank_rows;
        let crs = self.layer.crs;
        if self.layer.points.is_empty() {
            let hint = match self.first_out_of_range {
                Some((x, y)) if self.geographic && self.layer.skipped.invalid == 0 => {
                    let projected = projected_hint(x, y)
                        .unwrap_or_else(|| "are the coordinates projected? set the layer's CRS".to_owned());
                    format!("; read as {crs}, the first row out of range has ({x}, {y}): {projected}")
                }
                _ => String::new(),
            };
            return Err(Error::NoUsableRows {
                path: self.path.to_path_buf(),
                skipped: Box::new(self.layer.skipped),
                hint,
            });
        }
        check_not_lonlat(self.path, crs, false, self.layer.points.iter().copied())?;
        Ok(self.layer)
    }
}
