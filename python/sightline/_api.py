"""The Python API: studies built from keyword arguments or mappings, layers
handed to the library in memory, and its output files read back as
GeoDataFrames (or mappings).

Nothing here plans: every rule, check and message is the Rust library's.
This module only translates between the geopandas world and a study.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import sys
import warnings
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _sightline
from ._sightline import InputError, StudyError


class SightlineWarning(UserWarning):
    """What Sightline wants the user to know about their data: rows it
    skipped and why, sites outside every district, settings it ignored."""


# --- optional imports -------------------------------------------------------


def _geo_modules():
    """geopandas and pyogrio, or None when either is missing."""
    try:
        import geopandas
        import pyogrio
    except ImportError:
        return None
    return geopandas, pyogrio


def _is_frame(value: Any) -> bool:
    """True for a GeoDataFrame (without importing geopandas when the
    caller never did)."""
    geopandas = sys.modules.get("geopandas")
    return geopandas is not None and isinstance(value, geopandas.GeoDataFrame)


def _wants_frames(frames: Optional[bool]) -> bool:
    if frames is None:
        return _geo_modules() is not None
    if frames and _geo_modules() is None:
        raise ImportError("frames=True needs geopandas and pyogrio: pip install geopandas")
    return bool(frames)


# --- layers -----------------------------------------------------------------


class _Layers:
    """The layers of one call held in memory, by the names the study gives
    them."""

    def __init__(self) -> None:
        self.memory: List[Tuple[str, bytes]] = []
        self.points: List[Tuple[Any, ...]] = []
        # The CRS of a demand GeoDataFrame that names no EPSG code, which
        # is handed over in longitude/latitude: the answers go back to it.
        self.demand_crs: Any = None
        self._names: set = set()

    def _name(self, base: str) -> str:
        name, k = base, 2
        while name in self._names:
            name, k = f"{base} {k}", k + 1
        self._names.add(name)
        return name

    def put(self, layer: Dict[str, Any], value: Any, keep: Optional[Sequence[str]]) -> None:
        """Sets `layer["file"]` for `value`: a path as it is; a GeoDataFrame
        or a GeoJSON-like mapping held in memory. `keep` names the columns
        the study reads (None: every column)."""
        role = layer["role"]
        if isinstance(value, (str, os.PathLike)):
            layer["file"] = os.fspath(value)
        elif _is_frame(value):
            name = self._name(f"{role} GeoDataFrame")
            epsg = _frame_epsg(value)
            if epsg is None and value.crs is not None:
                # A CRS without an EPSG code (a PROJ string, a custom
                # transverse Mercator): pyproj takes the points to
                # longitude/latitude, and the answers come back in it.
                original = value.crs
                try:
                    value = value.to_crs("EPSG:4326")
                except Exception as error:
                    raise InputError(
                        f"{name}: cannot take its coordinate system ({original.name}) to EPSG:4326: {error}"
                    ) from None
                epsg = 4326
                if role == "demand" and self.demand_crs is None:
                    self.demand_crs = original
            columns = _frame_points(value, name, keep)
            if columns is not None:
                crs = None if epsg is None else f"EPSG:{epsg}"
                self.points.append((name, columns[0], columns[1], crs, columns[2]))
            else:
                self.memory.append((name, _frame_bytes(value, name, keep)))
            layer["file"] = name
            if epsg is not None and "crs" not in layer:
                layer["crs"] = f"EPSG:{epsg}"
        elif isinstance(value, Mapping) or hasattr(value, "__geo_interface__"):
            mapping = value if isinstance(value, Mapping) else value.__geo_interface__
            name = self._name(f"{role} mapping")
            try:
                text = json.dumps(mapping, allow_nan=False, default=_json_default)
            except (TypeError, ValueError) as error:
                raise InputError(f"{name}: not a GeoJSON-like mapping: {error}") from None
            self.memory.append((name, text.encode("utf-8")))
            layer["file"] = name
        else:
            raise TypeError(
                f"the {role} layer must be a GeoDataFrame, a path or a GeoJSON-like mapping, not {type(value).__name__}"
            )


def _json_default(value: Any) -> Any:
    """numpy numbers in a mapping, as JSON numbers."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _frame_epsg(frame: Any) -> Optional[int]:
    """The EPSG code of a GeoDataFrame's CRS; None without a CRS (the
    study's, by default longitude/latitude) or without a code."""
    crs = frame.crs
    if crs is None:
        return None
    epsg = crs.to_epsg()
    if epsg is None:
        epsg = crs.to_epsg(min_confidence=70)
    return None if epsg is None else int(epsg)


