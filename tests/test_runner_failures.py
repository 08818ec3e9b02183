"""The runner under failure: a notebook that raises, interrupts, bad parameters, stray output paths.

Synthetic notebooks (built with nbformat in a temporary folder) stand in for the real ones
through ``--notebooks-dir``.  Kernel start-ups are the slow part (~3 s each); this file
starts five: two in the failing run, one per interrupt, one for the clean re-run.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from newsframe import ParameterError
from newsframe.__main__ import main
from newsframe.paths import OUTPUTS_DIR, PROJECT_ROOT, REPORTS_DIR, SEEDS_DIR
from newsframe.run import _STOP_SIGNALS, _raise_interrupt, plan_run

# runs the runner, a notebook, a browser or JupyterLab in a subprocess: left out of `make test-fast`
pytestmark = pytest.mark.slow

psutil = pytest.importorskip("psutil")

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
TABLE_CELL = """\
import pathlib, time
import pandas as pd
from newsframe.outputs import write_table
pathlib.Path(output_dir).mkdir(parents=True, exist_ok=True)
(pathlib.Path(output_dir) / "02-started").write_text("started")
time.sleep(sleep)
write_table(pd.DataFrame({"corpus": [corpus], "label": [label]}), output_dir, "02-table", "where")"""


def _notebook(path: Path, parameters: str, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = KERNELSPEC
    parameter_cell = nbformat.v4.new_code_cell(parameters)
    parameter_cell.metadata["tags"] = ["parameters"]
    notebook.cells = [parameter_cell, nbformat.v4.new_markdown_cell("## A section")]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    _notebook(
        folder / "01-fails.ipynb",
        'corpus = "seeds"\noutput_dir = "outputs"',
        "x = 1",
        'raise ValueError("synthetic failure in 01")',
    )
    _notebook(
        folder / "02-table.ipynb", 'corpus = "seeds"\noutput_dir = "outputs"\nsleep = 0.0\nlabel = "ok"', TABLE_CELL
    )
    return folder


def _previous_good_outputs(output_dir: Path, notebooks: Path) -> dict[Path, bytes]:
    """Plant results of an 'earlier run' and return their bytes, to check they survive."""
    folder = output_dir / "notebooks"
    folder.mkdir(parents=True)
    planted = {}
    for source in sorted(notebooks.glob("*.ipynb")):
        earlier = nbformat.read(source, as_version=4)
        earlier.metadata["earlier_run"] = True
        nbformat.write(earlier, folder / source.name)
        planted[folder / source.name] = (folder / source.name).read_bytes()
    table = output_dir / "tables" / "02-table" / "where.csv"
    table.parent.mkdir(parents=True)
    table.write_text("corpus,label\nearlier,run\n")
    planted[table] = table.read_bytes()
    return planted


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")} if folder.exists() else {}


def _temporary_files(*folders: Path) -> list[Path]:
    return [
        p
        for folder in folders
        if folder.exists()
        for p in folder.rglob("*")
        if p.name.endswith((".partial.ipynb", ".tmp"))
    ]


def _kernels_of(pid: int) -> list[psutil.Process]:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    kernels = []
    for child in children:
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                kernels.append(child)
        except psutil.Error:
            continue
    return kernels


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _orphans(connection_files: set[str]) -> list[int]:
    """Live processes still holding one of the given kernel connection files."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        if set(process.info["cmdline"] or ()) & connection_files and _alive(process):
            found.append(process.info["pid"])
    return found


