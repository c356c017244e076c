//! Korean addresses read into a key: the road and building number, or the
//! dong/ri/ga and lot number, plus the districts written before them.
//!
//! The key is what two spellings of one address share: the province and
//! city may be written or not (`경기도 고양시 덕양구 …`, `경기 고양시 …`,
//! `덕양구 …`), spaces may fall anywhere between units (`중앙로123번길 12`,
//! `중앙로 123번길 12`, `토당동101-17`), lot numbers may carry `번지`
//! (`123번지`, `12번지 3호`) and a land-use letter (`1035전`), and notes
//! in brackets or after the number (`(주교동)`, `앞`, `인근`, a building
//! name, a floor) are ignored. Numbers are never loosened: `중앙로 12` is
//! not `중앙로 120` nor `중앙로 12-1`, and `산 12` (a mountain lot) is not
//! `12`.

use std::borrow::Cow;

use super::normalize::nfkc;

/// Where an address points, without its districts.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PlaceKey {
    /// Road name (with its `번길` part) or lot area (dong, ri, ga).
    pub name: Box<str>,
    pub kind: PlaceKind,
    pub main: u32,
    /// 0 when there is no sub number.
    pub sub: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PlaceKind {
    Road,
    Lot,
    MountainLot,
}

/// The districts an address names, from the largest: province, city or
/// county, gu, eup or myeon. Empty when not written.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Districts<'a> {
    pub levels: [Option<Cow<'a, str>>; 4],
}

pub(crate) struct Address<'a> {
    pub place: PlaceKey,
    pub districts: Districts<'a>,
}

pub(crate) enum Reading<'a> {
    Blank,
    Unreadable,
    Read(Address<'a>),
}

const PROVINCE: usize = 0;
const CITY: usize = 1;
const GU: usize = 2;
const TOWN: usize = 3;

/// Provinces as written in full and short, and their one name.
const PROVINCES: &[(&str, &str)] = &[
    ("경기도", "경기"),
    ("경기", "경기"),
    ("강원도", "강원"),
    ("강원특별자치도", "강원"),
    ("강원", "강원"),
    ("충청북도", "충북"),
    ("충북", "충북"),
    ("충청남도", "충남"),
    ("충남", "충남"),
    ("전라북도", "전북"),
    ("전북특별자치도", "전북"),
    ("전북", "전북"),
    ("전라남도", "전남"),
    ("전남", "전남"),
    ("경상북도", "경북"),
    ("경북", "경북"),
    ("경상남도", "경남"),
    ("경남", "경남"),
    ("제주특별자치도", "제주"),
    ("제주도", "제주"),
];

/// Metropolitan cities written without `시`: they are city-level names.
const METROPOLITAN: &[&str] = &[
    "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "제주",
];

/// Units that end the name of a road or a lot area, after which a number
/// may be glued (`토당동101-17`, `중앙로123번길12`).
fn ends_with_place_unit(name: &str) -> bool {
    name.ends_with(['동', '리', '가', '로', '길'])
}

/// Whether the text right after a digit run continues a name (`123번길`,
/// `1가`, `2동`) rather than ending a number.
fn continues_name(after_digits: &str) -> bool {
    ["번길", "길", "가", "로", "동", "리"]
        .iter()
        .any(|unit| after_digits.starts_with(unit))
}

/// Drops what is in brackets, NFKC-normalises and splits into tokens,
/// splitting numbers glued to a place unit and joining `123번길`, `1가`
/// and dangling hyphens back to what they belong to.
fn tokens(text: &str) -> Vec<String> {
    let text = nfkc(text);
    let mut cleaned = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' | '<' | '「' => {
                depth += 1;
                cleaned.push(' ');
            }
            ')' | ']' | '}' | '>' | '」' => {
                depth = depth.saturating_sub(1);
                cleaned.push(' ');
            }
            _ if depth > 0 => {}
            _ => cleaned.push(c),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for raw in cleaned.split_whitespace() {
        for piece in split_glued(raw) {
            if let Some(previous) = out.last_mut() {
                let glued =
                    (continues_road_or_area(piece) && is_name(previous) && ends_with_place_unit(previous))
                        || (previous.ends_with('-') && piece.starts_with(|c: char| c.is_ascii_digit()))
                        || (piece.starts_with('-') && previous.ends_with(|c: char| c.is_ascii_digit()));
                if glued {
                    previous.push_str(piece);
                    continue;
                }
            }
            // `중앙로 123 번길`: the number was pushed alone.
            if matches!(piece, "번길" | "길")
                && out.len() >= 2
                && is_digits(&out[out.len() - 1])
                && is_name(&out[out.len() - 2])
                && out[out.len() - 2].ends_with(['로', '길'])
                && let Some(number) = out.pop()
                && let Some(road) = out.last_mut()
            {
                road.push_str(&number);
                road.push_str(piece);
                continue;
            }
            out.push(piece.to_owned());
        }
    }
    out
}

