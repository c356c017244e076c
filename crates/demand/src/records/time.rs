//! When a complaint was made: dates and times as exports write them, a
//! window of dates, and the recency factor.

use jiff::SignedDuration;
use jiff::civil::{Date, DateTime, Time, date};
use thiserror::Error as ThisError;

/// Why a date or time cannot be read, or a window or half-life cannot be
/// used. Never holds the text that was read.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::{TimeError, parse_time};
///
/// assert_eq!(parse_time("03/04/2025"), Err(TimeError::Ambiguous));
/// assert_eq!(parse_time("2025-02-29"), Err(TimeError::NoSuchDate));
/// assert_eq!(parse_time("  "), Err(TimeError::Empty));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, ThisError)]
#[non_exhaustive]
pub enum TimeError {
    /// Nothing but spaces.
    #[error("no date")]
    Empty,
    /// Not a date in any form read here.
    #[error("not a date or time in a known form")]
    Unrecognised,
    /// A form that different conventions read differently (`03/04/2025`,
    /// `25.03.04`): refused rather than guessed.
    #[error("ambiguous date: write the year first, with four digits")]
    Ambiguous,
    /// A date or time that does not exist (month 13, day 32, 2025-02-29,
    /// 25:00, Excel's phantom 1900-02-29).
    #[error("no such date or time")]
    NoSuchDate,
    /// An Excel serial number that is negative, zero, not finite or past
    /// the year 9999.
    #[error("not an Excel date serial number")]
    BadSerial,
    /// A date window whose start is after its end.
    #[error("the date window starts after it ends")]
    EmptyWindow,
    /// A half-life that is not a finite number of days above 0.
    #[error("half-life is {0} days, expected a finite number above 0")]
    BadHalfLife(f64),
}

/// Reads a date or date-time as complaint exports write it, in local time.
///
/// Accepted forms (a date alone is midnight):
///
/// - ISO: `2025-03-04`, `2025-03-04 21:15`, `2025-03-04 21:15:30`,
///   `2025-03-04T21:15:00`, with optional fractional seconds (`21:15:30.250`);
/// - dots and slashes, year first: `2025.03.04`, `2025. 3. 4.`,
///   `2025.03.04 21:15`, `2025/03/04`;
/// - Korean: `2025년 3월 4일`, `2025년 3월 4일 21시 15분` (and `30초`),
///   `2025-03-04 오후 9:15:00`, `오전`, or `AM`/`PM`, before or after the time;
/// - a weekday in brackets after the date is skipped: `2025-03-04(화) 21:15`;
/// - digits only: `20250304` (date), `202503042115` (date, hour, minute),
///   `20250304211530` (and seconds).
///
/// Refused: dates that do not exist (`2025-13-01`, `2025-02-29`), times
/// past 23:59:59, and forms that conventions read differently: a year not
/// written first with four digits (`03/04/2025` is 4 March in Europe and
/// 3 April in the United States; `25.03.04`). Numbers are not taken for
/// Excel serial dates here: a spreadsheet's numeric cell goes to
/// [`from_excel_serial`]. Time zones are not read: all times are local.
///
/// # Errors
///
/// [`TimeError`]: `Empty`, `Unrecognised`, `Ambiguous` or `NoSuchDate`.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::parse_time;
/// use jiff::civil::datetime;
///
/// let evening = datetime(2025, 3, 4, 21, 15, 0, 0);
/// assert_eq!(parse_time("2025-03-04 21:15"), Ok(evening));
/// assert_eq!(parse_time("2025년 3월 4일 오후 9시 15분"), Ok(evening));
/// assert_eq!(parse_time("202503042115"), Ok(evening));
/// assert_eq!(parse_time("2025. 3. 4."), Ok(datetime(2025, 3, 4, 0, 0, 0, 0)));
/// assert!(parse_time("2025-13-01").is_err());
/// ```
pub fn parse_time(text: &str) -> Result<DateTime, TimeError> {
    parse(text).map(|(datetime, _)| datetime)
}

