"""Every benchmark ``make bench`` runs: the pipeline on real news (PolNeAR train), memory on mutated synthetic text.

    python benchmarks/run_all.py [--repeats 1] [--big 5000] [any other bench_pipeline.py option]

Runs ``bench_pipeline.py`` (per-stage figures, the bare VADER floor, end-to-end scaling with
local processes, a Dask LocalCluster and a scheduler with workers started from the shell,
on the 840 PolNeAR train articles read from ``../shared/eval``; peak memory on ``--big``
mutated synthetic articles; event merging) and writes ``benchmarks/RESULTS.md``, then appends
``bench_attribution.py`` (newsframe against textacy on PolNeAR dev, when it is beside the
project) and ``bench_headless.py`` (the headless run: cold, re-run with nothing changed, one
parameter changed, against papermill's floor), ``bench_notebooks.py`` (a cold ``newsframe run`` on
5,000 mutated articles against its own analysis) and ``bench_long_article.py`` (one article of
0.5 to 3.5 MB: time against length).  Options are passed on to
``bench_pipeline.py``; ``--repeats`` runs each end-to-end configuration that many times (the
median is reported).  With ``--repeats 3`` it took 32 minutes on the 2-core machine of RESULTS.md; the load
average is recorded beside the timings.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LONG_ARTICLE_TEXTS = HERE.parent.parent / "shared" / "eval" / "quotes" / "polnear" / "train" / "text"
LONG_ARTICLE_SIZES = ["0.5", "1", "2", "3.5"]  # MB; the PolNeAR train texts hold 3.9 MB
NOTEBOOK_ARTICLES = ["5000"]  # the headless run at scale; 50,000 takes about an hour on 2 cores


def main(argv: list[str]) -> int:
    command = [sys.executable, str(HERE / "bench_pipeline.py"), "--out", str(HERE / "RESULTS.md"), *argv]
    status = subprocess.run(command, check=False).returncode
    attribution = [sys.executable, str(HERE / "bench_attribution.py"), "--append", str(HERE / "RESULTS.md")]
    status = status or subprocess.run(attribution, check=False).returncode
    headless = [sys.executable, str(HERE / "bench_headless.py"), "--append", str(HERE / "RESULTS.md")]
    status = status or subprocess.run(headless, check=False).returncode
    notebooks = [sys.executable, str(HERE / "bench_notebooks.py"), "--articles", *NOTEBOOK_ARTICLES]
    status = status or subprocess.run([*notebooks, "--append", str(HERE / "RESULTS.md")], check=False).returncode
    if not LONG_ARTICLE_TEXTS.is_dir():
        print(f"note: {LONG_ARTICLE_TEXTS} is not there; the long-article timing is skipped", file=sys.stderr)
        return status
    long_article = [
        sys.executable,
        str(HERE / "bench_long_article.py"),
        str(LONG_ARTICLE_TEXTS),
        "--sizes",
        *LONG_ARTICLE_SIZES,
        "--append",
        str(HERE / "RESULTS.md"),
    ]
    return status or subprocess.run(long_article, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
