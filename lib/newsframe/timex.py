"""Find and normalise temporal expressions (TimeML TIMEX3, as annotated in TempEval-3).

``extract_timexes(text, anchor)`` returns one row per temporal expression:

==========  ===================================================================
start, end  character offsets into ``text`` (``text[start:end] == text`` column)
text        the expression as written; extents follow TimeML: determiners and
            modifiers in ("the last week", "late 1960s"), prepositions out
            ("by 2030" -> "2030")
type        DATE | TIME | DURATION | SET
value       TIMEX3 value: ``2024-05-16``, ``2024-05``, ``2024``, ``2024-W20``,
            ``2012-SU``, ``1998-Q3``, ``196X`` (a decade), ``19`` (a century),
            ``P3Y``, ``PXY``, ``PT2H``, ``2013-03-22TAF``, ``PRESENT_REF``,
            ``PAST_REF``, ``FUTURE_REF``; parts that cannot be resolved stay
            ``X`` ("XXXX-05-17" when there is no anchor)
mod         START | MID | END | APPROX | LESS_THAN | MORE_THAN |
            EQUAL_OR_LESS | EQUAL_OR_MORE, or "" when none
==========  ===================================================================

Relative and partial expressions ("yesterday", "last week", "Thursday", "two years
ago") are resolved against ``anchor``, the article's publication date. Anaphoric ones
("the same month", "a year earlier", "May 17" without a year) use the date in focus:
the most recent date the text itself made explicit, else the anchor. With no anchor
and no focus the unknown parts stay ``X`` rather than being guessed.

How it works: a set of regular-expression rules (compiled once) proposes candidate
spans; overlapping candidates are resolved longest-first; the survivors are then
normalised in reading order so that each can see the focus set by the ones before.
Each rule only searches windows around its trigger words (``_TRIGGERS``); the trigger
words of a line and the matches in a window are memoised per process by their exact text
(news copy repeats paragraphs verbatim), which is exact because a search reads nothing
outside its window but a few characters before it (``_LOOKBEHIND``). The anchor and the
focus only enter afterwards, when candidates are normalised.
A month, day or weekday written without a year or direction is placed by the tense of
its clause: the nearest tense cue before it ("will", "is to", "planned to" versus
"said", "announced") picks the next or the latest such date around the anchor.

Word lists are data, not code:

``data/timex_lexicon.csv`` (category, word, value)
    month (word -> 1..12), weekday (-> ISO 1..7), number (-> int or ``X`` for
    "several"), ordinal (-> int), season (-> SP/SU/FA/WI), part_of_day
    (-> MO/AF/EV/NI/MI), deictic ("now" -> PRESENT_REF, "yesterday" -> -1 day
    offset, "tonight" -> ``0NI``), set ("daily" -> P1D), decade_word
    ("nineties" -> 199), holiday (-> MM-DD); street ("avenue", "st.") and measure
    ("pages", "px"), words after a number that make it a street number or a count,
    not a year (:func:`_not_a_year`).
``data/timex_units.csv`` (unit, plural, letter, multiplier, time_part)
    calendar units for durations: "decade" -> 10 x ``Y``; time_part ``T`` marks
    units written after the ``T`` of an ISO duration (hours, minutes, seconds).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from newsframe.dates import PLAUSIBLE_YEARS
from newsframe.paths import DATA_DIR

COLUMNS = ["start", "end", "text", "type", "value", "mod"]

_MOD_WORDS = {
    "early": "START", "earlier": "START", "beginning of": "START", "start of": "START",
    "first half of": "START", "dawn of": "START",
    "mid": "MID", "middle of": "MID", "mid-": "MID",
    "late": "END", "later": "END", "end of": "END", "close of": "END", "second half of": "END",
    "turn of": "END",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "or so": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
    "just under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
}

# Tense cues for resolving "Thursday", "in December" without a direction. The cue nearest
# before the expression in its sentence decides (else the first one after it): "said they
# would appeal the decision announced Wednesday" is past because "announced" is nearer.
_TENSE_CUE = re.compile(
    r"(?P<fut>\bwill\b|'ll\b|\bshall\b|\bgoing to\b|\bplan(?:s|ned|ning)? to\b|\bplanning\b|\bscheduled\b|"
    r"\b(?:is|are|was|were) to\b|\bto be\b|\bintends? to\b|\bnext\b|\bcoming\b|\bupcoming\b|\bset to\b|"
    r"\bas (?:soon|early) as\b|\bwould\b|\bexpect(?:s|ed)? to\b|\bdue to\b|\bpayable\b|\beffective\b|"
    r"\bhopes? to\b|\bwants? to\b)"
    r"|(?P<past>\b(?:said|was|were|had|did|met|told|took|came|went|gave|made|began|left|held|sent|won|"
    r"lost|fell|rose|saw|spoke|wrote|got|found|became|brought|thought|sought|bought|paid|struck|ran|"
    r"flew|sank|broke|chose|drew|grew|knew|led|previously|ago)\b|\b(?!(?:need|speed|proceed|exceed|"
    r"succeed|indeed|hundred|feed|seed|breed|shed|bed|red|wed|led)\b)[a-z]{2,}ed\b)", re.I)
# A participle after these is not a tense of its own ("will be named", "had been scheduled").
_AUX_BEFORE = re.compile(r"\b(?:be|been|being|is|are|am|get|gets|got)\s+(?:\w+ly\s+)?$", re.I)
# A future cue right after these is a past plan ("had been scheduled to expire Friday").
_PAST_PLAN = re.compile(r"\b(?:had|had been|was|were|previously|originally|as)\s+$", re.I)
_HOUR = r"(?:[01]?\d|2[0-3])"     # hour of a clock time
_HEDGE_BEFORE = re.compile(r"\b(?:about|around|approximately|roughly|some|only|just|barely)\s+$", re.I)
_MONEY_BEFORE = re.compile(
    r"(?:[\d%]|\b(?:billion|million|trillion|cents?|dollars?|times|twice|once|percent))\s*$", re.I)
_COUNT_BEFORE = re.compile(
    r"\b(?!(?:perhaps|always|sometimes|besides|towards|afterwards|whereas|unless|this|was|has|is|as)\b)"
    r"\w{2,}[^su\W]s\s+$", re.I)
_AGE_AFTER = re.compile(r"\s+old\b", re.I)
_OVER_BEFORE = re.compile(r"\b(?:well|a\s+little)?\s*over\s+$", re.I)
_ADJECTIVE_USE = re.compile(
    r"\s+(?!(?:and|or|but|to|in|on|at|for|from|with|by|since|until|through|over|as|than|the|a|an|"
    r"this|that|since|after|before|during|while|when|if|because|is|are|was|were|will|would|has|have)\b)[a-z]")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n\s*\n")
_POSSESSIVE = re.compile(r"['’]s\b")
_CLAUSE_BREAK = re.compile(r"[.!?;]\s|,\s|\n\s*\n")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Unit:
    letter: str
    multiplier: int
    time_part: bool


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, dict[str, str]]
    units: dict[str, _Unit] = field(default_factory=dict)
    plural: dict[str, str] = field(default_factory=dict)

    def alt(self, category: str) -> str:
        """Regex alternation of a category's words, longest first (so "sept." beats "sept")."""
        return _alternation(self.words[category])


def _alternation(words) -> str:
    parts = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"


