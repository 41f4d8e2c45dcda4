import pytest

from components.table import table_frame, unresolved_counts
from components.timeline import events_per_day
from conftest import DATA
from dashboard_fixtures import seed_frame


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    # (Every place of the seed has an entry now: a report written for the test names a village none has.)
    return seed_frame(tmp_path_factory.mktemp("t"), DATA / "village_no_source_has.txt")


def test_unresolved_counts(events):
    counts = unresolved_counts(events)
    top = dict(zip(counts["place_name"], counts["events"], strict=True))
    assert top["Zorbastan"] == 2 and "Khanāşir" not in top
    assert counts["events"].is_monotonic_decreasing


def test_events_per_day(events):
    per_day = events_per_day(events)
    assert list(per_day["day"].dt.strftime("%Y-%m-%d")) == ["2016-02-24", "2016-02-25", "2016-02-26"]
    assert per_day["events"].sum() == events["event_date"].notna().sum()


def test_table_newest_first(events):
    t = table_frame(events)
    dated = t["event_date"].dropna().tolist()
    assert dated == sorted(dated, reverse=True)
