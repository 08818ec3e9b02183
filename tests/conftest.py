"""Shared fixtures: the seed corpus loaded, cleaned and split once per test session."""

from __future__ import annotations

import pandas as pd
import pytest
from newsframe.clean import clean_articles
from newsframe.corpus import load_corpus
from newsframe.paths import SEEDS_DIR
from newsframe.segment import split_sentences


@pytest.fixture(scope="session")
def seed_raw() -> pd.DataFrame:
    return load_corpus(SEEDS_DIR)


@pytest.fixture(scope="session")
def seed_cleaned(seed_raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return clean_articles(seed_raw)


@pytest.fixture(scope="session")
def seed_articles(seed_cleaned: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return seed_cleaned[0]


@pytest.fixture(scope="session")
def seed_log(seed_cleaned: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return seed_cleaned[1]


@pytest.fixture(scope="session")
def seed_sentences(seed_articles: pd.DataFrame) -> pd.DataFrame:
    return split_sentences(seed_articles)


def article(articles: pd.DataFrame, prefix: str) -> pd.Series:
    """The one article whose doc_id starts with ``prefix`` ("002")."""
    match = articles[articles["doc_id"].str.startswith(prefix)]
    assert len(match) == 1, f"expected one article starting {prefix}"
    return match.iloc[0]
