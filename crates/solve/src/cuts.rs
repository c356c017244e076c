//! Cutting planes for maximum coverage's compact model.
//!
//! The compact model of maximum coverage has a variable `y_j ∈ {0, 1}` per
//! option and `z_i ∈ [0, 1]` per demand group:
//!
//! ```text
//! max Σ w_i z_i   subject to   z_i ≤ Σ_{j covers i} y_j,   Σ y_j = p.
//! ```
//!
//! Its LP relaxation can exceed the optimum where half-chosen options
//! cover each other's shared demand: three options, each covering the
//! groups it shares with the other two, at `y = ½` each cover all three
//! shared groups with one and a half options, while any whole choice
//! covers at most two of them with one option. The *odd-cycle
//! inequalities* cut such points off. For an odd number `k` of distinct
//! groups `i_1 … i_k` whose options form a cycle (group `i_t` covered by
//! options `j_t` and `j_{t+1}`, `j_{k+1} = j_1`),
//!
//! ```text
//! Σ_t z_{i_t} − Σ_j ⌈c_j / 2⌉ y_j ≤ (k − 1) / 2,
//! ```
//!
//! where `c_j` counts the groups of the cycle that option `j` covers. It
//! is a {0, ½}-Chvátal–Gomory cut: the sum of the `k` coverage rows and
//! the `k` bounds `z_{i_t} ≤ 1`, the bounds `−y_j ≤ 0` of the options
//! counted an odd number of times, halved and rounded down. The rounding
//! is sound although `z` is continuous: for whole `y` the largest `z`
//! the rows allow, `min(1, Σ y_j)`, is whole, so the left side is a whole
//! number at every plan. It holds for any odd set of distinct groups,
//! cycle or not, and whatever `p`.
//!
//! [`odd_cycle_cuts`] finds violated ones at a fractional point by
//! shortest paths in the doubled graph of options (Grötschel, Lovász and
//! Schrijver's odd-cycle separation), with an edge for each pair of
//! options that share a group and a length equal to what that group
//! gives up of the cut's violation. On the medium synthetic city, rounds
//! of them bring the LP bound from 11,196.9 to about 11,192 (the optimum
//! is 11,186; BENCHMARKS.md, "Hard cases").

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use crate::{Error, Instance};

/// The options of a group considered for its edges: the ones with the
/// largest values at the point (pairs among them).
const OPTIONS_PER_GROUP: usize = 6;
/// Values at or below this count as zero.
const ZERO: f64 = 1e-9;

/// An odd-cycle inequality `Σ z_g − Σ a_j y_j ≤ rhs` over the compact
/// model's variables: `z_g` of each of [`groups`](Self::groups)
/// (coefficient 1), `y_j` of each of [`options`](Self::options) with its
/// coefficient `a_j`.
///
/// # Examples
///
/// ```
/// use sightline_solve::cuts::odd_cycle_cuts;
/// use sightline_solve::{CoverageMatrix, Instance};
///
/// // Three options; groups 0, 1 and 2 are each shared by two of them.
/// let matrix = CoverageMatrix::from_rows(3, [vec![0, 2], vec![0, 1], vec![1, 2]])?;
/// let instance = Instance::new(matrix, vec![1.0; 3])?;
/// // Half of each option covers every group in the LP relaxation.
/// let cuts = odd_cycle_cuts(&instance, &[0.5; 3], &[1.0; 3], 1e-6)?;
/// assert_eq!(cuts.len(), 1);
/// let cut = &cuts[0];
/// assert_eq!(cut.groups(), &[0, 1, 2]);
/// assert_eq!(cut.options(), &[(0, 1), (1, 1), (2, 1)]);
/// assert_eq!(cut.rhs(), 1);
/// // z0 + z1 + z2 − y0 − y1 − y2 ≤ 1 is violated by ½ there.
/// assert_eq!(cut.violation(&[0.5; 3], &[1.0; 3]), 0.5);
/// // Any whole choice keeps it.
/// assert!(cut.violation(&[1.0, 0.0, 0.0], &[1.0, 0.0, 1.0]) <= 0.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OddCycleCut {
    groups: Vec<u32>,
    options: Vec<(u32, u32)>,
    rhs: u32,
}

impl OddCycleCut {
    /// The demand groups whose `z` the cut counts, ascending (an odd
    /// number of them).
    pub fn groups(&self) -> &[u32] {
        &self.groups
    }

    /// The options with their coefficients `a_j ≥ 1`, ascending by option.
    pub fn options(&self) -> &[(u32, u32)] {
        &self.options
    }

    /// The right-hand side, `(k − 1) / 2` for `k` groups.
    pub fn rhs(&self) -> u32 {
        self.rhs
    }

