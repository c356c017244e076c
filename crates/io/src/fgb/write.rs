//! Writing point and polygon layers as FlatGeobuf: the properties as typed
//! columns, the features in Hilbert order behind a packed R-tree, as GDAL
//! and QGIS expect to query them.

use flatbuffers::{FlatBufferBuilder, WIPOffset};
use flatgeobuf::packed_r_tree::{NodeItem, PackedRTree};
use flatgeobuf::{
    Column, ColumnArgs, ColumnType, CrsArgs, FeatureArgs, GeometryArgs, GeometryType, HeaderArgs,
};
use geo_types::{Coord, MultiPolygon, Polygon};
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::{Crs, Error, Plane};

/// Features rendered per task.
const CHUNK: usize = 8_192;

/// The branching factor of the packed R-tree (FlatGeobuf's default).
const NODE_SIZE: u16 = 16;

/// Renders points (plane metres) with their properties as a FlatGeobuf
/// layer of Points in the plane's output CRS (its EPSG code in the
/// header: 4326 for longitude/latitude, none for planar coordinates),
/// with a packed Hilbert R-tree index.
///
/// Each property becomes a column, in the order first met: `Long` when
/// every value is an integer, `Double` when every value is a number,
/// `Bool`, `String`, and `Json` (the value's JSON text) for arrays,
/// objects and columns of mixed types; null values are left out. The
/// features are stored in Hilbert order, as FlatGeobuf's index wants,
/// so a reader meets them in another order than given: give them an id
/// property to match them up. The bytes do not depend on the thread
/// count.
///
/// # Errors
///
/// [`Error::Transform`] (or another projection error) when a point cannot
/// be converted back to the output system; [`Error::Render`] when a
/// layer has more than 65,535 properties.
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::coord;
/// use sightline_io::{points_fgb_bytes, read_points, Crs, Plane, PointOptions};
///
/// let plane = Plane::new(Crs::Planar, None).unwrap();
/// let mut properties = serde_json::Map::new();
/// properties.insert("weight".into(), serde_json::json!(2.5));
/// let bytes = points_fgb_bytes(&plane, &[(coord! { x: 100.0, y: 250.0 }, properties)]).unwrap();
/// assert_eq!(&bytes[..3], b"fgb");
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("demand.fgb");
/// std::fs::write(&path, &bytes).unwrap();
/// let layer = read_points(&path, &PointOptions::new().weight("weight").crs(Crs::Planar)).unwrap();
/// assert_eq!(layer.points[0], coord! { x: 100.0, y: 250.0 });
/// assert_eq!(layer.weights, vec![2.5]);
/// ```
pub fn points_fgb_bytes(
    plane: &Plane,
    points: &[(Coord<f64>, Map<String, Value>)],
) -> Result<Vec<u8>, Error> {
    let shapes: Vec<(Shape<'_>, &Map<String, Value>)> = points
        .iter()
        .map(|(point, properties)| (Shape::Point(*point), properties))
        .collect();
    map_layer_bytes(plane, GeometryType::Point, &shapes)
}

/// The type of a column of a layer written by [`points_fgb_with`].
///
/// # Examples
///
/// ```
/// use sightline_io::FgbType;
///
/// let columns = [("rank", FgbType::Long), ("weight", FgbType::Double)];
/// assert_eq!(columns[1].1, FgbType::Double);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FgbType {
    /// A 64-bit integer.
    Long,
    /// A 64-bit float.
    Double,
    /// UTF-8 text.
    Text,
}

impl FgbType {
    fn kind(self) -> Kind {
        match self {
            FgbType::Long => Kind::Long,
            FgbType::Double => Kind::Double,
            FgbType::Text => Kind::Text,
        }
    }
}

/// One feature's properties, as [`points_fgb_with`] encodes them: each
/// value under its column's index, in the order of the columns; a column
/// left out is null for this feature.
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, points_fgb_with, FgbType, Plane};
///
/// let plane = Plane::new(sightline_io::Crs::Planar, None).unwrap();
/// let columns = [("name", FgbType::Text), ("weight", FgbType::Double)];
/// let bytes = points_fgb_with(&plane, 1, |_| coord! { x: 1.0, y: 2.0 }, &columns, |_, properties| {
///     properties.text(0, "pole 7");
///     // Not finite: left out, as null.
///     properties.double(1, f64::NAN);
/// })
/// .unwrap();
/// assert!(bytes.windows(6).any(|w| w == b"pole 7"));
/// ```
pub struct FgbProperties<'a> {
    out: &'a mut Vec<u8>,
    columns: &'a [(&'a str, FgbType)],
    /// The next column a value may be written to.
    next: usize,
}

