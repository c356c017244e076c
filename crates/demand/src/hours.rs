//! Hours of the day and named periods of them (`night:22-06:2`): what
//! demand by time of day is grouped by.

use std::fmt;
use std::str::FromStr;

use thiserror::Error as ThisError;

/// A set of hours of the day (0–23).
///
/// Written as ranges `START-END`, the end excluded, wrapping past
/// midnight: `22-06` is 22, 23 and 0–5; `06-22` is 6–21; `00-24` (or
/// `0-24`) is the whole day; a lone hour `23` is itself; ranges joined by
/// commas are united (`07-09,17-19`); spaces are allowed.
///
/// # Examples
///
/// ```
/// use sightline_demand::Hours;
///
/// let night: Hours = "22-06".parse()?;
/// assert_eq!(night.len(), 8);
/// assert!(night.contains(23) && night.contains(0) && !night.contains(6));
/// assert_eq!(night.iter().collect::<Vec<u8>>(), [0, 1, 2, 3, 4, 5, 22, 23]);
/// let rush = Hours::parse(" 17-19 , 7-9 ")?;
/// assert_eq!(rush.to_string(), "07-09,17-19");
/// assert_eq!(Hours::parse("0-24")?, Hours::ALL);
/// assert_eq!(Hours::ALL.to_string(), "00-24");
/// assert_eq!(Hours::parse("23")?, Hours::single(23));
/// assert!(Hours::parse("22-22").is_err());
/// # Ok::<(), sightline_demand::HoursError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Hours(u32);

impl Hours {
    /// Every hour of the day.
    pub const ALL: Hours = Hours((1 << 24) - 1);

    /// No hour (what [`Hours::default`] gives; [`Hours::parse`] never
    /// does).
    pub const NONE: Hours = Hours(0);

    /// One hour.
    ///
    /// # Panics
    ///
    /// When `hour` is 24 or more.
    pub const fn single(hour: u8) -> Hours {
        assert!(hour < 24, "an hour of the day is 0 to 23");
        Hours(1 << hour)
    }

    /// Parses hours as the type's documentation writes them.
    ///
    /// # Errors
    ///
    /// [`HoursError::Hours`] saying what is wrong: an empty text or range,
    /// something that is not an hour, an hour past 24 (or a start of 24),
    /// a range whose start is its end.
    pub fn parse(text: &str) -> Result<Hours, HoursError> {
        let error = |reason: String| HoursError::Hours {
            text: text.to_owned(),
            reason,
        };
        if text.trim().is_empty() {
            return Err(error(
                "no hours given; write them as `22-06`, `07-09,17-19` or `00-24`".to_owned(),
            ));
        }
        let hour = |part: &str| -> Result<u8, HoursError> {
            let part = part.trim();
            if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(format!("`{part}` is not an hour (0 to 24)")));
            }
            let hour: u8 = part
                .parse()
                .map_err(|_| error(format!("`{part}` is not an hour")))?;
            if hour > 24 {
                return Err(error(format!("hour {hour} is past 24")));
            }
            Ok(hour)
        };
        let mut bits = 0u32;
        for range in text.split(',') {
            if range.trim().is_empty() {
                return Err(error("an empty range between commas".to_owned()));
            }
            match range.split_once('-') {
                None => {
                    let h = hour(range)?;
                    if h == 24 {
                        return Err(error(
                            "hour 24 alone is not an hour of the day (0 to 23); `00-24` is the whole day"
                                .to_owned(),
                        ));
                    }
                    bits |= 1 << h;
                }
                Some((start, end)) => {
                    let (start, end) = (hour(start)?, hour(end)?);
                    if start == 24 {
                        return Err(error(format!(
                            "a range starts at hour 0 to 23, not 24 (`{}`)",
                            range.trim()
                        )));
                    }
                    if start == end % 24 && !(start == 0 && end == 24) {
                        return Err(error(format!(
                            "`{}` starts and ends at the same hour; write `00-24` for the whole day",
                            range.trim()
                        )));
                    }
                    let mut h = start;
                    while h != end % 24 {
                        bits |= 1 << h;
                        h = (h + 1) % 24;
                    }
                    if start == 0 && end == 24 {
                        bits = Self::ALL.0;
                    }
                }
            }
        }
        Ok(Hours(bits))
    }

    /// Whether `hour` is one of the hours (false for 24 and more).
    pub fn contains(self, hour: u8) -> bool {
        hour < 24 && self.0 & (1 << hour) != 0
    }

    /// How many hours.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The hours, in increasing order.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (0..24u8).filter(move |&h| self.contains(h))
    }

    /// The hours of both.
    pub fn union(self, other: Hours) -> Hours {
        Hours(self.0 | other.0)
    }
}

