"""Near-duplicate articles: the same story re-published with small edits, found by MinHash.

:mod:`newsframe.corpus` flags *exact* duplicates (same text after folding white space and
case).  Syndicated and re-scraped news is more often *nearly* the same: a changed headline,
a dropped paragraph, a different footer.  :func:`flag_near_duplicates` adds

``near_duplicate_of``
    the ``doc_id`` of the earlier article (in table order) this one most resembles, when the
    estimated Jaccard similarity of their word 5-shingle sets is at least ``threshold``;
    ``""`` otherwise.  An exact duplicate is also a near duplicate of its first copy.
``near_duplicate_similarity``
    that estimated similarity (0.0 when there is no near duplicate).

Articles are flagged, never dropped: what to do with them is an analysis decision.

Method (Broder's MinHash with locality-sensitive hashing, as in Leskovec, Rajaraman and
Ullman, *Mining of Massive Datasets*, ch. 3): the text is case-folded and split into words;
every run of :data:`SHINGLE_WORDS` consecutive words is hashed with CRC-32 (fixed, so results
do not depend on Python's per-process ``hash()`` salt); ``num_perm`` multiply-shift hash
functions ``(a·x + b) mod 2**64 >> 32`` (Dietzfelbinger's universal family, ``a`` odd) with
parameters drawn from a fixed seed give the signature.
Signatures are cut into bands (:func:`choose_bands`); only articles sharing a whole band are
compared, and a candidate counts when the share of equal signature values reaches ``threshold``.  Each band
bucket keeps at most ``max_bucket`` members, so the work per article is bounded and the
whole pass is linear in corpus size.  With 128 permutations the similarity estimate has a
standard error of about 0.035 at 0.8.

:class:`NearDuplicateIndex` holds the signatures seen so far; pass the same index to every
call to flag near duplicates across the chunks of :func:`newsframe.corpus.iter_corpus`.

Limits: scripts written without spaces (Chinese, Japanese) form one "word" per run of
characters, so near duplicates among them are found only when whole runs repeat; articles
with no words are never flagged.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd

SHINGLE_WORDS = 5
DEFAULT_NUM_PERM = 128
DEFAULT_MAX_BUCKET = 32
MIN_RECALL = 0.95
SEED = 20240518
_SHIFT = np.uint64(32)
_BLOCK = 4096
_WORD = re.compile(r"\w+")


def shingle_hashes(text: str, *, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct CRC-32 hashes of the case-folded word ``size``-shingles of ``text``.

    A text shorter than ``size`` words is one shingle; a text with no words has none.
    Words never span a line break and case folding maps each character on its own, so the
    shingles inside one line come from a per-line memo (:func:`_line_shingles`; news copy
    repeats paragraphs) and only those running across line breaks are hashed here: the set
    is the same as hashing every shingle of the whole text.
    """
    lines = [_line_shingles(line, size) for line in text.split("\n")]
    words = [word for line_words, _ in lines for word in line_words]
    if not words:
        return np.empty(0, dtype=np.uint64)
    if len(words) <= size:
        return np.array([zlib.crc32(" ".join(words).encode("utf-8"))], dtype=np.uint64)
    crossing: set[int] = set()
    first_word = 0
    for line_words, _ in lines[:-1]:
        first_word += len(line_words)
        crossing.update(range(max(0, first_word - size + 1), min(first_word, len(words) - size + 1)))
    crossed = np.fromiter(
        (zlib.crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in sorted(crossing)), dtype=np.uint64
    )
    return np.unique(np.concatenate([crossed, *(inner for _, inner in lines)]))


@lru_cache(maxsize=10_000)
def _line_shingles(line: str, size: int) -> tuple[tuple[str, ...], np.ndarray]:
    """The case-folded words of one line and the hashes of the ``size``-shingles wholly inside it (memoised, read-only)."""
    words = tuple(_WORD.findall(line.casefold()))
    inner = np.fromiter(
        (zlib.crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in range(len(words) - size + 1)),
        dtype=np.uint64,
    )
    inner.setflags(write=False)
    return words, inner


@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
    b = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def text_signature(text: str, num_perm: int = DEFAULT_NUM_PERM) -> np.ndarray | None:
    """The MinHash signature of ``text`` as :class:`NearDuplicateIndex` computes it, or None when it has no words.

    It depends only on the text and ``num_perm`` (the hash functions come from a fixed seed),
    so it can be computed where the text is (a pipeline worker) and handed to
    :meth:`NearDuplicateIndex.add_signature` in corpus order.
    """
    hashes = shingle_hashes(text)
    if not len(hashes):
        return None
    a, b = _permutations(num_perm)
    return minhash_signature(hashes, a, b)


