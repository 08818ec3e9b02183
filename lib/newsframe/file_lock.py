"""Exclusive locks on files between processes, released by the operating system when a holder dies.

Two things use them: the build of one corpus analysis (:mod:`newsframe.chunk_store`), so two
notebooks opened at once wait for one build, and one cached table (:mod:`newsframe.memo`), so
two processes asking for the same validation compute it once.  Both are ``fcntl.flock`` locks on a
small file beside what they protect.  Where there is no ``fcntl`` (Windows) or the file system
refuses locks (some network mounts answer ``ENOLCK``), there is no lock: two processes may
then both compute the same result, which is slower but still correct, since every result is
written atomically.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


@contextlib.contextmanager
def exclusive(lock: Path, *, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (created, with its folder, if missing).

    ``on_wait()`` is called once, before waiting, when another process holds the lock first.
    """
    if fcntl is None:
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+b") as handle:  # closing the file releases the lock
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            with contextlib.suppress(OSError):  # refused while waiting: go ahead without it
                fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass  # the file system refuses locks: go ahead without one
        yield


def is_free(lock: Path) -> bool:
    """Whether no live process holds the lock on ``lock`` (checked without waiting; a missing file is free)."""
    if fcntl is None or not lock.exists():
        return True
    with lock.open("a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True
