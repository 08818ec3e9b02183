"""Tests for newsframe.quotes on the real seeds and on small texts that isolate one rule."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsframe.actors import joint_actor
from newsframe.quotes import KINDS, STATEMENT_COLUMNS, extract_quotes, extract_quotes_from_text, quote_spans


@pytest.fixture(scope="module")
def statements(seed_articles: pd.DataFrame, seed_sentences: pd.DataFrame) -> pd.DataFrame:
    return extract_quotes(seed_articles, seed_sentences)


def one(statements: pd.DataFrame, doc: str, text_start: str) -> pd.Series:
    rows = statements[statements["doc_id"].str.startswith(doc) & statements["text"].str.startswith(text_start)]
    assert len(rows) == 1, f"expected one statement in {doc} starting {text_start!r}, got {len(rows)}"
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("doc", "text_start", "speaker", "camp"),
    [
        ("000", "a significant threat to global stability.", "Jens Stoltenberg", "western"),
        ("000", "a troubling alignment of authoritarian regimes", "Antony Blinken", "western"),
        ("000", "Our partnership is rooted in mutual trust, shared interests", "Xi Jinping", "sino_russian"),
        ("003", "The United States still thinks in terms of the Cold War", None, "sino_russian"),
        ("003", "Russia is ready and able to continuously power", "Vladimir Putin", "sino_russian"),
        ("003", "the most significant and direct threat to Allies’ security", "NATO", "western"),
        ("003", "transcended the military-political alliance model", None, "sino_russian"),
        ("004", "dear friends", None, "sino_russian"),
    ],
)
def test_seed_quotes_are_attributed(statements, doc, text_start, speaker, camp) -> None:
    row = one(statements, doc, text_start)
    assert row["speaker"] == (speaker or joint_actor())
    assert row["camp"] == camp
    assert row["kind"] in ("direct", "partial")


def test_columns_offsets_and_ids(statements, seed_articles) -> None:
    assert list(statements.columns) == STATEMENT_COLUMNS
    texts = dict(zip(seed_articles["doc_id"], seed_articles["clean_text"]))
    for row in statements.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
        assert row.statement_id == f"{row.doc_id}:{row.sent_id}:{row.start}"
    assert statements["statement_id"].is_unique
    assert set(statements["kind"]) <= set(KINDS)


def test_sent_id_points_at_the_sentence_holding_the_statement(statements, seed_sentences) -> None:
    merged = statements.merge(seed_sentences, on=["doc_id", "sent_id"], suffixes=("", "_sentence"))
    assert len(merged) == len(statements)
    assert ((merged["start_sentence"] <= merged["start"]) & (merged["start"] < merged["end_sentence"])).all()


def test_scare_quote_in_001_has_no_speaker(statements) -> None:
    row = one(statements, "001", "strategic partnership")
    assert (row["kind"], row["speaker"], row["camp"]) == ("scare", "", "")


def test_so_called_quotes_in_003_are_scare_quotes_despite_broken_marks(statements) -> None:
    assert one(statements, "003", "no-limits partnership")["kind"] == "scare"
    assert one(statements, "003", "dual containment")["kind"] == "scare"


def test_quote_spanning_two_sentences_with_nested_quote_is_one_statement(statements) -> None:
    row = one(statements, "003", "The United States still thinks")
    assert row["kind"] == "direct"
    assert row["text"].endswith("The US must abandon this behavior.")
    assert "‘narrow groups’" in row["text"]
    assert not statements["text"].str.startswith("narrow groups").any()


def test_passive_description_continues_the_earlier_speaker(statements) -> None:
    row = one(statements, "003", "systemic challenge")
    assert (row["kind"], row["speaker"]) == ("partial", "NATO")


@pytest.mark.parametrize(
    ("doc", "text_start", "speaker", "cue"),
    [
        ("003", "China against assisting Russia", "Biden administration", "warned"),
        ("001", "China’s dedication to advancing high-quality development", "Xi Jinping", "emphasised"),
        ("001", "this sentiment, expressing Russia’s readiness", "Vladimir Putin", "echoed"),
        ("000", "This sentiment", "Vladimir Putin", "echoed by"),
        ("000", "enhanced coordination among NATO member countries", "Jens Stoltenberg", "called for"),
        ("003", "China poses a challenge to the alliance", "NATO", "declared"),
        ("004", "the talks will focus on solidifying this alliance", "Chinese Foreign Ministry", "has indicated"),
    ],
)
def test_reported_speech(statements, doc, text_start, speaker, cue) -> None:
    row = one(statements, doc, text_start)
    assert (row["kind"], row["speaker"], row["cue"]) == ("reported", speaker, cue)


def test_pronoun_they_resolves_across_the_sentence_boundary(statements) -> None:
    row = one(statements, "000", "reforms designed to diminish the influence")
    assert (row["kind"], row["speaker"]) == ("reported", joint_actor())


def test_no_statement_without_a_named_speaker(statements) -> None:
    reported = statements[statements["kind"] == "reported"]
    assert (reported["speaker"] != "").all()
    assert not statements["text"].str.contains("according to and").any()
    assert not statements["text"].str.contains("Analysts observe|Experts caution", regex=True).any()


def test_western_and_sino_russian_camps_both_speak_in_the_seeds(statements) -> None:
    counts = statements["camp"].value_counts()
    assert counts["western"] >= 8
    assert counts["sino_russian"] >= 20


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "China’s view isn’t new, Russia's stance neither, and the US’ position and the Allies’ plans are firm."
    assert quote_spans(text) == []
    assert extract_quotes_from_text(text).empty


def test_possessive_inside_a_quotation_does_not_close_it() -> None:
    text = "NATO called Russia “the threat to Allies’ security,” and China ‘a challenge’."
    quoted = [text[s:e] for _, s, e, _ in quote_spans(text)]
    assert quoted == ["the threat to Allies’ security", "a challenge"]


def test_reported_clause_leaves_out_the_addressee(statements) -> None:
    row = statements[statements["doc_id"].str.startswith("003") & (statements["cue"] == "ensured")].iloc[0]
    assert (row["kind"], row["speaker"]) == ("reported", "Vladimir Putin")
    assert "the Kremlin firmly supports China’s actions" in row["text"]


def test_quote_attributed_across_a_sentence_boundary() -> None:
    text = "Stoltenberg spoke in Brussels on Monday. “We are worried about this alignment of regimes.”"
    rows = extract_quotes_from_text(text)
    row = rows[rows["kind"] != "reported"].iloc[0]
    assert (row["kind"], row["speaker"], row["camp"]) == ("direct", "Jens Stoltenberg", "western")


@pytest.mark.parametrize(
    "text",
    [
        "“We will respond to any provocation,” Putin said.",
        "“We will respond to any provocation,” said Mr. Putin.",
        'Sergey Lavrov met reporters. "We will respond to any provocation," he said on Friday.',
    ],
)
def test_cue_after_the_quotation(text: str) -> None:
    row = extract_quotes_from_text(text).iloc[0]
    assert row["kind"] == "direct"
    assert row["speaker"] in ("Vladimir Putin", "Sergey Lavrov")
    assert row["cue"] == "said"


def test_according_to_and_short_unattributed_quotes() -> None:
    rows = extract_quotes_from_text("Trade will double by 2030, according to Reuters. The talks were 'frank'.")
    assert rows[["kind", "speaker", "text"]].values.tolist() == [
        ["reported", "Reuters", "Trade will double by 2030"],
        ["scare", "", "frank"],
    ]


def test_no_articles_gives_an_empty_typed_table(seed_articles, seed_sentences) -> None:
    empty = extract_quotes(seed_articles.iloc[:0], seed_sentences.iloc[:0])
    assert list(empty.columns) == STATEMENT_COLUMNS and empty.empty


def test_so_called_at_the_end_of_the_line_before_makes_a_scare_quote() -> None:
    rows = extract_quotes_from_text("He called it so-called\n“a fresh start” for the region, Putin said.")
    quoted = rows[rows["text"] == "a fresh start"]
    assert quoted[["kind", "speaker"]].values.tolist() == [["scare", ""]]


def test_a_sentence_across_a_line_break_is_attributed_whole() -> None:
    text = "Talks ended.\nNATO Secretary-General\nJens Stoltenberg said the alliance would respond."
    rows = extract_quotes_from_text(text, [(0, 0, 12), (1, 13, len(text))])
    assert rows[["sent_id", "kind", "speaker", "text"]].values.tolist() == [
        [1, "reported", "Jens Stoltenberg", "the alliance would respond"]
    ]


def test_a_repeated_paragraph_gets_the_same_statements_wherever_it_stands() -> None:
    paragraph = "“We will respond to any provocation,” Putin said. He added that talks would go on."
    alone = extract_quotes_from_text(paragraph)
    later = extract_quotes_from_text("Xi Jinping arrived in Moscow.\n\n" + paragraph)
    assert later["start"].tolist() == [start + 31 for start in alone["start"]]
    assert later[["kind", "speaker", "cue", "text"]].equals(alone[["kind", "speaker", "cue", "text"]])
    assert alone[["kind", "speaker"]].values.tolist() == [["direct", "Vladimir Putin"], ["reported", "Vladimir Putin"]]


def test_only_the_tagger_and_parser_run_and_pos_is_what_the_attribute_ruler_sets() -> None:
    import spacy
    from newsframe.parse import MODEL_PACKAGE, parse_sentences, parser

    assert parser().pipe_names == ["tok2vec", "tagger", "parser"]
    ruler = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer", "ner"])
    texts = [
        "There is no doubt that the talks were useful, but they did not end the war.",
        "He has said it's something nobody expected, and she doesn't agree.",
        "If Moscow had been asked, the ministry would have done what it is told.",
        "Those who were there say that this is not the end.",
        "“We are ready,” Wang told reporters in Beijing on Monday.",
    ]
    for text, ours in zip(texts, parse_sentences(texts)):
        assert [token.pos_ for token in ours] == [token.pos_ for token in ruler(text)], text


def test_parses_multiplied_by_numpy_blas_equal_the_default_blis_parses_and_leave_blas_threads_as_they_were() -> None:
    import spacy
    from newsframe.parse import MODEL_PACKAGE, parse_sentences, parser
    from threadpoolctl import threadpool_info

    assert parser().get_pipe("tok2vec").model.ops.use_blis is False
    default = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer", "ner"])
    assert default.get_pipe("tok2vec").model.ops.use_blis is True
    texts = [
        "The spokesman for the ministry said on Tuesday that the sanctions would not change its course.",
        "“We will respond,” the Russian foreign minister told reporters after talks with his Chinese counterpart.",
        "According to two officials who asked not to be named, the agreement was signed in secret last year.",
    ]
    before = [(pool["internal_api"], pool["num_threads"]) for pool in threadpool_info()]
    for text, ours in zip(texts, parse_sentences(texts)):
        theirs = default(text)
        assert [(t.tag_, t.dep_, t.head.i) for t in ours] == [(t.tag_, t.dep_, t.head.i) for t in theirs], text
    assert [(pool["internal_api"], pool["num_threads"]) for pool in threadpool_info()] == before


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["“We will,” ", "he said. ", "‘Yes’ ", '"No." ', "talks ", "\n", "so-called “x” "]), max_size=20
    ).map("".join),
    st.integers(0, 120),
    st.integers(0, 60),
)
def test_quote_index_answers_as_a_pass_over_every_quotation_would(text: str, at: int, length: int) -> None:
    from newsframe.quotes import _QuoteIndex, _speech_quotes

    quotes = _speech_quotes(text)
    index = _QuoteIndex(quotes)
    assert index.opening_in(at, at + length) == [q for q in quotes if at <= q.open_at < at + length]
    assert index.holds(at) == any(q.start <= at < q.end for q in quotes)
