"""Events merged across articles, and dates sources disagree on.

events (:func:`merge_events`), one row per event (columns :data:`EVENT_COLUMNS`): mentions of
the same event in one or more articles (rows of the timeline table,
:func:`newsframe.timeline.build_timeline`), grouped when their dates overlap at year-or-finer
granularity and their wording is similar (:func:`event_similarity`) or they name the same
person on the same day.  :func:`date_conflicts` lists wordings dated one way in some articles
and another way in others, one row per distinct wording and date.

``data/event_synonyms.csv`` (word, canonical, note)
    wording variants folded before comparing two event clauses ("dissolution" and "collapse"
    of the Soviet Union are one event).
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from newsframe.data_tables import read_data_table
from newsframe.dates import to_timestamps
from newsframe.stopwords import ENGLISH_STOP_WORDS
from newsframe.timeline import WORD, as_list
from newsframe.timex import GRANULARITIES, UNRESOLVED

EVENT_COLUMNS = [
    "event_id",
    "date_start",
    "date_end",
    "granularity",
    "values",
    "date_agreement",
    "label",
    "event",
    "is_future",
    "n_sources",
    "doc_ids",
    "n_mentions",
    "mentions",
    "actors",
    "frames",
]
MERGEABLE = frozenset(GRANULARITIES[: GRANULARITIES.index("year") + 1])
# Events with more distinct labels than this sum their label similarities with sparse products (see _label_scores).
EXACT_SCORE_LABELS = 200


@cache
def _synonyms() -> dict[str, str]:
    synonyms = read_data_table("event_synonyms.csv", ["word", "canonical"])
    return {word.lower(): canonical.lower() for word, canonical in zip(synonyms["word"], synonyms["canonical"])}


@lru_cache(maxsize=100_000)
def event_keywords(label: str) -> frozenset[str]:
    """Content words of an event label: lower-cased, possessives and plurals stripped, synonyms folded, stop words dropped.

    Memoised per process by the exact label (a pure function of it; the result is immutable).
    """
    synonyms = _synonyms()
    words = set()
    for word in WORD.findall(label.lower().replace("’", "'")):
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
    mergeable = [
        i for i, g in enumerate(granularities) if g in MERGEABLE and starts[i] is not None and ends[i] is not None
    ]
    components = _Components(len(timeline))
    _join_similar_overlapping(mergeable, labels, starts, ends, weights, threshold, components)
    if "actors" in timeline.columns:
        _join_same_day_same_actor(
            mergeable, granularities, starts, ends, timeline["actors"].tolist(), _people(), components
        )
    by_sentence: dict[tuple, list[int]] = {}
    for i in mergeable:
        by_sentence.setdefault((doc_ids[i], sent_ids[i]), []).append(i)
    for rows in by_sentence.values():
        for x, i in enumerate(rows):
            for j in rows[x + 1 :]:
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
    rows: list[int],
    granularities: list[str],
    starts: list[int],
    ends: list[int],
    actors: list[object],
    people: frozenset[str],
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
        for name in as_list(actors[i]):
            if name not in people:
                continue
            first = buckets.setdefault((starts[i], ends[i], name), i)
            if first != i:
                components.join(first, i)


def _epoch_nanoseconds(dates: pd.Series) -> list[int | None]:
    """Each date as nanoseconds since 1970 (compared and hashed as a plain int, far faster than a NumPy scalar); None when missing."""
    values = to_timestamps(dates, what="event dates").to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(values)
    return [
        None if gone else nanoseconds for gone, nanoseconds in zip(missing.tolist(), values.astype("int64").tolist())
    ]


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
    rows: list[int],
    labels: list[str],
    starts: list[int],
    ends: list[int],
    weights: dict[str, float],
    threshold: float,
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
            found = similar_labels[key] = (
                event_similarity(event_keywords(key[0]), event_keywords(key[1]), weights) >= threshold
            )
        return found

    for candidates in by_keyword.values():
        candidates.sort(key=lambda unit: (unit_starts[unit], unit))
        _sweep_bucket(
            candidates,
            units,
            unit_starts,
            unit_ends,
            components,
            lambda u, v: _units_connect(u, v, starts, ends, similar),
        )


def _sweep_bucket(
    candidates: list[int],
    units: list[list[int]],
    unit_starts: list[int],
    unit_ends: list[int],
    components: _Components,
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


def _prefix_buckets(
    keyword_sets: list[frozenset[str]], weights: dict[str, float], threshold: float
) -> dict[str, list[int]]:
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


def _units_connect(
    u: list[int], v: list[int], starts: list[int], ends: list[int], similar: Callable[[int, int], bool]
) -> bool:
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
    columns = {
        name: assigned[name].tolist()
        for name in (
            "event_id",
            "doc_id",
            "sent_id",
            "start",
            "value",
            "granularity",
            "label",
            "event",
            "is_future",
            "actors",
            "frames",
        )
    }
    date_starts, date_ends = assigned["date_start"].tolist(), assigned["date_end"].tolist()
    weights = keyword_weights(event_keywords(label) for label in columns["label"])
    rank = {g: i for i, g in enumerate(GRANULARITIES)}
    groups: dict[str, list[int]] = {}
    for position, event_id in enumerate(columns["event_id"]):
        groups.setdefault(event_id, []).append(position)
    rows = []
    for event_id, group in groups.items():
        precise = min(
            group,
            key=lambda i: (
                rank.get(columns["granularity"][i], math.inf),
                _date_key(date_starts[i]),
                columns["doc_id"][i],
                columns["start"][i],
            ),
        )
        representative = (
            0
            if len(group) == 1
            else _representative(
                [columns["label"][i] for i in group],
                [columns["doc_id"][i] for i in group],
                [columns["start"][i] for i in group],
                weights,
            )
        )
        values = sorted(dict.fromkeys(columns["value"][i] for i in group))
        doc_ids = {columns["doc_id"][i] for i in group}
        rows.append(
            {
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
                "actors": sorted({name for i in group for name in as_list(columns["actors"][i])}),
                "frames": sorted({name for i in group for name in as_list(columns["frames"][i])}),
            }
        )
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
    scores = _label_scores(
        [event_keywords(label) for label in distinct], np.bincount(codes, minlength=len(distinct)), weights
    )
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


CONFLICT_COLUMNS = [
    "doc_id",
    "value",
    "label",
    "n_articles",
    "doc_id_other",
    "value_other",
    "label_other",
    "n_articles_other",
    "similarity",
    "n_other_dates",
]


def date_conflicts(timeline: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Wordings dated one way in some articles and, worded alike (similarity ≥ ``threshold``), another way in others.

    These are candidates for a disagreement between sources on when something happened, to be
    read, not counted: two summits in different years are also worded alike.  Only
    year-or-finer mentions with both dates are compared (a mention without its interval has
    no date to disagree about), and of those only pairs that can reach ``threshold``
    (:func:`_similar_candidates`).

    Mentions with the same keywords (:func:`event_keywords`) and the same interval form a
    *group*; two groups conflict when their intervals do not overlap and some mention of one
    and some mention of the other are in different articles.  One row per group that
    conflicts with any other, so the table grows with the distinct wordings and dates, never
    with the square of the mentions (one event retold by a thousand articles under two dates
    is two rows, not a quarter of a million pairs).  Columns :data:`CONFLICT_COLUMNS`: the
    group's first article (doc_id order), that mention's value and label, and the articles the
    group holds; the same for the conflicting group with the most articles (then the most
    similar, then the first in doc_id order), the two wordings' similarity, and how many
    conflicting groups there are.  Sorted by the articles behind the row, most first.
    """
    usable = timeline[timeline["granularity"].isin(MERGEABLE)].reset_index(drop=True)
    starts, ends = _epoch_nanoseconds(usable["date_start"]), _epoch_nanoseconds(usable["date_end"])
    keywords = [event_keywords(label) for label in usable["label"]]
    weights = keyword_weights(keywords)
    doc_ids, values, labels = usable["doc_id"].tolist(), usable["value"].tolist(), usable["label"].tolist()
    groups: dict[tuple, list[int]] = {}
    for i in usable.sort_values(["doc_id", "start"], kind="stable").index:
        if starts[i] is not None and ends[i] is not None:
            groups.setdefault((keywords[i], starts[i], ends[i]), []).append(i)
    keys = list(groups)  # in order of each group's first mention
    first = [groups[key][0] for key in keys]
    articles = [frozenset(doc_ids[i] for i in groups[key]) for key in keys]
    best: dict[int, tuple] = {}
    counts = [0] * len(keys)
    for g, h in _similar_candidates([key[0] for key in keys], weights, threshold):
        (words_g, start_g, end_g), (words_h, start_h, end_h) = keys[g], keys[h]
        overlapping = start_g <= end_h and start_h <= end_g
        if overlapping or len(articles[g] | articles[h]) < 2:  # < 2: both are the same one article
            continue
        similarity = event_similarity(words_g, words_h, weights)
        if similarity < threshold:
            continue
        similarity = round(similarity, 3)
        for own, other in ((g, h), (h, g)):
            counts[own] += 1
            rank = (-len(articles[other]), -similarity, other)
            if own not in best or rank < best[own][0]:
                best[own] = (rank, similarity)
    rows = []
    for g in sorted(best):
        (_, _, h), similarity = best[g]
        i, j = first[g], first[h]
        rows.append(
            [doc_ids[i], values[i], labels[i], len(articles[g]), doc_ids[j], values[j], labels[j], len(articles[h])]
            + [similarity, counts[g]]
        )
    conflicts = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return (
        conflicts.assign(_support=-conflicts["n_articles"])
        .sort_values(["_support", "doc_id", "value", "label"], kind="stable")
        .drop(columns="_support")
        .reset_index(drop=True)
    )


def _similar_candidates(
    keyword_sets: list[frozenset[str]], weights: dict[str, float], threshold: float
) -> Iterator[tuple[int, int]]:
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
            later.update(holders[bisect.bisect_right(holders, i) :])
        yield from ((i, j) for j in sorted(later))
