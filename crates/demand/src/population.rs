//! Population by district and hour: an hourly table's rows joined to the
//! districts by their codes, averaged over the table's days, with every
//! row that could not be used counted by why.
//!
//! The table comes as plain slices ([`HourlyRows`]), so that this crate
//! needs no reader: `sightline-io` reads the files.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::Hours;

/// One row's population value.
///
/// # Examples
///
/// ```
/// use sightline_demand::RowValue;
///
/// assert_eq!(RowValue::Number(3.5).number(), Some(3.5));
/// assert_eq!(RowValue::Masked.number(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RowValue {
    /// A finite, non-negative number.
    Number(f64),
    /// Masked by the publisher (`*`, `-`, empty).
    Masked,
    /// Not usable: text, a negative or non-finite number.
    Bad,
}

impl RowValue {
    /// The number, if it is one.
    pub fn number(self) -> Option<f64> {
        match self {
            RowValue::Number(value) => Some(value),
            _ => None,
        }
    }
}

/// An hourly table's rows, as plain slices: one entry per row in `hour`,
/// `value`, `rows` and each code column's indices.
///
/// # Examples
///
/// ```
/// use sightline_demand::{HourlyRows, RowValue};
///
/// let codes = vec!["3110151".to_string()];
/// let rows = HourlyRows {
///     days: 1,
///     code_columns: vec![("행정동코드", &codes[..], &[0, 0][..])],
///     hour: &[Some(0), Some(1)],
///     value: &[RowValue::Number(10.0), RowValue::Masked],
///     rows: &[2, 3],
/// };
/// assert_eq!(rows.len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct HourlyRows<'a> {
    /// The number of distinct days in the table (a value of 0 is taken
    /// as 1).
    pub days: usize,
    /// Each code column: its name, its distinct codes and each row's
    /// index among them.
    pub code_columns: Vec<(&'a str, &'a [String], &'a [u32])>,
    /// Each row's hour (`None`: not an hour 0–23).
    pub hour: &'a [Option<u8>],
    /// Each row's value.
    pub value: &'a [RowValue],
    /// Each row's place in its file, for messages.
    pub rows: &'a [u32],
}

impl HourlyRows<'_> {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.hour.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.hour.is_empty()
    }
}

/// What happened to a table's rows in [`join_population`]: each row is
/// counted in exactly one of `used`, `masked`, `bad_hour`, `bad_value`
/// and `unmatched_rows`, tried in the order bad hour, masked, bad value,
/// unmatched.
///
/// # Examples
///
/// ```
/// use sightline_demand::PopulationCounts;
///
/// let counts = PopulationCounts { rows: 3, used: 2, masked: 1, ..PopulationCounts::default() };
/// assert_eq!(counts.left_out(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PopulationCounts {
    /// Rows in the table.
    pub rows: usize,
    /// Rows whose population was added to a district.
    pub used: usize,
    /// Rows with a masked value (and a good hour).
    pub masked: usize,
    /// Rows whose hour is not 0–23.
    pub bad_hour: usize,
    /// Rows with an unusable value (and a good hour).
    pub bad_value: usize,
    /// Rows with a good hour and a number whose code matches no district.
    pub unmatched_rows: usize,
    /// Distinct codes of those rows.
    pub unmatched_codes: usize,
    /// The first few of those codes (up to [`PopulationCounts::EXAMPLES`]),
    /// in order of first appearance.
    pub unmatched_examples: Vec<String>,
    /// The population of those rows: their sum divided by the days.
    pub unmatched_population: f64,
    /// Used rows matched not by the code itself but by a prefix rule (a
    /// district code that begins the row's code, or a row code that,
    /// padded with zeros, is the district's).
    pub by_prefix: usize,
    /// The first masked row, as the file numbers it.
    pub first_masked: Option<u32>,
    /// The first row with a bad hour.
    pub first_bad_hour: Option<u32>,
    /// The first row with a bad value.
    pub first_bad_value: Option<u32>,
    /// The first unmatched row.
    pub first_unmatched: Option<u32>,
}

impl PopulationCounts {
    /// How many unmatched codes [`PopulationCounts::unmatched_examples`]
    /// lists at most.
    pub const EXAMPLES: usize = 5;

    /// Rows not used, for any reason.
    pub fn left_out(&self) -> usize {
        self.rows - self.used
    }
}

