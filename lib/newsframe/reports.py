"""Shareable HTML reports of executed notebooks, and the index page that lists them.

After a run, ``reports/`` holds, for every notebook ``NN-name``:

``NN-name.html``
    the executed notebook with its code (nbconvert's ``lab`` template);
``readers/NN-name.html``
    the same without code cells or prompts, for readers who only want the findings;
``NN-name.failed.html``
    instead of the two above when the notebook failed: its partial output, with code;

and ``index.html``, which names the corpus (path, number of articles, content hash), the run
date, the package versions and, per notebook, its title, one-line summary, status, run time
and links with each page's size.

Reports must open from a USB stick on a machine without internet, so nothing is fetched:
images are embedded as ``data:`` URIs (nbconvert does this for PNG outputs), and the CDN
scripts nbconvert adds by default (require.js, MathJax, mermaid) are left out; LaTeX in
markdown therefore shows as source.  Long tables are interactive (search, sort, paging): the
notebooks embed DataTables from the installed itables package (:mod:`newsframe.display`), and
the browser loads it from the page itself.  Article text reaches the page only through outputs that
nbconvert or pandas escape (``text/plain``, streams, ``DataFrame._repr_html_``); a
``<script>`` inside an article shows as text.  Notebook markdown and HTML outputs are
rendered as written, because our own notebooks produce them.

Every file is written through a temporary file and ``os.replace``, and the index last, so an
interrupted run leaves the previous reports readable.
"""

from __future__ import annotations

import platform
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import nbformat

from newsframe.outputs import write_atomic
from newsframe.paths import PROJECT_ROOT
from newsframe.versions import package_versions

if TYPE_CHECKING:  # imported where used: nbconvert takes about a second to import
    from nbconvert import HTMLExporter

    from newsframe.run import NotebookRun

PROJECT_TITLE = "newsframe: news coverage of the China–Russia strategic partnership"

REPORTED_PACKAGES = (
    "newsframe",
    "pandas",
    "nltk",
    "textblob",
    "vaderSentiment",
    "matplotlib",
    "papermill",
    "nbconvert",
    "itables",
)

READERS_DIRNAME = "readers"
SHORT_HASH_LENGTH = 12
SUMMARY_MAX_CHARS = 280
# Pages above this size are flagged in the index: they are slow to open and too big to mail.
PAGE_SIZE_LIMIT = 5_000_000
_DATE_FORMAT = "%Y-%m-%d %H:%M %Z"

_META_CORPUS = "newsframe-corpus-sha256"
_META_RUN_DATE = "newsframe-run-date"
REPORT_FILE = re.compile(r"^(?P<name>\d{2}-.+?)(\.failed)?\.html$")  # a notebook's page; ``name`` its stem
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG = re.compile(r"<[^>]+>")
_WHITESPACE = re.compile(r"\s+")
_META_TAG = re.compile(r'<meta\s(?=[^>]*\bname="(newsframe-[a-z0-9-]+)")[^>]*\bcontent="([^"]*)"')
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True)
class IndexEntry:
    """One row of the index page: a notebook, what happened to it and where its reports are.

    Links are relative to ``index.html``; empty when that variant does not exist.
    ``note`` explains anything a reader should know beyond the status (a report from an
    earlier run, on another corpus, or a render that failed).
    """

    name: str
    title: str
    summary: str
    status: str
    seconds: float | None
    error: str
    code_href: str
    readers_href: str
    note: str


