//! Loading a [`Scenario`] from GeoJSON files (and CSV point layers).
//!
//! Every layer is read, checked, and brought into one metric plane (see
//! [`Plane`]); the plane is kept so results can be written back in the
//! input's coordinate system.

use std::path::{Path, PathBuf};

use geo_types::Coord;

use sightline_io::{
    Crs, Encoding, InvalidPolygon, Plane, PointLayer, PointOptions, PolygonLayer, PolygonOptions,
    read_points, read_polygons,
};

use crate::{CandidateSite, DemandPoint, District, Error, Scenario};

/// Which files make up a study, and which properties to use.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// // Write the demo city's layers as GeoJSON, then read them back.
/// let city = SyntheticCity::generate(CitySize::Small);
/// let dir = tempfile::tempdir().unwrap();
/// let layers = sightline::output::scenario_layers(&city.scenario, &Plane::local(city.origin_lonlat)?)?;
/// sightline::output::write_files(dir.path(), layers)?;
/// let loaded = Inputs::new(dir.path().join("demand.geojson"), dir.path().join("sites.geojson"))
///     .demand_weight("weight")
///     .site_id("site_id")
///     .existing(dir.path().join("existing.geojson"))
///     .districts(dir.path().join("districts.geojson"))
///     .district_name("name")
///     .load()?;
/// assert_eq!(loaded.scenario.demand().len(), 2_000);
/// assert_eq!(loaded.scenario.sites()[0].id, "P00001");
/// let plan = plan(&loaded.scenario, &PlanRequest::new(5, Circular::new(100.0)?))?;
/// assert_eq!(plan.chosen.len(), 5);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    demand: PathBuf,
    demand_weight: Option<String>,
    sites: PathBuf,
    site_id: Option<String>,
    site_cost: Option<String>,
    existing: Option<PathBuf>,
    districts: Option<PathBuf>,
    buildings: Option<PathBuf>,
    extra_layers: Vec<PathBuf>,
    site_headings: Option<String>,
    existing_view: Option<(String, String)>,
    district_value: Option<String>,
    district_name: Option<String>,
    crs: Option<Crs>,
    encoding: Encoding,
    csv_columns: Option<(String, String)>,
    /// Per-file CSV settings.
    csv_files: Vec<CsvFile>,
    output_crs: Option<Crs>,
}

/// One file's CSV settings: the file, its encoding and its (x, y)
/// columns, each `None` to keep the general setting.
type CsvFile = (PathBuf, Option<Encoding>, Option<(String, String)>);

impl Inputs {
    /// A study with a demand layer and a candidate-site layer.
    pub fn new(demand: impl Into<PathBuf>, sites: impl Into<PathBuf>) -> Self {
        Self {
            demand: demand.into(),
            demand_weight: None,
            sites: sites.into(),
            site_id: None,
            site_cost: None,
            existing: None,
            districts: None,
            buildings: None,
            extra_layers: Vec::new(),
            site_headings: None,
            existing_view: None,
            district_value: None,
            district_name: None,
            crs: None,
            encoding: Encoding::Auto,
            csv_columns: None,
            csv_files: Vec::new(),
            output_crs: None,
        }
    }

    /// The demand property that holds each point's weight (default 1).
    pub fn demand_weight(self, property: impl Into<String>) -> Self {
        Self {
            demand_weight: Some(property.into()),
            ..self
        }
    }

    /// The site property that holds each site's id.
    pub fn site_id(self, property: impl Into<String>) -> Self {
        Self {
            site_id: Some(property.into()),
            ..self
        }
    }

    /// The site property that holds each site's cost (numbers or numeric
    /// strings; default 1).
    pub fn site_cost(self, property: impl Into<String>) -> Self {
        Self {
            site_cost: Some(property.into()),
            ..self
        }
    }

    /// A layer of existing cameras.
    pub fn existing(self, path: impl Into<PathBuf>) -> Self {
        Self {
            existing: Some(path.into()),
            ..self
        }
    }

    /// A layer of district boundaries.
    pub fn districts(self, path: impl Into<PathBuf>) -> Self {
        Self {
            districts: Some(path.into()),
            ..self
        }
    }

    /// The district property that holds each district's name.
    pub fn district_name(self, property: impl Into<String>) -> Self {
        Self {
            district_name: Some(property.into()),
            ..self
        }
    }

