"""Real browser tests: headless Debian Chromium driven by Playwright against a running dashboard.

`make test` and `.ci/run` always run these (they install chromium and the map assets first).
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import HOSTILE, SEED, TODAY
from dashboard_fixtures import build_db

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, tmp: Path, *extra: str, env_extra: dict[str, str] | None = None):
    """A dashboard on a free port over `db` (with the address and hosts of .streamlit/config.toml),
    healthy before it is handed out, stopped after."""
    port = free_port()
    env = {**os.environ, "EVENTMAP_DB": str(db), "EVENTMAP_TILES": "none", **(env_extra or {})}
    log = open(tmp / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false", *extra],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited: {(tmp / 'streamlit.log').read_text()}")
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail("streamlit did not become healthy in 60 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory):
    if not (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").exists():
        pytest.fail("map assets missing: run `make assets` (make test does)")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium missing: `apt-get install chromium` (make test does)")
    tmp = tmp_path_factory.mktemp("browser")
    db = build_db(tmp / "events.db", SEED, HOSTILE / "xss_article.txt")
    with serving(db, tmp) as url:
        yield url


@pytest.fixture()
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright gives every launch a fresh, empty profile (the --user-data-dir the notes ask for).
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        pg.dialogs = []  # type: ignore[attr-defined]
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        yield pg
        browser.close()


def settled(page, timeout: float = 30.0) -> None:
    """Poll until Streamlit has finished its run: no run in progress and no element left stale from the
    previous run, seen twice in a row (the running indicator shows a moment after a run starts)."""
    idle = ("() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon], "
            "[data-testid=stStatusWidgetRunningManIcon], [data-stale=true]') && "
            f"document.querySelectorAll('{MAP_FRAME}').length <= 1")
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        quiet = quiet + 1 if page.evaluate(idle) else 0
        if time.monotonic() > deadline:
            raise AssertionError("the dashboard never finished its run")
        page.wait_for_timeout(250)  # (the polling interval)


def still(frame, timeout: float = 15.0) -> None:
    """Poll until the map's markers stand still: no zoom, pan or cluster animation under way."""
    positions = ("() => Array.from(document.querySelectorAll('.leaflet-marker-icon'))"
                 ".map(e => e.className + e.style.transform).join('|')")
    deadline = time.monotonic() + timeout
    last = None
    while (now := frame.locator("body").evaluate(positions)) != last:
        if time.monotonic() > deadline:
            raise AssertionError("the map's markers never stood still")
        last = now
        frame.locator("body").page.wait_for_timeout(250)  # (the polling interval)


def map_frame(page):
    """The map iframe once Streamlit has replaced any stale one (a filter change remounts the map)."""
    settled(page)
    page.wait_for_function(f"document.querySelectorAll('{MAP_FRAME}').length === 1")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-marker-icon:not(.em-label)").first.wait_for()
    still(frame)
    return frame


def open_map(page, url):
    page.goto(url)
    return map_frame(page)


def set_view(frame, lat, lon, zoom):
    """Centre the map's view, as a user zooming in would."""
    assert frame.locator("body").evaluate(
        "(_, [lat, lon, zoom]) => { for (const k of Object.keys(window)) { if (k.startsWith('map_') && "
        "window[k].setView) { window[k].setView([lat, lon], zoom); return true; } } return false; }", [lat, lon, zoom])
    still(frame)


def click_marker_with_tooltip(page, frame, wanted, unwanted="placed at"):
    """Open clusters until a single marker whose tooltip says `wanted` is found, then click it."""
    for _ in range(8):
        view = frame.locator(".leaflet-container").bounding_box()
        singles = frame.locator(".leaflet-marker-icon:not(.marker-cluster):not(.em-label)")
        for i in range(singles.count()):
            marker = singles.nth(i)
            box = marker.bounding_box() if marker.is_visible() else None
            if not box or not (view["x"] <= box["x"] + box["width"] / 2 <= view["x"] + view["width"]
                               and view["y"] <= box["y"] + box["height"] / 2 <= view["y"] + view["height"]):
                continue  # markers panned out of the map's view cannot be hovered
            try:
                marker.hover(timeout=3000)
            except Exception:  # covered by the legend or another marker: try the next one
                continue
            tip = frame.locator(".leaflet-tooltip").last
            tip.wait_for()
            text = tip.inner_text()
            if wanted in text and unwanted not in text:
                marker.click()
                return text
        clusters = frame.locator(".marker-cluster")
        # One read of every cluster's count: the map may redraw its clusters between two reads.
        counts = [int(t) if t.strip().isdigit() else 0 for t in clusters.all_inner_texts()]
        if not counts:
            break
        try:
            clusters.nth(counts.index(max(counts))).click(timeout=5000)
        except Exception:  # redrawn under us: look again
            pass
        still(frame)
    raise AssertionError(f"no marker with tooltip {wanted!r}")