@functools.cache
def _lexicon() -> _Lexicon:
    words: dict[str, dict[str, str]] = {}
    path = DATA_DIR / "timex_lexicon.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words.setdefault(row["category"], {})[row["word"].lower()] = row["value"]
    units, plural = {}, {}
    with open(DATA_DIR / "timex_units.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            unit = _Unit(row["letter"], int(row["multiplier"]), row["time_part"] == "T")
            units[row["unit"]] = unit
            units[row["plural"]] = unit
            plural[row["plural"]] = row["unit"]
    needed = {"month", "weekday", "number", "ordinal", "season", "part_of_day", "deictic",
              "set", "decade_word", "holiday"}
    missing = needed - set(words)
    if missing:
        raise ValueError(f"{path} lacks rows for categories {sorted(missing)}; "
                         "restore the file from the repository")
    return _Lexicon(words, units, plural)


# --------------------------------------------------------------------------- grammar


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern


@functools.cache
def _grammar() -> tuple[_Rule, ...]:
    """Compile the rules once. Order breaks ties between candidates of equal length."""
    lx = _lexicon()
    B = r"(?<![\w$£€#@/.-])"          # start of a token, not inside a number or word
    E = r"(?![\w])"                    # end of a token
    month = lx.alt("month")
    weekday = lx.alt("weekday")
    season = lx.alt("season")
    pod = lx.alt("part_of_day")
    ordinal_word = lx.alt("ordinal")
    tens = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    ones = "(?:one|two|three|four|five|six|seven|eight|nine)"
    num_word = (rf"(?:{tens}(?:[\s-]{ones})?|" + lx.alt("number")[3:-1] + ")")
    num = (rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|\d/\d|{num_word}(?:[\s-](?:hundred|thousand))?)")
    year_digits = r"(?:1[6-9]\d\d|20\d\d)"
    year_words = (r"(?:nineteen[\s-](?:hundred(?:\s+and)?\s+)?(?:" + tens + r"(?:[\s-]" + ones
                  + r")?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
                  + r"|nineteen|(?:oh[\s-])?" + ones + r")|two\s+thousand(?:\s+(?:and\s+)?"
                  + r"(?:" + ones + r"|ten|eleven|twelve))?)")
    no_count = (r"(?!\s+(?:people|persons|troops|soldiers|members|workers|employees|men|women|"
                r"children|units|shares|tons|miles|feet|meters|kilometers|acres|pounds|cars|"
                r"jobs|votes|delegates|refugees|deaths|cases|points|barrels|homes|students|"
                r"passengers|copies|rooms|hours|minutes|years|days|kilograms|tonnes|dollars|"
                r"yuan|rubles|euros|percent|per\s*cent)\b)")
    year = rf"(?:{year_digits}(?![\w%]|[.,]\d|-\d|-[a-z]){no_count}|{year_words}{E})"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:]\d)"
    day_words = ordinal_word
    unit_sg = _alternation(k for k in lx.units if k not in lx.plural)
    unit_pl = _alternation(lx.plural)
    unit_any = _alternation(lx.units)
    # "over" stays out of the extent: TimeBank treats "over three years" as preposition + duration.
    approx = (_alternation(["nearly", "almost", "more than", "just over", "less than", "under",
                            "fewer than", "just under", "at least", "no less than", "up to",
                            "no more than", "at most", "a little more than",
                            "little more than"]) + r"(?!\s+the\b)")
    mod_pre = (r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle\s+of|end\s+of|beginning\s+of|"
               r"start\s+of|close\s+of|turn\s+of|first\s+half\s+of|second\s+half\s+of|"
               r"dawn\s+of)(?:\s+|-)(?:the\s+)?)")
    rel = r"(?:last|this|next|past|previous|coming|current|following|same|that|latest|recent|prior|preceding)"
    tz = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time|[ecmp]st|[ecmp]dt))?"
    clock = (rf"(?:{_HOUR}(?:[:.][0-5]\d)?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'clock)"
             rf"|noon|midnight|midday)")
    after_words = "(?:" + "|".join(rf"(?<=\b{w}\s)" for w in ("for", "over", "in", "within", "after", "took", "take", "takes", "lasted")) + ")"
    wd_or_day = rf"(?:\s+(?:on\s+)?(?:{weekday}|today|yesterday|tomorrow|tonight))?"

    specs: list[tuple[str, str]] = [
        ("iso_date", rf"{B}(?P<y>{year_digits})-(?P<m>[01]\d)-(?P<d>[0-3]\d){E}"),
        ("numeric_date", rf"{B}(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{{4}}|\d\d){E}"),
        ("clock", rf"{B}(?:(?P<approx>about|around|approximately|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?"
                  rf"(?P<clock>{clock}){tz}(?:,?\s+(?:on\s+)?(?P<cm>{month})\s*(?P<cd>{day})|(?P<wd>{wd_or_day}))"),
        ("clock_after_day", rf"{B}(?P<wd>{weekday}|today|yesterday|tomorrow)(?:\s+at)?\s+(?P<clock>{clock}){tz}"),
        ("mdy", rf"{B}(?:(?P<wd>{weekday}),?\s+)?(?:(?P<mod>{mod_pre}))?(?P<m>{month})\s*(?P<d>{day}|{day_words}{E})"
                rf"(?:,?\s+(?P<y>{year}))?"),
        ("dmy", rf"{B}(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day}|{day_words})\s+(?:of\s+)?(?P<m>{month}){E}"
                rf"(?:,?\s+(?P<y>{year}))?"),
        ("month_year", rf"{B}(?P<mod>{mod_pre})?(?P<m>{month})(?:,?\s+(?:of\s+)?(?P<y>{year})|\s+(?P<rel>this|last|next)\s+year{E})"),
        ("month_rel", rf"{B}(?P<mod>{mod_pre})?(?:(?P<rel>last|this|next|coming|past|early|late|mid)[\s-]+)?(?P<m>{month}){E}(?!\s*\d)"),
        ("weekday", rf"{B}(?:(?P<mod>early|late)\s+)?(?:(?P<rel>last|this|next|coming|past|this\s+coming|the\s+(?:previous|preceding|following))\s+)?"
                    rf"(?P<wd>{weekday})(?P<plural>s)?(?=['’]s\b|{E})(?:\s+(?P<pod>{pod}){E})?"),
        ("holiday", rf"{B}(?:(?P<rel>last|this|next)\s+)?(?P<hol>{lx.alt('holiday')}){E}"),
        ("deictic", rf"{B}(?:(?P<mod>early|late)\s+)?(?P<word>{lx.alt('deictic')}){E}"
                    rf"(?:\s+(?P<pod>{pod}){E})?"),
        ("pod", rf"{B}(?:(?P<mod>early|late|later|earlier)\s+)?(?P<rel>this|that|the|last|yesterday|tomorrow|the\s+next|the\s+previous|the\s+following)\s+(?P<pod>{pod}){E}"),
        ("year", rf"{B}(?P<mod>{mod_pre}|post-|pre-)?(?P<fy>the\s+year\s+|(?:the\s+)?fiscal\s+(?:year\s+)?|FY\s?)?(?P<y>{year})(?P<s>s)?(?!['’]?s\b|\w)"),
        ("decade", rf"{B}(?:the\s+)?(?P<mod>{mod_pre})?(?P<dec>1[6-9]\d0|20[0-9]0|['’]?\d0)(?P<s>['’]?s){E}"),
        ("decade_word", rf"{B}(?:the\s+)?(?P<mod>{mod_pre})?(?P<dec>{lx.alt('decade_word')}){E}"),
        ("century", rf"{B}(?:the\s+)?(?P<mod>{mod_pre})?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ordinal_word}|(?P<rel>this|last|next|past|previous))[\s-]+century{E}"),
        ("season", rf"{B}(?:(?P<det>the|this|last|next|early|late|mid|that|this\s+past|past|coming)[\s-]+)?(?P<mod>{mod_pre})?(?P<season>{season}){E}"
                   rf"(?:\s+(?:of\s+)?(?P<y>{year}))?"),
        ("quarter", rf"{B}(?:the\s+(?!\w+-(?:quarter|half)\b))?(?:(?P<yq>{year_digits})\s+|(?P<relq>this|last|next)\s+year['’]s\s+|(?:company['’]s\s+|fiscal\s+|year['’]s\s+|comparable\s+))*"
                    rf"(?:(?P<yago>year-ago|year-earlier|prior-year)\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|recent|year-earlier|year-ago|previous|same|comparable)"
                    rf"(?:[\s-]+(?:fiscal|calendar))?[\s-]+(?P<unit>quarter|half|period){E}(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{year}))?"),
        ("year_quarter", rf"{B}the\s+(?P<y>{year_digits})\s+(?:fiscal\s+)?(?P<unit>quarter|period){E}"),
        ("bare_quarter", rf"{B}the\s+(?:(?P<fiscal>fiscal)\s+)?(?P<unit>quarter){E}"),
        ("year_earlier_adj", rf"{B}(?P<kind>year|year-earlier|year-ago)(?P<rest>-(?:earlier|ago)){E}"),
        ("ago", rf"{B}(?:(?P<approx>{approx})\s+)?(?P<n>{num})[\s-]+(?P<unit>{unit_any}){E}(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back|since){E}"),
        ("relative_unit", rf"{B}(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<the>the)\s+)?(?:(?P<mod2>early|late|end|middle|beginning|start)\s+of\s+(?:the\s+)?)?"
                          rf"(?P<rel>{rel}|this\s+past)\s+(?P<unit>{unit_sg}|weekend){E}"),
        ("weekend", rf"{B}the\s+weekend{E}"),
        ("period_end", rf"{B}(?:(?:the\s+)?(?P<mod>end|close|beginning|start|middle)\s+of\s+the\s+(?P<unit>year|month|week|decade|century|quarter)"
                       rf"|(?P<unit2>year|month|quarter)(?:['’]s\s+|[\s-])(?P<mod2>end)){E}"),
        ("year_ended", rf"{B}the\s+(?:fiscal\s+|financial\s+)?year(?=\s+end(?:ed|ing)\s)"),
        ("the_year", rf"{B}the\s+year{E}(?![\s-]+(?:ago|earlier|before|after|later|round|\d)|['’-])"),
        ("current_year", rf"{B}the\s+(?P<rel>current|latest|previous|last|past|next|coming|full|same)\s+(?P<kind>fiscal|calendar|financial)\s+year{E}"),
        ("term", rf"{B}the\s+(?P<rel>near|short|long|medium)\s+term{E}"),
        ("ahead", rf"{B}(?:the\s+)?(?:(?P<n>{num_word}|couple\s+of)\s+)?(?P<unit>{unit_pl})\s+(?:ahead|to\s+come){E}"),
        ("vague", rf"{B}(?:a\s+(?:\w+\s+)?(?:while|long\s+time)|(?:quite\s+)?some\s+time)(?!\s+(?:ago|later|earlier|before|after|in|next|last|this))(?!\w)"),
        ("same_unit", rf"{B}(?P<rel>that|the\s+same|the\s+following|the\s+previous|the\s+next|the\s+prior|the\s+preceding|a\s+previous)\s+(?P<unit>day|week|month|year|weekend){E}"),
        ("this_time", rf"{B}this\s+time\s+(?P<rel>last|next)\s+(?P<unit>year|month|week){E}"),
        ("duration_range", rf"{B}(?:the\s+(?P<rel>next|past|last|first|coming)\s+)?(?P<n1>{num})\s+(?:to|or|-)\s+(?P<n2>{num})\s+(?P<unit>{unit_pl}){E}"),
        ("duration", rf"{B}(?:(?P<approx>{approx})\s+)?(?:(?P<the>the|a|another|an)\s+(?!{num_word}-))?(?:(?P<rel>past|last|next|first|previous|coming|latest|final|other|following|remaining|additional|initial|entire|whole|full)\s+)?"
                     rf"(?:(?P<approx2>{approx})\s+)?(?P<n>{num})(?:\s+(?:more|additional|full|consecutive|straight|long|further|extra|trading|business|working|calendar|school))?"
                     rf"(?:\s+(?P<unit_pl>{unit_any})|-(?P<unit_adj>{unit_sg})(?P<suffix>-(?:long|old))?)(?P<half>\s+and\s+a\s+half)?{E}(?P<orso>\s+or\s+so)?"),
        ("unit_long", rf"{B}(?P<unit>{unit_pl}|{unit_sg})-long{E}"),
        ("bare_units", rf"{after_words}(?P<unit>{unit_pl}){E}(?!\s+of\b|\s+ago|\s+earlier|\s+later)"),
        ("ref_phrase", rf"{B}(?:the\s+)?(?P<rel>recent|past|coming|next\s+few|last\s+few|past\s+few|upcoming)\s+(?P<unit>{unit_pl}){E}"),
        ("half_unit", rf"{B}(?:(?P<approx>{approx})\s+)?(?:a\s+|one\s+)?half\s+(?:an?\s+)?(?P<unit>hour|day|year|century|decade|month){E}"),
        ("set_word", rf"{B}(?P<word>{lx.alt('set')}){E}"),
        ("set_every", rf"{B}(?P<q>every|each|per|a|an)\s+(?:(?P<n>other|{num})\s+)?(?P<unit>{unit_any}|{weekday}|{month}|{season}|{pod}){E}"),
        ("set_times", rf"{B}(?P<n>once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit>{unit_sg}){E}"),
        ("ref_word_future", rf"{B}(?:the\s+)?(?:near\s+|distant\s+)?future{E}"),
    ]
    return tuple(_Rule(name, re.compile(pat, re.I)) for name, pat in specs)


