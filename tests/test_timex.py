"""Tests of newsframe.timex: each grammar family, anchoring, and facts about the seeds."""

from __future__ import annotations

import datetime as dt

try:
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python < 3.11
    import sre_constants
    import sre_parse

import pandas as pd
import pytest
from newsframe.paths import SEEDS_DIR
from newsframe.timex import COLUMNS, extract_timexes, timex_rows
from newsframe.timex.grammar import grammar
from newsframe.timex.scan import LOOKBEHIND, line_hits, window_matches

ANCHOR = dt.date(2024, 5, 22)  # a Wednesday, ISO week 21


def one(text: str, anchor: dt.date | None = ANCHOR) -> dict:
    """The single timex found in text (fails if there is not exactly one)."""
    found = extract_timexes(text, anchor)
    assert len(found) == 1, found.to_string()
    return found.iloc[0].to_dict()


def tagged(text: str, anchor: dt.date | None = ANCHOR) -> list[tuple[str, str]]:
    return [(r.text, r.value) for r in extract_timexes(text, anchor).itertuples()]


def seed(prefix: str) -> str:
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- shape


def test_columns_offsets_and_order():
    text = "On May 16, 2024, and again last week, officials met for three hours."
    found = extract_timexes(text, ANCHOR)
    assert list(found.columns) == COLUMNS
    assert found["start"].is_monotonic_increasing
    for r in found.itertuples():
        assert text[r.start : r.end] == r.text
    assert set(found["mod"]) <= {
        "",
        "START",
        "MID",
        "END",
        "APPROX",
        "LESS_THAN",
        "MORE_THAN",
        "EQUAL_OR_LESS",
        "EQUAL_OR_MORE",
        "BEFORE",
        "AFTER",
    }


def test_empty_text_gives_empty_frame_with_columns():
    found = extract_timexes("", ANCHOR)
    assert found.empty and list(found.columns) == COLUMNS


def test_anchor_accepts_timestamp_and_nat():
    assert one("It rained yesterday.", pd.Timestamp("2024-05-22 13:00"))["value"] == "2024-05-21"
    assert one("It rained yesterday.", pd.NaT)["value"] == "XXXX-XX-XX"
    with pytest.raises(ValueError, match="ISO date"):
        extract_timexes("today", "22/05/2024")


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Signed on May 16, 2024, in Beijing.", "May 16, 2024", "2024-05-16"),
        ("Signed on 16 May 2024 in Beijing.", "16 May 2024", "2024-05-16"),
        ("Signed on Sept. 3, 1998.", "Sept. 3, 1998", "1998-09-03"),
        ("The file dated 2024-05-16 leaked.", "2024-05-16", "2024-05-16"),
        ("It was founded in February 2022.", "February 2022", "2022-02"),
        ("The pact was signed in 2001.", "2001", "2001"),
        ("The target for the year 2030 stands.", "the year 2030", "2030"),
        ("He said in nineteen ninety-six it began.", "nineteen ninety-six", "1996"),
    ],
)
def test_absolute_dates(text, span, value):
    t = one(text)
    assert (t["text"], t["type"], t["value"]) == (span, "DATE", value)


def test_prepositions_stay_outside_the_extent():
    assert tagged("Trade should double by 2030.") == [("2030", "2030")]
    assert tagged("Nothing changed since 1991.") == [("1991", "1991")]


def test_month_without_year_uses_anchor_and_tense():
    assert one("Talks began in March.")["value"] == "2024-03"
    assert one("Talks will resume in December.")["value"] == "2024-12"
    assert one("Talks began in March.", None)["value"] == "XXXX-03"


def test_may_as_a_verb_is_not_a_month():
    assert extract_timexes("Officials may meet again; they march on.", ANCHOR).empty


# --------------------------------------------------------------------------- decades, centuries


def test_decades_and_centuries():
    t = one("the late 1960s were turbulent", None)
    assert (t["value"], t["mod"]) == ("196X", "END")
    assert one("music of the 1990s")["value"] == "199X"
    assert one("in the nineties")["value"] == "199X"
    assert one("since the 20th century")["value"] == "19"
    assert one("in the twenty-first century".replace("twenty-first", "21st"))["value"] == "20"


