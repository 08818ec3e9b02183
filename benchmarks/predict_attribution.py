"""Statements of every article of a PolNeAR split, as the attribution scorer reads them.

    python benchmarks/predict_attribution.py SPLIT_DIR OUT.json [--method newsframe|textacy]

For each raw ``SPLIT_DIR/text/NAME.txt`` this runs what the pipeline runs on an article
(:func:`newsframe.clean.clean_articles`, :func:`newsframe.segment.split_sentences`,
:func:`newsframe.quotes.extract_quotes`) and writes ``OUT.json``: NAME -> a list of
``{start, end, speaker, speaker_start, speaker_end, kind}`` with offsets into the *raw* file,
the format of ``../shared/eval/quotes/score_attribution.py``.

Cleaning keeps every body line but normalises it (NFC, runs of white space to one space,
stripped) and joins the kept lines with a blank line, so a clean offset maps back to the raw
text line by line: each clean paragraph is the normalised form of one raw line, found in order,
and inside a line the characters are aligned by :func:`raw_offsets`.

``--method textacy`` writes what textacy's ``direct_quotations`` finds over a full
``en_core_web_sm`` parse of each raw text (the route a researcher would otherwise take); it
needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

import pandas as pd
from newsframe.clean import _normalise, clean_articles
from newsframe.encoding import repair_line
from newsframe.quotes import extract_quotes
from newsframe.segment import split_sentences


def raw_offsets(raw: str, clean: str) -> list[int]:
    """For each offset into ``clean`` (and its end), the offset into ``raw`` it came from.

    ``clean`` is :func:`newsframe.clean.clean_text` of ``raw``.  Paragraphs of ``clean`` are
    matched in order to the raw lines that normalise to them; within a line, characters are
    aligned with :mod:`difflib` when the line was changed (mojibake repaired as cleaning repairs it,
    NFC, collapsed spaces), else
    shifted by the stripped leading space.  The blank line between two paragraphs maps to
    the end of the first one's raw line.
    """
    lines, starts, at = raw.split("\n"), [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    mapping: list[int] = []
    row = 0
    paragraphs = clean.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        while row < len(lines) and _normalise(repair_line(lines[row])) != paragraph:
            row += 1
        if row == len(lines):
            raise ValueError(f"clean paragraph {number} is not the normalised form of any later raw line")
        line = lines[row]
        mapping.extend(starts[row] + offset for offset in _line_map(line, paragraph))
        if number + 1 < len(paragraphs):
            end = starts[row] + len(line)
            mapping.extend([end, end])
        row += 1
    mapping.append(mapping[-1] + 1 if mapping else 0)
    return mapping


def _line_map(line: str, paragraph: str) -> list[int]:
    """Offset into ``line`` of every character of ``paragraph`` (its normalised form)."""
    lead = len(line) - len(line.lstrip())
    if line[lead : lead + len(paragraph)] == paragraph:
        return [lead + index for index in range(len(paragraph))]
    matcher = difflib.SequenceMatcher(None, paragraph, line, autojunk=False)
    mapping = [0] * len(paragraph)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for index in range(a0, a1):
            mapping[index] = b0 + min(index - a0, max(b1 - b0 - 1, 0)) if tag != "insert" else b0
    return mapping


def newsframe_predictions(text: str, doc_id: str = "doc") -> list[dict]:
    """The library's statements of one raw article, offsets into the raw text."""
    raw = pd.DataFrame({"doc_id": [doc_id], "raw_text": [text], "title": [""], "author": [""], "published": [pd.NaT]})
    articles, _ = clean_articles(raw)
    clean = articles["clean_text"].iloc[0]
    sentences = split_sentences(articles)
    statements = extract_quotes(articles, sentences)
    mapping = raw_offsets(text, clean)
    out = []
    for row in statements.itertuples(index=False):
        has_mention = row.speaker_start >= 0
        out.append(
            {
                "start": mapping[row.start],
                "end": mapping[row.end - 1] + 1,
                "speaker": row.speaker,
                "speaker_start": mapping[row.speaker_start] if has_mention else None,
                "speaker_end": mapping[row.speaker_end - 1] + 1 if has_mention else None,
                "kind": row.kind,
            }
        )
    return out


def textacy_predictions(texts: dict[str, str]) -> dict[str, list[dict]]:
    """textacy's direct_quotations over a full en_core_web_sm parse of each raw text."""
    import spacy
    from newsframe.parse import MODEL_PACKAGE
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(MODEL_PACKAGE)
    out = {}
    for name, doc in zip(texts, nlp.pipe(texts.values(), batch_size=8)):
        found = []
        try:
            quotes = list(direct_quotations(doc))
        except ValueError:  # textacy refuses a text with an odd number of quotation marks
            quotes = []
        for quote in quotes:
            speaker = quote.speaker
            found.append(
                {
                    "start": quote.content.start_char,
                    "end": quote.content.end_char,
                    "speaker": " ".join(t.text for t in speaker),
                    "speaker_start": speaker[0].idx if speaker else None,
                    "speaker_end": speaker[-1].idx + len(speaker[-1]) if speaker else None,
                    "kind": "direct",
                }
            )
        out[name] = found
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path, help="a PolNeAR split: text/NAME.txt (+ attributions/)")
    parser.add_argument("out", type=Path, help="where to write PRED.json")
    parser.add_argument("--method", choices=("newsframe", "textacy"), default="newsframe")
    args = parser.parse_args(argv)
    paths = sorted((args.split / "text").glob("*.txt"))
    if not paths:
        print(f"error: {args.split / 'text'} holds no .txt files", file=sys.stderr)
        return 2
    texts = {path.stem: path.read_text(encoding="utf-8") for path in paths}
    if args.method == "textacy":
        predictions = textacy_predictions(texts)
    else:
        predictions = {name: newsframe_predictions(text, name) for name, text in texts.items()}
    args.out.write_text(json.dumps(predictions, indent=0, sort_keys=True), encoding="utf-8")
    print(
        f"{sum(map(len, predictions.values()))} statements in {len(predictions)} articles -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
