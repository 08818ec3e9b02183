"""The streaming pipeline: identical tables on every engine, a cache that knows when it is stale, bounded chunks."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from newsframe import pipeline
from newsframe.dask_settings import DASK_CONFIG_FILE, dask_settings
from newsframe.outputs import table_bytes
from newsframe.paths import PROJECT_ROOT, SEEDS_DIR
from newsframe.pipeline import TABLES, analyze


def _load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", PROJECT_ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digest(analysis: pipeline.Analysis) -> dict[str, str]:
    digests = {}
    for name in TABLES:
        table = getattr(analysis, name).copy()
        for column in table.columns:
            if table[column].map(lambda value: isinstance(value, list)).any():
                table[column] = table[column].map(repr)
        digests[name] = hashlib.sha256(table_bytes(table)).hexdigest()
    return digests


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    _load_make_corpus().write_corpus(24, out, seed=3, formats=("jsonl",))
    return out / "corpus.jsonl"


def test_synthetic_corpus_is_deterministic(tmp_path: Path) -> None:
    make_corpus = _load_make_corpus()
    make_corpus.write_corpus(5, tmp_path / "a", seed=1)
    make_corpus.write_corpus(5, tmp_path / "b", seed=1)
    for name in ("corpus.jsonl", "txt/manifest.csv", "txt/syn0000004.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    make_corpus.write_corpus(5, tmp_path / "c", seed=2)
    assert (tmp_path / "a" / "corpus.jsonl").read_bytes() != (tmp_path / "c" / "corpus.jsonl").read_bytes()


def test_synthetic_sentences_do_not_repeat_unless_recombined(tmp_path: Path) -> None:
    """The benchmark generator mutates every sentence, so per-text caches cannot hit more than on real news."""
    from newsframe.clean import clean_articles
    from newsframe.corpus import load_corpus
    from newsframe.segment import split_sentences

    make_corpus = _load_make_corpus()
    shares = {}
    for mutate in (True, False):
        make_corpus.write_corpus(60, tmp_path / str(mutate), seed=0, formats=("jsonl",), mutate=mutate)
        sentences = split_sentences(clean_articles(load_corpus(tmp_path / str(mutate) / "corpus.jsonl"))[0])
        shares[mutate] = sentences["text"].nunique() / len(sentences)
        assert len(sentences) > 1000
    assert shares[True] > 0.99 and shares[False] < 0.5, shares


@pytest.mark.slow
def test_tables_are_identical_across_engines(small_corpus: Path, tmp_path: Path) -> None:
    serial = analyze(small_corpus, cache_dir=tmp_path / "serial", workers=1, chunk_size=5)
    processes = analyze(small_corpus, cache_dir=tmp_path / "processes", chunk_size=5, workers=2)
    dask = analyze(small_corpus, cache_dir=tmp_path / "dask", chunk_size=5, workers=2, engine="dask")
    reference = _digest(serial)
    assert _digest(processes) == reference
    assert _digest(dask) == reference
    one_chunk = analyze(small_corpus, cache_dir=tmp_path / "one_chunk", workers=1, chunk_size=24)
    assert _digest(one_chunk) == reference, "the chunks decide nothing (target scores: each article batched apart)"
    assert len(serial.sentences) > 100 and len(serial.quotes) > 0 and len(serial.timeline) > 0
    assert len(serial.target_scores) > 10


def _worker_settings(client: object) -> set[tuple[object, str | None]]:
    """Each Dask worker's profiler setting and ``MALLOC_TRIM_THRESHOLD_`` (Dask's defaults: on, 65536).

    Functions of installed modules only: a shell-started worker cannot import this test file.
    """
    import dask

    profile = client.run(dask.config.get, "distributed.worker.profile.enabled")
    trim = client.run(os.getenv, "MALLOC_TRIM_THRESHOLD_")
    return {(profile[worker], trim[worker]) for worker in profile}


def test_dask_settings_are_the_data_files_leaves_as_dotted_keys() -> None:
    settings = dask_settings()
    assert settings["distributed.worker.profile.enabled"] is False
    assert settings["distributed.admin.tick.interval"] == "1s"
    assert settings["distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"] is None
    assert all(not isinstance(value, dict) for value in settings.values())  # a dict would replace a whole subtree


@pytest.mark.slow  # starts worker processes
def test_the_local_dask_cluster_runs_with_newsframes_settings() -> None:
    import dask

    with pipeline._dask_client(2, None) as (client, own_cluster):
        assert own_cluster
        assert _worker_settings(client) == {(False, None)}
        assert set(client.run(lambda: "newsframe.sentiment" in sys.modules).values()) == {True}  # preloaded
        assert (
            client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.periodic_callbacks["tick"].callback_time)
            == 1000
        )
    assert dask.config.get("distributed.worker.profile.enabled") is True  # this process's configuration is restored


@pytest.mark.slow  # starts worker processes
def test_a_given_dask_client_gets_the_same_tables(small_corpus: Path, tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    serial = analyze(small_corpus, cache_dir=tmp_path / "serial", workers=1, chunk_size=5)
    with (
        LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        given = analyze(
            small_corpus, cache_dir=tmp_path / "given", workers=1, chunk_size=5, engine="dask", client=client
        )
    assert _digest(given) == _digest(serial)


def test_chunks_bound_the_work_in_memory(small_corpus: Path, tmp_path: Path) -> None:
    analysis = analyze(small_corpus, cache_dir=tmp_path, workers=1, chunk_size=5)
    assert analysis.n_chunks == 5
    parts = sorted(p.name for p in (analysis.path / "sentences").glob("part-*.parquet"))
    assert parts == [f"part-{i:06d}.parquet" for i in range(5)]
    assert analysis.articles["doc_id"].is_monotonic_increasing


def test_cache_hit_and_invalidation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS_DIR, corpus)
    first = analyze(corpus, cache_dir=tmp_path / "cache")
    again = analyze(corpus, cache_dir=tmp_path / "cache")
    assert not first.from_cache and again.from_cache and again.path == first.path

    article = next(corpus.glob("004_*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence about trade.\n", encoding="utf-8")
    edited = analyze(corpus, cache_dir=tmp_path / "cache")
    assert not edited.from_cache and edited.path != first.path

    monkeypatch.setattr(pipeline, "library_fingerprint", lambda: "a newer library")
    upgraded = analyze(corpus, cache_dir=tmp_path / "cache")
    assert not upgraded.from_cache and upgraded.path not in (first.path, edited.path)


def test_completion_record_counts_and_names_the_corpus_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsframe.corpus import corpus_hash

    built = analyze(SEEDS_DIR, cache_dir=tmp_path)
    record = json.loads((built.path / "COMPLETE").read_text(encoding="utf-8"))
    assert record["n_articles"] == 5 and record["corpus_hash"] == corpus_hash(SEEDS_DIR)
    monkeypatch.setattr(pipeline, "read_table", lambda *args: pytest.fail("a table was read"))
    opened = analyze(SEEDS_DIR, cache_dir=tmp_path)
    assert opened.from_cache and opened.n_articles == 5 and opened.corpus_hash == corpus_hash(SEEDS_DIR)
    assert opened.rows("sentences") == built.rows("sentences") > 100
    monkeypatch.undo()
    assert opened.rows("sentences") == len(opened.sentences) and opened.n_articles == len(opened.articles)


def _count_chunks(
    monkeypatch: pytest.MonkeyPatch, *, fail_on: int | None = None, error: type[BaseException] = KeyboardInterrupt
) -> list[int]:
    """Count the chunks analysed (in this process); raise ``error`` when chunk number ``fail_on`` (from 0) starts."""
    calls: list[int] = []
    real = pipeline.analyze_chunk

    def counting(raw: pd.DataFrame, **options: object) -> dict[str, pd.DataFrame]:
        if fail_on is not None and len(calls) == fail_on:
            raise error("stopped")
        calls.append(len(raw))
        return real(raw, **options)

    monkeypatch.setattr(pipeline, "analyze_chunk", counting)
    return calls


def test_an_interrupted_build_keeps_its_finished_chunks_and_the_next_run_continues(
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = _digest(analyze(small_corpus, cache_dir=tmp_path / "reference", workers=1, chunk_size=5))
    with monkeypatch.context() as patch:
        _count_chunks(patch, fail_on=3)
        with pytest.raises(KeyboardInterrupt):
            analyze(small_corpus, cache_dir=tmp_path / "cache", workers=1, chunk_size=5)
    assert not [p for p in (tmp_path / "cache").iterdir() if p.is_dir() and not p.name.startswith(".")], (
        "no complete cache"
    )
    calls = _count_chunks(monkeypatch)
    resumed = analyze(small_corpus, cache_dir=tmp_path / "cache", workers=1, chunk_size=5)
    assert calls == [5, 4], "only the two chunks left unfinished are analysed again"
    assert _digest(resumed) == reference


def test_a_failed_build_is_continued_too_and_only_the_final_steps_are_redone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_corpus_steps", explode)
        with pytest.raises(OSError):
            analyze(SEEDS_DIR, cache_dir=tmp_path, workers=1, chunk_size=2)
    calls = _count_chunks(monkeypatch)
    analysis = analyze(SEEDS_DIR, cache_dir=tmp_path, workers=1, chunk_size=2)
    assert calls == [] and len(analysis.events) > 0 and analysis.n_chunks == 3


def _complete_parts(analysis: pipeline.Analysis, table: str) -> list[Path]:
    return sorted((analysis.path / table).glob("part-*.parquet"))


@pytest.mark.parametrize("damage", ["truncate", "delete", "alter"])
def test_a_damaged_cache_is_detected_on_open_and_only_its_chunk_rebuilt(
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    first = analyze(small_corpus, cache_dir=tmp_path, workers=1, chunk_size=5)
    reference = _digest(first)
    part = _complete_parts(first, "sentences")[2]
    payload = part.read_bytes()
    if damage == "truncate":
        part.write_bytes(payload[: len(payload) // 2])
    elif damage == "delete":
        part.unlink()
    else:
        part.write_bytes(payload[:100] + bytes([payload[100] ^ 0xFF]) + payload[101:])
    calls = _count_chunks(monkeypatch)
    with pytest.warns(UserWarning, match="damaged"):
        again = analyze(small_corpus, cache_dir=tmp_path, workers=1, chunk_size=5)
    assert not again.from_cache and again.path == first.path
    assert calls == [5], "only the damaged chunk is analysed again"
    assert _digest(again) == reference
    assert analyze(small_corpus, cache_dir=tmp_path, workers=1, chunk_size=5).from_cache


def test_leftovers_of_a_killed_run_are_cleaned_and_nothing_else(small_corpus: Path, tmp_path: Path) -> None:
    key = "0123456789abcdef0123"
    leftovers = [tmp_path / f".{key}.k3j2h1.building", tmp_path / ".fedcba98765432100000.building"]
    for folder in leftovers:
        (folder / "sentences").mkdir(parents=True)
        (folder / "sentences" / "part-000000.parquet").write_bytes(b"half")
    mine = [tmp_path / "notes.txt", tmp_path / ".my.building"]
    mine[0].write_text("keep me")
    mine[1].mkdir()
    analysis = analyze(small_corpus, cache_dir=tmp_path, workers=1, chunk_size=12)
    assert not any(folder.exists() for folder in leftovers)
    assert all(path.exists() for path in mine)
    assert list(tmp_path.glob(".*.building")) == [mine[1]]
    assert len(analysis.sentences) > 100


def test_articles_table_input_and_seed_facts(seed_raw: pd.DataFrame, tmp_path: Path) -> None:
    analysis = analyze(seed_raw, cache_dir=tmp_path)
    assert list(analysis.articles["doc_id"]) == list(seed_raw["doc_id"])
    assert (analysis.articles["language"] == "en").all()
    assert set(analysis.events.loc[analysis.events["n_sources"] == 2, "values"].map(tuple)) >= {("1991",), ("2001",)}
    stoltenberg = analysis.quotes[analysis.quotes["text"].str.startswith("a significant threat")]
    assert stoltenberg["speaker"].tolist() == ["Jens Stoltenberg"]


def test_output_dir_owns_the_cache_and_target_scores_are_a_table_of_the_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsframe.stance import statement_mentions, statement_targets

    analysis = analyze(SEEDS_DIR, output_dir=tmp_path)
    assert analysis.cache_dir == tmp_path / "cache" and analysis.path.parent == tmp_path / "cache"
    quotes = analysis.quotes
    attributed = quotes[quotes["camp"].isin(pipeline.STANCE_CAMPS)].reset_index(drop=True)
    expected = statement_targets(attributed, analysis.sentences, threads=1)  # the analysis scores on one thread
    pd.testing.assert_frame_equal(analysis.target_scores, expected, check_exact=True)
    assert set(expected["camp"]) == set(pipeline.STANCE_CAMPS)
    mentions = statement_mentions(attributed, analysis.sentences)
    left_out = mentions[mentions["target"] == ""].reset_index(drop=True)
    pd.testing.assert_frame_equal(analysis.targets_left_out, left_out, check_exact=True, check_dtype=False)
    assert len(analysis.targets_left_out) + len(expected) == len(mentions)

    def no_model(*args: object, **kwargs: object) -> pd.DataFrame:
        raise AssertionError("the stance model ran again although nothing changed")

    monkeypatch.setattr("newsframe.stance.statement_targets_and_left_out", no_model)
    again = analyze(SEEDS_DIR, output_dir=tmp_path)
    assert again.from_cache
    pd.testing.assert_frame_equal(again.target_scores, expected, check_exact=True)


@pytest.mark.parametrize("form", ["jsonl", "csv", "txt"])
def test_progress_shows_a_total_and_names_the_corpus_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    _load_make_corpus().write_corpus(24, tmp_path, seed=3, formats=("txt" if form == "txt" else "jsonl",))
    corpus = tmp_path / ("txt" if form == "txt" else f"corpus.{form}")
    if form == "csv":  # quoted text fields spanning lines: the total counts records, not lines
        pd.read_json(tmp_path / "corpus.jsonl", lines=True, dtype=False).to_csv(corpus, index=False)
    analysis = analyze(corpus, cache_dir=tmp_path / "cache", workers=1, chunk_size=12, progress=True)
    shown = capsys.readouterr().err
    assert "analysing: 100%" in shown and "24/24" in shown, "the bar counts articles against a total, so it has an ETA"
    assert f"merging {len(analysis.timeline):,} dated mentions from 24 articles into events" in shown, (
        "the serial step says how much it merges"
    )
    analyze(corpus, cache_dir=tmp_path / "quiet", workers=1, chunk_size=12, progress=False)
    assert capsys.readouterr().err == "", "silent when asked"


def test_unknown_engine_is_rejected() -> None:
    with pytest.raises(ValueError, match="engine"):
        analyze(SEEDS_DIR, engine="spark")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("engine", "message"),
    [
        ("local", "analyze(workers=2): a worker process stopped"),
        ("dask", "analyze(engine='dask'): the local Dask cluster did not start"),
    ],
)
def test_workers_started_from_an_unguarded_script_give_a_clear_error(tmp_path: Path, engine: str, message: str) -> None:
    import subprocess

    script = tmp_path / "unguarded.py"
    script.write_text(
        "from newsframe.pipeline import analyze\n"
        f"analyze({str(SEEDS_DIR)!r}, workers=2, engine={engine!r}, chunk_size=2, cache_dir={str(tmp_path / 'cache')!r}, progress=False)\n"
    )
    completed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, check=False)
    assert completed.returncode != 0
    last = completed.stderr.strip().splitlines()[-1]
    assert last.startswith(f"newsframe.errors.NewsframeError: {message}")
    assert 'if __name__ == "__main__":' in last
    assert not [p for p in (tmp_path / "cache").glob("*") if not p.name.startswith(".")], "no complete analysis"


def _fail_for(monkeypatch: pytest.MonkeyPatch, module: str, name: str, doc_id: str) -> None:
    """Make ``module.name`` (a stage taking the articles table first) raise whenever ``doc_id`` is among its articles."""
    import importlib

    target = importlib.import_module(module)
    real = getattr(target, name)

    def failing(articles: pd.DataFrame, *args: object, **kwargs: object) -> object:
        if doc_id in set(articles["doc_id"]):
            raise ZeroDivisionError(f"boom in {doc_id}")
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def test_one_article_failing_a_stage_is_reported_and_the_others_are_unchanged(
    seed_raw: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = seed_raw["doc_id"].iloc[2]
    reference = _digest(
        analyze(seed_raw[seed_raw["doc_id"] != bad].reset_index(drop=True), cache_dir=tmp_path / "without")
    )
    _fail_for(monkeypatch, "newsframe.quotes", "extract_quotes", bad)
    analysis = analyze(seed_raw, cache_dir=tmp_path / "with")
    errors = analysis.errors
    assert errors[["doc_id", "stage", "error"]].values.tolist() == [[bad, "quotes", "ZeroDivisionError"]]
    assert errors["message"].tolist() == [f"boom in {bad}"]
    assert all(bad not in set(getattr(analysis, name)["doc_id"]) for name in pipeline.CHUNK_TABLES if name != "errors")
    assert {name: value for name, value in _digest(analysis).items() if name != "errors"} == {
        name: value for name, value in reference.items() if name != "errors"
    }
    with pytest.raises(ZeroDivisionError, match="boom"):
        analyze(seed_raw, cache_dir=tmp_path / "strict", strict=True)
    with pytest.raises(ZeroDivisionError, match="boom"):  # also when the failure was cached
        analyze(seed_raw, cache_dir=tmp_path / "with", strict=True)


def test_an_article_that_breaks_event_merging_is_left_out_of_events_only(
    seed_raw: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsframe import events

    clean = analyze(seed_raw, cache_dir=tmp_path / "clean")
    bad = clean.timeline["doc_id"].iloc[0]
    real = events.merge_events

    def failing(table: pd.DataFrame, **options: object) -> pd.DataFrame:
        if bad in set(table["doc_id"]):
            raise KeyError("a mention that cannot be merged")
        return real(table, **options)

    monkeypatch.setattr(events, "merge_events", failing)
    analysis = analyze(seed_raw, cache_dir=tmp_path / "failing")
    assert analysis.errors[["doc_id", "stage", "error"]].values.tolist() == [[bad, "events", "KeyError"]]
    expected = real(clean.timeline[clean.timeline["doc_id"] != bad])
    assert analysis.events["event_id"].tolist() == expected["event_id"].tolist()
    assert len(analysis.timeline) == len(clean.timeline), "the article's other tables are kept"


def test_the_real_corpus_that_crashed_analysis_has_no_errors(tmp_path: Path) -> None:
    """Dates PolNeAR's train texts hold ("1600 Pennsylvania Avenue", "a 7th-century stop"), in articles of their own."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Sanders will do what it takes to stop Trump from reaching 1600 Pennsylvania Avenue in 2017.\n"
    )
    (corpus / "b.txt").write_text(
        "This is reputed to have been a 7th-century stop for Silk Road merchants. The talks on May 1617 were held.\n"
    )
    (corpus / "c.txt").write_text(
        "Trade grew in the 1600s, in 1650 and in the 16th century, and in the first century.\n"
    )
    analysis = analyze(corpus, cache_dir=tmp_path / "cache")
    assert analysis.errors.empty
    history = analysis.timeline[analysis.timeline["doc_id"].isin(["b", "c"])]
    assert set(history["granularity"]) == {"out_of_window"} and history["date_start"].isna().all()
    assert str(analysis.timeline["date_start"].dtype) == "datetime64[ns]"
    assert "1600" not in set(analysis.timexes["value"]) and "1617" not in set(analysis.timexes["value"])
    assert analysis.timeline.loc[analysis.timeline["doc_id"] == "a", "value"].tolist() == ["2017"], (
        "the address is no event"
    )


