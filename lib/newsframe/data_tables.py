"""Reading the package's data files (``lib/newsframe/data/``): lexicons, lists, fitted weights.

Every CSV of the data folder is read by :func:`read_data_table`, every one-item-a-line
list by :func:`read_data_lines`, so each file is read the same way (UTF-8; text cells as
``str`` with empty cells as ``""`` unless the caller asks for numbers) and a file that
lacks a column fails with a :class:`~newsframe.errors.ColumnError` naming the file and the
column.  Loaders add their own checks of the values (allowed categories, valid patterns)
and cache the compiled result.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from newsframe.checks import require_columns
from newsframe.paths import DATA_DIR


def data_path(name: str | Path) -> Path:
    """The path of data file ``name``; a path that is already absolute (a test's own file) is kept."""
    return DATA_DIR / name


def read_data_table(
    name: str | Path,
    columns: Sequence[str],
    *,
    dtype: type | dict | None = str,
    keep_default_na: bool = False,
) -> pd.DataFrame:
    """The CSV data file ``name`` (in ``data/``, or an absolute path), checked to have ``columns``.

    By default every cell is text and an empty cell is ``""`` (lexicons and lists); a file of
    numbers passes ``dtype`` (as :func:`pandas.read_csv` takes it) and ``keep_default_na=True``
    so that an empty number is ``NaN``.  All of the file's columns are returned, in its order.
    """
    path = data_path(name)
    table = pd.read_csv(path, dtype=dtype, keep_default_na=keep_default_na)
    require_columns(table, columns, where=str(path), hint=f"the header must include {','.join(columns)}")
    return table


def read_data_lines(name: str | Path) -> list[str]:
    """The entries of the one-item-a-line text file ``name``: stripped, without blank and ``#`` comment lines."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
