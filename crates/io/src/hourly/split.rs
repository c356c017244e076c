//! The CSV path of [`read_hourly`](super::read_hourly): records split on
//! the raw bytes (UTF-8 or CP949 alike), only the header and the code and
//! day fields decoded, a big body parsed in pieces in parallel (cut as
//! [`pieces::cuts`] cuts a table's). Codes are numbered per piece, then
//! merged.

use std::path::Path;

use encoding_rs::EUC_KR;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    CodeColumn, HourlyOptions, HourlyTable, HourlyValue, code_of, empty, find_columns, hour_of, value_of,
};
use crate::csv_points::{HEADER_ROW, detect_delimiter};
use crate::table::{is_utf8, pieces};
use crate::{Encoding, Error};

/// One piece's rows.
struct Piece {
    /// Records read, blank ones too.
    records: usize,
    /// Each row's record in the piece (0-based; blank records have none).
    rows: Vec<u32>,
    hour: Vec<Option<u8>>,
    value: Vec<HourlyValue>,
    /// Per code column: the piece's distinct codes (normalised bytes),
    /// and each row's number among them.
    codes: Vec<(Vec<Vec<u8>>, Vec<u32>)>,
    /// The distinct day texts.
    days: FxHashSet<Vec<u8>>,
}

/// Why a piece could not be read: a record of another width, broken
/// quoting.
struct Failure {
    /// The record in the piece (0-based).
    record: usize,
    /// Its line in the piece (1-based).
    line: u64,
    reason: String,
}

/// Reads a CSV hourly table with up to `threads` readers.
pub(super) fn read_csv(
    path: &Path,
    bytes: &[u8],
    options: &HourlyOptions,
    threads: usize,
) -> Result<HourlyTable, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let encoding = match options.encoding {
        Encoding::Auto if is_utf8(bytes, threads) => Encoding::Utf8,
        Encoding::Auto => Encoding::Cp949,
        given => given,
    };
    let first_line = &bytes[..memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())];
    // A UTF-8 header that is not CP949, in a file that is not all UTF-8:
    // a UTF-8 file with a stray byte, which is what to name.
    if options.encoding == Encoding::Auto
        && encoding == Encoding::Cp949
        && std::str::from_utf8(first_line).is_ok()
        && EUC_KR
            .decode_without_bom_handling_and_without_replacement(first_line)
            .is_none()
        && let Err(error) = std::str::from_utf8(bytes)
    {
        let at = error.valid_up_to();
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
        return Err(Error::Decode {
            path: path.to_path_buf(),
            line,
            reason: format!(
                "the file is UTF-8 (its header is), but line {line} holds a byte that is not UTF-8 (byte {} of the file)",
                at + 1
            ),
        });
    }
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&String::from_utf8_lossy(first_line)));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let has_header = reader
        .read_byte_record(&mut record)
        .map_err(|error| crate::csv_points::csv_error(path, HEADER_ROW, &error))?;
    let header = if has_header {
        record
            .iter()
            .map(|field| header_name(path, field, encoding))
            .collect::<Result<Vec<String>, Error>>()?
    } else {
        Vec::new()
    };
    let columns = find_columns(path, &header, options)?;
    let offset = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
    let header_lines = memchr::memchr_iter(b'\n', &bytes[..offset]).count() as u64;
    let body = &bytes[offset.min(bytes.len())..];

    let parse = |piece: &[u8]| parse_piece(piece, delimiter, header.len(), &columns);
    let parsed = if threads > 1 && body.len() >= pieces::PARALLEL_BYTES {
        let cuts = pieces::cuts(body, threads * 4);
        let pieces: Vec<Result<Piece, Failure>> =
            cuts.par_windows(2).map(|w| parse(&body[w[0]..w[1]])).collect();
        pieces.into_iter().collect::<Result<Vec<Piece>, Failure>>()
    } else {
        Err(Failure {
            record: 0,
            line: 0,
            reason: String::new(),
        })
    };
    // One reader, when the body is small or a piece failed (a stray quote
    // can mislead the cuts): its error names the row exactly.
    let parsed = match parsed {
        Ok(pieces) => pieces,
        Err(_) => vec![parse(body).map_err(|failure| Error::CsvRow {
            path: path.to_path_buf(),
            row: HEADER_ROW + 1 + failure.record,
            line: header_lines + failure.line,
            reason: failure.reason,
        })?],
    };

    let mut table = empty(path, &header, &columns);
    table.encoding = Some(encoding);
    let rows: usize = parsed.iter().map(|p| p.rows.len()).sum();
    table.rows.reserve(rows);
    table.hour.reserve(rows);
    table.value.reserve(rows);
    let mut numbers: Vec<FxHashMap<Vec<u8>, u32>> = vec![FxHashMap::default(); columns.codes.len()];
    let mut codes: Vec<Vec<Vec<u8>>> = vec![Vec::new(); columns.codes.len()];
    let mut indices: Vec<Vec<u32>> = vec![Vec::with_capacity(rows); columns.codes.len()];
    let mut days: FxHashSet<Vec<u8>> = FxHashSet::default();
    let mut records = 0;
    for piece in parsed {
        let first = (HEADER_ROW + 1 + records) as u32;
        records += piece.records;
        table.blank_rows += piece.records - piece.rows.len();
        table.rows.extend(piece.rows.iter().map(|k| first + k));
        table.hour.extend(piece.hour);
        table.value.extend(piece.value);
        for (k, (local, index)) in piece.codes.into_iter().enumerate() {
            let global: Vec<u32> = local
                .into_iter()
                .map(|code| {
                    let next = codes[k].len() as u32;
                    *numbers[k].entry(code).or_insert_with_key(|code| {
                        codes[k].push(code.clone());
                        next
                    })
                })
                .collect();
            indices[k].extend(index.iter().map(|&i| global[i as usize]));
        }
        days.extend(piece.days);
    }
    table.days = days.len().max(1);
    table.code_columns = table
        .code_columns
        .into_iter()
        .zip(codes.into_iter().zip(indices))
        .map(|(column, (codes, index))| CodeColumn {
            name: column.name,
            codes: codes.iter().map(|code| text_of(code, encoding)).collect(),
            index,
        })
        .collect();
    Ok(table)
}

