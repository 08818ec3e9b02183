"""The exceptions newsframe raises on purpose.

Every error a user can cause by pointing the library at a bad corpus is a
:class:`CorpusError` whose message names the file and says what to do, so a
notebook stops with one readable line instead of a traceback from inside pandas.
"""

from __future__ import annotations


class NewsframeError(Exception):
    """Base class of the errors newsframe raises deliberately."""


class CorpusError(NewsframeError, ValueError):
    """A corpus (folder, CSV or JSONL export) cannot be read as articles.

    The message names the offending file (and line or byte offset where known)
    and says how to fix the problem.
    """


class ColumnError(NewsframeError, KeyError, ValueError):
    """A table lacks a column the code needs: a DataFrame passed in, or a data file of the package.

    The message names the table (the function and argument, or the file) and the missing
    column(s); :attr:`missing` holds their names.  It is also a ``KeyError`` and a
    ``ValueError`` because the checks it replaces raised those, so callers catching them still do.
    """

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing

    def __str__(self) -> str:
        # KeyError would show the message in quotes, as a repr.
        return str(self.args[0])


class ParameterError(NewsframeError, ValueError):
    """A notebook parameter passed to the runner is unknown or ill-typed."""


class OutputError(NewsframeError):
    """An output or reports folder cannot take the results.

    It belongs to someone else (not new, not empty, not marked as newsframe's), lies inside
    the project's sources, data or environment, is read-only, or its disk is full.  The
    message names the folder and says how to proceed.
    """
