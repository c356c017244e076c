"""The bad-input catalogue (ROBUSTNESS.md) from Python: files, coordinates,
properties, requests, demand, memory, CSV, study files and districts, each
refused with the right exception and a message naming the file (or the
GeoDataFrame or mapping), the feature or row, and the property or keyword;
none takes the interpreter down."""

import json

import pytest

import sightline

geopandas = pytest.importorskip("geopandas")


def point(x, y, **properties):
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


DEMAND = collection(point(126.83, 37.65, w="2"), point(126.831, 37.651, w="1"))
SITES = collection(point(126.8301, 37.6501, id="a", cost="3"), point(126.84, 37.66, id="b", cost="4"))


MANY = collection(*(point(126.83 + 0.00001 * k, 37.65) for k in range(500)))


def cp949_as_utf8(tmp_path):
    demand = write(tmp_path, "d.csv", "이름,위도,경도\n가,37.65,126.83\n".encode("cp949"))
    study = {
        "layer": [
            {"role": "demand", "file": str(demand), "encoding": "utf-8"},
            {"role": "sites", "file": SITES, "id": "id"},
        ],
        "camera": {"radius_m": 50},
        "objective": {"cameras": 1},
    }
    return sightline.run(study, frames=False)


def write(tmp_path, name, contents):
    path = tmp_path / name
    if isinstance(contents, bytes):
        path.write_bytes(contents)
    elif isinstance(contents, str):
        path.write_text(contents, encoding="utf-8")
    else:
        path.write_text(json.dumps(contents), encoding="utf-8")
    return path


def plan(demand=DEMAND, sites=SITES, **keywords):
    settings = dict(cameras=1, radius=50, site_id="id", frames=False)
    settings.update(keywords)
    return sightline.plan(demand, sites, **settings)


