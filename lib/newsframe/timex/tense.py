"""Past versus future for a dated mention: is it a plan, target or forecast, or a report of the past?

:func:`judge_future` decides from the mention's calendar interval and the publication date, and
where those do not settle it, from the words: "by <date>" and the cues of
``data/timeline_cues.csv`` (:func:`has_cue`).

``data/timeline_cues.csv`` (kind, pattern, note)
    ``future`` cues (will, plan, target, aim, expected, to reach …) that mark a plan or forecast;
    ``present`` cues (now, currently …) that tie a statement to the publication date.
    Patterns are regular-expression fragments matched as whole words, case-insensitively.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from newsframe.data_tables import read_data_table

_REF_TENSE = {"FUTURE_REF": True, "PAST_REF": False, "PRESENT_REF": False}
_BY_BEFORE = re.compile(
    r"\b(?:by|before|until|till|no later than)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


@cache
def _cue_patterns() -> dict[str, re.Pattern]:
    """One compiled alternation per cue kind from ``data/timeline_cues.csv``."""
    by_kind: dict[str, list[str]] = {}
    cues = read_data_table("timeline_cues.csv", ["kind", "pattern"])
    for kind, pattern in zip(cues["kind"], cues["pattern"]):
        by_kind.setdefault(kind, []).append(pattern)
    return {
        kind: re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE) for kind, patterns in by_kind.items()
    }


def has_cue(text: str, kind: str) -> bool:
    """Whether ``text`` contains a ``kind`` cue ("future" or "present") from ``data/timeline_cues.csv``."""
    return _cue_patterns()[kind].search(text) is not None


def judge_future(
    clause: str,
    before_timex: str,
    value: str,
    date_start: pd.Timestamp,
    date_end: pd.Timestamp,
    anchor: pd.Timestamp | None,
) -> bool:
    """Whether a dated mention is a plan, target or forecast (True) or a report of the past (False).

    FUTURE_REF ("the future", "the coming decades") is future and PAST_REF / PRESENT_REF are
    not.  With a publication date (``anchor``): an interval that starts after it is in the
    future and one that ends before it is in the past, whatever the verbs say.  When the
    interval contains the publication date, or there is no publication date, the text decides:
    "by <date>" right before the timex ("by the year 2030", "by 2049"), or a future cue (will,
    plan, target, aim, expected, to reach …) in the clause, makes it a future mention.
    """
    if value in _REF_TENSE:
        return _REF_TENSE[value]
    if anchor is not None and not pd.isna(anchor) and not pd.isna(date_start):
        if date_start > anchor:
            return True
        if date_end < anchor.normalize():
            return False
    return bool(_BY_BEFORE.search(before_timex[-40:])) or has_cue(clause, "future")
