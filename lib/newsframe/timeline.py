"""A timeline of dated mentions: calendar intervals, past versus future, events merged across articles.

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

events (:func:`merge_events`), one row per event: mentions of the same event in one or more
articles, grouped when their dates overlap at year-or-finer granularity and their wording is
similar (:func:`event_similarity`).

Data files
----------
``data/event_synonyms.csv`` (word, canonical, note)
    wording variants folded before comparing two event clauses ("dissolution" and "collapse"
    of the Soviet Union are one event).
"""
from __future__ import annotations

import bisect
import csv
import hashlib
import heapq
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from newsframe.dates import PLAUSIBLE_YEARS, to_timestamps
from newsframe.paths import DATA_DIR
from newsframe.stopwords import ENGLISH_STOP_WORDS
from newsframe.timex import (
    GRANULARITIES, UNRESOLVED, extract_corpus_timexes, judge_future, timex_intervals, timex_value_interval,
)

TIMELINE_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "timex", "value", "mod", "date_start", "date_end",
    "granularity", "is_future", "event", "label", "actors", "frames",
]
EVENT_COLUMNS = [
    "event_id", "date_start", "date_end", "granularity", "values", "date_agreement", "label", "event",
    "is_future", "n_sources", "doc_ids", "n_mentions", "mentions", "actors", "frames",
]
DATED_TYPES = ("DATE", "TIME")
MERGEABLE = frozenset(GRANULARITIES[: GRANULARITIES.index("year") + 1])
# Events with more distinct labels than this sum their label similarities with sparse products (see _label_scores).
EXACT_SCORE_LABELS = 200

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:()\[\]]|\s[—–]\s|—|–(?=\s)|\s-\s)\s*")
_COMMA = re.compile(r",\s*")
_DANGLING = re.compile(r"(?:^|\s)(?:in|on|at|by|of|since|from|during|for|the|year|until|before|after)\s*$", re.IGNORECASE)
_EDGE_JUNK = re.compile(r"^[\s,;:.()\"'“”‘’—–-]+|[\s,;:()\"'“”‘’—–-]+$")
_PARTICIPLE = re.compile(r"(?!(?:during|including|following|according|regarding|concerning|notwithstanding)\b)[a-z]+ing\b")
_COMPLEMENTISER = re.compile(r"\bthat\s+(?:(?:by|in|on|until|before|after|since|from|during|at)\s+)?(?:the\s+)?$", re.IGNORECASE)
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
    while _other_words(sentence, segments[lo][0], segments[hi][1], start, end) < min_words and (lo > 0 or hi < len(segments) - 1):
        lo, hi = (lo - 1, hi) if lo > 0 else (lo, hi + 1)
    first, last = segments[lo][0], segments[hi][1]
    pieces = _split_keeping_span(sentence[:last], start, end, _COMMA, offset=first)
    home = _home(pieces, start)
    text_of = lambda i: sentence[pieces[i][0]:pieces[i][1]]  # noqa: E731
    short = _other_words(sentence, *pieces[home], start, end) < min_words
    if short and home > 0 and _other_words(sentence, *pieces[0], start, end) >= min_words - 1:
        clause = text_of(0) + (", " if home == 1 else " … ") + text_of(home)
    elif short or (_COMPLEMENTISER.search(sentence, pieces[home][0], start) and home < len(pieces) - 1):
        hi = home
        while hi < len(pieces) - 1 and (hi == home or _other_words(sentence, pieces[0][0], pieces[hi][1], start, end) < min_words):
            hi += 1
        clause = sentence[pieces[0 if short else home][0]:pieces[hi][1]]
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
    return len(_WORD.findall(text[a:max(a, min(start, b))])) + len(_WORD.findall(text[max(a, min(end, b)):b]))


def _trim(clause: str, timex: str, max_chars: int) -> str:
    if len(clause) <= max_chars:
        return clause
    at = clause.find(timex)
    keep_to = max(max_chars, at + len(timex)) if at >= 0 else max_chars
    cut = clause.rfind(" ", 0, keep_to + 1)
    head = clause[:cut if cut > (at + len(timex) if at >= 0 else 0) else keep_to]
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
    _require(sentences, ("doc_id", "sent_id", "start", "end", "text"), "sentences", "run newsframe.segment.split_sentences first")
    if timexes is None:
        timexes = extract_corpus_timexes(articles)
    dated = timexes[timexes["type"].isin(DATED_TYPES)]
    anchors = dict(zip(articles["doc_id"], articles["published"]))
    actor_spans = _actor_spans(actors)
    has_frames = "frames" in sentences.columns
    if not include_faq and "is_faq" in sentences.columns:
        sentences = sentences[~sentences["is_faq"].astype(bool)]
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
        index = np.searchsorted(starts[first:last], np.array([timex[0] for timex in doc_timexes]), side="right") - 1 + first
        anchor = anchors.get(doc_id, pd.NaT)
        spans = actor_spans.get(doc_id, [])
        for position, (start, end, timex_text, value, mod) in zip(index, doc_timexes):
            if position < first:
                continue
            sentence_start, sentence_end, text = starts[position], ends[position], texts[position]
            if start >= sentence_end:
                continue
            local_start, local_end = start - sentence_start, min(end, sentence_end) - sentence_start
            clause = event_clause(text, local_start, local_end)
            label = event_label(clause, timex_text)
            if not _WORD.search(label):
                continue
            first_day, last_day, granularity = timex_value_interval(value, mod, years=years)
            rows.append({
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
                "frames": _as_list(frames[position]) if has_frames else [],
            })
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


