//! Demand merged into a coarser grid: which squares hold something, in
//! (column, row) order, and the square of each item. Shared by `map.svg`
//! and `report.html`, which merge a million points at a time.

use std::collections::BTreeMap;

/// The occupied squares of a grid and the square of each item.
pub(crate) struct Bins {
    /// The occupied squares' (column, row), increasing.
    pub(crate) keys: Vec<(i64, i64)>,
    /// Per item, its square's number in `keys`.
    pub(crate) of: Vec<usize>,
}

impl Bins {
    /// The squares of items at these (column, row) keys, or `None` when
    /// more than `cap` squares are occupied. A dense array over the keys'
    /// range when it is not much larger than the items (no tree, no
    /// hashing); a sorted map otherwise (sparse, far-flung demand).
    pub(crate) fn new(keys: &[(i64, i64)], cap: usize) -> Option<Self> {
        let first = *keys.first()?;
        let (mut lo, mut hi) = (first, first);
        for &(i, j) in keys {
            lo = (lo.0.min(i), lo.1.min(j));
            hi = (hi.0.max(i), hi.1.max(j));
        }
        let columns = u128::try_from(hi.0 - lo.0).ok()? + 1;
        let rows = u128::try_from(hi.1 - lo.1).ok()? + 1;
        let limit = (8 * keys.len()).max(1 << 16) as u128;
        if columns * rows > limit {
            return Self::sparse(keys, cap);
        }
        let rows = rows as usize;
        let index = |(i, j): (i64, i64)| (i - lo.0) as usize * rows + (j - lo.1) as usize;
        let mut slot = vec![u32::MAX; columns as usize * rows];
        let mut count = 0usize;
        for &key in keys {
            let s = &mut slot[index(key)];
            if *s == u32::MAX {
                *s = 0;
                count += 1;
                if count > cap {
                    return None;
                }
            }
        }
        let mut numbered = Vec::with_capacity(count);
        for (n, s) in slot.iter_mut().enumerate() {
            if *s != u32::MAX {
                *s = numbered.len() as u32;
                numbered.push((lo.0 + (n / rows) as i64, lo.1 + (n % rows) as i64));
            }
        }
        let of = keys.iter().map(|&key| slot[index(key)] as usize).collect();
        Some(Self { keys: numbered, of })
    }

    fn sparse(keys: &[(i64, i64)], cap: usize) -> Option<Self> {
        let mut bins: BTreeMap<(i64, i64), usize> = BTreeMap::new();
        for &key in keys {
            bins.insert(key, 0);
            if bins.len() > cap {
                return None;
            }
        }
        for (n, slot) in bins.values_mut().enumerate() {
            *slot = n;
        }
        let of = keys.iter().map(|key| bins[key]).collect();
        Some(Self {
            keys: bins.into_keys().collect(),
            of,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_agree() {
        let near: Vec<(i64, i64)> = (0..5000)
            .map(|k| ((k * 7919) % 61 - 30, (k * 104_729) % 53))
            .collect();
        let mut far = near.clone();
        far.push((1 << 40, -(1 << 40)));
        for keys in [&near, &far] {
            let bins = Bins::new(keys, usize::MAX).unwrap_or_else(|| unreachable!());
            let sparse = Bins::sparse(keys, usize::MAX).unwrap_or_else(|| unreachable!());
            assert_eq!(bins.keys, sparse.keys);
            assert_eq!(bins.of, sparse.of);
            assert!(bins.keys.windows(2).all(|w| w[0] < w[1]));
            for (key, &bin) in keys.iter().zip(&bins.of) {
                assert_eq!(bins.keys[bin], *key);
            }
        }
        let count = Bins::new(&near, usize::MAX).map_or(0, |b| b.keys.len());
        assert!(Bins::new(&near, count - 1).is_none());
        assert!(Bins::new(&far, count).is_none());
        assert!(Bins::new(&near, count).is_some());
    }
}
