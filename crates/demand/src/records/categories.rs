//! Complaint categories from text: keywords, excludes, first match wins.

use std::cell::RefCell;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;
use serde::Deserialize;
use thiserror::Error as ThisError;

use super::normalize::{normalize, normalize_into};

/// The built-in category file: what Korean CCTV complaints are about
/// (crime, children and school routes, women walking home, dark streets,
/// youth delinquency, illegal dumping, illegal parking, traffic safety,
/// parks, general safety), with comments in English on each category, its
/// order and weight, and how to edit the file.
pub const DEFAULT_CATEGORIES: &str = include_str!("default_categories.toml");

/// Above this many bytes of patterns the automaton is left to choose its
/// own kind: a full DFA over tens of thousands of words could take
/// hundreds of megabytes.
const DFA_PATTERN_BYTES: usize = 20_000;

/// Categories of complaints, read from a category file, that say which
/// category a complaint's text falls in and how much it weighs.
///
/// A text's category is the first category, in file order, that has a
/// keyword occurring in the text and none of its own `exclude` words;
/// texts and words are compared in [`normalize`]d form, as substrings.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::Categories;
///
/// let categories = Categories::from_toml(r#"
///     [[category]]
///     name = "방범"
///     weight = 1.0
///     keywords = ["cctv", "무서"]
///     exclude = ["설치완료"]
///
///     [[category]]
///     name = "쓰레기"
///     weight = 0.5
///     keywords = ["쓰레기"]
/// "#)?;
/// assert_eq!(categories.classify("밤에 골목이 무서워요"), Some(0));
/// assert_eq!(categories.classify("ＣＣＴＶ 설치 완료, 쓰레기는 여전"), Some(1));
/// assert_eq!(categories.classify("소음 민원"), None);
/// assert_eq!(categories.weight(Some(1)), 0.5);
/// assert_eq!(categories.weight(None), 0.0);
/// assert_eq!(categories.name(0), "방범");
/// # Ok::<(), sightline_demand::records::CategoryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Categories {
    names: Vec<String>,
    weights: Vec<f64>,
    unmatched_weight: f64,
    automaton: AhoCorasick,
    /// What each automaton pattern means: `roles[starts[p]..starts[p + 1]]`
    /// for pattern `p`, as (category, is an exclude word).
    starts: Vec<u32>,
    roles: Vec<(u32, bool)>,
}

/// A category file that cannot be used. Messages name the category (its
/// position, counted from 1 in file order, and its name), the key and the
/// line; the caller adds the file name.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::{Categories, CategoryError};
///
/// let err = Categories::from_toml("[[category]]\nname = \"a\"\nweight = 1.0\nkeywords = [\" \"]\n")
///     .unwrap_err();
/// assert!(matches!(err, CategoryError::EmptyWord { index: 0, .. }));
/// assert_eq!(
///     err.to_string(),
///     "line 2: category 1 `a`: `keywords` word 1 is empty once spaces are removed"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum CategoryError {
    /// Not TOML, or not the shape of a category file: a syntax error, an
    /// unknown key, a missing key or a value of the wrong type.
    #[error("{}{message}", at_line(*line))]
    Toml {
        /// The line (from 1) where the problem is, when known.
        line: Option<usize>,
        /// What is wrong, as the TOML reader says it.
        message: String,
    },
    /// The file defines no `[[category]]`.
    #[error("no [[category]] is defined")]
    NoCategory,
    /// A category's name is empty.
    #[error("line {line}: category {} has an empty `name`", .index + 1)]
    EmptyName {
        /// The category's position in the file, from 0.
        index: usize,
        /// The line of its name.
        line: usize,
    },
    /// Two categories have the same name.
    #[error("line {line}: category {} `{name}`: the name is already used by category {}", .index + 1, .first + 1)]
    DuplicateName {
        /// The later category's position in the file, from 0.
        index: usize,
        /// The name.
        name: String,
        /// The line of the later name.
        line: usize,
        /// The position of the first category of that name, from 0.
        first: usize,
    },
    /// A category's weight is negative, infinite or not a number.
    #[error("line {line}: category {} `{name}`: `weight` is {weight}, expected a finite number >= 0", .index + 1)]
    BadWeight {
        /// The category's position in the file, from 0.
        index: usize,
        /// Its name.
        name: String,
        /// The line of its name.
        line: usize,
        /// The weight given.
        weight: f64,
    },
    /// `unmatched_weight` is negative, infinite or not a number.
    #[error("`unmatched_weight` is {weight}, expected a finite number >= 0")]
    BadUnmatchedWeight {
        /// The weight given.
        weight: f64,
    },
    /// A category has no keyword.
    #[error("line {line}: category {} `{name}`: `keywords` is empty", .index + 1)]
    NoKeywords {
        /// The category's position in the file, from 0.
        index: usize,
        /// Its name.
        name: String,
        /// The line of its name.
        line: usize,
    },
    /// A keyword or exclude word is empty once normalised (only spaces).
    #[error("line {line}: category {} `{name}`: `{key}` word {} is empty once spaces are removed", .index + 1, .position + 1)]
    EmptyWord {
        /// The category's position in the file, from 0.
        index: usize,
        /// Its name.
        name: String,
        /// The line of its name.
        line: usize,
        /// `keywords` or `exclude`.
        key: &'static str,
        /// The word's position in that list, from 0.
        position: usize,
    },
}

