"""HTML pages: the article body and its metadata, with trafilatura, and plain tag stripping as the fallback.

:func:`looks_like_html` decides whether a text is a page: it starts like one (``<!doctype``,
``<html>``…) or holds at least five block-level tags, so prose that mentions one
``<script>`` tag stays text.  :func:`extract_page` runs **trafilatura** (comments left out,
tables kept) and returns the body with the title, author and date trafilatura found in the
page's metadata; cleaning uses that metadata only where the manifest or export has none.
When trafilatura finds no body (a page that is all navigation, or markup it cannot parse or
fails on),
:func:`html_to_text` keeps every visible line instead and the method says so, so the
cleaning log can name it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd

HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(p|div|span|a|br|h[1-6]|li|ul|script|style|meta|table)\b[^>]*>", re.IGNORECASE)
_FOLD = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page rather than prose that mentions a tag or two."""
    return bool(HTML_START.match(text[:512])) or len(HTML_TAG.findall(text[:20000])) >= 5


@dataclass(frozen=True)
class Page:
    """What :func:`extract_page` found: body text (one paragraph a line), metadata, and the method used."""

    text: str
    title: str = ""
    author: str = ""
    published: pd.Timestamp | None = None
    method: str = "trafilatura"


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page: script/style dropped, block elements become line breaks."""

    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "header",
            "footer",
            "title",
        }
    )
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one block element per line, entities decoded."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    lines = (_FOLD.sub(" ", line).strip() for line in html.unescape("".join(extractor.parts)).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _metadata_date(value: object) -> pd.Timestamp | None:
    if not value:
        return None
    try:
        stamp = pd.Timestamp(str(value))
    except (ValueError, TypeError, OverflowError):
        return None
    return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo is not None else stamp


def extract_page(markup: str) -> Page:
    """The article in an HTML page (trafilatura), or every visible line when trafilatura finds none."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(markup, include_comments=False, include_tables=True, with_metadata=True)
        document = extracted.as_dict() if extracted is not None else None
    except Exception:  # noqa: BLE001 - a third-party parser on untrusted markup: any failure means "no body found"
        document = None
    body = (document or {}).get("text") or ""
    if not body.strip():
        return Page(html_to_text(markup), method="tags stripped")
    return Page(
        "\n".join(line for line in body.split("\n") if line.strip()),
        title=((document or {}).get("title") or "").strip(),
        author=((document or {}).get("author") or "").strip(),
        published=_metadata_date((document or {}).get("date")),
    )
