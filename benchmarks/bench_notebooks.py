"""The headless run at scale: ``python -m newsframe run`` on N mutated synthetic articles against its own analysis.

    python benchmarks/bench_notebooks.py [--articles 5000] [--append benchmarks/RESULTS.md] [--keep DIR]

For each N, ``make_corpus.py``'s generator writes N articles whose sentences do not repeat (one
JSONL export), and ``python -m newsframe run --corpus … --force`` runs on it into an empty
output folder and an empty cache, in a subprocess, exactly as ``make run`` would on that
corpus.  The runner analyses the corpus first (``analyze``, every CPU) and then executes the
notebooks; the time from its "analysing" line to its article count is the analysis, the rest
is the notebooks and their pages.  The goal of issue 20 is a whole run within 1.5× of its
analysis, with every kernel's memory bounded and no figure growing with the corpus.

Measured per N: seconds of the whole run and of the analysis, each notebook's seconds (as the
runner reports them), the peak resident memory of the runner and of each notebook's kernel
(sampled every 0.2 s with psutil, children included), the size of the reports folder and of its
largest page, and the largest figure (pixels) among the PNGs the notebooks wrote.  With ``--keep DIR`` the corpus, the
cache and the executed notebooks stay in DIR: each cell's seconds are in the notebooks'
``metadata.papermill.duration``, which is how the notebooks are profiled cell by cell.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

from bench_headless import run_command  # this folder is on sys.path: the benchmarks run as scripts
from bench_sentiment import load_average

HERE = Path(__file__).resolve().parent
NOTEBOOK_LINE = re.compile(r"^\[\d+/\d+\] (?P<name>\S+): ok \((?P<seconds>[\d.]+) s\)")


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class MemoryWatch:
    """Peak RSS of a process and of each of its descendant kernels, sampled on a thread every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.runner_peak = 0
        self.kernel_peaks: dict[int, tuple[float, int]] = {}  # pid -> (first seen, peak bytes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        import psutil

        root = psutil.Process(self.pid)
        while not self._stop.is_set():
            try:
                self.runner_peak = max(self.runner_peak, root.memory_info().rss)
                children = root.children(recursive=True)
            except psutil.Error:
                return
            for child in children:
                try:
                    if "ipykernel_launcher" not in " ".join(child.cmdline()):
                        continue
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                seen, peak = self.kernel_peaks.get(child.pid, (time.perf_counter(), 0))
                self.kernel_peaks[child.pid] = (seen, max(peak, rss))
            self._stop.wait(self.interval)


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR chunk."""
    with path.open("rb") as handle:
        header = handle.read(24)
    return struct.unpack(">II", header[16:24])


def measure(n: int, work: Path) -> dict:
    """One cold ``newsframe run`` on ``n`` synthetic articles; see the module docstring."""
    corpus_dir = work / f"corpus-{n}"
    _make_corpus().write_corpus(n, corpus_dir, seed=0, formats=("jsonl",))
    command = run_command(corpus_dir / "corpus.jsonl", work / f"run-{n}", "--force")
    output, reports = work / f"run-{n}" / "outputs", work / f"run-{n}" / "reports"
    load_before = load_average()
    started = time.perf_counter()
    marks: dict[str, float] = {}
    notebooks: dict[str, float] = {}
    lines = []
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    with MemoryWatch(process.pid) as watch:
        for line in process.stdout:
            now = time.perf_counter() - started
            lines.append(line.rstrip())
            if line.startswith("analysing ") and "analysing" not in marks:
                marks["analysing"] = now
            elif re.match(r"^\d+ articles, \d+ sentences", line) and "analysed" not in marks:
                marks["analysed"] = now
            elif match := NOTEBOOK_LINE.match(line):
                notebooks[match["name"]] = float(match["seconds"])
        status = process.wait()
    seconds = time.perf_counter() - started
    if status != 0 or "analysed" not in marks:
        tail = "\n".join(lines[-20:])
        raise SystemExit(f"newsframe run failed on {n} articles (exit {status}):\n{tail}")
    pages = [page for page in reports.rglob("*.html")]
    figures = [png_size(path) for path in output.rglob("*.png")]
    kernels = [peak for _, peak in sorted(watch.kernel_peaks.values())]
    return {
        "articles": n,
        "seconds": seconds,
        "analysis": marks["analysed"] - marks.get("analysing", 0.0),
        "notebooks": notebooks,
        "runner_peak_mb": watch.runner_peak / 2**20,
        "kernel_peaks_mb": [peak / 2**20 for peak in kernels],
        "reports_mb": sum(path.stat().st_size for path in reports.rglob("*") if path.is_file()) / 2**20,
        "largest_page_mb": max((page.stat().st_size for page in pages), default=0) / 2**20,
        "largest_figure": max(figures, key=lambda size: size[0] * size[1], default=(0, 0)),
        "load": f"{load_before} → {load_average()}",
    }


def markdown(results: list[dict]) -> str:
    """The RESULTS.md section for ``results``."""
    lines = [
        "## Notebooks at scale: `newsframe run` against its own analysis (`benchmarks/bench_notebooks.py`)",
        "",
        "A cold `python -m newsframe run --force` on mutated synthetic articles (one JSONL export), empty cache; "
        "the analysis is the runner's own `analyze` call (every CPU), the rest is the four notebooks (two kernels "
        "at a time) and their pages. Goal: the whole run ≤ 1.5× its analysis, kernel memory bounded, figure sizes "
        "independent of the corpus.",
        "",
        "| articles | whole run (s) | analysis (s) | ratio | notebooks (s each) | runner peak (MB) | kernel peaks (MB) "
        "| reports (MB) | largest page (MB) | largest figure (px) | load |",
        "|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---|",
    ]
    for result in results:
        each = ", ".join(f"{name[:2]} {seconds:.0f}" for name, seconds in sorted(result["notebooks"].items()))
        kernels = ", ".join(f"{peak:,.0f}" for peak in result["kernel_peaks_mb"])
        width, height = result["largest_figure"]
        lines.append(
            f"| {result['articles']:,} | {result['seconds']:.0f} | {result['analysis']:.0f} "
            f"| {result['seconds'] / result['analysis']:.2f}× | {each} | {result['runner_peak_mb']:,.0f} | {kernels} "
            f"| {result['reports_mb']:.1f} | {result['largest_page_mb']:.1f} | {width}×{height} | {result['load']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[5000], help="corpus sizes (default: 5000)")
    parser.add_argument("--append", type=Path, help="append the section to this RESULTS.md")
    parser.add_argument("--keep", type=Path, help="work in this (new or empty) folder and keep it, for profiling")
    args = parser.parse_args()
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        raise SystemExit(f"--keep {args.keep}: the folder is not empty; give a new or empty one")
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as scratch:
        work = args.keep if args.keep is not None else Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for n in args.articles:
            results.append(measure(n, work))
            print(markdown(results[-1:]), flush=True)
    section = markdown(results)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + section)


if __name__ == "__main__":
    main()
