"""Attribution failure classes of issue 15, each as small sentences (newsframe.quotes on a spaCy parse).

Names here are invented or outside the actor registry on purpose, so the speaker can only
come from the text.
"""

from __future__ import annotations

import pandas as pd
import pytest
from newsframe.quotes import extract_quotes_from_text


def statement(text: str, words: str) -> pd.Series:
    rows = extract_quotes_from_text(text)
    found = rows[rows["text"].str.contains(words, regex=False) & (rows["kind"] != "scare")]
    assert len(found) == 1, (
        f"expected one statement holding {words!r}, got {rows[['kind', 'speaker', 'text']].values.tolist()}"
    )
    return found.iloc[0]


def mention(text: str, row: pd.Series) -> str:
    return text[row["speaker_start"] : row["speaker_end"]]


def test_speakers_outside_the_registry_come_from_the_text() -> None:
    text = "Tomas Varga, a senior Hungarian diplomat, said the pipeline deal was final."
    row = statement(text, "the pipeline deal was final")
    assert (row["speaker"], row["speaker_kind"], row["kind"]) == ("Tomas Varga", "person", "reported")
    assert mention(text, row) == "Tomas Varga"
    assert (row["camp"], row["camp_source"]) == ("western", "description")


def test_a_pronoun_goes_to_the_nearest_earlier_person() -> None:
    text = "Lena Okafor arrived in Geneva. She told reporters that the talks had stalled."
    row = statement(text, "the talks had stalled")
    assert mention(text, row) == "She"
    assert (row["speaker"], row["speaker_kind"]) == ("Lena Okafor", "person")


def test_a_role_nominal_goes_to_a_compatible_earlier_entity() -> None:
    # the nearest person is the American; "the Chinese minister" can only be the Chinese one
    text = (
        "Liu Wenhai met Daniel Brooks, the American envoy, in Vienna. The Chinese minister said the meeting was useful."
    )
    row = statement(text, "the meeting was useful")
    assert mention(text, row) == "The Chinese minister"
    assert row["speaker"] == "Liu Wenhai"


def test_an_organisation_role_goes_to_the_organisation_named_before() -> None:
    text = "The Interior Ministry of Ruritania issued a note on Monday. The ministry said the border would stay open."
    row = statement(text, "the border would stay open")
    assert row["speaker"] == "Interior Ministry of Ruritania"  # the name without its article
    assert row["speaker_kind"] == "organisation"


@pytest.mark.parametrize("surname", ["Okafor", "Ms. Okafor"])
def test_a_surname_goes_to_the_full_name(surname: str) -> None:
    text = f"Lena Okafor is the bloc's trade commissioner. {surname} said tariffs would rise."
    assert statement(text, "tariffs would rise")["speaker"] == "Lena Okafor"


def test_unnamed_sources_are_statements_without_a_camp() -> None:
    row = statement("Western officials said the drills were a warning.", "the drills were a warning")
    assert (row["speaker_kind"], row["camp"], row["camp_source"]) == ("unnamed", "", "none")


def test_transcript_turns_are_statements_of_their_labels() -> None:
    text = (
        "Matthew Miller, the State Department spokesperson, briefed reporters.\n\n"
        "QUESTION: Will the secretary travel to Beijing?\n\n"
        "MR. MILLER: We have nothing to announce today.\n\n"
        "Q: And the sanctions?\n\n"
        "A: They remain under review."
    )
    rows = extract_quotes_from_text(text)
    turns = rows[rows["cue"] == "turn"][["text", "speaker", "camp"]].values.tolist()
    assert turns == [
        ["Will the secretary travel to Beijing?", "the press", "other"],
        ["We have nothing to announce today.", "Matthew Miller", "western"],
        ["And the sanctions?", "the press", "other"],
        ["They remain under review.", "Matthew Miller", "western"],
    ]


