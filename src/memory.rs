//! How much memory planning will take, estimated before it is spent, and
//! the limit it must stay under.
//!
//! A coverage problem stores one entry for every (camera option, demand
//! point) pair in sight: a 400 m radius over a fine grid can need more
//! memory than the machine has, and the operating system would then kill
//! the process with no word of why. [`plan`](crate::plan),
//! [`score_sites`](crate::score_sites) and
//! [`DemandSurface::build`](crate::surface::DemandSurface::build) estimate
//! what they will take first and stop with [`Error::MemoryLimit`] when the
//! estimate is over the [`MemoryLimit`] (by default half of the machine's
//! memory).
//!
//! # Examples
//!
//! ```
//! use sightline::memory::{MemoryLimit, format_bytes};
//!
//! let limit: MemoryLimit = "512MiB".parse()?;
//! assert_eq!(limit.bytes(), Some(512 * 1024 * 1024));
//! assert_eq!(format_bytes(3 * 1024 * 1024 * 1024 / 2), "1.5 GiB");
//! # Ok::<(), String>(())
//! ```
//!
//! [`Error::MemoryLimit`]: crate::Error::MemoryLimit

use std::fmt;
use std::str::FromStr;

use geo_types::Coord;
use rayon::prelude::*;
use sightline_coverage::{CameraType, quantise};
use sightline_index::PointIndex;

use crate::{Error, Scenario};

/// How much memory planning may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MemoryLimit {
    /// Half of the machine's physical memory, or of the container's
    /// (cgroup) limit when that is smaller. No limit where neither can be
    /// found.
    #[default]
    Auto,
    /// At most this many bytes.
    Bytes(u64),
    /// No limit: the operating system decides.
    Unlimited,
}

impl MemoryLimit {
    /// The limit in bytes, or `None` for none.
    pub fn bytes(self) -> Option<u64> {
        match self {
            MemoryLimit::Auto => physical_memory().map(|total| total / 2),
            MemoryLimit::Bytes(bytes) => Some(bytes),
            MemoryLimit::Unlimited => None,
        }
    }

    /// The limit and where it comes from, for messages: "11.7 GiB, half of
    /// the 23.5 GiB of memory", "2.0 GiB as set", "none".
    pub fn describe(self) -> String {
        match self {
            MemoryLimit::Auto => match memory_sources() {
                (machine, Some(group)) if machine.is_none_or(|m| group < m) => format!(
                    "{}, half of the {} this process's control group may use",
                    format_bytes(group / 2),
                    format_bytes(group)
                ),
                (Some(machine), _) => format!(
                    "{}, half of the {} of memory",
                    format_bytes(machine / 2),
                    format_bytes(machine)
                ),
                _ => "none (the machine's memory is unknown)".to_owned(),
            },
            MemoryLimit::Bytes(bytes) => format!("{} as set", format_bytes(bytes)),
            MemoryLimit::Unlimited => "none".to_owned(),
        }
    }

    /// `Err(Error::MemoryLimit)` when `needed` bytes (at least, with
    /// `at_least`) are over the limit.
    pub(crate) fn check(
        self,
        needed: (u64, bool),
        what: impl FnOnce() -> String,
        hint: &str,
    ) -> Result<(), Error> {
        match self.bytes() {
            Some(limit) => self.check_against(limit, needed, what, hint),
            None => Ok(()),
        }
    }

    /// As [`check`](Self::check), with the limit already resolved to
    /// `limit` bytes (the machine's memory is not read again).
    fn check_against(
        self,
        limit: u64,
        (needed, at_least): (u64, bool),
        what: impl FnOnce() -> String,
        hint: &str,
    ) -> Result<(), Error> {
        if needed <= limit {
            return Ok(());
        }
        Err(Error::MemoryLimit {
            needed,
            at_least,
            limit,
            what: what(),
            source_of_limit: self.describe(),
            hint: hint.to_owned(),
        })
    }
}

impl FromStr for MemoryLimit {
    type Err = String;

