"""Which alliance is "the alliance"?  Resolving unnamed partnership / alliance mentions from context.

``data/targets.csv`` marks the bare nouns ("the alliance", "the strategic partnership")
with ``resolve=context``: in news about China and Russia "the alliance" is as often NATO,
and "partnership" may be any partnership.  Such a mention takes the target of the nearest
*named* alliance or partnership (``data/target_antecedents.csv``: columns ``target,
nouns, pattern, note``; ``target`` is a target of ``targets.csv`` or ``other`` for a named
grouping that is none of them, such as AUKUS or a "US-Japan alliance"; ``nouns`` the bare
nouns the name can stand behind: NATO is "the alliance" but not "this partnership").
Earlier bare mentions already resolved count as names for later ones (a chain: "the
partnership" resolved to China–Russia makes a later "the alliance" China–Russia too).
Names are looked for in this order:

1. ``sentence`` — the text the mention is in; the nearest name on either side
   (character distance between the spans; a tie goes to the name before);
2. ``speaker`` — the statement's speaker, when the registry row (name and role, see
   :mod:`newsframe.actors`) itself names an alliance: NATO's secretary-general speaking of
   "the alliance" means NATO, the Xi–Putin joint statement's "our partnership" the
   China–Russia one;
3. ``paragraph`` — the nearest name before the mention in its paragraph ("the alliance"
   refers back; only within its own sentence may the name follow, "the partnership between
   China and Russia");
4. ``article`` — the nearest name before the mention in the whole article.

A name inside a person's title is that person's affiliation, not an alliance under
discussion: in "NATO Secretary-General Jens Stoltenberg labelled the alliance a threat"
"NATO" is no antecedent (person mentions with their titles come from
:func:`newsframe.actors.mention_rows`).  The speaker step applies only to a mention in the
speaker's own words, not to the reporter's words around a partial quotation.

A mention resolved to ``other`` or not resolved at all (``unresolved``) is left out of the
target tables and counted.  A bare noun that is part of a named phrase already matched
(the "alliance" of "NATO alliance", the "partnership" of "China-Russia partnership") is not
a mention of its own.
"""

from __future__ import annotations

import re
from functools import cache

from newsframe.data_tables import read_data_table
from newsframe.errors import NewsframeError
from newsframe.paths import DATA_DIR

ANTECEDENTS_FILE = DATA_DIR / "target_antecedents.csv"
OTHER = "other"
RESOLUTIONS = ("explicit", "sentence", "speaker", "paragraph", "article")

Span = tuple[int, int, str, frozenset]  # start, end, target, the bare nouns it can stand behind


@cache
def antecedent_patterns() -> tuple[tuple[str, frozenset, re.Pattern], ...]:
    """``data/target_antecedents.csv`` compiled: (target, nouns, word-bounded pattern) in file order."""
    table = read_data_table(ANTECEDENTS_FILE, ["target", "nouns", "pattern"])
    compiled = []
    for row in table.itertuples():
        try:
            compiled.append(
                (row.target, frozenset(row.nouns.split("|")), re.compile(rf"(?<!\w)(?:{row.pattern})(?!\w)"))
            )
        except re.error as error:
            raise NewsframeError(
                f"{ANTECEDENTS_FILE}: the pattern for {row.target!r} ({row.pattern!r}) is not a "
                f"valid regular expression ({error}); fix that row"
            ) from error
    return tuple(compiled)


@cache
def target_nouns(target: str) -> frozenset:
    """The bare nouns any name of ``target`` can stand behind (for chained, already resolved mentions)."""
    return frozenset().union(*(nouns for name, nouns, _ in antecedent_patterns() if name == target))


def bare_noun(mention: str) -> str:
    """The head noun of a bare mention, lower-cased: "the Strategic Partnership" → "partnership"."""
    words = mention.lower().split()
    return words[-1] if words else ""


