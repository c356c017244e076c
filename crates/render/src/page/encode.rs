//! How the page's data is written: JSON text by hand (strings escaped so
//! that nothing can close the `<script>` element holding it, numbers by one
//! rounding rule) and coordinates as small integers.

use std::fmt::Write as _;

use geo_types::{Coord, LineString};

/// Appends `text` as a JSON string. `<`, `>`, `&` and the line and
/// paragraph separators are `\u` escapes, so the JSON can sit inside a
/// `<script>` element whatever the text holds.
pub(super) fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends an optional string: the string or `null`.
pub(super) fn opt_string(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => string(out, text),
        None => out.push_str("null"),
    }
}

/// Appends a finite number rounded to 12 significant digits (so that the
/// page's two decimals of a figure in the millions are the figure's own),
/// in its shortest form (`12.5`, `0.001`, `3`); never `-0`.
pub(super) fn number(out: &mut String, x: f64) {
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(0.0);
    if rounded == 0.0 {
        out.push('0');
    } else if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        let _ = write!(out, "{}", rounded as i64);
    } else {
        let _ = write!(out, "{rounded}");
    }
}

/// Appends an optional number: the number or `null`.
pub(super) fn opt_number(out: &mut String, x: Option<f64>) {
    match x {
        Some(x) => number(out, x),
        None => out.push_str("null"),
    }
}

/// Appends `"key":` (after a comma unless `first`).
pub(super) fn key(out: &mut String, name: &str, first: bool) {
    if !first {
        out.push(',');
    }
    string(out, name);
    out.push(':');
}

/// Integer coordinates: a coordinate is `origin + value × unit`, with
/// `unit` 0.1 m for plane metres and 10⁻⁶° for longitude and latitude
/// (about 0.1 m too), so a city's coordinates take 4 to 7 digits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Grid {
    /// The unit, in metres or degrees.
    pub(super) unit: f64,
    /// The origin, in units.
    pub(super) origin: (i64, i64),
}

impl Grid {
    /// The grid of `lonlat` coordinates whose smallest values are `min`.
    pub(super) fn new(lonlat: bool, min: Coord<f64>) -> Self {
        let unit = if lonlat { 1e-6 } else { 0.1 };
        Self {
            unit,
            origin: ((min.x / unit).floor() as i64, (min.y / unit).floor() as i64),
        }
    }

    /// `at` in units from the origin.
    pub(super) fn at(&self, at: Coord<f64>) -> (i64, i64) {
        (
            (at.x / self.unit).round() as i64 - self.origin.0,
            (at.y / self.unit).round() as i64 - self.origin.1,
        )
    }

    /// Appends `at` as two integers, `x,y`.
    pub(super) fn point(&self, out: &mut String, at: Coord<f64>) {
        let (x, y) = self.at(at);
        let _ = write!(out, "{x},{y}");
    }

    /// Appends a ring as `[x0,y0,dx1,dy1,…]`: its first vertex from `from`
    /// (units from the origin) and each next one from the one before;
    /// the closing vertex and repeated vertices are left out.
    pub(super) fn ring(&self, out: &mut String, ring: &LineString<f64>, from: (i64, i64)) {
        out.push('[');
        let mut last = from;
        let mut count = 0usize;
        let n = ring.0.len();
        let closed = n > 1 && ring.0[0] == ring.0[n - 1];
        for &vertex in &ring.0[..if closed { n - 1 } else { n }] {
            let here = self.at(vertex);
            if count > 0 && here == last {
                continue;
            }
            if count > 0 {
                out.push(',');
            }
            let _ = write!(out, "{},{}", here.0 - last.0, here.1 - last.1);
            last = here;
            count += 1;
        }
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{coord, line_string};

    #[test]
    fn strings_cannot_close_the_script() {
        let mut out = String::new();
        string(&mut out, "</script><img src=x onerror=alert(1)>\"\\\n\u{2028}");
        assert_eq!(
            out,
            r#""\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e\"\\\n\u2028""#
        );
    }

    #[test]
    fn numbers_are_rounded_and_short() {
        let cases = [
            (3.0, "3"),
            (-0.0, "0"),
            (12.5, "12.5"),
            (1.0 / 3.0, "0.333333333333"),
            (123456789.123, "123456789.123"),
            (1009361.1739, "1009361.1739"),
            (12345678901234.5, "12345678901200"),
            (0.001, "0.001"),
            (-2.25, "-2.25"),
        ];
        for (x, expected) in cases {
            let mut out = String::new();
            number(&mut out, x);
            assert_eq!(out, expected, "{x}");
        }
    }

    #[test]
    fn rings_are_deltas_without_the_closing_vertex() {
        let grid = Grid::new(false, coord! { x: 100.0, y: 200.0 });
        assert_eq!(grid.at(coord! { x: 100.04, y: 201.0 }), (0, 10));
        let mut out = String::new();
        let ring = line_string![(x: 100.0, y: 200.0), (x: 110.0, y: 200.0), (x: 110.0, y: 200.0), (x: 110.0, y: 205.0), (x: 100.0, y: 200.0)];
        grid.ring(&mut out, &ring, (0, 0));
        assert_eq!(out, "[0,0,100,0,0,50]");
        let lonlat = Grid::new(true, coord! { x: 126.5, y: 37.25 });
        assert_eq!(lonlat.at(coord! { x: 126.500001, y: 37.26 }), (1, 10000));
    }
}