    /// `auto`, `none`, or a size: a number with an optional unit (B, K,
    /// KB, KiB, M, MB, MiB, G, GB, GiB, T, TB, TiB; all powers of 1024,
    /// case ignored), such as `8G` or `512MiB`.
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        match text.to_ascii_lowercase().as_str() {
            "auto" => return Ok(MemoryLimit::Auto),
            "none" | "unlimited" => return Ok(MemoryLimit::Unlimited),
            _ => {}
        }
        let not_a_size = || {
            format!(
                "memory limit `{text}` is not a size: write a number and a unit, such as 8G or 512MiB, or auto, or none"
            )
        };
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let unit_bytes: f64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1.0,
            "k" | "kb" | "kib" => 1024.0,
            "m" | "mb" | "mib" => 1024.0 * 1024.0,
            "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
            "t" | "tb" | "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
            _ if number.is_empty() || unit.starts_with(['e', 'E']) => return Err(not_a_size()),
            _ => {
                return Err(format!(
                    "memory limit `{text}`: unknown unit `{}`; expected B, K, M, G or T (KiB, MiB... too), such as 8G or 512MiB, or auto, or none",
                    unit.trim()
                ));
            }
        };
        let value: f64 = number.parse().map_err(|_| not_a_size())?;
        let bytes = value * unit_bytes;
        if !(bytes.is_finite() && bytes < u64::MAX as f64) {
            return Err(format!("memory limit `{text}` is too large"));
        }
        if bytes < 1.0 {
            return Err(format!("memory limit `{text}` is less than one byte"));
        }
        Ok(MemoryLimit::Bytes(bytes as u64))
    }
}

impl fmt::Display for MemoryLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoryLimit::Auto => f.write_str("auto"),
            MemoryLimit::Bytes(bytes) => f.write_str(&format_bytes(*bytes)),
            MemoryLimit::Unlimited => f.write_str("none"),
        }
    }
}

/// The machine's physical memory in bytes, or the memory limit of the
/// process's control group (a container's, or a systemd unit's) when that
/// is smaller; `None` where neither can be found.
pub fn physical_memory() -> Option<u64> {
    let (machine, group) = memory_sources();
    match (machine, group) {
        (Some(m), Some(g)) => Some(m.min(g)),
        (m, g) => m.or(g),
    }
}

/// The machine's memory (`sysinfo`) and the control group's limit.
fn memory_sources() -> (Option<u64>, Option<u64>) {
    use sysinfo::{MemoryRefreshKind, RefreshKind, System};
    let system = System::new_with_specifics(
        RefreshKind::nothing().with_memory(MemoryRefreshKind::nothing().with_ram()),
    );
    let machine = Some(system.total_memory()).filter(|&t| t > 0);
    let group = std::fs::read_to_string("/proc/self/cgroup")
        .ok()
        .and_then(|text| cgroup_limit(&text, std::path::Path::new("/sys/fs/cgroup")));
    (machine, group)
}

/// The smallest memory limit on the way from the process's control groups
/// (`text`: `/proc/self/cgroup`) up to the root of their hierarchies under
/// `mount` (`/sys/fs/cgroup`): `memory.max` of cgroup v2 (mounted at
/// `mount` or, on hybrid systems, `mount/unified`), `memory.limit_in_bytes`
/// of the v1 memory controller. "max" and v1's near-2^63 "no limit" are
/// no limit.
fn cgroup_limit(text: &str, mount: &std::path::Path) -> Option<u64> {
    let mut limits = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let places: Vec<(std::path::PathBuf, &str)> = if controllers.is_empty() {
            vec![
                (mount.to_path_buf(), "memory.max"),
                (mount.join("unified"), "memory.max"),
            ]
        } else if controllers.split(',').any(|c| c == "memory") {
            vec![(mount.join("memory"), "memory.limit_in_bytes")]
        } else {
            continue;
        };
        for (root, file) in places {
            let mut dir = root.join(path.trim_start_matches('/'));
            loop {
                if let Some(limit) = std::fs::read_to_string(dir.join(file))
                    .ok()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .filter(|&v| v < 1 << 62)
                {
                    limits.push(limit);
                }
                if dir == root || !dir.pop() || !dir.starts_with(&root) {
                    break;
                }
            }
        }
    }
    limits.into_iter().min()
}

