//! Values a study writes as text (`"EPSG:5186"`, `"cp949"`,
//! `"linear:30"`, `"8G"`): serde through their `Display` and `FromStr`,
//! so each is parsed once, where it is read.

use std::fmt::Display;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

use crate::memory::MemoryLimit;

/// `Option<T>` as text: `None` is an absent key.
pub(crate) mod optional {
    use super::*;

    pub(crate) fn serialize<T: Display, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        let text = String::deserialize(deserializer)?;
        text.parse().map(Some).map_err(D::Error::custom)
    }
}

/// `Option<Vec<T>>` as a list of texts: `None` is an absent key.
pub(crate) mod optional_list {
    use super::*;

    pub(crate) fn serialize<T: Display, S: Serializer>(
        value: &Option<Vec<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(items) => serializer.collect_seq(items.iter().map(ToString::to_string)),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| text.parse().map_err(D::Error::custom))
            .collect::<Result<Vec<T>, _>>()
            .map(Some)
    }
}

/// A memory limit: text (`"8G"`, `"512MiB"`, `"auto"`, `"none"`) or a whole
/// number of bytes; written back as a number of bytes, `"auto"` or
/// `"none"`.
pub(crate) mod memory_limit {
    use super::*;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        Text(String),
        Bytes(u64),
    }

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<MemoryLimit>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(MemoryLimit::Bytes(bytes)) => serializer.serialize_u64(*bytes),
            Some(MemoryLimit::Auto) => serializer.serialize_str("auto"),
            Some(MemoryLimit::Unlimited) => serializer.serialize_str("none"),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<MemoryLimit>, D::Error> {
        match Size::deserialize(deserializer)? {
            Size::Text(text) => text.parse().map(Some).map_err(D::Error::custom),
            // Zero bytes is refused by `Study::validate`, which names the key.
            Size::Bytes(bytes) => Ok(Some(MemoryLimit::Bytes(bytes))),
        }
    }
}

/// `Option<Vec<String>>` written as one text or a list of texts: `None`
/// is an absent key; one text is a list of one.
pub(crate) mod one_or_many {
    use super::*;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Vec<String>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(items) => serializer.collect_seq(items),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<String>>, D::Error> {
        Ok(Some(match OneOrMany::deserialize(deserializer)? {
            OneOrMany::One(text) => vec![text],
            OneOrMany::Many(list) => list,
        }))
    }
}
