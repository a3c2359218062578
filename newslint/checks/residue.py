"""Scraper residue: page furniture left inside the article text (``BP``).

Knowledge lives in the ``[[lexicon]]`` tables of ``rules/ui-chrome.toml`` and
``rules/residue-*.toml``; this module holds the logic: where a line stands (head, body,
tail), what stands next to it, and which language it is in.

An Aho-Corasick automaton, built from the first and last words of every phrase, reads the
first and (reversed) last ten characters of all paragraphs in one pass over one string and
names the few paragraphs that could match; only those are tokenised, and only as far as a
question needs. Every phrase is also a key of one dictionary per match kind, so a candidate
is judged with a handful of dictionary lookups whatever the number of phrases or languages:

* ``line`` phrases cover a line together ("Share Tweet Email", "Leave a Reply");
* ``prefix`` phrases start a line and let free text follow ("Read more: <headline>");
* ``suffix`` phrases end it ("… All rights reserved", "<names>/Getty Images");
* ``infix`` phrases sit between two name lists ("<names> contributed reporting from <place>").

A lexicon table may add ``slot = "names"`` (the free text must be a list of names),
``rest = N`` (at most N free words), ``position = "anywhere"`` (residue wherever it
stands; the default is the article's head and tail block only) and ``header = true`` (a
recirculation header: the short lines after it are suspicious too).

Position decides the rest: page furniture stands before the first or after the last
paragraph of prose, and comes in blocks (a lexicon line next to another is residue
wherever it stands). The whole document is analysed once; the rules below only report
their share of it.

Speed: every paragraph of every document pays for the first pass, so it is made of C
calls (``map`` over string methods, one ``lower``, one automaton pass) and a Python step
only per key found; everything else runs for the few candidates and edge lines. The index
(dictionaries, gates and both automata) is built once per set of lexicons and kept on disk
in the user cache, so a start reads it instead of tokenising every phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import compress, count, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

from newslint.document import Document, Line
from newslint.errors import ConfigError
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.packs import delete_line_edit
from newslint.rule import Rule, did_you_mean
from newslint.checks.textscan import article_language
from newslint.text import lazy_pattern

__all__ = [
    "AdOrNavigation",
    "CaptionOrPhotoCredit",
    "CommentWidget",
    "CookieOrLegalNotice",
    "EditorialCredit",
    "LiveStoryStub",
    "OrphanListItem",
    "SubscribeOrSharePrompt",
    "UiChrome",
    "analyse",
    "index_for",
    "match_text",
    "tokenize",
]

# --------------------------------------------------------------------------- families
#: lexicon name -> rule code; a user pack extends a family by reusing the lexicon name
FAMILY_CODES: dict[str, str] = {
    "ui-chrome": "BP001",
    "comment-widget": "BP002",
    "subscribe-prompt": "BP003",
    "ad-navigation": "BP004",
    "cookie-legal": "BP005",
    "editorial-credit": "BP006",
    "live-story-stub": "BP007",
    "photo-credit": "BP008",
}
#: indexing order: where two lexicons share a phrase, the more specific family wins
_INDEX_ORDER = (
    "comment-widget", "subscribe-prompt", "cookie-legal", "live-story-stub", "editorial-credit",
    "photo-credit", "ad-navigation", "ui-chrome",
)
#: words a name list may contain besides capitalised names ("Associated Press writers …")
NAME_WORDS_LEXICON = "credit-name-words"
#: families also looked for in the last sentence of a prose paragraph
SENTENCE_FAMILIES = frozenset({"editorial-credit", "live-story-stub", "photo-credit"})

_MATCH_KINDS = ("line", "prefix", "suffix", "infix")
#: number-like and punctuation tokens a line may carry around its phrases
_IGNORABLE = frozenset({"#", ":", "@"})
#: lines longer than this are judged by their first and last words only
_SHORT_LINE_CHARS = 320
_MAX_COVER_TOKENS = 40
#: UI chrome is short: a button row, not a sentence
_MAX_UI_TOKENS = 10
#: langdetect is asked only when it is this sure the line is in another language
_FOREIGN_MIN_PROB = 0.9

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[:©@#]")
#: ``_TOKEN`` on ASCII text, where it finds the same tokens: a range tests a character with
#: two comparisons, the Unicode classes look each one up in the character database
_ASCII_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*|[0-9]+|[:@#]")
_ASCII_DIGIT = re.compile(r"[0-9]")
_ASCII_NUMBER = re.compile(r"[0-9]+")


def _is_cjk(char: str) -> bool:
    """One character of kana, CJK ideographs or half-width katakana (code-point tests: the
    regex class of these ranges cost 6 ms to compile on every start)."""
    return "\u3040" <= char and (char <= "\u30ff" or "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff"
                                or "\uf900" <= char <= "\ufaff" or "\uff66" <= char <= "\uff9f")


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character ``_is_cjk`` accepts."""
    return not text.isascii() and max(text) >= "\u3040" and any(map(_is_cjk, text))

_NAME_WORD = lazy_pattern(r"\b[^\W\d_][\w'’.-]*")
_ASCII_NAME_WORD = lazy_pattern(r"\b[A-Za-z][\w'.-]*", re.ASCII)  # the same on ASCII text
#: lower-case name particles joined by a hyphen: al-Assad, el-Sisi, bin-Salman
_PARTICLE_NAME = lazy_pattern(r"(?:al|el|ad|as|ash|ben|bin|abu|ibn|d|de|van|von)[-'’][A-Z]")
#: a photo credit follows a name or a caption after one of these: "Roe/AFP", "Doe, AP"
_CREDIT_JOINS = ("/", ",", "|", "-", "–", "—", ":", "(")
_BULLETS = "•·‣◦▪▫■□●○►▶*-"
_BULLET = re.compile(rf"^\s*[{_BULLETS}]\s+\S")
_QUOTE_END = ("\"", "”", "’", "'", "»")
#: a sentence break with the mark before it (the break itself starts one character later): a
#: mark leading the pattern lets the search skip to marks instead of trying every position
_SENTENCE_BREAK = lazy_pattern(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[^\W\d_])")
_BREAK_CLOSERS = "\"'”’)]"
_TRAILING_PAREN = re.compile(r"\(([^()]{2,90})\)\s*$")
#: a credit glued to a sentence's end, found from the sentence mark (so the search skips to
#: marks); the match starts one character after the letter before the mark
_GLUED_CREDIT = lazy_pattern(r"[.!?](?<=[a-z)\]][.!?])[\"”’]?((?:Credit\W*)?[A-Z][^.!?]{2,90})$")
_PHOTO = frozenset({"photo-credit"})
#: a parenthesis closing a line that may hold a photo credit ("(AP Photo/…)", "(Credit: …)")
_PHOTO_PAREN = lazy_pattern(r"\((?=[^()]*(?:/|photo|image|credit|getty|foto|bild))[^()]*\)\s*$", re.IGNORECASE)
_CLOSING_PARENS = (")", ") ", ")\t", ")\u00a0")
#: words that make a parenthesis at the end of a line a photo credit, not a source
_PHOTO_SIGNAL = frozenset({"photo", "photos", "image", "images", "picture", "pictures", "credit",
                           "credits", "getty", "photograph", "pic", "foto", "bild", "photography"})
#: capitalised words that are not names
_NOT_NAMES = frozenset(
    "a an the he she it they we i you his her hers its their our my your this that these those "
    "who what when where which why how there here but if so then also all some many most".split()
)
#: lower-case words allowed inside a list of names ("Ahmed al-Haj in Sanaa and …")
_NAME_CONNECTORS = frozenset(
    "and & in from at by with via on of the for de da das do dos di del della du van von der den ter "
    "le la les al el bin ibn y e und et".split()
)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Normalised tokens of ``text`` with their offsets: words casefolded, numbers as ``#``."""
    out = []
    for m in _tokens(text).finditer(text):
        word = m.group()
        if word[0].isdigit():
            word = "#"
        else:
            word = word.replace("’", "'").casefold()
        out.append((word, m.start(), m.end()))
    return out


def _tokens(text: str) -> re.Pattern[str]:
    """The token pattern for ``text``: ``_TOKEN``, or its ASCII twin on ASCII text."""
    return _ASCII_TOKEN if text.isascii() else _TOKEN


def words_of(text: str) -> list[str]:
    """The normalised tokens of ``text`` without offsets (``tokenize``, faster): the tokens
    are casefolded together, joined by a character no token holds."""
    tokens = _tokens(text).findall(text)
    if not tokens:
        return []
    low = "\0".join(tokens).replace("’", "'").casefold()
    if low.isascii():  # ASCII digits stand in number tokens only
        return _ASCII_NUMBER.sub("#", low).split("\0") if _ASCII_DIGIT.search(low) else low.split("\0")
    return ["#" if token[0].isdigit() else word for token, word in zip(tokens, low.split("\0"))]


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(words_of(phrase))


