//! Camera types: range, field of view, headings, quality decay, cost.

use geo_types::Coord;

use crate::Error;

/// How image quality falls with distance, from 1 at the camera to 0 at the
/// range (a point at quality 0 is not seen).
///
/// # Examples
///
/// ```
/// use sightline_coverage::Decay;
///
/// assert_eq!(Decay::Step.quality(49.0, 50.0), 1.0);
/// assert_eq!(Decay::Step.quality(51.0, 50.0), 0.0);
/// // Full quality to 20 m, then a straight fall to 0 at the range.
/// let linear = Decay::Linear { full_m: 20.0 };
/// assert_eq!(linear.quality(10.0, 50.0), 1.0);
/// assert_eq!(linear.quality(35.0, 50.0), 0.5);
/// // Half quality at 30 m, an S-curve 5 m wide.
/// let logistic = Decay::Logistic { midpoint_m: 30.0, width_m: 5.0 };
/// assert!((logistic.quality(30.0, 50.0) - 0.5).abs() < 0.01);
/// assert_eq!(logistic.quality(0.0, 50.0), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decay {
    /// Quality 1 up to the range (inclusive), 0 beyond: the disc model.
    Step,
    /// Quality 1 up to `full_m`, then falling linearly to 0 at the range.
    Linear {
        /// Distance in metres up to which quality is 1.
        full_m: f64,
    },
    /// `q(d) = s(d) / s(0)` with `s(d) = 1 / (1 + exp((d − midpoint) /
    /// width))`, and 0 beyond the range: about one half at the midpoint,
    /// 1 at the camera.
    Logistic {
        /// Distance in metres where quality is about one half.
        midpoint_m: f64,
        /// How gradual the fall is, in metres (larger: smoother).
        width_m: f64,
    },
}

impl Decay {
    /// Quality at `distance_m` from a camera of range `range_m`: in
    /// `[0, 1]`, 0 beyond the range.
    pub fn quality(&self, distance_m: f64, range_m: f64) -> f64 {
        if distance_m > range_m {
            return 0.0;
        }
        match *self {
            Decay::Step => 1.0,
            Decay::Linear { full_m } => {
                if distance_m <= full_m {
                    1.0
                } else {
                    ((range_m - distance_m) / (range_m - full_m)).clamp(0.0, 1.0)
                }
            }
            Decay::Logistic { midpoint_m, width_m } => {
                let s = |d: f64| 1.0 / (1.0 + ((d - midpoint_m) / width_m).exp());
                (s(distance_m) / s(0.0)).clamp(0.0, 1.0)
            }
        }
    }

    fn check(&self, range_m: f64) -> Result<(), Error> {
        let bad = |reason: String| Err(Error::BadCamera { reason });
        match *self {
            Decay::Step => Ok(()),
            Decay::Linear { full_m } if !(full_m.is_finite() && full_m >= 0.0 && full_m < range_m) => {
                bad(format!(
                    "linear decay starts at {full_m} m; it must be at least 0 and below the range {range_m} m"
                ))
            }
            Decay::Logistic { midpoint_m, width_m }
                if !(midpoint_m.is_finite() && midpoint_m > 0.0 && width_m.is_finite() && width_m > 0.0) =>
            {
                bad(format!(
                    "logistic decay needs a midpoint and a width greater than 0 m (got {midpoint_m} m, {width_m} m)"
                ))
            }
            _ => Ok(()),
        }
    }
}

impl std::fmt::Display for Decay {
    /// `step`, `linear:FULL_M` or `logistic:MIDPOINT_M:WIDTH_M`, as
    /// [`FromStr`](std::str::FromStr) reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decay::Step => f.write_str("step"),
            Decay::Linear { full_m } => write!(f, "linear:{full_m}"),
            Decay::Logistic { midpoint_m, width_m } => write!(f, "logistic:{midpoint_m}:{width_m}"),
        }
    }
}

impl std::str::FromStr for Decay {
    type Err = String;

