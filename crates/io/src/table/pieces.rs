//! A big CSV body parsed in parallel: cut into pieces at record
//! boundaries, each piece parsed by a reader of its own, the rows
//! numbered afterwards as one reader would have numbered them.
//!
//! A record boundary is a line break outside quotes: where the quotes
//! before it are even in number (RFC 4180 doubles a quote inside a
//! quoted field, so the count's parity tells inside from outside). A
//! file with a stray quote inside an unquoted field could fool the count;
//! a piece that then fails to parse, or whose rows have another number of
//! fields than the header, sends the caller back to the one-reader path,
//! which reports the error exactly.

use geo_types::Coord;
use rayon::prelude::*;

use crate::Cell;
use crate::csv_points::{SkipReason, Unusable, coordinates};

/// Bodies smaller than this are parsed by one reader.
pub(crate) const PARALLEL_BYTES: usize = 8 << 20;

/// Whether every field of a record is empty or blank.
pub(crate) fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|field| field.trim_ascii().is_empty())
}

/// One piece's rows.
pub(super) struct Piece {
    /// Records read, blank ones too.
    pub(super) records: usize,
    /// Each row's record in the piece (0-based; blank records have none).
    pub(super) rows: Vec<usize>,
    /// Each row's kept cells.
    pub(super) cells: Vec<Vec<Cell>>,
    /// Each row's point.
    pub(super) points: Vec<Option<Coord<f64>>>,
    /// Rows whose coordinates are present but unusable: their record in
    /// the piece, and why.
    pub(super) unusable: Vec<(usize, SkipReason)>,
}

/// Offsets cutting `body` into about `pieces` parts, each starting a
/// record: 0, the cuts, and `body.len()`.
pub(crate) fn cuts(body: &[u8], pieces: usize) -> Vec<usize> {
    let count = |bytes: &[u8]| memchr::memchr_iter(b'"', bytes).count();
    let mut cuts = vec![0];
    // Scanned up to `at`; `quotes` quotes before it.
    let (mut at, mut quotes) = (0, 0);
    for k in 1..pieces.max(1) {
        let target = body.len() * k / pieces;
        if target > at {
            quotes += count(&body[at..target]);
            at = target;
        }
        loop {
            let Some(offset) = memchr::memchr(b'\n', &body[at..]) else {
                at = body.len();
                break;
            };
            quotes += count(&body[at..at + offset]);
            at += offset + 1;
            if quotes % 2 == 0 {
                break;
            }
        }
        if at >= body.len() {
            break;
        }
        cuts.push(at);
    }
    cuts.push(body.len());
    cuts.dedup();
    cuts
}

/// Parses each piece of `body` between consecutive `cuts` in parallel;
/// `None` when a piece does not parse or has a row of another width than
/// `width` (the one-reader path then reports it).
pub(super) fn parse(
    body: &[u8],
    cuts: &[usize],
    delimiter: u8,
    width: usize,
    kept: &[usize],
    xy: Option<(usize, usize)>,
    geographic: bool,
) -> Option<Vec<Piece>> {
    cuts.par_windows(2)
        .map(|window| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(&body[window[0]..window[1]]);
            let mut piece = Piece {
                records: 0,
                rows: Vec::new(),
                cells: Vec::new(),
                points: Vec::new(),
                unusable: Vec::new(),
            };
            let mut record = csv::ByteRecord::new();
            let text =
                |record: &csv::ByteRecord, i: usize| std::str::from_utf8(&record[i]).map(str::to_owned);
            while reader.read_byte_record(&mut record).ok()? {
                if record.len() != width {
                    return None;
                }
                piece.records += 1;
                if is_blank(&record) {
                    continue;
                }
                let at = piece.records - 1;
                let cells = kept
                    .iter()
                    .map(|&i| match &record[i] {
                        b"" => Some(Cell::Empty),
                        _ => text(&record, i).ok().map(Cell::Text),
                    })
                    .collect::<Option<Vec<Cell>>>()?;
                let point = match xy {
                    None => None,
                    Some((x, y)) => {
                        let x = std::str::from_utf8(&record[x]).ok()?;
                        let y = std::str::from_utf8(&record[y]).ok()?;
                        match coordinates(x, y, geographic) {
                            Ok((x, y)) => Some(Coord { x, y }),
                            Err(Unusable::Skip(SkipReason::Empty)) => None,
                            Err(Unusable::Skip(reason)) => {
                                piece.unusable.push((at, reason));
                                None
                            }
                            Err(Unusable::Swapped(_)) => {
                                piece.unusable.push((at, SkipReason::OutOfRange));
                                None
                            }
                        }
                    }
                };
                piece.rows.push(at);
                piece.cells.push(cells);
                piece.points.push(point);
            }
            Some(piece)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_after_line_breaks_outside_quotes() {
        let body = b"a,\"x\ny\",1\nb,\"q\"\"\n\",2\nc,z,3\n";
        let cuts = cuts(body, 8);
        for &cut in &cuts[1..cuts.len() - 1] {
            assert_eq!(body[cut - 1], b'\n');
            let quotes = body[..cut].iter().filter(|&&b| b == b'"').count();
            assert_eq!(quotes % 2, 0, "cut at {cut}");
        }
        assert_eq!(cuts.first(), Some(&0));
        assert_eq!(cuts.last(), Some(&body.len()));
        // Only the three record starts after the first can be cuts.
        assert!(
            cuts.iter().all(|c| [0, 10, 21, body.len()].contains(c)),
            "{cuts:?}"
        );
    }

    #[test]
    fn pieces_read_what_one_reader_reads() {
        let mut body = String::new();
        for i in 0..500 {
            body.push_str(&format!(
                "{i},\"text, with a comma\nand a \"\"line\"\"\",126.{i},37.5\n"
            ));
        }
        let cuts = cuts(body.as_bytes(), 7);
        assert!(cuts.len() > 3);
        let pieces = parse(body.as_bytes(), &cuts, b',', 4, &[0, 1], Some((2, 3)), true).unwrap();
        let cells: Vec<Vec<Cell>> = pieces.into_iter().flat_map(|p| p.cells).collect();
        assert_eq!(cells.len(), 500);
        assert_eq!(cells[499][0], Cell::Text("499".into()));
        assert_eq!(
            cells[7][1],
            Cell::Text("text, with a comma\nand a \"line\"".into())
        );
    }
}
