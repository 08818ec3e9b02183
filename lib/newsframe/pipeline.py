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
started here, or a cluster's workers that read back a probe file written into the cache
folder) write their chunk's tables themselves and return only the articles, with
their near-duplicate signatures; the calling process reads the corpus, flags near
duplicates in corpus order and writes the articles, and the corpus steps run on a worker,
so the serial share of a run stays small.  Local workers are forked from a fork server that
has imported the stages once (:func:`_worker_context`).

Results are cached under ``cache_dir`` (default ``outputs/cache``) in a folder named by a hash
of the corpus files' content, of the library's own code and data (the stance model's weights
included) and of the versions of the packages that score (:data:`newsframe.memo.SCORING_PACKAGES`),
so the four notebooks of one ``make run`` compute the corpus once, and a changed article,
library or scoring package invalidates it.
A cache folder is built under a temporary name and renamed when complete, so an interrupted
run never leaves a half-written cache that a later run would trust; the chunks it finished are
kept, and the next run continues from them (:mod:`newsframe.chunk_store`).  A completed cache
records each part's size and hash, and a damaged part is found when the cache is opened: its
chunks are rebuilt, with a warning.

One article never sinks a run: when a stage raises on a chunk, the articles it fails on alone
are found (:mod:`newsframe.isolate`), recorded in the ``errors`` table and left out of the other
tables, and the chunk's other articles are analysed as if they had been alone.  The corpus-wide
step (merging events) is guarded the same way, article by article.  ``strict=True`` re-raises
instead, for debugging.

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
and dates rather than on every pair (:func:`newsframe.events.assign_events`).
``benchmarks/bench_pipeline.py`` measures the result and checks that the VADER and TextBlob
columns equal the reference packages'.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import secrets
import shutil
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import current_process, get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

import pandas as pd

from newsframe import chunk_store
from newsframe.blas import one_blas_thread
from newsframe.corpus import corpus_hash, count_articles, iter_corpus
from newsframe.dask_settings import dask_settings
from newsframe.dates import PLAUSIBLE_YEARS, check_window
from newsframe.dedup import NearDuplicateIndex, flag_near_duplicates, near_duplicate_signatures
from newsframe.errors import NewsframeError
from newsframe.isolate import StageFailure, error_rows, run_isolated
from newsframe.memo import library_fingerprint, scoring_versions
from newsframe.paths import OUTPUTS_DIR, cache_location, resolve_project_path
from newsframe.repetition import RepeatedLines, count_repeated_lines

