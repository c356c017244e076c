//! Running a checked study, stage by stage: load (read the layers and
//! model the demand), plan (build the coverage, solve, evaluate), and
//! render the output files.

use std::collections::HashMap;
use std::path::Path;

use super::check::{CheckedStudy, DemandModel};
use super::memory_files::MemoryFiles;
use super::spec::{KernelName, Role};
use crate::input::{LayerSummary, LoadedScenario};
use crate::output::{self, OutputFile, OutputKind};
use crate::periods::{DemandPeriods, EventDemand};
use crate::surface::{DemandSurface, Surface, SurfaceLayer, SurfaceMode};
use crate::{Error, Plan, Scenario, SiteScore};

/// Something a run says along the way: a note for the user (standard
/// error, `note: …` in the command) or information (standard output).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// Something the user should know: rows skipped, invalid polygons
    /// kept, districts sharing a name.
    Note(String),
    /// What was made: the demand grid's size and bandwidth.
    Info(String),
}

/// A study's layers read and its demand modelled: what planning and
/// scoring take.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoadedStudy {
    /// The layers as read (the demand as points).
    pub loaded: LoadedScenario,
    /// In grid and area modes, the layers with the demand replaced by the
    /// grid's cells; `None` when the points themselves are the demand (see
    /// [`LoadedStudy::scenario`]).
    modelled: Option<Scenario>,
    /// The demand grid, in grid and area modes.
    pub surface: Option<Surface>,
    /// What the user should hear, in order.
    pub notices: Vec<Notice>,
}

impl LoadedStudy {
    /// The scenario to plan on: the layers as read, with the demand
    /// replaced by grid cells in grid and area modes.
    pub fn scenario(&self) -> &Scenario {
        self.modelled.as_ref().unwrap_or(&self.loaded.scenario)
    }
}

impl CheckedStudy {
    /// The load stage: reads every layer into one plane and models the
    /// demand (points, or a grid of cells).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the file, feature and property for anything
    /// wrong in a file; [`Error::NothingToCover`] when every demand point
    /// weighs 0; [`Error::EmptyGrid`] when a demand grid keeps no cell;
    /// [`Error::MemoryLimit`] for a grid over the memory limit.
    pub fn load(&self) -> Result<LoadedStudy, Error> {
        self.load_from(&MemoryFiles::new())
    }