    /// The coordinate system of files that do not name one (default:
    /// longitude/latitude, as RFC 7946 says).
    pub fn crs(self, crs: Crs) -> Self {
        Self {
            crs: Some(crs),
            ..self
        }
    }

    /// The character encoding of every CSV point layer (default
    /// [`Encoding::Auto`]: UTF-8 when valid, else CP949); see
    /// [`PointOptions::encoding`]. GeoJSON files are always UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::io::Encoding;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("lights.csv");
    /// let (bytes, _, _) = encoding_rs::EUC_KR.encode("경도,위도\n126.832,37.658\n126.842,37.658\n");
    /// std::fs::write(&path, &bytes).unwrap();
    /// let error = Inputs::new(&path, &path).encoding(Encoding::Utf8).load().unwrap_err();
    /// assert!(error.to_string().contains("not valid UTF-8"), "{error}");
    /// let loaded = Inputs::new(&path, &path).encoding(Encoding::Cp949).load()?;
    /// assert_eq!(loaded.scenario.demand().len(), 2);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn encoding(self, encoding: Encoding) -> Self {
        Self { encoding, ..self }
    }

    /// The x (longitude or easting) and y (latitude or northing) columns of
    /// every CSV point layer, instead of recognising them by name; see
    /// [`PointOptions::columns`]. GeoJSON files ignore this.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("poles.csv");
    /// std::fs::write(&path, "id,E,N\nA,185175.9,562053.6\nB,185275.9,562053.6\n").unwrap();
    /// let loaded = Inputs::new(&path, &path)
    ///     .csv_columns("E", "N")
    ///     .crs(Crs::Epsg(5186))
    ///     .site_id("id")
    ///     .load()?;
    /// assert_eq!(loaded.scenario.sites()[1].id, "B");
    /// let dx = loaded.scenario.sites()[1].location.x - loaded.scenario.sites()[0].location.x;
    /// assert!((dx - 100.0).abs() < 0.01, "{dx}");
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn csv_columns(self, x: impl Into<String>, y: impl Into<String>) -> Self {
        Self {
            csv_columns: Some((x.into(), y.into())),
            ..self
        }
    }

    /// The encoding and coordinate columns of one CSV file, overriding
    /// [`Inputs::encoding`] and [`Inputs::csv_columns`] for that file
    /// alone (`None` keeps the general setting). The file is matched by
    /// its path as given to the other builder methods.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::io::Encoding;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let sites = dir.path().join("poles.csv");
    /// std::fs::write(&sites, "pole,long_deg,lat_deg\nA,126.832,37.658\n").unwrap();
    /// let demand = dir.path().join("calls.csv");
    /// std::fs::write(&demand, "경도,위도\n126.832,37.658\n").unwrap();
    /// // The demand's 경도/위도 columns are recognised; the poles' are not.
    /// assert!(Inputs::new(&demand, &sites).load().is_err());
    /// let loaded = Inputs::new(&demand, &sites)
    ///     .csv_file(&sites, Some(Encoding::Utf8), Some(("long_deg".into(), "lat_deg".into())))
    ///     .load()?;
    /// assert_eq!(loaded.scenario.sites().len(), 1);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn csv_file(
        mut self,
        path: impl Into<PathBuf>,
        encoding: Option<Encoding>,
        columns: Option<(String, String)>,
    ) -> Self {
        self.csv_files.push((path.into(), encoding, columns));
        self
    }

    /// The coordinate system results are written in (default: that of the
    /// demand layer): any EPSG system, or longitude/latitude. See
    /// [`Plane::with_output_crs`]; [`Inputs::load`] fails with its errors,
    /// e.g. for a system that needs a datum shift in the default build.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::io::{Crs, Plane};
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let dir = tempfile::tempdir().unwrap();
    /// let layers = sightline::output::scenario_layers(&city.scenario, &Plane::local(city.origin_lonlat)?)?;
    /// sightline::output::write_files(dir.path(), layers)?;
    /// let loaded = Inputs::new(dir.path().join("demand.geojson"), dir.path().join("sites.geojson"))
    ///     .output_crs(Crs::Epsg(5186))
    ///     .load()?;
    /// assert_eq!(loaded.plane.output_crs(), Crs::Epsg(5186));
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn output_crs(self, crs: Crs) -> Self {
        Self {
            output_crs: Some(crs),
            ..self
        }
    }

    /// Building footprints (Polygon or MultiPolygon features) that block
    /// sight lines. Other geometries in the file (points of interest, say)
    /// are skipped and counted in the layer summary.
    pub fn buildings(self, path: impl Into<PathBuf>) -> Self {
        Self {
            buildings: Some(path.into()),
            ..self
        }
    }

    /// Read each site's allowed headings (compass degrees) from this
    /// property: a number, a list, or `"45, 135"`; sites without it take
    /// every camera type's own headings.
    pub fn site_headings(self, property: impl Into<String>) -> Self {
        Self {
            site_headings: Some(property.into()),
            ..self
        }
    }

    /// Read a number per district from this property (population, say):
    /// it comes back in [`LoadedScenario::district_values`].
    pub fn district_value(self, property: impl Into<String>) -> Self {
        Self {
            district_value: Some(property.into()),
            ..self
        }
    }

    /// Read each existing camera's heading and field of view (degrees)
    /// from these properties; a camera with either missing is a disc.
    pub fn existing_view(self, heading: impl Into<String>, fov: impl Into<String>) -> Self {
        Self {
            existing_view: Some((heading.into(), fov.into())),
            ..self
        }
    }

    /// Another point layer (crimes, schools...) for a demand surface; its
    /// points come back in [`LoadedScenario::extra_layers`], in the order
    /// added. Each feature's `weight` property is not read: every point
    /// counts 1.
    pub fn extra_layer(mut self, path: impl Into<PathBuf>) -> Self {
        self.extra_layers.push(path.into());
        self
    }

    /// Reads every layer, checks it, and projects it into one plane.
    ///
    /// Point layers may be GeoJSON or CSV (see
    /// [`read_points`](sightline_io::read_points)). A national standard
    /// CSV as the demand layer is weighted by its count column unless
    /// [`Inputs::demand_weight`] is set; sites, existing cameras and extra
    /// layers never take that default. CSV rows skipped for want of
    /// coordinates are counted in [`LayerSummary::skipped_rows`].
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the file, the feature and the property for
    /// anything wrong in a file, or for layers whose coordinate systems
    /// cannot be brought together.
    pub fn load(&self) -> Result<LoadedScenario, Error> {
        let point_options = |path: &Path, property: &Option<String>, weight: bool| {
            let own = self.csv_files.iter().rev().find(|(file, _, _)| file == path);
            let encoding = own.and_then(|(_, e, _)| *e).unwrap_or(self.encoding);
            let mut options = PointOptions::new().encoding(encoding);
            if let Some(crs) = self.crs {
                options = options.crs(crs);
            }
            if let Some((x, y)) = own.and_then(|(_, _, c)| c.as_ref()).or(self.csv_columns.as_ref()) {
                options = options.columns(x.clone(), y.clone());
            }
            // Only demand takes a national CSV's count column as weights:
            // a site's weight is its cost.
            options = options.count_weight(weight);
            match property {
                Some(p) if weight => options.weight(p.clone()),
                Some(p) => options.id(p.clone()),
                None => options,
            }
        };
        let mut demand = read_points(
            &self.demand,
            &point_options(&self.demand, &self.demand_weight, true),
        )?;
        let mut site_options = point_options(&self.sites, &self.site_id, false).unique_ids(true);
        if let Some(cost) = &self.site_cost {
            // A site's cost is read like a demand point's weight.
            site_options = site_options.weight(cost.clone());
        }
        if let Some(headings) = &self.site_headings {
            site_options = site_options.number_list(headings.clone());
        }
        let mut sites = read_points(&self.sites, &site_options)?;
        if let Some(cost) = &self.site_cost {
            // The reader takes any finite, non-negative number; a cost must
            // also be more than 0.
            if let Some(k) = sites.weights.iter().position(|&c| c <= 0.0) {
                let found = sites.weights[k].to_string();
                return Err(layer_value(&sites, k, cost, found, "a number greater than 0"));
            }
        }
        let mut existing = self
            .existing
            .as_deref()
            .map(|path| {
                let mut options = point_options(path, &None, false);
                if let Some((heading, fov)) = &self.existing_view {
                    options = options.number_list(heading.clone()).number_list(fov.clone());
                }
                read_points(path, &options)
            })
            .transpose()?;
        if let (Some(layer), Some((heading, fov))) = (existing.as_ref(), &self.existing_view) {
            check_existing_views(layer, heading, fov)?;
        }
        let mut districts = self
            .districts
            .as_deref()
            .map(|path| {
                let mut options = PolygonOptions::new();
                if let Some(crs) = self.crs {
                    options = options.crs(crs);
                }
                if let Some(name) = &self.district_name {
                    options = options.name(name.clone());
                }
                if let Some(value) = &self.district_value {
                    options = options.value(value.clone());
                }
                read_polygons(path, &options)
            })
            .transpose()?;

        let mut buildings = self
            .buildings
            .as_deref()
            .map(|path| {
                let mut options = PolygonOptions::new().skip_other_geometries(true);
                if let Some(crs) = self.crs {
                    options = options.crs(crs);
                }
                read_polygons(path, &options)
            })
            .transpose()?;

        let mut extra = self
            .extra_layers
            .iter()
            .map(|path| read_points(path, &point_options(path, &None, false)))
            .collect::<Result<Vec<_>, _>>()?;

        // Summaries first: projection changes the layers' coordinate system.
        let mut layers = vec![
            LayerSummary::points("demand", &demand),
            LayerSummary::points("sites", &sites),
        ];
        layers.extend(existing.as_ref().map(|l| LayerSummary::points("existing", l)));
        layers.extend(districts.as_ref().map(|l| LayerSummary::polygons("districts", l)));
        layers.extend(buildings.as_ref().map(|l| LayerSummary::polygons("buildings", l)));
        layers.extend(extra.iter().map(|l| LayerSummary::points("layer", l)));

        let mut point_layers: Vec<&PointLayer> = vec![&demand, &sites];
        point_layers.extend(existing.as_ref());
        point_layers.extend(extra.iter());
        let polygon_layers: Vec<&PolygonLayer> = districts.iter().chain(buildings.iter()).collect();
        let plane = Plane::for_layers(&point_layers, &polygon_layers)?;
        let plane = match self.output_crs {
            Some(crs) => plane.with_output_crs(crs)?,
            None => plane,
        };
        plane.project_points(&mut demand)?;
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

        let demand_points = demand
            .points
            .iter()
            .zip(&demand.weights)
            .map(|(&location, &weight)| DemandPoint::new(location, weight))
            .collect();
        let headings = sites.number_lists.first().cloned();
        let candidate_sites = sites
            .points
            .iter()
            .zip(sites.ids)
            .zip(&sites.weights)
            .enumerate()
            .map(|(k, ((&location, id), &cost))| {
                let site = CandidateSite::new(location, id).with_cost(cost);
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
        let district_values = districts
            .as_ref()
            .filter(|_| self.district_value.is_some())
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
            layers,
            extra_layers: extra.into_iter().map(|l| l.points).collect(),
            district_values,
        })
    }
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