    /// Parses `step`, `linear:FULL_M` or `logistic:MIDPOINT_M:WIDTH_M`
    /// (metres). The values are checked against a range by
    /// [`CameraType::decay`].
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::Decay;
    ///
    /// assert_eq!("linear:30".parse::<Decay>(), Ok(Decay::Linear { full_m: 30.0 }));
    /// assert_eq!("logistic:40:5".parse::<Decay>().unwrap().to_string(), "logistic:40:5");
    /// assert!("cubic".parse::<Decay>().unwrap_err().contains("expected step"));
    /// ```
    fn from_str(text: &str) -> Result<Self, String> {
        let number = |value: &str| {
            value
                .parse::<f64>()
                .map_err(|_| format!("decay is `{text}`: `{value}` is not a number"))
        };
        match text.split(':').collect::<Vec<_>>().as_slice() {
            ["step"] => Ok(Decay::Step),
            ["linear", full] => Ok(Decay::Linear {
                full_m: number(full)?,
            }),
            ["logistic", mid, width] => Ok(Decay::Logistic {
                midpoint_m: number(mid)?,
                width_m: number(width)?,
            }),
            _ => Err(format!(
                "decay is `{text}`; expected step, linear:FULL_M or logistic:MIDPOINT_M:WIDTH_M"
            )),
        }
    }
}

/// A kind of camera: how far it sees, how wide, which ways it can point,
/// how quality falls with distance, and what it costs.
///
/// Headings are compass bearings in degrees, clockwise from north (the
/// planar +y axis). A fixed camera at a site becomes one option per
/// heading; a 360° camera (PTZ, dome) has one option per site.
///
/// # Examples
///
/// ```
/// use sightline_coverage::CameraType;
///
/// let fixed = CameraType::new("fixed", 50.0, 90.0)?.headings(8)?;
/// assert_eq!(fixed.heading_list(), vec![0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0]);
/// let ptz = CameraType::new("ptz", 30.0, 360.0)?.cost(3.0)?;
/// assert_eq!(ptz.heading_list(), vec![0.0]);
/// # Ok::<(), sightline_coverage::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CameraType {
    name: String,
    range_m: f64,
    fov_deg: f64,
    headings: u32,
    decay: Decay,
    cost: f64,
}

impl CameraType {
    /// A camera type seeing `range_m` metres through a `fov_deg` field of
    /// view, with one heading (north), step decay and cost 1.
    ///
    /// # Errors
    ///
    /// [`Error::BadCamera`] unless the range is finite and positive and the
    /// field of view lies in `(0, 360]`.
    pub fn new(name: impl Into<String>, range_m: f64, fov_deg: f64) -> Result<Self, Error> {
        if !(range_m.is_finite() && range_m > 0.0) {
            return Err(Error::BadCamera {
                reason: format!("range is {range_m} m; it must be a finite number greater than 0"),
            });
        }
        if !(fov_deg > 0.0 && fov_deg <= 360.0) {
            return Err(Error::BadCamera {
                reason: format!("field of view is {fov_deg}°; it must be more than 0 and at most 360"),
            });
        }
        Ok(Self {
            name: name.into(),
            range_m,
            fov_deg,
            headings: 1,
            decay: Decay::Step,
            cost: 1.0,
        })
    }

    /// `n` headings, evenly spaced from north (`360 / n` degrees apart).
    /// A 360° camera keeps one.
    ///
    /// # Errors
    ///
    /// [`Error::BadCamera`] for `n = 0`.
    pub fn headings(self, n: u32) -> Result<Self, Error> {
        if n == 0 {
            return Err(Error::BadCamera {
                reason: "a camera type needs at least one heading".to_owned(),
            });
        }
        Ok(Self { headings: n, ..self })
    }

    /// How quality falls with distance.
    ///
    /// # Errors
    ///
    /// [`Error::BadCamera`] for parameters that make no sense with this
    /// range (a linear fall starting beyond the range, a logistic width
    /// that is not positive).
    pub fn decay(self, decay: Decay) -> Result<Self, Error> {
        decay.check(self.range_m)?;
        Ok(Self { decay, ..self })
    }

    /// The cost of one camera of this type (multiplied by the site's cost).
    ///
    /// # Errors
    ///
    /// [`Error::BadCamera`] unless the cost is finite and positive.
    pub fn cost(self, cost: f64) -> Result<Self, Error> {
        if !(cost.is_finite() && cost > 0.0) {
            return Err(Error::BadCamera {
                reason: format!("cost is {cost}; it must be a finite number greater than 0"),
            });
        }
        Ok(Self { cost, ..self })
    }

