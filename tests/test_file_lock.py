"""Locks between processes: waiting for a holder, probing without waiting, and no lock where the file system refuses one."""

from __future__ import annotations

import errno
import fcntl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from newsframe.file_lock import exclusive, is_free

_HOLD = """
import sys, time
from pathlib import Path
from newsframe.file_lock import exclusive
with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(lock: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_process_waits_for_the_holder_and_is_told(tmp_path: Path) -> None:
    lock = tmp_path / "sub" / "x.lock"
    holder = _holder(lock, 1.0)
    waited = []
    start = time.monotonic()
    with exclusive(lock, on_wait=lambda: waited.append(time.monotonic())):
        got = time.monotonic()
    holder.wait(timeout=30)
    assert len(waited) == 1
    assert got - start > 0.5, "the lock was taken while the other process held it"


def test_no_waiting_and_no_note_when_the_lock_is_free(tmp_path: Path) -> None:
    waited = []
    with exclusive(tmp_path / "x.lock", on_wait=lambda: waited.append(1)):
        pass
    assert waited == []


def test_is_free_sees_a_live_holder_and_its_death(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    assert is_free(lock) and not lock.exists(), "probing a missing lock creates nothing"
    holder = _holder(lock, 30)
    assert not is_free(lock)
    holder.kill()
    holder.wait(timeout=30)
    assert is_free(lock), "the system releases the lock of a killed process"


def test_a_file_system_that_refuses_locks_runs_the_work_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)
    ran = []
    with exclusive(tmp_path / "x.lock"):
        ran.append(1)
    assert ran == [1]
    (tmp_path / "x.lock").touch()
    assert is_free(tmp_path / "x.lock")
