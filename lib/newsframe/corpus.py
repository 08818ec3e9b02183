"""Loading a corpus: a folder of text files, a CSV export or a JSONL export, as one row per article.

Columns of the articles table (:data:`ARTICLE_COLUMNS`):

``doc_id``
    the file stem for a folder of ``.txt`` files; the export's id column (``id``, ``doc_id``,
    ``stories_id``, ``guid``) or ``row<N>`` for CSV/JSONL.
``source_path``
    the file the article came from (for exports, ``path:line``).
``title, outlet, author, url``
    metadata from ``manifest.csv`` (folders) or the export's columns; empty strings when unknown.
``published``
    ``datetime64[ns]``, ``NaT`` when unknown.  Never guessed: a partial date (``May 2024``,
    ``2024``) is the period's first day and ``published_precision`` says so.
``published_precision``
    ``day``, ``month``, ``year``, or empty when there is no date (see :mod:`newsframe.dates`).
``published_source``
    ``manifest`` or ``export`` when the metadata gave the date; cleaning fills it when it
    reads a date from the page (:func:`newsframe.clean.clean_articles`).
``raw_text``
    the article text, decoded, with line endings normalised to ``\\n``.  An HTML page
    (a ``.html``/``.htm`` file, a ``.txt`` file or export cell holding a page, or an export's
    ``html`` column when it has no text) stays markup here: cleaning extracts its article.
``source_format``
    ``text``, ``html``, ``csv`` or ``jsonl``.
``is_duplicate``, ``duplicate_of``
    an article whose text (whitespace- and case-folded) equals an earlier one is flagged, never
    dropped; ``duplicate_of`` names the first copy.

Everything a user can get wrong raises :class:`~newsframe.errors.CorpusError` naming the file
(and line or byte offset) and what to do about it.  :func:`iter_corpus` yields the same table
in chunks so that large exports stream; :func:`load_corpus` concatenates them.

Decisions about awkward input:

* an article longer than ``max_chars`` (default :data:`DEFAULT_MAX_CHARS`, 5,000,000
  characters, about 2,000 pages) is an error rather than a silent truncation; a text file
  is measured by its byte size before it is read (at most 4 bytes per character), so a
  50 MB file is refused without decoding it;
* ``.txt`` files in a folder that ``manifest.csv`` does not list are loaded with empty
  metadata and a warning names them; rows of the manifest naming missing files are an error;
* CSV exports are parsed strictly: a quote that is never closed is reported with the line
  its record starts on instead of silently swallowing the following rows;
* a ``.txt`` file is treated as an HTML page only when it starts like one (``<!doctype``,
  ``<html>``…) or holds at least five block-level tags, so prose that mentions one
  ``<script>`` tag stays text, tag and all;
* a symbolic link in the corpus folder that leads outside it is skipped with a warning;
* export columns whose names differ only in case or spaces (two ``text`` columns) are an
  error naming them, and so is a JSON object with a repeated key; a JSONL export's columns
  are the union over all its rows;
* a text cell that is not text (a number, ``true``, a list or object in JSON; ``NaN``,
  ``null``, ``None`` or a bare number in CSV) is skipped with a warning naming its lines,
  and an article that is only a web address loads with a warning (there is nothing to read);
* manifest and export dates keep their precision; an ambiguous numeric date (``05/06/2024``)
  is refused with its line unless ``date_order`` (``DMY`` or ``MDY``) is given.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from newsframe.dates import to_timestamps
from newsframe.errors import CorpusError
from newsframe.html_page import looks_like_html
from newsframe.pubdate import DATE_ORDERS, parse_metadata_date

ARTICLE_COLUMNS = [
    "doc_id",
    "source_path",
    "title",
    "outlet",
    "published",
    "published_precision",
    "published_source",
    "author",
    "url",
    "raw_text",
    "source_format",
    "is_duplicate",
    "duplicate_of",
]
METADATA_FIELDS = ("title", "outlet", "author", "url")
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "maintext", "story"),
    "html": ("html", "raw_html", "page_html", "html_content"),
    "published": ("published", "date", "publish_date", "publication_date", "pubdate", "date_published", "publish_time"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "media_name", "publisher", "site", "domain"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link", "href"),
    "doc_id": ("doc_id", "id", "stories_id", "guid", "article_id"),
}
MANIFEST_NAME = "manifest.csv"
TEXT_SUFFIXES = (".txt", ".html", ".htm")
EXPORT_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
DEFAULT_CHUNK_SIZE = 1000
DEFAULT_MAX_CHARS = 5_000_000
_MAX_BYTES_PER_CHAR = 4

_BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")
_URL_ONLY = re.compile(r"\s*(?:https?://|www\.)\S+\s*")
_NOT_TEXT = re.compile(r"\s*(?:nan|null|none|n/?a|true|false|[-+]?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?)\s*", re.IGNORECASE)
_ENCODING_ADVICE = "re-save it as UTF-8 or give its encoding (--encoding cp1252 on the command line, encoding='cp1252' in Python, for Windows files)"


def iter_corpus(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_chars: int = DEFAULT_MAX_CHARS,
    date_order: str | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield the articles of a corpus in chunks of at most ``chunk_size`` rows.

    ``path`` is a folder of ``.txt`` files (with an optional ``manifest.csv``), a single
    ``.txt`` file, a ``.csv`` export or a ``.jsonl`` export.  ``encoding`` applies to text
    files without a byte-order mark (UTF-8 and UTF-16 BOMs are always honoured).
    An article longer than ``max_chars`` characters raises :class:`CorpusError`.
    ``date_order`` (``DMY`` or ``MDY``) reads ambiguous numeric dates in the metadata.
    Duplicate flags are computed across chunks.
    """
    source = Path(path).expanduser()
    if not source.exists():
        raise CorpusError(
            f"{source}: no such file or folder; check the path (relative paths are resolved from the project root in notebooks)"
        )
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if date_order not in (None, *DATE_ORDERS):
        raise ValueError(f"date_order must be one of {DATE_ORDERS} or None, not {date_order!r}")
    seen: dict[str, str] = {}
    found_any = False
    for chunk in _chunks(_warn_url_only(_records(source, encoding, max_chars, date_order)), chunk_size):
        frame = _to_frame(chunk)
        _flag_duplicates(frame, seen)
        found_any = True
        yield frame
    if not found_any:
        raise CorpusError(
            f"{source}: the corpus is empty (no .txt files, rows or lines with text); add articles or point to another path"
        )


