"""The peer of report.html: the same layers as a folium (Leaflet) map.

Reads the files `sightline demo --size large --out DIR` writes (demand,
districts, existing cameras, the plan, blind spots) and writes DIR/folium.html
the way a geopandas user would: `GeoDataFrame.explore` style layers with
folium, canvas renderer on (`prefer_canvas=True`), one CircleMarker per
point. Folium links Leaflet from a CDN; with --offline LEAFLET_DIR the page
links the vendored copy on disk instead, so that it opens without a network.

    python3 examples/peers/report_folium.py DIR [--offline crates/render/vendor/leaflet-1.9.4]

Prints the time to build and write the page and its size.
"""
import json
import sys
import time
from pathlib import Path

import folium


def points(path, key=None):
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    return [
        (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0], f["properties"].get(key) if key else None)
        for f in features
        if f["geometry"] and f["geometry"]["type"] == "Point"
    ]


def main():
    folder = Path(sys.argv[1])
    offline = Path(sys.argv[sys.argv.index("--offline") + 1]).resolve() if "--offline" in sys.argv else None
    started = time.perf_counter()
    demand = points(folder / "demand.geojson", "weight")
    existing = points(folder / "existing.geojson")
    plan = points(folder / "plan.geojson", "rank")
    blind = points(folder / "blindspots.geojson", "uncovered")
    with open(folder / "districts.geojson", encoding="utf-8") as f:
        districts = json.load(f)
    centre = (sum(p[0] for p in plan) / len(plan), sum(p[1] for p in plan) / len(plan))
    m = folium.Map(location=centre, zoom_start=13, tiles=None, prefer_canvas=True)
    folium.GeoJson(districts, name="districts", tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
    top = max(float(w) for _, _, w in demand) or 1.0
    layer = folium.FeatureGroup(name="demand").add_to(m)
    for lat, lon, w in demand:
        folium.CircleMarker((lat, lon), radius=2, stroke=False, fill=True, fill_opacity=0.2 + 0.8 * float(w) / top).add_to(layer)
    layer = folium.FeatureGroup(name="existing").add_to(m)
    for lat, lon, _ in existing:
        folium.CircleMarker((lat, lon), radius=3, color="#3e4c5e").add_to(layer)
    layer = folium.FeatureGroup(name="blind spots", show=False).add_to(m)
    for lat, lon, _ in blind:
        folium.CircleMarker((lat, lon), radius=2, color="#7a0177", stroke=False, fill=True).add_to(layer)
    layer = folium.FeatureGroup(name="new cameras").add_to(m)
    for lat, lon, rank in plan:
        folium.Marker((lat, lon), popup=f"rank {rank}", icon=folium.DivIcon(html=f"<b>{rank}</b>")).add_to(layer)
    folium.LayerControl().add_to(m)
    html = m.get_root().render()
    if offline:
        # Folium's CDN links to Leaflet, pointed at the copy on disk; the
        # other scripts folium links (jQuery, Bootstrap) are left as they
        # are and fail to load offline, which the page survives.
        html = html.replace("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", (offline / "leaflet.js").as_uri())
        html = html.replace("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css", (offline / "leaflet.css").as_uri())
    out = folder / "folium.html"
    out.write_text(html, encoding="utf-8")
    print(
        f"folium: {len(demand)} demand points, {len(blind)} blind spots, {len(existing)} existing, {len(plan)} new; "
        f"built and written in {time.perf_counter() - started:.2f} s; {out.stat().st_size / 1e6:.1f} MB -> {out}"
    )


if __name__ == "__main__":
    main()
