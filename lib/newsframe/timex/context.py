"""The reading state of one text while its timexes are normalised in order, and tense.

:class:`Context` carries the anchor (publication date) and the focus (the last date the text
made explicit) from one expression to the next; :meth:`Context.future` reads the tense of the
clause around an expression, and :func:`nearest_year` uses it to place a month or day written
without a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsframe.timex.calendar_math import is_valid_date, shift_date

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
    r"succeed|indeed|hundred|feed|seed|breed|shed|bed|red|wed|led)\b)[a-z]{2,}ed\b)",
    re.IGNORECASE,
)
# A participle after these is not a tense of its own ("will be named", "had been scheduled").
_AUX_BEFORE = re.compile(r"\b(?:be|been|being|is|are|am|get|gets|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# A future cue right after these is a past plan ("had been scheduled to expire Friday").
_PAST_PLAN = re.compile(r"\b(?:had|had been|was|were|previously|originally|as)\s+$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n\s*\n")
_CLAUSE_BREAK = re.compile(r"[.!?;]\s|,\s|\n\s*\n")


@dataclass
class Context:
    """Reading state while normalising one text in order."""

    text: str
    anchor: dt.date | None
    focus: dt.date | None = None  # last fully resolved day/month/year mentioned
    focus_gran: str = "D"
    explicit_year: int | None = None  # year of the last date written with its year
    last_quarter: tuple[int, int] | None = None

    def ref(self) -> dt.date | None:
        """Date to resolve anaphoric expressions against: the focus, else the anchor."""
        return self.focus or self.anchor

    def set_focus(self, d: dt.date, gran: str) -> None:
        """Make ``d`` (known at granularity ``gran``: D, M or Y) the date later anaphora refer to."""
        self.focus, self.focus_gran = d, gran

    def future(self, start: int, end: int) -> bool:
        """Does the clause around [start, end) put it in the future (will, plans, next…)?

        The tense cue nearest before the expression in its clause (back to the last comma or
        sentence break) decides, else the first cue after it in its sentence.
        """
        left = max(self.text.rfind("\n", 0, start) + 1, start - 100)
        left = max([left] + [m.end() for m in _CLAUSE_BREAK.finditer(self.text, left, start)])
        cues = [
            (m.start(), "fut" if m["fut"] else "past")
            for m in _TENSE_CUE.finditer(self.text, left, start)
            if self._counts(m)
        ]
        if cues:
            return cues[-1][1] == "fut"
        stop = _SENTENCE_BREAK.search(self.text, end, end + 60)
        for m in _TENSE_CUE.finditer(self.text, end, stop.start() if stop else min(len(self.text), end + 60)):
            if self._counts(m):
                return bool(m["fut"])
        return False

    def _counts(self, m: re.Match) -> bool:
        """Is this cue a tense of its own (not a participle after an auxiliary)?"""
        before = self.text[max(0, m.start() - 20) : m.start()]
        if m["past"] and m["past"].lower().endswith("ed") and _AUX_BEFORE.search(before):
            return False
        return not (m["fut"] and _PAST_PLAN.search(before))


def nearest_year(ctx: Context, month: int, day: int, start: int, end: int) -> int | None:
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
            first = next(first.replace(day=d) for d in (day, 30, 29, 28) if is_valid_date(y, month, d))
        last = first if day else shift_date(first, 1, "M") - dt.timedelta(days=1)
        spans.append((first, last))
    past = max((f for f, _ in spans if f <= a), default=None)
    if ctx.future(start, end):
        return min(f for f, last in spans if last >= a).year
    ahead = min((f for f, _ in spans if f > a), default=None)
    if ahead is not None and (past is None or (ahead - a).days * 3 < (a - past).days):
        return ahead.year
    return past.year


Result = tuple[str, str, str] | None  # (type, value, mod) or None to reject
