//! The common point feature, read without the `geojson` crate: a
//! `Feature` whose geometry is a `Point` and whose members are only
//! `type`, `geometry`, `properties` and `id`. Only the properties the
//! options name are looked at (all of them are kept when the options keep
//! properties). Anything else — another geometry, a member of an
//! unexpected JSON type, a duplicate member, a missing property — is left
//! to the full reader, which reads it or explains why it cannot: this
//! path never reports an error of its own, so it cannot change what a
//! file's errors say.

use std::fmt;

use geojson::JsonObject;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// The properties the options ask for, by name.
pub(super) struct Wanted<'o> {
    /// The property names, in the order their values are returned.
    pub(super) names: Vec<&'o str>,
    /// Keep every property (as the full reader's `JsonObject`).
    pub(super) keep_all: bool,
}

/// A point feature read by the fast path.
pub(super) struct FastFeature<'a> {
    pub(super) x: f64,
    pub(super) y: f64,
    /// The wanted properties' values, in the order of [`Wanted::names`]
    /// (`None` for a property the feature lacks).
    pub(super) values: Vec<Option<Value>>,
    /// Every property, when [`Wanted::keep_all`].
    pub(super) all: Option<JsonObject>,
    /// The feature's `id` member, if it has one: a string or a number.
    pub(super) id: Option<&'a RawValue>,
}

/// Reads `raw` (one feature's JSON text) by the fast path, or `None` when
/// the full reader must, or when `raw` is not one whole JSON value.
pub(super) fn fast_point<'a>(raw: &'a str, wanted: &Wanted<'_>) -> Option<FastFeature<'a>> {
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    let feature = FeatureSeed { wanted }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    feature
}

struct FeatureSeed<'w, 'o> {
    wanted: &'w Wanted<'o>,
}

/// A value that makes the fast path give up.
#[derive(Debug)]
struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not the common case")
    }
}

fn give_up<E: de::Error>() -> E {
    E::custom(GiveUp)
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_, '_> {
    type Value = Option<FastFeature<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_, '_> {
    type Value = Option<FastFeature<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON Feature")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut kind, mut point, mut properties, mut id) = (false, None, None, None);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "type" if !kind => {
                    if map.next_value::<&str>()? != "Feature" {
                        return Err(give_up());
                    }
                    kind = true;
                }
                "geometry" if point.is_none() => point = Some(map.next_value_seed(PointSeed)?),
                "properties" if properties.is_none() => {
                    properties = Some(map.next_value_seed(PropertiesSeed { wanted: self.wanted })?);
                }
                "id" if id.is_none() => {
                    let raw: &RawValue = map.next_value()?;
                    if !matches!(raw.get().as_bytes().first(), Some(b'"' | b'-' | b'0'..=b'9')) {
                        return Err(give_up());
                    }
                    id = Some(raw);
                }
                _ => return Err(give_up()),
            }
        }
        let (Some((x, y)), true) = (point, kind) else {
            return Err(give_up());
        };
        let (values, all) = properties.unwrap_or_else(|| {
            (
                vec![None; self.wanted.names.len()],
                self.wanted.keep_all.then(JsonObject::new),
            )
        });
        Ok(Some(FastFeature {
            x,
            y,
            values,
            all,
            id,
        }))
    }
}

/// A `Point` geometry object: its x and y.
struct PointSeed;

impl<'de> DeserializeSeed<'de> for PointSeed {
    type Value = (f64, f64);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PointSeed {
    type Value = (f64, f64);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Point geometry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut kind, mut xy) = (false, None);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "type" if !kind => {
                    if map.next_value::<&str>()? != "Point" {
                        return Err(give_up());
                    }
                    kind = true;
                }
                "coordinates" if xy.is_none() => xy = Some(map.next_value_seed(PositionSeed)?),
                _ => return Err(give_up()),
            }
        }
        match (kind, xy) {
            (true, Some(xy)) => Ok(xy),
            _ => Err(give_up()),
        }
    }
}

/// A position of two or three numbers: its x and y.
struct PositionSeed;

