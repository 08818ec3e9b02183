"""A notebook whose inputs have not changed is not executed again; any changed input or damaged output runs it.

One small notebook (a table, a figure) on a one-article corpus, run through ``python -m newsframe run``
in this process: after a first run, each case changes one thing and checks whether the notebook was
executed (the runner's ``[1/1] … ok`` line) or reused (its ``reused`` line, its files untouched).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from newsframe.__main__ import main
from newsframe.folders import read_marker
from newsframe.reuse import record_path
from test_runner_failures import _notebook

# Each test runs the runner (a kernel per notebook) several times: part of `make test`, not `make test-fast`.
pytestmark = pytest.mark.slow

NAME = "01-reused"
CELL = f"""\
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from newsframe.outputs import table_writer, write_figure
table_writer(output_dir, "{NAME}")(pd.DataFrame({{"label": [label]}}), "labels")
write_figure(plt.figure(figsize=(1, 1)), output_dir, "01-reused")
print("label is", label)"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A notebooks folder, a corpus and an output and reports folder after one good run."""
    (tmp_path / "notebooks").mkdir()
    _notebook(
        tmp_path / "notebooks" / f"{NAME}.ipynb", 'corpus = "seeds"\noutput_dir = "outputs"\nlabel = "first"', CELL
    )
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Russia and China signed a trade agreement in 2024.\n")
    return tmp_path


def _run(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """Run the runner; return what it said (stderr), after checking it succeeded."""
    status = main(
        [
            "run",
            "--notebooks-dir",
            str(project / "notebooks"),
            "--corpus",
            str(project / "corpus"),
            "--output-dir",
            str(project / "out"),
            "--reports-dir",
            str(project / "reports"),
            *extra,
        ]
    )
    said = capsys.readouterr().err
    assert status == 0, said
    return said


def _executed(said: str) -> bool:
    if f"{NAME}: reused" in said:
        return False
    assert f"{NAME}: ok" in said, said
    return True


def _outputs(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for folder in ("out", "reports")
        for path in sorted((project / folder).rglob("*"))
        if path.is_file() and "cache" not in path.parts and path.name != "index.html"
    }


@pytest.fixture()
def first(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    assert _executed(_run(project, capsys))
    return _outputs(project)


def test_nothing_changed_reuses_every_file_and_the_index_says_so(
    project: Path, first: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((project / "out" / record_path(NAME)).read_text(encoding="utf-8"))
    assert set(record["outputs"]) == {f"notebooks/{NAME}.ipynb", f"tables/{NAME}/labels.csv", "figures/01-reused.png"}
    assert set(record["reports"]) == {f"{NAME}.html", f"readers/{NAME}.html"}
    assert record_path(NAME) in read_marker(project / "out", "outputs")[NAME], "the record is the runner's own file"
    assert not _executed(_run(project, capsys))
    assert _outputs(project) == first
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'status-reused">reused<' in index and "Not executed again: its inputs are unchanged" in index


@pytest.mark.parametrize("change", ["parameter", "source", "corpus", "library", "force"])
def test_a_changed_input_or_force_runs_the_notebook_again(
    project: Path,
    first: dict[str, bytes],
    change: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra: tuple[str, ...] = ()
    if change == "parameter":
        extra = ("-p", "label", "second")
    elif change == "source":
        notebook = project / "notebooks" / f"{NAME}.ipynb"
        notebook.write_text(
            notebook.read_text(encoding="utf-8").replace(
                'print(\\"label is\\", label)', 'print(\\"the label:\\", label)'
            )
        )
        assert "the label:" in notebook.read_text(encoding="utf-8")
    elif change == "corpus":
        (project / "corpus" / "a.txt").write_text("Russia and China signed a trade agreement in 2025.\n")
    elif change == "library":
        monkeypatch.setattr("newsframe.reuse.library_fingerprint", lambda: "an edited library")
    else:
        extra = ("--force",)
    assert _executed(_run(project, capsys, *extra))
    labels = (project / "out" / "tables" / NAME / "labels.csv").read_text()
    assert labels == ("label\nsecond\n" if change == "parameter" else "label\nfirst\n")
    again = () if change == "force" else extra
    assert not _executed(_run(project, capsys, *again)), "run again with the same inputs (without --force): reused"


@pytest.mark.parametrize(
    "damage", ["truncated table", "deleted figure", "edited page", "deleted executed copy", "bad record"]
)
def test_a_damaged_or_missing_output_runs_the_notebook_again(
    project: Path, first: dict[str, bytes], damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, reports = project / "out", project / "reports"
    if damage == "truncated table":
        (out / "tables" / NAME / "labels.csv").write_text("label\n")
    elif damage == "deleted figure":
        (out / "figures" / "01-reused.png").unlink()
    elif damage == "edited page":
        page = reports / "readers" / f"{NAME}.html"
        page.write_text(page.read_text(encoding="utf-8").replace("label is", "label was"))
    elif damage == "deleted executed copy":
        (out / "notebooks" / f"{NAME}.ipynb").unlink()
    else:
        (out / record_path(NAME)).write_text("{not json")
    assert _executed(_run(project, capsys))
    assert _outputs(project).keys() == first.keys()
    assert (out / "tables" / NAME / "labels.csv").read_text() == "label\nfirst\n"
    assert not _executed(_run(project, capsys))


def test_a_copied_output_folder_is_checked_against_its_own_files(
    project: Path, first: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    """The record holds hashes, not paths or times: a results folder restored from a copy is still reused."""
    shutil.copytree(project / "out", project / "out-copy", copy_function=shutil.copy)
    shutil.rmtree(project / "out")
    (project / "out-copy").rename(project / "out")
    assert not _executed(_run(project, capsys))
