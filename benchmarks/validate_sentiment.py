"""How far do newsframe's sentence sentiment scores agree with people?

Usage (from the project root):

    .venv/bin/python benchmarks/validate_sentiment.py ../shared/eval/sentiment/nyt-editorials/dev.tsv
    .venv/bin/python benchmarks/validate_sentiment.py ../shared/eval/sentiment/nyt-editorials/dev.tsv --fit

The file is a TSV without header: id, mean rating of 20 people on −4..+4, sentence.  The
first form prints Pearson and Spearman r and 3-class macro-F1 (human mean / 4 and model score
both cut at ±0.05) for NLTK VADER's compound, TextBlob's polarity and newsframe's
``sentiment`` (in-sample: its constants were fitted on this file), and ``sentiment, grouped
CV``: 10-fold cross-validation grouped by editorial (the id before ``_``), every constant
re-fitted inside each fold — the figure to quote.  All computed by
:func:`newsframe.sentiment.validate` (the code notebook 01 uses).

``--fit`` re-fits the six blend constants of ``sentiment`` by grid search, prints every
fold of that grouped cross-validation, and writes the constants fitted on the whole file to
``lib/newsframe/data/sentiment_blend.csv``.  The n-gram, word-piece and rated-word tone
models are fitted on NewsMTSC and VADER's word ratings, not on this file, by
``benchmarks/train_sentiment.py`` and ``benchmarks/train_sentiment_embedding.py``.
The data are read from the given path and never copied.
"""

from __future__ import annotations

import argparse
import os
import sys

import pandas as pd
from newsframe.paths import PROJECT_ROOT
from newsframe.sentiment import BLEND_PATH, fit_blend, validate


def _write_constants(blend, cv: pd.DataFrame, source: str) -> None:
    pooled = cv[cv["fold"] == "pooled"].iloc[0]
    shown = os.path.relpath(os.path.abspath(source), PROJECT_ROOT)
    command = f"python benchmarks/validate_sentiment.py {shown} --fit"
    notes = {
        "negativity_weight": "multiplier on the sum of negative token valences (negativity bias)",
        "squash_alpha": "alpha in x / sqrt(x^2 + alpha), the squash of the length-normalised balance",
        "textblob_weight": "weight of TextBlob polarity in the lexical blend",
        "ngram_weight": "weight of the n-gram tone model (data/sentiment_ngram.json) in the final blend",
        "embedding_weight": "weight of the word-piece tone lexicon (data/sentiment_embedding.json) in the final blend",
        "rated_word_weight": "weight of the rated-word tone lexicon (data/sentiment_rated_words.json) in the final blend",
    }
    rows = [
        {
            "parameter": name,
            "value": getattr(blend, name),
            "note": f"{notes[name]}; fitted by `{command}` (10-fold CV grouped by editorial, pooled r = {pooled['test_r']:.3f})",
        }
        for name in notes
    ]
    BLEND_PATH.write_text(pd.DataFrame(rows).to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    print(f"wrote {BLEND_PATH.relative_to(PROJECT_ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "path", help="rated-sentence TSV (id, mean rating −4..+4, sentence), e.g. the NYT editorial dev split"
    )
    parser.add_argument(
        "--fit", action="store_true", help="re-fit the blend constants (10-fold CV grouped by editorial) and write them"
    )
    args = parser.parse_args(argv)
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 120):
        if args.fit:
            blend, cv, _ = fit_blend(args.path)
            print(cv.to_string(index=False))
            _write_constants(blend, cv, args.path)
        table = validate(args.path)
        print(f"{args.path}: {table['n'].iloc[0]} sentences")
        print(table.to_string(index=False))
        scores = table.set_index("method")["pearson_r"]
        print(
            f"sentiment: grouped-CV r = {scores['sentiment, grouped CV']:.3f} (10 folds by editorial, constants "
            f"re-fitted in each), in-sample r = {scores['sentiment']:.3f} "
            f"(gap {scores['sentiment'] - scores['sentiment, grouped CV']:+.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
