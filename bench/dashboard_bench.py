"""Dashboard speed: map build time and st_folium payload per size, page-ready and filter-change times.

Prints a table; targets (issue 4): 10,000 events interactive within 3 s and a filter change
within 1 s; 100,000 events open within 5 s and filter within 2 s.
Usage: python bench/dashboard_bench.py [--sizes 1000,10000,100000] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import write_event_table  # noqa: E402

from components.event_map import build_event_map  # noqa: E402
from components.filters import Filters, apply_filters  # noqa: E402
from eventmap.store import Store, read_events_frame, write_events_snapshot  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def python_side(db: Path | str) -> dict:
    with Store(db, readonly=True) as store:
        t = time.perf_counter()
        events = store.events_frame()
        read_s = time.perf_counter() - t
    snapshot_s = float("nan")
    if isinstance(db, Path):  # (PostgreSQL has no snapshot beside it)
        write_events_snapshot(db)  # what `eventmap load` leaves beside the database
        t = time.perf_counter()
        read_events_frame(db)
        snapshot_s = time.perf_counter() - t
    t = time.perf_counter()
    html = build_event_map(events).get_root().render()
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    shown = apply_filters(events, Filters(start=date(2017, 1, 1), end=date(2017, 12, 31), event_types=("shelling", "armed clash")))
    build_event_map(shown).get_root().render()
    filter_s = time.perf_counter() - t
    return {"read_s": read_s, "snapshot_read_s": snapshot_s, "build_s": build_s, "payload_mb": len(html.encode()) / 1e6, "filter_py_s": filter_s}


def store_side(db: Path | str) -> dict:
    """What the dashboard asks of a big store (dashboard.main_from_store), each question timed once, cold:
    the filters' choices, the counts line, the map's markers and the table's first page, for all events
    and for the bench's filter (2017, shelling and armed clash)."""
    from components.event_map import marker_payload
    from eventmap.store import (
        EventQuery,
        event_summary,
        events_page,
        events_per_day_counts,
        filter_choices,
        map_markers,
    )

    timings = {}
    with Store(db, readonly=True) as store:
        for name, question in (("choices_s", lambda q: filter_choices(store)), ("summary_s", lambda q: event_summary(store, q)),
                               ("markers_s", lambda q: marker_payload(map_markers(store, q))),
                               ("per_day_s", lambda q: events_per_day_counts(store, q)),
                               ("page_s", lambda q: events_page(store, q, 5_000))):
            for label, q in (("", EventQuery()),
                             ("filtered_", EventQuery(start="2017-01-01", end="2017-12-31", event_types=("shelling", "armed clash")))):
                t = time.perf_counter()
                answer = question(q)
                timings[label + name] = time.perf_counter() - t
                if name == "markers_s":
                    timings[label + "marker_count"] = len(answer["markers"])
    return timings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """The Streamlit process's peak resident memory so far (Linux VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def browser_side(db: Path | str, n: int) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "EVENTMAP_DB": str(db), "EVENTMAP_TILES": "none"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            # Warm the server's data cache once (a user's first visit after a load pays this too, reported apart).
            t = time.perf_counter()
            page.goto(url)
            page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(".leaflet-marker-icon:not(.em-label)").first.wait_for()
            cold_s = time.perf_counter() - t
            t = time.perf_counter()
            page.reload()
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator(".leaflet-marker-icon:not(.em-label)").first.wait_for()
            ready_s = time.perf_counter() - t
            count = frame.locator("body").evaluate("() => window.eventmapEvents")
            js_ms = frame.locator("body").evaluate("() => window.eventmapBuildMs")
            box = page.get_by_label("Place or text")
            t = time.perf_counter()
            box.fill("Aleppo")
            box.press("Enter")
            page.wait_for_function(
                """(n) => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
                            return f && f.contentWindow && f.contentWindow.eventmapEvents !== undefined
                                   && f.contentWindow.eventmapEvents !== n; }""", arg=count)
            filter_s = time.perf_counter() - t
            browser.close()
        return {"cold_s": cold_s, "ready_s": ready_s, "filter_browser_s": filter_s, "markers": count,
                "js_build_s": js_ms / 1000, "streamlit_peak_mb": peak_rss_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--postgres", action="store_true",
                    help="the events in PostgreSQL (a throw-away server, as the tests start) instead of SQLite")
    ap.add_argument("--both-sides", action="store_true",
                    help="time the whole-table reading and the store's questions whatever the size")
    ap.add_argument("--sql-view-events", type=int, default=None,
                    help="the dashboard's EVENTMAP_SQL_VIEW_EVENTS (0: ask the store even for a small SQLite)")
    args = ap.parse_args()
    if args.sql_view_events is not None:
        os.environ["EVENTMAP_SQL_VIEW_EVENTS"] = str(args.sql_view_events)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        server = None
        if args.postgres:
            sys.path.insert(0, str(ROOT / "tests"))
            from postgres_server import fresh_database, temporary_postgres

            server = stack.enter_context(temporary_postgres())
        for n in [int(x) for x in args.sizes.split(",")]:
            target = stack.enter_context(fresh_database(server)) if server else Path(tmp) / f"events_{n}.db"
            t = time.perf_counter()
            db = write_event_table(target, n)
            row = {"events": n, "write_s": time.perf_counter() - t}
            # (The dashboard reads a whole SQLite table up to SQL_VIEW_EVENTS; past it, and on PostgreSQL,
            # it asks the store for each part of the page. --both-sides times both ways at any size.)
            if args.both_sides or (not server and n <= 100_000):
                row.update(python_side(db))
            if args.both_sides or server or n > 100_000:
                row.update(store_side(db))
            if not args.no_browser:
                row.update(browser_side(db, n))
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    cols = ["events", "write_s", "read_s", "snapshot_read_s", "build_s", "payload_mb", "filter_py_s",
            "choices_s", "summary_s", "markers_s", "marker_count", "page_s", "filtered_summary_s", "filtered_markers_s",
            "cold_s", "ready_s", "js_build_s", "filter_browser_s", "streamlit_peak_mb"]
    cols = [c for c in cols if any(c in r for r in rows)]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(f"{r[c]:.2f}" if isinstance(r.get(c), float) else str(r.get(c, "-")) for c in cols) + " |")


if __name__ == "__main__":
    main()