/// Reads a date alone, in any date form [`parse_time`] reads; a time of
/// day is refused (`Unrecognised`), so that `--records-to 2025-03-04
/// 12:00` is not silently taken for the whole day.
///
/// # Errors
///
/// As [`parse_time`]; `Unrecognised` when a time of day is given.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::parse_date;
/// use jiff::civil::date;
///
/// assert_eq!(parse_date("2025.03.04"), Ok(date(2025, 3, 4)));
/// assert!(parse_date("2025-03-04 00:00").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<Date, TimeError> {
    match parse(text)? {
        (datetime, false) => Ok(datetime.date()),
        (_, true) => Err(TimeError::Unrecognised),
    }
}

/// The date-time of an Excel serial number in the 1900 date system (the
/// default one): serial 1 is 1900-01-01, the fraction is the time of day,
/// rounded to the millisecond. Excel counts a 29 February 1900 that never
/// was (serial 60, kept for Lotus 1-2-3); it is refused, and serials from
/// 61 on are 1900-03-01 and later, as Excel shows them.
///
/// # Errors
///
/// [`TimeError::BadSerial`] for serials below 1, not finite or past
/// 9999-12-31; [`TimeError::NoSuchDate`] for serial 60.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::from_excel_serial;
/// use jiff::civil::datetime;
///
/// assert_eq!(from_excel_serial(45720.885), Ok(datetime(2025, 3, 4, 21, 14, 24, 0)));
/// assert_eq!(from_excel_serial(1.0), Ok(datetime(1900, 1, 1, 0, 0, 0, 0)));
/// assert_eq!(from_excel_serial(61.0), Ok(datetime(1900, 3, 1, 0, 0, 0, 0)));
/// assert!(from_excel_serial(60.5).is_err());
/// ```
pub fn from_excel_serial(serial: f64) -> Result<DateTime, TimeError> {
    // 9999-12-31 23:59:59.999 is serial 2958465.99999...
    if !(1.0..2_958_466.0).contains(&serial) {
        return Err(TimeError::BadSerial);
    }
    const DAY_MS: i64 = 86_400_000;
    let millis = (serial * DAY_MS as f64).round() as i64;
    let (day, millis_of_day) = (millis.div_euclid(DAY_MS), millis.rem_euclid(DAY_MS));
    let days_after_1899_12_31 = match day {
        60 => return Err(TimeError::NoSuchDate),
        ..60 => day,
        _ => day - 1,
    };
    // Counted from 1970 (25,568 days after 1899-12-31): jiff bounds the
    // days of a duration added to a date-time by their distance from 1970.
    date(1970, 1, 1)
        .to_datetime(Time::midnight())
        .checked_add(SignedDuration::from_millis(
            (days_after_1899_12_31 - 25_568) * DAY_MS + millis_of_day,
        ))
        .map_err(|_| TimeError::BadSerial)
}

/// A window of dates, both ends inclusive and optional: a record is in it
/// when its date is on or after `from` and on or before `to` (the whole
/// of `to`'s day).
///
/// # Examples
///
/// ```
/// use sightline_demand::records::DateWindow;
/// use jiff::civil::{date, datetime};
///
/// let march = DateWindow::new(Some(date(2025, 3, 1)), Some(date(2025, 3, 31)))?;
/// assert!(march.contains(datetime(2025, 3, 31, 23, 59, 59, 0)));
/// assert!(!march.contains(datetime(2025, 4, 1, 0, 0, 0, 0)));
/// assert!(DateWindow::default().contains(datetime(1999, 1, 1, 0, 0, 0, 0)));
/// assert!(DateWindow::new(Some(date(2025, 4, 1)), Some(date(2025, 3, 1))).is_err());
/// # Ok::<(), sightline_demand::records::TimeError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateWindow {
    from: Option<Date>,
    to: Option<Date>,
}

impl DateWindow {
    /// A window from `from` to `to`, inclusive; `None` leaves that end open.
    ///
    /// # Errors
    ///
    /// [`TimeError::EmptyWindow`] when `from` is after `to`.
    pub fn new(from: Option<Date>, to: Option<Date>) -> Result<Self, TimeError> {
        match (from, to) {
            (Some(from), Some(to)) if from > to => Err(TimeError::EmptyWindow),
            _ => Ok(Self { from, to }),
        }
    }

    /// The first date kept, if any.
    pub fn from(&self) -> Option<Date> {
        self.from
    }

