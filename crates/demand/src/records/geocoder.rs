//! Addresses located against reference tables of addressed points.

use geo_types::Coord;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::address::{PlaceKey, Reading, read};

/// How far apart (metres) the reference points an address matches may lie
/// for the address to be located at their centre: the largest distance
/// between any two of them. Farther apart, the address is
/// [`Located::Ambiguous`].
pub const MAX_SPREAD_M: f64 = 50.0;

/// Where an address was located, or why it was not.
///
/// # Examples
///
/// ```
/// use sightline_demand::records::{Geocoder, Located};
/// use geo_types::coord;
///
/// let geocoder = Geocoder::new([("주교동 581".to_owned(), coord! { x: 10.0, y: 20.0 })]);
/// assert_eq!(geocoder.locate("주교동 9"), Located::NoMatch);
/// assert_eq!(geocoder.locate(""), Located::NoAddress);
/// assert_eq!(Located::NoMatch.reason(), Some("no match"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Located {
    /// At the centre of the matched reference points, which lie within
    /// [`MAX_SPREAD_M`] of each other.
    At {
        /// The centre (mean) of the matched reference points, in the
        /// references' plane metres.
        point: Coord<f64>,
        /// How many reference points matched.
        references: usize,
    },
    /// The address is empty or blank.
    NoAddress,
    /// The address cannot be read as a Korean road or lot address with a
    /// number (no number, a range of numbers, only a building name).
    Unreadable,
    /// No reference has this address (in the districts written).
    NoMatch,
    /// The references with this address lie farther apart than
    /// [`MAX_SPREAD_M`]: no single place can be chosen.
    Ambiguous {
        /// The largest distance between two matched references (metres).
        spread_m: f64,
    },
}

impl Located {
    /// The point located, if any.
    pub fn point(&self) -> Option<Coord<f64>> {
        match self {
            Self::At { point, .. } => Some(*point),
            _ => None,
        }
    }

    /// Why the address was not located, in words for a report (`no
    /// address`, `unreadable`, `no match`, `ambiguous`); `None` when it was.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Self::At { .. } => None,
            Self::NoAddress => Some("no address"),
            Self::Unreadable => Some("unreadable"),
            Self::NoMatch => Some("no match"),
            Self::Ambiguous { .. } => Some("ambiguous"),
        }
    }
}

/// District names of a reference, interned: 0 is "not written".
type DistrictIds = [u32; 4];

/// A district named by a record but by no reference: matches only
/// references that do not name that level.
const UNKNOWN_DISTRICT: u32 = u32::MAX;

