"""Frame tagging on the real seeds: codebook as data, whole-word patterns, concrete frame facts."""

from __future__ import annotations

import pandas as pd
import pytest
from newsframe.frames import (
    FRAME_PREFIX,
    UNTAGGED,
    codebook,
    frame_counts,
    frame_extremes,
    frame_names,
    frame_regexes,
    frame_sentiment,
    pattern_regex,
    tag_frames,
)

REQUIRED_FRAMES = [
    "economy",
    "energy",
    "military",
    "technology",
    "governance",
    "sanctions",
    "ukraine_war",
    "territory",
    "soft_power",
    "history",
]


@pytest.fixture(scope="module")
def tagged(seed_sentences: pd.DataFrame) -> pd.DataFrame:
    return tag_frames(seed_sentences)


def _frames_of(tagged: pd.DataFrame, fragment: str) -> list[str]:
    hits = tagged[tagged["text"].str.contains(fragment, regex=False) & ~tagged["is_faq"]]
    assert len(hits) == 1, f"expected one body sentence containing {fragment!r}, found {len(hits)}"
    return hits["frames"].iloc[0]


def test_codebook_has_the_required_frames_in_order() -> None:
    assert frame_names() == REQUIRED_FRAMES
    assert set(codebook().columns) >= {"frame", "pattern", "note"}


def test_columns_and_frames_list(seed_sentences: pd.DataFrame, tagged: pd.DataFrame) -> None:
    assert list(tagged.columns) == [*seed_sentences.columns, *(FRAME_PREFIX + f for f in REQUIRED_FRAMES), "frames"]
    for row in tagged.head(30).itertuples():
        assert row.frames == [f for f in REQUIRED_FRAMES if getattr(row, FRAME_PREFIX + f)]


def test_trade_target_sentence_carries_the_economy_frame(tagged: pd.DataFrame) -> None:
    assert "economy" in _frames_of(tagged, "$300 billion annually by the year 2030")


def test_real_seed_sentences_get_their_frames(tagged: pd.DataFrame) -> None:
    assert _frames_of(tagged, "China is not exporting arms to Russia") == ["economy", "military"]
    cold_war = _frames_of(tagged, "During the Cold War, China and the Soviet Union were nominally allies")
    assert "history" in cold_war and "military" not in cold_war
    assert "territory" in _frames_of(tagged, "could unleash war in the Taiwan Strait")
    assert "sanctions" in _frames_of(tagged, "the U.S. might levy sanctions against Chinese banks")


def test_words_containing_war_or_arm_do_not_fire(tagged: pd.DataFrame) -> None:
    assert _frames_of(tagged, "The Chinese ruling elite is aware of the strategic thinking") == []
    assert "military" not in _frames_of(tagged, "pivot more towards the East")
    made_up = pd.DataFrame(
        {
            "text": [
                "Farms and alarms harm nobody; the award-winning software shipped.",
                "The ai of the un is a pun.",
                "Arms exports rose.",
                "AI and the UN met.",
            ]
        }
    )
    frames = tag_frames(made_up)["frames"].tolist()
    assert frames[0] == [] and frames[1] == []
    assert frames[2] == ["economy", "military"] and frames[3] == ["technology", "governance"]


def test_pattern_syntax() -> None:
    import re

    def fires(pattern: str, text: str) -> bool:
        return re.search(pattern_regex(pattern), text) is not None

    assert fires("sanction*", "new sanctions") and not fires("sanction*", "unsanctioned")
    assert fires("arm(s)", "arm") and fires("arm(s)", "arms") and not fires("arm(s)", "farms")
    assert fires("defen(c|s)e", "Defense") and not fires("defen(c|s)e", "defene")
    assert fires("cold war", "cold-war era") and fires("south china sea", "South  China\nSea")
    assert fires("NATO", "NATO") and not fires("NATO", "nato")


def test_counts_include_untagged(tagged: pd.DataFrame) -> None:
    counts = frame_counts(tagged).set_index("frame")
    assert list(counts.index) == [*REQUIRED_FRAMES, UNTAGGED]
    assert counts.loc[UNTAGGED, "sentences"] == (tagged["frames"].str.len() == 0).sum() > 0
    assert counts.loc["economy", "articles"] == 5
    empty = frame_counts(tag_frames(pd.DataFrame({"doc_id": [], "text": []})))
    assert (empty["sentences"] == 0).all()


