"""How the per-article work grows with the length of one article: ``analyze_chunk`` on one long article.

    python benchmarks/bench_long_article.py [TEXT_DIR] [--sizes 0.25 0.5 1 2] [--profile]

The article is real news text that does not repeat: the ``.txt`` files of TEXT_DIR (default
``../shared/eval/quotes/polnear/train/text``, 840 PolNeAR articles, 5.5 MB) joined in name order
until the size is reached (a corpus whose text repeats would measure the memo caches, not the
code).  Each size is loaded through :func:`newsframe.corpus.load_corpus` from a one-file folder
and analysed by :func:`newsframe.pipeline.analyze_chunk` in a fresh subprocess, so no cache
of one size helps the next; a short warm-up article is analysed first, so that loading the
models (spaCy, Punkt, the lexicons) is not timed.  Printed: seconds per size, the seconds per MB, and the growth
exponent between consecutive sizes (log of the time ratio over log of the size ratio: 1 is
linear, 2 quadratic).  ``--profile`` prints the 25 most expensive functions of the largest size
(cProfile, cumulative time).  Wall-clock seconds are distorted by other load on the machine:
the exponent, a ratio within one run, is the figure to read; the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_sentiment import load_average  # this folder is on sys.path: the benchmarks run as scripts

HERE = Path(__file__).resolve().parent
DEFAULT_TEXTS = HERE.parent.parent / "shared" / "eval" / "quotes" / "polnear" / "train" / "text"
# A short article, not drawn from TEXT_DIR, analysed first so that loading the models is not timed.
WARM_UP = (
    'Leaders meet in Beijing\n\nPresident Xi Jinping said on May 16, 2024 that ties with Moscow "have never been\n'
    'stronger". Trade reached $240 billion last year, officials said, and will grow by 2030.\n'
)


def long_text(text_dir: Path, n_bytes: int) -> str:
    """Distinct news paragraphs from ``text_dir``'s files (name order) joined by blank lines, cut at a paragraph near ``n_bytes``."""
    parts, size = [], 0
    for path in sorted(text_dir.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8", errors="replace").split("\n\n"):
            paragraph = paragraph.strip()
            if paragraph:
                parts.append(paragraph)
                size += len(paragraph.encode("utf-8")) + 2
                if size >= n_bytes:
                    return "\n\n".join(parts) + "\n"
    raise SystemExit(
        f"{text_dir} holds only {size:,} bytes of text, less than the {n_bytes:,} asked for; pass a folder with more .txt files"
    )


def time_one(text_dir: Path, megabytes: float, profile: bool) -> dict:
    """Load one article of ``megabytes`` MB and time ``analyze_chunk`` on it (run in a fresh process)."""
    from newsframe.corpus import load_corpus
    from newsframe.pipeline import analyze_chunk

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "long.txt").write_text(long_text(text_dir, int(megabytes * 1_000_000)), encoding="utf-8")
        raw = load_corpus(folder, max_chars=20_000_000)
        (Path(folder) / "long.txt").write_text(WARM_UP, encoding="utf-8")
        analyze_chunk(load_corpus(folder), strict=True)  # models and word lists load here, outside the timing
    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        tables = profiler.runcall(analyze_chunk, raw, strict=True)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    else:
        tables = analyze_chunk(raw, strict=True)
    seconds = time.perf_counter() - started
    return {
        "megabytes": megabytes,
        "chars": int(raw["raw_text"].str.len().sum()),
        "seconds": seconds,
        "sentences": len(tables["sentences"]),
        "timexes": len(tables["timexes"]),
        "quotes": len(tables["quotes"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text_dir", nargs="?", type=Path, default=DEFAULT_TEXTS, help="folder of .txt news articles")
    parser.add_argument("--sizes", nargs="+", type=float, default=[0.25, 0.5, 1, 2], help="article sizes in MB")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size (to stderr)")
    parser.add_argument("--append", type=Path, help="also append the table as a Markdown section to this file")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # internal: time one size in this process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(time_one(args.text_dir, args.one, args.profile)))
        return
    if not args.text_dir.is_dir():
        raise SystemExit(
            f"{args.text_dir} is not a folder; pass a folder of .txt news articles (e.g. the PolNeAR train texts)"
        )
    before = load_average()
    print(f"load average before: {before}")
    print(
        f"{'MB':>6} {'chars':>10} {'sentences':>9} {'timexes':>8} {'quotes':>7} {'seconds':>8} {'s/MB':>6} {'exponent':>8}"
    )
    rows = []
    previous = None
    for megabytes in sorted(args.sizes):
        profile = args.profile and megabytes == max(args.sizes)
        command = [sys.executable, __file__, str(args.text_dir), "--one", str(megabytes)] + (
            ["--profile"] if profile else []
        )
        done = subprocess.run(
            command, check=True, text=True, stdout=subprocess.PIPE, stderr=None if profile else subprocess.PIPE
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        exponent = (
            ""
            if previous is None
            else f"{math.log(result['seconds'] / previous['seconds']) / math.log(result['chars'] / previous['chars']):.2f}"
        )
        print(
            f"{megabytes:6.2f} {result['chars']:10,} {result['sentences']:9,} {result['timexes']:8,} {result['quotes']:7,} "
            f"{result['seconds']:8.1f} {result['seconds'] / megabytes:6.1f} {exponent:>8}",
            flush=True,
        )
        rows.append(
            f"| {megabytes:g} | {result['chars']:,} | {result['sentences']:,} | {result['quotes']:,} | "
            f"{result['seconds']:.1f} | {result['seconds'] / megabytes:.1f} | {exponent} |"
        )
        previous = result
    after = load_average()
    print(f"load average after: {after}")
    if args.append:
        section = [
            "## One long article: time against its length",
            "",
            f"`bench_long_article.py`: one article of real news that does not repeat (the .txt files of `{'/'.join(args.text_dir.parts[-3:])}` joined), "
            "`analyze_chunk` in a fresh process per size, model loading not timed.  The exponent is the log of the time "
            "ratio over the log of the length ratio between consecutive sizes: 1 is linear, 2 quadratic.",
            "",
            "| MB | characters | sentences | statements | seconds | s/MB | exponent |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Load average before and after: {before}; {after}.",
        ]
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(section) + "\n")


if __name__ == "__main__":
    main()
