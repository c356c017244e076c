//! Reading one GeoJSON feature: its properties (weights, labels, lists
//! of numbers), its geometry and positions, and why geojson rejected it,
//! in this reader's own terms.

use std::path::Path;

use geojson::feature::Id;
use geojson::{Geometry, GeometryValue, JsonObject, Position};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::Error;
#[cfg(doc)]
use crate::PointOptions;

pub(super) fn property_of<'p>(properties: Option<&'p JsonObject>, name: &str) -> Option<&'p Value> {
    properties.and_then(|properties| properties.get(name))
}

/// A feature's `id` member as a label.
pub(super) fn id_label(id: &Id) -> String {
    match id {
        Id::String(s) => s.clone(),
        Id::Number(n) => n.to_string(),
    }
}

/// A string or number as a label; `None` for other JSON types.
pub(super) fn label_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON number or a numeric string.
pub(super) fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Checks features, with errors naming the file.
pub(super) struct FeatureReader<'a> {
    pub(super) path: &'a Path,
    pub(super) geographic: bool,
    /// The geometry types accepted, for [`Error::GeometryType`].
    pub(super) expected: &'static str,
}

impl FeatureReader<'_> {
    pub(super) fn invalid(&self, index: usize, reason: String) -> Error {
        Error::InvalidFeature {
            path: self.path.to_path_buf(),
            index,
            reason,
        }
    }

    /// An optional list of numbers: see [`PointOptions::number_list`].
    pub(super) fn number_list(
        &self,
        index: usize,
        property: &str,
        value: Option<&Value>,
    ) -> Result<Option<Vec<f64>>, Error> {
        const EXPECTED: &str = "a number, a list of numbers, or numbers separated by commas";
        let bad = || self.property_error(index, property, value, EXPECTED);
        let finite = |x: f64| if x.is_finite() { Ok(x) } else { Err(bad()) };
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(vec![finite(n.as_f64().ok_or_else(bad)?)?])),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_f64().ok_or_else(bad).and_then(finite))
                .collect::<Result<Vec<f64>, Error>>()
                .map(|v| (!v.is_empty()).then_some(v)),
            Some(Value::String(text)) => crate::csv_points::number_list(text).ok_or_else(bad),
            Some(_) => Err(bad()),
        }
    }

    fn property_error(
        &self,
        index: usize,
        property: &str,
        found: Option<&Value>,
        expected: &'static str,
    ) -> Error {
        Error::Property {
            path: self.path.to_path_buf(),
            index,
            property: property.to_string(),
            found: found.map_or_else(|| "missing".to_string(), Value::to_string),
            expected,
        }
    }

    pub(super) fn wrong_type(&self, index: usize, found: &str) -> Error {
        Error::GeometryType {
            path: self.path.to_path_buf(),
            index,
            found: found.to_string(),
            expected: self.expected,
        }
    }

    /// The feature's geometry, or an error telling a null geometry from a
    /// missing one (which geojson does not).
    pub(super) fn geometry<'g>(
        &self,
        index: usize,
        geometry: Option<&'g Geometry>,
        raw: &RawValue,
    ) -> Result<&'g GeometryValue, Error> {
        if let Some(geometry) = geometry {
            return Ok(&geometry.value);
        }
        let present = serde_json::from_str::<JsonObject>(raw.get())
            .is_ok_and(|feature| feature.contains_key("geometry"));
        Err(self.wrong_type(index, if present { "null" } else { "missing" }))
    }

    pub(super) fn weight(
        &self,
        index: usize,
        property: &str,
        properties: Option<&JsonObject>,
    ) -> Result<f64, Error> {
        let value = property_of(properties, property)
            .ok_or_else(|| self.missing(index, property, properties, "a number"))?;
        let weight =
            number_of(value).ok_or_else(|| self.property_error(index, property, Some(value), "a number"))?;
        if !weight.is_finite() || weight < 0.0 {
            return Err(self.property_error(index, property, Some(value), "a finite, non-negative number"));
        }
        Ok(weight)
    }

    pub(super) fn label(
        &self,
        index: usize,
        property: &str,
        properties: Option<&JsonObject>,
    ) -> Result<String, Error> {
        const EXPECTED: &str = "a string or a number";
        let Some(value) = property_of(properties, property) else {
            return Err(self.missing(index, property, properties, EXPECTED));
        };
        label_of(value).ok_or_else(|| self.property_error(index, property, Some(value), EXPECTED))
    }

    /// [`Error::MissingProperty`], listing the properties the feature has.
    fn missing(
        &self,
        index: usize,
        property: &str,
        properties: Option<&JsonObject>,
        expected: &'static str,
    ) -> Error {
        let mut names: Vec<&str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        names.sort_unstable();
        Error::MissingProperty {
            path: self.path.to_path_buf(),
            index,
            property: property.to_string(),
            expected,
            properties: listed(&names),
        }
    }

    /// Checks that a position has x and y, finite and (for geographic
    /// layers) in range.
    pub(super) fn check_position(&self, index: usize, position: &Position, kind: &str) -> Result<(), Error> {
        let &[x, y, ..] = position.as_slice() else {
            let count = position.len();
            let numbers = if count == 1 { "number" } else { "numbers" };
            return Err(self.invalid(
                index,
                format!("{kind} has a position of {count} {numbers}, expected at least 2"),
            ));
        };
        self.check_xy(index, x, y)
    }

    /// Checks that x and y are finite and (for geographic layers) in
    /// range.
    pub(super) fn check_xy(&self, index: usize, x: f64, y: f64) -> Result<(), Error> {
        if !x.is_finite() || !y.is_finite() {
            return Err(self.invalid(index, format!("coordinate ({x:?}, {y:?}) is not finite")));
        }
        if self.geographic {
            check_lonlat(x, y).map_err(|reason| self.invalid(index, reason))?;
        }
        Ok(())
    }

    /// Checks a polygon: at least one ring, rings of at least four
    /// positions, valid positions.
    pub(super) fn check_polygon(
        &self,
        index: usize,
        rings: &[Vec<Position>],
        kind: &str,
    ) -> Result<(), Error> {
        if rings.is_empty() {
            return Err(self.invalid(index, format!("{kind} has a polygon without rings")));
        }
        for ring in rings {
            if ring.len() < 4 {
                return Err(self.invalid(
                    index,
                    format!(
                        "{kind} has a ring of {} positions, expected at least 4",
                        ring.len()
                    ),
                ));
            }
            for position in ring {
                self.check_position(index, position, kind)?;
            }
        }
        Ok(())
    }

    /// Why geojson rejected a feature, in this reader's terms, or `None`
    /// when the fault is at the JSON level (a member of the wrong JSON
    /// type, a position that is not numbers, an `id` that is neither a
    /// string nor a number...), which is then reported as an
    /// [`Error::Json`].
    ///
    /// The reasons found are a wrong `type` member, and a geometry that is
    /// missing, null, of another type than `kinds`, without coordinates or
    /// with coordinates nested too deep or too shallow. As when reading a
    /// feature, the properties (checked by `properties`) come before the
    /// geometry.
    pub(super) fn diagnose(
        &self,
        index: usize,
        value: &Value,
        properties: impl FnOnce(Option<&JsonObject>) -> Result<(), Error>,
        kinds: &[&str],
    ) -> Option<Error> {
        let feature = value.as_object()?;
        match feature.get("type") {
            None => return Some(self.invalid(index, "has no `type` member".to_string())),
            Some(Value::String(kind)) if kind == "Feature" => {}
            Some(Value::String(kind)) => {
                return Some(self.invalid(index, format!("`type` is `{kind}`, expected `Feature`")));
            }
            Some(other) => {
                return Some(self.invalid(index, format!("`type` is {other}, expected `Feature`")));
            }
        }
        let props = match feature.get("properties") {
            None | Some(Value::Null) => None,
            Some(Value::Object(props)) => Some(props),
            Some(_) => return None,
        };
        let reason = self.diagnose_geometry(index, feature.get("geometry"), kinds)?;
        Some(properties(props).err().unwrap_or(reason))
    }

    /// Why geojson rejected a feature's `geometry` member, if this reader
    /// can tell (see [`FeatureReader::diagnose`]).
    fn diagnose_geometry(&self, index: usize, geometry: Option<&Value>, kinds: &[&str]) -> Option<Error> {
        let geometry = match geometry {
            None => return Some(self.wrong_type(index, "missing")),
            Some(Value::Null) => return Some(self.wrong_type(index, "null")),
            Some(Value::Object(geometry)) => geometry,
            Some(_) => return None,
        };
        let kind = match geometry.get("type") {
            None => return Some(self.wrong_type(index, "without `type`")),
            Some(Value::String(kind)) => kind.as_str(),
            Some(_) => return None,
        };
        if !kinds.contains(&kind) {
            return Some(self.wrong_type(index, kind));
        }
        let Some(coordinates) = geometry.get("coordinates") else {
            return Some(self.invalid(index, format!("{kind} has no `coordinates`")));
        };
        shape_error(kind, coordinates).map(|reason| self.invalid(index, reason))
    }
}

