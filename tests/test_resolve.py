"""Tests for newsframe.resolve's article entity index against the plain definitions of its look-ups."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from newsframe.resolve import ArticleEntities, Entity

_KINDS = ("person", "organisation", "collective")
_CAMPS = ("", "western", "sino_russian")
_NAMES = ("Anna Berg", "Li Wei", "Tom Berg", "Foreign Ministry", "the ministry", "Berg", "Jake Sullivan")
_DESCRIPTIONS = ("", "the minister", "a spokesman for the ministry", "Chinese diplomat")

_entities = st.builds(
    lambda start, length, name, kind, camp, description: Entity(
        start, start + length, name, kind, camp, "none", description
    ),
    st.integers(0, 60),
    st.integers(0, 12),
    st.sampled_from(_NAMES),
    st.sampled_from(_KINDS),
    st.sampled_from(_CAMPS),
    st.sampled_from(_DESCRIPTIONS),
)


def _reading_order(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e.start, -e.end))  # stable: ties keep the order given


def _before(entities: list[Entity], at: int, kinds: set[str]) -> Entity | None:
    return next((e for e in reversed(entities) if e.end <= at and e.kind in kinds), None)


def _antecedent(entities: list[Entity], at: int, kinds: set[str], head: str, camp: str) -> Entity | None:
    fitting = [
        e for e in reversed(entities) if e.end <= at and e.kind in kinds and not (camp and e.camp and e.camp != camp)
    ]
    word = re.sub(r"e?s$", "", head)
    named = [e for e in fitting if word and word in f"{e.name} {e.description}".lower()]
    return (named or fitting or [None])[0]


def _full_name(entities: list[Entity], surname: str, at: int) -> Entity | None:
    last = surname.split()[-1].lower()
    found = [e for e in entities if e.kind == "person" and e.name.split()[-1].lower() == last]
    earlier = [e for e in found if e.start < at] or found
    return max(earlier, key=lambda e: (len(e.name), -abs(at - e.start))) if earlier else None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_entities, max_size=25),
    st.lists(_entities, max_size=8),
    st.integers(0, 80),
    st.sets(st.sampled_from(_KINDS), min_size=1),
    st.sampled_from(("minister", "ministries", "spokesman", "es", "diplomat", "envoy")),
    st.sampled_from(_CAMPS),
    st.sampled_from(("Berg", "Mr. Berg", "Wei", "Sullivan", "Nobody")),
)
def test_article_entities_answer_as_a_scan_of_all_entities_in_reading_order_would(
    given_first, added_later, at, kinds, head, camp, surname
) -> None:
    article = ArticleEntities(given_first)
    article.antecedent(at, kinds, head, camp)  # builds the role word's index before the later entities arrive
    for entity in added_later:
        article.add(entity)
    order = _reading_order(given_first)
    for entity in added_later:
        order = _reading_order([*order, entity])
    assert article.before(at, kinds) is _before(order, at, kinds)
    assert article.antecedent(at, kinds, head, camp) is _antecedent(order, at, kinds, head, camp)
    assert article.full_name(surname, at) is _full_name(order, surname, at)
