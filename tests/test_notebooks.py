"""End to end: the runner executes every notebook on the seeds and leaves tables, figures and HTML."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsframe.__main__ import main
from newsframe.paths import NOTEBOOKS_DIR
from newsframe.run import discover_notebooks

NOTEBOOKS = [nb.stem for nb in discover_notebooks(NOTEBOOKS_DIR)]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, Path]:
    root = tmp_path_factory.mktemp("run")
    outputs, reports = root / "outputs", root / "reports"
    status = main(["run", "--corpus", "seeds", "--output-dir", str(outputs), "--reports-dir", str(reports)])
    return status, outputs, reports


def test_every_notebook_runs_on_the_seeds(seed_run: tuple[int, Path, Path]) -> None:
    status, outputs, reports = seed_run
    assert status == 0
    assert NOTEBOOKS[0] == "00-corpus-overview"
    for name in NOTEBOOKS:
        assert (outputs / "notebooks" / f"{name}.ipynb").is_file()
        assert not (outputs / "notebooks" / f"{name}.failed.ipynb").exists()
        assert (reports / f"{name}.html").is_file()
        assert (reports / "readers" / f"{name}.html").is_file()
        assert list((outputs / "tables" / name).glob("*.csv")), f"{name} wrote no tables"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in NOTEBOOKS)


def test_overview_tables_hold_the_seed_facts(seed_run: tuple[int, Path, Path]) -> None:
    _, outputs, _ = seed_run
    tables = outputs / "tables" / "00-corpus-overview"
    articles = pd.read_csv(tables / "articles.csv", dtype=str, keep_default_na=False)
    assert len(articles) == 5
    assert articles.set_index(articles["doc_id"].str.slice(0, 3)).loc["002", "published"] == "2024-05-18"
    log = pd.read_csv(tables / "cleaning_log.csv", keep_default_na=False)
    assert "How would you rate this article?" in set(log["text"])
    stats = pd.read_csv(tables / "article_stats.csv")
    assert (stats["sentences"] > 10).all()
    assert list((outputs / "figures").glob("00-*.png"))


def test_a_corpus_without_statements_leaves_no_stale_stance_table(seed_run: tuple[int, Path, Path], tmp_path: Path) -> None:
    """Tables once written only when non-empty survived from the seeds while the run said "ok"."""
    _, seed_outputs, seed_reports = seed_run
    outputs, reports = tmp_path / "outputs", tmp_path / "reports"
    shutil.copytree(seed_outputs, outputs)
    shutil.copytree(seed_reports, reports)
    seeded = outputs / "tables" / "02-stance-comparison" / "stance_table.csv"
    assert len(seeded.read_text().splitlines()) > 1
    corpus = tmp_path / "plain"
    corpus.mkdir()
    for number, topic in enumerate(("energy", "grain")):
        (corpus / f"{number}.txt").write_text(
            f"Trade in {topic} between Russia and China grew in 2023.\nShipments rose again in the spring.\n")
    status = main(["run", "--corpus", str(corpus), "--only", "02", "--output-dir", str(outputs), "--reports-dir", str(reports)])
    assert status == 0
    tables = outputs / "tables" / "02-stance-comparison"
    assert (tables / "statements.csv").read_text().splitlines() == ["camp,speaker,kind,cue,doc_id,statement_id,text"]
    assert seeded.read_text() == "camp,target,n,mean_score,ci_low,ci_high,statement_ids\n"
    assert (tables / "distinctive_terms.csv").read_text() == "group,term,count,log_odds,z\n"
    assert not (outputs / "figures" / "02-stance-by-camp.png").exists()
    assert (outputs / "tables" / "00-corpus-overview" / "articles.csv").read_bytes() == (
        seed_outputs / "tables" / "00-corpus-overview" / "articles.csv").read_bytes()