# (name, how to call given tmp_path, exception, needles in the message)
CASES = [
    # files
    ("missing file", lambda t: plan(t / "nowhere.geojson"), sightline.InputError, ["nowhere.geojson"]),
    (
        "truncated JSON",
        lambda t: plan(write(t, "d.geojson", '{"type": "FeatureCollection", "features": [')),
        sightline.InputError,
        ["d.geojson"],
    ),
    (
        "a Feature at the top level",
        lambda t: plan(write(t, "d.geojson", point(126.83, 37.65))),
        sightline.InputError,
        ["d.geojson"],
    ),
    ("text that is not JSON", lambda t: plan(write(t, "d.geojson", "hello")), sightline.InputError, ["d.geojson"]),
    (
        "a polygon in a point layer",
        lambda t: plan(
            collection(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[126.8, 37.6], [126.81, 37.6], [126.81, 37.61], [126.8, 37.6]]],
                    },
                }
            )
        ),
        sightline.InputError,
        ["demand mapping", "feature 0", "Polygon"],
    ),
    ("empty demand", lambda t: plan(collection()), sightline.SightlineError, ["demand"]),
    ("empty sites", lambda t: plan(sites=collection()), sightline.SightlineError, ["site"]),
    ("districts of points", lambda t: plan(districts=DEMAND), sightline.InputError, ["districts mapping", "feature 0"]),
    (
        "a null geometry",
        lambda t: plan(collection({"type": "Feature", "properties": {}, "geometry": None})),
        sightline.InputError,
        ["demand mapping", "feature 0"],
    ),
    # coordinates
    (
        "latitude 95",
        lambda t: plan(collection(point(126.83, 95.0))),
        sightline.InputError,
        ["demand mapping", "feature 0"],
    ),
    (
        "swapped longitude and latitude",
        lambda t: plan(collection(point(37.65, 126.83))),
        sightline.InputError,
        ["demand mapping", "feature 0"],
    ),
    (
        "metres beside longitude/latitude",
        lambda t: plan(
            write(
                t,
                "d.geojson",
                dict(collection(point(200000.0, 550000.0)), crs={"type": "name", "properties": {"name": "EPSG:4326"}}),
            )
        ),
        sightline.InputError,
        ["d.geojson"],
    ),
    ("a layer 300 km away", lambda t: plan(collection(point(129.9, 37.65))), sightline.SightlineError, ["km"]),
    ("an unknown EPSG code", lambda t: plan(crs="EPSG:999999"), sightline.SightlineError, ["999999"]),
    # properties
    (
        "a weight that is not a number",
        lambda t: plan(collection(point(126.83, 37.65, w="many")), weight="w"),
        sightline.InputError,
        ["demand mapping", "feature 0", "w"],
    ),
    (
        "a negative weight",
        lambda t: plan(collection(point(126.83, 37.65, w=-1)), weight="w"),
        sightline.InputError,
        ["feature 0", "w"],
    ),
    (
        "a NaN weight",
        lambda t: plan(collection(point(126.83, 37.65, w="NaN")), weight="w"),
        sightline.InputError,
        ["feature 0", "w"],
    ),
    (
        "a missing weight",
        lambda t: plan(collection(point(126.83, 37.65, other=1)), weight="w"),
        sightline.InputError,
        ["feature 0", "w"],
    ),
    (
        "duplicate site ids",
        lambda t: plan(sites=collection(point(126.8301, 37.6501, id="a"), point(126.84, 37.66, id="a"))),
        sightline.InputError,
        ["sites mapping", "a"],
    ),
    (
        "a site that costs 0",
        lambda t: plan(sites=collection(point(126.8301, 37.6501, id="a", cost=0)), budget=3, site_cost="cost"),
        sightline.InputError,
        ["sites mapping", "cost"],
    ),
    (
        "an existing camera seeing 400 degrees",
        lambda t: plan(existing=collection(point(126.83, 37.65, h=0, f=400)), existing_heading="h", existing_fov="f"),
        sightline.InputError,
        ["existing mapping", "feature 0", "f"],
    ),
    # requests
    ("p = 0", lambda t: plan(cameras=0), sightline.StudyError, ["cameras"]),
    ("p beyond the sites", lambda t: plan(cameras=3), sightline.PlanError, ["3", "2"]),
    ("a negative radius", lambda t: plan(radius=-1), sightline.StudyError, ["radius"]),
    (
        "a budget below the cheapest site",
        lambda t: plan(cameras=None, budget=1, site_cost="cost"),
        sightline.PlanError,
        ["budget", "3"],
    ),
    ("an unknown forced site", lambda t: plan(force_in=["zzz"]), sightline.SightlineError, ["zzz"]),
    ("a site forced in and out", lambda t: plan(force_in=["a"], force_out=["a"]), sightline.StudyError, ["a"]),
    (
        "a target coverage of 2",
        lambda t: plan(cameras=None, target_coverage=2.0),
        sightline.StudyError,
        ["target_coverage"],
    ),
    ("a backup weight of 5", lambda t: plan(backup_weight=5.0), sightline.StudyError, ["backup_weight"]),
    ("a negative spacing", lambda t: plan(min_spacing=-3), sightline.StudyError, ["min_spacing"]),
    ("quotas without districts", lambda t: plan(min_per_district=1), sightline.SightlineError, ["district"]),
    ("a time limit of 0", lambda t: plan(time_limit=0), sightline.StudyError, ["time_limit"]),
    ("an unknown solver", lambda t: plan(solver="fast"), sightline.StudyError, ["solver"]),
    # demand
    (
        "every weight 0",
        lambda t: plan(collection(point(126.83, 37.65, w=0)), weight="w"),
        sightline.PlanError,
        ["nothing to cover"],
    ),
    ("a grid that keeps no cell", lambda t: plan(demand_mode="grid", grid=1e6), sightline.SightlineError, ["grid"]),
    # memory
    ("coverage over the memory limit", lambda t: plan(MANY, memory_limit="1K"), sightline.MemoryLimitError, ["memory"]),
    ("a memory limit that is not a size", lambda t: plan(memory_limit="lots"), sightline.StudyError, ["memory_limit"]),
    # CSV
    ("CP949 read as UTF-8", lambda t: cp949_as_utf8(t), sightline.InputError, ["d.csv"]),
    (
        "a missing coordinate column",
        lambda t: plan(write(t, "d.csv", "name,lat\na,37.65\n")),
        sightline.InputError,
        ["d.csv"],
    ),
    (
        "a ragged row",
        lambda t: plan(write(t, "d.csv", "lat,lon\n37.65,126.83\n37.65,126.83,5\n")),
        sightline.InputError,
        ["d.csv", "3"],
    ),
    ("no usable row", lambda t: plan(write(t, "d.csv", "lat,lon\n,\n")), sightline.InputError, ["d.csv"]),
    # study files
    (
        "an unknown key, by its line",
        lambda t: sightline.run(write(t, "s.toml", "[camera]\nradius_m = 50\nrange = 3\n")),
        sightline.StudyError,
        ["s.toml", "line"],
    ),
    (
        "a missing layer file",
        lambda t: sightline.run(
            write(
                t,
                "s.toml",
                '[[layer]]\nrole = "demand"\nfile = "no.geojson"\n\n[[layer]]\nrole = "sites"\nfile = "no2.geojson"\n\n[camera]\nradius_m = 50\n\n[objective]\ncameras = 1\n',
            )
        ),
        sightline.InputError,
        ["no.geojson"],
    ),
    (
        "an empty output folder",
        lambda t: sightline.run(
            write(
                t,
                "s.toml",
                '[[layer]]\nrole = "demand"\nfile = "d.geojson"\n\n[[layer]]\nrole = "sites"\nfile = "s.geojson"\n\n[camera]\nradius_m = 50\n\n[objective]\ncameras = 1\n\n[outputs]\nfolder = ""\n',
            )
        ),
        sightline.StudyError,
        ["s.toml"],
    ),
    (
        "a mapping study of the wrong type",
        lambda t: sightline.run({"camera": {"radius_m": "far"}}),
        sightline.StudyError,
        ["camera.radius_m"],
    ),
    # Python's own
    ("a layer that is a number", lambda t: plan(7), TypeError, ["demand"]),
    ("an unknown keyword", lambda t: plan(radios=5), TypeError, ["radios"]),
    (
        "a mapping with NaN",
        lambda t: plan(collection(point(float("nan"), 37.6))),
        sightline.InputError,
        ["demand mapping"],
    ),
]


