"""Splitting cleaned articles into sentences, with offsets back into the text.

NLTK's Punkt algorithm is used with explicit parameters, an abbreviation list kept in
``data/abbreviations.txt`` ("U.S.", "Dr.", "Sen.", "Jan." …), so no ``punkt_tab`` model
is downloaded and "U.S. Secretary of State Antony Blinken …" stays one sentence.  Punkt
in NLTK ≥ 3.9 treats curly quotation marks as closing punctuation, so a sentence that
ends inside a quotation ends after the closing mark.

Each paragraph block of ``clean_text`` (see :mod:`newsframe.clean`) is split on its own,
so a sentence never runs across a paragraph or heading; headings themselves are not
sentences but name the ``section`` of the sentences under them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from newsframe.data_tables import read_data_lines

if TYPE_CHECKING:  # imported where used: ``import nltk`` takes a second, and reading cached sentences needs no splitter
    from nltk.tokenize.punkt import PunktSentenceTokenizer

SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "section", "is_faq", "start", "end", "text"]
DEFAULT_EXCLUDED_SECTIONS = ("FAQ", "FAQs", "Q&A")
_LEADING_MARKS = re.compile(r"[\s–—•*·-]+")


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """One Punkt splitter per process, configured from ``data/abbreviations.txt``."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types = set(read_data_lines("abbreviations.txt"))
    return PunktSentenceTokenizer(parameters)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of one paragraph, leading bullet marks skipped."""
    return list(_paragraph_spans(text))


@lru_cache(maxsize=20_000)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`sentence_spans`, memoised per process by the exact paragraph text.

    Punkt with fixed parameters is a pure function of the text it splits, so a paragraph
    repeated across articles (wire copy) is split once.
    """
    spans = []
    for start, end in sentence_tokenizer().span_tokenize(text):
        lead = _LEADING_MARKS.match(text, start, end)
        if lead:
            start = lead.end()
        if start < end:
            spans.append((start, end))
    return tuple(spans)


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: doc_id, para_id, sent_id, section, is_faq, start, end, text.

    ``start``/``end`` are character offsets into the article's ``clean_text``, so every
    score computed on a sentence can be traced back to the words it came from.
    ``para_id`` numbers the paragraph blocks of the article (headings included) and
    ``sent_id`` numbers sentences from 0 within each article.  ``is_faq`` marks sentences
    inside FAQ / Q&A sections, which analyses leave out by default.
    """
    rows: list[tuple] = []
    for doc_id, text, blocks, faq_spans in zip(
        articles["doc_id"], articles["clean_text"], articles["blocks"], articles["faq_spans"]
    ):
        sent_id = 0
        for para_id, (block_start, block_end, kind, section) in enumerate(blocks):
            if kind != "paragraph":
                continue
            in_faq = any(faq_start <= block_start < faq_end for faq_start, faq_end in faq_spans)
            for start, end in sentence_spans(text[block_start:block_end]):
                begin, finish = block_start + start, block_start + end
                rows.append((doc_id, para_id, sent_id, section, in_faq, begin, finish, text[begin:finish]))
                sent_id += 1
    sentences = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return sentences.astype(
        {"para_id": "int64", "sent_id": "int64", "start": "int64", "end": "int64", "is_faq": "bool"}
    )


def exclude_sentences(
    sentences: pd.DataFrame,
    *,
    exclude_sections: tuple[str, ...] | list[str] = DEFAULT_EXCLUDED_SECTIONS,
    exclude_faq: bool = True,
) -> pd.DataFrame:
    """The sentences to analyse: drop those flagged ``is_faq`` and those whose ``section`` is listed.

    FAQ / Q&A blocks restate an article's body as questions, so keeping them would count
    the same claims twice.  Section names are compared case-insensitively after trimming.
    This is the one FAQ filter: sentiment framing, claims and the corpus overview all use it
    (claims and the overview with ``exclude_sections=()``: only the ``is_faq`` flag).
    """
    keep = np.ones(len(sentences), dtype=bool)
    if exclude_faq and "is_faq" in sentences.columns:
        keep &= ~sentences["is_faq"].fillna(False).astype(bool).to_numpy()
    if exclude_sections and "section" in sentences.columns:
        names = {name.strip().casefold() for name in exclude_sections}
        keep &= ~sentences["section"].fillna("").astype(str).str.strip().str.casefold().isin(names).to_numpy()
    return sentences[keep]
