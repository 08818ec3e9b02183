"""Who is the subject of a speech cue, and what does it say: read off a sentence's dependency parse.

For a cue found in a sentence (a form of ``data/speech_cues.csv``), :func:`cue_subject`
returns the mention the cue attaches to:

* the grammatical subject of the cue verb (``nsubj``: "Sullivan said", "said Jake Sullivan",
  "he told AFP");
* for a passive cue, the agent ("was echoed by Putin");
* for "according to", the object of "to";
* for a participle or a conjoined verb with no subject of its own ("…, adding that …",
  "… and said"), the subject of the verb it hangs on; for a verb in a relative clause
  ("Sullivan, who said"), the noun the clause describes.

A mention is the subject's named entity when it is one ("Jake Sullivan"), else the noun
with its compounds and modifiers ("the Chinese foreign ministry", "analysts", "he"); the
*description* is the whole noun phrase with its appositions ("Jake Sullivan, the US national
security adviser"), from which a camp may be read (:mod:`newsframe.camps`).  An object of the
verb is never its speaker: only the subject relations above are read.

:func:`cue_content` is the reported clause: the cue's clausal complement (``ccomp``, or the
``xcomp``/object clause) with its objects, so a target it names ("the US", "NATO") stays in
it; for "according to X" the rest of the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_INHERIT = {"advcl", "conj", "xcomp", "acl", "pcomp"}
_NOUN_PARTS = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "punct", "flat"}
_RELATIVES = {"who", "which", "that"}


@dataclass(frozen=True)
class Mention:
    """A speaker mention: offsets into the sentence's text, its words and the noun phrase around it."""

    start: int
    end: int
    text: str
    entity: str  # the entity label (PERSON, ORG, GPE, NORP ...) or ""
    plural: bool
    description: str
    head: str = ""  # the head word, lower-cased ("ministry", "analysts", "he")
    proper: bool = False  # whether the head is a proper noun


