"""Packing reports: links that lead out of the reports folder stay out of the zip."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

from newsframe.share import pack_reports


def test_links_leaving_the_reports_folder_are_skipped_with_a_warning(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "readers").mkdir(parents=True)
    (reports / "index.html").write_text("<html>index</html>")
    (reports / "readers" / "00-a.html").write_text("<html>a</html>")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("private")
    os.symlink("/etc/passwd", reports / "passwd.html")
    os.symlink(secret, reports / "private")
    os.symlink(secret / "key.txt", reports / "readers" / "key.html")
    os.symlink(reports / "index.html", reports / "same-index.html")
    warnings: list[str] = []
    path = pack_reports(reports, tmp_path, day=date(2026, 1, 2), warn=warnings.append)
    with zipfile.ZipFile(path) as archive:
        names = sorted(name.split("/", 1)[1] for name in archive.namelist())
        assert names == ["README.txt", "index.html", "readers/00-a.html", "same-index.html"]
        assert b"private" not in b"".join(archive.read(name) for name in archive.namelist())
    assert len(warnings) == 3
    assert all("outside" in warning and "left out of the zip" in warning for warning in warnings)
    assert any("passwd.html" in warning for warning in warnings)