def _kept_columns(frame: Any, name: str, keep: Optional[Sequence[str]]) -> List[Any]:
    """The columns handed over: those in `keep` (every column when `keep`
    is None, or when a column it names is missing, so that the library's
    message lists the columns there are), the geometry aside."""
    try:
        geometry = frame.geometry.name
    except AttributeError:
        raise InputError(f"{name}: the GeoDataFrame has no active geometry column") from None
    repeated = frame.columns[frame.columns.duplicated()]
    if len(repeated):
        raise InputError(f"{name}: the column `{repeated[0]}` appears twice; give each column its own name")
    columns = [c for c in frame.columns if c != geometry]
    if keep is not None and all(k in frame.columns for k in keep):
        columns = [c for c in columns if c in keep]
    return columns


def _frame_points(frame: Any, name: str, keep: Optional[Sequence[str]]) -> Optional[Tuple[bytes, bytes, list]]:
    """A GeoDataFrame of Points (every geometry a non-empty Point) as
    columns: x and y as bytes, and each kept column as `(name, kind,
    data)` (see the native `run_study`); None for other geometries, which
    go through FlatGeobuf."""
    import numpy
    import pandas
    import shapely

    columns = _kept_columns(frame, name, keep)
    geometries = frame.geometry.values
    if len(frame) and not (shapely.get_type_id(geometries) == 0).all():
        return None
    if len(frame) and shapely.is_empty(geometries).any():
        return None
    xy = shapely.get_coordinates(geometries)
    if len(xy) != len(frame):
        return None
    handed = []
    for column in columns:
        series = frame[column]
        label = str(column)
        dtype = series.dtype
        if pandas.api.types.is_bool_dtype(dtype) or not (
            pandas.api.types.is_integer_dtype(dtype) or pandas.api.types.is_float_dtype(dtype)
        ):
            handed.append((label, "list", [_plain(v) for v in series.tolist()]))
        elif pandas.api.types.is_integer_dtype(dtype):
            fits = not series.hasnans and (
                pandas.api.types.is_signed_integer_dtype(dtype) or len(series) == 0 or int(series.max()) < 2**63
            )
            if fits:
                handed.append((label, "i64", series.to_numpy(dtype="<i8").tobytes()))
            else:
                # Missing values, or beyond 64 signed bits: Python ints.
                handed.append((label, "list", [_plain(v) for v in series.astype(object).tolist()]))
        else:
            handed.append((label, "f64", series.to_numpy(dtype="<f8", na_value=numpy.nan).tobytes()))
    x = numpy.ascontiguousarray(xy[:, 0], dtype="<f8").tobytes()
    y = numpy.ascontiguousarray(xy[:, 1], dtype="<f8").tobytes()
    return x, y, handed


def _plain(value: Any) -> Any:
    """A cell as None, bool, int, float or str (a missing value as None;
    dates as `YYYY-MM-DD`, date-times as `YYYY-MM-DD HH:MM:SS`, as the
    library writes spreadsheet dates; other objects as their text)."""
    import datetime

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        if value != value:  # NaT
            return None
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        import pandas

        if pandas.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    item = getattr(value, "item", None)
    if callable(item):
        try:
            value = item()
        except (TypeError, ValueError):
            pass
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
    return str(value)


def _frame_bytes(frame: Any, name: str, keep: Optional[Sequence[str]]) -> bytes:
    """A GeoDataFrame as FlatGeobuf bytes, for the library's FlatGeobuf
    reader: the geometry and the columns in `keep` (every column when
    `keep` is None, or when a column it names is missing, so that the
    library's message lists the columns there are)."""
    _, pyogrio = _geo_modules() or (None, None)
    if pyogrio is None:
        raise ImportError("a GeoDataFrame layer needs pyogrio: pip install pyogrio")
    columns = _kept_columns(frame, name, keep)
    subset = frame[columns + [frame.geometry.name]]
    for column in columns:
        if not isinstance(column, str):
            subset = subset.rename(columns={column: str(column)})
    buffer = io.BytesIO()
    try:
        pyogrio.write_dataframe(subset, buffer, driver="FlatGeobuf", layer=name, SPATIAL_INDEX="NO")
    except Exception as error:  # GDAL refuses a column type, say.
        raise InputError(f"{name}: cannot be handed to Sightline: {error}") from None
    return buffer.getvalue()