# --------------------------------------------------------------------------- numbers


def _parse_number(token: str) -> float | None:
    """'three' -> 3, 'twenty-four' -> 24, '1 1/2' -> 1.5, 'several' -> None (unknown)."""
    lx = _lexicon().words["number"]
    t = re.sub(r"\s+", " ", token.lower().strip())
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (\d)/(\d))?", t)
    if m:
        value = float(m.group(1))
        if m.group(2):
            value += int(m.group(2)) / int(m.group(3))
        return value
    m = re.fullmatch(r"(\d)/(\d)", t)
    if m:
        return int(m.group(1)) / int(m.group(2))
    scale = 1
    for word, factor in (("hundred", 100), ("thousand", 1000)):
        if t.endswith(word) and t != word and not t.startswith("a "):
            scale, t = factor, t[: -len(word)].rstrip(" -")
    if t in lx:
        return None if lx[t] == "X" else float(lx[t]) * scale
    parts = re.split(r"[\s-]", t)
    if len(parts) == 2 and parts[0] in lx and parts[1] in lx:
        return (float(lx[parts[0]]) + float(lx[parts[1]])) * scale
    return None


def _year_value(token: str) -> int | None:
    """'1998' -> 1998; 'nineteen ninety-six' -> 1996; 'two thousand' -> 2000."""
    t = re.sub(r"[\s-]+", " ", token.lower().strip())
    if t.isdigit():
        return int(t)
    if t.startswith("two thousand"):
        rest = t[len("two thousand"):].replace("and", "").strip()
        return 2000 + (int(_parse_number(rest) or 0) if rest else 0)
    if t.startswith("nineteen "):
        rest = t[len("nineteen "):].replace("hundred", "").replace("and", "").replace("oh", "").strip()
        n = _parse_number(rest) if rest else 0
        return None if n is None else 1900 + int(n)
    return None


def _ordinal(token: str) -> int | None:
    t = token.lower()
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    v = _lexicon().words["ordinal"].get(t)
    return int(v) if v else None


# --------------------------------------------------------------------------- values


def _fmt_date(d: dt.date | None, granularity: str = "D") -> str:
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


def _shift(d: dt.date, n: int, unit: str) -> dt.date:
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


def _duration(n: float | None, unit: _Unit) -> str:
    """ISO 8601 duration: (3, year) -> P3Y, (None, day) -> PXD, (1.5, hour) -> PT1H30M."""
    t = "T" if unit.time_part else ""
    if n is None:
        letter = {100: "C", 1000: "L"}.get(unit.multiplier, unit.letter) if unit.letter == "Y" else unit.letter
        return f"P{t}X{letter}"
    n = n * unit.multiplier
    whole, frac = int(n), n - int(n)
    if frac < 1e-9:
        return f"P{t}{whole}{unit.letter}"
    lower = {("Y", False): (12, "M", False), ("M", False): (30, "D", False),
             ("W", False): (7, "D", False), ("D", False): (24, "H", True),
             ("H", True): (60, "M", True), ("M", True): (60, "S", True)}.get((unit.letter, unit.time_part))
    if lower is None:
        return f"P{t}{n:g}{unit.letter}"
    factor, letter2, time2 = lower
    rest = round(frac * factor)
    head = f"{whole}{unit.letter}" if whole else ""
    if time2 and not unit.time_part:
        return f"P{head}T{rest}{letter2}"
    return f"P{t}{head}{rest}{letter2}"


@dataclass
class _Context:
    """Reading state while normalising one text in order."""
    text: str
    anchor: dt.date | None
    focus: dt.date | None = None          # last fully resolved day/month/year mentioned
    focus_gran: str = "D"
    explicit_year: int | None = None      # year of the last date written with its year
    last_quarter: tuple[int, int] | None = None

    def ref(self) -> dt.date | None:
        """Date to resolve anaphoric expressions against: the focus, else the anchor."""
        return self.focus or self.anchor

    def set_focus(self, d: dt.date, gran: str) -> None:
        self.focus, self.focus_gran = d, gran

    def future(self, start: int, end: int) -> bool:
        """Does the clause around [start, end) put it in the future (will, plans, next…)?

        The tense cue nearest before the expression in its clause (back to the last comma or
        sentence break) decides, else the first cue after it in its sentence.
        """
        left = max(self.text.rfind("\n", 0, start) + 1, start - 100)
        left = max([left] + [m.end() for m in _CLAUSE_BREAK.finditer(self.text, left, start)])
        cues = [(m.start(), "fut" if m["fut"] else "past") for m in _TENSE_CUE.finditer(self.text, left, start)
                if self._counts(m)]
        if cues:
            return cues[-1][1] == "fut"
        stop = _SENTENCE_BREAK.search(self.text, end, end + 60)
        for m in _TENSE_CUE.finditer(self.text, end, stop.start() if stop else min(len(self.text), end + 60)):
            if self._counts(m):
                return bool(m["fut"])
        return False

    def _counts(self, m: re.Match) -> bool:
        """Is this cue a tense of its own (not a participle after an auxiliary)?"""
        before = self.text[max(0, m.start() - 20): m.start()]
        if m["past"] and m["past"].lower().endswith("ed") and _AUX_BEFORE.search(before):
            return False
        if m["fut"] and _PAST_PLAN.search(before):
            return False
        return True


