//! The language of the outputs: every word a person reads in the map, the
//! chart and the report, in one table per language ([`Text`]), chosen by
//! [`Lang`].

mod en;
mod ko;

use std::fmt;
use std::str::FromStr;

use crate::svg::group_thousands;

/// The language the outputs are written in: `en` (English, the default)
/// or `ko` (Korean). Written and read as its code.
///
/// # Examples
///
/// ```
/// use sightline_render::Lang;
///
/// let lang: Lang = "ko".parse().unwrap();
/// assert_eq!(lang, Lang::Ko);
/// assert_eq!(lang.to_string(), "ko");
/// assert_eq!(lang.text().legend, "범례");
/// assert_eq!(Lang::default().text().legend, "Legend");
/// assert!("fr".parse::<Lang>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// Every language, in the order help texts list them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The language's code: `en` or `ko`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// Every word of the outputs in this language.
    pub fn text(self) -> &'static Text {
        match self {
            Lang::En => &en::TEXT,
            Lang::Ko => &ko::TEXT,
        }
    }

    /// A figure as readers of this language expect it, by one rule:
    /// whole numbers as they are; others to two decimals (figures below 1
    /// to two significant digits), trailing zeros dropped; never `-0`.
    /// Korean groups thousands with commas (`12,345`).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_render::Lang;
    ///
    /// assert_eq!(Lang::En.number(12345.0), "12345");
    /// assert_eq!(Lang::Ko.number(12345.0), "12,345");
    /// assert_eq!(Lang::Ko.number(2.5), "2.5");
    /// assert_eq!(Lang::En.number(61.5), "61.5");
    /// assert_eq!(Lang::En.number(843.5), "843.5");
    /// assert_eq!(Lang::En.number(1.2345), "1.23");
    /// assert_eq!(Lang::En.number(0.0043), "0.0043");
    /// assert_eq!(Lang::En.number(-0.0), "0");
    /// assert_eq!(Lang::En.number(-1e-12), "0");
    /// ```
    pub fn number(self, x: f64) -> String {
        let decimals = if (x - x.round()).abs() < 1e-9 {
            0
        } else if x.abs() >= 1.0 {
            2
        } else {
            (1 - x.abs().log10().floor() as i32).clamp(2, 9) as usize
        };
        let mut text = format!("{x:.decimals$}");
        if text.contains('.') {
            text.truncate(text.trim_end_matches('0').trim_end_matches('.').len());
        }
        if text == "-0" {
            text.remove(0);
        }
        match self {
            Lang::En => text,
            Lang::Ko => group_thousands(&text),
        }
    }
}

impl Text {
    /// The word for a layer's role (`demand`, `sites`, `existing`,
    /// `districts`, `buildings`, `density`, `influence`, `layer`); an
    /// unknown role as it is.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_render::Lang;
    ///
    /// assert_eq!(Lang::Ko.text().role_name("sites"), "설치 후보지");
    /// assert_eq!(Lang::En.text().role_name("sites"), "sites");
    /// ```
    pub fn role_name<'a>(&self, role: &'a str) -> &'a str {
        self.roles
            .iter()
            .find(|(code, _)| *code == role)
            .map_or(role, |(_, word)| word)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// The language of this code: `en` or `ko` (any case; `kr` and
    /// `korean` are taken as `ko`).
    fn from_str(code: &str) -> Result<Self, String> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "ko" | "kr" | "korean" => Ok(Lang::Ko),
            _ => Err(format!("unknown language `{code}`; expected en or ko")),
        }
    }
}

/// A phrase with a number in it, in its singular and plural forms:
/// `{0}` stands for the number. Korean uses one form for both.
///
/// # Examples
///
/// ```
/// use sightline_render::Lang;
///
/// assert_eq!(Lang::En.text().n_cameras.of(1), "1 camera");
/// assert_eq!(Lang::En.text().n_cameras.of(12), "12 cameras");
/// assert_eq!(Lang::Ko.text().n_cameras.of(12), "카메라 12대");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plural {
    /// The form for exactly one (`{0} camera`).
    pub one: &'static str,
    /// The form for any other number (`{0} cameras`).
    pub many: &'static str,
}