# Overrides of nbconvert's lab template: no CDN scripts, a navigation bar, and the run's
# corpus hash and date as <meta> tags so a later run can tell where a kept report came from.
_REPORT_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta name="newsframe-corpus-sha256" content="{{ resources.newsframe.corpus_hash | e }}">
<meta name="newsframe-run-date" content="{{ resources.newsframe.run_date | e }}">
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
nav.newsframe-nav { font-family: var(--jp-ui-font-family); font-size: 14px; padding: 8px 16px;
  border-bottom: 1px solid #ccc; background: #f7f7f7; }
nav.newsframe-nav a { margin-right: 1.5em; }
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
{%- set nf = resources.newsframe -%}
<nav class="newsframe-nav">
<a href="{{ nf.index_href | e }}">&larr; All notebooks</a>
{%- for label, href in nf.other_links %}
<a href="{{ href | e }}">{{ label | e }}</a>
{%- endfor %}
{%- if nf.banner %}
<strong>{{ nf.banner | e }}</strong>
{%- endif %}
</nav>
{%- endblock body_header -%}
"""

_INDEX_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="newsframe-corpus-sha256" content="{{ corpus_hash }}">
<meta name="newsframe-run-date" content="{{ run_date }}">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid #ddd; }
th { background: #f3f3f3; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
pre.error { white-space: pre-wrap; background: #fff3f3; border-left: 3px solid #c62828; padding: 0.3rem 0.5rem;
  margin: 0.3rem 0 0; }
.status { font-weight: 600; }
.status-ok { color: #2e7d32; }
.status-failed { color: #c62828; }
.status-skipped { color: #8a6d00; }
.status-reused { color: #2e7d32; }
.note { color: #555; font-size: 0.9em; }
.versions { font-size: 0.9em; color: #444; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p>Reports of the research notebooks, rendered from one run. Every page works offline;
the readers' version hides the code.</p>
<dl class="facts">
<dt>Corpus</dt><dd><code>{{ corpus_path }}</code></dd>
<dt>Articles</dt><dd>{{ n_articles }}</dd>
<dt>Content hash</dt><dd><code title="sha256 {{ corpus_hash }}">{{ corpus_hash_short }}</code>
 <span class="note">(sha256 of the sorted doc_id + raw_text)</span></dd>
<dt>Run date</dt><dd>{{ run_date }}</dd>
</dl>
<table>
<thead><tr><th>Notebook</th><th>Status</th><th>Run time</th><th>Reports</th></tr></thead>
<tbody>
{%- for e in entries %}
<tr id="{{ e.name }}">
<td><strong>{{ e.title }}</strong> <span class="note">({{ e.name }})</span>
{%- if e.summary %}<br>{{ e.summary }}{% endif %}
{%- if e.error %}<pre class="error">{{ e.error }}</pre>{% endif %}
{%- if e.note %}<br><span class="note">{{ e.note }}</span>{% endif %}</td>
<td class="status status-{{ e.status }}">{{ e.status }}</td>
<td>{{ e.seconds | duration }}</td>
<td>
{%- if e.readers_href %}<a href="{{ e.readers_href }}">Readers' version</a> <span class="note">{{ e.readers_href | page_size }}</span><br>{% endif %}
{%- if e.code_href %}<a href="{{ e.code_href }}">{{ "Partial output, with code" if e.status == "failed" else "With code" }}</a> <span class="note">{{ e.code_href | page_size }}</span>{% endif %}
{%- if not e.readers_href and not e.code_href %}<span class="note">no report</span>{% endif %}
</td>
</tr>
{%- endfor %}
</tbody>
</table>
<p class="versions">Package versions:
{% for name, version in versions %}{{ name }} {{ version }}{{ ", " if not loop.last }}{% endfor %}.</p>
</body>
</html>
"""


def reported_versions(packages: Sequence[str] = REPORTED_PACKAGES) -> list[tuple[str, str]]:
    """``(name, version)`` for Python and each distribution, as the index lists them; ``"not installed"`` when missing."""
    installed = package_versions(packages)
    return [("Python", platform.python_version()), *((name, version or "not installed") for name, version in installed)]


def notebook_title_and_summary(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The notebook's title (first markdown heading) and summary (first paragraph of the first
    markdown cell that is not a heading), both as one line of plain text.

    Markdown links, emphasis and inline HTML are reduced to their text; the summary is cut
    at a word boundary after :data:`SUMMARY_MAX_CHARS` characters.  Either is ``""`` when
    the notebook has none.
    """
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    title = next(
        (match.group(2) for source in markdown for line in source.splitlines() if (match := _HEADING.match(line))),
        "",
    )
    summary = ""
    if markdown:
        paragraphs = re.split(r"\n\s*\n", markdown[0])
        summary = next(
            (p for p in paragraphs if p.strip() and not all(_HEADING.match(line) for line in p.strip().splitlines())),
            "",
        )
    summary = textwrap.shorten(_plain_text(summary), SUMMARY_MAX_CHARS, placeholder=" …") if summary else ""
    return _plain_text(title), summary


def render_notebook(
    notebook: nbformat.NotebookNode,
    *,
    title: str,
    readers: bool,
    index_href: str,
    other_links: Sequence[tuple[str, str]] = (),
    banner: str = "",
    corpus_hash: str = "",
    run_date: str = "",
    resource_dir: Path | None = None,
) -> str:
    """One executed notebook as a self-contained HTML page (nbconvert ``lab`` template, no CDN scripts).

    readers: leave out code cells' input and the In/Out prompts.
    index_href, other_links: targets of the navigation bar, relative to the page.
    banner: a short line shown in the navigation bar (e.g. "This notebook failed").
    corpus_hash, run_date: written as ``<meta>`` tags, read back by :func:`write_reports`
        when it keeps a report from an earlier run.
    resource_dir: where images referenced from markdown live, so they can be embedded.
    """
    resources = {
        "metadata": {"name": title, "path": str(resource_dir or Path.cwd())},
        "newsframe": {
            "index_href": index_href,
            "other_links": list(other_links),
            "banner": banner,
            "corpus_hash": corpus_hash,
            "run_date": run_date,
        },
    }
    body, _ = _exporter(readers).from_notebook_node(notebook, resources=resources)
    return _strip_css_comments(body)


@cache
def _exporter(readers: bool) -> HTMLExporter:
    """One configured exporter per variant and process: compiling nbconvert's templates is most of
    the cost of a render, and an exporter keeps no state from one notebook to the next."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"newsframe_report.html.j2": _REPORT_TEMPLATE})],
        template_file="newsframe_report.html.j2",
        exclude_input=readers,
        exclude_input_prompt=readers,
        exclude_output_prompt=readers,
        embed_images=True,
        mathjax_url="",
        require_js_url="",
    )


