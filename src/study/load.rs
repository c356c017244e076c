//! Reading a study's layers into one metric plane: the load stage.

use sightline_io::{Crs, HourlyOptions, Plane, PointLayer, PointOptions, PolygonLayer, PolygonOptions};

use sightline_index::DistrictIndex;

use super::check::CheckedLayers;
use super::check_records::CheckedRecords;
use super::memory_files::MemoryFiles;
use super::spec::{Layer, Role};
use crate::input::{LayerSummary, LoadedScenario};
use crate::periods::PopulationTable;
use crate::{CandidateSite, DemandPoint, District, Error, Scenario};

/// How to read a point layer: its own encoding, columns and coordinate
/// system, else the study's.
pub(super) fn point_options(layer: &Layer, crs: Option<Crs>) -> PointOptions {
    let mut options = PointOptions::new().encoding(layer.encoding.unwrap_or_default());
    if let Some(crs) = layer.crs.or(crs) {
        options = options.crs(crs);
    }
    if let (Some(x), Some(y)) = (&layer.x, &layer.y) {
        options = options.columns(x.clone(), y.clone());
    }
    // Checked to be ASCII.
    if let Some(delimiter) = layer.delimiter.and_then(|d| u8::try_from(d).ok()) {
        options = options.delimiter(delimiter);
    }
    if let Some(sheet) = &layer.sheet {
        options = options.sheet(sheet.clone());
    }
    options
}

/// The districts' property a population table joins on.
fn district_code(layer: &Layer) -> String {
    layer.district_code.clone().unwrap_or_else(|| "code".to_owned())
}

/// How to read a population table.
fn hourly_options(layer: &Layer) -> HourlyOptions {
    let mut options = HourlyOptions::new().encoding(layer.encoding.unwrap_or_default());
    if let (Some(code), Some(hour), Some(value)) = (&layer.code, &layer.hour, &layer.value) {
        options = options.columns(code.clone(), hour.clone(), value.clone());
    }
    if let Some(day) = &layer.day {
        options = options.day(day.clone());
    }
    if let Some(delimiter) = layer.delimiter.and_then(|d| u8::try_from(d).ok()) {
        options = options.delimiter(delimiter);
    }
    if let Some(sheet) = &layer.sheet {
        options = options.sheet(sheet.clone());
    }
    options
}

/// How to read a polygon layer.
fn polygon_options(layer: &Layer, crs: Option<Crs>) -> PolygonOptions {
    match layer.crs.or(crs) {
        Some(crs) => PolygonOptions::new().crs(crs),
        None => PolygonOptions::new(),
    }
}

