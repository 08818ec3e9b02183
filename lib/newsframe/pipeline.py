"""One streaming pipeline from a corpus to every tidy table the notebooks use.

:func:`analyze` reads the corpus in chunks of articles, runs the per-article stages on each
chunk (clean, split, sentiment, frames, actors, quotes, timexes, timeline, claims), writes
each chunk's tables to Parquet as soon as they are ready, and then runs the steps that need
the whole corpus (near-duplicate flags, merging events across articles).  Peak memory
therefore grows with ``chunk_size``, not with the corpus.

The chunks are independent, so they can run

* in this process (``workers=1``),
* in ``workers`` local processes (``workers=2`` on a laptop), or
* on a ``dask.distributed`` cluster (``engine="dask"``: pass a ``Client`` connected to your
  scheduler, or let a local cluster be started),

and the tables are byte-identical whichever is used: chunk results are reassembled in
corpus order.  Workers that share this machine's files (local processes, a Dask cluster
started here) write their chunk's tables themselves and return only the articles, with
their near-duplicate signatures; the calling process reads the corpus, flags near
duplicates in corpus order and writes the articles, and the corpus steps run on a worker,
so the serial share of a run stays small.  Local workers are forked from a fork server that
has imported the stages once (:func:`_worker_context`).

Results are cached under ``cache_dir`` (default ``outputs/cache``) in a folder named by a hash
of the corpus files' content and of the library's own code and data, so the four notebooks of
one ``make run`` compute the corpus once, and a changed article or library invalidates it.
A cache folder is built under a temporary name and renamed when complete, so an interrupted
run never leaves a half-written cache that a later run would trust.

Speed comes from not doing the same work twice, never from approximating it.  News copy
repeats sentences and paragraphs verbatim (wire stories, syndication, boilerplate), so the
stages memoise their pure per-text steps in each process, keyed by the exact text they read:
sentence scores (:mod:`newsframe.sentiment`), frame flags (:mod:`newsframe.frames`),
sentence splits of a paragraph (:mod:`newsframe.segment`), actor mentions of a run of lines
(:mod:`newsframe.actors`), speech cues of a sentence (:mod:`newsframe.quotes`), figures of a
sentence (:mod:`newsframe.claims`), event clauses and labels (:mod:`newsframe.timeline`),
language counts and near-duplicate shingles of a line (:mod:`newsframe.language`,
:mod:`newsframe.dedup`) and furniture checks of a line (:mod:`newsframe.clean`).  Each memo
is a bounded ``functools.lru_cache`` whose docstring says why its key determines its value;
within a chunk, each distinct sentence is scored once and its scores copied to every row
holding it.  Events are merged across articles on classes of mentions with the same label
and dates rather than on every pair (:func:`newsframe.timeline.assign_events`).
``benchmarks/bench_pipeline.py`` measures the result and checks that the VADER and TextBlob
columns equal the reference packages'.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

import pandas as pd

from newsframe.corpus import TEXT_SUFFIXES, iter_corpus
from newsframe.dedup import NearDuplicateIndex, flag_near_duplicates, near_duplicate_signatures
from newsframe.errors import NewsframeError
from newsframe.memo import library_fingerprint, update_with_file
from newsframe.paths import OUTPUTS_DIR, resolve_project_path
from newsframe.repetition import RepeatedLines, count_repeated_lines

CHUNK_TABLES = ("articles", "cleaning_log", "sentences", "quotes", "actors", "timexes", "timeline", "claims")
CORPUS_TABLES = ("events",)
TABLES = CHUNK_TABLES + CORPUS_TABLES
_JSON_COLUMNS = {"articles": ("blocks", "faq_spans")}
_COMPLETE = "COMPLETE"
PIPELINE_CHUNK_SIZE = 200
# Why worker processes fail to start when analyze is called from a script, and the fix.
_MAIN_GUARD_HINT = ('In a script, call analyze under `if __name__ == "__main__":` '
                    "(each worker process imports the script that started it)")
# What the fork server imports once for every local worker: the stages (see newsframe.worker_imports).
_WORKER_PRELOAD = "newsframe.worker_imports"


@dataclass
class Analysis:
    """The tidy tables of one corpus, one attribute per table, loaded from the cache on first use.

    ``articles``      one row per article: the corpus columns plus clean_text, language, near_duplicate_of.
    ``cleaning_log``  one row per removed or changed line (doc_id, line_no, text, reason).
    ``sentences``     one row per sentence: offsets, section, is_faq, sentiment scores, frame flags.
    ``quotes``        one row per attributed statement (direct, partial, scare or reported).
    ``actors``        one row per actor mention (doc_id, start, end, mention, name, camp, role).
    ``timexes``       one row per temporal expression (doc_id, anchor, start, end, text, type, value, mod).
    ``timeline``      one row per dated mention, with its interval, event clause, actors and frames.
    ``claims``        one row per numeric claim (money, percentages, counts).
    ``events``        the timeline's mentions merged across articles (event_id, sources).
    """

    path: Path
    fingerprint: str
    n_chunks: int
    from_cache: bool
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in TABLES:
            raise AttributeError(name)
        if name not in self._tables:
            self._tables[name] = read_table(self.path, name)
        return self._tables[name]


def corpus_content_hash(path: Path) -> str:
    """A hash of the bytes of a corpus (a folder's article files and manifest, or one export file)."""
    digest = hashlib.sha256()
    suffixes = (*TEXT_SUFFIXES, ".csv")
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes) if path.is_dir() else [path]
    for file in files:
        digest.update(file.name.encode() + b"\0")
        update_with_file(digest, file)
    return digest.hexdigest()