def test_broadcast_soundbite_and_name_title_labels() -> None:
    text = (
        "SOUNDBITE (Russian) Oleg Petrov, Russian deputy foreign minister: Our position has not changed.\n\n"
        "Hana Sato (Japanese defence ministry): We are watching the exercises closely."
    )
    rows = extract_quotes_from_text(text)
    turns = rows[rows["cue"] == "turn"][["text", "speaker", "camp", "camp_source"]].values.tolist()
    assert turns == [
        ["Our position has not changed.", "Oleg Petrov", "sino_russian", "description"],
        ["We are watching the exercises closely.", "Hana Sato", "western", "description"],
    ]


def test_a_quote_without_marks_closed_by_a_cue() -> None:
    text = "Viktor Hale, a Russian senator, spoke on Friday. Sanctions will never break us, he said."
    row = statement(text, "Sanctions will never break us")
    assert (row["kind"], row["speaker"], mention(text, row)) == ("reported", "Viktor Hale", "he")
    assert row["camp"] == "sino_russian"


def test_a_sentence_final_cue_with_an_apposition() -> None:
    text = "The alliance will respond, said Peter Lund, the Danish defence minister."
    row = statement(text, "The alliance will respond")
    assert (row["speaker"], row["camp"], row["camp_source"]) == ("Peter Lund", "western", "description")


def test_a_city_inside_a_declaration_name_is_not_the_speaker() -> None:
    text = "The Beijing Declaration was signed on Tuesday, the foreign ministry of Kazakhstan said."
    row = statement(text, "The Beijing Declaration was signed")
    assert row["speaker"] == "the foreign ministry of Kazakhstan"
    assert row["camp"] == "other"


def test_the_object_of_a_cue_is_not_its_speaker() -> None:
    text = "Daniel Brooks told Liu Wenhai that the sanctions would stay."
    row = statement(text, "the sanctions would stay")
    assert row["speaker"] == "Daniel Brooks"
    assert "Liu Wenhai" not in row["text"]


def test_a_reported_clause_keeps_its_object() -> None:
    row = statement("Daniel Brooks warned the Kremlin against arming the rebels.", "arming the rebels")
    assert row["text"] == "the Kremlin against arming the rebels"


@pytest.mark.parametrize(
    ("text", "words", "camp"),
    [
        # the same words, a different description: the camp follows the description
        (
            "Ana Ruiz, a Chinese state media commentator, said the sanctions were illegal.",
            "the sanctions were illegal",
            "sino_russian",
        ),
        (
            "Ana Ruiz, a US State Department official, said the sanctions were illegal.",
            "the sanctions were illegal",
            "western",
        ),
        (
            "Ana Ruiz, an Indian foreign ministry official, said the sanctions were illegal.",
            "the sanctions were illegal",
            "other",
        ),
        (
            "Ana Ruiz, the Russian ambassador to the US, said the sanctions were illegal.",
            "the sanctions were illegal",
            "sino_russian",
        ),
    ],
)
def test_camp_flips_with_the_description(text: str, words: str, camp: str) -> None:
    row = statement(text, words)
    assert (row["camp"], row["camp_source"]) == (camp, "description")


def test_a_registry_actor_keeps_its_registry_camp() -> None:
    row = statement("Maria Zakharova, speaking in Washington, said the talks were useless.", "the talks were useless")
    assert (row["speaker"], row["camp"], row["camp_source"]) == ("Maria Zakharova", "sino_russian", "registry")


def test_a_speaker_nobody_describes_has_no_camp() -> None:
    row = statement("Lena Okafor said the talks were useless.", "the talks were useless")
    assert (row["camp"], row["camp_source"]) == ("", "none")


def test_a_country_speaking_is_an_organisation_not_a_pronouns_antecedent() -> None:
    text = "Tomas Varga arrived in Astana. Kazakhstan said the pipeline would open in May. He said the deal was final."
    country = statement(text, "the pipeline would open in May")
    assert (country["speaker"], country["speaker_kind"], country["camp"]) == ("Kazakhstan", "organisation", "other")
    assert statement(text, "the deal was final")["speaker"] == "Tomas Varga"
