//! Addresses located on Goyang's real tables: hold out rows that have
//! coordinates, rewrite their addresses the ways people write them, locate
//! them against the rest, and check that none lands more than 50 m from
//! its true place.

use std::path::{Path, PathBuf};

use geo_types::{Coord, coord};
use sightline_demand::records::{Geocoder, Located, MAX_SPREAD_M};

fn shared_data(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("SIGHTLINE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("SIGHTLINE_REQUIRE_SHARED_DATA").is_none(),
        "{test}: shared data not found at {} and SIGHTLINE_REQUIRE_SHARED_DATA is set",
        path.display()
    );
    let notice = format!("skipping {test}: shared data not found at {}\n", path.display());
    let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
    None
}

/// Local equirectangular metres around Goyang: under 0.1 m of error on
/// distances of tens of metres anywhere in the city.
fn plane(lon: f64, lat: f64) -> Coord<f64> {
    const R: f64 = 6_371_008.8;
    let (lon0, lat0) = (126.83f64, 37.65f64);
    coord! {
        x: R * lat0.to_radians().cos() * (lon - lon0).to_radians(),
        y: R * (lat - lat0).to_radians(),
    }
}

/// The ways [`rewrite`] writes an address, by form number.
const FORMS: [&str; 13] = [
    "gu and place",
    "경기 for 경기도",
    "place only",
    "number glued",
    "고양시 gu place 앞",
    "place (note)",
    "번지 호",
    "spaced hyphen",
    "(dong) place 일대",
    "city and gu glued",
    "고양특례시",
    "no spaces",
    "no spaces, 고양특례시, no province",
];

/// The ways people write the same address: districts dropped or short,
/// numbers glued to the dong or road, notes added, `번지`, spaced hyphens,
/// city and gu glued, `고양특례시`, no spaces at all.
fn rewrite(address: &str, i: usize) -> String {
    let parts: Vec<&str> = address.split_whitespace().collect();
    let Some(at) = parts
        .iter()
        .position(|p| p.ends_with(['동', '리', '가', '로', '길']))
    else {
        return address.to_owned();
    };
    let (districts, place) = parts.split_at(at);
    let gu = districts
        .iter()
        .find(|d| d.ends_with('구'))
        .copied()
        .unwrap_or("");
    let place_text = place.join(" ");
    let number = place.last().copied().unwrap_or("");
    let name = place[..place.len() - 1].join(" ");
    match i % FORMS.len() {
        0 => format!("{gu} {place_text}"),
        1 => address.replacen("경기도", "경기", 1),
        2 => place_text,
        3 => format!("{} {}{}", districts.join(" "), name.replace(' ', ""), number),
        4 => format!("고양시 {gu} {place_text} 앞"),
        5 => format!("{place_text} (○○빌라 옆 골목)"),
        6 => match number.split_once('-') {
            Some((main, sub)) if !name.ends_with(['로', '길']) => format!("{gu} {name} {main}번지 {sub}호"),
            _ => format!("{gu} {name} {number}번지 인근"),
        },
        7 => format!("{} {name} {}", districts.join(" "), number.replace('-', " - ")),
        8 => format!("({}) {place_text} 일대", place[0]),
        9 => address.replacen("고양시 ", "고양시", 1),
        10 => address.replacen("고양시", "고양특례시", 1),
        11 => address.replace(' ', ""),
        _ => address
            .replacen("경기도 ", "", 1)
            .replacen("고양시", "고양특례시", 1)
            .replace(' ', ""),
    }
}

struct Outcome {
    located: usize,
    not_located: [usize; 4],
    distances: Vec<f64>,
    /// Per form of [`FORMS`]: held out, located.
    by_form: [(usize, usize); FORMS.len()],
}

/// Locates held-out addresses, the i-th written in form `i % FORMS.len()`.
fn locate_held_out(geocoder: &Geocoder, held_out: &[(String, Coord<f64>)]) -> Outcome {
    let addresses: Vec<&str> = held_out.iter().map(|(a, _)| a.as_str()).collect();
    let found = geocoder.locate_all(&addresses);
    let mut outcome = Outcome {
        located: 0,
        not_located: [0; 4],
        distances: Vec::new(),
        by_form: [(0, 0); FORMS.len()],
    };
    for (i, ((address, truth), found)) in held_out.iter().zip(found).enumerate() {
        outcome.by_form[i % FORMS.len()].0 += 1;
        match found {
            Located::At { point, .. } => {
                outcome.located += 1;
                outcome.by_form[i % FORMS.len()].1 += 1;
                let d = ((point.x - truth.x).powi(2) + (point.y - truth.y).powi(2)).sqrt();
                assert!(
                    d <= MAX_SPREAD_M,
                    "`{address}` located {d:.1} m from its true place"
                );
                outcome.distances.push(d);
            }
            Located::NoAddress => outcome.not_located[0] += 1,
            Located::Unreadable => outcome.not_located[1] += 1,
            Located::NoMatch => outcome.not_located[2] += 1,
            Located::Ambiguous { .. } => outcome.not_located[3] += 1,
            _ => panic!("new outcome"),
        }
    }
    outcome
}

