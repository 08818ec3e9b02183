"""Executing the numbered notebooks headless with papermill, then rendering the HTML reports.

``python -m newsframe run`` (what ``make run`` calls) executes every ``notebooks/NN-*.ipynb``
in order with kernel ``python3``, an execution timeout and the project root as working
directory, injecting ``corpus``, ``output_dir`` and any ``-p name value`` parameters.

Guarantees:

* Parameters are checked before any kernel starts: a name no notebook declares, a value
  that does not fit the declared default's type, a corpus path that does not exist, or an
  output or reports folder that contains or lies inside the notebooks, the corpus, the
  package, ``.git`` or ``.venv`` is a :class:`~newsframe.errors.ParameterError` (papermill
  itself only warns); a folder that is not the runner's (non-empty, no marker), read-only or
  on a full disk is an :class:`~newsframe.errors.OutputError` (:mod:`newsframe.folders`).
  ``corpus`` and ``output_dir`` reach the notebooks as absolute paths, so results land under
  the chosen output folder whatever the working directory.
* Each notebook executes into its own staging folder (executed copy, tables, figures); when
  all have run, :func:`newsframe.publish.publish` moves everything into place at once, pages
  and index included, and deletes only files the runner recorded as its own.  A failed
  notebook is kept as ``NN-name.failed.ipynb`` (its earlier good results stay), reported by
  notebook and cell (numbered from 1 as in the source notebook), the remaining notebooks
  still run (they do not depend on each other), and the command exits non-zero.
* An interrupt (Ctrl-C, SIGTERM) before publishing stops the run with no earlier result
  changed: the staging folders are deleted, the kernel is shut down by nbclient and, should
  that not finish (an interrupt while the kernel is still starting), killed with its process
  group.  :class:`RunInterrupted` says what did change.
* A notebook whose inputs are unchanged since its last good run, with every file it made
  intact, is not executed again (:mod:`newsframe.reuse`; status ``reused``); ``force`` runs all.
* Notebooks run ``jobs`` at a time (default :data:`DEFAULT_JOBS`: two, or one on a one-core
  machine), each in its own kernel: they only read the analysis the runner computed first
  and write files of their own, so the order of execution cannot change any result.  Each
  kernel holds the corpus tables in memory; pass ``--jobs 1`` when memory is tight.
* The reports are rendered by :func:`newsframe.reports.write_reports` into the reports
  staging folder before anything is published.
"""

from __future__ import annotations

import argparse
import ast
import json
import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsframe.errors import ParameterError
from newsframe.folders import check_folder, claim, protected_folders, read_marker, remove_staging
from newsframe.outputs import write_error
from newsframe.paths import NOTEBOOKS_DIR, OUTPUTS_DIR, PROJECT_ROOT, REPORTS_DIR, cache_location, resolve_project_path
from newsframe.publish import Stage, publish, recover, stage_reports
from newsframe.reports import READERS_DIRNAME
from newsframe.reuse import file_hashes, inputs_key, record_path, reusable, write_record

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_TIMEOUT = 1800
KERNEL_NAME = "python3"
# The kernel's own log is noise here: a warning that it talks over loopback TCP, and an
# "ERROR" when jupyter_client interrupts it as part of every normal shutdown.  Failures
# reach the run as cell errors or a dead kernel, which the runner reports.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Seconds to wait for a cell's outputs after the kernel says the cell is done.  nbclient's
# default, 4 s, which papermill turns into a cell failure, is too short when both cores are
# busy (two kernels) or a cell returns a large table: on 5,000 articles notebook 03 failed
# with "Timeout waiting for IOPub output" on a cell that had run to the end.
IOPUB_TIMEOUT = 120
PATH_PARAMETERS = ("corpus", "output_dir")
DEFAULT_JOBS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class NotebookRun:
    """What the runner did with one notebook.

    name: the notebook's stem, e.g. ``"00-corpus-overview"``.
    source: the committed notebook under ``notebooks/``.
    executed: the executed copy (``outputs/notebooks/<name>.ipynb`` on success,
        ``<name>.failed.ipynb`` on failure), or None when it never started.
    status: ``"ok"``, ``"failed"``, ``"skipped"`` (not run because of ``--only``), ``"reused"``
    (not executed again: its inputs are unchanged and its earlier results intact, :mod:`newsframe.reuse`) or
    ``"interrupted"`` (stopped by an interrupt; never reaches a report, the run is abandoned).
    seconds: wall-clock execution time.
    error: empty on success; otherwise ``"cell N: ErrorType: message"``.
    """

    name: str
    source: Path
    executed: Path | None
    status: str
    seconds: float
    error: str = ""


