"""Tests of newsframe.reports (HTML reports and index) and newsframe.share (the dated zip).

:func:`build_site` executes a small notebook for real (nbclient, the project's ``python3``
kernel) with a matplotlib figure and a DataFrame holding ``<script>alert(1)</script>``, adds a
failed and a never-started notebook, and renders them; ``tests/test_browser.py`` opens the
same site in Chromium.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from newsframe import reports
from newsframe.corpus import corpus_hash, load_corpus
from newsframe.errors import NewsframeError
from newsframe.paths import PROJECT_ROOT, SEEDS_DIR
from newsframe.reports import notebook_title_and_summary, write_reports
from newsframe.run import NotebookRun
from newsframe.share import pack_reports

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
HOSTILE = "<script>alert(1)</script>"
HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
RUN_DATE = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
FIGURE_CODE = """\
import matplotlib.pyplot as plt
import pandas as pd
fig, ax = plt.subplots(figsize=(4, 3))
ax.bar(["TASS", "Reuters"], [3, 5])
plt.show()
pd.DataFrame({"outlet": ["TASS", "Reuters"], "headline": ["Partners", "<script>alert(1)</script>"]})"""


@dataclass(frozen=True)
class Site:
    """A rendered test site: its reports folder, the runs behind it and the corpus it names."""

    reports_dir: Path
    runs: list[NotebookRun]
    articles: pd.DataFrame


def build_site(root: Path) -> Site:
    """Execute ``00-alpha`` (figure + hostile DataFrame), fake a failed ``01-broken`` and a
    never-started ``02-never``, and render them with :func:`write_reports` into ``root/reports``."""
    notebooks, executed = root / "notebooks", root / "executed"
    notebooks.mkdir(parents=True)
    executed.mkdir()

    alpha = new_notebook(
        cells=[
            new_markdown_cell(
                "# Alpha *findings*\n\nHow often **each outlet** covers the [partnership](#method), "
                "from a two-article sample.\n\nSecond paragraph, not in the summary."
            ),
            new_code_cell('corpus = "seeds"', metadata={"tags": ["parameters"]}),
            new_code_cell(FIGURE_CODE),
            new_code_cell(f'print("{HOSTILE}")'),
        ],
        metadata={"kernelspec": KERNELSPEC},
    )
    nbformat.write(alpha, notebooks / "00-alpha.ipynb")
    NotebookClient(alpha, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(root)}}).execute()
    nbformat.write(alpha, executed / "00-alpha.ipynb")

    broken = new_notebook(
        cells=[
            new_markdown_cell("# Broken analysis\n\nThis notebook fails on purpose."),
            new_code_cell('raise ValueError("corpus has no dates")'),
        ],
        metadata={"kernelspec": KERNELSPEC},
    )
    nbformat.write(broken, notebooks / "01-broken.ipynb")
    broken.cells[1].execution_count = 1
    broken.cells[1].outputs = [
        new_output(
            "error", ename="ValueError", evalue="corpus has no dates", traceback=["ValueError: corpus has no dates"]
        )
    ]
    nbformat.write(broken, executed / "01-broken.failed.ipynb")

    never = new_notebook(cells=[new_markdown_cell("# Never started")], metadata={"kernelspec": KERNELSPEC})
    nbformat.write(never, notebooks / "02-never.ipynb")

    runs = [
        NotebookRun("00-alpha", notebooks / "00-alpha.ipynb", executed / "00-alpha.ipynb", "ok", 2.5),
        NotebookRun(
            "01-broken",
            notebooks / "01-broken.ipynb",
            executed / "01-broken.failed.ipynb",
            "failed",
            0.4,
            "cell 1: ValueError: corpus has no dates",
        ),
        NotebookRun("02-never", notebooks / "02-never.ipynb", None, "failed", 0.0, "kernel died before the first cell"),
    ]
    articles = pd.DataFrame({"doc_id": ["a1", "a2"], "raw_text": ["Plain text.", HOSTILE]})
    write_reports(
        runs,
        root / "reports",
        corpus_path=root / "corpus",
        n_articles=len(articles),
        corpus_hash=corpus_hash(articles),
        run_date=RUN_DATE,
    )
    return Site(root / "reports", runs, articles)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("reports_site"))


def html_files(reports_dir: Path) -> list[Path]:
    return sorted(reports_dir.rglob("*.html"))


def test_site_has_exactly_the_expected_files(site: Site) -> None:
    names = [path.relative_to(site.reports_dir).as_posix() for path in html_files(site.reports_dir)]
    assert names == ["00-alpha.html", "01-broken.failed.html", "index.html", "readers/00-alpha.html"]


def test_index_names_corpus_run_and_versions(site: Site) -> None:
    index = (site.reports_dir / "index.html").read_text(encoding="utf-8")
    assert reports.PROJECT_TITLE in index
    assert "<dt>Articles</dt><dd>2</dd>" in index
    assert corpus_hash(site.articles)[:12] in index
    assert "2026-11-22" in index
    for package in (
        "newsframe 0.1.0",
        "pandas ",
        "nltk ",
        "textblob ",
        "vaderSentiment ",
        "matplotlib ",
        "papermill ",
        "nbconvert ",
    ):
        assert package in index
    assert "not installed" not in index


def test_index_lists_each_notebook_with_title_summary_status_and_links(site: Site) -> None:
    index = (site.reports_dir / "index.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr id="([^"]+)">(.*?)</tr>', index, flags=re.DOTALL))
    assert list(rows) == ["00-alpha", "01-broken", "02-never"]

    alpha = rows["00-alpha"]
    assert "<strong>Alpha findings</strong>" in alpha
    assert "How often each outlet covers the partnership, from a two-article sample." in alpha
    assert "Second paragraph" not in alpha
    assert 'status-ok">ok<' in alpha and "2.5 s" in alpha
    assert 'href="readers/00-alpha.html"' in alpha and 'href="00-alpha.html"' in alpha

    broken = rows["01-broken"]
    assert "<strong>Broken analysis</strong>" in broken and 'status-failed">failed<' in broken
    assert "cell 1: ValueError: corpus has no dates" in broken
    assert 'href="01-broken.failed.html">Partial output, with code' in broken

    never = rows["02-never"]
    assert "kernel died before the first cell" in never and "no report" in never and "href=" not in never


def test_every_link_resolves_on_disk(site: Site) -> None:
    for page in html_files(site.reports_dir):
        for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            assert (page.parent / href).is_file(), f"{page.name} links to missing {href}"


def test_reports_fetch_nothing_from_the_web(site: Site) -> None:
    for page in html_files(site.reports_dir):
        text = page.read_text(encoding="utf-8")
        assert "http" not in text, f"{page.name} mentions a URL"
        assert not re.search(r"<script[^>]*\bsrc=", text), page.name
        assert not re.search(r"<link[^>]*\bhref=", text), page.name


def test_figure_is_embedded_in_both_variants(site: Site) -> None:
    for name in ("00-alpha.html", "readers/00-alpha.html"):
        text = (site.reports_dir / name).read_text(encoding="utf-8")
        assert len(re.findall(r'<img[^>]*src="data:image/png;base64,', text)) == 1, name


def test_article_script_is_shown_as_text(site: Site) -> None:
    for name in ("00-alpha.html", "readers/00-alpha.html"):
        text = (site.reports_dir / name).read_text(encoding="utf-8")
        assert HOSTILE_ESCAPED in text
        assert HOSTILE not in text


def test_readers_variant_hides_code_and_prompts(site: Site) -> None:
    code = (site.reports_dir / "00-alpha.html").read_text(encoding="utf-8")
    readers = (site.reports_dir / "readers/00-alpha.html").read_text(encoding="utf-8")
    assert "subplots" in code and "In\xa0[" in code
    assert "subplots" not in readers and "In\xa0[" not in readers and "Out[" not in readers
    assert "Alpha" in readers and "TASS" in readers


def test_failed_report_shows_the_error(site: Site) -> None:
    text = (site.reports_dir / "01-broken.failed.html").read_text(encoding="utf-8")
    assert "This notebook failed: cell 1: ValueError: corpus has no dates" in text
    assert "corpus has no dates" in text.split("</nav>", 1)[1]


def test_failure_removes_the_earlier_good_report(tmp_path: Path, site: Site) -> None:
    run = site.runs[0]
    reports_dir = tmp_path / "reports"
    write_reports([run], reports_dir, corpus_path=SEEDS_DIR, n_articles=None)
    failed = NotebookRun(run.name, run.source, site.runs[1].executed, "failed", 1.0, "cell 2: KeyError: 'x'")
    write_reports([failed], reports_dir, corpus_path=SEEDS_DIR, n_articles=None)
    assert [p.relative_to(reports_dir).as_posix() for p in html_files(reports_dir)] == [
        "00-alpha.failed.html",
        "index.html",
    ]
    assert "unknown: the corpus could not be loaded" in (reports_dir / "index.html").read_text(encoding="utf-8")


def test_unreadable_or_missing_executed_notebooks_are_listed_as_failed(tmp_path: Path, site: Site) -> None:
    corrupt = tmp_path / "03-corrupt.ipynb"
    corrupt.write_text('{"cells": [', encoding="utf-8")
    source = site.runs[0].source
    runs = [
        NotebookRun("03-corrupt", source, corrupt, "ok", 1.0),
        NotebookRun("04-vanished", source, tmp_path / "gone.ipynb", "ok", 1.0),
    ]
    index = write_reports(runs, tmp_path / "reports", corpus_path=SEEDS_DIR, n_articles=None).read_text(
        encoding="utf-8"
    )
    rows = dict(re.findall(r'<tr id="([^"]+)">(.*?)</tr>', index, flags=re.DOTALL))
    assert "cannot read" in rows["03-corrupt"] and "status-failed" in rows["03-corrupt"]
    assert "executed notebook missing" in rows["04-vanished"] and "status-failed" in rows["04-vanished"]
    assert [p.name for p in html_files(tmp_path / "reports")] == ["index.html"]


def test_skipped_notebook_keeps_its_earlier_report_and_says_so(tmp_path: Path, site: Site) -> None:
    run = site.runs[0]
    reports_dir = tmp_path / "reports"
    write_reports(
        [run],
        reports_dir,
        corpus_path=SEEDS_DIR,
        n_articles=len(site.articles),
        corpus_hash=corpus_hash(site.articles),
        run_date=RUN_DATE,
    )
    earlier = (reports_dir / "00-alpha.html").read_bytes()
    skipped = NotebookRun(run.name, run.source, None, "skipped", 0.0)
    other_corpus = pd.DataFrame({"doc_id": ["z"], "raw_text": ["other"]})
    index = write_reports(
        [skipped],
        reports_dir,
        corpus_path=SEEDS_DIR,
        n_articles=len(other_corpus),
        corpus_hash=corpus_hash(other_corpus),
    ).read_text("utf-8")
    assert (reports_dir / "00-alpha.html").read_bytes() == earlier
    assert "Not re-run; the reports are from the run of 2026-11-22" in index
    assert "which used a different corpus" in index
    assert 'href="readers/00-alpha.html"' in index


def test_skipped_notebook_without_report_is_rendered_from_its_earlier_execution(tmp_path: Path, site: Site) -> None:
    run = site.runs[0]
    skipped = NotebookRun(run.name, run.source, run.executed, "skipped", 0.0)
    index = write_reports(
        [skipped],
        tmp_path / "reports",
        corpus_path=SEEDS_DIR,
        n_articles=len(site.articles),
        corpus_hash=corpus_hash(site.articles),
    )
    assert (tmp_path / "reports/readers/00-alpha.html").is_file()
    assert "Not re-run; the reports are from the run of 20" in index.read_text(encoding="utf-8")


def test_reports_of_removed_notebooks_are_deleted(tmp_path: Path, site: Site) -> None:
    reports_dir = tmp_path / "reports"
    (reports_dir / "readers").mkdir(parents=True)
    rendered = (site.reports_dir / "00-alpha.html").read_text(encoding="utf-8")
    for stale in ("07-renamed.html", "readers/07-renamed.html", "07-renamed.failed.html"):
        (reports_dir / stale).write_text(rendered, encoding="utf-8")
    (reports_dir / "notes.html").write_text("a user's own file", encoding="utf-8")
    (reports_dir / "12-meeting-notes.html").write_text("<p>a user's own numbered page</p>", encoding="utf-8")
    write_reports(site.runs[:1], reports_dir, corpus_path=SEEDS_DIR, n_articles=None)
    assert [p.relative_to(reports_dir).as_posix() for p in html_files(reports_dir)] == [
        "00-alpha.html",
        "12-meeting-notes.html",
        "index.html",
        "notes.html",
        "readers/00-alpha.html",
    ]


def test_interrupted_run_leaves_previous_reports_intact(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports_dir = tmp_path / "reports"
    write_reports(
        site.runs,
        reports_dir,
        corpus_path=SEEDS_DIR,
        n_articles=len(site.articles),
        corpus_hash=corpus_hash(site.articles),
        run_date=RUN_DATE,
    )
    files_before = sorted(reports_dir.rglob("*"))
    index_before = (reports_dir / "index.html").read_bytes()

    real_render, calls = reports.render_notebook, []

    def interrupted_at_third_page(*args: object, **kwargs: object) -> str:
        calls.append(1)
        if len(calls) == 3:  # after both 00-alpha pages, while rendering 01-broken
            raise KeyboardInterrupt
        return real_render(*args, **kwargs)

    monkeypatch.setattr(reports, "render_notebook", interrupted_at_third_page)
    with pytest.raises(KeyboardInterrupt):
        write_reports(site.runs, reports_dir, corpus_path=SEEDS_DIR, n_articles=None)
    assert len(calls) == 3
    assert sorted(reports_dir.rglob("*")) == files_before, "temporary or partial files left behind"
    assert (reports_dir / "index.html").read_bytes() == index_before
    for page in html_files(reports_dir):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name


def test_corpus_hash_is_order_independent_and_content_sensitive() -> None:
    articles = pd.DataFrame({"doc_id": ["b", "a"], "raw_text": ["y", "x"], "title": ["T2", "T1"]})
    assert corpus_hash(articles) == hashlib.sha256(b"a\0x\0b\0y\0").hexdigest()
    assert corpus_hash(articles.iloc[::-1]) == corpus_hash(articles)
    assert corpus_hash(articles.assign(title="")) == corpus_hash(articles)
    assert corpus_hash(articles.assign(raw_text=["y", "x "])) != corpus_hash(articles)
    joined = pd.DataFrame({"doc_id": ["ab"], "raw_text": ["c"]})
    split = pd.DataFrame({"doc_id": ["a"], "raw_text": ["bc"]})
    assert corpus_hash(joined) != corpus_hash(split)


def test_seed_corpus_is_named_with_five_articles_and_its_hash(tmp_path: Path) -> None:
    seeds = load_corpus(SEEDS_DIR)
    index = write_reports(
        [], tmp_path, corpus_path=SEEDS_DIR, n_articles=len(seeds), corpus_hash=corpus_hash(seeds)
    ).read_text(encoding="utf-8")
    assert "<dt>Corpus</dt><dd><code>seeds</code></dd>" in index
    assert "<dt>Articles</dt><dd>5</dd>" in index
    assert corpus_hash(seeds)[:12] in index
    assert corpus_hash(seeds) == corpus_hash(load_corpus(PROJECT_ROOT / "seeds").iloc[::-1])


def test_title_and_summary_come_from_the_first_markdown_cell() -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Sentiment  framing\n## Method"),
            new_markdown_cell("# Later heading\n\nLater paragraph."),
        ]
    )
    assert notebook_title_and_summary(notebook) == ("Sentiment framing", "")
    long_text = "word " * 200
    notebook.cells[0].source = f"Intro with `code` and <em>tags</em>.\n\n# Title\n\n{long_text}"
    title, summary = notebook_title_and_summary(notebook)
    assert (title, summary) == ("Title", "Intro with code and tags.")
    notebook.cells[0].source = f"# T\n\n{long_text}"
    summary = notebook_title_and_summary(notebook)[1]
    assert len(summary) <= reports.SUMMARY_MAX_CHARS and summary.endswith("…")
    assert notebook_title_and_summary(new_notebook()) == ("", "")


def test_pack_reports_zips_the_site_under_a_dated_folder(tmp_path: Path, site: Site) -> None:
    (site.reports_dir / ".index.html.abc.tmp").write_text("leftover of an interrupted run", encoding="utf-8")
    try:
        path = pack_reports(site.reports_dir, tmp_path, day=date(2026, 11, 22))
    finally:
        (site.reports_dir / ".index.html.abc.tmp").unlink()
    assert path == tmp_path / "newsframe-reports-2026-11-22.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == [
            f"newsframe-reports-2026-11-22/{name}"
            for name in ("README.txt", "00-alpha.html", "01-broken.failed.html", "index.html", "readers/00-alpha.html")
        ]
        assert archive.read(names[3]) == (site.reports_dir / "index.html").read_bytes()
        assert "Open index.html" in archive.read(names[0]).decode("utf-8")
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o644}
    first = path.read_bytes()
    assert pack_reports(site.reports_dir, tmp_path, day=date(2026, 11, 22)).read_bytes() == first


def test_pack_reports_without_reports_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(NewsframeError, match=r"index.html not found.*make run"):
        pack_reports(tmp_path / "reports", tmp_path)


def test_pages_rendered_ahead_are_the_pages_write_reports_renders_itself(tmp_path: Path, site: Site) -> None:
    ok_run = site.runs[0]
    pages = reports.render_pages(
        ok_run, corpus_hash=corpus_hash(site.articles), run_date=reports.format_run_date(RUN_DATE)
    )
    ahead = tmp_path / "ahead"
    write_reports(
        site.runs,
        ahead,
        corpus_path=site.reports_dir.parent / "corpus",
        n_articles=len(site.articles),
        corpus_hash=corpus_hash(site.articles),
        run_date=RUN_DATE,
        rendered={ok_run.name: pages},
    )
    for relative in ("00-alpha.html", "readers/00-alpha.html", "index.html"):
        assert (ahead / relative).read_bytes() == (site.reports_dir / relative).read_bytes(), relative
