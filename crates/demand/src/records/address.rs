//! Korean addresses read into a key: the road and building number, or the
//! dong/ri/ga and lot number, plus the districts written before them.
//!
//! The key is what two spellings of one address share: the province and
//! city may be written or not (`경기도 고양시 덕양구 …`, `경기 고양시 …`,
//! `덕양구 …`), spaces may fall anywhere between units (`중앙로123번길 12`,
//! `중앙로 123번길 12`, `토당동101-17`), lot numbers may carry `번지`
//! (`123번지`, `12번지 3호`) and a land-use letter (`1035전`), and notes
//! in brackets or after the number (`(주교동)`, `앞`, `인근`, a building
//! name, a floor) are ignored; districts glued together (`고양시덕양구`,
//! `경기도고양시덕양구주교동123-4`) are split where exactly one split fits,
//! and `고양특례시` is `고양시`. Numbers are never loosened: `중앙로 12` is
//! not `중앙로 120` nor `중앙로 12-1`, and `산 12` (a mountain lot) is not
//! `12`. The number must follow the dong/ri/ga or road name directly and
//! be an address number: `화정동 은빛마을 6단지`, `토당동 1층`, `화정역
//! 3번 출구` are not read.

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
    ["번길", "번안길", "길", "가", "로", "동", "리"]
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
        for piece in split_glued(raw).into_iter().flat_map(split_levels) {
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
    rest.len() < piece.len() && matches!(rest, "번길" | "번안길" | "길" | "가")
}

