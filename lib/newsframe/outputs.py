"""Writing tables and figures so that a reader can cite them and a re-run reproduces them.

Every table a notebook shows goes to ``<output_dir>/tables/<notebook>/<name>.csv`` and
every figure to ``<output_dir>/figures/<name>.png``.  Files are written to a temporary
name in the same folder and moved into place, so an interrupted run never leaves a
half-written file, and they are byte-identical across runs: fixed float format,
``\\n`` line endings, no timestamps in PNG metadata.

Tables are safe to open in a spreadsheet.  Following OWASP's guidance on CSV injection, a
text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (which
Excel, LibreOffice and Google Sheets would run as a formula, e.g. a title
``=HYPERLINK(...)``) is written with a leading ``'``; spreadsheets show the text as
written.  Only text is changed, never a number (``-0.5`` in a score column stays as it
is).  Code reading the CSVs back sees the ``'``: strip it from text cells that start with
``'`` followed by one of those characters.

While ``python -m newsframe run`` executes a notebook, it names that notebook's staging
folder in the environment variable :data:`STAGING_ENV`; tables and figures meant for the
run's output folder then go there, and the runner moves them into place together with the
executed notebook and its pages once the run is complete (see :mod:`newsframe.publish`).
A notebook run by hand (JupyterLab) writes in place.
"""

from __future__ import annotations

import errno
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from newsframe.errors import OutputError
from newsframe.paths import STAGING_DIRNAME

FLOAT_FORMAT = "%.6f"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"
STAGING_ENV = "NEWSFRAME_STAGING"
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def write_error(error: OSError, folder: Path) -> OSError | OutputError:
    """A disk-full or not-writable ``error`` met while writing into ``folder``, as an :class:`OutputError`
    that names the folder and the way out; any other OSError is returned unchanged.  A folder inside
    the runner's staging folder is named by the output folder that holds it."""
    if STAGING_DIRNAME in folder.parts:
        folder = Path(*folder.parts[: folder.parts.index(STAGING_DIRNAME)])
    name = f" ({error.filename})" if error.filename else ""
    if error.errno in _DISK_FULL or "No space left on device" in str(error):
        return OutputError(
            f"no space left on the disk of {folder}{name}; free some space there, "
            "or choose a folder on another disk with --output-dir / --reports-dir"
        )
    if error.errno in _NOT_WRITABLE:
        return OutputError(
            f"{folder} is not writable{name}: {error.strerror}; make it writable, "
            "or choose another folder with --output-dir / --reports-dir"
        )
    return error


def staged_folder(output_dir: str | Path) -> Path:
    """Where files meant for ``output_dir`` go now: ``output_dir`` itself, or, while the runner
    executes a notebook with that output folder, the notebook's staging folder."""
    output_dir = Path(output_dir)
    staging = os.environ.get(STAGING_ENV)
    if staging:
        redirect = json.loads(staging)
        if output_dir.resolve() == Path(redirect["output_dir"]):
            return Path(redirect["stage"])
    return output_dir


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` in which every text cell that starts with a formula trigger
    (:data:`FORMULA_TRIGGERS`) is prefixed with ``'`` (OWASP, "CSV Injection").

    Only ``str`` values are changed, so numeric columns, and numbers in object columns,
    are written exactly as before.
    """
    safe = table.copy()
    for column in safe.columns:
        values = safe[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            risky = values.map(lambda value: isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)).astype(bool)
            if risky.any():
                safe[column] = values.where(~risky, FORMULA_ESCAPE + values[risky].astype(str))
    safe.columns = [
        FORMULA_ESCAPE + name if isinstance(name, str) and name.startswith(FORMULA_TRIGGERS) else name
        for name in safe.columns
    ]
    return safe


def write_atomic(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` through a temporary file and an atomic rename.

    Disk full or a read-only folder is an :class:`~newsframe.errors.OutputError` naming the folder.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(error, path.parent) from error
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp_name, path)
    except BaseException as error:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise write_error(error, path.parent) from error
        raise
    return path


def table_bytes(table: pd.DataFrame) -> bytes:
    """The CSV form used for every output table (UTF-8, fixed float format, no index)."""
    return table.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n").encode("utf-8")


def write_table(table: pd.DataFrame, output_dir: str | Path, notebook: str, name: str) -> Path:
    """Write ``table`` to ``<output_dir>/tables/<notebook>/<name>.csv`` atomically; return the path.

    List-valued cells are written as ``;``-joined strings so the CSV stays one value per cell;
    text cells a spreadsheet would run as a formula get a leading ``'``
    (:func:`neutralise_formulas`).  An empty table is written with its header.  During a run
    of the runner the file goes to the notebook's staging folder (:func:`staged_folder`).
    """
    flat = table.copy()
    for column in flat.columns:
        if flat[column].map(lambda value: isinstance(value, (list, tuple))).any():
            flat[column] = flat[column].map(
                lambda value: ";".join(map(str, value)) if isinstance(value, (list, tuple)) else value
            )
    target = staged_folder(output_dir) / "tables" / notebook / f"{name}.csv"
    return write_atomic(target, table_bytes(neutralise_formulas(flat)))


def table_writer(output_dir: str | Path, notebook: str) -> Callable[[pd.DataFrame, str], Path]:
    """``write(table, name)``: :func:`write_table` bound to one notebook's output folder and name.

    A notebook writes a dozen tables; binding the folder and its name once means a cell
    cannot write into another notebook's folder by a copy-paste slip.
    """
    return lambda table, name: write_table(table, output_dir, notebook, name)


def write_figure(figure, output_dir: str | Path, name: str, *, dpi: int = 110) -> Path:
    """Save a matplotlib figure to ``<output_dir>/figures/<name>.png`` atomically and reproducibly
    (during a run of the runner: to the notebook's staging folder, :func:`staged_folder`)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    target = staged_folder(output_dir) / "figures" / f"{name}.png"
    return write_atomic(target, buffer.getvalue())
