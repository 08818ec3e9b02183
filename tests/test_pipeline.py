"""The streaming pipeline: identical tables on every engine, a cache that knows when it is stale, bounded chunks."""
from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsframe import pipeline
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


def test_tables_are_identical_across_engines(small_corpus: Path, tmp_path: Path) -> None:
    serial = analyze(small_corpus, cache_dir=tmp_path / "serial", chunk_size=5)
    processes = analyze(small_corpus, cache_dir=tmp_path / "processes", chunk_size=5, workers=2)
    dask = analyze(small_corpus, cache_dir=tmp_path / "dask", chunk_size=5, workers=2, engine="dask")
    reference = _digest(serial)
    assert _digest(processes) == reference
    assert _digest(dask) == reference
    assert len(serial.sentences) > 100 and len(serial.quotes) > 0 and len(serial.timeline) > 0


def test_a_given_dask_client_gets_the_same_tables(small_corpus: Path, tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    serial = analyze(small_corpus, cache_dir=tmp_path / "serial", chunk_size=5)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        given = analyze(small_corpus, cache_dir=tmp_path / "given", chunk_size=5, engine="dask", client=client)
    assert _digest(given) == _digest(serial)


def test_chunks_bound_the_work_in_memory(small_corpus: Path, tmp_path: Path) -> None:
    analysis = analyze(small_corpus, cache_dir=tmp_path, chunk_size=5)
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


def test_an_interrupted_build_leaves_no_cache_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(folder: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_corpus_steps", explode)
    with pytest.raises(KeyboardInterrupt):
        analyze(SEEDS_DIR, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_articles_table_input_and_seed_facts(seed_raw: pd.DataFrame, tmp_path: Path) -> None:
    analysis = analyze(seed_raw, cache_dir=tmp_path)
    assert list(analysis.articles["doc_id"]) == list(seed_raw["doc_id"])
    assert (analysis.articles["language"] == "en").all()
    assert set(analysis.events.loc[analysis.events["n_sources"] == 2, "values"].map(tuple)) >= {("1991",), ("2001",)}
    stoltenberg = analysis.quotes[analysis.quotes["text"].str.startswith("a significant threat")]
    assert stoltenberg["speaker"].tolist() == ["Jens Stoltenberg"]


def test_progress_names_the_corpus_step(small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    analyze(small_corpus, cache_dir=tmp_path, chunk_size=12, progress=True)
    shown = capsys.readouterr().err
    assert "analysing: 2chunk" in shown, "the bar counts chunks"
    assert "merging dated mentions across articles into events" in shown, "the serial step after the bar is announced"
    analyze(small_corpus, cache_dir=tmp_path, chunk_size=12, progress=False)
    assert capsys.readouterr().err == "", "silent when asked"


def test_unknown_engine_is_rejected() -> None:
    with pytest.raises(ValueError, match="engine"):
        analyze(SEEDS_DIR, engine="spark")


@pytest.mark.parametrize(
    ("engine", "message"),
    [("local", "analyze(workers=2): a worker process stopped"), ("dask", "analyze(engine='dask'): the local Dask cluster did not start")],
)
def test_workers_started_from_an_unguarded_script_give_a_clear_error(tmp_path: Path, engine: str, message: str) -> None:
    import subprocess
    import sys

    script = tmp_path / "unguarded.py"
    script.write_text(
        "from newsframe.pipeline import analyze\n"
        f"analyze({str(SEEDS_DIR)!r}, workers=2, engine={engine!r}, cache_dir={str(tmp_path / 'cache')!r}, progress=False)\n"
    )
    completed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, check=False)
    assert completed.returncode != 0
    last = completed.stderr.strip().splitlines()[-1]
    assert last.startswith(f"newsframe.errors.NewsframeError: {message}")
    assert 'if __name__ == "__main__":' in last
    assert not list((tmp_path / "cache").glob("*"))
