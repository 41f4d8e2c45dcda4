"""The events map: a folium map whose markers are built in the browser from one compact payload.

One folium.Marker per event costs ~1 ms of Python per rerun (50,000 events: a minute per click);
here the events travel as one JSON array and a small script builds clustered markers with
Leaflet.markercluster. Every string in the payload is HTML-escaped in Python, so scraped text
shows as text in tooltips. Leaflet, markercluster, Leaflet.heat and jQuery are served by the app itself.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from components.filters import place_keys, placed_at_anchor
from components.safe_html import escape_text, json_for_script
from eventmap.gazetteer import SYRIA_BOX

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
    "abduction": "#ffd92f",
    "agreement": "#1b9e77",
    "protest": "#4daf4a",
    "other": "#666666",
}
ID_LENGTH = 12
CLICK_ID = re.compile(rf"#ev:([0-9a-f]{{{ID_LENGTH}}})")
BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries"
MAX_ZOOM = 18
# The shipped data the map draws, credited in its corner as the licences ask (their terms are in
# data/README.md; one short line, so the credit does not cover the map's foot).
DATA_CREDITS = "Places: Who's On First, GeoNames, OpenSyria, UCDP · Boundaries: OCHA · Rivers: Natural Earth"


def map_payload(events: pd.DataFrame, by_incident: bool = False) -> dict:
    """Places (lat, lng, escaped name, approximate?) and markers (place, newest day, type, newest event's
    short id, event count, oldest day) as arrays: one marker per place and event type, or with
    `by_incident` one per incident (its count the reports of it, its type its newest report's).

    Vectorised with pandas: 100,000 events take a fraction of a second, so every rerun stays cheap.
    """
    located = events.dropna(subset=["latitude", "longitude"])
    types = sorted(set(located["event_type"].fillna("other")) | set(TYPE_COLOURS))
    if located.empty:
        return {"places": [], "dates": [], "types": [escape_text(t) for t in types],
                "colours": [TYPE_COLOURS.get(t, "#666666") for t in types], "markers": [],
                "incidents": int(by_incident)}
    lat = located["latitude"].astype(float).round(5)
    lng = located["longitude"].astype(float).round(5)
    approx = (located["geo_precision"].fillna(1).astype(int) >= 2).astype(int)
    pkey = place_keys(located)
    label = located["place_name"].fillna(located["place_mention"]).fillna("")
    anchor = located["anchor_place"].fillna("")
    anchored = anchor != ""
    label = label.where(~anchored, label + " (placed at " + anchor + ")")
    # Names the gazetteer lacks, placed at their paragraph's place: one marker per anchor point, not a
    # spider of a hundred dashed rings on one spot ("97 places named in reports, placed at Aleppo").
    named_only = placed_at_anchor(located)
    if named_only.any():
        at = anchor[named_only]
        group = "anchored:" + at + "@" + lat[named_only].astype(str) + "," + lng[named_only].astype(str)
        count = group.map(pkey[named_only].groupby(group).nunique())
        pkey, label = pkey.copy(), label.copy()
        pkey[named_only] = group
        label[named_only] = (count.astype(str) + np.where(count == 1, " place", " places")
                             + " named in reports, placed at " + at + ": not exactly located")
    place_frame = pd.DataFrame({"k": pkey, "lat": lat, "lng": lng, "approx": approx, "label": label})
    place_codes, uniques = pd.factorize(pd.MultiIndex.from_frame(place_frame[["k", "lat", "lng", "approx"]]))
    first = place_frame.groupby(place_codes, sort=True).first()
    places = [[float(r.lat), float(r.lng), escape_text(r.label), int(r.approx)] for r in first.itertuples()]
    type_index = {t: i for i, t in enumerate(types)}
    type_codes = located["event_type"].fillna("other").map(type_index).fillna(type_index["other"]).astype(int)
    # One marker per place and event type: its newest event's id, the count and the newest day.
    # (100,000 events at 1,000 places become a few thousand markers; a click still names one event.)
    # Sorted integer codes stand for days and ids: ordering and grouping 100,000 strings was most
    # of the payload's time. Newest day first, then the smallest id, within each (place, type).
    day_codes, day_values = pd.factorize(located["event_date"].fillna(""), sort=True)
    id_codes, id_values = pd.factorize(located["event_id"].astype(str).str.slice(0, ID_LENGTH), sort=True)
    order = np.lexsort((id_codes, -day_codes))
    frame = pd.DataFrame({"place": place_codes[order], "type": type_codes.to_numpy()[order],
                          "day": day_codes[order], "id": id_codes[order]})
    # A marker per incident, or per place and type; the names placed at one anchor make one marker
    # whatever their incidents or types (the newest row's type colours it).
    if by_incident:
        frame["marker"] = pd.factorize(located["incident_id"].fillna(located["event_id"]).to_numpy()[order])[0]
    else:
        frame["marker"] = pd.factorize(pd.MultiIndex.from_arrays([frame["place"], frame["type"]]))[0]
    as_one = named_only.to_numpy()[order]
    if as_one.any():
        frame.loc[as_one, "marker"] = -1 - frame.loc[as_one, "place"]
    groups = frame.groupby("marker", sort=False).agg(
        place=("place", "first"), type=("type", "first"), n=("id", "size"), id=("id", "first"),
        day=("day", "first"), oldest=("day", "last"))
    groups = groups.sort_values(["place", "type", "day"]).reset_index(drop=True)
    day_text = pd.Series(day_values).replace("", "undated")
    date_codes, date_uniques = pd.factorize(pd.concat([day_text.iloc[groups["day"]], day_text.iloc[groups["oldest"]]],
                                                      ignore_index=True))
    newest_codes, oldest_codes = date_codes[: len(groups)], date_codes[len(groups):]
    ids = pd.Series(id_values).iloc[groups["id"]].tolist()
    points = [list(t) for t in zip(groups["place"].tolist(), newest_codes.tolist(), groups["type"].tolist(),
                                   ids, groups["n"].tolist(), oldest_codes.tolist(), strict=True)]
    return {
        "places": places,
        "dates": [escape_text(d) for d in date_uniques],
        "types": [escape_text(t) for t in types],
        "colours": [TYPE_COLOURS.get(t, "#666666") for t in types],
        "markers": points,
        "incidents": int(by_incident),
    }


def marker_payload(markers: pd.DataFrame, by_incident: bool = False, counts: dict[str, int] | None = None) -> dict:
    """`map_payload`'s arrays from per-place counts the store made (eventmap.store.map_markers: a row per
    place and event type, or `by_incident` per incident, the names placed at one anchor point as one
    row), for a store too big to read: one marker per row, its count the row's events. `counts`: the
    events per type, for the legend, when the rows are folded per place (`one_marker_per_place`)."""
    types = sorted(set(markers["event_type"].fillna("other")) | set(TYPE_COLOURS))
    type_index = {t: i for i, t in enumerate(types)}
    payload = {"places": [], "dates": [], "types": [escape_text(t) for t in types],
               "colours": [TYPE_COLOURS.get(t, "#666666") for t in types], "markers": [],
               "incidents": int(by_incident)}
    if markers.empty:
        return payload
    rows = markers.assign(lat=markers["latitude"].astype(float).round(5), lng=markers["longitude"].astype(float).round(5))
    rows = rows.sort_values(["place", "lat", "lng", "approx", "event_type"], kind="stable")
    place_codes, _ = pd.factorize(pd.MultiIndex.from_frame(rows[["place", "lat", "lng", "approx"]]))
    dates: dict[str, int] = {}
    for row, place in zip(rows.itertuples(), place_codes, strict=True):
        if place == len(payload["places"]):  # (codes count up in sorted order: a new place)
            if row.anchored:
                n = int(row.names)
                label = f"{n} place{'s' if n != 1 else ''} named in reports, placed at {row.anchor}: not exactly located"
            else:
                label = str(row.name) + (f" (placed at {row.anchor})" if row.anchor else "")
            payload["places"].append([float(row.lat), float(row.lng), escape_text(label), int(row.approx)])
        newest = dates.setdefault(row.newest if isinstance(row.newest, str) else "undated", len(dates))
        oldest = dates.setdefault(row.oldest if isinstance(row.oldest, str) else "undated", len(dates))
        payload["markers"].append([int(place), newest, type_index.get(row.event_type, type_index["other"]),
                                   str(row.event_id)[:ID_LENGTH], int(row.events), oldest])
    payload["dates"] = [escape_text(d) for d in dates]
    if counts is not None:
        payload["type_counts"] = [int(counts.get(t, 0)) for t in types]
    return payload


def one_marker_per_place(markers: pd.DataFrame) -> pd.DataFrame:
    """`eventmap.store.map_markers`' rows (per place and event type) folded to one per place, coloured by
    its most frequent type: a tenth of the markers for the browser to draw on a big store."""
    if markers.empty:
        return markers
    keys = ["place", "latitude", "longitude", "approx", "anchored"]
    ordered = markers.assign(undated=markers["oldest"].isna()).sort_values("events", ascending=False, kind="stable")
    folded = ordered.groupby(keys, sort=False, dropna=False).agg(
        name=("name", "first"), anchor=("anchor", "first"), event_type=("event_type", "first"),
        events=("events", "sum"), names=("names", "max"), newest=("newest", "max"), event_id=("event_id", "first"),
        oldest=("oldest", "min"), undated=("undated", "any"))
    # (A place with an undated report reads "undated to <newest day>", as its by-type markers did.)
    folded["oldest"] = folded["oldest"].where(~folded["undated"], None)
    return folded.drop(columns="undated").reset_index()


def type_counts(markers: pd.DataFrame) -> dict[str, int]:
    """Events per type among `map_markers`' rows (for the legend when markers are folded per place)."""
    return {str(k): int(v) for k, v in markers.groupby("event_type")["events"].sum().items()}


