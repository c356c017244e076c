//! CSV point layers: encodings, columns, skipped rows, errors, and the
//! national standard security-light files from ../shared/data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use sightline_io::{Crs, CsvFormat, Encoding, Error, Plane, PointLayer, PointOptions, Skipped, read_points};

/// Writes `bytes` to `name` in a new temporary folder.
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn read(path: &Path) -> PointLayer {
    read_points(path, &PointOptions::new()).unwrap()
}

fn message(path: &Path, options: &PointOptions) -> String {
    read_points(path, options).unwrap_err().to_string()
}

const KOREAN: &str =
    "보안등위치명,설치개수,위도,경도\n정문 앞,2,37.60714288,126.8463765\n후문,1,37.59909541,126.8437613\n";

#[test]
fn utf8_with_and_without_bom() {
    let (_dir, plain) = file("plain.csv", KOREAN.as_bytes());
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(KOREAN.as_bytes());
    let (_dir2, with_bom) = file("bom.csv", &bom);
    for path in [&plain, &with_bom] {
        let layer = read(path);
        assert_eq!(layer.crs, Crs::LonLat);
        assert_eq!(layer.format, Some(CsvFormat::NationalSecurityLight));
        assert_eq!(layer.points.len(), 2);
        assert_eq!((layer.points[0].x, layer.points[0].y), (126.8463765, 37.60714288));
        assert_eq!(layer.weights, vec![2.0, 1.0]);
        assert_eq!(layer.ids, vec!["2", "3"]);
        assert!(layer.skipped.is_empty());
        let forced = read_points(path, &PointOptions::new().encoding(Encoding::Utf8)).unwrap();
        assert_eq!(forced.points, layer.points);
    }
    // Properties by Korean column names, after a BOM too.
    let layer = read_points(&with_bom, &PointOptions::new().id("보안등위치명")).unwrap();
    assert_eq!(layer.ids, vec!["정문 앞", "후문"]);
}

#[test]
fn cp949_is_detected_and_can_be_forced() {
    let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(KOREAN);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let (_dir, path) = file("lights.csv", &bytes);
    let options = PointOptions::new().id("보안등위치명");
    let auto = read_points(&path, &options).unwrap();
    assert_eq!(auto.ids, vec!["정문 앞", "후문"]);
    assert_eq!(auto.format, Some(CsvFormat::NationalSecurityLight));
    let forced = read_points(&path, &options.clone().encoding(Encoding::Cp949)).unwrap();
    assert_eq!(forced.ids, auto.ids);
    assert_eq!(forced.points, auto.points);
}

