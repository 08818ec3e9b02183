"""A run's results become visible together: no stale tables, no user file touched, honest interrupts.

The end-to-end cases run one synthetic notebook (built with nbformat) through the command
line; the crash case replays a publication cut short after every one of its steps.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from newsframe.__main__ import main
from newsframe.folders import MARKER, STAGING, claim, read_marker
from newsframe.paths import PROJECT_ROOT
from newsframe.publish import JOURNAL, Stage, _apply, _output_steps, _report_steps, recover, stage_reports
from newsframe.run import NotebookRun
from test_runner_failures import _kernels_of, _notebook, _wait_for

# runs the runner, a notebook, a browser or JupyterLab in a subprocess: left out of `make test-fast`
pytestmark = pytest.mark.slow

NAME = "01-writes"
WRITES = f"""\
import pathlib, time
import pandas as pd
from newsframe.outputs import write_figure, write_table
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
write_table(pd.DataFrame({{"label": [label]}}), output_dir, "{NAME}", "always")
write_table(pd.DataFrame({{"camp": [], "n": []}}), output_dir, "{NAME}", "empty_here")
if flag:
    write_table(pd.DataFrame({{"x": [1]}}), output_dir, "{NAME}", "only_if_flag")
    write_figure(plt.figure(), output_dir, "01-only-if-flag")
write_figure(plt.figure(), output_dir, "01-always")
pathlib.Path(output_dir, "{NAME}-wrote").write_text("tables written")
time.sleep(sleep)"""


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    _notebook(
        folder / f"{NAME}.ipynb",
        'corpus = "seeds"\noutput_dir = "outputs"\nflag = True\nsleep = 0.0\nlabel = "first"',
        WRITES,
    )
    (folder / "corpus").mkdir()
    (folder / "corpus" / "a.txt").write_text("Russia and China signed a trade agreement in 2024.\n")  # quick to analyse
    return folder


def _corpus(notebooks: Path) -> list[str]:
    return ["--notebooks-dir", str(notebooks), "--corpus", str(notebooks / "corpus")]


def _run(notebooks: Path, out: Path, reports: Path, *extra: str) -> int:
    return main(["run", *_corpus(notebooks), "--output-dir", str(out), "--reports-dir", str(reports), *extra])


def _tables(out: Path) -> dict[str, str]:
    folder = out / "tables" / NAME
    return {path.name: path.read_text() for path in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_a_table_not_written_this_time_disappears_and_user_files_stay(
    notebooks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, reports = tmp_path / "out", tmp_path / "reports"
    assert _run(notebooks, out, reports) == 0, capsys.readouterr().err
    assert _tables(out) == {"always.csv": "label\nfirst\n", "empty_here.csv": "camp,n\n", "only_if_flag.csv": "x\n1\n"}
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["01-always.png", "01-only-if-flag.png"]
    mine = {
        out / "drafts" / ".chapter1.tmp": "draft",
        out / "tables" / NAME / "my-notes.txt": "notes",
        out / "figures" / ".my-plot.png.tmp": "plot",
        reports / "12-meeting-notes.html": "<p>minutes</p>",
        reports / "readers" / "99-mine.html": "<p>mine</p>",
    }
    for path, text in mine.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    assert _run(notebooks, out, reports, "-p", "flag", "false", "-p", "label", "second") == 0, capsys.readouterr().err
    assert _tables(out) == {"always.csv": "label\nsecond\n", "empty_here.csv": "camp,n\n", "my-notes.txt": "notes"}
    assert sorted(p.name for p in (out / "figures").iterdir()) == [".my-plot.png.tmp", "01-always.png"]
    assert {path: path.read_text() for path in mine} == mine
    assert not (out / STAGING).exists() and not (reports / STAGING).exists()
    assert read_marker(out, "outputs") == {
        NAME: [
            "figures/01-always.png",
            f"notebooks/{NAME}.inputs.json",
            f"notebooks/{NAME}.ipynb",
            f"tables/{NAME}/always.csv",
            f"tables/{NAME}/empty_here.csv",
        ]
    }


def _start(notebooks: Path, out: Path, reports: Path, *extra: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "newsframe",
        "run",
        *_corpus(notebooks),
        "--output-dir",
        str(out),
        "--reports-dir",
        str(reports),
        *extra,
    ]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _earlier_run(notebooks: Path, out: Path, reports: Path) -> dict[Path, bytes]:
    assert _run(notebooks, out, reports) == 0
    return {
        path: path.read_bytes()
        for folder in (out, reports)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "cache" not in path.relative_to(folder).parts
    }


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_an_interrupt_after_tables_were_written_changes_no_earlier_result(
    notebooks: Path, tmp_path: Path, signum: int
) -> None:
    out, reports = tmp_path / "out", tmp_path / "reports"
    before = _earlier_run(notebooks, out, reports)
    (out / f"{NAME}-wrote").unlink()
    run = _start(notebooks, out, reports, "-p", "label", "second", "-p", "flag", "false", "-p", "sleep", "60")
    _wait_for(
        lambda: (out / f"{NAME}-wrote").exists() or run.poll() is not None, 180, "the notebook to write its tables"
    )
    assert _kernels_of(run.pid)
    kernels = _kernels_of(run.pid)
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    if signum == signal.SIGKILL:
        for kernel in kernels:
            kernel.kill()
    else:
        assert run.returncode == 130
        assert "interrupted: earlier outputs and reports are unchanged (nothing of this run was published)" in stderr
    after = {path: path.read_bytes() for path in before}
    assert after == before
    assert _tables(out) == {"always.csv": "label\nfirst\n", "empty_here.csv": "camp,n\n", "only_if_flag.csv": "x\n1\n"}
    if signum == signal.SIGKILL:
        assert (out / STAGING / NAME / "tables" / NAME / "always.csv").is_file(), "the killed run's work stays staged"
        assert _run(notebooks, out, reports, "-p", "label", "third") == 0
        assert _tables(out)["always.csv"] == "label\nthird\n"
    assert not (out / STAGING).exists() and not (reports / STAGING).exists()


def _staged_run(tmp_path: Path) -> tuple[Stage, list[NotebookRun], dict, dict]:
    """Folders holding a first run's results, and a second run staged but not yet published."""
    out, reports = tmp_path / "out", tmp_path / "reports"
    stage = Stage(out, reports)
    outputs_recorded, _ = claim(out, "outputs")
    reports_recorded, _ = claim(reports, "reports")
    runs = []
    for name in ("01-a", "02-b"):
        for which, folder in (("old", out), ("new", stage.folder(name))):
            (folder / "tables" / name).mkdir(parents=True, exist_ok=True)
            (folder / "tables" / name / "t.csv").write_text(f"corpus\n{which}\n")
            (folder / "notebooks").mkdir(parents=True, exist_ok=True)
            (folder / "notebooks" / f"{name}.ipynb").write_text(which)
        (out / "tables" / name / "gone.csv").write_text("corpus\nold\n")
        outputs_recorded[name] = [f"notebooks/{name}.ipynb", f"tables/{name}/t.csv", f"tables/{name}/gone.csv"]
        (reports / f"{name}.html").write_text("old")
        reports_recorded[name] = [f"{name}.html"]
        runs.append(NotebookRun(name, Path(f"{name}.ipynb"), stage.executed(name), "ok", 1.0))
    (reports / "index.html").write_text("old")
    reports_recorded[""] = ["index.html"]
    staged = stage_reports(stage, reports_recorded)
    for name in ("01-a", "02-b", "index"):
        (staged / f"{name}.html").unlink(missing_ok=True)
        (staged / f"{name}.html").write_text("new")
    return stage, runs, outputs_recorded, reports_recorded