/// A scenario read from files, with the plane it was projected into.
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use sightline::io::Plane;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let dir = tempfile::tempdir().unwrap();
/// let layers = sightline::output::scenario_layers(&city.scenario, &Plane::local(city.origin_lonlat)?)?;
/// sightline::output::write_files(dir.path(), layers)?;
/// let loaded = Inputs::new(dir.path().join("demand.geojson"), dir.path().join("sites.geojson")).load()?;
/// assert_eq!(loaded.layers.len(), 2);
/// assert_eq!((loaded.layers[1].role, loaded.layers[1].features), ("sites", 400));
/// assert_eq!(loaded.plane.output_crs(), Crs::LonLat);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoadedScenario {
    /// The layers in metres.
    pub scenario: Scenario,
    /// The plane they were projected into; it maps results back to the
    /// input's coordinate system.
    pub plane: Plane,
    /// What was read from each file.
    pub layers: Vec<LayerSummary>,
    /// The points of each [`Inputs::extra_layer`], in metres.
    pub extra_layers: Vec<Vec<Coord<f64>>>,
    /// The [`Inputs::district_value`] of each district, if asked for.
    pub district_values: Option<Vec<f64>>,
}

/// What was read from one input file.
///
/// # Examples
///
/// ```
/// use sightline::io::Plane;
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let dir = tempfile::tempdir().unwrap();
/// let layers = sightline::output::scenario_layers(&city.scenario, &Plane::local(city.origin_lonlat)?)?;
/// sightline::output::write_files(dir.path(), layers)?;
/// let loaded = Inputs::new(dir.path().join("demand.geojson"), dir.path().join("sites.geojson")).load()?;
/// let demand = &loaded.layers[0];
/// assert_eq!((demand.role, demand.features, demand.items), ("demand", 2_000, 2_000));
/// assert_eq!(demand.crs, "lonlat");
/// assert_eq!((demand.skipped_rows, demand.skipped_note.as_deref()), (0, None));
///
/// // A security-light CSV as demand: weighted by 설치개수, one row skipped.
/// let lights = dir.path().join("lights.csv");
/// std::fs::write(
///     &lights,
///     "보안등위치명,설치개수,위도,경도\na,2,37.658,126.832\nb,1,,\nc,1,37.659,126.833\n",
/// )
/// .unwrap();
/// let loaded = Inputs::new(&lights, &lights).load()?;
/// let demand = &loaded.layers[0];
/// assert_eq!((demand.items, demand.skipped_rows), (2, 1));
/// assert_eq!(
///     demand.skipped_note.as_deref(),
///     Some("skipped 1 of 3 rows without usable coordinates (empty: 1; first rows: 2)"),
/// );
/// assert_eq!(loaded.scenario.demand()[0].weight, 2.0);
/// assert_eq!(loaded.scenario.sites()[0].cost, 1.0);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct LayerSummary {
    /// "demand", "sites", "existing", "districts", "buildings" or "layer".
    pub role: &'static str,
    /// The file.
    pub path: PathBuf,
    /// Features read (for a CSV: data rows, skipped ones included).
    pub features: usize,
    /// Points (or polygons) kept; a MultiPoint feature gives several.
    pub items: usize,
    /// The file's coordinate system.
    pub crs: String,
    /// District polygons that are not OGC-valid (self-intersections and
    /// the like). They are kept and used as they are; point-in-polygon
    /// tests on them still give an answer, but a user should know.
    pub invalid_polygons: Vec<InvalidPolygon>,
    /// Features skipped because their geometry does not belong in the
    /// layer (buildings: anything but polygons), as `(feature index,
    /// geometry type)`.
    pub skipped: Vec<(usize, String)>,
    /// CSV rows skipped for want of usable coordinates (0 for GeoJSON).
    pub skipped_rows: usize,
    /// A one-line description of those rows for the user (`skipped 6374
    /// of 12108 rows without usable coordinates (empty: 6374; first rows:
    /// 4, 5, ...)`), or `None` when no row was skipped; see
    /// [`Skipped`](sightline_io::Skipped).
    pub skipped_note: Option<String>,
    /// The layout of a CSV layer (`generic CSV`, `national standard
    /// security-light data (보안등정보)`...), `None` for GeoJSON.
    pub format: Option<String>,
    /// Points of a national standard CSV demand layer whose count was
    /// empty or unusable and which were given the weight 1 (see
    /// [`PointLayer::defaulted_weights`]).
    pub defaulted_weights: usize,
}

