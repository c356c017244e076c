//! [`Records::build`]: from a table of records to categories, times,
//! weights and places.

use std::collections::BTreeMap;
use std::path::Path;

use geo_types::Coord;
use rayon::prelude::*;
use sightline_demand::records::{Recency, from_excel_serial, parse_time};
use sightline_io::{Cell, Table};

use super::{
    CategoryCount, DateTime, Fate, Geocoder, Located, LocatedBy, NotLocated, RecordSettings, Records,
    RecordsSummary, words,
};
use crate::Error;

/// The columns of a records table, by name (see the `records` layer's
/// `text`, `time`, `address` and `weight` keys).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordColumns {
    /// The text columns, joined for the categories.
    pub text: Vec<String>,
    /// The time column.
    pub time: Option<String>,
    /// The address column.
    pub address: Option<String>,
    /// The count column (default 1 per record).
    pub weight: Option<String>,
}

impl RecordColumns {
    /// Every column named, in the order a table should keep them: text,
    /// time, address, weight.
    pub fn names(&self) -> Vec<String> {
        self.text
            .iter()
            .chain(&self.time)
            .chain(&self.address)
            .chain(&self.weight)
            .cloned()
            .collect()
    }
}

/// The inputs of [`Records::build`] besides the table.
pub struct RecordInput<'a> {
    /// The columns.
    pub columns: &'a RecordColumns,
    /// Each row's own place in plane metres (`None`: no usable
    /// coordinates), in the table's row order.
    pub points: &'a [Option<Coord<f64>>],
    /// How records become demand.
    pub settings: &'a RecordSettings,
    /// The address tables, if any.
    pub geocoder: Option<&'a Geocoder>,
    /// Whether a place (plane metres) lies in the study area (inside a
    /// district; always true without districts).
    pub inside: &'a (dyn Fn(Coord<f64>) -> bool + Sync),
}

/// A record's time from its cell: an Excel date (a serial number of
/// days), or text in one of the forms [`parse_time`] reads, or such a
/// serial written as text ([`serial_text`]). A number that is a whole
/// `YYYYMMDD` or `YYYYMMDDhhmm` is read as that text.
fn cell_time(cell: &Cell) -> Option<DateTime> {
    match cell {
        Cell::Empty | Cell::Bool(_) => None,
        Cell::DateTime(serial) => from_excel_serial(*serial).ok(),
        Cell::Number(n) if n.fract() == 0.0 && *n >= 1.0e7 => parse_time(&format!("{n:.0}")).ok(),
        Cell::Number(n) => from_excel_serial(*n).ok(),
        Cell::Text(text) => parse_time(text).ok().or_else(|| serial_text(text)),
    }
}

/// An Excel date written out as a number (`45469.94166`, as a CSV saved
/// from a workbook holds it): a serial day from 10000 (1927) up to 100000
/// (2173), so that a year (`2025`) or a count is never read as a date.
fn serial_text(text: &str) -> Option<DateTime> {
    let serial: f64 = text.trim().parse().ok()?;
    (10_000.0..100_000.0)
        .contains(&serial)
        .then(|| from_excel_serial(serial).ok())
        .flatten()
}

/// A record's count from its cell: a finite number, 0 or more; an empty
/// cell counts 1.
fn cell_count(cell: &Cell) -> Result<f64, &'static str> {
    let value = match cell {
        Cell::Empty => return Ok(1.0),
        Cell::Number(n) => *n,
        Cell::Text(text) if text.trim().is_empty() => return Ok(1.0),
        Cell::Text(text) => text
            .trim()
            .replace(',', "")
            .parse::<f64>()
            .map_err(|_| "a number")?,
        Cell::DateTime(_) | Cell::Bool(_) => return Err("a number"),
    };
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err("a finite number, 0 or more")
    }
}

