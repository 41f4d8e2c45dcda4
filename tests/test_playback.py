from datetime import date

from components.playback import next_cursor, playback_window

BOUNDS = (date(2016, 2, 1), date(2016, 2, 20))


def test_windows_step_across_the_range_and_stop_at_its_end():
    assert playback_window(date(2016, 2, 1), "week", BOUNDS) == (date(2016, 2, 1), date(2016, 2, 7))
    assert next_cursor(date(2016, 2, 1), "week", BOUNDS) == date(2016, 2, 8)
    assert playback_window(date(2016, 2, 15), "week", BOUNDS) == (date(2016, 2, 15), date(2016, 2, 20))  # cut at the end
    assert next_cursor(date(2016, 2, 15), "week", BOUNDS) is None
    assert playback_window(date(2016, 2, 5), "day", BOUNDS) == (date(2016, 2, 5), date(2016, 2, 5))
    assert next_cursor(date(2016, 2, 20), "day", BOUNDS) is None
    windows, cursor = [], date(2016, 2, 1)
    while cursor:
        windows.append(playback_window(cursor, "month", BOUNDS))
        cursor = next_cursor(cursor, "month", BOUNDS)
    assert windows == [BOUNDS]
