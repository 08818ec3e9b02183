"""Property tests (Hypothesis): every per-article stage takes any text without raising.

For arbitrary Unicode (control characters, right-to-left and CJK scripts, lone surrogates as
a loader escapes them, unbalanced quotation marks, digits everywhere, very long lines) each
stage of :func:`newsframe.pipeline.analyze_chunk`, run strictly so any exception fails the
test, returns its documented columns with character offsets inside the article's cleaned
text.  Real seed sentences, mutated the way scraped copy is damaged (digits inserted, dashes
and quotation marks dropped), go through ``analyze`` itself.  Example budgets are small so
the suite stays fast; Hypothesis keeps the failures it finds in its database and tries them first.
"""

from __future__ import annotations

import tempfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsframe.actors import MENTION_COLUMNS
from newsframe.claims import CLAIM_COLUMNS
from newsframe.clean import LOG_COLUMNS
from newsframe.corpus import ARTICLE_COLUMNS
from newsframe.isolate import ERROR_COLUMNS
from newsframe.pipeline import analyze, analyze_chunk
from newsframe.quotes import STATEMENT_COLUMNS
from newsframe.segment import SENTENCE_COLUMNS
from newsframe.sentiment import SCORE_COLUMNS
from newsframe.timeline import TIMELINE_COLUMNS
from newsframe.timex import COLUMNS as TIMEX_COLUMNS

FRAGMENTS = [
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    '"',
    "'",
    "\u00ab",
    "\u00bb",
    "(",
    ")",
    " \u2014 ",
    "-",
    "\n",
    "\n\n",
    "\r",
    "\t",
    "\x00",
    "\x0b",
    "\x1f",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u4e2d\u56fd\u548c\u4fc4\u7f57\u65af",
    "Xi Jinping said",
    " Putin told reporters ",
    "NATO",
    " on Tuesday",
    "May 1617",
    "1600 Pennsylvania Avenue",
    "710x340",
    "the 16th century",
    "in 1650",
    "$5 billion",
    "40 percent",
    "Q&A",
    "FAQ",
    "Published May 18, 2024",
    "By Jane Doe",
    "<p>",
    "</div>",
    "# ",
    "* ",
    "1.",
    "...",
    "?!",
    ":",
    ";",
]
_any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
_surrogates = st.text(alphabet=st.characters(categories=("Cs",)), min_size=1, max_size=3).map(
    lambda s: s.encode("utf-8", "backslashreplace").decode("utf-8")
)
_digits = st.from_regex(r"[0-9]{1,6}([.,:/x-][0-9]{1,4})?", fullmatch=True)
_long_line = st.sampled_from(["word " * 2000, "x" * 12000, "1" * 5000, "\u201c" * 300 + "said"])
ARTICLE_TEXT = st.lists(
    st.one_of(_any_text, st.sampled_from(FRAGMENTS), _digits, _surrogates, _long_line), max_size=25
).map("".join)
BUDGET = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _articles(texts: list[str]) -> pd.DataFrame:
    rows = [
        {
            "doc_id": f"d{i}",
            "source_path": f"d{i}.txt",
            "title": "",
            "outlet": "",
            "published": pd.Timestamp("2024-05-16") if i % 2 else pd.NaT,
            "author": "",
            "url": "",
            "raw_text": text,
            "source_format": "text",
            "is_duplicate": False,
            "duplicate_of": "",
        }
        for i, text in enumerate(texts)
    ]
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def _inside(table: pd.DataFrame, texts: dict[str, str], *, text_column: str | None = "text") -> None:
    for row in table.itertuples(index=False):
        text = texts[row.doc_id]
        assert 0 <= row.start <= row.end <= len(text), (row.start, row.end, len(text))
        if text_column is not None:
            assert text[row.start : row.end] == getattr(row, text_column)


@pytest.mark.slow
@BUDGET
@given(st.lists(ARTICLE_TEXT, min_size=1, max_size=3))
def test_every_stage_takes_any_text(texts: list[str]) -> None:
    tables = analyze_chunk(_articles(texts), strict=True)
    articles = tables["articles"]
    assert list(articles["doc_id"]) == [f"d{i}" for i in range(len(texts))]
    assert {"clean_text", "language", "blocks", "faq_spans"} <= set(articles.columns)
    assert set(articles["language"]) <= {"en", "non-en", "und"}
    clean = dict(zip(articles["doc_id"], articles["clean_text"]))
    assert list(tables["cleaning_log"].columns) == LOG_COLUMNS
    sentences = tables["sentences"]
    assert list(sentences.columns[: len(SENTENCE_COLUMNS)]) == SENTENCE_COLUMNS
    assert set(SCORE_COLUMNS) | {"frames"} <= set(sentences.columns)
    _inside(sentences, clean)
    assert list(tables["actors"].columns) == ["doc_id", *MENTION_COLUMNS]
    _inside(tables["actors"], clean, text_column="mention")
    assert list(tables["timexes"].columns) == ["doc_id", "anchor", *TIMEX_COLUMNS]
    _inside(tables["timexes"], clean)
    assert list(tables["quotes"].columns) == STATEMENT_COLUMNS
    _inside(tables["quotes"], clean, text_column=None)
    timeline = tables["timeline"]
    assert list(timeline.columns) == TIMELINE_COLUMNS and str(timeline["date_start"].dtype) == "datetime64[ns]"
    _inside(timeline, clean, text_column="timex")
    assert list(tables["claims"].columns) == CLAIM_COLUMNS
    _inside(tables["claims"], clean, text_column=None)
    assert list(tables["errors"].columns) == ERROR_COLUMNS and tables["errors"].empty


def _mutate(sentence: str, draw: st.DrawFn) -> str:
    """Damage a sentence the way scraping does: digits inserted, dashes and quotation marks dropped."""
    kept = "".join(
        ch
        for ch in sentence
        if not (ch in "-\u2013\u2014" and draw(st.booleans()))
        and not (ch in "\"\u201c\u201d'\u2019" and draw(st.booleans()))
    )
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(kept)))
        kept = kept[:at] + draw(st.from_regex(r"[0-9]{1,4}", fullmatch=True)) + kept[at:]
    return kept


@pytest.mark.slow
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_real_sentences_go_through_analyze(seed_sentences: pd.DataFrame, data: st.DataObject) -> None:
    pool = seed_sentences["text"].tolist()
    texts = []
    for _ in range(3):
        chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=12))
        texts.append("\n\n".join(_mutate(sentence, data.draw) for sentence in chosen))
    with tempfile.TemporaryDirectory() as cache:
        analysis = analyze(_articles(texts), cache_dir=cache, strict=True, progress=False)
        assert analysis.errors.empty and len(analysis.articles) == 3
        assert str(analysis.timeline["date_start"].dtype) == "datetime64[ns]"
        assert set(analysis.events.columns) >= {"event_id", "date_start", "date_end"}