# --------------------------------------------------------------------------- relative


@pytest.mark.parametrize(
    "text, value",
    [
        ("It rained yesterday.", "2024-05-21"),
        ("It rains today.", "2024-05-22"),
        ("It rains tomorrow.", "2024-05-23"),
        ("They met last week.", "2024-W20"),
        ("They meet next week.", "2024-W22"),
        ("Sales fell last month.", "2024-04"),
        ("Sales fell last year.", "2023"),
        ("Sales rise this year.", "2024"),
        ("He left two years ago.", "2022"),
        ("He left three months ago.", "2024-02"),
        ("He left ten days ago.", "2024-05-12"),
    ],
)
def test_relative_days_weeks_months_years(text, value):
    assert one(text)["value"] == value


def test_relative_without_anchor_stays_unresolved():
    assert one("They met last week.", None)["value"] == "XXXX-WXX"
    assert one("It rained yesterday.", None)["value"] == "XXXX-XX-XX"


def test_weekdays_resolve_by_tense():
    assert one("Putin said on Thursday that ...")["value"] == "2024-05-16"
    assert one("Putin will visit on Thursday.")["value"] == "2024-05-23"
    assert one("Putin spoke on Wednesday.")["value"] == "2024-05-22"  # the anchor day itself
    assert one("They met last Friday.")["value"] == "2024-05-17"


def test_anaphoric_expressions_follow_the_date_in_focus():
    found = tagged(
        "The deal was signed on March 3, 2019. The same month, talks collapsed; a year earlier they had begun.", ANCHOR
    )
    assert found == [("March 3, 2019", "2019-03-03"), ("The same month", "2019-03"), ("a year earlier", "2018")]


def test_seasons():
    assert one("They met last summer.", dt.date(2013, 3, 22))["value"] == "2012-SU"
    assert one("They meet in the winter.", None)["value"] == "XXXX-WI"
    assert one("in the summer of 1994")["value"] == "1994-SU"


def test_parts_of_day_and_clock_times():
    t = one("Troops moved in Friday afternoon.", dt.date(2013, 3, 23))
    assert (t["type"], t["value"]) == ("TIME", "2013-03-22TAF")
    assert one("Shots were heard this morning.")["value"] == "2024-05-22TMO"
    t = one("The vote closed at 10:30 p.m. Tuesday.")
    assert (t["text"], t["type"], t["value"]) == ("10:30 p.m. Tuesday", "TIME", "2024-05-21T22:30")


# --------------------------------------------------------------------------- durations, sets, refs


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Fighting lasted three years.", "three years", "P3Y"),
        ("a two-year deal", "two-year", "P2Y"),
        ("for the past two months", "the past two months", "P2M"),
        ("It took 1 1/2 hours.", "1 1/2 hours", "PT1H30M"),
        ("Talks lasted several weeks.", "several weeks", "PXW"),
        ("It has been going on for years.", "years", "PXY"),
        ("in the first nine months", "the first nine months", "P9M"),
        ("two decades of rivalry", "two decades", "P20Y"),
    ],
)
def test_durations(text, span, value):
    t = one(text)
    assert (t["text"], t["type"], t["value"]) == (span, "DURATION", value)


def test_duration_modifiers():
    t = one("They waited more than four hours.")
    assert (t["text"], t["value"], t["mod"]) == ("more than four hours", "PT4H", "MORE_THAN")
    t = one("They waited about five hours.")
    assert (t["text"], t["mod"]) == ("five hours", "APPROX")  # TimeBank leaves "about" outside


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Flights leave daily.", "daily", "P1D"),
        ("Dividends are paid quarterly.", "quarterly", "P3M"),
        ("Inspectors come every week.", "every week", "P1W"),
        ("They meet each Thursday.", "each Thursday", "XXXX-WXX-4"),
        ("exports of $300 billion a year", "a year", "P1Y"),
    ],
)
def test_sets(text, span, value):
    t = one(text)
    assert (t["text"], t["type"], t["value"]) == (span, "SET", value)