    /// The last date kept (the whole day), if any.
    pub fn to(&self) -> Option<Date> {
        self.to
    }

    /// Whether the window keeps every date (no end given).
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether a record made at `time` is in the window.
    pub fn contains(&self, time: DateTime) -> bool {
        let date = time.date();
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }
}

/// The recency factor of records: a record `age` days older than the
/// reference time weighs `0.5^(age / half_life_days)`, with age in
/// fractional days. Records after the reference time (possible with an
/// `--as-of` date) weigh 1, as fresh as can be: the factor is never above
/// 1.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::Recency;
/// use jiff::civil::datetime;
///
/// let newest = datetime(2025, 3, 31, 12, 0, 0, 0);
/// let recency = Recency::new(newest, 30.0)?;
/// assert_eq!(recency.factor(newest), 1.0);
/// assert!((recency.factor(datetime(2025, 3, 1, 12, 0, 0, 0)) - 0.5).abs() < 1e-12);
/// assert_eq!(recency.factor(datetime(2025, 4, 2, 0, 0, 0, 0)), 1.0);
/// # Ok::<(), sightline_demand::records::TimeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recency {
    reference: DateTime,
    half_life_days: f64,
}

impl Recency {
    /// Recency counted back from `reference` (the newest record, or an
    /// as-of date) with a half-life in days.
    ///
    /// # Errors
    ///
    /// [`TimeError::BadHalfLife`] unless the half-life is finite and above 0.
    pub fn new(reference: DateTime, half_life_days: f64) -> Result<Self, TimeError> {
        if half_life_days.is_finite() && half_life_days > 0.0 {
            Ok(Self {
                reference,
                half_life_days,
            })
        } else {
            Err(TimeError::BadHalfLife(half_life_days))
        }
    }

    /// Recency counted back from the newest of `times`; `None` when there
    /// is no time.
    ///
    /// # Errors
    ///
    /// As [`Recency::new`].
    pub fn from_newest(
        times: impl IntoIterator<Item = DateTime>,
        half_life_days: f64,
    ) -> Result<Option<Self>, TimeError> {
        let newest = times.into_iter().max();
        newest.map(|newest| Self::new(newest, half_life_days)).transpose()
    }

    /// The time ages are counted back from.
    pub fn reference(&self) -> DateTime {
        self.reference
    }

    /// The half-life in days.
    pub fn half_life_days(&self) -> f64 {
        self.half_life_days
    }

    /// The weight factor of a record made at `time`, in (0, 1].
    pub fn factor(&self, time: DateTime) -> f64 {
        let age_days = self.reference.duration_since(time).as_secs_f64() / 86_400.0;
        if age_days <= 0.0 {
            1.0
        } else {
            0.5f64.powf(age_days / self.half_life_days)
        }
    }
}