def cue_token(doc, start: int, end: int):
    """The token of ``doc`` a cue at ``[start, end)`` stands on (its last verb, or its first word)."""
    tokens = [token for token in doc if token.idx < end and start < token.idx + len(token)]
    if not tokens:
        return None
    verbs = [token for token in tokens if token.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else tokens[0]


def is_verb_use(token) -> bool:
    """Whether a one-word cue form is used as a verb here ("claims" the verb, not the noun)."""
    return token.pos_ in ("VERB", "AUX") or token.dep_ in ("ROOT", "ccomp", "advcl", "conj", "relcl", "parataxis")


def cue_subject(token, construction: str = "verb") -> Mention | None:
    """The speaker mention of the cue on ``token`` (see the module docstring), or None."""
    found = _subject_token(token, construction, depth=0)
    if found is None:
        return None
    verb = found.head
    if found.lower_ in _RELATIVES and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "Sullivan, who said": the mention is "who", the words that name the speaker are the noun's
        named = mention_of(verb.head)
        return Mention(
            found.idx,
            found.idx + len(found),
            named.text,
            named.entity,
            named.plural,
            named.description,
            named.head,
            named.proper,
        )
    return mention_of(_possessor_of_document(found))


def _subject_token(token, construction: str, depth: int):
    if construction == "source":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                token = child
        objects = [child for child in token.children if child.dep_ == "pobj"]
        return objects[0] if objects else None
    passive = any(child.dep_ in ("auxpass", "nsubjpass") for child in token.children)
    if passive or any(child.dep_ == "agent" for child in token.children):
        for child in token.children:
            if child.dep_ == "agent":
                objects = [grand for grand in child.children if grand.dep_ == "pobj"]
                return objects[0] if objects else None
        return None
    subjects = [child for child in token.children if child.dep_ in _SUBJECTS]
    if subjects:
        # two subjects are a title and a name the parser split ("top diplomat Kaja Kallas"): the name
        named = [child for child in subjects if child.pos_ == "PROPN"]
        return (named or subjects)[-1]
    if depth < 3 and token.dep_ in _INHERIT and token.head is not token:
        return _subject_token(token.head, "verb", depth + 1)
    if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return token.head
    return None


def mention_of(token) -> Mention:
    """The mention headed by ``token``: the noun with its compounds and modifiers.

    A post in front of a name ("The EU's top diplomat Kaja Kallas") is the name's mention
    with the post in its description; an organisation's owner stays in its mention ("the
    foreign ministry of Kazakhstan").  The parse has no entity labels (:mod:`newsframe.parse`),
    so ``Mention.entity`` is "" and the kind is read by :mod:`newsframe.resolve`.
    """
    doc = token.doc
    if _person_title(token):
        named = [child for child in token.children if child.dep_ in ("appos", "compound") and child.pos_ == "PROPN"]
        if named:
            name = mention_of(named[-1])
            return replace(
                name, description=_description(token, min(name_token.i for name_token in named), named[-1].i)
            )
    parts = [child for child in token.lefts if child.dep_ in _NOUN_PARTS]
    first = min([token.i, *(min(t.i for t in part.subtree) for part in parts)])
    last = token.i
    if _role_kind(token) == "organisation":
        owners = [
            child
            for child in token.rights
            if child.dep_ == "prep"
            and child.lower_ in ("of", "for")
            and any(grand.dep_ == "pobj" and grand.pos_ == "PROPN" for grand in child.children)
        ]
        if owners:
            last = max(t.i for t in owners[0].subtree)  # "the foreign ministry of Kazakhstan"
    conjuncts = [t for t in token.conjuncts if t.i > token.i and t.pos_ in ("PROPN", "NOUN")]
    if conjuncts:
        last = max(t.i for t in conjuncts)  # "Putin and Xi": one mention of the two
    while first < last and doc[first].is_punct:
        first += 1
    description = _description(token, first, last)
    plural = (
        token.tag_ in ("NNS", "NNPS")
        or token.lower_ in ("they", "we", "them")
        or any(child.dep_ == "conj" for child in token.children)
    )
    span = doc[first : last + 1]
    return Mention(
        span.start_char, span.end_char, span.text, "", plural, description, token.lower_, token.pos_ == "PROPN"
    )


def _description(token, first: int, last: int) -> str:
    """The noun phrase of ``token`` with its appositions, without relative clauses."""
    doc = token.doc
    end = max(t.i for t in token.subtree)
    for t in token.subtree:
        if t.dep_ in ("relcl", "acl") and t is not token:
            end = min(end, min(s.i for s in t.subtree) - 1)
    return doc[min(first, min(t.i for t in token.subtree)) : max(last, end) + 1].text


def cue_content(token, construction: str, speaker: Mention | None) -> tuple[int, int] | None:
    """(start, end) in the sentence's text of what the cue reports, or None when it reports no clause.

    A clausal complement before the cue ("…, he said") is the content; else the words after
    the cue to the end of its phrase (its objects and what they govern, so "warned China
    against assisting Russia" keeps both the object and the target), cut before a
    conjoined clause with a subject of its own; a passive cue ("was echoed by Putin")
    reports its subject; "according to X" reports the rest of its clause.
    """
    doc = token.doc
    if construction == "source":
        head = token.head if token.dep_ == "prep" else token
        skip = {t.i for t in token.subtree}
        words = [t for t in head.subtree if t.i not in skip] if head is not token else []
        if not words:
            words = [t for t in doc if t.i not in skip]
        return _edges(words)
    before = [child for child in token.children if child.i < token.i and child.dep_ in ("ccomp", "parataxis")]
    if before:
        return _edges(list(before[0].subtree))
    if token.dep_ == "acl" and any(child.dep_ == "agent" for child in token.children):
        skip = {t.i for t in token.subtree}  # "This sentiment, echoed by Putin, …": the sentiment
        return _edges([t for t in token.head.subtree if t.i not in skip])
    passive_subjects = [child for child in token.children if child.dep_ == "nsubjpass"]
    if passive_subjects and any(child.dep_ == "agent" for child in token.children):
        return _edges(list(passive_subjects[0].subtree))
    right = [child for child in token.children if child.i > token.i and child.dep_ not in ("punct", "cc", "agent")]
    if any(child.dep_ == "ccomp" for child in right):
        # "assured his counterpart that …", "told Wang that …": the addressee is not what was said
        right = [child for child in right if child.dep_ not in ("dobj", "dative")]
    kept = []
    for child in right:
        if child.dep_ == "conj" and any(grand.dep_ in _SUBJECTS for grand in child.children):
            break
        kept.append(child)
    if not kept and token.dep_ == "advcl" and any(child.lower_ == "as" for child in token.children):
        skip = {t.i for t in token.subtree}  # "As the ministry has indicated, the talks will …"
        return _edges([t for t in token.head.subtree if t.i not in skip])
    if not kept:
        return None
    words = [t for child in kept for t in child.subtree]
    if speaker is not None:
        words = [t for t in words if not (speaker.start <= t.idx < speaker.end)]
    return _edges(words)


def _edges(words: list) -> tuple[int, int] | None:
    """The span from the first to the last of ``words``, without edge punctuation or a leading "that"."""
    words = sorted(words, key=lambda t: t.i)
    while words and (words[0].is_punct or words[0].dep_ == "mark" and words[0].lower_ == "that"):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words = words[:-1]
    if not words:
        return None
    return words[0].idx, words[-1].idx + len(words[-1])


def governing_subject(doc, start: int, end: int) -> tuple[object, Mention] | None:
    """(verb, subject mention) of the nearest verb above the words at ``[start, end)`` that has a subject outside them.

    For a quoted phrase inside the writer's sentence ("Trump called the senator a “nasty
    guy”", "Japan branded North Korea an “outlaw nation”"): whoever is the subject of the verb
    that governs the quotation is the one who used the words.
    """
    inside = [token for token in doc if start <= token.idx < end]
    if not inside:
        return None
    token = min(inside, key=lambda t: len(list(t.ancestors)))
    for verb in [token, *token.ancestors]:
        if verb.pos_ != "VERB" or start <= verb.idx < end:  # a copula ("the talks were “frank”") quotes nobody
            continue
        subject = _subject_token(verb, "verb", depth=0)
        if (
            subject is not None
            and not start <= subject.idx < end
            and subject.pos_ != "PRON"
            or (subject is not None and subject.lower_ in ("he", "she", "they", "we", "i"))
        ):
            return verb, mention_of(_possessor_of_document(subject))
        return None
    return None


def _possessor_of_document(token):
    """For a document that speaks ("NATO's Strategic Concept identified …"), its author; else ``token``.

    Document nouns are the ``document`` rows of ``data/speaker_roles.csv``.
    """
    if _role_kind(token) != "document":
        return token
    owners = [child for child in token.children if child.dep_ == "poss" and child.pos_ == "PROPN"]
    return owners[0] if owners else token


def _role_kind(token) -> str | None:
    """The kind of source ``token``'s word names (``data/speaker_roles.csv``: person, organisation, document), or None."""
    from newsframe.resolve import speaker_roles

    return speaker_roles().get(token.lower_)


def _person_title(token) -> bool:
    """Whether ``token`` is a word for a person's post ("diplomat", "minister"; not "administration")."""
    return _role_kind(token) == "person"
