"""How fast is ``newsframe.sentiment.score_sentences`` next to a bare VADER loop over the same sentences?

Usage (from the project root):

    .venv/bin/python benchmarks/bench_sentiment.py                      # PolNeAR train, 3 interleaved rounds
    .venv/bin/python benchmarks/bench_sentiment.py ../shared/eval/quotes/polnear/dev/text --check
    .venv/bin/python benchmarks/bench_sentiment.py --profile            # cProfile of one score_sentences run

The corpus (default: PolNeAR train, 840 real news articles whose sentences almost never
repeat) is cleaned and split into sentences by the pipeline's own stages.  Then, in each of
``--rounds`` rounds and in this order, the same sentences are scored by

* ``nltk_vader``: a bare loop of NLTK's ``SentimentIntensityAnalyzer.polarity_scores`` (the
  reference the ``vader_*`` columns must equal; the project's speed floor),
* ``vader_3.3.2``: a bare loop of ``vaderSentiment``'s ``polarity_scores`` (the floor
  ``benchmarks/bench_pipeline.py`` uses),
* ``score_sentences``: every column (NLTK VADER, TextBlob, the blended ``sentiment``), with
  the per-process text caches emptied first, so no sentence is served from an earlier round.

It prints each route's median CPU and wall-clock seconds and sentences per CPU second, and
``score_sentences``'s cost as a multiple of each bare loop's *in the same round*, by CPU time
(``time.process_time``: what this process itself spent, so the load of other processes
distorts it far less than wall time) and by wall time; ``uptime``'s load average is printed
beside them.
The goal (issue 20) is ``score_sentences`` ≤ ~1.2× the NLTK VADER loop.

``--check`` also scores every sentence with NLTK VADER and TextBlob themselves and prints
the largest difference from the ``vader_*`` / ``textblob_*`` columns (must be ≤ 1e-9), and
the largest difference of the blend's token valences from ``vaderSentiment``'s.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

from newsframe.paths import PROJECT_ROOT

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "eval" / "quotes" / "polnear" / "train" / "text"


def load_sentences(corpus: Path):
    """The corpus's sentences table (clean, then split), as the pipeline makes it."""
    from newsframe.clean import clean_articles
    from newsframe.corpus import load_corpus
    from newsframe.segment import split_sentences

    return split_sentences(clean_articles(load_corpus(corpus))[0])


def load_average() -> str:
    """The load average (1, 5, 15 min) for the line beside a timing ("unknown" where the system has none)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _timed(function, *args) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def time_round(sentences) -> dict[str, tuple[float, float]]:
    """One round: (wall, CPU) seconds of each route over the same sentences."""
    from newsframe.sentiment import clear_text_caches, reference_vader, score_sentences
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Vader33

    texts = sentences["text"].tolist()
    nltk_vader, vader33 = reference_vader(), Vader33()

    def loop(analyzer) -> None:
        for text in texts:
            analyzer.polarity_scores(text)

    seconds = {"nltk_vader": _timed(loop, nltk_vader), "vader_3.3.2": _timed(loop, vader33)}
    clear_text_caches()
    seconds["score_sentences"] = _timed(score_sentences, sentences)
    return seconds


def largest_differences(scored) -> dict[str, float]:
    """Largest differences of ``scored`` (:func:`newsframe.sentiment.score_sentences` output) from the references.

    ``nltk_vader``: the four VADER columns against NLTK's VADER; ``textblob``: polarity and
    subjectivity against TextBlob; ``valences``: the blend's per-token valences against
    vaderSentiment 3.3.2 (infinite when the token counts differ).
    """
    from newsframe.sentiment import (
        join_phrases,
        news_valence_analyzer,
        reference_textblob,
        reference_vader,
        token_valences,
    )

    nltk_vader, textblob, vader33 = reference_vader(), reference_textblob(), news_valence_analyzer()
    worst_vader = worst_blob = worst_valence = 0.0
    for row in scored.itertuples():
        expected = nltk_vader.polarity_scores(row.text)
        worst_vader = max(
            worst_vader,
            abs(expected["compound"] - row.vader_compound),
            abs(expected["pos"] - row.vader_pos),
            abs(expected["neu"] - row.vader_neu),
            abs(expected["neg"] - row.vader_neg),
        )
        polarity, subjectivity = textblob.analyze(row.text)
        worst_blob = max(
            worst_blob, abs(polarity - row.textblob_polarity), abs(subjectivity - row.textblob_subjectivity)
        )
        joined = join_phrases(row.text)
        ours, theirs = token_valences(joined), vader33.polarity_scores(joined)
        worst_valence = max(
            worst_valence,
            float("inf") if len(ours) != len(theirs) else max((abs(a - b) for a, b in zip(ours, theirs)), default=0.0),
        )
    return {"nltk_vader": float(worst_vader), "textblob": float(worst_blob), "valences": float(worst_valence)}


def check(sentences) -> None:
    """Largest differences of the fast scorers from the reference implementations, over every sentence."""
    from newsframe.sentiment import clear_text_caches, score_sentences

    clear_text_caches()
    scored = score_sentences(sentences)
    worst = largest_differences(scored)
    print(
        f"exactness over {len(scored)} sentences ({scored['text'].nunique()} distinct): largest difference "
        f"NLTK VADER {worst['nltk_vader']:.3g}, TextBlob {worst['textblob']:.3g}, "
        f"vaderSentiment token valences {worst['valences']:.3g}"
    )
    if max(worst.values()) > 1e-9:
        raise SystemExit("the fast scorers differ from the reference implementations by more than 1e-9")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of article .txt files")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median reported)")
    parser.add_argument("--check", action="store_true", help="compare every score with the reference implementations")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one score_sentences run")
    args = parser.parse_args(argv)
    from newsframe.sentiment import clear_text_caches, score_sentences, score_texts

    sentences = load_sentences(args.corpus)
    score_texts(["Warm-up: load every lexicon and model once."])
    print(f"{args.corpus}: {len(sentences)} sentences, {sentences['text'].nunique()} distinct")
    if args.check:
        check(sentences)
    if args.profile:
        clear_text_caches()
        profile = cProfile.Profile()
        profile.runcall(score_sentences, sentences)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    rounds = []
    for number in range(args.rounds):
        rounds.append(time_round(sentences))
        print(
            f"round {number + 1}: "
            + ", ".join(f"{k} {wall:.2f} s wall / {cpu:.2f} s CPU" for k, (wall, cpu) in rounds[-1].items())
            + f" (load average {load_average()})",
            flush=True,
        )
    print(
        f"{'route':<16} {'CPU s':>7} {'wall s':>7} {'sentences/CPU s':>16} {'score_sentences / route':>24} "
        f"{'(wall)':>7}"
    )
    for route in rounds[0]:
        cpu = statistics.median(r[route][1] for r in rounds)
        wall = statistics.median(r[route][0] for r in rounds)
        ratio = statistics.median(r["score_sentences"][1] / r[route][1] for r in rounds)
        wall_ratio = statistics.median(r["score_sentences"][0] / r[route][0] for r in rounds)
        print(
            f"{route:<16} {cpu:>7.2f} {wall:>7.2f} {len(sentences) / cpu:>16,.0f} {ratio:>23.2f}× {wall_ratio:>6.2f}×"
        )
    print(
        f"load average {load_average()} (1, 5, 15 min); medians over {len(rounds)} rounds of per-round ratios; "
        f"CPU time (time.process_time) is the figure to read on a loaded machine, wall time on a quiet one"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
