//! The SVG writer shared by the map and the chart: escaping, pixel
//! rounding, elements, the document around a body, the title block, and
//! numbers and text sized for people.

/// The outer margin of every picture, in px.
pub(crate) const MARGIN: f64 = 24.0;

/// Fonts tried in order: the Korean font that comes with Windows, then
/// macOS's, then the Noto CJK and Nanum fonts of Linux desktops, so that
/// Hangul renders without installing anything; each also has Latin.
pub(crate) const FONTS: &str =
    "'Malgun Gothic', 'Apple SD Gothic Neo', 'Noto Sans CJK KR', 'NanumGothic', sans-serif";

/// Appends `text` XML-escaped; characters XML 1.0 forbids become U+FFFD,
/// and line breaks and tabs become spaces.
fn escape_into(out: &mut String, text: &str) {
    escape_with(out, text, true);
}

/// [`escape_into`] for a value in double quotes, where `'` may stay (the
/// font stack's quoted names read as written); also report.html's text.
pub(crate) fn escape_attribute_into(out: &mut String, text: &str) {
    escape_with(out, text, false);
}

fn escape_with(out: &mut String, text: &str, apostrophe: bool) {
    // Most text (every number, path and class) needs nothing changed:
    // copied at once, not character by character. 0xEF leads the UTF-8
    // of U+FFFE and U+FFFF.
    let plain = |b: u8| b >= 0x20 && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF);
    if text.bytes().all(plain) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if apostrophe => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A pixel coordinate: rounded to 0.1, without a trailing `.0` or `-0`.
pub(crate) fn px(value: f64) -> String {
    let mut out = String::with_capacity(8);
    px_into(&mut out, value);
    out
}

/// Appends [`px`] of `value` to `out`: what `format!("{value:.1}")` gives
/// (the exact binary value rounded half to even), without its trailing
/// `.0` or `-0`, written without the formatting machinery, which took
/// a tenth of the maps' time.
pub(crate) fn px_into(out: &mut String, value: f64) {
    let Some(tenths) = tenths(value) else {
        let text = format!("{value:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        out.push_str(if text == "-0" { "0" } else { text });
        return;
    };
    if tenths < 0 {
        out.push('-');
    }
    let magnitude = tenths.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut whole = magnitude / 10;
    loop {
        at -= 1;
        digits[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
    if magnitude % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (magnitude % 10) as u8));
    }
}

/// `value` in tenths, rounded as `{:.1}` rounds (the exact product
/// `10 × value`, half to even), or `None` when it is not finite or too
/// large for the exact test (then the caller formats it).
fn tenths(value: f64) -> Option<i64> {
    if !value.is_finite() || value.abs() >= 1e14 {
        return None;
    }
    let product = value * 10.0;
    // The rounding error of the product, exactly: product + error is
    // 10 × value.
    let error = value.mul_add(10.0, -product);
    let floor = product.floor();
    // Exact: both are multiples of the product's ulp and below 1.
    let above_half = (product - floor - 0.5) + error;
    // Above the half, or exactly on it with an odd floor: up.
    let up = above_half > 0.0 || (above_half == 0.0 && floor % 2.0 != 0.0);
    let rounded = if up { floor + 1.0 } else { floor };
    Some(rounded as i64)
}

/// SVG text under construction.
pub(crate) struct Svg {
    pub(crate) out: String,
}

impl Svg {
    pub(crate) fn new() -> Self {
        Self { out: String::new() }
    }

    fn tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_attribute_into(&mut self.out, value);
            self.out.push('"');
        }
    }

    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.tag(name, attributes);
        self.out.push_str(">\n");
    }

    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.tag(name, attributes);
        self.out.push_str("/>\n");
    }

    pub(crate) fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element holding only text.
    pub(crate) fn text(&mut self, name: &str, attributes: &[(&str, &str)], content: &str) {
        self.tag(name, attributes);
        self.out.push('>');
        escape_into(&mut self.out, content);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// A `<text>` at (x, y) with the given size and further attributes.
    pub(crate) fn label(&mut self, x: f64, y: f64, size: f64, attributes: &[(&str, &str)], content: &str) {
        let (x, y, size) = (px(x), px(y), px(size));
        let mut all: Vec<(&str, &str)> = vec![("x", &x), ("y", &y), ("font-size", &size)];
        all.extend_from_slice(attributes);
        self.text("text", &all, content);
    }

    /// The document: a white canvas of this size around `body`.
    pub(crate) fn document(width: f64, height: f64, title: &str, body: &str) -> Vec<u8> {
        let mut svg = Svg::new();
        let (w, h) = (px(width), px(height));
        let view_box = format!("0 0 {w} {h}");
        svg.open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("width", &w),
                ("height", &h),
                ("viewBox", &view_box),
                ("font-family", FONTS),
            ],
        );
        svg.text("title", &[], title);
        svg.empty("rect", &[("width", &w), ("height", &h), ("fill", "#ffffff")]);
        svg.out.push_str(body);
        svg.close("svg");
        svg.out.into_bytes()
    }
}

/// About how wide `text` is at this font size: Hangul and other wide
/// characters take a full em, the rest about 0.62 em (DejaVu Sans).
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x11FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 => 1.0,
            _ => 0.62,
        })
        .sum::<f64>()
        * size
}

/// The font size, at most `size`, at which `text` fits in `width`.
pub(crate) fn fitted_size(text: &str, size: f64, width: f64, min: f64) -> f64 {
    let needed = text_width(text, size);
    if needed <= width {
        size
    } else {
        (size * width / needed).max(min)
    }
}

