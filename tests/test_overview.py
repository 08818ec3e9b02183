"""Notebook 00's summaries: the cleaning audit tells, per article, what cleaning did."""

from __future__ import annotations

import pandas as pd
from newsframe.overview import cleaning_audit, cleaning_summary


def test_the_audit_counts_removals_by_reason_and_names_the_date_source(
    seed_articles: pd.DataFrame, seed_log: pd.DataFrame
) -> None:
    audit = cleaning_audit(seed_articles, seed_log).set_index(seed_articles["doc_id"].str.slice(0, 3).to_numpy())
    assert audit.loc["002", "lines_removed"] == 10
    assert audit.loc["002", "rating prompt"] == 1 and audit.loc["002", "tag line"] == 2
    assert audit.loc["003", "published_source"] == "manifest" and audit.loc["003", "published_precision"] == "day"
    assert audit.loc["000", "published_source"] == "" and pd.isna(audit.loc["000", "published"])
    assert (audit["encoding_repairs"] == 0).all() and (audit["replacement_chars"] == 0).all()
    assert audit["lines_removed"].sum() == cleaning_summary(seed_log).drop(columns="doc_id").to_numpy().sum()


def test_repairs_and_refused_dates_are_not_counted_as_removed_lines() -> None:
    articles = pd.DataFrame(
        {
            "doc_id": ["a"],
            "source_format": ["text"],
            "encoding_repairs": [2],
            "replacement_chars": [1],
            "published": [pd.NaT],
            "published_precision": [""],
            "published_source": [""],
        }
    )
    log = pd.DataFrame(
        {
            "doc_id": ["a"] * 4,
            "line_no": [1, 2, 3, 4],
            "text": ["x", "y", "Published May 1, 2031", "Share"],
            "reason": ["encoding repaired", "encoding repaired", "date not taken: after today", "share bar"],
        }
    )
    row = cleaning_audit(articles, log).iloc[0]
    assert (row["lines_removed"], row["share bar"], row["encoding_repairs"]) == (1, 1, 2)
    assert row["date_notes"] == "date not taken: after today"
