//! The built-in categories on realistic complaints: each text (made up,
//! in the words residents use) lands where a Korean analyst would file
//! it, including the texts whose words belong to several categories
//! (an alley, a playground, cigarettes, motorbikes, drinking).

use sightline_demand::records::Categories;

/// Complaint text and the category an analyst expects (`None`: not a
/// request the categories cover).
const CASES: &[(&str, Option<&str>)] = &[
    // Crimes, wherever they happen.
    ("어젯밤 주차해 둔 차에서 블랙박스를 도난당했습니다", Some("범죄")),
    ("골목길에서 모르는 남자에게 폭행을 당했어요", Some("범죄")),
    (
        "빌라 현관 앞 택배가 자꾸 없어져요. 도둑이 있는 것 같아요",
        Some("범죄"),
    ),
    ("퇴근길 골목에서 추행을 당할 뻔했습니다", Some("범죄")),
    ("공원 화장실에 몰카가 설치된 것 같아 불안합니다", Some("범죄")),
    ("지하 주차장에서 차량털이가 연달아 일어났습니다", Some("범죄")),
    // Children and school routes.
    ("초등학교 정문 앞 횡단보도가 위험해요", Some("어린이·통학로")),
    (
        "어린이집 앞에 불법주정차 차량이 많아 아이들이 안 보입니다",
        Some("어린이·통학로"),
    ),
    (
        "등하굣길에 인도가 없어 아이들이 차도로 걸어 다닙니다",
        Some("어린이·통학로"),
    ),
    (
        "놀이터 옆 도로로 차들이 빠르게 지나가서 아이들이 위험해요",
        Some("어린이·통학로"),
    ),
    ("학원가 앞 도로에서 차들이 과속합니다", Some("어린이·통학로")),
    // Women walking home.
    ("밤늦게 여자 혼자 집에 가는 길이 무서워요", Some("여성안심귀갓길")),
    (
        "원룸촌 골목이 어두워서 귀갓길이 불안합니다",
        Some("여성안심귀갓길"),
    ),
    (
        "여학생들이 다니는 길에 안심귀가 CCTV 부탁드립니다",
        Some("여성안심귀갓길"),
    ),
    // Dark streets and security lights.
    (
        "공원 화장실 앞 가로등이 고장 나서 깜깜해요",
        Some("어두운길·보안등"),
    ),
    (
        "하천 산책로에 조명이 하나도 없어 위험합니다",
        Some("어두운길·보안등"),
    ),
    ("골목길이 어두워서 밤에 다니기 겁나요", Some("어두운길·보안등")),
    (
        "인적이 드문 길이라 밤에 지나가기 꺼려집니다",
        Some("어두운길·보안등"),
    ),
    ("인적 없는 지하도라 혼자 지나가기 싫어요", Some("어두운길·보안등")),
    ("이 골목은 으슥해서 밤에 지나가기 싫어요", Some("어두운길·보안등")),
    ("보안등 불이 나갔습니다. 교체 부탁드려요", Some("어두운길·보안등")),
    // Youths: in an alley or at a playground all the same.
    (
        "골목에서 밤마다 고등학생들이 담배를 피우고 떠듭니다",
        Some("청소년비행"),
    ),
    (
        "놀이터에서 청소년들이 술을 마시고 소리를 지릅니다",
        Some("청소년비행"),
    ),
    ("상가 옥상에 중학생들이 몰려다니며 흡연합니다", Some("청소년비행")),
    (
        "밤늦게 놀이터에서 술판을 벌이는 무리가 있어요",
        Some("청소년비행"),
    ),
    (
        "아파트 뒤 공터에서 밤마다 오토바이 폭주를 합니다",
        Some("청소년비행"),
    ),
    (
        "공원 정자에서 학생들이 담배 피우는 걸 자주 봅니다",
        Some("청소년비행"),
    ),
    // Dumping, also in alleys, near children and with cigarette butts.
    (
        "골목길 전봇대 밑에 쓰레기를 몰래 버리고 갑니다",
        Some("쓰레기무단투기"),
    ),
    ("담배꽁초를 하수구에 버리는 사람이 많아요", Some("쓰레기무단투기")),
    (
        "아이들 다니는 길목에 음식물 쓰레기가 쌓여 악취가 납니다",
        Some("쓰레기무단투기"),
    ),
    (
        "인적사항을 알 수 없는 사람이 대형폐기물을 버렸어요",
        Some("쓰레기무단투기"),
    ),
    (
        "공원 입구에 생활쓰레기 불법투기가 계속됩니다",
        Some("쓰레기무단투기"),
    ),
    (
        "초등학생들 다니는 길에 누가 자꾸 쓰레기를 버립니다",
        Some("쓰레기무단투기"),
    ),
    // Parking, also in alleys and of motorbikes.
    (
        "골목에 불법주차 차량 때문에 소방차 진입이 어렵습니다",
        Some("불법주정차"),
    ),
    ("오토바이를 인도에 주차해서 통행이 불편합니다", Some("불법주정차")),
    ("상가 앞 이중주차로 버스가 못 지나갑니다", Some("불법주정차")),
    ("골목길 주차 문제로 매일 이웃끼리 다툽니다", Some("불법주정차")),
    // Traffic, drink-driving included.
    ("음주운전 차량이 새벽마다 과속으로 달립니다", Some("교통안전")),
    ("교차로에서 신호위반 차량 때문에 사고가 잦아요", Some("교통안전")),
    ("횡단보도에 신호등이 없어 건너기 위험합니다", Some("교통안전")),
    // Parks and trails.
    ("호수공원 운동기구 주변이 밤에 무서워요", Some("공원·산책로")),
    (
        "둘레길 등산로 입구에 비상벨이라도 있었으면 합니다",
        Some("공원·산책로"),
    ),
    // General safety, suspicious people.
    ("골목 안쪽에서 수상한 사람이 밤마다 서성입니다", Some("방범")),
    ("주차장에 수상한 남자가 자주 보여요", Some("방범")),
    (
        "우리 동네 치안이 걱정돼요. 방범용 CCTV 설치 바랍니다",
        Some("방범"),
    ),
    ("밤에 지나가기 너무 무서운 길이에요", Some("방범")),
    // Not requests the categories cover.
    ("CCTV 철거해 주세요. 사생활 침해입니다", None),
    ("지난번 요청한 CCTV 설치완료 확인했습니다", None),
    ("비행기 소음 때문에 잠을 못 자요", None),
    ("상가 앞 현수막 불법 부착 단속 요청", None),
    ("길고양이 밥 주는 문제로 민원 넣습니다", None),
    ("인적사항 변경 신청은 어디서 하나요", None),
];

#[test]
fn realistic_complaints_land_where_an_analyst_files_them() {
    let categories = Categories::default_korean();
    let mut wrong = Vec::new();
    for &(text, want) in CASES {
        let got = categories.classify(text).map(|i| categories.name(i));
        if got != want {
            wrong.push(format!("`{text}`: {got:?}, expected {want:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} misfiled:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
    // Every category is exercised.
    for name in categories.names() {
        assert!(
            CASES.iter().any(|&(_, want)| want == Some(name.as_str())),
            "no case for {name}"
        );
    }
    assert!(CASES.len() >= 40);
}