/// Splits a token where a number is glued to a place unit: `토당동101-17`
/// into `토당동` and `101-17`, `관산동산12` into `관산동` and `산12`,
/// `중앙로123번길12` into `중앙로123번길` and `12`; `종로1가` stays whole.
fn split_glued(token: &str) -> Vec<&str> {
    if token.starts_with(|c: char| c.is_ascii_digit()) {
        // `123번길12`: the road's number part, then the building number.
        let after_digits = token.trim_start_matches(|c: char| c.is_ascii_digit());
        let unit = ["번길", "번안길", "길", "가"]
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

/// Words that may follow a number, glued or not, without being part of
/// it: where the place is relative to the address (`581앞`, `581번지 인근`).
const NOTE_WORDS: &[&str] = &[
    "앞",
    "뒤",
    "옆",
    "인근",
    "일대",
    "부근",
    "주변",
    "근처",
    "건너편",
    "맞은편",
    "쪽",
    "사이",
    "일원",
];

/// Land-use letters (지목) that lot numbers carry in some tables
/// (`1035전`, `1176답`).
const LAND_USE: &[char] = &[
    '전', '답', '과', '목', '임', '광', '염', '대', '장', '학', '주', '창', '도', '철', '제', '천', '구',
    '유', '양', '수', '공', '체', '원', '종', '사', '묘', '잡',
];

/// Counters that make the number before them something other than an
/// address number when written as the next word: `12 번 출구`, `6 단지`,
/// `1 층`, `101 동`, `3 호선`.
fn is_counter(word: &str) -> bool {
    matches!(
        word,
        "번" | "층" | "동" | "호" | "길" | "가" | "차" | "개" | "m" | "미터"
    ) || ["단지", "블록", "출구", "출입구", "호선", "번출구", "번째", "층에"]
        .iter()
        .any(|counter| word.starts_with(counter))
}

fn is_note(word: &str) -> bool {
    NOTE_WORDS.iter().any(|note| word.starts_with(note))
}

/// A building or lot number: `12`, `12-3`, `12번지`, `12-3번지`, `1035전`,
/// `12번` at the end, each optionally followed by a note (`581앞`, `581
/// 인근`, `581,`); `12번지 3호` takes the next token. `None` when the
/// number is not one place (`12~15`, `753-5-2`, `0`) or counts something
/// else (`6단지`, `1층`, `101동`, `3번 출구`, `2호선`, `12 층`).
fn number(token: &str, next: Option<&str>) -> Option<(u32, u32)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits(token);
    let main: u32 = token[..n].parse().ok()?;
    let mut rest = &token[n..];
    let mut sub = 0;
    if let Some(after) = rest.strip_prefix('-') {
        let m = digits(after);
        sub = after[..m].parse().ok()?;
        rest = &after[m..];
        if sub == 0 {
            return None;
        }
    }
    if main == 0 {
        return None;
    }
    // What the number may be followed by in the same token.
    let ends = |rest: &str| {
        rest.is_empty()
            || is_note(rest)
            || (rest.starts_with([',', '.']) && !rest[1..].starts_with(|c: char| c.is_ascii_digit()))
    };
    let next_free = next.is_none_or(|next| !is_counter(next));
    if let Some(after) = rest.strip_prefix("번지") {
        if !ends(after) || !next_free {
            return None;
        }
        if sub == 0
            && after.is_empty()
            && let Some(next) = next
            && let Some(ho) = next.strip_suffix('호')
            && !ho.is_empty()
            && ho.bytes().all(|b| b.is_ascii_digit())
        {
            sub = ho.parse().ok()?;
        }
        return Some((main, sub));
    }
    if let Some(after) = rest.strip_prefix('번') {
        // `12번` alone is a number only at the end or before a note:
        // `3번 출구` is an exit, `2번 버스` a bus.
        let alone = after.is_empty() && next.is_none_or(is_note);
        return (alone || (!after.is_empty() && is_note(after))).then_some((main, sub));
    }
    let mut chars = rest.chars();
    if let Some(letter) = chars.next()
        && LAND_USE.contains(&letter)
        && chars.as_str().is_empty()
        && next_free
    {
        return Some((main, sub));
    }
    (ends(rest) && next_free).then_some((main, sub))
}

/// Endings of a city's name, longest first: `고양특례시` (Goyang's name
/// since 2022, as 수원·용인·창원특례시) is `고양시`.
const CITY_SUFFIXES: &[&str] = &["특별자치시", "특별시", "광역시", "특례시", "시"];

/// Administrative levels, from the largest: a token holding several glued
/// (`고양시덕양구주교동`) names them in this order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Province,
    City,
    Gu,
    Town,
    Place,
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The level of one unit of a glued token, when it reads as one: a known
/// province, a city or county (`고양시`, `고양특례시`, `양평군`), a gu, an
/// eup or myeon, or a place (dong, ri, `1가`, road, `123번길`). A unit's
/// name may not end with the suffix of its own or a higher district
/// (`고양시구` is not a gu): that would be two units glued.
fn unit_level(unit: &str) -> Option<Level> {
    // The rest of `서울특별시` after `서울`, never a name of its own.
    if unit.starts_with("특별") || unit.starts_with("광역") || unit.starts_with("특례") {
        return None;
    }
    if PROVINCES.iter().any(|(name, _)| *name == unit) {
        return Some(Level::Province);
    }
    if METROPOLITAN.contains(&unit) {
        return Some(Level::City);
    }
    let name_ok = |name: &str, min: usize, banned: &[char]| {
        name.chars().count() >= min && name.chars().all(is_hangul) && !name.ends_with(banned)
    };
    for suffix in CITY_SUFFIXES.iter().chain(&["군"]) {
        if let Some(name) = unit.strip_suffix(suffix) {
            return name_ok(name, 2, &['시', '군']).then_some(Level::City);
        }
    }
    if let Some(name) = unit.strip_suffix('구') {
        return name_ok(name, 1, &['시', '군', '구']).then_some(Level::Gu);
    }
    if let Some(name) = unit.strip_suffix(['읍', '면']) {
        return name_ok(name, 1, &['시', '군', '구', '읍', '면']).then_some(Level::Town);
    }
    let name = unit.strip_suffix(['동', '리', '로', '길', '가'])?;
    let place = name.starts_with(is_hangul)
        && name.chars().all(|c| is_hangul(c) || c.is_ascii_digit())
        && !name.ends_with(['시', '군', '구', '읍', '면'])
        && (!unit.ends_with('가') || name.ends_with(|c: char| c.is_ascii_digit()));
    place.then_some(Level::Place)
}

/// The most units `text` splits into, each of a lower level than `above`,
/// how many splits reach that many (2 meaning "two or more"), and the
/// length in bytes of the first unit of such a split.
fn best_split(text: &str, above: Option<Level>) -> Option<(usize, usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for (end, _) in text.char_indices().skip(1) {
        consider(text, end, above, &mut best);
    }
    consider(text, text.len(), above, &mut best);
    best
}

fn consider(text: &str, end: usize, above: Option<Level>, best: &mut Option<(usize, usize, usize)>) {
    let Some(level) = unit_level(&text[..end]) else {
        return;
    };
    if above.is_some_and(|above| level <= above) {
        return;
    }
    // `경기도…` is not `경기` and a city `도…시`.
    if level == Level::Province
        && PROVINCES
            .iter()
            .any(|(name, _)| name.len() > end && text.starts_with(name))
    {
        return;
    }
    let found = if end == text.len() {
        Some((1, 1))
    } else if level == Level::Place {
        // A place ends the districts: nothing is glued after it but its number.
        None
    } else {
        best_split(&text[end..], Some(level)).map(|(units, ways, _)| (units + 1, ways))
    };
    let Some((units, ways)) = found else {
        return;
    };
    *best = match *best {
        Some((u, w, first)) if u == units => Some((u, (w + ways).min(2), first)),
        Some((u, _, _)) if u > units => *best,
        _ => Some((units, ways, end)),
    };
}

/// Splits a token of districts glued together (`고양시덕양구`,
/// `경기도고양시덕양구주교동`, `고양특례시덕양구중앙로123번길`) into its
/// units, where exactly one split into the most units exists; any other
/// token is returned whole (then read, or skipped, as one word).
fn split_levels(token: &str) -> Vec<&str> {
    // Two suffix letters at least, or a province first, else there is
    // nothing to split.
    let suffixes = token
        .chars()
        .skip(1)
        .filter(|c| {
            matches!(
                c,
                '도' | '시' | '군' | '구' | '읍' | '면' | '동' | '리' | '가' | '로' | '길'
            )
        })
        .count();
    let province_first = PROVINCES
        .iter()
        .any(|(name, _)| token.len() > name.len() && token.starts_with(name));
    if suffixes < 2 && !province_first {
        return vec![token];
    }
    match best_split(token, None) {
        Some((units, 1, _)) if units >= 2 => {}
        _ => return vec![token],
    }
    let mut out = Vec::new();
    let mut rest = token;
    let mut above = None;
    while let Some((_, _, first)) = best_split(rest, above) {
        let unit = &rest[..first];
        above = unit_level(unit);
        out.push(unit);
        rest = &rest[first..];
        if rest.is_empty() {
            break;
        }
    }
    out
}

/// A dong, ri or numbered ga (`주교동`, `양근리`, `종로1가`); not `상가`
/// nor a `사거리`.
fn is_lot_area(token: &str) -> bool {
    token.chars().count() >= 2
        && !token.ends_with("거리")
        && (token.ends_with(['동', '리'])
            || token
                .strip_suffix('가')
                .is_some_and(|name| name.ends_with(|c: char| c.is_ascii_digit())))
}

fn city_name(token: &str) -> Option<&str> {
    if METROPOLITAN.contains(&token) {
        return Some(token);
    }
    for suffix in CITY_SUFFIXES {
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
            continue;
        }
        if let Some(&(_, short)) = PROVINCES.iter().find(|(name, _)| *name == token) {
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
            continue;
        } else if is_lot_area(token) {
            pending = Some((PlaceKind::Lot, i));
            mountain = false;
            continue;
        }
        // A district or a note (a building name, `앞`): a number after it
        // is not the place's (`화정동 은빛마을 6단지`, `화정동 화정역 3번
        // 출구`).
        pending = None;
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

    /// Numbers that count something else than a lot or building: never
    /// an address (the reviewer's cases of issue 14 and their kin).
    #[test]
    fn numbers_that_are_not_addresses() {
        for text in [
            "화정동 은빛마을 6단지 앞",
            "화정동 화정역 3번 출구 앞",
            "행신동 2단지 아파트 정문",
            "덕양구 토당동 1층 상가 앞",
            "중앙로 12번 출구",
            "화정동 별빛마을 1005동 앞",
            "행신동 2 단지",
            "토당동 1 층",
            "중앙로 12 번 출구",
            "화정동 101동 1201호",
            "행신동2단지",
            "토당동1층",
            "중앙로 3호선 출구",
            "대화동 2블록",
            "주교동 581번 버스 정류장",
            "주교동 581 번",
            "화정동 상가 12",
            "화정동 사거리 3",
            "주교동 덕양구 581",
            "주교동 12-3층",
            "삼송로205번안길",
        ] {
            assert!(place(text).is_none(), "{text}");
        }
    }

    /// The forms that are address numbers keep reading.
    #[test]
    fn address_numbers_keep_reading() {
        let cases = [
            ("주교동 12", p("주교동", "lot", 12, 0)),
            ("주교동 12-3", p("주교동", "lot", 12, 3)),
            ("관산동 산12-3", p("관산동", "mountain", 12, 3)),
            ("주교동 12번지", p("주교동", "lot", 12, 0)),
            ("주교동 12번지 3호", p("주교동", "lot", 12, 3)),
            ("주교동 12번지인근", p("주교동", "lot", 12, 0)),
            ("주교동 12앞", p("주교동", "lot", 12, 0)),
            ("주교동 12, 3층", p("주교동", "lot", 12, 0)),
            ("주교동 12번", p("주교동", "lot", 12, 0)),
            ("주교동 12번 앞", p("주교동", "lot", 12, 0)),
            ("주교동 12 동쪽", p("주교동", "lot", 12, 0)),
            ("원당동 1176답", p("원당동", "lot", 1176, 0)),
            ("중앙로 12", p("중앙로", "road", 12, 0)),
            ("중앙로123번길 12", p("중앙로123번길", "road", 12, 0)),
            ("삼송로205번안길 19", p("삼송로205번안길", "road", 19, 0)),
            ("삼송로 205번안길 19", p("삼송로205번안길", "road", 19, 0)),
            ("동산1로2길 21-26", p("동산1로2길", "road", 21, 26)),
            ("중앙로 12 앞", p("중앙로", "road", 12, 0)),
            ("중앙로 12 인근", p("중앙로", "road", 12, 0)),
            ("중앙로 12 (주교동)", p("중앙로", "road", 12, 0)),
            ("성사1동 471", p("성사1동", "lot", 471, 0)),
        ];
        for (text, want) in cases {
            assert_eq!(place(text), want, "{text}");
        }
    }

    #[test]
    fn glued_districts_are_split_when_unambiguous() {
        let full = key("경기도 고양시 덕양구 주교동 123-4");
        assert!(full.is_some());
        for text in [
            "경기도 고양시덕양구 주교동 123-4",
            "경기도 고양특례시 덕양구 주교동 123-4",
            "경기도고양시덕양구주교동123-4",
            "경기도고양특례시덕양구주교동 123-4",
            "경기고양시 덕양구 주교동 123-4",
        ] {
            assert_eq!(key(text), full, "{text}");
        }
        let road = key("고양시 덕양구 중앙로123번길 12");
        assert!(road.is_some());
        for text in [
            "고양시덕양구중앙로123번길12",
            "고양시덕양구중앙로 123번길 12",
            "고양특례시 덕양구 중앙로123번길12",
        ] {
            assert_eq!(key(text), road, "{text}");
        }
        for (glued, spaced) in [
            ("고양시일산동구사리현동 12", "고양시 일산동구 사리현동 12"),
            ("고양시일산서구구산동 12", "고양시 일산서구 구산동 12"),
            ("고양시덕양구향동동 12", "고양시 덕양구 향동동 12"),
            ("고양시덕양구산황동산12", "고양시 덕양구 산황동 산 12"),
            ("서울특별시종로구종로1가 12", "서울특별시 종로구 종로1가 12"),
            ("수원특례시장안구 조원동 1", "수원시 장안구 조원동 1"),
            ("경기도양평군양평읍양근리12", "경기도 양평군 양평읍 양근리 12"),
            (
                "경기도고양시덕양구삼송로205번안길19",
                "경기도 고양시 덕양구 삼송로205번안길 19",
            ),
        ] {
            assert!(key(spaced).is_some(), "{spaced}");
            assert_eq!(key(glued), key(spaced), "{glued}");
        }
        // Two splits fit `금천구시흥동` (금천구 시흥동, or a city 금천구시
        // and a dong 흥동): it is left whole, a name that matches nothing.
        assert_eq!(split_levels("금천구시흥동"), vec!["금천구시흥동"]);
        assert_eq!(split_levels("일산동구"), vec!["일산동구"]);
        assert_eq!(split_levels("사리현동"), vec!["사리현동"]);
        assert_eq!(split_levels("은빛마을"), vec!["은빛마을"]);
        assert_eq!(split_levels("중앙로사거리"), vec!["중앙로사거리"]);
        assert_eq!(split_levels("고양시일산동구"), vec!["고양시", "일산동구"]);
    }

    /// Every dong and road name of Goyang's address tables, glued after
    /// every way of writing the province, city and gu, splits into its
    /// units (none is read as two).
    #[test]
    fn goyang_names_split_whole() {
        let places = "가좌동 강매동 고봉동 고양동 관산동 구산동 내곡동 내유동 대자동 대장동 대화동 덕은동 \
            덕이동 도내동 동산동 동패동 마두동 문봉동 백석동 법곳동 벽제동 북한동 사리현동 산남동 산황동 \
            삼송동 선유동 설문동 성사동 성사1동 성석동 식사동 신원동 신평동 오금동 용두동 원당동 원흥동 \
            일산동 장항동 정발산동 주교동 중산동 지영동 지축동 탄현동 토당동 풍동 행신동 행주내동 \
            행주외동 향동동 현천동 화전동 화정동 효자동 신도동 흥도동 창릉동 능곡동 송포동 송산동 \
            고봉로 공릉천로 덕이로 덕이로292번길 무궁화로 삼송로 성현로 송산로174번길 수역이길 식사로 \
            신덕로2번길 고양대로 중앙로123번길 도래울1로 동산1로2길 서정마을2로7번길 삼송로205번안길";
        for gu in ["덕양구", "일산동구", "일산서구"] {
            for head in ["", "경기도", "경기"] {
                for city in ["고양시", "고양특례시"] {
                    for place in places.split_whitespace() {
                        let token = format!("{head}{city}{gu}{place}");
                        let mut want = vec![city, gu, place];
                        if !head.is_empty() {
                            want.insert(0, head);
                        }
                        assert_eq!(split_levels(&token), want, "{token}");
                    }
                }
            }
        }
    }
}
