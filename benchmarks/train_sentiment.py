"""Fit the word n-gram tone model of ``newsframe.sentiment`` and write ``lib/newsframe/data/sentiment_ngram.json``.

Usage: ``python benchmarks/train_sentiment.py PATH/TO/newsmtsc [--output FILE]``

Only NewsMTSC ``train.jsonl`` (political-news sentences whose targets are rated negative /
neutral / positive) is used.  Each sentence's label is the mean over its targets of
(polarity − 4) / 2, i.e. −1 / 0 / +1.  The model is a ridge regression over L2-normalised
TF-IDF counts of lower-cased word n-grams (scikit-learn's ``TfidfVectorizer`` defaults).
Names are left out of the vocabulary: a word is kept only if most of its occurrences in
the training text are not capitalised (so "trump", "putin", "america" go, "the" and
"support" stay), and an n-gram only if all its words are kept.  Otherwise the model learns
NewsMTSC's opinions *about* actors (most sentences naming Trump there are critical of him)
and would score a sentence as negative merely for naming one, which would bias every
comparison of tone across actors.  The n-gram range, ``min_df`` and the ridge ``alpha`` are chosen by 5-fold cross-validation
on the training sentences only (seeded folds) with the one-standard-error rule: among the
settings whose mean fold Pearson r is within one standard error of the best, the one with
the smallest vocabulary (then the largest alpha) wins, so the stored model stays compact.
No NYT rating is used here; the blend weight is fitted separately by
``benchmarks/validate_sentiment.py DEV_TSV --fit``.

Only vocabulary, idf and coefficients (7 significant digits) are written, never training
text.  The script checks that :func:`newsframe.sentiment.ngram_model_scores` computed from
the written file reproduces scikit-learn's predictions.  Deterministic: seeded folds and a
deterministic solver (sparse conjugate gradients).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
from newsframe.sentiment import NGRAM_MODEL_PATH, NGRAM_TOKEN_PATTERN, load_ngram_model, ngram_model_scores
from newsframe.stance import read_newsmtsc
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

NGRAM_RANGES = ((1, 1), (1, 2))
MIN_DFS = (1, 2)
ALPHAS = (0.3, 1.0, 3.0)
FOLDS = 5
SEED = 0
DIGITS = 7
POLARITY_VALUE = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


def read_sentences(path: Path) -> tuple[list[str], np.ndarray]:
    """Sentences of a NewsMTSC JSONL file and their labels: mean over targets of −1 / 0 / +1."""
    targets = read_newsmtsc(path)
    if targets.empty:
        raise ValueError(f"{path}: no sentences; pass the NewsMTSC folder holding train.jsonl")
    targets["label"] = targets["polarity"].map(POLARITY_VALUE)
    sentences = targets.groupby("sentence_id", sort=True).agg(sentence=("sentence", "first"), label=("label", "mean"))
    return sentences["sentence"].astype(str).tolist(), sentences["label"].to_numpy(dtype=float)


def newsmtsc_train(folder: Path) -> Path:
    """``folder/train.jsonl``, or exit saying what to pass."""
    train_file = folder / "train.jsonl"
    if not train_file.is_file():
        raise SystemExit(f"{train_file}: no such file; pass the NewsMTSC folder that holds train.jsonl")
    return train_file


def common_words(texts: list[str]) -> set[str]:
    """Lower-cased words that occur more often not capitalised than capitalised (i.e. are not names)."""
    counts = Counter(re.findall(NGRAM_TOKEN_PATTERN, " ".join(texts)))
    lower, upper = Counter(), Counter()
    for token, count in counts.items():
        (upper if token[0].isupper() else lower)[token.lower()] += count
    return {word for word, count in lower.items() if count > upper[word]}


def vocabulary(texts: list[str], ngram_range: tuple[int, int], min_df: int) -> list[str]:
    """The n-grams occurring in at least ``min_df`` sentences whose words are all :func:`common_words`."""
    counted = TfidfVectorizer(ngram_range=ngram_range, min_df=min_df, token_pattern=NGRAM_TOKEN_PATTERN).fit(texts)
    common = common_words(texts)
    return sorted(term for term in counted.vocabulary_ if all(word in common for word in term.split(" ")))


def fit(texts: list[str], labels: np.ndarray, ngram_range: tuple[int, int], min_df: int, alpha: float):
    """TF-IDF vectoriser (over :func:`vocabulary`) and ridge regression fitted on the given sentences."""
    vectorizer = TfidfVectorizer(
        ngram_range=ngram_range, token_pattern=NGRAM_TOKEN_PATTERN, vocabulary=vocabulary(texts, ngram_range, min_df)
    )
    model = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-8, max_iter=10_000)
    model.fit(vectorizer.fit_transform(texts), labels)
    return vectorizer, model


def cross_validate(texts: list[str], labels: np.ndarray, ngram_range, min_df: int, alpha: float) -> list[float]:
    """Pearson r of each of the seeded folds."""
    scores = []
    for train, test in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(labels):
        vectorizer, model = fit([texts[i] for i in train], labels[train], ngram_range, min_df, alpha)
        predicted = model.predict(vectorizer.transform([texts[i] for i in test]))
        scores.append(float(np.corrcoef(predicted, labels[test])[0, 1]))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("newsmtsc", type=Path, help="folder with NewsMTSC train.jsonl")
    parser.add_argument("--output", type=Path, default=NGRAM_MODEL_PATH)
    args = parser.parse_args()
    started = time.perf_counter()
    train_file = newsmtsc_train(args.newsmtsc)
    texts, labels = read_sentences(train_file)
    settings = []
    for ngram_range, min_df, alpha in itertools.product(NGRAM_RANGES, MIN_DFS, ALPHAS):
        folds = cross_validate(texts, labels, ngram_range, min_df, alpha)
        size = len(vocabulary(texts, ngram_range, min_df))
        settings.append(
            {
                "ngram_range": list(ngram_range),
                "min_df": min_df,
                "alpha": alpha,
                "vocabulary": size,
                "mean_r": float(np.mean(folds)),
                "se_r": float(np.std(folds, ddof=1) / np.sqrt(len(folds))),
                "folds": folds,
            }
        )
        print(
            f"ngram_range={ngram_range} min_df={min_df} alpha={alpha}: vocabulary {size}, "
            f"cross-validated r {np.mean(folds):.3f} ± {settings[-1]['se_r']:.3f}",
            flush=True,
        )
    best = max(settings, key=lambda s: s["mean_r"])
    eligible = [s for s in settings if s["mean_r"] >= best["mean_r"] - best["se_r"]]
    chosen = min(eligible, key=lambda s: (s["vocabulary"], -s["alpha"]))
    vectorizer, model = fit(texts, labels, tuple(chosen["ngram_range"]), chosen["min_df"], chosen["alpha"])
    terms = vectorizer.get_feature_names_out()
    record = {
        "description": "newsframe.sentiment word n-gram tone model: ridge regression over L2-normalised TF-IDF "
        "counts of lower-cased word n-grams (tokens match token_pattern), trained on NewsMTSC "
        "sentences labelled by the mean of their targets' polarity (-1/0/+1); the intercept is "
        "not applied, so a sentence without known n-grams scores 0",
        "command": "python benchmarks/train_sentiment.py PATH/TO/newsmtsc",
        "token_pattern": NGRAM_TOKEN_PATTERN,
        "ngram_range": chosen["ngram_range"],
        "min_df": chosen["min_df"],
        "alpha": chosen["alpha"],
        "trained_on": {
            "file": "NewsMTSC train.jsonl",
            "sentences": len(texts),
            "sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(),
        },
        "selection": "one-standard-error rule over 5-fold cross-validated Pearson r: smallest vocabulary "
        "within one SE of the best",
        "cross_validation": settings,
        "vocabulary": [str(term) for term in terms],
        "idf": [float(f"{value:.{DIGITS}g}") for value in vectorizer.idf_],
        "coef": [float(f"{value:.{DIGITS}g}") for value in model.coef_],
    }
    args.output.write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
    expected = vectorizer.transform(texts) @ model.coef_
    reproduced = ngram_model_scores(texts, model=load_ngram_model(args.output))
    gap = float(np.max(np.abs(np.clip(expected, -1, 1) - reproduced)))
    if gap > 1e-5:
        raise SystemExit(f"{args.output}: numpy predictor differs from scikit-learn by {gap:.2g}; check the tokeniser")
    print(
        f"chosen ngram_range={tuple(chosen['ngram_range'])} min_df={chosen['min_df']} alpha={chosen['alpha']} "
        f"(cross-validated r {chosen['mean_r']:.3f}; best {best['mean_r']:.3f} ± {best['se_r']:.3f}); "
        f"numpy predictor reproduces scikit-learn to {gap:.1e}"
    )
    print(f"wrote {args.output} ({len(terms)} n-grams) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
