//! Shapefiles: points and polygons, CP949 attribute tables, `.prj` and
//! `.cpg`, written here with the shapefile crate (geometry) and by hand
//! (the DBF, so that its text really is CP949).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use geo_types::{Coord, MultiPolygon};
use sightline_io::{
    Cell, Crs, Error, Plane, PointOptions, PolygonOptions, TableOptions, read_points, read_polygons,
    read_table,
};

const ESRI_5186: &str = r#"PROJCS["Korea_2000_Korea_Central_Belt_2010",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",600000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]"#;

/// A DBF field: name, type, length, decimals.
type Field<'a> = (&'a str, u8, u8, u8);

/// Writes a dBase III file with text encoded as CP949 (`cp949`) or UTF-8.
fn write_dbf(path: &Path, fields: &[Field<'_>], records: &[Vec<&str>], cp949: bool) {
    let encode = |text: &str| -> Vec<u8> {
        if cp949 {
            encoding_rs::EUC_KR.encode(text).0.into_owned()
        } else {
            text.as_bytes().to_vec()
        }
    };
    let record_len: usize = 1 + fields.iter().map(|f| usize::from(f.2)).sum::<usize>();
    let header_len = 32 + 32 * fields.len() + 1;
    let mut bytes = vec![0x03, 125, 1, 1];
    bytes.extend((records.len() as u32).to_le_bytes());
    bytes.extend((header_len as u16).to_le_bytes());
    bytes.extend((record_len as u16).to_le_bytes());
    bytes.resize(32, 0);
    for &(name, kind, length, decimals) in fields {
        let mut descriptor = encode(name);
        assert!(descriptor.len() <= 10, "{name}");
        descriptor.resize(11, 0);
        descriptor.push(kind);
        descriptor.extend([0; 4]);
        descriptor.push(length);
        descriptor.push(decimals);
        descriptor.resize(32, 0);
        bytes.extend(descriptor);
    }
    bytes.push(0x0D);
    for record in records {
        bytes.push(b' ');
        for (&(_, kind, length, _), value) in fields.iter().zip(record) {
            let mut encoded = encode(value);
            assert!(encoded.len() <= usize::from(length), "{value}");
            let pad = usize::from(length) - encoded.len();
            if kind == b'N' {
                let mut padded = vec![b' '; pad];
                padded.extend(encoded);
                encoded = padded;
            } else {
                encoded.extend(vec![b' '; pad]);
            }
            bytes.extend(encoded);
        }
    }
    bytes.push(0x1A);
    std::fs::write(path, bytes).unwrap();
}

/// Writes a `.shp` by hand (the shapefile crate writes one shape type, no
/// null shapes): `records` are each shape's content (type and payload).
fn write_shp(path: &Path, shape_type: i32, records: &[Vec<u8>]) {
    let mut body = Vec::new();
    for (k, content) in records.iter().enumerate() {
        body.extend((k as i32 + 1).to_be_bytes());
        body.extend((content.len() as i32 / 2).to_be_bytes());
        body.extend(content);
    }
    let mut bytes = Vec::new();
    bytes.extend(9994_i32.to_be_bytes());
    bytes.extend([0; 20]);
    bytes.extend(((100 + body.len()) as i32 / 2).to_be_bytes());
    bytes.extend(1000_i32.to_le_bytes());
    bytes.extend(shape_type.to_le_bytes());
    bytes.extend([0; 64]);
    bytes.extend(body);
    std::fs::write(path, bytes).unwrap();
}

fn point(x: f64, y: f64) -> Vec<u8> {
    let mut content = 1_i32.to_le_bytes().to_vec();
    content.extend(x.to_le_bytes());
    content.extend(y.to_le_bytes());
    content
}

fn null() -> Vec<u8> {
    0_i32.to_le_bytes().to_vec()
}

fn multipoint(points: &[(f64, f64)]) -> Vec<u8> {
    let mut content = 8_i32.to_le_bytes().to_vec();
    content.extend([0; 32]);
    content.extend((points.len() as i32).to_le_bytes());
    for (x, y) in points {
        content.extend(x.to_le_bytes());
        content.extend(y.to_le_bytes());
    }
    content
}

/// A point Shapefile in EPSG:5186: a point, a null shape, a MultiPoint.
fn points_shapefile(dir: &Path, cpg: Option<&str>) -> PathBuf {
    let shp = dir.join("poles.shp");
    let shapes = [
        point(185_000.0, 562_000.0),
        null(),
        multipoint(&[(185_100.0, 562_100.0), (185_200.0, 562_200.0)]),
    ];
    write_shp(&shp, 8, &shapes);
    write_dbf(
        &dir.join("poles.dbf"),
        &[
            ("이름", b'C', 20, 0),
            ("건수", b'N', 5, 0),
            ("설치일", b'D', 8, 0),
        ],
        &[
            vec!["주엽로 정문", "3", "20250304"],
            vec!["빈 곳", "", ""],
            vec!["호수공원", "2", "00000000"],
        ],
        true,
    );
    std::fs::write(dir.join("poles.prj"), ESRI_5186).unwrap();
    if let Some(cpg) = cpg {
        std::fs::write(dir.join("poles.cpg"), cpg).unwrap();
    }
    shp
}

#[test]
fn point_shapefiles_read_like_geojson() {
    for cpg in [Some("CP949\r\n"), Some("ANSI 949"), None] {
        let dir = tempfile::tempdir().unwrap();
        let shp = points_shapefile(dir.path(), cpg);
        let options = PointOptions::new().weight("건수").id("이름").properties(true);
        let layer = read_points(&shp, &options).unwrap();
        assert_eq!(layer.crs, Crs::Epsg(5186), "{cpg:?}");
        assert_eq!(
            layer.ids,
            vec!["주엽로 정문", "호수공원#1", "호수공원#2"],
            "{cpg:?}"
        );
        assert_eq!(layer.weights, vec![3.0, 2.0, 2.0]);
        assert_eq!(layer.features, vec![0, 2, 2]);
        assert_eq!(
            layer.points[2],
            Coord {
                x: 185_200.0,
                y: 562_200.0
            }
        );
        assert_eq!((layer.skipped.count, layer.skipped.rows), (1, 3));
        assert_eq!(layer.skipped.first_rows, vec![1]);
        assert_eq!(layer.properties[0]["설치일"], "2025-03-04");
        assert_eq!(layer.properties[0]["건수"], 3);
        assert!(layer.properties[1]["설치일"].is_null());
    }
}

#[test]
fn a_recognised_prj_wins_over_the_option_crs_which_serves_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let shp = points_shapefile(dir.path(), Some("949"));
    // A study's `--crs` is every layer's option: it must not undo a `.prj`.
    let options = PointOptions::new().crs(Crs::Epsg(5179)).count_weight(false);
    assert_eq!(read_points(&shp, &options).unwrap().crs, Crs::Epsg(5186));
    // A `.prj` not recognised: the option serves, else an error.
    std::fs::write(dir.path().join("poles.prj"), "PROJCS[\"Somewhere_Local\"]").unwrap();
    assert_eq!(read_points(&shp, &options).unwrap().crs, Crs::Epsg(5179));
    let error = read_points(&shp, &PointOptions::new().count_weight(false)).unwrap_err();
    assert!(error.to_string().contains("Somewhere_Local"), "{error}");
    // No `.prj`: the option.
    std::fs::remove_file(dir.path().join("poles.prj")).unwrap();
    assert_eq!(read_points(&shp, &options).unwrap().crs, Crs::Epsg(5179));
}