def analyze_chunk(raw: pd.DataFrame, repeated: RepeatedLines | None = None) -> dict[str, pd.DataFrame]:
    """Run every per-article stage on one chunk of articles; return its tables by name.

    ``repeated``: the corpus's recurring lines (:func:`newsframe.repetition.count_repeated_lines`);
    None counts them within the chunk.
    """
    from newsframe.claims import extract_claims
    from newsframe.clean import clean_articles
    from newsframe.frames import tag_frames
    from newsframe.language import detect_language
    from newsframe.quotes import extract_quotes
    from newsframe.segment import split_sentences
    from newsframe.sentiment import SCORE_COLUMNS, score_sentences
    from newsframe.timeline import build_timeline, extract_corpus_timexes

    articles, log = clean_articles(raw, repeated=repeated)
    articles["language"] = detect_language(articles["clean_text"]).to_numpy()
    sentences = split_sentences(articles)
    sentences = tag_frames(score_sentences(sentences))
    english = sentences["doc_id"].isin(articles.loc[articles["language"] == "en", "doc_id"])
    sentences.loc[~english, SCORE_COLUMNS] = float("nan")
    actors = _actor_mentions(articles)
    timexes = extract_corpus_timexes(articles)
    return {
        "articles": articles,
        "cleaning_log": log,
        "sentences": sentences,
        "quotes": extract_quotes(articles, sentences),
        "actors": actors,
        "timexes": timexes,
        "timeline": build_timeline(articles, sentences, actors=actors, timexes=timexes),
        "claims": extract_claims(articles, sentences, timexes=timexes),
    }


