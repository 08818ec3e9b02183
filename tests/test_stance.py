"""Tests of newsframe.stance: target finding, target-level polarity, stance tables, distinctive terms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from newsframe.errors import NewsframeError
from newsframe.stance import distinctive_terms, find_targets, load_targets, score_targets, stance_table, validate
from newsframe.stance_encoder import (
    WEIGHTS_FILE,
    StanceModelError,
    build_classifier,
    encode_mentions,
    load_weights,
    stance_classifier,
    trainable_state,
    training_record,
)

NEWSMTSC = Path("/work/shared/eval/sentiment/newsmtsc")
STOLTENBERG = (
    "NATO Secretary-General Jens Stoltenberg articulated these concerns by labeling the alliance as "
    "“a significant threat to global stability.”"
)
XI = "Our partnership is rooted in mutual trust, shared interests, and a commitment to a multipolar world order."


@pytest.fixture(scope="module")
def seed_mentions(seed_sentences: pd.DataFrame) -> pd.DataFrame:
    return find_targets(seed_sentences, sentences=seed_sentences)


def mention_of(mentions: pd.DataFrame, fragment: str, target: str) -> pd.Series:
    rows = mentions[mentions["text"].str.contains(fragment, regex=False) & (mentions["target"] == target)]
    assert len(rows) >= 1, f"no {target} mention in a sentence containing {fragment!r}"
    return rows.iloc[0]


def test_targets_file_lists_the_six_targets() -> None:
    assert set(load_targets()["target"]) - {""} == {
        "partnership",
        "west",
        "ukraine",
        "taiwan",
        "global_order",
        "sanctions",
    }


def test_find_targets_offsets_and_word_boundaries() -> None:
    statements = pd.DataFrame(
        {
            "statement_id": ["a", "b", "c"],
            "start": [10, 20, 30],
            "text": [
                "Sanctionsbusting, USAID and Ukrainians' brunch are no targets; us neither.",
                "The US sanctions on Russia hurt Ukraine.",
                "NATO's view of the China-Russia strategic partnership.",
            ],
        }
    )
    mentions = find_targets(statements)
    assert "a" not in set(mentions["statement_id"])
    assert list(zip(mentions["statement_id"], mentions["target"], mentions["mention"])) == [
        ("b", "west", "US"),
        ("b", "sanctions", "sanctions"),
        ("b", "ukraine", "Ukraine"),
        ("c", "west", "NATO's"),
        ("c", "partnership", "China-Russia strategic partnership"),
    ]
    for row in mentions.itertuples():
        assert row.text[row.start : row.end] == row.mention
    assert list(mentions["statement_start"]) == [20, 20, 20, 30, 30]


def test_find_targets_on_seeds_finds_the_stoltenberg_alliance(seed_mentions: pd.DataFrame) -> None:
    row = mention_of(seed_mentions, "Jens Stoltenberg articulated", "partnership")
    assert row["mention"] == "alliance"
    assert row["resolution"] in ("paragraph", "article")  # "NATO" in his title is no antecedent
    assert set(seed_mentions["target"]) == {"partnership", "west", "ukraine", "taiwan", "global_order", "sanctions"}


def test_nato_alliance_is_not_the_partnership() -> None:
    mentions = find_targets(pd.DataFrame({"text": ["The 32-member alliance met; NATO alliance politics."]}))
    assert "partnership" not in set(mentions["target"])


def test_score_targets_stoltenberg_is_negative_toward_the_alliance(seed_mentions: pd.DataFrame) -> None:
    row = mention_of(seed_mentions, "Jens Stoltenberg articulated", "partnership")
    scored = score_targets(row.to_frame().T, text_column="text")
    assert scored["polarity"].iloc[0] == "negative"
    assert scored["score"].iloc[0] < -0.3


def test_score_targets_xi_positive_blinken_negative_toward_the_partnership() -> None:
    blinken = "Blinken referred to the alliance as “a troubling alignment of authoritarian regimes.”"
    frame = pd.DataFrame(
        {"sentence": [XI, blinken], "start": [4, blinken.index("alliance")], "end": [15, blinken.index("alliance") + 8]}
    )
    scored = score_targets(frame)
    assert list(scored["polarity"]) == ["positive", "negative"]
    assert scored["score"].between(-1, 1).all()
    assert np.allclose(scored[["p_negative", "p_neutral", "p_positive"]].sum(axis=1), 1)


def test_score_targets_separates_two_targets_of_one_sentence() -> None:
    sentence = "The senators praised Merkel for her courage, but they condemned Orban as a corrupt autocrat."
    frame = pd.DataFrame({"sentence": [sentence] * 2, "start": [sentence.index("Merkel"), sentence.index("Orban")]})
    frame["end"] = frame["start"] + 6 - np.array([0, 1])
    scored = score_targets(frame)
    assert scored["polarity"].iloc[0] == "positive"
    assert scored["score"].iloc[0] - scored["score"].iloc[1] > 0.5
    assert scored["p_negative"].iloc[1] > 0.4 > scored["p_negative"].iloc[0]


def test_score_targets_empty_and_missing_columns() -> None:
    empty = score_targets(pd.DataFrame(columns=["sentence", "start", "end"]))
    assert {"polarity", "score"} <= set(empty.columns) and empty.empty
    with pytest.raises(NewsframeError, match="start"):
        score_targets(pd.DataFrame({"sentence": ["x"]}))


def test_score_targets_rejects_spans_outside_the_text() -> None:
    frame = pd.DataFrame({"sentence": ["Russia and China.", "Russia and China."], "start": [0, 11], "end": [6, 40]})
    with pytest.raises(NewsframeError, match=r"first rows: \[1\]"):
        score_targets(frame)
    with pytest.raises(NewsframeError, match="not a span"):
        score_targets(frame.assign(start=[0, None], end=[6, 16]))


def test_score_targets_is_deterministic() -> None:
    sentence = "The senators praised Merkel for her courage, but they condemned Orban as a corrupt autocrat."
    frame = pd.DataFrame({"sentence": [sentence, XI], "start": [sentence.index("Merkel"), 4], "end": [27, 15]})
    first, second = score_targets(frame), score_targets(frame.iloc[::-1])
    assert first.to_csv() == second.iloc[::-1].to_csv()


def test_score_targets_batch_by_scores_each_group_as_it_would_alone() -> None:
    """Who shares a batch moves the probabilities in the sixth decimal; batch_by makes a group's scores its own."""
    sentences = [
        "The senators praised Merkel for her courage, but they condemned Orban as a corrupt autocrat.",
        XI,
        "Blinken referred to the alliance as “a troubling alignment of authoritarian regimes.”",
        "Officials in Moscow hailed the partnership with Beijing as a pillar of a multipolar world order today.",
    ] * 5
    frame = pd.DataFrame({"sentence": sentences, "doc_id": [f"d{i % 7}" for i in range(len(sentences))]})
    words = {0: "Merkel", 1: XI[4:15], 2: "alliance", 3: "partnership"}
    frame["start"] = [sentence.index(words[i % 4]) for i, sentence in enumerate(sentences)]
    frame["end"] = frame["start"] + [len(words[i % 4]) for i in range(len(sentences))]
    together = score_targets(frame, batch_by="doc_id", threads=1)
    for doc_id, rows in frame.groupby("doc_id"):
        alone = score_targets(rows, batch_by="doc_id", threads=1)
        assert together.loc[rows.index, "score"].tolist() == alone["score"].tolist(), doc_id
    unkeyed = frame.assign(doc_id=[None] * 3 + list(frame["doc_id"][3:])).set_axis(frame.index * 10)
    scored = score_targets(unkeyed, batch_by="doc_id", threads=1)
    assert scored[["p_negative", "p_neutral", "p_positive"]].sum(axis=1).round(9).eq(1).all(), "no row left unscored"
    assert scored["score"].iloc[:3].tolist() == score_targets(frame.iloc[:3], threads=1)["score"].tolist()


