"""The notebooks' figures: each takes tidy tables and returns a matplotlib ``Figure``.

Figures name articles by :func:`newsframe.display.article_labels`, never by hash, and draw
nothing they were not given: every mark comes from a row of the table passed in, which the
notebook also writes to CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from newsframe.timeline import as_list
from newsframe.timex import GRANULARITIES

CAMP_COLOURS = {"western": "tab:blue", "sino_russian": "tab:red"}
BODY_COLOUR = "#4C72B0"
FAQ_COLOUR = "#DD8452"


def sentences_per_article(
    stats: pd.DataFrame, labels: Mapping[str, str] | pd.Series, *, max_articles: int = 30
) -> Figure:
    """Horizontal bars of body and FAQ sentences per article (``stats``: doc_id, sentences, faq_sentences).

    At most ``max_articles`` bars, so that the figure keeps its size whatever the corpus: a
    larger corpus shows its longest articles (most sentences, ties in table order), and the
    title says how many of how many; every article stays in the table the notebook writes.
    """
    shown = _most(stats, stats["sentences"] + stats["faq_sentences"], max_articles)
    names = [labels.get(doc_id, doc_id) for doc_id in shown["doc_id"]]
    figure = Figure(figsize=(9, 0.6 + 0.45 * len(shown)))
    ax = figure.subplots()
    ax.barh(names, shown["sentences"], color=BODY_COLOUR, label="body sentences")
    ax.barh(names, shown["faq_sentences"], left=shown["sentences"], color=FAQ_COLOUR, label="FAQ sentences")
    ax.invert_yaxis()
    ax.set_xlabel("sentences after cleaning")
    ax.set_title("Sentences per article" + _of_all(len(shown), len(stats), "longest"))
    ax.margins(x=0.15)
    ax.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    return figure


def _most(table: pd.DataFrame, size: pd.Series, limit: int) -> pd.DataFrame:
    """The ``limit`` rows of ``table`` with the largest ``size`` (ties: table order), in table order; all rows when fewer."""
    if len(table) <= limit:
        return table
    keep = size.reset_index(drop=True).sort_values(ascending=False, kind="stable").index[:limit]
    return table.iloc[sorted(keep)]


def _of_all(shown: int, total: int, which: str) -> str:
    """A title suffix naming a cut: ": the 30 longest of 5,000 articles (all in the table)"; "" when nothing was cut."""
    return f": the {shown} {which} of {total:,} articles (all in the table)" if shown < total else ""


def sentiment_per_article(
    sentences: pd.DataFrame,
    doc_ids: Sequence[str],
    labels: Mapping[str, str] | pd.Series,
    *,
    max_articles: int = 20,
) -> Figure:
    """Box plot of sentence sentiment per article with every sentence as a jittered dot.

    sentences: one row per scored sentence, columns doc_id, sentiment (−1 … +1). Articles are
    drawn in the order of ``doc_ids``; the jitter is seeded, so the figure is the same on every run.
    At most ``max_articles`` boxes, so that the figure keeps its size whatever the corpus: a
    larger corpus shows the articles with the most scored sentences (their boxes mean the
    most), and the title says how many of how many.
    """
    values = {doc_id: group.to_numpy() for doc_id, group in sentences.groupby("doc_id", sort=False)["sentiment"]}
    every = pd.DataFrame({"doc_id": list(doc_ids)})
    doc_ids = list(_most(every, every["doc_id"].map(lambda d: len(values.get(d, ()))), max_articles)["doc_id"])
    groups = [values.get(doc_id, np.array([], dtype=float)) for doc_id in doc_ids]
    figure = Figure(figsize=(2.5 + 1.2 * len(doc_ids), 5))
    ax = figure.subplots()
    ax.boxplot(groups, widths=0.6, showfliers=False)
    rng = np.random.default_rng(0)
    for position, scores in enumerate(groups, start=1):
        ax.scatter(position + rng.uniform(-0.18, 0.18, len(scores)), scores, s=12, alpha=0.6, color=BODY_COLOUR)
    ax.axhline(0, color="grey", lw=0.8, ls=":")
    ax.set_xticks(range(1, len(doc_ids) + 1), [labels[doc_id] for doc_id in doc_ids], rotation=30, ha="right")
    ax.set_ylim(-1, 1)
    ax.set_ylabel("sentence sentiment (-1 negative … +1 positive)")
    ax.set_title(
        "Sentence sentiment per article (box: quartiles; dots: sentences)"
        + _of_all(len(doc_ids), len(every), "with the most sentences")
    )
    return figure


def frame_article_sentiment(
    by_frame: pd.DataFrame,
    frames: Sequence[str],
    labels: Mapping[str, str] | pd.Series,
    *,
    max_articles: int = 20,
) -> Figure:
    """Heatmap of mean sentence sentiment per frame (rows, in the order of ``frames``) and article (columns), n in each cell.

    by_frame: one row per frame × article (:func:`newsframe.frames.frame_sentiment`): frame,
    doc_id, mean_score, sentences. At most ``max_articles`` columns, so that the figure keeps
    its size whatever the corpus: a larger corpus shows the articles with the most sentences
    invoking a frame, and the title says how many of how many.
    """
    means = by_frame.pivot(index="frame", columns="doc_id", values="mean_score").reindex(list(frames))
    sizes = by_frame.pivot(index="frame", columns="doc_id", values="sentences").reindex(list(frames))
    total = means.shape[1]
    if total > max_articles:
        columns = pd.DataFrame({"doc_id": list(means.columns)})
        keep = list(_most(columns, columns["doc_id"].map(sizes.sum()), max_articles)["doc_id"])
        means, sizes = means[keep], sizes[keep]
    figure = Figure(figsize=(1.6 + 1.3 * means.shape[1], 0.8 + 0.5 * means.shape[0]))
    ax = figure.subplots()
    image = ax.imshow(means.to_numpy(dtype=float), cmap="RdBu", vmin=-0.5, vmax=0.5, aspect="auto")
    for (row, column), value in np.ndenumerate(means.to_numpy(dtype=float)):
        if not np.isnan(value):
            ax.text(column, row, f"{value:+.2f}\nn={int(sizes.iat[row, column])}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(means.shape[1]), [labels[doc_id] for doc_id in means.columns], rotation=30, ha="right")
    ax.set_yticks(range(means.shape[0]), means.index)
    figure.colorbar(image, ax=ax, label="mean sentence sentiment")
    ax.set_title(
        "Mean sentiment by frame and article (n = sentences)"
        + _of_all(means.shape[1], total, "with the most framed sentences")
    )
    return figure


def method_scatter(sentences: pd.DataFrame, pearson_r: float) -> Figure:
    """VADER compound against TextBlob polarity, one dot per sentence (columns vader_compound, textblob_polarity)."""
    figure = Figure(figsize=(5.5, 5))
    ax = figure.subplots()
    ax.scatter(sentences["vader_compound"], sentences["textblob_polarity"], s=14, alpha=0.6, color=BODY_COLOUR)
    ax.axhline(0, color="grey", lw=0.8, ls=":")
    ax.axvline(0, color="grey", lw=0.8, ls=":")
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("VADER compound")
    ax.set_ylabel("TextBlob polarity")
    ax.set_title(f"VADER vs TextBlob, one dot per sentence (r = {pearson_r:.2f})")
    return figure


def stance_by_camp(table: pd.DataFrame, camps: Sequence[str] = tuple(CAMP_COLOURS)) -> Figure:
    """Mean target stance per target (rows, alphabetical) and camp, with bootstrap intervals.

    table: one row per camp × target (:func:`newsframe.stance.stance_table`): camp, target,
    mean_score, ci_low, ci_high. Camps other than ``camps`` are left out; up to two camps are
    drawn side by side on each row.
    """
    shown = table[table["camp"].isin(camps)]
    order = sorted(shown["target"].unique())
    figure = Figure(figsize=(7, 0.5 * len(order) + 1.5))
    ax = figure.subplots()
    for offset, camp in zip((-0.15, 0.15), camps):
        part = shown[shown["camp"] == camp].set_index("target").reindex(order)
        y = [i + offset for i in range(len(order))]
        ax.errorbar(
            part["mean_score"],
            y,
            xerr=[part["mean_score"] - part["ci_low"], part["ci_high"] - part["mean_score"]],
            fmt="o",
            color=CAMP_COLOURS[camp],
            label=camp,
            capsize=3,
        )
    ax.set_yticks(range(len(order)), order)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("mean target score (−1 hostile … +1 favourable), bootstrap interval")
    ax.legend(loc="lower right")
    ax.set_title("Stance toward each target by camp")
    return figure


def framing_over_time(
    trend: pd.DataFrame, frames: pd.DataFrame, *, camps: Sequence[str] = tuple(CAMP_COLOURS)
) -> Figure:
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
        count_ax.bar(
            xs - 0.4 + width * (k + 0.5), part["n_statements"].to_numpy(), width=width, color=colour, label=camp
        )
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
    pivot = (
        frames.pivot_table(index="period", columns="frame", values="share", aggfunc="sum").reindex(periods).fillna(0.0)
    )
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
    """A tab20 colour per frame, in the order given."""
    palette = colormaps["tab20"]
    return {frame: palette(i % 20) for i, frame in enumerate(frames)}


# --- the timeline of events (notebook 03) ---------------------------------------------------------

PLOTTED = frozenset(GRANULARITIES[: GRANULARITIES.index("decade") + 1])
_NO_FRAME = "no frame"


def _date_text(first: pd.Timestamp, last: pd.Timestamp, granularity: str) -> str:
    """How a label names an interval of the given granularity: "16 May 2024", "Mar–May 2024", "1990–1999"."""
    if granularity == "day":
        return f"{first.day} {first:%b %Y}"
    if granularity == "week":
        return f"week of {first.day} {first:%b %Y}"
    if granularity == "month":
        return f"{first:%b %Y}"
    if granularity in ("season", "quarter", "half"):
        return f"{first:%b}–{last:%b %Y}"
    if granularity == "year":
        return f"{first.year}"
    return f"{first.year}–{last.year}"


def _stagger(lefts: list[float], rights: list[float], pad: float) -> list[int]:
    """Level 1, 2, … for each label so that labels on one level never overlap (greedy, in the given order)."""
    occupied: list[list[tuple[float, float]]] = []
    levels = []
    for left, right in zip(lefts, rights):
        for level, spans in enumerate(occupied):
            if all(right + pad < a or left - pad > b for a, b in spans):
                spans.append((left, right))
                levels.append(level + 1)
                break
        else:
            occupied.append([(left, right)])
            levels.append(len(occupied))
    return levels


def frame_colours(events: pd.DataFrame) -> dict[str, str]:
    """A fixed colour per frame name found in ``events['frames']`` (sorted names; tab10 without its grey, then Dark2); grey for none."""
    names = sorted({name for frames in events.get("frames", pd.Series(dtype=object)) for name in as_list(frames)})
    palette = [c for i, c in enumerate(colormaps["tab10"].colors) if i != 7] + list(colormaps["Dark2"].colors)
    colours = {name: palette[i % len(palette)] for i, name in enumerate(names)}
    colours[_NO_FRAME] = (0.55, 0.55, 0.55)
    return colours


def plot_events(
    events: pd.DataFrame,
    ax,
    *,
    window: tuple[str, str] | None = None,
    label_chars: int = 48,
    unlabelled: pd.DataFrame | None = None,
    reference: pd.DataFrame | None = None,
) -> None:
    """Draw events on a date axis: markers filled for the past, hollow for plans and targets, coloured by frame.

    An event with several frames takes the colour of the rarest of them among the events drawn
    (the most telling one; ties alphabetical), so "economy", which is everywhere, does not
    colour every point.

    Each event sits at the middle of its interval, with a bar across intervals longer than a
    month; labels ("1991 · Following the dissolution of the Soviet Union [2 sources]") are
    stacked on as many levels as needed so that none overlap.  ``window`` ("2022-01-01",
    "2024-12-31") limits the axis; ``unlabelled`` events are drawn as markers without labels.
    Colours and frame rarity come from ``reference`` (default: the events drawn), so panels
    drawn from one table share their colours.
    Events coarser than a decade (centuries) are not drawn: their middle would be misleading.
    """
    if reference is None:
        reference = events if unlabelled is None else pd.concat([events, unlabelled])
    colours = frame_colours(reference)
    frequency = pd.Series(
        [name for frames in reference["frames"] for name in as_list(frames)], dtype=object
    ).value_counts()

    def colour_of(frames: object) -> tuple:
        names = as_list(frames)
        return colours[min(names, key=lambda name: (frequency.get(name, 0), name))] if names else colours[_NO_FRAME]

    shown = events[events["granularity"].isin(PLOTTED) & events["date_start"].notna()].copy()
    if window is not None:
        lo, hi = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        shown = shown[(shown["date_end"] >= lo) & (shown["date_start"] <= hi)]
    shown["mid"] = shown["date_start"] + (shown["date_end"] - shown["date_start"]) / 2
    shown = shown.sort_values(["mid", "label"], kind="stable")
    extra = (
        pd.DataFrame(columns=shown.columns)
        if unlabelled is None
        else unlabelled[unlabelled["granularity"].isin(PLOTTED)].copy()
    )
    if not extra.empty:
        extra["mid"] = extra["date_start"] + (extra["date_end"] - extra["date_start"]) / 2
    every = pd.concat([frame for frame in (shown, extra) if not frame.empty]) if len(shown) + len(extra) else shown
    if every.empty:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        return
    lo = lo if window is not None else every["date_start"].min()
    hi = hi if window is not None else every["date_end"].max()
    span_days = max((hi - lo).days, 30)
    margin = pd.Timedelta(days=span_days * 0.03)
    ax.set_xlim(lo - margin, hi + margin)
    width_in = ax.get_figure().get_size_inches()[0] * ax.get_position().width
    days_per_char = (span_days * 1.06) * (0.075 / max(width_in, 1.0))
    texts = []
    for row in shown.itertuples(index=False):
        label = row.label if len(row.label) <= label_chars else row.label[: label_chars - 1].rstrip() + "…"
        sources = f" [{row.n_sources} sources]" if row.n_sources > 1 else ""
        texts.append(f"{_date_text(row.date_start, row.date_end, row.granularity)} · {label}{sources}")
    mids = [(m - lo).days for m in shown["mid"]]
    right_aligned = [m > span_days * 0.6 for m in mids]
    lefts = [m - len(t) * days_per_char if r else m for m, t, r in zip(mids, texts, right_aligned)]
    rights = [m if r else m + len(t) * days_per_char for m, t, r in zip(mids, texts, right_aligned)]
    levels = _stagger(lefts, rights, pad=days_per_char * 2)
    for row, text, level, right in zip(shown.itertuples(index=False), texts, levels, right_aligned):
        colour = colour_of(row.frames)
        ax.plot([row.mid, row.mid], [0, level], color=colour, linewidth=0.6, alpha=0.6, zorder=1)
        ax.annotate(
            text,
            (row.mid, level),
            xytext=(-4 if right else 4, 0),
            textcoords="offset points",
            ha="right" if right else "left",
            va="center",
            fontsize=8,
        )
    # one collection per kind of mark, not an artist per event: the cost stays linear and small
    every = every.assign(_colour=[colour_of(frames) for frames in every["frames"]])
    long = every[(every["date_end"] - every["date_start"]).dt.days > 31]
    if len(long):
        segments = [
            [(start, 0.0), (end, 0.0)]
            for start, end in zip(date2num(long["date_start"].to_numpy()), date2num(long["date_end"].to_numpy()))
        ]
        bars = LineCollection(
            segments, colors=list(long["_colour"]), linewidths=5, alpha=0.35, capstyle="butt", zorder=2
        )
        ax.add_collection(bars, autolim=False)
    for future, group in every.groupby(every["is_future"].astype(bool), sort=True):
        colours_of_group = list(group["_colour"])
        ax.scatter(
            group["mid"],
            np.zeros(len(group)),
            s=30 + 25 * group["n_sources"].to_numpy(dtype=float),
            marker="D" if future else "o",
            facecolors="white" if future else colours_of_group,
            edgecolors=colours_of_group,
            linewidths=1.5,
            zorder=3,
        )
    ax.axhline(0, color="black", linewidth=0.8, zorder=0)
    ax.set_ylim(-1, max(levels, default=1) + 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)


def timeline_figure(
    events: pd.DataFrame,
    *,
    zoom: tuple[str, str] = ("2022-01-01", "2024-12-31"),
    max_labels: int = 40,
) -> Figure:
    """A two-panel figure: every event on one date axis, and the ``zoom`` window below it, with a legend.

    In the top panel events inside the zoom window are drawn without labels (the window is
    shaded); they are labelled in the lower panel.  Each panel labels at most ``max_labels``
    events, those reported by the most sources (then mentions, then date), and draws the
    others as markers, so that labels stay legible and the figure's cost stays linear in the
    events; the panel's title says so when it cuts.  Returns a ``matplotlib.figure.Figure``
    (no pyplot state), or one with a message when no event has a date.
    """
    lo, hi = pd.Timestamp(zoom[0]), pd.Timestamp(zoom[1])
    dated = events[events["granularity"].isin(PLOTTED) & events["date_start"].notna()] if len(events) else events
    inside = dated[(dated["date_start"] >= lo) & (dated["date_end"] <= hi)] if len(dated) else dated
    outside = dated.drop(index=inside.index) if len(dated) else dated
    figure = Figure(figsize=(13, 9))
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": [1, 1.2]})
    labelled, rest = _most_reported(outside, max_labels)
    plot_events(labelled, top, unlabelled=pd.concat([inside, rest]) if len(rest) else inside, reference=dated)
    if len(dated):
        top.axvspan(lo, hi, color="#f2e6c9", zorder=0)
        top.set_title(
            f"All dated events ({len(dated)}); the shaded window {lo.year}–{hi.year} is enlarged below"
            + _labels_cut(len(labelled), len(outside)),
            fontsize=10,
            loc="left",
        )
    labelled, rest = _most_reported(inside, max_labels)
    plot_events(labelled, bottom, window=zoom, unlabelled=rest if len(rest) else None, reference=dated)
    bottom.set_title(f"{lo.year}–{hi.year}" + _labels_cut(len(labelled), len(inside)), fontsize=10, loc="left")
    colours = frame_colours(dated if len(dated) else events)
    handles = [
        Line2D([], [], marker="o", linestyle="", color="black", label="reported (past)"),
        Line2D(
            [], [], marker="D", linestyle="", markerfacecolor="white", color="black", label="plan / target / forecast"
        ),
    ]
    handles += [Line2D([], [], marker="s", linestyle="", color=colour, label=name) for name, colour in colours.items()]
    figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), 6), fontsize=8, frameon=False)
    figure.subplots_adjust(bottom=0.1, hspace=0.3)
    return figure


def _most_reported(events: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the ``limit`` events with the most sources, then mentions, then earliest; the others), each in table order."""
    if len(events) <= limit:
        return events, events.iloc[:0]
    ranked = events.assign(_row=range(len(events))).sort_values(
        ["n_sources", "n_mentions", "date_start", "_row"], ascending=[False, False, True, True], kind="stable"
    )
    chosen = sorted(ranked["_row"].iloc[:limit])
    others = sorted(ranked["_row"].iloc[limit:])
    return events.iloc[chosen], events.iloc[others]


def _labels_cut(labelled: int, total: int) -> str:
    """A title suffix for a panel that labels only some events; "" when all are labelled."""
    return f" · labels on the {labelled} of {total:,} events with the most sources" if labelled < total else ""
