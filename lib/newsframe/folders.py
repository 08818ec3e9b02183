"""The output and reports folders the runner owns, and the files it recorded there as its own.

The runner writes only inside a folder that carries its marker file :data:`MARKER`.  It puts
the marker in a folder that is new or empty; a folder from an earlier version of newsframe
(no marker yet) is adopted when everything in it is recognisably the runner's own (executed
notebooks, tables, figures and the cache in ``outputs/``; pages with newsframe's ``<meta>``
tags in ``reports/``).  Any other non-empty folder is refused with an
:class:`~newsframe.errors.OutputError` that says how to proceed, and so is a folder that
contains or lies inside the notebooks, the corpus, the package, the project's ``.git`` or
``.venv``, or the Python environment in use.

The marker records, per notebook, the files the runner wrote (paths relative to the folder);
the runner deletes or replaces only those (and its own staging folder :data:`STAGING`).
Files a user puts into an owned folder are never touched.

Writability is checked before any notebook runs: a read-only folder (or disk) and a disk
with less than :data:`MIN_FREE_BYTES` free are refused up front.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from newsframe.errors import OutputError, ParameterError
from newsframe.outputs import write_atomic, write_error
from newsframe.paths import FOLDER_MARKER, PACKAGE_DIR, PROJECT_ROOT, STAGING_DIRNAME
from newsframe.reports import REPORT_FILE, is_report_page

MARKER = FOLDER_MARKER
STAGING = STAGING_DIRNAME
MARKER_VERSION = 1
MIN_FREE_BYTES = 20 * 2**20
KINDS = ("outputs", "reports")
UNASSIGNED = ""

_NOTEBOOK_NAME = re.compile(r"^\d{2}-[^/]+$")
_EXECUTED = re.compile(r"^(?P<name>\d{2}-.+?)(\.failed)?\.ipynb$")
_PARTIAL = re.compile(r"^\.\d{2}-.+\.\d+\.partial\.ipynb$")
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")
# Folders that earlier versions, and the project's own tests, put into outputs/.
_LEGACY_OUTPUT_ENTRIES = {"notebooks", "tables", "figures", "cache", "test-artifacts"}
_CHECKPOINTS = ".ipynb_checkpoints"


def protected_folders(notebooks_dir: Path, corpus: Path) -> dict[Path, str]:
    """The folders no output or reports folder may contain or lie inside, with how to name them."""
    return {
        Path(notebooks_dir).resolve(): "the notebooks folder",
        Path(corpus).resolve(): "the corpus",
        PACKAGE_DIR: "the newsframe package",
        PROJECT_ROOT / ".git": "the project's .git folder",
        PROJECT_ROOT / ".venv": "the project's .venv",
        Path(sys.prefix).resolve(): "the Python environment in use",
    }


def check_folder(option: str, path: Path, kind: str, protected: Mapping[Path, str]) -> None:
    """Refuse, before anything runs, a folder the runner must not or cannot write into.

    option: the command-line option that named it (for the message).  kind: ``"outputs"`` or
    ``"reports"``.  Raises :class:`ParameterError` for a folder among or around the project's
    sources, :class:`OutputError` for one that is not the runner's or not writable; writes nothing.
    """
    for source, what in protected.items():
        if path == source:
            raise ParameterError(f"{option} {path} is {what}; choose a folder outside it, such as outputs/")
        if path.is_relative_to(source):
            raise ParameterError(
                f"{option} {path} lies inside {what} ({source}); choose a folder outside it, such as outputs/"
            )
        if source.is_relative_to(path):
            raise ParameterError(
                f"{option} {path} contains {what} ({source}); results need a folder of their own, "
                f"such as outputs/ or reports/"
            )
    _check_writable(option, path)
    if path.exists() and not path.is_dir():
        raise ParameterError(f"{option} {path} is a file; give a folder (it is created when missing)")
    if path.is_dir() and read_marker(path, kind) is None:
        foreign = _foreign_entries(path, kind)
        if foreign:
            shown = ", ".join(str(entry.relative_to(path)) for entry in foreign[:5]) + (
                " …" if len(foreign) > 5 else ""
            )
            raise OutputError(
                f"{option} {path} is not empty and is not a newsframe {kind} folder (it holds {shown}); newsframe "
                f"writes only into a new or empty folder, or one it made itself (marked by {MARKER}). "
                f"Choose another folder ({option} {path.name}-newsframe, for instance), or move those files out of it"
            )


def _check_writable(option: str, path: Path) -> None:
    """Refuse a read-only folder or disk, or one nearly full; a missing folder is checked through its parent."""
    existing = path
    try:
        while not existing.exists():
            existing = existing.parent
        stats = os.statvfs(existing)
    except OSError as error:
        raise OutputError(
            f"{option}: {path} cannot be reached ({error.strerror}: {error.filename}); "
            f"choose a folder you may write into with {option}"
        ) from None
    read_only = bool(stats.f_flag & os.ST_RDONLY) or not os.access(existing, os.W_OK | os.X_OK)
    if read_only:
        where = path if existing == path else f"{existing} (where {path} would be created)"
        raise OutputError(
            f"{option}: {where} is not writable; make it writable, or choose another folder with {option}"
        )
    free = stats.f_bavail * stats.f_frsize
    if free < MIN_FREE_BYTES:
        raise OutputError(
            f"{option}: the disk of {path} is full ({free // 2**20} MiB free, newsframe needs at least "
            f"{MIN_FREE_BYTES // 2**20} MiB); free some space there, or choose a folder on another disk with {option}"
        )


def read_marker(folder: Path, kind: str) -> dict[str, list[str]] | None:
    """The files recorded in ``folder``'s marker, by notebook name; None when it has no marker of that kind.

    A marker of the other kind (an output folder given as reports folder) is an OutputError.
    """
    marker = folder / MARKER
    if not marker.is_file():
        return None
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
        recorded = {str(name): [str(file) for file in files] for name, files in content["files"].items()}
        marked_kind = content["kind"]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise OutputError(
            f"{marker} is damaged ({error}); delete it and the folder's contents, or choose another folder"
        ) from None
    if marked_kind != kind:
        raise OutputError(
            f"{folder} is a newsframe {marked_kind} folder, not a {kind} folder; "
            "give the output and reports folders different paths"
        )
    return recorded


def write_marker(folder: Path, kind: str, files: Mapping[str, list[str]]) -> None:
    """Record ``files`` (relative paths by notebook name) as the runner's own in ``folder``."""
    content = {
        "owner": "newsframe",
        "kind": kind,
        "version": MARKER_VERSION,
        "files": {name: sorted(set(paths)) for name, paths in sorted(files.items()) if paths},
    }
    write_atomic(folder / MARKER, (json.dumps(content, indent=1) + "\n").encode("utf-8"))


