"""Tests for newsframe.claims: figures, their units, what they measure and the year they refer to."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from newsframe.claims import CLAIM_COLUMNS, compare_claims, extract_claims, quantity_of, sentence_claims


@pytest.fixture(scope="module")
def claims(seed_articles, seed_sentences) -> pd.DataFrame:
    return extract_claims(seed_articles, seed_sentences)


def _one(claims: pd.DataFrame, prefix: str, text: str) -> pd.Series:
    rows = claims[claims["doc_id"].str.startswith(prefix) & (claims["text"] == text)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_columns_and_offsets(claims, seed_articles):
    assert list(claims.columns) == CLAIM_COLUMNS
    texts = dict(zip(seed_articles["doc_id"], seed_articles["clean_text"]))
    assert all(
        texts[d][s:e] == t for d, s, e, t in zip(claims["doc_id"], claims["start"], claims["end"], claims["text"])
    )


def test_the_2030_trade_target(claims):
    claim = _one(claims, "000", "$300 billion")
    assert claim["value"] == 300e9 and claim["unit"] == "USD" and claim["kind"] == "money"
    assert claim["year"] == 2030 and claim["is_future"]
    assert claim["quantity"] == "bilateral trade" and claim["quantity_key"] == "trade"


def test_the_240_billion_in_two_sources(claims):
    stated_now = _one(claims, "002", "$240 billion")
    assert stated_now["value"] == 240e9 and stated_now["qualifier"] == "more_than"
    assert stated_now["year"] == 2024, "'now' in an article published 2024-05-18"
    assert not stated_now["is_future"] and stated_now["quantity_key"] == "trade"
    dated = _one(claims, "004", "$240 billion")
    assert dated["year"] == 2023 and not dated["is_future"] and dated["quantity"] == "bilateral trade"


def test_counts_and_what_is_not_a_claim(claims):
    members = _one(claims, "003", "32-member")
    assert members["kind"] == "count" and members["value"] == 32 and members["quantity"] == "alliance members"
    assert not claims["text"].str.contains("5G|I2U2|21st|2049|May").any()
    assert len(claims) == 4, claims[["doc_id", "text"]]


def test_the_faq_repeat_is_kept_on_request(seed_articles, seed_sentences):
    with_faq = extract_claims(seed_articles, seed_sentences, include_faq=True)
    assert (with_faq["doc_id"].str.startswith("000") & (with_faq["text"] == "$300 billion")).sum() == 2


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Exports rose 25% to USD 2.3 trillion.",
            [("25%", "percent", 25.0, "percent"), ("USD 2.3 trillion", "money", 2.3e12, "USD")],
        ),
        (
            "It grew 25 percent, or 3.5 percentage points.",
            [("25 percent", "percent", 25.0, "percent"), ("3.5 percentage points", "percent", 3.5, "percentage_point")],
        ),
        (
            "Russia keeps 2 million troops and two million reservists.",
            [("2 million troops", "count", 2e6, "count"), ("two million reservists", "count", 2e6, "count")],
        ),
        (
            "Trade of 1.2 trillion yuan (about $170bn).",
            [("1.2 trillion yuan", "money", 1.2e12, "CNY"), ("$170bn", "money", 170e9, "USD")],
        ),
        (
            "1,000 soldiers joined the 5-year drill with 5G kit and I2U2 in the 21st century.",
            [("1,000 soldiers", "count", 1000.0, "count")],
        ),
        ("In 2023 the summit met in 1999 style.", []),
    ],
)
def test_figures_in_a_sentence(sentence, expected):
    found = [(c["text"], c["kind"], c["value"], c["unit"]) for c in sentence_claims(sentence)]
    assert [(t, k, u) for t, k, _, u in found] == [(t, k, u) for t, k, _, u in expected]
    assert all(math.isclose(a[2], b[2]) for a, b in zip(found, expected))


def test_quantity_prefers_the_phrase_after_the_figure():
    sentence = "Energy sales grew while 25% of exports went east."
    start = sentence.index("25%")
    assert quantity_of(sentence, start, start + 3) == ("exports", "exports")
    assert quantity_of("Nothing here costs $5.", 18, 20) == ("", "")


def test_compare_claims_sets_sources_side_by_side(claims):
    table = compare_claims(claims)
    reported = table[(table["quantity_key"] == "trade") & ~table["is_future"]].iloc[0]
    assert reported["n_sources"] == 2 and reported["figures_agree"] and reported["years"] == [2023, 2024]
    assert reported["years_agree"] is False or not reported["years_agree"]
    target = table[(table["quantity_key"] == "trade") & table["is_future"]].iloc[0]
    assert target["max_value"] == 300e9 and pd.isna(target["figures_agree"])


def test_no_claims_no_crash(seed_articles, seed_sentences):
    empty = extract_claims(seed_articles, seed_sentences.iloc[0:0])
    assert empty.empty and list(empty.columns) == CLAIM_COLUMNS
    assert compare_claims(empty).empty
