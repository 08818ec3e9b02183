"""Command line: ``python -m newsframe run|setup|share``.

``run``    execute the numbered notebooks on a corpus and render the HTML reports.
           Exit status: 0 all notebooks ran, 1 some failed (see stderr and reports/),
           2 bad parameters, corpus or output folder (nothing ran; also a full disk), 130 interrupted
           (the message says what changed: before publishing, nothing but the cache).
``setup``  provision offline NLTK data (what ``make`` does once after installing).
``share``  pack ``reports/`` into one dated zip file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from newsframe.errors import NewsframeError

# nbformat validates with jsonschema, which imports the optional ``rfc3987_syntax`` when it is
# installed (Jupyter's packages pull it in) to check the "iri" formats; that module builds a
# parser when imported, about 1.4 s of every run (python-jsonschema/jsonschema#1392, #1521).
# No notebook schema uses those formats, so this process declines the optional import and
# jsonschema goes without that one checker.  Only this command-line process is affected.
sys.modules.setdefault("rfc3987_syntax", None)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsframe", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the notebooks and render HTML reports")
    run.add_argument(
        "--corpus", help="folder of .txt files, or a CSV/JSONL export (default: seeds; also -p corpus PATH)"
    )
    run.add_argument(
        "--output-dir",
        help="where executed notebooks, tables and figures go (default: outputs; also -p output_dir DIR)",
    )
    run.add_argument("--reports-dir", default="reports", help="where the HTML reports go (default: reports)")
    run.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NN",
        help="run only notebooks whose name starts with NN (repeatable)",
    )
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter",
    )
    run.add_argument("--timeout", type=int, default=1800, help="seconds one cell may run (default: 1800)")
    run.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks executed at the same time, one kernel each (default: 2, or 1 on a one-core machine)",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="execute every notebook, even those whose inputs are unchanged since their last good run (default: reuse them)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes that analyse the corpus (default: every usable CPU, 1 on a one-core machine)",
    )
    run.add_argument(
        "--notebooks-dir", default="notebooks", help="folder of numbered notebooks NN-name.ipynb (default: notebooks)"
    )
    run.add_argument(
        "--encoding",
        default="utf-8",
        help="codec of the corpus's text files without a byte-order mark (default: utf-8; e.g. cp1252)",
    )
    run.add_argument(
        "--date-order",
        choices=("DMY", "MDY"),
        default=None,
        help="how to read ambiguous numeric dates such as 05/06/2024 in the manifest or export (default: refuse them)",
    )
    commands.add_parser("setup", help="provision offline NLTK data")
    share = commands.add_parser("share", help="zip reports/ into a dated archive")
    share.add_argument("--reports-dir", default="reports")
    share.add_argument("--dest", default=".", help="folder for the zip (default: project root)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "setup":
            from newsframe.nltk_data import ensure_nltk_data

            print(f"NLTK data ready in {ensure_nltk_data()}")
            return 0
        if args.command == "share":
            from newsframe.paths import resolve_project_path
            from newsframe.share import pack_reports

            print(pack_reports(resolve_project_path(args.reports_dir), resolve_project_path(args.dest)))
            return 0
        from newsframe.run import command

        return command(args, report=lambda line: print(line, file=sys.stderr, flush=True))
    except NewsframeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a full or read-only disk met outside newsframe's own writers (Parquet, papermill)
        from newsframe.outputs import write_error

        clear = write_error(error, Path(error.filename).parent if error.filename else Path.cwd())
        if clear is error:
            raise
        print(f"error: {clear}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as interrupt:
        from newsframe.run import RunInterrupted

        what = (
            interrupt.summary()
            if isinstance(interrupt, RunInterrupted)
            else "earlier outputs and reports are unchanged"
        )
        print(f"interrupted: {what}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
