//! A large FeatureCollection split into its features in parallel.
//!
//! serde_json splits a file in one pass on one core. Here the features
//! array is cut at every `}`, `,`, `{` (with whitespace between) in
//! parallel, and each piece is checked to be one JSON value, in parallel.
//! That is the split serde_json makes: a JSON value has one end, so when
//! the first piece (starting at the first element) is a whole value it is
//! the first element, and so on; a cut inside a string or a nested object
//! leaves a piece that is not a value. The members around the array are
//! checked by parsing the file's text with the array replaced by `[0]`,
//! which must be the `features` member that parse finds. Anything
//! unexpected gives `None`, and the caller splits with serde_json alone,
//! which gives the same features or the file's error.

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::TopLevel;

/// Files smaller than this are split by serde_json alone.
const PARALLEL_FROM: usize = 4 << 20;

/// Bytes per task when looking for cuts.
const CHUNK_BYTES: usize = 1 << 20;

/// More brackets than this in a piece, and the piece might be nested
/// deeper than serde_json's recursion limit allows inside the file.
const MAX_BRACKETS: usize = 100;

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while text.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    at
}

/// The cuts between `start` and `end`: for each comma with only
/// whitespace between it and a `}` before and a `{` after, the end of the
/// piece before (after the `}`) and the start of the next (the `{`).
fn cuts(text: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for comma in memchr::memchr_iter(b',', &text[start..end]).map(|k| start + k) {
        let mut before = comma;
        while before > 0 && is_space(text[before - 1]) {
            before -= 1;
        }
        if before == 0 || text[before - 1] != b'}' {
            continue;
        }
        let after = skip_space(text, comma + 1);
        if text.get(after) == Some(&b'{') {
            found.push((before, after));
        }
    }
    found
}

/// One whole JSON value, not nested too deep.
fn value(piece: &[u8]) -> Option<&RawValue> {
    if too_deep(piece) {
        return None;
    }
    serde_json::from_slice(piece).ok()
}

/// The top-level object with its features, split in parallel; `None` when
/// serde_json should split it.
pub(super) fn parallel(text: &[u8]) -> Option<TopLevel<'_>> {
    let outline = pieces(text)?;
    let features = outline
        .pieces
        .par_iter()
        .map(|piece| value(piece))
        .collect::<Option<Vec<_>>>()?;
    Some(TopLevel {
        kind: outline.kind,
        features,
        crs: outline.crs,
    })
}

/// The top-level object of a large FeatureCollection, its features cut
/// apart but not yet checked: each piece is a feature exactly when it is
/// one whole JSON value (see the module's notes), which whoever reads the
/// pieces must check, by [`value`] or by reading each as a whole value.
pub(crate) struct Outline<'a> {
    /// The `type` member.
    pub(crate) kind: Option<String>,
    /// The `crs` member.
    pub(crate) crs: Option<serde_json::Value>,
    /// Each feature's text, if every piece is one JSON value.
    pub(crate) pieces: Vec<&'a [u8]>,
}

/// More brackets than [`MAX_BRACKETS`] in `piece`: it might be nested
/// deeper than serde_json allows inside the file.
pub(crate) fn too_deep(piece: &[u8]) -> bool {
    memchr::memchr2_iter(b'{', b'[', piece).count() > MAX_BRACKETS
}

