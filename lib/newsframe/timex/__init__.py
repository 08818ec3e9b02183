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

How it works: a set of regular-expression rules (:mod:`~newsframe.timex.grammar`,
compiled once) proposes candidate spans (:mod:`~newsframe.timex.scan`); overlapping
candidates are resolved longest-first; the survivors are then normalised in reading order
(:mod:`~newsframe.timex.extract`) so that each can see the focus set by the ones before
(:mod:`~newsframe.timex.context`). Each rule only searches windows around its trigger words,
memoised per process by their exact text (news copy repeats paragraphs verbatim). The anchor
and the focus only enter afterwards, when candidates are normalised by the resolvers
(:mod:`~newsframe.timex.resolve_dates`, :mod:`~newsframe.timex.resolve_periods`), which use
the lexicon (:mod:`~newsframe.timex.lexicon`) and calendar arithmetic
(:mod:`~newsframe.timex.calendar_math`).
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
    not a year (see :mod:`newsframe.timex.resolve_dates`).
``data/timex_units.csv`` (unit, plural, letter, multiplier, time_part)
    calendar units for durations: "decade" -> 10 x ``Y``; time_part ``T`` marks
    units written after the ``T`` of an ISO duration (hours, minutes, seconds).

The values become calendar intervals with :func:`timex_value_interval` /
:func:`timex_intervals` (:mod:`~newsframe.timex.intervals`), and a dated mention is judged
past or future with :func:`judge_future` (:mod:`~newsframe.timex.tense`).
"""

from newsframe.timex.extract import COLUMNS, extract_corpus_timexes, extract_timexes, timex_rows
from newsframe.timex.intervals import GRANULARITIES, OUT_OF_WINDOW, UNRESOLVED, timex_intervals, timex_value_interval
from newsframe.timex.tense import has_cue, judge_future

__all__ = [
    "COLUMNS",
    "GRANULARITIES",
    "OUT_OF_WINDOW",
    "UNRESOLVED",
    "extract_corpus_timexes",
    "extract_timexes",
    "has_cue",
    "judge_future",
    "timex_intervals",
    "timex_rows",
    "timex_value_interval",
]
