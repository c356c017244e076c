//! Text normalisation shared by categories and addresses.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The form in which complaint texts and category words are compared:
/// Unicode NFKC, then lower case, then every whitespace character removed.
///
/// NFKC folds the forms a keyboard or an export may produce for the same
/// word (full-width `ＣＣＴＶ`, half-width forms, compatibility jamo) into
/// one; lower casing uses Unicode's full mapping (`char::to_lowercase`);
/// whitespace is what `char::is_whitespace` says (so the ideographic space
/// U+3000 and no-break spaces go too). A word then matches a text when it
/// occurs in it as a substring, wherever the writer put spaces.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::normalize;
///
/// assert_eq!(normalize("ＣＣＴＶ 설치\u{3000}요청"), "cctv설치요청");
/// assert_eq!(normalize("씨씨 티비"), normalize("씨씨티비"));
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a buffer the caller reuses (cleared first), so that
/// classifying millions of texts allocates nothing per text.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    // ASCII and Hangul syllables are already NFKC and fold alone: most
    // complaint texts are only these, and take one pass without any
    // normalisation table look-up.
    for c in text.chars() {
        if c.is_ascii() {
            if !c.is_ascii_whitespace() && c != '\u{b}' {
                out.push(c.to_ascii_lowercase());
            }
        } else if is_hangul_syllable(c) {
            out.push(c);
        } else {
            out.clear();
            if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
                push_folded(text.chars(), out);
            } else {
                push_folded(text.nfkc(), out);
            }
            return;
        }
    }
}

/// `text` in NFKC, borrowed when it already is (ASCII and Hangul
/// syllables are checked without a table look-up).
pub(crate) fn nfkc(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| c.is_ascii() || is_hangul_syllable(c))
        || is_nfkc_quick(text.chars()) == IsNormalized::Yes
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn push_folded(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        if is_hangul_syllable(c) {
            // Hangul syllables have no case and are never whitespace.
            out.push(c);
        } else if !c.is_whitespace() {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_spaces() {
        assert_eq!(normalize(" Ａb\tC\u{a0}d "), "abcd");
        assert_eq!(normalize("가로등이 어두워요"), "가로등이어두워요");
        // Half-width Hangul letters become the same jamo as full-width ones.
        assert_eq!(normalize("\u{FFA1}"), normalize("\u{3131}"));
        assert_eq!(normalize(""), "");
        // The one-pass path and the general one agree on ASCII whitespace.
        for b in 0u8..128 {
            let c = b as char;
            assert_eq!(
                normalize(&format!("가{c}")),
                normalize(&format!("é{c}")).replace('é', "가"),
                "{b}"
            );
        }
    }
}
