//! `report.md`: the study in plain Markdown, for people.

use super::curve::{KNEE_SHARE, curve_base};
use super::districts::district_label;
use super::percent;
use crate::input::LayerSummary;
use crate::{Outcome, Plan};

/// What `report.md` says about the run besides the plan itself.
///
/// # Examples
///
/// ```
/// let context = sightline::output::ReportContext::new("Deogyang-gu 2027").command("sightline run goyang.toml");
/// assert_eq!(context.title, "Deogyang-gu 2027");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ReportContext<'a> {
    /// The report's title.
    pub title: String,
    /// The input layers, with their row counts and skipped rows.
    pub layers: &'a [LayerSummary],
    /// The command (or scenario file) that produced the run.
    pub command: Option<String>,
    /// Notes to list under the inputs (grid size, model, ...).
    pub notes: Vec<String>,
}

impl<'a> ReportContext<'a> {
    /// A report context with a title and nothing else.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
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

    /// A note for the inputs section.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// `report.md`: the study in plain Markdown for people who do not read
/// JSON: the result (coverage before and after, cameras, cost, objective,
/// upper bound, gap, solver), the new cameras in rank order, the
/// table of districts, where extra cameras stop paying off (from the
/// curve), the largest blind spots, and the inputs with their row counts
/// and skipped rows. Like `summary.json` it holds no runtime, so the same
/// study gives the same bytes.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::output::ReportContext;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = sightline::output::report_md(&plan, &ReportContext::new("Demo city"));
/// assert!(text.starts_with("# Demo city\n"));
/// assert!(text.contains("| Upper bound |"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn report_md(plan: &Plan, context: &ReportContext<'_>) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    let total = plan.total_weight;
    let pct = |w: f64| percent(w, total);
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let _ = writeln!(md, "# {}\n", context.title);
    if let Some(command) = &context.command {
        let _ = writeln!(md, "Produced by `{}`.\n", command.replace('`', "'"));
    }
    let _ = writeln!(md, "## Result\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| New cameras | {} |", plan.chosen.len());
    if let Some(requested) = plan.outcome.cameras() {
        let _ = writeln!(md, "| Cameras asked for | {requested} |");
    }
    if let Some(budget) = plan.outcome.budget() {
        let _ = writeln!(md, "| Budget | {} |", number(budget));
    }
    if let Some(target) = plan.outcome.target() {
        let _ = writeln!(
            md,
            "| Coverage target | {:.1}% of the coverable demand |",
            100.0 * target
        );
    }
    let _ = writeln!(md, "| Cost | {} |", number(plan.cost));
    let _ = writeln!(md, "| Total demand | {} |", number(total));
    let _ = writeln!(
        md,
        "| Covered before (existing cameras) | {} ({:.1}%) |",
        number(plan.covered_before),
        pct(plan.covered_before)
    );
    let _ = writeln!(
        md,
        "| Covered after | {} ({:.1}%) |",
        number(plan.objective),
        pct(plan.objective)
    );
    if let Some(weight) = plan.outcome.backup_weight() {
        let _ = writeln!(
            md,
            "| Seen by two or more cameras | {:.1}% (before: {:.1}%), backup weight {weight} |",
            pct(plan.backed_up_after),
            pct(plan.backed_up_before)
        );
    }
    let _ = writeln!(md, "| Objective (score) | {} |", number(plan.score));
    match plan.outcome {
        Outcome::CoverageTarget { cost_lower_bound, .. } => {
            let _ = writeln!(md, "| Lower bound on the cost | {} |", number(cost_lower_bound));
        }
        Outcome::MaxCoverage { upper_bound, .. } => {
            let _ = writeln!(
                md,
                "| Upper bound | {} ({:.1}%) |",
                number(upper_bound),
                pct(upper_bound)
            );
        }
    }
    let _ = writeln!(
        md,
        "| Gap | {:.3}%{} |",
        100.0 * plan.outcome.gap(),
        if plan.solver.proven_optimal {
            " (proven optimal)"
        } else {
            ""
        }
    );
    let _ = writeln!(md, "| Solver | {} |", plan.solver.method);
    let _ = writeln!(md, "| Demand groups solved | {} |\n", plan.solver.reduced_demand);

