"""The grammar table: one regular expression per kind of temporal expression, compiled once.

Each :class:`Rule` proposes candidate spans; its name selects the resolver that normalises
the match (see :mod:`newsframe.timex.extract`) and the trigger words whose windows it searches
(:mod:`newsframe.timex.scan`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsframe.timex.lexicon import alternation, timex_lexicon

_HOUR = r"(?:[01]?\d|2[0-3])"  # hour of a clock time


@dataclass(frozen=True)
class Rule:
    """One grammar rule: its name (which selects the resolver and trigger words) and its compiled pattern."""

    name: str
    pattern: re.Pattern


@functools.cache
def grammar() -> tuple[Rule, ...]:
    """Compile the rules once. Order breaks ties between candidates of equal length."""
    lexicon = timex_lexicon()
    token_start = r"(?<![\w$£€#@/.-])"  # start of a token, not inside a number or word
    token_end = r"(?![\w])"  # end of a token
    month = lexicon.alt("month")
    weekday = lexicon.alt("weekday")
    season = lexicon.alt("season")
    pod = lexicon.alt("part_of_day")
    ordinal_word = lexicon.alt("ordinal")
    tens = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    ones = "(?:one|two|three|four|five|six|seven|eight|nine)"
    num_word = rf"(?:{tens}(?:[\s-]{ones})?|" + lexicon.alt("number")[3:-1] + ")"
    num = rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|\d/\d|{num_word}(?:[\s-](?:hundred|thousand))?)"
    year_digits = r"(?:1[6-9]\d\d|20\d\d)"
    year_words = (
        r"(?:nineteen[\s-](?:hundred(?:\s+and)?\s+)?(?:"
        + tens
        + r"(?:[\s-]"
        + ones
        + r")?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
        + r"|nineteen|(?:oh[\s-])?"
        + ones
        + r")|two\s+thousand(?:\s+(?:and\s+)?"
        + r"(?:"
        + ones
        + r"|ten|eleven|twelve))?)"
    )
    no_count = (
        r"(?!\s+(?:people|persons|troops|soldiers|members|workers|employees|men|women|"
        r"children|units|shares|tons|miles|feet|meters|kilometers|acres|pounds|cars|"
        r"jobs|votes|delegates|refugees|deaths|cases|points|barrels|homes|students|"
        r"passengers|copies|rooms|hours|minutes|years|days|kilograms|tonnes|dollars|"
        r"yuan|rubles|euros|percent|per\s*cent)\b)"
    )
    year = rf"(?:{year_digits}(?![\w%]|[.,]\d|-\d|-[a-z]){no_count}|{year_words}{token_end})"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:]\d)"
    day_words = ordinal_word
    unit_sg = alternation(k for k in lexicon.units if k not in lexicon.plural)
    unit_pl = alternation(lexicon.plural)
    unit_any = alternation(lexicon.units)
    # "over" stays out of the extent: TimeBank treats "over three years" as preposition + duration.
    approx = (
        alternation(
            [
                "nearly",
                "almost",
                "more than",
                "just over",
                "less than",
                "under",
                "fewer than",
                "just under",
                "at least",
                "no less than",
                "up to",
                "no more than",
                "at most",
                "a little more than",
                "little more than",
            ]
        )
        + r"(?!\s+the\b)"
    )
    mod_pre = (
        r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle\s+of|end\s+of|beginning\s+of|"
        r"start\s+of|close\s+of|turn\s+of|first\s+half\s+of|second\s+half\s+of|"
        r"dawn\s+of)(?:\s+|-)(?:the\s+)?)"
    )
    rel = r"(?:last|this|next|past|previous|coming|current|following|same|that|latest|recent|prior|preceding)"
    tz = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time|[ecmp]st|[ecmp]dt))?"
    clock = (
        rf"(?:{_HOUR}(?:[:.][0-5]\d)?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'clock)"
        rf"|noon|midnight|midday)"
    )
    after_words = (
        "(?:"
        + "|".join(
            rf"(?<=\b{w}\s)" for w in ("for", "over", "in", "within", "after", "took", "take", "takes", "lasted")
        )
        + ")"
    )
    wd_or_day = rf"(?:\s+(?:on\s+)?(?:{weekday}|today|yesterday|tomorrow|tonight))?"

    specs: list[tuple[str, str]] = [
        ("iso_date", rf"{token_start}(?P<y>{year_digits})-(?P<m>[01]\d)-(?P<d>[0-3]\d){token_end}"),
        (
            "numeric_date",
            rf"{token_start}(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{{4}}|\d\d){token_end}",
        ),
        (
            "clock",
            rf"{token_start}(?:(?P<approx>about|around|approximately|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?"
            rf"(?P<clock>{clock}){tz}(?:,?\s+(?:on\s+)?(?P<cm>{month})\s*(?P<cd>{day})|(?P<wd>{wd_or_day}))",
        ),
        (
            "clock_after_day",
            rf"{token_start}(?P<wd>{weekday}|today|yesterday|tomorrow)(?:\s+at)?\s+(?P<clock>{clock}){tz}",
        ),
        (
            "mdy",
            rf"{token_start}(?:(?P<wd>{weekday}),?\s+)?(?:(?P<mod>{mod_pre}))?(?P<m>{month})\s*(?P<d>{day}|{day_words}{token_end})"
            rf"(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "dmy",
            rf"{token_start}(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day}|{day_words})\s+(?:of\s+)?(?P<m>{month}){token_end}"
            rf"(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "month_year",
            rf"{token_start}(?P<mod>{mod_pre})?(?P<m>{month})(?:,?\s+(?:of\s+)?(?P<y>{year})|\s+(?P<rel>this|last|next)\s+year{token_end})",
        ),
        (
            "month_rel",
            rf"{token_start}(?P<mod>{mod_pre})?(?:(?P<rel>last|this|next|coming|past|early|late|mid)[\s-]+)?(?P<m>{month}){token_end}(?!\s*\d)",
        ),
        (
            "weekday",
            rf"{token_start}(?:(?P<mod>early|late)\s+)?(?:(?P<rel>last|this|next|coming|past|this\s+coming|the\s+(?:previous|preceding|following))\s+)?"
            rf"(?P<wd>{weekday})(?P<plural>s)?(?=['’]s\b|{token_end})(?:\s+(?P<pod>{pod}){token_end})?",
        ),
        ("holiday", rf"{token_start}(?:(?P<rel>last|this|next)\s+)?(?P<hol>{lexicon.alt('holiday')}){token_end}"),
        (
            "deictic",
            rf"{token_start}(?:(?P<mod>early|late)\s+)?(?P<word>{lexicon.alt('deictic')}){token_end}"
            rf"(?:\s+(?P<pod>{pod}){token_end})?",
        ),
        (
            "pod",
            rf"{token_start}(?:(?P<mod>early|late|later|earlier)\s+)?(?P<rel>this|that|the|last|yesterday|tomorrow|the\s+next|the\s+previous|the\s+following)\s+(?P<pod>{pod}){token_end}",
        ),
        (
            "year",
            rf"{token_start}(?P<mod>{mod_pre}|post-|pre-)?(?P<fy>the\s+year\s+|(?:the\s+)?fiscal\s+(?:year\s+)?|FY\s?)?(?P<y>{year})(?P<s>s)?(?!['’]?s\b|\w)",
        ),
        (
            "decade",
            rf"{token_start}(?:the\s+)?(?P<mod>{mod_pre})?(?P<dec>1[6-9]\d0|20[0-9]0|['’]?\d0)(?P<s>['’]?s){token_end}",
        ),
        (
            "decade_word",
            rf"{token_start}(?:the\s+)?(?P<mod>{mod_pre})?(?P<dec>{lexicon.alt('decade_word')}){token_end}",
        ),
        (
            "century",
            rf"{token_start}(?:the\s+)?(?P<mod>{mod_pre})?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ordinal_word}|(?P<rel>this|last|next|past|previous))[\s-]+century{token_end}",
        ),
        (
            "season",
            rf"{token_start}(?:(?P<det>the|this|last|next|early|late|mid|that|this\s+past|past|coming)[\s-]+)?(?P<mod>{mod_pre})?(?P<season>{season}){token_end}"
            rf"(?:\s+(?:of\s+)?(?P<y>{year}))?",
        ),
        (
            "quarter",
            rf"{token_start}(?:the\s+(?!\w+-(?:quarter|half)\b))?(?:(?P<yq>{year_digits})\s+|(?P<relq>this|last|next)\s+year['’]s\s+|(?:company['’]s\s+|fiscal\s+|year['’]s\s+|comparable\s+))*"
            rf"(?:(?P<yago>year-ago|year-earlier|prior-year)\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|recent|year-earlier|year-ago|previous|same|comparable)"
            rf"(?:[\s-]+(?:fiscal|calendar))?[\s-]+(?P<unit>quarter|half|period){token_end}(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{year}))?",
        ),
        (
            "year_quarter",
            rf"{token_start}the\s+(?P<y>{year_digits})\s+(?:fiscal\s+)?(?P<unit>quarter|period){token_end}",
        ),
        ("bare_quarter", rf"{token_start}the\s+(?:(?P<fiscal>fiscal)\s+)?(?P<unit>quarter){token_end}"),
        (
            "year_earlier_adj",
            rf"{token_start}(?P<kind>year|year-earlier|year-ago)(?P<rest>-(?:earlier|ago)){token_end}",
        ),
        (
            "ago",
            rf"{token_start}(?:(?P<approx>{approx})\s+)?(?P<n>{num})[\s-]+(?P<unit>{unit_any}){token_end}(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back|since){token_end}",
        ),
        (
            "relative_unit",
            rf"{token_start}(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<the>the)\s+)?(?:(?P<mod2>early|late|end|middle|beginning|start)\s+of\s+(?:the\s+)?)?"
            rf"(?P<rel>{rel}|this\s+past)\s+(?P<unit>{unit_sg}|weekend){token_end}",
        ),
        ("weekend", rf"{token_start}the\s+weekend{token_end}"),
        (
            "period_end",
            rf"{token_start}(?:(?:the\s+)?(?P<mod>end|close|beginning|start|middle)\s+of\s+the\s+(?P<unit>year|month|week|decade|century|quarter)"
            rf"|(?P<unit2>year|month|quarter)(?:['’]s\s+|[\s-])(?P<mod2>end)){token_end}",
        ),
        ("year_ended", rf"{token_start}the\s+(?:fiscal\s+|financial\s+)?year(?=\s+end(?:ed|ing)\s)"),
        ("the_year", rf"{token_start}the\s+year{token_end}(?![\s-]+(?:ago|earlier|before|after|later|round|\d)|['’-])"),
        (
            "current_year",
            rf"{token_start}the\s+(?P<rel>current|latest|previous|last|past|next|coming|full|same)\s+(?P<kind>fiscal|calendar|financial)\s+year{token_end}",
        ),
        ("term", rf"{token_start}the\s+(?P<rel>near|short|long|medium)\s+term{token_end}"),
        (
            "ahead",
            rf"{token_start}(?:the\s+)?(?:(?P<n>{num_word}|couple\s+of)\s+)?(?P<unit>{unit_pl})\s+(?:ahead|to\s+come){token_end}",
        ),
        (
            "vague",
            rf"{token_start}(?:a\s+(?:\w+\s+)?(?:while|long\s+time)|(?:quite\s+)?some\s+time)(?!\s+(?:ago|later|earlier|before|after|in|next|last|this))(?!\w)",
        ),
        (
            "same_unit",
            rf"{token_start}(?P<rel>that|the\s+same|the\s+following|the\s+previous|the\s+next|the\s+prior|the\s+preceding|a\s+previous)\s+(?P<unit>day|week|month|year|weekend){token_end}",
        ),
        ("this_time", rf"{token_start}this\s+time\s+(?P<rel>last|next)\s+(?P<unit>year|month|week){token_end}"),
        (
            "duration_range",
            rf"{token_start}(?:the\s+(?P<rel>next|past|last|first|coming)\s+)?(?P<n1>{num})\s+(?:to|or|-)\s+(?P<n2>{num})\s+(?P<unit>{unit_pl}){token_end}",
        ),
        (
            "duration",
            rf"{token_start}(?:(?P<approx>{approx})\s+)?(?:(?P<the>the|a|another|an)\s+(?!{num_word}-))?(?:(?P<rel>past|last|next|first|previous|coming|latest|final|other|following|remaining|additional|initial|entire|whole|full)\s+)?"
            rf"(?:(?P<approx2>{approx})\s+)?(?P<n>{num})(?:\s+(?:more|additional|full|consecutive|straight|long|further|extra|trading|business|working|calendar|school))?"
            rf"(?:\s+(?P<unit_pl>{unit_any})|-(?P<unit_adj>{unit_sg})(?P<suffix>-(?:long|old))?)(?P<half>\s+and\s+a\s+half)?{token_end}(?P<orso>\s+or\s+so)?",
        ),
        ("unit_long", rf"{token_start}(?P<unit>{unit_pl}|{unit_sg})-long{token_end}"),
        ("bare_units", rf"{after_words}(?P<unit>{unit_pl}){token_end}(?!\s+of\b|\s+ago|\s+earlier|\s+later)"),
        (
            "ref_phrase",
            rf"{token_start}(?:the\s+)?(?P<rel>recent|past|coming|next\s+few|last\s+few|past\s+few|upcoming)\s+(?P<unit>{unit_pl}){token_end}",
        ),
        (
            "half_unit",
            rf"{token_start}(?:(?P<approx>{approx})\s+)?(?:a\s+|one\s+)?half\s+(?:an?\s+)?(?P<unit>hour|day|year|century|decade|month){token_end}",
        ),
        ("set_word", rf"{token_start}(?P<word>{lexicon.alt('set')}){token_end}"),
        (
            "set_every",
            rf"{token_start}(?P<q>every|each|per|a|an)\s+(?:(?P<n>other|{num})\s+)?(?P<unit>{unit_any}|{weekday}|{month}|{season}|{pod}){token_end}",
        ),
        (
            "set_times",
            rf"{token_start}(?P<n>once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit>{unit_sg}){token_end}",
        ),
        ("ref_word_future", rf"{token_start}(?:the\s+)?(?:near\s+|distant\s+)?future{token_end}"),
    ]
    return tuple(Rule(name, re.compile(pat, re.IGNORECASE)) for name, pat in specs)