def claim(folder: Path, kind: str) -> tuple[dict[str, list[str]], str]:
    """Make ``folder`` the runner's (creating it and its marker when needed); return the recorded files
    and what was done (``""`` when the folder was already marked).

    A folder from an earlier version is adopted: its recognisable files are recorded, and the
    half-written leftovers of that version's interrupted runs (``.*.partial.ipynb``,
    ``.*.tmp`` next to its own files) are deleted.  Call :func:`check_folder` first.
    """
    recorded = read_marker(folder, kind)
    if recorded is not None:
        return recorded, ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(error, folder.parent) from error
    foreign = _foreign_entries(folder, kind)
    if foreign:
        raise OutputError(f"{folder} is no longer empty ({foreign[0]} appeared); choose another folder")
    recorded, leftovers = _recognised(folder, kind)
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    write_marker(folder, kind, recorded)
    if any(recorded.values()):
        return recorded, f"adopted {folder} as a newsframe {kind} folder (its files came from an earlier version)"
    return recorded, f"marked {folder} as a newsframe {kind} folder ({MARKER})"


def remove_staging(folder: Path) -> None:
    """Delete the runner's staging folder inside an owned ``folder`` (half-done work of an interrupted run)."""
    shutil.rmtree(folder / STAGING, ignore_errors=True)


def group_by_notebook(paths: list[str]) -> dict[str, list[str]]:
    """Relative paths by the notebook they belong to (``NN-name`` from the file or folder name, or,
    for a figure ``NN-whatever.png``, the one notebook numbered ``NN``); others under :data:`UNASSIGNED`."""
    grouped: dict[str, list[str]] = {}
    for relative in paths:
        grouped.setdefault(_owner_of(Path(relative)), []).append(relative)
    for relative in list(grouped.get(UNASSIGNED, [])):
        numbered = [name for name in grouped if name and name[:3] == Path(relative).name[:3]]
        if len(numbered) == 1 and _NOTEBOOK_NAME.match(Path(relative).name):
            grouped[UNASSIGNED].remove(relative)
            grouped[numbered[0]].append(relative)
    return {name: sorted(files) for name, files in grouped.items() if files}