/// A byte count for people: "512 B", "1.5 KiB", "2.3 GiB".
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `n` with its thousands separated by commas: 1,934,000.
pub(crate) fn grouped(n: u64) -> String {
    sightline_io::group_thousands(&n.to_string())
}

/// What building a coverage problem is expected to take.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MemoryEstimate {
    /// Demand points.
    pub demand_points: usize,
    /// Camera options: one per site, or one per site, camera type and
    /// heading in the view-cone model. Counted, not estimated.
    pub options: usize,
    /// (option, demand point) pairs in sight, estimated from a sample of
    /// up to [`SAMPLED_DEMAND`] demand points (buildings are not looked
    /// at: they can only hide pairs).
    pub pairs: u64,
    /// Entries of the solver's matrix: a pair of the view-cone model with
    /// quality levels counts once per level it reaches among the levels
    /// at that point; otherwise one per pair.
    pub entries: u64,
    /// Bytes at the peak of building and solving.
    pub bytes: u64,
    /// True when counting stopped part way because what was counted
    /// already came to more than the limit: the figures are then lower
    /// bounds of the estimate.
    pub partial: bool,
}

/// Demand points whose surroundings are looked at to estimate the pairs;
/// with more points, an evenly spaced sample of this many.
pub const SAMPLED_DEMAND: usize = 4096;

/// Peak bytes per (option, demand point) pair of the disc model: the rows
/// as built and concatenated, the instance and the copies the solver works
/// on. All these constants are calibrated on the large synthetic city with
/// `examples/memory_estimate.rs` (BENCHMARKS.md), rounded up: peaks
/// measured 11–13 bytes per pair here.
const DISC_BYTES_PER_PAIR: u64 = 14;
/// Per pair of the view-cone model: the quality seen, and the pair again
/// while it is sorted by demand point.
const VIEW_BYTES_PER_PAIR: u64 = 32;
/// Per matrix entry of the view-cone model: the leveled matrix, its
/// transpose and the solver's copies.
const VIEW_BYTES_PER_ENTRY: u64 = 28;
/// Per pair of an existing camera in the view-cone model (its quality,
/// held until each point's best two are known).
const EXISTING_BYTES_PER_PAIR: u64 = 16;
/// Bytes per demand point: location, weight, index, districts, what is
/// covered before and after, the solver's weights and rows (160–175
/// measured, more for a coverage target).
const BYTES_PER_DEMAND: u64 = 200;
/// Bytes per camera option of the disc model: row offsets, costs, gains.
const DISC_BYTES_PER_OPTION: u64 = 160;
/// Bytes per camera option of the view-cone model, whose rows are built
/// one by one.
const VIEW_BYTES_PER_OPTION: u64 = 400;

/// A camera model as the coverage builder sees it.
pub(crate) struct Model<'a> {
    /// The disc (and the existing cameras' range).
    pub disc: &'a sightline_coverage::Circular,
    /// Camera types; empty for the disc model.
    pub types: &'a [CameraType],
    /// Quality levels of the view-cone model.
    pub levels: u32,
}

