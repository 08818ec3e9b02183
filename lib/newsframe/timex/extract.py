"""The timex driver: candidates chosen longest-first, then normalised in reading order.

:func:`extract_timexes` (a table) and :func:`timex_rows` (tuples, for callers that gather
many texts) are the public entry points; see :mod:`newsframe.timex` for the columns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pandas as pd

from newsframe.dates import to_timestamps
from newsframe.timex.context import Context, Result
from newsframe.timex.grammar import grammar
from newsframe.timex.lexicon import timex_lexicon
from newsframe.timex.resolve_dates import (
    resolve_century,
    resolve_clock,
    resolve_decade,
    resolve_decade_word,
    resolve_deictic,
    resolve_holiday,
    resolve_iso_date,
    resolve_month,
    resolve_month_day,
    resolve_month_year,
    resolve_numeric_date,
    resolve_part_of_day,
    resolve_season,
    resolve_weekday,
    resolve_year,
)
from newsframe.timex.resolve_periods import (
    resolve_ago,
    resolve_ahead,
    resolve_bare_quarter,
    resolve_bare_units,
    resolve_current_year,
    resolve_duration,
    resolve_duration_range,
    resolve_future,
    resolve_half_unit,
    resolve_period_end,
    resolve_quarter,
    resolve_ref_phrase,
    resolve_relative_unit,
    resolve_same_unit,
    resolve_set_every,
    resolve_set_times,
    resolve_set_word,
    resolve_term,
    resolve_the_year,
    resolve_this_time,
    resolve_unit_long,
    resolve_vague,
    resolve_weekend,
    resolve_year_earlier,
    resolve_year_ended,
    resolve_year_quarter,
)
from newsframe.timex.scan import candidates

COLUMNS = ["start", "end", "text", "type", "value", "mod"]

# Which resolver normalises the matches of each grammar rule.
_RESOLVERS: dict[str, Callable[[re.Match, Context], Result]] = {
    "iso_date": resolve_iso_date,
    "numeric_date": resolve_numeric_date,
    "clock": resolve_clock,
    "clock_after_day": resolve_clock,
    "mdy": resolve_month_day,
    "dmy": resolve_month_day,
    "month_year": resolve_month_year,
    "month_rel": resolve_month,
    "weekday": resolve_weekday,
    "holiday": resolve_holiday,
    "deictic": resolve_deictic,
    "pod": resolve_part_of_day,
    "year": resolve_year,
    "decade": resolve_decade,
    "decade_word": resolve_decade_word,
    "century": resolve_century,
    "season": resolve_season,
    "quarter": resolve_quarter,
    "bare_quarter": resolve_bare_quarter,
    "year_quarter": resolve_year_quarter,
    "year_earlier_adj": resolve_year_earlier,
    "ago": resolve_ago,
    "relative_unit": resolve_relative_unit,
    "same_unit": resolve_same_unit,
    "weekend": resolve_weekend,
    "period_end": resolve_period_end,
    "year_ended": resolve_year_ended,
    "the_year": resolve_the_year,
    "current_year": resolve_current_year,
    "term": resolve_term,
    "ahead": resolve_ahead,
    "vague": resolve_vague,
    "this_time": resolve_this_time,
    "duration": resolve_duration,
    "duration_range": resolve_duration_range,
    "unit_long": resolve_unit_long,
    "bare_units": resolve_bare_units,
    "ref_phrase": resolve_ref_phrase,
    "half_unit": resolve_half_unit,
    "set_word": resolve_set_word,
    "set_every": resolve_set_every,
    "set_times": resolve_set_times,
    "ref_word_future": resolve_future,
}


def _as_date(anchor) -> dt.date | None:
    """The anchor as a ``datetime.date`` (or None); a clear error for anything that is not a date."""
    if anchor is None or anchor is pd.NaT:
        return None
    if isinstance(anchor, pd.Timestamp):
        return anchor.date()
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    if isinstance(anchor, str):
        try:
            return dt.date.fromisoformat(anchor[:10])
        except ValueError:
            raise ValueError(
                f"anchor {anchor!r} is not an ISO date (YYYY-MM-DD); pass a datetime.date or None"
            ) from None
    try:
        if pd.isna(anchor):
            return None
    except (TypeError, ValueError):
        pass
    raise TypeError(
        f"anchor must be a datetime.date, pandas Timestamp, ISO string or None, not {type(anchor).__name__}"
    )


_EARLIER_LATER = re.compile(r"(?<![\w-])(earlier|later)\s+$", re.IGNORECASE)
_DEICTIC_HEAD = re.compile(
    r"(?:this|that|last|next|yesterday|today|tonight|the\s+same|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(
    r"\b(?:\w+[\s-])?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+$", re.IGNORECASE
)
_ADJ_DETERMINER = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)


def _adjust_start(text: str, start: int, m: re.Match, ttype: str) -> int:
    """Move a span's start to where TimeML puts it.

    "earlier this month", "later that year", "Earlier Sunday": the adverb belongs to the
    expression (it narrows it), unless it ends a duration phrase ("two years earlier this
    month"). "a 10-year", "the two day": a determiner of an adjectival duration stays out,
    since it belongs to the noun the duration modifies.
    """
    if ttype in ("DATE", "TIME") and _DEICTIC_HEAD.match(text, start):
        left = text[max(0, start - 30) : start]
        hit = _EARLIER_LATER.search(left)
        if hit and not _UNIT_BEFORE.search(left, 0, hit.start(1)):
            return start - len(left) + hit.start(1)
    if (
        ttype == "DURATION"
        and "unit_adj" in m.re.groupindex
        and m["n"]
        and not (m["rel"] or m["approx"] or m["approx2"])
    ):
        singular = m["unit_adj"] or (
            m["unit_pl"]
            and m["unit_pl"].lower() in timex_lexicon().units
            and m["unit_pl"].lower() not in timex_lexicon().plural
        )
        det = _ADJ_DETERMINER.match(text, start)
        if singular and det and det.end() == m.start("n"):
            return det.end()
    return start


def extract_timexes(text: str, anchor: dt.date | None = None) -> pd.DataFrame:
    """One row per temporal expression in ``text`` (columns: start, end, text, type, value, mod).

    ``anchor`` is the publication date that relative expressions ("yesterday", "last
    week", "Thursday") refer to; a ``datetime``/``Timestamp`` is reduced to its date, and
    ``None`` or NaT leaves unresolvable parts as ``X``. Rows are sorted by ``start``.
    """
    rows = timex_rows(text, anchor)
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "object") for c in COLUMNS})
    return pd.DataFrame(rows, columns=COLUMNS)


def timex_rows(text: str, anchor: dt.date | None = None) -> list[tuple[int, int, str, str, str, str]]:
    """:func:`extract_timexes` as a list of tuples (``COLUMNS`` order), without building a DataFrame.

    For callers that gather the timexes of many texts into one table.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    ctx = Context(text=text, anchor=_as_date(anchor))
    taken = bytearray(len(text))
    chosen: list[tuple[int, int, int, re.Match]] = []
    rules = grammar()
    for s, e, i, window_end in candidates(text):
        if any(taken[s:e]):
            continue
        m = rules[i].pattern.match(text, s, window_end)
        if _RESOLVERS[rules[i].name](m, Context(text=text, anchor=ctx.anchor)) is None:
            continue
        chosen.append((s, e, i, m))
        taken[s:e] = b"\x01" * (e - s)
    chosen.sort(key=lambda c: c[0])
    rows = []
    for s, e, i, m in chosen:
        result = _RESOLVERS[rules[i].name](m, ctx)
        if result is None:
            continue
        ttype, value, mod = result
        s = _adjust_start(text, s, m, ttype)
        rows.append((s, e, text[s:e], ttype, value, mod))
    return rows


def extract_corpus_timexes(articles: pd.DataFrame) -> pd.DataFrame:
    """All timexes of all articles: doc_id, anchor (the publication date or NaT) + extract_timexes' columns.

    Rows are gathered as tuples (:func:`newsframe.timex.timex_rows`) and become one table at
    the end: a DataFrame per article would cost more than the tagging itself.
    """
    rows = []
    for doc_id, text, published in zip(articles["doc_id"], articles["clean_text"], articles["published"]):
        anchor = None if pd.isna(published) else pd.Timestamp(published)
        rows.extend(
            (doc_id, anchor, *row) for row in timex_rows(text, anchor=None if anchor is None else anchor.date())
        )
    timexes = pd.DataFrame(rows, columns=["doc_id", "anchor", *COLUMNS])
    timexes["anchor"] = to_timestamps(timexes["anchor"], what="publication dates", index=timexes.index)
    return timexes.astype({"doc_id": object, "start": "int64", "end": "int64"})
