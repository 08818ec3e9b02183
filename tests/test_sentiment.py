"""Sentence sentiment on the real seeds: reference columns unaltered, `sentiment` sensible, validation wired."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob

from newsframe.paths import PROJECT_ROOT
from newsframe.sentiment import (
    Blend,
    NGRAM_TOKEN_PATTERN,
    SCORE_COLUMNS,
    article_sentiment,
    blend_constants,
    exclude_sentences,
    inflections,
    join_phrases,
    load_ngram_model,
    method_agreement,
    news_lexicon,
    news_lexicon_entries,
    ngram_model,
    ngram_model_scores,
    reference_vader,
    score_sentences,
    score_texts,
    three_class,
    validate,
)

DEV_TSV = PROJECT_ROOT.parent / "shared" / "eval" / "sentiment" / "nyt-editorials" / "dev.tsv"


@pytest.fixture(scope="module")
def scored(seed_sentences: pd.DataFrame) -> pd.DataFrame:
    return score_sentences(seed_sentences)


def _row(scored: pd.DataFrame, fragment: str) -> pd.Series:
    hits = scored[scored["text"].str.contains(fragment, regex=False) & ~scored["is_faq"]]
    assert len(hits) == 1, f"expected one body sentence containing {fragment!r}, found {len(hits)}"
    return hits.iloc[0]


def test_columns_added_and_rows_kept(seed_sentences: pd.DataFrame, scored: pd.DataFrame) -> None:
    assert list(scored.columns) == [*seed_sentences.columns, *SCORE_COLUMNS]
    assert scored.index.equals(seed_sentences.index)
    assert scored["sentiment"].between(-1, 1).all()


def test_stoltenberg_threat_sentence_is_negative(scored: pd.DataFrame) -> None:
    row = _row(scored, "a significant threat to global stability")
    assert row["sentiment"] < -0.05


def test_xi_mutual_trust_quote_is_positive(scored: pd.DataFrame) -> None:
    row = _row(scored, "Our partnership is rooted in mutual trust")
    assert row["sentiment"] > 0.05


def test_vader_columns_equal_nltk_reference(scored: pd.DataFrame) -> None:
    analyzer = reference_vader()
    expected = pd.DataFrame([analyzer.polarity_scores(text) for text in scored["text"]])
    for ours, theirs in [("vader_compound", "compound"), ("vader_pos", "pos"), ("vader_neu", "neu"), ("vader_neg", "neg")]:
        np.testing.assert_allclose(scored[ours].to_numpy(), expected[theirs].to_numpy(), rtol=0, atol=1e-9)


def test_textblob_columns_equal_textblob_reference(scored: pd.DataFrame) -> None:
    expected = np.array([tuple(TextBlob(text).sentiment) for text in scored["text"]])
    np.testing.assert_allclose(scored[["textblob_polarity", "textblob_subjectivity"]].to_numpy(), expected, rtol=0, atol=1e-9)


def test_score_texts_keeps_order_and_handles_empty_strings() -> None:
    texts = ["This is a wonderful, friendly agreement.", "", "The invasion was a brutal disaster.", "   "]
    table = score_texts(texts)
    assert list(table["text"]) == texts
    assert table.loc[0, "sentiment"] > 0 > table.loc[2, "sentiment"]
    assert (table.loc[[1, 3], SCORE_COLUMNS] == 0).all().all()
    assert score_texts([]).empty


def test_negation_and_news_lexicon_change_sentiment_not_vader() -> None:
    table = score_texts(["There were no problems.", "Washington announced new sanctions."])
    assert table.loc[0, "vader_compound"] < 0 < table.loc[0, "sentiment"]
    assert table.loc[1, "vader_compound"] == 0 and table.loc[1, "sentiment"] < 0


def test_news_lexicon_entries_carry_reasons_and_cover_inflections() -> None:
    entries = news_lexicon_entries()
    assert entries["reason"].str.len().gt(20).all()
    lexicon = news_lexicon()
    assert lexicon["sanctions"] == lexicon["sanction"] < 0
    assert lexicon["interests"] == 0.0
    assert "loveliest" in inflections("lovely") and "tyrannies" in inflections("tyranny")
    assert lexicon["loveliest"] == lexicon["lovely"] > 0


def test_blend_constants_are_few_and_in_range() -> None:
    blend = blend_constants()
    assert isinstance(blend, Blend)
    assert blend.negativity_weight >= 1 and blend.squash_alpha > 0 and 0 <= blend.textblob_weight <= 0.6
    assert 0 < blend.ngram_weight <= 0.5


def _write_model(path, vocabulary, idf, coef, ngram_range=(1, 2)):
    path.write_text(json.dumps({"token_pattern": NGRAM_TOKEN_PATTERN, "ngram_range": list(ngram_range),
                                "vocabulary": vocabulary, "idf": idf, "coef": coef}), encoding="utf-8")
    return load_ngram_model(path)


def test_ngram_model_scores_are_normalised_tfidf_dot_coefficients(tmp_path) -> None:
    model = _write_model(tmp_path / "m.json", ["bad", "good", "very good"], [1.0, 2.0, 3.0], [-1.0, 0.5, 0.1])
    # "Good, very good!": good twice (tf-idf 4), "very good" once (3); norm 5; (4*0.5 + 3*0.1) / 5
    scores = ngram_model_scores(["Good, very good!", "bad BAD good", "", "nothing known here"], model=model)
    np.testing.assert_allclose(scores, [0.46, (-2.0 + 1.0) / np.sqrt(8.0), 0.0, 0.0], atol=1e-12)


def test_ngram_model_scores_reproduce_scikit_learn(tmp_path) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import Ridge

    train = ["A good deal, a very good deal.", "A bad, bad war.", "Talks went well.", "The talks failed badly.",
             "Good news on trade.", "Sanctions hurt trade."]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), token_pattern=NGRAM_TOKEN_PATTERN)
    ridge = Ridge(alpha=0.5).fit(vectorizer.fit_transform(train), [1, -1, 1, -1, 0.5, -0.5])
    model = _write_model(tmp_path / "m.json", list(vectorizer.get_feature_names_out()), list(vectorizer.idf_),
                         list(ridge.coef_))
    texts = ["The deal is good, talks went well.", "Trade war: sanctions failed.", "Unrelated words only."]
    expected = np.clip(vectorizer.transform(texts) @ ridge.coef_, -1, 1)
    np.testing.assert_allclose(ngram_model_scores(texts, model=model), expected, atol=1e-12)


def test_committed_ngram_model_leaves_out_names_and_reads_tone() -> None:
    model = ngram_model()
    assert {"trump", "putin", "china", "russia", "america"}.isdisjoint(model.vocabulary)
    assert {"accused", "praised", "support"} <= set(model.vocabulary)
    scores = ngram_model_scores(["The senator was accused of misconduct and resigned after the allegations.",
                                 "Officials praised the work and thanked the team for its support.", "Qwertz zzyzx."])
    assert scores[0] < -0.3 and scores[1] > 0.3 and scores[2] == 0.0
    assert ngram_model_scores(["Putin met Xi."]) == ngram_model_scores(["Biden met Macron."])


def test_ngram_weight_moves_sentiment_towards_the_ngram_score() -> None:
    text = "The senator was accused of misconduct and resigned after the allegations."
    blend = blend_constants()
    with_ngram = score_texts([text])["sentiment"].iloc[0]
    without = score_texts([text], blend=dataclasses.replace(blend, ngram_weight=0.0))["sentiment"].iloc[0]
    ngram = ngram_model_scores([text])[0]
    assert with_ngram == pytest.approx((1 - blend.ngram_weight) * without + blend.ngram_weight * ngram, abs=1e-12)
    assert with_ngram < without < 0


def test_broken_ngram_model_file_says_how_to_regenerate(tmp_path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"vocabulary": ["a"], "idf": [1.0]}', encoding="utf-8")
    with pytest.raises(ValueError, match="train_sentiment.py"):
        load_ngram_model(path)
    with pytest.raises(ValueError, match="one entry per distinct n-gram"):
        _write_model(tmp_path / "n.json", ["good", "bad"], [1.0], [0.5, -0.5])


def test_three_class_cut() -> None:
    assert list(three_class(np.array([-0.2, -0.05, 0.0, 0.05, 0.06]))) == [-1, 0, 0, 0, 1]


@pytest.mark.skipif(not DEV_TSV.is_file(), reason=f"{DEV_TSV} not available (human-rated NYT editorial sentences)")
def test_validate_sentiment_beats_vader_on_dev() -> None:
    table = validate(DEV_TSV).set_index("method")
    assert list(table.index) == ["vader_compound", "textblob_polarity", "sentiment"]
    assert table.loc["vader_compound", "pearson_r"] == pytest.approx(0.495, abs=0.01)
    assert table.loc["sentiment", "pearson_r"] > table.loc["vader_compound", "pearson_r"] + 0.05
    assert table.loc["sentiment", "pearson_r"] >= 0.60
    assert table.loc["sentiment", "macro_f1"] >= table.loc["vader_compound", "macro_f1"]


def test_validate_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        validate(tmp_path / "missing.tsv")


def test_cold_war_is_a_period_name_not_a_war() -> None:
    assert join_phrases("During the Cold\nWar, allies.") == "During the Cold-War, allies."
    table = score_texts(["During the Cold War, China and the Soviet Union were nominally allies.",
                         "The war in Ukraine continues."])
    assert table.loc[0, "vader_compound"] < -0.5 and table.loc[0, "textblob_polarity"] < -0.5
    assert abs(table.loc[0, "sentiment"]) < 0.15
    assert table.loc[1, "sentiment"] < -0.3


def test_exclude_sentences_drops_faq_and_listed_sections(seed_sentences: pd.DataFrame) -> None:
    body = exclude_sentences(seed_sentences)
    assert len(body) == len(seed_sentences) - seed_sentences["is_faq"].sum()
    assert not body["text"].str.contains("How much trade do China and Russia aim to achieve").any()
    by_section = exclude_sentences(seed_sentences, exclude_sections=["key elements of the partnership"], exclude_faq=False)
    assert len(by_section) == len(seed_sentences) - (seed_sentences["section"] == "Key Elements of the Partnership").sum()


def test_article_sentiment_and_method_agreement(scored: pd.DataFrame) -> None:
    per_article = article_sentiment(scored)
    assert list(per_article["doc_id"]) == sorted(scored["doc_id"].unique())
    assert per_article["sentences"].sum() == len(scored)
    assert ((per_article["q25"] <= per_article["median"]) & (per_article["median"] <= per_article["q75"])).all()
    agreement_table = method_agreement(scored).set_index(["method_a", "method_b"])
    assert agreement_table.loc[("vader_compound", "sentiment"), "pearson_r"] > agreement_table.loc[("vader_compound", "textblob_polarity"), "pearson_r"]
    assert article_sentiment(scored.iloc[:0]).empty
    unscored = scored.assign(sentiment=scored["sentiment"].where(scored["doc_id"] != per_article["doc_id"].iloc[0]))
    assert list(article_sentiment(unscored)["doc_id"]) == list(per_article["doc_id"].iloc[1:])
    assert method_agreement(scored.iloc[:2])["pearson_r"].isna().all()
