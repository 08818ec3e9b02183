"""The on-disk store of one analysis: Parquet parts per chunk, markers of what is finished, checks on what is read.

Layout under the cache folder (``outputs/cache`` by default), for an analysis named ``KEY``
(a hash of the corpus and the library, see :func:`newsframe.pipeline.analyze`):

``KEY/``
    a complete analysis: ``<table>/part-NNNNNN.parquet`` (one part per chunk of articles, and
    parts written by the corpus-wide steps) and ``COMPLETE``, a JSON record of every part with
    its size in bytes, SHA-256 and row count, and of the number of articles analysed and the
    corpus hash (:func:`newsframe.corpus.corpus_hash`), so the runner and the reports can
    count and name the corpus without reading it.
``.KEY.building/``
    an analysis being built, or left by a run that failed or was interrupted: the parts of
    the chunks done so far and ``chunks/NNNNNN.json``, written (atomically) once a chunk's
    parts are all on disk, with the same record of each part.  A later run continues from it.
``.KEY.lock``
    held (``flock``) by the process building ``KEY``, so two notebooks opened at once wait for
    one build instead of computing the same corpus twice; the lock dies with its process.

Nothing is trusted that does not match its record: :func:`damaged_parts` finds parts that are
missing, truncated or altered, and the analysis rebuilds exactly the chunks they belong to.
Only folders and files named as above (and ``.*.tmp`` files inside a build folder) are ever
removed: the cache folder may hold other things.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
from pathlib import Path

from newsframe.file_lock import exclusive, is_free
from newsframe.memo import update_with_file
from newsframe.outputs import write_atomic

COMPLETE = "COMPLETE"
CHUNKS = "chunks"
_BUILDING = re.compile(r"^\.(?P<key>[0-9a-f]{20})\.(?:[^/]*\.)?building$")


def part_record(folder: Path, relative: str, rows: int) -> dict:
    """What is known of one written part: its size, SHA-256 and number of rows."""
    path = folder / relative
    digest = hashlib.sha256()
    update_with_file(digest, path)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest(), "rows": int(rows)}


def part_path(name: str, index: int) -> str:
    """The path of part ``index`` of table ``name``, relative to the analysis folder."""
    return f"{name}/part-{index:06d}.parquet"


def write_record(path: Path, record: dict) -> None:
    """Write a marker (a chunk's or the completion record) atomically, as sorted JSON."""
    write_atomic(path, json.dumps(record, sort_keys=True, indent=1).encode("utf-8"))


def read_record(path: Path) -> dict | None:
    """A marker written by :func:`write_record`, or None when it is missing or unreadable."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("parts"), dict) else None


def _matches(folder: Path, relative: str, expected: dict) -> bool:
    path = folder / relative
    try:
        if path.stat().st_size != expected.get("size"):
            return False
    except OSError:
        return False
    return part_record(folder, relative, expected.get("rows", 0))["sha256"] == expected.get("sha256")


def damaged_parts(folder: Path, record: dict) -> list[str]:
    """The parts of ``record`` (a marker's ``parts``) that are missing, truncated or altered in ``folder``."""
    return sorted(
        relative for relative, expected in record["parts"].items() if not _matches(folder, relative, expected)
    )


def finished_chunks(building: Path, chunk_size: int) -> dict[int, dict]:
    """The chunks of a build folder whose marker is readable, of this ``chunk_size``, and whose parts all match it."""
    done = {}
    for marker in sorted((building / CHUNKS).glob("*.json")):
        record = read_record(marker)
        if record is None or record.get("chunk_size") != chunk_size or not marker.stem.isdigit():
            continue
        if not damaged_parts(building, record):
            done[int(marker.stem)] = record
    return done


def key_lock(cache_root: Path, key: str, *, on_wait=None) -> contextlib.AbstractContextManager[None]:
    """Hold the build lock of ``key``; ``on_wait()`` is called once if another process holds it first."""
    return exclusive(cache_root / f".{key}.lock", on_wait=on_wait)


def clean_abandoned(cache_root: Path, key: str, building: Path) -> list[Path]:
    """Remove what killed runs left: other build folders no process is using, and ``.*.tmp`` files in ``building``.

    Call it holding the lock of ``key``: every build folder of ``key`` but ``building`` is
    then abandoned (earlier versions named them ``.KEY.<random>.building``).  Returns what
    was removed.
    """
    removed = []
    for folder in sorted(cache_root.glob(".*building")):
        match = _BUILDING.match(folder.name)
        if match is None or not folder.is_dir() or folder == building:
            continue
        if match["key"] == key or is_free(cache_root / f".{match['key']}.lock"):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if building.is_dir():
        for leftover in building.rglob(".*.tmp"):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed
