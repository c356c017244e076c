//! The attribute table of a Shapefile: a dBase III file, read here rather
//! than through the `dbase` crate so that field names and text are decoded
//! in one encoding chosen as GIS programs choose it (the `.cpg` file, the
//! language driver byte, else detected), and errors name the record and
//! field.

use std::path::Path;

use encoding_rs::{EUC_KR, Encoding, UTF_8};

use crate::cell::serial_of_date;
use crate::{Cell, Error};

/// A DBF file, decoded.
pub(crate) struct Dbf {
    /// The field names.
    pub(crate) fields: Vec<String>,
    /// One row of cells per record.
    pub(crate) records: Vec<Vec<Cell>>,
}

/// A field descriptor.
struct Field {
    name: Vec<u8>,
    kind: u8,
    offset: usize,
    length: usize,
}

/// The language driver byte of Korean (code page 949).
const LDID_KOREAN: u8 = 0x79;

/// The encoding a `.cpg` file names: `UTF-8`, `UTF8`, `65001`, `CP949`,
/// `949`, `ANSI 949`, `EUC-KR`, `ks_c_5601-1987`, or any WHATWG label;
/// `None` when not understood.
pub(crate) fn cpg_encoding(text: &str) -> Option<&'static Encoding> {
    let label = text.trim().trim_start_matches('\u{feff}').trim();
    let lower = label.to_ascii_lowercase();
    let code = lower
        .strip_prefix("ansi")
        .or_else(|| lower.strip_prefix("cp"))
        .or_else(|| lower.strip_prefix("windows-"))
        .unwrap_or(&lower)
        .trim();
    match code {
        "65001" | "utf8" | "utf-8" => Some(UTF_8),
        "949" | "51949" | "uhc" => Some(EUC_KR),
        _ => Encoding::for_label(label.as_bytes()),
    }
}

/// Reads a DBF file. `encoding`: from the `.cpg` file, if any; else the
/// language driver byte, else UTF-8 when every text field and name is
/// valid UTF-8, else CP949.
pub(crate) fn read_dbf(path: &Path, bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<Dbf, Error> {
    let bad = |record: Option<usize>, field: Option<&str>, reason: String| Error::Dbf {
        path: path.to_path_buf(),
        record,
        field: field.map(str::to_owned),
        reason,
    };
    if bytes.len() < 32 {
        return Err(bad(
            None,
            None,
            format!("{} bytes, too short for a dBase header", bytes.len()),
        ));
    }
    let count = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let header_len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let record_len = usize::from(u16::from_le_bytes([bytes[10], bytes[11]]));
    let ldid = bytes[29];
    if header_len < 33 || header_len > bytes.len() {
        return Err(bad(
            None,
            None,
            format!(
                "the header length {header_len} does not fit a file of {} bytes: not a dBase file",
                bytes.len()
            ),
        ));
    }
    let mut fields = Vec::new();
    let mut offset = 1;
    for descriptor in bytes[32..header_len].chunks(32) {
        if descriptor[0] == 0x0D || descriptor.len() < 32 {
            break;
        }
        let name_len = descriptor[..11].iter().position(|&b| b == 0).unwrap_or(11);
        let length = usize::from(descriptor[16]);
        fields.push(Field {
            name: descriptor[..name_len].to_vec(),
            kind: descriptor[11].to_ascii_uppercase(),
            offset,
            length,
        });
        offset += length;
    }
    if offset != record_len {
        return Err(bad(
            None,
            None,
            format!(
                "the fields take {offset} bytes a record, but the header says records are {record_len} bytes"
            ),
        ));
    }
    let available = (bytes.len() - header_len) / record_len.max(1);
    if available < count {
        return Err(bad(
            None,
            None,
            format!("the header says {count} records, but the file holds only {available}: is it truncated?"),
        ));
    }
    let record = |i: usize| &bytes[header_len + i * record_len..header_len + (i + 1) * record_len];

    let encoding = encoding.unwrap_or_else(|| {
        if ldid == LDID_KOREAN {
            return EUC_KR;
        }
        let text_is_utf8 = |data: &[u8]| std::str::from_utf8(data).is_ok();
        let all_utf8 = fields.iter().all(|f| name_is_utf8(&f.name))
            && (0..count).all(|i| {
                fields
                    .iter()
                    .filter(|f| f.kind == b'C')
                    .all(|f| text_is_utf8(&record(i)[f.offset..f.offset + f.length]))
            });
        if all_utf8 { UTF_8 } else { EUC_KR }
    });
    let decode = |data: &[u8]| {
        encoding
            .decode_without_bom_handling_and_without_replacement(data)
            .map(|text| text.into_owned())
    };
    let names = distinct_names(fields.iter().map(|f| field_name(encoding, &f.name)).collect());

    let mut records = Vec::with_capacity(count);
    for i in 0..count {
        let data = record(i);
        let mut cells = Vec::with_capacity(fields.len());
        for (field, name) in fields.iter().zip(&names) {
            let raw = &data[field.offset..field.offset + field.length];
            let trimmed = raw.trim_ascii();
            let text = || {
                decode(trimmed).ok_or_else(|| {
                    bad(
                        Some(i),
                        Some(name),
                        format!("the text is not valid {}", encoding.name()),
                    )
                })
            };
            let cell =
                match field.kind {
                    _ if trimmed.is_empty() || trimmed.iter().all(|&b| b == 0) => Cell::Empty,
                    b'C' | b'M' => {
                        // Text keeps its leading spaces; padding is trailing.
                        let end = raw
                            .iter()
                            .rposition(|&b| b != b' ' && b != 0)
                            .map_or(0, |e| e + 1);
                        Cell::Text(decode(&raw[..end]).ok_or_else(|| {
                            bad(
                                Some(i),
                                Some(name),
                                format!("the text is not valid {}", encoding.name()),
                            )
                        })?)
                    }
                    b'N' | b'F' => {
                        let text = text()?;
                        if text.bytes().all(|b| b == b'*') {
                            Cell::Empty
                        } else {
                            Cell::Number(text.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(
                                || bad(Some(i), Some(name), format!("`{text}` is not a number")),
                            )?)
                        }
                    }
                    b'L' => match trimmed[0] {
                        b'T' | b't' | b'Y' | b'y' => Cell::Bool(true),
                        b'F' | b'f' | b'N' | b'n' => Cell::Bool(false),
                        _ => Cell::Empty,
                    },
                    b'D' => date(trimmed).ok_or_else(|| {
                        bad(
                            Some(i),
                            Some(name),
                            format!("`{}` is not a date (YYYYMMDD)", String::from_utf8_lossy(trimmed)),
                        )
                    })?,
                    b'I' if raw.len() == 4 => {
                        Cell::Number(f64::from(i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]])))
                    }
                    b'O' if raw.len() == 8 => {
                        let mut eight = [0; 8];
                        eight.copy_from_slice(raw);
                        Cell::Number(f64::from_le_bytes(eight))
                    }
                    _ => Cell::Text(text()?),
                };
            cells.push(cell);
        }
        records.push(cells);
    }
    Ok(Dbf {
        fields: names,
        records,
    })
}