@dataclass(frozen=True)
class RunPlan:
    """What a run will do: the notebooks, the parameters each receives, where results go."""

    notebooks: list[Path]
    parameters: dict[str, dict[str, object]]
    output_dir: Path
    reports_dir: Path
    corpus: Path
    timeout: int = DEFAULT_TIMEOUT
    skipped: list[Path] = field(default_factory=list)
    jobs: int = 1
    encoding: str = "utf-8"
    date_order: str | None = None
    force: bool = False
    workers: int | None = None


def discover_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks ``NN-name.ipynb`` of ``folder``, in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if not p.name.endswith(".failed.ipynb"))


def declared_parameters(notebook: Path) -> dict[str, object]:
    """The parameters a notebook declares in its ``parameters`` cell, with their defaults.

    The cell is read as JSON and parsed with :mod:`ast` (the style guide allows only plain
    literals there), not with ``papermill.inspect_notebook``: importing papermill takes about a
    second, which a run that reuses every notebook (:mod:`newsframe.reuse`) need not pay.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as error:
        raise ParameterError(f"{notebook}: cannot be read as a notebook ({error})") from None
    tagged = [cell for cell in cells if "parameters" in cell.get("metadata", {}).get("tags", [])]
    if not tagged:
        return {}
    source = tagged[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    try:
        statements = ast.parse(source).body
    except SyntaxError as error:
        raise ParameterError(
            f"{notebook.name}: the parameters cell is not valid Python ({error.msg}, line {error.lineno})"
        ) from None
    parameters = {}
    for statement in statements:
        target = (
            statement.targets[0]
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1
            else (statement.target if isinstance(statement, ast.AnnAssign) and statement.value is not None else None)
        )
        if not isinstance(target, ast.Name):
            continue
        try:
            parameters[target.id] = ast.literal_eval(statement.value)
        except ValueError:
            raise ParameterError(
                f"{notebook.name}: parameter {target.id!r} has the default {ast.get_source_segment(source, statement.value)!r}, "
                f"which is not a plain literal; "
                f"the parameters cell may only hold strings, numbers, booleans and lists (derive other values in the next cell)"
            ) from None
    return parameters


def coerce(name: str, value: str, default: object) -> object:
    """Convert a command-line string to the type of the parameter's default value."""
    try:
        if isinstance(default, bool):
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(value)
            return value.lower() in ("true", "1", "yes")
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, list):
            parsed = (
                json.loads(value)
                if value.strip().startswith("[")
                else [v.strip() for v in value.split(",") if v.strip()]
            )
            if not isinstance(parsed, list):
                raise ValueError(value)  # noqa: TRY004 - reported as the ParameterError below
            return parsed
    except (ValueError, json.JSONDecodeError):
        kind = type(default).__name__
        raise ParameterError(f"parameter {name!r} expects a {kind} (default {default!r}); got {value!r}") from None
    return value


def split_path_parameters(
    options: dict[str, str | None], overrides: Sequence[tuple[str, str]]
) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """Let ``-p corpus PATH`` and ``-p output_dir DIR`` stand for ``--corpus`` and ``--output-dir``.

    Returns the path options (None where neither form gave one) and the remaining
    overrides.  The two forms naming different paths is a :class:`ParameterError`.
    """
    paths = dict(options)
    rest = []
    for name, value in overrides:
        if name not in PATH_PARAMETERS:
            rest.append((name, value))
        elif paths.get(name) not in (None, value):
            option = f"--{name.replace('_', '-')}"
            raise ParameterError(
                f"{name} is given twice, as {option} {paths[name]!r} and as -p {name} {value!r}; give it once"
            )
        else:
            paths[name] = value
    return paths, rest


