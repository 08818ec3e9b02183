"""Write a deterministic synthetic corpus of N articles built from the seeds' paragraphs.

    python benchmarks/make_corpus.py N OUT [--seed 0] [--format both|txt|jsonl]

Each article recombines 4-12 paragraphs drawn (with replacement) from the cleaned seed
articles, under a seed headline, with a publication date between 2022 and 2025 and one of a
few outlets.  OUT/txt/ holds one .txt file per article plus manifest.csv; OUT/corpus.jsonl
holds the same articles one JSON object per line.  The same N and seed give byte-identical
files, so benchmark runs are comparable.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

from newsframe.clean import clean_articles
from newsframe.corpus import load_corpus
from newsframe.paths import SEEDS_DIR

OUTLETS = ("Global Times", "Reuters", "The Diplomat", "Al Hurra", "The CSS Point", "Moscow Times", "South China Morning Post")
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 4 * 365


def seed_material() -> tuple[list[str], list[str]]:
    """The seeds' body paragraphs and headlines, after cleaning."""
    articles, _ = clean_articles(load_corpus(SEEDS_DIR))
    paragraphs, titles = [], [t for t in articles["title"] if t]
    for text, blocks in zip(articles["clean_text"], articles["blocks"]):
        paragraphs.extend(text[start:end] for start, end, kind, _ in blocks if kind == "paragraph")
    return paragraphs, titles


def synthetic_articles(n: int, seed: int = 0) -> Iterator[dict]:
    """Yield ``n`` article records (doc_id, title, outlet, published, text), deterministically."""
    paragraphs, titles = seed_material()
    rng = random.Random(seed)
    for number in range(n):
        body = rng.choices(paragraphs, k=rng.randint(4, 12))
        yield {
            "doc_id": f"syn{number:07d}",
            "title": rng.choice(titles),
            "outlet": rng.choice(OUTLETS),
            "published": (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat(),
            "text": "\n\n".join(body),
        }


def write_corpus(n: int, out: Path, *, seed: int = 0, formats: tuple[str, ...] = ("txt", "jsonl")) -> None:
    """Write the synthetic corpus under ``out`` in the requested formats."""
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
        for record in synthetic_articles(n, seed):
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
    args = parser.parse_args()
    formats = ("txt", "jsonl") if args.format == "both" else (args.format,)
    write_corpus(args.n, args.out, seed=args.seed, formats=formats)
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
