"""Candidate scanning: where each rule of the grammar is allowed to search, and what it finds.

Each rule only searches windows around its trigger words (``_TRIGGERS``); the trigger words
of a line and the matches in a window are memoised per process by their exact text (news copy
repeats paragraphs verbatim), which is exact because a search reads nothing outside its
window but a few characters before it (:data:`LOOKBEHIND`).
"""

from __future__ import annotations

import functools
import re

from newsframe.timex.grammar import grammar
from newsframe.timex.lexicon import timex_lexicon

# Words at least one of which must occur near a match of each rule: a rule's regex only
# runs in windows around these, which keeps extraction fast on long articles.
# Entries are lexicon categories, "unit" (timex_units.csv), "digit", or "=word".
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "iso_date": ("digit",),
    "numeric_date": ("digit",),
    "clock": ("digit", "=noon", "=midnight", "=midday"),
    "clock_after_day": ("digit", "=noon", "=midnight", "=midday"),
    "mdy": ("month",),
    "dmy": ("month",),
    "month_year": ("month",),
    "month_rel": ("month",),
    "weekday": ("weekday",),
    "holiday": ("holiday",),
    "deictic": ("deictic",),
    "pod": ("part_of_day",),
    "year": ("digit", "=nineteen", "=thousand"),
    "decade": ("digit",),
    "decade_word": ("decade_word",),
    "century": ("=century",),
    "season": ("season",),
    "quarter": ("=quarter", "=half", "=period"),
    "bare_quarter": ("=quarter",),
    "year_quarter": ("=quarter", "=period"),
    "year_earlier_adj": ("=year",),
    "ago": ("unit",),
    "relative_unit": ("unit", "=weekend"),
    "weekend": ("=weekend",),
    "period_end": ("unit", "=end"),
    "year_ended": ("=year",),
    "the_year": ("=year",),
    "current_year": ("=year",),
    "term": ("=term",),
    "ahead": ("unit",),
    "vague": ("=while", "=time"),
    "same_unit": ("unit", "=weekend"),
    "this_time": ("=time",),
    "duration": ("unit",),
    "duration_range": ("unit",),
    "unit_long": ("unit",),
    "bare_units": ("unit",),
    "ref_phrase": ("unit",),
    "half_unit": ("unit",),
    "set_word": ("set",),
    "set_every": ("unit", "weekday", "month", "season", "part_of_day"),
    "set_times": ("unit",),
    "ref_word_future": ("=future",),
}
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_WINDOW_BEFORE, _WINDOW_AFTER = 70, 60


@functools.cache
def _trigger_index() -> dict[str, frozenset[str]]:
    """Lower-case word -> the trigger keys ("month", "=year", ...) it satisfies."""
    lexicon = timex_lexicon()
    index: dict[str, set[str]] = {}
    for category, words in lexicon.words.items():
        for entry in words:
            word = max(_TOKEN.findall(entry), key=len)  # rarest-looking word of a phrase
            index.setdefault(word, set()).add(category)
    for unit in lexicon.units:
        index.setdefault(unit, set()).add("unit")
    for keys in _TRIGGERS.values():
        for key in keys:
            if key.startswith("="):
                index.setdefault(key[1:], set()).add(key)
    return {w: frozenset(k) for w, k in index.items()}


# Characters before a search window that the rules' look-behinds and word boundaries can
# read: the longest look-behind is "(?<=\bwithin\s)" (7 characters, and 1 more for its
# \b). tests/test_timex.py checks the grammar against this bound.
LOOKBEHIND = 12


@functools.lru_cache(maxsize=50_000)
def line_hits(line: str) -> tuple[tuple[str, int, int], ...]:
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
        for key, start, end in line_hits(line):
            hits.setdefault(key, []).append((start + offset, end + offset))
        offset += len(line) + 1
    return hits


def _merge(spans: list[tuple[int, int]], n: int, text: str) -> list[tuple[int, int]]:
    """Search windows around trigger spans, overlapping ones merged, each widened to a whole word at its end."""
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
            we += 1  # never cut a word: lookaheads must see the whole token
        out.append((ws, we))
    return out


@functools.cache
def _rule_groups() -> tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]:
    """(trigger keys, indices of the rules with those keys): the rules of a group search the same windows."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, rule in enumerate(grammar()):
        groups.setdefault(_TRIGGERS[rule.name], []).append(i)
    return tuple((keys, tuple(rules)) for keys, rules in groups.items())


@functools.lru_cache(maxsize=50_000)
def window_matches(group: int, chunk: str, pos: int) -> tuple[tuple[int, int, int], ...]:
    """(rule index, start, end) of the matches of a rule group's rules in ``chunk[pos:]``, ends trimmed.

    ``chunk`` is one search window of a text and the ``pos`` (at most ``LOOKBEHIND``)
    characters before it, and offsets are into ``chunk``. Memoised per process by the
    exact arguments, since windows repeat with the paragraphs that hold them. This is
    exact: a search of the window in the whole text has the window's end as its end, so
    look-aheads stop there, and look-behinds and word boundaries read at most
    ``LOOKBEHIND`` characters before where they stand, all inside ``chunk`` (a window
    closer than that to the start of the text gets its whole beginning, start included).
    """
    rules = grammar()
    found = []
    for i in _rule_groups()[group][1]:
        for m in rules[i].pattern.finditer(chunk, pos):
            s, e = m.span()
            while e > s and chunk[e - 1] in " \t\n,":
                e -= 1
            if e > s:
                found.append((i, s, e))
    return tuple(found)


def candidates(text: str) -> list[tuple[int, int, int, int]]:
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
            base = max(0, ws - LOOKBEHIND)
            for i, s, e in window_matches(group, text[base:we], ws - base):
                found.append((s + base, e + base, i, we))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return found
