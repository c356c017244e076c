"""The baseline of issue 17: maximal covering by a plain numpy script.

Reads the demand and site layers `sightline demo --size xlarge --out DIR`
writes (GeoJSON, longitude/latitude), projects them to local metres
(equirectangular about their mean, as good as a tangent plane at city
size), finds each site's demand points within the radius with scipy's
KD-tree, and places P cameras by lazy greedy (a heap of stale gains), the
textbook algorithm a careful analyst would write. Existing cameras' coverage
is counted as already covered. Prints each phase's time and the covered
weight, to compare with `sightline plan ... --solver greedy` on the same
files, run one right after the other.

    python3 examples/peers/greedy_numpy.py DIR [CAMERAS] [RADIUS_M]
"""
import heapq
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree


def read_points(path, weight=None):
    with open(path, "rb") as f:
        features = json.load(f)["features"]
    xy = np.array([f["geometry"]["coordinates"][:2] for f in features], dtype=np.float64)
    w = None
    if weight is not None:
        w = np.array([float(f["properties"].get(weight) or 0) for f in features], dtype=np.float64)
    return xy, w


def main():
    folder = Path(sys.argv[1])
    cameras = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    radius = float(sys.argv[3]) if len(sys.argv) > 3 else 100.0
    t0 = time.perf_counter()
    demand, weight = read_points(folder / "demand.geojson", "weight")
    sites, _ = read_points(folder / "sites.geojson")
    existing, _ = read_points(folder / "existing.geojson") if (folder / "existing.geojson").exists() else (np.empty((0, 2)), None)
    t_read = time.perf_counter()

    lon0, lat0 = demand[:, 0].mean(), demand[:, 1].mean()
    kx, ky = 111_320.0 * np.cos(np.radians(lat0)), 110_574.0

    def metres(lonlat):
        return np.column_stack(((lonlat[:, 0] - lon0) * kx, (lonlat[:, 1] - lat0) * ky))

    tree = cKDTree(metres(demand))
    covered = np.zeros(len(demand), dtype=bool)
    if len(existing):
        for ids in tree.query_ball_point(metres(existing), radius):
            covered[ids] = True
    lists = tree.query_ball_point(metres(sites), radius)
    t_cover = time.perf_counter()
    pairs = sum(len(ids) for ids in lists)
    members = [np.asarray(ids, dtype=np.int64) for ids in lists]

    # Lazy greedy: gains only fall, so a popped gain that is still current
    # is the best.
    live = weight * ~covered
    heap = [(-float(live[ids].sum()), s) for s, ids in enumerate(members)]
    heapq.heapify(heap)
    chosen = []
    while heap and len(chosen) < cameras:
        gain, s = heapq.heappop(heap)
        current = float(live[members[s]].sum())
        if current <= 0:
            continue
        if heap and current < -heap[0][0] - 1e-9:
            heapq.heappush(heap, (-current, s))
            continue
        chosen.append(s)
        live[members[s]] = 0.0
    t_greedy = time.perf_counter()
    before = float(weight[covered].sum())
    after = float(weight.sum() - live.sum())
    print(
        f"numpy greedy: {len(demand)} demand points, {len(sites)} sites, {len(existing)} existing, "
        f"{pairs} (site, point) pairs, {len(chosen)} cameras; covered {before:.1f} -> {after:.1f} of {weight.sum():.1f}"
    )
    print(
        f"read {t_read - t0:.2f} s, coverage {t_cover - t_read:.2f} s, greedy {t_greedy - t_cover:.2f} s, "
        f"total {t_greedy - t0:.2f} s"
    )


if __name__ == "__main__":
    main()
