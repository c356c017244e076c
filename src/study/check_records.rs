//! The checks of a study's `records` layer and `[records]` table that need
//! no file.

use sightline_demand::records::parse_date;

use super::error::{FieldPath, Problem, StudyError};
use super::spec::{AddressTable, CategorySource, Format, Role, Study};
use crate::records::{Date, RecordColumns};

/// A study's records settings, checked; the category file is read when
/// the study is loaded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CheckedRecords {
    /// The records layer's columns.
    pub columns: RecordColumns,
    /// Where the categories come from, if anywhere.
    pub categories: Option<CategorySource>,
    /// Keep records received on or after this date.
    pub from: Option<Date>,
    /// Keep records received on or before this date.
    pub to: Option<Date>,
    /// The half-life of a record's weight, days.
    pub half_life_days: Option<f64>,
    /// The day ages count back from.
    pub as_of: Option<Date>,
    /// The address tables.
    pub tables: Vec<AddressTable>,
}

/// A date a study gives (`2025-03-04`, or any form records use), at
/// `path`.
fn date(path: FieldPath, text: &Option<String>) -> Result<Option<Date>, StudyError> {
    let Some(text) = text else {
        return Ok(None);
    };
    match parse_date(text) {
        Ok(date) => Ok(Some(date)),
        Err(error) => Err(StudyError::new(
            path,
            Problem::Value {
                found: format!("`{text}` ({error})"),
                expected: "a date such as 2025-03-04 (or 2025.03.04, 20250304)".to_owned(),
            },
        )),
    }
}

/// Checks the records layer and the `[records]` table together.
pub(crate) fn check_records(study: &Study) -> Result<Option<CheckedRecords>, StudyError> {
    let layer = study
        .layers
        .iter()
        .enumerate()
        .find(|(_, l)| l.role == Role::Records);
    let spec = study.records.clone().unwrap_or_default();
    let path = |key| FieldPath::key("records").then(key);
    let Some((_, layer)) = layer else {
        if study.records.is_some() {
            return Err(StudyError::new(
                FieldPath::key("records"),
                Problem::Needs {
                    what: "a records layer (role = \"records\", or --records FILE)",
                },
            ));
        }
        return Ok(None);
    };
    let text = layer.text.clone().unwrap_or_default();
    if spec.categories.is_some() && text.is_empty() {
        return Err(StudyError::new(
            path("categories"),
            Problem::Needs {
                what: "the records layer's text columns (text = [\"제목\", \"내용\"], or --record-text COL,COL)",
            },
        ));
    }
    let time_needed = [
        ("from", spec.from.is_some()),
        ("to", spec.to.is_some()),
        ("half_life_days", spec.half_life_days.is_some()),
        ("as_of", spec.as_of.is_some()),
    ];
    if layer.time.is_none()
        && let Some((key, _)) = time_needed.iter().find(|(_, set)| *set)
    {
        return Err(StudyError::new(
            path(key),
            Problem::Needs {
                what: "the records layer's time column (time = \"접수일시\", or --record-time COL)",
            },
        ));
    }
    if !spec.geocode_with.is_empty() && layer.address.is_none() {
        return Err(StudyError::new(
            path("geocode_with"),
            Problem::Needs {
                what: "the records layer's address column (address = \"주소\", or --record-address COL)",
            },
        ));
    }
    if let Some(days) = spec.half_life_days
        && !(days.is_finite() && days > 0.0)
    {
        return Err(StudyError::number(
            path("half_life_days"),
            days,
            "a finite number of days greater than 0",
        ));
    }
    let from = date(path("from"), &spec.from)?;
    let to = date(path("to"), &spec.to)?;
    let as_of = date(path("as_of"), &spec.as_of)?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(StudyError::new(
            path("to"),
            Problem::Value {
                found: to.to_string(),
                expected: format!("on or after the first day kept ({from})"),
            },
        ));
    }
    for (k, table) in spec.geocode_with.iter().enumerate() {
        let at = |key| path("geocode_with").index(k).then(key);
        let file = table.file.display().to_string();
        if table.file.as_os_str().is_empty() {
            return Err(StudyError::new(
                at("file"),
                Problem::Empty {
                    consequence: "there is no table to read",
                },
            ));
        }
        if table
            .address
            .as_ref()
            .is_some_and(|a| a.is_empty() || a.iter().any(|c| c.trim().is_empty()))
        {
            return Err(StudyError::new(
                at("address"),
                Problem::Empty {
                    consequence: "no address column would be read (remove the key to recognise the columns by name)",
                },
            ));
        }
        let format = Format::of_path(&table.file);
        match (table.x.is_some(), table.y.is_some()) {
            (true, false) => return Err(StudyError::new(at("x"), Problem::Pair { other: "y" })),
            (false, true) => return Err(StudyError::new(at("y"), Problem::Pair { other: "x" })),
            (true, true) if !format.is_table() => {
                return Err(StudyError::new(at("x"), Problem::TableOnly { file }));
            }
            _ => {}
        }
        if table.encoding.is_some() && format != Format::Csv {
            return Err(StudyError::new(at("encoding"), Problem::CsvOnly { file }));
        }
        if table.sheet.is_some() && format != Format::Excel {
            return Err(StudyError::new(at("sheet"), Problem::ExcelOnly { file }));
        }
    }
    Ok(Some(CheckedRecords {
        columns: RecordColumns {
            text,
            time: layer.time.clone(),
            address: layer.address.clone(),
            weight: layer.weight.clone(),
        },
        categories: spec.categories,
        from,
        to,
        half_life_days: spec.half_life_days,
        as_of,
        tables: spec.geocode_with,
    }))
}