def test_click_khanaser_shows_its_paragraph_and_date_range_hides_paragraph_3(page, dashboard_url, tmp_path):
    frame = open_map(page, dashboard_url)
    page.get_by_text("Click a marker on the map").wait_for()
    # The places' sources are credited in the map's corner, as their licences ask.
    credits = frame.locator(".leaflet-control-attribution").inner_text()
    assert "Who's On First" in credits and "GeoNames" in credits and "UCDP" in credits
    # Maghārat Khanāşir, the seed's al-Muqayrat, lies 2 km away: the map is zoomed onto Khanasir (as a
    # user would) so that the two markers stand apart, and the other one is not taken.
    set_view(frame, 35.7816, 37.4992, 14)
    tooltip = click_marker_with_tooltip(page, frame, "Khanāşir", unwanted="Maghārat")
    assert "Khanāşir" in tooltip
    mark = page.locator("mark", has_text="Khanaser").first
    mark.wait_for()
    card = page.locator(".em-card.em-clicked")
    assert "Khanaser" in card.inner_text() and "Khanāşir" in card.inner_text()
    page.screenshot(path=str(tmp_path / "khanaser_clicked.png"), full_page=True)

    # The paragraph-3 event (Aleppo, 2016-02-25) is on the map until the range excludes that day.
    frame = map_frame(page)
    set_view(frame, 36.0, 37.3, 9)
    click_marker_with_tooltip(page, frame, "2016-02-25")
    page.get_by_text("In relevant development in the province on Thursday").first.wait_for()
    start_thumb = page.get_by_role("slider").first
    start_thumb.focus()
    start_thumb.press("ArrowRight")
    page.get_by_text("2016-02-25").first.wait_for()
    start_thumb.press("ArrowRight")
    page.get_by_text("reports at 8 places, 26 Feb 2016").wait_for()
    page.get_by_text("In relevant development in the province on Thursday").wait_for(state="detached")
    frame = map_frame(page)
    markers = frame.locator("body").evaluate("() => window.eventmapEvents")
    assert markers == 13
    page.screenshot(path=str(tmp_path / "range_26_feb.png"), full_page=True)
    assert (tmp_path / "range_26_feb.png").stat().st_size > 10_000


def test_xss_article_runs_nothing(page, dashboard_url, tmp_path):
    frame = open_map(page, dashboard_url)
    page.get_by_label("Place or text").fill("Muqayrat")
    page.get_by_label("Place or text").press("Enter")
    page.get_by_text("reports at").first.wait_for()
    frame = map_frame(page)
    for _ in range(3):
        try:
            # (The search finds the mention; the marker is its place, GeoNames' Maghārat Khanāşir,
            # zoomed onto as a user would: clusters of two incidents each stand side by side.)
            set_view(frame, 35.79582, 37.51692, 15)
            click_marker_with_tooltip(page, frame, "Maghārat Khanāşir", unwanted="\x00")
            break
        except AssertionError:
            frame = map_frame(page)
    page.locator(".em-card.em-clicked").wait_for()
    page.get_by_role("tab", name="Events").click()
    settled(page)
    page.screenshot(path=str(tmp_path / "xss.png"), full_page=True)
    assert page.dialogs == []  # type: ignore[attr-defined]
    for target in (page, frame):
        assert target.locator("img[src='x']").count() == 0
        assert target.locator("svg[onload]").count() == 0
        assert target.locator("a[href^='javascript']").count() == 0
    text = page.locator(".em-card").all_inner_texts()
    assert any("<img src=x onerror=alert('para')>" in t for t in text)


