"""Near duplicates: MinHash over word 5-shingles with LSH banding, deterministic and streamable."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from newsframe.dedup import NearDuplicateIndex, choose_bands, flag_near_duplicates, minhash_signature, shingle_hashes

from tests.conftest import article


def _edit_every(text: str, step: int) -> str:
    words = text.split(" ")
    return " ".join("EDITED" if i % step == step // 2 else word for i, word in enumerate(words))


def _with_variants(seed_articles: pd.DataFrame) -> pd.DataFrame:
    base = article(seed_articles, "003")["clean_text"]
    extra = pd.DataFrame(
        {
            "doc_id": ["copy", "edited", "half", "empty"],
            "clean_text": [base, "A new headline\n\n" + _edit_every(base, 60), base[: len(base) // 2], "   "],
        }
    )
    return pd.concat([seed_articles[["doc_id", "clean_text"]], extra], ignore_index=True)


def test_seeds_are_not_near_duplicates_of_each_other(seed_articles: pd.DataFrame) -> None:
    flagged = flag_near_duplicates(seed_articles)
    assert flagged["near_duplicate_of"].tolist() == [""] * 5
    assert (flagged["near_duplicate_similarity"] == 0.0).all()
    assert list(flagged.columns) == [*seed_articles.columns, "near_duplicate_of", "near_duplicate_similarity"]


def test_copies_and_light_edits_are_flagged_a_half_article_is_not(seed_articles: pd.DataFrame) -> None:
    flagged = flag_near_duplicates(_with_variants(seed_articles)).set_index("doc_id")
    first = article(seed_articles, "003")["doc_id"]
    assert flagged.loc["copy", "near_duplicate_of"] == first
    assert flagged.loc["copy", "near_duplicate_similarity"] == 1.0
    assert flagged.loc["edited", "near_duplicate_of"] == first
    assert 0.8 <= flagged.loc["edited", "near_duplicate_similarity"] < 1.0
    assert flagged.loc["half", "near_duplicate_of"] == ""
    assert flagged.loc["empty", "near_duplicate_of"] == ""


def test_similarity_estimate_tracks_true_jaccard(seed_articles: pd.DataFrame) -> None:
    base = article(seed_articles, "001")["clean_text"]
    index = NearDuplicateIndex()
    for step in (100, 40, 20, 10):
        variant = _edit_every(base, step)
        a, b = set(shingle_hashes(base).tolist()), set(shingle_hashes(variant).tolist())
        true = len(a & b) / len(a | b)
        estimate = (
            minhash_signature(shingle_hashes(base), index.a, index.b)
            == minhash_signature(shingle_hashes(variant), index.a, index.b)
        ).mean()
        assert abs(estimate - true) < 0.1, (step, true, estimate)


def test_streamed_chunks_with_one_index_match_a_single_pass(seed_articles: pd.DataFrame) -> None:
    corpus = _with_variants(seed_articles)
    whole = flag_near_duplicates(corpus)
    index = NearDuplicateIndex(threshold=0.8)
    streamed = pd.concat([flag_near_duplicates(corpus.iloc[i : i + 3], index=index) for i in range(0, len(corpus), 3)])
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), streamed.reset_index(drop=True))


def test_signatures_do_not_depend_on_the_process_hash_seed() -> None:
    text = "Russia and China signed a joint statement on deepening their partnership in Beijing on Thursday."
    index = NearDuplicateIndex()
    here = minhash_signature(shingle_hashes(text), index.a, index.b)
    code = (
        "from newsframe.dedup import NearDuplicateIndex, minhash_signature, shingle_hashes;"
        f"i = NearDuplicateIndex(); print(minhash_signature(shingle_hashes({text!r}), i.a, i.b).tolist())"
    )
    other_seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONHASHSEED": other_seed},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == str(here.tolist())


def test_band_choice_favours_recall_at_the_threshold() -> None:
    bands, rows = choose_bands(0.8, 128)
    assert (bands, rows) == (17, 7)
    assert 1 - (1 - 0.8**rows) ** bands >= 0.95
    assert 1 - (1 - 0.4**rows) ** bands < 0.05
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(threshold=0.0)


def test_work_stays_linear_with_many_articles_and_many_copies() -> None:
    one_liners = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(5_000)],
            "raw_text": [f"Story number {i} about the summit talks." for i in range(5_000)],
        }
    )
    copies = pd.DataFrame(
        {
            "doc_id": [f"c{i}" for i in range(2_000)],
            "raw_text": ["The same wire story, reprinted by every outlet that week."] * 2_000,
        }
    )
    flagged = flag_near_duplicates(one_liners)
    repeated = flag_near_duplicates(copies)
    assert (flagged["near_duplicate_of"] == "").all()
    assert repeated["near_duplicate_of"].tolist() == [""] + ["c0"] * 1_999


def test_minhash_handles_a_text_longer_than_one_block() -> None:
    words = np.random.default_rng(0).integers(0, 50_000, size=20_000)
    text = " ".join(f"w{w}" for w in words)
    index = NearDuplicateIndex()
    assert len(shingle_hashes(text)) > 10_000
    assert index.add("long", text) == ("", 0.0)
    assert index.add("again", text) == ("long", 1.0)
