"""Tests of newsframe.display: article labels, readable tables, interactive and plain HTML."""

from __future__ import annotations

import pandas as pd
from newsframe.display import InteractiveTable, article_labels, readable, show_table

HOSTILE = "<script>alert(1)</script>"


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["000_7e0c14a216cabef2", "b", "c", "d"],
            "title": ["", "What the new joint statement says about the partnership", "Same", "Same"],
            "outlet": ["", "Eastern Review", "Wire", "Wire"],
            "published": [pd.NaT, pd.Timestamp("2024-05-17"), pd.NaT, pd.NaT],
        }
    )


def test_articles_are_labelled_by_outlet_date_and_short_title_else_file_name():
    labels = article_labels(_articles())
    assert labels["000_7e0c14a216cabef2"] == "000_7e0c14a216cabef2"
    assert labels["b"] == "Eastern Review · 2024-05-17 · What the new joint statement says …"
    assert labels["c"] == "Wire · Same (c)" and labels["d"] == "Wire · Same (d)", "equal labels are told apart"
    assert labels.is_unique


def test_readable_hides_ids_rounds_numbers_and_joins_lists():
    table = pd.DataFrame(
        {
            "statement_id": ["b:1:0"],
            "doc_id": ["b"],
            "sent_id": [1],
            "score": [0.123456789],
            "doc_ids": [["b", "zz"]],
            "frames": [["economy", "energy"]],
            "text": ["words"],
            "figures": [["b: $240 billion (2024)", "zz: 4 percent"]],
        }
    )
    shown = readable(table, article_labels(_articles()))
    assert list(shown.columns) == ["article", "sent_id", "score", "articles", "frames", "text", "figures"]
    assert (
        shown.loc[0, "figures"]
        == "Eastern Review · 2024-05-17 · What the new joint statement says …: $240 billion (2024); zz: 4 percent"
    )
    assert shown.loc[0, "score"] == 0.123 and shown.loc[0, "frames"] == "economy; energy"
    assert shown.loc[0, "articles"].startswith("Eastern Review") and shown.loc[0, "articles"].endswith("; zz")
    assert table.loc[0, "score"] == 0.123456789, "the input (and so the CSV) keeps full precision"


def test_long_tables_are_interactive_offline_and_escaped():
    long = pd.DataFrame({"text": [f"{HOSTILE} sentence {i}" for i in range(40)], "score": [i / 7 for i in range(40)]})
    shown = show_table(long, "statements")
    assert isinstance(shown, InteractiveTable) and len(shown) == 40
    html = shown._repr_html_()
    assert 'id="nf_statements"' in html and "http" not in html
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "nowrap" not in html, "text columns wrap"


def test_an_interactive_table_embeds_at_most_max_rows_and_says_where_the_rest_is():
    table = pd.DataFrame({"text": [f"sentence {i}" for i in range(2500)], "score": [i / 7 for i in range(2500)]})
    shown = show_table(table, "statements", max_rows=1000)
    assert len(shown) == 1000 and shown.total_rows == 2500
    html = shown._repr_html_()
    assert "sentence 999" in html and "sentence 1000" not in html, "the first rows, in the table's order"
    assert "The first 1,000 of 2,500 rows" in html and "statements.csv" in html
    assert "The first" not in show_table(table.head(40), "statements")._repr_html_(), "no note when nothing is cut"


def test_a_cell_that_grows_with_the_corpus_is_cut_on_the_page_and_says_how_much_is_left_out():
    joined = "\n• ".join(f"statement {i} about the partnership" for i in range(5000))  # one row per target
    table = pd.DataFrame({"target": ["partnership", "nato"], "western": [joined, "short"]})
    html = show_table(table, "side_by_side", max_chars=2000).to_html()
    assert len(html) < 10_000 and "statement 10 " in html and "statement 4999" not in html
    assert f"[{len(joined) - 2000:,} more characters in the CSV]" in html and "short" in html
    assert table.loc[0, "western"] == joined, "the table itself (and so its CSV) keeps every character"


def test_short_tables_are_plain_escaped_html():
    short = pd.DataFrame({"text": [HOSTILE], "url": ["https://example.org/" + "x" * 200]})
    html = show_table(short, "short").to_html()
    assert "<table" in html and "itables" not in html
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "overflow-wrap: anywhere" in html, "long URLs wrap"


def test_whole_numbers_show_without_decimals_and_gaps_stay_empty():
    shown = readable(pd.DataFrame({"year": [2024.0, float("nan")], "value": [240_000_000_000.0, 4.25]}))
    assert str(shown["year"].dtype) == "Int64" and shown.loc[0, "year"] == 2024 and pd.isna(shown.loc[1, "year"])
    assert shown["value"].tolist() == [240_000_000_000.0, 4.25]
    html = InteractiveTable(pd.concat([shown] * 10, ignore_index=True), "years")._repr_html_()
    assert "NaN" not in html and "&lt;NA&gt;" not in html and "<NA>" not in html


def test_columns_without_any_value_are_left_out_but_an_empty_table_keeps_its_header():
    table = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "duplicate_of": ["", ""],
            "author": ["", "Lena Marsh"],
            "flag": [False, False],
            "score": [float("nan"), float("nan")],
        }
    )
    assert list(readable(table).columns) == ["doc_id", "author", "flag"]
    assert list(readable(table.head(0)).columns) == list(table.columns)
