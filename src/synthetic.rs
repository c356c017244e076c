//! A built-in synthetic city for the demo, the tests and the benchmarks.
//!
//! The city is made up: rectangular districts, complaints clustered around
//! hot spots over a thin uniform background, a jittered grid of poles as
//! candidate sites, and existing cameras, most of them near hot spots. It
//! is seeded, so every call with the same size gives the same city, on any
//! machine.
//!
//! # Examples
//!
//! ```
//! use sightline::synthetic::{CitySize, SyntheticCity};
//!
//! let city = SyntheticCity::generate(CitySize::Small);
//! assert_eq!(city.scenario.demand().len(), CitySize::Small.demand_points());
//! assert_eq!(city.scenario.sites().len(), CitySize::Small.sites());
//! assert_eq!(city, SyntheticCity::generate(CitySize::Small)); // seeded
//! ```

use std::f64::consts::TAU;
use std::fmt;
use std::str::FromStr;

use geo_types::{Coord, LineString, MultiPolygon, Polygon, coord, polygon};

use crate::{CandidateSite, DemandPoint, District, Scenario};

/// How big a synthetic city to build.
///
/// # Examples
///
/// ```
/// use sightline::synthetic::CitySize;
///
/// let size: CitySize = "large".parse().unwrap();
/// assert_eq!(size.demand_points(), 200_000);
/// assert_eq!(size.sites(), 20_000);
/// assert_eq!(size.to_string(), "large");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitySize {
    /// 2,000 complaints, 400 poles, 4 districts: a few milliseconds.
    Small,
    /// 20,000 complaints, 3,000 poles, 9 districts.
    Medium,
    /// 200,000 complaints, 20,000 poles, 16 districts: the benchmark size.
    Large,
    /// 1,000,000 complaints, 100,000 poles, 25 districts: a metropolis,
    /// for checking that time limits hold and that big studies scale.
    Metropolis,
    /// 1,000,000 demand points, 100,000 poles, 2,000 cameras, 36 districts,
    /// denser than the metropolis (about 16 million (site, point) pairs at
    /// 100 m): a whole city of 10–15 m cells, the scale benchmark.
    XLarge,
}

/// The dimensions behind each size.
struct Layout {
    columns: usize,
    rows: usize,
    spacing_m: f64,
    demand: usize,
    hot_spots: usize,
    existing: usize,
    district_grid: usize,
    cameras: usize,
}

impl CitySize {
    fn layout(self) -> Layout {
        match self {
            CitySize::Small => Layout {
                columns: 20,
                rows: 20,
                spacing_m: 60.0,
                demand: 2_000,
                hot_spots: 6,
                existing: 8,
                district_grid: 2,
                cameras: 20,
            },
            CitySize::Medium => Layout {
                columns: 60,
                rows: 50,
                spacing_m: 60.0,
                demand: 20_000,
                hot_spots: 30,
                existing: 60,
                district_grid: 3,
                cameras: 100,
            },
            CitySize::Large => Layout {
                columns: 160,
                rows: 125,
                spacing_m: 60.0,
                demand: 200_000,
                hot_spots: 250,
                existing: 500,
                district_grid: 4,
                cameras: 500,
            },
            CitySize::Metropolis => Layout {
                columns: 400,
                rows: 250,
                spacing_m: 60.0,
                demand: 1_000_000,
                hot_spots: 1_250,
                existing: 2_500,
                district_grid: 5,
                cameras: 2_000,
            },
            CitySize::XLarge => Layout {
                columns: 400,
                rows: 250,
                spacing_m: 45.0,
                demand: 1_000_000,
                hot_spots: 1_250,
                existing: 2_500,
                district_grid: 6,
                cameras: 2_000,
            },
        }
    }

    /// Number of demand points (complaints).
    pub fn demand_points(self) -> usize {
        self.layout().demand
    }

