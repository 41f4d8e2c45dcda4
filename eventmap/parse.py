"""Scraped files -> articles: decoding, formats, paragraphs, and scraper junk removed.

Every file yields `Article`s and `Rejection`s; a bad file or record is a rejection naming the file
(and line) and the reason, never an exception that stops the load.
"""

from __future__ import annotations

import csv
import errno
import gzip
import hashlib
import html
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

from eventmap.dates import InvalidDate, parse_publication_date
from eventmap.limits import DEFAULT_LIMITS, Limits, cap_text
from eventmap.names import clean_text

TEXT_SUFFIXES = {".txt", ".text", ""}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES
# Scrapers and feed exporters often leave their output gzipped ("items.jsonl.gz"): read as the
# format the name has without ".gz".
GZIP_SUFFIX = ".gz"
# For messages: what the loader reads.
READABLE_KINDS = ", ".join(sorted(s for s in ARTICLE_SUFFIXES if s)) + ", each also gzipped (.gz)"


def format_suffix(path: Path) -> str:
    """The suffix that names a file's format: 'items.jsonl.gz' -> '.jsonl', 'a.TXT' -> '.txt'."""
    if path.suffix.lower() == GZIP_SUFFIX:
        return Path(path.stem).suffix.lower()
    return path.suffix.lower()


def is_article_file(path: Path) -> bool:
    """A file the loader reads when it finds it in a folder (by its name; a named file is always tried)."""
    return format_suffix(path) in ARTICLE_SUFFIXES

# Field names scrapers use for the same thing, in order of preference.
TITLE_FIELDS = ("title", "headline", "name", "subject")
# Last, the one-line reports of event datasets: ACLED's `notes`, UCDP GED's `source_headline` (each
# row a short dated report, so an ACLED or UCDP export loads as it is downloaded).
TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "full_text", "story", "description",
               "notes", "source_headline")
DATE_FIELDS = ("date", "published", "published_at", "publication_date", "pubdate", "pub_date",
               "datetime", "date_published", "created_at", "time", "timestamp", "source_date", "event_date",
               "date_start")
URL_FIELDS = ("url", "link", "href", "permalink", "source_url")
SOURCE_FIELDS = ("source", "publisher", "site", "outlet", "agency", "source_office", "feed")

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class RelatedHeadline:
    """A headline from the scraper's 'related' block, dated by its picture path."""

    title: str
    date: date | None
    url: str = ""


_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def resolve_character_references(text: str) -> str:
    """'&#8220;Islamic State&#8221;' -> '“Islamic State”': the HTML character references scrapers
    leave in plain text, CSV and JSON (UCDP headlines hold hundreds). Bare '&' stays."""
    if "&" not in text:
        return text
    return _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)