def _nearest_year(ctx: _Context, month: int, day: int, start: int, end: int) -> int | None:
    """Year for a month(-day) written without one: by tense from the anchor, else the year in focus.

    News refers to months and days near its publication date even after mentioning an old
    one ("the 1988 bombing ... agreed in April" is the latest April), so the year of the last
    full date is only used when there is no anchor. In the future tense the first such month (or day) not yet over at the anchor is meant
    ("results due in November", written in November, is this November); otherwise the
    latest one already begun, unless the next one is much closer.
    """
    a = ctx.anchor
    if a is None:
        return ctx.explicit_year
    spans = []
    for y in (a.year - 1, a.year, a.year + 1):
        first = dt.date(y, month, 1)
        if day:
            first = next(first.replace(day=d) for d in (day, 30, 29, 28) if _valid(y, month, d))
        last = first if day else _shift(first, 1, "M") - dt.timedelta(days=1)
        spans.append((first, last))
    past = max((f for f, _ in spans if f <= a), default=None)
    if ctx.future(start, end):
        return min(f for f, last in spans if last >= a).year
    ahead = min((f for f, _ in spans if f > a), default=None)
    if ahead is not None and (past is None or (ahead - a).days * 3 < (a - past).days):
        return ahead.year
    return past.year


def _approx_before(text: str, start: int) -> str:
    """APPROX when the words just before a span hedge it ("about", "around"), MORE_THAN after
    "over"; TimeBank leaves these words outside the extent."""
    if _OVER_BEFORE.search(text, max(0, start - 20), start):
        return "MORE_THAN"
    return "APPROX" if _HEDGE_BEFORE.search(text, max(0, start - 20), start) else ""


def _mod_of(token: str | None) -> str:
    if not token:
        return ""
    t = re.sub(r"\s+", " ", token.lower()).strip(" -")
    t = re.sub(r"^the (very )?|^very |( the)$", "", t).strip(" -")
    return _MOD_WORDS.get(t, "")


_Result = tuple[str, str, str] | None       # (type, value, mod) or None to reject


def _month_num(token: str) -> int:
    return int(_lexicon().words["month"][re.sub(r"\s+", " ", token.lower())])


def _r_iso(m: re.Match, ctx: _Context) -> _Result:
    d = dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if _valid(int(m["y"]), int(m["m"]), int(m["d"])) else None
    if d is None:
        return None
    ctx.set_focus(d, "D")
    ctx.explicit_year = d.year
    return "DATE", d.isoformat(), ""


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        dt.date(y, mo, d)
        return True
    except ValueError:
        return False


def _r_numeric(m: re.Match, ctx: _Context) -> _Result:
    y = int(m["y"])
    if y < 100:
        y += 1900 if y > 30 else 2000
    if not _valid(y, int(m["m"]), int(m["d"])):
        return None
    d = dt.date(y, int(m["m"]), int(m["d"]))
    ctx.set_focus(d, "D")
    ctx.explicit_year = y
    return "DATE", d.isoformat(), ""


def _clock_value(token: str) -> str | None:
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


def _day_of(token: str | None, ctx: _Context, start: int, end: int, rel: str | None = None) -> dt.date | None:
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
    wd = int(_lexicon().words["weekday"][t])
    return _weekday_date(a, wd, (rel or "").lower(), ctx.future(start, end))


def _weekday_date(a: dt.date, wd: int, rel: str, future: bool) -> dt.date:
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


def _r_clock(m: re.Match, ctx: _Context) -> _Result:
    clock = _clock_value(m["clock"])
    if clock is None:
        return None
    wd = (m["wd"] or "").strip()
    wd = re.sub(r"^on\s+", "", wd, flags=re.I)
    if m.groupdict().get("cm"):   # "5 p.m. EST, Nov. 6"
        mo, day = _month_num(m["cm"]), _ordinal(m["cd"])
        y = _nearest_year(ctx, mo, day, m.start(), m.end())
        if day is None or y is None or not _valid(y, mo, day):
            return None
        d = dt.date(y, mo, day)
    elif wd:
        d = _day_of(wd, ctx, m.start(), m.end())
    else:
        d = ctx.focus if ctx.focus is not None and ctx.focus_gran == "D" else ctx.anchor
    mod = _mod_of((m.groupdict().get("approx") or "").split()[0] if m.groupdict().get("approx") else None)
    return "TIME", f"{_fmt_date(d)}T{clock}", "APPROX" if mod else ""


def _r_mdy(m: re.Match, ctx: _Context) -> _Result:
    mo = _month_num(m["m"])
    day = _ordinal(m["d"])
    if day is None or not 1 <= day <= 31:
        return None
    if m["y"]:
        y = _year_value(m["y"])
        if y is None or not _valid(y, mo, day):
            return None
        ctx.explicit_year = y
    else:
        if re.fullmatch(r"may|march|jan|mar\.|sun", m["m"].strip(), re.I) and m["m"][0].islower():
            return None
        y = _nearest_year(ctx, mo, day, m.start(), m.end())
        if y is not None and not _valid(y, mo, day):
            return None
    mod = _mod_of(m.groupdict().get("mod"))
    if y is None:
        return "DATE", f"XXXX-{mo:02d}-{day:02d}", mod
    d = dt.date(y, mo, day)
    ctx.set_focus(d, "D")
    return "DATE", d.isoformat(), mod


def _r_month_year(m: re.Match, ctx: _Context) -> _Result:
    mo = _month_num(m["m"])
    if m["y"]:
        y = _year_value(m["y"])
        if y is None or _run_together_days(m["y"]) or (m["y"].isdigit() and _not_a_year(ctx.text, m.start("y"), m.end("y"))):
            return None
    else:
        if ctx.anchor is None:
            return "DATE", f"XXXX-{mo:02d}", _mod_of(m["mod"])
        y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    ctx.set_focus(dt.date(y, mo, 1), "M")
    return "DATE", f"{y:04d}-{mo:02d}", _mod_of(m["mod"])


_AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar.", "sept", "aug", "dec", "oct", "nov", "feb", "sep", "apr"}


def _r_month(m: re.Match, ctx: _Context) -> _Result:
    word = m["m"]
    rel = (m["rel"] or "").lower()
    if len(word) <= 4 and not word.endswith(".") and word.lower() not in ("may", "june", "july"):
        return None   # "Jan Kavan", "Sept": bare abbreviations are names or truncations
    if word.lower() in _AMBIGUOUS_MONTHS and (word[0].islower() or not (rel or m["mod"])):
        if word.lower() in ("may", "march") or word[0].islower():
            # "May" / "march" alone are usually the verb; accept only after a preposition.
            before = ctx.text[max(0, m.start() - 12): m.start()].lower()
            if word[0].islower() or not re.search(r"\b(?:in|since|until|till|by|of|from|through|during|before|after|early|late|mid|last|this|next)\s+$", before):
                return None
    mo = _month_num(word)
    mod = _mod_of(m["mod"]) or _mod_of(rel if rel in ("early", "late", "mid") else None)
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
        y = _nearest_year(ctx, mo, 0, m.start(), m.end())
    if y is None:
        return "DATE", f"XXXX-{mo:02d}", mod
    ctx.set_focus(dt.date(y, mo, 1), "M")
    return "DATE", f"{y:04d}-{mo:02d}", mod


def _r_weekday(m: re.Match, ctx: _Context) -> _Result:
    word = m["wd"]
    wd = int(_lexicon().words["weekday"][word.lower()])
    pod = _lexicon().words["part_of_day"].get((m["pod"] or "").lower())
    if m["plural"]:
        return "SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), ""
    rel = (m["rel"] or "").lower()
    rel = "" if rel == "on" else re.sub(r"\s+", " ", rel)
    mod = _mod_of(m["mod"])
    # "Wednesday's ruling" names an event already reported, so it is the past Wednesday.
    future = not _POSSESSIVE.match(ctx.text, m.end()) and ctx.future(m.start(), m.end())
    if rel.startswith("the "):   # "the previous Friday": counted from the day in focus
        ref = ctx.focus if ctx.focus is not None and ctx.focus_gran == "D" else ctx.anchor
        if ref is None:
            return ("TIME" if pod else "DATE"), f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), mod
        d = _weekday_date(ref, wd, "next" if rel == "the following" else "last", False)
    elif ctx.anchor is None:
        ref = ctx.focus if ctx.focus_gran == "D" else None
        if ref is None:
            return ("TIME" if pod else "DATE"), f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), mod
        d = _weekday_date(ref, wd, rel, future)
    else:
        d = _weekday_date(ctx.anchor, wd, rel, future)
    ctx.set_focus(d, "D")
    if pod:
        return "TIME", f"{d.isoformat()}T{pod}", mod
    return "DATE", d.isoformat(), mod


