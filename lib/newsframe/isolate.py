"""Keeping one bad item from failing a whole step: find the items a step fails on, set them aside, go on.

One odd token in one article must never cost a researcher the whole run.  A step that raises
on a set of items (articles of a chunk, mentions of a corpus, statements of a camp) is run
again on halves of the set until the items it fails on *alone* are found (bisection: about
``2·log2(n)`` extra runs for one bad item among ``n``); the step then runs once on all the
other items, so their results are exactly those of a run in which the bad items were never
there.  Each bad item becomes a row of an ``errors`` table:

``doc_id``
    the article (``""`` when a step failed on a combination of items that no single item
    explains; then no item's result is kept for that step).
``stage``
    the step that raised (``clean``, ``sentences``, ``timexes``, ``events`` …).
``error``, ``message``
    the exception's class name and its message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import pandas as pd

ERROR_COLUMNS = ["doc_id", "stage", "error", "message"]
Item = TypeVar("Item")
Result = TypeVar("Result")


class StageFailure(Exception):
    """A step (``stage``) raised ``error``; carried out of the step so the caller knows which one."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage = stage
        self.error = error


def error_rows(failures: Sequence[tuple[str, StageFailure]]) -> pd.DataFrame:
    """The ``errors`` table (:data:`ERROR_COLUMNS`) of ``(doc_id, failure)`` pairs."""
    rows = [
        (str(doc_id), failure.stage, type(failure.error).__name__, str(failure.error)[:2000])
        for doc_id, failure in failures
    ]
    return pd.DataFrame(rows, columns=ERROR_COLUMNS).astype(object)


def failing_items(
    items: Sequence[Item], attempt: Callable[[Sequence[Item]], object], stage: str
) -> list[tuple[Item, StageFailure]]:
    """The items ``attempt`` fails on alone, with the failure of each, found by bisecting ``items``.

    ``attempt(subset)`` raises on failure (a :class:`StageFailure`, or any exception, which
    is then attributed to ``stage``).  Halves that succeed are not searched further.
    """

    def search(part: Sequence[Item]) -> list[tuple[Item, StageFailure]]:
        try:
            attempt(part)
            return []
        except Exception as error:  # noqa: BLE001 - every failure is recorded, none is fatal to the run
            if len(part) == 1:
                return [(part[0], error if isinstance(error, StageFailure) else StageFailure(stage, error))]
        middle = len(part) // 2
        return search(part[:middle]) + search(part[middle:])

    return search(list(items)) if items else []


def run_isolated(
    items: Sequence[Item],
    run: Callable[[Sequence[Item]], Result],
    stage: str,
) -> tuple[Result | None, list[tuple[Item, StageFailure]]]:
    """``run(items)``, or ``run`` of the items it does not fail on, with the failures.

    Returns ``(result, failures)``.  When ``run`` fails on all of ``items`` but on no single
    item, the failure is returned once with the item ``None`` and the result is None.
    """
    try:
        return run(items), []
    except Exception:  # noqa: BLE001, S110 - the items are retried one group at a time below
        pass
    items = list(items)
    positions = failing_items(range(len(items)), lambda chosen: run([items[i] for i in chosen]), stage)
    failures = [(items[i], failure) for i, failure in positions]
    bad = {i for i, _ in positions}
    rest = [item for i, item in enumerate(items) if i not in bad]
    try:
        return run(rest), failures
    except Exception as error:  # noqa: BLE001
        failure = error if isinstance(error, StageFailure) else StageFailure(stage, error)
        return None, [*failures, (None, failure)]


def guarded(
    table: pd.DataFrame, key: str, function: Callable[[pd.DataFrame], pd.DataFrame], stage: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``function(table)``, or ``function`` of the rows of every ``key`` value it does not fail on; and the ``errors`` table.

    For steps over many articles' rows (a stance table over statements, say): the rows of a
    ``key`` value (a ``statement_id``) that make the step fail on their own are left out and
    reported, with their ``doc_id`` when the table has one.  When no single value explains the
    failure, the result is an empty table and the failure is reported once.
    """
    values = list(dict.fromkeys(table[key]))
    result, failures = run_isolated(values, lambda chosen: function(table[table[key].isin(chosen)]), stage)
    doc_of = dict(zip(table[key], table["doc_id"])) if "doc_id" in table.columns else {}
    rows = [("" if value is None else doc_of.get(value, str(value)), failure) for value, failure in failures]
    return (pd.DataFrame() if result is None else result), error_rows(rows)