    /// The type's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Range in metres.
    pub fn range_m(&self) -> f64 {
        self.range_m
    }

    /// Field of view in degrees.
    pub fn fov_deg(&self) -> f64 {
        self.fov_deg
    }

    /// The quality decay.
    pub fn decay_model(&self) -> Decay {
        self.decay
    }

    /// The cost of one camera.
    pub fn unit_cost(&self) -> f64 {
        self.cost
    }

    /// True for a 360° camera, which has no heading.
    pub fn is_omnidirectional(&self) -> bool {
        self.fov_deg >= 360.0
    }

    /// The headings, in degrees: `[0]` for a 360° camera.
    pub fn heading_list(&self) -> Vec<f64> {
        if self.is_omnidirectional() {
            return vec![0.0];
        }
        (0..self.headings)
            .map(|k| f64::from(k) * 360.0 / f64::from(self.headings))
            .collect()
    }

    /// The headings this type takes at a site that allows `site_headings`
    /// (`None`: any of the type's own): one option with no heading for a
    /// 360° camera, else one per allowed heading. Each heading is an
    /// option of the coverage problem.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::CameraType;
    ///
    /// let fixed = CameraType::new("fixed", 50.0, 90.0)?.headings(4)?;
    /// assert_eq!(fixed.headings_at(None), vec![Some(0.0), Some(90.0), Some(180.0), Some(270.0)]);
    /// assert_eq!(fixed.headings_at(Some(&[45.0])), vec![Some(45.0)]);
    /// let dome = CameraType::new("dome", 30.0, 360.0)?;
    /// assert_eq!(dome.headings_at(Some(&[45.0])), vec![None]);
    /// # Ok::<(), sightline_coverage::Error>(())
    /// ```
    pub fn headings_at(&self, site_headings: Option<&[f64]>) -> Vec<Option<f64>> {
        if self.is_omnidirectional() {
            return vec![None];
        }
        match site_headings {
            Some(headings) => headings.iter().copied().map(Some).collect(),
            None => self.heading_list().into_iter().map(Some).collect(),
        }
    }

    /// Quality with which a camera of this type at `camera`, pointing at
    /// `heading_deg`, sees `target` (buildings aside): 0 outside its view.
    pub fn quality(&self, camera: Coord<f64>, heading_deg: f64, target: Coord<f64>) -> f64 {
        let distance = (target.x - camera.x).hypot(target.y - camera.y);
        if distance > self.range_m || !in_view(camera, heading_deg, self.fov_deg, target) {
            return 0.0;
        }
        self.decay.quality(distance, self.range_m)
    }
}

/// Angles within this many degrees of a cone's edge count as inside it,
/// so a point exactly on the edge is seen despite rounding in `atan2`.
pub const EDGE_TOLERANCE_DEG: f64 = 1e-9;

/// Whether `target` lies within the view cone of a camera at `camera`
/// pointing at compass bearing `heading_deg` with field of view `fov_deg`
/// (edges included). A 360° camera sees every direction, and a camera sees
/// a point at its own position.
///
/// # Examples
///
/// ```
/// use sightline_coverage::in_view;
/// use geo_types::coord;
///
/// let camera = coord! { x: 0.0, y: 0.0 };
/// // Pointing north-east with a 90° view: north and east are its edges.
/// assert!(in_view(camera, 45.0, 90.0, coord! { x: 0.0, y: 10.0 }));
/// assert!(in_view(camera, 45.0, 90.0, coord! { x: 10.0, y: 0.0 }));
/// assert!(!in_view(camera, 45.0, 90.0, coord! { x: -1.0, y: 10.0 }));
/// // Pointing north, the cone wraps across 0°/360°.
/// assert!(in_view(camera, 0.0, 90.0, coord! { x: -5.0, y: 10.0 }));
/// ```
pub fn in_view(camera: Coord<f64>, heading_deg: f64, fov_deg: f64, target: Coord<f64>) -> bool {
    if fov_deg >= 360.0 {
        return true;
    }
    let (dx, dy) = (target.x - camera.x, target.y - camera.y);
    if dx == 0.0 && dy == 0.0 {
        return true;
    }
    let bearing = dx.atan2(dy).to_degrees();
    // The smallest angle between the bearing and the heading, in [0, 180].
    let off = ((bearing - heading_deg).rem_euclid(360.0) + 180.0).rem_euclid(360.0) - 180.0;
    off.abs() <= fov_deg / 2.0 + EDGE_TOLERANCE_DEG
}