/// The largest of 1, 2, 5 × 10^n that is at most `limit` (> 0).
pub(crate) fn round_down_125(limit: f64) -> f64 {
    let exponent = limit.log10().floor() as i32;
    let power = 10f64.powi(exponent);
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&value| value <= limit * (1.0 + 1e-9))
        .unwrap_or(power)
}

/// The smallest of 1, 2, 5 × 10^n that is at least `limit` (> 0).
pub(crate) fn round_up_125(limit: f64) -> f64 {
    let exponent = limit.log10().floor() as i32;
    let power = 10f64.powi(exponent);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&value| value >= limit * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// Decimals needed to show multiples of `step` exactly.
pub(crate) fn decimals_for(step: f64) -> usize {
    (-step.log10().floor()).max(0.0) as usize
}

/// A number for people: thousands separated, about 3 significant digits,
/// no trailing zeros.
pub(crate) fn readable(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1000.0 {
        return group_thousands(&format!("{value:.0}"));
    }
    let decimals = if magnitude == 0.0 {
        0
    } else {
        (2 - magnitude.log10().floor() as i32).clamp(0, 6) as usize
    };
    trim_zeros(format!("{value:.decimals$}"))
}

pub(crate) fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The title and subtitle on top of a picture, each shrunk to `width`.
pub(crate) fn header(body: &mut Svg, title: &str, subtitle: &str, width: f64) {
    if !title.is_empty() {
        let size = fitted_size(title, 22.0, width, 11.0);
        body.label(
            MARGIN,
            MARGIN + 18.0,
            size,
            &[("class", "title"), ("font-weight", "bold"), ("fill", "#1d1d1d")],
            title,
        );
    }
    if !subtitle.is_empty() {
        let size = fitted_size(subtitle, 15.0, width, 9.0);
        body.label(
            MARGIN,
            MARGIN + 44.0,
            size,
            &[("class", "subtitle"), ("fill", "#555555")],
            subtitle,
        );
    }
}

/// A number written out (`"120000.5"`, `"-2500"`) with commas between the
/// thousands of its integer part: `120,000.5`, `-2,500`.
pub(crate) fn group_thousands(text: &str) -> String {
    thousands::Separable::separate_with_commas(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_control_characters() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"c'\u{1}\n행당");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD} 행당");
    }

    #[test]
    fn plain_text_is_copied_as_the_characters_would_be() {
        let by_character = |text: &str, apostrophe: bool| {
            let mut out = String::new();
            for c in text.chars() {
                let mut one = String::new();
                escape_with(&mut one, c.encode_utf8(&mut [0; 4]), apostrophe);
                out.push_str(&one);
            }
            out
        };
        for text in [
            "M12.5 3L4 7Z",
            "행당동 'a'",
            "\u{FFFE}x\u{FFFF}\u{FFFD}\u{F900}",
            "tab\there",
            "",
            "a&b",
        ] {
            for apostrophe in [false, true] {
                let mut out = String::new();
                escape_with(&mut out, text, apostrophe);
                assert_eq!(out, by_character(text, apostrophe), "{text:?}");
            }
        }
        let mut out = String::new();
        escape_attribute_into(&mut out, "\u{FFFF}'");
        assert_eq!(out, "\u{FFFD}'");
    }

    #[test]
    fn pixels_are_short() {
        assert_eq!(px(1.0), "1");
        assert_eq!(px(1.04), "1");
        assert_eq!(px(-0.01), "0");
        assert_eq!(px(12.345), "12.3");
    }

    #[test]
    fn pixels_round_as_format_does() {
        let reference = |value: f64| {
            let text = format!("{value:.1}");
            let text = text.strip_suffix(".0").unwrap_or(&text).to_owned();
            if text == "-0" { "0".to_owned() } else { text }
        };
        // Ties (exact halves of a tenth), near-ties, signs, large values.
        let mut values = vec![
            0.25,
            0.35,
            0.05,
            -0.05,
            -0.25,
            2.25,
            2.35,
            1e13 + 0.25,
            -1e13 - 0.75,
            0.95,
            9.95,
            99.95,
            -99.95,
            1e14,
            3e15,
            f64::NAN,
            f64::INFINITY,
            -0.0,
            0.0,
            0.04999999999999999,
            1234.5678,
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            let scale = [1.0, 10.0, 1000.0, 1e6][(state % 4) as usize];
            values.push((unit - 0.5) * scale);
            // Exact multiples of 0.05, many of them ties.
            values.push(((state % 40_000) as f64 - 20_000.0) * 0.05);
            values.push(((state % 4096) as f64 - 2048.0) / 8.0);
        }
        for value in values {
            assert_eq!(px(value), reference(value), "{value:e}");
        }
    }

    #[test]
    fn round_lengths() {
        assert_eq!(round_down_125(160.0), 100.0);
        assert_eq!(round_down_125(499.0), 200.0);
        assert_eq!(round_down_125(500.0), 500.0);
        assert_eq!(round_down_125(0.3), 0.2);
        assert_eq!(round_up_125(0.3), 0.5);
        assert_eq!(round_up_125(7.0), 10.0);
    }

    #[test]
    fn readable_numbers() {
        assert_eq!(readable(12345.6), "12,346");
        assert_eq!(readable(0.012345), "0.0123");
        assert_eq!(readable(3.0), "3");
        assert_eq!(readable(63.14), "63.1");
        assert_eq!(readable(-2500.0), "-2,500");
        assert_eq!(group_thousands("-1234567.25"), "-1,234,567.25");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1934000123"), "1,934,000,123");
    }
}