def _actor_spans(actors: pd.DataFrame | None) -> dict[str, list[tuple[int, str]]]:
    if actors is None or actors.empty:
        return {}
    _require(actors, ("doc_id", "start", "name"), "actors", "pass the output of newsframe.actors.find_actors with a doc_id column")
    spans: dict[str, list[tuple[int, str]]] = {}
    for doc_id, start, name in sorted(zip(actors["doc_id"], actors["start"], actors["name"])):
        spans.setdefault(doc_id, []).append((int(start), str(name)))
    return spans


def _as_list(value: object) -> list[str]:
    """A list cell (list, tuple or NumPy array after a Parquet round trip) as a list, order kept; [] for missing."""
    if value is None or isinstance(value, (str, float)):
        return []
    return [str(item) for item in value]


def _names_within(spans: list[tuple[int, str]], start: int, end: int) -> list[str]:
    names: list[str] = []
    for position, name in spans:
        if start <= position < end and name not in names:
            names.append(name)
    return names


def unresolved_summary(articles: pd.DataFrame, timexes: pd.DataFrame) -> pd.DataFrame:
    """One row per article: whether its publication date is known and how many dated timexes stayed unresolved.

    Columns doc_id, published, n_dated (DATE/TIME timexes), n_resolved, n_unresolved,
    unresolved_examples (up to five expressions as written, ``;``-joined).  Relative
    expressions ("last week", "on Tuesday", "now") can only be placed on a calendar from the
    publication date, so an undated article's relative mentions are missing from the timeline.
    """
    dated = timexes[timexes["type"].isin(DATED_TYPES)].copy()
    dated["granularity"] = timex_intervals(dated["value"], dated["mod"])["granularity"].to_numpy()
    rows = []
    for doc_id, published in zip(articles["doc_id"], articles["published"]):
        own = dated[dated["doc_id"] == doc_id]
        unresolved = own[own["granularity"] == UNRESOLVED]
        rows.append({
            "doc_id": doc_id,
            "published": published,
            "n_dated": len(own),
            "n_resolved": len(own) - len(unresolved),
            "n_unresolved": len(unresolved),
            "unresolved_examples": "; ".join(list(dict.fromkeys(unresolved["text"]))[:5]),
        })
    return pd.DataFrame(rows, columns=["doc_id", "published", "n_dated", "n_resolved", "n_unresolved", "unresolved_examples"])


# --- merging events across articles ---------------------------------------------------------------------

@cache
def _synonyms() -> dict[str, str]:
    with (DATA_DIR / "event_synonyms.csv").open(encoding="utf-8", newline="") as handle:
        return {row["word"].lower(): row["canonical"].lower() for row in csv.DictReader(handle)}


@lru_cache(maxsize=100_000)
def event_keywords(label: str) -> frozenset[str]:
    """Content words of an event label: lower-cased, possessives and plurals stripped, synonyms folded, stop words dropped.

    Memoised per process by the exact label (a pure function of it; the result is immutable).
    """
    synonyms = _synonyms()
    words = set()
    for word in _WORD.findall(label.lower().replace("’", "'")):
        word = word.removesuffix("'s").strip("'-")
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        word = synonyms.get(word, word)
        if len(word) > 1 and word not in ENGLISH_STOP_WORDS:
            words.add(word)
    return frozenset(words)