/// Reads every layer (from `files` when held there), checks it, and
/// projects it into one plane.
///
/// A national standard CSV as a demand layer is weighted by its count
/// column unless a weight property is set; sites, existing cameras and
/// extra layers never take that default. The demand is every demand
/// layer's points, in study order, each weighing its weight times its
/// layer's `layer_weight`.
pub(crate) fn load_layers(
    layers: &CheckedLayers,
    records: Option<&CheckedRecords>,
    files: &MemoryFiles,
) -> Result<LoadedScenario, Error> {
    let crs = layers.crs;
    // Only demand takes a national CSV's count column as weights: a site's
    // weight is its cost. The records layer (at most one) is read as a
    // table, its records with coordinates standing for it in the plane.
    let mut read_records = None;
    let mut demand = Vec::with_capacity(layers.demand.len());
    for layer in &layers.demand {
        if layer.role == Role::Records {
            // `Study::validate` checks the records with their layer.
            let checked = records.ok_or_else(|| {
                Error::Study(super::StudyError::new(
                    super::FieldPath::key("records"),
                    super::Problem::Needs {
                        what: "Study::validate, which checks a records layer with its [records] table",
                    },
                ))
            })?;
            let read = super::load_records::read_records(layer, crs, checked)?;
            demand.push(read.located.clone());
            read_records = Some(read);
            continue;
        }
        // Nothing names a demand point by its id: a million fewer strings.
        let mut options = point_options(layer, crs).count_weight(true).ids(false);
        if let Some(weight) = &layer.weight {
            options = options.weight(weight.clone());
        }
        demand.push(files.read_points(&layer.file, &options)?);
    }
    let mut address_tables = match records {
        Some(checked) => super::load_records::read_address_tables(&checked.tables, crs)?,
        None => Vec::new(),
    };

    let site_layer = &layers.sites;
    let mut site_options = point_options(site_layer, crs)
        .count_weight(false)
        .unique_ids(true);
    if let Some(id) = &site_layer.id {
        site_options = site_options.id(id.clone());
    }
    if let Some(cost) = &site_layer.cost {
        // A site's cost is read like a demand point's weight.
        site_options = site_options.weight(cost.clone());
    }
    if let Some(headings) = &site_layer.headings {
        site_options = site_options.number_list(headings.clone());
    }
    // A plan names each pole as its owner does.
    site_options = site_options.properties(true);
    let mut sites = files.read_points(&site_layer.file, &site_options)?;
    let labels = site_labels(site_layer, &sites)?;
    if let Some(cost) = &site_layer.cost {
        // The reader takes any finite, non-negative number; a cost must
        // also be more than 0.
        if let Some(k) = sites.weights.iter().position(|&c| c <= 0.0) {
            let found = sites.weights[k].to_string();
            return Err(layer_value(&sites, k, cost, found, "a number greater than 0"));
        }
    }

    let existing_view = layers
        .existing
        .as_ref()
        .and_then(|l| l.heading.clone().zip(l.fov.clone()));
    let mut existing = layers
        .existing
        .as_ref()
        .map(|layer| {
            let mut options = point_options(layer, crs).count_weight(false);
            if let Some((heading, fov)) = &existing_view {
                options = options.number_list(heading.clone()).number_list(fov.clone());
            }
            files.read_points(&layer.file, &options)
        })
        .transpose()?;
    if let (Some(layer), Some((heading, fov))) = (existing.as_ref(), &existing_view) {
        check_existing_views(layer, heading, fov)?;
    }

    let mut districts = layers
        .districts
        .as_ref()
        .map(|layer| {
            let mut options = polygon_options(layer, crs);
            if let Some(name) = &layer.name {
                options = options.name(name.clone());
            }
            if let Some(value) = &layer.value {
                options = options.value(value.clone());
            }
            if let Some(population) = &layers.population {
                options = options.code(district_code(population));
            }
            files.read_polygons(&layer.file, &options)
        })
        .transpose()?;
    let population = match (&layers.population, &districts) {
        (Some(layer), Some(districts)) => Some(PopulationTable::read(
            &layer.file,
            &hourly_options(layer),
            &district_code(layer),
            &districts.codes,
        )?),
        _ => None,
    };
    let mut buildings = layers
        .buildings
        .as_ref()
        .map(|layer| {
            files.read_polygons(
                &layer.file,
                &polygon_options(layer, crs).skip_other_geometries(true),
            )
        })
        .transpose()?;
    let mut extra = layers
        .extra
        .iter()
        .map(|layer| files.read_points(&layer.file, &point_options(layer, crs).count_weight(false)))
        .collect::<Result<Vec<_>, _>>()?;

    // Summaries first: projection changes the layers' coordinate system.
    let mut summaries: Vec<LayerSummary> = demand
        .iter()
        .zip(&layers.demand)
        .map(|(read, layer)| LayerSummary::points(layer.role.name(), read).layer_weight(layer.layer_weight))
        .collect();
    summaries.push(LayerSummary::points("sites", &sites));
    summaries.extend(existing.as_ref().map(|l| LayerSummary::points("existing", l)));
    summaries.extend(districts.as_ref().map(|l| LayerSummary::polygons("districts", l)));
    summaries.extend(buildings.as_ref().map(|l| LayerSummary::polygons("buildings", l)));
    summaries.extend(
        extra.iter().zip(&layers.extra).map(|(read, layer)| {
            LayerSummary::points(layer.role.name(), read).layer_weight(layer.layer_weight)
        }),
    );

    // A records layer without a single coordinate has no say in the plane.
    let mut point_layers: Vec<&PointLayer> = demand.iter().filter(|l| !l.points.is_empty()).collect();
    point_layers.push(&sites);
    point_layers.extend(existing.as_ref());
    point_layers.extend(extra.iter());
    let polygon_layers: Vec<&PolygonLayer> = districts.iter().chain(buildings.iter()).collect();
    let plane = Plane::for_layers(&point_layers, &polygon_layers)?;
    let plane = match layers.out_crs {
        Some(crs) => plane.with_output_crs(crs)?,
        None => plane,
    };
    for layer in &mut demand {
        plane.project_points(layer)?;
    }
    plane.project_points(&mut sites)?;
    if let Some(layer) = existing.as_mut() {
        plane.project_points(layer)?;
    }
    if let Some(layer) = districts.as_mut() {
        plane.project_polygons(layer)?;
    }
    if let Some(layer) = buildings.as_mut() {
        plane.project_polygons(layer)?;
    }
    for layer in &mut extra {
        plane.project_points(layer)?;
    }

    let district_index = districts
        .as_ref()
        .map(|layer| DistrictIndex::new(layer.polygons.clone()));
    let records_built = match (read_records.as_mut(), records) {
        (Some(read), Some(checked)) => Some(super::load_records::finish_records(
            read,
            &plane,
            checked,
            &mut address_tables,
            district_index.as_ref(),
        )?),
        _ => None,
    };
    let mut demand_points = Vec::with_capacity(demand.iter().map(|l| l.points.len()).sum());
    let mut demand_layers = Vec::with_capacity(demand.len());
    let mut demand_rows = Vec::with_capacity(demand_points.capacity());
    for ((read, layer), summary) in demand.iter().zip(&layers.demand).zip(summaries.iter_mut()) {
        let factor = layer.layer_weight.unwrap_or(1.0);
        let start = demand_points.len();
        match (&records_built, layer.role) {
            (Some(built), Role::Records) => {
                for (k, _, location) in built.used() {
                    demand_points.push(DemandPoint::new(location, built.weight[k] * factor));
                    demand_rows.push(built.rows[k]);
                }
                summary.features = built.summary.read;
                summary.items = built.summary.used;
            }
            _ => {
                demand_points.extend(
                    read.points
                        .iter()
                        .zip(&read.weights)
                        .map(|(&location, &weight)| DemandPoint::new(location, weight * factor)),
                );
                demand_rows.extend_from_slice(&read.features);
            }
        }
        demand_layers.push((start..demand_points.len(), factor));
    }
    let headings = sites.number_lists.first().cloned();
    let candidate_sites = sites
        .points
        .iter()
        .zip(sites.ids)
        .zip(&sites.weights)
        .enumerate()
        .map(|(k, ((&location, id), &cost))| {
            let mut site = CandidateSite::new(location, id).with_cost(cost);
            if let Some(properties) = sites.properties.get_mut(k) {
                site = site.with_properties(std::mem::take(properties));
            }
            if let Some(label) = labels.get(k).cloned().flatten() {
                site = site.with_label(label);
            }
            match headings.as_ref().and_then(|h| h[k].clone()) {
                Some(list) => site.with_headings(list),
                None => site,
            }
        })
        .collect();
    let mut scenario = Scenario::new(demand_points, candidate_sites);
    if let Some(layer) = existing {
        if let [heading, fov] = layer.number_lists.as_slice() {
            let views = heading
                .iter()
                .zip(fov)
                .map(|(h, f)| match (h, f) {
                    (Some(h), Some(f)) => Some((h[0], f[0])),
                    _ => None,
                })
                .collect();
            scenario = scenario.with_existing_views(views);
        }
        scenario = scenario.with_existing(layer.points);
    }
    let wants_values = layers.districts.as_ref().is_some_and(|d| d.value.is_some());
    let district_values = districts
        .as_ref()
        .filter(|_| wants_values)
        .map(|l| l.values.clone());
    if let Some(layer) = districts {
        let districts = layer
            .polygons
            .into_iter()
            .zip(layer.names)
            .map(|(boundary, name)| District::new(name, boundary))
            .collect();
        scenario = scenario.with_districts(districts);
    }
    if let Some(layer) = buildings {
        scenario = scenario.with_buildings(layer.polygons);
    }
    Ok(LoadedScenario {
        scenario,
        plane,
        layers: summaries,
        demand_layers,
        demand_rows,
        extra_layers: extra.into_iter().map(|l| l.points).collect(),
        district_values,
        records: records_built,
        population,
    })
}

