//! `report.md`: the study in plain Markdown, for people.

use std::fmt::Write as _;

use sightline_render::{Lang, fill};

use super::curve::{KNEE_SHARE, curve_base};
use super::{OutputFormat, percent};
use crate::input::LayerSummary;
use crate::periods::PopulationTable;
use crate::records::Records;
use crate::{ChosenSite, Outcome, Plan, Shortfall};

/// What the outputs say about the run besides the plan itself: the title
/// of every output (`report.md`, `map.svg`, `curve.svg`, the district
/// sheets), their language, and what `report.md` lists besides the plan.
///
/// # Examples
///
/// ```
/// use sightline::output::{Lang, ReportContext};
///
/// let context = ReportContext::new("Deogyang-gu 2027").command("sightline run goyang.toml").lang(Lang::Ko);
/// assert_eq!(context.title, "Deogyang-gu 2027");
/// assert_eq!(context.lang, Lang::Ko);
/// assert!(!context.grid);
/// // A title is one line: a line break would end a Markdown heading.
/// assert_eq!(ReportContext::new("Deogyang-gu\r\n2027").title, "Deogyang-gu 2027");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ReportContext<'a> {
    /// The title of every output, on one line.
    pub title: String,
    /// The language of every output (default English).
    pub lang: Lang,
    /// The input layers, with their row counts and skipped rows.
    pub layers: &'a [LayerSummary],
    /// The command (or scenario file) that produced the run.
    pub command: Option<String>,
    /// Notes to list under the inputs (grid size, model, ...).
    pub notes: Vec<String>,
    /// Where each demand point comes from, when the demand is points read
    /// from files: `blindspots.geojson` then names each blind spot by its
    /// row in its file (see [`demand_rows`](Self::demand_rows)).
    pub demand_rows: DemandRows<'a>,
    /// Whether the demand is grid cells (grid and area modes) rather
    /// than points: the report then speaks of cells.
    pub grid: bool,
    /// The complaint records and their layer weight, when the study has
    /// a records layer: `report.md` gains a complaints section,
    /// `summary.json` a `records` object, and `records.geojson` and
    /// `records_not_located.csv` are written.
    pub records: Option<(&'a Records, f64)>,
    /// The period `map.svg` shows instead of the whole day: its name and
    /// each demand point's weight in it.
    pub map_period: Option<(String, &'a [f64])>,
    /// The hourly population table, when the study has one:
    /// `summary.json` gains a `population` object and `report.md` says
    /// what became of its rows.
    pub population: Option<&'a PopulationTable>,
    /// A tile URL template (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`)
    /// that `report.html` draws under its map, for readers who are online;
    /// `None` (the default) fetches nothing: the districts and layers are
    /// the map.
    pub basemap: Option<String>,
    /// The basemap tiles' credit, shown in the map's corner; `None` gives
    /// `© OpenStreetMap contributors` for `tile.openstreetmap.org` and
    /// the tile server's host name for any other.
    pub basemap_attribution: Option<String>,
    /// The format of the geometry outputs (`plan`, `coverage`,
    /// `blindspots`, `records`): GeoJSON by default.
    pub format: OutputFormat,
}

/// Each demand point's place in its file, for naming blind spots the way
/// the input numbers them: a CSV row as a spreadsheet shows it, a GeoJSON
/// feature's index ([`LoadedScenario::demand_rows`](crate::LoadedScenario::demand_rows)),
/// and, with several demand layers, which file.
///
/// # Examples
///
/// ```
/// use sightline::output::DemandRows;
///
/// let rows = DemandRows { rows: &[2, 3, 0], files: vec![(0..2, "calls.csv".into()), (2..3, "bells.geojson".into())] };
/// assert_eq!(rows.source(2), Some((0, Some("bells.geojson"))));
/// assert_eq!(DemandRows::default().source(0), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemandRows<'a> {
    /// Each point's row or feature number (empty when unknown).
    pub rows: &'a [usize],
    /// The demand points of each file (a range of them) and its name.
    pub files: Vec<(std::ops::Range<usize>, String)>,
}