def event_similarity(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """IDF-weighted Jaccard similarity of two keyword sets (0 when either is empty)."""
    union = a | b
    if not union:
        return 0.0
    total = sum(weights.get(w, 1.0) for w in union)
    return sum(weights.get(w, 1.0) for w in a & b) / total


def keyword_weights(keyword_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each keyword over the mentions: words every mention shares weigh least."""
    sets = list(keyword_sets)
    counts: dict[str, int] = {}
    for keywords in sets:
        for word in keywords:
            counts[word] = counts.get(word, 0) + 1
    n = len(sets)
    return {word: math.log((1 + n) / (1 + count)) + 1.0 for word, count in counts.items()}


def assign_events(timeline: pd.DataFrame, *, threshold: float = 0.25) -> pd.DataFrame:
    """The timeline + ``event_id``: mentions of one event share an id.

    Two mentions are the same event when both intervals are at year-or-finer granularity and
    overlap, and either they are in the same sentence ("on July 11, 2023 (during the 2023 NATO
    summit …)"), or both name the same day and their sentences name a common person (column
    ``actors``, when present: :func:`_join_same_day_same_actor`), or the IDF-weighted Jaccard
    similarity of their labels' keywords (:func:`event_keywords`) is at least ``threshold``;
    events are the connected groups of such pairs.  Coarser mentions (decades, centuries) stay events of their own; unresolved mentions
    get no event (empty id).  Ids are "E" + the first 8 hex digits of a SHA-1 over the event's
    sorted member keys ``doc_id:start``, so the same mentions always get the same id.
    ``threshold`` must be positive.  Pairs are not compared one by one but through classes of
    mentions with the same label and dates (:func:`_join_similar_overlapping`), which gives the
    same events with far fewer comparisons: about linear in the mentions when labels repeat,
    growing faster than that when they vary (``benchmarks/RESULTS.md``).
    """
    timeline = timeline.reset_index(drop=True)
    labels = timeline["label"].tolist()
    weights = keyword_weights(event_keywords(label) for label in labels)
    granularities = timeline["granularity"].tolist()
    doc_ids, sent_ids, offsets = timeline["doc_id"].tolist(), timeline["sent_id"].tolist(), timeline["start"].tolist()
    starts, ends = _epoch_nanoseconds(timeline["date_start"]), _epoch_nanoseconds(timeline["date_end"])
    # A mention without both dates overlaps nothing, so it can only be an event of its own.
    mergeable = [i for i, g in enumerate(granularities) if g in MERGEABLE and starts[i] is not None and ends[i] is not None]
    components = _Components(len(timeline))
    _join_similar_overlapping(mergeable, labels, starts, ends, weights, threshold, components)
    if "actors" in timeline.columns:
        _join_same_day_same_actor(mergeable, granularities, starts, ends, timeline["actors"].tolist(), _people(), components)
    by_sentence: dict[tuple, list[int]] = {}
    for i in mergeable:
        by_sentence.setdefault((doc_ids[i], sent_ids[i]), []).append(i)
    for rows in by_sentence.values():
        for x, i in enumerate(rows):
            for j in rows[x + 1:]:
                if starts[i] <= ends[j] and starts[j] <= ends[i]:
                    components.join(i, j)
    members: dict[int, list[int]] = {}
    for i in range(len(timeline)):
        if granularities[i] != UNRESOLVED:
            members.setdefault(components.root(i), []).append(i)
    event_ids = [""] * len(timeline)
    for group in members.values():
        key = "|".join(sorted(f"{doc_ids[i]}:{offsets[i]}" for i in group))
        event_id = "E" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        for i in group:
            event_ids[i] = event_id
    result = timeline.copy()
    result["event_id"] = event_ids
    return result


@cache
def _people() -> frozenset[str]:
    """Names of the actor registry's people (``kind`` person), the actors that identify an event of one day."""
    from newsframe.actors import actor_registry

    registry = actor_registry()
    return frozenset(registry.loc[registry["kind"] == "person", "name"])


def _join_same_day_same_actor(
    rows: list[int], granularities: list[str], starts: list[int], ends: list[int], actors: list[object], people: frozenset[str],
    components: _Components,
) -> None:
    """Join the day-precision mentions of one day whose sentences name a common person (an actor in ``people``).

    Outlets describe one meeting in different words ("Putin arrived in Beijing on May 16", "the
    statement Xi and Putin signed on Thursday", "Xi welcomed Putin on 16 May"), so their labels
    share too few words for :func:`event_similarity`; the day and the people they name are what
    they share.  Only people count: states and organisations ("China", "NATO") are named in
    nearly every sentence of the corpus and would join unrelated events of one day.  Mentions
    of different days, or of one day with no person in common, are not joined by this rule.
    Linear in the mentions: each (day, person) bucket is joined in one pass.
    """
    buckets: dict[tuple[int, int, str], int] = {}
    for i in rows:
        if granularities[i] != "day":
            continue
        for name in _as_list(actors[i]):
            if name not in people:
                continue
            first = buckets.setdefault((starts[i], ends[i], name), i)
            if first != i:
                components.join(first, i)


def _epoch_nanoseconds(dates: pd.Series) -> list[int | None]:
    """Each date as nanoseconds since 1970 (compared and hashed as a plain int, far faster than a NumPy scalar); None when missing."""
    values = to_timestamps(dates, what="event dates").to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(values)
    return [None if gone else nanoseconds for gone, nanoseconds in zip(missing.tolist(), values.astype("int64").tolist())]


class _Components:
    """Disjoint sets of rows (union-find with path halving): which mentions are joined into one event so far."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.root(j)] = self.root(i)


def _join_similar_overlapping(
    rows: list[int], labels: list[str], starts: list[int], ends: list[int], weights: dict[str, float], threshold: float,
    components: _Components,
) -> None:
    """Join the ``rows`` whose intervals overlap and whose labels are similar (≥ ``threshold``).

    The same components as joining every pair ``i < j`` with ``event_similarity(keywords[i],
    keywords[j]) >= threshold``, computed on classes of rows with the same label and
    interval: rows of one class are all connected when the label is similar to itself, and two
    classes are connected when some pair between them, in row order, is.  Similarity is
    evaluated in the same orientation as the pairwise loop (``i`` before ``j``), so its
    floating-point value is the same.  Only classes sharing a keyword of their prefixes
    (:func:`_prefix_keywords`) are compared, only those whose intervals overlap, found by a sweep
    over start dates, and only those not already joined (through other classes), since comparing
    them could not change a component.  Common keywords ("China", "Russia") are rarely in a
    prefix, so the classes that share one are not compared all against all.
    """
    if threshold <= 0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    classes: dict[tuple, list[int]] = {}
    for i in rows:
        classes.setdefault((labels[i], starts[i], ends[i]), []).append(i)
    units: list[list[int]] = []
    for (label, first, last), members in classes.items():
        keywords = event_keywords(label)
        if first <= last and event_similarity(keywords, keywords, weights) >= threshold:
            units.append(members)
            for i in members[1:]:
                components.join(members[0], i)
        else:
            units.extend([i] for i in members)
    by_keyword = _prefix_buckets([event_keywords(labels[members[0]]) for members in units], weights, threshold)
    unit_starts = [starts[members[0]] for members in units]
    unit_ends = [ends[members[0]] for members in units]
    similar_labels: dict[tuple[str, str], bool] = {}

    def similar(i: int, j: int) -> bool:
        """Whether row ``i``'s label is similar to row ``j``'s, ``i``'s first (memoised per pair of labels)."""
        key = (labels[i], labels[j])
        found = similar_labels.get(key)
        if found is None:
            found = similar_labels[key] = event_similarity(event_keywords(key[0]), event_keywords(key[1]), weights) >= threshold
        return found

    for candidates in by_keyword.values():
        candidates.sort(key=lambda unit: (unit_starts[unit], unit))
        _sweep_bucket(candidates, units, unit_starts, unit_ends, components, lambda u, v: _units_connect(u, v, starts, ends, similar))


def _sweep_bucket(
    candidates: list[int], units: list[list[int]], unit_starts: list[int], unit_ends: list[int], components: _Components,
    connect: Callable[[list[int], list[int]], bool],
) -> None:
    """Join the classes of one keyword's bucket (``candidates``, sorted by start) that overlap and ``connect``.

    A sweep over start dates keeps the classes still open (ending on or after the current
    start), grouped by component: a new class is compared with the open classes of every
    other component until one connects, never with those of its own, so a large event costs
    one look per class rather than one per pair.  Pairs are compared in class order (``u``
    before ``v``), as the pairwise definition does.
    """
    open_by_root: dict[int, dict[int, None]] = {}
    closing: list[tuple[int, int]] = []
    for b in candidates:
        start_b, row_b = unit_starts[b], units[b][0]
        while closing and closing[0][0] < start_b:
            unit = heapq.heappop(closing)[1]
            root = components.root(units[unit][0])
            del open_by_root[root][unit]
            if not open_by_root[root]:
                del open_by_root[root]
        for root in list(open_by_root):
            root_b = components.root(row_b)
            if root == root_b or root not in open_by_root:
                continue
            for a in open_by_root[root]:
                u, v = (units[a], units[b]) if a < b else (units[b], units[a])
                if connect(u, v):
                    components.join(u[0], v[0])
                    merged = [open_by_root.pop(old) for old in (root, root_b) if old in open_by_root]
                    merged.sort(key=len, reverse=True)
                    for smaller in merged[1:]:
                        merged[0].update(smaller)
                    open_by_root[components.root(row_b)] = merged[0]
                    break
        open_by_root.setdefault(components.root(row_b), {})[b] = None
        heapq.heappush(closing, (unit_ends[b], b))


def _prefix_buckets(keyword_sets: list[frozenset[str]], weights: dict[str, float], threshold: float) -> dict[str, list[int]]:
    """For each keyword, the positions (ascending) of the sets that hold it in their prefix (:func:`_prefix_keywords`).

    Two sets similar by ``threshold`` share at least one bucket, so only sets that share one
    need comparing.
    """
    buckets: dict[str, list[int]] = {}
    for position, keywords in enumerate(keyword_sets):
        for word in _prefix_keywords(keywords, weights, threshold):
            buckets.setdefault(word, []).append(position)
    return buckets


def _prefix_keywords(keywords: frozenset[str], weights: dict[str, float], threshold: float) -> list[str]:
    """The rarest keywords of a label, enough that two labels similar by ``threshold`` share one (prefix filtering).

    Keywords are ordered rarest first (highest weight, then alphabetically: one order for every
    label), and the prefix is the shortest run whose remainder weighs less than ``threshold``
    times the whole set.  If labels ``a`` and ``b`` reach ``threshold``, their shared keywords
    weigh at least ``threshold`` times ``a``'s (the union weighs at least as much as ``a``), so
    they cannot all lie in ``a``'s remainder: the first of them in that order is in ``a``'s
    prefix, and likewise in ``b``'s (Bayardo, Ma and Srikant, "Scaling up all pairs similarity
    search", WWW 2007).  The threshold is lowered by a relative 1e-9 so that rounding can only
    lengthen a prefix; weights are positive (:func:`keyword_weights`).
    """
    ordered = sorted(keywords, key=lambda word: (-weights.get(word, 1.0), word))
    total = math.fsum(weights.get(word, 1.0) for word in ordered)
    remainder, prefix = total, []
    for word in ordered:
        prefix.append(word)
        remainder -= weights.get(word, 1.0)
        if remainder < threshold * (1 - 1e-9) * total:
            break
    return prefix


def _units_connect(u: list[int], v: list[int], starts: list[int], ends: list[int], similar: Callable[[int, int], bool]) -> bool:
    """Whether some row of ``u`` and some row of ``v`` overlap and are similar, comparing the earlier row's label first."""
    i, j = u[0], v[0]
    if not (starts[i] <= ends[j] and starts[j] <= ends[i]):
        return False
    return (u[0] < v[-1] and similar(i, j)) or (v[0] < u[-1] and similar(j, i))


def merge_events(timeline: pd.DataFrame, *, threshold: float = 0.25) -> pd.DataFrame:
    """One row per event (columns :data:`EVENT_COLUMNS`), ordered by date.

    ``date_start``/``date_end`` are those of the most precise mention (finest granularity,
    then earliest); ``values`` lists the distinct TIMEX3 values and ``date_agreement`` says
    whether the sources give the ``same`` value or ``compatible`` (overlapping) ones of
    different precision.  ``label`` and ``event`` are the representative mention's: the one
    whose keywords are most similar to the others', ties to the shortest label.  ``is_future``
    is the majority over mentions (ties count as future).  ``doc_ids``, ``mentions``
    ("doc_id:sent_id"), ``actors`` and ``frames`` are sorted lists over all mentions.
    """
    assigned = assign_events(timeline, threshold=threshold)
    assigned = assigned[assigned["event_id"] != ""]
    if assigned.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    columns = {name: assigned[name].tolist() for name in (
        "event_id", "doc_id", "sent_id", "start", "value", "granularity", "label", "event", "is_future", "actors", "frames")}
    date_starts, date_ends = assigned["date_start"].tolist(), assigned["date_end"].tolist()
    weights = keyword_weights(event_keywords(label) for label in columns["label"])
    rank = {g: i for i, g in enumerate(GRANULARITIES)}
    groups: dict[str, list[int]] = {}
    for position, event_id in enumerate(columns["event_id"]):
        groups.setdefault(event_id, []).append(position)
    rows = []
    for event_id, group in groups.items():
        precise = min(group, key=lambda i: (rank.get(columns["granularity"][i], math.inf), _date_key(date_starts[i]), columns["doc_id"][i], columns["start"][i]))
        representative = 0 if len(group) == 1 else _representative(
            [columns["label"][i] for i in group], [columns["doc_id"][i] for i in group], [columns["start"][i] for i in group], weights
        )
        values = sorted(dict.fromkeys(columns["value"][i] for i in group))
        doc_ids = {columns["doc_id"][i] for i in group}
        rows.append({
            "event_id": event_id,
            "date_start": date_starts[precise],
            "date_end": date_ends[precise],
            "granularity": columns["granularity"][precise],
            "values": values,
            "date_agreement": "same" if len(values) == 1 else "compatible",
            "label": columns["label"][group[representative]],
            "event": columns["event"][group[representative]],
            "is_future": bool(sum(bool(columns["is_future"][i]) for i in group) / len(group) >= 0.5),
            "n_sources": len(doc_ids),
            "doc_ids": sorted(doc_ids),
            "n_mentions": len(group),
            "mentions": sorted(f"{columns['doc_id'][i]}:{columns['sent_id'][i]}" for i in group),
            "actors": sorted({name for i in group for name in _as_list(columns["actors"][i])}),
            "frames": sorted({name for i in group for name in _as_list(columns["frames"][i])}),
        })
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return events.sort_values(["date_start", "date_end", "label", "event_id"], kind="stable").reset_index(drop=True)


def _date_key(value: pd.Timestamp) -> tuple[bool, pd.Timestamp | None]:
    """A sort key that puts missing dates last, as pandas sorting does."""
    return (True, None) if pd.isna(value) else (False, value)


def _representative(labels: list[str], doc_ids: list[str], starts: list[int], weights: dict[str, float]) -> int:
    """Position of the mention whose label is most similar to the others' (summed), ties to the shortest label, doc_id, start.

    Every mention with a given label has the same sum, the similarities of that label to each
    other mention's, so it is computed once per distinct label (:func:`_label_scores`) and
    rounded to 9 decimals before comparing.
    """
    codes, distinct = pd.factorize(pd.Series(labels, dtype=object), sort=False)
    if len(distinct) == 1:
        return min(range(len(labels)), key=lambda i: (doc_ids[i], starts[i]))
    scores = _label_scores([event_keywords(label) for label in distinct], np.bincount(codes, minlength=len(distinct)), weights)
    return min(range(len(labels)), key=lambda i: (-scores[codes[i]], len(labels[i]), doc_ids[i], starts[i]))


def _label_scores(keywords: list[frozenset[str]], counts: np.ndarray, weights: dict[str, float]) -> list[float]:
    """For each distinct label, the summed similarity to every other mention (``counts`` mentions per label), to 9 decimals.

    Up to :data:`EXACT_SCORE_LABELS` distinct labels, each pair's :func:`event_similarity` is
    summed with ``math.fsum`` (correctly rounded, whatever the order of the mentions).  A
    larger event (single-link merging can chain thousands of labels on a varied corpus) would
    cost that many squared Python set operations, so the same sums are taken from sparse
    matrix products, a block of labels at a time: they differ from the exact ones by rounding
    error (about 1e-15), far below the 9 decimals compared.
    """
    if len(keywords) <= EXACT_SCORE_LABELS:
        scores = []
        for code, own in enumerate(keywords):
            others = counts.copy()
            others[code] -= 1
            similarities = [event_similarity(own, theirs, weights) for theirs in keywords]
            scores.append(math.fsum(np.repeat(similarities, others).tolist()))
        return [round(score, 9) for score in scores]
    from scipy import sparse

    vocabulary = {word: column for column, word in enumerate(sorted(set().union(*keywords)))}
    rows, columns = [], []
    for row, words in enumerate(keywords):
        rows.extend([row] * len(words))
        columns.extend(vocabulary[word] for word in words)
    word_weights = np.array([weights.get(word, 1.0) for word in vocabulary])
    present = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(keywords), len(vocabulary)))
    weighted = present.multiply(word_weights).tocsr()
    totals = np.asarray(weighted.sum(axis=1)).ravel()
    shared_by = present.T.tocsc()
    scores = np.empty(len(keywords))
    rows_per_block = max(1, 4_000_000 // len(keywords))  # a block's dense arrays hold about 4 million numbers (32 MB)
    for first in range(0, len(keywords), rows_per_block):
        block = slice(first, min(first + rows_per_block, len(keywords)))
        shared = (weighted[block] @ shared_by).toarray()
        union = totals[block, None] + totals[None, :] - shared
        similarity = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        scores[block] = similarity @ counts - np.diagonal(similarity[:, block])
    return [round(float(score), 9) for score in scores]


def date_conflicts(timeline: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Pairs of mentions in different articles worded alike (similarity ≥ ``threshold``) whose dates do not overlap.

    Columns doc_id_a, value_a, label_a, doc_id_b, value_b, label_b, similarity.  These are
    candidates for a disagreement between sources on when something happened, to be read,
    not counted: two summits in different years are also worded alike.  Only year-or-finer
    mentions are compared, and of those only pairs that can reach ``threshold``
    (:func:`_similar_candidates`); a mention with a missing date overlaps nothing.
    """
    columns = ["doc_id_a", "value_a", "label_a", "doc_id_b", "value_b", "label_b", "similarity"]
    usable = timeline[timeline["granularity"].isin(MERGEABLE)].reset_index(drop=True)
    keywords = [event_keywords(label) for label in usable["label"]]
    weights = keyword_weights(keywords)
    doc_ids, values, labels = usable["doc_id"].tolist(), usable["value"].tolist(), usable["label"].tolist()
    starts, ends = _epoch_nanoseconds(usable["date_start"]), _epoch_nanoseconds(usable["date_end"])
    rows = []
    for i, j in _similar_candidates(keywords, weights, threshold):
        dated = None not in (starts[i], ends[i], starts[j], ends[j])
        if doc_ids[i] == doc_ids[j] or (dated and starts[i] <= ends[j] and starts[j] <= ends[i]):
            continue
        similarity = event_similarity(keywords[i], keywords[j], weights)
        if similarity >= threshold:
            rows.append([doc_ids[i], values[i], labels[i], doc_ids[j], values[j], labels[j], round(similarity, 3)])
    return pd.DataFrame(rows, columns=columns).sort_values(["doc_id_a", "doc_id_b", "value_a"], kind="stable").reset_index(drop=True)


def _similar_candidates(keyword_sets: list[frozenset[str]], weights: dict[str, float], threshold: float) -> Iterator[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j`` in ascending order, that may be similar by ``threshold``: those sharing a prefix bucket.

    A non-positive ``threshold`` admits every pair (any similarity reaches it).
    """
    if threshold <= 0:
        yield from itertools.combinations(range(len(keyword_sets)), 2)
        return
    buckets = _prefix_buckets(keyword_sets, weights, threshold)
    for i, keywords in enumerate(keyword_sets):
        later: set[int] = set()
        for word in _prefix_keywords(keywords, weights, threshold):
            holders = buckets[word]
            later.update(holders[bisect.bisect_right(holders, i):])
        yield from ((i, j) for j in sorted(later))


# --- the timeline figure -----------------------------------------------------------------------------------

PLOTTED = frozenset(GRANULARITIES[: GRANULARITIES.index("decade") + 1])
_NO_FRAME = "no frame"


def _date_text(first: pd.Timestamp, last: pd.Timestamp, granularity: str) -> str:
    if granularity == "day":
        return f"{first.day} {first:%b %Y}"
    if granularity == "week":
        return f"week of {first.day} {first:%b %Y}"
    if granularity == "month":
        return f"{first:%b %Y}"
    if granularity in ("season", "quarter", "half"):
        return f"{first:%b}–{last:%b %Y}"
    if granularity == "year":
        return f"{first.year}"
    return f"{first.year}–{last.year}"


def _stagger(lefts: list[float], rights: list[float], pad: float) -> list[int]:
    """Level 1, 2, … for each label so that labels on one level never overlap (greedy, in the given order)."""
    occupied: list[list[tuple[float, float]]] = []
    levels = []
    for left, right in zip(lefts, rights):
        for level, spans in enumerate(occupied):
            if all(right + pad < a or left - pad > b for a, b in spans):
                spans.append((left, right))
                levels.append(level + 1)
                break
        else:
            occupied.append([(left, right)])
            levels.append(len(occupied))
    return levels


def frame_colours(events: pd.DataFrame) -> dict[str, str]:
    """A fixed colour per frame name found in ``events['frames']`` (sorted names; tab10 without its grey, then Dark2); grey for none."""
    from matplotlib import colormaps

    names = sorted({name for frames in events.get("frames", pd.Series(dtype=object)) for name in _as_list(frames)})
    palette = [c for i, c in enumerate(colormaps["tab10"].colors) if i != 7] + list(colormaps["Dark2"].colors)
    colours = {name: palette[i % len(palette)] for i, name in enumerate(names)}
    colours[_NO_FRAME] = (0.55, 0.55, 0.55)
    return colours


def plot_events(
    events: pd.DataFrame,
    ax,
    *,
    window: tuple[str, str] | None = None,
    label_chars: int = 48,
    unlabelled: pd.DataFrame | None = None,
    reference: pd.DataFrame | None = None,
) -> None:
    """Draw events on a date axis: markers filled for the past, hollow for plans and targets, coloured by frame.

    An event with several frames takes the colour of the rarest of them among the events drawn
    (the most telling one; ties alphabetical), so "economy", which is everywhere, does not
    colour every point.

    Each event sits at the middle of its interval, with a bar across intervals longer than a
    month; labels ("1991 · Following the dissolution of the Soviet Union [2 sources]") are
    stacked on as many levels as needed so that none overlap.  ``window`` ("2022-01-01",
    "2024-12-31") limits the axis; ``unlabelled`` events are drawn as markers without labels.
    Colours and frame rarity come from ``reference`` (default: the events drawn), so panels
    drawn from one table share their colours.
    Events coarser than a decade (centuries) are not drawn: their middle would be misleading.
    """
    if reference is None:
        reference = events if unlabelled is None else pd.concat([events, unlabelled])
    colours = frame_colours(reference)
    frequency = pd.Series([name for frames in reference["frames"] for name in _as_list(frames)], dtype=object).value_counts()

    def colour_of(frames: object) -> tuple:
        names = _as_list(frames)
        return colours[min(names, key=lambda name: (frequency.get(name, 0), name))] if names else colours[_NO_FRAME]

    shown = events[events["granularity"].isin(PLOTTED) & events["date_start"].notna()].copy()
    if window is not None:
        lo, hi = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        shown = shown[(shown["date_end"] >= lo) & (shown["date_start"] <= hi)]
    shown["mid"] = shown["date_start"] + (shown["date_end"] - shown["date_start"]) / 2
    shown = shown.sort_values(["mid", "label"], kind="stable")
    extra = pd.DataFrame(columns=shown.columns) if unlabelled is None else unlabelled[unlabelled["granularity"].isin(PLOTTED)].copy()
    if not extra.empty:
        extra["mid"] = extra["date_start"] + (extra["date_end"] - extra["date_start"]) / 2
    every = pd.concat([frame for frame in (shown, extra) if not frame.empty]) if len(shown) + len(extra) else shown
    if every.empty:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        return
    lo = lo if window is not None else every["date_start"].min()
    hi = hi if window is not None else every["date_end"].max()
    span_days = max((hi - lo).days, 30)
    margin = pd.Timedelta(days=span_days * 0.03)
    ax.set_xlim(lo - margin, hi + margin)
    width_in = ax.get_figure().get_size_inches()[0] * ax.get_position().width
    days_per_char = (span_days * 1.06) * (0.075 / max(width_in, 1.0))
    texts = []
    for row in shown.itertuples(index=False):
        label = row.label if len(row.label) <= label_chars else row.label[: label_chars - 1].rstrip() + "…"
        sources = f" [{row.n_sources} sources]" if row.n_sources > 1 else ""
        texts.append(f"{_date_text(row.date_start, row.date_end, row.granularity)} · {label}{sources}")
    mids = [(m - lo).days for m in shown["mid"]]
    right_aligned = [m > span_days * 0.6 for m in mids]
    lefts = [m - len(t) * days_per_char if r else m for m, t, r in zip(mids, texts, right_aligned)]
    rights = [m if r else m + len(t) * days_per_char for m, t, r in zip(mids, texts, right_aligned)]
    levels = _stagger(lefts, rights, pad=days_per_char * 2)
    for (row, text, level, right) in zip(shown.itertuples(index=False), texts, levels, right_aligned):
        colour = colour_of(row.frames)
        ax.plot([row.mid, row.mid], [0, level], color=colour, linewidth=0.6, alpha=0.6, zorder=1)
        ax.annotate(text, (row.mid, level), xytext=(-4 if right else 4, 0), textcoords="offset points",
                    ha="right" if right else "left", va="center", fontsize=8)
    for row in every.itertuples(index=False):
        colour = colour_of(row.frames)
        if (row.date_end - row.date_start).days > 31:
            ax.plot([row.date_start, row.date_end], [0, 0], color=colour, linewidth=5, alpha=0.35, solid_capstyle="butt", zorder=2)
        ax.scatter([row.mid], [0], s=30 + 25 * row.n_sources, marker="D" if row.is_future else "o",
                   facecolors="white" if row.is_future else [colour], edgecolors=[colour], linewidths=1.5, zorder=3)
    ax.axhline(0, color="black", linewidth=0.8, zorder=0)
    ax.set_ylim(-1, max(levels, default=1) + 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)


def timeline_figure(events: pd.DataFrame, *, zoom: tuple[str, str] = ("2022-01-01", "2024-12-31")):
    """A two-panel figure: every event on one date axis, and the ``zoom`` window below it, with a legend.

    In the top panel events inside the zoom window are drawn without labels (the window is
    shaded); they are labelled in the lower panel.  Returns a ``matplotlib.figure.Figure`` (no
    pyplot state), or one with a message when no event has a date.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    lo, hi = pd.Timestamp(zoom[0]), pd.Timestamp(zoom[1])
    dated = events[events["granularity"].isin(PLOTTED) & events["date_start"].notna()] if len(events) else events
    inside = dated[(dated["date_start"] >= lo) & (dated["date_end"] <= hi)] if len(dated) else dated
    outside = dated.drop(index=inside.index) if len(dated) else dated
    figure = Figure(figsize=(13, 9))
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": [1, 1.2]})
    plot_events(outside, top, unlabelled=inside, reference=dated)
    if len(dated):
        top.axvspan(lo, hi, color="#f2e6c9", zorder=0)
        top.set_title(f"All dated events ({len(dated)}); the shaded window {lo.year}–{hi.year} is enlarged below", fontsize=10, loc="left")
    plot_events(inside, bottom, window=zoom, reference=dated)
    bottom.set_title(f"{lo.year}–{hi.year}", fontsize=10, loc="left")
    colours = frame_colours(dated if len(dated) else events)
    handles = [Line2D([], [], marker="o", linestyle="", color="black", label="reported (past)"),
               Line2D([], [], marker="D", linestyle="", markerfacecolor="white", color="black", label="plan / target / forecast")]
    handles += [Line2D([], [], marker="s", linestyle="", color=colour, label=name) for name, colour in colours.items()]
    figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), 6), fontsize=8, frameon=False)
    figure.subplots_adjust(bottom=0.1, hspace=0.3)
    return figure
