//! The camera model: what new cameras see, and what the existing ones see.

use std::borrow::Cow;

use crate::{CameraType, Circular, Error, Site, ViewModel};

/// What cameras see: new cameras are discs of a radius, or camera types
/// (view cones, headings, distance decay, cost) whose quality is rounded
/// down to some quality levels; existing cameras see within their own
/// range, as discs, or, in the view-cone model, as the cones a scenario
/// gives them.
///
/// Checked when made: ranges are finite and positive, there is at least
/// one camera type and one quality level, and no two types share a name.
/// A [`Circular`] disc converts into a model.
///
/// # Examples
///
/// ```
/// use sightline_coverage::{CameraModel, CameraType, Circular, Site};
/// use geo_types::coord;
///
/// // Discs of 100 m; existing cameras see 50 m (the Korean standard model).
/// let disc = CameraModel::disc(100.0)?.with_existing_range_m(50.0)?;
/// assert_eq!((disc.max_range_m(), disc.existing_range_m()), (100.0, 50.0));
/// assert_eq!(CameraModel::from(Circular::new(100.0)?).circular(), Some(&Circular::new(100.0)?));
///
/// // A fixed camera with 4 headings and a dome: 5 options per site. The
/// // existing cameras' range defaults to the longest type's.
/// let fixed = CameraType::new("fixed", 80.0, 90.0)?.headings(4)?;
/// let dome = CameraType::new("dome", 40.0, 360.0)?;
/// let types = CameraModel::types(vec![fixed, dome], 10)?;
/// let sites = [Site::new(coord! { x: 0.0, y: 0.0 })];
/// assert_eq!(types.option_count(&sites), 5);
/// assert!(types.several_per_site(&sites));
/// assert_eq!(types.existing_range_m(), 80.0);
/// # Ok::<(), sightline_coverage::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CameraModel {
    cameras: NewCameras,
}

/// What new cameras are.
#[derive(Debug, Clone, PartialEq)]
enum NewCameras {
    /// Discs (the disc carries the existing cameras' range too).
    Disc(Circular),
    /// Camera types.
    Types {
        view: ViewModel,
        quality_levels: u32,
        existing_range_m: f64,
    },
}

/// The name of the 360° camera a disc becomes among buildings.
const DISC_TYPE_NAME: &str = "disc";

impl CameraModel {
    /// New and existing cameras see a disc of `radius_m`.
    ///
    /// # Units
    ///
    /// Metres.
    ///
    /// # Errors
    ///
    /// [`Error::BadRadius`] unless `radius_m` is finite and positive.
    pub fn disc(radius_m: f64) -> Result<Self, Error> {
        Ok(Circular::new(radius_m)?.into())
    }

    /// New cameras are of these types (each site takes at most one
    /// camera, of one type, at one heading), their quality rounded down
    /// to a multiple of `1 / quality_levels` (exact for step decay).
    /// Existing cameras see as far as the longest type.
    ///
    /// # Errors
    ///
    /// [`Error::BadCamera`] when there is no camera type, two share a name
    /// (plans and maps name the type), or `quality_levels` is 0.
    pub fn types(types: Vec<CameraType>, quality_levels: u32) -> Result<Self, Error> {
        if quality_levels == 0 {
            return Err(Error::BadCamera {
                reason: "at least one quality level is needed".to_owned(),
            });
        }
        let view = ViewModel::new(types)?;
        let existing_range_m = longest_range_m(view.types());
        Ok(Self {
            cameras: NewCameras::Types {
                view,
                quality_levels,
                existing_range_m,
            },
        })
    }

    /// Sets the range of existing cameras.
    ///
    /// # Units
    ///
    /// Metres.
    ///
    /// # Errors
    ///
    /// [`Error::BadRadius`] unless `range_m` is finite and positive.
    pub fn with_existing_range_m(self, range_m: f64) -> Result<Self, Error> {
        let cameras = match self.cameras {
            NewCameras::Disc(disc) => NewCameras::Disc(disc.with_existing_radius_m(range_m)?),
            NewCameras::Types {
                view, quality_levels, ..
            } => {
                if !(range_m.is_finite() && range_m > 0.0) {
                    return Err(Error::BadRadius {
                        what: "existing-camera radius",
                        radius_m: range_m,
                    });
                }
                NewCameras::Types {
                    view,
                    quality_levels,
                    existing_range_m: range_m,
                }
            }
        };
        Ok(Self { cameras })
    }

    /// The disc of the disc model; `None` with camera types.
    pub fn circular(&self) -> Option<&Circular> {
        match &self.cameras {
            NewCameras::Disc(disc) => Some(disc),
            NewCameras::Types { .. } => None,
        }
    }

    /// The camera types of the view-cone model; `None` for discs.
    pub fn view_model(&self) -> Option<&ViewModel> {
        match &self.cameras {
            NewCameras::Disc(_) => None,
            NewCameras::Types { view, .. } => Some(view),
        }
    }

    /// The camera types: none for discs.
    pub fn camera_types(&self) -> &[CameraType] {
        self.view_model().map_or(&[], ViewModel::types)
    }

