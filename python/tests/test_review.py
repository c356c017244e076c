"""Cases a review found: each was wrong once."""

import _thread
import threading
import time

import numpy as np
import pytest

import sightline
from conftest import hard_city

geopandas = pytest.importorskip("geopandas")


def test_an_interrupted_plan_writes_nothing(tmp_path):
    demand, sites = hard_city()
    out = tmp_path / "result"
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sightline.plan(demand, sites, cameras=300, radius=120, weight="w", solver="exact", time_limit=20, out=out)
    timer.cancel()
    time.sleep(3.0)
    assert not out.exists()


def test_existing_views_in_a_crs_without_an_epsg_code(city):
    custom = "+proj=tmerc +lat_0=38 +lon_0=127.3 +k=0.9999 +x_0=210000 +y_0=555000 +ellps=intl +units=m +no_defs"
    demand, sites, _ = city
    existing = demand.iloc[:20][["geometry"]].assign(h=90.0, fov=120.0)
    want = sightline.plan(
        demand, sites, existing=existing, existing_heading="h", existing_fov="fov", cameras=2, radius=150
    )
    got = sightline.plan(
        demand, sites, existing=existing.to_crs(custom), existing_heading="h", existing_fov="fov", cameras=2, radius=150
    )
    assert got.summary["covered_before"] == want.summary["covered_before"] > 0


def test_ids_that_look_like_numbers_stay_text_and_in_order(city):
    demand, sites, _ = city
    sites = sites.assign(pole_id=[f"{k:03}" for k in range(len(sites))])
    scores = sightline.score_sites(demand, sites, radius=150, site_id="pole_id")
    assert list(scores.table["site_id"]) == list(sites["pole_id"])
    assert list(scores.sites["site_id"]) == list(sites["pole_id"])


def test_blind_spots_come_most_unseen_weight_first(city):
    demand, sites, _ = city
    plan = sightline.plan(demand, sites, cameras=3, radius=150, weight="count")
    assert list(plan.blindspots["rank"]) == list(range(1, len(plan.blindspots) + 1))
    mappings = sightline.plan(demand, sites, cameras=3, radius=150, weight="count", frames=False)
    assert [f["properties"]["rank"] for f in mappings.blindspots["features"]] == list(plan.blindspots["rank"])


def test_big_and_missing_integers_are_not_rounded(city):
    demand, sites, _ = city
    big = sites.assign(pole_id=np.arange(len(sites), dtype="uint64") + np.uint64(2**63))
    plan = sightline.plan(demand, big, cameras=2, radius=150, site_id="pole_id")
    assert set(plan.cameras["site_id"]) <= {str(2**63 + k) for k in range(len(sites))}
    nullable = sites.assign(
        code=geopandas.pd.array([2**62 + k if k % 7 else None for k in range(len(sites))], dtype="Int64")
    )
    plan = sightline.plan(demand, nullable, cameras=2, radius=150, site_id="pole_id")
    codes = {str(c) for c in plan.cameras["code"]}
    assert codes <= {str(2**62 + k) for k in range(len(sites))} | {"nan", "None", "<NA>"}


def test_settings_the_layers_cannot_meet_are_study_errors(city):
    demand, sites, _ = city
    with pytest.raises(sightline.StudyError, match="objective"):
        sightline.plan(demand, sites, radius=150)
    with pytest.raises(sightline.StudyError, match="nowhere"):
        sightline.plan(demand, sites, cameras=2, radius=150, force_in=["nowhere"])


def test_odd_columns_are_named(city):
    demand, sites, _ = city
    twice = geopandas.GeoDataFrame(
        geopandas.pd.concat([demand["count"], demand["count"], demand.geometry], axis=1), geometry="geometry"
    )
    with pytest.raises(sightline.InputError, match="`count` appears twice"):
        sightline.plan(twice, sites, cameras=2, radius=150, weight="count")
    infinite = demand.assign(count=np.inf)
    with pytest.raises(sightline.InputError, match="inf"):
        sightline.plan(infinite, sites, cameras=2, radius=150, weight="count")