#[test]
fn point_shapefiles_read_as_tables() {
    let dir = tempfile::tempdir().unwrap();
    let shp = points_shapefile(dir.path(), None);
    // A MultiPoint is not one place.
    let error = read_table(&shp, &TableOptions::new()).unwrap_err();
    assert!(error.to_string().starts_with("feature 2 in "), "{error}");
    assert!(error.to_string().contains("MultiPoint"), "{error}");

    write_shp(
        &shp,
        1,
        &[point(185_000.0, 562_000.0), null(), point(185_100.0, 562_100.0)],
    );
    let table = read_table(&shp, &TableOptions::new().keep(["설치일", "이름"])).unwrap();
    assert_eq!(table.header, vec!["설치일", "이름"]);
    assert_eq!(table.rows, vec![0, 1, 2]);
    assert_eq!(
        table.cells[0],
        vec![Cell::DateTime(45720.0), Cell::Text("주엽로 정문".into())]
    );
    assert_eq!(table.cells[1][0], Cell::Empty);
    assert_eq!(table.points[1], None);
    assert_eq!(
        table.points[2],
        Some(Coord {
            x: 185_100.0,
            y: 562_100.0
        })
    );
    assert_eq!(table.crs, Crs::Epsg(5186));
}

#[test]
fn shapefile_parts_and_bad_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shp = points_shapefile(dir.path(), None);
    let dbf = shp.with_extension("dbf");
    let error = read_points(&dbf, &PointOptions::new()).unwrap_err();
    assert!(matches!(error, Error::ShapefilePart { .. }), "{error}");
    assert!(error.to_string().contains("give its .shp file: "), "{error}");
    assert!(error.to_string().ends_with("poles.shp"), "{error}");

    std::fs::write(shp.with_extension("prj"), r#"PROJCS["Mars_Grid",GEOGCS["Mars"]]"#).unwrap();
    let error = read_points(&shp, &PointOptions::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("poles.prj: the coordinate system `Mars_Grid`"),
        "{error}"
    );
    assert!(error.to_string().contains("--crs EPSG:CODE"), "{error}");
    std::fs::remove_file(shp.with_extension("prj")).unwrap();

    std::fs::write(shp.with_extension("cpg"), "Klingon").unwrap();
    let error = read_points(&shp, &PointOptions::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the code page `Klingon` is not understood"),
        "{error}"
    );
    std::fs::write(shp.with_extension("cpg"), "UTF-8").unwrap();
    let error = read_points(&shp, &PointOptions::new()).unwrap_err();
    assert!(error.to_string().contains("is not valid UTF-8"), "{error}");
    std::fs::remove_file(shp.with_extension("cpg")).unwrap();

    let mut bytes = std::fs::read(&dbf).unwrap();
    bytes.truncate(bytes.len() - 30);
    std::fs::write(&dbf, &bytes).unwrap();
    let error = read_points(&shp, &PointOptions::new()).unwrap_err();
    assert!(
        error.to_string().contains("poles.dbf: the header says 3 records"),
        "{error}"
    );

    write_dbf(
        &dbf,
        &[("n", b'N', 5, 0)],
        &[vec!["1"], vec!["x"], vec!["2"]],
        false,
    );
    let error = read_points(&shp, &PointOptions::new()).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("feature 1 in {}, field `n`: `x` is not a number", dbf.display())
    );

    std::fs::write(&shp, b"\x00\x00\x27\x0a not a shapefile").unwrap();
    let error = read_points(&shp, &PointOptions::new()).unwrap_err();
    assert!(matches!(error, Error::Shapefile { .. }), "{error}");
}