/// Why `coordinates` do not nest as deep as a geometry of type `kind`
/// needs; `None` when they do, or when it cannot be told from the first
/// elements (an empty array).
fn shape_error(kind: &str, coordinates: &Value) -> Option<String> {
    if kind == "Point" {
        // A position: an array of numbers.
        return match coordinates {
            Value::Array(items) if items.first().is_some_and(|first| !first.is_array()) => None,
            _ => Some("Point coordinates must be positions [x, y]".to_string()),
        };
    }
    let expected = match kind {
        "MultiPoint" => 2,
        "Polygon" => 3,
        "MultiPolygon" => 4,
        _ => return None,
    };
    let depth = depth(coordinates)?;
    let what = match (kind, depth) {
        (_, depth) if depth == expected => return None,
        (_, depth) if depth > expected => "coordinates must be positions [x, y]",
        ("MultiPoint", _) => "coordinates must be an array of positions",
        ("Polygon", 2) | ("MultiPolygon", 3) => "rings must be arrays of positions",
        ("Polygon", _) | ("MultiPolygon", 2) => "coordinates must be arrays of rings",
        _ => "coordinates must be an array of polygons",
    };
    Some(format!("{kind} {what}"))
}

/// How deep arrays nest, following first elements: 0 for a number, 1 for
/// a position, 2 for an array of positions...; `None` at an empty array.
fn depth(value: &Value) -> Option<usize> {
    match value {
        Value::Array(items) => depth(items.first()?).map(|depth| depth + 1),
        _ => Some(0),
    }
}

