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


class ParameterError(NewsframeError, ValueError):
    """A notebook parameter passed to the runner is unknown or ill-typed."""


class OutputError(NewsframeError):
    """An output or reports folder cannot take the results.

    It belongs to someone else (not new, not empty, not marked as newsframe's), lies inside
    the project's sources, data or environment, is read-only, or its disk is full.  The
    message names the folder and says how to proceed.
    """