@pytest.mark.parametrize("name,call,kind,needles", CASES, ids=[c[0] for c in CASES])
def test_refused(tmp_path, name, call, kind, needles):
    with pytest.raises(kind) as caught:
        call(tmp_path)
    message = str(caught.value)
    for needle in needles:
        assert needle in message, f"{name}: {needle!r} not in {message!r}"


def test_invalid_districts_are_kept_and_named(tmp_path):
    from shapely.geometry import Polygon

    bow_tie = Polygon([(126.82, 37.64), (126.84, 37.66), (126.84, 37.64), (126.82, 37.66)])
    districts = geopandas.GeoDataFrame({"name": ["Bow tie"]}, geometry=[bow_tie], crs="EPSG:4326")
    with pytest.warns(sightline.SightlineWarning, match="districts GeoDataFrame"):
        result = plan(districts=districts, district_name="name")
    assert [row["district"] for row in result.districts if row["district"] == "Bow tie"] == ["Bow tie"]


def test_records_are_read_from_their_file(city):
    demand, sites, _ = city
    study = {
        "layer": [{"role": "records", "file": demand}, {"role": "sites", "file": sites}],
        "camera": {"radius_m": 50},
        "objective": {"cameras": 1},
    }
    with pytest.raises(TypeError, match="records layer must be a path"):
        sightline.run(study)
