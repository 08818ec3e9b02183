"""A speaker's camp read from how the text describes them, for speakers outside the registry.

``data/camp_affiliations.csv`` (``phrase, camp``) maps countries, their adjectives, capitals,
governments, alliances and state media to a camp: ``western`` (the US, NATO and its members,
the EU and its members, the G7, Japan, South Korea, Australia …), ``sino_russian`` (China,
Russia, their governments, ministries and state media, and their closest partners) or
``other`` (the rest).  A phrase matches as a whole word with its capitals ("US" never
matches "us"; "Chinese" matches "Chinese foreign ministry spokeswoman").

:func:`camp_of_description` returns the camp of the first phrase found in a description
("the US ambassador to China" is western: the description's first affiliation is the
speaker's own, what follows it is the post's object).
"""

from __future__ import annotations

import re
from functools import cache

from newsframe.actors import CAMPS
from newsframe.data_tables import data_path, read_data_table
from newsframe.errors import NewsframeError
from newsframe.phrase_patterns import alternation


@cache
def _affiliations() -> tuple[re.Pattern, dict[str, str]]:
    path = data_path("camp_affiliations.csv")
    table = read_data_table("camp_affiliations.csv", ["phrase", "camp"])
    bad = sorted(set(table["camp"]) - set(CAMPS))
    if bad:
        raise NewsframeError(f"{path}: camp(s) {bad} unknown; use one of {list(CAMPS)}")
    camps = dict(zip(table["phrase"], table["camp"]))
    phrases = alternation(camps, space=r"\s+")
    return re.compile(rf"(?<![\w.])(?:{phrases})(?![\w-])"), camps


def camp_of_description(description: str) -> str:
    """The camp of the first country or organisation named in ``description``, or "" when none is."""
    pattern, camps = _affiliations()
    match = pattern.search(description.replace("’", "'"))
    return camps[re.sub(r"\s+", " ", match.group(0))] if match else ""