impl DemandRows<'_> {
    /// Demand point `d`'s row in its file, and the file's name when there
    /// are several; `None` when unknown.
    pub fn source(&self, d: usize) -> Option<(usize, Option<&str>)> {
        let row = *self.rows.get(d)?;
        let file = (self.files.len() > 1)
            .then(|| self.files.iter().find(|(range, _)| range.contains(&d)))
            .flatten()
            .map(|(_, name)| name.as_str());
        Some((row, file))
    }
}

impl<'a> ReportContext<'a> {
    /// A report context with a title and nothing else. Line breaks in
    /// the title become spaces (one space for `\r\n`): every output shows
    /// it on one line.
    pub fn new(title: impl Into<String>) -> Self {
        let title: String = title.into();
        Self {
            title: title.replace("\r\n", " ").replace(['\n', '\r'], " "),
            ..Self::default()
        }
    }

    /// The format of the geometry outputs.
    pub fn format(mut self, format: OutputFormat) -> Self {
        self.format = format;
        self
    }

    /// Whether the demand is grid cells rather than points.
    pub fn grid(mut self, grid: bool) -> Self {
        self.grid = grid;
        self
    }

    /// The complaint records of the study and their layer weight.
    pub fn records(mut self, records: &'a Records, layer_weight: f64) -> Self {
        self.records = Some((records, layer_weight));
        self
    }

    /// The hourly population table the demand was made of.
    pub fn population(mut self, table: &'a PopulationTable) -> Self {
        self.population = Some(table);
        self
    }

    /// `map.svg` shows the demand of period `name`, whose weight of each
    /// demand point is `weights`, instead of the whole day's.
    pub fn map_period(mut self, name: impl Into<String>, weights: &'a [f64]) -> Self {
        self.map_period = Some((name.into(), weights));
        self
    }

    /// `report.html` draws tiles of this URL template under its map (see
    /// [`basemap`](Self#structfield.basemap)).
    pub fn basemap(mut self, url: impl Into<String>) -> Self {
        self.basemap = Some(url.into());
        self
    }

    /// The basemap tiles' credit (see
    /// [`basemap_attribution`](Self#structfield.basemap_attribution)).
    pub fn basemap_attribution(mut self, credit: impl Into<String>) -> Self {
        self.basemap_attribution = Some(credit.into());
        self
    }

    /// The language of the outputs.
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The input layers.
    pub fn layers(mut self, layers: &'a [LayerSummary]) -> Self {
        self.layers = layers;
        self
    }

    /// The command or scenario file that produced the run.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// Where each demand point comes from (see [`DemandRows`]).
    pub fn demand_rows(mut self, rows: DemandRows<'a>) -> Self {
        self.demand_rows = rows;
        self
    }

    /// A note for the inputs section.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// True when the plan's costs mean something: a budget was given, or
/// some site or camera type costs other than 1 (else the cost is the
/// number of cameras, and cost lines only repeat it).
pub(super) fn costs_given(plan: &Plan) -> bool {
    plan.outcome.budget().is_some() || plan.chosen.iter().any(|site| site.cost != 1.0)
}

/// `report.md`: the study in plain Markdown for people who do not read
/// JSON, in the context's language. First what was found: coverage before
/// and after, the new cameras (with their cost only when costs or a
/// budget were given), how close to the best possible the plan is (upper
/// bound and gap); then the new cameras in rank order, the table of
/// districts, where extra cameras stop paying off (from the curve), the
/// largest blind spots and the inputs with their row counts and skipped
/// rows; last, under "Technical details", the solver, its objective and
/// the demand groups it solved. Like `summary.json` it holds no runtime,
/// so the same study gives the same bytes.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::output::{Lang, ReportContext};
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = sightline::output::report_md(&plan, &ReportContext::new("Demo city"));
/// assert!(text.starts_with("# Demo city\n"));
/// assert!(text.contains("| Upper bound: the most any plan of 5 cameras can reach |"));
/// assert!(!text.contains("| Cost |"), "no cost was given");
/// let korean = sightline::output::report_md(&plan, &ReportContext::new("예시").lang(Lang::Ko));
/// assert!(korean.contains("## 사각지대"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn report_md(plan: &Plan, context: &ReportContext<'_>) -> String {
    report_with_sheets(plan, context, &[])
}