impl FgbProperties<'_> {
    fn start(&mut self, column: usize, kind: FgbType) {
        debug_assert!(
            column >= self.next && self.columns.get(column).is_some_and(|c| c.1 == kind),
            "column {column} written out of order or with another type"
        );
        self.next = column + 1;
        self.out.extend_from_slice(&(column as u16).to_le_bytes());
    }

    /// Writes `value` to the `column`th column (of type [`FgbType::Long`]).
    pub fn long(&mut self, column: usize, value: i64) {
        self.start(column, FgbType::Long);
        self.out.extend_from_slice(&value.to_le_bytes());
    }

    /// Writes `value` to the `column`th column (of type
    /// [`FgbType::Double`]); a value that is not finite is null, left out
    /// (as GeoJSON writes it).
    pub fn double(&mut self, column: usize, value: f64) {
        if value.is_finite() {
            self.start(column, FgbType::Double);
            self.out.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// Writes `value` to the `column`th column (of type [`FgbType::Text`]).
    pub fn text(&mut self, column: usize, value: &str) {
        self.start(column, FgbType::Text);
        text(value, self.out);
    }
}

/// [`points_fgb_bytes`] for `count` points given one by one, without a
/// `serde_json::Map` per point (a blind-spot layer holds a million):
/// `location(k)` is point `k` (plane metres), `columns` the layer's
/// columns in order, and `properties(k, writer)` writes point `k`'s
/// values, column by column in that order. The bytes are those of
/// [`points_fgb_bytes`] for maps holding the same values whose columns
/// come in that order.
///
/// # Errors
///
/// As [`points_fgb_bytes`].
///
/// # Examples
///
/// ```
/// use sightline_io::{geo_types::coord, points_fgb_bytes, points_fgb_with, FgbType, Plane};
///
/// let plane = Plane::local(coord! { x: 126.832, y: 37.658 }).unwrap();
/// let at = |k: usize| coord! { x: 10.0 * k as f64, y: 5.0 };
/// let columns = [("rank", FgbType::Long), ("weight", FgbType::Double)];
/// let bytes = points_fgb_with(&plane, 3, at, &columns, |k, properties| {
///     properties.long(0, k as i64 + 1);
///     properties.double(1, 0.5 * k as f64 + 0.25);
/// })
/// .unwrap();
/// let features: Vec<_> = (0..3)
///     .map(|k| {
///         let properties = serde_json::json!({ "rank": k + 1, "weight": 0.5 * k as f64 + 0.25 });
///         (at(k), properties.as_object().unwrap().clone())
///     })
///     .collect();
/// assert_eq!(bytes, points_fgb_bytes(&plane, &features).unwrap());
/// ```
pub fn points_fgb_with<L, P>(
    plane: &Plane,
    count: usize,
    location: L,
    columns: &[(&str, FgbType)],
    properties: P,
) -> Result<Vec<u8>, Error>
where
    L: Fn(usize) -> Coord<f64> + Sync,
    P: Fn(usize, &mut FgbProperties<'_>) + Sync,
{
    let kinds: Vec<(String, Kind)> = columns
        .iter()
        .map(|(name, kind)| ((*name).to_owned(), kind.kind()))
        .collect();
    layer_bytes(
        plane,
        GeometryType::Point,
        &kinds,
        count,
        |k| Shape::Point(location(k)),
        |k, out| {
            out.clear();
            properties(
                k,
                &mut FgbProperties {
                    out,
                    columns,
                    next: 0,
                },
            );
        },
    )
}

/// Renders multipolygons (plane metres) with their properties as a
/// FlatGeobuf layer of MultiPolygons, as [`points_fgb_bytes`] does for
/// points.
///
/// # Errors
///
/// As [`points_fgb_bytes`].
///
/// # Examples
///
/// ```
/// use sightline_io::geo_types::{polygon, MultiPolygon};
/// use sightline_io::{polygons_fgb_bytes, read_polygons, Crs, Plane, PolygonOptions};
///
/// let plane = Plane::new(Crs::Planar, None).unwrap();
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0)]]);
/// let mut properties = serde_json::Map::new();
/// properties.insert("name".into(), serde_json::json!("A"));
/// let bytes = polygons_fgb_bytes(&plane, &[(square, properties)]).unwrap();
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("dong.fgb");
/// std::fs::write(&path, &bytes).unwrap();
/// let layer = read_polygons(&path, &PolygonOptions::new().crs(Crs::Planar)).unwrap();
/// assert_eq!(layer.names, vec!["A"]);
/// assert_eq!(layer.polygons[0].0[0].exterior().0.len(), 4);
/// ```
pub fn polygons_fgb_bytes(
    plane: &Plane,
    polygons: &[(MultiPolygon<f64>, Map<String, Value>)],
) -> Result<Vec<u8>, Error> {
    let shapes: Vec<(Shape<'_>, &Map<String, Value>)> = polygons
        .iter()
        .map(|(multi, properties)| (Shape::Polygons(multi), properties))
        .collect();
    map_layer_bytes(plane, GeometryType::MultiPolygon, &shapes)
}

#[derive(Clone, Copy)]
enum Shape<'a> {
    Point(Coord<f64>),
    Polygons(&'a MultiPolygon<f64>),
}

/// A column's type as inferred from its values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Long,
    Double,
    Bool,
    Text,
    Json,
}

