"""Making a run's results visible together: staging folders, then one short publishing step.

While the notebooks run, nothing in the output or reports folder changes.  Each notebook
writes into its own staging folder, ``<output_dir>/.newsframe-staging/NN-name/`` (its
executed copy, and its tables and figures through
:func:`newsframe.outputs.staged_folder`), and the pages are rendered into
``<reports_dir>/.newsframe-staging/``, which starts as hard links to the runner's own
pages.  When every notebook has finished, :func:`publish` moves it all into place:

* a notebook that ran ``ok``: its executed copy, its whole table folder
  (``tables/NN-name/`` is replaced as a whole, so a table it no longer writes disappears)
  and its figures; files the runner recorded for it last time and did not write now (an
  old ``.failed.ipynb``, a figure it no longer draws) are deleted;
* a notebook that ``failed``: only its partial copy, as ``notebooks/NN-name.failed.ipynb``;
  its earlier executed copy, tables and figures stay (the run reports it as failed);
* then the pages, the index last, and the reports the new index no longer lists are deleted.

Only files recorded in a folder's marker (:mod:`newsframe.folders`) are replaced or deleted.
The steps are written to a journal (:data:`JOURNAL`) before the first one is taken, Ctrl-C
and SIGTERM are held until the last, and a run killed outright while publishing is finished
by the next run (:func:`recover`): the folders never keep a mix of two runs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsframe.folders import STAGING, group_by_notebook, remove_staging, write_marker
from newsframe.outputs import STAGING_ENV, write_atomic, write_error
from newsframe.reuse import record_path

if TYPE_CHECKING:  # run imports this module
    from newsframe.run import NotebookRun

JOURNAL = "publish.json"
_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Stage:
    """The staging folders of one run: per notebook under ``output_dir``, the pages under ``reports_dir``."""

    output_dir: Path
    reports_dir: Path

    @property
    def root(self) -> Path:
        return self.output_dir / STAGING

    @property
    def reports(self) -> Path:
        return self.reports_dir / STAGING

    def folder(self, name: str) -> Path:
        """Where notebook ``name`` writes while it runs (the layout of ``output_dir``)."""
        return self.root / name

    def executed(self, name: str) -> Path:
        return self.folder(name) / "notebooks" / f"{name}.ipynb"

    def environment(self, name: str) -> dict[str, str]:
        """The variable that sends notebook ``name``'s tables and figures to its staging folder."""
        return {STAGING_ENV: json.dumps({"output_dir": str(self.output_dir), "stage": str(self.folder(name))})}


def stage_reports(stage: Stage, recorded: Mapping[str, list[str]]) -> Path:
    """A fresh reports staging folder holding hard links to the runner's own pages (copies where
    links are impossible), ready for :func:`newsframe.reports.write_reports`."""
    shutil.rmtree(stage.reports, ignore_errors=True)
    try:
        stage.reports.mkdir(parents=True)
        for relative in sorted({path for paths in recorded.values() for path in paths}):
            source = stage.reports_dir / relative
            if source.is_file() and not source.is_symlink():
                target = stage.reports / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
    except OSError as error:
        raise write_error(error, stage.reports_dir) from error
    return stage.reports


def publish(
    runs: Sequence[NotebookRun],
    stage: Stage,
    *,
    outputs_recorded: Mapping[str, list[str]],
    reports_recorded: Mapping[str, list[str]],
) -> list[NotebookRun]:
    """Move the staged results of ``runs`` and the staged reports into place; return the runs with
    their executed copies at their final paths.

    Ctrl-C and SIGTERM are held from the first step to the last; one that came is raised as
    KeyboardInterrupt once all is published (so a KeyboardInterrupt from here means: done).
    """
    with _signals_held():
        steps = [*_output_steps(runs, stage, outputs_recorded), *_report_steps(stage, reports_recorded)]
        write_atomic(stage.root / JOURNAL, json.dumps(steps, indent=1).encode("utf-8"))
        _apply(steps)
        remove_staging(stage.reports_dir)
        remove_staging(stage.output_dir)
    return [_published(run, stage) for run in runs]


def recover(output_dir: Path) -> bool:
    """Finish publishing a run that was killed while publishing, else drop an unpublished run's staging
    folders; True when a publication was finished."""
    journal = output_dir / STAGING / JOURNAL
    finished = False
    if journal.is_file():
        try:
            steps = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:  # killed while writing the journal: nothing was published yet
            steps = []
        _apply(steps)
        finished = bool(steps)
        for folder in {Path(step["folder"]) for step in steps if step["op"] == "marker"}:
            remove_staging(folder)
    remove_staging(output_dir)
    return finished