/// A cursor over the characters of a date being read.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn skip_spaces(&mut self) -> bool {
        let before = self.rest.len();
        self.rest = self.rest.trim_start();
        self.rest.len() < before
    }

    fn eat(&mut self, word: &str) -> bool {
        match self.rest.strip_prefix(word) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn eat_ignore_ascii_case(&mut self, word: &str) -> bool {
        let n = word.len();
        if self.rest.len() >= n && self.rest.is_char_boundary(n) && self.rest[..n].eq_ignore_ascii_case(word)
        {
            self.rest = &self.rest[n..];
            true
        } else {
            false
        }
    }

    /// A run of ASCII digits: its value and length (0 when none).
    fn number(&mut self) -> (i64, usize) {
        let len = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        let digits = &self.rest[..len];
        self.rest = &self.rest[len..];
        // Long runs are refused by their length before their value matters.
        (digits.parse().unwrap_or(i64::MAX), len)
    }

    fn at_end(&self) -> bool {
        self.rest.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Meridiem {
    Am,
    Pm,
}

fn meridiem(cursor: &mut Cursor<'_>) -> Option<Meridiem> {
    if cursor.eat("오전") || cursor.eat_ignore_ascii_case("am") || cursor.eat_ignore_ascii_case("a.m.") {
        Some(Meridiem::Am)
    } else if cursor.eat("오후") || cursor.eat_ignore_ascii_case("pm") || cursor.eat_ignore_ascii_case("p.m.")
    {
        Some(Meridiem::Pm)
    } else {
        None
    }
}

fn small(value: i64, len: usize, max_len: usize) -> Result<i8, TimeError> {
    if len == 0 || len > max_len {
        return Err(TimeError::Unrecognised);
    }
    i8::try_from(value).map_err(|_| TimeError::NoSuchDate)
}

fn make_date(year: i64, month: i64, day: i64) -> Result<Date, TimeError> {
    let year = i16::try_from(year).map_err(|_| TimeError::NoSuchDate)?;
    let month = i8::try_from(month).map_err(|_| TimeError::NoSuchDate)?;
    let day = i8::try_from(day).map_err(|_| TimeError::NoSuchDate)?;
    Date::new(year, month, day).map_err(|_| TimeError::NoSuchDate)
}

fn make_time(hour: i64, minute: i64, second: i64, nanos: i64) -> Result<Time, TimeError> {
    let hour = i8::try_from(hour).map_err(|_| TimeError::NoSuchDate)?;
    let minute = i8::try_from(minute).map_err(|_| TimeError::NoSuchDate)?;
    let second = i8::try_from(second).map_err(|_| TimeError::NoSuchDate)?;
    let nanos = i32::try_from(nanos).map_err(|_| TimeError::NoSuchDate)?;
    Time::new(hour, minute, second, nanos).map_err(|_| TimeError::NoSuchDate)
}

/// Reads a date-time and says whether a time of day was written.
fn parse(text: &str) -> Result<(DateTime, bool), TimeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeError::Empty);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return compact(text);
    }
    let mut c = Cursor { rest: text };
    let (year, len) = c.number();
    if len != 4 {
        let separated = c.rest.starts_with(['-', '.', '/']);
        return Err(if (1..=2).contains(&len) && separated {
            TimeError::Ambiguous
        } else {
            TimeError::Unrecognised
        });
    }
    c.skip_spaces();
    let (month, day) = if c.eat("년") {
        c.skip_spaces();
        let (month, len) = c.number();
        small(month, len, 2)?;
        c.skip_spaces();
        if !c.eat("월") {
            return Err(TimeError::Unrecognised);
        }
        c.skip_spaces();
        let (day, len) = c.number();
        small(day, len, 2)?;
        c.skip_spaces();
        if !c.eat("일") {
            return Err(TimeError::Unrecognised);
        }
        (month, day)
    } else {
        let Some(separator) = c.rest.chars().next().filter(|s| matches!(s, '-' | '.' | '/')) else {
            return Err(TimeError::Unrecognised);
        };
        c.rest = &c.rest[1..];
        c.skip_spaces();
        let (month, len) = c.number();
        small(month, len, 2)?;
        c.skip_spaces();
        if !c.rest.starts_with(separator) {
            return Err(TimeError::Unrecognised);
        }
        c.rest = &c.rest[1..];
        c.skip_spaces();
        let (day, len) = c.number();
        small(day, len, 2)?;
        if separator == '.' {
            c.eat(".");
        }
        (month, day)
    };
    let date = make_date(year, month, day)?;
    let mut spaced = c.skip_spaces();
    if skip_weekday(&mut c) {
        spaced = c.skip_spaces();
    }
    if c.at_end() {
        return Ok((date.to_datetime(Time::midnight()), false));
    }
    if !spaced && !c.eat("T") && !c.eat("t") && !text.contains('일') {
        return Err(TimeError::Unrecognised);
    }
    let time = time_of_day(&mut c)?;
    Ok((date.to_datetime(time), true))
}

/// `(화)`, `(화요일)`: a weekday people add after a date.
fn skip_weekday(c: &mut Cursor<'_>) -> bool {
    let Some(inner) = c.rest.strip_prefix('(') else {
        return false;
    };
    let Some(close) = inner.find(')') else {
        return false;
    };
    let day = inner[..close].trim();
    let day = day.strip_suffix("요일").unwrap_or(day);
    let mut chars = day.chars();
    if let (Some(d), None) = (chars.next(), chars.next())
        && "월화수목금토일".contains(d)
    {
        c.rest = &inner[close + 1..];
        return true;
    }
    false
}