# --- results ----------------------------------------------------------------


def _read_layer(files: Mapping[str, bytes], stem: str, frames: bool, order: Optional[str] = None) -> Any:
    """The layer `stem` (plan, blindspots, scores) of the files given back:
    a GeoDataFrame, else a GeoJSON mapping. A FlatGeobuf file holds its
    features in the order of its spatial index: `order` names the column
    that restores the library's order (a plan's `rank`)."""
    for extension in ("fgb", "geojson"):
        data = files.get(f"{stem}.{extension}")
        if data is None:
            continue
        if frames:
            geopandas, pyogrio = _geo_modules()
            frame = geopandas.GeoDataFrame(pyogrio.read_dataframe(io.BytesIO(data)))
            if order is not None and order in frame.columns:
                frame = frame.sort_values(order, kind="stable").reset_index(drop=True)
            return frame
        if extension == "geojson":
            return json.loads(data)
        raise AssertionError("FlatGeobuf is asked for only with geopandas")
    return None


def _read_table(data: Optional[bytes], frames: bool) -> Any:
    """A CSV file given back: a pandas DataFrame, else a list of dicts."""
    if data is None:
        return None
    if frames:
        import pandas

        # Ids and names are text, whatever they look like ("007").
        ids = {"district": str, "site_id": str, "label": str, "nearest_site_id": str}
        return pandas.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=ids)
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _to_crs(frame: Any, crs: Any) -> Any:
    """A layer given back, taken to `crs` (a demand GeoDataFrame's CRS
    without an EPSG code) when there is one."""
    if crs is None or frame is None or not _is_frame(frame):
        return frame
    return frame.to_crs(crs)


def _tell(notes: Sequence[str]) -> None:
    for note in notes:
        warnings.warn(note, SightlineWarning, stacklevel=4)


class Plan:
    """A plan: the new cameras, the figures, and how far it can be from
    the best.

    Attributes:
        cameras: the new cameras (``plan.geojson``) as a GeoDataFrame in the
            demand layer's coordinate system (or the study's ``out_crs``),
            one row per camera in the order chosen, with ``site_id``,
            ``rank``, ``gain`` and the site's own columns; a GeoJSON
            mapping without geopandas.
        summary: every figure of ``summary.json``, as a dict.
        districts: the figures per district (``districts.csv``) as a pandas
            DataFrame (a list of dicts without pandas), demand outside every
            district in a row of its own; empty without a districts layer.
        blindspots: the demand still unseen (``blindspots.geojson``).
        upper_bound: no plan of this size covers more (None when the
            solver gave no bound).
        gap: how far the plan can be from the best, as a fraction of the
            bound (0 when proven optimal).
        proven_optimal: True when no better plan exists.
        notes: what Sightline said about the data (also issued as
            :class:`SightlineWarning`).
        written: the files written to the study's output folder, if any.
    """

    def __init__(self, answer: Mapping[str, Any], frames: bool, crs: Any = None) -> None:
        files = answer["files"]
        self.summary: Dict[str, Any] = json.loads(files["summary.json"])
        self.cameras = _to_crs(_read_layer(files, "plan", frames, order="rank"), crs)
        self.blindspots = _to_crs(_read_layer(files, "blindspots", frames, order="rank"), crs)
        self.districts = _read_table(files.get("districts.csv"), frames)
        self.notes: List[str] = list(answer["notes"]) + list(answer["infos"])
        self.written: List[str] = list(answer["written"])

    @property
    def upper_bound(self) -> Optional[float]:
        """No plan of this many cameras (or this budget) covers more."""
        return self.summary.get("upper_bound")

    @property
    def gap(self) -> Optional[float]:
        """How far the plan can be from the best: (bound - value) / bound."""
        return self.summary.get("gap")

    @property
    def proven_optimal(self) -> bool:
        """True when the plan is proven to be the best."""
        return bool(self.summary.get("proven_optimal"))

    @property
    def objective(self) -> float:
        """The demand weight the plan covers, existing cameras included."""
        return self.summary["objective"]

    def __repr__(self) -> str:
        s = self.summary
        gap = "proven optimal" if self.proven_optimal else f"gap {s.get('gap')!r}"
        return (
            f"<sightline.Plan: {s.get('cameras')} cameras, covers {s.get('objective')!r} "
            f"of {s.get('total_weight')!r} ({gap})>"
        )


