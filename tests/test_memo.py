"""newsframe.memo: a cached table is reused only while everything it depends on is unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from newsframe.memo import cache_key, cached_table, library_fingerprint, scoring_versions


class Counter:
    """A compute function that counts its calls and returns a table naming the call."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> pd.DataFrame:
        self.calls += 1
        return pd.DataFrame({"call": [self.calls], "values": [[1.5, 2.5]], "score": [0.1 + 0.2]})


def test_second_call_with_the_same_inputs_reads_the_identical_table(tmp_path: Path) -> None:
    data = tmp_path / "rated.tsv"
    data.write_text("1\t0.5\tgood\n")
    compute = Counter()
    first = cached_table(tmp_path / "cache", "validation", [data, ("dev",)], compute)
    second = cached_table(tmp_path / "cache", "validation", [data, ("dev",)], compute)
    assert compute.calls == 1
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    assert second.at[0, "values"] == [1.5, 2.5]


def test_changed_file_frame_or_value_is_a_new_key(tmp_path: Path) -> None:
    data = tmp_path / "rated.tsv"
    data.write_text("1\t0.5\tgood\n")
    frame = pd.DataFrame({"text": ["a", "b"]})
    base = cache_key("t", [data, frame, 3])
    assert cache_key("t", [data, frame, 3]) == base
    assert cache_key("u", [data, frame, 3]) != base
    assert cache_key("t", [data, frame, 4]) != base
    assert cache_key("t", [data, frame.assign(text=["a", "c"]), 3]) != base
    assert cache_key("t", [data, frame.astype({"text": "category"}), 3]) != base
    data.write_text("1\t0.5\tbad\n")
    assert cache_key("t", [data, frame, 3]) != base


def test_a_changed_input_file_is_recomputed(tmp_path: Path) -> None:
    data = tmp_path / "rated.tsv"
    data.write_text("1\t0.5\tgood\n")
    compute = Counter()
    cached_table(tmp_path / "cache", "validation", [data], compute)
    data.write_text("1\t-0.5\tbad\n")
    assert cached_table(tmp_path / "cache", "validation", [data], compute).at[0, "call"] == 2


def test_folders_are_hashed_by_their_files_and_missing_paths_do_not_crash(tmp_path: Path) -> None:
    folder = tmp_path / "newsmtsc"
    folder.mkdir()
    (folder / "dev.jsonl").write_text("{}\n")
    before = cache_key("t", [folder, tmp_path / "absent.jsonl"])
    (folder / "dev.jsonl").write_text("{} \n")
    assert cache_key("t", [folder, tmp_path / "absent.jsonl"]) != before


def test_a_corrupt_entry_is_recomputed_and_replaced(tmp_path: Path) -> None:
    compute = Counter()
    cached_table(tmp_path, "t", [1], compute)
    (entry,) = (tmp_path / "tables").glob("t-*.pkl")
    entry.write_bytes(b"not a pickle")
    assert cached_table(tmp_path, "t", [1], compute).at[0, "call"] == 2
    assert cached_table(tmp_path, "t", [1], compute).at[0, "call"] == 2
    assert not list(tmp_path.rglob("*.tmp"))


def test_without_a_cache_dir_nothing_is_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    compute = Counter()
    cached_table(None, "t", [1], compute)
    cached_table(None, "t", [1], compute)
    assert compute.calls == 2
    assert not list(tmp_path.iterdir())


def test_the_key_covers_library_files_and_package_versions() -> None:
    assert len(library_fingerprint()) == 64
    assert "vaderSentiment==" in scoring_versions() and "textblob==" in scoring_versions()


def test_the_library_fingerprint_changes_with_the_stance_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsframe.memo.PACKAGE_DIR", tmp_path)
    weights = tmp_path / "data" / "stance_encoder.safetensors"
    weights.parent.mkdir()
    weights.write_bytes(b"first weights")
    before = library_fingerprint()
    weights.write_bytes(b"retrained weights")
    assert library_fingerprint() != before


_COMPUTE_ONCE = """
import sys, time
from pathlib import Path
import pandas as pd
from newsframe.memo import cached_table

cache, log = Path(sys.argv[1]), Path(sys.argv[2])

def compute():
    with log.open("a") as handle:
        handle.write("computed\\n")
    time.sleep(2)
    return pd.DataFrame({"x": [1, 2, 3]})

print(cached_table(cache, "slow", ["same inputs"], compute)["x"].sum())
"""


def test_two_processes_asking_at_once_compute_the_table_once(tmp_path: Path) -> None:
    """The second asks while the first is computing (its log line is written): it waits and reads the first's result."""
    import subprocess
    import sys
    import time

    log = tmp_path / "log.txt"
    command = [sys.executable, "-c", _COMPUTE_ONCE, str(tmp_path / "cache"), str(log)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=120)[0].strip() for process in (first, second)]
    assert outputs == ["6", "6"]
    assert log.read_text().splitlines() == ["computed"]


def test_a_file_system_that_refuses_locks_still_gets_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import fcntl

    def refuse(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)
    table = cached_table(tmp_path, "t", ["x"], lambda: pd.DataFrame({"x": [1]}))
    assert table["x"].tolist() == [1]
    assert cached_table(tmp_path, "t", ["x"], lambda: pd.DataFrame({"x": [2]}))["x"].tolist() == [1], "stored"