def test_adjectival_frequency_words_are_not_sets():
    assert extract_timexes("The company raised its quarterly dividend.", ANCHOR).empty


@pytest.mark.parametrize(
    "text, value",
    [
        ("Relations are now warmer.", "PRESENT_REF"),
        ("The envoy currently lives in Moscow.", "PRESENT_REF"),
        ("The two sides recently agreed.", "PAST_REF"),
        ("in recent years", "PAST_REF"),
        ("ties in the future", "FUTURE_REF"),
    ],
)
def test_present_past_future_refs(text, value):
    t = one(text)
    assert (t["type"], t["value"]) == ("DATE", value)


# --------------------------------------------------------------------------- modifiers, quarters


def test_point_modifiers():
    t = one("Fighting eased in early December.", None)
    assert (t["text"], t["value"], t["mod"]) == ("early December", "XXXX-12", "START")
    t = one("at the end of 1998")
    assert (t["text"], t["value"], t["mod"]) == ("the end of 1998", "1998", "END")
    assert one("in mid-2023")["mod"] == "MID"


def test_fiscal_quarters_and_year_earlier_comparisons():
    anchor = dt.date(1998, 11, 2)
    found = tagged(
        "Profit rose in the third quarter from $5 million a year earlier. "
        "Third-quarter sales fell. Fiscal 1998 results improved.",
        anchor,
    )
    assert found == [
        ("the third quarter", "1998-Q3"),
        ("a year earlier", "1997-Q3"),
        ("Third-quarter", "1998-Q3"),
        ("Fiscal 1998", "1998"),
    ]
    assert tagged("Sales in the fourth quarter fell.", dt.date(1998, 1, 15)) == [("the fourth quarter", "1997-Q4")]


# --------------------------------------------------------------------------- numbers that are not times


@pytest.mark.parametrize(
    "text",
    [
        "It cost $27 and rose 48, of which most was sold.",
        "the 32-member alliance",
        "5G infrastructure",
        "a target of $300 billion",
        "It sold 1500 tons of grain.",
        "a 10-year-old boy",
        "Czech Foreign Minister Jan Kavan spoke.",
    ],
)
def test_no_false_hits_on_numbers(text):
    assert extract_timexes(text, ANCHOR).empty, extract_timexes(text, ANCHOR).to_string()


# --------------------------------------------------------------------------- seeds


def test_seed_003_dates_resolve_against_anchor_and_focus():
    found = extract_timexes(seed("003"), ANCHOR)
    values = dict(zip(found["text"], found["value"]))
    assert values["May 16, 2024"] == "2024-05-16"
    assert values["May 17"] == "2024-05-17"
    assert values["Last week"] == "2024-W20"
    assert "32-member" not in " ".join(found["text"])


def test_seed_003_month_day_takes_focus_year_without_anchor():
    found = extract_timexes(seed("003"), None)
    assert dict(zip(found["text"], found["value"]))["May 17"] == "2024-05-17"


def test_seed_001_late_1960s_without_a_date():
    found = extract_timexes(seed("001"), None)
    row = found[found["text"].str.contains("1960s")].iloc[0]
    assert (row["value"], row["mod"]) == ("196X", "END")


def test_seed_000_by_the_year_2030_and_no_money_or_5g():
    found = extract_timexes(seed("000"), None)
    row = found[found["value"] == "2030"].iloc[0]
    assert not row["text"].lower().startswith("by")
    joined = " | ".join(found["text"])
    assert "300" not in joined and "5G" not in joined


def test_all_seeds_offsets_are_exact():
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for r in extract_timexes(text, ANCHOR).itertuples():
            assert text[r.start : r.end] == r.text, path.name


# --------------------------------------------------------------------------- tense, extents, ranges