def test_the_first_view_fills_the_map_and_no_marker_starts_under_a_control(page, tmp_path):
    # Written for this test: Aleppo and al-Sukhnah lie north-west and south-east of each other; a legend
    # over the map's corner once hid al-Sukhnah, and room kept for it left a third of the map empty.
    article = tmp_path / "two_places.txt"
    article.write_text("Clashes in Aleppo and al-Sukhnah\nFri Feb 26, 2016 14:28:26\n"
                       "Clashes were reported in Aleppo city and in the town of al-Sukhnah.\n", encoding="utf-8")
    with serving(build_db(tmp_path / "two.db", article), tmp_path) as url:
        open_map(page, url)
        page.get_by_text("reports at 2 places").wait_for()
        frame = map_frame(page)
        view = frame.locator(".leaflet-container").bounding_box()
        controls = [frame.locator(sel).bounding_box() for sel in (".leaflet-control-zoom", ".leaflet-control-layers",
                                                                   ".em-fit")]
        assert controls[1]["width"] < 60  # the layers' box folded into an icon until hovered
        icons = frame.locator(".leaflet-marker-icon:not(.em-label)")
        assert icons.count() == 2
        centres = []
        for i in range(2):
            box = icons.nth(i).bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            centres.append((x, y))
            for c in controls:
                assert not (c["x"] - 8 <= x <= c["x"] + c["width"] + 8 and c["y"] - 8 <= y <= c["y"] + c["height"] + 8)
        # The two places span most of the map one way or the other (no empty third).
        (x1, y1), (x2, y2) = centres
        assert abs(x1 - x2) > 0.6 * view["width"] or abs(y1 - y2) > 0.6 * view["height"], (centres, view)
        # The legend is under the map, with the count of each type shown.
        assert page.locator(".em-legend").get_by_text("armed clash").count() == 1


def test_a_long_paragraph_is_folded_in_the_panel_and_opens_on_show_all(page, tmp_path):
    # Written for this test: a scrape with no paragraph breaks, the place in its middle.
    filler = "Fighting went on in the area for several days, residents said. " * 40
    article = tmp_path / "long.txt"
    article.write_text("Clashes near Khanaser\nFri Feb 26, 2016 14:28:26\n"
                       + filler + "Shells hit the town of Khanaser on Thursday. " + filler + "\n", encoding="utf-8")
    with serving(build_db(tmp_path / "long.db", article), tmp_path) as url:
        frame = open_map(page, url)
        click_marker_with_tooltip(page, frame, "Khanāşir")
        card = page.locator(".em-card").first
        page.get_by_text(re.compile(r"show all \([\d,]+ characters\)")).wait_for()
        folded = card.bounding_box()["height"]
        assert folded < 450 and card.locator("mark", has_text="Khanaser").first.is_visible()
        page.get_by_text(re.compile(r"show all \(")).click()
        page.get_by_text("show less").wait_for()
        assert card.bounding_box()["height"] > 2 * folded


def test_a_scraped_url_never_becomes_markdown_and_no_request_leaves(page, tmp_path):
    # The url of markdown_url.jsonl holds blank lines, a heading, a Markdown link and two images on
    # evil.example. Shown through Markdown it became a real <h1>, a live link and an image fetched
    # from the attacker's host on a marker click.
    db = build_db(tmp_path / "md.db", HOSTILE / "markdown_url.jsonl")
    with serving(db, tmp_path) as url:
        own = url.removeprefix("http://")
        requests: list[str] = []
        page.context.on("request", lambda r: requests.append(r.url))
        frame = open_map(page, url)
        page.get_by_text("1 report at 1 place").wait_for()
        frame = map_frame(page)
        frame.locator(".leaflet-marker-icon:not(.em-label)").first.click()
        card = page.locator(".em-card.em-clicked")
        card.wait_for()
        settled(page)
        page.screenshot(path=str(tmp_path / "markdown_url.png"), full_page=True)
        assert page.locator("#pwned").count() == 0 and page.locator("h1", has_text="Pwned").count() == 0
        assert page.locator("a[href*='evil.example']").count() == 0
        assert page.locator("img[src*='evil.example']").count() == 0
        text = card.inner_text()
        assert "Verify your account" in text and "ANAS news" in text  # shown as text, the override gone
        foreign = [u for u in requests if not u.startswith(("data:", "blob:", "about:"))
                   and u.split("/")[2] != own]
        assert foreign == [], foreign


