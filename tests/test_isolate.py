"""Finding the items a step fails on, and running it on the others."""

from __future__ import annotations

import pandas as pd
from newsframe.isolate import StageFailure, failing_items, guarded, run_isolated


def test_a_cross_article_table_leaves_out_only_the_rows_it_fails_on() -> None:
    table = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "statement_id": ["s1", "s2", "s3", "s4"],
            "score": [0.5, -0.5, float("inf"), 0.25],
        }
    )

    def mean_score(rows: pd.DataFrame) -> pd.DataFrame:
        if (rows["score"].abs() == float("inf")).any():
            raise OverflowError("an infinite score")
        return pd.DataFrame({"mean": [rows["score"].mean()], "n": [len(rows)]})

    result, errors = guarded(table, "statement_id", mean_score, "stance")
    assert result.to_dict("records") == [{"mean": 0.25 / 3, "n": 3}]
    assert errors.values.tolist() == [["b", "stance", "OverflowError", "an infinite score"]]
    unchanged, none = guarded(table.iloc[[0, 1, 3]], "statement_id", mean_score, "stance")
    assert unchanged.equals(mean_score(table.iloc[[0, 1, 3]])) and none.empty


def test_bisection_finds_each_bad_item_and_runs_the_rest_once_more() -> None:
    calls: list[list[int]] = []

    def total(items: list[int]) -> int:
        calls.append(list(items))
        if any(item < 0 for item in items):
            raise StageFailure("sum", ValueError(f"negative in {items}"))
        return sum(items)

    items = list(range(64)) + [-1] + list(range(64, 100)) + [-2]
    result, failures = run_isolated(items, total, "sum")
    assert result == sum(range(100))
    assert [(item, failure.stage, type(failure.error).__name__) for item, failure in failures] == [
        (-1, "sum", "ValueError"),
        (-2, "sum", "ValueError"),
    ]
    assert len(calls) < 40, "a few dozen runs, not one per item"
    assert failing_items([1, 2, 3], total, "sum") == []


def test_a_failure_no_single_item_explains_is_reported_once() -> None:
    def pairs_fail(items: list[int]) -> int:
        if len(items) > 1:
            raise MemoryError("too many at once")
        return items[0]

    result, failures = run_isolated([1, 2, 3], pairs_fail, "step")
    assert result is None and [(item, failure.stage) for item, failure in failures] == [(None, "step")]