impl Records {
    /// Sorts, weighs and places every record of `table`.
    ///
    /// A record is, in this order: skipped when its time cannot be read
    /// and the settings need it; outside the dates; sorted into the first
    /// category its text matches (none without categories); weighed
    /// (category weight, 1 without categories, × count × recency); and
    /// placed by its coordinates, else by its address, unless the place
    /// lies outside every district.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::io::{TableOptions, geo_types::Coord, read_table};
    /// use sightline::records::{Categories, Fate, Geocoder, RecordColumns, RecordInput, RecordSettings, Records};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("calls.csv");
    /// std::fs::write(&path, "내용,접수일시,주소\n\
    ///     밤길이 무서워요,2025-03-04 21:15,중앙로 12\n\
    ///     쓰레기 무단투기,2025.03.05,주교동 99\n\
    ///     의자 파손,20250306,\n").unwrap();
    /// let mut columns = RecordColumns::default();
    /// columns.text = vec!["내용".to_owned()];
    /// columns.time = Some("접수일시".to_owned());
    /// columns.address = Some("주소".to_owned());
    /// let table = read_table(&path, &TableOptions::new().keep(columns.names()))?;
    /// let mut settings = RecordSettings::default();
    /// settings.categories = Some(Categories::default_korean());
    /// // One pole with its road address, in plane metres.
    /// let geocoder = Geocoder::new([("경기도 고양시 덕양구 중앙로 12".to_owned(), Coord { x: 10.0, y: 20.0 })]);
    /// let input = RecordInput {
    ///     columns: &columns,
    ///     points: &vec![None; table.rows.len()],
    ///     settings: &settings,
    ///     geocoder: Some(&geocoder),
    ///     inside: &|_| true,
    /// };
    /// let records = Records::build(&path, &table, &input)?;
    /// assert_eq!(records.rows, vec![2, 3, 4]);
    /// assert_eq!(records.category_name(0), Some("방범"));
    /// assert_eq!(records.category_name(2), None);
    /// assert!(matches!(records.fate[0], Fate::Located { point: Coord { x: 10.0, y: 20.0 }, .. }));
    /// let s = &records.summary;
    /// assert_eq!((s.located_by_address, s.not_located, s.used), (1, 2, 1));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::MissingRecordColumn`] for a column the table lacks;
    /// [`Error::LayerValue`] for a count cell that is not a finite number,
    /// 0 or more (naming the row and column, not the cell's text unless
    /// it is the count).
    pub fn build(path: &Path, table: &Table, input: &RecordInput<'_>) -> Result<Records, Error> {
        let columns = input.columns;
        let settings = input.settings;
        let column = |name: &str| {
            table
                .header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| Error::MissingRecordColumn {
                    file: path.to_path_buf(),
                    column: name.to_owned(),
                })
        };
        let text_columns = columns
            .text
            .iter()
            .map(|name| column(name))
            .collect::<Result<Vec<_>, _>>()?;
        let time_column = columns.time.as_deref().map(column).transpose()?;
        let address_column = columns.address.as_deref().map(column).transpose()?;
        let weight_column = columns.weight.as_deref().map(column).transpose()?;
        let n = table.rows.len();

        let time: Vec<Option<DateTime>> = match time_column {
            Some(c) => table.cells.par_iter().map(|cells| cell_time(&cells[c])).collect(),
            None => vec![None; n],
        };
        let counts: Vec<f64> = match weight_column {
            Some(c) => table
                .cells
                .iter()
                .enumerate()
                .map(|(k, cells)| {
                    cell_count(&cells[c]).map_err(|expected| Error::LayerValue {
                        path: path.to_path_buf(),
                        feature: table.rows[k],
                        // Rows of a CSV or Excel file, features otherwise.
                        csv: table.header_row.is_some(),
                        property: columns.weight.clone().unwrap_or_default(),
                        // The cell is not shown: a column named by
                        // mistake could hold a complaint's text.
                        found: match &cells[c] {
                            Cell::Text(_) => "text (not shown: records may hold personal data)".to_owned(),
                            Cell::DateTime(_) => "a date".to_owned(),
                            Cell::Bool(_) => "true or false".to_owned(),
                            other => other.as_text().into_owned(),
                        },
                        expected,
                    })
                })
                .collect::<Result<_, _>>()?,
            None => vec![1.0; n],
        };
        // The text of a record: its text cells joined by a character
        // that normalisation keeps, so no keyword matches across two cells.
        let joined = |cells: &[Cell]| -> String {
            let mut text = String::new();
            for (i, &c) in text_columns.iter().enumerate() {
                if i > 0 {
                    text.push('\u{1f}');
                }
                text.push_str(&cells[c].as_text());
            }
            text
        };
        let category: Vec<Option<usize>> = match (&settings.categories, text_columns.as_slice()) {
            // One text column: its cell as it is, nothing joined.
            (Some(categories), [one]) => table
                .cells
                .par_iter()
                .map(|cells| categories.classify(&cells[*one].as_text()))
                .collect(),
            (Some(categories), _) => table
                .cells
                .par_iter()
                .map(|cells| categories.classify(&joined(cells)))
                .collect(),
            (None, _) => vec![None; n],
        };

