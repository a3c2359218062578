"""Spellings of one name written two ways: name words, their context, and the pair test.

Shared by the ``NM`` rules (``newslint.checks.names``). Cheap on an article without a
suspicious pair: one C-level ``findall`` lists its capitalised words (kept in
``doc.cache`` for every ``NM`` rule, and in NM002's batch summary), and everything else is
set operations against what this process has learned about the words it has seen
before. Each new word is linked, through one-letter-deletion blocking keys, to the
similar words seen so far (:class:`WordGraph`, wordfreq asked only about similar pairs),
so an article without a pair costs a look-up of each of its words, never a comparison of
every word with every other. Positions, neighbours and sentence positions are worked
out only for the few words in a pair (in one pass over the text when they are many).

>>> similar("gallant", "galant"), similar("sednaya", "saydnaya"), similar("syria", "syrian")
(True, True, False)
>>> similar("stephane", "staffan"), similar("austria", "australia")
(False, False)
"""

from __future__ import annotations

import re
from collections import _count_elements  # type: ignore[attr-defined]
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, combinations
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterable

from newslint.errors import ConfigError
from newslint.text import lazy_pattern
from newslint.words import zipf

if TYPE_CHECKING:
    from newslint.document import Document

__all__ = [
    "Candidate", "NameIndex", "Pair", "Vocabulary", "article_pairs", "context_relation", "morphological",
    "name_index", "reportable", "similar", "similar_pairs",
]


def _letters(test: Callable[[str], bool]) -> str:
    # Latin, Greek and Cyrillic letters as one ``re`` character class (faster than \p{Lu})
    spans = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    return "".join(re.escape(chr(c)) for lo, hi in spans for c in range(lo, hi) if test(chr(c)))


_UPPER = _letters(str.isupper)
_LOWER = _letters(str.islower) + "\u0300-\u036f"
#: a capitalised word of 4+ letters (Assad, McDonald): counted loosely, boundaries checked later.
#: Possessive: capitals and lowercase letters are disjoint, so nothing is given back, and
#: ``re`` sets up no backtracking state for each word
_CAPITALISED = lazy_pattern(f"[{_UPPER}][{_LOWER}]{{3,}}+(?:[{_UPPER}][{_LOWER}]++)*+")


def _may_join(c: str) -> bool:
    """Can a word starting with ``c`` be part of a full name: a capital or a particle's letter?"""
    return c.isupper() or c in _PARTICLE_INITIALS


def _is_letter(c: str) -> bool:
    """A character that continues a word: a letter, digit, underscore or combining mark."""
    return c.isalnum() or c == "_" or "\u0300" <= c <= "\u036f"


#: what joins two words of one full name, and the particles inside names
_NAME_JOINERS = frozenset(" \u00a0-")
_PARTICLES = frozenset("al el de del della der den di da dos du la le van von bin ibn abu ben".split())
_PARTICLE_INITIALS = frozenset(p[0] for p in _PARTICLES)
#: characters after which a capital starts a sentence (or a quote, a list item, a label)
_SENTENCE_END = frozenset(".!?:;…—–•|>#*")
_NOT_PROSE_BEFORE = frozenset("/@#\\=&?%+~_")
_OPENERS = frozenset(" \t\u00a0\"“”‘’'([«")
#: abbreviated titles: a full stop after them does not end a sentence
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st gen sen rep gov lt col sgt capt rev hon messrs mt ft".split())
#: titles and honorifics: capitalised before a name, not part of it
TITLES = frozenset(
    "mr mrs ms miss mx dr sir dame lord lady prof professor president vice prime minister "
    "secretary senator sen rep representative gov governor general gen judge justice king "
    "queen prince princess pope saint st chancellor mayor chief captain capt colonel col "
    "sergeant sgt lieutenant lt major officer rev reverend bishop father sister brother coach "
    "ambassador commissioner director chairman chairwoman chair speaker leader deputy "
    "attorney sheikh emir ayatollah imam rabbi agent detective inspector admiral commander "
    "spokesman spokeswoman spokesperson envoy foreign state assistant acting former "
    "the a an and but or of in on at for to by with from as".split()
)
#: endings that make another word of one root: plurals, demonyms, adjectives
MORPH_SUFFIXES = frozenset({"s", "es", "n", "an", "ian", "ans", "ians", "ns", "i", "is", "ese", "ish",
                            "ic", "ics", "e", "en", "er", "ers", "ern", "ite", "ites", "ia"})