def frame_matches(sentences: pd.DataFrame) -> pd.DataFrame:
    """The words that fired: one row per (sentence, frame, match), columns frame, match (for checking the codebook)."""
    rows = [
        (frame, hit.group(0))
        for text in sentences["text"]
        for frame, regex in frame_regexes().items()
        for hit in regex.finditer(text)
    ]
    return pd.DataFrame(rows, columns=["frame", "match"])


def test_frame_matches_show_the_words_that_fired(seed_sentences: pd.DataFrame) -> None:
    matches = frame_matches(seed_sentences)
    military = set(matches.loc[matches["frame"] == "military", "match"].str.lower())
    assert {"arms", "military", "nato"} <= military and "war" in military
    assert not ({"warned", "towards", "aware", "warsaw"} & military)


def test_bad_codebook_is_reported_with_its_line(tmp_path) -> None:
    path = tmp_path / "frames.csv"
    path.write_text("frame,pattern,note\neconomy,trade,\nBad Name,x,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        codebook(path)


def test_frame_sentiment_and_extremes_point_to_real_sentences(tagged: pd.DataFrame) -> None:
    scored = tagged.assign(sentiment=tagged["sent_id"] / 100.0)
    by_frame = frame_sentiment(scored)
    economy = by_frame[by_frame["frame"] == "economy"]
    assert economy["sentences"].sum() == scored["frame_economy"].sum()
    extremes = frame_extremes(scored, n=2)
    assert set(extremes["direction"]) == {"most negative", "most positive"}
    first = extremes[(extremes["frame"] == "economy") & (extremes["direction"] == "most negative")].iloc[0]
    source = scored[(scored["doc_id"] == first["doc_id"]) & (scored["sent_id"] == first["sent_id"])]
    assert source["text"].iloc[0] == first["text"] and source["frame_economy"].iloc[0]
    assert first["score"] == scored.loc[scored["frame_economy"], "sentiment"].min()
    soft = extremes[extremes["frame"] == "soft_power"]
    assert len(soft) == len(set(zip(soft["doc_id"], soft["sent_id"])))
    assert frame_extremes(scored.iloc[:0]).empty and frame_sentiment(scored.iloc[:0]).empty


# Texts that probe the screen: case, acronyms, hyphens, optional letters, the re: patterns,
# and the characters Python's case-insensitive matching folds differently from str.lower().
SCREEN_PROBES = [
    "ROUBLES fell; the rouble and the ruble.",
    "AI, ai and Ai; UN and un; 5G.",
    "a US-led order, us-led, us led",
    "the Cold War and the cold-war; wars, awards, software",
    "ſanctions on ſteel",
    "İnvestment and ınvestment",
    "an ECONOMIC shock",
    "in 1899, 1900s, 1950 billion",
    "trade-offs and trading partners",
    "",
    "   ",
]


def test_screened_frame_tests_equal_the_regexes(seed_sentences: pd.DataFrame) -> None:
    """The fast path (:class:`FrameTest`) gives exactly the flags of the frame regexes, seed sentence by sentence."""
    from newsframe.frames import FRAMES_PATH, _frame_flags, frame_regexes

    texts = list(seed_sentences["text"]) + SCREEN_PROBES
    texts += [text.upper() for text in texts] + [text.swapcase() for text in texts]
    regexes = list(frame_regexes().values())
    expected = [tuple(regex.search(text) is not None for regex in regexes) for text in texts]
    assert [_frame_flags.__wrapped__(text, FRAMES_PATH) for text in texts] == expected
    assert sum(map(any, expected)) > 50  # the comparison is not between two empty results


def test_required_literal_is_in_every_match() -> None:
    from newsframe.frames import required_literal

    assert required_literal("r(o)uble(s)") == "uble"
    assert required_literal("export(|s|ed)") == "export"
    assert required_literal("trading partner(s)") == "trading"
    assert required_literal("re:(?:1[89]\\d\\d)") is None
    for pattern in codebook()["pattern"]:
        literal = required_literal(pattern)
        if literal is not None:
            assert literal in pattern


def test_fold_traps_are_every_character_that_folds_to_ascii_unlike_lower() -> None:
    """FOLD_TRAPS lists every non-ASCII character re.IGNORECASE matches to an ASCII letter or digit that str.lower() does not map onto it."""
    import re
    import sys

    from newsframe.frames import FOLD_TRAPS

    letter = re.compile("[a-z0-9]", re.IGNORECASE)
    found = {
        char
        for char in map(chr, range(0x80, sys.maxunicode + 1))
        if letter.fullmatch(char) and not (char.lower().isascii() and letter.fullmatch(char.lower()))
    }
    assert found == set(FOLD_TRAPS)
