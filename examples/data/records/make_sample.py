"""Writes the synthetic complaint-records sample that the repository ships.

Everything here is made up: the town of 한빛시 새솔구 with its three dong
(가람동, 누리동, 솔빛동), its roads, its security-light poles, and 300
complaints with invented wording, invented people and invented phone
numbers (010-0000-xxxx). Nothing comes from a real export. The poles and
complaints lie on a small patch of longitude/latitude so that every reader
and map works as with real Korean data.

Run from this folder (needs openpyxl): python make_sample.py
It writes, deterministically (seeded):
  complaints.csv   CP949, as complaint systems export it
  complaints.xlsx  the same rows, times as Excel date-times
  poles.csv        CP949, in the national standard security-light layout
                   (보안등위치명, 설치개수, 소재지도로명주소, 소재지지번주소, 위도, 경도, ...)
  dong.geojson     the three dong
"""

import csv
import datetime as dt
import json
import math
import random
import re

import openpyxl

rng = random.Random(20251204)

LON0, LAT0 = 126.8500, 37.6500
M_PER_DEG_LAT = 110_950.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))


def lonlat(x, y):
    """Metres east/north of the town's south-west corner to lon/lat."""
    return round(LON0 + x / M_PER_DEG_LON, 7), round(LAT0 + y / M_PER_DEG_LAT, 7)


PROVINCE, CITY, GU = "경기도", "한빛시", "새솔구"
DONGS = [("가람동", 0.0), ("누리동", 1000.0), ("솔빛동", 2000.0)]  # west edge, 1 km wide
HEIGHT = 1500.0

# Roads: east-west main roads, north-south roads, and 번길 branches.
EW_ROADS = [("새빛로", 250.0), ("한솔로", 750.0), ("누리로", 1250.0)]
NS_ROADS = [("가람길", 300.0), ("별내길", 1300.0), ("솔숲길", 2300.0)]


def dong_of(x):
    for name, west in reversed(DONGS):
        if x >= west:
            return name
    return DONGS[0][0]


poles = []
lot_numbers = {name: 100 for name, _ in DONGS}


def add_pole(road, number, x, y, branch=None):
    dong = dong_of(x)
    lot_numbers[dong] += rng.randint(1, 7)
    main = lot_numbers[dong]
    sub = rng.choice([0, 0, 1, 2, 3, 5, 7])
    lot = f"{main}-{sub}" if sub else f"{main}"
    road_name = branch or road
    poles.append(
        {
            "x": x,
            "y": y,
            "road": road_name,
            "number": number,
            "dong": dong,
            "lot": lot,
            "mountain": False,
        }
    )


for road, y in EW_ROADS:
    for k, x in enumerate(range(40, 2960, 70)):
        add_pole(road, 2 * k + 1 + (k % 2), float(x), y + rng.uniform(-6, 6))
    # 번길 branches going north from the main road every 500 m.
    for b, xb in enumerate((500.0, 1500.0, 2500.0)):
        branch = f"{road}{(b + 1) * 10}번길"
        for k, dy in enumerate(range(60, 420, 75)):
            add_pole(road, 2 * k + 3, xb + rng.uniform(-5, 5), y + dy, branch=branch)
for road, x in NS_ROADS:
    for k, y in enumerate(range(80, 1460, 80)):
        add_pole(road, 2 * k + 2, x + rng.uniform(-6, 6), float(y))

# Three poles on one mountain lot far apart: that lot alone is ambiguous.
for x, y in ((150.0, 1420.0), (420.0, 1380.0), (700.0, 1440.0)):
    poles.append({"x": x, "y": y, "road": "가람길", "number": 900 + int(x), "dong": "가람동", "lot": "12", "mountain": True})


def road_address(p, province=True, city=True):
    parts = []
    if province:
        parts.append(PROVINCE)
    if city:
        parts += [CITY, GU]
    parts.append(f"{p['road']} {p['number']}")
    return " ".join(parts)