#: one-letter endings that are just as often a letter dropped from a name
_WEAK_ENDINGS = frozenset({"n", "i", "e"})
#: shortest word taken into account (shorter ones are initials, particles, titles)
MIN_LENGTH = 4
#: wordfreq zipf at and above which a capitalised word is never compared (The, After, But)
FUNCTION_ZIPF = 6.5
#: a spelling rarer than this (wordfreq zipf) is nearly unknown: it may be reported as a variant
UNKNOWN_ZIPF = 1.5
#: a rarer known word may be reported as a variant of a spelling rarer than COMMON_ZIPF
RARE_ZIPF = 2.5
COMMON_ZIPF = 4.0
#: a word rarer than this only when its full name matches (Stuart Jones / Stuart Jonas)
SUPPORTED_ZIPF = 4.5
#: in one article, a word this common still when the full name around it is the other
#: spelling's own (Jonah Hell, where every other Jonah is Jonah Hill)
CONTEXT_ZIPF = 5.5
#: a capitalised word this common before a name at a sentence start is not its first name
COMMON_NEIGHBOUR_ZIPF = 5.0
#: a word seen only at sentence starts counts as a name only when rarer than this
WEAK_NAME_ZIPF = 3.5


#: wordfreq lookups of neighbour words (Stuart, But) repeat from article to article: keep them
_zipf = lru_cache(maxsize=65536)(zipf)


def _zipf_in(word: str, lang: str) -> float:
    """The larger zipf of ``word`` in English and in ``lang``."""
    z = _zipf(word, "en")
    if lang not in ("en", "unknown"):
        z = max(z, _zipf(word, lang))
    return z


@lru_cache(maxsize=65536)
def _metaphone(word: str) -> str:
    import jellyfish

    return jellyfish.metaphone(word)


def morphological(a: str, b: str) -> bool:
    """Are casefolded ``a`` and ``b`` two forms of one root: a plural, demonym or adjective
    ending added (Syria/Syrian, Russia/Russians, Israel/Israeli, Serb/Serbia) or swapped
    (Texas/Texan)? A doubled last letter (Amazonn) is a slip, not an ending, and so is an
    ``n``, ``i`` or ``e`` added to a word nobody uses (Volkswage/Volkswagen)."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) == len(b):
        return a[:-1] == b[:-1] and {a[-1], b[-1]} == {"s", "n"}
    if not b.startswith(a):
        return False
    ending = b[len(a) :]
    if ending not in MORPH_SUFFIXES or ending == a[-1]:
        return False
    if ending in _WEAK_ENDINGS:
        return _zipf(a) >= UNKNOWN_ZIPF and _zipf(b) >= UNKNOWN_ZIPF
    return True


def similar(a: str, b: str) -> bool:
    """Could two casefolded spellings be one name? One edit apart (a letter dropped, doubled,
    swapped, a vowel changed), or two edits apart and sounding alike (Sednaya/Saydnaya);
    never two forms of one root (Syria/Syrian). An edit that changes a consonant or the
    first letter must keep the sound (Qaddafi/Gaddafi, not Kabul/Zabul or Java/Jawa)."""
    if a == b or len(a) < MIN_LENGTH or len(b) < MIN_LENGTH or abs(len(a) - len(b)) > 2:
        return False
    d = _osa()(a, b, score_cutoff=2)
    if d > 2 or morphological(a, b):
        return False
    if d == 2:
        return min(len(a), len(b)) >= 6 and _metaphone(a) == _metaphone(b)
    if _keeps_sound(a, b):
        return True
    return _metaphone(a) == _metaphone(b)


@lru_cache(maxsize=1)
def _osa() -> Callable[..., int]:
    from rapidfuzz.distance import OSA

    return OSA.distance


def _keeps_sound(a: str, b: str) -> bool:
    """For one edit: a vowel changed or transliterated (Zelensky/Zelenskiy, Arrowhead/
    Arrovhead), or a letter dropped, doubled or swapped after the first."""
    if a[0] != b[0] and a[1:2] != b[1:2]:
        return False  # the first letter went or came
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            i = diff[0]
            return i > 0 and (a[i] in _VOWELS and b[i] in _VOWELS or a[i] + b[i] in _TRANSLITERATED)
        return diff[0] > 0  # two letters swapped
    return a[0] == b[0]


_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüý")
#: letters that transliterations of one name swap (Gaddafi/Qaddafi, Lavrov/Lavrof)
_TRANSLITERATED = frozenset(x + y for p in ("vw", "fv", "kq", "gq", "ck", "cq", "sz", "iy", "jy", "ij")
                            for x, y in (p, p[::-1]))


@lru_cache(maxsize=65536)
def _affix_keys(word: str) -> tuple[str, ...]:
    # one edit to a 4+ letter word keeps its first two letters or its last two, except two
    # middle letters of a 4-letter word swapped, which keep its first and last; two
    # same-sounding edits keep the metaphone
    keys = (word[:2], word[-2:] + ">")
    if len(word) == 4:
        return (*keys, word[0] + word[-1] + "|")
    if len(word) >= 6:
        return (*keys, "#" + _metaphone(word))
    return keys


def _deletions(word: str) -> tuple[str, ...]:
    # words one edit apart share a one-letter deletion (or one is the other's deletion)
    keys = [word]
    keys += map("".join, combinations(word, max(len(word) - 1, 0)))  # each letter left out once, in C
    if len(word) >= 6:
        keys.append("#" + _metaphone(word))
    return tuple(dict.fromkeys(keys))  # "anna" drops its second "n" twice


_deletion_keys = lru_cache(maxsize=65536)(_deletions)


#: above this many distinct words, deletion keys (small blocks) replace affix keys (few keys)
_AFFIX_LIMIT = 400


def similar_pairs(queries: Iterable[str], pool: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs ``(q, p)`` with ``similar(q, p)``, ``q`` from ``queries``, ``p`` from ``pool``, sorted.

    Only words that share a blocking key are compared. An article's few hundred words are
    blocked by their ends (few keys, small blocks); a long article or a batch by their
    one-letter deletions, whose blocks stay small however many words there are, so the
    work grows with the number of distinct words, never with its square.
    """
    queries, pool = list(queries), list(pool)
    if not queries or not pool:
        return []
    keys = _affix_keys if len(queries) + len(pool) <= _AFFIX_LIMIT else _deletion_keys
    index: dict[str, list[str]] = {}
    for q in queries:
        for k in keys(q):
            index.setdefault(k, []).append(q)
    get = index.get
    osa = _osa()
    out: set[tuple[str, str]] = set()
    for p in pool:
        size = len(p)
        for k in keys(p):
            for q in get(k, ()):
                if q != p and abs(len(q) - size) <= 2 and osa(q, p, score_cutoff=2) <= 2 and similar(q, p):
                    out.add((q, p))
    return sorted(out)