def _holiday_date(spec: str, year: int) -> dt.date:
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


def _r_holiday(m: re.Match, ctx: _Context) -> _Result:
    spec = _lexicon().words["holiday"][re.sub(r"\s+", " ", m["hol"].lower())]
    rel = (m["rel"] or "").lower()
    a = ctx.anchor
    if a is None:
        fixed = spec.count("-") == 1
        return "DATE", f"XXXX-{spec}" if fixed else "XXXX-XX-XX", ""
    this = _holiday_date(spec, a.year)
    if rel == "last":
        y = a.year if this < a else a.year - 1
    elif rel == "next":
        y = a.year if this > a else a.year + 1
    else:
        y = _nearest_year(ctx, this.month, this.day, m.start(), m.end()) or a.year
    return "DATE", _holiday_date(spec, y).isoformat(), ""


def _r_deictic(m: re.Match, ctx: _Context) -> _Result:
    word = re.sub(r"\s+", " ", m["word"].lower())
    value = _lexicon().words["deictic"][word]
    mod = _mod_of(m["mod"])
    if value.endswith("_REF"):
        if m["pod"]:
            return None
        if word in ("now", "the present") and m["mod"]:
            return None
        return "DATE", value, ""
    offset = int(re.match(r"-?\d+", value).group())
    pod = (value[len(str(offset)):] if not value.startswith("-") else value[len(str(offset)):]) or ""
    pod = _lexicon().words["part_of_day"].get((m["pod"] or "").lower(), pod)
    a = ctx.anchor
    d = a + dt.timedelta(days=offset) if a else None
    if d is not None:
        ctx.set_focus(d, "D")
    base = _fmt_date(d)
    if pod:
        return "TIME", f"{base}T{pod}", mod
    return "DATE", base, mod


def _r_pod(m: re.Match, ctx: _Context) -> _Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    pod = _lexicon().words["part_of_day"][m["pod"].lower()]
    a = ctx.anchor
    if rel in ("the", "that"):
        if ctx.focus is None or ctx.focus_gran != "D":
            return None
        d = ctx.focus
    elif rel in ("the next", "the following"):
        base = ctx.focus if ctx.focus_gran == "D" and ctx.focus else a
        d = base + dt.timedelta(days=1) if base else None
        return "DATE", _fmt_date(d), ""
    elif rel == "the previous":
        base = ctx.focus if ctx.focus_gran == "D" and ctx.focus else a
        d = base - dt.timedelta(days=1) if base else None
        return "DATE", _fmt_date(d), ""
    elif rel == "last":
        d = a - dt.timedelta(days=1) if a else None
    else:
        d = a + dt.timedelta(days={"this": 0, "yesterday": -1, "tomorrow": 1}[rel]) if a else None
    return "TIME", f"{_fmt_date(d)}T{pod}", _mod_of(m["mod"])


# What makes a four-digit number something other than a year (see _not_a_year).
_DIMENSION_AFTER = re.compile(r"\s*[x×]\s*\d")
_DIMENSION_BEFORE = re.compile(r"\d\s*[x×]\s*$")
_ZONE_AFTER = re.compile(r"\s*(?:h|hrs?|GMT|UTC|[ECMP][SD]T|CES?T|BST|MSK|JST|local\s+time|military\s+time)\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}|(?:\(\d{2,4}\)\s?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){1,3}\d{2,4})(?!\w)")
_NUMBER_BEFORE = re.compile(r"(?:\$|£|€|\bNo\.?|\bflight|\broute|\bnumber|\bpages?|\bpp?\.|\broom|#|\bversion|\bmodel|\bsuite|\bbox)\s*$", re.I)


@functools.cache
def _after_number() -> re.Pattern:
    """Words after a number that make it a street number ("1600 Pennsylvania Avenue") or a count ("1800 pages")."""
    lx = _lexicon()
    name = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))"
    return re.compile(rf"\s+(?:(?:[NSEW]\.?\s+)?(?:{name}\s+){{1,4}}(?i:{lx.alt('street')})(?![\w])|(?i:{lx.alt('measure')})(?![\w]))")


def _not_a_year(text: str, start: int, end: int) -> bool:
    """Is the number ``text[start:end]`` a street number, image size, clock time, phone number or count rather than a year?

    "1600 Pennsylvania Avenue", "1600 x 900", "710x340", "at 1630 GMT", "call 202 456 1600",
    "page 1650", "1800 pages": the words around a number say what it counts.
    """
    before = text[max(0, start - 20): start]
    if _NUMBER_BEFORE.search(before) or _DIMENSION_BEFORE.search(before):
        return True
    if _DIMENSION_AFTER.match(text, end) or _ZONE_AFTER.match(text, end) or _after_number().match(text, end):
        return True
    return any(m.start() <= start and end <= m.end() for m in _PHONE.finditer(text, max(0, start - 25), min(len(text), end + 25)))


@functools.cache
def _month_before() -> re.Pattern:
    return re.compile(rf"\b{_lexicon().alt('month')}\s+$", re.I)


def _run_together_days(digits: str) -> bool:
    """Whether a "year" after a month is two days that lost their dash: "May 1617" is May 16-17, not 1617.

    Only numbers before the first plausible year are read so ("May 1920" stays a year).
    """
    if len(digits) != 4 or not digits.isdigit() or int(digits) >= PLAUSIBLE_YEARS[0]:
        return False
    first, second = int(digits[:2]), int(digits[2:])
    return 1 <= first < second <= 31


def _r_year(m: re.Match, ctx: _Context) -> _Result:
    y = _year_value(m["y"])
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
    mod = _mod_of(m["mod"]) if m["mod"] and m["mod"].lower() not in ("post-", "pre-") else ""
    if m["mod"] and m["mod"].lower() == "post-":
        mod = "AFTER"
    elif m["mod"] and m["mod"].lower() == "pre-":
        mod = "BEFORE"
    return "DATE", f"{y:04d}", mod


def _r_decade(m: re.Match, ctx: _Context) -> _Result:
    if len(m["dec"]) == 2 and not m.group(0).lower().startswith("the"):
        return None
    dec = m["dec"].lstrip("'’")
    if len(dec) == 2:
        century = 19 if ctx.anchor is None or int(dec) > (ctx.anchor.year % 100) else ctx.anchor.year // 100
        value = f"{century}{dec[0]}"
    else:
        value = dec[:3]
    return "DATE", value + "X", _mod_of(m["mod"])


def _r_decade_word(m: re.Match, ctx: _Context) -> _Result:
    value = _lexicon().words["decade_word"][m["dec"].lower()]
    return "DATE", value + "X", _mod_of(m["mod"])


def _r_century(m: re.Match, ctx: _Context) -> _Result:
    rel = (m["rel"] or "").lower()
    if rel:
        if ctx.anchor is None:
            return "DATE", "XX", _mod_of(m["mod"])
        c = ctx.anchor.year // 100 + {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[rel]
    else:
        n = _ordinal(m["ord"])
        if n is None or not 1 <= n <= 30:
            return None
        c = n - 1
    return "DATE", f"{c:02d}", _mod_of(m["mod"])


def _r_season(m: re.Match, ctx: _Context) -> _Result:
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    word = m["season"]
    code = _lexicon().words["season"][word.lower()]
    if not det and not m["y"] and not m["mod"]:
        before = ctx.text[max(0, m.start() - 8): m.start()].lower()
        if not re.search(r"\b(?:in|this|last|by|until|since|during|through)\s+$", before):
            return None
        if word.lower() in ("fall", "spring"):
            return None
    if det == "the" and not m["y"] and word.lower() in ("fall", "spring"):
        after = ctx.text[m.end(): m.end() + 6].lower()
        if re.match(r"\s+(?:of|in)\b", after) and not re.match(r"\s+of\s+\d", ctx.text[m.end(): m.end() + 9]):
            return None
    mod = _mod_of(m["mod"]) or _mod_of(det if det in ("early", "late", "mid") else None)
    a = ctx.anchor
    if m["y"]:
        y = _year_value(m["y"])
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
            y = a.year   # "this summer" is the anchor year's, whether said in spring or in autumn
        else:
            y = _nearest_year(ctx, season_month, 0, m.start(), m.end()) or a.year
    return "DATE", f"{y:04d}-{code}", mod


def _quarter_value(ctx: _Context, q: int | None, year: int | None, unit: str) -> str:
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