fn is_digits(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

fn is_name(token: &str) -> bool {
    !token.is_empty() && !token.starts_with(|c: char| c.is_ascii_digit() || c == '-')
}

/// `123번길`, `3길`, `1가`: the numbered part of a road or area name.
fn continues_road_or_area(piece: &str) -> bool {
    let rest = piece.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < piece.len() && matches!(rest, "번길" | "길" | "가")
}

/// Splits a token where a number is glued to a place unit: `토당동101-17`
/// into `토당동` and `101-17`, `관산동산12` into `관산동` and `산12`,
/// `중앙로123번길12` into `중앙로123번길` and `12`; `종로1가` stays whole.
fn split_glued(token: &str) -> Vec<&str> {
    if token.starts_with(|c: char| c.is_ascii_digit()) {
        // `123번길12`: the road's number part, then the building number.
        let after_digits = token.trim_start_matches(|c: char| c.is_ascii_digit());
        let unit = ["번길", "길", "가"]
            .into_iter()
            .find(|unit| after_digits.starts_with(unit));
        if let Some(unit) = unit
            && after_digits[unit.len()..].starts_with(|c: char| c.is_ascii_digit())
        {
            let at = token.len() - after_digits.len() + unit.len();
            return vec![&token[..at], &token[at..]];
        }
        return vec![token];
    }
    for (at, c) in token.char_indices() {
        if !c.is_ascii_digit() || at == 0 {
            continue;
        }
        let (name, rest) = token.split_at(at);
        if name.ends_with(|p: char| p.is_ascii_digit()) {
            continue;
        }
        let after_digits = rest.trim_start_matches(|d: char| d.is_ascii_digit());
        if continues_name(after_digits) {
            continue;
        }
        if ends_with_place_unit(name) {
            return vec![name, rest];
        }
        if let Some(area) = name.strip_suffix('산')
            && ends_with_place_unit(area)
            && !area.is_empty()
        {
            return vec![area, &token[area.len()..]];
        }
    }
    vec![token]
}

/// A building or lot number: `12`, `12-3`, `12번지`, `12-3번지`, `1035전`,
/// then notes; `12번지 3호` takes the next token. `None` when the number
/// is not one place (`12~15`, `753-5-2`, `0`).
fn number(token: &str, next: Option<&str>) -> Option<(u32, u32)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits(token);
    let main: u32 = token[..n].parse().ok()?;
    let mut rest = &token[n..];
    if continues_name(rest) {
        return None;
    }
    let mut sub = 0;
    if let Some(after) = rest.strip_prefix('-') {
        let m = digits(after);
        sub = after[..m].parse().ok()?;
        rest = &after[m..];
        if sub == 0 {
            return None;
        }
    }
    if let Some(after) = rest.strip_prefix("번지") {
        rest = after;
        if sub == 0
            && rest.is_empty()
            && let Some(next) = next
            && let Some(ho) = next.strip_suffix('호')
            && !ho.is_empty()
            && ho.bytes().all(|b| b.is_ascii_digit())
        {
            sub = ho.parse().ok()?;
        }
    } else if let Some(after) = rest.strip_prefix('번') {
        rest = after;
    }
    let spans_places = rest.starts_with(['-', '~', ',', '.', '·', '/'])
        || rest.starts_with(|c: char| c.is_ascii_digit())
        || rest.starts_with("외");
    if main == 0 || spans_places {
        return None;
    }
    Some((main, sub))
}