def plan_run(
    *,
    corpus: str | Path = "seeds",
    output_dir: str | Path = OUTPUTS_DIR,
    reports_dir: str | Path = REPORTS_DIR,
    only: Sequence[str] = (),
    overrides: Sequence[tuple[str, str]] = (),
    timeout: int = DEFAULT_TIMEOUT,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    jobs: int = DEFAULT_JOBS,
    encoding: str = "utf-8",
    date_order: str | None = None,
    force: bool = False,
    workers: int | None = None,
) -> RunPlan:
    """Check everything that can be checked before a kernel starts, and say what will run.

    ``encoding`` and ``date_order`` say how to read the corpus (:func:`newsframe.corpus.iter_corpus`);
    they reach every notebook that declares parameters of those names.  ``force`` executes
    every chosen notebook, even one whose earlier results could be reused (:mod:`newsframe.reuse`).
    """
    if jobs < 1:
        raise ParameterError(f"--jobs must be at least 1 (notebooks executed at the same time); got {jobs}")
    if workers is not None and workers < 1:
        raise ParameterError(f"--workers must be at least 1 (processes analysing the corpus); got {workers}")
    notebooks = discover_notebooks(notebooks_dir)
    if not notebooks:
        raise ParameterError(f"no numbered notebooks (NN-name.ipynb) in {notebooks_dir}")
    chosen = [nb for nb in notebooks if not only or any(nb.name.startswith(prefix) for prefix in only)]
    unknown_only = [prefix for prefix in only if not any(nb.name.startswith(prefix) for nb in notebooks)]
    if unknown_only:
        names = ", ".join(nb.stem for nb in notebooks)
        raise ParameterError(f"--only {', '.join(unknown_only)} matches no notebook; choose from {names}")
    corpus_path = resolve_project_path(corpus)
    if not corpus_path.exists():
        raise ParameterError(f"corpus {corpus_path} does not exist; pass --corpus with a folder, CSV or JSONL export")
    output_path = resolve_project_path(output_dir)
    reports_path = resolve_project_path(reports_dir)
    if output_path == reports_path:
        raise ParameterError(f"--output-dir and --reports-dir are both {output_path}; give each a folder of its own")
    protected = protected_folders(notebooks_dir, corpus_path)
    for option, path, kind in (("--output-dir", output_path, "outputs"), ("--reports-dir", reports_path, "reports")):
        check_folder(option, path, kind, protected)
    declared = {nb: declared_parameters(nb) for nb in chosen}
    valid = sorted({name for params in declared.values() for name in params})
    given: dict[str, str] = {}
    for name, value in overrides:
        if name in PATH_PARAMETERS:
            raise ParameterError(f"pass {name!r} as plan_run's {name}= argument, not as an override")
        if name not in valid:
            raise ParameterError(f"unknown parameter {name!r}; the notebooks accept: {', '.join(valid)}")
        given[name] = value
    parameters = {}
    for nb, params in declared.items():
        missing = [name for name in PATH_PARAMETERS if name not in params]
        if missing:
            raise ParameterError(
                f"{nb.name} declares no {', '.join(missing)} parameter; every notebook needs corpus and output_dir"
            )
        injected: dict[str, object] = {"corpus": str(corpus_path), "output_dir": str(output_path)}
        injected.update(
            {
                name: value
                for name, value in (("encoding", encoding), ("date_order", date_order or ""))
                if name in params
            }
        )
        for name, value in given.items():
            if name in params:
                injected[name] = coerce(name, value, params[name])
        parameters[nb.stem] = injected
    return RunPlan(
        notebooks=chosen,
        parameters=parameters,
        output_dir=output_path,
        reports_dir=reports_path,
        corpus=corpus_path,
        timeout=timeout,
        skipped=[nb for nb in notebooks if nb not in chosen],
        jobs=jobs,
        workers=workers,
        encoding=encoding,
        date_order=date_order,
        force=force,
    )


