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
least ``min_articles`` articles of its group (default :data:`MIN_ARTICLES`).  Exact duplicate
articles count once, and HTML pages are left to the HTML extractor.  Because a near copy of
one story (a wire piece run three times) would repeat its paragraphs too, cleaning never lets
this rule empty an article: see :func:`newsframe.clean.clean_text`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

MIN_ARTICLES = 3


@dataclass(frozen=True)
class RepeatedLines:
    """The hashes of (group, folded line) pairs that recur in at least ``min_articles`` articles of the group."""

    hashes: frozenset[int]
    min_articles: int = MIN_ARTICLES

    def is_repeated(self, group: str, line: str) -> bool:
        """True when ``line`` (raw or stripped) recurs across the articles of ``group``."""
        return bool(self.hashes) and line_hash(group, line) in self.hashes


NO_REPEATS = RepeatedLines(frozenset())


def fold_line(line: str) -> str:
    """A line with case and runs of white space folded, the form that is compared across articles."""
    return " ".join(line.casefold().split())


def line_hash(group: str, line: str) -> int:
    """A 64-bit hash of ``group`` and the folded ``line`` (BLAKE2b: the same in every process and run)."""
    digest = hashlib.blake2b(f"{group}\0{fold_line(line)}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def article_group(outlet: str, source_path: str) -> str:
    """The group an article's lines are counted in: its outlet, else its folder or export file."""
    if outlet:
        return f"outlet:{outlet.strip().casefold()}"
    path = str(source_path)
    head, _, tail = path.rpartition(":")
    if tail.isdigit() and head:
        return f"export:{head}"
    return f"folder:{Path(path).parent}"


def count_repeated_lines(chunks: Iterable[pd.DataFrame], *, min_articles: int = MIN_ARTICLES) -> RepeatedLines:
    """Stream over articles tables (``outlet``, ``source_path``, ``raw_text``, optional ``source_format`` and ``is_duplicate``)."""
    parts: list[np.ndarray] = []
    for chunk in chunks:
        formats = chunk["source_format"] if "source_format" in chunk else pd.Series("text", index=chunk.index)
        duplicate = chunk["is_duplicate"] if "is_duplicate" in chunk else pd.Series(False, index=chunk.index)
        for outlet, path, text, kind, dup in zip(chunk["outlet"], chunk["source_path"], chunk["raw_text"], formats, duplicate):
            if kind == "html" or dup:
                continue
            group = article_group(outlet or "", path)
            article = {line_hash(group, line) for line in str(text).split("\n") if line.strip()}
            parts.append(np.fromiter(article, dtype=np.uint64, count=len(article)))
    if not parts:
        return RepeatedLines(frozenset(), min_articles)
    values, counts = np.unique(np.concatenate(parts), return_counts=True)
    return RepeatedLines(frozenset(int(v) for v in values[counts >= min_articles]), min_articles)
