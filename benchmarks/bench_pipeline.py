"""Throughput, scaling and memory of the analysis pipeline on text that does not repeat; writes benchmarks/RESULTS.md.

    python benchmarks/bench_pipeline.py [--corpus-dir ../shared/eval/quotes/polnear/train/text] [--limit N]
                                        [--big 5000] [--repeats 1] [--out benchmarks/RESULTS.md]

The standard corpus is real news: the 840 PolNeAR train articles (31,000 sentences, hardly one
repeated), read by path from ``../shared/eval`` beside the project and never copied.  When it
is absent, the run says so and uses ``--articles`` synthetic articles from ``make_corpus.py``
instead, whose sentences are mutated so that they do not repeat either.  Each measurement
runs in a fresh subprocess so that its peak RSS (``ru_maxrss`` of the process and of its
children) is its own:

* per stage (load, repetition, clean, language, split, sentiment, frames, actors, quotes,
  attribution, timexes, timeline, claims, stance): seconds and sentences/s in one process, chunk by
  chunk as the pipeline runs them, after one untimed pass over the seeds (imports, models) (``repetition`` is the corpus-level pass over every line
  before the chunks, reading included; ``attribution`` is the time inside spaCy's parse,
  :func:`newsframe.parse.parse_sentences`, taken out of ``quotes``);
* the floor: a bare loop of ``vaderSentiment``'s ``polarity_scores`` over the same sentences,
  measured in the same run; all stages but attribution are reported as a ratio to it;
* end to end: ``analyze(workers=1)``, ``analyze(workers=2)``, ``analyze(engine="dask")`` on a
  2-worker ``LocalCluster``, and on a scheduler and two workers started as shell commands
  (``dask scheduler``, ``dask worker``; the time excludes their start, as a running cluster
  would), each into an empty cache, in turn, with the CPU time of the calling process and of
  its workers; the speed-ups are ratios within this run;
* exactness: on a sample of sentences, every VADER and TextBlob score of the pipeline equals
  the reference implementations' to 1e-9;
* peak RSS of ``analyze`` on ``--big`` synthetic articles (mutated, ``workers=2``; the parent's
  and the largest worker's peaks separately);
* event merging (``merge_events``) on timelines whose labels vary as real news's do, at three sizes.

The headless run (cold, re-run with nothing changed, one parameter changed, against papermill's
floor) is ``bench_headless.py``'s, which ``make bench`` runs after this script.

The machine's load average is printed beside every timing: on a shared machine only the
ratios within one run mean much.  The figures of the earlier generator, which recombined the
seeds' paragraphs verbatim so that the per-text caches hit on most sentences, are kept in
``RESULTS-recombined-seeds.md`` as a cache-friendly best case.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The standard corpus: 840 real articles of PolNeAR's train split, beside the project (never copied into it).
POLNEAR_TRAIN = HERE.parent.parent / "shared" / "eval" / "quotes" / "polnear" / "train" / "text"


def _script_module(name: str):
    """The benchmark script ``benchmarks/<name>.py`` as a module (this folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _make_corpus_module():
    return _script_module("make_corpus")


def _bench_sentiment_module():
    return _script_module("bench_sentiment")


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its largest child, in MB."""
    return max(own_peak_rss_mb(), children_peak_rss_mb())


def own_peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Peak resident memory of the largest finished child process, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


STAGES = (
    "load",
    "repetition",
    "clean",
    "language",
    "split",
    "sentiment",
    "frames",
    "actors",
    "quotes",
    "attribution",
    "timexes",
    "timeline",
    "claims",
    "stance",
)


def _timed_parses(seconds: dict[str, float]) -> None:
    """Make every newsframe module's ``parse_sentences`` add its time to ``seconds["attribution"]``.

    The stages import the function by name, so each module's reference is replaced.
    """
    import newsframe.parse

    original = newsframe.parse.parse_sentences

    def timed(*args, **kwargs):
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds["attribution"] += time.perf_counter() - began

    for name, module in list(sys.modules.items()):
        if name.startswith("newsframe") and getattr(module, "parse_sentences", None) is original:
            module.parse_sentences = timed


def warm_up_stages() -> None:
    """Run every stage once on the seeds, untimed, so that imports and model loads (NLTK, spaCy) are not counted as stage time.

    The seeds share no text with the measured corpus, so no per-text cache is warmed for it.
    """
    from newsframe.corpus import load_corpus
    from newsframe.paths import SEEDS_DIR
    from newsframe.pipeline import analyze_chunk

    analyze_chunk(load_corpus(SEEDS_DIR), strict=True)


def measure_stages(corpus: Path) -> dict:
    """Time every per-article stage over the corpus in pipeline-sized chunks, in this process."""
    from newsframe.claims import extract_claims
    from newsframe.clean import clean_articles
    from newsframe.corpus import iter_corpus
    from newsframe.frames import tag_frames
    from newsframe.language import detect_language
    from newsframe.pipeline import PIPELINE_CHUNK_SIZE, STANCE_CAMPS, _actor_mentions
    from newsframe.quotes import extract_quotes
    from newsframe.repetition import count_repeated_lines
    from newsframe.segment import split_sentences
    from newsframe.sentiment import score_sentences
    from newsframe.stance import statement_targets
    from newsframe.timeline import build_timeline
    from newsframe.timex import extract_corpus_timexes

    warm_up_stages()
    seconds = dict.fromkeys(STAGES, 0.0)
    _timed_parses(seconds)
    n_articles = n_sentences = 0
    distinct: set[str] = set()
    started = time.perf_counter()
    repeated = count_repeated_lines(iter_corpus(corpus, chunk_size=PIPELINE_CHUNK_SIZE))
    seconds["repetition"] = time.perf_counter() - started
    chunks = iter_corpus(corpus, chunk_size=PIPELINE_CHUNK_SIZE)
    while True:
        started = time.perf_counter()
        raw = next(chunks, None)
        seconds["load"] += time.perf_counter() - started
        if raw is None:
            break

        def timed(stage: str, function, *args, **kwargs):
            began = time.perf_counter()
            value = function(*args, **kwargs)
            seconds[stage] += time.perf_counter() - began
            return value

        articles, _ = timed("clean", clean_articles, raw, repeated=repeated)
        articles["language"] = timed("language", detect_language, articles["clean_text"]).to_numpy()
        sentences = timed("split", split_sentences, articles)
        sentences = timed("sentiment", score_sentences, sentences)
        sentences = timed("frames", tag_frames, sentences)
        actors = timed("actors", _actor_mentions, articles)
        parsing = seconds["attribution"]
        quotes = timed("quotes", extract_quotes, articles, sentences)
        seconds["quotes"] -= seconds["attribution"] - parsing  # the parse is reported on its own line
        timexes = timed("timexes", extract_corpus_timexes, articles)
        timed("timeline", build_timeline, articles, sentences, actors=actors, timexes=timexes)
        timed("claims", extract_claims, articles, sentences, timexes=timexes)
        timed("stance", statement_targets, quotes[quotes["camp"].isin(STANCE_CAMPS)], sentences, threads=1)
        n_articles += len(articles)
        n_sentences += len(sentences)
        distinct.update(sentences["text"])
    return {
        "seconds": seconds,
        "articles": n_articles,
        "sentences": n_sentences,
        "distinct": len(distinct),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_vader_floor(corpus: Path) -> dict:
    """A bare loop of vaderSentiment's polarity_scores over the corpus's sentences."""
    from newsframe.clean import clean_articles
    from newsframe.corpus import load_corpus
    from newsframe.segment import split_sentences
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = split_sentences(clean_articles(load_corpus(corpus))[0])["text"].tolist()
    analyzer = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    return {"seconds": time.perf_counter() - started, "sentences": len(texts)}


def measure_exactness(corpus: Path, sample: int = 2000) -> dict:
    """Largest difference between the pipeline's VADER/TextBlob columns and the reference packages.

    The first ``sample`` sentences of the corpus are scored the way the pipeline scores them
    (repeated sentences from the per-process cache), then each is scored afresh by NLTK's
    VADER and TextBlob (``bench_sentiment.largest_differences``, the comparison of ``--check``).
    """
    import pandas as pd
    from newsframe.clean import clean_articles
    from newsframe.corpus import iter_corpus
    from newsframe.segment import split_sentences
    from newsframe.sentiment import score_sentences

    parts, found = [], 0
    for chunk in iter_corpus(corpus, chunk_size=100):
        parts.append(split_sentences(clean_articles(chunk)[0]))
        found += len(parts[-1])
        if found >= sample:
            break
    scored = score_sentences(pd.concat(parts, ignore_index=True).iloc[:sample])
    worst = _bench_sentiment_module().largest_differences(scored)
    return {
        "sentences": len(scored),
        "distinct": int(scored["text"].nunique()),
        "max_abs_difference": max(worst["nltk_vader"], worst["textblob"]),
    }


def cpu_seconds(who: int) -> float:
    """User + system CPU seconds of this process (``RUSAGE_SELF``) or of its finished children (``RUSAGE_CHILDREN``)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def reap_fork_server() -> None:
    """Stop and wait for the fork server that started the local workers, if there is one.

    It outlives the pool, and only a process that has been waited for counts in
    ``RUSAGE_CHILDREN``; once the server is reaped, the CPU time and peak RSS of the
    workers it forked (and reaped) count too.
    """
    import psutil

    for child in psutil.Process().children():
        if any("multiprocessing.forkserver" in part for part in child.cmdline()):
            child.terminate()
            child.wait(timeout=30)


@contextmanager
def shell_cluster(workers: int) -> Iterator[str]:
    """A Dask scheduler and ``workers`` worker processes started as the README's shell commands; yields the address.

    ``dask scheduler --host 127.0.0.1 --port P`` and ``dask worker tcp://127.0.0.1:P --nworkers 1
    --nthreads 1``, from this venv, with ``DASK_CONFIG`` naming newsframe's Dask settings; they are stopped (SIGTERM, then waited for) on leaving.
    """
    import socket

    from dask.distributed import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    from newsframe.dask_settings import DASK_CONFIG_FILE

    # the README's commands, with newsframe's Dask settings (DASK_CONFIG=lib/newsframe/data/dask.yaml)
    quiet = {
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "env": os.environ | {"DASK_CONFIG": str(DASK_CONFIG_FILE)},
    }
    processes = [
        subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet)
    ]
    try:
        processes += [
            subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], **quiet)
            for _ in range(workers)
        ]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=180)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


