"""Doubled characters, words, names and paragraphs (``DB``): drop caps, hover cards, re-runs."""

from __future__ import annotations

import re
from itertools import compress, count, islice
from operator import attrgetter, eq
from typing import Any, Callable, Iterable, Iterator

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.packs import delete_line_edit
from newslint.rule import Rule
from newslint.text import is_prose, lazy_pattern
from newslint.checks.textscan import article_language, char_offsets, class_view, reversed_class_view, utf8
from newslint.words import zipf

__all__ = ["word_language"]

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"


def word_language(doc: Document) -> str:
    """The document's language if wordfreq has a word list for it, else English."""
    from newslint.words import has_language

    lang = article_language(doc)
    return lang if lang != "unknown" and has_language(lang) else "en"


def _lexicon(rule: Rule, name: str) -> dict[str, set[str]]:
    """A lexicon's phrases by language (entries without ``lang`` are English)."""
    out: dict[str, set[str]] = {}
    for entry in rule.lexicons.get(name, []):
        out.setdefault(entry.get("lang", "en"), set()).add(entry["phrase"].casefold())
    return out


# --------------------------------------------------------------------------- shared scans
# Rules of this module share scans of the text, cached on the document: one over spaces
# (repeated words), one over capitals (doubled initials, case joins). Both run on bytes
# (see newslint.checks.textscan): a regex with a literal first character over the text's
# UTF-8 mapped to a small alphabet finds the rare candidates, which the text then decides.

#: a token repeated after a space, in the lower-cased text whose line breaks became spaces
#: (same offsets): "the the", "The the", "Loading... Loading...", and "the the," too. A pair
#: whose copies a line break separates is no repeat, but its second copy may start one
#: ("on\non on"): see _pairs.
_REPEAT = lazy_pattern(r" (\S++) \1(?=[\s.,;:!?\"”’)]|$)")
#: the bytes _REPEAT_BYTES reads: ASCII lower-cased, line breaks as spaces and every
#: non-ASCII byte as 0x80, so "École école" compares equal; it finds every repeat
#: _REPEAT finds (and some it does not: _byte_repeat judges each). Letters whose two
#: cases differ in UTF-8 length (the Kelvin sign, "ẞ") compare as different letters.
_REPEAT_TABLE = bytes(
    b + 32 if 0x41 <= b <= 0x5A else 0x20 if b == 0x0A else 0x80 if b >= 0x80 else b for b in range(256)
)
_REPEAT_BYTES = re.compile(rb" ([^ ]++) \1(?=[\t-\r\x1c-\x20.,;:!?\")\x80]|\Z)")
_REPEAT_BYTES_AT_START = re.compile(rb"([^ ]++) \1(?=[\t-\r\x1c-\x20.,;:!?\")\x80]|\Z)")


