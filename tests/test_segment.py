"""Sentence splitting: offsets into clean_text, abbreviations, sections and FAQ flags."""

from __future__ import annotations

import pandas as pd
from newsframe.segment import SENTENCE_COLUMNS, sentence_spans

from tests.conftest import article


def test_offsets_point_back_into_clean_text(seed_articles: pd.DataFrame, seed_sentences: pd.DataFrame) -> None:
    assert list(seed_sentences.columns) == SENTENCE_COLUMNS
    texts = seed_articles.set_index("doc_id")["clean_text"]
    for row in seed_sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert (seed_sentences.groupby("doc_id")["sent_id"].apply(lambda ids: list(ids) == list(range(len(ids))))).all()


def test_us_abbreviation_does_not_split_the_blinken_sentence(seed_sentences: pd.DataFrame) -> None:
    hits = seed_sentences[seed_sentences["text"].str.contains("U.S. Secretary of State Antony Blinken", regex=False)]
    assert len(hits) == 1
    assert hits["text"].iloc[0].startswith("Similarly, U.S. Secretary")
    assert hits["text"].iloc[0].endswith("global partners.") or hits["text"].iloc[0].endswith(".")


def test_sentence_ends_after_a_closing_curly_quote(seed_sentences: pd.DataFrame) -> None:
    stoltenberg = seed_sentences[seed_sentences["text"].str.contains("Stoltenberg articulated")]["text"].iloc[0]
    assert stoltenberg.endswith("global stability.\u201d")


def test_faq_and_sections(seed_articles: pd.DataFrame, seed_sentences: pd.DataFrame) -> None:
    doc = article(seed_articles, "000")["doc_id"]
    sentences = seed_sentences[seed_sentences["doc_id"] == doc]
    faq = sentences[sentences["is_faq"]]
    assert len(faq) == 8 and (faq["section"] == "FAQs").all()
    assert sentences["text"].str.contains("Key Elements of the Partnership").sum() == 0
    assert not seed_sentences[seed_sentences["doc_id"] != doc]["is_faq"].any()


def test_bullets_are_not_part_of_the_sentence() -> None:
    text = "\u2013 Soviet Era: During the Cold War, they were allies. They split later."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Soviet Era: During the Cold War, they were allies.",
        "They split later.",
    ]


def test_a_sentence_with_no_punctuation_comes_back_whole() -> None:
    text = "word " * 4000
    assert sentence_spans(text) == [(0, len(text.rstrip()))]
