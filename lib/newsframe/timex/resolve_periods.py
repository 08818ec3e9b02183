"""Resolvers for periods and amounts of time: quarters and halves, "two years ago", "last
week", "the end of the year", durations ("three months", "a 10-year plan") and sets ("every
week", "twice a year").

Same contract as :mod:`newsframe.timex.resolve_dates`: ``(type, value, mod)`` or ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

from newsframe.timex.calendar_math import format_date, iso_duration, quarter_of, shift_date
from newsframe.timex.context import Context, Result
from newsframe.timex.lexicon import mod_of, parse_number, timex_lexicon, unit_of, year_value

_HEDGE_BEFORE = re.compile(r"\b(?:about|around|approximately|roughly|some|only|just|barely)\s+$", re.IGNORECASE)
_MONEY_BEFORE = re.compile(
    r"(?:[\d%]|\b(?:billion|million|trillion|cents?|dollars?|times|twice|once|percent))\s*$", re.IGNORECASE
)
_COUNT_BEFORE = re.compile(
    r"\b(?!(?:perhaps|always|sometimes|besides|towards|afterwards|whereas|unless|this|was|has|is|as)\b)"
    r"\w{2,}[^su\W]s\s+$",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"\s+old\b", re.IGNORECASE)
_OVER_BEFORE = re.compile(r"\b(?:well|a\s+little)?\s*over\s+$", re.IGNORECASE)
_ADJECTIVE_USE = re.compile(
    r"\s+(?!(?:and|or|but|to|in|on|at|for|from|with|by|since|until|through|over|as|than|the|a|an|"
    r"this|that|since|after|before|during|while|when|if|because|is|are|was|were|will|would|has|have)\b)[a-z]"
)


def _approx_before(text: str, start: int) -> str:
    """APPROX when the words just before a span hedge it ("about", "around"), MORE_THAN after
    "over"; TimeBank leaves these words outside the extent."""
    if _OVER_BEFORE.search(text, max(0, start - 20), start):
        return "MORE_THAN"
    return "APPROX" if _HEDGE_BEFORE.search(text, max(0, start - 20), start) else ""


def _quarter_value(ctx: Context, q: int | None, year: int | None, unit: str) -> str:
    """TIMEX3 value of quarter or half ``q`` of ``year`` (X for unknown parts); a known quarter becomes the quarter in focus."""
    if unit == "half":
        if year is None:
            return f"XXXX-H{q}" if q else "XXXX-HX"
        return f"{year:04d}-H{q}"
    if q is None:
        return "XXXX-QX" if year is None else f"{year:04d}-QX"
    if year is None:
        return f"XXXX-Q{q}"
    ctx.last_quarter = (year, q)
    return f"{year:04d}-Q{q}"


def resolve_quarter(m: re.Match, ctx: Context) -> Result:
    """ "the third quarter", "the first half of 2023", "the latest quarter", "the year-ago quarter": a quarter or half."""
    qword = m["q"].lower()
    unit = m["unit"].lower()
    ords = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
    a = ctx.anchor
    if unit == "period" and qword in ords:
        return None
    if qword in ords:
        if unit == "half" and ords[qword] > 2:
            return None
        q = ords[qword]
        if m["yago"]:  # "the year-ago third quarter": that quarter, one year before the one in focus
            base = ctx.last_quarter[0] if ctx.last_quarter else (a.year if a else None)
            year = base - 1 if base is not None else None
            if year is None or unit != "quarter":
                return "DATE", _quarter_value(ctx, q, year, unit), ""
            return "DATE", f"{year:04d}-Q{q}", ""  # the comparison quarter does not become the focus
        if m["y"] or m["yq"]:
            year = year_value(m["y"] or m["yq"])
        elif m["relq"]:
            year = a.year + {"this": 0, "last": -1, "next": 1}[m["relq"].lower()] if a else None
        elif ctx.explicit_year is not None:
            year = ctx.explicit_year
        elif a is None:
            year = None
        else:
            current = (a.month - 1) // 3 + 1 if unit == "quarter" else (a.month - 1) // 6 + 1
            later = q > current and not ctx.future(m.start(), m.end())
            year = a.year - 1 if later else a.year
        return "DATE", _quarter_value(ctx, q, year, unit), ""
    if unit == "half":
        return None
    # latest / current / year-earlier / same / comparable quarter or period
    if qword in ("year-earlier", "year-ago", "comparable"):
        base = ctx.last_quarter or (quarter_of(a, -1) if a else None)
        if base is None:
            return "DATE", "XXXX-QX", ""
        return "DATE", f"{base[0] - 1:04d}-Q{base[1]}", ""
    if qword in ("latest", "recent", "same", "last", "final", "previous") and unit in ("quarter", "period"):
        if qword == "last" and unit == "quarter" and ctx.last_quarter is None and a:
            y, q = quarter_of(a, -1)
            return "DATE", _quarter_value(ctx, q, y, "quarter"), ""
        base = ctx.last_quarter or (quarter_of(a, -1) if a else None)
        if qword == "previous" and base:
            y, q = base
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
            return "DATE", f"{y:04d}-Q{q}", ""
        if base is None:
            return "DATE", "XXXX-QX", ""
        return "DATE", f"{base[0]:04d}-Q{base[1]}", ""
    if qword == "current" and unit == "quarter":
        if a is None:
            return "DATE", "XXXX-QX", ""
        y, q = quarter_of(a, 0)
        return "DATE", _quarter_value(ctx, q, y, "quarter"), ""
    return None


def resolve_year_quarter(m: re.Match, ctx: Context) -> Result:
    """ "the 2023 quarter": that year's quarter in focus, else (for "period") the year; None without a quarter in focus."""
    year = int(m["y"])
    if ctx.last_quarter is None:
        return ("DATE", f"{year:04d}", "") if m["unit"].lower() == "period" else None
    return "DATE", f"{year:04d}-Q{ctx.last_quarter[1]}", ""