def _pairs(pattern: re.Pattern, view: Any, original: Any, newline: Any, pos: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each repeat ``pattern`` finds in ``view`` from ``pos``; a pair whose
    separator is a line break in ``original`` is dropped and the search goes on from its
    second copy, which may be the first of a real pair on the next line. One literal-led
    scan, as fast as finditer: such pairs are rare."""
    found = []
    search = pattern.search
    m = search(view, pos)
    while m is not None:
        start, end = m.start(1), m.end()
        middle = start + (end - start - 1) // 2
        if original[middle:middle + 1] == newline:
            m = search(view, middle)
            continue
        found.append((start, end))
        m = search(view, end)
    return found


#: the non-ASCII characters but spaces that may follow a repeat
_AFTER_REPEAT_WIDE = frozenset("”’")


def repeated_words(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased token) of every token followed by a copy of itself."""
    found = doc.cache.get("repeated-words")
    if found is None:
        found = doc.cache["repeated-words"] = _repeated_words(doc)
    return found


def _repeated_words(doc: Document) -> list[tuple[int, int, str]]:
    """_repeated_words_exactly's repeats, found in the bytes: each candidate of the byte
    scan is judged on its own bytes (_byte_repeat) and a false one is passed over like a
    failed match (the scan goes on from its next space). Words of equal length in another
    script, where every byte reads 0x80, are candidates all along: after a few false ones
    the text is scanned as text."""
    data = utf8(doc)
    view = data.translate(_REPEAT_TABLE)
    # as if a space preceded the text: the first token is tried on its own (no copy of the view)
    m = _REPEAT_BYTES_AT_START.match(view)
    if m is None:
        m = _REPEAT_BYTES.search(view)
        if m is None:
            return []  # the common case
    lower: Callable[[str], str] | None = None
    spans: list[int] = []
    tokens: list[str] = []
    misses = 0
    search = _REPEAT_BYTES.search
    while m is not None:
        start, end = m.start(1), m.end()
        middle = start + (end - start - 1) // 2
        if data[middle] == 0x0A:
            # copies on two lines, a repeat or not: the second may start a pair
            m = search(view, middle)
            continue
        if lower is None:
            lower = _lowering(doc.text)
        token = _byte_repeat(data, start, middle, end, lower)
        if token is None:
            misses += 1
            if misses > _FALSE_CANDIDATES:
                return _repeated_words_exactly(doc)
            m = search(view, middle)  # not a repeat: on from the next space
        else:
            spans += (start, end)
            tokens.append(token)
            m = search(view, end)
    if not spans:
        return []
    offsets = char_offsets(doc, spans)
    return list(zip(offsets[::2], offsets[1::2], tokens))


#: false candidates of the byte scan judged before _repeated_words scans the text instead
_FALSE_CANDIDATES = 4


def _lowering(text: str) -> Callable[[str], str]:
    """Lower-casing as lower_same_length applies it to the whole text."""
    if "\u0130" in text:  # "İ" lowers to two characters: lower_same_length goes character by character
        return lambda s: "".join(c if len(c.lower()) != 1 else c.lower() for c in s)
    return str.lower


def _byte_repeat(data: bytes, start: int, middle: int, end: int, lower: Callable[[str], str]) -> str | None:
    """The lower-cased token if _REPEAT matches the text of ``data[start:end]`` (after a
    space, ``data[middle]`` between the copies), as _repeated_words_exactly reads it."""
    after = data[end] if end < len(data) else 0x20
    if 0x80 <= after < 0xC0:
        return None  # the copy ends inside a character
    first = data[start:middle].decode("utf-8", "surrogatepass")
    second = data[middle + 1:end].decode("utf-8", "surrogatepass")
    if len(first) != len(second) or first.split() != [first]:
        return None
    if after >= 0xC0:  # an ASCII byte after the copy is one the byte pattern allows
        width = 2 if after < 0xE0 else 3 if after < 0xF0 else 4
        c = data[end:end + width].decode("utf-8", "surrogatepass")
        if not (c.isspace() or c in _AFTER_REPEAT_WIDE):
            return None
    token = lower(first)
    return token if token == lower(second) else None


def _repeated_words_exactly(doc: Document) -> list[tuple[int, int, str]]:
    from newslint.text import lower_same_length

    text = doc.text
    low = " " + lower_same_length(text).replace("\n", " ")  # offsets shifted by one
    found = []
    for start, end in _pairs(_REPEAT, low, " " + text, "\n"):
        token = low[start:start + (end - start - 1) // 2]
        found.append((start - 1, end - 1, token))
    return found


def case_joins(doc: Document) -> list[int]:
    """Offsets in the UTF-8 text (textscan.utf8) of capitals that directly follow a
    lower-case letter ("theGovernment"); textscan.char_offsets maps them to the text."""
    joins = doc.cache.get("case-joins")
    if joins is None:
        # "aA" in the class view, found from the capital (rarer than lower-case letters, so
        # the scan stops less often) by reading the view backwards
        view = reversed_class_view(doc)
        first = _JOIN_REVERSED.search(view)  # most short texts have none: no iterator
        if first is None:
            joins = []
        else:
            last = len(view) - 1
            joins = [last - m.start() for m in _JOIN_REVERSED.finditer(view, first.start())]
            joins.reverse()
        doc.cache["case-joins"] = joins
    return joins


def _doubled_capitals(doc: Document) -> tuple[bool, bool]:
    """Whether the text has an ASCII capital doubled before a lower-case letter, not after
    one ("TThe"), and whether it has "AA " or "II ": one scan of the class view."""
    view = class_view(doc)
    first = _CAPITAL_PAIR.search(view)  # most short texts have none: no iterator
    if first is None:
        return False, False
    data = utf8(doc)
    word = letter = False
    for m in _CAPITAL_PAIR.finditer(view, first.start()):
        i = m.start()
        if data[i] != data[i + 1]:
            continue  # two different capitals: an acronym
        if view[i + 2] == 0x61:
            word = word or i == 0 or view[i - 1] != 0x61
        elif data[i + 2] == 0x20 and data[i] in b"AI":
            letter = True
        if word and letter:
            break
    return word, letter


_JOIN_REVERSED = re.compile(b"Aa")
#: two capitals before a lower-case letter or a space in the class view: a doubled initial
#: ("TThe") or a doubled one-letter word ("AA new"), once the bytes say the capitals are one
_CAPITAL_PAIR = re.compile(b"AA[a ]")


# --------------------------------------------------------------------------- DB001
#: doubled non-ASCII capitals ("ÉÉcole": [À-ÖØ-Þ] twice, then [a-zß-öø-ÿ]) in UTF-8
_DOUBLED_INITIAL_LATIN = re.compile(rb"\xc3([\x80-\x96\x98-\x9e])\xc3\1(?:[a-z]|\xc3[\x9f-\xb6\xb8-\xbf])")
#: "AA " and "II ", the doubled one-letter words
_DOUBLED_A_TEXT, _DOUBLED_I_TEXT = re.compile("AA "), re.compile("II ")
_DOUBLED_INITIAL = lazy_pattern(rf"(?<![\w'’-])([{_UPPER}])\1([{_LOWER}]+)\b")
#: "AA new study" at a paragraph start: a doubled one-letter word (English "A", "I")
_DOUBLED_LETTER_WORD = re.compile(r"([AI])\1(?= [a-z])")


def _latin_doubled(doc: Document) -> bool:
    data = utf8(doc)
    return b"\xc3" in data and _DOUBLED_INITIAL_LATIN.search(data) is not None


class DoubledInitial(Rule):
    """A word whose capital initial is doubled ("TThe meetings", "IIn", "AA new").

    ## What it does
    Flags a word that starts with the same capital letter twice when the word without the
    extra letter is far more frequent (wordfreq, in the article's language) than the word
    as written. Real words and names ("Aaron", "Llama", "Ooh") and acronyms ("AAA", "LLC",
    "II") stay silent. A doubled one-letter word ("AA new study") is flagged only at the
    start of a paragraph, where drop caps sit, and only if the article never uses it as a
    word elsewhere.

    ## Why is this bad?
    A drop cap (the large first letter of an article) or a split text span was extracted
    twice: once as the decoration, once in the word.

    ## Example
    `TThe meetings are the sixth round of talks.`

    Use instead: `The meetings are the sixth round of talks.`

    ## Fix
    Deletes the extra letter. Safe for words (the corrected form is a frequent word, the
    doubled form is not); unsafe for one-letter words ("AA" could be an acronym).
    """

    code = "DB001"
    name = "doubled-initial"
    family = "doubled"
    fixable = "sometimes"
    #: zipf frequency the corrected word needs, and its lead over the doubled form
    options = {"min-zipf": 3.0, "min-gain": 2.5}

    def check(self, doc: Document) -> Iterable[Finding]:
        word, letter = _doubled_capitals(doc)
        word = word or (not doc.text.isascii() and _latin_doubled(doc))
        if not (word or letter):
            return ()  # the common case, without a generator
        return self._findings(doc, word, letter)

    def _findings(self, doc: Document, word: bool, letter: bool) -> Iterator[Finding]:
        if word:
            yield from self._words(doc)
        if letter:
            yield from self._letter_words(doc)

    def _words(self, doc: Document) -> Iterator[Finding]:
        lang = None
        for m in _DOUBLED_INITIAL.finditer(doc.text):
            lang = lang or word_language(doc)
            doubled, corrected = m[0], m[0][1:]
            z_corrected, z_doubled = zipf(corrected, lang), zipf(doubled, lang)
            if z_corrected < self.config["min-zipf"] or z_corrected - z_doubled < self.config["min-gain"]:
                continue
            yield self.finding(m.start(), m.end(), f"doubled initial in {doubled!r} (did you mean {corrected!r}?)",
                               fix=Fix.safe(Edit.delete(m.start(), m.start() + 1), title=f"Write {corrected!r}"),
                               data={"corrected": corrected})

    def _letter_words(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        starts = sorted(m.start() for pattern in (_DOUBLED_A_TEXT, _DOUBLED_I_TEXT) for m in pattern.finditer(text))
        uses: dict[str, int] = {}  # how often the article uses "AA" (or "II") as a word
        for a in starts:
            lead = a
            while lead and text[lead - 1] != "\n" and text[lead - 1].isspace():
                lead -= 1
            if lead and text[lead - 1] != "\n":
                continue  # not where the paragraph starts
            m = _DOUBLED_LETTER_WORD.match(text, a)
            if m is None:
                continue
            if m[0] not in uses:
                uses[m[0]] = len(re.findall(rf"\b{m[0]}\b", text))
            if uses[m[0]] > 1:
                continue
            yield self.finding(a, a + 2, f"doubled initial {m[0]!r} at a paragraph start (did you mean {m[1]!r}?)",
                               fix=Fix.unsafe(Edit.delete(a, a + 1), title=f"Write {m[1]!r}"),
                               data={"corrected": m[1]})


# --------------------------------------------------------------------------- DB002
#: English words that are never names, so "The the" at a sentence start is a doubling
_FUNCTION_WORDS = frozenset(
    "the a an of to in on at for and but or nor with from by as is are was were be been this "
    "these those it its he she they we our their his her i you your my not no".split()
)


class DoubledWord(Rule):
    """The same word twice in a row ("the the"), except where that is grammatical.

    ## What it does
    Flags a word repeated with one space between. The legitimate doublings of the
    article's language are exceptions ("had had", "that that", "bye bye"; German "die die",
    French "nous nous"): lexicon `doubled-word-ok` in `rules/characters.toml`, extensible
    from any pack. A capitalised word followed by the same word in lower case ("Will will")
    is flagged only for English function words ("The the"), since it is usually a name.
    Three or more copies are a run (DB003), not a doubling.

    ## Why is this bad?
    A typo or an extraction glitch (a link or a line break removed between two copies).

    ## Example
    `The clock is ticking on on a government shutdown.`

    Use instead: `The clock is ticking on a government shutdown.`

    ## Fix
    Deletes the second copy. Safe, except for English particles that can meet a
    preposition of the same form ("hold on on that", lexicon `doubled-word-unsure`)
    and for languages without an exception list, where it is unsafe.
    """

    code = "DB002"
    name = "doubled-word"
    family = "doubled"
    fixable = "sometimes"

    def setup(self) -> None:
        self.ok = _lexicon(self, "doubled-word-ok")
        self.unsure = _lexicon(self, "doubled-word-unsure")
        #: words legitimately doubled in some language other than English
        self.ok_elsewhere = set().union(*(words for lang, words in self.ok.items() if lang != "en"))

    def check(self, doc: Document) -> Iterable[Finding]:
        repeats = repeated_words(doc)
        return self._findings(doc, repeats) if repeats else ()

    def _findings(self, doc: Document, repeats: list[tuple[int, int, str]]) -> Iterator[Finding]:
        # the article's language (langdetect, milliseconds) is asked only when it decides
        text = doc.text
        english_ok = self.ok.get("en", set())
        for start, end, token in repeats:
            if not token.isalpha() or (len(token) == 1 and text[start:end] != "a a"):
                continue  # one-letter words: only "a a" ("A a" is usually an initial)
            n = len(token)
            if token in english_ok or text[end:end + n + 1].casefold() == f" {token}":
                continue  # grammatical in English, or a third copy follows (a run, DB003's)
            first, second = text[start:start + n], text[end - n:end]
            same_case = first == second and (first.islower() or first.isupper())
            if not same_case and first.casefold() not in _FUNCTION_WORDS:
                continue  # "Will will": a name, then the word
            lang = article_language(doc)
            if token in self.ok_elsewhere and token in self.ok.get(lang, ()):
                continue
            if not same_case and lang != "en":
                continue  # "The the" is judged with English function words only
            safe = lang in self.ok and token not in self.unsure.get(lang, ())
            fix = (Fix.safe if safe else Fix.unsafe)(Edit.delete(start + n, end), title=f"Delete the second {first!r}")
            yield self.finding(start, end, f"doubled word {text[start:end]!r}", fix=fix)


# --------------------------------------------------------------------------- DB003
#: a paragraph that starts with a phrase of 1-8 tokens repeated (literal "\n" prefix: the
#: engine jumps from line start to line start)
_PARAGRAPH_RUN = re.compile(r"\n[ \t]*+(\S++(?: \S++){0,7}?)(?: \1)++(?!\S)")
_FIRST_PARAGRAPH_RUN = re.compile(_PARAGRAPH_RUN.pattern[2:])


def _first_token_again(tokens: int) -> str:
    """A line whose first token comes back, whole, as one of the next ``tokens`` tokens
    (single spaces between): nested alternatives, which ``re`` walks faster than a lazy
    repeat of a group."""
    again = r"\1(?!\S)"
    for _ in range(tokens - 1):
        again = rf"(?:\1(?!\S)|\S++ {again})"
    return r"\n[ \t]*+(\S++) " + again


#: every line _PARAGRAPH_RUN matches has its first token again among the next eight; most
#: lines do not, and this finds it in about two thirds of _PARAGRAPH_RUN's time
_RUN_GATE = re.compile(_first_token_again(8))
_FIRST_RUN_GATE = re.compile(_RUN_GATE.pattern[2:])


def _paragraph_runs(text: str) -> list[re.Match[str]]:
    """_PARAGRAPH_RUN's matches in "\\n" + text, found in the text itself (a match never
    spans a line break, so the first line is matched on its own), tried only on the lines
    _RUN_GATE passes."""
    found = []
    if _FIRST_RUN_GATE.match(text):
        first = _FIRST_PARAGRAPH_RUN.match(text)
        if first is not None:
            found.append(first)
    gate = _RUN_GATE.search(text)  # most texts have none: no iterator
    if gate is not None:
        match = _PARAGRAPH_RUN.match
        for line in _RUN_GATE.finditer(text, gate.start()):
            m = match(text, line.start())
            if m is not None:
                found.append(m)
    return found


#: five or more question marks: characters a lossy encoder could not represent
_LOST_CHARACTERS = re.compile(r"\?\?\?\?\?+")


class RepeatedRun(Rule):
    """A word or phrase repeated back to back ("Loading Loading Loading").

    ## What it does
    Flags a word repeated three or more times in a row anywhere; a paragraph that is one
    short phrase repeated ("Read more Read more Read more"); a paragraph that starts with a
    phrase of three to eight words twice ("Photos: The rise and fall Photos: The rise and
    fall …"); and runs of five or more question marks ("?????", characters a lossy
    encoding could not represent). Phrases of one or two words need three copies. Chants ("Lock her up!
    Lock her up!"), the words of `doubled-word-ok` ("ha ha ha") and numbers are left alone.
    A run is reported once, from its first copy.

    ## Why is this bad?
    Widgets, lazy-loading placeholders and repeated captions are extracted once per
    occurrence on the page and pile up in the text.

    ## Example
    `Loading Loading Loading The talks resumed on Monday.`

    ## Fix
    Unsafe: keeps one copy of the phrase (it may be residue that should go altogether).
    Question-mark runs are reported only.
    """

    code = "DB003"
    name = "repeated-run"
    family = "doubled"
    fixable = "unsafe"

    def setup(self) -> None:
        self.ok = set().union(*_lexicon(self, "doubled-word-ok").values())

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        repeats, paragraphs = repeated_words(doc), _paragraph_runs(text)
        if repeats or paragraphs or "?????" in text:
            return self._findings(text, repeats, paragraphs)
        return ()

    def _findings(self, text: str, repeats: list[tuple[int, int, str]],
                  paragraphs: list[re.Match[str]]) -> Iterator[Finding]:
        runs: dict[int, tuple[int, str]] = {}
        covered = 0  # the end of the last run: a repeat inside it belongs to it
        for start, _, token in repeats:
            if start < covered:
                continue
            end = self._extend(text, start, len(token))
            if (end - start + 1) // (len(token) + 1) >= 3:
                runs[start] = (end, text[start:start + len(token)])
                covered = end
        for m in paragraphs:
            unit = m[1]
            start, end = m.start(1), m.end()
            copies = (end - start + 1) // (len(unit) + 1)
            words = unit.count(" ") + 1
            at_line_end = end == len(text) or text[end] in "\r\n"
            if copies >= 3 and (words == 1 or at_line_end) or (words >= 3 and copies >= 2):
                runs.setdefault(start, (end, unit))
        for start, (end, unit) in sorted(runs.items()):
            if unit[-1] in "!?" or unit.casefold() in self.ok or not any(c.isalpha() for c in unit):
                continue
            copies = (end - start + 1) // (len(unit) + 1)
            fix = Fix.unsafe(Edit.delete(start + len(unit), end), title="Keep one copy")
            yield self.finding(start, end, f"{unit[:40]!r} repeated {copies} times in a row", fix=fix)
        for m in _LOST_CHARACTERS.finditer(text) if "?????" in text else ():
            yield self.finding(m.start(), m.end(), f"run of {m.end() - m.start()} '?' "
                               "(characters a lossy encoding could not represent?)")

    @staticmethod
    def _extend(text: str, start: int, n: int) -> int:
        """The end of the run of copies (separated by one space, any case) of ``text[start:start+n]``."""
        unit = text[start:start + n].casefold()
        end = start + n
        while text[end:end + n + 1].casefold() == " " + unit and (
                end + n + 1 == len(text) or not text[end + n + 1].isalnum()):
            end += n + 1
        return end


# --------------------------------------------------------------------------- DB004
_WORD_START = lazy_pattern(rf"(?<![\w'’.-])[{_UPPER}]")


def _occurrences(text: str | bytes, char: str | bytes, start: int, end: int) -> Iterator[int]:
    i = text.find(char, start, end)
    while i != -1:
        yield i
        i = text.find(char, i + 1, end)


def _glued_copies(doc: Document) -> list[int]:
    """The case joins (UTF-8 offsets) glued to a copy of the text just before them: some
    earlier byte string of at most 80 characters' worth starts again there."""
    data = utf8(doc)
    found = []
    for p in case_joins(doc):
        low = max(0, p - 320)  # 80 characters are at most 320 bytes
        newline = data.rfind(b"\n", low, p)
        if newline != -1:
            low = newline + 1
        # a copy is two bytes or more (the byte before p is a lower-case letter): its first
        # two bytes are p's (one C search rules out most joins)
        if data.find(data[p:p + 2], low, p + 1) == -1:
            continue
        capital = data[p:p + 1]
        if any(data.startswith(data[q:p], p) for q in _occurrences(data, capital, low, p)):
            found.append(p)
    return found


class HoverCardDuplicate(Rule):
    """A name or phrase glued to a copy of itself ("Alexandria Ocasio-CortezAlexandria Ocasio-Cortez").

    ## What it does
    Flags a phrase of at least four letters immediately followed, without a space, by the
    same phrase: the text of a link and of its hover card (or a screen-reader copy)
    extracted together.

    ## Why is this bad?
    The name reads twice, glued, and name matching and search fail on it.

    ## Example
    `Rep. Alexandria Ocasio-CortezAlexandria Ocasio-Cortez said on Monday.`

    Use instead: `Rep. Alexandria Ocasio-Cortez said on Monday.`

    ## Fix
    Safe: deletes the second copy.
    """

    code = "DB004"
    name = "hover-card-duplicate"
    family = "doubled"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        copies = _glued_copies(doc) if case_joins(doc) else None
        return self._findings(doc, copies) if copies else ()

    def _findings(self, doc: Document, copies: list[int]) -> Iterator[Finding]:
        text = doc.text
        for p in char_offsets(doc, copies):
            left = max(p - 80, text.rfind("\n", max(0, p - 80), p) + 1, 0)
            # a copy starts with the capital at p: only word starts with that letter count
            for q in _occurrences(text, text[p], left, p):
                if not _WORD_START.match(text, q):
                    continue
                unit = text[q:p]
                end = p + len(unit)
                if not text.startswith(unit, p) or sum(c.isalpha() for c in unit) < 4:
                    continue
                if end < len(text) and text[end].isalnum():
                    continue
                yield self.finding(q, end, f"{unit!r} doubled (a hover card or link text extracted twice)",
                                   fix=Fix.safe(Edit.delete(p, end), title="Delete the copy"))
                break


# --------------------------------------------------------------------------- DB005
_WORD = re.compile(r"[^\W\d_]{3,}")
#: DB005 counts the spaces of texts shorter than this before splitting them into lines;
#: longer texts nearly always have enough, and counting would cost more than it saves
_SHORT_TEXT = 500
_LINE_TEXT = attrgetter("text")


class DuplicateParagraph(Rule):
    """A paragraph repeated verbatim later in the same article.

    ## What it does
    Flags a prose paragraph (a finished sentence of at least `min-words` words, most of
    them words of three letters or more) whose text already appeared earlier in the
    article. Short repeated lines (labels, list items, recipe quantities) are left alone.

    ## Why is this bad?
    Some extractors output the body, or a block of it, twice; a pull quote may be kept
    next to the paragraph it quotes.

    ## Example
    ```
    The meetings are the sixth round of talks brokered by the UN envoy in Geneva.
    ...
    The meetings are the sixth round of talks brokered by the UN envoy in Geneva.
    ```

    ## Fix
    Unsafe: deletes the later copy (an intentional repetition is possible).
    """

    code = "DB005"
    name = "duplicate-paragraph"
    family = "doubled"
    fixable = "unsafe"
    options = {"min-words": 12}

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if len(text) < _SHORT_TEXT and text.count(" ") < 2 * (self.config["min-words"] - 1):
            return ()  # not the spaces of two paragraphs long enough to report
        # the keys in C: from the document's lines when a rule built them, else from a split
        lines = doc.__dict__.get("lines")
        keys = list(map(str.strip, text.split("\n") if lines is None else map(_LINE_TEXT, lines)))
        distinct = set(keys)
        if len(distinct) - ("" in distinct) == len(keys) - keys.count(""):
            return ()  # no paragraph repeats (the common case: one pass in C)
        return self._repeats(doc, keys)

    def _repeats(self, doc: Document, keys: list[str]) -> Iterator[Finding]:
        min_spaces = self.config["min-words"] - 1
        # the lines that come back, found in C (neighbours in sorted order), each judged once:
        # a short or list-like line (labels, list items, quantities) may repeat
        ordered = sorted(keys)
        again = set(compress(ordered, map(eq, ordered, islice(ordered, 1, None))))
        repeated = {k for k in again if k.count(" ") >= min_spaces and is_prose(k)
                    and len(_WORD.findall(k)) >= min_spaces - 1}
        if not repeated:
            return
        seen: dict[str, int] = {}
        for number in compress(count(1), map(repeated.__contains__, keys)):
            key = keys[number - 1]
            first = seen.setdefault(key, number)
            if first == number:
                continue
            line = doc.lines[number - 1]
            start = line.start + len(line.text) - len(line.text.lstrip())
            yield self.finding(start, start + len(key), f"paragraph repeats line {first} verbatim",
                               fix=Fix.unsafe(delete_line_edit(doc, start), title="Delete the repeat"),
                               data={"first": first})


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [DoubledInitial, DoubledWord, RepeatedRun, HoverCardDuplicate, DuplicateParagraph]
