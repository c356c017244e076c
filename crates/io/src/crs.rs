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

    /// Whether bringing this system to WGS 84 needs a datum shift: its
    /// definition has a non-zero `+towgs84`, a `+nadgrids` grid, a datum
    /// other than WGS 84 or NAD83, or an ellipsoid other than WGS 84 or
    /// GRS 1980 with no `+towgs84` at all (such as the Bessel 1841 of
    /// Korean 1985, EPSG:5174). GRS 1980 systems (Korea 2000, EPSG:5186 and
    /// EPSG:5179) are taken as WGS 84, which they match to a few
    /// centimetres; unknown codes, `LonLat` and `Planar` need no shift.
    ///
    /// The default build refuses these systems (see
    /// [`Error::DatumShift`]); with the `proj` feature, PROJ transforms
    /// them.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_io::Crs;
    ///
    /// assert!(Crs::Epsg(5174).needs_datum_shift());
    /// assert!(Crs::Epsg(4162).needs_datum_shift());
    /// assert!(!Crs::Epsg(5186).needs_datum_shift());
    /// assert!(!Crs::Epsg(3857).needs_datum_shift());
    /// assert!(!Crs::LonLat.needs_datum_shift());
    /// ```
    pub fn needs_datum_shift(&self) -> bool {
        self.proj4().is_some_and(definition_needs_shift)
    }

    /// The ellipsoid and geodetic system of a system that needs a datum
    /// shift, for messages: `Bessel 1841, Korean 1985` for EPSG:5174.
    pub(crate) fn datum_description(&self) -> String {
        let Crs::Epsg(code) = *self else {
            return self.to_string();
        };
        let wkt = u16::try_from(code)
            .ok()
            .and_then(crs_definitions::from_code)
            .map_or("", |def| def.wkt);
        let name = |key: &str| {
            wkt.split_once(key)
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(name, _)| name.to_string())
        };
        let parts: Vec<String> = [name("SPHEROID[\""), name("GEOGCS[\"")]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            self.proj4().unwrap_or_default().to_string()
        } else {
            parts.join(", ")
        }
    }

    /// Fails for systems that need a datum shift, unless PROJ is built in
    /// (the `proj` feature).
    pub(crate) fn check_exact(&self, context: &str) -> Result<(), Error> {
        if cfg!(feature = "proj") || !self.needs_datum_shift() {
            return Ok(());
        }
        Err(Error::DatumShift {
            crs: *self,
            datum: self.datum_description(),
            context: context.to_string(),
        })
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

/// See [`Crs::needs_datum_shift`].
fn definition_needs_shift(proj4: &str) -> bool {
    let value = |key: &str| proj4.split_whitespace().find_map(|token| token.strip_prefix(key));
    match value("+nadgrids=") {
        // `@null` is the Web Mercator idiom for "no shift at all".
        Some("@null") => return false,
        Some(_) => return true,
        None => {}
    }
    if let Some(towgs84) = value("+towgs84=") {
        return !towgs84
            .split(',')
            .all(|term| term.trim().parse::<f64>().is_ok_and(|v| v == 0.0));
    }
    if let Some(datum) = value("+datum=") {
        return !(datum.eq_ignore_ascii_case("WGS84") || datum.eq_ignore_ascii_case("NAD83"));
    }
    if let Some(ellps) = value("+ellps=") {
        return !(ellps.eq_ignore_ascii_case("WGS84") || ellps.eq_ignore_ascii_case("GRS80"));
    }
    // An ellipsoid given by its axes: a semi-major axis other than WGS 84's
    // is another datum.
    match value("+a=").or_else(|| value("+R=")) {
        Some(a) => !a.parse::<f64>().is_ok_and(|a| a == 6_378_137.0),
        None => false,
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

    #[test]
    fn datum_shifts() {
        for code in [
            5173, 5174, 5175, 5176, 5177, 5178, 2096, 2097, 2098, 4162, 2001, 27700, 4267,
        ] {
            assert!(Crs::Epsg(code).needs_datum_shift(), "EPSG:{code}");
        }
        for code in [
            5179, 5180, 5181, 5185, 5186, 5187, 5188, 4737, 4326, 32652, 3857, 26918, 99999,
        ] {
            assert!(!Crs::Epsg(code).needs_datum_shift(), "EPSG:{code}");
        }
        assert!(!Crs::LonLat.needs_datum_shift());
        assert!(!Crs::Planar.needs_datum_shift());
        assert_eq!(Crs::Epsg(5174).datum_description(), "Bessel 1841, Korean 1985");
        assert_eq!(Crs::Epsg(4162).datum_description(), "Bessel 1841, Korean 1985");
        assert!(definition_needs_shift(
            "+proj=longlat +a=6378249.2 +b=6356515 +no_defs"
        ));
        assert!(!definition_needs_shift(
            "+proj=longlat +a=6378137 +rf=298.257222101 +no_defs"
        ));
        assert!(definition_needs_shift(
            "+proj=longlat +ellps=WGS84 +towgs84=0,0,x +no_defs"
        ));
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
