#!/usr/bin/env python3
"""Small fuzzing seeds cut from the real files in ../shared/data.

    python3 make_seeds.py ../../shared/data /tmp/seeds

writes /tmp/seeds/{points,polygons,csv,scenario}: the first features of
each point layer, the first two polygons of the district and building
layers (rings cut to 40 vertices), the header and first 11 rows of the
CP949 security-light CSVs (and the same rows as UTF-8), the scenario
template and the scenarios in seeds/scenario. Whole files make libFuzzer slow (a 1.5 MB seed runs ~1 input/s);
seeds this size run thousands per second. Never write them into the
repository.
"""
import json
import os
import shutil
import sys

data, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
for sub in ("points", "polygons", "csv", "scenario", "none"):
    os.makedirs(os.path.join(out, sub), exist_ok=True)


def first(path, n):
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    collection["features"] = collection["features"][:n]
    return collection


def trim(ring):
    ring = ring[:40]
    return ring + [ring[0]] if ring[0] != ring[-1] else ring


for name in ("goyang/goyang_security_lights.geojson", "goyang/deogyang_cctv.geojson",
             "seoul/gangnam_cctv.geojson", "goyang/deogyang_emergency_bells.geojson",
             "goyang/deogyang_patrol_points.geojson"):
    collection = first(os.path.join(data, name), 5)
    with open(os.path.join(out, "points", os.path.basename(name)), "w", encoding="utf-8") as f:
        json.dump(collection, f, ensure_ascii=False)

for name in ("goyang/goyang_dong_2018.geojson", "seoul/seoul_gu_2018.geojson",
             "buildings/brussels_place_saint_jean.geojson"):
    collection = first(os.path.join(data, name), 2)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [trim(r) for r in geometry["coordinates"][:2]]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [[trim(r) for r in p[:2]] for p in geometry["coordinates"][:2]]
    with open(os.path.join(out, "polygons", os.path.basename(name)), "w", encoding="utf-8") as f:
        json.dump(collection, f, ensure_ascii=False)

for name in ("goyang/goyang_security_lights_2021_cp949.csv", "seoul/gangnam_security_lights_2021_cp949.csv"):
    with open(os.path.join(data, name), "rb") as f:
        head = b"\n".join(f.read().split(b"\n")[:12]) + b"\n"
    base = os.path.basename(name)
    with open(os.path.join(out, "csv", base), "wb") as f:
        f.write(head)
    with open(os.path.join(out, "csv", "utf8_" + base), "wb") as f:
        f.write(head.decode("cp949").encode("utf-8"))
with open(os.path.join(out, "csv", "simple.csv"), "w", encoding="utf-8") as f:
    f.write("lon,lat,w,id\n126.8,37.6,1,a\n126.81,37.61,2,b\n")

shutil.copy(os.path.join(here, "..", "crates", "cli", "src", "template.toml"),
            os.path.join(out, "scenario", "template.toml"))
# Two filled-in scenarios using every table and key (our own text).
for name in sorted(os.listdir(os.path.join(here, "seeds", "scenario"))):
    shutil.copy(os.path.join(here, "seeds", "scenario", name), os.path.join(out, "scenario", name))