def lot_address(p, province=True, city=True):
    parts = []
    if province:
        parts.append(PROVINCE)
    if city:
        parts += [CITY, GU]
    lot = f"산{p['lot']}" if p["mountain"] else p["lot"]
    parts.append(f"{p['dong']} {lot}")
    return " ".join(parts)


with open("poles.csv", "w", encoding="cp949", newline="") as f:
    w = csv.writer(f)
    w.writerow(["보안등위치명", "설치개수", "소재지도로명주소", "소재지지번주소", "위도", "경도", "설치연도", "설치형태", "관리기관명", "데이터기준일자"])
    for i, p in enumerate(poles):
        lon, lat = lonlat(p["x"], p["y"])
        # Poles on a mountain lot have no road address, as in real files.
        road = "" if p["mountain"] else road_address(p)
        w.writerow([f"{p['dong']}-{i + 1:03d}", rng.choice([1, 1, 1, 2]), road, lot_address(p), lat, lon, rng.randint(2008, 2021), "한전주", f"{CITY} {GU}청", "2025-06-30"])

TEXTS = {
    "crime": [
        ("골목길 CCTV 설치 요청", "밤늦게 귀가할 때 골목이 너무 어두워서 무서워요. 방범용 CCTV 설치 부탁드립니다."),
        ("방범 카메라 설치 건의", "최근 이 근처에서 자전거 절도가 두 번이나 있었습니다. 씨씨티비가 필요합니다."),
        ("여성 안심 귀갓길", "퇴근길에 인적이 드물어서 불안합니다. 안심귀갓길 CCTV를 설치해 주세요."),
        ("수상한 사람 배회", "밤마다 수상한 사람이 배회해서 주민들이 불안해 합니다. 순찰 강화와 CCTV 부탁드려요."),
    ],
    "dark": [
        ("보안등 고장", "보안등이 고장나서 밤에 길이 캄캄합니다. 빨리 수리해 주세요."),
        ("가로등 추가 설치", "공원 옆 길에 가로등이 없어 너무 어두워요."),
    ],
    "dumping": [
        ("쓰레기 무단투기", "전봇대 아래에 쓰레기 무단투기가 계속됩니다. 단속 카메라 설치해 주세요."),
        ("불법 투기 단속 요청", "밤마다 대형 폐기물을 몰래 버리고 갑니다. 감시 카메라가 필요합니다."),
    ],
    "parking": [
        ("불법주정차 단속", "학원가 앞 불법주정차 때문에 통행이 어렵습니다. 단속 부탁드립니다."),
        ("소방도로 주차", "소방도로에 상습 주차하는 차량이 있습니다."),
    ],
    "school": [
        ("통학로 안전", "초등학교 통학로에 CCTV가 없어서 아이들 등하교가 걱정됩니다."),
        ("스쿨존 과속", "어린이보호구역인데 과속 차량이 많아 아이들이 위험해요."),
    ],
    "other": [
        ("버스정류장 의자 파손", "정류장 의자가 부서져서 앉을 수가 없어요. 교체 부탁드립니다."),
        ("도로 파손 보수", "도로 포장이 파손되어 비 오는 날 물웅덩이가 생깁니다. 보수 요청합니다."),
        ("나무 가지치기", "가로수 가지가 전선에 닿아 있습니다. 가지치기 해주세요."),
    ],
    "done": [
        ("CCTV 설치 확인", "요청했던 방범 CCTV 설치완료 확인했습니다. 감사합니다."),
    ],
}
KIND_WEIGHTS = [("crime", 34), ("dark", 14), ("dumping", 14), ("parking", 12), ("school", 10), ("other", 12), ("done", 4)]
SURNAMES = "김이박최정강조윤장임"
GIVEN = ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지우", "현우", "채원"]


def pick_kind():
    total = sum(w for _, w in KIND_WEIGHTS)
    r = rng.uniform(0, total)
    for kind, weight in KIND_WEIGHTS:
        r -= weight
        if r <= 0:
            return kind
    return "other"