def test_the_first_click_on_download_gives_the_file(page, dashboard_url, tmp_path):
    # Clicked as soon as each button appears, while the map's first value still reruns the script.
    page.goto(dashboard_url)
    page.get_by_role("tab", name="Events").click()
    page.get_by_text(re.compile(r"Make downloads of these \d+ events")).click()
    button = page.get_by_role("button", name="Download CSV")
    button.wait_for()
    with page.expect_download(timeout=30_000) as download:
        button.click()
    assert download.value.failure() is None
    saved = tmp_path / "events.csv"
    download.value.save_as(saved)
    with open(saved, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    shown = int(re.search(r"([\d,]+) reports? at", page.get_by_text(re.compile(r"reports? at \d+ places?")).first
                          .inner_text()).group(1).replace(",", ""))
    assert len(rows) == shown and {"event_id", "paragraph_text", "latitude"} <= set(rows[0])


def websocket_handshake(url: str, host: str) -> str:
    """The status line the dashboard answers a WebSocket handshake with, sent with `host` as Host and
    Origin (what a page at that name, resolved to this machine by DNS rebinding, would send)."""
    port = int(url.rsplit(":", 1)[1])
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: http://{host}:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode())
        return s.recv(4096).decode("latin-1").split("\r\n")[0]


def test_the_dashboard_listens_on_this_machine_only_and_refuses_foreign_hosts(tmp_path):
    db = build_db(tmp_path / "surface.db", SEED)
    with serving(db, tmp_path) as url:  # no --server.address: what .streamlit/config.toml says
        log = (tmp_path / "streamlit.log").read_text()
        assert "Network URL" not in log and "External URL" not in log
        port = int(url.rsplit(":", 1)[1])
        others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
        for address in others - {a for a in others if a.startswith("127.")}:
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=3):
                pass
        assert " 101 " in websocket_handshake(url, "127.0.0.1")
        assert " 101 " in websocket_handshake(url, "localhost")
        refused = websocket_handshake(url, "rebind.evil.example")
        assert refused.startswith("HTTP/1.1 4"), refused


def test_an_incident_lists_every_report_and_the_sources_filter_keeps_corroborated_ones(page, tmp_path):
    from conftest import DATA

    db = build_db(tmp_path / "incidents.db", DATA / "incidents" / "two_outlets.jsonl")
    with serving(db, tmp_path) as url:
        frame = open_map(page, url)
        # (Five reports: "Idlib countryside" and the like only locate the villages, no event of their own.)
        page.get_by_text("4 incidents from 5 reports").wait_for()
        page.get_by_label("Reported by at least N sources").fill("2")
        page.get_by_label("Reported by at least N sources").press("Enter")
        page.get_by_text("1 incident from 2 reports at 1 place, 26 Feb 2016").wait_for()
        frame = map_frame(page)
        set_view(frame, 35.6138, 36.5645, 13)
        tooltip = click_marker_with_tooltip(page, frame, "Kafranbel")
        assert "2 reports" in tooltip
        page.get_by_text("Every report of this incident: 2 reports from 2 sources (SANA; SOHR), newest first").wait_for()
        cards = page.locator(".em-card").all_inner_texts()
        assert len(cards) == 2 and any("SANA" in c for c in cards) and any("SOHR" in c for c in cards)
        assert all("Kafr Nabl" in c for c in cards)
        page.screenshot(path=str(tmp_path / "incident.png"), full_page=True)


def test_the_offline_map_names_places_more_as_the_user_zooms_in(page, dashboard_url):
    own = dashboard_url.removeprefix("http://")
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    frame = open_map(page, dashboard_url)
    set_view(frame, 35.0, 38.5, 7)  # the whole country
    country = frame.locator(".em-label").all_inner_texts()
    assert frame.locator(".em-label-governorate").count() >= 10
    assert {"ALEPPO", "IDLIB", "DEIR EZ-ZOR"} <= {t.upper() for t in country}  # governorates
    assert "Homs" in country  # a city
    set_view(frame, 35.7816, 37.4992, 12)  # around Khanasir
    close = frame.locator(".em-label").all_inner_texts()
    assert "Khanasir" in close and len(close) > len(country) / 4
    assert frame.locator(".em-label-governorate").count() == 0  # governorate names give way to towns
    foreign = [u for u in requests if not u.startswith(("data:", "blob:", "about:")) and u.split("/")[2] != own]
    assert foreign == [], foreign


