//! `blindspots.geojson`: the demand left unseen after the plan.

use geo_types::Coord;
use rayon::prelude::*;
use serde_json::json;
use sightline_io::{FgbType, Plane};

use super::{DemandRows, OutputFormat, Properties, properties};
use crate::{Error, Plan};

/// The demand left unseen after the plan (`blindspots.geojson`), the most
/// unseen weight first: properties `rank`, `demand` (the point's index in
/// the scenario; written from a study, its row in its file as the input
/// numbers it: a CSV row as a spreadsheet shows it, a GeoJSON feature's
/// index, with `demand_file` naming the file when there are several),
/// `weight`, `seen` (0 to 1), `uncovered` (`weight × (1 − seen)`) and the
/// nearest candidate site, where a camera could go: `nearest_site_id`,
/// `nearest_site_label` (when it has a label) and `nearest_site_m`
/// (metres, to 0.1 m).
/// With `cell_m`, each blind spot is drawn as the square grid cell of that
/// size around its centre (demand on a grid); without it, as a point.
///
/// # Errors
///
/// [`Error::Io`] if a point cannot be converted back to the output system.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let plane = Plane::local(city.origin_lonlat)?;
/// let bytes = sightline::output::blindspots_geojson(&plan, &plane, None)?;
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// let features = value["features"].as_array().unwrap();
/// assert_eq!(features.len(), plan.blind_spots.len());
/// assert_eq!(features[0]["properties"]["rank"], 1);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn blindspots_geojson(plan: &Plan, plane: &Plane, cell_m: Option<f64>) -> Result<Vec<u8>, Error> {
    layer(plan, plane, cell_m, &DemandRows::default(), OutputFormat::GeoJson)
}

/// [`blindspots_geojson`] in `format`, each blind spot's `demand` its
/// row in its file when `rows` knows it (and `demand_file` its file,
/// with several).
pub(super) fn layer(
    plan: &Plan,
    plane: &Plane,
    cell_m: Option<f64>,
    rows: &DemandRows<'_>,
    format: OutputFormat,
) -> Result<Vec<u8>, Error> {
    let spots = plan.blind_spots.par_iter().enumerate();
    match cell_m.filter(|c| c.is_finite() && *c > 0.0) {
        None if format == OutputFormat::GeoJson => {
            let blind = &plan.blind_spots;
            Ok(sightline_io::points_geojson_with(
                plane,
                blind.len(),
                |k| blind[k].location,
                |k, out| write_properties(out, k, &blind[k], rows),
            )?)
        }
        None => fgb_points(plane, &plan.blind_spots, rows),
        Some(cell) => {
            let half = cell / 2.0;
            let polygons: Vec<_> = spots
                .map(|(rank, spot)| {
                    let Coord { x, y } = spot.location;
                    let square = geo_types::Polygon::new(
                        geo_types::LineString::from(vec![
                            (x - half, y - half),
                            (x + half, y - half),
                            (x + half, y + half),
                            (x - half, y + half),
                            (x - half, y - half),
                        ]),
                        vec![],
                    );
                    (
                        geo_types::MultiPolygon(vec![square]),
                        spot_properties(rank, spot, rows),
                    )
                })
                .collect();
            format.polygons(plane, &polygons)
        }
    }
}

/// A blind spot's properties as a map (the cells' layer and the
/// reference the direct writers are checked against), `rank` from 0.
fn spot_properties(rank: usize, spot: &crate::BlindSpot, rows: &DemandRows<'_>) -> Properties {
    let (demand, file) = rows.source(spot.demand).unwrap_or((spot.demand, None));
    let mut props = properties(json!({
        "rank": rank + 1,
        "demand": demand,
        "weight": spot.weight,
        "seen": spot.seen,
        "uncovered": spot.uncovered,
    }));
    if let Some(file) = file {
        props.insert("demand_file".to_owned(), json!(file));
    }
    if let Some(site) = &spot.nearest_site {
        props.insert("nearest_site_id".to_owned(), json!(site.id));
        if let Some(label) = &site.label {
            props.insert("nearest_site_label".to_owned(), json!(label));
        }
        props.insert(
            "nearest_site_m".to_owned(),
            json!((site.distance_m * 10.0).round() / 10.0),
        );
    }
    props
}