# --------------------------------------------------------------------------- words seen
#: a text this long times the spellings to find in it is read once for all of them
_BULK_CHARS = 2_000_000
#: words the graph keeps before it starts afresh (with its blocking keys, ~1 KB a word)
_WORDS_KEPT = 30_000


class WordGraph:
    """The capitalised words this process has seen, each linked to the similar ones.

    A new word is linked, through its one-letter deletions (shared with any word one edit
    away), to the similar words seen before it; wordfreq is asked only about the two words
    of a similar pair. A pair is not linked when one of them is a function word, or when
    both are so common (SUPPORTED_ZIPF) that neither can be reported as the other's
    variant (Center/Centre, These/Those). An article meets its pairs with set operations
    in C: its words all seen (``seen``, the only large table), those with a link
    (``links``, a few thousand), and among those the ones linked to each other. The links
    hold whatever the language: an article's language only makes words more common, which
    ``_pairs`` judges later.
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()
        #: a word with a similar word -> the similar words
        self.links: dict[str, list[str]] = {}
        #: deletion key -> the word (or words) it was made from
        self._blocks: dict[str, Any] = {}

    def learn(self, words: Iterable[str]) -> None:
        """Link the words not seen before."""
        seen = self.seen
        new = [w for w in dict.fromkeys(words) if w not in seen]
        if not new:
            return
        if len(seen) + len(new) > _WORDS_KEPT:
            self._forget()
            new = list(dict.fromkeys(words))
        seen.update(new)
        for word in new:
            self._link(word)

    def linked(self, words: Collection[str]) -> set[str]:
        """Those of ``words`` linked to another of them (the words learnt first if new)."""
        if not self.seen.issuperset(words):
            self.learn(words)
        links = self.links
        found = links.keys() & words  # in C, reading the smaller side (words: a set or a dict's keys)
        if len(found) < 2:
            return set()
        return found.intersection(chain.from_iterable(map(links.__getitem__, found)))

    def _forget(self) -> None:
        """Start afresh, in place."""
        for kept in (self.seen, self.links, self._blocks):
            kept.clear()

    def _link(self, word: str) -> None:
        folded = word.casefold()
        blocks = self._blocks
        mates: set[str] = set()
        for key in _deletions(folded):  # once a word: not cached
            block = blocks.get(key)
            if block is None:
                blocks[key] = word
            elif type(block) is str:
                mates.add(block)
                blocks[key] = [block, word]
            else:
                mates.update(block)
                block.append(word)
        links = self.links
        for mate in mates:
            if mate != word and similar(mate.casefold(), folded) and _linkable(_zipf(word), _zipf(mate)):
                links.setdefault(word, []).append(mate)
                links.setdefault(mate, []).append(word)


def _linkable(a: float, b: float) -> bool:
    """May two similar words of these zipf ever be reported as one name?"""
    return max(a, b) < FUNCTION_ZIPF and min(a, b) < CONTEXT_ZIPF


_GRAPH = WordGraph()


def word_graph() -> WordGraph:
    """This process's graph of the capitalised words seen."""
    return _GRAPH


