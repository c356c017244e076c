//! Loading a [`Scenario`] from GeoJSON files (and CSV point layers).
//!
//! Every layer is read, checked, and brought into one metric plane (see
//! [`Plane`]); the plane is kept so results can be written back in the
//! input's coordinate system.

use std::path::{Path, PathBuf};

use geo_types::Coord;

use sightline_io::{Crs, Encoding, InvalidPolygon, Plane, PointLayer, PolygonLayer};

use crate::study::{Layer, Role, Study};
use crate::{Error, Scenario};

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
    /// The layers, as a study lists them (demand first, then sites).
    layers: Vec<Layer>,
    crs: Option<Crs>,
    output_crs: Option<Crs>,
    /// Settings for every CSV point layer without its own.
    encoding: Encoding,
    csv_columns: Option<(String, String)>,
    /// Per-file CSV settings.
    csv_files: Vec<CsvFile>,
}

/// One file's CSV settings: the file, its encoding and its (x, y)
/// columns, each `None` to keep the general setting.
type CsvFile = (PathBuf, Option<Encoding>, Option<(String, String)>);

impl Inputs {
    /// A study with a demand layer and a candidate-site layer.
    pub fn new(demand: impl Into<PathBuf>, sites: impl Into<PathBuf>) -> Self {
        Self {
            layers: vec![Layer::new(Role::Demand, demand), Layer::new(Role::Sites, sites)],
            crs: None,
            output_crs: None,
            encoding: Encoding::Auto,
            csv_columns: None,
            csv_files: Vec::new(),
        }
    }

    /// The layer of `role`, added (with `file`) if there is none yet.
    fn layer(mut self, role: Role, file: Option<PathBuf>, set: impl FnOnce(&mut Layer)) -> Self {
        let k = match self.layers.iter().position(|l| l.role == role) {
            Some(k) => k,
            None => {
                self.layers.push(Layer::new(role, PathBuf::new()));
                self.layers.len() - 1
            }
        };
        if let Some(file) = file {
            self.layers[k].file = file;
        }
        set(&mut self.layers[k]);
        self
    }

    /// The demand property that holds each point's weight (default 1), in
    /// the first demand layer.
    pub fn demand_weight(self, property: impl Into<String>) -> Self {
        self.layer(Role::Demand, None, |l| l.weight = Some(property.into()))
    }

    /// Another demand layer (emergency bells, patrol points...): its
    /// points are demand too, each weighing its `weight_property` (or 1)
    /// times `layer_weight`. The first layer, given to [`Inputs::new`],
    /// weighs 1 unless a study says otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let calls = dir.path().join("calls.csv");
    /// std::fs::write(&calls, "lon,lat\n126.832,37.658\n").unwrap();
    /// let bells = dir.path().join("bells.csv");
    /// std::fs::write(&bells, "lon,lat,n\n126.833,37.658,2\n126.834,37.658,1\n").unwrap();
    /// let loaded = Inputs::new(&calls, &calls).demand_layer(&bells, Some("n"), 1.5).load()?;
    /// let weights: Vec<f64> = loaded.scenario.demand().iter().map(|d| d.weight).collect();
    /// assert_eq!(weights, vec![1.0, 3.0, 1.5]);
    /// assert_eq!(loaded.layers.iter().filter(|l| l.role == "demand").count(), 2);
    /// # Ok::<(), sightline::Error>(())
    /// ```
    pub fn demand_layer(
        mut self,
        path: impl Into<PathBuf>,
        weight_property: Option<&str>,
        layer_weight: f64,
    ) -> Self {
        let mut layer = Layer::new(Role::Demand, path);
        layer.weight = weight_property.map(str::to_owned);
        layer.layer_weight = Some(layer_weight);
        // After the demand layers already given, before the others.
        let at = self
            .layers
            .iter()
            .rposition(|l| l.role == Role::Demand)
            .map_or(0, |k| k + 1);
        self.layers.insert(at, layer);
        self
    }