    /// [`CheckedStudy::load`], reading the point and polygon layers whose
    /// file names `files` holds from their bytes in memory.
    ///
    /// # Errors
    ///
    /// As [`CheckedStudy::load`].
    pub fn load_from(&self, files: &MemoryFiles) -> Result<LoadedStudy, Error> {
        let loaded = super::load::load_layers(&self.layers, self.records.as_ref(), files)?;
        if self.study.outputs.as_ref().is_some_and(|o| o.basemap.is_some()) {
            crate::output::check_basemap_plane(&loaded.plane)?;
        }
        let mut notices: Vec<Notice> = layer_notes(&loaded, self.layers.districts.is_some())
            .into_iter()
            .map(Notice::Note)
            .collect();
        notices.extend(solver_ignored(self));
        if let Some(records) = &loaded.records
            && records.summary.used == 0
            && loaded.scenario.demand().iter().all(|d| d.weight == 0.0)
        {
            return Err(Error::NoRecordDemand {
                file: records.path.clone(),
                why: no_record_demand(records),
            });
        }
        let mode = match self.demand {
            DemandModel::Points => {
                // A plan over demand that weighs nothing places no camera
                // and calls that optimal: say so instead.
                if loaded.scenario.demand().iter().all(|d| d.weight == 0.0) {
                    let file = match self.layers.demand.as_slice() {
                        [one] => Some(one.file.clone()),
                        _ => None,
                    };
                    return Err(Error::NothingToCover { file });
                }
                return Ok(LoadedStudy {
                    loaded,
                    modelled: None,
                    surface: None,
                    notices,
                });
            }
            DemandModel::Grid { .. } => SurfaceMode::Grid,
            DemandModel::Area { .. } => SurfaceMode::Area,
        };
        let cell_m = self.demand.cell_m().unwrap_or_default();
        let timed = mode == SurfaceMode::Grid && self.periods.timed();
        if let Some(table) = &loaded.population {
            notices.push(Notice::Note(table.note()));
        }
        let built = self.surface(&loaded, mode, timed)?;
        if built.demand.is_empty() {
            return Err(Error::EmptyGrid {
                cell_m,
                outside: built.cells_outside_districts,
                empty: built.empty_cells,
            });
        }
        let bandwidths: Vec<String> = built
            .bandwidths
            .iter()
            .flatten()
            .map(|h| format!("{h:.1} m"))
            .collect();
        notices.push(Notice::Info(format!(
            "demand grid: {} cells of {} m kept ({} outside every district, {} weighing nothing){}",
            built.demand.len(),
            cell_m,
            built.cells_outside_districts,
            built.empty_cells,
            if bandwidths.is_empty() || mode == SurfaceMode::Area {
                String::new()
            } else {
                format!("; kernel bandwidth {}", bandwidths.join(", "))
            }
        )));
        let values = self.layers.districts.as_ref().is_some_and(|d| d.value.is_some());
        if values && !built.districts_without_cells.is_empty() {
            notices.push(Notice::Note(format!(
                "{} districts hold no cell centre at --grid {} m, so their --district-value is not placed (districts {:?})",
                built.districts_without_cells.len(),
                cell_m,
                built.districts_without_cells
            )));
        }
        let mut modelled = loaded.scenario.clone().with_demand(built.demand.clone());
        if timed {
            let periods = self.demand_periods(&loaded, &built)?;
            if let Some(event) = &built.event {
                notices.push(Notice::Info(format!(
                    "event: {} visitors at each of hours {} over {} cells, spread {}",
                    periods.event.as_ref().map_or(0.0, |e| e.visitors),
                    periods
                        .periods
                        .last()
                        .map(|p| p.hours.to_string())
                        .unwrap_or_default(),
                    event.in_area.iter().filter(|&&inside| inside).count(),
                    if event.spread_evenly {
                        "evenly"
                    } else {
                        "by the demand's density"
                    }
                )));
            }
            modelled = modelled.with_periods(periods);
        }
        Ok(LoadedStudy {
            modelled: Some(modelled),
            loaded,
            surface: Some(built),
            notices,
        })
    }

    /// The demand by period on the grid's cells. An event's period is the
    /// demand of its hours inside its area: its crowd, which the event's
    /// temporary cameras are placed for.
    fn demand_periods(&self, loaded: &LoadedScenario, built: &Surface) -> Result<DemandPeriods, Error> {
        let all = self.periods.all_periods();
        let mut population: Vec<Option<f64>> = all
            .iter()
            .map(|p| loaded.population.as_ref().map(|t| t.population.total(p.hours)))
            .collect();
        let mut weights = built.periods.clone();
        let event = match (&self.periods.event, &built.event) {
            (Some(event), Some(cells)) => {
                let period = all.len() - 1;
                for (w, &inside) in weights[period].iter_mut().zip(&cells.in_area) {
                    if !inside {
                        *w = 0.0;
                    }
                }
                // The crowd: the table's people in the area and the
                // visitors, summed over the event's hours.
                let visitors: f64 = cells.visitors.iter().sum();
                population[period] = Some(
                    cells
                        .residents
                        .iter()
                        .map(|(_, people)| people.iter().sum::<f64>() + visitors)
                        .sum(),
                );
                let mut demand = EventDemand::new(
                    period,
                    event.visitors,
                    cells.visitors.clone(),
                    cells.in_area.clone(),
                )
                .with_residents(cells.residents.clone());
                demand.spread_evenly = cells.spread_evenly;
                Some(demand)
            }
            _ => None,
        };
        let mut periods = DemandPeriods::new(all, weights)
            .with_population(
                population,
                loaded.population.as_ref().map(|t| t.population.by_hour),
            )
            .with_hours(built.hours.clone());
        if let Some(event) = event {
            periods = periods.with_event(event);
        }
        Ok(periods)
    }