# --------------------------------------------------------------------------- one document
class Candidate:
    """One spelling of a capitalised word in one document: where it stands as a whole word,
    and (worked out when first asked) its uses inside sentences and its full-name words."""

    __slots__ = ("spelling", "zipf", "starts", "lowercase", "_index", "_mid", "_left", "_right")

    def __init__(self, spelling: str, zipf: float, starts: list[int] | None = None, lowercase: bool = False,
                 index: NameIndex | None = None) -> None:
        self.spelling = spelling
        self.zipf = zipf
        self.starts = starts if starts is not None else []
        #: the word also occurs in lowercase in the document (a common word)
        self.lowercase = lowercase
        self._index = index
        self._mid: bool | None = None
        self._left: set[str] | None = None
        self._right: set[str] | None = None

    def __repr__(self) -> str:
        return f"Candidate({self.spelling!r}, {self.zipf}, starts={self.starts}, lowercase={self.lowercase})"

    @property
    def count(self) -> int:
        return len(self.starts)

    @property
    def mid_sentence(self) -> bool:
        """Used at least once inside a sentence (not at its start, not in a title-case line)."""
        if self._mid is None:
            self._mid = self._index is not None and self._index.mid_sentence(self.starts)
        return self._mid

    @property
    def left(self) -> set[str]:
        """Name words right before it in a full name (Stuart for Jones)."""
        if self._left is None:
            self._read_names()
        return self._left  # type: ignore[return-value]

    @property
    def right(self) -> set[str]:
        """Name words right after it in a full name (Jones for Stuart)."""
        if self._right is None:
            self._read_names()
        return self._right  # type: ignore[return-value]

    def _read_names(self) -> None:
        if self._index is None:
            self._left, self._right = set(), set()
        else:
            self._left, self._right = self._index.full_names(self.spelling, self.starts)

    @property
    def is_name(self) -> bool:
        """Used as a name: capitalised inside a sentence, or a rare word never in lowercase."""
        if self.lowercase or not self.starts:
            return False
        return self.zipf < WEAK_NAME_ZIPF or self.mid_sentence