class Scores:
    """Every candidate site scored on its own (``sightline score``).

    Attributes:
        sites: one row per candidate site (``scores.fgb`` or
            ``scores.geojson``), in the sites layer's order, with
            ``new_demand`` (the demand weight it would see that no existing
            camera sees) and ``new_points``: a GeoDataFrame, or a GeoJSON
            mapping without geopandas.
        table: ``scores.csv`` as a pandas DataFrame (a list of dicts
            without pandas).
        notes: what Sightline said about the data.
    """

    def __init__(self, answer: Mapping[str, Any], frames: bool, crs: Any = None) -> None:
        files = answer["files"]
        self.table = _read_table(files.get("scores.csv"), frames)
        self.sites = _to_crs(_read_layer(files, "scores", frames), crs)
        if frames and self.sites is not None and "site_id" in self.sites.columns:
            # The FlatGeobuf file holds the sites in its index's order: back
            # to the sites layer's, as in scores.csv (site ids are unique).
            order = {site: k for k, site in enumerate(self.table["site_id"].astype(str))}
            rank = self.sites["site_id"].astype(str).map(order)
            self.sites = self.sites.iloc[rank.argsort(kind="stable")].reset_index(drop=True)
        self.notes: List[str] = list(answer["notes"]) + list(answer["infos"])
        self.written: List[str] = list(answer["written"])

    def __repr__(self) -> str:
        count = len(self.table) if self.table is not None else 0
        return f"<sightline.Scores: {count} candidate sites>"


# --- the study a call builds --------------------------------------------------

# Keyword arguments of `plan` and `score_sites` beyond the named ones, and
# where each goes in the study: (table, key). A table of None is the layer
# of the role given.
_RULES: Dict[str, Tuple[str, str]] = {
    "budget": ("objective", "budget"),
    "target_coverage": ("objective", "target_coverage"),
    "backup_weight": ("objective", "backup_weight"),
    "min_gain": ("objective", "min_gain"),
    "min_per_district": ("constraints", "min_per_district"),
    "max_per_district": ("constraints", "max_per_district"),
    "min_spacing": ("constraints", "min_spacing_m"),
    "force_in": ("constraints", "force_in"),
    "force_out": ("constraints", "force_out"),
    "effort": ("solver", "effort"),
    "memory_limit": ("solver", "memory_limit"),
    "existing_radius": ("camera", "existing_radius_m"),
    "demand_mode": ("demand", "mode"),
    "grid": ("demand", "grid_m"),
    "kernel": ("demand", "kernel"),
    "bandwidth": ("demand", "bandwidth_m"),
    "site_cost": ("layer:sites", "cost"),
    "site_label": ("layer:sites", "label"),
    "site_headings": ("layer:sites", "headings"),
    "district_name": ("layer:districts", "name"),
    "district_value": ("layer:districts", "value"),
    "existing_heading": ("layer:existing", "heading"),
    "existing_fov": ("layer:existing", "fov"),
    "lang": ("outputs", "lang"),
    "title": ("", "title"),
    "crs": ("", "crs"),
    "out_crs": ("", "out_crs"),
}


class _Builder:
    """A study built from keyword arguments, remembering which keyword set
    each field, so that a refused field is named by its keyword."""

    def __init__(self) -> None:
        self.study: Dict[str, Any] = {"layer": []}
        self.keywords: Dict[str, str] = {}
        self.layers = _Layers()

    def layer(self, role: str, value: Any, fields: Mapping[str, Tuple[str, Any]], keep_all: bool) -> None:
        if value is None:
            return
        index = len(self.study["layer"])
        layer: Dict[str, Any] = {"role": role}
        for key, (keyword, setting) in fields.items():
            if setting is not None:
                layer[key] = setting
                self.keywords[f"layer[{index}].{key}"] = keyword
        self.keywords[f"layer[{index}]"] = role
        self.keywords[f"layer[{index}].file"] = role
        read = [v for k, (_, v) in fields.items() if v is not None and isinstance(v, str)]
        self.layers.put(layer, value, None if keep_all else read)
        self.study["layer"].append(layer)

    def set(self, table: str, key: str, value: Any, keyword: str) -> None:
        if value is None:
            return
        if table == "":
            self.study[key] = value
            self.keywords[key] = keyword
        else:
            self.study.setdefault(table, {})[key] = value
            self.keywords[f"{table}.{key}"] = keyword

    def needs_layer(self, role: str, keyword: str) -> None:
        if not any(layer["role"] == role for layer in self.study["layer"]):
            raise StudyError(f"{keyword} is set, but there is no {role} layer")