class EventClusterLayer(JSCSSMixin, MacroElement):
    """Clustered event markers built in the browser; tooltips carry '#ev:<id>' for the click lookup."""

    default_js = [("markercluster", f"{STATIC}/markercluster/leaflet.markercluster.js"),
                  ("leaflet_heat", f"{STATIC}/heat/leaflet-heat.js")]
    default_css = [
        ("markercluster_css", f"{STATIC}/markercluster/MarkerCluster.css"),
        ("markercluster_default_css", f"{STATIC}/markercluster/MarkerCluster.Default.css"),
    ]
    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
 .em-dot{border-radius:50%;box-sizing:border-box;}
 /* Neutral clusters: markercluster's green, yellow and orange read as the legend's protest,
    abduction and armed clash. Shades of one slate blue, darker as they hold more. */
 .marker-cluster-small{background-color:rgba(176,190,206,.6) !important;}
 .marker-cluster-small div{background-color:rgba(134,153,176,.75) !important;}
 .marker-cluster-medium{background-color:rgba(140,160,184,.6) !important;}
 .marker-cluster-medium div{background-color:rgba(96,119,148,.8) !important;}
 .marker-cluster-large{background-color:rgba(104,126,154,.6) !important;}
 .marker-cluster-large div{background-color:rgba(62,84,112,.85) !important;}
 .marker-cluster div span{color:#fff;font-weight:bold;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var t0 = performance.now();
  var map = {{ this._parent.get_name() }};
  map.options.maxZoom = {{ this.max_zoom }};
  if (L.Icon && L.Icon.Default) { L.Icon.Default.imagePath = "{{ this.static }}/leaflet/images/"; }
  var data = {{ this.payload }};
  var icons = {};
  // Incidents are sized by their number of reports: 12 px for one, 4 px more per doubling, at most 28.
  function size(n) { return data.incidents ? Math.min(28, 12 + 4 * Math.floor(Math.log2(n))) : 12; }
  function icon(type, approx, n) {
    var s = size(n), k = type + ":" + approx + ":" + s;
    if (!icons[k]) {
      var c = data.colours[type];
      var style = approx
        ? "width:" + (s + 2) + "px;height:" + (s + 2) + "px;border:2px dashed " + c + ";background:rgba(255,255,255,0.6);"
        : "width:" + s + "px;height:" + s + "px;background:" + c + ";border:1px solid #222;";
      icons[k] = L.divIcon({className: "", html: '<div class="em-dot" style="' + style + '"></div>',
                            iconSize: [s + 2, s + 2], iconAnchor: [(s + 2) / 2, (s + 2) / 2]});
    }
    return icons[k];
  }
  var cluster = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 40,
                                      spiderfyOnMaxZoom: true, showCoverageOnHover: false,
    // A cluster shows how many incidents it holds, or how many reports when markers are places.
    iconCreateFunction: function(c) {
      var n = 0, kids = c.getAllChildMarkers();
      for (var k = 0; k < kids.length; k++) n += data.incidents ? 1 : kids[k].options.n;
      var size = n < 10 ? "small" : (n < 100 ? "medium" : "large");
      return L.divIcon({html: "<div><span>" + n + "</span></div>", className: "marker-cluster marker-cluster-" + size,
                        iconSize: L.point(40, 40)});
    }});
  var total = 0;
  var markers = new Array(data.markers.length);
  for (var i = 0; i < data.markers.length; i++) {
    var e = data.markers[i], p = data.places[e[0]];
    var m = L.marker([p[0], p[1]], {icon: icon(e[2], p[3], e[4]), n: e[4]});
    m._em = i;
    markers[i] = m;
    total += e[4];
  }
  // Tooltips are bound when first needed (hover or click), not for all markers up front. This handler
  // runs before st_folium's click handler, which then reads the tooltip's '#ev:<id>'.
  function ensureTooltip(ev) {
    var m = ev.layer || ev.sourceTarget;
    if (!m || m._em === undefined || m.getTooltip()) return;
    var e = data.markers[m._em], p = data.places[e[0]];
    // Every string here was HTML-escaped in Python: scraped text shows as text.
    var what = data.incidents ? (e[4] > 1 ? " reports" : " report") : " events";
    var when = data.incidents
      ? data.dates[e[5]] + (e[5] !== e[1] ? " to " + data.dates[e[1]] : "") + " &middot; " + e[4] + what
      : (e[4] > 1 ? e[4] + what + ", " + data.dates[e[5]] + " to " + data.dates[e[1]] : data.dates[e[1]]);
    m.bindTooltip("<b>" + p[2] + "</b><br>" + when + " &middot; " + data.types[e[2]]
                  + (p[3] ? " &middot; approximate" : "") + '<span style="display:none">#ev:' + e[3] + "</span>");
    if (ev.type === "mouseover") m.openTooltip();
  }
  cluster.on("mouseover", ensureTooltip);
  cluster.on("click", ensureTooltip);
  cluster.addLayers(markers);
  map.addLayer(cluster);
  // The whole-country picture: a density layer (each marker's events weigh on its point), off until
  // the user turns it on in the layers control; the markers stay the default.
  var heatPoints = new Array(data.markers.length), heaviest = 1;
  for (var h = 0; h < data.markers.length; h++) {
    var hm = data.markers[h], hp = data.places[hm[0]];
    heatPoints[h] = [hp[0], hp[1], hm[4]];
    if (hm[4] > heaviest) heaviest = hm[4];
  }
  var heat = L.heatLayer(heatPoints, {radius: 18, blur: 15, maxZoom: 10, max: Math.max(1, heaviest / 4)});
  // (Folded into an icon in the left column of buttons, which the first view's fit keeps clear; the heat
  // layer goes in a group, whose lack of a zoom range keeps its box enabled at every zoom.)
  L.control.layers(null, {"Markers": cluster, "Density (heat map)": L.layerGroup([heat])},
                   {collapsed: true, position: "topleft"}).addTo(map);
  if (map.attributionControl) map.attributionControl.addAttribution({{ this.credits }});
  window.eventmapMarkers = markers.length;
  window.eventmapEvents = total;
  window.eventmapBuildMs = performance.now() - t0;  // read by bench/dashboard_bench.py
})();
{% endmacro %}
"""
    )

    def __init__(self, payload: dict) -> None:
        super().__init__()
        self._name = "EventClusterLayer"
        self.payload = json_for_script(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        self.credits = json_for_script(json.dumps(escape_text(DATA_CREDITS)))
        self.static = STATIC
        self.max_zoom = MAX_ZOOM


@lru_cache(maxsize=4)
def _boundary(name: str) -> dict:
    return json.loads((BOUNDARIES / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def place_labels(path: Path = BOUNDARIES / "syria_place_labels.json") -> str:
    """The offline map's place names (data/boundaries/syria_place_labels.json, made from the gazetteer
    by scripts/make_place_labels.py), HTML-escaped, as a JSON literal for the page's script."""
    labels = json.loads(path.read_text(encoding="utf-8"))
    return json_for_script(json.dumps([[lat, lng, escape_text(name), zoom, kind] for lat, lng, name, zoom, kind in labels],
                                      ensure_ascii=False, separators=(",", ":")))