/// The properties of a blind spot, in the order of their names (the
/// order a `serde_json::Map` holds them in).
const COLUMNS: [(&str, FgbType); 9] = [
    ("demand", FgbType::Long),
    ("demand_file", FgbType::Text),
    ("nearest_site_id", FgbType::Text),
    ("nearest_site_label", FgbType::Text),
    ("nearest_site_m", FgbType::Double),
    ("rank", FgbType::Long),
    ("seen", FgbType::Double),
    ("uncovered", FgbType::Double),
    ("weight", FgbType::Double),
];

/// Which of [`COLUMNS`] a blind spot has a value for (bit `i` for the
/// `i`th): those its properties map would hold, not null.
fn present(spot: &crate::BlindSpot, rows: &DemandRows<'_>) -> u16 {
    let file = rows.source(spot.demand).and_then(|(_, file)| file).is_some();
    let site = spot.nearest_site.as_ref();
    let distance = site.is_some_and(|s| ((s.distance_m * 10.0).round() / 10.0).is_finite());
    [
        true,
        file,
        site.is_some(),
        site.is_some_and(|s| s.label.is_some()),
        distance,
        true,
        spot.seen.is_finite(),
        spot.uncovered.is_finite(),
        spot.weight.is_finite(),
    ]
    .iter()
    .enumerate()
    .fold(0, |mask, (i, &has)| mask | (u16::from(has) << i))
}