/// [`report_md`], linking the district maps written beside it.
pub(super) fn report_with_sheets(plan: &Plan, context: &ReportContext<'_>, sheets: &[&str]) -> String {
    let lang = context.lang;
    let text = lang.text();
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", context.title);
    if let Some(command) = &context.command {
        let _ = writeln!(md, "{}\n", fill(text.produced_by, &[&code_span(command)]));
    }
    result(&mut md, plan, lang);
    new_cameras(&mut md, plan, context);
    districts(&mut md, plan, lang);
    if !sheets.is_empty() {
        let links: Vec<String> = sheets.iter().map(|name| format!("[{name}]({name})")).collect();
        let _ = writeln!(md, "{} {}\n", text.inset_sheets, links.join(", "));
    }
    curve(&mut md, plan, lang);
    blind_spots(&mut md, plan, context);
    if plan.periods.is_some() || context.population.is_some() {
        let _ = writeln!(
            md,
            "{}",
            super::periods::periods_section(plan, context.population, lang)
        );
    }
    if let Some((records, _)) = context.records {
        let _ = writeln!(md, "{}", super::records::records_section(records, lang));
    }
    inputs(&mut md, plan, context);
    technical(&mut md, plan, lang);
    md
}

/// A table cell: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `text` as a Markdown code span, as it is: fenced by one backtick more
/// than the longest run of backticks in it.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

/// `x` to `decimals` places, never `-0.0`.
fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => text,
    }
}

/// A weight and its share of all demand: `2154 (82.1%)`.
fn with_share(plan: &Plan, lang: Lang, weight: f64) -> String {
    format!(
        "{} ({}%)",
        lang.number(weight),
        fixed(percent(weight, plan.total_weight), 1)
    )
}

fn result(md: &mut String, plan: &Plan, lang: Lang) {
    let text = lang.text();
    let _ = writeln!(md, "## {}\n", text.result);
    let _ = writeln!(md, "| | |\n|---|---|");
    for (label, value) in result_rows(plan, lang) {
        let _ = writeln!(md, "| {label} | {value} |");
    }
    md.push('\n');
    shortfall_section(md, plan, lang);
}

/// The plan's figures, label and value, as the report's result table
/// and the page's summary show them.
pub(super) fn result_rows(plan: &Plan, lang: Lang) -> Vec<(String, String)> {
    let text = lang.text();
    let costs = costs_given(plan);
    let mut rows = Vec::new();
    let mut row = |label: &str, value: String| rows.push((label.to_owned(), value));
    row(text.new_cameras, text.camera_count.of(plan.chosen.len()));
    if let Some(requested) = plan.outcome.cameras() {
        row(text.cameras_asked, text.camera_count.of(requested));
    }
    if let Some(budget) = plan.outcome.budget() {
        row(text.budget, lang.number(budget));
    }
    if let Some(target) = plan.outcome.target() {
        let share = fixed(100.0 * target, 1);
        row(text.coverage_target, fill(text.coverage_target_value, &[&share]));
    }
    if costs {
        row(text.cost, lang.number(plan.cost));
    }
    row(text.total_demand, lang.number(plan.total_weight));
    row(text.covered_before, with_share(plan, lang, plan.covered_before));
    row(text.covered_after, with_share(plan, lang, plan.objective));
    if let Some(weight) = plan.outcome.backup_weight() {
        let after = fixed(percent(plan.backed_up_after, plan.total_weight), 1);
        let before = fixed(percent(plan.backed_up_before, plan.total_weight), 1);
        row(
            text.backed_up,
            fill(text.backed_up_value, &[&after, &before, &weight]),
        );
        row(text.score_backup, lang.number(plan.score));
    }
    match plan.outcome {
        Outcome::CoverageTarget { cost_lower_bound, .. } => {
            row(text.cost_lower_bound_row, lang.number(cost_lower_bound));
        }
        Outcome::MaxCoverage { upper_bound, .. } => {
            let label = match plan.outcome.cameras() {
                Some(n) => fill(text.upper_bound_row, &[&text.n_cameras.of(n)]),
                None => text.upper_bound_budget_row.to_owned(),
            };
            // A plan chosen across periods is bounded in its objective's
            // terms, a share.
            match plan.periods.as_ref().and_then(|p| p.value) {
                Some(value) => {
                    let words = super::periods::objective_words(plan, lang);
                    let mut chars = words.chars();
                    let capitalised: String = chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default();
                    row(&capitalised, format!("{}%", fixed(100.0 * value, 2)));
                    row(
                        &format!("{label} ({words})"),
                        format!("{}%", fixed(100.0 * upper_bound, 2)),
                    );
                }
                None => row(&label, with_share(plan, lang, upper_bound)),
            }
        }
    }
    let gap_row = match plan.outcome {
        Outcome::CoverageTarget { .. } => text.gap_cost_row,
        Outcome::MaxCoverage { .. } => text.gap_row,
    };
    row(
        gap_row,
        format!(
            "{}%{}",
            fixed(100.0 * plan.outcome.gap(), 3),
            if plan.solver.proven_optimal {
                text.proven_optimal
            } else {
                ""
            }
        ),
    );
    rows
}