def _r_quarter(m: re.Match, ctx: _Context) -> _Result:
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
        if m["yago"]:   # "the year-ago third quarter": that quarter, one year before the one in focus
            base = ctx.last_quarter[0] if ctx.last_quarter else (a.year if a else None)
            year = base - 1 if base is not None else None
            if year is None or unit != "quarter":
                return "DATE", _quarter_value(ctx, q, year, unit), ""
            return "DATE", f"{year:04d}-Q{q}", ""   # the comparison quarter does not become the focus
        if m["y"] or m["yq"]:
            year = _year_value(m["y"] or m["yq"])
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
        base = ctx.last_quarter or (_current_quarter(a, -1) if a else None)
        if base is None:
            return "DATE", "XXXX-QX", ""
        return "DATE", f"{base[0] - 1:04d}-Q{base[1]}", ""
    if qword in ("latest", "recent", "same", "last", "final", "previous") and unit in ("quarter", "period"):
        if qword == "last" and unit == "quarter" and ctx.last_quarter is None and a:
            y, q = _current_quarter(a, -1)
            return "DATE", _quarter_value(ctx, q, y, "quarter"), ""
        base = ctx.last_quarter or (_current_quarter(a, -1) if a else None)
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
        y, q = _current_quarter(a, 0)
        return "DATE", _quarter_value(ctx, q, y, "quarter"), ""
    return None


def _current_quarter(a: dt.date, shift: int) -> tuple[int, int]:
    idx = a.year * 4 + (a.month - 1) // 3 + shift
    return idx // 4, idx % 4 + 1


def _r_year_quarter(m: re.Match, ctx: _Context) -> _Result:
    year = int(m["y"])
    if ctx.last_quarter is None:
        return ("DATE", f"{year:04d}", "") if m["unit"].lower() == "period" else None
    return "DATE", f"{year:04d}-Q{ctx.last_quarter[1]}", ""


def _r_bare_quarter(m: re.Match, ctx: _Context) -> _Result:
    base = ctx.last_quarter or (_current_quarter(ctx.anchor, -1) if ctx.anchor else None)
    if base is None:
        return "DATE", "XXXX-QX", ""
    return "DATE", f"{base[0]:04d}-Q{base[1]}", ""


def _r_year_earlier_adj(m: re.Match, ctx: _Context) -> _Result:
    following = ctx.text[m.end(): m.end() + 12].lower()
    if re.match(r"\s+(?:quarter|period|level|results?|figures?|profit|earnings|net|sales|revenue|loss)", following) is None:
        if not re.match(r"\s*[.,;]", following):
            return None
    if ctx.last_quarter:
        y, q = ctx.last_quarter
        return "DATE", f"{y - 1:04d}-Q{q}", ""
    ref = ctx.ref()
    return "DATE", _fmt_date(_shift(ref, -1, "Y") if ref else None, "Y"), ""


_UNIT_GRAN = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y"}


def _unit_of(token: str) -> _Unit:
    return _lexicon().units[token.lower()]


def _r_ago(m: re.Match, ctx: _Context) -> _Result:
    unit = _unit_of(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    n = _parse_number(m["n"])
    approx = _mod_of(m["approx"]) if m["approx"] else ""
    if direction in ("before", "after", "since"):
        return None
    if unit.time_part:
        return None
    sign = 1 if direction in ("later", "from now", "hence") else -1
    anaphoric = direction in ("earlier", "later")
    ref = (ctx.ref() if anaphoric else ctx.anchor)
    letter = unit.letter
    gran = _UNIT_GRAN.get(letter, "D")
    if letter == "Y" and unit.multiplier == 1 and n == 1 and ctx.last_quarter and direction in ("ago", "earlier"):
        y, q = ctx.last_quarter
        return "DATE", f"{y - 1:04d}-Q{q}", approx
    if n is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", approx
    if ref is None:
        return "DATE", _fmt_date(None, gran), approx
    if n != int(n):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", approx
    steps = int(n) * unit.multiplier
    try:
        d = _shift(ref, sign * steps, letter if letter in "DWMQY" else "D")
    except (ValueError, OverflowError):   # "5000 years ago": before year 1, which no calendar date holds
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", approx
    if unit.multiplier >= 10:
        return "DATE", f"{d.year:04d}", approx or "APPROX"
    return "DATE", _fmt_date(d, gran), approx


def _r_relative_unit(m: re.Match, ctx: _Context) -> _Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    mod = _mod_of(m["mod"]) or _mod_of((m["mod2"] + " of") if m["mod2"] else None)
    a = ctx.anchor
    if rel == "recent" or unit_word in ("second", "minute", "hour"):
        return None
    if unit_word == "weekend":
        if rel in ("that", "same", "following", "previous", "latest", "prior", "preceding", "current"):
            return None
        if a is None:
            return "DATE", "XXXX-WXX-WE", mod
        shift = {"last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1,
                 "this": 0 if a.isoweekday() < 6 or True else 0}[rel]
        if rel == "this" and a.isoweekday() == 1:
            shift = -1
        d = a + dt.timedelta(weeks=shift)
        return "DATE", _fmt_date(d, "W") + "-WE", mod
    if rel in ("same", "that"):
        ref, gran = ctx.ref(), {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}.get(unit_word)
        if gran is None:
            return None
        if gran == "Q" and ctx.last_quarter:
            y, q = ctx.last_quarter
            return "DATE", f"{y:04d}-Q{q}", mod
        return "DATE", _fmt_date(ref, gran), mod
    if unit_word == "quarter":
        if a is None:
            return "DATE", "XXXX-QX", mod
        shift = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "this past": -1,
                 "this": 0, "current": 0, "latest": -1, "next": 1, "coming": 1, "following": 1}[rel]
        if rel in ("latest", "previous", "following", "prior", "preceding") and ctx.last_quarter:
            y, q = ctx.last_quarter
            idx = y * 4 + q - 1 + (0 if rel == "latest" else shift)
            return "DATE", f"{idx // 4:04d}-Q{idx % 4 + 1}", mod
        y, q = _current_quarter(a, shift)
        return "DATE", _quarter_value(ctx, q, y, "quarter"), mod
    unit = _unit_of(unit_word)
    shift = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "this past": -1,
             "this": 0, "current": 0, "latest": 0, "next": 1, "coming": 1, "following": 1}[rel]
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
        return "DATE", _fmt_date(None, gran), mod
    d = _shift(ref, shift, unit.letter)
    return "DATE", _fmt_date(d, gran), mod


def _r_weekend(m: re.Match, ctx: _Context) -> _Result:
    a = ctx.anchor
    if a is None:
        return "DATE", "XXXX-WXX-WE", ""
    if a.isoweekday() >= 6:
        d = a
    elif ctx.future(m.start(), m.end()):
        d = a + dt.timedelta(days=6 - a.isoweekday())
    else:
        d = a - dt.timedelta(days=a.isoweekday() + 1)
    return "DATE", _fmt_date(d, "W") + "-WE", ""


def _r_period_end(m: re.Match, ctx: _Context) -> _Result:
    unit = (m["unit"] or m["unit2"]).lower()
    mod = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID"}[
        (m["mod"] or m["mod2"]).lower()]
    ref = ctx.ref() if m["unit"] else ctx.anchor
    gran = {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}.get(unit)
    if gran is None:
        if ref is None:
            return "DATE", "XXX" if unit == "decade" else "XX", mod
        return "DATE", f"{ref.year // 10:03d}" if unit == "decade" else f"{ref.year // 100:02d}", mod
    if gran == "Q" and ctx.last_quarter:
        return "DATE", "{:04d}-Q{}".format(*ctx.last_quarter), mod
    return "DATE", _fmt_date(ref, gran), mod


def _r_year_ended(m: re.Match, ctx: _Context) -> _Result:
    """"the year ended March 31": a twelve-month (fiscal) period, named by its last day."""
    return "DURATION", "P1Y", ""


def _r_the_year(m: re.Match, ctx: _Context) -> _Result:
    """"for the year", "earlier in the year": the year of the date in focus (else the anchor's)."""
    return "DATE", _fmt_date(ctx.ref(), "Y"), ""


def _r_current_year(m: re.Match, ctx: _Context) -> _Result:
    rel = m["rel"].lower()
    a = ctx.anchor
    if rel == "full":
        return "DURATION", "P1Y", ""
    if rel == "same":
        return "DATE", _fmt_date(ctx.ref(), "Y"), ""
    if a is None:
        return "DATE", "XXXX", ""
    shift = {"current": 0, "latest": -1, "previous": -1, "last": -1, "past": -1, "next": 1, "coming": 1}[rel]
    return "DATE", f"{a.year + shift:04d}", ""


def _r_term(m: re.Match, ctx: _Context) -> _Result:
    return "DATE", "FUTURE_REF", ""