/// Locates Korean addresses against reference points that carry
/// addresses (security lights, CCTV, building entrances).
///
/// An address is read into a key (road name and building number, or
/// dong/ri/ga, mountain flag and lot number) plus the districts written
/// before it (province, city or county, gu, eup or myeon). It matches the
/// references with the same key whose districts agree with it: a level
/// written on both sides must be the same, a level missing on either side
/// matches any (a record naming 덕양구 matches references in 덕양구 or
/// naming no gu; a record naming none matches all gus). Numbers match
/// exactly: a record without a sub number matches only references without
/// one (a parcel `581` and its split-offs `581-3` can lie hundreds of
/// metres apart). The matched references must lie within
/// [`MAX_SPREAD_M`] of each other (largest pairwise distance); the record
/// then goes to their mean, else it is [`Located::Ambiguous`]. Never a
/// silent wrong location.
///
/// Reading tolerates the ways one address is written: with or without
/// province and city (`경기도`/`경기`, `고양시`, `덕양구`), spaces anywhere
/// between units (`중앙로123번길 12` = `중앙로 123 번길 12`, `토당동101-17`),
/// `번지`/`호` (`12번지 3호` = `12-3`), `산` lots (`산 12-3` ≠ `12-3`), the
/// land-use letter after a lot number (`1035전`), full-width characters,
/// and notes in brackets or after the number (`(주교동)`, `앞`, `인근`,
/// `일대`, a building name, a floor), districts glued together or the
/// whole address without spaces (`고양시덕양구 …`,
/// `경기도고양시덕양구주교동123-4`, split only where one split fits), and
/// `특례시` for `시` (`고양특례시`). The number must follow the dong/ri/ga
/// or road name directly: a number that counts something else (`6단지`,
/// `1층`, `101동`, `3번 출구`) or comes after another word (`화정동
/// 은빛마을 6단지`) is not an address number, and the address is
/// [`Located::Unreadable`]. A reference row that gives its point in both
/// the road and the lot form is passed as two entries with the same point.
///
/// # Units
///
/// Reference coordinates are plane metres (a projected system).
///
/// # Examples
///
/// ```
/// use sightline_demand::records::{Geocoder, Located};
/// use geo_types::coord;
///
/// let geocoder = Geocoder::new([
///     ("경기도 고양시 덕양구 주교동 581".to_owned(), coord! { x: 0.0, y: 0.0 }),
///     ("경기도 고양시 덕양구 마상로102번길 10".to_owned(), coord! { x: 0.0, y: 0.0 }),
///     ("경기도 고양시 덕양구 주교동 581".to_owned(), coord! { x: 30.0, y: 0.0 }),
///     ("경기도 고양시 덕양구 관산동 12".to_owned(), coord! { x: 0.0, y: 0.0 }),
///     ("경기도 고양시 덕양구 관산동 12".to_owned(), coord! { x: 0.0, y: 400.0 }),
/// ]);
/// let at = geocoder.locate("덕양구 주교동 581 (원당초교 옆)");
/// assert_eq!(at, Located::At { point: coord! { x: 15.0, y: 0.0 }, references: 2 });
/// assert_eq!(geocoder.locate("마상로 102번길 10 앞").point(), Some(coord! { x: 0.0, y: 0.0 }));
/// assert_eq!(geocoder.locate("주교동 58"), Located::NoMatch);
/// assert_eq!(geocoder.locate("일산동구 주교동 581"), Located::NoMatch);
/// assert_eq!(geocoder.locate("관산동 12"), Located::Ambiguous { spread_m: 400.0 });
/// assert_eq!(geocoder.locate("경기도고양특례시덕양구주교동581"), at);
/// assert_eq!(geocoder.locate("주교동 은빛마을 581"), Located::Unreadable);
/// assert_eq!(geocoder.locate("관산동 12층"), Located::Unreadable);
/// ```
#[derive(Clone)]
pub struct Geocoder {
    places: FxHashMap<PlaceKey, Vec<u32>>,
    points: Vec<Coord<f64>>,
    districts: Vec<DistrictIds>,
    district_ids: FxHashMap<Box<str>, u32>,
    unreadable: usize,
}

impl std::fmt::Debug for Geocoder {
    // Addresses stay out of logs: only the counts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Geocoder")
            .field("references", &self.points.len())
            .field("places", &self.places.len())
            .field("unreadable", &self.unreadable)
            .finish()
    }
}

impl Geocoder {
    /// A geocoder over reference points with their addresses; references
    /// whose address cannot be read, or whose point is not finite, are
    /// left out and counted ([`Geocoder::unreadable`]).
    pub fn new(references: impl IntoIterator<Item = (String, Coord<f64>)>) -> Self {
        let references: Vec<(String, Coord<f64>)> = references.into_iter().collect();
        let read: Vec<_> = references
            .par_iter()
            .with_min_len(1024)
            .map(|(address, point)| match read(address) {
                Reading::Read(address) if point.x.is_finite() && point.y.is_finite() => {
                    Some((address, *point))
                }
                _ => None,
            })
            .collect();
        let mut geocoder = Self {
            places: FxHashMap::default(),
            points: Vec::with_capacity(read.len()),
            districts: Vec::with_capacity(read.len()),
            district_ids: FxHashMap::default(),
            unreadable: 0,
        };
        for reference in read {
            let Some((address, point)) = reference else {
                geocoder.unreadable += 1;
                continue;
            };
            let mut ids = [0; 4];
            for (id, name) in ids.iter_mut().zip(&address.districts.levels) {
                if let Some(name) = name {
                    *id = match geocoder.district_ids.get(name.as_ref()) {
                        Some(&id) => id,
                        None => {
                            let id = geocoder.district_ids.len() as u32 + 1;
                            geocoder.district_ids.insert(name.as_ref().into(), id);
                            id
                        }
                    };
                }
            }
            let index = geocoder.points.len() as u32;
            geocoder.points.push(point);
            geocoder.districts.push(ids);
            geocoder.places.entry(address.place).or_default().push(index);
        }
        geocoder
    }