def _rules(builder: _Builder, function: str, rules: Mapping[str, Any]) -> None:
    for keyword, value in rules.items():
        if keyword not in _RULES:
            raise TypeError(f"{function}() got an unexpected keyword argument {keyword!r}")
        table, key = _RULES[keyword]
        if table.startswith("layer:"):
            # Set with its layer (see `_point_layers`); without one, refused.
            builder.needs_layer(table[len("layer:") :], keyword)
        else:
            builder.set(table, key, value, keyword)


def _named_by_keyword(error: StudyError, keywords: Mapping[str, str]) -> StudyError:
    """A study error about a field a keyword set, said of the keyword (an
    item of a list keeps its index: `force_in[0]`)."""
    field = getattr(error, "field", None)
    problem = getattr(error, "problem", None)
    if not field or problem is None:
        return error
    prefix = field
    while prefix and prefix not in keywords:
        cut = max(prefix.rfind("["), prefix.rfind("."))
        prefix = prefix[:cut] if cut > 0 else ""
    if not prefix:
        return error
    renamed = StudyError(f"{keywords[prefix]}{field[len(prefix) :]} {problem}")
    renamed.field = field
    renamed.problem = problem
    return renamed


def _call(
    study: Mapping[str, Any],
    layers: _Layers,
    *,
    task: str,
    frames: bool,
    keywords: Optional[Mapping[str, str]] = None,
    write: bool = False,
    path: Optional[str] = None,
    command: str = "",
) -> Mapping[str, Any]:
    text = None if path is not None else json.dumps(study, default=_json_default)
    try:
        answer = _sightline.run_study(
            text,
            layers.memory,
            points=layers.points,
            path=path,
            task=task,
            format="flatgeobuf" if frames else "geojson",
            write=write,
            command=command,
        )
    except StudyError as error:
        if keywords:
            raise _named_by_keyword(error, keywords) from None
        raise
    _tell(answer["notes"])
    return answer


def _point_layers(
    builder: _Builder,
    demand: Any,
    sites: Any,
    existing: Any,
    districts: Any,
    buildings: Any,
    weight: Optional[str],
    site_id: Optional[str],
    rules: Mapping[str, Any],
) -> None:
    """The layers of `plan` and `score_sites`, each with the columns its
    keywords name (`weight`, `site_cost`, `existing_heading`...), so that a
    GeoDataFrame is handed over once, with those columns."""
    if demand is None or sites is None:
        raise TypeError("a demand layer and a sites layer are required")

    def fields(role: str, **named: Tuple[str, Any]) -> Dict[str, Tuple[str, Any]]:
        for keyword, (table, key) in _RULES.items():
            if table == f"layer:{role}" and keyword in rules:
                named[key] = (keyword, rules[keyword])
        return named

    builder.layer("demand", demand, fields("demand", weight=("weight", weight)), keep_all=False)
    builder.layer("sites", sites, fields("sites", id=("site_id", site_id)), keep_all=True)
    builder.layer("existing", existing, fields("existing"), keep_all=False)
    builder.layer("districts", districts, fields("districts"), keep_all=True)
    builder.layer("buildings", buildings, fields("buildings"), keep_all=False)