impl Kind {
    fn of(value: &Value) -> Option<Kind> {
        match value {
            Value::Null => None,
            Value::Bool(_) => Some(Kind::Bool),
            Value::Number(n) if n.is_i64() => Some(Kind::Long),
            Value::Number(_) => Some(Kind::Double),
            Value::String(_) => Some(Kind::Text),
            Value::Array(_) | Value::Object(_) => Some(Kind::Json),
        }
    }

    /// The type that holds values of both.
    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Long | Kind::Double, Kind::Long | Kind::Double) => Kind::Double,
            _ => Kind::Json,
        }
    }

    fn column_type(self) -> ColumnType {
        match self {
            Kind::Long => ColumnType::Long,
            Kind::Double => ColumnType::Double,
            Kind::Bool => ColumnType::Bool,
            Kind::Text => ColumnType::String,
            Kind::Json => ColumnType::Json,
        }
    }
}

/// The columns of `properties`: names in the order first met, with their
/// types.
fn columns(properties: &[&Map<String, Value>]) -> Vec<(String, Kind)> {
    let merge = |mut a: Vec<(String, Kind)>, b: Vec<(String, Kind)>| {
        for (name, kind) in b {
            match a.iter_mut().find(|(n, _)| *n == name) {
                Some((_, k)) => *k = k.join(kind),
                None => a.push((name, kind)),
            }
        }
        a
    };
    let chunks: Vec<Vec<(String, Kind)>> = properties
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut columns: Vec<(String, Kind)> = Vec::new();
            for map in chunk {
                for (name, value) in map.iter() {
                    let Some(kind) = Kind::of(value) else { continue };
                    match columns.iter_mut().find(|(n, _)| n == name) {
                        Some((_, k)) => *k = k.join(kind),
                        None => columns.push((name.clone(), kind)),
                    }
                }
            }
            columns
        })
        .collect();
    chunks.into_iter().fold(Vec::new(), merge)
}

/// Appends a feature's properties in FlatGeobuf's encoding: each present
/// value as its column's index (u16) then the value, little-endian.
fn encode_properties(map: &Map<String, Value>, columns: &[(String, Kind)], out: &mut Vec<u8>) {
    out.clear();
    for (index, (name, kind)) in columns.iter().enumerate() {
        let Some(value) = map.get(name).filter(|v| !v.is_null()) else {
            continue;
        };
        out.extend_from_slice(&(index as u16).to_le_bytes());
        match (kind, value) {
            (Kind::Long, Value::Number(n)) => {
                out.extend_from_slice(&n.as_i64().unwrap_or_default().to_le_bytes())
            }
            (Kind::Double, Value::Number(n)) => {
                out.extend_from_slice(&n.as_f64().unwrap_or(f64::NAN).to_le_bytes())
            }
            (Kind::Bool, Value::Bool(b)) => out.push(u8::from(*b)),
            (Kind::Text, Value::String(s)) => text(s, out),
            (_, value) => text(&value.to_string(), out),
        }
    }
}