# --------------------------------------------------------------------------- scanner and gates
#: characters of each paragraph's start and end the scanner reads
_SCAN_HEAD, _SCAN_TAIL = 48, 40
# how long a paragraph a scan key can make a candidate: a short line, any paragraph (cookie
# banners, credits closing prose), a line of a few words ("12 Comments")
_SCAN_SHORT, _SCAN_ANY_LENGTH, _SCAN_TINY, _SCAN_ROW = 1, 2, 4, 8
_SCAN_LIMITS = {_SCAN_TINY: 60, _SCAN_ROW: 120, _SCAN_SHORT: 320}
#: a credit's agency stands alone or after a name: "Roe/AFP", "Doe, AP" (reversed text)
_SCAN_JOINED = 16
_JOINS = frozenset("\n/,|:(-–—")
#: what the scanner strips before a line's first word ("• Share", "(Reporting by") and after
#: its last ("… reserved.", "Getty Images)")
_LEAD_CHARS = " \t\u00a0\u3000•*■□●○»›>([{—–-“\"'‘·▶►|+"
_TRAIL_CHARS = " \t\u00a0\u3000.)]}!:*”\"'’…?;,"
_SCAN_STRIP = "!\"$%&'*+,-.:;=?@\\^_`~“”‘’„«»—–…¿¡■□●○►▶•·‣◦▪▫()[]{}/|"
#: characters of each paragraph's start and end the scanner's first pass reads (few: every
#: paragraph pays for them; a key cut to this width sends its paragraph to the exact test)
_WINDOW = 10
#: a paragraph's first and last ``_WINDOW`` characters, its text
_HEAD, _TAIL = itemgetter(slice(None, _WINDOW)), itemgetter(slice(-_WINDOW, None))
_TEXT = itemgetter(3)  # Line.text
_FIRST = itemgetter(0)


def _scan_words(phrase: str) -> list[str]:
    """A phrase's words as the document scanner sees them: lower-case, up to the first
    number ("# Comments" gives ["comments"]), outer punctuation off."""
    out: list[str] = []
    for part in phrase.replace("’", "'").lower().split():
        bare = part.strip(_SCAN_STRIP)
        if bare == "#" or bare[:1].isdigit():
            if out:
                break
            continue
        out.append(part)
    if out:
        out[0] = out[0].lstrip(_SCAN_STRIP)
        out[-1] = out[-1].rstrip(_SCAN_STRIP.replace(":", ""))
    return [w for w in out if w]


#: separators a gate treats as spaces ("Facebook/Twitter", "Share|Tweet")
_GATE_SEPARATORS = re.compile(r"[/|·•›»«‹<>()\[\]{}]+")
_GATE_STRIP = "!\"$%&'*+,-.:;=?@\\^_`~“”‘’„«»—–…¿¡■□●○►▶•·‣◦▪▫"


def _gate_word(part: str, last: bool = False) -> str:
    """A whitespace-split word as the gates see it: casefolded, punctuation stripped."""
    if part.isalpha():
        return part.casefold()
    word = part.strip(_GATE_STRIP)
    if word.isalpha():  # "Share:", "«Links»": what the separators left would be stripped too
        return word.casefold()
    if part == "#":
        return "#"
    if _GATE_SEPARATORS.search(part):
        pieces = [x for x in _GATE_SEPARATORS.split(part) if x.strip(_GATE_STRIP)]
        if not pieces:
            return ""
        part = pieces[-1] if last else pieces[0]
    word = part.strip(_GATE_STRIP)
    if not word:
        return ""
    return "#" if word[0].isdigit() else word.replace("’", "'").casefold()


def _gate_words(text: str, limit: int = 2) -> list[str]:
    """The first ``limit`` words of ``text`` as the gates see them (-1: the last word).

    String methods only: this runs on every paragraph of every document.
    """
    out: list[str] = []
    if limit == 2:  # the common case: two plain words
        parts = text.split(None, 2)
        if len(parts) > 1 and parts[0].isalpha() and parts[1].isalpha():
            return [parts[0].casefold(), parts[1].casefold()]
    if limit < 0:
        parts = text.rsplit(None, 3)
        for part in reversed(parts[1:] if len(parts) == 4 else parts):
            word = _gate_word(part, True)
            if word:
                return [word]
        return out
    for part in text.split(None, limit + 2)[: limit + 2]:
        word = _gate_word(part)
        if word:
            out.append(word)
            if len(out) == limit:
                break
    return out


def _add_length(lengths: dict[str, tuple[int, ...]], word: str, size: int) -> None:
    known = lengths.get(word, ())
    if size not in known:
        lengths[word] = tuple(sorted((*known, size), reverse=True))


def _add_gate(gate: list[str], singles: set[str], pairs: set[tuple[str, str]]) -> None:
    if len(gate) == 1:
        singles.add(gate[0])
    else:
        pairs.add((gate[0], gate[1]))


def _gated(gate: list[str], singles: set[str], pairs: set[tuple[str, str]]) -> bool:
    if not gate:
        return False
    return gate[0] in singles or gate[0] == "#" or len(gate) > 1 and (gate[0], gate[1]) in pairs



# --------------------------------------------------------------------------- index
class Entry(NamedTuple):
    """One lexicon phrase with what its table says about it."""

    family: str
    phrase: str
    lang: str = "*"
    match: str = "line"
    slot: str = ""
    rest: int = 30
    anywhere: bool = False
    header: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        # unpickled by ``tuple.__new__`` (C), not the generated ``__new__``: thousands of
        # entries are read from the index cache on every start
        return tuple.__new__, (Entry, tuple(self))


