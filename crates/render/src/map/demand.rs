//! Demand on the map: merged into a coarser grid when there is too much of
//! it, classed by quantile, and drawn as squares or dots.

use geo_types::Coord;

use super::{Bounds, Frame, MAX_DEMAND_MARKS, MapData};
use crate::bins::Bins;
use crate::svg::{Svg, px, px_into};

/// The ramp of demand colours, light yellow to dark red (ColorBrewer YlOrRd).
const RAMP: [&str; 7] = [
    "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
];

/// The radius of a demand dot, px.
const DOT_RADIUS: f64 = 2.2;

/// A drawn demand mark: a square of `size` metres or a dot.
pub(super) struct Mark {
    at: Coord<f64>,
    weight: f64,
}

/// The demand marks to draw and, for squares, their side in metres.
pub(super) fn demand_marks(map: &MapData) -> (Vec<Mark>, Option<f64>) {
    let positive: Vec<Mark> = map
        .demand
        .iter()
        .filter(|(_, weight)| *weight > 0.0)
        .map(|&(at, weight)| Mark { at, weight })
        .collect();
    if positive.len() <= MAX_DEMAND_MARKS {
        return (positive, map.cell_size_m);
    }
    let mut bounds = Bounds::empty();
    for mark in &positive {
        bounds.add(mark.at, 0.0);
    }
    let Bounds { min, max } = bounds;
    // Cells merge f × f at a time on a grid aligned with their edges (for
    // a regular grid); points go into squares of a size from the extent.
    let (origin, base) = match map.cell_size_m {
        Some(cell) => (
            Coord {
                x: min.x - cell / 2.0,
                y: min.y - cell / 2.0,
            },
            cell,
        ),
        None => (min, ((max.x - min.x).max(max.y - min.y) / 1000.0).max(1e-9)),
    };
    let mut factor = ((positive.len() as f64 / MAX_DEMAND_MARKS as f64).sqrt().floor() as u64).max(2);
    loop {
        let size = base * factor as f64;
        let keys: Vec<(i64, i64)> = positive
            .iter()
            .map(|mark| {
                (
                    ((mark.at.x - origin.x) / size).floor() as i64,
                    ((mark.at.y - origin.y) / size).floor() as i64,
                )
            })
            .collect();
        if let Some(bins) = Bins::new(&keys, MAX_DEMAND_MARKS) {
            // Summed in the marks' order, bin by bin.
            let mut sums = vec![0.0; bins.keys.len()];
            for (mark, &bin) in positive.iter().zip(&bins.of) {
                sums[bin] += mark.weight;
            }
            let marks = bins
                .keys
                .iter()
                .zip(sums)
                .map(|(&(i, j), weight)| Mark {
                    at: Coord {
                        x: origin.x + (i as f64 + 0.5) * size,
                        y: origin.y + (j as f64 + 0.5) * size,
                    },
                    weight,
                })
                .collect();
            return (marks, Some(size));
        }
        factor += 1;
    }
}

/// Quantile classes of the drawn weights.
pub(super) struct Classes {
    /// Upper bound of each class, increasing; the last is the maximum.
    pub(super) uppers: Vec<f64>,
    /// The smallest weight.
    pub(super) min: f64,
}

impl Classes {
    pub(super) fn new(marks: &[Mark]) -> Self {
        let mut weights: Vec<f64> = marks.iter().map(|mark| mark.weight).collect();
        weights.sort_by(f64::total_cmp);
        let mut uppers: Vec<f64> = Vec::new();
        if let Some(&min) = weights.first() {
            let n = weights.len();
            for i in 1..=RAMP.len() {
                let upper = weights[(i * n).div_ceil(RAMP.len()) - 1];
                if uppers.last() != Some(&upper) {
                    uppers.push(upper);
                }
            }
            return Self { uppers, min };
        }
        Self { uppers, min: 0.0 }
    }

    fn class_of(&self, weight: f64) -> usize {
        self.uppers
            .iter()
            .position(|&upper| weight <= upper)
            .unwrap_or(self.uppers.len().saturating_sub(1))
    }

    /// The ramp colour of a class, spread over the whole ramp.
    pub(super) fn colour(&self, class: usize) -> &'static str {
        let n = self.uppers.len();
        if n <= 1 {
            // Uniform demand (area mode, say) is a backdrop, not a hot spot.
            return RAMP[1];
        }
        RAMP[(class * (RAMP.len() - 1) + (n - 1) / 2) / (n - 1)]
    }
}

/// Draws the demand marks, one path per class.
pub(super) fn draw_demand(
    body: &mut Svg,
    frame: &Frame,
    marks: &[Mark],
    size_m: Option<f64>,
    classes: &Classes,
) {
    if marks.is_empty() {
        return;
    }
    let mut paths = vec![String::new(); classes.uppers.len()];
    // The two arcs of a dot, the same for every dot.
    let r = DOT_RADIUS;
    let dot = format!(
        "a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 -{} 0z",
        px(2.0 * r),
        px(2.0 * r)
    );
    for mark in marks {
        let d = &mut paths[classes.class_of(mark.weight)];
        let (x, y) = (frame.x(mark.at.x), frame.y(mark.at.y));
        // Written piece by piece: these paths hold most of a map's numbers.
        match size_m {
            Some(size) => {
                let side = (size * frame.scale).max(1.0);
                d.push('M');
                px_into(d, x - side / 2.0);
                d.push(' ');
                px_into(d, y - side / 2.0);
                d.push('h');
                px_into(d, side);
                d.push('v');
                px_into(d, side);
                d.push_str("h-");
                px_into(d, side);
                d.push('z');
            }
            None => {
                d.push('M');
                px_into(d, x - DOT_RADIUS);
                d.push(' ');
                px_into(d, y);
                d.push_str(&dot);
            }
        }
    }
    let kind = if size_m.is_some() {
        "demand cells"
    } else {
        "demand points"
    };
    let mut group: Vec<(&str, &str)> = vec![("class", kind)];
    if size_m.is_some() {
        group.push(("shape-rendering", "crispEdges"));
    } else {
        // The palest dots would vanish on the light background.
        group.extend_from_slice(&[
            ("stroke", "#8c7b4f"),
            ("stroke-opacity", "0.45"),
            ("stroke-width", "0.5"),
        ]);
    }
    body.open("g", &group);
    for (class, d) in paths.iter().enumerate() {
        if !d.is_empty() {
            let name = format!("demand-class-{}", class + 1);
            body.empty(
                "path",
                &[("class", &name), ("fill", classes.colour(class)), ("d", d)],
            );
        }
    }
    body.close("g");
}