impl Model<'_> {
    /// The camera types the coverage is built with: none for the disc
    /// model; with buildings but no types, a 360° camera of the disc's
    /// range (buildings need the view-cone model).
    pub(crate) fn effective_types(&self, scenario: &Scenario) -> Vec<CameraType> {
        if self.types.is_empty() && !scenario.buildings().is_empty() {
            vec![
                CameraType::new("disc", self.disc.radius_m(), 360.0)
                    .expect("a disc's radius is a valid camera range (both finite and positive)"),
            ]
        } else {
            self.types.to_vec()
        }
    }

    /// True when some site has more than one option (camera types or
    /// headings to choose from).
    pub(crate) fn several_per_site(&self, scenario: &Scenario) -> bool {
        let types = self.effective_types(scenario);
        scenario.sites().iter().any(|site| {
            types
                .iter()
                .map(|t| t.headings_at(site.headings.as_deref()).len())
                .sum::<usize>()
                > 1
        })
    }

    /// The camera options: one per site, or one per site, type and
    /// heading.
    fn options(&self, scenario: &Scenario) -> u64 {
        let types = self.effective_types(scenario);
        if types.is_empty() {
            return scenario.sites().len() as u64;
        }
        scenario
            .sites()
            .iter()
            .map(|site| {
                types
                    .iter()
                    .map(|t| t.headings_at(site.headings.as_deref()).len() as u64)
                    .sum::<u64>()
            })
            .sum()
    }
}

/// What one sampled demand point brings: (pairs, entries, existing pairs).
type Counts = (u64, u64, u64);

/// Estimates the memory of the coverage problem of `scenario` under
/// `model`, by looking at the sites (and existing cameras) within range of
/// a sample of the demand points; stops early, with a partial estimate,
/// once it is sure to come to more than `stop_above` bytes.
pub(crate) fn estimate(scenario: &Scenario, model: &Model<'_>, stop_above: Option<u64>) -> MemoryEstimate {
    let demand = scenario.demand();
    let sites = scenario.sites();
    let types = model.effective_types(scenario);
    let views = !types.is_empty();
    let options = model.options(scenario);
    let sample: Vec<usize> = if demand.len() <= SAMPLED_DEMAND {
        (0..demand.len()).collect()
    } else {
        (0..SAMPLED_DEMAND as u64)
            .map(|i| (i * demand.len() as u64 / SAMPLED_DEMAND as u64) as usize)
            .collect()
    };
    let site_points: Vec<Coord<f64>> = sites.iter().map(|s| s.location).collect();
    let site_index = PointIndex::new(&site_points);
    let existing_index = PointIndex::new(scenario.existing());
    let levels = model.levels.max(1);
    let level = |q: f64| (quantise(q, levels) * f64::from(levels)).round() as u32;
    let max_range = types.iter().map(CameraType::range_m).fold(0.0, f64::max);
    let existing_range = model.disc.existing_radius_m();
    let per_point = |d: usize| -> Counts {
        let at = demand[d].location;
        if !views {
            let pairs = site_index.within(at, model.disc.radius_m()).count() as u64;
            return (pairs, pairs, 0);
        }
        // The level of every option that sees the point, as the leveled
        // matrix will: one row per distinct level (existing cameras' best
        // two included) up to the best option's, and each option in every
        // row at or below its level.
        let mut seen: Vec<u32> = Vec::new();
        for (s, location) in site_index.within_located(at, max_range) {
            for t in &types {
                for heading in t.headings_at(sites[s as usize].headings.as_deref()) {
                    let q = t.quality(location, heading.unwrap_or(0.0), at);
                    if q > 0.0 {
                        seen.push(level(q));
                    }
                }
            }
        }
        let pairs = seen.len() as u64;
        let mut best = [0u32; 2];
        let mut existing_pairs = 0;
        for e in existing_index.within(at, existing_range) {
            let q = scenario.existing_camera(e as usize, existing_range).quality(at);
            if q > 0.0 {
                existing_pairs += 1;
                let l = level(q);
                if l > best[0] {
                    best = [l, best[0]];
                } else if l > best[1] {
                    best[1] = l;
                }
            }
        }
        seen.retain(|&l| l > 0);
        let mut thresholds: Vec<u32> = seen.iter().copied().chain(best).filter(|&l| l > 0).collect();
        thresholds.sort_unstable();
        thresholds.dedup();
        let entries = seen
            .iter()
            .map(|&l| thresholds.partition_point(|&t| t <= l) as u64)
            .sum();
        (pairs, entries, existing_pairs)
    };
    let n = demand.len() as u64;
    let scale = |count: u64| -> u64 {
        if sample.is_empty() {
            0
        } else {
            (count as f64 * demand.len() as f64 / sample.len() as f64).round() as u64
        }
    };
    let bytes_of = |pairs: u64, entries: u64, existing_pairs: u64| -> u64 {
        if views {
            pairs
                .saturating_mul(VIEW_BYTES_PER_PAIR)
                .saturating_add(entries.saturating_mul(VIEW_BYTES_PER_ENTRY))
                .saturating_add(existing_pairs.saturating_mul(EXISTING_BYTES_PER_PAIR))
                .saturating_add(options.saturating_mul(VIEW_BYTES_PER_OPTION))
        } else {
            pairs
                .saturating_mul(DISC_BYTES_PER_PAIR)
                .saturating_add(options.saturating_mul(DISC_BYTES_PER_OPTION))
        }
        .saturating_add(n.saturating_mul(BYTES_PER_DEMAND))
    };
    // Chunk by chunk, summed in sample order so that the estimate does not
    // depend on threads. Counts only grow, so once the part counted is over
    // `stop_above` the whole would be too.
    let (mut sums, mut partial) = ((0u64, 0u64, 0u64), false);
    for chunk in sample.chunks(512) {
        let counted: Vec<Counts> = chunk.par_iter().map(|&d| per_point(d)).collect();
        sums = counted
            .iter()
            .fold(sums, |(p, e, x), &(a, b, c)| (p + a, e + b, x + c));
        if stop_above.is_some_and(|limit| bytes_of(scale(sums.0), scale(sums.1), scale(sums.2)) > limit) {
            partial = chunk.as_ptr_range().end != sample.as_ptr_range().end;
            break;
        }
    }
    let (pairs, entries, existing_pairs) = (scale(sums.0), scale(sums.1), scale(sums.2));
    let bytes = bytes_of(pairs, entries, existing_pairs);
    MemoryEstimate {
        demand_points: demand.len(),
        options: options as usize,
        pairs,
        entries,
        bytes,
        partial,
    }
}

