"""Cleaning the seeds: furniture out and logged, every body line kept, metadata recovered."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from newsframe.clean import clean_articles, clean_text, furniture_reason, is_heading

from tests.conftest import article

# Lines (1-based) that are page furniture, read off the seed files by hand.
FURNITURE_LINES = {
    "000": {1},
    "001": {23},
    "002": {1, 5, 7, 8, 9, 10, 12, 42, 44, 46},
    "003": {1, 3, 25, 28, 32, 34, 36, 38, 40, 41},
    "004": {5},
}


@pytest.mark.parametrize("prefix", sorted(FURNITURE_LINES))
def test_every_body_line_survives_and_only_furniture_is_removed(
    seed_articles: pd.DataFrame, seed_log: pd.DataFrame, prefix: str
) -> None:
    row = article(seed_articles, prefix)
    removed = seed_log[(seed_log["doc_id"] == row["doc_id"]) & (seed_log["reason"] != "normalised")]
    assert set(removed["line_no"]) == FURNITURE_LINES[prefix]
    for number, line in enumerate(row["raw_text"].split("\n"), start=1):
        body = " ".join(unicodedata.normalize("NFC", line).split())
        if body and number not in FURNITURE_LINES[prefix]:
            assert body in row["clean_text"], f"{prefix} line {number} lost"


def test_002_furniture_is_gone_and_logged(seed_articles: pd.DataFrame, seed_log: pd.DataFrame) -> None:
    row = article(seed_articles, "002")
    for furniture in (
        "How would you rate this article?",
        "https://media.voltron.alhurra.com",
        "Image recovered from",
        "5 minutes read",
        "What to read next",
    ):
        assert furniture not in row["clean_text"]
    logged = seed_log[seed_log["doc_id"] == row["doc_id"]].set_index("text")["reason"]
    assert logged["How would you rate this article?"] == "rating prompt"
    assert logged[next(t for t in logged.index if t.startswith("https://"))] == "bare URL"
    assert logged["Russian Federation"] == "tag line"


def test_004_loading_and_003_footer_are_gone(seed_articles: pd.DataFrame) -> None:
    assert "Loading" not in article(seed_articles, "004")["clean_text"]
    text_003 = article(seed_articles, "003")["clean_text"]
    for footer in ("CSS Point", "All rights reserved", "The writer is professor", "By Dr Zafar"):
        assert footer not in text_003


def test_stoltenberg_sentence_survives_intact_with_its_curly_quotes(seed_articles: pd.DataFrame) -> None:
    sentence = "NATO Secretary-General Jens Stoltenberg articulated these concerns by labeling the alliance as \u201ca significant threat to global stability.\u201d"
    assert sentence in article(seed_articles, "000")["clean_text"]


def test_003_broken_quote_marks_are_kept_as_the_page_had_them(seed_articles: pd.DataFrame) -> None:
    assert "so-called\u2019 no-limits partnership\u2019" in article(seed_articles, "003")["clean_text"]


def test_published_line_fills_a_missing_date(seed_raw: pd.DataFrame) -> None:
    no_metadata = seed_raw.assign(published=pd.NaT, title="", author="")
    cleaned, _ = clean_articles(no_metadata)
    assert article(cleaned, "002")["published"] == pd.Timestamp("2024-05-18")
    assert article(cleaned, "003")["published"] == pd.Timestamp("2024-05-22")
    assert article(cleaned, "003")["author"] == "Zafar Nawaz Jaspal"
    assert article(cleaned, "002")["title"] == "Navigating the Sino-Russian Alliance"
    assert pd.isna(article(cleaned, "001")["published"])


def test_headings_sections_and_faq(seed_articles: pd.DataFrame) -> None:
    row = article(seed_articles, "000")
    headings = [section for start, end, kind, section in row["blocks"] if kind == "heading"]
    assert headings[:2] == ["Key Elements of the Partnership", "Technological Development Initiatives"]
    assert headings[-2:] == ["Conclusion", "FAQs"]
    ((faq_start, faq_end),) = row["faq_spans"]
    assert row["clean_text"][faq_start:].startswith("FAQs")
    assert faq_end == len(row["clean_text"])
    assert "Historical Background" in [b[3] for b in article(seed_articles, "001")["blocks"]]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Was this article helpful?", "rating prompt"),
        ("ALSO READ: Something else entirely", "promo"),
        ("Loading…", "loading"),
        ("www.example.com/a/b", "bare URL"),
        ("Photo courtesy of Reuters", "image credit"),
        ("3 min read", "reading time"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("The arms trade grew by 5% as farms failed.", ""),
        ("Russia said sanctions would be read as hostile.", ""),
    ],
)
def test_furniture_rules(line: str, reason: str) -> None:
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Key Elements of the Partnership", True),
        ("Conclusion", True),
        ("Historical Background:", True),
        ("What are the main objectives?", False),
        ("Putin met Xi in Beijing.", False),
        ("– Soviet Era: During the Cold War", False),
    ],
)
def test_heading_detection(line: str, expected: bool) -> None:
    assert is_heading(line) is expected


def test_clean_text_normalises_unicode_and_spaces() -> None:
    text, blocks, _, found = clean_text("Caf\u0065\u0301\u00a0 society  grows.\n")
    assert text == "Caf\u00e9 society grows."
    assert blocks == [[0, len(text), "paragraph", ""]]
    assert found.log == [(1, "Caf\u0065\u0301\u00a0 society  grows.", "normalised")]


def test_clean_articles_takes_a_table_built_by_hand_without_corpus_columns() -> None:
    """No outlet or source_path (a table a script builds, as benchmarks/predict_attribution.py does): one group, no KeyError."""
    raw = pd.DataFrame(
        {
            "doc_id": ["a"],
            "raw_text": ["Xi met Putin in Beijing on Thursday.\n\nThey signed a statement."],
            "title": [""],
            "author": [""],
            "published": [pd.NaT],
        }
    )
    articles, _ = clean_articles(raw)
    assert articles["clean_text"].iloc[0].startswith("Xi met Putin in Beijing")
