"""The one data-file loader and the one column check (newsframe.data_tables, newsframe.checks)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from newsframe.checks import require_columns
from newsframe.claims import extract_claims
from newsframe.data_tables import read_data_lines, read_data_table
from newsframe.errors import ColumnError, NewsframeError
from newsframe.frames import codebook, tag_frames
from newsframe.quotes import extract_quotes
from newsframe.sentiment import score_sentences
from newsframe.stance import distinctive_terms, find_targets, stance_table


def test_a_data_file_without_a_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.csv"
    path.write_text("word,note\nally,x\n", encoding="utf-8")
    with pytest.raises(ColumnError, match=r"lexicon\.csv: missing column\(s\) \['valence'\]") as caught:
        read_data_table(path, ["word", "valence"])
    assert caught.value.missing == ["valence"]
    # One type for every missing column, still caught by code written against the three types raised before.
    assert isinstance(caught.value, NewsframeError) and isinstance(caught.value, KeyError)
    assert isinstance(caught.value, ValueError)
    assert not str(caught.value).startswith('"'), "the message reads as text, not as a KeyError repr"


def test_text_tables_keep_empty_cells_as_empty_strings_and_numbers_can_be_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "weights.csv"
    path.write_text("feature,weight\nNA,\nshort,1.5\n", encoding="utf-8")
    text = read_data_table(path, ["feature", "weight"])
    assert text["feature"].tolist() == ["NA", "short"] and text["weight"].tolist() == ["", "1.5"]
    numbers = read_data_table(
        path, ["feature", "weight"], dtype={"feature": str, "weight": float}, keep_default_na=True
    )
    assert numbers["weight"].isna().tolist() == [True, False] and numbers["weight"].iloc[1] == 1.5


def test_a_loader_given_a_file_without_a_column_stops_with_the_column_error(tmp_path: Path) -> None:
    path = tmp_path / "frames.csv"
    path.write_text("frame,pattern\nalliance,alliance\n", encoding="utf-8")
    with pytest.raises(ColumnError, match=r"frames\.csv: missing column\(s\) \['note'\]"):
        codebook(path)
    assert list(read_data_table("frames.csv", ["frame", "pattern", "note"]).columns[:3]) == ["frame", "pattern", "note"]


def test_data_lines_drop_blank_and_comment_lines(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("# a comment\n\n  u.s  \ndr\n", encoding="utf-8")
    assert read_data_lines(path) == ["u.s", "dr"]
    assert "the" in read_data_lines("english_stop_words.txt")


def test_require_columns_lists_every_missing_column_in_order() -> None:
    table = pd.DataFrame({"doc_id": ["a"]})
    with pytest.raises(
        ColumnError, match=r"f: t: missing column\(s\) \['start', 'end'\] \(have \['doc_id'\]\); build it"
    ) as caught:
        require_columns(table, ["doc_id", "start", "end"], where="f: t", hint="build it")
    assert caught.value.missing == ["start", "end"]
    require_columns(table, ["doc_id"], where="f: t")  # nothing missing: no error


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: extract_claims(pd.DataFrame({"doc_id": []}), pd.DataFrame()), "clean_text"),
        (lambda: extract_quotes(pd.DataFrame({"doc_id": []}), pd.DataFrame()), "clean_text"),
        (lambda: tag_frames(pd.DataFrame({"doc_id": ["a"]})), "text"),
        (lambda: score_sentences(pd.DataFrame({"doc_id": ["a"]})), "text"),
        (lambda: find_targets(pd.DataFrame({"doc_id": ["a"]})), "text"),
        (lambda: stance_table(pd.DataFrame({"target": ["nato"]})), "score"),
        (lambda: distinctive_terms(pd.DataFrame({"text": ["x"]}), by="outlet"), "outlet"),
    ],
)
def test_every_input_check_raises_the_one_column_error_naming_the_column(call, column: str) -> None:
    with pytest.raises(ColumnError, match=repr(column)) as caught:
        call()
    assert column in caught.value.missing
