"""Resolvers for calendar dates and times: ISO and numeric dates, month-day(-year), months,
weekdays, holidays, "yesterday"/"tonight", parts of day, years, decades, centuries, seasons.

A resolver takes a rule's match and the reading :class:`~newsframe.timex.context.Context`
and returns ``(type, value, mod)``, or ``None`` to reject the candidate (a month name that is
a verb, a number that is a street number). Resolvers that fix a date move the focus.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from newsframe.dates import PLAUSIBLE_YEARS
from newsframe.timex.calendar_math import format_date, holiday_date, is_valid_date, weekday_date
from newsframe.timex.context import Context, Result, nearest_year
from newsframe.timex.lexicon import mod_of, month_number, ordinal_value, timex_lexicon, year_value

_POSSESSIVE = re.compile(r"['’]s\b")


def resolve_iso_date(m: re.Match, ctx: Context) -> Result:
    """ "2024-05-16": that day, which becomes the focus; None for an impossible date."""
    d = dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if is_valid_date(int(m["y"]), int(m["m"]), int(m["d"])) else None
    if d is None:
        return None
    ctx.set_focus(d, "D")
    ctx.explicit_year = d.year
    return "DATE", d.isoformat(), ""


def resolve_numeric_date(m: re.Match, ctx: Context) -> Result:
    """ "5/16/2024", "5/16/24" (month first; two-digit years above 30 are 19xx): that day."""
    y = int(m["y"])
    if y < 100:
        y += 1900 if y > 30 else 2000
    if not is_valid_date(y, int(m["m"]), int(m["d"])):
        return None
    d = dt.date(y, int(m["m"]), int(m["d"]))
    ctx.set_focus(d, "D")
    ctx.explicit_year = y
    return "DATE", d.isoformat(), ""


def _clock_value(token: str) -> str | None:
    """'5:30 p.m.' -> '17:30', 'noon' -> '12:00'; None for an impossible hour."""
    t = token.lower().replace(" ", "")
    if t in ("noon", "midday"):
        return "12:00"
    if t == "midnight":
        return "24:00"
    mm = re.match(r"(\d{1,2})(?:[:.](\d\d))?", t)
    if not mm:
        return None
    h, mi = int(mm.group(1)), int(mm.group(2) or 0)
    if "p" in t and h < 12:
        h += 12
    if "a" in t and h == 12:
        h = 0
    if h > 24:
        return None
    return f"{h:02d}:{mi:02d}"


def _day_of(token: str | None, ctx: Context, start: int, end: int, rel: str | None = None) -> dt.date | None:
    """Resolve 'today'/'yesterday'/'tomorrow'/a weekday name (or None = the anchor day)."""
    a = ctx.anchor
    if a is None:
        return None
    if not token:
        return a
    t = token.lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if t in offsets:
        return a + dt.timedelta(days=offsets[t])
    wd = int(timex_lexicon().words["weekday"][t])
    return weekday_date(a, wd, (rel or "").lower(), ctx.future(start, end))


def resolve_clock(m: re.Match, ctx: Context) -> Result:
    """ "5 p.m. Tuesday", "at 10:30 a.m.", "noon on May 3": a TIME on the day named, else the day in focus, else the anchor."""
    clock = _clock_value(m["clock"])
    if clock is None:
        return None
    wd = (m["wd"] or "").strip()
    wd = re.sub(r"^on\s+", "", wd, flags=re.IGNORECASE)
    if m.groupdict().get("cm"):  # "5 p.m. EST, Nov. 6"
        mo, day = month_number(m["cm"]), ordinal_value(m["cd"])
        y = nearest_year(ctx, mo, day, m.start(), m.end())
        if day is None or y is None or not is_valid_date(y, mo, day):
            return None
        d = dt.date(y, mo, day)
    elif wd:
        d = _day_of(wd, ctx, m.start(), m.end())
    else:
        d = ctx.focus if ctx.focus is not None and ctx.focus_gran == "D" else ctx.anchor
    mod = mod_of((m.groupdict().get("approx") or "").split()[0] if m.groupdict().get("approx") else None)
    return "TIME", f"{format_date(d)}T{clock}", "APPROX" if mod else ""


def resolve_month_day(m: re.Match, ctx: Context) -> Result:
    """ "May 16", "May 16, 2024", "16th of May": a day; without a year, the year is placed by tense around the anchor."""
    mo = month_number(m["m"])
    day = ordinal_value(m["d"])
    if day is None or not 1 <= day <= 31:
        return None
    if m["y"]:
        y = year_value(m["y"])
        if y is None or not is_valid_date(y, mo, day):
            return None
        ctx.explicit_year = y
    else:
        if re.fullmatch(r"may|march|jan|mar\.|sun", m["m"].strip(), re.IGNORECASE) and m["m"][0].islower():
            return None
        y = nearest_year(ctx, mo, day, m.start(), m.end())
        if y is not None and not is_valid_date(y, mo, day):
            return None
    mod = mod_of(m.groupdict().get("mod"))
    if y is None:
        return "DATE", f"XXXX-{mo:02d}-{day:02d}", mod
    d = dt.date(y, mo, day)
    ctx.set_focus(d, "D")
    return "DATE", d.isoformat(), mod


def resolve_month_year(m: re.Match, ctx: Context) -> Result:
    """ "May 2024", "May last year": a month; rejects a "year" that is a street number or two run-together days."""
    mo = month_number(m["m"])
    if m["y"]:
        y = year_value(m["y"])
        if (
            y is None
            or _run_together_days(m["y"])
            or (m["y"].isdigit() and _not_a_year(ctx.text, m.start("y"), m.end("y")))
        ):
            return None
    else:
        if ctx.anchor is None:
            return "DATE", f"XXXX-{mo:02d}", mod_of(m["mod"])
        y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    ctx.set_focus(dt.date(y, mo, 1), "M")
    return "DATE", f"{y:04d}-{mo:02d}", mod_of(m["mod"])


_AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar.", "sept", "aug", "dec", "oct", "nov", "feb", "sep", "apr"}


def resolve_month(m: re.Match, ctx: Context) -> Result:
    """ "in May", "last December", "early June": a month placed by its direction or by tense; bare abbreviations and the verb "may" are rejected."""
    word = m["m"]
    rel = (m["rel"] or "").lower()
    if len(word) <= 4 and not word.endswith(".") and word.lower() not in ("may", "june", "july"):
        return None  # "Jan Kavan", "Sept": bare abbreviations are names or truncations
    if word.lower() in _AMBIGUOUS_MONTHS and (word[0].islower() or not (rel or m["mod"])):
        if word.lower() in ("may", "march") or word[0].islower():
            # "May" / "march" alone are usually the verb; accept only after a preposition.
            before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
            if word[0].islower() or not re.search(
                r"\b(?:in|since|until|till|by|of|from|through|during|before|after|early|late|mid|last|this|next)\s+$",
                before,
            ):
                return None
    mo = month_number(word)
    mod = mod_of(m["mod"]) or mod_of(rel if rel in ("early", "late", "mid") else None)
    a = ctx.anchor
    if rel in ("last", "past"):
        if a is None:
            return "DATE", f"XXXX-{mo:02d}", mod
        y = a.year if mo < a.month else a.year - 1
    elif rel in ("next", "coming"):
        if a is None:
            return "DATE", f"XXXX-{mo:02d}", mod
        y = a.year if mo > a.month else a.year + 1
    elif rel == "this" and a is not None:
        y = a.year
    else:
        y = nearest_year(ctx, mo, 0, m.start(), m.end())
    if y is None:
        return "DATE", f"XXXX-{mo:02d}", mod
    ctx.set_focus(dt.date(y, mo, 1), "M")
    return "DATE", f"{y:04d}-{mo:02d}", mod


def resolve_weekday(m: re.Match, ctx: Context) -> Result:
    """ "Thursday", "last Friday", "the previous Monday", "Sundays" (a SET): a day placed from the anchor (or the focus for "the previous")."""
    word = m["wd"]
    wd = int(timex_lexicon().words["weekday"][word.lower()])
    pod = timex_lexicon().words["part_of_day"].get((m["pod"] or "").lower())
    if m["plural"]:
        return "SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), ""
    rel = (m["rel"] or "").lower()
    rel = "" if rel == "on" else re.sub(r"\s+", " ", rel)
    mod = mod_of(m["mod"])
    # "Wednesday's ruling" names an event already reported, so it is the past Wednesday.
    future = not _POSSESSIVE.match(ctx.text, m.end()) and ctx.future(m.start(), m.end())
    if rel.startswith("the "):  # "the previous Friday": counted from the day in focus
        ref = ctx.focus if ctx.focus is not None and ctx.focus_gran == "D" else ctx.anchor
        if ref is None:
            return ("TIME" if pod else "DATE"), f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), mod
        d = weekday_date(ref, wd, "next" if rel == "the following" else "last", False)
    elif ctx.anchor is None:
        ref = ctx.focus if ctx.focus_gran == "D" else None
        if ref is None:
            return ("TIME" if pod else "DATE"), f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), mod
        d = weekday_date(ref, wd, rel, future)
    else:
        d = weekday_date(ctx.anchor, wd, rel, future)
    ctx.set_focus(d, "D")
    if pod:
        return "TIME", f"{d.isoformat()}T{pod}", mod
    return "DATE", d.isoformat(), mod


def resolve_holiday(m: re.Match, ctx: Context) -> Result:
    """ "Christmas", "last Thanksgiving": the holiday's date in the year its direction or tense gives."""
    spec = timex_lexicon().words["holiday"][re.sub(r"\s+", " ", m["hol"].lower())]
    rel = (m["rel"] or "").lower()
    a = ctx.anchor
    if a is None:
        fixed = spec.count("-") == 1
        return "DATE", f"XXXX-{spec}" if fixed else "XXXX-XX-XX", ""
    this = holiday_date(spec, a.year)
    if rel == "last":
        y = a.year if this < a else a.year - 1
    elif rel == "next":
        y = a.year if this > a else a.year + 1
    else:
        y = nearest_year(ctx, this.month, this.day, m.start(), m.end()) or a.year
    return "DATE", holiday_date(spec, y).isoformat(), ""


