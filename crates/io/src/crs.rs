//! Coordinate reference systems of input layers, and the legacy GeoJSON
//! `crs` member.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde_json::Value;

use crate::Error;

/// The proj4 definition used for [`Crs::LonLat`] (WGS 84, RFC 7946).
pub(crate) const LONLAT_PROJ4: &str = "+proj=longlat +datum=WGS84 +no_defs";

/// A coordinate reference system of an input layer.
///
/// Parses from and displays as `lonlat`, `planar` or `EPSG:<code>`
/// (case-insensitive when parsing).
///
/// # Examples
///
/// ```
/// use sightline_io::Crs;
///
/// let crs: Crs = "epsg:5186".parse().unwrap();
/// assert_eq!(crs, Crs::Epsg(5186));
/// assert_eq!(crs.to_string(), "EPSG:5186");
/// assert!(!crs.is_geographic());
/// assert!(Crs::LonLat.is_geographic());
/// assert!("mercator".parse::<Crs>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Crs {
    /// WGS 84 longitude and latitude in degrees (the GeoJSON default,
    /// RFC 7946).
    LonLat,
    /// Unreferenced planar coordinates in metres (synthetic data, local
    /// surveys). Cannot be mixed with any other system.
    Planar,
    /// A system from the EPSG table, e.g. `Epsg(5186)` (Korea 2000 /
    /// Central Belt 2010). Units are those of the system.
    Epsg(u32),
}

impl Crs {
    /// Whether coordinates in this system are longitude/latitude degrees:
    /// `LonLat`, and every EPSG system whose proj4 definition is
    /// `+proj=longlat` (EPSG:4326, EPSG:4737, ...).
    ///
    /// Unknown EPSG codes are not geographic; use [`Crs::proj4`] to tell
    /// them apart.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::Crs;
    ///
    /// assert!(Crs::Epsg(4326).is_geographic());
    /// assert!(!Crs::Epsg(5179).is_geographic());
    /// assert!(!Crs::Planar.is_geographic());
    /// ```
    pub fn is_geographic(&self) -> bool {
        match self {
            Crs::LonLat => true,
            Crs::Planar => false,
            Crs::Epsg(_) => self.proj4().is_some_and(is_longlat_definition),
        }
    }

    /// The proj4 definition of this system: WGS 84 longitude/latitude for
    /// `LonLat`, the definition from the EPSG table for `Epsg`, and `None`
    /// for `Planar` and for EPSG codes that are not in the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::Crs;
    ///
    /// assert!(Crs::Epsg(5186).proj4().is_some_and(|p| p.contains("+lon_0=127")));
    /// assert_eq!(Crs::Epsg(99999).proj4(), None);
    /// assert_eq!(Crs::Planar.proj4(), None);
    /// ```
    pub fn proj4(&self) -> Option<&'static str> {
        match *self {
            Crs::LonLat => Some(LONLAT_PROJ4),
            Crs::Planar => None,
            Crs::Epsg(code) => u16::try_from(code)
                .ok()
                .and_then(crs_definitions::from_code)
                .map(|def| def.proj4),
        }
    }

    /// Fails for EPSG codes that are not in the EPSG table.
    pub(crate) fn check_known(&self, context: &str) -> Result<(), Error> {
        match *self {
            Crs::Epsg(code) if self.proj4().is_none() => Err(Error::UnknownEpsg {
                code,
                context: context.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

fn is_longlat_definition(proj4: &str) -> bool {
    proj4
        .split_whitespace()
        .any(|token| token == "+proj=longlat" || token == "+proj=latlong")
}

impl FromStr for Crs {
    type Err = Error;

    /// Parses `lonlat`, `planar` or `EPSG:<code>`, ignoring case and
    /// surrounding white space.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        let lower = trimmed.to_ascii_lowercase();
        let parse_error = || Error::ParseCrs {
            input: input.to_string(),
        };
        match lower.as_str() {
            "lonlat" => Ok(Crs::LonLat),
            "planar" => Ok(Crs::Planar),
            _ => {
                let code = lower.strip_prefix("epsg:").ok_or_else(parse_error)?;
                parse_code(code).map(Crs::Epsg).ok_or_else(parse_error)
            }
        }
    }
}

fn parse_code(code: &str) -> Option<u32> {
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse().ok()
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Crs::LonLat => f.write_str("lonlat"),
            Crs::Planar => f.write_str("planar"),
            Crs::Epsg(code) => write!(f, "EPSG:{code}"),
        }
    }
}

/// Reads a legacy (GeoJSON 2008) `crs` member.
///
/// `None` when the member is absent or null. Named systems
/// (`{"type": "name", "properties": {"name": ...}}`) accept `EPSG:5186`,
/// `urn:ogc:def:crs:EPSG::5186`, `urn:ogc:def:crs:EPSG:6.6:5186`,
/// `http://www.opengis.net/def/crs/EPSG/0/5186` and the CRS84 names;
/// `{"type": "EPSG", "properties": {"code": 5186}}` is accepted too.
/// EPSG:4326 in a GeoJSON file is longitude/latitude in practice, so it
/// becomes [`Crs::LonLat`].
pub(crate) fn legacy_crs(member: Option<&Value>, path: &Path) -> Result<Option<Crs>, Error> {
    let member = match member {
        None | Some(Value::Null) => return Ok(None),
        Some(member) => member,
    };
    let fail = |reason: String| Error::LegacyCrs {
        path: path.to_path_buf(),
        reason,
    };
    let kind = member.get("type").and_then(Value::as_str).unwrap_or("");
    let properties = member.get("properties");
    let crs = if kind.eq_ignore_ascii_case("name") {
        let name = properties
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| fail(format!("the `crs` member {member} has no name")))?;
        crs_from_name(name).ok_or_else(|| {
            fail(format!(
                "the `crs` member names `{name}`, which is not a CRS84 or EPSG system"
            ))
        })?
    } else if kind.eq_ignore_ascii_case("epsg") {
        let code = properties
            .and_then(|p| p.get("code"))
            .and_then(|code| match code {
                Value::Number(n) => n.as_u64().and_then(|c| u32::try_from(c).ok()),
                Value::String(s) => parse_code(s.trim()),
                _ => None,
            })
            .ok_or_else(|| fail(format!("the `crs` member {member} has no EPSG code")))?;
        Crs::Epsg(code)
    } else {
        return Err(fail(format!(
            "the `crs` member {member} is not supported; expected a named CRS such as \
             urn:ogc:def:crs:EPSG::5186"
        )));
    };
    Ok(Some(match crs {
        Crs::Epsg(4326) => Crs::LonLat,
        other => other,
    }))
}

