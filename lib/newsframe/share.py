"""Packing the rendered reports into one dated zip file to send to colleagues.

``pack_reports(Path("reports"), Path("."))`` writes ``newsframe-reports-YYYY-MM-DD.zip``
holding ``reports/`` under a folder of the same name, plus a ``README.txt`` that says to open
``index.html``.  The reports need no internet, so the unpacked folder works from a USB stick.
Entries are sorted and stamped with the date, and the zip is written through a temporary file,
so packing the same reports twice on one day gives the same bytes and an interrupted pack never
leaves a broken zip.  Hidden files (such as temporary files of an interrupted run) are left out,
and so is a symbolic link that leads out of ``reports/`` (to ``/etc/passwd``, a home folder…):
it is skipped with a warning, so the zip holds only what the reports folder itself holds.

Command line: ``python -m newsframe share [--reports-dir reports] [--dest DIR]`` (see ``__main__``).
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from newsframe.errors import NewsframeError
from newsframe.outputs import write_atomic

ARCHIVE_PREFIX = "newsframe-reports"

_README = """\
newsframe reports, packed on {day}.

Open index.html in a web browser. Every page works offline (no internet needed);
each notebook comes in a readers' version (readers/, no code) and a version with code.
"""


def archive_name(day: date) -> str:
    """``newsframe-reports-YYYY-MM-DD`` (the zip's stem and its top-level folder)."""
    return f"{ARCHIVE_PREFIX}-{day.isoformat()}"


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def shareable_files(reports_dir: Path, *, warn: Callable[[str], None] = _warn) -> list[Path]:
    """The files of ``reports_dir`` that go into the zip, sorted: not hidden, and not reached
    through a symbolic link that leaves ``reports_dir`` (each such link is passed to ``warn``)."""
    root = reports_dir.resolve()
    files = []
    for path in sorted(reports_dir.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(reports_dir).parts):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            warn(f"{path} is a link to {path.resolve()}, outside {reports_dir}; left out of the zip")
            continue
        if path.is_file():
            files.append(path)
    return files


def pack_reports(
    reports_dir: Path, dest_dir: Path, *, day: date | None = None, warn: Callable[[str], None] = _warn
) -> Path:
    """Zip ``reports_dir`` into ``dest_dir/newsframe-reports-<day>.zip`` and return the zip's path.

    day: the date in the name and in the entries' timestamps; defaults to today.  An existing
    zip of the same day is replaced.  Raises NewsframeError when ``reports_dir`` has no
    ``index.html`` (nothing has been rendered yet).  warn: told of each link that leads out
    of ``reports_dir`` and is left out (default: a line on stderr).
    """
    reports_dir = Path(reports_dir)
    if not (reports_dir / "index.html").is_file():
        raise NewsframeError(
            f"{reports_dir}/index.html not found: there are no reports to share yet; "
            "run the notebooks first (`make run` or `python -m newsframe run`)."
        )
    day = day or date.today()
    top = archive_name(day)
    timestamp = (day.year, day.month, day.day, 0, 0, 0)
    files = shareable_files(reports_dir, warn=warn)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("README.txt", _README.format(day=day.isoformat()).encode("utf-8"))]
        entries += [(path.relative_to(reports_dir).as_posix(), path.read_bytes()) for path in files]
        for relative, payload in entries:
            info = zipfile.ZipInfo(f"{top}/{relative}", date_time=timestamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    return write_atomic(Path(dest_dir) / f"{top}.zip", buffer.getvalue())