    /// `Σ z_g − Σ a_j y_j − rhs` at a point (`y` per option, `z` per
    /// group): positive when the point violates the cut.
    ///
    /// # Panics
    ///
    /// If `y` or `z` is shorter than an index in the cut.
    pub fn violation(&self, y: &[f64], z: &[f64]) -> f64 {
        let groups: f64 = self.groups.iter().map(|&g| z[g as usize]).sum();
        let options: f64 = self
            .options
            .iter()
            .map(|&(j, a)| f64::from(a) * y[j as usize])
            .sum();
        groups - options - f64::from(self.rhs)
    }
}

/// An edge of the options' graph: the group that links two options and
/// how much of the violation it costs.
#[derive(Debug, Clone, Copy)]
struct Edge {
    to: u32,
    cost: f64,
    group: u32,
}

/// A vertex of the doubled graph on the Dijkstra queue: smallest distance
/// first, then the smallest vertex (deterministic order).
struct Queued {
    distance: f64,
    vertex: usize,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .distance
            .total_cmp(&self.distance)
            .then_with(|| other.vertex.cmp(&self.vertex))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Odd-cycle inequalities violated by more than `min_violation` at the
/// point `y` (one value per option) and `z` (one per demand group) of the
/// compact model's LP relaxation, each at most once, ordered by their
/// groups. A heuristic, as separators are: it looks at the pairs among
/// each group's six options of largest value, one shortest odd cycle per
/// option, and leaves out closed walks that repeat an option or a group,
/// so a violated inequality may be missed; every one returned is valid and
/// violated. The point need not be feasible; the cuts hold for every plan
/// whatever it is.
///
/// # Errors
///
/// - [`Error::LengthMismatch`] if `y` does not have one value per option
///   or `z` one per demand group.
/// - [`Error::BadPointValue`] if a value of `y` or `z`, or
///   `min_violation`, is NaN or infinite.
pub fn odd_cycle_cuts(
    instance: &Instance,
    y: &[f64],
    z: &[f64],
    min_violation: f64,
) -> Result<Vec<OddCycleCut>, Error> {
    let rows = instance.matrix();
    let checked: [(&'static str, &[f64]); 3] = [
        ("option values", y),
        ("demand group values", z),
        ("min_violation", std::slice::from_ref(&min_violation)),
    ];
    for (what, values) in checked {
        if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::BadPointValue { what, index, value });
        }
    }
    if y.len() != rows.n_options() {
        return Err(Error::LengthMismatch {
            what: "option values",
            expected: rows.n_options(),
            got: y.len(),
        });
    }
    if z.len() != rows.n_demand() {
        return Err(Error::LengthMismatch {
            what: "demand group values",
            expected: rows.n_demand(),
            got: z.len(),
        });
    }
    let columns = instance.columns();
    let graph = options_graph(columns, y, z);
    let n = rows.n_options();
    let mut found: BTreeMap<Vec<u32>, OddCycleCut> = BTreeMap::new();
    // Distances and predecessors in the doubled graph (vertex 2j: option j
    // reached by an even number of edges, 2j + 1: odd), reset after each
    // search through the list of the vertices it touched.
    let mut distance = vec![f64::INFINITY; 2 * n];
    let mut previous: Vec<Option<(usize, u32)>> = vec![None; 2 * n];
    let mut touched: Vec<usize> = Vec::new();
    let limit = 1.0 - ZERO;
    for start in 0..n {
        if graph[start].is_empty() {
            continue;
        }
        let source = 2 * start;
        let target = source + 1;
        distance[source] = 0.0;
        touched.push(source);
        let mut queue = BinaryHeap::from([Queued {
            distance: 0.0,
            vertex: source,
        }]);
        while let Some(Queued { distance: d, vertex }) = queue.pop() {
            if d > distance[vertex] {
                continue;
            }
            if vertex == target {
                break;
            }
            let parity = vertex & 1;
            for edge in &graph[vertex / 2] {
                let next = 2 * edge.to as usize + (1 - parity);
                let through = d + edge.cost;
                if through < distance[next].min(limit) {
                    if distance[next].is_infinite() {
                        touched.push(next);
                    }
                    distance[next] = through;
                    previous[next] = Some((vertex, edge.group));
                    queue.push(Queued {
                        distance: through,
                        vertex: next,
                    });
                }
            }
        }
        if distance[target] < limit
            && let Some(cycle) = walk_back(&previous, source, target)
            && let Some(cut) = odd_cycle_cut(instance, &cycle)
            && cut.violation(y, z) > min_violation
        {
            found.entry(cut.groups.clone()).or_insert(cut);
        }
        for &v in &touched {
            distance[v] = f64::INFINITY;
            previous[v] = None;
        }
        touched.clear();
    }
    Ok(found.into_values().collect())
}