fn goyang() -> Option<PathBuf> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/goyang/goyang_dong_2018.geojson");
    if path.is_file() {
        Some(path)
    } else {
        // CI has the shared data: a skip there is a failure.
        assert!(
            std::env::var_os("SIGHTLINE_REQUIRE_SHARED_DATA").is_none(),
            "{} is absent and SIGHTLINE_REQUIRE_SHARED_DATA is set",
            path.display()
        );
        eprintln!("skipping: {} is absent", path.display());
        None
    }
}

#[test]
fn goyang_districts_from_a_cp949_shapefile_match_the_geojson() {
    let Some(geojson) = goyang() else { return };
    let districts = read_polygons(&geojson, &PolygonOptions::new()).unwrap();
    assert_eq!(districts.names.len(), 39);
    let plane = Plane::new(Crs::Epsg(5186), None).unwrap();
    let to_5186 = |multi: &MultiPolygon<f64>| {
        let mut multi = multi.clone();
        geo::MapCoordsInPlace::map_coords_in_place(&mut multi, |c| plane.from_lonlat(c).unwrap());
        multi
    };

    let dir = tempfile::tempdir().unwrap();
    let shp = dir.path().join("dong.shp");
    let mut writer = shapefile::ShapeWriter::from_path(&shp).unwrap();
    for multi in &districts.polygons {
        writer
            .write_shape(&shapefile::Polygon::from(to_5186(multi)))
            .unwrap();
    }
    writer.finalize().unwrap();
    drop(writer);
    let records: Vec<Vec<&str>> = districts
        .names
        .iter()
        .map(|name| vec!["3110", name.as_str()])
        .collect();
    write_dbf(
        &dir.path().join("dong.dbf"),
        &[("코드", b'C', 4, 0), ("이름", b'C', 30, 0)],
        &records,
        true,
    );
    std::fs::write(dir.path().join("dong.prj"), ESRI_5186).unwrap();
    std::fs::write(dir.path().join("dong.cpg"), "CP949").unwrap();

    let mut from_shp = read_polygons(&shp, &PolygonOptions::new().name("이름")).unwrap();
    assert_eq!(from_shp.crs, Crs::Epsg(5186));
    assert_eq!(from_shp.names, districts.names);
    // Without a name option and without a `name` field: numbered.
    let numbered = read_polygons(&shp, &PolygonOptions::new()).unwrap();
    assert_eq!(numbered.names[3], "district 3");

    let mut from_geojson = districts.clone();
    plane.project_polygons(&mut from_geojson).unwrap();
    plane.project_polygons(&mut from_shp).unwrap();
    for (k, (a, b)) in from_geojson.polygons.iter().zip(&from_shp.polygons).enumerate() {
        assert_eq!(a.0.len(), b.0.len(), "district {k}");
        for (p, q) in a.0.iter().zip(&b.0) {
            assert_eq!(p.interiors().len(), q.interiors().len(), "district {k}");
            let mut ring_a: Vec<Coord<f64>> = p.exterior().0.clone();
            let ring_b: Vec<Coord<f64>> = q.exterior().0.clone();
            assert_eq!(ring_a.len(), ring_b.len(), "district {k}");
            // Shapefile outer rings run clockwise: compare as sets of
            // vertices in either direction.
            if ring_a[1] != ring_b[1] && (ring_a[1] - ring_b[1]).x.abs() > 1e-3 {
                ring_a.reverse();
            }
            for (u, v) in ring_a.iter().zip(&ring_b) {
                assert!(
                    (u.x - v.x).abs() < 1e-3 && (u.y - v.y).abs() < 1e-3,
                    "district {k}: {u:?} {v:?}"
                );
            }
        }
    }
}

