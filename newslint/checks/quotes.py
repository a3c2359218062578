"""Quotation-mark corruption (``QT``): wrong-way quotes, unbalanced quotes, mixed styles."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Iterator

from newslint.document import Document, Line
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.rule import Rule
from newslint.text import lazy_pattern
from newslint.checks.textscan import article_language

#: languages whose typography uses ” to open as well as to close (”Hej”, sade han)
_RIGHT_QUOTE_LANGS = {"sv", "fi"}
#: languages that quote „like this“, closing with “
_LOW_HIGH_LANGS = {"de", "cs", "sk", "sl", "hr", "sr", "bg", "lt", "lv", "et", "is", "da", "ro", "hu", "pl", "ka"}
_TERMINAL = lazy_pattern(r"[.!?…:;\"”’')\]]\s*$")


#: ” where an opening quote belongs: at a paragraph start or after a space, an opening
#: bracket or a dash, and before a word or an opening quote (maybe after a space); and “
#: where a closing quote belongs: after a word or a sentence mark, before a space, a
#: mark or the paragraph's end. A literal first character: re jumps from quote to quote.
_WRONG_WAY_CLOSER = re.compile("”(?<![^ \t\u00a0(\\[—–\n]”)(?=[^\\W_]|[‘'\"]|[ \u00a0\u2009\u202f][‘'\"])")
_WRONG_WAY_OPENER = re.compile("“(?:(?<=[^\\W_]“)|(?<=[.,!?’']“))(?=[ \t\u00a0.,;:!?)\\]}\n]|\\Z)")
#: “ opening a quotation: at the start of the text or after a space or a bracket, before a word
_OPENING_CURLY = re.compile("“(?<![^\\s(\\[]“)(?=[^\\W_])")


def _wrong_way_closers(doc: Document) -> list[int]:
    """Offsets of ” standing where an opening quote belongs."""
    found = doc.cache.get("wrong-way-closers")
    if found is None:
        text = doc.text
        found = [m.start() for m in _WRONG_WAY_CLOSER.finditer(text)] if "”" in text else []
        if found and "“" not in text and article_language(doc) in _RIGHT_QUOTE_LANGS:
            found = []  # an article that uses “ anywhere does not open with ” by convention
        doc.cache["wrong-way-closers"] = found
    return found


def _wrong_way_openers(doc: Document) -> list[int]:
    """Offsets of “ standing where a closing quote belongs (English only)."""
    text = doc.text
    if "“" not in text or "„" in text:
        return []  # „…“ typography (German, Czech, Polish…) closes with “
    found = [m.start() for m in _WRONG_WAY_OPENER.finditer(text)]
    if found and not _OPENING_CURLY.search(text) and article_language(doc) in _LOW_HIGH_LANGS:
        return []  # the same typography with its opening „ lost (an article that opens with “ does not)
    return found


class WrongWayQuote(Rule):
    """A closing quote where an opening one belongs (a paragraph starting with ” ‘).

    ## What it does
    Flags a right double quote (”) at the start of a paragraph, or after a space and
    directly before a word or an opening single quote, where only an opening quote (“)
    makes sense; and a left double quote (“) after a word and before a space or
    punctuation, where only a closing one (”) makes sense. Swedish and Finnish, which open
    with ”, and „…“ quoting (German, Czech, Polish…) are respected.

    ## Why is this bad?
    A converter "smartened" straight quotes the wrong way, or an extractor split a nested
    quotation. The quotation's extent becomes unreadable.

    ## Example
    `” ‘Credible sources have believed that many bodies were disposed of,’ Jones said.”`

    Use instead: `“ ‘Credible sources have believed that many bodies were disposed of,’ Jones said.”`

    ## Fix
    Safe: turns the quote the right way round.
    """

    code = "QT001"
    name = "wrong-way-quote"
    family = "quotes"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        closers, openers = _wrong_way_closers(doc), _wrong_way_openers(doc)
        return self._findings(doc, closers, openers) if closers or openers else ()  # no generator

    def _findings(self, doc: Document, closers: list[int], openers: list[int]) -> Iterator[Finding]:
        # paragraph by paragraph, the closers of each first
        found = sorted([(doc.position(a)[0], 0, a) for a in closers] + [(doc.position(a)[0], 1, a) for a in openers])
        for _, opener, a in found:
            if opener:
                yield self.finding(a, a + 1, "opening quote “ where a closing quote belongs",
                                   fix=Fix.safe(Edit(a, a + 1, "”"), title="Use a closing quote ”"))
            else:
                yield self.finding(a, a + 1, "closing quote ” where an opening quote belongs",
                                   fix=Fix.safe(Edit(a, a + 1, "“"), title="Use an opening quote “"))


# --------------------------------------------------------------------------- QT002
OPEN, CLOSE, EITHER, INCH = "open", "close", "either", "inch"
#: double quotes, and the doubled single quotes typewriter style uses for them
_QUOTE_MARKS = ('"', "“", "”", "„", "’’", "‘‘", "''")
_CLOSING_CONTEXT = set(" \t\u00a0.,;:!?)]}—–…")
#: "’’" and "''" (literal patterns: a faster scan than `in` for two characters)
_DOUBLED_SINGLES = (re.compile("’’"), re.compile("''"))


def _quote_marks(doc: Document) -> list[tuple[int, str]]:
    """(offset, mark) of every double quote and doubled single quote, in order: one
    scan for a literal per mark, faster than one scan for a character class."""
    text = doc.text
    marks = []
    for mark in _QUOTE_MARKS:
        if mark[0] in text:
            i = text.find(mark)
            while i != -1:
                marks.append((i, mark))
                i = text.find(mark, i + len(mark))
    marks.sort()
    return marks


def _roles(text: str, start: int, marks: list[tuple[int, str]], turned_open: set[int]) -> list[tuple[int, str]]:
    """(offset in the paragraph, role) of each of its quote marks, with wrong-way quotes
    turned round."""
    n = len(text)
    roles = []
    for offset, q in marks:
        i = offset - start
        before = text[i - 1] if i else " "
        after = text[i + len(q)] if i + len(q) < n else " "
        if q in "„‘‘":
            roles.append((i, OPEN))
        elif q in "”’’" and before.isdigit():
            roles.append((i, INCH))  # 4’9”: feet and inches
        elif q == "’’":
            roles.append((i, CLOSE))
        elif q == "”":
            roles.append((i, OPEN if offset in turned_open else CLOSE))
        elif q == "“":
            # German „…“ and wrong-way English quotes close with “
            closing = after in ",.;:!?)" or (not before.isspace() and before not in "([{—–" and after in _CLOSING_CONTEXT)
            roles.append((i, CLOSE if closing else OPEN))
        elif before.isdigit():
            roles.append((i, INCH))  # 12" or a closing quote after a number
        elif (before.isspace() or before in "([{—–") and not after.isspace():
            roles.append((i, OPEN))
        elif not before.isspace() and after in _CLOSING_CONTEXT:
            roles.append((i, CLOSE))
        else:
            roles.append((i, EITHER))
    return roles


def _by_paragraph(paragraphs: list[Line], marks: list[tuple[int, str]]) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(paragraph index, its marks) for the paragraphs holding marks, in order: a long
    article with a few quotes costs its quotes, not its paragraphs."""
    starts = [p[1] for p in paragraphs]
    n, group = -1, []
    for mark in marks:
        i = bisect_right(starts, mark[0]) - 1
        if i < 0 or mark[0] >= paragraphs[i][2]:
            continue  # not inside a paragraph
        if i != n:
            if group:
                yield n, group
            n, group = i, []
        group.append(mark)
    if group:
        yield n, group


