"""Tests of newsframe.trends (framing and stance over time) and its figure in newsframe.plots."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from newsframe.plots import framing_over_time
from newsframe.trends import (
    article_periods,
    choose_period,
    enough_dated,
    frames_over_time,
    period_counts,
    stance_over_time,
)

CAMPS = ["western", "sino_russian"]


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e"],
            "published": pd.to_datetime(["2024-05-16", "2024-05-20", "2024-07-12", "2024-06-03", None]),
        }
    )


def test_weeks_for_a_short_span_months_for_a_long_one():
    assert choose_period(_articles()["published"]) == "week"
    assert choose_period(pd.Series(pd.to_datetime(["2023-01-01", "2024-01-01"]))) == "month"
    periods = article_periods(_articles())
    assert periods.set_index("doc_id")["period"].to_dict() == {
        "a": "2024-05-13",
        "b": "2024-05-20",
        "d": "2024-06-03",
        "c": "2024-07-08",
    }
    months = article_periods(_articles(), "month")
    assert sorted(months["period"].unique()) == ["2024-05", "2024-06", "2024-07"]
    counts = period_counts(_articles(), months)
    assert counts.set_index("period")["articles"].to_dict() == {"2024-05": 2, "2024-06": 1, "2024-07": 1, "undated": 1}


def test_too_few_dated_articles_are_not_a_trend():
    periods = article_periods(_articles(), "month")
    assert enough_dated(periods)
    assert not enough_dated(periods[periods["period"] == "2024-05"])
    assert not enough_dated(periods.head(2), min_articles=3)


def test_stance_and_frames_per_period_and_camp():
    periods = article_periods(_articles(), "month")
    statements = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "statement_id": ["a1", "a2", "b1", "c1"],
            "camp": ["western", "sino_russian", "western", "sino_russian"],
        }
    )
    scored = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "statement_id": ["a1", "a2", "b1", "c1"],
            "camp": ["western", "sino_russian", "western", "sino_russian"],
            "score": [-0.5, 0.5, -0.1, 0.8],
        }
    )
    trend = stance_over_time(statements, scored, periods, camps=CAMPS, n_boot=200, seed=0).set_index(["period", "camp"])
    assert trend.loc[("2024-05", "western"), "n_statements"] == 2
    assert abs(trend.loc[("2024-05", "western"), "mean_score"] - (-0.3)) < 1e-12
    assert trend.loc[("2024-05", "western"), "ci_low"] <= -0.3 <= trend.loc[("2024-05", "western"), "ci_high"]
    assert trend.loc[("2024-06", "western"), "n_statements"] == 0 and pd.isna(
        trend.loc[("2024-06", "western"), "mean_score"]
    )
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "e"],
            "frames": [["economy"], [], ["economy", "energy"], ["energy"], ["economy"]],
        }
    )
    frames = frames_over_time(sentences, periods, ["economy", "energy"]).set_index(["period", "frame"])
    assert (
        frames.loc[("2024-05", "economy"), "sentences"] == 2 and frames.loc[("2024-05", "economy"), "n_sentences"] == 3
    )
    assert abs(frames.loc[("2024-05", "energy"), "share"] - 1 / 3) < 1e-12
    assert frames.loc[("2024-06", "economy"), "share"] == 0.0, "a period without sentences has share 0, not NaN"
    figure = framing_over_time(trend.reset_index(), frames.reset_index(), camps=CAMPS)
    assert isinstance(figure, Figure) and len(figure.axes) == 3
