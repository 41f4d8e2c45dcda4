"""What one input may hold: beyond a limit the rest is left out, with a warning naming the file.

A small file can unpack into millions of paragraphs or records (an 810 KB .txt.gz held 199 MiB and
gave 2.7 million events; a 437 KB .json.gz held 10 million records). These limits keep a load's
memory and time bounded by them, not by what a file holds. The defaults sit far above real reports:
in the shared corpora the longest report has 40,940 characters and 143 paragraphs (SANA), the
largest file 16,566 records (UCDP GED), and a paragraph names at most a few dozen places.
Each is an option of `eventmap load`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    article_chars: int = 400_000  # characters of one article's text (10x the longest real report)
    page_chars: int = 4_000_000  # characters of one HTML page, markup included
    paragraphs: int = 2_000  # paragraphs of one article (14x the most in a real report)
    events: int = 10_000  # event rows of one article
    records: int = 200_000  # records (articles) of one JSON, JSON Lines or CSV file (12x UCDP GED Syria)


DEFAULT_LIMITS = Limits()


def cap_text(text: str, limit: int, option: str = "--max-article-chars") -> tuple[str, str | None]:
    """The text cut to `limit` characters (at the last line break or space before it, so no word is
    split), and a warning when it was cut."""
    if len(text) <= limit:
        return text, None
    cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
    kept = text[:cut if cut > limit // 2 else limit]
    return kept, f"text has {len(text):,} characters; kept the first {len(kept):,} (limit {limit:,}, {option})"
