//! A plain point feature read straight from its flatbuffer bytes: the
//! fast path of the point reader, for the common case of a Point geometry
//! (one x, y pair) with the header's columns.
//!
//! Decoding a feature through the generated accessors first runs
//! flatbuffers' verifier over it, which costs more than the reading. Here
//! each offset read is checked as the verifier checks it (in the buffer,
//! aligned as the verifier asks), so a feature accepted here is one the
//! verifier accepts; anything else (a feature with its own columns, z or m
//! values, parts, ring ends, a misaligned or out-of-range offset) gives
//! `None`, and the caller reads that feature the general way, which gives
//! the same result or the error.

/// The parts of a plain point feature.
#[derive(Debug, PartialEq)]
pub(crate) struct PlainPoint<'a> {
    pub(crate) x: f64,
    pub(crate) y: f64,
    /// The properties' bytes (empty without properties).
    pub(crate) properties: &'a [u8],
}

/// A table in `buffer`: its position and its vtable's.
struct Table {
    at: usize,
    vtable: usize,
    vtable_len: usize,
}

fn u16_at(buffer: &[u8], at: usize) -> Option<usize> {
    if !at.is_multiple_of(2) {
        return None;
    }
    let word: [u8; 2] = buffer.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(usize::from(u16::from_le_bytes(word)))
}

fn u32_at(buffer: &[u8], at: usize) -> Option<usize> {
    if !at.is_multiple_of(4) {
        return None;
    }
    let word: [u8; 4] = buffer.get(at..at.checked_add(4)?)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(word)).ok()
}

fn f64_at(buffer: &[u8], at: usize) -> Option<f64> {
    let word: [u8; 8] = buffer.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(f64::from_le_bytes(word))
}

impl Table {
    /// The table that the unsigned offset at `at` points to.
    fn follow(buffer: &[u8], at: usize) -> Option<Table> {
        let at = at.checked_add(u32_at(buffer, at)?)?;
        let soffset = i32::from_le_bytes(buffer.get(at..at.checked_add(4)?)?.try_into().ok()?);
        if !at.is_multiple_of(4) {
            return None;
        }
        let vtable = if soffset > 0 {
            at.checked_sub(soffset.unsigned_abs() as usize)?
        } else {
            at.checked_add(soffset.unsigned_abs() as usize)?
        };
        let vtable_len = u16_at(buffer, vtable)?;
        if !vtable_len.is_multiple_of(2) || vtable.checked_add(vtable_len)? > buffer.len() {
            return None;
        }
        Some(Table {
            at,
            vtable,
            vtable_len,
        })
    }

    /// Where field `field` (0-based) is, when present.
    fn field(&self, buffer: &[u8], field: usize) -> Option<Option<usize>> {
        let slot = 4 + 2 * field;
        if slot >= self.vtable_len {
            return Some(None);
        }
        match u16_at(buffer, self.vtable + slot)? {
            0 => Some(None),
            offset => Some(Some(self.at + offset)),
        }
    }

    fn absent(&self, buffer: &[u8], field: usize) -> bool {
        self.field(buffer, field) == Some(None)
    }
}

/// The range of the vector that the offset at `at` points to, of
/// elements of `size` bytes aligned to `size`.
fn vector(buffer: &[u8], at: usize, size: usize) -> Option<std::ops::Range<usize>> {
    let at = at.checked_add(u32_at(buffer, at)?)?;
    let len = u32_at(buffer, at)?;
    let start = at + 4;
    let end = start.checked_add(len.checked_mul(size)?)?;
    (start.is_multiple_of(size) && end <= buffer.len()).then_some(start..end)
}

// The fields of FlatGeobuf's Feature and Geometry tables.
const FEATURE_GEOMETRY: usize = 0;
const FEATURE_PROPERTIES: usize = 1;
const FEATURE_COLUMNS: usize = 2;
const GEOMETRY_ENDS: usize = 0;
const GEOMETRY_XY: usize = 1;
const GEOMETRY_TYPE: usize = 6;
const GEOMETRY_PARTS: usize = 7;

/// The feature (its flatbuffer with the size prefix) as a plain point, or
/// `None` when it must be read the general way.
pub(crate) fn plain_point(feature: &[u8]) -> Option<PlainPoint<'_>> {
    let table = Table::follow(feature, 4)?;
    if !table.absent(feature, FEATURE_COLUMNS) {
        return None;
    }
    let properties = match table.field(feature, FEATURE_PROPERTIES)? {
        Some(at) => &feature[vector(feature, at, 1)?],
        None => &[][..],
    };
    let geometry = Table::follow(feature, table.field(feature, FEATURE_GEOMETRY)??)?;
    // Ends, z, m, t, tm and parts: none.
    let others = [GEOMETRY_ENDS, 2, 3, 4, 5, GEOMETRY_PARTS];
    if !others.iter().all(|&field| geometry.absent(feature, field)) {
        return None;
    }
    if let Some(at) = geometry.field(feature, GEOMETRY_TYPE)? {
        feature.get(at)?;
    }
    let xy = vector(feature, geometry.field(feature, GEOMETRY_XY)??, 8)?;
    if xy.len() != 16 {
        return None;
    }
    Some(PlainPoint {
        x: f64_at(feature, xy.start)?,
        y: f64_at(feature, xy.start + 8)?,
        properties,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A size-prefixed feature of one point, built by the flatgeobuf
    /// crate's own builder types.
    fn point_feature(xy: &[f64], properties: &[u8], z: bool) -> Vec<u8> {
        let mut builder = flatbuffers::FlatBufferBuilder::new();
        let xy = builder.create_vector(xy);
        let zs = z.then(|| builder.create_vector(&[1.0]));
        let geometry = flatgeobuf::Geometry::create(
            &mut builder,
            &flatgeobuf::GeometryArgs {
                xy: Some(xy),
                z: zs,
                type_: flatgeobuf::GeometryType::Point,
                ..Default::default()
            },
        );
        let properties = builder.create_vector(properties);
        let feature = flatgeobuf::Feature::create(
            &mut builder,
            &flatgeobuf::FeatureArgs {
                geometry: Some(geometry),
                properties: Some(properties),
                columns: None,
            },
        );
        builder.finish_size_prefixed(feature, None);
        builder.finished_data().to_vec()
    }

    #[test]
    fn a_plain_point_is_read_as_the_accessors_read_it() {
        let bytes = point_feature(&[126.5, 37.25], &[0, 0, 7], false);
        let plain = plain_point(&bytes).unwrap();
        let feature = flatgeobuf::size_prefixed_root_as_feature(&bytes).unwrap();
        let xy: Vec<f64> = feature.geometry().unwrap().xy().unwrap().iter().collect();
        assert_eq!((plain.x, plain.y), (xy[0], xy[1]));
        assert_eq!(plain.properties, feature.properties().unwrap().bytes());
        assert_eq!(plain.properties, &[0, 0, 7]);
    }

    #[test]
    fn anything_else_is_left_to_the_general_reader() {
        assert!(plain_point(&point_feature(&[1.0, 2.0], &[], true)).is_none());
        assert!(plain_point(&point_feature(&[1.0, 2.0, 3.0, 4.0], &[], false)).is_none());
        let bytes = point_feature(&[1.0, 2.0], &[], false);
        // Truncated anywhere: never a point the verifier would refuse.
        for end in 0..bytes.len() {
            let cut = &bytes[..end];
            if plain_point(cut).is_some() {
                assert!(flatgeobuf::size_prefixed_root_as_feature(cut).is_ok(), "{end}");
            }
        }
        assert!(plain_point(&[]).is_none());
    }
}
