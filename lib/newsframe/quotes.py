"""Who said what: quotations, reported speech and transcript turns, attributed to a speaker and a camp.

One row per attributed statement (``STATEMENT_COLUMNS``):

``statement_id``
    ``"{doc_id}:{sent_id}:{start}"``, stable across runs;
``doc_id``, ``sent_id``
    the article and the sentence that holds the start of the statement;
``start``, ``end``, ``text``
    offsets into the article's ``clean_text`` and the words there
    (``clean_text[start:end] == text``): the quoted words without the marks, the reported
    clause ("China against assisting Russia in …"), or a transcript turn after its label;
``kind``
    ``direct`` (a quoted sentence or a transcript turn), ``partial`` (a quoted phrase inside
    the writer's sentence), ``scare`` (a quoted term nobody is said to have said, or one the
    writer distances with "so-called"), ``reported`` (indirect speech, with or without the
    marks: "…, he said.");
``speaker_start``, ``speaker_end``
    the mention the cue attaches to ("Jake Sullivan", "he", "the ministry"), offsets into
    ``clean_text``; -1 when there is none (a quotation continuing an earlier speaker's words);
``speaker``, ``speaker_kind``, ``camp``, ``camp_source``
    who that mention stands for (:mod:`newsframe.resolve`): the registry's canonical name or
    the longest name the article gives, ``person``/``organisation``/``collective``/``unnamed``,
    and the camp with where it came from (``registry``, ``description``, ``none``);
``cue``
    the cue as written ("stated", "referred to … as", "echoed by", "according to", "turn"
    for a transcript label) or "".

How it works, in general rules rather than per-article fixes:

1. Quotation marks are paired per paragraph.  Curly, straight and single marks are all
   recognised; a mark between two letters is an apostrophe (China’s, isn’t), a closing
   single mark after "s" is a possessive (Allies’, the US’) unless a single quotation is
   open, and a closing mark with nothing open that has a partner later in the paragraph is
   a misused opening mark (so-called’ no-limits partnership’).  A double opening mark left
   open runs to the end of its paragraph.  Only outermost quotations become statements.
   Quoted names ('Wall Street Journal') are names, not statements.
2. Cues are data: the speech verbs of ``data/speech_cues.csv`` (``cue, construction,
   forms``: ``verb``, ``as``, ``that``, ``source`` for "according to", ``joint`` for "in a
   joint statement"), and the attribution verbs fitted on PolNeAR's train split
   (``data/attribution_cues.csv``, :func:`learned_cue_forms`), which count only where the
   parser tags them as verbs.  A cue form right after a determiner is a noun, not a cue.
3. Only sentences with a cue, or a quotation mark with words of the writer's beside it,
   are parsed (:mod:`newsframe.parse`, spaCy's ``en_core_web_sm``: tagger and parser);
   the speaker of a cue is its grammatical subject, passive agent or "according to"
   object (:func:`newsframe.speakers.cue_subject`), never its object or the nearest name.
   Actors named together ("Putin and Xi") are one collective speaker.
4. A quotation takes the cue right after it when that cue has its own subject there ("…,”
   said Putin", "…,” he said), else the nearest cue before it in its sentence; a quoted
   phrase with no cue takes the subject of the verb that governs it ("Trump called the
   senator a “nasty guy”").  A quotation standing alone continues the speaker of the
   sentence before it in the paragraph, or of the previous paragraph.
5. Each remaining cue with a subject gives a ``reported`` row (:func:`newsframe.speakers.cue_content`).
6. A paragraph that opens with a speaker label is a transcript turn: ``QUESTION:``/``Q:``
   (the press, camp ``other``), ``A:`` (the last named speaker), ``MR. MILLER:``,
   ``SOUNDBITE (English) Name, Title:``, ``Name (Title):`` and ``Name Surname:``.
7. Mentions are resolved inside the article (pronouns, role nominals, surnames) and
   given a camp (:mod:`newsframe.resolve`, :mod:`newsframe.camps`).

Limits: the small spaCy model misparses some long sentences; irony and quotation of an
opponent's words to reject them are attributed like any other quotation; a sentence
longer than ``MAX_PARSE_CHARS`` is not parsed.  Measured on PolNeAR (see the README).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import accumulate

import pandas as pd

from newsframe.actors import joint_actor, mention_rows, resolve_speaker
from newsframe.camps import camp_of_description
from newsframe.checks import require_columns
from newsframe.data_tables import data_path, read_data_table
from newsframe.errors import NewsframeError
from newsframe.parse import parse_sentences, person_name
from newsframe.phrase_patterns import alternation
from newsframe.resolve import ArticleEntities, Entity, Resolved, registry_entity, text_names
from newsframe.segment import sentence_spans
from newsframe.speakers import Mention, cue_content, cue_subject, cue_token, governing_subject, is_verb_use

STATEMENT_COLUMNS = [
    "statement_id",
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_kind",
    "camp",
    "camp_source",
    "cue",
]
KINDS = ("direct", "partial", "scare", "reported")

_MARKS = re.compile(r"[“”„\"«»‘’‚'‹›]")
_DOUBLE = set('“”„"«»')
_OPENERS = set("“„«‘‚‹")
_CLOSERS = set("”»’›")
_FLANK_LEFT = set("([{—–-/") | _DOUBLE | set("‘’‚'‹›")
_SO_CALLED = re.compile(r"so[\s-]called\W{0,2}$", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|these|those|this|that|such|whose)|['’]s|(?<=s)['’])\s*$", re.IGNORECASE
)
_BY_AGENT = re.compile(r"\s+by\s+")
_THAT = re.compile(r"\bthat\b")
_AS = re.compile(r"\bas\b")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_NOT_NEWLINE = re.compile(r"[^\n]")
_EDGE_TRIM = " \t\n,;:—–-"


@dataclass(frozen=True)
class _Quote:
    """One outermost quotation: mark positions and trimmed content span."""

    open_at: int
    close_at: int
    start: int
    end: int


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    label: str
    construction: str
    passive: bool
    by_agent: bool


@cache
def cue_lexicon() -> tuple[dict[str, re.Pattern], dict[str, str], frozenset[str]]:
    """The cue finders by first word, form -> construction, and the forms of ``data/speech_cues.csv``.

    The finders also find the learned forms of :func:`learned_cue_forms` (construction
    ``verb``).  A finder is one compiled alternation of the forms that start with a word
    (longest first), tried only where that word stands (:func:`_cue_matches`), instead of
    one alternation of all ~700 forms tried at every character.
    """
    path = data_path("speech_cues.csv")
    table = read_data_table("speech_cues.csv", ["forms", "construction"])
    allowed = {"verb", "as", "that", "source", "joint"}
    bad = sorted(set(table["construction"]) - allowed)
    if bad:
        raise NewsframeError(f"{path}: construction(s) {bad} unknown; use one of {sorted(allowed)}")
    constructions = {
        form.strip().lower(): construction
        for forms, construction in zip(table["forms"], table["construction"])
        for form in forms.split("|")
        if form.strip()
    }
    speech = set(constructions)
    for form in learned_cue_forms():
        constructions.setdefault(form, "verb")
    by_first: dict[str, list[str]] = {}
    for form in sorted(constructions, key=lambda form: (-len(form), form)):
        first = _FIRST_WORD.match(form)
        if first is None:
            raise NewsframeError(f"cue form {form!r} does not start with a letter or digit; fix data/speech_cues.csv")
        by_first.setdefault(first.group(0), []).append(form)
    finders = {
        first: re.compile("(?:" + alternation(forms, space=r"\s+") + r")(?![\w-])", re.IGNORECASE)
        for first, forms in by_first.items()
    }
    return finders, constructions, frozenset(speech)


_FIRST_WORD = re.compile(r"\w+")
_WORD_START = re.compile(r"(?<![\w-])\w+")


def _cue_matches(text: str, start: int, end: int):
    """The cue forms in ``text[start:end]``, left to right and not overlapping, as ``re.Match`` objects.

    The same matches one alternation of all forms, ``(?<![\\w-])(?:form|…)(?![\\w-])``, would
    give: a form can only start where a word starts, and only a form whose first word is that
    word can match there.
    """
    finders = cue_lexicon()[0]
    done = start
    for word in _WORD_START.finditer(text, start, end):
        if word.start() < done:
            continue
        finder = finders.get(word.group(0).lower())
        if finder is None:
            continue
        match = finder.match(text, word.start(), end)
        if match is not None:
            done = match.end()
            yield match


@cache
def learned_cue_forms(min_rate: float = 0.2) -> frozenset[str]:
    """Word forms that PolNeAR's annotators mark as attribution cues at least ``min_rate`` of the time.

    ``data/attribution_cues.csv`` is fitted on PolNeAR's train split by
    ``benchmarks/train_attribution_cues.py`` (counts only).  These forms count as cues only
    where the parser tags them as verbs ("found", "cited", "believes"), unlike the speech
    verbs of ``data/speech_cues.csv``.
    """
    table = read_data_table("attribution_cues.csv", ["form", "rate"], dtype={"form": str})
    return frozenset(table.loc[table["rate"] >= min_rate, "form"])


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """Outermost quotations in ``text``: (opening mark, content start, content end, closing mark).

    Content offsets exclude the marks and surrounding spaces or commas.  A quotation left
    open at the end of a paragraph has its closing position at the paragraph end.
    """
    quotes: list[_Quote] = []
    offset = 0
    for paragraph in text.split("\n"):
        quotes.extend(_paragraph_quotes(paragraph, offset))
        offset += len(paragraph) + 1
    return [(q.open_at, q.start, q.end, q.close_at) for q in quotes]


def _mark_role(paragraph: str, at: int) -> str | None:
    """open, close, close_or_apostrophe or None (an apostrophe) for the mark at ``at``."""
    mark = paragraph[at]
    before = paragraph[at - 1] if at > 0 else " "
    after = paragraph[at + 1] if at + 1 < len(paragraph) else " "
    if mark not in _DOUBLE and before.isalnum() and after.isalnum():
        return None
    left = not after.isspace() and (before.isspace() or before in _FLANK_LEFT)
    right = not before.isspace() and (after.isspace() or not after.isalnum())
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS and not (left and not right):
        if mark not in _DOUBLE and before in "sS":
            return "close_or_apostrophe"
        return "close"
    if left and not right:
        return "open"
    if right:
        return "close_or_apostrophe" if mark not in _DOUBLE and before in "sSzZ" else "close"
    return None


def _paragraph_quotes(paragraph: str, offset: int) -> list[_Quote]:
    """The outermost quotations of one paragraph, offsets shifted by ``offset``."""
    return [
        _Quote(offset + q.open_at, offset + q.close_at, offset + q.start, offset + q.end)
        for q in _paragraph_spans(paragraph)
    ]


@lru_cache(maxsize=20_000)
def _paragraph_spans(paragraph: str) -> tuple[_Quote, ...]:
    """The outermost quotations of one paragraph, offsets into it; memoised per process by the exact paragraph.

    Marks are paired within a paragraph and read nothing outside it, so a repeated
    paragraph gets the quotations a fresh scan would give.
    """
    marks = [(m.start(), m.group(0) in _DOUBLE) for m in _MARKS.finditer(paragraph)]
    roles = [_mark_role(paragraph, at) for at, _ in marks]
    stack: list[tuple[int, bool]] = []
    pairs: list[tuple[int, int]] = []
    for index, ((at, double), role) in enumerate(zip(marks, roles)):
        if role is None:
            continue
        same = [depth for depth, (_, is_double) in enumerate(stack) if is_double == double]
        if role == "open" and not (paragraph[at] in "“‘" and same and _closes_here(paragraph, at)):
            stack.append((at, double))
        elif same:
            depth = same[-1]
            pairs.append((stack[depth][0], at))
            del stack[depth:]
        elif role == "close" and _has_later_close(marks, roles, index, double):
            stack.append((at, double))
    pairs.extend((at, len(paragraph)) for at, double in stack if double)
    outermost = [(a, b) for a, b in pairs if not any(c < a and b <= d for c, d in pairs if (c, d) != (a, b))]
    quotes = []
    for open_at, close_at in sorted(outermost):
        start, end = _trim(paragraph, open_at + 1, close_at)
        if start < end:
            quotes.append(_Quote(open_at, close_at, start, end))
    return tuple(quotes)


def _closes_here(paragraph: str, at: int) -> bool:
    """An opening-shaped curly mark used as a closing one ("text“ then space)."""
    after = paragraph[at + 1] if at + 1 < len(paragraph) else " "
    return not paragraph[at - 1].isspace() and (after.isspace() or not after.isalnum())


def _has_later_close(marks: list[tuple[int, bool]], roles: list[str | None], index: int, double: bool) -> bool:
    """Whether an orphan closing mark has a closing partner later (so it was meant to open)."""
    for (_, is_double), role in zip(marks[index + 1 :], roles[index + 1 :]):
        if is_double != double or role is None:
            continue
        return role in ("close", "close_or_apostrophe")
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in _EDGE_TRIM:
        end -= 1
    return start, end


def _mask(text: str, quotes: list[_Quote]) -> str:
    """``text`` with the words inside quotations blanked, so names and cues quoted are not used.

    Every character of a quotation but a line break becomes a space; quotations that
    overlap are blanked once over their union.
    """
    pieces = []
    done = 0
    for start, end in sorted((quote.start, quote.end) for quote in quotes):
        start = max(start, done)
        if end <= start:
            continue
        pieces.append(text[done:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _cues(masked: str, start: int, end: int) -> list[_Cue]:
    """The speech cues in ``masked[start:end]`` (one sentence), offsets into ``masked``."""
    before = masked[start - 1] if start > 0 else ""
    shift = start - len(before)
    return [
        _Cue(cue.start + shift, cue.end + shift, cue.label, cue.construction, cue.passive, cue.by_agent)
        for cue in _sentence_cues(before + masked[start:end], len(before))
    ]


@lru_cache(maxsize=100_000)
def _sentence_cues(context: str, start: int) -> tuple[_Cue, ...]:
    """The cues of ``context[start:]``, offsets into ``context``; memoised per process by the exact arguments.

    ``context`` is the sentence with the one character before it (``start`` is 1, or 0 at
    the start of the text).  That is all the cue rules read: every search is bounded by the
    sentence, and the only look-behinds (``(?<![\\w-])``, ``\\b``, ``(?<=s)``) reach one
    character back, so a repeated sentence gets the cues a fresh scan would give.
    """
    masked, end = context, len(context)
    constructions = cue_lexicon()[1]
    found = []
    for match in _cue_matches(masked, start, end):
        form = re.sub(r"\s+", " ", match.group(0).lower())
        construction = constructions[form]
        if match.group(0)[0].isupper() and masked[start : match.start()].strip():
            continue
        if _DETERMINER.search(masked, start, match.start()) and construction in ("verb", "as", "that"):
            continue
        label, passive, by_agent = match.group(0), False, False
        tail_end = match.end()
        if construction == "as":
            object_span = _as_object(masked, match.end(), end)
            if object_span is None:
                continue
            passive = (
                object_span == 0
                and form.endswith("ed")
                and not _PRONOUN.search(masked, max(start, match.start() - 12), match.start())
            )
            label = f"{match.group(0)} as" if object_span == 0 else f"{match.group(0)} … as"
        elif construction == "that" and not _THAT.search(masked, match.end(), min(end, match.end() + 60)):
            continue
        if construction == "verb" and form.endswith("ed") and _BY_AGENT.match(masked, tail_end, end):
            by_agent = True
            label = f"{match.group(0)} by"
        found.append(_Cue(match.start(), match.end(), label, construction, passive, by_agent))
    return tuple(found)


def _as_object(masked: str, after: int, end: int, max_words: int = 8) -> int | None:
    """Words between an "as" cue and its "as" (0 = passive shape), or None if no "as" follows."""
    match = _AS.search(masked, after, min(end, after + 120))
    if match is None:
        return None
    between = masked[after : match.start()]
    words = _WORD.findall(between)
    if "," in between or len(words) > max_words:
        return None
    return len(words)


class _QuoteIndex:
    """An article's quotations sorted by opening mark, for the two questions attribution asks of them in every sentence.

    Binary searches instead of a pass over every quotation of the article per question, so
    the work per sentence does not grow with the article's length.
    """

    def __init__(self, quotes: list[_Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.open_at)
        self._opens = [q.open_at for q in self.quotes]
        by_start = sorted(quotes, key=lambda q: q.start)
        self._starts = [q.start for q in by_start]
        self._reach = list(accumulate((q.end for q in by_start), max))  # furthest content end so far

    def opening_in(self, start: int, end: int) -> list[_Quote]:
        """The quotations whose opening mark is in ``[start, end)``, in order."""
        return self.quotes[bisect_left(self._opens, start) : bisect_left(self._opens, end)]

    def holds(self, at: int) -> bool:
        """Whether offset ``at`` is inside some quotation's content (``q.start <= at < q.end``)."""
        last = bisect_right(self._starts, at) - 1
        return last >= 0 and self._reach[last] > at


def _speech_quotes(text: str) -> list[_Quote]:
    """The quotations of ``text`` that are statements, not quoted names ('Wall Street Journal')."""
    return [_Quote(q[0], q[3], q[1], q[2]) for q in quote_spans(text) if resolve_speaker(text[q[1] : q[2]]) is None]


def _kind(text: str, so_called: bool, attributed: bool, introduced: bool) -> str:
    """direct, partial or scare for a quotation (see the module docstring).

    ``introduced`` is True when the quotation opens its sentence or follows a comma or colon,
    or is followed by its cue ("…,” Putin said): the shapes of a quoted sentence.
    """
    words = _WORD.findall(text)
    if so_called or (not attributed and len(words) <= 5):
        return "scare"
    first = next((char for char in text if char.isalpha()), "")
    if first.isupper() and len(words) >= 3 and introduced:
        return "direct"
    return "partial"


_TURN = re.compile(
    r"(?P<label>SOUNDBITE\s*\([^)]{0,40}\)\s*(?P<sb_name>[^,:\n]{2,60})(?:,\s*(?P<sb_title>[^:\n]{2,120}))?"
    r"|(?P<press>Q|QUESTION|QUESTIONER|REPORTER)"
    r"|(?P<answer>A|ANSWER)"
    r"|(?P<caps>(?:(?:MR|MS|MRS|DR|SEN|REP|GEN|SECRETARY|AMBASSADOR|PRESIDENT|MINISTER|SPOKESMAN|SPOKESPERSON)\.?\s+)?"
    r"[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,3})"
    r"|(?P<title_name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})"
    r"|(?P<paren_name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*\((?P<paren_title>[^()\n]{2,100})\))"
    r"\s*:\s+(?=\S)"
)
PRESS = "the press"


@dataclass
class _Statement:
    """A statement before its speaker is resolved: offsets into the article's text, the mention it attaches to."""

    sentence: int
    start: int
    end: int
    kind: str
    cue: str
    mention: Mention | None = None
    registry: str = ""  # a speaker fixed by the construction (the joint actor, the press)
    follows: _Statement | None = None  # a quotation with no cue of its own continues this statement's speaker
    resolved: Resolved | None = None


def _turn(paragraph: str) -> tuple[str, str, str, int] | None:
    """(kind of label, speaker words, description, content start) of a transcript turn, or None."""
    match = _TURN.match(paragraph)
    if match is None:
        return None
    if match.group("press"):
        return "press", PRESS, "", match.end()
    if match.group("answer"):
        return "answer", "", "", match.end()
    if match.group("sb_name"):
        return "name", match.group("sb_name").strip(), (match.group("sb_title") or "").strip(), match.end()
    if match.group("paren_name"):
        return "name", match.group("paren_name"), match.group("paren_title"), match.end()
    if match.group("title_name"):
        words = match.group("title_name")
        if not person_name(words):
            return None  # a heading or a dateline, not a speaker's name
        return "name", words, "", match.end()
    words = match.group("caps")
    if camp_of_description(words.title()) and len(words.split()) == 1:
        return None  # a dateline ("WASHINGTON: …"), not a speaker
    return "name", words.title(), "", match.end()


# Longer "sentences" are run-on text (a page without punctuation, a table flattened to one
# line): parsing one costs seconds and finds no reliable subject, so it is left unparsed.
MAX_PARSE_CHARS = 2_000


def _needs_parse(start: int, end: int, cues: list[_Cue], has_quote: bool) -> bool:
    """Whether a sentence may hold a statement: a speech cue or a quotation mark (labels are read without a parse)."""
    return (bool(cues) or has_quote) and end - start <= MAX_PARSE_CHARS


def _attribute_article(text: str, sentences: list[tuple[int, int, int]]) -> list[tuple[_Statement, Resolved]]:
    """The statements of one article with their resolved speakers, in reading order."""
    quotes = _speech_quotes(text)
    masked = _mask(text, quotes)
    index_of_quotes = _QuoteIndex(quotes)
    ordered = sorted(sentences, key=lambda s: s[1])
    per_sentence = [(index, start, end, _cues(masked, start, end)) for index, (_, start, end) in enumerate(ordered)]
    turns: dict[int, tuple[str, str, str, int]] = {}
    line_start = 0
    for line in text.split("\n"):
        found = _turn(line)
        if found is not None:
            turns[line_start] = found
        line_start += len(line) + 1
    line_of = _line_starts(text)
    candidates = [
        (index, start, end, cues)
        for index, start, end, cues in per_sentence
        if line_of(start) not in turns and _needs_parse(start, end, cues, bool(index_of_quotes.opening_in(start, end)))
    ]
    # a sentence that is all quotation and has no cue has nothing a parse could tell: its
    # speaker is the one before it (rule 4), so it is read without one (doc None)
    parse_rows = [row for row in candidates if row[3] or not _standalone(masked, row[1], row[2])]
    docs: dict[int, object] = {row[0]: None for row in candidates}
    docs.update(
        zip((row[0] for row in parse_rows), parse_sentences([text[start:end] for _, start, end, _ in parse_rows]))
    )
    statements: list[_Statement] = []
    entities: list[Entity] = []
    for start, end, _mention, name, *_rest in mention_rows(masked):
        entities.append(registry_entity(start, end, name))
    for index, start, end, _ in per_sentence:
        entities.extend(text_names(masked, start, end))
    last_answerer: _Statement | None = None
    previous_paragraph_end: _Statement | None = None
    for index, start, end, cues in per_sentence:
        line = line_of(start)
        if line in turns:
            if line == start:
                kind, words, description, offset = turns[line]
                line_end = text.find("\n", line)
                line_end = len(text) if line_end < 0 else line_end
                content_start, content_end = _trim(text, line + offset, line_end)
                if content_start < content_end:
                    statement = _Statement(index, content_start, content_end, "direct", "turn")
                    if kind == "press":
                        statement.registry = PRESS
                    elif kind == "answer":
                        statement.follows = last_answerer
                    else:
                        statement.mention = Mention(
                            line, line + len(words), words, "PERSON", False, description or words
                        )
                        last_answerer = statement
                    statements.append(statement)
            continue
        if index not in docs:
            continue
        doc = docs[index]
        found = _sentence_statements(text, masked, index_of_quotes, index, start, end, cues, doc)
        if previous_paragraph_end is not None and found and "\n" in text[previous_paragraph_end.end : start]:
            for statement in found:
                standalone_para = statement.follows is None and statement.mention is None and not statement.registry
                if standalone_para and statement.kind in ("direct", "partial") and statement.start - 1 <= line + 1:
                    statement.follows = previous_paragraph_end
        if statements and found:
            for statement in found:
                if (
                    statement.follows is None
                    and statement.mention is None
                    and not statement.registry
                    and statement.kind != "scare"
                ):
                    prior = statements[-1]
                    if (
                        prior.sentence >= index - 1
                        and "\n" not in text[prior.end : start]
                        and _standalone(masked, start, end)
                    ):
                        statement.follows = prior
        statements.extend(found)
        spoken = [s for s in found if s.kind != "scare" and (s.mention or s.registry or s.follows)]
        if spoken:
            previous_paragraph_end = spoken[-1]
    return _resolve(statements, entities)


def _standalone(masked: str, start: int, end: int) -> bool:
    return not _WORD.search(masked, start, end)


def _line_starts(text: str):
    """A function giving the start of the line that holds an offset."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(at: int) -> int:
        return starts[bisect_right(starts, at) - 1]

    return line_of


def _sentence_statements(
    text: str, masked: str, quotes: _QuoteIndex, index: int, start: int, end: int, cues: list[_Cue], doc
) -> list[_Statement]:
    """Quotations and reported statements of one sentence (``doc`` is its parse, None for a cue-less quotation alone)."""
    speakers: dict[int, tuple[Mention | None, str]] = {}
    speech_forms = cue_lexicon()[2]
    tokens = {}
    for cue in cues:
        token = cue_token(doc, cue.start - start, cue.end - start)
        if token is None:
            continue
        if cue.construction in ("verb", "that", "as") and not is_verb_use(token):
            continue
        if token.pos_ != "VERB" and token.lower_ in learned_cue_forms() and token.lower_ not in speech_forms:
            continue
        tokens[cue.start] = token
        if cue.construction == "joint":
            speakers[cue.start] = (None, joint_actor())
            continue
        if cue.passive:
            speakers[cue.start] = (None, "")
            continue
        mention = cue_subject(token, cue.construction)
        if mention is not None:
            mention = _shift(mention, start)
            if quotes.holds(mention.start):
                mention = None
        speakers[cue.start] = (mention, "")
    live = [cue for cue in cues if cue.start in speakers]
    out: list[_Statement] = []
    used: set[int] = set()
    inside = quotes.opening_in(start, end)
    last_spoken: _Statement | None = None
    for quote in inside:
        cue = _quote_cue(masked, quote, live, speakers, end)
        mention, registry = speakers.get(cue.start, (None, "")) if cue else (None, "")
        statement = _Statement(index, quote.start, quote.end, "", cue.label if cue else "", mention, registry)
        if cue is not None and mention is None and not registry and last_spoken is not None:
            statement.follows = last_spoken
        so_called = bool(_SO_CALLED.search(text, max(0, quote.open_at - 12), quote.open_at))
        if cue is None or (mention is None and not registry and statement.follows is None):
            governed = (
                None if so_called or doc is None else governing_subject(doc, quote.start - start, quote.end - start)
            )
            if governed is not None and not quotes.holds(start + governed[1].start):
                verb, found = governed
                statement.mention, statement.cue = _shift(found, start), verb.text
        lead = text[start : quote.open_at].rstrip()
        trailing = cue is not None and cue.start > quote.close_at
        standalone = _standalone(masked, start, end)
        introduced = standalone or trailing or not lead or lead[-1] in ",:"
        attributed = bool(statement.mention or registry or statement.follows) or (standalone and cue is None)
        statement.kind = _kind(text[quote.start : quote.end], so_called, attributed, introduced)
        if statement.kind == "scare":
            statement.mention, statement.registry, statement.follows, statement.cue = None, "", None, ""
        elif cue is not None:
            used.add(cue.start)
        if statement.mention or statement.registry or statement.follows:
            last_spoken = statement
        out.append(statement)
    for cue in live:
        if cue.start in used or quotes.holds(cue.start):
            continue
        mention, registry = speakers[cue.start]
        if mention is None and not registry:
            continue
        span = cue_content(tokens[cue.start], cue.construction, None if mention is None else _shift(mention, -start))
        if span is None:
            continue
        clause_start, clause_end = _trim(text, start + span[0], start + span[1])
        if clause_start < cue.end < clause_end and cue.construction != "source":
            clause_start, clause_end = _trim(text, cue.end, clause_end)  # "called for X": X
        if clause_start >= clause_end or any(q.start <= clause_start and clause_end <= q.end for q in inside):
            continue
        out.append(_Statement(index, clause_start, clause_end, "reported", cue.label, mention, registry))
    return out


def _shift(mention: Mention, by: int) -> Mention:
    return replace(mention, start=mention.start + by, end=mention.end + by)


def _quote_cue(masked: str, quote: _Quote, cues: list[_Cue], speakers: dict, end: int) -> _Cue | None:
    """The cue a quotation belongs to: the one right after it ("…,” said X), else the nearest before, else any after."""
    after = [cue for cue in cues if cue.start > quote.close_at]
    if after:
        between = masked[quote.close_at + 1 : after[0].start]
        mention = speakers.get(after[0].start, (None, ""))[0]
        # "…,” said X" or "…,” X said": the cue's own subject stands after the quotation; a
        # participle that continues the sentence's subject ("…,” affirming …") is no such cue
        own_subject = mention is None or mention.start > quote.close_at
        if own_subject and len(_WORD.findall(between)) <= 6 and not re.search(r"[.;!?]\s", between):
            return after[0]
    before = [cue for cue in cues if cue.end <= quote.open_at]
    if before:
        return before[-1]
    return after[0] if after else None


def _resolve(statements: list[_Statement], entities: list[Entity]) -> list[tuple[_Statement, Resolved]]:
    """Each statement's speaker name, kind and camp (:mod:`newsframe.resolve`), in reading order."""
    article = ArticleEntities(entities)
    for statement in statements:
        if statement.kind == "scare":
            statement.resolved = Resolved("", "unnamed", "", "none")
        elif statement.registry == PRESS:
            statement.resolved = Resolved(PRESS, "organisation", "other", "description")
        elif statement.registry:
            entity = registry_entity(statement.start, statement.end, statement.registry)
            statement.resolved = Resolved(entity.name, entity.kind, entity.camp, entity.camp_source)
        elif statement.mention is not None:
            m = statement.mention
            statement.resolved = article.resolve(m)
            if statement.resolved.speaker_kind in ("person", "organisation"):
                article.add(
                    Entity(
                        m.start,
                        m.end,
                        statement.resolved.speaker,
                        statement.resolved.speaker_kind,
                        statement.resolved.camp,
                        statement.resolved.camp_source,
                        m.description,
                    )
                )
        elif statement.follows is not None and statement.follows.resolved is not None:
            statement.resolved = statement.follows.resolved
            statement.mention = statement.follows.mention
        else:
            statement.resolved = Resolved("", "unnamed", "", "none")
    return [(s, s.resolved) for s in statements]


def extract_quotes_from_text(
    text: str, sentences: list[tuple[int, int, int]] | None = None, *, doc_id: str = "text"
) -> pd.DataFrame:
    """Statements in one text (columns ``STATEMENT_COLUMNS``), no corpus needed.

    ``sentences`` are ``(sent_id, start, end)`` offsets into ``text``; by default each
    line-separated paragraph is split with :func:`newsframe.segment.sentence_spans` and
    sentences are numbered from 0.
    """
    if sentences is None:
        sentences = _default_sentences(text)
    return _statement_frame(_statement_rows(text, sentences, doc_id))


def _statement_frame(rows: list[dict]) -> pd.DataFrame:
    """Statement rows as a table (``STATEMENT_COLUMNS``), ordered by doc_id, start and end (stable)."""
    frame = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return (
        frame.sort_values(["doc_id", "start", "end"], kind="stable")
        .reset_index(drop=True)
        .astype(
            {"sent_id": "int64", "start": "int64", "end": "int64", "speaker_start": "int64", "speaker_end": "int64"}
        )
    )


def _statement_rows(text: str, sentences: list[tuple[int, int, int]], doc_id: str) -> list[dict]:
    ordered = sorted(sentences, key=lambda s: s[1])
    rows = []
    for statement, resolved in _attribute_article(text, ordered):
        mention = statement.mention
        rows.append(
            {
                "statement_id": f"{doc_id}:{ordered[statement.sentence][0]}:{statement.start}",
                "doc_id": doc_id,
                "sent_id": ordered[statement.sentence][0],
                "start": statement.start,
                "end": statement.end,
                "text": text[statement.start : statement.end],
                "kind": statement.kind,
                "speaker": resolved.speaker,
                "speaker_start": mention.start if mention is not None else -1,
                "speaker_end": mention.end if mention is not None else -1,
                "speaker_kind": resolved.speaker_kind,
                "camp": resolved.camp,
                "camp_source": resolved.camp_source,
                "cue": statement.cue if (resolved.speaker or mention is not None) else "",
            }
        )
    return rows


def _default_sentences(text: str) -> list[tuple[int, int, int]]:
    spans = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend((offset + a, offset + b) for a, b in sentence_spans(paragraph))
        offset += len(paragraph) + 1
    return [(index, start, end) for index, (start, end) in enumerate(spans)]


def extract_quotes(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Statements of every article (columns ``STATEMENT_COLUMNS``), offsets into ``clean_text``.

    ``articles`` needs doc_id and clean_text (see :func:`newsframe.clean.clean_articles`),
    ``sentences`` doc_id, sent_id, start, end (see :func:`newsframe.segment.split_sentences`).
    Rows are ordered by doc_id and start.
    """
    for frame, name, needed in (
        (articles, "articles", ["doc_id", "clean_text"]),
        (sentences, "sentences", ["doc_id", "sent_id", "start", "end"]),
    ):
        require_columns(
            frame,
            needed,
            where=f"extract_quotes: {name}",
            hint="build articles with clean_articles() and sentences with split_sentences()",
        )
    sent_ids, starts, ends = (sentences[column].tolist() for column in ("sent_id", "start", "end"))
    spans = {
        doc_id: [(sent_ids[row], starts[row], ends[row]) for row in rows]
        for doc_id, rows in sentences.groupby("doc_id", sort=True).indices.items()
    }
    rows: list[dict] = []
    for doc_id, text in zip(articles["doc_id"], articles["clean_text"]):
        if doc_id in spans:
            rows.extend(_statement_rows(text, spans[doc_id], doc_id))
    return _statement_frame(rows)
