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
from functools import cache

import pandas as pd

from newsframe.errors import NewsframeError
from newsframe.paths import DATA_DIR

ACTOR_COLUMNS = ["name", "aliases", "camp", "role", "country", "kind"]
MENTION_COLUMNS = ["start", "end", "mention", "name", "camp", "role", "country", "kind", "possessive"]
CAMPS = ("western", "sino_russian", "other")
KINDS = ("person", "organisation", "collective")

_POSSESSIVE = re.compile(r"['’]s(?!\w)|(?<=[sS])['’](?!\w)")


@cache
def actor_registry() -> pd.DataFrame:
    """The registry ``data/actors.csv``, validated; one row per actor (columns ``ACTOR_COLUMNS``)."""
    path = DATA_DIR / "actors.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [column for column in ACTOR_COLUMNS if column not in table.columns]
    if missing:
        raise NewsframeError(f"{path}: missing column(s) {missing}; the header must be {','.join(ACTOR_COLUMNS)}")
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
                    f"{DATA_DIR / 'actors.csv'}: alias {alias!r} is given for both {index[key][1]!r} and {name!r}; "
                    "keep it on one row"
                )
            index[key] = (alias, name)
    return index


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first so the longest alias wins."""
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)


@cache
def actor_pattern() -> re.Pattern:
    """The one compiled regex that finds actor mentions, titles included.

    Group ``alias`` holds the registry alias; the whole match includes an optional
    "(qualifier) title" prefix such as "U.S. Secretary of State".
    """
    titles = pd.read_csv(DATA_DIR / "actor_titles.csv", dtype=str, keep_default_na=False)
    qualifiers = _alternation(titles.loc[titles["kind"] == "qualifier", "phrase"].tolist())
    title_words = _alternation(titles.loc[titles["kind"] == "title", "phrase"].tolist())
    aliases = _alternation([spelling for spelling, _ in _alias_index().values()])
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
    rows = []
    index = _alias_index()
    actors = _actor_rows()
    for match in actor_pattern().finditer(text):
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
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype({"start": "int64", "end": "int64", "possessive": bool})


def resolve_speaker(mention: str) -> str | None:
    """The canonical name of an actor mention ("President Xi" -> "Xi Jinping"), or None if not an actor.

    The whole of ``mention`` (surrounding spaces and a possessive "'s" aside) must be one
    actor mention.
    """
    stripped = _POSSESSIVE.sub("", mention.strip()).strip()
    found = find_actors(stripped)
    if len(found) == 1 and found.at[0, "start"] == 0 and found.at[0, "end"] == len(stripped):
        return str(found.at[0, "name"])
    return None


def actor_info(name: str) -> dict:
    """The registry row of actor ``name`` as a dict (KeyError naming the registry if unknown)."""
    try:
        return dict(_actor_rows()[name])
    except KeyError:
        raise KeyError(f"{name!r} is not in {DATA_DIR / 'actors.csv'}; add a row for it") from None


@cache
def joint_actor() -> str:
    """The collective actor that stands for Xi Jinping and Vladimir Putin speaking together."""
    registry = actor_registry()
    rows = registry[(registry["kind"] == "collective") & (registry["country"] == "CN+RU")]
    if len(rows) != 1:
        raise NewsframeError(
            f"{DATA_DIR / 'actors.csv'}: expected exactly one collective actor with country CN+RU, found {len(rows)}"
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
