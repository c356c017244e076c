//! How complaint records become demand (`[records]` in a study): the
//! category file, the date window and recency, and the address tables
//! that place records without coordinates.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sightline_io::{Crs, Encoding};

use super::text;

/// How a `records` layer becomes demand (`[records]`).
///
/// A record weighs its category's weight (1 without categories) × its
/// count (the layer's `weight` column, default 1) × its recency factor
/// (1 without a half-life) × the layer's `layer_weight`.
///
/// # Examples
///
/// ```
/// use sightline::study::{CategorySource, Study};
///
/// let study: Study = toml::from_str(r#"
///     [[layer]]
///     role = "records"
///     file = "민원.xlsx"
///     text = ["제목", "내용"]
///     time = "접수일시"
///     address = "주소"
///
///     [records]
///     categories = "default"
///     from = "2025-01-01"
///     half_life_days = 180
///
///     [[records.geocode_with]]
///     file = "lights.csv"
///     address = ["소재지도로명주소", "소재지지번주소"]
/// "#).unwrap();
/// let records = study.records.as_ref().unwrap();
/// assert_eq!(records.categories, Some(CategorySource::Default));
/// assert_eq!(records.half_life_days, Some(180.0));
/// assert_eq!(records.geocode_with[0].address.as_ref().map(Vec::len), Some(2));
/// assert_eq!(study.layers[0].text.as_deref(), Some(&["제목".to_owned(), "내용".to_owned()][..]));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RecordsSpec {
    /// The categories records are sorted into by their text: `"default"`
    /// (the built-in Korean file, see `sightline init --categories`) or a
    /// TOML file. Without one, every record weighs its count.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub categories: Option<CategorySource>,
    /// Keep records received on or after this date (`2025-01-01`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Keep records received on or before this date (the whole day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A record weighs 0.5^(age / half_life_days), its age counted back
    /// from the newest record (or `as_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<f64>,
    /// The day ages are counted back from (default: the newest record's
    /// time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Point tables with addresses that place records without
    /// coordinates (`[[records.geocode_with]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub geocode_with: Vec<AddressTable>,
}

impl RecordsSpec {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Where the categories come from.
///
/// # Examples
///
/// ```
/// use sightline::study::CategorySource;
///
/// assert_eq!("default".parse::<CategorySource>(), Ok(CategorySource::Default));
/// assert_eq!("my.toml".parse::<CategorySource>().unwrap().to_string(), "my.toml");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategorySource {
    /// The built-in Korean categories (`sightline init --categories
    /// FILE` writes them out for editing).
    Default,
    /// A category file (TOML).
    File(PathBuf),
}

impl FromStr for CategorySource {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "" => Err("the categories are empty: give `default` or a TOML file".to_owned()),
            "default" => Ok(CategorySource::Default),
            _ => Ok(CategorySource::File(PathBuf::from(text))),
        }
    }
}

impl fmt::Display for CategorySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CategorySource::Default => f.write_str("default"),
            CategorySource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A table of points with addresses (`[[records.geocode_with]]`, or
/// `--geocode-with FILE:COLUMN`): security lights, CCTV or the road
/// address database's buildings, read as a point layer.
///
/// # Examples
///
/// ```
/// use sightline::study::AddressTable;
///
/// let table: AddressTable = "lights.csv:소재지도로명주소,소재지지번주소".parse().unwrap();
/// assert_eq!(table.file.to_str(), Some("lights.csv"));
/// assert_eq!(table.address.as_ref().map(Vec::len), Some(2));
/// let recognised: AddressTable = "lights.csv".parse().unwrap();
/// assert_eq!(recognised.address, None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AddressTable {
    /// The file: CSV, Excel, GeoJSON or a Shapefile of points.
    pub file: PathBuf,
    /// The address column or columns (a road-name and a lot-number
    /// address of the same place, say); default: the columns recognised
    /// by name (`소재지도로명주소`, `소재지지번주소`, `도로명주소`,
    /// `지번주소`, `주소`, `address`).
    #[serde(default, with = "text::one_or_many", skip_serializing_if = "Option::is_none")]
    pub address: Option<Vec<String>>,
    /// CSV: `auto` (the default), `utf-8` or `cp949`.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// The table's coordinate system, when it names none itself.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub crs: Option<Crs>,
    /// CSV and Excel: the x column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// CSV and Excel: the y column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// Excel: the sheet (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl AddressTable {
    /// The table in `file`, its address columns recognised by name.
    pub fn new(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            address: None,
            encoding: None,
            crs: None,
            x: None,
            y: None,
            sheet: None,
        }
    }
}

impl FromStr for AddressTable {
    type Err = String;

    /// Parses `FILE` or `FILE:COLUMN[,COLUMN...]` (the `--geocode-with`
    /// flag). The last `:` separates the columns, so a Windows path
    /// (`C:\data\lights.csv`) works when columns are given.
    fn from_str(text: &str) -> Result<Self, String> {
        let (file, columns) = match text.rsplit_once(':') {
            // `C:\lights.csv` has no columns.
            Some((file, columns)) if !(file.len() == 1 && columns.starts_with(['\\', '/'])) => {
                (file, Some(columns))
            }
            _ => (text, None),
        };
        if file.is_empty() {
            return Err("expected FILE or FILE:ADDRESS_COLUMN".to_owned());
        }
        let mut table = AddressTable::new(file);
        if let Some(columns) = columns {
            let names: Vec<String> = columns
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            if names.is_empty() {
                return Err(format!("no address column after `{file}:`"));
            }
            table.address = Some(names);
        }
        Ok(table)
    }
}
