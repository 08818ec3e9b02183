"""Whole-page plain text: which lines are the article and which are the page around it.

A scraped ``.txt`` export often holds the page's whole visible text: menus, section lists,
captions, credits, share buttons, teasers of other stories, newsletter prompts, footers.
Each line is scored with general signals, none of them about a particular site:

``log_words``       log(1 + words on the line): body paragraphs are long, menu items short;
``ends_sentence``   the line ends with sentence-final punctuation (``. ! ? : ; )`` or a closing quote);
``stop_share``      share of the line's words that are English stop words (``data/english_stop_words.txt``);
``capital_share``   share of words that start with a capital (menus and headline lists are title case);
``cue``             a caption / credit / button / teaser / newsletter word of
                    ``data/furniture_vocabulary.csv`` on a line of under 15 words;
``short_context``   share of the three lines before and after that have under 6 words (runs of short lines);
``context_words``   log(1 + mean words of those neighbours);
``position``, ``position_squared``   where the line falls in the page, 0 at the top, 1 at the bottom
                    (top and bottom runs are navigation and footers);
``digit_share``     share of the line's characters that are digits;
``very_short``      the line has under 4 words.

A logistic model over these (weights in ``data/page_line_weights.csv``, fitted on the
Scrapinghub development pages with ``benchmarks/fit_page_lines.py``, which reports its
cross-validated F1) gives each line a probability of being body.  The article is then taken
as the one contiguous region with the largest sum of ``(p - 1/2) x words`` (a maximum-sum
segment, so subheadings and short quotes inside the body stay with it while menus above and
footers below fall away), and a line inside that region is kept unless its probability is
under :data:`INSIDE_THRESHOLD`.

This runs only on text that looks like a whole page, :func:`looks_like_page`: at least
:data:`MIN_PAGE_LINES` lines of which at least :data:`PAGE_SHORT_SHARE` have under five
words (an article saved on its own is mostly paragraphs; the seeds' shares are 0.15-0.32,
the development pages' 0.40-0.97).  Lines that recur across many articles of one outlet or
folder are caught before this by :mod:`newsframe.repetition`.
"""

from __future__ import annotations

import math
import re
from functools import cache

from newsframe.data_tables import read_data_table
from newsframe.phrase_patterns import alternation
from newsframe.stopwords import ENGLISH_STOP_WORDS

FEATURES = (
    "log_words",
    "ends_sentence",
    "stop_share",
    "capital_share",
    "cue",
    "short_context",
    "context_words",
    "position",
    "position_squared",
    "digit_share",
    "very_short",
)
INSIDE_THRESHOLD = 0.2
MIN_PAGE_LINES = 20
PAGE_SHORT_SHARE = 0.38
_CONTEXT = 3
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = set('.!?"”’:;)')


@cache
def _cue_pattern() -> re.Pattern:
    cues = read_data_table("furniture_vocabulary.csv", ["cue"])["cue"]
    alternatives = alternation(cues, space=r"\s*")
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@cache
def line_weights() -> tuple[dict[str, float], float]:
    """``({feature: weight}, intercept)`` of ``data/page_line_weights.csv``."""
    table = read_data_table(
        "page_line_weights.csv", ["feature", "weight"], dtype={"feature": str, "weight": float}, keep_default_na=True
    )
    weights = dict(zip(table["feature"], table["weight"]))
    intercept = weights.pop("intercept")
    missing = set(FEATURES) - set(weights)
    if missing:
        raise ValueError(f"data/page_line_weights.csv lacks weights for {sorted(missing)}")
    return weights, intercept


def looks_like_page(lines: list[str]) -> bool:
    """True when the lines read as a whole page's visible text rather than one article."""
    if len(lines) < MIN_PAGE_LINES:
        return False
    short = sum(len(line.split()) < 5 for line in lines)
    return short / len(lines) >= PAGE_SHORT_SHARE


def line_features(lines: list[str]) -> list[list[float]]:
    """One row of :data:`FEATURES` per line (lines stripped, none empty)."""
    cue = _cue_pattern()
    counts = [len(line.split()) for line in lines]
    last = max(len(lines) - 1, 1)
    rows = []
    for index, line in enumerate(lines):
        words = _WORD.findall(line)
        n_words = max(len(words), 1)
        context = counts[max(0, index - _CONTEXT) : index] + counts[index + 1 : index + 1 + _CONTEXT]
        position = index / last
        rows.append(
            [
                math.log1p(counts[index]),
                float(line[-1:] in _SENTENCE_END),
                sum(word.lower() in ENGLISH_STOP_WORDS for word in words) / n_words,
                sum(word[0].isupper() for word in words) / n_words,
                float(counts[index] < 15 and cue.search(line) is not None),
                sum(count < 6 for count in context) / len(context) if context else 0.0,
                math.log1p(sum(context) / len(context)) if context else 0.0,
                position,
                position * position,
                sum(ch.isdigit() for ch in line) / max(len(line), 1),
                float(counts[index] < 4),
            ]
        )
    return rows


def body_probabilities(lines: list[str]) -> list[float]:
    """The model's probability that each line is article body."""
    weights, intercept = line_weights()
    vector = [weights[name] for name in FEATURES]
    probabilities = []
    for row in line_features(lines):
        z = intercept + sum(w * x for w, x in zip(vector, row))
        probabilities.append(1.0 / (1.0 + math.exp(-z)))
    return probabilities


def body_region(lines: list[str], probabilities: list[float]) -> tuple[int, int]:
    """``(first, last)`` indices of the contiguous region with the largest sum of ``(p - 1/2) x words``."""
    best, current, start = -math.inf, 0.0, 0
    region = (0, -1)
    for index, (line, p) in enumerate(zip(lines, probabilities)):
        value = (p - 0.5) * (1 + len(line.split()))
        if current <= 0:
            current, start = value, index
        else:
            current += value
        if current > best:
            best, region = current, (start, index)
    return region


def furniture_lines(lines: list[str]) -> list[str]:
    """A reason per line (``""`` for body): ``outside the article`` or ``page furniture (score)``."""
    probabilities = body_probabilities(lines)
    first, last = body_region(lines, probabilities)
    reasons = []
    for index, p in enumerate(probabilities):
        if not first <= index <= last:
            reasons.append("outside the article")
        elif p < INSIDE_THRESHOLD:
            reasons.append("page furniture")
        else:
            reasons.append("")
    return reasons