@dataclass
class Article:
    """One article as parsed: metadata, clean body paragraphs, related headlines and warnings."""

    title: str
    paragraphs: list[str]
    published_at: datetime | None = None
    published_raw: str = ""
    source: str = ""
    url: str = ""
    file: str = ""
    line: int | None = None
    dateline: str = ""
    related: list[RelatedHeadline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def article_id(self) -> str:
        """Content hash: the same article under another file name or line ending is the same id."""
        parts = [
            " ".join(self.title.split()).lower(),
            self.published_at.isoformat() if self.published_at else self.published_raw.strip(),
            *(" ".join(p.split()) for p in self.paragraphs),
        ]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    @cached_property
    def readable_title(self) -> str:
        """The title as analysed and shown (character references resolved; `title` stays as read,
        so ids computed by earlier versions still match)."""
        return resolve_character_references(self.title)

    @cached_property
    def readable_paragraphs(self) -> list[str]:
        """The paragraphs as analysed and shown: character references resolved."""
        return [resolve_character_references(p) for p in self.paragraphs]

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Rejection:
    """A file or record that could not be loaded, and why."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class UnreadableFile(ValueError):
    """The bytes of a file are not text the loader can read."""


# ---------------------------------------------------------------- decoding

_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"BZh")


def decode_bytes(data: bytes) -> str:
    """Decode scraped bytes: BOMs, UTF-8, then windows-1256 (Arabic) or windows-1252."""
    if not data:
        raise UnreadableFile("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"broken UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]:
        raise UnreadableFile("not text (binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise UnreadableFile("not text (binary data)")
    return text


def _decode_legacy(data: bytes) -> str:
    arabic = data.decode("cp1256", errors="replace")
    high = [ch for ch in arabic if ord(ch) > 127]
    if high and sum("\u0600" <= ch <= "\u06ff" for ch in high) / len(high) > 0.6:
        return arabic
    return data.decode("cp1252", errors="replace")


# ---------------------------------------------------------------- junk and paragraphs

_EDITOR_CODE = re.compile(r"^[A-Z]{1,4}(?:\s?/\s?[A-Z]{1,4})+(?:\s+\d{1,3})?$")
_VAR_DUMP_LINE = re.compile(r"^(?:string|array|int|float|bool|object)\(\d+\)|^NULL$|^[{}\[\]]\s*$|^\}\s*$")
_AD_MARKER = re.compile(r"\[ad_\d+\]", re.I)
_TRAILER_PAREN = re.compile(
    r"\(\s*(?:Reporting|Writing|Editing|Additional reporting|Compiled|Translated|Edited|Written)\b[^()]*(?:\([^()]*\)[^()]*)*\)\s*$",
    re.I,
)
_JUNK_PARAGRAPH = re.compile(
    r"^(?:source|read more|related|video|photos?|share|tweet|advertisement|click here.*|more:.*|"
    r"english bulletin|©.*|copyright.*|all rights reserved.*)\W*$",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?),?\s*(?:\((?:Reuters|AFP|AP|SANA|FNA)\)|SANA|FNA)\s*[-–—]+\s*"
    r"|^(?P<caps>[A-Z][A-Z.'’ -]{2,40}?)\s*(?:\([A-Za-z .]{2,20}\))?\s*[-–—]+\s+"
    r"|^\((?:Reuters|AFP|AP|SANA|FNA)\)\s*[-–—]+\s*"
)
_RUN_TOGETHER = re.compile(
    r"(?<=[a-z0-9%)\]][.!?])(?=[“\"‘]?[A-Z][a-z])|(?<=[.!?][”\"’])(?=[A-Z][a-z])|(?<=[A-Z]{3}[.!?])(?=[“\"‘]?[A-Z][a-z])"
)
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?$")
_SIGNATURE_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z'’.-]*|(?:al|el)-[A-Z][\w'’-]*|bulletin)$")
_FUNCTION_WORDS = frozenset("the a an in on of and to for with by from at is was are were".split())


def is_junk_paragraph(text: str) -> bool:
    """Editor codes, var_dump lines, ad markers and share/source lines are not paragraphs."""
    t = text.strip()
    if not t or not any(ch.isalpha() for ch in t):
        return True
    if _EDITOR_CODE.match(t) or _VAR_DUMP_LINE.match(t) or _JUNK_PARAGRAPH.match(t):
        return True
    return bool(_AD_MARKER.fullmatch(t))


def _is_signature(text: str) -> bool:
    """An editor signature glued to the last sentence: 'H. Zain/ Ghossoun', 'Mazen'."""
    t = text.strip()
    if not t or len(t) > 70 or _SENTENCE_END.search(t) and not re.search(r"\b[A-Z]\.$", t):
        return False
    tokens = [tok for tok in re.split(r"[\s/,]+", t) if tok]
    if not 1 <= len(tokens) <= 10:
        return False
    return all(_SIGNATURE_TOKEN.match(tok) and tok.lower() not in _FUNCTION_WORDS for tok in tokens)


def strip_signature(text: str) -> str:
    """Remove an editor signature from the end of an article's last paragraph."""
    offset = max(0, len(text) - 80)  # a signature is short: look only at the tail
    for m in re.finditer(r"[.!?][”\"’]?", text[offset:]):
        rest = text[offset + m.end():]
        if rest.strip() and _is_signature(rest):
            return text[: offset + m.end()]
    return text


def split_paragraphs(text: str) -> list[str]:
    """Body text -> paragraphs: blank lines, sentence-final line breaks, and run-together sentences."""
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _AD_MARKER.sub("\n\n", text)
    blocks = re.split(r"\n\s*\n", text)
    paragraphs: list[str] = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        current = ""
        for ln in lines:
            if is_junk_paragraph(ln) and not current:
                continue
            current = f"{current} {ln}".strip()
            if _SENTENCE_END.search(ln):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
    out: list[str] = []
    for p in paragraphs:
        for part in _RUN_TOGETHER.split(p):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return out


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], str]:
    """Drop junk paragraphs and trailers; return (paragraphs, dateline taken off the first one)."""
    out: list[str] = []
    dateline = ""
    for p in paragraphs:
        p = _TRAILER_PAREN.sub("", p).strip()
        if is_junk_paragraph(p):
            continue
        if not out and not dateline:
            m = _DATELINE.match(p)
            if m and len(p) > m.end() + 20:
                dateline = (m.group("place") or m.group("caps") or "").strip(" ,-")
                p = p[m.end():].strip()
        out.append(p)
    while len(out) > 1 and _is_signature(out[-1]):
        out.pop()
    if out:
        last = strip_signature(out[-1])
        if last.strip():
            out[-1] = last.strip()
        else:
            out.pop()
    return out, dateline