def test_encode_mentions_marks_exactly_the_mention_pieces() -> None:
    tokenizer, _ = stance_classifier()
    sentence = "Critics attacked Gazprom and praised the partnership."
    inputs = encode_mentions(tokenizer, [sentence, sentence], [17, 41], [24, 52], max_tokens=64, pair_input=False)
    for row, word in enumerate(("gazprom", "partnership")):
        marked = inputs["input_ids"][row][inputs["mention_mask"][row].bool()].tolist()
        assert tokenizer.decode(marked).replace(" ", "") == word
    cut = encode_mentions(tokenizer, [sentence], [41], [52], max_tokens=4, pair_input=False)["mention_mask"][0].tolist()
    assert cut == [0, 0, 1, 0]  # [CLS] two pieces [SEP]: the mention was cut off, the last piece kept stands in


def test_encode_mentions_pair_input_appends_the_mention_and_marks_it_in_the_sentence_only() -> None:
    tokenizer, _ = stance_classifier()
    sentence = "Critics attacked Gazprom and praised the partnership."
    inputs = encode_mentions(tokenizer, [sentence], [41], [52], max_tokens=64, pair_input=True)
    pieces = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
    assert pieces[-3:] == ["[SEP]", "partnership", "[SEP]"]
    assert [pieces[i] for i in inputs["mention_mask"][0].nonzero().flatten()] == ["partnership"]
    types = inputs["token_type_ids"][0].tolist()
    assert types[-2:] == [1, 1] and sum(types) == 3  # the mention in the sentence and the second segment
    cut = encode_mentions(tokenizer, [sentence], [41], [52], max_tokens=6, pair_input=True)
    assert tokenizer.convert_ids_to_tokens(cut["input_ids"][0])[-2:] == [
        "partnership",
        "[SEP]",
    ]  # only the sentence is cut