def minhash_signature(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The MinHash signature (``uint32``, one value per hash function) of a set of 32-bit hashes.

    ``uint64`` arithmetic wraps modulo 2**64, which is what multiply-shift hashing needs;
    the top 32 bits are the hash value.  Long texts are processed in blocks to bound memory,
    and in place, which is several times faster than chaining temporaries.
    """
    signature = np.full(len(a), np.iinfo(np.uint32).max, dtype=np.uint64)
    for start in range(0, len(hashes), _BLOCK):
        block = hashes[start : start + _BLOCK]
        values = np.multiply.outer(a, block)
        values += b[:, None]
        values >>= _SHIFT
        np.minimum(signature, values.min(axis=1), out=signature)
    return signature.astype(np.uint32)


def choose_bands(threshold: float, num_perm: int, *, recall: float = MIN_RECALL) -> tuple[int, int]:
    """``(bands, rows)``: the fewest bands that still make a pair at ``threshold`` a candidate with chance ``recall``.

    Two articles of similarity ``s`` share at least one of ``bands`` bands of ``rows`` values
    with probability ``1 − (1 − s**rows)**bands``.  More bands (of fewer rows each) raise that
    chance at every ``s``, so the fewest bands reaching ``recall`` at ``threshold`` also
    brings in the fewest dissimilar candidates.  For 0.8 and 128 permutations this is
    17 bands of 7 rows (98% of pairs at 0.8 become candidates, 38% at 0.6, 3% at 0.4).
    """
    for bands in range(1, num_perm + 1):
        rows = num_perm // bands
        if 1.0 - (1.0 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


@dataclass
class NearDuplicateIndex:
    """The MinHash signatures of the articles seen so far, bucketed by LSH band.

    One index carries near-duplicate detection across streamed chunks; its parameters are
    fixed when it is created.
    """

    threshold: float = 0.8
    num_perm: int = DEFAULT_NUM_PERM
    max_bucket: int = DEFAULT_MAX_BUCKET
    doc_ids: list[str] = field(default_factory=list, repr=False)
    signatures: list[np.ndarray] = field(default_factory=list, repr=False)
    buckets: list[dict[bytes, list[int]]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        self.bands, self.rows = choose_bands(self.threshold, self.num_perm)
        self.a, self.b = _permutations(self.num_perm)
        if not self.buckets:
            self.buckets = [{} for _ in range(self.bands)]

    def _keys(self, signature: np.ndarray) -> list[bytes]:
        return [signature[i * self.rows : (i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def add(self, doc_id: str, text: str) -> tuple[str, float]:
        """Register one article; return ``(doc_id of its nearest earlier near duplicate or "", similarity)``."""
        return self.add_signature(doc_id, text_signature(text, self.num_perm))

    def add_signature(self, doc_id: str, signature: np.ndarray | None) -> tuple[str, float]:
        """:meth:`add` for a signature computed beforehand with :func:`text_signature` (None: no words)."""
        if signature is None:
            return "", 0.0
        keys = self._keys(signature)
        candidates = sorted({member for band, key in enumerate(keys) for member in self.buckets[band].get(key, ())})
        match, similarity = "", 0.0
        if candidates:
            shares = (np.stack([self.signatures[c] for c in candidates]) == signature).mean(axis=1)
            best = int(np.argmax(shares))
            if shares[best] >= self.threshold:
                match, similarity = self.doc_ids[candidates[best]], float(shares[best])
        position = len(self.doc_ids)
        self.doc_ids.append(doc_id)
        self.signatures.append(signature)
        for band, key in enumerate(keys):
            members = self.buckets[band].setdefault(key, [])
            if len(members) < self.max_bucket:
                members.append(position)
        return match, similarity


def flag_near_duplicates(
    articles: pd.DataFrame,
    threshold: float = 0.8,
    *,
    index: NearDuplicateIndex | None = None,
    text_column: str | None = None,
    signatures: list[np.ndarray | None] | None = None,
) -> pd.DataFrame:
    """Return ``articles + near_duplicate_of, near_duplicate_similarity`` (see the module docstring).

    ``text_column`` defaults to ``clean_text`` when present (page furniture would otherwise
    make copies from different sites look different), else ``raw_text``.  Pass one
    ``index`` to successive calls to compare each chunk with all earlier ones; its own
    threshold then applies.  ``signatures``, one per article from :func:`text_signature`
    (with the index's ``num_perm``) on that text column, skips computing them here.
    """
    index = index if index is not None else NearDuplicateIndex(threshold=threshold)
    if signatures is None:
        signatures = near_duplicate_signatures(articles, num_perm=index.num_perm, text_column=text_column)
    if len(signatures) != len(articles):
        raise ValueError(
            f"flag_near_duplicates: {len(signatures)} signatures for {len(articles)} articles; pass one per article"
        )
    results = [index.add_signature(str(doc_id), signature) for doc_id, signature in zip(articles["doc_id"], signatures)]
    flagged = articles.copy()
    flagged["near_duplicate_of"] = [match for match, _ in results]
    flagged["near_duplicate_similarity"] = [similarity for _, similarity in results]
    return flagged


def near_duplicate_signatures(
    articles: pd.DataFrame, *, num_perm: int = DEFAULT_NUM_PERM, text_column: str | None = None
) -> list[np.ndarray | None]:
    """:func:`text_signature` of every article's text (``text_column`` as in :func:`flag_near_duplicates`)."""
    column = text_column or ("clean_text" if "clean_text" in articles.columns else "raw_text")
    return [text_signature(str(text), num_perm) for text in articles[column]]