        // The window, then the newest record inside it for recency.
        let needs_time = settings.needs_time();
        let mut fate: Vec<Option<Fate>> = vec![None; n];
        let mut summary = RecordsSummary {
            read: n,
            ..RecordsSummary::default()
        };
        for k in 0..n {
            match time[k] {
                None => {
                    if time_column.is_some() {
                        summary.unreadable_times += 1;
                    }
                    if needs_time {
                        fate[k] = Some(Fate::TimeUnreadable);
                        summary.skipped += 1;
                    }
                }
                Some(t) => {
                    let date = t.date();
                    let before = settings.from.is_some_and(|from| date < from);
                    let after = settings.to.is_some_and(|to| date > to);
                    if before || after {
                        fate[k] = Some(Fate::OutsideDates);
                        summary.outside_dates += 1;
                    }
                }
            }
        }
        let inside: Vec<bool> = fate.iter().map(Option::is_none).collect();
        let newest = match settings.as_of {
            Some(day) => Some(day.to_datetime(jiff::civil::time(23, 59, 59, 999_999_999))),
            None => (0..n).filter(|&k| inside[k]).filter_map(|k| time[k]).max(),
        };
        let recency = match (settings.half_life_days, newest) {
            (Some(half_life), Some(newest)) => Recency::new(newest, half_life).ok(),
            _ => None,
        };
        let weight: Vec<f64> = (0..n)
            .map(|k| {
                let category_weight = match &settings.categories {
                    Some(categories) => categories.weight(category[k]),
                    None => 1.0,
                };
                let factor = match (&recency, time[k]) {
                    (Some(recency), Some(t)) => recency.factor(t),
                    _ => 1.0,
                };
                category_weight * counts[k] * factor
            })
            .collect();

        // Places: coordinates first, then addresses (looked up together).
        let wanted: Vec<usize> = (0..n)
            .filter(|&k| inside[k] && input.points.get(k).copied().flatten().is_none())
            .collect();
        let address_of = |k: usize| match address_column {
            Some(c) => table.cells[k][c].as_text().trim().to_owned(),
            None => String::new(),
        };
        let addresses: Vec<String> = wanted.iter().map(|&k| address_of(k)).collect();
        let looked_up: Vec<Located> = match input.geocoder {
            Some(geocoder) => geocoder.locate_all(&addresses),
            None => addresses
                .iter()
                .map(|a| {
                    if a.is_empty() {
                        Located::NoAddress
                    } else {
                        Located::NoMatch
                    }
                })
                .collect(),
        };
        // The look-ups, in row order, as the records without coordinates.
        let mut lookups = wanted
            .iter()
            .copied()
            .zip(addresses.into_iter().zip(looked_up))
            .peekable();
        let mut not_located: BTreeMap<NotLocated, usize> = BTreeMap::new();
        for (k, slot) in fate.iter_mut().enumerate() {
            if !inside[k] {
                continue;
            }
            let placed = match (
                input.points.get(k).copied().flatten(),
                lookups.next_if(|(j, _)| *j == k),
            ) {
                (Some(point), _) => Ok((LocatedBy::Coordinates, point)),
                (None, Some((_, (address, located)))) => match located {
                    Located::At { point, .. } => Ok((LocatedBy::Address, point)),
                    Located::NoAddress => Err((NotLocated::NoAddress, address)),
                    Located::Ambiguous { .. } => Err((NotLocated::Ambiguous, address)),
                    // An address read as no place (no number, a range of
                    // numbers) matches nothing.
                    _ => Err((NotLocated::NoMatch, address)),
                },
                (None, None) => Err((NotLocated::NoAddress, String::new())),
            };
            let placed = match placed {
                Ok((_, point)) if !(input.inside)(point) => {
                    Err((NotLocated::OutsideStudyArea, address_of(k)))
                }
                other => other,
            };
            *slot = Some(match placed {
                Ok((by, point)) => {
                    match by {
                        LocatedBy::Coordinates => summary.located_by_coordinates += 1,
                        LocatedBy::Address => summary.located_by_address += 1,
                    }
                    Fate::Located { by, point }
                }
                Err((reason, address)) => {
                    *not_located.entry(reason).or_default() += 1;
                    summary.not_located += 1;
                    Fate::NotLocated { reason, address }
                }
            });
        }
        // Every record has its fate by now; `OutsideDates` never shows.
        let fate: Vec<Fate> = fate
            .into_iter()
            .map(|f| f.unwrap_or(Fate::OutsideDates))
            .collect();
        summary.not_located_by_reason = not_located.into_iter().collect();