@pytest.mark.slow  # starts worker processes
def test_workers_default_to_the_usable_cpus_and_chunks_to_the_workers(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    assert pipeline.usable_cpus() == (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    )
    assert pipeline.chunk_size_for(840, 1) == pipeline.PIPELINE_CHUNK_SIZE
    assert pipeline.chunk_size_for(840, 2) == 105  # 8 chunks: 4 per worker
    assert pipeline.chunk_size_for(100_000, 2) == pipeline.PIPELINE_CHUNK_SIZE
    assert pipeline.chunk_size_for(30, 2) == pipeline.MIN_CHUNK_SIZE
    seen: list[tuple[int, int]] = []
    real = pipeline._build
    monkeypatch.setattr(pipeline, "usable_cpus", lambda: 2)
    monkeypatch.setattr(
        pipeline, "_build", lambda *args, **kw: seen.append((kw["workers"], kw["chunk_size"])) or real(*args, **kw)
    )
    default = analyze(small_corpus, cache_dir=tmp_path / "default", progress=False)
    single = analyze(small_corpus, cache_dir=tmp_path / "single", workers=1, progress=False)
    seeds = analyze(SEEDS_DIR, cache_dir=tmp_path / "seeds", progress=False)
    assert seen == [(2, 20), (1, 200), (1, 20)], (
        "2 workers on 24 articles (2 chunks); one process for the 5 seeds (one chunk)"
    )
    assert default.n_chunks == 2 and _digest(default) == _digest(single)
    assert len(seeds.articles) == 5


@pytest.mark.slow
def test_a_scheduler_and_two_workers_started_from_the_shell_give_the_tables_of_one_process(
    small_corpus: Path, tmp_path: Path
) -> None:
    """The README's cluster recipe, as written: ``dask scheduler`` and two ``dask worker`` processes, then analyze(client=…)."""
    import socket
    import subprocess

    from dask.distributed import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = [str(Path(sys.executable).with_name("dask"))]  # the venv's ``dask`` command, as a user would type it
    log = (tmp_path / "cluster.log").open("w")
    shell = {"stdout": log, "stderr": log, "env": os.environ | {"DASK_CONFIG": str(DASK_CONFIG_FILE)}}
    processes = [
        subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **shell)
    ]
    try:
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], **shell
                )
            )
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
            assert _worker_settings(client) == {(False, None)}  # DASK_CONFIG reached the workers
            assert set(client.run(lambda: "newsframe.sentiment" in sys.modules).values()) == {True}  # preloaded
            clustered = analyze(
                small_corpus, cache_dir=tmp_path / "cluster", engine="dask", client=client, progress=False
            )
        serial = analyze(small_corpus, cache_dir=tmp_path / "serial", workers=1, progress=False)
        assert clustered.n_chunks == 2  # chunks sized for the two workers
        assert _digest(clustered) == _digest(serial)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
