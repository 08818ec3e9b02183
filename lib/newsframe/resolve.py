"""Who a speaker mention stands for inside one article: name, kind and camp.

:func:`resolve_speakers` takes the speaker mentions of an article's statements (the words a
cue attaches to: "Jake Sullivan", "he", "the ministry", "Mr. Sullivan", "analysts") and the
article's entities (people and organisations named anywhere in the parsed sentences, and the
registry's actors), and gives each statement

``speaker``
    the registry's canonical name when the mention is, or resolves to, a registry actor; else
    the longest name the article gives that entity ("Sullivan" -> "Jake Sullivan"); else, for
    an unnamed source, the mention's words ("analysts");
``speaker_kind``
    ``person``, ``organisation``, ``collective`` or ``unnamed``;
``camp``, ``camp_source``
    the registry's camp (``registry``), else the camp read from the speaker's description in
    the text (``description``, :func:`newsframe.camps.camp_of_description`), else "" (``none``).
    Unnamed sources get no camp: they are kept apart from the camp comparison.

Resolution, in general rules:

* a pronoun (he, she; they, we; it) goes to the nearest earlier compatible entity: a person
  for he/she, an organisation or a group for they/we, an organisation for it;
* a role nominal ("the minister", "the Chinese diplomat", "the ministry", "the newspaper")
  goes to the nearest earlier entity of the role's kind (``data/speaker_roles.csv``);
* a surname or "Mr./Ms. X" goes to the full name introduced earlier that ends with it;
* plural common nouns and indefinite phrases that name nobody ("analysts", "a senior
  official", "Western diplomats") are unnamed.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from functools import cache

from newsframe.actors import actor_info, collective_speaker, mention_rows, resolve_speaker
from newsframe.camps import camp_of_description
from newsframe.data_tables import read_data_table
from newsframe.speakers import Mention

_PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
_GROUP_PRONOUNS = {"they", "we", "them", "us"}
_HONORIFIC = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|rev|sir)\.?\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_OWNER = re.compile(r"\s(?:of|for)\s")  # "the ministry of Kazakhstan" names its own owner
_OWNER_AFTER = re.compile(r",?\s+(?:of|for|at|in|from)\s")
_CONJUNCTION = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|&)\s+)\s*")


@dataclass(frozen=True)
class Entity:
    """Something the article names: offsets into its text, the words, and what it is."""

    start: int
    end: int
    name: str
    kind: str  # person, organisation or collective
    camp: str = ""
    camp_source: str = "none"
    description: str = ""


@dataclass(frozen=True)
class Resolved:
    speaker: str
    speaker_kind: str
    camp: str
    camp_source: str


@cache
def speaker_roles() -> dict[str, str]:
    """Role word -> kind of entity it stands for (``data/speaker_roles.csv``)."""
    table = read_data_table("speaker_roles.csv", ["word", "kind"])
    return dict(zip(table["word"], table["kind"]))


def registry_entity(start: int, end: int, name: str, description: str = "") -> Entity:
    """An entity for registry actor ``name`` (its kind and camp from the registry; its role joins the description)."""
    info = actor_info(name)
    return Entity(start, end, name, info["kind"], info["camp"], "registry", f"{description} {info['role']}".strip())


class ArticleEntities:
    """The entities of one article in reading order, and the rules that resolve a mention to one.

    Reading order is by start, longer first at the same start, then by when the entity was
    given.  Each look-up is a binary search in the entities of one kind (or, for a role
    word, in those whose name or description holds it), so resolving every statement of an
    article grows with its length, not with its square.
    """

    def __init__(self, entities: list[Entity]) -> None:
        self._count = 0
        self._by_kind: dict[str, list[tuple]] = {}
        self._by_surname: dict[str, list[tuple]] = {}
        self._by_word: dict[str, dict[str, list[tuple]]] = {}  # role word -> kind -> entries, built on first use
        self._all: list[tuple] = []
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        """Add ``entity`` after every entity given before it at the same place."""
        entry = (entity.start, -entity.end, self._count, entity)
        self._count += 1
        insort(self._all, entry)
        insort(self._by_kind.setdefault(entity.kind, []), entry)
        if entity.kind == "person":
            insort(self._by_surname.setdefault(entity.name.split()[-1].lower(), []), entry)
        for word, kinds in self._by_word.items():
            if word in _searched_text(entity):
                insort(kinds.setdefault(entity.kind, []), entry)

    def before(self, at: int, kinds: set[str]) -> Entity | None:
        """The nearest entity of one of ``kinds`` that ends before ``at``."""
        return _last_before(at, [self._by_kind.get(kind, []) for kind in kinds])

    def antecedent(self, at: int, kinds: set[str], head: str, camp: str) -> Entity | None:
        """The entity a role nominal ("the Chinese minister", "the ministry") stands for.

        The nearest earlier entity of one of ``kinds`` whose name or description holds the
        role word, else the nearest of those kinds; an entity of another camp than the one
        the nominal names ("Chinese" -> sino_russian) is never taken.
        """
        word = re.sub(r"e?s$", "", head)
        fits = (lambda e: not (e.camp and e.camp != camp)) if camp else None
        if word:
            named = _last_before(at, [self._holding(word).get(kind, []) for kind in kinds], fits)
            if named is not None:
                return named
        return _last_before(at, [self._by_kind.get(kind, []) for kind in kinds], fits)

    def _holding(self, word: str) -> dict[str, list[tuple]]:
        """The entries, by kind, of the entities whose name or description holds ``word`` (built once per word)."""
        if word not in self._by_word:
            kinds: dict[str, list[tuple]] = {}
            for entry in self._all:
                if word in _searched_text(entry[-1]):
                    kinds.setdefault(entry[-1].kind, []).append(entry)
            self._by_word[word] = kinds
        return self._by_word[word]

    def full_name(self, surname: str, at: int) -> Entity | None:
        """The longest person name in the article that ends with ``surname``, preferring earlier ones."""
        found = [entry[-1] for entry in self._by_surname.get(surname.split()[-1].lower(), [])]
        earlier = [e for e in found if e.start < at] or found
        if not earlier:
            return None
        return max(earlier, key=lambda e: (len(e.name), -abs(at - e.start)))

    def resolve(self, mention: Mention) -> Resolved:
        """Name, kind and camp of a speaker mention (see the module docstring)."""
        start, end, label, plural, description = (
            mention.start,
            mention.end,
            mention.entity,
            mention.plural,
            mention.description,
        )
        words = _POSSESSIVE.sub("", mention.text.strip()).strip()
        lower = words.lower()
        parts = [part for part in _CONJUNCTION.split(words) if part]
        if len(parts) > 1 and resolve_speaker(words) is None:
            return self._group(parts, start, end, description)
        registry = resolve_speaker(words) or _registry_inside(words) or _registry_inside(description, mention.head)
        if registry is not None:
            return _from_entity(registry_entity(start, end, registry, description))
        if lower in _PERSON_PRONOUNS:
            return _from_entity(self.before(start, {"person"}))
        if lower in _GROUP_PRONOUNS:
            group = self.before(start, {"collective"})
            if group is not None and start - group.end < 400:
                return _from_entity(group)
            return _from_entity(self.before(start, {"organisation", "collective"}))
        if lower == "it":
            return _from_entity(self.before(start, {"organisation"}))
        role = _role(mention.head)
        definite = bool(re.match(r"(?:the|this|that|these|those)\s", lower))
        own_description = _OWNER.search(words) or (
            description.startswith(mention.text) and _OWNER_AFTER.match(description, len(mention.text))
        )
        if role in ("person", "organisation") and definite and not own_description:
            kinds = (
                {"collective"}
                if plural and role == "person"
                else {role, "collective"}
                if role == "organisation"
                else {role}
            )
            found = self.antecedent(start, kinds, mention.head, camp_of_description(words))
            if found is not None:
                return _from_entity(found)
        bare = _HONORIFIC.sub("", words)
        if not label and mention.proper and role is None and is_organisation_name(bare):
            return _described(words, "organisation", description or words)
        if label == "PERSON" or (mention.proper and not label and role is None):
            full = self.full_name(bare, start) if bare else None
            name = full.name if full is not None and len(full.name) >= len(bare) else bare
            registry = resolve_speaker(name)
            if registry is not None:
                return _from_entity(registry_entity(start, end, registry, description))
            desc = " ".join(filter(None, (description, full.description if full else "")))
            return _described(name, "person", desc)
        if label in _ORG_LABELS:
            return _described(words, "organisation", description or words)
        if plural or not definite or role is None:
            return Resolved(words, "unnamed", "", "none")
        return _described(words, "organisation" if role == "document" else role, description or words)

    def _group(self, parts: list[str], start: int, end: int, description: str) -> Resolved:
        """Actors named together ("Putin and Xi", "China and Russia"): one collective speaker."""
        names = []
        for part in parts:
            registry = resolve_speaker(part)
            if registry is None:
                full = self.full_name(part, start) if part[:1].isupper() else None
                names.append(full.name if full is not None else part)
            else:
                names.append(registry)
        if all(part.split()[-1].islower() for part in parts) and not any(actor_known(name) for name in names):
            return Resolved(" and ".join(parts), "unnamed", "", "none")  # "experts and newspapers" name nobody
        if all(actor_known(name) for name in names):
            name, camp = collective_speaker(names)
            return Resolved(name, "collective", camp, "registry" if camp else "none")
        camps = {camp_of_description(part) for part in parts}
        camp = camps.pop() if len(camps) == 1 else ""
        return Resolved(" and ".join(dict.fromkeys(names)), "collective", camp, "description" if camp else "none")


def _searched_text(entity: Entity) -> str:
    """What a role word is looked for in: the entity's name and description, lower-cased."""
    return f"{entity.name} {entity.description}".lower()


def _last_before(at: int, lists: list[list[tuple]], fits=None) -> Entity | None:
    """The entity latest in reading order, among sorted entry ``lists``, that ends by ``at`` (and ``fits``, if given).

    Entities starting after ``at`` cannot end by it, so each list is searched backwards from
    the last entry starting at or before ``at``.
    """
    best = None
    for entries in lists:
        for index in range(bisect_right(entries, (at, math.inf)) - 1, -1, -1):
            entity = entries[index][-1]
            if entity.end <= at and (fits is None or fits(entity)):
                if best is None or entries[index] > best:
                    best = entries[index]
                break
    return None if best is None else best[-1]


_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,3}")
_OF_NAME = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}")
_APPOSITION = re.compile(r",\s+((?:an?|the)\s+[^,.;]{3,80}?)(?=[,.;])")


def text_names(text: str, start: int, end: int) -> list[Entity]:
    """Entities for the names in a sentence that was not parsed, found by their capitals.

    Runs of two to four capitalised words ("Lena Okafor"; "The Interior Ministry of Ruritania"
    gives "Interior Ministry of Ruritania": an organisation's "of"/"for" owner is kept), not
    starting with a function word: an organisation when a
    word is an organisation role word ("Ministry") or an affiliation ("Chinese"), else a
    person.  An apposition right after the name ("Daniel Brooks, the American envoy, …")
    is its description.  These give pronouns, roles and surnames an antecedent in sentences
    that hold no cue and so are not parsed.
    """
    from newsframe.language import english_function_words

    function_words = english_function_words()
    found = []
    for match in _NAME.finditer(text, start, end):
        words = match.group(0).split()
        while words and words[0].lower() in function_words:
            words = words[1:]
        if len(words) < 2:
            continue
        name = " ".join(words)
        at, name_end = match.end() - len(name), match.end()
        owner = _OF_NAME.match(text, name_end, end)
        if owner is not None and any(speaker_roles().get(word.lower()) == "organisation" for word in words):
            name, name_end = name + re.sub(r"\s+", " ", owner.group(0)), owner.end()  # "Interior Ministry of Ruritania"
        registry = resolve_speaker(name)
        apposition = _APPOSITION.match(text, name_end, end)
        description = f"{name}, {apposition.group(1)}" if apposition else name
        if registry is not None:
            found.append(registry_entity(at, name_end, registry, description))
            continue
        organisation = is_organisation_name(name)
        camp = camp_of_description(description)
        found.append(
            Entity(
                at,
                name_end,
                name,
                "organisation" if organisation else "person",
                camp,
                "description" if camp else "none",
                description,
            )
        )
    return found


