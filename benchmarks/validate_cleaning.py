"""Article-body extraction on the Scrapinghub benchmark pages, read as a user's folder would be.

    python benchmarks/validate_cleaning.py ../shared/eval/boilerplate/scrapinghub-dev [--out DIR]

The split's pages are laid out twice in a temporary folder, as a user would have them: the
whole visible text of each page as ``KEY.txt`` (from ``text/KEY.txt``), and the saved page as
``KEY.html`` (from ``html/KEY.html.gz``).  Each folder goes through the public API only,
:func:`newsframe.corpus.load_corpus` then :func:`newsframe.clean.clean_articles`, and each
page's ``clean_text`` is written to ``PRED-text.json`` / ``PRED-html.json`` (in ``--out``,
default ``benchmarks/work/validate_cleaning/``, which git ignores), then scored with the split's
``score_cleaning.py``, whose tables are printed as they come.  The predictions never go into the
runner's ``outputs/`` folder: ``make run`` refuses an outputs folder holding anything but its own
results.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsframe.clean import clean_articles
from newsframe.corpus import load_corpus
from newsframe.paths import OUTPUTS_DIR

DEFAULT_OUT = Path(__file__).resolve().parent / "work" / "validate_cleaning"


def _lay_out(split: Path, root: Path) -> dict[str, Path]:
    folders = {"text": root / "text", "html": root / "html"}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for page in sorted((split / "text").glob("*.txt")):
        shutil.copyfile(page, folders["text"] / page.name)
    for page in sorted((split / "html").glob("*.html.gz")):
        (folders["html"] / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    return folders


def prediction_folder(out: Path) -> Path:
    """``out``, created, unless it lies inside the runner's outputs folder (then a SystemExit saying so)."""
    resolved = out.resolve()
    if resolved == OUTPUTS_DIR.resolve() or OUTPUTS_DIR.resolve() in resolved.parents:
        sys.exit(
            f"error: --out {out} is inside {OUTPUTS_DIR}, which only `make run` writes; "
            f"choose another folder (default {DEFAULT_OUT})"
        )
    resolved.mkdir(parents=True, exist_ok=True)
    return resolved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path, help="the split folder (ground-truth.json, html/, text/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for PRED-text.json and PRED-html.json")
    args = parser.parse_args()
    scorer = args.split.parent / "score_cleaning.py"
    with tempfile.TemporaryDirectory() as temporary:
        out = prediction_folder(args.out)
        for kind, folder in _lay_out(args.split, Path(temporary) / "pages").items():
            started = time.perf_counter()
            cleaned, log = clean_articles(load_corpus(folder))
            seconds = time.perf_counter() - started
            prediction = dict(zip(cleaned["doc_id"], cleaned["clean_text"]))
            path = out / f"PRED-{kind}.json"
            path.write_text(json.dumps(prediction, ensure_ascii=False, indent=0), encoding="utf-8")
            print(
                f"\n== {kind}: {len(cleaned)} pages as {folder.name}/KEY.{'txt' if kind == 'text' else 'html'}, "
                f"load + clean {seconds:.1f} s; {len(log)} log rows; prediction in {path}"
            )
            sys.stdout.flush()
            subprocess.run([sys.executable, str(scorer), str(args.split), str(path)], check=True)


if __name__ == "__main__":
    main()
