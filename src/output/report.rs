//! `report.md`: the study in plain Markdown, for people.

use std::fmt::Write as _;

use sightline_render::{Lang, Text, fill};

use super::curve::{KNEE_SHARE, curve_base};
use super::percent;
use crate::input::LayerSummary;
use crate::{ChosenSite, Outcome, Plan};

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
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ReportContext<'a> {
    /// The title of every output.
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
    /// A report context with a title and nothing else.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
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
        let quoted = format!("`{}`", command.replace('`', "'"));
        let _ = writeln!(md, "{}\n", fill(text.produced_by, &[&quoted]));
    }
    result(&mut md, plan, lang);
    new_cameras(&mut md, plan, context);
    districts(&mut md, plan, lang);
    if !sheets.is_empty() {
        let links: Vec<String> = sheets.iter().map(|name| format!("[{name}]({name})")).collect();
        let _ = writeln!(md, "{} {}\n", text.inset_sheets, links.join(", "));
    }
    curve(&mut md, plan, lang);
    blind_spots(&mut md, plan, lang);
    inputs(&mut md, plan, context);
    technical(&mut md, plan, lang);
    md
}

/// A table cell: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A weight and its share of all demand: `2154 (82.1%)`.
fn with_share(plan: &Plan, lang: Lang, weight: f64) -> String {
    format!(
        "{} ({:.1}%)",
        lang.number(weight),
        percent(weight, plan.total_weight)
    )
}

fn result(md: &mut String, plan: &Plan, lang: Lang) {
    let text = lang.text();
    let costs = costs_given(plan);
    let _ = writeln!(md, "## {}\n", text.result);
    let _ = writeln!(md, "| | |\n|---|---|");
    let mut row = |label: &str, value: String| {
        let _ = writeln!(md, "| {label} | {value} |");
    };
    row(text.new_cameras, text.camera_count.of(plan.chosen.len()));
    if let Some(requested) = plan.outcome.cameras() {
        row(text.cameras_asked, text.camera_count.of(requested));
    }
    if let Some(budget) = plan.outcome.budget() {
        row(text.budget, lang.number(budget));
    }
    if let Some(target) = plan.outcome.target() {
        let share = format!("{:.1}", 100.0 * target);
        row(text.coverage_target, fill(text.coverage_target_value, &[&share]));
    }
    if costs {
        row(text.cost, lang.number(plan.cost));
    }
    row(text.total_demand, lang.number(plan.total_weight));
    row(text.covered_before, with_share(plan, lang, plan.covered_before));
    row(text.covered_after, with_share(plan, lang, plan.objective));
    if let Some(weight) = plan.outcome.backup_weight() {
        let after = format!("{:.1}", percent(plan.backed_up_after, plan.total_weight));
        let before = format!("{:.1}", percent(plan.backed_up_before, plan.total_weight));
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
            row(&label, with_share(plan, lang, upper_bound));
        }
    }
    row(
        text.gap_row,
        format!(
            "{:.3}%{}",
            100.0 * plan.outcome.gap(),
            if plan.solver.proven_optimal {
                text.proven_optimal
            } else {
                ""
            }
        ),
    );
    md.push('\n');
    if let Some(shortfall) = &plan.shortfall {
        let _ = writeln!(md, "**{}:** {}\n", text.why_fewer, shortfall.describe(lang));
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
    let _ = write!(
        header,
        " {} | {} | {} |",
        text.district_column, text.gain, text.new_points
    );
    rule.push_str("---|---:|---:|");
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
        let _ = write!(
            md,
            " {} | {} | {} |",
            cell(site.district.as_deref().unwrap_or("")),
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
            "| {} | {} | {:.1}% | {:.1}% | {} |",
            cell(name),
            lang.number(d.demand),
            percent(d.covered_before, d.demand),
            percent(d.covered_after, d.demand),
            d.cameras_added,
        );
        if costs {
            let _ = write!(md, " {:.1}% |", percent(d.cost_added, spend));
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
    let first_share = format!("{:.2}", percent(first.score - base, total));
    md.push_str(&fill(text.curve_first, &[&first_share]));
    if last.cameras > 1 {
        let all = format!("{:.2}", percent(last.score - base, total));
        md.push_str(&fill(text.curve_all, &[&text.n_cameras.of(last.cameras), &all]));
    }
    md.push_str(" (`curve.csv`, `curve.svg`).\n");
    let scores: Vec<f64> = plan.curve.iter().map(|step| step.score).collect();
    if let Some(knee) = sightline_solve::knee(&scores, Some(base), KNEE_SHARE) {
        let _ = writeln!(md, "{}", fill(text.curve_knee, &[&(knee + 1)]));
    }
    let share = format!("{:.1}", percent(last.upper_bound, total));
    let _ = writeln!(
        md,
        "{}\n",
        fill(
            text.curve_bound,
            &[
                &text.n_cameras.of(last.cameras),
                &lang.number(last.upper_bound),
                &share
            ]
        )
    );
}

fn blind_spots(md: &mut String, plan: &Plan, lang: Lang) {
    let text = lang.text();
    let unseen: f64 = plan.blind_spots.iter().map(|b| b.uncovered).sum();
    let _ = writeln!(md, "## {}\n", text.blind_spots);
    let count = plan.blind_spots.len();
    let places = text.n_demand_places.with(count, &lang.number(count as f64));
    let share = format!("{:.1}", percent(unseen, plan.total_weight));
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
                layer.features,
                layer.items,
                layer.crs,
                cell(&layer_skipped(layer, text)),
            );
        }
        md.push('\n');
    }
    let outside = &plan.districts;
    if outside.demand_outside > 0 || outside.sites_outside > 0 {
        let points = text.n_demand_points.of(outside.demand_outside);
        let sites = text.n_candidate_sites.of(outside.sites_outside);
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
}

/// What a layer's reader skipped, in words ("none" when nothing was).
fn layer_skipped(layer: &LayerSummary, text: &Text) -> String {
    let mut parts = Vec::new();
    let rows = &layer.skipped_csv;
    if rows.count > 0 {
        let reasons: Vec<String> = [
            (text.skip_empty, rows.empty),
            (text.skip_invalid, rows.invalid),
            (text.skip_out_of_range, rows.out_of_range),
        ]
        .into_iter()
        .filter(|&(_, count)| count > 0)
        .map(|(reason, count)| format!("{reason}: {count}"))
        .collect();
        let mut first: Vec<String> = rows.first_rows.iter().map(usize::to_string).collect();
        if rows.count > rows.first_rows.len() {
            first.push("...".to_owned());
        }
        parts.push(fill(
            text.skipped_rows,
            &[&rows.count, &rows.rows, &reasons.join("; "), &first.join(", ")],
        ));
    } else if let Some(note) = &layer.skipped_note {
        parts.push(note.clone());
    }
    if layer.defaulted_weights > 0 {
        parts.push(text.n_defaulted_weights.of(layer.defaulted_weights));
    }
    if !layer.skipped.is_empty() {
        parts.push(text.n_not_polygons.of(layer.skipped.len()));
    }
    if !layer.invalid_polygons.is_empty() {
        parts.push(text.n_invalid_polygons.of(layer.invalid_polygons.len()));
    }
    if parts.is_empty() {
        text.none.to_owned()
    } else {
        parts.join("; ")
    }
}
