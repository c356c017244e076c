//! The memory guard's estimate next to the memory planning really took:
//! for each case, the estimated pairs and bytes, the exact pairs, and the
//! peak resident memory above what the process held before (Linux: the
//! peak is reset through `/proc/self/clear_refs` and read from
//! `/proc/self/status`; elsewhere "n/a").
//!
//! The "estimate s" column times `estimate_coverage`, which builds its own
//! index of the demand (planning reuses its index, so it pays only the
//! counting); "plan s" is the whole of planning, 50 cameras, by the
//! solver named (default greedy).
//!
//! `cargo run --release --example memory_estimate [greedy|local|exact|auto]`

use std::time::Instant;

use sightline::coverage::{CameraType, Decay, ExistingCamera, Site, ViewModel};
use sightline::index::PointIndex;
use sightline::memory::{MemoryLimit, estimate_coverage, format_bytes};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

/// A field of `/proc/self/status` in bytes ("VmRSS", "VmHWM").
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Runs `f` and returns the peak resident memory it added, if the system
/// tells.
fn peak_of(f: impl FnOnce()) -> Option<u64> {
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_bytes("VmRSS");
    f();
    let peak = status_bytes("VmHWM");
    match (reset, before, peak) {
        (true, Some(b), Some(p)) => Some(p.saturating_sub(b)),
        _ => None,
    }
}

/// Exact (option, demand point) pairs of the disc model, counted.
fn exact_pairs(scenario: &Scenario, radius_m: f64) -> u64 {
    let demand: Vec<_> = scenario.demand().iter().map(|d| d.location).collect();
    let index = PointIndex::new(&demand);
    scenario
        .sites()
        .iter()
        .map(|s| index.within(s.location, radius_m).count() as u64)
        .sum()
}

/// One table row: the estimated and exact (pairs, entries) (cells for a
/// grid); `seconds`: the estimate's, and planning's (with its own
/// estimate).
fn row(
    label: &str,
    estimated: (u64, u64),
    exact: (u64, u64),
    bytes: u64,
    peak: Option<u64>,
    seconds: (f64, f64),
) {
    let (peak_text, ratio) = match peak {
        Some(p) => (format_bytes(p), format!("{:.2}", bytes as f64 / p.max(1) as f64)),
        None => ("n/a".to_owned(), "-".to_owned()),
    };
    println!(
        "| {label} | {} / {} | {} / {} | {} | {peak_text} | {ratio} | {:.3} | {:.2} |",
        estimated.0,
        estimated.1,
        exact.0,
        exact.1,
        format_bytes(bytes),
        seconds.0,
        seconds.1
    );
}

/// A fixed 90° camera with 8 headings, its quality falling linearly from
/// `full_m` (or a step).
fn fixed(range: f64, full_m: Option<f64>) -> anyhow::Result<CameraType> {
    let camera = CameraType::new("fixed", range, 90.0)?.headings(8)?;
    Ok(match full_m {
        Some(full_m) => camera.decay(Decay::Linear { full_m })?,
        None => camera,
    })
}

/// Exact (pairs, matrix entries) of the view-cone model, counted by
/// building it.
fn exact_view(scenario: &Scenario, fixed: &CameraType, levels: u32) -> anyhow::Result<(u64, u64)> {
    let demand: Vec<_> = scenario.demand().iter().map(|d| d.location).collect();
    let sites: Vec<Site> = scenario.sites().iter().map(|s| Site::new(s.location)).collect();
    let existing: Vec<ExistingCamera> = scenario
        .existing()
        .iter()
        .map(|&e| ExistingCamera::disc(e, fixed.range_m()))
        .collect();
    let view = ViewModel::new(vec![fixed.clone()])?.build(&PointIndex::new(&demand), &sites, &existing, None);
    let pairs = (0..view.options().len())
        .map(|o| view.seen_by(o).len() as u64)
        .sum();
    Ok((pairs, view.leveled(levels).matrix.nnz() as u64))
}

/// The cases, by number: each runs in a process of its own, so that no
/// case reuses memory an earlier one freed.
const CASES: usize = 14;