# Governorate names give way to the cities' and towns' from this zoom (they would sit among them).
GOVERNORATE_LABELS_UNTIL_ZOOM = 8


class PlaceLabelLayer(MacroElement):
    """Place names drawn by the map itself (offline there are no tiles to carry them): the labels of
    the current view at or above their zoom, redrawn as the user pans and zooms, under the markers
    and never catching a click."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
 .em-label span{position:absolute;transform:translate(-50%,-50%);white-space:nowrap;font:11px/1.2 sans-serif;
   color:#333;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;}
 .em-label-governorate span{font-size:12px;letter-spacing:.12em;text-transform:uppercase;color:#777;}
 .em-label-city span{font-weight:bold;font-size:12px;}
 .em-label-village span{font-size:10px;color:#555;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var labels = {{ this.labels }};  // [lat, lng, escaped name, min zoom, kind]
  map.createPane("emLabels");
  map.getPane("emLabels").style.zIndex = 450;
  map.getPane("emLabels").style.pointerEvents = "none";
  var layer = L.layerGroup().addTo(map), icons = {};
  function draw() {
    layer.clearLayers();
    var z = map.getZoom(), view = map.getBounds().pad(0.2);
    for (var i = 0; i < labels.length; i++) {
      var l = labels[i];
      if (z < l[3] || (l[4] === "governorate" && z > {{ this.governorates_until }})) continue;
      if (!view.contains([l[0], l[1]])) continue;
      layer.addLayer(L.marker([l[0], l[1]], {pane: "emLabels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "em-label em-label-" + l[4], html: "<span>" + l[2] + "</span>", iconSize: null})}));
    }
    window.eventmapLabels = layer.getLayers().length;
  }
  map.on("zoomend moveend", draw);
  map.whenReady(draw);
})();
{% endmacro %}
"""
    )

    def __init__(self, labels: str) -> None:
        super().__init__()
        self._name = "PlaceLabelLayer"
        self.labels = labels
        self.governorates_until = GOVERNORATE_LABELS_UNTIL_ZOOM


