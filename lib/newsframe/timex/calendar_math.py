"""Calendar arithmetic for TIMEX3 values: formatting dates at a granularity, moving them by
calendar units, ISO 8601 durations, weekdays, holidays and quarters.

Pure functions of dates and numbers; nothing here reads text.
"""

from __future__ import annotations

import datetime as dt

from newsframe.timex.lexicon import Unit


def format_date(d: dt.date | None, granularity: str = "D") -> str:
    """Format a date at day (D), month (M), year (Y), week (W) or quarter (Q) granularity."""
    if d is None:
        return {"D": "XXXX-XX-XX", "M": "XXXX-XX", "Y": "XXXX", "W": "XXXX-WXX", "Q": "XXXX-QX"}[granularity]
    if granularity == "D":
        return d.isoformat()
    if granularity == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "Y":
        return f"{d.year:04d}"
    if granularity == "W":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def shift_date(d: dt.date, n: int, unit: str) -> dt.date:
    """Move a date by n calendar units (D, W, M, Q, Y), clamping the day of month."""
    if unit == "D":
        return d + dt.timedelta(days=n)
    if unit == "W":
        return d + dt.timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12}[unit] * n
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    if not dt.MINYEAR <= y <= dt.MAXYEAR:
        raise ValueError(f"year {y} is out of range")
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def iso_duration(n: float | None, unit: Unit) -> str:
    """ISO 8601 duration: (3, year) -> P3Y, (None, day) -> PXD, (1.5, hour) -> PT1H30M."""
    t = "T" if unit.time_part else ""
    if n is None:
        letter = {100: "C", 1000: "L"}.get(unit.multiplier, unit.letter) if unit.letter == "Y" else unit.letter
        return f"P{t}X{letter}"
    n = n * unit.multiplier
    whole, frac = int(n), n - int(n)
    if frac < 1e-9:
        return f"P{t}{whole}{unit.letter}"
    lower = {
        ("Y", False): (12, "M", False),
        ("M", False): (30, "D", False),
        ("W", False): (7, "D", False),
        ("D", False): (24, "H", True),
        ("H", True): (60, "M", True),
        ("M", True): (60, "S", True),
    }.get((unit.letter, unit.time_part))
    if lower is None:
        return f"P{t}{n:g}{unit.letter}"
    factor, letter2, time2 = lower
    rest = round(frac * factor)
    head = f"{whole}{unit.letter}" if whole else ""
    if time2 and not unit.time_part:
        return f"P{head}T{rest}{letter2}"
    return f"P{t}{head}{rest}{letter2}"


def is_valid_date(y: int, mo: int, d: int) -> bool:
    """Whether year, month and day make a real calendar date (no 30 February)."""
    try:
        dt.date(y, mo, d)
        return True
    except ValueError:
        return False


def weekday_date(a: dt.date, wd: int, rel: str, future: bool) -> dt.date:
    """The date of ISO weekday ``wd`` near ``a``: the last one, the next one, or by tense when ``rel`` gives no direction."""
    diff = wd - a.isoweekday()
    if rel in ("last", "past"):
        return a + dt.timedelta(days=(diff % 7) - 7 if diff % 7 else -7)
    if rel in ("next", "coming", "this coming"):
        return a + dt.timedelta(days=diff % 7 or 7)
    if diff == 0:
        return a
    if future or rel == "this" and diff > 0:
        return a + dt.timedelta(days=diff % 7)
    return a + dt.timedelta(days=-((-diff) % 7))


def holiday_date(spec: str, year: int) -> dt.date:
    """'12-25' -> Dec 25; '11-4-4' -> 4th Thursday of November; '05-1-5' -> last Monday of May."""
    parts = [int(p) for p in spec.split("-")]
    if len(parts) == 2:
        return dt.date(year, parts[0], parts[1])
    month, weekday, nth = parts
    first = dt.date(year, month, 1)
    d = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    while d.month != month:
        d -= dt.timedelta(weeks=1)
    return d


def quarter_of(a: dt.date, shift: int) -> tuple[int, int]:
    """(year, quarter) of the quarter ``shift`` quarters after the one holding ``a``."""
    idx = a.year * 4 + (a.month - 1) // 3 + shift
    return idx // 4, idx % 4 + 1