def load_corpus(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    date_order: str | None = None,
) -> pd.DataFrame:
    """Read a whole corpus into one articles table (one row per article, :data:`ARTICLE_COLUMNS`)."""
    chunks = list(iter_corpus(path, encoding=encoding, max_chars=max_chars, date_order=date_order))
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]


def corpus_hash(corpus: str | Path | pd.DataFrame) -> str:
    """The SHA-256 (hex) of a corpus's content: newsframe's one corpus hash.

    A corpus given as a path (a folder, or one export file): the bytes of its files, each with
    its name, in name order (a folder's article files, :data:`TEXT_SUFFIXES`, and its
    manifest), read in one streaming pass and parsed not at all, so the analysis cache, the
    runner and the reports can name a corpus of any size without loading it; a changed
    article or manifest line is a different hash.  An articles table (:func:`load_corpus`):
    every ``doc_id`` and ``raw_text``, in ``doc_id`` order, so the load order and the
    metadata do not change it.  Each field is followed by a NUL byte, so ("ab", "c") and
    ("a", "bc") hash differently.
    """
    from newsframe.memo import update_with_file

    digest = hashlib.sha256()
    if isinstance(corpus, pd.DataFrame):
        for doc_id, text in sorted(zip(corpus["doc_id"].astype(str), corpus["raw_text"].astype(str))):
            digest.update(doc_id.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
        return digest.hexdigest()
    path = Path(corpus)
    suffixes = (*TEXT_SUFFIXES, ".csv")
    files = (
        sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes) if path.is_dir() else [path]
    )
    for file in files:
        digest.update(file.name.encode() + b"\0")
        update_with_file(digest, file)
    return digest.hexdigest()


