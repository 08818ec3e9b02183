"""Who speaks: a registry of actors (people, governments, media) and their camp.

The registry is data, ``data/actors.csv``, one row per actor:

``name``
    canonical name ("Jens Stoltenberg", "Biden administration");
``aliases``
    ``|``-separated other spellings and surnames ("Stoltenberg", "the Biden Administration");
``camp``
    ``western``, ``sino_russian`` or ``other`` (the camps compared in notebook 02);
``role``
    office or type ("NATO secretary-general", "state", "state media");
``country``
    ISO-like code of the actor's country ("US", "CN", "RU"; "INT" for international bodies,
    "CN+RU" for the collective actor);
``kind``
    ``person``, ``organisation`` or ``collective``.  Pronoun resolution in
    :mod:`newsframe.quotes` needs it ("he" can only be a person).

One row is the collective actor "Xi Jinping and Vladimir Putin (joint statement)" (kind
``collective``, country ``CN+RU``): its aliases ("the two leaders", "both sides", "joint
statement" …) stand for the two presidents speaking together, and
:func:`collective_speaker` maps "Putin and Xi", "China and Russia" onto it.

``data/actor_titles.csv`` lists the titles ("President", "Secretary-General", "Mr.") and the
qualifiers in front of them ("NATO", "U.S.", "Chinese") that may precede a name, so that
"NATO Secretary-General Jens Stoltenberg" is one mention of Jens Stoltenberg rather than a
mention of NATO followed by one of Stoltenberg.

Matching is case-insensitive, except that an alias written with a capital in the registry
must be capitalised in the text ("Xi", not "xi") and an all-capitals alias must match
exactly ("US", never the pronoun "us").  Everything is compiled once per process.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pandas as pd

from newsframe.data_tables import data_path, read_data_table
from newsframe.errors import NewsframeError
from newsframe.phrase_patterns import alternation

ACTOR_COLUMNS = ["name", "aliases", "camp", "role", "country", "kind"]
MENTION_COLUMNS = ["start", "end", "mention", "name", "camp", "role", "country", "kind", "possessive"]
CAMPS = ("western", "sino_russian", "other")
KINDS = ("person", "organisation", "collective")

_POSSESSIVE = re.compile(r"['’]s(?!\w)|(?<=[sS])['’](?!\w)")


@cache
def actor_registry() -> pd.DataFrame:
    """The registry ``data/actors.csv``, validated; one row per actor (columns ``ACTOR_COLUMNS``)."""
    path = data_path("actors.csv")
    table = read_data_table("actors.csv", ACTOR_COLUMNS)
    for column, allowed in (("camp", CAMPS), ("kind", KINDS)):
        bad = table.loc[~table[column].isin(allowed), "name"].tolist()
        if bad:
            raise NewsframeError(f"{path}: {column} of {bad} is not one of {allowed}; fix those rows")
    duplicated = table.loc[table["name"].duplicated(), "name"].tolist()
    if duplicated:
        raise NewsframeError(f"{path}: actor name(s) {duplicated} appear twice; merge the rows")
    return table[ACTOR_COLUMNS].reset_index(drop=True)


@cache
def _alias_index() -> dict[str, tuple[str, str]]:
    """Lower-cased alias -> (registry spelling of the alias, canonical name)."""
    index: dict[str, tuple[str, str]] = {}
    for name, aliases in zip(actor_registry()["name"], actor_registry()["aliases"]):
        for alias in [name, *aliases.split("|")]:
            alias = alias.strip()
            if not alias:
                continue
            key = alias.lower()
            if key in index and index[key][1] != name:
                raise NewsframeError(
                    f"{data_path('actors.csv')}: alias {alias!r} is given for both {index[key][1]!r} and {name!r}; "
                    "keep it on one row"
                )
            index[key] = (alias, name)
    return index


@cache
def actor_pattern() -> re.Pattern:
    """The one compiled regex that finds actor mentions, titles included.

    Group ``alias`` holds the registry alias; the whole match includes an optional
    "(qualifier) title" prefix such as "U.S. Secretary of State".
    """
    titles = read_data_table("actor_titles.csv", ["kind", "phrase"])
    qualifiers = alternation(titles.loc[titles["kind"] == "qualifier", "phrase"], space=r"\s+")
    title_words = alternation(titles.loc[titles["kind"] == "title", "phrase"], space=r"\s+")
    aliases = alternation((spelling for spelling, _ in _alias_index().values()), space=r"\s+")
    prefix = rf"(?:(?:{qualifiers})\s+){{0,2}}(?:(?:{title_words})\s+){{1,2}}"
    return re.compile(rf"(?<!\w)(?:{prefix})?(?P<alias>{aliases})(?!\w|['’](?!s(?!\w))\w)", re.IGNORECASE)


def _case_ok(found: str, registered: str) -> bool:
    """Whether the capitalisation of ``found`` is compatible with the registry spelling."""
    if len(registered) > 1 and registered.replace(".", "").isupper():
        return found == registered
    if registered[0].isupper():
        return found[0].isupper()
    return True


@cache
def _actor_rows() -> dict[str, dict]:
    return {row["name"]: row for row in actor_registry().to_dict("records")}


def find_actors(text: str) -> pd.DataFrame:
    """One row per actor mention in ``text``: start, end, mention, name, camp, role, country, kind, possessive.

    ``start``/``end`` cover the whole mention including a title ("NATO Secretary-General Jens
    Stoltenberg"); ``possessive`` is True for "Putin's", "NATO’s", "the United States’".
    """
    return mention_frame(mention_rows(text))


def mention_frame(rows: list[tuple]) -> pd.DataFrame:
    """A mentions table (columns ``MENTION_COLUMNS`` after any leading ones) from :func:`mention_rows` tuples."""
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype({"start": "int64", "end": "int64", "possessive": bool})


def mention_rows(text: str) -> list[tuple]:
    """:func:`find_actors` as a list of tuples (``MENTION_COLUMNS`` order), without building a DataFrame.

    The text is scanned in segments of whole lines, each memoised by its exact text
    (:func:`_segment_rows`), because news copy repeats paragraphs verbatim.  This is exact:
    a mention can run across a line break only through a white-space gap of the pattern, right
    after a registry word (alias, title or qualifier) that ends its line; lines that end so are
    kept in one segment with the next line.  At a segment edge the pattern's look-arounds see
    a line break or the end of the string, and both are neither a word character nor an
    apostrophe, so they decide alike.
    """
    rows: list[tuple] = []
    for segment_start, segment_end in line_segments(text):
        if segment_end > segment_start:
            segment = text[segment_start:segment_end]
            rows.extend(
                (start + segment_start, end + segment_start, *rest) for start, end, *rest in _segment_rows(segment)
            )
    return rows


def line_segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of the segments of whole lines that :func:`mention_rows` scans one by one, in order.

    A segment ends at a line break unless its line ends with a registry word (see
    :func:`_continues`), so no mention crosses a segment's edge; ``end`` is the offset of
    the line break (or of the end of the text) and segments may be empty.
    """
    segments = []
    offset = 0
    segment_start = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        offset += len(line) + 1
        if number + 1 < len(lines) and _continues(line):
            continue
        segments.append((segment_start, offset - 1))
        segment_start = offset
    return segments


def _continues(line: str) -> bool:
    """Whether ``line`` ends (before trailing spaces) with a registry word, so a mention may continue on the next line.

    Registry words hold no white space, so only the line's last word needs searching.
    """
    stripped = line.rstrip()
    if not stripped:
        return False
    pattern, longest, ascii_words = _line_end_pattern()
    last_word = stripped.rsplit(None, 1)[-1]
    if ascii_words is not None and last_word.isascii():
        lowered = last_word.lower()
        return any(lowered[-size:] in ascii_words for size in range(1, min(len(lowered), longest) + 1))
    end = len(stripped)
    return pattern.search(stripped, end - min(len(last_word), longest), end) is not None


@cache
def _registry_phrases() -> tuple[str, ...]:
    """Every phrase the actor pattern matches words of: the titles and qualifiers, then the aliases' registry spellings."""
    titles = read_data_table("actor_titles.csv", ["kind", "phrase"])
    return (*titles["phrase"], *(spelling for spelling, _ in _alias_index().values()))


def _folds_to_ascii(words: set[str]) -> bool:
    """Whether a non-ASCII character of ``words`` matches an ASCII one case-insensitively (as "ſ" matches "s").

    If none does, an ASCII word of a text can match one of ``words`` only if their lower-cased
    forms are equal, which is what lets a set look-up stand in for the regex.
    """
    return any(
        re.fullmatch(re.escape(char), chr(code), re.IGNORECASE)
        for word in words
        for char in word
        if not char.isascii()
        for code in range(128)
    )


@cache
def _line_end_pattern() -> tuple[re.Pattern, int, frozenset[str] | None]:
    """Registry words (of aliases, titles, qualifiers): a regex for one at the end of a string, the longest length,
    and the words lower-cased when all are ASCII (None otherwise).

    For ASCII text and ASCII words, case-insensitive regex matching is comparing lower-cased
    strings, so a set look-up of the last word's suffixes gives the regex's answer faster.  A
    non-ASCII word ("Erdoğan", "China’s") cannot match ASCII text unless one of its characters
    folds to an ASCII one (as "ſ" does to "s"); if any does, the set is not used.
    """
    words = {word for phrase in _registry_phrases() for word in phrase.split()}
    ascii_words = None if _folds_to_ascii(words) else frozenset(word.lower() for word in words if word.isascii())
    return re.compile(rf"(?:{alternation(words)})\Z", re.IGNORECASE), max(map(len, words)), ascii_words


_WORD_START = re.compile(r"(?<!\w)\w+")


@cache
def _first_words() -> frozenset[str] | None:
    """The lower-cased first words of every qualifier, title and alias, or None if a word test could miss a match.

    Every phrase starts with a word character and the pattern may only start where no word
    character precedes, so a match starts where a word of the text starts, and that word
    (its run of word characters) is the first word of the match's first phrase.  For an
    ASCII word of the text, case-insensitive matching is comparing lower-cased strings,
    unless a non-ASCII character of a phrase folds to an ASCII one (as "ſ" does to "s"):
    then None, and the pattern is searched everywhere.
    """
    starts = [_WORD_START.match(phrase) for phrase in _registry_phrases()]
    if not all(starts):
        return None
    firsts = {start.group(0) for start in starts}
    return None if _folds_to_ascii(firsts) else frozenset(word.lower() for word in firsts)


def _actor_matches(text: str):
    """The matches of :func:`actor_pattern` in ``text``, left to right, as ``finditer`` gives them.

    The pattern is tried only where a word starts whose lower-cased form is the first word of
    a phrase (:func:`_first_words`), or whose form is not ASCII; elsewhere it cannot match.
    A search of the whole alternation at every character cost most of the actor stage.
    """
    pattern, firsts = actor_pattern(), _first_words()
    if firsts is None:
        yield from pattern.finditer(text)
        return
    done = 0
    for word in _WORD_START.finditer(text):
        if word.start() < done:
            continue
        found = word.group(0)
        if found.isascii() and found.lower() not in firsts:
            continue
        match = pattern.match(text, word.start())
        if match is not None:
            done = match.end()
            yield match


@lru_cache(maxsize=20_000)
def _segment_rows(text: str) -> tuple[tuple, ...]:
    """The mentions in one segment of lines (offsets local to it); memoised per process by the exact text."""
    rows = []
    index = _alias_index()
    actors = _actor_rows()
    for match in _actor_matches(text):
        found = match.group("alias")
        registered, name = index[re.sub(r"\s+", " ", found).lower()]
        if not _case_ok(found, registered):
            continue
        actor = actors[name]
        rows.append(
            (
                match.start(),
                match.end(),
                match.group(0),
                name,
                actor["camp"],
                actor["role"],
                actor["country"],
                actor["kind"],
                bool(_POSSESSIVE.match(text, match.end())),
            )
        )
    return tuple(rows)


@lru_cache(maxsize=100_000)
def resolve_speaker(mention: str) -> str | None:
    """The canonical name of an actor mention ("President Xi" -> "Xi Jinping"), or None if not an actor.

    The whole of ``mention`` (surrounding spaces and a possessive "'s" aside) must be one
    actor mention.  Memoised per process by the exact mention (a pure function of it).
    """
    stripped = _POSSESSIVE.sub("", mention.strip()).strip()
    found = mention_rows(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        return str(found[0][3])
    return None


def actor_info(name: str) -> dict:
    """The registry row of actor ``name`` as a dict (KeyError naming the registry if unknown)."""
    try:
        return dict(_actor_rows()[name])
    except KeyError:
        raise KeyError(f"{name!r} is not in {data_path('actors.csv')}; add a row for it") from None


@cache
def joint_actor() -> str:
    """The collective actor that stands for Xi Jinping and Vladimir Putin speaking together."""
    registry = actor_registry()
    rows = registry[(registry["kind"] == "collective") & (registry["country"] == "CN+RU")]
    if len(rows) != 1:
        raise NewsframeError(
            f"{data_path('actors.csv')}: expected exactly one collective actor with country CN+RU, found {len(rows)}"
        )
    return str(rows["name"].iloc[0])


def collective_speaker(names: list[str]) -> tuple[str, str]:
    """(speaker, camp) for actors named together ("Putin and Xi", "China and Russia").

    A Chinese and a Russian actor of the sino_russian camp together are the joint actor;
    otherwise the names are joined with "and" and keep their camp when they share one
    (camp "" when they do not).
    """
    unique = list(dict.fromkeys(names))
    if len(unique) == 1:
        return unique[0], actor_info(unique[0])["camp"]
    infos = [actor_info(name) for name in unique]
    camps = {info["camp"] for info in infos}
    countries = {code for info in infos for code in info["country"].split("+")}
    if joint_actor() in unique or (camps == {"sino_russian"} and {"CN", "RU"} <= countries):
        return joint_actor(), "sino_russian"
    return " and ".join(unique), camps.pop() if len(camps) == 1 else ""