def format_run_date(run_date: datetime) -> str:
    """A run date as the reports show it (local time, to the minute)."""
    return run_date.astimezone().strftime(_DATE_FORMAT).strip()


def render_pages(run: NotebookRun, *, corpus_hash: str, run_date: str) -> tuple[str, str]:
    """The code and readers' pages of a notebook that ran ``ok``: what :func:`write_reports` writes for it.

    Lets the runner render a notebook's pages while others still execute and hand them to
    :func:`write_reports` (``rendered``), which writes them with the index.  ``run_date`` is
    :func:`format_run_date` of the date given to :func:`write_reports`.  Raises what nbformat
    or nbconvert raise; :func:`write_reports` then renders again and reports the failure.
    """
    title, _ = _describe(run)
    notebook = nbformat.read(run.executed, as_version=4)
    return _render_both(
        notebook,
        run.name,
        title=title or run.name,
        corpus_hash=corpus_hash,
        run_date=run_date,
        resource_dir=Path(run.source).parent,
    )


def write_reports(
    runs: Sequence[NotebookRun],
    reports_dir: Path,
    *,
    corpus_path: Path,
    n_articles: int | None,
    corpus_hash: str = "",
    run_date: datetime | None = None,
    rendered: Mapping[str, tuple[str, str]] | None = None,
) -> Path:
    """Render every notebook of a run to HTML and write ``reports_dir/index.html``; return the index path.

    runs: every notebook, in reading order, as the runner left it.  ``ok`` runs get both
        variants; ``failed`` runs get ``NN-name.failed.html`` (partial output) and lose
        earlier good reports, which would otherwise describe another run; ``skipped`` runs
        keep their earlier reports, labelled with that run's date (and a warning when it
        used another corpus); ``reused`` runs (inputs unchanged, :mod:`newsframe.reuse`) keep
        theirs, which the runner has checked are intact, and the index says so.  A notebook that cannot be read or rendered is listed as
        failed with the reason; this function does not raise for it.
    n_articles: the number of articles analysed, or None when the corpus could not be read (the index says so).
    corpus_hash: the corpus's :func:`~newsframe.corpus.corpus_hash` ("" when unknown), shown in the
        index and written into every page, so a later run can tell which corpus a kept page describes.
    run_date: defaults to now, in local time.
    rendered: pages already made by :func:`render_pages` for some ``ok`` runs, by notebook name
        (code page, readers' page); the others are rendered here.

    Report files the new index does not link (earlier reports of a notebook that failed now,
    reports of notebooks no longer in ``runs``) are removed after it is written, so the
    shared folder holds exactly what the index lists.
    """
    reports_dir = Path(reports_dir)
    readers_dir = reports_dir / READERS_DIRNAME
    readers_dir.mkdir(parents=True, exist_ok=True)
    run_date_text = format_run_date(run_date or datetime.now())

    entries = [
        _report_one(
            run, reports_dir, corpus_hash=corpus_hash, run_date=run_date_text, pages=(rendered or {}).get(run.name)
        )
        for run in runs
    ]

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["duration"] = _format_duration
    environment.filters["page_size"] = lambda href: _format_size((reports_dir / href).stat().st_size)
    page = environment.from_string(_INDEX_TEMPLATE).render(
        title=PROJECT_TITLE,
        corpus_path=_display_path(Path(corpus_path)),
        n_articles=(f"{n_articles:,}" if n_articles is not None else "unknown: the corpus could not be loaded"),
        corpus_hash=corpus_hash,
        corpus_hash_short=corpus_hash[:SHORT_HASH_LENGTH] or "n/a",
        run_date=run_date_text,
        entries=entries,
        versions=reported_versions(),
    )
    index = write_atomic(reports_dir / "index.html", page.encode("utf-8"))
    _remove_unlisted(reports_dir, {href for entry in entries for href in (entry.code_href, entry.readers_href) if href})
    return index


