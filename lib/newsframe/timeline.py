"""The timeline: one row per dated mention, with its calendar interval, tense, clause and label.

Tables
------
timeline (:func:`build_timeline`), one row per dated mention (a DATE or TIME timex; durations
and sets are not dates):

``doc_id, sent_id``
    the article and the sentence (see :mod:`newsframe.segment`) the timex falls in.
``start, end``
    character offsets of the timex in the article's ``clean_text``.
``timex, value, mod``
    the expression as written, its TIMEX3 value and modifier (see :mod:`newsframe.timex`).
``date_start, date_end, granularity``
    the calendar interval the value covers, both ends inclusive (:func:`newsframe.timex.timex_value_interval`);
    ``NaT`` and ``"unresolved"`` for values that name no calendar interval, ``NaT`` and
    ``"out_of_window"`` for history and far targets ("the 16th century", "in 1650", "2300"),
    whose intervals lie outside the window of plausible years (:mod:`newsframe.dates`).
``is_future``
    the mention is a plan, target or forecast rather than a report of the past
    (:func:`newsframe.timex.judge_future`).
``event``
    the clause around the timex, trimmed (:func:`event_clause`); ``label`` is that clause
    without the timex, for figure labels.
``actors, frames``
    lists: actor names mentioned in the sentence, frames tagged on the sentence.

Events merged across articles are :mod:`newsframe.events`; the timeline figure is
:func:`newsframe.plots.timeline_figure`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from newsframe.dates import PLAUSIBLE_YEARS, to_timestamps
from newsframe.segment import exclude_sentences
from newsframe.spans import SpanIndex
from newsframe.timex import UNRESOLVED, extract_corpus_timexes, judge_future, timex_intervals, timex_value_interval

TIMELINE_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "timex",
    "value",
    "mod",
    "date_start",
    "date_end",
    "granularity",
    "is_future",
    "event",
    "label",
    "actors",
    "frames",
]
DATED_TYPES = ("DATE", "TIME")

# A word of a clause or label (letters, inner apostrophes and hyphens); also what event keywords are made of.
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:()\[\]]|\s[—–]\s|—|–(?=\s)|\s-\s)\s*")
_COMMA = re.compile(r",\s*")
_DANGLING = re.compile(
    r"(?:^|\s)(?:in|on|at|by|of|since|from|during|for|the|year|until|before|after)\s*$", re.IGNORECASE
)
_EDGE_JUNK = re.compile(r"^[\s,;:.()\"'“”‘’—–-]+|[\s,;:()\"'“”‘’—–-]+$")
_PARTICIPLE = re.compile(
    r"(?!(?:during|including|following|according|regarding|concerning|notwithstanding)\b)[a-z]+ing\b"
)
_COMPLEMENTISER = re.compile(
    r"\bthat\s+(?:(?:by|in|on|until|before|after|since|from|during|at)\s+)?(?:the\s+)?$", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"^['’]s\b")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:?!])")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=100_000)
def event_clause(sentence: str, start: int, end: int, *, min_words: int = 4, max_chars: int = 180) -> str:
    """The clause of ``sentence`` around the timex at ``[start, end)``, trimmed.

    The sentence is cut at semicolons, colons, brackets and dashes (a bracketed "(June 2022)"
    borrows the text before it), then at commas outside the timex.  The comma piece holding
    the timex is the clause when it has ``min_words`` words besides the timex.  A shorter one
    is an adverbial: at the start of the sentence ("On May 16, 2024, …", "In 2023, …") it
    takes the pieces that follow; later in the sentence it is joined to the sentence's head
    piece ("President Biden announced a sharp tariff increase … on May 14, 2024").  A piece
    opening with a participle ("setting an ambitious target of … by the year 2030") takes the
    piece before it, which says who does what.  Longer than ``max_chars``, the clause is cut at
    a word boundary, keeping the timex.  Memoised per process by the exact arguments (a pure
    function of them), since wire copy repeats sentences.
    """
    segments = _split_keeping_span(sentence, start, end, _CLAUSE_BREAK)
    home = _home(segments, start)
    lo = hi = home
    while _other_words(sentence, segments[lo][0], segments[hi][1], start, end) < min_words and (
        lo > 0 or hi < len(segments) - 1
    ):
        lo, hi = (lo - 1, hi) if lo > 0 else (lo, hi + 1)
    first, last = segments[lo][0], segments[hi][1]
    pieces = _split_keeping_span(sentence[:last], start, end, _COMMA, offset=first)
    home = _home(pieces, start)
    text_of = lambda i: sentence[pieces[i][0] : pieces[i][1]]
    short = _other_words(sentence, *pieces[home], start, end) < min_words
    if short and home > 0 and _other_words(sentence, *pieces[0], start, end) >= min_words - 1:
        clause = text_of(0) + (", " if home == 1 else " … ") + text_of(home)
    elif short or (_COMPLEMENTISER.search(sentence, pieces[home][0], start) and home < len(pieces) - 1):
        hi = home
        while hi < len(pieces) - 1 and (
            hi == home or _other_words(sentence, pieces[0][0], pieces[hi][1], start, end) < min_words
        ):
            hi += 1
        clause = sentence[pieces[0 if short else home][0] : pieces[hi][1]]
    elif home > 0 and _PARTICIPLE.match(text_of(home)):
        clause = text_of(home - 1) + ", " + text_of(home)
    else:
        clause = text_of(home)
    clause = _EDGE_JUNK.sub("", clause)
    if clause.count("(") > clause.count(")"):
        clause += ")"
    return _trim(clause, sentence[start:end], max_chars)


def _split_keeping_span(text: str, start: int, end: int, pattern: re.Pattern, offset: int = 0) -> list[tuple[int, int]]:
    """Pieces ``(a, b)`` of ``text[offset:]`` cut at ``pattern`` matches that do not fall inside ``[start, end)``."""
    pieces, cursor = [], offset
    for match in pattern.finditer(text, offset):
        if start <= match.start() < end or match.start() == cursor:
            continue
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, len(text)))
    return [(a, b) for a, b in pieces if b > a] or [(offset, len(text))]


def _home(pieces: list[tuple[int, int]], start: int) -> int:
    return next((i for i, (a, b) in enumerate(pieces) if a <= start < b), len(pieces) - 1)


def _other_words(text: str, a: int, b: int, start: int, end: int) -> int:
    """Words in ``text[a:b]`` outside the timex ``[start, end)``."""
    return len(WORD.findall(text[a : max(a, min(start, b))])) + len(WORD.findall(text[max(a, min(end, b)) : b]))


def _trim(clause: str, timex: str, max_chars: int) -> str:
    if len(clause) <= max_chars:
        return clause
    at = clause.find(timex)
    keep_to = max(max_chars, at + len(timex)) if at >= 0 else max_chars
    cut = clause.rfind(" ", 0, keep_to + 1)
    head = clause[: cut if cut > (at + len(timex) if at >= 0 else 0) else keep_to]
    return _EDGE_JUNK.sub("", head) + " …"


@lru_cache(maxsize=100_000)
def event_label(clause: str, timex: str) -> str:
    """The clause without the timex, the preposition it leaves dangling, and end punctuation (for figure labels)."""
    before, _, after = clause.partition(timex)
    before = _DANGLING.sub("", before.rstrip(" ,"))
    after = _POSSESSIVE.sub("", after).lstrip(" ,")
    joined = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACE.sub(" ", f"{before} {after}"))
    return _EDGE_JUNK.sub("", joined).rstrip(" .?!")


# --- the timeline table --------------------------------------------------------------------------------


def build_timeline(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    actors: pd.DataFrame | None = None,
    timexes: pd.DataFrame | None = None,
    include_faq: bool = False,
    years: tuple[int, int] = PLAUSIBLE_YEARS,
) -> pd.DataFrame:
    """One row per dated mention (DATE/TIME timex) in the articles; columns :data:`TIMELINE_COLUMNS`.

    Timexes come from :func:`newsframe.timex.extract_timexes` on each article's ``clean_text``,
    anchored on its ``published`` date (None when unknown, so relative expressions stay
    unresolved); pass ``timexes`` (doc_id + the extractor's columns) to reuse a computed table.
    Each timex is placed in the sentence whose offsets contain it; timexes outside every
    sentence (headings, datelines) and bare dates with no words around them are not events and
    are left out.

    ``actors`` is a table with doc_id, start, name (e.g. from :func:`newsframe.actors.find_actors`
    per article); the names inside each sentence fill the ``actors`` list.  ``frames`` copies the
    sentence's ``frames`` list when ``sentences`` has one (run :func:`newsframe.frames.tag_frames`
    first); otherwise both lists are empty.  Sentences in FAQ sections (``is_faq``), which
    repeat the body, are left out unless ``include_faq``.  Intervals outside ``years``, the window
    of plausible years, stay off the calendar (:func:`newsframe.timex.timex_value_interval`).
    """
    _require(articles, ("doc_id", "clean_text", "published"), "articles", "run newsframe.clean.clean_articles first")
    _require(
        sentences,
        ("doc_id", "sent_id", "start", "end", "text"),
        "sentences",
        "run newsframe.segment.split_sentences first",
    )
    if timexes is None:
        timexes = extract_corpus_timexes(articles)
    dated = timexes[timexes["type"].isin(DATED_TYPES)]
    anchors = dict(zip(articles["doc_id"], articles["published"]))
    actor_spans = _actor_spans(actors)
    has_frames = "frames" in sentences.columns
    if not include_faq:
        sentences = exclude_sentences(sentences, exclude_sections=())
    dated_by_doc: dict[str, list[tuple]] = {}
    for timex in zip(dated["doc_id"], dated["start"], dated["end"], dated["text"], dated["value"], dated["mod"]):
        dated_by_doc.setdefault(timex[0], []).append(timex[1:])
    ordered = sentences.sort_values(["doc_id", "start"])
    doc_ids = ordered["doc_id"].to_numpy()
    starts, ends, texts = ordered["start"].to_numpy(), ordered["end"].to_numpy(), ordered["text"].to_numpy()
    sent_ids = ordered["sent_id"].to_numpy()
    frames = ordered["frames"].to_numpy() if has_frames else None
    rows = []
    for doc_id, first, last in _runs(doc_ids):
        doc_timexes = dated_by_doc.get(doc_id)
        if not doc_timexes:
            continue
        index = (
            np.searchsorted(starts[first:last], np.array([timex[0] for timex in doc_timexes]), side="right") - 1 + first
        )
        anchor = anchors.get(doc_id, pd.NaT)
        spans = actor_spans.get(doc_id)
        for position, (start, end, timex_text, value, mod) in zip(index, doc_timexes):
            if position < first:
                continue
            sentence_start, sentence_end, text = starts[position], ends[position], texts[position]
            if start >= sentence_end:
                continue
            local_start, local_end = start - sentence_start, min(end, sentence_end) - sentence_start
            clause = event_clause(text, local_start, local_end)
            label = event_label(clause, timex_text)
            if not WORD.search(label):
                continue
            first_day, last_day, granularity = timex_value_interval(value, mod, years=years)
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": int(sent_ids[position]),
                    "start": int(start),
                    "end": int(end),
                    "timex": timex_text,
                    "value": value,
                    "mod": mod,
                    "date_start": first_day,
                    "date_end": last_day,
                    "granularity": granularity,
                    "is_future": judge_future(clause, text[:local_start], value, first_day, last_day, anchor),
                    "event": clause,
                    "label": label,
                    "actors": _names_within(spans, sentence_start, sentence_end),
                    "frames": as_list(frames[position]) if has_frames else [],
                }
            )
    timeline = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    for column in ("date_start", "date_end"):
        timeline[column] = to_timestamps(timeline[column], what="TIMEX dates")
    timeline["is_future"] = timeline["is_future"].astype(bool)
    return timeline.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _runs(values: np.ndarray) -> list[tuple[object, int, int]]:
    """``(value, first, last)`` for each run of equal, non-missing values in ``values`` (sorted input: one run per value)."""
    runs = []
    first = 0
    for position in range(1, len(values) + 1):
        if position == len(values) or values[position] != values[first]:
            if not pd.isna(values[first]):
                runs.append((values[first], first, position))
            first = position
    return runs


def _require(table: pd.DataFrame, columns: Iterable[str], name: str, fix: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"newsframe.timeline: the {name} table lacks column(s) {', '.join(missing)}; {fix}")


def _actor_spans(actors: pd.DataFrame | None) -> dict[str, tuple[SpanIndex, list[str]]]:
    """Per article, its actor mentions' offsets as a :class:`~newsframe.spans.SpanIndex` and their names, in (offset, name) order."""
    if actors is None or actors.empty:
        return {}
    _require(
        actors,
        ("doc_id", "start", "name"),
        "actors",
        "pass the output of newsframe.actors.find_actors with a doc_id column",
    )
    by_doc: dict[str, list[tuple[int, str]]] = {}
    for doc_id, start, name in sorted(zip(actors["doc_id"], actors["start"], actors["name"])):
        by_doc.setdefault(doc_id, []).append((int(start), str(name)))
    return {
        doc_id: (SpanIndex([p for p, _ in spans], [p + 1 for p, _ in spans]), [name for _, name in spans])
        for doc_id, spans in by_doc.items()
    }