    /// How many references were kept.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether no reference was kept.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// How many references were left out: address unreadable or point not
    /// finite.
    pub fn unreadable(&self) -> usize {
        self.unreadable
    }

    /// Locates one address (see [`Geocoder`] for the rules).
    pub fn locate(&self, address: &str) -> Located {
        let address = match read(address) {
            Reading::Blank => return Located::NoAddress,
            Reading::Unreadable => return Located::Unreadable,
            Reading::Read(address) => address,
        };
        let Some(candidates) = self.places.get(&address.place) else {
            return Located::NoMatch;
        };
        let mut wanted = [0; 4];
        for (id, name) in wanted.iter_mut().zip(&address.districts.levels) {
            if let Some(name) = name {
                *id = self
                    .district_ids
                    .get(name.as_ref())
                    .copied()
                    .unwrap_or(UNKNOWN_DISTRICT);
            }
        }
        let agrees = |ids: &DistrictIds| ids.iter().zip(&wanted).all(|(&a, &b)| a == 0 || b == 0 || a == b);
        let points: Vec<Coord<f64>> = candidates
            .iter()
            .filter(|&&i| agrees(&self.districts[i as usize]))
            .map(|&i| self.points[i as usize])
            .collect();
        if points.is_empty() {
            return Located::NoMatch;
        }
        let spread_m = diameter(&points);
        if spread_m > MAX_SPREAD_M {
            return Located::Ambiguous { spread_m };
        }
        let n = points.len() as f64;
        let (sx, sy) = points.iter().fold((0.0, 0.0), |(sx, sy), p| (sx + p.x, sy + p.y));
        Located::At {
            point: Coord { x: sx / n, y: sy / n },
            references: points.len(),
        }
    }

    /// [`Geocoder::locate`] for many addresses, in parallel; the result is
    /// in the order of `addresses`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_demand::records::{Geocoder, Located};
    /// use geo_types::coord;
    ///
    /// let geocoder = Geocoder::new([("고양시 중앙로 12".to_owned(), coord! { x: 5.0, y: 5.0 })]);
    /// let found = geocoder.locate_all(&["중앙로 12 앞", "중앙로 120"]);
    /// assert_eq!(found[0].point(), Some(coord! { x: 5.0, y: 5.0 }));
    /// assert_eq!(found[1], Located::NoMatch);
    /// ```
    pub fn locate_all<S: AsRef<str> + Sync>(&self, addresses: &[S]) -> Vec<Located> {
        addresses
            .par_iter()
            .with_min_len(256)
            .map(|a| self.locate(a.as_ref()))
            .collect()
    }
}

/// The largest distance between two points (metres).
fn diameter(points: &[Coord<f64>]) -> f64 {
    let brute = |points: &[Coord<f64>]| {
        let mut max_2 = 0.0f64;
        for (i, a) in points.iter().enumerate() {
            for b in &points[i + 1..] {
                max_2 = max_2.max((a.x - b.x).powi(2) + (a.y - b.y).powi(2));
            }
        }
        max_2.sqrt()
    };
    if points.len() <= 32 {
        return brute(points);
    }
    // The farthest pair lies on the convex hull.
    brute(&convex_hull(points))
}

