"""Hostile input, end to end: every case is handled correctly or raises a CorpusError naming the file and the fix.

Each corpus that loads is run through cleaning and sentence splitting and, where those
modules exist, sentiment scoring, quote extraction and temporal-expression extraction, so
a case that loads but crashes a later stage (or silently yields nonsense) fails here.
"""

from __future__ import annotations

import codecs
import importlib.util
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from newsframe import CorpusError
from newsframe.clean import clean_articles
from newsframe.corpus import DEFAULT_MAX_CHARS, iter_corpus, load_corpus
from newsframe.dedup import flag_near_duplicates
from newsframe.language import detect_language
from newsframe.paths import SEEDS_DIR
from newsframe.segment import split_sentences

ARTICLE = (
    "Russia and China signed a joint statement in Beijing on May 16, 2024.\n"
    "Officials said trade had reached a record level last year.\n"
    "\u201cOur friendship has no limits,\u201d the Russian president said.\n"
)


def _has(module: str) -> bool:
    return importlib.util.find_spec(f"newsframe.{module}") is not None


def _analyse(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean, split and run every later per-sentence stage that exists; check offsets on the way."""
    cleaned, _ = clean_articles(articles)
    sentences = split_sentences(cleaned)
    texts = cleaned.set_index("doc_id")["clean_text"]
    assert all(texts[row.doc_id][row.start : row.end] == row.text for row in sentences.itertuples())
    if _has("sentiment") and len(sentences):
        from newsframe.sentiment import score_sentences

        scored = score_sentences(sentences)
        assert len(scored) == len(sentences)
    if _has("quotes"):
        from newsframe.quotes import extract_quotes

        quotes = extract_quotes(cleaned, sentences)
        lengths = texts.reindex(quotes["doc_id"]).str.len().to_numpy()
        assert ((quotes["start"] >= 0) & (quotes["end"] <= lengths)).all()
    if _has("timex"):
        from newsframe.timex import extract_timexes

        for text, published in zip(cleaned["clean_text"], cleaned["published"]):
            extract_timexes(text, None if pd.isna(published) else published)
    return cleaned, sentences


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True)
    for name, payload in files.items():
        (folder / name).write_bytes(payload)
    return folder


def _only_text(tmp_path: Path, payload: bytes, **options) -> str:
    loaded = load_corpus(_folder(tmp_path, {"a.txt": payload}), **options)
    _analyse(loaded)
    return loaded["raw_text"].iloc[0]


# --- files that are not text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", r"bad.txt: the file is empty; delete it or fill it"),
        (b" \r\n\t\n  ", r"bad.txt: the file (is empty|holds only white space)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", r"bad.txt: this is a binary file .*remove it"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", r"bad.txt: this is a binary file"),
    ],
    ids=["empty", "whitespace", "png", "pdf"],
)
def test_files_that_are_not_text_are_refused_by_name(tmp_path: Path, payload: bytes, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        load_corpus(_folder(tmp_path, {"good.txt": ARTICLE.encode(), "bad.txt": payload}))


# --- encodings and line endings ------------------------------------------------------------


def test_windows_1252_smart_quotes_name_the_byte_and_the_fix(tmp_path: Path) -> None:
    payload = ARTICLE.encode("cp1252")
    offset = payload.index(b"\x93")
    with pytest.raises(
        CorpusError, match=rf"a.txt: is not utf-8 text \(byte 0x93 at offset {offset}\); .*encoding='cp1252'"
    ):
        load_corpus(_folder(tmp_path, {"a.txt": payload}))
    assert _only_text(tmp_path / "ok", payload, encoding="cp1252") == ARTICLE


def test_latin_1_text_reads_with_its_encoding(tmp_path: Path) -> None:
    payload = "Le caf\u00e9 de la d\u00e9l\u00e9gation russe \u00e9tait plein.".encode("latin-1")
    with pytest.raises(CorpusError, match=r"byte 0xe9 at offset 6"):
        load_corpus(_folder(tmp_path, {"a.txt": payload}))
    assert (
        _only_text(tmp_path / "ok", payload, encoding="latin-1")
        == "Le caf\u00e9 de la d\u00e9l\u00e9gation russe \u00e9tait plein."
    )


@pytest.mark.parametrize(
    "payload",
    [codecs.BOM_UTF8 + ARTICLE.encode(), ARTICLE.encode("utf-16"), codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be")],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom"],
)
def test_byte_order_marks_give_the_exact_text(tmp_path: Path, payload: bytes) -> None:
    assert _only_text(tmp_path, payload) == ARTICLE


def test_utf16_without_a_byte_order_mark_says_how_to_read_it(tmp_path: Path) -> None:
    payload = ARTICLE.encode("utf-16-le")
    with pytest.raises(CorpusError, match=r"a.txt: holds NUL bytes.*encoding='utf-16-le'"):
        load_corpus(_folder(tmp_path, {"a.txt": payload}))
    assert _only_text(tmp_path / "ok", payload, encoding="utf-16-le") == ARTICLE


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_windows_and_old_mac_line_endings_split_like_unix_ones(tmp_path: Path, newline: str) -> None:
    loaded = load_corpus(_folder(tmp_path, {"a.txt": ARTICLE.replace("\n", newline).encode()}))
    assert loaded["raw_text"].iloc[0] == ARTICLE
    cleaned, sentences = _analyse(loaded)
    assert "\r" not in cleaned["clean_text"].iloc[0]
    assert len(sentences) == 3


# --- HTML and markup ------------------------------------------------------------------------


def test_an_html_page_saved_as_text_is_stripped_to_its_visible_text(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Summit</title><script>var tracker = 1;</script>"
        "<style>p {color: red}</style></head><body><nav><a href='/'>Home</a></nav>"
        + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines())
        + "</body></html>"
    )
    loaded = load_corpus(_folder(tmp_path, {"page.txt": page.encode()}))
    assert loaded["source_format"].iloc[0] == "html"
    cleaned, sentences = _analyse(loaded)
    assert "tracker" not in cleaned["clean_text"].iloc[0] and "color: red" not in cleaned["clean_text"].iloc[0]
    assert sentences["text"].str.contains("Our friendship has no limits").sum() == 1


def test_one_script_tag_inside_prose_is_text_not_an_html_page(tmp_path: Path) -> None:
    text = ARTICLE + "Researchers found the page injected <script>alert(1)</script> into comments.\n"
    loaded = load_corpus(_folder(tmp_path, {"a.txt": text.encode()}))
    assert loaded["source_format"].iloc[0] == "text"
    assert "<script>alert(1)</script>" in loaded["raw_text"].iloc[0]
    cleaned, _ = _analyse(loaded)
    assert "<script>alert(1)</script>" in cleaned["clean_text"].iloc[0]


# --- size ------------------------------------------------------------------------------------


def test_a_50_mb_article_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode()})
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50_000_000)
    opened: list[str] = []
    real_open = Path.open

    def watched_open(self: Path, *args, **kwargs):
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "open", watched_open)
        with pytest.raises(
            CorpusError,
            match=r"huge.txt: the article is 50,000,000 bytes long.*split it into one file per article.*max_chars",
        ):
            load_corpus(folder)
    assert "huge.txt" not in opened
    assert DEFAULT_MAX_CHARS == 5_000_000


def test_max_chars_counts_characters_and_applies_to_exports(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": ("\u0436" * 1500).encode()})
    assert len(load_corpus(folder, max_chars=1500)["raw_text"].iloc[0]) == 1500
    with pytest.raises(CorpusError, match=r"a.txt: the article is 1,500 characters long, more than max_chars=1,000"):
        load_corpus(folder, max_chars=1000)
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"text": "short"}) + "\n" + json.dumps({"text": "x" * 2000}) + "\n")
    with pytest.raises(CorpusError, match=r"export.jsonl:2: the article is 2,000 characters"):
        load_corpus(export, max_chars=1000)


def test_a_20000_character_sentence_without_punctuation_stays_one_sentence(tmp_path: Path) -> None:
    words = " ".join(["partnership", "talks", "Moscow", "Beijing", "energy"] * 4000)[:20_000]
    loaded = load_corpus(_folder(tmp_path, {"a.txt": words.encode()}))
    _, sentences = _analyse(loaded)
    assert len(sentences) == 1 and len(sentences["text"].iloc[0]) == len(words.rstrip())


def test_ten_thousand_one_line_articles_load_clean_and_split(tmp_path: Path) -> None:
    export = tmp_path / "many.jsonl"
    lines = (
        json.dumps({"id": f"a{i:05d}", "text": f"Article {i} reports that the talks in Moscow went well."})
        for i in range(10_000)
    )
    export.write_text("\n".join(lines) + "\n")
    loaded = load_corpus(export)
    cleaned, _ = clean_articles(loaded)
    sentences = split_sentences(cleaned)
    assert len(loaded) == 10_000 and not loaded["is_duplicate"].any()
    assert (cleaned["clean_text"] != "").all()
    assert len(sentences) == 10_000 and sentences["doc_id"].nunique() == 10_000


# --- duplicates ------------------------------------------------------------------------------


def test_exact_and_near_duplicates_are_flagged_not_dropped(tmp_path: Path) -> None:
    body = next(SEEDS_DIR.glob("004_*.txt")).read_text(encoding="utf-8")
    words = body.split(" ")
    edited = " ".join("changed" if i % 100 == 50 else word for i, word in enumerate(words))
    other = "A different story about grain exports, with nothing in common with the others."
    folder = _folder(
        tmp_path,
        {"a.txt": body.encode(), "b.txt": body.upper().encode(), "c.txt": edited.encode(), "d.txt": other.encode()},
    )
    loaded = load_corpus(folder)
    assert loaded["duplicate_of"].tolist() == ["", "a", "", ""]
    cleaned, _ = _analyse(loaded)
    flagged = flag_near_duplicates(cleaned)
    assert flagged["near_duplicate_of"].tolist() == ["", "a", "a", ""]
    assert len(flagged) == 4


# --- manifests -------------------------------------------------------------------------------


def test_manifest_dates_that_cannot_be_read_are_reported_with_the_line(tmp_path: Path) -> None:
    manifest = b"file,title,published\na.txt,A,2024-05-18\nb.txt,B,18th of Maytember\n"
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode(), "b.txt": ARTICLE.encode(), "manifest.csv": manifest})
    with pytest.raises(CorpusError, match=r"manifest.csv line 3: cannot read the date '18th of Maytember'.*YYYY-MM-DD"):
        load_corpus(folder)


def test_manifest_rows_for_missing_files_are_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode(), "manifest.csv": b"file,title\na.txt,A\ngone.txt,G\n"})
    with pytest.raises(CorpusError, match=r"lists files that are not in the folder: gone.txt"):
        load_corpus(folder)


def test_files_the_manifest_does_not_list_load_with_empty_metadata_and_a_warning(tmp_path: Path) -> None:
    manifest = b"file,title,published,author\na.txt,Listed,2024-05-18,A. Writer\n"
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode(), "extra.txt": ARTICLE.encode(), "manifest.csv": manifest})
    with pytest.warns(UserWarning, match=r"1 .txt files are not listed and load with empty metadata \(extra.txt\)"):
        loaded = load_corpus(folder).set_index("doc_id")
    assert loaded.loc["a", ["title", "author"]].tolist() == ["Listed", "A. Writer"]
    assert loaded.loc["extra", ["title", "outlet", "author", "url"]].tolist() == ["", "", "", ""]
    assert pd.isna(loaded.loc["extra", "published"])


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (b"file,title\na.txt,A\na.txt,again\n", r"line 3: a.txt is listed twice"),
        (b"file,title\n,A\n", r"line 2: the 'file' column is empty"),
        (b'file,title\na.txt,"never closed\n', r"manifest.csv line \d: malformed CSV"),
        (b"name,title\na.txt,A\n", r"needs a header with a 'file' column"),
    ],
    ids=["twice", "blank-file", "bad-quote", "no-file-column"],
)
def test_malformed_manifests_are_reported(tmp_path: Path, manifest: bytes, message: str) -> None:
    folder = _folder(tmp_path, {"a.txt": ARTICLE.encode(), "manifest.csv": manifest})
    with pytest.raises(CorpusError, match=message):
        load_corpus(folder)


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"), [("e.csv", "id,headline\n1,A\n"), ("e.jsonl", '{"id": 1, "headline": "A"}\n')]
)
def test_exports_without_a_text_column_list_their_columns(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(CorpusError, match=rf"{name}: no text column found among \['id', 'headline'\]; rename"):
        load_corpus(tmp_path / name)


def test_export_rows_with_null_text_are_skipped_with_their_line_numbers(tmp_path: Path) -> None:
    csv_export, jsonl_export = tmp_path / "e.csv", tmp_path / "e.jsonl"
    csv_export.write_text(f'id,text\n1,"{ARTICLE}"\n2,\n3,Second story text.\n')
    rows = [{"id": 1, "text": ARTICLE}, {"id": 2, "text": None}, {"id": 3}, {"id": 4, "text": "Fourth story text."}]
    jsonl_export.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    with pytest.warns(UserWarning, match=r"e.csv: skipped 1 rows with no text \(lines 6\)"):
        from_csv = load_corpus(csv_export)
    with pytest.warns(UserWarning, match=r"e.jsonl: skipped 2 rows with no text \(lines 2, 3\)"):
        from_jsonl = load_corpus(jsonl_export)
    assert from_csv["doc_id"].tolist() == ["1", "3"] and from_jsonl["doc_id"].tolist() == ["1", "4"]
    assert from_csv["raw_text"].iloc[0] == ARTICLE
    _analyse(from_csv)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "e.jsonl",
            '{"text": "Fine."}\n{"text": "broken\n{"text": "Fine again."}\n',
            r"e.jsonl line 2: not valid JSON",
        ),
        ("e.jsonl", '{"text": "Fine."}\n["a", "list"]\n', r"e.jsonl line 2: expected a JSON object per line"),
        (
            "e.csv",
            'id,text\n1,"fine"\n2,"never closed\n3,"other"\n4,more\n',
            r"e.csv line 3: malformed CSV .*record starting on line 3",
        ),
        (
            "e.csv",
            'id,text\n1,fine\n2,"never closed at all\n3,no more quotes\n',
            r"e.csv line 3: malformed CSV \(unexpected end of data",
        ),
        ("e.csv", "id,text\n1,fine\n2,too,many,fields\n", r"e.csv line 3: expected 2 fields, found 4"),
        ("e.csv", "id,text\n1,one\n1,two\n", r"e.csv:3: the id '1' occurs twice"),
    ],
    ids=[
        "jsonl-bad-json",
        "jsonl-not-object",
        "csv-quote-swallows-rows",
        "csv-quote-to-eof",
        "csv-field-count",
        "csv-duplicate-id",
    ],
)
def test_malformed_export_lines_are_reported_with_their_line_number(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(CorpusError, match=message):
        load_corpus(tmp_path / name)


def test_streaming_reports_a_bad_line_after_yielding_the_good_chunks(tmp_path: Path) -> None:
    export = tmp_path / "e.jsonl"
    export.write_text("\n".join(json.dumps({"id": i, "text": f"Story {i}."}) for i in range(5)) + "\n{oops\n")
    chunks = iter_corpus(export, chunk_size=2)
    assert len(next(chunks)) == 2 and len(next(chunks)) == 2
    with pytest.raises(CorpusError, match="line 6"):
        next(chunks)


# --- awkward text ----------------------------------------------------------------------------


def test_quotes_that_never_close_do_not_run_away(tmp_path: Path) -> None:
    text = (
        "The minister said \u201cthe partnership will deepen, and nothing will stop it.\n"
        'Another paragraph follows with no closing mark at all, and "a straight one that also never closes.\n'
        + "Filler sentence about trade and energy. "
        * 200
    )
    loaded = load_corpus(_folder(tmp_path, {"a.txt": text.encode()}))
    cleaned, sentences = _analyse(loaded)
    if _has("quotes"):
        from newsframe.quotes import extract_quotes

        quotes = extract_quotes(cleaned, sentences)
        paragraphs = [block for block in cleaned["blocks"].iloc[0] if block[2] == "paragraph"]
        for quote in quotes.itertuples():
            assert any(start <= quote.start and quote.end <= end for start, end, _, _ in paragraphs), (
                "a quote ran across paragraphs"
            )


def test_text_full_of_numbers_and_dates_is_handled(tmp_path: Path) -> None:
    text = (
        "On 16/05/2024 and 2024-05-17, 3,400 delegates met; trade rose 26.3% to $240.1 billion in 2023.\n"
        "Figures: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 1999 2000 2001 2002 2003.\n"
        "Between May 16, 2024 and 18 May 2024, 12:30 GMT, the 2nd and 3rd rounds took place.\n"
    )
    loaded = load_corpus(_folder(tmp_path, {"a.txt": text.encode()}))
    cleaned, sentences = _analyse(loaded)
    assert len(sentences) >= 3
    if _has("timex"):
        from newsframe.timex import extract_timexes

        values = extract_timexes(cleaned["clean_text"].iloc[0], pd.Timestamp("2024-05-20"))["value"].tolist()
        assert "2024-05-17" in values and "2024-05-16" in values


def test_non_english_articles_are_detected_not_scored_as_english(tmp_path: Path) -> None:
    russian = (
        "Россия и Китай подписали совместное заявление об углублении партнёрства.\n"
        "Президент прибыл в Пекин с государственным визитом, в ходе которого стороны обсудили торговлю и энергетику.\n"
    )
    chinese = "中国和俄罗斯签署了关于深化全面战略协作伙伴关系的联合声明。双方讨论了贸易、能源以及乌克兰局势。\n"
    folder = _folder(tmp_path, {"en.txt": ARTICLE.encode(), "ru.txt": russian.encode(), "zh.txt": chinese.encode()})
    cleaned, _ = _analyse(load_corpus(folder))
    assert detect_language(cleaned.set_index("doc_id")["clean_text"]).to_dict() == {
        "en": "en",
        "ru": "non-en",
        "zh": "non-en",
    }


def test_no_case_here_warns_unexpectedly(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _analyse(load_corpus(_folder(tmp_path, {"a.txt": ARTICLE.encode(), "b.txt": (ARTICLE + "More.").encode()})))
