//! The files a plan writes, by kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::OutputFormat;
use crate::Error;

/// One of the files [`all_files`](super::all_files) renders for a plan,
/// named by its file name in the output folder (`plan.geojson`,
/// `summary.json`, ...). Written and read as that name: by
/// [`Display`](fmt::Display) and [`FromStr`], and by serde as a string.
///
/// # Examples
///
/// ```
/// use sightline::output::OutputKind;
///
/// let kind: OutputKind = "curve.svg".parse()?;
/// assert_eq!(kind, OutputKind::CurveSvg);
/// assert_eq!(kind.file_name(), "curve.svg");
/// assert_eq!(kind.to_string(), "curve.svg");
/// assert_eq!(OutputKind::ALL[0], OutputKind::Plan);
/// assert_eq!(serde_json::to_string(&OutputKind::Map).unwrap(), r#""map.svg""#);
/// assert!("plan.json".parse::<OutputKind>().is_err());
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum OutputKind {
    /// `plan.geojson`: the new cameras as Points.
    #[serde(rename = "plan.geojson")]
    Plan,
    /// `summary.json`: every figure of the plan.
    #[serde(rename = "summary.json")]
    Summary,
    /// `coverage.geojson`: what each new and existing camera sees.
    #[serde(rename = "coverage.geojson")]
    Coverage,
    /// `blindspots.geojson`: the demand still unseen after the plan.
    #[serde(rename = "blindspots.geojson")]
    BlindSpots,
    /// `districts.csv`: the figures per district.
    #[serde(rename = "districts.csv")]
    Districts,
    /// `report.md`: the study for people.
    #[serde(rename = "report.md")]
    Report,
    /// `report.html`: the plan as one page to explore in a browser.
    #[serde(rename = "report.html")]
    ReportHtml,
    /// `curve.csv`: coverage against the number of cameras, as a table.
    #[serde(rename = "curve.csv")]
    CurveCsv,
    /// `curve.svg`: the same curve as a chart.
    #[serde(rename = "curve.svg")]
    CurveSvg,
    /// `map.svg`: the plan on a map.
    #[serde(rename = "map.svg")]
    Map,
    /// `map_<district>.svg`: one map per district with new cameras,
    /// zoomed to it (named `map_*.svg` in `[outputs] files`).
    #[serde(rename = "map_*.svg")]
    DistrictMaps,
    /// `records.geojson`: the complaint records that are demand, as
    /// Points with their row, category, weight and how each was placed
    /// (only with a records layer).
    #[serde(rename = "records.geojson")]
    Records,
    /// `records_not_located.csv`: the records that could not be placed,
    /// with their row, address and why (only with a records layer).
    #[serde(rename = "records_not_located.csv")]
    RecordsNotLocated,
    /// `periods.csv`: what the plan covers in each period of the day (with
    /// periods or an event).
    #[serde(rename = "periods.csv")]
    Periods,
    /// `hours.svg`: the covered share of each hour's demand, before and
    /// with the plan (with demand by hour).
    #[serde(rename = "hours.svg")]
    Hours,
}

