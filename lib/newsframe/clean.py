"""Cleaning scraped articles: page furniture out, body text in, every change logged.

:func:`clean_articles` works line by line on ``raw_text`` and returns the articles with

``clean_text``
    the body: NFC-normalised, one paragraph per kept line, paragraphs separated by a blank
    line.  Quotation marks are left exactly as the page had them (curly, straight, single,
    broken), so quote extraction still sees which character opened and closed a quote.
``blocks``
    the paragraphs of ``clean_text`` as ``[start, end, kind, section]`` lists, ``kind`` being
    ``heading`` or ``paragraph`` and ``section`` the heading the block falls under.  Headings
    are short title-case lines ("Key Elements of the Partnership", "Conclusion", "FAQs").
``faq_spans``
    ``[start, end]`` character spans of FAQ / Q&A sections, which often repeat the body and
    are left out of analyses by default.
``title``, ``author``, ``published``
    filled from the text when the manifest left them empty (a first line that is a headline,
    a "... By Dr Name" byline, a "Published May 18, 2024" or stand-alone date line).

and a log with one row per removed or changed line: ``doc_id, line_no`` (1-based, in
``raw_text``), ``text`` and ``reason``.

What counts as furniture is data, ``data/furniture.csv`` (reason, pattern, note): each
pattern is a regular expression that must match a whole stripped line, case-insensitively.
A few structural rules need context and live in code: a headline repeated further down,
runs of one-to-three-word tag lines under the headline ("Russia" / "Russian Federation"),
an "About <site>" block that starts the site footer, and section headings left with no
text under them once furniture is gone ("Sources").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

from newsframe.dates import to_timestamps

from newsframe.paths import DATA_DIR

LOG_COLUMNS = ["doc_id", "line_no", "text", "reason"]
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_PUBLISHED_LINE = re.compile(
    rf"(?:(?:first\s+)?(?:published|posted|updated|last updated)\s*(?:on|:)?\s*)?(?P<date>{_DATE})(?:\s*[-–—,|]?\s*\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*\w{{2,4}})?)?",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"(?P<title>.{10,150}?)\s+[Bb][Yy]\s+(?:(?i:dr|prof|mr|ms|mrs)\.?\s+)?(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})",
)
_ABOUT = re.compile(r"about\s+(?:us|the\s+\w.{0,50}|[A-Z]\w.{0,50})", re.IGNORECASE)
_FAQ_HEADING = re.compile(r"(?:faqs?|frequently asked questions|q\s*&\s*a|questions and answers)\s*:?", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "vs", "versus"}


@cache
def furniture_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """The furniture rules of ``data/furniture.csv`` as ``(reason, compiled pattern)`` pairs."""
    table = pd.read_csv(DATA_DIR / "furniture.csv", dtype=str, keep_default_na=False)
    return tuple((row.reason, re.compile(row.pattern, re.IGNORECASE)) for row in table.itertuples())


@lru_cache(maxsize=20_000)
def furniture_reason(line: str) -> str:
    """The reason a stripped line is page furniture, or ``""`` when it is not (memoised per process by the exact line)."""
    for reason, pattern in furniture_patterns():
        if pattern.fullmatch(line):
            return reason
    return ""


@lru_cache(maxsize=20_000)
def is_heading(line: str) -> bool:
    """A short title-case line without sentence-final punctuation ("Key Elements of the Partnership").

    Memoised per process by the exact line (a pure function of it).
    """
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 80 or text[-1] in ".?!,;\"”’'" or text[0] in "–—-•*":
        return False
    words = _WORD.findall(text)
    if not 1 <= len(words) <= 9:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(content) and all(w[0].isupper() for w in content)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class _Line:
    number: int
    text: str
    reason: str = ""


@dataclass
class _Found:
    title: str = ""
    author: str = ""
    published: pd.Timestamp | None = None
    log: list[tuple[int, str, str]] = field(default_factory=list)


def _normalise(raw_line: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", raw_line)).strip()


def _mark_furniture(lines: list[_Line], found: _Found) -> None:
    for line in lines:
        if line.reason:
            continue
        published = _PUBLISHED_LINE.fullmatch(line.text)
        if published:
            line.reason = "date line"
            if found.published is None:
                found.published = pd.Timestamp(published.group("date").replace(".", ""))
            continue
        line.reason = furniture_reason(line.text)


def _mark_title_and_byline(lines: list[_Line], found: _Found, known_title: str) -> None:
    if not lines:
        return
    first = lines[0]
    byline = _BYLINE.fullmatch(first.text)
    headline = first.text
    if byline and len(first.text.split()) <= 20:
        found.title, found.author = byline.group("title").strip(), byline.group("author")
        first.reason = "headline and byline"
    elif known_title and _fold(first.text) == _fold(known_title):
        found.title, first.reason = first.text, "headline"
    elif is_heading(first.text) and len(lines) > 1 and not is_heading(lines[1].text):
        found.title, first.reason = first.text, "headline"
    else:
        headline = known_title
    repeated = {_fold(headline)} if headline else set()
    if found.title:
        repeated.add(_fold(found.title))
    for line in lines[1:]:
        if not line.reason and _fold(line.text) in repeated:
            line.reason = "repeated headline"


def _mark_tag_lines(lines: list[_Line], top: int = 12) -> None:
    """Runs of two or more one-to-three-word lines near the top are category tags, not text."""
    window = [line for line in lines[:top]]
    run: list[_Line] = []
    for line in window + [_Line(-1, "end of window.")]:
        words = line.text.split()
        if not line.reason and 1 <= len(words) <= 3 and line.text[-1].isalnum() and line.text[0].isupper():
            run.append(line)
            continue
        if line.reason and run:
            continue
        if len(run) >= 2:
            for tag in run:
                tag.reason = "tag line"
        run = []


def _mark_footer(lines: list[_Line]) -> None:
    """An "About <site>" line in the second half of a page starts the site footer."""
    half = len(lines) // 2
    for index, line in enumerate(lines):
        if index >= half and not line.reason and len(line.text.split()) <= 7 and _ABOUT.fullmatch(line.text):
            for rest in lines[index:]:
                rest.reason = rest.reason or "site footer"
            return


def _mark_empty_headings(lines: list[_Line]) -> None:
    """Headings left at the very end with no text under them once furniture is gone ("Sources")."""
    for line in reversed([line for line in lines if not line.reason]):
        if not is_heading(line.text):
            return
        line.reason = "heading with no text"


def clean_text(raw_text: str, *, title: str = "") -> tuple[str, list[list], list[list], _Found]:
    """Clean one article's text; see :func:`clean_articles` for what comes back."""
    found = _Found()
    lines = []
    for number, raw_line in enumerate(raw_text.split("\n"), start=1):
        text = _normalise(raw_line)
        if not text:
            continue
        if text != raw_line.strip():
            found.log.append((number, raw_line.strip(), "normalised"))
        lines.append(_Line(number, text))
    _mark_title_and_byline(lines, found, title)
    _mark_furniture(lines, found)
    _mark_tag_lines(lines)
    _mark_footer(lines)
    _mark_empty_headings(lines)
    found.log.extend((line.number, line.text, line.reason) for line in lines if line.reason)
    found.log.sort(key=lambda entry: entry[0])

    parts: list[str] = []
    blocks: list[list] = []
    faq_spans: list[list] = []
    offset, section, in_faq = 0, "", False
    for line in (line for line in lines if not line.reason):
        heading = is_heading(line.text)
        if heading:
            section = line.text.rstrip(":").strip()
            was_faq, in_faq = in_faq, bool(_FAQ_HEADING.fullmatch(line.text))
            if was_faq and faq_spans:
                faq_spans[-1][1] = max(offset - 2, faq_spans[-1][0])
            if in_faq:
                faq_spans.append([offset, offset])
        start, end = offset, offset + len(line.text)
        blocks.append([start, end, "heading" if heading else "paragraph", section])
        parts.append(line.text)
        offset = end + 2
    text = "\n\n".join(parts)
    if in_faq and faq_spans:
        faq_spans[-1][1] = len(text)
    return text, blocks, faq_spans, found


