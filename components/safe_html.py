"""Scraped text is data, never markup: every piece of article text is escaped before it meets HTML."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from eventmap.parse import is_plain_url


def escape_text(text: object) -> str:
    """HTML-escape any value (None -> '')."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(str(text), quote=True)


def safe_url(url: object) -> str | None:
    """The URL if its scheme is http or https, it has a host and no whitespace or control character inside,
    else None: never a javascript: link, never a line break that ends the HTML around it."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not is_plain_url(url):
        return None
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url
    return None


def link_or_text(url: object, label: str) -> str:
    """An <a> for http(s) URLs, escaped plain text otherwise."""
    good = safe_url(url)
    if good:
        return f'<a href="{escape_text(good)}" target="_blank" rel="noopener noreferrer nofollow">{escape_text(label)}</a>'
    return escape_text(url or "")


def highlight(paragraph: str, mention: str) -> str:
    """The paragraph escaped, with every occurrence of the mention wrapped in <mark>."""
    escaped = escape_text(paragraph)
    if not mention:
        return escaped
    needle = escape_text(mention)
    return re.sub(re.escape(needle), lambda m: f"<mark>{m.group(0)}</mark>", escaped, flags=re.I)


def json_for_script(text: str) -> str:
    """Make a JSON string safe to embed inside a <script> element."""
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("<!--", "<\\!--")