/// The groups of the closed walk from `source` to `target` (the same
/// option, reached with odd parity), if it visits each option and each
/// group once (a shortest odd closed walk that does not is left out).
fn walk_back(previous: &[Option<(usize, u32)>], source: usize, target: usize) -> Option<Vec<u32>> {
    let mut groups = Vec::new();
    let mut options = Vec::new();
    let mut vertex = target;
    while vertex != source {
        let (before, group) = previous[vertex]?;
        groups.push(group);
        options.push(vertex / 2);
        vertex = before;
        if groups.len() > previous.len() {
            return None;
        }
    }
    options.sort_unstable();
    options.dedup();
    let k = groups.len();
    groups.sort_unstable();
    groups.dedup();
    (options.len() == k && groups.len() == k && k % 2 == 1).then_some(groups)
}

/// The odd-cycle inequality of an odd set of groups (ascending): every
/// option covering `c` of them gets `⌈c / 2⌉`.
fn odd_cycle_cut(instance: &Instance, groups: &[u32]) -> Option<OddCycleCut> {
    let columns = instance.columns();
    let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
    for &g in groups {
        for &j in columns.row(g as usize) {
            *counts.entry(j).or_default() += 1;
        }
    }
    let k = u32::try_from(groups.len()).ok()?;
    Some(OddCycleCut {
        groups: groups.to_vec(),
        options: counts.into_iter().map(|(j, c)| (j, c.div_ceil(2))).collect(),
        rhs: (k - 1) / 2,
    })
}

