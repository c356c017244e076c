"""The peer of `examples/records_speed.rs`: what an analyst would write in
pandas to read a complaint export, sort it into the built-in categories by
the same rules (NFKC, lower case, no white space, first category with a
keyword and none of its exclude words) and weigh it with a half-life.

    cargo run --release --example records_speed 1000000 /tmp/records-speed
    python examples/peers/records_pandas.py /tmp/records-speed/complaints.csv

Needs pandas and numpy. Prints the seconds of each stage and the count of
records in each category, to compare with Sightline's.
"""

import re
import sys
import time
import tomllib
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

CATEGORIES = Path(__file__).resolve().parents[2] / "crates/demand/src/records/default_categories.toml"


def normalise(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


def main(path):
    categories = tomllib.loads(CATEGORIES.read_text())["category"]
    start = time.perf_counter()
    table = pd.read_csv(path, usecols=["내용", "접수일시", "주소", "경도", "위도"], dtype=str, keep_default_na=False)
    read = time.perf_counter()
    text = table["내용"].map(normalise)
    conditions, weights = [], []
    for category in categories:
        keywords = "|".join(re.escape(normalise(k)) for k in category["keywords"])
        matched = text.str.contains(keywords, regex=True)
        if category.get("exclude"):
            excludes = "|".join(re.escape(normalise(k)) for k in category["exclude"])
            matched &= ~text.str.contains(excludes, regex=True)
        conditions.append(matched.to_numpy())
        weights.append(category["weight"])
    chosen = np.select(conditions, list(range(len(categories))), default=-1)
    weight = np.select(conditions, weights, default=0.0)
    times = pd.to_datetime(table["접수일시"], format="%Y-%m-%d %H:%M")
    age_days = (times.max() - times).dt.total_seconds() / 86400.0
    weight = weight * np.power(0.5, age_days.to_numpy() / 180.0)
    done = time.perf_counter()
    print(f"pandas read_csv: {read - start:.3f} s")
    print(f"categorise and weigh: {done - read:.3f} s")
    print(f"read, categorise and weigh: {done - start:.3f} s")
    counts = np.bincount(chosen + 1, minlength=len(categories) + 1)
    print("unmatched", counts[0], "; " + ", ".join(f"{c['name']} {n}" for c, n in zip(categories, counts[1:])))
    print(f"total weight {weight.sum():.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