impl<'de> DeserializeSeed<'de> for PositionSeed {
    type Value = (f64, f64);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PositionSeed {
    type Value = (f64, f64);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a position")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let x: f64 = seq.next_element()?.ok_or_else(give_up)?;
        let y: f64 = seq.next_element()?.ok_or_else(give_up)?;
        // A third number (the height) is allowed and ignored, as the full
        // reader does; more are left to it.
        let _z: Option<f64> = seq.next_element()?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(give_up());
        }
        Ok((x, y))
    }
}

/// A `properties` object (or null): the wanted values, and all of them
/// when asked.
struct PropertiesSeed<'w, 'o> {
    wanted: &'w Wanted<'o>,
}

type Properties = (Vec<Option<Value>>, Option<JsonObject>);

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_, '_> {
    type Value = Properties;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_, '_> {
    type Value = Properties;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a properties object or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((
            vec![None; self.wanted.names.len()],
            self.wanted.keep_all.then(JsonObject::new),
        ))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if self.wanted.keep_all {
            // Every property, as the full reader keeps them; the wanted
            // ones are then looked up in that object.
            let all = JsonObject::deserialize(deserializer)?;
            let values = self
                .wanted
                .names
                .iter()
                .map(|name| all.get(*name).cloned())
                .collect();
            return Ok((values, Some(all)));
        }
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values: Vec<Option<Value>> = vec![None; self.wanted.names.len()];
        while let Some(key) = map.next_key::<&str>()? {
            match self.wanted.names.iter().position(|name| *name == key) {
                Some(k) if values[k].is_none() => values[k] = Some(map.next_value::<Value>()?),
                // The same property twice: the full reader keeps the last.
                Some(_) => return Err(give_up()),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((values, None))
    }
}

use serde::Deserialize;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).unwrap()
    }

    #[test]
    fn the_common_point_is_read() {
        let wanted = Wanted {
            names: vec!["weight", "id"],
            keep_all: false,
        };
        let text = raw(
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[127.5,37.25,12]},"properties":{"weight":2.5,"other":[1,{"a":2}],"id":"P1"},"id":7}"#,
        );
        let feature = fast_point(text.get(), &wanted).unwrap();
        assert_eq!((feature.x, feature.y), (127.5, 37.25));
        assert_eq!(feature.values[0], Some(Value::from(2.5)));
        assert_eq!(feature.values[1], Some(Value::from("P1")));
        assert_eq!(feature.id.map(RawValue::get), Some("7"));
        assert!(feature.all.is_none());
    }

    #[test]
    fn anything_else_is_left_to_the_full_reader() {
        let wanted = Wanted {
            names: vec!["weight"],
            keep_all: false,
        };
        for text in [
            r#"{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[1,2]]},"properties":null}"#,
            r#"{"type":"Feature","geometry":null,"properties":null}"#,
            r#"{"type":"Feature","properties":null}"#,
            r#"{"type":"feature","geometry":{"type":"Point","coordinates":[1,2]}}"#,
            r#"{"geometry":{"type":"Point","coordinates":[1,2]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,3,4]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"bbox":[1,2,1,2]}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"id":[1]}"#,
            r#"{"type":"Feature","type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"weight":1,"weight":2}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":[1]}"#,
        ] {
            assert!(fast_point(raw(text).get(), &wanted).is_none(), "{text}");
        }
    }

    #[test]
    fn all_properties_are_kept_when_asked() {
        let wanted = Wanted {
            names: vec!["site_id"],
            keep_all: true,
        };
        let text = raw(
            r#"{"type":"Feature","properties":{"site_id":"A","h":[1,2]},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
        );
        let feature = fast_point(text.get(), &wanted).unwrap();
        assert_eq!(feature.values, vec![Some(Value::from("A"))]);
        assert_eq!(feature.all.unwrap().len(), 2);
        let text =
            raw(r#"{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[1,2]}}"#);
        let feature = fast_point(text.get(), &wanted).unwrap();
        assert_eq!(feature.values, vec![None]);
        assert_eq!(feature.all.unwrap().len(), 0);
    }
}
