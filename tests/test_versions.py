"""The one package_versions (newsframe.versions) and the VADER zip written through outputs.write_atomic."""

from __future__ import annotations

import zipfile
from importlib import metadata
from pathlib import Path

from newsframe.memo import SCORING_PACKAGES, scoring_versions
from newsframe.nltk_data import ensure_nltk_data
from newsframe.reports import reported_versions
from newsframe.versions import package_versions


def test_package_versions_gives_none_for_a_package_that_is_not_installed() -> None:
    versions = package_versions(["pandas", "newsframe-no-such-distribution"])
    assert versions == [("pandas", metadata.version("pandas")), ("newsframe-no-such-distribution", None)]


def test_the_cache_key_and_the_index_read_the_same_versions() -> None:
    assert scoring_versions().split(";")[0] == f"{SCORING_PACKAGES[0]}=={metadata.version(SCORING_PACKAGES[0])}"
    listed = dict(reported_versions(["pandas", "newsframe-no-such-distribution"]))
    assert (
        listed["pandas"] == metadata.version("pandas") and listed["newsframe-no-such-distribution"] == "not installed"
    )
    assert "Python" in listed


def test_the_vader_zip_is_written_once_readable_and_byte_identical_on_rewrite(tmp_path: Path, monkeypatch) -> None:
    import nltk

    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))  # ensure_nltk_data puts tmp_path in front
    ensure_nltk_data(tmp_path)
    target = tmp_path / "sentiment" / "vader_lexicon.zip"
    first = target.read_bytes()
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["vader_lexicon/vader_lexicon.txt"]
    target.write_bytes(b"damaged")
    ensure_nltk_data(tmp_path)
    assert target.read_bytes() == first
    assert [path.name for path in target.parent.iterdir()] == ["vader_lexicon.zip"], "no temporary file left behind"