fn city_name(token: &str) -> Option<&str> {
    if METROPOLITAN.contains(&token) {
        return Some(token);
    }
    for suffix in ["특별자치시", "특별시", "광역시", "시"] {
        if let Some(name) = token.strip_suffix(suffix)
            && !name.is_empty()
        {
            return Some(name);
        }
    }
    None
}

/// Reads an address into its key and districts.
pub(crate) fn read(text: &str) -> Reading<'static> {
    if text.trim().is_empty() {
        return Reading::Blank;
    }
    let tokens = tokens(text);
    let mut districts: [Option<Cow<'static, str>>; 4] = Default::default();
    // The latest road or lot area seen, waiting for its number.
    let mut pending: Option<(PlaceKind, usize)> = None;
    let mut mountain = false;
    for (i, token) in tokens.iter().enumerate() {
        let token = token.as_str();
        let numeric = token.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        let mountain_number = token
            .strip_prefix('산')
            .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        if numeric || (mountain_number.is_some() && matches!(pending, Some((PlaceKind::Lot, _)))) {
            let Some((kind, at)) = pending else {
                return Reading::Unreadable;
            };
            let (digits, mountain) = match mountain_number {
                Some(n) if !numeric => (n, true),
                _ => (token, mountain),
            };
            let Some((main, sub)) = number(digits, tokens.get(i + 1).map(String::as_str)) else {
                return Reading::Unreadable;
            };
            let kind = match kind {
                PlaceKind::Lot if mountain => PlaceKind::MountainLot,
                PlaceKind::Road if mountain => return Reading::Unreadable,
                kind => kind,
            };
            let place = PlaceKey {
                name: tokens[at].as_str().into(),
                kind,
                main,
                sub,
            };
            return Reading::Read(Address {
                place,
                districts: Districts { levels: districts },
            });
        }
        if token == "산" && matches!(pending, Some((PlaceKind::Lot, _))) {
            mountain = true;
        } else if let Some(&(_, short)) = PROVINCES.iter().find(|(name, _)| *name == token) {
            districts[PROVINCE] = Some(Cow::Borrowed(short));
        } else if token.ends_with('구') && token.chars().count() >= 2 {
            districts[GU] = Some(Cow::Owned(token.to_owned()));
        } else if token.ends_with('군') && token.chars().count() >= 2 {
            districts[CITY] = Some(Cow::Owned(token.to_owned()));
        } else if let Some(city) = city_name(token) {
            districts[CITY] = Some(Cow::Owned(city.to_owned()));
        } else if token.ends_with(['읍', '면']) && token.chars().count() >= 2 {
            districts[TOWN] = Some(Cow::Owned(token.to_owned()));
        } else if token.ends_with(['로', '길']) && token.chars().count() >= 2 {
            pending = Some((PlaceKind::Road, i));
            mountain = false;
        } else if token.ends_with(['동', '리', '가']) && token.chars().count() >= 2 {
            pending = Some((PlaceKind::Lot, i));
            mountain = false;
        }
        // Anything else is a note (a building name, `앞`) and is skipped.
    }
    Reading::Unreadable
}

#[cfg(test)]
mod tests {
    use super::*;

