"""Numeric claims: money, percentages and counts, with what they measure and the year they refer to.

Tables
------
claims (:func:`extract_claims`), one row per figure in a sentence:

``doc_id, sent_id``
    the article and sentence (see :mod:`newsframe.segment`).
``start, end, text``
    offsets of the figure in the article's ``clean_text`` and the figure as written
    ("$300 billion", "25 percent", "32-member", "2 million troops").
``kind``
    ``money`` | ``percent`` | ``count``.
``value, unit``
    the figure in base units (``240e9`` for "$240 billion"; ``25.0`` for "25%") and its unit: an
    ISO currency code (``USD`` …), ``percent``, ``percentage_point`` or ``count``.
``qualifier``
    ``more_than`` ("over $240 billion"), ``approx``, ``approx_below`` ("nearly"), ``up_to``,
    ``less_than`` or "".
``quantity, quantity_key``
    what is measured, as written ("bilateral trade") and folded for comparison ("trade"):
    the quantity word from ``data/claim_quantities.csv`` right after the figure ("$300 billion
    in bilateral trade"), else the one nearest to it in the sentence; for counts, the noun
    counted ("troops"; "32-member alliance" gives "alliance members").  "" when none is found.
``year``
    the year the figure refers to: that of the nearest timex in the sentence that falls within
    one calendar year ("In 2023, bilateral trade reached …" gives 2023; "by the year 2030"
    gives 2030).  A figure stated as current ("now", "currently", a PRESENT_REF timex) in an
    article with a known publication date takes the publication year ("trade, now over $240
    billion" in an article of May 2024 gives 2024).  Otherwise NaN: the year is not guessed.
``is_future``
    a target or forecast rather than a reported figure (:func:`newsframe.timex.judge_future`
    on the sentence and the year's timex).
``sentence``
    the sentence text, for reading the claim in context.

Numbers inside a timex ("May 16, 2024", "five years") are not claims, nor are numbers glued to
letters ("5G", "I2U2", "21st"), bare years, and digits with no currency, percent, scale word or
counted noun.

Data files
----------
``data/claim_lexicon.csv`` (category, word, value, note)
    ``scale`` words (billion → 1e9), currency signs and codes written ``currency_before`` the
    number ($, USD, €, ¥ …) and currency words written ``currency_after`` it (dollars, yuan,
    rubles …) with their ISO codes, ``percent`` words, spelled-out ``number_word``s used before a
    scale word, and ``qualifier``s (over, nearly, about …).
``data/claim_quantities.csv`` (quantity, key, note)
    the quantities a figure can measure (bilateral trade, exports, military spending, troops …)
    and the key they are compared under.
``data/timex_units.csv`` (shared with :mod:`newsframe.timex`)
    calendar units: "5-year" or "10 years" is a duration, not a count.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import pandas as pd

from newsframe.checks import require_columns
from newsframe.data_tables import read_data_table
from newsframe.phrase_patterns import alternation
from newsframe.segment import exclude_sentences
from newsframe.spans import SpanIndex
from newsframe.stopwords import ENGLISH_STOP_WORDS
from newsframe.timex import extract_corpus_timexes, has_cue, judge_future, timex_value_interval

CLAIM_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "unit",
    "qualifier",
    "quantity",
    "quantity_key",
    "year",
    "is_future",
    "sentence",
]
COMPARISON_COLUMNS = [
    "quantity_key",
    "unit",
    "is_future",
    "n_sources",
    "n_claims",
    "doc_ids",
    "figures",
    "years",
    "min_value",
    "max_value",
    "rel_spread",
    "figures_agree",
    "years_agree",
]

_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_HYPHEN_NOUN = re.compile(r"-([a-z]+)(?:\s+([a-z]+))?", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z-]*)")
_RIGHT_WINDOW = re.compile(
    r"^\s*(?:(?:annually|a year|per year|each year|per annum|a month|per month)\s+)?(?:in|of|worth of|for|on)\s+((?:\S+\s*){1,6})",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"1\d{3}|2[01]\d{2}")


@dataclass(frozen=True)
class _Lexicon:
    scale: dict[str, float]
    glued_scale: re.Pattern
    spaced_scale: re.Pattern
    currency_before: re.Pattern
    currency_before_codes: dict[str, str]
    currency_after: re.Pattern
    currency_after_codes: dict[str, str]
    percent: re.Pattern
    percent_units: dict[str, str]
    spelled: re.Pattern
    spelled_values: dict[str, float]
    qualifier: re.Pattern
    qualifier_kinds: dict[str, str]
    quantities: re.Pattern
    quantity_keys: dict[str, str]
    time_units: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    """The compiled claim grammar from ``data/claim_lexicon.csv`` and ``data/claim_quantities.csv``."""
    by_category: dict[str, dict[str, str]] = {}
    lexicon = read_data_table("claim_lexicon.csv", ["category", "word", "value"])
    for category, word, value in zip(lexicon["category"], lexicon["word"], lexicon["value"]):
        by_category.setdefault(category, {})[word.lower()] = value
    quantity_table = read_data_table("claim_quantities.csv", ["quantity", "key"])
    quantities = {quantity.lower(): key for quantity, key in zip(quantity_table["quantity"], quantity_table["key"])}
    unit_table = read_data_table("timex_units.csv", ["unit", "plural"])
    units = {word for pair in zip(unit_table["unit"], unit_table["plural"]) for word in pair}
    scale = {w: float(v) for w, v in by_category["scale"].items()}
    long_scales = [w for w in scale if len(w) > 2 or w == "mn"]
    spelled = by_category["number_word"]
    return _Lexicon(
        scale=scale,
        glued_scale=re.compile(rf"^\s?({alternation(scale)})(?![\w])", re.IGNORECASE),
        spaced_scale=re.compile(rf"^\s?({alternation(long_scales)})\b", re.IGNORECASE),
        currency_before=re.compile(
            rf"(?:(?<![A-Za-z])({alternation(by_category['currency_before'])}))\s?$", re.IGNORECASE
        ),
        currency_before_codes=by_category["currency_before"],
        currency_after=re.compile(rf"^\s+({alternation(by_category['currency_after'])})\b", re.IGNORECASE),
        currency_after_codes=by_category["currency_after"],
        percent=re.compile(rf"^\s?({alternation(by_category['percent'])})(?![A-Za-z])", re.IGNORECASE),
        percent_units=by_category["percent"],
        spelled=re.compile(rf"\b({alternation(spelled)})\s+({alternation(long_scales)})\b", re.IGNORECASE),
        spelled_values={w: float(v) for w, v in spelled.items()},
        qualifier=re.compile(rf"\b({alternation(by_category['qualifier'])})\s+(?:a\s+|an\s+)?$", re.IGNORECASE),
        qualifier_kinds=by_category["qualifier"],
        quantities=re.compile(rf"\b({alternation(quantities)})\b", re.IGNORECASE),
        quantity_keys=quantities,
        time_units=frozenset(units),
    )


# --- finding figures in one sentence ---------------------------------------------------------------


class _Sentence(NamedTuple):
    doc_id: str
    sent_id: int
    start: int
    end: int
    text: str


def sentence_claims(sentence: str) -> list[dict]:
    """The figures of one sentence: dicts with start, end (local offsets), text, kind, value, unit, qualifier, counted.

    ``counted`` is the noun a count counts ("troops"), "" for money and percentages.
    """
    return [dict(claim) for claim in _sentence_claims(sentence)]


@lru_cache(maxsize=100_000)
def _sentence_claims(sentence: str) -> tuple[dict, ...]:
    """:func:`sentence_claims`, memoised per process by the exact sentence (a pure function of it); read-only."""
    lex = _lexicon()
    found = [claim for claim in (_digit_claim(sentence, m, lex) for m in _NUMBER.finditer(sentence)) if claim]
    taken = [(c["start"], c["end"]) for c in found]
    for match in lex.spelled.finditer(sentence):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        claim = _complete(
            sentence,
            match.start(),
            match.end(),
            lex.spelled_values[match.group(1).lower()] * lex.scale[match.group(2).lower()],
            lex,
            has_scale=True,
        )
        if claim:
            found.append(claim)
    return tuple(sorted(found, key=lambda c: c["start"]))


def _digit_claim(sentence: str, match: re.Match, lex: _Lexicon) -> dict | None:
    number = float(match.group().replace(",", ""))
    end = match.end()
    before = lex.currency_before.search(sentence, 0, match.start())
    scale = (lex.glued_scale if before else lex.spaced_scale).match(sentence[end:])
    if scale:
        number *= lex.scale[scale.group(1).lower()]
        end += scale.end()
    elif end < len(sentence) and sentence[end].isalpha():
        return None
    start = before.start() if before else match.start()
    if before is None and not scale and "," not in match.group() and _YEARLIKE.fullmatch(match.group()):
        return None
    return _complete(
        sentence, start, end, number, lex, has_scale=bool(scale), currency=before.group(1) if before else None
    )


def _complete(
    sentence: str, start: int, end: int, number: float, lex: _Lexicon, *, has_scale: bool, currency: str | None = None
) -> dict | None:
    """Decide money / percent / count from what surrounds the number; None when it is none of them."""
    unit, kind, counted = "", "", ""
    if currency is not None:
        unit, kind = lex.currency_before_codes[currency.lower()], "money"
    elif after := lex.currency_after.match(sentence[end:]):
        unit, kind = lex.currency_after_codes[after.group(1).lower()], "money"
        end += after.end()
    elif percent := lex.percent.match(sentence[end:]):
        unit, kind = lex.percent_units[percent.group(1).lower()], "percent"
        end += percent.end()
    elif (hyphen := _HYPHEN_NOUN.match(sentence, end)) and hyphen.group(1).lower() not in lex.time_units:
        noun, head = hyphen.group(1).lower(), (hyphen.group(2) or "").lower()
        unit, kind = "count", "count"
        counted = f"{head} {noun if noun.endswith('s') else noun + 's'}".strip() if head else noun
        end = hyphen.end(1)
    elif (word := _NEXT_WORD.match(sentence, end)) and _countable(word.group(1), has_scale, lex):
        unit, kind, counted = "count", "count", word.group(1).lower()
        end = word.end()
    if not kind:
        return None
    qualifier = lex.qualifier.search(sentence, 0, start)
    return {
        "start": start,
        "end": end,
        "text": sentence[start:end],
        "kind": kind,
        "value": number,
        "unit": unit,
        "qualifier": lex.qualifier_kinds[qualifier.group(1).lower()] if qualifier else "",
        "counted": counted,
    }


def _countable(word: str, has_scale: bool, lex: _Lexicon) -> bool:
    """A counted noun: plural-looking, not a time unit, and either after a scale word or plainly plural."""
    lowered = word.lower()
    if lowered in lex.time_units or lowered in ENGLISH_STOP_WORDS:
        return False
    return has_scale or (lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 3)


def quantity_of(sentence: str, start: int, end: int, counted: str = "") -> tuple[str, str]:
    """``(quantity, quantity_key)`` measured by the figure at ``[start, end)`` of ``sentence``.

    A counted noun wins; then a quantity phrase right after the figure ("in bilateral trade",
    "of exports"); then the quantity phrase nearest to the figure anywhere in the sentence.
    """
    lex = _lexicon()
    if counted:
        return counted, counted.split()[-1]
    right = _RIGHT_WINDOW.match(sentence[end:])
    if right and (match := lex.quantities.search(right.group(1))):
        phrase = match.group(1).lower()
        return phrase, lex.quantity_keys[phrase]
    best: tuple[int, int, str] | None = None
    for match in lex.quantities.finditer(sentence):
        if start <= match.start() < end:
            continue
        distance = start - match.end() if match.end() <= start else match.start() - end
        candidate = (distance, match.start(), match.group(1).lower())
        best = candidate if best is None or candidate < best else best
    if best is None:
        return "", ""
    return best[2], lex.quantity_keys[best[2]]


# --- the claims table --------------------------------------------------------------------------------


def extract_claims(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    timexes: pd.DataFrame | None = None,
    include_faq: bool = False,
) -> pd.DataFrame:
    """One row per numeric claim in the sentences; columns :data:`CLAIM_COLUMNS` (see the module docstring).

    ``articles`` needs doc_id, clean_text and published (the anchor for "now"); ``sentences``
    the columns of :func:`newsframe.segment.split_sentences`.  Pass ``timexes`` (from
    :func:`newsframe.timex.extract_corpus_timexes`) to reuse a computed table.  Sentences in
    FAQ sections (``is_faq``), which repeat the body, are left out unless ``include_faq``.
    """
    for name, table, columns in (
        ("articles", articles, ("doc_id", "clean_text", "published")),
        ("sentences", sentences, ("doc_id", "sent_id", "start", "end", "text")),
    ):
        require_columns(
            table,
            columns,
            where=f"newsframe.claims.extract_claims: the {name} table",
            hint="build it with newsframe.clean.clean_articles / newsframe.segment.split_sentences",
        )
    if not include_faq:
        sentences = exclude_sentences(sentences, exclude_sections=())
    if timexes is None:
        timexes = extract_corpus_timexes(articles)
    anchors = dict(zip(articles["doc_id"], articles["published"]))
    by_doc: dict[str, list] = {}
    for timex in timexes.itertuples(index=False):
        by_doc.setdefault(timex.doc_id, []).append(timex)
    # Each article's timexes indexed by offset: a sentence's are found without scanning the whole article's.
    indexes = {doc_id: SpanIndex([t.start for t in rows], [t.end for t in rows]) for doc_id, rows in by_doc.items()}
    ordered = sentences.sort_values(["doc_id", "start"], kind="stable")
    rows = []
    for sentence in map(
        _Sentence._make, zip(ordered["doc_id"], ordered["sent_id"], ordered["start"], ordered["end"], ordered["text"])
    ):
        found = _sentence_claims(sentence.text)
        if not found:
            continue
        index = indexes.get(sentence.doc_id)
        inside = [by_doc[sentence.doc_id][i] for i in index.overlapping(sentence.start, sentence.end)] if index else []
        anchor = anchors.get(sentence.doc_id, pd.NaT)
        for claim in found:
            absolute = (sentence.start + claim["start"], sentence.start + claim["end"])
            if any(t.start < absolute[1] and absolute[0] < t.end for t in inside):
                continue
            quantity, key = quantity_of(sentence.text, claim["start"], claim["end"], claim["counted"])
            year, is_future = _year_and_tense(sentence, claim, inside, anchor)
            rows.append(
                {
                    "doc_id": sentence.doc_id,
                    "sent_id": int(sentence.sent_id),
                    "start": absolute[0],
                    "end": absolute[1],
                    "text": claim["text"],
                    "kind": claim["kind"],
                    "value": claim["value"],
                    "unit": claim["unit"],
                    "qualifier": claim["qualifier"],
                    "quantity": quantity,
                    "quantity_key": key,
                    "year": year,
                    "is_future": is_future,
                    "sentence": sentence.text,
                }
            )
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    claims["value"] = claims["value"].astype(float)
    claims["year"] = claims["year"].astype(float)
    claims["is_future"] = claims["is_future"].astype(bool)
    return claims


def _year_and_tense(sentence, claim: dict, inside: list, anchor: pd.Timestamp) -> tuple[float, bool]:
    """The year the claim refers to (NaN when unknown) and whether it is a target or forecast.

    ``inside`` holds the sentence's timexes (rows of the timexes table as named tuples).
    """
    text = sentence.text
    best = None
    for timex in (t for t in inside if t.type in ("DATE", "TIME")):
        first, last, _ = timex_value_interval(timex.value, timex.mod)
        if pd.isna(first) or first.year != last.year:
            continue
        local = timex.start - sentence.start
        distance = abs(local - claim["start"])
        if best is None or (distance, local) < best[0]:
            best = ((distance, local), timex, first, last, local)
    if best is not None:
        _, timex, first, last, local = best
        return float(first.year), judge_future(text, text[: max(local, 0)], timex.value, first, last, anchor)
    known = not pd.isna(anchor)
    stated_now = any(t.value == "PRESENT_REF" for t in inside) or has_cue(text, "present")
    year = float(pd.Timestamp(anchor).year) if known and stated_now else math.nan
    return year, judge_future(text, "", "", pd.NaT, pd.NaT, anchor)


# --- comparing sources ------------------------------------------------------------------------------------


def compare_claims(claims: pd.DataFrame, *, rel_tol: float = 0.05) -> pd.DataFrame:
    """Figures for the same quantity set side by side: one row per (quantity_key, unit, is_future).

    Targets and forecasts (``is_future``) are kept apart from reported figures, so a 2030
    target is not read as a disagreement with a 2023 result.  ``figures`` lists
    "doc_id: text (year)" for each claim; ``rel_spread`` is (max − min) / max of the values;
    ``figures_agree`` is True when the spread is within ``rel_tol`` and ``years_agree`` when all
    claims with a known year name the same year (NA when fewer than two sources or years).
    Claims whose quantity is unknown are left out.  Rows with the most sources come first.
    """
    usable = claims[claims["quantity_key"] != ""]
    rows = []
    for (key, unit, future), group in usable.groupby(["quantity_key", "unit", "is_future"], sort=True):
        group = group.sort_values(["doc_id", "start"], kind="stable")
        values = group["value"]
        n_sources = group["doc_id"].nunique()
        spread = float((values.max() - values.min()) / values.max()) if values.max() else 0.0
        years = sorted({int(y) for y in group["year"].dropna()})
        rows.append(
            {
                "quantity_key": key,
                "unit": unit,
                "is_future": bool(future),
                "n_sources": n_sources,
                "n_claims": len(group),
                "doc_ids": sorted(group["doc_id"].unique()),
                "figures": [
                    f"{d}: {t}" + ("" if pd.isna(y) else f" ({int(y)})")
                    for d, t, y in zip(group["doc_id"], group["text"], group["year"])
                ],
                "years": years,
                "min_value": float(values.min()),
                "max_value": float(values.max()),
                "rel_spread": round(spread, 6),
                "figures_agree": pd.NA if n_sources < 2 else bool(spread <= rel_tol),
                "years_agree": pd.NA if n_sources < 2 or group["year"].notna().sum() < 2 else len(years) == 1,
            }
        )
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    return table.sort_values(
        ["n_sources", "n_claims", "quantity_key", "unit"], ascending=[False, False, True, True], kind="stable"
    ).reset_index(drop=True)