def _describe_failure(error: BaseException, notebook: Path, output_dir: Path) -> str:
    """``"cell N: ErrorType: message"``, N counting the source notebook's cells from 1; a full disk
    met while saving the executed copy is named as such."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        return f"cell {_source_cell_number(notebook, error.source, error.cell_index)}: {error.ename}: {error.evalue}"
    if isinstance(error, OSError):
        error = write_error(error, output_dir)
    return f"{type(error).__name__}: {error}"


def _source_cell_number(notebook: Path, source: str, executed_index: int) -> int:
    """Where the failing cell sits in the source notebook (papermill counts its injected cell too)."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    matches = [number for number, cell in enumerate(cells, start=1) if cell.source == source]
    return min(matches, key=lambda number: abs(number - executed_index)) if matches else executed_index + 1


def _kernel_processes() -> set[int]:
    """PIDs of the Jupyter kernels that are children of this process."""
    import psutil

    kernels = set()
    for child in psutil.Process().children():
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                kernels.add(child.pid)
        except psutil.Error:
            continue
    return kernels


def _kill_kernels(pids: set[int]) -> None:
    """Kill kernels (and their own subprocesses) that outlived an interrupted execution."""
    import psutil

    for pid in sorted(pids):
        try:
            kernel = psutil.Process(pid)
            connection = next((part for part in kernel.cmdline() if part.endswith(".json")), None)
            if os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
            else:
                kernel.kill()
            kernel.wait(timeout=5)
        except (psutil.Error, ProcessLookupError):
            continue
        if connection:
            Path(connection).unlink(missing_ok=True)


def _kernel_manager(environment: dict[str, str]) -> type:
    """A kernel manager class whose kernels start with ``environment`` added to this process's."""
    from jupyter_client import AsyncKernelManager

    class StagingKernelManager(AsyncKernelManager):
        async def start_kernel(self, **options: object) -> None:
            options["env"] = {**os.environ, **(options.get("env") or {}), **environment}
            await super().start_kernel(**options)

    return StagingKernelManager


def execute_notebook(
    notebook: Path,
    parameters: dict[str, object],
    stage: Stage,
    timeout: int,
    *,
    stopping: threading.Event | None = None,
) -> NotebookRun:
    """Execute one notebook into its staging folder (see :mod:`newsframe.publish`), tables and figures included.

    The result's ``executed`` is the staged copy; :func:`~newsframe.publish.publish` moves it
    into place (as ``NN-name.ipynb``, or ``NN-name.failed.ipynb`` for a failed notebook).
    ``stopping`` is set by :func:`run_notebooks` when the run is interrupted while this
    notebook executes in a worker thread: its kernel is then killed from outside, and the
    error that follows is an interruption, not a failure of the notebook.
    """
    import papermill

    staged = stage.executed(notebook.stem)
    shutil.rmtree(stage.folder(notebook.stem), ignore_errors=True)
    staged.parent.mkdir(parents=True)
    started = time.perf_counter()
    kernels_before = _kernel_processes()
    try:
        papermill.execute_notebook(
            str(notebook),
            str(staged),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(PROJECT_ROOT),
            execution_timeout=timeout,
            iopub_timeout=IOPUB_TIMEOUT,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            extra_arguments=list(KERNEL_ARGUMENTS),
            kernel_manager_class=_kernel_manager(stage.environment(notebook.stem)),
        )
    except Exception as error:  # noqa: BLE001 - every failure is reported, none is fatal to the run
        seconds = time.perf_counter() - started
        if stopping is not None and stopping.is_set():
            return NotebookRun(notebook.stem, notebook, None, "interrupted", seconds)
        return NotebookRun(
            notebook.stem,
            notebook,
            staged if staged.exists() else None,
            "failed",
            seconds,
            _describe_failure(error, notebook, stage.output_dir),
        )
    except BaseException:
        _kill_kernels(_kernel_processes() - kernels_before)
        raise
    return NotebookRun(notebook.stem, notebook, staged, "ok", time.perf_counter() - started)


