#!/usr/bin/env python3
"""Writes the synthetic hourly population tables of this directory.

goyang_hourly.csv: Goyang's 39 dong (codes and names read from
../shared/data/goyang/goyang_dong_2018.geojson), 7 days x 24 hours.
hanbit_hourly.csv: the made-up town of examples/data/records/dong.geojson,
2 days x 24 hours.

Both in the layout of Seoul's dong file (LOCAL_PEOPLE_DONG_YYYYMM.csv):
기준일ID, 시간대구분, 행정동코드, 총생활인구수, then 28 age/sex columns,
every cell quoted, hours 00-23, CP949. The numbers are invented. Run from
the repository root:

    python3 examples/data/population/make_sample.py
"""

import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
GOYANG = os.path.join(ROOT, "..", "shared", "data", "goyang", "goyang_dong_2018.geojson")
HANBIT = os.path.join(ROOT, "examples", "data", "records", "dong.geojson")

AGES = ["0세부터9세", "10세부터14세", "15세부터19세", "20세부터24세", "25세부터29세",
        "30세부터34세", "35세부터39세", "40세부터44세", "45세부터49세", "50세부터54세",
        "55세부터59세", "60세부터64세", "65세부터69세", "70세이상"]
HEADER = ["기준일ID", "시간대구분", "행정동코드", "총생활인구수"] + [
    f"{sex}{age}생활인구수" for sex in ("남자", "여자") for age in AGES]

# Ilsan's centre and Hwajeong/Haengsin stations: busy by day and evening.
BUSY = ("장항", "마두", "백석", "주엽", "정발산", "대화", "화정1")


def profile(busy, hour, weekend):
    """A dong's population at an hour, relative to its residents."""
    if busy:
        if 9 <= hour < 18:
            level = 1.25 if weekend else 1.45
        elif 18 <= hour < 23:
            level = 1.6 if weekend else 1.35
        else:
            level = 0.65
    else:
        if 9 <= hour < 18:
            level = 0.85 if weekend else 0.62
        elif 18 <= hour < 23:
            level = 0.92
        else:
            level = 1.0
    return level


def write(path, dong, days, masked, rng, bom, unmatched, bad_hour):
    """dong: (code as written, name, busy); masked: (day, hour, dong index)."""
    residents = [rng.uniform(12000, 42000) for _ in dong]
    shares = []
    for _ in dong:
        weights = [rng.uniform(0.5, 1.5) for _ in range(28)]
        total = sum(weights)
        shares.append([w / total for w in weights])
    rows = []
    for d, (day, weekend) in enumerate(days):
        for hour in range(24):
            for k, (code, _, busy) in enumerate(dong):
                total = residents[k] * profile(busy, hour, weekend) * rng.uniform(0.95, 1.05)
                if (d, hour, k) in masked:
                    cells = ["*"] * 29
                else:
                    cells = [f"{total:.4f}"] + [f"{total * s:.4f}" for s in shares[k]]
                rows.append([day, f"{hour:02d}", code] + cells)
            if (d, hour) == unmatched[0]:
                rows.append([day, f"{hour:02d}", unmatched[1], "5321.1234"] + ["190.0440"] * 28)
    rows.append([days[0][0], bad_hour[0], bad_hour[1], "1000.0000"] + ["35.7143"] * 28)
    text = "\r\n".join(",".join(f'"{cell}"' for cell in row) for row in [HEADER] + rows) + "\r\n"
    with open(path, "wb") as out:
        out.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("cp949"))
    return len(rows)


def main():
    rng = random.Random(15)
    with open(GOYANG, encoding="utf-8") as f:
        features = json.load(f)["features"]
    # The codes of the boundaries (7-digit KOSTAT), as they are: a real
    # dong file's 8-digit 행정동코드 (행정안전부) is another numbering and
    # joins only to boundaries that carry it.
    goyang = [(p["code"], p["name"], p["name"].startswith(BUSY))
              for p in (f["properties"] for f in features)]
    week = [(f"202303{d:02d}", d >= 11) for d in range(6, 13)]  # Mon 6 .. Sun 12 March 2023
    masked = {(0, 3, 0), (1, 4, 5), (2, 2, 18), (4, 5, 30), (6, 3, 38)}
    n = write(os.path.join(HERE, "goyang_hourly.csv"), goyang, week, masked, rng, True,
              ((0, 12), "11110515"), ("24", goyang[0][0]))
    print(f"goyang_hourly.csv: {n} rows")

    with open(HANBIT, encoding="utf-8") as f:
        features = json.load(f)["features"]
    hanbit = [(p["code"], p["name"], p["name"] == "누리동")
              for p in (f["properties"] for f in features)]
    days = [("20250301", True), ("20250303", False)]
    n = write(os.path.join(HERE, "hanbit_hourly.csv"), hanbit, days, {(0, 2, 1), (1, 23, 2)}, rng, False,
              ((1, 8), "9999999"), ("25", hanbit[2][0]))
    print(f"hanbit_hourly.csv: {n} rows")


if __name__ == "__main__":
    main()
