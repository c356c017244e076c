//! The complaint records' outputs: `records.geojson`,
//! `records_not_located.csv`, the `records` object of `summary.json` and
//! the complaints section of `report.md`. None copies a record's text.

use std::fmt::Write as _;

use geo_types::Coord;
use serde_json::{Value, json};
use sightline_io::Plane;

use super::{Lang, OutputFormat, Properties, properties};
use crate::Error;
use crate::records::{Fate, Records, RecordsSummary};

/// `records.geojson`: one Point per record that is demand (placed,
/// weighing more than 0), in row order, with `row` (its row in its file:
/// a spreadsheet row for CSV and Excel, a feature index for GeoJSON and
/// Shapefiles), `category` (`null` for none), `weight` (category weight
/// × count × recency, times the layer weight `layer_weight`: the weight
/// the plan counts) and `located_by` (`coordinates` or `address`).
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output
/// system.
pub fn records_geojson(records: &Records, plane: &Plane, layer_weight: f64) -> Result<Vec<u8>, Error> {
    layer(records, plane, layer_weight, OutputFormat::GeoJson)
}

/// [`records_geojson`]'s features in `format`.
pub(super) fn layer(
    records: &Records,
    plane: &Plane,
    layer_weight: f64,
    format: OutputFormat,
) -> Result<Vec<u8>, Error> {
    let features: Vec<(Coord<f64>, Properties)> = records
        .used()
        .map(|(k, by, point)| {
            let props = properties(json!({
                "row": records.rows[k],
                "category": records.category_name(k),
                "weight": records.weight[k] * layer_weight,
                "located_by": by.name(),
            }));
            (point, props)
        })
        .collect();
    format.points(plane, &features)
}

/// `records_not_located.csv` (UTF-8): `row,address,reason` for every
/// record inside the dates that could not be placed, in row order; the
/// reason is `no address`, `no match` (also when no address table was
/// given), `ambiguous` or `outside the study area`.
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be written (never, in memory).
pub fn records_not_located_csv(records: &Records) -> Result<Vec<u8>, Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |error: csv::Error| {
        Error::Io(sightline_io::Error::Render {
            reason: error.to_string(),
        })
    };
    writer
        .write_record(["row", "address", "reason"])
        .map_err(failed)?;
    for (k, fate) in records.fate.iter().enumerate() {
        if let Fate::NotLocated { reason, address } = fate {
            writer
                .write_record([records.rows[k].to_string().as_str(), address, reason.name()])
                .map_err(failed)?;
        }
    }
    writer.into_inner().map_err(|error| {
        Error::Io(sightline_io::Error::Render {
            reason: error.to_string(),
        })
    })
}

/// The `records` object of `summary.json`: `read`, `skipped`,
/// `categories` (the names in the category file's order),
/// `by_category` (name → `count`, `located`, `weight`), `unmatched`
/// (the same three), `located_by_coordinates`, `located_by_address`,
/// `not_located` (and `not_located_by_reason`), `outside_dates`, `used`
/// and `used_weight` (the demand the records make, before the layer
/// weight), and `unreadable_times`.
pub fn records_summary(summary: &RecordsSummary) -> Value {
    let count = |c: &crate::records::CategoryCount| json!({"count": c.count, "located": c.located, "weight": c.weight});
    let by_category: serde_json::Map<String, Value> = summary
        .by_category
        .iter()
        .map(|c| (c.name.clone(), count(c)))
        .collect();
    let by_reason: serde_json::Map<String, Value> = summary
        .not_located_by_reason
        .iter()
        .map(|(reason, n)| (reason.name().to_owned(), json!(n)))
        .collect();
    let order: Vec<&str> = summary.by_category.iter().map(|c| c.name.as_str()).collect();
    json!({
        "read": summary.read,
        "categories": order,
        "skipped": summary.skipped,
        "unreadable_times": summary.unreadable_times,
        "outside_dates": summary.outside_dates,
        "by_category": by_category,
        "unmatched": count(&summary.unmatched),
        "located_by_coordinates": summary.located_by_coordinates,
        "located_by_address": summary.located_by_address,
        "not_located": summary.not_located,
        "not_located_by_reason": by_reason,
        "used": summary.used,
        "used_weight": summary.used_weight,
    })
}

/// The words of the complaints section, in English or Korean.
struct Words {
    heading: &'static str,
    read: &'static str,
    category: &'static str,
    records: &'static str,
    located: &'static str,
    weight: &'static str,
    unmatched: &'static str,
    by_month: &'static str,
    by_hour: &'static str,
    month: &'static str,
    hour: &'static str,
    words: &'static str,
    no_words: &'static str,
    word: &'static str,
}