def _actor_mentions(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per actor mention in the articles: doc_id + :data:`newsframe.actors.MENTION_COLUMNS`."""
    from newsframe.actors import mention_frame, mention_rows

    doc_ids, rows = [], []
    for doc_id, text in zip(articles["doc_id"], articles["clean_text"]):
        found = mention_rows(text)
        doc_ids.extend([doc_id] * len(found))
        rows.extend(found)
    mentions = mention_frame(rows)
    mentions.insert(0, "doc_id", pd.Series(doc_ids, dtype=object))
    return mentions


def _encode(name: str, table: pd.DataFrame) -> pd.DataFrame:
    encoded = table.copy()
    for column in _JSON_COLUMNS.get(name, ()):
        if column in encoded.columns:
            encoded[column] = encoded[column].map(json.dumps)
    return encoded


def _decode(name: str, table: pd.DataFrame) -> pd.DataFrame:
    for column in _JSON_COLUMNS.get(name, ()):
        if column in table.columns:
            table[column] = table[column].map(json.loads)
    for column in table.columns:
        if table[column].dtype == object and len(table) and hasattr(table[column].iloc[0], "tolist"):
            table[column] = table[column].map(lambda value: value.tolist() if hasattr(value, "tolist") else value)
    return table


def write_chunk(folder: Path, index: int, tables: dict[str, pd.DataFrame]) -> None:
    """Write one chunk's tables as ``<table>/part-<index>.parquet``."""
    for name, table in tables.items():
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        _encode(name, table).to_parquet(target / f"part-{index:06d}.parquet", index=False)


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read one table of a cached analysis (all its parts, in chunk order)."""
    parts = sorted((folder / name).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"{folder / name} holds no parts; delete {folder} and re-run analyze()")
    tables = [pd.read_parquet(part) for part in parts]
    non_empty = [t for t in tables if len(t)] or tables[:1]
    return _decode(name, pd.concat(non_empty, ignore_index=True) if len(non_empty) > 1 else non_empty[0])


def _chunk_job(raw: pd.DataFrame, number: int, folder: Path | None, repeated: RepeatedLines | None = None) -> tuple[dict[str, pd.DataFrame], list]:
    """The worker's share of one chunk: every stage, the articles' near-duplicate signatures, and the writing.

    With ``folder`` (workers that share the cache folder) every table but ``articles`` is
    written there as part ``number`` and only ``articles`` comes back: its near-duplicate
    flags need the articles of all earlier chunks, so the caller adds them and writes it.
    Signatures depend on nothing but the text, so computing them here keeps the serial part
    of the caller small.
    """
    tables = analyze_chunk(raw, repeated)
    signatures = near_duplicate_signatures(tables["articles"])
    if folder is not None:
        write_chunk(folder, number, {name: table for name, table in tables.items() if name != "articles"})
        tables = {"articles": tables["articles"]}
    return tables, signatures


def _bounded_map(submit: Callable[[object], object], result: Callable[[object], object], items: Iterable[object], in_flight: int) -> Iterator[object]:
    """Map over items with at most ``in_flight`` outstanding, yielding results in input order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


@dataclass
class _InProcess:
    """``workers=1``: every job runs in this process, in order."""

    shares_files: bool = True

    def map(self, function: Callable, calls: Iterable[tuple]) -> Iterator:
        return (function(*args) for args in calls)

    def call(self, function: Callable, *args: object) -> object:
        return function(*args)


@dataclass
class _Pool:
    """Worker processes reached through ``submit(function, *args) -> future``.

    ``map`` keeps at most ``in_flight`` jobs outstanding (so that reading the corpus stays
    ahead of the workers without holding it all) and yields results in input order.
    ``shares_files``: the workers see this machine's files, so they can write their own
    Parquet parts and run the corpus steps on the cache folder.
    """

    submit: Callable[..., Future]
    in_flight: int
    shares_files: bool

    def map(self, function: Callable, calls: Iterable[tuple]) -> Iterator:
        return _bounded_map(lambda args: self.submit(function, *args), lambda future: future.result(), calls, self.in_flight)

    def call(self, function: Callable, *args: object) -> object:
        return self.submit(function, *args).result()


def _worker_context() -> BaseContext:
    """How local workers start: from a fork server that has imported the stages once, or spawned.

    Importing the stages (pandas, pyarrow, NLTK, TextBlob) costs about a second of CPU, which
    each spawned worker would pay again, on cores the other workers need.  A fork server
    pays it once, lean (:mod:`newsframe.worker_imports`), and forks warm workers from it.  The
    server is a fresh interpreter, so this is as safe as spawning from a process that runs
    threads (Jupyter, Arrow).  The preload is a setting of this process's fork server (it
    outlives the pool, so a second ``analyze`` starts warm); it adds imports and changes no
    result.  Where there is no fork server (Windows), workers are spawned.
    """
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn")
    context = get_context("forkserver")
    context.set_forkserver_preload([_WORKER_PRELOAD])
    return context


@contextmanager
def _open_engine(workers: int, engine: str, client: object | None) -> Iterator[_InProcess | _Pool]:
    """The processes that run the chunk jobs and the corpus steps; they are shut down on leaving."""
    if engine == "dask":
        with _dask_client(workers, client) as (dask_client, own_cluster):
            in_flight = 2 * max(workers, len(dask_client.scheduler_info().get("workers", {})), 1)
            yield _Pool(lambda function, *args: dask_client.submit(function, *args, pure=False), in_flight, shares_files=own_cluster)
    elif workers <= 1:
        yield _InProcess()
    else:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context())
        try:
            yield _Pool(executor.submit, 2 * workers, shares_files=True)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_client(workers: int, client: object | None) -> Iterator[tuple[object, bool]]:
    """``(client, own_cluster)``: the given client, or one on a local cluster of ``workers`` processes started here.

    Only the workers of a cluster started here are known to share this machine's files.
    """
    if client is not None:
        yield client, False
        return
    from dask.distributed import Client, LocalCluster

    try:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True, dashboard_address=None)
    except RuntimeError as error:
        raise NewsframeError(
            f"analyze(engine='dask'): the local Dask cluster did not start ({error}). {_MAIN_GUARD_HINT}, or pass a "
            f"Client of a running cluster as client=."
        ) from error
    own = Client(cluster)
    try:
        yield own, True
    finally:
        own.close()
        cluster.close()