impl OutputKind {
    /// Every kind, in the order [`all_files`](super::all_files) renders
    /// them.
    pub const ALL: &'static [OutputKind] = &[
        Self::Plan,
        Self::Summary,
        Self::Coverage,
        Self::BlindSpots,
        Self::Districts,
        Self::Report,
        Self::ReportHtml,
        Self::CurveCsv,
        Self::CurveSvg,
        Self::Map,
        Self::DistrictMaps,
        Self::Records,
        Self::RecordsNotLocated,
        Self::Periods,
        Self::Hours,
    ];

    /// The file's name in the output folder, e.g. `plan.geojson`; for
    /// the district maps, the pattern `map_*.svg`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::output::OutputKind;
    ///
    /// assert_eq!(OutputKind::BlindSpots.file_name(), "blindspots.geojson");
    /// ```
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Plan => "plan.geojson",
            Self::Summary => "summary.json",
            Self::Coverage => "coverage.geojson",
            Self::BlindSpots => "blindspots.geojson",
            Self::Districts => "districts.csv",
            Self::Report => "report.md",
            Self::ReportHtml => "report.html",
            Self::CurveCsv => "curve.csv",
            Self::CurveSvg => "curve.svg",
            Self::Map => "map.svg",
            Self::DistrictMaps => "map_*.svg",
            Self::Records => "records.geojson",
            Self::RecordsNotLocated => "records_not_located.csv",
            Self::Periods => "periods.csv",
            Self::Hours => "hours.svg",
        }
    }

    /// The file's name when the geometry outputs are in `format`:
    /// `plan.fgb`, `coverage.fgb`, `blindspots.fgb` and `records.fgb` in
    /// FlatGeobuf; every other name is [`file_name`](Self::file_name).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::output::{OutputFormat, OutputKind};
    ///
    /// assert_eq!(OutputKind::BlindSpots.file_name_in(OutputFormat::FlatGeobuf), "blindspots.fgb");
    /// assert_eq!(OutputKind::Map.file_name_in(OutputFormat::FlatGeobuf), "map.svg");
    /// assert_eq!(OutputKind::Plan.file_name_in(OutputFormat::GeoJson), "plan.geojson");
    /// ```
    pub fn file_name_in(self, format: OutputFormat) -> &'static str {
        match (format, self) {
            (OutputFormat::FlatGeobuf, Self::Plan) => "plan.fgb",
            (OutputFormat::FlatGeobuf, Self::Coverage) => "coverage.fgb",
            (OutputFormat::FlatGeobuf, Self::BlindSpots) => "blindspots.fgb",
            (OutputFormat::FlatGeobuf, Self::Records) => "records.fgb",
            _ => self.file_name(),
        }
    }

    /// True when `name`, a file in the output folder, is of this kind
    /// (in either format: `plan.geojson` and `plan.fgb` are both plans,
    /// so that writing one removes the other as stale).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::output::OutputKind;
    ///
    /// assert!(OutputKind::DistrictMaps.matches("map_행당1동.svg"));
    /// assert!(!OutputKind::DistrictMaps.matches("map.svg"));
    /// assert!(OutputKind::Map.matches("map.svg"));
    /// ```
    pub fn matches(self, name: &str) -> bool {
        match self {
            Self::DistrictMaps => name.starts_with("map_") && name.ends_with(".svg"),
            _ => name == self.file_name() || name == self.file_name_in(OutputFormat::FlatGeobuf),
        }
    }
}

/// The file names of every kind, in order, separated by commas.
pub(crate) fn file_names() -> String {
    OutputKind::ALL
        .iter()
        .map(|kind| kind.file_name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for OutputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

impl FromStr for OutputKind {
    type Err = Error;

    /// The kind whose file name is `name` (exactly, e.g. `map.svg`; the
    /// FlatGeobuf names such as `plan.fgb` too).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownOutputFile`] for any other name; its message lists
    /// the valid ones.
    fn from_str(name: &str) -> Result<Self, Error> {
        Self::ALL
            .iter()
            .copied()
            .find(|kind| kind.file_name() == name || kind.file_name_in(OutputFormat::FlatGeobuf) == name)
            .ok_or_else(|| Error::UnknownOutputFile {
                name: name.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &kind in OutputKind::ALL {
            assert_eq!(kind.file_name().parse::<OutputKind>().ok(), Some(kind));
            let json = serde_json::to_string(&kind).ok();
            assert_eq!(json, Some(format!("\"{kind}\"")));
            let back: Option<OutputKind> = json.and_then(|json| serde_json::from_str(&json).ok());
            assert_eq!(back, Some(kind));
        }
    }

    #[test]
    fn an_unknown_name_lists_the_valid_ones() {
        let error = "plan.json".parse::<OutputKind>().err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "unknown output file `plan.json`; expected one of plan.geojson, summary.json, coverage.geojson, blindspots.geojson, districts.csv, report.md, report.html, curve.csv, curve.svg, map.svg, map_*.svg, records.geojson, records_not_located.csv, periods.csv, hours.svg"
            )
        );
    }
}
