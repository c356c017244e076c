//! The `sightline` command: plan CCTV camera sites from GeoJSON and CSV
//! layers.
//!
//! A thin layer over the `sightline` library: flags and study files
//! (TOML, JSON) build one [`Study`](sightline::study::Study), which the
//! library checks and runs; this crate shows progress, prints what comes
//! back and writes the files. The binary is [`main`]; the library target
//! exists so the study-file parser can be fuzzed ([`check_scenario`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sightline::io::Plane;
use sightline::memory::MemoryLimit;
use sightline::output::{self, OutputKind};
use sightline::prelude::*;
use sightline::study::{DiscCamera, Event, Notice, Objective, Outputs};
use sightline::synthetic::{CitySize, SyntheticCity};

mod flags;
mod period_flags;
mod progress;
mod record_flags;
mod study_file;

use flags::{OutputArgs, PlanArgs, ScoreArgs, SolverArgs, flag_for};
use progress::Stage;

/// `println!` that ignores a closed standard output (`sightline … | head`)
/// instead of panicking: the files are written either way.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Decide where a city should install CCTV cameras.
#[derive(Debug, Parser)]
#[command(name = "sightline", version, about, long_about = None)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Choose camera sites and write plan.geojson and summary.json.
    Plan(Box<PlanArgs>),
    /// Score every candidate site on its own; write scores.csv and scores.geojson (scores.fgb for FlatGeobuf inputs or --out-format flatgeobuf).
    Score(Box<ScoreArgs>),
    /// Generate the built-in synthetic city, plan on it, and write inputs and results.
    Demo(DemoArgs),
    /// Run a whole study described in a file (TOML, or JSON for a .json file; see `sightline init`).
    Run(RunArgs),
    /// Write a commented study template to fill in.
    Init(InitArgs),
}

/// `sightline run`'s arguments.
#[derive(Debug, Args)]
struct RunArgs {
    /// The study file: TOML, or JSON when its name ends in .json.
    #[arg(value_name = "STUDY.toml|STUDY.json")]
    scenario: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

/// `sightline init`'s arguments.
#[derive(Debug, Args)]
struct InitArgs {
    /// Where to write the template (default scenario.toml, unless only --categories is given).
    #[arg(value_name = "FILE")]
    path: Option<PathBuf>,
    /// Also (or, without FILE, only) write the built-in Korean complaint categories to this TOML file, for editing and --categories.
    #[arg(long, value_name = "FILE")]
    categories: Option<PathBuf>,
    /// Replace the files if they exist.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// City size: small (2,000 complaints), medium (20,000), large (200,000) or metropolis (1,000,000).
    #[arg(long, default_value = "small")]
    size: CitySize,
    /// Number of new cameras (default: 20, 100, 500 or 2,000 by size).
    #[arg(long, value_name = "N")]
    cameras: Option<usize>,
    /// Camera range in metres.
    #[arg(
        long,
        value_name = "METRES",
        default_value_t = 100.0,
        allow_negative_numbers = true
    )]
    radius: f64,
    /// Coordinate system of the written layers and plan: lonlat (the default) or EPSG:CODE.
    #[arg(long, value_name = "CRS")]
    out_crs: Option<Crs>,
    /// The most memory the coverage may take: a size such as 8G, auto (half of the machine's memory; the default) or none.
    #[arg(long, value_name = "SIZE")]
    memory_limit: Option<MemoryLimit>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the `sightline` command with the process's arguments: what the
/// binary's `main` does. Errors are printed as `error: ...` and give exit
/// code 1; usage errors are clap's (exit code 2).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            let memory = err
                .chain()
                .any(|e| matches!(e.downcast_ref(), Some(sightline::Error::MemoryLimit { .. })));
            if memory {
                eprintln!(
                    "(the limit is --memory-limit SIZE, or memory_limit in a scenario's [solver] table)"
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// Parses and checks a study file's text as `sightline run` would,
/// without reading the layers it names or planning: the study parser's
/// whole surface, for fuzzing and for editors that want to validate a
/// file. `path` names the file in errors, anchors its relative file names,
/// and says whether it is JSON (`.json`) or TOML.
///
/// ```
/// use std::path::Path;
/// let err = sightline_cli::check_scenario("[outputs]\nfolder = 1\n", Path::new("study.toml")).unwrap_err();
/// assert!(err.to_string().starts_with("study.toml"));
/// ```
///
/// # Errors
///
/// The first thing wrong, naming the file and its line.
pub fn check_scenario(text: &str, path: &Path) -> Result<()> {
    study_file::parse(text, path).map(|_| ())
}

fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Plan(args) => plan_command(args, cli.quiet),
        Command::Score(args) => score_command(args, cli.quiet),
        Command::Demo(args) => demo_command(args, cli.quiet),
        Command::Run(args) => run_command(args, cli.quiet),
        Command::Init(args) => init_command(args, cli.quiet),
    }
}

