"""Which folders the runner may write into, and which files there it treats as its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from newsframe import OutputError, ParameterError
from newsframe.__main__ import main
from newsframe.folders import MARKER, check_folder, claim, protected_folders, read_marker
from newsframe.paths import NOTEBOOKS_DIR, PROJECT_ROOT, SEEDS_DIR
from newsframe.run import plan_run

PROTECTED = protected_folders(NOTEBOOKS_DIR, SEEDS_DIR)


@pytest.mark.parametrize(
    "folder",
    [
        Path("/"),
        Path.home(),
        Path("/etc"),
        PROJECT_ROOT / ".git",
        PROJECT_ROOT / ".venv",
        PROJECT_ROOT / "tests",
        PROJECT_ROOT / ".venv" / "results",
        PROJECT_ROOT,
        PROJECT_ROOT / "lib",
    ],
    ids=["root", "home", "etc", "git", "venv", "tests", "inside-venv", "project", "lib"],
)
@pytest.mark.parametrize("option", ["output_dir", "reports_dir"])
def test_folders_that_are_not_the_runners_are_refused_with_a_way_out(folder: Path, option: str) -> None:
    if not folder.exists() and folder.parent == PROJECT_ROOT:
        pytest.skip(f"{folder} is missing in this checkout")
    with pytest.raises((ParameterError, OutputError)) as refused:
        plan_run(**{option: folder})
    message = str(refused.value)
    assert str(folder) in message
    assert "choose" in message.lower() or "folder of their own" in message


def test_an_output_folder_around_the_notebooks_folder_is_refused(tmp_path: Path) -> None:
    """``--notebooks-dir P/notebooks --output-dir P`` once overwrote a source notebook with its executed copy."""
    notebooks = tmp_path / "project" / "notebooks"
    notebooks.mkdir(parents=True)
    shutil.copy(NOTEBOOKS_DIR / "00-corpus-overview.ipynb", notebooks)
    with pytest.raises(ParameterError, match=r"contains the notebooks folder"):
        plan_run(notebooks_dir=notebooks, output_dir=tmp_path / "project")
    with pytest.raises(ParameterError, match=r"inside the notebooks folder"):
        plan_run(notebooks_dir=notebooks, reports_dir=notebooks / "reports")


def test_the_same_folder_for_outputs_and_reports_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="give each a folder of its own"):
        plan_run(output_dir=tmp_path / "x", reports_dir=tmp_path / "x")


def test_a_non_empty_folder_of_someone_else_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "thesis"
    (folder / "drafts").mkdir(parents=True)
    (folder / "drafts" / ".chapter1.tmp").write_text("my draft")
    with pytest.raises(OutputError, match=r"is not empty and is not a newsframe outputs folder \(it holds drafts"):
        check_folder("--output-dir", folder, "outputs", PROTECTED)
    with pytest.raises(OutputError, match=r"Choose another folder"):
        plan_run(output_dir=folder)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["drafts", "drafts/.chapter1.tmp"]


def test_new_and_empty_folders_are_claimed_with_a_marker(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "new" / "outputs", tmp_path / "empty"):
        check_folder("--output-dir", folder, "outputs", PROTECTED)
        assert claim(folder, "outputs") == ({}, f"marked {folder} as a newsframe outputs folder ({MARKER})")
        assert json.loads((folder / MARKER).read_text())["kind"] == "outputs"
        assert claim(folder, "outputs") == ({}, "")
    with pytest.raises(OutputError, match="is a newsframe outputs folder, not a reports folder"):
        check_folder("--reports-dir", tmp_path / "empty", "reports", PROTECTED)


def _legacy_outputs(folder: Path) -> None:
    """What an earlier version of the runner left in outputs/ (no marker)."""
    (folder / "notebooks").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), folder / "notebooks" / "00-corpus-overview.ipynb")
    (folder / "notebooks" / "02-stance-comparison.failed.ipynb").write_text("{}")
    (folder / "notebooks" / ".01-sentiment-framing.4242.partial.ipynb").write_text("{}")
    (folder / "tables" / "00-corpus-overview").mkdir(parents=True)
    (folder / "tables" / "00-corpus-overview" / "articles.csv").write_text("doc_id\na\n")
    (folder / "tables" / "00-corpus-overview" / ".articles.csv.k2j3h4.tmp").write_text("half")
    (folder / "figures").mkdir()
    (folder / "figures" / "00-sentences-per-article.png").write_bytes(b"\x89PNG")
    (folder / "cache" / "abc123").mkdir(parents=True)
    (folder / "cache" / "abc123" / "part-0.parquet").write_bytes(b"PAR1")
    (folder / "test-artifacts").mkdir()
    (folder / "test-artifacts" / "index.png").write_bytes(b"\x89PNG")


def test_an_output_folder_of_an_earlier_version_is_adopted_and_its_leftovers_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "outputs"
    _legacy_outputs(folder)
    check_folder("--output-dir", folder, "outputs", PROTECTED)
    recorded, said = claim(folder, "outputs")
    assert said.startswith(f"adopted {folder}")
    assert recorded == {
        "00-corpus-overview": [
            "figures/00-sentences-per-article.png",
            "notebooks/00-corpus-overview.ipynb",
            "tables/00-corpus-overview/articles.csv",
        ],
        "02-stance-comparison": ["notebooks/02-stance-comparison.failed.ipynb"],
    }
    assert read_marker(folder, "outputs") == recorded
    assert not (folder / "notebooks" / ".01-sentiment-framing.4242.partial.ipynb").exists()
    assert not (folder / "tables" / "00-corpus-overview" / ".articles.csv.k2j3h4.tmp").exists()
    assert (folder / "cache" / "abc123" / "part-0.parquet").exists() and (
        folder / "test-artifacts" / "index.png"
    ).exists()


def test_an_earlier_folder_with_a_stranger_in_it_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "outputs"
    _legacy_outputs(folder)
    (folder / "tables" / "00-corpus-overview" / "my-notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"it holds tables/00-corpus-overview/my-notes.txt"):
        check_folder("--output-dir", folder, "outputs", PROTECTED)


def _page(path: Path, meta: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = '<meta name="newsframe-corpus-sha256" content="abc">' if meta else ""
    path.write_text(f"<!DOCTYPE html><html><head>{head}</head><body></body></html>")


def test_a_reports_folder_is_adopted_only_when_every_page_is_newsframes(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    for relative in (
        "index.html",
        "00-corpus-overview.html",
        "readers/00-corpus-overview.html",
        "02-stance-comparison.failed.html",
    ):
        _page(folder / relative)
    check_folder("--reports-dir", folder, "reports", PROTECTED)
    _page(folder / "12-meeting-notes.html", meta=False)
    with pytest.raises(OutputError, match=r"not a newsframe reports folder \(it holds 12-meeting-notes.html\)"):
        check_folder("--reports-dir", folder, "reports", PROTECTED)
    (folder / "12-meeting-notes.html").unlink()
    recorded, _ = claim(folder, "reports")
    assert recorded == {
        "": ["index.html"],
        "00-corpus-overview": ["00-corpus-overview.html", "readers/00-corpus-overview.html"],
        "02-stance-comparison": ["02-stance-comparison.failed.html"],
    }


def _run_as_nobody(*arguments: str) -> subprocess.CompletedProcess:
    """Run the command line as an unprivileged user (root writes into read-only folders)."""
    command = [sys.executable, "-m", "newsframe", *arguments]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: a read-only folder cannot be simulated")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    environment = {**os.environ, "HOME": "/tmp"}
    return subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, env=environment, check=False
    )


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder any user can reach (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="newsframe-ro-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755) if path.is_dir() else None
    shutil.rmtree(folder)


@pytest.mark.parametrize("option", ["--output-dir", "--reports-dir"])
def test_a_read_only_folder_is_refused_before_any_notebook_runs(open_tmp: Path, option: str) -> None:
    tmp_path = open_tmp
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    other = "--reports-dir" if option == "--output-dir" else "--output-dir"
    writable = tmp_path / "writable"
    writable.mkdir()
    writable.chmod(0o777)
    result = _run_as_nobody("run", option, str(folder), other, str(writable / "x"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {option}: {folder} is not writable"), result.stderr
    assert "Traceback" not in result.stderr and "analysing" not in result.stderr
    assert list(folder.iterdir()) == [] and list(writable.iterdir()) == []


def test_a_full_disk_is_refused_up_front(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Full:
        f_flag, f_bavail, f_frsize = 0, 3, 4096

    monkeypatch.setattr("newsframe.folders.os.statvfs", lambda path: Full())
    with pytest.raises(OutputError, match=rf"--output-dir: the disk of {tmp_path / 'out'} is full \(0 MiB free"):
        check_folder("--output-dir", tmp_path / "out", "outputs", PROTECTED)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (needs root and mount; skipped elsewhere)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a small tmpfs here")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=True)  # a process of the run may still hold it for a moment


def test_a_really_full_disk_is_refused_up_front(
    tiny_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["run", "--output-dir", str(tiny_disk / "out"), "--reports-dir", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"error: --output-dir: the disk of {tiny_disk / 'out'} is full"), err
    assert not (tiny_disk / "out").exists()


def test_the_disk_filling_up_during_a_run_is_a_clear_error_naming_the_folder(
    tiny_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsframe.folders.MIN_FREE_BYTES", 0)
    status = main(["run", "--output-dir", str(tiny_disk / "out"), "--reports-dir", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert status == 2
    assert f"error: no space left on the disk of {tiny_disk / 'out'}" in err and "free some space there" in err, err
    assert "Traceback" not in err


def test_an_earlier_folder_holding_another_run_in_a_subfolder_is_adopted(tmp_path: Path) -> None:
    """The README's ``--output-dir outputs/my-corpus`` left a nested output folder in outputs/."""
    folder = tmp_path / "outputs"
    _legacy_outputs(folder)
    _legacy_outputs(folder / "my-corpus")
    check_folder("--output-dir", folder, "outputs", PROTECTED)
    recorded, _ = claim(folder, "outputs")
    assert not any("my-corpus" in path for paths in recorded.values() for path in paths)
    (folder / "my-corpus" / "stray.txt").write_text("x")
    shutil.rmtree(folder / "my-corpus" / "notebooks")
    (folder / MARKER).unlink()
    with pytest.raises(OutputError, match="it holds my-corpus"):
        check_folder("--output-dir", folder, "outputs", PROTECTED)
