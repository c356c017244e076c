//! A streaming GeoJSON reader that keeps only what the layers need.
//!
//! geojson's own types buffer every feature through serde's internal
//! `Content` (tagged enums, flattened foreign members) and keep every
//! property. Here each feature keeps its geometry, its `id` member and the
//! (at most two) properties asked for; everything else is skipped with
//! `IgnoredAny` without allocating.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The property names wanted from each feature (at most [`MAX_WANTED`]).
pub(crate) const MAX_WANTED: usize = 2;

/// What the parser needs to know, and where it is (for error messages).
pub(crate) struct Context<'a> {
    /// Property names to keep; the rest are skipped.
    pub wanted: &'a [&'a str],
    /// The feature being read, while inside the `features` array.
    pub current: Cell<Option<usize>>,
}

/// The top-level JSON value.
pub(crate) enum Top {
    /// A JSON object (perhaps a FeatureCollection).
    Object(RawCollection),
    /// Some other JSON value: `an array`, `a string`, ...
    Other(&'static str),
}

/// The members of a top-level object that matter.
#[derive(Default)]
pub(crate) struct RawCollection {
    pub kind: Option<TypeName>,
    pub features: Option<Vec<RawFeature>>,
    pub crs: Option<Value>,
}

/// One feature, reduced.
#[derive(Default)]
pub(crate) struct RawFeature {
    pub kind: Option<TypeName>,
    /// The `id` member, unless absent or null.
    pub id: Option<Value>,
    /// `None`: no `geometry` member; `Some(None)`: null geometry.
    pub geometry: Option<Option<RawGeometry>>,
    /// The wanted properties, by position in [`Context::wanted`]; `None`
    /// when absent.
    pub properties: [Option<Value>; MAX_WANTED],
}

/// A geometry object, reduced.
pub(crate) struct RawGeometry {
    pub kind: Option<TypeName>,
    pub coordinates: Option<Coords>,
}

/// A `coordinates` array of any depth.
#[derive(Debug, PartialEq)]
pub(crate) enum Coords {
    /// A bare number (invalid wherever it appears, kept for the message).
    Number,
    /// A position: the first two numbers; further ones (z, m) are dropped.
    Position(f64, f64),
    /// An array of arrays (possibly empty).
    List(Vec<Coords>),
}

/// The value of a `type` member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeName {
    Point,
    MultiPoint,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
    GeometryCollection,
    Feature,
    FeatureCollection,
    Other(String),
}

impl TypeName {
    pub fn as_str(&self) -> &str {
        match self {
            TypeName::Point => "Point",
            TypeName::MultiPoint => "MultiPoint",
            TypeName::LineString => "LineString",
            TypeName::MultiLineString => "MultiLineString",
            TypeName::Polygon => "Polygon",
            TypeName::MultiPolygon => "MultiPolygon",
            TypeName::GeometryCollection => "GeometryCollection",
            TypeName::Feature => "Feature",
            TypeName::FeatureCollection => "FeatureCollection",
            TypeName::Other(name) => name,
        }
    }

    fn from_str(name: &str) -> TypeName {
        match name {
            "Point" => TypeName::Point,
            "MultiPoint" => TypeName::MultiPoint,
            "LineString" => TypeName::LineString,
            "MultiLineString" => TypeName::MultiLineString,
            "Polygon" => TypeName::Polygon,
            "MultiPolygon" => TypeName::MultiPolygon,
            "GeometryCollection" => TypeName::GeometryCollection,
            "Feature" => TypeName::Feature,
            "FeatureCollection" => TypeName::FeatureCollection,
            other => TypeName::Other(other.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for TypeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl Visitor<'_> for TypeVisitor {
            type Value = TypeName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a GeoJSON type name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TypeName, E> {
                Ok(TypeName::from_str(v))
            }
        }
        deserializer.deserialize_str(TypeVisitor)
    }
}

/// Matches an object key against a list of names without allocating.
struct KeySeed<'a>(&'a [&'a str]);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == v))
    }
}