    /// The demand surface over the loaded layers, in `mode`; `timed`: with
    /// the periods, hours and event.
    fn surface(&self, loaded: &LoadedScenario, mode: SurfaceMode, timed: bool) -> Result<Surface, Error> {
        let (kernel, bandwidth_m) = match self.demand {
            DemandModel::Grid {
                kernel, bandwidth_m, ..
            } => (kernel, bandwidth_m),
            _ => (KernelName::Quartic, None),
        };
        let scenario = &loaded.scenario;
        let mut surface = DemandSurface::new(mode, self.demand.cell_m().unwrap_or_default())
            .kernel(match kernel {
                KernelName::Quartic => crate::surface::Kernel::Quartic,
                KernelName::Gaussian => crate::surface::Kernel::Gaussian,
            })
            .memory_limit(self.memory_limit);
        if let Some(h) = bandwidth_m {
            surface = surface.bandwidth_m(h);
        }
        // Each demand layer is a density layer of its own weight, as a
        // `--layer FILE:WEIGHT` is: one layer alone is its density times
        // the weight, several are each normalised first.
        for (layer, (range, factor)) in self.layers.demand.iter().zip(&loaded.demand_layers) {
            let demand = &scenario.demand()[range.clone()];
            let points = demand.iter().map(|d| d.location).collect();
            // The points' weights include the layer's (checked > 0).
            let weights = demand.iter().map(|d| d.weight / factor).collect();
            let mut made =
                SurfaceLayer::density(layer.file.display().to_string(), points, weights).weight(*factor);
            if timed
                && layer.role == Role::Records
                && let Some(records) = &loaded.records
            {
                made = made.with_hours(record_hours(records));
            }
            surface = surface.layer(made);
        }
        let demand_layers = self.layers.demand.len();
        if timed && let Some(table) = &loaded.population {
            let weight = self.layers.population.as_ref().and_then(|l| l.layer_weight);
            surface = surface.layer(
                SurfaceLayer::per_district_hourly("population", table.population.by_district.clone())
                    .weight(weight.unwrap_or(1.0)),
            );
        }
        if let (Some(districts), Some(values)) = (&self.layers.districts, &loaded.district_values)
            && let Some(field) = &districts.value
        {
            surface = surface.layer(
                SurfaceLayer::per_district(field.clone(), values.clone())
                    .weight(districts.value_weight.unwrap_or(1.0)),
            );
        }
        for (layer, points) in self.layers.extra.iter().zip(&loaded.extra_layers) {
            let name = layer.file.display().to_string();
            let made = match (layer.role, layer.radius_m) {
                (Role::Influence, Some(r)) => SurfaceLayer::influence(name, points.clone(), r),
                _ => SurfaceLayer::density(name, points.clone(), vec![1.0; points.len()]),
            };
            surface = surface.layer(made.weight(layer.layer_weight.unwrap_or(1.0)));
        }
        if timed {
            surface = surface
                .periods(self.periods.all_periods().iter().map(|p| p.hours).collect())
                .by_hour(true);
            if let Some(event) = &self.periods.event {
                let area = read_event_area(event, &loaded.plane, self.layers.crs)?;
                let mut made = crate::surface::Event::new(area, event.hours, event.visitors);
                let by_density = !matches!(event.spread, Some(super::EventSpread::Even));
                if by_density && demand_layers > 0 {
                    made = made.spread_by(0);
                }
                surface = surface.event(made);
            }
        }
        surface.build(scenario)
    }

    /// The plan stage: builds the coverage, solves, and evaluates the
    /// plan (see [`plan`](crate::plan)).
    ///
    /// # Errors
    ///
    /// [`Error::NoObjective`] for a study without an objective; anything
    /// [`plan`](crate::plan) refuses.
    pub fn plan(&self, loaded: &LoadedStudy) -> Result<Plan, Error> {
        let request = self.request.as_ref().ok_or(Error::NoObjective)?;
        crate::plan(loaded.scenario(), request)
    }

    /// Scores every candidate site on its own (see
    /// [`score_sites`](crate::score_sites)); on a density grid, also by
    /// the blind-spot area each would remove, on the same grid.
    ///
    /// # Errors
    ///
    /// What [`score_sites_with`](crate::score_sites_with) refuses, and the
    /// area grid's errors.
    pub fn score(&self, loaded: &LoadedStudy) -> Result<Vec<SiteScore>, Error> {
        let area = match self.demand {
            DemandModel::Grid { .. } => {
                let cells = self.surface(&loaded.loaded, SurfaceMode::Area, false)?;
                let scenario = loaded.loaded.scenario.clone().with_demand(cells.demand);
                Some(self.score_on(&scenario)?)
            }
            _ => None,
        };
        let mut scores = self.score_on(loaded.scenario())?;
        if let Some(area) = area {
            for (score, by_area) in scores.iter_mut().zip(area) {
                score.new_area_m2 = Some(by_area.new_demand);
            }
        }
        Ok(scores)
    }