/// [`Error::LayerValue`] for the `k`-th point of `layer`.
fn layer_value(layer: &PointLayer, k: usize, property: &str, found: String, expected: &'static str) -> Error {
    Error::LayerValue {
        path: layer.path.clone(),
        feature: layer.features[k],
        csv: layer.format.is_some(),
        property: property.to_owned(),
        found,
        expected,
    }
}

/// Checks the existing cameras' heading and field-of-view lists (read
/// from the `heading` and `fov` properties): one number each, the field
/// of view more than 0 and at most 360 degrees.
fn check_existing_views(layer: &PointLayer, heading: &str, fov: &str) -> Result<(), Error> {
    let [headings, fovs] = layer.number_lists.as_slice() else {
        return Ok(());
    };
    let shown = |list: &[f64]| match list {
        [one] => one.to_string(),
        _ => format!("{list:?}"),
    };
    for (k, (h, f)) in headings.iter().zip(fovs).enumerate() {
        if let Some(h) = h.as_deref().filter(|h| h.len() != 1) {
            return Err(layer_value(layer, k, heading, shown(h), "one heading in degrees"));
        }
        if let Some(f) = f
            .as_deref()
            .filter(|f| f.len() != 1 || !(f[0] > 0.0 && f[0] <= 360.0))
        {
            return Err(layer_value(
                layer,
                k,
                fov,
                shown(f),
                "one field of view in degrees, more than 0 and at most 360",
            ));
        }
    }
    Ok(())
}

/// Each site's label, from the property the layer names (none without
/// one): text as it is, numbers written out; a site without the property,
/// or with an empty one, has none.
///
/// # Errors
///
/// [`Error::UnknownLabel`] when no site has the property.
fn site_labels(layer: &Layer, sites: &PointLayer) -> Result<Vec<Option<String>>, Error> {
    let Some(property) = &layer.label else {
        return Ok(Vec::new());
    };
    if !sites.properties.iter().any(|p| p.contains_key(property)) {
        let mut names: Vec<&str> = sites
            .properties
            .iter()
            .flat_map(|p| p.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        return Err(Error::UnknownLabel {
            file: layer.file.clone(),
            property: property.clone(),
            properties: sightline_io::listed(&names),
        });
    }
    let labels = sites
        .properties
        .iter()
        .map(|properties| match properties.get(property) {
            Some(serde_json::Value::String(text)) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        })
        .collect();
    Ok(labels)
}