fn main() -> anyhow::Result<()> {
    // `memory_estimate [METHOD]` runs every case; `memory_estimate METHOD
    // CASE` one of them.
    let method_name = std::env::args().nth(1).unwrap_or_else(|| "greedy".to_owned());
    let method: Method = method_name.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let case: Option<usize> = std::env::args().nth(2).map(|a| a.parse()).transpose()?;
    let Some(case) = case else {
        let city = SyntheticCity::generate(CitySize::Large);
        println!(
            "large synthetic city: {} demand points, {} sites, {} existing cameras; solver {method_name}; memory limit {} ({})",
            city.scenario.demand().len(),
            city.scenario.sites().len(),
            city.scenario.existing().len(),
            MemoryLimit::Auto,
            MemoryLimit::Auto.describe()
        );
        println!(
            "\n| case | estimated pairs / entries | exact pairs / entries | estimated | peak measured | estimate / peak | estimate s | plan s |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for case in 0..CASES {
            let status = std::process::Command::new(std::env::current_exe()?)
                .args([method_name.clone(), case.to_string()])
                .status()?;
            anyhow::ensure!(status.success(), "case {case} failed");
        }
        return Ok(());
    };
    let city = SyntheticCity::generate(CitySize::Large);
    let cells = |n: usize| -> Scenario {
        let demand = city
            .grid_cells(n, n)
            .into_iter()
            .map(|c| DemandPoint::new(c, 1.0))
            .collect();
        city.scenario.clone().with_demand(demand)
    };
    // Plans `request` on `scenario` and prints the row; `exact`: the
    // exact (pairs, entries), counted after planning.
    let measure = |label: &str,
                   scenario: &Scenario,
                   request: PlanRequest,
                   exact: &dyn Fn() -> anyhow::Result<(u64, u64)>|
     -> anyhow::Result<()> {
        let timer = Instant::now();
        let estimate = estimate_coverage(scenario, &request);
        let estimate_s = timer.elapsed().as_secs_f64();
        let request = request.method(method).memory_limit(MemoryLimit::Unlimited);
        let started = Instant::now();
        let mut result = Ok(());
        let peak = peak_of(|| result = plan(scenario, &request).map(|_| ()));
        result?;
        let seconds = (estimate_s, started.elapsed().as_secs_f64());
        let (pairs, entries) = exact()?;
        row(
            label,
            (estimate.pairs, estimate.entries),
            (pairs, entries),
            estimate.bytes,
            peak,
            seconds,
        );
        Ok(())
    };
    // A request of the disc model (50 cameras, or a coverage target).
    let disc = |label: &str, scenario: &Scenario, request: PlanRequest| -> anyhow::Result<()> {
        let radius = request.model().max_range_m();
        let pairs = || {
            let pairs = exact_pairs(scenario, radius);
            Ok((pairs, pairs))
        };
        measure(label, scenario, request, &pairs)
    };
    let view = |label: &str, scenario: &Scenario, fixed: CameraType, levels: u32| -> anyhow::Result<()> {
        let request = PlanRequest::new(50, CameraModel::types(vec![fixed.clone()], levels)?);
        let exact = || exact_view(scenario, &fixed, levels);
        measure(label, scenario, request, &exact)
    };
    let grid = |cell_m: f64| -> anyhow::Result<()> {
        let points: Vec<_> = city.scenario.demand().iter().map(|d| d.location).collect();
        let weights: Vec<f64> = city.scenario.demand().iter().map(|d| d.weight).collect();
        let surface = DemandSurface::new(SurfaceMode::Grid, cell_m)
            .bandwidth_m(150.0)
            .layer(SurfaceLayer::density("demand", points, weights))
            .memory_limit(MemoryLimit::Unlimited);
        // The guard's own estimate: what a limit of one byte reports.
        let timer = Instant::now();
        let estimated = match surface
            .clone()
            .memory_limit(MemoryLimit::Bytes(1))
            .build(&city.scenario)
        {
            Err(Error::MemoryLimit { needed, .. }) => needed,
            other => anyhow::bail!("expected the memory guard to stop, got {other:?}"),
        };
        let estimate_s = timer.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut kept = 0;
        let mut result = Ok(());
        let peak = peak_of(|| result = surface.build(&city.scenario).map(|s| kept = s.demand.len()));
        result?;
        let label = format!("grid surface of {cell_m} m cells ({kept} kept)");
        let cells = (kept as u64, kept as u64);
        row(
            &label,
            cells,
            cells,
            estimated,
            peak,
            (estimate_s, started.elapsed().as_secs_f64()),
        );
        Ok(())
    };
    let cameras =
        |radius: f64| -> anyhow::Result<PlanRequest> { Ok(PlanRequest::new(50, Circular::new(radius)?)) };
    let half = |radius: f64| -> anyhow::Result<PlanRequest> {
        Ok(PlanRequest::coverage_target(0.5, Circular::new(radius)?))
    };
    match case {
        0 => disc("disc 100 m, city demand", &city.scenario, cameras(100.0)?),
        1 => disc("disc 400 m, city demand", &city.scenario, cameras(400.0)?),
        2 => disc("disc 50 m, 250,000 cells", &cells(500), cameras(50.0)?),
        3 => disc("disc 200 m, 250,000 cells", &cells(500), cameras(200.0)?),
        4 => disc("disc 100 m, 1,000,000 cells", &cells(1000), cameras(100.0)?),
        5 => disc("disc 200 m, 1,000,000 cells", &cells(1000), cameras(200.0)?),
        6 => view(
            "90° × 8 headings, 50 m, 1,000,000 cells",
            &cells(1000),
            fixed(50.0, None)?,
            10,
        ),
        7 => view(
            "90° × 8 headings, 100 m, 1,000,000 cells",
            &cells(1000),
            fixed(100.0, None)?,
            10,
        ),
        8 => view(
            "90° × 8, 100 m, linear decay from 10 m, 10 levels, 360,000 cells",
            &cells(600),
            fixed(100.0, Some(10.0))?,
            10,
        ),
        9 => view(
            "90° × 8, 100 m, linear decay from 10 m, 100 levels, 360,000 cells",
            &cells(600),
            fixed(100.0, Some(10.0))?,
            100,
        ),
        10 => disc(
            "coverage target 50%, disc 50 m, 1,000,000 cells",
            &cells(1000),
            half(50.0)?,
        ),
        11 => disc(
            "coverage target 50%, disc 200 m, 1,000,000 cells",
            &cells(1000),
            half(200.0)?,
        ),
        12 => grid(10.0),
        13 => grid(5.0),
        _ => anyhow::bail!("no case {case}; there are {CASES}"),
    }
}