/// Andrew's monotone chain: the hull's corners.
fn convex_hull(points: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    sorted.dedup();
    if sorted.len() < 3 {
        return sorted;
    }
    let cross =
        |o: Coord<f64>, a: Coord<f64>, b: Coord<f64>| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let mut hull: Vec<Coord<f64>> = Vec::with_capacity(2 * sorted.len());
    for pass in [&sorted[..], &sorted.iter().rev().copied().collect::<Vec<_>>()[..]] {
        let start = hull.len();
        for &p in pass {
            while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    fn geocoder(rows: &[(&str, f64, f64)]) -> Geocoder {
        Geocoder::new(
            rows.iter()
                .map(|&(a, x, y)| (a.to_owned(), coord! { x: x, y: y })),
        )
    }

    #[test]
    fn districts_restrict_when_written() {
        let g = geocoder(&[
            ("경기도 고양시 덕양구 신원동 12", 0.0, 0.0),
            ("경기도 고양시 일산동구 신원동 12", 5000.0, 0.0),
            ("파주시 동패동 3", 9000.0, 0.0),
        ]);
        assert_eq!(
            g.locate("덕양구 신원동 12").point(),
            Some(coord! { x: 0.0, y: 0.0 })
        );
        assert_eq!(
            g.locate("고양시 일산동구 신원동 12").point(),
            Some(coord! { x: 5000.0, y: 0.0 })
        );
        assert_eq!(g.locate("신원동 12"), Located::Ambiguous { spread_m: 5000.0 });
        assert_eq!(
            g.locate("고양시 신원동 12"),
            Located::Ambiguous { spread_m: 5000.0 }
        );
        assert_eq!(g.locate("일산서구 신원동 12"), Located::NoMatch);
        assert_eq!(
            g.locate("경기 파주시 동패동 3").point(),
            Some(coord! { x: 9000.0, y: 0.0 })
        );
        assert_eq!(g.locate("고양시 동패동 3"), Located::NoMatch);
        assert_eq!(g.len(), 3);
    }

    #[test]
    fn numbers_never_loosen() {
        let g = geocoder(&[
            ("중앙로 120", 0.0, 0.0),
            ("중앙로 12-1", 10.0, 0.0),
            ("관산동 산 12", 0.0, 0.0),
        ]);
        assert_eq!(g.locate("중앙로 12"), Located::NoMatch);
        assert_eq!(g.locate("중앙로 1"), Located::NoMatch);
        assert_eq!(g.locate("관산동 12"), Located::NoMatch);
        assert_eq!(g.locate("관산동산12").point(), Some(coord! { x: 0.0, y: 0.0 }));
        assert_eq!(
            g.locate("중앙로12-1 2층").point(),
            Some(coord! { x: 10.0, y: 0.0 })
        );
    }

    #[test]
    fn spread_is_the_largest_pairwise_distance() {
        // Every point is within 50 m of the centre, but two are 60 m apart.
        let g = geocoder(&[
            ("주교동 1", -30.0, 0.0),
            ("주교동 1", 30.0, 0.0),
            ("주교동 1", 0.0, 1.0),
        ]);
        assert_eq!(g.locate("주교동 1"), Located::Ambiguous { spread_m: 60.0 });
        let g = geocoder(&[("주교동 1", -25.0, 0.0), ("주교동 1", 25.0, 0.0)]);
        assert_eq!(
            g.locate("주교동 1"),
            Located::At {
                point: coord! { x: 0.0, y: 0.0 },
                references: 2
            }
        );
    }

    #[test]
    fn unreadable_references_are_counted() {
        let g = geocoder(&[
            ("신덕로2번길", 0.0, 0.0),
            ("주교동 1", f64::NAN, 0.0),
            ("주교동 2", 0.0, 0.0),
        ]);
        assert_eq!((g.len(), g.unreadable()), (1, 2));
        assert_eq!(g.locate("주교동"), Located::Unreadable);
        assert!(!format!("{g:?}").contains("주교동"));
    }

    #[test]
    fn diameter_of_many_points_matches_brute_force() {
        let points: Vec<Coord<f64>> = (0..200)
            .map(|i| {
                let t = i as f64 * 0.731;
                coord! { x: (t * 3.1).sin() * 40.0 + t.cos() * 3.0, y: (t * 1.7).cos() * 25.0 }
            })
            .collect();
        let mut brute = 0.0f64;
        for a in &points {
            for b in &points {
                brute = brute.max(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt());
            }
        }
        assert!((diameter(&points) - brute).abs() < 1e-9);
    }
}