def tile_setting() -> tuple[str | None, str]:
    """Base tiles: EVENTMAP_TILES = 'none' (default: the map draws its own outlines and names, and
    fetches nothing from the internet), 'osm' (OpenStreetMap, online), or a self-hosted URL template."""
    value = os.environ.get("EVENTMAP_TILES", "none").strip()
    attribution = os.environ.get("EVENTMAP_TILES_ATTRIBUTION", "Map tiles: your tile server")
    if value.lower() in ("", "none", "off"):
        return None, ""
    if value.lower() == "osm":
        return "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"
    return value, attribution


# Syria's extent with a further margin of about half a degree: the area the first view fits.
STUDY_AREA = (SYRIA_BOX[0] - 0.7, SYRIA_BOX[1] + 0.7, SYRIA_BOX[2] - 0.5, SYRIA_BOX[3] + 0.7)

# The first view fits the events to the map's edges (the legend is under the map, not over it), at
# quarter zoom steps: whole steps left a third of the map empty below and right of Syria. The left
# edge keeps the column of buttons (zoom, fit, layers: 44 px) clear, so no marker starts under one.
FIT_PADDING_PX = (56, 20)
ZOOM_SNAP = 0.25


# "Zoom to place": a village and the ones around it (about 15 km across at 720 px).
FOCUS_ZOOM = 12