def plan(
    demand: Any,
    sites: Any,
    *,
    existing: Any = None,
    districts: Any = None,
    buildings: Any = None,
    cameras: Optional[int] = None,
    radius: Optional[float] = None,
    weight: Optional[str] = None,
    site_id: Optional[str] = None,
    solver: str = "auto",
    time_limit: Optional[float] = None,
    out: Optional[os.PathLike] = None,
    frames: Optional[bool] = None,
    **rules: Any,
) -> Plan:
    """Chooses where to put new cameras.

    Args:
        demand: where cameras are wanted (complaints, requests): points.
        sites: candidate mounting points (poles): points.
        existing: cameras already installed: points (optional).
        districts: district boundaries: polygons (optional; gives the
            figures per district and allows ``min_per_district``).
        buildings: footprints that hide what lies behind them (optional).
        cameras: how many new cameras (or use ``budget`` or
            ``target_coverage``).
        radius: what a camera sees, in metres.
        weight: the demand layer's column holding each point's weight
            (default: every point weighs 1).
        site_id: the sites layer's column holding each site's id (default:
            the row number).
        solver: ``"auto"`` (default), ``"greedy"``, ``"local"`` or
            ``"exact"``.
        time_limit: seconds the planning may take (default: the library's,
            10 s); the answer still carries a valid bound.
        out: a folder to write every output file to (``plan.geojson``,
            ``report.md``, ``map.svg``...), as ``sightline plan --out`` does.
        frames: return GeoDataFrames (default: when geopandas is
            installed) or GeoJSON-like mappings.
        **rules: ``budget``, ``target_coverage``, ``backup_weight``,
            ``min_gain``, ``min_per_district``, ``max_per_district``,
            ``min_spacing`` (metres), ``force_in``, ``force_out`` (site ids),
            ``effort``, ``memory_limit``, ``existing_radius``,
            ``demand_mode`` (``"points"``, ``"grid"``, ``"area"``), ``grid``
            (cell size, metres), ``kernel``, ``bandwidth``, ``site_cost``,
            ``site_label``, ``site_headings``, ``district_name``,
            ``district_value``, ``existing_heading``, ``existing_fov``,
            ``lang`` (``"en"`` or ``"ko"``), ``title``, ``crs`` (for layers
            that carry none), ``out_crs``.

    Each layer is a GeoDataFrame (in the CRS it carries: one without an
    EPSG code goes to longitude/latitude through pyproj, and the answers
    come back in the demand's), a path to a file, or a GeoJSON-like
    mapping. A row's position (0-based) is its feature number in messages.

    Returns:
        A :class:`Plan`.

    Raises:
        InputError: a layer cannot be read or used (the message names the
            file or GeoDataFrame, the feature and the property).
        StudyError: a setting is refused (named by its keyword).
        PlanError: the layers cannot be planned as asked.
    """
    want_frames = _wants_frames(frames)
    builder = _Builder()
    _point_layers(builder, demand, sites, existing, districts, buildings, weight, site_id, rules)
    _rules(builder, "plan", rules)
    builder.set("camera", "radius_m", radius, "radius")
    builder.set("objective", "cameras", cameras, "cameras")
    builder.set("solver", "method", solver, "solver")
    builder.set("solver", "time_limit_s", time_limit, "time_limit")
    if out is not None:
        builder.set("outputs", "folder", os.fspath(out), "out")
    answer = _call(
        builder.study,
        builder.layers,
        task="plan",
        frames=want_frames,
        keywords=builder.keywords,
        write=out is not None,
        command="sightline.plan(...)",
    )
    return Plan(answer, want_frames, None if "out_crs" in rules else builder.layers.demand_crs)


def score_sites(
    demand: Any,
    sites: Any,
    *,
    existing: Any = None,
    districts: Any = None,
    buildings: Any = None,
    radius: Optional[float] = None,
    weight: Optional[str] = None,
    site_id: Optional[str] = None,
    frames: Optional[bool] = None,
    **rules: Any,
) -> Scores:
    """Scores every candidate site on its own: the demand it would see,
    and the demand no existing camera sees yet (``sightline score``).

    Takes the layers and keywords of :func:`plan` (those about a plan's
    size and solver aside). Returns :class:`Scores`.
    """
    want_frames = _wants_frames(frames)
    builder = _Builder()
    _point_layers(builder, demand, sites, existing, districts, buildings, weight, site_id, rules)
    _rules(builder, "score_sites", rules)
    builder.set("camera", "radius_m", radius, "radius")
    answer = _call(
        builder.study,
        builder.layers,
        task="score",
        frames=want_frames,
        keywords=builder.keywords,
    )
    return Scores(answer, want_frames, None if "out_crs" in rules else builder.layers.demand_crs)