def test_load_weights_refuses_a_missing_or_foreign_file(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    _, classifier = build_classifier()
    with pytest.raises(StanceModelError, match="missing"):
        load_weights(classifier, tmp_path / "absent.safetensors")
    save_file({"head.weight": torch.zeros(3, 768, dtype=torch.float16)}, str(tmp_path / "foreign.safetensors"))
    with pytest.raises(StanceModelError, match="do not match"):
        load_weights(classifier, tmp_path / "foreign.safetensors")


def test_committed_weights_are_the_recorded_float16_upper_layers_and_head() -> None:
    import hashlib

    import torch
    from safetensors.torch import load_file

    record = training_record()
    stored = load_file(str(WEIGHTS_FILE))
    assert hashlib.sha256(WEIGHTS_FILE.read_bytes()).hexdigest() == record["weights_sha256"]
    assert {tensor.dtype for tensor in stored.values()} == {torch.float16}
    frozen = record["settings"]["frozen_layers"]
    layers = {int(name.split(".")[3]) for name in stored if name.startswith("encoder.encoder.layer.")}
    assert layers == set(range(frozen, 6)) and {"head.weight", "head.bias", "marker"} <= set(stored)
    assert WEIGHTS_FILE.stat().st_size < 50e6


def test_fine_tuned_layers_follow_the_frozen_count() -> None:
    for frozen in (0, 3):
        _, classifier = build_classifier(frozen_layers=frozen)
        names = trainable_state(classifier)
        layers = {int(name.split(".")[3]) for name in names if name.startswith("encoder.encoder.layer.")}
        assert layers == set(range(frozen, 6)) and not any("embeddings" in name for name in names)


def scored_statements() -> pd.DataFrame:
    west = np.linspace(-0.9, 0.3, 20)
    return pd.DataFrame(
        {
            "camp": ["china"] * 3 + ["west"] * 21,
            "target": ["partnership"] * 23 + ["ukraine"],
            "score": [0.9, 0.7, 0.4, *west, 0.1],
            "statement_id": ["s1", "s2", "s2", *[f"w{i:02d}" for i in range(20)], "u1"],
        }
    )


def test_stance_table_is_seeded_and_intervals_contain_the_mean() -> None:
    first = stance_table(scored_statements(), seed=7)
    again = stance_table(scored_statements(), seed=7)
    other = stance_table(scored_statements(), seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert first.loc[1, "ci_low"] != other.loc[1, "ci_low"]
    cells = first.set_index(["camp", "target"])
    assert cells.loc[("china", "partnership"), "n"] == 3
    assert cells.loc[("china", "partnership"), "mean_score"] == pytest.approx(2 / 3)
    assert cells.loc[("china", "partnership"), "statement_ids"] == "s1;s2"
    assert cells.loc[("west", "ukraine"), "ci_low"] == cells.loc[("west", "ukraine"), "ci_high"] == 0.1
    assert ((first["ci_low"] <= first["mean_score"]) & (first["mean_score"] <= first["ci_high"])).all()
    assert cells.loc[("west", "partnership"), "n"] == 20
    assert cells.loc[("west", "partnership"), "ci_high"] < 0 < cells.loc[("china", "partnership"), "ci_low"]


def test_distinctive_terms_ranks_the_obvious_word_first() -> None:
    statements = pd.DataFrame(
        {
            "camp": ["a"] * 3 + ["b"] * 3,
            "text": [
                "Hegemony threatens the world order and trade.",
                "Hegemony again, and trade talks.",
                "Western hegemony must end, say leaders.",
                "The partnership threatens security and trade.",
                "Security first, the alliance says.",
                "Leaders discuss security and trade.",
            ],
        }
    )
    terms = distinctive_terms(statements)
    assert list(terms.columns) == ["group", "term", "count", "log_odds", "z"]
    assert terms[terms["group"] == "a"].iloc[0]["term"] == "hegemony"
    assert terms[terms["group"] == "b"].iloc[0]["term"] == "security"
    assert "the" not in set(terms["term"])
    trade = terms.set_index(["group", "term"]).loc[("a", "trade")]
    assert abs(trade["z"]) < 1
    pd.testing.assert_frame_equal(terms, distinctive_terms(statements.iloc[::-1]))


@pytest.mark.slow
@pytest.mark.skipif(not NEWSMTSC.is_dir(), reason="NewsMTSC evaluation data not present")
def test_committed_model_reproduces_its_recorded_dev_scores() -> None:
    table = validate(NEWSMTSC, splits=("dev_rw",)).set_index("method")
    recorded = training_record()["dev"]["dev_rw"]["macro_f1"]
    assert table.loc["score_targets", "macro_f1"] == pytest.approx(recorded, abs=0.5)
    assert table.loc["score_targets", "macro_f1"] >= 70
    assert table.loc["vader_sentence", "macro_f1"] < 60


@pytest.mark.slow
def test_western_camp_is_cooler_toward_the_partnership_than_the_joint_statements(seed_articles, seed_sentences) -> None:
    from newsframe.quotes import extract_quotes
    from newsframe.stance import statement_targets

    statements = extract_quotes(seed_articles, seed_sentences)
    attributed = statements[statements["camp"].isin(["western", "sino_russian"])]
    scored = statement_targets(attributed, seed_sentences)
    blinken = scored[(scored["speaker"] == "Antony Blinken") & (scored["target"] == "partnership")]
    assert blinken["context"].str.contains("referred to the alliance as").all() and len(blinken) == 1
    means = scored[scored["target"] == "partnership"].groupby("camp")["score"].mean()
    assert means["western"] < means["sino_russian"]
