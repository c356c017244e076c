"""sightline.plan, run, check and score_sites on GeoDataFrames, paths and
mappings."""

import json
import threading

import pytest

import sightline
from conftest import synthetic_city

geopandas = pytest.importorskip("geopandas")


# The plan most tests ask for, on the districts of `synthetic_city`.
SETTINGS = dict(district_name="dong", cameras=6, radius=150, weight="count", site_id="pole_id", solver="exact")


def plan_city(city, **keywords):
    demand, sites, districts = city
    return sightline.plan(demand, sites, districts=districts, **{**SETTINGS, **keywords})


def test_a_plan_comes_back_as_geodataframes(city):
    plan = plan_city(city)
    assert isinstance(plan.cameras, geopandas.GeoDataFrame)
    assert len(plan.cameras) == 6
    assert plan.cameras.crs.to_epsg() == 4326
    assert list(plan.cameras["rank"]) == [1, 2, 3, 4, 5, 6]
    assert set(plan.cameras["site_id"]) <= set(city[1]["pole_id"])
    # The site's own columns come along.
    assert "place" in plan.cameras.columns
    assert plan.proven_optimal and plan.gap == 0.0
    assert plan.upper_bound == pytest.approx(plan.summary["objective"])
    assert plan.summary["cameras"] == 6
    assert list(plan.districts["district"]) == ["West", "East"]
    assert plan.districts["cameras_added"].sum() == 6
    # Blind spots and covered demand add up to the total.
    total = city[0]["count"].sum()
    assert plan.summary["total_weight"] == total
    assert isinstance(plan.blindspots, geopandas.GeoDataFrame)
    assert plan.blindspots["weight"].sum() == pytest.approx(total - plan.summary["objective"])


def test_the_plan_is_checked_by_brute_force():
    """Exact on a city small enough to try every choice of 3 poles, in
    EPSG:5186 metres so that both sides measure the same distances."""
    import itertools

    import numpy as np

    demand, sites, _ = synthetic_city(seed=3, demand=200, sites=40)
    demand, sites = demand.to_crs(5186), sites.to_crs(5186)
    plan = sightline.plan(demand, sites, cameras=3, radius=700, weight="count", site_id="pole_id", solver="exact")
    dx = demand.geometry.x.to_numpy()[:, None] - sites.geometry.x.to_numpy()[None, :]
    dy = demand.geometry.y.to_numpy()[:, None] - sites.geometry.y.to_numpy()[None, :]
    seen = np.hypot(dx, dy) <= 700
    w = demand["count"].to_numpy()
    best = max(w[seen[:, list(trio)].any(axis=1)].sum() for trio in itertools.combinations(range(len(sites)), 3))
    assert best > 0
    assert plan.summary["objective"] == best
    chosen = [list(sites["pole_id"]).index(s) for s in plan.cameras["site_id"]]
    assert w[seen[:, chosen].any(axis=1)].sum() == best
    assert plan.proven_optimal


def test_projected_layers_give_the_same_plan(city):
    lonlat = plan_city(city)
    demand, sites, districts = city
    projected = plan_city((demand.to_crs(5186), sites.to_crs(5186), districts.to_crs(5186)))
    assert projected.cameras.crs.to_epsg() == 5186
    assert list(projected.cameras["site_id"]) == list(lonlat.cameras["site_id"])
    assert projected.summary["objective"] == lonlat.summary["objective"]


def test_a_crs_without_an_epsg_code_goes_through_pyproj(city):
    """A custom transverse Mercator on the International ellipsoid, without
    an EPSG code: the layers go to longitude/latitude with pyproj, and the
    answers come back in the demand's own CRS."""
    custom = "+proj=tmerc +lat_0=38 +lon_0=127.3 +k=0.9999 +x_0=210000 +y_0=555000 +ellps=intl +units=m +no_defs"
    demand, sites, districts = city
    assert geopandas.GeoSeries(crs=custom).crs.to_epsg() is None
    lonlat = plan_city(city)
    own = plan_city((demand.to_crs(custom), sites.to_crs(custom), districts.to_crs(custom)))
    assert own.cameras.crs == demand.to_crs(custom).crs
    assert own.blindspots.crs == own.cameras.crs
    assert list(own.cameras["site_id"]) == list(lonlat.cameras["site_id"])
    assert own.summary["objective"] == lonlat.summary["objective"]
    back = own.cameras.to_crs(4326)
    assert (back.geometry.x - lonlat.cameras.geometry.x).abs().max() < 1e-7


def test_mappings_and_paths_give_the_same_plan(city, tmp_path):
    demand, sites, districts = city
    frames = plan_city(city)
    mapping = sightline.plan(
        json.loads(demand.to_json()),
        json.loads(sites.to_json()),
        districts=districts.__geo_interface__,
        frames=False,
        **SETTINGS,
    )
    assert mapping.cameras["type"] == "FeatureCollection"
    ids = [f["properties"]["site_id"] for f in mapping.cameras["features"]]
    assert ids == list(frames.cameras["site_id"])
    assert isinstance(mapping.districts, list) and mapping.districts[0]["district"] == "West"
    demand.to_file(tmp_path / "demand.fgb")
    sites.to_file(tmp_path / "sites.geojson")
    paths = sightline.plan(
        tmp_path / "demand.fgb",
        str(tmp_path / "sites.geojson"),
        districts=districts,
        **SETTINGS,
    )
    assert list(paths.cameras["site_id"]) == list(frames.cameras["site_id"])
    assert paths.summary == frames.summary


