"""How fast a plan comes back from Python: the large synthetic city
(200,000 complaints, 20,000 poles, 2,000 existing cameras, 16 districts;
500 new cameras at 100 m) from GeoDataFrames already in memory, greedy,
with the plan, the blind spots and the district table back as
GeoDataFrames. The city's files are written by the command line:

    sightline demo --size large --out /tmp/lg
    python python/examples/speed.py /tmp/lg [RUNS]

Prints, for each run, the whole call and its parts: handing the layers to
the library (points as coordinate and column arrays; polygons as
FlatGeobuf bytes, through pyogrio), the
library's work (read, plan, render the four files; measured as the call
minus the two conversions), and reading the answers back (FlatGeobuf and
CSV bytes to GeoDataFrames). Build the package with optimisations first
(`maturin build --release`, or `pip install ./python`).
"""

import statistics
import sys
import time

import geopandas as gpd

import sightline
from sightline import _api


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lg"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    layers = {name: gpd.read_file(f"{folder}/{name}.geojson") for name in ("demand", "sites", "existing", "districts")}
    print(
        f"{len(layers['demand']):,} demand points, {len(layers['sites']):,} sites, "
        f"{len(layers['existing']):,} existing cameras, {len(layers['districts'])} districts"
    )
    # The two conversions, timed by wrapping the package's own functions.
    spent = {"in": 0.0, "out": 0.0}

    def timed(function, key):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - started

        return wrapper

    _api._frame_bytes = timed(_api._frame_bytes, "in")
    _api._frame_points = timed(_api._frame_points, "in")
    _api._read_layer = timed(_api._read_layer, "out")
    _api._read_table = timed(_api._read_table, "out")
    totals = []
    for run in range(runs):
        spent.update({"in": 0.0, "out": 0.0})
        started = time.perf_counter()
        plan = sightline.plan(
            layers["demand"],
            layers["sites"],
            existing=layers["existing"],
            districts=layers["districts"],
            cameras=500,
            radius=100,
            weight="weight",
            site_id="site_id",
            district_name="name",
            solver="greedy",
        )
        total = time.perf_counter() - started
        totals.append(total)
        print(
            f"run {run + 1}: {total:.3f} s = layers in {spent['in']:.3f} s + library {total - spent['in'] - spent['out']:.3f} s"
            f" + answers back {spent['out']:.3f} s; {len(plan.cameras)} cameras, {len(plan.blindspots):,} blind spots, "
            f"covered {plan.summary['covered_fraction']:.4f}, gap {plan.gap:.4f}"
        )
    print(
        f"median {statistics.median(totals):.3f} s, best {min(totals):.3f} s, worst {max(totals):.3f} s over {runs} runs"
    )


if __name__ == "__main__":
    main()
