"""No silent input loss (issue 19, items 6-8): every case here lost or invented data without a word before."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pandas as pd
import pytest
from newsframe import CorpusError
from newsframe.__main__ import _parser
from newsframe.corpus import load_corpus

from tests.test_hostile_inputs import _folder

ARTICLE = "Russia and China signed a joint statement in Beijing.\nOfficials said trade had reached a record level last year.\n"


def test_a_csv_with_two_text_columns_is_an_error_naming_them(tmp_path: Path) -> None:
    export = tmp_path / "e.csv"
    export.write_text("id,text,Text,title\n1,First text.,Second text.,T\n")
    with pytest.raises(CorpusError, match=r"e.csv: duplicate column names: 'text', 'Text'"):
        load_corpus(export)


def test_a_jsonl_object_with_a_repeated_key_is_an_error(tmp_path: Path) -> None:
    export = tmp_path / "e.jsonl"
    export.write_text('{"id": 1, "text": "First text.", "text": "Second text."}\n')
    with pytest.raises(CorpusError, match=r"e.jsonl line 1: duplicate keys: 'text'"):
        load_corpus(export)


def test_jsonl_columns_are_the_union_over_all_rows(tmp_path: Path) -> None:
    export = tmp_path / "e.jsonl"
    rows = [
        {"id": "a", "text": ARTICLE},
        {"id": "b", "text": ARTICLE + " More.", "title": "Later title", "date": "2024-05-16"},
    ]
    export.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    loaded = load_corpus(export).set_index("doc_id")
    assert loaded.loc["b", "title"] == "Later title"
    assert loaded.loc["b", "published"] == pd.Timestamp("2024-05-16")
    assert pd.isna(loaded.loc["a", "published"])


def test_non_string_text_is_skipped_with_a_warning_naming_the_rows(tmp_path: Path) -> None:
    export = tmp_path / "e.jsonl"
    values = [ARTICLE, 42, "NaN", "null", True, ["a", "list"], {"an": "object"}, 3.5]
    export.write_text("\n".join(json.dumps({"id": n, "text": v}) for n, v in enumerate(values)) + "\n")
    with pytest.warns(UserWarning, match=r"e.jsonl: skipped 7 rows whose text is not text .*lines 2, 3, 4, 5, 6, 7, 8"):
        loaded = load_corpus(export)
    assert loaded["doc_id"].tolist() == ["0"]


def test_csv_text_cells_that_are_null_markers_or_numbers_are_skipped(tmp_path: Path) -> None:
    export = tmp_path / "e.csv"
    export.write_text(f'id,text\n1,"{ARTICLE}"\n2,NaN\n3,null\n4,1234\n')
    with pytest.warns(UserWarning, match=r"e.csv: skipped 3 rows whose text is not text .*lines 5, 6, 7"):
        loaded = load_corpus(export)
    assert loaded["doc_id"].tolist() == ["1"]


def test_a_url_only_article_warns(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, {"a.txt": ARTICLE.encode(), "link.txt": b"https://example.com/news/2024/05/16/story.html\n"}
    )
    with pytest.warns(UserWarning, match=r"1 articles hold only a web address .*\(link.txt\)"):
        loaded = load_corpus(folder)
    assert len(loaded) == 2


@pytest.mark.parametrize(
    ("value", "published", "precision"),
    [
        ("2024-05-18", "2024-05-18", "day"),
        ("May 2024", "2024-05-01", "month"),
        ("2024-05", "2024-05-01", "month"),
        ("2024", "2024-01-01", "year"),
        ("18/05/2024", "2024-05-18", "day"),
        ("", None, ""),
    ],
)
def test_partial_manifest_dates_keep_their_precision(
    tmp_path: Path, value: str, published: str | None, precision: str
) -> None:
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode(), "manifest.csv": f"file,published\na.txt,{value}\n".encode()})
    row = load_corpus(folder).iloc[0]
    assert row["published_precision"] == precision
    assert pd.isna(row["published"]) if published is None else row["published"] == pd.Timestamp(published)


def test_an_ambiguous_numeric_date_is_refused_with_its_line_unless_an_order_is_given(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.txt": ARTICLE.encode(),
            "b.txt": ARTICLE.encode() + b"x",
            "manifest.csv": b"file,published\na.txt,2024-05-18\nb.txt,05/06/2024\n",
        },
    )
    with pytest.raises(
        CorpusError, match=r"manifest.csv line 3: the date '05/06/2024' could be 5 June or 6 May.*--date-order DMY"
    ):
        load_corpus(folder)
    assert load_corpus(folder, date_order="DMY").set_index("doc_id").loc["b", "published"] == pd.Timestamp("2024-06-05")
    assert load_corpus(folder, date_order="MDY").set_index("doc_id").loc["b", "published"] == pd.Timestamp("2024-05-06")


def test_a_date_that_contradicts_the_given_order_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode(), "manifest.csv": b"file,published\na.txt,18/05/2024\n"})
    with pytest.raises(CorpusError, match=r"line 2: the date '18/05/2024' is not month-day-year"):
        load_corpus(folder, date_order="MDY")


def test_the_command_line_takes_encoding_and_date_order() -> None:
    args = _parser().parse_args(["run", "--encoding", "cp1252", "--date-order", "DMY"])
    assert (args.encoding, args.date_order) == ("cp1252", "DMY")


def test_the_non_utf8_advice_names_the_command_line_option(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": "caf\u00e9 society".encode("cp1252")})
    with pytest.raises(CorpusError, match=r"--encoding cp1252"):
        load_corpus(folder)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_links_that_leave_the_corpus_folder_are_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode()})
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    with pytest.warns(UserWarning, match=r"skipped 1 links that lead outside the corpus folder \(passwd.txt\)"):
        loaded = load_corpus(folder)
    assert sorted(loaded["doc_id"]) == ["a", "inside"]
    assert not loaded["raw_text"].str.contains("root:x").any()


def test_the_seeds_load_without_warnings() -> None:
    from newsframe.paths import SEEDS_DIR

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_corpus(SEEDS_DIR)["published_precision"].tolist() == ["", "", "day", "day", ""]


def test_encoding_and_date_order_reach_the_notebooks_and_the_analysis(tmp_path: Path) -> None:
    from newsframe.pipeline import analyze
    from newsframe.run import plan_run

    folder = _folder(
        tmp_path,
        {
            "a.txt": ("Caf\u00e9 diplomacy: " + ARTICLE).encode("cp1252"),
            "manifest.csv": b"file,published\na.txt,05/06/2024\n",
        },
    )
    plan = plan_run(
        corpus=folder,
        output_dir=tmp_path / "out",
        reports_dir=tmp_path / "reports",
        encoding="cp1252",
        date_order="DMY",
    )
    assert (plan.encoding, plan.date_order) == ("cp1252", "DMY")
    assert all(params["encoding"] == "cp1252" and params["date_order"] == "DMY" for params in plan.parameters.values())
    analysis = analyze(folder, cache_dir=tmp_path / "cache", encoding=plan.encoding, date_order=plan.date_order)
    assert analysis.articles["published"].tolist() == [pd.Timestamp("2024-06-05")]
    assert analysis.articles["clean_text"].iloc[0].startswith("Caf\u00e9 diplomacy")