def _owner_of(relative: Path) -> str:
    parts = relative.parts
    if len(parts) >= 2 and parts[0] == "tables" and _NOTEBOOK_NAME.match(parts[1]):
        return parts[1]
    for pattern in (_EXECUTED, REPORT_FILE):
        if match := pattern.match(relative.name):
            return match["name"]
    return UNASSIGNED


def _walk(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def _foreign_entries(folder: Path, kind: str, *, nested: bool = True) -> list[Path]:
    """What in ``folder`` newsframe did not write (empty for a new, empty or recognisable folder).

    Top-level entries are looked at first, so a large folder of someone else's (a home folder)
    is refused without walking it; ``cache/`` and ``test-artifacts/`` are not walked.  With
    ``nested``, a subfolder that is itself a newsframe folder of this kind is accepted (one level).
    """
    if not folder.is_dir():
        return []
    allowed = _LEGACY_OUTPUT_ENTRIES if kind == "outputs" else {"readers"}
    top = sorted(folder.iterdir())
    strangers = [
        path
        for path in top
        if path.name != _CHECKPOINTS
        and (path.is_symlink() or path.is_dir())
        and path.name not in allowed
        and not (nested and _is_nested_folder(path, kind))
    ]
    if kind == "outputs":
        strangers += [path for path in top if path.is_file() or path.is_symlink() and path not in strangers]
    if strangers:
        return sorted(set(strangers))
    recognised, leftovers = _recognised(folder, kind)
    ours = {folder / path for paths in recognised.values() for path in paths} | set(leftovers)
    opaque = {"cache", "test-artifacts"} if kind == "outputs" else set()
    foreign = []
    for entry in top:
        if entry.name in opaque or entry.name == _CHECKPOINTS or (entry.is_dir() and entry.name not in allowed):
            continue  # not walked: the cache, or a newsframe folder nested in this one (checked above)
        for path in [entry, *(_walk(entry) if entry.is_dir() and not entry.is_symlink() else [])]:
            relative = path.relative_to(folder)
            if _CHECKPOINTS in relative.parts or path in ours or (path.is_dir() and not path.is_symlink()):
                continue
            foreign.append(path)
    return foreign


def _is_nested_folder(path: Path, kind: str) -> bool:
    """Whether ``path`` is itself a newsframe folder of this kind (``--output-dir outputs/my-corpus``)."""
    if path.is_symlink() or not any(path.iterdir()):
        return False
    if (path / MARKER).is_file():
        return True
    return not _foreign_entries(path, kind, nested=False) and any(_recognised(path, kind)[0].values())


def _recognised(folder: Path, kind: str) -> tuple[dict[str, list[str]], list[Path]]:
    """The files of a marker-less ``folder`` that an earlier version of the runner wrote, by notebook,
    and that version's half-written leftovers."""
    if not folder.is_dir():
        return {}, []
    found: list[str] = []
    leftovers: list[Path] = []
    if kind == "outputs":
        notebooks, tables, figures = folder / "notebooks", folder / "tables", folder / "figures"
        for path in _files(notebooks):
            if path.parent == notebooks and _EXECUTED.match(path.name):
                found.append(path.relative_to(folder).as_posix())
            elif path.parent == notebooks and _PARTIAL.match(path.name):
                leftovers.append(path)
        for path in _files(tables):
            if path.parent.parent == tables and _NOTEBOOK_NAME.match(path.parent.name):
                if path.suffix == ".csv":
                    found.append(path.relative_to(folder).as_posix())
                elif _TEMPORARY.match(path.name):
                    leftovers.append(path)
        for path in _files(figures):
            if path.parent == figures and path.suffix == ".png" and not path.name.startswith("."):
                found.append(path.relative_to(folder).as_posix())
            elif path.parent == figures and _TEMPORARY.match(path.name):
                leftovers.append(path)
    else:
        for path in _files(folder):
            relative = path.relative_to(folder)
            if len(relative.parts) > 2 or (len(relative.parts) == 2 and relative.parts[0] != "readers"):
                continue
            if _TEMPORARY.match(path.name):
                leftovers.append(path)
            elif (
                path.name == "index.html" and len(relative.parts) == 1 or REPORT_FILE.match(path.name)
            ) and is_report_page(path):
                found.append(relative.as_posix())
    return group_by_notebook(found), leftovers


def _files(folder: Path) -> list[Path]:
    return [path for path in _walk(folder) if path.is_file() and not path.is_symlink()] if folder.is_dir() else []
