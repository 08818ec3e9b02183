"""English stop words, for the modules that compare or count words (timeline, claims, stance).

``data/english_stop_words.txt`` holds scikit-learn's ``ENGLISH_STOP_WORDS`` (the Glasgow
Information Retrieval Group list) word for word; ``tests/test_stopwords.py`` checks that the
two stay equal.  It is kept as data because importing scikit-learn costs about a second in
every process and notebook kernel that only needs the list.
"""

from __future__ import annotations

from newsframe.data_tables import read_data_lines

ENGLISH_STOP_WORDS: frozenset[str] = frozenset(read_data_lines("english_stop_words.txt"))
