"""Fit the whole-page line model's weights (``lib/newsframe/data/page_line_weights.csv``) on labelled pages.

    python benchmarks/fit_page_lines.py ../shared/eval/boilerplate/scrapinghub-dev [--write]

Each non-empty line of ``text/KEY.txt`` is labelled body when at least half of its word
4-grams occur in the page's ground-truth body (lines under four words: when they occur in it
as a phrase).  A logistic regression over :data:`newsframe.page_text.FEATURES` is fitted
with each page weighted equally and each line by its length, as the benchmark's metric
weighs them.  Before writing, it reports the F1 of five-fold cross-validation across pages
(each page scored by a model that never saw it), so the figure is not one of the fitting.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from newsframe.page_text import FEATURES, INSIDE_THRESHOLD, body_region, line_features
from newsframe.paths import DATA_DIR
from sklearn.linear_model import LogisticRegression

_TOKEN = re.compile(r"\w+")
FOLDS = 5


def _labels(lines: list[str], body: str) -> list[bool]:
    truth = _TOKEN.findall(body.lower())
    shingles = {tuple(truth[i : i + 4]) for i in range(max(1, len(truth) - 3))}
    joined = f" {' '.join(truth)} "
    labels = []
    for line in lines:
        tokens = _TOKEN.findall(line.lower())
        if len(tokens) >= 4:
            grams = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            labels.append(sum(g in shingles for g in grams) / len(grams) >= 0.5)
        else:
            labels.append(bool(tokens) and f" {' '.join(tokens)} " in joined)
    return labels


def _fit(pages: list[tuple[list[str], np.ndarray, np.ndarray]]) -> LogisticRegression:
    features = np.vstack([x for _, x, _ in pages])
    labels = np.concatenate([y for _, _, y in pages])
    weights = np.concatenate([np.expm1(x[:, 0]) + 1 for _, x, _ in pages])
    weights = np.concatenate([w / w.sum() for w in np.split(weights, np.cumsum([len(y) for *_, y in pages])[:-1])])
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(features, labels, sample_weight=weights * len(pages))
    return model


def _kept(lines: list[str], probabilities: np.ndarray) -> str:
    first, last = body_region(lines, list(probabilities))
    return "\n".join(
        line for i, (line, p) in enumerate(zip(lines, probabilities)) if first <= i <= last and p >= INSIDE_THRESHOLD
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--write", action="store_true", help="write the weights fitted on all pages")
    args = parser.parse_args()
    sys.path.insert(0, str(args.split.parent))
    import scrapinghub_evaluate as ev

    truth = json.loads((args.split / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    pages = []
    for key in keys:
        lines = [
            line.strip()
            for line in (args.split / "text" / f"{key}.txt").read_text(encoding="utf-8").split("\n")
            if line.strip()
        ]
        pages.append((lines, np.array(line_features(lines)), np.array(_labels(lines, truth[key]["articleBody"]))))
    predicted = {}
    for fold in range(FOLDS):
        held = set(range(fold, len(keys), FOLDS))
        model = _fit([page for i, page in enumerate(pages) if i not in held])
        for i in held:
            predicted[keys[i]] = {"articleBody": _kept(pages[i][0], model.predict_proba(pages[i][1])[:, 1])}
    scores = ev.evaluate(truth, predicted, 200)
    print(
        f"{FOLDS}-fold cross-validated across pages: F1 {scores['f1']:.3f}  precision {scores['precision']:.3f}  recall {scores['recall']:.3f}"
    )
    model = _fit(pages)
    rows = [("intercept", float(model.intercept_[0]))] + list(zip(FEATURES, map(float, model.coef_[0])))
    for name, weight in rows:
        print(f"{name:<18} {weight:+.4f}")
    if args.write:
        lines = ["feature,weight"] + [f"{name},{weight:.6f}" for name, weight in rows]
        (DATA_DIR / "page_line_weights.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {DATA_DIR / 'page_line_weights.csv'}")


if __name__ == "__main__":
    main()