    /// The site property that holds each site's id.
    pub fn site_id(self, property: impl Into<String>) -> Self {
        self.layer(Role::Sites, None, |l| l.id = Some(property.into()))
    }

    /// The site property that holds each site's cost (numbers or numeric
    /// strings; default 1).
    pub fn site_cost(self, property: impl Into<String>) -> Self {
        self.layer(Role::Sites, None, |l| l.cost = Some(property.into()))
    }

    /// A layer of existing cameras.
    pub fn existing(self, path: impl Into<PathBuf>) -> Self {
        self.layer(Role::Existing, Some(path.into()), |_| {})
    }

    /// A layer of district boundaries.
    pub fn districts(self, path: impl Into<PathBuf>) -> Self {
        self.layer(Role::Districts, Some(path.into()), |_| {})
    }

    /// The district property that holds each district's name.
    pub fn district_name(self, property: impl Into<String>) -> Self {
        self.layer(Role::Districts, None, |l| l.name = Some(property.into()))
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
    /// [`PointOptions::encoding`](sightline_io::PointOptions::encoding). GeoJSON files are always UTF-8.
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
    /// [`PointOptions::columns`](sightline_io::PointOptions::columns). GeoJSON files ignore this.
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
        self.layer(Role::Buildings, Some(path.into()), |_| {})
    }

    /// Read each site's allowed headings (compass degrees) from this
    /// property: a number, a list, or `"45, 135"`; sites without it take
    /// every camera type's own headings.
    pub fn site_headings(self, property: impl Into<String>) -> Self {
        self.layer(Role::Sites, None, |l| l.headings = Some(property.into()))
    }

    /// Read a number per district from this property (population, say):
    /// it comes back in [`LoadedScenario::district_values`].
    pub fn district_value(self, property: impl Into<String>) -> Self {
        self.layer(Role::Districts, None, |l| l.value = Some(property.into()))
    }

    /// Read each existing camera's heading and field of view (degrees)
    /// from these properties; a camera with either missing is a disc.
    pub fn existing_view(self, heading: impl Into<String>, fov: impl Into<String>) -> Self {
        self.layer(Role::Existing, None, |l| {
            l.heading = Some(heading.into());
            l.fov = Some(fov.into());
        })
    }

    /// Another point layer (crimes, schools...) for a demand surface; its
    /// points come back in [`LoadedScenario::extra_layers`], in the order
    /// added. Each feature's `weight` property is not read: every point
    /// counts 1.
    pub fn extra_layer(mut self, path: impl Into<PathBuf>) -> Self {
        self.layers.push(Layer::new(Role::Density, path));
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
        let study = self.to_study();
        let layers = crate::study::check_layers(&study)?;
        crate::study::load_layers(&layers, None, &crate::study::MemoryFiles::new())
    }