    /// Number of candidate sites (poles).
    pub fn sites(self) -> usize {
        let layout = self.layout();
        layout.columns * layout.rows
    }

    /// Number of existing cameras.
    pub fn existing_cameras(self) -> usize {
        self.layout().existing
    }

    /// The number of cameras the demo plans for this size.
    pub fn default_cameras(self) -> usize {
        self.layout().cameras
    }

    /// The camera radius the demo uses, in metres.
    pub fn default_radius_m(self) -> f64 {
        100.0
    }
}

impl fmt::Display for CitySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CitySize::Small => "small",
            CitySize::Medium => "medium",
            CitySize::Large => "large",
            CitySize::Metropolis => "metropolis",
            CitySize::XLarge => "xlarge",
        })
    }
}

impl FromStr for CitySize {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "small" => Ok(CitySize::Small),
            "medium" => Ok(CitySize::Medium),
            "large" => Ok(CitySize::Large),
            "metropolis" => Ok(CitySize::Metropolis),
            "xlarge" => Ok(CitySize::XLarge),
            other => Err(format!(
                "unknown city size `{other}`; expected small, medium, large, metropolis or xlarge"
            )),
        }
    }
}

/// A generated city: a scenario in metres and where on Earth it is drawn.
///
/// # Examples
///
/// ```
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// assert_eq!(city.scenario.districts().len(), 4);
/// assert!(city.scenario.total_weight() >= 2_000.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticCity {
    /// The layers, in metres around `(0, 0)`.
    pub scenario: Scenario,
    /// Longitude and latitude (degrees) of the plane's origin, used when
    /// the city is written as GeoJSON. The city is not real; it is drawn
    /// at 37.6° N, 126.9° E only so that map tools show it at a sensible
    /// scale.
    pub origin_lonlat: Coord<f64>,
    /// The size it was generated at.
    pub size: CitySize,
    /// The seed it was drawn from (0 for [`generate`](Self::generate)'s
    /// city).
    pub seed: u64,
}

impl SyntheticCity {
    /// Generates the city of the given size; always the same for a size.
    pub fn generate(size: CitySize) -> Self {
        Self::with_seed(size, 0)
    }

