"""Sentence sentiment on the real seeds: reference columns unaltered, `sentiment` sensible, validation wired."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsframe.paths import PROJECT_ROOT
from newsframe.sentiment import (
    NGRAM_TOKEN_PATTERN,
    SCORE_COLUMNS,
    Blend,
    _best_blend,
    article_sentiment,
    blend_constants,
    blend_polarity,
    combine,
    editorial_groups,
    embedding_lexicon,
    embedding_scores,
    exclude_sentences,
    fast_textblob,
    fast_vader,
    fit_blend,
    inflections,
    join_phrases,
    load_embedding_lexicon,
    load_ngram_model,
    method_agreement,
    news_lexicon,
    news_lexicon_entries,
    news_valence_analyzer,
    ngram_model,
    ngram_model_scores,
    piece_lexicon_scores,
    rated_word_lexicon,
    rated_word_scores,
    read_rated_sentences,
    reference_scores,
    reference_vader,
    score_sentences,
    score_texts,
    three_class,
    token_valences,
    valence_sums,
    validate,
    word_piece_tokenizer,
    word_pieces,
)
from textblob import TextBlob

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
    for ours, theirs in [
        ("vader_compound", "compound"),
        ("vader_pos", "pos"),
        ("vader_neu", "neu"),
        ("vader_neg", "neg"),
    ]:
        np.testing.assert_allclose(scored[ours].to_numpy(), expected[theirs].to_numpy(), rtol=0, atol=1e-9)


def test_textblob_columns_equal_textblob_reference(scored: pd.DataFrame) -> None:
    expected = np.array([tuple(TextBlob(text).sentiment) for text in scored["text"]])
    np.testing.assert_allclose(
        scored[["textblob_polarity", "textblob_subjectivity"]].to_numpy(), expected, rtol=0, atol=1e-9
    )


def test_score_texts_keeps_order_and_handles_empty_strings() -> None:
    texts = ["This is a wonderful, friendly agreement.", "", "The invasion was a brutal disaster.", "   "]
    table = score_texts(texts)
    assert list(table["text"]) == texts
    assert table.loc[0, "sentiment"] > 0 > table.loc[2, "sentiment"]
    assert (table.loc[[1, 3], SCORE_COLUMNS] == 0).all().all()
    assert score_texts([]).empty


def test_negation_and_news_lexicon_change_sentiment_not_vader() -> None:
    table = score_texts(["There were no problems.", "Washington announced new sanctions."])
    # VADER 3.3.2's rules read "no problems" as not negative, and the word-piece lexicon counts a piece in a
    # negation's scope negated ("problems" after "no"), so the full blend agrees
    assert table.loc[0, "vader_compound"] < 0 < table.loc[0, "sentiment"]
    assert embedding_scores(["There were no problems."])[0] > 0 > embedding_scores(["There were problems."])[0]
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
    assert 0 < blend.ngram_weight <= 0.5 and 0 <= blend.embedding_weight <= 0.7 and 0 <= blend.rated_word_weight <= 0.5
    assert blend.ngram_weight + blend.embedding_weight + blend.rated_word_weight <= 1


def _write_model(path, vocabulary, idf, coef, ngram_range=(1, 2)):
    path.write_text(
        json.dumps(
            {
                "token_pattern": NGRAM_TOKEN_PATTERN,
                "ngram_range": list(ngram_range),
                "vocabulary": vocabulary,
                "idf": idf,
                "coef": coef,
            }
        ),
        encoding="utf-8",
    )
    return load_ngram_model(path)


def test_ngram_model_scores_are_normalised_tfidf_dot_coefficients(tmp_path) -> None:
    model = _write_model(tmp_path / "m.json", ["bad", "good", "very good"], [1.0, 2.0, 3.0], [-1.0, 0.5, 0.1])
    # "Good, very good!": good twice (tf-idf 4), "very good" once (3); norm 5; (4*0.5 + 3*0.1) / 5
    scores = ngram_model_scores(["Good, very good!", "bad BAD good", "", "nothing known here"], model=model)
    np.testing.assert_allclose(scores, [0.46, (-2.0 + 1.0) / np.sqrt(8.0), 0.0, 0.0], atol=1e-12)


def test_ngram_model_scores_reproduce_scikit_learn(tmp_path) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import Ridge

    train = [
        "A good deal, a very good deal.",
        "A bad, bad war.",
        "Talks went well.",
        "The talks failed badly.",
        "Good news on trade.",
        "Sanctions hurt trade.",
    ]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), token_pattern=NGRAM_TOKEN_PATTERN)
    ridge = Ridge(alpha=0.5).fit(vectorizer.fit_transform(train), [1, -1, 1, -1, 0.5, -0.5])
    model = _write_model(
        tmp_path / "m.json", list(vectorizer.get_feature_names_out()), list(vectorizer.idf_), list(ridge.coef_)
    )
    texts = ["The deal is good, talks went well.", "Trade war: sanctions failed.", "Unrelated words only."]
    expected = np.clip(vectorizer.transform(texts) @ ridge.coef_, -1, 1)
    np.testing.assert_allclose(ngram_model_scores(texts, model=model), expected, atol=1e-12)


def test_committed_ngram_model_leaves_out_names_and_reads_tone() -> None:
    model = ngram_model()
    assert {"trump", "putin", "china", "russia", "america"}.isdisjoint(model.vocabulary)
    assert {"accused", "praised", "support"} <= set(model.vocabulary)
    scores = ngram_model_scores(
        [
            "The senator was accused of misconduct and resigned after the allegations.",
            "Officials praised the work and thanked the team for its support.",
            "Qwertz zzyzx.",
        ]
    )
    assert scores[0] < -0.3 and scores[1] > 0.3 and scores[2] == 0.0
    assert ngram_model_scores(["Putin met Xi."]) == ngram_model_scores(["Biden met Macron."])


def test_ngram_and_embedding_weights_mix_their_scores_into_sentiment() -> None:
    text = "The senator was accused of misconduct and resigned after the allegations."
    blend = blend_constants()
    mixed = score_texts([text])["sentiment"].iloc[0]
    lexical = score_texts(
        [text], blend=dataclasses.replace(blend, ngram_weight=0.0, embedding_weight=0.0, rated_word_weight=0.0)
    )["sentiment"].iloc[0]
    ngram, embedding, rated = ngram_model_scores([text])[0], embedding_scores([text])[0], rated_word_scores([text])[0]
    expected = (
        (1 - blend.ngram_weight - blend.embedding_weight - blend.rated_word_weight) * lexical
        + blend.ngram_weight * ngram
        + blend.embedding_weight * embedding
        + blend.rated_word_weight * rated
    )
    assert mixed == pytest.approx(expected, abs=1e-12)
    assert ngram < 0 and embedding < 0 and rated < 0 and mixed < 0


def test_committed_rated_word_lexicon_reads_tone_of_unlisted_words_and_not_of_names() -> None:
    # none of these words is in a lexicon of the blend; the rated-word lexicon carries people's word
    # ratings to them through the pieces' vectors
    words = ["genocide", "extremists", "flourishing", "exemplary"]
    assert not set(words) & set(news_lexicon())
    neutral, *scores = rated_word_scores(["The meeting was held.", *(f"The {word}." for word in words)])
    assert scores[0] < neutral and scores[1] < neutral and scores[2] > neutral and scores[3] > neutral
    assert rated_word_scores([""])[0] == 0.0
    # pieces seen mostly capitalised in the training text (names) carry valence 0
    tokenizer = word_piece_tokenizer()
    valence = rated_word_lexicon().valence
    for name in ("trump", "putin", "obama"):
        assert valence[tokenizer.token_to_id(name)] == 0.0, name
    assert rated_word_scores(["Putin met Xi."]) == pytest.approx(rated_word_scores(["Biden met Macron."]), abs=0.05)
    # the same negation rule as the word-piece lexicon: "no problems" is not "problems"
    assert rated_word_scores(["There were no problems."])[0] > rated_word_scores(["There were problems."])[0]


def test_piece_lexicon_scores_score_each_lexicon_as_embedding_scores_does() -> None:
    texts = ["Not a good deal at all.", "The talks failed badly.", "", "Praise for the brave rescuers."]
    together = piece_lexicon_scores(texts, [embedding_lexicon(), rated_word_lexicon()])
    np.testing.assert_array_equal(together[0], embedding_scores(texts))
    np.testing.assert_array_equal(together[1], embedding_scores(texts, lexicon=rated_word_lexicon()))


def test_committed_embedding_lexicon_leaves_out_names_and_reads_tone() -> None:
    scores = embedding_scores(
        [
            "The senator was accused of misconduct and resigned in disgrace.",
            "Officials praised the work and thanked the team for its generous support.",
            "",
            "Putin met Xi.",
            "Biden met Macron.",
        ]
    )
    assert scores[0] < 0 < scores[1]
    assert scores[2] == 0.0
    tokenizer = word_piece_tokenizer()
    listed = embedding_lexicon().listed
    for name in ("trump", "putin", "obama"):
        assert not listed[tokenizer.token_to_id(name)], name
    assert listed[tokenizer.token_to_id("corruption")] and listed[tokenizer.token_to_id("praised")]


def test_embedding_scores_are_mean_valences_of_listed_pieces(tmp_path) -> None:
    tokenizer = word_piece_tokenizer()
    good, bad = tokenizer.token_to_id("good"), tokenizer.token_to_id("bad")
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"ids": [good, bad], "valence": [0.5, -2.0]}), encoding="utf-8")
    lexicon = load_embedding_lexicon(path)
    scores = embedding_scores(["good good bad the", "good and nothing else", "none listed", "bad"], lexicon=lexicon)
    np.testing.assert_allclose(scores, [(0.5 + 0.5 - 2.0) / 3, 0.5, 0.0, -1.0])  # -2.0 clipped to -1
    path.write_text(
        json.dumps({"ids": [good, bad], "valence": [0.5, -2.0], "intercept": 0.1, "negation_scale": -0.5}),
        encoding="utf-8",
    )
    negated = embedding_scores(
        ["not good", "good", "no, good", "never bad bad", "none listed"], lexicon=load_embedding_lexicon(path)
    )
    # "not good": good inside the scope of "not" counts -0.5 x 0.5; "no, good": the comma ends the scope;
    # "never bad bad": both pieces negated, 0.1 + 1.0 clipped to 1
    np.testing.assert_allclose(negated, [0.1 - 0.25, 0.6, 0.6, 1.0, 0.0])
    path.write_text(json.dumps({"ids": [good], "valence": [0.5, 1.0]}), encoding="utf-8")
    with pytest.raises(ValueError, match="train_sentiment_embedding.py"):
        load_embedding_lexicon(path)


def test_grouped_cross_validation_keeps_each_editorial_in_one_fold(tmp_path) -> None:
    rng = np.random.default_rng(1)
    words = ["good", "bad", "terrible", "wonderful", "war", "peace", "crisis", "success"]
    lines = []
    for editorial in range(1, 13):
        for sentence in range(1, 5):
            picked = rng.choice(words, size=4)
            lines.append(f"{editorial}_{sentence}\t{rng.uniform(-3, 3):.2f}\tThe {' and '.join(picked)} of it.")
    path = tmp_path / "rated.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    blend, folds, predictions = fit_blend(path, folds=4)
    assert len(folds) == 5 and folds["fold"].iloc[-1] == "pooled" and len(predictions) == 48
    rated = read_rated_sentences(path)
    groups = editorial_groups(rated["id"])
    assert len(set(groups)) == 12
    again = fit_blend(path, folds=4)
    np.testing.assert_array_equal(again[2], predictions)  # seeded: the same folds every time
    assert isinstance(blend, Blend)


def test_best_blend_matches_a_brute_force_grid_search() -> None:
    texts = [
        "A good and fair deal.",
        "Terrible war and crisis.",
        "Talks went on.",
        "A wonderful success at last.",
        "The bad sanctions failed.",
        "Peace is fragile but holding.",
        "No problem at all.",
        "Disaster struck.",
    ]
    human = np.array([0.5, -0.8, 0.0, 0.7, -0.4, 0.1, 0.2, -0.9])
    sums = valence_sums(texts)
    polarity = blend_polarity(texts, reference_scores(texts)["textblob_polarity"].to_numpy())
    ngram, embedding, rated = ngram_model_scores(texts), embedding_scores(texts), rated_word_scores(texts)
    blend, r = _best_blend(sums, polarity, ngram, embedding, rated, human)
    assert r == pytest.approx(
        float(np.corrcoef(combine(sums, polarity, ngram, embedding, rated, blend), human)[0, 1]), abs=1e-9
    )
    for other in (
        Blend(1.0, 1.0, 0.0, 0.0, 0.0, 0.0),
        Blend(2.5, 16.0, 0.6, 0.3, 0.7, 0.0),
        Blend(1.5, 0.25, 0.1, 0.5, 0.5, 0.0),
        Blend(2.0, 8.0, 0.2, 0.05, 0.1, 0.5),
    ):
        assert float(np.corrcoef(combine(sums, polarity, ngram, embedding, rated, other), human)[0, 1]) <= r + 1e-9


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
    assert list(table.index) == ["vader_compound", "textblob_polarity", "sentiment", "sentiment, grouped CV"]
    assert table.loc["vader_compound", "pearson_r"] == pytest.approx(0.495, abs=0.01)
    assert table.loc["sentiment", "pearson_r"] > table.loc["vader_compound", "pearson_r"] + 0.05
    cross_validated = table.loc["sentiment, grouped CV", "pearson_r"]
    assert cross_validated >= 0.62  # issue 16: the honest figure, every constant re-fitted per fold
    assert table.loc["sentiment", "pearson_r"] - cross_validated <= 0.02  # few constants fitted on the rated file
    # the constants maximise r, not the ±0.05 three-class cut: macro-F1 stays within 0.02 of VADER's
    assert table.loc["sentiment", "macro_f1"] >= table.loc["vader_compound", "macro_f1"] - 0.02


def test_validate_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        validate(tmp_path / "missing.tsv")


def test_cold_war_is_a_period_name_not_a_war() -> None:
    assert join_phrases("During the Cold\nWar, allies.") == "During the Cold-War, allies."
    table = score_texts(
        ["During the Cold War, China and the Soviet Union were nominally allies.", "The war in Ukraine continues."]
    )
    assert table.loc[0, "vader_compound"] < -0.5 and table.loc[0, "textblob_polarity"] < -0.5
    assert abs(table.loc[0, "sentiment"]) < 0.15
    assert table.loc[1, "sentiment"] < -0.1 and table.loc[1, "sentiment"] < table.loc[0, "sentiment"] - 0.1


def test_exclude_sentences_drops_faq_and_listed_sections(seed_sentences: pd.DataFrame) -> None:
    body = exclude_sentences(seed_sentences)
    assert len(body) == len(seed_sentences) - seed_sentences["is_faq"].sum()
    assert not body["text"].str.contains("How much trade do China and Russia aim to achieve").any()
    by_section = exclude_sentences(
        seed_sentences, exclude_sections=["key elements of the partnership"], exclude_faq=False
    )
    assert (
        len(by_section) == len(seed_sentences) - (seed_sentences["section"] == "Key Elements of the Partnership").sum()
    )


def test_article_sentiment_and_method_agreement(scored: pd.DataFrame) -> None:
    per_article = article_sentiment(scored)
    assert list(per_article["doc_id"]) == sorted(scored["doc_id"].unique())
    assert per_article["sentences"].sum() == len(scored)
    assert ((per_article["q25"] <= per_article["median"]) & (per_article["median"] <= per_article["q75"])).all()
    agreement_table = method_agreement(scored).set_index(["method_a", "method_b"])
    assert (
        agreement_table.loc[("vader_compound", "sentiment"), "pearson_r"]
        > agreement_table.loc[("vader_compound", "textblob_polarity"), "pearson_r"]
    )
    assert article_sentiment(scored.iloc[:0]).empty
    unscored = scored.assign(sentiment=scored["sentiment"].where(scored["doc_id"] != per_article["doc_id"].iloc[0]))
    assert list(article_sentiment(unscored)["doc_id"]) == list(per_article["doc_id"].iloc[1:])
    assert method_agreement(scored.iloc[:2])["pearson_r"].isna().all()


# Words and marks that exercise every rule of VADER and of TextBlob's pattern scorer: lexicon words of
# both signs, negations (also "n't" and "no"), "but", boosters and dampeners ("kind of", "sort of"),
# "least", "never so", idioms ("kiss of death", "the bomb"), ALL-CAPS, emoticons (also spaced), "!"/"?"
# runs, the sarcasm mark, quotes and apostrophes, abbreviations, a paragraph break, and an emoji.
_TRICKY_WORDS = [
    "good",
    "bad",
    "great",
    "terrible",
    "love",
    "hate",
    "war",
    "peace",
    "threat",
    "trust",
    "problems",
    "sanctions",
    "not",
    "no",
    "never",
    "isn't",
    "don't",
    "without",
    "nor",
    "cannot",
    "least",
    "at",
    "very",
    "kind",
    "of",
    "sort",
    "kinda",
    "so",
    "this",
    "but",
    "BUT",
    "GOOD",
    "BAD",
    "VERY",
    "Good",
    "NOT",
    "the",
    "bomb",
    "kiss",
    "death",
    "yeah",
    "right",
    "bad",
    "ass",
    "cut",
    "mustard",
    "hardly",
    "extremely",
    "somewhat",
    "really",
    "just",
    "enough",
    "doubt",
    "badass",
    "U.S.",
    "Mr.",
    "etc.",
    "it's",
    "I'm",
    "they'd",
    "we'll",
    "'good'",
    '"bad"',
    "“great”",
    "good,",
    "bad.",
    "!bad",
    "good!",
    "bad!!",
    "great?",
    "??",
    "!?!",
    "...",
    "-",
    "--",
    ":)",
    ":(",
    ":-D",
    ";)",
    "XD",
    ": )",
    "(!)",
    "( ! )",
    "<3",
    "8)",
    "(",
    ")",
    "really!",
    "lol",
    "sux",
    "\n\n",
    "😁",
    "💘",
    "no-one",
    "Cold-War",
]


def _assert_fast_scorers_equal_references(text: str) -> None:
    """The fast VADER, TextBlob and token-valence scorers give the reference implementations' scores for ``text``."""
    from textblob.en.sentiments import PatternAnalyzer

    expected = reference_vader().polarity_scores(text)
    assert fast_vader().polarity_scores(text) == (
        expected["compound"],
        expected["pos"],
        expected["neu"],
        expected["neg"],
    ), text
    assert fast_textblob().scores(text) == tuple(PatternAnalyzer().analyze(text)), text
    assert token_valences(text) == news_valence_analyzer().polarity_scores(text), text


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    words=st.lists(st.sampled_from(_TRICKY_WORDS), max_size=24),
    spaces=st.lists(
        st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\x1c", "\u2028", "\r\n"]), min_size=24, max_size=24
    ),
)
def test_fast_scorers_equal_the_reference_implementations(words: list[str], spaces: list[str]) -> None:
    text = "".join(word + space for word, space in zip(words, spaces)).rstrip(" ")
    _assert_fast_scorers_equal_references(text)
    if word_pieces().can_split(text):
        assert word_pieces().text_ids([text.split()]) == [
            word_piece_tokenizer().encode(text, add_special_tokens=False).ids
        ]


