"""End to end: the runner executes every notebook on the seeds and on a corpus that is not the seeds.

Both runs must leave tables, figures and HTML; the readers' pages must carry no warning,
progress bar or traceback; on ``tests/corpora/nonseed`` (six articles written for the tests)
nothing may speak of the seeds; and in headless Chromium, from ``file://``, every page of both
runs loads with no network request and its long tables filter when searched.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from newsframe.__main__ import main
from newsframe.paths import NOTEBOOKS_DIR, SEEDS_DIR
from newsframe.reports import PAGE_SIZE_LIMIT
from newsframe.run import discover_notebooks
from test_browser import LOCAL_SCHEMES, browser, open_page  # noqa: F401  (browser is a fixture)

NOTEBOOKS = [nb.stem for nb in discover_notebooks(NOTEBOOKS_DIR)]
NONSEED = Path(__file__).parent / "corpora" / "nonseed"
NOISE = ("Warning", "IProgress", "Traceback")
# Long tables of each notebook that must be interactive on both corpora.
INTERACTIVE = {
    "01-sentiment-framing": "nf_frame_extremes",
    "02-stance-comparison": "nf_statements",
    "03-timeline": "nf_timeline",
}

# runs every notebook through the runner: left out of `make test-fast`
pytestmark = [pytest.mark.xdist_group("notebook_runs"), pytest.mark.slow]


def _run(root: Path, corpus: str) -> tuple[int, Path, Path]:
    outputs, reports = root / "outputs", root / "reports"
    status = main(["run", "--corpus", corpus, "--output-dir", str(outputs), "--reports-dir", str(reports)])
    return status, outputs, reports


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, Path]:
    return _run(tmp_path_factory.mktemp("run"), "seeds")


@pytest.fixture(scope="module")
def nonseed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, Path]:
    return _run(tmp_path_factory.mktemp("nonseed_run"), str(NONSEED))


def _reader_text(reports: Path, name: str) -> str:
    """The readers' page as text a person sees: tags, scripts and styles dropped."""
    page = (reports / "readers" / f"{name}.html").read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", page)


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
        for page in (reports / f"{name}.html", reports / "readers" / f"{name}.html"):
            assert page.stat().st_size < PAGE_SIZE_LIMIT, f"{page} is {page.stat().st_size:,} bytes"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in NOTEBOOKS)
    assert re.search(r"Readers' version</a> <span class=\"note\">\(\d+(\.\d)? (kB|MB)\)", index), (
        "page sizes in the index"
    )


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


def test_a_corpus_without_statements_leaves_no_stale_stance_table(
    seed_run: tuple[int, Path, Path], tmp_path: Path
) -> None:
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
            f"Trade in {topic} between Russia and China grew in 2023.\nShipments rose again in the spring.\n"
        )
    status = main(
        ["run", "--corpus", str(corpus), "--only", "02", "--output-dir", str(outputs), "--reports-dir", str(reports)]
    )
    assert status == 0
    tables = outputs / "tables" / "02-stance-comparison"
    assert (tables / "statements.csv").read_text().splitlines() == [
        "camp,camp_source,speaker,speaker_kind,kind,cue,doc_id,statement_id,text"
    ]
    assert seeded.read_text() == "camp,target,n,mean_score,ci_low,ci_high,statement_ids\n"
    assert (tables / "distinctive_terms.csv").read_text() == "group,term,count,log_odds,z\n"
    assert not (outputs / "figures" / "02-stance-by-camp.png").exists()
    assert (outputs / "tables" / "00-corpus-overview" / "articles.csv").read_bytes() == (
        seed_outputs / "tables" / "00-corpus-overview" / "articles.csv"
    ).read_bytes()


@pytest.mark.parametrize("run", ["seed_run", "nonseed_run"])
def test_readers_pages_carry_no_warnings_progress_bars_or_tracebacks(run: str, request: pytest.FixtureRequest) -> None:
    status, _, reports = request.getfixturevalue(run)
    assert status == 0
    for name in NOTEBOOKS:
        text = _reader_text(reports, name)
        found = [word for word in NOISE if word in text]
        assert not found, f"{run} {name}: {found} in the readers' page"


def test_nothing_on_the_nonseed_corpus_speaks_of_the_seeds(nonseed_run: tuple[int, Path, Path]) -> None:
    status, outputs, reports = nonseed_run
    assert status == 0
    with (SEEDS_DIR / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        seed_rows = list(csv.DictReader(handle))
    # "seed" alone is also the bootstrap's parameter; the corpus is "the seeds", "seed corpus", "seed articles".
    seed_words = {r"\bseeds\b", r"\bseed (corpus|articles?)\b", r"\bthe five\b", r"\bfive articles\b"}
    seed_words |= {re.escape(Path(row["file"]).stem) for row in seed_rows}
    seed_words |= {re.escape(row[column]) for row in seed_rows for column in ("title", "outlet") if row[column]}
    for name in NOTEBOOKS:
        text = _reader_text(reports, name)
        found = sorted(word for word in seed_words if re.search(word, text, flags=re.IGNORECASE))
        assert not found, f"{name} on a non-seed corpus mentions {found}"
    assert "6 articles" in _reader_text(reports, "00-corpus-overview")
    trend = pd.read_csv(outputs / "tables" / "03-timeline" / "stance_over_time.csv")
    assert set(trend["camp"]) == {"western", "sino_russian"} and trend["period"].nunique() >= 2
    assert trend["n_statements"].sum() > 0


@pytest.mark.parametrize("run", ["seed_run", "nonseed_run"])
def test_reports_open_offline_with_searchable_tables(run: str, request: pytest.FixtureRequest, browser) -> None:  # noqa: F811
    _, _, reports = request.getfixturevalue(run)
    for page in sorted(reports.rglob("*.html")):
        seen = open_page(browser, page)
        foreign = [url for url in seen["requests"] if urlsplit(url).scheme not in LOCAL_SCHEMES]
        assert foreign == [], f"{page.name} requested {foreign}"
        errors = [entry for entry in seen["console"] if entry.get("level") == "SEVERE"]
        assert errors == [], f"{page.name}: {errors}"
    for name, table_id in INTERACTIVE.items():
        browser.get((reports / "readers" / f"{name}.html").as_uri())
        before, after = _search(browser, table_id)
        assert before > after >= 0, f"{run} {name}: searching {table_id} left {after} of {before} rows"


def _search(driver, table_id: str) -> tuple[int, int]:
    """Rows of the DataTable ``table_id`` before and after searching it for a word no row holds."""
    from selenium.webdriver.support.ui import WebDriverWait

    info = f"return (document.querySelector('#{table_id}_wrapper .dt-info') || {{innerText: ''}}).innerText"
    WebDriverWait(driver, 20).until(lambda d: _entries(d.execute_script(info)) >= 0)
    total = _entries(driver.execute_script(info))
    driver.execute_script(
        f"""const input = document.querySelector('#{table_id}_wrapper input[type=search]');
        input.value = 'zzzz-no-row-has-this';
        input.dispatchEvent(new Event('input', {{bubbles: true}}));
        input.dispatchEvent(new KeyboardEvent('keyup', {{bubbles: true}}));"""
    )
    WebDriverWait(driver, 10).until(lambda d: _entries(d.execute_script(info)) != total)
    return total, _entries(driver.execute_script(info))


def _entries(info: str) -> int:
    """The rows a DataTables info line says are shown ("Showing 1 to 10 of 42 entries (filtered …)"); -1 when none yet."""
    match = re.search(r"of ([\d,]+) entries", info or "")
    return int(match.group(1).replace(",", "")) if match else -1