def run_notebooks(
    plan: RunPlan,
    stage: Stage,
    *,
    report: Callable[[str], None] = print,
    on_finished: Callable[[NotebookRun], None] | None = None,
) -> list[NotebookRun]:
    """Execute the planned notebooks into ``stage``, ``plan.jobs`` at a time; return one :class:`NotebookRun` per notebook.

    With one job the notebooks run in order in this thread.  With more, worker threads each
    drive one kernel; an interrupt (KeyboardInterrupt in this thread) stops the queue, kills
    the running kernels and is raised again; nothing outside the staging folders has changed.
    ``on_finished`` is called with each notebook's result as soon as it is known (from the
    thread that ran it), e.g. to start rendering its report.
    """
    total = len(plan.notebooks)
    stopping = threading.Event()

    def execute(index: int, notebook: Path) -> NotebookRun:
        report(f"[{index}/{total}] {notebook.stem} …")
        result = execute_notebook(notebook, plan.parameters[notebook.stem], stage, plan.timeout, stopping=stopping)
        status = "ok" if result.status == "ok" else f"FAILED at {result.error}"
        if result.status != "interrupted":
            report(f"[{index}/{total}] {notebook.stem}: {status} ({result.seconds:.1f} s)")
            if on_finished is not None:
                on_finished(result)
        return result

    numbered = list(enumerate(plan.notebooks, start=1))
    if plan.jobs == 1 or total <= 1:
        runs = [execute(index, notebook) for index, notebook in numbered]
    else:
        kernels_before = _kernel_processes()
        pool = ThreadPoolExecutor(max_workers=min(plan.jobs, total), thread_name_prefix="notebook")
        futures = [pool.submit(execute, index, notebook) for index, notebook in numbered]
        try:
            runs = [future.result() for future in futures]
        except BaseException:
            stopping.set()
            pool.shutdown(wait=False, cancel_futures=True)
            _kill_kernels(_kernel_processes() - kernels_before)
            pool.shutdown(wait=True)
            raise
        pool.shutdown(wait=True)
    runs.extend(NotebookRun(nb.stem, nb, _previous_output(plan.output_dir, nb), "skipped", 0.0) for nb in plan.skipped)
    return sorted(runs, key=lambda run: run.name)


def _previous_output(output_dir: Path, notebook: Path) -> Path | None:
    earlier = output_dir / "notebooks" / notebook.name
    return earlier if earlier.exists() else None


def _drop_staging(plan: RunPlan) -> None:
    """Delete the staging folders of an unpublished run (in owned folders only)."""
    for folder, kind in ((plan.output_dir, "outputs"), (plan.reports_dir, "reports")):
        if folder.is_dir() and read_marker(folder, kind) is not None:
            remove_staging(folder)


class RunInterrupted(KeyboardInterrupt):
    """An interrupt (Ctrl-C, SIGTERM) stopped a run; ``changes`` says, in words, what the run had changed.

    ``published`` is True when the run's outputs and reports were all in place already.
    """

    def __init__(self, changes: Sequence[str], published: bool) -> None:
        super().__init__("interrupted")
        self.changes = list(changes)
        self.published = published

    def summary(self) -> str:
        """One line for the user: what is the same as before, and what is not."""
        if self.published:
            head = "the run had finished: its outputs and reports are all in place"
        else:
            head = "earlier outputs and reports are unchanged (nothing of this run was published)"
        return "; ".join([head, *self.changes])