def test_fast_scorers_on_hand_picked_tricky_sentences() -> None:
    texts = [
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "At least it isn't a horrible book.",
        "The book was only kind of good.",
        "Today SUX!",
        "Make sure you :) or :D today!",
        "Not bad at all",
        "Sentiment analysis has never been this good!",
        "Without a doubt, an excellent idea.",
        "It was the kiss of death for the deal!!!",
        "never so good",
        "It was never so very bad.",
        "I am at least happy",
        "the very least good",
        "no problems or worries",
        "Good good good bad bad good.",
        "see page 8 ) now",
        "Type X D batteries",
        "Sure (!) it worked.",
        "First line.\n\nSecond line is great.",
        "“It’s ‘not’ good,” he said.",
        "Catch utf-8 emoji such as 💘 and 😁",
    ]
    for text in texts:
        _assert_fast_scorers_equal_references(text)
    # the quirks are NLTK's and kept: a repeated word takes its first occurrence's context
    assert (
        fast_vader().polarity_scores("not good and good")[0]
        == reference_vader().polarity_scores("not good and good")["compound"]
    )


def test_word_pieces_by_word_equal_whole_text_encoding() -> None:
    tokenizer = word_piece_tokenizer()
    texts = [
        "Sanctions hurt; trade didn't.",
        "Café naïve 北京 résumé",
        "x" * 300,
        " ".join(["word"] * 200),
        "tab\tand  spaces",
        "",
        "U.S.-China talks (2016) ended?!",
    ]
    by_word = word_pieces().text_ids([text.split() for text in texts])
    assert by_word == [tokenizer.encode(text, add_special_tokens=False).ids for text in texts]
    assert len(by_word[3]) == 128  # truncated as the model truncates
    assert not word_pieces().can_split("odd\x85space") and not word_pieces().can_split("ascii\x1cseparator")
    assert word_pieces().can_split("plain text\twith\r\nbreaks")
