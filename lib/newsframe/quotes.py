"""Who said what: quotations and reported speech, attributed to a speaker and a camp.

One row per attributed statement (``STATEMENT_COLUMNS``):

``statement_id``
    ``"{doc_id}:{sent_id}:{start}"``, stable across runs;
``doc_id``, ``sent_id``
    the article and the sentence that holds the start of the statement;
``start``, ``end``, ``text``
    offsets into the article's ``clean_text`` and the words there
    (``clean_text[start:end] == text``): the quoted words without the marks, or for
    reported speech the reported clause ("China against assisting Russia in …");
``kind``
    ``direct`` (a quoted sentence), ``partial`` (a quoted phrase inside the writer's
    sentence), ``scare`` (a quoted term nobody is said to have said, or one the writer
    distances with "so-called"), ``reported`` (indirect speech with a named speaker);
``speaker``, ``camp``
    canonical actor name and camp from :mod:`newsframe.actors` ("" when unknown: scare
    quotes are never given a guessed speaker);
``cue``
    the cue as written ("stated", "referred to … as", "echoed by", "according to") or "".

How it works, in general rules rather than per-article fixes:

1. Quotation marks are paired per paragraph.  Curly, straight and single marks are all
   recognised; a mark between two letters is an apostrophe (China’s, isn’t), a closing
   single mark after "s" is a possessive (Allies’, the US’) unless a single quotation is
   open, and a closing mark with nothing open that has a partner later in the paragraph is
   a misused opening mark (so-called’ no-limits partnership’).  A double opening mark left
   open runs to the end of its paragraph.  Only outermost quotations become statements, so
   ‘narrow groups’ stays part of the quotation around it, and a quotation may span several
   sentences.  Quoted names ('Wall Street Journal') are names, not statements.
2. Cues come from ``data/speech_cues.csv`` (``cue, construction, forms``): ``verb`` ("X
   said"), ``as`` ("X referred to Y as …", with Y at most a few words), ``that`` ("X assured
   Y that …"), ``source`` ("according to X"), ``joint`` ("in a joint statement").  A cue form
   right after a determiner or a possessive ("its claims", "China’s claims") is a noun, not
   a cue.
3. The speaker of a cue is the nearest actor before it in the sentence, outside quotations
   (a non-possessive mention preferred; at most ``max_subject_gap`` words away); actors
   named together ("Putin and Xi", "China and Russia") become one collective speaker
   (:func:`newsframe.actors.collective_speaker`).  "echoed by X" and "according to X" take
   the actor after the cue.  A subject pronoun (he, she, they) closer to the cue than any
   actor is resolved to the last matching actor in the sentence or the two sentences
   before it in the same paragraph.  A participle followed directly by "as" ("China
   described as", "often characterised as") is passive: it carries no speaker of its own
   and continues the speaker of an earlier quotation in the same sentence, if any.
4. A quotation takes the speaker of the cue right after it ("…,” Putin said) or else of the
   nearest cue before it in its sentence.  A whole-sentence quotation with no cue takes the
   speaker of the previous sentence in the paragraph (the statement made there, or the one
   person named there).
5. Each remaining cue with a known speaker who has no statement yet in the sentence gives a
   ``reported`` row; the clause runs from the cue to the end of the sentence or to the next
   speaker's clause.

Limits: no parser, so subjects are found by proximity; reported speech needs a registry
actor (unnamed "analysts" and "Western leaders" are not speakers); irony and quotation of
an opponent's words to reject them are attributed like any other quotation.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd

from newsframe.actors import MENTION_COLUMNS, actor_info, collective_speaker, joint_actor, line_segments, mention_rows, resolve_speaker
from newsframe.errors import NewsframeError
from newsframe.paths import DATA_DIR
from newsframe.segment import sentence_spans

STATEMENT_COLUMNS = ["statement_id", "doc_id", "sent_id", "start", "end", "text", "kind", "speaker", "camp", "cue"]
KINDS = ("direct", "partial", "scare", "reported")

_MARKS = re.compile(r"[“”„\"«»‘’‚'‹›]")
_DOUBLE = set("“”„\"«»")
_OPENERS = set("“„«‘‚‹")
_CLOSERS = set("”»’›")
_FLANK_LEFT = set("([{—–-/") | _DOUBLE | set("‘’‚'‹›")
_SO_CALLED = re.compile(r"so[\s-]called\W{0,2}$", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|these|those|this|that|such|whose)|['’]s|(?<=s)['’])\s*$", re.IGNORECASE
)
_PREPOSITION = re.compile(
    r"\b(?:of|in|to|with|from|for|on|at|against|between|about|toward|towards|into|over|than|under|including|"
    r"within|across|upon|among|amid|via)\s*$",
    re.IGNORECASE,
)
_WITH = re.compile(r"\bwith\s+(?:both\s+)?$", re.IGNORECASE)
_TRAILING_LINK = re.compile(r"(?:[,;]?\s*\b(?:and|but|while|whereas|with)\b)+\s*$", re.IGNORECASE)
_CONJOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|&)\s+)\s*")
_CLAUSE_BREAK = re.compile(r"[,;]\s+(?:and|but|while|whereas|with)\s+|;\s+")
_BY_AGENT = re.compile(r"\s+by\s+")
_AGENT_GAP = re.compile(r"[\s,]*(?:by\s+)?(?:the\s+)?", re.IGNORECASE)
_THAT = re.compile(r"\bthat\b")
_AS = re.compile(r"\bas\b")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_NOT_NEWLINE = re.compile(r"[^\n]")
# Characters before a block of lines that the rules read: the look-back for "so-called"
# before a quotation (``_SO_CALLED`` over 12 characters) covers the one before a sentence.
_LEAD = 12
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


@dataclass(frozen=True)
class _Speaker:
    name: str
    camp: str
    mention_start: int


@cache
def cue_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """The compiled cue regex over ``data/speech_cues.csv`` and form -> construction."""
    path = DATA_DIR / "speech_cues.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
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
    ordered = sorted(constructions, key=lambda form: (-len(form), form))
    alternation = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), constructions


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
    return [_Quote(offset + q.open_at, offset + q.close_at, offset + q.start, offset + q.end) for q in _paragraph_spans(paragraph)]


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
    outermost = [
        (a, b) for a, b in pairs if not any(c < a and b <= d for c, d in pairs if (c, d) != (a, b))
    ]
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
    pattern, constructions = cue_pattern()
    found = []
    for match in pattern.finditer(masked, start, end):
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
            passive = object_span == 0 and form.endswith("ed") and not _PRONOUN.search(
                masked, max(start, match.start() - 12), match.start()
            )
            label = f"{match.group(0)} as" if object_span == 0 else f"{match.group(0)} … as"
        elif construction == "that":
            if not _THAT.search(masked, match.end(), min(end, match.end() + 60)):
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


def _speech_quotes(text: str) -> list[_Quote]:
    """The quotations of ``text`` that are statements, not quoted names ('Wall Street Journal')."""
    return [_Quote(q[0], q[3], q[1], q[2]) for q in quote_spans(text) if resolve_speaker(text[q[1] : q[2]]) is None]


class _Document:
    """One text with its sentences, quotations and actor mentions, for attribution.

    The first ``lead`` characters of ``text`` are context only (see :func:`_block_statements`):
    no sentence lies in them and they hold no quotations or mentions.
    """

    def __init__(self, text: str, sentences: list[tuple[int, int, int]], max_subject_gap: int, lead: int = 0) -> None:
        self.text = text
        self.sentences = sentences
        self.max_subject_gap = max_subject_gap
        body = text[lead:]
        quotes = _speech_quotes(body)
        self.quotes = [_Quote(q.open_at + lead, q.close_at + lead, q.start + lead, q.end + lead) for q in quotes]
        self.masked = text[:lead] + _mask(body, quotes)
        self.mentions = [
            dict(zip(MENTION_COLUMNS, (start + lead, end + lead, *rest))) for start, end, *rest in mention_rows(self.masked[lead:])
        ]
        self._starts = [m["start"] for m in self.mentions]
        self._ends = [m["end"] for m in self.mentions]

    def same_paragraph(self, first: int, second: int) -> bool:
        """Whether sentences at positions ``first`` < ``second`` of ``sentences`` share a paragraph."""
        return "\n" not in self.text[self.sentences[first][2] : self.sentences[second][1]]

    def mentions_in(self, start: int, end: int) -> list[dict]:
        """The mentions that lie within ``[start, end)``, in order.

        Mentions do not overlap and come in reading order, so their starts and their ends
        both increase and those inside the span are one run, found by bisection.
        """
        first, last = bisect_left(self._starts, start), bisect_right(self._ends, end)
        return self.mentions[first:last] if first < last else []

    def group_start(self, mentions: list[dict], last: int) -> int:
        """Start of the conjoined group ("Putin and Xi") that mention ``last`` ends."""
        first = last
        while first > 0 and _CONJOINED.fullmatch(self.masked[mentions[first - 1]["end"] : mentions[first]["start"]]):
            first -= 1
        return first

    def group(self, mentions: list[dict], last: int) -> _Speaker:
        """The speaker named by mention ``last``, together with actors conjoined before it."""
        first = self.group_start(mentions, last)
        name, camp = collective_speaker([m["name"] for m in mentions[first : last + 1]])
        return _Speaker(name, camp, mentions[first]["start"])

    def subject(self, cue: _Cue, sentence_start: int, position: int) -> _Speaker | None:
        """The actor before ``cue`` in its sentence (or a resolved pronoun), if close enough."""
        boundary = max(sentence_start, self.masked.rfind(";", sentence_start, cue.start) + 1)
        mentions = self.mentions_in(boundary, cue.start)
        subjects = [
            index
            for index, m in enumerate(mentions)
            if not _PREPOSITION.search(self.masked, boundary, mentions[self.group_start(mentions, index)]["start"])
        ]
        subjects += [
            index
            for index, m in enumerate(mentions)
            if index not in subjects and m["end"] == cue.start - 1 and _WITH.search(self.masked, boundary, m["start"])
        ]
        subjects.sort()
        plain = [index for index in subjects if not mentions[index]["possessive"]]
        candidates = plain or subjects
        pronouns = list(_PRONOUN.finditer(self.masked, boundary, cue.start))
        chosen = candidates[-1] if candidates else None
        if pronouns and (chosen is None or pronouns[-1].start() > mentions[chosen]["end"]):
            return self.pronoun(pronouns[-1].group(1).lower(), pronouns[-1].start(), position)
        if chosen is None:
            return None
        gap = len(_WORD.findall(self.masked[mentions[chosen]["end"] : cue.start]))
        if gap > self.max_subject_gap:
            return None
        return self.group(mentions, chosen)

    def agent(self, after: int, end: int) -> _Speaker | None:
        """The actor named right after ``after`` ("echoed by President Putin", "according to Reuters")."""
        mentions = self.mentions_in(after, end)
        if not mentions or mentions[0]["possessive"] or not _AGENT_GAP.fullmatch(self.masked[after : mentions[0]["start"]]):
            return None
        last = 0
        while last + 1 < len(mentions) and _CONJOINED.fullmatch(
            self.masked[mentions[last]["end"] : mentions[last + 1]["start"]]
        ):
            last += 1
        name, camp = collective_speaker([m["name"] for m in mentions[: last + 1]])
        return _Speaker(name, camp, mentions[0]["start"])

    def trailing_cue(self, quote: _Quote, position: int) -> tuple[_Cue, _Speaker] | None:
        """A cue right after the quotation with its speaker: "…,” said Putin" or "…,” Putin said"."""
        end = _sentence_end(self, quote.close_at, quote.close_at + 1)
        at = quote.close_at + 1 + len(re.match(r"[\s,”’\"']*", self.masked[quote.close_at + 1 : end]).group(0))
        pattern, constructions = cue_pattern()
        cue_here = pattern.match(self.masked, at, end)
        if cue_here:
            cue = _Cue(cue_here.start(), cue_here.end(), cue_here.group(0), constructions[cue_here.group(0).lower()], False, False)
            speaker = self.agent(cue.end, end)
            return (cue, speaker) if speaker else None
        mentions = [m for m in self.mentions_in(at, end) if not m["possessive"]]
        pronoun = _PRONOUN.match(self.masked, at, end)
        if mentions and mentions[0]["start"] == at:
            last = 0
            while last + 1 < len(mentions) and _CONJOINED.fullmatch(
                self.masked[mentions[last]["end"] : mentions[last + 1]["start"]]
            ):
                last += 1
            after, speaker = mentions[last]["end"], self.group(mentions, last)
        elif pronoun:
            after, speaker = pronoun.end(), self.pronoun(pronoun.group(1).lower(), pronoun.start(), position)
        else:
            return None
        cue_here = pattern.match(self.masked, after + len(re.match(r"\s*", self.masked[after:end]).group(0)), end)
        if cue_here is None or speaker is None:
            return None
        form = re.sub(r"\s+", " ", cue_here.group(0).lower())
        return _Cue(cue_here.start(), cue_here.end(), cue_here.group(0), constructions[form], False, False), speaker

    def pronoun(self, pronoun: str, at: int, position: int) -> _Speaker | None:
        """Resolve he/she/they to the last fitting actor in this or the two previous sentences."""
        earliest = position
        while earliest > 0 and position - earliest < 2 and self.same_paragraph(earliest - 1, position):
            earliest -= 1
        mentions = self.mentions_in(self.sentences[earliest][1], at)
        for index in range(len(mentions) - 1, -1, -1):
            mention = mentions[index]
            conjoined = index > 0 and _CONJOINED.fullmatch(
                self.masked[mentions[index - 1]["end"] : mention["start"]]
            )
            if pronoun == "they" and (conjoined or mention["kind"] == "collective"):
                return self.group(mentions, index)
            if pronoun != "they" and mention["kind"] == "person" and not conjoined:
                return _Speaker(mention["name"], mention["camp"], mention["start"])
        return None

    def speaker_of(self, cue: _Cue, sentence_start: int, sentence_end: int, position: int) -> _Speaker | None:
        if cue.passive:
            return None
        if cue.by_agent or cue.construction == "source":
            return self.agent(cue.end, sentence_end)
        found = self.subject(cue, sentence_start, position)
        if found is None and cue.construction == "joint":
            return _Speaker(joint_actor(), "sino_russian", cue.start)
        return found


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


def extract_quotes_from_text(
    text: str,
    sentences: list[tuple[int, int, int]] | None = None,
    *,
    doc_id: str = "text",
    max_subject_gap: int = 15,
) -> pd.DataFrame:
    """Statements in one text (columns ``STATEMENT_COLUMNS``), no corpus needed.

    ``sentences`` are ``(sent_id, start, end)`` offsets into ``text``; by default each
    line-separated paragraph is split with :func:`newsframe.segment.sentence_spans` and
    sentences are numbered from 0.  ``max_subject_gap`` is the largest number of words
    allowed between a speaker and its cue verb.
    """
    if sentences is None:
        sentences = _default_sentences(text)
    return _statement_frame(_statement_rows(text, sentences, doc_id, max_subject_gap))


def _statement_frame(rows: list[dict]) -> pd.DataFrame:
    """Statement rows as a table (``STATEMENT_COLUMNS``), ordered by doc_id, start and end (stable)."""
    frame = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True).astype(
        {"sent_id": "int64", "start": "int64", "end": "int64"}
    )


def _statement_rows(text: str, sentences: list[tuple[int, int, int]], doc_id: str, max_subject_gap: int) -> list[dict]:
    """The statements of one text as row dicts, in the order they are found (see :func:`extract_quotes_from_text`).

    Each block of lines (:func:`_blocks`) is attributed on its own and memoised
    (:func:`_block_statements`); a text with a sentence across blocks is attributed whole.
    """
    ordered = sorted(sentences, key=lambda s: s[1])
    blocks = _blocks(text, ordered)
    if blocks is None:
        pieces = [(0, ordered, _attribute(text, tuple((start, end) for _, start, end in ordered), max_subject_gap))]
    else:
        pieces = []
        for block_start, block_end, members in blocks:
            base = max(0, block_start - _LEAD)
            spans = tuple((start - base, end - base) for _, start, end in members)
            pieces.append((base, members, _block_statements(text[base:block_end], block_start - base, spans, max_subject_gap)))
    rows = []
    for base, members, found in pieces:
        for index, start, end, words, kind, speaker, camp, cue in found:
            rows.append(_row(doc_id, members[index][0], start + base, end + base, words, kind, speaker, camp, cue))
    return rows


def _blocks(text: str, ordered: list[tuple[int, int, int]]) -> list[tuple[int, int, list[tuple[int, int, int]]]] | None:
    """(start, end, sentences) of each block of lines that holds sentences, or None if a sentence crosses blocks.

    Blocks are the segments of whole lines in which actor mentions are found
    (:func:`newsframe.actors.line_segments`, on the text with quotations blanked): a line
    break ends one unless a mention may run across it.
    """
    segments = line_segments(_mask(text, _speech_quotes(text)))
    blocks: list[tuple[int, int, list[tuple[int, int, int]]]] = []
    at = 0
    for sentence in ordered:
        _, start, end = sentence
        if not 0 <= start <= end <= len(text):
            return None
        while segments[at][1] < start:
            at += 1
        segment_start, segment_end = segments[at]
        if end > segment_end:
            return None
        if not blocks or blocks[-1][0] != segment_start:
            blocks.append((segment_start, segment_end, []))
        blocks[-1][2].append(sentence)
    return blocks


@lru_cache(maxsize=20_000)
def _block_statements(
    text: str, lead: int, spans: tuple[tuple[int, int], ...], max_subject_gap: int
) -> tuple[tuple[int, int, int, str, str, str, str, str], ...]:
    """:func:`_attribute` of one block of lines, memoised per process by the exact arguments.

    ``text`` is the block with the ``lead`` (at most ``_LEAD``) characters before it, and
    ``spans`` are its sentences.  This is exact, since the rules read nothing else:
    quotations are paired within a line; the block's mentions are those of the whole text
    (no mention crosses a block's edge); every search for cues, speakers, pronouns and
    clauses is bounded by the sentence or by the earlier sentences of its paragraph, and a
    paragraph lies in one block; the text before a block is read only by the look-back for
    "so-called" and the cues' one character before a sentence, both within the lead.
    """
    return tuple(_attribute(text, spans, max_subject_gap, lead))


def _attribute(
    text: str, spans: tuple[tuple[int, int], ...], max_subject_gap: int, lead: int = 0
) -> list[tuple[int, int, int, str, str, str, str, str]]:
    """The statements of ``text`` with sentences ``spans`` (ordered by start), in the order they are found.

    Each is (index of its sentence in ``spans``, start, end, words, kind, speaker, camp, cue).
    """
    document = _Document(text, [(index, start, end) for index, (start, end) in enumerate(spans)], max_subject_gap, lead)
    rows: list[tuple[int, int, int, str, str, str, str, str]] = []
    previous_speakers: list[_Speaker] = []
    for position, (_, start, end) in enumerate(document.sentences):
        cues = _cues(document.masked, start, end)
        speakers: list[_Speaker] = []
        used_cues: set[int] = set()
        quotes = [q for q in document.quotes if start <= q.open_at < end]
        for quote in quotes:
            trailing = document.trailing_cue(quote, position)
            if trailing is not None:
                cue, speaker = trailing
            else:
                before = [cue for cue in cues if cue.end <= quote.open_at]
                cue = before[-1] if before else None
                speaker = document.speaker_of(cue, start, end, position) if cue else None
                if speaker is None and cue is not None and cue.passive and speakers:
                    speaker = speakers[-1]
            standalone = not _WORD.search(document.masked, start, end)
            if speaker is None and cue is None and standalone and position > 0:
                if document.same_paragraph(position - 1, position):
                    speaker = _previous_speaker(document, previous_speakers, position)
            so_called = bool(_SO_CALLED.search(text, max(0, quote.open_at - 12), quote.open_at))
            quoted = text[quote.start : quote.end]
            lead = text[start : quote.open_at].rstrip()
            introduced = standalone or trailing is not None or not lead or lead[-1] in ",:"
            kind = _kind(quoted, so_called, speaker is not None, introduced)
            if kind == "scare":
                speaker = None
            if speaker is not None:
                speakers.append(speaker)
                if cue is not None:
                    used_cues.add(cue.start)
            rows.append(_statement(position, quote.start, quote.end, quoted, kind, speaker, cue))
        reported = []
        for cue in cues:
            if cue.start in used_cues or _inside_quote(document, cue.start):
                continue
            speaker = document.speaker_of(cue, start, end, position)
            if speaker is None or any(s.name == speaker.name for s in speakers):
                continue
            speakers.append(speaker)
            reported.append((cue, speaker))
        for index, (cue, speaker) in enumerate(reported):
            limit = reported[index + 1][1].mention_start if index + 1 < len(reported) else end
            clause_start, clause_end = _reported_clause(document, cue, start, limit if limit > cue.end else end)
            if clause_start < clause_end:
                rows.append(
                    _statement(position, clause_start, clause_end, text[clause_start:clause_end], "reported", speaker, cue)
                )
        previous_speakers = speakers
    return rows


def _default_sentences(text: str) -> list[tuple[int, int, int]]:
    spans = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend((offset + a, offset + b) for a, b in sentence_spans(paragraph))
        offset += len(paragraph) + 1
    return [(index, start, end) for index, (start, end) in enumerate(spans)]


def _sentence_end(document: _Document, position: int, fallback: int) -> int:
    for _, start, end in document.sentences:
        if start <= position < end:
            return end
    return fallback


def _inside_quote(document: _Document, position: int) -> bool:
    return any(q.start <= position < q.end for q in document.quotes)


def _previous_speaker(document: _Document, previous: list[_Speaker], position: int) -> _Speaker | None:
    """For a quotation standing alone: who spoke, or the one person named, in the previous sentence."""
    if previous:
        return previous[-1]
    _, start, end = document.sentences[position - 1]
    people = {m["name"] for m in document.mentions_in(start, end) if m["kind"] == "person"}
    if len(people) == 1:
        name = people.pop()
        return _Speaker(name, actor_info(name)["camp"], start)
    return None


def _reported_clause(document: _Document, cue: _Cue, sentence_start: int, limit: int) -> tuple[int, int]:
    """The reported words: after the cue (and "that"), or before it for "X, according to Y"."""
    masked = document.masked
    if cue.construction == "source" or cue.by_agent:
        return _trim(document.text, sentence_start, cue.start)
    start = cue.end
    that = re.match(r"\s*(?:that|[^.;]{0,40}?\bthat)\b", masked[start:limit])
    if cue.construction == "that" and that:
        start += that.end()
    elif re.match(r"\s+that\b", masked[start:limit]):
        start = start + re.match(r"\s+that\b", masked[start:limit]).end()
    end = limit
    for match in _CLAUSE_BREAK.finditer(masked, start, limit):
        following = document.mentions_in(match.end(), limit)
        if following and following[0]["start"] == match.end():
            end = match.start()
            break
    end = end if end > start else limit
    link = _TRAILING_LINK.search(masked, start, end)
    if link:
        end = link.start()
    start, end = _trim(document.text, start, end)
    while end > start and document.text[end - 1] in ".!?":
        end -= 1
    return start, end


def _statement(
    sentence: int, start: int, end: int, text: str, kind: str, speaker: _Speaker | None, cue: _Cue | None
) -> tuple[int, int, int, str, str, str, str, str]:
    return (
        sentence, start, end, text, kind,
        speaker.name if speaker else "", speaker.camp if speaker else "", cue.label if cue and speaker else "",
    )


def _row(doc_id: str, sent_id: int, start: int, end: int, text: str, kind: str, speaker: str, camp: str, cue: str) -> dict:
    return {
        "statement_id": f"{doc_id}:{sent_id}:{start}",
        "doc_id": doc_id,
        "sent_id": sent_id,
        "start": start,
        "end": end,
        "text": text,
        "kind": kind,
        "speaker": speaker,
        "camp": camp,
        "cue": cue,
    }


def extract_quotes(articles: pd.DataFrame, sentences: pd.DataFrame, *, max_subject_gap: int = 15) -> pd.DataFrame:
    """Statements of every article (columns ``STATEMENT_COLUMNS``), offsets into ``clean_text``.

    ``articles`` needs doc_id and clean_text (see :func:`newsframe.clean.clean_articles`),
    ``sentences`` doc_id, sent_id, start, end (see :func:`newsframe.segment.split_sentences`);
    ``max_subject_gap`` is as in :func:`extract_quotes_from_text`.  Rows are ordered by doc_id
    and start.
    """
    for frame, name, needed in (
        (articles, "articles", ["doc_id", "clean_text"]),
        (sentences, "sentences", ["doc_id", "sent_id", "start", "end"]),
    ):
        missing = [column for column in needed if column not in frame.columns]
        if missing:
            raise NewsframeError(
                f"extract_quotes: {name} lacks column(s) {missing}; build articles with clean_articles() "
                "and sentences with split_sentences()"
            )
    sent_ids, starts, ends = (sentences[column].tolist() for column in ("sent_id", "start", "end"))
    spans = {
        doc_id: [(sent_ids[row], starts[row], ends[row]) for row in rows]
        for doc_id, rows in sentences.groupby("doc_id", sort=True).indices.items()
    }
    rows: list[dict] = []
    for doc_id, text in zip(articles["doc_id"], articles["clean_text"]):
        if doc_id in spans:
            rows.extend(_statement_rows(text, spans[doc_id], doc_id, max_subject_gap))
    return _statement_frame(rows)
