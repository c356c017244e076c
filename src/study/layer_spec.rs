//! A study's input layer as users write it (`[[layer]]`): its role, its
//! file, and the keys that say how to read it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sightline_io::{Crs, Encoding};

use super::spec::{Format, Role};
use super::text;

/// One input layer (`[[layer]]`): its role, its file, and how to read it.
/// Which keys apply depends on the role ([`Layer::keys_for`]).
///
/// # Examples
///
/// ```
/// use sightline::study::{Layer, Role};
///
/// let demand = Layer::new(Role::Demand, "complaints.csv").weight("건수");
/// assert_eq!(demand.set_keys(), vec!["weight"]);
/// assert!(Layer::keys_for(Role::Demand).contains(&"weight"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Layer {
    /// What the layer is for.
    pub role: Role,
    /// The file: GeoJSON or a Shapefile; CSV or Excel for point layers.
    pub file: PathBuf,
    /// `geojson`, `csv`, `excel` or `shapefile` (default: from the
    /// extension, see [`Format::of_path`]); it must agree with the
    /// extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// CSV: `auto` (the default), `utf-8` or `cp949`.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// The layer's coordinate system, when it names none itself (a
    /// GeoJSON file's legacy `crs` member wins); default: the study's.
    #[serde(default, with = "text::optional", skip_serializing_if = "Option::is_none")]
    pub crs: Option<Crs>,
    /// CSV and Excel: the x (longitude or easting) column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// CSV and Excel: the y (latitude or northing) column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// CSV: the field separator, one ASCII character (`";"`, `"\t"`);
    /// default: found from the header line (of `,` `;` tab `|`, the one
    /// giving the most fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    /// Excel: the sheet to read (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Demand: the property holding each point's weight. Records: the
    /// column holding each record's count (default 1 per row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    /// Records: the column or columns holding the complaint's text
    /// (title, body...), joined for matching categories (`text =
    /// ["제목", "내용"]`, or one name).
    #[serde(default, with = "text::one_or_many", skip_serializing_if = "Option::is_none")]
    pub text: Option<Vec<String>>,
    /// Records: the column holding when the complaint was received (a
    /// date or a date and time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Records: the column holding the complaint's address, for records
    /// without coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Sites: the property holding each site's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Sites: the property holding each site's cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    /// Sites: the property naming each site for people (a pole's
    /// 보안등위치명, an address), shown with its id in the report, the
    /// maps and the tables; need not be unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Sites: the property listing the headings a fixed camera may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headings: Option<String>,
    /// Existing: the property holding each camera's heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Existing: the property holding each camera's field of view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fov: Option<String>,
    /// Existing: the cameras' range; influence: the radius, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius_m: Option<f64>,
    /// Districts: the property holding each district's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Districts: a number per district (population) for a demand grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Districts: the weight of that number in the demand grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_weight: Option<f64>,
    /// Population: the area-code column (default: 집계구코드 or
    /// 행정동코드, whichever matches the districts' codes better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Population: the hour column, 0 to 23 (default 시간대구분).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hour: Option<String>,
    /// Population: the day column; the table's days are averaged (default
    /// 기준일ID when present, else one day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
    /// Population: the districts layer's property holding the code the
    /// table's areas are joined on (default `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_code: Option<String>,
    /// Demand, density and influence layers: the factor the layer's
    /// demand is multiplied by (default 1). With points as the demand,
    /// each of a demand layer's points weighs its weight times this; on a
    /// grid, the layer's kernel density (or influence) is multiplied by
    /// it, after being normalised to a maximum of 1 when the grid sums
    /// several layers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_weight: Option<f64>,
}