def resolve_deictic(m: re.Match, ctx: Context) -> Result:
    """ "today", "yesterday", "tonight", "now" (PRESENT_REF): a day offset from the anchor, or a REF value."""
    word = re.sub(r"\s+", " ", m["word"].lower())
    value = timex_lexicon().words["deictic"][word]
    mod = mod_of(m["mod"])
    if value.endswith("_REF"):
        if m["pod"]:
            return None
        if word in ("now", "the present") and m["mod"]:
            return None
        return "DATE", value, ""
    offset = int(re.match(r"-?\d+", value).group())
    pod = value[len(str(offset)) :] or ""
    pod = timex_lexicon().words["part_of_day"].get((m["pod"] or "").lower(), pod)
    a = ctx.anchor
    d = a + dt.timedelta(days=offset) if a else None
    if d is not None:
        ctx.set_focus(d, "D")
    base = format_date(d)
    if pod:
        return "TIME", f"{base}T{pod}", mod
    return "DATE", base, mod


def resolve_part_of_day(m: re.Match, ctx: Context) -> Result:
    """ "this morning", "that evening", "the next morning": a part of day (TIME) of the anchor or the day in focus."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    pod = timex_lexicon().words["part_of_day"][m["pod"].lower()]
    a = ctx.anchor
    if rel in ("the", "that"):
        if ctx.focus is None or ctx.focus_gran != "D":
            return None
        d = ctx.focus
    elif rel in ("the next", "the following"):
        base = ctx.focus if ctx.focus_gran == "D" and ctx.focus else a
        d = base + dt.timedelta(days=1) if base else None
        return "DATE", format_date(d), ""
    elif rel == "the previous":
        base = ctx.focus if ctx.focus_gran == "D" and ctx.focus else a
        d = base - dt.timedelta(days=1) if base else None
        return "DATE", format_date(d), ""
    elif rel == "last":
        d = a - dt.timedelta(days=1) if a else None
    else:
        d = a + dt.timedelta(days={"this": 0, "yesterday": -1, "tomorrow": 1}[rel]) if a else None
    return "TIME", f"{format_date(d)}T{pod}", mod_of(m["mod"])


# What makes a four-digit number something other than a year (see _not_a_year).
_DIMENSION_AFTER = re.compile(r"\s*[x×]\s*\d")
_DIMENSION_BEFORE = re.compile(r"\d\s*[x×]\s*$")
_ZONE_AFTER = re.compile(r"\s*(?:h|hrs?|GMT|UTC|[ECMP][SD]T|CES?T|BST|MSK|JST|local\s+time|military\s+time)\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}|(?:\(\d{2,4}\)\s?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){1,3}\d{2,4})(?!\w)"
)
_NUMBER_BEFORE = re.compile(
    r"(?:\$|£|€|\bNo\.?|\bflight|\broute|\bnumber|\bpages?|\bpp?\.|\broom|#|\bversion|\bmodel|\bsuite|\bbox)\s*$",
    re.IGNORECASE,
)


@functools.cache
def _after_number() -> re.Pattern:
    """Words after a number that make it a street number ("1600 Pennsylvania Avenue") or a count ("1800 pages")."""
    lexicon = timex_lexicon()
    name = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))"
    return re.compile(
        rf"\s+(?:(?:[NSEW]\.?\s+)?(?:{name}\s+){{1,4}}(?i:{lexicon.alt('street')})(?![\w])|(?i:{lexicon.alt('measure')})(?![\w]))"
    )


def _not_a_year(text: str, start: int, end: int) -> bool:
    """Is the number ``text[start:end]`` a street number, image size, clock time, phone number or count rather than a year?

    "1600 Pennsylvania Avenue", "1600 x 900", "710x340", "at 1630 GMT", "call 202 456 1600",
    "page 1650", "1800 pages": the words around a number say what it counts.
    """
    before = text[max(0, start - 20) : start]
    if _NUMBER_BEFORE.search(before) or _DIMENSION_BEFORE.search(before):
        return True
    if _DIMENSION_AFTER.match(text, end) or _ZONE_AFTER.match(text, end) or _after_number().match(text, end):
        return True
    return any(
        m.start() <= start and end <= m.end()
        for m in _PHONE.finditer(text, max(0, start - 25), min(len(text), end + 25))
    )


@functools.cache
def _month_before() -> re.Pattern:
    """A month name just before a position ("May 1617" reads as two days)."""
    return re.compile(rf"\b{timex_lexicon().alt('month')}\s+$", re.IGNORECASE)


def _run_together_days(digits: str) -> bool:
    """Whether a "year" after a month is two days that lost their dash: "May 1617" is May 16-17, not 1617.

    Only numbers before the first plausible year are read so ("May 1920" stays a year).
    """
    if len(digits) != 4 or not digits.isdigit() or int(digits) >= PLAUSIBLE_YEARS[0]:
        return False
    first, second = int(digits[:2]), int(digits[2:])
    return 1 <= first < second <= 31


def resolve_year(m: re.Match, ctx: Context) -> Result:
    """ "2024", "nineteen ninety-six", "fiscal 2023", "post-2020": a year, unless the number is a street number, count or two days."""
    y = year_value(m["y"])
    if y is None:
        return None
    if m["s"]:
        return None
    if m["y"].isdigit() and _not_a_year(ctx.text, m.start("y"), m.end("y")):
        return None
    if _run_together_days(m["y"]) and _month_before().search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    if not m["y"].isdigit() and not re.search(r"\s", m["y"].strip()):
        return None
    ctx.set_focus(dt.date(y, 1, 1), "Y")
    mod = mod_of(m["mod"]) if m["mod"] and m["mod"].lower() not in ("post-", "pre-") else ""
    if m["mod"] and m["mod"].lower() == "post-":
        mod = "AFTER"
    elif m["mod"] and m["mod"].lower() == "pre-":
        mod = "BEFORE"
    return "DATE", f"{y:04d}", mod


def resolve_decade(m: re.Match, ctx: Context) -> Result:
    """ "the 1990s", "the '90s", "the late 1960s": a decade (``199X``); two digits need "the"."""
    if len(m["dec"]) == 2 and not m.group(0).lower().startswith("the"):
        return None
    dec = m["dec"].lstrip("'’")
    if len(dec) == 2:
        century = 19 if ctx.anchor is None or int(dec) > (ctx.anchor.year % 100) else ctx.anchor.year // 100
        value = f"{century}{dec[0]}"
    else:
        value = dec[:3]
    return "DATE", value + "X", mod_of(m["mod"])


def resolve_decade_word(m: re.Match, ctx: Context) -> Result:
    """ "the nineties": a decade from the lexicon."""
    value = timex_lexicon().words["decade_word"][m["dec"].lower()]
    return "DATE", value + "X", mod_of(m["mod"])


def resolve_century(m: re.Match, ctx: Context) -> Result:
    """ "the 21st century", "last century": a century (``20``), counted from the anchor for relative ones."""
    rel = (m["rel"] or "").lower()
    if rel:
        if ctx.anchor is None:
            return "DATE", "XX", mod_of(m["mod"])
        c = ctx.anchor.year // 100 + {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[rel]
    else:
        n = ordinal_value(m["ord"])
        if n is None or not 1 <= n <= 30:
            return None
        c = n - 1
    return "DATE", f"{c:02d}", mod_of(m["mod"])


def resolve_season(m: re.Match, ctx: Context) -> Result:
    """ "this summer", "last winter", "spring 2023": a season of the year its direction, year or tense gives."""
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    word = m["season"]
    code = timex_lexicon().words["season"][word.lower()]
    if not det and not m["y"] and not m["mod"]:
        before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
        if not re.search(r"\b(?:in|this|last|by|until|since|during|through)\s+$", before):
            return None
        if word.lower() in ("fall", "spring"):
            return None
    if det == "the" and not m["y"] and word.lower() in ("fall", "spring"):
        after = ctx.text[m.end() : m.end() + 6].lower()
        if re.match(r"\s+(?:of|in)\b", after) and not re.match(r"\s+of\s+\d", ctx.text[m.end() : m.end() + 9]):
            return None
    mod = mod_of(m["mod"]) or mod_of(det if det in ("early", "late", "mid") else None)
    a = ctx.anchor
    if m["y"]:
        y = year_value(m["y"])
        if y is None:
            return None
    elif a is None:
        if ctx.explicit_year is not None and det not in ("last", "next", "this past", "past", "coming"):
            y = ctx.explicit_year
        else:
            return "DATE", f"XXXX-{code}", mod
    else:
        season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
        cur = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(a.month, "FA")
        order = ["WI", "SP", "SU", "FA"]
        if det in ("last", "past", "this past"):
            y = a.year if order.index(code) < order.index(cur) else a.year - 1
        elif det in ("next", "coming"):
            y = a.year if order.index(code) > order.index(cur) else a.year + 1
        elif det == "this":
            y = a.year  # "this summer" is the anchor year's, whether said in spring or in autumn
        else:
            y = nearest_year(ctx, season_month, 0, m.start(), m.end()) or a.year
    return "DATE", f"{y:04d}-{code}", mod