class KeepView(MacroElement):
    """The user's view survives a filter change: the map is fitted to its events (or centred on `focus`,
    a place the user chose to zoom to) when first drawn or when `view_key` (the text searched for, and
    the place) changes; otherwise it opens where the user left it (kept
    in the tab's sessionStorage), so an analyst zoomed into Idlib stays there while moving the dates.
    A "Fit to results" button fits the events at any time."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
 .em-fit{background:#fff;width:30px;height:30px;line-height:30px;text-align:center;font:bold 16px sans-serif;
   color:#333 !important;cursor:pointer;display:block;text-decoration:none;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var key = {{ this.view_key }}, bounds = {{ this.bounds }}, focus = {{ this.focus }}, store = null, saved = null;
  var fitOptions = {maxZoom: 11, paddingTopLeft: {{ this.padding_top_left }}, paddingBottomRight: {{ this.padding_bottom_right }}};
  try { store = window.sessionStorage; saved = JSON.parse(store.getItem("eventmap.view") || "null"); } catch (e) {}
  // (Without animation: an animated fit ends a moment later and would undo a restored view.)
  if (saved && saved.key === key && typeof saved.zoom === "number") {
    map.setView([saved.lat, saved.lng], saved.zoom, {animate: false});
  } else if (focus) {
    map.setView(focus, {{ this.focus_zoom }}, {animate: false});
  } else if (bounds) {
    map.fitBounds(bounds, Object.assign({animate: false}, fitOptions));
  }
  function save() {
    var c = map.getCenter();
    try { store.setItem("eventmap.view", JSON.stringify({key: key, lat: c.lat, lng: c.lng, zoom: map.getZoom()})); } catch (e) {}
  }
  map.on("moveend", save);
  save();
  var fit = L.control({position: "topleft"});
  fit.onAdd = function() {
    var bar = L.DomUtil.create("div", "leaflet-bar");
    var a = L.DomUtil.create("a", "em-fit", bar);
    a.href = "#"; a.title = "Fit to results"; a.setAttribute("role", "button"); a.setAttribute("aria-label", "Fit to results");
    a.innerHTML = "&#x2922;";
    L.DomEvent.on(a, "click", function(ev) {
      L.DomEvent.stop(ev);
      if (bounds) map.fitBounds(bounds, fitOptions);
    });
    return bar;
  };
  fit.addTo(map);
})();
{% endmacro %}
"""
    )

    def __init__(self, view_key: str, bounds: list | None, focus: tuple[float, float] | None = None) -> None:
        super().__init__()
        self._name = "KeepView"
        self.view_key = json_for_script(json.dumps(view_key))
        self.bounds = json_for_script(json.dumps(bounds))
        self.focus = json.dumps(list(focus) if focus else None)
        self.focus_zoom = FOCUS_ZOOM
        self.padding_top_left = json.dumps(list(FIT_PADDING_PX))
        self.padding_bottom_right = json.dumps([FIT_PADDING_PX[1], FIT_PADDING_PX[1]])