    /// Quality levels: a camera's quality is rounded down to a multiple
    /// of `1 / levels`. One for discs, which see at full quality or not
    /// at all.
    pub fn quality_levels(&self) -> u32 {
        match &self.cameras {
            NewCameras::Disc(_) => 1,
            NewCameras::Types { quality_levels, .. } => *quality_levels,
        }
    }

    /// How far a new camera sees at most, in metres: the disc's radius, or
    /// the longest type's range.
    pub fn max_range_m(&self) -> f64 {
        match &self.cameras {
            NewCameras::Disc(disc) => disc.radius_m(),
            NewCameras::Types { view, .. } => longest_range_m(view.types()),
        }
    }

    /// How far existing cameras see, in metres.
    pub fn existing_range_m(&self) -> f64 {
        match &self.cameras {
            NewCameras::Disc(disc) => disc.existing_radius_m(),
            NewCameras::Types { existing_range_m, .. } => *existing_range_m,
        }
    }

    /// The model to build coverage with where buildings may block sight
    /// lines, which only the view-cone model follows: camera types stay
    /// as they are; a disc becomes a 360° camera type named `disc` of the
    /// disc's radius (with step decay, so one quality level), existing
    /// cameras keeping their range.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_coverage::CameraModel;
    ///
    /// let disc = CameraModel::disc(50.0)?.with_existing_range_m(30.0)?;
    /// let among = disc.among_buildings();
    /// let dome = &among.camera_types()[0];
    /// assert_eq!((dome.name(), dome.range_m(), dome.fov_deg()), ("disc", 50.0, 360.0));
    /// assert_eq!(among.existing_range_m(), 30.0);
    /// # Ok::<(), sightline_coverage::Error>(())
    /// ```
    pub fn among_buildings(&self) -> Cow<'_, Self> {
        match &self.cameras {
            NewCameras::Types { .. } => Cow::Borrowed(self),
            NewCameras::Disc(disc) => {
                let dome = CameraType::new(DISC_TYPE_NAME, disc.radius_m(), 360.0)
                    .expect("a disc's radius is a valid camera range (both finite and positive)");
                Cow::Owned(Self {
                    cameras: NewCameras::Types {
                        view: ViewModel::new(vec![dome]).expect("one camera type"),
                        quality_levels: 1,
                        existing_range_m: disc.existing_radius_m(),
                    },
                })
            }
        }
    }

    /// The options of one site: one for a disc; one per camera type and
    /// heading it may take there otherwise.
    pub(crate) fn options_at(&self, site: &Site) -> usize {
        match &self.cameras {
            NewCameras::Disc(_) => 1,
            NewCameras::Types { view, .. } => view
                .types()
                .iter()
                .map(|t| t.headings_at(site.headings.as_deref()).len())
                .sum(),
        }
    }

    /// The camera options of the coverage problem at `sites`: one per
    /// site for discs, one per site, type and heading otherwise.
    pub fn option_count(&self, sites: &[Site]) -> usize {
        sites.iter().map(|site| self.options_at(site)).sum()
    }

    /// True when some site has more than one option (camera types or
    /// headings to choose from): a plan must then choose at most one per
    /// site.
    pub fn several_per_site(&self, sites: &[Site]) -> bool {
        sites.iter().any(|site| self.options_at(site) > 1)
    }
}

impl From<Circular> for CameraModel {
    fn from(disc: Circular) -> Self {
        Self {
            cameras: NewCameras::Disc(disc),
        }
    }
}

/// The longest range among `types`, in metres.
fn longest_range_m(types: &[CameraType]) -> f64 {
    types.iter().map(CameraType::range_m).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    #[test]
    fn constructors_check_their_values() {
        assert!(CameraModel::disc(f64::NAN).is_err());
        assert!(CameraModel::types(Vec::new(), 10).is_err());
        let fixed = CameraType::new("fixed", 50.0, 90.0).unwrap();
        let levels = CameraModel::types(vec![fixed.clone()], 0).unwrap_err();
        assert!(levels.to_string().contains("quality level"), "{levels}");
        let twice = CameraModel::types(vec![fixed.clone(), fixed.clone()], 10).unwrap_err();
        assert!(twice.to_string().contains("both named `fixed`"), "{twice}");
        for model in [
            CameraModel::disc(50.0).unwrap(),
            CameraModel::types(vec![fixed], 10).unwrap(),
        ] {
            for range in [0.0, -1.0, f64::INFINITY] {
                let err = model.clone().with_existing_range_m(range).unwrap_err();
                assert!(matches!(err, Error::BadRadius { .. }), "{err}");
            }
        }
    }

    #[test]
    fn options_follow_the_sites_headings() {
        let fixed = CameraType::new("fixed", 50.0, 90.0).unwrap().headings(8).unwrap();
        let model = CameraModel::types(vec![fixed], 10).unwrap();
        let here = coord! { x: 0.0, y: 0.0 };
        let sites = [Site::new(here), Site::new(here).with_headings(vec![90.0])];
        assert_eq!(model.option_count(&sites), 9);
        assert!(!model.several_per_site(&sites[1..]));
        let disc = CameraModel::disc(50.0).unwrap();
        assert_eq!(disc.option_count(&sites), 2);
        assert!(!disc.several_per_site(&sites));
        assert!(!disc.among_buildings().several_per_site(&sites));
        assert!(matches!(model.among_buildings(), Cow::Borrowed(_)));
    }
}
