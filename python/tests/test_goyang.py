"""The Python plan on the Goyang files equals the command line's plan: the
same sites in the same order and the same figures, with GeoDataFrames in
and out, in longitude/latitude and in EPSG:5186 (Korea 2000 / Central
Belt 2010)."""

import json
import subprocess

import pytest

import sightline
from conftest import cli, shared_data

geopandas = pytest.importorskip("geopandas")

SETTINGS = [
    "--demand-weight",
    "count",
    "--cameras",
    "40",
    "--radius",
    "100",
    "--district-name",
    "name",
    "--site-label",
    "보안등위치명",
]


def complaints(goyang, path):
    """SYNTHETIC complaints (seeded): 40 points scattered within about 300 m
    of each emergency bell and patrol point of Deogyang-gu, weighing 1 to 4;
    written to FlatGeobuf so that the command line reads the very same
    coordinates."""
    import numpy as np

    anchors = geopandas.pd.concat(
        [
            geopandas.read_file(goyang / "deogyang_emergency_bells.geojson"),
            geopandas.read_file(goyang / "deogyang_patrol_points.geojson"),
        ]
    )
    rng = np.random.default_rng(2024)
    x = np.repeat(anchors.geometry.x.to_numpy(), 40) + rng.normal(0, 0.002, 40 * len(anchors))
    y = np.repeat(anchors.geometry.y.to_numpy(), 40) + rng.normal(0, 0.0015, 40 * len(anchors))
    frame = geopandas.GeoDataFrame(
        {"count": rng.integers(1, 5, len(x)).astype(float)},
        geometry=geopandas.points_from_xy(x, y),
        crs="EPSG:4326",
    )
    frame.to_file(path, SPATIAL_INDEX="NO")
    return path


def goyang_files(tmp_path):
    goyang = shared_data() / "goyang"
    return {
        "demand": complaints(goyang, tmp_path / "complaints.fgb"),
        "sites": goyang / "goyang_security_lights.geojson",
        "existing": goyang / "deogyang_cctv.geojson",
        "districts": goyang / "goyang_dong_2018.geojson",
    }


def command_line_plan(files, out, solver):
    arguments = [str(cli()), "plan", "-q", "--out", str(out), "--solver", solver]
    for role, path in files.items():
        arguments += [f"--{role}", str(path)]
    subprocess.run(arguments + SETTINGS, check=True)
    cameras = geopandas.read_file(next(out.glob("plan.*")))
    cameras = cameras.sort_values("rank").reset_index(drop=True)
    return cameras, json.loads((out / "summary.json").read_text())


def python_plan(frames, solver):
    return sightline.plan(
        frames["demand"],
        frames["sites"],
        weight="count",
        existing=frames["existing"],
        districts=frames["districts"],
        cameras=40,
        radius=100,
        district_name="name",
        site_label="보안등위치명",
        solver=solver,
    )


def same_plan(plan, cameras, summary):
    assert list(plan.cameras["site_id"]) == list(cameras["site_id"].astype(str))
    # Every column, the poles' own (보안등위치명, 설치형태, ...) too.
    assert sorted(plan.cameras.columns) == sorted(cameras.columns)
    for column in cameras.columns.drop("geometry"):
        # A date read from a FlatGeobuf DateTime is written back as
        # 2021-09-27T00:00:00, from a GeoDataFrame's datetime as 2021-09-27.
        def day(value):
            text = str(value)
            for midnight in ("T00:00:00", " 00:00:00"):
                text = text.removesuffix(midnight)
            return text

        assert [day(v) for v in plan.cameras[column]] == [day(v) for v in cameras[column]], column
    assert list(plan.cameras["gain"]) == list(cameras["gain"])
    assert plan.summary == summary
    assert plan.cameras.crs == cameras.crs
    assert (plan.cameras.geometry.x - cameras.geometry.x).abs().max() < 1e-9
    assert (plan.cameras.geometry.y - cameras.geometry.y).abs().max() < 1e-9


@pytest.mark.parametrize("solver", ["greedy", "auto"])
def test_goyang_in_lonlat_equals_the_command_line(tmp_path, solver):
    files = goyang_files(tmp_path)
    cameras, summary = command_line_plan(files, tmp_path / "cli", solver)
    frames = {role: geopandas.read_file(path) for role, path in files.items()}
    plan = python_plan(frames, solver)
    assert plan.cameras.crs.to_epsg() == 4326
    assert len(plan.cameras) == 40
    assert plan.upper_bound >= plan.summary["objective"] > plan.summary["covered_before"]
    same_plan(plan, cameras, summary)
    named = plan.districts[plan.districts["district"] != "(outside every district)"]
    assert len(named) == 39


def test_goyang_in_epsg_5186_equals_the_command_line(tmp_path):
    files = goyang_files(tmp_path)
    frames = {role: geopandas.read_file(path).to_crs(5186) for role, path in files.items()}
    projected = {}
    for role, frame in frames.items():
        projected[role] = tmp_path / f"{role}.fgb"
        # In row order: the sites' ids are their row numbers.
        frame.to_file(projected[role], SPATIAL_INDEX="NO")
    cameras, summary = command_line_plan(projected, tmp_path / "cli", "auto")
    plan = python_plan(frames, "auto")
    assert plan.cameras.crs.to_epsg() == 5186
    assert plan.blindspots.crs.to_epsg() == 5186
    same_plan(plan, cameras, summary)
