//! The most frequent words of records that matched no category, so that
//! an analyst can extend the categories without reading the complaints.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

/// A word is shown only when at least this many records hold it: a word
/// of one or two complaints could be part of someone's name or story.
pub(crate) const MIN_RECORDS: usize = 3;

/// The words of a text: NFKC, lower case, split at every character that is
/// neither a letter nor a digit; words of fewer than two characters and
/// words holding a digit (numbers, phone numbers, lot numbers) are left
/// out.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let normalised: String = text.nfkc().flat_map(char::to_lowercase).collect();
    normalised
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !w.chars().any(|c| c.is_numeric()))
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The `top` words held by the most texts, each with the number of texts
/// holding it; only words held by at least [`MIN_RECORDS`] texts; ties
/// in word order.
pub(crate) fn frequent(texts: impl Iterator<Item = String>, top: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for text in texts {
        let distinct: HashSet<String> = words(&text).collect();
        for word in distinct {
            *counts.entry(word).or_default() += 1;
        }
    }
    let mut frequent: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= MIN_RECORDS).collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    frequent.truncate(top);
    frequent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_fewer_records_than_the_minimum_and_numbers_are_left_out() {
        let texts = [
            "도로 파손 보수 요청 010-1234-5678",
            "도로 파손, 연락 주세요",
            "ＤＯＲＯ 도로 파손",
            "홍길동입니다 도로",
        ];
        let top = frequent(texts.iter().map(|t| t.to_string()), 10);
        assert_eq!(top, vec![("도로".to_owned(), 4), ("파손".to_owned(), 3)]);
    }

    #[test]
    fn a_word_counts_once_per_record() {
        let texts = ["쓰레기 쓰레기 쓰레기", "쓰레기", "기타"];
        assert!(frequent(texts.iter().map(|t| t.to_string()), 10).is_empty());
    }
}
