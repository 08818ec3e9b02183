"""Deciding whether a notebook must run again, or its earlier results can be reused as they are.

A notebook's results depend on its inputs: its source, the parameters it receives, the corpus
(:func:`newsframe.corpus.corpus_hash`) and its analysis (:class:`newsframe.pipeline.Analysis`'s
key), the library's own code and data (:func:`newsframe.memo.library_fingerprint`), the
installed packages and the Python version, and the files named by its path parameters
(validation data; their names, sizes and modification times).  :func:`inputs_key` hashes them
all.  After a successful run the runner writes, beside the executed copy, the record
``notebooks/NN-name.inputs.json``: that key and the SHA-256 of every file the notebook
produced (executed copy, tables, figures, its two pages).  A later run reuses the notebook
(:func:`reusable`) only when the key is the same and every recorded file is present with its
recorded hash, as jupyter-cache (Jupyter Book) and Ploomber do; any changed input, and any
missing, truncated or edited output, means the notebook runs again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from newsframe.memo import library_fingerprint, update_with_file
from newsframe.outputs import write_atomic

RECORD_VERSION = 1


def record_path(name: str) -> str:
    """Where notebook ``name``'s record lives, relative to the output folder."""
    return f"notebooks/{name}.inputs.json"


@cache
def environment_versions() -> str:
    """The Python version and every installed distribution's metadata folder (``name-version.dist-info``), sorted.

    A package installed, removed or changed in version is a changed input.  The folder names
    carry name and version, so they are read from the import path without parsing any metadata
    (``importlib.metadata`` takes about a second for the few hundred packages of the venv).
    """
    folders = set()
    for entry in sys.path:
        try:
            folders.update(name for name in os.listdir(entry or ".") if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return ";".join([sys.version, *sorted(folders)])


def inputs_key(notebook: Path, parameters: Mapping[str, object], *, analysis_key: str, corpus_hash: str) -> str:
    """The SHA-256 of everything notebook ``notebook`` reads when it runs with ``parameters`` (see the module)."""
    digest = hashlib.sha256(f"version={RECORD_VERSION}\0".encode())
    digest.update(b"source\0")
    update_with_file(digest, notebook)
    digest.update(b"\0parameters\0" + json.dumps(dict(parameters), sort_keys=True, default=str).encode())
    digest.update(f"\0analysis\0{analysis_key}\0corpus\0{corpus_hash}\0library\0{library_fingerprint()}\0".encode())
    digest.update(environment_versions().encode())
    for name, value in sorted(parameters.items()):
        if name not in ("corpus", "output_dir") and isinstance(value, str) and value:
            digest.update(f"\0path {name}\0".encode() + _path_stamp(notebook, value).encode())
    return digest.hexdigest()


def _path_stamp(notebook: Path, value: str) -> str:
    """Names, sizes and modification times of the files a path parameter names (relative: from the project root)."""
    from newsframe.paths import resolve_project_path

    try:
        path = resolve_project_path(value)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
        return ";".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    except (OSError, ValueError):
        return "unreadable"


def file_hashes(root: Path, relatives: Iterable[str]) -> dict[str, str]:
    """The SHA-256 of each file ``root/relative`` (absent files are left out)."""
    hashes = {}
    for relative in sorted(relatives):
        path = root / relative
        if path.is_file():
            digest = hashlib.sha256()
            update_with_file(digest, path)
            hashes[relative] = digest.hexdigest()
    return hashes


def write_record(path: Path, key: str, outputs: Mapping[str, str], reports: Mapping[str, str]) -> None:
    """Write a notebook's record: its inputs key and the hashes of its output and report files."""
    record = {"version": RECORD_VERSION, "inputs": key, "outputs": dict(outputs), "reports": dict(reports)}
    write_atomic(path, json.dumps(record, indent=1, sort_keys=True).encode("utf-8"))


def reusable(
    output_dir: Path,
    reports_dir: Path,
    name: str,
    key: str,
    *,
    recorded: Mapping[str, Iterable[str]],
    recorded_pages: Mapping[str, Iterable[str]],
) -> bool:
    """Whether notebook ``name``'s published results were made from inputs ``key`` and are all intact.

    ``recorded`` and ``recorded_pages`` are the output and reports folders' markers
    (:func:`newsframe.folders.read_marker`): every file of the record must also be one the
    runner owns, or publishing could not keep it.
    """
    try:
        record = json.loads((output_dir / record_path(name)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION or record.get("inputs") != key:
        return False
    outputs, reports = record.get("outputs"), record.get("reports")
    pages = {f"{name}.html", f"readers/{name}.html"}
    if (
        not isinstance(outputs, dict)
        or not isinstance(reports, dict)
        or f"notebooks/{name}.ipynb" not in outputs
        or not pages <= set(reports)
    ):
        return False
    if not set(outputs) <= set(recorded.get(name, ())) or not set(reports) <= set(recorded_pages.get(name, ())):
        return False
    return file_hashes(output_dir, outputs) == outputs and file_hashes(reports_dir, reports) == reports