impl FromStr for Hours {
    type Err = HoursError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Hours::parse(text)
    }
}

impl fmt::Display for Hours {
    /// The canonical form: runs of hours as `START-END` (two digits, end
    /// excluded), a run through midnight as one (`22-06`), a lone hour
    /// alone (`23`), runs in order of their start; the whole day `00-24`.
    /// [`Hours::parse`] reads it back; no hours display as `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::ALL {
            return f.write_str("00-24");
        }
        if self.is_empty() {
            return f.write_str("none");
        }
        // Runs [start, end) within 0..24.
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for h in self.iter() {
            match runs.last_mut() {
                Some((_, end)) if *end == h => *end = h + 1,
                _ => runs.push((h, h + 1)),
            }
        }
        // A run from midnight joins the run to midnight.
        if runs.len() > 1 && runs[0].0 == 0 && runs[runs.len() - 1].1 == 24 {
            let (_, end) = runs.remove(0);
            if let Some(last) = runs.last_mut() {
                last.1 = end;
            }
        }
        let parts: Vec<String> = runs
            .iter()
            .map(|&(start, end)| {
                if (end + 24 - start) % 24 == 1 {
                    format!("{start:02}")
                } else {
                    format!("{start:02}-{end:02}")
                }
            })
            .collect();
        f.write_str(&parts.join(","))
    }
}

/// A named set of hours with an importance weight: `night:22-06:2`.
///
/// # Examples
///
/// ```
/// use sightline_demand::{Hours, Period};
///
/// let night: Period = "night:22-06:2".parse()?;
/// assert_eq!(night.name, "night");
/// assert_eq!(night.hours, Hours::parse("22-06")?);
/// assert_eq!(night.weight, 2.0);
/// assert_eq!(Period::parse("day:06-22")?.weight, 1.0);
/// assert_eq!(night.to_string(), "night:22-06:2");
/// assert!(Period::parse("night:22-06:0").is_err());
/// # Ok::<(), sightline_demand::HoursError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    /// The name, non-empty, without `:`.
    pub name: String,
    /// Its hours.
    pub hours: Hours,
    /// Its importance, finite and positive (default 1).
    pub weight: f64,
}

impl Period {
    /// Parses `NAME:HOURS` or `NAME:HOURS:WEIGHT` (hours as [`Hours`]
    /// writes them; weight 1 when left out).
    ///
    /// # Errors
    ///
    /// [`HoursError::Period`] for an empty name, a missing or extra part,
    /// a weight that is not a finite positive number; the errors of
    /// [`Hours::parse`] for the hours.
    pub fn parse(text: &str) -> Result<Period, HoursError> {
        let error = |reason: String| HoursError::Period {
            text: text.to_owned(),
            reason,
        };
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let (name, hours, weight) = match parts[..] {
            [name, hours] => (name, hours, None),
            [name, hours, weight] => (name, hours, Some(weight)),
            _ => {
                return Err(error(
                    "expected NAME:HOURS or NAME:HOURS:WEIGHT, such as `night:22-06:2`".to_owned(),
                ));
            }
        };
        if name.is_empty() {
            return Err(error("the name is empty".to_owned()));
        }
        let hours = Hours::parse(hours)?;
        let weight = match weight {
            None => 1.0,
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|w| w.is_finite() && *w > 0.0)
                .ok_or_else(|| error(format!("the weight `{text}` is not a finite number above 0")))?,
        };
        Ok(Period {
            name: name.to_owned(),
            hours,
            weight,
        })
    }
}

impl FromStr for Period {
    type Err = HoursError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Period::parse(text)
    }
}

impl fmt::Display for Period {
    /// `NAME:HOURS:WEIGHT`, which [`Period::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.name, self.hours, self.weight)
    }
}

/// Checks a list of periods: names unique.
///
/// # Errors
///
/// [`HoursError::DuplicatePeriod`] naming the first name given twice.
///
/// # Examples
///
/// ```
/// use sightline_demand::{check_periods, Period};
///
/// let night = Period::parse("night:22-06")?;
/// let day = Period::parse("day:06-22")?;
/// assert!(check_periods(&[night.clone(), day]).is_ok());
/// let error = check_periods(&[night.clone(), night]).unwrap_err();
/// assert_eq!(error.to_string(), "two periods are named `night`; names must be unique");
/// # Ok::<(), sightline_demand::HoursError>(())
/// ```
pub fn check_periods(periods: &[Period]) -> Result<(), HoursError> {
    for (i, period) in periods.iter().enumerate() {
        if periods[..i].iter().any(|p| p.name == period.name) {
            return Err(HoursError::DuplicatePeriod {
                name: period.name.clone(),
            });
        }
    }
    Ok(())
}