/// Why the plan has fewer cameras than asked, if it has.
fn shortfall_section(md: &mut String, plan: &Plan, lang: Lang) {
    let text = lang.text();
    if let Some(shortfall) = &plan.shortfall {
        // A target the existing cameras meet, or a budget, asked for no
        // count.
        let heading = match (shortfall, plan.outcome.cameras()) {
            (Shortfall::TargetMetByExisting { .. }, _) => text.why_none,
            (_, None) => text.why_no_more,
            _ => text.why_fewer,
        };
        let _ = writeln!(md, "**{heading}:** {}\n", shortfall.describe(lang));
    }
}

fn new_cameras<'a>(md: &mut String, plan: &'a Plan, context: &'a ReportContext<'_>) {
    if plan.chosen.is_empty() {
        return;
    }
    let lang = context.lang;
    let text = lang.text();
    let costs = costs_given(plan);
    let label = |site: &'a ChosenSite| site.label.as_deref().filter(|label| !label.trim().is_empty());
    let labels = plan.chosen.iter().any(|site| label(site).is_some());
    let _ = writeln!(md, "## {}\n", text.new_cameras);
    let mut header = format!("| {} | {} |", text.rank, text.site);
    let mut rule = "|---:|---|".to_owned();
    if labels {
        let _ = write!(header, " {} |", text.label);
        rule.push_str("---|");
    }
    // No districts given: no district column, which would be empty.
    let districts = !plan.districts.rows.is_empty();
    if districts {
        let _ = write!(header, " {} |", text.district_column);
        rule.push_str("---|");
    }
    let _ = write!(header, " {} | {} |", text.gain, text.new_points);
    rule.push_str("---:|---:|");
    if costs {
        let _ = write!(header, " {} |", text.cost);
        rule.push_str("---:|");
    }
    let _ = writeln!(md, "{header}\n{rule}");
    for site in &plan.chosen {
        let _ = write!(md, "| {} | {} |", site.rank, cell(&site.id));
        if labels {
            let _ = write!(md, " {} |", cell(label(site).unwrap_or("")));
        }
        if districts {
            let _ = write!(md, " {} |", cell(site.district.as_deref().unwrap_or("")));
        }
        let _ = write!(
            md,
            " {} | {} |",
            lang.number(site.gain),
            lang.number(site.new_points as f64)
        );
        if costs {
            let _ = write!(md, " {} |", lang.number(site.cost));
        }
        md.push('\n');
    }
    md.push('\n');
}