def _study_layers(study: Mapping[str, Any]) -> Tuple[Dict[str, Any], _Layers]:
    """A study mapping whose layers' files may be GeoDataFrames or
    mappings: those put in memory."""
    layers = _Layers()
    study = dict(study)
    converted = []
    for layer in study.get("layer", []) or []:
        if not isinstance(layer, Mapping):
            converted.append(layer)
            continue
        layer = dict(layer)
        value = layer.get("file")
        if layer.get("role") in ("records", "population") and not isinstance(value, (str, os.PathLike)):
            raise TypeError(
                f"the {layer.get('role')} layer must be a path (the city's export as it is: Excel, CSV, "
                f"GeoJSON or Shapefile), not {type(value).__name__}"
            )
        if value is not None and not isinstance(value, (str, os.PathLike)):
            # The columns the layer names, or every column for layers
            # whose properties the outputs carry.
            keys = ("weight", "id", "cost", "label", "headings", "heading", "fov", "name", "value", "code")
            read = [layer[k] for k in keys if isinstance(layer.get(k), str)]
            keep_all = layer.get("role") in ("sites", "districts")
            layers.put(layer, value, None if keep_all else read)
        elif value is not None:
            layer["file"] = os.fspath(value)
        converted.append(layer)
    if "layer" in study:
        study["layer"] = converted
    return study, layers


def run(study: Any, *, write: bool = True, frames: Optional[bool] = None) -> Plan:
    """Runs a whole study, as ``sightline run`` does.

    Args:
        study: a mapping shaped like a study file (``{"layer": [...],
            "camera": {...}, "objective": {...}, ...}``; a layer's ``file``
            may be a GeoDataFrame or a GeoJSON-like mapping), or the path of
            a TOML or JSON study file (its relative file names are taken
            from its folder; errors name its lines).
        write: write the files the study's ``[outputs]`` name to its folder
            (when it names one).
        frames: return GeoDataFrames (default: when geopandas is
            installed) or mappings.

    Returns:
        A :class:`Plan`.
    """
    want_frames = _wants_frames(frames)
    if isinstance(study, (str, os.PathLike)):
        path = os.fspath(study)
        answer = _call(
            {},
            _Layers(),
            task="plan",
            frames=want_frames,
            write=write,
            path=path,
            command=f"sightline run {path}",
        )
        return Plan(answer, want_frames)
    if not isinstance(study, Mapping):
        raise TypeError(f"a study is a mapping or a path, not {type(study).__name__}")
    converted, layers = _study_layers(study)
    answer = _call(converted, layers, task="plan", frames=want_frames, write=write, command="sightline.run(...)")
    return Plan(answer, want_frames, None if "out_crs" in converted else layers.demand_crs)


def check(study: Any) -> Dict[str, Any]:
    """Checks a study without reading any layer, and returns it as the
    library understood it (file names resolved, a study file's title set).

    Raises:
        StudyError: the first thing wrong, by its field (or, in a TOML
            file, its line).
    """
    if isinstance(study, (str, os.PathLike)):
        return json.loads(_sightline.check_study(None, path=os.fspath(study)))
    if not isinstance(study, Mapping):
        raise TypeError(f"a study is a mapping or a path, not {type(study).__name__}")
    converted, _ = _study_layers(copy.copy(study))
    return json.loads(_sightline.check_study(json.dumps(converted, default=_json_default)))


# --- the solver on a matrix -----------------------------------------------------


class Cover:
    """The answer of :func:`maximal_covering`.

    Attributes:
        chosen: the chosen sites' positions (columns of the matrix), in the
            order the greedy algorithm would pick them.
        sites: the chosen sites' labels (the DataFrame's column labels;
            the positions for an array).
        gains: what each chosen site adds, in that order.
        objective: the demand weight covered.
        upper_bound: no choice of ``p`` sites covers more.
        gap: ``(upper_bound - objective) / upper_bound``.
        proven_optimal: True when no better choice exists.
        covered: for each demand point (row), whether a chosen site covers
            it (a numpy array of booleans).
        time_limit_reached: True when the time limit stopped the search (the
            answer may then depend on the machine's speed).
    """

    def __init__(self, answer: Mapping[str, Any], labels: Sequence[Any], covered: Any) -> None:
        self.chosen: List[int] = list(answer["chosen"])
        self.sites: List[Any] = [labels[k] for k in self.chosen]
        self.gains: List[float] = list(answer["gains"])
        self.objective: float = answer["objective"]
        self.upper_bound: float = answer["upper_bound"]
        self.gap: float = answer["gap"]
        self.proven_optimal: bool = answer["proven_optimal"]
        self.time_limit_reached: bool = answer["time_limit_reached"]
        self.work: int = answer["work"]
        self.covered = covered

    def __repr__(self) -> str:
        proof = "proven optimal" if self.proven_optimal else f"gap {self.gap!r}"
        return f"<sightline.Cover: sites {self.sites!r} cover {self.objective!r} ({proof})>"


