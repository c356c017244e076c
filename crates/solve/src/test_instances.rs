//! Small seeded random instances for the unit tests.

use crate::{CoverageMatrix, Instance, SideConstraints};

/// A linear congruential generator (Knuth's MMIX constants): enough for
/// test instances, and the same on every machine.
pub(crate) struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// An instance with `1..=max_options` options and `1..=max_demand`
/// demand points, each option listing `0..max_row` random demand points,
/// weights drawn by `weight`.
pub(crate) fn random_instance(
    rng: &mut Lcg,
    max_options: u64,
    max_demand: u64,
    max_row: u64,
    mut weight: impl FnMut(&mut Lcg) -> f64,
) -> Instance {
    let n_options = 1 + rng.below(max_options) as usize;
    let n_demand = 1 + rng.below(max_demand) as usize;
    let rows: Vec<Vec<u32>> = (0..n_options)
        .map(|_| {
            (0..rng.below(max_row))
                .map(|_| rng.below(n_demand as u64) as u32)
                .collect()
        })
        .collect();
    let weights = (0..n_demand).map(|_| weight(rng)).collect();
    Instance::new(
        CoverageMatrix::from_rows(n_demand, rows).expect("rows in range"),
        weights,
    )
    .expect("valid weights")
}

/// Rules on `n` options with up to `max_pairs - 1` random conflicting
/// pairs (how many drawn first, then each pair).
pub(crate) fn random_conflicts(rng: &mut Lcg, n: usize, max_pairs: u64) -> SideConstraints {
    let mut rules = SideConstraints::new(n);
    for _ in 0..rng.below(max_pairs) {
        let (a, b) = (rng.below(n as u64) as u32, rng.below(n as u64) as u32);
        rules = rules.conflict(a, b).expect("options in range");
    }
    rules
}