fn districts(md: &mut String, plan: &Plan, lang: Lang) {
    if plan.districts.rows.is_empty() {
        return;
    }
    let text = lang.text();
    let costs = costs_given(plan);
    let spend = plan.outcome.budget().unwrap_or(plan.cost);
    let _ = writeln!(md, "## {}\n", text.districts);
    let _ = write!(
        md,
        "| {} | {} | {} | {} | {} |",
        text.district_column,
        text.demand,
        text.covered_before_column,
        text.covered_after_column,
        text.cameras_added
    );
    if costs {
        let share = if plan.outcome.budget().is_some() {
            text.share_of_budget
        } else {
            text.share_of_spending
        };
        let _ = write!(md, " {share} |");
    }
    let _ = writeln!(
        md,
        "\n|---|---:|---:|---:|---:|{}",
        if costs { "---:|" } else { "" }
    );
    for d in &plan.districts.rows {
        let name = d.name.as_deref().unwrap_or(text.outside_districts);
        let _ = write!(
            md,
            "| {} | {} | {}% | {}% | {} |",
            cell(name),
            lang.number(d.demand),
            fixed(percent(d.covered_before, d.demand), 1),
            fixed(percent(d.covered_after, d.demand), 1),
            d.cameras_added,
        );
        if costs {
            let _ = write!(md, " {}% |", fixed(percent(d.cost_added, spend), 1));
        }
        md.push('\n');
    }
    md.push('\n');
}

fn curve(md: &mut String, plan: &Plan, lang: Lang) {
    let text = lang.text();
    let total = plan.total_weight;
    let (Some(first), Some(last)) = (plan.curve.first(), plan.curve.last()) else {
        let _ = writeln!(md, "## {}\n\n{}\n", text.coverage_curve, text.curve_none);
        return;
    };
    let base = curve_base(plan);
    let _ = writeln!(md, "## {}\n", text.coverage_curve);
    let first_share = fixed(percent(first.score - base, total), 2);
    md.push_str(&fill(text.curve_first, &[&first_share]));
    if last.cameras > 1 {
        let all = fixed(percent(last.score - base, total), 2);
        md.push_str(&fill(text.curve_all, &[&text.n_cameras.of(last.cameras), &all]));
    }
    md.push_str(" (`curve.csv`, `curve.svg`).\n");
    let scores: Vec<f64> = plan.curve.iter().map(|step| step.score).collect();
    if let Some(knee) = sightline_solve::knee(&scores, Some(base), KNEE_SHARE) {
        let _ = writeln!(md, "{}", fill(text.curve_knee, &[&(knee + 1)]));
    }
    // The curve's last bound is for the plan's own size, which may be
    // less than the count asked for, and keeps the budget if any.
    let share = fixed(percent(last.upper_bound, total), 1);
    let cameras = text.n_cameras.of(last.cameras);
    let bound = lang.number(last.upper_bound);
    let sentence = match (plan.outcome.budget(), plan.outcome.cameras()) {
        (Some(budget), _) => fill(
            text.curve_bound_budget,
            &[&cameras, &bound, &share, &lang.number(budget)],
        ),
        (None, Some(asked)) if asked != last.cameras => {
            fill(text.curve_bound_placed, &[&cameras, &bound, &share, &asked])
        }
        _ => fill(text.curve_bound, &[&cameras, &bound, &share]),
    };
    let _ = writeln!(md, "{sentence}\n");
}

fn blind_spots(md: &mut String, plan: &Plan, context: &ReportContext<'_>) {
    let lang = context.lang;
    let text = lang.text();
    let _ = writeln!(md, "## {}\n", text.blind_spots);
    let count = plan.blind_spots.len();
    if count == 0 {
        let none = if context.grid {
            text.no_blind_cells
        } else {
            text.no_blind_points
        };
        let _ = writeln!(md, "{none}\n");
        return;
    }
    let unseen: f64 = plan.blind_spots.iter().map(|b| b.uncovered).sum();
    let phrase = if context.grid {
        text.n_blind_cells
    } else {
        text.n_blind_points
    };
    let places = phrase.with(count, &lang.number(count as f64));
    let share = fixed(percent(unseen, plan.total_weight), 1);
    let _ = writeln!(
        md,
        "{}\n",
        fill(text.blind_spots_text, &[&places, &lang.number(unseen), &share])
    );
}

