"""Tests of newsframe.target_context and its use in newsframe.stance: which alliance "the alliance" is."""

from __future__ import annotations

import re

import pandas as pd
from newsframe.stance import find_targets, statement_mentions, target_mentions
from newsframe.target_context import antecedents, bare_noun, chain, resolve


def bare(text: str, **columns) -> list[tuple[str, str, str]]:
    """(mention, target, resolution) of the bare nouns of one text resolved on its own."""
    mentions = target_mentions(pd.DataFrame({"text": [text], **{key: [value] for key, value in columns.items()}}))
    rows = mentions[mentions["resolution"] != "explicit"]
    return list(zip(rows["mention"], rows["target"], rows["resolution"]))


def test_a_named_pair_in_the_sentence_resolves_either_side() -> None:
    assert bare("The partnership between Beijing and Moscow keeps growing.") == [
        ("partnership", "partnership", "sentence")
    ]
    assert bare("Russia and China said the alliance has no limits.") == [("alliance", "partnership", "sentence")]


def test_the_nearest_name_wins() -> None:
    text = "NATO met in Madrid while Moscow and Beijing hailed the alliance."
    assert bare(text) == [("alliance", "partnership", "sentence")]
    text = "Moscow and Beijing watched as NATO said the alliance would grow."
    assert bare(text) == [("alliance", "west", "sentence")]


def test_nato_is_an_alliance_but_not_a_partnership() -> None:
    assert bare("NATO members weighed what the partnership means.") == [("partnership", "", "unresolved")]
    assert bare("NATO members weighed what the alliance means.") == [("alliance", "west", "sentence")]


def test_another_named_alliance_is_left_out_as_other() -> None:
    assert bare("The Japan-Philippines alliance was renewed; the alliance covers the sea lanes.") == [
        ("alliance", "", "other"),
        ("alliance", "", "other"),
    ]
    assert bare("AUKUS partners said the partnership would deliver submarines.") == [("partnership", "", "other")]


def test_a_name_in_a_persons_title_is_an_affiliation_not_an_antecedent() -> None:
    text = "NATO Secretary-General Jens Stoltenberg called the alliance a threat."
    assert antecedents(text) == []
    assert bare(text) == [("alliance", "", "unresolved")]


def test_a_bare_noun_inside_a_named_mention_is_not_counted_twice() -> None:
    mentions = target_mentions(pd.DataFrame({"text": ["The NATO alliance and the China-Russia partnership."]}))
    assert list(zip(mentions["target"], mentions["mention"], mentions["resolution"])) == [
        ("west", "NATO alliance", "explicit"),
        ("partnership", "China-Russia partnership", "explicit"),
    ]


def test_unresolved_mentions_are_left_out_of_find_targets() -> None:
    statements = pd.DataFrame({"text": ["The alliance is united.", "The partnership with Moscow and Beijing."]})
    assert bare("The alliance is united.") == [("alliance", "", "unresolved")]
    found = find_targets(statements)
    assert list(zip(found["text"], found["target"], found["mention"])) == [
        ("The partnership with Moscow and Beijing.", "partnership", "partnership"),
        ("The partnership with Moscow and Beijing.", "partnership", "Moscow and Beijing"),
    ]


def test_speaker_of_its_own_words_resolves_the_alliance() -> None:
    assert bare("The alliance will defend every inch of its territory.", speaker="Jens Stoltenberg") == [
        ("alliance", "west", "speaker")
    ]
    assert bare("Our partnership has no limits.", speaker="Xi Jinping and Vladimir Putin (joint statement)") == [
        ("partnership", "partnership", "speaker")
    ]
    assert bare("Our partnership has no limits.", speaker="Jens Stoltenberg") == [("partnership", "", "unresolved")]
    assert bare("Our partnership has no limits.", speaker="Nobody In The Registry") == [
        ("partnership", "", "unresolved")
    ]


def test_resolve_order_sentence_then_speaker_then_paragraph_then_article() -> None:
    nato, pair = (0, 4, "west", frozenset({"alliance"})), (0, 16, "partnership", frozenset({"alliance", "partnership"}))
    sentence = [(100, 104, "west", frozenset({"alliance"}))]
    assert resolve(110, 118, "alliance", sentence, "Xi Jinping and Vladimir Putin (joint statement)") == (
        "west",
        "sentence",
    )
    assert resolve(110, 118, "alliance", [], "Jens Stoltenberg", [pair]) == ("west", "speaker")
    assert resolve(110, 118, "alliance", [], None, [pair], [nato]) == ("partnership", "paragraph")
    assert resolve(110, 118, "alliance", [], None, [], [nato]) == ("west", "article")
    assert resolve(110, 118, "partnership", [], None, [], [nato]) == ("", "unresolved")
    later = (200, 210, "west", frozenset({"alliance"}))
    assert resolve(110, 118, "alliance", [], None, [later], [later]) == ("", "unresolved")  # names after do not count


def test_chain_carries_a_resolved_mention_forward() -> None:
    sentences = [
        "China and Russia signed a treaty.",
        "The partnership was praised.",
        "NATO members worried.",
        "Critics called the alliance a threat.",
    ]
    offsets = [0, 40, 80, 120]
    paragraphs = [
        (0, offset, text, [(m.start(), m.end()) for m in re.finditer(r"partnership|alliance", text)])
        for offset, text in zip(offsets, sentences)
    ]
    spans = chain(paragraphs)
    resolved = [(start, target) for _, (start, end, target, nouns) in spans]
    assert (44, "partnership") in resolved
    # the last "alliance" refers back to the nearest alliance-capable name: NATO (sentence 3) comes after
    # "The partnership" (sentence 2), so NATO wins for "alliance"
    assert (139, "west") in resolved
    assert bare_noun("the Strategic Partnership") == "partnership"


def test_statement_mentions_resolve_from_paragraph_and_article() -> None:
    text = (
        "Moscow and Beijing signed a pact in May. The partnership worries Europe.\n"
        "Stoltenberg said “the alliance is ready.” Blinken described the partnership as “a threat.”"
    )
    para_break = text.index("\n") + 1
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"] * 4,
            "para_id": [0, 0, 1, 1],
            "sent_id": [0, 1, 2, 3],
            "start": [0, text.index("The partnership"), para_break, text.index("Blinken")],
        }
    )
    ends = [*sentences["start"][1:] - 1, len(text)]
    ends[1] = para_break - 1
    sentences["text"] = [text[start:end] for start, end in zip(sentences["start"], ends)]
    quote = text.index("the alliance is ready")
    partial = text.index("a threat")
    statements = pd.DataFrame(
        {
            "statement_id": ["s1", "s2"],
            "doc_id": ["d", "d"],
            "sent_id": [2, 3],
            "start": [quote, partial],
            "end": [quote + len("the alliance is ready."), partial + len("a threat.")],
            "text": ["the alliance is ready.", "a threat."],
            "kind": ["direct", "partial"],
            "speaker": ["Jens Stoltenberg", "Antony Blinken"],
            "camp": ["western", "western"],
        }
    )
    mentions = statement_mentions(statements, sentences)
    assert list(zip(mentions["statement_id"], mentions["mention"], mentions["target"], mentions["resolution"])) == [
        ("s1", "alliance", "west", "speaker"),  # NATO's own words about "the alliance"
        ("s2", "partnership", "partnership", "paragraph"),  # the reporter's words: refers back along the chain
    ]
    for row in mentions.itertuples():
        assert row.context[row.start : row.end] == row.mention