class NameIndex:
    """The capitalised words of one document, with details worked out on demand."""

    __slots__ = ("text", "found", "counts", "lang", "_candidates", "_title_lines", "_linked")

    def __init__(self, text: str, found: Iterable[str], lang: str = "en") -> None:
        self.text = text
        #: every capitalised word the scan found, as often as found (boundaries unchecked)
        self.found: list[str] = found if isinstance(found, list) else list(found)
        #: each distinct word with its count, in order of first use (read by NM001 and NM002;
        #: ``Counter`` would add ~1.5 µs of Python-level set-up to every document)
        self.counts: dict[str, int] = {}
        _count_elements(self.counts, self.found)
        self.lang = lang
        self._candidates: dict[str, Candidate] = {}
        self._title_lines: dict[int, bool] = {}
        self._linked: set[str] | None = None

    @property
    def words(self) -> set[str]:
        """The distinct capitalised words."""
        return set(self.counts)

    @property
    def linked(self) -> set[str]:
        """The document's words linked to another of its words (worked out once)."""
        if self._linked is None:
            self._linked = word_graph().linked(self.counts.keys())
        return self._linked

    @property
    def may_pair(self) -> bool:
        """Are two similar words among the document's (the whole cost of most articles)?
        One word alone is not learnt: the graph links any two words it holds, whenever each
        came, so a later article with that word learns it then and misses no pair."""
        return len(self.counts) > 1 and bool(self.linked)

    def set_language(self, lang: str) -> None:
        """Judge common words in ``lang`` too (forgets what was worked out in English)."""
        if lang != self.lang:
            self.lang = lang
            self._candidates.clear()

    def zipf(self, word: str) -> float:
        """wordfreq zipf of a word in English and, once set, the article's language."""
        return _zipf_in(word, self.lang)

    def prepare(self, spellings: Collection[str]) -> None:
        """Find the occurrences of many spellings in one pass over the text when searching
        for each in turn would read a long text too many times."""
        todo = [w for w in spellings if w not in self._candidates]
        if len(todo) * len(self.text) < _BULK_CHARS:
            return
        forms: dict[str, list[str]] = {}  # a form found in the text -> the spellings it is (or lowers)
        for w in todo:
            forms.setdefault(w, []).append(w)
            if w.lower() != w:
                forms.setdefault(w.lower(), []).append(w)
        import ahocorasick  # one automaton finds every form in one pass, whatever their number

        automaton = ahocorasick.Automaton()
        for form in forms:
            automaton.add_word(form, form)
        automaton.make_automaton()
        found: dict[str, list[int]] = {w: [] for w in todo}
        lowercase: set[str] = set()
        bounded = self._bounded
        for end, form in automaton.iter(self.text):
            start = end + 1 - len(form)
            if bounded(start, end + 1):
                for w in forms[form]:
                    if form == w:
                        found[w].append(start)
                    else:
                        lowercase.add(w)
        for w in todo:
            starts = found[w]
            self._candidates[w] = Candidate(w, self.zipf(w), starts, w in lowercase and bool(starts), self)

    def candidate(self, spelling: str) -> Candidate:
        """Exact occurrences and context of one spelling (computed once)."""
        found = self._candidates.get(spelling)
        if found is None:
            found = self._candidates[spelling] = self._build(spelling)
        return found

    def _build(self, spelling: str) -> Candidate:
        starts, lowercase = self._occurrences(spelling)
        return Candidate(spelling, self.zipf(spelling), starts, lowercase and bool(starts), self)

    def mid_sentence(self, starts: list[int]) -> bool:
        """Does one of ``starts`` stand inside a sentence?"""
        return any(not (self._sentence_start(i) or self._title_case_line(i)) for i in starts)

    def full_names(self, spelling: str, starts: list[int]) -> tuple[set[str], set[str]]:
        """The name words before and after ``spelling`` at ``starts``."""
        text = self.text
        end_of_text = len(text) - 1
        size = len(spelling)
        left: set[str] = set()
        right: set[str] = set()
        for i in starts:
            # most names stand alone, next to a lowercase word: those are told apart here first
            if i > 1 and text[i - 1] in _NAME_JOINERS and _may_join(text[self._word_start(i - 1)]):
                before = self._word_before(i)
                if before and self._name_word(*before):
                    left.add(before[0])
            end = i + size
            if end < end_of_text and text[end] in _NAME_JOINERS and _may_join(text[end + 1]):
                after = self._word_after(end)
                if after and after.casefold() not in TITLES:
                    right.add(after)
        return left, right

    def _occurrences(self, spelling: str) -> tuple[list[int], bool]:
        """Where ``spelling`` stands as a whole word, and whether its lowercase form does too."""
        text = self.text
        size = len(spelling)
        bounded = self._bounded
        starts: list[int] = []
        first, tail = spelling[0], spelling[1:]
        lower = first.lower()
        if len(tail) >= 4 and len(lower) == 1 and tail == tail.lower():
            # one search finds both: "aydnaya" in Saydnaya and saydnaya
            j = text.find(tail, 1)
            while j != -1:
                c = text[j - 1]
                if c == first:
                    if bounded(j - 1, j - 1 + size):
                        starts.append(j - 1)
                elif c == lower and bounded(j - 1, j - 1 + size):
                    return starts, True  # a common word: where else it stands does not matter
                j = text.find(tail, j + 1)
            return starts, False
        i = text.find(spelling)
        while i != -1:
            if bounded(i, i + size):
                starts.append(i)
            i = text.find(spelling, i + size)
        if not starts:
            return starts, False
        low = spelling.lower()
        j = text.find(low)
        while j != -1:
            if bounded(j, j + size):
                return starts, True
            j = text.find(low, j + size)
        return starts, False

    def _word_before(self, i: int) -> tuple[str, int] | None:
        """The capitalised word joined to the word at ``i`` (Stuart Jones, Bashar al-Assad)."""
        text = self.text
        j = i - 1
        for _ in range(2):  # the word itself, or a particle and the word before it
            if j < 1 or text[j] not in _NAME_JOINERS:
                return None
            k = self._word_start(j)
            if k == j or (text[k].islower() and text[k] not in _PARTICLE_INITIALS):
                return None  # no word, or a lowercase word that is no particle
            word = text[k:j]
            if word not in _PARTICLES:
                break
            j = k - 1
        if len(word) >= 2 and word[0].isupper() and not word.isupper() and (k == 0 or not _is_letter(text[k - 1])):
            return word, k
        return None

    def _word_start(self, j: int) -> int:
        """Start of the run of letters that ends at ``j``."""
        text = self.text
        space = text.rfind(" ", max(0, j - 40), j)
        if space != -1 and text[space + 1 : j].isalpha():
            return space + 1  # the usual case, found in C: a space, then letters only
        k = j
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        return k

    def _word_after(self, end: int) -> str | None:
        """The capitalised word joined after a name (Stephane Dujarric, Staffan de Mistura)."""
        text = self.text
        n = len(text)
        j = end
        for _ in range(2):
            if j >= n - 1 or text[j] not in _NAME_JOINERS:
                return None
            first = text[j + 1]
            if not first.isupper() and first not in _PARTICLE_INITIALS:
                return None  # a lowercase word that is no particle, or no word
            k = j + 1
            while k < n and text[k].isalpha():
                k += 1
            word = text[j + 1 : k]
            if word not in _PARTICLES:
                break
            j = k
        if len(word) >= 2 and word[0].isupper() and not word.isupper() and (k == n or not _is_letter(text[k])):
            return word
        return None

    def _bounded(self, start: int, end: int) -> bool:
        """A whole word of prose: not part of a longer word, a URL, an address or a tag."""
        text = self.text
        if start > 0:
            before = text[start - 1]
            if before != " ":  # the usual case first
                if _is_letter(before) or before in _NOT_PROSE_BEFORE:
                    return False
                if before == "." and start > 1 and not text[start - 2].isspace():
                    return False  # www.Name, a.Name
        if end < len(text):
            after = text[end]
            if after != " ":
                if _is_letter(after):
                    return False
                if after in "./@" and end + 1 < len(text) and _is_letter(text[end + 1]):
                    return False  # Name.org, Name/path
        return True

    def _name_word(self, word: str, start: int) -> bool:
        """Is the word before a name part of the name (Stuart), not a title or a "But"?"""
        if word.casefold() in TITLES:
            return False
        return not (self._sentence_start(start) and _zipf(word) >= COMMON_NEIGHBOUR_ZIPF)

    def _sentence_start(self, start: int) -> bool:
        text = self.text
        i = start - 1
        while i >= 0 and text[i] in _OPENERS:
            i -= 1
        if i < 0 or text[i] == "\n":
            return True
        if text[i] == ".":
            # "Prof. Carlos", "George W. Bush": a title or an initial, not a sentence end
            word = text[max(0, i - 6) : i].rsplit(None, 1)[-1:] or [""]
            return not (word[0].casefold() in _ABBREVIATIONS or (len(word[0]) == 1 and word[0].isupper()))
        return text[i] in _SENTENCE_END

    def _title_case_line(self, offset: int) -> bool:
        """A headline or label line in Title Case says nothing about what is a name."""
        text = self.text
        lo = text.rfind("\n", 0, offset) + 1
        known = self._title_lines.get(lo)
        if known is None:
            hi = text.find("\n", offset)
            if hi == -1:
                hi = len(text)
            words = text[lo:hi].split() if hi - lo < 300 else []
            known = 3 <= len(words) <= 25 and sum(1 for w in words if w[:1].isupper()) / len(words) >= 0.6
            self._title_lines[lo] = known
        return known


