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
    a "... By Dr Name" byline; a date from :func:`newsframe.pubdate.date_from_text`, or from an
    HTML page's metadata); metadata the user gave is never overridden.
``published_source``
    where ``published`` came from: ``manifest``, ``export`` (set by the loader),
    ``html-metadata``, ``text:published-line``, ``text:dateline``, ``text:timestamp``, or empty.
``encoding_repairs``, ``replacement_chars``
    how many lines had mojibake repaired (:mod:`newsframe.encoding`), and how many U+FFFD
    characters (bytes lost before the text reached us) remain in the body.

and a log with one row per removed or changed line: ``doc_id, line_no`` (1-based, in
``raw_text``; for an HTML page, in the text extracted from it), ``text`` and ``reason``.
Rows with ``line_no`` 0 are about the article as a whole (HTML extraction fell back to tag
stripping).

The steps, in order: an HTML page (:func:`newsframe.html_page.looks_like_html`) is reduced
to its article with trafilatura; mojibake is repaired per line (reason ``encoding repaired``);
lines that recur across many articles of the outlet or folder go
(:mod:`newsframe.repetition`, reason ``repeated across the corpus``); then the rules below;
then, for text that reads as a whole page's visible text, the line model of
:mod:`newsframe.page_text` (reasons ``outside the article``, ``page furniture``).

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

from newsframe.data_tables import read_data_table
from newsframe.dates import to_timestamps
from newsframe.encoding import REPLACEMENT, repair_text
from newsframe.html_page import extract_page, looks_like_html
from newsframe.page_text import furniture_lines, looks_like_page
from newsframe.pubdate import date_from_text, implausible, is_date_line
from newsframe.repetition import (
    NO_REPEATS,
    RepeatedLines,
    article_group,
    count_repeated_lines,
    is_prose,
    optional_column,
)

LOG_COLUMNS = ["doc_id", "line_no", "text", "reason"]
_BYLINE = re.compile(
    r"(?P<title>.{10,150}?)\s+[Bb][Yy]\s+(?:(?i:dr|prof|mr|ms|mrs)\.?\s+)?(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})",
)
_ABOUT = re.compile(r"about\s+(?:us|the\s+\w.{0,50}|[A-Z]\w.{0,50})", re.IGNORECASE)
_FAQ_HEADING = re.compile(r"(?:faqs?|frequently asked questions|q\s*&\s*a|questions and answers)\s*:?", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "vs",
    "versus",
}


@cache
def furniture_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """The furniture rules of ``data/furniture.csv`` as ``(reason, compiled pattern)`` pairs."""
    table = read_data_table("furniture.csv", ["reason", "pattern"])
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
    published_source: str = ""
    encoding_repairs: int = 0
    replacement_chars: int = 0
    log: list[tuple[int, str, str]] = field(default_factory=list)