# ---------------------------------------------------------------- related headlines (var_dump)

_VAR_DUMP_STRING = re.compile(rb'string\((\d+)\) "')
_PIC_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
_PIC_TITLE_PAIR = re.compile(r'"pic"\s*:\s*"([^"]*)"\s*,\s*"title"\s*:\s*"((?:[^"\\]|\\.)*)"')


def extract_related_headlines(trailer: str) -> list[RelatedHeadline]:
    """Headlines from PHP `var_dump` JSON strings; the date is read from each 'pic' path."""
    data = trailer.encode("utf-8")
    items: list[dict] = []
    for m in _VAR_DUMP_STRING.finditer(data):
        n = int(m.group(1))
        raw = data[m.end(): m.end() + n]
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            parsed = [
                {"pic": pic, "title": json.loads(f'"{title}"')}
                for pic, title in _PIC_TITLE_PAIR.findall(raw.decode("utf-8", errors="replace"))
            ]
        if isinstance(parsed, dict):
            parsed = [parsed]
        if isinstance(parsed, list):
            items.extend(x for x in parsed if isinstance(x, dict) and isinstance(x.get("title"), str))
    headlines = []
    for item in items:
        pic = str(item.get("pic") or item.get("url") or "")
        m = _PIC_DATE.search(pic)
        day = None
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                day = None
        headlines.append(RelatedHeadline(title=" ".join(item["title"].split()), date=day, url=pic))
    return headlines


# ---------------------------------------------------------------- dates on articles


def _apply_date(article: Article, raw: str, today: date | None) -> None:
    article.published_raw = raw.strip()
    if not raw.strip():
        article.warnings.append("undated: no publication date found")
        return
    try:
        article.published_at = parse_publication_date(raw)
    except InvalidDate as exc:
        article.warnings.append(f"undated: {exc}")
        return
    if article.published_at is None:
        article.warnings.append(f"undated: unreadable date {raw.strip()[:60]!r}")
    elif today and article.published_at.date() > today:
        article.warnings.append(f"date {article.published_at.date().isoformat()} is after today")


def _is_date_line(line: str) -> bool:
    try:
        return parse_publication_date(line) is not None
    except InvalidDate:
        return True


# ---------------------------------------------------------------- plain-text scrapes


