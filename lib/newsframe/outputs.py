"""Writing tables and figures so that a reader can cite them and a re-run reproduces them.

Every table a notebook shows goes to ``<output_dir>/tables/<notebook>/<name>.csv`` and
every figure to ``<output_dir>/figures/<name>.png``.  Files are written to a temporary
name in the same folder and moved into place, so an interrupted run never leaves a
half-written file, and they are byte-identical across runs: fixed float format,
``\\n`` line endings, no timestamps in PNG metadata.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd

FLOAT_FORMAT = "%.6f"


def write_atomic(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def table_bytes(table: pd.DataFrame) -> bytes:
    """The CSV form used for every output table (UTF-8, fixed float format, no index)."""
    return table.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n").encode("utf-8")


def write_table(table: pd.DataFrame, output_dir: str | Path, notebook: str, name: str) -> Path:
    """Write ``table`` to ``<output_dir>/tables/<notebook>/<name>.csv`` atomically; return the path.

    List-valued cells are written as ``;``-joined strings so the CSV stays one value per cell.
    """
    flat = table.copy()
    for column in flat.columns:
        if flat[column].map(lambda value: isinstance(value, (list, tuple))).any():
            flat[column] = flat[column].map(
                lambda value: ";".join(map(str, value)) if isinstance(value, (list, tuple)) else value
            )
    target = Path(output_dir) / "tables" / notebook / f"{name}.csv"
    return write_atomic(target, table_bytes(flat))


def write_figure(figure, output_dir: str | Path, name: str, *, dpi: int = 110) -> Path:
    """Save a matplotlib figure to ``<output_dir>/figures/<name>.png`` atomically and reproducibly."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    target = Path(output_dir) / "figures" / f"{name}.png"
    return write_atomic(target, buffer.getvalue())