class ResidueIndex:
    """Every residue phrase, keyed by its token tuple, one dictionary per match kind.

    A plain class (not a dataclass): its many fields made the dataclass cost milliseconds
    at import, on every start.
    """

    def __init__(self) -> None:
        self.kinds: dict[str, dict[tuple[str, ...], Entry]] = {k: {} for k in _MATCH_KINDS}
        self.longest: dict[str, int] = {k: 0 for k in _MATCH_KINDS}
        #: single-token keys of CJK line phrases, for character-level cover
        self.cjk: dict[str, Entry] = {}
        self.cjk_longest = 0
        #: every token of every line phrase: a line with another word cannot be covered
        self.vocab: set[str] = set()
        #: the words of UI-chrome phrases, for the cheap test before langdetect is asked
        self.ui_vocab: set[str] = set()
        self.name_words: frozenset[str] = frozenset()
        #: cheap gates on whitespace-split words (see ``_gate_words``): the first word or the
        #: first two words of line and prefix phrases, last words of suffix phrases, the same
        #: for the prefixes a long line may start with, and the first words of infix phrases
        self.starts: set[str] = set()
        self.start_pairs: set[tuple[str, str]] = set()
        self.prefix_starts: set[str] = set()
        self.prefix_pairs: set[tuple[str, str]] = set()
        #: ``vocab`` as the gates see words (whitespace-split, punctuation stripped)
        self.gate_vocab: set[str] = set()
        self.long_starts: set[str] = set()
        self.long_pairs: set[tuple[str, str]] = set()
        self.ends: set[str] = set()
        self.infix_first: set[str] = set()
        #: the first words of line and prefix phrases and the last words of suffix phrases,
        #: each with the lengths (in words) of the phrases it starts or ends, longest first:
        #: a line is looked up at those lengths only
        self.line_firsts: dict[str, tuple[int, ...]] = {}
        self.prefix_firsts: dict[str, tuple[int, ...]] = {}
        self.suffix_lasts: dict[str, tuple[int, ...]] = {}
        #: keys of the document scanner and what they may make a candidate (``_SCAN_*`` bits)
        self.scan_keys: dict[str, int] = {}
        #: the first words of infix phrases but their first letter (one search whatever the case)
        self.infix_stems: frozenset[str] = frozenset()
        self._scanner: Any = None
        self._first_scanner: Any = None
        self.__post_init__()

    def __post_init__(self) -> None:
        #: where a document's analysis is cached (``Document.cache``)
        self.cache_key = f"residue:{id(self)}"

    def __getstate__(self) -> dict[str, Any]:
        """What the on-disk cache keeps: everything but the per-process cache key."""
        self.scanner()  # the automata are kept too
        state = dict(self.__dict__)
        del state["cache_key"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def add(self, entry: Entry) -> None:
        key = _key(entry.phrase)
        if not key:
            return
        table = self.kinds[entry.match]
        table.setdefault(key, entry)
        if entry.match == "line":
            _add_length(self.line_firsts, key[0], len(key))
        elif entry.match == "prefix":
            _add_length(self.prefix_firsts, key[0], len(key))
        elif entry.match == "suffix":
            _add_length(self.suffix_lasts, key[-1], len(key))
        self.longest[entry.match] = max(self.longest[entry.match], len(key))
        gate = _gate_words(entry.phrase)
        if entry.match == "line" and gate:
            _add_gate(gate, self.starts, self.start_pairs)
            self.gate_vocab.update(_gate_word(w) for w in entry.phrase.split())
        elif entry.match == "prefix" and gate:
            _add_gate(gate, self.prefix_starts, self.prefix_pairs)
            if entry.rest >= 100 and not entry.slot:
                _add_gate(gate, self.long_starts, self.long_pairs)
        elif entry.match == "suffix" and gate:
            self.ends.update(_gate_words(entry.phrase, -1))
        if entry.match == "line":
            self.vocab.update(key)
            if entry.family == "ui-chrome":
                self.ui_vocab.update(key)
            if len(key) == 1 and _has_cjk(key[0]):
                self.cjk.setdefault(key[0], entry)
                self.cjk_longest = max(self.cjk_longest, len(key[0]))
        self._scan_phrase(entry)

    def _scan_phrase(self, entry: Entry) -> None:
        """Scanner keys that make a paragraph a candidate for matching this phrase.

        Every key starts with a line break: the scanner reads, for each paragraph, its
        first characters after a line break and its last characters reversed after another
        (see ``candidates``), so a phrase that starts a line is found by its first words and
        one that ends a line by its last word spelt backwards.
        """
        words = _scan_words(entry.phrase)
        if not words:
            return
        keys = self.scan_keys
        starts_with_number = entry.phrase.lstrip().startswith("#")
        if entry.match in ("line", "prefix") and not starts_with_number:
            # a prefix ending in a colon keeps it: "More: <headline>", not "More than …"
            strip = _SCAN_STRIP.replace(":", "") if entry.match == "prefix" else _SCAN_STRIP
            head = "\n" + " ".join(words[:3]).rstrip(strip)
            if entry.match == "prefix":
                kind = _SCAN_ANY_LENGTH if entry.rest >= 100 else _SCAN_SHORT
            else:  # a line of interface words is short; one long phrase may fill a line
                kind = _SCAN_ROW if len(words) == 1 else _SCAN_SHORT
            keys[head] = keys.get(head, 0) | kind
        tail = "\n" + " ".join(words[-3:]).lstrip(_SCAN_STRIP)[::-1]
        if starts_with_number and entry.match == "line":
            keys[tail] = keys.get(tail, 0) | _SCAN_TINY  # "12 Comments"
        elif entry.match == "suffix" and entry.family == "photo-credit":
            # "Jane Roe/AFP/Getty Images", "… Delhi.John Doe/Getty Images"
            keys[tail] = keys.get(tail, 0) | _SCAN_JOINED
        elif entry.match == "suffix" or entry.family in SENTENCE_FAMILIES and entry.match == "line" \
                and len(words) > 2:
            # "… All rights reserved.", "… This is a developing story." (also closing prose)
            keys[tail] = keys.get(tail, 0) | (
                _SCAN_ANY_LENGTH if entry.family in SENTENCE_FAMILIES else _SCAN_SHORT)
        if entry.match == "infix":
            self.infix_first.update({words[0], words[0].capitalize()})

    def scanner(self) -> Any:
        """One Aho-Corasick automaton over every scan key (and the first pass's, over the
        keys cut to its windows), built with the index."""
        if self._scanner is None:
            self._scanner = _automaton((key, (len(key), kind, _word_end(key))) for key, kind in self.scan_keys.items())
            self._first_scanner = _automaton(_first_pass_key(key, kind) for key, kind in self.scan_keys.items())
            self.infix_stems = frozenset(w[1:] or w for w in self.infix_first)
        return self._scanner

    def candidates(self, doc: Document) -> set[int]:
        """Indexes of the paragraphs of ``doc`` that may match a phrase.

        A paragraph is a candidate when a scan key stands at its start, or spelt backwards
        at its end (see ``_scan_hit``), when it holds the first word of an infix phrase
        ("contributed"), or when it ends in a parenthesis that may be a photo credit.
        """
        return self.candidates_of([p.text for p in doc.paragraphs], doc.text)

    def candidates_of(self, texts: list[str], whole: str) -> set[int]:
        """``candidates`` of the paragraphs ``texts`` of the text ``whole``.

        A first pass reads a few characters at both ends of every paragraph at once: one
        string, one automaton pass over the keys cut to that width. A key it reads whole
        decides; only the paragraphs where a cut key stands get the exact test, and those
        that only end in a parenthesis or hold an infix word get only those two tests.
        """
        if not texts:
            return set()
        scanner = self._scanner or self.scanner()
        hits, unsure, others = self._first_pass(texts, whole)
        if unsure:
            for i in unsure - hits:  # the other two tests only where the first pass saw cause
                if i in others and self._paren_or_infix(texts[i]) or self._scan_hit(texts[i], scanner):
                    hits.add(i)
        if others:
            for i in others - hits - unsure:
                if self._paren_or_infix(texts[i]):
                    hits.add(i)
        return hits

    def _first_pass(self, texts: list[str], whole: str) -> tuple[set[int], set[int], set[int]]:
        """The paragraphs the scan makes candidates, those it cannot decide, and those that
        end in a parenthesis or hold an infix word (the scan decided them: not a hit)."""
        n = len(texts)
        # map() over C callables: no Python step per paragraph
        heads = "\n".join(map(_HEAD, map(str.lstrip, texts, repeat(_LEAD_CHARS))))
        tails = "\n".join(map(_TAIL, map(str.rstrip, texts, repeat(_TRAIL_CHARS))))
        # each side lowered apart: one of them is often ASCII, which lowers fast and holds
        # no apostrophe or sigma to normalise
        low = f"\n{_lower(heads)}\n{_lower(tails[::-1])}\n"
        in_place = len(low) == len(heads) + len(tails) + 3  # no character lowered to two ("İ")
        hits: set[int] = set()
        unsure: set[int] = set()
        k = at = 0  # line breaks before ``at`` in ``low`` (matches come in order)
        for end, (length, kind, word_end, inside) in self._first_scanner.iter(low):
            if word_end and low[end + 1].isalnum():
                continue  # the key stops inside a word
            k += low.count("\n", at, end)
            at = end
            i = k - 1 if k <= n else 2 * n - k
            if not kind or not in_place:
                unsure.add(i)  # a key cut to the window, or positions moved by lowering
                continue
            if i in hits:
                continue
            # the key read whole: what ``_scan_hit`` makes of it
            text = texts[i]
            if inside & (_HEAD_SIDE if k <= n else _TAIL_SIDE) and len(text) <= _KIND_LIMITS[kind]:
                hits.add(i)  # within the bare text, which is no longer than the paragraph
                continue
            size = len(text.lstrip(_LEAD_CHARS).rstrip(_TRAIL_CHARS))
            if length > size + 1:
                continue  # it runs past the paragraph's bare text
            if size <= _KIND_LIMITS[kind]:
                hits.add(i)
            elif kind & _SCAN_JOINED:
                if length + 1 > min(size, _WINDOW):
                    unsure.add(i)  # the two characters after it are not in the window
                elif low[end + 1] in _JOINS or low[end + 1] == " " and low[end + 2] in _JOINS:
                    hits.add(i)
        return hits, unsure, self._paren_or_infix_paragraphs(texts, whole)

    def _paren_or_infix_paragraphs(self, texts: list[str], whole: str) -> set[int]:
        """The paragraphs that end in a parenthesis or hold an infix phrase's first word:
        each asked of the whole text first, then of every paragraph in one C-level pass."""
        found: set[int] = set()
        if ")" in whole:
            found.update(compress(count(), map(str.endswith, texts, repeat(_CLOSING_PARENS))))
        for stem in self.infix_stems:
            if stem in whole:
                found.update(compress(count(), map(str.__contains__, texts, repeat(stem))))
        return found

    def _paren_or_infix(self, text: str) -> bool:
        """A parenthesis closing ``text`` that may be a photo credit, or an infix phrase's
        first word in it (the two tests of ``_candidate`` besides the scan)."""
        if text.endswith(_CLOSING_PARENS) and _PHOTO_PAREN.search(text, max(len(text) - 90, 0)):
            return True
        return any(map(text.__contains__, self.infix_first))

    def _candidate(self, text: str, scanner: Any) -> bool:
        """Whether one paragraph is a candidate (the exact test ``candidates`` describes)."""
        return self._paren_or_infix(text) or self._scan_hit(text, scanner)

    @staticmethod
    def _scan_hit(text: str, scanner: Any) -> bool:
        """A scan key at the paragraph's start, or its last characters reversed.

        The scanner reads the first characters after a line break and the last characters
        reversed after another, so every key is anchored and most characters fail at the
        automaton's root.
        """
        bare = text.lstrip(_LEAD_CHARS).rstrip(_TRAIL_CHARS)
        low = f"\n{bare[:_SCAN_HEAD]}\n{bare[:-_SCAN_TAIL - 1:-1]}\n".lower().replace("’", "'")
        size = len(bare)
        for end, (_length, kind, word_end) in scanner.iter(low):
            if word_end and low[end + 1].isalnum():
                continue  # the key stops inside a word
            if _kind_fits(kind, size):
                return True
            if kind & _SCAN_JOINED and (low[end + 1] in _JOINS or low[end + 1] == " " and low[end + 2] in _JOINS):
                return True
        return False


def _first_pass_key(key: str, kind: int) -> tuple[str, tuple[int, int, bool, int]]:
    """A scan key as the first pass reads it: cut to the width of its windows, and of no
    kind (it only says "maybe") when cut, or when it holds a sigma ``_unsigma`` changed.

    The last value says on which side the key cannot run past a paragraph's bare text
    (``_HEAD_SIDE``, ``_TAIL_SIDE`` bits): read at the start, only a last character that
    ``_TRAIL_CHARS`` strips can lie outside it; read backwards at the end, one that
    ``_LEAD_CHARS`` strips.
    """
    cut = _unsigma(key[: _WINDOW + 1])
    if len(key) > _WINDOW or "σ" in cut:
        return cut, (len(key), 0, False, 0)
    inside = _HEAD_SIDE * (cut[-1] not in _TRAIL_CHARS) | _TAIL_SIDE * (cut[-1] not in _LEAD_CHARS)
    return cut, (len(key), kind, _word_end(cut), inside)


_HEAD_SIDE, _TAIL_SIDE = 1, 2


def _word_end(key: str) -> bool:
    """A key ending in a letter or digit (not CJK) must not be followed by another: it
    would stop inside a word."""
    return key[-1].isalnum() and not _is_cjk(key[-1])


def _kind_fits(kind: int, size: int) -> bool:
    """A scan key of ``kind`` makes a paragraph of ``size`` characters a candidate."""
    return size <= _KIND_LIMITS[kind]


def _kind_limit(kind: int) -> float:
    if kind & _SCAN_ANY_LENGTH:
        return float("inf")
    return max((limit for bit, limit in _SCAN_LIMITS.items() if kind & bit), default=-1)


#: the longest paragraph a scan key of each kind (a bit set) makes a candidate
_KIND_LIMITS = tuple(_kind_limit(kind) for kind in range(2 * _SCAN_JOINED))


def _automaton(items: Iterator[tuple[str, Any]]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, value in items:
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


def _unsigma(text: str) -> str:
    """Final sigma as sigma: ``str.lower`` picks one by context, which a cut text may lack."""
    return text.replace("ς", "σ")


def _lower(text: str) -> str:
    """``text`` as the first pass reads it: lowered, apostrophes straight, sigmas unfinal."""
    if text.isascii():
        return text.lower()
    return text.lower().replace("’", "'").replace("ς", "σ")


#: keys a residue lexicon table may carry, with the values they accept
_ITEM_KEYS: dict[str, Any] = {
    "phrase": str, "lang": str, "match": _MATCH_KINDS, "slot": ("", "names"), "rest": int,
    "position": ("edges", "anywhere"), "header": bool,
}


def _check_item(family: str, item: Mapping[str, Any]) -> None:
    """A lexicon table with a misspelt key or value fails loudly, naming the phrase."""
    for key, value in item.items():
        allowed = _ITEM_KEYS.get(key)
        if allowed is None:
            raise ConfigError(f"lexicon {family!r} ({item.get('phrase')!r}): unknown key {key!r}"
                              + did_you_mean(key, _ITEM_KEYS))
        if isinstance(allowed, tuple):
            ok, expected = value in allowed, " | ".join(map(repr, allowed))
        else:
            ok = isinstance(value, allowed) and not (isinstance(value, bool) and allowed is int)
            expected = allowed.__name__
        if not ok:
            raise ConfigError(f"lexicon {family!r} ({item.get('phrase')!r}): {key} = {value!r}; expected {expected}")


_INDEXES: list[tuple[Mapping[str, Any], ResidueIndex]] = []
#: bump when the pickled index changes shape without this module's text changing
_CACHE_FORMAT = 1
#: cached indexes kept on disk (one per set of lexicons: a few projects' packs)
_CACHE_KEEP = 8


def index_for(lexicons: Mapping[str, list[dict[str, Any]]]) -> ResidueIndex:
    """The residue index of a run's lexicons: built once per lexicon mapping, and kept on
    disk (pickled, keyed on the lexicons and this module) so that a start reads it instead
    of tokenising four thousand phrases."""
    for lex, index in _INDEXES:
        if lex is lexicons:
            return index
    path = _cache_path(lexicons)
    index = _read_cached(path) if path is not None else None
    if index is None:
        index = _build_index(lexicons)
        if path is not None:
            _write_cached(path, index)
    _INDEXES.append((lexicons, index))
    del _INDEXES[:-8]
    return index


def _build_index(lexicons: Mapping[str, list[dict[str, Any]]]) -> ResidueIndex:
    index = ResidueIndex()
    for family in _INDEX_ORDER:
        for item in lexicons.get(family, ()):
            _check_item(family, item)
            match = item.get("match", "line")
            index.add(Entry(
                family=family,
                phrase=item["phrase"],
                lang=str(item.get("lang", "*")),
                match=match,
                slot=str(item.get("slot", "")),
                rest=int(item.get("rest", 30)),
                anywhere=item.get("position", "edges") == "anywhere",
                header=bool(item.get("header", False)),
            ))
    index.name_words = frozenset(
        t for item in lexicons.get(NAME_WORDS_LEXICON, ()) for t in _key(item["phrase"])
    )
    index.scanner()
    return index


def _cache_path(lexicons: Mapping[str, list[dict[str, Any]]]) -> Path | None:
    """Where the index of ``lexicons`` is kept: a digest of the tables it reads, this
    module's text and the Python version; None when caching is off or impossible."""
    import hashlib
    import marshal
    import os
    import sys

    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    tables = [(name, lexicons.get(name, [])) for name in (*_INDEX_ORDER, NAME_WORDS_LEXICON)]
    try:  # marshal format 0 shares no objects: the same tables always give the same bytes
        digest = hashlib.sha256(marshal.dumps(tables, 0))
    except ValueError:  # a value marshal cannot hold: build every time
        return None
    try:
        digest.update(Path(__file__).read_bytes())
    except OSError:  # no source beside the module (a frozen build): build every time
        return None
    digest.update(f"{_CACHE_FORMAT}:{sys.version}".encode())
    from newslint.cache import default_cache_dir

    return default_cache_dir(None) / "residue" / f"{digest.hexdigest()[:32]}.pickle"


def _read_cached(path: Path) -> ResidueIndex | None:
    import gc
    import pickle

    gc.disable()  # tens of thousands of new objects: no collection is due among them
    try:
        index = pickle.loads(path.read_bytes())
    except Exception:  # missing, half-written by an old version, another pyahocorasick
        return None
    finally:
        gc.enable()
    return index if isinstance(index, ResidueIndex) else None


def _write_cached(path: Path, index: ResidueIndex) -> None:
    """Write the index, and keep only the few most recent ones (each lexicon or module
    change leaves one behind)."""
    import pickle

    from newslint.cache import write_atomic

    if not write_atomic(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)):
        return
    try:
        kept = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_CACHE_KEEP:]:
            old.unlink()
    except OSError:  # another process removed one first
        pass