/// The features array of `text` cut at its candidate boundaries, and the
/// members around it (checked); `None` when serde_json should split it.
pub(crate) fn pieces(text: &[u8]) -> Option<Outline<'_>> {
    if text.len() < PARALLEL_FROM {
        return None;
    }
    let key = memchr::memmem::find(text, b"\"features\"")?;
    let colon = skip_space(text, key + b"\"features\"".len());
    (text.get(colon) == Some(&b':')).then_some(())?;
    let open = skip_space(text, colon + 1);
    (text.get(open) == Some(&b'[')).then_some(())?;
    let first = skip_space(text, open + 1);
    (text.get(first) == Some(&b'{')).then_some(())?;
    let cuts: Vec<(usize, usize)> = (first..text.len())
        .step_by(CHUNK_BYTES)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| cuts(text, start, (start + CHUNK_BYTES).min(text.len())))
        .flatten()
        .collect();
    let starts: Vec<usize> = std::iter::once(first).chain(cuts.iter().map(|c| c.1)).collect();
    let last = *starts.last()?;
    let mut pieces: Vec<&[u8]> = cuts
        .iter()
        .enumerate()
        .map(|(k, &(end, _))| &text[starts[k]..end])
        .collect();
    let mut deserializer = serde_json::Deserializer::from_slice(&text[last..]);
    let tail = <&RawValue>::deserialize(&mut deserializer).ok()?;
    let end = last + tail.get().len();
    pieces.push(&text[last..end]);
    let close = skip_space(text, end);
    (text.get(close) == Some(&b']')).then_some(())?;
    // The members around the array, with `[0]` for it.
    let mut outline = Vec::with_capacity(open + 3 + text.len() - close);
    outline.extend_from_slice(&text[..open]);
    outline.extend_from_slice(b"[0]");
    outline.extend_from_slice(&text[close + 1..]);
    let top: TopLevel<'_> = serde_json::from_slice(&outline).ok()?;
    match top.features.as_slice() {
        [zero] if zero.get() == "0" && std::ptr::eq(zero.get().as_ptr(), &outline[open + 1]) => {}
        _ => return None,
    }
    Some(Outline {
        kind: top.kind,
        crs: top.crs,
        pieces,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A collection of `count` features with `extra` members around.
    fn collection(count: usize, property: &str, before: &str, after: &str) -> String {
        let feature = format!(
            r#"{{"type": "Feature", "properties": {{"p": {property}}}, "geometry": {{"type": "Point", "coordinates": [1.5, 2]}}}}"#
        );
        let features = vec![feature; count].join(",\n ");
        format!(r#"{{"type": "FeatureCollection", {before}"features": [ {features} ]{after}}}"#)
    }

    fn serde_split(text: &str) -> Vec<&str> {
        let top: TopLevel<'_> = serde_json::from_str(text).unwrap();
        top.features.iter().map(|raw| raw.get()).collect()
    }

    #[test]
    fn the_split_is_serde_json_s() {
        let count = PARALLEL_FROM / 100 + 10;
        for (property, before, after) in [
            ("1", "", ""),
            (r#""a}, {b""#, "", r#", "crs": null"#),
            (r#"[{"a": 1}, {"b": 2}]"#, r#""name": "x", "#, ""),
        ] {
            let text = collection(count, property, before, after);
            let serde = serde_split(&text);
            match parallel(text.as_bytes()) {
                Some(top) => {
                    let parallel: Vec<&str> = top.features.iter().map(|raw| raw.get()).collect();
                    assert_eq!(parallel, serde, "{property}");
                    assert_eq!(top.kind.as_deref(), Some("FeatureCollection"));
                }
                // A cut inside a string or a nested object: serde_json splits.
                None => assert_ne!(property, "1"),
            }
        }
    }

    #[test]
    fn anything_unexpected_is_left_to_serde_json() {
        let count = PARALLEL_FROM / 100 + 10;
        let nested = collection(count, "1", r#""meta": {"features": [{"a": 1}]}, "#, "");
        assert!(parallel(nested.as_bytes()).is_none());
        let twice = collection(count, "1", "", r#", "features": []"#);
        assert!(parallel(twice.as_bytes()).is_none());
        let broken = collection(count, "1", "", "").replacen("1.5", "1.5.", 7);
        assert!(parallel(broken.as_bytes()).is_none());
        let trailing = collection(count, "1", "", "").replace(" ]}", ", 1]}");
        assert!(parallel(trailing.as_bytes()).is_none());
        assert!(parallel(collection(3, "1", "", "").as_bytes()).is_none());
    }
}