    type Key = (String, &'static str, u32, u32, Vec<Option<String>>);

    fn key(text: &str) -> Option<Key> {
        match read(text) {
            Reading::Read(a) => Some((
                a.place.name.to_string(),
                match a.place.kind {
                    PlaceKind::Road => "road",
                    PlaceKind::Lot => "lot",
                    PlaceKind::MountainLot => "mountain",
                },
                a.place.main,
                a.place.sub,
                a.districts
                    .levels
                    .iter()
                    .map(|l| l.as_ref().map(|s| s.to_string()))
                    .collect(),
            )),
            _ => None,
        }
    }

    fn place(text: &str) -> Option<(String, &'static str, u32, u32)> {
        key(text).map(|(n, k, m, s, _)| (n, k, m, s))
    }

    fn p(name: &str, kind: &'static str, main: u32, sub: u32) -> Option<(String, &'static str, u32, u32)> {
        Some((name.to_owned(), kind, main, sub))
    }

    #[test]
    fn districts_are_optional_and_normalised() {
        let full = key("경기도 고양시 덕양구 주교동 581");
        let Some((_, _, _, _, levels)) = &full else {
            panic!("unread")
        };
        assert_eq!(
            levels,
            &[
                Some("경기".into()),
                Some("고양".into()),
                Some("덕양구".into()),
                None
            ]
        );
        let short = key("경기 고양시 덕양구 주교동 581");
        assert_eq!(full, short);
        assert_eq!(place("덕양구 주교동 581"), p("주교동", "lot", 581, 0));
        assert_eq!(place("주교동 581"), p("주교동", "lot", 581, 0));
        let seoul = key("서울특별시 종로구 종로1가 12");
        assert_eq!(
            seoul.map(|k| (k.0, k.4[CITY].clone())),
            Some(("종로1가".into(), Some("서울".into())))
        );
        let county = key("경기도 양평군 양평읍 양근리 12");
        let Some((_, _, _, _, levels)) = county else {
            panic!("unread")
        };
        assert_eq!(levels[CITY].as_deref(), Some("양평군"));
        assert_eq!(levels[TOWN].as_deref(), Some("양평읍"));
    }

    #[test]
    fn spacing_and_road_numbers() {
        let want = p("중앙로123번길", "road", 12, 0);
        for text in [
            "중앙로 123번길 12",
            "중앙로123번길 12",
            "중앙로123번길12",
            "중앙로 123 번길 12",
            "중앙로 123번길12",
        ] {
            assert_eq!(place(text), want, "{text}");
        }
        assert_eq!(place("마상로102번길 10-3"), p("마상로102번길", "road", 10, 3));
        assert_eq!(
            place("고양시 덕양구 마상로 51 (주교동)"),
            p("마상로", "road", 51, 0)
        );
        assert_eq!(place("성사동 수역이길 100"), p("수역이길", "road", 100, 0));
        assert_eq!(place("종로 1가 12"), p("종로1가", "lot", 12, 0));
        assert_ne!(place("중앙로 12"), place("중앙로 120"));
        assert_ne!(place("중앙로 12"), place("중앙로 12-1"));
    }

    #[test]
    fn lot_numbers() {
        let want = p("토당동", "lot", 101, 17);
        for text in [
            "토당동 101-17",
            "토당동101-17",
            "토당동 101- 17",
            "토당동 101 -17",
            "토당동 101-17번지",
            "토당동 101번지 17호",
        ] {
            assert_eq!(place(text), want, "{text}");
        }
        assert_eq!(place("관산동 810번지"), p("관산동", "lot", 810, 0));
        assert_eq!(place("원당동 1035전"), p("원당동", "lot", 1035, 0));
        assert_eq!(place("성석동 725-4전"), p("성석동", "lot", 725, 4));
        let mountain = p("관산동", "mountain", 12, 3);
        for text in [
            "관산동 산 12-3",
            "관산동 산12-3",
            "관산동산12-3",
            "관산동 산 12-3번지",
        ] {
            assert_eq!(place(text), mountain, "{text}");
        }
        assert_ne!(place("관산동 산 12-3"), place("관산동 12-3"));
    }

    #[test]
    fn notes_are_ignored() {
        let want = p("주교동", "lot", 581, 0);
        for text in [
            "주교동 581 (원당초교 옆 놀이터 주변)",
            "주교동 581 앞",
            "주교동 581번지 인근",
            "주교동 581 일대",
            "(덕양구) 주교동 581 건너편",
            "주교동 581 ○○빌라 2층",
            "ＦＵＬＬ 주교동 ５８１",
        ] {
            assert_eq!(place(text), want, "{text}");
        }
    }

    #[test]
    fn never_guesses() {
        for text in [
            "주교동",
            "191224 대산전기 신설",
            "산황동 753-5-2",
            "행주외동 -262-50",
            "주교동 12~15",
            "주교동 0",
            "덕이로292번길",
            "중앙로 123번길",
            "중앙로 12길",
        ] {
            assert!(place(text).is_none(), "{text}");
        }
        assert!(matches!(read("  "), Reading::Blank));
    }
}