fn time_of_day(c: &mut Cursor<'_>) -> Result<Time, TimeError> {
    let before = meridiem(c);
    c.skip_spaces();
    let (hour, len) = c.number();
    small(hour, len, 2)?;
    let (mut minute, mut second, mut nanos) = (0, 0, 0);
    if c.eat(":") {
        let (m, len) = c.number();
        small(m, len, 2)?;
        minute = m;
        if c.eat(":") {
            let (s, len) = c.number();
            small(s, len, 2)?;
            second = s;
            if c.eat(".") || c.eat(",") {
                let (fraction, len) = c.number();
                if !(1..=9).contains(&len) {
                    return Err(TimeError::Unrecognised);
                }
                nanos = fraction * 10i64.pow(9 - len as u32);
            }
        }
    } else if c.eat("시") {
        c.skip_spaces();
        let (m, len) = c.number();
        if len > 0 {
            small(m, len, 2)?;
            c.skip_spaces();
            if !c.eat("분") {
                return Err(TimeError::Unrecognised);
            }
            minute = m;
            c.skip_spaces();
            let (s, len) = c.number();
            if len > 0 {
                small(s, len, 2)?;
                c.skip_spaces();
                if !c.eat("초") {
                    return Err(TimeError::Unrecognised);
                }
                second = s;
            }
        } else if c.eat("반") {
            minute = 30;
        }
    } else {
        return Err(TimeError::Unrecognised);
    }
    c.skip_spaces();
    let after = if before.is_none() { meridiem(c) } else { None };
    c.skip_spaces();
    if !c.at_end() {
        return Err(TimeError::Unrecognised);
    }
    let hour = match before.or(after) {
        None => hour,
        Some(_) if hour > 12 => return Err(TimeError::NoSuchDate),
        Some(Meridiem::Am) => hour % 12,
        Some(Meridiem::Pm) => hour % 12 + 12,
    };
    make_time(hour, minute, second, nanos)
}