/// Stops with [`Error::MemoryLimit`] when the coverage of `scenario` under
/// `model` would not fit `limit`. Free under no limit, and when even every
/// option seeing every demand point at every level would fit.
pub(crate) fn check_coverage(
    scenario: &Scenario,
    model: &Model<'_>,
    limit: MemoryLimit,
) -> Result<(), Error> {
    let Some(bytes) = limit.bytes() else {
        return Ok(());
    };
    let n = scenario.demand().len() as u64;
    let options = model.options(scenario);
    // Every option sees every point, at every level; every existing
    // camera sees every point.
    let existing = scenario.existing().len() as u64;
    let worst = n
        .saturating_mul(options)
        .saturating_mul(VIEW_BYTES_PER_PAIR + VIEW_BYTES_PER_ENTRY * u64::from(model.levels.max(1)))
        .saturating_add(n.saturating_mul(existing).saturating_mul(EXISTING_BYTES_PER_PAIR))
        .saturating_add(n.saturating_mul(BYTES_PER_DEMAND))
        .saturating_add(options.saturating_mul(VIEW_BYTES_PER_OPTION));
    if worst <= bytes {
        return Ok(());
    }
    let estimate = estimate(scenario, model, Some(bytes));
    limit.check_against(
        bytes,
        (estimate.bytes, estimate.partial),
        || {
            format!(
                "the coverage of {} {} (camera option, demand point) pairs ({} demand points, {} camera options)",
                if estimate.partial { "at least" } else { "about" },
                grouped(estimate.pairs),
                grouped(estimate.demand_points as u64),
                grouped(estimate.options as u64)
            )
        },
        COVERAGE_HINT,
    )
}