fn inputs(md: &mut String, plan: &Plan, context: &ReportContext<'_>) {
    let text = context.lang.text();
    let _ = writeln!(md, "## {}\n", text.inputs);
    if context.layers.is_empty() {
        let _ = writeln!(md, "{}\n", text.built_in_memory);
    } else {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---:|---:|---|---|",
            text.role, text.file, text.features, text.kept, text.crs, text.skipped
        );
        for layer in context.layers {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                match layer.layer_weight.filter(|w| *w != 1.0) {
                    Some(weight) =>
                        format!("{} × {}", text.role_name(layer.role), context.lang.number(weight)),
                    None => text.role_name(layer.role).to_owned(),
                },
                cell(&layer.path.display().to_string()),
                context.lang.number(layer.features as f64),
                context.lang.number(layer.items as f64),
                layer.crs,
                cell(&layer_skipped(layer, context.lang)),
            );
        }
        md.push('\n');
    }
    let outside = &plan.districts;
    if outside.demand_outside > 0 || outside.sites_outside > 0 {
        let count = |n: usize| context.lang.number(n as f64);
        let points = text
            .n_demand_points
            .with(outside.demand_outside, &count(outside.demand_outside));
        let sites = text
            .n_candidate_sites
            .with(outside.sites_outside, &count(outside.sites_outside));
        let note = match (outside.demand_outside, outside.sites_outside) {
            (n, 0) => text.outside_one.with(n, &points),
            (0, n) => text.outside_one.with(n, &sites),
            _ => fill(text.outside_note, &[&points, &sites]),
        };
        let _ = writeln!(md, "- {note}");
    }
    for note in &context.notes {
        let _ = writeln!(md, "- {note}");
    }
    if outside.demand_outside > 0 || outside.sites_outside > 0 || !context.notes.is_empty() {
        md.push('\n');
    }
}

/// The solver's side of the plan, last: what a reviewer checks, not what
/// a reader needs.
fn technical(md: &mut String, plan: &Plan, lang: Lang) {
    let text = lang.text();
    let _ = writeln!(md, "## {}\n\n{}\n", text.technical, text.technical_intro);
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| {} | {} |", text.solver, plan.solver.method);
    let proven = if plan.solver.proven_optimal {
        text.yes
    } else {
        text.no
    };
    let _ = writeln!(md, "| {} | {proven} |", text.proven);
    let _ = writeln!(md, "| {} | {} |", text.objective_score, lang.number(plan.score));
    let _ = writeln!(
        md,
        "| {} | {} |",
        text.demand_groups,
        lang.number(plan.solver.reduced_demand as f64)
    );
    if matches!(plan.outcome, Outcome::CoverageTarget { .. }) {
        let _ = writeln!(md, "\n{}", text.set_cover_note);
    }
}

/// What a layer's reader skipped, in words ("none" when nothing was);
/// counts as readers of the language expect them, row numbers as a
/// spreadsheet shows them.
fn layer_skipped(layer: &LayerSummary, lang: Lang) -> String {
    let text = lang.text();
    let count = |n: usize| lang.number(n as f64);
    let mut parts = Vec::new();
    let rows = &layer.skipped_csv;
    if rows.count > 0 {
        let reasons: Vec<String> = [
            (text.skip_empty, rows.empty),
            (text.skip_invalid, rows.invalid),
            (text.skip_out_of_range, rows.out_of_range),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(reason, n)| format!("{reason}: {}", count(n)))
        .collect();
        let mut first: Vec<String> = rows.first_rows.iter().map(usize::to_string).collect();
        if rows.count > rows.first_rows.len() {
            first.push("...".to_owned());
        }
        parts.push(fill(
            text.skipped_rows,
            &[
                &count(rows.count),
                &count(rows.rows),
                &reasons.join("; "),
                &first.join(", "),
            ],
        ));
    } else if let Some(note) = &layer.skipped_note {
        parts.push(note.clone());
    }
    if layer.defaulted_weights > 0 {
        let n = layer.defaulted_weights;
        parts.push(text.n_defaulted_weights.with(n, &count(n)));
    }
    if !layer.skipped.is_empty() {
        let n = layer.skipped.len();
        parts.push(text.n_not_polygons.with(n, &count(n)));
    }
    if !layer.invalid_polygons.is_empty() {
        let n = layer.invalid_polygons.len();
        parts.push(text.n_invalid_polygons.with(n, &count(n)));
    }
    if parts.is_empty() {
        text.none.to_owned()
    } else {
        parts.join("; ")
    }
}
