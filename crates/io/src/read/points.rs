//! The points of a layer as its readers gather them (GeoJSON and
//! FlatGeobuf): a feature's points share its weight, lists and
//! properties, several get numbered ids; and the check that ids are
//! unique.

use std::collections::HashMap;
use std::path::Path;

use geo_types::Coord;
use serde_json::{Map, Value};

use super::{PointLayer, PointOptions};
use crate::{Crs, Error, Skipped};

/// The points of some features, in order, with where their ids came from.
#[derive(Default)]
pub(super) struct Points {
    pub(super) points: Vec<Coord<f64>>,
    pub(super) weights: Vec<f64>,
    pub(super) ids: Vec<String>,
    pub(super) origins: Vec<IdOrigin>,
    pub(super) features: Vec<usize>,
    pub(super) number_lists: Vec<Vec<Option<Vec<f64>>>>,
    pub(super) properties: Vec<Map<String, Value>>,
    /// Whether ids (and their origins) are kept ([`PointOptions::ids`]).
    pub(super) keep_ids: bool,
}

impl Points {
    pub(super) fn new(options: &PointOptions, capacity: usize) -> Self {
        Self {
            points: Vec::with_capacity(capacity),
            weights: Vec::with_capacity(capacity),
            ids: Vec::with_capacity(capacity),
            origins: Vec::with_capacity(capacity),
            features: Vec::with_capacity(capacity),
            number_lists: vec![Vec::with_capacity(capacity); options.number_lists.len()],
            properties: Vec::new(),
            keep_ids: options.keeps_ids(),
        }
    }

    /// Adds the points of feature `index`: all share its weight, lists and
    /// properties; several get numbered ids (none are kept without
    /// [`keep_ids`](Self::keep_ids), and `id` is then not looked at).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        index: usize,
        coords: impl IntoIterator<Item = Coord<f64>>,
        weight: f64,
        id: String,
        origin: IdOrigin,
        lists: Vec<Option<Vec<f64>>>,
        properties: Option<Map<String, Value>>,
    ) {
        let before = self.points.len();
        self.points.extend(coords);
        let added = self.points.len() - before;
        self.weights.extend(std::iter::repeat_n(weight, added));
        for (column, list) in self.number_lists.iter_mut().zip(lists) {
            column.extend(std::iter::repeat_n(list, added));
        }
        self.features.extend(std::iter::repeat_n(index, added));
        if let Some(attributes) = properties {
            self.properties.extend(std::iter::repeat_n(attributes, added));
        }
        if !self.keep_ids {
            return;
        }
        self.origins.extend(std::iter::repeat_n(origin, added));
        if added > 1 {
            self.ids.extend((1..=added).map(|k| format!("{id}#{k}")));
        } else {
            self.ids.push(id);
        }
    }

    pub(super) fn append(&mut self, mut other: Points) {
        self.points.append(&mut other.points);
        self.weights.append(&mut other.weights);
        self.ids.append(&mut other.ids);
        self.origins.append(&mut other.origins);
        self.features.append(&mut other.features);
        for (column, mut more) in self.number_lists.iter_mut().zip(other.number_lists) {
            column.append(&mut more);
        }
        self.properties.append(&mut other.properties);
    }

    /// Chunks joined in order.
    pub(super) fn joined(options: &PointOptions, chunks: Vec<Points>) -> Points {
        let total = chunks.iter().map(|c| c.points.len()).sum();
        let mut all = Points::new(options, total);
        for chunk in chunks {
            all.append(chunk);
        }
        all
    }

    /// The layer read from `path` in `crs`, from chunks of features read
    /// in parallel and joined in order: the first error in feature order
    /// wins, ids are checked unique when asked, and a projected layer
    /// whose points look like longitude/latitude is refused
    /// (`crs_from_file`: the layer named its system itself).
    pub(super) fn layer_of_chunks(
        chunks: Vec<Result<Points, Error>>,
        path: &Path,
        options: &PointOptions,
        crs: Crs,
        crs_from_file: bool,
    ) -> Result<PointLayer, Error> {
        let chunks = chunks.into_iter().collect::<Result<Vec<_>, Error>>()?;
        let points = Points::joined(options, chunks);
        if options.unique_ids {
            points.check_unique(path, options)?;
        }
        let layer = points.into_layer(path, crs);
        super::check_not_lonlat(path, crs, crs_from_file, layer.points.iter().copied())?;
        Ok(layer)
    }

    /// [`Error::DuplicateId`] for the first id that repeats an earlier one.
    pub(super) fn check_unique(&self, path: &Path, options: &PointOptions) -> Result<(), Error> {
        Unique::with_capacity(self.ids.len()).check(path, options, &self.ids, &self.features, &self.origins)
    }

    /// The layer of these points, read from `path` in `crs`.
    pub(super) fn into_layer(self, path: &Path, crs: Crs) -> PointLayer {
        PointLayer {
            path: path.to_path_buf(),
            crs,
            points: self.points,
            weights: self.weights,
            ids: self.ids,
            features: self.features,
            number_lists: self.number_lists,
            format: None,
            skipped: Skipped::default(),
            defaulted_weights: 0,
            delimiter: None,
            properties: self.properties,
            sheet: None,
            header_row: None,
        }
    }
}

/// The ids seen so far, to find the first that repeats an earlier one.
/// The map owns its keys, so that a reader may check the ids of each
/// feature as it adds them.
#[derive(Default)]
pub(super) struct Unique {
    seen: HashMap<String, (usize, IdOrigin)>,
}

impl Unique {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            seen: HashMap::with_capacity(capacity),
        }
    }

    /// [`Error::DuplicateId`] for the first of `ids` (with their
    /// points' features and id origins) that repeats an id seen before.
    pub(super) fn check(
        &mut self,
        path: &Path,
        options: &PointOptions,
        ids: &[String],
        features: &[usize],
        origins: &[IdOrigin],
    ) -> Result<(), Error> {
        for ((id, &index), &origin) in ids.iter().zip(features).zip(origins) {
            if let Some(&(first, first_origin)) = self.seen.get(id.as_str()) {
                return Err(Error::DuplicateId {
                    path: path.to_path_buf(),
                    first,
                    second: index,
                    csv: false,
                    origin: first_origin.describe(origin, options.id.as_deref()),
                    id: id.clone(),
                });
            }
            self.seen.insert(id.clone(), (index, origin));
        }
        Ok(())
    }
}

/// Where a point's id came from, for [`Error::DuplicateId`].
#[derive(Clone, Copy, PartialEq)]
pub(super) enum IdOrigin {
    /// The id property of the options.
    Property,
    /// The GeoJSON feature's `id` member.
    Member,
    /// The feature's index.
    Index,
}

impl IdOrigin {
    /// How the ids of two features with the same id were found.
    pub(super) fn describe(self, other: Self, property: Option<&str>) -> String {
        match (self, other, property) {
            (IdOrigin::Property, _, Some(property)) => format!("property `{property}`"),
            (IdOrigin::Property, _, None) => "the id property".to_string(),
            (IdOrigin::Member, IdOrigin::Member, _) => "the feature id member".to_string(),
            (IdOrigin::Index, IdOrigin::Index, _) => "the feature index".to_string(),
            _ => "the feature id member (or, without one, the feature index)".to_string(),
        }
    }
}