/// Checks a study built from flags, naming the flag of a refused field.
fn validate_flags(study: &Study) -> Result<CheckedStudy> {
    study
        .validate()
        .map_err(|error| anyhow::anyhow!("{} {}", flag_for(&error.path, study), error.problem))
}

fn plan_command(args: &PlanArgs, quiet: bool) -> Result<()> {
    let mut study = args.study();
    let checked = validate_flags(&study)?;
    // The report quotes what reproduces it: the saved study's command
    // when there is one, so that `sightline run FILE` gives the same bytes.
    let command = match &args.save_study {
        Some(path) => format!("sightline run {}", shell_quote(&path.display().to_string())),
        None => command_line(),
    };
    execute(&checked, &command, quiet)?;
    // Written once the plan is: a run that fails leaves nothing behind.
    if let Some(path) = &args.save_study {
        let lang = study.outputs.as_ref().and_then(|o| o.lang).unwrap_or_default();
        study
            .title
            .get_or_insert_with(|| lang.text().default_title.to_owned());
        study_file::save(&study, path)?;
        if !quiet {
            say!(
                "wrote {}: `sightline run {}` plans the same study again",
                path.display(),
                path.display()
            );
        }
    }
    Ok(())
}

fn run_command(args: &RunArgs, quiet: bool) -> Result<()> {
    let file = study_file::read(&args.scenario)?;
    let mut checked = file.checked;
    if args.output.any() {
        let mut study = checked.study.clone();
        args.output.apply(&mut study);
        checked = validate_flags(&study)?;
    }
    execute(
        &checked,
        &format!(
            "sightline run {}",
            shell_quote(&args.scenario.display().to_string())
        ),
        quiet,
    )
}