fn report(name: &str, held: usize, outcome: &mut Outcome) {
    outcome.distances.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let d = &outcome.distances;
        if d.is_empty() {
            f64::NAN
        } else {
            d[((d.len() - 1) as f64 * p).round() as usize]
        }
    };
    let [blank, unreadable, no_match, ambiguous] = outcome.not_located;
    eprintln!(
        "{name}: {held} held out, {} located ({:.1}%); distance median {:.1} m, p95 {:.1} m, max {:.1} m; \
         not located: {blank} no address, {unreadable} unreadable, {no_match} no match, {ambiguous} ambiguous",
        outcome.located,
        100.0 * outcome.located as f64 / held as f64,
        q(0.5),
        q(0.95),
        q(1.0),
    );
    for (form, (held, located)) in FORMS.iter().zip(outcome.by_form) {
        eprintln!(
            "  {form}: {located} of {held} located ({:.1}%)",
            100.0 * located as f64 / held.max(1) as f64
        );
    }
}

#[test]
fn goyang_security_lights_held_out_are_never_placed_wrong() {
    let Some(data) = shared_data("goyang_security_lights_held_out_are_never_placed_wrong") else {
        return;
    };
    let bytes = std::fs::read(data.join("goyang/goyang_security_lights_2021_cp949.csv"))
        .unwrap_or_else(|e| panic!("reading the security-light CSV: {e}"));
    let (text, _, had_errors) = encoding_rs::EUC_KR.decode(&bytes);
    assert!(!had_errors);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let (road, lot, lat, lon) = (
        column("소재지도로명주소"),
        column("소재지지번주소"),
        column("위도"),
        column("경도"),
    );
    let mut references = Vec::new();
    let mut held_out = Vec::new();
    let mut originals = Vec::new();
    let mut with_coordinates = 0;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        let (Ok(lat), Ok(lon)) = (
            record[lat].trim().parse::<f64>(),
            record[lon].trim().parse::<f64>(),
        ) else {
            continue;
        };
        let point = plane(lon, lat);
        with_coordinates += 1;
        let addresses = [&record[road], &record[lot]];
        if with_coordinates % 10 == 0 {
            // Rewritten in the lot form when both are given, else the one there is.
            let address = addresses
                .iter()
                .rev()
                .find(|a| !a.trim().is_empty())
                .copied()
                .unwrap_or("");
            held_out.push((rewrite(address, held_out.len()), point));
            originals.push((address.to_owned(), point));
        } else {
            references.extend(
                addresses
                    .iter()
                    .filter(|a| !a.trim().is_empty())
                    .map(|a| (a.to_string(), point)),
            );
        }
    }
    assert!(
        with_coordinates > 5000,
        "{with_coordinates} rows with coordinates"
    );
    let geocoder = Geocoder::new(references);
    let mut outcome = locate_held_out(&geocoder, &held_out);
    report("security lights", held_out.len(), &mut outcome);
    // Only addresses with more than one light can be located against the
    // rest; about a quarter of the held-out lights share their lot.
    assert!(outcome.located >= 100, "{} located", outcome.located);
    // Rewriting loses (almost) nothing: as written in the table, no more
    // are found (a few without districts may become ambiguous).
    let as_written = locate_held_out(&geocoder, &originals);
    eprintln!("as written in the table: {} located", as_written.located);
    for (form, ((_, rewritten), (held, written))) in
        FORMS.iter().zip(outcome.by_form.iter().zip(as_written.by_form))
    {
        eprintln!("  {form}: {rewritten} located as rewritten, {written} of {held} as written");
        assert!(
            rewritten * 100 >= written * 90,
            "{form}: {rewritten} located as rewritten, {written} as written"
        );
    }
    eprintln!("references unreadable: {}", geocoder.unreadable());
    assert!(
        outcome.located * 100 >= as_written.located * 95,
        "{} < {}",
        outcome.located,
        as_written.located
    );
    assert!(
        geocoder.unreadable() < 40,
        "{} references unreadable",
        geocoder.unreadable()
    );
}

#[test]
fn deogyang_cctv_held_out_road_and_lot_forms_are_never_placed_wrong() {
    let Some(data) = shared_data("deogyang_cctv_held_out_road_and_lot_forms_are_never_placed_wrong") else {
        return;
    };
    let text = std::fs::read_to_string(data.join("goyang/deogyang_cctv.geojson"))
        .unwrap_or_else(|e| panic!("reading the CCTV layer: {e}"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let features = json["features"].as_array().cloned().unwrap_or_default();
    let mut references = Vec::new();
    let mut held_out = Vec::new();
    for (i, feature) in features.iter().enumerate() {
        let props = &feature["properties"];
        let number = |key: &str| props[key].as_str().and_then(|s| s.trim().parse::<f64>().ok());
        let (Some(lon), Some(lat)) = (number("X"), number("Y")) else {
            continue;
        };
        let point = plane(lon, lat);
        let road = props["표준신주소"].as_str().unwrap_or("").trim();
        let lot = props["표준구주소"].as_str().unwrap_or("").trim();
        if i % 10 == 0 {
            // Asked in one form, the references holding both.
            for address in [road, lot].into_iter().filter(|a| !a.is_empty()) {
                held_out.push((rewrite(address, held_out.len()), point));
            }
        } else {
            references.extend(
                [road, lot]
                    .into_iter()
                    .filter(|a| !a.is_empty())
                    .map(|a| (a.to_owned(), point)),
            );
        }
    }
    assert!(features.len() > 800);
    let geocoder = Geocoder::new(references);
    let mut outcome = locate_held_out(&geocoder, &held_out);
    report("Deogyang CCTV", held_out.len(), &mut outcome);
    // Most cameras stand alone at their address: few can be located
    // against the others.
    assert!(outcome.located >= 5, "{} located", outcome.located);
}