CHUNK_TABLES = (
    "articles",
    "cleaning_log",
    "sentences",
    "quotes",
    "actors",
    "timexes",
    "timeline",
    "claims",
    "target_scores",
    "targets_left_out",
    "errors",
)
CORPUS_TABLES = ("events",)
TABLES = CHUNK_TABLES + CORPUS_TABLES
# The camps whose attributed statements are scored for stance (``target_scores``).
STANCE_CAMPS = ("western", "sino_russian")
_JSON_COLUMNS = {"articles": ("blocks", "faq_spans")}
PIPELINE_CHUNK_SIZE = 200
# Why worker processes fail to start when analyze is called from a script, and the fix.
_MAIN_GUARD_HINT = (
    'In a script, call analyze under `if __name__ == "__main__":` '
    "(each worker process imports the script that started it)"
)
# What the fork server imports once for every local worker: the stages (see newsframe.worker_imports).
_WORKER_PRELOAD = "newsframe.worker_preload"


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
    ``errors``        one row per article a stage failed on (doc_id, stage, error, message;
                      see :mod:`newsframe.isolate`); those articles are in no other table
                      (stage ``events``: only left out of ``events``).
    ``target_scores`` one row per target mention in a statement of :data:`STANCE_CAMPS`, scored
                      (:func:`newsframe.stance.statement_targets`, each article on its own).
    ``targets_left_out`` the bare "alliance" / "partnership" mentions in those statements that name
                      another grouping or none (resolution ``other`` / ``unresolved``; target ""),
                      unscored, so the notebooks can count and show them.
    """

    path: Path
    fingerprint: str
    n_chunks: int
    from_cache: bool
    n_articles: int
    corpus_hash: str
    _parts: dict[str, dict] = field(default_factory=dict, repr=False)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in TABLES:
            raise AttributeError(name)
        if name not in self._tables:
            self._tables[name] = read_table(self.path, name)
        return self._tables[name]

    @classmethod
    def opened(cls, path: Path, fingerprint: str, record: dict, *, from_cache: bool) -> Analysis:
        """The analysis in ``path`` as its completion record (``COMPLETE``) describes it: no table is read."""
        return cls(
            path,
            fingerprint,
            int(record["n_chunks"]),
            from_cache,
            int(record["n_articles"]),
            record["corpus_hash"],
            record["parts"],
        )

    def rows(self, name: str) -> int:
        """The number of rows of table ``name``, from the completion record (no table is read)."""
        return sum(part["rows"] for relative, part in self._parts.items() if relative.startswith(f"{name}/"))

    @property
    def cache_dir(self) -> Path:
        """The cache folder this analysis lives in; tables the notebooks derive (the validations) are kept there too."""
        return self.path.parent


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one), at least 1: ``analyze``'s default ``workers``."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # macOS and Windows have no affinity mask
        return max(os.cpu_count() or 1, 1)


# Chunks per worker when analyze picks the chunk size: enough that the last chunks of a
# run leave no worker idle for long, few enough that per-chunk costs stay small.
CHUNKS_PER_WORKER = 4
MIN_CHUNK_SIZE = 20


def chunk_size_for(total: int | None, workers: int) -> int:
    """The chunk size ``analyze`` uses when none is given: :data:`PIPELINE_CHUNK_SIZE`, smaller when that would idle workers.

    With several workers, a corpus of a few chunks would leave workers waiting for the
    last one (840 articles are 5 chunks of 200: 3 on one worker, 2 on the other), so chunks
    shrink until each worker has about :data:`CHUNKS_PER_WORKER`, never below
    :data:`MIN_CHUNK_SIZE` articles.  Memory stays bounded by :data:`PIPELINE_CHUNK_SIZE`.
    """
    if workers <= 1 or not total:
        return PIPELINE_CHUNK_SIZE
    return max(min(PIPELINE_CHUNK_SIZE, -(-total // (CHUNKS_PER_WORKER * workers))), MIN_CHUNK_SIZE)


def analyze_chunk(
    raw: pd.DataFrame,
    repeated: RepeatedLines | None = None,
    *,
    strict: bool = False,
    years: tuple[int, int] = PLAUSIBLE_YEARS,
) -> dict[str, pd.DataFrame]:
    """Run every per-article stage on one chunk of articles; return its tables by name, ``errors`` included.

    An article a stage raises on is left out of every table and recorded in ``errors``; the
    other articles' tables are those of the chunk without it.  ``strict=True`` re-raises the
    stage's own exception instead.  ``years`` is the window of plausible years of the timeline.
    ``repeated``: the corpus's recurring lines (:func:`newsframe.repetition.count_repeated_lines`);
    None counts them within the chunk.
    """
    if strict:
        try:
            return {**_stages(raw, years, repeated), "errors": error_rows([])}
        except StageFailure as failure:
            raise failure.error
    doc_ids = list(raw["doc_id"])
    positions = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    tables, failures = run_isolated(
        doc_ids, lambda chosen: _stages(raw.iloc[[positions[d] for d in chosen]], years, repeated), "analysis"
    )
    if tables is None:  # a failure no single article explains: every article of the chunk is reported
        failure = failures[-1][1]
        tables = _stages(raw.iloc[:0], years, repeated)
        failures = [(doc_id, failure) for doc_id in doc_ids]
    return {**tables, "errors": error_rows(failures)}


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Name the stage an exception comes from (:class:`~newsframe.isolate.StageFailure`)."""
    try:
        yield
    except Exception as error:  # re-raised with the stage's name
        raise StageFailure(name, error) from error