/// Puts `name` (raw bytes, at most 10) as the name of field `k` of a DBF.
fn set_field_name(dbf: &Path, k: usize, name: &[u8]) {
    let mut bytes = std::fs::read(dbf).unwrap();
    let at = 32 + 32 * k;
    bytes[at..at + 11].fill(0);
    bytes[at..at + name.len()].copy_from_slice(name);
    std::fs::write(dbf, bytes).unwrap();
}

/// The first `n` bytes of `text` in CP949 (`cp949`) or UTF-8: a name as
/// GDAL cuts it to fit a DBF field name.
fn cut(text: &str, n: usize, cp949: bool) -> Vec<u8> {
    let mut bytes = if cp949 {
        encoding_rs::EUC_KR.encode(text).0.into_owned()
    } else {
        text.as_bytes().to_vec()
    };
    bytes.truncate(n);
    bytes
}

#[test]
fn field_names_cut_mid_character_read_as_gdal_reads_them() {
    for (cp949, cpg) in [
        (false, None),
        (false, Some("UTF-8")),
        (true, Some("CP949")),
        (true, None),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let shp = dir.path().join("lights.shp");
        write_shp(&shp, 1, &[point(185_000.0, 562_000.0), null()]);
        let dbf = shp.with_extension("dbf");
        write_dbf(
            &dbf,
            &[
                ("a", b'C', 20, 0),
                ("b", b'C', 20, 0),
                ("c", b'C', 20, 0),
                ("d", b'C', 20, 0),
                ("e", b'N', 4, 0),
            ],
            &[
                vec!["정문 앞", "주엽로 12", "주엽동 3-1", "고양시", "2"],
                vec!["", "", "", "", ""],
            ],
            cp949,
        );
        // As GDAL writes 보안등위치명, 소재지도로명주소, 소재지지번주소 and
        // 방범용 번호: cut at 10 bytes, mid-character.
        set_field_name(&dbf, 0, &cut("보안등위치명", 10, cp949));
        set_field_name(&dbf, 1, &cut("소재지도로명주소", 10, cp949));
        set_field_name(&dbf, 2, &cut("소재지지번주소", 10, cp949));
        set_field_name(&dbf, 3, &cut("방범용 번호", 10, cp949));
        if cp949 {
            // Not cut by the limit but by GDAL making a cut name
            // distinct: a lead byte, then `_1`.
            let mut name = cut("관리기관", 5, true);
            name.extend(b"_1");
            set_field_name(&dbf, 4, &name);
        } else {
            let mut name = cut("관리기관", 8, false);
            name.extend(b"_1");
            set_field_name(&dbf, 4, &name);
        }
        if let Some(cpg) = cpg {
            std::fs::write(shp.with_extension("cpg"), cpg).unwrap();
        }
        std::fs::write(shp.with_extension("prj"), ESRI_5186).unwrap();
        let table = read_table(&shp, &TableOptions::new()).unwrap();
        // In CP949 a Korean character is two bytes: five fit whole.
        let expected: &[&str] = if cp949 {
            &["보안등위치", "소재지도로", "소재지지번", "방범용 번", "관리_1"]
        } else {
            // Two names equal once cut: the second gets `_1`.
            &["보안등", "소재지", "소재지_1", "방범용", "관리_1"]
        };
        assert_eq!(table.header, expected, "{cp949} {cpg:?}");
        assert_eq!(table.cells[0][0], Cell::Text("정문 앞".into()));
        assert_eq!(table.cells[0][4], Cell::Number(2.0));
        let layer = read_points(&shp, &PointOptions::new().weight("관리_1").properties(true)).unwrap();
        assert_eq!(layer.weights, vec![2.0]);
        assert_eq!(layer.properties[0][expected[2]], "주엽동 3-1");
    }

    // Values stay strict: a bad byte in a value names the feature and field.
    let dir = tempfile::tempdir().unwrap();
    let shp = dir.path().join("lights.shp");
    write_shp(&shp, 1, &[point(185_000.0, 562_000.0)]);
    let dbf = shp.with_extension("dbf");
    write_dbf(&dbf, &[("a", b'C', 12, 0)], &[vec!["정문"]], false);
    set_field_name(&dbf, 0, &cut("보안등위치명", 10, false));
    let mut bytes = std::fs::read(&dbf).unwrap();
    let end = bytes.len() - 1;
    bytes[end - 12 + 6] = 0xEC;
    std::fs::write(&dbf, bytes).unwrap();
    std::fs::write(shp.with_extension("cpg"), "UTF-8").unwrap();
    let error = read_table(&shp, &TableOptions::new()).unwrap_err().to_string();
    assert!(
        error.contains("feature 0") && error.contains("`보안등`"),
        "{error}"
    );
    assert!(error.contains("not valid UTF-8"), "{error}");
}
