//! The most frequent words of records that matched no category, so that
//! an analyst can extend the categories without reading the complaints.
//!
//! A word is shown only when it is common ground: held by at least
//! [`MIN_RECORDS`] records at [`MIN_RECORDS`] or more places, so that a
//! person who signs several complaints about their street with their name
//! is not named. Email addresses, web addresses and anything holding a
//! digit (phone numbers) never count as words, nor does a word ending as
//! a name does in a sentence (`김철수님`, `홍길동씨`, `김철수입니다`), nor
//! a word beside a name marker (`민원인 김철수`, `김철수 드림`) or beside
//! an email address or phone number.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

/// A word is shown only when at least this many records hold it, at at
/// least this many places: a word of one or two complaints, or of one
/// place, could be part of someone's name or story.
pub(crate) const MIN_RECORDS: usize = 3;

/// Words that introduce or sign off a name (`민원인 김철수`, `김철수 드림`):
/// the words beside them are never counted.
const NAME_MARKERS: &[&str] = &[
    "민원인",
    "신고인",
    "신고자",
    "제보자",
    "작성자",
    "성명",
    "이름",
    "본인",
    "저는",
    "제이름은",
    "드림",
    "올림",
    "배상",
    "연락처",
    "name",
];

/// Endings of a word that is a name in a sentence (`김철수입니다`,
/// `홍길동님`, `이영희씨`).
const NAME_ENDINGS: &[&str] = &["님", "씨", "입니다", "이에요", "예요", "드림", "올림"];

/// Whether a chunk of text (between white space) identifies someone by
/// itself: an email or web address, or a phone number (seven digits or
/// more).
fn identifying(chunk: &str) -> bool {
    chunk.contains('@')
        || chunk.contains("http")
        || chunk.contains("www.")
        || chunk.chars().filter(char::is_ascii_digit).count() >= 7
}

/// The words of a text: NFKC, lower case, split at every character that is
/// neither a letter nor a digit; words of fewer than two characters and
/// words holding a digit (numbers, phone numbers, lot numbers) are left
/// out; so are email and web addresses and phone numbers whole, a word
/// with a name's ending (`김철수님`, `김철수입니다`), and the words right
/// beside a name marker (`민원인`, `드림`, `연락`...) or beside an email
/// address or a phone number, where names stand.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let normalised: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let chunks: Vec<&str> = normalised
        .split(|c: char| c.is_whitespace() || c == '\u{1f}')
        .filter(|chunk| !chunk.is_empty())
        .collect();
    let letters = |chunk: &str| -> String { chunk.chars().filter(|c| c.is_alphanumeric()).collect() };
    let marks = |chunk: &str| identifying(chunk) || NAME_MARKERS.contains(&letters(chunk).as_str());
    let mut words = Vec::new();
    for (k, chunk) in chunks.iter().enumerate() {
        let beside_a_mark =
            (k > 0 && marks(chunks[k - 1])) || chunks.get(k + 1).is_some_and(|next| marks(next));
        if identifying(chunk) || beside_a_mark {
            continue;
        }
        words.extend(
            chunk
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 2 && !w.chars().any(|c| c.is_numeric()))
                .filter(|w| !(w.chars().count() >= 3 && NAME_ENDINGS.iter().any(|end| w.ends_with(end))))
                .map(str::to_owned),
        );
    }
    words.into_iter()
}

/// The `top` words held by the most texts, each with the number of texts
/// holding it; only words held by at least [`MIN_RECORDS`] texts at
/// [`MIN_RECORDS`] or more places (each text comes with its place: an
/// address or a rounded position; texts of no known place share one);
/// ties in word order.
pub(crate) fn frequent(texts: impl Iterator<Item = (String, String)>, top: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, (usize, HashSet<String>)> = HashMap::new();
    for (text, place) in texts {
        let distinct: HashSet<String> = words(&text).collect();
        for word in distinct {
            let (n, places) = counts.entry(word).or_default();
            *n += 1;
            if places.len() < MIN_RECORDS {
                places.insert(place.clone());
            }
        }
    }
    let mut frequent: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, (n, places))| *n >= MIN_RECORDS && places.len() >= MIN_RECORDS)
        .map(|(word, (n, _))| (word, n))
        .collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    frequent.truncate(top);
    frequent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_places(texts: &[&str]) -> Vec<(String, String)> {
        texts
            .iter()
            .enumerate()
            .map(|(k, t)| (t.to_string(), k.to_string()))
            .collect()
    }

    #[test]
    fn words_of_fewer_records_than_the_minimum_and_numbers_are_left_out() {
        let texts = [
            "도로 파손 보수 요청 010-1234-5678",
            "도로 파손, 연락 주세요",
            "ＤＯＲＯ 도로 파손",
            "홍길동입니다 도로",
        ];
        let top = frequent(at_places(&texts).into_iter(), 10);
        assert_eq!(top, vec![("도로".to_owned(), 4), ("파손".to_owned(), 3)]);
    }

    #[test]
    fn a_word_counts_once_per_record() {
        let texts = ["쓰레기 쓰레기 쓰레기", "쓰레기", "기타"];
        assert!(frequent(at_places(&texts).into_iter(), 10).is_empty());
    }

    #[test]
    fn a_name_beside_a_marker_or_an_email_is_never_shown_wherever_it_is() {
        // The reviewer's case: one person's three complaints, 90 m apart.
        let texts = [
            "소음이 심합니다. 민원인 김철수 연락 hong.gildong@naver.com",
            "층간 소음 문제, 김철수 드림 hong.gildong@naver.com",
            "소음 해결 부탁 김철수 hong.gildong@naver.com",
            "소음 때문에 잠을 못 잡니다 이영희입니다 010-0000-1234",
            "소음 신고 박민수님",
        ];
        let top = frequent(at_places(&texts).into_iter(), 10);
        // `소음이` is another word; no name, email or phone number.
        assert_eq!(top, vec![("소음".to_owned(), 4)], "{top:?}");
    }

    #[test]
    fn a_signature_at_one_place_emails_and_honorifics_are_never_shown() {
        let signed = "의자 파손 김철수 hong.gildong@naver.com 홍길동님";
        let texts = vec![
            (signed.to_owned(), "중앙로 12".to_owned()),
            (signed.to_owned(), "중앙로 12".to_owned()),
            (signed.to_owned(), "중앙로 12".to_owned()),
            (
                "의자 파손 홍길동님 http://example.invalid/a".to_owned(),
                "새빛로 3".to_owned(),
            ),
            ("의자 파손 www.example.invalid".to_owned(), "누리로 7".to_owned()),
        ];
        let top = frequent(texts.into_iter(), 10);
        // `파손` stands beside a web address in two of its records, and
        // is not counted there: two places are left, too few.
        assert_eq!(top, vec![("의자".to_owned(), 5)]);
    }
}
