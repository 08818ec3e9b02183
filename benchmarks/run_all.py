"""Every benchmark ``make bench`` runs: the pipeline on 10,000 synthetic articles, memory on 100,000.

    python benchmarks/run_all.py

Runs ``bench_pipeline.py --articles 10000 --big 100000`` and writes ``benchmarks/RESULTS.md``,
then appends ``bench_attribution.py`` (newsframe against textacy on PolNeAR dev, when it is
beside the project) and ``bench_headless.py`` (re-runs that reuse unchanged notebooks)
(about 15 minutes on two cores; run it on an otherwise idle machine, the load average is
recorded in the results).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    command = [sys.executable, str(HERE / "bench_pipeline.py"), "--articles", "10000", "--big", "100000", "--out", str(HERE / "RESULTS.md")]
    status = subprocess.run(command, check=False).returncode
    attribution = [sys.executable, str(HERE / "bench_attribution.py"), "--append", str(HERE / "RESULTS.md")]
    status = status or subprocess.run(attribution, check=False).returncode
    headless = [sys.executable, str(HERE / "bench_headless.py"), "--append", str(HERE / "RESULTS.md")]
    return status or subprocess.run(headless, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
