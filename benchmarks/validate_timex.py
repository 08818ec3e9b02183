"""Score newsframe.timex against TimeML gold (TempEval-3 Task A style).

Usage:
    python benchmarks/validate_timex.py GOLD_DIR [--scorer PATH] [--out DIR] [--errors N]

GOLD_DIR holds TimeML ``.tml`` files (e.g. /work/shared/eval/timex/tbaq). The scorer
``score_timex.py`` is looked for next to GOLD_DIR (its parent folder) unless --scorer is
given. The script asks the scorer to export each document's text and creation date
(DCT) so that offsets line up, runs ``extract_timexes(text, anchor=DCT)`` on every
document, writes the predictions as JSON (``--out``, default a temporary folder), runs
the scorer on them and prints its report plus the extraction speed.

Eval data is never copied into the repository: only the predictions file is written,
and only where --out points.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsframe.timex import extract_timexes


def _find_scorer(gold_dir: Path, given: str | None) -> Path:
    candidates = [Path(given)] if given else [gold_dir.parent / "score_timex.py", gold_dir / "score_timex.py"]
    for path in candidates:
        if path.is_file():
            return path
    sys.exit(
        f"error: scorer not found (looked at {', '.join(map(str, candidates))}); pass --scorer PATH/score_timex.py"
    )


def _export_inputs(scorer: Path, gold_dir: Path, out_dir: Path) -> list[dict]:
    path = out_dir / "inputs.jsonl"
    proc = subprocess.run(
        [sys.executable, str(scorer), str(gold_dir), "--export-inputs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"error: {scorer} --export-inputs failed:\n{proc.stderr}")
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    path.unlink()
    return docs


def _anchor(dct: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(dct[:10])
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir", type=Path, help="folder of TimeML .tml gold files")
    ap.add_argument("--scorer", help="path to score_timex.py (default: next to GOLD_DIR)")
    ap.add_argument("--out", type=Path, help="folder for predictions.json (default: a temp folder)")
    ap.add_argument("--errors", type=int, default=0, help="also list N error cases")
    a = ap.parse_args(argv)
    if not a.gold_dir.is_dir():
        sys.exit(f"error: gold folder {a.gold_dir} not found; pass e.g. ../shared/eval/timex/tbaq")
    scorer = _find_scorer(a.gold_dir, a.scorer)
    with tempfile.TemporaryDirectory(prefix="validate_timex_") as tmp:
        out_dir = a.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        docs = _export_inputs(scorer, a.gold_dir, Path(tmp))
        extract_timexes("warm up the compiled grammar on 5 May 2020", dt.date(2020, 5, 6))
        t0 = time.perf_counter()
        preds = {}
        for doc in docs:
            frame = extract_timexes(doc["text"], anchor=_anchor(doc["dct"]))
            preds[doc["doc_id"]] = frame[["start", "end", "text", "type", "value"]].to_dict("records")
        elapsed = time.perf_counter() - t0
        pred_path = out_dir / "predictions.json"
        with open(pred_path, "w", encoding="utf-8") as fh:
            json.dump(preds, fh, ensure_ascii=False, indent=1, sort_keys=True, default=int)
        cmd = [sys.executable, str(scorer), str(a.gold_dir), str(pred_path)]
        if a.errors:
            cmd += ["--errors", str(a.errors)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        print(proc.stdout, end="")
        if proc.stderr:
            print(proc.stderr, end="", file=sys.stderr)
        n_chars = sum(len(d["text"]) for d in docs)
        print(
            f"speed: {len(docs)} documents ({n_chars:,} characters) in {elapsed:.2f} s = "
            f"{len(docs) / elapsed:.0f} docs/s, {1000 * elapsed / len(docs):.1f} ms per document"
        )
        if a.out:
            print(f"predictions: {pred_path}")
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