    /// The layers as a [`Study`] lists them (demand, sites, then the
    /// others in the order added), with the general CSV settings written
    /// into each CSV point layer that has none of its own.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::prelude::*;
    /// use sightline::study::Role;
    ///
    /// let study = Inputs::new("calls.csv", "poles.geojson").demand_weight("n").districts("dong.geojson").to_study();
    /// let roles: Vec<Role> = study.layers.iter().map(|l| l.role).collect();
    /// assert_eq!(roles, [Role::Demand, Role::Sites, Role::Districts]);
    /// assert_eq!(study.layers[0].weight.as_deref(), Some("n"));
    /// ```
    pub fn to_study(&self) -> Study {
        let layers = self
            .layers
            .iter()
            .map(|layer| {
                let mut layer = layer.clone();
                if layer.role.holds_points() && layer.is_csv() {
                    let own = self
                        .csv_files
                        .iter()
                        .rev()
                        .find(|(file, _, _)| *file == layer.file);
                    let encoding = own.and_then(|(_, e, _)| *e).unwrap_or(self.encoding);
                    if encoding != Encoding::Auto {
                        layer.encoding = Some(encoding);
                    }
                    if let Some((x, y)) = own.and_then(|(_, _, c)| c.as_ref()).or(self.csv_columns.as_ref()) {
                        layer.x = Some(x.clone());
                        layer.y = Some(y.clone());
                    }
                }
                layer
            })
            .collect();
        Study {
            crs: self.crs,
            out_crs: self.output_crs,
            layers,
            ..Study::default()
        }
    }
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
    /// Each demand layer's points (a range of the scenario's demand) and
    /// its layer weight, which those points' weights include.
    pub(crate) demand_layers: Vec<(std::ops::Range<usize>, f64)>,
    /// Each demand point's place in its file, as the readers number it
    /// ([`PointLayer::features`]): a CSV row as a spreadsheet shows it, a
    /// GeoJSON feature's index. In the order of the scenario's demand.
    pub demand_rows: Vec<usize>,
    /// The points of each [`Inputs::extra_layer`], in metres.
    pub extra_layers: Vec<Vec<Coord<f64>>>,
    /// The [`Inputs::district_value`] of each district, if asked for.
    pub district_values: Option<Vec<f64>>,
    /// The records layer, record by record, if the study has one.
    pub records: Option<crate::records::Records>,
    /// The hourly population table, joined to the districts, if the study
    /// has one.
    pub population: Option<crate::periods::PopulationTable>,
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
///     Some("skipped 1 of 3 rows without usable coordinates (empty: 1; first rows: 3)"),
/// );
/// assert_eq!(loaded.scenario.demand()[0].weight, 2.0);
/// assert_eq!(loaded.scenario.sites()[0].cost, 1.0);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct LayerSummary {
    /// "demand", "sites", "existing", "districts", "buildings", "density",
    /// "influence" (a study's roles) or "layer" (an extra layer of
    /// [`Inputs`]).
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
    /// 5, 6, ...)`, rows as a spreadsheet numbers them), or `None` when no
    /// row was skipped; see
    /// [`Skipped`](sightline_io::Skipped).
    pub skipped_note: Option<String>,
    /// Those rows, counted by reason, with the first of them (for
    /// reports in other languages).
    pub skipped_csv: sightline_io::Skipped,
    /// The layout of a CSV layer (`generic CSV`, `national standard
    /// security-light data (보안등정보)`...), `None` for GeoJSON.
    pub format: Option<String>,
    /// Points of a national standard CSV demand layer whose count was
    /// empty or unusable and which were given the weight 1 (see
    /// [`PointLayer::defaulted_weights`]).
    pub defaulted_weights: usize,
    /// The field separator of a CSV layer (`,` `;` tab `|`...), as given
    /// or found from its header; `None` for GeoJSON.
    pub delimiter: Option<char>,
    /// A demand layer's weight, when the study gives one (`layer_weight`,
    /// `--demand FILE:WEIGHT`): each of its points weighs its own weight
    /// times this.
    pub layer_weight: Option<f64>,
    /// The header's row of a spreadsheet layer, as the spreadsheet numbers
    /// it, when it is not the first (rows above it, a title, were not
    /// read); `None` otherwise.
    pub header_row: Option<usize>,
}

impl LayerSummary {
    pub(crate) fn points(role: &'static str, layer: &PointLayer) -> Self {
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
            skipped_csv: layer.skipped.clone(),
            header_row: layer.header_row.filter(|&row| row > 1),
            format: layer.format.map(|format| format.to_string()),
            defaulted_weights: layer.defaulted_weights,
            delimiter: layer.delimiter.map(char::from),
            ..summary
        }
    }

    pub(crate) fn polygons(role: &'static str, layer: &PolygonLayer) -> Self {
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
            skipped_csv: sightline_io::Skipped::default(),
            header_row: None,
            format: None,
            defaulted_weights: 0,
            delimiter: None,
            layer_weight: None,
        }
    }

    pub(crate) fn layer_weight(self, layer_weight: Option<f64>) -> Self {
        Self { layer_weight, ..self }
    }
}
