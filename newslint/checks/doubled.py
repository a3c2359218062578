"""Doubled characters, words, names and paragraphs (``DB``): drop caps, hover cards, re-runs."""

from __future__ import annotations

import re
from typing import Iterator

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.packs import delete_line_edit
from newslint.rule import Rule
from newslint.words import zipf

__all__ = ["word_language"]

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"


def word_language(doc: Document) -> str:
    """The document's language if wordfreq has a word list for it, else English."""
    from newslint.words import _freqs

    lang = doc.language
    return lang if lang != "unknown" and _freqs(lang) else "en"


def _lexicon(rule: Rule, name: str) -> dict[str, set[str]]:
    """A lexicon's phrases by language (entries without ``lang`` are English)."""
    out: dict[str, set[str]] = {}
    for entry in rule.lexicons.get(name, []):
        out.setdefault(entry.get("lang", "en"), set()).add(entry["phrase"].casefold())
    return out


# --------------------------------------------------------------------------- DB001
_DOUBLED_INITIAL = re.compile(rf"(?<![\w'’-])([{_UPPER}])\1([{_LOWER}]+)\b")
#: "AA new study" at a paragraph start: a doubled one-letter word (English "A", "I")
_DOUBLED_LETTER_WORD = re.compile(r"([AI])\1(?= [a-z])")


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

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        lang = None
        for m in _DOUBLED_INITIAL.finditer(text):
            lang = lang or word_language(doc)
            doubled, corrected = m[0], m[0][1:]
            z_corrected, z_doubled = zipf(corrected, lang), zipf(doubled, lang)
            if z_corrected < self.config["min-zipf"] or z_corrected - z_doubled < self.config["min-gain"]:
                continue
            yield self.finding(m.start(), m.end(), f"doubled initial in {doubled!r} (did you mean {corrected!r}?)",
                               fix=Fix.safe(Edit.delete(m.start(), m.start() + 1), title=f"Write {corrected!r}"),
                               data={"corrected": corrected})
        for line in doc.paragraphs:
            lead = len(line.text) - len(line.text.lstrip())
            m = _DOUBLED_LETTER_WORD.match(line.text, lead)
            if m is None or re.search(rf"\b{m[0]}\b", text[line.start + m.end():]) or \
                    re.search(rf"\b{m[0]}\b", text[:line.start]):
                continue
            a = line.start + m.start()
            yield self.finding(a, a + 2, f"doubled initial {m[0]!r} at a paragraph start (did you mean {m[1]!r}?)",
                               fix=Fix.unsafe(Edit.delete(a, a + 1), title=f"Write {m[1]!r}"),
                               data={"corrected": m[1]})


# --------------------------------------------------------------------------- DB002
_DOUBLED_WORD = re.compile(r"(?<![\w'’-])([^\W\d_]+)([ \t]+)\1(?![\w'’-])", re.IGNORECASE)
#: English words that are never names, so "The the" at a sentence start is a doubling
_FUNCTION_WORDS = frozenset(
    "the a an of to in on at for and but or nor with from by as is are was were be been this "
    "these those it its he she they we our their his her i you your my not no".split()
)


class DoubledWord(Rule):
    """The same word twice in a row ("the the"), except where that is grammatical.

    ## What it does
    Flags a word repeated with only spaces between. The legitimate doublings of the
    article's language are exceptions ("had had", "that that", "bye bye"; German "die die",
    French "nous nous"): lexicon `doubled-word-ok` in `rules/characters.toml`, extensible
    from any pack. A capitalised word followed by the same word in lower case ("Will will")
    is flagged only for English function words ("The the"), since it is usually a name.

    ## Why is this bad?
    A typo or an extraction glitch (a link or a line break removed between two copies).

    ## Example
    `The clock is ticking on on a government shutdown.`

    Use instead: `The clock is ticking on a government shutdown.`

    ## Fix
    Deletes the second copy. Safe, except for English particles that can meet a
    preposition of the same form ("log in in the morning", lexicon `doubled-word-unsure`)
    and for languages without an exception list, where it is unsafe.
    """

    code = "DB002"
    name = "doubled-word"
    family = "doubled"
    fixable = "sometimes"

    def setup(self) -> None:
        self.ok = _lexicon(self, "doubled-word-ok")
        self.unsure = _lexicon(self, "doubled-word-unsure")

    def check(self, doc: Document) -> Iterator[Finding]:
        lang = None
        for m in _DOUBLED_WORD.finditer(doc.text):
            first, second = m[1], doc.text[m.end(2):m.end()]
            word = first.casefold()
            if len(word) == 1 and word not in "a":
                continue
            lang = lang or doc.language
            if word in self.ok.get(lang, ()) or word in self.ok.get("en", ()):
                continue
            if not self._case_says_doubling(first, second, lang):
                continue
            safe = lang in self.ok and word not in self.unsure.get(lang, ())
            edit = Edit.delete(m.end(1), m.end())
            fix = (Fix.safe if safe else Fix.unsafe)(edit, title=f"Delete the second {first!r}")
            yield self.finding(m.start(), m.end(), f"doubled word {m[0]!r}", fix=fix)

    @staticmethod
    def _case_says_doubling(first: str, second: str, lang: str) -> bool:
        if first == second and (first.islower() or first.isupper()):
            return True
        # "The the", "The The": only function words, which are never names
        return lang == "en" and first.casefold() in _FUNCTION_WORDS