def build_event_map(events: pd.DataFrame, payload: dict | None = None, view_key: str = "",
                    focus: tuple[float, float] | None = None) -> folium.Map:
    """The map of the given (already filtered) events, fitted to them or centred on `focus` (or kept where
    the user left it, `KeepView`), with offline outlines and names."""
    m = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None, prefer_canvas=True, control_scale=True,
                   zoom_snap=ZOOM_SNAP)
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
    # Reports locate fighting by the rivers ("east of the Euphrates"): Natural Earth's, drawn offline.
    folium.GeoJson(_boundary("syria_rivers.geojson"), name="Rivers", interactive=False,
                   style_function=lambda _: {"color": "#5b9bd5", "weight": 2, "opacity": 0.8}).add_to(m)
    PlaceLabelLayer(place_labels()).add_to(m)
    EventClusterLayer(payload if payload is not None else map_payload(events)).add_to(m)
    located = events.dropna(subset=["latitude", "longitude"])
    # A stray point ((0, 0) from a bad source, a village abroad) would zoom the first view out to the
    # world: the fit takes only points in and around Syria (the markers themselves all stay).
    south, north, west, east = STUDY_AREA
    located = located[located["latitude"].between(south, north) & located["longitude"].between(west, east)]
    bounds = None
    if not located.empty:
        south, north = float(located["latitude"].min()), float(located["latitude"].max())
        west, east = float(located["longitude"].min()), float(located["longitude"].max())
        pad = 0.05 if (north - south) < 0.1 and (east - west) < 0.1 else 0.0
        bounds = [[south - pad, west - pad], [north + pad, east + pad]]
    KeepView(view_key, bounds, focus).add_to(m)  # fits the map to `bounds`, or keeps the user's view
    return m


