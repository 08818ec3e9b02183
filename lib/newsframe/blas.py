"""NumPy's and SciPy's BLAS on one thread while the per-article work runs.

The per-article stages make many small matrix products (spaCy's parser layers, the
sentiment models), and the pipeline's parallelism is its worker processes, one per core.
Left to itself, OpenBLAS starts a thread per core for each product: on the 2-core machine of
``benchmarks/RESULTS.md`` one process's analysis of 300 PolNeAR articles took 19.4 s
(22.2 CPU s) with those threads and 16.0 s (16.0 CPU s) on one, and with two worker processes the
pool's CPU time for the 840 PolNeAR train articles fell from 71 s to 55 s.
:func:`one_blas_thread` limits it for the duration of a ``with`` block and restores the
previous setting after, so a notebook's own NumPy work is left as it was.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache


@cache
def _controller():  # -> threadpoolctl.ThreadpoolController
    """The BLAS thread pools of NumPy and SciPy (each ships its own OpenBLAS); found once (finding them is slow).

    Both are imported first: the per-article stages use both, and a library loaded after the
    controller looked would be left unlimited.
    """
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager:
    """A context manager that runs its block with NumPy's and SciPy's BLAS on one thread, restoring them after."""
    return _controller().limit(limits=1, user_api="blas")
