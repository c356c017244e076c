//! Category rules as properties: spacing, case and width never change a
//! match; the first matching category wins; an exclude word always
//! removes its category.

use proptest::prelude::*;
use sightline_demand::records::Categories;

/// Letters with a one-to-one case mapping, Hangul syllables and digits:
/// what complaint texts are made of.
const ALPHABET: &[char] = &[
    'a', 'b', 'c', 't', 'v', 'A', 'B', 'C', 'T', 'V', 'é', 'É', 'ü', 'Ü', '1', '2', '가', '로', '등', '무',
    '서', '워', '요', '방', '범', '쓰', '레', '기', '설', '치', '완', '료',
];

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..4).prop_map(|c| c.into_iter().collect())
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..40).prop_map(|c| c.into_iter().collect())
}

/// A category file of 1 to 5 categories, with keywords and excludes drawn
/// from the same alphabet.
/// Each category's keywords and exclude words.
type Spec = Vec<(Vec<String>, Vec<String>)>;

fn categories() -> impl Strategy<Value = (Spec, Categories)> {
    prop::collection::vec((prop::collection::vec(word(), 1..4), prop::collection::vec(word(), 0..2)), 1..6)
        .prop_map(|spec| {
            let mut toml = String::new();
            for (i, (keywords, exclude)) in spec.iter().enumerate() {
                toml.push_str(&format!(
                    "[[category]]\nname = \"c{i}\"\nweight = {i}.5\nkeywords = {keywords:?}\nexclude = {exclude:?}\n"
                ));
            }
            let categories = Categories::from_toml(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
            (spec, categories)
        })
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// The rule, written the slow and obvious way.
fn expected(spec: &[(Vec<String>, Vec<String>)], text: &str) -> Option<usize> {
    let text = lower(text);
    spec.iter().position(|(keywords, exclude)| {
        keywords.iter().any(|k| text.contains(&lower(k))) && !exclude.iter().any(|e| text.contains(&lower(e)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn first_matching_category_wins((spec, categories) in categories(), text in text()) {
        prop_assert_eq!(categories.classify(&text), expected(&spec, &text));
    }

    #[test]
    fn spaces_case_and_width_never_change_the_category(
        (_spec, categories) in categories(),
        text in text(),
        spaces in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![' ', '\t', '\n', '\u{3000}', '\u{a0}'])), 0..6),
        flips in prop::collection::vec(any::<bool>(), 40),
        wide in prop::collection::vec(any::<bool>(), 40),
    ) {
        let want = categories.classify(&text);
        let mut chars: Vec<char> = text
            .chars()
            .zip(flips.iter().chain(std::iter::repeat(&false)))
            .zip(wide.iter().chain(std::iter::repeat(&false)))
            .map(|((c, &flip), &wide)| {
                let c = if flip && c.is_lowercase() { c.to_uppercase().next().unwrap_or(c) }
                    else if flip { c.to_lowercase().next().unwrap_or(c) } else { c };
                // Full-width forms of ASCII letters and digits (NFKC folds them back).
                if wide && c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c }
            })
            .collect();
        for (at, space) in spaces {
            chars.insert(at.index(chars.len() + 1), space);
        }
        let changed: String = chars.into_iter().collect();
        prop_assert_eq!(categories.classify(&changed), want, "{:?} -> {:?}", text, changed);
    }

    #[test]
    fn an_exclude_word_always_removes_its_category(
        (spec, categories) in categories(),
        text in text(),
        pick in any::<prop::sample::Index>(),
        exclude in word(),
    ) {
        // Give the matched category (if any) an exclude word and put it in
        // the text: the record must leave that category.
        let Some(matched) = categories.classify(&text) else { return Ok(()) };
        let mut spec = spec;
        let word = spec[matched].1.first().cloned().unwrap_or(exclude);
        if spec[matched].1.is_empty() {
            spec[matched].1.push(word.clone());
        }
        let at = pick.index(text.chars().count() + 1);
        let with_word: String = text.chars().take(at).chain(word.chars()).chain(text.chars().skip(at)).collect();
        let mut toml = String::new();
        for (i, (keywords, exclude)) in spec.iter().enumerate() {
            toml.push_str(&format!(
                "[[category]]\nname = \"c{i}\"\nweight = 1.0\nkeywords = {keywords:?}\nexclude = {exclude:?}\n"
            ));
        }
        let categories = Categories::from_toml(&toml).unwrap_or_else(|e| panic!("{e}"));
        let now = categories.classify(&with_word);
        prop_assert_ne!(now, Some(matched));
        // Where it goes next is the rule's to say (a later category, none,
        // or an earlier one if the word carries its keyword).
        prop_assert_eq!(now, expected(&spec, &with_word));
    }
}