# --------------------------------------------------------------------------- DB003
#: a unit of 1-8 tokens repeated back to back (the unit's length is checked after)
_REPEATED_UNIT = re.compile(r"(?<!\S)(\S+(?:[ \t]\S+){0,7}?)(?:[ \t]+\1)+(?!\S)")
_CHAR_RUN = re.compile(r"([^\w\s.\-=_*~#—–/\\|])\1{4,}")


class RepeatedRun(Rule):
    """A word or phrase repeated back to back ("Loading Loading Loading").

    ## What it does
    Flags a word or a two-word phrase repeated three or more times in a row, a phrase of
    three to eight words repeated twice or more, and runs of five or more of the same
    symbol ("?????", where characters were lost in a lossy encoding). Exclamations and
    chants ("Lock her up! Lock her up!") and the words of `doubled-word-ok` ("ha ha ha")
    are left alone; numbers are ignored.

    ## Why is this bad?
    Widgets, lazy-loading placeholders and repeated captions are extracted once per
    occurrence on the page and pile up in the text.

    ## Example
    `Loading Loading Loading The talks resumed on Monday.`

    ## Fix
    Unsafe: keeps one copy of the phrase (it may be residue that should go altogether).
    Symbol runs are reported only.
    """

    code = "DB003"
    name = "repeated-run"
    family = "doubled"
    fixable = "unsafe"

    def setup(self) -> None:
        self.ok = set().union(*_lexicon(self, "doubled-word-ok").values()) if self.lexicons else set()

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in _REPEATED_UNIT.finditer(text):
            unit = m[1]
            words = len(unit.split())
            copies = 1 + text.count(unit, m.end(1), m.end())
            if (words <= 2 and copies < 3) or not any(c.isalpha() for c in unit):
                continue
            if unit[-1] in "!?" or unit.casefold() in self.ok:
                continue
            fix = Fix.unsafe(Edit.delete(m.end(1), m.end()), title="Keep one copy")
            yield self.finding(m.start(), m.end(), f"{unit[:40]!r} repeated {copies} times in a row", fix=fix)
        if re.search(r"([^\w\s])\1\1\1\1", text):
            for m in _CHAR_RUN.finditer(text):
                yield self.finding(m.start(), m.end(), f"run of {m.end() - m.start()} {m[1]!r}")


# --------------------------------------------------------------------------- DB004
_CASE_JOIN = re.compile(rf"[{_LOWER}][{_UPPER}]")
_WORD_START = re.compile(rf"(?<![\w'’.-])[{_UPPER}]")


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

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in _CASE_JOIN.finditer(text):
            p = m.start() + 1
            left = max(0, p - 80, text.rfind("\n", 0, p) + 1)
            for s in _WORD_START.finditer(text, left, p):
                q = s.start()
                unit = text[q:p]
                end = p + len(unit)
                if sum(c.isalpha() for c in unit) < 4 or not text.startswith(unit, p):
                    continue
                if end < len(text) and text[end].isalnum():
                    continue
                yield self.finding(q, end, f"{unit!r} doubled (a hover card or link text extracted twice)",
                                   fix=Fix.safe(Edit.delete(p, end), title="Delete the copy"))
                break


# --------------------------------------------------------------------------- DB005
_SPACES = re.compile(r"\s+")


class DuplicateParagraph(Rule):
    """A paragraph repeated verbatim later in the same article.

    ## What it does
    Flags a paragraph of at least `min-words` words whose text (spacing aside) already
    appeared earlier in the article.

    ## Why is this bad?
    Some extractors output the body, or a block of it, twice; a pull quote may be kept
    next to the paragraph it quotes.

    ## Example
    ```
    The meetings are the sixth round of talks brokered by the UN envoy.
    ...
    The meetings are the sixth round of talks brokered by the UN envoy.
    ```

    ## Fix
    Unsafe: deletes the later copy (an intentional repetition is possible).
    """

    code = "DB005"
    name = "duplicate-paragraph"
    family = "doubled"
    fixable = "unsafe"
    options = {"min-words": 8}

    def check(self, doc: Document) -> Iterator[Finding]:
        seen: dict[str, int] = {}
        min_words = self.config["min-words"]
        for line in doc.paragraphs:
            key = _SPACES.sub(" ", line.text.strip())
            if key.count(" ") + 1 < min_words:
                continue
            if key in seen:
                start = line.start + len(line.text) - len(line.text.lstrip())
                end = line.start + len(line.text.rstrip())
                yield self.finding(start, end, f"paragraph repeats line {seen[key]} verbatim",
                                   fix=Fix.unsafe(delete_line_edit(doc, start), title="Delete the repeat"),
                                   data={"first": seen[key]})
            else:
                seen[key] = line.number


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [DoubledInitial, DoubledWord, RepeatedRun, HoverCardDuplicate, DuplicateParagraph]
