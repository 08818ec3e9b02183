"""Fit the attribution cue lexicon ``data/attribution_cues.csv`` from PolNeAR's train split.

    python benchmarks/train_attribution_cues.py ../shared/eval/quotes/polnear/train

PolNeAR's annotators mark as attribution cues many verbs beyond "say" (found, shows, believes,
cited, called …).  For every lower-cased word form, this counts how often it occurs in the
train texts and how often an annotated Cue span covers it; forms that are cues at least
``--min-rate`` of the time and at least ``--min-count`` times are written with their counts.
Only counts are kept, never text.  The speech verbs of ``data/speech_cues.csv`` are listed
there and are not repeated here.  Re-running on the same split writes the same file.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "lib" / "newsframe" / "data" / "attribution_cues.csv"
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# Words that are never cues on their own, however often they sit inside a multi-word cue
# span ("has said", "according to", "is expected to").
_FUNCTION = {
    "a",
    "an",
    "the",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "that",
    "this",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "also",
    "not",
    "and",
    "or",
    "but",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "as",
    "by",
    "with",
    "about",
    "said",
    "says",
}


def cue_counts(split: Path) -> tuple[Counter, Counter]:
    """(occurrences, occurrences inside a Cue span) of each lower-cased word form of the split's texts."""
    total, cue = Counter(), Counter()
    anns: dict[str, Path] = {}
    for path in sorted((split / "attributions").glob("*.ann")):
        anns.setdefault(path.stem.rsplit("_", 1)[0], path)
    for text_path in sorted((split / "text").glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        spans = []
        if text_path.stem in anns:
            for line in anns[text_path.stem].read_text(encoding="utf-8").splitlines():
                if line.startswith("T") and "\tCue " in line:
                    for part in line.split("\t")[1].split(" ", 1)[1].split(";"):
                        a, b = part.split()
                        spans.append((int(a), int(b)))
        for match in _WORD.finditer(text.lower()):
            total[match.group(0)] += 1
            if any(a <= match.start() < b for a, b in spans):
                cue[match.group(0)] += 1
    return total, cue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--min-rate", type=float, default=0.2)
    parser.add_argument("--min-count", type=int, default=4)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    total, cue = cue_counts(args.split)
    if not total:
        print(f"error: {args.split / 'text'} holds no text", file=sys.stderr)
        return 2
    rows = [
        (form, cue[form], total[form], round(cue[form] / total[form], 3))
        for form in sorted(cue)
        if form not in _FUNCTION and cue[form] >= args.min_count and cue[form] / total[form] >= args.min_rate
    ]
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["form", "as_cue", "occurrences", "rate"])
        writer.writerows(rows)
    print(f"{len(rows)} cue forms -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
