"""Punctuation corruption (``PU``): doubled marks, missing and stray spaces, unbalanced brackets."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.rule import Rule
from newslint.text import lazy_pattern
from newslint.checks.textscan import (
    article_language, char_offsets, class_view, reversed_class_view, sparse_bytes, utf8,
)

#: a token that is a URL, a path, an e-mail address or a domain name
_URLISH = re.compile(r"://|www\.|@|/|\.(?:com|org|net|gov|edu|int|mil|info|io|co|uk|us|de|fr|ly|tv|me|ai)\b",
                     re.IGNORECASE)


class _Tokens:
    """The whitespace-delimited token around a span, for spans visited in ascending order.

    The last token is remembered with whether it is URL-ish, so a long token (a text
    without spaces) is measured once, not once for every candidate in it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.left, self.right = 0, -1
        self._urlish: bool | None = None

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        if not self.left <= start <= end <= self.right:
            self.left, self.right = _token_start(self.text, start), _token_end(self.text, end)
            self._urlish = None
        return self.left, self.right

    def urlish(self, start: int, end: int) -> bool:
        """The token is a URL, a path, an e-mail address or a domain name."""
        self.bounds(start, end)
        if self._urlish is None:
            self._urlish = _URLISH.search(self.text, self.left, self.right) is not None
        return self._urlish


def _token_start(text: str, start: int, window: int = 128) -> int:
    # look back a little first: a search to the start of the text for a rare delimiter
    # (a tab) would make every candidate cost the whole article
    low = max(0, start - window)
    left = max(text.rfind(" ", low, start), text.rfind("\n", low, start), text.rfind("\t", low, start))
    if left == -1 and low > 0:
        return _token_start(text, start, window * 16)
    return left + 1


def _token_end(text: str, end: int, window: int = 128) -> int:
    high = min(len(text), end + window)
    found = [i for i in (text.find(" ", end, high), text.find("\n", end, high), text.find("\t", end, high)) if i != -1]
    if found:
        return min(found)
    return len(text) if high == len(text) else _token_end(text, end, window * 16)


# --------------------------------------------------------------------------- PU001
_DOUBLED_PERIOD = re.compile(r"\.\.(?![./\\])")
_SENTENCE_GOES_ON = re.compile(r"[ \t]*(?:$|[\"”’')\]]|[ \t]+[A-Z\"“‘'(])", re.MULTILINE)


class DoubledPeriod(Rule):
    """Two periods where one belongs ("the report.. "), not an ellipsis.

    ## What it does
    Flags exactly two periods in a row after a word. Ellipses (three or more periods),
    relative paths (`../`) and ranges between digits (`1..10`) are left alone.

    ## Why is this bad?
    A period was added twice, often by an extractor that appends one to a paragraph or
    caption that already ended with one (or after an abbreviation: "U.S..").

    ## Example
    `Jones said, according to the report.. The regime must stop.`

    Use instead: `Jones said, according to the report. The regime must stop.`

    ## Fix
    Deletes the second period. Safe where a sentence clearly ends there (end of line,
    closing quote, or a capitalised word follows); unsafe before a lower-case word, where
    the writer may have meant an informal ellipsis.
    """

    code = "PU001"
    name = "doubled-period"
    family = "punctuation"
    fixable = "sometimes"

    def check(self, doc: Document) -> Iterable[Finding]:
        first = _DOUBLED_PERIOD.search(doc.text)  # most texts have none: no iterator, no generator
        return () if first is None else self._findings(doc.text, first.start())

    def _findings(self, text: str, pos: int) -> Iterator[Finding]:
        tokens = _Tokens(text)
        for m in _DOUBLED_PERIOD.finditer(text, pos):
            a, b = m.start(), m.end()
            if a == 0 or text[a - 1] in "./\\ \t\n…":
                continue  # the end of an ellipsis, a path, a line starting with ".."
            if a > 0 and b < len(text) and text[a - 1].isdigit() and text[b].isdigit():
                continue
            if tokens.urlish(a, b):
                continue
            safe = bool(_SENTENCE_GOES_ON.match(text, b))
            fix = (Fix.safe if safe else Fix.unsafe)(Edit.delete(a + 1, b), title="Delete the second period")
            yield self.finding(a, b, "doubled period", fix=fix)


