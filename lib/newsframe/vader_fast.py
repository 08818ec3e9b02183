"""VADER's sentence scores, computed the way NLTK computes them, without NLTK's per-sentence overhead.

NLTK's ``SentimentIntensityAnalyzer.polarity_scores`` spends most of its time outside the
algorithm: every sentence builds a ``SentiText`` whose punctuation map joins each of the 17
punctuation marks to each word twice (hundreds of strings per sentence), strips punctuation
with a time-limited ``regex`` call, and lower-cases every word again at each look-back.
:class:`FastNltkVader` runs the same rules over one tokenisation of the sentence (each word
lower-cased once) and returns the same four numbers: equal to NLTK's to the last bit
(``tests/test_sentiment.py`` checks it on the seeds, on generated sentences with negations,
"but", capitals, "kind of", idioms and punctuation emphasis, and
``benchmarks/bench_sentiment.py --check`` on every sentence of a corpus).

NLTK's quirks are kept on purpose, since the point is NLTK's numbers: a repeated word is
scored with the look-back context of its *first* occurrence, "never so" boosts by 1.5 (not
3.3.2's 1.25), and an idiom's booster check adds ``B_DECR``.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

_DELETE_PUNCTUATION = str.maketrans("", "", string.punctuation)
# Distinct whitespace tokens whose punctuation-stripping options are remembered (words, not sentences).
TOKEN_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class VaderWords:
    """One sentence split as VADER splits it: ``words`` as written, ``lower`` lower-cased, ``cap_diff``.

    ``cap_diff`` is VADER's "some but not all words are ALL CAPS" flag.
    """

    words: list[str]
    lower: list[str]
    cap_diff: bool


class FastNltkVader:
    """NLTK VADER's ``polarity_scores`` (compound, pos, neu, neg), with the analyser's own lexicon and constants."""

    def __init__(self, reference: SentimentIntensityAnalyzer) -> None:
        constants = reference.constants
        self.lexicon: dict[str, float] = reference.lexicon
        self.boosters: dict[str, float] = constants.BOOSTER_DICT
        self.idioms: dict[str, float] = constants.SPECIAL_CASE_IDIOMS
        self.negate: frozenset[str] = frozenset(constants.NEGATE)
        self.punctuation: frozenset[str] = frozenset(constants.PUNC_LIST)
        self.b_decr, self.c_incr, self.n_scalar = constants.B_DECR, constants.C_INCR, constants.N_SCALAR
        self._leading = string.punctuation
        self._strippable: dict[str, tuple[str | None, str | None] | bool] = {}

    def split(self, text: str, tokens: list[str] | None = None) -> VaderWords:
        """NLTK's ``SentiText`` words: whitespace tokens longer than one character, one listed punctuation
        mark (or run, e.g. "!!") stripped from the front or back when what remains is a word of the text.

        ``tokens`` is ``text.split()`` when the caller has it already (it is shared with TextBlob's tokens).
        """
        tokens = text.split() if tokens is None else tokens
        known = {word for word in text.translate(_DELETE_PUNCTUATION).split() if len(word) > 1}
        strippable = self._strippable
        words = []
        for token in tokens:
            options = strippable.get(token)
            if options is None:
                options = self._strip_options(token)
                if len(strippable) < TOKEN_CACHE_SIZE:
                    strippable[token] = options
            if options is False:
                continue
            lead, trail = options
            if lead is not None and lead in known:
                token = lead
            elif trail is not None and trail in known:
                token = trail
            words.append(token)
        upper = sum(map(str.isupper, words))
        return VaderWords(words, [word.lower() for word in words], 0 < len(words) - upper < len(words))

    def clear(self) -> None:
        """Forget the tokens seen so far (their stripping options are recomputed on demand)."""
        self._strippable = {}

    def _strip_options(self, token: str) -> tuple[str | None, str | None] | bool:
        """False for a token NLTK drops (one character); else what remains without a listed punctuation
        mark in front, and without one at the back (None where there is none); kept per token."""
        if len(token) <= 1:
            return False
        lead = token.lstrip(self._leading)
        trail = token.rstrip(self._leading)
        return (
            lead if lead != token and token[: len(token) - len(lead)] in self.punctuation else None,
            trail if trail != token and token[len(trail) :] in self.punctuation else None,
        )

    def polarity_scores(self, text: str, tokens: list[str] | None = None) -> tuple[float, float, float, float]:
        """(compound, pos, neu, neg) exactly as NLTK's ``polarity_scores(text)`` returns them."""
        return self.score_valence(self.valences(self.split(text, tokens)), text)

    def valences(self, split: VaderWords) -> list[float]:
        """Per-word valences after VADER's rules (boosters, capitals, negation, idioms, "least", "but")."""
        words, lower = split.words, split.lower
        first = {word: index for index, word in reversed(list(enumerate(words)))}
        lexicon, boosters = self.lexicon, self.boosters
        sentiments: list[float] = []
        last = len(words) - 1
        for word in words:
            i = first[word]
            low = lower[i]
            if low in boosters or (low == "kind" and i < last and lower[i + 1] == "of") or low not in lexicon:
                sentiments.append(0)
            else:
                sentiments.append(self._valence(split, i))
        if "but" in lower:
            bi = lower.index("but")
            sentiments = [s * 0.5 if k < bi else s * 1.5 if k > bi else s for k, s in enumerate(sentiments)]
        return sentiments

    def _valence(self, split: VaderWords, i: int) -> float:
        words, lower, lexicon = split.words, split.lower, self.lexicon
        valence = lexicon.get(lower[i])
        if valence is None:
            return 0
        if split.cap_diff and words[i].isupper():
            valence = valence + self.c_incr if valence > 0 else valence - self.c_incr
        for start_i in range(3):
            if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                before = i - (start_i + 1)
                s = self._scalar(words[before], lower[before], valence, split.cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = self._never(valence, words, lower, start_i, i)
                if start_i == 2:
                    valence = self._idioms(valence, words, i)
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * self.n_scalar
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * self.n_scalar
        return valence

    def _scalar(self, word: str, low: str, valence: float, cap_diff: bool) -> float:
        scalar = self.boosters.get(low)
        if scalar is None:
            return 0.0
        if valence < 0:
            scalar *= -1
        if cap_diff and word.isupper():
            scalar = scalar + self.c_incr if valence > 0 else scalar - self.c_incr
        return scalar

    def _negated(self, low: str) -> bool:
        return low in self.negate or "n't" in low

    def _never(self, valence: float, words: list[str], lower: list[str], start_i: int, i: int) -> float:
        if start_i == 0:
            if self._negated(lower[i - 1]):
                valence = valence * self.n_scalar
        elif start_i == 1:
            if words[i - 2] == "never" and (words[i - 1] == "so" or words[i - 1] == "this"):
                valence = valence * 1.5
            elif self._negated(lower[i - 2]):
                valence = valence * self.n_scalar
        else:
            if (
                words[i - 3] == "never"
                and (words[i - 2] == "so" or words[i - 2] == "this")
                or (words[i - 1] == "so" or words[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif self._negated(lower[i - 3]):
                valence = valence * self.n_scalar
        return valence

    def _idioms(self, valence: float, words: list[str], i: int) -> float:
        idioms = self.idioms
        threetwo = f"{words[i - 3]} {words[i - 2]}"
        twoone = f"{words[i - 2]} {words[i - 1]}"
        for seq in (
            f"{words[i - 1]} {words[i]}",
            f"{words[i - 2]} {words[i - 1]} {words[i]}",
            twoone,
            f"{words[i - 3]} {words[i - 2]} {words[i - 1]}",
            threetwo,
        ):
            if seq in idioms:
                valence = idioms[seq]
                break
        if len(words) - 1 > i:
            zeroone = f"{words[i]} {words[i + 1]}"
            if zeroone in idioms:
                valence = idioms[zeroone]
        if len(words) - 1 > i + 1:
            zeroonetwo = f"{words[i]} {words[i + 1]} {words[i + 2]}"
            if zeroonetwo in idioms:
                valence = idioms[zeroonetwo]
        if threetwo in self.boosters or twoone in self.boosters:
            valence = valence + self.b_decr
        return valence

    @staticmethod
    def score_valence(sentiments: list[float], text: str) -> tuple[float, float, float, float]:
        """NLTK's ``score_valence``: (compound, pos, neu, neg), rounded as NLTK rounds them."""
        if not sentiments:
            return 0.0, 0.0, 0.0, 0.0
        sum_s = float(sum(sentiments))
        ep_count = min(text.count("!"), 4)
        qm_count = text.count("?")
        qm_amplifier = 0 if qm_count <= 1 else qm_count * 0.18 if qm_count <= 3 else 0.96
        amplifier = ep_count * 0.292 + qm_amplifier
        if sum_s > 0:
            sum_s += amplifier
        elif sum_s < 0:
            sum_s -= amplifier
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
        pos_sum, neg_sum, neu_count = 0.0, 0.0, 0
        for score in sentiments:
            if score > 0:
                pos_sum += float(score) + 1
            if score < 0:
                neg_sum += float(score) - 1
            if score == 0:
                neu_count += 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return (
            round(compound, 4),
            round(math.fabs(pos_sum / total), 3),
            round(math.fabs(neu_count / total), 3),
            round(math.fabs(neg_sum / total), 3),
        )


class FastVader33Valences:
    """The per-word valences of the ``vaderSentiment`` 3.3.2 algorithm (after its "but" rule), for any lexicon.

    What ``vaderSentiment.SentimentIntensityAnalyzer.polarity_scores`` sums before it normalises;
    ``newsframe.sentiment`` aggregates them its own way.  Differences from NLTK's copy, all
    3.3.2's: every whitespace token counts (a token stripped of punctuation to two characters
    or fewer keeps them), each word uses its own context, "no" negates the next words, "without
    doubt" does not negate, idioms' booster phrases add their own booster value, and emoji are
    replaced by their description first.  Its "but" rule's quirk (a valence equal to an earlier
    one is rescaled at the earlier one's place) is reproduced by running that rule itself.
    """

    def __init__(self, lexicon: dict[str, float], emojis: dict[str, str]) -> None:
        from vaderSentiment import vaderSentiment as v33

        self.lexicon = lexicon
        self.emojis = emojis
        self.boosters: dict[str, float] = v33.BOOSTER_DICT
        self.idioms: dict[str, float] = v33.SPECIAL_CASES
        self.negate: frozenset[str] = frozenset(v33.NEGATE)
        self.c_incr, self.n_scalar = v33.C_INCR, v33.N_SCALAR

    def _replace_emoji(self, text: str) -> str:
        """3.3.2's emoji step (each emoji character replaced by its description), then ``strip()``."""
        if self.emojis.keys().isdisjoint(text):
            return text.strip()
        out, prev_space = "", True
        for char in text:
            if char in self.emojis:
                if not prev_space:
                    out += " "
                out += self.emojis[char]
                prev_space = False
            else:
                out += char
                prev_space = char == " "
        return out.strip()

    def valences(self, text: str, tokens: list[str] | None = None) -> list[float]:
        """Per-word valences of ``text``, as 3.3.2's ``polarity_scores`` has them before ``score_valence``.

        ``tokens`` is ``text.split()`` when the caller has it already (used unless an emoji is replaced).
        """
        if tokens is None or not self.emojis.keys().isdisjoint(text):
            tokens = self._replace_emoji(text).split()
        words = [stripped if len(stripped := token.strip(string.punctuation)) > 2 else token for token in tokens]
        lower = [word.lower() for word in words]
        upper = sum(map(str.isupper, words))
        cap_diff = 0 < len(words) - upper < len(words)
        last = len(words) - 1
        lexicon, boosters = self.lexicon, self.boosters
        sentiments: list[float] = []
        for i, low in enumerate(lower):
            if low in boosters or (low == "kind" and i < last and lower[i + 1] == "of") or low not in lexicon:
                sentiments.append(0)
            else:
                sentiments.append(self._valence(words, lower, cap_diff, i))
        if "but" in lower:
            bi = lower.index("but")
            for sentiment in sentiments:  # 3.3.2's _but_check, verbatim
                si = sentiments.index(sentiment)
                if si < bi:
                    sentiments.pop(si)
                    sentiments.insert(si, sentiment * 0.5)
                elif si > bi:
                    sentiments.pop(si)
                    sentiments.insert(si, sentiment * 1.5)
        return sentiments

    def _valence(self, words: list[str], lower: list[str], cap_diff: bool, i: int) -> float:
        lexicon = self.lexicon
        low = lower[i]
        valence = lexicon.get(low)
        if valence is None:
            return 0
        if low == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * self.n_scalar
        if words[i].isupper() and cap_diff:
            valence = valence + self.c_incr if valence > 0 else valence - self.c_incr
        for start_i in range(3):
            before = i - (start_i + 1)
            if i > start_i and lower[before] not in lexicon:
                s = 0.0
                if lower[before] in self.boosters:
                    s = self.boosters[lower[before]]
                    if valence < 0:
                        s *= -1
                    if words[before].isupper() and cap_diff:
                        s = s + self.c_incr if valence > 0 else s - self.c_incr
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = self._negation(valence, lower, start_i, i)
                if start_i == 2:
                    valence = self._idioms(valence, lower, i)
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * self.n_scalar
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * self.n_scalar
        return valence

    def _negated(self, low: str) -> bool:
        return low in self.negate or "n't" in low

    def _negation(self, valence: float, lower: list[str], start_i: int, i: int) -> float:
        if start_i == 0:
            if self._negated(lower[i - 1]):
                valence = valence * self.n_scalar
        elif start_i == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif self._negated(lower[i - 2]):
                valence = valence * self.n_scalar
        else:
            if (
                lower[i - 3] == "never"
                and (lower[i - 2] == "so" or lower[i - 2] == "this")
                or (lower[i - 1] == "so" or lower[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif self._negated(lower[i - 3]):
                valence = valence * self.n_scalar
        return valence

    def _idioms(self, valence: float, lower: list[str], i: int) -> float:
        idioms = self.idioms
        threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
        threetwo = f"{lower[i - 3]} {lower[i - 2]}"
        twoone = f"{lower[i - 2]} {lower[i - 1]}"
        for seq in (
            f"{lower[i - 1]} {lower[i]}",
            f"{lower[i - 2]} {lower[i - 1]} {lower[i]}",
            twoone,
            threetwoone,
            threetwo,
        ):
            if seq in idioms:
                valence = idioms[seq]
                break
        if len(lower) - 1 > i:
            zeroone = f"{lower[i]} {lower[i + 1]}"
            if zeroone in idioms:
                valence = idioms[zeroone]
        if len(lower) - 1 > i + 1:
            zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in idioms:
                valence = idioms[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in self.boosters:
                valence = valence + self.boosters[n_gram]
        return valence
