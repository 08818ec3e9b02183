"""Loading corpora: folders, CSV and JSONL exports, and the errors bad input must raise."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pandas as pd
import pytest
from newsframe import CorpusError
from newsframe.clean import clean_articles
from newsframe.corpus import ARTICLE_COLUMNS, corpus_hash, iter_corpus, load_corpus
from newsframe.paths import SEEDS_DIR


def test_seeds_load_with_manifest_metadata(seed_raw: pd.DataFrame) -> None:
    assert list(seed_raw.columns) == ARTICLE_COLUMNS
    assert len(seed_raw) == 5
    by_id = seed_raw.set_index(seed_raw["doc_id"].str.slice(0, 3))
    assert by_id.loc["002", "published"] == pd.Timestamp("2024-05-18")
    assert by_id.loc["003", "published"] == pd.Timestamp("2024-05-22")
    assert by_id.loc["003", "author"] == "Zafar Nawaz Jaspal"
    assert by_id["published"].isna().sum() == 3
    assert seed_raw["published"].dtype == "datetime64[ns]"
    assert not seed_raw["is_duplicate"].any()


def test_seed_files_are_byte_identical_to_the_shared_copies() -> None:
    shared = SEEDS_DIR.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in shared.glob("*.txt"):
        assert (SEEDS_DIR / original.name).read_bytes() == original.read_bytes()


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, payload in files.items():
        (folder / name).write_bytes(payload)
    return folder


def test_missing_path_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no-such-folder"):
        load_corpus(tmp_path / "no-such-folder")


def test_empty_folder_is_an_empty_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus is empty"):
        load_corpus(_folder(tmp_path, {}))


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("caf\u00e9 \u201cquoted\u201d".encode("cp1252"), r"byte 0xe9 at offset 3.*encoding="),
    ],
    ids=["empty", "whitespace", "png", "cp1252"],
)
def test_bad_files_raise_corpus_error_naming_the_file(tmp_path: Path, payload: bytes, message: str) -> None:
    folder = _folder(tmp_path, {"good.txt": b"A real article.", "bad.txt": payload})
    with pytest.raises(CorpusError, match=message) as caught:
        load_corpus(folder)
    assert "bad.txt" in str(caught.value)


def test_encoding_argument_reads_windows_text(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": "He called it \u201cfair\u201d.".encode("cp1252")})
    assert load_corpus(folder, encoding="cp1252")["raw_text"].iloc[0] == "He called it \u201cfair\u201d."


@pytest.mark.parametrize(
    "payload",
    [codecs.BOM_UTF8 + "Caf\u00e9 text.".encode(), "Caf\u00e9 text.".encode("utf-16")],
    ids=["utf8-bom", "utf16"],
)
def test_byte_order_marks_are_honoured(tmp_path: Path, payload: bytes) -> None:
    assert load_corpus(_folder(tmp_path, {"a.txt": payload}))["raw_text"].iloc[0] == "Caf\u00e9 text."


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    text = load_corpus(_folder(tmp_path, {"a.txt": b"One.\r\nTwo.\rThree."}))["raw_text"].iloc[0]
    assert text == "One.\nTwo.\nThree."


def test_html_pages_keep_their_markup_until_cleaning_extracts_the_article(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><head><script>track()</script><style>p{}</style></head><body><h1>Title</h1><p>First &amp; only paragraph.</p></body></html>"
    loaded = load_corpus(_folder(tmp_path, {"page.txt": page, "page2.html": page.replace(b"First", b"Second")}))
    assert loaded["source_format"].tolist() == ["html", "html"]
    assert loaded["raw_text"].iloc[0] == page.decode()
    cleaned, _ = clean_articles(loaded)
    assert "First & only paragraph." in cleaned["clean_text"].iloc[0]
    assert "track()" not in cleaned["clean_text"].iloc[0]


def test_exact_duplicates_are_flagged_not_dropped(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": b"Same  text here.", "b.txt": b"same text here.\n", "c.txt": b"Other."})
    loaded = load_corpus(folder)
    assert loaded["is_duplicate"].tolist() == [False, True, False]
    assert loaded["duplicate_of"].tolist() == ["", "a", ""]


def test_manifest_problems_are_reported(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": b"Text.", "manifest.csv": b"file,published\nb.txt,2024-01-01\n"})
    with pytest.raises(CorpusError, match="b.txt"):
        load_corpus(folder)
    (folder / "manifest.csv").write_bytes(b"file,published\na.txt,the day after\n")
    with pytest.raises(CorpusError, match=r"manifest.csv line 2.*'the day after'"):
        load_corpus(folder)


def test_csv_export_with_common_column_names(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    pd.DataFrame(
        {
            "stories_id": [7, 8],
            "headline": ["A", "B"],
            "body": ["First story.", "Second, with\na newline."],
            "publish_date": ["2024-05-01", ""],
        }
    ).to_csv(export, index=False)
    loaded = load_corpus(export)
    assert loaded["doc_id"].tolist() == ["7", "8"]
    assert loaded["title"].tolist() == ["A", "B"]
    assert loaded["raw_text"].iloc[1] == "Second, with\na newline."
    assert loaded["published"].iloc[0] == pd.Timestamp("2024-05-01") and pd.isna(loaded["published"].iloc[1])


def test_export_without_text_column_lists_the_columns(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("id,headline\n1,A\n")
    with pytest.raises(CorpusError, match=r"no text column found among \['id', 'headline'\]"):
        load_corpus(export)


def test_jsonl_malformed_line_is_reported_with_its_number(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"text": "Fine."}) + "\n" + "{not json\n")
    with pytest.raises(CorpusError, match="line 2"):
        load_corpus(export)


def test_jsonl_rows_without_text_are_skipped_with_a_warning(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    rows = [{"id": "a", "content": "Kept."}, {"id": "b", "content": None}, {"id": "c", "content": "Also kept."}]
    export.write_text("\n".join(json.dumps(row) for row in rows))
    with pytest.warns(UserWarning, match="skipped 1 rows"):
        loaded = load_corpus(export)
    assert loaded["doc_id"].tolist() == ["a", "c"]


def test_iter_corpus_streams_in_chunks_and_flags_duplicates_across_chunks(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps({"id": str(i), "text": f"Story {i % 4}."}) for i in range(10)))
    chunks = list(iter_corpus(export, chunk_size=3))
    assert [len(chunk) for chunk in chunks] == [3, 3, 3, 1]
    flags = pd.concat(chunks)["is_duplicate"].tolist()
    assert flags == [False] * 4 + [True] * 6


def test_duplicates_fold_every_kind_of_white_space_and_case(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    texts = [
        "NATO  met\ton Monday.",
        " nato met\non\u00a0monday. ",
        "NATO met\u2009on Monday.\u3000",
        "NATO met on Mon day.",
    ]
    export.write_text("\n".join(json.dumps({"id": str(i), "text": text}) for i, text in enumerate(texts)))
    loaded = load_corpus(export)
    assert loaded["duplicate_of"].tolist() == ["", "0", "0", ""]


def test_fingerprint_changes_with_content(seed_raw: pd.DataFrame) -> None:
    changed = seed_raw.copy()
    changed.loc[0, "raw_text"] += " "
    assert corpus_hash(seed_raw) == corpus_hash(seed_raw.iloc[::-1])
    assert corpus_hash(seed_raw) != corpus_hash(changed)
