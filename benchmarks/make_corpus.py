"""Write a deterministic synthetic corpus of N articles whose sentences do not repeat.

    python benchmarks/make_corpus.py N OUT [--seed 0] [--format both|txt|jsonl] [--recombine]

Each article draws 4-12 paragraphs (with replacement) from the cleaned seed articles, under a
seed headline, with a publication date between 2022 and 2025 and one of a few outlets, and
then mutates every sentence of them: a number is inserted at a random place and two adjacent
words are swapped (never a word that ends a sentence or a clause, so the sentence count
stays).  A sentence therefore recurs about as rarely as on real news, and the per-text caches
of the stages (``functools.lru_cache`` keyed by the exact text) hit no more often than they
would there: the benchmark measures the stages, not the caches.  ``--recombine`` skips the
mutation (the generator before issue 20), for the cache-friendly best case only.

OUT/txt/ holds one .txt file per article plus manifest.csv; OUT/corpus.jsonl holds the same
articles one JSON object per line.  The same N, seed and mode give byte-identical files, so
benchmark runs are comparable.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from newsframe.clean import clean_articles
from newsframe.corpus import load_corpus
from newsframe.paths import SEEDS_DIR

OUTLETS = (
    "Global Times",
    "Reuters",
    "The Diplomat",
    "Al Hurra",
    "The CSS Point",
    "Moscow Times",
    "South China Morning Post",
)
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 4 * 365


def seed_material() -> tuple[list[str], list[str]]:
    """The seeds' body paragraphs and headlines, after cleaning."""
    articles, _ = clean_articles(load_corpus(SEEDS_DIR))
    paragraphs, titles = [], [t for t in articles["title"] if t]
    for text, blocks in zip(articles["clean_text"], articles["blocks"]):
        paragraphs.extend(text[start:end] for start, end, kind, _ in blocks if kind == "paragraph")
    return paragraphs, titles


# Where the seed paragraphs are cut into sentences for mutation: after . ! ? (and a closing quote), before a capital or quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])([\"”’]?)\s+(?=[\"“‘A-Z])")
# A word ending in one of these ends a sentence or clause; it is never moved.
_CLAUSE_END = (".", "!", "?", ":", ";", ",", '"', "”", "’", ")")


def mutate_sentence(sentence: str, rng: random.Random) -> str:
    """``sentence`` with a random number inserted and two adjacent words swapped (both chosen by ``rng``).

    Words that end a sentence or clause stay where they are, and the number goes before a
    word, never at the end, so sentence splitting finds the same sentences.
    """
    words = sentence.split(" ")
    if len(words) < 2:
        return sentence
    movable = [
        i
        for i in range(len(words) - 1)
        if not words[i].endswith(_CLAUSE_END) and not words[i + 1].endswith(_CLAUSE_END)
    ]
    if movable:
        i = rng.choice(movable)
        words[i], words[i + 1] = words[i + 1], words[i]
    words.insert(rng.randrange(1, len(words)), f"{rng.randrange(2, 100_000):,}")
    return " ".join(words)


def mutate_paragraph(paragraph: str, rng: random.Random) -> str:
    """Every sentence of ``paragraph`` mutated by :func:`mutate_sentence`, the breaks between them kept."""
    pieces = _SENTENCE_BREAK.split(paragraph)
    # split keeps the captured closing quote: pieces alternate sentence, quote, sentence, …
    out = []
    for index, piece in enumerate(pieces):
        out.append(mutate_sentence(piece, rng) if index % 2 == 0 else piece + " ")
    return "".join(out)


def synthetic_articles(n: int, seed: int = 0, *, mutate: bool = True) -> Iterator[dict]:
    """Yield ``n`` article records (doc_id, title, outlet, published, text), deterministically.

    ``mutate=False`` recombines the seed paragraphs verbatim (the cache-friendly best case).
    """
    paragraphs, titles = seed_material()
    rng = random.Random(seed)
    for number in range(n):
        body = rng.choices(paragraphs, k=rng.randint(4, 12))
        if mutate:
            body = [mutate_paragraph(paragraph, rng) for paragraph in body]
        yield {
            "doc_id": f"syn{number:07d}",
            "title": rng.choice(titles),
            "outlet": rng.choice(OUTLETS),
            "published": (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat(),
            "text": "\n\n".join(body),
        }


def write_corpus(
    n: int, out: Path, *, seed: int = 0, formats: tuple[str, ...] = ("txt", "jsonl"), mutate: bool = True
) -> None:
    """Write the synthetic corpus under ``out`` in the requested formats (``mutate``: see :func:`synthetic_articles`)."""
    out.mkdir(parents=True, exist_ok=True)
    txt_dir = out / "txt"
    if "txt" in formats:
        txt_dir.mkdir(exist_ok=True)
    jsonl = (out / "corpus.jsonl").open("w", encoding="utf-8", newline="\n") if "jsonl" in formats else None
    manifest = (txt_dir / "manifest.csv").open("w", encoding="utf-8", newline="") if "txt" in formats else None
    try:
        writer = csv.writer(manifest, lineterminator="\n") if manifest else None
        if writer:
            writer.writerow(["file", "title", "outlet", "published", "author", "url", "notes"])
        for record in synthetic_articles(n, seed, mutate=mutate):
            if writer:
                name = f"{record['doc_id']}.txt"
                (txt_dir / name).write_text(record["text"] + "\n", encoding="utf-8", newline="\n")
                writer.writerow([name, record["title"], record["outlet"], record["published"], "", "", "synthetic"])
            if jsonl:
                jsonl.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        for handle in (jsonl, manifest):
            if handle:
                handle.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("both", "txt", "jsonl"), default="both")
    parser.add_argument(
        "--recombine", action="store_true", help="seed paragraphs verbatim, not mutated (cache-friendly best case)"
    )
    args = parser.parse_args()
    formats = ("txt", "jsonl") if args.format == "both" else (args.format,)
    write_corpus(args.n, args.out, seed=args.seed, formats=formats, mutate=not args.recombine)
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