    /// Another city of the same size and layout (as many complaints, poles,
    /// hot spots, existing cameras and districts), drawn from `seed`: the
    /// same for a size and seed on any machine. Seed 0 is
    /// [`generate`](Self::generate)'s city.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let other = SyntheticCity::with_seed(CitySize::Small, 7);
    /// assert_eq!(other.scenario.demand().len(), CitySize::Small.demand_points());
    /// assert_ne!(other, SyntheticCity::generate(CitySize::Small));
    /// assert_eq!(SyntheticCity::with_seed(CitySize::Small, 0), SyntheticCity::generate(CitySize::Small));
    /// ```
    pub fn with_seed(size: CitySize, seed: u64) -> Self {
        let layout = size.layout();
        let mut rng = SplitMix64::new(0x5167_6874_6c69_6e65 ^ size as u64 ^ seed_mix(seed));
        let width = layout.columns as f64 * layout.spacing_m;
        let height = layout.rows as f64 * layout.spacing_m;

        let jitter = layout.spacing_m * 0.3;
        let mut sites = Vec::with_capacity(layout.rows * layout.columns);
        for r in 0..layout.rows {
            for c in 0..layout.columns {
                let x = (c as f64 + 0.5) * layout.spacing_m + rng.uniform(-jitter, jitter);
                let y = (r as f64 + 0.5) * layout.spacing_m + rng.uniform(-jitter, jitter);
                let id = format!("P{:05}", sites.len() + 1);
                sites.push(CandidateSite::new(coord! { x: x, y: y }, id));
            }
        }

        let inside = |x: f64, y: f64| (1.0..width - 1.0).contains(&x) && (1.0..height - 1.0).contains(&y);
        let hot_spots: Vec<(Coord<f64>, f64)> = (0..layout.hot_spots)
            .map(|_| {
                let centre = coord! { x: rng.uniform(0.1, 0.9) * width, y: rng.uniform(0.1, 0.9) * height };
                (centre, rng.uniform(60.0, 250.0))
            })
            .collect();
        let mut demand = Vec::with_capacity(layout.demand);
        while demand.len() < layout.demand {
            let (x, y) = if rng.next_f64() < 0.7 {
                let (centre, sigma) = hot_spots[rng.below(hot_spots.len())];
                let (dx, dy) = rng.normal_pair();
                (centre.x + sigma * dx, centre.y + sigma * dy)
            } else {
                (rng.uniform(0.0, width), rng.uniform(0.0, height))
            };
            if !inside(x, y) {
                continue;
            }
            // Most complaints weigh 1; repeated or serious ones more.
            let u = rng.next_f64();
            let weight = if u < 0.05 {
                3.0
            } else if u < 0.25 {
                2.0
            } else {
                1.0
            };
            demand.push(DemandPoint::new(coord! { x: x, y: y }, weight));
        }

        let existing = (0..layout.existing)
            .map(|_| {
                if rng.next_f64() < 0.6 {
                    let (centre, sigma) = hot_spots[rng.below(hot_spots.len())];
                    let (dx, dy) = rng.normal_pair();
                    coord! {
                        x: (centre.x + sigma * dx).clamp(0.0, width),
                        y: (centre.y + sigma * dy).clamp(0.0, height),
                    }
                } else {
                    coord! { x: rng.uniform(0.0, width), y: rng.uniform(0.0, height) }
                }
            })
            .collect();

        let districts = district_grid(layout.district_grid, width, height);
        Self {
            scenario: Scenario::new(demand, sites)
                .with_existing(existing)
                .with_districts(districts),
            origin_lonlat: coord! { x: 126.9, y: 37.6 },
            size,
            seed,
        }
    }

    /// The city's extent in metres: `[0, width] × [0, height]`.
    pub fn extent_m(&self) -> (f64, f64) {
        let layout = self.size.layout();
        (
            layout.columns as f64 * layout.spacing_m,
            layout.rows as f64 * layout.spacing_m,
        )
    }

    /// The centres of a `columns × rows` grid of cells over the city, row
    /// by row from the south-west: a demand surface at the scale of the
    /// Korean grid models.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// let city = SyntheticCity::generate(CitySize::Small);
    /// let cells = city.grid_cells(12, 12); // 100 m cells over 1.2 km
    /// assert_eq!(cells.len(), 144);
    /// assert_eq!((cells[0].x, cells[0].y), (50.0, 50.0));
    /// ```
    pub fn grid_cells(&self, columns: usize, rows: usize) -> Vec<Coord<f64>> {
        let (width, height) = self.extent_m();
        let (dx, dy) = (width / columns as f64, height / rows as f64);
        (0..rows)
            .flat_map(|r| {
                (0..columns).map(move |c| coord! { x: (c as f64 + 0.5) * dx, y: (r as f64 + 0.5) * dy })
            })
            .collect()
    }

    /// Made-up building footprints: one rectangle, 10–25 m on a side, at
    /// a random place in each block of about 38 m × 38 m (50,000 for the
    /// large city, about 1,000 for the small one). Always the same for a
    /// size; candidate sites may fall inside them (mounted on the
    /// building).
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline::synthetic::{CitySize, SyntheticCity};
    ///
    /// assert_eq!(SyntheticCity::generate(CitySize::Large).buildings().len(), 50_000);
    /// ```
    pub fn buildings(&self) -> Vec<MultiPolygon<f64>> {
        let (width, height) = self.extent_m();
        let (columns, rows) = ((width / 38.4).round() as usize, (height / 37.5).round() as usize);
        let (bx, by) = (width / columns as f64, height / rows as f64);
        let mut rng = SplitMix64::new(0x6275_696c_6469_6e67 ^ self.size as u64 ^ seed_mix(self.seed));
        let mut out = Vec::with_capacity(rows * columns);
        for r in 0..rows {
            for c in 0..columns {
                let (w, h) = (rng.uniform(10.0, 25.0), rng.uniform(10.0, 25.0));
                let x = c as f64 * bx + rng.uniform(0.0, bx - w);
                let y = r as f64 * by + rng.uniform(0.0, by - h);
                out.push(MultiPolygon(vec![polygon![
                    (x: x, y: y),
                    (x: x + w, y: y),
                    (x: x + w, y: y + h),
                    (x: x, y: y + h),
                ]]));
            }
        }
        out
    }
}

