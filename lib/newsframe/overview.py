"""Corpus-level summaries for notebook 00: what each article holds and what cleaning took out."""

from __future__ import annotations

import re

import pandas as pd

from newsframe.segment import exclude_sentences

_WORD = re.compile(r"\b[^\W_]+(?:[’'-][^\W_]+)*\b")
# Log reasons that change or annotate an article without removing a line from it.
_NOT_REMOVALS = ("normalised", "encoding repaired", "date not taken", "html:")


def removed_lines(log: pd.DataFrame) -> pd.DataFrame:
    """The rows of a cleaning log that removed a line (not repairs, normalisations or notes about dates)."""
    return log[~log["reason"].str.startswith(_NOT_REMOVALS)]


def count_words(texts: pd.Series) -> pd.Series:
    """Number of words (letter/digit runs, inner apostrophes and hyphens kept) in each text."""
    return texts.str.count(_WORD.pattern).astype("int64")


def article_stats(articles: pd.DataFrame, sentences: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """One row per article: doc_id, title, published, sentences, FAQ sentences, words, removed lines.

    ``words`` counts body sentences only (FAQ sections excluded) so articles that repeat
    themselves in an FAQ are not inflated; ``faq_sentences`` shows how much was set aside.
    """
    per_sentence = sentences.assign(words=count_words(sentences["text"]))
    body = exclude_sentences(per_sentence, exclude_sections=())
    stats = pd.DataFrame({"doc_id": articles["doc_id"], "title": articles["title"], "published": articles["published"]})
    stats["sentences"] = stats["doc_id"].map(body.groupby("doc_id").size()).fillna(0).astype("int64")
    stats["faq_sentences"] = (
        stats["doc_id"].map(per_sentence[per_sentence["is_faq"]].groupby("doc_id").size()).fillna(0).astype("int64")
    )
    stats["words"] = stats["doc_id"].map(body.groupby("doc_id")["words"].sum()).fillna(0).astype("int64")
    removed = removed_lines(log).groupby("doc_id").size()
    stats["removed_lines"] = stats["doc_id"].map(removed).fillna(0).astype("int64")
    stats["is_duplicate"] = articles["is_duplicate"].to_numpy()
    return stats.reset_index(drop=True)


def cleaning_summary(log: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per article and reason (articles as rows, reasons as columns, counts)."""
    removed = removed_lines(log)
    if removed.empty:
        return pd.DataFrame(columns=["doc_id"])
    table = removed.pivot_table(index="doc_id", columns="reason", values="line_no", aggfunc="count", fill_value=0)
    return table.sort_index(axis=1).reset_index().rename_axis(columns=None)


def metadata_gaps(articles: pd.DataFrame) -> pd.DataFrame:
    """Which metadata fields are empty, per article: doc_id plus one boolean column per field."""
    gaps = pd.DataFrame({"doc_id": articles["doc_id"]})
    for column in ("title", "outlet", "author", "url"):
        gaps[f"no_{column}"] = articles[column].fillna("").eq("").to_numpy()
    gaps["no_published"] = articles["published"].isna().to_numpy()
    return gaps


def cleaning_audit(articles: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """One row per article: what cleaning did to it, so a reader can check it.

    Columns: ``doc_id``, ``source_format``, ``lines_removed`` and one column per removal
    reason (counts, from :func:`cleaning_summary`), ``encoding_repairs`` (lines whose
    mojibake was repaired), ``replacement_chars`` (U+FFFD left in the body), ``published``,
    ``published_precision``, ``published_source`` (where the date came from) and
    ``date_notes`` (dates seen in the text but not taken, and why; HTML fallbacks).
    """
    audit = articles[["doc_id", "source_format"]].reset_index(drop=True)
    by_reason = cleaning_summary(log).set_index("doc_id") if len(log) else pd.DataFrame()
    audit["lines_removed"] = (
        audit["doc_id"].map(by_reason.sum(axis=1) if len(by_reason.columns) else {}).fillna(0).astype("int64")
    )
    for reason in by_reason.columns:
        audit[reason] = audit["doc_id"].map(by_reason[reason]).fillna(0).astype("int64")
    for column in ("encoding_repairs", "replacement_chars"):
        audit[column] = articles[column].to_numpy() if column in articles else 0
    for column in ("published", "published_precision", "published_source"):
        audit[column] = articles[column].to_numpy() if column in articles else ""
    notes = log[log["reason"].str.startswith(("date not taken", "html:"))]
    joined = notes.groupby("doc_id")["reason"].agg(lambda reasons: "; ".join(dict.fromkeys(reasons)))
    audit["date_notes"] = audit["doc_id"].map(joined).fillna("")
    return audit