fn at_line(line: Option<usize>) -> String {
    line.map(|line| format!("line {line}: ")).unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    #[serde(default)]
    unmatched_weight: f64,
    #[serde(default)]
    category: Vec<CategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    name: toml::Spanned<String>,
    weight: f64,
    keywords: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

thread_local! {
    static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
}

impl Categories {
    /// Reads a category file (TOML):
    ///
    /// ```toml
    /// unmatched_weight = 0.0   # optional, default 0
    /// [[category]]
    /// name = "방범"
    /// weight = 1.0
    /// keywords = ["cctv", "씨씨티비", "방범", "무서", "불안"]
    /// exclude = ["설치완료"]   # optional
    /// ```
    ///
    /// # Errors
    ///
    /// [`CategoryError`]: TOML syntax, unknown or missing keys, no
    /// category, an empty or repeated name, a weight that is negative or
    /// not finite, an empty keyword list, a word that is only spaces.
    pub fn from_toml(text: &str) -> Result<Self, CategoryError> {
        let file: CategoryFile = toml::from_str(text).map_err(|err| CategoryError::Toml {
            line: err.span().map(|span| line_of(text, span)),
            message: err.message().trim_end().to_owned(),
        })?;
        if !(file.unmatched_weight.is_finite() && file.unmatched_weight >= 0.0) {
            return Err(CategoryError::BadUnmatchedWeight {
                weight: file.unmatched_weight,
            });
        }
        if file.category.is_empty() {
            return Err(CategoryError::NoCategory);
        }
        let mut names: Vec<String> = Vec::with_capacity(file.category.len());
        let mut weights = Vec::with_capacity(file.category.len());
        // Normalised word -> its roles, in first-seen order.
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_roles: Vec<Vec<(u32, bool)>> = Vec::new();
        let mut pattern_index = rustc_hash::FxHashMap::<String, usize>::default();
        for (index, entry) in file.category.iter().enumerate() {
            let line = line_of(text, entry.name.span());
            let name = entry.name.get_ref().trim().to_owned();
            if name.is_empty() {
                return Err(CategoryError::EmptyName { index, line });
            }
            if let Some(first) = names.iter().position(|n| *n == name) {
                return Err(CategoryError::DuplicateName {
                    index,
                    name,
                    line,
                    first,
                });
            }
            if !(entry.weight.is_finite() && entry.weight >= 0.0) {
                return Err(CategoryError::BadWeight {
                    index,
                    name,
                    line,
                    weight: entry.weight,
                });
            }
            if entry.keywords.is_empty() {
                return Err(CategoryError::NoKeywords { index, name, line });
            }
            let category = u32::try_from(index).unwrap_or(u32::MAX);
            let lists = [
                ("keywords", &entry.keywords, false),
                ("exclude", &entry.exclude, true),
            ];
            for (key, words, is_exclude) in lists {
                for (position, word) in words.iter().enumerate() {
                    let word = normalize(word);
                    if word.is_empty() {
                        return Err(CategoryError::EmptyWord {
                            index,
                            name,
                            line,
                            key,
                            position,
                        });
                    }
                    let p = *pattern_index.entry(word).or_insert_with_key(|word| {
                        patterns.push(word.clone());
                        pattern_roles.push(Vec::new());
                        patterns.len() - 1
                    });
                    if !pattern_roles[p].contains(&(category, is_exclude)) {
                        pattern_roles[p].push((category, is_exclude));
                    }
                }
            }
            names.push(name);
            weights.push(entry.weight);
        }
        let pattern_bytes: usize = patterns.iter().map(String::len).sum();
        let kind = (pattern_bytes <= DFA_PATTERN_BYTES).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(&patterns)
            .map_err(|err| CategoryError::Toml {
                line: None,
                message: err.to_string(),
            })?;
        let mut starts = Vec::with_capacity(patterns.len() + 1);
        let mut roles = Vec::new();
        for r in pattern_roles {
            starts.push(roles.len() as u32);
            roles.extend(r);
        }
        starts.push(roles.len() as u32);
        Ok(Self {
            names,
            weights,
            unmatched_weight: file.unmatched_weight,
            automaton,
            starts,
            roles,
        })
    }

    /// The built-in categories of Korean CCTV complaints
    /// ([`DEFAULT_CATEGORIES`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_demand::records::Categories;
    ///
    /// let categories = Categories::default_korean();
    /// let crime = categories.classify("새벽에 자전거 도난이 잦아요");
    /// assert_eq!(crime.map(|c| categories.name(c)), Some("범죄"));
    /// let lights = categories.classify("가로등이 없어 밤길이 무서워요");
    /// assert_eq!(lights.map(|c| categories.name(c)), Some("어두운길·보안등"));
    /// assert_eq!(categories.classify("CCTV 설치완료 감사합니다"), None);
    /// ```
    pub fn default_korean() -> Self {
        #[allow(clippy::expect_used)]
        Self::from_toml(DEFAULT_CATEGORIES).expect("the built-in category file is valid")
    }

    /// The number of categories.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there is no category (never true for categories read from
    /// a file, which must define one).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The name of category `index` (file order, from 0).
    ///
    /// # Panics
    ///
    /// If `index` is not below [`Categories::len`].
    pub fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    /// The names of all categories, in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The weight of records that match no category.
    pub fn unmatched_weight(&self) -> f64 {
        self.unmatched_weight
    }

    /// The weight of a record in `category` (as [`Categories::classify`]
    /// returns it): the category's weight, or `unmatched_weight` for none.
    pub fn weight(&self, category: Option<usize>) -> f64 {
        category.map_or(self.unmatched_weight, |c| self.weights[c])
    }

    /// The category of a text: the first category, in file order, with a
    /// keyword occurring in the [`normalize`]d text and none of its own
    /// exclude words; `None` when no category takes it.
    pub fn classify(&self, text: &str) -> Option<usize> {
        BUFFER.with(|buffer| match buffer.try_borrow_mut() {
            Ok(mut buffer) => {
                normalize_into(text, &mut buffer);
                self.classify_normalized(&buffer)
            }
            Err(_) => self.classify_normalized(&normalize(text)),
        })
    }

    /// [`Categories::classify`] for many texts, in parallel; the result is
    /// in the order of `texts`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_demand::records::Categories;
    ///
    /// let categories = Categories::default_korean();
    /// let found = categories.classify_all(&["불법 주차 단속", "소음"]);
    /// assert_eq!(found.len(), 2);
    /// assert_eq!(found[0].map(|c| categories.name(c)), Some("불법주정차"));
    /// assert_eq!(found[1], None);
    /// ```
    pub fn classify_all<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Option<usize>> {
        texts
            .par_iter()
            .with_min_len(256)
            .map_init(String::new, |buffer, text| {
                normalize_into(text.as_ref(), buffer);
                self.classify_normalized(buffer)
            })
            .collect()
    }

    fn classify_normalized(&self, text: &str) -> Option<usize> {
        let words = self.names.len().div_ceil(64);
        if words <= 4 {
            let (mut keys, mut excludes) = ([0u64; 4], [0u64; 4]);
            self.scan(text, &mut keys[..words], &mut excludes[..words])
        } else {
            let (mut keys, mut excludes) = (vec![0u64; words], vec![0u64; words]);
            self.scan(text, &mut keys, &mut excludes)
        }
    }

    /// Marks, per category, whether a keyword and whether an exclude word
    /// occurs, then takes the first category with a keyword and no
    /// exclude word.
    fn scan(&self, text: &str, keys: &mut [u64], excludes: &mut [u64]) -> Option<usize> {
        for found in self.automaton.find_overlapping_iter(text) {
            let p = found.pattern().as_usize();
            let range = self.starts[p] as usize..self.starts[p + 1] as usize;
            for &(category, is_exclude) in &self.roles[range] {
                let (word, bit) = (category as usize / 64, category % 64);
                if is_exclude {
                    excludes[word] |= 1 << bit;
                } else {
                    keys[word] |= 1 << bit;
                }
            }
        }
        keys.iter()
            .zip(excludes.iter())
            .enumerate()
            .find_map(|(w, (k, e))| {
                let open = k & !e;
                (open != 0).then(|| w * 64 + open.trailing_zeros() as usize)
            })
    }
}

/// The line (from 1) where a byte span of `text` starts.
fn line_of(text: &str, span: Range<usize>) -> usize {
    let start = span.start.min(text.len());
    text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> CategoryError {
        match Categories::from_toml(text) {
            Ok(_) => panic!("accepted"),
            Err(err) => err,
        }
    }

    #[test]
    fn errors_name_category_key_and_line() {
        let head = "unmatched_weight = 0.5\n";
        let ok = "[[category]]\nname = \"a\"\nweight = 1.0\nkeywords = [\"x\"]\n";
        assert_eq!(
            err(&format!(
                "{head}{ok}[[category]]\nname = \"a\"\nweight = 1\nkeywords = [\"y\"]\n"
            )),
            CategoryError::DuplicateName {
                index: 1,
                name: "a".into(),
                line: 7,
                first: 0
            }
        );
        let e = err(&format!(
            "{ok}[[category]]\nname = \"b\"\nweight = -1\nkeywords = [\"y\"]\n"
        ));
        assert_eq!(
            e.to_string(),
            "line 6: category 2 `b`: `weight` is -1, expected a finite number >= 0"
        );
        let e = err("[[category]]\nname = \"b\"\nweight = nan\nkeywords = [\"y\"]\n");
        assert!(matches!(e, CategoryError::BadWeight { index: 0, .. }), "{e}");
        let e = err("[[category]]\nname = \"b\"\nweight = 1.0\nkeywords = []\n");
        assert_eq!(e.to_string(), "line 2: category 1 `b`: `keywords` is empty");
        let e = err(
            "[[category]]\nname = \"b\"\nweight = 1.0\nkeywords = [\"y\"]\nexclude = [\"z\", \"\u{3000}\"]\n",
        );
        assert_eq!(
            e.to_string(),
            "line 2: category 1 `b`: `exclude` word 2 is empty once spaces are removed"
        );
        let e = err("[[category]]\nname = \" \"\nweight = 1.0\nkeywords = [\"y\"]\n");
        assert_eq!(e, CategoryError::EmptyName { index: 0, line: 2 });
        assert_eq!(err("unmatched_weight = 0.0\n"), CategoryError::NoCategory);
        assert_eq!(
            err("unmatched_weight = -0.5\n"),
            CategoryError::BadUnmatchedWeight { weight: -0.5 }
        );
    }

    #[test]
    fn toml_errors_carry_their_line() {
        let e = err("[[category]]\nname = \"a\"\nweight = 1.0\nkeyword = [\"x\"]\n");
        let CategoryError::Toml { line, message } = &e else {
            panic!("{e}")
        };
        assert_eq!(*line, Some(4), "{e}");
        assert!(message.contains("unknown field `keyword`"), "{message}");
        let e = err("[[category]]\nname = \"a\"\nweight = \n");
        assert!(matches!(e, CategoryError::Toml { line: Some(3), .. }), "{e}");
        let e = err("[[category]]\nname = \"a\"\nkeywords = [\"x\"]\n");
        assert!(e.to_string().contains("weight"), "{e}");
    }

    #[test]
    fn words_are_normalised_and_shared() {
        let c = Categories::from_toml(
            "[[category]]\nname = \"a\"\nweight = 1.0\nkeywords = [\"ＣＣ TV\"]\nexclude = [\"완료\"]\n\
             [[category]]\nname = \"b\"\nweight = 2.0\nkeywords = [\"cctv\"]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.classify("cctv 요청"), Some(0));
        assert_eq!(c.classify("C C T V 설치 완 료"), Some(1));
        assert_eq!(c.weight(Some(1)), 2.0);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn many_categories_use_the_wide_path() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!(
                "[[category]]\nname = \"c{i}\"\nweight = 1.0\nkeywords = [\"w{i}x\"]\n"
            ));
        }
        let c = Categories::from_toml(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.classify("… w299x …"), Some(299));
        assert_eq!(c.classify("w299x w70x"), Some(70));
        assert_eq!(c.classify_all(&["w3x", "w1x"]), vec![Some(3), Some(1)]);
    }

    #[test]
    fn default_file_reads() {
        let c = Categories::default_korean();
        assert_eq!(c.len(), 10);
        let name = |t: &str| c.classify(t).map(|i| c.name(i).to_owned());
        assert_eq!(
            name("아이들 등하굣길이 위험해요").as_deref(),
            Some("어린이·통학로")
        );
        assert_eq!(
            name("쓰레기 무단투기 cctv 요청").as_deref(),
            Some("쓰레기무단투기")
        );
        assert_eq!(name("CCTV 철거 요청").as_deref(), None);
        assert_eq!(name("씨씨티비 설치해 주세요").as_deref(), Some("방범"));
    }
}
