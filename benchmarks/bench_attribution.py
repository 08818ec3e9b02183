"""newsframe's whole analysis against textacy's direct_quotations over a full spaCy parse, same corpus.

    python benchmarks/bench_attribution.py [--split ../shared/eval/quotes/polnear/dev] [--append RESULTS.md]

The corpus is a PolNeAR split (real news, 84 articles in dev).  Measured in one run, each in
a fresh process so no parse is reused across them:

* newsframe: every per-article stage of the pipeline (:func:`newsframe.pipeline.analyze_chunk`:
  cleaning, sentences, sentiment, frames, actors, attribution, timexes, timeline, claims) and,
  within that, the attribution stage alone (sentences/s, and how many sentences it parsed);
* textacy: ``en_core_web_sm`` (the same model, every component) over every whole article and
  ``textacy.extract.triples.direct_quotations`` on each parse: what a researcher would use
  instead.  Needs the ``bench`` extra (``make bench`` installs it).

Both outputs are scored by ``score_attribution.py`` (the figures of ``validate_attribution.py``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from bench_sentiment import load_average  # this folder is on sys.path: the benchmarks run as scripts

HERE = Path(__file__).resolve().parent
DEFAULT_SPLIT = HERE.parent.parent / "shared" / "eval" / "quotes" / "polnear" / "dev"


# a made-up article (none of the split's text, so no parse or cue scan of it is reused)
WARM_UP_TEXT = 'The minister said on Monday that talks would continue.\n\n"We are ready," she told reporters.'


def _texts(split: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((split / "text").glob("*.txt"))}


def measure_newsframe(split: Path) -> dict:
    from newsframe.corpus import load_corpus
    from newsframe.parse import parser
    from newsframe.pipeline import analyze_chunk

    parser()  # loading the model is a one-off per process, not per corpus
    raw = load_corpus(split / "text")
    warm_up = raw.head(1).assign(text=WARM_UP_TEXT)
    analyze_chunk(warm_up)  # so are the imports and lexicons the first article loads (NLTK, VADER, the tokenizer)
    started = time.perf_counter()
    tables = analyze_chunk(raw)
    whole = time.perf_counter() - started
    return {
        "seconds": whole,
        "articles": len(raw),
        "sentences": len(tables["sentences"]),
        "statements": len(tables["quotes"]),
    }


def measure_attribution_stage(split: Path) -> dict:
    from newsframe.clean import clean_articles
    from newsframe.corpus import load_corpus
    from newsframe.parse import parser
    from newsframe.quotes import extract_quotes
    from newsframe.segment import split_sentences

    nlp = parser()
    articles, _ = clean_articles(load_corpus(split / "text"))
    sentences = split_sentences(articles)
    parsed = []
    pipe = nlp.pipe

    def counting_pipe(texts, **options):  # counts what the stage hands to spaCy, nothing else changes
        texts = list(texts)
        parsed.extend(texts)
        return pipe(texts, **options)

    nlp.pipe = counting_pipe
    started = time.perf_counter()
    extract_quotes(articles, sentences)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "sentences": len(sentences),
        "parsed": len(parsed),
        "parsed_chars": sum(map(len, parsed)),
    }


def measure_textacy(split: Path) -> dict:
    import spacy
    from newsframe.parse import MODEL_PACKAGE
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(MODEL_PACKAGE)
    texts = _texts(split)
    started = time.perf_counter()
    found = 0
    for doc in nlp.pipe(texts.values(), batch_size=8):
        try:
            found += len(list(direct_quotations(doc)))
        except ValueError:
            pass
    return {"seconds": time.perf_counter() - started, "articles": len(texts), "quotations": found}


def _in_subprocess(kind: str, split: Path) -> dict:
    command = [sys.executable, __file__, "--measure", kind, "--split", str(split)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _scores(split: Path, method: str) -> str:
    command = [sys.executable, str(HERE / "validate_attribution.py"), str(split), "--method", method]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def report(split: Path) -> str:
    ours = _in_subprocess("newsframe", split)
    stage = _in_subprocess("stage", split)
    theirs = _in_subprocess("textacy", split)
    lines = [
        "## Attribution: newsframe against textacy's direct_quotations over a full parse",
        "",
        (
            f"Corpus: {split.name} split of PolNeAR, {ours['articles']} articles, {ours['sentences']:,} sentences (real news; "
            "each route in a fresh process, model loading and newsframe's first-article imports not timed)."
        ),
        "",
        "| route | seconds | sentences/s |",
        "|---|---:|---:|",
        f"| newsframe, whole per-article analysis (`analyze_chunk`) | {ours['seconds']:.2f} | {ours['sentences'] / ours['seconds']:,.0f} |",
        f"| newsframe, attribution stage alone (`extract_quotes`) | {stage['seconds']:.2f} | {stage['sentences'] / stage['seconds']:,.0f} |",
        f"| textacy 0.13 `direct_quotations` over a full `en_core_web_sm` parse | {theirs['seconds']:.2f} | {ours['sentences'] / theirs['seconds']:,.0f} |",
        "",
        f"The attribution stage parsed {stage['parsed']:,} of the {stage['sentences']:,} sentences "
        f"({stage['parsed_chars']:,} characters): those with a cue, or a quotation mark with the writer's words beside it.",
        "",
        f"newsframe's whole analysis is **{theirs['seconds'] / ours['seconds']:.1f}×** faster than the parse-everything route (target ≥ 3×); "
        f"the attribution stage alone is {theirs['seconds'] / stage['seconds']:.1f}× faster than it.",
        "",
        f"Load average when the section was written (timings on a busy machine are inflated; compare ratios): {load_average()}.",
        "",
        "Scored by `score_attribution.py` on the same split:",
        "",
        "newsframe:",
        "```",
        _scores(split, "newsframe"),
        "```",
        "textacy:",
        "```",
        _scores(split, "textacy"),
        "```",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", type=Path, default=DEFAULT_SPLIT)
    parser.add_argument("--append", type=Path, help="append the section to this Markdown file")
    parser.add_argument("--measure", choices=("newsframe", "stage", "textacy"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.split / "text").is_dir():
        print(f"note: {args.split} is not a PolNeAR split; the attribution comparison is skipped", file=sys.stderr)
        return 0
    if args.measure:
        measure = {"newsframe": measure_newsframe, "stage": measure_attribution_stage, "textacy": measure_textacy}[
            args.measure
        ]
        print(json.dumps(measure(args.split)))
        return 0
    section = report(args.split)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
