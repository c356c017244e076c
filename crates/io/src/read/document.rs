//! A GeoJSON FeatureCollection split into its features, kept as raw JSON
//! text and read one by one; errors placed in the file.

use std::path::Path;

use geo::coord;
use geo_types::Coord;
use geojson::Feature;
use serde::Deserialize;
use serde::de::{self, IgnoredAny, Unexpected};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::crs::legacy_crs;
use crate::{Crs, Error};

pub(super) mod split;

/// The members of the top-level object that matter; the others are
/// skipped. The features are kept as JSON text, to be read one by one.
#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Vec<&'a RawValue>,
    #[serde(default)]
    crs: Option<Value>,
}

/// A FeatureCollection split into its features.
pub(super) struct Document<'a> {
    path: &'a Path,
    /// The file's text after any byte order mark (for error positions).
    text: &'a [u8],
    pub(super) crs: Crs,
    /// Whether `crs` came from the file's legacy `crs` member.
    crs_from_member: bool,
    /// Each feature's JSON text, a slice of `text`.
    pub(super) features: Vec<&'a RawValue>,
}

/// A large FeatureCollection's features as pieces of its text not yet
/// checked to be whole JSON values, with the checks [`Document::parse`]
/// makes of the file around them passed.
pub(super) struct Pieces<'a> {
    pub(super) crs: Crs,
    /// Whether `crs` came from the file's legacy `crs` member.
    pub(super) crs_from_member: bool,
    /// Each feature's text, if every piece is one whole JSON value (see
    /// [`split::pieces`]): whoever reads them must check.
    pub(super) pieces: Vec<&'a [u8]>,
}

/// The features of a large FeatureCollection cut apart in parallel, for a
/// reader that checks each piece as it reads it (a whole JSON value each)
/// and so spares the check [`Document::parse`] makes first. `None` where
/// anything is not as expected, or the file is small: the caller then
/// parses the document, which gives the same features or the file's error.
pub(super) fn pieces<'a>(path: &Path, bytes: &'a [u8], default_crs: Crs) -> Option<Pieces<'a>> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let outline = split::pieces(text)?;
    (outline.kind.as_deref() == Some("FeatureCollection")).then_some(())?;
    let member = legacy_crs(outline.crs.as_ref(), path).ok()?;
    let crs = member.unwrap_or(default_crs);
    crs.check_known(&path.display().to_string()).ok()?;
    Some(Pieces {
        crs,
        crs_from_member: member.is_some(),
        pieces: outline.pieces,
    })
}

/// The geometry types, as named in [`Error::NotFeatureCollection`].
const GEOMETRY_TYPES: &[&str] = &[
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

impl<'a> Document<'a> {
    /// Checks the whole file, the top-level object and its CRS, and splits
    /// off the features.
    pub(super) fn parse(path: &'a Path, bytes: &'a [u8], default_crs: Crs) -> Result<Self, Error> {
        // Files exported on Windows often start with a byte order mark.
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let not_collection = |found: String| Error::NotFeatureCollection {
            path: path.to_path_buf(),
            found,
        };
        let first = text
            .iter()
            .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
        if first != Some(&b'{') {
            // Well-formed JSON that is not an object, or malformed JSON.
            serde_json::from_slice::<IgnoredAny>(text)
                .map_err(|error| json_error(path, &error, None, (0, 0)))?;
            let found = match first {
                Some(b'[') => "an array",
                Some(b'"') => "a string",
                Some(b't' | b'f') => "a boolean",
                Some(b'n') => "null",
                _ => "a number",
            };
            return Err(not_collection(found.to_string()));
        }
        let top: TopLevel<'a> = match split::parallel(text) {
            Some(top) => top,
            None => serde_json::from_slice(text).map_err(|error| json_error(path, &error, None, (0, 0)))?,
        };
        match top.kind.as_deref() {
            Some("FeatureCollection") => {}
            Some("Feature") => return Err(not_collection("a Feature".to_string())),
            Some(name) if GEOMETRY_TYPES.contains(&name) => {
                return Err(not_collection(format!("a {name} geometry")));
            }
            Some(name) => return Err(not_collection(format!("of type `{name}`"))),
            None => return Err(not_collection("an object without `type`".to_string())),
        }
        // A FeatureCollection without a `features` member has no features.
        if top.features.is_empty() {
            return Err(Error::NoFeatures {
                path: path.to_path_buf(),
            });
        }
        let member = legacy_crs(top.crs.as_ref(), path)?;
        let crs = member.unwrap_or(default_crs);
        crs.check_known(&path.display().to_string())?;
        Ok(Document {
            path,
            text,
            crs,
            crs_from_member: member.is_some(),
            features: top.features,
        })
    }

    /// Refuses a layer read in a projected EPSG system whose every
    /// coordinate lies within longitude/latitude bounds, or a planar one
    /// that also fits in a box smaller than 10 × 10 units.
    pub(super) fn check_not_lonlat(&self, coords: impl Iterator<Item = Coord<f64>>) -> Result<(), Error> {
        check_not_lonlat(self.path, self.crs, self.crs_from_member, coords)
    }

    /// Reads each feature with geojson and hands it to `each`, in order,
    /// stopping at the first error. `diagnose` explains, where it can, a
    /// feature geojson rejected (given as a JSON value).
    ///
    /// A JSON fault (an [`Error::Json`]) anywhere in the file is reported
    /// before the errors found in earlier features, so that a broken file
    /// is reported as such.
    pub(super) fn read(
        &self,
        mut each: impl FnMut(usize, Feature, &RawValue) -> Result<(), Error>,
        diagnose: impl Fn(usize, &Value) -> Option<Error>,
    ) -> Result<(), Error> {
        for (index, raw) in self.features.iter().copied().enumerate() {
            let result = self
                .feature(index, raw, &diagnose)
                .and_then(|feature| each(index, feature, raw));
            let Err(error) = result else { continue };
            if !matches!(error, Error::Json { .. }) {
                let later = self.features.iter().copied().enumerate().skip(index + 1);
                for (later, raw) in later {
                    if let Err(json @ Error::Json { .. }) = self.feature(later, raw, &diagnose) {
                        return Err(json);
                    }
                }
            }
            return Err(error);
        }
        Ok(())
    }

    /// One feature, read with geojson.
    fn feature(
        &self,
        index: usize,
        raw: &RawValue,
        diagnose: &impl Fn(usize, &Value) -> Option<Error>,
    ) -> Result<Feature, Error> {
        serde_json::from_str(raw.get()).map_err(|error| {
            let value = serde_json::from_str::<Value>(raw.get()).ok();
            if let Some(reason) = value.as_ref().and_then(|value| diagnose(index, value)) {
                return reason;
            }
            let error = value.as_ref().and_then(not_an_object).unwrap_or(error);
            json_error(self.path, &error, Some(index), self.start_of(raw))
        })
    }

    /// The 0-based line and column in the file where `raw` starts.
    fn start_of(&self, raw: &RawValue) -> (usize, usize) {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let before = self.text.get(..offset).unwrap_or_default();
        let line = before.iter().filter(|byte| **byte == b'\n').count();
        let column = before.iter().rev().take_while(|byte| **byte != b'\n').count();
        (line, column)
    }
}