def as_list(value: object) -> list[str]:
    """A list cell (list, tuple or NumPy array after a Parquet round trip) as a list, order kept; [] for missing."""
    if value is None or isinstance(value, (str, float)):
        return []
    return [str(item) for item in value]


def _names_within(spans: tuple[SpanIndex, list[str]] | None, start: int, end: int) -> list[str]:
    """The distinct names of the actor mentions at offsets in ``[start, end)``, in order of offset.

    Looked up in the article's index rather than by a scan of all its mentions, so a long
    article's timeline costs linear time, not its timexes times its mentions.
    """
    if spans is None:
        return []
    index, names = spans
    return list(dict.fromkeys(names[i] for i in index.overlapping(start, end)))


def unresolved_summary(articles: pd.DataFrame, timexes: pd.DataFrame) -> pd.DataFrame:
    """One row per article: whether its publication date is known and how many dated timexes stayed unresolved.

    Columns doc_id, published, n_dated (DATE/TIME timexes), n_resolved, n_unresolved,
    unresolved_examples (up to five expressions as written, ``;``-joined).  Relative
    expressions ("last week", "on Tuesday", "now") can only be placed on a calendar from the
    publication date, so an undated article's relative mentions are missing from the timeline.
    """
    dated = timexes[timexes["type"].isin(DATED_TYPES)].copy()
    dated["granularity"] = timex_intervals(dated["value"], dated["mod"])["granularity"].to_numpy()
    # One pass over the timexes (grouped by article) instead of one filter of the whole table per article.
    n_dated = dated.groupby("doc_id", sort=False).size().to_dict()
    unresolved = dated[dated["granularity"] == UNRESOLVED]
    examples: dict[str, list[str]] = {}
    for doc_id, text in zip(unresolved["doc_id"], unresolved["text"]):
        examples.setdefault(doc_id, []).append(text)
    rows = []
    for doc_id, published in zip(articles["doc_id"], articles["published"]):
        texts = examples.get(doc_id, [])
        rows.append(
            {
                "doc_id": doc_id,
                "published": published,
                "n_dated": n_dated.get(doc_id, 0),
                "n_resolved": n_dated.get(doc_id, 0) - len(texts),
                "n_unresolved": len(texts),
                "unresolved_examples": "; ".join(list(dict.fromkeys(texts))[:5]),
            }
        )
    return pd.DataFrame(
        rows, columns=["doc_id", "published", "n_dated", "n_resolved", "n_unresolved", "unresolved_examples"]
    )