const EN: Words = Words {
    heading: "Complaints",
    read: "records read; placed by coordinates; placed by address; not placed; outside the dates; skipped (time unreadable)",
    category: "Category",
    records: "Records",
    located: "Placed",
    weight: "Demand weight",
    unmatched: "(no category)",
    by_month: "By month received",
    by_hour: "By hour of the day",
    month: "Month",
    hour: "Hour",
    words: "Most frequent words of the records in no category (each held by at least {n} records at {n} or more places; email and web addresses, numbers, and names by their markers (민원인, 드림, 님...) left out; add them to a category's keywords to count them):",
    no_words: "No word is held by {n} or more records at {n} or more places among the records in no category.",
    word: "Word",
};

const KO: Words = Words {
    heading: "민원",
    read: "읽은 민원; 좌표로 위치; 주소로 위치; 위치 못 찾음; 기간 밖; 제외(접수일시 읽을 수 없음)",
    category: "분류",
    records: "민원 수",
    located: "위치 찾음",
    weight: "수요 가중치",
    unmatched: "(분류 없음)",
    by_month: "접수 월별",
    by_hour: "접수 시간대별",
    month: "월",
    hour: "시",
    words: "분류되지 않은 민원에 가장 많이 나온 낱말 (각각 {n}곳 이상에서 접수된 {n}건 이상의 민원에 나옴; 이메일·웹 주소, 숫자, 이름 표지(민원인, 드림, 님 등) 곁의 낱말은 뺌; 분류의 keywords에 넣으면 셉니다):",
    no_words: "분류되지 않은 민원 가운데 {n}곳 이상에서 접수된 {n}건 이상의 민원에 나온 낱말이 없습니다.",
    word: "낱말",
};

/// A bar of `n` out of `most`, at most 30 characters wide.
fn bar(n: usize, most: usize) -> String {
    let width = if most == 0 { 0 } else { (n * 30).div_ceil(most) };
    "█".repeat(width)
}

/// The complaints section of `report.md`: the records' counts, by
/// category, by month and by hour of the day (small text charts), and
/// the most frequent words of the records in no category.
pub fn records_section(records: &Records, lang: Lang) -> String {
    let w = if lang == Lang::Ko { &KO } else { &EN };
    let s = &records.summary;
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", w.heading);
    let labels: Vec<&str> = w.read.split("; ").collect();
    let figures = [
        s.read,
        s.located_by_coordinates,
        s.located_by_address,
        s.not_located,
        s.outside_dates,
        s.skipped,
    ];
    for (label, n) in labels.iter().zip(figures) {
        let _ = writeln!(out, "- {label}: {n}");
    }
    if !records.unusable_coordinates.is_empty() {
        let label = if lang == Lang::Ko {
            "좌표를 쓸 수 없는 행 (주소로 위치를 찾음)"
        } else {
            "rows whose coordinates cannot be used (placed by address where possible)"
        };
        let _ = writeln!(out, "- {label}: {}", records.unusable_coordinates.count);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |",
        w.category, w.records, w.located, w.weight
    );
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for c in &s.by_category {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} |",
            c.name, c.count, c.located, c.weight
        );
    }
    let unmatched = &s.unmatched;
    let name = if s.by_category.is_empty() {
        "—"
    } else {
        w.unmatched
    };
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {:.2} |",
        unmatched.count, unmatched.located, unmatched.weight
    );
    if !s.by_month.is_empty() {
        let most = s.by_month.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let _ = writeln!(out, "\n### {}\n", w.by_month);
        let _ = writeln!(out, "| {} | {} | |", w.month, w.records);
        let _ = writeln!(out, "|---|---:|---|");
        for (month, n) in &s.by_month {
            let _ = writeln!(out, "| {month} | {n} | {} |", bar(*n, most));
        }
    }
    if s.by_hour.iter().any(|&n| n > 0) {
        let most = s.by_hour.iter().copied().max().unwrap_or(0);
        let _ = writeln!(out, "\n### {}\n", w.by_hour);
        let _ = writeln!(out, "| {} | {} | |", w.hour, w.records);
        let _ = writeln!(out, "|---|---:|---|");
        for (hour, n) in s.by_hour.iter().enumerate() {
            let _ = writeln!(out, "| {hour:02} | {n} | {} |", bar(*n, most));
        }
    }
    if !records.category_names.is_empty() {
        let n = crate::records::MIN_RECORDS.to_string();
        let _ = writeln!(out);
        if s.unmatched_words.is_empty() {
            let _ = writeln!(out, "{}", w.no_words.replace("{n}", &n));
        } else {
            let _ = writeln!(out, "{}\n", w.words.replace("{n}", &n));
            let _ = writeln!(out, "| {} | {} |", w.word, w.records);
            let _ = writeln!(out, "|---|---:|");
            for (word, count) in &s.unmatched_words {
                let _ = writeln!(out, "| {word} | {count} |");
            }
        }
    }
    out
}