/// Refuses a layer read in a projected EPSG system whose every coordinate
/// lies within longitude/latitude bounds, or a planar one that also fits
/// in a box smaller than 10 × 10 units. `from_member`: whether `crs` came
/// from the file's legacy `crs` member.
pub(crate) fn check_not_lonlat(
    path: &Path,
    crs: Crs,
    from_member: bool,
    coords: impl Iterator<Item = Coord<f64>>,
) -> Result<(), Error> {
    const PLANAR_EXTENT: f64 = 10.0;
    if crs.is_geographic() {
        return Ok(());
    }
    let mut min = coord! { x: f64::INFINITY, y: f64::INFINITY };
    let mut max = coord! { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
    for c in coords {
        if !((-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y)) {
            return Ok(());
        }
        min = coord! { x: min.x.min(c.x), y: min.y.min(c.y) };
        max = coord! { x: max.x.max(c.x), y: max.y.max(c.y) };
    }
    if min.x > max.x {
        // No coordinates.
        return Ok(());
    }
    if crs == Crs::Planar && (max.x - min.x >= PLANAR_EXTENT || max.y - min.y >= PLANAR_EXTENT) {
        return Ok(());
    }
    Err(Error::LooksLikeLonLat {
        path: path.to_path_buf(),
        crs,
        from_member,
    })
}

/// serde_json's error as an [`Error::Json`]. `start` is the 0-based line
/// and column where the text serde_json read begins in the file.
fn json_error(
    path: &Path,
    error: &serde_json::Error,
    feature: Option<usize>,
    start: (usize, usize),
) -> Error {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let (line, column) = match error.line() {
        // No position: the start of the text.
        0 => (start.0 + 1, start.1 + 1),
        1 => (start.0 + 1, start.1 + error.column()),
        line => (start.0 + line, error.column()),
    };
    Error::Json {
        path: path.to_path_buf(),
        line,
        column,
        feature,
        message,
    }
}

/// serde_json's error for a feature that is not a JSON object (geojson's
/// own message names an internal type).
fn not_an_object(value: &Value) -> Option<serde_json::Error> {
    let unexpected = match value {
        Value::Object(_) => return None,
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
    };
    Some(de::Error::invalid_type(unexpected, &"a GeoJSON Feature object"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_are_placed_in_the_file() {
        let path = Path::new("x.geojson");
        let text =
            b"{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": \"Feature\",\n \"id\": [1]}]}";
        let document = Document::parse(path, text, Crs::LonLat).unwrap();
        let raw = document.features[0];
        assert_eq!(document.start_of(raw), (1, 2));
        let error = serde_json::from_str::<Feature>(raw.get()).unwrap_err();
        let Error::Json {
            line,
            column,
            feature,
            ..
        } = json_error(path, &error, Some(0), document.start_of(raw))
        else {
            panic!("not a JSON error");
        };
        assert_eq!((line, feature), (3, Some(0)));
        assert_eq!(column, error.column());
        // On the feature's first line, columns count from the line's start.
        let error = serde_json::from_str::<Feature>("{\"x\": }").unwrap_err();
        let Error::Json { line, column, .. } = json_error(path, &error, Some(0), (1, 2)) else {
            panic!("not a JSON error");
        };
        assert_eq!((line, column), (2, 2 + error.column()));
    }
}