start = dt.datetime(2024, 1, 1)
rows = []
for n in range(300):
    kind = pick_kind()
    title, body = rng.choice(TEXTS[kind])
    if rng.random() < 0.25:
        body += f" 연락은 010-0000-{rng.randint(1000, 9999)}로 주세요."
    pole = rng.choice(poles)
    day = start + dt.timedelta(days=rng.randint(0, 699))
    hour = rng.choices(range(24), weights=[3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 7, 8, 9, 10, 10, 9, 7, 5])[0]
    received = day.replace(hour=hour, minute=rng.randint(0, 59))
    # 40% of complaints carry coordinates (a map pin in the app).
    lat = lon = ""
    if rng.random() < 0.4:
        jx, jy = rng.uniform(-15, 15), rng.uniform(-15, 15)
        lon, lat = lonlat(pole["x"] + jx, pole["y"] + jy)
    r = rng.random()
    if r < 0.03:
        address = ""
    elif r < 0.07:
        address = f"{CITY} {GU} 새빛로 {rng.randint(700, 990)}"  # no such number: no match
    elif pole["mountain"] or r < 0.45:
        address = lot_address(pole, province=rng.random() < 0.5, city=rng.random() < 0.7)
    else:
        address = road_address(pole, province=rng.random() < 0.3, city=rng.random() < 0.6)
        if "번길" in address and rng.random() < 0.4:
            # 새빛로 10번길 7, as people often space it.
            address = re.sub(r"(로)(\d+번길)", r"\1 \2", address)
    if address and rng.random() < 0.3:
        address += rng.choice([" 앞", " 인근", " 부근", " (" + pole["dong"] + ")"])
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    rows.append(
        {
            "접수번호": f"2AA-{received:%y%m}-{n + 1:04d}",
            "received": received,
            "제목": title,
            "내용": body,
            "주소": address,
            "위도": lat,
            "경도": lon,
            "민원인": name,
            "연락처": f"010-0000-{rng.randint(1000, 9999)}",
        }
    )

HEADER = ["접수번호", "접수일시", "제목", "내용", "주소", "위도", "경도", "민원인", "연락처"]


def written_time(t, k):
    # Complaint systems write times in more than one way.
    form = k % 10
    if form < 6:
        return f"{t:%Y-%m-%d %H:%M}"
    if form < 8:
        return f"{t:%Y.%m.%d %H:%M}"
    if form < 9:
        return f"{t:%Y.%m.%d}"
    return f"{t:%Y%m%d}"


with open("complaints.csv", "w", encoding="cp949", newline="") as f:
    w = csv.writer(f)
    w.writerow(HEADER)
    for k, row in enumerate(rows):
        w.writerow([row["접수번호"], written_time(row["received"], k), row["제목"], row["내용"], row["주소"], row["위도"], row["경도"], row["민원인"], row["연락처"]])

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "민원목록"
ws.append(HEADER)
for k, row in enumerate(rows):
    form = k % 10
    # The workbook holds real Excel date-times, but for the rows whose CSV
    # time has no hour: those are Excel dates (midnight), as in the CSV.
    t = row["received"]
    if form >= 8:
        t = dt.datetime(t.year, t.month, t.day)
    elif form < 8:
        t = t.replace(second=0)
    ws.append([row["접수번호"], t, row["제목"], row["내용"], row["주소"], row["위도"] if row["위도"] == "" else float(row["위도"]), row["경도"] if row["경도"] == "" else float(row["경도"]), row["민원인"], row["연락처"]])
    ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm-dd hh:mm"
ws2 = wb.create_sheet("안내")
ws2.append(["이 파일은 Sightline 예제를 위해 만든 가상의 민원 목록입니다."])
wb.save("complaints.xlsx")

features = []
for name, west in DONGS:
    ring = [lonlat(west, 0), lonlat(west + 1000, 0), lonlat(west + 1000, HEIGHT), lonlat(west, HEIGHT), lonlat(west, 0)]
    features.append({"type": "Feature", "properties": {"name": name, "code": f"99999{DONGS.index((name, west)) + 1:02d}"}, "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}})
with open("dong.geojson", "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, indent=1)
    f.write("\n")

print(f"{len(poles)} poles, {len(rows)} complaints")