/// Population by district and hour of the day, from [`join_population`].
///
/// # Examples
///
/// ```
/// use sightline_demand::{join_population, Hours, HourlyRows, RowValue};
///
/// // Two days of one district; the second district has no rows.
/// let codes = vec!["3110151".to_string()];
/// let rows = HourlyRows {
///     days: 2,
///     code_columns: vec![("행정동코드", &codes[..], &[0, 0, 0][..])],
///     hour: &[Some(22), Some(22), Some(3)],
///     value: &[RowValue::Number(10.0), RowValue::Number(30.0), RowValue::Number(8.0)],
///     rows: &[2, 3, 4],
/// };
/// let districts = ["3110151".to_string(), "3110152".to_string()];
/// let population = join_population(&rows, &districts);
/// assert_eq!(population.by_district[0][22], 20.0);
/// let night = Hours::parse("22-06")?;
/// assert_eq!(population.total(night), 24.0);
/// assert_eq!(population.per_district(night), vec![3.0, 0.0]);
/// # Ok::<(), sightline_demand::HoursError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    /// The code column used: the one whose codes match districts in the
    /// most rows (the first on a tie); empty without code columns.
    pub code_column: String,
    /// The days the sums are divided by (at least 1).
    pub days: usize,
    /// Per district (in the order given) and hour: the sum of the used
    /// rows, divided by the days.
    pub by_district: Vec<[f64; 24]>,
    /// Per hour: the sum over districts.
    pub by_hour: [f64; 24],
    /// What happened to the rows.
    pub counts: PopulationCounts,
}

impl Population {
    /// The mean population per hour of `hours` in each district: what a
    /// period's layer spreads over the district's cells. Zeros when
    /// `hours` is empty.
    pub fn per_district(&self, hours: Hours) -> Vec<f64> {
        let n = hours.len().max(1) as f64;
        self.by_district
            .iter()
            .map(|by_hour| hours.iter().map(|h| by_hour[h as usize]).sum::<f64>() / n)
            .collect()
    }

    /// The population of `hours`: the sum over those hours of
    /// [`Population::by_hour`], that is the table's sum for those hours
    /// divided by the days, less masked, bad and unmatched rows.
    pub fn total(&self, hours: Hours) -> f64 {
        hours.iter().map(|h| self.by_hour[h as usize]).sum()
    }
}

/// How a code found its district.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    Exact(u32),
    Prefix(u32),
}

impl Match {
    fn district(self) -> u32 {
        match self {
            Match::Exact(d) | Match::Prefix(d) => d,
        }
    }
}

/// How many characters a census output area's code adds to its district's
/// at least: a 13-digit 집계구코드 is its 7-digit dong code and 6 more.
const AREA_DIGITS: usize = 5;

/// Finds each code's district: the code itself; else the longest district
/// code that begins it and is at least [`AREA_DIGITS`] characters shorter
/// (a 13-digit 집계구코드 begins with its 7-digit KOSTAT dong code); else a
/// district code that is the code padded with zeros (an 8-digit
/// 행정동코드 against 10-digit codes).
///
/// A prefix only a digit or two shorter is no containment: Seoul's 8-digit
/// 행정동코드 (행정안전부 numbering) begin with the 7-digit KOSTAT codes of
/// unrelated dong (행안부 11230710, 회기동, begins with KOSTAT 1123071, a
/// dong of 강남구), so such codes are left unmatched, and reported.
fn match_codes(codes: &[String], district_codes: &[String]) -> Vec<Option<Match>> {
    let mut exact: FxHashMap<&str, u32> = FxHashMap::default();
    let mut unpadded: FxHashMap<&str, u32> = FxHashMap::default();
    let mut longest = 0;
    for (d, code) in district_codes.iter().enumerate() {
        let code = code.as_str();
        if code.is_empty() {
            continue;
        }
        exact.entry(code).or_insert(d as u32);
        longest = longest.max(code.len());
        let mut shorter = code;
        while let Some(rest) = shorter.strip_suffix('0') {
            if rest.is_empty() {
                break;
            }
            unpadded.entry(rest).or_insert(d as u32);
            shorter = rest;
        }
    }
    codes
        .iter()
        .map(|code| {
            let code = code.as_str();
            if let Some(&d) = exact.get(code) {
                return Some(Match::Exact(d));
            }
            let prefix = (1..code.len().saturating_sub(AREA_DIGITS - 1).min(longest + 1))
                .rev()
                .filter(|&n| code.is_char_boundary(n))
                .find_map(|n| exact.get(&code[..n]).copied());
            prefix.or_else(|| unpadded.get(code).copied()).map(Match::Prefix)
        })
        .collect()
}