def _chunks(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _to_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(
        records, columns=[c for c in ARTICLE_COLUMNS if c not in ("is_duplicate", "duplicate_of")]
    )
    frame["published"] = to_timestamps(
        frame["published"], what="publication dates (manifest or export)", index=frame.index
    )
    return frame


def _flag_duplicates(frame: pd.DataFrame, seen: dict[str, str]) -> None:
    firsts = []
    for doc_id, text in zip(frame["doc_id"], frame["raw_text"]):
        firsts.append(seen.setdefault(_duplicate_key(text), doc_id))
    duplicate_of = [first if first != doc_id else "" for first, doc_id in zip(firsts, frame["doc_id"])]
    frame["is_duplicate"] = [bool(first) for first in duplicate_of]
    frame["duplicate_of"] = duplicate_of


def _duplicate_key(text: str) -> str:
    """SHA-1 (hex) of the text with runs of white space folded to one space, stripped and case-folded.

    ``str.split()`` splits on exactly the characters ``\\s`` matches in a ``str`` pattern
    (``str.isspace``), so joining its words equals substituting runs of white space and
    stripping the ends, at a third of the cost of the regular expression.
    """
    return hashlib.sha1(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def _warn_url_only(records: Iterator[dict]) -> Iterator[dict]:
    """Pass the records through; warn once, at the end, about articles that are only a web address."""
    found = []
    for record in records:
        if _URL_ONLY.fullmatch(record["raw_text"]):
            found.append(Path(record["source_path"]).name)
        yield record
    if found:
        shown = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
        warnings.warn(
            f"{len(found)} articles hold only a web address and will give no sentences ({shown}); "
            f"save each page's text (or HTML) instead of its link",
            stacklevel=3,
        )


def _records(source: Path, encoding: str, max_chars: int, date_order: str | None) -> Iterator[dict]:
    if source.is_dir():
        yield from _folder_records(source, encoding, max_chars, date_order)
    elif source.suffix.lower() in EXPORT_SUFFIXES:
        kind = EXPORT_SUFFIXES[source.suffix.lower()]
        records = (
            _csv_records(source, encoding, date_order)
            if kind == "csv"
            else _jsonl_records(source, encoding, date_order)
        )
        for record in records:
            _check_length(record["source_path"], len(record["raw_text"]), max_chars, unit="characters")
            yield record
    else:
        yield _text_record(source, encoding, {}, max_chars)


def _check_length(where: str | Path, size: int, max_chars: int, *, unit: str) -> None:
    if size > max_chars:
        raise CorpusError(
            f"{where}: the article is {size:,} {unit} long, more than max_chars={max_chars:,}; "
            f"split it into one file per article, or pass a larger max_chars=... to load_corpus if it really is one article"
        )


def _inside(folder: Path, files: list[Path]) -> list[Path]:
    """The files that are, or link to, something inside ``folder``; links that leave it are skipped with a warning."""
    root = folder.resolve()
    kept, outside = [], []
    for file in files:
        if file.is_symlink() and not file.resolve().is_relative_to(root):
            outside.append(file.name)
        else:
            kept.append(file)
    if outside:
        shown = ", ".join(outside[:5]) + (" …" if len(outside) > 5 else "")
        warnings.warn(
            f"{folder}: skipped {len(outside)} links that lead outside the corpus folder ({shown}); "
            f"copy the files into the folder if they belong to the corpus",
            stacklevel=5,
        )
    return kept


def _folder_records(folder: Path, encoding: str, max_chars: int, date_order: str | None) -> Iterator[dict]:
    files = _inside(folder, sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES))
    manifest_path = folder / MANIFEST_NAME
    has_manifest = manifest_path.is_file() and manifest_path in _inside(folder, [manifest_path])
    manifest = _read_manifest(manifest_path, {p.name for p in files}, date_order) if has_manifest else None
    if manifest is not None:
        _warn_unlisted(folder / MANIFEST_NAME, [p.name for p in files if p.name not in manifest])
    for file in files:
        yield _text_record(file, encoding, (manifest or {}).get(file.name, {}), max_chars)


def _read_manifest(path: Path, present: set[str], date_order: str | None) -> dict[str, dict]:
    """Metadata per file name from ``manifest.csv`` (file, title, outlet, published, author, url, notes)."""
    text = _decode(path, path.read_bytes(), "utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise CorpusError(
            f"{path} line {reader.line_num}: malformed CSV ({error}); fix the quoting on that line"
        ) from None
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise CorpusError(
            f"{path}: a manifest needs a header with a 'file' column (file,title,outlet,published,author,url,notes)"
        )
    _refuse_duplicate_columns(path, reader.fieldnames)
    metadata = {}
    for line_no, row in rows:
        name = (row.get("file") or "").strip()
        if not name:
            raise CorpusError(
                f"{path} line {line_no}: the 'file' column is empty; name the .txt file or delete the row"
            )
        if name in metadata:
            raise CorpusError(f"{path} line {line_no}: {name} is listed twice; keep one row per file")
        fields = {field: (row.get(field) or "").strip() for field in METADATA_FIELDS}
        fields["published"], fields["published_precision"] = parse_metadata_date(
            row.get("published"), where=f"{path} line {line_no}", date_order=date_order
        )
        fields["published_source"] = "manifest" if fields["published_precision"] else ""
        metadata[name] = fields
    missing = sorted(set(metadata) - present)
    if missing:
        raise CorpusError(
            f"{path}: lists files that are not in the folder: {', '.join(missing[:5])}; remove those rows or add the files"
        )
    return metadata


def _warn_unlisted(manifest: Path, names: list[str]) -> None:
    if names:
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        warnings.warn(
            f"{manifest}: {len(names)} .txt files are not listed and load with empty metadata ({shown}); "
            f"add rows for them to give their titles, outlets and dates",
            stacklevel=4,
        )


def _refuse_duplicate_columns(path: Path | str, columns: list[str]) -> None:
    """Columns whose names differ only in case or surrounding spaces would shadow each other: an error naming them."""
    groups: dict[str, list[str]] = {}
    for column in columns:
        groups.setdefault(str(column).strip().lower(), []).append(str(column))
    repeated = [names for names in groups.values() if len(names) > 1]
    if repeated:
        shown = "; ".join(", ".join(repr(name) for name in names) for names in repeated)
        raise CorpusError(f"{path}: duplicate column names: {shown}; rename or remove all but one of each")


def _text_record(file: Path, encoding: str, metadata: dict, max_chars: int) -> dict:
    size = file.stat().st_size
    if size > max_chars * _MAX_BYTES_PER_CHAR:
        _check_length(file, size, max_chars * _MAX_BYTES_PER_CHAR, unit="bytes")
    payload = file.read_bytes()
    text, source_format = _text_from_bytes(file, payload, encoding)
    _check_length(file, len(text), max_chars, unit="characters")
    return {
        "doc_id": file.stem,
        "source_path": str(file),
        "title": metadata.get("title", ""),
        "outlet": metadata.get("outlet", ""),
        "published": metadata.get("published", pd.NaT),
        "published_precision": metadata.get("published_precision", ""),
        "published_source": metadata.get("published_source", ""),
        "author": metadata.get("author", ""),
        "url": metadata.get("url", ""),
        "raw_text": text,
        "source_format": source_format,
    }


def _text_from_bytes(file: Path, payload: bytes, encoding: str) -> tuple[str, str]:
    if not payload.strip():
        raise CorpusError(f"{file}: the file is empty; delete it or fill it with the article's text")
    if payload.startswith(_BINARY_SIGNATURES):
        raise CorpusError(
            f"{file}: this is a binary file (an image, PDF or archive), not text; remove it from the corpus folder"
        )
    wide = payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or encoding.lower().replace(
        "_", "-"
    ).startswith(("utf-16", "utf-32"))
    if b"\x00" in payload[:4096] and not wide:
        raise CorpusError(
            f"{file}: holds NUL bytes, so it is binary or UTF-16 without a byte-order mark; "
            f"remove it from the corpus folder, or pass encoding='utf-16-le' if it is UTF-16 text"
        )
    text = _decode(file, payload, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        return text, "html"
    if not text.strip():
        raise CorpusError(f"{file}: the file holds only white space; delete it or fill it with the article's text")
    return text, "text"


def _decode(file: Path, payload: bytes, encoding: str) -> str:
    if payload.startswith(codecs.BOM_UTF8):
        payload, encoding = payload[len(codecs.BOM_UTF8) :], "utf-8"
    elif payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        return payload.decode(encoding)
    except UnicodeDecodeError as error:
        bad = payload[error.start : error.start + 1].hex()
        raise CorpusError(
            f"{file}: is not {encoding} text (byte 0x{bad} at offset {error.start}); {_ENCODING_ADVICE}"
        ) from None
    except LookupError:
        raise CorpusError(
            f"{file}: unknown encoding {encoding!r}; pass a Python codec name such as 'utf-8' or 'cp1252'"
        ) from None


def _resolve_columns(path: Path, columns: list[str], *, require_text: bool = True) -> dict[str, str]:
    lowered = {column.strip().lower(): column for column in columns}
    resolved = {}
    for field, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                resolved[field] = lowered[alias]
                break
    if require_text and "text" not in resolved and "html" not in resolved:
        _no_text_column(path, columns)
    return resolved


def _no_text_column(path: Path, columns: list[str]) -> None:
    raise CorpusError(
        f"{path}: no text column found among {columns}; rename the article text column to one of "
        f"{', '.join(COLUMN_ALIASES['text'])} (or html for saved pages)"
    )


def _text_cell(value: object) -> tuple[str, str]:
    """``(text, why)``: the cell as article text, or why it is not one (``empty`` or ``not text``)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "", "empty"
    if not isinstance(value, str):
        return "", "not text"
    if not value.strip():
        return "", "empty"
    if _NOT_TEXT.fullmatch(value):
        return "", "not text"
    return value, ""


def _export_record(
    path: Path,
    where: str,
    row: dict,
    columns: dict[str, str],
    row_no: int,
    date_order: str | None,
) -> tuple[dict | None, str]:
    """``(record, "")`` or ``(None, why)`` for a row with no text (``empty``) or a text cell that is not text."""
    text, why = _text_cell(row.get(columns["text"])) if "text" in columns else ("", "empty")
    if why == "empty" and "html" in columns:
        text, why = _text_cell(row.get(columns["html"]))
    if why:
        return None, why
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source_format = path.suffix.lower().lstrip(".").replace("ndjson", "jsonl")
    record = {field: _cell(row.get(columns[field])) if field in columns else "" for field in METADATA_FIELDS}
    doc_id = _cell(row.get(columns["doc_id"])) if "doc_id" in columns else ""
    published, precision = (
        parse_metadata_date(row.get(columns["published"]), where=where, date_order=date_order)
        if "published" in columns
        else (pd.NaT, "")
    )
    record.update(
        doc_id=doc_id or f"row{row_no:06d}",
        source_path=where,
        published=published,
        published_precision=precision,
        published_source="export" if precision else "",
        raw_text=text,
        source_format=source_format,
    )
    return record, ""


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value).strip()


def _csv_records(path: Path, encoding: str, date_order: str | None) -> Iterator[dict]:
    """Stream a CSV export row by row (quoted fields may span lines and be arbitrarily long)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    with path.open("r", encoding=codec, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
            _refuse_duplicate_columns(path, header)
            columns = _resolve_columns(path, header)
            yield from _unique_ids(path, _csv_rows(path, reader, header, columns, date_order))
        except StopIteration:
            raise CorpusError(f"{path}: the CSV file is empty; export the articles with a header row") from None
        except UnicodeDecodeError as error:
            raise CorpusError(
                f"{path} near line {reader.line_num + 1}: is not {encoding} text (byte 0x{error.object[error.start : error.start + 1].hex()}); "
                f"{_ENCODING_ADVICE}"
            ) from None
        except csv.Error as error:
            raise CorpusError(
                f"{path} line {reader.line_num}: malformed CSV ({error}); fix the quoting on that line"
            ) from None


def _csv_rows(path: Path, reader, header: list[str], columns: dict[str, str], date_order: str | None) -> Iterator[dict]:
    """The records of a CSV export; a quoting error names the line its record starts on."""
    skipped: dict[str, list[int]] = {"empty": [], "not text": []}
    row_no, previous_end = 0, reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise CorpusError(
                f"{path} line {previous_end + 1}: malformed CSV ({error} by line {reader.line_num}); "
                f"a quote opened in the record starting on line {previous_end + 1} is probably never closed "
                f"or is followed by more text; fix the quoting there"
            ) from None
        row_no += 1
        line, previous_end = previous_end + 1, reader.line_num
        if not values:
            continue
        if len(values) != len(header):
            raise CorpusError(
                f"{path} line {line}: expected {len(header)} fields, found {len(values)}; fix the quoting on that line or remove it"
            )
        record, why = _export_record(path, f"{path}:{line}", dict(zip(header, values)), columns, row_no, date_order)
        if record is None:
            skipped[why].append(line)
            continue
        yield record
    _warn_skipped(path, skipped)


def _no_duplicate_keys(where: str) -> object:
    def pairs(items: list[tuple[str, object]]) -> dict:
        keys = [key for key, _ in items]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise CorpusError(f"{where}: duplicate keys: {', '.join(map(repr, repeated))}; keep one value per key")
        return dict(items)

    return pairs


def _jsonl_records(path: Path, encoding: str, date_order: str | None) -> Iterator[dict]:
    """Stream a JSONL export; its columns are the union of every row's keys seen so far."""
    skipped: dict[str, list[int]] = {"empty": [], "not text": []}

    def rows() -> Iterator[dict]:
        keys: dict[str, None] = {}
        columns: dict[str, str] = {}
        with path.open("rb") as handle:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                if line_no == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                where = f"{path} line {line_no}"
                try:
                    row = json.loads(line.decode(encoding), object_pairs_hook=_no_duplicate_keys(where))
                except UnicodeDecodeError as error:
                    raise CorpusError(
                        f"{where}: not {encoding} text (byte offset {error.start} in the line); {_ENCODING_ADVICE}"
                    ) from None
                except json.JSONDecodeError as error:
                    raise CorpusError(
                        f"{where}: not valid JSON ({error.msg} at column {error.colno}); fix or remove that line"
                    ) from None
                if not isinstance(row, dict):
                    raise CorpusError(f"{where}: expected a JSON object per line, found {type(row).__name__}")
                if any(key not in keys for key in row):
                    keys.update(dict.fromkeys(row))
                    _refuse_duplicate_columns(path, list(keys))
                    columns = _resolve_columns(path, list(keys), require_text=False)
                record, why = _export_record(path, f"{path}:{line_no}", row, columns, line_no, date_order)
                if record is None:
                    skipped[why].append(line_no)
                    continue
                yield record
        if keys and "text" not in columns and "html" not in columns:
            _no_text_column(path, list(keys))
        _warn_skipped(path, skipped)

    yield from _unique_ids(path, rows())


def _unique_ids(path: Path, records: Iterator[dict]) -> Iterator[dict]:
    seen: set[str] = set()
    for record in records:
        if record["doc_id"] in seen:
            raise CorpusError(
                f"{record['source_path']}: the id {record['doc_id']!r} occurs twice in {path.name}; ids must be unique"
            )
        seen.add(record["doc_id"])
        yield record


def _warn_skipped(path: Path, skipped: dict[str, list[int]]) -> None:
    for why, lines in skipped.items():
        if lines:
            shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
            what = (
                "with no text"
                if why == "empty"
                else "whose text is not text (a number, true/false, NaN/null, a list or an object)"
            )
            warnings.warn(f"{path}: skipped {len(lines)} rows {what} (lines {shown})", stacklevel=4)


def count_articles(path: str | Path, *, encoding: str = "utf-8") -> int | None:
    """How many articles a corpus holds at most, counted without parsing them (for a progress bar's total).

    A folder: its ``.txt``, ``.html`` and ``.htm`` files; a JSONL export: its non-blank lines (read as bytes,
    buffered); a CSV export: its records (quoted fields may span lines, so the CSV
    reader counts them, without building rows); one text file: 1.  Rows that turn out to have
    no text are skipped later, so the count is an upper bound.  None when it cannot be counted.
    """
    source = Path(path).expanduser()
    try:
        if source.is_dir():
            return sum(1 for p in source.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        kind = EXPORT_SUFFIXES.get(source.suffix.lower())
        if kind == "jsonl":
            with source.open("rb") as handle:
                return sum(1 for line in handle if not line.isspace())
        if kind == "csv":
            csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
            codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
            with source.open("r", encoding=codec, newline="", errors="replace") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        return 1 if source.is_file() else None
    except (OSError, csv.Error):
        return None