def _report_one(
    run: NotebookRun,
    reports_dir: Path,
    *,
    corpus_hash: str,
    run_date: str,
    pages: tuple[str, str] | None = None,
) -> IndexEntry:
    """Write (or keep) one notebook's report files and describe them for the index; deletions come later.

    ``pages``: the code and readers' pages of an ``ok`` run, already rendered by :func:`render_pages`.
    """
    code_path = reports_dir / f"{run.name}.html"
    readers_path = reports_dir / READERS_DIRNAME / f"{run.name}.html"
    failed_path = reports_dir / f"{run.name}.failed.html"
    title, summary = _describe(run)
    entry = dict(
        name=run.name,
        title=title,
        summary=summary,
        status=run.status,
        seconds=run.seconds,
        error=run.error,
        code_href="",
        readers_href="",
        note="",
    )

    if run.status == "reused":
        entry["seconds"] = None
        kept = [path for path in (code_path, readers_path) if path.is_file()]
        earlier_date = _read_report_meta(kept[0])[1] if kept else ""
        entry["note"] = (
            f"Not executed again: its inputs are unchanged since the run of {earlier_date or 'an unknown date'}, "
            "whose executed copy, tables, figures and pages are kept."
        )
        entry.update(
            code_href=_href(code_path, reports_dir) if code_path.is_file() else "",
            readers_href=_href(readers_path, reports_dir) if readers_path.is_file() else "",
        )
        return IndexEntry(**entry)

    if run.status == "skipped":
        entry["seconds"] = None
        if not code_path.is_file() and run.executed is not None and Path(run.executed).is_file():
            _render_earlier(run, code_path, readers_path, title=title or run.name)
        kept = [path for path in (readers_path, code_path) if path.is_file()]
        if kept:
            earlier_hash, earlier_date = _read_report_meta(kept[0])
            entry["note"] = f"Not re-run; the reports are from the run of {earlier_date or 'an unknown date'}"
            if earlier_hash and corpus_hash and earlier_hash != corpus_hash:
                entry["note"] += ", which used a different corpus"
            entry["note"] += "."
            entry["readers_href"] = _href(readers_path, reports_dir) if readers_path.is_file() else ""
            entry["code_href"] = _href(code_path, reports_dir) if code_path.is_file() else ""
        else:
            entry["note"] = "Not run, and no report from an earlier run."
        return IndexEntry(**entry)

    if pages is not None and run.status == "ok":
        return _write_pages(entry, pages, code_path, readers_path, reports_dir)

    notebook = None
    if run.executed is not None and Path(run.executed).is_file():
        try:
            notebook = nbformat.read(run.executed, as_version=4)
        except Exception as exc:  # a truncated or invalid .ipynb must not stop the other reports
            entry.update(status="failed", error=_join(run.error, f"cannot read {run.executed}: {exc}"))
    elif run.status == "ok":
        entry.update(status="failed", error=f"executed notebook missing: {run.executed}")

    common = dict(
        title=title or run.name, corpus_hash=corpus_hash, run_date=run_date, resource_dir=Path(run.source).parent
    )
    if notebook is not None and entry["status"] == "ok":
        try:
            code_html, readers_html = _render_both(notebook, run.name, **common)
        except Exception as exc:  # nbconvert failures are reported per notebook, like execution failures
            entry.update(status="failed", error=f"rendering {run.executed} to HTML failed: {exc}")
        else:
            return _write_pages(entry, (code_html, readers_html), code_path, readers_path, reports_dir)

    entry["status"] = "failed"
    if notebook is not None:
        try:
            failed_html = render_notebook(
                notebook,
                readers=False,
                index_href="index.html",
                banner=f"This notebook failed: {entry['error'] or 'see the error below'}",
                **common,
            )
        except Exception as exc:
            entry["error"] = _join(entry["error"], f"rendering the partial output failed: {exc}")
        else:
            write_atomic(failed_path, failed_html.encode("utf-8"))
            entry["code_href"] = _href(failed_path, reports_dir)
    return IndexEntry(**entry)


def _write_pages(
    entry: dict, pages: tuple[str, str], code_path: Path, readers_path: Path, reports_dir: Path
) -> IndexEntry:
    """Write an ``ok`` notebook's two pages and link them from its index entry."""
    for path, page in zip((code_path, readers_path), pages):
        write_atomic(path, page.encode("utf-8"))
    entry.update(code_href=_href(code_path, reports_dir), readers_href=_href(readers_path, reports_dir))
    return IndexEntry(**entry)