def name_index(doc: Document) -> NameIndex:
    """The capitalised words of ``doc`` (kept in ``doc.cache`` for all ``NM`` rules)."""
    cached = doc.cache.get("names:index")
    if cached is None:
        cached = doc.cache["names:index"] = NameIndex(doc.text, _CAPITALISED.findall(doc.text))
    return cached


# --------------------------------------------------------------------------- pairs
@dataclass(frozen=True)
class Pair:
    """A reported spelling and the spelling preferred over it."""

    variant: Candidate
    preferred: Candidate
    #: why ``preferred`` won: "majority", "house style", "more common word", "first used"
    reason: str


def context_relation(variant: Candidate, other: Candidate) -> tuple[str, bool]:
    """(a full-name word both share, whether their full names contradict each other).

    Yariv Levin and Yaniv Cohen contradict: the words beside the two known names differ,
    so they are two people. Beside a word nobody uses the context decides nothing: "Kurt
    Buscch" next to "Kyle Busch", "Unted Nations" next to "United States" are slips
    whatever the words beside them. Stuart Jones and Stuart Jonas share "Stuart".
    """
    shared = ""
    conflict = False
    decisive = variant.zipf >= UNKNOWN_ZIPF
    for mine, theirs in ((variant.left, other.left), (variant.right, other.right)):
        if not mine or not theirs:
            continue
        folded = {w.casefold() for w in theirs}
        common = [w for w in sorted(mine) if w.casefold() in folded]
        if common:
            shared = shared or common[0]
        elif decisive and not any(similar(x.casefold(), y) for x in mine for y in folded):
            conflict = True
    return shared, conflict


def rank(c: Candidate, house: set[str]) -> tuple[int, int, float, int]:
    """Order of preference: house spelling, then count, then wordfreq, then first use."""
    return (c.spelling in house, c.count, c.zipf, -c.starts[0])


def choose(a: Candidate, b: Candidate, house: set[str]) -> tuple[Candidate, Candidate, str]:
    """(preferred, variant, reason) for two spellings of one name."""
    preferred, variant = (a, b) if rank(a, house) > rank(b, house) else (b, a)
    if preferred.spelling in house and variant.spelling not in house:
        reason = "house style"
    elif preferred.count > variant.count:
        reason = "majority"
    elif preferred.zipf > variant.zipf:
        reason = "more common word"
    else:
        reason = "first used"
    return preferred, variant, reason


def reportable(variant: float, preferred: float, shared: str, conflict: bool, *, batch: bool = False) -> bool:
    """May a spelling be reported as a variant of another (their wordfreq zipf given)?

    An unknown word may (misspellings are rarely words). So may a rare known word in one
    article (Galant/Gallant, Generall/General), but across a batch only next to a spelling
    that is not a common word (a rare Ryman in one article is not a slip of the Ryan of
    another). A more common word only when both share a full-name word (Stuart Jonas /
    Stuart Jones, Jonah Hell / Jonah Hill). Never when their full names contradict each other.
    """
    if conflict:
        return False
    if variant < UNKNOWN_ZIPF:
        return True
    if variant < RARE_ZIPF and (not batch or preferred < COMMON_ZIPF):
        return True
    return bool(shared) and variant < (SUPPORTED_ZIPF if batch else CONTEXT_ZIPF)


