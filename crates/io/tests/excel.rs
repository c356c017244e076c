//! Excel point layers and tables, written with rust_xlsxwriter.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sightline_io::{Cell, Error, PointOptions, TableOptions, read_points, read_table};

/// A sheet `민원` whose used range starts at B3: header on row 3.
fn workbook(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("민원").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (col, name) in ["제목", "접수", "건수", "경도", "위도"].into_iter().enumerate() {
        sheet.write_string(2, 1 + col as u16, name).unwrap();
    }
    // Row 4: a full row; row 5: no coordinates; row 6: text coordinates.
    sheet.write_string(3, 1, "가로등이 어두워요").unwrap();
    let when = ExcelDateTime::parse_from_str("2025-03-04 21:15:00").unwrap();
    sheet.write_datetime_with_format(3, 2, &when, &date).unwrap();
    sheet.write_number(3, 3, 12.0).unwrap();
    sheet.write_number(3, 4, 126.123456789).unwrap();
    sheet.write_number(3, 5, 37.6).unwrap();
    sheet.write_string(4, 1, "쓰레기 무단투기").unwrap();
    sheet.write_number(4, 3, 1.0).unwrap();
    sheet.write_string(5, 1, "불안해요").unwrap();
    sheet.write_boolean(5, 2, true).unwrap();
    sheet.write_number(5, 3, 2.0).unwrap();
    sheet.write_string(5, 4, "126.9").unwrap();
    sheet.write_string(5, 5, "37.7").unwrap();
    book.save(path).unwrap();
}

#[test]
fn excel_point_layers_read_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.xlsx");
    workbook(&path);
    let options = PointOptions::new().weight("건수").properties(true);
    let layer = read_points(&path, &options).unwrap();
    assert_eq!(layer.sheet.as_deref(), Some("민원"));
    assert_eq!(layer.features, vec![4, 6]);
    assert_eq!(layer.ids, vec!["4", "6"]);
    assert_eq!(layer.weights, vec![12.0, 2.0]);
    assert_eq!(layer.points[0].x, 126.123456789);
    assert_eq!(layer.skipped.first_rows, vec![5]);
    assert_eq!(layer.properties[0]["접수"], "2025-03-04 21:15:00");
    assert_eq!(layer.properties[0]["건수"], "12");
    assert_eq!(layer.properties[1]["접수"], "true");

    // The same by bytes, under another name.
    let renamed = dir.path().join("calls.data");
    std::fs::copy(&path, &renamed).unwrap();
    assert_eq!(read_points(&renamed, &options).unwrap().features, vec![4, 6]);

    // A text weight names the sheet, row and column.
    let error = read_points(&path, &PointOptions::new().weight("제목")).unwrap_err();
    assert!(matches!(error, Error::SheetRow { row: 4, .. }), "{error}");
    assert!(
        error.to_string().starts_with("row 4 of sheet `민원` in "),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .ends_with("column `제목` is \"가로등이 어두워요\", expected a number"),
        "{error}"
    );
}

#[test]
fn excel_tables_keep_cell_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.xlsx");
    workbook(&path);
    let table = read_table(&path, &TableOptions::new().keep(["접수", "제목"])).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("민원"));
    assert_eq!(table.header, vec!["접수", "제목"]);
    assert_eq!(table.rows, vec![4, 5, 6]);
    assert_eq!(table.cells[0][0].as_text(), "2025-03-04 21:15:00");
    assert!(matches!(table.cells[0][0], Cell::DateTime(_)));
    assert_eq!(table.cells[1][0], Cell::Empty);
    assert_eq!(table.cells[2][0], Cell::Bool(true));
    assert_eq!(table.points.iter().filter(|p| p.is_some()).count(), 2);
    assert_eq!(table.coordinate_columns, Some(("경도".into(), "위도".into())));

    let error = read_table(&path, &TableOptions::new().sheet("Sheet1")).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("no sheet `Sheet1`; the sheets are `민원`"),
        "{error}"
    );
}

#[test]
fn csv_tables_count_unusable_coordinates_and_keep_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    let (bytes, _, _) =
        encoding_rs::EUC_KR.encode("제목;주소;x;y\n어두워요;고양시;abc;37.6\n무서워요;일산;;\n");
    std::fs::write(&path, &bytes).unwrap();
    let table = read_table(&path, &TableOptions::new().columns("x", "y")).unwrap();
    assert_eq!(table.header, vec!["제목", "주소", "x", "y"]);
    assert_eq!(table.rows, vec![2, 3]);
    assert_eq!(table.points, vec![None, None]);
    assert_eq!(table.unusable_coordinates.count, 1);
    assert_eq!(table.unusable_coordinates.first_rows, vec![2]);
    assert_eq!(table.cells[1][2], Cell::Empty);
    // No coordinate columns: no points, no error.
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "제목,주소\n어두워요,고양시\n무서워요,일산\n").unwrap();
    let table = read_table(&plain, &TableOptions::new().keep(["주소"])).unwrap();
    assert_eq!((table.coordinate_columns, table.points.len()), (None, 2));
    let error = read_table(&path, &TableOptions::new().columns("lon", "lat")).unwrap_err();
    assert!(error.to_string().contains("no column `lon`"), "{error}");
}