/// A header field as a name: decoded, trimmed of white space, quotes,
/// byte order marks and leading `?`.
fn header_name(path: &Path, field: &[u8], encoding: Encoding) -> Result<String, Error> {
    let decoded = match encoding {
        Encoding::Cp949 => EUC_KR
            .decode_without_bom_handling_and_without_replacement(field)
            .map(|text| text.into_owned()),
        _ => std::str::from_utf8(field).ok().map(str::to_owned),
    };
    let name = decoded.ok_or_else(|| Error::Decode {
        path: path.to_path_buf(),
        line: 1,
        reason: format!(
            "the header is not valid {}",
            match encoding {
                Encoding::Cp949 => "CP949 (EUC-KR)",
                _ => "UTF-8; the file may be CP949 (EUC-KR): read it with the encoding `cp949`",
            }
        ),
    })?;
    Ok(name
        .trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\u{feff}')
        .trim_start_matches('?')
        .trim_matches(|c: char| c.is_whitespace() || c == '"')
        .to_owned())
}

/// A code's bytes as text.
fn text_of(code: &[u8], encoding: Encoding) -> String {
    match std::str::from_utf8(code) {
        Ok(text) if code.is_ascii() || encoding != Encoding::Cp949 => text.to_owned(),
        _ if encoding == Encoding::Cp949 => EUC_KR.decode_without_bom_handling(code).0.into_owned(),
        _ => String::from_utf8_lossy(code).into_owned(),
    }
}