def clean_articles(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Remove page furniture from every article; return ``(articles + clean_text, log)``.

    Adds ``clean_text``, ``blocks`` and ``faq_spans`` (see the module docstring) and fills
    ``title``, ``author`` and ``published`` from the text where they were empty.  The log has
    one row per removed or changed line (``doc_id, line_no, text, reason``) so a reader can
    audit exactly what was taken out of each article and why.
    """
    cleaned = articles.copy()
    texts, blocks, faqs, log_rows = [], [], [], []
    titles, authors, dates = list(cleaned["title"]), list(cleaned["author"]), list(cleaned["published"])
    for row, (doc_id, raw, title) in enumerate(zip(cleaned["doc_id"], cleaned["raw_text"], cleaned["title"])):
        text, article_blocks, faq_spans, found = clean_text(raw, title=title or "")
        texts.append(text)
        blocks.append(article_blocks)
        faqs.append(faq_spans)
        log_rows.extend((doc_id, number, line, reason) for number, line, reason in found.log)
        titles[row] = titles[row] or found.title
        authors[row] = authors[row] or found.author
        if pd.isna(dates[row]) and found.published is not None:
            dates[row] = found.published
    cleaned["title"], cleaned["author"] = titles, authors
    cleaned["published"] = to_timestamps(dates, what="publication dates", index=cleaned.index)
    cleaned["clean_text"], cleaned["blocks"], cleaned["faq_spans"] = texts, blocks, faqs
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    return cleaned, log