# --------------------------------------------------------------------------- one line
class LineMatch:
    """How a line (or sentence) matched the lexicons.

    A slotted class, not a dataclass: one is made per matched line, and the generated
    ``__init__`` with its ``__post_init__`` cost more than the fields.
    """

    __slots__ = ("family", "kind", "entries", "coverage", "anywhere", "header", "phrases")

    def __init__(self, family: str, kind: str, entries: list[Entry], coverage: float = 1.0) -> None:
        self.family = family
        self.kind = kind  # line | prefix | suffix | infix | partial
        self.entries = entries
        #: covered / all non-ignorable tokens (1.0 for a whole-line match)
        self.coverage = coverage
        # derived from the entries when the match is made (every match found is placed, and
        # most are reported): residue anywhere, a recirculation header, the phrases to name
        if len(entries) == 1:
            entry = entries[0]
            self.anywhere, self.header, self.phrases = entry.anywhere, entry.header, repr(entry.phrase)
        else:
            self.anywhere = all(e.anywhere for e in entries)
            self.header = any(e.header for e in entries)
            self.phrases = ", ".join(repr(e.phrase) for e in entries[:3])

    def __repr__(self) -> str:
        return f"LineMatch({self.family!r}, {self.kind!r}, {self.phrases}, coverage={self.coverage})"


def _names_ok(text: str, index: ResidueIndex, limit: int) -> bool:
    """True when ``text`` is a list of names, places and credit words ("Jane Roe; Editing by …")."""
    names = 0
    for count, m in enumerate((_ASCII_NAME_WORD if text.isascii() else _NAME_WORD).finditer(text), 1):
        if count > limit:
            return False
        word = m.group()
        low = word.rstrip(".").replace("’", "'").casefold()
        if low in _NAME_CONNECTORS or low in index.name_words:
            continue
        if (word[0].isupper() and low not in _NOT_NAMES) or _PARTICLE_NAME.match(word):
            names += 1
            continue
        return False
    return names > 0 and not text.rstrip().endswith(("?", "!"))


def _cover(words: list[str], index: ResidueIndex) -> tuple[dict[str, int], list[Entry], int, int]:
    """Greedy longest-phrase cover: tokens per family, entries used, uncovered and total words."""
    table, firsts = index.kinds["line"], index.line_firsts
    counts: dict[str, int] = {}
    used: list[Entry] = []
    uncovered = total = 0
    i, n = 0, len(words)
    while i < n:
        found = None
        # only the lengths of the phrases this word starts are looked up, longest first
        for k in firsts.get(words[i], ()):
            if k <= n - i:
                found = table.get(tuple(words[i : i + k]))
                if found is not None:
                    break
        if found is not None:
            counts[found.family] = counts.get(found.family, 0) + k
            total += k
            used.append(found)
            i += k
            continue
        word = words[i]
        i += 1
        if word in _IGNORABLE:
            continue
        total += 1
        cjk = _cjk_cover(word, index) if index.cjk and _has_cjk(word) else None
        if cjk:
            counts[cjk[0].family] = counts.get(cjk[0].family, 0) + 1
            used.extend(cjk)
        else:
            uncovered += 1
    return counts, used, uncovered, total


def _cjk_cover(word: str, index: ResidueIndex) -> list[Entry] | None:
    """Cover a run of CJK characters with CJK phrases (longest first), or None."""
    out: list[Entry] = []
    i = 0
    while i < len(word):
        for k in range(min(index.cjk_longest, len(word) - i), 0, -1):
            entry = index.cjk.get(word[i : i + k])
            if entry is not None:
                out.append(entry)
                i += k
                break
        else:
            return None
    return out


