//! Outputs in Korean: `report.md` in Korean terms, and the Goyang map's
//! dong names drawn with real glyphs, not boxes, wherever a Korean font
//! of the SVGs' font stack (or any other with Hangul) is installed.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::sync::Arc;

use resvg::usvg::{self, fontdb};
use sightline::output::{self, Lang, ReportContext};
use sightline::prelude::*;
use sightline::synthetic::{CitySize, SyntheticCity};

#[test]
fn a_korean_report_speaks_korean() {
    let city = SyntheticCity::generate(CitySize::Small);
    let plan = plan(
        &city.scenario,
        &PlanRequest::new(12, Circular::new(100.0).unwrap()),
    )
    .unwrap();
    let report = output::report_md(&plan, &ReportContext::new("고양시 CCTV").lang(Lang::Ko));
    for term in [
        "# 고양시 CCTV",
        "## 결과",
        "| 신규 CCTV | 12대 |",
        "기존 CCTV",
        "상한: 카메라 12대로 가능한 최대치",
        "격차",
        "## 사각지대",
        "## 행정구역별 결과",
        "## 기술 정보",
        "풀이 방법",
    ] {
        assert!(report.contains(term), "{term} missing from:\n{report}");
    }
    for heading in report.lines().filter(|line| line.starts_with('#')) {
        assert!(
            heading.chars().any(|c| ('가'..='힣').contains(&c)),
            "an English heading is left: {heading}"
        );
    }
    for english in [
        "Upper bound",
        "Gap",
        "Blind spots",
        "New cameras",
        "Covered",
        "Solver",
    ] {
        assert!(!report.contains(english), "{english} in:\n{report}");
    }
    // Thousands grouped as Korean readers expect.
    assert!(report.contains(&format!("| 전체 수요 | {} |", Lang::Ko.number(plan.total_weight))));
    assert!(plan.total_weight >= 1000.0 && Lang::Ko.number(plan.total_weight).contains(','));
}

/// The families of a `font-family` value, in order, without quotes.
fn families(stack: &str) -> Vec<String> {
    stack
        .split(',')
        .map(|family| family.trim().trim_matches(|c| c == '\'' || c == '"').to_owned())
        .filter(|family| !family.is_empty())
        .collect()
}

/// True when the face has a glyph for `c`.
fn has_glyph(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index)
            .ok()
            .and_then(|face| face.glyph_index(c))
            .is_some()
    })
    .unwrap_or(false)
}

/// How a renderer finds `c`: the first family of the stack that is
/// installed and has the glyph (`Some(true)`), else any installed face
/// that has it (`Some(false)`, the renderer's fallback), else none: a
/// box.
fn resolve(db: &fontdb::Database, stack: &[String], c: char) -> Option<bool> {
    for family in stack {
        let named = db.faces().filter(|face| {
            face.families
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(family))
        });
        if named.into_iter().any(|face| has_glyph(db, face.id, c)) {
            return Some(true);
        }
    }
    db.faces().any(|face| has_glyph(db, face.id, c)).then_some(false)
}

#[test]
fn goyang_dong_names_have_glyphs_in_korean_maps() {
    let test = "Korean map glyphs";
    let Some(data) = sightline_benchmarks::shared_data(test) else {
        return;
    };
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    if !db.faces().any(|face| has_glyph(&db, face.id, '동')) {
        if std::env::var_os("SIGHTLINE_REQUIRE_SHARED_DATA").is_some() {
            panic!("{test}: no installed font has Hangul and SIGHTLINE_REQUIRE_SHARED_DATA is set");
        }
        let notice =
            format!("skipping {test}: no installed font has Hangul (apt-get install fonts-noto-cjk)\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
        return;
    }
    let goyang = data.join("goyang");
    let loaded = Inputs::new(
        goyang.join("deogyang_emergency_bells.geojson"),
        goyang.join("goyang_security_lights.geojson"),
    )
    .districts(goyang.join("goyang_dong_2018.geojson"))
    .district_name("name")
    .load()
    .unwrap();
    assert_eq!(loaded.scenario.districts().len(), 39);
    let plan = plan(
        &loaded.scenario,
        &PlanRequest::new(12, Circular::new(50.0).unwrap()),
    )
    .unwrap();
    let context = ReportContext::new("고양시 신규 CCTV").lang(Lang::Ko);
    let mut sheets = vec![(
        "map.svg".to_owned(),
        output::map_svg_with(&plan, &loaded.scenario, None, &context).unwrap(),
    )];
    sheets.extend(output::district_maps(&plan, &loaded.scenario, None, &context).unwrap());
    assert!(sheets.len() > 1, "the plan's dong have sheets");

    let db = Arc::new(db);
    let mut names_checked = 0;
    for (name, svg) in &sheets {
        let text = std::str::from_utf8(svg).unwrap();
        let document = roxmltree::Document::parse(text).unwrap();
        let stack = families(document.root_element().attribute("font-family").unwrap());
        assert_eq!(
            stack,
            [
                "Malgun Gothic",
                "Apple SD Gothic Neo",
                "Noto Sans CJK KR",
                "NanumGothic",
                "sans-serif"
            ]
        );
        let stack_installed = stack.iter().any(|family| {
            db.faces()
                .any(|face| face.families.iter().any(|(n, _)| n.eq_ignore_ascii_case(family)))
        });
        for node in document
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("district-name"))
        {
            let dong = node.text().unwrap_or_default();
            for c in dong.chars().filter(|c| !c.is_whitespace()) {
                let found = resolve(&db, &stack, c);
                assert!(found.is_some(), "{name}: no glyph for {c:?} of {dong}");
                if stack_installed {
                    assert_eq!(
                        found,
                        Some(true),
                        "{name}: {c:?} of {dong} is not in the font stack"
                    );
                }
            }
            names_checked += 1;
        }
        // And it renders: a non-empty picture.
        let options = usvg::Options {
            fontdb: Arc::clone(&db),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(text, &options).unwrap();
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 100 && p.alpha() > 0)
            .count();
        assert!(dark > 1000, "{name}: only {dark} dark pixels");
    }
    assert!(names_checked >= 20, "{names_checked} dong names checked");
}
