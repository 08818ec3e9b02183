"""Which character spans of one article overlap a window: a sorted index instead of a scan of every span.

Per-article stages ask, for each sentence or timex, which actor mentions or timexes of the
article fall inside it.  Scanning all of the article's spans for each question costs the
product of their numbers, which grows with the square of the article's length (a 5 MB article
took minutes in the timeline step alone).  :class:`SpanIndex` sorts the spans once by start
and answers each question with two binary searches and a look at the spans that can overlap:
``O(log n + k)`` per window, where ``k`` counts spans starting within the longest span's
length before the window or inside it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class SpanIndex:
    """Spans ``[starts[i], ends[i])`` sorted by start, for finding those that overlap a window.

    A point (an offset) is the span ``[p, p + 1)``.  Results are the spans' positions in the
    sequences passed in, in ascending order, so callers keep their own order of rows.
    """

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        if len(starts) != len(ends):
            raise ValueError(f"SpanIndex: {len(starts)} starts but {len(ends)} ends; pass one end per start")
        self._order = sorted(range(len(starts)), key=lambda i: starts[i])
        self._starts = [starts[i] for i in self._order]
        self._ends = [ends[i] for i in self._order]
        self._longest = max((ends[i] - starts[i] for i in range(len(starts))), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions of the spans with ``span_start < end`` and ``span_end > start``, ascending."""
        first = bisect.bisect_right(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return sorted(self._order[k] for k in range(first, last) if self._ends[k] > start)
