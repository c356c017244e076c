"""Sightline beside spopt, the Python library for location problems that
geopandas users know: the same maximal covering problem solved by both.

1. spopt's own San Francisco fixture (205 census tracts, 16 candidate
   stores, network distances, service radius 5000 m, p = 4): both find
   875,247 people covered, with the same four stores; Sightline also proves
   it optimal.
2. A synthetic city both can hold (Euclidean distances): the same optimum.
3. A synthetic city of 200,000 demand points and 20,000 candidate sites
   (p = 500, 100 m): spopt builds a dense cost matrix of 200,000 x 20,000
   (32 GB) and runs out of memory (run here under an 8 GB address-space
   limit, so that it fails cleanly instead of swapping); Sightline plans it
   from GeoDataFrames in seconds.

Run: python python/examples/spopt_compare.py [../shared/data]
(needs sightline, geopandas; spopt and pulp for spopt's side:
pip install spopt).
"""

import pathlib
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd

import sightline

try:
    import pulp
    from spopt.locate import MCLP
except ImportError:  # Sightline's side still runs.
    MCLP = None


def spopt_mclp(cost, weights, radius, p):
    """spopt's MCLP solved with CBC (bundled with PuLP): the chosen columns,
    the covered weight and the seconds taken."""
    started = time.perf_counter()
    model = MCLP.from_cost_matrix(np.asarray(cost), np.asarray(weights), service_radius=radius, p_facilities=p)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    seconds = time.perf_counter() - started
    chosen = [k for k, var in enumerate(model.fac_vars) if var.value() > 0.5]
    return chosen, pulp.value(model.problem.objective), seconds


def timed_cover(cost, weights, radius, p):
    started = time.perf_counter()
    cover = sightline.maximal_covering(cost, weights, radius, p, solver="exact")
    return cover, time.perf_counter() - started


def san_francisco(data):
    path = data / "benchmarks" / "spopt-sf" / "SF_network_distance_candidateStore_16_censusTract_205_new.csv"
    table = pd.read_csv(path)
    cost = table.pivot(index="DestinationName", columns="name", values="distance")
    weights = table.groupby("DestinationName")["demand"].first().loc[cost.index]
    print(f"1. San Francisco: {cost.shape[0]} tracts, {cost.shape[1]} stores, 5000 m, p = 4")
    cover, seconds = timed_cover(cost, weights, 5000, 4)
    print(
        f"   sightline: {cover.objective:,.0f} of {weights.sum():,} with {sorted(cover.sites)}, "
        f"upper bound {cover.upper_bound:,.0f}, proven optimal: {cover.proven_optimal} ({seconds:.3f} s)"
    )
    if MCLP is not None:
        chosen, objective, seconds = spopt_mclp(cost, weights, 5000, 4)
        names = sorted(cost.columns[k] for k in chosen)
        print(f"   spopt:     {objective:,.0f} with {names} ({seconds:.3f} s)")
        assert objective == cover.objective and names == sorted(cover.sites)
    assert cover.objective == 875_247 and cover.proven_optimal


def shared_city(seed, n_demand, n_sites, size_m):
    rng = np.random.default_rng(seed)
    hubs = rng.uniform(0, size_m, size=(max(4, n_demand // 2000), 2))
    demand = hubs[rng.integers(0, len(hubs), n_demand)] + rng.normal(0, size_m / 25, size=(n_demand, 2))
    sites = rng.uniform(0, size_m, size=(n_sites, 2))
    weights = rng.integers(1, 6, n_demand).astype(float)
    return demand, sites, weights


def both_hold_it():
    demand, sites, weights = shared_city(11, 3000, 300, 3000.0)
    cost = np.hypot(demand[:, None, 0] - sites[None, :, 0], demand[:, None, 1] - sites[None, :, 1])
    print("2. A synthetic city both can hold: 3,000 demand points, 300 sites, 150 m, p = 15")
    cover, seconds = timed_cover(cost, weights, 150.0, 15)
    print(
        f"   sightline: {cover.objective:,.0f} of {weights.sum():,.0f}, bound {cover.upper_bound:,.0f}, "
        f"proven optimal: {cover.proven_optimal} ({seconds:.3f} s)"
    )
    if MCLP is not None:
        chosen, objective, seconds = spopt_mclp(cost, weights, 150.0, 15)
        print(f"   spopt:     {objective:,.0f} ({seconds:.3f} s)")
        assert abs(objective - cover.objective) < 1e-6


SPOPT_BIG = """
import resource, sys, time
import numpy as np, geopandas as gpd
from spopt.locate import MCLP
limit = 8 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
rng = np.random.default_rng(12)
n, m = 200_000, 20_000
demand = gpd.GeoDataFrame({"w": rng.integers(1, 6, n)}, geometry=gpd.points_from_xy(*rng.uniform(0, 12_000, (2, n))), crs=5186)
sites = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*rng.uniform(0, 12_000, (2, m))), crs=5186)
started = time.perf_counter()
try:
    MCLP.from_geodataframe(demand, sites, "geometry", "geometry", "w", service_radius=100, p_facilities=500)
except MemoryError as error:
    print(f"MemoryError after {time.perf_counter() - started:.1f} s: {error}")
    sys.exit(3)
print("built")
"""


def too_big_for_spopt():
    import geopandas as gpd

    rng = np.random.default_rng(12)
    n, m = 200_000, 20_000
    demand = gpd.GeoDataFrame(
        {"w": rng.integers(1, 6, n).astype(float)},
        geometry=gpd.points_from_xy(*rng.uniform(0, 12_000, (2, n))),
        crs="EPSG:5186",
    )
    sites = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*rng.uniform(0, 12_000, (2, m))), crs="EPSG:5186")
    # Korea 2000 / Central Belt 2010 coordinates near Seoul.
    demand = demand.set_geometry(demand.geometry.translate(190_000, 545_000))
    sites = sites.set_geometry(sites.geometry.translate(190_000, 545_000))
    print("3. 200,000 demand points, 20,000 sites, 100 m, p = 500")
    started = time.perf_counter()
    plan = sightline.plan(demand, sites, cameras=500, radius=100, weight="w", solver="greedy")
    seconds = time.perf_counter() - started
    print(
        f"   sightline.plan (greedy, GeoDataFrames in and out): {plan.summary['objective']:,.0f} of "
        f"{plan.summary['total_weight']:,.0f}, within {100 * plan.gap:.2f}% of the best ({seconds:.2f} s)"
    )
    if MCLP is None:
        print("   spopt: not installed (pip install spopt)")
        return
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(SPOPT_BIG)], capture_output=True, text=True)
    said = (run.stdout + run.stderr).strip().splitlines()
    print(f"   spopt (8 GB limit): exit {run.returncode}: {said[-1] if said else ''}")


def main():
    data = (
        pathlib.Path(sys.argv[1])
        if len(sys.argv) > 1
        else pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    if data.is_dir():
        san_francisco(data)
    else:
        print(f"1. skipped: {data} is missing")
    both_hold_it()
    too_big_for_spopt()


if __name__ == "__main__":
    main()