#[test]
fn forced_utf8_on_cp949_names_the_line_and_suggests_cp949() {
    // An ASCII header, so the first bad byte is on the second line.
    let text = "name,lon,lat\n정문,126.8,37.6\n";
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(text);
    let (_dir, path) = file("poles.csv", &bytes);
    let error = read_points(&path, &PointOptions::new().encoding(Encoding::Utf8)).unwrap_err();
    assert!(matches!(error, Error::Decode { line: 2, .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("{}, line 2: not valid UTF-8", path.display())),
        "{text}"
    );
    assert!(text.contains("`cp949`"), "{text}");
}

#[test]
fn bytes_in_neither_encoding_are_an_error() {
    // 0xFF is neither UTF-8 nor a CP949 lead byte.
    let (_dir, path) = file("junk.csv", b"lon,lat\n\xFF\xFF,37.6\n");
    let text = message(&path, &PointOptions::new());
    assert!(text.contains("junk.csv, line 2"), "{text}");
    assert!(
        text.contains("neither UTF-8 (first bad byte on line 2) nor CP949"),
        "{text}"
    );
}

#[test]
fn a_bad_byte_in_utf8_korean_text_is_reported_where_it_is() {
    // Valid UTF-8 Korean on lines 1-3, one stray byte on line 4: CP949
    // decoding fails on line 1 already, but the file is UTF-8 gone wrong.
    let mut bytes = "경도,위도,이름\n126.8,37.6,가\n126.9,37.6,나\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"126.9,37.7,\xFF\n");
    let (_dir, path) = file("stray.csv", &bytes);
    let text = message(&path, &PointOptions::new());
    assert!(text.contains("first bad byte on line 4"), "{text}");
    // With a byte order mark the file says it is UTF-8.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    let (_dir, path) = file("bom.csv", &with_bom);
    let text = message(&path, &PointOptions::new());
    assert!(text.contains("bom.csv, line 4: not valid UTF-8"), "{text}");
}

#[test]
fn encodings_parse() {
    for (input, expected) in [
        ("auto", Encoding::Auto),
        ("UTF-8", Encoding::Utf8),
        ("utf8", Encoding::Utf8),
        ("CP949", Encoding::Cp949),
        ("euc-kr", Encoding::Cp949),
        ("EucKr", Encoding::Cp949),
    ] {
        assert_eq!(input.parse::<Encoding>().unwrap(), expected, "{input}");
    }
    let error = "latin-1".parse::<Encoding>().unwrap_err();
    assert!(
        error.to_string().contains("`latin-1` is not an encoding"),
        "{error}"
    );
}

#[test]
fn coordinate_columns_are_recognised_by_name() {
    for header in ["경도,위도", "Longitude,Latitude", " \"LON\" , lat ", "lng,lat"] {
        let (_dir, path) = file("p.csv", format!("{header}\n126.8,37.6\n").as_bytes());
        let layer = read(&path);
        assert_eq!((layer.points[0].x, layer.points[0].y), (126.8, 37.6), "{header}");
        assert_eq!(layer.crs, Crs::LonLat);
        assert_eq!(layer.format, Some(CsvFormat::Generic));
    }
    // Latitude first in the file makes no difference.
    let (_dir, path) = file("p.csv", b"lat,lon\n37.6,126.8\n");
    assert_eq!(read(&path).points[0].x, 126.8);
}

#[test]
fn missing_coordinate_columns_name_what_was_looked_for() {
    let (_dir, path) = file("p.csv", b"name,addr\na,b\n");
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(matches!(error, Error::MissingColumn { .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.starts_with(&path.display().to_string()), "{text}");
    assert!(
        text.contains("`경도`/`위도`") && text.contains("`x`/`y`"),
        "{text}"
    );
    assert!(text.contains("the header is `name`, `addr`"), "{text}");
    // Explicit columns that are not there.
    let text = message(&path, &PointOptions::new().columns("east", "north"));
    assert!(
        text.contains("no column `east`; the header is `name`, `addr`"),
        "{text}"
    );
}

#[test]
fn explicit_columns_win_over_names() {
    let (_dir, path) = file("p.csv", b"lon,lat,LON2,LAT2\n1,2,126.8,37.6\n");
    let layer = read_points(&path, &PointOptions::new().columns("lon2", "lat2")).unwrap();
    assert_eq!((layer.points[0].x, layer.points[0].y), (126.8, 37.6));
}

#[test]
fn x_y_in_epsg_5186() {
    // Goyang's reference point in EPSG:5186 (../shared/design/DEPENDENCIES.md).
    let (_dir, path) = file(
        "p.csv",
        b"id,X,Y\nA,185175.877923,562053.588425\nB,186175.877923,562053.588425\n",
    );
    let options = PointOptions::new().crs(Crs::Epsg(5186)).id("id");
    let mut layer = read_points(&path, &options).unwrap();
    assert_eq!(layer.crs, Crs::Epsg(5186));
    assert_eq!(layer.ids, vec!["A", "B"]);
    let plane = Plane::for_layers(&[&layer], &[]).unwrap();
    plane.project_points(&mut layer).unwrap();
    let dx = layer.points[1].x - layer.points[0].x;
    assert!((dx - 1000.0).abs() < 1.0, "{dx}");

    // Without the CRS, metres are out of longitude/latitude range: every
    // row is skipped, and the error hints at a projected system.
    let text = message(&path, &PointOptions::new());
    assert!(text.contains("out of range: 2"), "{text}");
    assert!(
        text.contains("look projected, in metres, like EPSG:5186"),
        "{text}"
    );
    assert!(text.contains("--crs EPSG:5186"), "{text}");

    // Longitude/latitude columns read as EPSG:5186 are refused.
    let (_dir, path) = file("q.csv", b"x,y\n126.8,37.6\n");
    let text = message(&path, &PointOptions::new().crs(Crs::Epsg(5186)));
    assert!(text.contains("is it longitude/latitude?"), "{text}");
}

#[test]
fn skipped_rows_are_counted_with_their_numbers() {
    let mut text = String::from("name,lon,lat\n");
    let rows = [
        "a,126.8,37.6",
        "b,,",
        "c, ,37.6",
        "d,abc,37.6",
        "e,NaN,37.6",
        "f,200.5,37.6",
        "g,126.9,37.7",
    ];
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    let (_dir, path) = file("p.csv", text.as_bytes());
    let layer = read(&path);
    assert_eq!(layer.points.len(), 2);
    // Rows as a spreadsheet numbers them: the header is row 1.
    assert_eq!(layer.features, vec![2, 8]);
    assert_eq!(layer.ids, vec!["2", "8"]);
    assert_eq!(
        layer.skipped,
        Skipped {
            rows: 7,
            count: 5,
            empty: 2,
            invalid: 2,
            out_of_range: 1,
            first_rows: vec![3, 4, 5, 6, 7],
            blank_rows: 0,
        }
    );
    assert_eq!(
        layer.skipped.describe().unwrap(),
        "skipped 5 of 7 rows without usable coordinates (empty: 2; invalid: 2; out of range: 1; first rows: 3, 4, 5, 6, 7)"
    );
}

#[test]
fn only_the_first_ten_skipped_rows_are_listed() {
    let mut text = String::from("name,lon,lat\na,126.8,37.6\n");
    for _ in 0..12 {
        text.push_str("b,,\n");
    }
    let (_dir, path) = file("p.csv", text.as_bytes());
    let skipped = read(&path).skipped;
    assert_eq!(skipped.count, 12);
    assert_eq!(skipped.first_rows, (3..13).collect::<Vec<_>>());
    assert!(
        skipped
            .to_string()
            .ends_with("first rows: 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...)"),
        "{skipped}"
    );
}

#[test]
fn no_usable_rows_is_an_error() {
    let (_dir, path) = file("p.csv", b"name,lon,lat\na,,\nb,,\n");
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(matches!(error, Error::NoUsableRows { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("no row has usable coordinates (skipped 2 of 2 rows"),
        "{error}"
    );
    let (_dir, path) = file("q.csv", b"lon,lat\n");
    assert!(message(&path, &PointOptions::new()).ends_with("q.csv: no data rows"));
    // Rows of nothing but empty cells are blank rows, not data.
    let (_dir, path) = file("r.csv", b"lon,lat\n,\n,\n");
    let text = message(&path, &PointOptions::new());
    assert!(text.ends_with("r.csv: no data rows, only 2 blank rows"), "{text}");
}

#[test]
fn ragged_rows_are_errors() {
    let (_dir, path) = file("p.csv", b"name,lon,lat\na,126.8,37.6\nb,126.8\n");
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(
        matches!(error, Error::CsvRow { row: 3, line: 3, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "row 3 (line 3) in {}: has 2 fields, but the header has 3 fields",
            path.display()
        )
    );
}

#[test]
fn swapped_longitude_and_latitude_are_errors() {
    let (_dir, path) = file("p.csv", "위도,경도\n37.6,126.8\n126.9,37.7\n".as_bytes());
    let text = message(&path, &PointOptions::new());
    assert!(text.starts_with("row 3 (line 3) in "), "{text}");
    assert!(
        text.ends_with(
            "latitude 126.9 is outside [-90, 90]; are longitude and latitude swapped? \
             (longitude from column `경도`, latitude from `위도`)"
        ),
        "{text}"
    );
}

#[test]
fn explicit_weight_must_be_numeric() {
    let (_dir, path) = file(
        "p.csv",
        b"lon,lat,w\n126.8,37.6,2\n126.8,37.6,\" 3.5 \"\n126.8,37.6,many\n",
    );
    let error = read_points(&path, &PointOptions::new().weight("w")).unwrap_err();
    assert!(
        matches!(error, Error::CsvValue { row: 4, line: 4, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "row 4 (line 4) in {}: column `w` is \"many\", expected a number",
            path.display()
        )
    );
    let (_dir, path) = file(
        "q.csv",
        b"lon,lat,w\n126.8,37.6,2\n126.8,37.6,\" 3.5 \"\n126.8,37.6,-1\n",
    );
    let text = message(&path, &PointOptions::new().weight("w"));
    assert!(text.contains("expected a finite, non-negative number"), "{text}");
    let (_dir, path) = file("r.csv", b"lon,lat,w\n126.8,37.6,2\n126.8,37.6,\" 3.5 \"\n");
    assert_eq!(
        read_points(&path, &PointOptions::new().weight("w"))
            .unwrap()
            .weights,
        vec![2.0, 3.5]
    );
    let text = message(&path, &PointOptions::new().weight("weight"));
    assert!(text.contains("no column `weight`"), "{text}");
}

#[test]
fn default_count_weights_fall_back_to_one_and_are_counted() {
    let text = "보안등위치명,설치개수,위도,경도\na,2,37.6,126.8\nb,,37.6,126.8\nc,두개,37.6,126.8\n";
    let (_dir, path) = file("p.csv", text.as_bytes());
    let layer = read(&path);
    assert_eq!(layer.weights, vec![2.0, 1.0, 1.0]);
    assert_eq!(layer.defaulted_weights, 2);
    // An explicit weight on the same column is strict.
    let error = message(&path, &PointOptions::new().weight("설치개수"));
    assert!(
        error.contains("row 3 (line 3)") && error.contains("column `설치개수` is \"\""),
        "{error}"
    );
}

#[test]
fn national_cctv_weights_are_camera_counts() {
    let text = "관리기관명,소재지도로명주소,소재지지번주소,설치목적구분,카메라대수,카메라화소수,촬영방면정보,보관일수,설치연월,관리기관전화번호,위도,경도,데이터기준일자\n\
                고양시,,,생활방범,4,200,,30,2019-01,031,37.658,126.832,2021-09-27\n";
    let (_dir, path) = file("cctv.csv", text.as_bytes());
    let layer = read(&path);
    assert_eq!(layer.format, Some(CsvFormat::NationalCctv));
    assert_eq!(layer.weights, vec![4.0]);
}

#[test]
fn ids_and_lists_come_from_columns() {
    let text = "site,lon,lat,look\nA,126.8,37.6,\"90, 270\"\nB,126.8,37.6,\nA,126.9,37.7,45\n";
    let (_dir, path) = file("p.csv", text.as_bytes());
    let options = PointOptions::new().id("site").number_list("look");
    let layer = read_points(&path, &options).unwrap();
    assert_eq!(layer.ids, vec!["A", "B", "A"]);
    assert_eq!(
        layer.number_lists[0],
        vec![Some(vec![90.0, 270.0]), None, Some(vec![45.0])]
    );
    let error = read_points(&path, &options.unique_ids(true)).unwrap_err();
    assert!(
        matches!(
            error,
            Error::DuplicateId {
                first: 2,
                second: 4,
                ..
            }
        ),
        "{error:?}"
    );
    let (_dir, path) = file("q.csv", b"lon,lat,look\n126.8,37.6,north\n");
    let text = message(&path, &PointOptions::new().number_list("look"));
    assert!(
        text.contains("row 2 (line 2)") && text.contains("column `look` is \"north\""),
        "{text}"
    );
}

#[test]
fn geojson_layers_skip_nothing() {
    let (_dir, path) = file(
        "p.geojson",
        br#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [126.8, 37.6]}}
        ]}"#,
    );
    let layer = read(&path);
    assert_eq!(layer.format, None);
    assert_eq!(layer.skipped, Skipped::default());
    assert_eq!(layer.defaulted_weights, 0);
}

/// A GeoJSON feature's longitude, latitude and name, as published.
fn geojson_lights(path: &Path) -> Vec<(f64, f64, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let collection: geojson::FeatureCollection = text.parse().unwrap();
    collection
        .features
        .iter()
        .map(|feature| {
            let geometry = feature.geometry.as_ref().unwrap();
            let geojson::GeometryValue::Point { coordinates } = &geometry.value else {
                panic!("not a point");
            };
            let name = feature
                .property("보안등위치명")
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            (coordinates[0], coordinates[1], name)
        })
        .collect()
}

#[test]
fn goyang_security_lights_csv() {
    let Some(data) = sightline_benchmarks::shared_data("io CSV real data") else {
        return;
    };
    let path = data.join("goyang/goyang_security_lights_2021_cp949.csv");
    let options = PointOptions::new().id("보안등위치명");
    let layer = read_points(&path, &options).unwrap();
    assert_eq!(layer.format, Some(CsvFormat::NationalSecurityLight));
    assert_eq!(layer.crs, Crs::LonLat);
    assert_eq!(layer.skipped.rows, 12_108);
    // Every skipped row has both coordinates empty; none is malformed.
    assert_eq!(layer.skipped.count, 6_374);
    assert_eq!(layer.skipped.empty, 6_374);
    assert_eq!(layer.skipped.first_rows, vec![5, 6, 7, 9, 10, 11, 12, 15, 16, 17]);
    assert_eq!(layer.points.len(), 12_108 - 6_374);
    // 설치개수 is "1" on every row.
    assert_eq!(layer.weights, vec![1.0; 5_734]);
    assert_eq!(layer.defaulted_weights, 0);
    for point in &layer.points {
        assert!((126.6..127.0).contains(&point.x), "{point:?}");
        assert!((37.5..37.8).contains(&point.y), "{point:?}");
    }
    assert_eq!(
        layer.skipped.describe().unwrap(),
        "skipped 6374 of 12108 rows without usable coordinates (empty: 6374; first rows: 5, 6, 7, 9, 10, 11, 12, 15, 16, 17, ...)"
    );

    // The GeoJSON holds exactly the rows with coordinates, in order.
    let geojson = geojson_lights(&data.join("goyang/goyang_security_lights.geojson"));
    assert_eq!(geojson.len(), 5_734);
    for (k, (x, y, name)) in geojson.iter().enumerate() {
        assert_eq!((layer.points[k].x, layer.points[k].y), (*x, *y), "point {k}");
        assert_eq!(&layer.ids[k], name, "point {k}");
    }
    assert_eq!(layer.features[..3], [2, 3, 4]);
    assert_eq!(*layer.features.last().unwrap(), 12_108);
}

#[test]
fn gangnam_security_lights_csv() {
    let Some(data) = sightline_benchmarks::shared_data("io CSV real data") else {
        return;
    };
    let path = data.join("seoul/gangnam_security_lights_2021_cp949.csv");
    let layer = read_points(&path, &PointOptions::new().id("보안등위치명")).unwrap();
    assert_eq!(layer.format, Some(CsvFormat::NationalSecurityLight));
    assert_eq!(layer.skipped.rows, 10_210);
    assert!(layer.skipped.is_empty());
    assert_eq!(layer.points.len(), 10_210);
    // 설치개수 is 1 or 2.
    assert!(layer.weights.iter().all(|w| *w == 1.0 || *w == 2.0));
    for point in &layer.points {
        assert!((127.0..127.15).contains(&point.x), "{point:?}");
        assert!((37.45..37.55).contains(&point.y), "{point:?}");
    }

    // The GeoJSON has one feature less: it lacks row 6020 (file line
    // 6020, `세곡동451` at 127.093523, 37.46247699), a row with valid
    // coordinates that the GeoJSON's publisher left out. Every other row
    // matches the GeoJSON, in order.
    let geojson = geojson_lights(&data.join("seoul/gangnam_security_lights.geojson"));
    assert_eq!(geojson.len(), 10_209);
    let missing = 6_018; // 0-based
    assert_eq!(layer.ids[missing], "세곡동451");
    assert_eq!(
        (layer.points[missing].x, layer.points[missing].y),
        (127.093523, 37.46247699)
    );
    let rest = (0..layer.points.len()).filter(|&k| k != missing);
    for (k, (x, y, name)) in rest.zip(&geojson) {
        assert_eq!((layer.points[k].x, layer.points[k].y), (*x, *y), "row {}", k + 2);
        assert_eq!(&layer.ids[k], name, "row {}", k + 2);
    }
}

#[test]
fn crlf_blank_lines_and_multiline_fields() {
    let text = "name,lon,lat\r\n\"two\r\nlines\",126.8,37.6\r\n\r\nb,,\r\nc,126.9,37.7\r\n";
    let (_dir, path) = file("p.csv", text.as_bytes());
    let layer = read_points(&path, &PointOptions::new().id("name")).unwrap();
    assert_eq!(layer.ids, vec!["two\r\nlines", "c"]);
    // The blank line is not a row; row numbers count records, and a
    // record spanning two lines is one row.
    assert_eq!(layer.skipped.first_rows, vec![3]);
    assert_eq!(layer.features, vec![2, 4]);
    // Lines count from the record's start, past the field spanning two.
    let (_dir, path) = file("q.csv", b"name,lon,lat\n\"two\nlines\",126.8,37.6\nb,1\n");
    let error = read_points(&path, &PointOptions::new()).unwrap_err();
    assert!(
        matches!(error, Error::CsvRow { row: 3, line: 4, .. }),
        "{error:?}"
    );
}

#[test]
fn a_far_csv_row_is_named_by_its_row() {
    // Row 4 (the third data row) lies in Busan, 300 km from the others.
    let (_dir, path) = file(
        "p.csv",
        b"lon,lat\n126.83,37.65\n126.84,37.66\n129.07,35.18\n126.83,37.66\n",
    );
    let mut layer = read(&path);
    assert_eq!(layer.features, vec![2, 3, 4, 5]);
    let plane = Plane::for_layers(&[&layer], &[]).unwrap();
    let error = plane.project_points(&mut layer).unwrap_err();
    assert!(matches!(error, Error::TooFar { index: 4, .. }), "{error:?}");
    assert!(error.to_string().starts_with("row 4 in "), "{error}");
}