def measure_analyze(corpus: Path, workers: int, engine: str) -> dict:
    """End-to-end analyze() into an empty cache; wall time, and CPU time and peak RSS of the parent and of its workers.

    ``engine="shell"``: Dask on a scheduler and ``workers`` workers started from the shell
    (:func:`shell_cluster`); the time excludes their start-up and includes their warm-up.
    """
    import pyarrow.parquet as pq
    from dask.distributed import Client
    from newsframe.pipeline import analyze

    with tempfile.TemporaryDirectory() as cache, ExitStack() as stack:
        client = None
        if engine == "shell":
            client = stack.enter_context(Client(stack.enter_context(shell_cluster(workers))))
        started = time.perf_counter()
        analysis = analyze(
            corpus, workers=workers, engine="dask" if client else engine, client=client, cache_dir=cache, progress=False
        )
        seconds = time.perf_counter() - started
        counts = {
            name: sum(pq.ParquetFile(part).metadata.num_rows for part in (analysis.path / name).glob("part-*.parquet"))
            for name in ("articles", "sentences")
        }
        digest = table_digest(analysis)
    reap_fork_server()
    return {
        "seconds": seconds,
        "articles": counts["articles"],
        "sentences": counts["sentences"],
        "peak_rss_mb": peak_rss_mb(),
        "parent_peak_rss_mb": own_peak_rss_mb(),
        "worker_peak_rss_mb": children_peak_rss_mb(),
        "chunks": analysis.n_chunks,
        "parent_cpu": cpu_seconds(resource.RUSAGE_SELF),
        "worker_cpu": cpu_seconds(resource.RUSAGE_CHILDREN),
        "digest": digest,
    }