def is_organisation_name(name: str) -> bool:
    """Whether a proper name is an organisation's or a place's rather than a person's.

    It is when one of its words is an organisation role word (``data/speaker_roles.csv``:
    "Ministry", "Commission") or the name holds a country or organisation of
    ``data/camp_affiliations.csv`` ("Taiwan", "Kremlin", "Chinese Embassy").  The parser
    gives no entity labels (:mod:`newsframe.parse`), so this is how a proper-noun speaker
    that is not in the registry gets its kind.
    """
    roles = speaker_roles()
    return any(roles.get(word.lower()) == "organisation" for word in name.split()) or bool(camp_of_description(name))


def _role(head: str) -> str | None:
    """The kind of entity a head noun stands for ("ministers" -> person), or None when it names no source."""
    roles = speaker_roles()
    for form in (head, re.sub(r"ies$", "y", head), re.sub(r"e?s$", "", head), head[:-1]):
        if form in roles:
            return roles[form]
    return None


def _registry_inside(words: str, head: str = "") -> str | None:
    """The registry actor named at the end of a longer mention ("Russian Foreign Ministry spokeswoman Maria Zakharova").

    With ``head``, the registry mention must start at or before the mention's head word, so
    "the spokesperson for the Chinese government" (an alias) is the ministry while "a
    spokesman for Putin" is not Putin.
    """
    words = _POSSESSIVE.sub("", words.strip()).strip()
    found = [row for row in mention_rows(words) if row[1] == len(words)]
    if not found:
        return None
    if head:
        at = words.lower().find(head)
        if at < 0 or found[-1][0] > at:
            return None
    return str(found[-1][3])


def actor_known(name: str) -> bool:
    """Whether ``name`` is a registry actor's canonical name."""
    try:
        actor_info(name)
    except KeyError:
        return False
    return True


def _described(name: str, kind: str, description: str) -> Resolved:
    camp = camp_of_description(description)
    return Resolved(name, kind, camp, "description" if camp else "none")


def _from_entity(entity: Entity | None) -> Resolved:
    if entity is None:
        return Resolved("", "unnamed", "", "none")
    return Resolved(entity.name, entity.kind, entity.camp, entity.camp_source)