# --------------------------------------------------------------------------- PU002
_DOUBLED_MARK = re.compile(r"[,;:](?:[,;:]+|\.)")
#: the pairs a finding needs (",,", ";;", "::", ",.", ",;", ";,", ":,", ",:", ";:", ":;")
_MARK_PAIRS = frozenset((b",,", b";;", b"::", b",.", b",;", b";,", b":,", b",:", b";:", b":;"))
#: two marks in a row in the class view (, . ; : ! ? all read "#"): where such a pair may be
_TWO_MARKS = re.compile(b"#(?=#)")
_STRENGTH = {",": 0, ":": 1, ";": 2, ".": 3}


class DoubledPunctuation(Rule):
    """Doubled or stacked commas, semicolons and colons (",,", ";;", ",.").

    ## What it does
    Flags runs of two or more of `,` `;` `:` and a comma directly before a period.
    Doubled `!` and `?` are left alone (they are expressive, not corrupt), as are `::` in
    code or addresses (`std::vector`, `2001:db8::1`).

    ## Why is this bad?
    Two clauses were joined by an extractor, or an element between two marks was dropped.

    ## Example
    `The minister,, who resigned on Monday, said;; nothing.`

    Use instead: `The minister, who resigned on Monday, said; nothing.`

    ## Fix
    A run of one mark is reduced to one (safe). Mixed marks keep the strongest one
    (`,.` → `.`), which is unsafe: something may be missing between them.
    """

    code = "PU002"
    name = "doubled-punctuation"
    family = "punctuation"
    fixable = "sometimes"

    def check(self, doc: Document) -> Iterable[Finding]:
        return self._findings(doc.text) if _mark_pair(doc) else ()

    def _findings(self, text: str) -> Iterator[Finding]:
        tokens = _Tokens(text)
        for m in _DOUBLED_MARK.finditer(text):
            a, b = m.start(), m.end()
            run = m[0]
            if run[-1] == "." and (run != ",." or text.startswith(".", b)):
                continue  # ";." ":." are rare styles; ",..." is a comma before an ellipsis
            if ":" in run and (a == 0 or b >= len(text) or text[a - 1].isalnum() and text[b].isalnum()
                               or tokens.urlish(a, b)):
                continue
            if len(set(run)) == 1:
                fix = Fix.safe(Edit.delete(a + 1, b), title=f"Keep one {run[0]!r}")
            else:
                keep = max(run, key=_STRENGTH.__getitem__)
                fix = Fix.unsafe(Edit(a, b, keep), title=f"Keep {keep!r}")
            yield self.finding(a, b, f"doubled punctuation {run!r}", fix=fix)


def _mark_pair(doc: Document) -> bool:
    """The text has one of _MARK_PAIRS: one literal scan of the class view, where the
    pairs are rare (mostly ellipses), instead of one over the text per first mark."""
    view, data = class_view(doc), utf8(doc)
    search = _TWO_MARKS.search
    m = search(view)
    while m is not None:
        i = m.start()
        if data[i:i + 2] in _MARK_PAIRS:
            return True
        m = search(view, i + 1)
    return False


# --------------------------------------------------------------------------- PU003
#: a period (or question mark) and maybe a closing quote, glued to a word. Literal first
#: character: the regex engine skips to each period at memchr speed.
_GLUED_PERIOD = re.compile(r"\.[”’)]?(?=[A-Za-z][a-z])")
_GLUED_QUESTION = re.compile(r"\?[”’)]?(?=[A-Z][a-z])")
#: what may open a token before an initialism ("(U.S")
_OPENERS = "(“\"‘'["


def _ends_initialism(text: str, left: int, end: int) -> bool:
    """``text[left:end]``, opening quotes and brackets aside, is an initialism ("U.S",
    "a.m": letters and periods, ``(?:[A-Za-z]\\.)+[A-Za-z]``), read backwards from ``end``
    so that a long token costs no more than a short one."""
    i = end - 1
    if i < left or not _ascii_letter(text[i]):
        return False
    letters = 1
    while i - 2 >= left and text[i - 1] == "." and _ascii_letter(text[i - 2]):
        i -= 2
        letters += 1
    return letters > 1 and (i == left or text[i - 1] in _OPENERS and not text[left:i].lstrip(_OPENERS))


def _ascii_letter(c: str) -> bool:
    return "a" <= c <= "z" or "A" <= c <= "Z"