def test_nearest_tense_cue_decides_the_weekday():
    # "would" is further away than the past participle "announced": the past Wednesday.
    assert tagged("They said they would appeal the decision, announced Wednesday by the ministry.") == [
        ("Wednesday", "2024-05-22")
    ]
    assert one("The envoy is to resume talks in Beijing Tuesday.")["value"] == "2024-05-28"
    assert one("The delegation planned to leave Moscow on Thursday.")["value"] == "2024-05-23"
    # a plan already in the past ("had been scheduled") is not a future cue
    assert one("The offer had been scheduled to expire Friday.")["value"] == "2024-05-17"
    # "will be named": the participle after an auxiliary does not override "will"
    assert one("She will be named envoy for a summit in December.")["value"] == "2024-12"
    # "Monday's meeting" names something already reported
    assert tagged("Officials will study Monday's statement.") == [("Monday", "2024-05-20")]


def test_month_without_year_prefers_the_anchor_over_an_old_date():
    text = "Two agents were charged in the Dec. 21, 1988, bombing. Gadhafi agreed in April to hand them over."
    assert tagged(text) == [("Dec. 21, 1988", "1988-12-21"), ("April", "2024-04")]
    # in the future tense the current month still counts ("results due in May", written in May)
    assert one("The company expects to release results in late May.")["value"] == "2024-05"
    # a day is compared with the anchor by its real date (Jan. 31 is nine months back, not three ahead)
    assert tagged("The fiscal year ended Jan. 31, the company reported.", dt.date(1989, 10, 31)) == [
        ("The fiscal year", "P1Y"),
        ("Jan. 31", "1989-01-31"),
    ]


def test_earlier_and_later_belong_to_the_expression():
    assert tagged("Earlier this month, Moscow hosted the talks.") == [("Earlier this month", "2024-05")]
    assert tagged("He will travel later this year.") == [("later this year", "2024")]
    assert tagged("Three years earlier this month he left.")[0][0] == "Three years earlier"


def test_adjectival_durations_leave_the_determiner_out():
    assert tagged("They signed a 10-year agreement.") == [("10-year", "P10Y")]
    assert tagged("It was a five year plan.") == [("five year", "P5Y")]
    assert tagged("the past three months were calm")[0][0] == "the past three months"


def test_over_is_a_preposition_not_part_of_the_duration():
    found = extract_timexes("Talks went on over three years.", ANCHOR).iloc[0]
    assert (found["text"], found["value"], found["mod"]) == ("three years", "P3Y", "MORE_THAN")


def test_ages_and_ordinal_second_are_not_durations():
    assert tagged("Mr. Reupke, 52 years old, resigned.") == []
    assert tagged("It will be a second betrayal.") == []
    assert tagged("Wait a second, please.") == [("a second", "PT1S")]


def test_duration_ranges_and_vague_stretches():
    assert tagged("It takes two to three weeks.") == [("two to three weeks", "PXW")]
    assert tagged("over the next 12 to 18 months") == [("the next 12 to 18 months", "PXM")]
    assert tagged("in the coming years") == [("the coming years", "PXY")]
    assert tagged("over the next few days") == [("the next few days", "PXD")]
    assert tagged("revenue for the year ended March 31") == [("the year", "P1Y"), ("March 31", "2024-03-31")]


def test_this_season_is_the_anchor_year():
    assert one("The summit is set for this summer.", dt.date(1998, 2, 13))["value"] == "1998-SU"
    assert one("Talks were held this winter.", dt.date(1998, 11, 20))["value"] == "1998-WI"


def test_clock_time_with_a_month_day_and_previous_weekday():
    assert tagged("The offer runs until 5 p.m. EST, Nov. 6.", dt.date(1989, 10, 30)) == [
        ("5 p.m. EST, Nov. 6", "1989-11-06T17:00")
    ]
    assert tagged("He was shot last Oct. 23 at his home.", dt.date(1999, 4, 19)) == [("Oct. 23", "1998-10-23")]
    assert tagged("On May 17 they met; the previous Friday they had talked.") == [
        ("May 17", "2024-05-17"),
        ("the previous Friday", "2024-05-10"),
    ]


def test_year_ago_quarter_is_the_same_quarter_a_year_back():
    text = "Profit rose in the third quarter from the year-ago third quarter."
    assert tagged(text, dt.date(1989, 10, 30)) == [
        ("the third quarter", "1989-Q3"),
        ("the year-ago third quarter", "1988-Q3"),
    ]


# --------------------------------------------------------------------------- memoised search