def run(plan: RunPlan, *, report: Callable[[str], None] = print) -> list[NotebookRun]:
    """Analyse the corpus once, execute the notebooks of ``plan``, render and publish their results; return the runs.

    The output folder is claimed first (:func:`newsframe.folders.claim`), and a run that was
    killed while publishing is finished (:func:`newsframe.publish.recover`).  The analysis is
    computed here, in this process, into the cache the notebooks read
    (:func:`newsframe.paths.cache_location`), so no notebook pays for it; the runner itself
    reads only its completion record (article count, corpus hash) and its errors, never the
    corpus, so its memory does not grow with the corpus and a corpus that cannot be read stops the run with one
    :class:`~newsframe.errors.CorpusError` before any kernel starts.  The notebooks then run
    into staging folders and each one's pages are rendered (on one background thread) as soon
    as it has run; when all are done, everything is published in one short step
    (:func:`newsframe.publish.publish`).  An interrupt before that step changes no earlier
    result; it is raised as :class:`RunInterrupted`, which says what did change.
    """
    from newsframe.pipeline import analyze
    from newsframe.reports import format_run_date, render_pages, write_reports

    changes: list[str] = []
    stage = Stage(plan.output_dir, plan.reports_dir)
    publishing = False
    try:
        outputs_recorded, claimed = claim(plan.output_dir, "outputs")
        if claimed:
            report(claimed)
            changes.append(claimed)
        if recover(plan.output_dir):
            note = "finished publishing an earlier run that had been stopped while publishing"
            report(note)
            changes.append(note)
            outputs_recorded = read_marker(plan.output_dir, "outputs") or {}
        _drop_staging(plan)
        run_date = datetime.now()
        report(f"analysing {plan.corpus} …")
        try:
            analysis = analyze(
                plan.corpus,
                output_dir=plan.output_dir,
                encoding=plan.encoding,
                date_order=plan.date_order,
                workers=plan.workers,
            )
        except OSError as error:  # Parquet and pickle writers name no file when the disk is full
            clear = write_error(error, cache_location(plan.output_dir))
            if clear is error:
                raise
            raise clear from error
        if not analysis.from_cache:
            changes.append(f"the analysis of this corpus was added to the cache ({analysis.cache_dir})")
        report(
            f"{analysis.n_articles} articles, {analysis.rows('sentences')} sentences"
            + (" (cached)" if analysis.from_cache else "")
        )
        if analysis.rows("errors"):
            _report_errors(analysis.errors, report)
        keys = {
            nb.stem: inputs_key(
                nb, plan.parameters[nb.stem], analysis_key=analysis.fingerprint, corpus_hash=analysis.corpus_hash
            )
            for nb in plan.notebooks
        }
        pages_recorded = read_marker(plan.reports_dir, "reports") or {}
        reused = (
            []
            if plan.force
            else [
                nb
                for nb in plan.notebooks
                if reusable(
                    plan.output_dir,
                    plan.reports_dir,
                    nb.stem,
                    keys[nb.stem],
                    recorded=outputs_recorded,
                    recorded_pages=pages_recorded,
                )
            ]
        )
        for nb in reused:
            report(f"{nb.stem}: reused (its inputs are unchanged and its results intact; --force runs it again)")
        page_options = {"corpus_hash": analysis.corpus_hash, "run_date": format_run_date(run_date)}
        renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="render")
        pending: dict[str, Future] = {}

        def render(result: NotebookRun) -> None:
            if result.status == "ok":
                pending[result.name] = renderer.submit(render_pages, result, **page_options)

        try:
            runs = run_notebooks(
                replace(plan, notebooks=[nb for nb in plan.notebooks if nb not in reused]),
                stage,
                report=report,
                on_finished=render,
            )
        finally:
            renderer.shutdown(wait=True, cancel_futures=True)
        runs = sorted(
            [
                *runs,
                *(NotebookRun(nb.stem, nb, plan.output_dir / "notebooks" / nb.name, "reused", 0.0) for nb in reused),
            ],
            key=lambda run: run.name,
        )
        rendered = {
            name: future.result()
            for name, future in pending.items()
            if not future.cancelled() and future.exception() is None
        }
        reports_recorded, claimed = claim(plan.reports_dir, "reports")
        if claimed:
            report(claimed)
            changes.append(claimed)
        write_reports(
            runs,
            stage_reports(stage, reports_recorded),
            corpus_path=plan.corpus,
            n_articles=analysis.n_articles,
            corpus_hash=analysis.corpus_hash,
            run_date=run_date,
            rendered=rendered,
        )
        for result in runs:
            if result.status == "ok":
                _record_inputs(stage, result.name, keys[result.name])
        publishing = True  # from here an interrupt is held until all is published (see publish)
        runs = publish(runs, stage, outputs_recorded=outputs_recorded, reports_recorded=reports_recorded)
    except BaseException as error:
        if not publishing:  # a failed publication keeps its journal: the next run finishes it
            _drop_staging(plan)
        if isinstance(error, KeyboardInterrupt):
            raise RunInterrupted(changes, publishing) from None
        raise
    report(f"reports: {plan.reports_dir / 'index.html'}")
    return runs