def map_view(frame) -> tuple[float, float, int]:
    """The map's centre and zoom, as the user sees them."""
    return tuple(frame.locator("body").evaluate(
        "() => { for (const k of Object.keys(window)) { if (k.startsWith('map_') && window[k].getCenter) {"
        " const c = window[k].getCenter(); return [c.lat, c.lng, window[k].getZoom()]; } } return null; }"))


def test_the_view_stays_when_the_dates_change_and_refits_on_a_new_search(page, dashboard_url):
    frame = open_map(page, dashboard_url)
    fitted = map_view(frame)
    set_view(frame, 35.7816, 37.4992, 11)  # the analyst zooms into Khanasir
    page.get_by_role("slider").first.focus()
    page.get_by_role("slider").first.press("ArrowRight")  # a day later: another set of events
    page.get_by_text("26 Feb 2016").first.wait_for()
    frame = map_frame(page)
    lat, lng, zoom = map_view(frame)
    assert zoom == 11 and abs(lat - 35.7816) < 0.01 and abs(lng - 37.4992) < 0.01
    # "Fit to results" brings back the whole picture.
    frame.get_by_role("button", name="Fit to results").click()
    still(frame)
    assert map_view(frame)[2] < 11
    # A new text search fits its results.
    set_view(frame, 35.7816, 37.4992, 13)
    page.get_by_label("Place or text").fill("Aleppo")
    page.get_by_label("Place or text").press("Enter")
    page.get_by_text("reports at").first.wait_for()
    frame = map_frame(page)
    assert map_view(frame)[2] < 13 and fitted is not None


def test_a_place_is_found_by_its_other_names_and_the_map_zooms_to_it(page, dashboard_url):
    # The report wrote "Khanaser", the row shows GeoNames' "Khanāşir": the Arabic name finds it too.
    open_map(page, f"{dashboard_url}/?view=reports")
    page.get_by_label("Place or text").fill("خناصر")
    page.get_by_label("Place or text").press("Enter")
    page.get_by_text(re.compile(r"^[1-9]\d* incidents? from [1-9]\d* reports?")).first.wait_for()
    frame = map_frame(page)
    assert frame.locator(".leaflet-marker-icon:not(.em-label)").count() >= 1
    # Zoom to the place the search named: the choice sits right under the search box.
    search_box, zoom_box = page.get_by_label("Place or text").bounding_box(), page.get_by_label("Zoom to place").bounding_box()
    assert 0 < zoom_box["y"] - search_box["y"] < 150, (search_box, zoom_box)
    page.get_by_label("Zoom to place").click()
    page.get_by_role("option", name=re.compile(r"^Khanāşir, Aleppo \(\d+ events?\)")).click()
    frame = map_frame(page)
    lat, lng, zoom = map_view(frame)
    assert zoom == 12 and abs(lat - 35.7816) < 0.01 and abs(lng - 37.4992) < 0.01


def test_a_shared_url_opens_the_same_view_and_the_url_follows_the_filters(page, dashboard_url):
    page.goto(f"{dashboard_url}/?from=2016-02-26&to=2016-02-26&q=Khanaser&view=reports")
    summary_line = re.compile(r"^\d+ incidents? from \d+ reports? at \d+ places?, 26 Feb 2016$")
    page.get_by_text(summary_line).first.wait_for()
    summary = page.get_by_text(summary_line).first.inner_text()
    assert page.get_by_role("radio", name="Every report").is_checked()
    assert page.get_by_label("Place or text").input_value() == "Khanaser"
    frame = map_frame(page)
    assert frame.locator(".leaflet-marker-icon:not(.em-label)").count() >= 1
    # Another user opening the link sees the same counts.
    other = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(page.url)
    assert other.get_by_text(summary).first.inner_text() == summary
    # A filter the user changes is written back into the URL.
    page.get_by_label("Place or text").fill("Aleppo")
    page.get_by_label("Place or text").press("Enter")
    page.wait_for_function("() => location.search.includes('q=Aleppo')")
    assert "from=2016-02-26" in page.url and "view=reports" in page.url


