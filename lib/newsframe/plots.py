"""The notebooks' figures: each takes tidy tables and returns a matplotlib ``Figure``.

Figures name articles by :func:`newsframe.display.article_labels`, never by hash, and draw
nothing they were not given: every mark comes from a row of the table passed in, which the
notebook also writes to CSV.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

CAMP_COLOURS = {"western": "tab:blue", "sino_russian": "tab:red"}
BODY_COLOUR = "#4C72B0"
FAQ_COLOUR = "#DD8452"


def sentences_per_article(stats: pd.DataFrame, labels: Mapping[str, str] | pd.Series) -> Figure:
    """Horizontal bars of body and FAQ sentences per article (``stats``: doc_id, sentences, faq_sentences)."""
    names = [labels.get(doc_id, doc_id) for doc_id in stats["doc_id"]]
    figure = Figure(figsize=(9, 0.6 + 0.45 * len(stats)))
    ax = figure.subplots()
    ax.barh(names, stats["sentences"], color=BODY_COLOUR, label="body sentences")
    ax.barh(names, stats["faq_sentences"], left=stats["sentences"], color=FAQ_COLOUR, label="FAQ sentences")
    ax.invert_yaxis()
    ax.set_xlabel("sentences after cleaning")
    ax.set_title("Sentences per article")
    ax.margins(x=0.15)
    ax.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    return figure


def framing_over_time(trend: pd.DataFrame, frames: pd.DataFrame, *, camps: Sequence[str] = tuple(CAMP_COLOURS)) -> Figure:
    """Three panels over time periods: statements per camp, mean target stance per camp (bootstrap
    interval), share of sentences per frame.

    trend: one row per period × camp (:func:`newsframe.trends.stance_over_time`): period, camp,
        n_statements, mean_score, ci_low, ci_high.
    frames: one row per period × frame (:func:`newsframe.trends.frames_over_time`): period,
        frame, share.
    """
    periods = sorted(set(trend["period"]) | set(frames["period"]))
    x = np.arange(len(periods))
    position = {period: i for i, period in enumerate(periods)}
    figure = Figure(figsize=(10, 8.5))
    count_ax, stance_ax, frame_ax = figure.subplots(3, 1, sharex=True)
    width = 0.8 / max(1, len(camps))
    for k, camp in enumerate(camps):
        part = trend[trend["camp"] == camp]
        xs = np.array([position[p] for p in part["period"]], dtype=float)
        colour = CAMP_COLOURS.get(camp, "grey")
        count_ax.bar(xs - 0.4 + width * (k + 0.5), part["n_statements"].to_numpy(), width=width, color=colour, label=camp)
        scored = part[part["mean_score"].notna()]
        sx = np.array([position[p] for p in scored["period"]], dtype=float) + (k - (len(camps) - 1) / 2) * 0.08
        mean, low, high = (scored[column].to_numpy(dtype=float) for column in ("mean_score", "ci_low", "ci_high"))
        stance_ax.errorbar(sx, mean, yerr=[mean - low, high - mean], fmt="o-", color=colour, capsize=3, label=camp)
    count_ax.set_ylabel("statements")
    count_ax.legend(loc="upper left", fontsize="small")
    count_ax.set_title("Statements, stance and frames over time")
    stance_ax.axhline(0, color="grey", linewidth=0.8)
    stance_ax.set_ylim(-1.05, 1.05)
    stance_ax.set_ylabel("mean target stance\n(−1 hostile … +1 favourable)")
    pivot = frames.pivot_table(index="period", columns="frame", values="share", aggfunc="sum").reindex(periods).fillna(0.0)
    colours = _frame_colours(list(pivot.columns))
    for frame in pivot.columns:
        if pivot[frame].any():
            frame_ax.plot(x, pivot[frame].to_numpy(), marker="o", color=colours[frame], label=frame)
    frame_ax.set_ylabel("share of sentences\ninvoking each frame")
    frame_ax.set_ylim(bottom=0)
    if frame_ax.get_legend_handles_labels()[0]:
        frame_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    frame_ax.set_xticks(x, [str(p) for p in periods], rotation=30, ha="right")
    figure.tight_layout()
    return figure


def _frame_colours(frames: list[str]) -> dict[str, tuple]:
    import matplotlib

    palette = matplotlib.colormaps["tab20"]
    return {frame: palette(i % 20) for i, frame in enumerate(frames)}