def article_pairs(index: NameIndex, vocab: Vocabulary,
                  language: Callable[[list[Pair]], str] | None = None) -> list[Pair]:
    """Spellings of one name written two ways in one article, in order of first use.

    Words are judged common or rare in English first. When a pair is found in an article
    that does not read as English, ``language`` (the language the pairs are written in,
    detected only then) is asked and the pairs are worked out again with that language's
    word list, so a common word of that language is not taken for a rare name.
    """
    pairs = _pairs(index, vocab)
    if pairs and language is not None and index.lang == "en" and not _reads_english(index.text):
        lang = language(pairs)
        if lang not in ("en", "unknown"):
            index.set_language(lang)
            pairs = _pairs(index, vocab)
    return pairs


def _reads_english(text: str) -> bool:
    """English prose has a "the" or an "and" every few hundred characters."""
    hits = 0
    for word in (" the ", " and ", " of "):  # "the" alone settles most English articles
        hits += text.count(word)
        if hits * 300 >= len(text):
            return True
    return False


def _pairs(index: NameIndex, vocab: Vocabulary) -> list[Pair]:
    best: dict[str, Pair] = {}
    house = set(vocab.house.values())
    zipf = index.zipf
    todo = [(q, p) for q, p in _similar_words(index)  # two common words: neither is a variant
            if min(zipf(q), zipf(p)) < CONTEXT_ZIPF and not vocab.silenced(q.casefold(), p.casefold())]
    index.prepare({w for pair in todo for w in pair})
    for qs, ps in todo:
        pair = _judge(index.candidate(qs), index.candidate(ps), house)
        if pair is None:
            continue
        old = best.get(pair.variant.spelling)
        if old is None or rank(pair.preferred, house) > rank(old.preferred, house):
            best[pair.variant.spelling] = pair
    return sorted(best.values(), key=lambda p: p.variant.starts[0])


def _judge(a: Candidate, b: Candidate, house: set[str]) -> Pair | None:
    """The pair to report for two similar spellings of one article, if any.

    Both must be used as a name: capitalised, never in lowercase, and (for a word common
    enough to start sentences) capitalised inside a sentence, or in the same full name as
    the other spelling. A known word is reported as a variant only as the minority spelling
    in the same full name as the other (Jonah Hell / Jonah Hill), and not when it is the
    other spelling with a letter added or its other ending (Moderna/Modern, Paula/Paul,
    Maria/Mario). Cheap tests first:
    the full names of a spelling used often are read last.
    """
    if a.lowercase or b.lowercase or not (a.starts and b.starts):
        return None
    preferred, variant, reason = choose(a, b, house)
    z = variant.zipf
    if z >= UNKNOWN_ZIPF and _other_form(variant.spelling, preferred.spelling):
        return None
    if z >= RARE_ZIPF and (variant.count >= preferred.count or z >= CONTEXT_ZIPF
                           or not (variant.left or variant.right)):
        return None  # a known word needs a majority and a full name to share
    if z < UNKNOWN_ZIPF and (a.is_name and b.is_name or a.mid_sentence or b.mid_sentence):
        return _named_apart(variant, preferred, reason)  # shared or contradicting names do not matter
    shared, conflict = context_relation(variant, preferred)
    if not (shared or z >= RARE_ZIPF or a.is_name and b.is_name or a.mid_sentence or b.mid_sentence):
        return None  # one use inside a sentence, or one full name, makes both spellings a name
    if not reportable(z, preferred.zipf, shared, conflict):
        return None
    if z >= SUPPORTED_ZIPF and not _own_full_name(variant, preferred):
        return None
    return _named_apart(variant, preferred, reason)


def _named_apart(variant: Candidate, preferred: Candidate, reason: str) -> Pair | None:
    """The pair, unless the two spellings stand side by side on purpose."""
    return None if _side_by_side(variant, preferred) else Pair(variant, preferred, reason)


#: what joins two spellings a writer names side by side on purpose (Java and Jawa, Kyiv (Kiev))
_SIDE_BY_SIDE = (" and ", " or ", " (", "/", " / ", ", or ")


def _side_by_side(variant: Candidate, preferred: Candidate) -> bool:
    """Are the two spellings named together ("Java and Jawa", "Kyiv (Kiev)"): two names, or
    one name's two forms given on purpose, not a slip? Read around the variant's uses."""
    index = variant._index
    if index is None:
        return False
    text, a, b = index.text, variant.spelling, preferred.spelling
    reach = len(b) + max(map(len, _SIDE_BY_SIDE))
    pairs = [x + joint + y for x, y in ((a, b), (b, a)) for joint in _SIDE_BY_SIDE]
    for start in variant.starts:
        around = text[max(0, start - reach) : start + len(a) + reach]
        if any(pair in around for pair in pairs):
            return True
    return False


def _own_full_name(variant: Candidate, preferred: Candidate) -> bool:
    """Does the variant stand in a full name that is the preferred spelling's own: a name
    word it shares with it that stands beside no other name (Jonah Hell, where every other
    Jonah is Jonah Hill)?"""
    index = variant._index
    if index is None:
        return False
    pair = {variant.spelling, preferred.spelling}
    for mine, theirs, side in ((variant.left, preferred.left, "right"), (variant.right, preferred.right, "left")):
        for word in mine & theirs:
            beside = index.candidate(word)
            if not beside.lowercase and getattr(beside, side) <= pair:
                return True
    return False


