"""Tables and figures as written files: spreadsheet-safe CSVs, headers on empty tables, clear disk errors."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from newsframe import OutputError, outputs
from newsframe.outputs import STAGING_ENV, write_atomic, write_table


def _cells(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_text_cells_a_spreadsheet_would_run_as_formulas_get_a_quote(tmp_path: Path) -> None:
    """OWASP CSV injection: =, +, -, @, tab and CR at the start of a text cell are neutralised."""
    hostile = [
        '=HYPERLINK("http://x","click")',
        "=1+1",
        "+49 30 1234",
        "-2+3",
        "@SUM(A1:A2)",
        "\tlead tab",
        "plain",
        "a=b",
        "\rlead CR",
    ]
    table = pd.DataFrame(
        {
            "doc_id": hostile,
            "score": [-0.5, 1.0, -2.0, 0.0, 3.0, -1.0, 0.25, -0.125, 2.0],
            "n": [-1, 2, -3, 4, 5, 6, 7, 8, 9],
            "mixed": ["=A1", -4.0, None, "x", "-y", 1, "", "@", "ok"],
            "items": [["=a", "b"], [], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"], ["i"]],
            "camp": pd.Categorical(["@x", "west", "west", "west", "west", "west", "west", "west", "west"]),
            "label": pd.array(["+1", "a", "b", "c", "d", "e", "f", "g", "h"], dtype="string"),
        }
    )
    path = write_table(table, tmp_path, "00-x", "hostile")
    assert path.read_bytes().endswith(b"'\rlead CR,2.000000,9,ok,i,west,h\n")  # a bare CR ends a row for CSV readers
    cells = _cells(path).iloc[:8]
    assert list(cells["doc_id"]) == ["'" + value for value in hostile[:6]] + ["plain", "a=b"]
    assert list(cells["score"]) == [
        "-0.500000",
        "1.000000",
        "-2.000000",
        "0.000000",
        "3.000000",
        "-1.000000",
        "0.250000",
        "-0.125000",
    ]
    assert list(cells["n"]) == ["-1", "2", "-3", "4", "5", "6", "7", "8"]
    assert list(cells["mixed"]) == ["'=A1", "-4.0", "", "x", "'-y", "1", "", "'@"]
    assert cells["items"].iloc[0] == "'=a;b"
    assert (cells["camp"].iloc[0], cells["label"].iloc[0]) == ("'@x", "'+1")
    assert not any(line.startswith(("=", "+", "-", "@")) for line in path.read_text().splitlines())
    assert table["doc_id"].iloc[0] == hostile[0], "the caller's table is not changed"


def test_an_empty_table_is_written_with_its_header(tmp_path: Path) -> None:
    path = write_table(pd.DataFrame(columns=["camp", "target", "n"]), tmp_path, "02-x", "stance_table")
    assert path.read_text() == "camp,target,n\n"


def test_disk_full_is_an_output_error_naming_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, mode: str) -> io.BufferedWriter:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs.os, "fdopen", full)
    with pytest.raises(
        OutputError, match=rf"no space left on the disk of {tmp_path / 'tables' / '00-x'}.*free some space"
    ):
        write_table(pd.DataFrame({"a": [1]}), tmp_path, "00-x", "t")
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_table_goes_to_the_staging_folder_the_runner_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage = tmp_path / "outputs" / ".stage" / "00-x"
    monkeypatch.setenv(STAGING_ENV, json.dumps({"output_dir": str(tmp_path / "outputs"), "stage": str(stage)}))
    assert (
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "outputs", "00-x", "t") == stage / "tables" / "00-x" / "t.csv"
    )
    assert (
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "other", "00-x", "t")
        == tmp_path / "other" / "tables" / "00-x" / "t.csv"
    )


def test_write_atomic_replaces_without_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in target.parent.iterdir()] == ["b.txt"]