/// Estimates the memory planning `request` on `scenario` would take for
/// its coverage, without building it: what [`plan`](crate::plan) compares
/// with the request's memory limit (the disc model, or the view-cone model
/// with the request's camera types and quality levels, or with buildings).
///
/// # Examples
///
/// ```
/// use sightline::memory::estimate_coverage;
/// use sightline::prelude::*;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let small = estimate_coverage(&city.scenario, &PlanRequest::new(5, Circular::new(50.0)?));
/// let large = estimate_coverage(&city.scenario, &PlanRequest::new(5, Circular::new(200.0)?));
/// assert_eq!(small.options, city.scenario.sites().len());
/// assert!(large.pairs > small.pairs && large.bytes > small.bytes);
/// # Ok::<(), sightline::Error>(())
/// ```
pub fn estimate_coverage(scenario: &Scenario, request: &crate::PlanRequest) -> MemoryEstimate {
    estimate(scenario, &request.coverage_model(), None)
}

/// What to change when coverage would not fit.
pub(crate) const COVERAGE_HINT: &str = "use a smaller camera range, fewer candidate sites or headings, or larger grid cells for a demand surface; or raise the memory limit";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_powers_of_1024() {
        let parse = |s: &str| s.parse::<MemoryLimit>();
        assert_eq!(parse("8G"), Ok(MemoryLimit::Bytes(8 << 30)));
        assert_eq!(parse("1.5 GiB"), Ok(MemoryLimit::Bytes(3 << 29)));
        assert_eq!(parse("100"), Ok(MemoryLimit::Bytes(100)));
        assert_eq!(parse("64kb"), Ok(MemoryLimit::Bytes(64 << 10)));
        assert_eq!(parse("auto"), Ok(MemoryLimit::Auto));
        assert_eq!(parse("NONE"), Ok(MemoryLimit::Unlimited));
        for bad in [
            "", "G", "8X", "-1G", "0", "0.5", "1e9", "1e400", "8 G B", "1.2.3G",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("-1G").unwrap_err().contains("is not a size"));
        assert!(parse("1e9").unwrap_err().contains("is not a size"));
        assert!(parse("8Gb!").unwrap_err().contains("unknown unit `Gb!`"));
        assert!(parse("0.5").unwrap_err().contains("less than one byte"));
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_934_000_123), "1,934,000,123");
    }

    #[test]
    fn byte_counts_read_for_people() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1024), "1.0 KiB");
        assert_eq!(format_bytes(5 << 40), "5.0 TiB");
    }

    #[test]
    fn control_group_limits_are_found_up_the_hierarchy() {
        let mount = tempfile::tempdir().unwrap();
        let at = |path: &str, file: &str, value: &str| {
            let dir = mount.path().join(path);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(file), value).unwrap();
        };
        // cgroup v2: a limit on the parent of the process's group.
        at("app", "memory.max", "2147483648\n");
        at("app/worker", "memory.max", "max\n");
        assert_eq!(cgroup_limit("0::/app/worker\n", mount.path()), Some(2 << 30));
        // cgroup v1, memory controller; v1's "no limit" is no limit.
        at("memory/box", "memory.limit_in_bytes", "9223372036854771712\n");
        at("memory/box/job", "memory.limit_in_bytes", "1073741824\n");
        let v1 = "4:memory:/box/job\n3:cpu:/\n0::/\n";
        assert_eq!(cgroup_limit(v1, mount.path()), Some(1 << 30));
        assert_eq!(cgroup_limit("4:memory:/box\n", mount.path()), None);
        // Nothing readable: no limit.
        assert_eq!(cgroup_limit("0::/elsewhere\n", mount.path()), None);
        assert_eq!(cgroup_limit("garbage", mount.path()), None);
    }

    #[test]
    fn auto_is_half_of_the_machine() {
        if let Some(total) = physical_memory() {
            assert_eq!(MemoryLimit::Auto.bytes(), Some(total / 2));
            assert!(MemoryLimit::Auto.describe().contains(", half of the"));
        }
        assert_eq!(MemoryLimit::Unlimited.bytes(), None);
    }
}
