"""Agreement of target stance scoring with NewsMTSC's human labels (development splits).

Usage: ``python benchmarks/validate_stance.py PATH/TO/newsmtsc``

Prints macro-F1, accuracy and per-class F1 (percent) for a sentence-level VADER baseline
(compound cut at ±0.05, one label for every target in a sentence) and for
``newsframe.stance.score_targets``, on dev_rw (real-world distribution) and dev_mt
(sentences with several targets).  The computation is ``newsframe.stance.validate``, so
notebooks can show the same figures.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd
from newsframe.stance import read_newsmtsc, score_targets, validate
from newsframe.stance_encoder import stance_classifier, training_record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("newsmtsc", type=Path, help="folder with dev_rw.jsonl and dev_mt.jsonl")
    args = parser.parse_args()
    started = time.perf_counter()
    table = validate(args.newsmtsc)
    with pd.option_context("display.width", 120, "display.float_format", "{:.1f}".format):
        print(table.to_string(index=False))
    record = training_record()
    print(
        f"\nscore_targets model: all-MiniLM-L6-v2 fine-tuned on NewsMTSC train "
        f"({record['trained_on']['targets_fit']} targets; epoch {record['kept_epoch']} of a "
        f"{record['settings']['epochs']}-epoch schedule), macro-F1 {record['held_out']['macro_f1']:.1f} on the "
        f"{record['trained_on']['targets_held_out']} held-back train targets used to choose it"
    )
    print("Reference (NewsMTSC authors): sentence-level VADER ≈ 51, fine-tuned RoBERTa (GRU-TSC) 83.1 rw / 82.5 mt.")
    stance_classifier()  # loaded once per process; not part of the speed figure
    gold = read_newsmtsc(args.newsmtsc / "dev_mt.jsonl")
    timed = time.perf_counter()
    score_targets(gold)
    seconds = time.perf_counter() - timed
    print(
        f"speed: {len(gold)} dev_mt targets scored in {seconds:.1f} s = {len(gold) / seconds:.0f} targets/s on this "
        f"CPU ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end)"
    )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
