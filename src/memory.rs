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
use sightline_coverage::CameraType;
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
            MemoryLimit::Auto => match physical_memory() {
                Some(total) => format!(
                    "{}, half of the {} of memory",
                    format_bytes(total / 2),
                    format_bytes(total)
                ),
                None => "none (the machine's memory is unknown)".to_owned(),
            },
            MemoryLimit::Bytes(bytes) => format!("{} as set", format_bytes(bytes)),
            MemoryLimit::Unlimited => "none".to_owned(),
        }
    }

    /// `Err(Error::MemoryLimit)` when `needed` bytes are over the limit.
    pub(crate) fn check(self, needed: u64, what: impl FnOnce() -> String, hint: &str) -> Result<(), Error> {
        match self.bytes() {
            Some(limit) if needed > limit => Err(Error::MemoryLimit {
                needed,
                limit,
                what: what(),
                source_of_limit: self.describe(),
                hint: hint.to_owned(),
            }),
            _ => Ok(()),
        }
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
            other => {
                return Err(format!(
                    "memory limit `{text}`: unknown unit `{other}`; expected a size such as 8G or 512MiB, auto, or none"
                ));
            }
        };
        let value: f64 = number.parse().map_err(|_| {
            format!("memory limit `{text}`: expected a size such as 8G or 512MiB, auto, or none")
        })?;
        let bytes = value * unit_bytes;
        if !(bytes.is_finite() && bytes >= 1.0 && bytes < u64::MAX as f64) {
            return Err(format!("memory limit `{text}` is not a usable size"));
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

/// The machine's physical memory in bytes, or the container's (cgroup)
/// memory limit when that is smaller; `None` where it cannot be found.
pub fn physical_memory() -> Option<u64> {
    use sysinfo::{MemoryRefreshKind, RefreshKind, System};
    let system = System::new_with_specifics(
        RefreshKind::nothing().with_memory(MemoryRefreshKind::nothing().with_ram()),
    );
    let total = Some(system.total_memory()).filter(|&t| t > 0);
    let cgroup = system
        .cgroup_limits()
        .map(|limits| limits.total_memory)
        .filter(|&t| t > 0);
    match (total, cgroup) {
        (Some(t), Some(c)) => Some(t.min(c)),
        (t, c) => t.or(c),
    }
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
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What building a coverage problem is expected to take.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MemoryEstimate {
    /// Demand points.
    pub demand_points: usize,
    /// Camera options: one per site, or one per site, camera type and
    /// heading in the view-cone model.
    pub options: usize,
    /// (option, demand point) pairs in sight, estimated from a sample of
    /// up to [`SAMPLED_SITES`] sites.
    pub pairs: u64,
    /// Bytes at the peak of building and solving.
    pub bytes: u64,
}

/// Sites whose neighbourhoods are counted to estimate the pairs; with more
/// sites, an evenly spaced sample of this many.
pub const SAMPLED_SITES: usize = 4096;

/// Peak bytes per (option, demand point) pair of the disc model: the rows
/// as built and concatenated, the instance and the copies the solver works
/// on. Calibrated on the large synthetic city with
/// `examples/memory_estimate.rs` (BENCHMARKS.md): measured peaks were 11–14
/// bytes per pair, so the estimate errs on the high side.
const DISC_BYTES_PER_PAIR: u64 = 14;
/// The same for the view-cone model, whose pairs carry a quality and are
/// built per camera type and heading (measured: 53).
const VIEW_BYTES_PER_PAIR: u64 = 56;
/// Bytes per demand point: location, weight, index, districts, what is
/// covered before and after, the solver's weights.
const BYTES_PER_DEMAND: u64 = 100;
/// Bytes per camera option of the disc model: row offsets, costs, gains.
const DISC_BYTES_PER_OPTION: u64 = 160;
/// Bytes per camera option of the view-cone model, whose rows are built
/// one by one.
const VIEW_BYTES_PER_OPTION: u64 = 400;

/// Estimates the memory of the coverage problem of `scenario` under
/// `radius_m` (the disc model, `types` empty and no buildings) or the
/// camera `types`, counting the demand in range of a sample of sites in
/// `index` (an index of the scenario's demand points).
pub(crate) fn estimate(
    scenario: &Scenario,
    radius_m: f64,
    types: &[CameraType],
    index: &PointIndex,
) -> MemoryEstimate {
    let sites = scenario.sites();
    let views = !types.is_empty() || !scenario.buildings().is_empty();
    let sample: Vec<usize> = if sites.len() <= SAMPLED_SITES {
        (0..sites.len()).collect()
    } else {
        (0..SAMPLED_SITES)
            .map(|i| i * sites.len() / SAMPLED_SITES)
            .collect()
    };
    // For each site: (options, pairs) it brings.
    let per_site = |s: usize| -> (f64, f64) {
        let site = &sites[s];
        let count = |range: f64| index.within(site.location, range).count() as f64;
        if types.is_empty() {
            return (1.0, count(radius_m));
        }
        types.iter().fold((0.0, 0.0), |(options, pairs), t| {
            let heads = if t.is_omnidirectional() {
                1.0
            } else {
                site.headings.as_ref().map_or(t.heading_list().len(), Vec::len) as f64
            };
            let share = if t.is_omnidirectional() {
                1.0
            } else {
                t.fov_deg() / 360.0
            };
            (options + heads, pairs + heads * share * count(t.range_m()))
        })
    };
    // Sums in sample order, so the estimate does not depend on threads.
    let counted: Vec<(f64, f64)> = sample.par_iter().map(|&s| per_site(s)).collect();
    let scale = if sample.is_empty() {
        0.0
    } else {
        sites.len() as f64 / sample.len() as f64
    };
    let (options, pairs) = counted.iter().fold((0.0, 0.0), |(o, p), &(a, b)| (o + a, p + b));
    let (options, pairs) = ((options * scale).round() as u64, (pairs * scale).round() as u64);
    let (per_pair, per_option) = if views {
        (VIEW_BYTES_PER_PAIR, VIEW_BYTES_PER_OPTION)
    } else {
        (DISC_BYTES_PER_PAIR, DISC_BYTES_PER_OPTION)
    };
    let demand_points = scenario.demand().len();
    let bytes = pairs
        .saturating_mul(per_pair)
        .saturating_add((demand_points as u64).saturating_mul(BYTES_PER_DEMAND))
        .saturating_add(options.saturating_mul(per_option));
    MemoryEstimate {
        demand_points,
        options: options as usize,
        pairs,
        bytes,
    }
}

/// Estimates the coverage memory of `scenario` under `radius_m` (the disc
/// model) or camera `types` (the view-cone model), without building it.
///
/// # Examples
///
/// ```
/// use sightline::memory::estimate_coverage;
/// use sightline::synthetic::{CitySize, SyntheticCity};
///
/// let city = SyntheticCity::generate(CitySize::Small);
/// let small = estimate_coverage(&city.scenario, 50.0, &[]);
/// let large = estimate_coverage(&city.scenario, 200.0, &[]);
/// assert_eq!(small.options, city.scenario.sites().len());
/// assert!(large.pairs > small.pairs);
/// ```
pub fn estimate_coverage(scenario: &Scenario, radius_m: f64, types: &[CameraType]) -> MemoryEstimate {
    let demand: Vec<Coord<f64>> = scenario.demand().iter().map(|d| d.location).collect();
    estimate(scenario, radius_m, types, &PointIndex::new(&demand))
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
        for bad in ["", "G", "8X", "-1G", "0", "1e400", "8 G B"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
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
    fn auto_is_half_of_the_machine() {
        if let Some(total) = physical_memory() {
            assert_eq!(MemoryLimit::Auto.bytes(), Some(total / 2));
            assert!(MemoryLimit::Auto.describe().contains(", half of the"));
        }
        assert_eq!(MemoryLimit::Unlimited.bytes(), None);
    }
}
