"""Regular expressions built from the phrase lists of the data files (aliases, cues, lexicon words).

One helper, :func:`alternation`, turns literal phrases into a regex alternation ordered
longest first (ties alphabetically), because Python's ``re`` takes the first alternative
that matches, not the longest: "Secretary of State" must be tried before "Secretary".
The order is fixed by the phrases alone, so the compiled pattern is the same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(phrases: Iterable[str], *, space: str | None = None) -> str:
    """``phrase|phrase|…`` of the distinct ``phrases``, each escaped, longest first.

    ``space`` replaces each space inside a phrase (``r"\\s+"`` lets "foreign ministry" match
    across a line break); by default a space matches only a space.  The caller wraps the
    result in its own group and boundaries.
    """
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    escaped = (re.escape(phrase) for phrase in ordered)
    if space is not None:
        escaped = (pattern.replace(r"\ ", space) for pattern in escaped)
    return "|".join(escaped)