def _corpus_steps(folder: Path) -> None:
    """Steps that need every article's results: events merged across articles.

    It reads and writes only the cache folder, so it runs on a worker when the workers
    share it: their timeline module is already imported and warm, and the caller, whose
    own work is done, would otherwise import it and wait.
    """
    from newsframe.timeline import merge_events

    write_chunk(folder, 0, {"events": merge_events(read_table(folder, "timeline"))})


def analyze(
    corpus: str | Path | pd.DataFrame,
    *,
    workers: int = 1,
    engine: str = "local",
    client: object | None = None,
    cache_dir: str | Path | None = None,
    chunk_size: int = PIPELINE_CHUNK_SIZE,
    progress: bool | None = None,
    encoding: str = "utf-8",
    date_order: str | None = None,
) -> Analysis:
    """Analyse a corpus (a path, or an articles table from :func:`~newsframe.corpus.load_corpus`).

    ``workers`` processes run the per-article stages (``engine="local"``), or ``engine="dask"``
    sends them to ``client`` (a ``dask.distributed.Client``; a local cluster of ``workers``
    processes when None).  ``cache_dir`` defaults to ``outputs/cache``; ``progress`` shows a
    progress bar (None: only when stderr is a terminal).  ``encoding`` and ``date_order`` are
    :func:`~newsframe.corpus.iter_corpus`'s, for a corpus given as a path.  Before the
    per-article stages, one streaming pass counts the lines that recur across articles
    (:mod:`newsframe.repetition`), so the corpus is read twice.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    cache_root = resolve_project_path(cache_dir) if cache_dir is not None else OUTPUTS_DIR / "cache"
    if isinstance(corpus, pd.DataFrame):
        from newsframe.corpus import corpus_fingerprint

        content = corpus_fingerprint(corpus)
        chunks: Callable[[], Iterable[pd.DataFrame]] = lambda: (corpus.iloc[i:i + chunk_size] for i in range(0, len(corpus), chunk_size))
    else:
        path = resolve_project_path(corpus)
        content = corpus_content_hash(path) if path.exists() else ""
        chunks = lambda: iter_corpus(path, chunk_size=chunk_size, encoding=encoding, date_order=date_order)
        if (encoding, date_order) != ("utf-8", None):
            content = f"{content}\0{encoding}\0{date_order}"
    key = hashlib.sha256(f"{content}\0{library_fingerprint()}".encode()).hexdigest()[:20]
    final = cache_root / key
    if (final / _COMPLETE).is_file():
        n_chunks = int((final / _COMPLETE).read_text() or 0)
        return Analysis(final, key, n_chunks, from_cache=True)

    cache_root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=cache_root, prefix=f".{key}.", suffix=".building"))
    try:
        from tqdm.auto import tqdm

        show = sys.stderr.isatty() if progress is None else progress
        with _open_engine(workers, engine, client) as runner:
            shared = building if runner.shares_files else None
            if show:
                print("counting lines that recur across articles (site furniture) …", file=sys.stderr, flush=True)
            repeated = count_repeated_lines(chunks())
            results = runner.map(_chunk_job, ((chunk, number, shared, repeated) for number, chunk in enumerate(chunks())))
            near_duplicates = NearDuplicateIndex()
            n_chunks = 0
            for number, (tables, signatures) in enumerate(tqdm(results, desc="analysing", unit="chunk", disable=not show)):
                tables["articles"] = flag_near_duplicates(tables["articles"], index=near_duplicates, signatures=signatures)
                write_chunk(building, number, tables)
                n_chunks += 1
            if show:
                print("merging dated mentions across articles into events …", file=sys.stderr, flush=True)
            if runner.shares_files:
                runner.call(_corpus_steps, building)
            else:
                _corpus_steps(building)
        (building / _COMPLETE).write_text(str(n_chunks))
        if final.exists():
            shutil.rmtree(final)
        os.replace(building, final)
    except BaseException as error:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(error, BrokenProcessPool):
            raise NewsframeError(
                f"analyze(workers={workers}): a worker process stopped before finishing ({error}). {_MAIN_GUARD_HINT}; "
                f"otherwise a worker probably ran out of memory: use fewer workers or a smaller chunk_size. Nothing was cached."
            ) from error
        raise
    return Analysis(final, key, n_chunks, from_cache=False)