/// A government export: a merged title in A1, a blank row, the header on
/// row 3 (from column `first`), a blank row inside the data.
fn titled(path: &Path, first: u16) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("민원목록").unwrap();
    sheet
        .merge_range(0, 0, 0, 5, "2025년 민원 접수 현황 (덕양구)", &Format::new())
        .unwrap();
    for (col, name) in ["접수번호", "제목", "주소", "경도", "위도"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(2, first + col as u16, name).unwrap();
    }
    let rows = [
        ("2AA-01", "가로등 고장", "누리로 49", Some((126.83, 37.65))),
        ("2AA-02", "무서워요", "", None),
        ("", "", "", None),
        ("2AA-03", "쓰레기", "화정로 12", Some((126.84, 37.66))),
    ];
    for (k, (id, title, address, point)) in rows.into_iter().enumerate() {
        let row = 3 + k as u32;
        for (col, text) in [id, title, address].into_iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(row, first + col as u16, text).unwrap();
            }
        }
        if let Some((x, y)) = point {
            sheet.write_number(row, first + 3, x).unwrap();
            sheet.write_number(row, first + 4, y).unwrap();
        }
    }
    // A blank row formatted (so in the used range) below the data.
    sheet.write_blank(8, first, &Format::new().set_bold()).unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_title_above_the_header_is_passed_over_and_blank_rows_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    for first in [0, 1] {
        let path = dir.path().join(format!("title{first}.xlsx"));
        titled(&path, first);
        for options in [
            TableOptions::new().keep(["제목", "주소"]),
            TableOptions::new().columns("경도", "위도"),
            TableOptions::new(),
        ] {
            let table = read_table(&path, &options).unwrap();
            assert_eq!(table.header_row, Some(3), "column {first}: {options:?}");
            // Excel's own row numbers; the blank row 6 is skipped.
            assert_eq!(table.rows, vec![4, 5, 7], "column {first}: {options:?}");
            assert_eq!(table.blank_rows, 1);
            assert_eq!(table.points.iter().flatten().count(), 2);
        }
        let table = read_table(&path, &TableOptions::new().keep(["제목"])).unwrap();
        assert_eq!(table.cells[2], vec![Cell::Text("쓰레기".into())]);

        let layer = read_points(&path, &PointOptions::new().id("접수번호")).unwrap();
        assert_eq!(layer.header_row, Some(3));
        assert_eq!(layer.features, vec![4, 7]);
        assert_eq!(layer.ids, vec!["2AA-01", "2AA-03"]);
        assert_eq!(layer.skipped.blank_rows, 1);
        assert_eq!((layer.skipped.rows, layer.skipped.count), (3, 1));
        assert_eq!(layer.skipped.first_rows, vec![5]);
        let layer = read_points(&path, &PointOptions::new()).unwrap();
        assert_eq!((layer.header_row, layer.features.clone()), (Some(3), vec![4, 7]));

        // A column no row holds: the columns of the row most like a header.
        let error = read_table(&path, &TableOptions::new().keep(["제목", "내용"]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("no column `내용`; the header is "), "{error}");
        assert!(
            error.contains("`접수번호`, `제목`, `주소`, `경도`, `위도`"),
            "{error}"
        );
        assert!(!error.contains("2025년"), "{error}");
        let error = read_points(&path, &PointOptions::new().weight("건수")).unwrap_err();
        assert!(error.to_string().contains("`접수번호`, `제목`"), "{error}");
    }
}

#[test]
fn without_names_the_header_is_the_fullest_of_the_first_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "민원 목록").unwrap();
    sheet.write_string(1, 0, "작성: 안전총괄과").unwrap();
    for (col, name) in ["번호", "제목", "주소"].into_iter().enumerate() {
        sheet.write_string(3, col as u16, name).unwrap();
    }
    sheet.write_number(4, 0, 1.0).unwrap();
    sheet.write_string(4, 1, "가로등").unwrap();
    book.save(&path).unwrap();
    let table = read_table(&path, &TableOptions::new()).unwrap();
    assert_eq!(table.header_row, Some(4));
    assert_eq!(table.header, vec!["번호", "제목", "주소"]);
    assert_eq!(table.rows, vec![5]);
}

#[test]
fn blank_csv_rows_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    std::fs::write(
        &path,
        "번호,제목,lon,lat\n1,어두워요,126.8,37.6\n,,,\n2,무서워요,,\n , ,,\n3,쓰레기,126.9,37.7\n",
    )
    .unwrap();
    let table = read_table(&path, &TableOptions::new()).unwrap();
    assert_eq!(table.header_row, Some(1));
    assert_eq!(table.rows, vec![2, 4, 6]);
    assert_eq!(table.blank_rows, 2);
    let layer = read_points(&path, &PointOptions::new()).unwrap();
    assert_eq!(layer.header_row, Some(1));
    assert_eq!(layer.features, vec![2, 6]);
    assert_eq!(layer.skipped.blank_rows, 2);
    assert_eq!((layer.skipped.rows, layer.skipped.count), (3, 1));
    assert_eq!(layer.skipped.first_rows, vec![4]);
}