def _normalise(raw_line: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", raw_line)).strip()


def _mark_furniture(lines: list[_Line]) -> None:
    for line in lines:
        if line.reason:
            continue
        line.reason = "date line" if is_date_line(line.text) else furniture_reason(line.text)


def _mark_repeated(lines: list[_Line], repeated: RepeatedLines, group: str) -> None:
    """Lines that recur across the articles of the group (see :mod:`newsframe.repetition`).

    A heading followed by prose is kept however often it recurs: an outlet's articles that all
    end with "Conclusion" or "FAQs" still need the heading to mark their sections.
    """
    if not repeated.hashes:
        return
    for index, line in enumerate(lines):
        if line.reason or not repeated.is_repeated(group, line.text):
            continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if is_heading(line.text) and is_prose(following) and not repeated.is_repeated(group, following):
            continue
        line.reason = "repeated across the corpus"


def _keep_some_prose(lines: list[_Line]) -> None:
    """Undo the repetition rule on prose lines when it would leave the article with no prose at all.

    A story run several times in one outlet (near copies a wire service sends) repeats its own
    paragraphs; they are the article, not the site's furniture.
    """
    prose = [line for line in lines if is_prose(line.text)]
    if prose and all(line.reason for line in prose):
        for line in prose:
            if line.reason == "repeated across the corpus":
                line.reason = ""


def _mark_page_furniture(lines: list[_Line]) -> None:
    """On whole-page text, the lines outside the article (see :mod:`newsframe.page_text`)."""
    texts = [line.text for line in lines]
    if not looks_like_page(texts):
        return
    for line, reason in zip(lines, furniture_lines(texts)):
        line.reason = line.reason or reason


def _mark_title_and_byline(lines: list[_Line], found: _Found, known_title: str, *, guess: bool = True) -> None:
    """The first line as headline (and byline); with ``guess`` False only when it repeats ``known_title``."""
    if not lines:
        return
    first = lines[0]
    byline = _BYLINE.fullmatch(first.text)
    headline = first.text
    if guess and byline and len(first.text.split()) <= 20:
        found.title, found.author = byline.group("title").strip(), byline.group("author")
        first.reason = "headline and byline"
    elif known_title and _fold(first.text) == _fold(known_title):
        found.title, first.reason = first.text, "headline"
    elif guess and is_heading(first.text) and len(lines) > 1 and not is_heading(lines[1].text):
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


def clean_text(
    raw_text: str,
    *,
    title: str = "",
    dated: bool = False,
    repeated: RepeatedLines = NO_REPEATS,
    group: str = "",
    today: pd.Timestamp | None = None,
) -> tuple[str, list[list], list[list], _Found]:
    """Clean one article's text; see :func:`clean_articles` for what comes back.

    ``dated``: the metadata already has a date, so none is read from the page.  ``repeated``
    and ``group`` are the corpus's recurring lines and this article's group
    (:mod:`newsframe.repetition`); ``today`` bounds the dates read from the text.
    """
    found = _Found()
    today = pd.Timestamp.now().normalize() if today is None else today
    extracted = looks_like_html(raw_text)
    if extracted:
        page = extract_page(raw_text)
        raw_text = page.text
        found.title, found.author = page.title, page.author
        title = title or page.title
        if not dated and page.published is not None and not implausible(page.published.normalize(), today):
            found.published, found.published_source = page.published.normalize(), "html-metadata"
        if page.method != "trafilatura":
            found.log.append((0, "", "html: trafilatura found no article body, tags stripped instead"))
    repaired, changed = repair_text(raw_text)
    found.encoding_repairs = len(changed)
    found.log.extend((number, original.strip(), "encoding repaired") for number, original in changed)
    lines = []
    raw_lines = repaired.split("\n")
    for number, raw_line in enumerate(raw_lines, start=1):
        text = _normalise(raw_line)
        if not text:
            continue
        if text != raw_line.strip():
            found.log.append((number, raw_line.strip(), "normalised"))
        lines.append(_Line(number, text))
    if not dated and found.published is None:
        from_text, refused = date_from_text(raw_lines, today=today)
        found.log.extend(refused)
        if from_text is not None:
            found.published, found.published_source = from_text.published, from_text.source
    _mark_repeated(lines, repeated, group)
    if extracted:
        # trafilatura has chosen the article's lines and knows its title: guessing a headline
        # or tag lines, or scoring the lines as a whole page, would only take body away.
        _mark_title_and_byline(lines, found, title, guess=False)
        _mark_furniture(lines)
    else:
        _mark_title_and_byline(lines, found, title)
        _mark_furniture(lines)
        _mark_tag_lines(lines)
        _mark_footer(lines)
        _mark_page_furniture(lines)
    _keep_some_prose(lines)
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
    found.replacement_chars = text.count(REPLACEMENT)
    return text, blocks, faq_spans, found


def clean_articles(
    articles: pd.DataFrame,
    *,
    repeated: RepeatedLines | None = None,
    today: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Remove page furniture from every article; return ``(articles + clean_text, log)``.

    Adds ``clean_text``, ``blocks``, ``faq_spans``, ``encoding_repairs`` and
    ``replacement_chars`` (see the module docstring) and fills ``title``, ``author``,
    ``published`` and ``published_source`` from the page where they were empty.  ``repeated``
    is the corpus's recurring lines (:func:`newsframe.repetition.count_repeated_lines`); when
    None they are counted over ``articles`` itself, so a whole corpus loaded with
    :func:`~newsframe.corpus.load_corpus` gets the same treatment as in
    :func:`~newsframe.pipeline.analyze`.  ``today`` (default: the current date) is the latest
    publication date taken from a page.  The log has one row per removed or changed line
    (``doc_id, line_no, text, reason``) so a reader can audit exactly what was taken out of
    each article and why.
    """
    cleaned = articles.copy()
    if repeated is None:
        repeated = count_repeated_lines([cleaned])
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today)
    n = len(cleaned)
    texts, blocks, faqs, log_rows = [], [], [], []
    titles, authors, dates = list(cleaned["title"]), list(cleaned["author"]), list(cleaned["published"])
    sources = list(cleaned["published_source"]) if "published_source" in cleaned else ["" for _ in range(n)]
    outlets, paths = optional_column(cleaned, "outlet", ""), optional_column(cleaned, "source_path", "")
    repairs, replacements = [], []
    for row, (doc_id, raw, title, outlet, path) in enumerate(
        zip(cleaned["doc_id"], cleaned["raw_text"], cleaned["title"], outlets, paths)
    ):
        known = not pd.isna(dates[row])
        text, article_blocks, faq_spans, found = clean_text(
            raw,
            title=title or "",
            dated=known,
            repeated=repeated,
            group=article_group(outlet or "", path),
            today=today,
        )
        texts.append(text)
        blocks.append(article_blocks)
        faqs.append(faq_spans)
        repairs.append(found.encoding_repairs)
        replacements.append(found.replacement_chars)
        log_rows.extend((doc_id, number, line, reason) for number, line, reason in found.log)
        titles[row] = titles[row] or found.title
        authors[row] = authors[row] or found.author
        if not known and found.published is not None:
            dates[row], sources[row] = found.published, found.published_source
    cleaned["title"], cleaned["author"] = titles, authors
    cleaned["published"] = to_timestamps(dates, what="publication dates", index=cleaned.index)
    cleaned["published_source"] = sources
    if "published_precision" in cleaned:
        cleaned["published_precision"] = [
            precision or ("day" if source.startswith(("text:", "html-")) else "")
            for precision, source in zip(cleaned["published_precision"], sources)
        ]
    cleaned["clean_text"], cleaned["blocks"], cleaned["faq_spans"] = texts, blocks, faqs
    cleaned["encoding_repairs"], cleaned["replacement_chars"] = repairs, replacements
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    return cleaned, log