/// Hours or a period that cannot be read.
///
/// # Examples
///
/// ```
/// use sightline_demand::{Hours, HoursError};
///
/// let error = Hours::parse("22-25").unwrap_err();
/// assert!(matches!(error, HoursError::Hours { .. }));
/// assert_eq!(error.to_string(), "hours `22-25`: hour 25 is past 24");
/// ```
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum HoursError {
    /// Hours that cannot be read.
    #[error("hours `{text}`: {reason}")]
    Hours {
        /// The text given.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// A period that cannot be read.
    #[error("period `{text}`: {reason}")]
    Period {
        /// The text given.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// Two periods of one name.
    #[error("two periods are named `{name}`; names must be unique")]
    DuplicatePeriod {
        /// The name.
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(text: &str) -> Vec<u8> {
        Hours::parse(text).unwrap().iter().collect()
    }

    fn reason(text: &str) -> String {
        Hours::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn ranges_exclude_their_end_and_wrap_midnight() {
        assert_eq!(hours("22-06"), [0, 1, 2, 3, 4, 5, 22, 23]);
        assert_eq!(hours("06-22"), (6..22).collect::<Vec<u8>>());
        assert_eq!(hours("18-24"), [18, 19, 20, 21, 22, 23]);
        assert_eq!(hours("23-0"), [23]);
        assert_eq!(hours("0-24").len(), 24);
        assert_eq!(hours("00-24").len(), 24);
        assert_eq!(hours("7"), [7]);
        assert_eq!(hours("07-09, 17-19"), [7, 8, 17, 18]);
        // Overlaps unite.
        assert_eq!(hours("07-09,08-10"), [7, 8, 9]);
        assert_eq!(Hours::parse("22-06").unwrap().len(), 8);
        assert!(!Hours::ALL.contains(24));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(reason("25-06"), "hours `25-06`: hour 25 is past 24");
        assert!(reason("06-06").contains("starts and ends at the same hour"));
        assert!(reason("00-00").contains("starts and ends at the same hour"));
        assert!(reason(" ").contains("no hours given"));
        assert!(reason("07-09,").contains("an empty range"));
        assert!(reason("night").contains("`night` is not an hour"));
        assert!(reason("7-").contains("`` is not an hour"));
        assert!(reason("24").contains("hour 24 alone"));
        assert!(reason("24-06").contains("not 24"));
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "22-06",
            "06-22",
            "07-09,17-19",
            "00-24",
            "23",
            "00",
            "00-06",
            "18-24",
            "01,03,22-02",
        ] {
            let parsed = Hours::parse(text).unwrap();
            let shown = parsed.to_string();
            assert_eq!(Hours::parse(&shown).unwrap(), parsed, "{text} -> {shown}");
        }
        assert_eq!(Hours::parse("23-01").unwrap().to_string(), "23-01");
        assert_eq!(Hours::parse("0-6,22-24").unwrap().to_string(), "22-06");
        assert_eq!(Hours::parse("0,23").unwrap().to_string(), "23-01");
        assert_eq!(Hours::single(5).to_string(), "05");
        // Every set of hours round-trips (a sample of them, seeded).
        let mut state = 12345u32;
        for _ in 0..2000 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let set = Hours(state & Hours::ALL.0);
            if set.is_empty() {
                continue;
            }
            assert_eq!(Hours::parse(&set.to_string()).unwrap(), set, "{set}");
        }
    }

    #[test]
    fn periods_parse_with_a_default_weight() {
        let day = Period::parse(" day : 06-22 ").unwrap();
        assert_eq!((day.name.as_str(), day.hours.len(), day.weight), ("day", 16, 1.0));
        assert_eq!(Period::parse("night:22-06:2.5").unwrap().weight, 2.5);
        for (text, wanted) in [
            (":22-06", "the name is empty"),
            ("night", "expected NAME:HOURS"),
            ("a:b:c:d", "expected NAME:HOURS"),
            ("night:22-06:-1", "not a finite number above 0"),
            ("night:22-06:inf", "not a finite number above 0"),
            ("night:22-06:x", "not a finite number above 0"),
        ] {
            let error = Period::parse(text).unwrap_err().to_string();
            assert!(error.contains(wanted), "{text}: {error}");
        }
        assert!(matches!(Period::parse("n:25-06"), Err(HoursError::Hours { .. })));
    }
}