/// The blind spots as a FlatGeobuf layer, written without a map per spot:
/// the bytes of `format.points` for the maps `layer` builds (its columns
/// in the order first met, each spot's keys in name order).
fn fgb_points(plane: &Plane, spots: &[crate::BlindSpot], rows: &DemandRows<'_>) -> Result<Vec<u8>, Error> {
    let first_met = |order: Vec<usize>, mask: u16| {
        let mut order = order;
        for i in 0..COLUMNS.len() {
            if mask & (1 << i) != 0 && !order.contains(&i) {
                order.push(i);
            }
        }
        order
    };
    let order: Vec<usize> = spots
        .par_chunks(8_192)
        .map(|chunk| {
            let mut met = 0u16;
            let mut order = Vec::new();
            for spot in chunk {
                let mask = present(spot, rows);
                if mask & !met != 0 {
                    order = first_met(order, mask);
                    met |= mask;
                }
            }
            order
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold(Vec::new(), |order, chunk| {
            chunk.into_iter().fold(order, |order, i| first_met(order, 1 << i))
        });
    let columns: Vec<(&str, FgbType)> = order.iter().map(|&i| COLUMNS[i]).collect();
    Ok(sightline_io::points_fgb_with(
        plane,
        spots.len(),
        |k| spots[k].location,
        &columns,
        |k, out| {
            let spot = &spots[k];
            let (demand, file) = rows.source(spot.demand).unwrap_or((spot.demand, None));
            let site = spot.nearest_site.as_ref();
            for (column, &i) in order.iter().enumerate() {
                match i {
                    0 => out.long(column, demand as i64),
                    1 => file.into_iter().for_each(|file| out.text(column, file)),
                    2 => site.into_iter().for_each(|s| out.text(column, &s.id)),
                    3 => site
                        .and_then(|s| s.label.as_deref())
                        .into_iter()
                        .for_each(|label| out.text(column, label)),
                    4 => site.into_iter().for_each(|s| {
                        out.double(column, (s.distance_m * 10.0).round() / 10.0);
                    }),
                    5 => out.long(column, k as i64 + 1),
                    6 => out.double(column, spot.seen),
                    7 => out.double(column, spot.uncovered),
                    _ => out.double(column, spot.weight),
                }
            }
        },
    )?)
}

/// Appends the properties `layer` gives the blind spot of rank
/// `rank + 1`, as the JSON object serde_json writes for them (keys in
/// order), without building the object: a million blind spots spend
/// most of their time there otherwise.
fn write_properties(out: &mut Vec<u8>, rank: usize, spot: &crate::BlindSpot, rows: &DemandRows<'_>) {
    let (demand, file) = rows.source(spot.demand).unwrap_or((spot.demand, None));
    let text = |out: &mut Vec<u8>, text: &str| {
        // Writing to a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    };
    let number = |out: &mut Vec<u8>, value: f64| {
        if value.is_finite() {
            let _ = serde_json::ser::Formatter::write_f64(&mut serde_json::ser::CompactFormatter, out, value);
        } else {
            out.extend_from_slice(b"null");
        }
    };
    out.extend_from_slice(br#"{"demand":"#);
    out.extend_from_slice(demand.to_string().as_bytes());
    if let Some(file) = file {
        out.extend_from_slice(br#","demand_file":"#);
        text(out, file);
    }
    if let Some(site) = &spot.nearest_site {
        out.extend_from_slice(br#","nearest_site_id":"#);
        text(out, &site.id);
        if let Some(label) = &site.label {
            out.extend_from_slice(br#","nearest_site_label":"#);
            text(out, label);
        }
        out.extend_from_slice(br#","nearest_site_m":"#);
        number(out, (site.distance_m * 10.0).round() / 10.0);
    }
    out.extend_from_slice(br#","rank":"#);
    out.extend_from_slice((rank + 1).to_string().as_bytes());
    for (key, value) in [
        (&br#","seen":"#[..], spot.seen),
        (br#","uncovered":"#, spot.uncovered),
        (br#","weight":"#, spot.weight),
    ] {
        out.extend_from_slice(key);
        number(out, value);
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BlindSpot, NearestSite};

    #[test]
    fn properties_written_directly_are_those_serde_json_writes() {
        let spot = |seen: f64, nearest: Option<NearestSite>| BlindSpot {
            demand: 7,
            location: Coord { x: 1.0, y: 2.0 },
            weight: 2.5,
            seen,
            uncovered: 2.5 * (1.0 - seen),
            nearest_site: nearest,
        };
        let site = |label: Option<&str>| NearestSite {
            site: 3,
            id: "P\"7\u{1}".to_owned(),
            label: label.map(str::to_owned),
            distance_m: 12.345_678,
        };
        let mut plan_spots = vec![
            spot(0.0, None),
            spot(0.25, Some(site(None))),
            spot(f64::NAN, Some(site(Some("보안등 \\ 12")))),
        ];
        plan_spots.extend((0..3000).map(|k| spot(k as f64 / 3000.0, Some(site(Some("pole"))))));
        let numbers: Vec<usize> = (0..10).map(|d| 100 + d).collect();
        let files = DemandRows {
            rows: &numbers,
            files: vec![(0..5, "calls.csv".into()), (5..10, "벨 \"b\".geojson".into())],
        };
        for (rows, (k, spot)) in [DemandRows::default(), files]
            .iter()
            .flat_map(|rows| std::iter::repeat(rows).zip(plan_spots.iter().enumerate()))
        {
            let mut direct = Vec::new();
            write_properties(&mut direct, k, spot, rows);
            let props = spot_properties(k, spot, rows);
            let expected = serde_json::to_vec(&props).unwrap_or_default();
            assert_eq!(
                String::from_utf8_lossy(&direct),
                String::from_utf8_lossy(&expected)
            );
        }
    }

    #[test]
    fn flatgeobuf_written_directly_is_what_the_maps_give() -> Result<(), Error> {
        let spot = |k: usize, seen: f64, nearest: Option<NearestSite>| BlindSpot {
            demand: k,
            location: Coord {
                x: k as f64,
                y: 2.0 * k as f64,
            },
            weight: 2.5,
            seen,
            uncovered: 2.5 * (1.0 - seen),
            nearest_site: nearest,
        };
        let site = |label: Option<&str>, distance_m: f64| NearestSite {
            site: 3,
            id: "P7".to_owned(),
            label: label.map(str::to_owned),
            distance_m,
        };
        // Columns first met late and out of name order: no site, then a
        // site, a label, a seen figure that is not a number.
        let mut spots = vec![spot(0, 0.0, None), spot(1, 0.5, Some(site(None, 3.04)))];
        spots.extend((2..20_000).map(|k| spot(k, (k % 7) as f64 / 7.0, Some(site(Some("pole"), k as f64)))));
        spots.push(spot(20_000, f64::NAN, Some(site(Some("보안등"), f64::INFINITY))));
        let plane = Plane::local(Coord {
            x: 126.832,
            y: 37.658,
        })?;
        let numbers: Vec<usize> = (0..spots.len()).map(|d| 100 + d).collect();
        let files = DemandRows {
            rows: &numbers,
            files: vec![
                (0..15_000, "a.csv".into()),
                (15_000..spots.len(), "b.geojson".into()),
            ],
        };
        for rows in [DemandRows::default(), files] {
            for spots in [&spots[..], &spots[1..], &spots[..0]] {
                let direct = fgb_points(&plane, spots, &rows)?;
                let maps: Vec<_> = spots
                    .iter()
                    .enumerate()
                    .map(|(rank, spot)| {
                        let props = spot_properties(rank, spot, &rows);
                        (spot.location, props)
                    })
                    .collect();
                assert!(direct == OutputFormat::FlatGeobuf.points(&plane, &maps)?);
            }
        }
        Ok(())
    }
}
