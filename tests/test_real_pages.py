"""Real pages (issue 14): HTML input, whole-page text, corpus-level repetition, mojibake and article dates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from newsframe.clean import clean_articles
from newsframe.corpus import load_corpus
from newsframe.encoding import repair_line
from newsframe.pubdate import date_from_text
from newsframe.repetition import count_repeated_lines

BODY = [
    "Russia and China signed a joint statement in Beijing on Thursday, pledging to deepen their partnership.",
    "Officials said trade between the two countries had reached a record level last year, driven by energy.",
    "Analysts in Washington said the meeting showed how far the two governments had drawn together since 2022.",
]
TODAY = pd.Timestamp("2024-06-01")


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_html_page_loses_its_nav_footer_and_cookie_banner(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Xi and Putin sign statement</title>"
        "<meta name='author' content='Jane Reporter'><meta property='article:published_time' content='2024-05-16'></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li><li><a href='/business'>Business</a></li></ul></nav>"
        "<div class='cookie-banner'>We use cookies to improve your experience. <button>Accept all cookies</button></div>"
        "<article><h1>Xi and Putin sign statement</h1>" + "".join(f"<p>{line}</p>" for line in BODY) + "</article>"
        "<footer><p>Contact us | Privacy policy | Terms of use</p><p>© 2024 Example News. All rights reserved.</p></footer>"
        "</body></html>"
    )
    cleaned, _ = clean_articles(load_corpus(_folder(tmp_path, {"page.html": page})), today=TODAY)
    row = cleaned.iloc[0]
    for line in BODY:
        assert line in row["clean_text"]
    for furniture in ("Home", "cookies", "Privacy policy", "All rights reserved"):
        assert furniture not in row["clean_text"]
    assert row["title"] == "Xi and Putin sign statement"
    assert row["published"] == pd.Timestamp("2024-05-16") and row["published_source"] == "html-metadata"


def test_an_html_page_trafilatura_cannot_read_falls_back_to_tag_stripping_and_says_so(tmp_path: Path) -> None:
    page = "<html><body><aside><p>Related one</p><p>Related two</p></aside></body></html>"
    _, log = clean_articles(load_corpus(_folder(tmp_path, {"menu.html": page})), today=TODAY)
    assert "tags stripped" in " ".join(log["reason"])
    assert log.loc[log["reason"].str.contains("tags stripped"), "line_no"].tolist() == [0]


def test_metadata_from_the_page_never_overrides_the_manifest(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Page title</title><meta property='article:published_time' content='2024-05-16'></head><body><article>"
        + "".join(f"<p>{line}</p>" for line in BODY)
        + "</article></body></html>"
    )
    folder = _folder(
        tmp_path, {"page.html": page, "manifest.csv": "file,title,published\npage.html,My title,2024-05-20\n"}
    )
    row = clean_articles(load_corpus(folder), today=TODAY)[0].iloc[0]
    assert (row["title"], row["published"], row["published_source"]) == (
        "My title",
        pd.Timestamp("2024-05-20"),
        "manifest",
    )


def _site_page(n: int) -> str:
    menu = ["Home", "World", "Business", "Opinion", "Sport", "Subscribe to our newsletter"]
    footer = [
        "About us",
        "Contact the newsroom",
        "Privacy policy and terms of use",
        "Example Daily is published by Example Media Group.",
    ]
    body = [f"Story {n}: {line}" for line in BODY] + [
        f"In a separate development number {n}, ministers met again in Moscow to discuss energy prices."
    ]
    return "\n".join(menu + [f"Headline number {n} about the partnership"] + body + footer) + "\n"


def test_five_articles_from_one_site_lose_their_shared_menu_and_footer(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {f"a{n}.txt": _site_page(n) for n in range(5)})
    cleaned, log = clean_articles(load_corpus(folder), today=TODAY)
    for n, text in enumerate(cleaned["clean_text"]):
        for line in BODY:
            assert f"Story {n}: {line}" in text
        for furniture in (
            "Subscribe to our newsletter",
            "Privacy policy and terms of use",
            "Example Media Group",
            "Business",
        ):
            assert furniture not in text
    assert (log["reason"] == "repeated across the corpus").sum() >= 5 * 8


def test_repetition_never_empties_an_article_of_its_prose(tmp_path: Path) -> None:
    story = "\n".join(BODY) + "\n"
    folder = _folder(tmp_path, {f"copy{n}.txt": story + f"Edition {n}.\n" for n in range(4)})
    cleaned, _ = clean_articles(load_corpus(folder), today=TODAY)
    for text in cleaned["clean_text"]:
        assert all(line in text for line in BODY)


def test_the_repetition_count_is_per_outlet_and_counts_each_article_once() -> None:
    articles = pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "B"],
            "source_path": ["x/1.txt", "x/2.txt", "x/3.txt", "x/4.txt"],
            "raw_text": ["Menu\nMenu\nOne.", "Menu\nTwo.", "Other\nThree.", "Menu\nFour."],
        }
    )
    repeated = count_repeated_lines([articles], min_articles=2)
    assert repeated.is_repeated("outlet:a", "menu") and not repeated.is_repeated("outlet:b", "Menu")
    assert not count_repeated_lines([articles], min_articles=3).hashes


def test_a_background_paragraph_an_outlet_reuses_stays_unless_it_is_on_most_of_its_pages(tmp_path: Path) -> None:
    background = (
        "Xi and Putin declared a partnership with no limits in February 2022, weeks before the invasion of Ukraine."
    )
    pages = {
        f"a{n}.txt": f"Story number {n} opens here with its own news about trade and energy.\n"
        + (background + "\n" if n < 3 else "")
        + f"Its closing line number {n} is also its own and says so.\n"
        for n in range(8)
    }
    cleaned, log = clean_articles(load_corpus(_folder(tmp_path, pages)), today=TODAY)
    assert cleaned["clean_text"].str.contains("no limits").sum() == 3
    assert not (log["reason"] == "repeated across the corpus").any()


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("It\u00e2\u20ac\u2122s a partnership", "It\u2019s a partnership"),  # UTF-8 read as cp1252
        ("Caf\u00c3\u00a9 diplomacy", "Caf\u00e9 diplomacy"),  # UTF-8 read as Latin-1
        ("\u00e2\u20ac\u0153No limits\u00e2\u20ac\u009d", "\u201cNo limits\u201d"),  # curly quotes, cp1252/C1
        ("Russia" + "\u2019s".encode().decode("gbk") + " view", "Russia\u2019s view"),  # UTF-8 read as GBK
        ("\u201cThe".encode().decode("gbk") + " end", "\u201cThe end"),
    ],
    ids=["cp1252-apostrophe", "latin1-accent", "cp1252-quotes", "gbk-apostrophe", "gbk-quote"],
)
def test_mojibake_of_each_kind_is_repaired(broken: str, fixed: str) -> None:
    assert repair_line(broken) == fixed


@pytest.mark.parametrize(
    "text",
    ["中国和俄罗斯签署了联合声明。", "商品の出所を表示する機能", "\u201cCurly\u201d and 'straight' stay", "Niño"],
)
def test_text_without_mojibake_is_left_alone(text: str) -> None:
    assert repair_line(text) == text


def test_repairs_are_logged_and_replacement_characters_counted(tmp_path: Path) -> None:
    text = "It\u00e2\u20ac\u2122s a partnership, officials said on Thursday in Beijing.\nA lost byte \ufffd remains in this sentence here.\n"
    cleaned, log = clean_articles(load_corpus(_folder(tmp_path, {"a.txt": text})), today=TODAY)
    assert cleaned["encoding_repairs"].tolist() == [1] and cleaned["replacement_chars"].tolist() == [1]
    assert log.loc[log["reason"] == "encoding repaired", "line_no"].tolist() == [1]
    assert "It\u2019s a partnership" in cleaned["clean_text"].iloc[0]


@pytest.mark.parametrize(
    ("first_lines", "published", "source"),
    [
        (["BEIJING, May 16, 2024 (Xinhua) -- Chinese President Xi Jinping held talks."], "2024-05-16", "text:dateline"),
        (["MOSCOW, May 17, 2024. /TASS/. Russia and China will expand trade."], "2024-05-17", "text:dateline"),
        (
            ["Source: Xinhua | 2024-05-16 12:25:45 | Editor: huaxia", "BEIJING, May 16 (Xinhua) -- Talks were held."],
            "2024-05-16",
            "text:timestamp",
        ),
        (["Trade talks", "18.05.2024", "Officials met in Moscow."], "2024-05-18", "text:timestamp"),
        (["Summit ends (26 Apr 2024)", "Officials met in Moscow."], "2024-04-26", "text:timestamp"),
        (["Published: May 16, 2024 at 10:00", "Officials met in Moscow."], "2024-05-16", "text:published-line"),
        (["Updated 17 May 2024 12:25 GMT", "Officials met in Moscow."], "2024-05-17", "text:published-line"),
        (["Trade talks", "03.04.2024", "An earlier report of 18.02.2024 said so."], "2024-04-03", "text:timestamp"),
    ],
    ids=[
        "xinhua-dateline",
        "tass-dateline",
        "iso-timestamp",
        "dotted",
        "bracketed",
        "published",
        "updated",
        "order-shown",
    ],
)
def test_dates_in_the_first_lines(first_lines: list[str], published: str, source: str) -> None:
    found, _ = date_from_text(first_lines, today=TODAY)
    assert found is not None and (found.published, found.source) == (pd.Timestamp(published), source)


@pytest.mark.parametrize(
    ("first_lines", "why"),
    [
        (["Published: May 16, 2031", "Officials met."], "after today"),
        (["Trade talks", "05.06.2024", "Officials met."], "ambiguous day-month order"),
        (["Published: May 16, 1850"], "before 1900"),
        (["BEIJING, May 16 (Xinhua) -- Chinese President Xi Jinping held talks."], "dateline without a year"),
    ],
    ids=["future", "ambiguous", "too-old", "yearless-dateline"],
)
def test_dates_that_are_not_taken_are_left_empty_and_logged(first_lines: list[str], why: str) -> None:
    found, refused = date_from_text(first_lines, today=TODAY)
    assert found is None
    assert why in " ".join(reason for _, _, reason in refused)


def test_a_text_date_fills_published_and_its_source_through_clean_articles(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"a.txt": "MOSCOW, May 17, 2024. /TASS/. " + "\n".join(BODY) + "\n", "b.txt": "\n".join(BODY) + "\nMore.\n"},
    )
    cleaned = clean_articles(load_corpus(folder), today=TODAY)[0].set_index("doc_id")
    assert (
        cleaned.loc["a", "published"],
        cleaned.loc["a", "published_source"],
        cleaned.loc["a", "published_precision"],
    ) == (pd.Timestamp("2024-05-17"), "text:dateline", "day")
    assert pd.isna(cleaned.loc["b", "published"]) and cleaned.loc["b", "published_source"] == ""


def test_the_seed_furniture_still_goes_with_the_page_model_in_place(seed_articles: pd.DataFrame) -> None:
    assert seed_articles["published_source"].tolist() == ["", "", "manifest", "manifest", ""]
    assert (seed_articles["encoding_repairs"] == 0).all() and (seed_articles["replacement_chars"] == 0).all()


@pytest.mark.parametrize(
    "first_lines",
    [
        ["The summit opened on May 16, 2024.", "Officials met."],
        ["Officials said, May 16, 2024 - talks went well"],
        ["in the capital, May 16 -- talks"],
    ],
    ids=["short-sentence", "lowercase-place-with-year", "lowercase-place"],
)
def test_a_body_sentence_that_mentions_a_date_does_not_date_the_article(first_lines: list[str]) -> None:
    found, refused = date_from_text(first_lines, today=TODAY)
    assert found is None and not refused


def test_an_edited_html_page_changes_the_corpus_hash(tmp_path: Path) -> None:
    from newsframe.corpus import corpus_hash

    folder = _folder(tmp_path, {"a.txt": "\n".join(BODY), "page.html": "<html><body><p>One.</p></body></html>"})
    before = corpus_hash(folder)
    (folder / "page.html").write_text("<html><body><p>Two.</p></body></html>", encoding="utf-8")
    assert corpus_hash(folder) != before


def test_an_html_column_in_an_export_is_extracted_where_the_row_has_no_text(tmp_path: Path) -> None:
    import json

    page = (
        "<html><head><title>Export page</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav><article>"
        + "".join(f"<p>{line}</p>" for line in BODY)
        + "</article><footer>© 2024 Example News</footer></body></html>"
    )
    export = tmp_path / "e.jsonl"
    export.write_text(
        "\n".join(json.dumps(row) for row in [{"id": "p", "html": page}, {"id": "t", "text": BODY[0], "html": page}])
        + "\n"
    )
    cleaned = clean_articles(load_corpus(export), today=TODAY)[0].set_index("doc_id")
    assert all(line in cleaned.loc["p", "clean_text"] for line in BODY) and "Home" not in cleaned.loc["p", "clean_text"]
    assert cleaned.loc["p", "title"] == "Export page"
    assert cleaned.loc["t", "clean_text"] == BODY[0]


def test_a_single_whole_page_keeps_its_article_region_and_drops_menus_and_footer(tmp_path: Path) -> None:
    menu = [
        "Home",
        "News",
        "World",
        "Business",
        "Markets",
        "Tech",
        "Opinion",
        "Sport",
        "Video",
        "Podcasts",
        "Sign In",
        "Subscribe",
    ]
    teasers = ["Most Popular", "Oil prices slip as talks stall", "Five things to know today", "Markets close higher"]
    footer = [
        "About Us",
        "Careers",
        "Contact",
        "Privacy Policy",
        "Terms of Use",
        "Cookie Settings",
        "© 2024 Example Media",
    ]
    body = BODY + [
        "The ministers also agreed to meet again before the end of the year, a spokesman for the foreign ministry said."
    ]
    page = (
        "\n".join(menu + ["Xi and Putin sign a joint statement", "By Jane Reporter"] + body + teasers + footer) + "\n"
    )
    cleaned, log = clean_articles(load_corpus(_folder(tmp_path, {"page.txt": page})), today=TODAY)
    text = cleaned["clean_text"].iloc[0]
    assert all(line in text for line in body)
    assert not any(item in text.split("\n\n") for item in menu + teasers + footer)
    assert "outside the article" in set(log["reason"])
