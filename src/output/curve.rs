//! `curve.csv` and `curve.svg`: coverage against the number of new
//! cameras, with upper bounds and the knee.

use sightline_io::csv_bytes;
use sightline_render::CurveData;

use super::{ReportContext, percent};
use crate::{Error, Plan};

/// `curve.csv`: the plan's coverage curve ([`Plan::curve`]), one row per
/// number of cameras: `cameras`, `score`, `score_pct` (score as a share
/// of all demand; the covered share, or more than it with a backup
/// weight, whose score counts backed-up demand again), `marginal_gain`
/// (what the k-th camera adds), `upper_bound` and `upper_bound_pct`.
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be rendered.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = String::from_utf8(sightline::output::curve_csv(&plan)?).unwrap();
/// assert_eq!(text.lines().count(), 6);
/// assert!(text.starts_with("cameras,score,score_pct,marginal_gain,upper_bound,upper_bound_pct\n1,"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn curve_csv(plan: &Plan) -> Result<Vec<u8>, Error> {
    let header = [
        "cameras",
        "score",
        "score_pct",
        "marginal_gain",
        "upper_bound",
        "upper_bound_pct",
    ];
    let mut previous = curve_base(plan);
    let rows: Vec<Vec<String>> = plan
        .curve
        .iter()
        .map(|step| {
            let row = vec![
                step.cameras.to_string(),
                step.score.to_string(),
                format!("{:.3}", percent(step.score, plan.total_weight)),
                (step.score - previous).to_string(),
                step.upper_bound.to_string(),
                format!("{:.3}", percent(step.upper_bound, plan.total_weight)),
            ];
            previous = step.score;
            row
        })
        .collect();
    Ok(csv_bytes(&header, &rows)?)
}

/// The share of the first camera's gain below which the next camera is
/// said to stop paying off (`curve.svg`'s knee and `report.md`).
pub(super) const KNEE_SHARE: f64 = 0.25;

/// `curve.svg`: the plan's coverage curve ([`Plan::curve`]) as a chart:
/// demand covered (% of all demand) against the number of new cameras,
/// the upper bound per number of cameras dashed, the existing cameras'
/// coverage as a baseline, and the knee: where one more camera first adds
/// less than a quarter of what the first one did
/// ([`knee`](sightline_solve::knee)).
///
/// # Errors
///
/// [`Error::Render`] for a plan without cameras (no curve to draw).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let plan = plan(&city.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// let text = String::from_utf8(sightline::output::curve_svg(&plan, "Demo city")?).unwrap();
/// assert_eq!(text.matches(r#"class="covered-point""#).count(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn curve_svg(plan: &Plan, title: &str) -> Result<Vec<u8>, Error> {
    curve_svg_with(plan, &ReportContext::new(title))
}

/// [`curve_svg`] with the context's title and language (axes, subtitle
/// and legend in Korean with [`Lang::Ko`](super::Lang::Ko)).
///
/// # Errors
///
/// As [`curve_svg`].
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
/// let svg = sightline::output::curve_svg_with(&plan, &ReportContext::new("곡선").lang(Lang::Ko))?;
/// assert!(String::from_utf8(svg).unwrap().contains("신규 CCTV 대수 (k)"));
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn curve_svg_with(plan: &Plan, context: &ReportContext<'_>) -> Result<Vec<u8>, Error> {
    let text = context.lang.text();
    let total = plan.total_weight;
    let base = curve_base(plan);
    let covered: Vec<f64> = plan.curve.iter().map(|s| percent(s.score, total)).collect();
    let baseline = Some(percent(base, total));
    let curve = CurveData {
        title: context.title.clone(),
        subtitle: format!(
            "{}{}",
            text.curve_subtitle,
            if plan.outcome.backup_weight().is_some() {
                text.curve_subtitle_backup
            } else {
                ""
            }
        ),
        y_label: text.curve_y.to_owned(),
        knee: sightline_solve::knee(&covered, baseline, KNEE_SHARE),
        covered,
        upper_bound: plan
            .curve
            .iter()
            .map(|s| Some(percent(s.upper_bound, total)))
            .collect(),
        baseline,
        knee_share: Some(KNEE_SHARE),
        lang: context.lang,
    };
    Ok(sightline_render::curve_svg(&curve)?)
}

/// What the existing cameras score before any new one.
pub(super) fn curve_base(plan: &Plan) -> f64 {
    plan.covered_before + plan.outcome.backup_weight().unwrap_or(0.0) * plan.backed_up_before
}
