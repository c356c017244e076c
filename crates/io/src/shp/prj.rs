//! A Shapefile's `.prj` (WKT, ESRI's dialect or OGC's) as a [`Crs`]: by the
//! EPSG code the WKT names, else by its name, else by its projection
//! parameters, for the systems Korean data comes in.

use crate::Crs;

/// A WKT node: `KEYWORD["name", child, ...]`.
#[derive(Debug)]
struct Node {
    keyword: String,
    /// Quoted strings and bare numbers or words, in order.
    values: Vec<String>,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, keywords: &[&str]) -> Option<&Node> {
        self.children
            .iter()
            .find(|c| keywords.iter().any(|k| c.keyword.eq_ignore_ascii_case(k)))
    }

    fn name(&self) -> &str {
        self.values.first().map_or("", String::as_str)
    }

    /// The EPSG code of this node's own `AUTHORITY` or `ID`.
    fn epsg(&self) -> Option<u32> {
        let authority = self.child(&["AUTHORITY", "ID"])?;
        authority
            .name()
            .eq_ignore_ascii_case("EPSG")
            .then(|| authority.values.get(1)?.trim().parse().ok())
            .flatten()
    }

    /// A `PARAMETER`'s value, by its name (compared as [`key`] does).
    fn parameter(&self, names: &[&str]) -> Option<f64> {
        self.children
            .iter()
            .filter(|c| c.keyword.eq_ignore_ascii_case("PARAMETER"))
            .find(|c| names.contains(&key(c.name()).as_str()))
            .and_then(|c| c.values.get(1)?.trim().parse().ok())
    }
}

/// Parses WKT; `None` when it is not.
fn parse(wkt: &str) -> Option<Node> {
    let mut chars = wkt.trim().trim_start_matches('\u{feff}').chars().peekable();
    parse_node(&mut chars)
}

fn parse_node(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<Node> {
    let mut keyword = String::new();
    while let Some(&c) = chars.peek() {
        if c == '[' || c == '(' {
            break;
        }
        chars.next();
        if !c.is_whitespace() {
            keyword.push(c);
        }
    }
    chars.next()?;
    let mut node = Node {
        keyword,
        values: Vec::new(),
        children: Vec::new(),
    };
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        match chars.peek()? {
            ']' | ')' => {
                chars.next();
                return Some(node);
            }
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next()? {
                        // `""` is a quote inside a WKT string.
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            value.push('"');
                        }
                        '"' => break,
                        c => value.push(c),
                    }
                }
                node.values.push(value);
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if matches!(c, ',' | ']' | ')' | '[' | '(') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                if matches!(chars.peek(), Some('[' | '(')) {
                    let mut child = parse_node(chars)?;
                    child.keyword = word.trim().to_owned();
                    node.children.push(child);
                } else {
                    node.values.push(word.trim().to_owned());
                }
            }
        }
    }
}

/// A name as compared: ASCII letters and digits only, in lower case.
fn key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Names (as [`key`] makes them) of the systems Korean data comes in,
/// ESRI's and EPSG's.
const NAMES: &[(&str, u32)] = &[
    ("gcswgs1984", 4326),
    ("wgs84", 4326),
    ("gcskorea2000", 4737),
    ("korea2000", 4737),
    ("korea2000koreawestbelt2010", 5185),
    ("korea2000westbelt2010", 5185),
    ("korea2000koreacentralbelt2010", 5186),
    ("korea2000centralbelt2010", 5186),
    ("korea2000koreaeastbelt2010", 5187),
    ("korea2000eastbelt2010", 5187),
    ("korea2000koreaeastseabelt2010", 5188),
    ("korea2000eastseabelt2010", 5188),
    ("korea2000koreaunifiedcoordinatesystem", 5179),
    ("korea2000unifiedcs", 5179),
    ("korea2000utmk", 5179),
    ("korea2000koreawestbelt", 5180),
    ("korea2000westbelt", 5180),
    ("korea2000koreacentralbelt", 5181),
    ("korea2000centralbelt", 5181),
    ("korea2000koreaeastbelt", 5183),
    ("korea2000eastbelt", 5183),
    ("korea2000koreaeastseabelt", 5184),
    ("korea2000eastseabelt", 5184),
    ("korean1985modifiedkoreacentralbelt", 5174),
    ("korean1985modifiedcentralbelt", 5174),
    ("korean1985koreacentralbelt", 2097),
    ("korean1985centralbelt", 2097),
    ("wgs1984utmzone51n", 32651),
    ("wgs84utmzone51n", 32651),
    ("wgs1984utmzone52n", 32652),
    ("wgs84utmzone52n", 32652),
    ("wgs1984webmercatorauxiliarysphere", 3857),
    ("wgs84pseudomercator", 3857),
];