def _lookbehind_reach(parsed) -> int:
    """Characters before a position that a parsed pattern can read there: its longest look-behind, plus one for a \\b."""
    reach = 1
    for op, av in parsed:
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and av[0] == -1:
            reach = max(reach, av[1].getwidth()[1] + 1)
        stack = [av]
        while stack:
            item = stack.pop()
            if isinstance(item, sre_parse.SubPattern):
                reach = max(reach, _lookbehind_reach(item))
            elif isinstance(item, (tuple, list)):
                stack.extend(item)
    return reach


def test_rules_read_no_further_back_than_the_memo_assumes():
    """The window memo is exact only if no rule looks further back than LOOKBEHIND characters."""
    for rule in grammar():
        reach = _lookbehind_reach(sre_parse.parse(rule.pattern.pattern, rule.pattern.flags))
        assert reach <= LOOKBEHIND, f"rule {rule.name} reads {reach} characters back; raise LOOKBEHIND"


def test_a_paragraph_gets_the_same_timexes_whatever_was_seen_before():
    paragraph = "Officials met on Thursday, two days after the May 17 talks, and met again last week."
    before = extract_timexes("A first line about 2023.\n\n" + paragraph, ANCHOR)
    alone = extract_timexes(paragraph, ANCHOR)
    line_hits.cache_clear()
    window_matches.cache_clear()
    fresh = extract_timexes(paragraph, ANCHOR)
    assert alone.equals(fresh)
    shifted = before[before["start"] >= 26].assign(start=lambda t: t["start"] - 26, end=lambda t: t["end"] - 26)
    assert shifted.reset_index(drop=True).equals(alone)
    assert tagged(paragraph) == [
        ("Thursday", "2024-05-16"),
        ("two days", "P2D"),
        ("May 17", "2024-05-17"),
        ("last week", "2024-W20"),
    ]


def test_timex_rows_are_the_table_rows():
    text = "On May 16, 2024, and again last week, officials met for three hours."
    assert timex_rows(text, ANCHOR) == list(extract_timexes(text, ANCHOR).itertuples(index=False, name=None))


# --- numbers that are not years, and history -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He will do what it takes to stop Trump from reaching 1600 Pennsylvania Avenue.",  # street address
        "The lobbyists moved to 1800 K Street NW last spring.",
        "The report runs to 1650 pages, see page 1700.",  # page counts
        "Photo: Reuters 1600x900, thumbnail 710x340, poster 1920 × 1080.",  # image sizes
        "The attack began at 1630 GMT and ended at 1800 hrs.",  # clock times
        "Call the embassy on +7 495 1600 or 202 456 1999.",  # phone numbers
        "Talks on May 1617 ended without agreement.",  # "May 16-17" without its dash
    ],
)
def test_numbers_that_are_not_years_are_not_dates(text: str) -> None:
    found = extract_timexes(text, dt.date(2016, 6, 1))
    assert not found["value"].str.fullmatch(r"1[6-9]\d\d(-\d\d)?").any(), found.to_dict("records")


def test_history_keeps_its_coarse_value() -> None:
    text = (
        "Trade grew in the 1600s and in 1650; the 16th century and the first century saw caravans; a 7th-century stop."
    )
    found = extract_timexes(text, dt.date(2016, 6, 1))
    assert dict(zip(found["text"], found["value"])) == {
        "the 1600s": "160X",
        "1650": "1650",
        "the 16th century": "15",
        "the first century": "00",
        "7th-century": "06",
    }


def test_real_years_next_to_such_numbers_stay_years() -> None:
    found = extract_timexes(
        "In May 1920 the lease on 1600 Pennsylvania Avenue ran out; in 2019 25 people died.", dt.date(2016, 6, 1)
    )
    assert set(found["value"]) == {"1920-05", "2019"}


def test_spans_of_thousands_of_years_do_not_overflow_the_calendar() -> None:
    found = extract_timexes(
        "It began 5000 years ago, 3000000 years ago, and will end 10000 years later.", dt.date(2016, 6, 1)
    )
    assert found["value"].tolist() == ["PAST_REF", "PAST_REF", "FUTURE_REF"]
