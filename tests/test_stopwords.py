"""newsframe.stopwords: the committed list is scikit-learn's, word for word."""

from __future__ import annotations

from newsframe.stopwords import ENGLISH_STOP_WORDS


def test_stop_words_are_scikit_learns_list() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as sklearn_stop_words

    assert ENGLISH_STOP_WORDS == sklearn_stop_words
    assert {"the", "of", "and"} <= ENGLISH_STOP_WORDS and "partnership" not in ENGLISH_STOP_WORDS