/// Transverse Mercator systems on GRS 1980 (or WGS 84): (latitude of
/// origin, central meridian, scale, false easting, false northing, EPSG).
const TRANSVERSE_MERCATOR: &[(f64, f64, f64, f64, f64, u32)] = &[
    (38.0, 125.0, 1.0, 200_000.0, 600_000.0, 5185),
    (38.0, 127.0, 1.0, 200_000.0, 600_000.0, 5186),
    (38.0, 129.0, 1.0, 200_000.0, 600_000.0, 5187),
    (38.0, 131.0, 1.0, 200_000.0, 600_000.0, 5188),
    (38.0, 127.5, 0.9996, 1_000_000.0, 2_000_000.0, 5179),
    (38.0, 125.0, 1.0, 200_000.0, 500_000.0, 5180),
    (38.0, 127.0, 1.0, 200_000.0, 500_000.0, 5181),
    (38.0, 129.0, 1.0, 200_000.0, 500_000.0, 5183),
    (38.0, 131.0, 1.0, 200_000.0, 500_000.0, 5184),
    (0.0, 123.0, 0.9996, 500_000.0, 0.0, 32651),
    (0.0, 129.0, 0.9996, 500_000.0, 0.0, 32652),
];

/// The CRS a `.prj` describes, or `Err` with the name the WKT gives its
/// system (or the start of the text) when it is not recognised.
pub(crate) fn crs_of_prj(wkt: &str) -> Result<Crs, String> {
    let Some(root) = parse(wkt) else {
        let start: String = wkt.trim().chars().take(60).collect();
        return Err(start);
    };
    let code = root
        .epsg()
        .or_else(|| {
            NAMES
                .iter()
                .find(|(name, _)| *name == key(root.name()))
                .map(|&(_, code)| code)
        })
        .or_else(|| by_parameters(&root));
    match code {
        Some(4326) => Ok(Crs::LonLat),
        Some(code) => Ok(Crs::Epsg(code)),
        None => Err(root.name().to_owned()),
    }
}