def _starts_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in ("“", '"', "”", "«", "„", "‘", "'")


def _continues(paragraphs: list[Line], n: int) -> bool:
    """The quotation left open by paragraph ``n`` goes on in a later paragraph that opens
    with a quote (the English convention), maybe after an embed or a caption."""
    from newslint.text import is_prose

    for line in paragraphs[n + 1 : n + 5]:
        if _starts_with_quote(line.text):
            return True
        if is_prose(line.text):
            return False
    return False


class UnbalancedQuotes(Rule):
    """Double quotes that do not pair up within a paragraph.

    ## What it does
    Pairs opening and closing double quotes (curly and straight) within each paragraph
    and flags the one left over. A quotation running over several paragraphs is
    respected: its paragraphs open without closing, and each following one opens again.
    Paragraphs cut off mid-sentence, inch marks (6'2") and wrong-way quotes (QT001, counted
    as turned round) do not count.

    ## Why is this bad?
    Part of a quotation was lost or a quote mark was duplicated: readers cannot tell what
    was said by whom.

    ## Example
    `“We have reason to be skeptical, Mr Jones said.`

    ## Fix
    None: where the missing quote belongs cannot be known.
    """

    code = "QT002"
    name = "unbalanced-quotes"
    family = "quotes"

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if '"' not in text and "“" not in text and "”" not in text:
            return ()  # without a generator
        if (text.count("“") == text.count("”") and not text.count('"') % 2 and "„" not in text
                and not _DOUBLED_SINGLES[0].search(text) and not _DOUBLED_SINGLES[1].search(text)):
            return ()  # balanced overall: an imbalance would have to be cancelled by another
        return self._findings(doc)

    def _findings(self, doc: Document) -> Iterator[Finding]:
        paragraphs = doc.paragraphs
        turned_open = set(_wrong_way_closers(doc))
        carried = False  # the previous paragraph left a quotation open
        last = -2
        for n, group in _by_paragraph(paragraphs, _quote_marks(doc)):
            double = any(q in '"“”' for _, q in group)
            if n != last + 1 or not double:
                carried = False  # a paragraph between, or one without double quotes, closes it
            last = n
            if not double:
                continue
            _, start, end, line = paragraphs[n]
            stray, still_open = self._pair(_roles(line, start, group, turned_open), carried)
            if still_open is not None and _TERMINAL.search(line) and not _continues(paragraphs, n):
                stray.append(still_open)
            carried = still_open is not None
            for i in sorted(stray):
                yield self.finding(start + i, start + i + 1, f"unbalanced double quote {line[i]!r} in this paragraph")

    @staticmethod
    def _pair(roles: list[tuple[int, str]], carried: bool) -> tuple[list[int], int | None]:
        """Stray quote offsets, and the offset of a quote still open at the end."""
        stray: list[int] = []
        open_at: int | None = None
        for i, role in roles:
            if role == INCH:
                if open_at is None:
                    continue  # an inch mark
                role = CLOSE
            if role == EITHER:
                role = CLOSE if open_at is not None else OPEN
            if role == OPEN:
                if open_at is not None:
                    stray.append(open_at)  # two openers in a row: the first never closed
                open_at = i
            elif open_at is not None:
                open_at = None
            elif carried:
                carried = False  # closes the quotation left open by the previous paragraph
            else:
                stray.append(i)
        return stray, open_at