def maximal_covering(
    cost_matrix: Any,
    weights: Any,
    service_radius: Optional[float],
    p: int,
    *,
    solver: str = "auto",
    time_limit: Optional[float] = None,
    effort: Optional[int] = None,
) -> Cover:
    """Weighted maximal covering on a cost matrix, as spopt's
    ``MCLP.from_cost_matrix`` states it: choose ``p`` sites (columns) so
    that the demand points (rows) within ``service_radius`` of a chosen
    site weigh the most. The answer carries a proven upper bound.

    Args:
        cost_matrix: distances (or travel times), demand points by sites:
            a 2-D array, a pandas DataFrame (whose column labels name the
            sites), or a scipy sparse matrix (a pair not stored is
            unreachable: the way to state a city too big for a dense
            matrix). NaN means unreachable.
        weights: one weight per demand point (row), not negative.
        service_radius: a site covers a demand point at a cost of at most
            this; None when ``cost_matrix`` already says which site covers
            which demand point (non-zero or True).
        p: how many sites to choose.
        solver: ``"auto"`` (default: exact search within the effort),
            ``"greedy"``, ``"local"`` or ``"exact"``.
        time_limit: seconds (default: none; the library's fixed effort).
        effort: the work limit (the same answer on every machine).

    Returns:
        A :class:`Cover`.

    >>> import numpy as np, sightline
    >>> costs = np.array([[1.0, 9.0], [2.0, 9.0], [9.0, 1.0]])
    >>> cover = sightline.maximal_covering(costs, [1, 1, 5], service_radius=3, p=1)
    >>> cover.chosen, cover.objective, cover.proven_optimal
    ([1], 5.0, True)
    """
    try:
        import numpy
    except ImportError:
        raise ImportError("maximal_covering needs numpy: pip install numpy") from None
    labels: Sequence[Any]
    columns = getattr(cost_matrix, "columns", None)
    if hasattr(cost_matrix, "tocoo"):
        # A scipy sparse matrix: the entries stored are the costs (or the
        # coverage); a pair not stored is unreachable.
        coo = cost_matrix.tocoo()
        shape = coo.shape
        if service_radius is None:
            keep = coo.data != 0
        else:
            with numpy.errstate(invalid="ignore"):
                keep = numpy.asarray(coo.data, dtype=float) <= float(service_radius)
        demand, sites = numpy.asarray(coo.row)[keep], numpy.asarray(coo.col)[keep]
    else:
        matrix = numpy.asarray(cost_matrix)
        if matrix.ndim != 2:
            raise InputError(f"cost_matrix: {matrix.ndim} dimensions; it must be demand points by sites")
        shape = matrix.shape
        if service_radius is None:
            covers = matrix.astype(bool)
        else:
            with numpy.errstate(invalid="ignore"):
                covers = numpy.asarray(matrix, dtype=float) <= float(service_radius)
        demand, sites = numpy.nonzero(covers)
    labels = list(columns) if columns is not None else list(range(shape[1]))
    weight = numpy.asarray(weights, dtype=float).ravel()
    if len(weight) != shape[0]:
        raise InputError(f"weights: {len(weight)} values for {shape[0]} demand points (rows)")
    answer = _sightline.solve_cover(
        weight.astype("<f8").tobytes(),
        sites.astype("<u4").tobytes(),
        demand.astype("<u4").tobytes(),
        shape[1],
        int(p),
        method=solver,
        time_limit=time_limit,
        effort=effort,
    )
    covered = numpy.zeros(len(weight), bool)
    covered[demand[numpy.isin(sites, answer["chosen"])]] = True
    return Cover(answer, labels, covered)
