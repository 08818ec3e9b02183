"""Telling English articles from the rest, offline, so non-English text is not scored as English.

The lexicons and sentence splitter of this project are English.  A Russian or Chinese
article run through them gets neutral scores and no quotes, which looks like a finding;
a German or French one gets scores from the few words that happen to match.  Both are
silent wrong results, so articles are labelled first:

``"en"``
    English: at least :data:`MIN_LATIN_SHARE` of the letters are Latin script and at least
    :data:`MIN_FUNCTION_SHARE` of the Latin words are English function words.
``"non-en"``
    mostly another script (Cyrillic, Chinese, Arabic…), or Latin script with few English
    function words (German, French, Spanish…).
``"und"``
    undetermined: fewer than :data:`MIN_LETTERS` letters or, for Latin text, fewer than
    :data:`MIN_WORDS` words, too little to tell.

The function words (``data/english_function_words.csv``, one ``word`` per row) are the
articles, pronouns, prepositions, conjunctions and auxiliaries that make up about a third
or more of running English prose (34–40% of the words of each seed article).  No other
language uses them at that rate: on German, French, Spanish and Dutch news paragraphs the
share is 0–10% (words such as "in", "an", "was", "a", "on" do occur there), hence the
threshold of 0.25.  English that is mostly names and numbers (a results table) can fall
below it and be labelled ``non-en``.  An English
article quoting a Russian paragraph stays English; a Russian article quoting English stays
Russian, because the letter share is taken over the whole text.  Only the first
:data:`SAMPLE_CHARS` characters are read.  The heuristic does not name the other language:
that needs a model, and the analyses only need to know whether their English tools apply.
"""
from __future__ import annotations

from functools import cache

import pandas as pd

from newsframe.paths import DATA_DIR

MIN_LATIN_SHARE = 0.5
MIN_FUNCTION_SHARE = 0.25
MIN_LETTERS = 40
MIN_WORDS = 8
SAMPLE_CHARS = 100_000
LANGUAGE_FEATURES = ["letters", "latin_share", "words", "function_share"]
_LETTER = r"[^\W\d_]"
_LATIN_LETTER = r"[A-Za-z\u00C0-\u024F]"
_LATIN_WORD = r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?"


@cache
def english_function_words() -> frozenset[str]:
    """The lower-case English function words of ``data/english_function_words.csv``."""
    table = pd.read_csv(DATA_DIR / "english_function_words.csv", dtype=str, keep_default_na=False)
    return frozenset(table["word"].str.strip().str.lower())


def language_features(texts: pd.Series) -> pd.DataFrame:
    """Per text (same index): ``letters``, ``latin_share``, ``words`` (Latin-script) and ``function_share``.

    These are the numbers :func:`detect_language` decides on, kept visible so a reader can
    check a doubtful label.
    """
    sample = texts.fillna("").astype(str).str.slice(0, SAMPLE_CHARS)
    letters = sample.str.count(_LETTER)
    latin = sample.str.count(_LATIN_LETTER)
    words = sample.str.findall(_LATIN_WORD).explode().dropna().str.lower()
    word_counts = words.groupby(level=0).size().reindex(sample.index, fill_value=0)
    function_counts = words.isin(english_function_words()).groupby(level=0).sum().reindex(sample.index, fill_value=0)
    return pd.DataFrame(
        {
            "letters": letters.astype("int64"),
            "latin_share": (latin / letters.where(letters > 0)).fillna(0.0),
            "words": word_counts.astype("int64"),
            "function_share": (function_counts / word_counts.where(word_counts > 0)).fillna(0.0),
        },
        index=texts.index,
    )


def detect_language(texts: pd.Series) -> pd.Series:
    """``"en"``, ``"non-en"`` or ``"und"`` per text (same index); rules in the module docstring."""
    features = language_features(texts)
    latin = features["latin_share"] >= MIN_LATIN_SHARE
    too_short = (features["letters"] < MIN_LETTERS) | (latin & (features["words"] < MIN_WORDS))
    english = latin & (features["function_share"] >= MIN_FUNCTION_SHARE)
    labels = pd.Series("non-en", index=texts.index, dtype=object)
    labels[english] = "en"
    labels[too_short] = "und"
    return labels.rename("language")


def add_language(articles: pd.DataFrame, *, text_column: str | None = None) -> pd.DataFrame:
    """Return ``articles + language`` (see :func:`detect_language`).

    ``text_column`` defaults to ``clean_text`` when present (navigation menus and share
    buttons are English on many non-English sites), else ``raw_text``.
    """
    column = text_column or ("clean_text" if "clean_text" in articles.columns else "raw_text")
    labelled = articles.copy()
    labelled["language"] = detect_language(articles[column])
    return labelled