#: final letters that make the other form of one name (Mario/Maria, Daniele/Daniela)
_FORM_ENDINGS = frozenset({frozenset("ao"), frozenset("ae")})


def _other_form(variant: str, preferred: str) -> bool:
    """Is ``variant`` the preferred spelling with one more letter at its end (not its last
    letter doubled), or with the other ending of a name's two forms: a known word so made
    is another word or another person's name (Moderna, Paula, Maria next to Mario)?"""
    if len(variant) == len(preferred) + 1:
        return variant.startswith(preferred) and variant[-1] != preferred[-1]
    return (len(variant) == len(preferred) and variant[:-1] == preferred[:-1]
            and frozenset((variant[-1], preferred[-1])) in _FORM_ENDINGS)


def _similar_words(index: NameIndex) -> list[tuple[str, str]]:
    """Pairs of similar capitalised words of the article, neither a function word in its
    language. The graph links similar words as it learns them; an article without a
    pair costs it one look-up of each of its words and a set test, in C."""
    if not index.may_pair:
        return []
    words, links = index.linked, word_graph().links
    out = [(q, p) for q in words for p in links[q] if q < p and p in words]
    if index.lang != "en":  # the links leave out English function words only
        zipf = index.zipf
        out = [(q, p) for q, p in out if max(zipf(q), zipf(p)) < FUNCTION_ZIPF]
    return sorted(out)


# --------------------------------------------------------------------------- vocabulary
@dataclass(frozen=True)
class Vocabulary:
    """What a newsroom declared: accepted names, known distinct pairs, house spellings.

    ``prefer`` maps a house spelling to its variants, ``{"Saydnaya" = ["Sednaya"]}``, or
    lists groups with the house spelling first, ``[["Saydnaya", "Sednaya"]]``. ``accept``
    entries are a name (never reported as a variant of anything), a pair written
    ``"Jones/Jonas"`` or a list ``["Jones", "Jonas"]`` (those names are distinct). The
    ``accepted-names`` lexicon of a rule pack adds entries of the same form, and the
    ``name-spellings`` lexicon (phrases with a ``prefer`` key) adds house spellings.
    """

    accepted: frozenset[str] = frozenset()
    distinct: frozenset[tuple[str, str]] = frozenset()
    #: declared variant -> house spelling, exact case
    house: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, accept: Iterable[Any] = (), prefer: Any = None,
              lexicons: dict[str, list[dict[str, Any]]] | None = None) -> Vocabulary:
        accepted: set[str] = set()
        distinct: set[tuple[str, str]] = set()
        entries = list(accept) + [e["phrase"] for e in (lexicons or {}).get("accepted-names", [])]
        for entry in entries:
            raw = [str(n) for n in entry] if isinstance(entry, (list, tuple)) else str(entry).split("/")
            names = [n.strip().casefold() for n in raw if n.strip()]
            if len(names) == 1:
                accepted.add(names[0])
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    distinct.add((min(a, b), max(a, b)))
        house: dict[str, str] = {}
        for entry in (lexicons or {}).get("name-spellings", []):
            if isinstance(entry.get("prefer"), str):
                house[entry["phrase"]] = entry["prefer"]
        for preferred, variants in _groups(prefer):
            for variant in variants:
                house[variant] = preferred
        house = {v: p for v, p in house.items() if v != p}
        return cls(frozenset(accepted), frozenset(distinct), house)

    def silenced(self, a: str, b: str) -> bool:
        """Is the casefolded pair accepted, declared distinct, or a declared house variant
        (which the house-spelling rule reports instead)?"""
        if a in self.accepted or b in self.accepted or (min(a, b), max(a, b)) in self.distinct:
            return True
        variants = self._house_variants
        return a in variants or b in variants

    @cached_property
    def _house_variants(self) -> frozenset[str]:
        return frozenset(v.casefold() for v in self.house)


def _groups(prefer: Any) -> list[tuple[str, list[str]]]:
    """(house spelling, variants) from either form of the ``prefer`` option."""
    if not prefer:
        return []
    if isinstance(prefer, dict):
        items = [(k, v) for k, v in prefer.items()]
    elif isinstance(prefer, (list, tuple)) and all(isinstance(g, (list, tuple)) and len(g) >= 2 for g in prefer):
        items = [(g[0], list(g[1:])) for g in prefer]
    else:
        raise ConfigError('prefer must map a house spelling to its variants, {"Saydnaya" = ["Sednaya"]}, '
                          'or list groups with the house spelling first, [["Saydnaya", "Sednaya"]]')
    out = []
    for preferred, variants in items:
        variants = [variants] if isinstance(variants, str) else list(variants)
        if not isinstance(preferred, str) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise ConfigError(f"prefer: {preferred!r} = {variants!r}: spellings must be non-empty strings")
        out.append((preferred, variants))
    return out
