//! The words of `report.html`, in English and Korean: one row per label,
//! written into the page's data for its script (`T.key` there).

use crate::Lang;

/// Every label of the page: key, English, Korean. `{0}`, `{1}` are filled
/// in by the script.
const LABELS: &[(&str, &str, &str)] = &[
    ("map", "Map", "지도"),
    ("layers", "Layers and legend", "레이어와 범례"),
    ("layers_button", "Layers", "레이어"),
    ("districts", "Districts", "행정구역"),
    ("demand", "Demand", "수요"),
    ("demand_cells", "Demand per cell", "격자별 수요"),
    ("classes", "Colour classes by quantile", "분위수 색 구분"),
    (
        "merged",
        "{0} merged into {1} m squares (sums)",
        "{0}: {1} m 격자로 합산",
    ),
    ("points", "Demand points", "수요 지점"),
    ("cells", "Demand cells", "수요 격자"),
    ("existing", "Existing cameras and reach", "기존 CCTV와 감시 범위"),
    (
        "new",
        "New cameras, by rank, and reach",
        "신규 CCTV(순위)와 감시 범위",
    ),
    ("blind", "Blind spots", "사각지대"),
    (
        "blind_note",
        "Dot size: demand left unseen",
        "점 크기: 보이지 않는 수요",
    ),
    ("records", "Complaint records", "민원 기록"),
    ("uncategorized", "Other", "기타"),
    ("period", "Demand: {0} ({1})", "수요: {0} ({1})"),
    ("new_camera", "New camera {0}", "신규 CCTV {0}"),
    ("rank", "Rank", "순위"),
    ("site", "Site", "후보지"),
    ("label", "Label", "이름"),
    ("district", "District", "행정구역"),
    ("gain", "Gain", "추가 감시 수요"),
    ("camera_type", "Camera type", "카메라 종류"),
    ("heading", "Heading", "방향"),
    ("demand_points", "Demand points", "수요 지점 수"),
    ("covered_before", "Covered before", "설치 전 감시"),
    ("covered_after", "Covered after", "설치 후 감시"),
    ("cameras_added", "Cameras added", "추가 CCTV"),
    ("outside", "(outside every district)", "(행정구역 밖)"),
    ("summary", "Summary", "요약"),
    ("curve", "Coverage curve", "감시율 곡선"),
    ("curve_x", "New cameras", "신규 CCTV 수"),
    ("curve_y", "Demand covered (%)", "감시 수요 (%)"),
    ("curve_covered", "With the first k cameras", "상위 k대 설치 시"),
    ("curve_bound", "Upper bound", "상한"),
    ("curve_point", "{0} cameras cover {1}%", "CCTV {0}대로 {1}% 감시"),
    (
        "curve_point_bound",
        "no {0} cameras cover more than {1}%",
        "{0}대로는 {1}%를 넘을 수 없음",
    ),
    (
        "curve_hint",
        "Hover or tap the curve; arrow keys move along it.",
        "곡선 위를 가리키거나 누르세요. 화살표 키로 이동합니다.",
    ),
    ("district_table", "Districts", "행정구역별 결과"),
    (
        "sort_hint",
        "Click a column heading to sort.",
        "열 제목을 누르면 정렬됩니다.",
    ),
    ("periods", "Coverage by period", "시간대별 감시율"),
    ("period_name", "Period", "시간대"),
    ("hours", "Hours", "시간"),
    ("weight", "Weight", "가중치"),
    (
        "no_script",
        "This page needs JavaScript to show the map.",
        "지도를 보려면 JavaScript가 필요합니다.",
    ),
];

/// The page's labels in `lang`: key and text, in table order.
pub(super) fn labels(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    LABELS.iter().map(move |&(key, en, ko)| match lang {
        Lang::Ko => (key, ko),
        _ => (key, en),
    })
}

/// The label of `key` in `lang` (for the parts Rust writes itself).
pub(super) fn label(lang: Lang, key: &str) -> &'static str {
    labels(lang).find(|(k, _)| *k == key).map_or("", |(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_the_script_uses_is_in_the_table() {
        let script = [
            include_str!("page.js"),
            include_str!("place.js"),
            include_str!("panel.js"),
        ]
        .concat();
        let mut used = Vec::new();
        let mut rest = script.as_str();
        while let Some(at) = rest.find("T.") {
            let before = rest[..at].chars().last();
            rest = &rest[at + 2..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(key);
        }
        assert!(used.len() > 20, "{used:?}");
        for key in used {
            assert!(
                LABELS.iter().any(|(k, _, _)| *k == key),
                "label `{key}` is missing"
            );
        }
    }

    #[test]
    fn keys_are_unique_and_texts_are_filled() {
        for (i, (key, en, ko)) in LABELS.iter().enumerate() {
            assert!(!en.is_empty() && !ko.is_empty(), "{key}");
            assert!(LABELS[..i].iter().all(|(k, _, _)| k != key), "{key} twice");
        }
        assert_eq!(label(Lang::Ko, "blind"), "사각지대");
        assert_eq!(label(Lang::En, "blind"), "Blind spots");
    }
}
