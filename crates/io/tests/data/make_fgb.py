# Writes points.fgb and polygons.fgb (made-up coordinates) with GDAL, through
# pyogrio: `python3 -m venv venv && venv/bin/pip install pyogrio && venv/bin/python make_fgb.py`.
import struct, numpy as np
from pyogrio.raw import write

def wkb_point(x, y):
    return struct.pack('<BIdd', 1, 1, x, y)

def ring(coords):
    return struct.pack('<I', len(coords)) + b''.join(struct.pack('<dd', *c) for c in coords)

def wkb_polygon(rings):
    return struct.pack('<BII', 1, 3, len(rings)) + b''.join(ring(r) for r in rings)

geoms = np.array([wkb_point(126.80, 37.61), wkb_point(126.81, 37.62), wkb_point(126.82, 37.63)], dtype=object)
write("points.fgb", geoms, [np.array(["a", "b", "c"], dtype=object), np.array([1.5, 2.0, 7.0])],
      fields=["name", "weight"], crs="EPSG:4326", driver="FlatGeobuf", geometry_type="Point")

north = [[(126.80, 37.65), (126.85, 37.65), (126.85, 37.70), (126.80, 37.70), (126.80, 37.65)]]
south = [[(126.80, 37.55), (126.85, 37.55), (126.85, 37.60), (126.80, 37.60), (126.80, 37.55)],
         [(126.81, 37.56), (126.82, 37.56), (126.82, 37.57), (126.81, 37.57), (126.81, 37.56)]]
geoms = np.array([wkb_polygon(north), wkb_polygon(south)], dtype=object)
write("polygons.fgb", geoms, [np.array(["north", "south"], dtype=object), np.array([1000, 2500], dtype=np.int64)],
      fields=["dong", "pop"], crs="EPSG:4326", driver="FlatGeobuf", geometry_type="Polygon")