/// A Transverse Mercator system of [`TRANSVERSE_MERCATOR`], or a
/// geographic system on WGS 84 / GRS 1980, by its parameters.
fn by_parameters(root: &Node) -> Option<u32> {
    let geographic = if root.keyword.to_ascii_uppercase().starts_with("GEOG") {
        root
    } else {
        root.child(&["GEOGCS", "BASEGEOGCRS", "BASEGEODCRS"])?
    };
    let spheroid = geographic.child(&["DATUM"])?.child(&["SPHEROID", "ELLIPSOID"])?;
    let number = |k: usize| spheroid.values.get(k).and_then(|v| v.trim().parse::<f64>().ok());
    let (a, rf) = (number(1)?, number(2)?);
    let grs80_like = (a - 6_378_137.0).abs() < 1e-3 && (rf - 298.257_2).abs() < 1e-3;
    if !grs80_like {
        return None;
    }
    if std::ptr::eq(geographic, root) {
        return Some(4326);
    }
    let projection = root.child(&["PROJECTION", "METHOD"]).map(|p| key(p.name()))?;
    if projection != "transversemercator" {
        return None;
    }
    let holder = root.child(&["CONVERSION"]).unwrap_or(root);
    let lat0 = holder.parameter(&["latitudeoforigin", "latitudeofnaturalorigin"])?;
    let lon0 = holder.parameter(&["centralmeridian", "longitudeofnaturalorigin"])?;
    let k = holder.parameter(&["scalefactor", "scalefactoratnaturalorigin"])?;
    let fe = holder.parameter(&["falseeasting"])?;
    let fn_ = holder.parameter(&["falsenorthing"])?;
    TRANSVERSE_MERCATOR
        .iter()
        .find(|t| {
            (t.0 - lat0).abs() < 1e-9
                && (t.1 - lon0).abs() < 1e-9
                && (t.2 - k).abs() < 1e-9
                && (t.3 - fe).abs() < 1e-6
                && (t.4 - fn_).abs() < 1e-6
        })
        .map(|t| t.5)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// ESRI's WKT for EPSG:5186, as ArcGIS and QGIS write it.
    const ESRI_5186: &str = r#"PROJCS["Korea_2000_Korea_Central_Belt_2010",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",600000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]"#;
    /// ESRI's WKT for EPSG:5179.
    const ESRI_5179: &str = r#"PROJCS["Korea_2000_Korea_Unified_Coordinate_System",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1000000.0],PARAMETER["False_Northing",2000000.0],PARAMETER["Central_Meridian",127.5],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]"#;
    /// ESRI's WKT for EPSG:4326.
    const ESRI_4326: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
    /// OGC WKT 1 for EPSG:5186, with its authority.
    const OGC_5186: &str = r#"PROJCS["Korea 2000 / Central Belt 2010",GEOGCS["Korea 2000",DATUM["Geocentric_datum_of_Korea",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6737"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4737"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",38],PARAMETER["central_meridian",127],PARAMETER["scale_factor",1],PARAMETER["false_easting",200000],PARAMETER["false_northing",600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","5186"]]"#;

    #[test]
    fn esri_and_ogc_wkt_are_recognised() {
        assert_eq!(crs_of_prj(ESRI_5186), Ok(Crs::Epsg(5186)));
        assert_eq!(crs_of_prj(ESRI_5179), Ok(Crs::Epsg(5179)));
        assert_eq!(crs_of_prj(ESRI_4326), Ok(Crs::LonLat));
        assert_eq!(crs_of_prj(OGC_5186), Ok(Crs::Epsg(5186)));
        let wkt2 = r#"PROJCRS["Korea 2000 / Unified CS",BASEGEOGCRS["Korea 2000",DATUM["Geocentric datum of Korea",ELLIPSOID["GRS 1980",6378137,298.257222101]]],CONVERSION["x",METHOD["Transverse Mercator"]],ID["EPSG",5179]]"#;
        assert_eq!(crs_of_prj(wkt2), Ok(Crs::Epsg(5179)));
    }

    #[test]
    fn unnamed_systems_are_recognised_by_their_parameters() {
        let renamed = ESRI_5186.replace("Korea_2000_Korea_Central_Belt_2010", "My_Belt");
        assert_eq!(crs_of_prj(&renamed), Ok(Crs::Epsg(5186)));
        let renamed = ESRI_5179.replace("Korea_2000_Korea_Unified_Coordinate_System", "UTM-K");
        assert_eq!(crs_of_prj(&renamed), Ok(Crs::Epsg(5179)));
        let bessel = renamed.replace("6378137.0,298.257222101", "6377397.155,299.1528128");
        assert_eq!(crs_of_prj(&bessel), Err("UTM-K".to_owned()));
        assert_eq!(
            crs_of_prj(r#"PROJCS["Korean_1985_Modified_Korea_Central_Belt",GEOGCS["x"]]"#),
            Ok(Crs::Epsg(5174))
        );
        assert!(crs_of_prj("not wkt").is_err());
    }
}
