//! How heavy `report.html` is for a big study, and how fast it opens: the
//! synthetic city of a size (default `large`: 200,000 complaints, 20,000
//! poles, 500 cameras, greedy), its page rendered and written, then opened
//! in headless Chromium (when one is found: `SIGHTLINE_CHROMIUM`, else
//! `chromium`, `chromium-browser` or `google-chrome` on the PATH) through
//! the page's self-check (`?test=zoom:N`), several times.
//!
//! ```text
//! cargo run --release --example report_page -- [small|medium|large|metropolis] [OUT_DIR] [RUNS]
//! ```
//!
//! Prints the page's size, the time to render it, and for each run the
//! browser's wall time (start to exit, browser start-up included), the
//! page's own load time (`performance.now()` once the map and panels are
//! drawn, counted from navigation start) and the time of each zoom step's
//! redraw.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use sightline::io::Plane;
use sightline::output::{self, ReportContext};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let size: CitySize = match args.next() {
        Some(size) => size
            .parse()
            .map_err(|error| anyhow::anyhow!("SIZE `{size}`: {error}"))?,
        None => CitySize::Large,
    };
    let out = PathBuf::from(args.next().unwrap_or_else(|| "report-page-output".to_owned()));
    let runs: usize = match args.next() {
        Some(n) => n
            .parse()
            .with_context(|| format!("RUNS is `{n}`, not a whole number"))?,
        None => 3,
    };

    let started = Instant::now();
    let city = SyntheticCity::generate(size);
    let request = PlanRequest::new(size.default_cameras(), Circular::new(size.default_radius_m())?)
        .method(Method::Greedy);
    let plan = plan(&city.scenario, &request)?;
    println!(
        "{size} city: {} demand points, {} sites, {} existing cameras, {} new; {} blind spots (planned in {:.2} s)",
        city.scenario.demand().len(),
        city.scenario.sites().len(),
        city.scenario.existing().len(),
        plan.chosen.len(),
        plan.blind_spots.len(),
        started.elapsed().as_secs_f64()
    );

    let plane = Plane::local(city.origin_lonlat)?;
    let rendering = Instant::now();
    let html = output::report_html(
        &plan,
        &city.scenario,
        &plane,
        None,
        &ReportContext::new("Report page"),
    )?;
    let render_s = rendering.elapsed().as_secs_f64();
    output::write_files(&out, vec![("report.html".to_owned(), html.clone())])?;
    let page = out.join("report.html");
    println!(
        "report.html: {:.2} MB, rendered in {:.3} s -> {}",
        html.len() as f64 / 1e6,
        render_s,
        page.display()
    );

    let Some(chromium) = chromium() else {
        println!("no Chromium found (set SIGHTLINE_CHROMIUM): page not opened");
        return Ok(());
    };
    let page = std::fs::canonicalize(&page)?;
    for run in 1..=runs {
        let (wall_s, result) = open(&chromium, &page, "zoom:6")?;
        let errors = result["errors"].as_array().map_or(0, Vec::len);
        ensure!(errors == 0, "the page reported errors: {}", result["errors"]);
        let cameras = result["new_cameras"].as_u64().unwrap_or(0);
        ensure!(
            cameras == plan.chosen.len() as u64,
            "the page shows {cameras} new cameras, the plan has {}",
            plan.chosen.len()
        );
        let zoom: Vec<String> = result["zoom_ms"]
            .as_array()
            .map(|steps| {
                steps
                    .iter()
                    .filter_map(|ms| ms.as_f64())
                    .map(|ms| format!("{ms:.0}"))
                    .collect()
            })
            .unwrap_or_default();
        println!(
            "run {run}: browser {wall_s:.2} s start to exit; page loaded in {:.0} ms; zoom redraws {} ms",
            result["load_ms"].as_f64().unwrap_or(f64::NAN),
            zoom.join(", ")
        );
    }
    Ok(())
}

/// The Chromium to use, if any.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SIGHTLINE_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Opens `page?test=TEST` headless; the wall time and the self-check's
/// JSON result.
fn open(chromium: &Path, page: &Path, test: &str) -> Result<(f64, serde_json::Value)> {
    let url = format!("file://{}?test={test}", page.display());
    let started = Instant::now();
    let output = Command::new(chromium)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=30000",
            "--dump-dom",
            &url,
        ])
        .output()
        .with_context(|| format!("running {}", chromium.display()))?;
    let wall_s = started.elapsed().as_secs_f64();
    let dom = String::from_utf8_lossy(&output.stdout);
    let Some(start) = dom.find(r#"<pre id="sightline-test-result">"#) else {
        bail!("no self-check result in the page (exit status {})", output.status);
    };
    let body = &dom[start + r#"<pre id="sightline-test-result">"#.len()..];
    let end = body.find("</pre>").context("the result is not closed")?;
    let text = body[..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Ok((
        wall_s,
        serde_json::from_str(&text).context("the self-check's result is not JSON")?,
    ))
}
