"""Shared fixtures: a small synthetic city as GeoDataFrames, the real data
in ../shared/data (skipped with a notice when absent, failed under CI's
SIGHTLINE_REQUIRE_SHARED_DATA=1), and the `sightline` command to compare
with (SIGHTLINE_BIN, else target/debug/sightline)."""

import os
import pathlib

import numpy as np
import pytest

geopandas = pytest.importorskip("geopandas")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def shared_data() -> pathlib.Path:
    """../shared/data beside the repository, or a skip (a failure when CI
    requires it)."""
    data = pathlib.Path(os.environ.get("SIGHTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not data.is_dir():
        if os.environ.get("SIGHTLINE_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"{data} is missing and SIGHTLINE_REQUIRE_SHARED_DATA=1")
        pytest.skip(f"NOTICE: {data} is missing; skipping a test on real data")
    return data


def cli() -> pathlib.Path:
    """The `sightline` binary built from this repository."""
    path = pathlib.Path(os.environ.get("SIGHTLINE_BIN", ROOT / "target" / "debug" / "sightline"))
    if not path.is_file():
        if os.environ.get("SIGHTLINE_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"{path} is missing: build it with `cargo build -p sightline-cli`")
        pytest.skip(f"NOTICE: {path} is missing; build it with `cargo build -p sightline-cli`")
    return path


def synthetic_city(seed: int = 7, demand: int = 600, sites: int = 60):
    """Demand around a few hot spots and candidate poles on a grid, near
    Goyang, in longitude/latitude: (demand, sites, districts)."""
    from shapely.geometry import box

    rng = np.random.default_rng(seed)
    centres = rng.uniform([126.80, 37.60], [126.83, 37.62], size=(6, 2))
    which = rng.integers(0, len(centres), demand)
    xy = centres[which] + rng.normal(0, 0.002, size=(demand, 2))
    weights = rng.integers(1, 5, demand).astype(float)
    demand_frame = geopandas.GeoDataFrame(
        {"count": weights},
        geometry=geopandas.points_from_xy(xy[:, 0], xy[:, 1]),
        crs="EPSG:4326",
    )
    gx, gy = np.meshgrid(np.linspace(126.795, 126.835, 10), np.linspace(37.595, 37.625, sites // 10))
    sites_frame = geopandas.GeoDataFrame(
        {
            "pole_id": [f"P-{k:03}" for k in range(gx.size)],
            "place": [f"place {k}" for k in range(gx.size)],
        },
        geometry=geopandas.points_from_xy(gx.ravel(), gy.ravel()),
        crs="EPSG:4326",
    )
    districts_frame = geopandas.GeoDataFrame(
        {"dong": ["West", "East"]},
        geometry=[box(126.79, 37.59, 126.815, 37.63), box(126.815, 37.59, 126.84, 37.63)],
        crs="EPSG:4326",
    )
    return demand_frame, sites_frame, districts_frame


def hard_city():
    """40,000 demand points and 3,000 sites scattered at random in EPSG:5186
    (6 km square): with 300 cameras at 120 m, the exact solver works on it
    until its time limit."""
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
    return demand, sites


@pytest.fixture
def city():
    return synthetic_city()