class _Words:
    """The normalised tokens of a text (``words_of``), read from either end only as far as
    a question needs: templates are looked up among the first or the last few words."""

    __slots__ = ("text", "_all")

    def __init__(self, text: str) -> None:
        self.text = text
        self._all: list[str] | None = None

    @property
    def all(self) -> list[str]:
        if self._all is None:
            self._all = words_of(self.text)
        return self._all

    def head(self, k: int) -> list[str]:
        """The first ``k`` words (all of them when there are fewer)."""
        text, size = self.text, 8 * k + 32
        while self._all is None and size < len(text):
            words = words_of(text[:size])
            if len(words) > k:  # the cut may split the last one; the ``k`` before it are whole
                return words[:k]
            size *= 2
        return self.all[:k]

    def tail(self, k: int) -> list[str]:
        """The last ``k`` words (all of them when there are fewer)."""
        text, size = self.text, 8 * k + 32
        while self._all is None and size < len(text):
            words = words_of(text[-size:])
            if len(words) > k:  # the cut may split the first one
                return words[-k:]
            size *= 2
        return self.all[-k:] if k else []

    def end_of(self, i: int) -> int:
        """Where the ``i``-th token (0-based) ends."""
        return next(islice(_tokens(self.text).finditer(self.text), i, None)).end()

    def start_from_end(self, k: int) -> int:
        """Where the ``k``-th token from the end (1-based) starts."""
        text, size, token = self.text, 8 * k + 32, _tokens(self.text)
        while size < len(text):
            starts = [m.start() for m in token.finditer(text, len(text) - size)]
            if len(starts) > k:
                return starts[-k]
            size *= 2
        return [m.start() for m in token.finditer(text)][-k]


def _affix(words: _Words, text: str, index: ResidueIndex,
           families: frozenset[str] | None, opens: bool = True, closes: bool = True,
           inner: bool = True) -> LineMatch | None:
    """A prefix, suffix or infix template covering the whole of ``text``."""
    if opens:
        found = _prefix(words, text, index, families)
        if found is not None:
            return found
    if closes:
        found = _suffix(words, text, index, families)
        if found is not None:
            return found
    if inner and index.kinds["infix"]:
        return _infix(words.all, text, index, families)
    return None


def _prefix(words: _Words, text: str, index: ResidueIndex, families: frozenset[str] | None) -> LineMatch | None:
    """"Read more: <headline>", "By <names>": a prefix phrase and free text after it."""
    table, longest = index.kinds["prefix"], index.longest["prefix"]
    head = words.head(longest + 1)  # one more: is there text after the phrase?
    for b in index.prefix_firsts.get(head[0], ()) if head else ():
        if b > len(head):
            continue
        entry = table.get(tuple(head[:b]))
        if entry is None or (families and entry.family not in families):
            continue
        after = text[words.end_of(b - 1) :] if len(head) > b else ""
        if entry.slot == "names":
            ok = _names_ok(after, index, entry.rest)
        else:
            ok = len(words.all) - b <= entry.rest
        if ok:
            return LineMatch(entry.family, "prefix", [entry])
    return None


def _suffix(words: _Words, text: str, index: ResidueIndex, families: frozenset[str] | None) -> LineMatch | None:
    """"<names>/Getty Images", "… All rights reserved": free text and a suffix phrase."""
    table, longest = index.kinds["suffix"], index.longest["suffix"]
    tail = words.tail(longest + 1)  # one more: the word before the phrase ("via")
    for k in index.suffix_lasts.get(tail[-1], ()) if tail else ():
        if k > len(tail):
            continue
        entry = table.get(tuple(tail[-k:]))
        if entry is None or (families and entry.family not in families):
            continue
        before = text[: words.start_from_end(k)] if len(tail) > k else ""
        if entry.slot == "names":
            ok = _names_ok(before, index, entry.rest)
        else:
            ok = len(words.all) - k <= entry.rest
        ok = ok and (entry.family != "photo-credit" or not before.strip()
                     or before.rstrip().endswith(_CREDIT_JOINS) or tail[-k - 1] == "via"
                     or entry.phrase.casefold().startswith("via "))
        if ok:
            return LineMatch(entry.family, "suffix", [entry])
    return None


def _infix(words: list[str], text: str, index: ResidueIndex, families: frozenset[str] | None) -> LineMatch | None:
    """"<names> contributed reporting from <place>": names on both sides of the phrase."""
    table, n = index.kinds["infix"], len(words)
    longest = min(index.longest["infix"], n)
    offsets: list[tuple[int, int]] | None = None
    for a in range(1, n):
        if words[a] not in index.infix_first:
            continue
        for b in range(min(longest, n - a) + a, a, -1):
            entry = table.get(tuple(words[a:b]))
            if entry is None or (families and entry.family not in families):
                continue
            if offsets is None:
                offsets = [m.span() for m in _tokens(text).finditer(text)]
            before = text[: offsets[a][0]]
            after = text[offsets[b - 1][1] :] if b < n else ""
            if _names_ok(before, index, entry.rest) and (not after.strip(" .") or _names_ok(after, index, entry.rest)):
                return LineMatch(entry.family, "infix", [entry])
    return None


def match_text(text: str, index: ResidueIndex, families: frozenset[str] | None = None) -> LineMatch | None:
    """Whole-text match of a line or sentence: phrase cover first, then templates.

    A line can only match when its first word (or first two) start a phrase, its last word
    ends a suffix phrase, or it contains the first word of an infix phrase; the test uses
    string methods only, so most lines of prose are never tokenised.

    No answer is kept across documents: a memo keyed on the line's text would make a
    benchmark that repeats articles look faster than new text is read.
    """
    gate = _gate_words(text)
    if len(text) > _SHORT_LINE_CHARS:
        # long lines: only a prefix template (a cookie notice) can make them residue
        if not _gated(gate, index.long_starts, index.long_pairs):
            return None
        words = words_of(text[:120])
        words = words[:-1] if len(words) > 1 else words  # the cut may split a word
        return _long_prefix(words, index, families)
    covers = bool(gate) and (_gated(gate, index.starts, index.start_pairs) or bool(
        index.cjk and _has_cjk(gate[0]))) and _all_known(text, index)
    words = None
    if covers:  # a line covered by phrases needs none of the template gates below
        words = _Words(text)
        found = _covered(words.all, index, families)
        if found is not None:
            return found
    opens = _gated(gate, index.prefix_starts, index.prefix_pairs)
    last = _gate_words(text, -1)
    closes = bool(last) and last[0] in index.ends
    inner = any(map(text.__contains__, index.infix_first))
    if not (covers or opens or closes or inner):
        return None
    return _affix(words or _Words(text), text, index, families, opens, closes, inner)


def _covered(words: list[str], index: ResidueIndex, families: frozenset[str] | None) -> LineMatch | None:
    """A line made of line phrases (``_cover`` leaves no word out), of one of ``families``."""
    if len(words) <= _MAX_COVER_TOKENS:
        vocab = index.vocab
        if vocab.issuperset(words) or all(w in vocab or w in _IGNORABLE or (index.cjk and _has_cjk(w)) for w in words):
            counts, used, uncovered, _ = _cover(words, index)
            if counts and not uncovered:
                family = _majority(counts, used)
                if not families or family in families:
                    return LineMatch(family, "line", used)
    return None


def _all_known(text: str, index: ResidueIndex) -> bool:
    """Every whitespace word of ``text`` may be part of a line phrase (or is a number)."""
    words = text.split()
    if len(words) > _MAX_COVER_TOKENS:
        return False
    vocab = index.gate_vocab
    if vocab.issuperset(text.casefold().split()):
        return True  # plain words, each a phrase word (what ``_gate_word`` would make of them)
    for part in words:
        word = _gate_word(part)
        if word and word not in vocab and word != "#" and not _is_cjk(word[0]):
            return False
    return True


def _long_prefix(words: list[str], index: ResidueIndex,
                 families: frozenset[str] | None) -> LineMatch | None:
    table = index.kinds["prefix"]
    for k in range(min(index.longest["prefix"], len(words)), 0, -1):
        entry = table.get(tuple(words[:k]))
        if entry is not None and entry.rest >= 100 and not entry.slot:
            if not families or entry.family in families:
                return LineMatch(entry.family, "prefix", [entry])
    return None


def _majority(counts: dict[str, int], used: list[Entry]) -> str:
    best = max(counts.values())
    for entry in used:  # ties go to the family that comes first on the line
        if counts[entry.family] == best:
            return entry.family
    return used[0].family


#: what may follow a sentence's last mark (``newslint.text.is_prose``)
_PROSE_CLOSERS = "\"'”’)]"


def _is_prose(text: str) -> bool:
    """``newslint.text.is_prose``, its cheap test first: the last mark of a sentence within
    the last 16 characters, then twelve words (a split that copies the paragraph)."""
    stripped = text.strip()
    end = stripped[-16:].rstrip(_PROSE_CLOSERS)
    return bool(end) and end[-1] in ".!?…" and len(stripped.split(None, 11)) >= 12


def _ui_shaped(text: str) -> bool:
    """Short, two to ten words, not a sentence: the shape of a toolbar line."""
    text = text.strip()
    return len(text) in _UI_SIZES and 1 <= text.count(" ") <= 9 and not text.endswith(_NOT_UI_ENDS)


#: the length of a toolbar line (stripped), and how it does not end
_UI_SIZES = range(8, 121)
_NOT_UI_ENDS = (".", "?", "!", ":")


