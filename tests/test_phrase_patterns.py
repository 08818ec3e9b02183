"""The one alternation helper (newsframe.phrase_patterns) and the one FAQ filter (newsframe.segment)."""

from __future__ import annotations

import re

import pandas as pd
from newsframe.overview import article_stats
from newsframe.phrase_patterns import alternation
from newsframe.segment import exclude_sentences


def test_alternation_tries_the_longest_phrase_first_and_ties_alphabetically() -> None:
    assert (
        alternation(["Secretary", "Secretary of State", "U.S.", "Secretary"])
        == r"Secretary\ of\ State|Secretary|U\.S\."
    )
    assert alternation(["ab", "aa", "b"]) == "aa|ab|b"
    pattern = re.compile(rf"(?:{alternation(['Secretary', 'Secretary of State'])})")
    assert pattern.match("Secretary of State Blinken").group(0) == "Secretary of State"


def test_alternation_space_option_lets_a_phrase_match_across_a_line_break() -> None:
    pattern = re.compile(alternation(["foreign ministry"], space=r"\s+"))
    assert pattern.fullmatch("foreign\nministry") and not re.fullmatch(
        alternation(["foreign ministry"]), "foreign\nministry"
    )


def test_the_faq_filter_keeps_sections_unless_asked_and_is_shared_by_the_overview() -> None:
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a"],
            "text": ["One two.", "Three four five.", "Six."],
            "is_faq": [False, True, False],
            "section": ["", "", "FAQ"],
        }
    )
    assert exclude_sentences(sentences)["text"].tolist() == ["One two."]
    assert exclude_sentences(sentences, exclude_sections=())["text"].tolist() == ["One two.", "Six."]
    assert len(exclude_sentences(sentences, exclude_sections=(), exclude_faq=False)) == 3
    articles = pd.DataFrame({"doc_id": ["a"], "title": ["t"], "published": [pd.NaT], "is_duplicate": [False]})
    log = pd.DataFrame({"doc_id": pd.Series(dtype=str), "reason": pd.Series(dtype=str)})
    stats = article_stats(articles, sentences, log)
    assert stats[["sentences", "faq_sentences", "words"]].iloc[0].tolist() == [2, 1, 3]
