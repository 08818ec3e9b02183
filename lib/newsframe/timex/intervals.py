"""Calendar intervals of TIMEX3 values: ``2024-05`` is 1–31 May 2024, ``196X`` with mod END is 1967–1969.

:func:`timex_value_interval` maps one value (and its mod) to ``(date_start, date_end,
granularity)``; :func:`timex_intervals` does a column. Granularities are :data:`GRANULARITIES`,
plus :data:`UNRESOLVED` for values that name no calendar interval and :data:`OUT_OF_WINDOW` for
intervals outside the window of plausible years (:mod:`newsframe.dates`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import pandas as pd

from newsframe.dates import PLAUSIBLE_YEARS, check_window, in_window, to_timestamp, to_timestamps

# Granularities of calendar intervals, from finest to coarsest.
GRANULARITIES = ("day", "week", "month", "season", "quarter", "half", "year", "decade", "century")
UNRESOLVED = "unresolved"
OUT_OF_WINDOW = "out_of_window"

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_VALUE_PATTERNS = (
    ("day", re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T[\w:.+-]*)?")),
    ("month", re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})(?:-XX)?(?:T\w*)?")),
    ("week", re.compile(r"(?P<y>\d{4})-W(?P<w>\d{1,2})(?:-(?P<wd>[1-7]|WE))?(?:T[\w:.+-]*)?")),
    ("season", re.compile(r"(?P<y>\d{4})-(?P<s>SP|SU|FA|AU|WI)")),
    ("quarter", re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])")),
    ("half", re.compile(r"(?P<y>\d{4})-H(?P<h>[12])")),
    ("year", re.compile(r"(?P<y>\d{4})(?:-[WQH]?X+)*(?:T\w*)?")),
    ("decade", re.compile(r"(?P<dec>\d{3})X?(?:-XX)*")),
    ("century", re.compile(r"(?P<cen>\d{2})(?:XX)?(?:-XX)*")),
)
_NARROWING_MODS = ("START", "MID", "END")


def timex_value_interval(
    value: str, mod: str = "", *, years: tuple[int, int] = PLAUSIBLE_YEARS
) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """The calendar interval ``(date_start, date_end, granularity)`` a TIMEX3 value covers, ends inclusive.

    "2024-05-16" is that day; "2024-05" May 1–31; "2024" the year; "2024-W20" the ISO week
    (Monday–Sunday; "-WE" its weekend, "-3" its Wednesday); "2024-Q2", "2024-H1" quarters and
    halves; seasons are meteorological (SP Mar–May, SU Jun–Aug, FA/AU Sep–Nov, WI December to
    the end of February of the next year); "196X" (or TimeML 1.2's "196") the 1960s; "19" (or
    "19XX") 1900–1999.  Times ("2024-05-16T14:30", "…TMO") cover their day.  Trailing unknown
    parts narrow nothing: "2024-XX-XX" is the year 2024.

    ``mod`` START / MID / END narrow the interval to its first, middle or last third counted in
    the next finer unit: "late 1960s" (196X, END) is 1967–1969, "early May" days 1–10, "late
    2023" September–December.  Other modifiers (BEFORE, AFTER, APPROX …) leave the interval
    as written; the caller keeps ``mod`` to qualify it.

    Values that name no calendar interval (leading X as in "XXXX-05-17", PRESENT_REF and the
    other REF values, durations) give ``(NaT, NaT, "unresolved")``, as do impossible dates.
    An interval that does not lie wholly inside ``years`` (the window of plausible years,
    :data:`newsframe.dates.PLAUSIBLE_YEARS` by default) gives ``(NaT, NaT, "out_of_window")``:
    history ("the 16th century" is ``15``) and far targets stay text values, never timestamps.
    """
    return _interval_cached(str(value or "").strip(), str(mod or "").strip().upper(), check_window(years))


def timex_intervals(
    values: Iterable[str], mods: Iterable[str] | None = None, *, years: tuple[int, int] = PLAUSIBLE_YEARS
) -> pd.DataFrame:
    """:func:`timex_value_interval` over a column: one row per value, columns date_start, date_end, granularity.

    Each distinct (value, mod) pair is computed once, so a corpus-sized column is cheap.
    """
    values = [str(v or "") for v in values]
    mods = [""] * len(values) if mods is None else [str(m or "") for m in mods]
    if len(mods) != len(values):
        raise ValueError(f"timex_intervals: {len(values)} values but {len(mods)} mods; pass one mod per value")
    rows = [timex_value_interval(v, m, years=years) for v, m in zip(values, mods)]
    frame = pd.DataFrame(rows, columns=["date_start", "date_end", "granularity"])
    for column in ("date_start", "date_end"):
        frame[column] = to_timestamps(frame[column], what="TIMEX dates")
    frame["granularity"] = frame["granularity"].astype(str)
    return frame


@cache
def _interval_cached(value: str, mod: str, years: tuple[int, int]) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """:func:`timex_value_interval` for a cleaned value and mod, memoised per process (values repeat)."""
    for granularity, pattern in _VALUE_PATTERNS:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        try:
            first, last, unit = _interval(granularity, match.groupdict())
        except (ValueError, OverflowError):
            break
        if not in_window(first, last, years):
            return pd.NaT, pd.NaT, OUT_OF_WINDOW
        if mod in _NARROWING_MODS:
            first, last = _narrow(first, last, unit, mod)
        return to_timestamp(first), to_timestamp(last), granularity
    return pd.NaT, pd.NaT, UNRESOLVED


def _interval(granularity: str, parts: dict) -> tuple[date, date, str]:
    """First day, last day, and the sub-unit ('day' | 'month' | 'year') used to narrow by mod."""
    if granularity in ("decade", "century"):
        span = 10 if granularity == "decade" else 100
        first_year = int(parts["dec"] if granularity == "decade" else parts["cen"]) * span
        return date(max(first_year, 1), 1, 1), date(first_year + span - 1, 12, 31), "year"
    year = int(parts["y"])
    if granularity == "day":
        day = date(year, int(parts["m"]), int(parts["d"]))
        return day, day, "day"
    if granularity == "month":
        month = int(parts["m"])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "day"
    if granularity == "week":
        monday = date.fromisocalendar(year, int(parts["w"]), 1)
        weekday = parts.get("wd")
        if weekday == "WE":
            return monday + timedelta(days=5), monday + timedelta(days=6), "day"
        if weekday:
            day = monday + timedelta(days=int(weekday) - 1)
            return day, day, "day"
        return monday, monday + timedelta(days=6), "day"
    if granularity == "year":
        return date(year, 1, 1), date(year, 12, 31), "month"
    if granularity == "season":
        first_month, last_month = _SEASON_MONTHS[parts["s"]]
    elif granularity == "quarter":
        first_month = 3 * int(parts["q"]) - 2
        last_month = first_month + 2
    else:
        first_month = 6 * int(parts["h"]) - 5
        last_month = first_month + 5
    return _month_start(year, first_month), _month_end(year, last_month), "month"


def _month_start(year: int, month: int) -> date:
    """First day of a month, with months past 12 rolling into the next year."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    """Last day of a month, with months past 12 rolling into the next year."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _narrow(first: date, last: date, unit: str, mod: str) -> tuple[date, date]:
    """First / middle / last third of ``[first, last]`` counted in whole ``unit``s (n // 3 units at each end)."""
    if unit == "day":
        units = [(first + timedelta(days=i),) * 2 for i in range((last - first).days + 1)]
    elif unit == "month":
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        units = [
            (_month_start(first.year, first.month + i), _month_end(first.year, first.month + i)) for i in range(months)
        ]
    else:
        units = [(date(y, 1, 1), date(y, 12, 31)) for y in range(first.year, last.year + 1)]
    k = len(units) // 3
    if k == 0:
        return first, last
    chosen = {"START": units[:k], "MID": units[k : len(units) - k], "END": units[-k:]}[mod]
    return chosen[0][0], chosen[-1][1]
