"""Publication dates: the user's metadata read at its stated precision, and dates printed in an article.

Two readers, one set of rules about what a numeric date means:

:func:`parse_metadata_date` reads a manifest or export cell.  ``2024-05-18`` and
``May 18, 2024`` are days, ``May 2024`` and ``2024-05`` months, ``2024`` a year; the
timestamp is the period's first day and the precision (``day``, ``month``, ``year``) is
returned beside it, so nothing finer than the user wrote is claimed.  A numeric date whose
order is ambiguous (``05/06/2024``: 5 June or 6 May) is refused unless ``date_order``
(``DMY`` or ``MDY``) is given; a date that contradicts the given order is refused too.

:func:`date_from_text` reads the first lines of an article whose metadata has no date:

``text:published-line``
    a line such as ``Published: May 16, 2024`` or ``Updated 16 May 2024 12:25``;
``text:dateline``
    a wire dateline with a year, ``BEIJING, May 16, 2024 (Xinhua) --`` or
    ``MOSCOW, May 17, 2024. /TASS/.`` (a place, then an agency in brackets or a ``/TASS/``
    mark, or a place in capitals and a dash); a dateline without a year (the usual form) dates nothing on
    its own and is logged, since the year is never guessed;
``text:timestamp``
    ``2024-05-16 12:25:45``, ``18.05.2024``, ``(26 Apr 2024)`` or ``May 16, 2024`` on a short
    line that does not end like a sentence, in brackets, or between separators
    (``Source: Xinhua | 2024-05-16 12:25:45``).

The first published-line wins, then the first dateline, then the first timestamp.  A date
after ``today`` or before 1900 is never a publication date.  A numeric date with day and
month both at most 12 follows the order another numeric date of the same article shows
(``18.05.2024`` elsewhere shows day first); when none does it is left empty and logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from newsframe.errors import CorpusError

DATE_ORDERS = ("DMY", "MDY")
# The cleaning log's reason for a date read and refused: this, a colon, and one of "after today",
# "before 1900", "ambiguous day-month order", "dateline without a year", "not a calendar date".
DATE_NOT_TAKEN = "date not taken"
EARLIEST = pd.Timestamp("1900-01-01")
FIRST_LINES = 40
_MONTH_NAMES = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR_ONLY = re.compile(r"(?P<year>\d{4})")
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})")
_MONTH_YEAR = re.compile(rf"{_MONTH}\s*,?\s*(?P<year>\d{{4}})", re.IGNORECASE)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})")
_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_NAMED = (
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')},?\s+(?P<year2>\d{{4}}))"
)
_NUMERIC_TEXT = r"(?P<na>\d{1,2})(?P<nsep>[./])(?P<nb>\d{1,2})(?P=nsep)(?P<nyear>\d{4})"
_ANY_DATE = rf"(?:{_ISO}|{_NAMED}|{_NUMERIC_TEXT})"
_ANY_DATE_RE = re.compile(_ANY_DATE, re.IGNORECASE)
_PUBLISHED = re.compile(
    rf"^\W*(?:first\s+)?(?:published|posted|updated|last\s+updated|last\s+modified|modified|date)\b\s*(?:on|at|:)?\s*[:|-]?\s*(?:\w+day,?\s+)?{_ANY_DATE}",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'’-]{{1,30}})?),\s+(?i:{_MONTH})\s+(?P<day>\d{{1,2}})"
    r"(?:,\s*(?P<year>\d{4}))?\s*(?:(?P<mark>\.\s*/[A-Z]{2,10}/\.?)|\((?P<agency>[A-Za-z][\w .-]{1,30})\)\s*[-–—]|\s[-–—]{1,2}\s)",
)
_STAMP_CONTEXT = re.compile(
    rf"(?:^|[(\[|•·]\s*){_ANY_DATE}(?:[ ,]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?)?\s*(?:[A-Z]{{2,4}}\b|GMT[+-]?\d*)?\s*(?:$|[)\]|•·])",
    re.IGNORECASE,
)
_SHORT_LINE_WORDS = 8
# A short line ending like a sentence is body ("The summit opened on May 16, 2024."), not a timestamp.
_SENTENCE_END = (".", "!", "?", '"', "”")
_DATE_ONLY = re.compile(
    rf"\W*(?:\w+day,?\s+)?{_ANY_DATE}(?:\s*[-–—,|at]*\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\W*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    """A publication date read from an article: the day, its source label and the line it came from (1-based)."""

    published: pd.Timestamp | None
    source: str
    line_no: int = 0


def parse_metadata_date(value: object, *, where: str, date_order: str | None = None) -> tuple[pd.Timestamp, str]:
    """``(timestamp, precision)`` of a metadata cell; ``(NaT, "")`` when it is empty.

    Raises :class:`CorpusError` naming ``where`` for a date that cannot be read, an
    ambiguous numeric date without ``date_order``, or one that contradicts it.
    """
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    if not text:
        return pd.NaT, ""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS} or None, not {date_order!r}")
    if match := _YEAR_ONLY.fullmatch(text):
        return _checked(where, text, int(match["year"]), 1, 1), "year"
    if (match := _YEAR_MONTH.fullmatch(text)) and 1 <= int(match["month"]) <= 12:
        return _checked(where, text, int(match["year"]), int(match["month"]), 1), "month"
    if match := _MONTH_YEAR.fullmatch(text):
        return _checked(where, text, int(match["year"]), _month_number(match["month"]), 1), "month"
    if match := _NUMERIC.match(text):
        day, month = _numeric_order(int(match["a"]), int(match["b"]), date_order, text=text, where=where)
        stamp = _checked(where, text, int(match["year"]), month, day)
        rest = text[match.end() :].strip()
        if rest:
            stamp = _with_time(stamp, rest, where=where, text=text)
        return stamp, "day"
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError) as error:
        raise CorpusError(
            f"{where}: cannot read the date {text!r} ({error}); write it as YYYY-MM-DD or leave it empty"
        ) from None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp, "day"


def _with_time(stamp: pd.Timestamp, rest: str, *, where: str, text: str) -> pd.Timestamp:
    try:
        clock = pd.Timestamp(f"2000-01-01 {rest}")
    except (ValueError, TypeError):
        raise CorpusError(f"{where}: cannot read the date {text!r}; write it as YYYY-MM-DD or leave it empty") from None
    if clock.tzinfo is not None:
        clock = clock.tz_convert("UTC").tz_localize(None)
    return stamp + (clock - pd.Timestamp("2000-01-01"))


def _numeric_order(a: int, b: int, date_order: str | None, *, text: str, where: str) -> tuple[int, int]:
    """``(day, month)`` of a numeric ``a/b/year`` date under ``date_order``."""
    if date_order == "DMY":
        if b > 12:
            raise CorpusError(f"{where}: the date {text!r} is not day-month-year (month {b}); check --date-order")
        return a, b
    if date_order == "MDY":
        if a > 12:
            raise CorpusError(f"{where}: the date {text!r} is not month-day-year (month {a}); check --date-order")
        return b, a
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    if a == b:
        return a, b
    raise CorpusError(
        f"{where}: the date {text!r} could be {a} {_MONTH_LABELS[b]} or {b} {_MONTH_LABELS[a]}; write it as YYYY-MM-DD, "
        f"or say which order the file uses with --date-order DMY or --date-order MDY (date_order=... in Python)"
    )


_MONTH_LABELS = dict(
    enumerate(
        [
            "",
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    )
)


def _month_number(name: str) -> int:
    return _MONTH_NAMES[name.lower()[:3]]


def _checked(where: str, text: str, year: int, month: int, day: int) -> pd.Timestamp:
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError as error:
        raise CorpusError(
            f"{where}: cannot read the date {text!r} ({error}); write it as YYYY-MM-DD or leave it empty"
        ) from None


def _day(year: int, month: int, day: int) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return None


def _numeric_convention(lines: list[str]) -> str | None:
    """``DMY`` or ``MDY`` when a numeric date in these lines can only be read one way, else None."""
    orders = set()
    for line in lines:
        for match in re.finditer(_NUMERIC_TEXT, line):
            a, b = int(match["na"]), int(match["nb"])
            if a > 12 >= b:
                orders.add("DMY")
            elif b > 12 >= a:
                orders.add("MDY")
    return orders.pop() if len(orders) == 1 else None


def _date_of(match: re.Match, convention: str | None) -> tuple[pd.Timestamp | None, str]:
    """The day a date match names, or ``(None, why)``."""
    if match["iso"]:
        return _iso_day(match["iso"]), ""
    if match["month"] and match["day"]:
        return _day(int(match["year"]), _month_number(match["month"]), int(match["day"])), ""
    if match["month2"]:
        return _day(int(match["year2"]), _month_number(match["month2"]), int(match["day2"])), ""
    a, b, year = int(match["na"]), int(match["nb"]), int(match["nyear"])
    if a > 12 >= b or (a == b):
        return _day(year, b, a), ""
    if b > 12 >= a:
        return _day(year, a, b), ""
    if convention == "DMY":
        return _day(year, b, a), ""
    if convention == "MDY":
        return _day(year, a, b), ""
    return None, "ambiguous day-month order"


def _iso_day(iso: str) -> pd.Timestamp | None:
    year, month, day = (int(part) for part in iso.split("-"))
    return _day(year, month, day)


def implausible(stamp: pd.Timestamp | None, today: pd.Timestamp) -> str:
    """Why ``stamp`` cannot be a publication date (after ``today``, before 1900, no date), or ``""``."""
    if stamp is None:
        return "not a calendar date"
    if stamp > today:
        return "after today"
    if stamp < EARLIEST:
        return "before 1900"
    return ""


def date_from_text(
    lines: list[str], *, today: pd.Timestamp | None = None
) -> tuple[FoundDate | None, list[tuple[int, str, str]]]:
    """The publication date printed in an article's first lines, and log rows for dates refused.

    ``lines`` are the article's lines (the first :data:`FIRST_LINES` non-empty ones are
    read).  Returns ``(FoundDate or None, [(line_no, line, reason), ...])``.
    """
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today)
    head = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()][:FIRST_LINES]
    convention = _numeric_convention([line for _, line in head])
    refused: list[tuple[int, str, str]] = []
    candidates: dict[str, FoundDate] = {}
    for number, line in head:
        for source, match in _matches(line):
            if source in candidates:
                continue
            if source == "text:dateline":
                if not match["year"]:
                    refused.append((number, line, f"{DATE_NOT_TAKEN}: dateline without a year"))
                    continue
                stamp, why = _day(int(match["year"]), _month_number(match["month"]), int(match["day"])), ""
            else:
                stamp, why = _date_of(match, convention)
            why = why or implausible(stamp, today)
            if why:
                refused.append((number, line, f"{DATE_NOT_TAKEN}: {why}"))
                continue
            candidates[source] = FoundDate(stamp, source, number)
    for source in ("text:published-line", "text:dateline", "text:timestamp"):
        if source in candidates:
            return candidates[source], refused
    return None, refused


def _matches(line: str) -> list[tuple[str, re.Match]]:
    found = []
    if match := _PUBLISHED.match(line):
        found.append(("text:published-line", match))
    if (match := _DATELINE.match(line)) and (match["place"].isupper() or match["agency"] or match["mark"]):
        found.append(("text:dateline", match))
    if (
        len(line.split()) <= _SHORT_LINE_WORDS
        and not line.endswith(_SENTENCE_END)
        and (match := _ANY_DATE_RE.search(line))
    ):
        found.append(("text:timestamp", match))
    elif match := _STAMP_CONTEXT.search(line):
        found.append(("text:timestamp", match))
    return found


@lru_cache(maxsize=20_000)
def is_date_line(line: str) -> bool:
    """A line that holds nothing but a date (and time), or a published/updated line: page furniture once read.

    Memoised per process by the exact line (a pure function of it).
    """
    if _PUBLISHED.match(line) and len(line.split()) <= 12:
        return True
    return bool(_DATE_ONLY.fullmatch(line))