/// Parses a CRS name as found in a legacy `crs` member.
fn crs_from_name(name: &str) -> Option<Crs> {
    let upper = name.trim().to_ascii_uppercase();
    if upper.ends_with("CRS84") {
        return Some(Crs::LonLat);
    }
    if !upper.contains("EPSG") {
        return None;
    }
    let code = upper.rsplit([':', '/']).next()?;
    parse_code(code).map(Crs::Epsg)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_displays() {
        assert_eq!("lonlat".parse::<Crs>().unwrap(), Crs::LonLat);
        assert_eq!(" LonLat ".parse::<Crs>().unwrap(), Crs::LonLat);
        assert_eq!("PLANAR".parse::<Crs>().unwrap(), Crs::Planar);
        assert_eq!("EPSG:5186".parse::<Crs>().unwrap(), Crs::Epsg(5186));
        assert_eq!("epsg:5179".parse::<Crs>().unwrap(), Crs::Epsg(5179));
        for bad in [
            "",
            "epsg:",
            "EPSG:-1",
            "EPSG:12a",
            "EPSG:99999999999",
            "wgs84",
            "5186",
        ] {
            let error = bad.parse::<Crs>().unwrap_err();
            assert!(error.to_string().contains(&format!("`{bad}`")), "{error}");
        }
        for crs in [Crs::LonLat, Crs::Planar, Crs::Epsg(5186)] {
            assert_eq!(crs.to_string().parse::<Crs>().unwrap(), crs);
        }
        assert_eq!(Crs::Epsg(5186).to_string(), "EPSG:5186");
    }

    #[test]
    fn geographic() {
        assert!(Crs::LonLat.is_geographic());
        assert!(Crs::Epsg(4326).is_geographic());
        assert!(Crs::Epsg(4737).is_geographic());
        assert!(!Crs::Epsg(5186).is_geographic());
        assert!(!Crs::Epsg(32652).is_geographic());
        assert!(!Crs::Epsg(99999).is_geographic());
        assert!(!Crs::Epsg(u32::MAX).is_geographic());
        assert!(!Crs::Planar.is_geographic());
        assert!(Crs::Epsg(99999).check_known("x.geojson").is_err());
        assert!(Crs::Epsg(5186).check_known("x.geojson").is_ok());
    }

    fn named(name: &str) -> Value {
        json!({"type": "name", "properties": {"name": name}})
    }

    #[test]
    fn legacy_member() {
        let path = Path::new("x.geojson");
        let cases = [
            ("EPSG:5186", Crs::Epsg(5186)),
            ("urn:ogc:def:crs:EPSG::5186", Crs::Epsg(5186)),
            ("urn:ogc:def:crs:EPSG:6.6:5179", Crs::Epsg(5179)),
            ("http://www.opengis.net/def/crs/EPSG/0/32652", Crs::Epsg(32652)),
            ("urn:ogc:def:crs:OGC:1.3:CRS84", Crs::LonLat),
            ("urn:ogc:def:crs:OGC::CRS84", Crs::LonLat),
            ("EPSG:4326", Crs::LonLat),
            ("urn:ogc:def:crs:EPSG::4326", Crs::LonLat),
        ];
        for (name, expected) in cases {
            assert_eq!(
                legacy_crs(Some(&named(name)), path).unwrap(),
                Some(expected),
                "{name}"
            );
        }
        assert_eq!(legacy_crs(None, path).unwrap(), None);
        assert_eq!(legacy_crs(Some(&Value::Null), path).unwrap(), None);
        let epsg = json!({"type": "EPSG", "properties": {"code": 5186}});
        assert_eq!(legacy_crs(Some(&epsg), path).unwrap(), Some(Crs::Epsg(5186)));

        for bad in [
            named("urn:ogc:def:crs:OGC::NAD27"),
            json!({"type": "link", "properties": {"href": "x"}}),
            json!({"type": "name"}),
            json!(42),
        ] {
            let error = legacy_crs(Some(&bad), path).unwrap_err().to_string();
            assert!(error.contains("x.geojson"), "{error}");
            assert!(error.contains("crs"), "{error}");
        }
    }
}
