"""eventmap: scraped war reports -> a dated, geocoded events table -> an interactive map."""

from eventmap.pipeline import EventRow, extract_events

__all__ = ["EventRow", "extract_events"]
__version__ = "0.1.0"