def _ui_words(text: str, index: ResidueIndex) -> bool:
    """A short line with two UI words: the cheap first test of ``partial_ui``."""
    return len(text) <= 120 and len(index.ui_vocab.intersection(text.casefold().split())) >= 2


def partial_ui(text: str, index: ResidueIndex) -> LineMatch | None:
    """A short line mostly made of UI words: the candidate langdetect is asked about."""
    if not _ui_words(text, index):
        return None
    words = words_of(text)
    if not 2 <= len(words) <= _MAX_UI_TOKENS:
        return None
    # at most the UI words (and CJK runs) are covered as UI chrome, and every other word
    # counts: without two of them making half of the line, ``_cover`` cannot find it chrome
    cjk = bool(index.cjk)
    bound = sum(1 for w in words if w in index.ui_vocab or cjk and _has_cjk(w))
    if bound < 2 or bound * 2 < sum(1 for w in words if w not in _IGNORABLE):
        return None
    counts, used, uncovered, total = _cover(words, index)
    ui = counts.get("ui-chrome", 0)
    if ui < 2 or not total or ui * 2 < total or sum(counts.values()) != ui:
        return None
    # two interface words of one language (not brand names): then langdetect is worth asking
    langs = Counter(e.lang for e in used if e.lang != "*")
    if not langs or max(langs.values()) < 2:
        return None
    return LineMatch("ui-chrome", "partial", [e for e in used if e.family == "ui-chrome"], ui / total)


# --------------------------------------------------------------------------- verdicts
class Verdict(NamedTuple):
    """One residue finding of the document analysis."""

    code: str
    start: int
    end: int
    message: str
    #: the edit that removes the residue, and whether it is certain
    edit: Edit | None
    safe: bool
    title: str = "Delete the residue line"


def analyse(doc: Document, index: ResidueIndex) -> list[Verdict]:
    """Every residue finding of ``doc``; computed once and shared by the BP rules."""
    return sorted((v for vs in _by_code(doc, index).values() for v in vs), key=_verdict_order)


def _verdict_order(v: Verdict) -> tuple[int, str]:
    return v.start, v.code


def _by_code(doc: Document, index: ResidueIndex) -> Mapping[str, list[Verdict]]:
    """The residue findings of ``doc`` by rule code; computed once and shared by the BP rules."""
    cached = doc.cache.get(index.cache_key)
    if cached is None:
        verdicts = _analyse(doc, index)
        cached = doc.cache[index.cache_key] = _NO_VERDICTS if not verdicts else {}
        for v in verdicts:
            cached.setdefault(v.code, []).append(v)
    return cached


#: the verdicts of a clean document (shared: never written to)
_NO_VERDICTS: Mapping[str, list[Verdict]] = {}


def _analyse(doc: Document, index: ResidueIndex) -> list[Verdict]:
    """The document's verdicts. Most articles have nothing to say: the cheap tests that
    prove it (no candidate paragraph, no toolbar-shaped edge line, no bullet near the end)
    run before any analysis object is made."""
    paragraphs = doc.paragraphs
    texts = list(map(_TEXT, paragraphs))
    candidates = index.candidates_of(texts, doc.text)
    edge = _ui_edge_lines(texts, index)
    # a bullet among the last four paragraphs may be an orphaned item: their first
    # characters, read by C calls, rule most articles out before the pattern is tried
    orphans = bool(texts) and not "".join(map(_FIRST, texts[-4:])).isalnum() and any(map(_BULLET.match, texts[-4:]))
    if not (candidates or edge or orphans):
        return []
    return _Analysis(doc, index, texts).run(candidates, edge, orphans)


#: short lines this close to either end are asked about UI words in another language
_EDGE_REACH = 6


def _ui_edge_lines(texts: list[str], index: ResidueIndex) -> list[tuple[int, str]]:
    """The short lines near either end shaped like a toolbar (``_ui_shaped``) with two UI
    words (``_ui_words``), stripped: the lines ``_foreign_ui`` may take for UI chrome in
    another language (``_ui_shaped`` and ``_ui_words``, written out; stripping a line
    without spaces around it, as most are, copies nothing)."""
    n, reach, out = len(texts), _EDGE_REACH, []
    for i in range(n) if n <= 2 * reach else (*range(reach), *range(n - reach, n)):
        text = texts[i].strip()
        if (len(text) not in _UI_SIZES or text.endswith(_NOT_UI_ENDS) or not 1 <= text.count(" ") <= 9
                or len(index.ui_vocab.intersection(text.casefold().split())) < 2):
            continue
        out.append((i, text))
    return out