/// Seed for the whole document.
pub(crate) struct TopSeed<'c, 'a>(pub &'c Context<'a>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = Top;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Top, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = Top;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Top, E> {
        Ok(Top::Other("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Top, E> {
        Ok(Top::Other("a string"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::Other("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Top::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        const KEYS: &[&str] = &["type", "features", "crs"];
        let mut out = RawCollection::default();
        while let Some(key) = map.next_key_seed(KeySeed(KEYS))? {
            match key {
                Some(0) => out.kind = Some(map.next_value()?),
                Some(1) => out.features = Some(map.next_value_seed(FeaturesSeed(self.0))?),
                Some(2) => out.crs = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Top::Object(out))
    }
}

/// Seed for the `features` array.
struct FeaturesSeed<'c, 'a>(&'c Context<'a>);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = Vec<RawFeature>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = Vec<RawFeature>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of GeoJSON features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut features = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            self.0.current.set(Some(features.len()));
            match seq.next_element_seed(FeatureSeed(self.0))? {
                Some(feature) => features.push(feature),
                None => break,
            }
        }
        self.0.current.set(None);
        Ok(features)
    }
}

/// Seed for one feature.
struct FeatureSeed<'c, 'a>(&'c Context<'a>);

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_, '_> {
    type Value = RawFeature;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_, '_> {
    type Value = RawFeature;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON Feature object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFeature, A::Error> {
        const KEYS: &[&str] = &["type", "id", "geometry", "properties"];
        let mut out = RawFeature::default();
        while let Some(key) = map.next_key_seed(KeySeed(KEYS))? {
            match key {
                Some(0) => out.kind = Some(map.next_value()?),
                Some(1) => out.id = map.next_value()?,
                Some(2) => out.geometry = Some(map.next_value()?),
                Some(3) => map.next_value_seed(PropertiesSeed {
                    wanted: self.0.wanted,
                    slots: &mut out.properties,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Seed for a `properties` object (or null): keeps the wanted values.
struct PropertiesSeed<'s, 'a> {
    wanted: &'a [&'a str],
    slots: &'s mut [Option<Value>; MAX_WANTED],
}

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a properties object or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed(self.wanted))? {
            match key.and_then(|index| self.slots.get_mut(index)) {
                Some(slot) => *slot = Some(map.next_value()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for RawGeometry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GeometryVisitor;
        impl<'de> Visitor<'de> for GeometryVisitor {
            type Value = RawGeometry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a GeoJSON geometry object or null")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawGeometry, A::Error> {
                const KEYS: &[&str] = &["type", "coordinates"];
                let mut out = RawGeometry {
                    kind: None,
                    coordinates: None,
                };
                while let Some(key) = map.next_key_seed(KeySeed(KEYS))? {
                    match key {
                        Some(0) => out.kind = Some(map.next_value()?),
                        Some(1) => out.coordinates = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(GeometryVisitor)
    }
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CoordsVisitor;
        impl<'de> Visitor<'de> for CoordsVisitor {
            type Value = Coords;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("GeoJSON coordinates (numbers in nested arrays)")
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Coords, E> {
                Ok(Coords::Number)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Coords, E> {
                Ok(Coords::Number)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Coords, E> {
                Ok(Coords::Number)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
                // A position starts with a number; read it as numbers so
                // that a point costs no allocation.
                let first = match seq.next_element::<Number>()? {
                    None => return Ok(Coords::List(Vec::new())),
                    Some(Number::Value(x)) => x,
                    Some(Number::Nested(first)) => {
                        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).max(1));
                        items.push(first);
                        while let Some(item) = seq.next_element::<Coords>()? {
                            items.push(item);
                        }
                        return Ok(Coords::List(items));
                    }
                };
                let Some(second) = seq.next_element::<f64>()? else {
                    return Err(de::Error::custom(
                        "a position needs at least two numbers, found one",
                    ));
                };
                while seq.next_element::<f64>()?.is_some() {}
                Ok(Coords::Position(first, second))
            }
        }
        deserializer.deserialize_any(CoordsVisitor)
    }
}

/// The first element of a coordinates array: a number, or something
/// nested.
enum Number {
    Value(f64),
    Nested(Coords),
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl<'de> Visitor<'de> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or an array of coordinates")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Value(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::Value(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number::Value(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Number, A::Error> {
                CoordsVisitorProxy.visit_seq(seq).map(Number::Nested)
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Lets [`Number`] reuse the array branch of [`Coords`].
struct CoordsVisitorProxy;

impl<'de> Visitor<'de> for CoordsVisitorProxy {
    type Value = Coords;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Coords, A::Error> {
        Coords::deserialize(de::value::SeqAccessDeserializer::new(seq))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn coords(json: &str) -> Coords {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn coordinates_of_any_depth() {
        assert_eq!(coords("[1, 2]"), Coords::Position(1.0, 2.0));
        assert_eq!(coords("[1.5, -2, 30]"), Coords::Position(1.5, -2.0));
        assert_eq!(coords("[]"), Coords::List(vec![]));
        assert_eq!(coords("3"), Coords::Number);
        assert_eq!(
            coords("[[1, 2], [3, 4]]"),
            Coords::List(vec![Coords::Position(1.0, 2.0), Coords::Position(3.0, 4.0)])
        );
        assert_eq!(
            coords("[[[1, 2]], []]"),
            Coords::List(vec![
                Coords::List(vec![Coords::Position(1.0, 2.0)]),
                Coords::List(vec![])
            ])
        );
        assert!(serde_json::from_str::<Coords>("[1]").is_err());
        assert!(serde_json::from_str::<Coords>("[1, [2]]").is_err());
        assert!(serde_json::from_str::<Coords>("[\"a\", 2]").is_err());
        assert!(serde_json::from_str::<Coords>("[1, 1e999]").is_err());
    }

    #[test]
    fn keeps_only_wanted_properties() {
        let json = r#"{"features": [
            {"type": "Feature", "id": 7, "properties": {"a": 1, "w": "2.5", "z": [1]},
             "geometry": {"coordinates": [1, 2], "type": "Point", "bbox": [0]}},
            {"type": "Feature", "properties": null, "geometry": null}
        ], "type": "FeatureCollection", "crs": null}"#;
        let context = Context {
            wanted: &["w", "missing"],
            current: Cell::new(None),
        };
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let Top::Object(top) = TopSeed(&context).deserialize(&mut deserializer).unwrap() else {
            panic!("not an object");
        };
        assert_eq!(top.kind, Some(TypeName::FeatureCollection));
        assert_eq!(top.crs, None);
        let features = top.features.unwrap();
        assert_eq!(features.len(), 2);
        assert_eq!(features[0].id, Some(serde_json::json!(7)));
        assert_eq!(features[0].properties[0], Some(serde_json::json!("2.5")));
        assert_eq!(features[0].properties[1], None);
        let geometry = features[0].geometry.as_ref().unwrap().as_ref().unwrap();
        assert_eq!(geometry.kind, Some(TypeName::Point));
        assert_eq!(geometry.coordinates, Some(Coords::Position(1.0, 2.0)));
        assert!(matches!(features[1].geometry, Some(None)));
        assert_eq!(context.current.get(), None);
    }
}