def test_a_failing_notebook_is_reported_kept_apart_and_the_others_still_run(
    notebooks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output_dir, reports_dir = tmp_path / "out", tmp_path / "reports"
    planted = _previous_good_outputs(output_dir, notebooks)
    project_before = (_snapshot(OUTPUTS_DIR), _snapshot(REPORTS_DIR))

    status = main(
        ["run", "--notebooks-dir", str(notebooks), "--output-dir", str(output_dir), "--reports-dir", str(reports_dir)]
    )

    assert status == 1
    stderr = capsys.readouterr().err
    assert "FAILED 01-fails: cell 4: ValueError: synthetic failure in 01" in stderr
    executed = output_dir / "notebooks"
    failed = nbformat.read(executed / "01-fails.failed.ipynb", as_version=4)
    errors = [
        output
        for cell in failed.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert [error.evalue for error in errors] == ["synthetic failure in 01"]
    assert (executed / "01-fails.ipynb").read_bytes() == planted[executed / "01-fails.ipynb"]
    rerun = nbformat.read(executed / "02-table.ipynb", as_version=4)
    assert "earlier_run" not in rerun.metadata and "papermill" in rerun.metadata
    table = (output_dir / "tables" / "02-table" / "where.csv").read_text()
    assert table == f"corpus,label\n{SEEDS_DIR},ok\n"
    assert not _temporary_files(output_dir, reports_dir)
    assert (_snapshot(OUTPUTS_DIR), _snapshot(REPORTS_DIR)) == project_before


def _start_run(notebooks: Path, output_dir: Path, reports_dir: Path, sleep: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "newsframe",
        "run",
        "--notebooks-dir",
        str(notebooks),
        "--only",
        "02",
        "--output-dir",
        str(output_dir),
        "--reports-dir",
        str(reports_dir),
        "-p",
        "sleep",
        sleep,
    ]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _interrupt_and_check(
    run: subprocess.Popen, signum: int, planted: dict[Path, bytes], output_dir: Path, reports_dir: Path
) -> None:
    kernels = _kernels_of(run.pid)
    assert kernels, "the kernel should be running when the run is interrupted"
    connection_files = {part for kernel in kernels for part in kernel.cmdline() if part.endswith(".json")}
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "interrupted: earlier outputs and reports are unchanged" in stderr
    assert "Traceback (most recent call last):\n  File" not in stderr.split("[IPKernelApp]")[0]
    for path, payload in planted.items():
        assert path.read_bytes() == payload, f"{path} changed"
        if path.suffix == ".ipynb":
            nbformat.validate(nbformat.read(path, as_version=4))
    assert not _temporary_files(output_dir, reports_dir)
    assert not (output_dir / "notebooks" / "02-table.failed.ipynb").exists()
    _wait_for(lambda: not any(_alive(kernel) for kernel in kernels), 10, "the kernel to exit")
    assert not _orphans(connection_files)
    assert not any(Path(name).exists() for name in connection_files)


def test_sigterm_while_a_notebook_runs_keeps_earlier_results_and_kills_the_kernel(
    notebooks: Path, tmp_path: Path
) -> None:
    output_dir, reports_dir = tmp_path / "out", tmp_path / "reports"
    planted = _previous_good_outputs(output_dir, notebooks)
    run = _start_run(notebooks, output_dir, reports_dir, sleep="60")
    _wait_for(lambda: (output_dir / "02-started").exists() or run.poll() is not None, 180, "the notebook to start")
    _interrupt_and_check(run, signal.SIGTERM, planted, output_dir, reports_dir)
    assert not reports_dir.exists()


def test_sigint_while_the_kernel_starts_then_the_next_run_starts_cleanly(
    notebooks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output_dir, reports_dir = tmp_path / "out", tmp_path / "reports"
    planted = _previous_good_outputs(output_dir, notebooks)
    stale = output_dir / "notebooks" / ".02-table.999.partial.ipynb"
    stale.write_text("{}")
    run = _start_run(notebooks, output_dir, reports_dir, sleep="60")
    _wait_for(lambda: bool(_kernels_of(run.pid)) or run.poll() is not None, 180, "the kernel process")
    _interrupt_and_check(run, signal.SIGINT, planted, output_dir, reports_dir)

    status = main(
        [
            "run",
            "--notebooks-dir",
            str(notebooks),
            "--only",
            "02",
            "--output-dir",
            str(output_dir),
            "--reports-dir",
            str(reports_dir),
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert (output_dir / "tables" / "02-table" / "where.csv").read_text() == f"corpus,label\n{SEEDS_DIR},ok\n"
    assert "earlier_run" not in nbformat.read(output_dir / "notebooks" / "02-table.ipynb", as_version=4).metadata
    assert (output_dir / "notebooks" / "01-fails.ipynb").read_bytes() == planted[
        output_dir / "notebooks" / "01-fails.ipynb"
    ]
    assert not _temporary_files(output_dir, reports_dir)


SLEEPING_CELL = """\
import pathlib, time
pathlib.Path(output_dir).mkdir(parents=True, exist_ok=True)
(pathlib.Path(output_dir) / f"{name}-started").write_text("started")
time.sleep(60)"""


def test_sigterm_with_two_notebooks_running_at_once_kills_both_kernels_and_keeps_earlier_results(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("01-sleeps", "02-sleeps"):
        _notebook(folder / f"{name}.ipynb", f'corpus = "seeds"\noutput_dir = "outputs"\nname = "{name}"', SLEEPING_CELL)
    output_dir, reports_dir = tmp_path / "out", tmp_path / "reports"
    planted = _previous_good_outputs(output_dir, folder)
    command = [
        sys.executable,
        "-m",
        "newsframe",
        "run",
        "--notebooks-dir",
        str(folder),
        "--jobs",
        "2",
        "--output-dir",
        str(output_dir),
        "--reports-dir",
        str(reports_dir),
    ]
    run = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = [output_dir / f"{name}-started" for name in ("01-sleeps", "02-sleeps")]
    _wait_for(
        lambda: all(marker.exists() for marker in started) or run.poll() is not None, 240, "both notebooks to start"
    )
    assert len(_kernels_of(run.pid)) == 2
    _interrupt_and_check(run, signal.SIGTERM, planted, output_dir, reports_dir)
    assert not list((output_dir / "notebooks").glob("*.failed.ipynb"))
    assert not reports_dir.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-p", "bogus", "1"], r"unknown parameter 'bogus'; the notebooks accept: corpus, label, output_dir, sleep"),
        (["-p", "sleep", "soon"], r"parameter 'sleep' expects a float \(default 0.0\); got 'soon'"),
        (
            ["-p", "output_dir", "elsewhere"],
            r"output_dir is given twice, as --output-dir '.*out' and as -p output_dir 'elsewhere'",
        ),
        (["--only", "07"], r"--only 07 matches no notebook; choose from 01-fails, 02-table"),
        (["--corpus", "no/such/corpus"], r"corpus .*no/such/corpus does not exist"),
    ],
    ids=["unknown", "ill-typed", "path-twice", "only", "corpus"],
)
def test_bad_parameters_are_rejected_before_any_kernel_starts(
    notebooks: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsframe.run

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was asked for before the parameters were checked")

    monkeypatch.setattr(newsframe.run, "check_kernel", no_kernel)
    monkeypatch.setattr(newsframe.run, "run", no_kernel)
    output_dir = tmp_path / "out"
    status = main(
        [
            "run",
            "--notebooks-dir",
            str(notebooks),
            "--output-dir",
            str(output_dir),
            "--reports-dir",
            str(tmp_path / "r"),
            *extra,
        ]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert re.search(message, err), err
    assert not output_dir.exists() and not (tmp_path / "r").exists()
    assert not _kernels_of(os.getpid())


@pytest.mark.parametrize(
    ("option", "folder"),
    [
        ("output_dir", PROJECT_ROOT),
        ("output_dir", SEEDS_DIR / "results"),
        ("reports_dir", PROJECT_ROOT / "lib" / "newsframe"),
    ],
    ids=["project-root", "inside-corpus", "inside-package"],
)
def test_destinations_that_would_mix_results_into_sources_are_refused(
    notebooks: Path, option: str, folder: Path
) -> None:
    with pytest.raises(ParameterError, match="choose a folder|folder of their own"):
        plan_run(notebooks_dir=notebooks, **{option: folder})
    with pytest.raises(ParameterError, match="inside the notebooks folder"):
        plan_run(notebooks_dir=notebooks, output_dir=notebooks / "out")


def test_path_parameters_reach_notebooks_as_absolute_paths(
    notebooks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan = plan_run(
        corpus="seeds",
        output_dir="outputs/elsewhere",
        notebooks_dir=notebooks,
        overrides=[("sleep", "1.5"), ("label", "x")],
    )
    assert plan.parameters["02-table"] == {
        "corpus": str(SEEDS_DIR),
        "output_dir": str(OUTPUTS_DIR / "elsewhere"),
        "sleep": 1.5,
        "label": "x",
    }
    assert plan.parameters["01-fails"] == {"corpus": str(SEEDS_DIR), "output_dir": str(OUTPUTS_DIR / "elsewhere")}
    assert not (OUTPUTS_DIR / "elsewhere").exists()


def test_corpus_and_output_dir_may_also_be_given_with_p() -> None:
    from newsframe.run import split_path_parameters

    paths, rest = split_path_parameters(
        {"corpus": None, "output_dir": "out"}, [("corpus", "exports/a.jsonl"), ("n_boot", "10"), ("output_dir", "out")]
    )
    assert paths == {"corpus": "exports/a.jsonl", "output_dir": "out"}
    assert rest == [("n_boot", "10")]


def test_a_parameters_cell_with_an_expression_is_refused(tmp_path: Path) -> None:
    _notebook(
        tmp_path / "01-bad.ipynb",
        'corpus = "seeds"\noutput_dir = "outputs"\nstart = pd.Timestamp("2024-01-01")',
        "pass",
    )
    with pytest.raises(ParameterError, match=r"01-bad.ipynb: parameter 'start' .* not a plain literal"):
        plan_run(notebooks_dir=tmp_path)


def test_after_an_interrupt_the_abandoned_cell_task_is_not_reported(caplog: pytest.LogCaptureFixture) -> None:
    """The interrupted cell's task ends in DeadKernelError once its kernel is gone; asyncio must not print that."""
    handlers = {stop: signal.getsignal(stop) for stop in _STOP_SIGNALS}
    asyncio_log = logging.getLogger("asyncio")
    level = asyncio_log.level

    async def cell() -> None:
        raise RuntimeError("Kernel died")

    try:
        with pytest.raises(KeyboardInterrupt):
            _raise_interrupt(signal.SIGTERM, None)
        loop = asyncio.new_event_loop()
        abandoned = loop.create_task(cell())
        loop.run_until_complete(asyncio.sleep(0))
        del abandoned
        gc.collect()
        loop.close()
    finally:
        asyncio_log.setLevel(level)
        for stop, handler in handlers.items():
            signal.signal(stop, handler)
    assert not [record for record in caplog.records if record.name == "asyncio"]


def test_an_article_that_cannot_be_analysed_is_reported_and_the_run_goes_on(
    notebooks: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newsframe import quotes

    real = quotes.extract_quotes
    bad = sorted(SEEDS_DIR.glob("*.txt"))[1].stem

    def failing(articles, *args, **kwargs):
        if bad in set(articles["doc_id"]):
            raise RuntimeError("a quotation mark the rules never met")
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(quotes, "extract_quotes", failing)
    status = main(
        [
            "run",
            "--corpus",
            str(SEEDS_DIR),
            "--notebooks-dir",
            str(notebooks),
            "--only",
            "02",
            "--output-dir",
            str(tmp_path / "out"),
            "--reports-dir",
            str(tmp_path / "reports"),
        ]
    )
    shown = capsys.readouterr().err
    assert status == 0
    assert "4 articles, " in shown and "1 article could not be analysed (see errors)" in shown


def test_the_runner_waits_for_late_cell_output_instead_of_failing_the_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """papermill fails a cell whose outputs arrive 4 s after it finished (nbclient's default); the runner allows far more."""
    import papermill
    from newsframe.publish import Stage
    from newsframe.run import IOPUB_TIMEOUT, execute_notebook

    asked = {}
    monkeypatch.setattr(papermill, "execute_notebook", lambda *args, **options: asked.update(options))
    notebook = tmp_path / "00-late.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), notebook)
    run = execute_notebook(notebook, {}, Stage(tmp_path / "outputs", tmp_path / "reports"), timeout=60)
    assert run.status == "ok"
    assert asked["iopub_timeout"] == IOPUB_TIMEOUT >= 60