fn init_command(args: &InitArgs, quiet: bool) -> Result<()> {
    let template = match (&args.path, &args.categories) {
        (Some(path), _) => Some(path.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(PathBuf::from("scenario.toml")),
    };
    let written: Vec<&PathBuf> = template.iter().chain(&args.categories).collect();
    if let Some(path) = written.iter().find(|path| path.exists()).filter(|_| !args.force) {
        anyhow::bail!("{} exists; pass --force to replace it", path.display());
    }
    if let Some(path) = &template {
        sightline::io::write_atomic(path, study_file::TEMPLATE.as_bytes())?;
        if !quiet {
            say!(
                "wrote {}: fill in the file names, then run `sightline run {}`",
                path.display(),
                path.display()
            );
        }
    }
    if let Some(path) = &args.categories {
        sightline::io::write_atomic(path, sightline::records::DEFAULT_CATEGORIES.as_bytes())?;
        if !quiet {
            say!(
                "wrote {}: the built-in complaint categories; edit them, then pass --categories {}",
                path.display(),
                path.display()
            );
        }
    }
    Ok(())
}

/// The command line that started this process, as a POSIX shell reads
/// it back: each argument [`shell_quote`]d, so that the line `report.md`
/// quotes can be pasted into a terminal.
fn command_line() -> String {
    std::env::args_os()
        .map(|arg| shell_quote(&arg.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `arg` as one POSIX shell word: bare when every character is plain
/// (letters, digits and `-_./:=,+@%`), else in single quotes, a quote
/// inside written `'\''`.
fn shell_quote(arg: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./:=,+@%".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Prints what the library said along the way.
fn tell(notices: &[Notice], quiet: bool) {
    if quiet {
        return;
    }
    for notice in notices {
        match notice {
            Notice::Note(note) => eprintln!("note: {note}"),
            Notice::Info(info) => say!("{info}"),
            _ => {}
        }
    }
}

/// Hands a checked study to the library in one call, showing its stages
/// and notices, then writes the files it rendered.
fn execute(study: &CheckedStudy, command: &str, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let (out, _) = study
        .outputs
        .as_ref()
        .context("the study names no output folder")?;
    let mut spinner: Option<Stage> = None;
    let outcome = sightline::study::run_with(study, command, &mut |event| match event {
        Event::Started(stage) => {
            spinner = Some(match (stage, study.request.as_ref()) {
                (sightline::study::Stage::Plan, Some(request)) => {
                    Stage::timed(stage.describe(), request.limit(), quiet)
                }
                _ => Stage::start(stage.describe(), quiet),
            });
        }
        Event::Finished(_) => {
            if let Some(stage) = spinner.take() {
                stage.finish();
            }
        }
        Event::Notice(notice) => tell(std::slice::from_ref(notice), quiet),
        _ => {}
    });
    if let Some(stage) = spinner.take() {
        stage.finish();
    }
    let outcome = outcome?;
    let wanted = study
        .outputs
        .as_ref()
        .map_or(OutputKind::ALL, |(_, files)| files.as_slice());
    let written = write_outputs(out, outcome.files, wanted)?;
    report(&outcome.plan, out, &written, started, quiet);
    // The process ends next: freeing a metropolis's layers and plan piece
    // by piece (millions of allocations) would only keep the user waiting.
    std::mem::forget(outcome.loaded);
    std::mem::forget(outcome.plan);
    Ok(())
}

/// Writes `files` into `out` as one set, then removes what an earlier run
/// left there of the `wanted` kinds that this one did not write (an old
/// `curve.svg`, the sheet of a district that has no camera any more).
/// Returns the names written.
fn write_outputs(out: &Path, files: Vec<output::OutputFile>, wanted: &[OutputKind]) -> Result<Vec<String>> {
    let written: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    output::write_files(out, files)?;
    output::remove_stale(out, wanted, &written)?;
    Ok(written)
}

/// The files written, for the console: every name, district sheets
/// counted (`map.svg and 12 district maps (map_*.svg)`).
fn written_list(written: &[String]) -> String {
    let sheets = written
        .iter()
        .filter(|name| OutputKind::DistrictMaps.matches(name))
        .count();
    let mut names: Vec<String> = written
        .iter()
        .filter(|name| !OutputKind::DistrictMaps.matches(name))
        .cloned()
        .collect();
    match sheets {
        0 => {}
        1 => names.push("1 district map (map_*.svg)".to_owned()),
        n => names.push(format!("{n} district maps (map_*.svg)")),
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing".to_owned(),
    }
}

fn score_command(args: &ScoreArgs, quiet: bool) -> Result<()> {
    let study = args.study();
    let checked = validate_flags(&study)?;
    let stage = Stage::start("reading layers", quiet);
    let loaded = checked.load()?;
    stage.finish();
    tell(&loaded.notices, quiet);
    let stage = Stage::start("scoring candidate sites", quiet);
    let scores = checked.score(&loaded)?;
    stage.finish();
    let stage = Stage::start("writing scores", quiet);
    let plane = &loaded.loaded.plane;
    // The layer follows the inputs' format (or --out-format).
    let format = checked.output_format();
    let layer = format!("scores.{}", format.extension());
    let files = vec![
        ("scores.csv".to_owned(), output::scores_csv(&scores, plane)?),
        (layer.clone(), output::scores_layer(&scores, plane, format)?),
    ];
    output::write_files(&args.layers.out, files)?;
    // The other format's layer, from an earlier run, would no longer
    // match scores.csv.
    for stale in ["scores.geojson", "scores.fgb"]
        .into_iter()
        .filter(|&name| name != layer)
    {
        let path = args.layers.out.join(stale);
        if path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    stage.finish();
    if !quiet {
        say!(
            "scored {} candidate sites -> {}",
            scores.len(),
            args.layers.out.join("scores.csv").display()
        );
    }
    Ok(())
}

/// The demo's request, checked by the library as a study of the demo's
/// settings would be.
fn demo_request(args: &DemoArgs, cameras: usize) -> Result<PlanRequest> {
    let mut study = Study::default();
    study.camera = Some(DiscCamera::new(args.radius));
    let mut objective = Objective::default();
    objective.cameras = Some(cameras);
    study.objective = Some(objective);
    study.solver.method = args.solver.solver;
    study.solver.time_limit_s = args.solver.time_limit;
    study.solver.effort = args.solver.effort;
    study.solver.memory_limit = args.memory_limit;
    study.outputs = Some(Outputs::new(&args.out));
    study
        .plan_request()
        .map_err(|error| anyhow::anyhow!("{} {}", flag_for(&error.path, &study), error.problem))
}

fn demo_command(args: &DemoArgs, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let cameras = args.cameras.unwrap_or(args.size.default_cameras());
    let request = demo_request(args, cameras)?;
    let stage = Stage::start("generating the synthetic city", quiet);
    let city = SyntheticCity::generate(args.size);
    stage.finish();
    let stage = Stage::timed("building coverage and choosing sites", request.limit(), quiet);
    let plan = sightline::plan(&city.scenario, &request)?;
    stage.finish();
    let plane = Plane::local(city.origin_lonlat)?;
    let plane = match args.out_crs {
        Some(crs) => plane.with_output_crs(crs)?,
        None => plane,
    };
    let stage = Stage::start("writing the city's layers and the plan", quiet);
    let format = args.output.out_format.unwrap_or_default();
    let mut files = output::scenario_layers_in(&city.scenario, &plane, format)?;
    let lang = args.output.lang.unwrap_or_default();
    let text = lang.text();
    let title = match &args.output.title {
        Some(title) => title.clone(),
        None => sightline::render::fill(text.demo_title, &[&args.size]),
    };
    let mut study = output::ReportContext::new(title)
        .lang(lang)
        .command(command_line())
        .note(text.demo_note)
        .format(format);
    if let Some(url) = &args.output.basemap {
        study = study.basemap(url.clone());
        if let Some(credit) = &args.output.basemap_attribution {
            study = study.basemap_attribution(credit.clone());
        }
    }
    files.extend(output::all_files(&plan, &city.scenario, &plane, &study, None)?);
    let written = write_outputs(&args.out, files, OutputKind::ALL)?;
    stage.finish();
    report(&plan, &args.out, &written, started, quiet);
    if !quiet {
        let out = args.out.display();
        let ext = format.extension();
        say!(
            "inputs written to {out}/ (a synthetic city); plan on them again with:\n  \
             sightline plan --demand {out}/demand.{ext} --demand-weight weight --sites {out}/sites.{ext} \
             --site-id site_id --existing {out}/existing.{ext} --districts {out}/districts.{ext} \
             --district-name name --cameras {cameras} --radius {} --out {out}/again",
            args.radius
        );
    }
    Ok(())
}

/// "camera" or "cameras", for `n` of them.
fn cameras_word(n: usize) -> &'static str {
    if n == 1 { "camera" } else { "cameras" }
}

fn report(plan: &Plan, out: &Path, written: &[String], started: Instant, quiet: bool) {
    if quiet {
        return;
    }
    let percent = |w: f64| {
        if plan.total_weight > 0.0 {
            100.0 * w / plan.total_weight
        } else {
            0.0
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    match plan.outcome {
        Outcome::MaxCoverage {
            cameras: Some(requested),
            budget,
            ..
        } => say!(
            "placed {} of {requested} {}{}: demand covered {:.1}% (existing cameras alone: {:.1}%) in {seconds:.2} s",
            plan.chosen.len(),
            cameras_word(requested),
            budget
                .map(|b| format!(" (cost {} of budget {b})", plan.cost))
                .unwrap_or_default(),
            percent(plan.objective),
            percent(plan.covered_before),
        ),
        Outcome::MaxCoverage { budget, .. } => say!(
            "placed {} {} costing {} of budget {}: demand covered {:.1}% (existing cameras alone: {:.1}%) in {seconds:.2} s",
            plan.chosen.len(),
            cameras_word(plan.chosen.len()),
            plan.cost,
            budget.unwrap_or_default(),
            percent(plan.objective),
            percent(plan.covered_before),
        ),
        Outcome::CoverageTarget { target, .. } => say!(
            "placed {} {} (cost {}) to cover {:.1}% of the coverable demand (target {:.1}%): {:.1}% of all demand (existing cameras alone: {:.1}%) in {seconds:.2} s",
            plan.chosen.len(),
            cameras_word(plan.chosen.len()),
            plan.cost,
            if plan.coverable_weight > 0.0 {
                100.0 * plan.objective / plan.coverable_weight
            } else {
                0.0
            },
            100.0 * target,
            percent(plan.objective),
            percent(plan.covered_before),
        ),
    }
    if let Some(shortfall) = &plan.shortfall {
        say!("why: {shortfall}");
    }
    let chosen_for_periods = plan.periods.as_ref().and_then(|p| p.value.map(|v| (p, v)));
    if let Some(periods) = &plan.periods
        && !periods.rows.is_empty()
    {
        let shares: Vec<String> = periods
            .rows
            .iter()
            .map(|r| format!("{} {:.2}%", r.name, 100.0 * r.fraction))
            .collect();
        let goal = match (periods.objective, chosen_for_periods) {
            (Some(objective), Some((_, value))) => {
                format!(" (chosen for the {objective} share: {:.3}%)", 100.0 * value)
            }
            (None, Some((_, value))) => format!(" (chosen for the event's hours: {:.3}%)", 100.0 * value),
            _ => String::new(),
        };
        say!("covered share by period: {}{goal}", shares.join(", "));
    }
    if let Some(event) = plan.periods.as_ref().and_then(|p| p.event.as_ref()) {
        let (before, after, crowd) = event.by_hour.iter().fold((0.0, 0.0, 0.0), |(b, a, c), h| {
            (b + h.seen_before, a + h.seen_after, c + h.crowd)
        });
        let hours = event.by_hour.len().max(1) as f64;
        say!(
            "event {}: the temporary cameras see {:.0} more people an hour than the permanent ones alone ({:.1}% of the crowd instead of {:.1}%)",
            event.hours,
            (after - before) / hours,
            if crowd > 0.0 { 100.0 * after / crowd } else { 0.0 },
            if crowd > 0.0 { 100.0 * before / crowd } else { 0.0 },
        );
    }
    if let Some(weight) = plan.outcome.backup_weight() {
        say!(
            "backup: demand seen by two or more cameras {:.1}% (existing cameras alone: {:.1}%); score {} = covered + {weight} x backed up",
            percent(plan.backed_up_after),
            percent(plan.backed_up_before),
            plan.score
        );
    }
    let method = &plan.solver.method;
    match plan.outcome {
        _ if plan.solver.proven_optimal => say!("solver {method}: proven optimal"),
        Outcome::MaxCoverage { upper_bound, gap, .. } if chosen_for_periods.is_some() => say!(
            "solver {method}: within {:.2}% of the best possible plan (upper bound {:.3}%)",
            100.0 * gap,
            100.0 * upper_bound
        ),
        Outcome::CoverageTarget {
            cost_lower_bound,
            gap,
            ..
        } => say!(
            "solver {method}: cost within {:.2}% of the cheapest possible plan (lower bound {cost_lower_bound})",
            100.0 * gap
        ),
        Outcome::MaxCoverage {
            backup_weight: Some(_),
            upper_bound,
            gap,
            ..
        } => say!(
            "solver {method}: within {:.2}% of the best possible plan (upper bound on the score {upper_bound:.1})",
            100.0 * gap
        ),
        Outcome::MaxCoverage { upper_bound, gap, .. } => say!(
            "solver {method}: within {:.2}% of the best possible plan (upper bound {:.1}% of demand)",
            100.0 * gap,
            percent(upper_bound)
        ),
    }
    match plan.districts.demand_outside {
        0 => {}
        1 => say!(
            "note: 1 demand point lies in no district; summary.json reports it in a district row named null"
        ),
        n => say!(
            "note: {n} demand points lie in no district; summary.json reports them in a district row named null"
        ),
    }
    match plan.districts.sites_outside {
        0 => {}
        1 => say!("note: 1 candidate site lies in no district"),
        n => say!("note: {n} candidate sites lie in no district"),
    }
    say!("wrote {}/: {}", out.display(), written_list(written));
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn arguments_are_quoted_only_when_a_shell_needs_it() {
        assert_eq!(shell_quote("--demand"), "--demand");
        assert_eq!(shell_quote("data/bells.geojson:2"), "data/bells.geojson:2");
        assert_eq!(shell_quote("고양시"), "고양시");
        assert_eq!(shell_quote("sp ace/b x.geojson"), "'sp ace/b x.geojson'");
        assert_eq!(shell_quote("두 단어"), "'두 단어'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("a$b"), "'a$b'");
        assert_eq!(shell_quote("~/x"), "'~/x'");
        assert_eq!(shell_quote("a\nb"), "'a\nb'");
    }

    #[test]
    fn crs_flag_parses() {
        let cli = Cli::try_parse_from([
            "sightline",
            "score",
            "--demand",
            "d.geojson",
            "--sites",
            "s.geojson",
            "--radius",
            "50",
            "--crs",
            "EPSG:5186",
            "--out-crs",
            "lonlat",
            "--out",
            "o",
        ])
        .unwrap();
        let Command::Score(args) = cli.command else {
            panic!("expected score")
        };
        assert_eq!(args.layers.crs, Some(Crs::Epsg(5186)));
        assert_eq!(args.layers.out_crs, Some(Crs::LonLat));
    }
}