/// Names as a message lists them: `` `a`, `b` ``, the first 20 only,
/// then `and N more`; `none` for no names.
///
/// # Examples
///
/// ```
/// assert_eq!(sightline_io::listed(&["name", "pop"]), "`name`, `pop`");
/// assert_eq!(sightline_io::listed(&[]), "none");
/// ```
pub fn listed(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    let shown: Vec<String> = names
        .iter()
        .take(LISTED)
        .map(|name| format!("`{name}`"))
        .collect();
    match names.len().saturating_sub(LISTED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// How many names [`listed`] shows.
const LISTED: usize = 20;

/// Checks a longitude/latitude pair, with a hint when it looks swapped
/// or projected.
fn check_lonlat(lon: f64, lat: f64) -> Result<(), String> {
    let projected = || {
        projected_hint(lon, lat)
            .map(|hint| format!("; {hint}"))
            .unwrap_or_default()
    };
    if !(-90.0..=90.0).contains(&lat) {
        let hint = if lon.abs() <= 90.0 && lat.abs() <= 180.0 {
            "; are longitude and latitude swapped?".to_owned()
        } else {
            projected()
        };
        return Err(format!("latitude {lat:?} is outside [-90, 90]{hint}"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon:?} is outside [-180, 180]{}", projected()));
    }
    Ok(())
}

/// A range of coordinates, metres: (lowest, highest).
type Span = (f64, f64);

/// Korean projected systems recognised by their coordinates' ranges, in
/// metres: (EPSG code, name, x range, y range).
const KOREAN_SYSTEMS: [(u32, &str, Span, Span); 2] = [
    (
        5179,
        "Korea 2000 / Unified CS, UTM-K",
        (750_000.0, 1_350_000.0),
        (1_450_000.0, 2_100_000.0),
    ),
    (
        5186,
        "Korea 2000 / Central Belt 2010",
        (100_000.0, 300_000.0),
        (300_000.0, 700_000.0),
    ),
];

/// What a coordinate read as longitude/latitude but out of range looks
/// like, when it looks like metres: a Korean projected system its values
/// fit (EPSG:5179, EPSG:5186), else projected metres of some system.
/// `None` when it does not look projected (a latitude of 95, say).
pub(crate) fn projected_hint(x: f64, y: f64) -> Option<String> {
    // Degrees are at most 180; metres of a projected system are mostly
    // thousands or more.
    if x.abs().max(y.abs()) < 1_000.0 {
        return None;
    }
    let fits = |(low, high): Span, v: f64| (low..=high).contains(&v);
    Some(
        match KOREAN_SYSTEMS
            .iter()
            .find(|(_, _, xs, ys)| fits(*xs, x) && fits(*ys, y))
        {
            Some((code, name, _, _)) => format!(
                "the coordinates look projected, in metres, like EPSG:{code} ({name}): read the layer with `--crs EPSG:{code}` (or `crs = \"EPSG:{code}\"` for the layer in a study)"
            ),
            None => "the coordinates look projected (metres), not longitude/latitude: give the layer's coordinate system (`--crs EPSG:CODE`, or `crs` for the layer in a study)".to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn projected_coordinates_name_the_korean_system_they_fit() {
        let utm_k = projected_hint(941_079.7, 1_962_265.3).unwrap();
        assert!(utm_k.contains("EPSG:5179"), "{utm_k}");
        let central = projected_hint(185_175.9, 562_053.6).unwrap();
        assert!(central.contains("EPSG:5186"), "{central}");
        let other = projected_hint(500_000.0, 4_170_081.6).unwrap();
        assert!(
            other.contains("look projected (metres)") && !other.contains("EPSG:5"),
            "{other}"
        );
        assert_eq!(projected_hint(126.8, 95.0), None);
        let message = check_lonlat(941_079.7, 1_963_598.0).unwrap_err();
        assert!(
            message.starts_with("latitude 1963598.0 is outside [-90, 90]; "),
            "{message}"
        );
        assert!(message.contains("--crs EPSG:5179"), "{message}");
    }

    #[test]
    fn long_lists_of_names_are_cut() {
        assert_eq!(listed(&[]), "none");
        assert_eq!(listed(&["a", "b"]), "`a`, `b`");
        let many: Vec<String> = (0..23).map(|k| format!("p{k:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let text = listed(&many);
        assert!(text.starts_with("`p00`, `p01`"), "{text}");
        assert!(text.ends_with("`p19` and 3 more"), "{text}");
    }

    #[test]
    fn shapes_name_the_level_at_fault() {
        let cases = [
            ("Point", json!([1, 2]), None),
            ("Point", json!([1, 2, 3]), None),
            (
                "Point",
                json!([]),
                Some("Point coordinates must be positions [x, y]"),
            ),
            (
                "Point",
                json!(3),
                Some("Point coordinates must be positions [x, y]"),
            ),
            (
                "Point",
                json!([[1, 2]]),
                Some("Point coordinates must be positions [x, y]"),
            ),
            ("MultiPoint", json!([[1, 2]]), None),
            ("MultiPoint", json!([]), None),
            (
                "MultiPoint",
                json!([1, 2]),
                Some("MultiPoint coordinates must be an array of positions"),
            ),
            (
                "MultiPoint",
                json!([[[1, 2]]]),
                Some("MultiPoint coordinates must be positions [x, y]"),
            ),
            ("Polygon", json!([[[0, 0], [1, 0], [1, 1], [0, 0]]]), None),
            ("Polygon", json!([[]]), None),
            (
                "Polygon",
                json!([[0, 0], [1, 0]]),
                Some("Polygon rings must be arrays of positions"),
            ),
            (
                "Polygon",
                json!([0, 0]),
                Some("Polygon coordinates must be arrays of rings"),
            ),
            (
                "Polygon",
                json!([[[[0, 0]]]]),
                Some("Polygon coordinates must be positions [x, y]"),
            ),
            ("MultiPolygon", json!([[[[0, 0]]]]), None),
            (
                "MultiPolygon",
                json!([[[0, 0]]]),
                Some("MultiPolygon rings must be arrays of positions"),
            ),
            (
                "MultiPolygon",
                json!([[0, 0]]),
                Some("MultiPolygon coordinates must be arrays of rings"),
            ),
            (
                "MultiPolygon",
                json!([0, 0]),
                Some("MultiPolygon coordinates must be an array of polygons"),
            ),
            (
                "MultiPolygon",
                json!(0),
                Some("MultiPolygon coordinates must be an array of polygons"),
            ),
        ];
        for (kind, coordinates, expected) in cases {
            assert_eq!(
                shape_error(kind, &coordinates).as_deref(),
                expected,
                "{kind} {coordinates}"
            );
        }
    }
}