fn parse_piece(
    bytes: &[u8],
    delimiter: u8,
    width: usize,
    columns: &super::Columns,
) -> Result<Piece, Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut piece = Piece {
        records: 0,
        rows: Vec::new(),
        hour: Vec::new(),
        value: Vec::new(),
        codes: vec![(Vec::new(), Vec::new()); columns.codes.len()],
        days: FxHashSet::default(),
    };
    let mut numbers: Vec<FxHashMap<Vec<u8>, u32>> = vec![FxHashMap::default(); columns.codes.len()];
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                return Err(Failure {
                    record: piece.records,
                    line: error.position().map_or(0, csv::Position::line),
                    reason: error.to_string(),
                });
            }
        }
        let at = piece.records;
        piece.records += 1;
        // No cell of a population table holds a line break: one that does
        // is a quote left open, which would swallow the rows after it.
        if let Some(field) = record.iter().position(|f| memchr::memchr(b'\n', f).is_some()) {
            return Err(Failure {
                record: at,
                line: record.position().map_or(0, csv::Position::line),
                reason: format!(
                    "column {} holds a line break: a quote opened in this row is not closed on its line",
                    field + 1
                ),
            });
        }
        if record.len() != width {
            if pieces::is_blank(&record) {
                continue;
            }
            return Err(Failure {
                record: at,
                line: record.position().map_or(0, csv::Position::line),
                reason: format!("has {} fields, but the header has {width}", record.len()),
            });
        }
        if pieces::is_blank(&record) {
            continue;
        }
        piece.rows.push(at as u32);
        piece.hour.push(hour_of(&record[columns.hour]));
        piece.value.push(value_of(&record[columns.value]));
        for (k, &c) in columns.codes.iter().enumerate() {
            let code = code_of(&record[c]);
            let (codes, index) = &mut piece.codes[k];
            let number = match numbers[k].get(code) {
                Some(&number) => number,
                None => {
                    let number = codes.len() as u32;
                    codes.push(code.to_vec());
                    numbers[k].insert(code.to_vec(), number);
                    number
                }
            };
            index.push(number);
        }
        if let Some(d) = columns.day {
            let day = record[d].trim_ascii();
            if !piece.days.contains(day) {
                piece.days.insert(day.to_vec());
            }
        }
    }
    Ok(piece)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A census-output-area table: 33 columns, every cell quoted.
    fn big_table(rows: usize) -> (String, usize, usize) {
        let mut text = String::from(
            "\u{feff}\"기준일ID\",\"시간대구분\",\"행정동코드\",\"집계구코드\",\"총생활인구수\"",
        );
        for k in 0..28 {
            text.push_str(&format!(",\"성연령{k}\""));
        }
        text.push('\n');
        let (mut masked, mut blank) = (0, 0);
        for i in 0..rows {
            let value = if i % 50 == 7 {
                masked += 1;
                "*".to_owned()
            } else {
                format!("{}.{:02}", i % 997, i % 100)
            };
            text.push_str(&format!(
                "\"2023010{}\",\"{:02}\",\"1111{:04}\",\"1111{:04}0{:04}\",\"{value}\"",
                1 + i % 3,
                i % 24,
                i % 400,
                i % 400,
                i % 9000
            ));
            for _ in 0..28 {
                text.push_str(",\"1.25\"");
            }
            text.push('\n');
            if i % 1000 == 999 {
                text.push_str(&",".repeat(32));
                text.push('\n');
                blank += 1;
            }
        }
        (text, masked, blank)
    }

    #[test]
    fn pieces_read_what_one_reader_reads() {
        let (text, masked, blank) = big_table(60_000);
        assert!(text.len() > pieces::PARALLEL_BYTES);
        let path = Path::new("LOCAL_PEOPLE_20230101.csv");
        // Seoul's files: a UTF-8 byte order mark, then CP949.
        let mut cp949 = b"\xEF\xBB\xBF".to_vec();
        cp949.extend_from_slice(&EUC_KR.encode(text.trim_start_matches('\u{feff}')).0);
        let one = read_csv(path, text.as_bytes(), &HourlyOptions::new(), 1).unwrap();
        let many = read_csv(path, &cp949, &HourlyOptions::new(), 3).unwrap();
        assert_eq!(one.encoding, Some(Encoding::Utf8));
        assert_eq!(many.encoding, Some(Encoding::Cp949));
        assert_eq!(many.rows.len(), 60_000);
        assert_eq!(one.rows, many.rows);
        assert_eq!(one.hour, many.hour);
        assert_eq!(one.value, many.value);
        assert_eq!(one.code_columns, many.code_columns);
        assert_eq!((one.blank_rows, many.blank_rows), (blank, blank));
        assert_eq!(many.days, 3);
        assert_eq!(
            many.value.iter().filter(|v| **v == HourlyValue::Masked).count(),
            masked
        );
        let names: Vec<&str> = many.code_columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["집계구코드", "행정동코드"]);
        assert_eq!(many.code_columns[1].codes.len(), 400);
        assert_eq!(many.code_columns[0].code(1), "1111000100001");
        // Row 1000 (record 999) is followed by a blank row.
        assert_eq!(&many.rows[999..1001], &[1001, 1003]);
        // A ragged row deep in the file is named by one reader.
        let broken = format!("{text}\"20230101\",\"00\"\n");
        let error = read_csv(path, broken.as_bytes(), &HourlyOptions::new(), 3).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(&format!("row {} ", 60_000 + blank + 2)),
            "{error}"
        );
        assert!(
            error.to_string().contains("has 2 fields, but the header has 33"),
            "{error}"
        );
    }

    #[test]
    fn a_header_not_in_its_encoding_is_an_error() {
        let bytes = EUC_KR
            .encode("시간대구분,행정동코드,총생활인구수\n00,1,2\n")
            .0
            .into_owned();
        let error = read_csv(
            Path::new("t.csv"),
            &bytes,
            &HourlyOptions::new().encoding(Encoding::Utf8),
            1,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("the header is not valid UTF-8"),
            "{error}"
        );
    }
}