def _r_ahead(m: re.Match, ctx: _Context) -> _Result:
    unit = _unit_of(m["unit"])
    n = _parse_number(re.sub(r"\s+of$", "", m["n"])) if m["n"] and not m["n"].lower().startswith("couple") else (2 if m["n"] else None)
    return "DURATION", _duration(n, unit), ""


def _r_vague(m: re.Match, ctx: _Context) -> _Result:
    return "DURATION", "PXX", ""


def _r_same_unit(m: re.Match, ctx: _Context) -> _Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    ref = ctx.ref()
    if ref is None:
        return None
    if unit_word == "weekend":
        return None
    letter = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit_word]
    shift = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1,
             "the prior": -1, "the preceding": -1, "a previous": -1}[rel]
    if rel == "a previous":
        return None
    if rel == "the next" and unit_word != "day":
        return None
    d = _shift(ref, shift, letter)
    return "DATE", _fmt_date(d, letter), ""


def _r_this_time(m: re.Match, ctx: _Context) -> _Result:
    unit = m["unit"].lower()
    letter = {"year": "Y", "month": "M", "week": "W"}[unit]
    a = ctx.anchor
    if a is None:
        return "DATE", "XXXX-XX-XX", ""
    d = _shift(a, -1 if m["rel"].lower() == "last" else 1, letter)
    return "DATE", d.isoformat(), "APPROX"


def _r_duration(m: re.Match, ctx: _Context) -> _Result:
    unit_token = m["unit_pl"] or m["unit_adj"]
    unit = _unit_of(unit_token)
    n = _parse_number(m["n"])
    num_token = re.sub(r"\s+", " ", m["n"].lower())
    if m["unit_pl"] and n == 1 and unit_token.lower() in _lexicon().plural and num_token not in ("1",):
        return None
    if num_token in ("a", "an") and m["unit_adj"]:
        return None
    if m["half"]:
        n = (n or 0) + 0.5
    approx = (_mod_of(m["approx"] or m["approx2"]) or _approx_before(ctx.text, m.start())
              or ("APPROX" if m["orso"] else ""))
    rel = (m["rel"] or "").lower()
    the = (m["the"] or "").lower()
    if num_token in ("a", "an") and not rel and not approx:
        before = ctx.text[max(0, m.start() - 30): m.start()]
        if _MONEY_BEFORE.search(before) or _COUNT_BEFORE.search(before):
            return "SET", _duration(1, unit), ""   # a rate: "$300 billion a year", "hundreds of interviews a day"
    if m["unit_pl"] and _AGE_AFTER.match(ctx.text, m.end()):
        return None   # "52 years old": an age
    if num_token in ("a", "an", "one") and unit_token.lower() == "second" and _ADJECTIVE_USE.match(ctx.text, m.end()):
        return None   # "a second group": the ordinal
    if m["suffix"] and m["suffix"].lower() == "-old":
        return None
    if n is not None and (n > 10000 or (1600 <= n <= 2099 and unit.letter != "Y")):
        return None   # "the 1988 quarter" is a year, not 1988 quarters
    if num_token in ("a", "an", "one") and the == "the":
        return None
    value = _duration(n, unit)
    return "DURATION", value, approx


def _r_duration_range(m: re.Match, ctx: _Context) -> _Result:
    """"two to three weeks", "the next 12 to 18 months": one stretch of an uncertain number of units."""
    return "DURATION", _duration(None, _unit_of(m["unit"])), ""


def _r_unit_long(m: re.Match, ctx: _Context) -> _Result:
    unit = _unit_of(m["unit"])
    plural = m["unit"].lower() in _lexicon().plural
    return "DURATION", _duration(None if plural else 1, unit), ""


def _r_bare_units(m: re.Match, ctx: _Context) -> _Result:
    unit = _unit_of(m["unit"])
    return "DURATION", _duration(None, unit), ""


def _r_ref_phrase(m: re.Match, ctx: _Context) -> _Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = _unit_of(m["unit"])
    if rel in ("recent",):
        return "DATE", "PAST_REF", ""
    if rel == "upcoming":
        return "DATE", "FUTURE_REF", ""
    return "DURATION", _duration(None, unit), ""   # "the coming weeks", "the next few days": a stretch


def _r_half_unit(m: re.Match, ctx: _Context) -> _Result:
    unit = _unit_of(m["unit"])
    return "DURATION", _duration(0.5, unit), _mod_of(m["approx"]) if m["approx"] else ""


def _r_set_word(m: re.Match, ctx: _Context) -> _Result:
    word = m["word"].lower()
    if _ADJECTIVE_USE.match(ctx.text, m.end()):
        return None   # "quarterly dividend", "daily flights": TimeBank leaves adjectives untagged
    return "SET", _lexicon().words["set"][word], ""


def _r_set_every(m: re.Match, ctx: _Context) -> _Result:
    lx = _lexicon()
    q = m["q"].lower()
    token = re.sub(r"\s+", " ", m["unit"].lower())
    n_tok = (m["n"] or "").lower()
    if q in ("a", "an"):
        before = ctx.text[max(0, m.start() - 25): m.start()]
        if n_tok or token not in lx.units or not _MONEY_BEFORE.search(before):
            return None
    if token in lx.units:
        unit = lx.units[token]
        n = 2 if n_tok == "other" else (_parse_number(n_tok) if n_tok else 1)
        if n is None:
            return None
        return "SET", _duration(n, unit), ""
    if n_tok:
        return None
    if token in lx.words["weekday"]:
        return "SET", f"XXXX-WXX-{lx.words['weekday'][token]}", ""
    if token in lx.words["month"]:
        return "SET", f"XXXX-{int(lx.words['month'][token]):02d}", ""
    if token in lx.words["season"]:
        return "SET", f"XXXX-{lx.words['season'][token]}", ""
    if token in lx.words["part_of_day"]:
        return "SET", f"XXXX-XX-XXT{lx.words['part_of_day'][token]}", ""
    return None


def _r_set_times(m: re.Match, ctx: _Context) -> _Result:
    unit = _unit_of(m["unit"])
    return "SET", _duration(1, unit), ""


def _r_future(m: re.Match, ctx: _Context) -> _Result:
    if not m.group(0).lower().startswith("the"):
        return None
    return "DATE", "FUTURE_REF", ""


_HANDLERS: dict[str, Callable[[re.Match, _Context], _Result]] = {
    "iso_date": _r_iso, "numeric_date": _r_numeric, "clock": _r_clock, "clock_after_day": _r_clock,
    "mdy": _r_mdy, "dmy": _r_mdy, "month_year": _r_month_year, "month_rel": _r_month,
    "weekday": _r_weekday, "holiday": _r_holiday, "deictic": _r_deictic, "pod": _r_pod,
    "year": _r_year, "decade": _r_decade, "decade_word": _r_decade_word, "century": _r_century,
    "season": _r_season, "quarter": _r_quarter, "bare_quarter": _r_bare_quarter, "year_quarter": _r_year_quarter,
    "year_earlier_adj": _r_year_earlier_adj, "ago": _r_ago, "relative_unit": _r_relative_unit,
    "same_unit": _r_same_unit, "weekend": _r_weekend,
    "period_end": _r_period_end, "year_ended": _r_year_ended, "the_year": _r_the_year, "current_year": _r_current_year, "term": _r_term, "ahead": _r_ahead,
    "vague": _r_vague, "this_time": _r_this_time, "duration": _r_duration, "duration_range": _r_duration_range,
    "unit_long": _r_unit_long, "bare_units": _r_bare_units, "ref_phrase": _r_ref_phrase,
    "half_unit": _r_half_unit, "set_word": _r_set_word, "set_every": _r_set_every,
    "set_times": _r_set_times, "ref_word_future": _r_future,
}


# --------------------------------------------------------------------------- driver


def _as_date(anchor) -> dt.date | None:
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
            raise ValueError(f"anchor {anchor!r} is not an ISO date (YYYY-MM-DD); "
                             "pass a datetime.date or None") from None
    try:
        if pd.isna(anchor):
            return None
    except (TypeError, ValueError):
        pass
    raise TypeError(f"anchor must be a datetime.date, pandas Timestamp, ISO string or None, "
                    f"not {type(anchor).__name__}")