def test_out_writes_every_file(city, tmp_path):
    plan = plan_city(city, out=tmp_path / "result")
    for name in ("plan.geojson", "summary.json", "report.md", "map.svg", "districts.csv"):
        assert (tmp_path / "result" / name).is_file(), name
    assert "report.md" in plan.written
    written = json.loads((tmp_path / "result" / "summary.json").read_text())
    assert written == plan.summary


def test_a_study_runs_from_a_mapping_a_toml_file_and_a_json_file(city, tmp_path):
    demand, sites, districts = city
    demand.to_file(tmp_path / "demand.geojson")
    sites.to_file(tmp_path / "sites.geojson")
    study = {
        "layer": [
            {"role": "demand", "file": demand, "weight": "count"},
            {"role": "sites", "file": sites, "id": "pole_id"},
        ],
        "camera": {"radius_m": 150},
        "objective": {"cameras": 5},
        "solver": {"method": "exact"},
    }
    from_mapping = sightline.run(study)
    toml = (
        '[[layer]]\nrole = "demand"\nfile = "demand.geojson"\nweight = "count"\n\n'
        '[[layer]]\nrole = "sites"\nfile = "sites.geojson"\nid = "pole_id"\n\n'
        "[camera]\nradius_m = 150\n\n[objective]\ncameras = 5\n\n"
        '[solver]\nmethod = "exact"\n\n[outputs]\nfolder = "out"\nfiles = ["plan.geojson", "summary.json"]\n'
    )
    (tmp_path / "study.toml").write_text(toml)
    from_toml = sightline.run(tmp_path / "study.toml")
    assert sorted(from_toml.written) == ["plan.geojson", "summary.json"]
    assert (tmp_path / "out" / "plan.geojson").is_file()
    checked = sightline.check(tmp_path / "study.toml")
    (tmp_path / "study.json").write_text(json.dumps(checked))
    from_json = sightline.run(str(tmp_path / "study.json"), write=False)
    for other in (from_toml, from_json):
        assert list(other.cameras["site_id"]) == list(from_mapping.cameras["site_id"])
        assert other.summary["objective"] == from_mapping.summary["objective"]


def test_sites_are_scored(city):
    demand, sites, _ = city
    scores = sightline.score_sites(demand, sites, radius=150, weight="count", site_id="pole_id")
    assert len(scores.sites) == len(sites) == len(scores.table)
    assert list(scores.table["site_id"]) == list(sites["pole_id"])
    assert list(scores.sites["site_id"]) == list(sites["pole_id"])
    assert list(scores.sites["new_demand"]) == list(scores.table["new_demand"])
    alone = sightline.plan(demand, sites, cameras=1, radius=150, weight="count", site_id="pole_id", solver="exact")
    assert alone.summary["objective"] == scores.table["new_demand"].max()


def test_four_threads_at_once_give_four_correct_plans():
    cities = [synthetic_city(seed=s) for s in (1, 2, 3, 4)]
    expected = [plan_city(c).summary for c in cities]
    results = [None] * 4
    errors = []

    def work(k):
        try:
            results[k] = plan_city(cities[k]).summary
        except Exception as error:  # collected, then failed below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for got, want in zip(results, expected):
        assert got == want


def test_notes_are_warnings(city):
    """A buildings layer with a point in it: the point is skipped, and the
    user is told (never silently dropped)."""
    from shapely.geometry import Point, box

    demand, sites, _ = city
    buildings = geopandas.GeoDataFrame(
        geometry=[box(126.80, 37.60, 126.8005, 37.6005), Point(126.81, 37.61)], crs="EPSG:4326"
    )
    with pytest.warns(sightline.SightlineWarning, match="buildings GeoDataFrame") as caught:
        plan = sightline.plan(demand, sites, buildings=buildings, cameras=3, radius=150, weight="count")
    assert any("skipped 1" in str(w.message) or "1 feature" in str(w.message) for w in caught), [
        str(w.message) for w in caught
    ]
    assert plan.notes


def test_without_geopandas_mappings_go_in_and_come_out(city, tmp_path):
    """In a fresh interpreter where geopandas and pandas cannot be
    imported."""
    import subprocess
    import sys

    demand, sites, _ = city
    (tmp_path / "demand.json").write_text(demand.to_json())
    sites.to_file(tmp_path / "sites.geojson")
    script = f"""
import json, sys
sys.modules["geopandas"] = None
sys.modules["pandas"] = None
import sightline
demand = json.load(open({str(tmp_path / "demand.json")!r}))
plan = sightline.plan(demand, {str(tmp_path / "sites.geojson")!r}, cameras=3, radius=150, weight="count", site_id="pole_id")
assert plan.cameras["type"] == "FeatureCollection", plan.cameras
assert len(plan.cameras["features"]) == 3
scores = sightline.score_sites(demand, {str(tmp_path / "sites.geojson")!r}, radius=150, weight="count")
assert isinstance(scores.table, list) and len(scores.table) == 60
print(json.dumps([f["properties"]["site_id"] for f in plan.cameras["features"]]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    with_frames = sightline.plan(demand, sites, cameras=3, radius=150, weight="count", site_id="pole_id")
    assert json.loads(out.stdout) == list(with_frames.cameras["site_id"])