def _output_steps(runs: Sequence[NotebookRun], stage: Stage, recorded: Mapping[str, list[str]]) -> list[dict]:
    files = {name: list(paths) for name, paths in recorded.items()}
    steps: list[dict] = []
    out = stage.output_dir
    for run in runs:
        folder = stage.folder(run.name)
        before = set(files.get(run.name, []))
        if run.status == "ok":
            tables = folder / "tables" / run.name
            tables.mkdir(parents=True, exist_ok=True)
            new = {f"notebooks/{run.name}.ipynb"}
            new |= {path.relative_to(folder).as_posix() for path in tables.iterdir() if path.is_file()}
            figures = sorted((folder / "figures").glob("*.png"))
            new |= {f"figures/{path.name}" for path in figures}
            steps.append(_step("replace", src=stage.executed(run.name), dst=out / "notebooks" / f"{run.name}.ipynb"))
            record = record_path(run.name)  # newsframe.reuse: published with the results it describes
            if (folder / record).is_file():
                new.add(record)
                steps.append(_step("replace", src=folder / record, dst=out / record))
            final_tables = out / "tables" / run.name
            keep = (
                sorted(path.name for path in final_tables.iterdir() if f"tables/{run.name}/{path.name}" not in before)
                if final_tables.is_dir()
                else []
            )
            steps.append(_step("swap", src=tables, dst=final_tables, trash=folder / "replaced-tables", keep=keep))
            steps += [_step("replace", src=path, dst=out / "figures" / path.name) for path in figures]
            steps += [
                _step("delete", path=out / relative)
                for relative in sorted(before - new)
                if not relative.startswith(f"tables/{run.name}/")
            ]
            files[run.name] = sorted(new)
        elif run.status == "failed" and stage.executed(run.name).is_file():
            failed = f"notebooks/{run.name}.failed.ipynb"
            steps.append(_step("replace", src=stage.executed(run.name), dst=out / failed))
            files[run.name] = sorted(before | {failed})
    steps.append({"op": "marker", "folder": str(out), "kind": "outputs", "files": files})
    return steps


def _report_steps(stage: Stage, recorded: Mapping[str, list[str]]) -> list[dict]:
    if not stage.reports.is_dir():
        return []
    produced = sorted(path.relative_to(stage.reports).as_posix() for path in stage.reports.rglob("*") if path.is_file())
    before = {path for paths in recorded.values() for path in paths}
    ordered = [path for path in produced if path != "index.html"] + [path for path in produced if path == "index.html"]
    steps = [_step("replace", src=stage.reports / path, dst=stage.reports_dir / path) for path in ordered]
    steps += [_step("delete", path=stage.reports_dir / path) for path in sorted(before - set(produced))]
    steps.append(
        {"op": "marker", "folder": str(stage.reports_dir), "kind": "reports", "files": group_by_notebook(produced)}
    )
    return steps


def _step(op: str, **paths: object) -> dict:
    return {"op": op, **{key: str(value) if isinstance(value, Path) else value for key, value in paths.items()}}


def _apply(steps: Sequence[dict]) -> None:
    """Take each step; every one may be taken again after a crash with the same result."""
    for step in steps:
        try:
            _apply_one(step)
        except OSError as error:
            raise write_error(error, Path(step.get("dst") or step.get("path") or step["folder"]).parent) from error


def _apply_one(step: dict) -> None:
    op = step["op"]
    if op == "marker":
        write_marker(Path(step["folder"]), step["kind"], step["files"])
        return
    if op == "delete":
        path = Path(step["path"])
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        return
    source, target = Path(step["src"]), Path(step["dst"])
    if not source.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if op == "replace":
        if not (target.exists() and os.path.samefile(source, target)):
            os.replace(source, target)
        return
    trash = Path(step["trash"])
    if target.exists():
        shutil.rmtree(trash, ignore_errors=True)
        os.replace(target, trash)
    os.replace(source, target)
    for name in step["keep"]:
        if (trash / name).exists() and not (target / name).exists():
            os.replace(trash / name, target / name)


def _published(run: NotebookRun, stage: Stage) -> NotebookRun:
    if run.status == "ok":
        return replace(run, executed=stage.output_dir / "notebooks" / f"{run.name}.ipynb")
    if run.status == "failed" and run.executed is not None and Path(run.executed).is_relative_to(stage.root):
        return replace(run, executed=stage.output_dir / "notebooks" / f"{run.name}.failed.ipynb")
    return run


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for the block (main thread only); one that came is raised after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {stop: signal.signal(stop, lambda signum, frame: received.append(signum)) for stop in _HELD_SIGNALS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
    if received:
        raise KeyboardInterrupt(f"signal {received[0]}")
