"""Sightline: where a city should install CCTV cameras.

Sightline reads layers (demand points such as complaints, candidate sites
such as poles, existing cameras, district boundaries, buildings), chooses
camera sites that cover the most demand, and says how far its answer can
be from the best (an upper bound and a gap).

Each layer is a GeoDataFrame (in any coordinate system it carries), a
path to a file Sightline reads (GeoJSON, FlatGeobuf, CSV, Excel,
Shapefile), or a GeoJSON-like mapping. With geopandas installed the
results are GeoDataFrames in the demand layer's coordinate system;
without it, the same calls return GeoJSON-like mappings.

>>> import sightline
>>> demand = {"type": "FeatureCollection", "features": [
...     {"type": "Feature", "properties": {"count": 3},
...      "geometry": {"type": "Point", "coordinates": [126.8000, 37.6]}},
...     {"type": "Feature", "properties": {"count": 1},
...      "geometry": {"type": "Point", "coordinates": [126.8005, 37.6]}}]}
>>> sites = {"type": "FeatureCollection", "features": [
...     {"type": "Feature", "properties": {"pole": "P-1"},
...      "geometry": {"type": "Point", "coordinates": [126.8003, 37.6]}}]}
>>> result = sightline.plan(demand, sites, cameras=1, radius=50,
...                         weight="count", site_id="pole", frames=False)
>>> [f["properties"]["site_id"] for f in result.cameras["features"]]
['P-1']
>>> result.summary["objective"], result.proven_optimal
(4.0, True)

The work is done in Rust, with the GIL released; Ctrl-C interrupts it.
Errors are :class:`SightlineError` subclasses carrying the messages the
``sightline`` command prints: :class:`InputError` (a file or GeoDataFrame,
its feature and property), :class:`StudyError` (a setting, by its keyword
or study field), :class:`PlanError`, :class:`MemoryLimitError` and
:class:`OutputError`.
"""

from ._api import Cover, Plan, Scores, SightlineWarning, check, maximal_covering, plan, run, score_sites
from ._sightline import (
    InputError,
    MemoryLimitError,
    OutputError,
    PlanError,
    SightlineError,
    StudyError,
    __version__,
)

__all__ = [
    "Cover",
    "InputError",
    "MemoryLimitError",
    "OutputError",
    "Plan",
    "PlanError",
    "Scores",
    "SightlineError",
    "SightlineWarning",
    "StudyError",
    "__version__",
    "check",
    "maximal_covering",
    "plan",
    "run",
    "score_sites",
]