/// A maximal-covering case of the synthetic generator: a city (size and
/// seed), a camera radius and a number of cameras. The cases of
/// [`HARD_CASES`] have a real gap between their LP relaxation and their
/// optimum; they are the bench and test set of the exact solver (the
/// `hard_cases` example runs them, beside HiGHS).
///
/// # Examples
///
/// ```
/// use sightline::synthetic::{CitySize, HardCase};
///
/// let case = HardCase { size: CitySize::Small, seed: 3, radius_m: 80.0, cameras: 20 };
/// assert_eq!(case.name(), "small-s3-r80-p20");
/// let city = case.city();
/// assert_eq!((city.size, city.seed), (CitySize::Small, 3));
/// let plan = sightline::plan(&city.scenario, &case.request()?)?;
/// assert_eq!(plan.chosen.len(), 20);
/// # Ok::<(), sightline::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HardCase {
    /// The city's size.
    pub size: CitySize,
    /// The city's seed (see [`SyntheticCity::with_seed`]).
    pub seed: u64,
    /// The radius of every camera, in metres.
    pub radius_m: f64,
    /// New cameras to place.
    pub cameras: usize,
}

impl HardCase {
    /// `SIZE-sSEED-rRADIUS-pCAMERAS`, e.g. `medium-s0-r100-p100`.
    pub fn name(&self) -> String {
        format!(
            "{}-s{}-r{}-p{}",
            self.size, self.seed, self.radius_m, self.cameras
        )
    }

    /// The city.
    pub fn city(&self) -> SyntheticCity {
        SyntheticCity::with_seed(self.size, self.seed)
    }

    /// The plan request: `cameras` cameras of radius `radius_m`.
    ///
    /// # Errors
    ///
    /// [`Error::Coverage`](crate::Error::Coverage) if the radius is not a
    /// positive finite number.
    pub fn request(&self) -> Result<crate::PlanRequest, crate::Error> {
        Ok(crate::PlanRequest::new(
            self.cameras,
            crate::coverage::Circular::new(self.radius_m)?,
        ))
    }
}

/// The hard cases: the medium demo city (20,000 complaints, 3,000 poles,
/// 100 cameras of 100 m; optimum 11,186 newly covered, LP relaxation
/// 11,196.9), the same city with 75 m and 150 m cameras, and medium cities
/// from other seeds, each with a gap between its LP relaxation and its
/// optimum. Ordered by how long HiGHS takes (3 s, 36 s, then not proven in
/// 150 s; BENCHMARKS.md, "Hard cases").
pub const HARD_CASES: &[HardCase] = &[
    hard(0, 75.0),
    hard(0, 100.0),
    hard(0, 150.0),
    hard(1, 100.0),
    hard(2, 100.0),
    hard(3, 100.0),
    hard(4, 125.0),
];

/// A medium city's hard case with 100 cameras.
const fn hard(seed: u64, radius_m: f64) -> HardCase {
    HardCase {
        size: CitySize::Medium,
        seed,
        radius_m,
        cameras: 100,
    }
}

