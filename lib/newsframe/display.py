"""How the notebooks show a table to a reader: articles by name, ids hidden, numbers rounded, long tables interactive.

The CSV written by :func:`newsframe.outputs.write_table` keeps every column at full precision;
what a notebook *shows* is :func:`readable` of the same table:

- ``doc_id`` becomes ``article`` (``doc_id_a`` becomes ``article_a``), a label of outlet, date and a short title (:func:`article_labels`,
  falling back to the file name), and ``doc_ids`` lists become lists of labels, as do the ids that
  open list items such as ``"doc_id: $240 billion (2024)"``;
- columns of identifiers and offsets (:data:`HIDDEN_COLUMNS`) are left out;
- columns without a value in any row are left out (an all-empty ``duplicate_of`` says nothing
  the notebook's counts do not);
- floats are rounded to :data:`DECIMALS` decimals (whole numbers, such as years in a column with gaps,
  shown without decimals), lists joined with ``"; "``, dates as ``YYYY-MM-DD``.

:func:`show_table` then returns a plain, escaped HTML table for a short table and an interactive
one (search, sort, paging; `itables <https://mwouts.github.io/itables/>`_ over DataTables) for a
table longer than :data:`LONG_TABLE_ROWS` rows, which embeds at most :data:`MAX_SHOWN_ROWS` rows (the
first, saying so above the table) so that a page stays bounded on any corpus.  :func:`interactive_mode` loads DataTables into
the page once, from the installed itables package, so a rendered report works from ``file://``
with no network.  Text columns (:data:`TEXT_COLUMNS`) get the width, URLs wrap.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from html import escape as html_escape

import pandas as pd

DECIMALS = 3
LONG_TABLE_ROWS = 15
# Rows an interactive table embeds in the page: the page of a large corpus stays readable and its
# size bounded; the table's CSV keeps every row.
MAX_SHOWN_ROWS = 1000
# Characters a shown cell keeps: a cell that joins every statement or article of a large corpus (one
# row per target or event) would otherwise make the page grow with the corpus; the CSV keeps all.
MAX_CELL_CHARS = 2000
PAGE_LENGTH = 10
TITLE_WORDS = 6
LABEL_SEPARATOR = " · "
# Identifiers and offsets: they locate rows for a program (and stay in the CSV), not for a reader.
HIDDEN_COLUMNS = frozenset(
    {"statement_id", "statement_ids", "event_id", "start", "end", "evidence", "mentions", "source_path"}
)
# Columns of running text, which get most of the width and wrap.
TEXT_COLUMNS = frozenset(
    {"text", "context", "event", "sentence", "label", "western", "sino_russian", "title", "mention"}
)
WRAP_COLUMNS = frozenset({"url"})
LABEL_COLUMNS = frozenset({"article", "articles", "article_a", "article_b"})
# Short values that read badly broken over two lines.
NOWRAP_COLUMNS = frozenset({"published", "date_start", "date_end", "period", "value", "values"})

_CSS = """<style>
table.nf-table td, table.nf-table th { vertical-align: top !important; text-align: left !important; white-space: normal !important; }
table.nf-table td.nf-text { min-width: 24em; white-space: pre-line !important; }
table.nf-table td.nf-name { min-width: 12em; }
table.nf-table td.nf-nowrap { white-space: nowrap !important; }
table.nf-table td.nf-wrap { overflow-wrap: anywhere; word-break: break-word; min-width: 12em; max-width: 24em; }
</style>"""
# itables' placeholder and static-preview texts link to its web site; a report links to nothing outside itself.
_ITABLES_LINK = re.compile(r"\s*\(need <a href=[^>]*>help</a>\?\)|<a href=https?://itables\.org[^>]*>ⓘ</a>")


def article_labels(articles: pd.DataFrame, *, title_words: int = TITLE_WORDS) -> pd.Series:
    """One short, unique label per article, indexed by ``doc_id``: ``"outlet · YYYY-MM-DD · first words of the title"``.

    Empty parts are left out; an article with neither outlet, date nor title is labelled by its
    ``doc_id`` (the file name for a folder corpus).  Two articles with the same label get their
    ``doc_id`` appended, so every label names one article.
    """
    labels = []
    for row in articles.itertuples(index=False):
        title = " ".join(str(getattr(row, "title", "") or "").split())
        words = title.split()
        short = " ".join(words[:title_words]) + (" …" if len(words) > title_words else "")
        published = getattr(row, "published", None)
        date = "" if published is None or pd.isna(published) or published == "" else str(pd.Timestamp(published).date())
        parts = [str(getattr(row, "outlet", "") or "").strip(), date, short]
        labels.append(LABEL_SEPARATOR.join(part for part in parts if part) if (parts[0] or short) else "")
    doc_ids = articles["doc_id"].astype(str).tolist()
    labels = [label or doc_id for label, doc_id in zip(labels, doc_ids)]
    counts = pd.Series(labels).value_counts()
    labels = [
        f"{label} ({doc_id})" if counts[label] > 1 and label != doc_id else label
        for label, doc_id in zip(labels, doc_ids)
    ]
    return pd.Series(labels, index=pd.Index(doc_ids, name="doc_id"), name="article")


def readable(
    table: pd.DataFrame, labels: Mapping[str, str] | pd.Series | None = None, *, decimals: int = DECIMALS
) -> pd.DataFrame:
    """``table`` as a reader sees it: articles labelled, ids and offsets hidden, floats rounded, lists joined.

    labels: :func:`article_labels` (``doc_id`` → label); without it ``doc_id`` is kept as it is.
    The input is not modified.
    """
    shown = table.drop(columns=[column for column in table.columns if column in HIDDEN_COLUMNS])
    lookup = dict(labels.items()) if labels is not None else None
    if lookup is not None and "doc_id" in shown.columns:
        shown = shown.rename(columns={"doc_id": "article"})
        shown["article"] = shown["article"].map(lambda doc_id: lookup.get(doc_id, doc_id))
    for column in [c for c in shown.columns if c.startswith("doc_id_")] if lookup is not None else []:
        shown[column] = shown[column].map(lambda doc_id: lookup.get(doc_id, doc_id))
        shown = shown.rename(columns={column: "article_" + column.removeprefix("doc_id_")})
    if lookup is not None and "doc_ids" in shown.columns:
        shown = shown.rename(columns={"doc_ids": "articles"})
        shown["articles"] = shown["articles"].map(lambda ids: [lookup.get(i, i) for i in _as_list(ids)])
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_float_dtype(values):
            whole = values.dropna()
            integral = len(whole) > 0 and bool((whole == whole.round()).all()) and bool((whole.abs() < 2**53).all())
            shown[column] = values.astype("Int64") if integral else values.round(decimals)
        elif values.map(lambda value: isinstance(value, (list, tuple))).any():
            shown[column] = values.map(
                lambda value: "; ".join(_name_items(value, lookup)) if isinstance(value, (list, tuple)) else value
            )
        elif pd.api.types.is_datetime64_any_dtype(values):
            shown[column] = values.dt.strftime("%Y-%m-%d").where(values.notna(), "")
    if len(shown):
        empty = [column for column in shown.columns if shown[column].map(_is_empty).all()]
        shown = shown.drop(columns=empty)
    return shown.reset_index(drop=True)


def _is_empty(value: object) -> bool:
    """Whether a cell holds nothing: missing, or an empty string (lists were joined by then)."""
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (not isinstance(value, str) and bool(pd.isna(value)))
    )


class InteractiveTable:
    """A long table shown with search, sort and paging (DataTables through itables, offline).

    Displayed through ``_repr_html_``; needs :func:`interactive_mode` to have run in the page.
    """

    def __init__(
        self, table: pd.DataFrame, name: str, *, page_length: int = PAGE_LENGTH, total_rows: int | None = None
    ) -> None:
        self.table = table
        self.name = name
        self.page_length = page_length
        self.total_rows = len(table) if total_rows is None else total_rows  # rows before :func:`show_table` cut it

    def __repr__(self) -> str:
        return f"<{len(self.table)} rows × {len(self.table.columns)} columns: {self.name}>"

    def __len__(self) -> int:
        return len(self.table)

    def _repr_html_(self) -> str:
        from itables import to_html_datatable

        column_defs = _column_classes(self.table.columns)
        # Missing values show as empty cells, not "NaN" / "<NA>"; DataTables still sorts the numbers as numbers.
        table = self.table.astype(object).where(self.table.notna(), "")
        html = to_html_datatable(
            table,
            table_id=f"nf_{re.sub(r'[^A-Za-z0-9_]', '_', self.name)}",
            connected=False,
            display_logo_when_loading=False,
            classes="display compact nf-table",
            showIndex=False,
            maxBytes=0,
            pageLength=self.page_length,
            lengthMenu=[10, 25, 50, 100],
            columnDefs=[{"targets": targets, "className": name} for name, targets in column_defs.items()],
            style="table-layout:auto;width:100%;margin:0",
            allow_html=False,
        )
        html = _ITABLES_LINK.sub("", html)
        if self.total_rows > len(self.table):
            note = (
                f'<p class="nf-note">The first {len(self.table):,} of {self.total_rows:,} rows, in this table\'s '
                f"order; every row is in its CSV, {html_escape(self.name)}.csv, among the notebook's tables.</p>"
            )
            html = note + html
        return html


def show_table(
    table: pd.DataFrame,
    name: str,
    labels: Mapping[str, str] | pd.Series | None = None,
    *,
    long_rows: int = LONG_TABLE_ROWS,
    max_rows: int = MAX_SHOWN_ROWS,
    max_chars: int = MAX_CELL_CHARS,
) -> InteractiveTable | object:
    """What a notebook cell returns to show ``table``: :func:`readable`, interactive when longer than ``long_rows``.

    name: a short id for the table (its CSV name), unique in the notebook; it names the HTML element.
    A short table comes back as a pandas ``Styler``: escaped HTML, no index, text left-aligned.
    An interactive table holds at most ``max_rows`` rows, the first in ``table``'s order, and
    says so above itself; a text cell longer than ``max_chars`` is cut there and says how much
    is left out.  So the page's size does not grow with the corpus (the CSV has everything).
    """
    shown = _cut_long_cells(readable(table, labels), max_chars)
    if len(shown) > long_rows:
        return InteractiveTable(shown.head(max_rows), name, total_rows=len(shown))
    styler = shown.style.hide(axis="index").format(precision=DECIMALS, escape="html", na_rep="")
    styler = styler.set_uuid(re.sub(r"[^A-Za-z0-9_]", "_", name)).set_table_attributes('class="nf-table"')
    styles = [{"selector": "td, th", "props": "text-align: left; vertical-align: top;"}]
    for class_name, positions in _column_classes(shown.columns).items():
        styles += [{"selector": f"td.col{i}", "props": _CLASS_PROPERTIES[class_name]} for i in positions]
    return styler.set_table_styles(styles)


def _cut_long_cells(shown: pd.DataFrame, max_chars: int) -> pd.DataFrame:
    """``shown`` with every string longer than ``max_chars`` cut there, ending with how many characters are left out."""

    def cut(value: object) -> object:
        if not isinstance(value, str) or len(value) <= max_chars:
            return value
        return f"{value[:max_chars]} … [{len(value) - max_chars:,} more characters in the CSV]"

    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(cut)
    return shown


_CLASS_PROPERTIES = {
    "nf-text": "min-width: 24em; white-space: pre-line !important;",
    "nf-name": "min-width: 12em;",
    "nf-nowrap": "white-space: nowrap !important;",
    "nf-wrap": "overflow-wrap: anywhere; word-break: break-word; min-width: 12em; max-width: 24em;",
}


def interactive_mode():
    """Load DataTables into the notebook (offline: the library's code is embedded in the output) and the tables' CSS.

    Call once, in the imports cell, which then displays the library.  Keep its output: a rendered
    report needs it for its interactive tables.  Also silences tqdm's "IProgress not found"
    warning in this kernel, which would otherwise reach the page.
    """
    import itables.options
    from IPython.display import HTML, display
    from itables import init_notebook_mode

    itables.options.display_logo_when_loading = False  # the logo links to itables' web site
    init_notebook_mode(all_interactive=False, connected=False)
    # Libraries that import tqdm.auto (transformers, huggingface_hub) warn into the page that notebook progress bars
    # need ipywidgets; the reports could not show a widget anyway, so the warning is noise to a reader.
    warnings.filterwarnings("ignore", message="IProgress not found")
    display(HTML(_CSS))


def _column_classes(columns: Iterable[str]) -> dict[str, list[int]]:
    """Positions of the text, article-label and URL columns, by the CSS class they get."""
    classes: dict[str, list[int]] = {}
    for position, column in enumerate(columns):
        if column in LABEL_COLUMNS:
            classes.setdefault("nf-name", []).append(position)
        elif column in NOWRAP_COLUMNS:
            classes.setdefault("nf-nowrap", []).append(position)
        elif column in TEXT_COLUMNS:
            classes.setdefault("nf-text", []).append(position)
        elif column in WRAP_COLUMNS:
            classes.setdefault("nf-wrap", []).append(position)
    return classes


def _name_items(items: Iterable[object], lookup: Mapping[str, str] | None) -> list[str]:
    """List items as text, an item ``"doc_id: …"`` (a figure and its source) with the article's label for its id."""
    named = []
    for item in map(str, items):
        doc_id, colon, rest = item.partition(":")
        named.append(f"{lookup[doc_id]}:{rest}" if lookup and colon and doc_id in lookup else item)
    return named


def _as_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if hasattr(value, "tolist"):
        return [str(item) for item in value.tolist()]
    return [] if value is None or value == "" else [str(value)]