    if !plan.chosen.is_empty() {
        let _ = writeln!(md, "## New cameras\n");
        let _ = writeln!(
            md,
            "| Rank | Site | District | Gain | Cost |\n|---:|---|---|---:|---:|"
        );
        for site in &plan.chosen {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                site.rank,
                cell(&site.id),
                cell(site.district.as_deref().unwrap_or("")),
                number(site.gain),
                number(site.cost)
            );
        }
        md.push('\n');
    }

    if !plan.districts.rows.is_empty() {
        let spend = plan.outcome.budget().unwrap_or(plan.cost);
        let _ = writeln!(md, "## Districts\n");
        let _ = writeln!(
            md,
            "| District | Demand | Covered before | Covered after | Cameras added | Share of the {} |\n|---|---:|---:|---:|---:|---:|",
            if plan.outcome.budget().is_some() {
                "budget"
            } else {
                "spending"
            }
        );
        for d in &plan.districts.rows {
            let _ = writeln!(
                md,
                "| {} | {} | {:.1}% | {:.1}% | {} | {:.1}% |",
                cell(&district_label(d)),
                number(d.demand),
                percent(d.covered_before, d.demand),
                percent(d.covered_after, d.demand),
                d.cameras_added,
                percent(d.cost_added, spend)
            );
        }
        md.push('\n');
    }

    if let (Some(first), Some(last)) = (plan.curve.first(), plan.curve.last()) {
        let base = curve_base(plan);
        let first_gain = first.score - base;
        let _ = writeln!(md, "## Coverage curve\n");
        let _ = writeln!(
            md,
            "The first camera adds {:.2}% of all demand; all {} together add {:.2}% (`curve.csv`, `curve.svg`).",
            pct(first_gain),
            last.cameras,
            pct(last.score - base)
        );
        let scores: Vec<f64> = plan.curve.iter().map(|step| step.score).collect();
        if let Some(knee) = sightline_solve::knee(&scores, Some(base), KNEE_SHARE) {
            let _ = writeln!(
                md,
                "Camera {} is the first to add less than a quarter of what the first one did (the knee in `curve.svg`).",
                knee + 1
            );
        }
        let _ = writeln!(
            md,
            "No plan of {} cameras that keeps the request's rules (budget, quotas, spacing, forced sites, if any) can score more than {} ({:.1}% of demand).\n",
            last.cameras,
            number(last.upper_bound),
            pct(last.upper_bound)
        );
    }

    if plan.curve.is_empty() {
        let _ = writeln!(
            md,
            "## Coverage curve\n\nNo new camera was needed, so there is no curve (no `curve.svg`).\n"
        );
    }

    let unseen: f64 = plan.blind_spots.iter().map(|b| b.uncovered).sum();
    let _ = writeln!(md, "## Blind spots\n");
    let _ = writeln!(
        md,
        "{} demand points or cells are not fully seen after the plan, holding {} of the demand ({:.1}%); `blindspots.geojson` lists them, the largest first.\n",
        plan.blind_spots.len(),
        number(unseen),
        pct(unseen)
    );

    let _ = writeln!(md, "## Inputs\n");
    if context.layers.is_empty() {
        let _ = writeln!(md, "Built in memory (no files read).\n");
    } else {
        let _ = writeln!(
            md,
            "| Role | File | Features | Kept | CRS | Skipped |\n|---|---|---:|---:|---|---|"
        );
        for layer in context.layers {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                layer.role,
                cell(&layer.path.display().to_string()),
                layer.features,
                layer.items,
                layer.crs,
                cell(&layer_skipped(layer)),
            );
        }
        md.push('\n');
    }
    if plan.districts.demand_outside > 0 || plan.districts.sites_outside > 0 {
        let _ = writeln!(
            md,
            "- {} demand points and {} candidate sites lie in no district.",
            plan.districts.demand_outside, plan.districts.sites_outside
        );
    }
    for note in &context.notes {
        let _ = writeln!(md, "- {note}");
    }
    md
}

/// A figure for people: whole numbers as they are, others to four
/// significant digits or one decimal, whichever is more.
fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        let digits = (3 - x.abs().log10().floor() as i32).clamp(1, 9) as usize;
        format!("{x:.digits$}")
    }
}

/// What a layer's reader skipped, in words ("none" when nothing was).
fn layer_skipped(layer: &LayerSummary) -> String {
    let mut parts = Vec::new();
    if let Some(note) = &layer.skipped_note {
        parts.push(note.clone());
    }
    if layer.defaulted_weights > 0 {
        parts.push(format!(
            "{} rows without a usable count weigh 1",
            layer.defaulted_weights
        ));
    }
    if !layer.skipped.is_empty() {
        parts.push(format!("{} features that are not polygons", layer.skipped.len()));
    }
    if !layer.invalid_polygons.is_empty() {
        parts.push(format!(
            "{} invalid polygons kept as they are",
            layer.invalid_polygons.len()
        ));
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join("; ")
    }
}
