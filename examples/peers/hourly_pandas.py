"""The peer of examples/population_speed.rs: pandas reads the same
1,000,000-row CP949 hourly table (the four columns needed) and sums the
people of each dong and hour, masked cells left out.

    python3 examples/peers/hourly_pandas.py FILE
"""
import sys
import time

import pandas as pd

path = sys.argv[1]
started = time.perf_counter()
source = open(path, "rb")
# Some published files put a UTF-8 byte order mark before CP949 text.
if source.read(3) != b"\xef\xbb\xbf":
    source.seek(0)
table = pd.read_csv(
    source,
    encoding="cp949",
    usecols=["기준일ID", "시간대구분", "행정동코드", "총생활인구수"],
    dtype=str,
)
people = pd.to_numeric(table["총생활인구수"], errors="coerce")
hours = pd.to_numeric(table["시간대구분"], errors="coerce")
used = people.notna() & hours.between(0, 23)
days = table["기준일ID"].nunique()
by = (
    pd.DataFrame({"dong": table["행정동코드"], "hour": hours, "people": people})[used]
    .groupby(["dong", "hour"])["people"]
    .sum()
    / days
)
seconds = time.perf_counter() - started
night = by[by.index.get_level_values("hour").isin([22, 23, 0, 1, 2, 3, 4, 5])].sum()
print(
    f"{path}: {len(table)} rows read and summed by dong and hour in {seconds:.3f} s "
    f"({int(used.sum())} used, {int(people.isna().sum())} masked); night 22-06: {night:.0f}"
)