/// Whether a field name is UTF-8 but for characters cut short: a DBF
/// field name holds at most 10 bytes, and GDAL cuts longer names in the
/// middle of a character (and puts its `_1` after such a cut when two cut
/// names are equal).
fn name_is_utf8(name: &[u8]) -> bool {
    name.utf8_chunks().all(|chunk| match chunk.invalid() {
        [] => true,
        [lead, rest @ ..] => {
            let needed = match lead {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return false,
            };
            rest.len() + 1 < needed && rest.iter().all(|&b| b & 0xC0 == 0x80)
        }
    })
}

/// A field name decoded leniently, as GDAL reads names cut at the 10-byte
/// limit: a character cut short (at the end, or before GDAL's `_1`) is
/// dropped, so `보안등위치명` cut to `보안등` + one byte reads `보안등`.
/// Values, unlike names, are decoded strictly.
fn field_name(encoding: &'static Encoding, bytes: &[u8]) -> String {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.replace('\u{fffd}', "").trim().to_owned()
}

/// Names made distinct: a name met before gets the first free suffix
/// `_1`, `_2`... (the suffix GDAL gives the second of two names equal
/// once cut to 10 bytes). GDAL's reader keeps both under one name; a
/// property map cannot, and which of them a user means is unclear.
fn distinct_names(names: Vec<String>) -> Vec<String> {
    let mut taken: std::collections::HashSet<String> = names.iter().cloned().collect();
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|name| {
            if seen.insert(name.clone()) {
                return name;
            }
            let free = (1..)
                .map(|k| format!("{name}_{k}"))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_default();
            taken.insert(free.clone());
            seen.insert(free.clone());
            free
        })
        .collect()
}

/// A DBF date, `YYYYMMDD`; `00000000` is no date.
fn date(text: &[u8]) -> Option<Cell> {
    if text.iter().all(|&b| b == b'0') {
        return Some(Cell::Empty);
    }
    if text.len() != 8 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| std::str::from_utf8(&text[range]).ok()?.parse::<u32>().ok();
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(Cell::DateTime(serial_of_date(i64::from(year), month, day)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn code_pages_are_understood() {
        for label in ["UTF-8", "utf8", "65001", " UTF-8\r\n"] {
            assert_eq!(cpg_encoding(label), Some(UTF_8), "{label}");
        }
        for label in ["CP949", "949", "EUC-KR", "ANSI 949", "ks_c_5601-1987", "cp949"] {
            assert_eq!(cpg_encoding(label), Some(EUC_KR), "{label}");
        }
        assert_eq!(cpg_encoding("Klingon"), None);
    }

    #[test]
    fn names_cut_short_are_read_and_made_distinct() {
        assert!(name_is_utf8(b"\xeb\xb3\xb4\xec\x95\x88\xeb\x93\xb1\xec"));
        assert!(name_is_utf8(b"\xea\xb4\x80\xeb\xa6\xac\xea\xb8_1"));
        // CP949 보안: its first byte is no UTF-8 lead byte.
        assert!(!name_is_utf8(b"\xba\xb8\xbe\xc8"));
        assert_eq!(field_name(UTF_8, b"\xec\x9c\x84\xeb\x8f\x84\xec"), "위도");
        assert_eq!(field_name(EUC_KR, b"\xc0\xa7\xb5\xb5\xb0"), "위도");
        let names = ["A", "A", "A_1", "A"].map(String::from).to_vec();
        assert_eq!(distinct_names(names), ["A", "A_2", "A_1", "A_3"]);
    }

    #[test]
    fn dates_are_read() {
        assert_eq!(date(b"20250304"), Some(Cell::DateTime(45720.0)));
        assert_eq!(date(b"00000000"), Some(Cell::Empty));
        assert_eq!(date(b"2025034"), None);
        assert_eq!(date(b"20251304"), None);
    }
}
