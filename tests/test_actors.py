"""Tests for newsframe.actors: the registry and mention matching with titles and surnames."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsframe.actors import (
    _actor_matches,
    actor_pattern,
    actor_registry,
    collective_speaker,
    find_actors,
    joint_actor,
    resolve_speaker,
)


def test_registry_is_valid_and_covers_the_usual_actors() -> None:
    registry = actor_registry()
    assert set(registry["camp"]) == {"western", "sino_russian", "other"}
    names = set(registry["name"])
    for name in [
        "NATO",
        "Jens Stoltenberg",
        "Antony Blinken",
        "State Department",
        "Ursula von der Leyen",
        "Xi Jinping",
        "Vladimir Putin",
        "Wang Yi",
        "Sergey Lavrov",
        "Dmitry Peskov",
        "Kremlin",
        "Mao Ning",
    ]:
        assert name in names


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Secretary-General Jens Stoltenberg", "Jens Stoltenberg"),
        ("NATO Secretary-General Jens Stoltenberg", "Jens Stoltenberg"),
        ("Stoltenberg", "Jens Stoltenberg"),
        ("President Xi", "Xi Jinping"),
        ("Chinese leader Xi Jinping", "Xi Jinping"),
        ("Mr. Putin", "Vladimir Putin"),
        ("U.S. Secretary of State Antony Blinken", "Antony Blinken"),
        ("the Biden administration", "Biden administration"),
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("both leaders", "Xi Jinping and Vladimir Putin (joint statement)"),
        ("Putin's", "Vladimir Putin"),
    ],
)
def test_resolve_speaker_handles_titles_and_surnames(mention: str, name: str) -> None:
    assert resolve_speaker(mention) == name


def test_resolve_speaker_rejects_non_actors() -> None:
    assert resolve_speaker("the weather") is None
    assert resolve_speaker("Xi’an") is None


def test_find_actors_gives_offsets_camps_and_possessives() -> None:
    text = "NATO Secretary-General Jens Stoltenberg said NATO’s allies would meet, and let us see."
    found = find_actors(text)
    assert found["name"].tolist() == ["Jens Stoltenberg", "NATO"]
    first = found.iloc[0]
    assert text[first["start"] : first["end"]] == "NATO Secretary-General Jens Stoltenberg"
    assert first["camp"] == "western"
    assert found["possessive"].tolist() == [False, True]


def test_case_rules_keep_pronoun_us_and_lowercase_xi_out() -> None:
    assert find_actors("they told us about xinjiang").empty
    assert find_actors("the US and the U.S.-led order")["name"].tolist() == ["United States", "United States"]


def test_collective_speaker_maps_chinese_and_russian_pair_to_joint_actor() -> None:
    assert collective_speaker(["Vladimir Putin", "Xi Jinping"]) == (joint_actor(), "sino_russian")
    assert collective_speaker(["China", "Russia"]) == (joint_actor(), "sino_russian")
    assert collective_speaker(["Jens Stoltenberg", "Antony Blinken"]) == (
        "Jens Stoltenberg and Antony Blinken",
        "western",
    )


def test_actors_in_seed_000(seed_articles) -> None:
    text = seed_articles.loc[seed_articles["doc_id"].str.startswith("000"), "clean_text"].iloc[0]
    names = set(find_actors(text)["name"])
    assert {"Xi Jinping", "Vladimir Putin", "Jens Stoltenberg", "Antony Blinken", "NATO"} <= names


_PIECES = [
    "President Xi Jinping",
    "U.S. Secretary of State Antony Blinken",
    "NATO",
    "nato",
    "Erdoğan",
    "ERDOĞAN",
    "the Biden administration",
    "Putin’s",
    "Xi",
    "xi",
    "US",
    "us",
    "Kremlin",
    "ex-President",
    "Mr. Lavrov",
    "Chinese Foreign Minister",
    "Xinhua",
    "Xinhuanet",
    "\u212aremlin",
    "\u017fergei",
    "said",
    "on Monday",
    "talks",
    "-",
    ",",
    ".",
    "\n",
    " ",
    "  ",
    "’s",
    "'",
    "99",
    "_",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_actor_matches_are_the_patterns_own_finditer_matches(text: str) -> None:
    ours = [(m.span(), m.group(0), m.group("alias")) for m in _actor_matches(text)]
    assert ours == [(m.span(), m.group(0), m.group("alias")) for m in actor_pattern().finditer(text)]