def parse_plain_text(text: str, file: str, today: date | None = None,
                     limits: Limits = DEFAULT_LIMITS) -> Article | Rejection:
    """A title line, a date line, paragraphs, then scraper junk (editor code, var_dump)."""
    text, cut = cap_text(text, limits.article_chars)
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Rejection(file, "no text (only whitespace)")
    lines = text.split("\n")
    idx = 0
    while idx < len(lines) and not lines[idx].strip():
        idx += 1
    title = " ".join(lines[idx].split())
    idx += 1
    raw_date = ""
    for look in range(idx, min(idx + 4, len(lines))):
        if lines[look].strip():
            if _is_date_line(lines[look]):
                raw_date = lines[look].strip()
                idx = look + 1
            break
    rest = "\n".join(lines[idx:])
    body_part, trailer = _split_trailer(rest)
    paragraphs, dateline = clean_paragraphs(split_paragraphs(body_part))
    article = Article(title=title, paragraphs=paragraphs, file=file, dateline=dateline,
                      related=extract_related_headlines(trailer), warnings=[cut] if cut else [])
    _apply_date(article, raw_date, today)
    if not paragraphs:
        return Rejection(file, "no body paragraphs after the title and date")
    return article


def _split_trailer(text: str) -> tuple[str, str]:
    """Cut the body at the first editor code or var_dump line: all after it is scraper junk."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (_EDITOR_CODE.match(stripped) or _VAR_DUMP_LINE.match(stripped)):
            return text[:pos], text[pos:]
        pos += len(line) + 1
    return text, ""


# ---------------------------------------------------------------- HTML


class _ArticleHTML(HTMLParser):
    SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe",
            "button", "svg", "figure", "figcaption", "select", "template"}
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "section", "article", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.in_title = self.in_h1 = self.in_p = self.in_location = False
        self.title = self.h1 = ""
        self.dates: list[str] = []
        self.paragraphs: list[str] = []
        self.loose: list[str] = []
        self.locations: list[str] = []
        self._p: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.SKIP:
            self.skip_depth += 1
            return
        if tag == "meta" and a.get("content") and any(
            k in (a.get("property", "") + a.get("name", "") + a.get("itemprop", "")).lower()
            for k in ("published_time", "datepublished", "pubdate", "article:published")
        ):
            self.dates.append(a["content"])
        if self.skip_depth:
            return
        if tag == "time" and a.get("datetime"):
            self.dates.append(a["datetime"])
        if tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
        elif tag == "p":
            self._flush()
            self.in_p = True
        elif tag == "span" and "location" in a.get("class", "").lower():
            self.in_location = True
        elif tag in self.BLOCKS:
            self._p.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        elif tag == "p":
            self._flush()
            self.in_p = False
        elif tag == "span":
            self.in_location = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
            return
        if self.in_location:
            self.locations.append(data.strip())
            return
        if self.in_p:
            self._p.append(data)
        elif data.strip():
            self.loose.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._p).split())
        if text:
            self.paragraphs.append(text)
        self._p = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_paragraphs(html: str) -> tuple[list[str], dict[str, str]]:
    """Paragraph texts of an HTML document (tags never kept), and its title/date/dateline."""
    parser = _ArticleHTML()
    parser.feed(html)
    parser.close()
    paragraphs = parser.paragraphs
    if not paragraphs:
        paragraphs = split_paragraphs("\n".join(parser.loose))
    meta = {
        "title": " ".join((parser.h1 or parser.title).split()),
        "date": parser.dates[0] if parser.dates else "",
        "dateline": parser.locations[0] if parser.locations else "",
    }
    return paragraphs, meta


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"</?(?:p|div|span|br|a|html|body)\b[^>]*>", text[:20000], re.I))


def parse_html_document(text: str, file: str, today: date | None = None,
                        limits: Limits = DEFAULT_LIMITS) -> Article | Rejection:
    text, cut = cap_text(text, limits.page_chars, "the HTML page limit")
    paragraphs, meta = html_to_paragraphs(text)
    paragraphs, dateline = clean_paragraphs(
        [q for p in paragraphs for q in split_paragraphs(p)]
    )
    if not paragraphs:
        return Rejection(file, "HTML page has no article paragraphs")
    article = Article(title=meta["title"] or paragraphs[0][:120], paragraphs=paragraphs, file=file,
                      dateline=meta["dateline"] or dateline,
                      warnings=[cut] if cut else [])
    _apply_date(article, meta["date"], today)
    return article


# ---------------------------------------------------------------- records (JSON, JSON Lines, CSV)


def _pick(record: dict, names: tuple[str, ...]) -> tuple[str | None, object]:
    lowered = {str(k).strip().lower(): k for k in record}
    for name in names:
        if name in lowered:
            value = record[lowered[name]]
            if value not in (None, ""):
                return name, value
    for name in names:
        if name in lowered:
            return name, record[lowered[name]]
    return None, None


def _record_date(record: dict, today: date | None) -> str:
    """The record's date as written: the first date field, in order of preference, that holds a
    readable date not after today (UCDP's source dates have typos such as 2109; its event's start
    date is the next field), else the first readable one, else the first non-empty one (so the
    warning quotes it). A field listing several dates ("2016-01-30;2016-02-08": the sources of one
    UCDP event) gives its first."""
    lowered = {str(k).strip().lower(): k for k in record}
    written = [w for w in (clean_text(_as_text(record[lowered[n]])).strip() for n in DATE_FIELDS if n in lowered) if w]
    firsts = [w.split(";", 1)[0].strip() for w in written]
    readable = [(first, day) for first, day in ((f, _readable_date(f)) for f in firsts) if day is not None]
    for first, day in readable:
        if today is None or day.date() <= today:
            return first
    return readable[0][0] if readable else (written[0] if written else "")


def _readable_date(text: str) -> datetime | None:
    try:
        return parse_publication_date(text)
    except InvalidDate:
        return None


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n\n".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return ""
    return str(value)


def article_from_record(record: object, file: str, line: int | None, today: date | None = None,
                        limits: Limits = DEFAULT_LIMITS) -> Article | Rejection:
    """One JSON object or CSV row -> an article, mapping the field names scrapers use."""
    if not isinstance(record, dict):
        return Rejection(file, f"record is a JSON {type(record).__name__}, not an object", line)
    text_field, text_value = _pick(record, TEXT_FIELDS)
    if text_field is None:
        fields = ", ".join(str(k) for k in list(record)[:10]) or "none"
        return Rejection(file, f"no text field (looked for {', '.join(TEXT_FIELDS)}; found {fields})", line)
    body, cut = cap_text(_as_text(text_value), limits.article_chars)
    if not body.strip():
        return Rejection(file, f"empty text in field '{text_field}'", line)
    _, title_value = _pick(record, TITLE_FIELDS)
    _, url_value = _pick(record, URL_FIELDS)
    _, source_value = _pick(record, SOURCE_FIELDS)
    title, raw_date = clean_text(_as_text(title_value)).strip(), clean_text(_record_date(record, today))
    # Some scrapers swap the fields (SANA: `date` holds the headline and `title` the date).
    if raw_date and title and not _is_date_line(raw_date) and _is_date_line(title):
        title, raw_date = raw_date, title
    dateline = ""
    if looks_like_html(body):
        paragraphs, meta = html_to_paragraphs(body)
        dateline = meta["dateline"]
        title = title or meta["title"]
        raw_date = raw_date or meta["date"]
        paragraphs = [q for p in paragraphs for q in split_paragraphs(p)]
    else:
        paragraphs = split_paragraphs(body)
    paragraphs, found_dateline = clean_paragraphs(paragraphs)
    if not paragraphs:
        return Rejection(file, f"no article paragraphs in field '{text_field}'", line)
    url = clean_text(_as_text(url_value)).strip()
    article = Article(
        title=" ".join(title.split()) or paragraphs[0][:120], paragraphs=paragraphs, file=file, line=line,
        url=url, source=" ".join(clean_text(_as_text(source_value)).split()), dateline=dateline or found_dateline,
    )
    if cut:
        article.warnings.append(cut)
    if url and not is_plain_url(url):
        article.warnings.append("url holds whitespace or control characters: kept as text, never a link")
    _apply_date(article, raw_date, today)
    return article


def is_plain_url(url: str) -> bool:
    """No whitespace, control or format character inside: urlparse ignores newlines, so a URL with a
    blank line in it would pass a scheme check and then end an HTML block wherever it is shown."""
    return not any(ch.isspace() or unicodedata.category(ch)[0] in "CZ" for ch in url)


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}, char {exc.pos})"


def parse_json_document(text: str, file: str, today: date | None = None,
                        limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | Rejection]:
    """A JSON array of records, or an object holding one under `articles`, `items`... (or one record).

    The array is read one element at a time, so memory holds the text and one record, not a
    Python object for each of millions of records."""
    any_record = False
    try:
        for i, record in iter_json_records(text):
            any_record = True
            item = article_from_record(record, file, None, today, limits)
            if isinstance(item, Rejection):
                item = Rejection(file, f"item {i}: {item.reason}")
            yield item
    except json.JSONDecodeError as exc:
        yield Rejection(file, _json_error(exc))
        return
    except RecursionError:
        yield Rejection(file, "invalid JSON: nested too deeply")
        return
    except ValueError as exc:  # not records at all
        yield Rejection(file, str(exc))
        return
    if not any_record:
        yield Rejection(file, "JSON holds no articles (empty list)")


_RECORD_LIST_KEYS = ("articles", "items", "data", "results", "posts", "entries")
_JSON = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def iter_json_records(text: str) -> Iterator[tuple[int, object]]:
    """(1-based index, record) for each element of a JSON array, of the first list under a key of
    `_RECORD_LIST_KEYS` in a JSON object, or the object itself. Raises JSONDecodeError (with the
    position in `text`) or ValueError for JSON that holds no records."""
    pos = _SPACE.match(text, 0).end()
    if text.startswith("[", pos):
        yield from enumerate(_array_elements(text, pos), start=1)
    elif text.startswith("{", pos):
        list_at = _record_list_in_object(text, pos)
        if list_at is not None:
            yield from enumerate(_array_elements(text, list_at), start=1)
        else:
            yield 1, json.loads(text)
    else:
        raise ValueError(f"JSON holds a {type(json.loads(text)).__name__}, not articles")


def _array_elements(text: str, pos: int) -> Iterator[object]:
    """The elements of the array starting at text[pos] == '[', decoded one at a time; the rest of the
    document after the array is checked to be well-formed."""
    pos = _SPACE.match(text, pos + 1).end()
    if text.startswith("]", pos):
        _check_rest(text, pos + 1)
        return
    while True:
        value, pos = _JSON.raw_decode(text, pos)
        yield value
        pos = _SPACE.match(text, pos).end()
        if text.startswith(",", pos):
            pos = _SPACE.match(text, pos + 1).end()
        elif text.startswith("]", pos):
            _check_rest(text, pos + 1)
            return
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)


def _record_list_in_object(text: str, pos: int) -> int | None:
    """Where the array of the object's first record-list key begins, or None (then the object is one
    record). Other values are decoded and dropped one by one."""
    pos = _SPACE.match(text, pos + 1).end()
    while not text.startswith("}", pos):
        key, pos = _JSON.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end()
        if not isinstance(key, str) or not text.startswith(":", pos):
            raise json.JSONDecodeError("Expecting property name and ':'", text, pos)
        pos = _SPACE.match(text, pos + 1).end()
        if key in _RECORD_LIST_KEYS and text.startswith("[", pos):
            return pos
        _, pos = _JSON.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end()
        if text.startswith(",", pos):
            pos = _SPACE.match(text, pos + 1).end()
    return None


def _check_rest(text: str, pos: int) -> None:
    """After the records' array: closing brackets of an enclosing object and its other keys are let
    be (the records are read); anything but whitespace after a top-level array is an error."""
    rest = text[pos:pos + 1]
    if rest and not rest.isspace() and rest not in ",}":
        raise json.JSONDecodeError("Extra data", text, pos)


def iter_lines(text: str) -> Iterator[str]:
    """The lines of a text one at a time (str.split would copy a 200 MB text into millions of strings at once)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def parse_json_lines(text: str, file: str, today: date | None = None,
                     limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | Rejection]:
    any_line = False
    for lineno, line in enumerate(iter_lines(text), start=1):
        if not line.strip():
            continue
        any_line = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(file, f"invalid JSON: {exc.msg} (column {exc.colno})", lineno)
            continue
        except RecursionError:
            yield Rejection(file, "invalid JSON: nested too deeply", lineno)
            continue
        yield article_from_record(record, file, lineno, today, limits)
    if not any_line:
        yield Rejection(file, "no text (only whitespace)")