/// Digits only: `YYYYMMDD`, `YYYYMMDDhhmm` or `YYYYMMDDhhmmss`.
fn compact(digits: &str) -> Result<(DateTime, bool), TimeError> {
    let field =
        |range: std::ops::Range<usize>| digits[range].parse::<i64>().map_err(|_| TimeError::Unrecognised);
    if !matches!(digits.len(), 8 | 12 | 14) {
        return Err(TimeError::Unrecognised);
    }
    let date = make_date(field(0..4)?, field(4..6)?, field(6..8)?)?;
    if digits.len() == 8 {
        return Ok((date.to_datetime(Time::midnight()), false));
    }
    let second = if digits.len() == 14 { field(12..14)? } else { 0 };
    Ok((
        date.to_datetime(make_time(field(8..10)?, field(10..12)?, second, 0)?),
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::datetime;

    #[test]
    fn reads_the_forms_exports_use() {
        let at = |h, m, s| Ok(datetime(2025, 3, 4, h, m, s, 0));
        for (text, want) in [
            ("2025-03-04 21:15", at(21, 15, 0)),
            ("2025-03-04 21:15:30", at(21, 15, 30)),
            ("2025-03-04T21:15:00", at(21, 15, 0)),
            ("2025-03-04", at(0, 0, 0)),
            ("2025.03.04", at(0, 0, 0)),
            ("2025. 3. 4.", at(0, 0, 0)),
            ("2025.3.4", at(0, 0, 0)),
            ("2025.03.04 21:15", at(21, 15, 0)),
            ("2025. 3. 4. 21:15", at(21, 15, 0)),
            ("2025/03/04", at(0, 0, 0)),
            ("20250304", at(0, 0, 0)),
            ("202503042115", at(21, 15, 0)),
            ("20250304211530", at(21, 15, 30)),
            ("2025년 3월 4일", at(0, 0, 0)),
            ("2025년3월4일", at(0, 0, 0)),
            ("2025년 3월 4일 21시 15분", at(21, 15, 0)),
            ("2025년 3월 4일 21시", at(21, 0, 0)),
            ("2025년 3월 4일 오후 9시 반", at(21, 30, 0)),
            ("2025년 3월 4일 21시 15분 30초", at(21, 15, 30)),
            ("2025-03-04 오후 9:15:00", at(21, 15, 0)),
            ("2025-03-04 오전 9:15:00", at(9, 15, 0)),
            ("2025-03-04 오전 12:05", at(0, 5, 0)),
            ("2025-03-04 오후 12:05", at(12, 5, 0)),
            ("2025-03-04 9:15 PM", at(21, 15, 0)),
            ("2025-03-04(화) 21:15", at(21, 15, 0)),
            ("2025-03-04 (화요일) 21:15", at(21, 15, 0)),
            ("  2025-03-04 21:15  ", at(21, 15, 0)),
        ] {
            assert_eq!(parse_time(text), want, "{text}");
        }
        assert_eq!(
            parse_time("2025-03-04 21:15:30.25"),
            Ok(datetime(2025, 3, 4, 21, 15, 30, 250_000_000))
        );
    }

    #[test]
    fn refuses_nonsense_and_ambiguity() {
        for (text, want) in [
            ("2025-13-01", TimeError::NoSuchDate),
            ("2025-01-32", TimeError::NoSuchDate),
            ("2025-02-29", TimeError::NoSuchDate),
            ("20250229", TimeError::NoSuchDate),
            ("2025-03-04 24:00", TimeError::NoSuchDate),
            ("2025-03-04 21:60", TimeError::NoSuchDate),
            ("2025-03-04 오후 13:00", TimeError::NoSuchDate),
            ("03/04/2025", TimeError::Ambiguous),
            ("4.3.2025", TimeError::Ambiguous),
            ("25.03.04", TimeError::Ambiguous),
            ("2025-03/04", TimeError::Unrecognised),
            ("2025-03-04 21:15 KST", TimeError::Unrecognised),
            ("2025-03-0421:15", TimeError::Unrecognised),
            ("45720.885", TimeError::Unrecognised),
            ("2025", TimeError::Unrecognised),
            ("2025030", TimeError::Unrecognised),
            ("어제 저녁", TimeError::Unrecognised),
            ("", TimeError::Empty),
        ] {
            assert_eq!(parse_time(text), Err(want), "{text}");
        }
        assert!(parse_time("2024-02-29").is_ok());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(59.0), Ok(datetime(1900, 2, 28, 0, 0, 0, 0)));
        assert_eq!(from_excel_serial(60.0), Err(TimeError::NoSuchDate));
        assert_eq!(from_excel_serial(45720.0), Ok(datetime(2025, 3, 4, 0, 0, 0, 0)));
        assert_eq!(from_excel_serial(45720.5), Ok(datetime(2025, 3, 4, 12, 0, 0, 0)));
        assert_eq!(
            from_excel_serial(2_958_465.0),
            Ok(datetime(9999, 12, 31, 0, 0, 0, 0))
        );
        for bad in [0.0, 0.5, -1.0, f64::NAN, f64::INFINITY, 2_958_466.0] {
            assert_eq!(from_excel_serial(bad), Err(TimeError::BadSerial), "{bad}");
        }
    }

    #[test]
    fn recency_and_window() {
        let newest = datetime(2025, 3, 31, 0, 0, 0, 0);
        let times = [datetime(2025, 1, 1, 0, 0, 0, 0), newest];
        let recency = Recency::from_newest(times, 10.0).ok().flatten();
        let Some(recency) = recency else {
            panic!("no recency")
        };
        assert_eq!(recency.reference(), newest);
        let ten_days = recency.factor(datetime(2025, 3, 21, 0, 0, 0, 0));
        assert!((ten_days - 0.5).abs() < 1e-12);
        let half_day = recency.factor(datetime(2025, 3, 30, 12, 0, 0, 0));
        assert!((half_day - 0.5f64.powf(0.05)).abs() < 1e-12);
        assert_eq!(Recency::from_newest([], 10.0), Ok(None));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(Recency::new(newest, bad).is_err());
        }
        let window = DateWindow::new(Some(date(2025, 3, 4)), None).unwrap_or_default();
        assert!(window.contains(datetime(2025, 3, 4, 0, 0, 0, 0)));
        assert!(!window.contains(datetime(2025, 3, 3, 23, 59, 59, 999_999_999)));
        assert!(!window.is_open());
        assert_eq!(parse_date("2025-03-04 21:00"), Err(TimeError::Unrecognised));
    }
}