impl LayerSummary {
    fn points(role: &'static str, layer: &PointLayer) -> Self {
        let summary = Self::new(role, &layer.path, &layer.features, layer.points.len(), layer.crs);
        Self {
            // A CSV's rows all count, the skipped ones included.
            features: if layer.format.is_some() {
                layer.skipped.rows
            } else {
                summary.features
            },
            skipped_rows: layer.skipped.count,
            skipped_note: layer.skipped.describe(),
            format: layer.format.map(|format| format.to_string()),
            defaulted_weights: layer.defaulted_weights,
            ..summary
        }
    }

    fn polygons(role: &'static str, layer: &PolygonLayer) -> Self {
        let summary = Self::new(
            role,
            &layer.path,
            &layer.features,
            layer.polygons.len(),
            layer.crs,
        );
        Self {
            invalid_polygons: layer.invalid.clone(),
            skipped: layer.skipped.clone(),
            ..summary
        }
    }

    fn new(role: &'static str, path: &Path, features: &[usize], items: usize, crs: Crs) -> Self {
        let mut distinct = features.to_vec();
        distinct.dedup();
        Self {
            role,
            path: path.to_owned(),
            features: distinct.len(),
            items,
            crs: crs.to_string(),
            invalid_polygons: Vec::new(),
            skipped: Vec::new(),
            skipped_rows: 0,
            skipped_note: None,
            format: None,
            defaulted_weights: 0,
        }
    }
}
