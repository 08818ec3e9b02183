"""Mojibake repair: text that was decoded with the wrong codec somewhere before it reached the corpus.

Two kinds are common in coverage of this topic:

* UTF-8 read as Windows-1252 or Latin-1 (``â€™`` for ``’``, ``Ã©`` for ``é``): repaired by
  **ftfy** (``fix_encoding`` and its helpers only: quotes stay curly or straight as the page
  had them, ligatures, character widths and line breaks are left alone);
* UTF-8 read as GBK, as Chinese-language systems do (``鈥檚`` for ``’s``, ``鈥淭he`` for
  ``“The``): a run of CJK characters is re-encoded as GB18030 and decoded as UTF-8, and the
  result is taken only when it decodes cleanly into ASCII, accented Latin letters and
  typographic punctuation, so real Chinese or Japanese text (whose characters re-encode to
  other scripts, if at all) is untouched.

Only lines that can hold mojibake are handed to ftfy: UTF-8 misread as a single-byte codepage
always shows the character of a lead byte, U+00C2-U+00F4 (``Â``, ``Ã``, ``â``…), or a C1 control,
and ASCII lines are passed over with one ``str.isascii``, so clean English text (curly quotes
and all) costs almost nothing.  U+FFFD replacement characters mark bytes
lost before the text reached us; they cannot be repaired, only counted.
"""

from __future__ import annotations

import re

import ftfy

REPLACEMENT = "\ufffd"
_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
_SINGLE_BYTE_MOJIBAKE = re.compile(r"[\u00c2-\u00f4\u0080-\u009f]")
_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+[\x21-\x7e]?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What UTF-8 misread as GBK turns back into: Latin letters with accents, and typographic punctuation (’ “ ” — …).
_LATIN_OR_PUNCTUATION = re.compile(r"[\u00a0-\u024f\u2000-\u206f\u20ac]")


def _gbk_run(match: re.Match) -> str:
    run = match.group(0)
    try:
        repaired = run.encode("gb18030").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run
    if repaired.isascii() or not all(ch.isascii() or _LATIN_OR_PUNCTUATION.match(ch) for ch in repaired):
        return run
    return repaired


def repair_line(line: str) -> str:
    """The line with mojibake repaired (unchanged when there is none)."""
    if line.isascii():
        return line
    fixed = ftfy.fix_text(line, _CONFIG) if _SINGLE_BYTE_MOJIBAKE.search(line) else line
    if _CJK.search(fixed):
        fixed = _CJK_RUN.sub(_gbk_run, fixed)
    return fixed


def repair_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``(repaired text, [(line_no, original line), ...])`` for the lines that changed (1-based)."""
    lines = text.split("\n")
    changed = []
    for index, line in enumerate(lines):
        fixed = repair_line(line)
        if fixed != line:
            changed.append((index + 1, line))
            lines[index] = fixed
    return ("\n".join(lines) if changed else text), changed
