"""Headless re-runs on the seeds: nothing changed, one notebook's parameter changed, and their floors.

    python benchmarks/bench_headless.py [--repeats 3] [--append benchmarks/RESULTS.md]

After one cold ``python -m newsframe run`` into a temporary folder, each repeat times, interleaved
so that the machine's load falls on all of them alike:

* the runner with one parameter of one notebook changed (``-p zoom_start …``, declared by
  ``03-timeline`` only, a new value each time), so that notebook alone executes; goal ≤ 1.5×
  the floor below;
* the same command again, nothing changed (every notebook reused; goal ≤ 2 s);
* the floor: papermill executing a notebook holding that notebook's parameters cell and the
  cells before its first analysis call (its imports), with the runner's kernel options;
* papermill executing that whole notebook alone with the same parameters (what executing it
  costs at least, whoever runs it).

Each runner call's messages are checked: the re-run must report every notebook reused, the
parameter run exactly one executed.  Prints a Markdown section (appended to ``--append``);
the load average is recorded beside it, because timings on a shared machine are not comparable
across runs, only within one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CHANGED = "03-timeline"
PARAMETER = "zoom_start"


def run_command(corpus: Path, work: Path, *extra: str) -> list[str]:
    """``python -m newsframe run`` on ``corpus`` with its outputs and reports under ``work``, as ``make run`` would."""
    return [
        sys.executable,
        "-m",
        "newsframe",
        "run",
        "--corpus",
        str(corpus),
        "--output-dir",
        str(work / "outputs"),
        "--reports-dir",
        str(work / "reports"),
        *extra,
    ]


def _runner(work: Path, *extra: str) -> tuple[float, str]:
    """Seconds of one ``python -m newsframe run`` on the seeds into ``work``, and what it said."""
    command = run_command(PROJECT / "seeds", work, *extra)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    return seconds, completed.stderr


def _executed(said: str) -> list[str]:
    return sorted(
        line.split(": ok")[0].split("] ")[-1] for line in said.splitlines() if line.endswith(" s)") and ": ok (" in line
    )


def _floor_notebook(work: Path) -> Path:
    """A notebook of ``CHANGED``'s parameters cell and the code cells before its first ``analyze(`` call."""
    source = json.loads((PROJECT / "notebooks" / f"{CHANGED}.ipynb").read_text(encoding="utf-8"))
    cells = []
    for cell in source["cells"]:
        if cell["cell_type"] != "code":
            continue
        if "analyze(" in "".join(cell["source"]):
            break
        cells.append(cell)
    floor = {**source, "cells": cells}
    path = work / "floor.ipynb"
    path.write_text(json.dumps(floor), encoding="utf-8")
    return path


def _papermill(notebook: Path, output: Path, parameters: dict) -> float:
    """Seconds for papermill to execute ``notebook`` in a fresh process, as the runner's kernels run."""
    script = (
        "import sys, json, papermill\n"
        "from newsframe.paths import PROJECT_ROOT\n"
        "from newsframe.run import KERNEL_ARGUMENTS, KERNEL_NAME\n"
        "papermill.execute_notebook(sys.argv[1], sys.argv[2], parameters=json.loads(sys.argv[3]), kernel_name=KERNEL_NAME,\n"
        "    cwd=str(PROJECT_ROOT), progress_bar=False, log_output=False, extra_arguments=KERNEL_ARGUMENTS)\n"
    )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", script, str(notebook), str(output), json.dumps(parameters)],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _median(values: list[float]) -> float:
    return sorted(values)[(len(values) - 1) // 2]


def measure(repeats: int) -> str:
    """Run the measurements described in the module docstring; return the Markdown section."""
    times: dict[str, list[float]] = {"reuse": [], "changed": [], "floor": [], "alone": []}
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        cold, _ = _runner(work)
        floor = _floor_notebook(work)
        (work / "alone").mkdir()
        os.symlink(work / "outputs" / "cache", work / "alone" / "cache")  # the notebook alone reads the same analysis
        base = {
            "corpus": str(PROJECT / "seeds"),
            "output_dir": str(work / "alone"),
            "encoding": "utf-8",
            "date_order": "",
        }
        for repeat in range(repeats):
            value = f"2022-01-{repeat + 2:02d}"
            seconds, said = _runner(work, "-p", PARAMETER, value)
            if _executed(said) != [CHANGED]:
                raise RuntimeError(f"changing {PARAMETER} executed {_executed(said)}, not only {CHANGED}:\n{said}")
            times["changed"].append(seconds)
            seconds, said = _runner(work, "-p", PARAMETER, value)  # the same command again: nothing changed
            if _executed(said) or said.count(": reused") != 4:
                raise RuntimeError(f"the re-run with nothing changed executed notebooks:\n{said}")
            times["reuse"].append(seconds)
            times["floor"].append(_papermill(floor, work / "floor-out.ipynb", {**base, PARAMETER: value}))
            times["alone"].append(
                _papermill(
                    PROJECT / "notebooks" / f"{CHANGED}.ipynb", work / "alone-out.ipynb", {**base, PARAMETER: value}
                )
            )
    reuse, changed, floor_s, alone = (_median(times[key]) for key in ("reuse", "changed", "floor", "alone"))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join(
        [
            "## Headless re-runs: reusing notebooks whose inputs are unchanged (`benchmarks/bench_headless.py`)",
            "",
            f"Seeds, 4 notebooks. Median of {repeats} interleaved repeats after one cold run ({cold:.1f} s); every repeat's "
            "messages checked (re-run: 4 reused; parameter changed: only that notebook executed).",
            "",
            "| what | seconds | ÷ floor | goal |",
            "|---|---:|---:|---|",
            f"| `python -m newsframe run`, nothing changed (4 notebooks reused) | {reuse:.2f} | {reuse / floor_s:.2f}× | ≤ 2 s |",
            f"| `python -m newsframe run -p {PARAMETER} …` (only `{CHANGED}` executes, 3 reused) | {changed:.2f} | "
            f"**{changed / floor_s:.2f}×** | ≤ 1.5× floor |",
            f"| floor: papermill executing `{CHANGED}`'s parameters and import cells | {floor_s:.2f} | 1.00× | |",
            f"| papermill executing `{CHANGED}` alone, same parameters | {alone:.2f} | {alone / floor_s:.2f}× | |",
            "",
            f"All runs: {json.dumps({key: [round(v, 2) for v in values] for key, values in times.items()})}.",
            f"Load average (1, 5, 15 min) when the runs ended: {load}.",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--append", type=Path, help="append the section to this Markdown file")
    args = parser.parse_args()
    section = measure(args.repeats)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