class _Analysis:
    """One document's residue: candidates from the scanner, then position and neighbours.

    Made only for a document that ``_analyse``'s cheap tests did not clear; everything
    positional (prose paragraphs, head and tail blocks) is computed lazily.
    """

    def __init__(self, doc: Document, index: ResidueIndex, texts: list[str] | None = None) -> None:
        self.doc = doc
        self.index = index
        self.paragraphs = doc.paragraphs
        self.texts = list(map(_TEXT, self.paragraphs)) if texts is None else texts
        self.found: dict[int, LineMatch | None] = {}
        self.matches: dict[int, LineMatch] = {}
        self._prose: dict[int, bool] = {}
        self._first_prose: int | None = None
        self._last_prose: int | None = None

    def prose(self, i: int) -> bool:
        known = self._prose.get(i)
        if known is None:
            known = self._prose[i] = _is_prose(self.paragraphs[i].text)
        return known

    @property
    def first_prose(self) -> int:
        if self._first_prose is None:
            paragraphs, prose = self.paragraphs, self._prose
            first = len(paragraphs)
            for i, p in enumerate(paragraphs):
                known = prose.get(i)
                if known is None:
                    known = prose[i] = _is_prose(p.text)
                if known:
                    first = i
                    break
            self._first_prose = first
        return self._first_prose

    @property
    def last_prose(self) -> int:
        if self._last_prose is None:
            paragraphs, prose = self.paragraphs, self._prose
            last = -1
            for i in range(len(paragraphs) - 1, -1, -1):
                known = prose.get(i)
                if known is None:
                    known = prose[i] = _is_prose(paragraphs[i].text)
                if known:
                    last = i
                    break
            self._last_prose = last
        return self._last_prose

    def in_head(self, i: int) -> bool:
        """Paragraph ``i`` is in the head block (``newslint.text.edges``' definition, found
        without classifying every paragraph: only the first one of prose is looked for)."""
        return i < 2 or i < self.first_prose  # the first two need no prose looked for

    def in_tail(self, i: int) -> bool:
        """Paragraph ``i`` is in the tail block (see ``in_head``)."""
        last3 = max(len(self.paragraphs) - 3, 0)
        return i >= last3 or i >= min(self.last_prose + 1, last3)

    def at_edge(self, i: int) -> bool:
        return self.in_head(i) or self.in_tail(i)

    def outside(self, i: int) -> bool:
        """True when paragraph ``i`` is not between two paragraphs of prose.

        ``edges`` also counts the first two and last three paragraphs, which in a short
        article is all of it; lines that only belong at the edges must be outside the prose.
        """
        return i < self.first_prose or i > self.last_prose

    def run(self, candidates: set[int], edge: list[tuple[int, str]], orphans: bool) -> list[Verdict]:
        """The verdicts, from what ``_analyse`` found: the candidate paragraphs, the edge
        lines shaped like a toolbar, whether a bullet stands among the last four paragraphs."""
        index, found, texts = self.index, self.found, self.texts
        out: list[Verdict] = []
        if candidates:
            candidates = sorted(candidates)
            stripped = list(map(str.strip, map(texts.__getitem__, candidates)))
            for i, text in zip(candidates, stripped):
                found[i] = match_text(text, index)
            for i, text in zip(candidates, stripped):  # placing a match reads its neighbours' matches
                verdict = self._paragraph(i, text)
                if verdict is not None:
                    out.append(verdict)
        self._edge_chrome(edge, out)
        if self.matches and any(m.header for m in self.matches.values()):
            out = self._neighbours(out)
        if orphans:
            self._orphans(texts, out)
        if len(out) > 1:
            out.sort(key=_verdict_order)
        return out

    def _edge_chrome(self, edge: list[tuple[int, str]], out: list[Verdict]) -> None:
        """Short lines near either end in another language (``_foreign_ui`` asks only those
        outside the prose); ``edge`` holds them (``_ui_edge_lines``) but the candidates."""
        for i, text in edge:
            if i in self.found:
                continue
            ui = self._foreign_ui(i, text)
            if ui is not None:
                self.matches[i] = ui
                out.append(self._line_verdict(i, ui, safe=False))

    # -- one paragraph ----------------------------------------------------------------
    def _span(self, p: Line) -> tuple[int, int]:
        text = p.text
        start = p.start + len(text) - len(text.lstrip())
        return start, p.start + len(text.rstrip())

    def _placed(self, i: int) -> bool:
        """Whether a lexicon line stands where residue of its kind stands."""
        found = self.found.get(i)
        if found is None:
            return False
        if found.anywhere or found.kind == "line" and len({e.phrase for e in found.entries}) >= 2:
            return True  # an ad label, or a row of interface words: residue anywhere
        if self.found.get(i - 1) is not None or self.found.get(i + 1) is not None:
            return True  # furniture comes in blocks: a neighbour is residue too
        if found.header and len(self._links(i, anywhere=True)) >= 2:
            return True  # a header over a list of links: a recirculation box inside the body
        # alone, in the head or tail block, outside the prose
        return self.at_edge(i) and self.outside(i)

    def _links(self, i: int, anywhere: bool = False) -> list[int]:
        """The short lines after paragraph ``i`` that are not prose: a header's links."""
        links: list[int] = []
        for j in range(i + 1, min(i + 12, len(self.paragraphs))):
            p = self.paragraphs[j]
            if self.found.get(j) is not None or self.prose(j) or len(p.text.split()) > 25 or (
                    not anywhere and not self.at_edge(j)):
                break
            links.append(j)
        return links

    def _paragraph(self, i: int, text: str) -> Verdict | None:
        """The verdict on candidate paragraph ``i`` (``text``: stripped), if any."""
        found = self.found[i]
        if found is not None and self._placed(i):
            self.matches[i] = found
            return self._line_verdict(i, found, safe=self.at_edge(i))
        if found is None and _ui_shaped(text) and (ui := self._foreign_ui(i, text)) is not None:
            self.matches[i] = ui
            return self._line_verdict(i, ui, safe=False)
        p = self.paragraphs[i]
        credit = self._glued_credit(p)
        if credit is not None:
            return credit
        return self._last_sentence(i, p)  # a credit closing prose, or closing a caption

    def _delete(self, i: int, last: int | None = None) -> Edit:
        """Delete paragraph ``i`` (through ``last``); at the end of the article the blank
        lines before it go too, so the text still ends with a paragraph and a line break."""
        paragraphs = self.paragraphs
        last = i if last is None else last
        if last == len(paragraphs) - 1 and i != 0:
            return Edit.delete(paragraphs[i - 1].end, paragraphs[last].end)
        if last == i:
            return delete_line_edit(self.doc, paragraphs[i].start, paragraphs[i])
        if last == len(paragraphs) - 1:  # the whole article: a header and its links
            return Edit.delete(paragraphs[i].start, paragraphs[last].end)
        return Edit.delete(paragraphs[i].start, paragraphs[last + 1].start)

    def _line_verdict(self, i: int, found: LineMatch, *, safe: bool, message: str = "") -> Verdict:
        start, end = self._span(self.paragraphs[i])
        code = FAMILY_CODES[found.family]
        if not message:
            message = f"{_LABELS[found.family]} ({found.phrases})"
            if found.kind == "partial":
                langs = sorted({e.lang for e in found.entries} - {"*"})
                message = f"UI chrome in another language ({', '.join(langs) or '?'}: {found.phrases})"
        return Verdict(code, start, end, message, self._delete(i), safe)

    def _foreign_ui(self, i: int, text: str) -> LineMatch | None:
        """UI words in a line langdetect places in another language than the article's."""
        if not _ui_words(text, self.index) or not self.outside(i) or not self.at_edge(i):
            return None
        candidate = partial_ui(text, self.index)
        if candidate is None:
            return None
        from newslint.language import detect_line

        detected = detect_line(text)
        if detected is None or detected[1] < _FOREIGN_MIN_PROB:
            return None
        article = article_language(self.doc)  # plainly English needs no langdetect pass
        if article == "unknown" or detected[0] == article:
            return None
        if not any(e.lang not in ("*", article) for e in candidate.entries):
            return None
        return candidate

    def _glued_credit(self, p: Line) -> Verdict | None:
        """A photo credit stuck to the end of a caption or paragraph.

        "… in Miami. (AP Photo/Jane Roe)" or "… in Delhi.John Doe/Getty Images":
        the credit alone is flagged and deleted; the sentence before it may be body text.
        """
        text = p.text.rstrip()
        window = len(text) - 160 if len(text) > 160 else 0
        # a credit in parentheses closes the text; one glued to it does not end a sentence
        patterns = (_TRAILING_PAREN,) * text.endswith(")") + (_GLUED_CREDIT,) * (text[-1:] not in ".!?")
        for pattern in patterns:
            glued = pattern is _GLUED_CREDIT  # its match starts a character late
            m = pattern.search(text, window + glued)
            if m is None or not text[: m.start() - glued].strip():
                continue
            credit = m.group(1).strip()
            words = set(words_of(credit))
            if pattern is _TRAILING_PAREN and "/" not in credit and not words & _PHOTO_SIGNAL:
                continue  # "(Reuters)" after a paragraph is a source, not a photo credit
            found = match_text(credit, self.index, _PHOTO)
            if found is None or found.kind == "line" and len(words) < 2 and pattern is _TRAILING_PAREN:
                continue
            start = m.start() if pattern is _TRAILING_PAREN else m.start(1)
            cut = len(text[:start].rstrip())
            return Verdict("BP008", p.start + start, p.start + len(text),
                           f"photo credit glued to the text ({found.phrases})",
                           Edit.delete(p.start + cut, p.start + len(text)), False, "Delete the credit")
        return None

    def _last_sentence(self, i: int, p: Line) -> Verdict | None:
        """A credit or live-story stub closing a paragraph of prose (or a caption)."""
        text = p.text.rstrip()
        tail = text[-300:]
        # the last sentence break: a sentence longer than 160 characters is not looked at,
        # so the search starts 200 characters from the end, unless a break may reach there
        start, cut = max(len(tail) - 200, 0), None
        for cut in _SENTENCE_BREAK.finditer(tail, max(start - 1, 0)):  # the mark may stand before
            pass
        if cut is None and start and (tail[start].isspace() or tail[start] in _BREAK_CLOSERS):
            for cut in _SENTENCE_BREAK.finditer(tail):
                pass
        if cut is None:
            return None
        sentence = tail[cut.end() :]
        if len(sentence) > 160:
            return None
        found = match_text(sentence, self.index, SENTENCE_FAMILIES)
        if found is None or found.family == "photo-credit" and found.kind == "line":
            return None  # "… of the drug. Getty": too little to go on
        offset = p.start + len(text) - len(tail)
        start, end = offset + cut.end(), offset + len(tail)
        safe = self.in_tail(i)
        edit = Edit.delete(offset + cut.start() + 1, end)  # the mark stays
        return Verdict(FAMILY_CODES[found.family], start, end,
                      f"{_LABELS[found.family]} closing a paragraph ({found.phrases})", edit, safe,
                      "Delete the sentence")

    # -- neighbours -------------------------------------------------------------------
    def _neighbours(self, verdicts: list[Verdict]) -> list[Verdict]:
        """Short lines after a recirculation header are its links: at the article's edges
        any number of them, inside the body at least two (one headline under a "Read also"
        may have been kept by an editor).

        The header's finding grows to cover them, and its fix (now unsafe: the links were
        not matched by any lexicon) deletes the block, so that no headline is left behind
        without the header that explained it.
        """
        by_start = {v.start: k for k, v in enumerate(verdicts)}
        for i, found in sorted(self.matches.items()):
            k = by_start.get(self._span(self.paragraphs[i])[0])
            if not found.header or k is None:
                continue
            links = self._links(i) if self.outside(i) else self._links(i, anywhere=True)
            if links and (self.outside(i) or len(links) >= 2):
                verdicts[k] = verdicts[k]._replace(
                    end=self._span(self.paragraphs[links[-1]])[1], safe=False,
                    message=f"recirculation header and {len(links)} link(s) under it ({found.phrases})",
                    edit=self._delete(i, links[-1]), title="Delete the header and its links")
        return verdicts

    def _orphans(self, texts: list[str], out: list[Verdict]) -> None:
        """Short bullet items after the article's last prose paragraph, with no list intro
        (asked when a bullet stands among the last four paragraphs)."""
        n = len(texts)
        last = self.last_prose
        if last < 0 or last == n - 1:
            return
        items = [j for j in range(last + 1, n) if _BULLET.match(texts[j])]
        if not items or len(items) > 3:
            return
        for j in items:
            intro = next((k for k in range(j - 1, last - 1, -1) if not _BULLET.match(texts[k])), last)
            if j in self.matches or texts[intro].rstrip().endswith((":",) + _QUOTE_END):
                continue  # a list with its intro, or "- Name" attributing the quote above
            item = texts[j].strip().lstrip("•·‣◦▪▫■□●○►▶*-").strip()
            if len(item.split()) > 6 or item.endswith((".", ":", "?", "!")):
                continue
            start, end = self._span(self.paragraphs[j])
            out.append(Verdict("BP009", start, end, f"orphaned list item after the article ({item[:40]!r})",
                               self._delete(j), False))


_LABELS = {
    "ui-chrome": "UI chrome",
    "comment-widget": "comment-widget residue",
    "subscribe-prompt": "newsletter, subscription or share prompt",
    "ad-navigation": "ad, recirculation or navigation residue",
    "cookie-legal": "cookie, JavaScript or legal notice",
    "editorial-credit": "editorial credit",
    "live-story-stub": "live-story stub",
    "photo-credit": "photo credit or caption residue",
}


