"""Tests for newsframe.blas: the per-article work runs on one BLAS thread, and the setting is restored after."""

from __future__ import annotations

import numpy  # noqa: F401  (numpy and scipy load the BLAS the tests look at)
import scipy.linalg  # noqa: F401
from threadpoolctl import threadpool_info


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_one_blas_thread_limits_inside_the_block_and_restores_after() -> None:
    from newsframe.blas import one_blas_thread

    before = _blas_threads()
    assert before, "NumPy's BLAS should be visible to threadpoolctl"
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_the_per_article_stages_and_the_parse_run_on_one_blas_thread(monkeypatch, tmp_path) -> None:
    from newsframe import pipeline, sentiment
    from newsframe.corpus import load_corpus
    from newsframe.parse import parser

    seen: dict[str, set[int]] = {}
    score = sentiment.score_sentences

    def recording_score(sentences):  # the sentiment stage, as the pipeline calls it
        seen["sentiment"] = set(_blas_threads())
        return score(sentences)

    pipe = parser().pipe

    def recording_pipe(texts, **options):
        seen["parse"] = set(_blas_threads())
        return pipe(texts, **options)

    monkeypatch.setattr(sentiment, "score_sentences", recording_score)
    monkeypatch.setattr(parser(), "pipe", recording_pipe)
    before = _blas_threads()
    (tmp_path / "talks.txt").write_text(
        "Talks\n\nThe minister said on Monday that the talks would continue.\n\n“We are ready,” she told reporters.\n",
        encoding="utf-8",
    )
    raw = load_corpus(tmp_path)
    pipeline.analyze_chunk(raw, strict=True)
    assert seen == {"sentiment": {1}, "parse": {1}}
    assert _blas_threads() == before