/// Joins an hourly table to districts by code: each used row's value is
/// added to its district and hour, and the sums divided by the days.
///
/// Codes match as [`Population::code_column`] says, the code column
/// chosen being the one matching the most rows. A row is counted once,
/// as the first that applies of: a bad hour, a masked value, a bad value,
/// a code matching no district, used (see [`PopulationCounts`]).
pub fn join_population(rows: &HourlyRows<'_>, district_codes: &[String]) -> Population {
    let days = rows.days.max(1);
    let matched: Vec<Vec<Option<Match>>> = rows
        .code_columns
        .iter()
        .map(|(_, codes, _)| match_codes(codes, district_codes))
        .collect();
    // The column matching the most rows; the first on a tie.
    let mut best: Option<(usize, usize)> = None;
    for (k, (_, _, index)) in rows.code_columns.iter().enumerate() {
        let count = index
            .iter()
            .filter(|&&i| matched[k][i as usize].is_some())
            .count();
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((k, count));
        }
    }
    let mut population = Population {
        code_column: String::new(),
        days,
        by_district: vec![[0.0; 24]; district_codes.len()],
        by_hour: [0.0; 24],
        counts: PopulationCounts {
            rows: rows.len(),
            ..PopulationCounts::default()
        },
    };
    let column = best.map(|(k, _)| (rows.code_columns[k], &matched[k]));
    if let Some(((name, _, _), _)) = column {
        population.code_column = name.to_owned();
    }
    let counts = &mut population.counts;
    let mut unmatched: FxHashSet<u32> = FxHashSet::default();
    let mut unmatched_sum = 0.0;
    for i in 0..rows.len() {
        let row = rows.rows.get(i).copied().unwrap_or(0);
        let first = |slot: &mut Option<u32>| {
            slot.get_or_insert(row);
        };
        let Some(hour) = rows.hour[i].filter(|&h| h < 24) else {
            counts.bad_hour += 1;
            first(&mut counts.first_bad_hour);
            continue;
        };
        let value = match rows.value[i] {
            RowValue::Number(value) => value,
            RowValue::Masked => {
                counts.masked += 1;
                first(&mut counts.first_masked);
                continue;
            }
            RowValue::Bad => {
                counts.bad_value += 1;
                first(&mut counts.first_bad_value);
                continue;
            }
        };
        let found = column.and_then(|((_, _, index), matched)| {
            let code = index[i];
            matched[code as usize].ok_or(code).ok()
        });
        match found {
            Some(found) => {
                counts.used += 1;
                if matches!(found, Match::Prefix(_)) {
                    counts.by_prefix += 1;
                }
                population.by_district[found.district() as usize][hour as usize] += value;
            }
            None => {
                counts.unmatched_rows += 1;
                first(&mut counts.first_unmatched);
                unmatched_sum += value;
                if let Some(((_, codes, index), _)) = column {
                    let code = index[i];
                    if unmatched.insert(code) && counts.unmatched_examples.len() < PopulationCounts::EXAMPLES
                    {
                        counts.unmatched_examples.push(codes[code as usize].clone());
                    }
                }
            }
        }
    }
    counts.unmatched_codes = unmatched.len();
    counts.unmatched_population = unmatched_sum / days as f64;
    for by_hour in &mut population.by_district {
        for value in by_hour.iter_mut() {
            *value /= days as f64;
        }
    }
    for by_hour in &population.by_district {
        for (total, value) in population.by_hour.iter_mut().zip(by_hour) {
            *total += value;
        }
    }
    population
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn codes_match_exactly_then_by_prefix_then_padded() {
        let districts = strings(&["3110151", "311015", "1111051500", "3110152"]);
        let codes = strings(&[
            "3110151",
            "3110151010001",
            "3110159",
            "11110515",
            "31101",
            "9999",
            "",
            "31101599000001",
            "31101510",
        ]);
        let found: Vec<Option<u32>> = match_codes(&codes, &districts)
            .into_iter()
            .map(|m| m.map(Match::district))
            .collect();
        // The longest district code beginning the code wins: 3110151, not
        // 311015; a code only a digit or two longer than a district's is
        // not inside it (3110159, 31101510: another numbering).
        assert_eq!(
            found,
            [Some(0), Some(0), None, Some(2), None, None, None, Some(1), None]
        );
        assert!(matches!(
            match_codes(&codes, &districts)[0],
            Some(Match::Exact(0))
        ));
        assert!(matches!(
            match_codes(&codes, &districts)[3],
            Some(Match::Prefix(2))
        ));
    }

    #[test]
    fn each_row_counts_in_one_class_and_totals_are_the_sums() {
        let dong = strings(&["41281510", "41281520", "26110510"]);
        let area = strings(&["1111051510001", "1111053010001", "2611051010001"]);
        let districts = strings(&["1111051", "1111053"]);
        let hour = [
            Some(0),
            Some(0),
            Some(23),
            None,
            Some(23),
            Some(5),
            Some(5),
            Some(0),
            None,
        ];
        let value = [
            RowValue::Number(10.0),
            RowValue::Number(4.0),
            RowValue::Number(6.0),
            RowValue::Number(100.0), // bad hour first
            RowValue::Masked,
            RowValue::Bad,
            RowValue::Number(7.0), // another city
            RowValue::Number(2.0),
            RowValue::Masked, // bad hour too: counted once, as a bad hour
        ];
        let dong_index = [0, 1, 0, 0, 1, 0, 2, 0, 1];
        let area_index = [0, 1, 0, 0, 1, 0, 2, 0, 1];
        let rows = HourlyRows {
            days: 2,
            // The dong codes match nothing; the area codes match by prefix.
            code_columns: vec![
                ("행정동코드", &dong, &dong_index),
                ("집계구코드", &area, &area_index),
            ],
            hour: &hour,
            value: &value,
            rows: &[2, 3, 4, 5, 6, 7, 8, 9, 10],
        };
        let population = join_population(&rows, &districts);
        assert_eq!(population.code_column, "집계구코드");
        let counts = &population.counts;
        assert_eq!(
            (
                counts.rows,
                counts.used,
                counts.bad_hour,
                counts.masked,
                counts.bad_value,
                counts.unmatched_rows
            ),
            (9, 4, 2, 1, 1, 1)
        );
        assert_eq!(counts.used + counts.left_out(), counts.rows);
        assert_eq!(counts.by_prefix, 4);
        assert_eq!(counts.unmatched_codes, 1);
        assert_eq!(counts.unmatched_examples, ["2611051010001"]);
        assert_eq!(counts.unmatched_population, 3.5);
        assert_eq!(
            (
                counts.first_bad_hour,
                counts.first_masked,
                counts.first_bad_value,
                counts.first_unmatched
            ),
            (Some(5), Some(6), Some(7), Some(8))
        );
        // District 0 at hour 0: (10 + 2) / 2; district 1 at hour 0: 4 / 2.
        assert_eq!(population.by_district[0][0], 6.0);
        assert_eq!(population.by_district[1][0], 2.0);
        assert_eq!(population.by_district[0][23], 3.0);
        assert_eq!(population.by_hour[0], 8.0);
        assert_eq!(population.total(Hours::ALL), 11.0);
        assert_eq!(population.total(Hours::parse("22-06").unwrap()), 11.0);
        assert_eq!(population.total(Hours::parse("06-22").unwrap()), 0.0);
        // Hours 23 and 0: district 0 has 3 + 6, district 1 has 0 + 2.
        assert_eq!(
            population.per_district(Hours::parse("23-01").unwrap()),
            [4.5, 1.0]
        );
    }

    #[test]
    fn a_table_without_code_columns_leaves_every_number_unmatched() {
        let rows = HourlyRows {
            days: 0,
            code_columns: Vec::new(),
            hour: &[Some(1)],
            value: &[RowValue::Number(3.0)],
            rows: &[2],
        };
        let population = join_population(&rows, &strings(&["1"]));
        assert_eq!(population.days, 1);
        assert_eq!(population.counts.unmatched_rows, 1);
        assert_eq!(population.counts.unmatched_population, 3.0);
        assert_eq!(population.total(Hours::ALL), 0.0);
    }
}