# --------------------------------------------------------------------------- rules
class _ResidueRule(Rule, abstract=True):
    """Shared plumbing: the residue index and the one analysis per document."""

    _abstract = True
    family = "residue"
    fixable = "sometimes"

    def setup(self) -> None:
        self.index = index_for(self.lexicons)
        self._cache_key = self.index.cache_key

    def check(self, doc: Document) -> Iterable[Finding]:
        by_code = doc.cache.get(self._cache_key)
        if by_code is _NO_VERDICTS:  # a clean document: every rule after the first asks here
            return ()
        if by_code is None:
            by_code = _by_code(doc, self.index)
        verdicts = by_code.get(self.code)
        return [self._finding(v) for v in verdicts] if verdicts else ()

    def _finding(self, v: Verdict) -> Finding:
        fix = None
        if v.edit is not None:
            fix = (Fix.safe if v.safe else Fix.unsafe)(v.edit, title=v.title)
        return self.finding(v.start, v.end, v.message, fix=fix)


class UiChrome(_ResidueRule):
    """A short line made of interface words (share, print, comment, log in …), in any language.

    ## What it does
    Flags lines made only of user-interface strings — buttons and menu items such as
    "Share", "Print", "Comments", "Log in", "Font size", "Listen", "Read more", or the
    names of share targets ("Facebook Twitter Email") — in any of 20+ languages, whether
    or not they are in the article's language. The words come from the `ui-chrome`
    lexicon (`rules/ui-chrome.toml`). A short line only partly made of UI words (two of
    one language) is flagged too when langdetect (seeded, on lines long enough to tell)
    places it in a language other than the article's: Italian buttons in an English
    article. A row of two or more UI phrases is flagged anywhere; a single UI word only
    in the article's head or tail block, or next to other residue.

    ## Why is this bad?
    The scraper captured the page's toolbar as if it were text; it ends up in corpora,
    summaries and search snippets.

    ## Example
    ```
    Syrian government denies U.S. accusation
    Regolare Commento Stampare
    Gallant's remarks followed …
    ```

    Use instead: the article without the toolbar line.

    ## Fix
    Deletes the line. Safe when every word of the line is a UI string and the line is in
    the head or tail block; unsafe when langdetect had to help decide.
    """

    code = "BP001"
    name = "ui-chrome"


class CommentWidget(_ResidueRule):
    """Text of a comment system (WordPress, Akismet, Disqus, OpenWeb …) left in the article.

    ## What it does
    Flags lines of comment-widget text: "Leave a Reply", "Your email address will not be
    published. Required fields are marked *", "Post Comment", "12 Comments", "This site
    uses Akismet to reduce spam.", "Comments are closed", "Log in to comment", the strings
    of Disqus, Facebook comments, OpenWeb/Spot.IM, Viafoura, Coral and Livefyre, in many
    languages (`comment-widget` lexicon). A sentence of prose that mentions comments is
    never flagged: the whole line must be widget text.

    ## Why is this bad?
    The comment form below the article is not part of the article.

    ## Example
    ```
    … before carting out bodies by the truckload for burial in mass graves.
    Leave a Reply
    This site uses Akismet to reduce spam. Learn how your comment data is processed.
    ```

    ## Fix
    Deletes the line: safe in the article's head or tail block, unsafe elsewhere.
    """

    code = "BP002"
    name = "comment-widget"


class SubscribeOrSharePrompt(_ResidueRule):
    """A newsletter, subscription, paywall, app, share or follow prompt.

    ## What it does
    Flags lines such as "Sign up for our newsletter", "We've got more newsletters we think
    you'll find interesting.", "Share this:", "Click to share on Twitter (Opens in new
    window)", "Follow us on Instagram", "Download our app", "Subscribe to continue
    reading" (`subscribe-prompt` lexicon, many languages).

    ## Why is this bad?
    Calls to action of the page, not sentences of the story.

    ## Example
    `We've got more newsletters we think you'll find interesting.` as the article's last line.

    ## Fix
    Deletes the line: safe in the article's head or tail block, unsafe elsewhere.
    """

    code = "BP003"
    name = "subscribe-or-share-prompt"


class AdOrNavigation(_ResidueRule):
    """Ad labels, recirculation links and navigation left in the article.

    ## What it does
    Flags "Advertisement", "Story continues below advertisement", "Continue reading the
    main story", "Read more: …", "Related: …", "Recommended", "Most popular", "Skip to main
    content", "Back to top", in many languages (`ad-navigation` lexicon). Ad labels and
    "Read more: <headline>" lines are flagged anywhere; bare headers ("Related stories",
    "Leggi anche") in the head or tail block, or inside the body when at least two short
    headline lines follow them. The finding grows to cover the headlines under the header
    (jusText's neighbour idea).

    ## Why is this bad?
    Navigation and ads interrupt the text and add other stories' headlines to it.

    ## Example
    ```
    The talks resumed on Monday.
    Story continues below advertisement
    Both sides said …
    ```

    ## Fix
    Deletes the line: safe for a lexicon line in the head or tail block; unsafe for an ad
    label inside the body, and for a header together with the headlines under it.
    """

    code = "BP004"
    name = "ad-or-navigation"


class CookieOrLegalNotice(_ResidueRule):
    """A cookie banner, a JavaScript-required notice, or a copyright/legal footer line.

    ## What it does
    Flags "This site uses cookies …", "Please enable JavaScript …", "All rights reserved",
    "© 2019 …" lines and footer link rows such as "Terms of use | Privacy policy"
    (`cookie-legal` lexicon, many languages). Prose about cookies or copyright is not
    flagged: the line must start or end with the notice, or be made of it.

    ## Why is this bad?
    Banners and footers of the page, not the article.

    ## Example
    `© 2017 WTOP. All Rights Reserved.` as the article's last line.

    ## Fix
    Deletes the line: safe in the article's head or tail block, unsafe elsewhere.
    """

    code = "BP005"
    name = "cookie-or-legal-notice"


class EditorialCredit(_ResidueRule):
    """An editor, producer or reporting credit: "George Grow was the editor.", "Editing by …".

    ## What it does
    Flags credit lines ("Reporting by Jane Roe; Editing by John Doe", "Associated
    Press writers … contributed to this report.", and at the article's edges bylines such
    as "By Jane Doe" or "Jane Roe, AP Auto Writer") and the same credit when it is the
    last sentence of a paragraph of real prose. The phrases are in the `editorial-credit`
    lexicon; the free part must be a list of names (capitalised words, "and", "in
    <place>", role words such as "writers" from the `credit-name-words` lexicon).

    ## Why is this bad?
    Production metadata of the wire or the site, not part of the story.

    ## Example
    `… over Bashar al-Assad". George Grow was the editor.`

    Use instead: `… over Bashar al-Assad".`

    ## Fix
    Deletes the credit line, or the credit sentence alone, keeping the prose. Safe in the
    article's head or tail block, unsafe elsewhere.
    """

    code = "BP006"
    name = "editorial-credit"


class LiveStoryStub(_ResidueRule):
    """A live-story stub: "This is a developing story.", "This story has been updated."

    ## What it does
    Flags the notes a site puts on breaking stories while they change ("This is a
    developing story.", "Check back for updates.", "Notizia in aggiornamento"), as a line
    or as the last sentence of a paragraph (`live-story-stub` lexicon).

    ## Why is this bad?
    The note described the page at one moment; in an archived article it is false and
    breaks the text.

    ## Example
    `This is a developing story.` between two paragraphs of the story.

    ## Fix
    Deletes the line or the sentence: safe in the head or tail block, unsafe elsewhere.
    """

    code = "BP007"
    name = "live-story-stub"


class CaptionOrPhotoCredit(_ResidueRule):
    """A photo credit or caption residue: "Photo: … / Getty Images", "Image caption".

    ## What it does
    Flags credit lines ("Jane Roe/AFP/Getty Images", "Photo: John Doe, AP",
    "Image copyright Getty Images Image caption …"), caption labels ("Image caption",
    "Media playback is unsupported on your device", "Image 1 of 23"), and credits stuck to
    the end of a caption or paragraph ("… in Miami. (AP Photo/Jane Roe, File)",
    "… in Delhi.John Doe/Getty Images", "… earnings. Photograph by Jane Roe/AFP").
    A bare "(Reuters)" after a paragraph names a source and is left alone. Agencies,
    photo services and label words are in the `photo-credit` lexicon.

    ## Why is this bad?
    Captions and credits belong to images the text no longer has; they read as stray
    sentences.

    ## Example
    `A child plays at the new splash pad on Tuesday. (AP Photo/Jane Roe)`

    ## Fix
    Deletes the credit line, or only the credit stuck to a caption or paragraph (the text
    before it may be body text). Safe for a whole-line credit or label, or a credit
    sentence, in the head or tail block; unsafe otherwise.
    """

    code = "BP008"
    name = "caption-or-photo-credit"


class OrphanListItem(_ResidueRule):
    """A short bullet item left after the end of the article ("  • Leroy Wright").

    ## What it does
    Flags up to three short bullet lines (six words at most, no closing period) that come
    after the article's last paragraph of prose without a line introducing a list (one
    ending in a colon): the remains of a related-links or author box.

    ## Why is this bad?
    A list item without its list is a fragment of the page around the article.

    ## Example
    ```
    … Russia holds tremendous influence over Bashar al-Assad".
      • Leroy Wright
    ```

    ## Fix
    Unsafe: deletes the line (a list may have been meant).
    """

    code = "BP009"
    name = "orphan-list-item"
    fixable = "unsafe"


RULES: list[type[Rule]] = [
    UiChrome,
    CommentWidget,
    SubscribeOrSharePrompt,
    AdOrNavigation,
    CookieOrLegalNotice,
    EditorialCredit,
    LiveStoryStub,
    CaptionOrPhotoCredit,
    OrphanListItem,
]


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return list(RULES)