fn text(s: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// One feature rendered: its size-prefixed flatbuffer and bounding box.
struct Rendered {
    bytes: Vec<u8>,
    /// The byte range of each feature in `bytes`, with its box.
    items: Vec<(std::ops::Range<usize>, NodeItem)>,
}

/// A layer of shapes with their properties as maps: the columns are
/// those the maps hold.
fn map_layer_bytes(
    plane: &Plane,
    geometry_type: GeometryType,
    shapes: &[(Shape<'_>, &Map<String, Value>)],
) -> Result<Vec<u8>, Error> {
    let maps: Vec<&Map<String, Value>> = shapes.iter().map(|(_, p)| *p).collect();
    let columns = columns(&maps);
    layer_bytes(
        plane,
        geometry_type,
        &columns,
        shapes.len(),
        |k| shapes[k].0,
        |k, out| encode_properties(shapes[k].1, &columns, out),
    )
}

/// A layer of `count` shapes, `shape(k)` the `k`th, whose properties
/// `properties(k, out)` encodes into `out` (cleared first).
fn layer_bytes<'a, S, P>(
    plane: &Plane,
    geometry_type: GeometryType,
    columns: &[(String, Kind)],
    count: usize,
    shape: S,
    properties: P,
) -> Result<Vec<u8>, Error>
where
    S: Fn(usize) -> Shape<'a> + Sync,
    P: Fn(usize, &mut Vec<u8>) + Sync,
{
    if columns.len() > usize::from(u16::MAX) {
        return Err(Error::Render {
            reason: format!("{} properties, more than a FlatGeobuf file holds", columns.len()),
        });
    }
    let chunks: Vec<Rendered> = (0..count.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let range = chunk * CHUNK..((chunk + 1) * CHUNK).min(count);
            render_chunk(plane, range, &shape, &properties)
        })
        .collect::<Result<_, Error>>()?;

    // Leaves in Hilbert order (descending, as the reference writers do;
    // a stable sort, so ties keep the given order).
    let mut leaves: Vec<(usize, usize, NodeItem)> = chunks
        .iter()
        .enumerate()
        .flat_map(|(c, chunk)| {
            chunk
                .items
                .iter()
                .enumerate()
                .map(move |(k, (_, n))| (c, k, n.clone()))
        })
        .collect();
    let extent = leaves
        .iter()
        .fold(NodeItem::create(0), |mut extent, (_, _, node)| {
            extent.expand(node);
            extent
        });
    let keys: Vec<u32> = leaves
        .par_iter()
        .map(|(_, _, node)| hilbert_key(node, &extent))
        .collect();
    let mut order: Vec<usize> = (0..leaves.len()).collect();
    order.par_sort_by_key(|&i| std::cmp::Reverse(keys[i]));
    let mut offset = 0u64;
    let sorted: Vec<(usize, usize, NodeItem)> = order
        .iter()
        .map(|&i| {
            let (c, k, mut node) = leaves[i].clone();
            node.offset = offset;
            offset += chunks[c].items[k].0.len() as u64;
            (c, k, node)
        })
        .collect();
    leaves.clear();

    let mut out = Vec::with_capacity(offset as usize + sorted.len() * 48 + 4096);
    out.extend_from_slice(&[b'f', b'g', b'b', 3, b'f', b'g', b'b', 0]);
    out.extend_from_slice(&header(
        plane.output_crs(),
        geometry_type,
        columns,
        &extent,
        sorted.len(),
    ));
    if !sorted.is_empty() {
        let nodes: Vec<NodeItem> = sorted.iter().map(|(_, _, node)| node.clone()).collect();
        let tree = PackedRTree::build(&nodes, &extent, NODE_SIZE).map_err(|error| Error::Render {
            reason: format!("cannot build the FlatGeobuf index: {error}"),
        })?;
        tree.stream_write(&mut out).map_err(|error| Error::Render {
            reason: format!("cannot write the FlatGeobuf index: {error}"),
        })?;
    }
    for (c, k, _) in &sorted {
        out.extend_from_slice(&chunks[*c].bytes[chunks[*c].items[*k].0.clone()]);
    }
    Ok(out)
}

/// The size-prefixed header.
fn header(
    crs: Crs,
    geometry_type: GeometryType,
    columns: &[(String, Kind)],
    extent: &NodeItem,
    count: usize,
) -> Vec<u8> {
    let mut fbb = FlatBufferBuilder::new();
    let code = match crs {
        Crs::LonLat => 4326,
        Crs::Epsg(code) => i32::try_from(code).unwrap_or(0),
        Crs::Planar => 0,
    };
    let crs = (code != 0).then(|| {
        let org = fbb.create_string("EPSG");
        flatgeobuf::Crs::create(
            &mut fbb,
            &CrsArgs {
                org: Some(org),
                code,
                ..CrsArgs::default()
            },
        )
    });
    let columns: Vec<WIPOffset<Column<'_>>> = columns
        .iter()
        .map(|(name, kind)| {
            let name = fbb.create_string(name);
            Column::create(
                &mut fbb,
                &ColumnArgs {
                    name: Some(name),
                    type_: kind.column_type(),
                    nullable: true,
                    ..ColumnArgs::default()
                },
            )
        })
        .collect();
    let columns = fbb.create_vector(&columns);
    let envelope =
        (count > 0).then(|| fbb.create_vector(&[extent.min_x, extent.min_y, extent.max_x, extent.max_y]));
    let name = fbb.create_string("sightline");
    let header = flatgeobuf::Header::create(
        &mut fbb,
        &HeaderArgs {
            name: Some(name),
            envelope,
            geometry_type,
            columns: Some(columns),
            features_count: count as u64,
            index_node_size: if count > 0 { NODE_SIZE } else { 0 },
            crs,
            ..HeaderArgs::default()
        },
    );
    fbb.finish_size_prefixed(header, None);
    fbb.finished_data().to_vec()
}

/// Renders the features of `range`.
fn render_chunk<'a>(
    plane: &Plane,
    range: std::ops::Range<usize>,
    shape: &(impl Fn(usize) -> Shape<'a> + Sync),
    encode: &(impl Fn(usize, &mut Vec<u8>) + Sync),
) -> Result<Rendered, Error> {
    let mut fbb = FlatBufferBuilder::with_capacity(1024);
    let mut properties = Vec::new();
    let mut xy: Vec<f64> = Vec::new();
    let mut rendered = Rendered {
        bytes: Vec::with_capacity(range.len() * 64),
        items: Vec::with_capacity(range.len()),
    };
    for k in range {
        fbb.reset();
        encode(k, &mut properties);
        let mut node = NodeItem::create(0);
        let geometry = match shape(k) {
            Shape::Point(point) => {
                let c = plane.to_output(point)?;
                node.expand_xy(c.x, c.y);
                let xy = fbb.create_vector(&[c.x, c.y]);
                flatgeobuf::Geometry::create(
                    &mut fbb,
                    &GeometryArgs {
                        xy: Some(xy),
                        ..GeometryArgs::default()
                    },
                )
            }
            Shape::Polygons(multi) => {
                let mut parts = Vec::with_capacity(multi.0.len());
                for polygon in &multi.0 {
                    let ends = polygon_xy(plane, polygon, &mut xy, &mut node)?;
                    let xy = fbb.create_vector(&xy);
                    let ends = (ends.len() > 1).then(|| fbb.create_vector(&ends));
                    parts.push(flatgeobuf::Geometry::create(
                        &mut fbb,
                        &GeometryArgs {
                            xy: Some(xy),
                            ends,
                            type_: GeometryType::Polygon,
                            ..GeometryArgs::default()
                        },
                    ));
                }
                let parts = fbb.create_vector(&parts);
                flatgeobuf::Geometry::create(
                    &mut fbb,
                    &GeometryArgs {
                        parts: Some(parts),
                        ..GeometryArgs::default()
                    },
                )
            }
        };
        let properties = (!properties.is_empty()).then(|| fbb.create_vector(&properties));
        let feature = flatgeobuf::Feature::create(
            &mut fbb,
            &FeatureArgs {
                geometry: Some(geometry),
                properties,
                columns: None,
            },
        );
        fbb.finish_size_prefixed(feature, None);
        let start = rendered.bytes.len();
        rendered.bytes.extend_from_slice(fbb.finished_data());
        rendered.items.push((start..rendered.bytes.len(), node));
    }
    Ok(rendered)
}

/// A polygon's rings in the output CRS into `xy` (x, y, x, y...), growing
/// `node` to hold them; returns each ring's end (in points).
fn polygon_xy(
    plane: &Plane,
    polygon: &Polygon<f64>,
    xy: &mut Vec<f64>,
    node: &mut NodeItem,
) -> Result<Vec<u32>, Error> {
    xy.clear();
    let mut ends = Vec::with_capacity(1 + polygon.interiors().len());
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        for point in &ring.0 {
            let c = plane.to_output(*point)?;
            node.expand_xy(c.x, c.y);
            xy.push(c.x);
            xy.push(c.y);
        }
        ends.push((xy.len() / 2) as u32);
    }
    Ok(ends)
}