# Words at least one of which must occur near a match of each rule: a rule's regex only
# runs in windows around these, which keeps extraction fast on long articles.
# Entries are lexicon categories, "unit" (timex_units.csv), "digit", or "=word".
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "iso_date": ("digit",), "numeric_date": ("digit",),
    "clock": ("digit", "=noon", "=midnight", "=midday"),
    "clock_after_day": ("digit", "=noon", "=midnight", "=midday"),
    "mdy": ("month",), "dmy": ("month",), "month_year": ("month",), "month_rel": ("month",),
    "weekday": ("weekday",), "holiday": ("holiday",), "deictic": ("deictic",),
    "pod": ("part_of_day",), "year": ("digit", "=nineteen", "=thousand"), "decade": ("digit",),
    "decade_word": ("decade_word",), "century": ("=century",), "season": ("season",),
    "quarter": ("=quarter", "=half", "=period"), "bare_quarter": ("=quarter",),
    "year_quarter": ("=quarter", "=period"),
    "year_earlier_adj": ("=year",), "ago": ("unit",), "relative_unit": ("unit", "=weekend"),
    "weekend": ("=weekend",), "period_end": ("unit", "=end"), "year_ended": ("=year",), "the_year": ("=year",), "current_year": ("=year",),
    "term": ("=term",), "ahead": ("unit",), "vague": ("=while", "=time"),
    "same_unit": ("unit", "=weekend"), "this_time": ("=time",), "duration": ("unit",), "duration_range": ("unit",),
    "unit_long": ("unit",), "bare_units": ("unit",), "ref_phrase": ("unit",), "half_unit": ("unit",),
    "set_word": ("set",), "set_every": ("unit", "weekday", "month", "season", "part_of_day"),
    "set_times": ("unit",), "ref_word_future": ("=future",),
}
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_WINDOW_BEFORE, _WINDOW_AFTER = 70, 60


@functools.cache
def _trigger_index() -> dict[str, frozenset[str]]:
    """Lower-case word -> the trigger keys ("month", "=year", ...) it satisfies."""
    lx = _lexicon()
    index: dict[str, set[str]] = {}
    for category, words in lx.words.items():
        for entry in words:
            word = max(_TOKEN.findall(entry), key=len)   # rarest-looking word of a phrase
            index.setdefault(word, set()).add(category)
    for unit in lx.units:
        index.setdefault(unit, set()).add("unit")
    for keys in _TRIGGERS.values():
        for key in keys:
            if key.startswith("="):
                index.setdefault(key[1:], set()).add(key)
    return {w: frozenset(k) for w, k in index.items()}


# Characters before a search window that the rules' look-behinds and word boundaries can
# read: the longest look-behind is "(?<=\bwithin\s)" (7 characters, and 1 more for its
# \b). tests/test_timex.py checks the grammar against this bound.
_LOOKBEHIND = 12


@functools.lru_cache(maxsize=50_000)
def _line_hits(line: str) -> tuple[tuple[str, int, int], ...]:
    """(trigger key, start, end) of each trigger word of one line, in reading order.

    Memoised per process by the exact line, since news copy repeats paragraphs verbatim.
    A token is a run of letters or of digits, so none spans a line break: a text's hits
    are its lines' hits shifted by the lines' offsets.
    """
    index = _trigger_index()
    hits = []
    for m in _TOKEN.finditer(line):
        word = m.group()
        keys = ("digit",) if word[0].isdigit() else index.get(word.lower(), ())
        for key in keys:
            hits.append((key, m.start(), m.end()))
    return tuple(hits)


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """(start, end) of the trigger words of each trigger key, in reading order."""
    hits: dict[str, list[tuple[int, int]]] = {}
    offset = 0
    for line in text.split("\n"):
        for key, start, end in _line_hits(line):
            hits.setdefault(key, []).append((start + offset, end + offset))
        offset += len(line) + 1
    return hits


def _merge(spans: list[tuple[int, int]], n: int, text: str) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        ws, we = max(0, s - _WINDOW_BEFORE), min(n, e + _WINDOW_AFTER)
        if merged and ws <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], we)
        else:
            merged.append([ws, we])
    out = []
    for ws, we in merged:
        while we < n and not text[we].isspace():
            we += 1   # never cut a word: lookaheads must see the whole token
        out.append((ws, we))
    return out


@functools.cache
def _rule_groups() -> tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]:
    """(trigger keys, indices of the rules with those keys): the rules of a group search the same windows."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, rule in enumerate(_grammar()):
        groups.setdefault(_TRIGGERS[rule.name], []).append(i)
    return tuple((keys, tuple(rules)) for keys, rules in groups.items())


@functools.lru_cache(maxsize=50_000)
def _window_matches(group: int, chunk: str, pos: int) -> tuple[tuple[int, int, int], ...]:
    """(rule index, start, end) of the matches of a rule group's rules in ``chunk[pos:]``, ends trimmed.

    ``chunk`` is one search window of a text and the ``pos`` (at most ``_LOOKBEHIND``)
    characters before it, and offsets are into ``chunk``. Memoised per process by the
    exact arguments, since windows repeat with the paragraphs that hold them. This is
    exact: a search of the window in the whole text has the window's end as its end, so
    look-aheads stop there, and look-behinds and word boundaries read at most
    ``_LOOKBEHIND`` characters before where they stand, all inside ``chunk`` (a window
    closer than that to the start of the text gets its whole beginning, start included).
    """
    rules = _grammar()
    found = []
    for i in _rule_groups()[group][1]:
        for m in rules[i].pattern.finditer(chunk, pos):
            s, e = m.span()
            while e > s and chunk[e - 1] in " \t\n,":
                e -= 1
            if e > s:
                found.append((i, s, e))
    return tuple(found)


def _candidates(text: str) -> list[tuple[int, int, int, int]]:
    """All rule matches as (start, end, rule index, window end), longest and earliest rules first.

    ``rules[i].pattern.match(text, start, window_end)`` gives the match itself: it is the
    attempt at ``start`` that the search of the window made.
    """
    found = []
    hits = _windows(text)
    n = len(text)
    for group, (keys, _) in enumerate(_rule_groups()):
        spans = [span for key in keys for span in hits.get(key, ())]
        if not spans:
            continue
        for ws, we in _merge(spans, n, text):
            base = max(0, ws - _LOOKBEHIND)
            for i, s, e in _window_matches(group, text[base:we], ws - base):
                found.append((s + base, e + base, i, we))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return found


_EARLIER_LATER = re.compile(r"(?<![\w-])(earlier|later)\s+$", re.I)
_DEICTIC_HEAD = re.compile(
    r"(?:this|that|last|next|yesterday|today|tonight|the\s+same|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I)
_UNIT_BEFORE = re.compile(r"\b(?:\w+[\s-])?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+$", re.I)
_ADJ_DETERMINER = re.compile(r"(?:the|a|an)\s+", re.I)


def _adjust_start(text: str, start: int, m: re.Match, ttype: str) -> int:
    """Move a span's start to where TimeML puts it.

    "earlier this month", "later that year", "Earlier Sunday": the adverb belongs to the
    expression (it narrows it), unless it ends a duration phrase ("two years earlier this
    month"). "a 10-year", "the two day": a determiner of an adjectival duration stays out,
    since it belongs to the noun the duration modifies.
    """
    if ttype in ("DATE", "TIME") and _DEICTIC_HEAD.match(text, start):
        left = text[max(0, start - 30): start]
        hit = _EARLIER_LATER.search(left)
        if hit and not _UNIT_BEFORE.search(left, 0, hit.start(1)):
            return start - len(left) + hit.start(1)
    if ttype == "DURATION" and "unit_adj" in m.re.groupindex and m["n"] and not (m["rel"] or m["approx"] or m["approx2"]):
        singular = m["unit_adj"] or (m["unit_pl"] and m["unit_pl"].lower() in _lexicon().units
                                     and m["unit_pl"].lower() not in _lexicon().plural)
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
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "object")
                             for c in COLUMNS})
    return pd.DataFrame(rows, columns=COLUMNS)


def timex_rows(text: str, anchor: dt.date | None = None) -> list[tuple[int, int, str, str, str, str]]:
    """:func:`extract_timexes` as a list of tuples (``COLUMNS`` order), without building a DataFrame.

    For callers that gather the timexes of many texts into one table.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    ctx = _Context(text=text, anchor=_as_date(anchor))
    taken = bytearray(len(text))
    chosen: list[tuple[int, int, int, re.Match]] = []
    rules = _grammar()
    for s, e, i, window_end in _candidates(text):
        if any(taken[s:e]):
            continue
        m = rules[i].pattern.match(text, s, window_end)
        if _HANDLERS[rules[i].name](m, _Context(text=text, anchor=ctx.anchor)) is None:
            continue
        chosen.append((s, e, i, m))
        taken[s:e] = b"\x01" * (e - s)
    chosen.sort(key=lambda c: c[0])
    rows = []
    for s, e, i, m in chosen:
        result = _HANDLERS[rules[i].name](m, ctx)
        if result is None:
            continue
        ttype, value, mod = result
        s = _adjust_start(text, s, m, ttype)
        rows.append((s, e, text[s:e], ttype, value, mod))
    return rows