def parse_csv_document(text: str, file: str, today: date | None = None, delimiter: str = ",",
                       limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | Rejection]:
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [str(c).strip().lower() for c in (reader.fieldnames or [])]
    except csv.Error as exc:
        yield Rejection(file, f"invalid CSV: {exc}")
        return
    if not any(c in TEXT_FIELDS for c in columns):
        yield Rejection(file, f"no text column (looked for {', '.join(TEXT_FIELDS)}; found {', '.join(columns) or 'none'})")
        return
    try:
        for row in reader:
            line = reader.line_num
            row.pop(None, None)
            yield article_from_record(row, file, line, today, limits)
    except csv.Error as exc:
        yield Rejection(file, f"invalid CSV: {exc}", reader.line_num)


# ---------------------------------------------------------------- files


def printable_path(path: Path | str) -> str:
    """A file name as it may be printed and stored: bytes that are not UTF-8 as \\xNN, and line breaks
    and other control characters escaped, so a name cannot forge a log line or fail to encode."""
    return printable(os.fsencode(path).decode("utf-8", "backslashreplace"))


def printable(text: str) -> str:
    """Text with line breaks, terminal escapes and other control or format characters escaped
    (\\n, \\x1b, \\u202e): one line that shows what it holds."""
    return "".join(ch if unicodedata.category(ch)[0] != "C" else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def not_regular_kind(mode: int) -> str | None:
    """What a file is when it is not a regular file ('a FIFO', 'a character device'...), else None."""
    for test, kind in [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_file_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file. Opened without blocking and checked after opening,
    so a FIFO or a device (/dev/zero named by a glob) is refused, never read without end."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        kind = not_regular_kind(os.fstat(fd).st_mode)
        if kind:
            raise UnreadableFile(f"not a regular file ({kind}); only regular files are read")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    finally:
        os.close(fd)


def read_articles(path: Path, today: date | None = None, display_name: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | Rejection]:
    """Every article in one file, or the reasons it cannot be read; never raises for bad content.
    Read lazily: one record is parsed when the one before it has been taken. At most `limits.records`
    records are read (then one line says what was left out); an article's paragraphs past
    `limits.paragraphs` are left out with a warning."""
    name = display_name or printable_path(path)
    for n, item in enumerate(_read_all_articles(path, today, name, limits), start=1):
        if n > limits.records:
            yield Rejection(name, f"holds more than {limits.records:,} records; read the first {limits.records:,} "
                                  "(--max-records)")
            return
        if isinstance(item, Article) and len(item.paragraphs) > limits.paragraphs:
            item.warnings.append(f"article has {len(item.paragraphs):,} paragraphs; kept the first "
                                 f"{limits.paragraphs:,} (--max-paragraphs)")
            item.paragraphs = item.paragraphs[:limits.paragraphs]
        yield item


def _read_all_articles(path: Path, today: date | None, name: str, limits: Limits) -> Iterator[Article | Rejection]:
    too_large = f"file too large (limit {MAX_FILE_BYTES // (1024 * 1024)} MB)"
    try:
        data = read_file_bytes(path, MAX_FILE_BYTES)
    except OSError as exc:
        yield Rejection(name, f"cannot read file ({exc.strerror or exc})")
        return
    except UnreadableFile as exc:
        yield Rejection(name, str(exc))
        return
    if len(data) > MAX_FILE_BYTES:
        yield Rejection(name, too_large)
        return
    if data.startswith(_GZIP_MAGIC):  # by its bytes: a gzipped "items.jsonl" too
        try:
            data = _gunzip(data)
        except UnreadableFile as exc:
            yield Rejection(name, str(exc))
            return
    try:
        text = decode_bytes(data)
    except UnreadableFile as exc:
        yield Rejection(name, str(exc))
        return
    del data  # the text is all that is needed now: do not hold the file twice
    if not text.strip():
        yield Rejection(name, "no text (only whitespace)")
        return
    suffix = format_suffix(path)
    head = text.lstrip()[:1]
    if suffix in JSONL_SUFFIXES or (suffix not in ARTICLE_SUFFIXES and head == "{"):
        yield from parse_json_lines(text, name, today, limits)
    elif suffix in JSON_SUFFIXES or (suffix not in ARTICLE_SUFFIXES and head == "["):
        yield from parse_json_document(text, name, today, limits)
    elif suffix in CSV_SUFFIXES:
        yield from parse_csv_document(text, name, today, "\t" if suffix == ".tsv" else ",", limits)
    elif suffix in HTML_SUFFIXES or (suffix not in ARTICLE_SUFFIXES and head == "<" and looks_like_html(text)) \
            or re.match(r"\s*<(?:!doctype html|html)\b", text[:200], re.I):
        yield parse_html_document(text, name, today, limits)
    else:
        yield parse_plain_text(text, name, today, limits)


_GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(data: bytes) -> bytes:
    """A gzipped file's bytes, read no further than the file size limit (a small file may unpack huge)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise UnreadableFile(f"broken gzip file ({exc})") from exc
    if len(out) > MAX_FILE_BYTES:
        raise UnreadableFile(f"file too large unpacked (over {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    return out


def find_article_files(paths: list[Path], skipped: list[Rejection] | None = None,
                       rejected: list[Rejection] | None = None) -> Iterator[Path]:
    """Files named, and the article files inside folders named (sorted, hidden entries left out).

    What cannot be read is never passed over in silence: a named entry that is not a regular file or
    folder, and a folder that cannot be listed, go to `rejected`; other files found in folders (of no
    article format, FIFOs, devices, dangling links, link loops, links to folders) go to `skipped`.
    """
    skipped = skipped if skipped is not None else []
    rejected = rejected if rejected is not None else []
    for p in paths:
        try:
            mode = p.stat().st_mode
        except OSError as exc:
            rejected.append(Rejection(printable_path(p), f"cannot read ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(mode):
            yield from _files_in_folder(p, skipped, rejected)
        elif stat.S_ISREG(mode):
            yield p
        else:
            rejected.append(Rejection(printable_path(p), f"not a regular file ({not_regular_kind(mode)}); "
                                                         "only regular files are read"))


def _files_in_folder(folder: Path, skipped: list[Rejection], rejected: list[Rejection]) -> Iterator[Path]:
    def unlistable(exc: OSError) -> None:
        rejected.append(Rejection(printable_path(exc.filename or folder),
                                  f"cannot list folder ({exc.strerror or exc}); its files were not read"))

    for top, dirs, names in os.walk(folder, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # in order; hidden folders left out
        here = Path(top)
        for entry in sorted(n for n in names if not n.startswith(".")):
            reason = _why_skipped(here / entry)
            if reason is None:
                yield here / entry
            elif reason:
                skipped.append(Rejection(printable_path(here / entry), reason))
        for d in dirs[:]:
            if (here / d).is_symlink():  # os.walk does not follow it: say so
                dirs.remove(d)
                skipped.append(Rejection(printable_path(here / d), "a link to a folder, not followed"))


def _why_skipped(path: Path) -> str | None:
    """None for an article file to read; '' for one passed over on purpose (a README); else the reason."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a dangling symbolic link"
        return f"cannot read ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        return f"not a regular file ({not_regular_kind(mode)})"
    if not is_article_file(path):
        return "" if path.name.lower() == "readme.md" else f"not an article file (reads {READABLE_KINDS})"
    return None
