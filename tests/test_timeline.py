"""Tests for newsframe.timeline, newsframe.events and the timeline figure: calendar intervals, the seeds' timeline and events merged across articles."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from newsframe import events as events_module
from newsframe.events import (
    MERGEABLE,
    _label_scores,
    _representative,
    assign_events,
    date_conflicts,
    event_keywords,
    event_similarity,
    keyword_weights,
    merge_events,
)
from newsframe.pipeline import analyze
from newsframe.plots import timeline_figure
from newsframe.timeline import TIMELINE_COLUMNS, build_timeline, event_clause, unresolved_summary
from newsframe.timex import judge_future, timex_intervals, timex_value_interval

D = pd.Timestamp
EVENT_WORDS = [
    "treaty",
    "signed",
    "summit",
    "Putin",
    "Xi",
    "pipeline",
    "gas",
    "sanctions",
    "visit",
    "Moscow",
    "trade",
    "record",
]


@pytest.mark.parametrize(
    ("value", "mod", "first", "last", "granularity"),
    [
        ("2024-05-16", "", "2024-05-16", "2024-05-16", "day"),
        ("2024-05-16T14:30", "", "2024-05-16", "2024-05-16", "day"),
        ("2013-03-22TAF", "", "2013-03-22", "2013-03-22", "day"),
        ("2024-05", "", "2024-05-01", "2024-05-31", "month"),
        ("2024-02", "", "2024-02-01", "2024-02-29", "month"),
        ("2024-05-XX", "", "2024-05-01", "2024-05-31", "month"),
        ("2024", "", "2024-01-01", "2024-12-31", "year"),
        ("2024-XX-XX", "", "2024-01-01", "2024-12-31", "year"),
        ("2024-QX", "", "2024-01-01", "2024-12-31", "year"),
        ("2024-W20", "", "2024-05-13", "2024-05-19", "week"),
        ("2024-W20-WE", "", "2024-05-18", "2024-05-19", "week"),
        ("2024-W20-3", "", "2024-05-15", "2024-05-15", "week"),
        ("2020-W53", "", "2020-12-28", "2021-01-03", "week"),
        ("2024-SP", "", "2024-03-01", "2024-05-31", "season"),
        ("2024-SU", "", "2024-06-01", "2024-08-31", "season"),
        ("2024-FA", "", "2024-09-01", "2024-11-30", "season"),
        ("2023-WI", "", "2023-12-01", "2024-02-29", "season"),
        ("1998-Q3", "", "1998-07-01", "1998-09-30", "quarter"),
        ("2024-H1", "", "2024-01-01", "2024-06-30", "half"),
        ("2024-H2", "", "2024-07-01", "2024-12-31", "half"),
        ("196X", "", "1960-01-01", "1969-12-31", "decade"),
        ("199", "", "1990-01-01", "1999-12-31", "decade"),
        ("19", "", "1900-01-01", "1999-12-31", "century"),
        ("20XX", "", "2000-01-01", "2099-12-31", "century"),
        ("196X", "END", "1967-01-01", "1969-12-31", "decade"),
        ("196X", "START", "1960-01-01", "1962-12-31", "decade"),
        ("196X", "MID", "1963-01-01", "1966-12-31", "decade"),
        ("2023", "END", "2023-09-01", "2023-12-31", "year"),
        ("1999-12", "START", "1999-12-01", "1999-12-10", "month"),
        ("1999-11", "END", "1999-11-21", "1999-11-30", "month"),
        ("19", "START", "1900-01-01", "1932-12-31", "century"),
        ("2024-05-16", "END", "2024-05-16", "2024-05-16", "day"),
        ("2024", "APPROX", "2024-01-01", "2024-12-31", "year"),
    ],
)
def test_interval_of_every_value_family(value, mod, first, last, granularity):
    assert timex_value_interval(value, mod) == (D(first), D(last), granularity)


@pytest.mark.parametrize(
    "value",
    ["XXXX-05-17", "XXXX-WXX-2", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "P3Y", "XXXX", "2024-02-30", "2024-W60", ""],
)
def test_values_without_a_calendar_interval_are_unresolved(value):
    first, last, granularity = timex_value_interval(value)
    assert pd.isna(first) and pd.isna(last) and granularity == "unresolved"


def test_intervals_over_a_column():
    table = timex_intervals(["2024", "XXXX-05-17", "196X"], ["", "", "END"])
    assert list(table["granularity"]) == ["year", "unresolved", "decade"]
    assert str(table["date_start"].dtype) == "datetime64[ns]"
    assert table.loc[2, "date_start"] == D("1967-01-01") and pd.isna(table.loc[1, "date_end"])


def test_future_is_judged_from_the_anchor_first_then_the_text():
    y2030 = timex_value_interval("2030")
    assert judge_future("setting a target of $300 billion", "setting a target by the year ", "2030", *y2030[:2], None)
    assert not judge_future(
        "bilateral trade reached $240 billion", "In ", "2023", *timex_value_interval("2023")[:2], None
    )
    assert not judge_future("will be reviewed", "", "2023", *timex_value_interval("2023")[:2], D("2024-05-18"))
    assert judge_future("trade reached", "", "2025", *timex_value_interval("2025")[:2], D("2024-05-18"))
    assert judge_future("the summit will open", "", "2024-05", *timex_value_interval("2024-05")[:2], D("2024-05-18"))
    assert judge_future("the coming decades", "", "FUTURE_REF", pd.NaT, pd.NaT, None)


def test_event_clause_keeps_the_words_that_say_what_happened():
    sentence = (
        "On May 16, 2024, President Xi and President Vladimir Putin expressed their resolve, bolstering cooperation."
    )
    start = sentence.index("May 16, 2024")
    assert event_clause(sentence, start, start + len("May 16, 2024")) == (
        "On May 16, 2024, President Xi and President Vladimir Putin expressed their resolve"
    )
    aside = "The Communiqué supplemented NATO’s 2022 Strategic Concept (June 2022) and more."
    start = aside.index("June 2022")
    assert (
        event_clause(aside, start, start + 9) == "The Communiqué supplemented NATO’s 2022 Strategic Concept (June 2022)"
    )


@pytest.fixture(scope="module")
def timeline(seed_articles, seed_sentences) -> pd.DataFrame:
    return build_timeline(seed_articles, seed_sentences)


@pytest.fixture(scope="module")
def events(timeline) -> pd.DataFrame:
    return merge_events(timeline)


def test_event_keywords_drop_stop_words_and_word_order():
    assert event_keywords("the collapse of the Soviet Union") == event_keywords("Soviet Union collapse")


def test_timeline_columns_and_offsets(timeline, seed_articles):
    assert list(timeline.columns) == TIMELINE_COLUMNS
    texts = dict(zip(seed_articles["doc_id"], seed_articles["clean_text"]))
    assert all(
        texts[d][s:e] == t
        for d, s, e, t in zip(timeline["doc_id"], timeline["start"], timeline["end"], timeline["timex"])
    )


def test_by_the_year_2030_is_a_future_target(timeline):
    row = timeline[timeline["doc_id"].str.startswith("000") & (timeline["timex"] == "the year 2030")]
    assert len(row) == 1, "the FAQ repeat is left out by default"
    row = row.iloc[0]
    assert row["value"] == "2030" and row["is_future"] and row["granularity"] == "year"
    assert "$300 billion" in row["event"]


def test_past_and_future_on_the_seeds(timeline):
    doc004 = timeline[timeline["doc_id"].str.startswith("004")]
    assert not doc004.loc[doc004["value"] == "2023", "is_future"].any()
    assert not doc004.loc[doc004["value"] == "1991", "is_future"].any()
    doc003 = timeline[timeline["doc_id"].str.startswith("003")]
    assert doc003.loc[doc003["value"] == "2049", "is_future"].all()
    assert not doc003.loc[doc003["value"] == "2024-05-16", "is_future"].any()


def test_figures_and_names_are_not_timeline_entries(timeline):
    for text in ("$300 billion", "300", "5G", "32-member", "32", "240"):
        assert not (timeline["timex"] == text).any(), text
    assert not timeline["timex"].str.contains(r"\$|5G|member").any()


def test_the_faq_is_kept_on_request(seed_articles, seed_sentences):
    with_faq = build_timeline(seed_articles, seed_sentences, include_faq=True)
    assert (with_faq["doc_id"].str.startswith("000") & (with_faq["value"] == "2030")).sum() == 3


@pytest.mark.parametrize(("year", "keyword"), [("1991", "Soviet Union"), ("2001", "Treaty of Good-Neighborliness")])
def test_history_merges_across_001_and_004(events, year, keyword):
    merged = events[events["values"].map(lambda values: year in values)]
    assert len(merged) == 1
    event = merged.iloc[0]
    assert [d[:3] for d in event["doc_ids"]] == ["001", "004"] and event["n_sources"] == 2
    assert keyword in event["event"] and not event["is_future"]


def test_unrelated_events_of_one_year_stay_apart(events):
    of_2023 = events[events["date_start"].dt.year == 2023]
    assert len(of_2023) == 2, "the 2023 trade figure (004) is not the 2023 NATO summit (003)"
    summit = of_2023[of_2023["label"].str.contains("NATO")].iloc[0]
    assert sorted(summit["values"]) == ["2023", "2023-07-11"], "same sentence, overlapping dates: one event"


def test_event_ids_are_deterministic(timeline, events):
    again = merge_events(timeline.sample(frac=1.0, random_state=3))
    assert sorted(again["event_id"]) == sorted(events["event_id"])
    assert events["event_id"].is_unique


def _random_timeline(seed: int, n: int = 120) -> pd.DataFrame:
    """Mentions with labels drawn from a few overlapping word sets, dates that often overlap, some unresolved."""
    rng = random.Random(seed)
    spread = 700 if seed % 2 else 30  # a narrow spread makes same-day and touching intervals common
    days = [D("2023-01-01") + pd.Timedelta(days=rng.randrange(0, spread)) for _ in range(n)]
    granularity = [rng.choice(["day", "day", "month", "year", "decade", "unresolved"]) for _ in range(n)]
    spans = {"day": 0, "month": 30, "year": 364, "decade": 3650, "unresolved": 0}
    return pd.DataFrame(
        {
            "doc_id": [f"d{rng.randrange(8)}" for _ in range(n)],
            "sent_id": [rng.randrange(4) for _ in range(n)],
            "start": list(range(n)),
            "label": [" ".join(rng.sample(EVENT_WORDS, rng.randrange(1, 4))) for _ in range(n)],
            "granularity": granularity,
            "date_start": [pd.NaT if g == "unresolved" else d for d, g in zip(days, granularity)],
            "date_end": [
                pd.NaT if g == "unresolved" else d + pd.Timedelta(days=spans[g]) for d, g in zip(days, granularity)
            ],
        }
    )


def _pairwise_events(timeline: pd.DataFrame, threshold: float = 0.25) -> set[frozenset[int]]:
    """The events by definition: compare every pair of mentions, join, and take the connected groups."""
    weights = keyword_weights(event_keywords(label) for label in timeline["label"])
    rows = list(timeline.itertuples(index=False))
    group = list(range(len(rows)))
    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if a.granularity not in MERGEABLE or b.granularity not in MERGEABLE:
                continue
            overlap = a.date_start <= b.date_end and b.date_start <= a.date_end
            alike = event_similarity(event_keywords(a.label), event_keywords(b.label), weights) >= threshold
            if overlap and (alike or (a.doc_id, a.sent_id) == (b.doc_id, b.sent_id)):
                old, new = group[j], group[i]
                group = [new if g == old else g for g in group]
    events: dict[int, set[int]] = {}
    for i, g in enumerate(group):
        if rows[i].granularity != "unresolved":
            events.setdefault(g, set()).add(i)
    return {frozenset(members) for members in events.values()}


@pytest.mark.parametrize("seed", range(6))
def test_events_are_those_of_the_pairwise_definition(seed: int) -> None:
    timeline = _random_timeline(seed)
    assigned = assign_events(timeline)
    found = {frozenset(rows.index) for _, rows in assigned[assigned["event_id"] != ""].groupby("event_id")}
    assert found == _pairwise_events(timeline)
    assert len(found) < (timeline["granularity"] != "unresolved").sum(), "the sample must contain merged events"


@pytest.mark.parametrize("seed", range(4))
def test_the_representative_mention_is_the_one_most_like_the_others(seed: int) -> None:
    rng = random.Random(seed)
    labels = [" ".join(rng.sample(EVENT_WORDS, rng.randrange(1, 4))) for _ in range(40)]
    doc_ids, starts = [f"d{rng.randrange(5)}" for _ in labels], list(range(len(labels)))
    weights = keyword_weights(event_keywords(label) for label in labels)
    keywords = [event_keywords(label) for label in labels]
    scores = [
        round(sum(event_similarity(keywords[i], keywords[j], weights) for j in starts if j != i), 9) for i in starts
    ]
    expected = min(starts, key=lambda i: (-scores[i], len(labels[i]), doc_ids[i], starts[i]))
    assert _representative(labels, doc_ids, starts, weights) == expected


def test_large_events_score_labels_as_the_exact_sums_do(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    vocabulary = EVENT_WORDS + [f"topic{letter}" for letter in "abcdefghijklmnopqrtuvwxyz"]
    keywords = list(
        dict.fromkeys(event_keywords(" ".join(rng.sample(vocabulary, rng.randrange(1, 6)))) for _ in range(900))
    )
    assert len(keywords) > events_module.EXACT_SCORE_LABELS, "the sample must take the sparse path"
    counts = np.array([rng.randrange(1, 4) for _ in keywords])
    weights = keyword_weights(k for k, n in zip(keywords, counts) for _ in range(n))
    sparse_scores = _label_scores(keywords, counts, weights)
    monkeypatch.setattr(events_module, "EXACT_SCORE_LABELS", len(keywords))
    exact_scores = _label_scores(keywords, counts, weights)
    assert max(abs(a - b) for a, b in zip(sparse_scores, exact_scores)) <= 1e-9
    assert sum(a == b for a, b in zip(sparse_scores, exact_scores)) >= 0.99 * len(keywords)


@pytest.mark.parametrize(("seed", "threshold"), [(0, 0.5), (1, 0.5), (2, 0.25), (3, 0.0)])
def test_date_conflicts_are_those_of_the_pairwise_definition(seed: int, threshold: float) -> None:
    """Every pair of dated mentions in different articles, alike and not overlapping, folded onto its groups (same keywords, same interval).

    Each group that has such a pair is one row, naming the conflicting group with the most
    articles (then the most similar, then the first) and how many groups conflict with it.
    """
    timeline = _random_timeline(seed).assign(value="2023")
    # a mention without its interval has no date to disagree about
    timeline.loc[timeline.index[::9], "date_end"] = pd.NaT
    usable = timeline[timeline["granularity"].isin(MERGEABLE)].reset_index(drop=True)
    weights = keyword_weights(event_keywords(label) for label in usable["label"])
    group_of = {i: (event_keywords(row.label), row.date_start, row.date_end) for i, row in usable.iterrows()}
    members: dict[tuple, list[int]] = {}
    for i, row in usable.sort_values(["doc_id", "start"]).iterrows():
        members.setdefault(group_of[i], []).append(i)
    pairs = set()
    for i, a in usable.iterrows():
        for j, b in usable.iloc[i + 1 :].iterrows():
            if pd.isna(a["date_end"]) or pd.isna(b["date_end"]) or a["doc_id"] == b["doc_id"]:
                continue
            if a["date_start"] <= b["date_end"] and b["date_start"] <= a["date_end"]:
                continue
            similarity = event_similarity(event_keywords(a["label"]), event_keywords(b["label"]), weights)
            if similarity >= threshold:
                pairs.add((frozenset({group_of[i], group_of[j]}), round(similarity, 3)))
    order = list(members)
    n_articles = {g: usable.loc[members[g], "doc_id"].nunique() for g in order}
    conflicting: dict[tuple, list[tuple]] = {}
    for groups, similarity in pairs:
        for own in groups:
            (other,) = groups - {own}
            conflicting.setdefault(own, []).append((-n_articles[other], -similarity, order.index(other), other))
    expected = []
    for own, others in conflicting.items():
        _, negative_similarity, _, other = min(others)
        i, j = members[own][0], members[other][0]
        expected.append(
            (usable.at[i, "doc_id"], usable.at[i, "label"], n_articles[own])
            + (usable.at[j, "doc_id"], usable.at[j, "label"], n_articles[other], -negative_similarity, len(others))
        )
    found = date_conflicts(timeline, threshold=threshold)
    assert expected, "the sample must contain conflicts"
    columns = ["doc_id", "label", "n_articles", "doc_id_other", "label_other", "n_articles_other"]
    assert sorted(found[[*columns, "similarity", "n_other_dates"]].itertuples(index=False, name=None)) == sorted(
        expected
    )
    assert found["n_articles"].is_monotonic_decreasing


def test_one_wording_retold_under_two_dates_is_one_conflict_however_many_articles() -> None:
    n = 400
    timeline = pd.DataFrame(
        {
            "doc_id": [f"d{i:04d}" for i in range(n)],
            "sent_id": 0,
            "start": 0,
            "label": ["Putin and Xi signed the energy accord in Beijing"] * n,
            "value": ["2023-05-17" if i % 2 else "2024-05-17" for i in range(n)],
            "granularity": "day",
            "date_start": [D("2023-05-17") if i % 2 else D("2024-05-17") for i in range(n)],
        }
    ).assign(date_end=lambda t: t["date_start"])
    found = date_conflicts(timeline)
    columns = ["doc_id", "value", "n_articles", "doc_id_other", "value_other", "n_articles_other", "n_other_dates"]
    assert found[columns].values.tolist() == [
        ["d0000", "2024-05-17", n // 2, "d0001", "2023-05-17", n // 2, 1],
        ["d0001", "2023-05-17", n // 2, "d0000", "2024-05-17", n // 2, 1],
    ]


def test_unresolved_relative_mentions_are_counted(seed_articles, timeline):
    from newsframe.timex import extract_corpus_timexes

    summary = unresolved_summary(seed_articles, extract_corpus_timexes(seed_articles)).set_index(
        seed_articles["doc_id"].str[:3]
    )
    assert summary.loc["000", "n_unresolved"] >= 1 and "Tuesday" in summary.loc["000", "unresolved_examples"]
    assert summary.loc["003", "n_resolved"] > summary.loc["003", "n_unresolved"]


def test_a_corpus_without_dates(seed_articles, seed_sentences):
    no_dates = seed_articles.assign(clean_text="China and Russia talk.", published=pd.NaT)
    sentences = seed_sentences.iloc[0:0]
    timeline = build_timeline(no_dates, sentences)
    assert timeline.empty and list(timeline.columns) == TIMELINE_COLUMNS
    events = merge_events(timeline)
    assert events.empty
    timeline_figure(events)


def test_figure_draws_the_seeds(events):
    figure = timeline_figure(events)
    top, bottom = figure.axes[:2]
    labels = [text.get_text() for text in bottom.texts]
    assert any(label.startswith("16 May 2024") for label in labels)
    assert any("1991" in text.get_text() and "[2 sources]" in text.get_text() for text in top.texts)


def test_history_and_far_targets_stay_off_the_calendar() -> None:
    from newsframe.timex import OUT_OF_WINDOW

    for value in ("15", "160X", "1650", "1617-05", "06", "00", "2263", "21"):
        assert timex_value_interval(value)[2] == OUT_OF_WINDOW and pd.isna(timex_value_interval(value)[0]), value
    assert timex_value_interval("1790-05", years=(1700, 2100))[2] == "month"
    assert timex_value_interval("19")[2] == "century" and timex_value_interval("199X")[2] == "decade"
    intervals = timex_intervals(["15", "2024-05-16", "1650"])
    assert str(intervals["date_start"].dtype) == "datetime64[ns]"
    assert intervals["granularity"].tolist() == [OUT_OF_WINDOW, "day", OUT_OF_WINDOW]


NONSEED = Path(__file__).parent / "corpora" / "nonseed"


@pytest.fixture(scope="module")
def nonseed_events(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return analyze(NONSEED, cache_dir=tmp_path_factory.mktemp("nonseed_cache")).events


def _events_on(events: pd.DataFrame, value: str) -> pd.DataFrame:
    return events[events["values"].map(lambda values: value in list(values))]


def test_one_summit_told_five_ways_by_five_articles_is_one_event(nonseed_events):
    # "arrived in Beijing on May 16, 2024", "signed in Beijing on Thursday", "welcomed … on 16 May",
    # "last Thursday's talks", "held their summit on May 16, 2024": five wordings, one day, the same people.
    beijing = _events_on(nonseed_events, "2024-05-16")
    assert len(beijing) == 1
    assert beijing.iloc[0]["n_sources"] == 5


def test_two_summits_in_one_week_stay_two_events(nonseed_events):
    astana, washington = _events_on(nonseed_events, "2024-07-04"), _events_on(nonseed_events, "2024-07-10")
    assert len(astana) == 1 and len(washington) == 1
    assert astana.iloc[0]["event_id"] != washington.iloc[0]["event_id"]
    assert "Astana" in astana.iloc[0]["label"] and "Washington" in washington.iloc[0]["label"]


def test_same_day_mentions_join_on_a_shared_person_not_a_shared_state():
    day = D("2024-05-16")
    timeline = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "sent_id": [0, 0, 0, 0],
            "start": [0, 0, 0, 0],
            "label": [
                "arrived in the capital",
                "signed a long statement",
                "opened a trade fair",
                "the parade was held",
            ],
            "granularity": ["day"] * 4,
            "date_start": [day] * 4,
            "date_end": [day] * 4,
            "actors": [["Vladimir Putin", "China"], ["Xi Jinping", "Vladimir Putin"], ["China"], ["Vladimir Putin"]],
        }
    )
    ids = assign_events(timeline)["event_id"].tolist()
    assert ids[0] == ids[1] == ids[3], "Putin on May 16 in three articles: one event"
    assert ids[2] != ids[0], "naming China on the same day is not enough"
    later = timeline.assign(
        date_start=[day, day + pd.Timedelta(days=1), day, day], date_end=[day, day + pd.Timedelta(days=1), day, day]
    )
    ids = assign_events(later)["event_id"].tolist()
    assert ids[1] != ids[0], "the same people on the next day: another event"
