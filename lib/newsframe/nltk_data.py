"""Offline NLTK data: the VADER lexicon provisioned from the installed ``vaderSentiment`` wheel.

newsframe never fetches NLTK data over the network.  NLTK's VADER looks for
``sentiment/vader_lexicon.zip/vader_lexicon/vader_lexicon.txt`` on ``nltk.data.path``;
the ``vaderSentiment`` package ships the same lexicon as a plain text file.
:func:`ensure_nltk_data` copies it into a project-local NLTK data folder
(``<project>/.nltk_data``) as the zip NLTK expects, and puts that folder on NLTK's
search path.  It is idempotent and cheap after the first call, and ``make`` runs it
once at set-up (``python -m newsframe setup``) so notebooks start with the data in place.

Sentence splitting does not need NLTK data at all (see :mod:`newsframe.segment`).
"""

from __future__ import annotations

import io
import zipfile
from importlib import resources
from pathlib import Path

from newsframe.outputs import write_atomic
from newsframe.paths import NLTK_DATA_DIR

_ZIP_ENTRY = "vader_lexicon/vader_lexicon.txt"
_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _vader_lexicon_bytes() -> bytes:
    """The lexicon as shipped inside the installed ``vaderSentiment`` package."""
    return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()


def _vader_zip(payload: bytes) -> bytes:
    """The zip NLTK expects, holding ``payload`` with a fixed timestamp, so it is the same bytes on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(_ZIP_ENTRY, date_time=_FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, payload)
    return buffer.getvalue()


def ensure_nltk_data(data_dir: Path = NLTK_DATA_DIR) -> Path:
    """Make the VADER lexicon loadable by NLTK without any download; return the data folder.

    The folder is added to the front of ``nltk.data.path`` (NLTK's own, process-wide
    search list: the one piece of state NLTK offers for this).
    """
    import nltk

    target = data_dir / "sentiment" / "vader_lexicon.zip"
    payload = _vader_lexicon_bytes()
    if not target.is_file() or _zip_payload(target) != payload:
        write_atomic(target, _vader_zip(payload))
    folder = str(data_dir)
    if folder not in nltk.data.path:
        nltk.data.path.insert(0, folder)
    return data_dir


def _zip_payload(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(_ZIP_ENTRY)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