/// The Hilbert value of a box's centre within `extent` (16 bits a side).
fn hilbert_key(node: &NodeItem, extent: &NodeItem) -> u32 {
    const MAX: f64 = ((1u32 << 16) - 1) as f64;
    let scale = |v: f64, min: f64, size: f64| {
        if size > 0.0 {
            (MAX * (v - min) / size).floor().clamp(0.0, MAX) as u32
        } else {
            0
        }
    };
    let x = scale((node.min_x + node.max_x) / 2.0, extent.min_x, extent.width());
    let y = scale((node.min_y + node.max_y) / 2.0, extent.min_y, extent.height());
    hilbert(x, y)
}

/// The index of (x, y) on the Hilbert curve of a 2^16 × 2^16 grid (the
/// branch-free method FlatGeobuf's writers use).
fn hilbert(x: u32, y: u32) -> u32 {
    let mut a = x ^ y;
    let mut b = 0xFFFF ^ a;
    let mut c = 0xFFFF ^ (x | y);
    let mut d = x & (y ^ 0xFFFF);
    let mut aa = a | (b >> 1);
    let mut bb = (a >> 1) ^ a;
    let mut cc = ((c >> 1) ^ (b & (d >> 1))) ^ c;
    let mut dd = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
    (a, b, c, d) = (aa, bb, cc, dd);
    aa = (a & (a >> 2)) ^ (b & (b >> 2));
    bb = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
    cc ^= (a & (c >> 2)) ^ (b & (d >> 2));
    dd ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
    (a, b, c, d) = (aa, bb, cc, dd);
    aa = (a & (a >> 4)) ^ (b & (b >> 4));
    bb = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
    cc ^= (a & (c >> 4)) ^ (b & (d >> 4));
    dd ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
    (a, b, c, d) = (aa, bb, cc, dd);
    cc ^= (a & (c >> 8)) ^ (b & (d >> 8));
    dd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
    a = cc ^ (cc >> 1);
    b = dd ^ (dd >> 1);
    let mut i0 = x ^ y;
    let mut i1 = b | (0xFFFF ^ (i0 | a));
    for (shift, mask) in [
        (8, 0x00FF_00FF),
        (4, 0x0F0F_0F0F),
        (2, 0x3333_3333),
        (1, 0x5555_5555),
    ] {
        i0 = (i0 | (i0 << shift)) & mask;
        i1 = (i1 | (i1 << shift)) & mask;
    }
    (i1 << 1) | i0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hilbert_visits_the_four_quadrants_in_order() {
        // The curve of order 16 starts at (0, 0) and ends at (max, 0).
        assert_eq!(hilbert(0, 0), 0);
        assert_eq!(hilbert(0xFFFF, 0), u32::MAX);
        let mut quadrants = [(0, 0), (0, 0xFFFF), (0xFFFF, 0xFFFF), (0xFFFF, 0)].map(|(x, y)| hilbert(x, y));
        let sorted = {
            let mut s = quadrants;
            s.sort_unstable();
            s
        };
        assert_eq!(quadrants, sorted);
        quadrants.reverse();
        assert_ne!(quadrants, sorted);
    }

    #[test]
    fn column_types_widen_to_hold_every_value() {
        let maps: Vec<Map<String, Value>> = [
            serde_json::json!({"n": 1, "x": 1, "s": "a", "m": 1, "b": true}),
            serde_json::json!({"n": 2, "x": 1.5, "s": null, "m": "z", "b": false, "late": [1]}),
        ]
        .into_iter()
        .map(|v| v.as_object().cloned().unwrap_or_default())
        .collect();
        let refs: Vec<&Map<String, Value>> = maps.iter().collect();
        let columns = columns(&refs);
        let kinds: Vec<(&str, Kind)> = columns.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        assert_eq!(
            kinds,
            [
                ("b", Kind::Bool),
                ("m", Kind::Json),
                ("n", Kind::Long),
                ("s", Kind::Text),
                ("x", Kind::Double),
                ("late", Kind::Json)
            ]
        );
    }
}
