"""TextBlob's default sentiment (pattern's polarity and subjectivity), without TextBlob's per-sentence overhead.

``PatternAnalyzer.analyze`` builds a new ``namedtuple`` class for every sentence (a quarter
of its time), tokenises with seven regular-expression substitutions over the whole
sentence, and scores each word through a lazily-loading dictionary subclass whose every
look-up costs a Python call.  :class:`FastPatternSentiment` computes the same two numbers:

* tokens: TextBlob's tokenizer works on each whitespace-separated token on its own except for
  three things that look across tokens — paragraph breaks (``\\n\\n``), the sarcasm mark
  ``(!)`` and emoticons written with spaces (``: )``).  Each whitespace token is split by
  TextBlob's own rules once and remembered (words recur across sentences; sentences do not),
  and a sentence where any of the three could apply is tokenised by TextBlob itself;
* scores: pattern's ``assessments`` (modifiers, negation, "!" emphasis, emoticons) over
  plain dictionaries, averaged in the same order, so the result is equal to TextBlob's to
  the last bit (``tests/test_sentiment.py``, ``benchmarks/bench_sentiment.py --check``).
"""

from __future__ import annotations

from collections.abc import Iterable

# Distinct whitespace tokens whose TextBlob split is remembered (words, not sentences: a corpus has few).
TOKEN_CACHE_SIZE = 200_000


class FastPatternSentiment:
    """``textblob.en.sentiments.PatternAnalyzer().analyze(text)`` as a plain (polarity, subjectivity) tuple."""

    def __init__(self) -> None:
        from textblob import _text
        from textblob.en import sentiment as lexicon

        len(lexicon)  # pattern's lexicon loads itself on first use
        self._text = _text
        self._reference_tokenizer = lexicon.tokenizer
        self.words: dict[str, tuple[float, float, float, bool]] = {
            word: (*entry[None], any(map(entry.__contains__, lexicon.modifiers)))
            for word, entry in dict.items(lexicon)
            if None in entry
        }
        self.negations = frozenset(lexicon.negations)
        self.modifier = lexicon.modifier
        self.emoticons: dict[str, float] = {}
        for (_, polarity), faces in _text.EMOTICONS.items():
            for face in faces:
                self.emoticons.setdefault(face.lower(), polarity)
        self._punctuation = tuple(_text.PUNCTUATION.replace(".", ""))
        self._trailing = self._punctuation + (".",)
        self._quote_marks = ("“", "”", "‘", "’", "'", '"')
        self._pieces: dict[str, tuple[list[str], list[str]]] = {}

    def clear(self) -> None:
        """Forget the whitespace tokens split so far."""
        self._pieces = {}

    def tokens(self, text: str, whitespace: list[str] | None = None) -> list[str]:
        """The lower-cased tokens TextBlob's sentiment scores for ``text`` (``whitespace``: ``text.split()``)."""
        if "\n" in text and "\n\n" in text.replace("\r\n", "\n") or self._text.EOS in text:
            return self._reference_tokens(text)
        written, lower = [], []
        pieces = self._pieces
        for token in text.split() if whitespace is None else whitespace:
            split = pieces.get(token)
            if split is None:
                split = self._split_token(token)
                if len(pieces) < TOKEN_CACHE_SIZE:
                    pieces[token] = split
            written.extend(split[0])
            lower.extend(split[1])
        joined = " ".join(written)
        if self._text.RE_SARCASM.search(joined) or self._text.RE_EMOTICONS.search(joined):
            return self._reference_tokens(text)
        return lower

    def _reference_tokens(self, text: str) -> list[str]:
        return [word.lower() for word in " ".join(self._reference_tokenizer(text)).split()]

    def _split_token(self, token: str) -> tuple[list[str], list[str]]:
        """TextBlob's ``find_tokens`` on one whitespace token: contractions, quotes, punctuation split off."""
        _text = self._text
        for old, new in _text.replacements.items():
            token = token.replace(old, new)
        for mark in self._quote_marks:
            token = token.replace(mark, f" {mark} ")
        tokens = []
        replace, punctuation, abbreviations = _text.replacements, self._punctuation, _text.ABBREVIATIONS
        for t in token.split():
            tail = []
            while t.startswith(punctuation) and t not in replace:
                tokens.append(t[0])
                t = t[1:]
            while t.endswith(self._trailing) and t not in replace:
                if t.endswith(punctuation):
                    tail.append(t[-1])
                    t = t[:-1]
                if t.endswith("..."):
                    tail.append("...")
                    t = t[:-3].rstrip(".")
                if t.endswith("."):
                    if (
                        t in abbreviations
                        or _text.RE_ABBR1.match(t) is not None
                        or _text.RE_ABBR2.match(t) is not None
                        or _text.RE_ABBR3.match(t) is not None
                    ):
                        break
                    tail.append(t[-1])
                    t = t[:-1]
            if t != "":
                tokens.append(t)
            tokens.extend(reversed(tail))
        return tokens, [t.lower() for t in tokens]

    def scores(self, text: str, whitespace: list[str] | None = None) -> tuple[float, float]:
        """(polarity, subjectivity) of ``text`` as TextBlob computes them (``whitespace``: ``text.split()``)."""
        assessed = self.assessments(self.tokens(text, whitespace))
        if not assessed:
            return 0.0, 0.0
        polarity = subjectivity = 0
        for p, s in assessed:
            polarity += p
            subjectivity += s
        return polarity / float(len(assessed)), subjectivity / float(len(assessed))

    def assessments(self, words: Iterable[str]) -> list[tuple[float, float]]:
        """pattern's ``Sentiment.assessments`` reduced to (polarity, subjectivity) per assessed chunk."""
        chunks: list[list] = []  # [polarity, subjectivity, intensity, negated]
        m = None  # preceding modifier word
        n = None  # preceding negation
        known, negations, emoticons = self.words, self.negations, self.emoticons
        punctuation = self._text.PUNCTUATION
        for w in words:
            entry = known.get(w)
            if entry is not None:
                p, s, i, modifies = entry
                if m is None:
                    chunks.append([p, s, i, 1])
                else:
                    last = chunks[-1]
                    last[0] = max(-1.0, min(p * last[2], +1.0))
                    last[1] = max(-1.0, min(s * last[2], +1.0))
                    last[2] = i
                if n is not None:
                    chunks[-1][2] = 1.0 / chunks[-1][2]
                    chunks[-1][3] = -1
                m = w if modifies else None
                n = w if w in negations else None
            else:
                if w in negations:
                    n = w
                elif n and len(w.strip("'")) > 1:
                    n = None
                if n is not None and m is not None and self.modifier(m):
                    chunks[-1][3] = -1
                    n = None
                elif m and len(w) > 2:
                    m = None
                if w == "!" and len(chunks) > 0:
                    chunks[-1][0] = max(-1.0, min(chunks[-1][0] * 1.25, +1.0))
                if w == "(!)":
                    chunks.append([0.0, 1.0, 1.0, 1])
                if w.isalpha() is False and len(w) <= 5 and w not in punctuation and w in emoticons:
                    chunks.append([emoticons[w], 1.0, 1.0, 1])
        return [(p * -0.5 if negated < 0 else p, s) for p, s, _, negated in chunks]