/// The options' graph at a point: for each pair of options with value
/// that share a group with value, the cheapest such group as an edge. Its
/// cost is what the group takes from the violation: its row's slack
/// `y(N(g)) − z_g`, its bound's slack `1 − z_g`, and the values of its
/// other options (an upper bound on what they cost once counted with the
/// rest of the cycle).
fn options_graph(columns: &crate::CoverageMatrix, y: &[f64], z: &[f64]) -> Vec<Vec<Edge>> {
    let mut cheapest: BTreeMap<(u32, u32), (f64, u32)> = BTreeMap::new();
    let mut options: Vec<u32> = Vec::new();
    for (g, covering) in columns.rows().enumerate() {
        let zg = z[g];
        if zg <= ZERO {
            continue;
        }
        let sum: f64 = covering.iter().map(|&j| y[j as usize]).sum();
        let fixed = (sum - zg).max(0.0) + (1.0 - zg).max(0.0);
        if fixed >= 1.0 - ZERO {
            continue;
        }
        options.clear();
        options.extend(covering.iter().copied().filter(|&j| y[j as usize] > ZERO));
        if options.len() < 2 {
            continue;
        }
        options.sort_by(|&a, &b| y[b as usize].total_cmp(&y[a as usize]).then(a.cmp(&b)));
        options.truncate(OPTIONS_PER_GROUP);
        for (u, &a) in options.iter().enumerate() {
            for &b in &options[u + 1..] {
                let cost = (fixed + sum - y[a as usize] - y[b as usize]).max(0.0);
                if cost >= 1.0 - ZERO {
                    continue;
                }
                let key = (a.min(b), a.max(b));
                let entry = cheapest.entry(key).or_insert((cost, g as u32));
                if cost < entry.0 {
                    *entry = (cost, g as u32);
                }
            }
        }
    }
    let mut graph = vec![Vec::new(); y.len()];
    for ((a, b), (cost, group)) in cheapest {
        graph[a as usize].push(Edge { to: b, cost, group });
        graph[b as usize].push(Edge { to: a, cost, group });
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoverageMatrix;
    use crate::test_instances::{Lcg, random_instance};

    /// Each group's `z` as large as its row allows at `y`: `min(1, y(N(g)))`.
    fn largest_z(instance: &Instance, y: &[f64]) -> Vec<f64> {
        instance
            .columns()
            .rows()
            .map(|covering| covering.iter().map(|&j| y[j as usize]).sum::<f64>().min(1.0))
            .collect()
    }

    /// Every cut holds at every choice of options (each group covered as
    /// far as the choice allows).
    fn holds_for_every_plan(instance: &Instance, cut: &OddCycleCut) -> bool {
        let n = instance.n_options();
        (0u32..1 << n).all(|mask| {
            let y: Vec<f64> = (0..n).map(|j| f64::from((mask >> j) & 1)).collect();
            cut.violation(&y, &largest_z(instance, &y)) <= 1e-9
        })
    }

    #[test]
    fn cuts_are_valid_and_violated_on_random_instances() {
        let mut rng = Lcg::new(19);
        let mut total = 0;
        for _ in 0..3000 {
            let instance = random_instance(&mut rng, 9, 12, 6, |_| 1.0);
            let n = instance.n_options();
            // A fractional point like the LP relaxation's (halves and
            // thirds), z as large as the rows allow.
            let y: Vec<f64> = (0..n)
                .map(|_| [0.0, 0.5, 0.5, 1.0 / 3.0, 2.0 / 3.0][rng.below(5) as usize])
                .collect();
            let z = largest_z(&instance, &y);
            let cuts = odd_cycle_cuts(&instance, &y, &z, 1e-6).unwrap();
            for cut in &cuts {
                assert!(cut.violation(&y, &z) > 1e-6);
                assert_eq!(cut.groups().len() % 2, 1);
                assert_eq!(cut.rhs() as usize, (cut.groups().len() - 1) / 2);
                assert!(holds_for_every_plan(&instance, cut), "{cut:?}");
            }
            total += cuts.len();
        }
        assert!(total >= 20, "only {total} cuts found in 3,000 instances");
    }

    #[test]
    fn a_five_cycle_is_found() {
        // Options 0..5 in a ring, group t shared by options t and t + 1.
        let rows: Vec<Vec<u32>> = (0..5u32).map(|j| vec![j, (j + 4) % 5]).collect();
        let instance = Instance::new(CoverageMatrix::from_rows(5, rows).unwrap(), vec![1.0; 5]).unwrap();
        let cuts = odd_cycle_cuts(&instance, &[0.5; 5], &[1.0; 5], 1e-6).unwrap();
        assert_eq!(cuts.len(), 1);
        assert_eq!(cuts[0].groups(), &[0, 1, 2, 3, 4]);
        assert_eq!(cuts[0].rhs(), 2);
        assert!((cuts[0].violation(&[0.5; 5], &[1.0; 5]) - 0.5).abs() < 1e-12);
        // An even ring has no odd cycle: its half point is a mix of plans.
        let rows: Vec<Vec<u32>> = (0..4u32).map(|j| vec![j, (j + 3) % 4]).collect();
        let instance = Instance::new(CoverageMatrix::from_rows(4, rows).unwrap(), vec![1.0; 4]).unwrap();
        assert!(
            odd_cycle_cuts(&instance, &[0.5; 4], &[1.0; 4], 1e-6)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_whole_choice_is_never_cut() {
        let mut rng = Lcg::new(7);
        for _ in 0..200 {
            let instance = random_instance(&mut rng, 10, 14, 3, |_| 1.0);
            let y: Vec<f64> = (0..instance.n_options()).map(|_| rng.below(2) as f64).collect();
            let z = largest_z(&instance, &y);
            assert!(odd_cycle_cuts(&instance, &y, &z, 1e-9).unwrap().is_empty());
        }
    }

    #[test]
    fn an_infeasible_point_gives_valid_cuts_and_nan_is_refused() {
        let matrix = CoverageMatrix::from_rows(3, [vec![0, 2], vec![0, 1], vec![1, 2]]).unwrap();
        let instance = Instance::new(matrix, vec![1.0; 3]).unwrap();
        // z above what the rows allow, and y summing to more than any p.
        let (y, z) = ([0.9, 0.9, 0.9], [1.0, 1.0, 1.0]);
        for cut in odd_cycle_cuts(&instance, &y, &z, 0.0).unwrap() {
            assert!(holds_for_every_plan(&instance, &cut));
        }
        let (y, z) = ([0.3, 0.3, 0.3], [1.0, 1.0, 1.0]);
        let cuts = odd_cycle_cuts(&instance, &y, &z, 0.0).unwrap();
        assert_eq!(cuts.len(), 1);
        assert!(holds_for_every_plan(&instance, &cuts[0]));
        assert!(matches!(
            odd_cycle_cuts(&instance, &[0.5, f64::NAN, 0.5], &z, 0.0),
            Err(Error::BadPointValue { index: 1, .. })
        ));
        assert!(matches!(
            odd_cycle_cuts(&instance, &[0.5; 3], &[1.0, 1.0, f64::INFINITY], 0.0),
            Err(Error::BadPointValue { index: 2, .. })
        ));
        assert!(matches!(
            odd_cycle_cuts(&instance, &[0.5; 3], &z, f64::NAN),
            Err(Error::BadPointValue { .. })
        ));
    }

    #[test]
    fn lengths_are_checked() {
        let instance = Instance::new(
            CoverageMatrix::from_rows(2, [vec![0], vec![1]]).unwrap(),
            vec![1.0; 2],
        )
        .unwrap();
        assert!(matches!(
            odd_cycle_cuts(&instance, &[0.5], &[0.5, 0.5], 0.0),
            Err(Error::LengthMismatch { .. })
        ));
        assert!(matches!(
            odd_cycle_cuts(&instance, &[0.5, 0.5], &[0.5], 0.0),
            Err(Error::LengthMismatch { .. })
        ));
    }
}
