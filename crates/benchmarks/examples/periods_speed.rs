//! Times the worst-period plan on a city-sized synthetic instance: demand
//! on a 50 m lattice over 20.5 km × 13 km (106,600 elements), 5,700
//! camera sites at random points each covering the lattice points within
//! 50 m, four periods whose weights are one base population (a few town
//! centres) times smooth spatial factors that differ by period, and 100
//! cameras. Run with
//! `cargo run --release -p sightline-benchmarks --example periods_speed [radius_m]`
//! (the coverage radius, 50 m unless given).

use std::time::{Duration, Instant};

use sightline_solve::{AcrossPeriods, CoverageMatrix, Method, PeriodObjective, Periods};

const SPACING_M: f64 = 50.0;
const COLUMNS: usize = 410;
const ROWS: usize = 260;
const SITES: usize = 5_700;
const CAMERAS: usize = 100;

/// Knuth's MMIX linear congruential generator: the same city everywhere.
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() -> Result<(), sightline_solve::Error> {
    let radius_m: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50.0);
    let started = Instant::now();
    let mut rng = Lcg(2026);
    let width = COLUMNS as f64 * SPACING_M;
    let height = ROWS as f64 * SPACING_M;
    // Town centres: (x, y, spread in metres, peak).
    let centres: Vec<(f64, f64, f64, f64)> = (0..12)
        .map(|_| {
            (
                rng.unit() * width,
                rng.unit() * height,
                800.0 + 2500.0 * rng.unit(),
                1.0 + 4.0 * rng.unit(),
            )
        })
        .collect();
    let point = |d: usize| ((d % COLUMNS) as f64 * SPACING_M, (d / COLUMNS) as f64 * SPACING_M);
    let n_demand = COLUMNS * ROWS;
    let base: Vec<f64> = (0..n_demand)
        .map(|d| {
            let (x, y) = point(d);
            let crowd: f64 = centres
                .iter()
                .map(|&(cx, cy, s, peak)| {
                    peak * (-((x - cx).powi(2) + (y - cy).powi(2)) / (2.0 * s * s)).exp()
                })
                .sum();
            0.05 + crowd
        })
        .collect();
    // Night, morning, day, evening: smooth factors of different shapes.
    let factors: [&dyn Fn(f64, f64) -> f64; 4] = [
        &|x, _| 0.4 + 0.6 * (0.5 + 0.5 * (x / 3000.0).sin()),
        &|_, y| 0.6 + 0.8 * (0.5 + 0.5 * (y / 2000.0).cos()),
        &|x, y| 1.0 + 0.5 * ((x + y) / 4000.0).sin(),
        &|x, y| 0.5 + ((x - y) / 5000.0).cos().abs(),
    ];
    let weights: Vec<Vec<f64>> = factors
        .iter()
        .map(|f| {
            (0..n_demand)
                .map(|d| {
                    let (x, y) = point(d);
                    base[d] * f(x, y)
                })
                .collect()
        })
        .collect();
    let rows: Vec<Vec<u32>> = (0..SITES)
        .map(|_| {
            let (sx, sy) = (rng.unit() * width, rng.unit() * height);
            let (c0, c1) = (
                ((sx - radius_m) / SPACING_M).ceil().max(0.0) as usize,
                ((sx + radius_m) / SPACING_M).floor() as usize,
            );
            let (r0, r1) = (
                ((sy - radius_m) / SPACING_M).ceil().max(0.0) as usize,
                ((sy + radius_m) / SPACING_M).floor() as usize,
            );
            let mut row = Vec::new();
            for r in r0..=r1.min(ROWS - 1) {
                for c in c0..=c1.min(COLUMNS - 1) {
                    let (x, y) = (c as f64 * SPACING_M, r as f64 * SPACING_M);
                    if (x - sx).powi(2) + (y - sy).powi(2) <= radius_m * radius_m {
                        row.push((r * COLUMNS + c) as u32);
                    }
                }
            }
            row
        })
        .collect();
    let matrix = CoverageMatrix::from_rows(n_demand, rows)?;
    let periods = Periods::new(weights, vec![2.0, 1.0, 1.0, 1.0])?;
    println!(
        "instance: {n_demand} demand elements, {SITES} sites within {radius_m} m, {} coverage entries, 4 periods, {CAMERAS} cameras; built in {:.2} s",
        matrix.nnz(),
        started.elapsed().as_secs_f64()
    );
    for objective in [PeriodObjective::Worst, PeriodObjective::Weighted] {
        for method in [Method::Auto, Method::Greedy] {
            let clock = Instant::now();
            let report = AcrossPeriods::new(CAMERAS, objective)
                .method(method)
                .time_limit(Duration::from_secs(30))
                .solve(&matrix, &periods)?;
            let fractions: Vec<String> = report.fractions.iter().map(|f| format!("{:.4}", f)).collect();
            println!(
                "{objective:>8} {method:>6}: {:.2} s, value {:.5}, bound {:.5}, gap {:.3} %, {} rounds, fractions [{}], {} groups / {} options after reduction",
                clock.elapsed().as_secs_f64(),
                report.value,
                report.upper_bound,
                100.0 * report.gap,
                report.rounds,
                fractions.join(", "),
                report.reduction.demand_after,
                report.reduction.options_after,
            );
        }
    }
    Ok(())
}
