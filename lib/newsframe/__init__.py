"""newsframe: loading, cleaning and analysing news coverage of the China-Russia partnership.

The notebooks in ``notebooks/`` call these modules and narrate; every table they show
is built here and tested in ``tests/``.
"""

from __future__ import annotations

from newsframe.errors import CorpusError, NewsframeError, OutputError, ParameterError

__version__ = "0.1.0"

__all__ = ["CorpusError", "NewsframeError", "OutputError", "ParameterError", "__version__"]