def table_digest(analysis) -> str:
    """One SHA-256 over every table of ``analysis`` as written to CSV: equal digests, byte-identical tables."""
    import hashlib

    from newsframe.outputs import table_bytes
    from newsframe.pipeline import TABLES

    digest = hashlib.sha256()
    for name in TABLES:
        table = getattr(analysis, name).copy()
        for column in table.columns:
            if table[column].map(lambda value: isinstance(value, list)).any():
                table[column] = table[column].map(repr)
        digest.update(name.encode() + b"\0" + table_bytes(table))
    return digest.hexdigest()


# What every analysis notebook imports before its first table (see notebooks/0*.ipynb).


def varied_timeline(n: int, seed: int = 0):
    """A deterministic timeline of ``n`` mentions whose labels vary as real news's do.

    The synthetic corpus repeats the seeds' few event labels, which flatters event merging;
    here each label draws 2-7 words from a Zipf-distributed vocabulary of 6,000 and adds
    "China" (60 %) and "Russia" (50 %), and dates spread over four years at day, month and year
    granularity, with a fifth unresolved.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    letters = "abcdefghijklmnopqrtuvwxyz"  # no "s": event_keywords strips a plural s
    vocabulary = np.array(["x" + letters[i // 625] + letters[i // 25 % 25] + letters[i % 25] for i in range(6000)])
    zipf = 1 / np.arange(1, len(vocabulary) + 1)
    words = [list(rng.choice(vocabulary, size=rng.integers(2, 8), p=zipf / zipf.sum())) for _ in range(n)]
    labels = [" ".join(w + ["China"] * (rng.random() < 0.6) + ["Russia"] * (rng.random() < 0.5)) for w in words]
    granularity = rng.choice(["day", "day", "month", "year", "unresolved"], size=n)
    first = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 4 * 365, size=n), unit="D")
    span = pd.to_timedelta(
        pd.Series(granularity).map({"day": 0, "month": 30, "year": 364, "unresolved": 0}).to_numpy(), unit="D"
    )
    resolved = granularity != "unresolved"
    return pd.DataFrame(
        {
            "doc_id": [f"d{i // 5:07d}" for i in range(n)],
            "sent_id": np.arange(n) % 5,
            "start": np.arange(n),
            "label": labels,
            "event": labels,
            "granularity": granularity,
            "value": "2023",
            "date_start": first.where(resolved),
            "date_end": (first + span).where(resolved),
            "is_future": False,
            "actors": [[] for _ in range(n)],
            "frames": [[] for _ in range(n)],
        }
    )


def measure_events(corpus: Path, sizes: tuple[int, ...] = (15_000, 30_000, 60_000)) -> dict:
    """Seconds of merge_events on varied timelines of each size (``corpus`` is unused)."""
    from newsframe.events import merge_events

    found = {}
    for n in sizes:
        timeline = varied_timeline(n)
        started = time.perf_counter()
        events = merge_events(timeline)
        found[n] = {"seconds": time.perf_counter() - started, "events": len(events)}
    return found


def in_subprocess(kind: str, corpus: Path, **options) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    command = [sys.executable, __file__, "--measure", kind, "--corpus", str(corpus), "--options", json.dumps(options)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{completed.stderr[-3000:]}")
    result = completed.stdout.strip().splitlines()[-1]
    print(
        f"  {kind} {json.dumps(options)}: {result}", file=sys.stderr
    )  # so that a run stopped early still shows what it measured
    return json.loads(result)


def _median(items: list, key: Callable | None = None):
    """The middle item by ``key`` (the lower of the two middle ones of an even number): a run that really happened."""
    return sorted(items, key=key)[(len(items) - 1) // 2]


def _median_run(runs: list[dict]) -> dict:
    """The run with the median wall time, with every run's seconds attached."""
    return {**_median(runs, key=lambda run: run["seconds"]), "all_seconds": [run["seconds"] for run in runs]}


