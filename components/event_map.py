"""The events map: a folium map whose markers are built in the browser from one compact payload.

One folium.Marker per event costs ~1 ms of Python per rerun (50,000 events: a minute per click);
here the events travel as one JSON array and a small script builds clustered markers with
Leaflet.markercluster. Every string in the payload is HTML-escaped in Python, so scraped text
shows as text in tooltips. Leaflet, markercluster and jQuery are served by the app itself.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from components.filters import place_key
from components.safe_html import escape_text, json_for_script

STATIC = "/app/static/vendor"
LOCAL_JS = [
    ("leaflet", f"{STATIC}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC}/jquery/jquery.min.js"),
]
LOCAL_CSS = [("leaflet_css", f"{STATIC}/leaflet/leaflet.css")]

# Colour per event type (ColorBrewer Set1/Dark2, readable on grey and on OSM tiles).
TYPE_COLOURS = {
    "territory taken": "#e41a1c",
    "withdrawal": "#377eb8",
    "armed clash": "#ff7f00",
    "air/drone strike": "#984ea3",
    "shelling": "#a65628",
    "explosion": "#f781bf",
    "protest": "#4daf4a",
    "other": "#666666",
}
ID_LENGTH = 12
CLICK_ID = re.compile(rf"#ev:([0-9a-f]{{{ID_LENGTH}}})")
BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries"
MAX_ZOOM = 18


def map_payload(events: pd.DataFrame) -> dict:
    """Places (lat, lng, escaped name, approximate?) and events (place, date, type, short id) as arrays."""
    located = events.dropna(subset=["latitude", "longitude"])
    places: list[list] = []
    place_index: dict[tuple, int] = {}
    types = sorted(set(located["event_type"].fillna("other")) | set(TYPE_COLOURS))
    type_index = {t: i for i, t in enumerate(types)}
    dates: list[str] = []
    date_index: dict[str, int] = {}
    points: list[list] = []
    for row in located.itertuples(index=False):
        r = row._asdict()
        approx = int((r["geo_precision"] or 1) >= 2)
        key = (place_key(r), round(float(r["latitude"]), 5), round(float(r["longitude"]), 5), approx)
        pi = place_index.get(key)
        if pi is None:
            pi = place_index[key] = len(places)
            label = r["place_name"] or r["place_mention"] or ""
            if r.get("anchor_place"):
                label = f"{label} (placed at {r['anchor_place']})"
            places.append([key[1], key[2], escape_text(label), approx])
        day = r["event_date"] or "undated"
        di = date_index.get(day)
        if di is None:
            di = date_index[day] = len(dates)
            dates.append(escape_text(day))
        points.append([pi, di, type_index.get(r["event_type"] or "other", type_index["other"]),
                       str(r["event_id"])[:ID_LENGTH]])
    return {
        "places": places,
        "dates": dates,
        "types": [escape_text(t) for t in types],
        "colours": [TYPE_COLOURS.get(t, "#666666") for t in types],
        "events": points,
    }


class EventClusterLayer(JSCSSMixin, MacroElement):
    """Clustered event markers built in the browser; tooltips carry '#ev:<id>' for the click lookup."""

    default_js = [("markercluster", f"{STATIC}/markercluster/leaflet.markercluster.js")]
    default_css = [
        ("markercluster_css", f"{STATIC}/markercluster/MarkerCluster.css"),
        ("markercluster_default_css", f"{STATIC}/markercluster/MarkerCluster.Default.css"),
    ]
    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
 .em-dot{border-radius:50%;box-sizing:border-box;}
 .em-legend{background:#fff;padding:6px 8px;font:12px/1.5 sans-serif;border-radius:4px;box-shadow:0 0 4px #888;}
 .em-legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;}
 .em-legend i.approx{background:#fff !important;border:2px dashed #333;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  map.options.maxZoom = {{ this.max_zoom }};
  if (L.Icon && L.Icon.Default) { L.Icon.Default.imagePath = "{{ this.static }}/leaflet/images/"; }
  var data = {{ this.payload }};
  var icons = {};
  function icon(type, approx) {
    var k = type + ":" + approx;
    if (!icons[k]) {
      var c = data.colours[type];
      var style = approx
        ? "width:14px;height:14px;border:2px dashed " + c + ";background:rgba(255,255,255,0.6);"
        : "width:12px;height:12px;background:" + c + ";border:1px solid #222;";
      icons[k] = L.divIcon({className: "", html: '<div class="em-dot" style="' + style + '"></div>',
                            iconSize: [14, 14], iconAnchor: [7, 7]});
    }
    return icons[k];
  }
  var cluster = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 40,
                                      spiderfyOnMaxZoom: true, showCoverageOnHover: false});
  var markers = new Array(data.events.length);
  for (var i = 0; i < data.events.length; i++) {
    var e = data.events[i], p = data.places[e[0]];
    var m = L.marker([p[0], p[1]], {icon: icon(e[2], p[3])});
    // Every string here was HTML-escaped in Python: scraped text shows as text.
    m.bindTooltip("<b>" + p[2] + "</b><br>" + data.dates[e[1]] + " &middot; " + data.types[e[2]]
                  + (p[3] ? " &middot; approximate" : "") + '<span style="display:none">#ev:' + e[3] + "</span>");
    markers[i] = m;
  }
  cluster.addLayers(markers);
  map.addLayer(cluster);
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function() {
    var div = L.DomUtil.create("div", "em-legend");
    var rows = [];
    for (var t = 0; t < data.types.length; t++) {
      rows.push('<i style="background:' + data.colours[t] + '"></i>' + data.types[t]);
    }
    rows.push('<i class="approx"></i>approximate place');
    div.innerHTML = rows.join("<br>");
    return div;
  };
  legend.addTo(map);
  window.eventmapMarkers = markers.length;
})();
{% endmacro %}
"""
    )

    def __init__(self, payload: dict) -> None:
        super().__init__()
        self._name = "EventClusterLayer"
        self.payload = json_for_script(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        self.static = STATIC
        self.max_zoom = MAX_ZOOM


@lru_cache(maxsize=4)
def _boundary(name: str) -> dict:
    return json.loads((BOUNDARIES / name).read_text(encoding="utf-8"))


def tile_setting() -> tuple[str | None, str]:
    """Base tiles: EVENTMAP_TILES = 'osm' (default), 'none', or a self-hosted URL template."""
    value = os.environ.get("EVENTMAP_TILES", "osm").strip()
    attribution = os.environ.get("EVENTMAP_TILES_ATTRIBUTION", "Map tiles: your tile server")
    if value.lower() in ("", "none", "off"):
        return None, ""
    if value.lower() == "osm":
        return "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"
    return value, attribution


def build_event_map(events: pd.DataFrame) -> folium.Map:
    """The map of the given (already filtered) events, fitted to them, with offline outlines."""
    m = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None, prefer_canvas=True, control_scale=True)
    m.default_js = LOCAL_JS
    m.default_css = LOCAL_CSS
    tiles, attribution = tile_setting()
    if tiles:
        folium.TileLayer(tiles=tiles, attr=attribution, name="Base map", max_zoom=MAX_ZOOM).add_to(m)
    # Outlines drawn from shipped GeoJSON make the map readable with no tiles at all.
    folium.GeoJson(_boundary("syria_adm2.geojson"), name="Districts", interactive=False,
                   style_function=lambda _: {"color": "#9a9a9a", "weight": 0.6, "fill": False}).add_to(m)
    folium.GeoJson(_boundary("syria_adm1.geojson"), name="Governorates", interactive=False,
                   style_function=lambda _: {"color": "#555", "weight": 1.4, "fillColor": "#f4f1ea",
                                             "fillOpacity": 0.5}).add_to(m)
    EventClusterLayer(map_payload(events)).add_to(m)
    located = events.dropna(subset=["latitude", "longitude"])
    if not located.empty:
        south, north = float(located["latitude"].min()), float(located["latitude"].max())
        west, east = float(located["longitude"].min()), float(located["longitude"].max())
        pad = 0.05 if (north - south) < 0.1 and (east - west) < 0.1 else 0.0
        m.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]], max_zoom=11)
    return m


def clicked_event_id(value: object) -> str | None:
    """The short event id in st_folium's returned tooltip text, if a marker was clicked."""
    if not isinstance(value, dict):
        return None
    tooltip = value.get("last_object_clicked_tooltip")
    if not isinstance(tooltip, str):
        return None
    m = CLICK_ID.search(tooltip)
    return m.group(1) if m else None


def render_event_map(events: pd.DataFrame, height: int = 560) -> str | None:
    """Show the map; return the short id of the clicked event (None before any click)."""
    from streamlit_folium import st_folium

    value = st_folium(
        build_event_map(events), height=height, use_container_width=True,
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
        key="event_map",
    )
    return clicked_event_id(value)