        // Counts by category, month and hour.
        let names: Vec<String> = settings
            .categories
            .as_ref()
            .map(|c| c.names().to_vec())
            .unwrap_or_default();
        let unmatched_name = if names.is_empty() { "all" } else { "unmatched" };
        let mut by_category: Vec<CategoryCount> = names
            .iter()
            .map(|name| CategoryCount {
                name: name.clone(),
                count: 0,
                located: 0,
                weight: 0.0,
            })
            .collect();
        let mut unmatched = CategoryCount {
            name: unmatched_name.to_owned(),
            count: 0,
            located: 0,
            weight: 0.0,
        };
        let mut by_month: BTreeMap<String, usize> = BTreeMap::new();
        for k in 0..n {
            if matches!(fate[k], Fate::OutsideDates | Fate::TimeUnreadable) {
                continue;
            }
            let counted = match category[k] {
                Some(c) => &mut by_category[c],
                None => &mut unmatched,
            };
            counted.count += 1;
            if matches!(fate[k], Fate::Located { .. }) {
                counted.located += 1;
                counted.weight += weight[k];
                if weight[k] > 0.0 {
                    summary.used += 1;
                    summary.used_weight += weight[k];
                }
            }
            if let Some(t) = time[k] {
                *by_month
                    .entry(format!("{:04}-{:02}", t.year(), t.month()))
                    .or_default() += 1;
                if let Some(hour) = super::hour_received(t) {
                    summary.by_hour[usize::from(hour)] += 1;
                }
            }
        }
        summary.by_category = by_category;
        summary.unmatched = unmatched;
        summary.by_month = by_month.into_iter().collect();
        if !text_columns.is_empty() && settings.categories.is_some() {
            // Each text with its place, so that a word of one place (a
            // signature on complaints about one street) is not shown.
            let place = |k: usize| match &fate[k] {
                Fate::Located { point, .. } => {
                    format!(
                        "{:.0},{:.0}",
                        (point.x / 100.0).round(),
                        (point.y / 100.0).round()
                    )
                }
                Fate::NotLocated { address, .. } => address.chars().filter(|c| !c.is_whitespace()).collect(),
                Fate::OutsideDates | Fate::TimeUnreadable => String::new(),
            };
            let unmatched_texts = (0..n)
                .filter(|&k| {
                    category[k].is_none() && !matches!(fate[k], Fate::OutsideDates | Fate::TimeUnreadable)
                })
                .map(|k| (joined(&table.cells[k]), place(k)));
            summary.unmatched_words = words::frequent(unmatched_texts, 20);
        }
        Ok(Records {
            path: path.to_path_buf(),
            address_tables: input.geocoder.is_some(),
            unusable_coordinates: table.unusable_coordinates.clone(),
            blank_rows: table.blank_rows,
            header_row: table.header_row,
            category_names: names,
            rows: table.rows.clone(),
            category,
            time,
            weight,
            fate,
            summary,
        })
    }
}
