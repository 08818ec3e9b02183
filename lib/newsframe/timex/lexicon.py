"""The timex word lists (``data/timex_lexicon.csv``, ``data/timex_units.csv``) and what words mean.

:func:`timex_lexicon` reads the two data files once per process; the helpers here turn the
words of a match into numbers: "twenty-four" -> 24, "nineteen ninety-six" -> 1996, "3rd" -> 3,
"Sept." -> 9, "decade" -> a :class:`Unit` of 10 years, "late" -> the TIMEX3 mod ``END``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from newsframe.data_tables import data_path, read_data_table
from newsframe.phrase_patterns import alternation as phrase_alternation

_MOD_WORDS = {
    "early": "START",
    "earlier": "START",
    "beginning of": "START",
    "start of": "START",
    "first half of": "START",
    "dawn of": "START",
    "mid": "MID",
    "middle of": "MID",
    "mid-": "MID",
    "late": "END",
    "later": "END",
    "end of": "END",
    "close of": "END",
    "second half of": "END",
    "turn of": "END",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "nearly": "APPROX",
    "almost": "APPROX",
    "or so": "APPROX",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "just over": "MORE_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "just under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS",
}


@dataclass(frozen=True)
class Unit:
    """A calendar unit of ``data/timex_units.csv``: ISO letter, how many of it (decade = 10 Y), and whether it follows the T."""

    letter: str
    multiplier: int
    time_part: bool


@dataclass(frozen=True)
class Lexicon:
    """The words of ``data/timex_lexicon.csv`` by category, and the calendar units by singular and plural."""

    words: dict[str, dict[str, str]]
    units: dict[str, Unit] = field(default_factory=dict)
    plural: dict[str, str] = field(default_factory=dict)

    def alt(self, category: str) -> str:
        """Regex alternation of a category's words, longest first (so "sept." beats "sept")."""
        return alternation(self.words[category])


def alternation(words) -> str:
    """Regex group of ``words``, longest first and spaces matching any whitespace (:func:`newsframe.phrase_patterns.alternation`)."""
    return "(?:" + phrase_alternation(words, space=r"\s+") + ")"


@functools.cache
def timex_lexicon() -> Lexicon:
    """Read ``data/timex_lexicon.csv`` and ``data/timex_units.csv`` once per process; a clear error if a category is missing."""
    words: dict[str, dict[str, str]] = {}
    lexicon = read_data_table("timex_lexicon.csv", ["category", "word", "value"])
    for category, word, value in zip(lexicon["category"], lexicon["word"], lexicon["value"]):
        words.setdefault(category, {})[word.lower()] = value
    units, plural = {}, {}
    unit_table = read_data_table("timex_units.csv", ["unit", "plural", "letter", "multiplier", "time_part"])
    for row in unit_table.itertuples(index=False):
        unit = Unit(row.letter, int(row.multiplier), row.time_part == "T")
        units[row.unit] = unit
        units[row.plural] = unit
        plural[row.plural] = row.unit
    needed = {
        "month",
        "weekday",
        "number",
        "ordinal",
        "season",
        "part_of_day",
        "deictic",
        "set",
        "decade_word",
        "holiday",
    }
    missing = needed - set(words)
    if missing:
        raise ValueError(
            f"{data_path('timex_lexicon.csv')} lacks rows for categories {sorted(missing)}; "
            "restore the file from the repository"
        )
    return Lexicon(words, units, plural)


def parse_number(token: str) -> float | None:
    """'three' -> 3, 'twenty-four' -> 24, '1 1/2' -> 1.5, 'several' -> None (unknown)."""
    numbers = timex_lexicon().words["number"]
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
    if t in numbers:
        return None if numbers[t] == "X" else float(numbers[t]) * scale
    parts = re.split(r"[\s-]", t)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return (float(numbers[parts[0]]) + float(numbers[parts[1]])) * scale
    return None


def year_value(token: str) -> int | None:
    """'1998' -> 1998; 'nineteen ninety-six' -> 1996; 'two thousand' -> 2000."""
    t = re.sub(r"[\s-]+", " ", token.lower().strip())
    if t.isdigit():
        return int(t)
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].replace("and", "").strip()
        return 2000 + (int(parse_number(rest) or 0) if rest else 0)
    if t.startswith("nineteen "):
        rest = t[len("nineteen ") :].replace("hundred", "").replace("and", "").replace("oh", "").strip()
        n = parse_number(rest) if rest else 0
        return None if n is None else 1900 + int(n)
    return None


def ordinal_value(token: str) -> int | None:
    """'3rd' -> 3, 'third' -> 3; None for a word that is no ordinal."""
    t = token.lower()
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    v = timex_lexicon().words["ordinal"].get(t)
    return int(v) if v else None


def mod_of(token: str | None) -> str:
    """TIMEX3 mod of a modifier as written ("late" -> END, "more than" -> MORE_THAN); "" for none."""
    if not token:
        return ""
    t = re.sub(r"\s+", " ", token.lower()).strip(" -")
    t = re.sub(r"^the (very )?|^very |( the)$", "", t).strip(" -")
    return _MOD_WORDS.get(t, "")


def month_number(token: str) -> int:
    """'Sept.' -> 9: the month a (lexicon) month word names."""
    return int(timex_lexicon().words["month"][re.sub(r"\s+", " ", token.lower())])


def unit_of(token: str) -> Unit:
    """'weeks' -> the :class:`Unit` for W."""
    return timex_lexicon().units[token.lower()]
