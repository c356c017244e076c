//! The shipped Goyang sample (examples/data/population/goyang_hourly.csv)
//! joined to Goyang's 39 dong codes, hard-coded here from its README: the
//! counts it states, and `total` equal to the table's own sums.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use sightline_demand::{HourlyRows, Hours, Period, RowValue, join_population};

/// The 7-digit KOSTAT codes of Goyang's 39 dong (goyang_dong_2018.geojson).
fn goyang_codes() -> Vec<String> {
    (3_110_151..=3_110_169)
        .chain(3_110_351..=3_110_361)
        .chain(3_110_451..=3_110_459)
        .map(|code: u32| code.to_string())
        .collect()
}

struct Sample {
    codes: Vec<String>,
    index: Vec<u32>,
    hour: Vec<Option<u8>>,
    value: Vec<RowValue>,
    rows: Vec<u32>,
    days: usize,
}

/// The sample read with the csv crate alone (an independent reader).
fn read_sample() -> Sample {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/population/goyang_hourly.csv");
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (text, _, bad) = encoding_rs::EUC_KR.decode(bytes);
    assert!(!bad);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let first: Vec<&str> = header.iter().take(4).collect();
    assert_eq!(first, ["기준일ID", "시간대구분", "행정동코드", "총생활인구수"]);
    assert_eq!(header.len(), 32);
    let mut sample = Sample {
        codes: Vec::new(),
        index: Vec::new(),
        hour: Vec::new(),
        value: Vec::new(),
        rows: Vec::new(),
        days: 0,
    };
    let mut days = std::collections::BTreeSet::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        days.insert(record[0].to_owned());
        sample.hour.push(record[1].parse::<u8>().ok().filter(|&h| h < 24));
        let code = record[2].to_owned();
        let k = sample.codes.iter().position(|c| *c == code).unwrap_or_else(|| {
            sample.codes.push(code);
            sample.codes.len() - 1
        });
        sample.index.push(k as u32);
        sample.value.push(match &record[3] {
            "*" => RowValue::Masked,
            text => RowValue::Number(text.parse().unwrap()),
        });
        sample.rows.push(i as u32 + 2);
    }
    sample.days = days.len();
    sample
}

#[test]
fn the_goyang_sample_joins_as_its_readme_says() {
    let sample = read_sample();
    let rows = HourlyRows {
        days: sample.days,
        code_columns: vec![("행정동코드", &sample.codes, &sample.index)],
        hour: &sample.hour,
        value: &sample.value,
        rows: &sample.rows,
    };
    let districts = goyang_codes();
    assert_eq!(districts.len(), 39);
    let population = join_population(&rows, &districts);
    let counts = &population.counts;
    assert_eq!(population.days, 7);
    assert_eq!(population.code_column, "행정동코드");
    assert_eq!(
        (
            counts.rows,
            counts.used,
            counts.masked,
            counts.bad_hour,
            counts.bad_value
        ),
        (6554, 6547, 5, 1, 0)
    );
    assert_eq!((counts.unmatched_rows, counts.unmatched_codes), (1, 1));
    assert_eq!(counts.unmatched_examples, ["11110515"]);
    assert_eq!(counts.first_unmatched, Some(509));
    assert_eq!(counts.first_masked, Some(119));
    assert_eq!(counts.first_bad_hour, Some(6555));
    assert!((counts.unmatched_population - 5321.1234 / 7.0).abs() < 1e-9);
    // The boundaries' own codes: every used row matches exactly.
    assert_eq!(counts.by_prefix, 0);

    // Each period's population is the table's sum for its hours over the
    // days, less the rows left out.
    for text in ["night:22-06:2", "day:06-22", "all:00-24", "rush:07-09,17-19"] {
        let period = Period::parse(text).unwrap();
        let mut sum = 0.0;
        for i in 0..sample.hour.len() {
            let (Some(hour), RowValue::Number(value)) = (sample.hour[i], sample.value[i]) else {
                continue;
            };
            if period.hours.contains(hour) && sample.codes[sample.index[i] as usize] != "11110515" {
                sum += value;
            }
        }
        let total = population.total(period.hours);
        assert!(
            (total - sum / 7.0).abs() < 1e-6 * sum,
            "{text}: {total} vs {}",
            sum / 7.0
        );
        let spread: f64 = population.per_district(period.hours).iter().sum();
        assert!(
            (spread * period.hours.len() as f64 - total).abs() < 1e-6 * total,
            "{text}"
        );
    }

    // The profiles: a residential dong (주교동) fuller at night, Ilsan's
    // centre (마두1동) fuller by day.
    let night = Hours::parse("00-06").unwrap();
    let day = Hours::parse("10-17").unwrap();
    let at = |code: &str, hours: Hours| {
        let d = districts.iter().position(|c| c == code).unwrap();
        population.per_district(hours)[d]
    };
    assert!(at("3110151", night) > at("3110151", day) * 1.2);
    assert!(at("3110356", day) > at("3110356", night) * 1.5);
}
