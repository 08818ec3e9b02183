"""Installed versions of the packages that shape newsframe's results.

One function, :func:`package_versions`, serves the two readers of versions: the cache key
(:mod:`newsframe.memo`: a changed scorer invalidates cached tables) and the reports' index
(:mod:`newsframe.reports`: a reader sees what produced the figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata


def package_versions(packages: Sequence[str]) -> list[tuple[str, str | None]]:
    """``(name, version)`` of each installed distribution in ``packages``, in order; ``None`` when not installed."""
    versions: list[tuple[str, str | None]] = []
    for name in packages:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return versions