def _stages(raw: pd.DataFrame, years: tuple[int, int], repeated: RepeatedLines | None) -> dict[str, pd.DataFrame]:
    """The per-article stages in order, each under its name, with NumPy's BLAS on one thread (:mod:`newsframe.blas`)."""
    with one_blas_thread():
        return _stages_in_order(raw, years, repeated)


def _stages_in_order(
    raw: pd.DataFrame, years: tuple[int, int], repeated: RepeatedLines | None
) -> dict[str, pd.DataFrame]:
    from newsframe.claims import extract_claims
    from newsframe.clean import clean_articles
    from newsframe.frames import tag_frames
    from newsframe.language import detect_language
    from newsframe.quotes import extract_quotes
    from newsframe.segment import split_sentences
    from newsframe.sentiment import SCORE_COLUMNS, score_sentences
    from newsframe.stance import statement_targets_and_left_out
    from newsframe.timeline import build_timeline
    from newsframe.timex import extract_corpus_timexes

    with _stage("clean"):
        articles, log = clean_articles(raw, repeated=repeated)
    with _stage("language"):
        articles["language"] = detect_language(articles["clean_text"]).to_numpy()
    with _stage("sentences"):
        sentences = split_sentences(articles)
    with _stage("sentiment"):
        sentences = score_sentences(sentences)
    with _stage("frames"):
        sentences = tag_frames(sentences)
    english = sentences["doc_id"].isin(articles.loc[articles["language"] == "en", "doc_id"])
    sentences.loc[~english, SCORE_COLUMNS] = float("nan")
    with _stage("actors"):
        actors = _actor_mentions(articles)
    with _stage("timexes"):
        timexes = extract_corpus_timexes(articles)
    with _stage("quotes"):
        quotes = extract_quotes(articles, sentences)
    with _stage("timeline"):
        timeline = build_timeline(articles, sentences, actors=actors, timexes=timexes, years=years)
    with _stage("claims"):
        claims = extract_claims(articles, sentences, timexes=timexes)
    with _stage("stance"):
        camp_quotes = quotes[quotes["camp"].isin(STANCE_CAMPS)]
        target_scores, targets_left_out = statement_targets_and_left_out(camp_quotes, sentences, threads=1)
    return {
        "articles": articles,
        "cleaning_log": log,
        "sentences": sentences,
        "quotes": quotes,
        "actors": actors,
        "timexes": timexes,
        "timeline": timeline,
        "claims": claims,
        "target_scores": target_scores,
        "targets_left_out": targets_left_out,
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


def write_chunk(folder: Path, index: int, tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Write one chunk's tables as ``<table>/part-<index>.parquet``; return each part's record (size, hash, rows)."""
    records = {}
    for name, table in tables.items():
        relative = chunk_store.part_path(name, index)
        (folder / name).mkdir(parents=True, exist_ok=True)
        _encode(name, table).to_parquet(folder / relative, index=False)
        records[relative] = chunk_store.part_record(folder, relative, len(table))
    return records


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read one table of a cached analysis (all its parts, in chunk order)."""
    parts = sorted((folder / name).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"{folder / name} holds no parts; delete {folder} and re-run analyze()")
    tables = [pd.read_parquet(part) for part in parts]
    non_empty = [t for t in tables if len(t)] or tables[:1]
    return _decode(name, pd.concat(non_empty, ignore_index=True) if len(non_empty) > 1 else non_empty[0])


def _chunk_job(
    raw: pd.DataFrame,
    number: int,
    folder: Path | None,
    strict: bool,
    years: tuple[int, int],
    repeated: RepeatedLines | None = None,
) -> tuple[dict[str, pd.DataFrame], list, dict[str, dict] | None]:
    """The worker's share of one chunk: every stage, the articles' near-duplicate signatures, and the writing.

    With ``folder`` (workers that share the cache folder) every table but ``articles`` is
    written there as part ``number``, only ``articles`` and ``errors`` come back, with the
    records of the parts written: the articles' near-duplicate flags need the articles of
    all earlier chunks, so the caller adds them and writes that part.  Signatures depend on
    nothing but the text, so computing them here keeps the serial part of the caller small.
    """
    tables = analyze_chunk(raw, repeated=repeated, strict=strict, years=years)
    signatures = near_duplicate_signatures(tables["articles"])
    records = None
    if folder is not None:
        records = write_chunk(folder, number, {name: table for name, table in tables.items() if name != "articles"})
        tables = {"articles": tables["articles"], "errors": tables["errors"]}
    return tables, signatures, records


def _bounded_map(
    submit: Callable[[object], object], result: Callable[[object], object], items: Iterable[object], in_flight: int
) -> Iterator[object]:
    """Map over items with at most ``in_flight`` outstanding, yielding results in input order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _done(value: object) -> Future:
    """A future that already holds ``value``."""
    future: Future = Future()
    future.set_result(value)
    return future


@dataclass
class _InProcess:
    """``workers=1``: every job runs in this process, in order."""

    shares_files: bool = True

    def map(self, jobs: Iterable[tuple[Callable, tuple, bool]]) -> Iterator:
        return (function(*args) for function, args, _ in jobs)

    def call(self, function: Callable, *args: object) -> object:
        return function(*args)

    def share(self, value: object) -> object:
        """``value`` itself: this process needs no copy."""
        return value

    def sees(self, folder: Path) -> bool:
        """True: this process sees its own files."""
        return True


@dataclass
class _Pool:
    """Worker processes reached through ``submit(function, *args) -> future``.

    ``map`` keeps at most ``in_flight`` jobs outstanding (so that reading the corpus stays
    ahead of the workers without holding it all) and yields results in input order.
    ``shares_files``: the workers see this machine's files, so they can write their own
    Parquet parts and run the corpus steps on the cache folder.  ``share`` turns a value
    every job needs into what the jobs are given: on Dask a future of it, sent to every
    worker once (``scatter(broadcast=True)``) instead of with every task.  ``sees(folder)``
    says whether every worker sees ``folder`` as this process does, for workers not known to
    share its files (a cluster started elsewhere, which may well run on this machine).
    """

    submit: Callable[..., Future]
    in_flight: int
    shares_files: bool
    share: Callable[[object], object] = lambda value: value
    sees: Callable[[Path], bool] = lambda folder: False

    def map(self, jobs: Iterable[tuple[Callable, tuple, bool]]) -> Iterator:
        """Results of ``(function, args, local)`` jobs in order; ``local`` ones run in this process."""
        return _bounded_map(
            lambda job: _done(job[0](*job[1])) if job[2] else self.submit(job[0], *job[1]),
            lambda future: future.result(),
            jobs,
            self.in_flight,
        )

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
            dask_client.run(_import_stages)  # every worker, at the same time, before the first chunk arrives
            in_flight = 2 * max(workers, _cluster_size(dask_client), 1)
            yield _Pool(
                lambda function, *args: dask_client.submit(function, *args, pure=False),
                in_flight,
                shares_files=own_cluster,
                share=lambda value: dask_client.scatter(value, broadcast=True, hash=False),
                sees=lambda folder: _workers_see(dask_client, folder),
            )
    elif workers <= 1:
        yield _InProcess()
    else:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context())
        try:
            yield _Pool(executor.submit, 2 * workers, shares_files=True)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def _cluster_size(client: object) -> int:
    """How many workers the Dask ``client``'s scheduler has now (at least 1)."""
    return max(len(client.scheduler_info().get("workers", {})), 1)


def _workers_see(client: object, folder: Path) -> bool:
    """Whether every worker of the Dask ``client`` reads, at ``folder``'s path, the file this process just wrote there.

    A random token in a probe file tells this folder from one of the same name elsewhere;
    workers that see it write their chunks' tables themselves, as local workers do.
    """
    token = secrets.token_hex(16)
    probe = folder / f".probe-{token}"
    probe.write_text(token, encoding="utf-8")
    try:
        seen = client.run(_read_probe, str(probe))
    finally:
        probe.unlink(missing_ok=True)
    return bool(seen) and all(value == token for value in seen.values())


def _read_probe(path: str) -> str | None:
    """The text of the probe file at ``path`` on a worker, None when it cannot be read there."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


def _import_stages() -> None:
    """Import the stages in a Dask worker (as the local fork server does, :mod:`newsframe.worker_imports`); run once per worker."""
    importlib.import_module(_WORKER_PRELOAD)


@contextmanager
def _dask_client(workers: int, client: object | None) -> Iterator[tuple[object, bool]]:
    """``(client, own_cluster)``: the given client, or one on a local cluster of ``workers`` processes started here.

    Only the workers of a cluster started here are known to share this machine's files.  A
    cluster started here runs with :func:`newsframe.dask_settings.dask_settings`.
    """
    if client is not None:
        yield client, False
        return
    import dask
    from dask.distributed import Client, LocalCluster

    try:
        with dask.config.set(dask_settings()):  # the scheduler and nannies read them when they start
            cluster = LocalCluster(
                n_workers=max(workers, 1), threads_per_worker=1, processes=True, dashboard_address=None
            )
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


def _corpus_steps(folder: Path, index: int, strict: bool) -> dict[str, dict]:
    """Steps that need every article's results: events merged across articles; returns the records of the parts written.

    An article whose mentions make merging fail is left out of ``events`` and recorded in
    ``errors`` (part ``index``, after the chunks' parts).  It reads and writes only the cache
    folder, so it runs on a worker when the workers share it: their timeline module is
    already imported and warm, and the caller, whose own work is done, would otherwise
    import it and wait.
    """
    from newsframe.events import EVENT_COLUMNS, merge_events

    timeline = read_table(folder, "timeline")
    if strict:
        return write_chunk(folder, 0, {"events": merge_events(timeline)}) | write_chunk(
            folder, index, {"errors": error_rows([])}
        )
    doc_ids = list(dict.fromkeys(timeline["doc_id"]))
    events, failures = run_isolated(
        doc_ids, lambda chosen: merge_events(timeline[timeline["doc_id"].isin(chosen)]), "events"
    )
    if events is None:
        events = pd.DataFrame(columns=EVENT_COLUMNS)
    failures = [("" if doc_id is None else doc_id, failure) for doc_id, failure in failures]
    return write_chunk(folder, 0, {"events": events}) | write_chunk(folder, index, {"errors": error_rows(failures)})


def analyze(
    corpus: str | Path | pd.DataFrame,
    *,
    workers: int | None = None,
    engine: str = "local",
    client: object | None = None,
    output_dir: str | Path = OUTPUTS_DIR,
    cache_dir: str | Path | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    strict: bool = False,
    years: tuple[int, int] = PLAUSIBLE_YEARS,
    encoding: str = "utf-8",
    date_order: str | None = None,
) -> Analysis:
    """Analyse a corpus (a path, or an articles table from :func:`~newsframe.corpus.load_corpus`).

    ``workers`` processes run the per-article stages (``engine="local"``; default: every usable
    CPU, :func:`usable_cpus`, and one process for a corpus of one chunk), or ``engine="dask"``
    sends them to ``client`` (a ``dask.distributed.Client``; a local cluster of ``workers``
    processes when None).  ``chunk_size`` articles are analysed at a time (default
    :func:`chunk_size_for`: 200, fewer when a small corpus would leave workers idle); it bounds
    memory and changes no table.  The analysis is cached in ``output_dir``'s cache
    (:func:`newsframe.paths.cache_location`: ``outputs/cache`` by default), or in ``cache_dir``
    when given; relative paths resolve from the project root.  ``progress`` shows a
    progress bar (None: only when stderr is a terminal).  Articles a stage fails on are listed
    in ``analysis.errors`` and left out; ``strict=True`` re-raises the first such failure
    (also for failures recorded in a cached analysis).  ``years`` is the window of plausible
    years: dates outside it stay off the timeline's calendar (:mod:`newsframe.dates`).
    ``encoding`` and ``date_order`` are
    :func:`~newsframe.corpus.iter_corpus`'s, for a corpus given as a path.  Before the
    per-article stages, one streaming pass counts the lines that recur across articles
    (:mod:`newsframe.repetition`), so the corpus is read twice.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    years = check_window(years)
    workers = usable_cpus() if workers is None else workers
    cache_root = (
        resolve_project_path(cache_dir) if cache_dir is not None else cache_location(resolve_project_path(output_dir))
    )
    if isinstance(corpus, pd.DataFrame):
        content = source_hash = corpus_hash(corpus)
        total: int | None = len(corpus)
        chunks_of: Callable[[int], Iterable[pd.DataFrame]] = lambda size: (
            corpus.iloc[i : i + size] for i in range(0, len(corpus), size)
        )
    else:
        path = resolve_project_path(corpus)
        content = source_hash = corpus_hash(path) if path.exists() else ""
        total = None
        chunks_of = lambda size: iter_corpus(path, chunk_size=size, encoding=encoding, date_order=date_order)
        if (encoding, date_order) != ("utf-8", None):
            content = f"{content}\0{encoding}\0{date_order}"
    chunks: Callable[[], Iterable[pd.DataFrame]] = lambda: chunks_of(chunk_size or PIPELINE_CHUNK_SIZE)
    window = "" if years == PLAUSIBLE_YEARS else f"\0years={years}"
    key = hashlib.sha256(f"{content}\0{library_fingerprint()}\0{scoring_versions()}{window}".encode()).hexdigest()[:20]
    final = cache_root / key
    show = sys.stderr.isatty() if progress is None else progress
    record = chunk_store.read_record(final / chunk_store.COMPLETE)
    if record is not None and not chunk_store.damaged_parts(final, record):
        analysis = Analysis.opened(final, key, record, from_cache=True)
        if strict:
            _reraise_recorded(analysis, chunks, years)
        return analysis

    if getattr(current_process(), "_inheriting", False):
        # A worker process importing an unguarded script that calls analyze: it must not wait for
        # the build lock its parent holds; failing here lets the parent report the fix.
        raise RuntimeError(f"analyze was called while a worker process started. {_MAIN_GUARD_HINT}")
    cache_root.mkdir(parents=True, exist_ok=True)
    wait_note = lambda: print(
        f"waiting for another process that is analysing this corpus into {final} …", file=sys.stderr, flush=True
    )
    with chunk_store.key_lock(cache_root, key, on_wait=wait_note if show else None):
        record = chunk_store.read_record(final / chunk_store.COMPLETE)
        if record is not None and not chunk_store.damaged_parts(
            final, record
        ):  # built meanwhile by the process waited for
            analysis = Analysis.opened(final, key, record, from_cache=True)
            if strict:
                _reraise_recorded(analysis, chunks, years)
            return analysis
        building = cache_root / f".{key}.building"
        chunk_store.clean_abandoned(cache_root, key, building)
        if total is None:
            total = count_articles(path, encoding=encoding)
        size = chunk_size or chunk_size_for(total, _cluster_size(client) if client is not None else workers)
        if engine == "local" and total is not None and total <= size:
            workers = 1  # one chunk: starting processes would only add their start-up
        if final.exists():
            _reopen_damaged(final, building, record, size)
        record = _build(
            building,
            lambda: chunks_of(size),
            total,
            workers=workers,
            engine=engine,
            client=client,
            chunk_size=size,
            show=show,
            strict=strict,
            years=years,
            source_hash=source_hash,
        )
        os.replace(building, final)
    return Analysis.opened(final, key, record, from_cache=False)


def _reopen_damaged(final: Path, building: Path, record: dict | None, chunk_size: int) -> None:
    """Turn a damaged complete analysis back into a build folder that lacks only the damaged chunks, and say so."""
    damaged = chunk_store.damaged_parts(final, record) if record is not None else ["COMPLETE"]
    chunk_numbers = {record["parts"][part].get("chunk") for part in damaged} if record is not None else set()
    warnings.warn(
        f"the cached analysis {final} is damaged ({len(damaged)} part(s) missing or altered, e.g. {damaged[0]}); "
        f"rebuilding {'the chunks they belong to' if record is not None else 'it'}",
        CacheDamagedWarning,
        stacklevel=3,
    )
    if record is None or record.get("chunk_size") != chunk_size:
        shutil.rmtree(final)
        return
    shutil.rmtree(building, ignore_errors=True)  # the damaged analysis holds more finished chunks than any build folder
    os.replace(final, building)
    (building / chunk_store.COMPLETE).unlink(missing_ok=True)
    for number in chunk_numbers:
        if number is not None:
            (building / chunk_store.CHUNKS / f"{number:06d}.json").unlink(missing_ok=True)


class CacheDamagedWarning(UserWarning):
    """A cached analysis did not match its record of parts; the damaged chunks are being rebuilt."""


def _build(
    building: Path,
    chunks: Callable[[], Iterable[pd.DataFrame]],
    total: int | None,
    *,
    workers: int,
    engine: str,
    client: object | None,
    chunk_size: int,
    show: bool,
    strict: bool,
    years: tuple[int, int],
    source_hash: str,
) -> dict:
    """Analyse every chunk not yet finished in ``building``, run the corpus steps, write ``COMPLETE``; return its record.

    The record holds every part (size, hash, rows), the chunk count, the number of articles
    analysed and ``source_hash`` (:func:`newsframe.corpus.corpus_hash`), so whoever opens the
    analysis can name and count the corpus without reading it.

    A chunk is finished once its marker is written, after all its parts; a run that fails
    or is interrupted leaves the finished chunks, and the next call skips them (their
    articles only re-enter the near-duplicate index, which needs every earlier article).
    """
    from tqdm import (
        tqdm,  # the plain text bar: tqdm.auto warns "IProgress not found" into every notebook without ipywidgets
    )

    building.mkdir(parents=True, exist_ok=True)
    done = chunk_store.finished_chunks(building, chunk_size)
    parts: dict[str, dict] = {}
    try:
        with _open_engine(workers, engine, client) as runner:
            shares_files = runner.shares_files or runner.sees(building)
            shared = building if shares_files else None
            if show:
                print("counting lines that recur across articles (site furniture) …", file=sys.stderr, flush=True)
            repeated = runner.share(count_repeated_lines(chunks()))

            def jobs() -> Iterator[tuple[Callable, tuple, bool]]:
                for number, chunk in enumerate(chunks()):
                    if number in done:
                        yield _resumed_chunk, (building, number), True
                    else:
                        yield _chunk_job, (chunk, number, shared, strict, years, repeated), False

            near_duplicates = NearDuplicateIndex()
            n_chunks = n_failed = timeline_rows = n_articles = 0
            bar = tqdm(total=total, desc="analysing", unit="article", disable=not show, smoothing=0.1)
            for number, (tables, signatures, records) in enumerate(runner.map(jobs())):
                flagged = flag_near_duplicates(tables["articles"], index=near_duplicates, signatures=signatures)
                if records is None or chunk_store.part_path("articles", number) not in records:  # not a resumed chunk
                    written = dict(records or {})
                    unwritten = {
                        name: table
                        for name, table in tables.items()
                        if name != "articles" and chunk_store.part_path(name, number) not in written
                    }
                    written.update(write_chunk(building, number, unwritten | {"articles": flagged}))
                    for record in written.values():
                        record["chunk"] = number
                    chunk_store.write_record(
                        building / chunk_store.CHUNKS / f"{number:06d}.json",
                        {"chunk_size": chunk_size, "parts": written},
                    )
                    records = written
                parts.update(records)
                failed = tables["errors"]["doc_id"].nunique()
                n_failed += failed
                n_articles += len(flagged)
                timeline_rows += records[chunk_store.part_path("timeline", number)]["rows"]
                bar.update(len(tables["articles"]) + failed)
                n_chunks += 1
            bar.total = bar.n
            bar.close()
            if show:
                note = f"; {n_failed} could not be analysed (see errors)" if n_failed else ""
                print(
                    f"merging {timeline_rows:,} dated mentions from {bar.n:,} articles into events{note} …",
                    file=sys.stderr,
                    flush=True,
                )
            arguments = (building, n_chunks, strict)
            corpus_parts = runner.call(_corpus_steps, *arguments) if shares_files else _corpus_steps(*arguments)
        for relative in corpus_parts:
            corpus_parts[relative]["chunk"] = None
        parts.update(corpus_parts)
        record = {
            "n_chunks": n_chunks,
            "chunk_size": chunk_size,
            "n_articles": n_articles,
            "corpus_hash": source_hash,
            "parts": parts,
        }
        chunk_store.write_record(building / chunk_store.COMPLETE, record)
    except BrokenProcessPool as error:
        raise NewsframeError(
            f"analyze(workers={workers}): a worker process stopped before finishing ({error}). {_MAIN_GUARD_HINT}; "
            f"otherwise a worker probably ran out of memory: use fewer workers or a smaller chunk_size. "
            f"The chunks finished so far are kept in {building}; run again to continue."
        ) from error
    return record


def _resumed_chunk(building: Path, number: int) -> tuple[dict[str, pd.DataFrame], list, dict[str, dict]]:
    """A chunk finished by an earlier run: its articles and errors, their signatures, and its parts' records."""
    record = chunk_store.read_record(building / chunk_store.CHUNKS / f"{number:06d}.json")
    articles = read_part(building, "articles", number)
    return (
        {"articles": articles, "errors": read_part(building, "errors", number)},
        near_duplicate_signatures(articles),
        record["parts"],
    )


def read_part(folder: Path, name: str, number: int) -> pd.DataFrame:
    """Part ``number`` of table ``name`` of an analysis folder."""
    return _decode(name, pd.read_parquet(folder / chunk_store.part_path(name, number)))


def _reraise_recorded(analysis: Analysis, chunks: Callable[[], Iterable[pd.DataFrame]], years: tuple[int, int]) -> None:
    """For ``strict=True`` on a cached analysis with errors: run the failed articles again, strictly, so the error is raised."""
    errors = analysis.errors
    if errors.empty:
        return
    failed = set(errors.loc[errors["stage"] != "events", "doc_id"])
    if failed:
        # The corpus's repeated lines, as the build counted them: cleaned without them, a failed
        # article is not the text its stages failed on.
        repeated = count_repeated_lines(chunks())
        for chunk in chunks():
            chosen = chunk[chunk["doc_id"].isin(failed)]
            if len(chosen):
                analyze_chunk(chosen, repeated=repeated, strict=True, years=years)
    if (errors["stage"] == "events").any():
        from newsframe.events import merge_events

        merge_events(analysis.timeline)
