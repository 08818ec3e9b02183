"""Tests of newsframe.plots: no figure grows with the corpus, and a figure that cuts says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
from newsframe.plots import frame_article_sentiment, sentences_per_article, sentiment_per_article, timeline_figure


def article_stats(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "doc_id": [f"d{i:05d}" for i in range(n)],
            "sentences": rng.integers(1, 200, n),
            "faq_sentences": rng.integers(0, 5, n),
        }
    )


def test_sentences_per_article_keeps_its_size_and_shows_the_longest() -> None:
    few, many = article_stats(30), article_stats(5_000)
    labels = {doc_id: doc_id for doc_id in many["doc_id"]}
    small, large = sentences_per_article(few, labels), sentences_per_article(many, labels)
    assert tuple(large.get_size_inches()) == tuple(small.get_size_inches())
    ax = large.axes[0]
    assert "the 30 longest of 5,000 articles" in ax.get_title()
    shown = {tick.get_text() for tick in ax.get_yticklabels()}
    longest = many.assign(total=many["sentences"] + many["faq_sentences"]).nlargest(30, "total", keep="first")
    assert shown == set(longest["doc_id"])
    assert "longest" not in sentences_per_article(few, labels).axes[0].get_title(), "nothing cut, nothing said"


def test_sentiment_per_article_keeps_its_size() -> None:
    rng = np.random.default_rng(1)
    doc_ids = [f"d{i:04d}" for i in range(1_000)]
    sentences = pd.DataFrame({"doc_id": rng.choice(doc_ids, 20_000), "sentiment": rng.uniform(-1, 1, 20_000)})
    labels = {doc_id: doc_id for doc_id in doc_ids}
    figure = sentiment_per_article(sentences, doc_ids, labels)
    assert tuple(figure.get_size_inches()) == tuple(
        sentiment_per_article(sentences, doc_ids[:20], labels).get_size_inches()
    )
    assert "the 20 with the most sentences of 1,000 articles" in figure.axes[0].get_title()
    counts = sentences["doc_id"].value_counts()
    shown = [tick.get_text() for tick in figure.axes[0].get_xticklabels()]
    assert min(counts[d] for d in shown) >= counts.drop(shown).max()


def test_frame_heatmap_keeps_its_size() -> None:
    doc_ids = [f"d{i:04d}" for i in range(300)]
    by_frame = pd.DataFrame(
        [
            {"frame": frame, "doc_id": doc_id, "mean_score": 0.1, "sentences": 1 + i % 7}
            for i, doc_id in enumerate(doc_ids)
            for frame in ("economy", "military")
        ]
    )
    labels = {doc_id: doc_id for doc_id in doc_ids}
    figure = frame_article_sentiment(by_frame, ["economy", "military"], labels)
    assert figure.get_size_inches()[0] == 1.6 + 1.3 * 20
    assert "of 300 articles" in figure.axes[0].get_title()


def test_timeline_labels_at_most_max_labels_events_per_panel() -> None:
    n = 400
    days = pd.to_datetime("2023-01-01") + pd.to_timedelta(np.arange(n) % 700, unit="D")
    events = pd.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(n)],
            "date_start": days,
            "date_end": days,
            "granularity": "day",
            "label": [f"event number {i}" for i in range(n)],
            "is_future": False,
            "n_sources": [1 + (i % 5) for i in range(n)],
            "n_mentions": 1,
            "frames": [[] for _ in range(n)],
        }
    )
    figure = timeline_figure(events, max_labels=25)
    bottom = figure.axes[1]
    assert len(bottom.texts) == 25, "one annotation per labelled event"
    assert "labels on the 25 of 400 events with the most sources" in bottom.get_title(loc="left")
    assert all("[5 sources]" in text.get_text() for text in bottom.texts), (
        "the most reported events are the labelled ones"
    )
    for axis in figure.axes[:2]:  # every event is in the window, so each panel draws all of them
        assert len(axis.collections) <= 2 and sum(len(mark.get_offsets()) for mark in axis.collections) == n, (
            "every event is one point of a collection per kind of mark, not an artist of its own"
        )
