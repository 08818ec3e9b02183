"""What a local worker process imports before its first chunk; the fork server preloads this module.

Every local worker of :func:`newsframe.pipeline.analyze` is forked from one fork server, and
each waits until the server has imported this module, so its import time is serial time of
every parallel run.  Most of it was NLTK's: ``import nltk`` also imports SciPy (for
``fisher_exact`` in its association measures) and scikit-learn (for its classifier wrapper
and transition parser), 1.2 of its 1.4 seconds.  The stages use only VADER and Punkt, and NLTK
treats both packages as optional (each import sits in ``try/except ImportError``), so NLTK is
imported here with them hidden.  They are hidden only during that import: code in a worker
that needs them can still import them.

Importing this module does nothing but define :func:`import_worker_modules` (the tests import
it, and so may anyone); the fork server imports :mod:`newsframe.worker_preload`, whose import
calls it.  So the main process is never touched.

Once everything is imported, the server moves the imported objects out of the garbage
collector's reach (``gc.freeze``, as its documentation advises before forking): they live as
long as the process, so every full collection in every worker would otherwise walk them
again, and touching them would copy their memory pages into each worker.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# Optional dependencies of NLTK that the stages never use.
NLTK_EXTRAS = ("scipy", "sklearn")
# The stages and what they import where used (see newsframe.pipeline.analyze_chunk).
STAGE_MODULES = (
    "newsframe.pipeline",
    "newsframe.actors",
    "newsframe.claims",
    "newsframe.clean",
    "newsframe.frames",
    "newsframe.language",
    "newsframe.quotes",
    "newsframe.segment",
    "newsframe.sentiment",
    "newsframe.stance",
    "newsframe.timeline",
    "pyarrow.parquet",
)
NLTK_MODULES = ("nltk.sentiment.vader", "nltk.tokenize.punkt", "textblob.en.sentiments")


@contextmanager
def hidden_modules(names: Iterable[str]) -> Iterator[None]:
    """Within the block, ``import name`` raises ImportError for each of ``names`` not imported yet.

    A ``None`` entry in ``sys.modules`` is Python's documented way to make an import fail;
    the entries are removed on leaving, so the modules are importable again afterwards.
    """
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]


def import_worker_modules() -> None:
    """Import NLTK (without its unused optional extras), TextBlob and every stage, then freeze what they hold."""
    with hidden_modules(NLTK_EXTRAS):
        for name in NLTK_MODULES:
            importlib.import_module(name)
    for name in STAGE_MODULES:
        importlib.import_module(name)
    gc.freeze()