def legend_html(payload: dict) -> str:
    """The legend, under the map (over it, it hid the markers of a corner): each event type's colour and
    how many of the shown reports have it, then the approximate-place ring. Built from the payload,
    whose type names are already escaped."""
    markers = np.array([(m[2], m[4]) for m in payload["markers"]], dtype=np.int64).reshape(-1, 2)
    counts = np.bincount(markers[:, 0], weights=markers[:, 1], minlength=len(payload["types"])).astype(int)
    if "type_counts" in payload:  # (markers folded per place: each type's own count)
        counts = [payload["type_counts"][i] for i in range(len(payload["types"]))]
    items = [f'<span class="em-key"><i style="background:{colour}"></i>{name} <small>{n:,}</small></span>'
             for name, colour, n in zip(payload["types"], payload["colours"], counts, strict=True) if n]
    items.append('<span class="em-key"><i class="approx"></i>approximate place</span>')
    return ('<style>.em-legend{font:13px/1.8 sans-serif;color:#333;margin:-6px 0 4px}.em-key{margin-right:14px;'
            'white-space:nowrap}.em-key i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;'
            'border:1px solid #222;vertical-align:-1px}.em-key i.approx{background:#fff;border:2px dashed #333}'
            '.em-key small{color:#777}</style><div class="em-legend">'
            + "".join(items) + "</div>")


def clicked_event_id(value: object) -> str | None:
    """The short event id in st_folium's returned tooltip text, if a marker was clicked."""
    if not isinstance(value, dict):
        return None
    tooltip = value.get("last_object_clicked_tooltip")
    if not isinstance(tooltip, str):
        return None
    m = CLICK_ID.search(tooltip)
    return m.group(1) if m else None


def clicked_point(value: object) -> tuple[float, float] | None:
    """Where the user last clicked on the map (for pinning a name), if anywhere."""
    point = value.get("last_clicked") if isinstance(value, dict) else None
    if isinstance(point, dict) and isinstance(point.get("lat"), int | float) and isinstance(point.get("lng"), int | float):
        return round(float(point["lat"]), 5), round(float(point["lng"]), 5)
    return None


def render_event_map(events: pd.DataFrame, payload: dict | None = None, height: int = 560,
                     view_key: str = "", focus: tuple[float, float] | None = None,
                     ) -> tuple[str | None, tuple[float, float] | None]:
    """Show the map (refitted, or centred on `focus`, when `view_key` changes, see `KeepView`); return
    the short id of the clicked event (None before any click) and the point last clicked."""
    import streamlit as st
    from streamlit_folium import st_folium

    payload = payload if payload is not None else map_payload(events)
    value = st_folium(
        build_event_map(events, payload, view_key, focus), height=height, use_container_width=True,
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count", "last_clicked"],
        key="event_map",
    )
    st.html(legend_html(payload))
    return clicked_event_id(value), clicked_point(value)