/// What a seed adds to a generator's base seed: 0 for seed 0 (the default
/// city), a well-spread value for the others (the golden-ratio multiple
/// SplitMix64 itself steps by).
fn seed_mix(seed: u64) -> u64 {
    seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// `n × n` rectangular districts tiling `[0, width] × [0, height]`.
fn district_grid(n: usize, width: f64, height: f64) -> Vec<District> {
    let mut districts = Vec::with_capacity(n * n);
    for row in 0..n {
        for column in 0..n {
            let (x0, x1) = (
                width * column as f64 / n as f64,
                width * (column + 1) as f64 / n as f64,
            );
            let (y0, y1) = (
                height * row as f64 / n as f64,
                height * (row + 1) as f64 / n as f64,
            );
            let ring = LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]);
            let name = format!("District {}", row * n + column + 1);
            districts.push(District::new(
                name,
                MultiPolygon(vec![Polygon::new(ring, vec![])]),
            ));
        }
    }
    districts
}

/// SplitMix64 (Steele, Lea and Flood 2014). Written out here rather than
/// taken from `rand` so that the demo city cannot change when a dependency
/// changes its sampling algorithms: the stream is fixed by these few lines.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, with 53 random bits.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.next_f64()
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is negligible for the
    /// small `n` used here.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Two independent standard normal values (Box–Muller).
    fn normal_pair(&mut self) -> (f64, f64) {
        let u1 = 1.0 - self.next_f64(); // in (0, 1], so ln is finite
        let u2 = self.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        (r * (TAU * u2).cos(), r * (TAU * u2).sin())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_have_the_stated_counts() {
        for size in [CitySize::Small, CitySize::Medium] {
            let city = SyntheticCity::generate(size);
            assert_eq!(city.scenario.demand().len(), size.demand_points());
            assert_eq!(city.scenario.sites().len(), size.sites());
            assert_eq!(city.scenario.existing().len(), size.existing_cameras());
            assert!(city.scenario.validate().is_ok());
        }
    }

    #[test]
    fn every_point_lies_in_a_district() {
        let city = SyntheticCity::generate(CitySize::Small);
        let index = sightline_index::DistrictIndex::new(
            city.scenario
                .districts()
                .iter()
                .map(|d| d.boundary.clone())
                .collect(),
        );
        for d in city.scenario.demand() {
            assert!(index.locate(d.location).is_some(), "{:?}", d.location);
        }
        for s in city.scenario.sites() {
            assert!(index.locate(s.location).is_some(), "{:?}", s.location);
        }
    }

    #[test]
    fn seeded_cities_keep_the_layout() {
        let default = SyntheticCity::generate(CitySize::Small);
        for seed in [1, 2, 99] {
            let city = SyntheticCity::with_seed(CitySize::Small, seed);
            assert_eq!(city.seed, seed);
            assert_eq!(city.scenario.demand().len(), CitySize::Small.demand_points());
            assert_eq!(city.scenario.sites().len(), CitySize::Small.sites());
            assert_eq!(city.scenario.existing().len(), CitySize::Small.existing_cameras());
            assert_eq!(
                city.scenario.districts().len(),
                default.scenario.districts().len()
            );
            assert!(city.scenario.validate().is_ok());
            assert_ne!(
                city.scenario.demand()[0].location,
                default.scenario.demand()[0].location
            );
            assert_ne!(city.buildings()[0], default.buildings()[0]);
            assert_eq!(city, SyntheticCity::with_seed(CitySize::Small, seed));
        }
    }

    #[test]
    fn hard_cases_have_distinct_names_and_valid_requests() {
        let mut names: Vec<String> = HARD_CASES.iter().map(HardCase::name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), HARD_CASES.len());
        for case in HARD_CASES {
            assert!(case.request().is_ok(), "{}", case.name());
            assert!(case.cameras <= case.size.sites());
        }
        let bad = HardCase {
            radius_m: -1.0,
            ..HARD_CASES[0]
        };
        assert!(bad.request().is_err());
    }

    #[test]
    fn random_stream_is_pinned() {
        // The published SplitMix64 test vector for seed 0.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