def _render_both(notebook: nbformat.NotebookNode, name: str, **options) -> tuple[str, str]:
    """The code and readers' variants of one notebook, each linking to the other and to the index."""
    code_html = render_notebook(
        notebook,
        readers=False,
        index_href="index.html",
        other_links=[("Readers' version (no code)", f"{READERS_DIRNAME}/{name}.html")],
        **options,
    )
    readers_html = render_notebook(
        notebook,
        readers=True,
        index_href="../index.html",
        other_links=[("Version with code", f"../{name}.html")],
        **options,
    )
    return code_html, readers_html


def _render_earlier(run: NotebookRun, code_path: Path, readers_path: Path, *, title: str) -> None:
    """Render a skipped notebook's executed copy from an earlier run, dated by that file.

    Its corpus is unknown (no hash is recorded); a copy that cannot be read or rendered is
    left unrendered, and the index then says there is no report.
    """
    executed = Path(run.executed)
    earlier_date = datetime.fromtimestamp(executed.stat().st_mtime).astimezone().strftime(_DATE_FORMAT).strip()
    common = dict(title=title, run_date=earlier_date, resource_dir=Path(run.source).parent)
    try:
        code_html, readers_html = _render_both(nbformat.read(executed, as_version=4), run.name, **common)
    except Exception:  # an unreadable earlier copy only means there is nothing to show
        return
    write_atomic(code_path, code_html.encode("utf-8"))
    write_atomic(readers_path, readers_html.encode("utf-8"))


def _describe(run: NotebookRun) -> tuple[str, str]:
    """Title and summary from the committed notebook (the executed one may carry papermill's error banner)."""
    for path in (run.source, run.executed):
        if path is not None and Path(path).is_file():
            try:
                title, summary = notebook_title_and_summary(nbformat.read(path, as_version=4))
            except Exception:  # unreadable: try the other copy, else fall back to the name
                continue
            return title or run.name, summary
    return run.name, ""


def _read_report_meta(path: Path) -> tuple[str, str]:
    """The corpus hash and run date a report was written with (``""`` when absent)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
    meta = dict(_META_TAG.findall(head))
    return meta.get(_META_CORPUS, ""), meta.get(_META_RUN_DATE, "")


def is_report_page(path: Path) -> bool:
    """Whether ``path`` is a page newsframe rendered (it carries the ``<meta>`` tags of :func:`render_notebook`)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return bool(_META_TAG.search(handle.read(8192)))
    except OSError:
        return False


def _remove_unlisted(reports_dir: Path, linked: set[str]) -> None:
    """Delete ``NN-*.html`` reports the new index does not link: earlier good reports of a notebook
    that now failed, partial output of one that now succeeded, reports of renamed notebooks.

    Only pages newsframe rendered (:func:`is_report_page`) are deleted: a ``12-meeting-notes.html``
    of the user's stays.  Runs after the new index is in place, so the previous index never points
    at a deleted file.
    """
    for folder in (reports_dir, reports_dir / READERS_DIRNAME):
        for path in folder.glob("*.html"):
            if REPORT_FILE.match(path.name) and _href(path, reports_dir) not in linked and is_report_page(path):
                path.unlink()


def _strip_css_comments(page: str) -> str:
    """Drop comments from ``<style>`` blocks: nbconvert's CSS cites web pages in them, and a report
    that mentions no URL at all is easy to check for offline use (``grep http``)."""
    return _STYLE_BLOCK.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), page)


def _plain_text(markdown: str) -> str:
    """Markdown reduced to one line of text: link text kept, emphasis markers and tags dropped."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _HTML_TAG.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def _display_path(path: Path) -> str:
    """A corpus path as shown to readers: relative to the project when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix() or "."
    except ValueError:
        return str(resolved)


def _href(path: Path, reports_dir: Path) -> str:
    return path.relative_to(reports_dir).as_posix()


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second


def _format_size(size: int) -> str:
    """A page's size as the index shows it, ``"(1.2 MB)"``, flagged when above :data:`PAGE_SIZE_LIMIT`."""
    text = f"({size / 1_000_000:.1f} MB)" if size >= 100_000 else f"({size / 1000:.0f} kB)"
    return text + (
        f" over {PAGE_SIZE_LIMIT // 1_000_000} MB: slow to open and to send" if size > PAGE_SIZE_LIMIT else ""
    )


def _format_duration(seconds: float | None) -> str:
    """``"4.2 s"``, ``"2 min 05 s"``, or ``"–"`` when the notebook was not run."""
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
