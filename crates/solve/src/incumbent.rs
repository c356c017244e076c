//! The best plan two racing searches have found, shared between them: each
//! publishes its better plans and takes the other's, so that each prunes
//! against the better of the two.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The best plan published so far and its value (−∞ before the first).
/// The value is also kept in an atomic, so that a search can check for a
/// better plan at every node without taking the lock.
#[derive(Debug)]
pub(crate) struct Incumbent {
    /// The bits of the best value (an `f64`).
    value: AtomicU64,
    plan: Mutex<Vec<u32>>,
}

impl Incumbent {
    /// No plan yet.
    pub fn new() -> Self {
        Self {
            value: AtomicU64::new(f64::NEG_INFINITY.to_bits()),
            plan: Mutex::new(Vec::new()),
        }
    }

    /// The best value published so far.
    pub fn value(&self) -> f64 {
        f64::from_bits(self.value.load(Ordering::Acquire))
    }

    /// Keeps `plan` (which follows the rules of the instance both searches
    /// solve) when its `value` is above the best so far.
    pub fn publish(&self, value: f64, plan: &[u32]) {
        if value <= self.value() {
            return;
        }
        // A poisoned lock (the other search panicked) still holds a whole
        // plan: it is only written under the lock, with its value.
        let mut best = self.plan.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if value > self.value() {
            best.clear();
            best.extend_from_slice(plan);
            self.value.store(value.to_bits(), Ordering::Release);
        }
    }

    /// The best plan and its value, when that value is above `than`.
    pub fn better_than(&self, than: f64) -> Option<(f64, Vec<u32>)> {
        if self.value() <= than {
            return None;
        }
        let best = self.plan.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let value = self.value();
        (value > than).then(|| (value, best.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_best_published_plan() {
        let shared = Incumbent::new();
        assert_eq!(shared.value(), f64::NEG_INFINITY);
        assert_eq!(shared.better_than(f64::NEG_INFINITY), None);
        shared.publish(5.0, &[1, 2]);
        shared.publish(4.0, &[3, 4]);
        assert_eq!(shared.value(), 5.0);
        assert_eq!(shared.better_than(4.5), Some((5.0, vec![1, 2])));
        assert_eq!(shared.better_than(5.0), None);
        shared.publish(6.0, &[7]);
        assert_eq!(shared.better_than(5.0), Some((6.0, vec![7])));
    }

    #[test]
    fn two_threads_end_with_the_better_plan() {
        let shared = Incumbent::new();
        std::thread::scope(|scope| {
            scope.spawn(|| (0..1000).for_each(|v| shared.publish(f64::from(2 * v), &[2 * v as u32])));
            scope.spawn(|| (0..1000).for_each(|v| shared.publish(f64::from(2 * v + 1), &[2 * v as u32 + 1])));
        });
        assert_eq!(shared.better_than(0.0), Some((1999.0, vec![1999])));
    }
}
