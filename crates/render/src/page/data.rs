//! The page's data: checked, then written once as JSON for the page's
//! script, with coordinates as integers on a [`Grid`].

use std::fmt::Write as _;

use geo::InteriorPoint;
use geo::orient::{Direction, Orient};
use geo_types::{Coord, Polygon};

use super::demand::{Classes, demand_marks};
use super::encode::{Grid, key, number, opt_number, opt_string, string};
use super::{PageCamera, PageData, text};
use crate::Error;
use crate::error::{check_coord, check_demand, check_finite, check_polygon};

/// Colours of the demand ramp (7 classes) and of blind spot sizes (3).
const DEMAND_COLOURS: usize = 7;
const BLIND_SIZES: usize = 3;

fn check_camera(camera: &PageCamera, what: &dyn Fn() -> String) -> Result<(), Error> {
    check_coord(camera.at, what)?;
    check_finite(camera.gain, || format!("{}: the gain", what()))?;
    if let Some(heading) = camera.heading_deg {
        check_finite(heading, || format!("{}: the heading", what()))?;
    }
    if let Some(reach) = &camera.reach {
        check_polygon(reach, &|| format!("{}: its reach", what()))?;
    }
    Ok(())
}

/// Checks every number of `page` (see [`report_html`](super::report_html)).
pub(super) fn check(page: &PageData) -> Result<(), Error> {
    for (index, district) in page.districts.iter().enumerate() {
        let what = || format!("district {index} ({})", district.name);
        for polygon in &district.shape.0 {
            check_polygon(polygon, &what)?;
        }
        for (name, value) in [
            ("demand", district.demand),
            ("covered before", district.covered_before),
            ("covered after", district.covered_after),
        ] {
            check_finite(value, || format!("{}: the {name}", what()))?;
        }
    }
    if let Some(outside) = &page.outside {
        for (name, value) in [
            ("demand", outside.demand),
            ("covered before", outside.covered_before),
            ("covered after", outside.covered_after),
        ] {
            check_finite(value, || format!("outside every district: the {name}"))?;
        }
    }
    check_demand(&page.demand, page.cell_size_m)?;
    for (layer, cameras) in [
        ("existing camera", &page.existing),
        ("new camera", &page.new_cameras),
    ] {
        for (index, camera) in cameras.iter().enumerate() {
            check_camera(camera, &|| format!("{layer} {index}"))?;
        }
    }
    for (index, &(at, weight)) in page.blind_spots.iter().enumerate() {
        check_coord(at, || format!("blind spot {index}"))?;
        check_finite(weight, || format!("blind spot {index}: the weight"))?;
    }
    for (index, &(at, _)) in page.records.iter().enumerate() {
        check_coord(at, || format!("record {index}"))?;
    }
    for period in &page.periods {
        for (name, value) in [
            ("weight", period.weight),
            ("demand", period.demand),
            ("covered before", period.covered_before),
            ("covered after", period.covered_after),
        ] {
            check_finite(value, || format!("period `{}`: the {name}", period.name))?;
        }
        for (index, &weight) in period.weights.iter().enumerate() {
            check_finite(weight, || {
                format!("period `{}`: demand {index}'s weight", period.name)
            })?;
        }
    }
    for point in &page.curve {
        let k = point.cameras;
        check_finite(point.covered_pct, || format!("covered at k = {k}"))?;
        check_finite(point.bound_pct, || format!("the upper bound at k = {k}"))?;
    }
    Ok(())
}

/// The smallest box around everything drawn (`None` for an empty map).
fn extent(page: &PageData) -> Option<(Coord<f64>, Coord<f64>)> {
    let mut points = page
        .districts
        .iter()
        .flat_map(|d| d.shape.0.iter().flat_map(|p| p.exterior().0.iter().copied()))
        .chain(page.demand.iter().map(|d| d.0))
        .chain(page.existing.iter().chain(&page.new_cameras).flat_map(|c| {
            std::iter::once(c.at).chain(c.reach.iter().flat_map(|r| r.exterior().0.iter().copied()))
        }))
        .chain(page.blind_spots.iter().map(|b| b.0))
        .chain(page.records.iter().map(|r| r.0));
    let first = points.next()?;
    Some(points.fold((first, first), |(lo, hi), c| {
        (
            Coord {
                x: lo.x.min(c.x),
                y: lo.y.min(c.y),
            },
            Coord {
                x: hi.x.max(c.x),
                y: hi.y.max(c.y),
            },
        )
    }))
}

