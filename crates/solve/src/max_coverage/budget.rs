//! The effort limit as the solve's stages spend it.

/// What the effort limit leaves, in coverage entries, as the solve's
/// stages spend it.
pub(super) struct Budget {
    limit: Option<u64>,
    pub(super) spent: u64,
}

impl Budget {
    pub(super) fn new(limit: Option<u64>) -> Self {
        Self { limit, spent: 0 }
    }

    pub(super) fn spend(&mut self, work: u64) {
        self.spent = self.spent.saturating_add(work);
    }

    /// The work left (`u64::MAX` without a limit).
    pub(super) fn left(&self) -> u64 {
        self.limit
            .map_or(u64::MAX, |limit| limit.saturating_sub(self.spent))
    }

    /// `numerator / denominator` of what is left, for a stage's own cap.
    pub(super) fn part(&self, numerator: u64, denominator: u64) -> u64 {
        match self.limit {
            Some(_) => self.left() / denominator * numerator,
            None => u64::MAX,
        }
    }

    /// As [`part`](Self::part), `None` without a limit.
    pub(super) fn share(&self, numerator: u64, denominator: u64) -> Option<u64> {
        self.limit.map(|_| self.part(numerator, denominator))
    }

    /// How many of `wanted` steps of `pass` entries each fit.
    pub(super) fn steps(&self, wanted: usize, pass: u64) -> usize {
        (self.left() / pass).min(wanted as u64) as usize
    }
}
