"""Lines that recur across many articles of one outlet or folder: site furniture found from the corpus.

A menu, a footer, a newsletter prompt or a "Most read" box is printed on every page of a
site, so in a corpus of its pages the same line recurs in article after article, while a
body paragraph is printed once.  That is the strongest furniture signal in real exports and
it needs the whole corpus, so it is a corpus-level pass that runs before the per-article
stages (:func:`newsframe.pipeline.analyze` calls :func:`count_repeated_lines` on the corpus
and hands the result to every chunk's :func:`newsframe.clean.clean_articles`).

The pass streams: each line is folded (case and white space) and hashed to 64 bits together
with its article's group, each article contributes each of its hashes once, and the counts
come from sorting the hashes, so time and memory are linear in the number of lines and no
two articles are ever compared.  The group is the article's outlet when the metadata names
one, else the folder (or export file) it came from.  A line is repeated when it occurs in at
least ``min_articles`` articles of its group (default :data:`MIN_ARTICLES`).  A prose line (a
sentence of :data:`PROSE_WORDS` words or more) must also recur in at least ``prose_share`` of
the group's articles (default :data:`PROSE_SHARE`): site furniture is on nearly every page,
while a background paragraph an outlet reuses ("Xi and Putin declared a 'no limits'
partnership in February 2022 …") is body text in each story that carries it.  Exact duplicate
articles count once, and HTML pages are left to the HTML extractor.  Because a near copy of
one story (a wire piece run three times) would repeat its paragraphs too, cleaning never lets
this rule empty an article: see :func:`newsframe.clean.clean_text`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

MIN_ARTICLES = 3
PROSE_SHARE = 0.5
PROSE_WORDS = 6
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", ")")


@dataclass(frozen=True)
class RepeatedLines:
    """Hashes of (group, folded line) pairs that recur in at least ``min_articles`` articles of the group.

    ``common`` holds those that also recur in at least ``prose_share`` of the group's articles.
    """

    hashes: frozenset[int]
    common: frozenset[int] = frozenset()

    def is_repeated(self, group: str, line: str) -> bool:
        """True when ``line`` recurs across the articles of ``group`` often enough for its kind (see the module docstring)."""
        if not self.hashes:
            return False
        key = line_hash(group, line)
        return key in (self.common if is_prose(line) else self.hashes)


NO_REPEATS = RepeatedLines(frozenset())


@lru_cache(maxsize=20_000)
def is_prose(line: str) -> bool:
    """A sentence-like line: :data:`PROSE_WORDS` words or more, ending in sentence-final punctuation.

    Memoised per process by the exact line (a pure function of it).
    """
    text = line.strip()
    return text.endswith(_SENTENCE_END) and len(text.split()) >= PROSE_WORDS


def fold_line(line: str) -> str:
    """A line with case and runs of white space folded, the form that is compared across articles."""
    return " ".join(line.casefold().split())


def line_hash(group: str, line: str) -> int:
    """A 64-bit hash of ``group`` and the folded ``line`` (BLAKE2b: the same in every process and run)."""
    digest = hashlib.blake2b(f"{group}\0{fold_line(line)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def optional_column(table: pd.DataFrame, name: str, default: object) -> pd.Series:
    """``table[name]``, or ``default`` in every row when the table has no such column."""
    return table[name] if name in table else pd.Series(default, index=table.index)


def article_group(outlet: str, source_path: str) -> str:
    """The group an article's lines are counted in: its outlet, else its folder or export file."""
    if outlet:
        return f"outlet:{outlet.strip().casefold()}"
    path = str(source_path)
    head, _, tail = path.rpartition(":")
    if tail.isdigit() and head:
        return f"export:{head}"
    return f"folder:{Path(path).parent}"


def count_repeated_lines(
    chunks: Iterable[pd.DataFrame],
    *,
    min_articles: int = MIN_ARTICLES,
    prose_share: float = PROSE_SHARE,
) -> RepeatedLines:
    """Stream over articles tables (``raw_text``; optional ``outlet``, ``source_path``, ``source_format``, ``is_duplicate``).

    A table without ``outlet`` or ``source_path`` (an articles table built by hand) counts as one
    group, as :func:`newsframe.clean.clean_articles` groups it.
    """
    hashes: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    groups: dict[str, int] = {}
    sizes: list[int] = []
    for chunk in chunks:
        outlets, paths = optional_column(chunk, "outlet", ""), optional_column(chunk, "source_path", "")
        formats, duplicate = (
            optional_column(chunk, "source_format", "text"),
            optional_column(chunk, "is_duplicate", False),
        )
        for outlet, path, text, kind, dup in zip(outlets, paths, chunk["raw_text"], formats, duplicate):
            if kind == "html" or dup:
                continue
            group = article_group(outlet or "", path)
            number = groups.setdefault(group, len(groups))
            if number == len(sizes):
                sizes.append(0)
            sizes[number] += 1
            article = {line_hash(group, line) for line in str(text).split("\n") if line.strip()}
            hashes.append(np.fromiter(article, dtype=np.uint64, count=len(article)))
            owners.append(np.full(len(article), number, dtype=np.int64))
    if not hashes:
        return NO_REPEATS
    values, first, counts = np.unique(np.concatenate(hashes), return_index=True, return_counts=True)
    group_sizes = np.asarray(sizes)[np.concatenate(owners)[first]]
    repeated = counts >= min_articles
    common = repeated & (counts >= prose_share * group_sizes)
    return RepeatedLines(frozenset(int(v) for v in values[repeated]), frozenset(int(v) for v in values[common]))
