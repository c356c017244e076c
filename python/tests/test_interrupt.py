"""Ctrl-C during a long solve raises KeyboardInterrupt at once, and the
module keeps working afterwards."""

import _thread
import threading
import time

import numpy as np
import pytest

import sightline

geopandas = pytest.importorskip("geopandas")


def test_ctrl_c_interrupts_a_long_solve(city):
    rng = np.random.default_rng(5)
    n, m = 40000, 3000
    demand = geopandas.GeoDataFrame(
        {"w": rng.integers(1, 9, n).astype(float)},
        geometry=geopandas.points_from_xy(rng.uniform(2e5, 2.06e5, n), rng.uniform(5e5, 5.06e5, n)),
        crs="EPSG:5186",
    )
    sites = geopandas.GeoDataFrame(
        geometry=geopandas.points_from_xy(rng.uniform(2e5, 2.06e5, m), rng.uniform(5e5, 5.06e5, m)),
        crs="EPSG:5186",
    )
    # The exact solver works on this instance until its time limit (6 s).
    timer = threading.Timer(0.5, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sightline.plan(demand, sites, cameras=300, radius=120, weight="w", solver="exact", time_limit=6)
    assert time.monotonic() - started < 3.0
    timer.cancel()
    # The next call plans as usual.
    demand_small, sites_small, _ = city
    plan = sightline.plan(demand_small, sites_small, cameras=2, radius=150)
    assert len(plan.cameras) == 2