impl Plural {
    /// The phrase for `n`.
    pub fn of(&self, n: usize) -> String {
        self.with(n, &n.to_string())
    }

    /// The phrase chosen for `n`, with `shown` standing for the number
    /// (`12,345`, grouped).
    pub fn with(&self, n: usize, shown: &str) -> String {
        let form = if n == 1 { self.one } else { self.many };
        fill(form, &[&shown])
    }
}

/// `template` with `{0}`, `{1}`, … replaced by the arguments in that
/// position; other text (and braces not followed by a digit and `}`)
/// is kept.
///
/// # Examples
///
/// ```
/// use sightline_render::fill;
///
/// assert_eq!(fill("{1} of {0}", &[&20, &"5"]), "5 of 20");
/// assert_eq!(fill("{x} {9}", &[&1]), "{x} {9}");
/// ```
pub fn fill(template: &str, args: &[&dyn fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let bytes = after.as_bytes();
        match (bytes.get(1), bytes.get(2)) {
            (Some(d), Some(b'}')) if d.is_ascii_digit() && args.get(usize::from(d - b'0')).is_some() => {
                let _ = fmt::Write::write_fmt(&mut out, format_args!("{}", args[usize::from(d - b'0')]));
                rest = &after[3..];
            }
            _ => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every word the outputs show, in one language: field names say where
/// each is used; `{0}`, `{1}`, … are filled in with [`fill`].
///
/// # Examples
///
/// ```
/// use sightline_render::{fill, Lang};
///
/// let text = Lang::Ko.text();
/// assert_eq!(text.new_cameras, "신규 CCTV");
/// assert_eq!(fill(text.knee_label, &[&7]), "체감점: k = 7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Text {
    // Titles.
    /// The title of a study that names none.
    pub default_title: &'static str,
    /// The demo's title; `{0}` is the city's size (`small`).
    pub demo_title: &'static str,

    // The map.
    /// The legend's heading.
    pub legend: &'static str,
    /// The legend entry of a district.
    pub district: &'static str,
    /// The legend heading of demand points.
    pub demand_weight: &'static str,
    /// The legend heading of demand grid cells.
    pub demand_per_cell: &'static str,
    /// How the demand colours are classed.
    pub colour_classes: &'static str,
    /// Demand merged into coarser squares: `{0}` is what was merged
    /// ([`Text::points`] or [`Text::cells`]), `{1}` the square's side.
    pub merged_into: &'static str,
    /// Demand points, in [`Text::merged_into`].
    pub points: &'static str,
    /// Demand grid cells, in [`Text::merged_into`].
    pub cells: &'static str,
    /// The legend entry of an existing camera.
    pub existing_camera: &'static str,
    /// The legend entry of an existing camera drawn with its reach.
    pub existing_camera_reach: &'static str,
    /// The legend entry of a new camera.
    pub new_camera: &'static str,
    /// The legend entry of a new camera drawn with its reach.
    pub new_camera_reach: &'static str,
    /// The north arrow's letter.
    pub north: &'static str,
    /// Camera labels left off a crowded map (the report lists them).
    pub labels_omitted: Plural,
    /// District names left off a crowded map (the report lists every
    /// district).
    pub names_omitted: Plural,
    /// The map's subtitle: `{0}` new cameras (a [`Text::n_new_cameras`]
    /// phrase), coverage `{1}`% before and `{2}`% after.
    pub map_subtitle: &'static str,
    /// An inset sheet's subtitle: `{0}` is a [`Text::n_new_cameras`]
    /// phrase, `{1}` the district.
    pub inset_subtitle: &'static str,

    // The chart.
    /// The x axis title.
    pub curve_x: &'static str,
    /// The y axis title when none is given.
    pub curve_y_default: &'static str,
    /// The y axis title of `curve.svg`.
    pub curve_y: &'static str,
    /// The chart's subtitle.
    pub curve_subtitle: &'static str,
    /// Added to the subtitle with a backup weight.
    pub curve_subtitle_backup: &'static str,
    /// The legend entry of the plan's curve.
    pub curve_covered: &'static str,
    /// The legend entry of the upper bound.
    pub upper_bound: &'static str,
    /// The legend entry of the baseline.
    pub curve_before: &'static str,
    /// The legend entry of the knee; `{0}` is k.
    pub knee_legend: &'static str,
    /// The label on the knee's line; `{0}` is k.
    pub knee_label: &'static str,
    /// The knee explained in three short lines: `{0}` is k, `{1}` the
    /// share in percent.
    pub knee_explained: [&'static str; 3],

    // The chart of coverage by hour of the day.
    /// Its x axis title.
    pub hours_x: &'static str,
    /// Its y axis title.
    pub hours_y: &'static str,
    /// The legend entry of coverage before the plan.
    pub hours_before: &'static str,
    /// The legend entry of coverage with the plan.
    pub hours_after: &'static str,
    /// The legend entry of an event's hours.
    pub hours_event: &'static str,
    /// The legend entry of each hour's demand, relative to the busiest.
    pub hours_demand: &'static str,
    /// The legend note on gaps: hours without demand.
    pub hours_gap: &'static str,
    /// The legend note on a y axis that does not start at 0; `{0}` is
    /// where it starts, in percent.
    pub hours_axis_from: &'static str,

    // Counts.
    /// `{0} camera(s)`.
    pub n_cameras: Plural,
    /// `{0} new camera(s)`.
    pub n_new_cameras: Plural,
    /// A number of cameras in a table cell: `{0}` (English), `{0}대`
    /// (Korean).
    pub camera_count: Plural,

    // report.md: the result.
    /// `Produced by {0}.`: `{0}` is the command, quoted as code.
    pub produced_by: &'static str,
    /// The result's heading.
    pub result: &'static str,
    /// Row: new cameras placed; also the heading of their table.
    pub new_cameras: &'static str,
    /// Row: cameras asked for.
    pub cameras_asked: &'static str,
    /// Row: the budget.
    pub budget: &'static str,
    /// Row: the coverage target.
    pub coverage_target: &'static str,
    /// Its value: `{0}` percent of the coverable demand.
    pub coverage_target_value: &'static str,
    /// Row: the cost; also a column.
    pub cost: &'static str,
    /// Row: all demand.
    pub total_demand: &'static str,
    /// Row: covered before.
    pub covered_before: &'static str,
    /// Row: covered after.
    pub covered_after: &'static str,
    /// Row: demand seen twice.
    pub backed_up: &'static str,
    /// Its value: `{0}`% after, `{1}`% before, `{2}` the weight.
    pub backed_up_value: &'static str,
    /// Row: the score with a backup weight.
    pub score_backup: &'static str,
    /// Row: the upper bound; `{0}` is a [`Text::n_cameras`] phrase.
    pub upper_bound_row: &'static str,
    /// Row: the upper bound of a budget plan.
    pub upper_bound_budget_row: &'static str,
    /// Row: the cost's lower bound.
    pub cost_lower_bound_row: &'static str,
    /// Row: the gap of a plan that maximises coverage (how far below the
    /// best it can be).
    pub gap_row: &'static str,
    /// Row: the gap of a coverage target's plan (how much more it can
    /// cost than the cheapest).
    pub gap_cost_row: &'static str,
    /// After the gap of a proven plan.
    pub proven_optimal: &'static str,

    // report.md: the tables.
    /// Column: rank.
    pub rank: &'static str,
    /// Column: site.
    pub site: &'static str,
    /// Column: site label (a pole's name).
    pub label: &'static str,
    /// Column and heading: districts.
    pub districts: &'static str,
    /// Column: a district.
    pub district_column: &'static str,
    /// Column: newly covered demand.
    pub gain: &'static str,
    /// Column: demand.
    pub demand: &'static str,
    /// Column: covered before.
    pub covered_before_column: &'static str,
    /// Column: covered after.
    pub covered_after_column: &'static str,
    /// Column: cameras added.
    pub cameras_added: &'static str,
    /// Column: share of the budget.
    pub share_of_budget: &'static str,
    /// Column: share of the spending.
    pub share_of_spending: &'static str,
    /// The row of what lies in no district.
    pub outside_districts: &'static str,
    /// A sentence linking the inset sheets.
    pub inset_sheets: &'static str,
    /// Column: the demand points a camera is the first to see.
    pub new_points: &'static str,

    // report.md and the console: why fewer cameras than asked.
    /// The heading of the reason.
    pub why_fewer: &'static str,
    /// The heading of the reason when no camera was needed (a coverage
    /// target the existing cameras meet).
    pub why_none: &'static str,
    /// The heading of why a budget plan places no more cameras.
    pub why_no_more: &'static str,
    /// Every demand point is seen.
    pub shortfall_all_seen: &'static str,
    /// `{0}` (a [`Text::n_unseen`] phrase) has no candidate site: `{1}`
    /// ([`Text::within_m`] or [`Text::that_sees`]).
    pub shortfall_unseen: &'static str,
    /// The demand points still unseen: `{0}` is how many, `{1}` their
    /// weight.
    pub n_unseen: Plural,
    /// A layer's role (`demand`, `sites`, …) and its word.
    pub roles: &'static [(&'static str, &'static str)],
    /// `{0}` metres.
    pub within_m: &'static str,
    /// No candidate site sees them, whatever the reason.
    pub that_sees: &'static str,
    /// `{0}` the next camera's gain, `{1}` the minimum gain.
    pub shortfall_min_gain: &'static str,
    /// `{0}` candidate options.
    pub shortfall_fewer_sites: &'static str,
    /// The rules allow no more.
    pub shortfall_rules: &'static str,
    /// `{0}` left of the budget, `{1}` the cheapest useful camera.
    pub shortfall_budget: &'static str,
    /// `{0}` the most cameras per district.
    pub shortfall_quota: &'static str,
    /// `{0}` metres of spacing.
    pub shortfall_spacing: &'static str,
    /// Every useful site is excluded.
    pub shortfall_excluded: &'static str,
    /// `{0}`% covered by the existing cameras, `{1}`% the target.
    pub shortfall_target_met: &'static str,

    // report.md: the curve and blind spots.
    /// The curve's heading.
    pub coverage_curve: &'static str,
    /// `{0}`%: what the first camera adds.
    pub curve_first: &'static str,
    /// `{0}` cameras (a [`Text::n_cameras`] phrase) together add `{1}`%.
    pub curve_all: &'static str,
    /// Camera `{0}` is the first to add less than a quarter.
    pub curve_knee: &'static str,
    /// No plan of `{0}` ([`Text::n_cameras`], the plan's size, which is
    /// the size asked for) scores more than `{1}` (`{2}`% of demand).
    pub curve_bound: &'static str,
    /// As [`Text::curve_bound`], when the plan places fewer cameras than
    /// the `{3}` asked for.
    pub curve_bound_placed: &'static str,
    /// As [`Text::curve_bound`], for a plan within a budget of `{3}`.
    pub curve_bound_budget: &'static str,
    /// No curve: no new camera needed.
    pub curve_none: &'static str,
    /// The blind spots' heading.
    pub blind_spots: &'static str,
    /// `{0}` (a [`Text::n_blind_points`] or [`Text::n_blind_cells`]
    /// phrase) not fully seen, holding `{1}` (`{2}`%).
    pub blind_spots_text: &'static str,
    /// `{0} demand point(s)` not fully seen, in [`Text::blind_spots_text`].
    pub n_blind_points: Plural,
    /// `{0} cell(s)` not fully seen, in [`Text::blind_spots_text`].
    pub n_blind_cells: Plural,
    /// No blind spot: every demand point is fully seen.
    pub no_blind_points: &'static str,
    /// No blind spot: every cell is fully seen.
    pub no_blind_cells: &'static str,

    // report.md: inputs and technical details.
    /// The inputs' heading.
    pub inputs: &'static str,
    /// No files were read.
    pub built_in_memory: &'static str,
    /// Column: role.
    pub role: &'static str,
    /// Column: file.
    pub file: &'static str,
    /// Column: features.
    pub features: &'static str,
    /// Column: kept.
    pub kept: &'static str,
    /// Column: coordinate system.
    pub crs: &'static str,
    /// Column: skipped.
    pub skipped: &'static str,
    /// Nothing skipped.
    pub none: &'static str,
    /// CSV rows skipped: `{0}` of `{1}` rows, `{2}` the counts by reason,
    /// `{3}` the first rows.
    pub skipped_rows: &'static str,
    /// A reason rows were skipped: the coordinates are empty.
    pub skip_empty: &'static str,
    /// … not numbers.
    pub skip_invalid: &'static str,
    /// … out of range.
    pub skip_out_of_range: &'static str,
    /// `{0} row(s) without a usable count weigh 1`.
    pub n_defaulted_weights: Plural,
    /// `{0} feature(s) that are not polygons`.
    pub n_not_polygons: Plural,
    /// `{0} invalid polygon(s) kept as they are`.
    pub n_invalid_polygons: Plural,
    /// `{0}` (a [`Text::n_demand_points`] phrase) and `{1}` (a
    /// [`Text::n_candidate_sites`] phrase) lie in no district.
    pub outside_note: &'static str,
    /// `{0}` (a phrase for demand points, or for candidate sites) lie in
    /// no district.
    pub outside_one: Plural,
    /// `{0} demand point(s)`.
    pub n_demand_points: Plural,
    /// `{0} candidate site(s)`.
    pub n_candidate_sites: Plural,
    /// The note on a kernel density grid; `{0}` is the cell size, metres.
    pub grid_note_density: &'static str,
    /// The note on an area grid; `{0}` is the cell size, metres.
    pub grid_note_area: &'static str,
    /// The demo's note that its layers are made up.
    pub demo_note: &'static str,
    /// The technical details' heading.
    pub technical: &'static str,
    /// A line under it.
    pub technical_intro: &'static str,
    /// Row: the solver.
    pub solver: &'static str,
    /// A coverage target is solved by set covering, whatever the solver
    /// setting says.
    pub set_cover_note: &'static str,
    /// Row: the objective's value.
    pub objective_score: &'static str,
    /// Row: demand groups after merging.
    pub demand_groups: &'static str,
    /// Row: proven optimal or not.
    pub proven: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_places_arguments_by_position() {
        assert_eq!(fill("a {0} b {1} c {0}", &[&1, &"x"]), "a 1 b x c 1");
        assert_eq!(fill("{", &[]), "{");
        assert_eq!(fill("{0", &[&1]), "{0");
        assert_eq!(fill("행 {0}대", &[&3]), "행 3대");
    }

    #[test]
    fn every_template_takes_its_arguments() {
        for lang in Lang::ALL {
            let text = lang.text();
            for template in [
                text.map_subtitle,
                text.curve_bound,
                text.curve_bound_placed,
                text.curve_bound_budget,
                text.blind_spots_text,
            ] {
                let filled = fill(template, &[&"A", &"B", &"C", &"D"]);
                assert!(
                    !filled.contains("{0}") && !filled.contains("{2}") && !filled.contains("{3}"),
                    "{lang}: {filled}"
                );
            }
            assert!(text.n_cameras.of(2).contains('2'));
        }
    }
}
