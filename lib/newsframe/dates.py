"""Which dates go on the calendar, and the one conversion of dates to timestamps.

Two limits decide whether a date becomes a ``datetime64[ns]`` timestamp in a table:

* **What news dates are plausible.**  Articles talk about history ("the 16th century", "in
  1650", "the 1600s") and about far targets, and text is full of numbers that only look like
  years.  A TIMEX3 value is placed on the calendar only when the whole interval it names lies
  inside a window of years, :data:`PLAUSIBLE_YEARS` (1800–2100) unless the caller passes
  another; outside it the value is kept as text and its dates stay empty
  (:func:`in_window`).
* **What a timestamp can hold.**  pandas' nanosecond timestamps cover 1677-09-21 to
  2262-04-11 only.  :func:`to_timestamps` is the single place where values (dates, strings,
  timestamps) become ``datetime64[ns]``: whatever falls outside that range becomes ``NaT`` and
  is counted and reported in one warning, never an ``OutOfBoundsDatetime`` deep inside a run.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

PLAUSIBLE_YEARS = (1800, 2100)
# The years a datetime64[ns] holds completely (1677 and 2262 only in part).
TIMESTAMP_YEARS = (pd.Timestamp.min.year + 1, pd.Timestamp.max.year - 1)


_FIRST, _LAST = pd.Timestamp.min.ceil("s").to_pydatetime(), pd.Timestamp.max.floor("s").to_pydatetime()


class DateRangeWarning(UserWarning):
    """Some dates could not be held as timestamps and were left empty (NaT)."""


def check_window(years: tuple[int, int]) -> tuple[int, int]:
    """``years`` as ``(first, last)`` ints, or a ValueError saying what a window must be."""
    try:
        first, last = (int(year) for year in years)
    except (TypeError, ValueError):
        raise ValueError(
            f"a window of plausible years is a pair (first, last) of years, such as {PLAUSIBLE_YEARS}; got {years!r}"
        ) from None
    if not TIMESTAMP_YEARS[0] <= first <= last <= TIMESTAMP_YEARS[1]:
        raise ValueError(
            f"the window of plausible years {first}–{last} must run forwards inside {TIMESTAMP_YEARS[0]}–{TIMESTAMP_YEARS[1]}, "
            f"the years a datetime64[ns] timestamp can hold"
        )
    return first, last


def in_window(first: dt.date, last: dt.date, years: tuple[int, int] = PLAUSIBLE_YEARS) -> bool:
    """Whether the interval ``[first, last]`` lies wholly inside the window of plausible ``years``."""
    return years[0] <= first.year and last.year <= years[1]


def _one(value: object) -> tuple[object, bool]:
    """``(a value np.datetime64[ns] accepts or None, whether it was out of range)``."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None, False
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None, False
        value = pd.Timestamp(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, False
        value = pd.Timestamp(text)
    if isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(None)
        value = stamp.to_pydatetime(warn=False)
    elif isinstance(value, dt.date):
        value = dt.datetime(value.year, value.month, value.day)
    else:
        raise TypeError(f"cannot read {value!r} ({type(value).__name__}) as a date")
    if not _FIRST <= value <= _LAST:
        return None, True
    return value, False


def to_timestamps(values: Iterable[object], *, what: str = "dates", index: pd.Index | None = None) -> pd.Series:
    """``values`` (dates, datetimes, Timestamps, ISO strings, None/NaT) as a ``datetime64[ns]`` Series.

    A value a nanosecond timestamp cannot hold (before 1677-09-21 or after 2262-04-11, such as
    ``0001-01-01`` or ``2263-01-01``) becomes ``NaT``; how many did is in
    ``result.attrs["n_out_of_range"]`` and one :class:`DateRangeWarning` names ``what`` they
    were and a few of them.  A string that is not a date raises ValueError.  Time zones are
    converted to UTC and dropped.
    """
    items = list(values)
    try:
        converted = pd.to_datetime(pd.Series(items, dtype=object, index=index))
        if isinstance(converted.dtype, pd.DatetimeTZDtype):
            converted = converted.dt.tz_convert(None)
        result = converted.astype("datetime64[ns]")
        lost: list[object] = []
    except (pd.errors.OutOfBoundsDatetime, OverflowError, TypeError, ValueError):
        pairs = [_one(item) for item in items]
        lost = [item for item, (_, out) in zip(items, pairs) if out]
        result = pd.Series(
            [value if value is not None else pd.NaT for value, _ in pairs], index=index, dtype="datetime64[ns]"
        )
    result.attrs["n_out_of_range"] = len(lost)
    if lost:
        examples = ", ".join(repr(str(item)[:20]) for item in lost[:3]) + (" …" if len(lost) > 3 else "")
        warnings.warn(
            f"{len(lost)} {what} lie outside the years a timestamp can hold ({pd.Timestamp.min:%Y-%m-%d} to "
            f"{pd.Timestamp.max:%Y-%m-%d}) and were left empty: {examples}",
            DateRangeWarning,
            stacklevel=2,
        )
    return result


def to_timestamp(value: object) -> pd.Timestamp:
    """One value as a nanosecond ``pd.Timestamp``, ``NaT`` when missing or out of range (no warning)."""
    converted, _ = _one(value)
    return pd.NaT if converted is None else pd.Timestamp(converted).as_unit("ns")
