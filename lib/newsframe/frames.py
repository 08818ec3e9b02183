"""Frame tagging: which topical frames a sentence invokes, from a codebook kept as data.

The codebook ``data/frames.csv`` has one row per pattern, columns ``frame, pattern, note``;
frames appear in the order of their first row, and that order is the order of the
``frames`` lists and ``frame_<name>`` columns.  The shipped frames are:
``economy`` (economy and trade), ``energy``, ``military`` (military and security),
``technology``, ``governance`` (global governance and multipolarity), ``sanctions``,
``ukraine_war``, ``territory`` (Taiwan and territorial disputes), ``soft_power``
(culture and soft power) and ``history``.  ``note`` says what a pattern is for or which
false hit it avoids.  Edit the CSV to change the codebook; no code change is needed.

Pattern syntax
--------------
Patterns match **whole words** (never inside a longer word: ``arm(s)`` does not fire on
"farms" or "alarms", ``war(s)`` not on "award" or "software"), case-insensitively:

``*``
    any further letters or digits: ``sanction*`` → sanction, sanctions, sanctioned.
``(s)``
    parentheses without ``|`` are optional: ``arm(s)`` → arm, arms.
``(y|ies)``
    parentheses with ``|`` choose exactly one alternative: ``militar(y|ily)``,
    ``defen(c|s)e``; an empty alternative makes the choice optional:
    ``export(|s|ed)`` → export, exports, exported.  Groups do not nest.
space or ``-``
    a run of white space or a hyphen: ``cold war`` → "Cold War", "cold-war".
``'``
    a straight or curly apostrophe.
ALL-CAPS
    a pattern whose letters are all capitals (at least two: ``NATO``, ``AI``, ``UN``) is
    an acronym and matches case-sensitively, so "AI" does not fire on "ai" and "UN" not on "un".
``re:...``
    the rest is a raw Python regular expression fragment (still wrapped in word
    boundaries), for the rare case the syntax above cannot say, e.g. "war but not Cold War".

Every other character is literal.  Each frame's patterns are compiled once into one
alternation regex (:func:`frame_regexes`).

Tagging speed
-------------
A frame regex starts every alternative with a word-boundary look-behind, which keeps
Python's regex engine from skipping ahead to the characters a match could start with: it
tries every alternative at every word start, about 40 µs per frame for a news sentence.
:func:`tag_frames` therefore first asks a cheap question that every match answers yes:
does the sentence hold the longest run of literal characters of one of the frame's
patterns (``uble`` for ``r(o)uble(s)``; in the lower-cased sentence, or as written for an
acronym)?  That screen is an alternation of plain literals, which the engine scans for
quickly, and only a sentence that passes it is searched with the frame's regex, so the flags
are exactly the regex's (:class:`FrameTest`).  ``re:`` patterns have no such run and are
always searched.  On PolNeAR's sentences this is about 10× faster than the regexes alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.checks import require_columns
from newsframe.data_tables import data_path, read_data_table

FRAMES_PATH = data_path("frames.csv")
FRAME_PREFIX = "frame_"
UNTAGGED = "(untagged)"
_FRAME_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ACRONYM_LETTERS = re.compile(r"[A-Za-z]")


def pattern_regex(pattern: str) -> str:
    """Translate one codebook pattern (syntax in the module docstring) into a regex fragment.

    The fragment carries its own case flag and word boundaries, so fragments can be joined
    with ``|`` into one regex.
    """
    if pattern.startswith("re:"):
        body = pattern[3:]
        case_sensitive = True
    else:
        body = _translate(pattern)
        case_sensitive = is_acronym(pattern)
    if not case_sensitive:
        body = f"(?i:{body})"
    return rf"(?<!\w){body}(?!\w)"


def is_acronym(pattern: str) -> bool:
    """A pattern whose letters are all capitals, at least two: matched case-sensitively (module docstring)."""
    letters = _ACRONYM_LETTERS.findall(pattern)
    return len(letters) >= 2 and all(letter.isupper() for letter in letters)


def _translate(pattern: str) -> str:
    parts = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "(":
            close = pattern.find(")", position)
            if close < 0 or "(" in pattern[position + 1 : close]:
                raise ValueError(f"pattern {pattern!r}: unbalanced or nested parentheses at character {position}")
            alternatives = pattern[position + 1 : close].split("|")
            group = "(?:" + "|".join(_translate(alternative) for alternative in alternatives) + ")"
            parts.append(group if len(alternatives) > 1 else group + "?")
            position = close + 1
            continue
        if char == ")":
            raise ValueError(f"pattern {pattern!r}: ')' without '(' at character {position}")
        parts.append({"*": r"\w*", " ": r"[\s\-]+", "-": r"[\s\-]+", "'": "['\u2019]"}.get(char, re.escape(char)))
        position += 1
    return "".join(parts)


@cache
def codebook(path: Path = FRAMES_PATH) -> pd.DataFrame:
    """The frame codebook: one row per pattern, columns frame, pattern, note (validated)."""
    table = read_data_table(path, ["frame", "pattern", "note"])
    for line, (frame, pattern) in enumerate(zip(table["frame"], table["pattern"]), start=2):
        if not _FRAME_NAME.fullmatch(frame):
            raise ValueError(
                f"{path} line {line}: frame name {frame!r} must be lower-case letters, digits and '_' (it becomes a column name)"
            )
        if not pattern.strip():
            raise ValueError(f"{path} line {line}: empty pattern; fill it in or delete the row")
        try:
            re.compile(pattern_regex(pattern))
        except (re.error, ValueError) as error:
            raise ValueError(
                f"{path} line {line}: pattern {pattern!r} is not valid ({error}); see newsframe.frames for the syntax"
            ) from None
    return table


@cache
def frame_regexes(path: Path = FRAMES_PATH) -> dict[str, re.Pattern]:
    """One compiled alternation regex per frame, in codebook order."""
    table = codebook(path)
    return {
        frame: re.compile("|".join(pattern_regex(pattern) for pattern in group["pattern"]))
        for frame, group in table.groupby("frame", sort=False)
    }


_SPECIAL = frozenset("*() -'")


def required_literal(pattern: str) -> str | None:
    """The longest run of literal characters that every match of ``pattern`` contains; None for ``re:`` patterns.

    Outside parentheses, a character that is not ``*``, space, ``-`` or ``'`` is matched
    literally (:func:`pattern_regex`), so a run of them appears verbatim (up to case) in
    every text the pattern matches.  Characters inside parentheses are optional or one of
    several alternatives, so they end a run.
    """
    if pattern.startswith("re:"):
        return None
    runs, current, depth = [], [], 0
    for char in pattern:
        if char == "(":
            depth += 1
        if depth or char in _SPECIAL:
            runs.append("".join(current))
            current = []
        else:
            current.append(char)
        if char == ")":
            depth -= 1
    runs.append("".join(current))
    return max(runs, key=len) or None


# The characters outside ASCII that Python's case-insensitive matching takes for an ASCII
# letter while str.lower() does not turn them into it (dotted and dotless I, long s); a text
# holding one is searched with the full regexes (tests/test_frames.py recomputes the set).
FOLD_TRAPS = "\u0130\u0131\u017f"
_FOLD_TRAP = re.compile(f"[{FOLD_TRAPS}]")


@dataclass(frozen=True)
class FrameTest:
    """Whether one frame fires on a text, exactly as its regex would say, but screened first.

    ``lower_screen`` finds, in the lower-cased text, the :func:`required_literal` of one of
    the case-insensitive ``screened`` patterns, ``exact_screen`` that of an acronym pattern
    in the text itself; only when one does are the ``screened`` patterns whose literal the
    text holds searched, each alone (``(literal, acronym, regex)``).  ``unscreened`` holds
    the patterns without a literal run (``re:``), searched always; ``regex`` is the frame's
    whole alternation (:func:`frame_regexes`).
    """

    lower_screen: re.Pattern | None
    exact_screen: re.Pattern | None
    screened: tuple[tuple[str, bool, re.Pattern], ...]
    unscreened: re.Pattern | None
    regex: re.Pattern

    def fires(self, text: str, lowered: str | None) -> bool:
        """True when one of the frame's patterns matches somewhere in ``text``.

        ``lowered`` is ``text.lower()``, or None for a text with a :data:`FOLD_TRAPS`
        character, which is searched with the whole regex.
        """
        if lowered is None:
            return self.regex.search(text) is not None
        if (self.lower_screen is not None and self.lower_screen.search(lowered) is not None) or (
            self.exact_screen is not None and self.exact_screen.search(text) is not None
        ):
            for literal, acronym, regex in self.screened:
                if literal in (text if acronym else lowered) and regex.search(text) is not None:
                    return True
        return self.unscreened is not None and self.unscreened.search(text) is not None


@cache
def frame_tests(path: Path = FRAMES_PATH) -> dict[str, FrameTest]:
    """One :class:`FrameTest` per frame, in codebook order, equivalent to :func:`frame_regexes`."""
    tests = {}
    regexes = frame_regexes(path)
    for frame, group in codebook(path).groupby("frame", sort=False):
        screened, lower, exact, unscreened = [], [], [], []
        for pattern in group["pattern"]:
            literal = required_literal(pattern)
            acronym = is_acronym(pattern)
            if literal is None or not (acronym or literal.isascii()):
                unscreened.append(pattern_regex(pattern))
                continue
            literal = literal if acronym else literal.lower()
            screened.append((literal, acronym, re.compile(pattern_regex(pattern))))
            (exact if acronym else lower).append(re.escape(literal))
        compiled = lambda parts: re.compile("|".join(dict.fromkeys(parts))) if parts else None
        tests[frame] = FrameTest(
            compiled(lower), compiled(exact), tuple(screened), compiled(unscreened), regexes[frame]
        )
    return tests


def frame_names(path: Path = FRAMES_PATH) -> list[str]:
    """The frame names in codebook order."""
    return list(frame_regexes(path))


def tag_frames(sentences: pd.DataFrame, *, path: Path = FRAMES_PATH) -> pd.DataFrame:
    """The sentences table plus one boolean ``frame_<name>`` column per frame and ``frames``.

    ``frames`` lists the names of the frames a sentence invokes, in codebook order; it is
    empty for an untagged sentence (count those with :func:`frame_counts`).
    """
    require_columns(sentences, ["text"], where="tag_frames: sentences")
    texts = sentences["text"].fillna("").astype(str)
    codes, unique = pd.factorize(texts, sort=False)
    regexes = frame_regexes(path)
    names = np.array(list(regexes), dtype=object)
    unique_masks = np.array([_frame_flags(text, path) for text in unique], dtype=bool).reshape(len(unique), len(names))
    masks = unique_masks[codes]
    tagged = sentences.copy()
    for column, frame in enumerate(regexes):
        tagged[FRAME_PREFIX + frame] = masks[:, column]
    tagged["frames"] = [list(names[row]) for row in masks]
    return tagged


@lru_cache(maxsize=100_000)
def _frame_flags(text: str, path: Path) -> tuple[bool, ...]:
    """Whether each frame's regex fires on ``text``, in codebook order; memoised per process.

    Keyed by the exact text and codebook path: the flags depend on nothing else, so a
    sentence repeated across articles gets the flags a fresh search would give.
    """
    lowered = None if _FOLD_TRAP.search(text) else text.lower()
    return tuple(test.fires(text, lowered) for test in frame_tests(path).values())


def frame_counts(tagged: pd.DataFrame) -> pd.DataFrame:
    """One row per frame (codebook order) and a last row ``(untagged)``: frame, sentences, articles, share.

    ``sentences`` counts sentences invoking the frame (a sentence can invoke several),
    ``articles`` the distinct ``doc_id`` among them (0 when there is no ``doc_id`` column)
    and ``share`` the fraction of all sentences.
    """
    columns = [column for column in tagged.columns if column.startswith(FRAME_PREFIX)]
    total = len(tagged)
    rows = []
    masks = {column[len(FRAME_PREFIX) :]: tagged[column].to_numpy(dtype=bool) for column in columns}
    any_frame = np.zeros(total, dtype=bool)
    for mask in masks.values():
        any_frame |= mask
    masks[UNTAGGED] = ~any_frame
    for frame, mask in masks.items():
        articles = tagged.loc[mask, "doc_id"].nunique() if "doc_id" in tagged.columns else 0
        rows.append(
            {
                "frame": frame,
                "sentences": int(mask.sum()),
                "articles": int(articles),
                "share": float(mask.sum() / total) if total else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=["frame", "sentences", "articles", "share"])


def frame_sentiment(tagged: pd.DataFrame, *, score: str = "sentiment") -> pd.DataFrame:
    """One row per (frame, article) with at least one sentence: frame, doc_id, sentences, mean_score.

    ``tagged`` is :func:`tag_frames` output that also carries ``score`` (see
    :func:`newsframe.sentiment.score_sentences`).  A sentence invoking two frames counts
    in both; sentences without a score (NaN) are left out.  Rows follow codebook order,
    then ``doc_id``.
    """
    tagged = tagged[tagged[score].notna()]
    parts = []
    for frame in [column[len(FRAME_PREFIX) :] for column in tagged.columns if column.startswith(FRAME_PREFIX)]:
        hits = tagged[tagged[FRAME_PREFIX + frame].to_numpy(dtype=bool)]
        if hits.empty:
            continue
        grouped = hits.groupby("doc_id", sort=True)[score].agg(sentences="size", mean_score="mean").reset_index()
        parts.append(grouped.assign(frame=frame))
    columns = ["frame", "doc_id", "sentences", "mean_score"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def frame_extremes(tagged: pd.DataFrame, *, score: str = "sentiment", n: int = 2) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive sentences of each frame, as evidence.

    Columns: frame, direction ("most negative" / "most positive"), rank (1 = most extreme),
    score, doc_id, sent_id, text.  Ties break by doc_id then sent_id; a frame with fewer
    than 2n sentences lists each sentence once; sentences without a score are left out.
    """
    tagged = tagged[tagged[score].notna()]
    rows = []
    for frame in [column[len(FRAME_PREFIX) :] for column in tagged.columns if column.startswith(FRAME_PREFIX)]:
        hits = tagged[tagged[FRAME_PREFIX + frame].to_numpy(dtype=bool)]
        ordered = hits.sort_values([score, "doc_id", "sent_id"])
        negative = ordered.head(min(n, (len(ordered) + 1) // 2))
        positive = ordered.iloc[len(negative) :].iloc[::-1].head(n)
        for direction, chosen in (("most negative", negative), ("most positive", positive)):
            for rank, row in enumerate(chosen.itertuples(), start=1):
                rows.append((frame, direction, rank, getattr(row, score), row.doc_id, row.sent_id, row.text))
    return pd.DataFrame(rows, columns=["frame", "direction", "rank", "score", "doc_id", "sent_id", "text"])