/// Appends `[x,y,x,y,…]` of `points`.
fn points(out: &mut String, grid: &Grid, points: impl Iterator<Item = Coord<f64>>) {
    out.push('[');
    for (i, at) in points.enumerate() {
        if i > 0 {
            out.push(',');
        }
        grid.point(out, at);
    }
    out.push(']');
}

/// Appends the legend rows of some classes: `[[colour,lower,upper],…]`.
fn class_rows(out: &mut String, classes: &Classes) {
    out.push('[');
    for (i, (colour, lower, upper)) in classes.rows().into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{colour},");
        number(out, lower);
        out.push(',');
        number(out, upper);
        out.push(']');
    }
    out.push(']');
}

/// Appends a polygon's rings relative to `from`: `[[ring],[hole],…]`.
fn polygon(out: &mut String, grid: &Grid, polygon: &Polygon<f64>, from: (i64, i64)) {
    out.push('[');
    for (i, ring) in std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        grid.ring(out, ring, from);
    }
    out.push(']');
}

/// Appends a camera: `{"xy":[x,y],"reach":[rings] or null,…}`.
fn camera(out: &mut String, grid: &Grid, camera: &PageCamera, full: bool) {
    out.push_str("{\"xy\":[");
    grid.point(out, camera.at);
    out.push_str("],\"reach\":");
    match &camera.reach {
        // Holes wind against their exterior, so the page fills the union
        // of many reaches and their holes with one nonzero fill.
        Some(reach) => polygon(out, grid, &reach.orient(Direction::Default), grid.at(camera.at)),
        None => out.push_str("null"),
    }
    if full {
        let _ = write!(out, ",\"rank\":{}", camera.rank);
        key(out, "site", false);
        string(out, &camera.site_id);
        key(out, "label", false);
        opt_string(out, camera.label.as_deref());
        key(out, "district", false);
        opt_string(out, camera.district.as_deref());
        key(out, "gain", false);
        number(out, camera.gain);
        key(out, "type", false);
        opt_string(out, camera.camera_type.as_deref());
        key(out, "heading", false);
        opt_number(out, camera.heading_deg);
    }
    out.push('}');
}

