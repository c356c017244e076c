"""Ctrl-C during a long solve raises KeyboardInterrupt at once, stops the
abandoned solve (no work goes on in the background), and the module keeps
working afterwards."""

import _thread
import threading
import time

import pytest

import sightline
from conftest import hard_city

geopandas = pytest.importorskip("geopandas")


def test_ctrl_c_interrupts_a_long_solve(city):
    demand, sites = hard_city()
    # The exact solver works on this instance until its time limit (20 s).
    timer = threading.Timer(0.5, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sightline.plan(demand, sites, cameras=300, radius=120, weight="w", solver="exact", time_limit=20)
    assert time.monotonic() - started < 3.0
    timer.cancel()
    # The solve stopped: after a moment for it to notice (it checks between
    # steps), the process uses no CPU; a solve going on would use most of a
    # core or two (0.4 to 2 s of CPU a second, measured on a busy 2-core
    # machine), a stopped one none.
    time.sleep(1.0)
    cpu, wall = time.process_time(), time.monotonic()
    time.sleep(1.0)
    assert time.process_time() - cpu < 0.1 * (time.monotonic() - wall)
    # The next call plans as usual.
    demand_small, sites_small, _ = city
    plan = sightline.plan(demand_small, sites_small, cameras=2, radius=150)
    assert len(plan.cameras) == 2