def resolve_bare_quarter(m: re.Match, ctx: Context) -> Result:
    """ "the quarter": the quarter in focus, else the one before the anchor's."""
    base = ctx.last_quarter or (quarter_of(ctx.anchor, -1) if ctx.anchor else None)
    if base is None:
        return "DATE", "XXXX-QX", ""
    return "DATE", f"{base[0]:04d}-Q{base[1]}", ""


def resolve_year_earlier(m: re.Match, ctx: Context) -> Result:
    """ "year-earlier" before a results word ("year-earlier profit"): the quarter in focus a year back, else the year before."""
    following = ctx.text[m.end() : m.end() + 12].lower()
    if (
        re.match(r"\s+(?:quarter|period|level|results?|figures?|profit|earnings|net|sales|revenue|loss)", following)
        is None
    ):
        if not re.match(r"\s*[.,;]", following):
            return None
    if ctx.last_quarter:
        y, q = ctx.last_quarter
        return "DATE", f"{y - 1:04d}-Q{q}", ""
    ref = ctx.ref()
    return "DATE", format_date(shift_date(ref, -1, "Y") if ref else None, "Y"), ""


_UNIT_GRAN = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y"}


def resolve_ago(m: re.Match, ctx: Context) -> Result:
    """ "two years ago", "three days later": the anchor (or, for earlier/later, the focus) moved by the amount."""
    unit = unit_of(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    n = parse_number(m["n"])
    approx = mod_of(m["approx"]) if m["approx"] else ""
    if direction in ("before", "after", "since"):
        return None
    if unit.time_part:
        return None
    sign = 1 if direction in ("later", "from now", "hence") else -1
    anaphoric = direction in ("earlier", "later")
    ref = ctx.ref() if anaphoric else ctx.anchor
    letter = unit.letter
    gran = _UNIT_GRAN.get(letter, "D")
    if letter == "Y" and unit.multiplier == 1 and n == 1 and ctx.last_quarter and direction in ("ago", "earlier"):
        y, q = ctx.last_quarter
        return "DATE", f"{y - 1:04d}-Q{q}", approx
    if n is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", approx
    if ref is None:
        return "DATE", format_date(None, gran), approx
    if n != int(n):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", approx
    steps = int(n) * unit.multiplier
    try:
        d = shift_date(ref, sign * steps, letter if letter in "DWMQY" else "D")
    except (ValueError, OverflowError):  # "5000 years ago": before year 1, which no calendar date holds
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", approx
    if unit.multiplier >= 10:
        return "DATE", f"{d.year:04d}", approx or "APPROX"
    return "DATE", format_date(d, gran), approx


def resolve_relative_unit(m: re.Match, ctx: Context) -> Result:
    """ "last week", "next month", "this quarter", "the previous year", "this weekend": the unit around the anchor or focus."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    mod = mod_of(m["mod"]) or mod_of((m["mod2"] + " of") if m["mod2"] else None)
    a = ctx.anchor
    if rel == "recent" or unit_word in ("second", "minute", "hour"):
        return None
    if unit_word == "weekend":
        if rel in ("that", "same", "following", "previous", "latest", "prior", "preceding", "current"):
            return None
        if a is None:
            return "DATE", "XXXX-WXX-WE", mod
        shift = {"last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[rel]
        if rel == "this" and a.isoweekday() == 1:
            shift = -1
        d = a + dt.timedelta(weeks=shift)
        return "DATE", format_date(d, "W") + "-WE", mod
    if rel in ("same", "that"):
        ref, gran = ctx.ref(), {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}.get(unit_word)
        if gran is None:
            return None
        if gran == "Q" and ctx.last_quarter:
            y, q = ctx.last_quarter
            return "DATE", f"{y:04d}-Q{q}", mod
        return "DATE", format_date(ref, gran), mod
    if unit_word == "quarter":
        if a is None:
            return "DATE", "XXXX-QX", mod
        shift = {
            "last": -1,
            "past": -1,
            "previous": -1,
            "prior": -1,
            "preceding": -1,
            "this past": -1,
            "this": 0,
            "current": 0,
            "latest": -1,
            "next": 1,
            "coming": 1,
            "following": 1,
        }[rel]
        if rel in ("latest", "previous", "following", "prior", "preceding") and ctx.last_quarter:
            y, q = ctx.last_quarter
            idx = y * 4 + q - 1 + (0 if rel == "latest" else shift)
            return "DATE", f"{idx // 4:04d}-Q{idx % 4 + 1}", mod
        y, q = quarter_of(a, shift)
        return "DATE", _quarter_value(ctx, q, y, "quarter"), mod
    unit = unit_of(unit_word)
    shift = {
        "last": -1,
        "past": -1,
        "previous": -1,
        "prior": -1,
        "preceding": -1,
        "this past": -1,
        "this": 0,
        "current": 0,
        "latest": 0,
        "next": 1,
        "coming": 1,
        "following": 1,
    }[rel]
    anaphoric = rel in ("following", "previous", "prior", "preceding")
    ref = ctx.ref() if anaphoric else a
    if unit.multiplier >= 10:
        if ref is None:
            return "DATE", "XXX" if unit.multiplier == 10 else "XX", mod
        if unit.multiplier == 10:
            return "DATE", f"{ref.year // 10 + shift:03d}", mod
        return "DATE", f"{ref.year // 100 + shift:02d}", mod
    if unit.letter == "D":
        if rel in ("this", "current", "latest"):
            return None
        gran = "D"
    else:
        gran = unit.letter
    if ref is None:
        return "DATE", format_date(None, gran), mod
    d = shift_date(ref, shift, unit.letter)
    return "DATE", format_date(d, gran), mod


def resolve_weekend(m: re.Match, ctx: Context) -> Result:
    """ "the weekend": the coming weekend in the future tense, else the last one (or the one the anchor falls in)."""
    a = ctx.anchor
    if a is None:
        return "DATE", "XXXX-WXX-WE", ""
    if a.isoweekday() >= 6:
        d = a
    elif ctx.future(m.start(), m.end()):
        d = a + dt.timedelta(days=6 - a.isoweekday())
    else:
        d = a - dt.timedelta(days=a.isoweekday() + 1)
    return "DATE", format_date(d, "W") + "-WE", ""


def resolve_period_end(m: re.Match, ctx: Context) -> Result:
    """ "the end of the year", "year-end", "the start of the month": the period with mod START/MID/END."""
    unit = (m["unit"] or m["unit2"]).lower()
    mod = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID"}[
        (m["mod"] or m["mod2"]).lower()
    ]
    ref = ctx.ref() if m["unit"] else ctx.anchor
    gran = {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}.get(unit)
    if gran is None:
        if ref is None:
            return "DATE", "XXX" if unit == "decade" else "XX", mod
        return "DATE", f"{ref.year // 10:03d}" if unit == "decade" else f"{ref.year // 100:02d}", mod
    if gran == "Q" and ctx.last_quarter:
        return "DATE", "{:04d}-Q{}".format(*ctx.last_quarter), mod
    return "DATE", format_date(ref, gran), mod


def resolve_year_ended(m: re.Match, ctx: Context) -> Result:
    """ "the year ended March 31": a twelve-month (fiscal) period, named by its last day."""
    return "DURATION", "P1Y", ""


def resolve_the_year(m: re.Match, ctx: Context) -> Result:
    """ "for the year", "earlier in the year": the year of the date in focus (else the anchor's)."""
    return "DATE", format_date(ctx.ref(), "Y"), ""


def resolve_current_year(m: re.Match, ctx: Context) -> Result:
    """ "the current fiscal year", "the previous calendar year", "the full year" (a DURATION): a year around the anchor."""
    rel = m["rel"].lower()
    a = ctx.anchor
    if rel == "full":
        return "DURATION", "P1Y", ""
    if rel == "same":
        return "DATE", format_date(ctx.ref(), "Y"), ""
    if a is None:
        return "DATE", "XXXX", ""
    shift = {"current": 0, "latest": -1, "previous": -1, "last": -1, "past": -1, "next": 1, "coming": 1}[rel]
    return "DATE", f"{a.year + shift:04d}", ""


def resolve_term(m: re.Match, ctx: Context) -> Result:
    """ "the long term", "the near term": FUTURE_REF."""
    return "DATE", "FUTURE_REF", ""


def resolve_ahead(m: re.Match, ctx: Context) -> Result:
    """ "the weeks ahead", "two years to come": a DURATION of that many units (X when unsaid)."""
    unit = unit_of(m["unit"])
    n = (
        parse_number(re.sub(r"\s+of$", "", m["n"]))
        if m["n"] and not m["n"].lower().startswith("couple")
        else (2 if m["n"] else None)
    )
    return "DURATION", iso_duration(n, unit), ""


def resolve_vague(m: re.Match, ctx: Context) -> Result:
    """ "a while", "some time", "a long time": the vague duration PXX."""
    return "DURATION", "PXX", ""


def resolve_same_unit(m: re.Match, ctx: Context) -> Result:
    """ "that day", "the same month", "the following week": the unit of the date in focus, shifted; None without a focus."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    ref = ctx.ref()
    if ref is None:
        return None
    if unit_word == "weekend":
        return None
    letter = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit_word]
    shift = {
        "that": 0,
        "the same": 0,
        "the following": 1,
        "the next": 1,
        "the previous": -1,
        "the prior": -1,
        "the preceding": -1,
        "a previous": -1,
    }[rel]
    if rel == "a previous":
        return None
    if rel == "the next" and unit_word != "day":
        return None
    d = shift_date(ref, shift, letter)
    return "DATE", format_date(d, letter), ""


def resolve_this_time(m: re.Match, ctx: Context) -> Result:
    """ "this time last year": the anchor day a unit back (or ahead), APPROX."""
    unit = m["unit"].lower()
    letter = {"year": "Y", "month": "M", "week": "W"}[unit]
    a = ctx.anchor
    if a is None:
        return "DATE", "XXXX-XX-XX", ""
    d = shift_date(a, -1 if m["rel"].lower() == "last" else 1, letter)
    return "DATE", d.isoformat(), "APPROX"


def resolve_duration(m: re.Match, ctx: Context) -> Result:
    """ "three months", "a 10-year plan", "the past two weeks": a DURATION, or a SET for a rate ("$300 million a year"); ages and ordinals are rejected."""
    unit_token = m["unit_pl"] or m["unit_adj"]
    unit = unit_of(unit_token)
    n = parse_number(m["n"])
    num_token = re.sub(r"\s+", " ", m["n"].lower())
    if m["unit_pl"] and n == 1 and unit_token.lower() in timex_lexicon().plural and num_token not in ("1",):
        return None
    if num_token in ("a", "an") and m["unit_adj"]:
        return None
    if m["half"]:
        n = (n or 0) + 0.5
    approx = (
        mod_of(m["approx"] or m["approx2"]) or _approx_before(ctx.text, m.start()) or ("APPROX" if m["orso"] else "")
    )
    rel = (m["rel"] or "").lower()
    the = (m["the"] or "").lower()
    if num_token in ("a", "an") and not rel and not approx:
        before = ctx.text[max(0, m.start() - 30) : m.start()]
        if _MONEY_BEFORE.search(before) or _COUNT_BEFORE.search(before):
            return "SET", iso_duration(1, unit), ""  # a rate: "$300 billion a year", "hundreds of interviews a day"
    if m["unit_pl"] and _AGE_AFTER.match(ctx.text, m.end()):
        return None  # "52 years old": an age
    if num_token in ("a", "an", "one") and unit_token.lower() == "second" and _ADJECTIVE_USE.match(ctx.text, m.end()):
        return None  # "a second group": the ordinal
    if m["suffix"] and m["suffix"].lower() == "-old":
        return None
    if n is not None and (n > 10000 or (1600 <= n <= 2099 and unit.letter != "Y")):
        return None  # "the 1988 quarter" is a year, not 1988 quarters
    if num_token in ("a", "an", "one") and the == "the":
        return None
    value = iso_duration(n, unit)
    return "DURATION", value, approx


def resolve_duration_range(m: re.Match, ctx: Context) -> Result:
    """ "two to three weeks", "the next 12 to 18 months": one stretch of an uncertain number of units."""
    return "DURATION", iso_duration(None, unit_of(m["unit"])), ""


def resolve_unit_long(m: re.Match, ctx: Context) -> Result:
    """ "year-long", "months-long": a DURATION of one unit, or an unknown number for a plural."""
    unit = unit_of(m["unit"])
    plural = m["unit"].lower() in timex_lexicon().plural
    return "DURATION", iso_duration(None if plural else 1, unit), ""


def resolve_bare_units(m: re.Match, ctx: Context) -> Result:
    """ "for years", "over months": a DURATION of an unknown number of units."""
    unit = unit_of(m["unit"])
    return "DURATION", iso_duration(None, unit), ""


def resolve_ref_phrase(m: re.Match, ctx: Context) -> Result:
    """ "recent weeks" (PAST_REF), "upcoming months" (FUTURE_REF), "the coming weeks" (a DURATION)."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = unit_of(m["unit"])
    if rel in ("recent",):
        return "DATE", "PAST_REF", ""
    if rel == "upcoming":
        return "DATE", "FUTURE_REF", ""
    return "DURATION", iso_duration(None, unit), ""  # "the coming weeks", "the next few days": a stretch


def resolve_half_unit(m: re.Match, ctx: Context) -> Result:
    """ "half an hour", "a half century": a DURATION of half a unit."""
    unit = unit_of(m["unit"])
    return "DURATION", iso_duration(0.5, unit), mod_of(m["approx"]) if m["approx"] else ""


def resolve_set_word(m: re.Match, ctx: Context) -> Result:
    """ "daily", "annually": a SET, unless used as an adjective ("daily flights")."""
    word = m["word"].lower()
    if _ADJECTIVE_USE.match(ctx.text, m.end()):
        return None  # "quarterly dividend", "daily flights": TimeBank leaves adjectives untagged
    return "SET", timex_lexicon().words["set"][word], ""


def resolve_set_every(m: re.Match, ctx: Context) -> Result:
    """ "every week", "each Monday", "every other year", "$5 a day": a SET."""
    lexicon = timex_lexicon()
    q = m["q"].lower()
    token = re.sub(r"\s+", " ", m["unit"].lower())
    n_tok = (m["n"] or "").lower()
    if q in ("a", "an"):
        before = ctx.text[max(0, m.start() - 25) : m.start()]
        if n_tok or token not in lexicon.units or not _MONEY_BEFORE.search(before):
            return None
    if token in lexicon.units:
        unit = lexicon.units[token]
        n = 2 if n_tok == "other" else (parse_number(n_tok) if n_tok else 1)
        if n is None:
            return None
        return "SET", iso_duration(n, unit), ""
    if n_tok:
        return None
    if token in lexicon.words["weekday"]:
        return "SET", f"XXXX-WXX-{lexicon.words['weekday'][token]}", ""
    if token in lexicon.words["month"]:
        return "SET", f"XXXX-{int(lexicon.words['month'][token]):02d}", ""
    if token in lexicon.words["season"]:
        return "SET", f"XXXX-{lexicon.words['season'][token]}", ""
    if token in lexicon.words["part_of_day"]:
        return "SET", f"XXXX-XX-XXT{lexicon.words['part_of_day'][token]}", ""
    return None


def resolve_set_times(m: re.Match, ctx: Context) -> Result:
    """ "twice a year", "three times a week": a SET of the unit."""
    unit = unit_of(m["unit"])
    return "SET", iso_duration(1, unit), ""


def resolve_future(m: re.Match, ctx: Context) -> Result:
    """ "the future", "the near future": FUTURE_REF (bare "future" is the adjective)."""
    if not m.group(0).lower().startswith("the"):
        return None
    return "DATE", "FUTURE_REF", ""