def test_names_placed_at_one_city_are_one_marker_that_lists_them(page, tmp_path):
    from conftest import DATA

    db = build_db(tmp_path / "anchored.db", DATA / "aleppo_neighbourhoods.txt")
    with serving(db, tmp_path) as url:
        frame = open_map(page, f"{url}/?from=2016-10-21")
        set_view(frame, 36.2, 37.16, 14)  # zoomed right into Aleppo: clusters open up
        tooltip = click_marker_with_tooltip(page, frame, "named in reports", unwanted="\x00")
        assert "8 places named in reports, placed at Aleppo: not exactly located" in tooltip
        heading = page.get_by_text("8 places named in reports, placed at Aleppo: not exactly located")
        heading.first.wait_for()
        assert page.get_by_text("Sheikh Saeed · 2 reports").count() == 1
        assert page.locator(".em-card").count() == 8
        # No spider of dashed rings: one marker for the eight names, beside Aleppo's own.
        dashed = frame.locator(".leaflet-marker-icon:not(.em-label):not(.marker-cluster) .em-dot[style*='dashed']")
        assert dashed.count() == 1
        page.screenshot(path=str(tmp_path / "anchored.png"), full_page=True)


def test_arabic_reads_right_to_left_and_the_map_fills_a_narrow_screen(page, tmp_path):
    from conftest import DATA

    db = build_db(tmp_path / "arabic.db", DATA / "arabic_report.txt")
    with serving(db, tmp_path) as url:
        frame = open_map(page, url)
        box = page.locator(MAP_FRAME).bounding_box()
        assert box["height"] >= 700  # most of the screen's height, not a third of it
        set_view(frame, 35.7816, 37.4992, 14)
        click_marker_with_tooltip(page, frame, "Khanāşir", unwanted="\x00")
        quote = page.locator(".em-card blockquote").first
        quote.wait_for()
        assert "خناصر" in quote.inner_text()
        assert quote.evaluate("q => getComputedStyle(q).direction") == "rtl"
        assert page.locator(".em-card div[dir=auto] i").first.evaluate(
            "i => getComputedStyle(i.parentElement).direction") == "rtl"  # the Arabic title
        # At 800 px (the sidebar open) the map and the panel stack, each the main area's full width,
        # instead of a 270 px strip of map beside the panel.
        page.set_viewport_size({"width": 800, "height": 1000})
        settled(page)
        main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
        narrow = page.locator(MAP_FRAME).bounding_box()
        assert narrow["width"] >= 0.9 * main["width"] and narrow["height"] >= 700
        panel = page.locator(".em-card").first.bounding_box()
        assert panel["width"] >= 0.8 * main["width"] and panel["y"] > narrow["y"] + narrow["height"] - 5
        page.screenshot(path=str(tmp_path / "arabic_800.png"), full_page=True)


def test_playback_steps_the_date_window_across_the_range(page, dashboard_url):
    page.goto(dashboard_url)
    page.get_by_text(re.compile(r"reports? at \d+ places?")).first.wait_for()
    page.get_by_test_id("stSidebarUserContent").get_by_text("day", exact=True).click()  # one day at a time
    page.get_by_role("button", name="Play").click()
    seen = []
    for day in ("24 Feb 2016", "25 Feb 2016", "26 Feb 2016"):
        line = page.get_by_text(re.compile(rf"reports? at \d+ places?, {day}$")).first
        line.wait_for(timeout=30_000)
        seen.append(line.inner_text())
    assert len(set(seen)) == 3
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # at the end of the range it stops


def test_a_density_view_beside_the_markers(page, dashboard_url):
    frame = open_map(page, dashboard_url)
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 0  # markers by default
    frame.locator(".leaflet-control-layers").hover()  # (the layers' icon opens on hover)
    frame.get_by_label("Density (heat map)").check()
    frame.locator("canvas.leaflet-heatmap-layer").wait_for()
    # The heat is drawn: some of the canvas's pixels are coloured.
    coloured = frame.locator("canvas.leaflet-heatmap-layer").evaluate(
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }")
    assert coloured > 100
    frame.get_by_label("Markers").uncheck()
    assert frame.locator(".leaflet-marker-icon.marker-cluster, .leaflet-marker-icon .em-dot").count() == 0


