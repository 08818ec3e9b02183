"""The Dask configuration newsframe's workers run with (``data/dask.yaml``).

Workers import the stages as they start (``distributed.worker.preload``, the module the local
fork server preloads), so a cluster that stays up serves every chunk warm.  Otherwise,
Dask's workers wake helper threads at short fixed periods (a statistical profiler every
10 ms, an event-loop tick every 20 ms, system and memory monitors) and set
``MALLOC_TRIM_THRESHOLD_``; for pure-Python chunks that hold the GIL for seconds, each wake
costs the chunk thread a GIL hand-off, and the malloc setting multiplies page faults.  The
data file says what each setting changes and what was measured.
:func:`newsframe.pipeline.analyze` applies :func:`dask_settings` to the local cluster it
starts; a cluster started from the shell gets the same file through the environment variable
``DASK_CONFIG=lib/newsframe/data/dask.yaml`` (the README's cluster section), which Dask adds to
its own configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from newsframe.paths import DATA_DIR

DASK_CONFIG_FILE = DATA_DIR / "dask.yaml"


def _flatten(tree: Mapping, prefix: str = "") -> dict[str, object]:
    """``{"a": {"b": 1}}`` as ``{"a.b": 1}``: ``dask.config.set`` replaces a whole subtree given as a dict."""
    flat: dict[str, object] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat |= _flatten(value, f"{name}.")
        else:
            flat[name] = value
    return flat


def dask_settings(path: Path = DASK_CONFIG_FILE) -> dict[str, object]:
    """The settings of ``path`` as dotted keys for ``dask.config.set`` (leaves only, so the rest of Dask's defaults stay)."""
    import yaml  # a dependency of dask, which only the Dask engine imports

    return _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