def antecedents(text: str, offset: int = 0) -> list[Span]:
    """Named alliances / partnerships in ``text``: (start, end, target, nouns), offsets shifted by ``offset``.

    Where two names overlap the longer wins (earlier file rows break ties); a name inside a
    person mention ("NATO Secretary-General Jens Stoltenberg") is left out.
    """
    from newsframe.actors import MENTION_COLUMNS, mention_rows

    kind = MENTION_COLUMNS.index("kind")
    people = [(row[0], row[1]) for row in mention_rows(text) if row[kind] == "person"]
    found = [
        (hit.start(), hit.end(), target, nouns)
        for target, nouns, pattern in antecedent_patterns()
        for hit in pattern.finditer(text)
        if hit.end() > hit.start() and not any(first <= hit.start() and hit.end() <= last for first, last in people)
    ]
    found.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    chosen: list[Span] = []
    for span in found:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
            chosen.append(span)
    return sorted((start + offset, end + offset, target, nouns) for start, end, target, nouns in chosen)


def nearest_in_sentence(spans: list[Span], start: int, end: int, noun: str) -> str | None:
    """Target of the name for ``noun`` nearest to ``[start, end)`` on either side (a tie goes to the one before)."""

    def distance(span: Span) -> tuple[int, int]:
        return (start - span[1], 0) if span[1] <= start else (span[0] - end, 1)

    candidates = [span for span in spans if noun in span[3] and (span[1] <= start or span[0] >= end)]
    return min(candidates, key=distance)[2] if candidates else None


def nearest_before(spans: list[Span], start: int, noun: str) -> str | None:
    """Target of the last name for ``noun`` ending at or before ``start`` (an unnamed "the alliance" refers back)."""
    before = [span for span in spans if noun in span[3] and span[1] <= start]
    return max(before, key=lambda span: span[1])[2] if before else None


@cache
def speaker_alliance(speaker: str) -> tuple[str, frozenset] | None:
    """(target, nouns) named by the speaker's registry name or role ("NATO secretary-general" → west), if any."""
    from newsframe.actors import actor_info

    try:
        info = actor_info(speaker)
    except KeyError:
        return None
    names = antecedents(f"{info.get('name', speaker)}; {info.get('role', '')}")
    return (names[0][2], names[0][3]) if names else None


def resolve(
    start: int,
    end: int,
    noun: str,
    sentence: list[Span],
    speaker: str | None = None,
    paragraph: list[Span] | None = None,
    article: list[Span] | None = None,
) -> tuple[str, str]:
    """(target, resolution) of a bare ``noun`` at ``[start, end)`` (module docstring, steps 1–4).

    All spans share one coordinate system (offsets into the article, or into one text when
    only ``sentence`` is given).  ``speaker`` is given only for a mention in the speaker's own
    words.  ``target`` is "" when the mention is left out (resolution ``other`` or ``unresolved``).
    """

    def by_speaker() -> str | None:
        named = speaker_alliance(speaker) if speaker else None
        return named[0] if named and noun in named[1] else None

    steps = [
        ("sentence", lambda: nearest_in_sentence(sentence, start, end, noun)),
        ("speaker", by_speaker),
        ("paragraph", lambda: nearest_before(paragraph or [], start, noun)),
        ("article", lambda: nearest_before(article or [], start, noun)),
    ]
    for resolution, step in steps:
        target = step()
        if target is not None:
            return ("", OTHER) if target == OTHER else (target, resolution)
    return "", "unresolved"


def chain(paragraphs: list[tuple[object, int, str, list[tuple[int, int]]]]) -> list[tuple[object, Span]]:
    """Names of an article, with its bare mentions resolved in reading order and added as names.

    ``paragraphs``: (para_id, offset of the sentence in the article, sentence text, spans of
    its bare nouns in the sentence), in article order.  Returns (para_id, span) for every
    named alliance and every resolved bare mention (``other`` kept, so "the alliance" after
    "the US-Japan alliance" stays another alliance).
    """
    spans: list[tuple[object, Span]] = []
    for para_id, offset, text, bare in paragraphs:
        named = antecedents(text, offset)
        for start, end in bare:
            noun = bare_noun(text[start:end])
            target, how = resolve(
                start + offset,
                end + offset,
                noun,
                named,
                None,
                [span for para, span in spans if para == para_id],
                [span for _, span in spans],
            )
            if how != "unresolved":
                resolved = target or OTHER
                spans.append((para_id, (start + offset, end + offset, resolved, target_nouns(resolved))))
        spans.extend((para_id, span) for span in named)
    return spans