/// A camera already installed: a disc of some range, or, with a heading,
/// a cone.
///
/// # Examples
///
/// ```
/// use sightline_coverage::ExistingCamera;
/// use geo_types::coord;
///
/// // The Korean standard model counts 50 m around an existing camera.
/// let disc = ExistingCamera::disc(coord! { x: 0.0, y: 0.0 }, 50.0);
/// assert_eq!(disc.quality(coord! { x: 0.0, y: -40.0 }), 1.0);
/// let cone = ExistingCamera::disc(coord! { x: 0.0, y: 0.0 }, 50.0).facing(0.0, 90.0);
/// assert_eq!(cone.quality(coord! { x: 0.0, y: -40.0 }), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExistingCamera {
    /// Where it stands, planar metres.
    pub location: Coord<f64>,
    /// How far it sees, metres.
    pub range_m: f64,
    /// Its heading (compass degrees) and field of view, or `None` for a
    /// disc.
    pub view: Option<(f64, f64)>,
    /// How quality falls with distance.
    pub decay: Decay,
}

impl ExistingCamera {
    /// A camera that sees everything within `range_m`.
    pub fn disc(location: Coord<f64>, range_m: f64) -> Self {
        Self {
            location,
            range_m,
            view: None,
            decay: Decay::Step,
        }
    }

    /// Points it at `heading_deg` with a `fov_deg` field of view.
    pub fn facing(self, heading_deg: f64, fov_deg: f64) -> Self {
        Self {
            view: Some((heading_deg, fov_deg)),
            ..self
        }
    }

    /// Quality with which it sees `target` (buildings aside).
    pub fn quality(&self, target: Coord<f64>) -> f64 {
        let distance = (target.x - self.location.x).hypot(target.y - self.location.y);
        let visible = self
            .view
            .is_none_or(|(heading, fov)| in_view(self.location, heading, fov, target));
        if !visible {
            return 0.0;
        }
        self.decay.quality(distance, self.range_m)
    }
}