class MissingSpaceAfterSentence(Rule):
    """No space after a sentence end or an initialism ("end.Next", "The U.S.is").

    ## What it does
    Flags a period or question mark glued to the next word: after a lower-case word and
    before a capitalised one ("end.Next", "said.”The"), or after an initialism before any
    word ("U.S.is", "U.N.Security"). URLs, domains and e-mail addresses, decimals, and
    abbreviations written together (Ph.D., a.m., U.S.A.) stay silent.

    ## Why is this bad?
    The extractor dropped the space (or the line break) between two sentences or two
    elements; the words run together for readers and tokenisers.

    ## Example
    `The U.S.is accusing the regime of killing thousands.`

    Use instead: `The U.S. is accusing the regime of killing thousands.`

    ## Fix
    Safe: inserts a space after the punctuation (and after a closing quote or bracket).
    """

    code = "PU003"
    name = "missing-space-after-sentence"
    family = "punctuation"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        # most texts have neither: two searches, no iterator, no generator; a text without a
        # question mark is told by memchr, faster than the pattern's own scan
        periods = _GLUED_PERIOD.search(text)
        questions = _GLUED_QUESTION.search(text) if "?" in text else None
        if periods is None and questions is None:
            return ()
        return self._findings(text, periods, questions)

    def _findings(self, text: str, *firsts: re.Match[str] | None) -> Iterator[Finding]:
        for first in firsts:
            if first is None:
                continue
            tokens = _Tokens(text)
            for m in first.re.finditer(text, first.start()):
                start, end = m.start(), m.end()
                before = text[max(0, start - 2):start]
                # a sentence end: a lower-case word before, no lower-case word after
                sentence = not text[end].islower() and len(before) == 2 and before.isalpha() and before.islower()
                if not sentence and not (before[:1] == "." and _ends_initialism(text, tokens.bounds(start, end)[0], start)):
                    continue  # nor the end of an initialism ("U.S")
                if tokens.urlish(start, end):
                    continue
                left, right = tokens.bounds(start, end)
                token = text[left:min(right, left + 30)]
                yield self.finding(start, end, f"missing space after {text[start:end]!r} in {token!r}",
                                   fix=Fix.safe(Edit.insert(end, " "), title="Insert a space"))


# --------------------------------------------------------------------------- PU004
#: languages that put a space before ; : ! ? (French and its typographic cousins)
_SPACED_LANGS = {"fr", "br", "ht"}
_WORD_END = lazy_pattern(r"[\w\"”’'%)\]]")
_MARK_SPACE = re.compile(b"# ")


class SpaceBeforePunctuation(Rule):
    """A space before a comma, period, semicolon, colon, question or exclamation mark.

    ## What it does
    Flags spaces between a word and the punctuation that follows it. French typography,
    which spaces `; : ! ?`, is respected (for those four marks) when the article is in
    French; spaced ellipses (`word . . .`), emoticons (`:)`), label lines (`VIP : 60,000`),
    times and decimals are left alone.

    ## Why is this bad?
    An inline element (a link, a footnote marker, an ad) was removed from between the word
    and its punctuation, leaving the space behind.

    ## Example
    `The report , published on Monday , was withheld .`

    Use instead: `The report, published on Monday, was withheld.`

    ## Fix
    Safe: deletes the space.
    """

    code = "PU004"
    name = "space-before-punctuation"
    family = "punctuation"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        # a space before a mark: "# " in the reversed class view, found from the mark
        view = reversed_class_view(doc)
        first = _MARK_SPACE.search(view)  # most short texts have none: no iterator, no generator
        if first is None:
            return ()
        last = len(view) - 2
        spaces = [last - m.start() for m in _MARK_SPACE.finditer(view, first.start())]
        spaces.reverse()
        return self._findings(doc, spaces)

    def _findings(self, doc: Document, spaces: list[int]) -> Iterator[Finding]:
        text = doc.text
        found: list[tuple[int, int, str]] = []
        for i in char_offsets(doc, spaces):
            if text[i] != " ":
                continue  # a tab: its class is a space's
            end, mark = i + 2, text[i + 1]
            start = i
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            if start > 0 and _WORD_END.match(text, start - 1) and self._real(text, start, end, mark):
                found.append((start, end, mark))
        if any(mark in ";:!?" for *_, mark in found) and article_language(doc) in _SPACED_LANGS:
            found = [f for f in found if f[2] not in ";:!?"]
        for start, end, mark in sorted(found):
            yield self.finding(start, end, f"space before {mark!r}",
                               fix=Fix.safe(Edit.delete(start, end - 1), title="Delete the space"))

    @staticmethod
    def _real(text: str, start: int, end: int, mark: str) -> bool:
        after = text[end] if end < len(text) else "\n"
        if mark == ".":
            # ellipsis, spaced ellipsis, ".45", ".NET", "a .com address"
            return not (after == "." or after.isalnum() or text.startswith(" .", end))
        if mark == ",":
            return not (after.isdigit() and text[start - 1].isdigit())  # "1 ,000"
        if mark == ":":
            if after in "-()DPp3/" or after.isdigit():
                return False  # emoticons, times
            return _spaces_before(text, start, 3)  # not a "Label : value" line
        if mark == ";":
            return after not in "-)("  # ;-) ;)
        return True


