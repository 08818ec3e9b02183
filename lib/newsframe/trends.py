"""Framing and stance over time: statements, target stance and frame shares per period of publication.

Articles are placed in periods by their publication date (``published``), never by dates
mentioned in the text; undated articles are left out and counted.  The period is a calendar
month, or an ISO week (Monday to Sunday, named by its Monday) when the dated articles span
at most :data:`WEEKLY_MAX_DAYS` days (:func:`choose_period`).

Tables
------
``article_periods``: doc_id, published, period.
``stance_over_time``: period, camp, n_statements, n_mentions, mean_score, ci_low, ci_high —
    statements of each camp published in the period, the scored target mentions in them and their
    mean score with a percentile bootstrap interval (:func:`newsframe.stance.stance_table`).
``frames_over_time``: period, frame, sentences, n_sentences, share — sentences invoking the frame,
    all sentences of the period, and their ratio (a sentence may invoke several frames, so shares
    need not sum to 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from newsframe.dates import to_timestamps
from newsframe.stance import stance_table

WEEKLY_MAX_DAYS = 120
MIN_DATED_ARTICLES = 4
MIN_PERIODS = 2


def choose_period(published: pd.Series, *, weekly_max_days: int = WEEKLY_MAX_DAYS) -> str:
    """``"week"`` when the non-missing dates span at most ``weekly_max_days`` days, else ``"month"``."""
    dates = to_timestamps(published, what="publication dates").dropna()
    if dates.empty:
        return "month"
    return "week" if (dates.max() - dates.min()).days <= weekly_max_days else "month"


def article_periods(articles: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """doc_id, published, period for every dated article; ``period`` None chooses by :func:`choose_period`.

    Month periods read ``"2024-05"``, week periods ``"2024-05-13"`` (the Monday).
    """
    if period is None:
        period = choose_period(articles["published"])
    if period not in ("week", "month"):
        raise ValueError(f"period must be 'week' or 'month', not {period!r}")
    dates = to_timestamps(articles["published"], what="publication dates", index=articles.index)
    dated = articles.loc[dates.notna(), ["doc_id"]].assign(published=dates[dates.notna()])
    if period == "month":
        labels = dated["published"].dt.strftime("%Y-%m")
    else:
        labels = (dated["published"] - pd.to_timedelta(dated["published"].dt.weekday, unit="D")).dt.strftime("%Y-%m-%d")
    return dated.assign(period=labels).sort_values(["period", "doc_id"], kind="stable").reset_index(drop=True)


def enough_dated(
    periods: pd.DataFrame, *, min_articles: int = MIN_DATED_ARTICLES, min_periods: int = MIN_PERIODS
) -> bool:
    """Whether ``article_periods`` has at least ``min_articles`` dated articles spread over ``min_periods`` periods."""
    return len(periods) >= min_articles and periods["period"].nunique() >= min_periods


def stance_over_time(
    statements: pd.DataFrame,
    scored: pd.DataFrame,
    periods: pd.DataFrame,
    *,
    camps: Sequence[str],
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per period and camp: n_statements, n_mentions, mean_score, ci_low, ci_high (every target pooled).

    statements: attributed statements (doc_id, statement_id, camp); scored: their target mentions
    (:func:`newsframe.stance.statement_targets`: doc_id, statement_id, camp, score).  Every period
    of ``periods`` appears for every camp, with zero counts and empty scores where nothing was said.
    """
    period_of = periods.set_index("doc_id")["period"]
    counts = (
        statements[statements["camp"].isin(camps)]
        .assign(period=lambda t: t["doc_id"].map(period_of))
        .dropna(subset=["period"])
        .groupby(["period", "camp"])["statement_id"]
        .nunique()
        .rename("n_statements")
    )
    mentions = (
        scored[scored["camp"].isin(camps)].assign(period=lambda t: t["doc_id"].map(period_of)).dropna(subset=["period"])
    )
    # stance_table computes a bootstrap cell per (by, target): the camp stands in the target's place.
    cells = (
        stance_table(mentions.assign(target=mentions["camp"]), by="period", n_boot=n_boot, seed=seed)
        if len(mentions)
        else None
    )
    grid = pd.MultiIndex.from_product([sorted(periods["period"].unique()), list(camps)], names=["period", "camp"])
    table = counts.reindex(grid, fill_value=0).reset_index()
    if cells is None:
        table = table.assign(n_mentions=0, mean_score=float("nan"), ci_low=float("nan"), ci_high=float("nan"))
    else:
        cells = cells.rename(columns={"target": "camp", "n": "n_mentions"})[
            ["period", "camp", "n_mentions", "mean_score", "ci_low", "ci_high"]
        ]
        table = table.merge(cells, on=["period", "camp"], how="left")
        table["n_mentions"] = table["n_mentions"].fillna(0).astype(int)
    return table[["period", "camp", "n_statements", "n_mentions", "mean_score", "ci_low", "ci_high"]]


def frames_over_time(sentences: pd.DataFrame, periods: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """Per period and frame: sentences invoking it, all sentences of the period's articles, and the share.

    sentences: tagged sentences (doc_id, frames: list of frame names), already without excluded sections.
    """
    period_of = periods.set_index("doc_id")["period"]
    placed = sentences.assign(period=sentences["doc_id"].map(period_of)).dropna(subset=["period"])
    totals = placed.groupby("period").size()
    exploded = placed[["period", "frames"]].explode("frames").dropna(subset=["frames"])
    hits = exploded.groupby(["period", "frames"]).size()
    grid = pd.MultiIndex.from_product([sorted(periods["period"].unique()), list(frames)], names=["period", "frame"])
    table = hits.rename_axis(["period", "frame"]).reindex(grid, fill_value=0).rename("sentences").reset_index()
    table["n_sentences"] = table["period"].map(totals).fillna(0).astype(int)
    table["share"] = (table["sentences"] / table["n_sentences"].where(table["n_sentences"] > 0)).fillna(0.0)
    return table


def period_counts(articles: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """period, articles — with a row ``"undated"`` for the articles that have no publication date."""
    counts = periods.groupby("period").size().rename("articles").reset_index()
    undated = len(articles) - len(periods)
    if undated:
        counts = pd.concat([counts, pd.DataFrame({"period": ["undated"], "articles": [undated]})], ignore_index=True)
    return counts