    fn score_on(&self, scenario: &Scenario) -> Result<Vec<SiteScore>, Error> {
        crate::score_sites_with(scenario, &self.camera, self.memory_limit)
    }

    /// The render stage: the study's output files, as bytes. `command`
    /// is quoted in `report.md` (the command line, or `sightline run
    /// FILE`).
    ///
    /// # Errors
    ///
    /// What rendering refuses (coordinates that cannot be written in the
    /// output system).
    pub fn output_files(
        &self,
        loaded: &LoadedStudy,
        plan: &Plan,
        command: &str,
    ) -> Result<Vec<OutputFile>, Error> {
        let lang = self
            .study
            .outputs
            .as_ref()
            .and_then(|o| o.lang)
            .unwrap_or_default();
        let text = lang.text();
        let title = self
            .study
            .title
            .clone()
            .unwrap_or_else(|| text.default_title.to_owned());
        let mut report = output::ReportContext::new(title)
            .lang(lang)
            .layers(&loaded.loaded.layers)
            .command(command.to_owned())
            .format(self.output_format());
        if matches!(self.demand, DemandModel::Points) {
            let files = self
                .layers
                .demand
                .iter()
                .zip(&loaded.loaded.demand_layers)
                .map(|(layer, (range, _))| {
                    let name = layer.file.file_name().unwrap_or(layer.file.as_os_str());
                    (range.clone(), name.to_string_lossy().into_owned())
                })
                .collect();
            report = report.demand_rows(output::DemandRows {
                rows: &loaded.loaded.demand_rows,
                files,
            });
        }
        if let Some(records) = &loaded.loaded.records {
            let layer_weight = self
                .layers
                .demand
                .iter()
                .find(|l| l.role == super::Role::Records)
                .and_then(|l| l.layer_weight)
                .unwrap_or(1.0);
            report = report.records(records, layer_weight);
        }
        if let Some(table) = &loaded.loaded.population {
            report = report.population(table);
        }
        if let (Some(name), Some(periods)) = (&self.periods.map_period, loaded.scenario().periods())
            && let Some(k) = periods.periods.iter().position(|p| &p.name == name)
        {
            report = report.map_period(name.clone(), &periods.weights[k]);
        }
        if let Some(outputs) = &self.study.outputs
            && let Some(url) = &outputs.basemap
        {
            report = report.basemap(url.clone());
            if let Some(credit) = &outputs.basemap_attribution {
                report = report.basemap_attribution(credit.clone());
            }
        }
        let cell_m = self.demand.cell_m();
        report = report.grid(cell_m.is_some());
        if let Some(cell) = cell_m {
            let note = if matches!(self.demand, DemandModel::Area { .. }) {
                text.grid_note_area
            } else {
                text.grid_note_density
            };
            report = report.note(sightline_render::fill(note, &[&cell]));
        }
        let wanted = self
            .outputs
            .as_ref()
            .map_or(OutputKind::ALL, |(_, files)| files.as_slice());
        output::files(
            plan,
            loaded.scenario(),
            &loaded.loaded.plane,
            &report,
            cell_m,
            wanted,
        )
    }
}

impl CheckedStudy {
    /// The format of the geometry outputs: the study's `[outputs]
    /// format`, else FlatGeobuf when the demand layer (without one, the
    /// sites layer) is a `.fgb` file, else GeoJSON.
    pub fn output_format(&self) -> output::OutputFormat {
        let format = self.study.outputs.as_ref().and_then(|o| o.format);
        format.unwrap_or_else(|| {
            let layer = self.layers.demand.first().unwrap_or(&self.layers.sites);
            output::OutputFormat::of_layer(&layer.file)
        })
    }
}

/// A coverage target is solved by set covering whatever solver the study
/// names: say so when it names one, rather than ignore it silently.
fn solver_ignored(study: &CheckedStudy) -> Option<Notice> {
    let method = study.study.solver.method?;
    matches!(study.goal(), Some(crate::Goal::Coverage(_))).then(|| {
        Notice::Note(format!(
            "a coverage target is always solved by set covering (exact, with a lower bound on the cost), whatever the solver setting says: `--solver {method}` is not used"
        ))
    })
}

