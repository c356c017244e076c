"""The bad-input catalogue from Python: every case raises the right
exception, with the message the command line prints (the file or
GeoDataFrame, the feature, the property), and never takes the interpreter
down."""

import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

import sightline

geopandas = pytest.importorskip("geopandas")


def plan(demand, sites, **keywords):
    settings = dict(cameras=2, radius=150)
    settings.update(keywords)
    return sightline.plan(demand, sites, **settings)


def test_a_negative_weight_names_the_frame_the_feature_and_the_property(city):
    demand, sites, _ = city
    demand = demand.copy()
    demand.loc[3, "count"] = -2.0
    with pytest.raises(sightline.InputError) as caught:
        plan(demand, sites, weight="count")
    message = str(caught.value)
    assert "demand GeoDataFrame" in message and "feature 3" in message and "count" in message, message


def test_a_missing_column_lists_the_columns_there_are(city):
    demand, sites, _ = city
    with pytest.raises(sightline.InputError) as caught:
        plan(demand, sites, weight="weight")
    message = str(caught.value)
    assert "weight" in message and "count" in message, message


def test_a_null_or_wrong_geometry_is_named(city):
    demand, sites, _ = city
    broken = demand.copy()
    broken.loc[5, "geometry"] = None
    with pytest.raises(sightline.InputError, match="feature 5"):
        plan(broken, sites)
    lines = demand.copy()
    lines.loc[7, "geometry"] = LineString([(126.8, 37.6), (126.81, 37.61)])
    with pytest.raises(sightline.InputError, match="feature 7"):
        plan(lines, sites)


def test_duplicate_site_ids_are_refused(city):
    demand, sites, _ = city
    twice = sites.copy()
    twice.loc[4, "pole_id"] = twice.loc[2, "pole_id"]
    with pytest.raises(sightline.InputError, match="P-002"):
        plan(demand, twice, site_id="pole_id")


def test_settings_are_named_by_their_keyword(city):
    demand, sites, _ = city
    with pytest.raises(sightline.StudyError) as caught:
        plan(demand, sites, cameras=0)
    assert str(caught.value).startswith("cameras "), str(caught.value)
    assert caught.value.field == "objective.cameras"
    with pytest.raises(sightline.StudyError, match="^radius "):
        plan(demand, sites, radius=-5)
    with pytest.raises(sightline.StudyError, match="solver"):
        plan(demand, sites, solver="fastest")
    with pytest.raises(TypeError, match="unexpected keyword argument 'camras'"):
        plan(demand, sites, camras=3)
    with pytest.raises(sightline.StudyError, match="district_name"):
        plan(demand, sites, district_name="dong")


def test_what_cannot_be_planned_is_a_plan_error(city):
    demand, sites, _ = city
    with pytest.raises(sightline.PlanError, match="60"):
        plan(demand, sites, cameras=61)
    zero = demand.assign(count=0.0)
    with pytest.raises(sightline.PlanError, match="nothing to cover"):
        plan(zero, sites, weight="count")
    with pytest.raises(sightline.MemoryLimitError):
        plan(demand, sites, memory_limit="1K")


def test_files_and_types_that_are_not_layers(city, tmp_path):
    demand, sites, _ = city
    with pytest.raises(sightline.InputError, match="missing.geojson"):
        plan(tmp_path / "missing.geojson", sites)
    (tmp_path / "bad.geojson").write_text("{not json")
    with pytest.raises(sightline.InputError, match="bad.geojson"):
        plan(tmp_path / "bad.geojson", sites)
    with pytest.raises(TypeError, match="demand layer"):
        plan(42, sites)
    with pytest.raises(sightline.InputError, match="demand mapping"):
        plan({"type": "FeatureCollection", "features": [{"type": "Feature"}]}, sites)


def test_a_study_file_error_names_its_line(tmp_path):
    (tmp_path / "study.toml").write_text(
        '[[layer]]\nrole = "demand"\nfile = "d.geojson"\n\n[[layer]]\nrole = "sites"\nfile = "s.geojson"\n\n'
        "[camera]\nradius_m = -5\n"
    )
    with pytest.raises(sightline.StudyError, match=r"study.toml line 10: \[camera\] radius_m"):
        sightline.run(tmp_path / "study.toml")
    (tmp_path / "broken.toml").write_text("[camera\n")
    with pytest.raises(sightline.StudyError, match="broken.toml"):
        sightline.check(tmp_path / "broken.toml")
    with pytest.raises(sightline.StudyError, match="objective"):
        sightline.check({"objective": {"cameras": "many"}})


def test_no_record_text_reaches_an_error(city):
    """Personal data in a layer's other columns never appears in a message."""
    demand, sites, _ = city
    demand = demand.assign(phone="010-1234-5678", text="secret complaint")
    demand.loc[2, "count"] = float("nan")
    with pytest.raises(sightline.InputError) as caught:
        plan(demand, sites, weight="count")
    message = str(caught.value)
    assert "010-1234-5678" not in message and "secret" not in message, message


def test_huge_and_odd_values_do_not_crash(city):
    demand, sites, _ = city
    odd = demand.copy()
    odd.loc[0, "geometry"] = Point(np.inf, 37.6)
    with pytest.raises(sightline.InputError):
        plan(odd, sites)
    tiny = demand.copy()
    tiny["count"] = 1e308
    with pytest.raises(sightline.SightlineError):
        plan(tiny, sites, weight="count")
    polygons = demand.copy()
    polygons["geometry"] = [box(126.8, 37.6, 126.801, 37.601)] * len(polygons)
    with pytest.raises(sightline.InputError, match="feature 0"):
        plan(polygons, sites)