impl Layer {
    /// A layer of `role` read from `file`, every other key unset.
    pub fn new(role: Role, file: impl Into<PathBuf>) -> Self {
        Self {
            role,
            file: file.into(),
            format: None,
            encoding: None,
            crs: None,
            x: None,
            y: None,
            delimiter: None,
            sheet: None,
            weight: None,
            text: None,
            time: None,
            address: None,
            id: None,
            cost: None,
            label: None,
            headings: None,
            heading: None,
            fov: None,
            radius_m: None,
            name: None,
            value: None,
            value_weight: None,
            code: None,
            hour: None,
            day: None,
            district_code: None,
            layer_weight: None,
        }
    }

    /// Sets the weight property (demand).
    pub fn weight(self, property: impl Into<String>) -> Self {
        Self {
            weight: Some(property.into()),
            ..self
        }
    }

    /// The keys a layer of `role` may have besides `role` and `file`.
    pub fn keys_for(role: Role) -> &'static [&'static str] {
        match role {
            Role::Demand => &[
                "format",
                "encoding",
                "crs",
                "x",
                "y",
                "delimiter",
                "sheet",
                "weight",
                "layer_weight",
            ],
            Role::Sites => &[
                "format",
                "encoding",
                "crs",
                "x",
                "y",
                "delimiter",
                "sheet",
                "id",
                "cost",
                "label",
                "headings",
            ],
            Role::Existing => &[
                "format",
                "encoding",
                "crs",
                "x",
                "y",
                "delimiter",
                "sheet",
                "heading",
                "fov",
                "radius_m",
            ],
            Role::Districts => &["crs", "name", "value", "value_weight"],
            Role::Buildings => &["crs"],
            Role::Density => &[
                "format",
                "encoding",
                "crs",
                "x",
                "y",
                "delimiter",
                "sheet",
                "layer_weight",
            ],
            Role::Records => &[
                "format",
                "encoding",
                "crs",
                "x",
                "y",
                "delimiter",
                "sheet",
                "text",
                "time",
                "address",
                "weight",
                "layer_weight",
            ],
            Role::Population => &[
                "format",
                "encoding",
                "delimiter",
                "sheet",
                "code",
                "hour",
                "value",
                "day",
                "district_code",
                "layer_weight",
            ],
            Role::Influence => &[
                "format",
                "encoding",
                "crs",
                "x",
                "y",
                "delimiter",
                "sheet",
                "layer_weight",
                "radius_m",
            ],
        }
    }

    /// The keys set on this layer besides `role` and `file`, in the order
    /// of [`Layer`]'s fields.
    pub fn set_keys(&self) -> Vec<&'static str> {
        [
            ("format", self.format.is_some()),
            ("encoding", self.encoding.is_some()),
            ("crs", self.crs.is_some()),
            ("x", self.x.is_some()),
            ("y", self.y.is_some()),
            ("delimiter", self.delimiter.is_some()),
            ("sheet", self.sheet.is_some()),
            ("weight", self.weight.is_some()),
            ("text", self.text.is_some()),
            ("time", self.time.is_some()),
            ("address", self.address.is_some()),
            ("id", self.id.is_some()),
            ("cost", self.cost.is_some()),
            ("label", self.label.is_some()),
            ("headings", self.headings.is_some()),
            ("heading", self.heading.is_some()),
            ("fov", self.fov.is_some()),
            ("radius_m", self.radius_m.is_some()),
            ("name", self.name.is_some()),
            ("value", self.value.is_some()),
            ("value_weight", self.value_weight.is_some()),
            ("code", self.code.is_some()),
            ("hour", self.hour.is_some()),
            ("day", self.day.is_some()),
            ("district_code", self.district_code.is_some()),
            ("layer_weight", self.layer_weight.is_some()),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(key, _)| key)
        .collect()
    }

    /// True when the file is read as CSV: by its format, else its `.csv`
    /// extension.
    pub fn is_csv(&self) -> bool {
        self.file_format() == Format::Csv
    }

    /// The layer's format: as set, else by the file's extension
    /// ([`Format::of_path`]).
    pub fn file_format(&self) -> Format {
        self.format.unwrap_or_else(|| Format::of_path(&self.file))
    }
}