def _state(stage: Stage) -> dict[str, str]:
    return {
        path.relative_to(stage.output_dir.parent).as_posix(): path.read_text()
        for folder in (stage.output_dir, stage.reports_dir)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and STAGING not in path.parts and path.name != MARKER
    }


def test_a_publication_killed_after_any_step_is_finished_by_the_next_run(tmp_path: Path) -> None:
    stage, runs, outputs_recorded, reports_recorded = _staged_run(tmp_path / "reference")
    steps = [*_output_steps(runs, stage, outputs_recorded), *_report_steps(stage, reports_recorded)]
    _apply(steps)
    expected = _state(stage)
    assert set(expected.values()) == {"new", "corpus\nnew\n"} and "out/tables/01-a/gone.csv" not in expected
    for cut in range(len(steps) + 1):
        stage, runs, outputs_recorded, reports_recorded = _staged_run(tmp_path / f"cut-{cut}")
        steps = [*_output_steps(runs, stage, outputs_recorded), *_report_steps(stage, reports_recorded)]
        (stage.root / JOURNAL).write_text(json.dumps(steps))
        _apply(steps[:cut])  # the process is killed here
        assert recover(stage.output_dir)
        assert _state(stage) == expected, f"killed after step {cut}"
        assert not stage.root.exists() and not stage.reports.exists()
        assert read_marker(stage.output_dir, "outputs")["01-a"] == ["notebooks/01-a.ipynb", "tables/01-a/t.csv"]
