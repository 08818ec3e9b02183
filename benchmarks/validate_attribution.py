"""Score newsframe's attribution on a PolNeAR split with the shared scorer.

    python benchmarks/validate_attribution.py ../shared/eval/quotes/polnear/dev [--method textacy]

Runs ``predict_attribution.py SPLIT_DIR`` into a temporary PRED.json, then the split's scorer
(``score_attribution.py`` two folders up from a PolNeAR split, i.e. ``../shared/eval/quotes/``)
on it, and prints the scorer's figures.  A held-out split is scored the same way.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scorer_for(split: Path) -> Path:
    """``score_attribution.py`` beside the corpus folder that holds ``split``."""
    for folder in (split.resolve().parent, *split.resolve().parents):
        candidate = folder / "score_attribution.py"
        if candidate.is_file():
            return candidate
    raise SystemExit(f"error: no score_attribution.py found above {split}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--method", choices=("newsframe", "textacy"), default="newsframe")
    parser.add_argument("--json-out", type=Path, help="also write the scorer's figures here")
    args = parser.parse_args(argv)
    if not (args.split / "text").is_dir():
        print(
            f"error: {args.split} has no text/ folder; give a PolNeAR split such as ../shared/eval/quotes/polnear/dev",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.json"
        predict = [
            sys.executable,
            str(HERE / "predict_attribution.py"),
            str(args.split),
            str(pred),
            "--method",
            args.method,
        ]
        if subprocess.run(predict, check=False).returncode:
            return 1
        score = [sys.executable, str(scorer_for(args.split)), str(args.split), str(pred)]
        if args.json_out:
            score += ["--json-out", str(args.json_out)]
        return subprocess.run(score, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