def _spaces_before(text: str, end: int, n: int) -> bool:
    """At least ``n`` spaces between the start of the line and ``end`` (looked for
    backwards, so that a long line costs no more than a short one)."""
    i = end
    for _ in range(n):
        i = text.rfind(" ", 0, i)
        if i == -1:
            return False
    return text.find("\n", i, end) == -1


# --------------------------------------------------------------------------- PU005
_BRACKETS = re.compile(r"[()\[\]]")
_PAIRS = {")": "(", "]": "["}
#: a stray ")" that is a list marker ("1)", "a)", "iv)") or any stray bracket of an emoticon
_MARKER = lazy_pattern(r"(?:^|(?<=\s))(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)|[:;=8][-']?[()](?!\w)|[()][-']?[:;=]")
_TERMINAL = lazy_pattern(r"[.!?…:;\"”’')\]]\s*$")


class UnbalancedBracket(Rule):
    """A parenthesis or square bracket without its partner in the same paragraph.

    ## What it does
    Matches `(` with `)` and `[` with `]` within each paragraph and flags the one left
    over. List markers ("1)", "a)"), emoticons (":)") and paragraphs cut off mid-sentence
    (which lose their closing bracket to truncation, not corruption) are left alone.

    ## Why is this bad?
    Part of a parenthetical was lost (an inline element dropped, a line split), or a
    caption credit was glued on.

    ## Example
    `The State Department (which released the photos said on Monday.`

    ## Fix
    None: where the partner belongs cannot be known.
    """

    code = "PU005"
    name = "unbalanced-bracket"
    family = "punctuation"

    def check(self, doc: Document) -> Iterable[Finding]:
        brackets = sparse_bytes(doc)  # the brackets, among few other bytes
        if brackets.count(b"(") == brackets.count(b")") and brackets.count(b"[") == brackets.count(b"]"):
            return ()  # balanced overall: a per-paragraph imbalance would have to cancel out
        return self._findings(doc)

    def _findings(self, doc: Document) -> Iterator[Finding]:
        for line in doc.paragraphs:
            if "(" in line.text or ")" in line.text or "[" in line.text or "]" in line.text:
                yield from self._check_line(line.start, line.text)

    def _check_line(self, start: int, text: str) -> Iterator[Finding]:
        stack: list[tuple[str, int]] = []
        stray: list[int] = []
        for m in _BRACKETS.finditer(text):
            ch, i = m[0], m.start()
            if ch in "([":
                stack.append((ch, i))
            elif stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            elif any(c == _PAIRS[ch] for c, _ in stack):
                stray.append(stack.pop()[1])  # "( [ )": the inner opener is the stray one
                while stack and stack[-1][0] != _PAIRS[ch]:
                    stray.append(stack.pop()[1])
                if stack:
                    stack.pop()
            else:
                stray.append(i)
        if stack and _TERMINAL.search(text):
            stray.extend(i for _, i in stack)
        if stray:
            excused = {i for m in _MARKER.finditer(text) for i in range(m.start(), m.end())}
            stray = [i for i in stray if i not in excused]
        for i in sorted(stray):
            ch = text[i]
            what = "opening" if ch in "([" else "closing"
            yield self.finding(start + i, start + i + 1, f"unbalanced {what} bracket {ch!r}")


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [DoubledPeriod, DoubledPunctuation, MissingSpaceAfterSentence, SpaceBeforePunctuation, UnbalancedBracket]
