"""The one check that a table has the columns a function needs.

Every function that takes a DataFrame and every data-file loader calls
:func:`require_columns`, so a table without a needed column stops with one
:class:`~newsframe.errors.ColumnError` naming the table and the column, instead of a
``KeyError`` from deep inside pandas, whichever function it was passed to.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newsframe.errors import ColumnError


def require_columns(table: pd.DataFrame, columns: Iterable[str], *, where: str, hint: str = "") -> None:
    """Raise :class:`ColumnError` if ``table`` lacks any of ``columns``.

    ``where`` names the table in the message ("extract_quotes: articles", a file path);
    ``hint`` says how to build a table that has them.  The message lists the missing
    columns in the order given, then the columns the table has.
    """
    missing = [column for column in columns if column not in table.columns]
    if missing:
        message = f"{where}: missing column(s) {missing} (have {list(table.columns)})"
        raise ColumnError(f"{message}; {hint}" if hint else message, missing)
