"""The window of plausible years, and the one conversion of dates to timestamps."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest
from newsframe.dates import PLAUSIBLE_YEARS, DateRangeWarning, check_window, in_window, to_timestamp, to_timestamps
from newsframe.paths import NOTEBOOKS_DIR, PACKAGE_DIR


def test_dates_a_timestamp_cannot_hold_become_nat_and_are_counted() -> None:
    values = ["2024-05-16", None, "0001-01-01", dt.date(1617, 5, 1), pd.NaT, dt.date(2024, 1, 2), "2263-01-01"]
    with pytest.warns(
        DateRangeWarning, match=r"3 manifest dates lie outside .* '0001-01-01', '1617-05-01', '2263-01-01'"
    ):
        result = to_timestamps(values, what="manifest dates")
    assert str(result.dtype) == "datetime64[ns]"
    assert result.attrs["n_out_of_range"] == 3
    assert result.isna().tolist() == [False, True, True, True, True, False, True]
    assert result.iloc[0] == pd.Timestamp("2024-05-16")


def test_representable_dates_convert_silently(recwarn: pytest.WarningsRecorder) -> None:
    result = to_timestamps([dt.date(1800, 1, 1), pd.Timestamp("2100-12-31"), "2024-05-16T10:00:00+02:00"])
    assert result.tolist() == [pd.Timestamp("1800-01-01"), pd.Timestamp("2100-12-31"), pd.Timestamp("2024-05-16 08:00")]
    assert result.attrs["n_out_of_range"] == 0 and not recwarn.list
    assert str(to_timestamps([]).dtype) == "datetime64[ns]"
    assert to_timestamp(dt.date(1617, 5, 1)) is pd.NaT and to_timestamp(dt.date(2017, 5, 1)) == pd.Timestamp(
        "2017-05-01"
    )


def test_text_that_is_no_date_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(ValueError):
        to_timestamps(["next Tuesday-ish"])


def test_the_window_is_configurable_within_what_timestamps_hold() -> None:
    assert PLAUSIBLE_YEARS == (1800, 2100) and check_window([1700, 2200]) == (1700, 2200)
    for bad in ((1500, 2100), (2000, 1990), (1800,), "1800-2100"):
        with pytest.raises(ValueError, match="window of plausible years"):
            check_window(bad)
    assert in_window(dt.date(1991, 12, 26), dt.date(1991, 12, 26))
    assert not in_window(dt.date(1600, 1, 1), dt.date(1699, 12, 31)) and not in_window(
        dt.date(2100, 1, 1), dt.date(2199, 12, 31)
    )


def test_no_other_code_converts_values_to_timestamps() -> None:
    """Every conversion to datetime64[ns] goes through newsframe.dates (library and notebooks)."""
    pattern = re.compile(r"to_datetime|astype\([^)]*datetime64")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if path.name != "dates.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    for notebook in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        offenders += [
            f"{notebook.name}:cell {i}" for i, cell in enumerate(cells) if pattern.search("".join(cell["source"]))
        ]
    assert offenders == []