def test_pinning_a_name_from_the_dashboard_moves_its_markers_and_survives_a_restart(page, tmp_path):
    from conftest import DATA

    data = tmp_path / "data"  # a copy of the shipped data: the pin must not touch the repository's
    data.mkdir()
    for name in ("gazetteer.tsv", "neighbourhoods.csv", "foreign_names.txt"):
        shutil.copy(ROOT / "data" / name, data / name)
    env = {"EVENTMAP_DATA": str(data), "EVENTMAP_CACHE": str(tmp_path / "cache")}
    db = build_db(tmp_path / "pin.db", DATA / "village_no_source_has.txt")

    def tooltip_at(url, wanted, lat, lon):
        frame = open_map(page, url)
        set_view(frame, lat, lon, 13)
        return click_marker_with_tooltip(page, frame, wanted, unwanted="\x00")

    def zorbastan_tooltip(url):
        return tooltip_at(url, "Zorbastan", 35.80, 37.55)

    def placed_at_khanasir(url):
        return tooltip_at(url, "named in reports", 35.7816, 37.4992)

    with serving(db, tmp_path, env_extra=env) as url:
        assert "1 place named in reports, placed at Khanāşir" in placed_at_khanasir(url)  # before: approximate
        page.get_by_role("tab", name="Unresolved place names").click()
        page.get_by_label("Latitude").fill("35.8")
        page.get_by_label("Latitude").press("Tab")  # (a number is taken when the field is left)
        page.get_by_label("Longitude").fill("37.55")
        page.get_by_label("Longitude").press("Tab")
        settled(page)  # (the runs the fields started are over, as when a user reaches for the button)
        page.get_by_role("tab", name="Unresolved place names").click()  # (a run may have reset the tabs)
        page.get_by_role("button", name="Pin").click()
        page.get_by_text("Zorbastan pinned: 1 articles geocoded again").wait_for(timeout=60_000)
        tooltip = zorbastan_tooltip(url)
        assert "placed at" not in tooltip and "approximate" not in tooltip
    with serving(db, tmp_path, env_extra=env) as url:  # a restart: the pin is in the data folder
        assert "placed at" not in zorbastan_tooltip(url)
        page.get_by_role("tab", name="Unresolved place names").click()
        settled(page)  # (the marker click's run over, as when a user reaches for the button)
        page.get_by_role("button", name="Remove pin").click()
        page.get_by_text("Zorbastan unpinned").wait_for(timeout=60_000)
        assert "1 place named in reports, placed at Khanāşir" in placed_at_khanasir(url)


def test_on_postgresql_a_click_shows_the_paragraph_and_scraped_markup_runs_nothing(page, tmp_path, postgres_url):
    """The dashboard asking a PostgreSQL store for each part of the page, in Chromium: the counts, a
    marker's paragraph, the search and the XSS article's markup shown as text."""
    from eventmap.loader import load_paths
    from eventmap.store import Store

    with Store(postgres_url) as store:
        load_paths([SEED, HOSTILE / "xss_article.txt"], store, today=TODAY)
    with serving(postgres_url, tmp_path) as url:
        frame = open_map(page, url)
        page.get_by_text("10 incidents from 15 reports at 9 places").wait_for()
        set_view(frame, 35.7816, 37.4992, 14)
        click_marker_with_tooltip(page, frame, "Khanāşir", unwanted="Maghārat")
        page.locator("mark", has_text="Khanaser").first.wait_for()
        assert "Khanaser" in page.locator(".em-card.em-clicked").inner_text()
        page.get_by_label("Place or text").fill("Muqayrat")
        page.get_by_label("Place or text").press("Enter")
        page.get_by_text("reports at 3 places").wait_for()
        frame = map_frame(page)
        set_view(frame, 35.79582, 37.51692, 15)
        click_marker_with_tooltip(page, frame, "Maghārat Khanāşir", unwanted="\x00")
        page.locator(".em-card.em-clicked").wait_for()
        page.screenshot(path=str(tmp_path / "postgres.png"), full_page=True)
        assert page.dialogs == []  # type: ignore[attr-defined]
        for target in (page, frame):
            assert target.locator("img[src='x']").count() == 0
            assert target.locator("a[href^='javascript']").count() == 0
        assert any("<img src=x onerror=alert('para')>" in t for t in page.locator(".em-card").all_inner_texts())