/// Why no record is demand, from the counts (and the words most frequent
/// in records of no category, as `report.md` would list them).
fn no_record_demand(records: &crate::records::Records) -> String {
    let s = &records.summary;
    let placed = s.located_by_coordinates + s.located_by_address;
    let mut why = format!(
        "of {} records read, {} are outside the dates or skipped, {placed} were placed and {} not placed",
        s.read,
        s.outside_dates + s.skipped,
        s.not_located
    );
    if placed > 0 && !records.category_names.is_empty() {
        why.push_str(&format!(
            "; {} of those placed are in no category and weigh the categories' unmatched_weight (0 unless the category file sets it)",
            s.unmatched.located
        ));
        if !s.unmatched_words.is_empty() {
            let words: Vec<String> = s
                .unmatched_words
                .iter()
                .take(10)
                .map(|(word, n)| format!("{word} ({n})"))
                .collect();
            why.push_str(&format!(
                "; the words most frequent in records of no category are {}: add keywords to the category file",
                words.join(", ")
            ));
        }
    } else if placed == 0 {
        why.push_str(
            ": give coordinates, or an address column and address tables (--record-address, --geocode-with)",
        );
    }
    why
}

/// What became of the records, in one line (no record's text).
fn records_note(records: &crate::records::Records) -> String {
    let s = &records.summary;
    let reasons: Vec<String> = s
        .not_located_by_reason
        .iter()
        .map(|(reason, n)| format!("{}: {n}", reason.name()))
        .collect();
    let mut note = format!(
        "{}: {} records read; {} placed by coordinates, {} by address, {} not placed{}; {} are demand",
        records.path.display(),
        s.read,
        s.located_by_coordinates,
        s.located_by_address,
        s.not_located,
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        },
        s.used
    );
    let unmatched_addresses = s
        .not_located_by_reason
        .iter()
        .any(|(reason, n)| *reason == crate::records::NotLocated::NoMatch && *n > 0);
    if let Some(row) = records.header_row.filter(|&row| row > 1) {
        note.push_str(&format!(
            "; the header is row {row} (the rows above it, a title, were not read)"
        ));
    }
    if records.blank_rows > 0 {
        note.push_str(&format!("; {} blank rows skipped", records.blank_rows));
    }
    let unusable = &records.unusable_coordinates;
    if !unusable.is_empty() {
        let rows: Vec<String> = unusable.first_rows.iter().map(usize::to_string).collect();
        note.push_str(&format!(
            "; {} rows have coordinates that cannot be used (not numbers: {}, out of range: {}; first rows: {}{}), so they were placed by address where they could be",
            unusable.count,
            unusable.invalid,
            unusable.out_of_range,
            rows.join(", "),
            if unusable.count > rows.len() { ", ..." } else { "" }
        ));
    }
    if unmatched_addresses && !records.address_tables {
        note.push_str("; no address table was given to place records by address (--geocode-with)");
    }
    if s.outside_dates > 0 {
        note.push_str(&format!("; {} outside the dates", s.outside_dates));
    }
    if s.skipped > 0 {
        note.push_str(&format!(
            "; {} skipped because their time cannot be read",
            s.skipped
        ));
    } else if s.unreadable_times > 0 {
        note.push_str(&format!(
            "; {} have a time that cannot be read",
            s.unreadable_times
        ));
    }
    if !records.category_names.is_empty() {
        note.push_str(&format!(
            "; {} in no category (weighing {} each)",
            s.unmatched.count,
            if s.unmatched.count > 0 {
                "their unmatched_weight"
            } else {
                "nothing"
            }
        ));
    }
    note
}