# --------------------------------------------------------------------------- QT003
_STRAIGHT = re.compile(r"(?<!\d)\"")
_CURLY = re.compile("[“”]")


class MixedQuoteStyles(Rule):
    """Straight (") and curly (“ ”) double quotes mixed in one article.

    ## What it does
    Flags an article that uses both straight and curly double quotes, at the first quote
    of the less used style. Inch marks (12") are not counted.

    ## Why is this bad?
    Parts of the article come from different sources or went through different
    converters, a sign of pasted or injected text; house style uses one kind.

    ## Example
    `“We have reason to be skeptical,” Jones said. "The regime must stop."`

    ## Fix
    None (a warning only): which style is right is a house-style decision. Off by
    default: 8 in 100 clean, edited articles mix styles through quoted tweets and embeds.
    Select it (`--select QT003`) to enforce one style.
    """

    code = "QT003"
    name = "mixed-quote-styles"
    family = "quotes"
    #: a house-style check: clean edited articles often mix styles (quoted tweets, embeds)
    default_enabled = False

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if '"' not in text or ("“" not in text and "”" not in text):
            return
        straight = [m.start() for m in _STRAIGHT.finditer(text)]
        curly = [m.start() for m in _CURLY.finditer(text)]
        if not straight or not curly:
            return
        minority, style = (straight, "straight") if len(straight) <= len(curly) else (curly, "curly")
        i = minority[0]
        yield self.finding(i, i + 1, f"{style} double quote in an article that mostly uses "
                           f"{'curly' if style == 'straight' else 'straight'} ones "
                           f"({len(straight)} straight, {len(curly)} curly)")


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [WrongWayQuote, UnbalancedQuotes, MixedQuoteStyles]
