"""Tests of newsframe.spans: the span index finds exactly the overlapping spans, without comparing every span."""

from __future__ import annotations

import random

import pytest
from newsframe.spans import SpanIndex


class Counted(int):
    """An offset that counts the order comparisons made with it (what a scan or a search costs)."""

    comparisons = 0

    def _count(self, other: object, result: bool) -> bool:
        Counted.comparisons += 1
        return result

    def __lt__(self, other: object) -> bool:
        return self._count(other, int(self) < int(other))

    def __le__(self, other: object) -> bool:
        return self._count(other, int(self) <= int(other))

    def __gt__(self, other: object) -> bool:
        return self._count(other, int(self) > int(other))

    def __ge__(self, other: object) -> bool:
        return self._count(other, int(self) >= int(other))


def random_spans(n: int, seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    starts = [rng.randrange(0, 50 * n) for _ in range(n)]
    return starts, [start + rng.randrange(0, 40) for start in starts]


def test_overlapping_is_what_a_full_scan_finds() -> None:
    starts, ends = random_spans(2_000, seed=1)
    index = SpanIndex(starts, ends)
    rng = random.Random(2)
    for _ in range(500):
        lo = rng.randrange(0, 100_000)
        hi = lo + rng.randrange(0, 300)
        expected = [i for i in range(len(starts)) if starts[i] < hi and ends[i] > lo]
        assert index.overlapping(lo, hi) == expected


def test_points_are_spans_of_one_character() -> None:
    index = SpanIndex([5, 10, 10, 20], [6, 11, 11, 21])
    assert index.overlapping(10, 20) == [1, 2], "a point at the window's end is outside it"
    assert index.overlapping(0, 5) == []
    assert index.overlapping(5, 6) == [0]


def test_a_lookup_compares_a_logarithmic_number_of_spans_not_all_of_them() -> None:
    n = 20_000
    starts, ends = random_spans(n, seed=3)
    index = SpanIndex([Counted(s) for s in starts], [Counted(e) for e in ends])
    Counted.comparisons = 0
    queries = 1_000
    rng = random.Random(4)
    for _ in range(queries):
        lo = Counted(rng.randrange(0, 50 * n))
        index.overlapping(lo, Counted(lo + 200))
    # A scan compares every span with both ends of the window (2 x 20,000 per lookup); two binary
    # searches over 20,000 spans take about 2 x 15 comparisons, plus one per nearby span.
    assert Counted.comparisons / queries < 60, f"{Counted.comparisons / queries:.0f} comparisons per lookup"


def test_mismatched_starts_and_ends_are_refused() -> None:
    with pytest.raises(ValueError, match="3 starts but 2 ends"):
        SpanIndex([1, 2, 3], [2, 3])
