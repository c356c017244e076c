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
//! memory). The coverage's estimate is counted beside the code that builds
//! it, by [`CameraModel::estimate_memory`]; this module holds the limit.
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
use sightline_coverage::{CameraModel, ExistingCamera, Site};
pub use sightline_coverage::{MemoryEstimate, SAMPLED_DEMAND};

use crate::problem::{CoverageInputs, coverage_model};
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

/// Stops with [`Error::MemoryLimit`] when the coverage `model` builds of
/// `sites` over `demand` after `existing` cameras would not fit `limit`.
/// Free under no limit, and when even every option seeing every demand
/// point at every level would fit.
pub(crate) fn check_coverage(
    model: &CameraModel,
    demand: &[Coord<f64>],
    sites: &[Site],
    existing: &[ExistingCamera],
    limit: MemoryLimit,
) -> Result<(), Error> {
    let Some(bytes) = limit.bytes() else {
        return Ok(());
    };
    if model.worst_case_bytes(demand.len(), sites, existing.len()) <= bytes {
        return Ok(());
    }
    let estimate = model.estimate_memory(demand, sites, existing, Some(bytes));
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
/// with the request's memory limit (see
/// [`CameraModel::estimate_memory`]; with buildings in the scenario, a
/// disc is estimated as the 360° camera it becomes there).
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
    let model = coverage_model(scenario, request.model());
    let inputs = CoverageInputs::new(scenario, &model);
    model.estimate_memory(&inputs.demand, &inputs.sites, &inputs.existing, None)
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