def _versions() -> str:
    from importlib.metadata import version

    names = ("newsframe", "pandas", "numpy", "nltk", "textblob", "vaderSentiment", "pyarrow", "dask", "distributed")
    return ", ".join(f"{name} {version(name)}" for name in names)


def _load() -> str:
    """The load average (1, 5, 15 min), for the line beside a timing."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def standard_corpus(args: argparse.Namespace, work: Path) -> tuple[Path, str]:
    """The corpus of the stage and end-to-end figures, and a sentence saying what it is.

    PolNeAR train's text folder when it exists (the first ``--limit`` articles, copied into
    ``work``, when a limit is given), else ``--articles`` mutated synthetic articles.
    """
    folder = args.corpus_dir
    if folder is not None and folder.is_dir():
        files = sorted(folder.glob("*.txt"))
        if args.limit:
            folder = work / "limited"
            folder.mkdir()
            for file in files[: args.limit]:
                shutil.copyfile(file, folder / file.name)
            files = files[: args.limit]
        return folder, f"{len(files)} real news articles, the PolNeAR train split (`{args.corpus_dir}`, read in place)"
    print(
        f"note: {args.corpus_dir} is not there (PolNeAR train, beside the project in ../shared/eval); "
        f"measuring on {args.articles} mutated synthetic articles instead",
        file=sys.stderr,
    )
    _make_corpus_module().write_corpus(args.articles, work / "synthetic", formats=("jsonl",))
    return work / "synthetic" / "corpus.jsonl", (
        f"{args.articles} synthetic articles from `benchmarks/make_corpus.py` (seed 0, sentences mutated); "
        f"PolNeAR train was not found at `{args.corpus_dir}`"
    )


# End-to-end configurations: label, workers, engine (``shell``: a scheduler and workers started as commands).
CONFIGURATIONS = (
    ("workers=1", 1, "local"),
    ("workers=2", 2, "local"),
    ("dask LocalCluster, 2 workers", 2, "dask"),
    ("dask scheduler + 2 workers from the shell", 2, "shell"),
)


def report(args: argparse.Namespace, work: Path) -> str:
    """Run every measurement on the standard corpus and on corpora written under ``work``; return RESULTS.md's text."""
    make_corpus = _make_corpus_module()
    load_before = _load()
    corpus, described = standard_corpus(args, work)

    print(f"floor: bare vaderSentiment loop (load {_load()}) …", file=sys.stderr)
    floor = in_subprocess("floor", corpus)
    floor_rate = floor["sentences"] / floor["seconds"]
    print(f"stages (load {_load()}) …", file=sys.stderr)
    stages = in_subprocess("stages", corpus)
    stage_load = _load()
    print("exactness …", file=sys.stderr)
    exact = in_subprocess("exact", corpus)
    trials: dict[str, list[dict]] = {label: [] for label, _, _ in CONFIGURATIONS}
    loads = []
    for trial in range(args.repeats):
        for label, workers, engine in CONFIGURATIONS:
            print(f"analyze {label} (run {trial + 1} of {args.repeats}, load {_load()}) …", file=sys.stderr)
            trials[label].append(in_subprocess("analyze", corpus, workers=workers, engine=engine))
            loads.append(_load())
    runs = {label: _median_run(found) for label, found in trials.items()}
    digests = {run["digest"] for found in trials.values() for run in found}

    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}.",
        f"Versions: {_versions()}.",
        f"Corpus: {described}; {stages['sentences']:,} sentences, {stages['distinct']:,} distinct.",
        "Produced by `make bench` (`benchmarks/bench_pipeline.py`); every figure is measured in a fresh process.",
        f"Load average (1, 5, 15 min) when the run started: {load_before}; after the stages: {stage_load}.",
        "On a shared machine the seconds drift with the load; the ratios within this run (each stage against the",
        "bare VADER loop, each configuration against workers=1) are the figures to compare.",
        "",
        "## Per stage (one process)",
        "",
        "| stage | seconds | articles/s | sentences/s | ÷ bare VADER loop |",
        "|---|---:|---:|---:|---:|",
    ]
    rate = lambda seconds: stages["sentences"] / seconds if seconds else float("inf")
    for stage, seconds in stages["seconds"].items():
        lines.append(
            f"| {stage} | {seconds:.2f} | {stages['articles'] / max(seconds, 1e-9):,.0f} | {rate(seconds):,.0f} | {rate(seconds) / floor_rate:.2f}× |"
        )
    without = sum(seconds for stage, seconds in stages["seconds"].items() if stage != "attribution")
    total = without + stages["seconds"]["attribution"]
    lines += [
        f"| **all stages but attribution** | {without:.2f} | {stages['articles'] / without:,.0f} | {rate(without):,.0f} | **{rate(without) / floor_rate:.2f}×** |",
        f"| **all stages** | {total:.2f} | {stages['articles'] / total:,.0f} | {rate(total):,.0f} | {rate(total) / floor_rate:.2f}× |",
        "",
        f"- Bare `vaderSentiment` `polarity_scores` loop over the same {floor['sentences']:,} sentences: {floor['seconds']:.2f} s, "
        f"{floor_rate:,.0f} sentences/s.",
        f"- All per-article stages but attribution: **{rate(without) / floor_rate:.2f}×** the bare loop (goal ≥ 0.5×); "
        f"attribution (spaCy's parse of the sentences that need one, timed inside `newsframe.parse.parse_sentences` and "
        f"taken out of `quotes`) on its own: {stages['seconds']['attribution']:.2f} s.",
        f"- Exactness: over {exact['sentences']} sentences ({exact['distinct']} distinct) the largest difference between the pipeline's "
        f"VADER/TextBlob columns and NLTK's VADER and TextBlob is {exact['max_abs_difference']:.1e} (target ≤ 1e-9).",
        "",
        "## End to end (`analyze`, empty cache)",
        "",
        f"Each configuration ran {args.repeats} time(s), in turn, so that drift in the machine's speed affects all of them alike;",
        "the table shows the median run and, last, every run's seconds.  The shell cluster's time excludes starting the",
        "scheduler and workers (as with a cluster that is already running) and includes their first imports.",
        f"Load average after each run, in order: {'; '.join(loads)}.",
        "",
        "| configuration | seconds | sentences/s | speed-up | chunks | CPU s, parent | CPU s, workers | peak RSS (MB) | all runs (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    single = runs["workers=1"]
    for label, run in runs.items():
        lines.append(
            f"| {label} | {run['seconds']:.2f} | {run['sentences'] / run['seconds']:,.0f} "
            f"| {single['seconds'] / run['seconds']:.2f}× | {run['chunks']} | {run['parent_cpu']:.1f} | {run['worker_cpu']:.1f} | {run['peak_rss_mb']:,.0f} "
            f"| {', '.join(f'{x:.2f}' for x in run['all_seconds'])} |"
        )
    speedup = lambda label: single["seconds"] / runs[label]["seconds"]
    lines += [
        "",
        f"- `analyze(workers=1)` end to end: {single['sentences'] / single['seconds']:,.0f} sentences/s = "
        f"{single['sentences'] / single['seconds'] / floor_rate:.2f}× the bare VADER loop (attribution included).",
        f"- `workers=2`: **{speedup('workers=2'):.2f}×** one process (goal ≥ 1.8×); Dask on a 2-worker LocalCluster: "
        f"{speedup('dask LocalCluster, 2 workers'):.2f}×; on a scheduler and 2 workers started from the shell: "
        f"**{speedup('dask scheduler + 2 workers from the shell'):.2f}×** (goal ≥ 1.7×).",
        f"- Tables of every run: {'byte-identical (one digest)' if len(digests) == 1 else f'NOT identical ({len(digests)} digests)'}.",
    ]
    if args.big:
        print(f"writing {args.big} mutated synthetic articles for the memory run …", file=sys.stderr)
        big = work / "big"
        make_corpus.write_corpus(args.big, big, formats=("jsonl",))
        print(f"analyze on the big corpus (workers=2, load {_load()}) …", file=sys.stderr)
        run = in_subprocess("analyze", big / "corpus.jsonl", workers=2, engine="local")
        lines += [
            "",
            "## Memory",
            "",
            f"{args.big:,} synthetic articles from `make_corpus.py` (seed 0, every sentence mutated, so no per-text cache helps; "
            f"{run['sentences']:,} sentences, {run['chunks']} chunks), `analyze(workers=2)`: {run['seconds']:.0f} s "
            f"(load average after: {_load()}), peak RSS of the parent **{run['parent_peak_rss_mb']:,.0f} MB**, "
            f"of the largest worker **{run['worker_peak_rss_mb']:,.0f} MB** (target ≤ 2,000 MB; memory grows with the chunk size, "
            f"{run['chunks']} chunks of at most 200 articles, not with the corpus).",
        ]
    print("event merging on varied labels …", file=sys.stderr)
    merging = in_subprocess("events", corpus)
    lines += [
        "",
        "## Event merging on varied labels",
        "",
        "The synthetic corpus repeats the seeds' few event labels; `varied_timeline` gives mentions with labels drawn",
        'from a Zipf vocabulary plus "China" / "Russia", as real news would. `merge_events` (one process):',
        "",
        "| mentions | events | seconds |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {int(n):,} | {run['events']:,} | {run['seconds']:.2f} |" for n, run in merging.items()]
    lines += [
        "",
        "## Cache-friendly best case",
        "",
        "`RESULTS-recombined-seeds.md` keeps the figures measured before issue 20 on the old generator, which",
        "recombined the seeds' paragraphs verbatim (about 170 distinct sentences in 2,000): the per-text caches",
        "hit on nearly every sentence there, so they show what repetition buys, not the speed on real news.",
        "",
        f"Load average (1, 5, 15 min) when the run ended: {_load()}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus-dir",
        dest="corpus_dir",
        type=Path,
        default=POLNEAR_TRAIN,
        help="folder of real news .txt files for the stage and end-to-end figures (default: PolNeAR train beside the project)",
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="use only the first N articles of --corpus-dir (0: all), for a quick check"
    )
    parser.add_argument(
        "--articles", type=int, default=2_000, help="mutated synthetic articles used when --corpus-dir is absent"
    )
    parser.add_argument(
        "--big",
        type=int,
        default=5_000,
        help="mutated synthetic articles for the peak-memory run (0 to skip; --big 100000 for the issue's figure, about an hour on 2 cores)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="runs of each end-to-end configuration; the median is reported",
    )
    parser.add_argument(
        "--measure",
        choices=("floor", "stages", "exact", "analyze", "events"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        options = json.loads(args.options)
        measures = {
            "floor": measure_vader_floor,
            "stages": measure_stages,
            "exact": measure_exactness,
            "analyze": measure_analyze,
            "events": measure_events,
        }
        print(json.dumps(measures[args.measure](args.corpus, **options)))
        return
    work = Path(tempfile.mkdtemp(prefix="newsframe-bench-"))
    try:
        text = report(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