def _report_errors(errors: pd.DataFrame, report: Callable[[str], None]) -> None:
    """Say how many articles, and which corpus-wide steps, the analysis could not do (see its errors table)."""
    failed = errors["doc_id"]
    if (failed != "").any():
        n_failed = failed[failed != ""].nunique()
        report(f"{n_failed} article{'s' if n_failed != 1 else ''} could not be analysed (see errors)")
    if (failed == "").any():
        report(
            f"{', '.join(sorted(set(errors.loc[failed == '', 'stage'])))} failed on the corpus as a whole (see errors)"
        )


def _record_inputs(stage: Stage, name: str, key: str) -> None:
    """Write notebook ``name``'s reuse record into its staging folder: its inputs key and the hashes of what it made.

    Written after its pages are staged and before publishing, so it is published with them, at once.
    """
    folder = stage.folder(name)
    outputs = [
        f"notebooks/{name}.ipynb",
        *(path.relative_to(folder).as_posix() for path in (folder / "tables" / name).glob("*")),
        *(f"figures/{path.name}" for path in (folder / "figures").glob("*.png")),
    ]
    pages = [f"{name}.html", f"{READERS_DIRNAME}/{name}.html"]
    write_record(folder / record_path(name), key, file_hashes(folder, outputs), file_hashes(stage.reports, pages))


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _raise_interrupt(signum: int, frame: object) -> None:
    """Turn the first SIGINT/SIGTERM into KeyboardInterrupt; ignore repeats so clean-up can finish.

    The interrupt abandons the running cell's asyncio task in nbclient; when the kernel is then
    shut down, that task ends in ``DeadKernelError``, which asyncio logs with a traceback as
    "Task exception was never retrieved" whenever the task is collected.  After a deliberate
    interrupt that is noise, so this process stops asyncio's log for the rest of its life.
    """
    for stop in _STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    raise KeyboardInterrupt(f"signal {signum}")


def command(args: argparse.Namespace, *, report: Callable[[str], None] = print) -> int:
    """``python -m newsframe run``: plan, check, run and publish; return the exit status (0 all ran, 1 some failed).

    ``args`` are the parsed options of the ``run`` command (``newsframe.__main__``).  Everything
    that can be checked is checked before a kernel starts; SIGINT and SIGTERM become
    :class:`RunInterrupted` while the run lasts.  Errors are raised for the caller to turn
    into exit statuses: :class:`~newsframe.errors.NewsframeError` (bad parameters, corpus or
    folders), ``OSError`` (a full disk), :class:`RunInterrupted`.
    """
    paths, overrides = split_path_parameters(
        {"corpus": args.corpus, "output_dir": args.output_dir}, [tuple(pair) for pair in args.parameter]
    )
    plan = plan_run(
        **{name: path for name, path in paths.items() if path is not None},
        reports_dir=args.reports_dir,
        only=args.only,
        overrides=overrides,
        timeout=args.timeout,
        notebooks_dir=resolve_project_path(args.notebooks_dir),
        jobs=DEFAULT_JOBS if args.jobs is None else args.jobs,
        encoding=args.encoding,
        date_order=args.date_order,
        force=args.force,
        workers=args.workers,
    )
    check_kernel()
    previous = {stop: signal.signal(stop, _raise_interrupt) for stop in _STOP_SIGNALS}
    try:
        runs = run(plan, report=report)
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
    failed = [r for r in runs if r.status == "failed"]
    for r in failed:
        report(f"FAILED {r.name}: {r.error} (partial notebook: {r.executed})")
    return 1 if failed else 0


def which_kernel_python() -> str | None:
    """The interpreter the ``python3`` kernelspec starts, for error messages."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        return KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    except NoSuchKernel:
        return None


def check_kernel() -> None:
    """Fail early, with the fix, when no ``python3`` kernel is registered."""
    if which_kernel_python() is None:
        raise ParameterError(
            f"no Jupyter kernel named {KERNEL_NAME!r}; run `make setup` "
            f"(or `{shutil.which('python') or 'python'} -m ipykernel install --sys-prefix --name python3`)"
        )
