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

import re
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from newsframe.data_tables import read_data_table

MIN_LATIN_SHARE = 0.5
MIN_FUNCTION_SHARE = 0.25
MIN_LETTERS = 40
MIN_WORDS = 8
SAMPLE_CHARS = 100_000
_LETTER = r"[^\W\d_]"
_LATIN_LETTER = r"[A-Za-z\u00C0-\u024F]"
_LATIN_WORD = r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?"
_LETTER_RE = re.compile(_LETTER)
_LATIN_LETTER_RE = re.compile(_LATIN_LETTER)
_LATIN_WORD_RE = re.compile(_LATIN_WORD)


@cache
def english_function_words() -> frozenset[str]:
    """The lower-case English function words of ``data/english_function_words.csv``."""
    table = read_data_table("english_function_words.csv", ["word"])
    return frozenset(table["word"].str.strip().str.lower())


def language_features(texts: pd.Series) -> pd.DataFrame:
    """Per text (same index): ``letters``, ``latin_share``, ``words`` (Latin-script) and ``function_share``.

    These are the numbers :func:`detect_language` decides on, kept visible so a reader can
    check a doubtful label.
    """
    sample = texts.fillna("").astype(str).str.slice(0, SAMPLE_CHARS)
    counts = np.array([_text_counts(text) for text in sample], dtype=np.int64).reshape(len(sample), 4)
    letters, latin, word_counts, function_counts = (
        pd.Series(counts[:, column], index=sample.index) for column in range(4)
    )
    return pd.DataFrame(
        {
            "letters": letters.astype("int64"),
            "latin_share": (latin / letters.where(letters > 0)).fillna(0.0),
            "words": word_counts.astype("int64"),
            "function_share": (function_counts / word_counts.where(word_counts > 0)).fillna(0.0),
        },
        index=texts.index,
    )


def _text_counts(text: str) -> tuple[int, int, int, int]:
    """Letters, Latin letters, Latin words and English function words in ``text``, summed over its lines.

    None of the three patterns can match a line break, so the counts of a text are the sums
    of the counts of its lines, which are memoised (:func:`_line_counts`).
    """
    totals = [0, 0, 0, 0]
    for line in text.split("\n"):
        for position, count in enumerate(_line_counts(line)):
            totals[position] += count
    return totals[0], totals[1], totals[2], totals[3]


@lru_cache(maxsize=20_000)
def _line_counts(line: str) -> tuple[int, int, int, int]:
    """:func:`_text_counts` of one line, memoised per process by the exact line (a pure function of it)."""
    words = _LATIN_WORD_RE.findall(line)
    function_words = english_function_words()
    return (
        len(_LETTER_RE.findall(line)),
        len(_LATIN_LETTER_RE.findall(line)),
        len(words),
        sum(word.lower() in function_words for word in words),
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
