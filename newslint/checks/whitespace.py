"""Whitespace and line-break artefacts (``WS``)."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.rule import Rule
from newslint.text import lazy_pattern
from newslint.checks.doubled import case_joins, word_language
from newslint.checks.textscan import char_offsets, reversed_class_view, sparse_bytes, utf8
from newslint.words import zipf

_TRAILING = lazy_pattern(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
#: a space or a tab before a line break, in the reversed class view (a line break first:
#: the rarer byte); and the no-break and ideographic spaces before one, in UTF-8
_BREAK_SPACE = re.compile(b"\n ")
_WIDE_SPACE_BREAK = ("\u00a0\n".encode(), "\u3000\n".encode())


def _wide_space_break(doc: Document) -> bool:
    """A no-break or ideographic space before a line break (their lead bytes first)."""
    sparse, data = sparse_bytes(doc), utf8(doc)
    return (b"\xc2" in sparse and _WIDE_SPACE_BREAK[0] in data) or (b"\xe3" in sparse and _WIDE_SPACE_BREAK[1] in data)


class TrailingWhitespace(Rule):
    """Whitespace at the end of a line.

    ## What it does
    Flags spaces, tabs and no-break spaces after the last visible character of a line.

    ## Why is this bad?
    Invisible residue of HTML layout; it makes diffs noisy and breaks exact-match dedup.

    ## Example
    `The talks resumed.␠␠` (two spaces before the line break)

    Use instead: `The talks resumed.`

    ## Fix
    Safe: deletes the trailing whitespace; no visible character changes.
    """

    code = "WS001"
    name = "trailing-whitespace"
    family = "whitespace"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if not (_BREAK_SPACE.search(reversed_class_view(doc)) or text.endswith((" ", "\t", "\u00a0", "\u3000"))
                or _wide_space_break(doc)):
            return ()  # _TRAILING only where there is trailing whitespace (no generator)
        return self._findings(text)

    def _findings(self, text: str) -> Iterator[Finding]:
        for m in _TRAILING.finditer(text):
            yield self.finding(m.start(), m.end(), "trailing whitespace",
                               fix=Fix.safe(Edit.delete(m.start(), m.end()), title="Remove trailing whitespace"))


_BLANK_RUN = re.compile(r"\n((?:[ \t\u00a0\u3000]*\n){2,})")
_SPACE_TO_END = re.compile(r"\s*\Z")


class BlankLineRun(Rule):
    """Two or more blank lines in a row.

    ## What it does
    Flags runs of blank (or whitespace-only) lines longer than one, between paragraphs or
    at the end of the text.

    ## Why is this bad?
    Removed elements (ads, embeds, widgets) leave their line breaks behind; the gaps mean
    nothing and break paragraph splitting that expects one blank line.

    ## Example
    `The talks resumed.`, three blank lines, then `They ended.`

    Use instead: one blank line between the two paragraphs.

    ## Fix
    Safe: keeps one blank line (none at the end of the text).
    """

    code = "WS002"
    name = "blank-line-run"
    family = "whitespace"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        first = _BLANK_RUN.search(text)  # most texts have none: no iterator, no generator
        return () if first is None else self._findings(text, first.start())

    def _findings(self, text: str, pos: int) -> Iterator[Finding]:
        for m in _BLANK_RUN.finditer(text, pos):
            start, end = m.start(1), m.end(1)
            if start == 1:
                continue  # leading blank lines are the reader's business
            at_end = _SPACE_TO_END.match(text, end) is not None
            blanks = m[1].count("\n")
            keep = "" if at_end else "\n"
            yield self.finding(start, end, f"{blanks} blank lines in a row",
                               fix=Fix.safe(Edit(start, end, keep), title="Keep one blank line"))


#: a run of spaces with a no-break space, from its first no-break space (a literal first
#: character); the spaces before it are added by hand
_NBSP_RUN = lazy_pattern("\u00a0[ \u00a0\u2007\u202f]*+")
_OTHER_SPACES = " \u2007\u202f"


class NbspRun(Rule):
    """No-break spaces in a run, or next to an ordinary space ("&nbsp;&nbsp;" decoded).

    ## What it does
    Flags runs of two or more spaces of which at least one is a no-break space, inside a
    line or at its start. A single no-break space between two words ("10<U+00A0>km", French
    "« oui »") is legitimate and stays silent; trailing ones are WS001's.

    ## Why is this bad?
    HTML layout spacing (`&nbsp;&nbsp;`) survives extraction as invisible runs that
    break tokenisation and exact matching.

    ## Example
    `The talks<U+00A0><U+00A0> resumed.` (two no-break spaces and a space)

    Use instead: `The talks resumed.`

    ## Fix
    Safe: replaces the run with one space (deletes it at the start of a line).
    """

    code = "WS003"
    name = "nbsp-run"
    family = "whitespace"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        return self._findings(text) if "\u00a0" in text else ()

    def _findings(self, text: str) -> Iterator[Finding]:
        last = 0
        for m in _NBSP_RUN.finditer(text):  # from the run's first no-break space
            before = text[last:m.start()]
            start, end = last + len(before.rstrip(_OTHER_SPACES)), m.end()
            last = end
            if end - start < 2 or end == len(text) or text[end] in "\r\n":
                continue
            at_start = start == 0 or text[start - 1] == "\n"
            yield self.finding(start, end, f"run of {end - start} spaces with no-break spaces",
                               fix=Fix.safe(Edit(start, end, "" if at_start else " "), title="Use one space"))


_LETTERS = r"[^\W\d_]"
#: a hyphen and spaces before a lower-case word; the word before the hyphen is checked after
_HYPHEN_SPACE = re.compile(r"-[ \t]+([a-zß-öø-ÿ]{2,})(?![\w-])")
_FIRST_HALF = re.compile(rf"(?<![\w-]){_LETTERS}{{2,}}$")
#: the second half of a suspended compound ("pre- and post-war", "two- to three-day")
_SUSPENDED = frozenset("and or to nor but und oder bis et ou à y o e ou en of".split())


class HyphenationBreak(Rule):
    """A word split by a print-layout hyphen and a space ("govern- ment").

    ## What it does
    Flags a hyphen followed by a space inside what is one word: the two halves joined
    are a frequent word of the article's language (wordfreq). Suspended compounds
    ("pre- and post-war", "two- to three-day") are left alone.

    ## Why is this bad?
    The text was copied from a printed or PDF layout that hyphenated words at line ends.

    ## Example
    `The govern- ment said on Monday.`

    Use instead: `The government said on Monday.`

    ## Fix
    Joins the halves. Safe when the joined word is about as frequent as its halves or more
    ("govern- ment", "inter- national"); unsafe when a half is much more frequent on its
    own ("over- night" could be "over-night").
    """

    code = "WS004"
    name = "hyphenation-break"
    family = "whitespace"
    fixable = "sometimes"
    options = {"min-zipf": 3.0}

    def check(self, doc: Document) -> Iterable[Finding]:
        first = _HYPHEN_SPACE.search(doc.text)  # most texts have none: no iterator, no generator
        return () if first is None else self._findings(doc, first.start())

    def _findings(self, doc: Document, pos: int) -> Iterator[Finding]:
        text = doc.text
        lang = None
        for m in _HYPHEN_SPACE.finditer(text, pos):
            second = m[1]
            if second in _SUSPENDED:
                continue
            head = _FIRST_HALF.search(text, max(0, m.start() - 40), m.start())
            if head is None:
                continue
            first, start, end = head[0], head.start(), m.end()
            if lang is None:
                lang = word_language(doc)
            joined = first + second
            z = zipf(joined, lang)
            if z < self.config["min-zipf"]:
                continue
            safe = z >= max(zipf(first, lang), zipf(second, lang)) - 1.0
            fix = (Fix.safe if safe else Fix.unsafe)(Edit(start, end, joined), title=f"Write {joined!r}")
            yield self.finding(start, end, f"hyphenation break {text[start:end]!r} (did you mean {joined!r}?)",
                               fix=fix, data={"joined": joined})


#: the two halves around a lower→upper case join ("the|Government")
#: the left half, as _left_half finds it without a regex scan (tests compare the two)
_LEFT_HALF = lazy_pattern(r"(?<![\w@#/.&'’-])[a-z]{2,}$")
_ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
_NOT_BEFORE_LEFT = "_@#/.&'’-"
#: the same in UTF-8: an ASCII neighbour decides, a non-ASCII one is left to the text
_RIGHT_HALF_UTF8 = re.compile(rb"[A-Z][a-z]{2,}(?![A-Za-z0-9_@/-])")
_ASCII_LOWER_UTF8 = _ASCII_LOWER.encode()
_NOT_BEFORE_LEFT_UTF8 = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_@#/.&'-"
_RIGHT_HALF = re.compile(r"[A-Z][a-z]{2,}(?![\w@/-])")


class GluedWords(Rule):
    """Two words glued together by extraction ("theGovernment").

    ## What it does
    Flags a lower-case word directly followed by a capitalised word when both halves are
    frequent words (wordfreq), the glued form is far rarer than its halves (so brands in
    use, "iPhone", "easyJet", "McDonald", and multi-hump names like "FiveThirtyEight"
    stay silent), and the glued form is not used again in the article (brands are spelled
    consistently).

    ## Why is this bad?
    A link, a line break or an inline element between two words was dropped with the
    space around it.

    ## Example
    `Officials from theGovernment said on Monday.`

    Use instead: `Officials from the Government said on Monday.`

    ## Fix
    Unsafe: inserts a space between the halves (a period or a line break may have been
    lost with it).
    """

    code = "WS005"
    name = "glued-words"
    family = "whitespace"
    fixable = "unsafe"
    options = {"min-zipf": 3.0}

    def check(self, doc: Document) -> Iterable[Finding]:
        halves = _glued_halves(doc)
        return self._findings(doc, halves) if halves else ()  # the common case, without a generator

    def _findings(self, doc: Document, halves: list[int]) -> Iterator[Finding]:
        text = doc.text
        lang = None
        uses: dict[str, int] = {}  # how often each glued form occurs
        for p in char_offsets(doc, halves):
            right = _RIGHT_HALF.match(text, p)
            start = _left_half(text, p) if right else None
            if start is None:
                continue
            left, glued = text[start:p], text[start:right.end()]
            lang = lang or word_language(doc)
            z_left, z_right = zipf(left, lang), zipf(right[0], lang)
            if min(z_left, z_right) < self.config["min-zipf"]:
                continue
            if zipf(glued, lang) >= min(z_left, z_right) - 3.0:
                continue  # the glued form is itself in use: a brand ("easyJet", "jetBlue")
            if glued not in uses:
                uses[glued] = text.count(glued)
            if uses[glued] > 1:
                continue  # spelled the same way twice: a brand, not an accident
            yield self.finding(start, right.end(), f"words glued together: {glued!r}",
                               fix=Fix.unsafe(Edit.insert(p, " "), title=f"Write {left!r} {right[0]!r}"))


def _glued_halves(doc: Document) -> list[int]:
    """The case joins (UTF-8 offsets) with a lower-case word of two letters or more before
    them and a capitalised one after: _RIGHT_HALF and _left_half told from the bytes,
    where a non-ASCII neighbour may or may not be a letter (the text decides)."""
    data = utf8(doc)
    found = []
    for p in case_joins(doc):
        if not _RIGHT_HALF_UTF8.match(data, p):
            continue
        window = max(0, p - 30)
        start = window + len(data[window:p].rstrip(_ASCII_LOWER_UTF8))
        if p - start >= 2 and (not start or data[start - 1] >= 0x80 or data[start - 1] not in _NOT_BEFORE_LEFT_UTF8):
            found.append(p)
    return found


def _left_half(text: str, p: int) -> int | None:
    """Where the lower-case word ending at ``p`` starts (at most 30 back, two letters or
    more, not inside a longer token): _LEFT_HALF without a regex scan."""
    window = max(0, p - 30)
    start = window + len(text[window:p].rstrip(_ASCII_LOWER))
    if p - start < 2:
        return None
    before = text[start - 1] if start else " "
    return None if before.isalnum() or before in _NOT_BEFORE_LEFT else start


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [TrailingWhitespace, BlankLineRun, NbspRun, HyphenationBreak, GluedWords]