/// What a camera sees, as a polygon for maps: rays cast every `step_deg`
/// degrees across its view (the whole circle for `view: None`), each
/// stopping at its range or at the first building edge it meets (the
/// camera's own buildings aside). For display only: an approximation
/// between rays, while coverage itself uses the exact sight-line test.
///
/// The ring starts at the camera for a cone; for a full circle it runs
/// through the ray ends only.
///
/// # Examples
///
/// ```
/// use sightline_coverage::visible_area;
/// use geo::Area;
/// use geo_types::coord;
///
/// let disc = visible_area(coord! { x: 0.0, y: 0.0 }, 50.0, None, None, 1.0);
/// assert!((disc.unsigned_area() - std::f64::consts::PI * 2500.0).abs() < 5.0);
/// let cone = visible_area(coord! { x: 0.0, y: 0.0 }, 50.0, Some((0.0, 90.0)), None, 1.0);
/// assert!((cone.unsigned_area() - std::f64::consts::PI * 2500.0 / 4.0).abs() < 2.0);
/// ```
pub fn visible_area(
    camera: Coord<f64>,
    range_m: f64,
    view: Option<(f64, f64)>,
    buildings: Option<&sightline_index::BuildingIndex>,
    step_deg: f64,
) -> geo_types::Polygon<f64> {
    let step = if step_deg.is_finite() && step_deg > 0.0 {
        step_deg
    } else {
        1.0
    };
    let (start, span, full) = match view {
        Some((heading, fov)) if fov < 360.0 => (heading - fov / 2.0, fov, false),
        _ => (0.0, 360.0, true),
    };
    let rays = ((span / step).ceil() as usize).max(1);
    let own = buildings.map(|b| b.containing(camera)).unwrap_or_default();
    let end_of = |k: usize| {
        let bearing = (start + span * k as f64 / rays as f64).to_radians();
        let far = Coord {
            x: camera.x + range_m * bearing.sin(),
            y: camera.y + range_m * bearing.cos(),
        };
        let t = buildings.map_or(1.0, |b| b.first_hit(camera, &own, far));
        Coord {
            x: camera.x + t * (far.x - camera.x),
            y: camera.y + t * (far.y - camera.y),
        }
    };
    let mut ring: Vec<Coord<f64>> = Vec::with_capacity(rays + 3);
    if full {
        ring.extend((0..rays).map(end_of));
    } else {
        ring.push(camera);
        ring.extend((0..=rays).map(end_of));
    }
    ring.push(ring[0]);
    geo_types::Polygon::new(geo_types::LineString(ring), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    const ORIGIN: Coord<f64> = coord! { x: 0.0, y: 0.0 };

    #[test]
    fn cone_edges_are_inside() {
        // Exactly on both edges of a 90° cone facing east, at many radii.
        for r in [0.001, 1.0, 37.5, 1e4] {
            assert!(in_view(ORIGIN, 90.0, 90.0, coord! { x: r, y: r }));
            assert!(in_view(ORIGIN, 90.0, 90.0, coord! { x: r, y: -r }));
            assert!(!in_view(ORIGIN, 90.0, 90.0, coord! { x: r, y: r * 1.000_001 }));
        }
    }

    #[test]
    fn headings_wrap_across_north() {
        for heading in [0.0, 360.0, -360.0, 720.0] {
            assert!(in_view(ORIGIN, heading, 60.0, coord! { x: -1.0, y: 10.0 }));
            assert!(in_view(ORIGIN, heading, 60.0, coord! { x: 1.0, y: 10.0 }));
            assert!(!in_view(ORIGIN, heading, 60.0, coord! { x: 0.0, y: -10.0 }));
        }
        // A cone facing 350° reaches across north to 20°.
        assert!(in_view(
            ORIGIN,
            350.0,
            60.0,
            coord! { x: 10.0f64.to_radians().sin(), y: 10.0f64.to_radians().cos() }
        ));
        assert!(!in_view(
            ORIGIN,
            350.0,
            60.0,
            coord! { x: 30.0f64.to_radians().sin(), y: 30.0f64.to_radians().cos() }
        ));
    }

    #[test]
    fn full_circle_and_own_position() {
        assert!(in_view(ORIGIN, 123.0, 360.0, coord! { x: 0.0, y: -1.0 }));
        assert!(in_view(ORIGIN, 0.0, 10.0, ORIGIN));
        let camera = CameraType::new("fixed", 50.0, 10.0).unwrap();
        assert_eq!(camera.quality(ORIGIN, 180.0, ORIGIN), 1.0);
    }

    #[test]
    fn range_is_inclusive_and_decay_is_monotone() {
        let step = CameraType::new("step", 50.0, 360.0).unwrap();
        assert_eq!(step.quality(ORIGIN, 0.0, coord! { x: 30.0, y: 40.0 }), 1.0);
        assert_eq!(step.quality(ORIGIN, 0.0, coord! { x: 30.0, y: 40.001 }), 0.0);
        for decay in [
            Decay::Linear { full_m: 10.0 },
            Decay::Logistic {
                midpoint_m: 25.0,
                width_m: 4.0,
            },
        ] {
            let mut last = 1.0;
            for d in 0..=60 {
                let q = decay.quality(f64::from(d), 50.0);
                assert!((0.0..=1.0).contains(&q) && q <= last, "{decay:?} at {d} m: {q}");
                last = q;
            }
            assert_eq!(decay.quality(51.0, 50.0), 0.0);
        }
    }

    #[test]
    fn bad_cameras_are_refused() {
        assert!(CameraType::new("x", 0.0, 90.0).is_err());
        assert!(CameraType::new("x", 50.0, 0.0).is_err());
        assert!(CameraType::new("x", 50.0, 361.0).is_err());
        assert!(CameraType::new("x", 50.0, f64::NAN).is_err());
        let ok = CameraType::new("x", 50.0, 90.0).unwrap();
        assert!(ok.clone().headings(0).is_err());
        assert!(ok.clone().cost(0.0).is_err());
        assert!(ok.clone().decay(Decay::Linear { full_m: 60.0 }).is_err());
        assert!(
            ok.clone()
                .decay(Decay::Logistic {
                    midpoint_m: 20.0,
                    width_m: 0.0
                })
                .is_err()
        );
        // A midpoint behind the camera would make quality 0/0.
        assert!(
            ok.decay(Decay::Logistic {
                midpoint_m: -800.0,
                width_m: 1.0
            })
            .is_err()
        );
    }
}