/// What the user should know about the layers as read.
fn layer_notes(loaded: &LoadedScenario, has_districts: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(records) = &loaded.records {
        notes.push(records_note(records));
    }
    if has_districts
        && let Some(layer) = loaded.layers.iter().find(|l| l.role == Role::Districts.name())
        && let Some(note) = shared_names_note(&layer.path, loaded)
    {
        notes.push(note);
    }
    for layer in &loaded.layers {
        notes.extend(invalid_polygon_note(layer));
        if let Some(note) = &layer.skipped_note {
            notes.push(format!("{}: {note}", layer.path.display()));
        }
        if let Some(row) = layer.header_row {
            notes.push(format!(
                "{}: the header is row {row}; the {} rows above it (a title) were not read",
                layer.path.display(),
                row - 1
            ));
        }
        if layer.skipped_csv.blank_rows > 0 {
            notes.push(format!(
                "{}: skipped {} blank rows",
                layer.path.display(),
                layer.skipped_csv.blank_rows
            ));
        }
        if let Some(delimiter) = layer.delimiter.filter(|d| *d != ',') {
            let shown = match delimiter {
                '\t' => "tab".to_owned(),
                other => format!("`{other}`"),
            };
            notes.push(format!(
                "{}: fields separated by {shown}, not commas (found from the header, or as asked)",
                layer.path.display()
            ));
        }
        if layer.defaulted_weights > 0 {
            notes.push(format!(
                "{}: {} rows have no usable count in their count column and weigh 1",
                layer.path.display(),
                layer.defaulted_weights
            ));
        }
        if !layer.skipped.is_empty() {
            let kinds: Vec<String> = layer
                .skipped
                .iter()
                .take(5)
                .map(|(feature, kind)| format!("feature {feature} ({kind})"))
                .collect();
            notes.push(format!(
                "{}: skipped {} features that are not polygons: {}{}",
                layer.path.display(),
                layer.skipped.len(),
                kinds.join(", "),
                if layer.skipped.len() > 5 { ", ..." } else { "" }
            ));
        }
    }
    notes
}

/// "dong.geojson: 1 district shares its name with an earlier one
/// (features 0 and 3, `A`); ...", or `None` when names are unique.
fn shared_names_note(path: &Path, loaded: &LoadedScenario) -> Option<String> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut shared = Vec::new();
    // A district layer keeps every feature, so district k is feature k.
    for (k, district) in loaded.scenario.districts().iter().enumerate() {
        match first.get(district.name.as_str()) {
            Some(&j) => shared.push(format!("features {j} and {k}, `{}`", district.name)),
            None => {
                first.insert(&district.name, k);
            }
        }
    }
    if shared.is_empty() {
        return None;
    }
    let n = shared.len();
    Some(format!(
        "{}: {n} {} a name with an earlier one ({}{}); each counts as a district of its own in districts.csv, summary.json and district quotas",
        path.display(),
        if n == 1 {
            "district shares"
        } else {
            "districts share"
        },
        shared.iter().take(5).cloned().collect::<Vec<_>>().join("; "),
        if n > 5 { "; ..." } else { "" }
    ))
}

/// "3 of 424 polygons in dong.geojson are not valid (...); they are used as they are".
fn invalid_polygon_note(layer: &LayerSummary) -> Option<String> {
    if layer.invalid_polygons.is_empty() {
        return None;
    }
    let details: Vec<String> = layer
        .invalid_polygons
        .iter()
        .map(|p| format!("feature {} `{}`: {}", p.feature, p.name, p.reason))
        .collect();
    Some(format!(
        "{} of {} polygons in {} are not valid ({}); they are used as they are",
        layer.invalid_polygons.len(),
        layer.items,
        layer.path.display(),
        details.join("; ")
    ))
}

/// The hour of the day each used record was received (in the order of
/// [`Records::used`](crate::records::Records::used)): `None` for a
/// record without a time, or with a date alone (midnight exactly).
fn record_hours(records: &crate::records::Records) -> Vec<Option<u8>> {
    records
        .used()
        .map(|(k, _, _)| records.time[k].and_then(crate::records::hour_received))
        .collect()
}

/// The event's area, in the plane: every polygon of its file, as one.
fn read_event_area(
    event: &super::CheckedEvent,
    plane: &sightline_io::Plane,
    crs: Option<sightline_io::Crs>,
) -> Result<geo_types::MultiPolygon<f64>, Error> {
    let mut options = sightline_io::PolygonOptions::new();
    if let Some(crs) = event.crs.or(crs) {
        options = options.crs(crs);
    }
    let mut layer = sightline_io::read_polygons(&event.area, &options)?;
    plane.project_polygons(&mut layer)?;
    Ok(geo_types::MultiPolygon(
        layer.polygons.into_iter().flat_map(|m| m.0).collect(),
    ))
}