/// The page's data as JSON (checked by [`check`] first).
pub(super) fn data_json(page: &PageData) -> String {
    let mut out = String::with_capacity(1 << 16);
    let (min, max) = extent(page).unwrap_or_default();
    let grid = Grid::new(page.lonlat, min);
    out.push('{');
    key(&mut out, "lang", true);
    string(&mut out, page.lang.code());
    key(&mut out, "T", false);
    out.push('{');
    for (i, (name, label)) in text::labels(page.lang).enumerate() {
        key(&mut out, name, i == 0);
        string(&mut out, label);
    }
    out.push('}');
    key(&mut out, "title", false);
    string(&mut out, &page.title);
    key(&mut out, "subtitle", false);
    string(&mut out, &page.subtitle);
    let _ = write!(out, ",\"lonlat\":{}", page.lonlat);
    key(&mut out, "basemap", false);
    opt_string(&mut out, page.basemap.as_deref().filter(|_| page.lonlat));
    key(&mut out, "attribution", false);
    opt_string(
        &mut out,
        page.basemap_attribution
            .as_deref()
            .filter(|_| page.lonlat && page.basemap.is_some()),
    );
    let _ = write!(
        out,
        ",\"unit\":{},\"origin\":[{},{}]",
        grid.unit, grid.origin.0, grid.origin.1
    );
    out.push_str(",\"extent\":");
    points(&mut out, &grid, [min, max].into_iter());
    key(&mut out, "figures", false);
    out.push('[');
    for (i, (label, value)) in page.figures.iter().enumerate() {
        out.push_str(if i > 0 { ",[" } else { "[" });
        string(&mut out, label);
        out.push(',');
        string(&mut out, value);
        out.push(']');
    }
    out.push(']');

    key(&mut out, "districts", false);
    out.push('[');
    for (i, district) in page.districts.iter().enumerate() {
        out.push_str(if i > 0 { ",{" } else { "{" });
        key(&mut out, "name", true);
        string(&mut out, &district.name);
        out.push_str(",\"shape\":[");
        for (j, part) in district.shape.0.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            polygon(&mut out, &grid, part, (0, 0));
        }
        out.push_str("],\"inside\":");
        match district.shape.interior_point() {
            Some(point) => points(&mut out, &grid, std::iter::once(point.0)),
            None => out.push_str("null"),
        }
        let _ = write!(out, ",\"points\":{}", district.demand_points);
        for (name, value) in [
            ("demand", district.demand),
            ("before", district.covered_before),
            ("after", district.covered_after),
        ] {
            key(&mut out, name, false);
            number(&mut out, value);
        }
        let _ = write!(out, ",\"added\":{}}}", district.cameras_added);
    }
    out.push(']');
    key(&mut out, "outside", false);
    match &page.outside {
        Some(outside) => {
            let _ = write!(out, "{{\"points\":{}", outside.demand_points);
            for (name, value) in [
                ("demand", outside.demand),
                ("before", outside.covered_before),
                ("after", outside.covered_after),
            ] {
                key(&mut out, name, false);
                number(&mut out, value);
            }
            let _ = write!(out, ",\"added\":{}}}", outside.cameras_added);
        }
        None => out.push_str("null"),
    }

    let marks = demand_marks(page);
    let classes = Classes::new(&marks.weights, DEMAND_COLOURS);
    out.push_str(",\"demand\":{\"xy\":");
    points(&mut out, &grid, marks.at.iter().copied());
    key(&mut out, "codes", false);
    string(&mut out, &classes.codes(&marks.weights));
    out.push_str(",\"classes\":");
    class_rows(&mut out, &classes);
    key(&mut out, "size_m", false);
    opt_number(&mut out, marks.size_m);
    let _ = write!(
        out,
        ",\"cells\":{},\"merged\":{}",
        page.cell_size_m.is_some(),
        marks.merged
    );
    key(&mut out, "label", false);
    string(&mut out, &page.demand_label);
    out.push('}');

    key(&mut out, "periods", false);
    out.push('[');
    for (i, (period, weights)) in page.periods.iter().zip(&marks.periods).enumerate() {
        out.push_str(if i > 0 { ",{" } else { "{" });
        key(&mut out, "name", true);
        string(&mut out, &period.name);
        key(&mut out, "hours", false);
        string(&mut out, &period.hours);
        for (name, value) in [
            ("weight", period.weight),
            ("demand", period.demand),
            ("before", period.covered_before),
            ("after", period.covered_after),
        ] {
            key(&mut out, name, false);
            number(&mut out, value);
        }
        if let Some(weights) = weights {
            let classes = Classes::new(weights, DEMAND_COLOURS);
            key(&mut out, "codes", false);
            string(&mut out, &classes.codes(weights));
            out.push_str(",\"classes\":");
            class_rows(&mut out, &classes);
        }
        out.push('}');
    }
    out.push(']');

    for (name, cameras, full) in [
        ("existing", &page.existing, false),
        ("new", &page.new_cameras, true),
    ] {
        key(&mut out, name, false);
        out.push('[');
        for (i, c) in cameras.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            camera(&mut out, &grid, c, full);
        }
        out.push(']');
    }

    let blind: Vec<f64> = page.blind_spots.iter().map(|b| b.1).collect();
    let sizes = Classes::new(&blind, BLIND_SIZES);
    out.push_str(",\"blind\":{\"xy\":");
    points(&mut out, &grid, page.blind_spots.iter().map(|b| b.0));
    key(&mut out, "codes", false);
    string(&mut out, &sizes.codes(&blind).replace('.', "0"));
    out.push_str(",\"classes\":");
    class_rows(&mut out, &sizes);
    out.push('}');

    // One layer per category with records, then the records of none (or
    // of an unknown category).
    let categories = page.record_categories.len();
    key(&mut out, "records", false);
    out.push('[');
    let mut first = true;
    for category in 0..=categories {
        let of = |c: &Option<usize>| match c {
            Some(c) if *c < categories => *c == category,
            _ => category == categories,
        };
        let count = page.records.iter().filter(|r| of(&r.1)).count();
        if count == 0 {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push('{');
        key(&mut out, "name", true);
        opt_string(&mut out, page.record_categories.get(category).map(String::as_str));
        out.push_str(",\"xy\":");
        points(
            &mut out,
            &grid,
            page.records.iter().filter(|r| of(&r.1)).map(|r| r.0),
        );
        out.push('}');
    }
    out.push(']');

    key(&mut out, "curve", false);
    out.push('[');
    for (i, point) in page.curve.iter().enumerate() {
        let _ = write!(out, "{}[{},", if i > 0 { "," } else { "" }, point.cameras);
        number(&mut out, point.covered_pct);
        out.push(',');
        number(&mut out, point.bound_pct);
        out.push(']');
    }
    out.push_str("]}");
    out
}
